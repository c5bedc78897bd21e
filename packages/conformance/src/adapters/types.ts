/**
 * How a plugin enters the conformance runs: one function from source to code.
 * The same corpus and the same test262 run go through every adapter, which is
 * what keeps the Babel and SWC plugins identical in behaviour.
 */
export interface TransformOptions {
  /** `module` for ES modules, `script` for scripts and CommonJS. */
  sourceType: 'script' | 'module';
  /** Directory that module ids are relative to (the plugin's `root` option). */
  root: string;
  /** `false` gives the compiler's output without the plugin, for telling the compiler's deviations from ours. */
  enabled?: boolean;
  /** Inline source maps (default true). */
  sourceMaps?: boolean;
  /** Emit ES module syntax as is (default) or compile it to CommonJS. */
  output?: 'esm' | 'commonjs';
  /** The plugins' `hmr` option, for tests of the glue (default: each plugin's own). */
  hmr?: 'esm';
}

/** `filename` is absolute; the plugin derives the module id from it and `root`. */
export type Transform = (source: string, filename: string, options: TransformOptions) => string;

export interface Adapter {
  readonly name: string;
  readonly transform: Transform;
}
