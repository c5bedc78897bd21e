import assert from 'node:assert/strict';
import { existing } from './subject.mjs';

export default async function (t) {
  const report = await t.patch();
  assert.deepEqual(report.added, ['added']);
  assert.deepEqual(report.updated, ['existing']);
  assert.equal(existing(), 'existing, with added');
  assert.equal(t.runtime.getSlot(`${t.moduleId}#added`).fn(), 'added');
}
