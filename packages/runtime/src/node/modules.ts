// The program's modules under the watched roots: every file it loaded (instrumented or not: a config, a
// schema, a router), its format and the text it was loaded from, which modules import it, and, for an
// instrumented module, the evaluator it registered (docs/protocol.md §3.7). Also the `hot` API.
// CommonJS modules are seen through `Module.prototype._compile` and `require`; ES modules through the
// module hooks (loader-hooks.mts), which post what they load to this thread.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRegistry, type Registry } from '../registry';
import type { ModuleVersion } from './analyse';
import { withoutOwnFrames } from './errors';
import { inNodeModules, isProgramFile, isScript, isUnderRoots, OWN_FILES } from './files';
import { compiledAs } from './project';
import { noteDataModule } from './reads';
import { evaluatingModule, moduleEvaluating } from './startup';
import type { HookMessage } from './hooks';

export type Evaluate = (code: string) => unknown;

export interface LoadedModule {
  /** Absolute path of the built file. */
  file: string;
  format: 'commonjs' | 'module';
  /** The text the running code was built from (updated by every applied patch). */
  text: string;
  /** Files of the program that import or require this one. */
  importers: Set<string>;
  /** The source it was built from, relative to the working directory, for messages (computed when first needed). */
  source?: string;
  /** Set for an instrumented module: its module id and the evaluator its running instance registered. */
  moduleId?: string;
  evaluate?: Evaluate;
  /**
   * The version whose top level ran, which the module's scope holds (computed when first needed):
   * body patches are worked out against it, whatever patches were applied since.
   */
  base?: ModuleVersion;
  /** The version whose functions run now: the base, or the version the last body patch applied. */
  current?: ModuleVersion;
  /** Body patches applied so far. */
  patches?: number;
  /**
   * Once the module has been evaluated again: the module-level names that every earlier instance declared. The
   * closures an earlier instance's functions made run a patch of their code in that instance's scope.
   */
  earlierNames?: Set<string>;
  /**
   * For each function that makes closures, the names it declares that every version of it that ran declared
   * (`recordMakers`): what the closures it made, which run its closure sites' newest code, can read.
   */
  makersDeclared?: Map<string, Set<string>>;
  /** The helpers (docs/protocol.md §3.6) of every version that ran, as closure-site names: activations keep their copies. */
  helpersThatRan?: Set<string>;
  /** ES modules: the instance that runs now (0: the first, else the version query it was imported with). */
  instance?: number;
  /**
   * CommonJS: exports a version dropped that the exports object the program holds keeps for importers that still
   * name them, each with the files of those not saved since (pipeline.ts, `settleRemovedExports`).
   */
  keptExports?: Map<string, Set<string>>;
}

export interface Hot {
  /** Marks the Node runtime's own hot API, which the plugins' bundler glue leaves alone. */
  readonly 'mighty-patcher': true;
  /** Survives re-evaluation of the module: what a dispose handler stores here, the next version reads. */
  readonly data: Record<string, unknown>;
  /** Runs before the module is evaluated again (a change outside function bodies): close servers, clear timers. */
  dispose(handler: (data: Record<string, unknown>) => void): void;
  /**
   * Does nothing: in Node every change is applied in place. It exists so that code (and the plugins'
   * HMR glue) written for webpack's `module.hot` runs unchanged.
   */
  accept(...args: unknown[]): void;
}

interface HotState {
  data: Record<string, unknown>;
  handlers: ((data: Record<string, unknown>) => void)[];
}

type ScopeRegistry = Registry & { scope?: (moduleId: string, evaluate: Evaluate) => void };

const loaded = new Map<string, LoadedModule>();
/** Who imports each file, recorded as soon as an import resolves (before the file loads). */
const importers = new Map<string, Set<string>>();

function importersOf(file: string): Set<string> {
  let set = importers.get(file);
  if (!set) importers.set(file, (set = new Set()));
  return set;
}
const hotStates = new Map<string, HotState>();
let roots: string[] | undefined;

/** The built file that called the registry: the frame of the module's scope helper. */
function callerFile(skip: (...args: never[]) => unknown): string | undefined {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_error, frames) => frames;
    Error.stackTraceLimit = 1;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, skip);
    return holder.stack?.[0]?.getFileName() ?? undefined;
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

function toPath(fileName: string): { file: string; format: LoadedModule['format'] } {
  if (fileName.startsWith('file:')) {
    const url = new URL(fileName);
    url.search = '';
    return { file: fileURLToPath(url), format: 'module' };
  }
  return { file: fileName, format: 'commonjs' };
}

