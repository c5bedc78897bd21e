// The Node runtime's programmatic API: watch the program's files and patch this process.
//
// A save goes through one file per step, each depending only on the steps below it:
//   watcher.ts   1. file-system events -> a change (complete versions of the files of one save)
//   pipeline.ts     runs a change through steps 2-4, then hands the events to 5
//   analyse.ts   2. reads a version and decides the rule: body patch, re-evaluation, or a syntax error
//   evaluate.ts  3. runs the new code in open registry transactions (rolled back if it throws)
//   commit.ts    4. commits them together and says what did not take effect
//   report.ts    5. one line per event for people, or JSON for tools
// Beside them: modules.ts (which file each loaded module came from, its evaluator, the hot API),
// instrument.ts (TypeScript and JSX sources compiled, and files no plugin instrumented instrumented, as they
// load: compile.ts, with its on-disk cache, cache.ts), project.ts (tsconfig.json, package.json "type"),
// resolve.ts (`.js` specifiers naming `.ts` files, `paths` aliases), threads.ts and thread.ts (worker threads
// and cluster workers), patch-code.ts (the code a body patch evaluates), startup.ts (which functions ran only
// while the program started: their changes need a restart), supervisor.ts (the CLI's parent process, which
// restarts the program), errors.ts and source-map.ts (messages with source file:line).
import cluster from 'node:cluster';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';
import { onExit } from 'signal-exit';
import { registerHooks, registerHooksOnDemand } from './esm';
import type { ApplyEvent, ErrorEvent, TimedEvent } from './events';
import { compileCommonJS } from './instrument';
import { resolveSourcesInCommonJS } from './resolve';
import { firstTracked, loadedFiles, loadedModule, loadedOutside, trackModules, whenLoaded, whenLoadedOutside } from './modules';
import { jsonSyntaxError } from './errors';
import { readText, setEntry } from './files';
import { announceTypeScript } from './loaders';
import { loadedAsModule, onDataHeld, readAtStart, recordReads, writtenByProgram } from './reads';
import { formatOf } from './project';
import type { ThreadSettings } from './threads';
import { trackEffects } from './effects';
import { hasStarted, onStarted, recordStartup } from './startup';
import { cacheDir } from './cache';
import type { PipelineOptions, RestartPolicy } from './pipeline';
import { formatChange, formatEvent, heldBackRestart, jsonEvent, mentions } from './report';
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
   * of tsc, esbuild, ...) as they load, with @swc/core and @mighty-patcher/swc-plugin. Default: true.
   */
  instrument?: boolean;
  /** Quiet time that ends a burst of file events (the files one build writes apply together). Default: 50 ms. */
  quietMs?: number;
  /** The program's entry file: a change that reaches it restarts the program (`requestRestart`). */
  entry?: string;
  /** What a change that reaches the entry does: restart (`auto`, the default), always restart, or `never` (refused). */
  restart?: RestartPolicy;
  /** Asks whoever runs the program for a restart (the CLI's supervisor); absent when nothing can restart it. */
  requestRestart?: (reason: string, since?: number) => void;
  /**
   * Tells whoever restarts the program (the CLI's supervisor) of a file besides its scripts whose save must start
   * it again once it has died: its configs, and the data files and JSON modules it holds.
   */
  startAgainOn?: (file: string) => void;
  /** Tells whoever restarts the program that it has started (its first server listens, or it has gone quiet). */
  startedUp?: () => void;
  /** Tells whoever restarts the program which files a change it applied read, and when (ms since the epoch). */
  readForChange?: (files: string[], at: number) => void;
  /**
   * Set in a program the supervisor restarted: why, when it was asked, and when the files of the change that
   * asked were read (ms since the epoch).
   */
  restarted?: { reason: string; at: number; since?: number };
  /** Files that change how the program runs but are not code (tsconfig.json, env files): a change restarts it. */
  configs?: string[];
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
 * Tracks every module of the program evaluated from now on and patches it when its file changes. Call it before
 * the program's modules load (the `register` entry point and the CLI do). Once per thread: a later call
 * returns the running patcher.
 */
export function startPatcher(options: PatcherOptions = {}): Promise<RunningPatcher> {
  running ??= start(options);
  return running;
}

let running: Promise<RunningPatcher> | undefined;

/** Starts the runtime in a worker thread or cluster worker of the program (thread.js), with its first process's settings. */
export function startThread(settings: ThreadSettings): Promise<RunningPatcher> {
  running ??= start({
    watch: settings.roots,
    cwd: settings.cwd,
    instrument: settings.instrument,
    output: settings.output,
    quiet: settings.quiet,
    restart: settings.restart,
    thread: settings,
  });
  return running;
}

