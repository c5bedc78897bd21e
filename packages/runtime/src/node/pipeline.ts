// Runs one change (the files of one save, from the watcher) through the steps: analyse (analyse.ts),
// evaluate (evaluate.ts), commit (commit.ts), and hands the events to report. A version that does not
// parse is read once more (a write still in progress) before it is reported.
//
// What a change does (docs/runtime.md): function bodies are patched in place; a module whose top level
// changed is evaluated again, then each module importing it that holds one of its exports whose value
// changed (a router, a config object, a schema: not a patched function, which forwards), as Vite's HMR
// propagates, until no value changed. Where that reaches the entry module (which has no dispose handler)
// the program is restarted instead. Everything of one change is committed together, or nothing is.
import type { PatchTransaction } from '../registry';
import { analyse, assignedExports, deferredTimer, exportsMember, heldExports, holdsExportNames, moduleLevelNames, parseRunning, prepare, recordMakers, readByFunctions, runningCode, sameClasses, sourceRefusal, startupStale, type ModuleVersion, type Prepared, type RunningProgram } from './analyse';
import { commitBodies, commitModule } from './commit';
import { evaluateBodies, evaluateModule, type BodyPatch, type Reevaluated } from './evaluate';
import type { ApplyEvent, ErrorEvent, PatchEvent, RestartEvent } from './events';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScript, readText } from './files';
import { listedBy, textReadBy } from './reads';
import { disposable, exportWalkers, loadedModule, outsideImporterOf, type LoadedModule } from './modules';
import { heldBackRestart, listed, literally, mentions } from './report';
import { readSourceMap } from './source-map';
import { startedAServer } from './startup';
import { aloneInProgram } from './threads';
import type { Change } from './watcher';

/** When a change reaches the program's entry: restart it (`auto`: unless the entry can dispose itself), or refuse. */
export type RestartPolicy = 'auto' | 'always' | 'never';

export interface ApplyOptions {
  cwd: string;
  instrumentBuilt: boolean;
  /** The program's entry file: a change that reaches it restarts the program. */
  entry?: string;
  restart?: RestartPolicy;
  /**
   * Asks whoever runs the program (the CLI's supervisor) for a restart; absent when nothing can restart it.
   * `since`: when the change's files were read (ms since the epoch): a file saved after it is not in the change.
   */
  requestRestart?: (reason: string, since?: number) => void;
}

export interface PipelineOptions extends ApplyOptions {
  /** Reads `file` again after the writer has had time to finish. */
  retry(file: string, at: number): void;
  /** Reports the creation of the file a refused version looked for (`missing`), whatever its kind (a JSON file). */
  awaitFile(missing: string): void;
  /**
   * The program's files whose text on disk does not parse (refused for it), with that error, kept here and by
   * whoever refuses its configs (JSON): a restart now would start a program that dies as it loads them, and waits.
   */
  unparsable: Map<string, ErrorEvent>;
  /** Receives the events of one change, and the time from its first write to the end of applying it. */
  report(events: ApplyEvent[], ms: number | undefined): void;
}

