// The proxy must be indistinguishable from the original function (issue #2's list),
// before and after a patch. Every case runs through every plugin adapter this Node can run.
import path from 'node:path';
import util from 'node:util';
import { beginPatch, getSlot } from '@mighty-patcher/runtime';
import { loadAdapter } from '../src/adapters';
import { ROOT, adapters } from './support';

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor;

/**
 * Compiles `source` with the plugin (and to CommonJS) and runs it in the test's realm: the Function
 * constructor evaluates in the realm of this test file (Jest gives each test file its own), so the
 * generated code and the test share one global registry and one set of intrinsics.
 */
function run(adapter: string, source: string, filename: string, sourceType: 'module' | 'script'): Record<string, any> {
  const absolute = path.join(ROOT, filename);
  const code = loadAdapter(adapter).transform(source, absolute, { sourceType, root: ROOT, output: 'commonjs' });
  const module = { exports: {} as Record<string, any> };
  new Function('exports', 'require', 'module', `${code}\n//# sourceURL=${absolute}`).call(module.exports, module.exports, require, module);
  return module.exports;
}

let file = 0;
/** Loads `before`, returns its exports and a function that patches the module with a new version. */
function load(adapter: string, before: string, sourceType: 'module' | 'script' = 'module') {
  const filename = `test/transparency-${adapter}-${++file}.js`;
  const exports = run(adapter, before, filename, sourceType);
  const patch = (after: string) => {
    const transaction = beginPatch(filename);
    try {
      run(adapter, after, filename, sourceType);
    } catch (error) {
      transaction.rollback();
      throw error;
    }
    return transaction.commit();
  };
  return { exports, patch, moduleId: filename };
}

