import assert from 'node:assert/strict';
import { Basket, format } from './subject.mjs';

export default async function (t) {
  const basket = new Basket().add({ name: 'tea', price: 2 });
  assert.equal(format(1), '1.00 USD');
  assert.equal(format.length, 1);
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['Basket.prototype.total', 'format']);
  assert.equal(format(1), 'EUR 1.00');
  assert.equal(basket.total(), 4, 'the parameter property set by the old constructor is used by the new method');
}
