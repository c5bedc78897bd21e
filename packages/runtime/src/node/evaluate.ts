// Step 3 of a change: runs the new code, each module in a registry transaction left open for step 4.
// - Body patches: the new version's implementations are evaluated in the running module's scope
//   (its evaluator, docs/protocol.md §3.5), so the module does not run again and keeps its state.
// - Re-evaluation: the module's dispose handlers run, then its new version (CommonJS: a fresh Module in
//   require.cache, the exports object the program holds kept; ES module: a new instance imported with a
//   version query, which later imports reach); then its exports are compared with the previous ones, so
//   that importers which hold a value that changed are evaluated again too (pipeline.ts).
// A version that fails is rolled back here and reported as an error event.
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as acorn from 'acorn';
import { beginPatch, cellsOf, getRegistry, kindOf, slotOfFunction, type AnyFunction, type Cell, type PatchTransaction } from '../registry';
import type { GuardedFunction, Prepared } from './analyse';
import { describeThrown, fromAcornError, isLoadSyntaxError, loadSyntaxError } from './errors';
import type { ErrorEvent } from './events';
import { instanceURL, setInstance } from './esm';
import { replaceEffects, type Stopped } from './effects';
import { PATCH_QUERY } from './files';
import { disposeModule, forgetModule, loadedCount, loadedModule, loadedSince, type Evaluate, type LoadedModule } from './modules';
import { ownName, patchCode } from './patch-code';
import { mapDataURL, readSourceMap, sourceMappingURLOf } from './source-map';

export type BodyPatch = Extract<Prepared, { kind: 'body' }>;

let instances = 0;

/**
 * A closure site's implementation after a patch: it compiles the closure's newer code through the evaluator of
 * each activation that made one (docs/protocol.md §3.6), once per activation, and calls it.
 */
export function closureRunner(code: string, shared: unknown[] | undefined): AnyFunction {
  const compiled = new WeakMap<AnyFunction, AnyFunction>();
  return function run(evaluate: AnyFunction, self: unknown, args: ArrayLike<unknown>) {
    let fn = compiled.get(evaluate);
    if (!fn) {
      fn = evaluate(code) as AnyFunction;
      if (shared) fn = fn(...shared) as AnyFunction;
      compiled.set(evaluate, fn);
    }
    return fn.apply(self, args as unknown[]);
  };
}

/** `transaction`, whose rollback also runs `undo` (last step first). */
function undoing(transaction: PatchTransaction, undo: (() => void)[]): PatchTransaction {
  return {
    ...transaction,
    rollback() {
      for (const step of undo.reverse()) step();
      transaction.rollback();
    },
  };
}

/**
 * Defines a method a version adds on the running `home` (a class's prototype, a class, an object), where
 * instances made before find it, as the class or object literal would have: not enumerable on a class, a getter
 * beside its setter. Registered as the bootstrap's members helper does. Returns how to take it back.
 */
function defineMember(fn: GuardedFunction, [ofHome, cell]: [AnyFunction, Cell], home: object | undefined, following: string[] | undefined): () => void {
  if (home === undefined) throw new Error(`mighty-patcher: the running object that ${fn.name} is added to was not found`);
  const key = ownName(fn.name);
  const method = ofHome(home) as AnyFunction;
  cell.home = home;
  getRegistry().define(cell, method);
  const previous = Object.getOwnPropertyDescriptor(home, key);
  const enumerable = typeof home !== 'function' && !isClassPrototype(home);
  if (fn.part === 'value') Object.defineProperty(home, key, { value: method, writable: true, enumerable, configurable: true });
  else Object.defineProperty(home, key, { get: previous?.get, set: previous?.set, [fn.part]: method, enumerable, configurable: true });
  // Defined last: the keys the object literal has after it are moved behind it (`keysAfter`). Taking the key back
  // leaves them in their first order.
  for (const after of previous ? [] : (following ?? [])) {
    const descriptor = Object.getOwnPropertyDescriptor(home, after);
    if (!descriptor?.configurable) continue;
    delete (home as Record<string, unknown>)[after];
    Object.defineProperty(home, after, descriptor);
  }
  return () => {
    if (previous) Object.defineProperty(home, key, previous);
    else delete (home as Record<string, unknown>)[key];
  };
}

