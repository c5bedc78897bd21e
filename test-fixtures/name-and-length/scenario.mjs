import assert from 'node:assert/strict';
import { K, arrow, asyncFn, gen, plain } from './subject.mjs';

const shape = (fn) => [fn.name, fn.length];
const expected = [
  ['plain', 2],
  ['arrow', 2],
  ['asyncFn', 1],
  ['gen', 2],
  ['method', 2],
  ['staticMethod', 1],
];

export default async function (t) {
  const functions = [plain, arrow, asyncFn, gen, K.prototype.method, K.staticMethod];
  assert.deepEqual(functions.map(shape), expected);
  for (const fn of functions) {
    assert.deepEqual(Object.getOwnPropertyDescriptor(fn, 'name').writable, false);
    assert.deepEqual(Object.getOwnPropertyDescriptor(fn, 'length').configurable, true);
  }
  const report = await t.patch();
  assert.equal(report.updated.length, 0);
  assert.equal(report.unchanged.length, 6);
  assert.deepEqual(functions.map(shape), expected);
}
