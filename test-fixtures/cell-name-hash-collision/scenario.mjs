import assert from 'node:assert/strict';
import { route93vu, routegtea } from './subject.mjs';

export default async function (t) {
  const first = route93vu('GET');
  const second = routegtea('POST');
  assert.equal(first('a'), 'GET a: first');
  assert.equal(second('b'), 'POST b: second');
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['route93vu', 'route93vu/return', 'routegtea', 'routegtea/return']);
  assert.equal(first('a'), 'GET a: first, edited', 'each closure runs its own new body');
  assert.equal(second('b'), 'POST b: second, edited');
  // Only the second one changes: the first keeps its version, whichever of the two cells was declared first.
  const again = await t.patch('after2');
  assert.deepEqual([...again.updated].sort(), ['routegtea', 'routegtea/return']);
  assert.equal(first('a'), 'GET a: first, edited');
  assert.equal(second('b'), 'POST b: second, edited again');
}
