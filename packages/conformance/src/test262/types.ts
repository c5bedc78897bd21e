/**
 * How the runner's executor sees a plugin: the worker wraps the named adapter
 * (packages/conformance/src/adapters) in this, so the Babel and SWC plugins go
 * through the same runner.
 */
export interface Test262TransformOptions {
  sourceType: 'script' | 'module';
  /** `false` must give the compiler's output without the plugin, for telling the compiler's deviations from the plugin's. Default `true`. */
  enabled?: boolean;
}

/**
 * `filename` is relative to the test262 directory, with POSIX separators, e.g.
 * `test/language/statements/class/foo.js`. Throwing is how an adapter reports
 * source its compiler rejects: the error counts as a parse-phase error of the
 * thrown error's type (Babel throws `SyntaxError`).
 */
export type Test262Transform = (source: string, filename: string, options: Test262TransformOptions) => string;

/** How a test is run: `sloppy` and `strict` are scripts (strict gets `"use strict";` prepended), `module` a module. */
export type Scenario = 'sloppy' | 'strict' | 'module';

/** `raw`: untransformed; `transformed`: through the adapter; `identity`: through the adapter with `enabled: false`. */
export type Mode = 'raw' | 'transformed' | 'identity';

export interface Negative {
  phase: 'parse' | 'resolution' | 'runtime';
  type: string;
}

/** The front matter of a test, as far as running it is concerned. */
export interface TestMetadata {
  includes: string[];
  flags: string[];
  negative?: Negative;
}

export interface RunResult {
  passed: boolean;
  /** Why it failed; absent when it passed. */
  message?: string;
}

/** One run of one test in one scenario, as sent to a worker. */
export interface Task {
  id: number;
  file: string;
  metadata: TestMetadata;
  scenario: Scenario;
  mode: Mode;
}

/** What a worker needs besides its tasks; passed as its only argument, in JSON. */
export interface WorkerConfig {
  /** Adapter name, loaded with loadAdapter() (functions cannot cross a process boundary). */
  adapter: string;
  /** Absolute path of the test262 directory. */
  root: string;
  syncTimeoutMs: number;
  asyncTimeoutMs: number;
}

export type WorkerMessage =
  | { type: 'result'; id: number; result: RunResult }
  /** The worker cannot run anything, e.g. its adapter failed to load. */
  | { type: 'fatal'; message: string };
