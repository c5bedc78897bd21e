// The names of generated code, named once (docs/protocol.md §7). Every generated identifier starts with
// GENERATED_PREFIX, followed by one of these bases; Babel's scope adds digits when a name is taken.
export const GENERATED_PREFIX = '_mp_';

/** Bases of the generated identifiers (`_mp_define`, `_mp_s_total`, ...). */
export const NAMES = {
  define: 'define',
  init: 'init',
  method: 'method',
  scope: 'scope',
  code: 'code',
  tmp: 'tmp',
  iterator: 'it',
  default: 'default',
  slot: 's_',
  hot: 'hot',
  hotSnapshot: 'hotSnapshot',
  hotError: 'hotError',
  hotCommit: 'hotCommit',
} as const;

/** Key of the generator proxies' rest pattern: never an own or inherited property of an array. */
export const GENERATOR_CALL_KEY = 'mighty-patcher';

/** The global symbol the registry lives under. */
export const REGISTRY_KEY = 'mighty-patcher.registry';
