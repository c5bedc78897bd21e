import assert from 'node:assert/strict';
import { middleware } from './subject.mjs';

export default async function (t) {
  const captured = middleware;
  assert.equal(captured.length, 3);
  await t.patch();
  assert.equal(captured.length, 4, 'length follows the new arity');
  assert.equal(captured(), 'now an error handler');
  assert.equal(captured.name, 'middleware');
}
