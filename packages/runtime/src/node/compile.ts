// Compiles what Node cannot run as written, as it loads and on every save: TypeScript and JSX sources, and
// built JavaScript that no plugin instrumented (tsc's or esbuild's output), with @swc/core and our SWC Wasm
// plugin. One call per file does everything: types stripped, JSX and decorators (tsconfig's
// `experimentalDecorators`/`emitDecoratorMetadata`) compiled, CommonJS emitted where the file is CommonJS,
// every function instrumented (program files only), and an inline source map to the source, so that stack
// traces name `.ts` lines.
//
// Compiled modules are kept on disk (cache.ts), keyed by the file's text, its path and everything that
// shapes the output: a restart, and a second start, compile only what changed.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Options as SwcOptions } from '@swc/core';
import { eastAsianWidth } from 'eastasianwidth';
import { cacheDir, readCached, writeCached } from './cache';
import { VersionSyntaxError } from './errors';
import { tsconfigOf, type Format } from './project';
import { metadataImportsByNamespace, metadataReadsGuarded } from './metadata-imports';
import { mapDataURL, readSourceMap, useSourceMaps } from './source-map';

type Swc = typeof import('@swc/core');

let compiler: { plugin: string; identity: string } | undefined;
let core: Swc | undefined;

/**
 * The plugin's path, and what identifies the compiler in the cache key (a rebuilt plugin compiles differently):
 * known without loading @swc/core, which a start with every module in the cache never needs.
 */
function swcCompiler(): NonNullable<typeof compiler> {
  if (!compiler) {
    const { version } = require('@swc/core/package.json') as { version: string };
    const plugin = require.resolve('@mighty-patcher/swc-plugin');
    const stat = fs.statSync(plugin);
    compiler = { plugin, identity: `swc ${version}, plugin ${stat.size} ${stat.mtimeMs}` };
  }
  return compiler;
}

/** @swc/core, loaded when the first file is compiled or parsed (a program of built files never needs it). */
function swcCore(): Swc {
  return (core ??= require('@swc/core') as Swc);
}

export interface CompileRequest {
  /** Absolute path of the file. */
  file: string;
  /** Its text: a source, or built JavaScript. */
  text: string;
  /** ES module or CommonJS: what the compiled code must be. */
  format: Format;
  /** Instrument its functions (a program file), or only compile it (a TypeScript file under node_modules). */
  instrument: boolean;
  /** Module ids are paths relative to it. */
  root: string;
}

/** The SWC options for a file: from its extension, its format and the tsconfig.json that applies to it. */
function swcOptions({ file, text, format, instrument, root }: CompileRequest): SwcOptions {
  const { plugin } = swcCompiler();
  const typescript = /\.[cm]?tsx?$/.test(file);
  const jsx = /\.[jt]sx$/.test(file);
  const source = typescript || jsx;
  const tsconfig = source ? tsconfigOf(file) : undefined;
  const compilerOptions = tsconfig?.options ?? {};
  const target = typeof compilerOptions.target === 'string' ? compilerOptions.target.toLowerCase() : undefined;
  const jsxOption = typeof compilerOptions.jsx === 'string' ? compilerOptions.jsx.toLowerCase() : 'react-jsx';
  const experimentalDecorators = compilerOptions.experimentalDecorators === true;
  const input = source ? undefined : readSourceMap(file, text);
  return {
    filename: file,
    cwd: root,
    swcrc: false,
    configFile: false,
    sourceMaps: true,
    inlineSourcesContent: false,
    inputSourceMap: input ? JSON.stringify(input) : false,
    // CommonJS sources are modules to TypeScript when they import or export, scripts otherwise (sloppy mode kept).
    isModule: format === 'module' ? true : source ? 'unknown' : false,
    ...(source && format === 'commonjs'
      ? {
          module: {
            type: 'commonjs',
            // `import()` stays an import (of ES-only packages), as TypeScript's node16/nodenext emit keeps it.
            ignoreDynamic: true,
            // Lets ES modules that import this one see its named exports (Node's cjs-module-lexer).
            exportInteropAnnotation: true,
            ...(tsconfig?.path && importsWithoutInterop(compilerOptions) ? { importInterop: 'none' as const } : {}),
          },
        }
      : {}),
    jsc: {
      // Built JavaScript is only instrumented: nothing of it is lowered.
      target: source ? 'es2022' : 'esnext',
      parser: typescript
        ? { syntax: 'typescript', tsx: jsx, decorators: true }
        : { syntax: 'ecmascript', jsx, decorators: source, importAttributes: true },
      transform: source
        ? {
            legacyDecorator: experimentalDecorators,
            decoratorMetadata: experimentalDecorators && compilerOptions.emitDecoratorMetadata === true,
            ...(experimentalDecorators ? {} : { decoratorVersion: '2022-03' as const }),
            // tsc's default: define semantics from target ES2022 on (and with no target given).
            useDefineForClassFields:
              compilerOptions.useDefineForClassFields ?? (target === undefined || target === 'esnext' || Number(target.slice(2)) >= 2022),
            verbatimModuleSyntax: compilerOptions.verbatimModuleSyntax === true,
            react: {
              runtime: jsxOption === 'react' ? 'classic' : 'automatic',
              development: jsxOption === 'react-jsxdev',
              ...(compilerOptions.jsxImportSource ? { importSource: compilerOptions.jsxImportSource } : {}),
              ...(compilerOptions.jsxFactory ? { pragma: compilerOptions.jsxFactory } : {}),
              ...(compilerOptions.jsxFragmentFactory ? { pragmaFrag: compilerOptions.jsxFragmentFactory } : {}),
            },
          }
        : {},
      experimental: {
        // `import data from './data.json' with { type: 'json' }`: dropped, Node refuses the import.
        keepImportAttributes: true,
        cacheRoot: path.join(cacheDir(), 'swc'),
        // Node has no bundler HMR API: the runtime applies every change itself. Enabled whatever NODE_ENV says:
        // a program run under the runtime asked to be patched (the plugin's default is off in production).
        plugins: instrument ? [[plugin, { root, hmr: false, enabled: true }]] : [],
      },
    },
  };
}

