// The SWC Wasm plugin's options, keys and skips, through @swc/core. Its behaviour (transparency,
// the corpus, test262) is checked by the plugin-agnostic suites in packages/conformance/test.
// Needs the built plugin: node packages/swc-plugin/build.mjs
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { swcPluginWasm } from '@mighty-patcher/conformance/dist/adapters/swc';

const ROOT = path.resolve(__dirname, '../../..');
const requireFromHere = createRequire(__filename);
const swc = requireFromHere('@swc/core') as typeof import('@swc/core');

if (!fs.existsSync(swcPluginWasm)) {
  throw new Error(`${swcPluginWasm} is missing: build the SWC plugin first with \`node packages/swc-plugin/build.mjs\``);
}

/** @swc/core directly, with the plugin and its options as given. */
function compile(source: string, options: Record<string, unknown>, extra: Record<string, unknown> = {}, filename = 'src/example.js'): string {
  return swc.transformSync(source, {
    filename: path.join(ROOT, filename),
    cwd: ROOT,
    swcrc: false,
    configFile: false,
    jsc: {
      parser: { syntax: filename.endsWith('.ts') ? 'typescript' : 'ecmascript' },
      target: 'esnext',
      // Not the default `.swc/` in the working directory.
      experimental: { cacheRoot: path.join(os.tmpdir(), 'mighty-patcher-swc-plugin-cache'), plugins: [[swcPluginWasm, options]] },
    },
    ...extra,
  } as never).code;
}

function compileWithoutPlugin(source: string, extra: Record<string, unknown> = {}): string {
  return swc.transformSync(source, {
    filename: path.join(ROOT, 'src/example.js'),
    swcrc: false,
    configFile: false,
    jsc: { parser: { syntax: 'ecmascript' }, target: 'esnext' },
    ...extra,
  } as never).code;
}

describe('SWC plugin: options and keys', () => {
  const source = 'export function double(x) { return x * 2 }\n';

  test('registry keys are the file name relative to root, with ~2 for a repeated name', () => {
    const code = compile('function f() {}\nfunction f() {}\n', { root: path.join(ROOT, 'src') }, { isModule: false }, 'src/dir/keys.js');
    // A script's generated names carry a letter hash of its module id (docs/protocol.md §7).
    expect(code).toMatch(/_mp_registry_[a-p]{6}\(\)\.cell\("dir\/keys\.js", name, holder\)/);
    expect(code).toMatch(/_mp_cell_[a-p]{6}\("f~2"\)/);
  });

  test('root defaults to the working directory', () => {
    expect(compile(source, {})).toContain('.cell("src/example.js", name, holder)');
  });

  test('names are context paths: inline callbacks, object members, closures', () => {
    const code = compile(
      `app.get('/users/:id', (req, res) => res.end());
       export const api = { list() { return (x) => x; } };
       module.exports.handler = async (event) => event;`,
      {},
    );
    const names = [...code.matchAll(/_mp_cell\((["'])(.*?)\1\)/g)].map((match) => match[2]);
    expect(names).toEqual(['app.get("/users/:id")', 'api.list', 'api.list/return', 'module.exports.handler']);
    expect(code).toContain('_mp_members({');
    expect(code).toMatch(/const _mp_e = \(_mp_c\)=>eval\(_mp_c\)/);
  });

  test('enabled: false and envName production emit nothing', () => {
    const plain = compileWithoutPlugin(source);
    expect(compile(source, { enabled: false })).toBe(plain);
    expect(compile(source, {}, { envName: 'production' })).toBe(plain);
    expect(compile(source, { enabled: true }, { envName: 'production' })).toContain('_mp_cell(');
  });

  test('files under node_modules are left alone by default; exclude replaces the default', () => {
    const plain = compileWithoutPlugin(source);
    const dependency = 'node_modules/some-package/index.js';
    expect(compile(source, {}, {}, dependency)).toBe(plain);
    expect(compile(source, {}, {}, 'node_modules/.pnpm/pkg@1.0.0/node_modules/pkg/index.js')).toBe(plain);
    // Relative to root: a dependency outside root is still under a node_modules directory.
    expect(compile(source, { root: path.join(ROOT, 'examples/app') }, {}, dependency)).toBe(plain);
    expect(compile(source, { exclude: [] }, {}, dependency)).toContain('.cell("node_modules/some-package/index.js", name, holder)');
    expect(compile(source, {}, {}, 'src/node_modules.js')).toContain('_mp_cell(');
    expect(compile(source, { exclude: ['src/generated'] }, {}, 'src/generated/api.js')).toBe(plain);
    expect(compile(source, { exclude: ['**/*.gen.js'] }, {}, 'src/deep/api.gen.js')).toBe(plain);
    expect(compile(source, { exclude: ['**/*.gen.js'] }, {}, 'src/api.js')).toContain('_mp_cell(');
    // The patterns match the path relative to root.
    expect(compile(source, { root: path.join(ROOT, 'src'), exclude: ['src/**'] }, {}, 'src/api.js')).toContain('_mp_cell(');
    expect(compile(source, { root: path.join(ROOT, 'src'), exclude: ['api.js'] }, {}, 'src/api.js')).toBe(plain);
  });

  test('a mistyped exclude option fails the build', () => {
    expect(() => compile(source, { exclude: 'node_modules' })).toThrow(/failed to invoke plugin/);
    expect(() => compile(source, { exclude: [''] })).toThrow(/failed to invoke plugin/);
  });

  test('an unknown option fails the build', () => {
    // The plugin's panic names the option on stderr; @swc/core's error only says the plugin failed.
    expect(() => compile(source, { bogus: 1 })).toThrow(/failed to invoke plugin/);
  });

  test('TypeScript: overloads, declare and abstract members are skipped, the implementation is patched', () => {
    const code = compile(
      `export function pick(value: string): string;
       export function pick(this: Window, value: any): any { return value }
       declare function ambient(): void;
       export abstract class Shape { abstract area(): number; describe(): string { return 'shape' } }`,
      {},
      {},
      'src/shape.ts',
    );
    expect(code.match(/_mp_cell\("[^"]+"\)/g)).toEqual(['_mp_cell("pick")', '_mp_cell("Shape.prototype.describe")']);
    expect(code).not.toContain('ambient');
    // The implementation keeps its own body, behind its guard.
    expect(code).toMatch(/export function pick\(value\) \{\s*if \(_mp_s_pkebonpi\.v\) return _mp_s_pkebonpi\.impl\.apply\(this, arguments\);\s*return value;/);
  });

  test('unsafe computed keys and constructors are left as written', () => {
    const code = compile(
      `let key = 'k'; const safe = 's';
       export class C { constructor() {} [key]() { return 1 } [safe]() { return 2 } ['lit' + 'eral']() {} }`,
      {},
    );
    expect(code).toContain('_mp_cell("C.prototype[safe]")');
    expect(code).not.toContain('C.prototype[computed]');
    expect(code).toMatch(/\[key\]\(\) \{\s*return 1;/);
    expect(code).toMatch(/constructor\(\) ?\{\}/);
  });
});
