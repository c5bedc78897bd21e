// Patches a class's methods and accessors in place (docs/protocol.md §3.3): the class,
// its constructor and fields stay the original ones; each member becomes a proxy, and
// its implementation stays in the class body under a temporary key so `super` resolves
// exactly as before.
import type { NodePath, types as BabelTypes } from '@babel/core';
import type { ModuleInstrumenter } from './module';
import { lengthOf, withLoc } from './proxy';

type ClassPath = NodePath<BabelTypes.ClassDeclaration | BabelTypes.ClassExpression>;

const TEMPORARY_KEY_PREFIX = 'mighty-patcher:';

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
    const temporaryKey = `${TEMPORARY_KEY_PREFIX}${wiring.length}`;

    const impl = t.classMethod(
      method.kind,
      t.stringLiteral(temporaryKey),
      method.params,
      method.body,
      false,
      method.static,
      method.generator,
      method.async,
    );
    impl.returnType = method.returnType;
    impl.typeParameters = method.typeParameters;
    impl.loc = method.loc;

    if (method.kind === 'get' || method.kind === 'set') {
      const args: BabelTypes.Expression[] = [t.thisExpression()];
      if (method.kind === 'set') args.push(t.identifier('_0'));
      const call = t.callExpression(t.memberExpression(module.proxies.impl(slot), t.identifier('call')), args);
      method.params = method.kind === 'set' ? [t.identifier('_0')] : [];
      method.body = t.blockStatement([method.kind === 'get' ? t.returnStatement(call) : t.expressionStatement(call)]);
    } else {
      const shape = module.proxies.proxyShape(
        { async: method.async, generator: method.generator, constructible: false },
        lengthOf(method.params),
        slot,
        undefined,
        false,
      );
      method.params = shape.params;
      method.body = shape.body;
    }
    withLoc(method.body, method.loc);
    element.insertAfter(impl);

    const home = method.static ? t.thisExpression() : t.memberExpression(t.thisExpression(), t.identifier('prototype'));
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
          t.callExpression(t.cloneNode(module.method), [
            home,
            key,
            t.stringLiteral(temporaryKey),
            t.stringLiteral(part),
            t.stringLiteral(name),
          ]),
        ),
      ),
    );
  }

  // First in the body: static blocks and static fields run in order, so no user code sees the temporary keys.
  if (wiring.length > 0) path.get('body').unshiftContainer('body', t.staticBlock(wiring));
}
