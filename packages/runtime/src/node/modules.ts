// Which built file each instrumented module was loaded from, with the evaluator it registered
// (docs/protocol.md §3.5) and the text it was loaded with. Also the `hot` API (dispose/data).
import fs from 'node:fs';
import Module from 'node:module';
import { fileURLToPath } from 'node:url';
import { getRegistry, type Registry } from '../registry';
import type { ModuleVersion } from './analyse';

export type Evaluate = (code: string) => unknown;

export interface LoadedModule {
  /** Absolute path of the built file. */
  file: string;
  format: 'commonjs' | 'module';
  moduleId: string;
  evaluate: Evaluate;
  /** The built file's text the running code comes from (updated by every applied patch). */
  text: string;
  /**
   * The version whose top level ran, which the module's scope holds (computed when first needed):
   * body patches are worked out against it, whatever patches were applied since.
   */
  base?: ModuleVersion;
  /** The version whose functions run now: the base, or the version the last body patch applied. */
  current?: ModuleVersion;
  /** Body patches applied so far. */
  patches?: number;
}

export interface Hot {
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
const hotStates = new Map<string, HotState>();

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

/**
 * Makes the registry record each instrumented module's evaluator from now on. Modules evaluated
 * before this ran are patched by evaluating them again.
 */
export function trackModules(): void {
  const registry = getRegistry() as ScopeRegistry;
  if (registry.scope) return;
  const scope = (moduleId: string, evaluate: Evaluate): void => {
    const fileName = callerFile(scope);
    if (!fileName) return;
    const { file, format } = toPath(fileName);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return; // not a file on disk (eval, vm): nothing to watch
    }
    loaded.set(file, { file, format, moduleId, evaluate, text });
  };
  registry.scope = scope;
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

export function loadedModule(file: string): LoadedModule | undefined {
  return loaded.get(file);
}

export function forgetModule(file: string): void {
  loaded.delete(file);
}

/** Puts back the record of the running version after a new version failed to evaluate (it registered itself first). */
export function restoreModule(module: LoadedModule): void {
  loaded.set(module.file, module);
}

/**
 * The hot API of a module: `hot(import.meta)` in an ES module, `hot(module)` or `module.hot` in
 * CommonJS, or `hot(filename)`.
 */
export function hot(of: string | { url: string } | { filename: string }): Hot {
  const file =
    typeof of === 'string' ? toPath(of).file : 'url' in of ? toPath(of.url).file : of.filename;
  let state = hotStates.get(file);
  if (!state) hotStates.set(file, (state = { data: {}, handlers: [] }));
  const current = state;
  return {
    get data() {
      return current.data;
    },
    dispose(handler) {
      current.handlers.push(handler);
    },
    accept() {},
  };
}

/** Runs the dispose handlers of `file` before it is evaluated again; its next version gets `data`. */
export function disposeModule(file: string): void {
  const state = hotStates.get(file);
  if (!state) return;
  const data: Record<string, unknown> = {};
  const handlers = state.handlers;
  hotStates.set(file, { data, handlers: [] });
  for (const handler of handlers) handler(data);
}
