// Guards (docs/protocol.md §3.3): the one statement each instrumented function starts with. It reads the
// function's cell and forwards the call to a newer implementation when there is one; otherwise the
// original body runs. The SWC plugin builds the same (packages/swc-plugin/src/guard.rs).
import type { NodePath, types as BabelTypes } from '@babel/core';
import { NAMES } from './names';
import { scan } from './scan';

type T = typeof BabelTypes;
export type FunctionPath = NodePath<
  | BabelTypes.FunctionDeclaration
  | BabelTypes.FunctionExpression
  | BabelTypes.ArrowFunctionExpression
  | BabelTypes.ObjectMethod
  | BabelTypes.ClassMethod
>;

/** How a guard forwards (docs/protocol.md §3.3). */
export type GuardForm =
  /** `impl.apply(this, arguments)`: functions and methods that read `arguments` or have other than plain parameters. */
  | 'apply'
  /** `impl.call(this, a, b)`: functions and methods with plain parameters that do not read `arguments`. */
  | 'call'
  /** `impl(a, b)`: an arrow at module level. */
  | 'arrow'
  /** `impl.call(this, a, b)`: an arrow in a class field initializer, `this` being the instance. */
  | 'field'
  /** `impl(evaluator, this, arguments | [a, b])`: a closure, recompiled in the scope that made it. */
  | 'closure';

export function isUseStrict(fn: BabelTypes.Function): boolean {
  return fn.body.type === 'BlockStatement' && fn.body.directives.some((d) => d.value.value === 'use strict');
}

/** Names bound by a pattern. */
export function boundNames(t: T, pattern: BabelTypes.Node): string[] {
  return Object.keys(t.getBindingIdentifiers(pattern as never));
}

/** Where an arrow's generated parameters get their names: unique in the module. */
export interface ArrowNames {
  uid(name: string): BabelTypes.Identifier;
  /** The module's one name for the rest parameter every guarded arrow is given (its own scope in each arrow). */
  restParameter(): BabelTypes.Identifier;
}

/**
 * The values a guard forwards for an arrow: each parameter by name, and every value the caller passed after
 * them, collected by a rest parameter the arrow is given (`(req, res, ..._mp_r)`: it does not count in
 * `length`), so that a newer version with more parameters (`next`) gets them. Not where the arrow has a rest
 * parameter already, nor where its body says "use strict" (a rest parameter would make that an error). A
 * parameter that is a pattern is renamed `_mp_p<i>` and destructured at the top of the body instead, so the
 * value the caller passed can be forwarded. Returns undefined (the arrow is left alone) where that would change
 * meaning: a later default reading a destructured name, or the body declaring one again.
 */
export function arrowArguments(
  t: T,
  path: NodePath<BabelTypes.ArrowFunctionExpression>,
  names: ArrowNames,
): { forwarded: BabelTypes.Expression[]; destructure: BabelTypes.VariableDeclarator[] } | undefined {
  const params = path.node.params;
  const forwarded: BabelTypes.Expression[] = [];
  const destructure: BabelTypes.VariableDeclarator[] = [];
  const moved: string[] = [];
  const renames: { index: number; param: BabelTypes.Identifier | BabelTypes.AssignmentPattern | BabelTypes.RestElement }[] = [];
  params.forEach((param, index) => {
    let target: BabelTypes.Node = param;
    let wrap: (id: BabelTypes.Identifier) => typeof renames[number]['param'] = (id) => id;
    if (param.type === 'AssignmentPattern') {
      target = param.left;
      wrap = (id) => t.assignmentPattern(id, param.right);
    } else if (param.type === 'RestElement') {
      target = param.argument;
      wrap = (id) => t.restElement(id);
    }
    if (target.type === 'Identifier') {
      forwarded.push(param.type === 'RestElement' ? (t.spreadElement(t.cloneNode(target)) as never) : t.cloneNode(target));
      return;
    }
    const id = names.uid(`${NAMES.param}${index}`);
    moved.push(...boundNames(t, target));
    destructure.push(t.variableDeclarator(target as BabelTypes.LVal, t.cloneNode(id)));
    renames.push({ index, param: wrap(id) });
    forwarded.push(param.type === 'RestElement' ? (t.spreadElement(t.cloneNode(id)) as never) : t.cloneNode(id));
  });
  if (renames.length > 0) {
    const readsMoved = (node: BabelTypes.Node | null | undefined): boolean => {
      let found = false;
      t.traverseFast(node, (inner) => {
        if (inner.type === 'Identifier' && moved.includes(inner.name)) found = true;
      });
      return found;
    };
    // A default of a later parameter that reads a destructured name would now see an outer binding.
    if (params.some((param) => param.type === 'AssignmentPattern' && readsMoved(param.right))) return undefined;
    if (declaresAgain(t, path, moved)) return undefined;
    // Code in a moved pattern (a default, a function) would see the body's declarations instead of the parameters'.
    const readsBody = renames.some(({ index }) => {
      const pattern = params[index]!;
      let found = false;
      t.traverseFast(pattern, (inner) => {
        if (inner.type.endsWith('FunctionExpression') || (inner.type === 'Identifier' && declaredInBody(t, path).has(inner.name) && !moved.includes(inner.name))) found = true;
      });
      return found;
    });
    if (readsBody) return undefined;
    for (const { index, param } of renames) path.node.params[index] = param;
  }
  if (!params.some((param) => param.type === 'RestElement') && !isUseStrict(path.node)) {
    const rest = names.restParameter();
    path.node.params.push(t.restElement(rest));
    forwarded.push(t.spreadElement(t.cloneNode(rest)) as never);
  }
  return { forwarded, destructure };
}

