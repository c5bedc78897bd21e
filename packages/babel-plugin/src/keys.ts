// Names of instrumented functions (docs/protocol.md §3.1): where a function is, as its context path
// (`app.get("/users/:id")`, `api.create`, `validateRequest/return`). The SWC plugin computes the same
// names (packages/swc-plugin/src/keys.rs).
import type { NodePath, types as BabelTypes } from '@babel/core';

type Node = BabelTypes.Node;

/** Babel's `isValidIdentifier(name, false)`: an IdentifierName (reserved words allowed). */
const IDENTIFIER_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;

/** `.name`, or `["not an identifier"]`. */
export function propertySegment(name: string): string {
  return IDENTIFIER_NAME.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** The key of a class or object member as a name segment, or undefined if evaluating it again could have effects. */
export function memberKeySegment(
  key: Node,
  computed: boolean,
  scope: NodePath['scope'],
): string | undefined {
  if (!computed) {
    if (key.type === 'Identifier') return `.${key.name}`;
    if (key.type === 'StringLiteral') return propertySegment(key.value);
    if (key.type === 'NumericLiteral') return `[${key.value}]`;
    return undefined;
  }
  if (key.type === 'StringLiteral') return propertySegment(key.value);
  if (key.type === 'NumericLiteral') return `[${key.value}]`;
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return propertySegment(key.quasis[0]!.value.cooked ?? '');
  if (
    key.type === 'MemberExpression' &&
    !key.computed &&
    key.object.type === 'Identifier' &&
    key.object.name === 'Symbol' &&
    !scope.getBinding('Symbol') &&
    key.property.type === 'Identifier'
  ) {
    return `[Symbol.${key.property.name}]`;
  }
  if (key.type === 'Identifier') {
    const binding = scope.getBinding(key.name);
    if (binding && (binding.kind === 'const' || binding.kind === 'module')) return `[${key.name}]`;
  }
  return undefined;
}

/** A literal first argument as it appears in a call's name: strings JSON-quoted, numbers as JavaScript prints them. */
function literalText(node: Node | undefined): string {
  if (!node) return '';
  if (node.type === 'StringLiteral') return JSON.stringify(node.value);
  if (node.type === 'NumericLiteral') return String(node.value);
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return JSON.stringify(node.quasis[0]!.value.cooked ?? '');
  return '';
}

/** A member chain as written (`app.get`, `this.router.use`, `app.route("/a").get()`), `(…)` for anything else. */
export function chainText(node: Node): string {
  switch (node.type) {
    case 'Identifier':
      return node.name;
    case 'ThisExpression':
      return 'this';
    case 'Super':
      return 'super';
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const object = chainText(node.object);
      if (!node.computed && node.property.type === 'Identifier') return `${object}.${node.property.name}`;
      if (node.property.type === 'StringLiteral') return `${object}${propertySegment(node.property.value)}`;
      return `${object}[…]`;
    }
    case 'CallExpression':
    case 'OptionalCallExpression':
    case 'NewExpression':
      return callText(node);
    case 'TSNonNullExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'ParenthesizedExpression':
      return chainText(node.expression);
    default:
      return '(…)';
  }
}

/** `callee(first literal argument)`, `new X()`. */
export function callText(node: BabelTypes.CallExpression | BabelTypes.OptionalCallExpression | BabelTypes.NewExpression): string {
  const callee = node.callee.type === 'V8IntrinsicIdentifier' ? '(…)' : chainText(node.callee);
  return `${node.type === 'NewExpression' ? 'new ' : ''}${callee}(${literalText(node.arguments[0] as Node | undefined)})`;
}

/** Expressions a function's context passes through unchanged. */
const TRANSPARENT = new Set([
  'ParenthesizedExpression',
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TypeCastExpression',
  'AwaitExpression',
  'ConditionalExpression',
  'LogicalExpression',
  'SequenceExpression',
  'SpreadElement',
  'YieldExpression',
]);

