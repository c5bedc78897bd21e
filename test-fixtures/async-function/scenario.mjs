import assert from 'node:assert/strict';
import { types } from 'node:util';
import { load } from './subject.mjs';

const AsyncFunction = (async () => {}).constructor;

export default async function (t) {
  assert.ok(types.isAsyncFunction(load));
  assert.equal(Object.getPrototypeOf(load), AsyncFunction.prototype);
  assert.equal(Object.prototype.toString.call(load), '[object AsyncFunction]');
  assert.throws(() => new load(), TypeError);
  const pending = load(1);
  await t.patch();
  assert.equal(await pending, 'v1:1', 'a call already running finishes on the old code');
  assert.equal(await load(2), 'v2:2');
  assert.ok(types.isAsyncFunction(load));
}
