import assert from 'node:assert/strict';
import { a, b } from './subject.mjs';

export default async function (t) {
  assert.equal(a() + b(), 'ab');
  const report = await t.patch();
  assert.deepEqual(report.updated, ['b']);
  assert.deepEqual(report.unchanged.sort(), ['C.prototype.m', 'a']);
  assert.deepEqual([report.added, report.removed, report.kindChanged], [[], [], []]);
  assert.equal(b(), 'b!');
}
