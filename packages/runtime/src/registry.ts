// queueMicrotask exists in every engine we target (browsers, Node, Deno, Bun) but not in lib.es2022.
declare function queueMicrotask(callback: () => void): void;

// The registry core (docs/protocol.md §2, §4). Isomorphic: no Node built-ins.
// Every piece of state lives on the global registry object, never in this
// module, so several copies of this package (bundled twice) share one registry.

export const PROTOCOL = 2;
export const REGISTRY_SYMBOL: unique symbol = Symbol.for('mighty-patcher.registry') as never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (...args: any[]) => any;

/** The registry's record of one key (docs/protocol.md §1). */
export interface Slot {
  readonly key: string;
  /** The newest module instance's own function (undefined for a closure site: it has one per activation). */
  fn: AnyFunction | undefined;
  /** The first instance's cell, held strongly (it lives as long as the program). */
  readonly cells: Cell[];
  /** Cells of later instances of the module (it was evaluated again), held weakly. */
  later?: WeakRef<Cell>[];
  /** How many newer versions the key has had. */
  version: number;
}

/** What one instrumented function's guard reads (docs/protocol.md §3.3). */
export interface Cell {
  /**
   * The version to forward to; the guard forwards when it is above the version of the running code. Absent
   * until the cell first forwards (docs/protocol.md §2): an absent property costs a guard no load.
   */
  v?: number;
  /** The newest implementation (a closure site's: a runner that compiles it per activation). Absent as `v` is. */
  impl?: AnyFunction;
  readonly slot: Slot;
  /** For a class or object member: the object it lives on (the prototype, the class, the literal). */
  home: object | undefined;
  /** This instance's own function, once defined. */
  fn: AnyFunction | undefined;
}

export type FunctionKind = 'function' | 'async' | 'generator' | 'async generator' | 'class';

export interface PatchReport {
  moduleId: string;
  /** Names whose implementation's source text changed. */
  updated: string[];
  /** Names defined again with identical source text. */
  unchanged: string[];
  /** Names the previous version did not define. */
  added: string[];
  /** Names the previous version defined and this one does not: they keep running their old code. */
  removed: string[];
  /** Names whose kind (sync, async, generator) changed: references taken before keep their original kind. */
  kindChanged: { name: string; from: FunctionKind; to: FunctionKind }[];
}

export type PatchListener = (report: PatchReport) => void;

interface Transaction {
  readonly moduleId: string;
  /** What each touched slot and cell was when the transaction began (a slot absent before: created by it). */
  readonly slots: Map<Slot, { fn: AnyFunction | undefined; version: number; existed: boolean }>;
  readonly cells: Map<Cell, Saved>;
  /** Names defined (a module version evaluated) or patched (a newer implementation given) in it. */
  readonly defined: Set<string>;
  /** Patched names and whether their source changed. */
  readonly patched: Map<string, { updated: boolean; from?: FunctionKind; to?: FunctionKind }>;
  /** Whether a version of the module was evaluated in it (it defined again a name it had): names it did not define were removed. */
  evaluated: boolean;
  /**
   * A patch of function bodies (the Node runtime's): a function it defines again is one an earlier patch added,
   * declared again in this patch's own scope, not a version of the module evaluated.
   */
  readonly bodies: boolean;
}

export interface Registry {
  readonly protocol: number;
  readonly slots: Map<string, Slot>;
  cell(moduleId: string, name: string, holder?: object): Cell;
  define(cell: Cell, fn: AnyFunction): AnyFunction;
  /** Set once a copy of @mighty-patcher/runtime has upgraded the bootstrap registry. */
  runtime?: true;
  /**
   * Whether `modules` and `owners` are kept: from the first patch, or the first use of either. Until then (as the
   * program loads) they are not, and are made from the slots when first read: the `define` of every function of a
   * 1,000-module app's start-up, with a Map, a Set and a WeakMap insertion each, was 8% of what the runtime added
   * to it (2026-12-06, in instructions: bench/README.md).
   */
  indexed?: boolean;
  /** The names each module defines (its last committed version's). */
  modules?: Map<string, Set<string>>;
  /** The slot of every function defined (the cells' own functions). */
  owners?: WeakMap<AnyFunction, Slot>;
  transactions?: Map<string, Transaction>;
  listeners?: Set<PatchListener>;
  /** Opens a patch transaction (the module-level `beginPatch`): what the bundler HMR glue calls (docs/protocol.md §6). */
  beginPatch?: (moduleId: string) => PatchTransaction;
}

type RuntimeRegistry = Required<Registry>;

