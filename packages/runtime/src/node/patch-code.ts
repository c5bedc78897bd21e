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

/** Text of `gap` with everything but line breaks blanked. */
const blank = (gap: string): string => gap.replace(/[^\n\r\u2028\u2029]/g, ' ');

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
    let gap = blank(text.slice(position, piece.start));
    // Put what closed the previous piece at the start of the gap and what opens this one at its end,
    // over blanks, so columns stay where the new file has them wherever the gap is wide enough.
    const lineEnd = gap.search(/[\n\r\u2028\u2029]/);
    const firstLine = lineEnd === -1 ? gap.length : lineEnd;
    gap = pending.length <= firstLine ? pending + gap.slice(pending.length) : pending + gap;
    const lastLineStart = Math.max(...['\n', '\r', '\u2028', '\u2029'].map((c) => gap.lastIndexOf(c))) + 1;
    const room = gap.length - lastLineStart - (lastLineStart === 0 ? pending.length : 0);
    gap = piece.before.length <= room ? gap.slice(0, gap.length - piece.before.length) + piece.before : gap + piece.before;
    code += gap + text.slice(piece.start, piece.end);
    position = piece.end;
    pending = piece.after;
  }
  code += `${pending}\n${VALUES};`;
  code += `\n//# sourceURL=${sourceURL}`;
  if (sourceMappingURL) code += `\n//# sourceMappingURL=${sourceMappingURL}`;
  return { code, elements };
}
