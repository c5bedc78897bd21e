import assert from 'node:assert/strict';
import { Button, getUser } from './subject.mjs';

export default async function (t) {
  const answer = async () => {
    let body;
    await getUser({ params: { id: 3 } }, { json: (value) => (body = value) }, assert.fail);
    return body;
  };
  assert.deepEqual(await answer(), { id: 3, v: 1 });
  assert.equal(Button.type.name, 'Button');
  const render = Button.type;
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['Button', 'getUser']);
  assert.deepEqual(await answer(), { id: 3, v: 2 }, 'the function asyncHandler captured at load runs the new code');
  assert.equal(Button.type, render);
  assert.equal(render({ label: 'Go' }), '<button class="primary">Go</button>');
}
