import assert from 'node:assert/strict';
import { early, hello } from './subject.mjs';

export default async function (t) {
  assert.equal(early, 'hello v1', 'a hoisted proxy works through an import cycle');
  await t.patch();
  assert.equal(hello(), 'hello v2');
}
