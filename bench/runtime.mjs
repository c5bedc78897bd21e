#!/usr/bin/env node
// The Node runtime's benchmarks (issue 3, item 7), on a generated CommonJS app of 1,000 modules built
// with the Babel plugin (source maps included), in a temporary directory:
//   latency   write of a built file -> first call through a held reference that returns the new value:
//             the benchmark writes the file, then asks the app over IPC in a tight loop (one clock, the
//             benchmark's; the IPC round trips are included, so the figure is an upper bound).
//   restart   write -> first HTTP answer showing the edit, under `mighty-patcher run` and under
//             `node --watch` (restart: 1,000 modules to load again), polled the same way.
//   heap      heapUsed after GC (--expose-gc) before and after 1,000 patches of one module, for the
//             body-only path and, separately, the re-evaluation path (a top-level change).
//   watcher   time until the watcher is ready on 10,000 files, and its CPU time over 10 s idle.
//   startup   spawn -> first HTTP answer of the built app: `mighty-patcher run dist/main.js` against
//             `node dist/main.js`, alternating (issue 12).
//   typescript the same app written in TypeScript (src/*.ts, no build): save of a .ts file -> first HTTP
//             answer with the edit under `mighty-patcher run src/main.ts`, `tsx watch src/main.ts`, and
//             `node --watch` on its build (the rebuild not counted); start-up to the first answer against
//             `tsx src/main.ts` and `node dist/main.js`, cold (no compiled module cached) and warm (issue 13).
// Benchmarks, not tests: figures, never a failure.
// Usage: node bench/runtime.mjs [--only latency,restart,heap,watcher,startup,typescript] [--samples 60] [--patches 1000]
//        [--starts 5] [--ts-samples 30] [--baseline <another checkout>] [--json]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'packages/runtime/package.json'));
const babel = require('@babel/core');
const swc = require('@swc/core');
const plugin = path.join(root, 'packages/babel-plugin/dist/index.js');
const cli = path.join(root, 'packages/runtime/dist/node/cli.js');
const runtimeNode = path.join(root, 'packages/runtime/dist/node/index.js');

const { values: options } = parseArgs({
  options: {
    // startup and typescript take minutes more: `npm run bench` runs them, CI (`npm run bench:runtime`) does not.
    only: { type: 'string', default: 'latency,restart,heap,watcher' },
    /** Rounds of each start-up measurement (alternating runners). */
    starts: { type: 'string', default: '5' },
    /** Saves of a .ts file measured under mighty-patcher run (tsx watch and node --watch: --restarts). */
    'ts-samples': { type: 'string', default: '30' },
    samples: { type: 'string', default: '60' },
    restarts: { type: 'string', default: '7' },
    patches: { type: 'string', default: '1000' },
    files: { type: 'string', default: '10000' },
    idle: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    /** Writes a CPU profile of the patched process of the latency benchmark into this directory. */
    profile: { type: 'string' },
    /**
     * Another checkout of the project (built), whose `mighty-patcher run` the startup and typescript start-up
     * runs alternate with this one's: a change's before and after in the same run.
     */
    baseline: { type: 'string' },
    /** Extra V8/Node flags for the patched process of the heap benchmark (for diagnosis, e.g. --no-compilation-cache). */
    'heap-flags': { type: 'string', default: '' },
  },
});
const only = new Set(options.only.split(','));
const baselineCli = options.baseline && path.join(path.resolve(options.baseline), 'packages/runtime/dist/node/cli.js');
const log = (...args) => options.json || console.log(...args);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

// ---------------------------------------------------------------------------------------------
// The generated app

const MODULES = 1000;
const pad = (n, width = 4) => String(n).padStart(width, '0');
/** Modules whose `value` the latency benchmark edits, round robin (so chokidar's 50 ms per-file throttle never applies). */
const TARGETS = [100, 200, 300, 400, 500, 600, 700, 800, 900, 999];
/** Versions have a fixed width so that the source map stays exact when they are substituted into the build. */
const version = (n) => `v${pad(n, 6)}`;
const topVersion = (n) => `t${pad(n, 6)}`;

/**
 * Module i of the app. Everything that varies with i is a fixed-width token (I, A, B below), so the
 * Babel build is done once and specialised by substitution, with an exact source map. The exported
 * store keeps its items in a plain object, which compares by value: a top-level edit (TAG) is then
 * re-evaluated in place; a Map's state is internal, so a new one would ask for a restart. TAG is made by a method
 * call: a new value of a plain constant (or of a conversion, `String(…)`) that only functions read would be
 * patched in place, not evaluated again.
 */
