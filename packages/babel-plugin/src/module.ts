// The module walk (docs/protocol.md §3): finds every function the program may hold (created once at
// module level, a class member, or a closure made by an instrumented function), names it, gives it a
// guard, and defines it with the registry where it is created.
import type { NodePath, types as BabelTypes } from '@babel/core';
import { classOf, finishClass, startClass } from './classes';
import { closureSite, createsClosures, evaluatorFor, helpersOnlyCalled, runsOnce } from './closures';
import { arrowArguments, declaresArguments, forwardedParameters, guardStatement, insertGuard, isServerAction, readsNewTarget, type FunctionPath, type GuardForm } from './guard';
import { ModuleInstrumenter, type Instrumented } from './instrumenter';
import { functionName, memberKeyExpression, memberKeySegment, unwrapped } from './keys';
import { NAMES } from './names';

type T = typeof BabelTypes;
type Template = typeof import('@babel/core').template;

/**
 * The generated code reaches globals through `globalThis` (`globalThis.Object`): a module binding named
 * `globalThis` (in an ES module; in a script it is the global itself) is the one that is renamed.
 */
const GLOBAL = 'globalThis';

export function instrumentModule(
  t: T,
  template: Template,
  program: NodePath<BabelTypes.Program>,
  moduleId: string,
  inScopePatches: boolean,
): ReturnType<ModuleInstrumenter['finish']> {
  if (program.node.sourceType === 'module' && program.scope.hasOwnBinding(GLOBAL)) program.scope.rename(GLOBAL);
  const module = new ModuleInstrumenter(t, template, program, moduleId, inScopePatches, helpersOnlyCalled(program));
  program.traverse({
    Class: {
      enter(path) {
        if (!module.handled.has(path.node)) startClass(path);
      },
      exit(path) {
        finishClass(module, path);
      },
    },
    Function(path) {
      if (module.handled.has(path.node)) return;
      module.handled.add(path.node);
      visitFunction(module, path as FunctionPath);
    },
    ObjectExpression: {
      exit(path) {
        const registrations = module.objects.get(path.node);
        if (!registrations) return;
        module.objects.delete(path.node);
        module.handled.add(path.node);
        const call = t.callExpression(module.helper('members'), [path.node, ...registrations]);
        module.handled.add(call);
        path.replaceWith(call);
      },
    },
  });
  return module.finish();
}

/** The nearest function around `path` (a class member's is the function around its class). */
function enclosingFunction(path: NodePath): NodePath | undefined {
  for (let parent = path.parentPath; parent; parent = parent.parentPath) {
    if (parent.isFunction()) return parent;
  }
  return undefined;
}

function visitFunction(module: ModuleInstrumenter, path: FunctionPath): void {
  const node = path.node as BabelTypes.Function;
  // `#private` methods are left alone: nothing outside the class body can reach them.
  if (node.type === 'ClassPrivateMethod') return;
  if (node.type === 'ClassMethod' || path.parentPath.isClassProperty() || path.parentPath.isClassPrivateProperty()) {
    classMember(module, path);
    return;
  }
  // A function used as a property key is converted to a string, its source text: left as written.
  if (isComputedKey(path)) return;
  const outer = enclosingFunction(path);
  if (outer) {
    const enclosing = module.instrumented.get(outer.node);
    if (enclosing?.closures) closure(module, path, enclosing);
    return;
  }
  // Inside a class field initializer (not the field's own function), or a class body: not at module level.
  if (path.findParent((parent) => parent.isClassProperty() || parent.isClassPrivateProperty() || parent.isStaticBlock())) return;
  // In a block of the module's top level (`if`, a loop): made where block-scoped bindings live, like a closure.
  if (path.parentPath.scope.block.type !== 'Program') {
    closure(module, path, undefined);
    return;
  }
  moduleLevel(module, path);
}

/** Whether the function (in parentheses or not) is a computed key or a computed member's property. */
function isComputedKey(path: FunctionPath): boolean {
  const outer = unwrapped(path);
  const parent = outer.parentPath;
  if (!parent || outer.key !== (parent.isMemberExpression() || parent.isOptionalMemberExpression() ? 'property' : 'key')) return false;
  return 'computed' in parent.node && parent.node.computed === true;
}

