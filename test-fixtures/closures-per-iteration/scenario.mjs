import assert from 'node:assert/strict';
import { makeHandlers } from './subject.mjs';

export default async function (t) {
  const handlers = makeHandlers(['a', 'b']);
  assert.equal(handlers.a(), 'a 1');
  assert.equal(handlers.b(), 'b 1');
  await t.patch();
  assert.equal(handlers.a(), 'A#2', 'the closure of the first iteration: its name, its count');
  assert.equal(handlers.b(), 'B#2');
  assert.equal(handlers.a(), 'A#3');
}
