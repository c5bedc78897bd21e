import fs from 'node:fs';
import path from 'node:path';
import { findTests, parseMetadata, scenariosOf } from './metadata';
import { defaultTest262Root } from './paths';
import { runPool } from './pool';
import type { RunResult, Scenario, Task } from './types';

export type { Test262Transform, Test262TransformOptions, RunResult, Scenario } from './types';

export interface Test262Options {
  /** An adapter name from packages/conformance/src/adapters (`babel7`, `babel8`, `swc`). */
  adapter: string;
  /** The test262 directory; default `shared/test262` beside the repository. */
  root?: string;
  /** Only test files whose path contains this. */
  filter?: string;
  /** Child processes running tests; default 2. */
  workers?: number;
  /** Where to write the JSON report, if anywhere. */
  report?: string;
  /** Limit for a script's or module body's synchronous run; default 10 s. */
  syncTimeoutMs?: number;
  /** How long an async test (or a top-level await) may take to report; default 2 s. */
  asyncTimeoutMs?: number;
}

export interface TestResult {
  file: string;
  scenario: Scenario;
  raw: RunResult;
  transformed: RunResult;
  /** Through the compiler without the plugin; only run for tests that pass raw and fail transformed. */
  identity?: RunResult;
  /**
   * `regression`: passes raw and through the compiler alone, fails with the plugin.
   * `compiler`: passes raw, fails through the compiler even without the plugin.
   * `raw-failure`: the engine fails it untransformed, so it proves nothing either way.
   */
  verdict: 'pass' | 'regression' | 'compiler' | 'raw-failure';
}

export interface Test262Summary {
  adapter: string;
  node: string;
  durationMs: number;
  raw: { passed: number; failed: number };
  transformed: { passed: number; failed: number };
  /** Test ids (`file:scenario`), sorted. */
  regressions: string[];
  compiler: string[];
  /** By test id. */
  results: Record<string, TestResult>;
}

export function testId(file: string, scenario: Scenario): string {
  return `${file}:${scenario}`;
}

export async function runTest262(options: Test262Options): Promise<Test262Summary> {
  const started = performance.now();
  const root = path.resolve(options.root ?? defaultTest262Root);
  const syncTimeoutMs = options.syncTimeoutMs ?? 10_000;
  const asyncTimeoutMs = options.asyncTimeoutMs ?? 2_000;
  const adapter = options.adapter;

  const tasks: Task[] = [];
  const runs = new Map<string, Partial<TestResult>>();
  for (const file of findTests(root, options.filter)) {
    const metadata = parseMetadata(fs.readFileSync(path.join(root, file), 'utf8'), file);
    for (const scenario of scenariosOf(metadata)) {
      runs.set(testId(file, scenario), { file, scenario });
      for (const mode of ['raw', 'transformed'] as const) {
        tasks.push({ id: tasks.length, file, metadata, scenario, mode });
      }
    }
  }

  let nextId = tasks.length;
  await runPool(
    tasks,
    {
      workers: options.workers ?? 2,
      config: { adapter, root, syncTimeoutMs, asyncTimeoutMs },
      stallMs: syncTimeoutMs + asyncTimeoutMs + 30_000,
      // Measured on the full run: 500 respawns too often, 2000 lets a slowdown last longer.
      recycleAfter: 1000,
    },
    (task, result) => {
      const run = runs.get(testId(task.file, task.scenario))!;
      run[task.mode] = result;
      // Decided lazily: only a raw pass that fails transformed needs telling the plugin from the compiler.
      if (task.mode !== 'identity' && run.raw?.passed && run.transformed && !run.transformed.passed) {
        return [{ ...task, id: nextId++, mode: 'identity' }];
      }
      return [];
    },
  );

  const summary: Test262Summary = {
    adapter: options.adapter,
    node: process.version,
    durationMs: Math.round(performance.now() - started),
    raw: { passed: 0, failed: 0 },
    transformed: { passed: 0, failed: 0 },
    regressions: [],
    compiler: [],
    results: {},
  };
  for (const [id, run] of runs) {
    const result = run as TestResult;
    result.verdict = !result.raw.passed
      ? 'raw-failure'
      : result.transformed.passed
        ? 'pass'
        : result.identity!.passed
          ? 'regression'
          : 'compiler';
    summary.raw[result.raw.passed ? 'passed' : 'failed']++;
    summary.transformed[result.transformed.passed ? 'passed' : 'failed']++;
    if (result.verdict === 'regression') summary.regressions.push(id);
    if (result.verdict === 'compiler') summary.compiler.push(id);
    summary.results[id] = result;
  }
  summary.regressions.sort();
  summary.compiler.sort();
  if (options.report) fs.writeFileSync(options.report, `${JSON.stringify(summary, null, 1)}\n`);
  return summary;
}

/** The lines a run prints: counts, then each regression with the reason it failed transformed. */
export function formatSummary(summary: Test262Summary): string {
  const lines = [
    `raw: ${summary.raw.passed} passed, ${summary.raw.failed} failed`,
    `transformed: ${summary.transformed.passed} passed, ${summary.transformed.failed} failed`,
    `regressions: ${summary.regressions.length}`,
    ...summary.regressions.map((id) => `  ${id}  ${summary.results[id]!.transformed.message}`),
    `compiler: ${summary.compiler.length}`,
  ];
  return `${lines.join('\n')}\n`;
}
