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

test('a patch gives every cell of a key the newer implementation at the next version, through one prototype; a rollback restores them', () => {
  const moduleId = 'test/patch.js';
  const own = () => 1;
  const cell = instance(moduleId, 'g', own);
  const evaluated = () => 1.5;
  const later = evaluateAgain(moduleId, 'g', evaluated);
  const transaction = beginPatch(moduleId);
  expect(transaction.nextVersion('g')).toBe(2);
  const newer = () => 2;
  expect(transaction.patch('g', newer, { updated: true })).toBe(2);
  expect([cell.v, cell.impl, later.v, later.impl]).toEqual([2, newer, 2, newer]);
  // What V8 takes for constants: no property of the cells' own, one prototype object for the patch.
  expect([Object.keys(cell), Object.getPrototypeOf(cell) === Object.getPrototypeOf(later)]).toEqual([['slot', 'home', 'fn'], true]);
  transaction.rollback();
  expect([cell.v, cell.impl, later.v, Object.getPrototypeOf(later)]).toEqual([1, evaluated, undefined, Object.prototype]);
  const again = beginPatch(moduleId);
  again.patch('g', newer, { updated: true });
  const report = again.commit();
  expect(report.updated).toEqual(['g']);
  expect(report.removed).toEqual([]);
  expect(getSlot(`${moduleId}#g`)!.version).toBe(2);
});

test('a start-up recorder makes a cell forward through the prototype armed cells share and puts the cell\'s back; a cell with fields of its own gets them written', () => {
  const cell = instance('test/forward.js', 'h', () => 1);
  const hasOwn = (key: string) => Object.prototype.hasOwnProperty.call(cell, key);
  const recorder = () => 2;
  forwardTo(cell, recorder);
  // What a guard reads: it forwards to the recorder.
  expect([cell.v, cell.impl, hasOwn('v'), hasOwn('impl')]).toEqual([1, recorder, false, false]);
  // Another armed cell reads its own recorder through the same prototype.
  const other = instance('test/forward.js', 'k', () => 5);
  const otherRecorder = () => 6;
  forwardTo(other, otherRecorder);
  expect([other.impl, Object.getPrototypeOf(other) === Object.getPrototypeOf(cell)]).toEqual([otherRecorder, true]);
  stopForwarding(other);
  stopForwarding(cell);
  expect([cell.v, cell.impl, hasOwn('v'), Object.getPrototypeOf(cell)]).toEqual([undefined, undefined, false, Object.prototype]);

  // Armed, then patched, then the patch rolled back: armed again.
  forwardTo(cell, recorder);
  const transaction = beginPatch('test/forward.js');
  const three = () => 3;
  transaction.patch('h', three, { updated: true });
  expect([cell.v, cell.impl]).toEqual([1, three]);
  transaction.rollback();
  expect([cell.v, cell.impl]).toEqual([1, recorder]);
  stopForwarding(cell);
  expect(Object.getPrototypeOf(cell)).toBe(Object.prototype);

  // A cell whose fields are its own (as the browser glue writes them, or a bootstrap before protocol 2's
  // second revision made them) keeps them its own: a prototype's would be hidden by them.
  Object.assign(cell, { v: 0, impl: undefined });
  forwardTo(cell, recorder);
  expect([cell.v, cell.impl, Object.getPrototypeOf(cell)]).toEqual([1, recorder, Object.prototype]);
  stopForwarding(cell);
  const four = () => 4;
  const next = beginPatch('test/forward.js');
  next.patch('h', four, { updated: true });
  expect([cell.v, cell.impl, hasOwn('impl'), Object.getPrototypeOf(cell)]).toEqual([1, four, true, Object.prototype]);
  next.rollback();
  expect([cell.v, cell.impl]).toEqual([0, undefined]);
});