/**
 * Takes a method the new version no longer has off the running `home`, where `method` (its instrumented function)
 * is still what the property holds: a getter's setter stays. Returns how to put it back.
 */
function removeMember(fn: GuardedFunction, home: object, method: AnyFunction): () => void {
  const key = ownName(fn.name);
  const previous = Object.getOwnPropertyDescriptor(home, key);
  if (!previous?.configurable || previous[fn.part] !== method) return () => {};
  const other = fn.part === 'get' ? previous.set : fn.part === 'set' ? previous.get : undefined;
  if (other) Object.defineProperty(home, key, { ...previous, [fn.part]: undefined });
  else delete (home as Record<string, unknown>)[key];
  return () => Object.defineProperty(home, key, previous);
}

/** A class's prototype (its methods are not enumerable), not an object literal. */
const isClassPrototype = (home: object): boolean => {
  const owner = Object.getOwnPropertyDescriptor(home, 'constructor')?.value as unknown;
  return typeof owner === 'function' && owner.prototype === home && isClass(owner);
};

/**
 * Evaluates the body patches of one change, each in its module's scope and its own open transaction.
 * If one fails, every transaction is rolled back and the failure is returned.
 */
export function evaluateBodies(patches: BodyPatch[], cwd: string): { transactions: PatchTransaction[] } | { error: ErrorEvent } {
  const registry = getRegistry();
  const transactions: PatchTransaction[] = [];
  for (const { module, version, running, added, members, droppedMembers, changed, exportsToDefine, exportsAssigned } of patches) {
    const moduleId = module.moduleId!;
    const evaluate = module.evaluate!;
    // A map file is named as the built file names it (relative to it, as the code's sourceURL is the
    // built file): Node reads it when it compiles the patch. An inline map is passed on inline.
    const mapURL = sourceMappingURLOf(running);
    const inline = mapURL?.startsWith('data:') ? readSourceMap(module.file, running) : undefined;
    const map = inline ? mapDataURL(inline) : mapURL;
    // Node looks source maps up by URL, the module's own first: the patch gets a URL of its own.
    // Two, used in turn, so that Node keeps two maps per module rather than one per patch.
    const sourceURL = `${pathToFileURL(module.file).href}${PATCH_QUERY}${(module.patches = (module.patches ?? 0) + 1) % 2}`;
    const slotOf = (name: string) => registry.slots.get(`${moduleId}#${name}`);
    const { code, elements, closures } = patchCode(
      version,
      changed,
      added,
      members.map(({ fn }) => fn),
      new Set(module.base!.cells.values()),
      (name) => slotOf(name)?.version ?? 0,
      sourceURL,
      map,
      exportsToDefine,
    );
    // An added member goes on the running object that holds the member it is written beside.
    const memberOf = new Map(members.map((member) => [member.fn, member]));
    const undo: (() => void)[] = [];
    const transaction = undoing(beginPatch(moduleId, { bodies: true }), undo);
    transactions.push(transaction);
    // The exports object the program holds, and what the statements the patch runs (`exports.name = …`) replace.
    const held = (Module as unknown as { _cache: Record<string, Module> })._cache[module.file]?.exports as Record<string, unknown> | undefined;
    for (const name of held ? exportsAssigned : []) {
      const was = Object.getOwnPropertyDescriptor(held, name);
      undo.push(() => (was ? Object.defineProperty(held, name, was) : delete held![name]));
    }
    try {
      const [values, shared, getters] = evaluate(code) as [unknown[], Record<string, unknown>, object];
      // An export the module's export table gains: a getter on the exports object the program holds.
      for (const [name] of exportsToDefine) {
        const kept = held && Object.getOwnPropertyDescriptor(held, name);
        if (!held || kept?.configurable === false) continue; // kept from before: it reads the module's binding
        Object.defineProperty(held, name, { enumerable: true, configurable: true, get: Object.getOwnPropertyDescriptor(getters, name)!.get });
        // Undone to what was there: a value an earlier version exported and the object kept.
        undo.push(() => (kept ? Object.defineProperty(held, name, kept) : delete held[name]));
      }
      elements.forEach(({ fn, version: expected, added: isAdded }, index) => {
        if (isAdded) {
          const { beside, following } = memberOf.get(fn)!;
          const slot = slotOf(beside);
          undo.push(defineMember(fn, values[index] as [AnyFunction, Cell], slot && cellsOf(slot)[0]?.home, following));
          return;
        }
        let impl = values[index] as AnyFunction;
        const slot = slotOf(fn.name);
        if (fn.role === 'method' || (fn.role === 'field' && fn.arrow)) impl = impl(slot && cellsOf(slot)[0]?.home);
        // A function made async keeps the kind of the one the program holds (analyse.ts, `incompatibility`): said
        // by the save that changes it, not again by each later one.
        const from = slot?.fn && kindOf(slot.fn);
        const to = kindOf(impl);
        const was = slot && cellsOf(slot)[0]?.impl;
        const said = from !== undefined && from !== to && (was ? kindOf(was) : from) !== to;
        const given = transaction.patch(fn.name, impl, { updated: true, ...(said && { from, to }) });
        if (given !== expected) throw new Error(`internal: ${fn.name} got version ${given}, its code says ${expected}`);
      });
      for (const { element, code: closureCode, names } of closures) {
        const runner = closureRunner(closureCode, names.length > 0 ? names.map((name) => shared[name]) : undefined);
        transaction.patch(element.fn.name, runner, { updated: true });
      }
      for (const fn of droppedMembers) {
        const slot = slotOf(fn.name);
        for (const cell of slot ? cellsOf(slot) : []) if (cell.home && cell.fn) undo.push(removeMember(fn, cell.home, cell.fn));
      }
    } catch (error) {
      for (const open of transactions) open.rollback();
      return { error: { type: 'error', file: module.file, moduleId: module.moduleId, ...describeThrown(error, module.file, running, cwd) } };
    }
  }
  return { transactions };
}

