import assert from 'node:assert/strict';
import { Point } from './subject.mjs';

class Point3 extends Point {
  constructor(x, y, z) {
    super(x, y);
    this.z = z;
  }
}

export default async function (t) {
  const prototype = Point.prototype;
  const p = new Point(1, 2);
  assert.equal(p.madeBy, Point);
  assert.equal(p.sum(), 3);
  await t.patch();
  assert.equal(Point.prototype, prototype, 'the proxy keeps its prototype object');
  const q = new Point(1, 2);
  assert.equal(q.x, 10);
  assert.ok(q instanceof Point && p instanceof Point);
  assert.equal(q.sum(), 30, 'methods assigned on the original prototype still apply');
  const r = new Point3(1, 2, 3);
  assert.equal(r.madeBy, Point3, 'new.target is forwarded through super()');
  assert.equal(r.x, 10);
  assert.ok(r instanceof Point);
}
