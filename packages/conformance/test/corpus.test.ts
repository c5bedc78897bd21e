// The patch conformance corpus (test-fixtures/), through every plugin adapter this Node can run.
import fs from 'node:fs';
import path from 'node:path';
import type { CaseResult } from '../src/corpus';
import { ROOT, adapters, runCli } from './support';

const cases = fs
  .readdirSync(path.join(ROOT, 'test-fixtures'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

test('the corpus has at least 40 cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
});

describe.each(adapters)('%s', (adapter) => {
  const { report, output } = runCli<CaseResult[]>('corpus/cli.js', ['--adapter', adapter]);
  process.stdout.write(`${output.split('\n').filter((line) => line.startsWith('corpus:')).join('\n')} (${adapter})\n`);

  test('runs every case', () => {
    expect(report.map((result) => result.name).sort()).toEqual([...cases].sort());
  });

  test.each(cases)('%s', (name) => {
    const result = report.find((candidate) => candidate.name === name);
    expect(result?.error ?? 'ok').toBe('ok');
  });
});
