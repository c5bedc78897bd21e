// The repeating timers a module's top level started (a cache's purge, a game loop, a poll): evaluated again, the
// module starts its own, and the previous instance's would run beside them, as no restart leaves them. So each
// instance's are known, and stopped once the new one is committed (or the new one's, if it is rolled back).
import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import { callerFiles } from './files';
import { loadedModule } from './modules';
import { evaluatingModule } from './startup';

type Interval = ReturnType<typeof setInterval>;

/** The intervals started while each module's running instance was evaluated, by module id. */
const started = new Map<string, Interval[]>();

/**
 * Notes the intervals a module's own code starts while its top level runs. Not one a function of another module
 * starts for it (a poller's `start()`, which may start it only once): evaluated again, the module would not make
 * another.
 */
export function trackIntervals(): void {
  const start = globalThis.setInterval;
  const tracked = function setInterval(this: unknown, ...args: Parameters<typeof start>) {
    const interval = (start as (...args: unknown[]) => Interval).apply(this, args);
    const moduleId = evaluatingModule();
    if (moduleId !== undefined && loadedModule(callerFiles(1, tracked)[0] ?? '')?.moduleId === moduleId) {
      const list = started.get(moduleId);
      if (list) list.push(interval);
      else started.set(moduleId, [interval]);
    }
    return interval;
  } as typeof start;
  Object.defineProperty(tracked, 'length', { value: start.length });
  globalThis.setInterval = tracked;
  // `import { setInterval } from 'node:timers'` and `require('timers').setInterval` are the same function.
  timers.setInterval = tracked;
  syncBuiltinESMExports();
}

/**
 * Sets aside the intervals of `moduleId`'s running instance as it is evaluated again: the new instance's are noted
 * apart. Returns what stops one set and keeps the other: `commit` stops the previous instance's (and says how many
 * were running), `rollback` the new one's.
 */
export function replaceIntervals(moduleId: string | undefined): { commit(): number; rollback(): void } {
  const previous = moduleId === undefined ? undefined : started.get(moduleId);
  if (moduleId !== undefined) started.delete(moduleId);
  const stop = (list: Interval[] | undefined): number => {
    // Node marks a timer cleared (by the program, or by a one-off `setInterval` callback that cleared itself).
    const running = (list ?? []).filter((interval) => !(interval as unknown as { _destroyed?: boolean })._destroyed);
    for (const interval of running) clearInterval(interval);
    return running.length;
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
