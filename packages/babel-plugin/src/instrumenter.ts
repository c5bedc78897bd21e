// The per-module state of the instrumentation: generated names, cells, evaluators, the prologue, and
// `finish()`, which emits the prologue and the helpers (docs/protocol.md §3.2).
import type { NodePath, types as BabelTypes } from '@babel/core';
import { helperStatements } from './helpers';
import { cellBase, fnv1a, GENERATED_PREFIX, letters, NAMES } from './names';

type T = typeof BabelTypes;
type Template = typeof import('@babel/core').template;

export interface Warning {
  line: number | string;
  message: string;
}

/** What the instrumentation generated in one module (the glue and tools use it instead of matching names). */
export interface InstrumentReport {
  /** Every instrumented function, in source order: its registry name and its cell variable. */
  slots: { name: string; slot: string }[];
  /** The generated helpers actually emitted. */
  helpers: { registry?: string; cell?: string; def?: string; members?: string; scope?: string };
  warnings: Warning[];
}

/** What the walk knows of each instrumented function, for the closures inside it. */
export interface Instrumented {
  name: string;
  /** Whether functions inside it are closure sites (not in React components and hooks: docs/protocol.md §3.6). */
  closures: boolean;
}

export class ModuleInstrumenter {
  readonly report: InstrumentReport = { slots: [], helpers: {}, warnings: [] };
  /** Every instrumented function, by node. */
  readonly instrumented = new WeakMap<BabelTypes.Node, Instrumented>();
  /** Registrations of an object literal's members (`cell, key, part` triples), by literal. */
  readonly objects = new Map<BabelTypes.ObjectExpression, BabelTypes.Expression[]>();
  private readonly cells: { id: BabelTypes.Identifier; name: string; early: boolean }[] = [];
  private readonly usedNames = new Map<string, number>();
  /** Prologue statements after the cells: `_mp_def(f, cell)` for hoisted declarations, names set back. */
  private readonly prologue: BabelTypes.Statement[] = [];
  private readonly ids = new Map<string, BabelTypes.Identifier>();
  /** The evaluator of each block that creates closures, by block node. */
  readonly evaluators = new Map<BabelTypes.Node, BabelTypes.Identifier>();
  /** Nodes this instrumentation created or already handled: the traversal skips them. */
  readonly handled = new WeakSet<BabelTypes.Node>();
  /** In a script, generated names end with a hash of the module id: top-level names are shared globals there. */
  private readonly suffix: string;

  constructor(
    readonly t: T,
    private readonly template: Template,
    private readonly program: NodePath<BabelTypes.Program>,
    readonly moduleId: string,
    private readonly inScopePatches: boolean,
    /** Functions their activation only calls: no closure sites (closures.ts `helpersOnlyCalled`). */
    readonly onlyCalled: Set<BabelTypes.Node>,
  ) {
    this.suffix = scriptSuffix(program, moduleId);
  }

  /** A fresh `_mp_<name>` identifier, unique in the module. */
  uid(name: string): BabelTypes.Identifier {
    return this.program.scope.generateUidIdentifier(`${GENERATED_PREFIX.slice(1)}${name}${this.suffix}`);
  }

  private rest: BabelTypes.Identifier | undefined;

  /** The rest parameter guarded arrows are given (guard.ts `arrowArguments`): one name for the module. */
  restParameter(): BabelTypes.Identifier {
    this.rest ??= this.uid(NAMES.rest);
    return this.t.cloneNode(this.rest);
  }