/**
 * Whether `import` of a CommonJS module must give its `module.exports` itself, as `tsc` emits it without
 * `esModuleInterop`: `import * as Router from 'koa-router'; new Router()`. Only where the type checker rejects
 * a default import of such a module (`allowSyntheticDefaultImports`, resolved as TypeScript does), so that no
 * code checked by `tsc` can rely on the interop helpers; a project that allows it was written for a runtime
 * that adds them (Babel, esbuild, tsx), as SWC does by default, and so was a file no tsconfig.json applies to.
 */
function importsWithoutInterop(options: ReturnType<typeof tsconfigOf>['options']): boolean {
  if (options.allowSyntheticDefaultImports !== undefined) return !options.allowSyntheticDefaultImports;
  const module = String(options.module ?? '').toLowerCase();
  const esModuleInterop = options.esModuleInterop ?? ['node16', 'node18', 'node20', 'nodenext', 'preserve'].includes(module);
  return !esModuleInterop && module !== 'system' && String(options.moduleResolution ?? '').toLowerCase() !== 'bundler';
}

/**
 * The index in `line` of what SWC's code frame shows `visual` columns in: the frame draws a tab as four spaces
 * and a wide character (CJK, fullwidth forms: East Asian Width W or F) as two cells.
 */
function indexAt(line: string, visual: number): number {
  let width = 0;
  let index = 0;
  for (const character of line) {
    if (width >= visual) return index;
    const kind = character === '\t' ? 'tab' : eastAsianWidth(character);
    width += kind === 'tab' ? 4 : kind === 'W' || kind === 'F' ? 2 : 1;
    index += character.length;
  }
  return line.length;
}

/** Where a syntax error in `text` is, from SWC's message: its `,-[file:line:col]` header and the `^` under the line. */
function syntaxError(error: unknown, text: string): VersionSyntaxError | undefined {
  const message = String((error as Error)?.message ?? error);
  const header = /^\s*,-\[(?:.*:)?(\d+):(\d+)\]$/m.exec(message);
  if (!header) return undefined;
  const lines = message.slice(header.index + header[0].length + 1).split('\n');
  const title = /^\s*x (.*)$/m.exec(message)?.[1]?.trim() ?? 'syntax error';
  // ` 12 |   return x +;` then `    :             ^`: the caret's offset from the bar is the column.
  for (let i = 0; i + 1 < lines.length; i++) {
    const code = /^\s*(\d+) \|(.*)$/.exec(lines[i]!);
    const mark = /^(\s*):(\s*)\^/.exec(lines[i + 1]!);
    if (code && mark) {
      const bar = lines[i]!.indexOf('|');
      const caret = lines[i + 1]!.indexOf('^');
      const line = Number(code[1]);
      return new VersionSyntaxError(title, line, indexAt(text.split(/\r?\n/)[line - 1] ?? '', Math.max(0, caret - bar - 2)));
    }
  }
  return new VersionSyntaxError(title, Number(header[1]), Number(header[2]) - 1);
}

