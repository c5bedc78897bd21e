import assert from 'node:assert/strict';
import { Account, open } from './subject.mjs';

export default async function (t) {
  const before = open(1);
  await t.patch();
  assert.ok(before instanceof Account, 'an instance made before the patch');
  assert.equal(before.deposit(1).balance, 3);
  // open() now runs the new version, whose Account is the new module instance's class:
  // documented re-evaluation semantics (a runtime that keeps module state keeps one class).
  const after = open(5);
  assert.equal(after.deposit(1).balance, 7);
}
