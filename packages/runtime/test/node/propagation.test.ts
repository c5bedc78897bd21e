// Every save lands (docs/runtime.md): modules without functions are tracked, a top-level change reaches the
// importers that hold what it changed, the entry restarts the program, the files of one build apply as one
// change, and start-up errors read as Node's. ES modules and CommonJS alike, through the real CLI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, cli, SEVERAL_FILES, type Format } from './app';

let app: App;
afterEach(() => app?.stop());

/**
 * A program without a server has started once its event loop idles, at least 3 s after the runtime started
 * (startup.ts): before that, every call is a start-up call.
 */
const programStarted = () => new Promise((resolve) => setTimeout(resolve, 5000));

/** A module as ESM or CommonJS source. */
function source(format: Format, esm: string, cjs: string): string {
  return format === 'module' ? esm : cjs;
}

/** Settings, and a key made anew by each evaluation with the same bytes (a Buffer read from a file or the environment). */
const config = (format: Format, greeting: string) =>
  source(
    format,
    `export const settings = { greeting: '${greeting}', retries: 3 };\nexport const key = Buffer.from('secret');\n`,
    `module.exports.settings = { greeting: '${greeting}', retries: 3 };\nmodule.exports.key = Buffer.from('secret');\n`,
  );

/** Captures a value of config.js at load (a greeting prefix), and keeps module state (a counter). */
const greeter = (format: Format) =>
  source(
    format,
    `import { settings } from './config.js';
const prefix = settings.greeting;
let greeted = 0;
export function greet(name) {
  greeted++;
  return \`\${prefix}, \${name} (\${greeted})\`;
}
`,
    `const { settings } = require('./config.js');
const prefix = settings.greeting;
let greeted = 0;
function greet(name) {
  greeted++;
  return \`\${prefix}, \${name} (\${greeted})\`;
}
module.exports.greet = greet;
`,
  );

const probe = (format: Format) =>
  source(
    format,
    `import { greet } from './greeter.js';
export async function probe(name) { return { greeting: greet(name ?? 'Ada'), pid: process.pid }; }
`,
    `const { greet } = require('./greeter.js');
async function probe(name) { return { greeting: greet(name ?? 'Ada'), pid: process.pid }; }
module.exports.probe = probe;
`,
  );

