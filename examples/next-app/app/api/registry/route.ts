// What the plugin registered in this server process: every slot key, and a live check that the
// imported `increment` is a proxy delegating to its slot (swap the slot's impl, call, restore).
import { increment } from '../../../lib/counter';

export const dynamic = 'force-dynamic';

interface Slot {
  key: string;
  impl: (...args: unknown[]) => unknown;
  proxies: unknown[];
}

interface Registry {
  protocol: number;
  slots: Map<string, Slot>;
}

export function GET(): Response {
  const registry = (globalThis as Record<symbol, Registry | undefined>)[Symbol.for('mighty-patcher.registry')];
  if (!registry) return Response.json({ registry: false, keys: [], incrementIsProxy: false });
  const slot = registry.slots.get('lib/counter.ts#increment');
  const before = increment(1);
  let patched: unknown = null;
  if (slot) {
    const original = slot.impl;
    slot.impl = (count) => (count as number) + 100;
    try {
      patched = increment(1);
    } finally {
      slot.impl = original;
    }
  }
  return Response.json({
    registry: true,
    protocol: registry.protocol,
    keys: [...registry.slots.keys()].sort(),
    incrementIsProxy: slot ? slot.proxies.includes(increment) : false,
    before,
    patched,
    after: increment(1),
  });
}