/** Every name the arrow's body declares (at any depth for `var`, at its top for the others). */
function declaredInBody(t: T, path: NodePath<BabelTypes.ArrowFunctionExpression>): Set<string> {
  const body = path.node.body;
  const names = new Set<string>();
  if (body.type !== 'BlockStatement') return names;
  t.traverseFast(body, (inner) => {
    if (inner.type === 'VariableDeclaration' || inner.type === 'FunctionDeclaration' || inner.type === 'ClassDeclaration') {
      for (const name of boundNames(t, inner)) names.add(name);
    }
  });
  return names;
}

/** Whether the arrow's body declares one of `names` with `var` or a function declaration (legal beside a parameter). */
function declaresAgain(t: T, path: NodePath<BabelTypes.ArrowFunctionExpression>, names: string[]): boolean {
  const body = path.get('body');
  if (!body.isBlockStatement()) return false;
  let found = false;
  body.traverse({
    Function(inner) {
      if (inner.isFunctionDeclaration() && inner.node.id && names.includes(inner.node.id.name)) found = true;
      inner.skip();
    },
    VariableDeclaration(declaration) {
      if (declaration.node.kind !== 'var') return;
      for (const declarator of declaration.node.declarations) {
        if (boundNames(t, declarator.id).some((name) => names.includes(name))) found = true;
      }
    },
  });
  return found;
}

export interface GuardSpec {
  form: GuardForm;
  /** The function reads `new.target`: a forwarded construction passes it on (docs/protocol.md §3.3). */
  construct?: boolean;
  cell: BabelTypes.Identifier;
  /** What to forward, one value per parameter: arrows (after `arrowArguments`), `call` forms, closures that do not forward `arguments`. */
  forwarded?: BabelTypes.Expression[];
  /** Closures: the evaluator of the scope that creates the function. */
  evaluator?: BabelTypes.Identifier;
}

/**
 * `if (cell.v) return <forward>;` (every cell exists before its function can run: docs/protocol.md §3.2). A truth
 * test, not `cell.v > 0`: V8 cannot type `undefined > 0` and treats it as a call (protocol §2).
 */
export function guardStatement(t: T, fn: BabelTypes.Function, spec: GuardSpec): BabelTypes.Statement {
  const cell = () => t.cloneNode(spec.cell);
  const impl = () => t.memberExpression(cell(), t.identifier('impl'));
  const args = () => t.identifier('arguments');
  const forwardedArray = () => t.arrayExpression(spec.forwarded!.map((node) => t.cloneNode(node)));
  let forward: BabelTypes.Expression;
  switch (spec.form) {
    case 'apply':
      forward = t.callExpression(t.memberExpression(impl(), t.identifier('apply')), [t.thisExpression(), args()]);
      break;
    case 'arrow':
      forward = t.callExpression(impl(), spec.forwarded!.map((node) => t.cloneNode(node)));
      break;
    case 'call':
    case 'field':
      forward = t.callExpression(t.memberExpression(impl(), t.identifier('call')), [
        t.thisExpression(),
        ...spec.forwarded!.map((node) => t.cloneNode(node)),
      ]);
      break;
    case 'closure':
      forward = t.callExpression(impl(), [
        t.cloneNode(spec.evaluator!),
        t.thisExpression(),
        spec.forwarded ? forwardedArray() : args(),
      ]);
      break;
  }
  if (spec.construct) {
    const newTarget = () => t.metaProperty(t.identifier('new'), t.identifier('target'));
    const reflect = t.memberExpression(t.identifier('globalThis'), t.identifier('Reflect'));
    const construct = t.callExpression(t.memberExpression(reflect, t.identifier('construct')), [impl(), args(), newTarget()]);
    forward = t.conditionalExpression(newTarget(), construct, forward);
  }
  if (fn.generator) forward = t.yieldExpression(forward, true);
  return t.ifStatement(t.memberExpression(cell(), t.identifier('v')), t.returnStatement(forward));
}

