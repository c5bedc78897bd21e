// The Node runtime end to end: a real program under `mighty-patcher run`, real builds with the
// Babel plugin, real file-system events. ES modules and CommonJS alike.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import Module from 'node:module';
import path from 'node:path';
import { App, cli, SEVERAL_FILES, type Builder, type Format } from './app';

/** The same module as CommonJS: imports become requires, exports are assigned at the end. */
const esm = (format: Format, source: string): string => {
  if (format === 'module') return source;
  const exported: string[] = [];
  const body = source
    .replace(/^import \{ (.+) \} from '(.+)';$/gm, "const { $1 } = require('$2');")
    .replace(/^import \* as (\w+) from '(.+)';$/gm, "const $1 = require('$2');")
    // A barrel: a copy of the other module's exports as it loads, as tsc's `__exportStar` makes one.
    .replace(/^export \* from '(.+)';$/gm, "Object.assign(module.exports, require('$1'));")
    .replace(/^export (function|const|class|let|async function) (\w+)/gm, (_, kind: string, name: string) => {
      exported.push(name);
      return `${kind} ${name}`;
    });
  return `${body}\n${exported.map((name) => `module.exports.${name} = ${name};`).join('\n')}\n`;
};

const counter = (format: Format, factor: number, extra = '') =>
  esm(
    format,
    `globalThis.evaluations = (globalThis.evaluations ?? 0) + 1;
let calls = 0;${extra}
export function scale(x) {
  calls++;
  return x * ${factor};
}
export const count = () => calls;
export class Cart {
  total(n) { return n + ${factor}; }
}
`,
  );

const probe = (format: Format) =>
  esm(
    format,
    `import { scale, count, Cart } from './counter.js';
const held = scale;
const cart = new Cart();
export async function probe() {
  return { scaled: held(10), count: count(), total: cart.total(1), evaluations: globalThis.evaluations };
}
`,
  );

let app: App;
afterEach(() => app?.stop());

/**
 * A module that starts a server, and a line that loads it: the runtime tells that a program with a server has
 * started (startup.ts) once it has settled, half a second idle.
 */