/** What evaluating a new instance of a module found, and how to put the previous one back. */
type Evaluated = Pick<Reevaluated, 'changedExports' | 'removedExports' | 'addedExports' | 'restore'> & { keptRemoved?: string[]; joined: Joining };

/** A module evaluated again, its transaction left open, and how to undo it. */
export interface Reevaluated {
  module: LoadedModule;
  /** Undefined for a module with no instrumented function. */
  transaction: PatchTransaction | undefined;
  /** Exports whose new value the importers cannot reach through what they hold: they must be evaluated again too. */
  changedExports: string[];
  /** Named exports the new version no longer has. */
  removedExports: string[];
  /** Named exports the previous version did not have. */
  addedExports: string[];
  warnings: string[];
  /** Stops the timers and removes the listeners the previous instance's top level started (effects.ts), once this one is committed. */
  stopPrevious(): Stopped;
  /** Puts back the previous instance (the registry's transaction is rolled back by the caller). */
  restore(): Promise<void>;
}

/**
 * Evaluates the module `file` again from `running` (its new version, or its running code when an import of it
 * changed), in an open transaction. On failure, everything is put back and the error returned. `declaredClasses`:
 * the classes both versions declare at their top level, exported or not (objects made before may be held).
 */
export async function evaluateModule(
  module: LoadedModule,
  running: string,
  sameClasses: ReadonlySet<string>,
  declaredClasses: readonly string[],
  readByFunctions: ReadonlySet<string>,
  cwd: string,
): Promise<Reevaluated | { error: ErrorEvent }> {
  const { file } = module;
  // A version evaluated: what it does not define is removed, even when it defines again none of the names it had.
  const transaction = module.moduleId !== undefined ? beginPatch(module.moduleId, { evaluation: true }) : undefined;
  const previous = { moduleId: module.moduleId, evaluate: module.evaluate, instance: module.instance };
  const warnings: string[] = [];
  const undispose = disposeModule(file);
  const effects = replaceEffects(module.moduleId);
  let result: Evaluated;
  try {
    result = module.format === 'commonjs' ? evaluateCommonJS(file, running, sameClasses, readByFunctions) : await evaluateESModule(module, running, sameClasses, readByFunctions);
  } catch (error) {
    transaction?.rollback();
    effects.rollback();
    undispose();
    Object.assign(module, previous);
    await setInstance(file, previous.instance ?? 0);
    return { error: { type: 'error', file, moduleId: module.moduleId, ...describeThrown(error, file, running, cwd) } };
  }
  if (module.format === 'module') warnings.push('the previous instance of this ES module stays in memory: Node cannot unload ES modules');
  // A class of the module's own that it does not export (a factory of the module makes its objects): read in each
  // instance's scope.
  const read = (evaluate: Evaluate | undefined, name: string): unknown => {
    try {
      return evaluate?.(name);
    } catch {
      return undefined; // not initialised in that instance (its top level threw before it)
    }
  };
  for (const name of declaredClasses) {
    const [before, after] = [read(previous.evaluate, name), read(module.evaluate, name)];
    if (typeof before === 'function' && typeof after === 'function' && isClass(before)) succeed(before as AnyFunction, after as AnyFunction, result.joined);
  }
  warnings.push(...result.joined.warnings);
  if (result.keptRemoved?.length) {
    warnings.push(`removed exports ${result.keptRemoved.join(', ')}: the exports object the program holds keeps their last values for code that reads them; restart to drop them`);
  }
  return {
    module,
    transaction,
    changedExports: result.changedExports,
    removedExports: result.removedExports,
    addedExports: result.addedExports,
    warnings,
    stopPrevious: effects.commit,
    async restore() {
      effects.rollback();
      undispose();
      Object.assign(module, previous);
      await result.restore();
    },
  };
}

