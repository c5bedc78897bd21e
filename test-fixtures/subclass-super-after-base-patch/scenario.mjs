import assert from 'node:assert/strict';
import { Circle, Shape } from './subject.mjs';

export default async function (t) {
  const circle = new Circle();
  assert.equal(circle.describe(), 'circle, shape v1');
  const report = await t.patch();
  assert.deepEqual(report.unchanged, ['Circle.prototype.describe']);
  assert.equal(circle.describe(), 'circle, shape v2', 'super reaches the patched base method');
  assert.equal(circle.area(), 3.14);
  assert.ok(circle instanceof Shape && circle instanceof Circle);
}