/**
 * The context path of the expression at `path` (docs/protocol.md §3.1): what names the place it is in,
 * climbing until a binding, an assignment, a property, a call, `export default` or `return` names it,
 * or `stop` (the enclosing function) is reached. Empty when nothing names it.
 */
export function contextPath(path: NodePath, stop: NodePath | undefined): string {
  let child: NodePath = path;
  let suffix = '';
  for (let parent = path.parentPath; parent && parent !== stop; child = parent, parent = parent.parentPath) {
    const node = parent.node;
    if (TRANSPARENT.has(node.type)) continue;
    switch (node.type) {
      case 'VariableDeclarator':
        if (child.key === 'init' && node.id.type === 'Identifier') return node.id.name + suffix;
        return suffix;
      case 'AssignmentExpression':
        if (child.key === 'right') return (node.left.type === 'Identifier' ? node.left.name : chainText(node.left)) + suffix;
        return suffix;
      case 'AssignmentPattern':
        if (child.key === 'right' && node.left.type === 'Identifier') return node.left.name + suffix;
        return suffix;
      case 'ExportDefaultDeclaration':
        return `default${suffix}`;
      case 'ReturnStatement':
        return `return${suffix}`;
      case 'ArrowFunctionExpression':
        // A concise body is its arrow's return value.
        if (child.key === 'body') return `return${suffix}`;
        return suffix;
      case 'ObjectProperty': {
        if (child.key !== 'value') return suffix;
        suffix = (memberKeySegment(node.key, node.computed, parent.scope) ?? '[…]') + suffix;
        continue;
      }
      case 'ObjectExpression':
        continue;
      case 'ArrayExpression':
        suffix = `[${child.key as number}]${suffix}`;
        continue;
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression': {
        if (child.listKey !== 'arguments') return suffix;
        // A wrapper under a named context is transparent (`const getUser = asyncHandler(fn)` names fn `getUser`).
        const above = contextPath(parent, stop);
        return (above !== '' ? above : callText(node)) + suffix;
      }
      default:
        return suffix;
    }
  }
  return suffix;
}

/** The function expressions that are the value being named: `const f = (() => {}) as F` names the arrow `f`. */
export function unwrapped(path: NodePath): NodePath {
  let current = path;
  while (
    current.parentPath &&
    ['ParenthesizedExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TypeCastExpression'].includes(
      current.parentPath.node.type,
    )
  ) {
    current = current.parentPath;
  }
  return current;
}

/**
 * A function's own name: a declaration's identifier (`unnamedDeclaration` for `export default function () {}`),
 * an object method's key under its object's context, or the context path of the place it is written, climbing
 * no higher than `stop`.
 */
export function functionName(path: NodePath<BabelTypes.Function>, stop: NodePath | undefined, unnamedDeclaration: string): string {
  const node = path.node;
  if (node.type === 'FunctionDeclaration') return node.id?.name ?? unnamedDeclaration;
  if (node.type === 'ObjectMethod') {
    const suffix = node.kind === 'get' ? ':get' : node.kind === 'set' ? ':set' : '';
    return joinName(contextPath(path.parentPath!, stop), (memberKeySegment(node.key, node.computed, path.scope) ?? '[…]') + suffix);
  }
  return contextPath(unwrapped(path), stop).replace(/^\./, '') || '(anonymous)';
}

/** `api.create` from a context `api` and a segment `.create`; a leading dot is dropped when the context is empty. */
export function joinName(context: string, segment: string): string {
  if (context !== '') return context + segment;
  return segment.startsWith('.') ? segment.slice(1) : segment;
}

/** The key of a member as an expression that reads it again (`"name"`, `Symbol.iterator`, `1`). */
export function memberKeyExpression(t: typeof BabelTypes, key: Node, computed: boolean): BabelTypes.Expression {
  if (!computed && key.type === 'Identifier') return t.stringLiteral(key.name);
  return t.cloneNode(key as BabelTypes.Expression, true, true);
}
