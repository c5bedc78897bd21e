// What the program reads of its own files as data rather than loading them as modules: directories it lists
// (@fastify/autoload, Sequelize's models/index.js, a glob of route files) and the texts of scripts it reads
// (swagger-jsdoc reading the comments of route files). What it made of them at that time is nothing a patch or a
// module evaluated again can reach: a new file in such a directory is loaded, and such a file's new comments are
// read, only by a restart (pipeline.ts). Node's module loader and this runtime (its compiler, its watcher) read
// the same files: their reads are told apart by the frame that called.
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callerFiles, isProgramFile, isUnderRoots, OWN_FILES } from './files';

/** The directories the program listed: who listed each first, and what was in it then. */
const listed = new Map<string, { by: string; names: Set<string> }>();
/** The scripts whose text the program read: who read each first. */
const readTexts = new Map<string, string>();
/**
 * Other files the program read whole while it started (a GraphQL schema, an OpenAPI document, SQL): what it made
 * of them then is reached only by a restart. Not a file the program writes (its own data: a JSON store), nor one
 * it reads once started (a template read for each page, read again when it is needed).
 */
const startupData = new Set<string>();
/** JSON files the program loaded as modules (`require('./config.json')`, an import of JSON): it holds their values. */
const dataModules = new Set<string>();
const written = new Set<string>();
let onHeld: (file: string) => void = () => {};

/**
 * Hears of each file whose contents the program holds what it made of, as it is read: read whole as the program
 * started, or loaded as a JSON module (then, at any time).
 */
export function onDataHeld(listener: (file: string) => void): void {
  onHeld = listener;
}

/** Whether the program read `file` as data while it started. */
export function readAtStart(file: string): boolean {
  return startupData.has(file);
}

/** Notes a JSON file of the program's that it loaded as a module (modules.ts). */
export function noteDataModule(file: string): void {
  if (dataModules.has(file)) return;
  dataModules.add(file);
  onHeld(file);
}

/** Whether the program loaded `file` as a JSON module. */
export function loadedAsModule(file: string): boolean {
  return dataModules.has(file);
}

/** Whether the program ever wrote `file` (then its saves are the program's own, not a developer's). */
export function writtenByProgram(file: string): boolean {
  return written.has(file);
}

/**
 * The URL of the ES module that Node's loader is reading, from the module hooks' `load` (esm.ts, Node >= 22.15):
 * told apart without a stack, as `require`'s read is (`loaderRead` below). A program's own `readFileSync(new
 * URL(…))` is asked who read, as before.
 */
let loaderUrl: string | undefined;

/** Runs `load`, Node's default load of the ES module at `url`, its read of that file not the program's. */
export function loadingModule<T>(url: string, load: () => T): T {
  loaderUrl = url;
  try {
    return load();
  } finally {
    loaderUrl = undefined;
  }
}

/** Who called `wrapper` (an fs function wrapped below), if not Node's module loader nor this runtime. */
function reader(wrapper: (...args: never[]) => unknown): string | undefined {
  // Two call sites, not a stack's text: Node's loader reads every module through fs.readFileSync.
  for (const at of callerFiles(2, wrapper)) {
    if (at === 'node:fs' || at.startsWith('node:internal/fs')) continue;
    // Node's module loader, and this package with what it runs on (chokidar, readdirp, @swc/core).
    if (at === '' || at.startsWith('node:') || at.startsWith(OWN_FILES) || ours.some((dir) => at.startsWith(dir))) return undefined;
    return at;
  }
  return undefined;
}

/** Directories of the packages this runtime reads files through. */
const ours: string[] = [];

/**
 * Wraps fs's listing and whole-text reading functions (callback, sync and promise forms) to note what the program
 * reads under `roots`. Installed before the program's first module, and given to ES modules' named imports of fs.
 */
