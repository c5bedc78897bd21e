import assert from 'node:assert/strict';
import { early, hello, shout } from './subject.mjs';

export default async function (t) {
  assert.equal(early, 'hello v1', 'a hoisted proxy, and the closure it makes, work through an import cycle');
  const held = shout;
  await t.patch();
  assert.equal(hello(), 'hello v2');
  assert.equal(held('hi'), 'HI!!', 'the held arrow runs the new code');
}
