// What the plugin registered in this server process: every slot key, and a live check that the
// imported `increment` is the function the registry defined for its key, and that it forwards to a
// newer implementation when its cell holds one (docs/protocol.md §2: give every cell of the key a
// version and an implementation, call, restore).
import { increment } from '../../../lib/counter';

export const dynamic = 'force-dynamic';

interface Cell {
  v: number;
  impl: ((...args: unknown[]) => unknown) | undefined;
  fn: unknown;
}

interface Slot {
  key: string;
  fn: unknown;
  cells: Cell[];
  version: number;
}

interface Registry {
  protocol: number;
  slots: Map<string, Slot>;
}

export function GET(): Response {
  const registry = (globalThis as Record<symbol, Registry | undefined>)[Symbol.for('mighty-patcher.registry')];
  if (!registry) return Response.json({ registry: false, keys: [], incrementIsDefined: false });
  const slot = registry.slots.get('lib/counter.ts#increment');
  const before = increment(1);
  let patched: unknown = null;
  if (slot) {
    const saved = slot.cells.map((cell) => ({ v: cell.v, impl: cell.impl }));
    for (const cell of slot.cells) {
      cell.v = slot.version + 1;
      cell.impl = (count) => (count as number) + 100;
    }
    try {
      patched = increment(1);
    } finally {
      slot.cells.forEach((cell, index) => Object.assign(cell, saved[index]));
    }
  }
  return Response.json({
    registry: true,
    protocol: registry.protocol,
    keys: [...registry.slots.keys()].sort(),
    // Each evaluation of lib/counter.ts in this process (a bundle may have its own copy) has a cell.
    incrementIsDefined: slot ? slot.cells.some((cell) => cell.fn === increment) : false,
    before,
    patched,
    after: increment(1),
  });
}
