import assert from 'node:assert/strict';
import { middleware, trail } from './subject.mjs';

export default async function (t) {
  const [auth, log] = middleware;
  const run = () => auth({ user: 'ada' }, () => log({}, () => 'done'));
  assert.equal(run(), 'done');
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['middleware[0]', 'middleware[1]']);
  run();
  assert.equal(trail(), 'auth ada, log, auth:ada, log v2');
  assert.equal(log.name, 'log');
}
