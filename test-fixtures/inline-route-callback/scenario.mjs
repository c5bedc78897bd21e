import assert from 'node:assert/strict';
import { app } from './subject.mjs';

export default async function (t) {
  const user = app.handler('/users/:id');
  const health = app.handler('/health');
  assert.equal(user.name, '', 'an inline arrow has no name, as without the plugin');
  assert.equal(user.length, 2);
  assert.equal(health.name, 'health');
  assert.equal(app.handle('/users/:id', { id: 7 }), 'user 7 (1)');
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['app.get("/health")', 'app.get("/users/:id")']);
  assert.equal(app.handler('/users/:id'), user, 'the router still holds the same function');
  assert.equal(app.handle('/users/:id', { id: 7 }), 'User #7, request 2', 'new code, and the module-level counter kept');
  assert.equal(app.handle('/health', {}), 'healthy');
}
