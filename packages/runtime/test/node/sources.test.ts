// TypeScript and JSX sources run with no build step (`mighty-patcher run src/main.ts`), end to end: two
// projects written the way people write them, each started once and edited while it runs.
//   esm: a package with "type": "module"; `.js` specifiers naming `.ts` files, a tsconfig `paths` alias, a
//        `.tsx` file (tsconfig's `jsx`/`jsxFactory`), a worker thread.
//   cjs: a package with no "type" (CommonJS by tsconfig's `module`); NestJS-style classes with
//        `experimentalDecorators` and `emitDecoratorMetadata` (constructor injection read from
//        `design:paramtypes`), a cluster worker; run with NODE_ENV=production.
// Every edit must land in the same process (same pid), keep the module's state, and reach references the
// program took at start-up. A syntax error is refused with `file.ts:line:col` and a code frame while the old
// code keeps running; stack traces name `.ts` lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, Program, register, type Event } from './app';

/** A project of source files, run from `src/main.ts` under `mighty-patcher run --json`. */
class SourceProject extends Program {
  constructor(files: Record<string, string>) {
    super(fs.mkdtempSync(path.join(os.tmpdir(), 'mp-sources-')));
    for (const [name, text] of Object.entries(files)) this.write(name, text);
  }

  write(name: string, text: string): void {
    const file = path.join(this.dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    await this.launch([cli, 'run', '--json', 'src/main.ts'], undefined, env);
  }

  /** `node <preloads> src/main.ts`: the runtime's preload among others. */
  async startWith(preloads: string[], readyOutput?: RegExp): Promise<void> {
    await this.launch([...preloads, 'src/main.ts'], readyOutput, { MIGHTY_PATCHER_OUTPUT: 'json' });
  }

  /** Rewrites a file with `edit` and waits for `count` events about it (one per thread that loaded it). */
  async edit(name: string, edit: (text: string) => string, count = 1): Promise<Event[]> {
    const file = path.join(this.dir, name);
    const before = fs.readFileSync(file, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`the edit of ${name} changed nothing`);
    const from = this.events.length;
    fs.writeFileSync(file, after);
    const about = (event: Event) => event.mightyPatcher !== 'ready' && (event.file === name || event.source === name);
    await this.waitFor(() => this.events.slice(from).filter(about).length >= count, from);
    return this.events.slice(from).filter(about);
  }
}

/** What both programs answer over IPC: `{ probe, arg }` runs one of their probes. */
const dispatch = `
process.on('message', async (message: { probe: string; arg?: unknown }) => {
  try {
    process.send!({ ok: await probes[message.probe]!(message.arg) });
  } catch (error) {
    process.send!({ error: String((error as Error).stack) });
  }
});
`;

/** Throws from a line whose number the compiled code does not keep (types and instrumentation move it). */
const failing = `interface Shape {
  x: number;
}
type Id = string | number;

export function fail(shape: Shape, id: Id): never {
  throw new Error(\`failed at \${shape.x} for \${id}\`);
}
`;

const esm = {
  'package.json': JSON.stringify({ name: 'esm-app', private: true, type: 'module' }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      baseUrl: '.',
      paths: { '@lib/*': ['src/lib/*'] },
      jsx: 'react',
      jsxFactory: 'h',
    },
  }),
  'src/main.ts': `import { Worker } from 'node:worker_threads';
import { count } from './counter.js';
import { greet } from '@lib/greet';
import { render } from './view.js';
import { fail } from './fail.js';

// References taken once, at start-up, as a program keeps them.
const held = { count, greet, render };
const worker = new Worker(new URL('./worker.ts', import.meta.url));
const pending: ((value: unknown) => void)[] = [];
worker.on('message', (value) => pending.shift()!(value));
const probes: Record<string, (arg: unknown) => unknown> = {
  pid: () => process.pid,
  count: () => held.count(),
  greet: (name) => held.greet(String(name)),
  render: () => held.render(['a', 'b']),
  fail: () => {
    try {
      fail({ x: 1 }, 'p');
    } catch (error) {
      return (error as Error).stack;
    }
  },
  worker: (arg) => new Promise((resolve) => {
    pending.push(resolve);
    worker.postMessage(arg);
  }),
};
${dispatch}
worker.once('online', () => process.send!({ started: true }));
`,
  'src/counter.ts': `let calls: number = 0;

export function count(): string {
  calls++;
  return \`v1 calls=\${calls}\`;
}
`,
  'src/lib/greet.ts': `const greeted = new Set<string>();

export function greet(name: string): string {
  greeted.add(name);
  return \`hello \${name} (\${greeted.size} greeted)\`;
}
`,
  'src/jsx.ts': `export function h(tag: string, _props: unknown, ...children: unknown[]): string {
  return \`<\${tag}>\${children.flat().join('')}</\${tag}>\`;
}
`,
  'src/view.tsx': `import { h } from './jsx.js';

let renders = 0;

export function render(items: string[]): string {
  renders++;
  return <ul data-renders={renders}>{items.map((item) => <li>{item}</li>)}{String(renders)}</ul>;
}
`,
  'src/fail.ts': failing,
  'src/worker.ts': `import { parentPort, threadId } from 'node:worker_threads';
import { scale } from './math.js';

let handled = 0;
parentPort!.on('message', (x: number) => {
  handled++;
  parentPort!.postMessage({ value: scale(x), handled, threadId });
});
`,
  'src/math.ts': `export function scale(x: number): number {
  return x * 2;
}
`,
};

