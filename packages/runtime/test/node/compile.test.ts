// The runtime's own compile (SWC with the plugin): CommonJS with its cells first, all `const` (docs/protocol.md §3.2); syntax errors; imports as tsc emits them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compile } from '../../src/node/compile';

// Each test's project directory, removed after it.
const roots: string[] = [];
const scratch = () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-compile-'));
  roots.push(root);
  return root;
};
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

test('CommonJS compiled with SWC: every cell, holders included, is a `const` on the first line, before the requires', () => {
  const root = scratch();
  const file = path.join(root, 'src/audit.ts');
  const text = `import { log } from './log';\nexport function audit(event: string) { return () => log(event); }\nexport const late = () => 1;\n`;
  const code = compile({ file, text, format: 'commonjs', instrument: true, root });
  const first = code.split('\n')[0]!;
  // The hoisted declaration and the closure inside it had holders in SWC's output; now `const` cells like `late`.
  expect(first).toMatch(/^"use strict"; const _mp_s_\w+ = _mp_cell\w*\("audit"\), _mp_s_\w+ = _mp_cell\w*\("audit\/return"\), _mp_s_\w+ = _mp_cell\w*\("late"\);$/);
  expect(code).not.toMatch(/function _mp_s_\w+\(\) \{\}/);
  expect(code.indexOf('_mp_cell')).toBeLessThan(code.indexOf('require("./log")'));
  // Guards read them without `?.`.
  expect(code).toMatch(/if \(_mp_s_\w+\.v\) return/);
});

