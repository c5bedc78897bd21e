// Instruments, as it loads, built JavaScript that no Mighty Patcher plugin has seen: the output of
// tsc, esbuild, or swc and Babel without the plugin. The Babel plugin runs on the built code, with
// the build's own source map as input, so stack traces still name the original source.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VersionSyntaxError, withoutOwnFrames } from './errors';
import { isProgramFile } from './files';
import { mapDataURL, readSourceMap } from './source-map';

/** Every instrumented module contains this (docs/protocol.md §3). */
const MARKER = 'Symbol.for("mighty-patcher.registry")';

export const isInstrumented = (text: string): boolean => text.includes(MARKER);


type Babel = typeof import('@babel/core');

let babel: { core: Babel; plugin: string } | undefined;

function loadBabel(): { core: Babel; plugin: string } {
  if (!babel) {
    try {
      babel = { core: require('@babel/core') as Babel, plugin: require.resolve('@mighty-patcher/babel-plugin') };
    } catch {
      throw new Error(
        'built files without instrumentation are instrumented as they load with @babel/core and ' +
          '@mighty-patcher/babel-plugin: install both, or build with the Babel or SWC plugin',
      );
    }
  }
  return babel;
}

/**
 * The instrumented version of a built file, with an inline source map that maps to the build's
 * original sources. Module ids are paths relative to `root`. Throws VersionSyntaxError on a syntax error.
 */
export function instrument(file: string, text: string, sourceType: 'module' | 'script', root: string): string {
  const { core, plugin } = loadBabel();
  let result: ReturnType<Babel['transformSync']>;
  try {
    result = core.transformSync(text, {
      filename: file,
      root,
      cwd: root,
      configFile: false,
      babelrc: false,
      sourceType,
      inputSourceMap: (readSourceMap(file, text) as never) ?? undefined,
      sourceMaps: true,
      // Node has no bundler HMR API: the runtime applies every change itself. Enabled whatever NODE_ENV says:
      // a program run under the runtime asked to be patched (the plugin's default is off in production).
      plugins: [[plugin, { root, hmr: false, enabled: true, warn: () => {} }]],
    });
  } catch (error) {
    const { loc, code } = error as { loc?: { line: number; column: number }; code?: string };
    if (!loc || code !== 'BABEL_PARSE_ERROR') throw error;
    const message = (error as Error).message.split('\n')[0]!.replace(/^[^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
    throw new VersionSyntaxError(message, loc.line, loc.column);
  }
  return `${result!.code}\n//# sourceMappingURL=${mapDataURL(result!.map!)}\n`;
}

/**
 * A syntax error in the source a built file came from, if any (file:line:column relative to `cwd`). Some
 * builds write output for a source that does not parse (tsc recovers from syntax errors); such a version is
 * refused like a syntax error in the built file.
 */
export function sourceSyntaxError(file: string, text: string, cwd: string): { message: string; location: string } | undefined {
  const source = readSourceMap(file, text)?.sources.find((name): name is string => name?.startsWith('file:') === true);
  const sourceFile = source ? fileURLToPath(source) : tscSource(file);
  if (!sourceFile) return undefined;
  let code: string;
  try {
    code = fs.readFileSync(sourceFile, 'utf8');
  } catch {
    return undefined;
  }
  const typescript = /\.[cm]?tsx?$/.test(sourceFile);
  try {
    loadBabel().core.parseSync(code, {
      filename: sourceFile,
      configFile: false,
      babelrc: false,
      sourceType: 'unambiguous',
      parserOpts: { plugins: [...(typescript ? (['typescript', 'decorators-legacy'] as const) : []), 'jsx'], errorRecovery: false },
    });
  } catch (error) {
    const { loc } = error as { loc?: { line: number; column: number } };
    if (!loc) return undefined;
    const message = (error as Error).message.split('\n')[0]!.replace(/^[^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
    return { message: `SyntaxError: ${message}`, location: `${path.relative(cwd, sourceFile)}:${loc.line}:${loc.column + 1}` };
  }
  return undefined;
}

/**
 * For output with no source map (tsc without `sourceMap`): the TypeScript file tsc compiled `file` from,
 * found through the nearest tsconfig.json above it whose `outDir` holds it (`rootDir`, else the project's
 * directory or its src/, mirrored), if that file exists.
 */
function tscSource(file: string): string | undefined {
  for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    let config: string;
    try {
      config = fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8');
    } catch {
      continue;
    }
    const option = (name: string) => config.match(new RegExp(`"${name}"\\s*:\\s*"([^"]*)"`))?.[1];
    const outDir = option('outDir');
    if (outDir === undefined) return undefined;
    const relative = path.relative(path.resolve(dir, outDir), file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    const rootDir = option('rootDir');
    const extensions = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] }[path.extname(file)] ?? [];
    const stem = relative.slice(0, -path.extname(relative).length);
    for (const root of rootDir !== undefined ? [rootDir] : ['.', 'src']) {
      for (const extension of extensions) {
        const candidate = path.resolve(dir, root, stem + extension);
        if (fs.existsSync(candidate)) return candidate;
      }
    }
    return undefined;
  }
  return undefined;
}

/** Instruments CommonJS files under `roots` as `require` compiles them. */
export function instrumentCommonJS(roots: string[], root: string): void {
  const prototype = Module.prototype as unknown as { _compile(content: string, filename: string): unknown };
  const compile = prototype._compile;
  prototype._compile = function (this: unknown, content: string, filename: string) {
    let code = content;
    if (isProgramFile(filename, roots) && !isInstrumented(content)) {
      try {
        code = instrument(filename, content, 'script', root);
      } catch (error) {
        // A file that does not parse as a script is Node's to report (file:line and a code frame, as
        // `node` does) or to load as an ES module (module syntax detection).
        if (!(error instanceof VersionSyntaxError)) throw error;
      }
    }
    try {
      return compile.call(this, code, filename);
    } catch (error) {
      throw withoutOwnFrames(error);
    }
  };
}
