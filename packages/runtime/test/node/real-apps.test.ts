// What trying the runtime by hand on real open-source apps found (issue 10), each reduced to a program:
// a plugin that registered routes at start-up (Fastify's style) and a module evaluated again; options a
// framework's loader read at start-up; a program that takes longer than a few seconds to load; a function
// that reads import.meta; a closure that calls a function its save adds; tsc output written without source
// maps for a source that does not parse; an import of a name the module does not export; a save while the
// program (re)starts; a syntax error in plain JavaScript run as it is (a CommonJS Fastify app); a route
// added to a router module with no function (a TypeScript Express app).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { App, cli, Program, type Event } from './app';

let app: App;
afterEach(() => app?.stop());

const schema = (max: number) => `export const limits = { max: ${max} };\n`;

/** A route plugin, as a Fastify app writes one: it runs once at start-up and registers a handler. */
const routes = (handler = 'n <= limits.max ? `ok` : `over ${limits.max}`', extra = '') => `import { limits } from './schema.js';
${extra}
export default function plugin(app) {
  app.handlers.set('check', (n) => ${handler});
}
`;

/** Registers the plugin, then listens: the program has started. */
const probe = `import net from 'node:net';
import plugin from './routes.js';
const app = { handlers: new Map() };
plugin(app);
net.createServer().listen(0, '127.0.0.1').unref();
export async function probe(key) { return { answer: app.handlers.get(key ?? 'check')?.(150) ?? 'none', pid: process.pid }; }
`;

async function started(wait = 300): Promise<number> {
  await app.start();
  // The server listens once the program is up: from then on the plugin's call was a start-up call.
  await new Promise((resolve) => setTimeout(resolve, wait));
  return ((await app.probe()) as { pid: number }).pid;
}

async function restarted(from: number): Promise<Event> {
  const restart = await app.waitFor((event) => event.mightyPatcher === 'restart' || event.mightyPatcher === 'patch' || event.mightyPatcher === 'error', from);
  if (restart.mightyPatcher === 'restart') await app.waitFor((event) => event.mightyPatcher === 'ready' && event.restarted !== undefined, from);
  return restart;
}

describe('a module evaluated again whose plugin ran only at start-up', () => {
  test('an import it read changed value (a schema): restart, not a re-evaluation that leaves the routes on the old schema', async () => {
    app = new App('module', { 'schema.js': schema(100), 'routes.js': routes(), 'probe.js': probe });
    const pid = await started();
    expect((await app.probe()) as object).toMatchObject({ answer: 'over 100' });
    const from = app.events.length;
    app.build({ 'schema.js': schema(200) });
    const event = await restarted(from);
    expect(event).toMatchObject({ mightyPatcher: 'restart' });
    expect(event.reason).toMatch(/plugin ran only while the program started, and a value its module imports changed/);
    expect(await app.probe()).toMatchObject({ answer: 'ok' });
    expect(((await app.probe()) as { pid: number }).pid).not.toBe(pid);
  });

  test('a handler it registered changed along with an import: restart, not the old handler', async () => {
    app = new App('module', { 'schema.js': schema(100), 'helpers.js': 'export const shout = (s) => s.toUpperCase();\n', 'routes.js': routes(), 'probe.js': probe });
    const pid = await started();
    const from = app.events.length;
    app.build({ 'routes.js': routes('shout(n <= limits.max ? `ok` : `over ${limits.max}`)', "import { shout } from './helpers.js';") });
    const event = await restarted(from);
    expect(event).toMatchObject({ mightyPatcher: 'restart' });
    expect(event.reason).toMatch(/plugin ran only while the program started, and its code changed/);
    const after = (await app.probe()) as { answer: string; pid: number };
    expect(after).toMatchObject({ answer: 'OVER 100' });
    expect(after.pid).not.toBe(pid);
  });

  test('a top-level change the plugin does not read is still evaluated in place', async () => {
    app = new App('module', { 'schema.js': schema(100), 'routes.js': routes(), 'probe.js': probe });
    const pid = await started();
    const event = await app.change({ 'routes.js': routes(undefined, 'export const VERSION = 2;\nexport function unused() { return VERSION; }') });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
    expect(await app.probe()).toEqual({ answer: 'over 100', pid });
  });
});

