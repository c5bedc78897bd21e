#!/usr/bin/env node
// Octane 2 (npm benchmark-octane@1.0.1, fetched at run time into .cache/octane/) with every benchmark
// file instrumented, against the same files plain (issue 12). Octane's files are scripts sharing one
// global scope, loaded in order after the harness base.js (the package's lib/octane.js loads them with
// vm.runInThisContext); here each benchmark runs alone in a fresh child process that loads base.js
// (never instrumented) and then that benchmark's files the same way, instrumented as scripts (module id:
// the file name, so every file has its own). Columns: the Babel plugin, and the SWC plugin through
// @swc/core. Each round runs every benchmark plain, then with each plugin (the order rotates per round),
// one process at a time; a score is the median of the rounds, the total is Octane's geometric mean of
// the 17 scores, a ratio is instrumented / plain.
// --patches 100: in each child, after the suite's first Setup and two untimed runs of its first benchmark
// (the code is warm), every instrumented function is patched 100 times as the Node runtime patches a body
// edit (docs/protocol.md §3.5): the implementations are sliced from the built file, evaluated through
// the module's own evaluator (each time with a new sourceURL, so V8 compiles fresh functions rather than
// reusing cached ones) and committed through beginPatch/define; then Octane runs and is scored. The
// plain child runs the same two warm runs without patches. Octane's timing starts after Setup, so the
// patching itself is not in the score (nor in a latency suite's pauses: LATENCY_CLOCKS).
// --with name=module.mjs adds a column instrumented by that module: it exports
// `instrument(source, { filename, moduleId, root })` returning code, and may export
// `patch({ moduleId, text, evaluate, count })` for --patches (else the file is patched as above). Its output
// is cached in .cache/octane/<name>-<hash of that module's own bytes>/: delete it after editing what it imports.
// Instrumented files are cached the same way, keyed by the Babel plugin's dist/ or the SWC plugin's .wasm.
// Takes about 25 minutes with the defaults on a 2-core machine (the 100 patches of Mandreel's 1342
// functions take about a minute per instrumented child).
// Usage: node bench/octane.mjs [--rounds 3] [--patches 0,100] [--compilers babel,swc] [--only Richards,DeltaBlue]
//        [--with name=module.mjs] [--json]
// A benchmark, not a test: it prints figures and never fails on them.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'packages/runtime/package.json'));
const OCTANE = 'benchmark-octane@1.0.1';
const cache = path.join(root, '.cache/octane');
const octaneDir = path.join(cache, OCTANE.replace('@', '-'));
const filesDir = path.join(octaneDir, 'lib/octane');
const babelPlugin = path.join(root, 'packages/babel-plugin');
const swcWasm = process.env.MIGHTY_PATCHER_SWC_WASM ?? path.join(root, 'packages/swc-plugin/mighty_patcher_swc_plugin.wasm');

/** Octane's suites in the order of its run.js, with their files; Splay and Mandreel also report a latency score. */
const SUITES = [
  ['Richards', ['richards.js']],
  ['DeltaBlue', ['deltablue.js']],
  ['Crypto', ['crypto.js']],
  ['RayTrace', ['raytrace.js']],
  ['EarleyBoyer', ['earley-boyer.js']],
  ['RegExp', ['regexp.js']],
  ['Splay', ['splay.js']],
  ['NavierStokes', ['navier-stokes.js']],
  ['PdfJS', ['pdfjs.js']],
  ['Mandreel', ['mandreel.js']],
  ['Gameboy', ['gbemu-part1.js', 'gbemu-part2.js']],
  ['CodeLoad', ['code-load.js']],
  ['Box2D', ['box2d.js']],
  ['zlib', ['zlib.js', 'zlib-data.js']],
  ['Typescript', ['typescript.js', 'typescript-input.js', 'typescript-compiler.js']],
];
const SCORES = SUITES.flatMap(([name]) => (name === 'Splay' || name === 'Mandreel' ? [name, `${name}Latency`] : [name]));
/**
 * The global a latency suite measures its next pause from (its scripts' own `var`). --patches sets it again
 * after the warm runs and the patches, in both columns: else the next pause it records is the time the
 * patches took, which the scores are not meant to include.
 */