const MODULE_TEMPLATE = `'use strict';
const I = Number('@@I@');
const a = I > 0 ? require('@@PA@') : null;
const b = I > 1 ? require('@@PB@') : null;
const LABEL = 'm@@I@';
const TAG = '${topVersion(0)}'.trim();
const TABLE = [
${Array.from({ length: 12 }, (_, k) => `  { id: ${k}, name: 'item-@@I@-${k}', price: (${k * 7} + I) % 97, tags: ['a${k}', 'b' + (I % 13)] },`).join('\n')}
];
let calls = 0;

function weight(x) {
  calls++;
  return (x * 31 + I) % 1009;
}

function helper(x) {
  return weight(x) + LABEL.length + (a ? a.weight(x) : 0);
}

function describe(item) {
  return \`\${LABEL}:\${item.name}:\${helper(item.id)}\`;
}

const total = (items) => items.reduce((sum, item) => sum + item.price, 0);
const format = (n) => n.toFixed(2);

async function load(id) {
  await null;
  return TABLE.find((item) => item.id === id) ?? null;
}

class Store {
  constructor() {
    this.items = Object.create(null);
  }
  put(key, value) {
    this.items[key] = value;
    return this;
  }
  get(key) {
    return this.items[key];
  }
  get size() {
    return Object.keys(this.items).length;
  }
}

function value() {
  return '${version(0)}';
}

function top() {
  return TAG;
}

function stats() {
  return { calls, label: LABEL, total: format(total(TABLE)) };
}

const store = new Store();
for (const item of TABLE) store.put(item.id, describe(item));
if (b) store.put(-1, b.helper(I));

module.exports = { weight, helper, describe, total, format, load, Store, value, top, stats, store };
`;

/** Modules per directory of the nested layout; the flat layout has all 1,000 in one directory. */
const PER_DIRECTORY = 50;
/** Where module i is, relative to dist/ (and src/). Fixed width, like every substituted token. */
const where = (i, flat) => (flat ? `m${pad(i)}.js` : `d${pad(Math.floor(i / PER_DIRECTORY), 2)}/m${pad(i)}.js`);
const specialise = (text, i, flat) =>
  text
    .replaceAll('@@PA@', flat ? `./${where(Math.max(i - 1, 0), flat)}` : `../${where(Math.max(i - 1, 0), flat)}`)
    .replaceAll('@@PB@', flat ? `./${where(i >> 1, flat)}` : `../${where(i >> 1, flat)}`)
    .replaceAll('@@D@', pad(Math.floor(i / PER_DIRECTORY), 2))
    .replaceAll('@@I@', pad(i));

const main = (flat) => `'use strict';
const http = require('node:http');
const modules = [];
for (const file of ${JSON.stringify(Array.from({ length: MODULES }, (_, i) => `./${where(i, flat)}`))}) modules.push(require(file));
// References taken once, as a program holds them: patched in place, never looked up again.
const values = ${JSON.stringify(TARGETS)}.map((i) => modules[i].value);
const tops = ${JSON.stringify(TARGETS)}.map((i) => modules[i].top);
const answer = (target) => values[target]() + ' ' + tops[target]();
if (process.send) {
  process.on('message', (message) => {
    if (message.exit) process.exit(0);
    if (message.gc) {
      for (let i = 0; i < 6; i++) globalThis.gc();
      const forced = process.memoryUsage().heapUsed;
      // Forced GCs never age V8's compilation cache (it keeps every evaluated source until its code is
      // old): a few seconds of allocation give the natural GCs that let V8 drop what it would drop anyway.
      let garbage = [];
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        garbage.push(new Array(1000).fill(Math.random()));
        if (garbage.length > 2000) garbage = [];
      }
      garbage = [];
      for (let i = 0; i < 6; i++) globalThis.gc();
      process.send({ forced, heapUsed: process.memoryUsage().heapUsed });
    } else {
      process.send({ answer: answer(message.target) });
    }
  });
}
const server = http.createServer((request, response) => {
  const target = Number(new URL(request.url, 'http://x').searchParams.get('t') ?? 0);
  response.end(answer(target));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.send?.({ started: true }));
`;

class GeneratedApp {
  /** `flat`: the 1,000 modules in one directory (dist/ holds 2,000 files with the maps); else 50 per directory. */
  constructor(flat) {
    this.flat = flat;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-bench-app-'));
    this.dist = path.join(this.dir, 'dist');
    fs.mkdirSync(path.join(this.dir, 'src'));
    fs.mkdirSync(this.dist);
    fs.writeFileSync(path.join(this.dir, 'package.json'), JSON.stringify({ type: 'commonjs' }));
    /** Built code and map of each target, with the version placeholders in them. */
    this.templates = new Map();
    const started = performance.now();
    const entry = this.compile('main.js', main(flat));
    fs.writeFileSync(path.join(this.dist, 'main.js.map'), entry.map);
    fs.writeFileSync(path.join(this.dist, 'main.js'), entry.code);
    const template = this.compile(flat ? 'm@@I@.js' : 'd@@D@/m@@I@.js', MODULE_TEMPLATE);
    for (let i = 0; i < MODULES; i++) {
      const code = specialise(template.code, i, flat);
      const map = specialise(template.map, i, flat);
      if (TARGETS.includes(i)) this.templates.set(i, { code, map });
      const file = where(i, flat);
      fs.mkdirSync(path.dirname(path.join(this.dist, file)), { recursive: true });
      fs.mkdirSync(path.dirname(path.join(this.dir, 'src', file)), { recursive: true });
      fs.writeFileSync(path.join(this.dir, 'src', file), specialise(MODULE_TEMPLATE, i, flat));
      fs.writeFileSync(path.join(this.dist, `${file}.map`), map);
      fs.writeFileSync(path.join(this.dist, file), code);
    }
    this.buildSeconds = (performance.now() - started) / 1000;
    this.main = path.join(this.dist, 'main.js');
  }

