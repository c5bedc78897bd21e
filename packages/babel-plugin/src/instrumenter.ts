// The per-module state of the instrumentation: generated names, slots, the hoisted `_mpInit` lines,
// and `finish()`, which emits the slot variables, the eager `_mpInit()` and the helpers.
import type { NodePath, types as BabelTypes } from '@babel/core';
import { defineHelper, methodHelper, scopeHelper } from './helpers';
import { GENERATED_PREFIX, NAMES } from './names';
import { ProxyBuilder } from './proxy';

type T = typeof BabelTypes;
type Template = typeof import('@babel/core').template;

export interface Warning {
  line: number | string;
  message: string;
}

/** What the instrumentation generated in one module (the glue and tools use it instead of matching names). */
export interface InstrumentReport {
  /** Every instrumented function, in source order: its registry name and its generated slot variable. */
  slots: { name: string; slot: string }[];
  /** The generated helpers actually emitted. */
  helpers: { define?: string; init?: string; method?: string; scope?: string; tmp?: string };
  warnings: Warning[];
}

export class ModuleInstrumenter {
  readonly proxies: ProxyBuilder;
  readonly report: InstrumentReport = { slots: [], helpers: {}, warnings: [] };
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
    private readonly template: Template,
    private readonly program: NodePath<BabelTypes.Program>,
    readonly moduleId: string,
    private readonly inScopePatches: boolean,
  ) {
    this.proxies = new ProxyBuilder(t, template, this.uid(NAMES.iterator));
  }

  /** A fresh `_mp_<name>` identifier. */
  uid(name: string): BabelTypes.Identifier {
    return this.program.scope.generateUidIdentifier(`${GENERATED_PREFIX.slice(1)}${name}`);
  }

  warn(line: number | string, message: string): void {
    this.report.warnings.push({ line, message });
  }

  /** A registry name unique within the module (`~2`, `~3` for repeats). */
  claimName(name: string): string {
    const count = (this.usedNames.get(name) ?? 0) + 1;
    this.usedNames.set(name, count);
    return count === 1 ? name : `${name}~${count}`;
  }

  /** The slot variable of the function with this registry name. */
  newSlot(name: string): BabelTypes.Identifier {
    const id = this.uid(`${NAMES.slot}${name.replace(/[^A-Za-z0-9_$]/g, '_')}`);
    this.slotIds.push(id);
    this.report.slots.push({ name, slot: id.name });
    return id;
  }

  get define(): BabelTypes.Identifier {
    return (this.defineId ??= this.uid(NAMES.define));
  }

  get init(): BabelTypes.Identifier {
    return (this.initId ??= this.uid(NAMES.init));
  }

  get method(): BabelTypes.Identifier {
    return (this.methodId ??= this.uid(NAMES.method));
  }

  get tmp(): BabelTypes.Identifier {
    return (this.tmpId ??= this.uid(NAMES.tmp));
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

  /** Adds a line to `_mpInit`, the hoisted function that defines the hoisted functions' slots. */
  hoist(statement: BabelTypes.Statement, slot: BabelTypes.Identifier): void {
    this.firstHoistedSlot ??= slot;
    this.hoisted.push(statement);
  }

  /** Emits the slot variables, the eager `_mpInit()` and the helpers; returns what was generated. */
  finish(): InstrumentReport {
    const { t, template } = this;
    if (this.slotIds.length === 0) return this.report;
    const top: BabelTypes.Statement[] = [];
    const vars = [...this.slotIds, ...(this.tmpId ? [this.tmpId] : [])];
    top.push(t.variableDeclaration('var', vars.map((id) => t.variableDeclarator(t.cloneNode(id)))));
    const bottom: BabelTypes.Statement[] = [defineHelper(t, template, this.define, this.moduleId)];
    const helpers = this.report.helpers;
    helpers.define = this.define.name;
    if (this.tmpId) helpers.tmp = this.tmpId.name;
    if (this.inScopePatches) {
      // `_mpScope((_mpCode) => eval(_mpCode))`: a direct eval, so it sees the module's own scope.
      const scope = this.uid(NAMES.scope);
      const code = this.uid(NAMES.code);
      const evaluate = t.arrowFunctionExpression([code], t.callExpression(t.identifier('eval'), [t.cloneNode(code)]));
      top.push(t.expressionStatement(t.callExpression(t.cloneNode(scope), [evaluate])));
      bottom.push(scopeHelper(t, template, scope, this.moduleId));
      helpers.scope = scope.name;
    }
    if (this.initId && this.firstHoistedSlot) {
      top.push(t.expressionStatement(t.callExpression(t.cloneNode(this.initId), [])));
      bottom.push(
        t.functionDeclaration(
          t.cloneNode(this.initId),
          [],
          t.blockStatement([t.ifStatement(t.cloneNode(this.firstHoistedSlot), t.returnStatement()), ...this.hoisted]),
        ),
      );
      helpers.init = this.initId.name;
    }
    if (this.methodId) {
      bottom.push(methodHelper(t, template, this.methodId, this.define));
      helpers.method = this.methodId.name;
    }
    const body = this.program.get('body');
    const lastImport = body.filter((statement) => statement.isImportDeclaration()).pop();
    if (lastImport) lastImport.insertAfter(top);
    else this.program.unshiftContainer('body', top);
    this.program.pushContainer('body', bottom);
    return this.report;
  }
}