const keyOf = (moduleId: string, name: string): string => `${moduleId}#${name}`;
const moduleIdOf = (key: string): string => key.slice(0, key.indexOf('#'));
const nameOf = (key: string): string => key.slice(key.indexOf('#') + 1);

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/**
 * What a guard reads: `v` and `impl`. A cell made without them (docs/protocol.md §2) gets them from its
 * prototype, one object per patch shared by the key's cells: V8 then takes them for constants and inlines the
 * implementation into the original (a field written a second time on the hidden class every cell shares is
 * not one). A cell that has them as its own properties (made by an older bootstrap, written by the browser
 * glue) keeps them written.
 */
type Forwarding = Pick<Cell, 'v' | 'impl'>;

const ownForwarding = (cell: Cell): boolean => hasOwn(cell, 'v') || hasOwn(cell, 'impl');

/** Makes every cell of `cells` forward to `impl` as version `v`. */
function forwardCells(cells: readonly Cell[], v: number, impl: AnyFunction): void {
  const forwarding: Forwarding = { v, impl };
  for (const cell of cells) {
    if (ownForwarding(cell)) Object.assign(cell, forwarding);
    else Object.setPrototypeOf(cell, forwarding);
  }
}

/** A cell's forwarding as it is now, to put back with `restore`. */
interface Saved {
  prototype: object | null;
  own?: Forwarding;
}

function save(cell: Cell): Saved {
  return { prototype: Object.getPrototypeOf(cell), own: ownForwarding(cell) ? { v: cell.v, impl: cell.impl } : undefined };
}

function restore(cell: Cell, saved: Saved): void {
  if (Object.getPrototypeOf(cell) !== saved.prototype) Object.setPrototypeOf(cell, saved.prototype);
  // A cell that had no `v` keeps none where it still has none (it could not be deleted cheaply).
  if (saved.own) {
    if (saved.own.v !== undefined || hasOwn(cell, 'v')) cell.v = saved.own.v;
    cell.impl = saved.own.impl;
  }
}

/**
 * The start-up recorder's arming: one prototype for every armed cell, whose `v` is a getter. The guard reads it
 * with the cell as `this`: the getter sets the cell's own prototype back, notes the call, and answers `undefined`,
 * so the guard runs the function's own body. Nothing is made per armed cell, and nothing of the runtime is on the
 * call's stack (a recorder function the call was forwarded to showed in the stack of every error a function's
 * first call threw, with the function's frame twice). A prototype object per cell, or a WeakMap of recorders, made
 * the start-up of the runtime benchmark's 1,000-module app 5-10% slower (2026-12-04).
 */
const ARMED = Symbol('mighty-patcher.armed');
/** An armed cell keeps its own prototype under a symbol, which no guard reads. */
type Armed = Cell & { [ARMED]?: object | null };
let noteCall: (cell: Cell) => void = () => {};
const RECORDING = {
  get v(): undefined {
    disarm(this as unknown as Armed);
    noteCall(this as unknown as Cell);
    return undefined;
  },
  // What writes `v` (a bootstrap, the browser glue: docs/protocol.md §2) gets the cell as it was before arming.
  set v(value: number | undefined) {
    disarm(this as unknown as Armed);
    (this as unknown as Cell).v = value;
  },
};

/**
 * V8 takes a hidden class for stable, and leaves out the checks of it in optimized code, only until an object
 * leaves it. Every cell made by the runtime starts with the same hidden class, and an object that changes
 * prototype and back gets the class it had: so each cell that a patch made forward, or that the start-up recorder
 * armed and disarmed, would leave every other cell's class unstable, for good, and every guard slower (the
 * per-call workload on Node 24: 1.29x plain under the recorder, 1.26-1.50x after one patch of a function it never
 * calls, against 1.10-1.19x; bench/README.md). So a cell with a plain prototype rests instead on an empty object
 * inheriting from it, a new one for each round (the program has started, a change was committed), and the cells
 * resting are moved to it: each round gives them hidden classes no object has left.
 */
const restingPrototypes = new WeakSet<object>();
let resting = new Map<object, object>();

/** Where a cell whose prototype is `prototype` rests this round: the same, unless that is a plain or resting one. */
function restingOn(prototype: object | null): object | null {
  const base = prototype !== null && restingPrototypes.has(prototype) ? (Object.getPrototypeOf(prototype) as object) : prototype;
  if (base !== Object.prototype && base !== Function.prototype) return prototype; // a forwarding prototype, or none
  let rest = resting.get(base);
  if (!rest) {
    rest = Object.create(base) as object;
    restingPrototypes.add(rest);
    resting.set(base, rest);
  }
  return rest;
}

