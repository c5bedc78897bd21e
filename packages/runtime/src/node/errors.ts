// The errors a new version can fail with, as users read them: where (source file:line, through the
// built file's source map) and what.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OWN_FILES, readText } from './files';
import { literally } from './report';
import { describePosition, loadSourceMap } from './source-map';

/** A version that does not parse (or cannot be instrumented because it does not parse), at a built-file position. */
export class VersionSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line in the built file. */
    readonly line: number,
    /** 0-based column in the built file. */
    readonly column: number,
  ) {
    super(message);
  }
}

/** acorn's parse error as a VersionSyntaxError: its message without acorn's ` (line:column)`, at its location. */
export function fromAcornError(error: unknown): VersionSyntaxError {
  const { loc } = error as { loc?: { line: number; column: number } };
  return new VersionSyntaxError((error as Error).message.replace(/ \(\d+:\d+\)$/, ''), loc?.line ?? 1, loc?.column ?? 0);
}

/**
 * What `node` prints above an uncaught error thrown while the entry loads: `file:line`, that line, and a caret
 * under the statement. Empty when the first frame names no readable file.
 */
export function uncaughtHeader(error: Error): string {
  const frame = /^\s+at (?:.*\()?((?:file:\/\/)?\/[^():]+(?::[^():]+)*?):(\d+):\d+\)?$/m.exec(error.stack ?? '');
  if (!frame) return '';
  const [, location, lineText] = frame;
  let text: string;
  try {
    text = fs.readFileSync(location!.startsWith('file://') ? new URL(location!) : location!, 'utf8');
  } catch {
    return '';
  }
  const line = text.split(/\r?\n/)[Number(lineText) - 1] ?? '';
  return `${location}:${lineText}\n${line}\n${' '.repeat(line.length - line.trimStart().length)}^\n\n`;
}

/** 1-based line and 0-based column of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}

/**
 * Why `text`, saved as the JSON file `file`, does not parse: its `file:line:column`, a code frame and JSON.parse's
 * message; undefined if it parses.
 */
export function jsonSyntaxError(file: string, text: string, cwd: string): { location: string; frame: string; message: string } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const at = /at position (\d+)/.exec((error as Error).message);
    const { line, column } = positionOf(text, at ? Number(at[1]) : text.length);
    return { location: `${path.relative(cwd, file)}:${line}:${column + 1}`, frame: codeFrame(text, line, column), message: `SyntaxError: ${(error as Error).message}` };
  }
}

