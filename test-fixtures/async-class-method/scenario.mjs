import assert from 'node:assert/strict';
import { types } from 'node:util';
import { Repository } from './subject.mjs';

export default async function (t) {
  const repository = new Repository();
  const find = repository.find.bind(repository);
  assert.equal(await find(2), null);
  await t.patch();
  assert.equal(await find(2), 'no row 2');
  assert.equal(await repository.find(1), 'one');
  assert.ok(types.isAsyncFunction(Repository.prototype.find));
}