const listens = (format: Format) => ({
  file: format === 'module' ? "import http from 'node:http';\nhttp.createServer(() => {}).listen(0);\n" : "require('node:http').createServer(() => {}).listen(0);\n",
  load: format === 'module' ? "import './listen.js';\n" : "require('./listen.js');\n",
});
const started = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe.each<Format>(['module', 'commonjs'])('%s', (format) => {
  test('a body-only edit patches held references and existing instances, keeps module state, does not run the module again', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start();
    expect(await app.probe()).toEqual({ scaled: 20, count: 1, total: 3, evaluations: 1 });
    await app.probe();

    const event = await app.change({ 'counter.js': counter(format, 3) });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', moduleId: 'src/counter.js' });
    expect(event.report!.updated.sort()).toEqual(['Cart.prototype.total', 'scale']);
    // `calls` kept counting (3rd call), the module's top level did not run again.
    expect(await app.probe()).toEqual({ scaled: 30, count: 3, total: 4, evaluations: 1 });
  });

  test('an implementation is reached only through its cell, so it has no guard; one that can reach itself by its own name keeps one', async () => {
    // `me` inside a named function expression is the implementation itself, not the original: a reference to
    // it kept after one patch must run the next one. `plain` is reached through its original only.
    const source = (label: string) =>
      esm(format, `export const named = function me() { return ['${label}', me]; };\nexport function plain() { return '${label}'; }\n`);
    const probeSource = esm(
      format,
      `import { named, plain } from './self.js';
let kept;
export async function probe() {
  const [label, me] = named();
  kept ??= me;
  return { label, kept: kept()[0], plain: plain() };
}
`,
    );
    app = new App(format, { 'self.js': source('v1'), 'probe.js': probeSource });
    await app.start();
    await app.change({ 'self.js': source('v2') });
    // Keeps the implementation of v2.
    expect(await app.probe()).toEqual({ label: 'v2', kept: 'v2', plain: 'v2' });
    expect(await app.change({ 'self.js': source('v3') })).toMatchObject({ rule: 'body', report: { updated: ['named', 'plain'] } });
    expect(await app.probe()).toEqual({ label: 'v3', kept: 'v3', plain: 'v3' });
  });

  test('a patched function keeps its strictness: class members and "use strict" functions stay strict in sloppy code', async () => {
    // `typeof this` of a plain call says whether the code around it is strict. A CommonJS file without
    // "use strict" is sloppy, but a class body and a function with its own directive are not, and a restart
    // would keep them so.
    const thisOfPlainCall = '(function () { return typeof this; })()';
    const source = (label: string) =>
      esm(
        format,
        `export class Shape {
  kind() { return ['${label}', ${thisOfPlainCall}]; }
  field = () => ['${label}', ${thisOfPlainCall}];
}
export function loose() { return ['${label}', ${thisOfPlainCall}]; }
export function own() {
  'use strict';
  return ['${label}', ${thisOfPlainCall}];
}
`,
      );
    const probeSource = esm(
      format,
      `import { Shape, loose, own } from './modes.js';
const shape = new Shape();
export async function probe() {
  return { kind: shape.kind(), field: shape.field(), loose: loose(), own: own() };
}
`,
    );
    const sloppy = format === 'commonjs' ? 'object' : 'undefined';
    app = new App(format, { 'modes.js': source('v1'), 'probe.js': probeSource });
    await app.start();
    const modes = (label: string) => ({ kind: [label, 'undefined'], field: [label, 'undefined'], loose: [label, sloppy], own: [label, 'undefined'] });
    expect(await app.probe()).toEqual(modes('v1'));
    const patched = await app.change({ 'modes.js': source('v2') });
    expect(patched).toMatchObject({ rule: 'body' });
    expect(patched.report!.updated.sort()).toEqual(['Shape.prototype.field', 'Shape.prototype.kind', 'loose', 'own']);
    expect(await app.probe()).toEqual(modes('v2'));
  });

  test('a callback a body adds (a .map) is no function made before the patch: no warning; one that may be pending (a .then) whose code changed is', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start();
    const mapped = (by: number) => counter(format, 2).replace('return x * 2;', `return [x].map((y) => y * ${by})[0];`);
    const added = await app.change({ 'counter.js': mapped(3) });
    expect(added).toMatchObject({ mightyPatcher: 'patch', rule: 'body', warnings: [] });
    expect(await app.probe()).toMatchObject({ scaled: 30 });
    // A synchronous iteration callback ends with the call that made it: nothing made before can be held.
    const changed = await app.change({ 'counter.js': mapped(4) });
    expect(changed).toMatchObject({ mightyPatcher: 'patch', rule: 'body', warnings: [] });
    expect(await app.probe()).toMatchObject({ scaled: 40 });
    const reaction = (by: number) => counter(format, 2).replace('return x * 2;', `globalThis.pending = Promise.resolve(x).then((y) => y * ${by});\n  return x * 2;`);
    await app.change({ 'counter.js': reaction(3) });
    const pending = await app.change({ 'counter.js': reaction(4) });
    expect(pending.warnings!.join('\n')).toMatch(/functions scale made before this patch that are not closure sites .* keep their old code/);
  });

  test('a helper its function only calls has no guard of its own: its edit patches that function, with no warning; one it hands out is a closure site', async () => {
    // docs/protocol.md §3.6: nothing can hold `row` or `count` once `render` returned, so they need no evaluator.
    const source = (label: string) =>
      esm(
        format,
        `export function render(items) {
  function row(x) {
    return '${label}:' + x;
  }
  var count;
  count = function (list) {
    return list.length;
  };
  let out = '';
  for (const x of items) out += row(x);
  return out + count(items);
}
export function listener() {
  function onEvent() {
    return '${label}';
  }
  return onEvent;
}
`,
      );
    const probeSource = esm(format, `import { render, listener } from './helpers.js';\nconst held = listener();\nexport async function probe() { return { render: render([1, 2]), held: held() }; }\n`);
    app = new App(format, { 'helpers.js': source('v1'), 'probe.js': probeSource });
    await app.start();
    expect(await app.probe()).toEqual({ render: 'v1:1v1:22', held: 'v1' });
    const patched = await app.change({ 'helpers.js': source('v2') });
    expect(patched).toMatchObject({ mightyPatcher: 'patch', rule: 'body', warnings: [] });
    expect(patched.report!.updated).toEqual(expect.arrayContaining(['render', 'listener/onEvent']));
    expect(patched.report!.updated).not.toContain('render/row');
    expect(await app.probe()).toEqual({ render: 'v2:1v2:22', held: 'v2' });
  });

  test('a helper that became a closure site: what earlier calls made, patched to call it, runs their unguarded copy, and an edit of it says so', async () => {
    // helper-88's session: login's greet was only called; a save makes the session's render (made by an earlier
    // call, patched through its evaluator) call that activation's greet, which has no guard.
    const source = (render: string, label: string) =>
      esm(
        format,
        `const sessions = new Map();
export function login(name) {
  function greet() {
    return '${label} ' + name;
  }
  const session = { welcome: greet(), render: () => ${render} };
  sessions.set(name, session);
  return session.welcome;
}
export function profile(name) {
  return sessions.get(name).render();
}
`,
      );
    const probeSource = esm(format, `import { login, profile } from './session.js';\nlogin('bob');\nexport async function probe() { return { held: profile('bob'), fresh: login('ann') }; }\n`);
    app = new App(format, { 'session.js': source("'profile'", 'v1'), 'probe.js': probeSource });
    await app.start();
    expect(await app.probe()).toEqual({ held: 'profile', fresh: 'v1 ann' });
    expect(await app.change({ 'session.js': source('greet()', 'v1') })).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(await app.probe()).toEqual({ held: 'v1 bob', fresh: 'v1 ann' });
    const edited = await app.change({ 'session.js': source('greet()', 'v2') });
    expect(edited).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(edited.warnings!.join('\n')).toMatch(/login\/greet was a helper login only called, with no guard, when earlier calls of login ran: .* keeps its old code/);
    expect(await app.probe()).toEqual({ held: 'v1 bob', fresh: 'v2 ann' });
  });

  test('a helper made a closure site and changed in one save, called by a closure made earlier: said to keep its old code there', async () => {
    const source = (render: string, label: string) =>
      esm(format, `const sessions = new Map();\nexport function login(name) {\n  function greet() {\n    return '${label} ' + name;\n  }\n  sessions.set(name, { welcome: greet(), render: () => ${render} });\n}\nexport function profile(name) {\n  return sessions.get(name).render();\n}\n`);
    const probeSource = esm(format, `import { login, profile } from './session.js';\nlogin('bob');\nexport async function probe() { return profile('bob'); }\n`);
    app = new App(format, { 'session.js': source("'profile'", 'v1'), 'probe.js': probeSource });
    await app.start();
    const both = await app.change({ 'session.js': source('greet()', 'v2') });
    expect(both).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(both.warnings!.join('\n')).toMatch(/login\/greet was a helper login only called, with no guard, .* keeps its old code/);
    expect(await app.probe()).toBe('v1 bob');
  });

  test('a listener a called function registers, renamed or added: said to reach only what its calls make from now on', async () => {
    const hub = (event: string) => esm(format, `export function connect(socket) {\n  socket.on('${event}', () => '${event}');\n}\n`);
    const sockets = esm(
      format,
      `import { connect } from './hub.js';
import { EventEmitter } from 'node:events';
const made = [];
export async function probe() { const socket = new EventEmitter(); connect(socket); made.push(socket); return made.map((one) => one.eventNames().join()); }
`,
    );
    app = new App(format, { 'hub.js': hub('typing'), 'probe.js': sockets });
    await app.start();
    expect(await app.probe()).toEqual(['typing']);
    const event = await app.change({ 'hub.js': hub('start typing') });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(event.warnings).toEqual([
      'socket.on("typing") left connect: what its earlier calls made with it (a listener registered) keeps the old code',
      'socket.on("start typing") new in connect: made by its calls from now on, not by its earlier ones (a listener on a connection made before)',
    ]);
    // As said: the socket made before keeps its listener, the next one gets the new one.
    expect(await app.probe()).toEqual(['typing', 'start typing']);
  });

  test('adding functions that are not exported is patched in the running scope too: state kept, top level not run again', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start();
    expect(await app.probe()).toMatchObject({ scaled: 20, count: 1 });
    const withHelpers = (offset: number) =>
      counter(format, 2)
        .replace('return x * 2;', 'return bonus(x * 2) + half(x);')
        .replace('let calls = 0;', `let calls = 0;\nfunction bonus(y) { return y + ${offset}; }\nconst half = (y) => y / 2;`);
    const event = await app.change({ 'counter.js': withHelpers(1) });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(event.report!.added.sort()).toEqual(['bonus', 'half']);
    expect(await app.probe()).toEqual({ scaled: 26, count: 2, total: 3, evaluations: 1 });
    // A later edit of an added function is a body patch as well, and the earlier ones are declared again: that
    // is no module evaluated again (nothing else is removed), nor an update of the ones whose code is the same.
    const again = await app.change({ 'counter.js': withHelpers(100) });
    expect(again).toMatchObject({ rule: 'body', report: { updated: ['bonus'], removed: [] }, warnings: [] });
    expect(await app.probe()).toEqual({ scaled: 125, count: 3, total: 3, evaluations: 1 });
    const other = withHelpers(100).replace('{ return n + 2; }', '{ return n + 3; }');
    expect(await app.change({ 'counter.js': other })).toMatchObject({ rule: 'body', report: { updated: ['Cart.prototype.total'], removed: [] }, warnings: [] });
    expect(await app.probe()).toEqual({ scaled: 125, count: 4, total: 4, evaluations: 1 });
    // A change outside function bodies after that is named where it is, not where the functions were added. (An
    // object, not a constant such as `const LIMIT = 10`, which is added as functions are.)
    const limited = `${other}\nconst LIMITS = { max: 10 };\n`;
    const outside = await app.change({ 'counter.js': limited });
    expect(outside).toMatchObject({ rule: 're-evaluate' });
    expect(outside.reason).toBe(`changed outside function bodies at src/counter.js:${limited.split('\n').indexOf('const LIMITS = { max: 10 };') + 1}:1`);
  });

  test("a class-field arrow held from before its module was evaluated again runs the module's newest code", async () => {
    const rates = (rate: number) => esm(format, `export const rate = ${rate};\n`);
    const controller = (body: string) =>
      esm(format, `import { rate } from './rates.js';\nclass Controller {\n  get = (x) => ${body};\n}\nexport const controller = new Controller();\n`);
    const holder = esm(format, `import { controller } from './controller.js';\nconst held = controller.get;\nexport async function probe() {\n  return held(10);\n}\n`);
    app = new App(format, { 'rates.js': rates(1), 'controller.js': controller('x * rate'), 'probe.js': holder });
    await app.start();
    expect(await app.probe()).toBe(10);
    // The module is evaluated again for the value it imports: the field written the same way must not keep the
    // previous instance's value.
    await app.change({ 'rates.js': rates(2) });
    expect(await app.probe()).toBe(20);
    // Patched, then written back as it was while its module is evaluated again in the same save: not the patch.
    expect(await app.change({ 'controller.js': controller('x * rate + 5') })).toMatchObject({ rule: 'body' });
    expect(await app.probe()).toBe(25);
    await app.change({ 'controller.js': controller('x * rate'), 'rates.js': rates(3) });
    expect(await app.probe()).toBe(30);
  });

  test('a constant given a new value and read only by functions: they are compiled again with it, the module state kept', async () => {
    // A chat server's users module: `const MAX_USERS = 3` → 4 was a re-evaluation that emptied the user list.
    const users = (max: number | string) =>
      esm(format, `const MAX_USERS = ${max};\nconst users = [];\nexport function addUser(name) {\n  if (users.length >= MAX_USERS) return 'full';\n  users.push(name);\n  return users.length;\n}\n`);
    app = new App(format, { 'users.js': users(2), 'probe.js': esm(format, `import { addUser } from './users.js';\nexport async function probe() {\n  return addUser('x');\n}\n`) });
    await app.start();
    expect([await app.probe(), await app.probe(), await app.probe()]).toEqual([1, 2, 'full']);
    const event = await app.change({ 'users.js': users(3) });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', revalued: ['MAX_USERS'], report: { updated: ['addUser'] } });
    expect([await app.probe(), await app.probe()]).toEqual([3, 'full']);
    // Again, from the value the last patch gave it.
    expect(await app.change({ 'users.js': users(4) })).toMatchObject({ rule: 'body', revalued: ['MAX_USERS'] });
    expect([await app.probe(), await app.probe()]).toEqual([4, 'full']);
    // A conversion of the environment, the everyday config idiom (helper-65, helper-66: evaluated again before).
    expect(await app.change({ 'users.js': users('Number(process.env.MAX_USERS) || 5') })).toMatchObject({ rule: 'body', revalued: ['MAX_USERS'] });
    expect([await app.probe(), await app.probe()]).toEqual([5, 'full']);
    // Back to the value the module was evaluated with (helper-67: "unchanged", the patched value kept).
    expect(await app.change({ 'users.js': users(2) })).toMatchObject({ rule: 'body', revalued: ['MAX_USERS'], report: { updated: ['addUser'] } });
    expect(await app.probe()).toBe('full');
    expect(await app.change({ 'users.js': users(7) })).toMatchObject({ rule: 'body', revalued: ['MAX_USERS'] });
    expect(await app.probe()).toBe(6);
  });

  test('a constant read only by a closure that a function made as the module loaded: the closure is compiled again with it, in place', async () => {
    // helper-82: a game's `tick`, declared in `createServer()` (run once), reads `TICK_LOG_EVERY`: each value restarted.
    const loop = (every: number) =>
      esm(format, `const EVERY = ${every};\nfunction start() {\n  let ticks = 0;\n  function tick() {\n    ticks++;\n    return [ticks, ticks % EVERY === 0];\n  }\n  return tick;\n}\nexport const tick = start();\n`);
    app = new App(format, { 'loop.js': loop(2), 'listen.js': listens(format).file, 'probe.js': listens(format).load + esm(format, `import { tick } from './loop.js';\nexport async function probe() {\n  return tick();\n}\n`) });
    await app.start();
    await started();
    expect([await app.probe(), await app.probe()]).toEqual([[1, false], [2, true]]);
    expect(await app.change({ 'loop.js': loop(3) })).toMatchObject({ rule: 'body', revalued: ['EVERY'], report: { updated: ['start/tick'] } });
    expect(await app.probe()).toEqual([3, true]);
    expect(await app.probe()).toEqual([4, false]);
  });

  test('a constant a running setInterval was given: patched, and said that the timers started before keep the old value', async () => {
    // helper-89 (socket.io game): "patched … new value of GAME_TICK_MS" while the running game loop kept its period.
    const loop = (ms: number) =>
      esm(
        format,
        `const TICK_MS = ${ms};\nlet ticks = 0;\nexport function start() {\n  const timer = setInterval(() => { ticks++; }, TICK_MS);\n  timer.unref();\n  return TICK_MS;\n}\nexport function later() {\n  setInterval(() => {}, TICK_MS).unref();\n}\nexport const period = () => TICK_MS;\n`,
      );
    app = new App(format, { 'loop.js': loop(1000), 'probe.js': esm(format, `import { start, period } from './loop.js';\nexport async function probe() {\n  return [start(), period()];\n}\n`) });
    await app.start();
    expect(await app.probe()).toEqual([1000, 1000]);
    const event = await app.change({ 'loop.js': loop(2000) });
    expect(event).toMatchObject({ rule: 'body', revalued: ['TICK_MS'] });
    // `later` never ran: it started no timer. `period` starts none.
    expect(event.warnings).toEqual([
      'start starts a setInterval and reads TICK_MS: the timers its earlier calls started keep the value they were given (restart to start them again), those it starts from now on get the new one',
    ]);
    expect(await app.probe()).toEqual([2000, 2000]);
  });

  test('a module whose top level started a setInterval, evaluated again: the previous instance\'s timer is stopped, said; a version that throws keeps it', async () => {
    // A loop's period changed outside function bodies: the module ran again and started its own timer, and the
    // previous one went on beside it (both pushing), which no restart leaves.
    const loop = (label: string, ms: number, after = '') =>
      esm(format, `globalThis.ticks ??= [];\nconst LABEL = '${label}';\nexport const timer = setInterval(() => { globalThis.ticks.push(LABEL); }, ${ms});\n${after}`);
    const probeSource = esm(format, `import { timer } from './loop.js';\nexport async function probe(wait) {\n  globalThis.ticks.length = 0;\n  await new Promise((resolve) => setTimeout(resolve, wait));\n  return [...new Set(globalThis.ticks)];\n}\n`);
    app = new App(format, { 'loop.js': loop('a', 10), 'probe.js': probeSource });
    await app.start();
    expect(await app.probe(200)).toEqual(['a']);
    const event = await app.change({ 'loop.js': loop('b', 15) });
    expect(event).toMatchObject({ rule: 're-evaluate' });
    expect(event.warnings).toContain(
      'the setInterval timer its previous instance started as it loaded (or in a callback of such a timer) was stopped, as a restart would stop it: the new instance runs what its own top level started',
    );
    expect(await app.probe(200)).toEqual(['b']);
    // Started, then thrown: the new instance's timer is stopped with it, and the running one goes on.
    expect(await app.change({ 'loop.js': loop('c', 10, "throw new Error('not ready');\n") })).toMatchObject({ mightyPatcher: 'error', message: 'Error: not ready' });
    expect(await app.probe(200)).toEqual(['b']);
  });

  test('a top-level call given a new argument is evaluated again, also where the Babel plugin gated the statement (ES output of a top-level module)', async () => {
    // The gate (`_mp_hotTop(() => { set('a'); })`, docs/protocol.md §6) was read as generated code: "unchanged", and the
    // running program kept 'a'.
    const labelSource = (label: string) => esm(format, `globalThis.label ??= '';\nexport function set(label) {\n  globalThis.label = label;\n}\nset('${label}');\n`);
    app = new App(format, { 'label.js': labelSource('a'), 'probe.js': esm(format, `import { set } from './label.js';\nexport async function probe() {\n  return globalThis.label;\n}\n`) });
    await app.start();
    expect(await app.probe()).toBe('a');
    if (format === 'module') expect(fs.readFileSync(path.join(app.dir, 'dist/label.js'), 'utf8')).toMatch(/_mp_hotTop\(\(\) => \{\n\s*set\('a'\);/);
    const event = await app.change({ 'label.js': labelSource('b') });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate', reason: expect.stringMatching(/^changed outside function bodies at /) });
    expect(await app.probe()).toBe('b');
  });

  test('a setTimeout chain its top level started, patched and then evaluated again: the previous instance\'s chain is stopped, said; a version that throws keeps it', async () => {
    // Each timer's callback starts the next (a poll, a game loop written with setTimeout). Evaluated again, the module
    // starts a chain of its own, and the previous one went on, forwarding to the new code, as no restart leaves it;
    // also once the chain ran a body patch's code (compiled by the module's evaluator).
    const loop = (start: string, push = 'label', after = '') =>
      esm(format, `globalThis.ticks ??= [];\nexport function loop(label) {\n  globalThis.ticks.push(${push});\n  setTimeout(loop, 15, label);\n}\n${start}\n${after}`);
    const probeSource = esm(format, `import { loop } from './loop.js';\nexport async function probe(wait) {\n  globalThis.ticks.length = 0;\n  await new Promise((resolve) => setTimeout(resolve, wait));\n  return [...new Set(globalThis.ticks)];\n}\n`);
    app = new App(format, { 'loop.js': loop("loop('a');"), 'probe.js': probeSource });
    await app.start();
    expect(await app.probe(200)).toEqual(['a']);
    expect(await app.change({ 'loop.js': loop("loop('a');", "label + '!'") })).toMatchObject({ rule: 'body', report: { updated: ['loop'] } });
    expect(await app.probe(200)).toEqual(['a!']);
    const event = await app.change({ 'loop.js': loop("loop('b');", "label + '!'") });
    expect(event).toMatchObject({ rule: 're-evaluate' });
    expect(event.warnings).toContain(
      'the setTimeout timer its previous instance started as it loaded (or in a callback of such a timer) was stopped, as a restart would stop it: the new instance runs what its own top level started',
    );
    expect(await app.probe(200)).toEqual(['b!']);
    expect(await app.change({ 'loop.js': loop("loop('c');", "label + '!'", "throw new Error('not ready');\n") })).toMatchObject({ mightyPatcher: 'error', message: 'Error: not ready' });
    expect(await app.probe(200)).toEqual(['b!']);
  });

  test('listeners its top level added to an emitter of another module, evaluated again: the previous instance\'s are removed, said; a version that throws keeps them', async () => {
    // helper-93 (a NestJS app's `process.on('SIGUSR2')`, and a shared event bus): each event ran every instance's listener.
    const listener = (label: string, after = '') =>
      esm(
        format,
        `import { bus } from './bus.js';\nglobalThis.label = '${label}';\nbus.on('hit', () => { globalThis.hits.push(globalThis.label); });\nbus.once('ready', () => { globalThis.hits.push('ready'); });\nexport const loaded = true;\n${after}`,
      );
    app = new App(format, {
      'bus.js': esm(format, `import { EventEmitter } from 'node:events';\nglobalThis.hits = [];\nexport const bus = new EventEmitter();\n`),
      'listener.js': listener('a'),
      'probe.js': esm(format, `import { bus } from './bus.js';\nimport { loaded } from './listener.js';\nexport async function probe() {\n  globalThis.hits.length = 0;\n  bus.emit('hit');\n  return [[...globalThis.hits], bus.listenerCount('ready')];\n}\n`),
    });
    await app.start();
    expect(await app.probe()).toEqual([['a'], 1]);
    const event = await app.change({ 'listener.js': listener('b') });
    expect(event).toMatchObject({ rule: 're-evaluate' });
    expect(event.warnings).toContain(
      "the listeners EventEmitter.on('hit'), EventEmitter.on('ready') its previous instance added as it loaded were removed, as a restart would remove them: the new instance's top level added its own",
    );
    expect(await app.probe()).toEqual([['b'], 1]);
    // Its listeners added, then thrown: they are removed with it, and the running ones stay.
    expect(await app.change({ 'listener.js': listener('b', "throw new Error('not ready');\n") })).toMatchObject({ mightyPatcher: 'error', message: 'Error: not ready' });
    expect(await app.probe()).toEqual([['b'], 1]);
  });

  test('a timer its top level started in a setImmediate callback is stopped with its previous instance; one a throwing version deferred is stopped at once', async () => {
    // helper-94 (a game server's clock module): the timers started in a step its top level deferred ran on beside the new ones.
    const loop = (label: string, after = '') =>
      esm(format, `globalThis.ticks ??= [];\nglobalThis.loaded = '${label}';\nconst LABEL = '${label}';\nsetImmediate(() => {\n  setInterval(() => { globalThis.ticks.push(LABEL); }, 10);\n});\nexport const started = true;\n${after}`);
    const probeSource = esm(format, `import { started } from './loop.js';\nexport async function probe(wait) {\n  globalThis.ticks.length = 0;\n  await new Promise((resolve) => setTimeout(resolve, wait));\n  return [...new Set(globalThis.ticks)];\n}\n`);
    app = new App(format, { 'loop.js': loop('a'), 'probe.js': probeSource });
    await app.start();
    expect(await app.probe(200)).toEqual(['a']);
    const event = await app.change({ 'loop.js': loop('b') });
    expect(event).toMatchObject({ rule: 're-evaluate' });
    expect(event.warnings).toContain(
      'the setInterval timer its previous instance started as it loaded (or in a callback of such a timer) was stopped, as a restart would stop it: the new instance runs what its own top level started',
    );
    expect(await app.probe(200)).toEqual(['b']);
    // Refused: the immediate it deferred runs after the rollback, and its timer is stopped as it starts.
    expect(await app.change({ 'loop.js': loop('c', "throw new Error('not ready');\n") })).toMatchObject({ mightyPatcher: 'error', message: 'Error: not ready' });
    expect(await app.probe(200)).toEqual(['b']);
  });

  test('a module whose top level starts a timer after an await, evaluated again: a restart, which stops it (nothing else could)', async () => {
    // helper-94: `async function start() { await …; setInterval(…) } start();` ran its loop twice after a save.
    const loop = (label: string) =>
      esm(format, `globalThis.loaded = '${label}';\nasync function start() {\n  await null;\n  setInterval(() => {}, 1000).unref();\n}\nstart();\nexport const started = true;\n`);
    app = new App(format, { 'loop.js': loop('a'), 'listen.js': listens(format).file, 'probe.js': listens(format).load + esm(format, `import { started } from './loop.js';\nexport async function probe() {\n  return [globalThis.loaded, process.pid];\n}\n`) });
    await app.start();
    await started();
    const [, pid] = (await app.probe()) as [string, number];
    const from = app.events.length;
    app.build({ 'loop.js': loop('b') });
    const restart = await app.waitFor((event) => event.mightyPatcher === 'restart', from);
    expect(restart.reason).toMatch(/; start, which its top level calls, starts a timer after an await, which would run on beside the one the new instance starts$/);
    await app.waitFor((event) => event.mightyPatcher === 'ready' && event.restarted !== undefined, from);
    const after = (await app.probe()) as [string, number];
    expect(after[0]).toBe('b');
    expect(after[1]).not.toBe(pid);
    // A version that throws after its top level called start: refused, its timer would start anyway; restarted.
    const failing = app.events.length;
    app.build({ 'loop.js': `${loop('c')}throw new Error('not ready');\n` });
    expect((await app.waitFor((event) => event.mightyPatcher === 'restart', failing)).reason).toMatch(
      /threw as it was evaluated again \(Error: not ready\), and start, which its top level calls, starts a timer after an await, which would run on$/,
    );
  });

  test('a module evaluated again whose start-up function made what reads its state, which another of its functions reads too: a restart, not two states', async () => {
    // helper-91 (Fastify plugin): `function tick` made `const tick = () => …` re-evaluated the module; the timer's tick
    // (the previous instance's, forwarding) counted in the new `state`, the route `setup` registered served the old.
    const ticker = (tick: string) =>
      esm(format, `const state = { ticks: 0 };\n${tick}\nexport function setup() {\n  globalThis.tick = tick;\n  globalThis.read = () => state.ticks;\n}\n`);
    const probeSource = esm(format, `import { setup } from './ticker.js';\nsetup();\nexport async function probe() {\n  globalThis.tick();\n  return [globalThis.read(), process.pid];\n}\n`);
    app = new App(format, { 'ticker.js': ticker('function tick() {\n  state.ticks += 1;\n}'), 'listen.js': listens(format).file, 'probe.js': listens(format).load + probeSource });
    await app.start();
    await started();
    const [ticks, pid] = (await app.probe()) as [number, number];
    expect(ticks).toBe(1);
    const from = app.events.length;
    app.build({ 'ticker.js': ticker('const tick = () => {\n  state.ticks += 2;\n};') });
    const restart = await app.waitFor((event) => event.mightyPatcher === 'restart', from);
    expect(restart.reason).toMatch(/setup ran only while the program started, and what it made reads state, which the new instance makes anew \(tick reads the new one\)/);
    await app.waitFor((event) => event.mightyPatcher === 'ready' && event.restarted !== undefined, from);
    const after = (await app.probe()) as [number, number];
    expect(after[0]).toBe(2);
    expect(after[1]).not.toBe(pid);
  });

  test('a function that ran as the program started and has run since: patched, and said that what it returned then keeps the old result', async () => {
    // helper-86 (Fastify): `maxLen()` built a route's JSON schema at start-up and ran per request too: "patched", the
    // schema still holding the old limit, and nothing said.
    const lib = (max: number) => esm(format, `export function maxLen() {\n  return ${max};\n}\nexport function log(line) {\n  globalThis.logged = line;\n}\n`);
    const probeSource = esm(format, `import { maxLen, log } from './lib.js';\nconst schema = { max: maxLen() };\nlog('started');\nexport async function probe() {\n  log('probe');\n  return [schema.max, maxLen()];\n}\n`);
    app = new App(format, { 'lib.js': lib(3), 'listen.js': listens(format).file, 'probe.js': listens(format).load + probeSource });
    await app.start();
    await started();
    expect(await app.probe()).toEqual([3, 3]);
    const event = await app.change({ 'lib.js': lib(5) });
    expect(event).toMatchObject({ rule: 'body', report: { updated: ['maxLen'] } });
    expect(event.warnings).toContain('maxLen also ran as the program started: what it returned then, where the program kept it (a schema, a table built at start-up), keeps the old result until a restart');
    expect(await app.probe()).toEqual([3, 5]);
    // One that returns nothing left nothing to keep: no such warning.
    const quiet = await app.change({ 'lib.js': lib(5).replace('globalThis.logged = line;', "globalThis.logged = '> ' + line;") });
    expect(quiet).toMatchObject({ rule: 'body', report: { updated: ['log'] }, warnings: [] });
  });

  test('a closure site that ran as the program started and has run since: said that what it returned then keeps the old result', async () => {
    // helper-88 (http-server): a factory run at start-up kept `root = rootOf(dir)`, and its middleware calls rootOf too.
    const lib = (prefix: string) =>
      esm(format, `export function createMiddleware(dir) {\n  function rootOf(d) {\n    return '${prefix}' + d;\n  }\n  const root = rootOf(dir);\n  return (url) => root + ' | ' + rootOf(url);\n}\n`);
    const probeSource = esm(format, `import { createMiddleware } from './lib.js';\nconst middleware = createMiddleware('site');\nexport async function probe() {\n  return middleware('x');\n}\n`);
    app = new App(format, { 'lib.js': lib('/srv/'), 'listen.js': listens(format).file, 'probe.js': listens(format).load + probeSource });
    await app.start();
    await started();
    expect(await app.probe()).toBe('/srv/site | /srv/x');
    const event = await app.change({ 'lib.js': lib('/var/www/') });
    expect(event).toMatchObject({ rule: 'body' });
    expect(event.warnings).toContain('createMiddleware/rootOf also ran as the program started: what it returned then, where the program kept it (a schema, a table built at start-up), keeps the old result until a restart');
    expect(await app.probe()).toBe('/srv/site | /var/www/x');
  });

  test('a constant that a function read as the module loaded, keeping what it made of it: the module is evaluated again', async () => {
    const limit = (max: number) => esm(format, `const MAX = ${max};\nfunction make() {\n  const max = MAX;\n  return () => max;\n}\nexport const get = make();\n`);
    app = new App(format, { 'limit.js': limit(2), 'listen.js': listens(format).file, 'probe.js': listens(format).load + esm(format, `import * as limit from './limit.js';\nexport async function probe() {\n  return limit.get();\n}\n`) });
    await app.start();
    await started();
    expect(await app.probe()).toBe(2);
    const event = await app.change({ 'limit.js': limit(3) });
    expect(event.rule).not.toBe('body');
    expect(event.reason).toMatch(/changed outside function bodies at src\/limit\.js:1:\d+/);
    expect(await app.probe()).toBe(3);
  });

  test('a `var` no code assigns again is a constant too: added or given a new value, patched in place; one a function assigns is state', async () => {
    // helper-81: classic CommonJS declares its settings with `var` (`var MAX_TITLE = 10`): each such save restarted.
    const users = (max: number, extra = '') =>
      esm(format, `var MAX_USERS = ${max};${extra}\nvar users = [];\nvar added = 0;\nexport function addUser(name) {\n  if (users.length >= MAX_USERS) return 'full';\n  users.push(name);\n  added++;\n  return users.length;\n}\n`);
    app = new App(format, { 'users.js': users(1), 'probe.js': esm(format, `import { addUser } from './users.js';\nexport async function probe() {\n  return addUser('x');\n}\n`) });
    await app.start();
    expect([await app.probe(), await app.probe()]).toEqual([1, 'full']);
    expect(await app.change({ 'users.js': users(2) })).toMatchObject({ rule: 'body', revalued: ['MAX_USERS'], report: { updated: ['addUser'] } });
    expect([await app.probe(), await app.probe()]).toEqual([2, 'full']);
    expect(await app.change({ 'users.js': users(3, "\nvar TAG = 'v';") })).toMatchObject({ rule: 'body', declared: ['TAG'] });
    // `added`, which addUser increments, is state: its new first value is a change outside function bodies.
    const state = await app.change({ 'users.js': users(3, "\nvar TAG = 'v';").replace('var added = 0;', 'var added = 1;') });
    expect(state.rule).not.toBe('body');
  });

  test('a closure site added above others renames no function: only the function edited is patched, the running closures kept', async () => {
    // A socket server: `open` makes a handler; `join` an interval and a leave handler per connection. The plugins
    // number each block's evaluator in order, so the added callback renamed those of the blocks below it.
    const rooms = (extra: string) =>
      esm(
        format,
        `globalThis.evaluations = (globalThis.evaluations ?? 0) + 1;\nlet ticks = 0;\nexport function open(name) {${extra}\n  return () => 'open ' + name;\n}\nexport function join(room) {\n  const timer = setInterval(() => {\n    ticks++;\n  }, 5);\n  return () => {\n    clearInterval(timer);\n    return room + ' ' + (ticks > 0);\n  };\n}\nexport const count = () => ticks;\n`,
      );
    const holder = esm(
      format,
      `import { open, join, count } from './rooms.js';\nconst leave = join('lobby');\nexport async function probe() {\n  return { opened: open('admin')(), kicked: globalThis.kick ? globalThis.kick() : 'none', ticking: count() > 0, evaluations: globalThis.evaluations };\n}\nexport const left = () => leave();\n`,
    );
    app = new App(format, { 'rooms.js': rooms(''), 'probe.js': holder });
    await app.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await app.probe()).toEqual({ opened: 'open admin', kicked: 'none', ticking: true, evaluations: 1 });
    const event = await app.change({ 'rooms.js': rooms(`\n  if (name === 'admin') {\n    globalThis.kick = () => 'kicked ' + name;\n  }`) });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { updated: ['open'] } });
    expect(await app.probe()).toEqual({ opened: 'open admin', kicked: 'kicked admin', ticking: true, evaluations: 1 });
  });

  test('a body that calls one more named import, added to its import list in the same save: CommonJS is patched in place', async () => {
    const lib = esm(format, `export function greet(name) {\n  return 'hi ' + name;\n}\nexport function shout(text) {\n  return text.toUpperCase();\n}\n`);
    const handler = (names: string, body: string) =>
      esm(format, `import { ${names} } from './lib.js';\nlet hits = 0;\nexport async function probe() {\n  hits++;\n  return ${body} + ' #' + hits;\n}\n`);
    app = new App(format, { 'lib.js': lib, 'probe.js': handler('greet', "greet('bob')") });
    await app.start('cli', 'json', SEVERAL_FILES);
    expect(await app.probe()).toBe('hi bob #1');
    // `const { greet } = require(…)` → `{ greet, shout }`: declared again in the patch's scope, the same exports. An
    // ES module's bindings are made as it links: it is evaluated again.
    const event = await app.change({ 'probe.js': handler('greet, shout', "shout(greet('bob'))") });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: format === 'commonjs' ? 'body' : 're-evaluate' });
    expect(await app.probe()).toBe(format === 'commonjs' ? 'HI BOB #2' : 'HI BOB #1');
    // The same names from another module: the running functions hold the first module's, so it is evaluated again.
    const other = handler('greet, shout', "shout(greet('bob'))").replace('./lib.js', './other.js');
    const from = app.events.length;
    app.build({ 'other.js': lib.replace("'hi '", "'yo '"), 'probe.js': other });
    const moved = await app.waitFor((event) => event.mightyPatcher === 'patch' && /probe\.js$/.test(String(event.file)), from);
    expect(moved).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    expect(await app.probe()).toBe('YO BOB #1');
  });

  test('a name its import binds to another part of the module (`const square = require(…)` made `const { square } = require(…)`): evaluated again, not "unchanged"', async () => {
    // helper-89: `const Counter = require('./counter')` made `const { Counter } = …` with the exporting module's
    // save was said to change no code that runs, and the running functions kept the module object: "not a constructor".
    const shapes = esm(format, `export const size = 3;\nexport const square = { size: 4 };\n`);
    const reader = (binding: string) => `${binding}\nlet reads = 0;\nexport async function probe() {\n  reads++;\n  return square.size + ' #' + reads;\n}\n`;
    const whole = format === 'commonjs' ? esm(format, reader("const square = require('./shapes.js');")) : reader("import * as square from './shapes.js';");
    app = new App(format, { 'shapes.js': shapes, 'probe.js': whole });
    await app.start();
    expect(await app.probe()).toBe('3 #1');
    const event = await app.change({ 'probe.js': esm(format, reader("import { square } from './shapes.js';")) });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    expect(await app.probe()).toBe('4 #1');
  });

  test('one save adds an export to a module evaluated again and a call of it to an importer, named in its import list: the call reaches it', async () => {
    // Before: the importer's patch declared `const { step, leap } = require(…)` again before lib.js was evaluated
    // again, so `leap` was undefined: "patched", then "leap is not a function" at the next call, the program dead.
    const lib = (extra: string) => esm(format, `export function step(n) {\n  return n + 1;\n}\n${extra}`);
    const handler = (names: string, body: string) => esm(format, `import { ${names} } from './lib.js';\nlet n = 0;\nexport async function probe() {\n  n = ${body};\n  return n;\n}\n`);
    app = new App(format, { 'lib.js': lib(''), 'probe.js': handler('step', 'step(n)') });
    await app.start();
    expect(await app.probe()).toBe(1);
    const from = app.events.length;
    app.build({ 'lib.js': lib("export const BIG = Number('10');\nexport function leap(n) {\n  return n + BIG;\n}\n"), 'probe.js': handler('step, leap', 'leap(n)') });
    const importer = await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/probe.js', from);
    // An ES module's bindings are made as it links: it is evaluated again (its count starts again).
    expect(importer).toMatchObject({ rule: format === 'commonjs' ? 'body' : 're-evaluate' });
    expect(await app.probe()).toBe(format === 'commonjs' ? 11 : 10);
  });

  test('an export added to a module read through a namespace or a barrel (`import * as`, `export * from`) reaches the code that then uses it', async () => {
    // Before: an ES namespace and a barrel keep the names of the instance they linked (a CommonJS barrel, of the
    // exports it copied): `lib.extra` stayed undefined ("patched", then "lib.extra is not a function"), and an import
    // of `extra` from the barrel was refused as a SyntaxError that node would not raise.
    const lib = (extra: string) => esm(format, `export function greet() {\n  return 'hello';\n}\n${extra}`);
    const handler = (names: string, body: string) =>
      esm(format, `import * as lib from './lib.js';\nimport { ${names} } from './barrel.js';\nexport async function probe() {\n  return [${body}];\n}\n`);
    app = new App(format, { 'lib.js': lib(''), 'barrel.js': esm(format, "export * from './lib.js';\n"), 'probe.js': handler('greet', 'greet(), typeof lib.extra') });
    await app.start();
    expect(await app.probe()).toEqual(['hello', 'undefined']);
    const from = app.events.length;
    const added = await app.change({ 'lib.js': lib("export function extra() {\n  return 'EXTRA';\n}\n") });
    expect(added).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    expect(await app.probe()).toEqual(['hello', 'function']);
    const used = await app.change({ 'probe.js': handler('greet, extra', "greet(), lib.extra(), extra()") });
    expect(used).toMatchObject({ mightyPatcher: 'patch', file: 'dist/probe.js' });
    expect(app.events.slice(from)).not.toContainEqual(expect.objectContaining({ mightyPatcher: 'error' }));
    expect(await app.probe()).toEqual(['hello', 'EXTRA', 'EXTRA']);
  });

  test('a function moved between two modules of a barrel (`export * from`) in one save: its importers call the moved one', async () => {
    // helper-71 (Express + TypeScript): the barrel, run again, copied the moved function from the exports object the
    // program held, which keeps what a module lost; the old one went on running, and later saves of the moved one
    // were reported patched and did not show.
    const whisper = (from: string) => `export function whisper(s) {\n  return '(${from}) ' + s;\n}\n`;
    app = new App(format, {
      'a.js': esm(format, `export const other = 1;\n${whisper('a')}`),
      'b.js': esm(format, 'export const otherB = 2;\n'),
      'barrel.js': esm(format, "export * from './a.js';\nexport * from './b.js';\n"),
      'probe.js': esm(format, "import { whisper } from './barrel.js';\nexport async function probe() {\n  return whisper('x');\n}\n"),
    });
    await app.start();
    expect(await app.probe()).toBe('(a) x');
    const from = app.events.length;
    app.build({ 'a.js': esm(format, 'export const other = 1;\n'), 'b.js': esm(format, `export const otherB = 2;\n${whisper('b')}`) });
    const event = await app.waitFor((next) => next.mightyPatcher !== 'ready', from);
    if (format === 'commonjs') {
      // A CommonJS module's exports object keeps what it lost: a restart, said so.
      expect(event).toMatchObject({ mightyPatcher: 'restart', reason: expect.stringMatching(/its exports lost whisper, and src\/barrel\.js copied them/) });
      await app.waitFor((next) => next.mightyPatcher === 'ready' && next.restarted !== undefined, from);
    } else expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    expect(await app.probe()).toBe('(b) x');
  });

  test("a method added to an exported object in an array (a server's `plugins: [{ … }]`): the module evaluated again, and its importer that holds it", async () => {
    // The server copied its plugins' hooks as it started (Apollo Server): a hook defined on the running object would
    // not be called.
    const plugins = (extra: string) => esm(format, `export const plugins = [\n  {\n    onStart() {\n      return 'start';\n    },${extra}\n  },\n];\n`);
    const holder = esm(
      format,
      `import { plugins } from './plugins.js';\nconst held = plugins[0];\nlet calls = 0;\nexport async function probe() {\n  calls++;\n  return { hook: held.onRequest ? held.onRequest() : 'no hook', calls };\n}\n`,
    );
    app = new App(format, { 'plugins.js': plugins(''), 'probe.js': holder });
    await app.start();
    expect(await app.probe()).toEqual({ hook: 'no hook', calls: 1 });
    const event = await app.change({ 'plugins.js': plugins(`\n    onRequest() {\n      return 'hook';\n    },`) });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    expect(await app.probe()).toEqual({ hook: 'hook', calls: 1 });
  });

  test('a class evaluated again is the same class unless what it took from the module scope changed: a decorator or field reading a changed constant', async () => {
    // A decorated class as tsc emits it (`Service = __decorate([...], Service)`), and a class field.
    const services = ({ window = 2, max = 10, label = 'a' }) =>
      esm(
        format,
        `const WINDOW = ${window};\nconst MAX = ${max};\nconst LABEL = '${label}';\nfunction tagged(tag) {\n  return (target) => Object.assign(target, { tag });\n}\nexport let Service = class Service {\n  window() {\n    return WINDOW;\n  }\n};\nService = tagged(LABEL)(Service);\nexport class Limits {\n  max = MAX;\n}\n`,
      );
    const holder = esm(
      format,
      `import { Service, Limits } from './services.js';\nconst service = new Service();\nconst limits = Limits;\nlet calls = 0;\nexport async function probe() {\n  calls++;\n  return { window: service.window(), tag: Service.tag, max: new limits().max, calls };\n}\n`,
    );
    app = new App(format, { 'services.js': services({}), 'probe.js': holder });
    await app.start();
    expect(await app.probe()).toEqual({ window: 2, tag: 'a', max: 10, calls: 1 });
    // Read by a method only: both classes are the same, the importer keeps its state.
    await app.change({ 'services.js': services({ window: 3 }) });
    expect(await app.probe()).toEqual({ window: 3, tag: 'a', max: 10, calls: 2 });
    // Read by a field initializer: the class the importer holds would make instances with the old value.
    await app.change({ 'services.js': services({ window: 3, max: 20 }) });
    expect(await app.probe()).toEqual({ window: 3, tag: 'a', max: 20, calls: 1 });
    // Read by the statement that decorates it.
    await app.change({ 'services.js': services({ window: 3, max: 20, label: 'b' }) });
    expect(await app.probe()).toEqual({ window: 3, tag: 'b', max: 20, calls: 1 });
  });

  test('a class decorated with a value it imports, evaluated again for that import, is a new class (a NestJS module listing a changed controller)', async () => {
    const limits = (max: number) => esm(format, `export class Limits {\n  max = ${max};\n}\n`);
    const wiring = esm(
      format,
      `import { Limits } from './limits.js';\nfunction declare(meta) {\n  return (target) => Object.assign(target, meta);\n}\nexport let Wiring = class Wiring {\n  run() {\n    return 1;\n  }\n};\nWiring = declare({ limits: Limits })(Wiring);\n`,
    );
    const holder = esm(format, `import { Wiring } from './wiring.js';\nconst held = Wiring;\nexport async function probe() {\n  return new held.limits().max;\n}\n`);
    app = new App(format, { 'limits.js': limits(10), 'wiring.js': wiring, 'probe.js': holder });
    await app.start();
    expect(await app.probe()).toBe(10);
    // wiring.js's text is the same; the class its decorator lists is not: probe.js must take the new Wiring.
    await app.change({ 'limits.js': limits(20) });
    expect(await app.probe()).toBe(20);
  });

  test('a class evaluated again gives the objects made before what it added (methods, accessors, statics); not what uses private names, nor a new base class: said', async () => {
    // helper-89 (a socket.io game server): games made before a save that changed Game's constructor lacked the
    // getter the same save added, and a base class added (`extends EventEmitter`) broke them; nothing said.
    const counterV1 = esm(format, `export class Counter {\n  constructor() {\n    this.n = 0;\n  }\n  inc() {\n    this.n++;\n    return this.n;\n  }\n}\n`);
    const v2 = `export class Counter {\n  #createdAt = Date.now();\n  static kind = 'counter';\n  constructor() {\n    this.n = 0;\n    this.step = 1;\n  }\n  inc() {\n    this.n++;\n    return this.n;\n  }\n  label() {\n    return 'at ' + this.n;\n  }\n  get double() {\n    return this.n * 2;\n  }\n  get age() {\n    return Date.now() - this.#createdAt;\n  }\n}\n`;
    const counterV2 = esm(format, v2);
    const counterV3 = esm(format, `import { EventEmitter } from 'node:events';\n${v2.replace('export class Counter {', 'export class Counter extends EventEmitter {').replace('    this.n = 0;\n', '    super();\n    this.n = 0;\n')}`);
    const store = esm(format, `import { Counter } from './counter.js';\nexport function make() {\n  return new Counter();\n}\n`);
    const holder = esm(
      format,
      `import { make } from './store.js';\nconst old = make();\nexport async function probe() {\n  old.inc();\n  const fresh = make();\n  return { label: typeof old.label === 'function' ? old.label() : null, double: old.double ?? null, kind: old.constructor.kind ?? null, age: typeof old.age, freshAge: typeof fresh.age, emits: typeof old.emit };\n}\n`,
    );
    app = new App(format, { 'counter.js': counterV1, 'store.js': store, 'probe.js': holder });
    await app.start();
    expect(await app.probe()).toEqual({ label: null, double: null, kind: null, age: 'undefined', freshAge: 'undefined', emits: 'undefined' });
    const added = await app.change({ 'counter.js': counterV2 });
    expect(added).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    expect(await app.probe()).toEqual({ label: 'at 2', double: 4, kind: 'counter', age: 'undefined', freshAge: 'number', emits: 'undefined' });
    expect(added.warnings).toContainEqual(expect.stringMatching(/^Counter's age, added, uses private names that objects made before this save do not have: they lack it/));
    const based = await app.change({ 'counter.js': counterV3 });
    expect(based.warnings).toContainEqual(expect.stringMatching(/^Counter's base class changed \(no base class → EventEmitter\): objects made before this save keep the old one/));
    expect((await app.probe()).emits).toBe('undefined');
  });

  test('a class its module does not export, whose objects a factory of it makes, gives the objects made before what a re-evaluation added', async () => {
    const games = (extra: string) =>
      esm(format, `class Game {\n  constructor() {\n    this.players = [];${extra ? '\n    this.round = 1;' : ''}\n  }\n  join(name) {\n    this.players.push(name);\n    return this.players.length;\n  }${extra}\n}\nexport function makeGame() {\n  return new Game();\n}\n`);
    const holder = esm(format, `import { makeGame } from './games.js';\nconst game = makeGame();\nexport async function probe() {\n  return { players: game.join('ann'), summary: typeof game.summary === 'function' ? game.summary() : null };\n}\n`);
    app = new App(format, { 'games.js': games(''), 'probe.js': holder });
    await app.start();
    expect(await app.probe()).toEqual({ players: 1, summary: null });
    const event = await app.change({ 'games.js': games(`\n  summary() {\n    return this.players.join(', ');\n  }`) });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    expect(await app.probe()).toEqual({ players: 2, summary: 'ann, ann' });
  });

  test('a change outside function bodies re-evaluates the module; dispose handlers carry state over', async () => {
    const withHot = (factor: number, extra: string) =>
      counter(format, factor, `\nconst hot = require(${JSON.stringify(require.resolve('../../dist/node/index.js'))}).hot(__filename);
calls = hot.data.calls ?? 0;
hot.dispose((data) => { data.calls = calls; });${extra}`);
    const source = (factor: number, extra = '') =>
      format === 'commonjs'
        ? withHot(factor, extra)
        : counter(format, factor, `\nimport { hot as hotOf } from ${JSON.stringify(require.resolve('../../dist/node/index.js'))};
const hot = hotOf(import.meta);
calls = hot.data.calls ?? 0;
hot.dispose((data) => { data.calls = calls; });${extra}`);
    app = new App(format, { 'counter.js': source(2), 'probe.js': probe(format) });
    await app.start();
    expect(await app.probe()).toMatchObject({ scaled: 20, count: 1, evaluations: 1 });

    const event = await app.change({ 'counter.js': source(5, '\nconst LIMITS = { max: 10 };') });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    expect(event.reason).toMatch(/^changed outside function bodies at src\/counter\.js:\d+:\d+$/);
    expect(await app.probe()).toEqual({ scaled: 50, count: 2, total: 6, evaluations: 2 });
  });

  test('a rename saved in the exporting module only is warned about: the importer keeps the last version until saved too', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start('cli', 'json', SEVERAL_FILES);
    const renamed = counter(format, 3).replace(/\bcount\b/g, 'counted');
    const event = await app.change({ 'counter.js': renamed });
    // CommonJS's exports object takes `counted` and keeps `count`: patched in place.
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: format === 'commonjs' ? 'body' : 're-evaluate' });
    expect(event.warnings).toContain('no longer exports count, which src/probe.js still uses: it keeps the last count until saved too');
    // Saved whole (both files in one change): nothing to warn about.
    await app.change({ 'counter.js': counter(format, 2) });
    const from = app.events.length;
    app.build({ 'counter.js': renamed, 'probe.js': probe(format).replace(/\bcount\b/g, 'counted') });
    const whole = await app.waitFor((next) => next.mightyPatcher === 'patch' && /counter\.js$/.test(String(next.file)), from);
    expect(whole.warnings).not.toContainEqual(expect.stringMatching(/no longer exports/));
    expect(await app.probe()).toMatchObject({ scaled: 30, counted: 1 });
  });

  test('a change inside a callback the module runs once (a promise reaction), or in a constructor, is named as such, at its line', async () => {
    const source = (label: string) => counter(format, 2, `\nPromise.resolve().then(() => {\n  globalThis.startedAs = '${label}';\n});`);
    app = new App(format, { 'counter.js': source('v1'), 'probe.js': probe(format) });
    await app.start();
    const event = await app.change({ 'counter.js': source('v2') });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    const line = source('v2').split('\n').findIndex((text) => text.includes("'v2'")) + 1;
    expect(event.reason).toBe(`changed in a run-once function (a listen or then callback, an immediately invoked function: not patched in place) at src/counter.js:${line}:${event.reason!.split(':').at(-1)}`);
     // A constructor is left as it is too, but it is no callback.
    const withConstructor = (label: string) => counter(format, 2, `\nexport class Store {\n  constructor() {\n    this.label = '${label}';\n  }\n}`);
    await app.change({ 'counter.js': withConstructor('v1') });
    const edited = await app.change({ 'counter.js': withConstructor('v2') });
    expect(edited.reason).toMatch(/^changed in a constructor or a class field's first value \(not patched in place\) at src\/counter\.js:\d+:\d+$/);
  });

  test('a syntax error changes nothing and names file:line; the next good save applies', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start();
    const from = app.events.length;
    const good = app.compile('counter.js', counter(format, 4));
    app.writeBuilt('counter.js', good.replace('calls++;', 'calls++; )'));
    const error = await app.waitFor((event) => event.mightyPatcher === 'error', from);
    expect(error.message).toMatch(/^SyntaxError: Unexpected token/);
    expect(error.location).toMatch(/^src\/counter\.js:\d+:\d+$/);
    expect(await app.probe()).toMatchObject({ scaled: 20, total: 3 });

    expect(await app.change({ 'counter.js': counter(format, 4) })).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(await app.probe()).toMatchObject({ scaled: 40, total: 5, count: 2 });
  });

  test('a version whose top level throws is rolled back whole, with file:line', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start();
    // scale and Cart are defined before the throw: their new implementations must be rolled back too.
    const throwing = counter(format, 7) + "\nthrow new Error('boom at load');\n";
    const event = await app.change({ 'counter.js': throwing });
    expect(event).toMatchObject({ mightyPatcher: 'error', message: 'Error: boom at load' });
    const line = throwing.split('\n').findIndex((l) => l.includes('boom at load')) + 1;
    expect(event.location).toMatch(new RegExp(`^src/counter\\.js:${line}:\\d+$`));
    expect(await app.probe()).toMatchObject({ scaled: 20, total: 3 });

    // The running version is still the first one: a body edit of it is patched in its scope, keeping its state.
    expect(await app.change({ 'counter.js': counter(format, 7) })).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(await app.probe()).toMatchObject({ scaled: 70, total: 8, count: 2 });
  });

  test('files held back by another file\'s error go with the next save: fixing that file applies the whole change', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start('cli', 'json', SEVERAL_FILES);
    const from = app.events.length;
    app.build({ 'counter.js': counter(format, 5), 'probe.js': `${probe(format)}\nthrow new Error('probe broken');\n` });
    expect(await app.waitFor((event) => event.mightyPatcher === 'error', from)).toMatchObject({ message: 'Error: probe broken' });
    expect(await app.probe()).toMatchObject({ scaled: 20 });

    // Only the probe is saved again, as the version that runs: the counter's edit, held back with it, applies now.
    const fixed = app.events.length;
    app.build({ 'probe.js': probe(format) });
    const patched = await app.waitFor((event) => event.mightyPatcher === 'patch', fixed);
    expect(patched).toMatchObject({ rule: 'body', file: expect.stringMatching(/counter\.js$/) });
    expect(app.events.slice(fixed)).toContainEqual(expect.objectContaining({ mightyPatcher: 'restored', file: expect.stringMatching(/probe\.js$/) }));
    expect(await app.probe()).toMatchObject({ scaled: 50, count: 2 });
  });

  test('a version that imports a missing module changes nothing; it applies once the module is created', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start();
    const event = await app.change({ 'counter.js': esm(format, "import { gone } from './missing.js';\n") + counter(format, 9) });
    expect(event).toMatchObject({ mightyPatcher: 'error', message: expect.stringMatching(/missing\.js/) });
    expect(await app.probe()).toMatchObject({ scaled: 20, total: 3 });

    // The error said the next save that works applies: the save that makes it work is the missing module's.
    const from = app.events.length;
    app.build({ 'missing.js': esm(format, 'export const gone = 1;\n') });
    const applied = await app.waitFor((event) => event.mightyPatcher === 'patch', from);
    expect(applied).toMatchObject({ file: expect.stringMatching(/counter\.js$/) });
    expect(app.events.slice(from)).not.toContainEqual(expect.objectContaining({ mightyPatcher: 'unchanged' }));
    expect(await app.probe()).toMatchObject({ scaled: 90, total: 10 });
  });

  test("a version that threw on another module's value goes again with that module's change, not as the version that ran before", async () => {
    const reading = (factor: number, check = '') => esm(format, "import { ready } from './flag.js';\n") + check + counter(format, factor);
    app = new App(format, { 'flag.js': esm(format, 'export const ready = false;\n'), 'counter.js': reading(2), 'probe.js': probe(format) });
    await app.start();
    const refused = await app.change({ 'counter.js': reading(9, "if (!ready) throw new Error('flag not ready');\n") });
    expect(refused).toMatchObject({ mightyPatcher: 'error', message: 'Error: flag not ready' });
    expect(await app.probe()).toMatchObject({ scaled: 20 });

    // flag.js written again with the text that runs (a build rewrites every output): the refusal is not said again.
    let from = app.events.length;
    app.build({ 'flag.js': esm(format, 'export const ready = false;\n') });
    expect(await app.waitFor((event) => event.mightyPatcher !== 'ready', from)).toMatchObject({ mightyPatcher: 'unchanged' });

    // flag.js's new value makes counter.js's saved version evaluate again: that version, not the one that ran.
    from = app.events.length;
    app.build({ 'flag.js': esm(format, 'export const ready = true;\n') });
    await app.waitFor((event) => event.mightyPatcher === 'patch' && /counter\.js$/.test(String(event.file)), from);
    expect(await app.probe()).toMatchObject({ scaled: 90, total: 10 });
  });

  test('a file whose save was refused is named with each later save that applies, until it applies', async () => {
    // helper-77 (Express): a save of another file applied, and the log no longer said that a refused router still
    // ran its earlier version, which a restart would have failed on.
    const util = (word: string) => esm(format, `export function label() {\n  return '${word}';\n}\n`);
    const probeSource = esm(format, "import { scale } from './counter.js';\nimport { label } from './util.js';\nexport async function probe() {\n  return [scale(10), label()];\n}\n");
    app = new App(format, { 'counter.js': counter(format, 2), 'util.js': util('a'), 'probe.js': probeSource });
    await app.start();
    expect(await app.change({ 'counter.js': "throw new Error('not ready');\n" + counter(format, 3) })).toMatchObject({ mightyPatcher: 'error', message: 'Error: not ready' });
    const other = await app.change({ 'util.js': util('b') });
    expect(other).toMatchObject({ mightyPatcher: 'patch' });
    expect(other.warnings).toContain('src/counter.js still runs its earlier version: its last save was not applied');
    expect(await app.probe()).toEqual([20, 'b']);
    expect(await app.change({ 'counter.js': counter(format, 3) })).toMatchObject({ mightyPatcher: 'patch' });
    const after = await app.change({ 'util.js': util('c') });
    expect(after.warnings ?? []).not.toContainEqual(expect.stringMatching(/still runs/));
    expect(await app.probe()).toEqual([30, 'c']);
  });

  test('a version refused for a value another file of its save changed goes again when that file is saved back', async () => {
    // Before: "back schema.js", and counter.js's saved version, which now loads, was never applied (stale, silent).
    const schema = (fields: string) => esm(format, `export const FIELDS = [${fields}];\n`);
    const reading = (factor: number, check = '') => esm(format, "import { FIELDS } from './schema.js';\n") + check + counter(format, factor);
    app = new App(format, { 'schema.js': schema("'name', 'genre'"), 'counter.js': reading(2), 'probe.js': probe(format) });
    await app.start('cli', 'json', SEVERAL_FILES);
    let from = app.events.length;
    app.build({ 'schema.js': schema("'name', 'style'"), 'counter.js': reading(9, "if (!FIELDS.includes('genre')) throw new Error('genre missing');\n") });
    // schema.js, held back with it, is named with the error: no line of its own.
    expect(await app.waitFor((event) => event.mightyPatcher === 'error', from)).toMatchObject({ message: 'Error: genre missing', heldWith: ['src/schema.js'] });
    expect(await app.probe()).toMatchObject({ scaled: 20 });
    from = app.events.length;
    app.build({ 'schema.js': schema("'name', 'genre'") });
    await app.waitFor((event) => event.mightyPatcher === 'patch' && /counter\.js$/.test(String(event.file)), from);
    expect(await app.probe()).toMatchObject({ scaled: 90 });
  });

  test('a renamed function is reported added and removed; references to the old name keep working', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start();
    const renamed = counter(format, 2).replace(/\bscale\b/g, 'scaleBy') + esm(format, '\nexport function scale(x) { return scaleBy(x) + 1; }\n');
    const event = await app.change({ 'counter.js': renamed });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    expect(event.report!.added).toContain('scaleBy');
    const dropped = await app.change({ 'counter.js': counter(format, 2).replace(/\bscale\b/g, 'scaleBy') });
    expect(dropped.report!.removed).toEqual(['scale']);
    expect(dropped.warnings!.join('\n')).toMatch(/removed: scale/);
    expect(await app.probe()).toMatchObject({ scaled: 21 }); // the held proxy keeps its last implementation
  });

  test("a method renamed with its call site, or deleted, in a class or a module's own table: patched in place, taken off the running one as a restart would, the state kept", async () => {
    // helper-67 (NestJS services): an IDE's "rename method" restarted the program and emptied its store; only
    // additions were patched in place. helper-69 (Koa): a deleted method or getter stayed on the prototype, and
    // code that still looked it up ran the deleted code where the saved program has none.
    const service = (slug: string, extra = '', getter = true) =>
      esm(
        format,
        `export class Service {
  items = [];
  add(title) {
    this.items.push(this.${slug}(title));
    return this.items;
  }
  ${slug}(title) {
    return title.toLowerCase();
  }${getter ? "\n  get label() {\n    return 'label';\n  }" : ''}
}
const api = {
  list: () => 'list',${extra}
  count() {
    return 1;
  },
};
export const lookup = (key) => api[key];
export const keys = () => Object.keys(api);
`,
      );
    // Looked up as the program runs, not as it starts (a reference taken then might have been a copy of the keys).
    const probeSource = esm(format, `import { Service, lookup, keys } from './service.js';
const service = new Service();
let held;
let n = 0;
export async function probe() {
  n++;
  held ??= lookup('find');
  return [service.add('T' + n), keys(), typeof service.slugify, String(service.label), held()];
}
`);
    app = new App(format, { 'service.js': service('slugify', "\n  find: () => 'find',"), 'probe.js': probeSource });
    await app.start();
    expect(await app.probe()).toEqual([['t1'], ['list', 'find', 'count'], 'function', 'label', 'find']);
    const renamed = await app.change({ 'service.js': service('makeSlug', "\n  find: () => 'find',") });
    expect(renamed).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { added: ['Service.prototype.makeSlug'], removed: ['Service.prototype.slugify'] } });
    expect(await app.probe()).toEqual([['t1', 't2'], ['list', 'find', 'count'], 'undefined', 'label', 'find']);
    const deleted = await app.change({ 'service.js': service('makeSlug', '', false) });
    expect(deleted).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(deleted.report!.removed).toEqual(expect.arrayContaining(['api.find', 'Service.prototype.label:get']));
    // A reference taken before keeps running its last implementation.
    expect(await app.probe()).toEqual([['t1', 't2', 't3'], ['list', 'count'], 'undefined', 'undefined', 'find']);
    // A method deleted whose call is left fails in the version as written: taken off all the same, the call failing
    // as it fails on a fresh start (it was evaluated again before; helper-81's `find` renamed beside `items.find`).
    const called = await app.change({ 'service.js': service('slugify').replace(/\n  slugify\(title\) \{\n    return title\.toLowerCase\(\);\n  \}/, '') });
    expect(called).toMatchObject({ rule: 'body' });
    await expect(app.probe()).rejects.toThrow(/this\.slugify is not a function/);
  });

  test('a key added to, renamed in or taken from an object literal: the module evaluated again, so that what copied its keys copies them again', async () => {
    // helper-73 (Apollo Server): a resolver added next to the others was "patched" and never served, since the
    // schema copied the resolvers as the program started; a key renamed kept the old field answering.
    const resolvers = (keys: string) => esm(format, `export const resolvers = {\n  Query: {\n    hello: () => 'hello',${keys}\n  },\n};\n`);
    const probeSource = esm(
      format,
      `import { resolvers } from './resolvers.js';
const fields = {};
for (const [key, resolve] of Object.entries(resolvers.Query)) fields[key] = resolve;
export async function probe() {
  return Object.keys(fields).map((key) => fields[key]());
}
`,
    );
    app = new App(format, { 'resolvers.js': resolvers(''), 'probe.js': probeSource });
    await app.start();
    expect(await app.probe()).toEqual(['hello']);
    const added = await app.change({ 'resolvers.js': resolvers("\n    bye: () => 'bye',") });
    expect(added).toMatchObject({ rule: 're-evaluate' });
    expect(await app.probe()).toEqual(['hello', 'bye']);
    await app.change({ 'resolvers.js': resolvers("\n    later: () => 'later',") });
    expect(await app.probe()).toEqual(['hello', 'later']);
    await app.change({ 'resolvers.js': resolvers('') });
    expect(await app.probe()).toEqual(['hello']);
  });

  test("a key added to a module's own table that only its functions read: defined on the running object, its state kept; one its top level copied: evaluated again", async () => {
    // A closure made before (a connection's message listener) looks its keys up as it is called: evaluating the
    // module again would leave it reading the previous instance's table.
    const table = (handlers: string, routes: string) =>
      esm(
        format,
        `let made = 0;
const handlers = {${handlers}
  chat: (m) => 'chat ' + m,
};
const routes = {
  home: () => 'home',${routes}
};
const paths = Object.keys(routes);
export function connect() {
  made++;
  return (type) => (handlers[type] ? handlers[type](type) : 'unknown ' + type);
}
export const routeList = () => paths.join();
export const madeCount = () => made;
export const handlerKeys = () => Object.keys(handlers);
`,
      );
    const probeSource = esm(
      format,
      `import { connect, routeList, madeCount, handlerKeys } from './table.js';
let onMessage;
export async function probe() {
  onMessage ??= connect();
  return [onMessage('stats'), routeList(), madeCount(), handlerKeys()];
}
`,
    );
    app = new App(format, { 'table.js': table('', ''), 'probe.js': probeSource });
    await app.start();
    expect(await app.probe()).toEqual(['unknown stats', 'home', 1, ['chat']]);
    // In the literal's order, as a fresh start lists it (helper-76: a command table's `help` listed a new key last).
    const added = await app.change({ 'table.js': table("\n  stats: (m) => 'stats ' + m,", '') });
    expect(added).toMatchObject({ rule: 'body', report: { added: ['handlers.stats'] } });
    expect(await app.probe()).toEqual(['stats stats', 'home', 1, ['stats', 'chat']]);
    const copied = await app.change({ 'table.js': table("\n  stats: (m) => 'stats ' + m,", "\n  about: () => 'about',") });
    expect(copied).toMatchObject({ rule: 're-evaluate', reason: expect.stringMatching(/^routes\.about added at src\/table\.js:\d+:\d+ to an object that is exported or was read as the program loaded/) });
    expect(await app.probe()).toEqual(['stats stats', 'home,about', expect.any(Number), ['stats', 'chat']]);
  });

  test('a method deleted and then put back, or a function deleted and put back: defined again, its callers reach it', async () => {
    // helper-73: a class method deleted, then restored, was "unchanged" at that save and every later one, the
    // running class without it; a module-level function deleted (its module evaluated again) and restored was
    // "patched" while its callers, unchanged, still threw ReferenceError.
    const api = (top: boolean, body = 'n') =>
      esm(
        format,
        `export class Api {
  list() {
    return [1, 2, 3, 4, 5];
  }${top ? `\n\n  top(n) {\n    return this.list().slice(0, ${body});\n  }` : ''}
}
`,
      );
    const lib = (lookup: boolean) =>
      esm(format, `const data = ['a', 'b', 'c'];\n${lookup ? 'function lookup(i) {\n  return data[i];\n}\n' : ''}export const item = (i) => lookup(i).toUpperCase();\n`);
    const probeSource = esm(
      format,
      `import { Api } from './api.js';
import { item } from './lib.js';
const api = new Api();
const held = item;
const attempt = (run) => {
  try {
    return run();
  } catch (error) {
    return error.name;
  }
};
export async function probe() {
  return [attempt(() => api.top(2)), attempt(() => held(1))];
}
`,
    );
    app = new App(format, { 'api.js': api(true), 'lib.js': lib(true), 'probe.js': probeSource });
    await app.start();
    expect(await app.probe()).toEqual([[1, 2], 'B']);
    expect(await app.change({ 'api.js': api(false) })).toMatchObject({ rule: 'body', report: { removed: ['Api.prototype.top'] } });
    expect(await app.probe()).toEqual(['TypeError', 'B']);
    const restored = await app.change({ 'api.js': api(true) });
    expect(restored).toMatchObject({ rule: 'body' });
    expect([...restored.report!.added, ...restored.report!.updated]).toEqual(['Api.prototype.top']);
    expect(await app.probe()).toEqual([[1, 2], 'B']);
    expect(await app.change({ 'api.js': api(true, 'n + 1') })).toMatchObject({ rule: 'body', report: { updated: ['Api.prototype.top'] } });
    expect(await app.probe()).toEqual([[1, 2, 3], 'B']);
    await app.change({ 'lib.js': lib(false) });
    expect(await app.probe()).toEqual([[1, 2, 3], 'ReferenceError']);
    const back = await app.change({ 'lib.js': lib(true) });
    expect(back).toMatchObject({ rule: 're-evaluate', reason: expect.stringMatching(/^lookup declared at src\/lib\.js:2:10, which item calls and this save did not change$/) });
    expect(await app.probe()).toEqual([[1, 2, 3], 'B']);
  });

  test('a closure that reads a name its maker declared only since an earlier save: not patched in place, the closures made before lack it', async () => {
    // helper-74 (a ws game server): a connection handler gained a constant in one save ("patched"), its message
    // listener read it in the next ("patched"), and the next message on a connection opened before killed the
    // program with a ReferenceError. The same edit in one save was caught.
    const server = (declared: boolean, reads: boolean) =>
      esm(
        format,
        `export function connect(id) {${declared ? '\n  const joinedAt = 5;' : ''}
  return () => \`conn=\${id}${reads ? ' age=\${joinedAt > 0}' : ''}\`;
}
`,
      );
    const probeSource = esm(
      format,
      `import { connect } from './server.js';
const onData = connect(1);
export async function probe() {
  try {
    return onData();
  } catch (error) {
    return error.name;
  }
}
`,
    );
    app = new App(format, { 'server.js': server(false, false), 'probe.js': probeSource });
    await app.start();
    expect(await app.probe()).toBe('conn=1');
    expect(await app.change({ 'server.js': server(true, false) })).toMatchObject({ rule: 'body' });
    const reads = await app.change({ 'server.js': server(true, true) });
    expect(reads.rule).not.toBe('body');
    expect(reads.reason).toMatch(/connect\/.* now reads joinedAt, which the calls that made the running closures did not have/);
    expect(await app.probe()).not.toBe('ReferenceError');
  });

  test('a function made async (a handler that now awaits) is patched in place and said; made plain again, patched; an async one made plain is evaluated again', async () => {
    const load = '\nexport async function load() {\n  return calls;\n}';
    app = new App(format, { 'counter.js': counter(format, 2, load), 'probe.js': probe(format).replace('scaled: held(10)', 'scaled: await held(10)') });
    await app.start();
    expect(await app.probe()).toMatchObject({ scaled: 20, count: 1 });
    // Before: evaluated again (the module's state lost with it), since `async` is outside the function's body.
    const event = await app.change({ 'counter.js': counter(format, 3, load).replace('function scale', 'async function scale') });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(event.report!.kindChanged).toEqual([{ name: 'scale', from: 'function', to: 'async' }]);
    // Said as it is: the held function is still a plain one (test-fixtures/kind-changed awaits one).
    expect(event.warnings!.join('\n')).toMatch(/scale changed from function to async: references taken before run the new body and get its promise, but are still a plain function to code that asks \(util\.types\.isAsyncFunction\); restart to change its kind/);
    expect(await app.probe()).toMatchObject({ scaled: 30, count: 2, evaluations: 1 });
    // Once: a later save of the async version does not say it again.
    const again = await app.change({ 'counter.js': counter(format, 4, load).replace('function scale', 'async function scale') });
    expect(again).toMatchObject({ rule: 'body', report: { kindChanged: [] } });
    const back = await app.change({ 'counter.js': counter(format, 2, load) });
    expect(back).toMatchObject({ rule: 'body', report: { kindChanged: [] } });
    expect(await app.probe()).toMatchObject({ scaled: 20, count: 3, evaluations: 1 });
    // An async function the program holds would turn the plain body's value into a promise.
    const plain = await app.change({ 'counter.js': counter(format, 2, load.replace('async function load', 'function load')) });
    expect(plain.rule).not.toBe('body');
    expect(plain.reason).toMatch(/^load changed from async function to function, and the async function the program holds would return its value as a promise \(src\/counter\.js:\d+:\d+\)$/);
  });

  test('a method renamed whose body still names the old key (`this.items.find(…)`), and a method a patch added made async: patched in place', async () => {
    // helper-81: `find(id)` → `findById(id)` restarted, as its body's `this.items.find(…)` still names `find`;
    // helper-84: a method a save added, made async by a later one, restarted.
    const store = (find: string, extra = '') =>
      esm(format, `export class Store {\n  constructor() {\n    this.items = [{ id: 1 }];\n    this.hits = 0;\n  }\n  ${find}(id) {\n    this.hits++;\n    return this.items.find((item) => item.id === id);\n  }${extra}\n}\n`);
    const probeOf = (call: string) => esm(format, `import { Store } from './store.js';\nconst store = new Store();\nexport async function probe() {\n  return [await store.${call}, store.hits, Object.getOwnPropertyNames(Store.prototype)];\n}\n`);
    app = new App(format, { 'store.js': store('find'), 'probe.js': probeOf('find(1)') });
    await app.start('cli', 'json', SEVERAL_FILES);
    expect(await app.probe()).toEqual([{ id: 1 }, 1, ['constructor', 'find']]);
    let from = app.events.length;
    app.build({ 'store.js': store('findById'), 'probe.js': probeOf('findById(1)') });
    // One change or two, as the two files' events come: each a patch in place.
    for (const file of [/store\.js$/, /probe\.js$/]) {
      expect(await app.waitFor((event) => event.mightyPatcher !== 'ready' && file.test(String(event.file)), from)).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    }
    expect(await app.probe()).toEqual([{ id: 1 }, 2, ['constructor', 'findById']]);
    const added = '\n  count() {\n    return this.items.length;\n  }';
    expect(await app.change({ 'store.js': store('findById', added) })).toMatchObject({ rule: 'body' });
    from = app.events.length;
    const event = await app.change({ 'store.js': store('findById', added.replace('count()', 'async count()')) });
    expect(event).toMatchObject({ rule: 'body', report: { kindChanged: [{ name: 'Store.prototype.count', from: 'function', to: 'async' }] } });
  });

  test('a deleted built file is reported and changes nothing; written again (a clean build, a file restored), its saves apply', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start();
    let from = app.events.length;
    fs.rmSync(app.builtPath('counter.js'));
    // Named with the file that still imports it, which a restart would fail to load (helper-81, helper-82).
    expect(await app.waitFor((e) => e.mightyPatcher === 'deleted', from)).toMatchObject({ file: 'dist/counter.js', moduleId: 'src/counter.js', importedBy: ['src/probe.js'] });
    expect(await app.probe()).toMatchObject({ scaled: 20 });
    // Before: the file written again was "not loaded by the program", and every later save of it did nothing (helper-72).
    from = app.events.length;
    app.build({ 'counter.js': counter(format, 2) });
    expect(await app.waitFor((e) => e.mightyPatcher !== 'ready', from)).toMatchObject({ mightyPatcher: 'unchanged', file: 'dist/counter.js' });
    expect(await app.change({ 'counter.js': counter(format, 7) })).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(await app.probe()).toMatchObject({ scaled: 70, count: 2 });
  });
});

