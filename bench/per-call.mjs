#!/usr/bin/env node
// Per-call cost of a proxied function against the same code uninstrumented, in one process:
// a hot loop over a tiny function and a call-heavy realistic workload (an expression
// tokenizer/parser/evaluator with a class), before any patch, after a patch of a function the workload does
// not call, and after 100 patches. Three times
// (docs/protocol.md §3.2): the subject as it is, a module that imports nothing (every cell `const`); the same
// module with one import, instrumented and made CommonJS in one Babel run (the cells go first, all `const`);
// and that module instrumented as an ES module (the output of the SWC plugin, of a bundler, of Node's ES
// modules), then made CommonJS: the cells of hoisted declarations (`double`, `hotLoop`, `add`, `isSpace`,
// `workload`) are `var`s there, which the module's evaluator makes slower to read.
// Usage: node bench/per-call.mjs [--json]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'packages/babel-plugin/package.json'));
const babel = require('@babel/core');
const { beginPatch } = require('@mighty-patcher/runtime');
const { REST_DELAY_MS } = require(path.join(root, 'packages/runtime/dist/registry.js'));

const subject = fs.readFileSync(path.join(root, 'bench/per-call-subject.js'), 'utf8');
const importing = (version) => `import 'node:path';\n${subject.replaceAll('VERSION', String(version))}`;
/** Each variant: its source, and whether the plugin sees the module transform in its own Babel run. */
const variants = {
  '': { source: (version) => subject.replaceAll('VERSION', String(version)), oneRun: true },
  ' (importing)': { source: importing, oneRun: true },
  ' (importing, ESM output)': { source: importing, oneRun: false },
  // What `mighty-patcher run` adds: its start-up recorder arms each cell as its function is defined, and
  // again once a server listens; a guard's next read of it notes the call (packages/runtime/src/node/startup.ts).
  ' (start-up recorder)': { source: (version) => subject.replaceAll('VERSION', String(version)), oneRun: true, recorder: true },
  ' (importing, ESM output, start-up recorder)': { source: importing, oneRun: false, recorder: true },
};

function compile(code, filename, instrumented, oneRun = true) {
  const run = (input, plugins) => babel.transformSync(input, { filename, root, babelrc: false, configFile: false, plugins }).code;
  const commonjs = require.resolve('@babel/plugin-transform-modules-commonjs');
  if (!instrumented) return run(code, [commonjs]);
  const plugin = path.join(root, 'packages/babel-plugin');
  // Alone, the plugin would import the bundlers' HMR glue, which CommonJS cannot require; it runs at load only.
  return oneRun ? run(code, [[plugin, {}], commonjs]) : run(run(code, [[plugin, { hmr: false }]]), [commonjs]);
}

function evaluate(code) {
  const module = { exports: {} };
  new Function('exports', 'module', 'require', code)(module.exports, module, require);
  return module.exports;
}

function time(fn, arg) {
  const start = process.hrtime.bigint();
  fn(arg);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median of alternating runs, so both variants see the same machine noise. */
function ratio(direct, proxied, name, arg, rounds = 15) {
  for (let i = 0; i < 3; i++) {
    direct[name](arg);
    proxied[name](arg);
  }
  const d = [];
  const p = [];
  for (let i = 0; i < rounds; i++) {
    d.push(time(direct[name], arg));
    p.push(time(proxied[name], arg));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { direct: median(d), proxied: median(p), ratio: median(p) / median(d) };
}

/** One variant's ratios, measured in this process. */
async function measure(variant) {
  const { source, oneRun, recorder } = variants[variant];
  const module = `bench/subject${variant.replace(/\W+/g, '-').replace(/-$/, '')}.js`;
  if (recorder) require(path.join(root, 'packages/runtime/dist/node/startup.js')).recordStartup();
  const direct = evaluate(compile(source(0), path.join(root, 'bench/direct.js'), false));
  const proxied = evaluate(compile(source(0), path.join(root, module), true, oneRun));
  if (recorder) {
    // The program has started: the recorder arms every cell again.
    const server = net.createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.close();
  }
  const results = {};
  results[`hotLoopBefore${variant}`] = ratio(direct, proxied, 'hotLoop', 5e6);
  results[`workloadBefore${variant}`] = ratio(direct, proxied, 'workload', 2e4);
  // A save of one function the workload never calls, as a body patch is applied; measured once the save's
  // round has moved the other cells (docs/protocol.md §2, resting prototypes).
  const other = beginPatch(module);
  other.patch('double', proxied.double, { updated: true });
  other.commit();
  await new Promise((resolve) => setTimeout(resolve, REST_DELAY_MS * 3));
  results[`workloadAfterOtherPatch${variant}`] = ratio(direct, proxied, 'workload', 2e4);
  for (let version = 1; version <= 100; version++) {
    const transaction = beginPatch(module);
    evaluate(compile(source(version), path.join(root, module), true, oneRun));
    transaction.commit();
  }
  results[`hotLoopAfter100${variant}`] = ratio(direct, proxied, 'hotLoop', 5e6);
  results[`workloadAfter100${variant}`] = ratio(direct, proxied, 'workload', 2e4);
  return results;
}

const only = process.argv.indexOf('--variant');
if (only !== -1) {
  console.log(JSON.stringify(await measure(process.argv[only + 1])));
} else {
  // Each variant in a process of its own: after a variant's 100 patches, the next one measured in the same
  // process ran up to 3x slower (the same code, measured first, did not).
  const results = {};
  for (const variant of Object.keys(variants)) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--variant', variant], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`variant "${variant}" failed: ${child.stderr}`);
    Object.assign(results, JSON.parse(child.stdout));
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ node: process.version, ...results }));
  } else {
    console.log(`per-call cost on Node ${process.version} (median ms of 15 alternating runs, each variant in a process of its own; ratio = proxied / direct)`);
    for (const [name, { direct: d, proxied: p, ratio: r }] of Object.entries(results)) {
      console.log(`  ${name.padEnd(58)} direct ${d.toFixed(2).padStart(8)} ms  proxied ${p.toFixed(2).padStart(8)} ms  ratio ${r.toFixed(3)}`);
    }
  }
}