describe.each<Format>(['module', 'commonjs'])('%s', (format) => {
  test('a module with no function is tracked; the importer that captured its value at load is evaluated again, up to one whose exports forward', async () => {
    app = new App(format, { 'config.js': config(format, 'Hello'), 'greeter.js': greeter(format), 'probe.js': probe(format) });
    await app.start();
    const first = (await app.probe()) as { greeting: string; pid: number };
    expect(first.greeting).toBe('Hello, Ada (1)');
    const from = app.events.length;
    app.build({ 'config.js': config(format, 'Bonjour') });
    await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/greeter.js', from);
    const events = app.events.slice(from);
    expect(events.map((event) => [event.mightyPatcher, event.file, event.rule])).toEqual([
      ['patch', 'dist/config.js', 're-evaluate'],
      ['patch', 'dist/greeter.js', 're-evaluate'],
    ]);
    // Not 'whose key, settings': the new Buffer has the bytes of the old one.
    expect(events[1]!.reason).toMatch(/imports src\/config\.js, whose settings changed value/);
    // probe.js holds greet, whose previous instance forwards to the new one: it is not evaluated again.
    expect(await app.probe()).toEqual({ greeting: 'Bonjour, Ada (1)', pid: first.pid });
  });

  test('one save evaluates a module again and edits the body of a module importing it: the importer is evaluated again from its new version', async () => {
    app = new App(format, { 'config.js': config(format, 'Hello'), 'greeter.js': greeter(format), 'probe.js': probe(format) });
    await app.start('cli', 'json', SEVERAL_FILES);
    const first = (await app.probe()) as { greeting: string; pid: number };
    const from = app.events.length;
    app.build({ 'config.js': config(format, 'Bonjour'), 'greeter.js': greeter(format).replace('${name} (', '${name}! (') });
    await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/greeter.js', from);
    const events = app.events.slice(from);
    expect(events.map((event) => [event.mightyPatcher, event.file, event.rule])).toEqual([
      ['patch', 'dist/config.js', 're-evaluate'],
      ['patch', 'dist/greeter.js', 're-evaluate'],
    ]);
    expect(await app.probe()).toEqual({ greeting: 'Bonjour, Ada! (1)', pid: first.pid });
    // Nothing is left open: the next save of the importer is a body patch.
    const next = app.events.length;
    app.build({ 'greeter.js': greeter(format).replace('${name} (', '${name}!! (') });
    await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/greeter.js', next);
    expect(app.events.slice(next).map((event) => [event.mightyPatcher, event.rule])).toEqual([['patch', 'body']]);
    expect(await app.probe()).toEqual({ greeting: 'Bonjour, Ada!! (2)', pid: first.pid });
  });

  test('data equal by value (dates and patterns in it too) is no change: its importers are not evaluated again', async () => {
    // A config module evaluated again for a top-level edit that leaves its exported data equal by value.
    const dated = (extra: string) =>
      source(
        format,
        `${extra}\nexport const settings = { greeting: 'Hello', since: new Date('2024-01-01'), id: /^[a-z]+$/i };\n`,
        `${extra}\nmodule.exports.settings = { greeting: 'Hello', since: new Date('2024-01-01'), id: /^[a-z]+$/i };\n`,
      );
    app = new App(format, { 'config.js': dated(''), 'greeter.js': greeter(format), 'probe.js': probe(format) });
    await app.start();
    expect(await app.probe()).toMatchObject({ greeting: 'Hello, Ada (1)' });
    const from = app.events.length;
    app.build({ 'config.js': dated('const loadedAt = Date.now();') });
    await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/config.js', from);
    // greeter.js's counter survives: it was not evaluated again.
    expect(await app.probe()).toMatchObject({ greeting: 'Hello, Ada (2)' });
    expect(app.events.slice(from).map((event) => event.file)).toEqual(['dist/config.js']);
  });

  test('a function its own module called while it was evaluated: a new body evaluates the module again', async () => {
    const settings = (greeting: string) =>
      source(
        format,
        `function load() { return { greeting: '${greeting}', retries: 3 }; }\nexport const settings = load();\n`,
        `function load() { return { greeting: '${greeting}', retries: 3 }; }\nmodule.exports.settings = load();\n`,
      );
    app = new App(format, { 'config.js': settings('Hello'), 'greeter.js': greeter(format), 'probe.js': probe(format) });
    await app.start();
    // greet is first called by the running program (as a request handler is): not a start-up function.
    await programStarted();
    const first = (await app.probe()) as { greeting: string; pid: number };
    const from = app.events.length;
    app.build({ 'config.js': settings('Bonjour') });
    await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/greeter.js', from);
    const events = app.events.slice(from);
    expect(events[0]).toMatchObject({ mightyPatcher: 'patch', file: 'dist/config.js', rule: 're-evaluate' });
    expect(events[0]!.reason).toMatch(/load changed .*, and it ran only while this module was evaluated/);
    // Not a restart: evaluating config.js again runs load() again, and what holds its result follows.
    expect(await app.probe()).toEqual({ greeting: 'Bonjour, Ada (1)', pid: first.pid });
  });

  test('a function its module called while it was evaluated again, after start-up: a new body evaluates the module again', async () => {
    // Its first version has no function; a later one adds load() and calls it at its top level.
    const plain = source(format, `export const settings = { greeting: 'Hello', retries: 3 };\n`, `module.exports.settings = { greeting: 'Hello', retries: 3 };\n`);
    const settings = (greeting: string) =>
      source(
        format,
        `function load() { return { greeting: '${greeting}', retries: 3 }; }\nexport const settings = load();\n`,
        `function load() { return { greeting: '${greeting}', retries: 3 }; }\nmodule.exports.settings = load();\n`,
      );
    app = new App(format, { 'config.js': plain, 'greeter.js': greeter(format), 'probe.js': probe(format) });
    await app.start();
    await programStarted();
    await app.probe();
    /** Saves config.js; resolves with its event once greeter.js, which holds its value, has been evaluated again. */
    const change = async (text: string) => {
      const from = app.events.length;
      app.build({ 'config.js': text });
      const event = await app.waitFor((candidate) => candidate.mightyPatcher === 'patch' && candidate.file === 'dist/config.js', from);
      // A body patch (the bug) would leave the value load() made: no module after it.
      expect(event).toMatchObject({ rule: 're-evaluate' });
      await app.waitFor((candidate) => candidate.mightyPatcher === 'patch' && candidate.file === 'dist/greeter.js', from);
      return event;
    };
    await change(settings('Hi'));
    expect(await app.probe()).toMatchObject({ greeting: 'Hi, Ada (1)' });
    const event = await change(settings('Bonjour'));
    expect(event.reason).toMatch(/load changed .*, and it ran only while this module was evaluated/);
    expect(await app.probe()).toMatchObject({ greeting: 'Bonjour, Ada (1)' });
  });

  test('a module evaluated again whose function another module called at start-up: a restart applies it', async () => {
    // A plugin registered once by its importer's top level (as Fastify registers plugins): it copies a value
    // of config.js into a table the program keeps.
    const plugin = source(
      format,
      `import { settings } from './config.js';\nexport function register(table) { table.greeting = settings.greeting; }\n`,
      `const { settings } = require('./config.js');\nfunction register(table) { table.greeting = settings.greeting; }\nmodule.exports.register = register;\n`,
    );
    const probeTable = source(
      format,
      `import { register } from './plugin.js';\nconst table = {};\nregister(table);\nexport async function probe() { return { greeting: table.greeting, pid: process.pid }; }\n`,
      `const { register } = require('./plugin.js');\nconst table = {};\nregister(table);\nasync function probe() { return { greeting: table.greeting, pid: process.pid }; }\nmodule.exports.probe = probe;\n`,
    );
    app = new App(format, { 'config.js': config(format, 'Hello'), 'plugin.js': plugin, 'probe.js': probeTable });
    await app.start();
    const first = (await app.probe()) as { greeting: string; pid: number };
    expect(first.greeting).toBe('Hello');
    await programStarted();
    const from = app.events.length;
    app.build({ 'config.js': config(format, 'Bonjour') });
    const restart = await app.waitFor((event) => event.mightyPatcher === 'restart', from);
    expect(restart.reason).toMatch(/src\/plugin\.js is evaluated again .*; register ran only while the program started, and a value its module imports changed/);
    await app.waitFor((event) => event.mightyPatcher === 'ready' && event.restarted !== undefined, from);
    const after = (await app.probe()) as { greeting: string; pid: number };
    expect(after.greeting).toBe('Bonjour');
    expect(after.pid).not.toBe(first.pid);
  });

  test('a class exported apart from its declaration (`export default Store`, `module.exports = Store`), its module evaluated again: the same class, the instance kept', async () => {
    // A service-class module (the Hapi trial's): before, "its default export changed value" restarted the program.
    const store = (label: string) =>
      source(format, `const LABEL = '${label}'.trim();\nclass Store {\n  items = [];\n  add(x) {\n    this.items.push(LABEL + x);\n    return this.items;\n  }\n}\nexport default Store;\n`, `const LABEL = '${label}'.trim();\nclass Store {\n  items = [];\n  add(x) {\n    this.items.push(LABEL + x);\n    return this.items;\n  }\n}\nmodule.exports = Store;\n`);
    const holder = source(
      format,
      "import Store from './store.js';\nconst store = new Store();\nlet calls = 0;\nexport async function probe() { calls++; return { items: store.add(calls), pid: process.pid }; }\n",
      "const Store = require('./store.js');\nconst store = new Store();\nlet calls = 0;\nasync function probe() { calls++; return { items: store.add(calls), pid: process.pid }; }\nmodule.exports.probe = probe;\n",
    );
    app = new App(format, { 'store.js': store('a'), 'probe.js': holder });
    await app.start();
    const { pid } = (await app.probe()) as { pid: number };
    const from = app.events.length;
    const event = await app.change({ 'store.js': store('b') });
    expect(event).toMatchObject({ mightyPatcher: 'patch', file: 'dist/store.js', rule: 're-evaluate' });
    expect(await app.probe()).toEqual({ items: ['a1', 'b2'], pid });
    expect(app.events.slice(from).filter((candidate) => candidate.file === 'dist/probe.js')).toEqual([]);
  });

  test("a class whose constructor reads its module's state, its module evaluated again: not the same class, its importer follows", async () => {
    // helper-66 (an Express MVC app's User model): the importer kept the previous class, whose constructor pushed
    // every new user into the previous instance's array, which the new count() no longer reads: two sign-ups got
    // the same id, silently.
    const body = (limit: string) => `const users = [];\n${limit}class User {\n  constructor(name) {\n    this.id = users.length + 1;\n    users.push(this);\n  }\n  static count() {\n    return ${limit ? 'Math.min(users.length, LIMIT)' : 'users.length'};\n  }\n}\n`;
    const store = (limit: string) => source(format, `${body(limit)}export default User;\n`, `${body(limit)}module.exports = User;\n`);
    const holder = source(
      format,
      "import User from './store.js';\nexport async function probe() { const user = new User('u'); return { id: user.id, count: User.count() }; }\n",
      "const User = require('./store.js');\nasync function probe() { const user = new User('u'); return { id: user.id, count: User.count() }; }\nmodule.exports.probe = probe;\n",
    );
    app = new App(format, { 'store.js': store(''), 'probe.js': holder });
    await app.start();
    expect(await app.probe()).toEqual({ id: 1, count: 1 });
    const from = app.events.length;
    app.build({ 'store.js': store("const LIMIT = JSON.parse('100');\n") });
    await app.waitFor((event) => event.mightyPatcher === 'restart' || (event.mightyPatcher === 'patch' && event.file === 'dist/probe.js'), from);
    if (app.events.slice(from).some((event) => event.mightyPatcher === 'restart')) await app.waitFor((event) => event.mightyPatcher === 'ready', from);
    // The users made before are gone with the previous instance (said); the new ones are counted.
    expect(await app.probe()).toEqual({ id: 1, count: 1 });
    expect(await app.probe()).toEqual({ id: 2, count: 2 });
  });

  test('a change that reaches the entry restarts the program: a new process, the same command', async () => {
    app = new App(format, { 'config.js': config(format, 'Hello'), 'greeter.js': greeter(format), 'probe.js': probe(format) });
    await app.start();
    const { pid } = (await app.probe()) as { pid: number };
    const from = app.events.length;
    // The entry's top level changes: it owns the program's IPC loop and has no dispose handler.
    app.writeBuilt('main.js', `${fs.readFileSync(app.builtPath('main.js'), 'utf8')}\nglobalThis.restarted = true;\n`);
    const restart = await app.waitFor((event) => event.mightyPatcher === 'restart', from);
    expect(restart.reason).toMatch(/changed outside function bodies .*\); the entry module has no dispose handler$/);
    const ready = await app.waitFor((event) => event.mightyPatcher === 'ready' && event.restarted !== undefined, from);
    expect(ready.restarted!.reason).toBe(restart.reason);
    const after = (await app.probe()) as { greeting: string; pid: number };
    expect(after.pid).not.toBe(pid);
    expect(after.greeting).toBe('Hello, Ada (1)');
  });
});