describe('saves as editors and build tools make them', () => {
  test("--json's ready event names each watched root as the text line does: relative to the working directory, '.' for itself", async () => {
    app = new App('commonjs', { 'counter.js': counter('commonjs', 2), 'probe.js': probe('commonjs') });
    await app.start('cli', 'json', ['-w', '.', '-w', 'dist']);
    expect(app.events.find((event) => event.mightyPatcher === 'ready')).toMatchObject({ roots: ['.', 'dist'] });
  });

  test('100 saves in one second: the last version is the one applied, no error', async () => {
    app = new App('module', { 'counter.js': counter('module', 2), 'probe.js': probe('module') });
    await app.start();
    const versions = Array.from({ length: 100 }, (_, i) => app.compile('counter.js', counter('module', i + 10)));
    const from = app.events.length;
    for (const [i, code] of versions.entries()) {
      app.writeBuilt('counter.js', code);
      await new Promise((resolve) => setTimeout(resolve, i % 10 === 0 ? 10 : 5));
    }
    // Patches are applied in order: wait until the final version answers.
    for (;;) {
      const { scaled } = (await app.probe()) as { scaled: number };
      if (scaled === 1090) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(app.events.slice(from).filter((e) => e.mightyPatcher === 'error')).toEqual([]);
    expect(app.events.slice(from).every((e) => e.rule === 'body')).toBe(true);
  });

  test('an atomic save (write elsewhere, rename over) is applied', async () => {
    app = new App('module', { 'counter.js': counter('module', 2), 'probe.js': probe('module') });
    await app.start();
    const from = app.events.length;
    const temporary = `${app.builtPath('counter.js')}.tmp-save`;
    fs.writeFileSync(temporary, app.compile('counter.js', counter('module', 6)));
    fs.renameSync(temporary, app.builtPath('counter.js'));
    expect(await app.waitFor((e) => e.mightyPatcher !== 'ready', from)).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(await app.probe()).toMatchObject({ scaled: 60 });
  });

  test('a truncate-then-write save in several chunks applies the complete version only', async () => {
    app = new App('module', { 'counter.js': counter('module', 2), 'probe.js': probe('module') });
    await app.start();
    const from = app.events.length;
    const code = app.compile('counter.js', counter('module', 8));
    const fd = fs.openSync(app.builtPath('counter.js'), 'w'); // truncates
    await new Promise((resolve) => setTimeout(resolve, 15));
    const third = Math.floor(code.length / 3);
    for (const chunk of [code.slice(0, third), code.slice(third, 2 * third), code.slice(2 * third)]) {
      fs.writeSync(fd, chunk);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    fs.closeSync(fd);
    expect(await app.waitFor((e) => e.mightyPatcher !== 'ready', from)).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(await app.probe()).toMatchObject({ scaled: 80 });
    expect(app.events.slice(from).filter((e) => e.mightyPatcher === 'error')).toEqual([]);
  });
});

/** A CommonJS probe that takes `held` once, by `load`, and calls it. */
const holding = (load: string) => `let held;
async function probe() {
  ${load}
  return held(10);
}
module.exports = { probe };
`;

/** Writes the built `file` (no plugin saw it), starts the program, rewrites it: patched, the probe answers 20, then 30. */
async function patchedAfterStart(file: string, before: string, after: string): Promise<void> {
  app.writeBuilt(file, before);
  await app.start();
  expect(await app.probe()).toBe(20);
  const from = app.events.length;
  app.writeBuilt(file, after);
  expect(await app.waitFor((event) => event.mightyPatcher !== 'ready', from)).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
  expect(await app.probe()).toBe(30);
}

// A CommonJS program runs without the module hooks until a module it loads may import an ES module (they cost
// every `require` on Node >= 22.15): an ES module reached later, by import() or require(esm), is still
// instrumented as it loads, and patched.
test.each([
  ['import()', "held ??= (await import('./counter.mjs')).scale;"],
  ['require(esm)', "held ??= require('./counter.mjs').scale;"],
])('a CommonJS program that loads an ES module by %s after start-up: the module is patched', async (_, load) => {
  app = new App('commonjs', { 'probe.js': holding(load) });
  // Only the module hooks (or require's loader) instrument it.
  const scaleBy = (factor: number) => `export function scale(x) {\n  return x * ${factor};\n}\n`;
  await patchedAfterStart('counter.mjs', scaleBy(2), scaleBy(3));
});

// The ES module require(esm) loads registers the hooks by its format, whatever its text looks like: here its
// import is not at a line's start, and the module it imports is patched. Only where Node runs the module hooks
// for the modules require(esm) loads (in-thread hooks, Node >= 22.15): Node 20 never does, the gap
// docs/limitations.md names.
const hooksSeeRequire = typeof (Module as unknown as { registerHooks?: unknown }).registerHooks === 'function';
(hooksSeeRequire ? test : test.skip)('a CommonJS program that requires an ES module written on one line: the module it imports is patched', async () => {
  app = new App('commonjs', { 'probe.js': holding("held ??= require('./counter.mjs').scale;") });
  app.writeBuilt('counter.mjs', `const unit = 1; import { factor } from './factor.mjs'; export const scale = (x) => x * factor() * unit;\n`);
  const factorIs = (factor: number) => `export function factor() {\n  return ${factor};\n}\n`;
  await patchedAfterStart('factor.mjs', factorIs(2), factorIs(3));
});

describe('entry points', () => {
  test.each(['--import', '-r'] as const)('node %s @mighty-patcher/runtime/register patches like the CLI', async (flag) => {
    const format: Format = flag === '--import' ? 'module' : 'commonjs';
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) });
    await app.start(flag);
    expect(await app.change({ 'counter.js': counter(format, 3) })).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(await app.probe()).toMatchObject({ scaled: 30, evaluations: 1 });
  });
});