/** `isTracked`'s answers, asked several times for every `require` as the program loads; made again when the roots change. */
let trackedAnswers = new Map<string, boolean>();

/** Whether `file` is one of the program's files: a script under a watched root, outside node_modules. */
export function isTracked(file: string): boolean {
  if (roots === undefined) return false;
  let answer = trackedAnswers.get(file);
  if (answer === undefined) trackedAnswers.set(file, (answer = isProgramFile(file, roots)));
  return answer;
}

/**
 * ES modules whose record holds the text on disk when they first ran (`scope`), the hooks thread's report of
 * what it loaded not taken in yet: a save between that load and the report was read as what runs.
 */
const readAtRun = new WeakMap<LoadedModule, string>();

/**
 * Told when the program first loads a file, with the text it runs; `saved`: an ES module's record corrected to
 * the text it was loaded from, the file having held another when the module ran (a save since its load).
 */
let onLoaded: ((module: LoadedModule, saved: boolean) => void) | undefined;

/** Calls `listener` as each program file is recorded loaded (the watcher's check of saves read before). */
export function whenLoaded(listener: (module: LoadedModule, saved: boolean) => void): void {
  onLoaded = listener;
}

/** Records a program file the program loaded (once; a module evaluated again keeps its record). */
export function track(file: string, format: LoadedModule['format'], text?: string): LoadedModule | undefined {
  if (!isTracked(file)) return undefined;
  let module = loaded.get(file);
  if (!module) {
    let source = text;
    if (source === undefined) {
      try {
        source = fs.readFileSync(file, 'utf8');
      } catch {
        return undefined; // not a file on disk: nothing to watch
      }
    }
    module = { file, format, text: source, importers: importersOf(file) };
    if (text === undefined && format === 'module') readAtRun.set(module, source);
    loaded.set(file, module);
    onLoaded?.(module, false);
  }
  return module;
}

/** The text an ES module was loaded from, reported by the hooks after it ran: its record is corrected. */
function loadedFrom(module: LoadedModule, text: string): void {
  const read = readAtRun.get(module);
  readAtRun.delete(module);
  // Unless a change applied since set what runs.
  if (read === undefined || module.text !== read || read === text) return;
  module.text = text;
  // Worked out from the text read at run time: what ran is the loaded text.
  module.base = undefined;
  onLoaded?.(module, true);
}

/**
 * Program files imported by a module outside the program (a package's loader, such as @fastify/autoload, or
 * a test): that importer is never evaluated again, so a changed value it holds can only reach it by a restart.
 */
const outsideImporters = new Map<string, string>();

/**
 * The program's scripts outside the watched roots that it loads (not a package's): not instrumented, so their
 * saves restart the program (index.ts), as `node --watch` restarts for any module.
 */
const outsideScripts = new Set<string>();
let onOutside: ((file: string) => void) | undefined;

/** Calls `listener` as the program first loads each of its scripts outside the watched roots. */
export function whenLoadedOutside(listener: (file: string) => void): void {
  onOutside = listener;
}

/** Whether the program loaded `file`, a script of its own outside the watched roots. */
export const loadedOutside = (file: string): boolean => outsideScripts.has(file);

/**
 * Notes `file`, loaded and not tracked, if it is such a script. Whatever its importer: CommonJS records a `require`
 * after the load, so lib/a.js's require of lib/b.js comes before a.js itself is noted.
 */
function noteIfOutside(file: string): void {
  if (outsideScripts.has(file) || !isScript(file) || inNodeModules(file) || file.startsWith(OWN_FILES)) return;
  outsideScripts.add(file);
  onOutside?.(file);
}

/** Records that `importer` imports or requires `file`. */
export function recordImport(importer: string, file: string, request?: string): void {
  if (importer === file) return;
  if (!isTracked(file)) return noteIfOutside(file);
  if (request !== undefined) {
    let byFile = requests.get(importer);
    if (!byFile) requests.set(importer, (byFile = new Map()));
    byFile.set(file, request);
  }
  if (isTracked(importer)) importersOf(file).add(importer);
  else if (!importer.startsWith(OWN_FILES) && !outsideImporters.has(file)) outsideImporters.set(file, importer);
}

/** What each CommonJS importer passed to `require` for each file. */
const requests = new Map<string, Map<string, string>>();

/**
 * Whether `importer` required `file` by a computed path: its text holds no string literal of what it passed
 * to `require` (`require('./controllers/' + name)`). Such a loader walks what it finds, exports included.
 */
function requiredByPath(importer: string, file: string): boolean {
  const request = requests.get(importer)?.get(file);
  const text = loadedModule(importer)?.text;
  return request !== undefined && text !== undefined && !['"', "'", '`'].some((quote) => text.includes(`${quote}${request}${quote}`));
}

