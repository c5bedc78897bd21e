// Runs one change (the files of one save, from the watcher) through the steps: analyse (analyse.ts),
// evaluate (evaluate.ts), commit (commit.ts), and hands the events to report. A version that does not
// parse is read once more (a write still in progress) before it is reported.
import { prepare, type Prepared } from './analyse';
import { commitBodies, commitModule } from './commit';
import { evaluateBodies, evaluateModule, type BodyPatch, type Reevaluation } from './evaluate';
import type { ApplyEvent, TimedEvent } from './events';
import { forgetModule, loadedModule } from './modules';
import type { Change } from './watcher';

export interface PipelineOptions {
  cwd: string;
  instrumentBuilt: boolean;
  /** Reads `file` again after the writer has had time to finish. */
  retry(file: string, at: number): void;
  emit(event: TimedEvent): void;
}

export function createPipeline(options: PipelineOptions): (change: Change) => Promise<void> {
  const { cwd } = options;
  /** Texts that did not parse once: a second identical read is a real syntax error, not a write in progress. */
  const unparsed = new Map<string, string>();

  return async (change) => {
    const ready: Prepared[] = [];
    const started = new Map<string, number>();
    for (const { file, text, at } of change.changed) {
      if (!loadedModule(file)) continue;
      const prepared = prepare(file, text, { cwd, instrumentBuilt: options.instrumentBuilt });
      if (prepared.kind === 'error' && prepared.event.message.startsWith('SyntaxError') && unparsed.get(file) !== text) {
        unparsed.set(file, text);
        options.retry(file, at);
        continue;
      }
      unparsed.delete(file);
      ready.push(prepared);
      started.set(file, at);
    }
    const events = await apply(ready, cwd);
    for (const file of change.deleted) {
      const module = loadedModule(file);
      if (!module) continue;
      // Nothing is undone: its functions keep their last implementation.
      forgetModule(file);
      events.push({ type: 'deleted', file, moduleId: module.moduleId });
    }
    const now = performance.now();
    for (const event of events) {
      const at = started.get(event.file);
      options.emit(at === undefined ? event : { ...event, ms: now - at });
    }
  };
}

/**
 * Applies new versions of loaded files as one change, without a watcher: what a save does, for tools and
 * tests. Call `trackModules()` before the modules load.
 */
export async function applyVersions(versions: { file: string; text: string }[], options: { cwd: string; instrumentBuilt?: boolean }): Promise<ApplyEvent[]> {
  const prepared = versions.map(({ file, text }) => prepare(file, text, { cwd: options.cwd, instrumentBuilt: options.instrumentBuilt ?? false }));
  return apply(prepared, options.cwd);
}

/**
 * Applies the prepared files of one change. Body patches of all files are committed together; modules that
 * must be evaluated again follow, each on its own (its top-level code has effects of its own).
 */
async function apply(changes: Prepared[], cwd: string): Promise<ApplyEvent[]> {
  const events: ApplyEvent[] = [];
  const bodies: BodyPatch[] = [];
  const others: Reevaluation[] = [];
  for (const prepared of changes) {
    if (prepared.kind === 'error') events.push(prepared.event);
    else if (prepared.kind === 'body') bodies.push(prepared);
    else if (prepared.kind === 're-evaluate') others.push(prepared);
  }
  if (bodies.length > 0) {
    const evaluated = evaluateBodies(bodies, cwd);
    if ('error' in evaluated) events.push(evaluated.error);
    else events.push(...commitBodies(bodies, evaluated.transactions));
  }
  for (const prepared of others) {
    const evaluated = await evaluateModule(prepared, cwd);
    if ('error' in evaluated) events.push(evaluated.error);
    else events.push(commitModule(prepared, evaluated.transaction, evaluated.warnings));
  }
  return events;
}
