import assert from 'node:assert/strict';
import { UserController } from './subject.mjs';

export default async function (t) {
  const service = { clicks: 0, find: async (id) => ({ id }) };
  const controller = new UserController(service);
  const { getUser, onClick } = controller; // taken off the instance, as a router does
  const describe = UserController.describe;
  let body;
  await getUser({ params: { id: 1 } }, { json: (value) => (body = value) });
  assert.deepEqual(body, { id: 1 });
  assert.equal(getUser.name, 'getUser');
  assert.equal(getUser.length, 2);
  assert.deepEqual(Object.keys(controller), ['getUser', 'onClick', 'label', 'service']);
  onClick();
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['UserController.describe', 'UserController.prototype.getUser', 'UserController.prototype.onClick']);
  await getUser({ params: { id: 2 } }, { json: (value) => (body = value) });
  assert.deepEqual(body, { id: 2, via: 'users' }, 'the instance made before the edit runs the new body, this being the instance');
  onClick();
  assert.equal(service.clicks, 11);
  assert.equal(describe(), '1 controller(s)', 'a static field arrow: this is the class');
  assert.ok(controller instanceof UserController);
}