/**
 * Whether code holding `before` (an export of the previous instance) keeps working as if it held `after`:
 * the same value; an instrumented function (the previous instance's forwards to the new one); a class whose
 * declaration did not change outside its methods' bodies (its methods forward, its instances keep theirs);
 * plain data (objects and arrays of plain data, dates, patterns) equal by value. Not an instance's class-field
 * function, written the same way or not: it is never defined again, and runs its own instance's code, reading that
 * instance's module variables (held from a controller a router took, it kept a changed value it reads).
 */
function compatible(before: unknown, after: unknown, sameClasses: ReadonlySet<string>, name: string, depth = 0): boolean {
  if (Object.is(before, after)) return true;
  if (typeof before === 'function' && typeof after === 'function') {
    const slot = slotOfFunction(before as AnyFunction);
    if (slot !== undefined && slot === slotOfFunction(after as AnyFunction)) return true;
    // The class is the export (`export const Repo = …`), or exported under another name: `export default Store`,
    // `module.exports = Store`.
    const declared = sameClasses.has(name) || ((before as AnyFunction).name === (after as AnyFunction).name && sameClasses.has((before as AnyFunction).name));
    return depth === 0 && declared && isClass(before) && isClass(after);
  }
  // Dates and patterns in data (a mock record's `createdAt: new Date('2024-01-01')`) compare by value.
  if (before instanceof Date && after instanceof Date) return Object.is(before.getTime(), after.getTime());
  if (before instanceof RegExp && after instanceof RegExp) return String(before) === String(after);
  // Bytes (a key read with readFileSync, a Buffer each evaluation) compare by content.
  if (ArrayBuffer.isView(before) && ArrayBuffer.isView(after)) {
    const bytes = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    return before.constructor === after.constructor && Buffer.compare(bytes(before), bytes(after)) === 0;
  }
  if (depth > 4 || !comparable(before, after, sameClasses)) return false;
  const keys = Reflect.ownKeys(before as object);
  if (keys.length !== Reflect.ownKeys(after as object).length) return false;
  return keys.every((key) =>
    compatible((before as Record<PropertyKey, unknown>)[key], (after as Record<PropertyKey, unknown>)[key], sameClasses, name, depth + 1),
  );
}

