import assert from 'node:assert/strict';
import { lookup } from './subject.mjs';

export default async function (t) {
  const cache = lookup.cache;
  lookup.hits = 3;
  await t.patch();
  assert.equal(lookup.cache, cache, 'properties on the proxy held by the program are kept');
  assert.equal(lookup.hits, 3);
  // The new implementation refers to its own module instance's `lookup`, whose cache it set up.
  assert.equal(lookup('a'), 'A2');
  assert.equal(lookup('b'), 'v2 miss');
}
