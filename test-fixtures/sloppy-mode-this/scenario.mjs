import assert from 'node:assert/strict';

export default async function (t) {
  const { whoAmI, strictWhoAmI } = t.require('./subject.cjs');
  assert.equal(whoAmI(), 'global', 'a sloppy function sees globalThis for an undefined receiver');
  assert.equal(whoAmI.call(1), 'object', 'and a boxed primitive');
  assert.equal(strictWhoAmI(), 'undefined');
  assert.equal(strictWhoAmI.call(1), 'number');
  await t.patch();
  assert.equal(whoAmI(), 'global v2');
  assert.equal(strictWhoAmI(), 'undefined v2');
}
