// Compiles, as they load, the files that cannot run as written: TypeScript and JSX sources (anywhere: a
// package may ship .ts files; instrumented when they are the program's), and built JavaScript of the
// program that no Mighty Patcher plugin has seen (the output of tsc, esbuild, or swc and Babel without the
// plugin), instrumented with the build's own source map as input so stack traces still name the original
// source. CommonJS through `Module.prototype._compile` and `require.extensions`; ES modules through the load
// hook (hooks.ts). The compiler and its cache: compile.ts.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeFrame, loadSyntaxError, VersionSyntaxError, withoutOwnFrames } from './errors';
import { isProgramFile, isSource } from './files';
import { compiledAs, type Format } from './project';
import { readSourceMap } from './source-map';

/** The compiler, loaded with the first file to compile: a program built by a plugin needs none. */
const compiler = (): typeof import('./compile') => require('./compile');

/** Every instrumented module contains this (docs/protocol.md §3). */
const MARKER = 'Symbol.for("mighty-patcher.registry")';

export const isInstrumented = (text: string): boolean => text.includes(MARKER);

export interface LoadSettings {
  /** The watched roots: files under them (outside node_modules) are the program's, and instrumented. */
  roots: string[];
  /** Module ids are paths relative to it. */
  root: string;
  /** Also instrument built JavaScript of the program that no plugin instrumented. */
  instrument: boolean;
}

/**
 * The code that runs for a file's text, or undefined when the text runs as it is: a source compiled (and
 * instrumented if it is the program's), or built JavaScript of the program instrumented. Throws
 * VersionSyntaxError when it does not parse.
 */
export function codeFor(file: string, text: string, format: Format, settings: LoadSettings): string | undefined {
  if (isProgramFile(file, settings.roots)) return programCode(file, text, format, settings.root, settings.instrument);
  return isSource(file) ? compiler().compile({ file, text, format, instrument: false, root: settings.root }) : undefined;
}

/**
 * The code that runs for a text of one of the program's files: compiled and instrumented where it needs to be.
 * Instrumented text runs as it is: a plugin's build, or a version the runtime compiled and now evaluates again.
 */
export function programCode(file: string, text: string, format: Format, root: string, instrumentBuilt: boolean): string {
  if (isInstrumented(text) || (!isSource(file) && !instrumentBuilt)) return text;
  return compiler().compile({ file, text, format, instrument: true, root });
}

/**
 * A syntax error in the source a built file came from, if any (file:line:column relative to `cwd`, and the code
 * frame there). Some
 * builds write output for a source that does not parse (tsc recovers from syntax errors); such a version is
 * refused like a syntax error in the built file.
 */
export function sourceSyntaxError(file: string, text: string, cwd: string): { message: string; location: string; frame: string } | undefined {
  const source = readSourceMap(file, text)?.sources.find((name): name is string => name?.startsWith('file:') === true);
  const sourceFile = source ? fileURLToPath(source) : tscSource(file);
  if (!sourceFile) return undefined;
  let code: string;
  try {
    code = fs.readFileSync(sourceFile, 'utf8');
  } catch {
    return undefined;
  }
  try {
    compiler().parseSource(sourceFile, code);
  } catch (error) {
    if (!(error instanceof VersionSyntaxError)) return undefined;
    return {
      message: `SyntaxError: ${error.message}`,
      location: `${path.relative(cwd, sourceFile)}:${error.line}:${error.column + 1}`,
      frame: codeFrame(code, error.line, error.column),
    };
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

type Compile = (content: string, filename: string, ...rest: unknown[]) => unknown;

/** Sources `require` loads: read as they are; `_compile` below compiles them. */
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.cts', '.mts', '.jsx'];

/** Compiles sources, and instruments the program's built files, as `require` loads them. */
export function compileCommonJS(settings: LoadSettings): void {
  const prototype = Module.prototype as unknown as { _compile: Compile };
  const compileModule = prototype._compile;
  prototype._compile = function (this: unknown, content: string, filename: string, ...rest: unknown[]) {
    let code = content;
    try {
      code = codeFor(filename, content, compiledAs(rest), settings) ?? content;
    } catch (error) {
      if (!(error instanceof VersionSyntaxError)) throw error;
      // A source that does not parse is reported as Node reports a module that does not parse. Built code
      // that does not parse as a script is Node's to report, or to load as an ES module (syntax detection).
      if (isSource(filename)) throw loadSyntaxError(filename, content, error);
    }
    try {
      return compileModule.call(this, code, filename, ...rest);
    } catch (error) {
      throw withoutOwnFrames(error);
    }
  };
  const extensions = (Module as unknown as { _extensions: Record<string, (module: { _compile: Compile }, filename: string) => void> })._extensions;
  for (const extension of SOURCE_EXTENSIONS) {
    // Replaces Node's own type stripping (Node >= 22.18 and 23.6) too: the program's sources are instrumented.
    // (No third argument: Node 22 reads it as "load as an ES module", Node 24 as the format.)
    extensions[extension] = (module, filename) => {
      module._compile(fs.readFileSync(filename, 'utf8'), filename);
    };
  }
}
