import assert from 'node:assert/strict';
import { greet } from './subject.mjs';

export default async function (t) {
  const stored = { greet };
  assert.equal(greet.name, 'greet');
  assert.equal(Object.hasOwn(greet, 'prototype'), false);
  assert.throws(() => new greet('x'), TypeError);
  await t.patch();
  assert.equal(stored.greet('Ada'), 'bonjour Ada');
  assert.equal(greet('Ada'), 'bonjour Ada');
  assert.throws(() => new greet('x'), TypeError, 'an arrow proxy stays non-constructible');
}
