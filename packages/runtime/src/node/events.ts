// What applying a change produces: one event per file, reported by report.ts and passed to `onEvent`.
import type { PatchReport } from '../registry';

export type PatchRule = 'body' | 're-evaluate';

export interface PatchEvent {
  type: 'patch';
  file: string;
  moduleId: string;
  rule: PatchRule;
  /** Why the module was evaluated again: where its first change outside a function body is. */
  reason?: string;
  report: PatchReport;
  /** What did not take effect, and why. */
  warnings: string[];
}

export interface ErrorEvent {
  type: 'error';
  file: string;
  moduleId?: string;
  /** `source:line:column` of the error, mapped through the source map. */
  location?: string;
  message: string;
}

export interface DeletedEvent {
  type: 'deleted';
  file: string;
  moduleId: string;
}

export type ApplyEvent = PatchEvent | ErrorEvent | DeletedEvent;

/** The watcher is ready: edits from now on are applied. */
export interface ReadyEvent {
  type: 'ready';
  roots: string[];
}

export type TimedEvent = (ApplyEvent & { ms?: number }) | ReadyEvent;