  /** The identifier of a helper (`_mp_cell`, ...), created on first use. */
  helper(base: keyof InstrumentReport['helpers']): BabelTypes.Identifier {
    let id = this.ids.get(base);
    if (!id) {
      id = this.uid(NAMES[base]);
      this.ids.set(base, id);
      this.report.helpers[base] = id.name;
    }
    return this.t.cloneNode(id);
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

  /** The cell variable of a new instrumented function (at `path`) with this (claimed) registry name. */
  newCell(name: string, path: NodePath): BabelTypes.Identifier {
    const id = this.uid(cellBase(name));
    this.cells.push({ id, name, early: mayRunEarly(path) });
    this.report.slots.push({ name, slot: id.name });
    return id;
  }

  /**
   * `_mp_def(fn, cell)`: the function first, so that React Refresh's transform, run after this one, still
   * finds a component inside a higher-order component call (`memo(_mp_def(() => …, cell))`): it follows
   * first arguments only.
   */
  defCall(cell: BabelTypes.Identifier, fn: BabelTypes.Expression): BabelTypes.CallExpression {
    return this.t.callExpression(this.helper('def'), [fn, this.t.cloneNode(cell)]);
  }

  /** A statement for the prologue, after the cells (hoisted declarations are defined there). */
  addToPrologue(statement: BabelTypes.Statement): void {
    this.prologue.push(statement);
  }

  /**
   * Emits the cells, the evaluator and the prologue; returns what was generated, and the helpers, which the
   * module ends with (transform.ts appends them).
   */
  finish(): Finished {
    const { t } = this;
    // A module with no function still hands a runtime its evaluator (docs/protocol.md §3.7): the runtime
    // then knows it was built with the plugin (a config, a schema), and has nothing to instrument at load.
    if (this.cells.length === 0 && !this.inScopePatches) return { report: this.report, helpers: [], cells: undefined };
    const top: BabelTypes.Statement[] = [];
    let cells: CellStatements | undefined;
    if (this.cells.length > 0) {
      const cell = this.helper('cell');
      this.helper('registry');
      this.helper('def');
      // One declaration per run of cells of one kind, in the order the cells were made (the order of their
      // slots, which the HMR glue relies on: docs/protocol.md §7).
      const rule = cellRule(this.program.node);
      const call = (name: string, holder?: BabelTypes.Identifier) =>
        t.callExpression(t.cloneNode(cell), holder ? [t.stringLiteral(name), t.cloneNode(holder)] : [t.stringLiteral(name)]);
      for (const { id, name, early } of this.cells) {
        if (rule === 'mixed' && early) {
          // A holder: a hoisted declaration exists before an import cycle can call the function, so its guard
          // needs no `?.`, which V8 makes slow on a module variable the evaluator may assign.
          top.push(t.functionDeclaration(t.cloneNode(id), [], t.blockStatement([])), t.expressionStatement(call(name, id)));
          continue;
        }
        const kind = rule === 'mixed' ? 'const' : rule;
        const last = top[top.length - 1];
        const declarator = t.variableDeclarator(t.cloneNode(id), call(name));
        if (last?.type === 'VariableDeclaration' && last.kind === kind) last.declarations.push(declarator);
        else top.push(t.variableDeclaration(kind, [declarator]));
      }
      if (rule === 'mixed') {
        const declarators = this.cells.map(({ id, name }) => t.variableDeclarator(t.cloneNode(id), call(name)));
        cells = { statements: [...top], declarators };
      }
    }
    if (this.inScopePatches) {
      // `_mp_scope((_mp_code) => eval(_mp_code))`: a direct eval, so it sees the module's own scope.
      const code = this.uid(NAMES.code);
      const evaluate = t.arrowFunctionExpression([code], t.callExpression(t.identifier('eval'), [t.cloneNode(code)]));
      top.push(t.expressionStatement(t.callExpression(this.helper('scope'), [evaluate])));
    }
    top.push(...this.prologue);
    const has = (base: keyof InstrumentReport['helpers']) => this.ids.has(base);
    const helpers = helperStatements(
      t,
      this.template,
      {
        registry: has('registry') ? this.helper('registry') : undefined,
        cell: has('cell') ? this.helper('cell') : undefined,
        def: has('def') ? this.helper('def') : undefined,
        members: has('members') ? this.helper('members') : undefined,
        scope: has('scope') ? this.helper('scope') : undefined,
      },
      this.moduleId,
    );
    for (const statement of top) this.handled.add(statement);
    // First: imports are hoisted, so nothing of the module runs before the prologue wherever they are.
    this.program.unshiftContainer('body', top);
    return { report: this.report, helpers, cells };
  }
}

export interface Finished {
  report: InstrumentReport;
  /** The helpers, which the module ends with (transform.ts appends them). */
  helpers: BabelTypes.Statement[];
  /** The cells of an ES module that imports, some of them holders, for `cellsFirst`. */
  cells: CellStatements | undefined;
}

export interface CellStatements {
  /** What declares them in the prologue: `const` declarations, holders and their registrations. */
  statements: BabelTypes.Statement[];
  /** Every cell as a `const` declarator (`_mp_s_x = _mp_cell("x")`), in the order of their slots. */
  declarators: BabelTypes.VariableDeclarator[];
}

/**
 * Once every plugin has walked the module: if a module transform of the same Babel run turned its imports
 * into `require` calls (CommonJS; AMD and UMD wrap the body instead), only the module itself runs before those
 * calls, so its cells are declared first, all `const` (docs/protocol.md §3.2): a cycle can no longer call in
 * before them.
 */
export function cellsFirst(t: typeof BabelTypes, program: BabelTypes.Program, cells: CellStatements): void {
  const moduleSyntax = (statement: BabelTypes.Statement) => statement.type === 'ImportDeclaration' || statement.type.startsWith('Export');
  if (program.body.some(moduleSyntax)) return;
  if (!cells.statements.every((statement) => program.body.includes(statement))) return;
  const declaration = t.variableDeclaration('const', cells.declarators);
  program.body = [declaration, ...program.body.filter((statement) => !cells.statements.includes(statement))];
}

/**
 * How a module's cells are declared (docs/protocol.md §3.2): `const` where nothing can read them before their
 * declaration (V8 then takes them as constants despite the evaluator's `eval`); in an ES module that imports,
 * `var` for the functions an import cycle can call before the module's first statement (`mixed`); `var`
 * everywhere in a file that may be a classic script.
 */
function cellRule(program: BabelTypes.Program): 'const' | 'var' | 'mixed' {
  if (!isModuleBySyntax(program)) return 'var';
  return importsNothing(program) ? 'const' : 'mixed';
}

/**
 * Whether the file is an ES module by its own syntax: it imports or exports (type-only imports are erased).
 * Babel parses files as modules by default; without either, the file may be a classic script, whose
 * top-level `const` a second load would declare again.
 */
function isModuleBySyntax(program: BabelTypes.Program): boolean {
  const moduleSyntax = (statement: BabelTypes.Statement) =>
    (statement.type === 'ImportDeclaration' && statement.importKind !== 'type') ||
    statement.type === 'ExportNamedDeclaration' ||
    statement.type === 'ExportDefaultDeclaration' ||
    statement.type === 'ExportAllDeclaration' ||
    statement.type === 'TSExportAssignment';
  return program.sourceType === 'module' && program.body.some(moduleSyntax);
}

/** Whether the module imports nothing (type-only imports are erased): nothing can call into it before its first statement. */
function importsNothing(program: BabelTypes.Program): boolean {
  return program.body.every((statement) => {
    switch (statement.type) {
      case 'ImportDeclaration':
        return statement.importKind === 'type';
      case 'ExportAllDeclaration':
        return statement.exportKind === 'type';
      case 'ExportNamedDeclaration':
        return !statement.source || statement.exportKind === 'type';
      case 'TSImportEqualsDeclaration':
        return statement.moduleReference.type !== 'TSExternalModuleReference';
      default:
        return true;
    }
  });
}

/**
 * Whether a function can run before the module's first statement: a hoisted declaration of the top level
 * (an import cycle can call it while the other module runs first), or any function inside one.
 */
function mayRunEarly(path: NodePath): boolean {
  return !!path.find((p) => {
    if (!p.isFunctionDeclaration()) return false;
    const parent = p.parentPath;
    return !!parent && (parent.isProgram() || (parent.isExportDeclaration() && !!parent.parentPath?.isProgram()));
  });
}

/** What generated names end with: in a script, where top-level names are shared globals, a hash of the module id. */
export function scriptSuffix(program: NodePath<BabelTypes.Program>, moduleId: string): string {
  return program.node.sourceType === 'script' ? `_${letters(fnv1a(moduleId), 6)}` : '';
}

