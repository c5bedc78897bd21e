// Step 4 of a change: commits the transactions step 3 left open, and says what did not take effect.
import type { FunctionKind, PatchReport, PatchTransaction } from '../registry';
import { moduleLevelNames, recordMakers, sameFunction, stateNames, type ModuleVersion } from './analyse';
import type { BodyPatch, Reevaluated } from './evaluate';
import type { PatchEvent } from './events';

/** Commits the body patches of one change together (their transactions, in the same order). */
export function commitBodies(patches: BodyPatch[], transactions: PatchTransaction[]): PatchEvent[] {
  return patches.map(({ module, text, version, added, changed, revalued, removed, warnings }, index) => {
    const report = transactions[index]!.commit();
    // A function an earlier patch added is declared again by every later patch (in the patch's own scope,
    // patch-code.ts), with its guards' versions renumbered: updated only if its own text changed.
    const redeclared = report.updated.filter((name) => module.current?.byName.has(name) && !changed.some((fn) => fn.name === name));
    report.updated = report.updated.filter((name) => !redeclared.includes(name));
    report.unchanged.push(...redeclared);
    // A constant an earlier patch added is declared again by every later one: said by the save that added it.
    const running = module.current ?? module.base;
    const before = running && moduleLevelNames(running);
    const declared = added.filter((top) => top.values && !top.imports).flatMap((top) => (top.defines ?? []).filter((name) => !before?.has(name)));
    // Functions the new version no longer declares (renamed, deleted): the running module keeps them.
    report.removed.push(...removed.filter((name) => !report.removed.includes(name)));
    if (running) recordMakers(module, running);
    module.text = text;
    module.current = version;
    return {
      type: 'patch',
      file: module.file,
      moduleId: module.moduleId!,
      rule: 'body',
      report,
      ...(declared.length > 0 && { declared }),
      ...(revalued.length > 0 && { revalued }),
      warnings: [...warningsFor(report, 'the module state it had'), ...warnings],
    };
  });
}

/**
 * Commits a module evaluated again; `next`: the version evaluated, where it was analysed; `ran`: the version whose
 * top level the replaced instance ran, where it was analysed.
 */
export function commitModule({ module, transaction, warnings, stopPrevious }: Reevaluated, reason: string, next?: ModuleVersion, ran?: ModuleVersion): PatchEvent {
  const moduleId = module.moduleId ?? module.file;
  const report = transaction?.commit() ?? { moduleId, updated: [], unchanged: [], added: [], removed: [], kindChanged: [] };
  const { listeners, ...timerCounts } = stopPrevious();
  const stopped = Object.entries(timerCounts).filter(([, count]) => count > 0);
  if (stopped.length > 0) {
    const one = stopped.length === 1 && stopped[0]![1] === 1;
    const timers = stopped.map(([kind, count]) => (count === 1 ? `the ${kind} timer` : `the ${count} ${kind} timers`)).join(' and ');
    warnings.push(
      `${timers} its previous instance started as it loaded (or in a callback of such a timer) ${one ? 'was' : 'were'} stopped, as a restart would stop ${one ? 'it' : 'them'}: the new instance runs what its own top level started`,
    );
  }
  if (listeners.length > 0) {
    const one = listeners.length === 1;
    warnings.push(
      `the listener${one ? '' : 's'} ${listeners.join(', ')} its previous instance added as it loaded ${one ? 'was' : 'were'} removed, as a restart would remove ${one ? 'it' : 'them'}: the new instance's top level added its own`,
    );
  }
  // The registry compares with the version evaluated last: what a body patch since then changed or removed was
  // said by that patch, not here again (it keeps a removed function's name until the module is evaluated again).
  const running = module.current;
  if (running) {
    report.removed = report.removed.filter((name) => running.byName.has(name));
    const applied = next ? report.updated.filter((name) => sameFunction(running, next, name)) : [];
    report.updated = report.updated.filter((name) => !applied.includes(name));
    report.unchanged.push(...applied);
  }
  // The state the replaced instance held (its top level's bindings). Not its classes: the instances made before
  // keep theirs, whose methods forward to the new ones.
  const state = ran && [...stateNames(ran)].filter((name) => !ran.classes.has(name));
  return {
    type: 'patch',
    file: module.file,
    moduleId,
    rule: 're-evaluate',
    reason,
    report,
    ...(state && { state }),
    warnings: [...warningsFor(report, "the previous instance's module state"), ...warnings],
  };
}

/** How a reference taken before calls a function of each kind (the running function keeps its kind). */
const AS_KIND: Record<FunctionKind, string> = {
  function: 'a plain function',
  async: 'an async function',
  generator: 'a generator function',
  'async generator': 'an async generator function',
  class: 'a class',
};

/**
 * What a reference taken before does where the new body still runs through it (the usual edit: `async` added to a
 * route handler, which then serves the new body): said as it is, not as if the new body did not run.
 */
const KEPT_KIND: Record<string, string> = {
  'function>async': 'run the new body and get its promise, but are still a plain function to code that asks (util.types.isAsyncFunction)',
  'async>function': 'run the new body, but are still an async function: they return its result as a promise',
};

/** `state`: the module state the removed functions keep running on. */
function warningsFor(report: PatchReport, state: string): string[] {
  const warnings: string[] = [];
  for (const { name, from, to } of report.kindChanged) {
    warnings.push(`${name} changed from ${from} to ${to}: references taken before ${KEPT_KIND[`${from}>${to}`] ?? `still call it as ${AS_KIND[from]}`}; restart to change its kind`);
  }
  if (report.removed.length > 0) {
    warnings.push(`removed: ${report.removed.join(', ')}: references taken before keep running the last implementation, on ${state}`);
  }
  return warnings;
}