test.each<Format>(['module', 'commonjs'])('%s: an importer that holds none of the exports that changed value is not evaluated again; one that holds one is', async (format) => {
  // A game server's constants: the board reads GRID, the entry's handler FPS, by name or (as tsc emits, or a
  // namespace import) off the module object.
  const constants = (grid: number, fps: number) =>
    source(format, `export const GRID = ${grid};\nexport const FPS = ${fps};\n`, `module.exports.GRID = ${grid};\nmodule.exports.FPS = ${fps};\n`);
  app = new App(format, {
    'constants.js': constants(10, 30),
    'board.js': source(
      format,
      "import { GRID } from './constants.js';\nconst cells = GRID * GRID;\nexport function size() { return cells; }\n",
      "const { GRID } = require('./constants.js');\nconst cells = GRID * GRID;\nfunction size() { return cells; }\nmodule.exports.size = size;\n",
    ),
    'ticker.js': source(
      format,
      "import * as constants from './constants.js';\nlet ticks = 0;\nexport function tick() { ticks++; return ticks * constants.FPS; }\n",
      "const constants_1 = require('./constants.js');\nlet ticks = 0;\nfunction tick() { ticks++; return ticks * constants_1.FPS; }\nmodule.exports.tick = tick;\n",
    ),
    'probe.js': source(
      format,
      "import { FPS } from './constants.js';\nimport { size } from './board.js';\nimport { tick } from './ticker.js';\nlet calls = 0;\nexport async function probe() { calls++; return { fps: FPS, size: size(), tick: tick(), calls, pid: process.pid }; }\n",
      "const { FPS } = require('./constants.js');\nconst { size } = require('./board.js');\nconst { tick } = require('./ticker.js');\nlet calls = 0;\nasync function probe() { calls++; return { fps: FPS, size: size(), tick: tick(), calls, pid: process.pid }; }\nmodule.exports.probe = probe;\n",
    ),
  });
  await app.start();
  const first = (await app.probe()) as { pid: number };
  expect(first).toMatchObject({ fps: 30, size: 100, tick: 30, calls: 1 });
  const reevaluated = async (change: Record<string, string>, last: string) => {
    const from = app.events.length;
    app.build(change);
    await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === `dist/${last}`, from);
    const answer = await app.probe();
    return { files: app.events.slice(from).filter((event) => event.mightyPatcher === 'patch').map((event) => [event.file, event.rule]), answer };
  };
  // GRID changed: only the board holds it (before: probe.js too, its `calls` lost).
  expect(await reevaluated({ 'constants.js': constants(12, 30) }, 'board.js')).toEqual({
    files: [['dist/constants.js', 're-evaluate'], ['dist/board.js', 're-evaluate']],
    answer: { fps: 30, size: 144, tick: 60, calls: 2, pid: first.pid },
  });
  // FPS changed: the modules holding it are evaluated again, the board is not.
  expect(await reevaluated({ 'constants.js': constants(12, 60) }, 'probe.js')).toEqual({
    files: [['dist/constants.js', 're-evaluate'], ['dist/ticker.js', 're-evaluate'], ['dist/probe.js', 're-evaluate']],
    answer: { fps: 60, size: 144, tick: 60, calls: 1, pid: first.pid },
  });
});

