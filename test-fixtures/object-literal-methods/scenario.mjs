import assert from 'node:assert/strict';
import worker, { api } from './subject.mjs';

export default async function (t) {
  const { list, create } = api;
  const fetch = worker.fetch;
  assert.deepEqual(list(), ['a']);
  assert.equal(list.name, 'list');
  assert.equal(create.name, 'create', 'a property names its arrow, as without the plugin');
  assert.equal(create.length, 1);
  assert.equal(api.admin.reset.length, 0);
  assert.equal(fetch.name, 'fetch');
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['api.admin.reset', 'api.count:get', 'api.create', 'api.list', 'default.fetch']);
  assert.deepEqual(list(), ['a', 'b'], 'the method taken before the edit runs the new code');
  assert.deepEqual(await create('x'), { created: 'X', calls: 2 }, 'module state kept');
  assert.equal(api.count, 20, 'the getter runs the new code');
  api.admin.reset(4);
  assert.equal(api.count, 50);
  assert.equal(await fetch.call(worker, { url: '/a' }, { region: 'eu' }), 'v2 /a eu');
  assert.equal(Object.getOwnPropertyDescriptor(api, 'count').get.name, 'get count');
}
