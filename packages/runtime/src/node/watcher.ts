// Step 1 of a change: turns file-system events under the watched roots into complete file versions, one batch per change.
// Editors and build tools save by atomic rename, by truncating then writing, or in several writes:
// events for a file are coalesced until it has been quiet for `quietMs`, a version that does not
// parse yet is read again once the writer has had time to finish, and an empty file is a write
// still in progress. chokidar passes on only the first change event of a file per 50 ms (a leading-edge
// throttle with no trailing event), so each burst ends with a check of the file after that window.
const CHOKIDAR_THROTTLE_MS = 50;
/** Quiet time that ends a burst: the files one build writes, tens of milliseconds apart, apply together. */
const QUIET_MS = 50;
/**
 * The same for a burst of sources only (TypeScript, JSX): an editor writes them, all of one save within a few
 * milliseconds, and nothing builds them; a file read while still being written is read again (pipeline.ts).
 */
const SOURCE_QUIET_MS = 10;
/** A burst that goes on longer than this (or than 3 quiet times, if longer) is applied anyway (a build that never stops writing). */
const MAX_WAIT_MS = 300;
/**
 * How often the files changed last are checked for a write no event reported, and how many: chokidar sometimes
 * reports none for a file saved again (seen on Linux: a controller saved, restored by `git checkout`, then saved
 * again with the first text, under load; the save stayed stale and silent). A stat each, while nothing is pending.
 */
const RECHECK_MS = 500;
const RECENT_FILES = 32;
import fs from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'chokidar' with { 'resolution-mode': 'import' };
import { isScript, isSource, readText, rootOf } from './files';

export interface WatchOptions {
  roots: string[];
  /** Quiet time that ends a burst of events (default 50 ms). */
  quietMs?: number;
  /** Paths never watched (default: node_modules and dot-directories). */
  ignored?: (file: string) => boolean;
  /** Files that are not code but change how it runs (tsconfig.json, env files): `onConfig` is told when one changes. */
  configs?: string[];
  onConfig?: (file: string) => void;
}

export interface Change {
  /** `retry`: read again because its last version did not parse (`retry()`), with no new event since. */
  changed: { file: string; text: string; at: number; retry?: boolean }[];
  deleted: string[];
  /** When its files were read (ms since the epoch): a file saved later is not in it. */
  readAt?: number;
}

/** node_modules and dot-directories under a root (a root may itself sit in one: `~/.work/app`). */
export function ignoredUnder(roots: string[]): (file: string) => boolean {
  return (file) => {
    const root = rootOf(file, roots);
    return /(^|[\\/])(node_modules|\.[^\\/]+)([\\/]|$)/.test(root ? path.relative(root, file) : file);
  };
}

/**
 * What to watch: `roots`, and each of `files` that their watch does not cover (outside them, or in a directory it
 * leaves out). chokidar, given a path its directory's watch covers too, loses the `add` of a file written there
 * after it was deleted (seen: a JSON module deleted and written again, the program that exited without it never
 * started again). The roots' watch reports such a file only where `ignored` lets it through.
 */
export function watchedPaths(roots: string[], files: Iterable<string>, ignored: (file: string) => boolean): string[] {
  return [...roots, ...[...files].filter((file) => rootOf(file, roots) === undefined || ignored(path.dirname(file)))];
}

