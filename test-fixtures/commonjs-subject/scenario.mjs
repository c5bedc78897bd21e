import assert from 'node:assert/strict';

export default async function (t) {
  const api = t.require('./subject.cjs');
  const { average } = api;
  assert.equal(average([1, 2]), 1.5);
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['average', 'total']);
  assert.equal(average([1, 2]), 3, 'both the destructured arrow and the declaration it calls run v2');
  assert.equal(api.total([1]), 2);
}
