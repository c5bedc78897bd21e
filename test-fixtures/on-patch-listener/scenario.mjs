import assert from 'node:assert/strict';
import { route } from './subject.mjs';

export default async function (t) {
  const cache = new Map([['/', route()]]);
  const seen = [];
  const unsubscribe = t.runtime.onPatch((report) => {
    if (report.moduleId !== t.moduleId) return;
    seen.push(report.updated);
    cache.clear(); // what a framework does: drop what was computed by the old code
  });
  try {
    await t.patch();
  } finally {
    unsubscribe();
  }
  assert.deepEqual(seen, [['route']]);
  assert.equal(cache.size, 0);
  assert.equal(route(), 'v2');
}
