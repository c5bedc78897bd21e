// What a module's top level started that outlives its instance: timers (a cache's purge, a game loop, a poll: a
// setInterval, or a setTimeout whose callback starts the next, a chain) and listeners (`process.on('SIGUSR2')`, a
// shared event bus's `on`). Evaluated again, the module starts its own, and the previous instance's would run beside
// them, as no restart leaves them. So each instance's are known, and stopped or removed once the new one is committed
// (or the new one's, if it is rolled back).
import { EventEmitter } from 'node:events';
import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import { callerFiles } from './files';
import { loadedModule } from './modules';
import { evaluatingModule } from './startup';

type Timer = ReturnType<typeof setTimeout>;
type Start = (callback: unknown, ...rest: unknown[]) => Timer;

/** A listener one instance of a module added, as added. */
interface Listener {
  readonly emitter: EventEmitter;
  readonly event: string | symbol;
  readonly listener: (...args: unknown[]) => unknown;
}

/** The timers one instance of a module started, by kind, and the listeners it added. */
interface Owned {
  readonly moduleId: string;
  readonly setInterval: Set<Timer>;
  readonly setTimeout: Set<Timer>;
  readonly listeners: Listener[];
  /** Replaced (or rolled back): a timer its code still starts (a step it deferred, running now) is stopped at once. */
  stopped?: true;
}

/** What each module's running instance started, by module id. */
const started = new Map<string, Owned>();

/**
 * The instance whose deferred step is running (a callback its module's code gave a timer, `setImmediate`,
 * `process.nextTick` or `queueMicrotask`): a timer its module's code starts there is that instance's too.
 */
let calling: Owned | undefined;

/** Node marks a timer that fired once, or that the program cleared. */
const done = (timer: Timer): boolean => (timer as unknown as { _destroyed?: boolean })._destroyed === true;

/**
 * The instance a timer started or a listener added now belongs to: a module's own code (its file) starts or adds it
 * while the module's top level runs, or (`inCallbacks`, timers) in a step that instance deferred. Not one
 * a function of another module starts or adds for it (a poller's `start()`, which may start one only once): evaluated
 * again, the module would not make another.
 */
function owner(below: (...args: never[]) => unknown, inCallbacks = true): Owned | undefined {
  const moduleId = (inCallbacks ? calling?.moduleId : undefined) ?? evaluatingModule();
  if (moduleId === undefined || loadedModule(callerFiles(1, below)[0] ?? '')?.moduleId !== moduleId) return undefined;
  if (inCallbacks && calling) return calling;
  let owned = started.get(moduleId);
  if (!owned) started.set(moduleId, (owned = { moduleId, setInterval: new Set(), setTimeout: new Set(), listeners: [] }));
  return owned;
}

/** `callback`, run as a step of `owned` (`calling`). */
function carrying(owned: Owned, callback: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return function (this: unknown, ...args: unknown[]) {
    const outer = calling;
    calling = owned;
    try {
      return callback.apply(this, args);
    } finally {
      calling = outer;
    }
  };
}

/** As Node's own `original`: its name and length, and `util.promisify.custom` (`promisify(setTimeout)`). */
function like<F extends object>(wrapper: F, original: object): F {
  const { prototype: _, ...properties } = Object.getOwnPropertyDescriptors(original);
  return Object.defineProperties(wrapper, properties);
}

/** `defer` (setImmediate, process.nextTick, queueMicrotask), its callback run as a step of the instance that gave it. */
function deferring<F extends object>(defer: F): F {
  const original = defer as unknown as (callback: unknown, ...rest: unknown[]) => unknown;
  const tracked = function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
    const owned = typeof callback === 'function' ? owner(tracked) : undefined;
    return original.call(this, owned ? carrying(owned, callback as (...args: unknown[]) => unknown) : callback, ...rest);
  };
  return like(tracked, defer) as unknown as F;
}

/** `start` (Node's setInterval or setTimeout), noting the timers each instance starts. */
function tracking(kind: 'setInterval' | 'setTimeout', start: Start): Start {
  const tracked = function (this: unknown, callback: unknown, ...rest: unknown[]): Timer {
    const owned = typeof callback === 'function' ? owner(tracked) : undefined;
    if (!owned) return start.call(this, callback, ...rest);
    const timer = start.call(this, carrying(owned, callback as (...args: unknown[]) => unknown), ...rest);
    // A step of a replaced or refused instance, deferred before it was, starts nothing that stays.
    if (owned.stopped) {
      clearTimeout(timer);
      return timer;
    }
    const own = owned[kind];
    // A chain adds a timer each time one fires: the fired ones go, now and then.
    if (own.size >= 16) for (const old of own) if (done(old)) own.delete(old);
    own.add(timer);
    return timer;
  };
  return like(tracked, start);
}

