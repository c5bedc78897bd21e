// The names of generated code, named once (docs/protocol.md §7). Every generated identifier starts with
// GENERATED_PREFIX, followed by one of these bases; Babel's scope adds digits when a name is taken.
export const GENERATED_PREFIX = '_mp_';

/** Bases of the generated identifiers (`_mp_cell`, `_mp_s_` + a name's hash, ...). */
export const NAMES = {
  registry: 'registry',
  cell: 'cell',
  def: 'def',
  members: 'members',
  scope: 'scope',
  code: 'code',
  evaluator: 'e',
  evaluatorCode: 'c',
  param: 'p',
  rest: 'r',
  default: 'default',
  slot: 's_',
  hot: 'hot',
  hotError: 'hotError',
  hotCommit: 'hotCommit',
  hotGlue: 'hotGlue',
  hotGate: 'hotGate',
  hotTop: 'hotTop',
} as const;

/** FNV-1a (32 bits, offset basis 0x811c9dc5, prime 0x01000193) over UTF-16 code units (docs/protocol.md §6, §7). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The top `count` nibbles of a hash as letters `a`-`p`, the highest first: no digit, so that Babel's unique
 * names never take a trailing digit of it for a counter.
 */
export function letters(hash: number, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += String.fromCharCode(97 + ((hash >>> (28 - 4 * i)) & 15));
  return text;
}

/** A cell variable's base: `s_` and the registry name's whole hash as eight letters (docs/protocol.md §7). */
export const cellBase = (name: string): string => `${NAMES.slot}${letters(fnv1a(name), 8)}`;

/** The global symbol the registry lives under. */
export const REGISTRY_KEY = 'mighty-patcher.registry';

/** The protocol generated code speaks (docs/protocol.md §5). */
export const PROTOCOL = 2;
