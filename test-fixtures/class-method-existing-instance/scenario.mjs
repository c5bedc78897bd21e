import assert from 'node:assert/strict';
import { Cart } from './subject.mjs';

export default async function (t) {
  const cart = new Cart();
  cart.items.push(70);
  const total = cart.total;
  assert.equal(cart.total(), 100);
  const report = await t.patch();
  assert.deepEqual(report.updated, ['Cart.prototype.total']);
  assert.equal(cart.total(), 90, 'the instance created before the edit runs the new method, with its state');
  assert.equal(cart.total, total, 'the method keeps its identity');
  assert.ok(cart instanceof Cart);
  assert.deepEqual(Object.keys(cart), ['items']);
}
