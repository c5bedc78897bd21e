import assert from 'node:assert/strict';
import * as subject from './subject.mjs';
import { double } from './subject.mjs';

export default async function (t) {
  const captured = double;
  assert.equal(double(2), 4);
  const report = await t.patch();
  assert.deepEqual(report.updated, ['double']);
  assert.equal(double(2), 6, 'the import binding runs the new code');
  assert.equal(captured(2), 6, 'a copy of the reference runs the new code');
  assert.equal(captured, double);
  assert.equal(subject.double, captured);
}