/** The registry name of a function at module level (docs/protocol.md §3.1). */
function moduleLevelName(path: FunctionPath): string {
  return functionName(path, undefined, 'default');
}

/** A function created once per evaluation of the module: guard, cell, and `_mp_def` where it is created. */
function moduleLevel(module: ModuleInstrumenter, path: FunctionPath): void {
  const { t } = module;
  const node = path.node as BabelTypes.Function;
  if (node.type === 'FunctionDeclaration' && node.declare) return;
  // Run while the module loads (or once, later): an edit of it is an edit of the top level.
  if (runsOnce(path) || declaresArguments(path) || isServerAction(path.node)) return;
  const registration = registrationOf(module, path);
  if (!registration) return;
  const construct = node.type !== 'ArrowFunctionExpression' && readsNewTarget(t, path);
  const parameters = construct ? undefined : forwardedParameters(t, path);
  const form: GuardForm = node.type === 'ArrowFunctionExpression' ? 'arrow' : parameters ? 'call' : 'apply';
  const forwarding =
    form === 'arrow'
      ? arrowArguments(t, path as NodePath<BabelTypes.ArrowFunctionExpression>, module)
      : parameters && { forwarded: parameters, destructure: [] };
  if (form === 'arrow' && !forwarding) {
    module.warn(node.loc?.start.line ?? '?', `${moduleLevelName(path)} is not hot-patchable: its parameters could not be forwarded (a default reads a destructured name, or the body declares one again)`);
    return;
  }
  const name = module.claimName(moduleLevelName(path));
  const cell = module.newCell(name, path);
  markAll(module, insertGuard(t, path, guardStatement(t, node, { form, cell, forwarded: forwarding?.forwarded, construct }), forwarding?.destructure));
  module.instrumented.set(node, { name, closures: createsClosures(t, path, name) });
  registration(cell);
}

/**
 * How a module-level function is defined with the registry where it is created (docs/protocol.md §3.4),
 * or undefined when it cannot be (a member whose key could have effects if evaluated again).
 */
function registrationOf(module: ModuleInstrumenter, path: FunctionPath): ((cell: BabelTypes.Identifier) => void) | undefined {
  const { t } = module;
  const node = path.node;
  if (path.isFunctionDeclaration()) {
    return (cell) => {
      const fn = path.node;
      if (!fn.id) {
        // An anonymous `export default function` gets a binding, and its name back.
        fn.id = module.uid(NAMES.default);
        module.addToPrologue(
          t.expressionStatement(
            t.callExpression(t.memberExpression(t.memberExpression(t.identifier('globalThis'), t.identifier('Object')), t.identifier('defineProperty')), [
              t.cloneNode(fn.id),
              t.stringLiteral('name'),
              t.objectExpression([t.objectProperty(t.identifier('value'), t.stringLiteral('default'))]),
            ]),
          ),
        );
      }
      module.addToPrologue(t.expressionStatement(module.defCall(cell, t.cloneNode(fn.id))));
    };
  }
  const member = memberOfObject(t, path);
  if (member) {
    const { object, key, part } = member;
    if (!key) {
      module.warn(node.loc?.start.line ?? '?', `${moduleLevelName(path)} is not hot-patchable: its computed key could have side effects if evaluated again`);
      return undefined;
    }
    return (cell) => {
      let registrations = module.objects.get(object.node);
      if (!registrations) module.objects.set(object.node, (registrations = []));
      registrations.push(t.cloneNode(cell), key, t.stringLiteral(part));
    };
  }
  const outer = unwrapped(path);
  const declarator = outer.parentPath;
  if (
    declarator?.isVariableDeclarator() &&
    outer.key === 'init' &&
    declarator.node.id.type === 'Identifier' &&
    declarator.parentPath.parentPath &&
    (declarator.parentPath.parentPath.isProgram() || declarator.parentPath.parentPath.isExportNamedDeclaration())
  ) {
    // `const f = () => {}`: the statement after the declaration, so the binding keeps naming the function.
    const statement = declarator.parentPath.parentPath.isProgram() ? declarator.parentPath : declarator.parentPath.parentPath;
    const binding = declarator.node.id.name;
    return (cell) => {
      const after = t.expressionStatement(module.defCall(cell, t.identifier(binding)));
      module.handled.add(after);
      statement.insertAfter(after);
    };
  }
  // Anywhere else the function is an expression: wrapped where it is, `{ name: fn }.name` where the
  // position would have named it.
  return (cell) => {
    const fn = path.node as BabelTypes.Expression;
    const namesIt = namingPosition(outer);
    let value: BabelTypes.Expression = fn;
    if (namesIt !== undefined) {
      const key = t.stringLiteral(namesIt);
      value = t.memberExpression(t.objectExpression([t.objectProperty(key, fn)]), t.cloneNode(key), true);
    }
    const call = module.defCall(cell, value);
    module.handled.add(call);
    path.replaceWith(call);
  };
}

