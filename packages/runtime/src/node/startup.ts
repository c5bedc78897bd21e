// Which functions ran only while the program started: a factory whose result the program keeps (a
// middleware made at load), a framework's start-up callback (a Nest config factory, a Fastify plugin), a
// `bootstrap()`. A new body of such a function reaches nothing that exists: the change needs a restart.
//
// It costs no call after the first: the runtime arms each function's cell (a closure site's too), whose guard's next
// read notes the phase and disarms it (docs/protocol.md §2); the body then runs as usual. When the program
// has started (its first server has listened and then accepted a connection or gone idle, or, without a
// server, once no module has loaded for a few seconds), every function is armed again, and its first call
// after that is noted too.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { callerFiles, OWN_FILES } from './files';
import { armNextCall, cellsOf, getRegistry, onArmedCall, scheduleRest, type AnyFunction, type Cell, type Registry, type Slot } from '../registry';

type Phase = 'start' | 'run';
/** A start-up call made while the function's own module was being evaluated (its top level, what that calls). */
type Seen = Phase | 'own';

const calls = new WeakMap<Slot, Set<Seen>>();
let phase: Phase = 'start';
/** The module whose top level is running: from its prologue (docs/protocol.md §3.7) to the end of that job. */
let evaluating: string | undefined;

/**
 * Called by the module's prologue, through the registry's `scope`: `moduleId`'s top level runs now, until the end
 * of this job; or, `untilJobEnds` false, until the caller says otherwise (`require`'s compile of a CommonJS
 * module puts back the module that required it: no microtask per module as the program loads).
 */
export function moduleEvaluating(moduleId: string | undefined, untilJobEnds = true): void {
  evaluating = moduleId;
  if (moduleId !== undefined && untilJobEnds) {
    queueMicrotask(() => {
      if (evaluating === moduleId) evaluating = undefined;
    });
  }
}

/** The module whose top level is running, to put back once a nested `require` returns. */
export function evaluatingModule(): string | undefined {
  return evaluating;
}

/**
 * Without a server, the program has started once it has loaded no module for this long and its event loop
 * spent most of the last second waiting: a slow start (a loaded machine, modules instrumented as they load,
 * plugins registering after the entry's top level) is not taken for the running program.
 */
const QUIET_MS = 3000;
const IDLE_WINDOW_MS = 1000;
const IDLE_UTILIZATION = 0.2;
let lastLoad = performance.now();

/**
 * A closure site's registry name is its maker's and its own, joined by `/` (docs/protocol.md §3.6); a call's string
 * arguments aside (`app.get("/users")`). Asked for every cell as a program starts: most names have no `/` at all.
 */
const isClosureSite = (name: string): boolean => name.includes('/') && name.replace(/"(?:[^"\\]|\\.)*"/g, '').includes('/');

/** Makes `cell`'s next call be noted with the phase. */
function arm(cell: Cell): void {
  armNextCall(cell);
}

/** Notes the phase of an armed function's call. */
function noted(cell: Cell): void {
  let seen = calls.get(cell.slot);
  if (!seen) calls.set(cell.slot, (seen = new Set()));
  // Evaluating the module again runs such a call again: it is no reason for a restart. So is a call made while
  // the module was evaluated again after start-up (a function a save added, called by its top level).
  seen.add(evaluating !== undefined && cell.slot.key.startsWith(`${evaluating}#`) ? 'own' : phase);
}

/**
 * Whether the program's start-up has run far enough to tell: it has started, or its server listens (a save in the
 * moments before its first connection is judged by the calls made so far, all of them start-up calls).
 */
const judged = (): boolean => phase === 'run' || settling;

let recording = false;

/** Whether the function of `slot` is known never to have run: the recorder noted no call of it. */
export function neverRan(slot: Slot | undefined): boolean {
  return recording && (slot === undefined || !calls.has(slot));
}

/** Whether the function of `slot` ran while the program started, and never since. */
export function ranOnlyAtStart(slot: Slot): boolean {
  const seen = calls.get(slot);
  return judged() && seen !== undefined && seen.has('start') && !seen.has('run');
}

/**
 * Whether the function of `slot` ran while its module was evaluated, or while the program started (once that can be
 * told): what it read then, it may have kept.
 */
export function ranAsItLoaded(slot: Slot): boolean {
  const seen = calls.get(slot);
  return seen !== undefined && (seen.has('own') || (judged() && seen.has('start')));
}

/**
 * Whether the function of `slot` ran only while its own module was being evaluated (called by its top level):
 * a new body reaches what that call made only if the module is evaluated again.
 */