const isClass = (value: unknown): boolean => /^class\b/.test(Function.prototype.toString.call(value));

/**
 * Objects compared by their own properties: plain objects and arrays, and instances of the same class (or of
 * a class declared the same way in both versions: a service object `new ProductService(repository)`). Not
 * built-in objects whose state is internal (Map, Date, a server).
 */
function comparable(before: unknown, after: unknown, sameClasses: ReadonlySet<string>): boolean {
  if (before === null || after === null || typeof before !== 'object' || typeof after !== 'object') return false;
  const a = Object.getPrototypeOf(before);
  const b = Object.getPrototypeOf(after);
  if (a === Object.prototype || a === Array.prototype || a === null) return a === b;
  const classA = a?.constructor;
  const classB = b?.constructor;
  if (typeof classA !== 'function' || !isClass(classA) || typeof classB !== 'function') return false;
  return a === b || sameFamily(classA, classB) || (classA.name === classB.name && sameClasses.has(classA.name) && isClass(classB));
}

/**
 * Each version of a class declared the same way as the one before (its methods forward to the newest), by
 * the first: an importer evaluated again in the same change made its instances with the new version, which are
 * like the ones the program holds.
 */
const families = new WeakMap<AnyFunction, object>();

function join(before: AnyFunction, after: AnyFunction): void {
  let family = families.get(before);
  if (!family) families.set(before, (family = {}));
  families.set(after, family);
}

/**
 * Each version of a class (an export of the same name) the program may still hold objects of, declared the same
 * way or not, by each version: what a newer one adds is given to all of them (`carryMembers`).
 */
const lineages = new WeakMap<AnyFunction, WeakRef<AnyFunction>[]>();

/** What giving the objects made before a save their class's new members did in one evaluation: undone with it; what it could not do, said. */
interface Joining {
  undo: (() => void)[];
  warnings: Set<string>;
}

const joining = (): Joining => ({ undo: [], warnings: new Set() });

/** `after` is the new version of the class `before` (an export of the same name): earlier versions take what it adds. */
function succeed(before: AnyFunction, after: AnyFunction, joined: Joining): void {
  if (before === after || before.name !== after.name || !isClass(after)) return;
  const lineage = lineages.get(before) ?? [new WeakRef(before)];
  if (lineage.some((version) => version.deref() === after)) return; // paired already: an exported class
  for (const version of lineage) {
    const earlier = version.deref();
    if (earlier && earlier !== after) carryMembers(earlier, after, joined);
  }
  lineage.push(new WeakRef(after));
  lineages.set(before, lineage);
  lineages.set(after, lineage);
}

/** A private name used (`this.#count`, `#count in other`): of the class that declares it, which earlier versions are not. */
const USES_PRIVATE = /\??\.#[\p{ID_Start}$_]|#[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*\s+in\s/u;

/**
 * Gives an earlier version of a class the members a new version added (its objects made before the save hold its
 * prototype: a method added in the save that also changed the constructor reaches them, as the methods it kept
 * do by forwarding). Not members that use private names, which the objects made before lack: said, as is a new
 * base class, which those objects do not have either.
 */
