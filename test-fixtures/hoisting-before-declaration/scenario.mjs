import assert from 'node:assert/strict';
import { atLoad, version } from './subject.mjs';

export default async function (t) {
  assert.equal(atLoad, 'v1', 'callable before its declaration line');
  await t.patch();
  assert.equal(version(), 'v2');
  assert.equal(atLoad, 'v1', 'values computed before the patch are not recomputed');
}
