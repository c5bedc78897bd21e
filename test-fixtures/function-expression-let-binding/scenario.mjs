import assert from 'node:assert/strict';
import { compute } from './subject.mjs';

export default async function (t) {
  const captured = compute;
  assert.deepEqual([compute.name, compute.length, compute(2, 3)], ['compute', 2, 5]);
  assert.equal(typeof compute.prototype, 'object', 'a function expression stays constructible');
  await t.patch();
  assert.equal(captured(2, 3), 6);
}