test("an ES module evaluated again: an importer of a binding its functions assign (`export let count`) is evaluated again, though its value is the same", async () => {
  // Before: the importer kept the previous instance's `count`, which the new `inc` no longer moved (0 for ever).
  const counter = (label: string) => `export let count = 0;\nconst label = '${label}'.trim();\nexport function inc() {\n  count++;\n  return label + count;\n}\n`;
  app = new App('module', { 'counter.js': counter('a'), 'probe.js': "import { count, inc } from './counter.js';\nexport async function probe() {\n  const said = inc();\n  return { said, count };\n}\n" });
  await app.start();
  const from = app.events.length;
  app.build({ 'counter.js': counter('b') });
  const importer = await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/probe.js', from);
  expect(importer).toMatchObject({ rule: 're-evaluate', reason: expect.stringMatching(/whose count is a binding its new instance assigns$/) });
  expect(await app.probe()).toEqual({ said: 'b1', count: 1 });
  expect(await app.probe()).toEqual({ said: 'b2', count: 2 });
});

test('an ES importer evaluated again for a module it imports runs the version that runs, not a refused save of it', async () => {
  // helper-63: format.ts saved with a syntax error (refused), then constants.ts saved: format.ts was evaluated again
  // from its file, and the whole change refused with its error again; constants.ts was not named.
  const constants = (currency: string) => `export const CURRENCY = String('${currency}');\n`;
  const format = "import { CURRENCY } from './constants.js';\nconst prefix = CURRENCY + ' ';\nexport function price(n) {\n  return prefix + n;\n}\n";
  app = new App('module', { 'constants.js': constants('EUR'), 'format.js': format, 'probe.js': "import { price } from './format.js';\nexport async function probe() {\n  return price(3);\n}\n" });
  await app.start();
  expect(await app.probe()).toBe('EUR 3');
  let from = app.events.length;
  app.writeBuilt('format.js', 'export function price(n) {\n  return n +;\n}\n');
  expect(await app.waitFor((event) => event.mightyPatcher !== 'ready', from)).toMatchObject({ mightyPatcher: 'error', file: 'dist/format.js' });
  from = app.events.length;
  app.build({ 'constants.js': constants('GBP') });
  await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/format.js', from);
  expect(app.events.slice(from).map((event) => [event.mightyPatcher, event.file])).toEqual([
    ['patch', 'dist/constants.js'],
    ['patch', 'dist/format.js'],
  ]);
  expect(await app.probe()).toBe('GBP 3');
});

