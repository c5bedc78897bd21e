import assert from 'node:assert/strict';
import { Money } from './subject.mjs';

export default async function (t) {
  const parse = Money.parse.bind(Money);
  await t.patch();
  assert.deepEqual(Money.parse('1.5'), { cents: 150, currency: 'EUR' });
  assert.deepEqual(parse('2'), { cents: 200, currency: 'EUR' });
}
