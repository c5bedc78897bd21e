import assert from 'node:assert/strict';
import { ValidationError, validate } from './subject.mjs';

export default async function (t) {
  assert.throws(() => validate('x'), (error) => error instanceof ValidationError && /v1/.test(error.message));
  assert.equal(validate(5), 5);
  await t.patch();
  assert.throws(() => validate('x'), TypeError);
}