/** How long after it is asked for a round starts: a save's answer, or the program's first, comes first. */
export const REST_DELAY_MS = 100;
let restTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Asks for a round (once the program has started, after arming; after a committed change: one for the modules
 * of one change). It moves each cell that rests (20,000 cells: 6-20 ms), which no answer need wait for: the
 * cells read the same in between.
 */
export function scheduleRest(): void {
  if (restTimer !== undefined) return;
  restTimer = setTimeout(restCells, REST_DELAY_MS);
  (restTimer as { unref?: () => void }).unref?.();
}

/** A round: every cell that neither forwards nor is armed rests on a new prototype, as do cells disarmed from now on. */
function restCells(): void {
  restTimer = undefined;
  resting = new Map();
  for (const slot of getRegistry().slots.values()) {
    for (const cell of cellsOf(slot)) {
      if (isArmed(cell) || ownForwarding(cell)) continue;
      const prototype = Object.getPrototypeOf(cell) as object | null;
      const rest = restingOn(prototype);
      if (rest !== prototype) Object.setPrototypeOf(cell, rest);
    }
  }
}

function disarm(cell: Armed): void {
  const prototype = cell[ARMED];
  // Cleared, not deleted: the cell keeps its hidden class, as it is armed again once the program has started.
  cell[ARMED] = undefined;
  Object.setPrototypeOf(cell, restingOn(prototype ?? null));
}

const isArmed = (cell: Cell): boolean => Object.getPrototypeOf(cell) === RECORDING;

/** Who hears of the next call of each cell `armNextCall` armed (the start-up recorder). */
export function onArmedCall(note: (cell: Cell) => void): void {
  noteCall = note;
}

/**
 * Makes the next call of `cell`'s function be noted (`onArmedCall`) before its body runs. Not for a cell that
 * forwards (it has been patched) or that is armed already; nor for one whose `v` and `impl` are its own (a
 * bootstrap or the browser glue wrote them, docs/protocol.md §2), which a prototype's getter cannot reach.
 */
export function armNextCall(cell: Armed): void {
  if (isArmed(cell) || ownForwarding(cell) || (cell.v ?? 0) > 0) return;
  cell[ARMED] = Object.getPrototypeOf(cell);
  Object.setPrototypeOf(cell, RECORDING);
}

/** Every cell of `slot` still alive (read only: it may be the slot's own array). */
export function cellsOf(slot: Slot): readonly Cell[] {
  if (!slot.later) return slot.cells;
  const later = slot.later.map((ref) => ref.deref()).filter((cell): cell is Cell => cell !== undefined);
  return [...slot.cells, ...later];
}

function remember(transaction: Transaction | undefined, slot: Slot, cells: readonly Cell[]): void {
  if (!transaction) return;
  if (!transaction.slots.has(slot)) transaction.slots.set(slot, { fn: slot.fn, version: slot.version, existed: true });
  for (const cell of cells) if (!transaction.cells.has(cell)) transaction.cells.set(cell, save(cell));
}

/** The registry's `cell` once the runtime is loaded: the bootstrap's, holding later instances' cells weakly. */
function cell(this: RuntimeRegistry, moduleId: string, name: string, holder?: object): Cell {
  const key = keyOf(moduleId, name);
  let slot = this.slots.get(key);
  if (!slot) {
    slot = { key, fn: undefined, cells: [], version: 0 };
    this.slots.set(key, slot);
    if (this.transactions.size > 0) this.transactions.get(moduleId)?.slots.set(slot, { fn: undefined, version: 0, existed: false });
  }
  // A holder (the hoisted declaration an ES module's early function reads, docs/protocol.md §3.2) becomes the cell.
  const created: Cell = holder ? (Object.assign(holder, { slot }) as Cell) : { slot, home: undefined, fn: undefined };
  if (slot.cells.length === 0 || typeof WeakRef !== 'function') slot.cells.push(created);
  else slot.later = [...(slot.later ?? []).filter((ref) => ref.deref() !== undefined), new WeakRef(created)];
  return created;
}

/**
 * The registry's `define` once the runtime is loaded: the bootstrap behaviour (docs/protocol.md §2), plus
 * what an open transaction needs to report and to roll back.
 */
