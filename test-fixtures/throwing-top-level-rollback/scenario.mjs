import assert from 'node:assert/strict';
import { label, price } from './subject.mjs';

export default async function (t) {
  await assert.rejects(t.patch(), /missing configuration/);
  assert.equal(price(), 10, 'nothing of the failed version took effect');
  assert.equal(label(), 'ten');
  assert.equal(t.runtime.getSlot(`${t.moduleId}#extra`), undefined, 'slots it created are gone');
  const report = await t.patch('after2');
  assert.deepEqual(report.updated.sort(), ['label', 'price']);
  assert.equal(price(), 30, 'the next good version applies');
}