export function createPipeline(options: PipelineOptions): (change: Change) => Promise<void> {
  /** Texts that did not parse once: a second identical read is a real syntax error, not a write in progress. */
  const unparsed = new Map<string, string>();
  /**
   * Files whose last save was not applied: `own` for the file an error names, `with` for the files of the
   * same change held back with it (one change applies whole), which go again with the next change.
   */
  const refused = new Map<string, 'own' | 'with'>();
  /**
   * Files refused for what their new version did as it ran (it threw at load: a module it requires is missing,
   * a value of another module it reads is not ready), with that error. Such a version can start to work by a
   * change of another file: it goes again with a change that adds a file, or changes a module it imports or that
   * its error points into (a syntax error or a needed restart waits for its own file's next save).
   */
  const failedToRun = new Map<string, ErrorEvent>();
  const { unparsable } = options;
  /** An error located in another file: a syntax error of a module this file's version imported fails it as a throw would. */
  const elsewhere = (error: ErrorEvent, file: string): boolean => error.location !== undefined && !error.location.startsWith(`${sourceName(file, options.cwd)}:`);

  return async (change) => {
    const readAt = change.readAt ?? Date.now();
    const ready: Prepared[] = [];
    const read = new Map<string, string>();
    const restored: ApplyEvent[] = [];
    const unloaded: ApplyEvent[] = [];
    const resaved: ApplyEvent[] = [];
    /** A file of this change that did not parse is read once more before it is refused. */
    let deferred = false;
    let started = Infinity;
    const first = Math.min(...change.changed.map(({ at }) => at));
    const heldBack = [...refused]
      .filter(([file, why]) => why === 'with' && !change.changed.some((changed) => changed.file === file))
      .map(([file]) => ({ file, text: readText(file), at: first }))
      .filter((held): held is { file: string; text: string; at: number } => held.text !== undefined);
    const changedFiles = new Set(change.changed.map(({ file }) => file));
    // Not by a file written again with the text that runs (a build rewrites every output): under load its event
    // came after the refusal, which was then reported a second time, as if for the next save. Unless that file was
    // refused too: saved back to the text that runs, it is what the refused version reads again.
    const reachedBy = (file: string, error: ErrorEvent): boolean =>
      change.changed.some(({ file: other, text }) => {
        const module = loadedModule(other);
        if (module?.text === text && !refused.has(other)) return false;
        return !module || module.importers.has(file) || (error.location?.startsWith(`${sourceName(other, options.cwd)}:`) ?? false);
      });
    const retried = [...failedToRun]
      .filter(([file, error]) => !changedFiles.has(file) && refused.get(file) === 'own' && reachedBy(file, error))
      .map(([file]) => ({ file, text: readText(file), at: first }))
      .filter((again): again is { file: string; text: string; at: number } => again.text !== undefined);
    /** A file the program read as data (reads.ts): what it made of it then is reached only by a restart. */
    let readAsData: { file: string; reason: string } | undefined;
    for (const { file, text, at } of [...change.changed, ...heldBack, ...retried]) {
      const module = loadedModule(file);
      if (!module) {
        const found = listedBy(file);
        const listing = found && !found.wasThere ? found : undefined;
        const reader = textReadBy(file);
        if (listing || reader) {
          readAsData ??= {
            file,
            reason: listing
              ? `${sourceName(file, options.cwd)} is new, and ${sourceName(listing.by, options.cwd)} listed ${sourceName(listing.dir, options.cwd)} while the program ran: what it loads from there, it loads as the program starts`
              : `${sourceName(reader!, options.cwd)} read the text of ${sourceName(file, options.cwd)} while the program ran`,
          };
          started = Math.min(started, at);
        }
        // Said, so that every save ends in a line; where other threads run, each reports only what it loaded. Not of a
        // file other than a script: reported only as one a refused version looked for (awaitFile), which goes again.
        else if (aloneInProgram() && isScript(file)) unloaded.push({ type: 'unchanged', file, notLoaded: true });
        continue;
      }
      // The output that runs, written again for a source that does not parse: refused all the same.
      const refusal = text === module.text ? sourceRefusal(module, text, options) : undefined;
      if (text === module.text && !refusal) {
        unparsable.delete(file);
        if (refused.delete(file)) restored.push({ type: 'restored', file, moduleId: module.moduleId });
        else if (aloneInProgram()) resaved.push({ type: 'unchanged', file, moduleId: module.moduleId, resaved: true });
        continue;
      }
      const prepared = refusal ?? prepare(file, text, options);
      if (prepared.kind === 'error' && prepared.event.message.startsWith('SyntaxError') && unparsed.get(file) !== text) {
        unparsed.set(file, text);
        options.retry(file, at);
        deferred = true;
        continue;
      }
      unparsed.delete(file);
      // What does not reach code that runs (comments, types), or reaches only a module evaluated again, is not
      // what a program that read the file's text made of it (swagger-jsdoc's API documentation from comments).
      const reader = textReadBy(file);
      if (reader && (prepared.kind === 'unchanged' || prepared.kind === 're-evaluate')) {
        readAsData ??= { file, reason: `${sourceName(file, options.cwd)} changed, and ${sourceName(reader, options.cwd)} read its text while the program ran` };
      }
      ready.push(prepared);
      read.set(file, text);
      started = Math.min(started, at);
    }
    // A module deleted from a directory the program listed: what it registered from there stays until a restart.
    for (const file of change.deleted) {
      const listing = loadedModule(file) && listedBy(file);
      if (listing) {
        readAsData ??= {
          file,
          reason: `${sourceName(file, options.cwd)} was deleted, and ${sourceName(listing.by, options.cwd)} listed ${sourceName(listing.dir, options.cwd)} while the program ran`,
        };
      }
    }
    const applied = await apply(ready, options, readAsData);
    // A file that was not loaded may be now: a version refused for its absence required it.
    const events = [...restored, ...applied, ...unloaded.filter((event) => !loadedModule(event.file))];
    // A save of the same text (an editor's save of an unmodified file, `touch`, a build writing what it wrote
    // before) is said only when nothing else of the change is: a build rewrites many files of one change.
    if (events.length === 0) events.push(...resaved);
    for (const file of [...read.keys(), ...change.deleted]) {
      const own = events.find((event): event is ErrorEvent => event.type === 'error' && event.file === file);
      if (own?.message.startsWith('SyntaxError') && !elsewhere(own, file)) unparsable.set(file, own);
      else unparsable.delete(file);
    }
    // A restart while a file of the program does not parse, or before one of this change is read again, would
    // end the program: held back with the files of the change, which go again with the next change.
    const restartAt = events.findIndex((event) => event.type === 'restart');
    const held = restartAt !== -1 && (deferred || unparsable.size > 0) ? (events.splice(restartAt, 1)[0] as RestartEvent) : undefined;
    // A file held back with another file's error goes again with the next change, so fixing that file
    // applies the whole save; not after a refused restart, which would refuse every later change too.
    const errors = events.filter((event): event is ErrorEvent => event.type === 'error');
    for (const [file, text] of read) {
      failedToRun.delete(file);
      const ownError = errors.some((error) => error.file === file);
      // The text that runs is refused only for its source (sourceRefusal): back to it, nothing is held.
      if ((errors.length === 0 && !held) || (loadedModule(file)?.text === text && !ownError)) refused.delete(file);
      else refused.set(file, ownError || errors.some((error) => error.needsRestart) ? 'own' : 'with');
      const own = errors.find((error) => error.file === file);
      if (own && !own.needsRestart && (!own.message.startsWith('SyntaxError') || elsewhere(own, file))) {
        failedToRun.set(file, own);
        if (own.missing) options.awaitFile(own.missing);
      }
    }
    if (held && unparsable.size > 0) {
      // Named by a file the developer saved, not the entry the change reached.
      const saved = [...read.keys()].find((file) => !errors.some((error) => error.file === file)) ?? held.file;
      events.push({ type: 'error', file: saved, message: heldBackRestart(held.reason, unparsable, options.cwd) });
    }
    // Said with the error, so that a file held back with it, which has no line of its own, is not a save that seems lost.
    const heldWith = [...read.keys()].filter((file) => refused.get(file) === 'with' && !events.some((event) => event.type === 'error' && event.file === file));
    const named = errors.find((error) => !error.needsRestart);
    if (named && heldWith.length > 0) named.heldWith = heldWith.map((file) => sourceName(file, options.cwd));
    // A file refused before, and not part of this change, still runs its earlier version: said with what applied, or a
    // save that works would read as the program being up to date where a restart would fail on that file.
    const stillRefused = [...refused].filter(([file, why]) => why === 'own' && !read.has(file)).map(([file]) => sourceName(file, options.cwd));
    const patched = events.find((event): event is PatchEvent => event.type === 'patch');
    if (patched && stillRefused.length > 0) {
      patched.warnings.push(`${listed(stillRefused)} still ${stillRefused.length === 1 ? 'runs its' : 'run their'} earlier version: ${stillRefused.length === 1 ? 'its' : 'their'} last save was not applied`);
    }
    for (const file of change.deleted) {
      const module = loadedModule(file);
      if (!module) continue;
      // Nothing is undone: its functions keep their last implementation, and its record the text they run, which
      // the file written again (restored, a clean build) is compared with.
      // Named by their code's `require` or import of it (its name without the extension).
      const stem = path.basename(file).replace(/\.[^.]+$/, '');
      const importers = [...module.importers].filter((importer) => !change.deleted.includes(importer) && wordIn(stem, loadedModule(importer)?.text ?? ''));
      events.push({ type: 'deleted', file, moduleId: module.moduleId, ...(importers.length > 0 && { importedBy: importers.map((importer) => sourceName(importer, options.cwd)) }) });
    }
    const ms = started === Infinity ? undefined : performance.now() - started;
    for (const event of events) event.source ??= sourceName(event.file, options.cwd);
    if (events.length > 0) options.report(events, ms);
    // Asked once the report is out: the supervisor ends this process at once.
    const restart = events.find((event) => event.type === 'restart');
    if (restart) await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
    if (restart) options.requestRestart?.(restart.reason, readAt);
  };
}

