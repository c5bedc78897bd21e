// A walk over plain nodes for the questions asked of every instrumented function (does it read
// `new.target`, `arguments`, does it hold JSX): `path.traverse` builds a NodePath for every node it
// visits, and these questions were a third of the plugin's own time on real code.
import type { types as BabelTypes } from '@babel/core';

type T = typeof BabelTypes;
type Node = BabelTypes.Node;

/** What a visit tells the walk: go on into the node (undefined), skip its children, or stop. */
export type Step = 'skip' | 'stop' | undefined;

/** Visits `root` and the nodes under it, depth first, each with its parent and grandparent; true if a visit stopped the walk. */
export function scan(t: T, root: Node, visit: (node: Node, parent: Node | undefined, grandparent: Node | undefined) => Step): boolean {
  const walk = (node: Node, parent: Node | undefined, grandparent: Node | undefined): boolean => {
    const step = visit(node, parent, grandparent);
    if (step !== undefined) return step === 'stop';
    for (const key of t.VISITOR_KEYS[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (isNode(item) && walk(item, node, parent)) return true;
      }
    }
    return false;
  };
  return walk(root, undefined, undefined);
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
