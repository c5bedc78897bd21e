import assert from 'node:assert/strict';
import handler from './subject.mjs';

export default async function (t) {
  assert.equal(handler.name, 'handle');
  const report = await t.patch();
  assert.deepEqual(report.updated, ['handle']);
  assert.equal(handler('x'), 'v2 x');
}
