// The built file's source map, so that messages and stack traces name the edited source line.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SourceMapInput, TraceMap } from '@jridgewell/trace-mapping';

/** Loaded with the first map traced: a program that never reports an error or applies a patch needs none. */
const traceMapping = (): typeof import('@jridgewell/trace-mapping') => require('@jridgewell/trace-mapping');

const COMMENT = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;

export interface RawSourceMap {
  version: number;
  sources: (string | null)[];
  sourceRoot?: string;
  mappings: string;
  [field: string]: unknown;
}

export interface BuiltSourceMap {
  /** The map with absolute `sources`, as a data URL for `//# sourceMappingURL` in evaluated code. */
  dataURL: string;
  trace: TraceMap;
}

/**
 * Turns on Node's source maps for the code this thread compiles from now on. Once on, Node reads the map of
 * every module as it loads (work plain `node` does not do: a tenth of a start's CPU in profiles), so the
 * runtime turns them on only when it first compiles a file (compile.ts): a program of files a plugin
 * built runs with Node's own setting, as under `node` (`--enable-source-maps` to map its stacks).
 */
export function useSourceMaps(): void {
  if (!process.sourceMapsEnabled) process.setSourceMapsEnabled(true);
}

/** The `//# sourceMappingURL=` of a built file's text, if any. */
export function sourceMappingURLOf(text: string): string | undefined {
  return COMMENT.exec(text.slice(text.lastIndexOf('//')))?.[1];
}

/** The code of `text` without its `//# sourceMappingURL=` comment: what runs, wherever its lines came from. */
export function withoutSourceMap(text: string): string {
  const at = text.lastIndexOf('//');
  return COMMENT.test(text.slice(at)) ? text.slice(0, at) : text;
}

/** The source map the built `file` (with contents `text`) points to, with absolute `sources`; undefined if none or unreadable. */
export function readSourceMap(file: string, text: string): RawSourceMap | undefined {
  const url = sourceMappingURLOf(text);
  if (!url) return undefined;
  try {
    let json: string;
    let base: string;
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const payload = url.slice(comma + 1);
      json = url.slice(0, comma).endsWith(';base64') ? Buffer.from(payload, 'base64').toString('utf8') : decodeURIComponent(payload);
      base = file;
    } else {
      base = url.startsWith('file:') ? fileURLToPath(url) : path.resolve(path.dirname(file), decodeURIComponent(url));
      json = fs.readFileSync(base, 'utf8');
    }
    const map = JSON.parse(json) as RawSourceMap;
    const root = map.sourceRoot ?? '';
    map.sources = map.sources.map((source) =>
      source === null || source.startsWith('file:') ? source : pathToFileURL(path.resolve(path.dirname(base), root, source)).href,
    );
    delete map.sourceRoot;
    return map;
  } catch {
    return undefined;
  }
}

export const mapDataURL = (map: object): string =>
  `data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;

/** The source map of the built `file`, ready for evaluated code and for mapping positions. */
export function loadSourceMap(file: string, text: string): BuiltSourceMap | undefined {
  const map = readSourceMap(file, text);
  return map && { dataURL: mapDataURL(map), trace: new (traceMapping().TraceMap)(map as unknown as SourceMapInput) };
}

/** A compiler's call that applies decorators: tsc's `__decorate([…], …)`, SWC's `_ts_decorate`, esbuild's `__decorateClass`. */
const DECORATE = /\b(?:__decorate|_ts_decorate|__decorateClass)\(\[/g;

/**
 * What the decorator call around `offset` in the built `text` decorates (`Ctl.prototype.hello`, `Ctl`), if
 * the offset is in one: compilers emit those calls after the class, and some map them to no line.
 */
export function decoratedAt(text: string, offset: number): string | undefined {
  let start = -1;
  for (const match of text.matchAll(DECORATE)) {
    if (match.index > offset) break;
    start = match.index + match[0].length - 1;
  }
  if (start === -1) return undefined;
  // The end of its list of decorators: the bracket that closes the one it opens.
  let end = start;
  for (let depth = 0; end < text.length; end++) {
    if (text[end] === '[') depth++;
    else if (text[end] === ']' && --depth === 0) break;
  }
  if (offset > end) return undefined;
  const target = /^\],\s*([\w$.]+)(?:,\s*["']([^"']+)["'])?/.exec(text.slice(end));
  return target ? `${target[1]}${target[2] ? `.${target[2]}` : ''}` : undefined;
}

/**
 * `file:line:column` of a position in the built file (line 1-based, column 0-based), mapped to the
 * original source when a source map says where it came from. Paths are relative to `cwd`. `decorated`: what
 * the decorator call at the position decorates (decoratedAt).
 */
export function describePosition(file: string, map: BuiltSourceMap | undefined, line: number, column: number, cwd: string, decorated?: string): string {
  const { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, originalPositionFor } = traceMapping();
  let original = map && originalPositionFor(map.trace, { line, column });
  // Code the compiler generated (a class's members list) maps nowhere: the source it precedes does. Not the
  // decorator calls it emits after a class: what follows them is other code.
  for (let next = line; map && !decorated && !original?.source && next < line + 50; next++) {
    original = originalPositionFor(map.trace, { line: next, column: next === line ? column : 0, bias: LEAST_UPPER_BOUND });
  }
  // Nothing follows it (the module's last statement, `module.exports = { Store }`, its object unmapped): the code
  // it is part of, before it on its line or above.
  for (let previous = line; map && !decorated && !original?.source && previous > 0 && previous > line - 50; previous--) {
    original = originalPositionFor(map.trace, { line: previous, column: previous === line ? column : Number.MAX_SAFE_INTEGER, bias: GREATEST_LOWER_BOUND });
  }
  if (original?.source && original.line !== null) {
    return `${path.relative(cwd, fileURLToPath(original.source))}:${original.line}:${original.column + 1}`;
  }
  // Nor what follows it (SWC's decorator calls after a class): the built line would be read as a line of the source.
  const source = map?.trace.sources.find((name): name is string => name !== null);
  if (source && decorated) return `${path.relative(cwd, fileURLToPath(source))}, in the decorators of ${decorated}, which its compiler emitted as code that maps to no line of it`;
  if (source) return `${path.relative(cwd, fileURLToPath(source))}, in code its compiler generated (decorators, for one) that maps to no line of it`;
  return `${path.relative(cwd, file)}:${line}:${column + 1}`;
}