describe("a route added to a router whose dispatch the program took at start-up (koa-router's `router.routes()`)", () => {
  /** A router as @koa/router writes one: `routes()` returns a dispatch over the routes registered so far. */
  const library = (format: 'module' | 'commonjs') => `${format === 'module' ? 'export ' : ''}class Router {
  constructor() { this.stack = new Map(); }
  get(path, handler) { this.stack.set(path, handler); return this; }
  routes() { const stack = this.stack; return (path) => (stack.has(path) ? stack.get(path)() : 404); }
}
${format === 'commonjs' ? 'module.exports = { Router };\n' : ''}`;
  const route = "router.get('/version', () => 'v2');\n";

  test('exported as a factory (`() => router.routes()`, called once by the app): restart, not a dispatch without the route', async () => {
    const health = (extra: string) => `import { Router } from './router.js';
const router = new Router();
router.get('/health', () => 'up');
${extra}export default () => router.routes();
`;
    const serving = `import net from 'node:net';
import health from './health.js';
const dispatch = health();
net.createServer().listen(0, '127.0.0.1').unref();
export async function probe(path) { return { answer: dispatch(path), pid: process.pid }; }
`;
    app = new App('module', { 'router.js': library('module'), 'health.js': health(''), 'probe.js': serving });
    const pid = await started();
    expect(await app.probe('/version')).toMatchObject({ answer: 404 });
    const from = app.events.length;
    app.build({ 'health.js': health(route) });
    // Before: "re-evaluated health.js", and /version still 404 (the dispatch made at start-up holds the old router).
    const event = await restarted(from);
    expect(event).toMatchObject({ mightyPatcher: 'restart' });
    expect(event.reason).toMatch(/default ran only while the program started, and it reads router, which changed/);
    expect(await app.probe('/version')).toMatchObject({ answer: 'v2' });
    expect(((await app.probe('/health')) as { pid: number }).pid).not.toBe(pid);
  });

  test('CommonJS, `module.exports = router.routes.bind(router)`: the new bound function is a changed module.exports', async () => {
    const health = (extra: string) => `const { Router } = require('./router.js');
const router = new Router();
router.get('/health', () => 'up');
${extra}module.exports = router.routes.bind(router);
`;
    const serving = `const health = require('./health.js');
const dispatch = health();
async function probe(path) { return { answer: dispatch(path), pid: process.pid }; }
module.exports = { probe };
`;
    app = new App('commonjs', { 'router.js': library('commonjs'), 'health.js': health(''), 'probe.js': serving });
    await started();
    expect(await app.probe('/version')).toMatchObject({ answer: 404 });
    // Its name ('bound routes') and length are the old one's: before, no export counted as changed, and the
    // importer kept the dispatch without the route under "re-evaluated health.js".
    const event = await app.change({ 'health.js': health(route) });
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate', source: 'src/health.js' });
    await app.waitFor((next) => next.mightyPatcher === 'patch' && next.source === 'src/probe.js');
    expect(await app.probe('/version')).toMatchObject({ answer: 'v2' });
  });
});

test('a program that loads for longer than the start-up timeout before it listens: its plugin still counts as run at start-up', async () => {
  // Modules loaded one after another, with waits between them (autoload's dynamic imports on a busy
  // machine, each instrumented as it loads): the plugin runs, and the server listens, after 3.6 s.
  const lazy = (name: string) => `export function ${name}() { return '${name}'; }\n`;
  app = new App('module', {
    'lazy1.js': lazy('a'),
    'lazy2.js': lazy('b'),
    'lazy3.js': lazy('c'),
    'schema.js': schema(100),
    'routes.js': routes(),
    'probe.js': `for (const name of ['lazy1', 'lazy2', 'lazy3']) {
  await import(\`./\${name}.js\`);
  await new Promise((resolve) => setTimeout(resolve, 1200));
}
${probe}`,
  });
  const pid = await started(4500);
  const from = app.events.length;
  // The plugin's own code changes (it registers one more handler): only a new start runs it.
  app.build({ 'routes.js': routes().replace("app.handlers.set('check',", "app.handlers.set('limit', () => `max ${limits.max}`);\n  app.handlers.set('check',") });
  const event = await restarted(from);
  expect(event).toMatchObject({ mightyPatcher: 'restart' });
  expect(event.reason).toMatch(/^plugin changed .* ran only while the program started/);
  await new Promise((resolve) => setTimeout(resolve, 4500));
  const after = (await app.probe('limit')) as { answer: string; pid: number };
  expect(after.answer).toBe('max 100');
  expect(after.pid).not.toBe(pid);
});

