import assert from 'node:assert/strict';
import combine from './subject.mjs';

export default async function (t) {
  assert.deepEqual([combine.name, combine.length, combine(5, 3)], ['default', 2, 8]);
  await t.patch();
  assert.equal(combine(5, 3), 2);
}