describe.each(adapters)('%s', (adapter) => {
  test('a function declaration keeps identity, name, length and kind, and runs new code after a patch', () => {
    const { exports, patch } = load(adapter, 'export function double(x, y = 1) { return x * 2 }');
    const { double } = exports;
    const captured = double;
    expect(double.name).toBe('double');
    expect(double.length).toBe(1);
    expect(Object.getPrototypeOf(double)).toBe(Function.prototype);
    expect(Object.prototype.toString.call(double)).toBe('[object Function]');
    expect(double(2)).toBe(4);
    const report = patch('export function double(x) { return x * 20 }');
    expect(report.updated).toEqual(['double']);
    expect(captured(2)).toBe(40);
    expect(exports.double).toBe(captured);
  });

  test('length follows a patch that changes the arity (Express error handlers are picked by length)', () => {
    const { exports, patch } = load(adapter, 'export function handler(req, res) {}');
    const handler = exports.handler;
    expect(handler.length).toBe(2);
    patch('export function handler(err, req, res, next) { return "error handler" }');
    expect(handler.length).toBe(4);
    expect(Object.getOwnPropertyDescriptor(handler, 'length')).toEqual({
      value: 4,
      writable: false,
      enumerable: false,
      configurable: true,
    });
    expect(handler()).toBe('error handler');
  });

  test('this, arguments, return values and thrown errors pass through', () => {
    const { exports } = load(
      adapter,
      `export function self() { return this }
       export function args() { return arguments }
       export function fail(message) { throw new TypeError(message) }`,
    );
    const receiver = { self: exports.self };
    expect(receiver.self()).toBe(receiver);
    const { self } = exports;
    expect(self()).toBeUndefined();
    expect(self.call(5)).toBe(5);
    const args = exports.args(1, 2, 3);
    expect(Array.from(args)).toEqual([1, 2, 3]);
    expect(Object.prototype.toString.call(args)).toBe('[object Arguments]');
    expect(() => exports.fail('boom')).toThrow(new TypeError('boom'));
  });

  test('sloppy-mode functions box this as in the original; strict ones do not', () => {
    const { exports } = load(
      adapter,
      `exports.sloppy = function sloppy() { return this };
       function strictFn() { "use strict"; return this }
       exports.strictFn = strictFn;`,
      'script',
    );
    expect(exports.sloppy.call(undefined)).toBe(globalThis);
    expect(typeof exports.sloppy.call(5)).toBe('object');
    expect(exports.strictFn.call(undefined)).toBeUndefined();
    expect(exports.strictFn.call(5)).toBe(5);
  });

  test('default parameter errors surface at call time, for every kind', () => {
    const { exports } = load(
      adapter,
      `const boom = () => { throw new RangeError('default') };
       export function plain(a = boom()) {}
       export function* gen(a = boom()) {}
       export async function asyncFn(a = boom()) {}
       export async function* asyncGen(a = boom()) {}`,
    );
    expect(() => exports.plain()).toThrow(RangeError);
    expect(() => exports.gen()).toThrow(RangeError);
    expect(() => exports.asyncGen()).toThrow(RangeError);
    return expect(exports.asyncFn()).rejects.toThrow(RangeError);
  });

  test('new, new.target, prototype, instanceof and subclassing work where the original was constructible', () => {
    const { exports, patch } = load(
      adapter,
      `export function Point(x) { this.x = x; this.target = new.target }
       Point.prototype.norm = function () { return Math.abs(this.x) };
       export class Point3 extends Point { constructor(x) { super(x); this.z = 0 } }`,
    );
    const { Point, Point3 } = exports;
    const p = new Point(-2);
    expect(p).toBeInstanceOf(Point);
    expect(p.target).toBe(Point);
    expect(p.norm()).toBe(2);
    expect(Object.getPrototypeOf(p)).toBe(Point.prototype);
    const q = new Point3(3);
    expect(q).toBeInstanceOf(Point);
    expect(q.target).toBe(Point3);
    expect(Reflect.construct(Point, [1], Point3)).toBeInstanceOf(Point3);
    const prototype = Point.prototype;
    patch(
      `export function Point(x) { this.x = x * 10; this.target = new.target }
       Point.prototype.norm = function () { return Math.abs(this.x) };
       export class Point3 extends Point { constructor(x) { super(x); this.z = 0 } }`,
    );
    expect(Point.prototype).toBe(prototype);
    const r = new Point(-2);
    expect(r.x).toBe(-20);
    expect(r).toBeInstanceOf(Point);
    expect(p).toBeInstanceOf(Point);
    expect(new Point3(1).x).toBe(10);
  });

  test('arrows, async, generator and async generator proxies have the original kind', () => {
    const { exports } = load(
      adapter,
      `export const arrow = (a, b) => a + b;
       export const asyncArrow = async (a) => a;
       export async function asyncFn(a) { return a }
       export function* gen(a) { yield a; return 'done' }
       export async function* asyncGen(a) { yield a }
       export const fnExpression = function (a) {};`,
    );
    const { arrow, asyncArrow, asyncFn, gen, asyncGen, fnExpression } = exports;
    expect([arrow.name, arrow.length, arrow.hasOwnProperty('prototype')]).toEqual(['arrow', 2, false]);
    expect(() => new arrow()).toThrow(TypeError);
    expect(Object.getPrototypeOf(asyncArrow)).toBe(AsyncFunction.prototype);
    expect(util.types.isAsyncFunction(asyncFn)).toBe(true);
    expect(util.types.isAsyncFunction(asyncArrow)).toBe(true);
    expect(Object.prototype.toString.call(asyncFn)).toBe('[object AsyncFunction]');
    expect(() => new asyncFn()).toThrow(TypeError);
    expect(asyncFn.hasOwnProperty('prototype')).toBe(false);
    expect(Object.getPrototypeOf(gen)).toBe(GeneratorFunction.prototype);
    expect(util.types.isGeneratorFunction(gen)).toBe(true);
    expect(() => new gen()).toThrow(TypeError);
    const iterator = gen(7);
    expect(Object.getPrototypeOf(iterator)).toBe(gen.prototype);
    expect([...iterator]).toEqual([7]);
    expect(gen(1).next()).toEqual({ value: 1, done: false });
    const finished = gen(1);
    finished.next();
    expect(finished.next()).toEqual({ value: 'done', done: true });
    expect(Object.getPrototypeOf(asyncGen)).toBe(AsyncGeneratorFunction.prototype);
    expect(Object.getPrototypeOf(asyncGen(1))).toBe(asyncGen.prototype);
    expect(util.types.isGeneratorFunction(asyncGen)).toBe(true);
    expect([fnExpression.name, fnExpression.length, typeof fnExpression.prototype]).toEqual(['fnExpression', 1, 'object']);
    return expect(asyncFn(3)).resolves.toBe(3);
  });

  test('generator return() and throw() reach the implementation (finally blocks run)', () => {
    const { exports } = load(
      adapter,
      `export const log = [];
       export function* gen() { try { yield 1; yield 2 } finally { log.push('finally') } }`,
    );
    const iterator = exports.gen();
    iterator.next();
    expect(iterator.return(9)).toEqual({ value: 9, done: true });
    expect(exports.log).toEqual(['finally']);
    const thrown = exports.gen();
    thrown.next();
    expect(() => thrown.throw(new Error('stop'))).toThrow('stop');
    expect(exports.log).toEqual(['finally', 'finally']);
  });

  test('hoisting: a declaration is callable before its line, recursion goes through the binding', () => {
    const { exports, patch } = load(
      adapter,
      `export const early = fact(4);
       export function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) }`,
    );
    expect(exports.early).toBe(24);
    const { fact } = exports;
    patch(
      `export const early = fact(4);
       export function fact(n) { return n <= 1 ? 100 : n * fact(n - 1) }`,
    );
    expect(fact(3)).toBe(600);
  });

  test('properties assigned onto a function survive a patch', () => {
    const { exports, patch } = load(
      adapter,
      `export function memo(n) { return memo.cache.get(n) ?? 'miss' }
       memo.cache = new Map([[1, 'one']]);`,
    );
    const { memo } = exports;
    const cache = memo.cache;
    // The new version is a new module instance: its own `memo` gets its own cache.
    patch(`export function memo(n) { return memo.cache.get(n) ?? 'MISS' }
       memo.cache = new Map([[1, 'uno']]);`);
    expect(memo.cache).toBe(cache);
    expect(memo(2)).toBe('MISS');
    expect(memo(1)).toBe('uno');
  });

  test('reassigning the binding behaves as in the original program', () => {
    const { exports } = load(
      adapter,
      `export let f = () => 1;
       export function swap() { f = () => 2 }`,
    );
    const first = exports.f;
    exports.swap();
    expect(exports.f).not.toBe(first);
    expect(exports.f()).toBe(2);
  });

  test('class methods, statics and accessors are patched in place; instances and subclasses follow', () => {
    const source = (factor: number) => `
      export class Cart {
        constructor() { this.items = [2, 3] }
        total() { return this.items.reduce((a, b) => a + b, 0) * ${factor} }
        get size() { return this.items.length * ${factor} }
        set size(n) { this.items.length = n * ${factor} }
        static create() { return 'create ${factor}' }
        async load() { return ${factor} }
        *[Symbol.iterator]() { yield* this.items.map((x) => x * ${factor}) }
      }
      export class Special extends Cart {
        total() { return super.total() + 100 }
      }`;
    const { exports, patch } = load(adapter, source(1));
    const { Cart, Special } = exports;
    const cart = new Cart();
    const special = new Special();
    const total = Cart.prototype.total;
    expect([cart.total(), cart.size, Cart.create(), [...cart]]).toEqual([5, 2, 'create 1', [2, 3]]);
    expect(special.total()).toBe(105);
    expect(Object.keys(Cart.prototype)).toEqual([]);
    expect(Reflect.ownKeys(Cart.prototype)).toEqual(['constructor', 'total', 'size', 'load', Symbol.iterator]);
    expect(Cart.prototype.total.name).toBe('total');
    expect(Object.getOwnPropertyDescriptor(Cart.prototype, 'size')!.get!.name).toBe('get size');

    const report = patch(source(10));
    expect(report.updated).toEqual(
      expect.arrayContaining(['Cart.prototype.total', 'Cart.prototype.size:get', 'Cart.create', 'Cart.prototype[Symbol.iterator]']),
    );
    expect(report.unchanged).toEqual(['Special.prototype.total']);
    expect(Cart.prototype.total).toBe(total);
    expect([cart.total(), cart.size, Cart.create(), [...cart]]).toEqual([50, 20, 'create 10', [20, 30]]);
    expect(special.total()).toBe(150);
    expect(special).toBeInstanceOf(Cart);
    cart.size = 1;
    expect(cart.items.length).toBe(10);
    return expect(cart.load()).resolves.toBe(10);
  });

  test('a method using #private names is left alone and keeps working', () => {
    const { exports, patch } = load(
      adapter,
      `export class Counter {
         #count = 0;
         bump() { return ++this.#count }
         label() { return 'v1' }
       }`,
    );
    const counter = new exports.Counter();
    counter.bump();
    patch(
      `export class Counter {
         #count = 0;
         bump() { return ++this.#count + 1000 }
         label() { return 'v2' }
       }`,
    );
    // bump() still runs its original body (it was not instrumented); label() was patched.
    expect(counter.bump()).toBe(2);
    expect(counter.label()).toBe('v2');
  });

  test('a module version that throws is rolled back: nothing changes', () => {
    const { exports, patch, moduleId } = load(adapter, 'export function f() { return 1 }');
    expect(() => patch('export function f() { return 2 }\nthrow new Error("top level")')).toThrow('top level');
    expect(exports.f()).toBe(1);
    expect(getSlot(`${moduleId}#f`)!.fn!()).toBe(1);
  });

  test('an anonymous default export is named "default" and patchable', () => {
    const { exports, patch } = load(adapter, 'export default function (a, b) { return a + b }');
    const fn = exports.default;
    expect([fn.name, fn.length, fn(1, 2)]).toEqual(['default', 2, 3]);
    patch('export default function (a, b) { return a * b }');
    expect(fn(2, 3)).toBe(6);
  });

  test('a module binding that shadows a global used by the generated code keeps its meaning', () => {
    // Not Object: the compilers' own CommonJS interop (Object.defineProperty(exports, "__esModule")) runs
    // before the module's top level, so such a module fails the same without the plugin.
    const { exports } = load(
      adapter,
      `const Map = 'mine';
       const Reflect = 'also mine';
       const Symbol = '!';
       export function f() { return Map + Reflect + Symbol }
       export class C { m() { return Map } }`,
    );
    expect(exports.f()).toBe('minealso mine!');
    expect(new exports.C().m()).toBe('mine');
  });

  test('removed, added and changed-kind functions are reported', () => {
    const { exports, patch } = load(adapter, 'export function a() { return "a" }\nexport function b() {}');
    const report = patch('export async function b() {}\nexport function c() {}');
    expect(report.removed).toEqual(['a']);
    expect(report.added).toEqual(['c']);
    expect(report.kindChanged).toEqual([{ name: 'b', from: 'function', to: 'async' }]);
    expect(exports.a()).toBe('a');
  });
});
