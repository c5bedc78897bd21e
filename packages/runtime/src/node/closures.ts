// The runtime's reading of which nested functions the plugins left without a guard as helpers (docs/protocol.md
// §3.6): the plugins decide it (babel-plugin closures.ts, swc-plugin closures.rs); the instrumented code does not
// say it, so `analyse` reads the same rule back from the code. One walk per owner, answers kept for the analysis.
import * as walk from 'acorn-walk';
import type { Node } from './analyse';

export const isFunction = (node: Node): boolean =>
  node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';

/** The function whose activation runs `ancestors[at]`: the nearest function above it, none if a class body comes first. */
function activationAbove(ancestors: Node[], at: number): number | undefined {
  for (let i = at - 1; i >= 0; i--) {
    if (isFunction(ancestors[i]!)) return i;
    if (ancestors[i]!.type === 'ClassBody') return undefined;
  }
  return undefined;
}

/** The name a function is the value of, as a helper is, and where its owner is in `ancestors` (which end with it). */
function helperName(fn: Node, ancestors: Node[]): { name: string; ownerAt: number | undefined } | undefined {
  const at = ancestors.length - 1;
  const parent = ancestors[at - 1];
  const around = ancestors[at - 2];
  if (fn.type === 'FunctionDeclaration' && parent?.type === 'BlockStatement' && around && isFunction(around)) return { name: fn.id.name, ownerAt: at - 2 };
  if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') return { name: parent.id.name, ownerAt: activationAbove(ancestors, at) };
  if (parent?.type === 'AssignmentExpression' && parent.operator === '=' && parent.right === fn && parent.left.type === 'Identifier') {
    const discarded =
      around?.type === 'ExpressionStatement' ||
      (around?.type === 'SequenceExpression' && around.expressions.at(-1) !== parent) ||
      (around?.type === 'CallExpression' && around.callee === parent);
    if (discarded) return { name: parent.left.name, ownerAt: activationAbove(ancestors, at) };
  }
  return undefined;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** What the rule reads of an owner's subtree, each with its path from the owner (the owner first, the node last). */
interface OwnerReads {
  /** Identifiers with the name of some function of the program that could be a helper. */
  uses: Map<string, Node[][]>;
  /** Reads of `arguments.callee`. */
  callees: Node[][];
  /** The functions each function makes (those it is the nearest function above). */
  made: Map<Node, Node[][]>;
}

/**
 * A reader of the helpers of one program. `see(fn, ancestors)` is told of every function of the program as it is
 * walked (`ancestors` from the program to `fn`) and says whether `fn` is bound to a name as a helper is; then
 * `helper(fn, ancestors)` is the name `fn` is bound to if it is a helper its activation only calls: the value of a
 * name (a function declaration in a function's body, a variable's initialiser, an assignment whose value nothing
 * else reads) in a function (its owner) neither async nor a generator, itself neither, without a name of its own
 * or a read of `arguments.callee`, whose every read is a call made by the owner or in helpers of it, and whose own
 * functions are helpers. Nothing holds one after the owner's call ended. A name declared again in a nested scope
 * can only make the answer no.
 */
export function helperReader(): { see(fn: Node, ancestors: Node[]): boolean; helper(fn: Node, ancestors: Node[]): string | undefined } {
  /** The names of every function that could be a helper: only their identifiers are kept of an owner. */
  const names = new Set<string>();
  const reads = new Map<Node, OwnerReads>();
  /** Final answers: every "no" (found under assumptions of "yes" only), and each "yes" of a question asked first. */
  const decided = new Map<Node, boolean>();

  const ownerReads = (owner: Node): OwnerReads => {
    let found = reads.get(owner);
    if (found) return found;
    found = { uses: new Map(), callees: [], made: new Map() };
    const { uses, callees, made } = found;
    walk.fullAncestor(owner, (node: Node, _state: unknown, inner: Node[]) => {
      if (node.type === 'Identifier' && names.has(node.name)) append(uses, node.name, inner.slice());
      else if (node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'arguments' && !node.computed && node.property.name === 'callee')
        callees.push(inner.slice());
      else if (isFunction(node) && inner.length > 1) {
        // Its maker is the nearest function above it, across a class body (a class's methods are made by its activation).
        let at = inner.length - 2;
        while (at >= 0 && !isFunction(inner[at]!)) at--;
        if (at >= 0) append(made, inner[at]!, inner.slice());
      }
    });
    reads.set(owner, found);
    return found;
  };

  const isHelper = (fn: Node, ancestors: Node[], seen: Set<Node>): boolean => {
    const known = decided.get(fn);
    if (known !== undefined) return known;
    // A function expression's own name is a second name that can hand it out (`setTimeout(step)` inside it).
    if (fn.async || fn.generator || (fn.type === 'FunctionExpression' && fn.id)) return no(fn);
    const { name, ownerAt } = helperName(fn, ancestors) ?? {};
    const owner = ownerAt === undefined ? undefined : ancestors[ownerAt];
    if (name === undefined || ownerAt === undefined || !owner || owner.async || owner.generator) return no(fn);
    if (seen.has(fn)) return true; // assumed while it is being decided: the greatest set of helpers
    seen.add(fn);
    const outside = ancestors.slice(0, ownerAt);
    const { uses, callees, made } = ownerReads(owner);
    // Each function between the owner and `inner[last]` (`inner` runs from the owner) is a helper.
    const helpersBetween = (inner: Node[]) =>
      inner.every((node, i) => i === 0 || i === inner.length - 1 || !isFunction(node) || isHelper(node, [...outside, ...inner.slice(0, i + 1)], seen));
    const only =
      // It can hand itself out.
      !callees.some((inner) => inner.includes(fn)) &&
      (uses.get(name) ?? []).every((inner) => {
        const node = inner.at(-1)!;
        const around = inner.at(-2);
        // Declared or assigned (nothing is handed out), or called.
        if (around === fn || (around?.type === 'VariableDeclarator' && around.id === node) || (around?.type === 'AssignmentExpression' && around.left === node)) return true;
        return around?.type === 'CallExpression' && around.callee === node && !around.optional && helpersBetween(inner);
      }) &&
      // A function it makes (a class's methods too) is a helper too.
      (made.get(fn) ?? []).every((inner) => isHelper(inner.at(-1)!, [...outside, ...inner], seen));
    return only || no(fn);
  };
  const no = (fn: Node): false => {
    decided.set(fn, false);
    return false;
  };

  return {
    see(fn, ancestors) {
      const name = helperName(fn, ancestors)?.name;
      if (name !== undefined) names.add(name);
      return name !== undefined;
    },
    helper(fn, ancestors) {
      const seen = new Set<Node>();
      if (!isHelper(fn, ancestors, seen)) return undefined;
      // No "no" was found, so every assumption held.
      for (const assumed of seen) decided.set(assumed, true);
      return helperName(fn, ancestors)!.name;
    },
  };
}
