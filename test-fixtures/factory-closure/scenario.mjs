import assert from 'node:assert/strict';
import { validateRequest } from './subject.mjs';

function call(middleware, body) {
  let answer = 'next';
  const res = { status: (code) => ({ send: (text) => (answer = `${code} ${text}`) }) };
  middleware({ body }, res, () => {});
  return answer;
}

export default async function (t) {
  const user = validateRequest({ name: 'user', field: 'email' });
  const order = validateRequest({ name: 'order', field: 'sku' });
  assert.equal(call(user, {}), '400 user: missing email');
  assert.equal(user.length, 3);
  const report = await t.patch();
  assert.ok(report.updated.includes('validateRequest/return'), `the closure site is reported: ${report.updated}`);
  assert.equal(call(user, {}), '422 user needs "email"', 'a closure made before the edit runs the new body');
  assert.equal(call(order, {}), '422 order needs "sku"', 'with its own captured variables');
  assert.equal(call(order, { sku: 'x' }), 'next');
  const fresh = validateRequest({ name: 'item', field: 'id' });
  assert.equal(call(fresh, {}), '422 item needs "id"', 'a closure made after the edit runs the new body too');
  // A newer body reading a variable that earlier activations of the factory do not have cannot run in them.
  await assert.rejects(t.patch('after2'), /not patched in place/);
  assert.equal(call(user, {}), '422 user needs "email"', 'the previous version keeps running');
}