  compile(file, source) {
    const result = babel.transformSync(source, {
      filename: path.join(this.dir, 'src', file),
      cwd: this.dir,
      root: this.dir,
      configFile: false,
      babelrc: false,
      sourceType: 'script',
      sourceMaps: true,
      plugins: [plugin],
    });
    const up = '../'.repeat(file.split('/').length);
    const map = JSON.stringify({ ...result.map, sources: [`${up}src/${file}`], sourceRoot: undefined });
    return { code: `${result.code}\n//# sourceMappingURL=${path.basename(file)}.map\n`, map };
  }

  /** The build of target `i` with `value` returning version(v) and TAG = topVersion(t). */
  built(i, v, t = 0) {
    const { code, map } = this.templates.get(i);
    const edit = (text) => text.replaceAll(version(0), version(v)).replaceAll(topVersion(0), topVersion(t));
    return { code: edit(code), map: edit(map) };
  }

  /** Writes a build of target `i` as a build tool does (its map, then the code); returns when the writes started. */
  write(i, v, t = 0) {
    const { code, map } = this.built(i, v, t);
    const file = path.join(this.dist, where(i, this.flat));
    const at = performance.now();
    fs.writeFileSync(`${file}.map`, map);
    fs.writeFileSync(file, code);
    return at;
  }

  remove() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Module i of the TypeScript app: the same module as MODULE_TEMPLATE, written as people write TypeScript. */
const tsModule = (i, flat, v = 0, t = 0) => {
  const up = flat ? './' : '../';
  const imports = [
    `import type { Row } from '${up}types.js';`,
    ...(i > 0 ? [`import * as a from '${up}${where(Math.max(i - 1, 0), flat)}';`] : []),
    ...(i > 1 ? [`import * as b from '${up}${where(i >> 1, flat)}';`] : []),
  ];
  return `${imports.join('\n')}

const I: number = ${i};
const LABEL: string = 'm${pad(i)}';
const TAG: string = '${topVersion(t)}';
const TABLE: Row[] = [
${Array.from({ length: 12 }, (_, k) => `  { id: ${k}, name: 'item-${pad(i)}-${k}', price: (${k * 7} + I) % 97, tags: ['a${k}', 'b' + (I % 13)] },`).join('\n')}
];
let calls = 0;

export function weight(x: number): number {
  calls++;
  return (x * 31 + I) % 1009;
}

export function helper(x: number): number {
  return weight(x) + LABEL.length + ${i > 0 ? 'a.weight(x)' : '0'};
}

export function describe(item: Row): string {
  return \`\${LABEL}:\${item.name}:\${helper(item.id)}\`;
}

export const total = (items: Row[]): number => items.reduce((sum, item) => sum + item.price, 0);
export const format = (n: number): string => n.toFixed(2);

export async function load(id: number): Promise<Row | null> {
  await null;
  return TABLE.find((item) => item.id === id) ?? null;
}

export class Store<K, V> {
  private items = new Map<K, V>();
  put(key: K, value: V): this {
    this.items.set(key, value);
    return this;
  }
  get(key: K): V | undefined {
    return this.items.get(key);
  }
  get size(): number {
    return this.items.size;
  }
}

export function value(): string {
  return '${version(v)}';
}

export function top(): string {
  return TAG;
}

export function stats(): { calls: number; label: string; total: string } {
  return { calls, label: LABEL, total: format(total(TABLE)) };
}

export const store = new Store<number, string>();
for (const item of TABLE) store.put(item.id, describe(item));
${i > 1 ? 'store.put(-1, String(b.helper(I)));' : ''}
`;
};

const tsMain = (flat) => `import http from 'node:http';
${Array.from({ length: MODULES }, (_, i) => `import * as m${pad(i)} from './${where(i, flat)}';`).join('\n')}

type AppModule = { value(): string; top(): string };
const modules: AppModule[] = [${Array.from({ length: MODULES }, (_, i) => `m${pad(i)}`).join(', ')}];
// References taken once, as a program holds them: patched in place, never looked up again.
const values = ${JSON.stringify(TARGETS)}.map((i) => modules[i]!.value);
const tops = ${JSON.stringify(TARGETS)}.map((i) => modules[i]!.top);
const answer = (target: number): string => values[target]!() + ' ' + tops[target]!();
const server = http.createServer((request, response) => {
  const target = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('t') ?? 0);
  response.end(answer(target));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
`;

/**
 * The 1,000-module app in TypeScript, in a package with no "type" (CommonJS by tsconfig's `module`), as people
 * write it for `tsc` and `tsx`: `.js` specifiers naming `.ts` files, a shared `Row` type. Also built into dist/
 * with @swc/core alone (types stripped, CommonJS, no instrumentation): what `node` runs.
 */
class TypeScriptApp {
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-bench-ts-'));
    this.src = path.join(this.dir, 'src');
    this.dist = path.join(this.dir, 'dist');
    fs.writeFileSync(path.join(this.dir, 'package.json'), JSON.stringify({ name: 'bench-ts-app', private: true }));
    fs.writeFileSync(
      path.join(this.dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, outDir: 'dist', rootDir: 'src' } }),
    );
    this.writeSource('types.ts', 'export interface Row { id: number; name: string; price: number; tags: string[] }\n');
    for (let i = 0; i < MODULES; i++) this.writeSource(where(i, false).replace(/\.js$/, '.ts'), tsModule(i, false));
    this.writeSource('main.ts', tsMain(false));
    this.main = path.join(this.src, 'main.ts');
    this.builtMain = path.join(this.dist, 'main.js');
  }

  writeSource(name, text) {
    const file = path.join(this.src, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const built = path.join(this.dist, name.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(built), { recursive: true });
    fs.writeFileSync(built, this.build(file, text));
  }

  build(file, text) {
    return swc.transformSync(text, {
      filename: file,
      swcrc: false,
      configFile: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    }).code;
  }

  /** Saves module i with `value` returning version(v), as an editor does; returns when the write started. */
  write(i, v) {
    const at = performance.now();
    fs.writeFileSync(path.join(this.src, where(i, false).replace(/\.js$/, '.ts')), tsModule(i, false, v));
    return at;
  }

  /** Writes the build of module i with `value` returning version(v), as `tsc --watch` would; returns when the write started. */
  writeBuilt(i, v) {
    const code = this.build(path.join(this.src, where(i, false).replace(/\.js$/, '.ts')), tsModule(i, false, v));
    const at = performance.now();
    fs.writeFileSync(path.join(this.dist, where(i, false)), code);
    return at;
  }

  remove() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Processes

/** A program started with an IPC channel; collects `--json` events from stderr. */
/** Every program started, killed when the benchmark ends, even on an error. */
const children = new Set();

class Child {
  /** `ipc: false` for `node --watch`, whose restarted children would inherit the channel's file descriptor. */
  constructor(args, { cwd, env = {}, ipc = true }) {
    children.add(this);
    this.events = [];
    this.stderr = '';
    this.replies = [];
    this.process = spawn(process.execPath, args, {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe', ...(ipc ? ['ipc'] : [])],
      env: { ...process.env, NODE_OPTIONS: '', ...env },
    });
    this.process.stderr.setEncoding('utf8');
    let partial = '';
    this.process.stderr.on('data', (chunk) => {
      this.stderr += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) if (line.startsWith('{"mightyPatcher"')) this.events.push(JSON.parse(line));
    });
    this.started = new Promise((resolve) => {
      this.process.on('message', (message) => {
        if (message.started) resolve();
        else this.replies.shift()?.(message);
      });
    });
    this.exited = new Promise((resolve) => this.process.once('exit', resolve));
  }

  ask(message) {
    return new Promise((resolve) => {
      this.replies.push(resolve);
      this.process.send(message);
    });
  }

  async waitFor(match, from = 0, timeout = 30_000) {
    const giveUp = performance.now() + timeout;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      if (this.process.exitCode !== null) throw new Error(`the program exited:\n${this.stderr}`);
      if (performance.now() > giveUp) throw new Error(`timed out waiting for an event; the program printed:\n${this.stderr.slice(-4000)}`);
      await sleep(2);
    }
  }

  async stop() {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      // Asked to exit first (so that a --cpu-prof profile is written), killed if it does not.
      if (this.process.connected) {
        this.process.send({ exit: true });
        if (await Promise.race([this.exited.then(() => true), sleep(3000)])) return;
      }
      this.process.kill();
      await this.exited;
    }
  }
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function get(port, target) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: `/?t=${target}`, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(body));
      response.on('error', () => resolve(undefined));
    });
    request.on('error', () => resolve(undefined));
  });
}

