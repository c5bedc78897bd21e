// How imports reach TypeScript sources, as `tsc` and `tsx` let them: a `.js` specifier names the `.ts` file
// it is compiled to (`./db.js` -> `./db.ts`; `.mjs` -> `.mts`, `.cjs` -> `.cts`, `.jsx` -> `.tsx`), a
// source may leave the extension out or name a directory (`./db` -> `./db.ts`, `./db/index.ts`), and a bare
// specifier goes through tsconfig's `paths`/`baseUrl` first. Node's own resolution is tried first for
// relative specifiers (a `.js` file that exists wins); these are its fallbacks. CommonJS through
// `Module._resolveFilename`, ES modules through the resolve hook (hooks.ts).
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isSource } from './files';
import { tsconfigOf } from './project';

const TS_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

const isRelative = (specifier: string): boolean => /^\.\.?(?:[\\/]|$)/.test(specifier);
const isBare = (specifier: string): boolean =>
  !isRelative(specifier) && !path.isAbsolute(specifier) && !/^[a-z][a-z0-9+.-]*:/i.test(specifier);

const isFile = (file: string): boolean => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * The source file a path names the way TypeScript lets it: the `.ts` behind a `.js` name, or, without an
 * extension, the file with one (`extensionless`: ES modules, where Node requires one) or a directory's index.
 */
function sourceFor(file: string, extensionless: boolean): string | undefined {
  const extension = path.extname(file);
  for (const replacement of TS_FOR_JS[extension] ?? []) {
    const candidate = file.slice(0, -extension.length) + replacement;
    if (isFile(candidate)) return candidate;
  }
  if (!extensionless) return undefined;
  for (const candidate of [...EXTENSIONS.map((ext) => file + ext), ...EXTENSIONS.map((ext) => path.join(file, `index${ext}`))]) {
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

/** Files a bare specifier names through the tsconfig.json of the importing file (`paths`, `baseUrl`). */
function viaPaths(specifier: string, parent: string): string[] {
  if (!isBare(specifier) || parent.split(path.sep).includes('node_modules')) return [];
  return tsconfigOf(parent).paths?.(specifier) ?? [];
}

/** The file URL a bare specifier names through tsconfig `paths`/`baseUrl` of the importing module, if any. */
export function pathsAlias(specifier: string, parentURL: string | undefined): string | undefined {
  if (!parentURL?.startsWith('file:')) return undefined;
  for (const candidate of viaPaths(specifier, fileURLToPath(parentURL))) {
    const file = isFile(candidate) ? candidate : sourceFor(candidate, true);
    if (file) return pathToFileURL(file).href;
  }
  return undefined;
}

/** Where Node's resolution of an ES module import failed: the source it names the TypeScript way, if any. */
export function sourceFallback(specifier: string, parentURL: string | undefined): string | undefined {
  if (!parentURL?.startsWith('file:')) return undefined;
  if (!isRelative(specifier) && !specifier.startsWith('file:') && !path.isAbsolute(specifier)) return undefined;
  const parent = fileURLToPath(parentURL);
  const target = specifier.startsWith('file:') ? fileURLToPath(specifier) : path.resolve(path.dirname(parent), specifier);
  const file = sourceFor(target, isSource(parent));
  return file && pathToFileURL(file).href;
}

type ResolveFilename = (request: string, parent: Module | undefined, ...rest: unknown[]) => string;

/** Makes `require` find sources as `resolveSource` does for imports (CommonJS tries extensions itself). */
export function resolveSourcesInCommonJS(): void {
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const resolveFilename = loader._resolveFilename;
  loader._resolveFilename = function (request, parent, ...rest) {
    const from = parent?.filename;
    if (from) {
      for (const candidate of viaPaths(request, from)) {
        try {
          return resolveFilename.call(this, candidate, parent, ...rest);
        } catch {
          // the next candidate, then the specifier as written
        }
      }
    }
    const relative = from !== undefined && (isRelative(request) || path.isAbsolute(request));
    // Only from a source: from a built file, `./db.js` is a file that exists, found by Node without a failure
    // first (one more stat per require cost a 1,000-module app about 20 ms to start).
    if (relative && isSource(from) && TS_FOR_JS[path.extname(request)]) {
      // `./db.js` naming `./db.ts`, the usual case in TypeScript sources: when nothing is at `./db.js`, the
      // source is found here, without Node's failed resolution first (every extension tried, an error made).
      const target = path.resolve(path.dirname(from), request);
      if (!fs.statSync(target, { throwIfNoEntry: false })) {
        const file = sourceFor(target, false);
        if (file) return file;
      }
    }
    try {
      return resolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      if (relative) {
        const file = sourceFor(path.resolve(path.dirname(from), request), false);
        if (file) return file;
      }
      throw error;
    }
  };
}
