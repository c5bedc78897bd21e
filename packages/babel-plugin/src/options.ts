// The plugin's options: their type, validation and defaults. The same options as the SWC plugin's
// (packages/swc-plugin/src/options.rs), plus `warn`, which only a JavaScript host can pass.
import { DEFAULT_EXCLUDE, invalidPattern, isExcluded } from './exclude';
import type { HmrMode } from './hmr';

export interface Options {
  /** Module ids (the first half of every registry key) are file paths relative to this directory. Default: Babel's `root` (the working directory). */
  root?: string;
  /** Default: on, except when Babel's env (`BABEL_ENV`, else `NODE_ENV`) is `production`, where the plugin emits nothing. */
  enabled?: boolean;
  /**
   * Emit each module's evaluator (docs/protocol.md §3.5), which lets the Node runtime patch function bodies
   * without running the module again, keeping its state. Default: on. Bundlers warn about the direct eval it
   * contains; their HMR re-runs modules instead, so browser builds may turn it off.
   */
  inScopePatches?: boolean;
  /** Receives a message naming file:line for each construct left uninstrumented. Default: `console.warn`. */
  warn?: (message: string) => void;
  /**
   * Bundler HMR glue (docs/protocol.md §6): a module whose exports are all instrumented functions and classes
   * accepts its own updates through `import.meta.hot` (Vite), `import.meta.webpackHot` or `module.hot`
   * (webpack, Rspack). Default: on (`true` picks `import.meta` when the output stays an ES module, else
   * `module.hot`); `'esm'` or `'commonjs'` forces one; `false` emits none.
   */
  hmr?: boolean | HmrMode;
  /**
   * The module every instrumented module imports the HMR glue from (docs/protocol.md §6). Default: the file of
   * @mighty-patcher/hmr as this plugin resolves it, an absolute path, so that any file of the app (one in
   * another workspace package too) reaches it under a strict node_modules layout (pnpm).
   */
  hmrRuntime?: string;
  /**
   * Files left uninstrumented: path patterns matched against the module id, the file path relative to
   * `root` (a `**` segment is any number of directories, `*` and `?` match within a name; a pattern naming
   * a directory covers the files under it; rules in src/exclude.ts). Default: DEFAULT_EXCLUDE, every file
   * under a `node_modules` directory; `[]` instruments every file. Replaces the default when given.
   */
  exclude?: string[];
}

const OPTION_NAMES = new Set(['root', 'enabled', 'inScopePatches', 'warn', 'hmr', 'hmrRuntime', 'exclude']);

/** Throws a message naming the option for anything that is not a valid option. */
export function validate(options: Options): void {
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new Error(`@mighty-patcher/babel-plugin: unknown option "${name}" (known: ${[...OPTION_NAMES].join(', ')})`);
    }
  }
  if (options.root !== undefined && typeof options.root !== 'string') {
    throw new Error('@mighty-patcher/babel-plugin: option "root" must be a directory path string');
  }
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
    throw new Error('@mighty-patcher/babel-plugin: option "enabled" must be a boolean');
  }
  if (options.inScopePatches !== undefined && typeof options.inScopePatches !== 'boolean') {
    throw new Error('@mighty-patcher/babel-plugin: option "inScopePatches" must be a boolean');
  }
  if (options.warn !== undefined && typeof options.warn !== 'function') {
    throw new Error('@mighty-patcher/babel-plugin: option "warn" must be a function');
  }
  if (options.hmr !== undefined && typeof options.hmr !== 'boolean' && options.hmr !== 'esm' && options.hmr !== 'commonjs') {
    throw new Error('@mighty-patcher/babel-plugin: option "hmr" must be a boolean, "esm" or "commonjs"');
  }
  if (options.hmrRuntime !== undefined && (typeof options.hmrRuntime !== 'string' || options.hmrRuntime === '')) {
    throw new Error('@mighty-patcher/babel-plugin: option "hmrRuntime" must be a module specifier string');
  }
  if (options.exclude !== undefined) {
    if (!Array.isArray(options.exclude) || options.exclude.some((pattern) => typeof pattern !== 'string')) {
      throw new Error('@mighty-patcher/babel-plugin: option "exclude" must be an array of path pattern strings (e.g. ["**/node_modules/**"])');
    }
    for (const pattern of options.exclude) {
      const problem = invalidPattern(pattern);
      if (problem) throw new Error(`@mighty-patcher/babel-plugin: option "exclude": invalid pattern ${JSON.stringify(pattern)}: ${problem}`);
    }
  }
}

/** Whether the plugin instruments anything in a build with this env name. */
export function isEnabled(options: Options, env: string | undefined): boolean {
  return options.enabled ?? env !== 'production';
}

/** Whether the `exclude` option leaves the module with this id alone. */
export function excludes(options: Options, moduleId: string): boolean {
  return isExcluded(moduleId, options.exclude ?? DEFAULT_EXCLUDE);
}

/** The module the HMR glue is imported from: `hmrRuntime`, else @mighty-patcher/hmr, resolved once. */
export function hmrRuntime(options: Options): string {
  return options.hmrRuntime ?? (defaultHmrRuntime ??= require.resolve('@mighty-patcher/hmr'));
}
let defaultHmrRuntime: string | undefined;