/** A module outside the program that imports `file`, if one does. */
export function outsideImporterOf(file: string): string | undefined {
  return outsideImporters.get(file);
}

/**
 * What walked a module's exports at start-up, and must run again when it gains or loses one: the program's
 * importers that required it by a computed path (express's mvc boot.js registering each controller's routes),
 * and a module outside the program that imports it (@fastify/autoload).
 */
export function exportWalkers(module: LoadedModule): { loaders: string[]; outside: string | undefined } {
  const loaders = [...module.importers].filter((importer) => requiredByPath(importer, module.file));
  return { loaders, outside: outsideImporterOf(module.file) };
}

/** A JSON file of the program's, loaded as a module: the program holds its values (a save restarts it: reads.ts). */
function noteIfJson(file: string): void {
  if (file.endsWith('.json') && roots !== undefined && isUnderRoots(file, roots)) noteDataModule(file);
}

/** Takes in what the ES module hooks (hooks.ts) report about the modules they load. */
export function hookReport(message: HookMessage): void {
  if (message.type === 'load') {
    const module = track(toPath(message.url).file, 'module', message.text);
    if (module && message.text !== undefined) loadedFrom(module, message.text);
  } else if (message.type === 'import') {
    const file = toPath(message.url).file;
    recordImport(toPath(message.parent).file, file);
    noteIfJson(file);
  }
}

/**
 * Makes the registry record each instrumented module's evaluator, and `require` record every program
 * file it loads, from now on, for the files under `watched`. Modules evaluated before this ran are not
 * tracked (the CLI and the preload entry points call it first).
 */
export function trackModules(watched: string[] = [process.cwd()]): void {
  roots = [...new Set([...(roots ?? []), ...watched.map((root) => path.resolve(root))])];
  trackedAnswers = new Map();
  const registry = getRegistry() as ScopeRegistry;
  if (registry.scope) return;
  /** How many CommonJS modules are being compiled and run (nested by `require`): each one's end is known. */
  let compiling = 0;
  const scope = (moduleId: string, evaluate: Evaluate): void => {
    const fileName = callerFile(scope);
    if (!fileName) return;
    const { file, format } = toPath(fileName);
    // A module evaluated again registers its new instance's evaluator; a file outside the roots (a test's
    // compiled subject) is recorded all the same: its evaluator is what patches it.
    const module = track(file, format) ?? trackOutside(file, format);
    if (!module) return;
    module.moduleId = moduleId;
    module.evaluate = evaluate;
    moduleEvaluating(moduleId, compiling === 0);
  };
  registry.scope = scope;
  const prototype = Module.prototype as unknown as {
    _compile(content: string, filename: string, ...rest: unknown[]): unknown;
    require(id: string): unknown;
  };
  const compile = prototype._compile;
  // Installed last, outside the load-time instrumentation (instrument.ts): the text is the file's own. The
  // arguments after `filename` (Node >= 22: the format, so that require(esm) compiles an ES module) go on.
  prototype._compile = function (this: unknown, content: string, filename: string, ...rest: unknown[]) {
    // An ES module that require(esm) loads comes here too (on Node 20, and without the module hooks, only here).
    track(filename, compiledAs(rest), content);
    const outer = evaluatingModule();
    compiling++;
    try {
      return compile.call(this, content, filename, ...rest);
    } catch (error) {
      throw withoutOwnFrames(error);
    } finally {
      compiling--;
      moduleEvaluating(outer, false);
    }
  };
  const require = prototype.require;
  /** A package requires a program file by path (a loader walking a directory), never by a bare name. */
  const mayBeProgramFile = (importer: string, id: string): boolean => isTracked(importer) || id.startsWith('.') || path.isAbsolute(id);
  /**
   * What each request resolves to from each directory (a module's `path`), as Node's own relative cache keeps
   * it. Two levels, not one key joined from both: this runs for every `require` as the program loads.
   */
  const resolved = new Map<string, Map<string, string | null>>();
  const resolvedFrom = (module: Module): Map<string, string | null> => {
    const dir = (module.path as string | undefined) ?? path.dirname(module.filename);
    let byId = resolved.get(dir);
    if (!byId) resolved.set(dir, (byId = new Map()));
    return byId;
  };
  const resolve = Module as unknown as { _resolveFilename(id: string, parent: Module | undefined, ...rest: unknown[]): string };
  const resolveFilename = resolve._resolveFilename;
  // Noted as `require` resolves it, so that recording the import below costs no second resolution. (Not for
  // `require.resolve` with `paths`, which resolves from elsewhere. `require` passes no options: undefined on
  // Node 20, null on Node 24.) The arguments after `parent` go on as `arguments`: a rest parameter made an
  // array for every `require`.
  resolve._resolveFilename = function (this: unknown, id: string, parent: Module | undefined) {
    const file = resolveFilename.apply(this, arguments as unknown as Parameters<typeof resolveFilename>);
    if (parent?.filename && arguments[3] == null && mayBeProgramFile(parent.filename, id)) resolvedFrom(parent).set(id, file);
    return file;
  };
  /** The file `module` requires by `id`, if it may be one of the program's and it resolves. */
  const requiredFile = (module: Module, id: string): string | null => {
    if (!module.filename || !mayBeProgramFile(module.filename, id)) return null;
    const byId = resolvedFrom(module);
    let file = byId.get(id);
    if (file === undefined) {
      try {
        file = resolve._resolveFilename(id, module);
      } catch {
        file = null; // a module that did not resolve: not ours
      }
      byId.set(id, file);
    }
    return file;
  };
  prototype.require = function (this: Module, id: string) {
    let exports: unknown;
    try {
      exports = require.call(this, id);
    } catch (error) {
      // A JSON module that does not parse: the save that mends it starts the program again.
      const file = id.endsWith('.json') ? requiredFile(this, id) : null;
      if (file) noteIfJson(file);
      throw withoutOwnFrames(error);
    }
    const file = requiredFile(this, id);
    if (file) {
      recordImport(this.filename, file, id);
      noteIfJson(file);
    }
    return exports;
  };
  // `module.hot` in CommonJS, as webpack names it.
  if (!Object.getOwnPropertyDescriptor(Module.prototype, 'hot')) {
    Object.defineProperty(Module.prototype, 'hot', {
      configurable: true,
      get(this: { filename: string }) {
        return hot(this.filename);
      },
    });
  }
}

