// Step 4 of a change: commits the transactions step 3 left open, and says what did not take effect.
import { getRegistry, kindOf, type PatchReport, type PatchTransaction } from '../registry';
import type { BodyPatch, Reevaluation } from './evaluate';
import type { PatchEvent } from './events';

/** Commits the body patches of one change together (their transactions, in the same order). */
export function commitBodies(patches: BodyPatch[], transactions: PatchTransaction[]): PatchEvent[] {
  return patches.map(({ module, text }, index) => {
    const report = transactions[index]!.commit();
    module.text = text;
    const captured = report.updated.filter((name) => module.base!.calledAtLoad.has(name));
    const warnings = warningsFor(report);
    if (captured.length > 0) {
      warnings.push(
        `${captured.join(', ')} ran while the module loaded: what it returned then (a handler, a closure, a computed value) keeps the old code until the module is evaluated again`,
      );
    }
    return { type: 'patch', file: module.file, moduleId: module.moduleId, rule: 'body', report, warnings };
  });
}

/** Commits a module evaluated again. */
export function commitModule({ module, version, reason }: Reevaluation, transaction: PatchTransaction, warnings: string[]): PatchEvent {
  const report = transaction.commit();
  return {
    type: 'patch',
    file: module.file,
    moduleId: version.moduleId,
    rule: 're-evaluate',
    reason,
    report,
    warnings: [...warningsFor(report), ...warnings],
  };
}

function warningsFor(report: PatchReport): string[] {
  const warnings: string[] = [];
  for (const { name, from, to } of report.kindChanged) {
    warnings.push(`${name} changed from ${from} to ${to}: references taken before keep a ${from} proxy; restart to change its kind`);
  }
  if (report.removed.length > 0) {
    warnings.push(`removed: ${report.removed.join(', ')}: references taken before keep running the last implementation`);
  }
  const slots = getRegistry().slots;
  const suspended = report.updated.filter((name) => {
    const impl = slots.get(`${report.moduleId}#${name}`)?.impl;
    return impl !== undefined && kindOf(impl) !== 'function' && kindOf(impl) !== 'class';
  });
  if (suspended.length > 0) {
    warnings.push(`calls of ${suspended.join(', ')} already running (awaiting or suspended) finish on the old code`);
  }
  return warnings;
}
