// Semantic transparency: every test262 test that passes untransformed passes transformed,
// except the deviations listed by name in docs/limitations.md.
import fs from 'node:fs';
import path from 'node:path';
import { formatSummary, runTest262, type Test262Summary } from '../src/test262';
import { ROOT, adapters } from './support';

const documented = new Set(
  [...fs.readFileSync(path.join(ROOT, 'docs/limitations.md'), 'utf8').matchAll(/^- (test\/\S+\.js:(?:sloppy|strict|module))$/gm)].map(
    (match) => match[1]!,
  ),
);

describe.each(adapters)('test262 through %s', (adapter) => {
  let summary: Test262Summary;

  beforeAll(async () => {
    summary = await runTest262({ adapter });
    process.stdout.write(`test262 ${adapter} on Node ${process.versions.node}:\n${formatSummary(summary)}`);
  }, 30 * 60 * 1000);

  test('runs the whole subset', () => {
    // 8,809 test files in ../shared/test262 (fixtures aside); most run twice (sloppy and strict).
    expect(summary.raw.passed + summary.raw.failed).toBeGreaterThan(16000);
    expect(summary.raw.passed).toBeGreaterThan(15900);
  });

  test('every regression is a documented limitation', () => {
    expect(summary.regressions.filter((id) => !documented.has(id))).toEqual([]);
  });
});
