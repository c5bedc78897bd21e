// queueMicrotask exists in every engine we target (browsers, Node, Deno, Bun) but not in lib.es2022.
declare function queueMicrotask(callback: () => void): void;

// The registry core (docs/protocol.md §2, §4). Isomorphic: no Node built-ins.
// Every piece of state lives on the global registry object, never in this
// module, so several copies of this package (bundled twice) share one registry.

export const PROTOCOL = 1;
export const REGISTRY_SYMBOL: unique symbol = Symbol.for('mighty-patcher.registry') as never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (...args: any[]) => any;

/** The one mutable cell a proxy reads on every call. */
export interface Slot {
  readonly key: string;
  impl: AnyFunction;
  /** The proxy the slot was created with (and any a bootstrap define added), held strongly. */
  readonly proxies: AnyFunction[];
  /**
   * Proxies of later instances of the module (it was evaluated again), held weakly: a module instance
   * nothing uses any more is not kept alive by its slots. Dead references are dropped as new ones come.
   */
  later?: WeakRef<AnyFunction>[];
  /** For a class member: the object it lives on (the prototype, or the class for a static member). */
  home?: object;
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
  /** Names the previous version defined and this one does not: they keep running their old implementation. */
  removed: string[];
  /** Names whose kind (sync, async, generator) changed: the proxy keeps its original kind. */
  kindChanged: { name: string; from: FunctionKind; to: FunctionKind }[];
}

export type PatchListener = (report: PatchReport) => void;

interface Transaction {
  readonly moduleId: string;
  /** Implementation each touched slot had when the transaction began (undefined: slot created by it). */
  readonly previous: Map<Slot, AnyFunction | undefined>;
  readonly defined: Set<string>;
}

export interface Registry {
  readonly protocol: number;
  readonly slots: Map<string, Slot>;
  define(moduleId: string, name: string, impl: AnyFunction, proxy: AnyFunction, home?: object): Slot;
  /** Set once a copy of @mighty-patcher/runtime has upgraded the bootstrap registry. */
  runtime?: true;
  modules?: Map<string, Set<string>>;
  transactions?: Map<string, Transaction>;
  listeners?: Set<PatchListener>;
  /** Opens a patch transaction (the module-level `beginPatch`): what the bundler HMR glue calls (docs/protocol.md §6). */
  beginPatch?: (moduleId: string) => PatchTransaction;
}

type RuntimeRegistry = Required<Registry>;

const keyOf = (moduleId: string, name: string): string => `${moduleId}#${name}`;

/**
 * The registry's define once the runtime is loaded: the bootstrap behaviour
 * (docs/protocol.md §2) plus bookkeeping of which module defines which names,
 * and of the previous implementations while a patch transaction is open.
 */
function define(this: RuntimeRegistry, moduleId: string, name: string, impl: AnyFunction, proxy: AnyFunction, home?: object): Slot {
  const key = keyOf(moduleId, name);
  const transaction = this.transactions.get(moduleId);
  let slot = this.slots.get(key);
  if (slot) {
    if (transaction && !transaction.previous.has(slot)) transaction.previous.set(slot, slot.impl);
    slot.impl = impl;
    if (!slot.proxies.includes(proxy)) addLater(slot, proxy);
  } else {
    slot = { key, impl, proxies: [proxy] };
    this.slots.set(key, slot);
    transaction?.previous.set(slot, undefined);
  }
  if (home) slot.home = home;
  if (transaction) {
    transaction.defined.add(name);
  } else {
    let names = this.modules.get(moduleId);
    if (!names) this.modules.set(moduleId, (names = new Set()));
    names.add(name);
  }
  return slot;
}

