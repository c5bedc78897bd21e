import assert from 'node:assert/strict';

export default async function (t) {
  const { format } = t.require('./subject.cjs');
  assert.equal(format(3), '$3');
  await t.patch();
  assert.equal(format(3), '3 €');
}