test('a stack trace through patched code points at the edited source line', async () => {
  app = new App('module', { 'counter.js': counter('module', 2), 'probe.js': probe('module') });
  await app.start();
  const throwing = counter('module', 2).replace('calls++;', "calls++;\n  // a new line moves the throw down\n  if (x === 10) throw new Error('patched throw');");
  expect(await app.change({ 'counter.js': throwing })).toMatchObject({ rule: 'body' });
  const error = await app.probe().catch((e: Error) => e.message);
  expect(error).toMatch(/patched throw/);
  const line = throwing.split('\n').findIndex((l) => l.includes('patched throw')) + 1;
  expect(error).toMatch(new RegExp(`src/counter\\.js:${line}:\\d+`));

  // A second patch moves the line again: each patch is mapped with its own version's map.
  const moved = throwing.replace('// a new line', '// two\n  // new lines');
  expect(await app.change({ 'counter.js': moved })).toMatchObject({ rule: 'body' });
  const again = await app.probe().catch((e: Error) => e.message);
  expect(again).toMatch(new RegExp(`src/counter\\.js:${line + 1}:\\d+`));
});

// Node's source-map support costs every module a read of its map at load (issue 13): a program a plugin built
// runs with Node's own setting, as under `node`; the runtime turns maps on when it first compiles a file.
test('a CommonJS program a plugin built runs with source maps off, as under node, patches included: the runtime compiles none of its files', async () => {
  const probeMaps = esm('commonjs', `import { scale } from './counter.js';
export async function probe() {
  return { scaled: scale(10), sourceMaps: process.sourceMapsEnabled };
}
`);
  app = new App('commonjs', { 'counter.js': counter('commonjs', 2), 'probe.js': probeMaps });
  // Every file built by the plugin, the harness's entry too (the runtime compiles one no plugin built).
  app.writeBuilt('main.js', app.compile('main.js', fs.readFileSync(app.builtPath('main.js'), 'utf8')));
  await app.start();
  expect(await app.probe()).toEqual({ scaled: 20, sourceMaps: false });
  expect(await app.change({ 'counter.js': counter('commonjs', 3) })).toMatchObject({ rule: 'body' });
  expect(await app.probe()).toEqual({ scaled: 30, sourceMaps: false });
});

