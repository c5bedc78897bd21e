// Step 4 of a change: commits the transactions step 3 left open, and says what did not take effect.
import type { PatchReport, PatchTransaction } from '../registry';
import type { BodyPatch, Reevaluated } from './evaluate';
import type { PatchEvent } from './events';

/** Commits the body patches of one change together (their transactions, in the same order). */
export function commitBodies(patches: BodyPatch[], transactions: PatchTransaction[]): PatchEvent[] {
  return patches.map(({ module, text, version, warnings }, index) => {
    const report = transactions[index]!.commit();
    module.text = text;
    module.current = version;
    return { type: 'patch', file: module.file, moduleId: module.moduleId!, rule: 'body', report, warnings: [...warningsFor(report), ...warnings] };
  });
}

/** Commits a module evaluated again. */
export function commitModule({ module, transaction, warnings }: Reevaluated, reason: string): PatchEvent {
  const moduleId = module.moduleId ?? module.file;
  const report = transaction?.commit() ?? { moduleId, updated: [], unchanged: [], added: [], removed: [], kindChanged: [] };
  return { type: 'patch', file: module.file, moduleId, rule: 're-evaluate', reason, report, warnings: [...warningsFor(report), ...warnings] };
}

function warningsFor(report: PatchReport): string[] {
  const warnings: string[] = [];
  for (const { name, from, to } of report.kindChanged) {
    warnings.push(`${name} changed from ${from} to ${to}: references taken before keep a ${from} proxy; restart to change its kind`);
  }
  if (report.removed.length > 0) {
    warnings.push(`removed: ${report.removed.join(', ')}: references taken before keep running the last implementation, on the previous instance's module state`);
  }
  return warnings;
}
