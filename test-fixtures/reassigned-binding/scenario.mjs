import assert from 'node:assert/strict';
import * as subject from './subject.mjs';

export default async function (t) {
  const original = subject.strategy;
  subject.useFast();
  assert.equal(subject.strategy(), 'fast', 'reassigning the binding works as in the original program');
  await t.patch();
  assert.equal(subject.strategy(), 'fast', 'the reassigned value is not a proxy and is untouched');
  assert.equal(original(), 'default v2', 'the original function, held elsewhere, runs the new code');
}
