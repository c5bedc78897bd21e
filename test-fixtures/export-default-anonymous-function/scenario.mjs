import assert from 'node:assert/strict';
import handler from './subject.mjs';

export default async function (t) {
  assert.equal(handler.name, 'default');
  assert.equal(handler.length, 1);
  const report = await t.patch();
  assert.deepEqual(report.updated, ['default']);
  assert.equal(handler('x'), 'v2 x');
}
