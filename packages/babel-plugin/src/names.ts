// The names of generated code, named once (docs/protocol.md §7). Every generated identifier starts with
// GENERATED_PREFIX, followed by one of these bases; Babel's scope adds digits when a name is taken.
export const GENERATED_PREFIX = '_mp_';

/** Bases of the generated identifiers (`_mp_cell`, `_mp_s_total`, ...). */
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
  default: 'default',
  slot: 's_',
  hot: 'hot',
  hotError: 'hotError',
  hotCommit: 'hotCommit',
  hotGlue: 'hotGlue',
  hotGate: 'hotGate',
  hotTop: 'hotTop',
} as const;

/** The global symbol the registry lives under. */
export const REGISTRY_KEY = 'mighty-patcher.registry';

/** The protocol generated code speaks (docs/protocol.md §5). */
export const PROTOCOL = 2;