/**
 * Notes the listeners a module's own code adds while its top level runs (`on`, `addListener`, `prependListener`,
 * `once`, `prependOnceListener`), to any EventEmitter (`process` is one).
 */
function trackListeners(): void {
  type Add = (this: EventEmitter, event: string | symbol, listener: Listener['listener']) => EventEmitter;
  const prototype = EventEmitter.prototype as unknown as Record<string, Add>;
  for (const method of ['addListener', 'prependListener', 'once', 'prependOnceListener'] as const) {
    const add = prototype[method]!;
    const tracked: Add = function (this, event, listener) {
      const result = add.call(this, event, listener);
      const owned = typeof listener === 'function' ? owner(tracked, false) : undefined;
      // What `once` adds is a wrapper of the listener, which names it (`listener`).
      const added = owned && [...this.rawListeners(event)].reverse().find((raw) => raw === listener || (raw as { listener?: unknown }).listener === listener);
      if (added) owned.listeners.push({ emitter: this, event, listener: added as Listener['listener'] });
      return result;
    };
    Object.defineProperties(tracked, { name: { value: add.name }, length: { value: add.length } });
    prototype[method] = tracked;
    // `on` is `addListener` itself.
    if (method === 'addListener') prototype.on = tracked;
  }
}

/** Notes the timers each module's instance starts (also in a step it deferred) and the listeners it adds (`owner`). */
export function trackEffects(): void {
  trackListeners();
  const interval = tracking('setInterval', globalThis.setInterval as unknown as Start);
  const timeout = tracking('setTimeout', globalThis.setTimeout as unknown as Start);
  globalThis.setInterval = interval as unknown as typeof setInterval;
  globalThis.setTimeout = timeout as unknown as typeof setTimeout;
  globalThis.setImmediate = deferring(globalThis.setImmediate);
  globalThis.queueMicrotask = deferring(globalThis.queueMicrotask);
  process.nextTick = deferring(process.nextTick);
  // `import { setInterval } from 'node:timers'` and `require('timers').setInterval` are the same functions.
  timers.setInterval = globalThis.setInterval;
  timers.setTimeout = globalThis.setTimeout;
  timers.setImmediate = globalThis.setImmediate;
  syncBuiltinESMExports();
}

/** How many timers of each kind were stopped; the listeners removed, as `process.on('SIGUSR2')`. */
export interface Stopped {
  setInterval: number;
  setTimeout: number;
  listeners: string[];
}

const described = ({ emitter, event }: Listener): string =>
  `${emitter === process ? 'process' : (emitter.constructor?.name ?? 'EventEmitter')}.on(${typeof event === 'string' ? `'${event}'` : String(event)})`;

/**
 * Sets aside the timers and listeners of `moduleId`'s running instance as it is evaluated again: the new instance's
 * are noted apart. Returns what stops one set and keeps the other: `commit` stops and removes the previous
 * instance's (and says what was still to run), `rollback` the new one's.
 */
export function replaceEffects(moduleId: string | undefined): { commit(): Stopped; rollback(): void } {
  const previous = moduleId === undefined ? undefined : started.get(moduleId);
  if (moduleId !== undefined) started.delete(moduleId);
  const stop = (owned: Owned | undefined): Stopped => {
    if (owned) owned.stopped = true;
    const count = (kind: 'setInterval' | 'setTimeout'): number => {
      const running = [...(owned?.[kind] ?? [])].filter((timer) => !done(timer));
      for (const timer of running) clearTimeout(timer);
      return running.length;
    };
    // As added: a `once` listener that ran is gone already.
    const listeners = (owned?.listeners ?? []).filter(({ emitter, event, listener }) => emitter.rawListeners(event).includes(listener));
    for (const { emitter, event, listener } of listeners) emitter.removeListener(event, listener);
    return { setInterval: count('setInterval'), setTimeout: count('setTimeout'), listeners: listeners.map(described) };
  };
  return {
    commit: () => stop(previous),
    rollback() {
      if (moduleId === undefined) return;
      stop(started.get(moduleId));
      if (previous) started.set(moduleId, previous);
      else started.delete(moduleId);
    },
  };
}
