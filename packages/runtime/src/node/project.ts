// What the project says about a source file, as `tsc` and `node` read it: the tsconfig.json that applies
// (get-tsconfig: `extends`, `paths`, `baseUrl`, found from the file's directory up, or the one named by
// MIGHTY_PATCHER_TSCONFIG), and whether a file is an ES module or CommonJS (its extension, else the nearest
// package.json's "type", else tsconfig's `module`). Read once per directory.
import fs from 'node:fs';
import path from 'node:path';
import { createPathsMatcher, getTsconfig, parseTsconfig, type TsConfigJsonResolved, type TsConfigResult } from 'get-tsconfig';

/** Names the tsconfig.json every file uses (`mighty-patcher run --tsconfig`), instead of the nearest one. */
export const TSCONFIG_ENV = 'MIGHTY_PATCHER_TSCONFIG';

export type Format = 'module' | 'commonjs';

/** How `Module.prototype._compile` is asked to compile a text: an ES module that `require(esm)` loads stays one. */
export const compiledAs = (compileArguments: unknown[]): Format =>
  compileArguments[0] === 'module' || compileArguments[0] === true ? 'module' : 'commonjs';

export interface Tsconfig {
  /** The file, for messages; undefined when no tsconfig.json applies. */
  path: string | undefined;
  options: NonNullable<TsConfigJsonResolved['compilerOptions']>;
  /** Candidate files for a bare specifier through `paths`/`baseUrl`, or null when they do not apply. */
  paths: ((specifier: string) => string[]) | null;
}

const NO_TSCONFIG: Tsconfig = { path: undefined, options: {}, paths: null };
const tsconfigs = new Map<string, Tsconfig>();
const getTsconfigCache = new Map();
let named: Tsconfig | undefined;

function fromResult(result: TsConfigResult | null): Tsconfig {
  if (!result) return NO_TSCONFIG;
  return { path: result.path, options: result.config.compilerOptions ?? {}, paths: createPathsMatcher(result) };
}

/** The tsconfig.json that applies to `file`. */
export function tsconfigOf(file: string): Tsconfig {
  const forced = process.env[TSCONFIG_ENV];
  if (forced) {
    const resolved = path.resolve(forced);
    named ??= fromResult({ path: resolved, config: parseTsconfig(resolved, getTsconfigCache) });
    return named;
  }
  const dir = path.dirname(file);
  let found = tsconfigs.get(dir);
  if (!found) {
    found = fromResult(getTsconfig(dir, 'tsconfig.json', getTsconfigCache));
    tsconfigs.set(dir, found);
  }
  return found;
}

/**
 * The tsconfig.json files that apply to `file`: the one `tsconfigOf` finds and every file it `extends`, which a
 * monorepo's shared compiler options live in. get-tsconfig names each file it reads in its cache
 * (`readFileSync:<path>:utf8`); a version that named them otherwise would leave the extended files out.
 */
export function tsconfigFilesOf(file: string): string[] {
  const cache = new Map();
  const forced = process.env[TSCONFIG_ENV];
  if (forced) parseTsconfig(path.resolve(forced), cache);
  else getTsconfig(path.dirname(file), 'tsconfig.json', cache);
  return [...cache.keys()].flatMap((key: string) => /^readFileSync:(.*):utf8$/.exec(key)?.[1] ?? []);
}

const packageTypes = new Map<string, string | undefined>();

/** The "type" of the package.json nearest to `dir` (undefined when it has none, or there is none). */
function packageType(dir: string): string | undefined {
  if (packageTypes.has(dir)) return packageTypes.get(dir);
  const file = packageJsonOf(path.join(dir, 'package.json'));
  let type: string | undefined;
  if (file !== undefined) {
    try {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: unknown };
      type = typeof json.type === 'string' ? json.type : undefined;
    } catch {
      type = undefined; // Node reports a package.json that does not parse itself
    }
  }
  packageTypes.set(dir, type);
  return type;
}

/**
 * The package.json nearest to `file`, if there is one: its "type" decides how sources load, its "imports" how
 * they resolve, and a dependency it gains is installed: a save of it restarts the program, as under nodemon.
 */
export function packageJsonOf(file: string): string | undefined {
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** ES module kinds of tsconfig's `module`: what `tsc` would emit as ES module syntax. */
const ES_MODULE_KINDS = /^(?:es\d+|esnext|preserve)$/i;

/**
 * Whether a source file is an ES module or CommonJS: `.mts`/`.cts` say it; otherwise the nearest package.json's
 * "type", as Node decides for `.js`; in a package with no "type", tsconfig's `module` (an ES module kind:
 * `esnext`, `es2022`, `preserve`...; else CommonJS, as `tsc` with `commonjs`/`node16`/`nodenext` emits it).
 */
export function formatOf(file: string): Format {
  if (/\.m[jt]sx?$/.test(file)) return 'module';
  if (/\.c[jt]sx?$/.test(file)) return 'commonjs';
  const type = packageType(path.dirname(file));
  if (type === 'module') return 'module';
  if (type === 'commonjs') return 'commonjs';
  const kind = tsconfigOf(file).options.module;
  return typeof kind === 'string' && ES_MODULE_KINDS.test(kind) ? 'module' : 'commonjs';
}

/** Forgets what was read about the project (a tsconfig.json or package.json changed). */
export function forgetProject(): void {
  tsconfigs.clear();
  packageTypes.clear();
  getTsconfigCache.clear();
  named = undefined;
}