/** The compiled, instrumented code of a file, with an inline source map; throws VersionSyntaxError if it does not parse. */
export function compile(request: CompileRequest): string {
  // Its stack frames name the source's lines only through the map.
  useSourceMaps();
  const options = swcOptions(request);
  const key = JSON.stringify([swcCompiler().identity, CELLS_FIRST, request.file, request.root, options]);
  const cached = readCached(key, request.text);
  if (cached !== undefined) return cached;
  let output: { code: string; map?: string };
  try {
    output = swcCore().transformSync(request.text, options);
  } catch (error) {
    throw syntaxError(error, request.text) ?? error;
  }
  const map = JSON.parse(output.map!) as { sources: string[]; sourcesContent?: unknown };
  // Sources as file URLs: Node resolves them against the module's URL, which a patch's code changes.
  map.sources = map.sources.map((source) => (path.isAbsolute(source) ? pathToFileURL(source).href : source));
  delete map.sourcesContent;
  const metadata = options.jsc?.transform?.decoratorMetadata === true;
  let compiled = output.code;
  if (request.format === 'commonjs') {
    if (request.instrument) compiled = cellsFirst(compiled);
    if (metadata) compiled = metadataReadsGuarded(compiled);
  } else if (metadata) {
    compiled = metadataImportsByNamespace(compiled);
  }
  const code = `${compiled}\n//# sourceMappingURL=${mapDataURL(map)}\n`;
  writeCached(key, request.text, code);
  return code;
}

/** Part of the cache key: output compiled before `cellsFirst`, `metadataImportsByNamespace` and `metadataReadsGuarded` differs. */
const CELLS_FIRST = 'cells first, metadata imports, metadata reads guarded';

/** A line of the plugin's cell declarations, as SWC prints them: `var _mp_s_f = _mp_cell("f"), …;` at the top level. */
const CELL_LINE = /^(?:var|const) (_mp_s_[\w$]* = _mp_cell[\w$]*\(.*\);)$/;
/** A holder's registration (`_mp_cell("f", _mp_s_f);`) and its declaration (`function _mp_s_f() {}`), docs/protocol.md §3.2. */
const HOLDER_CELL = /^(_mp_cell[\w$]*)\(("(?:[^"\\]|\\.)*"), (_mp_s_[\w$]*)\);$/;
const HOLDER = /^function _mp_s_[\w$]*\(\) \{\}$/;

/**
 * In CommonJS only the module itself runs before its `require`s (SWC puts them first, before the cells): the cells
 * go to the first line, after `"use strict";`, as one `const` declaration (docs/protocol.md §3.2; the Babel plugin's
 * `cellsFirst` does the same where it sees the module transform), so that no cycle can call in before them, and a
 * guard reads a constant. Where nothing but directives precedes them (a CommonJS file as written) they only
 * become `const`. Their lines are left empty: every other line keeps its place in the source map.
 */
function cellsFirst(code: string): string {
  const lines = code.split('\n');
  const cells: number[] = [];
  const holders: number[] = [];
  const declarators: string[] = [];
  lines.forEach((line, index) => {
    // Holders need not stay: once the cells come first, every cell is a `const` like the others.
    const holder = HOLDER_CELL.exec(line);
    const declarator = holder ? `${holder[3]} = ${holder[1]}(${holder[2]})` : CELL_LINE.exec(line)?.[1]!.slice(0, -1);
    if (HOLDER.test(line)) holders.push(index);
    else if (declarator !== undefined) {
      declarators.push(declarator);
      cells.push(index);
    }
  });
  if (cells.length === 0) return code;
  const first = cells[0]!;
  const directivesOnly = lines.slice(0, first).every((line) => /^\s*(?:(['"])use \w+\1;?\s*)?(?:\/\/.*)?$/.test(line));
  if (directivesOnly) {
    for (const index of [...cells, ...holders]) lines[index] = '';
    lines[first] = `const ${declarators.join(', ')};`;
  } else if (/^(['"])use strict\1;$/.test(lines[0]!)) {
    for (const index of [...cells, ...holders]) lines[index] = '';
    lines[0] = `${lines[0]} const ${declarators.join(', ')};`;
  }
  return lines.join('\n');
}

/** Parses a source (TypeScript or JavaScript, with JSX and decorators) only; throws VersionSyntaxError if it does not parse. */
export function parseSource(file: string, text: string): void {
  const typescript = /\.[cm]?tsx?$/.test(file);
  const jsx = /\.[jt]sx$/.test(file);
  try {
    swcCore().parseSync(text, {
      ...(typescript ? { syntax: 'typescript', tsx: jsx, decorators: true } : { syntax: 'ecmascript', jsx, decorators: true }),
      target: 'esnext',
    });
  } catch (error) {
    throw syntaxError(error, text) ?? error;
  }
}
