// Closures (docs/protocol.md §3.6): which functions inside instrumented functions are closure sites, their
// names, and the evaluator of the block that makes them, through which a newer version of a closure is
// compiled with the captured variables of the activation that made it.
import type { NodePath, types as BabelTypes } from '@babel/core';
import type { FunctionPath } from './guard';
import { functionName, unwrapped } from './keys';
import type { Instrumented, ModuleInstrumenter } from './instrumenter';
import { NAMES } from './names';
import { scan } from './scan';

type T = typeof BabelTypes;
type Binding = NonNullable<ReturnType<NodePath['scope']['getBinding']>>;

/**
 * Methods whose callbacks run at most once, or during the call (array iteration), so that an edit of the
 * callback cannot reach a call that already happened: `listen`'s callback, a timer, a promise reaction.
 */
const RUN_ONCE_METHODS = new Set([
  'map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex',
  'findLast', 'findLastIndex', 'flatMap', 'sort', 'toSorted',
  'listen', 'once', 'then', 'catch', 'finally', 'nextTick',
]);
const RUN_ONCE_FUNCTIONS = new Set(['setTimeout', 'setImmediate', 'queueMicrotask']);

/**
 * A function that runs where it is made or at most once later (an IIFE, an iteration callback, a timer, a
 * promise reaction, `listen`'s callback): its edits are not patched in place, they are edits of the code that
 * made it (at module level, the module's top level; in a function, that function's next calls).
 */
export function runsOnce(path: FunctionPath): boolean {
  const outer = unwrapped(path);
  const parent = outer.parentPath;
  if (!parent) return false;
  if ((parent.isCallExpression() || parent.isOptionalCallExpression()) && outer.key === 'callee') return true;
  if (parent.isMemberExpression() && outer.key === 'object' && !parent.node.computed && parent.node.property.type === 'Identifier') {
    const method = parent.node.property.name;
    if ((method === 'call' || method === 'apply') && parent.parentPath?.isCallExpression() && parent.key === 'callee') return true;
  }
  if ((parent.isCallExpression() || parent.isOptionalCallExpression()) && outer.listKey === 'arguments') {
    const callee = parent.node.callee;
    if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && callee.property.type === 'Identifier') {
      if (RUN_ONCE_METHODS.has(callee.property.name)) return true;
      if (callee.property.name === 'from' && callee.object.type === 'Identifier' && callee.object.name === 'Array') return true;
    }
    if (callee.type === 'Identifier' && RUN_ONCE_FUNCTIONS.has(callee.name)) return true;
  }
  if (parent.isNewExpression() && outer.listKey === 'arguments' && parent.node.callee.type === 'Identifier' && parent.node.callee.name === 'Promise') {
    return true;
  }
  return false;
}

/** Whether `path` sits in a parameter list between itself and `stop`. */
function inParameters(path: NodePath, stop: NodePath | undefined): boolean {
  for (let current: NodePath | null = path; current && current !== stop; current = current.parentPath) {
    if (current.listKey === 'params' && current.parentPath === stop) return true;
  }
  return false;
}

/** The nearest function around `path`. */
function functionAround(path: NodePath): NodePath | undefined {
  return path.parentPath?.findParent((parent) => parent.isFunction()) ?? (path.parentPath?.isFunction() ? path.parentPath : undefined);
}

/** The function whose activation runs `path`: the nearest function around it, none if a class body or the top level comes first. */
function activationOf(path: NodePath): BabelTypes.Node | undefined {
  for (let current = path.parentPath; current; current = current.parentPath) {
    if (current.isFunction()) return current.node;
    if (current.isClass()) return undefined;
  }
  return undefined;
}

/**
 * Helpers their activation only calls (docs/protocol.md §3.6; closures.rs `Helpers` is the twin): functions, neither
 * async nor generators, without a name of their own (a function expression's) or a read of `arguments.callee`, that are the one value of a name (a declaration, a variable's initialiser, or the one
 * assignment of a variable declared without one, made in the same function, whose value nothing else reads) in a
 * function that is neither async nor a generator, where every use of the name is a call made by that function (its
 * owner) or by a helper whose owners lead to it, and every function a helper makes is a helper too. Nothing can hold
 * one after the call that made it ended, so an edit of it is an edit of its owner, which the owner's next call runs;
 * it needs no evaluator, whose direct `eval` costs the function that has it (bench/octane-findings.md §12). Computed
 * before the walk adds anything.
 */