function carryMembers(earlier: AnyFunction, newest: AnyFunction, joined: Joining): void {
  const name = newest.name || 'a class';
  const carry = (target: object, source: object, own: ReadonlySet<PropertyKey>, describe: (key: string) => string): void => {
    for (const key of Reflect.ownKeys(source)) {
      if (own.has(key) || Object.prototype.hasOwnProperty.call(target, key)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(source, key)!;
      const code = [descriptor.value, descriptor.get, descriptor.set].filter((part) => typeof part === 'function').map((part) => Function.prototype.toString.call(part));
      if (code.some((text) => USES_PRIVATE.test(text))) {
        joined.warnings.add(`${describe(String(key))}, added, uses private names that objects made before this save do not have: they lack it (restart to make them again)`);
        continue;
      }
      Object.defineProperty(target, key, descriptor);
      joined.undo.push(() => Reflect.deleteProperty(target, key));
    }
  };
  carry(earlier.prototype as object, newest.prototype as object, new Set(['constructor']), (key) => `${name}'s ${key}`);
  carry(earlier, newest, new Set(['length', 'name', 'prototype']), (key) => `${name}.${key}`);
  const was = Object.getPrototypeOf(earlier.prototype) as { constructor?: AnyFunction } | null;
  const now = Object.getPrototypeOf(newest.prototype) as { constructor?: AnyFunction } | null;
  if (was !== now && !(was?.constructor && now?.constructor && sameFamily(was.constructor, now.constructor))) {
    const base = (prototype: typeof was) => (prototype === null ? 'none' : prototype === Object.prototype ? 'no base class' : (prototype.constructor?.name ?? 'an object'));
    joined.warnings.add(`${name}'s base class changed (${base(was)} → ${base(now)}): objects made before this save keep the old one, and what its constructor gave them (restart to make them again)`);
  }
}

const sameFamily = (a: AnyFunction, b: AnyFunction): boolean => families.has(a) && families.get(a) === families.get(b);

/**
 * Export names whose new value is not compatible with the previous one (added and removed names are not), as
 * messages name them (exportName). An object the module's functions read (`readByFunctions`) is a new one even
 * where equal by value: the new functions write and read it, code holding the previous one (a destructured
 * import, SWC's getter that cannot be redefined) would not see their writes, nor they its.
 */
function changedExports(
  before: Map<PropertyKey, unknown>,
  after: Map<PropertyKey, unknown>,
  sameClasses: ReadonlySet<string>,
  readByFunctions: ReadonlySet<string>,
  exports: unknown,
  joined: Joining,
): string[] {
  const changed: string[] = [];
  for (const [key, value] of after) {
    if (!before.has(key)) continue;
    const was = before.get(key);
    const state = typeof was === 'object' && was !== null && was !== value && readByFunctions.has(String(key));
    const classes = was !== value && typeof was === 'function' && typeof value === 'function' && isClass(was);
    if (classes) succeed(was as AnyFunction, value as AnyFunction, joined);
    if (state || !compatible(was, value, sameClasses, String(key))) changed.push(exportName(key, exports));
    // The same class declaration, a new version: instances of either are alike from now on.
    else if (classes) join(was as AnyFunction, value as AnyFunction);
  }
  return changed;
}

/** Names are exports where module.exports is an object of them: not an array's indexes, nor a function's own. */
const isExportsObject = (exports: unknown): boolean => typeof exports === 'object' && exports !== null && !Array.isArray(exports);

/** The export names (not symbols, not `default`) of `one` that `other` lacks: removed ones, or (swapped) added ones. */
function namesOnlyIn(one: Map<PropertyKey, unknown>, other: Map<PropertyKey, unknown>): string[] {
  return [...one.keys()].filter((key): key is string => typeof key === 'string' && key !== 'default' && !other.has(key));
}

/**
 * An export as people read it: its name; a property of a function that is module.exports (a Fastify plugin
 * made by fastify-plugin carries `Symbol(fastify.display-name)`) as `module.exports.name` or
 * `module.exports[Symbol(…)]`.
 */
function exportName(key: PropertyKey, exports: unknown): string {
  if (typeof exports !== 'function') return typeof key === 'symbol' ? `[${String(key)}]` : String(key);
  return typeof key === 'symbol' ? `module.exports[${String(key)}]` : `module.exports.${key}`;
}

/** The values of an exports object or namespace, read once. */
function valuesOf(exports: unknown): Map<PropertyKey, unknown> {
  const values = new Map<PropertyKey, unknown>();
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) {
    values.set('module.exports', exports);
    return values;
  }
  for (const key of Reflect.ownKeys(exports as object)) {
    try {
      values.set(key, (exports as Record<PropertyKey, unknown>)[key]);
    } catch {
      // A getter that throws: it has no value to compare.
    }
  }
  return values;
}