test('a restart into a program that throws at start-up: the CLI waits for the next change, and the fix starts it again', async () => {
  app = new App('commonjs', { 'config.js': config('commonjs', 'Hello'), 'greeter.js': greeter('commonjs'), 'probe.js': probe('commonjs') });
  await app.start();
  const { pid } = (await app.probe()) as { pid: number };
  const main = fs.readFileSync(app.builtPath('main.js'), 'utf8');
  const from = app.events.length;
  app.writeBuilt('main.js', `${main}\nthrow new Error('broken entry');\n`);
  await app.waitFor((event) => event.mightyPatcher === 'restart', from);
  await app.waitForOutput(/Error: broken entry[\s\S]*\[mighty-patcher\] the restarted program exited \(code 1\); waiting for a change to start it again\n/);
  app.writeBuilt('main.js', main);
  const ready = await app.waitFor((event) => event.mightyPatcher === 'ready' && event.restarted !== undefined && /changed after the program exited/.test(event.restarted.reason), from);
  expect(ready.restarted!.reason).toMatch(/main\.js changed after the program exited/);
  const after = (await app.probe()) as { greeting: string; pid: number };
  expect(after.greeting).toBe('Hello, Ada (1)');
  expect(after.pid).not.toBe(pid);
});

test('--restart=never: a change that reaches the entry is refused, the program keeps running', async () => {
  app = new App('commonjs', { 'config.js': config('commonjs', 'Hello'), 'greeter.js': greeter('commonjs'), 'probe.js': probe('commonjs') });
  await app.start('cli', 'json', ['--restart=never']);
  const { pid } = (await app.probe()) as { pid: number };
  const from = app.events.length;
  app.writeBuilt('main.js', `${fs.readFileSync(app.builtPath('main.js'), 'utf8')}\nglobalThis.restarted = true;\n`);
  const event = await app.waitFor((candidate) => candidate.mightyPatcher !== 'ready', from);
  expect(event).toMatchObject({ mightyPatcher: 'error', message: expect.stringMatching(/needs a restart .*--restart=never/) });
  expect(((await app.probe()) as { pid: number }).pid).toBe(pid);
});