async function start(options: PatcherOptions & { thread?: ThreadSettings }): Promise<RunningPatcher> {
  cacheCompiledCode();
  const cwd = options.cwd ?? process.cwd();
  const stream = options.stream ?? process.stderr;
  const color = options.output !== 'json' && (stream.hasColors?.() ?? false);
  const instrument = options.instrument ?? true;
  const label = options.thread ? workerLabel() : undefined;
  const emit = (event: TimedEvent): void => {
    options.onEvent?.(event);
    if (options.quiet && (event.type === 'ready' || (event.type === 'patch' && event.warnings.length === 0))) return;
    if (options.output === 'json') stream.write(`${jsonEvent(event, cwd, label)}\n`);
    else if (options.output !== 'none') stream.write(`${formatEvent(event, cwd, color, label).join('\n')}\n`);
  };
  /** One change: one JSON object per event, or its lines for people. */
  const report = (events: ApplyEvent[], ms: number | undefined): void => {
    for (const event of events) options.onEvent?.({ ...event, ms });
    if (options.output === 'json') {
      for (const event of events) stream.write(`${jsonEvent({ ...event, ms }, cwd, label)}\n`);
      return;
    }
    const shown = options.quiet ? events.filter((event) => event.type !== 'patch' || event.warnings.length > 0) : events;
    if (options.output !== 'none' && shown.length > 0) stream.write(`${formatChange(shown, ms, cwd, color, label).join('\n')}\n`);
  };

  const roots = (options.watch ?? [cwd]).map((root) => path.resolve(cwd, root));
  // An entry with no extension (`bin/server`, as a package's authors run it) is the program's file like any script.
  if (options.entry !== undefined) setEntry(options.entry);
  compileCommonJS({ roots, root: cwd, instrument });
  resolveSourcesInCommonJS();
  trackModules(roots);
  recordReads(roots, () => !hasStarted());
  announceTypeScript();
  recordStartup();
  trackEffects();
  // Written a moment after the program has started, not in the way of its first answers.
  onStarted(() => setTimeout(flushCompiledCode, FLUSH_COMPILED_AFTER_MS).unref());
  if (options.startedUp) onStarted(options.startedUp);
  // And when a signal ends the program, which Node's own write at exit misses: a program stopped within that
  // moment (Ctrl-C, a restart, a benchmark) would otherwise start cold again. signal-exit acts only when the
  // program has no handler of its own for that signal, and then ends it by the signal, as before.
  if (isMainThread) onExit(flushCompiledCode);
  const hookSettings = { roots, root: cwd, instrument, entry: options.entry };
  // A program whose entry is a CommonJS script gets the module hooks when a module it loads may import an ES module.
  if (!options.thread && options.entry !== undefined && /\.c?js$/.test(options.entry) && formatOf(options.entry) === 'commonjs') {
    registerHooksOnDemand(hookSettings);
  } else {
    registerHooks(hookSettings);
  }
  const restart = options.restart ?? 'auto';
  // What applies a change is loaded with the first change (a parser, the compiler of patches): not at start-up.
  let pipeline: ((change: Change) => Promise<void>) | undefined;
  /** The program's files (scripts, JSON it loads) whose text on disk does not parse: a restart waits for them. */
  const unparsable = new Map<string, ErrorEvent>();
  /** A config's save whose restart waits for them, and why; asked once none is left. */
  let heldRestart: { file: string; why: string } | undefined;
  const settings: PipelineOptions = {
    cwd,
    instrumentBuilt: instrument,
    entry: options.entry,
    restart,
    requestRestart: options.requestRestart && ((reason, since) => {
      heldRestart = undefined;
      options.requestRestart!(reason, since);
    }),
    report,
    retry: (file, at) => retry(file, at),
    awaitFile: (missing) => awaitFile(missing),
    unparsable,
  };
  const load = () => (pipeline ??= (require('./pipeline') as typeof import('./pipeline')).createPipeline(settings));
  // ... and once the program is up and running, so that the first save is as quick as the next ones.
  setTimeout(load, WARM_UP_MS).unref();
  const apply = async (change: Change): Promise<void> => {
    try {
      await load()(change);
      if (heldRestart && unparsable.size === 0) restartFor(heldRestart.file, heldRestart.why);
    } catch (error) {
      // A bug of ours must not take the program down: say so, and keep watching.
      const file = change.changed[0]?.file ?? change.deleted[0] ?? cwd;
      emit({ type: 'error', file, message: `internal error of the runtime: ${(error as Error).stack ?? String(error)}` });
    }
  };
  let retry: (file: string, at: number) => void;
  // A worker thread's changes come from its program's watcher, which its own refusals name no file to.
  let awaitFile: (missing: string) => void = () => {};

  const { thread } = options;
  if (thread) {
    // A worker thread or cluster worker: its program's watcher sends the changes; a restart is asked of it.
    // The thread's entry is the first of its modules it loads (a change that reaches it restarts the program).
    Object.defineProperty(settings, 'entry', { get: firstTracked });
    const { propagateToThreads, receiveChanges, shareChanges } = require('./threads') as typeof import('./threads');
    propagateToThreads();
    let toThreads: ((change: Change) => void) | undefined;
    const askRestart = receiveChanges(thread, (change) => {
      toThreads?.(change);
      void queue(change);
    });
    if (isMainThread) toThreads = shareChanges(thread, askRestart);
    if (thread.restartable) settings.requestRestart = askRestart;
    // One change at a time, in order; a version that did not parse yet is read again here (the watcher's own
    // second reading is not sent on).
    let applying = Promise.resolve();
    const queue = (change: Change): Promise<void> => (applying = applying.then(() => apply(change)));
    retry = (file, at) => {
      setTimeout(() => {
        const text = readText(file);
        if (text) void queue({ changed: [{ file, text, at }], deleted: [] });
      }, RETRY_MS).unref();
    };
    return { close: async () => {} };
  }

  const { shareChanges } = require('./threads') as typeof import('./threads');
  const toThreads = shareChanges(
    { roots, cwd, instrument, output: options.output ?? 'text', quiet: options.quiet ?? false, restartable: options.requestRestart !== undefined, restart },
    (reason) => {
      if (options.requestRestart && restart !== 'never') options.requestRestart(reason);
    },
  );
  // A config saved with the text the program started with (an editor's save-all, `npm install` rewriting
  // package.json) changes nothing: said, not restarted for.
  const configs = new Set((options.configs ?? []).map((file) => path.resolve(file)));
  const startedWith = new Map([...configs].map((file) => [file, readText(file)]));
  const isConfig = (file: string): boolean => configs.has(file);
  const onConfig = (file: string): void => {
    // Said of a file that is no config of the program's own (its package.json, a tsconfig.json, an --env-file).
    const held = isConfig(file)
      ? ''
      : readAtStart(file)
        ? ', and the program read it as it started'
        : loadedAsModule(file)
          ? ', and the program loaded it as a module'
          : loadedOutside(file)
            ? `, a module of the program outside the watched directories (\`--watch ${path.relative(cwd, path.dirname(file)) || '.'}\` would patch it in place)`
            : '';
    // The program's own write of a file it read (a store of its data) is no developer's save.
    if (held && writtenByProgram(file)) return;
    const text = readText(file);
    if (startedWith.get(file) !== undefined && text === startedWith.get(file)) {
      report([{ type: 'unchanged', file, resaved: true }], undefined);
      // Mended: the files of a change held back for it (a restart) go again.
      if (unparsable.delete(file) && unparsable.size === 0) void apply({ changed: [], deleted: [] });
      return;
    }
    // JSON that Node parses (a JSON module, package.json) and that does not parse would end the restarted program
    // as it starts: refused, the program kept, as a module's syntax error is. (A tsconfig.json may hold comments.)
    const strict = loadedAsModule(file) || path.basename(file) === 'package.json';
    const invalid = strict && text !== undefined ? jsonSyntaxError(file, text, cwd) : undefined;
    if (invalid) {
      const refusal: ErrorEvent = { type: 'error', file, ...invalid };
      unparsable.set(file, refusal);
      report([refusal], undefined);
      return;
    }
    unparsable.delete(file);
    const why = `${path.relative(cwd, file)} ${text === undefined ? 'deleted' : 'changed'}${held}`;
    if (options.requestRestart && restart !== 'never') {
      if (unparsable.size === 0) return restartFor(file, why);
      heldRestart = { file, why };
      report([{ type: 'error', file, message: heldBackRestart(why, unparsable, cwd) }], undefined);
    } else {
      report([{ type: 'error', file, message: `${why}: restart the program for it to take effect` }], undefined);
    }
  };
  /** Restarts the program for a config's save, said first: the supervisor ends this process at once. */
  const restartFor = (file: string, why: string): void => {
    heldRestart = undefined;
    const since = Date.now();
    report([{ type: 'restart', file, reason: why }], undefined);
    stream.write('', () => options.requestRestart!(why, since));
  };
  const watcher: BuildWatcher = new BuildWatcher({ roots, quietMs: options.quietMs, configs: options.configs, onConfig }, async (change) => {
    const fresh = change.changed.filter((file) => !file.retry);
    if (fresh.length > 0 || change.deleted.length > 0) toThreads({ changed: fresh, deleted: change.deleted });
    await apply(change);
    // Once applied: a change the program dies applying (a patch a timer of the running version throws on) is unread.
    if (change.readAt !== undefined) options.readForChange?.([...change.changed.map(({ file }) => file), ...change.deleted], change.readAt);
  });
  retry = (file, at) => watcher.retry(file, at);
  awaitFile = (missing) => watcher.awaitFile(missing);
  whenLoaded((module, saved) => watcher.programLoaded(module.file, module.text, saved));
  // Files the program reads as data while it starts (its modules load once this returns), and JSON modules:
  // their saves restart it, as a config's do.
  for (const file of startedWith.keys()) options.startAgainOn?.(file);
  const restartsOn = (file: string): void => {
    options.startAgainOn?.(file);
    startedWith.set(file, readText(file));
    watcher.addConfig(file);
  };
  onDataHeld((file) => {
    if (!isConfig(file)) restartsOn(file);
  });
  // The program's own modules outside the watched directories (`bin/cli` importing `../lib`): restarted for.
  whenLoadedOutside(restartsOn);
  await watcher.start();
  watcher.recheck((file) => loadedModule(file)?.text);
  const restarted = options.restarted && { reason: options.restarted.reason, ms: Date.now() - options.restarted.at, saved: savedDuringRestart(options.restarted, cwd) };
  emit({ type: 'ready', roots, restarted });
  return { close: () => watcher.close() };
}