/** Polls over HTTP until the answer starts with `expected` (1 ms between attempts, the same for every runner). */
async function untilHttp(port, target, expected, timeout = 60_000) {
  const giveUp = performance.now() + timeout;
  for (;;) {
    const body = await get(port, target);
    if (body?.startsWith(expected)) return performance.now();
    if (performance.now() > giveUp) throw new Error(`no answer ${expected} on port ${port} (last: ${body})`);
    await sleep(1);
  }
}

// ---------------------------------------------------------------------------------------------
// Benchmarks

async function latency(app) {
  const profile = options.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.profile)] : [];
  const child = new Child([...profile, cli, 'run', '--json', app.main], { cwd: app.dir });
  await child.started;
  await child.waitFor((event) => event.mightyPatcher === 'ready');
  const samples = Number(options.samples);
  const total = [];
  const inPatcher = [];
  const warmup = 5;
  let next = 0;
  for (let k = 0; k < samples + warmup; k++) {
    const target = k % TARGETS.length;
    const v = ++next;
    const from = child.events.length;
    const wrote = app.write(TARGETS[target], v);
    const expected = `${version(v)} `;
    let answered;
    for (;;) {
      const { answer } = await child.ask({ target });
      if (answer.startsWith(expected)) {
        answered = performance.now();
        break;
      }
      if (answered === undefined && performance.now() - wrote > 10_000) throw new Error(`patch ${v} never arrived:\n${child.stderr}`);
    }
    const event = await child.waitFor((e) => e.mightyPatcher !== 'ready', from);
    if (event.mightyPatcher !== 'patch' || event.rule !== 'body') throw new Error(`unexpected event ${JSON.stringify(event)}`);
    if (k >= warmup) {
      total.push(answered - wrote);
      inPatcher.push(event.ms);
    }
    await sleep(100);
  }
  await child.stop();
  return {
    samples,
    p50: quantile(total, 0.5),
    p95: quantile(total, 0.95),
    max: Math.max(...total),
    patcherP50: quantile(inPatcher, 0.5),
    patcherP95: quantile(inPatcher, 0.95),
  };
}