test('the files of one build, written tens of milliseconds apart, apply as one change', async () => {
  const module = (name: string, value: number) => `export function ${name}() { return ${value}; }\n`;
  app = new App('module', {
    'a.js': module('a', 1),
    'b.js': module('b', 1),
    'c.js': module('c', 1),
    'probe.js': "import { a } from './a.js';\nimport { b } from './b.js';\nimport { c } from './c.js';\nexport function probe() { return [a(), b(), c()]; }\n",
  });
  await app.start();
  const from = app.events.length;
  // Compiled first, then written as a build writes them, one after another.
  const built = ['a', 'b', 'c'].map((name) => [`${name}.js`, app.compile(`${name}.js`, module(name, 2))] as const);
  for (const [name, code] of built) {
    app.writeBuilt(name, code);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await app.waitFor(() => app.events.slice(from).filter((event) => event.mightyPatcher === 'patch').length === 3, from);
  const patches = app.events.slice(from).filter((event) => event.mightyPatcher === 'patch');
  // One change: one report, one time from its first write.
  expect(new Set(patches.map((event) => event.ms)).size).toBe(1);
  expect(await app.probe()).toEqual([2, 2, 2]);
});

test('a project under a dot-directory is watched like any other', async () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-dot-'));
  app = new App('module', { 'config.js': config('module', 'Hello'), 'greeter.js': greeter('module'), 'probe.js': probe('module') }, 'babel-plugin', path.join(parent, '.work'));
  await app.start();
  const event = await app.change({ 'greeter.js': greeter('module').replace('${prefix}, ${name}', '${prefix}, dear ${name}') });
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { updated: ['greet'] } });
  expect(await app.probe()).toMatchObject({ greeting: 'Hello, dear Ada (1)' });
  fs.rmSync(parent, { recursive: true, force: true });
});

describe('start-up errors read as Node reports them', () => {
  const run = (files: Record<string, string>, entry: string, command: 'node' | 'cli') => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-startup-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const args = command === 'node' ? [entry] : [cli, 'run', '--quiet', '--exit-on-crash', entry];
    const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    return result;
  };

  test('an entry that does not parse: file:line, the code frame and the message, no stack of ours, a non-zero exit', () => {
    const files = { 'package.json': '{}', 'main.js': 'const ok = 1;\nconst broken = (;\n' };
    const node = run(files, 'main.js', 'node');
    const ours = run(files, 'main.js', 'cli');
    expect(ours.status).toBe(node.status);
    expect(ours.status).not.toBe(0);
    expect(ours.stderr).toMatch(/main\.js:2\n\s*const broken = \(;\n\s*\^\n[\s\S]*SyntaxError: Unexpected token/);
    expect(ours.stderr).not.toMatch(/mighty-patcher\/|runtime\/dist|instrument\.js/);
  });

  test('an import that does not parse: its file:line, the same exit code as node', () => {
    const files = { 'package.json': '{ "type": "module" }', 'main.js': "import './lib.js';\n", 'lib.js': 'export const x = [;\n' };
    const node = run(files, 'main.js', 'node');
    const ours = run(files, 'main.js', 'cli');
    expect(ours.status).toBe(node.status);
    expect(ours.stderr).toMatch(/lib\.js:1/);
    expect(ours.stderr).toMatch(/SyntaxError/);
  });

  test('module syntax detection: a .js file with ES module syntax in a package with no "type" runs as under node', () => {
    const files = { 'package.json': '{}', 'main.js': "import path from 'node:path';\nconsole.log(path.basename(new URL(import.meta.url).pathname));\n" };
    const node = run(files, 'main.js', 'node');
    const ours = run(files, 'main.js', 'cli');
    expect(node.stdout.trim()).toBe('main.js');
    expect(ours.stdout.trim()).toBe('main.js');
    expect(ours.status).toBe(0);
  });
});

