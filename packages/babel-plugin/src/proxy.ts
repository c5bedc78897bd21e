// Builds proxies and implementations (docs/protocol.md §3). A proxy has the same
// kind as the original so that every intrinsic property (prototype, constructibility,
// [[Prototype]], toStringTag) is exact; it only forwards to `slot.impl`.
import type { types as BabelTypes } from '@babel/core';
import { GENERATOR_CALL_KEY } from './names';

type T = typeof BabelTypes;
type Template = typeof import('@babel/core').template;
export type FunctionNode =
  | BabelTypes.FunctionDeclaration
  | BabelTypes.FunctionExpression
  | BabelTypes.ArrowFunctionExpression
  | BabelTypes.ClassMethod;


export function isUseStrict(fn: FunctionNode): boolean {
  return fn.body.type === 'BlockStatement' && fn.body.directives.some((d) => d.value.value === 'use strict');
}

/** The original's `length`: parameters before the first default or rest (TypeScript's `this` parameter excluded). */
export function lengthOf(params: FunctionNode['params']): number {
  let length = 0;
  for (const param of params) {
    if (param.type === 'Identifier' && param.name === 'this') continue;
    if (param.type === 'AssignmentPattern' || param.type === 'RestElement' || param.type === 'TSParameterProperty') break;
    length++;
  }
  return length;
}

export class ProxyBuilder {
  constructor(
    private readonly t: T,
    private readonly template: Template,
    /** Name of the generator proxies' iterator parameter. */
    private readonly iterator: BabelTypes.Identifier,
  ) {}

  private dummyParams(count: number): BabelTypes.Identifier[] {
    return Array.from({ length: count }, (_, index) => this.t.identifier(`_${index}`));
  }

  /** `{ name: fn }.name`: gives an anonymous function its name without an inner binding. */
  named(name: string, value: BabelTypes.Expression): BabelTypes.Expression {
    const { t } = this;
    const valid = t.isValidIdentifier(name, false);
    const key = valid ? t.identifier(name) : t.stringLiteral(name);
    return t.memberExpression(t.objectExpression([t.objectProperty(key, value)]), t.cloneNode(key), !valid);
  }

  /** `{ name(params) { body } }.name`: a non-constructible function with that name (the proxy of an arrow). */
  private namedMethod(name: string, params: BabelTypes.FunctionParameter[], body: BabelTypes.BlockStatement, async: boolean) {
    const { t } = this;
    const valid = t.isValidIdentifier(name, false);
    const key = valid ? t.identifier(name) : t.stringLiteral(name);
    const method = t.objectMethod('method', key, params, body, !valid, false, async);
    return t.memberExpression(t.objectExpression([method]), t.cloneNode(key), !valid);
  }

