import assert from 'node:assert/strict';

export default async function (t) {
  const { early, hello, shout } = t.require('./subject.cjs');
  assert.equal(early, 'hello v1', 'a hoisted proxy, and the closure it makes, work through a require cycle');
  await t.patch();
  assert.equal(hello(), 'hello v2');
  assert.equal(shout('hi'), 'HI!!', 'the held arrow runs the new code');
}