// The same story for output our Babel plugin did not produce: the SWC plugin's, and plain tsc and
// esbuild output, which the runtime instruments as it loads.
describe.each<[Builder, Format]>([
  ['swc-plugin', 'module'],
  ['swc-plugin', 'commonjs'],
  ['tsc', 'module'],
  ['tsc', 'commonjs'],
  ['esbuild', 'module'],
  ['esbuild', 'commonjs'],
])('built by %s (%s)', (builder, format) => {
  test('body edits keep state, top-level edits re-evaluate, syntax errors name the source line', async () => {
    app = new App(format, { 'counter.js': counter(format, 2), 'probe.js': probe(format) }, builder);
    await app.start();
    expect(await app.probe()).toEqual({ scaled: 20, count: 1, total: 3, evaluations: 1 });

    expect(await app.change({ 'counter.js': counter(format, 3) })).toMatchObject({ mightyPatcher: 'patch', rule: 'body', moduleId: expect.stringMatching(/counter\.js$/) });
    expect(await app.probe()).toEqual({ scaled: 30, count: 2, total: 4, evaluations: 1 });

    expect(await app.change({ 'counter.js': counter(format, 4, '\nconst LIMITS = { max: 1 };') })).toMatchObject({ rule: 're-evaluate' });
    expect(await app.probe()).toMatchObject({ scaled: 40, total: 5, evaluations: 2 });

    const from = app.events.length;
    app.writeBuilt('counter.js', app.compile('counter.js', counter(format, 5)).replace('calls++;', 'calls++; )'));
    const error = await app.waitFor((event) => event.mightyPatcher === 'error', from);
    expect(error.message).toMatch(/^SyntaxError/);
    expect(error.location).toMatch(/^src\/counter\.js:\d+:\d+$/);
    expect(await app.probe()).toMatchObject({ scaled: 40 });
  });
});

test('sloppy code: a function that forwards its parameters restarts the program when a new version needs more', async () => {
  // In sloppy code `scale(x)` forwards `x` alone (docs/protocol.md §3.3): the reference `probe` holds could not
  // pass `y` on, whether patched or evaluated again.
  app = new App('commonjs', { 'counter.js': counter('commonjs', 2), 'probe.js': probe('commonjs') });
  await app.start();
  expect(await app.probe()).toMatchObject({ scaled: 20 });
  const patched = await app.change({ 'counter.js': counter('commonjs', 3) });
  expect(patched).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
  expect(await app.probe()).toMatchObject({ scaled: 30 });
  const from = app.events.length;
  app.build({ 'counter.js': counter('commonjs', 3).replace('scale(x) {', 'scale(x, y = 4) {').replace('return x * 3', 'return x * y') });
  const restart = await app.waitFor((event) => event.mightyPatcher === 'restart', from);
  expect(restart.reason).toMatch(/^scale now has parameters other than plain names, and its running version forwards a call with the values of its 1 parameter only \(src\/counter\.js:\d+:\d+\)/);
  await app.waitFor((event) => event.mightyPatcher === 'ready' && event.restarted !== undefined, from);
  expect(await app.probe()).toMatchObject({ scaled: 40 });
});

// Issue 11's shapes, each held by the program since start-up, edited in one save: every held reference runs the
// new body, with its own state (a closure's counter, an instance's field, module variables) kept.
const shapes = (format: Format, v: number) => {
  const body = `${format === 'module' ? "import { EventEmitter } from 'node:events';" : "const { EventEmitter } = require('node:events');"}
const bus = new EventEmitter();
let ticks = 0;
bus.on('tick', (n) => { ticks += n * ${v}; });
const timer = setInterval(() => { ticks += 0 * ${v}; }, 60_000);
timer.unref();
const api = {
  list() { return 'list v${v}'; },
  create: async (x) => \`create \${x} v${v}\`,
  nested: { ping: () => 'ping v${v}' },
};
function asyncHandler(fn) { return (id) => Promise.resolve(fn(id)); }
const getUser = asyncHandler(async (id) => \`user \${id} v${v}\`);
function makeGreeter(prefix) {
  let calls = 0;
  return (name) => \`\${prefix} \${name} v${v} \${++calls}\`;
}
const hello = makeGreeter('hello');
class Controller {
  count = 0;
  handle = (x) => { this.count++; return \`handle \${x} v${v} \${this.count}\`; };
}
const controller = new Controller();
const handlers = [(x) => \`first \${x} v${v}\`, function second(x) { return \`second \${x} v${v}\`; }];
function tickCount() { return ticks; }
`;
  return format === 'module'
    ? `${body}export { bus, api, getUser, hello, controller, handlers, tickCount };
export default { fetch(request) { return \`fetch \${request} v${v}\`; } };
`
    : `${body}module.exports = { bus, api, getUser, hello, controller, handlers, tickCount, handler: async (event) => \`fetch \${event} v${v}\` };
`;
};

const shapesProbe = (format: Format) => {
  const body = `const held = { list: api.list, create: api.create, ping: api.nested.ping, getUser, hello, handle: controller.handle, first: handlers[0], second: handlers[1], fetch };
async function probe() {
  bus.emit('tick', 1);
  return {
    list: held.list(), create: await held.create('a'), ping: held.ping(), user: await held.getUser(7), hello: held.hello('ada'),
    handle: held.handle('x'), first: held.first(1), second: held.second(2), fetch: await held.fetch('r'), ticks: tickCount(), pid: process.pid,
  };
}
`;
  return format === 'module'
    ? `import shapes, { bus, api, getUser, hello, controller, handlers, tickCount } from './shapes.js';\nconst fetch = shapes.fetch;\n${body}export { probe };\n`
    : `const { bus, api, getUser, hello, controller, handlers, tickCount, handler: fetch } = require('./shapes.js');\n${body}module.exports.probe = probe;\n`;
};

describe.each<[Builder, Format]>([
  ['babel-plugin', 'module'],
  ['babel-plugin', 'commonjs'],
  ['swc-plugin', 'module'],
  ['swc-plugin', 'commonjs'],
])('every shape a real app edits, built by %s (%s)', (builder, format) => {
  test('inline callbacks, object methods, wrapped functions, factory closures, class-field arrows, handler arrays: patched in place, held references run the new body, state kept', async () => {
    app = new App(format, { 'shapes.js': shapes(format, 1), 'probe.js': shapesProbe(format) }, builder);
    await app.start();
    const before = (await app.probe()) as { pid: number };
    expect(before).toEqual({
      list: 'list v1', create: 'create a v1', ping: 'ping v1', user: 'user 7 v1', hello: 'hello ada v1 1',
      handle: 'handle x v1 1', first: 'first 1 v1', second: 'second 2 v1', fetch: 'fetch r v1', ticks: 1, pid: expect.any(Number),
    });
    const event = await app.change({ 'shapes.js': shapes(format, 2) });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', warnings: [] });
    expect(await app.probe()).toEqual({
      list: 'list v2', create: 'create a v2', ping: 'ping v2', user: 'user 7 v2', hello: 'hello ada v2 2',
      handle: 'handle x v2 2', first: 'first 1 v2', second: 'second 2 v2', fetch: 'fetch r v2', ticks: 3, pid: before.pid,
    });
  });
});

test('plain CommonJS: a function added with its export (`module.exports = { … }`, `exports.name = name`) is patched in place, the store kept', async () => {
  // helper-62: the Map of the module was emptied ("re-evaluated service.js … its module state was not kept").
  const service = (extra: string, list: string) => `const store = new Map();\nfunction save(k) {\n  store.set(k, 1);\n  return store.size;\n}\n${extra}module.exports = { ${list} };\n`;
  const util = (extra: string) => `let calls = 0;\nfunction twice(x) {\n  calls++;\n  return x * 2;\n}\nexports.twice = twice;\n${extra}`;
  const probe = "const service = require('./service.js');\nconst util = require('./util.js');\nlet n = 0;\nexports.probe = async () => {\n  n++;\n  return [service.save('k' + n), service.keys ? service.keys() : 'none', util.count ? util.count() : util.twice(n)];\n};\n";
  app = new App('commonjs', { 'service.js': service('', 'save'), 'util.js': util(''), 'probe.js': probe });
  await app.start();
  expect(await app.probe()).toEqual([1, 'none', 2]);
  const added = await app.change({ 'service.js': service('function keys() {\n  return [...store.keys()];\n}\n', 'save, keys') });
  expect(added).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { added: ['keys'] } });
  expect(await app.probe()).toEqual([2, ['k1', 'k2'], 4]);
  const counted = await app.change({ 'util.js': util('function count() {\n  return calls;\n}\nexports.count = count;\n') });
  expect(counted).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { added: ['count'] } });
  expect(await app.probe()).toEqual([3, ['k1', 'k2', 'k3'], 2]);
});

test('a new ES module a save imports, that throws as it runs or does not parse, is refused at its line; fixed, the save applies', async () => {
  // helper-72 (Hono): Node keeps a module that failed in its module map, so every later save was refused with the
  // first error, or (one that did not parse) failed inside the runtime, until the program was restarted by hand.
  const importing = (name: string, factor: number) => `import { ${name} } from './${name}.js';\n${counter('module', factor)}`;
  app = new App('module', { 'counter.js': counter('module', 2), 'probe.js': probe('module') });
  await app.start('cli', 'json', SEVERAL_FILES);
  let from = app.events.length;
  app.build({ 'limits.js': "export const limits = { max: 10 };\nif (limits.max > 5) throw new Error('limits too high');\n", 'counter.js': importing('limits', 3) });
  expect(await app.waitFor((event) => event.mightyPatcher === 'error', from)).toMatchObject({ message: 'Error: limits too high', location: expect.stringMatching(/limits\.js:2:/) });
  from = app.events.length;
  app.build({ 'limits.js': 'export const limits = { max: 3 };\n' });
  await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/counter.js', from);
  expect(await app.probe()).toMatchObject({ scaled: 30 });

  from = app.events.length;
  app.writeBuilt('flags.js', 'export const flags = {{;\n');
  app.build({ 'counter.js': importing('flags', 4) });
  expect(await app.waitFor((event) => event.mightyPatcher === 'error', from)).toMatchObject({ message: expect.stringMatching(/^SyntaxError/), location: expect.stringMatching(/flags\.js:1:/) });
  expect(await app.probe()).toMatchObject({ scaled: 30 });
  from = app.events.length;
  app.writeBuilt('flags.js', 'export const flags = {};\n');
  await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/counter.js', from);
  expect(app.events.slice(from)).not.toContainEqual(expect.objectContaining({ mightyPatcher: 'error' }));
  expect(await app.probe()).toMatchObject({ scaled: 40 });
});

test('plain CommonJS: a function exported as it is made (`exports.list = () => …`) added, changed, deleted: patched in place, the store kept', async () => {
  // Classic Express controllers and models are written `exports.x = async (req, res) => …`: adding one evaluated
  // the module again ("changed outside function bodies"), emptying its store; deleting one too, said to be "in
  // code its compiler generated".
  const model = (extra: string) => `const items = [];\nexports.create = (x) => {\n  items.push(x);\n  return items.length;\n};\n${extra}module.exports.count = () => items.length;\n`;
  const util = (extra: string) => `exports.twice = (x) => x * 2;\n${extra}`;
  const probe = "const model = require('./model.js');\nconst util = require('./util.js');\nlet n = 0;\nexports.probe = async () => {\n  n++;\n  return [model.create('k' + n), model.list ? model.list() : 'none', model.size ? model.size() : 'no size', util.twice(n)];\n};\n";
  app = new App('commonjs', { 'model.js': model(''), 'util.js': util(''), 'probe.js': probe });
  await app.start('cli', 'json', SEVERAL_FILES);
  expect(await app.probe()).toEqual([1, 'none', 'no size', 2]);
  const added = await app.change({ 'model.js': model('exports.list = () => items.slice();\n') });
  expect(added).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { added: ['exports.list'], updated: [] } });
  expect(await app.probe()).toEqual([2, ['k1', 'k2'], 'no size', 4]);
  const changed = await app.change({ 'model.js': model('exports.list = () => items.slice().reverse();\n') });
  expect(changed).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { updated: ['exports.list'], added: [] } });
  expect(await app.probe()).toEqual([3, ['k3', 'k2', 'k1'], 'no size', 6]);
  // Added in one change with a file whose top level throws: undone, the exports object as it was.
  const from = app.events.length;
  app.build({ 'model.js': model('exports.list = () => items.slice().reverse();\nexports.size = () => items.length;\n'), 'util.js': util("throw new Error('util broken');\n") });
  expect(await app.waitFor((event) => event.mightyPatcher === 'error', from)).toMatchObject({ message: 'Error: util broken' });
  expect(await app.probe()).toEqual([4, ['k4', 'k3', 'k2', 'k1'], 'no size', 8]);
  const again = app.events.length;
  app.build({ 'model.js': model(''), 'util.js': util('') });
  const deleted = await app.waitFor((event) => event.mightyPatcher === 'patch' && /model\.js$/.test(String(event.file)), again);
  expect(deleted).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { removed: ['exports.list'] } });
  expect(deleted.warnings!.join('\n')).toMatch(/no longer exports list, which src\/probe\.js still uses/);
  expect(await app.probe()).toEqual([5, ['k5', 'k4', 'k3', 'k2', 'k1'], 'no size', 10]);
});

describe.each<Format>(['module', 'commonjs'])('%s', (format) => {
  test('an arrow that gains a parameter (a handler given `next`, a closure a factory made, a class-field arrow) is patched in place: the new parameter gets what the caller passes', async () => {
    // An arrow forwarded the values of the parameters it had: `(req, res)` given `next` restarted the program.
    const handlers = (next: boolean) =>
      esm(
        format,
        `let served = 0;
export const handle = (req, res${next ? ', next' : ''}) => {
  served++;
  return ${next ? 'next(req + served)' : 'res(req, served)'};
};
export function makeMiddleware(label) {
  return (req, res${next ? ', next' : ''}) => ${next ? 'next(label + req)' : 'res(label + req, served)'};
}
export class Controller {
  list = (req, res${next ? ', next' : ''}) => ${next ? "next('list' + req)" : "res('list' + req, served)"};
}
`,
      );
    const probe = esm(
      format,
      `import { handle, makeMiddleware, Controller } from './handlers.js';
const held = handle;
const middleware = makeMiddleware('m');
const list = new Controller().list;
const reply = (value, count) => [value, count];
const next = (value) => ['next', value];
export async function probe() {
  return [held('a', reply, next), middleware('b', reply, next), list('c', reply, next), [held.length, middleware.length, list.length]];
}
`,
    );
    app = new App(format, { 'handlers.js': handlers(false), 'probe.js': probe });
    await app.start();
    expect(await app.probe()).toEqual([['a', 1], ['mb', 1], ['listc', 1], [2, 2, 2]]);
    const event = await app.change({ 'handlers.js': handlers(true) });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    // A closure and a class-field arrow are made by each call (each instance): those made before keep their length.
    expect(await app.probe()).toEqual([['next', 'a2'], ['next', 'mb'], ['next', 'listc'], [3, 2, 2]]);
    expect(event.warnings).toEqual([
      'makeMiddleware/return made before this patch keep length 2 (the new version\'s is 3): code that reads a function\'s length sees the old one',
      'Controller.prototype.list made before this patch keep length 2 (the new version\'s is 3): code that reads a function\'s length sees the old one',
    ]);
    // Made an error handler, which Express tells by its length: the middleware made before would not be one.
    const from = app.events.length;
    app.build({ 'handlers.js': handlers(true).replace('(req, res, next) => next(label', '(error, req, res, next) => next(label') });
    const restart = await app.waitFor((event) => event.mightyPatcher === 'restart', from);
    expect(restart.reason).toMatch(/^makeMiddleware\/return now takes 4 parameters, not 2 \(src\/handlers\.js:\d+:\d+\), and the functions made before keep their length/);
  });
});