export function helpersOnlyCalled(program: NodePath<BabelTypes.Program>): Set<BabelTypes.Node> {
  const candidates = new Map<BabelTypes.Node, { owner: BabelTypes.Node; callers: (BabelTypes.Node | undefined)[] }>();
  const inside = new Map<BabelTypes.Node, BabelTypes.Node[]>();
  const open: BabelTypes.Node[] = [];
  // Functions that read `arguments.callee` (or have a function inside that does): they can hand themselves out.
  const callee = new Set<BabelTypes.Node>();
  program.traverse({
    MemberExpression(path) {
      const { object, property, computed } = path.node;
      if (object.type === 'Identifier' && object.name === 'arguments' && !computed && property.type === 'Identifier' && property.name === 'callee') {
        for (const fn of open) callee.add(fn);
      }
    },
    Function: {
      enter(path) {
        const around = open[open.length - 1];
        if (around) {
          const made = inside.get(around);
          if (made) made.push(path.node);
          else inside.set(around, [path.node]);
        }
        open.push(path.node);
      },
      exit(path) {
        open.pop();
        const node = path.node;
        // A function expression's own name is a second name that can hand it out (`setTimeout(step)` inside it).
        if (node.async || node.generator || callee.has(node) || (node.type === 'FunctionExpression' && node.id)) return;
        const value = valueOf(path as FunctionPath);
        const owner = value && activationOf(value.declaration);
        if (!value || !owner || (owner as BabelTypes.Function).async || (owner as BabelTypes.Function).generator) return;
        if (value.assignment && activationOf(value.assignment) !== owner) return;
        const callers: (BabelTypes.Node | undefined)[] = [];
        for (const reference of value.binding.referencePaths) {
          if (!reference.parentPath?.isCallExpression() || reference.key !== 'callee') return;
          callers.push(activationOf(reference));
        }
        candidates.set(node, { owner, callers });
      },
    },
  });
  // Runs only while `owner` runs: it is the owner, or a helper whose owners lead to it.
  const within = (caller: BabelTypes.Node | undefined, owner: BabelTypes.Node): boolean => {
    for (let current = caller; current !== undefined; current = candidates.get(current)?.owner) if (current === owner) return true;
    return false;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [node, { owner, callers }] of candidates) {
      if (callers.every((caller) => within(caller, owner)) && (inside.get(node) ?? []).every((made) => candidates.has(made))) continue;
      candidates.delete(node);
      changed = true;
    }
  }
  return new Set(candidates.keys());
}

/** The name a function is the one value of, where it is declared, and the assignment that gives it (none: the declaration does). */
function valueOf(path: FunctionPath): { binding: Binding; declaration: NodePath; assignment?: NodePath } | undefined {
  const node = path.node as BabelTypes.Function;
  const unchanged = (binding: Binding | undefined, declaration: NodePath) =>
    binding && binding.path === declaration && binding.constantViolations.length === 0 ? { binding, declaration } : undefined;
  if (node.type === 'FunctionDeclaration') {
    // A statement of a function's body: in a nested block, a sloppy function's name is bound in the function's scope too (Annex B).
    const inBody = path.parentPath.isBlockStatement() && path.parentPath.parentPath?.isFunction();
    return node.id && inBody ? unchanged(path.parentPath.scope.getBinding(node.id.name), path) : undefined;
  }
  const outer = unwrapped(path);
  const parent = outer.parentPath;
  if (parent?.isVariableDeclarator() && outer.key === 'init' && parent.node.id.type === 'Identifier') {
    return unchanged(parent.scope.getBinding(parent.node.id.name), parent);
  }
  if (parent?.isAssignmentExpression({ operator: '=' }) && outer.key === 'right' && parent.node.left.type === 'Identifier') {
    const binding = parent.scope.getBinding(parent.node.left.name);
    const declaration = binding?.path;
    if (!binding || !declaration?.isVariableDeclarator() || declaration.node.init || binding.constantViolations.length !== 1 || binding.constantViolations[0] !== parent) return undefined;
    return valueDiscarded(parent) ? { binding, declaration, assignment: parent } : undefined;
  }
  return undefined;
}