/**
 * Evaluates `text` as a fresh instance of the CommonJS module `file`, in require.cache in place of the old
 * one. The exports object the program holds is kept, and takes the new instance's exports, so code that
 * holds it (Babel's and tsc's `_module.name` reads) sees new and renamed exports.
 */
function evaluateCommonJS(
  file: string,
  text: string,
  sameClasses: ReadonlySet<string>,
  readByFunctions: ReadonlySet<string>,
): Evaluated & { keptRemoved: string[] } {
  const cache = (Module as unknown as { _cache: Record<string, Module> })._cache;
  const previous = cache[file];
  const held = previous?.exports as unknown;
  const before = valuesOf(held);
  const descriptors = typeof held === 'object' && held !== null ? Object.getOwnPropertyDescriptors(held) : undefined;
  const fresh = new Module(file, previous?.parent ?? undefined) as Module & { _compile(code: string, filename: string): void };
  fresh.filename = file;
  fresh.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  cache[file] = fresh;
  // `new Module(file, parent)` added the new instance to parent.children: one instance stays listed there.
  const children = (fresh as { parent?: { children?: Module[] } }).parent?.children;
  const unlist = (instance: Module | undefined): void => {
    const at = instance && children ? children.indexOf(instance) : -1;
    if (at !== -1) children!.splice(at, 1);
  };
  try {
    fresh._compile(text, file);
    fresh.loaded = true;
  } catch (error) {
    unlist(fresh);
    if (previous) cache[file] = previous;
    else delete cache[file];
    throw error;
  }
  const after = valuesOf(fresh.exports);
  const joined = joining();
  let changed = changedExports(before, after, sameClasses, readByFunctions, fresh.exports, joined);
  // A function or an array that is module.exports (an express app, a list of records) changed as a whole: named
  // so, not by its own properties (`prototype`, `_events`, `length`).
  const whole = (typeof held === 'function' || Array.isArray(held)) && !compatible(held, fresh.exports, sameClasses, 'module.exports');
  // A new version of the class (`module.exports = Store`): what it adds reaches the objects made before. The same
  // class: instances of either are alike from now on, and its prototype is no changed value (its static members
  // compare as exports do).
  if (typeof held === 'function' && typeof fresh.exports === 'function' && held !== fresh.exports && isClass(held)) {
    succeed(held as AnyFunction, fresh.exports as AnyFunction, joined);
    if (!whole) {
      join(held as AnyFunction, fresh.exports as AnyFunction);
      changed = changed.filter((name) => name !== exportName('prototype', fresh.exports));
    }
  }
  const named = isExportsObject(held) && isExportsObject(fresh.exports);
  if (descriptors && typeof fresh.exports === 'object' && fresh.exports !== null && fresh.exports !== held) {
    const kept = syncExports(held as object, fresh.exports as object);
    // SWC's and tsc's CommonJS output export through getters that cannot be redefined: the object the program
    // holds still gives the previous instance's values for those. When one of them changed, every importer is
    // evaluated again (they read the new instance's exports) rather than handed the old value.
    if (!kept.some((key) => changed.includes(key))) fresh.exports = held;
  }
  unlist(previous);
  // Exports the new version removed stay on the object the program holds (syncExports): said, unless they are
  // instrumented functions, which the registry's report lists as removed. Those of an exports object are
  // `removedExports`, which the pipeline takes off (`settleRemovedExports`).
  const keptRemoved =
    fresh.exports === held && !named
      ? [...before].filter(([key, value]) => !after.has(key) && !(typeof value === 'function' && slotOfFunction(value as AnyFunction))).map(([key]) => String(key))
      : [];
  return {
    // Whole even where its own properties are alike: a new bound function (`router.routes.bind(router)`) has the
    // same name and length.
    changedExports: whole ? ['module.exports'] : changed,
    removedExports: named ? namesOnlyIn(before, after) : [],
    addedExports: named ? namesOnlyIn(after, before) : [],
    keptRemoved,
    joined,
    async restore() {
      for (const undo of joined.undo) undo();
      unlist(fresh);
      if (previous) {
        cache[file] = previous;
        if (descriptors) {
          for (const key of Reflect.ownKeys(held as object)) {
            if (!(key in descriptors) && Object.getOwnPropertyDescriptor(held, key)?.configurable) delete (held as Record<PropertyKey, unknown>)[key];
          }
          syncExports(held as object, Object.create(null, descriptors) as object);
        }
      } else {
        delete cache[file];
      }
    },
  };
}

