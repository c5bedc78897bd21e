// Instruments one module's top level as docs/protocol.md §3 describes.
import type { NodePath, types as BabelTypes } from '@babel/core';
import { ProxyBuilder } from './proxy';
import { instrumentClass } from './classes';

type T = typeof BabelTypes;
type Template = typeof import('@babel/core').template;
export type Warn = (line: number | string, message: string) => void;

/** The per-module state shared by the function and class instrumentation. */
export class ModuleInstrumenter {
  readonly proxies: ProxyBuilder;
  private readonly slotIds: BabelTypes.Identifier[] = [];
  private readonly usedNames = new Map<string, number>();
  /** `_s = _mpDefine(...)` for every hoisted function declaration, run by `_mpInit`. */
  private readonly hoisted: BabelTypes.Statement[] = [];
  private firstHoistedSlot: BabelTypes.Identifier | undefined;
  private defineId: BabelTypes.Identifier | undefined;
  private initId: BabelTypes.Identifier | undefined;
  private methodId: BabelTypes.Identifier | undefined;
  private tmpId: BabelTypes.Identifier | undefined;

  constructor(
    readonly t: T,
    template: Template,
    private readonly program: NodePath<BabelTypes.Program>,
    readonly moduleId: string,
    readonly warn: Warn,
    private readonly inScopePatches: boolean,
  ) {
    this.proxies = new ProxyBuilder(t, template, this.uid('it'));
  }

  uid(name: string): BabelTypes.Identifier {
    return this.program.scope.generateUidIdentifier(`mp_${name}`);
  }

  /** A registry name unique within the module (`~2`, `~3` for repeats). */
  claimName(name: string): string {
    const count = (this.usedNames.get(name) ?? 0) + 1;
    this.usedNames.set(name, count);
    return count === 1 ? name : `${name}~${count}`;
  }

  newSlot(name: string): BabelTypes.Identifier {
    const id = this.uid(`s_${name.replace(/[^A-Za-z0-9_$]/g, '_')}`);
    this.slotIds.push(id);
    return id;
  }

  get define(): BabelTypes.Identifier {
    return (this.defineId ??= this.uid('define'));
  }

  get init(): BabelTypes.Identifier {
    return (this.initId ??= this.uid('init'));
  }

  get method(): BabelTypes.Identifier {
    return (this.methodId ??= this.uid('method'));
  }

  get tmp(): BabelTypes.Identifier {
    return (this.tmpId ??= this.uid('tmp'));
  }

  /** `_s = _mpDefine(name, impl, proxy)` */
  defineCall(slot: BabelTypes.Identifier, name: string, impl: BabelTypes.Expression, proxy: BabelTypes.Expression) {
    const { t } = this;
    return t.assignmentExpression(
      '=',
      t.cloneNode(slot),
      t.callExpression(t.cloneNode(this.define), [t.stringLiteral(name), impl, proxy]),
    );
  }

  /** A function declaration at module level: replaced in place by its proxy, its implementation defined in `_mpInit`. */
  functionDeclaration(path: NodePath<BabelTypes.FunctionDeclaration>): void {
    const { t } = this;
    const fn = path.node;
    if (fn.declare) return;
    const bindingName = fn.id?.name;
    const name = this.claimName(bindingName ?? 'default');
    const slot = this.newSlot(name);
    this.firstHoistedSlot ??= slot;
    // An anonymous `export default function` has no binding for _mpInit to hand to the registry: give it one,
    // and give the proxy back the name "default" the original had.
    const proxyId = fn.id ? t.cloneNode(fn.id) : this.uid('default');
    const impl = this.proxies.implementation(fn, bindingName ?? 'default');
    this.hoisted.push(t.expressionStatement(this.defineCall(slot, name, impl, t.cloneNode(proxyId))));
    if (!fn.id) this.hoisted.push(this.proxies.setName(proxyId, 'default'));
    const proxy = this.proxies.functionProxy(fn, slot, this.init, proxyId) as BabelTypes.FunctionDeclaration;
    path.replaceWith(proxy);
  }

