import assert from 'node:assert/strict';
import { errorHandler } from './subject.mjs';

// Express tells error handlers from middleware by their length (4 parameters).
const isErrorHandler = (fn) => fn.length === 4;

export default async function (t) {
  const stack = [errorHandler];
  assert.ok(isErrorHandler(errorHandler));
  await t.patch();
  assert.ok(isErrorHandler(stack[0]), 'still an error handler after the patch');
  assert.equal(stack[0](new Error('boom')), 'v2 handled boom');
}
