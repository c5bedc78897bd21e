// The Node runtime's programmatic API: watch the program's files and patch this process.
//
// A save goes through one file per step, each depending only on the steps below it:
//   watcher.ts   1. file-system events -> a change (complete versions of the files of one save)
//   pipeline.ts     runs a change through steps 2-4, then hands the events to 5
//   analyse.ts   2. reads a version and decides the rule: body patch, re-evaluation, or a syntax error
//   evaluate.ts  3. runs the new code in open registry transactions (rolled back if it throws)
//   commit.ts    4. commits them together and says what did not take effect
//   report.ts    5. one line per event for people, or JSON for tools
// Beside them: modules.ts (which built file each loaded module came from, its evaluator, the hot API),
// instrument.ts (files no plugin instrumented, instrumented as they load), patch-code.ts (the code a
// body patch evaluates), startup.ts (which functions ran only while the program started: their changes need
// a restart), supervisor.ts (the CLI's parent process, which restarts the program), errors.ts and
// source-map.ts (messages with source file:line).
import path from 'node:path';
import { registerHooks } from './esm';
import type { ApplyEvent, TimedEvent } from './events';
import { instrumentCommonJS } from './instrument';
import { loadedModule, trackModules } from './modules';
import { recordStartup } from './startup';
import type { PipelineOptions, RestartPolicy } from './pipeline';
import { formatChange, formatEvent, jsonEvent } from './report';
import { BuildWatcher, type Change } from './watcher';

export { hot, trackModules, type Hot } from './modules';

export type { ApplyEvent, PatchEvent, ErrorEvent, DeletedEvent, PatchRule, ReadyEvent, TimedEvent } from './events';

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
  /** Quiet time that ends a burst of file events (the files one build writes apply together). Default: 50 ms. */
  quietMs?: number;
  /** The program's entry file: a change that reaches it restarts the program (`requestRestart`). */
  entry?: string;
  /** What a change that reaches the entry does: restart (`auto`, the default), always restart, or `never` (refused). */
  restart?: RestartPolicy;
  /** Asks whoever runs the program for a restart (the CLI's supervisor); absent when nothing can restart it. */
  requestRestart?: (reason: string) => void;
  /** Set in a program the supervisor restarted: why, and when it was asked (ms since the epoch). */
  restarted?: { reason: string; at: number };
}

/**
 * Applies new versions of loaded files as one change, without a watcher: what a save does, for tools and
 * tests. Call `trackModules()` before the modules load.
 */
export function applyVersions(...args: Parameters<typeof import('./pipeline').applyVersions>): ReturnType<typeof import('./pipeline').applyVersions> {
  return (require('./pipeline') as typeof import('./pipeline')).applyVersions(...args);
}

export interface RunningPatcher {
  close(): Promise<void>;
}

/**
 * Tracks every instrumented module evaluated from now on and patches it when its built file changes.
 * Call it before the program's modules load (the `register` entry point and the CLI do).
 */
export async function startPatcher(options: PatcherOptions = {}): Promise<RunningPatcher> {
  process.setSourceMapsEnabled(true);
  const cwd = options.cwd ?? process.cwd();
  const stream = options.stream ?? process.stderr;
  const color = options.output !== 'json' && (stream.hasColors?.() ?? false);
  const instrument = options.instrument ?? true;
  const emit = (event: TimedEvent): void => {
    options.onEvent?.(event);
    if (options.quiet && (event.type === 'ready' || (event.type === 'patch' && event.warnings.length === 0))) return;
    if (options.output === 'json') stream.write(`${jsonEvent(event, cwd)}\n`);
    else if (options.output !== 'none') stream.write(`${formatEvent(event, cwd, color).join('\n')}\n`);
  };
  /** One change: one JSON object per event, or its lines for people. */
  const report = (events: ApplyEvent[], ms: number | undefined): void => {
    for (const event of events) options.onEvent?.({ ...event, ms });
    if (options.output === 'json') {
      for (const event of events) stream.write(`${jsonEvent({ ...event, ms }, cwd)}\n`);
      return;
    }
    const shown = options.quiet ? events.filter((event) => event.type !== 'patch' || event.warnings.length > 0) : events;
    if (options.output !== 'none' && shown.length > 0) stream.write(`${formatChange(shown, ms, cwd, color).join('\n')}\n`);
  };

  const roots = (options.watch ?? [cwd]).map((root) => path.resolve(cwd, root));
  if (instrument) instrumentCommonJS(roots, cwd);
  trackModules(roots);
  recordStartup();
  registerHooks({ roots, root: cwd, instrument });
  // What applies a change is loaded with the first change (a parser, the compiler of patches): not at start-up.
  let pipeline: ((change: Change) => Promise<void>) | undefined;
  const settings: PipelineOptions = {
    cwd,
    instrumentBuilt: instrument,
    entry: options.entry,
    restart: options.restart ?? 'auto',
    requestRestart: options.requestRestart,
    report,
    retry: (file, at) => watcher.retry(file, at),
  };
  const watcher: BuildWatcher = new BuildWatcher({ roots, quietMs: options.quietMs }, async (change) => {
    try {
      pipeline ??= (require('./pipeline') as typeof import('./pipeline')).createPipeline(settings);
      await pipeline(change);
    } catch (error) {
      // A bug of ours must not take the program down: say so, and keep watching.
      const file = change.changed[0]?.file ?? change.deleted[0] ?? cwd;
      emit({ type: 'error', file, message: `internal error of the runtime: ${(error as Error).stack ?? String(error)}` });
    }
  });
  await watcher.start();
  watcher.recheck((file) => loadedModule(file)?.text);
  emit({ type: 'ready', roots, restarted: options.restarted && { reason: options.restarted.reason, ms: Date.now() - options.restarted.at } });
  return { close: () => watcher.close() };
}