/**
 * Applies new versions of loaded files as one change, without a watcher: what a save does, for tools and
 * tests. Call `trackModules()` before the modules load.
 */
export async function applyVersions(versions: { file: string; text: string }[], options: Partial<ApplyOptions> & { cwd: string }): Promise<ApplyEvent[]> {
  const settings: ApplyOptions = { instrumentBuilt: false, restart: 'never', ...options };
  return apply(
    versions.map(({ file, text }) => prepare(file, text, settings)),
    settings,
  );
}

/** The importers' running code, parsed once in a change: a module that changes a value and gains an export asks both questions of each. */
type ParsedImporters = (importer: LoadedModule) => RunningProgram;

function parsedImporters(options: ApplyOptions): ParsedImporters {
  const programs = new Map<string, RunningProgram>();
  return (importer) => {
    const code = runningCode(importer, importer.text, options);
    if (!programs.has(code)) programs.set(code, parseRunning(code, importer.format === 'module' ? 'module' : 'script'));
    return programs.get(code);
  };
}

/**
 * Whether `importer` holds and reads none of the exports of `file` that changed value (`const { FRAME_RATE } =
 * require('./constants')`, `import { FRAME_RATE } from './constants.js'`, when GRID_SIZE changed): it need not be
 * evaluated again.
 */
