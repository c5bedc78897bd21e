import assert from 'node:assert/strict';
import { dropped, kept } from './subject.mjs';

export default async function (t) {
  const report = await t.patch();
  assert.deepEqual(report.removed, ['dropped']);
  assert.equal(dropped(), 'dropped v1', 'a removed function keeps its last implementation');
  assert.equal(kept(), 'kept v2');
}
