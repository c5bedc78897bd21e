import assert from 'node:assert/strict';
import { Logger } from './subject.mjs';

export default async function (t) {
  const logger = Logger.create();
  assert.ok(logger instanceof Logger);
  const report = await t.patch();
  assert.deepEqual(report.updated, ['Logger.prototype.line']);
  assert.equal(logger.line('x'), '[v2] x');
}
