#!/usr/bin/env node
// Transform speed on real code: SWC with the plugin vs SWC alone vs Babel with the plugin
// (and Babel alone), over the same files in one process, alternating, median of 3 rounds.
// "swc + no-op plugin" runs a Wasm plugin that returns the program unchanged (packages/swc-plugin/examples/
// noop_plugin.rs, built by `node packages/swc-plugin/build.mjs --example noop_plugin --out bench/noop_swc_plugin.wasm`):
// what SWC's plugin host costs by itself. The corpus is node_modules, which both plugins leave alone by
// default: they run with `exclude: []` here. Also printed: the output's size, instrumented over plain (characters
// of code, first round), and SWC with the plugin over SWC with the no-op plugin, against issue 12's goals.
// Usage: node bench/transform.mjs [--mb 8] [--json] [--swc-only (skip the Babel variants)] [--list corpus.txt (writes the corpus's paths, one a line, and exits;
// for packages/swc-plugin/examples/profile.rs)]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { mb: { type: 'string', default: '8' }, json: { type: 'boolean', default: false }, list: { type: 'string' }, 'swc-only': { type: 'boolean', default: false } } });
const babel = createRequire(path.join(root, 'packages/babel-plugin/package.json'))('@babel/core');
const swc = createRequire(path.join(root, 'packages/swc-plugin/package.json'))('@swc/core');
const wasm = process.env.MIGHTY_PATCHER_SWC_WASM ?? path.join(root, 'packages/swc-plugin/mighty_patcher_swc_plugin.wasm');
const noopWasm = path.join(root, 'bench/noop_swc_plugin.wasm');
const cacheRoot = path.join(os.homedir(), '.cache/mighty-patcher/swc-plugin-cache');

/** A deterministic corpus: the sorted .js files of node_modules/.pnpm between 1 and 200 KB that both compilers parse. */
function corpus(limitBytes) {
  const files = [];
  const walk = (directory) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory() && !entry.isSymbolicLink()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.js')) files.push(full);
    }
  };
  walk(path.join(root, 'node_modules/.pnpm'));
  const chosen = [];
  let bytes = 0;
  for (const file of files) {
    const { size } = fs.statSync(file);
    if (size < 1024 || size > 200 * 1024) continue;
    const source = fs.readFileSync(file, 'utf8');
    try {
      babel.parseSync(source, { filename: file, babelrc: false, configFile: false, sourceType: 'unambiguous' });
      swc.parseSync(source, { syntax: 'ecmascript' });
    } catch {
      continue;
    }
    chosen.push({ file, source });
    if ((bytes += size) >= limitBytes) break;
  }
  return { chosen, bytes };
}

const swcOptions = (plugins) => ({
  swcrc: false,
  configFile: false,
  jsc: {
    parser: { syntax: 'ecmascript' },
    target: 'esnext',
    experimental: plugins ? { cacheRoot, plugins } : {},
  },
  module: { type: 'es6' },
  sourceMaps: false,
});
const babelOptions = (plugin) => ({
  babelrc: false,
  configFile: false,
  sourceType: 'unambiguous',
  sourceMaps: false,
  plugins: plugin ? [[path.join(root, 'packages/babel-plugin'), { root, exclude: [], warn() {} }]] : [],
});

const variants = {
  'swc alone': ({ file, source }) => swc.transformSync(source, { filename: file, ...swcOptions(undefined) }),
  ...(fs.existsSync(noopWasm) && {
    'swc + no-op plugin': ({ file, source }) => swc.transformSync(source, { filename: file, ...swcOptions([[noopWasm, {}]]) }),
  }),
  'swc + plugin': ({ file, source }) =>
    swc.transformSync(source, { filename: file, ...swcOptions([[wasm, { root, exclude: [] }]]) }),
  ...(!values['swc-only'] && {
    'babel alone': ({ file, source }) => babel.transformSync(source, { filename: file, ...babelOptions(false) }),
    'babel + plugin': ({ file, source }) => babel.transformSync(source, { filename: file, ...babelOptions(true) }),
  }),
};

const { chosen, bytes } = corpus(Number(values.mb) * 1024 * 1024);
const mb = bytes / 1024 / 1024;
if (values.list) {
  fs.writeFileSync(values.list, chosen.map(({ file }) => `${file}\n`).join(''));
  process.exit(0);
}
for (const run of Object.values(variants)) run(chosen[0]);
const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
/** Characters of output over the corpus, per variant (the first round's; every round gives the same). */
const output = {};
for (let round = 0; round < 3; round++) {
  for (const [name, run] of Object.entries(variants)) {
    let characters = 0;
    const started = performance.now();
    for (const file of chosen) characters += run(file).code.length;
    times[name].push((performance.now() - started) / 1000);
    output[name] ??= characters;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[1];
const seconds = Object.fromEntries(Object.entries(times).map(([name, xs]) => [name, median(xs)]));
const result = {
  node: process.version,
  files: chosen.length,
  mb: Number(mb.toFixed(2)),
  seconds,
  mbPerSecond: Object.fromEntries(Object.entries(seconds).map(([name, s]) => [name, Number((mb / s).toFixed(2))])),
  pluginOverheadOnSwc: seconds['swc + plugin'] / seconds['swc alone'],
  noopPluginOverheadOnSwc: seconds['swc + no-op plugin'] ? seconds['swc + no-op plugin'] / seconds['swc alone'] : null,
  swcRouteSpeedup: seconds['babel + plugin'] ? seconds['babel + plugin'] / seconds['swc + plugin'] : null,
  pluginOverheadOnNoop: seconds['swc + no-op plugin'] ? seconds['swc + plugin'] / seconds['swc + no-op plugin'] : null,
  outputCharacters: output,
  outputRatio: output['swc + plugin'] / output['swc alone'],
  babelOutputRatio: output['babel + plugin'] ? output['babel + plugin'] / output['babel alone'] : null,
};
if (values.json) {
  console.log(JSON.stringify(result));
} else {
  console.log(`transform speed on Node ${process.version}: ${result.files} files, ${result.mb} MB of node_modules (transformSync, median of 3 alternating rounds)`);
  for (const name of Object.keys(variants)) {
    console.log(`  ${name.padEnd(18)} ${seconds[name].toFixed(2).padStart(7)} s  ${result.mbPerSecond[name].toFixed(2).padStart(6)} MB/s`);
  }
  console.log(`  SWC with the plugin / SWC alone: ${result.pluginOverheadOnSwc.toFixed(2)} (goal <= 1.40)`);
  if (result.noopPluginOverheadOnSwc === null) {
    console.log(`  (no ${path.relative(root, noopWasm)}: build it to measure SWC's plugin host alone)`);
  } else {
    console.log(`  SWC with a no-op plugin / SWC alone: ${result.noopPluginOverheadOnSwc.toFixed(2)} (the plugin host's own cost)`);
    console.log(`  SWC with the plugin / SWC with a no-op plugin: ${result.pluginOverheadOnNoop.toFixed(2)} (goal <= 1.25)`);
  }
  console.log(
    `  output, instrumented / plain: ${result.outputRatio.toFixed(2)} with SWC (${(output['swc + plugin'] / 1e6).toFixed(1)} / ${(output['swc alone'] / 1e6).toFixed(1)} M characters)` +
      (result.babelOutputRatio === null ? '' : `, ${result.babelOutputRatio.toFixed(2)} with Babel`) +
      ' (goal <= 1.3)',
  );
  if (result.swcRouteSpeedup !== null) {
    console.log(`  Babel route / SWC route (both with the plugin): ${result.swcRouteSpeedup.toFixed(1)}x (goal >= 10)`);
  }
}