  /**
   * A function or arrow bound at module level (`const f = () => {}`, `export default () => {}`):
   * the expression is replaced by `(_tmp = proxy, _s = _mpDefine(name, impl, _tmp), _tmp)`.
   */
  functionExpression(
    path: NodePath<BabelTypes.FunctionExpression | BabelTypes.ArrowFunctionExpression>,
    bindingName: string,
  ): void {
    const { t } = this;
    const fn = path.node;
    const name = this.claimName(bindingName);
    const slot = this.newSlot(name);
    const impl = this.proxies.implementation(fn, bindingName);
    const proxy = this.proxies.functionProxy(fn, slot, undefined, undefined, bindingName) as BabelTypes.Expression;
    path.replaceWith(
      t.sequenceExpression([
        t.assignmentExpression('=', t.cloneNode(this.tmp), proxy),
        this.defineCall(slot, name, impl, t.cloneNode(this.tmp)),
        t.cloneNode(this.tmp),
      ]),
    );
  }

  /** Emits the slot variables, the eager `_mpInit()` and the helpers. */
  finish(): void {
    const { t } = this;
    if (this.slotIds.length === 0) return;
    const top: BabelTypes.Statement[] = [];
    const vars = [...this.slotIds, ...(this.tmpId ? [this.tmpId] : [])];
    top.push(t.variableDeclaration('var', vars.map((id) => t.variableDeclarator(t.cloneNode(id)))));
    const bottom: BabelTypes.Statement[] = [this.proxies.defineHelper(this.define, this.moduleId)];
    if (this.inScopePatches) {
      // `_mpScope((_mpCode) => eval(_mpCode))`: a direct eval, so it sees the module's own scope.
      const scope = this.uid('scope');
      const code = this.uid('code');
      const evaluate = t.arrowFunctionExpression([code], t.callExpression(t.identifier('eval'), [t.cloneNode(code)]));
      top.push(t.expressionStatement(t.callExpression(t.cloneNode(scope), [evaluate])));
      bottom.push(this.proxies.scopeHelper(scope, this.moduleId));
    }
    if (this.initId && this.firstHoistedSlot) {
      top.push(t.expressionStatement(t.callExpression(t.cloneNode(this.initId), [])));
      bottom.push(
        t.functionDeclaration(
          t.cloneNode(this.initId),
          [],
          t.blockStatement([
            t.ifStatement(t.cloneNode(this.firstHoistedSlot), t.returnStatement()),
            ...this.hoisted,
          ]),
        ),
      );
    }
    if (this.methodId) bottom.push(this.proxies.methodHelper(this.methodId, this.define));
    const body = this.program.get('body');
    const lastImport = body.filter((statement) => statement.isImportDeclaration()).pop();
    if (lastImport) lastImport.insertAfter(top);
    else this.program.unshiftContainer('body', top);
    this.program.pushContainer('body', bottom);
  }
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
  warn: Warn,
  inScopePatches: boolean,
): void {
  // A module binding that shadows one of them is renamed (exports keep their names), as SWC's hygiene does.
  for (const name of GLOBALS_USED) {
    if (program.scope.hasOwnBinding(name)) program.scope.rename(name);
  }
  const module = new ModuleInstrumenter(t, template, program, moduleId, warn, inScopePatches);

  const visitDeclaration = (path: NodePath, exportedDefault: boolean): void => {
    if (path.isFunctionDeclaration()) {
      module.functionDeclaration(path);
    } else if (path.isClassDeclaration()) {
      if (!path.node.declare) instrumentClass(module, path, path.node.id?.name ?? 'default');
    } else if (path.isVariableDeclaration()) {
      if (path.node.declare) return;
      for (const declarator of path.get('declarations')) {
        const id = declarator.node.id;
        if (id.type !== 'Identifier') continue;
        const init = declarator.get('init');
        if (isFunctionInit(init.node)) {
          module.functionExpression(init as NodePath<BabelTypes.FunctionExpression>, id.name);
        } else if (isClassInit(init.node)) {
          instrumentClass(module, init as NodePath<BabelTypes.ClassExpression>, id.name);
        }
      }
    } else if (exportedDefault) {
      // `export default <expression>`
      const expression = path.node;
      if (isFunctionInit(expression)) module.functionExpression(path as NodePath<BabelTypes.FunctionExpression>, 'default');
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
  module.finish();
}
