#!/usr/bin/env node
// `npm run bench`: every benchmark, on this machine's Node and on Node 24. Benchmarks, not tests:
// they print figures (ratios against a baseline measured in the same process) and never fail on them.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureNode24, ensureSwcPlugin, ensureWorkspace, repoRoot } from './setup.mjs';

ensureWorkspace({ quiet: true });
ensureSwcPlugin();
// A Wasm plugin that changes nothing, for bench/transform.mjs: what SWC's plugin host costs by itself.
spawnSync(process.execPath, [path.join(repoRoot, 'packages/swc-plugin/build.mjs'), '--example', 'noop_plugin', '--out', path.join(repoRoot, 'bench/noop_swc_plugin.wasm')], { stdio: 'inherit' });
const nodes = [process.execPath];
const node24 = ensureNode24();
if (execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim() !== process.version) nodes.push(node24);

let ok = true;
for (const node of nodes) {
  for (const benchmark of ['bench/per-call.mjs', 'bench/sloppy-eval.mjs']) {
    const result = spawnSync(node, [path.join(repoRoot, benchmark)], { stdio: 'inherit' });
    ok &&= result.status === 0;
  }
}
// Octane 2 plain vs instrumented (Babel and SWC columns), before any patch and after 100 patches of every
// instrumented function, on each Node (bench/octane.mjs, also `npm run bench:octane`; about 25 minutes per Node).
for (const node of nodes) {
  const octane = spawnSync(node, [path.join(repoRoot, 'bench/octane.mjs')], { stdio: 'inherit' });
  ok &&= octane.status === 0;
}
// Transform speed compares compilers in one process; once, on this machine's Node.
const transform = spawnSync(process.execPath, [path.join(repoRoot, 'bench/transform.mjs')], { stdio: 'inherit' });
ok &&= transform.status === 0;
// The Node runtime (bench/runtime.mjs, also `npm run bench:runtime`): everything on this machine's Node;
// on Node 24 the latency and restart comparisons (the heap and watcher runs take minutes and depend less on V8);
// on both, start-up and the TypeScript app with no build against tsx and node (not in CI's default run).
for (const node of nodes) {
  const only = ['--only', node === process.execPath ? 'latency,restart,heap,watcher,startup,typescript' : 'latency,restart,startup,typescript'];
  const runtime = spawnSync(node, [path.join(repoRoot, 'bench/runtime.mjs'), ...only], { stdio: 'inherit' });
  ok &&= runtime.status === 0;
}
process.exit(ok ? 0 : 1);
