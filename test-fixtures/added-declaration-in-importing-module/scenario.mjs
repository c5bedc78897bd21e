import assert from 'node:assert/strict';
import { count, onOrder, orders } from './subject.mjs';

export default async function (t) {
  const replies = [];
  orders.on('order', (order) => replies.push(onOrder(order)));
  orders.emit('order', { id: 1 });
  const report = await t.patch();
  assert.deepEqual(report.added, ['label']);
  assert.deepEqual(report.updated, ['onOrder']);
  orders.emit('order', { id: 2 });
  assert.deepEqual(replies, ['order 1', 'order #2']);
  assert.equal(count(), 2, 'the module state is kept');
}
