// TypeScript, JSX and decorators: the plugin runs before the presets strip types,
// so it must cope with their AST and never break what they produce.
import path from 'node:path';
import { createRequire } from 'node:module';
import { beginPatch } from '@mighty-patcher/runtime';
import { ROOT, majors } from './helpers';

const requireBabel = createRequire(path.join(ROOT, 'packages/babel-plugin/package.json'));
const PLUGIN = path.join(ROOT, 'packages/babel-plugin');

function load(major: 7 | 8, source: string, filename: string, extra: { presets?: unknown[]; plugins?: unknown[] } = {}) {
  const names = major === 7 ? ['@babel/core', '@babel/preset-typescript', '@babel/preset-react', '@babel/plugin-transform-modules-commonjs', '@babel/plugin-proposal-decorators'] : ['babel8-core', 'babel8-preset-typescript', 'babel8-preset-react', 'babel8-plugin-transform-modules-commonjs', 'babel8-plugin-proposal-decorators'];
  const [core, typescript, react, commonjs] = names.map((name) => requireBabel(name.includes('core') ? name : requireBabel.resolve(name)));
  const { code } = (core as typeof import('@babel/core')).transformSync(source, {
    filename: path.join(ROOT, filename),
    root: ROOT,
    babelrc: false,
    configFile: false,
    presets: [[typescript, {}], [react, { runtime: 'classic', pragma: 'h' }], ...(extra.presets ?? [])],
    plugins: [[PLUGIN, { warn: () => {} }], ...(extra.plugins ?? []), commonjs],
  })!;
  const module = { exports: {} as Record<string, any> };
  new Function('exports', 'module', 'require', code!)(module.exports, module, require);
  return module.exports;
}

function decoratorsPlugin(major: 7 | 8, version: string) {
  return [requireBabel.resolve(major === 7 ? '@babel/plugin-proposal-decorators' : 'babel8-plugin-proposal-decorators'), { version }];
}

describe.each(majors)('Babel %i', (major) => {
  test('types, overloads, declare, abstract members, enums and parameter properties', () => {
    const source = (version: number) => `
      export function pick(value: string): string;
      export function pick(value: number): number;
      export function pick(this: unknown, value: any): any { return ${version} }
      declare function ambient(): void;
      declare const also: () => void;
      export enum Color { Red, Green }
      export const typed = <T,>(value: T, other?: T): T => value;
      export abstract class Shape {
        constructor(public readonly sides: number) {}
        abstract area(): number;
        describe(): string { return \`\${this.sides} sides, area \${this.area()} v${version}\` }
      }
      export class Square extends Shape {
        constructor(private size: number) { super(4) }
        area(): number { return this.size ** 2 }
      }`;
    const filename = `src/shapes-${major}.ts`;
    const exports = load(major, source(1), filename);
    const square = new exports.Square(3);
    expect(square.describe()).toBe('4 sides, area 9 v1');
    expect([exports.pick(1), exports.pick.length, exports.typed.length, exports.Color.Green]).toEqual([1, 1, 2, 1]);
    const transaction = beginPatch(filename);
    load(major, source(2), filename);
    const report = transaction.commit();
    expect(report.updated.sort()).toEqual(['Shape.prototype.describe', 'pick']);
    expect(square.describe()).toBe('4 sides, area 9 v2');
    expect(exports.pick(1)).toBe(2);
  });

  test('JSX components are proxied like any function', () => {
    const source = (text: string) => `
      const h = (type: any, props: any, ...children: any[]) => ({ type, props, children });
      export function Greeting({ name }: { name: string }) { return <p>${text} {name}</p> }
      export const App = () => <Greeting name="Ada" />;`;
    const filename = `src/app-${major}.tsx`;
    const exports = load(major, source('Hello'), filename);
    const { Greeting, App } = exports;
    const element = App();
    expect(element.type).toBe(Greeting);
    expect(Greeting(element.props).children[0]).toBe('Hello ');
    const transaction = beginPatch(filename);
    load(major, source('Bonjour'), filename);
    transaction.commit();
    expect(Greeting(element.props).children[0]).toBe('Bonjour ');
  });

  test.each(['legacy', '2023-11'])('%s decorators wrap the proxy, and the patched body still runs through them', (version) => {
    const source = (result: string) => `
      const log: string[] = [];
      function traced(${version === 'legacy' ? 'target: any, key: string, descriptor: PropertyDescriptor' : 'method: any, context: any'}) {
        ${
          version === 'legacy'
            ? 'const original = descriptor.value; descriptor.value = function (this: any, ...args: any[]) { log.push(key); return original.apply(this, args) };'
            : 'return function (this: any, ...args: any[]) { log.push(context.name); return method.apply(this, args) };'
        }
      }
      export class Service {
        @traced run() { return ${JSON.stringify(result)} }
      }
      export { log };`;
    const filename = `src/service-${major}-${version}.ts`;
    const plugins = [decoratorsPlugin(major, version)];
    const exports = load(major, source('v1'), filename, { plugins });
    const service = new exports.Service();
    expect(service.run()).toBe('v1');
    const transaction = beginPatch(filename);
    load(major, source('v2'), filename, { plugins });
    transaction.commit();
    expect(service.run()).toBe('v2');
    expect(exports.log).toEqual(['run', 'run']);
  });
});
