import assert from 'node:assert/strict';
import { createRepository } from './subject.mjs';

export default async function (t) {
  const repository = createRepository([
    { title: 'b', due: 2 },
    { title: 'a', due: 1 },
  ]);
  const { paginate } = repository;
  assert.deepEqual(paginate.call(repository, 5), ['b', 'a']);
  const report = await t.patch();
  assert.ok(report.updated.includes('createRepository/return.paginate'), `the closure site is reported: ${report.updated}`);
  assert.deepEqual(paginate.call(repository, 5), ['a (1)', 'b (2)'], 'the closure made before the edit calls the added function');
  assert.deepEqual(repository.paginate(1), ['a (1)']);
}
