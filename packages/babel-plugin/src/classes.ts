// Patches a class's methods and accessors in place (docs/protocol.md §3.3): the class,
// its constructor and fields stay the original ones; each member becomes a proxy. Its
// implementation is an object-literal method created in a static block (so it sees the
// class scope) whose object inherits from the member's home's prototype, so `super`
// resolves as before. Nothing is added to or deleted from the class itself: a delete
// would turn the prototype into a slow dictionary-mode object.
import type { NodePath, types as BabelTypes } from '@babel/core';
import type { ModuleInstrumenter } from './instrumenter';
import { lengthOf, withLoc } from './proxy';

type ClassPath = NodePath<BabelTypes.ClassDeclaration | BabelTypes.ClassExpression>;

/** The key as it appears in a registry name (`.total`, `["a b"]`, `[Symbol.iterator]`), or undefined if it cannot be named safely. */
function keyText(method: NodePath<BabelTypes.ClassMethod>, t: typeof BabelTypes): string | undefined {
  const key = method.node.key;
  const literal = (value: string) => (t.isValidIdentifier(value, false) ? `.${value}` : `[${JSON.stringify(value)}]`);
  if (!method.node.computed) {
    if (key.type === 'Identifier') return `.${key.name}`;
    if (key.type === 'StringLiteral') return literal(key.value);
    if (key.type === 'NumericLiteral') return `[${key.value}]`;
    return undefined;
  }
  // A computed key is evaluated again by the static block, so only keys without side effects qualify.
  if (key.type === 'StringLiteral') return literal(key.value);
  if (key.type === 'NumericLiteral') return `[${key.value}]`;
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return literal(key.quasis[0]!.value.cooked ?? '');
  if (
    key.type === 'MemberExpression' &&
    !key.computed &&
    key.object.type === 'Identifier' &&
    key.object.name === 'Symbol' &&
    !method.scope.getBinding('Symbol') &&
    key.property.type === 'Identifier'
  ) {
    return `[Symbol.${key.property.name}]`;
  }
  if (key.type === 'Identifier') {
    const binding = method.scope.getBinding(key.name);
    if (binding && (binding.kind === 'const' || binding.kind === 'module')) return `[${key.name}]`;
  }
  return undefined;
}

function usesPrivateName(method: NodePath<BabelTypes.ClassMethod>): boolean {
  let found = false;
  method.traverse({
    PrivateName(path) {
      found = true;
      path.stop();
    },
  });
  return found;
}

export function instrumentClass(module: ModuleInstrumenter, path: ClassPath, className: string): void {
  const { t } = module;
  const wiring: BabelTypes.Statement[] = [];

  for (const element of path.get('body.body') as NodePath[]) {
    if (!element.isClassMethod() || element.node.kind === 'constructor') continue;
    const method = element.node;
    const line = method.loc?.start.line ?? '?';
    const text = keyText(element, t);
    const describe = () => `${className}${method.static ? '' : '.prototype'}${text ?? '[computed]'}`;
    if (text === undefined) {
      module.warn(line, `${describe()} is not hot-patchable: its computed key could have side effects if evaluated again`);
      continue;
    }
    if (usesPrivateName(element)) {
      module.warn(line, `${describe()} is not hot-patchable: it uses #private names, which cannot cross class versions`);
      continue;
    }
    if (method.params.some((param) => 'decorators' in param && param.decorators?.length)) {
      module.warn(line, `${describe()} is not hot-patchable: its parameters have decorators`);
      continue;
    }

    const suffix = method.kind === 'get' ? ':get' : method.kind === 'set' ? ':set' : '';
    const name = module.claimName(`${describe()}${suffix}`);
    const slot = module.newSlot(name);
    const home = () =>
      method.static ? t.thisExpression() : t.memberExpression(t.thisExpression(), t.identifier('prototype'));
    const implKey = method.computed
      ? t.cloneNode(method.key as BabelTypes.Expression)
      : method.key.type === 'Identifier'
        ? t.identifier(method.key.name)
        : t.cloneNode(method.key as BabelTypes.Expression);
    const impl = t.objectMethod(
      method.kind as 'method' | 'get' | 'set',
      implKey,
      method.params as BabelTypes.FunctionParameter[],
      method.body,
      method.computed,
      method.generator,
      method.async,
    );
    impl.returnType = method.returnType;
    impl.typeParameters = method.typeParameters;
    impl.loc = method.loc;
    // `{ __proto__: Object.getPrototypeOf(home), m() {} }`: `super` in m() looks up from the same object as before.
    const implementations = t.objectExpression([
      t.objectProperty(
        t.identifier('__proto__'),
        t.callExpression(t.memberExpression(t.identifier('Object'), t.identifier('getPrototypeOf')), [home()]),
      ),
      impl,
    ]);

    // Accessors forward like methods (`apply(this, arguments)` is the form V8 inlines best).
    const length = lengthOf(method.params);
    const shape = module.proxies.proxyShape(
      { async: method.async, generator: method.generator, constructible: false },
      length,
      slot,
      undefined,
      false,
    );
    // A setter has exactly one parameter; `set x(v = 1)` has length 0, kept with a default.
    if (method.kind === 'set' && length === 0) {
      shape.params = [t.assignmentPattern(t.identifier('_0'), t.unaryExpression('void', t.numericLiteral(0)))];
    }
    method.params = shape.params;
    method.body = shape.body;
    withLoc(method.body, method.loc);

    const key = method.computed
      ? t.cloneNode(method.key as BabelTypes.Expression)
      : method.key.type === 'Identifier'
        ? t.stringLiteral(method.key.name)
        : t.cloneNode(method.key as BabelTypes.Expression);
    const part = method.kind === 'method' ? 'value' : method.kind;
    wiring.push(
      t.expressionStatement(
        t.assignmentExpression(
          '=',
          t.cloneNode(slot),
          t.callExpression(t.cloneNode(module.method), [home(), key, t.stringLiteral(part), t.stringLiteral(name), implementations]),
        ),
      ),
    );
  }

  // First in the body: static blocks and static fields run in order, so no user static code runs before the wiring.
  if (wiring.length > 0) path.get('body').unshiftContainer('body', t.staticBlock(wiring));
}
