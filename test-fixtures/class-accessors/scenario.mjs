import assert from 'node:assert/strict';
import { Temperature } from './subject.mjs';

export default async function (t) {
  const reading = new Temperature(21.3);
  const descriptor = Object.getOwnPropertyDescriptor(Temperature.prototype, 'fahrenheit');
  assert.equal(descriptor.get.name, 'get fahrenheit');
  assert.equal(descriptor.enumerable, false);
  const report = await t.patch();
  assert.deepEqual([...report.updated].sort(), ['Temperature.prototype.fahrenheit:get', 'Temperature.prototype.fahrenheit:set']);
  assert.equal(reading.fahrenheit, 70);
  reading.fahrenheit = 100;
  assert.equal(reading.celsius, 38);
  assert.equal(Object.getOwnPropertyDescriptor(Temperature.prototype, 'fahrenheit').get, descriptor.get);
}