  /** The implementation: the original function as an expression, keeping its name. */
  implementation(fn: FunctionNode, propertyName: string): BabelTypes.Expression {
    const { t } = this;
    if (fn.type === 'FunctionExpression' && fn.id) return fn;
    if (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression') return this.named(propertyName, fn);
    // Only a class method can have TypeScript parameter properties, and only a constructor, which is never here.
    const expression = t.functionExpression(null, fn.params as BabelTypes.FunctionParameter[], fn.body, fn.generator, fn.async);
    expression.returnType = fn.returnType;
    expression.typeParameters = fn.typeParameters;
    expression.loc = fn.loc;
    return this.named(propertyName, expression);
  }

  /** `callee.apply(this, arguments)` */
  private forward(callee: BabelTypes.Expression): BabelTypes.CallExpression {
    const { t } = this;
    return t.callExpression(t.memberExpression(callee, t.identifier('apply')), [t.thisExpression(), t.identifier('arguments')]);
  }

  impl(slot: BabelTypes.Identifier): BabelTypes.MemberExpression {
    return this.t.memberExpression(this.t.cloneNode(slot), this.t.identifier('impl'));
  }

  /**
   * Parameters and body of a proxy of the given kind. With `lazyInit` (hoisted
   * proxies, which can run before the module body has: hoisting, ESM import cycles),
   * the slot may still be undefined: the read is guarded by try/catch, which costs
   * nothing on the fast path, unlike a test of the slot on every call.
   */
  proxyShape(
    kind: { async: boolean; generator: boolean; constructible: boolean },
    length: number,
    slot: BabelTypes.Identifier,
    lazyInit: BabelTypes.Identifier | undefined,
    strict: boolean,
  ): { params: BabelTypes.FunctionParameter[]; body: BabelTypes.BlockStatement } {
    const { t } = this;
    const params: BabelTypes.FunctionParameter[] = this.dummyParams(length);
    const statements: BabelTypes.Statement[] = [];
    const directives = strict ? [t.directive(t.directiveLiteral('use strict'))] : [];
    const initCall = () => t.callExpression(t.cloneNode(lazyInit!), []);
    if (kind.generator) {
      // The implementation's iterator is created in a parameter initializer, i.e. at call time,
      // so its parameter errors surface from the call exactly as in the original.
      const call = this.forward(this.impl(slot));
      const guarded = lazyInit
        ? t.sequenceExpression([t.logicalExpression('||', t.cloneNode(slot), initCall()), call])
        : call;
      const pattern = t.objectPattern([
        t.objectProperty(t.stringLiteral(GENERATOR_CALL_KEY), t.assignmentPattern(t.cloneNode(this.iterator), guarded)),
      ]);
      params.push(t.restElement(pattern));
      statements.push(t.returnStatement(t.yieldExpression(t.cloneNode(this.iterator), true)));
      // A directive is not allowed with a non-simple parameter list (docs/limitations.md).
      return { params, body: t.blockStatement(statements) };
    }
    let callee: BabelTypes.Expression = this.impl(slot);
    if (lazyInit) {
      const local = t.identifier('impl');
      const read = () => t.expressionStatement(t.assignmentExpression('=', t.cloneNode(local), this.impl(slot)));
      statements.push(
        t.variableDeclaration('var', [t.variableDeclarator(t.cloneNode(local))]),
        t.tryStatement(
          t.blockStatement([read()]),
          t.catchClause(null, t.blockStatement([t.expressionStatement(initCall()), read()])),
        ),
      );
      callee = local;
    }
    if (kind.async) {
      statements.push(t.returnStatement(t.awaitExpression(this.forward(callee))));
    } else if (kind.constructible) {
      const newTarget = () => t.metaProperty(t.identifier('new'), t.identifier('target'));
      const construct = t.callExpression(t.memberExpression(t.identifier('Reflect'), t.identifier('construct')), [
        t.cloneNode(callee),
        t.identifier('arguments'),
        newTarget(),
      ]);
      statements.push(t.returnStatement(t.conditionalExpression(newTarget(), construct, this.forward(t.cloneNode(callee)))));
    } else {
      statements.push(t.returnStatement(this.forward(callee)));
    }
    return { params, body: t.blockStatement(statements, directives) };
  }

  /**
   * The proxy of a function declaration (a declaration, hoisted like the original)
   * or of a function expression / arrow (an expression of the same kind).
   */
  functionProxy(
    fn: BabelTypes.FunctionDeclaration | BabelTypes.FunctionExpression | BabelTypes.ArrowFunctionExpression,
    slot: BabelTypes.Identifier,
    lazyInit: BabelTypes.Identifier | undefined,
    id: BabelTypes.Identifier | undefined,
    bindingName?: string,
  ): BabelTypes.FunctionDeclaration | BabelTypes.Expression {
    const { t } = this;
    const arrow = fn.type === 'ArrowFunctionExpression';
    const { params, body } = this.proxyShape(
      { async: !!fn.async, generator: !!fn.generator, constructible: !arrow && !fn.async && !fn.generator },
      lengthOf(fn.params),
      slot,
      lazyInit,
      !arrow && isUseStrict(fn),
    );
    let proxy: BabelTypes.FunctionDeclaration | BabelTypes.Expression;
    if (fn.type === 'FunctionDeclaration') {
      proxy = t.functionDeclaration(id, params, body, fn.generator, fn.async);
    } else if (arrow) {
      proxy = this.namedMethod(bindingName!, params, body, fn.async);
    } else if (fn.id) {
      proxy = t.functionExpression(t.cloneNode(fn.id), params, body, fn.generator, fn.async);
    } else {
      proxy = this.named(bindingName!, t.functionExpression(null, params, body, fn.generator, fn.async));
    }
    withLoc(proxy, fn.loc);
    return proxy;
  }

  /** `Object.defineProperty(id, "name", { value: name })` */
  setName(id: BabelTypes.Identifier, name: string): BabelTypes.Statement {
    return this.template.statement.ast`Object.defineProperty(${this.t.cloneNode(id)}, "name", { value: ${this.t.stringLiteral(name)} });`;
  }
}

/** Maps generated code to the original function, so a stack frame in a proxy points at its declaration. */
export function withLoc(node: BabelTypes.Node, loc: BabelTypes.SourceLocation | null | undefined): void {
  if (!loc) return;
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    const child = value as BabelTypes.Node;
    if (typeof child.type !== 'string') return;
    if (!child.loc) child.loc = loc;
    for (const key of Object.keys(child)) {
      if (key !== 'loc' && key !== 'leadingComments' && key !== 'trailingComments') visit((child as never)[key]);
    }
  };
  visit(node);
}
