// node packages/conformance/dist/corpus/cli.js --adapter babel7 [--filter text] [--json out.json]
// Prints one line per case and `corpus: N passed, N failed`; exits non-zero on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCorpus } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      adapter: { type: 'string', default: 'babel7' },
      filter: { type: 'string' },
      json: { type: 'string' },
      fixtures: { type: 'string', default: path.resolve(__dirname, '../../../../test-fixtures') },
    },
  });
  const results = await runCorpus({
    adapter: values.adapter!,
    fixtures: values.fixtures!,
    filter: values.filter,
    onResult: (result) =>
      console.log(result.ok ? `ok   ${result.name}` : `FAIL ${result.name}\n     ${result.error!.split('\n').join('\n     ')}`),
  });
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(results, null, 2));
  const failed = results.filter((result) => !result.ok).length;
  console.log(`corpus: ${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
}

void main();
