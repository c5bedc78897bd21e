import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { tick } from './subject.mjs';

export default async function (t) {
  const state = { values: [] };
  const timer = setInterval(tick, 5, state);
  try {
    while (state.values.length < 2) await sleep(5);
    await t.patch();
    const mark = state.values.length;
    while (state.values.length < mark + 2) await sleep(5);
    assert.deepEqual(state.values.slice(mark), [2, 2], 'the interval registered before the edit runs the new code');
    assert.ok(state.values.slice(0, mark).every((value) => value === 1));
  } finally {
    clearInterval(timer);
  }
}