function define(this: RuntimeRegistry, target: Cell, fn: AnyFunction): AnyFunction {
  const slot = target.slot;
  target.fn = fn;
  // The first definition of a key before any patch (every function as the program loads): nothing to index,
  // remember or forward.
  if (slot.fn === undefined && !this.indexed) {
    slot.fn = fn;
    return fn;
  }
  const moduleId = moduleIdOf(slot.key);
  const transaction = this.transactions.get(moduleId);
  this.owners.set(fn, slot);
  if (slot.fn !== undefined || transaction) {
    const others = cellsOf(slot).filter((other) => other !== target);
    remember(transaction, slot, others);
    if (slot.fn !== undefined) {
      if (transaction && !transaction.bodies) transaction.evaluated = true;
      slot.version++;
      forwardCells(others, slot.version, fn);
    }
  }
  slot.fn = fn;
  const name = nameOf(slot.key);
  if (transaction) {
    transaction.defined.add(name);
  } else {
    let names = this.modules.get(moduleId);
    if (!names) this.modules.set(moduleId, (names = new Set()));
    names.add(name);
  }
  return fn;
}

/** The shared registry, created if no instrumented module has run yet, upgraded if only the bootstrap exists. */
export function getRegistry(): RuntimeRegistry {
  const global = globalThis as unknown as Record<symbol, Registry | undefined>;
  let registry = global[REGISTRY_SYMBOL];
  if (!registry) {
    registry = { protocol: PROTOCOL, slots: new Map(), cell, define };
    global[REGISTRY_SYMBOL] = registry;
  }
  if (registry.protocol !== PROTOCOL) {
    throw new Error(
      `mighty-patcher: this runtime speaks protocol ${PROTOCOL} but the registry in this process speaks ${registry.protocol}; ` +
        'rebuild with matching versions of the plugin and @mighty-patcher/runtime',
    );
  }
  if (!registry.runtime) upgrade(registry);
  return registry as RuntimeRegistry;
}

function upgrade(registry: Registry): void {
  Object.assign(registry, {
    runtime: true,
    cell,
    define,
    indexed: false,
    transactions: new Map(),
    listeners: new Set(),
    beginPatch: (moduleId: string) => beginPatch(moduleId),
  });
  // Getters, on the shared registry, so that any copy of the runtime that reads them gets them made.
  for (const property of ['modules', 'owners'] as const) {
    Object.defineProperty(registry, property, {
      configurable: true,
      enumerable: true,
      get(this: Registry) {
        index(this);
        return this[property];
      },
    });
  }
}

/** Makes `modules` and `owners` from the slots (what every `define` until now would have made), kept from now on. */
function index(registry: Registry): void {
  const modules = new Map<string, Set<string>>();
  const owners = new WeakMap<AnyFunction, Slot>();
  for (const [key, slot] of registry.slots) {
    for (const cell of cellsOf(slot)) if (cell.fn) owners.set(cell.fn, slot);
    if (slot.fn === undefined) continue;
    let names = modules.get(moduleIdOf(key));
    if (!names) modules.set(moduleIdOf(key), (names = new Set()));
    names.add(nameOf(key));
  }
  const value = (value: unknown): PropertyDescriptor => ({ value, writable: true, configurable: true, enumerable: true });
  Object.defineProperties(registry, { modules: value(modules), owners: value(owners), indexed: value(true) });
}

