import assert from 'node:assert/strict';
import { fib } from './subject.mjs';

export default async function (t) {
  assert.equal(fib(10), 55);
  await t.patch();
  assert.equal(fib(10), 89);
}
