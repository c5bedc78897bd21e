import assert from 'node:assert/strict';
import { connect, lines } from './subject.mjs';

export default async function (t) {
  assert.throws(() => connect(), /url is required$/);
  assert.throws(() => lines(), /text is required$/, 'a generator evaluates its parameters at call time');
  await t.patch();
  assert.throws(() => connect(), /url is required \(v2\)/);
  assert.throws(() => lines(), /text is required \(v2\)/);
  assert.equal(connect('db'), 'v2 db');
}