export function recordReads(roots: readonly string[], starting: () => boolean): void {
  // The watcher's chokidar, the readdirp it lists directories with (installed beside chokidar), @swc/core.
  const packageDir = (from: string, name: string): string | undefined => {
    try {
      const entry = createRequire(from).resolve(name);
      const at = entry.lastIndexOf(`${path.sep}${name.replace('/', path.sep)}${path.sep}`);
      return at === -1 ? undefined : entry.slice(0, at + name.length + 2);
    } catch {
      return undefined; // not installed beside this runtime: nothing of it reads
    }
  };
  const chokidar = packageDir(__filename, 'chokidar');
  ours.push(...[chokidar, chokidar && packageDir(path.join(chokidar, 'package.json'), 'readdirp'), packageDir(__filename, '@swc/core')].filter((dir): dir is string => dir !== undefined));
  const under = (target: unknown): string | undefined => {
    if (typeof target !== 'string' && !(target instanceof URL)) return undefined;
    const file = path.resolve(target instanceof URL ? fileURLToPath(target) : target);
    return isUnderRoots(file, roots) ? file : undefined;
  };
  // Node's module loader reads each module right after `load` is called with its path: that read is told apart
  // without a stack (one per module loaded: most of what this wrapper cost at start-up, bench/README.md).
  let loaderRead: string | undefined;
  const prototype = Module.prototype as unknown as { load(filename: string): void };
  const load = prototype.load;
  prototype.load = function (this: unknown, filename: string) {
    loaderRead = filename;
    try {
      return load.call(this, filename);
    } finally {
      loaderRead = undefined;
    }
  };
  // Who asked is found (a stack) only for what is not noted yet: a program that reads a file on every request
  // pays a string test.
  const noting = (wanted: (target: string) => boolean, record: (target: string, by: string) => void) => (original: (...args: never[]) => unknown) => {
    const wrapper = function (this: unknown, ...args: unknown[]) {
      if (args[0] === loaderRead || (loaderUrl !== undefined && args[0] instanceof URL && args[0].href === loaderUrl)) {
        // What the module's own code reads of that file later is the program's.
        loaderRead = loaderUrl = undefined;
        return (original as (...args: unknown[]) => unknown).apply(this, args);
      }
      const target = under(args[0]);
      if (target !== undefined && wanted(target)) {
        const by = reader(wrapper);
        if (by !== undefined) record(target, by);
      }
      return (original as (...args: unknown[]) => unknown).apply(this, args);
    };
    return wrapper;
  };
  const readdirSync = fs.readdirSync;
  const listing = noting(
    (dir) => !listed.has(dir),
    (dir, by) => {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        // not a directory, or gone: the program's own call says so
      }
      listed.set(dir, { by, names: new Set(names) });
    },
  );
  const reading = noting(
    (file) => (isProgramFile(file, roots) ? !readTexts.has(file) : starting() && !startupData.has(file) && !written.has(file)),
    (file, by) => {
      if (isProgramFile(file, roots)) readTexts.set(file, by);
      // A read that finds nothing (a loader looking for a package.json in each directory) read no data; watching
      // such a missing file lost chokidar the changes of its directory's modules (a stale, silent save).
      else if (fs.existsSync(file)) {
        startupData.add(file);
        onHeld(file);
      }
    },
  );
  // What the program writes is its own: no stack asked. A log or a store written on every request pays one
  // comparison with the last path written (resolving it each time cost a fifth of a small synchronous append).
  let lastWritten: unknown;
  const writing = (original: (...args: never[]) => unknown, at = 0) =>
    function (this: unknown, ...args: unknown[]) {
      if (args[at] !== lastWritten) {
        lastWritten = args[at];
        const target = under(lastWritten);
        if (target !== undefined) written.add(target);
      }
      return (original as (...args: unknown[]) => unknown).apply(this, args);
    };
  const wrap = (target: Record<string, unknown>, names: string[], how: ReturnType<typeof noting>) => {
    for (const name of names) target[name] = how(target[name] as (...args: never[]) => unknown);
  };
  wrap(fs as unknown as Record<string, unknown>, ['readdir', 'readdirSync', 'opendir', 'opendirSync'], listing);
  wrap(fs.promises as unknown as Record<string, unknown>, ['readdir', 'opendir'], listing);
  wrap(fs as unknown as Record<string, unknown>, ['readFile', 'readFileSync'], reading);
  wrap(fs.promises as unknown as Record<string, unknown>, ['readFile'], reading);
  const writers = (target: Record<string, unknown>, names: string[], at = 0) => {
    for (const name of names) target[name] = writing(target[name] as (...args: never[]) => unknown, at);
  };
  writers(fs as unknown as Record<string, unknown>, ['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream']);
  writers(fs.promises as unknown as Record<string, unknown>, ['writeFile', 'appendFile']);
  // A store that writes a temporary file and renames it over its data (lowdb's steno, write-file-atomic).
  writers(fs as unknown as Record<string, unknown>, ['rename', 'renameSync', 'copyFile', 'copyFileSync'], 1);
  writers(fs.promises as unknown as Record<string, unknown>, ['rename', 'copyFile'], 1);
  // `import { readdirSync } from 'node:fs'` binds to what fs exports when this is called.
  Module.syncBuiltinESMExports();
}

/**
 * Who listed the directory that `file` is in (or a directory above it), if the program did, and whether `file` was
 * there then (or the directory below the listed one it is in): a lister that loads what it finds loads a new file
 * only when it lists again, as the program starts.
 */
export function listedBy(file: string): { dir: string; by: string; wasThere: boolean } | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const listing = listed.get(dir);
    if (listing) return { dir, by: listing.by, wasThere: listing.names.has(path.relative(dir, file).split(path.sep)[0]!) };
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Who read the text of `file` itself (not to load it) while the program ran, if anyone did. */
export function textReadBy(file: string): string | undefined {
  return readTexts.get(file);
}