test("options a framework's loader read at start-up (an autoConfig object): restart, not a re-evaluation no one sees", async () => {
  const cors = (methods: string) => `export const autoConfig = { methods: [${methods}] };\nexport default function cors() {}\n`;
  app = new App('module', {
    'cors.js': cors("'GET', 'POST'"),
    'probe.js': `import { load } from 'loader';
const options = await load(new URL('./cors.js', import.meta.url).href);
export function probe() { return { methods: options.methods.join(','), pid: process.pid }; }
`,
  });
  // @fastify/autoload's way: the framework imports each plugin file and reads its autoConfig once.
  const loader = path.join(app.dir, 'node_modules', 'loader');
  fs.mkdirSync(loader, { recursive: true });
  fs.writeFileSync(path.join(loader, 'package.json'), JSON.stringify({ name: 'loader', type: 'module', exports: './index.js' }));
  fs.writeFileSync(path.join(loader, 'index.js'), 'export async function load(url) { return (await import(url)).autoConfig; }\n');
  await app.start();
  const { pid } = (await app.probe()) as { pid: number };
  const from = app.events.length;
  app.build({ 'cors.js': cors("'GET', 'POST', 'PATCH'") });
  const event = await restarted(from);
  expect(event).toMatchObject({ mightyPatcher: 'restart' });
  expect(event.reason).toMatch(/autoConfig changed value, and node_modules\/loader\/index\.js imported it, which is not evaluated again/);
  expect(await app.probe()).toEqual({ methods: 'GET,POST,PATCH', pid: expect.any(Number) });
  expect(((await app.probe()) as { pid: number }).pid).not.toBe(pid);
});

test("an export added to a module a framework's loader walked at start-up: restart, not a route that never appears", async () => {
  app = new App('commonjs', {
    'handlers.js': "exports.list = () => 'list';\n",
    'probe.js': "const names = require('loader').load(require.resolve('./handlers.js'));\nexports.probe = () => ({ names, pid: process.pid });\n",
  });
  // A loader in node_modules that registers whatever a file exports, once.
  const loader = path.join(app.dir, 'node_modules', 'loader');
  fs.mkdirSync(loader, { recursive: true });
  fs.writeFileSync(path.join(loader, 'package.json'), JSON.stringify({ name: 'loader', main: 'index.js' }));
  fs.writeFileSync(path.join(loader, 'index.js'), 'exports.load = (file) => Object.keys(require(file));\n');
  await app.start();
  expect(await app.probe()).toMatchObject({ names: ['list'] });
  const from = app.events.length;
  app.build({ 'handlers.js': "exports.list = () => 'list';\nexports.create = () => 'create';\n" });
  const event = await restarted(from);
  expect(event.reason).toMatch(/exports gained create, and node_modules\/loader\/index\.js imported it, which is not evaluated again/);
  expect(await app.probe()).toMatchObject({ names: ['list', 'create'] });
});

test('a function that reads import.meta: its edit is applied by evaluating the module again, not refused with a SyntaxError', async () => {
  const where = (tag: string) => `export function where() { return \`${tag} \${import.meta.url.split('/').pop()}\`; }\n`;
  app = new App('module', { 'where.js': where('v1'), 'probe.js': "import { where } from './where.js';\nexport function probe() { return where(); }\n" });
  await app.start();
  expect(await app.probe()).toBe('v1 where.js');
  const event = await app.change({ 'where.js': where('v2') });
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
  expect(event.reason).toMatch(/where reads import\.meta/);
  expect(await app.probe()).toMatch(/^v2 where\.js/);
});