/** The name a position gives an anonymous function (`x = …`, `export default …`), or undefined. */
function namingPosition(path: NodePath): string | undefined {
  const parent = path.parentPath;
  if (!parent) return undefined;
  const node = path.node as BabelTypes.Function;
  if (node.type === 'FunctionExpression' && node.id) return undefined;
  if (parent.isAssignmentExpression() && path.key === 'right' && parent.node.left.type === 'Identifier') return parent.node.left.name;
  if (parent.isAssignmentPattern() && path.key === 'right' && parent.node.left.type === 'Identifier') return parent.node.left.name;
  if (parent.isVariableDeclarator() && path.key === 'init' && parent.node.id.type === 'Identifier') return parent.node.id.name;
  if (parent.isExportDefaultDeclaration()) return 'default';
  return undefined;
}

/** For a method of an object literal, or a function that is a property's value: the literal, the key to read it back, and which part. */
function memberOfObject(
  t: T,
  path: FunctionPath,
): { object: NodePath<BabelTypes.ObjectExpression>; key: BabelTypes.Expression | undefined; part: 'value' | 'get' | 'set' } | undefined {
  const { node } = path;
  let property: NodePath<BabelTypes.ObjectMethod | BabelTypes.ObjectProperty>;
  let part: 'value' | 'get' | 'set' = 'value';
  if (node.type === 'ObjectMethod') {
    property = path as NodePath<BabelTypes.ObjectMethod>;
    if (node.kind === 'get' || node.kind === 'set') part = node.kind;
  } else {
    const parent = path.parentPath;
    if (!parent?.isObjectProperty() || path.key !== 'value') return undefined;
    property = parent;
  }
  const object = property.parentPath as NodePath<BabelTypes.ObjectExpression>;
  const { key: keyNode, computed } = property.node;
  const isProto = !computed && ((keyNode.type === 'Identifier' && keyNode.name === '__proto__') || (keyNode.type === 'StringLiteral' && keyNode.value === '__proto__'));
  if (isProto || memberKeySegment(keyNode, computed, property.scope) === undefined) return { object, key: undefined, part };
  return { object, key: memberKeyExpression(t, property.node.key, property.node.computed), part };
}

/** A function inside an instrumented function (or in a block of the top level): a closure site (docs/protocol.md §3.6). */
function closure(module: ModuleInstrumenter, path: FunctionPath, enclosing: Instrumented | undefined): void {
  const { t } = module;
  const site = closureSite(path, enclosing, module.onlyCalled);
  if (!site || declaresArguments(path) || isServerAction(path.node)) return;
  const evaluator = evaluatorFor(module, path);
  if (!evaluator) return;
  const node = path.node as BabelTypes.Function;
  const forwarding =
    node.type === 'ArrowFunctionExpression'
      ? arrowArguments(t, path as NodePath<BabelTypes.ArrowFunctionExpression>, module)
      : { forwarded: forwardedParameters(t, path), destructure: [] };
  if (!forwarding) return;
  const name = module.claimName(site);
  const cell = module.newCell(name, path);
  markAll(module, insertGuard(t, path, guardStatement(t, node, { form: 'closure', cell, forwarded: forwarding.forwarded, evaluator }), forwarding.destructure));
  module.instrumented.set(node, { name, closures: enclosing?.closures ?? true });
}

/** A class member: guarded and registered by its class (classes.ts). */
function classMember(module: ModuleInstrumenter, path: FunctionPath): void {
  const info = classOf(module, path);
  if (!info) return;
  info.member(path);
}

/** Generated statements: the walk does not instrument what is in them, and evaluators go after them. */
export function markAll(module: ModuleInstrumenter, statements: BabelTypes.Statement[]): void {
  for (const statement of statements) module.handled.add(statement);
}