/**
 * The program's files saved after the files of the change that restarted it were read, and before this program
 * loaded them: it runs them, and they had no line of their own (the program that saw them was ending). Those the
 * reason names, and those the program writes itself, aside.
 */
function savedDuringRestart({ reason, since }: { reason: string; since?: number }, cwd: string): string[] | undefined {
  if (since === undefined) return undefined;
  const saved = loadedFiles()
    .filter((file) => !writtenByProgram(file) && (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) > since - MTIME_SLACK_MS)
    .map((file) => path.relative(cwd, file))
    .filter((name) => !mentions(reason, name));
  return saved.length > 0 ? saved : undefined;
}

/**
 * A file's time of change is the kernel's coarse clock, up to a tick behind the time read with Date.now(). A file of
 * the change itself, written before it was read (by the watcher's 10 ms of quiet for sources, 50 ms for others),
 * is named by the reason all the same.
 */
const MTIME_SLACK_MS = 20;

type CompileCache = { enableCompileCache?(dir: string): unknown; flushCompileCache?(): void; getCompileCacheDir?(): string | undefined };

/**
 * V8's compiled code of the modules the program loads, kept on disk by Node (Node >= 22.1; `NODE_COMPILE_CACHE`
 * does the same for `node`), keyed by each module's text: a start after the first compiles only what changed.
 * Loading the modules was the largest part of start-up. The instrumented text is what gets cached, so a patch
 * (evaluated apart) or a re-evaluated version (new text) never runs stale code.
 */
function cacheCompiledCode(): void {
  const node = Module as unknown as CompileCache;
  if (node.getCompileCacheDir?.() === undefined) node.enableCompileCache?.(path.join(cacheDir(), 'v8'));
}

/**
 * Node writes the cache when the process exits, which a program stopped by a signal (Ctrl-C, a restart) never
 * does: written once the program has started, and when a signal ends it.
 */
function flushCompiledCode(): void {
  (Module as unknown as CompileCache).flushCompileCache?.();
}

/** How long after the program has started V8's compiled code is written to the cache. */
const FLUSH_COMPILED_AFTER_MS = 1000;

/** How long after start-up the code that applies changes is loaded, if no change came first. */
const WARM_UP_MS = 2000;

/** A version that does not parse is read once more after this long (a write still in progress). */
const RETRY_MS = 60;

/** Which worker the lines of a thread or cluster worker come from. */
function workerLabel(): string {
  const inCluster = cluster.isWorker ? `cluster worker ${cluster.worker?.id}` : undefined;
  const inThread = isMainThread ? undefined : `thread ${threadId}`;
  return [inCluster, inThread].filter(Boolean).join(', ');
}
