#!/usr/bin/env node
// `npm run bench`: every benchmark, on this machine's Node and on Node 24. Benchmarks, not tests:
// they print figures (ratios against a baseline measured in the same process) and never fail on them.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureNode24, ensureSwcPlugin, ensureWorkspace, repoRoot } from './setup.mjs';

ensureWorkspace({ quiet: true });
ensureSwcPlugin();
const nodes = [process.execPath];
const node24 = ensureNode24();
if (execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim() !== process.version) nodes.push(node24);

let ok = true;
for (const node of nodes) {
  const result = spawnSync(node, [path.join(repoRoot, 'bench/per-call.mjs')], { stdio: 'inherit' });
  ok &&= result.status === 0;
}
// Transform speed compares compilers in one process; once, on this machine's Node.
const transform = spawnSync(process.execPath, [path.join(repoRoot, 'bench/transform.mjs')], { stdio: 'inherit' });
ok &&= transform.status === 0;
process.exit(ok ? 0 : 1);
