import assert from 'node:assert/strict';
import { handle } from './subject.mjs';

export default async function (t) {
  const target = new EventTarget();
  target.seen = [];
  target.addEventListener('click', handle);
  target.addEventListener('click', handle); // a duplicate registration is ignored: same identity
  target.dispatchEvent(new Event('click'));
  await t.patch();
  target.dispatchEvent(new Event('click'));
  assert.deepEqual(target.seen, ['v1:click', 'v2:click']);
  target.removeEventListener('click', handle);
  target.dispatchEvent(new Event('click'));
  assert.equal(target.seen.length, 2);
}
