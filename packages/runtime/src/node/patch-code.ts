// Builds the code a body patch evaluates (docs/protocol.md §3.7): in the running module's scope (inside an
// arrow that declares what the patch adds), the new
// implementations of the module-level functions that changed, pushed onto `_mp_values`, after the
// statements of functions this version adds (declared in the patch's own scope, where the new
// implementations see them) and the cells of closure sites it adds; and, for each closure site that
// changed, the code its runner compiles in the scope of each activation that made one. Each piece stays
// at the line (and, where the generated code leaves room, the column) it has in the new file, so the
// file's own source map applies and stack traces point at the edited source. Every guard in a piece
// compares with the version its function will have once the patch is committed.
import { makers, type GuardedFunction, type ModuleVersion, type TopStatement } from './analyse';

const VALUES = '_mp_values';

interface Piece {
  start: number;
  end: number;
  before: string;
  after: string;
  /** The text of [start, end), when it is not the file's own (a rewritten arrow). */
  text?: string;
}

const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/g;

/**
 * What stands for the generated code between two pieces: `after` (closing the previous piece), the
 * gap's line breaks, then `before` (opening the next piece) ending where the next piece starts in the
 * file, wherever the room allows. Only the line breaks and the last line's indentation are kept:
 * V8 keeps the source of evaluated code for a while, so it stays small.
 */
function gapCode(gap: string, after: string, before: string): string {
  const breaks = gap.match(LINE_BREAK);
  if (!breaks) return after + ' '.repeat(Math.max(0, gap.length - after.length - before.length)) + before;
  const column = gap.length - Math.max(gap.lastIndexOf('\n'), gap.lastIndexOf('\r'), gap.lastIndexOf('\u2028'), gap.lastIndexOf('\u2029')) - 1;
  return after + breaks.join('') + ' '.repeat(Math.max(0, column - before.length)) + before;
}

