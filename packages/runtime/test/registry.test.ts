// The registry's own bookkeeping (the end-to-end behaviour is in test/node).
import v8 from 'node:v8';
import vm from 'node:vm';
import { armNextCall, beginPatch, cellsOf, functionsOf, getRegistry, getSlot, onArmedCall, REGISTRY_SYMBOL, REST_DELAY_MS, slotOfFunction, type AnyFunction, type Cell } from '../src/registry';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Whether `cell` reads as a plain cell through a resting prototype: an empty object of the runtime's, inheriting
 * from Object.prototype (docs/protocol.md §2), not Object.prototype itself.
 */
const rests = (cell: Cell): boolean => {
  const prototype = Object.getPrototypeOf(cell) as object;
  return prototype !== Object.prototype && Object.getPrototypeOf(prototype) === Object.prototype && Reflect.ownKeys(prototype).length === 0;
};

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
  expect([cell.v, cell.impl, later.v, Object.getPrototypeOf(later) === Object.prototype]).toEqual([1, evaluated, undefined, true]);
  const again = beginPatch(moduleId);
  again.patch('g', newer, { updated: true });
  const report = again.commit();
  expect(report.updated).toEqual(['g']);
  expect(report.removed).toEqual([]);
  expect(getSlot(`${moduleId}#g`)!.version).toBe(2);
});

test('a version evaluated as such (the Node runtime says so) removes what it does not define, also when it renamed every function', () => {
  const moduleId = 'test/renamed.js';
  instance(moduleId, 'formatAuthor', () => 'a');
  const transaction = beginPatch(moduleId, { evaluation: true });
  instance(moduleId, 'formatAuthorName', () => 'a');
  expect(transaction.commit()).toMatchObject({ added: ['formatAuthorName'], removed: ['formatAuthor'] });
  // Said once: the next version does not say it again.
  const next = beginPatch(moduleId, { evaluation: true });
  instance(moduleId, 'formatAuthorName', () => 'b');
  expect(next.commit()).toMatchObject({ updated: ['formatAuthorName'], removed: [] });
});

test('the functions defined as the program loads are indexed when first asked for (by function, by module), and from then on as they are defined', () => {
  const global = globalThis as unknown as Record<symbol, unknown>;
  const shared = global[REGISTRY_SYMBOL];
  delete global[REGISTRY_SYMBOL];
  try {
    const f = () => 'f';
    const g = () => 'g';
    instance('test/loading.js', 'f', f);
    instance('test/loading.js', 'g', g);
    // As the program loads: nothing but the slots is kept.
    expect(getRegistry().indexed).toBe(false);
    expect(slotOfFunction(g)).toBe(getSlot('test/loading.js#g'));
    expect(getRegistry().indexed).toBe(true);
    const later = () => 'later';
    instance('test/later.js', 'later', later);
    expect(slotOfFunction(later)).toBe(getSlot('test/later.js#later'));
    // A version of the module that no longer defines `g` removes it: the names of its first version were indexed.
    const transaction = beginPatch('test/loading.js', { evaluation: true });
    instance('test/loading.js', 'f', () => 'f2');
    expect(transaction.commit()).toMatchObject({ updated: ['f'], removed: ['g'] });
  } finally {
    global[REGISTRY_SYMBOL] = shared;
  }
});

test('an armed cell notes the next call through its prototype, which the guard then passes, and puts its own back; patched or with fields of its own, a cell is not armed', () => {
  const noted: string[] = [];
  onArmedCall((armed) => noted.push(armed.slot.key));
  const cell = instance('test/forward.js', 'h', () => 1);
  const hasOwn = (key: string) => Object.prototype.hasOwnProperty.call(cell, key);
  armNextCall(cell);
  const other = instance('test/forward.js', 'k', () => 5);
  armNextCall(other);
  // Armed cells share one prototype; nothing is written on the cell that a guard reads.
  expect([Object.getPrototypeOf(other) === Object.getPrototypeOf(cell), hasOwn('v'), hasOwn('impl'), noted]).toEqual([true, false, false, []]);
  // What a guard reads: no version (it runs the function's own body), once the call is noted.
  expect(cell.v).toBeUndefined();
  expect([noted, rests(cell), hasOwn('v')]).toEqual([['test/forward.js#h'], true, false]);
  // Noted once: the next read is the plain cell's.
  expect(cell.v).toBeUndefined();
  expect(noted).toEqual(['test/forward.js#h']);

  // Armed, then patched (the patch's prototype replaces the arming), then the patch rolled back: armed again.
  armNextCall(cell);
  const transaction = beginPatch('test/forward.js');
  const three = () => 3;
  transaction.patch('h', three, { updated: true });
  expect([cell.v, cell.impl, noted.length]).toEqual([1, three, 1]);
  // A patched cell is not armed: it forwards.
  armNextCall(cell);
  expect(cell.impl).toBe(three);
  transaction.rollback();
  expect(cell.v).toBeUndefined();
  expect([noted, rests(cell)]).toEqual([['test/forward.js#h', 'test/forward.js#h'], true]);

  // Fields written on an armed cell (as the browser glue writes them, or a bootstrap before protocol 2's
  // second revision made them) disarm it, and are its own; such a cell is not armed again (a prototype's
  // getter could not be reached). A write is no call.
  Object.assign(other, { v: 0, impl: undefined });
  expect([rests(other), Object.prototype.hasOwnProperty.call(other, 'v')]).toEqual([true, true]);
  armNextCall(other);
  expect([other.v, rests(other), noted.length]).toEqual([0, true, 2]);
});

test('a committed change moves every cell that does not forward to a new resting prototype, and no other', async () => {
  const moduleId = 'test/rest.js';
  const patched = instance(moduleId, 'p', () => 1);
  const resting = instance(moduleId, 'r', () => 1);
  const holder = getRegistry().cell(moduleId, 'holder', function holder() {});
  getRegistry().define(holder, () => 1);
  const armed = instance(moduleId, 'a', () => 1);
  armNextCall(armed);
  const armedPrototype = Object.getPrototypeOf(armed) as object;
  const before = [resting, holder].map((cell) => Object.getPrototypeOf(cell) as object);
  const transaction = beginPatch(moduleId);
  const newer = () => 2;
  transaction.patch('p', newer, { updated: true });
  transaction.commit();
  // Moved once the save has been answered: until then they read the same.
  expect(Object.getPrototypeOf(resting)).toBe(before[0]);
  await new Promise((resolve) => setTimeout(resolve, REST_DELAY_MS * 2));
  // Each hidden class the cells rest on is one no object has left: a prototype none of them had.
  expect(rests(resting)).toBe(true);
  expect(Object.getPrototypeOf(resting)).not.toBe(before[0]);
  // A holder (a function, docs/protocol.md §3.2) rests on an object inheriting from Function.prototype.
  const holderPrototype = Object.getPrototypeOf(holder) as object;
  expect([holderPrototype !== before[1], Object.getPrototypeOf(holderPrototype) === Function.prototype, Reflect.ownKeys(holderPrototype)]).toEqual([true, true, []]);
  // Read as before: the forwarding cell forwards, the others run their own bodies; the armed one is still armed.
  expect([patched.v, patched.impl, resting.v, holder.v, Object.getPrototypeOf(armed) === armedPrototype]).toEqual([1, newer, undefined, undefined, true]);
  expect(armed.v).toBeUndefined();
  // Disarmed, it rests on this round's prototype, beside the cell that rested.
  expect(Object.getPrototypeOf(armed)).toBe(Object.getPrototypeOf(resting));
});
