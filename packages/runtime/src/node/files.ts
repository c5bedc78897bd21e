// Which files hold the program's JavaScript, and reading them while they may be being rewritten.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Files the runtime watches and instruments: JavaScript (CommonJS or ES modules), and the TypeScript and
 * JSX sources it compiles as they load (not declaration files).
 */
const SCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

/** The entry file when it has no extension (a package's `bin` script, CommonJS or, in a `"type": "module"` package, an ES module): a script too. */
let bareEntry: string | undefined;

export const isScript = (file: string): boolean => (SCRIPT.test(file) && !DECLARATION.test(file)) || file === bareEntry;

/** Called with the program's entry before anything asks `isScript`: one without an extension is watched and patched too. */
export function setEntry(entry: string): void {
  bareEntry = path.extname(entry) === '' ? entry : undefined;
}

/** Sources the runtime compiles as they load: TypeScript and JSX, which Node cannot run as they are. */
export const isSource = (file: string): boolean => /\.(?:[cm]?tsx?|jsx)$/.test(file) && !DECLARATION.test(file);

/** A file's text, or undefined while it does not exist. */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The watched root `file` is under, if any. */
export function rootOf(file: string, roots: readonly string[]): string | undefined {
  // String tests only: this runs for every module the program loads and every require it makes.
  for (const root of roots) {
    if (file === root || (file.startsWith(root) && (root.endsWith(path.sep) || file[root.length] === path.sep))) return root;
  }
  return undefined;
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** Whether `file` is a package's: under a node_modules directory. */
export const inNodeModules = (file: string): boolean => file.includes(NODE_MODULES);

/** Whether `file` is the program's: under one of the watched `roots`, outside node_modules. */
export function isUnderRoots(file: string, roots: readonly string[]): boolean {
  const root = rootOf(file, roots);
  if (root === undefined) return false;
  // The path below the root (roots are absolute and resolved, as `file` is) has no node_modules directory.
  const below = file.slice(root.endsWith(path.sep) ? root.length - 1 : root.length);
  return !inNodeModules(below);
}

/** Whether `file` is one of the program's files: a script under one of the watched `roots`, outside node_modules. */
export function isProgramFile(file: string, roots: readonly string[]): boolean {
  return isScript(file) && isUnderRoots(file, roots);
}

/** This package's built files: frames in them are ours, not the program's, and so are their imports. */
export const OWN_FILES = path.resolve(__dirname, '..');

/** What the URL of a patch's code adds to its module's (`file:///app/a.js?mighty-patcher-patch=1`). */
export const PATCH_QUERY = '?mighty-patcher-patch=';

/**
 * The files of the `limit` frames that called `below` (file URLs as paths; '' for a frame with no file), from call
 * sites rather than a stack's text: no source map is applied, nothing is formatted.
 */
export function callerFiles(limit: number, below: (...args: never[]) => unknown): string[] {
  const { stackTraceLimit, prepareStackTrace } = Error;
  Error.stackTraceLimit = limit;
  Error.prepareStackTrace = (_error, sites) => sites;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.captureStackTrace(holder, below);
  const sites = holder.stack ?? [];
  Error.stackTraceLimit = stackTraceLimit;
  Error.prepareStackTrace = prepareStackTrace;
  return sites.map((site) => {
    // A patch's code (compiled by an evaluator, so no file of its own) is named by its module's URL (evaluate.ts).
    const name = site.getFileName() ?? (site.getScriptNameOrSourceURL()?.includes(PATCH_QUERY) ? site.getScriptNameOrSourceURL()! : '');
    return name.startsWith('file:') ? fileURLToPath(name) : name;
  });
}
