import assert from 'node:assert/strict';
import { increment } from './subject.mjs';

// The registry applies a version by evaluating it as a new module instance, so the new
// implementation sees that instance's module state (Vite-like). Keeping the old state
// across a body-only edit is the Node runtime's job (it evaluates new bodies in the old scope).
export default async function (t) {
  increment();
  assert.equal(increment(), 2);
  await t.patch();
  assert.equal(increment(), 110);
}
