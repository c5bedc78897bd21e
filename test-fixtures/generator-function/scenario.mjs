import assert from 'node:assert/strict';
import { types } from 'node:util';
import { ids } from './subject.mjs';

const GeneratorFunction = function* () {}.constructor;

export default async function (t) {
  assert.equal(Object.getPrototypeOf(ids), GeneratorFunction.prototype);
  assert.ok(types.isGeneratorFunction(ids));
  const running = ids(1);
  assert.equal(running.next().value, 1);
  assert.ok(running instanceof ids, 'generator objects inherit from the proxy\'s stable prototype');
  await t.patch();
  assert.equal(running.next().value, 2, 'an iterator created before the patch keeps its code');
  assert.deepEqual([...ids(1)], [10, 11]);
  assert.equal(Object.getPrototypeOf(ids(1)), ids.prototype);
}
