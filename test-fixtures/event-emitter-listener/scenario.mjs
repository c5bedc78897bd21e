import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { onOrder } from './subject.mjs';

export default async function (t) {
  const bus = new EventEmitter();
  const log = [];
  bus.on('order', onOrder);
  bus.emit('order', log, 1);
  await t.patch();
  bus.emit('order', log, 2);
  assert.deepEqual(log, ['v1:1', 'v2:2']);
  assert.equal(bus.listeners('order')[0], onOrder);
  bus.off('order', onOrder);
  assert.equal(bus.listenerCount('order'), 0, 'the unchanged identity still removes the listener');
}
