import assert from 'node:assert/strict';
import { listeners, timers } from './host.mjs';
import * as subject from './subject.mjs';

export default async function (t) {
  timers[0].callback();
  assert.equal(subject.ticks, 1);
  assert.equal(listeners.get('SIGTERM')(), 'closing v1');
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['every()', 'on("SIGTERM")', 'on("message")']);
  timers[0].callback();
  assert.equal(subject.ticks, 101, 'the stored timer callback runs the new code with the module state');
  assert.equal(listeners.get('SIGTERM')(), 'closing v2');
  assert.equal(await listeners.get('message')('hi'), 'received hi');
  assert.equal(listeners.get('message').name, 'onMessage');
}
