// A small Vite plugin: runs @mighty-patcher/babel-plugin over the app's own modules in the dev server.
// Vite's HMR then re-runs an edited module, and the plugin's HMR glue (docs/protocol.md §6) swaps the
// implementations behind every function the page already holds.
import path from 'node:path';
import { transformAsync } from '@babel/core';
import type { Plugin, ResolvedConfig } from 'vite' with { 'resolution-mode': 'import' };
import babelPlugin, { type Options as BabelPluginOptions } from '@mighty-patcher/babel-plugin';
import { mightyPatcherHmr } from './hmr';

export { mightyPatcherHmr };

export interface Options {
  /** Files to instrument (tested against the file path without query). Default: JS and TS modules outside node_modules. */
  include?: RegExp;
  /** Files to leave alone. Default: `/node_modules/`. */
  exclude?: RegExp;
  /** Also instrument `vite build` output (off by default: production bundles stay as Vite builds them). */
  build?: boolean;
  /** Options for @mighty-patcher/babel-plugin. `root` defaults to Vite's root. */
  plugin?: BabelPluginOptions;
}

const DEFAULT_INCLUDE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DEFAULT_EXCLUDE = /[\\/]node_modules[\\/]/;

/** The instrumenting plugin, and mightyPatcherHmr (an update patched in place leaves the importers alone). */
export function mightyPatcher(options: Options = {}): Plugin[] {
  const include = options.include ?? DEFAULT_INCLUDE;
  const exclude = options.exclude ?? DEFAULT_EXCLUDE;
  let config: ResolvedConfig;

  const instrument: Plugin = {
    name: 'mighty-patcher',
    apply: options.build ? undefined : 'serve',
    configResolved(resolved) {
      config = resolved;
    },
    // Runs after Vite's own TypeScript/JSX transform (the code is plain JavaScript by then) and before its
    // import analysis, which finds the glue's `import.meta.hot.accept()`.
    async transform(code, id, transformOptions) {
      if (id.startsWith('\0') || id.includes('?')) return null;
      const file = id.split('?')[0]!;
      if (!include.test(file) || exclude.test(file) || !path.isAbsolute(file)) return null;
      // Vite 5 keeps one module graph for the browser and the server (Vite 6 and later give each environment its
      // own: `this.environment`), and a server transform's `import.meta.hot.accept()` marked the module
      // self-accepting for the browser too. A module only the server loads (a helper of React Router's loaders)
      // then stopped the update that would have re-run the route's loaders: the page kept the old data. Its
      // server code has no HMR to take the glue on Vite 5 (`ssrLoadModule`).
      const sharedServerGraph = transformOptions?.ssr === true && !('environment' in this && this.environment);
      const result = await transformAsync(code, {
        filename: file,
        babelrc: false,
        configFile: false,
        sourceType: 'module',
        sourceMaps: true,
        // Enabled explicitly: Vite sets NODE_ENV=production only for builds, where this plugin is off unless `build` is set.
        // This plugin's own include/exclude already chose the file: the Babel plugin's `exclude` (whose default
        // leaves node_modules alone) would only second-guess them.
        plugins: [[babelPlugin, { root: config.root, enabled: true, inScopePatches: false, exclude: [], ...options.plugin, ...(sharedServerGraph ? { hmr: false } : {}) }]],
      });
      if (!result?.code) return null;
      return { code: result.code, map: result.map as never };
    },
  };
  return [instrument, mightyPatcherHmr()];
}

export default mightyPatcher;