test('an arrow added as a property of an object literal (`module.exports = { list: () => … }`): patched in place, the store kept', async () => {
  // Only methods (`list() {}`) were added to running objects: an arrow property evaluated the module again.
  const model = (extra: string) => `const items = [];\nmodule.exports = {\n  create: (x) => {\n    items.push(x);\n    return items.length;\n  },\n${extra}  count() {\n    return items.length;\n  },\n};\n`;
  const probe = "const model = require('./model.js');\nlet n = 0;\nexports.probe = async () => {\n  n++;\n  return [model.create('k' + n), model.list ? [model.list.name, model.list()] : 'none', model.count(), Object.keys(model)];\n};\n";
  app = new App('commonjs', { 'model.js': model(''), 'probe.js': probe });
  await app.start();
  expect(await app.probe()).toEqual([1, 'none', 1, ['create', 'count']]);
  const added = await app.change({ 'model.js': model('  list: () => items.slice(),\n') });
  expect(added).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { added: ['module.exports.list'] } });
  // Listed where the literal has it, as a fresh start lists it.
  expect(await app.probe()).toEqual([2, ['list', ['k1', 'k2']], 2, ['create', 'list', 'count']]);
  const changed = await app.change({ 'model.js': model('  list: () => items.slice().reverse(),\n') });
  expect(changed).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { updated: ['module.exports.list'] } });
  expect(await app.probe()).toEqual([3, ['list', ['k3', 'k2', 'k1']], 3, ['create', 'list', 'count']]);
});

test('an export dropped (the exports object keeps it) and added again in a change that is refused: the kept export is still there', async () => {
  const keys = (word: string) => `function keys() {\n  return ['${word}', ...store.keys()];\n}\n`;
  const service = (body: string, list: string) => `const store = new Map();\nfunction save(k) {\n  store.set(k, 1);\n  return store.size;\n}\n${body}module.exports = { ${list} };\n`;
  const util = (extra: string) => `exports.twice = (x) => x * 2;\n${extra}`;
  const probe = "const service = require('./service.js');\nconst util = require('./util.js');\nlet n = 0;\nexports.probe = async () => {\n  n++;\n  return [service.save('k' + n), service.keys ? service.keys() : 'none', util.twice(n)];\n};\n";
  app = new App('commonjs', { 'service.js': service(keys('v1'), 'save, keys'), 'util.js': util(''), 'probe.js': probe });
  await app.start('cli', 'json', SEVERAL_FILES);
  expect(await app.probe()).toEqual([1, ['v1', 'k1'], 2]);
  // keys leaves the export list: the running exports object keeps it (a dropped export stays).
  expect(await app.change({ 'service.js': service(keys('v1'), 'save') })).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
  expect(await app.probe()).toEqual([2, ['v1', 'k1', 'k2'], 4]);
  // It comes back with a new body, in one change with a file whose top level throws: the whole change is undone,
  // and the export the object kept is put back as it was, not deleted (service.keys undefined: 'none').
  const from = app.events.length;
  app.build({ 'service.js': service(keys('v3'), 'save, keys'), 'util.js': util("throw new Error('util broken');\n") });
  expect(await app.waitFor((event) => event.mightyPatcher === 'error', from)).toMatchObject({ message: 'Error: util broken' });
  expect(await app.probe()).toEqual([3, ['v1', 'k1', 'k2', 'k3'], 6]);
});

test('exports a save drops are taken off the exports object, as a fresh start has them not; one an importer still names, once that importer is saved', async () => {
  // helper-81: a dispatcher (`lib[name]`, `Object.keys(lib)`) still found a function the save deleted, and called it.
  const lib = (list: string) => `function greet(n) {\n  return 'hello ' + n;\n}\nfunction shout(n) {\n  return greet(n).toUpperCase();\n}\nfunction wave() {\n  return 'o/';\n}\nmodule.exports = { ${list} };\n`;
  const caller = (word: string) => `const lib = require('./lib.js');\nexports.loud = (n) => (lib.shout ? lib.shout(n) : '${word}');\n`;
  const probe = "const lib = require('./lib.js');\nconst { loud } = require('./caller.js');\nexports.probe = async () => [Object.keys(lib), loud('x')];\n";
  app = new App('commonjs', { 'lib.js': lib('greet, shout, wave'), 'caller.js': caller('none'), 'probe.js': probe });
  await app.start('cli', 'json', SEVERAL_FILES);
  expect(await app.probe()).toEqual([['greet', 'shout', 'wave'], 'HELLO X']);
  const dropped = await app.change({ 'lib.js': lib('greet') });
  expect(dropped).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
  // `wave`, which no importer names, is gone at once; `shout` stays for caller.js until it is saved too.
  expect(dropped.warnings).toContain('no longer exports shout, which src/caller.js still uses: it keeps the last shout until saved too');
  expect(await app.probe()).toEqual([['greet', 'shout'], 'HELLO X']);
  const saved = await app.change({ 'caller.js': caller('quiet') });
  expect(saved.warnings).toContain('src/lib.js no longer exports shout: taken off its exports, now that src/caller.js is saved');
  expect(await app.probe()).toEqual([['greet'], 'quiet']);
  // Exported again: there again, and a later save of the importer takes nothing off.
  await app.change({ 'lib.js': lib('greet, shout') });
  expect(await app.probe()).toEqual([['greet', 'shout'], 'HELLO X']);
});

test('a function a patch changed or removed is not listed as updated or removed again by the next evaluation of its module', async () => {
  // helper-66: the evaluation's report (JSON) said `updated: ['label']` for a save that did not touch it, since
  // the registry compares with the version evaluated last.
  const service = (start: number, step: number, extra: string) => `let calls = ${start};\nfunction hit() {\n  calls += ${step};\n  return calls;\n}\n${extra}exports.hit = hit;\n`;
  const probe = "const service = require('./service.js');\nexports.probe = async () => service.hit();\n";
  app = new App('commonjs', { 'service.js': service(0, 1, 'function unused() {\n  return 1;\n}\n'), 'probe.js': probe });
  await app.start();
  expect(await app.probe()).toBe(1);
  expect(await app.change({ 'service.js': service(0, 2, '') })).toMatchObject({ rule: 'body', report: { updated: ['hit'], removed: ['unused'] } });
  expect(await app.probe()).toBe(3);
  const again = await app.change({ 'service.js': service(10, 2, '') });
  expect(again).toMatchObject({ rule: 're-evaluate', report: { updated: [], unchanged: ['hit'], removed: [] } });
  expect(again.warnings!.join('\n')).not.toMatch(/removed/);
  expect(await app.probe()).toBe(12);
});

test('editing the closure a factory made while the module loaded: the closure made then runs the new code', async () => {
  const factory = (word: string) => `export function makeGreeting() {
  return () => '${word}';
}
export const greet = makeGreeting();
export function fresh() { return makeGreeting()(); }
`;
  app = new App('module', { 'greeting.js': factory('hello'), 'probe.js': "import { greet, fresh } from './greeting.js';\nexport function probe() { return [greet(), fresh()]; }\n" });
  await app.start();
  const event = await app.change({ 'greeting.js': factory('salut') });
  expect([...event.report!.updated].sort()).toEqual(['makeGreeting', 'makeGreeting/return']);
  expect(event.warnings).toEqual([]);
  expect(await app.probe()).toEqual(['salut', 'salut']);
});

test('NODE_ENV=production does not turn off the instrumentation of built files as they load: edits still land in place', async () => {
  app = new App('commonjs', { 'counter.js': counter('commonjs', 2), 'probe.js': probe('commonjs') }, 'tsc');
  await app.start('cli', 'json', [], { NODE_ENV: 'production' });
  expect(await app.probe()).toMatchObject({ scaled: 20, count: 1 });
  expect(await app.change({ 'counter.js': counter('commonjs', 3) })).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
  expect(await app.probe()).toMatchObject({ scaled: 30, count: 2, evaluations: 1 });
});

test('people read one line per patch, and why a version was not applied', async () => {
  app = new App('commonjs', { 'counter.js': counter('commonjs', 2), 'probe.js': probe('commonjs') });
  await app.start('cli', 'text');
  app.build({ 'counter.js': counter('commonjs', 3) });
  await app.waitForOutput(/\[mighty-patcher\] patched src\/counter\.js: (scale, Cart\.prototype\.total|Cart\.prototype\.total, scale) \(2 functions\) in \d+ ms\n/);
  app.writeBuilt('counter.js', app.compile('counter.js', counter('commonjs', 4)).replace('calls++;', 'calls++; )'));
  await app.waitForOutput(
    /\[mighty-patcher\] not applied src\/counter\.js: SyntaxError: Unexpected token at src\/counter\.js:\d+:\d+\n\[mighty-patcher\] {3}the running program keeps the previous version; the next save that works applies\n/,
  );
  expect(await app.probe()).toMatchObject({ scaled: 30 });
  // Saved back as the version that runs (an undo in the editor): the refusal is over, and says so.
  app.build({ 'counter.js': counter('commonjs', 3) });
  await app.waitForOutput(/\[mighty-patcher\] back src\/counter\.js: saved as the version that runs; nothing to apply\n/);
  expect(await app.probe()).toMatchObject({ scaled: 30 });
  // A comment: the saved file changed, no code that runs did.
  app.build({ 'counter.js': `// Counts and scales.\n${counter('commonjs', 3)}` });
  await app.waitForOutput(/\[mighty-patcher\] unchanged src\/counter\.js: no code that runs changed \(types, comments or layout\); nothing to apply\n/);
  expect(await app.probe()).toMatchObject({ scaled: 30 });
  // A new file that nothing imports yet: not silence, which would read as a lost save.
  app.build({ 'discount.js': "exports.discount = (total) => total * 0.9;\n" });
  await app.waitForOutput(/\[mighty-patcher\] unchanged src\/discount\.js: not loaded by the program \(only types, or nothing imports it yet\); nothing to apply\n/);
  // The same text saved again (an editor's save of an unmodified file, `touch`): said too.
  app.build({ 'counter.js': `// Counts and scales.\n${counter('commonjs', 3)}` });
  await app.waitForOutput(/\[mighty-patcher\] unchanged src\/counter\.js: the same as the version that runs; nothing to apply\n/);
});

test('a module evaluated again names the state its instance held, which was not kept, and says nothing of state where it held none', async () => {
  // A config with no function, and its importer evaluated again for it (the fastify-example-twitter trial's
  // config.js). The importer held no state (a class is none: instances made before keep theirs); the config, with
  // no function, is not analysed, so what it held is not known and the hint stays.
  const config = (limit: number) => `module.exports = { LIMIT: ${limit} };\n`;
  const rates = "const { LIMIT } = require('./config.js');\nclass Rates { get() { return LIMIT; } }\nexports.rate = () => new Rates().get();\n";
  const cart = (v: number) => `console.log('cart v${v}');\nlet calls = 0;\nconst items = new Map();\nexports.add = (item) => { calls++; items.set(item, calls); return items.size; };\n`;
  const probeSource = "const { rate } = require('./rates.js');\nconst { add } = require('./cart.js');\nexports.probe = async () => [rate(), add('x')];\n";
  app = new App('commonjs', { 'config.js': config(2), 'rates.js': rates, 'cart.js': cart(1), 'probe.js': probeSource });
  await app.start('cli', 'text');
  app.build({ 'config.js': config(3) });
  await app.waitForOutput(/\[mighty-patcher\] re-evaluated src\/config\.js, src\/rates\.js in \d+ ms\n\[mighty-patcher\] {3}src\/config\.js: [^\n]*config\.js:1:\d+[^\n]*: its module state was not kept \(hot\(module\)\.dispose\/data carry it over\)\n\[mighty-patcher\] {3}src\/rates\.js: it imports src\/config\.js, whose LIMIT changed value\n/);
  app.build({ 'cart.js': cart(2) });
  await app.waitForOutput(
    /\[mighty-patcher\] {3}src\/cart\.js: changed outside function bodies at src\/cart\.js:1:\d+: its module state \(calls, items\) was not kept \(hot\(module\)\.dispose\/data carry it over\)\n/,
  );
  expect(await app.probe()).toEqual([3, 1]);
});