export class BuildWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** File -> time of the first event of its pending burst. */
  private readonly pending = new Map<string, number>();
  private readonly removed = new Set<string>();
  /** The text each file had when last read, and the pending check after chokidar's throttle window. */
  private readonly lastRead = new Map<string, string>();
  private readonly trailing = new Map<string, NodeJS.Timeout>();
  /** Files queued again by `retry()` since their last event. */
  private readonly retried = new Set<string>();
  /** The files changed last, oldest first (`recheckRecent` checks them). */
  private readonly recent = new Set<string>();
  /** Each file's size and time of change when last read: by a change, a recheck or a sweep. */
  private readonly stamps = new Map<string, string>();
  /** When each file was last read for a change (Date.now(), the clock of a file's time of change). */
  private readonly readAt = new Map<string, number>();
  private recheckTimer: NodeJS.Timeout | undefined;
  /** The text the program loaded of a file, if it did (given to `recheck`). */
  private loaded: (file: string) => string | undefined = () => undefined;
  /** Whether the next recheck sweeps: a change was applied since (a write of it may land just after). */
  private sweepDue = false;

  constructor(
    private readonly options: WatchOptions,
    private readonly onChange: (change: Change) => Promise<void>,
  ) {}

  /** Files whose save restarts the program (`onConfig`), not script changes, with their stamp when last seen. */
  private readonly configs = new Map<string, string>();
  private configTimer: NodeJS.Timeout | undefined;

  /**
   * Files a refused version looked for (`require('./words.json')` before words.json existed), by path without or
   * with an extension: one of them added or saved is reported as a script is, whatever its kind, so the refused
   * version goes again (pipeline.ts).
   */
  private readonly awaited = new Set<string>();

  awaitFile(missing: string): void {
    this.awaited.add(missing);
  }

  private isAwaited(file: string): boolean {
    return this.awaited.has(file) || this.awaited.has(file.slice(0, file.length - path.extname(file).length)) || this.awaited.has(path.dirname(file));
  }

  /** Watches `file` as a config from now on (a file the program read as data while it started). */
  addConfig(file: string): void {
    if (this.configs.has(file)) return;
    this.configs.set(file, stampOf(file));
    this.watcher?.add(file);
  }

  /** A config's save (chokidar's event, or a stamp `recheckRecent` saw move): one report for the writes of one save. */
  private configChanged(file: string): void {
    const stamp = stampOf(file);
    // The event of a write the recheck already reported.
    if (stamp === this.configs.get(file)) return;
    this.configs.set(file, stamp);
    // Gone too (deleted; an atomic save between its unlink and its rename writes again within the wait, and is told
    // as the save).
    clearTimeout(this.configTimer);
    this.configTimer = setTimeout(() => this.options.onConfig?.(file), QUIET_MS).unref();
  }

  async start(): Promise<void> {
    const { watch } = await import('chokidar');
    const ignored = this.options.ignored ?? ignoredUnder(this.options.roots);
    const configs = this.configs;
    for (const file of this.options.configs ?? []) configs.set(path.resolve(file), stampOf(path.resolve(file)));
    this.watcher = watch([...this.options.roots, ...configs.keys()], {
      ignoreInitial: true,
      // The process exits when the program is done, as it would without a watcher.
      persistent: false,
      ignored: (file: string, stats?: { isFile(): boolean }) =>
        !configs.has(path.resolve(file)) && (ignored(file) || (stats?.isFile() === true && !isScript(file) && !this.isAwaited(path.resolve(file)))),
    });
    const changed = (file: string): void => (configs.has(file) ? this.configChanged(file) : this.touched(file));
    this.watcher.on('add', (file) => changed(path.resolve(file)));
    this.watcher.on('change', (file) => changed(path.resolve(file)));
    this.watcher.on('unlink', (file) => this.unlinked(path.resolve(file)));
    await new Promise<void>((resolve, reject) => {
      this.watcher!.once('ready', resolve);
      this.watcher!.once('error', reject);
    });
    this.recheckTimer = setInterval(() => this.recheckRecent(), RECHECK_MS);
    this.recheckTimer.unref();
  }

  /**
   * Queues each recently changed file whose text changed since it was last read with no event to say so; reports
   * each config whose stamp moved unreported. A JSON module is watched from when the program loads it: chokidar
   * saw no save made while it set up that watch, which, under load, can be the program's first second.
   */
  private recheckRecent(): void {
    for (const [file, stamp] of this.configs) if (stampOf(file) !== stamp) this.configChanged(file);
    if (this.pending.size > 0) return;
    // After the change being applied, which reads its files first.
    void this.flushing.then(() => {
      if (this.sweepDue) {
        this.sweepDue = false;
        this.sweep();
      }
      for (const file of this.recent) this.checkStamp(file, this.lastRead.get(file));
    });
  }

  /** Queues `file` if its stamp moved since it was last read and its text is not `known`, with no event pending for it. */
  private checkStamp(file: string, known: string | undefined): void {
    if (this.pending.has(file)) return;
    const stamp = stampOf(file);
    if (stamp === this.stamps.get(file)) return;
    const text = readText(file);
    const read = this.readAt.get(file);
    // The text read last, written after that read: a save of the same text (`touch`, an editor's save of an
    // unmodified file), not the late stamp of the write read. Queued with its stamp unrecorded, so that the change
    // reads it as a save and chokidar's event, if one comes, finds it read: recording it here made that event a
    // duplicate, and the save had no line (a loaded CI).
    if (text !== undefined && text === known && read !== undefined && Number(stamp.split(':')[1]) > read) return this.touched(file);
    this.stamps.set(file, stamp);
    if (text !== undefined && text !== known) this.touched(file);
  }

  /** Whether `file` holds a text other than the one last read, with no event pending for it. */
  private changedUnreported(file: string): boolean {
    const text = readText(file);
    return text !== undefined && text !== this.lastRead.get(file) && !this.pending.has(file);
  }

  /** Notes `file` as read (`stamp`: taken before the read), the latest of the files checked by `recheckRecent`. */
  private noteRead(file: string, stamp: string): void {
    this.stamps.set(file, stamp);
    this.readAt.set(file, Date.now());
    this.recent.delete(file);
    this.recent.add(file);
    if (this.recent.size > RECENT_FILES) this.recent.delete(this.recent.values().next().value!);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    clearTimeout(this.configTimer);
    clearInterval(this.recheckTimer);
    for (const timer of this.trailing.values()) clearTimeout(timer);
    await this.watcher?.close();
  }

  private touched(file: string): void {
    if (!isScript(file) && !this.isAwaited(file)) return;
    this.removed.delete(file);
    this.retried.delete(file);
    const now = performance.now();
    if (!this.pending.has(file)) this.pending.set(file, now);
    this.schedule();
    this.checkAfterThrottle(file, now);
  }

  /** Reads `file` again once chokidar would report a change again, and queues it if it changed unreported. */
  private checkAfterThrottle(file: string, since: number): void {
    clearTimeout(this.trailing.get(file));
    const timer = setTimeout(() => {
      this.trailing.delete(file);
      void this.flushing.then(() => {
        if (!this.changedUnreported(file)) return;
        this.pending.set(file, since);
        this.schedule();
        this.checkAfterThrottle(file, since);
      });
    }, CHOKIDAR_THROTTLE_MS + 10);
    timer.unref();
    this.trailing.set(file, timer);
  }

  private unlinked(file: string): void {
    if (!isScript(file)) return;
    // An atomic save unlinks and adds again within the burst: only a file still missing at the end is deleted.
    this.removed.add(file);
    this.schedule();
  }

  private schedule(delay = this.options.quietMs ?? ([...this.pending.keys()].every(isSource) ? SOURCE_QUIET_MS : QUIET_MS)): void {
    clearTimeout(this.timer);
    const first = Math.min(...this.pending.values());
    if (performance.now() - first >= Math.max(MAX_WAIT_MS, 3 * (this.options.quietMs ?? 0))) delay = 0;
    this.timer = setTimeout(() => void this.flush(), delay);
    this.timer.unref();
  }

  private flushing: Promise<void> = Promise.resolve();

  private flush(): Promise<void> {
    const files = [...this.pending];
    const removed = [...this.removed];
    const retried = new Set(this.retried);
    this.pending.clear();
    this.removed.clear();
    this.retried.clear();
    // One change at a time, in order: the next waits for this one to be applied.
    this.flushing = this.flushing.then(async () => {
      const change: Change = { changed: [], deleted: [], readAt: Date.now() };
      for (const [file, at] of files) {
        const stamp = stampOf(file);
        const text = readText(file);
        if (text === undefined) {
          this.lastRead.delete(file);
          change.deleted.push(file);
        } else if (text === this.lastRead.get(file) && stamp === this.stamps.get(file) && !retried.has(file)) {
          // A late event of the write read last (a build's truncate and write, reported apart under load): the
          // same text again would be applied, or refused, twice for one save. A save of the same text moves the stamp.
          continue;
        } else {
          this.lastRead.set(file, text);
          this.noteRead(file, stamp);
          if (text.length > 0) change.changed.push({ file, text, at, ...(retried.has(file) ? { retry: true } : {}) });
        }
      }
      for (const file of removed) {
        if (readText(file) === undefined && !change.deleted.includes(file)) change.deleted.push(file);
      }
      if (change.changed.length > 0 || change.deleted.length > 0) {
        await this.onChange(change);
        // At the next recheck, not now: the program's first calls after the change would wait for it.
        this.sweepDue = true;
      }
    });
    return this.flushing;
  }

  /**
   * Queues every watched file whose text on disk differs from `loaded(file)`, the text the program loaded:
   * a file written after the program read it and before the watcher was ready raised no event (a save
   * while the program starts, or restarts). The same check follows every change (`sweep`).
   */
  recheck(loaded: (file: string) => string | undefined): void {
    this.loaded = loaded;
    this.sweep();
  }

  /**
   * Queues every watched script the program loaded whose text on disk is neither the one last read nor the one
   * loaded, with no event pending for it: run when the watcher is ready and at the recheck after each change, since chokidar,
   * under load, reported no event for one file of a three-file change (the entry module, never saved before, so
   * not one of the files `recheckRecent` checks). A `stat` each; a file is read only when it moved.
   */
  private sweep(): void {
    for (const [dir, names] of Object.entries(this.watcher?.getWatched() ?? {})) {
      for (const name of names) {
        const file = path.resolve(dir, name);
        if (!isScript(file)) continue;
        const known = this.lastRead.get(file) ?? this.loaded(file);
        if (known !== undefined) this.checkStamp(file, known);
      }
    }
  }

  /**
   * The program loaded `file` from `text`: a save this watcher read before, taken for a file not loaded yet,
   * is applied now. `saved`: the file held another text when it ran (an ES module the hooks thread reported
   * late; that save was taken for the version running, or raised no event while the program started).
   */
  programLoaded(file: string, text: string, saved: boolean): void {
    const read = this.lastRead.get(file);
    if (saved || (read !== undefined && read !== text)) this.retry(file, performance.now());
  }

  /** Queues `file` again, to be read after the next quiet period (a write that was still in progress). */
  retry(file: string, at: number): void {
    if (!this.pending.has(file)) {
      this.pending.set(file, at);
      this.retried.add(file);
    }
    this.schedule(Math.max(this.options.quietMs ?? QUIET_MS, 50));
  }
}

/** A file's size and time of change, to tell cheaply whether it may have been written. */
function stampOf(file: string): string {
  const stats = fs.statSync(file, { throwIfNoEntry: false });
  return stats ? `${stats.size}:${stats.mtimeMs}:${stats.ino}` : '';
}