async function restart(app) {
  const rounds = Number(options.restarts);
  const target = TARGETS.indexOf(500);
  const runners = {
    'mighty-patcher run': (port) => new Child([cli, 'run', app.main], { cwd: app.dir, env: { PORT: String(port) } }),
    'node --watch': (port) => new Child(['--watch', app.main], { cwd: app.dir, env: { PORT: String(port) }, ipc: false }),
  };
  const results = {};
  let v = 1_000;
  app.write(500, v);
  // Start-up of the app alone, for scale: plain node, spawn -> first HTTP answer.
  const startups = [];
  for (let k = 0; k < 3; k++) {
    const port = await freePort();
    const started = performance.now();
    const child = new Child([app.main], { cwd: app.dir, env: { PORT: String(port) } });
    await untilHttp(port, target, version(v));
    startups.push(performance.now() - started);
    await child.stop();
  }
  results.startup = quantile(startups, 0.5);
  for (const [label, start] of Object.entries(runners)) {
    const port = await freePort();
    const child = start(port);
    await untilHttp(port, target, version(v));
    await sleep(label === 'node --watch' ? 1000 : 300); // both watchers settled
    const times = [];
    for (let k = 0; k < rounds; k++) {
      v++;
      const wrote = app.write(500, v);
      times.push((await untilHttp(port, target, version(v))) - wrote);
      await sleep(800);
    }
    await child.stop();
    results[label] = quantile(times, 0.5);
    results[`${label} all`] = times;
  }
  results.speedup = results['node --watch'] / results['mighty-patcher run'];
  return results;
}

async function heap(app, rule) {
  const patches = Number(options.patches);
  const flags = options['heap-flags'].split(' ').filter(Boolean);
  const child = new Child(['--expose-gc', ...flags, cli, 'run', '--json', app.main], { cwd: app.dir });
  await child.started;
  await child.waitFor((event) => event.mightyPatcher === 'ready');
  const target = TARGETS.indexOf(500);
  const before = await child.ask({ gc: true });
  let afterWarmup;
  const started = performance.now();
  const warmup = 10;
  for (let k = 1; k <= patches + warmup; k++) {
    const from = child.events.length;
    // body: only value's body changes; re-evaluate: the top-level TAG changes (and value with it).
    if (rule === 'body') app.write(500, 10_000 + k);
    else app.write(500, 10_000 + k, k);
    const event = await child.waitFor((e) => e.mightyPatcher !== 'ready', from);
    if (event.mightyPatcher !== 'patch' || event.rule !== rule) throw new Error(`unexpected event ${JSON.stringify(event)}`);
    const { answer } = await child.ask({ target });
    if (answer !== `${version(10_000 + k)} ${topVersion(rule === 'body' ? 0 : k)}`) throw new Error(`patch ${k} not applied: ${answer}`);
    if (k === warmup) afterWarmup = await child.ask({ gc: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await child.ask({ gc: true });
  await child.stop();
  const mb = (bytes) => bytes / 1024 / 1024;
  return {
    patches,
    beforeMB: mb(before.heapUsed),
    growthMB: mb(after.heapUsed - afterWarmup.heapUsed),
    growthFromStartMB: mb(after.heapUsed - before.heapUsed),
    forcedGcOnlyGrowthMB: mb(after.forced - afterWarmup.forced),
    seconds,
  };
}

async function watcher() {
  const files = Number(options.files);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-bench-watch-'));
  try {
    for (let d = 0; d < files / 100; d++) {
      const sub = path.join(dir, `d${pad(d, 3)}`);
      fs.mkdirSync(sub);
      for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(sub, `f${pad(f, 3)}.js`), `exports.v = ${f};\n`);
    }
    const script = `
      const { startPatcher } = require(${JSON.stringify(runtimeNode)});
      (async () => {
        const started = performance.now();
        const patcher = await startPatcher({ watch: [${JSON.stringify(dir)}], output: 'none' });
        const ready = performance.now() - started;
        const cpu = process.cpuUsage();
        const wall = performance.now();
        setTimeout(async () => {
          const used = process.cpuUsage(cpu);
          const seconds = (performance.now() - wall) / 1000;
          process.send({ ready, cpuMs: (used.user + used.system) / 1000, seconds, rssMB: process.memoryUsage().rss / 1048576 });
          await patcher.close();
          process.disconnect();
        }, ${Number(options.idle) * 1000});
      })();`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, NODE_OPTIONS: '' } });
    const result = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`watcher benchmark exited with ${code}`)));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    return { files, readyMs: result.ready, idleSeconds: result.seconds, idleCpuMs: result.cpuMs, idleCpuPercent: (result.cpuMs / 10 / result.seconds), rssMB: result.rssMB };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * CPU time (user + system, ms) used so far by a process and every process under it, from Linux's /proc (undefined
 * elsewhere): on a machine shared with other work it varies far less than the time to the first answer.
 */
function treeCpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    let ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      for (const child of fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) {
        ticks += (treeCpuMs(Number(child)) ?? 0) / 10;
      }
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/**
 * Start-up: spawn -> first HTTP answer showing `expected`, then the program is stopped. `cpu`: where the CPU time
 * of the process tree to the first answer goes (Linux).
 */