export function ranOnlyInItsModuleEvaluation(slot: Slot): boolean {
  const seen = calls.get(slot);
  return judged() && seen !== undefined && seen.size === 1 && seen.has('own');
}

/**
 * After its first server listens, a program may still be starting, in callbacks: a password hashed for a seeded
 * user (`pbkdf2`, `bcrypt`), a pool connected, a cache warmed. It has started at its first connection or IPC
 * message, or once its event loop has been mostly idle for this long.
 */
const SETTLE_MS = 500;
const CONNECTION = 'net.server.socket';
let settling = false;

/** The first server listens: the program has started at the first connection, or once it has settled. */
function listening(): void {
  if (phase === 'run' || settling) return;
  settling = true;
  subscribe(CONNECTION, started);
  // A message from the parent process (a test harness, a process manager asking) is the running program's too.
  if (process.send) {
    const emit = process.emit;
    process.emit = function (this: NodeJS.Process, event: string | symbol, ...args: unknown[]) {
      if (event === 'message' && phase !== 'run') started();
      return (emit as (event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...args);
    } as typeof process.emit;
  }
  startWhenIdle(SETTLE_MS);
}

/** Every `ms` until the program has started: it has once `ready()` and its event loop was mostly idle that long. */
function startWhenIdle(ms: number, ready = (): boolean => true): void {
  let window = performance.eventLoopUtilization();
  const sampler = setInterval(() => {
    const utilization = performance.eventLoopUtilization(window).utilization;
    window = performance.eventLoopUtilization();
    if (phase === 'run' || (ready() && utilization < IDLE_UTILIZATION)) {
      clearInterval(sampler);
      started();
    }
  }, ms).unref();
}

/**
 * The program's files whose code started a server: evaluated again, such a module would listen again on the port
 * the running one holds (EADDRINUSE, an uncaught 'error'), so a change to it restarts the program as a change of
 * the entry does (pipeline.ts).
 */
const serverStarters = new Set<string>();

/** Whether `file`'s code called `listen` (its top level, or a function of it, at any time). */
export function startedAServer(file: string): boolean {
  return serverStarters.has(file);
}

/** The file of the innermost frame of the program's own code (not Node's, a package's or this runtime's). */
function programCaller(): string | undefined {
  return callerFiles(30, programCaller).find((file) => file !== '' && !file.startsWith('node:') && !file.startsWith(OWN_FILES) && !file.includes('/node_modules/'));
}

const startedListeners: (() => void)[] = [];

/** Whether the program has started (its first connection, or it has settled). */
export function hasStarted(): boolean {
  return phase === 'run';
}

/** Calls `listener` once the program has started (its first server listens, or it has gone quiet). */
export function onStarted(listener: () => void): void {
  if (phase === 'run') listener();
  else startedListeners.push(listener);
}

/** The program has started: from now on, first calls are noted as calls of the running program. */
function started(): void {
  if (settling) unsubscribe(CONNECTION, started);
  if (phase === 'run') return;
  phase = 'run';
  for (const slot of getRegistry().slots.values()) {
    for (const cell of cellsOf(slot)) arm(cell);
  }
  scheduleRest();
  for (const listener of startedListeners.splice(0)) listener();
}

/**
 * Arms every cell made from now on, and notes when the program has started: a module-level function's, and a
 * closure site's (a plugin a framework calls once at start-up, `fastify.register(async (app) => …)`, is one).
 */
export function recordStartup(): void {
  recording = true;
  onArmedCall(noted);
  const registry = getRegistry() as Registry & { define(cell: Cell, fn: AnyFunction): AnyFunction };
  const { cell: makeCell, define } = registry;
  // A closure site's cell is never defined: armed as it is made. A module-level function's is armed once its
  // function is defined, as before: armed first, its cell took other hidden classes, and the guards of a hot
  // workload read it 10-20% slower (bench/per-call.mjs, start-up recorder, Node 24).
  registry.cell = function (this: typeof registry, moduleId: string, name: string, holder?: object) {
    const made = makeCell.call(this, moduleId, name, holder);
    if (isClosureSite(name)) arm(made);
    return made;
  };
  registry.define = function (this: typeof registry, cell: Cell, fn: AnyFunction) {
    const result = define.call(this, cell, fn);
    arm(cell);
    // Still loading: not started yet.
    if (phase === 'start') lastLoad = performance.now();
    return result;
  };
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    const starter = programCaller();
    if (starter !== undefined) serverStarters.add(starter);
    this.once('listening', listening);
    return (listen as (...args: unknown[]) => net.Server).apply(this, args);
  } as typeof listen;
  startWhenIdle(IDLE_WINDOW_MS, () => performance.now() - lastLoad >= QUIET_MS);
}