const cjs = {
  'package.json': JSON.stringify({ name: 'cjs-app', private: true }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2021',
      module: 'commonjs',
      esModuleInterop: true,
      strict: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  }),
  'src/main.ts': `import cluster from 'node:cluster';
import { resolve } from './di.js';
import { GreetingController } from './greeting.controller.js';
import { GreetingService } from './greeting.service.js';
import { label } from './label.js';
import { fail } from './fail.js';
import { userService } from './user.service.js';
import { audit, entries } from './audit.js';

if (cluster.isPrimary) {
  // The controller and its injected service are made once, at start-up, as a Nest application does.
  const controller = resolve(GreetingController);
  // Handed on, as to an Express router.
  const shout = resolve(GreetingService).shout;
  const worker = cluster.fork();
  const pending: ((value: unknown) => void)[] = [];
  worker.on('message', (value) => pending.shift()!(value));
  const probes: Record<string, (arg: unknown) => unknown> = {
    pid: () => process.pid,
    greet: (name) => controller.greet(String(name)),
    shout: (name) => shout(String(name)),
    user: (id) => userService.findName(Number(id)),
    repositoryKeys: () => {
      const prototype = Object.getPrototypeOf((userService as unknown as { repository: object }).repository);
      return { own: Object.getOwnPropertyNames(prototype), enumerable: Object.keys(prototype) };
    },
    audit: (event) => [...entries, audit(String(event))],
    paramtypes: () => (Reflect as unknown as { getMetadata(key: string, target: object): Function[] }).getMetadata('design:paramtypes', GreetingController).map((type) => type.name),
    fail: () => {
      try {
        fail({ x: 2 }, 7);
      } catch (error) {
        return (error as Error).stack;
      }
    },
    worker: (arg) => new Promise((resolve) => {
      pending.push(resolve);
      worker.send(arg as number);
    }),
  };
  ${dispatch.trim().replace(/\n/g, '\n  ')}
  worker.once('online', () => process.send!({ started: true }));
} else {
  let handled = 0;
  process.on('message', () => {
    handled++;
    process.send!({ label: label(), handled, pid: process.pid });
  });
}
`,
  // A few lines of what reflect-metadata and @nestjs/common's injector do, so that the test needs neither.
  'src/di.ts': `const metadata = new WeakMap<object, Map<string, unknown>>();
const reflect = Reflect as unknown as Record<string, unknown>;
reflect.metadata = (key: string, value: unknown) => (target: object) => {
  if (!metadata.has(target)) metadata.set(target, new Map());
  metadata.get(target)!.set(key, value);
};
reflect.getMetadata = (key: string, target: object) => metadata.get(target)?.get(key);

type Type<T = unknown> = new (...args: any[]) => T;
const injectable = new Set<Type>();
const instances = new Map<Type, unknown>();

export function Injectable(): ClassDecorator {
  return (target) => {
    injectable.add(target as unknown as Type);
  };
}

export function resolve<T>(type: Type<T>): T {
  if (!injectable.has(type)) throw new Error(\`\${type.name} is not injectable\`);
  if (!instances.has(type)) {
    const params = (reflect.getMetadata as (key: string, target: object) => Type[] | undefined)('design:paramtypes', type) ?? [];
    instances.set(type, new type(...params.map((param) => resolve(param))));
  }
  return instances.get(type) as T;
}
`,
  'src/greeting.service.ts': `import { Injectable } from './di.js';

@Injectable()
export class GreetingService {
  private greeted = 0;

  greet(name: string): string {
    this.greeted++;
    return \`Hello, \${name}! (#\${this.greeted})\`;
  }

  // A handler as a field (Express controllers'), which the ES2021 target moves into the constructor.
  shout = (name: string): string => this.greet(name) + '!';
}
`,
  'src/greeting.controller.ts': `import { Injectable } from './di.js';
import { GreetingService } from './greeting.service.js';

@Injectable()
export class GreetingController {
  constructor(private readonly service: GreetingService) {}

  greet(name: string): { message: string } {
    return { message: this.service.greet(name) };
  }
}
`,
  // A repository and a service module in the style of express-typescript-2024.
  'src/users.ts': `export interface User {
  id: number;
  name: string;
}

export const users: User[] = [{ id: 1, name: 'Alice' }];

export class UserRepository {
  async findById(id: number): Promise<User | null> {
    return users.find((user) => user.id === id) || null;
  }
}
`,
  'src/user.service.ts': `import { UserRepository } from './users.js';

export class UserService {
  constructor(private readonly repository: UserRepository = new UserRepository()) {}

  async findName(id: number): Promise<string> {
    const user = await this.repository.findById(id);
    return user ? user.name : 'not found';
  }
}

export const userService = new UserService();
`,
  // An import cycle (require cycle once compiled): audit-log.ts runs first and calls audit() before audit.ts's body.
  'src/audit.ts': `import { firstEntry } from './audit-log.js';

export function audit(event: string): string {
  // Handed to map, not only called: a closure site (docs/protocol.md §3.6).
  const stamp = (text: string) => \`[audit] \${text}\`;
  return [event].map(stamp)[0]!;
}

export const entries = [firstEntry];
`,
  'src/audit-log.ts': `import { audit } from './audit.js';

export const firstEntry = audit('started');
`,
  'src/label.ts': `export function label(): string {
  return 'worker v1';
}
`,
  'src/fail.ts': failing,
};

