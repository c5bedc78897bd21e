import assert from 'node:assert/strict';
import { pages } from './subject.mjs';

const AsyncGeneratorFunction = async function* () {}.constructor;

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export default async function (t) {
  assert.equal(Object.getPrototypeOf(pages), AsyncGeneratorFunction.prototype);
  assert.equal(Object.prototype.toString.call(pages), '[object AsyncGeneratorFunction]');
  assert.deepEqual(await collect(pages(2)), ['v1 page 1', 'v1 page 2']);
  await t.patch();
  assert.deepEqual(await collect(pages(2)), ['v2 page 1', 'v2 page 2']);
  assert.equal(Object.getPrototypeOf(pages(1)), pages.prototype);
}