test('a closure that now calls a function the same save adds: patched in place, the closure sees the added function', async () => {
  const repository = (sorted: boolean) => `${sorted ? 'function byValue(a, b) { return a - b; }\n' : ''}
export function createRepository() {
  return { list() { return [3, 1, 2]${sorted ? '.sort(byValue)' : ''}; } };
}
`;
  app = new App('module', {
    'repository.js': repository(false),
    'probe.js': `import net from 'node:net';
import { createRepository } from './repository.js';
const repository = createRepository();
net.createServer().listen(0, '127.0.0.1').unref();
export function probe() { return { list: repository.list(), pid: process.pid }; }
`,
  });
  const pid = await started();
  // The repository was made at start-up; its list() closure runs the new body and reaches byValue, which the
  // same patch declares (docs/protocol.md §3.7): no ReferenceError, no restart.
  const event = await app.change({ 'repository.js': repository(true) });
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
  expect(await app.probe()).toEqual({ list: [1, 2, 3], pid });
});

test.each(['commonjs', 'module'] as const)('%s: a constant added and read by a function and by a closure made at start-up, then given a new value: patched in place', async (format) => {
  // A game server's `const CHAT_TAG = '[v2]'`, a middleware factory's `const REALM = 'api-' + VERSION`: was a
  // re-evaluation (a restart where it reached the entry), with the in-memory state lost.
  const store = (constants: string, label: string, next: string) => `${constants}
let count = 0;
function verbose() { return typeof VERBOSE !== 'undefined' && VERBOSE; }
${format === 'module' ? 'export ' : ''}function label(n) { return ${label}; }
${format === 'module' ? 'export ' : ''}function createCounter() { return { next() { count++; return ${next}; } }; }
${format === 'module' ? '' : 'module.exports = { label, createCounter };\n'}`;
  const probe =
    format === 'module'
      ? `import net from 'node:net';\nimport { label, createCounter } from './store.js';\n`
      : `const net = require('node:net');\nconst { label, createCounter } = require('./store.js');\n`;
  app = new App(format, {
    'store.js': store('', "'n' + n", 'count'),
    'probe.js': `${probe}const counter = createCounter();
net.createServer().listen(0, '127.0.0.1').unref();
${format === 'module' ? 'export function probe()' : 'exports.probe = function probe()'} { return { label: label(1), next: counter.next(), pid: process.pid }; }
`,
  });
  // started() asked once: the count is 1.
  const pid = await started();
  expect(await app.probe()).toEqual({ label: 'n1', next: 2, pid });
  const constants = (prefix: string) => `const PREFIX = '${prefix}';\nconst STEP = 10 * 2, HOST = process.env.HOSTNAME || 'local';`;
  let event = await app.change({ 'store.js': store(constants('item-'), 'PREFIX + n', 'count * STEP') });
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', declared: ['PREFIX', 'STEP', 'HOST'] });
  // The counter made at start-up runs the new body, with the count it had.
  expect(await app.probe()).toEqual({ label: 'item-1', next: 60, pid });
  // Saved again with another body: the constants are declared again, the same.
  event = await app.change({ 'store.js': store(constants('item-'), "PREFIX + n + '!'", 'count * STEP') });
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
  expect(await app.probe()).toEqual({ label: 'item-1!', next: 80, pid });
  // A new value: the functions that read it, compiled before with the old one, are compiled again with it; the
  // counter made at start-up keeps its count. (Had the closure read it, evaluated again, and so a restart: its maker
  // ran only while the program started.)
  event = await app.change({ 'store.js': store(constants('row-'), "PREFIX + n + '!'", 'count * STEP') });
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', revalued: ['PREFIX'], report: { updated: ['label'] } });
  expect(await app.probe()).toEqual({ label: 'row-1!', next: 100, pid });
  // An object is not a constant declared again: a store (`const seen = {}`) would be one per patch.
  const withSeen = `${constants('row-')}\nconst seen = {};`;
  event = await app.change({ 'store.js': store(withSeen, "PREFIX + n + '!' + typeof seen", 'count * STEP') });
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate' });
  // A constant that a function this save does not change already reads (a global until now) would not reach it.
  event = await app.change({ 'store.js': store(`${withSeen}\nconst VERBOSE = true;`, "PREFIX + n + '!' + typeof seen", 'count * STEP') });
  expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate', reason: expect.stringMatching(/\(VERBOSE, read where this save changed nothing\)$/) });
});

