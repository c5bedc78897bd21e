// What applying a change produces: one event per file, reported by report.ts and passed to `onEvent`.
import type { PatchReport } from '../registry';

export type PatchRule = 'body' | 're-evaluate';

/** What every event of a change says about its file. */
interface FileEvent {
  /** The built file. */
  file: string;
  /** The source it was built from, through its source map, relative to the working directory (for people). */
  source?: string;
}

export interface PatchEvent extends FileEvent {
  type: 'patch';
  moduleId: string;
  rule: PatchRule;
  /** Why the module was evaluated again: where its first change outside a function body is. */
  reason?: string;
  report: PatchReport;
  /**
   * A module evaluated again: the module-level names of the instance it replaced that held state (objects, `let`
   * variables: analyse.ts), which the new instance made anew. Unknown where that version was not analysed (a module with no function, or an analysis that failed).
   */
  state?: string[];
  /** Module-level constants a body patch declared in the running module's scope (`const TAG = '[v2]'`). */
  declared?: string[];
  /** Module-level constants a body patch gave a new value (the functions reading them compiled again). */
  revalued?: string[];
  /** What did not take effect, and why. */
  warnings: string[];
}

export interface ErrorEvent extends FileEvent {
  type: 'error';
  moduleId?: string;
  /** `source:line:column` of the error, mapped through the source map. */
  location?: string;
  message: string;
  /** A syntax error in a source: its lines around the error, with a caret under it. */
  frame?: string;
  /** The change needs a restart that was not made (`--restart=never`, or nothing can restart the program). */
  needsRestart?: true;
  /** The other files of the same save, held back with it (one save applies whole), as messages name them. */
  heldWith?: string[];
  /** The file a `require` or import of its version looked for and did not find (with or without its extension). */
  missing?: string;
}

export interface DeletedEvent extends FileEvent {
  type: 'deleted';
  moduleId?: string;
  /** Loaded files whose code still names it, as messages name them: a fresh start would fail to load it. */
  importedBy?: string[];
}

/** The change reaches the program's entry: the program is restarted (by the CLI's supervisor). */
export interface RestartEvent extends FileEvent {
  type: 'restart';
  reason: string;
}

/** A file whose last save was not applied is saved again as the version that runs: the refusal is over. */
export interface RestoredEvent extends FileEvent {
  type: 'restored';
  moduleId?: string;
}

/**
 * A save that changes no code that runs (types, comments, layout), or of a file the program has not loaded (a
 * module only of types, which compiling erases; a new file nothing imports yet): nothing to apply, and the
 * report says so.
 */
export interface UnchangedEvent extends FileEvent {
  type: 'unchanged';
  moduleId?: string;
  /** The program has not loaded the file: it runs as saved once a module imports it. */
  notLoaded?: true;
  /** Saved with the text the program runs: nothing changed at all. */
  resaved?: true;
}

export type ApplyEvent = PatchEvent | ErrorEvent | DeletedEvent | RestartEvent | RestoredEvent | UnchangedEvent;

/** The watcher is ready: edits from now on are applied. */
export interface ReadyEvent {
  type: 'ready';
  roots: string[];
  /**
   * Set when the supervisor restarted the program: why, how long the restart took until now, and the files saved
   * while it restarted, which it runs.
   */
  restarted?: { reason: string; ms: number; saved?: string[] };
}

export type TimedEvent = (ApplyEvent & { ms?: number }) | ReadyEvent;
