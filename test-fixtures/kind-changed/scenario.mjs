import assert from 'node:assert/strict';
import { fetchUser } from './subject.mjs';

export default async function (t) {
  const report = await t.patch();
  assert.deepEqual(report.kindChanged, [{ name: 'fetchUser', from: 'function', to: 'async' }]);
  assert.equal(Object.prototype.toString.call(fetchUser), '[object Function]', 'the proxy keeps its kind');
  assert.deepEqual(await fetchUser(1), { id: 1 });
}
