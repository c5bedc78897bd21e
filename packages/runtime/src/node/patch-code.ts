// Builds the code a body patch evaluates in the running module's scope (docs/protocol.md §3.5):
// statements that push the new version's implementations onto `_mp_values`, preceded by the
// statements of functions this version adds (declared in the patch's own scope, where the new
// implementations see them). Each piece stays at the line (and, where the generated code leaves
// room, the column) it has in the new file, so the file's own source map applies and stack traces
// point at the edited source.
import type { Defined, DefinedFunction, ModuleVersion, TopStatement } from './analyse';

const VALUES = '_mp_values';

interface Piece {
  start: number;
  end: number;
  before: string;
  after: string;
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

export interface PatchCode {
  code: string;
  /** What each element of the array the code evaluates to is. */
  elements: Defined[];
}

/**
 * `added`: statements of `version` that declare functions the running version lacks;
 * `declared`: the slot variables the running module already has.
 */
export function patchCode(
  version: ModuleVersion,
  added: TopStatement[],
  declared: string[],
  sourceURL: string,
  sourceMappingURL: string | undefined,
): PatchCode {
  const { text } = version;
  const inAdded = (d: Defined) => added.some((s) => d.start >= s.start && d.end <= s.end);
  const addedNames = new Set(added.flatMap((s) => s.defines ?? []));
  const pieces: Piece[] = added.map((s) => ({ start: s.start, end: s.end, before: '', after: '' }));
  const elements: Defined[] = [];
  for (const defined of version.defined) {
    if (inAdded(defined)) continue; // the added statement defines it when it runs
    elements.push(defined);
    if (defined.kind === 'member') {
      // Called with `this` standing for the class, as in the class's static block where it was written.
      pieces.push({ ...defined, before: `${VALUES}.push(function () { return [${defined.key}, `, after: ']; });' });
    } else if (addedNames.has(defined.name)) {
      // An added function declaration: its `_mpInit` line defines it, in this scope.
      const { call, slot } = defined as DefinedFunction;
      pieces.push({ ...call, before: `${VALUES}.push((${slot} = `, after: ').impl);' });
    } else {
      pieces.push({ ...defined, before: `${VALUES}.push(`, after: ');' });
    }
  }
  pieces.sort((a, b) => a.start - b.start);

  const fresh = version.slotVariables.filter((name) => !declared.includes(name));
  let pending = `var ${[`${VALUES} = []`, ...fresh].join(', ')};`;
  let code = '';
  let position = 0;
  for (const piece of pieces) {
    code += gapCode(text.slice(position, piece.start), pending, piece.before) + text.slice(piece.start, piece.end);
    position = piece.end;
    pending = piece.after;
  }
  code += `${pending}\n${VALUES};`;
  code += `\n//# sourceURL=${sourceURL}`;
  if (sourceMappingURL) code += `\n//# sourceMappingURL=${sourceMappingURL}`;
  return { code, elements };
}
