// The Node runtime's programmatic API: watch build output and patch this process.
import path from 'node:path';
import { trackModules } from './modules';
import { Patcher, type ApplyEvent } from './patcher';
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
  const patcher = new Patcher(cwd);
  /** Texts that did not parse once: a second identical read is a real syntax error, not a write in progress. */
  const unparsed = new Map<string, string>();

  const emit = (event: TimedEvent): void => {
    options.onEvent?.(event);
    if (options.quiet && (event.type === 'ready' || (event.type === 'patch' && event.warnings.length === 0))) return;
    if (options.output === 'json') stream.write(`${jsonEvent(event, cwd)}\n`);
    else if (options.output !== 'none') stream.write(`${formatEvent(event, cwd, color).join('\n')}\n`);
  };

  const roots = (options.watch ?? [cwd]).map((root) => path.resolve(cwd, root));
  const watcher: BuildWatcher = new BuildWatcher(
    { roots, quietMs: options.quietMs },
    async (change: Change) => {
      const ready: { file: string; text: string; at: number }[] = [];
      for (const version of change.changed) {
        if (!patcher.tracks(version.file)) continue;
        const prepared = patcher.prepare(version.file, version.text);
        const syntax = prepared.kind === 'error' && prepared.event.message.startsWith('SyntaxError');
        if (syntax && unparsed.get(version.file) !== version.text) {
          unparsed.set(version.file, version.text);
          watcher.retry(version.file, version.at);
          continue;
        }
        unparsed.delete(version.file);
        ready.push(version);
      }
      const started = new Map(ready.map(({ file, at }) => [file, at]));
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
    },
  );
  await watcher.start();
  emit({ type: 'ready', roots });
  return { close: () => watcher.close() };
}
