// Classes (docs/protocol.md §3.5): the class, its constructor and fields stay the original ones. Each
// method, accessor and function-valued field gets a guard; a static block first in the class body
// registers them with the object they live on (the prototype, or the class for static members).
import type { NodePath, types as BabelTypes } from '@babel/core';
import { createsClosures } from './closures';
import { arrowArguments, forwardedParameters, guardStatement, insertGuard, type FunctionPath, type GuardForm } from './guard';
import type { ModuleInstrumenter } from './instrumenter';
import { contextPath, memberKeyExpression, memberKeySegment } from './keys';

type ClassPath = NodePath<BabelTypes.ClassDeclaration | BabelTypes.ClassExpression>;

interface ClassInfo {
  name: string;
  /** `cell, key, part` triples for `_mp_members(this.prototype, …)` and `_mp_members(this, …)`. */
  prototype: BabelTypes.Expression[];
  statics: BabelTypes.Expression[];
}

const classes = new WeakMap<BabelTypes.Node, ClassInfo>();

/** A class is instrumented when it is made once per evaluation of the module: at the top level, not in a function or a block. */
export function startClass(path: ClassPath): void {
  if (path.node.type === 'ClassDeclaration' && path.node.declare) return;
  if (path.findParent((parent) => parent.isFunction() || parent.isClassProperty() || parent.isStaticBlock())) return;
  if (path.parentPath.scope.block.type !== 'Program') return;
  // A class declaration by its name; a class expression by the binding or place that names it (`const Logger = class Log {}`: Logger).
  const context = path.node.type === 'ClassExpression' ? contextPath(path, undefined).replace(/^\./, '') : '';
  const name = (path.node.type === 'ClassDeclaration' ? path.node.id?.name : undefined) ?? (context || path.node.id?.name || 'default');
  classes.set(path.node, { name, prototype: [], statics: [] });
}

/** The static block registering the members (first in the body: no user static code runs before it). */
export function finishClass(module: ModuleInstrumenter, path: ClassPath): void {
  const info = classes.get(path.node);
  if (!info || (info.prototype.length === 0 && info.statics.length === 0)) return;
  const { t } = module;
  const call = (home: BabelTypes.Expression, registrations: BabelTypes.Expression[]) =>
    t.expressionStatement(t.callExpression(module.helper('members'), [home, ...registrations]));
  const statements: BabelTypes.Statement[] = [];
  if (info.prototype.length > 0) statements.push(call(t.memberExpression(t.thisExpression(), t.identifier('prototype')), info.prototype));
  if (info.statics.length > 0) statements.push(call(t.thisExpression(), info.statics));
  const block = t.staticBlock(statements);
  module.handled.add(block);
  classes.delete(path.node);
  path.get('body').unshiftContainer('body', block);
}

function usesPrivateName(path: NodePath): boolean {
  let found = false;
  path.traverse({
    PrivateName(inner) {
      found = true;
      inner.stop();
    },
  });
  return found;
}

/** The class a member (a method, or a field's function) belongs to, with what it can do for it. */
export function classOf(module: ModuleInstrumenter, path: FunctionPath): { member(path: FunctionPath): void } | undefined {
  const memberPath = path.isClassMethod() ? path : path.parentPath;
  const classPath = memberPath.parentPath?.parentPath;
  const info = classPath && classes.get(classPath.node);
  if (!info) return undefined;
  return { member: (functionPath) => member(module, info, functionPath) };
}

function member(module: ModuleInstrumenter, info: ClassInfo, path: FunctionPath): void {
  const { t } = module;
  const fn = path.node;
  let memberNode: BabelTypes.ClassMethod | BabelTypes.ClassProperty;
  let part: 'value' | 'get' | 'set' | 'field';
  if (fn.type === 'ClassMethod') {
    if (fn.kind === 'constructor') return;
    memberNode = fn;
    part = fn.kind === 'method' ? 'value' : fn.kind;
  } else if (path.parentPath.isClassProperty() && path.key === 'value') {
    memberNode = path.parentPath.node;
    part = 'field';
  } else {
    return; // a private field's function
  }
  const line = memberNode.loc?.start.line ?? '?';
  const segment = memberKeySegment(memberNode.key, memberNode.computed, path.scope);
  const describe = `${info.name}${memberNode.static ? '' : '.prototype'}${segment ?? '[computed]'}`;
  if (segment === undefined) {
    module.warn(line, `${describe} is not hot-patchable: its computed key could have side effects if evaluated again`);
    return;
  }
  if (usesPrivateName(path)) {
    module.warn(line, `${describe} is not hot-patchable: it uses #private names, which cannot cross class versions`);
    return;
  }
  if (fn.type === 'ClassMethod' && fn.params.some((param) => 'decorators' in param && param.decorators?.length)) {
    module.warn(line, `${describe} is not hot-patchable: its parameters have decorators`);
    return;
  }
  const arrow = fn.type === 'ArrowFunctionExpression';
  const parameters = arrow ? undefined : forwardedParameters(t, path);
  const form: GuardForm = part === 'field' && arrow ? 'field' : parameters ? 'call' : 'apply';
  const forwarding = arrow
    ? arrowArguments(t, path as NodePath<BabelTypes.ArrowFunctionExpression>, module)
    : parameters && { forwarded: parameters, destructure: [] };
  if (arrow && !forwarding) {
    module.warn(line, `${describe} is not hot-patchable: its parameters could not be forwarded (a default reads a destructured name, or the body declares one again)`);
    return;
  }
  const name = module.claimName(`${describe}${part === 'get' ? ':get' : part === 'set' ? ':set' : ''}`);
  const cell = module.newCell(name, path);
  const inserted = insertGuard(t, path, guardStatement(t, fn as BabelTypes.Function, { form, cell, forwarded: forwarding?.forwarded }), forwarding?.destructure);
  for (const statement of inserted) module.handled.add(statement);
  module.instrumented.set(fn, { name, closures: createsClosures(module.t, path, name) });
  (memberNode.static ? info.statics : info.prototype).push(
    t.cloneNode(cell),
    memberKeyExpression(t, memberNode.key, memberNode.computed),
    t.stringLiteral(part),
  );
}
