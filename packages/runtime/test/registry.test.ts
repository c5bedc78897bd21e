// The registry's own bookkeeping (the end-to-end behaviour is in test/node).
import v8 from 'node:v8';
import vm from 'node:vm';
import { beginPatch, getRegistry, getSlot, proxiesOf, type AnyFunction } from '../src/registry';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** What a module evaluated again does: a new proxy for the same slot, inside a patch. */
function evaluateAgain(moduleId: string, name: string, impl: AnyFunction, proxy: AnyFunction): void {
  const transaction = beginPatch(moduleId);
  getRegistry().define(moduleId, name, impl, proxy);
  transaction.commit();
}

test('proxies of later module instances are held weakly: a dead instance is not retained, a live one keeps getting its length', async () => {
  const moduleId = 'test/weak-proxies.js';
  const first = function first() {};
  getRegistry().define(moduleId, 'f', (a: unknown) => a, first);
  const held = function held() {};
  evaluateAgain(moduleId, 'f', (a: unknown) => a, held);
  // 200 more instances that nothing references once their evaluation is over.
  for (let i = 0; i < 200; i++) evaluateAgain(moduleId, 'f', (a: unknown) => a, function dropped() {});

  const slot = getSlot(`${moduleId}#f`)!;
  // WeakRef targets are kept until the job that created them ends; a GC may need another try.
  for (let attempt = 0; attempt < 20 && proxiesOf(slot).length > 2; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
  }
  expect(slot.proxies).toEqual([first]);
  expect(proxiesOf(slot)).toEqual([first, held]);

  // A further instance drops the dead references; a change of arity reaches every live proxy.
  const next = function next() {};
  evaluateAgain(moduleId, 'f', (a: unknown, b: unknown, c: unknown) => [a, b, c], next);
  expect(slot.later!.length).toBe(2);
  expect([first.length, held.length, next.length]).toEqual([3, 3, 3]);
});

test('defining a slot again with a proxy it already has adds nothing', () => {
  const moduleId = 'test/same-proxy.js';
  const proxy = function proxy() {};
  getRegistry().define(moduleId, 'g', () => 1, proxy);
  const later = function later() {};
  evaluateAgain(moduleId, 'g', () => 2, later);
  evaluateAgain(moduleId, 'g', () => 3, later);
  evaluateAgain(moduleId, 'g', () => 4, proxy);
  const slot = getSlot(`${moduleId}#g`)!;
  expect(proxiesOf(slot)).toEqual([proxy, later]);
  expect(slot.impl()).toBe(4);
});