test('a require of a module that does not exist: refused at the line of the require, with its code frame', async () => {
  // A typo in a game server's `require('./constants')`: Node's stack (ten frames) ended before the module's own.
  const lib = (request: string) => `const constants = require('${request}');\nfunction size() {\n  return constants.SIZE;\n}\nmodule.exports = { size };\n`;
  // A stack of four frames ends in the resolution's on every Node (on Node 20, ten reached the require's call).
  app = new App('commonjs', {
    'constants.js': 'module.exports = { SIZE: 3 };\n',
    'lib.js': lib('./constants.js'),
    'probe.js': "Error.stackTraceLimit = 4;\nconst { size } = require('./lib.js');\nexports.probe = () => size();\n",
  });
  await app.start();
  expect(await app.probe()).toBe(3);
  const from = app.events.length;
  app.build({ 'lib.js': lib('./constant.js') });
  const event = await app.waitFor((candidate) => candidate.mightyPatcher !== 'ready', from);
  // At the request in the module's text.
  expect(event).toMatchObject({ mightyPatcher: 'error', message: expect.stringMatching(/^Error: Cannot find module '\.\/constant\.js'/), location: 'src/lib.js:1:27' });
  expect(event.frame).toContain("> 1 | const constants = require('./constant.js');");
  expect(await app.probe()).toBe(3);
});

test('an import of a module that does not exist: refused at the import, not in the runtime\'s module hooks', async () => {
  // Seen while mending helper-92's case: the location was our resolve hook's line, with a frame of its code.
  const lib = (specifier: string) => `import { SIZE } from '${specifier}';\nexport function size() {\n  return SIZE;\n}\n`;
  app = new App('module', { 'constants.js': 'export const SIZE = 3;\n', 'lib.js': lib('./constants.js'), 'probe.js': "import { size } from './lib.js';\nexport const probe = () => size();\n" });
  await app.start();
  expect(await app.probe()).toBe(3);
  const event = await app.change({ 'lib.js': lib('./constant.js') });
  expect(event).toMatchObject({ mightyPatcher: 'error', message: expect.stringMatching(/^Error: Cannot find module '.*\/dist\/constant\.js' imported from /), location: expect.stringMatching(/^src\/lib\.js:1:\d+$/) });
  expect(event.frame).toContain("> 1 | import { SIZE } from './constant.js';");
  expect(await app.probe()).toBe(3);
});

test('a require of a JSON file that does not exist yet: refused, and applied once the file is added', async () => {
  // helper-92 (express's auth example): `require('./greetings.json')` saved before the JSON file, refused; adding the
  // file then did nothing, and the program kept the old greeting (the watcher reported scripts only).
  const greet = (word: string) => `const WORD = ${word};\nexports.greet = () => WORD;\n`;
  app = new App('commonjs', { 'greet.js': greet("'hello'"), 'probe.js': "const { greet } = require('./greet.js');\nexports.probe = () => greet();\n" });
  await app.start();
  expect(await app.probe()).toBe('hello');
  const refused = await app.change({ 'greet.js': greet("require('./words.json').word") });
  expect(refused).toMatchObject({ mightyPatcher: 'error', message: expect.stringMatching(/^Error: Cannot find module '\.\/words\.json'/), missing: path.join(app.dir, 'dist/words.json') });
  expect(await app.probe()).toBe('hello');
  const from = app.events.length;
  app.writeBuilt('words.json', '{ "word": "howdy" }\n');
  expect(await app.waitFor((event) => event.mightyPatcher !== 'ready', from)).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate', file: 'dist/greet.js' });
  expect(await app.probe()).toBe('howdy');
});

