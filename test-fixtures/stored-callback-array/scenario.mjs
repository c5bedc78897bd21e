import assert from 'node:assert/strict';
import { onTick } from './subject.mjs';

export default async function (t) {
  const listeners = [onTick];
  const log = [];
  const fire = () => listeners.forEach((listener) => listener(log));
  fire();
  await t.patch();
  fire();
  assert.deepEqual(log, ['v1', 'v2']);
}
