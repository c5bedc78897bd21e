import assert from 'node:assert/strict';
import { logger } from './subject.mjs';

export default async function (t) {
  const api = { name: 'store', log: [] };
  // As applyMiddleware composes it: the chain holds what `logger(api)(next)` returned.
  const dispatch = logger(api)((action) => action);
  dispatch({ type: 'a' });
  assert.deepEqual(api.log, ['store a']);
  const report = await t.patch();
  assert.ok(report.updated.includes('logger/return/return'), `the innermost closure site is reported: ${report.updated}`);
  dispatch({ type: 'b' });
  assert.deepEqual(api.log, ['store a', 'store did b'], 'the chain made before the edit runs the new body');
  // A newer body reading a variable that earlier activations of the middle closure do not have cannot run in them.
  await assert.rejects(t.patch('after2'), /not patched in place/);
  dispatch({ type: 'c' });
  assert.deepEqual(api.log, ['store a', 'store did b', 'store did c'], 'the previous version keeps running');
}
