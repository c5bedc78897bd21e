import assert from 'node:assert/strict';
import { step } from './subject.mjs';

export default async function (t) {
  const seen = [step()];
  for (const version of ['after', 'after2', 'after3']) {
    await t.patch(version);
    seen.push(step());
    if (version === 'after2') assert.equal(step.length, 1);
  }
  assert.deepEqual(seen, [1, 2, 3, 4]);
  assert.equal(step.length, 0);
  assert.equal(t.runtime.getSlot(`${t.moduleId}#step`).cells[0].fn, step, "the first instance's own function is the one the program holds");
}