/** Puts the guard first in the function's body (after its directives), and the destructuring of renamed parameters after it. */
export function insertGuard(
  t: T,
  path: FunctionPath,
  guard: BabelTypes.Statement,
  destructure: BabelTypes.VariableDeclarator[] = [],
): BabelTypes.Statement[] {
  const fn = path.node;
  if (fn.body.type !== 'BlockStatement') {
    fn.body = t.blockStatement([t.returnStatement(fn.body)]);
  }
  const statements: BabelTypes.Statement[] = [guard];
  if (destructure.length > 0) statements.push(t.variableDeclaration('let', destructure));
  fn.body.body.unshift(...statements);
  return statements;
}

/** Whether a function that can be called with `new` reads `new.target` (outside functions nested in it that have their own). */
export function readsNewTarget(t: T, path: FunctionPath): boolean {
  const fn = path.node;
  if (fn.type === 'ArrowFunctionExpression' || fn.type === 'ObjectMethod' || fn.type === 'ClassMethod' || fn.async || fn.generator) return false;
  return scan(t, fn.body, (node) => {
    if (t.isFunction(node) && node.type !== 'ArrowFunctionExpression') return 'skip';
    return node.type === 'MetaProperty' && node.meta.name === 'new' ? 'stop' : undefined;
  });
}

/**
 * A sloppy function's parameters, when its guard can forward their values instead of `arguments`: every
 * parameter a plain identifier (no two alike), and nothing in the function reads its `arguments` (nor
 * `eval`, which could). Forwarding `arguments` in sloppy code makes `arguments` mapped, and V8 then keeps
 * every parameter in a heap context (strict code keeps `arguments`: its own is unmapped). A newer version
 * that needs more (more parameters, or `arguments`) is not applied in place (docs/protocol.md §3.3).
 */
export function forwardedParameters(t: T, path: FunctionPath): BabelTypes.Identifier[] | undefined {
  const fn = path.node;
  if (fn.type === 'ArrowFunctionExpression' || path.isInStrictMode() || isUseStrict(fn)) return undefined;
  const names = new Set<string>();
  for (const param of fn.params) {
    if (param.type !== 'Identifier' || names.has(param.name)) return undefined;
    names.add(param.name);
  }
  const reads = scan(t, fn.body, (node, parent, grandparent) => {
    if (t.isFunction(node) && node.type !== 'ArrowFunctionExpression') return 'skip';
    const read = node.type === 'Identifier' && (node.name === 'arguments' || node.name === 'eval') && t.isReferenced(node, parent!, grandparent);
    return read ? 'stop' : undefined;
  });
  return reads ? undefined : (fn.params as BabelTypes.Identifier[]).map((param) => t.identifier(param.name));
}

/**
 * Whether a function has a binding of its own named `arguments` (a parameter, or a `var` in sloppy code):
 * its guard could not forward the call's arguments, so it is left alone.
 */
export function declaresArguments(path: FunctionPath): boolean {
  return path.node.type !== 'ArrowFunctionExpression' && path.scope.hasOwnBinding('arguments');
}

/** The directive of a server action (a function's, or a whole module's: docs/protocol.md §3.1). */
export const SERVER_ACTION_DIRECTIVE = 'use server';

/** Whether a function is a server action: Next's transform refuses `this` and `arguments` in it, so it is left alone. */
export function isServerAction(node: BabelTypes.Node | null | undefined): boolean {
  const body = (node?.type === 'FunctionDeclaration' || node?.type === 'FunctionExpression' || node?.type === 'ArrowFunctionExpression' ? node.body : undefined);
  return body?.type === 'BlockStatement' && body.directives.some((directive) => directive.value.value === SERVER_ACTION_DIRECTIVE);
}