async function startToAnswer(args, { cwd, env = {}, expected, cpu }) {
  const port = await freePort();
  const started = performance.now();
  const child = new Child(args, { cwd, env: { PORT: String(port), ...env }, ipc: false });
  try {
    await untilHttp(port, TARGETS.indexOf(500), expected);
    const ms = performance.now() - started;
    const used = treeCpuMs(child.process.pid);
    if (cpu && used !== undefined) cpu.push(used);
    return ms;
  } finally {
    await child.stop();
  }
}

const median = (xs) => quantile(xs, 0.5);

/** Issue 12: the built app's start-up under the runtime against plain node, alternating (nothing to compile: a plugin built it). */
async function startup(app) {
  const rounds = Number(options.starts);
  // The version it answers with is written first: the benchmarks before this one leave later versions.
  const expected = version(0);
  app.write(500, 0);
  // The runtime's cache (V8's compiled code of the modules, on Node >= 22.1) in a directory of this run:
  // emptied before each cold start, kept for the warm one.
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-bench-cache-'));
  const env = { MIGHTY_PATCHER_CACHE_DIR: cache };
  const times = { node: [], 'mighty-patcher run': [], 'mighty-patcher run, cold cache': [], ...(baselineCli && { baseline: [] }) };
  const cpu = Object.fromEntries(Object.keys(times).map((label) => [label, []]));
  const counted = (label, k) => (k === 0 ? undefined : cpu[label]);
  try {
    for (let k = 0; k < rounds + 1; k++) {
      const plain = await startToAnswer([app.main], { cwd: app.dir, expected, cpu: counted('node', k) });
      fs.rmSync(path.join(cache, 'v8'), { recursive: true, force: true });
      const cold = await startToAnswer([cli, 'run', app.main], { cwd: app.dir, expected, env, cpu: counted('mighty-patcher run, cold cache', k) });
      const patched = await startToAnswer([cli, 'run', app.main], { cwd: app.dir, expected, env, cpu: counted('mighty-patcher run', k) });
      const before = baselineCli && (await startToAnswer([baselineCli, 'run', app.main], { cwd: app.dir, expected, env, cpu: counted('baseline', k) }));
      // The first round warms the OS's file cache for all: not counted.
      if (k === 0) continue;
      times.node.push(plain);
      times['mighty-patcher run'].push(patched);
      times['mighty-patcher run, cold cache'].push(cold);
      if (baselineCli) times.baseline.push(before);
    }
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
  const cold = median(times['mighty-patcher run, cold cache']);
  const result = { rounds, node: median(times.node), patched: median(times['mighty-patcher run']), ratio: median(times['mighty-patcher run']) / median(times.node), cold, coldRatio: cold / median(times.node), all: times, cpu };
  if (baselineCli) Object.assign(result, { baseline: median(times.baseline), baselineRatio: median(times.baseline) / median(times.node) });
  return result;
}

const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');

/**
 * Issue 13: the TypeScript app with no build step under `mighty-patcher run src/main.ts` against `tsx`, and
 * against `node` on its build. Start-up cold (no compiled module cached, by either tool) and warm (caches
 * kept); save of a .ts file -> first HTTP answer with the edit, against `tsx watch` and `node --watch` on the
 * build (whose own rebuild is not counted: the benchmark writes the built file).
 */
async function typescript() {
  const app = new TypeScriptApp();
  // Each tool's cache in a directory of this run: compiled modules, cleared for a cold start (ours keeps
  // SWC's compiled Wasm plugin beside them, made once per machine and plugin, as a user's does).
  const ourCache = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-bench-cache-'));
  const tsxTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-bench-tsx-'));
  const cold = {
    ours: () => {
      fs.rmSync(path.join(ourCache, 'modules'), { recursive: true, force: true });
      fs.rmSync(path.join(ourCache, 'v8'), { recursive: true, force: true });
    },
    tsx: () => {
      fs.rmSync(tsxTmp, { recursive: true, force: true });
      fs.mkdirSync(tsxTmp);
    },
  };
  const ours = { MIGHTY_PATCHER_CACHE_DIR: ourCache };
  // The baseline checkout's compiled modules in a cache of their own (its keys or entries may differ).
  const baselineCache = baselineCli && fs.mkdtempSync(path.join(os.tmpdir(), 'mp-bench-cache-'));
  if (baselineCli) cold.baseline = () => fs.rmSync(path.join(baselineCache, 'modules'), { recursive: true, force: true });
  const theirs = { TMPDIR: tsxTmp };
  const result = { start: {}, save: {} };
  try {
    const expected = version(0);
    const start = {
      'mighty-patcher run src/main.ts': (cpu) => startToAnswer([cli, 'run', app.main], { cwd: app.dir, expected, env: ours, cpu }),
      'tsx src/main.ts': (cpu) => startToAnswer([tsxCli, app.main], { cwd: app.dir, expected, env: theirs, cpu }),
      'node dist/main.js': (cpu) => startToAnswer([app.builtMain], { cwd: app.dir, expected, cpu }),
      ...(baselineCli && { baseline: (cpu) => startToAnswer([baselineCli, 'run', app.main], { cwd: app.dir, expected, env: { MIGHTY_PATCHER_CACHE_DIR: baselineCache }, cpu }) }),
    };
    // Not counted: warms the OS's file cache, and SWC compiles our Wasm plugin (seconds, once per machine).
    for (const run of Object.values(start)) await run();
    const runs = { 'mighty-patcher cold': [], 'tsx cold': [], 'mighty-patcher warm': [], 'tsx warm': [], node: [], ...(baselineCli && { 'baseline cold': [], 'baseline warm': [] }) };
    const cpu = Object.fromEntries(Object.keys(runs).map((label) => [label, []]));
    for (let k = 0; k < Number(options.starts); k++) {
      cold.ours();
      runs['mighty-patcher cold'].push(await start['mighty-patcher run src/main.ts'](cpu['mighty-patcher cold']));
      cold.tsx();
      runs['tsx cold'].push(await start['tsx src/main.ts'](cpu['tsx cold']));
      runs['mighty-patcher warm'].push(await start['mighty-patcher run src/main.ts'](cpu['mighty-patcher warm']));
      runs['tsx warm'].push(await start['tsx src/main.ts'](cpu['tsx warm']));
      runs.node.push(await start['node dist/main.js'](cpu.node));
      if (baselineCli) {
        cold.baseline();
        runs['baseline cold'].push(await start.baseline(cpu['baseline cold']));
        runs['baseline warm'].push(await start.baseline(cpu['baseline warm']));
      }
    }
    for (const [label, times] of Object.entries(runs)) result.start[label] = { median: median(times), all: times, cpuMedian: cpu[label].length > 0 ? median(cpu[label]) : undefined };
    const ratio = (a, b) => result.start[a].median / result.start[b].median;
    result.start.ratios = {
      coldVsTsx: ratio('mighty-patcher cold', 'tsx cold'),
      warmVsTsx: ratio('mighty-patcher warm', 'tsx warm'),
      coldVsNode: ratio('mighty-patcher cold', 'node'),
      warmVsNode: ratio('mighty-patcher warm', 'node'),
      ...(baselineCli && {
        baselineColdVsTsx: ratio('baseline cold', 'tsx cold'),
        baselineWarmVsTsx: ratio('baseline warm', 'tsx warm'),
        baselineWarmVsNode: ratio('baseline warm', 'node'),
      }),
    };

    const runners = {
      'mighty-patcher run src/main.ts': { args: [cli, 'run', app.main], env: ours, samples: Number(options['ts-samples']), pause: 150, write: (i, v) => app.write(i, v) },
      'tsx watch src/main.ts': { args: [tsxCli, 'watch', app.main], env: theirs, samples: Number(options.restarts), pause: 800, write: (i, v) => app.write(i, v) },
      'node --watch dist/main.js': { args: ['--watch', app.builtMain], env: {}, samples: Number(options.restarts), pause: 800, write: (i, v) => app.writeBuilt(i, v) },
    };
    let v = 0;
    for (const [label, runner] of Object.entries(runners)) {
      // Every runner starts from the same files: the edited modules back at version 0.
      for (const i of TARGETS) {
        app.write(i, 0);
        app.writeBuilt(i, 0);
      }
      const port = await freePort();
      const child = new Child(runner.args, { cwd: app.dir, env: { PORT: String(port), ...runner.env }, ipc: false });
      try {
        await untilHttp(port, 0, version(0));
        await sleep(label.startsWith('mighty-patcher') ? 2500 : 1000); // started, watchers settled
        const times = [];
        for (let k = 0; k < runner.samples + 1; k++) {
          const target = k % TARGETS.length;
          v++;
          const wrote = runner.write(TARGETS[target], v);
          const answered = await untilHttp(port, target, version(v));
          if (k > 0) times.push(answered - wrote); // the first save also loads what applies changes
          await sleep(runner.pause);
        }
        result.save[label] = { samples: times.length, p50: quantile(times, 0.5), p95: quantile(times, 0.95), all: times };
      } finally {
        await child.stop();
      }
    }
    const p50 = (label) => result.save[label].p50;
    result.save.speedup = {
      vsTsxWatch: p50('tsx watch src/main.ts') / p50('mighty-patcher run src/main.ts'),
      vsNodeWatch: p50('node --watch dist/main.js') / p50('mighty-patcher run src/main.ts'),
    };
  } finally {
    fs.rmSync(ourCache, { recursive: true, force: true });
    fs.rmSync(tsxTmp, { recursive: true, force: true });
    if (baselineCache) fs.rmSync(baselineCache, { recursive: true, force: true });
    app.remove();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

const results = { node: process.version, cpus: os.cpus().length, loadavg: os.loadavg()[0] };
const apps = [];
const generate = (flat) => {
  const app = new GeneratedApp(flat);
  apps.push(app);
  log(`  generated: ${MODULES} CommonJS modules built with the Babel plugin, with source maps, ${flat ? 'all in one directory' : `${PER_DIRECTORY} per directory`} (${app.buildSeconds.toFixed(1)} s)`);
  return app;
};
try {
  log(`runtime benchmarks on Node ${process.version}, ${results.cpus} CPUs, load average ${results.loadavg.toFixed(2)} at the start`);
  const app = ['latency', 'restart', 'heap', 'startup'].some((name) => only.has(name)) ? generate(false) : undefined;
  if (only.has('latency')) {
    const layouts = [['nested', app], ['flat', generate(true)]];
    for (const [layout, subject] of layouts) {
      const r = (results[`latency ${layout}`] = await latency(subject));
      log(`  patch latency, ${layout} layout, write -> first call returning the new value (${r.samples} body-only patches, IPC polling):`);
      log(`    p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms (goal p50 <= 15, p95 <= 40 before the 50 ms quiet window that joins one build's files into one change); of which first fs event -> committed: p50 ${r.patcherP50.toFixed(1)} ms, p95 ${r.patcherP95.toFixed(1)} ms`);
    }
  }
  if (only.has('restart')) {
    const r = (results.restart = await restart(app));
    log(`  write -> first HTTP answer with the edit (median of ${options.restarts}); the app alone starts in ${r.startup.toFixed(0)} ms:`);
    log(`    mighty-patcher run ${r['mighty-patcher run'].toFixed(1)} ms, node --watch ${r['node --watch'].toFixed(1)} ms: ${r.speedup.toFixed(1)}x faster (goal >= 20x)`);
  }
  if (only.has('heap')) {
    results.heapBody = await heap(app, 'body');
    results.heapReevaluate = await heap(app, 're-evaluate');
    for (const [label, r] of [['body-only', results.heapBody], ['re-evaluation (top-level change)', results.heapReevaluate]]) {
      log(`  retained heap after ${r.patches} patches, ${label}: +${r.growthMB.toFixed(2)} MB after 10 warm-up patches (+${r.growthFromStartMB.toFixed(2)} MB from before the first patch; heap ${r.beforeMB.toFixed(1)} MB) (goal <= 5 MB); with forced GCs only (V8's compilation cache not aged): +${r.forcedGcOnlyGrowthMB.toFixed(2)} MB; ${r.seconds.toFixed(0)} s`);
    }
  }
  if (only.has('startup')) {
    const r = (results.startup = await startup(app));
    log(`  start-up of the built app to its first HTTP answer, median of ${r.rounds} alternating runs:`);
    log(`    node ${r.node.toFixed(0)} ms, mighty-patcher run ${r.patched.toFixed(0)} ms: ${r.ratio.toFixed(2)}x (goal <= 1.25x); with its cache emptied first ${r.cold.toFixed(0)} ms: ${r.coldRatio.toFixed(2)}x`);
    if (baselineCli) log(`    baseline (${options.baseline}) mighty-patcher run ${r.baseline.toFixed(0)} ms: ${r.baselineRatio.toFixed(2)}x`);
    if (r.cpu.node.length > 0) log(`    CPU time to the first answer (process tree, median): ${Object.entries(r.cpu).map(([label, xs]) => `${label} ${median(xs).toFixed(0)} ms`).join(', ')}`);
  }
  if (only.has('typescript')) {
    const r = (results.typescript = await typescript());
    const s = r.start;
    const ms = (label) => `${s[label].median.toFixed(0)} ms`;
    log(`  the app in TypeScript (src/*.ts, no build), start-up to the first HTTP answer, median of ${options.starts} alternating runs:`);
    log(`    cold (nothing cached): mighty-patcher run ${ms('mighty-patcher cold')}, tsx ${ms('tsx cold')}: ${s.ratios.coldVsTsx.toFixed(2)}x (goal <= 1.3x)`);
    log(`    warm (caches kept): mighty-patcher run ${ms('mighty-patcher warm')}, tsx ${ms('tsx warm')}: ${s.ratios.warmVsTsx.toFixed(2)}x (goal <= 1.1x)`);
    log(`    node on the build (dist/*.js, plain): ${ms('node')}; mighty-patcher run src/main.ts is ${s.ratios.warmVsNode.toFixed(2)}x warm, ${s.ratios.coldVsNode.toFixed(2)}x cold`);
    if (baselineCli) {
      log(`    baseline (${options.baseline}): cold ${ms('baseline cold')} (${s.ratios.baselineColdVsTsx.toFixed(2)}x tsx), warm ${ms('baseline warm')} (${s.ratios.baselineWarmVsTsx.toFixed(2)}x tsx, ${s.ratios.baselineWarmVsNode.toFixed(2)}x node)`);
    }
    const cpuLine = Object.entries(s).filter(([, v]) => v.cpuMedian !== undefined).map(([label, v]) => `${label} ${v.cpuMedian.toFixed(0)} ms`);
    if (cpuLine.length > 0) log(`    CPU time to the first answer (process tree, median): ${cpuLine.join(', ')}`);
    log(`  save of a .ts file -> first HTTP answer with the edit, p50 / p95:`);
    for (const [label, save] of Object.entries(r.save)) {
      if (label !== 'speedup') log(`    ${label}: ${save.p50.toFixed(1)} / ${save.p95.toFixed(1)} ms (${save.samples} saves)`);
    }
    log(`    mighty-patcher run is ${r.save.speedup.vsTsxWatch.toFixed(1)}x faster than tsx watch at p50 (goal >= 20x, p50 <= 30 ms), ${r.save.speedup.vsNodeWatch.toFixed(1)}x faster than node --watch on the build (its rebuild not counted)`);
  }
  if (only.has('watcher')) {
    const r = (results.watcher = await watcher());
    log(`  watcher on ${r.files} files: ready in ${r.readyMs.toFixed(0)} ms; idle CPU ${r.idleCpuMs.toFixed(1)} ms over ${r.idleSeconds.toFixed(1)} s (${r.idleCpuPercent.toFixed(3)} %); RSS ${r.rssMB.toFixed(0)} MB`);
  }
} finally {
  for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill();
  for (const app of apps) app.remove();
}
if (options.json) console.log(JSON.stringify(results));