/** The lines around `line` of `text` (1-based), numbered, with a caret under `column` (0-based): what a code frame shows. */
export function codeFrame(text: string, line: number, column: number): string {
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1]}`);
    if (n === line) out.push(`  ${' '.repeat(width)} | ${lines[n - 1]!.slice(0, column).replace(/[^\t]/g, ' ')}^`);
  }
  return out.join('\n');
}

/**
 * Whether `error` is a source's syntax error thrown as it loaded (loadSyntaxError), in this thread or on the
 * module-hooks thread (where only its stack crosses over).
 */
export const isLoadSyntaxError = (error: unknown): error is SyntaxError =>
  error instanceof SyntaxError && /^\S+:\d+\n[^]*\n\nSyntaxError: .*\n {4}at \S+:\d+:\d+$/.test(error.stack ?? '');

/**
 * A source that does not compile as it loads, thrown as Node throws a module that does not parse: a
 * SyntaxError whose stack starts with `file:line`, the line and a caret.
 */
export function loadSyntaxError(file: string, text: string, error: VersionSyntaxError): SyntaxError {
  const thrown = new SyntaxError(error.message);
  const line = text.split(/\r?\n/)[error.line - 1] ?? '';
  const caret = `${line.slice(0, error.column).replace(/[^\t]/g, ' ')}^`;
  thrown.stack = `${file}:${error.line}\n${line}\n${caret}\n\nSyntaxError: ${error.message}\n    at ${file}:${error.line}:${error.column + 1}`;
  return thrown;
}

/**
 * The message of an error a new version threw, where (its first stack frame in `file`, mapped to the source
 * through `text`'s source map, else its first frame in the program's own code), and the code frame there.
 */
export function describeThrown(error: unknown, file: string, text: string, cwd: string): { message: string; location?: string; frame?: string; missing?: string } {
  const missing = missingFile(error);
  const { message, location } = throwAt(error, file, text, cwd, missing);
  return { message, ...(location && { location, frame: frameAt(location, cwd) }), ...(missing && { missing }) };
}

/**
 * The path a `require` or an import that found nothing looked for, where the request named a file (relative or
 * absolute, not a package): the module it names, with or without an extension.
 */
function missingFile(error: unknown): string | undefined {
  const { code, requireStack } = error as { code?: unknown; requireStack?: unknown };
  const request = /^Cannot find module '([^']+)'/.exec(error instanceof Error ? error.message : '')?.[1];
  if (request === undefined) return undefined;
  // An ES module's import names the resolved path (`Cannot find module '/app/words.json' imported from …`).
  if (code === 'ERR_MODULE_NOT_FOUND') return path.isAbsolute(request) ? request : undefined;
  if (code !== 'MODULE_NOT_FOUND' || !Array.isArray(requireStack) || typeof requireStack[0] !== 'string') return undefined;
  return request.startsWith('./') || request.startsWith('../') || path.isAbsolute(request) ? path.resolve(path.dirname(requireStack[0]), request) : undefined;
}

/** The code frame of `location` (`file:line:column`, relative to `cwd`), from the file it names, as Node shows a throw. */
function frameAt(location: string, cwd: string): string | undefined {
  const at = /^(.*):(\d+):(\d+)$/.exec(location);
  if (!at) return undefined;
  try {
    return codeFrame(fs.readFileSync(path.resolve(cwd, at[1]!), 'utf8'), Number(at[2]), Number(at[3]) - 1);
  } catch {
    return undefined;
  }
}

function throwAt(error: unknown, file: string, text: string, cwd: string, missing: string | undefined): { message: string; location?: string } {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  // Node starts the stack of an ES module's link error (an import the module does not export) with
  // `<file>:<line>`, that line and a caret under the name.
  const decorated = stack.match(/^((?:file:\/\/)?\/[^\n]+):(\d+)\n[^\n]*\n( *)\^/);
  const frames: { where: string; line: string; column: string; built: boolean }[] = decorated
    ? [{ where: decorated[1]!, line: decorated[2]!, column: String(decorated[3]!.length + 1), built: true }]
    : [];
  // With source maps enabled the stack's frames already name the source; otherwise map the built position. A
  // frame's file follows `(` or `at ` (Node's own frames, `node:internal/…`, do not start with `/`).
  for (const [, where, line, column] of stack.matchAll(/(?:\(|\bat )((?:file:\/\/)?\/[^():\n]+):(\d+):(\d+)\)?$/gm)) {
    frames.push({ where: where!, line: line!, column: column!, built: !process.sourceMapsEnabled });
  }
  // An import of a name the module does not export: Node names the line of the code it ran, whose import the
  // runtime's instrumentation moved below the cells with no mapping of its own (the next line's, a function's, would
  // be taken). At the name, in the import of that module, in the source (the file, or the one its map names).
  const unexported = /^The requested module '([^']+)' does not provide an export named '([^']+)'/.exec(error instanceof Error ? error.message : '');
  if (unexported) {
    const source = loadSourceMap(file, text)?.trace.sources.find((name): name is string => name !== null);
    const sourceFile = source ? fileURLToPath(new URL(source, pathToFileURL(file))) : file;
    const written = readText(sourceFile);
    const [, specifier, name] = unexported;
    const found = written && new RegExp(`\\bimport\\s[^;]*?\\b${literally(name!)}\\b[^;]*?\\bfrom\\s*(['"])${literally(specifier!)}\\1`).exec(written);
    if (found) {
      const { line, column } = positionOf(written!, found.index + found[0].search(new RegExp(`\\b${literally(name!)}\\b`)));
      return { message, location: `${path.relative(cwd, sourceFile)}:${line}:${column + 1}` };
    }
  }
  // An import that found nothing fails as the module links, in Node's resolution (and our resolve hook, which
  // passes it on): at the specifier, in the importing module's text, where it resolves to the path not found.
  if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && missing !== undefined) {
    for (const specifier of text.matchAll(/(['"])(\.{1,2}\/[^'"\n]*)\1/g)) {
      if (path.resolve(path.dirname(file), specifier[2]!) !== missing) continue;
      const { line, column } = positionOf(text, specifier.index!);
      return { message, location: describePosition(file, loadSourceMap(file, text), line, column, cwd) };
    }
  }
  for (const { where, line, column, built } of frames) {
    const frameFile = where.startsWith('file:') ? new URL(where).pathname : where;
    if (frameFile === file && built) {
      return { message, location: describePosition(file, loadSourceMap(file, text), Number(line), Number(column) - 1, cwd) };
    }
    // Not Node's frames, nor a package's, nor ours (the module hooks' resolve, which an import that fails passes).
    if (!frameFile.includes('/node_modules/') && !frameFile.startsWith('node:') && !frameFile.startsWith(OWN_FILES)) {
      return { message, location: `${path.relative(cwd, frameFile)}:${line}:${column}` };
    }
  }
  // A `require` that found nothing: its stack (ten frames) can end in the resolution's own frames, before the
  // requiring module's; the request is in that module's text.
  const { code, requireStack } = error as { code?: unknown; requireStack?: unknown };
  const request = /^Cannot find module '([^']+)'/.exec(error instanceof Error ? error.message : '')?.[1];
  if (code === 'MODULE_NOT_FOUND' && Array.isArray(requireStack) && requireStack[0] === file && request !== undefined) {
    const at = [`'${request}'`, `"${request}"`].map((quoted) => text.indexOf(quoted)).find((offset) => offset !== -1);
    if (at !== undefined) {
      const { line, column } = positionOf(text, at);
      return { message, location: describePosition(file, loadSourceMap(file, text), line, column, cwd) };
    }
  }
  return { message };
}

/**
 * An error that passes through one of our wrappers (of `require`, of the module compiler) on its way to the
 * program or to Node's report of an uncaught error, without our frames in its stack: it reads as under `node`.
 */
export function withoutOwnFrames<T>(error: T): T {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return error;
  const stack = error.stack
    .split('\n')
    .filter((line) => !(/^\s+at /.test(line) && line.includes(OWN_FILES)))
    .join('\n');
  Object.defineProperty(error, 'stack', { value: stack, writable: true, configurable: true });
  return error;
}