describe('the CLI runs the program as node would', () => {
  // Every CLI a test starts is ended after it, passed or not: a test that timed out never reaches its own
  // `finally`, and a CLI left running held Jest open after the run (a CI run that never ended).
  const running = new Set<ChildProcess>();
  afterEach(() => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill();
    running.clear();
  });

  /** The CLI started with `args`: its output so far, a bounded wait for it, its exit. */
  const launch = (args: string[], options: SpawnOptions = {}) => {
    const child = spawn(process.execPath, [cli, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    running.add(child);
    const output = { stdout: '', stderr: '' };
    child.stdout?.on('data', (data: Buffer) => (output.stdout += data.toString()));
    child.stderr?.on('data', (data: Buffer) => (output.stderr += data.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    /** Waits (at most a minute) until `done` holds, or `pattern` matches stdout and stderr together. */
    const until = async (done: RegExp | (() => boolean)) => {
      const holds = typeof done === 'function' ? done : () => done.test(output.stdout + output.stderr);
      const giveUp = Date.now() + 60_000;
      while (!holds()) {
        if (child.exitCode !== null) throw new Error(`the CLI exited (${child.exitCode}):\n${output.stdout}\n${output.stderr}`);
        if (Date.now() > giveUp) throw new Error(`waited a minute for ${done}; the CLI printed:\n${output.stdout}\n${output.stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    return { child, output, exited, until };
  };

  const run = (source: string, ...args: string[]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    fs.writeFileSync(path.join(dir, 'main.js'), source);
    // The exit code is the program's with --exit-on-crash (without it, a non-zero exit waits for a change);
    // a CLI that waited all the same fails the test at the time limit instead of hanging it.
    const result = spawnSync(process.execPath, [cli, 'run', '--quiet', '--exit-on-crash', path.join(dir, 'main.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    return result;
  };

  test('arguments after the entry reach the program; its exit code is the exit code', () => {
    const result = run("console.log(JSON.stringify(process.argv.slice(2)), require.main === module); process.exitCode = 3;", '--port', '80', '-w');
    expect(result.stdout.trim()).toBe('["--port","80","-w"] true');
    expect(result.status).toBe(3);
  });

  test('a program run from TypeScript is told by process.features that the process runs TypeScript (@fastify/autoload asks it)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    fs.writeFileSync(path.join(dir, 'main.ts'), 'const features: { typescript?: unknown } = process.features;\nconsole.log(JSON.stringify(features.typescript));\n');
    const result = spawnSync(process.execPath, [cli, 'run', '--quiet', '--exit-on-crash', path.join(dir, 'main.ts')], { encoding: 'utf8', timeout: 60_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    // Node's own answer where it strips types itself (22.18, 23.6 and later); the runtime's elsewhere.
    const own = (process.features as { typescript?: unknown }).typescript;
    expect(JSON.parse(result.stdout)).toBe(own ? own : 'transform');
  });

  test('an uncaught exception ends the program with code 1, headed as node heads it (its file:line, not ours)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    const main = path.join(dir, 'main.js');
    fs.writeFileSync(main, "const ready = true;\n  throw new Error('crash at start');\n");
    const ours = spawnSync(process.execPath, [cli, 'run', '--quiet', '--exit-on-crash', main], { encoding: 'utf8', timeout: 60_000 });
    const node = spawnSync(process.execPath, [main], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(ours.status).toBe(1);
    const head = (stderr: string) => stderr.split('\n').slice(0, 6).join('\n');
    expect(head(ours.stderr)).toBe(head(node.stderr));
    expect(head(ours.stderr)).toMatch(/main\.js:2\n  throw new Error\('crash at start'\);\n  \^\n\nError: crash at start\n\s+at .*main\.js:2:9/);
    expect(ours.stderr).not.toMatch(/mighty-patcher|runtime[\\/]dist/);
  });

  test('a program that crashes as it starts: the CLI waits, as node --watch, nodemon and tsx watch do, and the fixing save starts it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    const main = path.join(dir, 'main.js');
    fs.writeFileSync(main, "const port = Number(process.env.PORT);\nif (!port) throw new Error('PORT is not set');\n");
    const { output, exited, until } = launch([main], { env: { ...process.env, PORT: '' } });
    await until(() => /\[mighty-patcher\] the program exited \(code 1\); waiting for a change to start it again\n/.test(output.stderr));
    expect(output.stderr).toMatch(/main\.js:2\n[\s\S]*Error: PORT is not set/);
    fs.writeFileSync(main, "const port = Number(process.env.PORT || 3000);\nconsole.log('listening on', port);\n");
    // Started again: it ends with code 0 this time, and so does the CLI.
    expect(await exited).toBe(0);
    expect(output.stdout).toMatch(/^listening on 3000$/m);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['CommonJS', '{}', "'use strict';\n"],
    ['an ES module ("type": "module")', '{ "type": "module" }', "import { setTimeout as wait } from 'node:timers/promises';\nawait wait(0);\n"],
  ])("an entry with no extension (a package's bin script, run as its authors run it) is watched and patched like a .js file: %s", async (_format, packageJson, head) => {
    // helper-88 (http-party/http-server's `bin/http-server`): a save of it printed nothing and the old code served.
    // As an ES module, the hooks thread did not know the entry: neither instrumented nor patched, nothing said.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    fs.writeFileSync(path.join(dir, 'package.json'), packageJson);
    const main = path.join(dir, 'serve');
    const source = (label: string) => `#!/usr/bin/env node\n${head}function label() {\n  return '${label}';\n}\nconst timer = setInterval(() => console.log(label()), 30);\nprocess.on('SIGTERM', () => clearInterval(timer));\n`;
    fs.writeFileSync(main, source('bin-v1'));
    const { child, output, until } = launch([main]);
    await until(/^bin-v1$/m);
    await until(/watching .* for changes/);
    fs.writeFileSync(main, source('bin-v2'));
    await until(/^bin-v2$/m);
    await until(/patched \S*serve: label \(1 function\)/);
    expect(output.stdout).not.toMatch(/bin-v2[\s\S]*bin-v1/);
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['CommonJS', '{}', "const { label } = require('../lib/label.js');\n", "const { word } = require('./word.js');\nexports.label = () => word();\n", (w: string) => `exports.word = () => '${w}';\n`],
    ['ES modules', '{ "type": "module" }', "import { label } from '../lib/label.js';\n", "import { word } from './word.js';\nexport const label = () => word();\n", (w: string) => `export const word = () => '${w}';\n`],
  ])('a module of the program outside the watched directories (bin/ importing ../lib/): its save restarts the program, said with the --watch that would patch it: %s', async (_format, packageJson, entryHead, labelSource, wordSource) => {
    // As `node --watch` restarts for any module it loaded; before, such a save was not seen at all: stale, nothing said.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    fs.writeFileSync(path.join(dir, 'package.json'), packageJson);
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'lib', 'label.js'), labelSource);
    // Loaded by label.js, itself outside: CommonJS finishes loading it before label.js's own load is recorded.
    fs.writeFileSync(path.join(dir, 'lib', 'word.js'), wordSource('lib-v1'));
    fs.writeFileSync(path.join(dir, 'bin', 'main.js'), `${entryHead}const timer = setInterval(() => console.log(label()), 30);\nprocess.on('SIGTERM', () => clearInterval(timer));\n`);
    const { child, output, until } = launch([path.join('bin', 'main.js')], { cwd: dir });
    await until(/^lib-v1$/m);
    await until(/watching bin for changes/);
    fs.writeFileSync(path.join(dir, 'lib', 'word.js'), wordSource('lib-v2'));
    await until(/^lib-v2$/m);
    expect(output.stderr).toMatch(/restarting: lib[\\/]word\.js changed, a module of the program outside the watched directories \(`--watch lib` would patch it in place\)/);
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a change in a module's last statement that the compiler's map leaves unmapped (`module.exports = { Counter }`) is named by its line", async () => {
    // helper-89: "changed outside function bodies at counter.js, in code its compiler generated (decorators, for one)".
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    fs.writeFileSync(path.join(dir, 'counter.js'), 'class Counter {\n  inc() {\n    return 1;\n  }\n}\n\nmodule.exports = Counter;\n');
    fs.writeFileSync(path.join(dir, 'main.js'), "require('./counter.js');\nconsole.log('started');\nsetInterval(() => {}, 1000);\n");
    const { child, output, until } = launch(['main.js'], { cwd: dir });
    await until(/watching \. for changes/);
    fs.writeFileSync(path.join(dir, 'counter.js'), 'class Counter {\n  inc() {\n    return 1;\n  }\n}\n\nmodule.exports = { Counter };\n');
    await until(/changed outside function bodies at /);
    // main.js holds what it exports: a restart, which names the line.
    expect(output.stderr).toMatch(/counter\.js changed \(changed outside function bodies at counter\.js:7:\d+\)/);
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a program that died as it started, its code saved meanwhile, is started again at once: the save raised no event after it died', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    const greet = path.join(dir, 'greet.js');
    fs.writeFileSync(greet, "exports.greet = () => { throw new Error('broken greeting'); };\n");
    // The program loads greet.js, then works (its event loop held) until greet.js is saved again: it then runs
    // what it loaded, and dies, before its own watcher can apply the save.
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      `const fs = require('node:fs');
const { greet } = require('./greet.js');
fs.writeFileSync(__dirname + '/loaded.txt', '');
const giveUp = Date.now() + 60000;
while (fs.readFileSync(__dirname + '/greet.js', 'utf8').includes('broken') && Date.now() < giveUp);
console.log(greet());
setInterval(() => {}, 1000);
`,
    );
    const { child, output, until } = launch(['main.js'], { cwd: dir });
    try {
      await until(() => fs.existsSync(path.join(dir, 'loaded.txt')));
      fs.writeFileSync(greet, "exports.greet = () => 'hello';\n");
      await until(/\] restarted in|waiting for a change/);
      expect(output.stderr).toMatch(/Error: broken greeting/);
      expect(output.stderr).toMatch(/\[mighty-patcher\] restarted in \d+ ms: greet\.js was saved while the program started, which exited \(code 1\)\n/);
      expect(output.stderr).not.toMatch(/waiting for a change/);
      expect(output.stdout).toMatch(/^hello$/m);
      child.kill();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a fix saved just after a patch that made the program die, before the CLI watches again, starts the program with it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    const main = path.join(dir, 'main.js');
    fs.writeFileSync(main, "let ticks = 0;\nfunction tick() {\n  ticks += 1;\n  if (ticks % 10 === 0) console.log('tick', ticks);\n}\nsetInterval(tick, 20);\n");
    const { child, output, until } = launch(['main.js'], { cwd: dir });
    try {
      await until(/^tick 10$/m);
      // The patch is applied; the timer's next call throws, and the program dies. The fix follows (helper-82: a
      // game's tick loop): it was lost, the program left dead and nothing said, where node --watch runs it.
      fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace("ticks % 10 === 0) console.log('tick'", "ticks % EVERY === 0) console.log('fixed'"));
      await until(/ReferenceError: EVERY is not defined/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('let ticks = 0;', 'let ticks = 0;\nconst EVERY = 10;'));
      await until(/^fixed 10$/m);
      expect(output.stderr).toMatch(/\[mighty-patcher\] restarted in \d+ ms: main\.js (was saved after the program last read it|changed after the program exited)/);
      expect(output.stderr.match(/ReferenceError/g)).toHaveLength(1);
      child.kill();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a program that writes the data file it read as it started, then dies, waits for a change: that write is its own', async () => {
    // helper-87: lowdb's db.json, written by the program, read as a save it had not applied: started again into
    // the same death.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    fs.writeFileSync(path.join(dir, 'data.json'), '{ "n": 1 }\n');
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      `const fs = require('node:fs');
const data = JSON.parse(fs.readFileSync(__dirname + '/data.json', 'utf8'));
require('node:http').createServer(() => {}).listen(0, () => {
  setTimeout(() => {
    fs.writeFileSync(__dirname + '/data.json', JSON.stringify({ n: data.n + 1 }));
    throw new Error('dies after writing its data');
  }, 1500);
});
`,
    );
    const { output, until } = launch(['main.js'], { cwd: dir });
    try {
      await until(/waiting for a change to start it again\n/);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(output.stderr.match(/Error: dies after writing its data/g)).toHaveLength(1);
      expect(output.stderr).not.toMatch(/restarted in/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a program started again for a save made as it started, that dies again as it starts, waits for a change', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    // A program that writes a module of its own as it starts, then dies: started again once, not in a loop.
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      "require('node:fs').writeFileSync(__dirname + '/generated.js', 'exports.at = ' + Date.now() + ';\\n');\nthrow new Error('dies as it starts');\n",
    );
    const { output, until } = launch(['main.js'], { cwd: dir });
    try {
      await until(/waiting for a change to start it again\n/);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // Its two deaths (the second program dies before its line saying why it was started), then the wait.
      expect(output.stderr.match(/Error: dies as it starts/g)).toHaveLength(2);
      expect(output.stderr.match(/mighty-patcher/g)).toHaveLength(1);
      expect(output.stderr).toMatch(/\[mighty-patcher\] the restarted program exited \(code 1\); waiting for a change to start it again\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a program that died is started again by a save of its code or of JSON it loads, not by a write of its log beside them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    const main = path.join(dir, 'main.js');
    fs.writeFileSync(main, "const config = require('./config.json');\nconsole.log('started', config.v);\n");
    fs.writeFileSync(path.join(dir, 'config.json'), '{ "v": 1, }\n');
    // The output goes to a log in the watched directory, as \`mighty-patcher run main.js > app.log\` does: each
    // death's lines were a change that started the program again, which died again (a loop of restarts).
    const log = path.join(dir, 'app.log');
    const out = fs.openSync(log, 'a');
    const { exited, until } = launch([main], { cwd: dir, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const output = () => fs.readFileSync(log, 'utf8');
    try {
      await until(() => /waiting for a change to start it again\n/.test(output()));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(output().match(/exited \(code 1\)/g)).toHaveLength(1);
      // The JSON did not parse: the program never ran, yet the save that mends it starts it.
      fs.writeFileSync(path.join(dir, 'config.json'), '{ "v": 2 }\n');
      expect(await exited).toBe(0);
      expect(output()).toMatch(/^started 2$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a program that died for want of a variable is started again by the save of its --env-file, a dot-file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    fs.writeFileSync(path.join(dir, '.env'), 'OTHER=1\n');
    fs.writeFileSync(path.join(dir, 'main.js'), "if (!process.env.GREETING) throw new Error('GREETING is not set');\nconsole.log('hello', process.env.GREETING);\n");
    const { output, exited, until } = launch(['--env-file', '.env', 'main.js'], { cwd: dir });
    try {
      await until(/waiting for a change to start it again\n/);
      // Dot-files are never watched for a change of the program's code; the program named this one (a config).
      fs.writeFileSync(path.join(dir, '.env'), 'GREETING=hi\n');
      expect(await exited).toBe(0);
      expect(output.stdout).toMatch(/^hello hi$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** A temporary directory for one program: a write of a file in it (its directories made), and its removal. */
  const scratch = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    return { dir, write, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
  };

  /** The CLI running `args` in `dir`: its output so far, and a wait for a pattern in it. */
  const watching = (dir: string, args: string[]) => {
    const { child, output, until } = launch(args, { cwd: dir });
    /** The answer of the server the program last started: it prints `port <n>` when it listens. */
    const answer = async () => {
      const ports = [...output.stdout.matchAll(/port (\d+)\n/g)];
      return (await fetch(`http://127.0.0.1:${ports.at(-1)![1]}/`)).text();
    };
    return { child, output, until, answer, stop: () => child.kill() };
  };

  test('a SIGTERM that comes while a restart is under way ends the CLI and its program: no new program starts', async () => {
    // A program that takes a moment to close (a server draining) holds the restart open; a process manager's
    // SIGTERM in that window started the new program all the same, and the CLI never ended.
    const { dir, write, remove } = scratch();
    const program = (version: number) =>
      `console.log('started ${version}');\nprocess.on('SIGTERM', () => setTimeout(() => { console.log('closed ${version}'); process.exit(0); }, 300));\nsetInterval(() => {}, 1000);\n`;
    write('main.js', program(1));
    const { child, output, until } = watching(dir, [path.join(dir, 'main.js')]);
    try {
      await until(/started 1\n/);
      await until(/watching \. for changes\n/);
      write('main.js', program(2));
      await until(/restarting: /);
      const ended = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      child.kill('SIGTERM');
      // The program closed and exited 0, and the CLI with it, as under node.
      expect(await Promise.race([ended, new Promise((resolve) => setTimeout(() => resolve('still running after 20 s'), 20_000))])).toEqual({ code: 0, signal: null });
      expect(output.stdout).toMatch(/closed 1\n/);
      expect(output.stdout).not.toMatch(/started 2/);
    } finally {
      remove();
    }
  });

  test('a save of package.json or of an --env-file restarts the program with it; one saved with the same text says so and restarts nothing', async () => {
    const { dir, write, remove } = scratch();
    write('package.json', '{ "name": "configs", "private": true }\n');
    write('.env', 'GREETING=hello\n');
    // Every start prints what it reads: the name from package.json, the greeting from the env file.
    write('main.js', "console.log('started', require('./package.json').name, process.env.GREETING);\nsetInterval(() => {}, 1000);\n");
    const { output, until, stop } = watching(dir, ['--env-file', path.join(dir, '.env'), path.join(dir, 'main.js')]);
    try {
      await until(/watching \. for changes\n/);
      expect(output.stdout).toMatch(/^started configs hello$/m);
      write('package.json', '{ "name": "configs", "private": true }\n');
      await until(/unchanged package\.json: the same as the version that runs; nothing to apply\n/);
      write('package.json', '{ "name": "renamed", "private": true }\n');
      await until(/restarted in \d+ ms: package\.json changed\n/);
      expect(output.stdout).toMatch(/^started renamed hello$/m);
      write('.env', 'GREETING=bonjour\n');
      await until(/restarted in \d+ ms: \.env changed\n/);
      expect(output.stdout).toMatch(/^started renamed bonjour$/m);
      // Nothing else was printed: one start per restart, no restart for the same text.
      expect(output.stdout.match(/^started /gm)).toHaveLength(3);
    } finally {
      stop();
      remove();
    }
  });

  test("a save of a tsconfig.json that the entry's extends restarts a TypeScript program, as a save of its own does", async () => {
    const { dir, write, remove } = scratch();
    // A monorepo's package: its compiler options are the shared file's.
    write('tsconfig.base.json', '{ "compilerOptions": { "strict": true } }\n');
    write('app/tsconfig.json', '{ "extends": "../tsconfig.base.json" }\n');
    write('app/src/main.ts', "const started: string = 'started';\nconsole.log(started);\nsetInterval(() => {}, 1000);\n");
    const { output, until, stop } = watching(path.join(dir, 'app'), ['src/main.ts']);
    try {
      await until(/watching src for changes\n/);
      write('tsconfig.base.json', '{ "compilerOptions": { "strict": true, "target": "es2020" } }\n');
      await until(/restarted in \d+ ms: \.\.\/tsconfig\.base\.json changed\n/);
      write('app/tsconfig.json', '{ "extends": "../tsconfig.base.json", "compilerOptions": {} }\n');
      await until(/restarted in \d+ ms: tsconfig\.json changed\n/);
      await until(/(?:^started\n[\s\S]*){3}/m);
    } finally {
      stop();
      remove();
    }
  });

  test("a module that reads its own text as it loads is the program reading it, not Node's loader: a comment edit restarts it", async () => {
    const { dir, write, remove } = scratch();
    // Node's loader reads each module once as it loads it (told apart without a stack, reads.ts); the module's own
    // read of the same file, while it loads, is the program's.
    write('doc.js', "// @doc the first words\nmodule.exports = /@doc (.*)/.exec(require('node:fs').readFileSync(__filename, 'utf8'))[1];\n");
    write('main.js', "console.log('started', require('./doc.js'));\nsetInterval(() => {}, 1000);\n");
    const { output, until, stop } = watching(dir, [path.join(dir, 'main.js')]);
    try {
      await until(/watching \. for changes\n/);
      expect(output.stdout).toMatch(/^started the first words$/m);
      write('doc.js', "// @doc the second words\nmodule.exports = /@doc (.*)/.exec(require('node:fs').readFileSync(__filename, 'utf8'))[1];\n");
      await until(/restarted in \d+ ms: doc\.js changed, and doc\.js read its text while the program ran/);
      await until(/^started the second words$/m);
    } finally {
      stop();
      remove();
    }
  });

  test("an ES module that reads its own text by its URL as it loads is the program reading it, not Node's loader: a comment edit restarts it", async () => {
    const { dir, write, remove } = scratch();
    // Node's ES module loader reads each module by a URL, as this module does (told apart by the hooks' load,
    // reads.ts, on Node >= 22.15; by the stack, on its hooks thread, before).
    const doc = (words: string) => `// @doc ${words}\nimport fs from 'node:fs';\nexport default /@doc (.*)/.exec(fs.readFileSync(new URL(import.meta.url), 'utf8'))[1];\n`;
    write('doc.mjs', doc('the first words'));
    write('main.mjs', "import words from './doc.mjs';\nconsole.log('started', words);\nsetInterval(() => {}, 1000);\n");
    const { output, until, stop } = watching(dir, [path.join(dir, 'main.mjs')]);
    try {
      await until(/watching \. for changes\n/);
      expect(output.stdout).toMatch(/^started the first words$/m);
      write('doc.mjs', doc('the second words'));
      await until(/restarted in \d+ ms: doc\.mjs changed, and doc\.mjs read its text while the program ran/);
      await until(/^started the second words$/m);
    } finally {
      stop();
      remove();
    }
  });

  test('what the program read as data: a new file in a directory it listed, or a comment of a file whose text it read, restarts it; a file it listed and passed over does not', async () => {
    const { dir, write, remove } = scratch();
    // A loader of every route file (as @fastify/autoload or Sequelize's models/index.js), and documentation read
    // from a route's comments (as swagger-jsdoc): each start prints what it found.
    write('routes/a.js', '// @doc lists the a things\nmodule.exports = () => "a";\n');
    write('routes/a.test.js', 'module.exports = "not a route";\n');
    write(
      'main.js',
      `const fs = require('node:fs');
const path = require('node:path');
const routes = fs.readdirSync(path.join(__dirname, 'routes')).filter((name) => !name.endsWith('.test.js'));
for (const name of routes) require(path.join(__dirname, 'routes', name));
const doc = /@doc (.*)/.exec(fs.readFileSync(path.join(__dirname, 'routes/a.js'), 'utf8'))[1];
console.log('started', routes.join(','), doc);
setInterval(() => {}, 1000);
`,
    );
    const { output, until, stop } = watching(dir, [path.join(dir, 'main.js')]);
    try {
      await until(/watching \. for changes\n/);
      expect(output.stdout).toMatch(/^started a\.js lists the a things$/m);
      // Listed at start and passed over: its save is said, and restarts nothing.
      write('routes/a.test.js', 'module.exports = "still not a route";\n');
      await until(/unchanged routes\/a\.test\.js: not loaded by the program/);
      write('routes/b.js', 'module.exports = () => "b";\n');
      await until(/restarted in \d+ ms: routes\/b\.js is new, and main\.js listed routes while the program ran/);
      await until(/^started a\.js,b\.js lists the a things$/m);
      write('routes/a.js', '// @doc lists every a thing\nmodule.exports = () => "a";\n');
      await until(/restarted in \d+ ms: routes\/a\.js changed, and main\.js read its text while the program ran/);
      // Said once, as a restart: not also as a save with nothing to apply.
      expect(output.stderr).not.toMatch(/unchanged routes\/a\.js/);
      await until(/^started a\.js,b\.js lists every a thing$/m);
      expect(output.stdout.match(/^started /gm)).toHaveLength(3);
    } finally {
      stop();
      remove();
    }
  });

  test('a callback that ran once after the server listened, before it served (a seeded password hashed), ran at start-up: its edit restarts', async () => {
    const { dir, write, remove } = scratch();
    const program = (role: string) => `const crypto = require('node:crypto');
const users = { tj: {} };
crypto.pbkdf2('foobar', 'salt', 1000, 64, 'sha512', function (error, hash) {
  users.tj.hash = hash.length;${role}
});
const server = require('node:http').createServer((request, response) => response.end('role=' + users.tj.role));
server.listen(0, () => console.log('port', server.address().port));
`;
    write('main.js', program(''));
    const { until, answer, stop } = watching(dir, [path.join(dir, 'main.js')]);
    try {
      await until(/watching \. for changes\n/);
      await until(/port \d+\n/);
      expect(await answer()).toBe('role=undefined');
      write('main.js', program(" users.tj.role = 'admin';"));
      await until(/restarted in \d+ ms: crypto\.pbkdf2\("foobar"\) changed \(main\.js:3:\d+\), and it ran only while the program started/);
      await until(/port \d+\n[\s\S]*port \d+\n/);
      expect(await answer()).toBe('role=admin');
    } finally {
      stop();
      remove();
    }
  });

  test('a plugin a framework called once at start-up, nested in another (`app.register(function (app) { … })`): a route it gains restarts', async () => {
    // helper-68 (fastify-example-twitter): the route added in the nested plugin was reported "patched" and never
    // existed, since only module-level functions' calls were recorded.
    const { dir, write, remove } = scratch();
    const routes = (extra: string) => `module.exports = function routes(app) {
  app.get('/a', () => 'a');
  app.register(function authenticated(app) {
    app.get('/b', () => 'b');${extra}
  });
};
`;
    write('routes.js', routes(''));
    write(
      'main.js',
      `const routes = new Map();
const app = { get(path, handler) { routes.set(path, handler); }, register(plugin) { plugin(app); } };
require('./routes')(app);
const server = require('node:http').createServer((request, response) => response.end(routes.has('/c') ? routes.get('/c')() : 'no /c'));
server.listen(0, () => console.log('port', server.address().port));
`,
    );
    const { until, answer, stop } = watching(dir, [path.join(dir, 'main.js')]);
    try {
      await until(/port \d+\n/);
      expect(await answer()).toBe('no /c');
      write('routes.js', routes("\n    app.get('/c', () => 'c');"));
      await until(/restarted in \d+ ms: module\.exports\/app\.register\(\) changed \(routes\.js:3:\d+\), and it ran only while the program started/);
      await until(/port \d+\n[\s\S]*port \d+\n/);
      expect(await answer()).toBe('c');
    } finally {
      stop();
      remove();
    }
  });

  test('a module that started a server, changed outside its functions: a restart, not a second listen on the port the program holds', async () => {
    const { dir, write, remove } = scratch();
    // The greeting made as an object's property: a new value of a plain constant that only functions read would be
    // patched in place.
    const server = (greeting: string, end = 'greeting') => `const http = require('node:http');
const greeting = { text: '${greeting}' }.text;
const server = http.createServer((request, response) => response.end(${end}));
async function main() { await null; server.listen(0, () => console.log('port', server.address().port)); }
main();
`;
    write('main.js', "require('./server.js');\n");
    write('server.js', server('hello'));
    const { output, until, answer, stop } = watching(dir, [path.join(dir, 'main.js')]);
    try {
      await until(/port \d+\n/);
      expect(await answer()).toBe('hello');
      write('server.js', server('bonjour'));
      await until(/restarted in \d+ ms: server\.js changed \(changed outside function bodies at server\.js:2:\d+\); it started a server, which evaluated again would listen again/);
      await until(/port \d+\n[\s\S]*port \d+\n/);
      expect(await answer()).toBe('bonjour');
      // Its functions' bodies are patched in place as anywhere.
      write('server.js', server('bonjour', "greeting + '!'"));
      await until(/patched server\.js: server \(1 function\)/);
      expect(await answer()).toBe('bonjour!');
      // A constant added alone is declared in the running module: the line says so, and counts no function.
      write('server.js', server('bonjour', "greeting + '!'").replace('const greeting', "const TAG = '[v2]';\nconst greeting"));
      await until(/patched server\.js: declared TAG, no function changed in \d+ ms\n/);
      expect(await answer()).toBe('bonjour!');
      // Declared again by the next patch, it is not news: not said again.
      write('server.js', server('bonjour', "greeting + '?'").replace('const greeting', "const TAG = '[v2]';\nconst greeting"));
      await until(/declared TAG, no function changed in \d+ ms\n(?:.*\n)*?.*patched server\.js: server \(1 function\) in \d+ ms\n/);
      expect(await answer()).toBe('bonjour?');
      expect(output.stderr).not.toMatch(/EADDRINUSE|exited/);
    } finally {
      stop();
      remove();
    }
  });

  test('a data file the program read as it started (a GraphQL schema) restarts it when saved; its own store and a template it reads per request do not', async () => {
    const { dir, write, remove } = scratch();
    write('schema.graphql', 'type Book { title: String }\n');
    write('page.html', '<p>v1</p>\n');
    write('store.json', '0');
    write(
      'main.js',
      `const fs = require('node:fs');
const path = require('node:path');
const schema = fs.readFileSync(new URL('./schema.graphql', 'file://' + __filename), 'utf8').trim();
const store = path.join(__dirname, 'store.json');
let count = Number(fs.readFileSync(store, 'utf8'));
const server = require('node:http').createServer((request, response) => {
  count++;
  fs.writeFileSync(store, String(count));
  response.end(schema + ' ' + count + ' ' + fs.readFileSync(path.join(__dirname, 'page.html'), 'utf8').trim());
});
server.listen(0, () => console.log('port', server.address().port));
`,
    );
    const { output, until, answer, stop } = watching(dir, [path.join(dir, 'main.js')]);
    try {
      await until(/watching \. for changes\n/);
      await until(/port \d+\n/);
      expect(await answer()).toBe('type Book { title: String } 1 <p>v1</p>');
      // Read for each answer: its save changes the next answer by itself.
      write('page.html', '<p>v2</p>\n');
      expect(await answer()).toBe('type Book { title: String } 2 <p>v2</p>');
      write('schema.graphql', 'type Book { title: String isbn: String }\n');
      await until(/restarted in \d+ ms: schema\.graphql changed, and the program read it as it started/);
      await until(/port \d+\n[\s\S]*port \d+\n/);
      expect(await answer()).toBe('type Book { title: String isbn: String } 3 <p>v2</p>');
      // The program's own writes of its store, which it read as it started too, restart nothing.
      await answer();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(output.stderr.match(/restarted in/g)).toHaveLength(1);
      expect(output.stdout.match(/^port /gm)).toHaveLength(2);
    } finally {
      stop();
      remove();
    }
  });

  test('a JSON module (require, and import with a type attribute) restarts the program when saved, as node --watch does', async () => {
    const { dir, write, remove } = scratch();
    write('config.json', '{ "greeting": "A" }\n');
    write('labels.json', '{ "suffix": "!" }\n');
    write('package.json', '{ "type": "module" }\n');
    write('labels.js', "import labels from './labels.json' with { type: 'json' };\nexport const suffix = () => labels.suffix;\n");
    write(
      'main.cjs',
      `const config = require('./config.json');
import('./labels.js').then(({ suffix }) => {
  const server = require('node:http').createServer((request, response) => response.end(config.greeting + suffix()));
  server.listen(0, () => console.log('port', server.address().port));
});
`,
    );
    // A watched directory named relative to the working directory, as `-w .` is typed.
    const { until, answer, stop } = watching(dir, ['-w', '.', 'main.cjs']);
    try {
      await until(/port \d+\n/);
      expect(await answer()).toBe('A!');
      // The program holds the value it parsed: stale and silent before.
      write('config.json', '{ "greeting": "B" }\n');
      await until(/restarted in \d+ ms: config\.json changed, and the program loaded it as a module/);
      await until(/port \d+\n[\s\S]*port \d+\n/);
      expect(await answer()).toBe('B!');
      // JSON that does not parse is refused with file:line, as a module's syntax error: it would end the program.
      write('config.json', '{\n  "greeting": "C",\n}\n');
      await until(/not applied config\.json: SyntaxError: .* at config\.json:3:1\n[\s\S]*> 3 \| }/);
      expect(await answer()).toBe('B!');
      // Mended with the text the program runs with: nothing to restart for.
      write('config.json', '{ "greeting": "B" }\n');
      await until(/unchanged config\.json: the same as the version that runs/);
      write('labels.json', '{ "suffix": "?" }\n');
      await until(/restarted in \d+ ms: labels\.json changed, and the program loaded it as a module/);
      await until(/(?:port \d+\n[\s\S]*){3}/);
      expect(await answer()).toBe('B?');
      // Deleted: restarted, as node --watch does, and the program that cannot start without it ends, said; written
      // back, it starts again (helper-75, hapi: silent, the deleted data served).
      fs.rmSync(path.join(dir, 'config.json'));
      await until(/restarting: config\.json deleted, and the program loaded it as a module/);
      await until(/the restarted program exited \(code 1\); waiting for a change/);
      write('config.json', '{ "greeting": "D" }\n');
      await until(/(?:port \d+\n[\s\S]*){4}/);
      expect(await answer()).toBe('D?');
    } finally {
      stop();
      remove();
    }
  });

  test('a JSON module saved as soon as the program loaded it, before its watch was set up, restarts the program all the same', async () => {
    const { dir, write, remove } = scratch();
    write('config.json', '{ "v": 1 }\n');
    write('main.js', "console.log('loaded', require('./config.json').v);\nsetInterval(() => {}, 1000);\n");
    const { child, output, until } = launch(['main.js'], { cwd: dir });
    // Saved as the program's first line arrives: chokidar raised no event for it (stale and silent before, 10 of 10).
    child.stdout!.on('data', (data: Buffer) => {
      if (/loaded 1\n/.test(data.toString())) write('config.json', '{ "v": 2 }\n');
    });
    try {
      await until(/restarted in \d+ ms: config\.json changed, and the program loaded it as a module/);
      await until(/loaded 2\n/);
      expect(output.stdout.match(/^loaded /gm)).toHaveLength(2);
    } finally {
      remove();
    }
  });

  test.each([
    ['commonjs', 'named'],
    ['commonjs', 'default'],
    ['module', 'named'],
    ['module', 'default'],
  ] as const)(
    '%s TypeScript: a body that starts or stops calling a %s import, which the compiler adds or drops, is patched in place',
    async (type, style) => {
      const { dir, write, remove } = scratch();
      write('package.json', `{ "type": "${type}" }\n`);
      write('fmt.ts', 'export const wrap = (s: string): string => `<<${s}>>`;\nexport default wrap;\n');
      // A default import compiled to CommonJS also brings SWC's interop helper, a function of the module's own.
      const binding = style === 'named' ? '{ wrap }' : 'wrap';
      const service = (body: string) => `import ${binding} from './fmt${type === 'module' ? '.ts' : ''}';\n\nlet calls = 0;\nexport function greet(name: string): string {\n  calls++;\n  return ${body};\n}\n`;
      // SWC (as tsc) drops an import whose bindings no code reads: here, at first, and again after the second save.
      write('service.ts', service("`[${name}]` + ' #' + calls"));
      write(
        'main.ts',
        `import http from 'node:http';\nimport { greet } from './service${type === 'module' ? '.ts' : ''}';\nconst server = http.createServer((request, response) => response.end(greet('bob')));\nserver.listen(0, () => console.log('port', (server.address() as { port: number }).port));\n`,
      );
      const { output, until, answer, stop } = watching(dir, ['main.ts']);
      const saved = async (body: string, count: number) => {
        write('service.ts', service(body));
        await until(() => (output.stderr.match(/^\[mighty-patcher\] (?:patched|re-evaluated|restarting|not applied|unchanged) /gm) ?? []).length === count);
      };
      try {
        await until(/watching \. for changes\n/);
        expect(await answer()).toBe('[bob] #1');
        // The import appears: CommonJS declares its `require` again in the patch's scope (the same exports); an
        // ES module's import cannot be added to a running instance, which is evaluated again, and says so.
        await saved("wrap(name) + ' #' + calls", 1);
        expect(await answer()).toBe(type === 'commonjs' ? '<<bob>> #2' : '<<bob>> #1');
        expect(output.stderr).toMatch(type === 'commonjs' ? /patched service\.ts: greet \(1 function\)/ : /re-evaluated service\.ts/);
        // The import dropped: a top-level change before, which evaluated the module again (the count back to 1)
        // or, in a real app, restarted it. The running module keeps the binding.
        await saved("`[${name}]` + ' #' + calls", 2);
        expect(output.stderr).toMatch(/patched service\.ts: greet \(1 function\) in \d+ ms\n$/);
        expect(await answer()).toBe(type === 'commonjs' ? '[bob] #3' : '[bob] #2');
        await saved("wrap(name) + '! #' + calls", 3);
        expect(output.stderr).toMatch(/patched service\.ts: greet \(1 function\) in \d+ ms\n$/);
        expect(await answer()).toBe(type === 'commonjs' ? '<<bob>>! #4' : '<<bob>>! #3');
      } finally {
        stop();
        remove();
      }
    },
  );

  /**
   * An entry that serves `label()` of lib.js and a tag made outside its functions (a change of the tag restarts
   * the program): `requires`, more of its top level; `answers`, what it answers.
   */
  const restartingEntry = (tag: string, requires = '', answers = "label() + ' ' + TAG") =>
    `const { label } = require('./lib.js');\n${requires ? `${requires}\n` : ''}const server = require('node:http').createServer((request, response) => response.end(${answers}));\nconst TAG = '${tag}'.trim();\nserver.listen(0, () => console.log('port', server.address().port));\n`;

  test('a restart waits while a file of the program does not parse, and names every file of its change', async () => {
    const { dir, write, remove } = scratch();
    const main = (tag: string) => restartingEntry(tag, "const { greeting } = require('./settings.js');");
    const lib = (text: string) => `exports.label = () => ${text};\n`;
    write('settings.js', "module.exports = { greeting: 'hello' };\n");
    write('main.js', main('main1'));
    write('lib.js', lib("'lib1'"));
    const { output, until, answer, stop } = watching(dir, ['main.js']);
    try {
      await until(/watching \. for changes\n/);
      // Saved together: the entry changed outside its functions, and lib.js does not parse. Before, the program
      // restarted into lib.js's SyntaxError and died.
      write('lib.js', lib("'lib2' +"));
      write('main.js', main('main2'));
      await until(/not applied main\.js: needs a restart \(.*\), held back while lib\.js:1:\d+ does not parse/);
      expect(output.stderr).toMatch(/not applied lib\.js: SyntaxError/);
      expect(output.stderr).not.toMatch(/restarting/);
      expect(await answer()).toBe('lib1 main1');
      // Mended: the restart follows, with both files.
      write('lib.js', lib("'lib2'"));
      await until(/restarted in \d+ ms: main\.js changed .*; the restart also applies lib\.js\n/);
      await until(/(?:port \d+\n[\s\S]*){2}/);
      expect(await answer()).toBe('lib2 main2');
      // Refused at an earlier save: the entry's later change waits for it too.
      write('lib.js', lib("'lib3' +"));
      await until(/(?:not applied lib\.js: SyntaxError[\s\S]*){2}/);
      write('main.js', main('main3'));
      await until(/(?:not applied main\.js: needs a restart[\s\S]*){2}/);
      expect(await answer()).toBe('lib2 main2');
      write('lib.js', lib("'lib3'"));
      await until(/(?:port \d+\n[\s\S]*){3}/);
      expect(await answer()).toBe('lib3 main3');
      // A change that reaches the entry through an importer: the refusal names the file saved.
      write('lib.js', lib("'lib4' +"));
      await until(/(?:not applied lib\.js: SyntaxError[\s\S]*){3}/);
      write('settings.js', "module.exports = { greeting: 'hi' };\n");
      await until(/not applied settings\.js: needs a restart \(settings\.js changed .*main\.js imports it.*\), held back while lib\.js/);
    } finally {
      stop();
      remove();
    }
  });

  test('a file saved while the program restarts is named by the line that says it restarted', async () => {
    const { dir, write, remove } = scratch();
    const main = (tag: string) => restartingEntry(tag);
    write('main.js', main('main1'));
    write('lib.js', "exports.label = () => 'lib1';\n");
    const { child, until, answer, stop } = watching(dir, ['main.js']);
    // Saved as the restart begins: the program that would have reported it is ending, the next one loads it.
    child.stderr!.on('data', (data: Buffer) => {
      if (/restarting: main\.js changed/.test(data.toString())) write('lib.js', "exports.label = () => 'lib2';\n");
    });
    try {
      await until(/watching \. for changes\n/);
      write('main.js', main('main2'));
      await until(/restarted in \d+ ms: main\.js changed .*; saved while it restarted, and running: lib\.js\n/);
      expect(await answer()).toBe('lib2 main2');
    } finally {
      stop();
      remove();
    }
  });

  test('a restart waits for a JSON module that does not parse, and a JSON module\'s restart for a script that does not', async () => {
    const { dir, write, remove } = scratch();
    const main = (tag: string) => restartingEntry(tag, "const config = require('./config.json');", "label() + ' ' + TAG + ' ' + config.v");
    write('main.js', main('main1'));
    write('lib.js', "exports.label = () => 'lib1';\n");
    write('config.json', '{ "v": 1 }\n');
    const { output, until, answer, stop } = watching(dir, ['main.js']);
    try {
      await until(/watching \. for changes\n/);
      write('config.json', '{ "v": 2, }\n');
      await until(/not applied config\.json: SyntaxError/);
      write('main.js', main('main2'));
      await until(/not applied main\.js: needs a restart \(.*\), held back while config\.json:1:\d+ does not parse/);
      expect(await answer()).toBe('lib1 main1 1');
      // Saved back as the program started with it: the held restart goes.
      write('config.json', '{ "v": 1 }\n');
      await until(/(?:port \d+\n[\s\S]*){2}/);
      expect(await answer()).toBe('lib1 main2 1');
      write('lib.js', "exports.label = () => 'lib3' +;\n");
      await until(/not applied lib\.js: SyntaxError/);
      write('config.json', '{ "v": 3 }\n');
      await until(/not applied config\.json: needs a restart \(config\.json changed, and the program loaded it as a module\), held back while lib\.js:1:\d+ does not parse/);
      expect(await answer()).toBe('lib1 main2 1');
      write('lib.js', "exports.label = () => 'lib3';\n");
      await until(/(?:port \d+\n[\s\S]*){3}/);
      expect(await answer()).toBe('lib3 main2 3');
      expect(output.stderr).not.toMatch(/exited/);
    } finally {
      stop();
      remove();
    }
  });

  test("a decorator's argument changed: the restart names the source file and what it decorates, not a line of the compiled output or of the code after it", async () => {
    const { dir, write, remove } = scratch();
    write('tsconfig.json', '{ "compilerOptions": { "module": "commonjs", "experimentalDecorators": true, "emitDecoratorMetadata": true } }\n');
    write('routes.ts', 'export const table: Record<string, string> = {};\nexport function get(path: string) {\n  return (target: object, key: string) => {\n    table[path] = key;\n  };\n}\n');
    // Code after the class: its line is not the decorator's.
    const controller = (route: string) => `import { get } from './routes';\n\nexport class Ctrl {\n  @get('${route}')\n  a(x: string) {\n    return x;\n  }\n}\n\nexport const made = new Ctrl();\n`;
    write('ctrl.ts', controller('/a'));
    write('main.ts', "import { table } from './routes';\nimport './ctrl';\nconsole.log('routes', JSON.stringify(table));\nsetInterval(() => {}, 1000);\n");
    const { output, until, stop } = watching(dir, ['main.ts']);
    try {
      await until(/watching \. for changes\n/);
      write('ctrl.ts', controller('/b'));
      await until(/routes \{"\/b":"a"\}\n/);
      // SWC's decorator calls follow the class, mapped to no line of ctrl.ts: "ctrl.ts:39:22" (a line of the
      // compiled output), then "ctrl.ts:10:1" (the line after the class) before.
      expect(output.stderr).toMatch(
        /restarting: ctrl\.ts changed \(changed outside function bodies at ctrl\.ts, in the decorators of Ctrl\.prototype\.a, which its compiler emitted as code that maps to no line of it\)/,
      );
    } finally {
      stop();
      remove();
    }
  });

  test('a closure made by an earlier instance of a module evaluated again: a new body that reads a name only the newer instance declares restarts the program', async () => {
    const { dir, write, remove } = scratch();
    write('package.json', '{ "type": "module" }\n');
    // A plugin that registers a route handler once, at start-up (Fastify's, Express's routers).
    write('routes.js', "export default function plugin(routes) { routes.a = (hits) => `a v1 ${hits}`; }\n");
    write(
      'main.js',
      `import http from 'node:http';
const routes = {};
const { default: plugin } = await import('./routes.js');
plugin(routes);
let hits = 0;
const server = http.createServer((request, response) => response.end(routes.a(++hits)));
server.listen(0, () => console.log('port', server.address().port));
`,
    );
    const { output, until, answer, stop } = watching(dir, [path.join(dir, 'main.js')]);
    try {
      await until(/port \d+\n/);
      expect(await answer()).toBe('a v1 1');
      write('routes.js', "const extra = 'E'.trim();\nexport default function plugin(routes) { routes.a = (hits) => `a v1 ${hits}`; }\n");
      // (A call: a constant such as 'E' alone would be added in place, as functions are.)
      await until(/re-evaluated routes\.js/);
      expect(await answer()).toBe('a v1 2');
      // The handler the program holds was made in the first instance's scope, which has no \`extra\`: patched
      // there, it threw a ReferenceError at its next call (the program died) after a report of "patched".
      write('routes.js', "const extra = 'E'.trim();\nexport default function plugin(routes) { routes.a = (hits) => `a v2 ${hits} ${extra}`; }\n");
      await until(/restarted in \d+ ms: plugin\/routes\.a now reads extra, which the module's earlier instance/);
      await until(/port \d+\n[\s\S]*port \d+\n/);
      expect(await answer()).toBe('a v2 1 E');
      expect(output.stderr).not.toMatch(/patched routes\.js/);
    } finally {
      stop();
      remove();
    }
  });

  test("a function's first call, while the program starts and once it has started, has node's stack trace: nothing of ours in it", () => {
    // Both first calls are noted by the start-up recorder (docs/runtime.md): the second at the server's first
    // connection, when the program has started.
    const program = `function fail(n) { throw new Error('first call ' + n); }
function stackOf(n) { try { fail(n); } catch (error) { return error.stack; } }
console.log(JSON.stringify(stackOf(1)));
const net = require('node:net');
const server = net.createServer((socket) => { console.log(JSON.stringify(stackOf(2))); socket.destroy(); server.close(); });
server.listen(0, () => net.connect(server.address().port).on('error', () => {}));
`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    const main = path.join(dir, 'main.js');
    fs.writeFileSync(main, program);
    const ours = spawnSync(process.execPath, [cli, 'run', '--quiet', main], { encoding: 'utf8' });
    const node = spawnSync(process.execPath, [main], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    /** Each stack's frames down to the program's last one (below it, the loader's frames, which ours wraps). */
    const programFrames = (stdout: string) =>
      stdout.trim().split('\n').map((line) => {
        const frames = (JSON.parse(line) as string).split('\n');
        return frames.slice(0, frames.findLastIndex((frame) => frame.includes(main)) + 1);
      });
    expect(programFrames(node.stdout).map((frames) => frames.length)).toEqual([4, 4]);
    expect(programFrames(ours.stdout)).toEqual(programFrames(node.stdout));
  });

  // Sent to the CLI's process alone (not to its process group, as a terminal's Ctrl-C is): it reaches the program.
  /** Runs `program` under the CLI with a cache directory of its own; resolves with its first line of output. */
  const started = async (program: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    fs.writeFileSync(path.join(dir, 'main.js'), program);
    const cache = path.join(dir, 'cache');
    const { child, output, until } = launch([path.join(dir, 'main.js')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, MIGHTY_PATCHER_CACHE_DIR: cache } });
    const exited = new Promise<[number | null, string | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
    await until(/\n/);
    const line = output.stdout;
    /** Files of V8's compiled code that the program left in the cache. */
    const compiledCode = () => {
      const v8 = path.join(cache, 'v8');
      if (!fs.existsSync(v8)) return 0;
      return fs.readdirSync(v8, { recursive: true, encoding: 'utf8' }).filter((name) => fs.statSync(path.join(v8, name)).isFile()).length;
    };
    return { child, line, exited, output: () => output.stdout, compiledCode, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
  };
  /** Node >= 22.1 keeps V8's compiled code on disk (module.enableCompileCache); Node 20 has no such cache. */
  const keepsCompiledCode = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';

  // Sent to the CLI's process alone (not to its process group, as a terminal's Ctrl-C is): it reaches the program.
  // Sent at once, before the write a second after start-up: the compiled code is kept all the same.
  test.each(['SIGTERM', 'SIGINT'] as const)('%s ends the program as it would end node, and its compiled code is kept', async (signal) => {
    const run = await started("setInterval(() => {}, 1000); console.log('up', process.pid);");
    const program = Number(/up (\d+)/.exec(run.line)![1]);
    expect(program).not.toBe(run.child.pid);
    run.child.kill(signal);
    expect(await run.exited).toEqual([null, signal]);
    expect(() => process.kill(program, 0)).toThrow(/ESRCH/);
    if (keepsCompiledCode) expect(run.compiledCode()).toBeGreaterThan(0);
    run.remove();
  });

  test("a program's own SIGTERM handler decides, as under node: it is not ended by the signal", async () => {
    const run = await started(
      "setInterval(() => {}, 1000); process.on('SIGTERM', () => { console.log('closing'); setTimeout(() => process.exit(7), 50); }); console.log('up');",
    );
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual([7, null]);
    expect(run.output()).toBe('up\nclosing\n');
    if (keepsCompiledCode) expect(run.compiledCode()).toBeGreaterThan(0);
    run.remove();
  });

  test('a bad command line is refused with the usage and code 9', () => {
    const result = spawnSync(process.execPath, [cli, 'serve', 'x.js'], { encoding: 'utf8' });
    expect(result.status).toBe(9);
    expect(result.stderr).toMatch(/unknown command "serve"[\s\S]*Usage: mighty-patcher run \[options\] <entry>/);
  });
});