function holdsNoneOf(importer: string, file: string, changed: string[], parsed: ParsedImporters): boolean {
  const record = loadedModule(importer);
  if (!record || changed.some((name) => !/^[\w$]+$/.test(name))) return false;
  const held = heldExports(parsed(record), (specifier) => mayName(record, specifier, file));
  return held !== undefined && changed.every((name) => !held.has(name));
}

/**
 * The importers that must run again when `module` gains or loses an export: a loader that walked its exports at
 * start-up (modules.ts), and an importer that holds its export names as they were (an ES namespace, a star
 * re-export, a copy of CommonJS exports: a barrel), through which a new export would be undefined, or refused at
 * link as missing.
 */
function exportHolders(module: LoadedModule, parsed: ParsedImporters): { loaders: string[]; outside: string | undefined } {
  const walkers = exportWalkers(module);
  const holders = [...module.importers].filter((file) => {
    const importer = loadedModule(file);
    if (!importer || walkers.loaders.includes(file)) return false;
    return holdsExportNames(parsed(importer), (specifier) => mayName(importer, specifier, module.file));
  });
  return { loaders: [...walkers.loaders, ...holders], outside: walkers.outside };
}

/** Whether `specifier`, required or imported by `importer`, may resolve to `file` (when unsure: it may). */
function mayName(importer: LoadedModule, specifier: string, file: string): boolean {
  if (importer.format === 'commonjs') {
    try {
      return createRequire(importer.file).resolve(specifier) === file;
    } catch {
      return false; // resolves to nothing: not to `file`
    }
  }
  // An ES import: a path (a TypeScript source is imported by its .js name, or by none), else a package or an alias.
  const bare = !/^(?:\.{1,2}\/|\/|file:)/.test(specifier);
  if (bare) return true;
  const named = specifier.startsWith('file:') ? fileURLToPath(specifier.replace(/[?#].*$/, '')) : path.resolve(path.dirname(importer.file), specifier.replace(/[?#].*$/, ''));
  const stem = (of: string) => of.slice(0, of.length - path.extname(of).length);
  return named === file || stem(named) === stem(file) || (named === path.dirname(file) && path.basename(stem(file)) === 'index');
}

/** The modules `module` imports among those in `set`. */
function dependenciesIn(module: LoadedModule, set: Map<string, unknown>): string[] {
  return [...set.keys()].filter((file) => loadedModule(file)?.importers.has(module.file));
}

/**
 * Applies the prepared files of one change: body patches, then the modules evaluated again (dependencies
 * before the modules that import them) and the importers that must follow, or a restart. All of it is
 * committed together; if anything fails, all of it is rolled back.
 */
async function apply(changes: Prepared[], options: ApplyOptions, restartFor?: { file: string; reason: string }): Promise<ApplyEvent[]> {
  const events: ApplyEvent[] = [];
  const bodies: BodyPatch[] = [];
  /**
   * Modules to evaluate again: their new text, why, (for an importer that follows) the save that started it, and
   * whether a module it imports changed value in this change.
   */
  const queue = new Map<string, { text: string; running: string; reason: string; origin?: string; importsChanged?: boolean }>();
  const parsed = parsedImporters(options);
  for (const prepared of changes) {
    if (prepared.kind === 'restart') restartFor ??= { file: prepared.module.file, reason: prepared.reason };
    if (prepared.kind === 'error') events.push(prepared.event);
    else if (prepared.kind === 'body') {
      // An export gained or lost by a module whose exports a loader walked at start-up (a require by a computed
      // path, a framework's loader), or a barrel copied: evaluated again, which runs that loader or barrel again
      // or restarts, or a new route would silently not exist.
      const gained = prepared.exportsToDefine.length + prepared.exportsAssigned.length > 0 || prepared.members.some(({ fn }) => exportsMember(fn));
      const lost = prepared.removedExports.length > 0 || prepared.droppedMembers.some(exportsMember);
      const walkers = gained || lost ? exportHolders(prepared.module, parsed) : undefined;
      if (!walkers || (walkers.loaders.length === 0 && !walkers.outside)) bodies.push(prepared);
      else queue.set(prepared.module.file, { text: prepared.text, running: prepared.running, reason: gained && lost ? 'exports added and removed' : gained ? 'an export added' : 'an export removed' });
    } else if (prepared.kind === 're-evaluate') queue.set(prepared.module.file, prepared);
    else if (prepared.kind === 'unchanged') {
      // Nothing runs differently: the saved text becomes the one later saves are compared with.
      prepared.module.text = prepared.text;
      events.push({ type: 'unchanged', file: prepared.module.file, moduleId: prepared.module.moduleId });
    }
  }
  if (bodies.length === 0 && queue.size === 0 && !restartFor) return events;

  const restart = (file: string, why: string): ApplyEvent[] => {
    if (options.restart === 'never' || !options.requestRestart) {
      const message = options.restart === 'never'
        ? `needs a restart (${why}); --restart=never: the running program keeps the previous version`
        : `needs a restart (${why}), and this process cannot restart itself: run it under \`mighty-patcher run\`, or restart it`;
      return [...events, { type: 'error', file, moduleId: loadedModule(file)?.moduleId, message, needsRestart: true }];
    }
    // A restart applies every file of the change: none of them is 'unchanged, nothing to apply' then, and the
    // reason names them, so that each save has its line.
    const others = changes.flatMap((prepared) => ('module' in prepared ? [sourceName(prepared.module.file, options.cwd)] : [])).filter((name) => !mentions(why, name));
    const also = others.length > 0 ? `; the restart also applies ${listed(others)}` : '';
    return [...events.filter((event) => event.type !== 'unchanged'), { type: 'restart', file, reason: `${why}${also}` }];
  };
  if (restartFor) return restart(restartFor.file, restartFor.reason);
  const needsRestart = (file: string): boolean =>
    options.restart === 'always' || ((file === options.entry || startedAServer(file)) && !disposable(file));
  /** Why a change that evaluates `file` again restarts the program instead. */
  const restartReason = (file: string): string =>
    file === options.entry
      ? 'the entry module has no dispose handler'
      : startedAServer(file)
        ? 'it started a server, which evaluated again would listen again, and it has no dispose handler'
        : '--restart=always';
  for (const [file, { reason }] of queue) {
    if (needsRestart(file)) return restart(file, `${sourceName(file, options.cwd)} changed (${reason}); ${restartReason(file)}`);
  }

  const transactions: PatchTransaction[] = [];
  const reevaluated: { done: Reevaluated; reason: string; text: string; next?: ModuleVersion; ran?: ModuleVersion; check?: () => string | undefined }[] = [];
  let failure: ErrorEvent | undefined;
  /** A version that threw after its top level deferred starting a timer (deferredTimer): restarted, not refused. */
  let failedDeferred: { file: string; why: string } | undefined;
  let bodyTransactions: PatchTransaction[] = [];
  if (bodies.length > 0) {
    const evaluated = evaluateBodies(bodies, options.cwd);
    if ('error' in evaluated) return [...events, evaluated.error];
    bodyTransactions = evaluated.transactions;
    transactions.push(...bodyTransactions);
  }
  try {
    return await evaluateAndCommit();
  } catch (error) {
    // A fault of ours: nothing of the change stays half applied, and the report says so.
    await undo(transactions, reevaluated);
    throw error;
  }

  async function evaluateAndCommit(): Promise<ApplyEvent[]> {
    const done = new Set<string>();
    while (queue.size > 0 && !failure) {
      // A module whose dependencies in the queue are all done first (in a cycle: any).
      const [file, next] = [...queue].find(([candidate]) => dependenciesIn(loadedModule(candidate)!, queue).every((dependency) => dependency === candidate)) ?? [...queue][0]!;
      queue.delete(file);
      done.add(file);
      const module = loadedModule(file)!;
      sourceName(file, options.cwd);
      const sourceType = module.format === 'module' ? 'module' : 'script';
      let classes: Set<string>;
      /** The classes both versions declare at their top level. */
      let declaredClasses: string[] = [];
      let versions: { running: ModuleVersion | undefined; next: ModuleVersion | undefined } | undefined;
      /** The version whose top level ran: the state its instance held is what evaluating it again does not keep. */
      let ran: ModuleVersion | undefined;
      try {
        ran = module.base ?? analyse(runningCode(module, module.text, options), sourceType);
        const after = next.text === module.text ? ran : analyse(next.running, sourceType);
        classes = sameClasses(ran, after, next.importsChanged ?? false);
        declaredClasses = [...(ran?.classes.keys() ?? [])].filter((name) => after?.classes.has(name));
        versions = { running: module.current ?? ran, next: after };
      } catch {
        classes = new Set();
      }
      // A module whose dispose handlers undo what its start made is evaluated again as it asks.
      const disposes = disposable(file);
      const checkStartup = !disposes && module.moduleId !== undefined && versions !== undefined;
      const importChanged = next.text === module.text;
      const result = await evaluateModule(module, next.running, classes, declaredClasses, versions?.next ? readByFunctions(versions.next) : new Set(), options.cwd);
      if ('error' in result) {
        failure = result.error;
        // Its top level ran up to the throw, and may have deferred starting a timer, which nothing could stop then.
        const deferred = deferredTimer(next.running, versions?.next);
        if (deferred) failedDeferred = { file, why: `${displayName(module)} threw as it was evaluated again (${failure.message.split('\n')[0]}), and ${deferred}, which would run on` };
        break;
      }
      reevaluated.push({
        done: result,
        reason: next.reason,
        text: next.text,
        next: versions?.next,
        ran,
        check: () =>
          // What its previous instance deferred (a timer started after an await) runs on: a restart stops it.
          (disposes ? undefined : deferredTimer(runningCode(module, module.text, options), versions?.running)?.concat(', which would run on beside the one the new instance starts')) ??
          (checkStartup ? startupStale(module.moduleId!, versions!.running, versions!.next, importChanged) : undefined),
      });
      if (result.transaction) transactions.push(result.transaction);
      // An export added (or removed) is read by no code written before, except what holds the module's export names
      // as they were (a loader that walked them at start-up, a barrel, an ES namespace): that runs again, or a new
      // route would silently not exist.
      const walked = result.addedExports.length > 0 || result.removedExports.length > 0;
      const { loaders, outside: outsideLoader } = walked ? exportHolders(module, parsed) : { loaders: [], outside: undefined };
      // An ES module's bindings that its functions assign (`export let count`): an importer of the previous instance
      // reads one that no longer moves, even where its value is the same now.
      const assigned = module.format === 'module' ? [...(assignedExports(next.running) ?? [])].filter((name) => !result.changedExports.includes(name)) : [];
      const held = [...result.changedExports, ...assigned];
      if (held.length === 0 && loaders.length === 0 && !outsideLoader) continue;
      const exportsList = (names: string[]) => listed(names.map((name) => (name === 'default' ? 'default export' : name)));
      const gainedLost = [
        ...(result.addedExports.length > 0 ? [`gained ${exportsList(result.addedExports)}`] : []),
        ...(result.removedExports.length > 0 ? [`lost ${exportsList(result.removedExports)}`] : []),
      ].join(' and ');
      const what = [
        ...(result.changedExports.length > 0 ? [`${exportsList(result.changedExports)} changed value`] : []),
        ...(assigned.length > 0 ? [`${exportsList(assigned)} ${assigned.length === 1 ? 'is a binding' : 'are bindings'} its new instance assigns`] : []),
        ...(loaders.length > 0 || outsideLoader ? [`exports ${gainedLost}`] : []),
      ].join(' and ');
      // Held by code that is not the program's (a framework's loader: @fastify/autoload reads a plugin's
      // `autoConfig` at start-up): nothing that is evaluated again can take the new values to it.
      const outside = outsideImporterOf(file) ?? (module.importers.size === 0 && result.changedExports.length > 0 ? 'what loaded it (a framework, at start-up)' : undefined);
      if (outside && file !== options.entry && !disposes) {
        await undo(transactions, reevaluated);
        const holder = path.isAbsolute(outside) ? path.relative(options.cwd, outside) : outside;
        const why = `${next.origin ? `${next.origin}; then ` : ''}${displayName(module)} changed (${next.reason}); ${what}, and ${holder} imported it, which is not evaluated again`;
        return restart(file, why);
      }
      // A CommonJS module's exports object keeps what it lost (syncExports), and a barrel or loader run again copies
      // it from there: a name another module of the barrel exports (a function moved between files) would not reach
      // the barrel's importers. A restart leaves nothing behind.
      const copiers = module.format === 'commonjs' && result.removedExports.length > 0 && !disposes ? loaders.filter((importer) => !done.has(importer)) : [];
      if (copiers.length > 0) {
        await undo(transactions, reevaluated);
        const why = `${next.origin ? `${next.origin}; then ` : ''}${displayName(module)} changed (${next.reason}); its exports lost ${exportsList(result.removedExports)}, and ${listed(copiers.map((importer) => sourceName(importer, options.cwd)))} copied them as it loaded (a barrel, a loader)`;
        return restart(file, why);
      }
      for (const importer of held.length > 0 ? module.importers : loaders) {
        if (done.has(importer)) continue;
        if (!loaders.includes(importer) && holdsNoneOf(importer, file, held, parsed)) continue;
        const queued = queue.get(importer);
        if (queued) {
          queued.importsChanged = true;
          continue;
        }
        const reason = `it imports ${displayName(module)}, whose ${what}`;
        const origin = next.origin ?? `${displayName(module)} changed (${next.reason})`;
        if (needsRestart(importer)) {
          await undo(transactions, reevaluated);
          const through = next.origin ? `; then ${displayName(module)}, whose ${what},` : `; its ${what}, and`;
          return restart(importer, `${origin}${through} ${sourceName(importer, options.cwd)} imports it: ${restartReason(importer)}`);
        }
        const record = loadedModule(importer);
        if (!record) continue;
        // An importer this change also patches in place: its new version is evaluated instead, its patch undone.
        const patched = bodies.findIndex((body) => body.module.file === importer);
        if (patched !== -1) {
          const [body] = bodies.splice(patched, 1);
          const [open] = bodyTransactions.splice(patched, 1);
          transactions.splice(transactions.indexOf(open!), 1);
          open!.rollback();
          queue.set(importer, { text: body!.text, running: body!.running, reason: `${reason} (its new version)`, origin, importsChanged: true });
          continue;
        }
        queue.set(importer, { text: record.text, running: runningCode(record, record.text, options), reason, origin, importsChanged: true });
      }
    }
    // A body patch that declares a require or an import again (`const { step, next } = require('./lib')`, gaining
    // `next`) read the exports of a module this change then evaluated again: it runs again, after that module.
    for (const [at, body] of bodies.entries()) {
      if (failure) break;
      if (!body.added.some((statement) => statement.imports) || ![...done].some((file) => loadedModule(file)?.importers.has(body.module.file))) continue;
      const open = bodyTransactions[at]!;
      transactions.splice(transactions.indexOf(open), 1);
      open.rollback();
      const again = evaluateBodies([body], options.cwd);
      if ('error' in again) failure = again.error;
      else {
        bodyTransactions[at] = again.transactions[0]!;
        transactions.push(again.transactions[0]!);
      }
    }
    if (failure) {
      await undo(transactions, reevaluated);
      return failedDeferred ? restart(failedDeferred.file, failedDeferred.why) : [...events, failure];
    }
    // Checked once every module of the change ran: an importer evaluated again may have called the function anew.
    for (const { done: result, reason, check } of reevaluated) {
      const stale = check?.();
      if (!stale) continue;
      await undo(transactions, reevaluated);
      const why = `${displayName(result.module)} is evaluated again (${reason}); ${stale}`;
      return restart(result.module.file, why);
    }
    const patched = commitBodies(bodies, bodyTransactions);
    events.push(...patched);
    const committed = reevaluated.map(({ done: result, reason, text, next, ran }) => {
      const event: PatchEvent = commitModule(result, reason, next, ran);
      const previous = result.module.base;
      if (previous) {
        recordMakers(result.module, result.module.current ?? previous);
        const names = moduleLevelNames(previous);
        const earlier = result.module.earlierNames;
        result.module.earlierNames = earlier ? new Set([...earlier].filter((name) => names.has(name))) : names;
      }
      result.module.text = text;
      result.module.base = undefined;
      result.module.current = undefined;
      events.push(event);
      return { result, event };
    });
    // Read once every file of the change has its new text: a rename saved in both files at once is whole.
    const saved = [...committed.map(({ result, event }) => ({ ...result, event })), ...patched.map((event, at) => ({ ...bodies[at]!, event }))];
    settleRemovedExports(saved, options.cwd);
    return events;
  }
}

/** Modules whose exports object keeps an export their new version dropped, for an importer not saved since. */
const keeping = new Set<LoadedModule>();

/**
 * A CommonJS module's exports that its new version no longer has: taken off the exports object the program holds,
 * as a fresh start would not have them (code that looks them up: `lib[name]`, `Object.keys(lib)`, `typeof lib.x`),
 * unless an importer the change did not save still names one (a rename saved in one file of two): kept for it,
 * said, and taken off once each such importer is saved, which a fresh start of it would need. Each event of the
 * change says what it took off or kept.
 */
function settleRemovedExports(saved: { module: LoadedModule; removedExports: string[]; event: PatchEvent }[], cwd: string): void {
  const files = new Set(saved.map(({ module }) => module.file));
  const names = (users: Iterable<string>) => [...users].map((importer) => sourceName(importer, cwd)).join(', ');
  // Kept before: named again by the module's new text, exported again; else taken off once its users are saved.
  for (const module of keeping) {
    const kept = module.keptExports!;
    const savedWith = saved.find((entry) => entry.module === module || [...kept.values()].some((users) => users.has(entry.module.file)));
    for (const [name, users] of kept) {
      if (files.has(module.file) && wordIn(name, module.text)) kept.delete(name);
      else if ([...users].every((user) => files.has(user))) {
        kept.delete(name);
        if (takeOff(module, name) && savedWith) savedWith.event.warnings.push(`${sourceName(module.file, cwd)} no longer exports ${name}: taken off its exports, now that ${names(users)} ${users.size === 1 ? 'is' : 'are'} saved`);
      }
    }
    if (kept.size === 0) keeping.delete(module);
  }
  for (const { module, removedExports, event } of saved) {
    for (const name of removedExports) {
      const users = [...module.importers].filter((importer) => wordIn(name, loadedModule(importer)?.text ?? ''));
      const keptFor = (importers: string[]) =>
        `no longer exports ${name}, which ${names(importers)} still ${importers.length === 1 ? 'uses: it keeps' : 'use: they keep'} the last ${name} until saved too`;
      // An ES module's importers keep the bindings of the instance they linked.
      if (module.format !== 'commonjs') {
        if (users.length > 0) event.warnings.push(keptFor(users));
        continue;
      }
      const unsaved = users.filter((importer) => !files.has(importer));
      if (unsaved.length > 0) {
        (module.keptExports ??= new Map()).set(name, new Set(unsaved));
        keeping.add(module);
        event.warnings.push(keptFor(unsaved));
      } else if (!takeOff(module, name)) {
        event.warnings.push(`removed export ${name}: the exports object the program holds keeps its last value (it cannot be deleted); restart to drop it`);
      } else if (users.length > 0) {
        event.warnings.push(`no longer exports ${name}, which ${names(users)}, saved with it, still ${users.length === 1 ? 'names' : 'name'}: taken off its exports, as a fresh start has it not`);
      }
    }
  }
}

const wordIn = (name: string, text: string): boolean => new RegExp(`(?<![\\w$])${literally(name)}(?![\\w$])`).test(text);

/** Deletes `name` from the exports object the program holds, where it can (not SWC's getters); whether it did. */
function takeOff(module: LoadedModule, name: string): boolean {
  const held = (Module as unknown as { _cache: Record<string, Module | undefined> })._cache[module.file]?.exports as object | undefined;
  if (typeof held !== 'object' || held === null || !Object.getOwnPropertyDescriptor(held, name)?.configurable) return false;
  return delete (held as Record<string, unknown>)[name];
}

/** Rolls back a change that could not be applied: registry transactions, then the modules evaluated again. */
async function undo(transactions: PatchTransaction[], reevaluated: { done: Reevaluated }[]): Promise<void> {
  for (const transaction of transactions.reverse()) transaction.rollback();
  for (const { done } of reevaluated.reverse()) await done.restore();
}

/** How people read a file's name: the source it was built from (through its source map), relative to `cwd`. */
export function sourceName(file: string, cwd: string): string {
  const module = loadedModule(file);
  if (module?.source === undefined) {
    const source = readSourceMap(file, module?.text ?? readText(file) ?? '')?.sources.find((name): name is string => name !== null);
    const named = source?.startsWith('file:') ? fileURLToPath(source) : file;
    if (!module) return path.relative(cwd, named);
    module.source = path.relative(cwd, named);
  }
  return module.source;
}

function displayName(module: LoadedModule): string {
  return module.source ?? module.moduleId ?? module.file;
}