test('an SWC build to CommonJS from ES module sources, with the plugin\'s default options, runs under node and is patched', async () => {
  const { transformSync } = await import('@swc/core');
  const swcPlugin = path.resolve(__dirname, '../../../swc-plugin/mighty_patcher_swc_plugin.wasm');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-swc-cjs-'));
  const build = (name: string, source: string) => {
    const { code } = transformSync(source, {
      filename: path.join(dir, 'src', name),
      cwd: dir,
      swcrc: false,
      configFile: false,
      module: { type: 'commonjs' },
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', experimental: { plugins: [[swcPlugin, { root: dir }]] } },
    });
    fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', name.replace(/\.ts$/, '.js')), code);
  };
  const greet = (word: string) => `export function greet(name: string): string { return \`${word}, \${name}\`; }\n`;
  build('greet.ts', greet('Hello'));
  build('main.ts', "import { greet } from './greet';\nconst held = greet;\nsetInterval(() => console.log(held('Ada')), 100);\n");
  fs.writeFileSync(path.join(dir, 'package.json'), '{}');
  // Plain node runs it: the default glue is valid CommonJS.
  const plain = spawnSync(process.execPath, ['-e', "require('./dist/greet.js'); console.log(require('./dist/greet.js').greet('Bo'))"], { cwd: dir, encoding: 'utf8' });
  expect(plain.stderr).toBe('');
  expect(plain.stdout.trim()).toBe('Hello, Bo');
  // Under the runtime, an edit of greet patches the reference main.js holds.
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [cli, 'run', '--json', 'dist/main.js'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const until = async (test: () => boolean) => {
    for (const giveUp = Date.now() + 20_000; !test(); ) {
      if (Date.now() > giveUp) throw new Error(`timed out; stdout:\n${out}\nstderr:\n${err}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    await until(() => out.includes('Hello, Ada') && err.includes('"ready"'));
    build('greet.ts', greet('Howdy'));
    await until(() => out.includes('Howdy, Ada'));
    expect(err).toMatch(/"mightyPatcher":"patch".*"rule":"body"/);
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a CommonJS export a save removed is taken off the exports object the program holds, as a fresh start would not have it', async () => {
  // As a route that answers with the config object itself (`require('./config')` per request) would show.
  const settings = (extra: string) => `module.exports = { greeting: 'Hello'${extra} };\n`;
  const holder = `const config = require('./config.js');\nasync function probe() { return { ...config }; }\nmodule.exports.probe = probe;\n`;
  app = new App('commonjs', { 'config.js': settings(", retries: 3"), 'probe.js': holder });
  await app.start();
  expect(await app.probe()).toEqual({ greeting: 'Hello', retries: 3 });
  const event = await app.change({ 'config.js': settings('') });
  expect(event).toMatchObject({ mightyPatcher: 'patch', file: 'dist/config.js', rule: 're-evaluate' });
  // Before: kept, and said (helper-81: a dispatcher's `lib[name]` still called a function the save deleted).
  expect(event.warnings!.join('\n')).not.toMatch(/retries/);
  expect(await app.probe()).toEqual({ greeting: 'Hello' });
});

test('a function that is module.exports, with a symbol-keyed property of its own: the reason names module.exports[Symbol(…)]', async () => {
  // As fastify-plugin marks a plugin: a display name with a counter, new on each evaluation. (A limit a call makes:
  // a constant's new value that only functions read is patched in place.)
  const plugin = (limit: number) => `const LIMIT = JSON.parse('${limit}');
function plugin() {
  return LIMIT;
}
globalThis.evaluations = (globalThis.evaluations ?? 0) + 1;
plugin[Symbol.for('fastify.display-name')] = \`plugin-auto-\${globalThis.evaluations}\`;
module.exports = plugin;
`;
  app = new App('commonjs', {
    'plugin.js': plugin(1),
    'user.js': "const plugin = require('./plugin.js');\nfunction read() {\n  return plugin();\n}\nmodule.exports.read = read;\n",
    'probe.js': "const { read } = require('./user.js');\nasync function probe() { return read(); }\nmodule.exports.probe = probe;\n",
  });
  await app.start();
  expect(await app.probe()).toBe(1);
  const from = app.events.length;
  app.build({ 'plugin.js': plugin(2) });
  const user = await app.waitFor((event) => event.file === 'dist/user.js', from);
  expect(user).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
  expect(user.reason).toBe('it imports src/plugin.js, whose module.exports[Symbol(fastify.display-name)] changed value');
  expect(await app.probe()).toBe(2);
});

test('an export added to a module that a loader required by a computed path and walked: the loader runs again (restart), no route goes missing', async () => {
  // As express's mvc example's lib/boot.js registers each controller's exports as routes, once, at start-up.
  const loader = `const routes = {};
function boot(names) {
  for (const name of names) {
    const controller = require('./controller-' + name + '.js');
    for (const key of Object.keys(controller)) routes[name + '.' + key] = controller[key];
  }
  return routes;
}
module.exports = boot;
`;
  const routes = "const settings = require('./settings.js');\nconst routes = require('./boot.js')(['users']);\nasync function probe() { return [...Object.keys(routes), ...Object.keys(settings)]; }\nmodule.exports.probe = probe;\n";
  app = new App('commonjs', {
    'controller-users.js': "exports.list = () => 'all users';\n",
    'boot.js': loader,
    'settings.js': 'exports.port = 3000;\n',
    // Routes registered, then the server listens: the program has started.
    'probe.js': `${routes}require('node:net').createServer().listen(0).unref();\n`,
  });
  await app.start();
  expect(await app.probe()).toEqual(['users.list', 'port']);
  const from = app.events.length;
  app.build({ 'controller-users.js': "exports.list = () => 'all users';\nexports.create = () => 'created';\n" });
  const event = await app.waitFor((next) => next.mightyPatcher !== 'ready', from);
  expect(event).toMatchObject({ mightyPatcher: 'restart' });
  expect(event.reason).toMatch(/it imports src\/controller-users\.js, whose exports gained create/);
  await app.waitFor((next) => next.mightyPatcher === 'ready' && next.restarted !== undefined, from);
  expect(await app.probe()).toEqual(['users.list', 'users.create', 'port']);
  // The same with an export of a declared function (`exports.remove = remove`), which a body patch would add.
  const next = app.events.length;
  app.build({ 'controller-users.js': "exports.list = () => 'all users';\nexports.create = () => 'created';\nfunction remove() {\n  return 'removed';\n}\nexports.remove = remove;\n" });
  expect(await app.waitFor((event) => event.mightyPatcher !== 'ready', next)).toMatchObject({ mightyPatcher: 'restart', reason: expect.stringMatching(/whose exports gained remove/) });
  await app.waitFor((event) => event.mightyPatcher === 'ready' && event.restarted !== undefined, next);
  expect(await app.probe()).toEqual(['users.list', 'users.create', 'users.remove', 'port']);
  // A module required by its literal name that gains an export: the exports object its importer holds gains it.
  const gained = await app.change({ 'settings.js': 'exports.port = 3000;\nexports.host = "localhost";\n' });
  expect(gained).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate', file: 'dist/settings.js' });
  expect(await app.probe()).toEqual(['users.list', 'users.create', 'users.remove', 'port', 'host']);
});

test('an array that is module.exports changed as a whole: named module.exports, not by its indexes or its length', async () => {
  app = new App('commonjs', {
    'users.js': "module.exports = [{ name: 'Tobi' }, { name: 'Loki' }];\n",
    'probe.js': "const users = require('./users.js');\nasync function probe() { return users.map((user) => user.name); }\nmodule.exports.probe = probe;\n",
  });
  await app.start();
  const from = app.events.length;
  app.build({ 'users.js': "module.exports = [{ name: 'Tobi' }, { name: 'Loki' }, { name: 'Manny' }];\n" });
  const importer = await app.waitFor((event) => event.file === 'dist/probe.js', from);
  expect(importer.reason).toBe('it imports src/users.js, whose module.exports changed value');
  expect(await app.probe()).toEqual(['Tobi', 'Loki', 'Manny']);
});
