import assert from 'node:assert/strict';
import { useStore } from './subject.mjs';

export default async function (t) {
  const { addPoints, reset } = useStore.getState();
  addPoints(5);
  assert.equal(useStore.getState().score, 5);
  const report = await t.patch();
  assert.ok(report.updated.includes('createGameSlice/return.addPoints'), String(report.updated));
  addPoints(5);
  assert.equal(useStore.getState().score, 15, 'the action made at load runs the new code; the state is kept');
  reset();
  assert.equal(useStore.getState().score, -1);
  assert.equal(useStore.getState().addPoints, addPoints, 'the store keeps the same function');
}