/** Whether nothing reads an assignment's value (`x = h = function …` would hand the function to `x` too), or it is called at once. */
function valueDiscarded(assignment: NodePath): boolean {
  let outer = assignment;
  while (outer.parentPath?.isParenthesizedExpression()) outer = outer.parentPath;
  const around = outer.parentPath;
  if (around?.isExpressionStatement()) return true;
  if (around?.isSequenceExpression()) return around.node.expressions[around.node.expressions.length - 1] !== outer.node;
  return around?.isCallExpression() === true && outer.key === 'callee';
}

/** The closure site's registry name, or undefined if the function is not a closure site. */
export function closureSite(path: FunctionPath, enclosing: Instrumented | undefined, onlyCalled: Set<BabelTypes.Node>): string | undefined {
  if (runsOnce(path) || onlyCalled.has(path.node)) return undefined;
  const outer = functionAround(path);
  if (inParameters(path, outer)) return undefined;
  const own = functionName(path, outer, '(anonymous)');
  return enclosing ? `${enclosing.name}/${own}` : own;
}

/** Whether a function's closures are instrumented: not in React components and hooks, made again by every render. */
export function createsClosures(t: T, path: FunctionPath, name: string): boolean {
  const simple = name.split(/[./]/).pop() ?? name;
  if (/^[A-Z]/.test(simple) || /^use[A-Z]/.test(simple)) return false;
  const jsx = scan(t, path.node, (node) => (node.type === 'JSXElement' || node.type === 'JSXFragment' ? 'stop' : undefined));
  return !jsx;
}

/**
 * The evaluator of the block that makes the closure at `path`, declared as that block's first statement
 * (after generated ones) if it has none yet: `const _mp_e = (_mp_c) => eval(_mp_c);`. Undefined where
 * the closure is made outside a block (a `switch` case, a loop head, a class body).
 */
export function evaluatorFor(module: ModuleInstrumenter, path: FunctionPath): BabelTypes.Identifier | undefined {
  const { t } = module;
  const scope = path.parentPath.scope;
  const scopeBlock = scope.path;
  let block: NodePath<BabelTypes.BlockStatement>;
  if (scopeBlock.isFunction()) {
    const body = scopeBlock.get('body') as NodePath;
    if (!body.isBlockStatement()) {
      body.replaceWith(t.blockStatement([t.returnStatement(body.node as BabelTypes.Expression)]));
    }
    block = scopeBlock.get('body') as NodePath<BabelTypes.BlockStatement>;
  } else if (scopeBlock.isBlockStatement()) {
    block = scopeBlock;
  } else if (scopeBlock.isCatchClause()) {
    block = scopeBlock.get('body');
  } else if (scopeBlock.isLoop()) {
    const body = scopeBlock.get('body') as NodePath<BabelTypes.Statement>;
    if (!path.isDescendant(body) && path !== body) return undefined;
    if (!body.isBlockStatement()) body.replaceWith(t.blockStatement([body.node]));
    block = scopeBlock.get('body') as NodePath<BabelTypes.BlockStatement>;
  } else {
    return undefined;
  }
  const existing = module.evaluators.get(block.node);
  if (existing) return t.cloneNode(existing);
  const id = module.uid(NAMES.evaluator);
  const code = module.uid(NAMES.evaluatorCode);
  const declaration = t.variableDeclaration('const', [
    t.variableDeclarator(id, t.arrowFunctionExpression([code], t.callExpression(t.identifier('eval'), [t.cloneNode(code)]))),
  ]);
  module.handled.add(declaration);
  module.handled.add(declaration.declarations[0]!.init!);
  const statements = block.node.body;
  let at = 0;
  while (at < statements.length && module.handled.has(statements[at]!)) at++;
  statements.splice(at, 0, declaration);
  module.evaluators.set(block.node, id);
  return t.cloneNode(id);
}
