import { babelAdapter } from './babel';
import type { Adapter } from './types';

export type { Adapter, Transform, TransformOptions } from './types';

const adapters: Record<string, () => Adapter> = {
  babel7: () => babelAdapter(7),
  babel8: () => babelAdapter(8),
  swc: () => (require('./swc') as typeof import('./swc')).swcAdapter(),
};

/** Adapters are named on command lines (child processes cannot receive functions). */
export function loadAdapter(name: string): Adapter {
  const create = adapters[name];
  if (!create) throw new Error(`unknown adapter "${name}"; known: ${Object.keys(adapters).join(', ')}`);
  return create();
}
