import assert from 'node:assert/strict';
import { Range } from './subject.mjs';

export default async function (t) {
  const range = new Range(3);
  assert.deepEqual([...range], [0, 1, 2]);
  const report = await t.patch();
  assert.deepEqual(report.updated, ['Range.prototype[Symbol.iterator]']);
  assert.deepEqual([...range], [1, 2, 3]);
}