/** A module outside the watched roots that registered an evaluator (programmatic use, tests). */
function trackOutside(file: string, format: LoadedModule['format']): LoadedModule | undefined {
  let module = loaded.get(file);
  if (module) return module;
  try {
    module = { file, format, text: fs.readFileSync(file, 'utf8'), importers: importersOf(file) };
  } catch {
    return undefined;
  }
  loaded.set(file, module);
  return module;
}

/** The first program file this thread loaded: a worker thread's own script, when it is under the roots. */
export function firstTracked(): string | undefined {
  return loaded.keys().next().value;
}

/** Every program file this thread loaded. */
export function loadedFiles(): string[] {
  return [...loaded.keys()];
}

/** How many modules the record holds: a mark `loadedSince` takes (records are appended; only `forgetModule` drops one). */
export function loadedCount(): number {
  return loaded.size;
}

/** The modules recorded after `mark` (`loadedCount()` taken before). */
export function loadedSince(mark: number): string[] {
  return [...loaded.keys()].slice(mark);
}

export function loadedModule(file: string): LoadedModule | undefined {
  return loaded.get(file);
}

/** Drops the record of a module that never became part of the program (its first evaluation failed). */
export function forgetModule(file: string): void {
  loaded.delete(file);
}

/**
 * The hot API of a module: `hot(import.meta)` in an ES module, `hot(module)` or `module.hot` in
 * CommonJS, or `hot(filename)`.
 */
export function hot(of: string | { url: string } | { filename: string }): Hot {
  const file = typeof of === 'string' ? toPath(of).file : 'url' in of ? toPath(of.url).file : of.filename;
  let state = hotStates.get(file);
  if (!state) hotStates.set(file, (state = { data: {}, handlers: [] }));
  const current = state;
  return {
    // The HMR glue of the plugins (docs/protocol.md §6) leaves a module alone under this runtime, which applies every change itself.
    'mighty-patcher': true,
    get data() {
      return current.data;
    },
    dispose(handler) {
      current.handlers.push(handler);
    },
    accept() {},
  };
}

/** Whether the module registered a dispose handler: it can be evaluated again without a restart. */
export function disposable(file: string): boolean {
  return (hotStates.get(file)?.handlers.length ?? 0) > 0;
}

/**
 * Runs the dispose handlers of `file` before it is evaluated again; its next version gets `data`.
 * Returns a function that puts the previous state back, for a new version that fails.
 */
export function disposeModule(file: string): () => void {
  const state = hotStates.get(file);
  if (!state) return () => hotStates.delete(file);
  const data: Record<string, unknown> = {};
  hotStates.set(file, { data, handlers: [] });
  for (const handler of state.handlers) handler(data);
  return () => hotStates.set(file, { data, handlers: state.handlers });
}
