import assert from 'node:assert/strict';
import { Base, Derived } from './subject.mjs';

export default async function (t) {
  const base = new Base();
  const derived = new Derived();
  const report = await t.patch();
  assert.deepEqual(report.updated, ['Derived.prototype.greet']);
  assert.deepEqual(report.unchanged, ['Base.prototype.greet']);
  assert.equal(derived.greet(), 'derived v2 + base');
  assert.equal(base.greet(), 'base');
}
