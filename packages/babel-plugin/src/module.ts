// The module walk: visits one module's top-level statements and instruments the functions and classes
// they declare, as docs/protocol.md §3 describes.
import type { NodePath, types as BabelTypes } from '@babel/core';
import { instrumentClass } from './classes';
import { ModuleInstrumenter, type InstrumentReport } from './instrumenter';
import { NAMES } from './names';

type T = typeof BabelTypes;
type Template = typeof import('@babel/core').template;

/** A function declaration at module level: replaced in place by its proxy, its implementation defined in `_mpInit`. */
function functionDeclaration(module: ModuleInstrumenter, path: NodePath<BabelTypes.FunctionDeclaration>): void {
  const { t, proxies } = module;
  const fn = path.node;
  if (fn.declare) return;
  const bindingName = fn.id?.name;
  const name = module.claimName(bindingName ?? 'default');
  const slot = module.newSlot(name);
  // An anonymous `export default function` has no binding for _mpInit to hand to the registry: give it one,
  // and give the proxy back the name "default" the original had.
  const proxyId = fn.id ? t.cloneNode(fn.id) : module.uid(NAMES.default);
  const impl = proxies.implementation(fn, bindingName ?? 'default');
  module.hoist(t.expressionStatement(module.defineCall(slot, name, impl, t.cloneNode(proxyId))), slot);
  if (!fn.id) module.hoist(proxies.setName(proxyId, 'default'), slot);
  const proxy = proxies.functionProxy(fn, slot, module.init, proxyId) as BabelTypes.FunctionDeclaration;
  path.replaceWith(proxy);
}

/**
 * A function or arrow bound at module level (`const f = () => {}`, `export default () => {}`):
 * the expression is replaced by `(_tmp = proxy, _s = _mpDefine(name, impl, _tmp), _tmp)`.
 */
function functionExpression(
  module: ModuleInstrumenter,
  path: NodePath<BabelTypes.FunctionExpression | BabelTypes.ArrowFunctionExpression>,
  bindingName: string,
): void {
  const { t, proxies } = module;
  const fn = path.node;
  const name = module.claimName(bindingName);
  const slot = module.newSlot(name);
  const impl = proxies.implementation(fn, bindingName);
  const proxy = proxies.functionProxy(fn, slot, undefined, undefined, bindingName) as BabelTypes.Expression;
  path.replaceWith(
    t.sequenceExpression([
      t.assignmentExpression('=', t.cloneNode(module.tmp), proxy),
      module.defineCall(slot, name, impl, t.cloneNode(module.tmp)),
      t.cloneNode(module.tmp),
    ]),
  );
}

function isFunctionInit(
  node: BabelTypes.Node | null | undefined,
): node is BabelTypes.FunctionExpression | BabelTypes.ArrowFunctionExpression {
  return node?.type === 'FunctionExpression' || node?.type === 'ArrowFunctionExpression';
}

function isClassInit(node: BabelTypes.Node | null | undefined): node is BabelTypes.ClassExpression {
  return node?.type === 'ClassExpression';
}

/** Globals the generated code refers to by name. */
const GLOBALS_USED = ['Object', 'Reflect', 'Symbol', 'Map', 'globalThis'];

export function instrumentModule(
  t: T,
  template: Template,
  program: NodePath<BabelTypes.Program>,
  moduleId: string,
  inScopePatches: boolean,
): InstrumentReport {
  // A module binding that shadows one of them is renamed (exports keep their names), as SWC's hygiene does.
  for (const name of GLOBALS_USED) {
    if (program.scope.hasOwnBinding(name)) program.scope.rename(name);
  }
  const module = new ModuleInstrumenter(t, template, program, moduleId, inScopePatches);

  const visitDeclaration = (path: NodePath, exportedDefault: boolean): void => {
    if (path.isFunctionDeclaration()) {
      functionDeclaration(module, path);
    } else if (path.isClassDeclaration()) {
      if (!path.node.declare) instrumentClass(module, path, path.node.id?.name ?? 'default');
    } else if (path.isVariableDeclaration()) {
      if (path.node.declare) return;
      for (const declarator of path.get('declarations')) {
        const id = declarator.node.id;
        if (id.type !== 'Identifier') continue;
        const init = declarator.get('init');
        if (isFunctionInit(init.node)) {
          functionExpression(module, init as NodePath<BabelTypes.FunctionExpression>, id.name);
        } else if (isClassInit(init.node)) {
          instrumentClass(module, init as NodePath<BabelTypes.ClassExpression>, id.name);
        }
      }
    } else if (exportedDefault) {
      // `export default <expression>`
      const expression = path.node;
      if (isFunctionInit(expression)) functionExpression(module, path as NodePath<BabelTypes.FunctionExpression>, 'default');
      else if (isClassInit(expression)) instrumentClass(module, path as NodePath<BabelTypes.ClassExpression>, 'default');
    }
  };

  for (const statement of program.get('body')) {
    if (statement.isExportNamedDeclaration()) {
      const declaration = statement.get('declaration');
      if (declaration.node) visitDeclaration(declaration as NodePath, false);
    } else if (statement.isExportDefaultDeclaration()) {
      visitDeclaration(statement.get('declaration') as NodePath, true);
    } else {
      visitDeclaration(statement, false);
    }
  }
  return module.finish();
}