test('tsc output without source maps for a source that does not parse: refused with the source file:line', async () => {
  const service = (body: string) => `export function total(items: number[]): number {\n  return ${body};\n}\n`;
  app = new App('commonjs', { 'probe.js': "const { total } = require('./service.js');\nexports.probe = () => total([1, 2, 3]);\n" });
  // As `tsc` with a tsconfig.json that sets no sourceMap writes it: no map, no sourceMappingURL.
  fs.writeFileSync(path.join(app.dir, 'tsconfig.json'), '{\n  "compilerOptions": { "outDir": "dist", "rootDir": "src", },\n}\n');
  const tsc = (source: string) => {
    fs.writeFileSync(path.join(app.dir, 'src', 'service.ts'), source);
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    app.writeBuilt('service.js', outputText);
  };
  tsc(service('items.reduce((sum, item) => sum + item, 0)'));
  await app.start();
  expect(await app.probe()).toBe(6);
  const from = app.events.length;
  // tsc recovers: it writes `items.reduce((sum, item) => sum + item, 0), * 2` as valid JavaScript that throws.
  tsc(service('items.reduce((sum, item) => sum + item, 0 * 2'));
  const event = await app.waitFor((candidate) => candidate.mightyPatcher !== 'ready', from);
  expect(event).toMatchObject({ mightyPatcher: 'error', message: expect.stringMatching(/^SyntaxError/) });
  expect(event.location).toMatch(/^src\/service\.ts:2:\d+$/);
  // The source's code frame, as for a source the runtime compiles itself.
  expect(event.frame).toContain('> 2 |   return items.reduce((sum, item) => sum + item, 0 * 2;');
  expect(await app.probe()).toBe(6);
  // A source that tsc repairs into exactly the output that runs (`String(x;` as `String(x);`): refused all the
  // same, not "unchanged"; the fix is back to the version that runs.
  tsc(service('String(items.length)').replace('): number', '): string'));
  await app.waitFor((candidate) => candidate.mightyPatcher === 'patch', from);
  expect(await app.probe()).toBe('3');
  const repaired = app.events.length;
  tsc(service('String(items.length').replace('): number', '): string'));
  const refused = await app.waitFor((candidate) => candidate.mightyPatcher !== 'ready', repaired);
  expect(refused).toMatchObject({ mightyPatcher: 'error', message: expect.stringMatching(/^SyntaxError/), location: expect.stringMatching(/^src\/service\.ts:2:\d+$/) });
  const fixed = app.events.length;
  tsc(service('String(items.length)').replace('): number', '): string'));
  expect(await app.waitFor((candidate) => candidate.mightyPatcher !== 'ready', fixed)).toMatchObject({ mightyPatcher: 'restored' });
  expect(await app.probe()).toBe('3');
});

/** Plain JavaScript files run as they are, with no build, by `mighty-patcher run --json main.js`. */
async function runPlain(files: Record<string, string>): Promise<Program> {
  const program = new Program(fs.mkdtempSync(path.join(os.tmpdir(), 'mp-plain-')));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(program.dir, name), text);
  await program.launch([cli, 'run', '--json', 'main.js']);
  return program;
}

test('plain JavaScript run as it is, with no build: a syntax error is refused with file:line and a code frame', async () => {
  const handler = (body: string) => `async function getAll(request, reply) {\n  return reply.send({ ${body} });\n}\nmodule.exports = { getAll };\n`;
  const program = await runPlain({
    'controller.js': handler('todos: []'),
    'main.js': "const { getAll } = require('./controller');\nprocess.on('message', async () => process.send({ ok: await getAll({}, { send: (body) => body }) }));\n",
  });
  try {
    expect(await program.probe()).toEqual({ todos: [] });
    const from = program.events.length;
    fs.writeFileSync(path.join(program.dir, 'controller.js'), handler('todos: [] )'));
    const event = await program.waitFor((candidate) => candidate.mightyPatcher === 'error', from);
    expect(event).toMatchObject({ location: 'controller.js:2:33', message: expect.stringMatching(/^SyntaxError/) });
    expect(event.frame).toContain('> 2 |   return reply.send({ todos: [] ) });');
    expect(event.frame).toMatch(/\n {4}\| {33}\^\n/);
    expect(await program.probe()).toEqual({ todos: [] });
  } finally {
    await program.stop();
  }
});