const LATENCY_CLOCKS = { Splay: 'splaySampleTimeStart', Mandreel: 'mandreelSampleTimeStart' };

if (process.argv[2] === '--child') {
  await child(JSON.parse(process.argv[3]));
  process.exit(0);
}

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    patches: { type: 'string', default: '0,100' },
    compilers: { type: 'string', default: 'babel,swc' },
    only: { type: 'string' },
    with: { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
  },
});
const log = (...args) => options.json || console.log(...args);

// ---------------------------------------------------------------------------------------------
// Octane itself, and the instrumented copies of its files

/** The package, as npm publishes it (like scripts/setup.mjs fetches Node 24): `npm pack` and tar, once. */
function ensureOctane() {
  if (fs.existsSync(path.join(filesDir, 'base.js'))) return;
  fs.mkdirSync(octaneDir, { recursive: true });
  const tarball = spawnSync('npm', ['pack', OCTANE, '--pack-destination', cache, '--silent'], { cwd: root, encoding: 'utf8' });
  if (tarball.status !== 0) throw new Error(`npm pack ${OCTANE} failed: ${tarball.stderr}`);
  const file = path.join(cache, tarball.stdout.trim().split('\n').pop());
  const tar = spawnSync('tar', ['xzf', file, '-C', octaneDir, '--strip-components=1'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error(`tar xzf ${file} failed`);
  fs.rmSync(file);
}

function hashOf(...parts) {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 12);
}

function filesUnder(directory) {
  return fs.readdirSync(directory, { recursive: true }).sort().map((name) => path.join(directory, name)).filter((file) => fs.statSync(file).isFile());
}

/** name -> { directory, patchModule? }: every benchmark file compiled into `directory`, cached by the compiler's own bytes. */
function instrumenters() {
  const result = {};
  for (const compiler of options.compilers.split(',').filter(Boolean)) {
    if (compiler === 'babel') {
      const babel = createRequire(path.join(babelPlugin, 'package.json'))('@babel/core');
      const key = hashOf(...filesUnder(path.join(babelPlugin, 'dist')).map((file) => fs.readFileSync(file)), babel.version);
      result.babel = {
        key,
        compile: (source, filename) =>
          babel.transformSync(source, {
            filename,
            root: filesDir,
            babelrc: false,
            configFile: false,
            sourceType: 'script',
            compact: false,
            plugins: [[babelPlugin, { root: filesDir, hmr: false }]],
          }).code,
      };
    } else if (compiler === 'swc') {
      if (!fs.existsSync(swcWasm)) {
        const build = spawnSync(process.execPath, [path.join(root, 'packages/swc-plugin/build.mjs')], { stdio: 'inherit' });
        if (build.status !== 0) throw new Error('the SWC plugin did not build');
      }
      const swc = createRequire(path.join(root, 'packages/swc-plugin/package.json'))('@swc/core');
      const key = hashOf(fs.readFileSync(swcWasm), swc.version);
      result.swc = {
        key,
        compile: (source, filename) =>
          swc.transformSync(source, {
            filename,
            cwd: filesDir,
            isModule: false,
            swcrc: false,
            configFile: false,
            jsc: {
              parser: { syntax: 'ecmascript' },
              target: 'esnext',
              experimental: {
                cacheRoot: path.join(os.homedir(), '.cache/mighty-patcher/swc-plugin-cache'),
                plugins: [[swcWasm, { root: filesDir, hmr: false }]],
              },
            },
          }).code,
      };
    } else {
      throw new Error(`unknown compiler ${compiler} (known: babel, swc)`);
    }
  }
  return result;
}

async function extraInstrumenters() {
  const result = {};
  for (const spec of options.with) {
    const [name, file] = spec.split('=');
    const module = path.resolve(file);
    const { instrument } = await import(pathToFileURL(module).href);
    result[name] = {
      key: hashOf(fs.readFileSync(module)),
      patchModule: module,
      compile: (source, filename) => instrument(source, { filename, moduleId: path.basename(filename), root: filesDir }),
    };
  }
  return result;
}

/** Compiles every benchmark file into .cache/octane/<name>-<key>/ unless already there; returns that directory. */
function instrumentAll(name, { key, compile }, files) {
  const directory = path.join(cache, `${name}-${key}`);
  for (const file of files) {
    const target = path.join(directory, file);
    if (fs.existsSync(target)) continue;
    fs.mkdirSync(directory, { recursive: true });
    const started = performance.now();
    const code = compile(fs.readFileSync(path.join(filesDir, file), 'utf8'), path.join(filesDir, file));
    fs.writeFileSync(`${target}.tmp`, code);
    fs.renameSync(`${target}.tmp`, target);
    log(`  [octane] ${name}: instrumented ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return directory;
}

// ---------------------------------------------------------------------------------------------
// One benchmark in a fresh process

async function child({ suite, directory, patches, patchModule }) {
  const vm = require('node:vm');
  const evaluators = new Map();
  const loaded = [];
  if (directory) {
    // The real registry, as under the Node runtime; its scope hook keeps each module's evaluator.
    const registry = require('@mighty-patcher/runtime').getRegistry();
    registry.scope = (moduleId, evaluate) => evaluators.set(moduleId, evaluate);
  }
  // What the package's lib/octane.js gives the benchmarks.
  globalThis.print = (text) => console.error(text);
  globalThis.read = (file) => fs.readFileSync(file, 'utf8');
  const load = (file, from) => {
    const text = fs.readFileSync(path.join(from, file), 'utf8');
    vm.runInThisContext(text, { filename: path.join(from, file) });
    return text;
  };
  load('base.js', filesDir);
  for (const file of SUITES.find(([name]) => name === suite)[1]) {
    loaded.push({ moduleId: file, text: load(file, directory ?? filesDir) });
  }
  const BenchmarkSuite = globalThis.BenchmarkSuite;
  if (patches > 0) {
    // Patched after the first benchmark's Setup and two warm runs (Octane calls run() repeatedly
    // between one Setup and one TearDown, so this is safe; running Setup twice is not, for Mandreel).
    // Setup is not timed: the patches' own cost is not in the score.
    const benchmark = BenchmarkSuite.suites[0].benchmarks[0];
    const setup = benchmark.Setup;
    benchmark.Setup = function () {
      setup.call(this);
      benchmark.run();
      benchmark.run();
      if (directory) patchAll();
      if (LATENCY_CLOCKS[suite]) globalThis[LATENCY_CLOCKS[suite]] = performance.now();
    };
  }
  const custom = patchModule ? (await import(pathToFileURL(patchModule).href)).patch : undefined;
  const patchAll = () => {
    for (const { moduleId, text } of loaded) {
      const evaluate = evaluators.get(moduleId);
      if (!evaluate) continue; // nothing instrumented in this file
      if (custom) custom({ moduleId, text, evaluate, count: patches });
      else patchLikeTheRuntime(moduleId, text, evaluate, patches);
    }
  };
  const scores = {};
  BenchmarkSuite.RunSuites({
    NotifyResult: (name, score) => (scores[name] = Number(score)),
    NotifyError: (name, error) => (scores[name] = `error: ${error}`),
  });
  process.stdout.write(JSON.stringify(scores));
}

/**
 * A body patch of every guarded function as packages/runtime/src/node/evaluate.ts applies it (the same
 * patchCode, the module's evaluator, one transaction per patch), `count` times. Closure sites get the
 * runtime's closure runner (compiled per activation through the activation's evaluator).
 */
function patchLikeTheRuntime(moduleId, text, evaluate, count) {
  const { analyse } = require('./dist/node/analyse.js');
  const { patchCode } = require('./dist/node/patch-code.js');
  const { closureRunner } = require('./dist/node/evaluate.js');
  const { beginPatch, cellsOf, getRegistry } = require('@mighty-patcher/runtime');
  const registry = getRegistry();
  const version = analyse(text, 'script');
  if (!version) return; // no guarded function (the file still registers its evaluator)
  const declared = new Set(version.cells.values());
  const slotOf = (name) => registry.slots.get(`${moduleId}#${name}`);
  for (let index = 1; index <= count; index++) {
    const { code, elements, closures } = patchCode(
      version,
      version.functions,
      [],
      [],
      declared,
      (name) => slotOf(name)?.version ?? 0,
      `octane-patch:${moduleId}?${index}`,
      undefined,
      [],
    );
    const transaction = beginPatch(moduleId);
    const [values, shared] = evaluate(code);
    elements.forEach(({ fn }, i) => {
      let impl = values[i];
      if (fn.role === 'method' || (fn.role === 'field' && fn.arrow)) {
        const slot = slotOf(fn.name);
        impl = impl(slot && cellsOf(slot)[0]?.home);
      }
      transaction.patch(fn.name, impl, { updated: true });
    });
    for (const { element, code: closureCode, names } of closures) {
      const runner = closureRunner(closureCode, names.length > 0 ? names.map((name) => shared[name]) : undefined);
      transaction.patch(element.fn.name, runner, { updated: true });
    }
    transaction.commit();
  }
}

function runChild(job) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify(job)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) return Object.fromEntries(SCORES.map((name) => [name, `error: exit ${result.status}: ${result.stderr.slice(-500)}`]));
  return JSON.parse(result.stdout);
}

// ---------------------------------------------------------------------------------------------

ensureOctane();
const onlySuites = options.only ? SUITES.filter(([name]) => options.only.split(',').includes(name)) : SUITES;
const allFiles = onlySuites.flatMap(([, files]) => files);
const columns = { plain: { directory: undefined } };
for (const [name, instrumenter] of Object.entries({ ...instrumenters(), ...(await extraInstrumenters()) })) {
  columns[name] = { directory: instrumentAll(name, instrumenter, allFiles), patchModule: instrumenter.patchModule };
}
const names = Object.keys(columns);
const rounds = Number(options.rounds);
const median = (xs) => {
  const sorted = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const geomean = (xs) => (xs.some((x) => x === undefined) ? undefined : Math.exp(xs.reduce((sum, x) => sum + Math.log(x), 0) / xs.length));
const scoreNames = SCORES.filter((score) => onlySuites.some(([name]) => score.startsWith(name)));

const results = [];
for (const patches of options.patches.split(',').map(Number)) {
  const samples = Object.fromEntries(names.map((name) => [name, Object.fromEntries(scoreNames.map((score) => [score, []]))]));
  const errors = [];
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const [suite] of onlySuites) {
      // Rotate who goes first, so a slow phase of the machine does not always hit the same column.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) {
        const scores = runChild({ suite, patches, ...columns[name] });
        for (const [score, value] of Object.entries(scores)) {
          if (typeof value === 'number') samples[name][score]?.push(value);
          else errors.push(`${name} ${score}: ${value}`);
        }
      }
    }
    log(`  [octane] ${patches ? `after ${patches} patches, ` : ''}round ${round + 1}/${rounds} done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  const medians = Object.fromEntries(names.map((name) => [name, Object.fromEntries(scoreNames.map((score) => [score, median(samples[name][score])]))]));
  const totals = Object.fromEntries(names.map((name) => [name, geomean(scoreNames.map((score) => medians[name][score]))]));
  results.push({ patches, medians, totals, errors });
}

if (options.json) {
  console.log(JSON.stringify({ node: process.version, rounds, results }));
} else {
  const fmt = (x) => (x === undefined ? 'error' : x >= 100 ? x.toFixed(0) : x.toPrecision(3));
  const ratio = (a, b) => (a === undefined || b === undefined ? '  -  ' : (a / b).toFixed(2));
  for (const { patches, medians, totals, errors } of results) {
    const when = patches ? `after ${patches} patches of every instrumented function` : 'before any patch';
    console.log(`Octane 2 (${OCTANE}) on Node ${process.version}, ${when}: median score of ${rounds} rounds; ratio = instrumented / plain`);
    const header = ['benchmark'.padEnd(16), 'plain'.padStart(8), ...names.slice(1).flatMap((name) => [name.padStart(10), 'ratio'.padStart(6)])];
    console.log(`  ${header.join(' ')}`);
    const row = (label, get) =>
      console.log(`  ${[label.padEnd(16), fmt(get('plain')).padStart(8), ...names.slice(1).flatMap((name) => [fmt(get(name)).padStart(10), ratio(get(name), get('plain')).padStart(6)])].join(' ')}`);
    for (const score of scoreNames) row(score, (name) => medians[name][score]);
    row('total (geomean)', (name) => totals[name]);
    for (const error of errors.slice(0, 10)) console.log(`  ! ${error}`);
  }
}
