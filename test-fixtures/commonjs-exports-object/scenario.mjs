import assert from 'node:assert/strict';

export default async function (t) {
  const lambda = t.require('./subject.cjs');
  const handler = lambda.handler;
  assert.equal(handler.name, 'handler');
  assert.deepEqual(await handler({ name: 'Ada' }), { statusCode: 200, body: 'hello Ada (1)' });
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['exports.health', 'module.exports.handler']);
  assert.deepEqual(await handler({ name: 'Ada' }), { statusCode: 200, body: 'Hello, Ada! (2)' });
  assert.equal(lambda.health(), 'healthy');
}