/** The line and column (1-based) of `text`'s first occurrence of `needle`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

const esmApp = new SourceProject(esm);
const cjsApp = new SourceProject(cjs);
// NODE_ENV=production (which turns the plugins off by default) must not turn off the runtime's instrumentation.
beforeAll(() => Promise.all([esmApp.start(), cjsApp.start({ NODE_ENV: 'production' })]));
afterAll(() => Promise.all([esmApp.stop(), cjsApp.stop()]));

describe('an ES module package run from src/main.ts', () => {
  let pid: unknown;
  beforeAll(async () => {
    pid = await esmApp.probe({ probe: 'pid' });
  });
  afterEach(async () => expect(await esmApp.probe({ probe: 'pid' })).toBe(pid));

  test('a module imported with a .js specifier: body patch, state kept, the held reference runs the new code', async () => {
    expect(await esmApp.probe({ probe: 'count' })).toBe('v1 calls=1');
    const [event] = await esmApp.edit('src/counter.ts', (text) => text.replace('v1', 'v2'));
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', moduleId: 'src/counter.ts', report: { updated: ['count'] } });
    expect(await esmApp.probe({ probe: 'count' })).toBe('v2 calls=2');
  });

  test('a module imported through a tsconfig paths alias', async () => {
    expect(await esmApp.probe({ probe: 'greet', arg: 'Ada' })).toBe('hello Ada (1 greeted)');
    const [event] = await esmApp.edit('src/lib/greet.ts', (text) => text.replace('hello', 'hi'));
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', moduleId: 'src/lib/greet.ts' });
    expect(await esmApp.probe({ probe: 'greet', arg: 'Grace' })).toBe('hi Grace (2 greeted)');
  });

  test("a .tsx file compiled with tsconfig's jsxFactory", async () => {
    expect(await esmApp.probe({ probe: 'render' })).toBe('<ul><li>a</li><li>b</li>1</ul>');
    const [event] = await esmApp.edit('src/view.tsx', (text) => text.replace('<ul data-renders={renders}>', '<ol>').replace('</ul>', '</ol>'));
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', moduleId: 'src/view.tsx', report: { updated: ['render'] } });
    expect(await esmApp.probe({ probe: 'render' })).toBe('<ol><li>a</li><li>b</li>2</ol>');
  });

  test('a worker thread: its module is patched in the worker, whose state is kept', async () => {
    const first = (await esmApp.probe({ probe: 'worker', arg: 5 })) as { value: number; handled: number; threadId: number };
    expect(first).toMatchObject({ value: 10, handled: 1 });
    const [event] = await esmApp.edit('src/math.ts', (text) => text.replace('x * 2', 'x * 3'));
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', moduleId: 'src/math.ts', worker: `thread ${first.threadId}` });
    expect(await esmApp.probe({ probe: 'worker', arg: 5 })).toEqual({ value: 15, handled: 2, threadId: first.threadId });
  });

  test('a syntax error is refused with file.ts:line:col and a code frame; the old code keeps running; the next good save applies', async () => {
    const broken = (text: string) => text.replace('return `v2', 'return ) `v2');
    const text = broken(fs.readFileSync(path.join(esmApp.dir, 'src/counter.ts'), 'utf8'));
    const [event] = await esmApp.edit('src/counter.ts', broken);
    const at = positionOf(text, ') `v2');
    expect(event).toMatchObject({ mightyPatcher: 'error', location: `src/counter.ts:${at.line}:${at.column}` });
    expect(event!.message).toMatch(/^SyntaxError: /);
    expect(event!.frame).toContain(`> ${at.line} |   return ) \`v2`);
    expect(event!.frame).toMatch(/\n {2,}\| {3,}\^/);
    expect(await esmApp.probe({ probe: 'count' })).toMatch(/^v2 calls=\d+$/);

    const [fixed] = await esmApp.edit('src/counter.ts', (current) => current.replace('return ) `v2', 'return `v3'));
    expect(fixed).toMatchObject({ mightyPatcher: 'patch', rule: 'body' });
    expect(await esmApp.probe({ probe: 'count' })).toMatch(/^v3 calls=\d+$/);
  });

  test('a change outside function bodies evaluates the ES module again; the held reference runs the new instance', async () => {
    const [event] = await esmApp.edit('src/jsx.ts', (text) => `const OPEN = String.fromCharCode(91);\n${text.replace('`<${tag}>', '`${OPEN}${tag}>')}`);
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 're-evaluate', moduleId: 'src/jsx.ts' });
    expect(await esmApp.probe({ probe: 'render' })).toMatch(/^\[ol>\[li>a<\/li>\[li>b<\/li>\d+<\/ol>$/);
  });

  test('a stack trace names the .ts line', async () => {
    const stack = String(await esmApp.probe({ probe: 'fail' }));
    const { line, column } = positionOf(failing, 'new Error');
    expect(stack).toContain(`${path.join(esmApp.dir, 'src/fail.ts')}:${line}:${column}`);
  });
});

describe('a package with no "type" (CommonJS) run from src/main.ts', () => {
  let pid: unknown;
  beforeAll(async () => {
    pid = await cjsApp.probe({ probe: 'pid' });
    // The cluster worker answers once it has loaded its modules: an edit before that is read by its own load,
    // with no event from it, where the tests count one event from each process.
    await cjsApp.probe({ probe: 'worker', arg: 0 });
  });
  afterEach(async () => expect(await cjsApp.probe({ probe: 'pid' })).toBe(pid));

  test('NestJS-style decorated classes: injection from emitted metadata; a method edit reaches the instance made at start-up', async () => {
    expect(await cjsApp.probe({ probe: 'paramtypes' })).toEqual(['GreetingService']);
    expect(await cjsApp.probe({ probe: 'greet', arg: 'Ada' })).toEqual({ message: 'Hello, Ada! (#1)' });
    // Both processes load the module (main.ts imports it before it forks), and each reports its patch.
    const [event] = await cjsApp.edit('src/greeting.service.ts', (text) => text.replace('Hello,', 'Welcome,'), 2);
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', moduleId: 'src/greeting.service.ts', report: { updated: ['GreetingService.prototype.greet'] } });
    // The same instance: its count goes on.
    expect(await cjsApp.probe({ probe: 'greet', arg: 'Grace' })).toEqual({ message: 'Welcome, Grace! (#2)' });

    const [controller] = await cjsApp.edit('src/greeting.controller.ts', (text) => text.replace('{ message: this.service.greet(name) }', '{ message: this.service.greet(name.toUpperCase()) }'));
    expect(controller).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { updated: ['GreetingController.prototype.greet'] } });
    expect(await cjsApp.probe({ probe: 'greet', arg: 'Linus' })).toEqual({ message: 'Welcome, LINUS! (#3)' });
  });

  test('a field arrow the ES2021 target moved into the constructor: patched with the instance as `this`', async () => {
    // helper-90 (an Express app, tsconfig target es6): "patched", then `this` was the module's exports object.
    const greeted = (await cjsApp.probe({ probe: 'shout', arg: 'Ada' })) as string;
    expect(greeted).toMatch(/^\w+, Ada! \(#\d+\)!$/);
    const [event] = await cjsApp.edit('src/greeting.service.ts', (text) => text.replace("this.greet(name) + '!'", "this.greet(name) + '!!'"), 2);
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { updated: ['GreetingService.prototype.shout'] } });
    expect(await cjsApp.probe({ probe: 'shout', arg: 'Ada' })).toMatch(/^\w+, Ada! \(#\d+\)!!$/);
  });

  test('a change outside function bodies evaluates the module again; its importer, which holds none of what changed, reads the new values', async () => {
    expect(await cjsApp.probe({ probe: 'user', arg: 9 })).toBe('not found');
    // The primary and the cluster worker: one event each.
    const patched = await cjsApp.edit('src/user.service.ts', (text) => text.replace("'not found'", "'no such user'"), 2);
    expect(patched.map((event) => [event.mightyPatcher, event.rule])).toEqual([['patch', 'body'], ['patch', 'body']]);
    expect(await cjsApp.probe({ probe: 'user', arg: 9 })).toBe('no such user');
    const from = cjsApp.events.length;
    // The primary and the cluster worker (whose main.ts imports the service too) both evaluate it again.
    const events = await cjsApp.edit('src/users.ts', (text) => text.replace("name: 'Alice'", "name: 'Alicia'"), 2);
    expect(events.map((event) => [event.mightyPatcher, event.rule])).toEqual([['patch', 're-evaluate'], ['patch', 're-evaluate']]);
    // user.service.ts reads only UserRepository of it (`users_js_1.UserRepository`, as tsc's CommonJS output
    // does), the same class: it is not evaluated again, and its instance's repository runs the new module's code.
    expect(await cjsApp.probe({ probe: 'user', arg: 1 })).toBe('Alicia');
    expect(await cjsApp.probe({ probe: 'user', arg: 9 })).toBe('no such user');
    expect(cjsApp.events.slice(from).map((event) => [event.mightyPatcher, event.moduleId])).toEqual([
      ['patch', 'src/users.ts'],
      ['patch', 'src/users.ts'],
    ]);
  });

  test('a method added to a class and called by the one beside it: defined on the running prototype, which the instance made at start-up reaches', async () => {
    const events = await cjsApp.edit(
      'src/users.ts',
      (text) =>
        text
          .replace('  async findById(', '  private display(user: User): User {\n    return { ...user, name: `${user.name} #${user.id}` };\n  }\n\n  async findById(')
          .replace('return users.find((user) => user.id === id) || null;', 'const found = users.find((user) => user.id === id);\n    return found ? this.display(found) : null;'),
      2,
    );
    expect(events.map((event) => [event.mightyPatcher, event.rule])).toEqual([['patch', 'body'], ['patch', 'body']]);
    expect(events[0]!.report).toMatchObject({ updated: ['UserRepository.prototype.findById'], added: ['UserRepository.prototype.display'] });
    expect(await cjsApp.probe({ probe: 'user', arg: 1 })).toMatch(/^Alic(?:e|ia) #1$/);
    // Not enumerable, as a method the class declared.
    expect(await cjsApp.probe({ probe: 'repositoryKeys' })).toEqual({ own: ['constructor', 'findById', 'display'], enumerable: [] });
    const [body] = await cjsApp.edit('src/users.ts', (text) => text.replace('#${user.id}', '(${user.id})'), 2);
    expect(body).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { updated: ['UserRepository.prototype.display'] } });
    expect(await cjsApp.probe({ probe: 'user', arg: 1 })).toMatch(/^Alic(?:e|ia) \(1\)$/);

    // Then a module-level function, while the version the module was evaluated with lacks the method added
    // above; then another method, while it lacks that function: each patched in place too (both restarted the
    // program before: the two kinds of addition were recognised only one at a time).
    const [fn] = await cjsApp.edit(
      'src/users.ts',
      (text) => text.replace('export class UserRepository', 'function tag(id: number): string {\n  return `[${id}]`;\n}\n\nexport class UserRepository').replace('(${user.id})', '${tag(user.id)}'),
      2,
    );
    expect(fn).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { updated: ['UserRepository.prototype.display'], added: ['tag'] } });
    expect(await cjsApp.probe({ probe: 'user', arg: 1 })).toMatch(/^Alic(?:e|ia) \[1\]$/);
    const [method] = await cjsApp.edit(
      'src/users.ts',
      (text) => text.replace('  async findById(', '  count(): number {\n    return users.length;\n  }\n\n  async findById(').replace('${tag(user.id)}', '${tag(user.id)}/${this.count()}'),
      2,
    );
    expect(method).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { updated: ['UserRepository.prototype.display'], added: ['UserRepository.prototype.count'] } });
    expect(await cjsApp.probe({ probe: 'user', arg: 1 })).toMatch(/^Alic(?:e|ia) \[1\]\/1$/);
  });

  test('a version whose top level throws is refused at the source line of the throw, with its code frame, as Node shows it', async () => {
    const original = fs.readFileSync(path.join(cjsApp.dir, 'src/users.ts'), 'utf8');
    const throwing = original.replace('export const users', "const defaults = JSON.parse('{bad');\nexport const users");
    const events = await cjsApp.edit('src/users.ts', () => throwing, 2);
    const at = positionOf(throwing, "parse('{bad')");
    expect(events[0]).toMatchObject({ mightyPatcher: 'error', location: `src/users.ts:${at.line}:${at.column}` });
    expect(events[0]!.frame).toContain(`> ${at.line} | const defaults = JSON.parse('{bad');`);
    expect(await cjsApp.probe({ probe: 'user', arg: 1 })).toMatch(/^Alic(?:e|ia)/);
    await cjsApp.edit('src/users.ts', () => original, 2);
  });

  test('a save that changes only types is not applied, and says so: in a module with functions, and in one with none', async () => {
    // Each module runs in the primary and in the cluster worker: one event from each.
    const events = await cjsApp.edit('src/users.ts', (text) => text.replace('  name: string;\n', '  name: string;\n  email?: string;\n'), 2);
    expect(events.map((event) => event.mightyPatcher)).toEqual(['unchanged', 'unchanged']);
    expect(await cjsApp.probe({ probe: 'user', arg: 1 })).toMatch(/^Alic(?:e|ia)/);
    // Before, evaluated again (what runs had "changed"), which restarts a program whose entry imports it.
    const from = cjsApp.events.length;
    const none = await cjsApp.edit('src/audit-log.ts', (text) => text.replace('export const firstEntry =', 'export const firstEntry: string ='), 2);
    expect(none.map((event) => event.mightyPatcher)).toEqual(['unchanged', 'unchanged']);
    expect(cjsApp.events.slice(from).filter((event) => event.mightyPatcher !== 'unchanged')).toEqual([]);
    expect(await cjsApp.probe({ probe: 'audit', arg: 'login' })).toEqual(['[audit] started', expect.stringMatching(/^\[audit.*\] login$/)]);
    // A comment, which the compiled code keeps: nothing that runs changed either (it was evaluated again).
    const comment = await cjsApp.edit('src/audit-log.ts', (text) => text.replace('export const firstEntry', '// The first line of the log.\nexport const firstEntry'), 2);
    expect(comment.map((event) => event.mightyPatcher)).toEqual(['unchanged', 'unchanged']);
    expect(cjsApp.events.slice(from).filter((event) => event.mightyPatcher !== 'unchanged')).toEqual([]);
  });

  test('a require cycle calls a hoisted function, and the closure it makes, before its module ran; an edit of both lands', async () => {
    expect(await cjsApp.probe({ probe: 'audit', arg: 'login' })).toEqual(['[audit] started', '[audit] login']);
    const [event] = await cjsApp.edit('src/audit.ts', (text) => text.replace('[audit]', '[audit v2]'));
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { updated: ['audit', 'audit/stamp'] } });
    expect(await cjsApp.probe({ probe: 'audit', arg: 'logout' })).toEqual(['[audit] started', '[audit v2] logout']);
  });

  test('a cluster worker: its module is patched in the worker process, whose state is kept', async () => {
    const first = (await cjsApp.probe({ probe: 'worker', arg: 0 })) as { label: string; handled: number; pid: number };
    expect(first).toMatchObject({ label: 'worker v1', handled: 2 });
    expect(first.pid).not.toBe(pid);
    // The primary loaded the module too: one event from each process.
    const events = await cjsApp.edit('src/label.ts', (text) => text.replace('worker v1', 'worker v2'), 2);
    expect(events).toContainEqual(expect.objectContaining({ mightyPatcher: 'patch', rule: 'body', moduleId: 'src/label.ts', worker: 'cluster worker 1' }));
    expect(await cjsApp.probe({ probe: 'worker', arg: 0 })).toEqual({ label: 'worker v2', handled: 3, pid: first.pid });
    // The worker reaches the primary over a socket that leaves no file behind when a restart's SIGTERM ends the
    // primary without its exit handlers (Linux: abstract; one file per start piled up in /tmp before).
    const files = fs.readdirSync(os.tmpdir()).filter((file) => file.startsWith(`mighty-patcher-${String(pid)}-`));
    expect(files).toEqual(process.platform === 'linux' ? [] : [expect.stringMatching(/\.sock$/)]);
  });

  test('a stack trace names the .ts line', async () => {
    const stack = String(await cjsApp.probe({ probe: 'fail' }));
    const { line, column } = positionOf(failing, 'new Error');
    expect(stack).toContain(`${path.join(cjsApp.dir, 'src/fail.ts')}:${line}:${column}`);
  });
});

describe('node --import @mighty-patcher/runtime/register src/main.ts beside tsx', () => {
  const tsx = path.resolve(__dirname, '../../../../node_modules/tsx/dist/loader.mjs');
  const files = {
    'package.json': JSON.stringify({ name: 'register-app', private: true, type: 'module' }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', strict: true } }),
    'src/main.ts': `import { count } from './counter.js';

const held = count;
const probes: Record<string, (arg: unknown) => unknown> = { pid: () => process.pid, count: () => held() };
${dispatch}
process.send!({ started: true });
`,
    'src/counter.ts': esm['src/counter.ts'],
  };
  let app: SourceProject | undefined;
  afterEach(() => app?.stop());

  test('tsx loaded before it: the runtime compiles the sources itself, says so, and edits apply', async () => {
    app = new SourceProject(files);
    await app.startWith(['--import', tsx, '--import', register]);
    // The program runs on this Node: where it strips types itself (Node >= 22.18), that is bypassed too.
    const bypassed = (process.features as { typescript?: unknown }).typescript ? "tsx and Node's type stripping are" : 'tsx is';
    expect(app.stderr).toContain(`[mighty-patcher] TypeScript and JSX sources are compiled, and instrumented, by the runtime: ${bypassed} bypassed for them`);
    const pid = await app.probe({ probe: 'pid' });
    expect(await app.probe({ probe: 'count' })).toBe('v1 calls=1');
    const [event] = await app.edit('src/counter.ts', (text) => text.replace('v1', 'v2'));
    expect(event).toMatchObject({ mightyPatcher: 'patch', rule: 'body', moduleId: 'src/counter.ts' });
    expect(await app.probe({ probe: 'count' })).toBe('v2 calls=2');
    expect(await app.probe({ probe: 'pid' })).toBe(pid);
  });

  test('tsx loaded after it (it would compile the sources without instrumentation): the runtime refuses to start, saying why', async () => {
    app = new SourceProject(files);
    await app.startWith(['--import', register, '--import', tsx], /\[mighty-patcher\] not started: .*\n/);
    expect(app.stderr).toMatch(/not started: tsx is loaded after @mighty-patcher\/runtime\/register .* Load the runtime last, or alone/);
    // The program runs, under tsx alone, and nothing claims to watch it.
    expect(await app.probe({ probe: 'count' })).toBe('v1 calls=1');
    expect(app.events).toEqual([]);
  });
});


describe('a CommonJS TypeScript module compiled by the runtime (SWC, whose exports are a table of getters)', () => {
  // A service module holding an in-memory store (the tRPC trial's): adding an export, or renaming one with its
  // call sites, was "changed outside function bodies" and evaluated the module again, the store emptied.
  const service = `const store = new Map<string, string>();

export const findByEmail = async (email: string) => store.get(email) ?? null;

export const save = async (email: string, name: string) => {
  store.set(email, name);
  return store.size;
};
`;
  const files = {
    'package.json': JSON.stringify({ name: 'store-app', private: true }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'CommonJS', strict: true } }),
    'src/main.ts': `import * as handler from './handler';

const probes: Record<string, (arg: unknown) => unknown> = { pid: () => process.pid, handle: (arg) => handler.handle(arg as string) };
${dispatch}
process.send!({ started: true });
`,
    'src/handler.ts': `import { findByEmail, save } from './service';

export async function handle(email: string) {
  await save(email, email.toUpperCase());
  return findByEmail('ada@x.io');
}
`,
    'src/service.ts': service,
  };
  let app: SourceProject | undefined;
  afterEach(() => app?.stop());

  test('an export added, and one renamed with its call sites: patched in place, the store kept', async () => {
    app = new SourceProject(files);
    await app.start();
    const pid = await app.probe({ probe: 'pid' });
    expect(await app.probe({ probe: 'handle', arg: 'ada@x.io' })).toBe('ADA@X.IO');
    const [added] = await app.edit('src/service.ts', (text) => `${text}\nexport const size = () => store.size;\n`);
    expect(added).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { added: ['size'] } });
    // The new export is on the exports object the program holds (SWC's table defines getters on it).
    app.edit('src/handler.ts', (text) => text.replace("import { findByEmail, save } from './service';", "import { findByEmail, save, size } from './service';").replace("return findByEmail('ada@x.io');", "return `${await findByEmail('ada@x.io')} of ${size()}`;"));
    await app.waitFor((event) => event.file === 'src/handler.ts');
    expect(await app.probe({ probe: 'handle', arg: 'bob@x.io' })).toBe('ADA@X.IO of 2');
    const from = app.events.length;
    app.write('src/service.ts', fs.readFileSync(path.join(app.dir, 'src/service.ts'), 'utf8').replaceAll('findByEmail', 'getByEmail'));
    app.write('src/handler.ts', fs.readFileSync(path.join(app.dir, 'src/handler.ts'), 'utf8').replaceAll('findByEmail', 'getByEmail'));
    await app.waitFor(() => app!.events.slice(from).filter((event) => event.mightyPatcher === 'patch').length >= 2, from);
    const renamed = app.events.slice(from).find((event) => event.file === 'src/service.ts');
    expect(renamed).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { added: ['getByEmail'], removed: ['findByEmail'] } });
    expect(await app.probe({ probe: 'handle', arg: 'cy@x.io' })).toBe('ADA@X.IO of 3');
    // An export deleted that handler.ts still calls: the running module keeps it, and the patch says who uses it
    // (before: "unchanged: no code that runs changed"; a fresh start would throw).
    const [deleted] = await app.edit('src/service.ts', (text) => text.replace('\nexport const size = () => store.size;\n', '\n'));
    expect(deleted).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { removed: ['size'] } });
    expect(deleted!.warnings!.join('\n')).toMatch(/no longer exports size, which src\/handler\.ts still uses: it keeps the last size until saved too/);
    expect(await app.probe({ probe: 'handle', arg: 'dan@x.io' })).toBe('ADA@X.IO of 4');
    expect(await app.probe({ probe: 'pid' })).toBe(pid);
  });

  test('a module of one export gaining a second, and losing it again: patched in place, the store kept', async () => {
    // helper-64: SWC writes one export as a `defineProperty` of its own and two or more as a table with a helper, so
    // going from one to two (or back) was evaluated again, the store emptied.
    const one = `const store = new Map<string, string>();\n\nexport const save = async (email: string, name: string) => {\n  store.set(email, name);\n  return store.size;\n};\n`;
    app = new SourceProject({ ...files, 'src/service.ts': one, 'src/handler.ts': `import { save } from './service';\n\nexport async function handle(email: string) {\n  return save(email, email);\n}\n` });
    await app.start();
    expect(await app.probe({ probe: 'handle', arg: 'a@x.io' })).toBe(1);
    const [two] = await app.edit('src/service.ts', (text) => `${text}\nexport const size = () => store.size;\n`);
    expect(two).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { added: ['size'] } });
    expect(await app.probe({ probe: 'handle', arg: 'b@x.io' })).toBe(2);
    const [back] = await app.edit('src/service.ts', () => one);
    expect(back).toMatchObject({ mightyPatcher: 'patch', rule: 'body', report: { removed: ['size'] } });
    expect(await app.probe({ probe: 'handle', arg: 'c@x.io' })).toBe(3);
  });

  test('a store array its functions read, its module evaluated again: the importer holding it follows, no split state', async () => {
    // helper-65 (a GraphQL API's data source): store.ts evaluated again; things.ts kept reading the previous
    // `items` through SWC's getter (which cannot be redefined) and pushed there, while the new `list()` read the
    // new array, equal by value to the previous one then: every item added after the save was missing, silently.
    const store = (limit: string) => `const LIMIT = ${limit};\n\nexport const items: string[] = ['seed'];\n\nexport abstract class Base {\n  list() {\n    return items.slice(0, LIMIT);\n  }\n}\n`;
    app = new SourceProject({
      ...files,
      'src/service.ts': store("JSON.parse('10')"),
      'src/handler.ts': `import { Base, items } from './service';\n\nclass Things extends Base {\n  add(name: string) {\n    items.push(name);\n    return items.length;\n  }\n}\n\nexport async function handle(name: string) {\n  const things = new Things();\n  things.add(name);\n  return things.list();\n}\n`,
    });
    await app.start();
    const from = app.events.length;
    app.write('src/service.ts', store("JSON.parse('20')"));
    await app.waitFor((event) => event.mightyPatcher === 'restart' || event.file === 'src/handler.ts', from);
    if (app.events.slice(from).some((event) => event.mightyPatcher === 'restart')) await app.waitFor((event) => event.mightyPatcher === 'ready', from);
    expect(await app.probe({ probe: 'handle', arg: 'a' })).toEqual(['seed', 'a']);
    expect(await app.probe({ probe: 'handle', arg: 'b' })).toEqual(['seed', 'a', 'b']);
  });

  test("an enum member added: evaluated again, at the enum's line", async () => {
    // Before: "in a run-once function (a listen or then callback, …)" at the line after the enum (its new member
    // maps to no line of its own).
    app = new SourceProject({ ...files, 'src/service.ts': `export enum Role {\n  ADMIN = 'admin',\n  USER = 'user',\n}\n\n${service}` });
    await app.start();
    const [event] = await app.edit('src/service.ts', (text) => text.replace("  USER = 'user',\n", "  USER = 'user',\n  MODERATOR = 'moderator',\n"));
    expect(event).toMatchObject({
      mightyPatcher: 'patch',
      rule: 're-evaluate',
      reason: expect.stringMatching(/^changed in an enum or a namespace \(compiled to a function that runs once: not patched in place\) at src\/service\.ts:1:\d+$/),
    });
  });
});
