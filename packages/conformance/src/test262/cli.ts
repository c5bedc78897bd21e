/**
 * node packages/conformance/dist/test262/cli.js --adapter babel7 --report out.json [--filter substring] [--workers 2]
 *
 * Exits 0 once the run is complete, regressions or not: which regressions are
 * accepted is docs/limitations.md's business, checked by the Jest suite.
 */
import { parseArgs } from 'node:util';
import { formatSummary, runTest262 } from './index';

const usage = 'usage: cli.js --adapter <babel7|babel8|swc|module path> [--report out.json] [--filter substring] [--workers N] [--root dir]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      adapter: { type: 'string' },
      report: { type: 'string' },
      filter: { type: 'string' },
      workers: { type: 'string' },
      root: { type: 'string' },
    },
  });
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (!values.adapter || (workers !== undefined && !(Number.isInteger(workers) && workers > 0))) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  const summary = await runTest262({
    adapter: values.adapter,
    ...(values.report !== undefined && { report: values.report }),
    ...(values.filter !== undefined && { filter: values.filter }),
    ...(values.root !== undefined && { root: values.root }),
    ...(workers !== undefined && { workers }),
  });
  process.stdout.write(formatSummary(summary));
  console.log(`duration: ${(summary.durationMs / 1000).toFixed(1)} s (${summary.adapter}, node ${summary.node})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