/**
 * Gives `target` the own properties of `source`. Those `source` lacks stay: code that still reads a removed
 * export keeps what it read (as importers of an ES module keep the previous instance's bindings). Returns the
 * keys `target` could not take (a getter defined not configurable).
 */
function syncExports(target: object, source: object): string[] {
  const kept: string[] = [];
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(source))) {
    const current = Object.getOwnPropertyDescriptor(target, key);
    if (!current || current.configurable) Object.defineProperty(target, key, descriptor);
    else if (current.writable && 'value' in descriptor) (target as Record<string, unknown>)[key] = descriptor.value;
    else kept.push(key);
  }
  return kept;
}

/** The syntax error of an ES module's text, thrown as Node throws a module that does not parse; undefined if it parses. */
function syntaxErrorOf(file: string, text: string): SyntaxError | undefined {
  try {
    acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
    return undefined;
  } catch (error) {
    return loadSyntaxError(file, text, fromAcornError(error));
  }
}

/** Evaluates a new instance of the ES module `module` (an import query Node caches apart), and makes imports reach it. */
async function evaluateESModule(
  module: LoadedModule,
  running: string,
  sameClasses: ReadonlySet<string>,
  readByFunctions: ReadonlySet<string>,
): Promise<Evaluated> {
  const { file } = module;
  const old = module.instance ?? 0;
  const before = valuesOf(await import(instanceURL(file, old)));
  const instance = ++instances;
  await setInstance(file, instance, running);
  const known = loadedCount();
  let namespace: unknown;
  try {
    namespace = await import(instanceURL(file, instance));
  } catch (error) {
    await setInstance(file, old);
    // An ES module this import loaded first (a new file that throws as it runs, or does not parse) stays failed in
    // Node's module map: never part of the program, and the next import reaches a fresh instance.
    const firsts = loadedSince(known).filter((first) => loadedModule(first)?.format === 'module');
    // Node's syntax error of an imported module names no file: the one that does not parse is named, as node
    // names it when it ends a program.
    const unparsed = error instanceof SyntaxError && !isLoadSyntaxError(error) ? firsts.map((first) => syntaxErrorOf(first, loadedModule(first)!.text)).find(Boolean) : undefined;
    for (const first of firsts) {
      forgetModule(first);
      await setInstance(first, ++instances);
    }
    throw unparsed ?? error;
  }
  module.instance = instance;
  const after = valuesOf(namespace);
  const joined = joining();
  return {
    changedExports: changedExports(before, after, sameClasses, readByFunctions, namespace, joined),
    removedExports: namesOnlyIn(before, after),
    addedExports: namesOnlyIn(after, before),
    joined,
    async restore() {
      for (const undo of joined.undo) undo();
      module.instance = old;
      await setInstance(file, old);
    },
  };
}