test('plain ES modules: an import of a name the other module does not export is refused at that name, not at a function below', async () => {
  // helper-95 (json-server): the location was the module's first function (the import, moved below the cells, has no mapping).
  const app = (names: string) => `import { ${names} } from './lib.js';\n\nexport function handle() {\n  return a();\n}\n`;
  const program = await runPlain({
    'package.json': '{ "type": "module" }\n',
    'lib.js': "export function a() {\n  return 'a';\n}\n",
    'app.js': app('a'),
    'main.js': "import { handle } from './app.js';\nprocess.on('message', () => process.send({ ok: handle() }));\n",
  });
  try {
    expect(await program.probe()).toBe('a');
    const from = program.events.length;
    fs.writeFileSync(path.join(program.dir, 'app.js'), app('a, b'));
    const event = await program.waitFor((candidate) => candidate.mightyPatcher === 'error', from);
    expect(event).toMatchObject({ location: 'app.js:1:13', message: expect.stringMatching(/does not provide an export named 'b'$/) });
    expect(event.frame).toContain("> 1 | import { a, b } from './lib.js';");
    expect(await program.probe()).toBe('a');
  } finally {
    await program.stop();
  }
});

test('a route added with an inline handler to a module that had no function: the reason names the line of the route', async () => {
  const routes = "const { register } = require('./registry');\nconst list = require('./list');\n\nregister('/todos', list.handler);\n";
  const program = await runPlain({
    'registry.js': 'const handlers = new Map();\nexports.register = (path, handler) => handlers.set(path, handler);\nexports.handlers = handlers;\n',
    'list.js': "exports.handler = () => 'todos';\n",
    'routes.js': routes,
    'main.js': "require('./routes');\nconst { handlers } = require('./registry');\nprocess.on('message', (path) => process.send({ ok: handlers.get(path)?.() ?? 'none' }));\n",
  });
  try {
    expect(await program.probe('/ping')).toBe('none');
    const from = program.events.length;
    fs.writeFileSync(path.join(program.dir, 'routes.js'), `${routes}\nregister('/ping', () => 'pong');\n`);
    const event = await program.waitFor((candidate) => candidate.mightyPatcher !== 'ready', from);
    expect(event.reason).toMatch(/^changed at routes\.js:6:1 /);
    if (event.mightyPatcher === 'restart') await program.waitFor((candidate) => candidate.mightyPatcher === 'ready' && candidate.restarted !== undefined, from);
    expect(await program.probe('/ping')).toBe('pong');
  } finally {
    await program.stop();
  }
});

test("an import of a name the module does not export: refused at the import's file:line, not at a frame of Node's", async () => {
  app = new App('module', {
    'lib.js': 'export const a = 1;\n',
    'user.js': "import { a } from './lib.js';\nexport function use() { return a; }\n",
    'probe.js': "import { use } from './user.js';\nexport function probe() { return use(); }\n",
  });
  await app.start();
  const event = await app.change({ 'user.js': "import { a, b } from './lib.js';\nexport function use() { return a + b; }\n" });
  expect(event).toMatchObject({ mightyPatcher: 'error', message: expect.stringMatching(/does not provide an export named 'b'/) });
  expect(event.location).toMatch(/^src\/user\.js:1:\d+$/);
  expect(await app.probe()).toBe(1);
});

test('a build written while the program loads, after it read the file and before the watcher is ready, is applied', async () => {
  // A save while a restarted program loads: the new process read the file, then the build wrote it.
  app = new App('commonjs', {
    'value.js': 'function value() { return 1; }\nmodule.exports.value = value;\n',
    'slow.js': `const fs = require('fs');
const path = require('path');
fs.writeFileSync(path.join(__dirname, '..', 'waiting'), '');
while (!fs.existsSync(path.join(__dirname, '..', 'go')));
`,
    'probe.js': "const { value } = require('./value.js');\nrequire('./slow.js');\nasync function probe() { return value(); }\nmodule.exports.probe = probe;\n",
  });
  const starting = app.start();
  while (!fs.existsSync(path.join(app.dir, 'waiting'))) await new Promise((resolve) => setTimeout(resolve, 10));
  app.build({ 'value.js': 'function value() { return 2; }\nmodule.exports.value = value;\n' });
  fs.writeFileSync(path.join(app.dir, 'go'), '');
  await starting;
  await app.waitFor((event) => event.mightyPatcher === 'patch' && event.file === 'dist/value.js');
  expect(await app.probe()).toBe(2);
});