/** The shared registry, created if no instrumented module has run yet, upgraded if only the bootstrap exists. */
export function getRegistry(): RuntimeRegistry {
  const global = globalThis as unknown as Record<symbol, Registry | undefined>;
  let registry = global[REGISTRY_SYMBOL];
  if (!registry) {
    registry = { protocol: PROTOCOL, slots: new Map(), define };
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
  const modules = new Map<string, Set<string>>();
  // Slots created by the bootstrap define before any runtime was loaded.
  for (const key of registry.slots.keys()) {
    const hash = key.indexOf('#');
    const moduleId = key.slice(0, hash);
    let names = modules.get(moduleId);
    if (!names) modules.set(moduleId, (names = new Set()));
    names.add(key.slice(hash + 1));
  }
  Object.assign(registry, {
    runtime: true,
    define,
    modules,
    transactions: new Map(),
    listeners: new Set(),
    beginPatch: (moduleId: string) => beginPatch(moduleId),
  });
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
  /** Ends the transaction keeping every implementation defined during it. */
  commit(): PatchReport;
  /** Ends the transaction restoring every implementation it replaced. */
  rollback(): void;
}

/**
 * Opens a patch of one module. Evaluate the module's new version while it is
 * open (its `define` calls take effect at once, so its own top-level code runs
 * the new functions), then commit, or roll back if the evaluation failed.
 */
export function beginPatch(moduleId: string): PatchTransaction {
  const registry = getRegistry();
  if (registry.transactions.has(moduleId)) {
    throw new Error(`mighty-patcher: a patch of ${moduleId} is already in progress`);
  }
  const transaction: Transaction = { moduleId, previous: new Map(), defined: new Set() };
  registry.transactions.set(moduleId, transaction);

  const end = (): void => {
    if (registry.transactions.get(moduleId) !== transaction) {
      throw new Error(`mighty-patcher: the patch of ${moduleId} has already ended`);
    }
    registry.transactions.delete(moduleId);
  };

  return {
    moduleId,
    commit() {
      end();
      const report = reportOf(registry, transaction);
      for (const [slot, before] of transaction.previous) {
        if (before && before.length !== slot.impl.length) setLength(slot);
      }
      registry.modules.set(moduleId, new Set(transaction.defined));
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
      for (const [slot, before] of transaction.previous) {
        if (before) slot.impl = before;
        else registry.slots.delete(slot.key);
      }
    },
  };
}

function reportOf(registry: RuntimeRegistry, transaction: Transaction): PatchReport {
  const { moduleId } = transaction;
  const report: PatchReport = { moduleId, updated: [], unchanged: [], added: [], removed: [], kindChanged: [] };
  for (const name of transaction.defined) {
    const slot = registry.slots.get(keyOf(moduleId, name))!;
    const before = transaction.previous.get(slot);
    if (!before) {
      report.added.push(name);
      continue;
    }
    const source = Function.prototype.toString;
    (source.call(before) === source.call(slot.impl) ? report.unchanged : report.updated).push(name);
    const from = kindOf(before);
    const to = kindOf(slot.impl);
    if (from !== to) report.kindChanged.push({ name, from, to });
  }
  for (const name of registry.modules.get(moduleId) ?? []) {
    if (!transaction.defined.has(name)) report.removed.push(name);
  }
  return report;
}

/** Remembers a proxy of a later instance of the slot's module, weakly where the engine has WeakRef. */
function addLater(slot: Slot, proxy: AnyFunction): void {
  if (typeof WeakRef !== 'function') {
    slot.proxies.push(proxy);
    return;
  }
  const alive = (slot.later ?? []).filter((ref) => ref.deref() !== undefined);
  if (!alive.some((ref) => ref.deref() === proxy)) alive.push(new WeakRef(proxy));
  slot.later = alive;
}

/** Every proxy of `slot` still alive. */
export function proxiesOf(slot: Slot): AnyFunction[] {
  const later = (slot.later ?? []).map((ref) => ref.deref()).filter((proxy): proxy is AnyFunction => proxy !== undefined);
  return [...slot.proxies, ...later];
}

function setLength(slot: Slot): void {
  for (const proxy of proxiesOf(slot)) {
    Object.defineProperty(proxy, 'length', { value: slot.impl.length, configurable: true });
  }
}

/** Calls `listener` after every committed patch; returns a function that unsubscribes. */
export function onPatch(listener: PatchListener): () => void {
  const { listeners } = getRegistry();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The slot behind a key (`<module id>#<name>`), for tools and tests. */
export function getSlot(key: string): Slot | undefined {
  return getRegistry().slots.get(key);
}