/** Where each line break of a text starts, found once per text: a closure site's code starts at its line. */
const lineBreaks = new WeakMap<ModuleVersion, number[]>();
function lineBreaksBefore(version: ModuleVersion, position: number): number {
  let starts = lineBreaks.get(version);
  if (!starts) lineBreaks.set(version, (starts = Array.from(version.text.matchAll(LINE_BREAK), (match) => match.index)));
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Joins pieces of `text` in order, keeping each at its line. */
function assemble(text: string, pieces: Piece[], head: string, tail: string): string {
  let code = '';
  let position = 0;
  let pending = head;
  for (const piece of pieces) {
    code += gapCode(text.slice(position, piece.start), pending, piece.before) + (piece.text ?? text.slice(piece.start, piece.end));
    position = piece.end;
    pending = piece.after;
  }
  return code + pending + tail;
}

/** The last segment of a registry name: the function's own name (`total` of `Cart.prototype.total`). */
export function ownName(name: string): string {
  const bare = name.replace(/~\d+$/, '').replace(/:(get|set)$/, '');
  const segment = /(?:^|[./])([^./[\]]+)$/.exec(bare)?.[1];
  return segment ?? bare;
}

/** `async function*` etc. for a function written as a declaration or method, without its name. */
function prefix(fn: GuardedFunction): string {
  return `${fn.async ? 'async ' : ''}`;
}

/**
 * The tests of the guards inside [start, end) made to compare with the versions their cells will have
 * (protocol §1); the guard of `own`'s cell, the implementation's own, left out (its line breaks kept; protocol §4).
 */
function withVersions(version: ModuleVersion, start: number, end: number, versionOf: (cell: string) => number, own?: string): string {
  let out = '';
  let position = start;
  for (const guard of version.guards) {
    if (guard.start < start || guard.end > end) continue;
    if (guard.cell === own) {
      const { statement } = guard;
      out += version.text.slice(position, statement.start) + (version.text.slice(statement.start, statement.end).match(LINE_BREAK) ?? []).join('');
      position = statement.end;
      continue;
    }
    out += version.text.slice(position, guard.start) + `${guard.read} > ${versionOf(guard.cell)}`;
    position = guard.end;
  }
  return out + version.text.slice(position, end);
}

/** What precedes the parameters of a function expression without a name of its own, or of an arrow. */
const ANONYMOUS = /^(?:async\s*)?(?:function\s*(?:\*\s*)?)?$/;

/**
 * An expression evaluating to a newer implementation of `fn` (a method's or field's: a function of its home);
 * `added`: a method the version adds, which becomes the function on its home, guarded as the plugin built it.
 */
function implementation(version: ModuleVersion, fn: GuardedFunction, versionOf: (cell: string) => number, added = false): Piece {
  const piece = implementationByRole(version, fn, versionOf, added);
  // Evaluated by a sloppy module's evaluator, a class member would be sloppy code: an arrow with a directive
  // keeps it strict (a method cannot hold one where its parameters are not plain).
  return fn.strictInSloppy ? { ...piece, before: `(() => { "use strict"; return ${piece.before}`, after: `${piece.after}; })()` } : piece;
}

/** `implementation` before its strictness is seen to: the expression `fn`'s role (declaration, method, field…) needs. */
function implementationByRole(version: ModuleVersion, fn: GuardedFunction, versionOf: (cell: string) => number, added: boolean): Piece {
  const { text } = version;
  const key = JSON.stringify(ownName(fn.name));
  // Only the cell's `impl` reaches an implementation, so it is always the newest and needs no guard of its own
  // (one V8 would count against inlining it into the original), unless it can call itself by its own name.
  const expression = fn.role === 'expression' || (fn.role === 'field' && !fn.arrow);
  const own = added || (expression && !ANONYMOUS.test(text.slice(fn.start, fn.paramsStart))) ? undefined : fn.cell;
  const whole = (from: number) => withVersions(version, from, fn.end, versionOf, own);
  switch (fn.role) {
    case 'declaration':
      // An anonymous function in an object literal: its name, and no inner binding shadowing the module's.
      return {
        start: fn.paramsStart,
        end: fn.end,
        text: whole(fn.paramsStart),
        before: `({ ${key}: ${prefix(fn)}function${fn.generator ? '*' : ''} `,
        after: ` })[${key}]`,
      };
    case 'expression':
      // A property's value a version adds to a running object (`list: () => …`): named by its key, as in the literal;
      // made by an arrow, which keeps the module's `this` for an arrow's body.
      if (added) return { start: fn.start, end: fn.end, text: whole(fn.start), before: `(() => ({ ${key}: `, after: ` })[${key}])` };
      return { start: fn.start, end: fn.end, text: whole(fn.start), before: '(', after: ')' };
    case 'method': {
      const kind = fn.part === 'value' ? `${prefix(fn)}${fn.generator ? '*' : ''}` : `${fn.part} `;
      if (fn.form === 'closure') {
        // A method of an object made by each call (a store's actions): the object is not known, nor needed.
        return {
          start: fn.paramsStart,
          end: fn.end,
          text: whole(fn.paramsStart),
          before: `Object.getOwnPropertyDescriptor({ ${kind}${key}`,
          after: ` }, ${key}).${fn.part}`,
        };
      }
      return {
        start: fn.paramsStart,
        end: fn.end,
        text: whole(fn.paramsStart),
        before: `(function (_mp_home) { return Object.getOwnPropertyDescriptor({ __proto__: _mp_home && Object.getPrototypeOf(_mp_home), ${kind}${key}`,
        after: ` }, ${key}).${fn.part}; })`,
      };
    }
    case 'field': {
      if (!fn.arrow) return { start: fn.start, end: fn.end, text: whole(fn.start), before: '(', after: ')' };
      // The arrow becomes a method of its class's prototype (or the class), called with the instance as `this`.
      const arrowAt = text.lastIndexOf('=>', fn.bodyStart);
      const params = text.slice(fn.paramsStart, arrowAt).trim();
      const list = params.startsWith('(') ? params : `(${params})`;
      return {
        start: fn.paramsStart,
        end: fn.end,
        text: `${list} ${whole(fn.bodyStart)}`,
        before: `(function (_mp_home) { return { __proto__: _mp_home && Object.getPrototypeOf(_mp_home), ${prefix(fn)}${key}`,
        after: ` }[${key}]; })`,
      };
    }
  }
}

export interface PatchElement {
  fn: GuardedFunction;
  /** The version its guard now compares with. */
  version: number;
  /** A method the version adds to a running home: its value is `[its implementation as a function of the home, its cell]`. */
  added?: true;
}

export interface PatchCode {
  /**
   * Evaluated in the module's scope: `[values, shared]`, one value per `elements` entry, and the bindings of
   * the patch's own scope (functions it adds, cells of closure sites it adds) that changed closures read.
   */
  code: string;
  elements: PatchElement[];
  /**
   * For each closure site that changed: the code its runner evaluates in the scope of an activation; where it
   * reads bindings of the patch's scope, which an activation's scope lacks, a function of them (`names`).
   */
  closures: { element: PatchElement; code: string; names: string[] }[];
}

/**
 * `changed`: the functions of `version` whose text changed; `added`: statements of `version` that declare
 * functions the running version lacks; `members`: methods it adds to running classes and objects; `declared`: the cells the running module already has;
 * `currentVersion(cell)`: the version a cell's key has now.
 */
export function patchCode(
  version: ModuleVersion,
  changed: GuardedFunction[],
  added: TopStatement[],
  members: GuardedFunction[],
  declared: Set<string>,
  currentVersion: (name: string) => number,
  sourceURL: string,
  sourceMappingURL: string | undefined,
  exportsToDefine: [string, string][],
): PatchCode {
  const { text } = version;
  const nameOfCell = new Map([...version.cells].map(([name, cell]) => [cell, name]));
  const next = new Map(changed.map((fn) => [fn.cell, currentVersion(fn.name) + 1]));
  const versionOf = (cell: string) => next.get(cell) ?? (declared.has(cell) ? currentVersion(nameOfCell.get(cell)!) : 0);
  const inAdded = (fn: GuardedFunction) => added.some((s) => fn.start >= s.start && fn.end <= s.end);

  // Cells of closure sites and functions this version adds: declared in the patch's scope.
  const fresh = [...version.cells].filter(([, cell]) => !declared.has(cell));
  const patchScope = new Set([...added.flatMap((s) => s.defines ?? []), ...fresh.map(([, cell]) => cell)]);
  const pieces: Piece[] = added.map((s) => ({ start: s.start, end: s.end, before: '', after: '', text: withVersions(version, s.start, s.end, versionOf) }));
  const elements: PatchElement[] = [];
  const closures: PatchCode['closures'] = [];
  for (const fn of changed) {
    if (inAdded(fn)) continue;
    const element = { fn, version: next.get(fn.cell)! };
    const piece = implementation(version, fn, versionOf);
    if (fn.form === 'closure') {
      const lines = '\n'.repeat(lineBreaksBefore(version, piece.start));
      const local = new Set(makers(version, fn).flatMap((maker) => [...maker.declared]));
      const names = [...fn.referenced].filter((name) => patchScope.has(name) && !fn.declared.has(name) && !local.has(name));
      const impl = `${piece.before}${piece.text}${piece.after}`;
      const code = `${names.length > 0 ? `((${names.join(', ')}) =>${lines}${impl})` : `${lines}${impl}`}\n//# sourceURL=${sourceURL}${sourceMappingURL ? `\n//# sourceMappingURL=${sourceMappingURL}` : ''}`;
      closures.push({ element, code, names });
      continue;
    }
    elements.push(element);
    pieces.push({ ...piece, before: `${VALUES}.push(${piece.before}`, after: `${piece.after});` });
  }
  for (const fn of members) {
    const piece = implementation(version, fn, versionOf, true);
    elements.push({ fn, version: 0, added: true });
    pieces.push({ ...piece, before: `${VALUES}.push([${piece.before}`, after: `${piece.after}, ${fn.cell}]);` });
  }
  // In the order of their pieces in the code, which push the values.
  elements.sort((a, b) => a.fn.start - b.fn.start);
  pieces.sort((a, b) => a.start - b.start);
  // Declared in the patch's own scope, an arrow called at once: a sloppy direct eval's `var` (or function
  // declaration) would land in the module evaluator's scope instead, and from then on V8 resolves every free
  // variable of every function that evaluator compiles by a dynamic lookup (Octane's Mandreel: 18,000 to 194
  // after one patch; bench/README.md). The arrow keeps the module's `this` and strictness.
  const head = `(() => { var ${[`${VALUES} = []`, ...fresh.map(([name, cell]) => `${cell} = ${version.cellHelper}(${JSON.stringify(name)})`)].join(', ')};`;
  const shared = [...new Set(closures.flatMap((closure) => closure.names))];
  // The getters of exports the module's export table gains, which the runtime defines on the running exports object.
  const getters = exportsToDefine.map(([name, local]) => `get ${JSON.stringify(name)}() { return ${local}; }`);
  let tail = `\nreturn [${VALUES}, { ${shared.join(', ')} }, { ${getters.join(', ')} }]; })();\n//# sourceURL=${sourceURL}`;
  if (sourceMappingURL) tail += `\n//# sourceMappingURL=${sourceMappingURL}`;
  return { code: assemble(text, pieces, head, tail), elements, closures };
}
