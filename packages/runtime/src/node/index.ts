// The Node runtime's programmatic API: watch build output and patch this process.
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { instrumentCommonJS } from './instrument';
import { trackModules } from './modules';
import { Patcher, type ApplyEvent, type Prepared } from './patcher';
import { formatEvent, jsonEvent, type TimedEvent } from './report';
import { BuildWatcher, type Change } from './watcher';

export { hot, type Hot } from './modules';
export type { ApplyEvent, PatchEvent, ErrorEvent, DeletedEvent, PatchRule } from './patcher';
export type { ReadyEvent, TimedEvent } from './report';

export interface PatcherOptions {
  /** Directories (or files) holding the built, instrumented JavaScript. Default: the working directory. */
  watch?: string[];
  /** Paths in messages are relative to it. Default: `process.cwd()`. */
  cwd?: string;
  /** Where lines go: 'text' (default), 'json' (one object per line), or 'none'. */
  output?: 'text' | 'json' | 'none';
  /** Report only what went wrong or did not take effect. */
  quiet?: boolean;
  /** Default: process.stderr. */
  stream?: NodeJS.WritableStream & { hasColors?: () => boolean };
  /** Called after each applied patch, failed patch or deleted file. */
  onEvent?: (event: TimedEvent) => void;
  /**
   * Instrument built files under the watched directories that no plugin has instrumented (the output
   * of tsc, esbuild, ...) as they load, with @babel/core and @mighty-patcher/babel-plugin. Default: true.
   */
  instrument?: boolean;
  /** Quiet time that ends a burst of file events. Default: 5 ms. */
  quietMs?: number;
}

export interface RunningPatcher {
  close(): Promise<void>;
}

/**
 * Tracks every instrumented module evaluated from now on and patches it when its built file changes.
 * Call it before the program's modules load (the `register` entry point and the CLI do).
 */
export async function startPatcher(options: PatcherOptions = {}): Promise<RunningPatcher> {
  trackModules();
  process.setSourceMapsEnabled(true);
  const cwd = options.cwd ?? process.cwd();
  const stream = options.stream ?? process.stderr;
  const color = options.output !== 'json' && (stream.hasColors?.() ?? false);
  const instrument = options.instrument ?? true;
  const patcher = new Patcher(cwd, instrument);
  /** Texts that did not parse once: a second identical read is a real syntax error, not a write in progress. */
  const unparsed = new Map<string, string>();

  const emit = (event: TimedEvent): void => {
    options.onEvent?.(event);
    if (options.quiet && (event.type === 'ready' || (event.type === 'patch' && event.warnings.length === 0))) return;
    if (options.output === 'json') stream.write(`${jsonEvent(event, cwd)}\n`);
    else if (options.output !== 'none') stream.write(`${formatEvent(event, cwd, color).join('\n')}\n`);
  };

  const roots = (options.watch ?? [cwd]).map((root) => path.resolve(cwd, root));
  if (instrument) {
    instrumentCommonJS(roots, cwd);
    Module.register(pathToFileURL(path.join(__dirname, 'loader-hooks.mjs')).href, { data: { roots, root: cwd } });
  }
  const watcher: BuildWatcher = new BuildWatcher(
    { roots, quietMs: options.quietMs },
    async (change: Change) => {
      try {
        await applyChange(change);
      } catch (error) {
        // A bug of ours must not take the program down: say so, and keep watching.
        const file = change.changed[0]?.file ?? change.deleted[0] ?? cwd;
        emit({ type: 'error', file, message: `internal error of the runtime: ${(error as Error).stack ?? String(error)}` });
      }
    },
  );
  const applyChange = async (change: Change): Promise<void> => {
    const ready: Prepared[] = [];
    const started = new Map<string, number>();
    for (const { file, text, at } of change.changed) {
      if (!patcher.tracks(file)) continue;
      const prepared = patcher.prepare(file, text);
      if (prepared.kind === 'error' && prepared.event.message.startsWith('SyntaxError') && unparsed.get(file) !== text) {
        unparsed.set(file, text);
        watcher.retry(file, at);
        continue;
      }
      unparsed.delete(file);
      ready.push(prepared);
      started.set(file, at);
    }
    const events: ApplyEvent[] = await patcher.apply(ready);
    for (const file of change.deleted) {
      const event = patcher.deleted(file);
      if (event) events.push(event);
    }
    const now = performance.now();
    for (const event of events) {
      const at = started.get(event.file);
      emit(at === undefined ? event : { ...event, ms: now - at });
    }
  };
  await watcher.start();
  emit({ type: 'ready', roots });
  return { close: () => watcher.close() };
}
