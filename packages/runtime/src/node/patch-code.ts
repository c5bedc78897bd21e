// Builds the code a body-only patch evaluates in the old module's scope (docs/protocol.md §3.5):
// an array literal of the new version's implementation expressions, each at the line (and, where the
// generated code leaves room, the column) it has in the new file, so the file's own source map
// applies and stack traces point at the edited source.
import type { Defined, ModuleVersion } from './analyse';

/** What one element of the evaluated array is, and how it becomes an implementation. */
export function elementSource(defined: Defined, text: string): { before: string; body: string; after: string } {
  const body = text.slice(defined.start, defined.end);
  if (defined.kind === 'function') return { before: '(', body, after: '),' };
  // Called with `this` standing for the class, as in the class's static block where it was written.
  return { before: `(function () { return [${defined.key}, `, body, after: ']; }),' };
}

/** Text of `gap` with everything but line breaks blanked. */
const blank = (gap: string): string => gap.replace(/[^\n\r\u2028\u2029]/g, ' ');

export function patchCode(version: ModuleVersion, sourceURL: string, sourceMappingURL: string | undefined): string {
  const { text, defined } = version;
  let code = '';
  let position = 0;
  let pending = '[';
  for (const member of defined) {
    const { before, body, after } = elementSource(member, text);
    let gap = blank(text.slice(position, member.start));
    // Put what closed the previous element at the start of the gap and what opens this one at its
    // end, over blanks, so columns stay where the new file has them wherever the gap is wide enough.
    const lineEnd = gap.search(/[\n\r\u2028\u2029]/);
    const firstLine = lineEnd === -1 ? gap.length : lineEnd;
    gap = pending.length <= firstLine ? pending + gap.slice(pending.length) : pending + gap;
    const lastLineStart = Math.max(...['\n', '\r', '\u2028', '\u2029'].map((c) => gap.lastIndexOf(c))) + 1;
    const room = gap.length - lastLineStart - (lastLineStart === 0 ? pending.length : 0);
    gap = before.length <= room ? gap.slice(0, gap.length - before.length) + before : gap + before;
    code += gap + body;
    position = member.end;
    pending = after;
  }
  code += pending + ']';
  code += `\n//# sourceURL=${sourceURL}`;
  if (sourceMappingURL) code += `\n//# sourceMappingURL=${sourceMappingURL}`;
  return code;
}
