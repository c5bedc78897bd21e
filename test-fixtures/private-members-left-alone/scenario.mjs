import assert from 'node:assert/strict';
import { Counter } from './subject.mjs';

export default async function (t) {
  const counter = new Counter();
  counter.bump();
  const report = await t.patch();
  assert.deepEqual(report.updated, ['Counter.prototype.label'], 'bump() is not instrumented: it uses #count');
  assert.equal(counter.bump(), 2, 'bump() keeps working on its original body');
  assert.equal(counter.label(), 'counter v2');
}
