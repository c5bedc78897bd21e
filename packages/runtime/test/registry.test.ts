// The registry's own bookkeeping (the end-to-end behaviour is in test/node).
import v8 from 'node:v8';
import vm from 'node:vm';
import { beginPatch, cellsOf, forwardTo, functionsOf, getRegistry, getSlot, stopForwarding, type AnyFunction, type Cell } from '../src/registry';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** What an evaluation of a module does for one function: a cell for the instance, and its own function defined. */
function instance(moduleId: string, name: string, fn: AnyFunction): Cell {
  const cell = getRegistry().cell(moduleId, name);
  getRegistry().define(cell, fn);
  return cell;
}

/** What a module evaluated again does, inside a patch. */
function evaluateAgain(moduleId: string, name: string, fn: AnyFunction): Cell {
  const transaction = beginPatch(moduleId);
  const cell = instance(moduleId, name, fn);
  transaction.commit();
  return cell;
}

test('cells of later module instances are held weakly: a dead instance is not retained, a live one keeps forwarding and getting its length', async () => {
  const moduleId = 'test/weak-cells.js';
  const first = function first(a: unknown) {
    return a;
  };
  const firstCell = instance(moduleId, 'f', first);
  const held = function held(a: unknown) {
    return a;
  };
  const heldCell = evaluateAgain(moduleId, 'f', held);
  // 200 more instances that nothing references once their evaluation is over.
  for (let i = 0; i < 200; i++) evaluateAgain(moduleId, 'f', function dropped() {});

  const slot = getSlot(`${moduleId}#f`)!;
  // WeakRef targets are kept until the job that created them ends; a GC may need another try.
  for (let attempt = 0; attempt < 20 && cellsOf(slot).length > 2; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
  }
  expect(slot.cells).toEqual([firstCell]);
  expect(cellsOf(slot)).toEqual([firstCell, heldCell]);

  // A further instance drops the dead references, every live cell forwards to it, and its arity reaches them.
  const next = function next(a: unknown, b: unknown, c: unknown) {
    return [a, b, c];
  };
  const nextCell = evaluateAgain(moduleId, 'f', next);
  expect(slot.later!.length).toBe(2);
  expect([firstCell.impl, heldCell.impl, nextCell.impl]).toEqual([next, next, undefined]);
  expect(firstCell.v).toBe(slot.version);
  expect(nextCell.v).toBeUndefined();
  expect(functionsOf(slot)).toEqual([first, held, next]);
});

test('a patch gives every cell of a key the newer implementation at the next version; a rollback restores them', () => {
  const moduleId = 'test/patch.js';
  const own = () => 1;
  const cell = instance(moduleId, 'g', own);
  const transaction = beginPatch(moduleId);
  expect(transaction.nextVersion('g')).toBe(1);
  const newer = () => 2;
  expect(transaction.patch('g', newer, { updated: true })).toBe(1);
  expect([cell.v, cell.impl]).toEqual([1, newer]);
  transaction.rollback();
  expect([cell.v, cell.impl]).toEqual([undefined, undefined]);
  const again = beginPatch(moduleId);
  again.patch('g', newer, { updated: true });
  const report = again.commit();
  expect(report.updated).toEqual(['g']);
  expect(report.removed).toEqual([]);
  expect(getSlot(`${moduleId}#g`)!.version).toBe(1);
});

test('a start-up recorder makes a cell forward through its prototype, and leaves no `v` of its own behind', () => {
  const cell = instance('test/forward.js', 'h', () => 1);
  const hasOwnV = () => Object.prototype.hasOwnProperty.call(cell, 'v');
  const recorder = () => 2;
  forwardTo(cell, recorder);
  // What a guard reads: it forwards to the recorder.
  expect([cell.v, cell.impl, hasOwnV()]).toEqual([1, recorder, false]);
  stopForwarding(cell);
  expect([cell.v, cell.impl, hasOwnV(), Object.getPrototypeOf(cell)]).toEqual([undefined, undefined, false, Object.prototype]);

  // A cell that has a `v` of its own (a patch, rolled back) forwards through it instead.
  const transaction = beginPatch('test/forward.js');
  transaction.patch('h', () => 3, { updated: true });
  transaction.rollback();
  forwardTo(cell, recorder);
  expect([cell.v, cell.impl, hasOwnV()]).toEqual([1, recorder, true]);
  stopForwarding(cell);
  expect([cell.v, cell.impl]).toEqual([0, undefined]);
});