test("a syntax error's column counts a tab as one character, as tsc and Node do (SWC's message draws it as four)", () => {
  const root = scratch();
  const file = path.join(root, 'src/users.ts');
  const text = `export class Users {\n\tasync all() {\n\t\t\tconst users = await this.find(;\n\t}\n}\n`;
  let thrown: unknown;
  try {
    compile({ file, text, format: 'commonjs', instrument: true, root });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toMatchObject({ line: 3, column: text.split('\n')[2]!.indexOf(';') });
});

test("a syntax error's column counts a wide character (CJK) as one, as tsc does (SWC's message draws it two cells wide)", () => {
  const root = scratch();
  const file = path.join(root, 'src/handler.ts');
  const text = `export function handle(id: number): string {\n  console.log('编号: ' id);\n  return 'v1';\n}\n`;
  let thrown: unknown;
  try {
    compile({ file, text, format: 'commonjs', instrument: true, root });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toMatchObject({ line: 2, column: text.split('\n')[1]!.indexOf(' id);') + 1 });
});

test("imports of CommonJS modules as tsc emits them: without interop helpers where the tsconfig rejects a default import", () => {
  // Koa's routers are written `import * as Router from 'koa-router'; new Router()` in projects without esModuleInterop.
  const text = `import * as Router from 'koa-router';\nexport const router = new Router();\n`;
  const compiled = (compilerOptions: object | undefined) => {
    const root = scratch();
    if (compilerOptions) fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
    return compile({ file: path.join(root, 'src/routes.ts'), text, format: 'commonjs', instrument: true, root });
  };
  const withoutInterop = /const (\w+) = require\("koa-router"\);[\s\S]*= new \1\(\);/;
  expect(compiled({ module: 'commonjs', target: 'ES6' })).toMatch(withoutInterop);
  expect(compiled({ module: 'commonjs', esModuleInterop: false })).toMatch(withoutInterop);
  // Where a default import type-checks, code may rely on the helpers (it was written for Babel, esbuild or tsx).
  for (const options of [undefined, { module: 'commonjs', esModuleInterop: true }, { module: 'node16' }, { module: 'commonjs', allowSyntheticDefaultImports: true }]) {
    expect(compiled(options)).toMatch(/_interop_require_wildcard\(require\("koa-router"\)\)/);
  }
});

/** Compiles each TypeScript source into `root/src`, instrumented, as the runtime compiles it, beside the source. */
function compileInto(root: string, sources: Record<string, string>, format: 'module' | 'commonjs'): void {
  for (const [name, text] of Object.entries(sources)) {
    const file = path.join(root, 'src', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file.replace(/\.ts$/, '.js'), compile({ file, text, format, instrument: true, root }));
  }
}

test('decorator metadata in ES module output: an interface imported without `type` is `Object`, a class is itself, and the program links', () => {
  // inversify and NestJS code: `import { IPingService } from './ping.service.interface.js'` (an interface), the
  // parameter typed with it. SWC keeps that import for the metadata, and an ES module cannot import what its module
  // does not export: the program failed to start, where tsc and tsx run it.
  const root = scratch();
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', experimentalDecorators: true, emitDecoratorMetadata: true } }));
  const sources: Record<string, string> = {
    'ping.service.interface.ts': 'export interface IPingService {\n  ping(): string;\n}\n',
    'logger.ts': 'export class Logger {}\nexport default class Clock {}\n',
    'ping.controller.ts': `import { IPingService } from './ping.service.interface.js';
import Clock, { Logger } from './logger.js';

const injectable = (): ClassDecorator => () => {};

@injectable()
export class PingController {
  constructor(private service: IPingService, private logger: Logger, private clock: Clock, private untyped) {}
  made() {
    return new Logger() instanceof Logger;
  }
}
`,
  };
  compileInto(root, sources, 'module');
  // What reflect-metadata records, kept on the class.
  fs.writeFileSync(
    path.join(root, 'src/main.js'),
    `Reflect.metadata = (key, value) => (target) => { target[key] = value; };
const { PingController } = await import('./ping.controller.js');
console.log(JSON.stringify([PingController['design:paramtypes'].map((type) => type.name), new PingController().made()]));
`,
  );
  const result = spawnSync(process.execPath, [path.join(root, 'src/main.js')], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  // A parameter with no type is `Object`, as tsc writes it (SWC: `void 0`, which @nestjs/swagger cannot read).
  expect(JSON.parse(result.stdout)).toEqual([['Object', 'Logger', 'Clock', 'Object'], true]);
});

test('decorator metadata in CommonJS output: classes that refer to each other (TypeORM entities) load, the one still being evaluated read as `Object`; a parameter with no type is `Object`', () => {
  // helper-67 (nestjs-realworld): SWC defines a module's exports as getters above its classes, so `design:type`
  // read `_user.User` while `class User` was in its temporal dead zone, and the program died at load
  // ("Cannot access 'User' before initialization"); tsc reads `undefined` there.
  const root = scratch();
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', experimentalDecorators: true, emitDecoratorMetadata: true } }));
  const sources: Record<string, string> = {
    'relation.ts': 'export const Relation = (target: () => Function): PropertyDecorator => () => {};\n',
    'post.ts': `import { Relation } from './relation';
import { User } from './user';
export class Post {
  @Relation(() => User) author: User;
}
`,
    'user.ts': `import { Relation } from './relation';
import { Post } from './post';
export class User {
  @Relation(() => Post) posts: Post[];
  @Relation(() => Post) find(query, id: number) {}
}
`,
  };
  compileInto(root, sources, 'commonjs');
  fs.writeFileSync(
    path.join(root, 'src/main.js'),
    `const types = new Map();
Reflect.metadata = (key, value) => (target, property) => {
  if (key === 'design:type') types.set(target.constructor.name + '.' + property, value.name);
  if (key === 'design:paramtypes') types.set(target.constructor.name + '.' + property + '()', value.map((type) => type.name));
};
const { User } = require('./user.js');
require('./post.js');
console.log(JSON.stringify([...types, typeof User]));
`,
  );
  const result = spawnSync(process.execPath, [path.join(root, 'src/main.js')], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual([['Post.author', 'Object'], ['User.posts', 'Array'], ['User.find()', ['Object', 'Number']], ['User.find', 'Function'], 'function']);
});
