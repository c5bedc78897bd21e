import assert from 'node:assert/strict';
import { describe } from './subject.mjs';

export default async function (t) {
  const bound = describe.bind({ name: 'widget' }, '!');
  assert.equal(bound(), 'widget v1!');
  assert.equal(bound.name, 'bound describe');
  await t.patch();
  assert.equal(bound(), 'widget v2!', 'a function bound before the patch runs the new code');
}