export function kindOf(fn: AnyFunction): FunctionKind {
  const tag = Object.prototype.toString.call(fn);
  if (tag === '[object AsyncGeneratorFunction]') return 'async generator';
  if (tag === '[object GeneratorFunction]') return 'generator';
  if (tag === '[object AsyncFunction]') return 'async';
  return /^class[\s{]/.test(Function.prototype.toString.call(fn)) ? 'class' : 'function';
}

export interface PatchTransaction {
  readonly moduleId: string;
  /**
   * Gives `name` a newer implementation: its version goes up by one and every cell of the key forwards to
   * `impl`, which must have been compiled as that version (its own guard comparing with it). Returns the
   * version. `updated` says whether its source changed (for the report).
   */
  patch(name: string, impl: AnyFunction, change: { updated: boolean; from?: FunctionKind; to?: FunctionKind }): number;
  /** The version `patch(name, …)` would give. */
  nextVersion(name: string): number;
  /** Ends the transaction keeping everything done in it. */
  commit(): PatchReport;
  /** Ends the transaction restoring every slot and cell it changed. */
  rollback(): void;
}

/**
 * Opens a patch of one module. Evaluate the module's new version while it is
 * open (its `define` calls take effect at once, so its own top-level code runs
 * the new functions), or give its functions newer implementations with `patch`,
 * then commit, or roll back if that failed.
 */
export function beginPatch(moduleId: string, { bodies = false, evaluation = false }: { bodies?: boolean; evaluation?: boolean } = {}): PatchTransaction {
  const registry = getRegistry();
  // (A registry upgraded by an older copy of the runtime, with no `indexed`, keeps its own indexes up to date.)
  if (registry.indexed === false) index(registry);
  if (registry.transactions.has(moduleId)) {
    throw new Error(`mighty-patcher: a patch of ${moduleId} is already in progress`);
  }
  const transaction: Transaction = { moduleId, slots: new Map(), cells: new Map(), defined: new Set(), patched: new Map(), evaluated: evaluation, bodies };
  registry.transactions.set(moduleId, transaction);

  const end = (): void => {
    if (registry.transactions.get(moduleId) !== transaction) {
      throw new Error(`mighty-patcher: the patch of ${moduleId} has already ended`);
    }
    registry.transactions.delete(moduleId);
  };
  const slotOf = (name: string): Slot => {
    const slot = registry.slots.get(keyOf(moduleId, name));
    if (!slot) throw new Error(`mighty-patcher: ${moduleId} has no function named ${name}`);
    return slot;
  };

  return {
    moduleId,
    nextVersion: (name) => slotOf(name).version + 1,
    patch(name, impl, change) {
      const slot = slotOf(name);
      const cells = cellsOf(slot);
      remember(transaction, slot, cells);
      slot.version++;
      forwardCells(cells, slot.version, impl);
      transaction.patched.set(name, change);
      return slot.version;
    },
    commit() {
      end();
      const report = reportOf(registry, transaction);
      for (const [slot, before] of transaction.slots) {
        const impl = cellsOf(slot)[0]?.impl;
        const newest = transaction.patched.has(nameOf(slot.key)) ? impl : slot.fn;
        if (newest && before.fn && before.fn.length !== newest.length) setLength(slot, newest.length);
      }
      const names = registry.modules.get(moduleId) ?? new Set<string>();
      registry.modules.set(moduleId, transaction.evaluated ? new Set(transaction.defined) : new Set([...names, ...transaction.defined]));
      scheduleRest();
      for (const listener of registry.listeners) {
        // A failing listener must not undo or hide a committed patch: report it the way EventTarget does.
        try {
          listener(report);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
      return report;
    },
    rollback() {
      end();
      for (const [target, before] of transaction.cells) restore(target, before);
      for (const [slot, before] of transaction.slots) {
        if (!before.existed) {
          registry.slots.delete(slot.key);
          continue;
        }
        slot.fn = before.fn;
        slot.version = before.version;
      }
    },
  };
}

function reportOf(registry: RuntimeRegistry, transaction: Transaction): PatchReport {
  const { moduleId } = transaction;
  const report: PatchReport = { moduleId, updated: [], unchanged: [], added: [], removed: [], kindChanged: [] };
  const source = Function.prototype.toString;
  for (const name of transaction.defined) {
    const slot = registry.slots.get(keyOf(moduleId, name))!;
    const before = transaction.slots.get(slot);
    if (!before?.fn || !slot.fn) {
      report.added.push(name);
      continue;
    }
    (source.call(before.fn) === source.call(slot.fn) ? report.unchanged : report.updated).push(name);
    const from = kindOf(before.fn);
    const to = kindOf(slot.fn);
    if (from !== to) report.kindChanged.push({ name, from, to });
  }
  for (const [name, change] of transaction.patched) {
    if (transaction.defined.has(name)) continue;
    (change.updated ? report.updated : report.unchanged).push(name);
    if (change.from && change.to && change.from !== change.to) report.kindChanged.push({ name, from: change.from, to: change.to });
  }
  if (transaction.evaluated) {
    for (const name of registry.modules.get(moduleId) ?? []) {
      if (!transaction.defined.has(name)) report.removed.push(name);
    }
  }
  return report;
}

/** Every instance's own function of `slot` still alive. */
export function functionsOf(slot: Slot): AnyFunction[] {
  return cellsOf(slot)
    .map((cell) => cell.fn)
    .filter((fn): fn is AnyFunction => fn !== undefined);
}

function setLength(slot: Slot, length: number): void {
  for (const fn of functionsOf(slot)) {
    Object.defineProperty(fn, 'length', { value: length, configurable: true });
  }
}

/** Calls `listener` after every committed patch; returns a function that unsubscribes. */
export function onPatch(listener: PatchListener): () => void {
  const { listeners } = getRegistry();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The slot of an instrumented function: two functions of one slot are two instances of one function, the
 * older forwarding to the newer.
 */
export function slotOfFunction(fn: AnyFunction): Slot | undefined {
  return getRegistry().owners.get(fn);
}

/** The slot behind a key (`<module id>#<name>`), for tools and tests. */
export function getSlot(key: string): Slot | undefined {
  return getRegistry().slots.get(key);
}
