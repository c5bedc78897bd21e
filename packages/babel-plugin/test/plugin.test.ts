// Options, registry keys, diagnostics, source maps and the registry bootstrap.
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { getRegistry, getSlot, onPatch } from '@mighty-patcher/runtime';
import { ROOT, majors, run, transform } from './helpers';

const requireBabel = createRequire(path.join(ROOT, 'packages/babel-plugin/package.json'));
const PLUGIN = path.join(ROOT, 'packages/babel-plugin');

function babel(major: 7 | 8) {
  return requireBabel(major === 7 ? '@babel/core' : 'babel8-core') as typeof import('@babel/core');
}

function compile(major: 7 | 8, source: string, options: Record<string, unknown> = {}, babelOptions: object = {}) {
  return babel(major).transformSync(source, {
    filename: path.join(ROOT, 'src/deep/file.js'),
    babelrc: false,
    configFile: false,
    plugins: [[PLUGIN, options]],
    ...babelOptions,
  })!;
}

const SAMPLE = `
export function a(x) { return x }
export const b = async () => 1;
export default class C { m() {} static s() {} get g() { return 1 } }
`;

describe.each(majors)('Babel %i', (major) => {
  test('production builds contain no instrumentation: output equals Babel without the plugin', () => {
    const without = babel(major).transformSync(SAMPLE, {
      filename: 'x.js',
      babelrc: false,
      configFile: false,
    })!.code;
    expect(compile(major, SAMPLE, {}, { envName: 'production' }).code).toBe(without);
    expect(compile(major, SAMPLE, { enabled: false }).code).toBe(without);
    expect(compile(major, SAMPLE).code).not.toBe(without);
    expect(compile(major, SAMPLE).code).toContain('mighty-patcher.registry');
  });

  test('unknown or mistyped options are rejected with a clear message', () => {
    expect(() => compile(major, SAMPLE, { rot: '.' })).toThrow(/unknown option "rot"/);
    expect(() => compile(major, SAMPLE, { enabled: 'yes' })).toThrow(/"enabled" must be a boolean/);
    expect(() => compile(major, SAMPLE, { exclude: 'node_modules' })).toThrow(/"exclude" must be an array of path pattern strings/);
    expect(() => compile(major, SAMPLE, { exclude: [/node_modules/] })).toThrow(/"exclude" must be an array of path pattern strings/);
    expect(() => compile(major, SAMPLE, { exclude: ['./'] })).toThrow(/"exclude": invalid pattern "\.\/": a pattern must name at least one path segment/);
    expect(() => compile(major, SAMPLE, { hmrRuntime: '' })).toThrow(/"hmrRuntime" must be a module specifier string/);
  });

  test('the glue is imported from @mighty-patcher/hmr by its absolute path, or from hmrRuntime', () => {
    const glue = require.resolve('@mighty-patcher/hmr', { paths: [path.join(ROOT, 'packages/babel-plugin')] });
    expect(path.isAbsolute(glue)).toBe(true);
    const esm = compile(major, SAMPLE, {}, { sourceType: 'module' }).code!;
    expect(esm).toContain(`from ${JSON.stringify(glue)}`);
    expect(compile(major, SAMPLE, { hmrRuntime: 'virtual:hmr' }, { sourceType: 'module' }).code).toContain('from "virtual:hmr"');
    // The module.hot form requires it only under a bundler's module.hot.
    const script = compile(major, 'function a(x) { return x }', { hmr: 'commonjs' }, { sourceType: 'script' }).code!;
    expect(script).toContain(`module.hot && !module.hot["mighty-patcher"] ? require(${JSON.stringify(glue)}) : undefined`);
  });

  test('CommonJS (no import or export, and it reads exports, module or require) gets the module.hot glue by default, though Babel parses it as a module', () => {
    // helper-85: ts-loader's CommonJS output given an `import` of the glue became an ES module to webpack, where
    // `exports` is not defined: the page threw at load.
    const commonjs = compile(major, 'exports.a = function a(x) { return x; };', {}, { sourceType: 'module' }).code!;
    expect(commonjs).toContain('module.hot && !module.hot["mighty-patcher"] ? require(');
    expect(commonjs).not.toMatch(/^import |import\.meta/m);
    // Reading `import.meta` makes it an ES module all the same, and so does not reading CommonJS's bindings (Vite's
    // top-level script, which imports nothing).
    expect(compile(major, 'const here = import.meta.url;\nfunction a(x) { return x; }', {}, { sourceType: 'module' }).code).toMatch(/^import \{ hot as _mp_hot/m);
    expect(compile(major, 'function bootstrap() { document.title = "x"; }\nbootstrap();', {}, { sourceType: 'module' }).code).toMatch(/^import \{ hot as _mp_hot/m);
  });

  test('files under node_modules are left alone by default; exclude replaces the default', () => {
    const without = (filename: string) =>
      babel(major).transformSync(SAMPLE, { filename: path.join(ROOT, filename), babelrc: false, configFile: false })!.code;
    const at = (filename: string, options: Record<string, unknown> = {}) =>
      compile(major, SAMPLE, { root: ROOT, ...options }, { filename: path.join(ROOT, filename) }).code!;
    const dependency = 'node_modules/some-package/index.js';
    expect(at(dependency)).toBe(without(dependency));
    expect(at('node_modules/.pnpm/pkg@1.0.0/node_modules/pkg/index.js')).toBe(without(dependency));
    // Relative to root: a dependency outside root is still under a node_modules directory.
    expect(at(dependency, { root: path.join(ROOT, 'examples/app') })).toBe(without(dependency));
    expect(at(dependency, { exclude: [] })).toContain('.cell("node_modules/some-package/index.js", name, holder)');
    expect(at('src/node_modules.js')).toContain('_mp_cell(');
    expect(at('src/generated/api.js', { exclude: ['src/generated'] })).toBe(without(dependency));
    expect(at('src/deep/api.gen.js', { exclude: ['**/*.gen.js'] })).toBe(without(dependency));
    expect(at('src/api.js', { exclude: ['**/*.gen.js'] })).toContain('_mp_cell(');
    // The patterns match the path relative to root.
    expect(at('src/api.js', { root: path.join(ROOT, 'src'), exclude: ['src/**'] })).toContain('_mp_cell(');
    expect(at('src/api.js', { root: path.join(ROOT, 'src'), exclude: ['api.js'] })).toBe(without(dependency));
  });

  test('registry keys are the POSIX path relative to root plus the qualified name; repeats get ~2', () => {
    run(
      major,
      `function twice() { return 1 }
       function twice() { return 2 }
       class K { m() {} m() {} get p() { return 1 } set p(v) {} static s() {} ['lit']() {} [Symbol.iterator]() {} }
       const arrow = () => {};
       exports.twice = twice;`,
      { filename: 'src/nested/keys.js', sourceType: 'script' },
    );
    const keys = [...getRegistry().slots.keys()].filter((key) => key.startsWith('src/nested/keys.js#'));
    expect(keys).toEqual([
      'src/nested/keys.js#twice',
      'src/nested/keys.js#twice~2',
      'src/nested/keys.js#K.prototype.m',
      'src/nested/keys.js#K.prototype.m~2',
      'src/nested/keys.js#K.prototype.p:get',
      'src/nested/keys.js#K.prototype.p:set',
      'src/nested/keys.js#K.s',
      'src/nested/keys.js#K.prototype.lit',
      'src/nested/keys.js#K.prototype[Symbol.iterator]',
      'src/nested/keys.js#arrow',
    ]);
    // Sloppy-mode duplicate declarations: the last one wins, as in the original.
    expect(run(major, 'function f() { return 1 }\nfunction f() { return 2 }\nexports.f = f', { sourceType: 'script' }).f()).toBe(2);
  });

  test('the root option decides module ids', () => {
    const code = compile(major, 'export function f() {}', { root: path.join(ROOT, 'src') }).code!;
    expect(code).toContain('"deep/file.js"');
  });

  test('constructs that cannot be proxied safely are skipped with a warning naming file:line', () => {
    const warnings: string[] = [];
    const { code } = compile(
      major,
      `let n = 0;
       export class K {
         #secret = 1;
         reveal() { return this.#secret }
         [n++]() {}
         ok() {}
       }`,
      { warn: (message: string) => warnings.push(message) },
    );
    expect(warnings).toEqual([
      '[mighty-patcher] src/deep/file.js:4: K.prototype.reveal is not hot-patchable: it uses #private names, which cannot cross class versions',
      '[mighty-patcher] src/deep/file.js:5: K.prototype[computed] is not hot-patchable: its computed key could have side effects if evaluated again',
    ]);
    expect(code).toContain('K.prototype.ok');
    expect(code).toContain('[n++]() {}');
  });

  test('cells: const where nothing reads them early; first and all const once imports became requires in the same run', () => {
    const source = `import { x } from "./x";\nexport function early() { return () => x; }\nexport const late = () => x;\n`;
    const declarations = (code: string) =>
      [...code.matchAll(/^(?:(?:const|var) _mp_s_\w+ = [^;]*;|function _mp_s_\w+\(\) \{\}|_mp_cell\([^;]*;)/gms)].map((match) => match[0].replace(/\s+/g, ' '));
    // An ES module: the hoisted declaration and the closure inside it can be called by an import cycle first, so
    // their cells are holders, hoisted declarations themselves, whose guards need no `?.` (docs/protocol.md §3.2).
    const esm = compile(major, source, { hmr: false }).code!;
    expect(declarations(esm)).toEqual([
      'function _mp_s_dfdafgjm() {}',
      '_mp_cell("early", _mp_s_dfdafgjm);',
      'function _mp_s_blahdald() {}',
      '_mp_cell("early/return", _mp_s_blahdald);',
      'const _mp_s_icnlencb = _mp_cell("late");',
    ]);
    expect(esm).toContain('if (_mp_s_dfdafgjm.v) return');
    // CommonJS: the cells run before the requires by which a cycle could call in.
    const commonjs = babel(major).transformSync(source, {
      filename: path.join(ROOT, 'src/deep/file.js'),
      babelrc: false,
      configFile: false,
      plugins: [[PLUGIN, { hmr: false }], requireBabel.resolve(major === 7 ? '@babel/plugin-transform-modules-commonjs' : 'babel8-plugin-transform-modules-commonjs')],
    })!.code!;
    expect(declarations(commonjs)).toEqual(['const _mp_s_dfdafgjm = _mp_cell("early"), _mp_s_blahdald = _mp_cell("early/return"), _mp_s_icnlencb = _mp_cell("late");']);
    expect(commonjs.indexOf('_mp_s_dfdafgjm =')).toBeLessThan(commonjs.indexOf('require("./x")'));
  });

  test("a syntax error is Babel's own error with a code frame", () => {
    // highlightCode: false, so the frame is the same with or without a colour terminal (CI sets colours on).
    expect(() => compile(major, 'export function f( {\n  return 1\n}', {}, { highlightCode: false })).toThrow(
      /file\.js: .*\(2:2\)[\s\S]*> 2 \|/,
    );
  });

  test('source maps point stack frames of instrumented code at the original lines', () => {
    const source = ['// line 1', '', 'export function outer() {', '  return inner();', '}', 'function inner() {', '  throw new Error("here");', '}'].join('\n');
    // A second Babel run compiles to CommonJS: the HMR glue's `import.meta` form would not survive it.
    const result = compile(major, source, { hmr: false }, { sourceMaps: true, sourceType: 'module' });
    const cjs = babel(major).transformSync(result.code!, {
      filename: 'src/deep/file.js',
      babelrc: false,
      configFile: false,
      inputSourceMap: result.map as never,
      sourceMaps: true,
      plugins: [requireBabel.resolve(major === 7 ? '@babel/plugin-transform-modules-commonjs' : 'babel8-plugin-transform-modules-commonjs')],
    })!;
    const module = { exports: {} as Record<string, () => unknown> };
    vm.runInThisContext(`(function (exports, module) {${cjs.code}\n})`, { filename: 'generated.js' })(module.exports, module);
    let stack = '';
    try {
      module.exports.outer!();
    } catch (error) {
      stack = (error as Error).stack!;
    }
    const frames = [...stack.matchAll(/generated\.js:(\d+):(\d+)/g)].map(([, line, column]) =>
      originalPositionFor(new TraceMap(cjs.map as never), { line: Number(line), column: Number(column) - 1 }),
    );
    // The throw, then the call in outer: both at their original lines.
    expect(frames[0]).toMatchObject({ line: 7, source: expect.stringContaining('file.js') });
    expect(frames.map((frame) => frame.line)).toContain(4);
  });
});

test('instrumented code runs with no runtime loaded, and a runtime loaded later adopts its slots', () => {
  const code = transform(majors[0]!, 'function f(x) { return x + 1 }\nf.result = f(1);', {
    filename: 'src/bootstrap.js',
    sourceType: 'script',
  });
  const context = vm.createContext({});
  vm.runInContext(code, context);
  expect(vm.runInContext('f.result', context)).toBe(2);
  const registry = vm.runInContext('globalThis[Symbol.for("mighty-patcher.registry")]', context);
  expect(registry.protocol).toBe(2);
  expect(registry.runtime).toBeUndefined();
  expect([...registry.slots.keys()]).toEqual(['src/bootstrap.js#f']);
});

test('several copies of the runtime (bundled twice) share one registry', () => {
  let second: typeof import('@mighty-patcher/runtime') | undefined;
  jest.isolateModules(() => {
    second = require('@mighty-patcher/runtime');
  });
  expect(second!.getRegistry).not.toBe(getRegistry);
  expect(second!.getRegistry()).toBe(getRegistry());
  run(majors[0]!, 'export function shared() { return 1 }', { filename: 'src/shared.js' });
  const reports: string[] = [];
  const unsubscribe = onPatch((report) => reports.push(report.moduleId));
  const transaction = second!.beginPatch('src/shared.js');
  run(majors[0]!, 'export function shared() { return 2 }', { filename: 'src/shared.js' });
  transaction.commit();
  unsubscribe();
  expect(reports).toEqual(['src/shared.js']);
  expect(getSlot('src/shared.js#shared')!.fn!()).toBe(2);
});
