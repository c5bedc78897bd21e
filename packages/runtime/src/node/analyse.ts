// Step 2 of a change: reads a new version of a built, instrumented module (docs/protocol.md §3) and
// decides how it applies. `analyse` finds its module id, its cells, every guarded function with its
// source ranges, and its "shape" (everything but the guarded functions' parameters and bodies, and
// the generated prologue and helpers); `prepare` compares the new version with the running one: equal
// shapes (or only added private functions), with compatible parameter lists, are a body patch;
// anything else is a re-evaluation of the module.
import path from 'node:path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { helperReader, isFunction } from './closures';
import { codeFrame, fromAcornError, positionOf, VersionSyntaxError } from './errors';
import type { ErrorEvent } from './events';
import { isSource } from './files';
import { isInstrumented, programCode, sourceSyntaxError } from './instrument';
import { getSlot, kindOf } from '../registry';
import { loadedModule, type LoadedModule } from './modules';
import { neverRan, ranAsItLoaded, ranOnlyAtStart, ranOnlyInItsModuleEvaluation } from './startup';
import { listed, literally } from './report';
import { decoratedAt, describePosition, loadSourceMap, withoutSourceMap } from './source-map';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = acorn.Node & Record<string, any>;
/** A module's running code parsed (`parseRunning`); undefined where it does not parse. */
export type RunningProgram = Node | undefined;
/** acorn's tokens carry their value, which its types leave out. */
type Token = acorn.Token & { value?: string };

/** Every generated identifier starts with this (docs/protocol.md §7). */
const GENERATED = /^_mp_/;
/** The members helper (docs/protocol.md §3.2), with the suffix a script's helpers have. */
const MEMBERS = /^_mp_members(?:_\w+)?$/;
/** The glue's gate maker, as a top-level module imports it (`hotGate as _mp_hotGate`). */
const GATE = /^_mp_hotGate\d*$/;
/** The cell helper's call in the prologue: `_mp_cell("name")` (digits or a script's hash may follow). */
const CELL_HELPER = /^_mp_cell\w*$/;

/** How a guard forwards (docs/protocol.md §3.3). */
export type GuardForm = 'apply' | 'call' | 'arrow' | 'field' | 'closure';
/** Where a guarded function is written, which decides how a newer version of it is compiled. */
export type Role = 'declaration' | 'expression' | 'method' | 'field';

/** A guarded function of one version. */
export interface GuardedFunction {
  name: string;
  /** Its cell variable. */
  cell: string;
  form: GuardForm;
  /** Whether its guard forwards `arguments` (else the values of its parameters, one by one). */
  forwardsArguments: boolean;
  role: Role;
  /** For a method: which part of the property it is. */
  part: 'value' | 'get' | 'set';
  async: boolean;
  generator: boolean;
  arrow: boolean;
  /** The function node (for a method: its value, which starts at the parameter list). */
  start: number;
  end: number;
  /** From the parameter list (its `(`, or an arrow's single parameter) to the end of the body. */
  paramsStart: number;
  /** A method's property, from its first token (`static`, `async`, `get`, its key); or the property whose value it is (`key: () => …`). */
  memberStart?: number;
  /**
   * Whether it is a property of an object literal (`list() {…}`, `list: () => …`), not of a class: code may have
   * copied or enumerated the object's keys (a GraphQL schema its resolvers), so a key added or removed is changed on
   * the running object only where nothing could have (`keysLive`).
   */
  objectMember: boolean;
  bodyStart: number;
  /** One entry per parameter: its text, for telling whether a newer version can be forwarded to. */
  /** `generated`: the rest parameter the plugins give a guarded arrow (`..._mp_r`), not one the program wrote. */
  params: { text: string; rest: boolean; defaultText?: string; simple: boolean; generated: boolean }[];
  /** The nearest guarded function around it (a closure's maker), by name. */
  enclosing?: string;
  /** Whether the function reads `new.target` (outside functions nested in it). */
  readsNewTarget: boolean;
  /** Whether the function (or a function nested in it) reads `import.meta`, which code compiled by `eval` cannot. */
  readsImportMeta: boolean;
  /**
   * Whether its code is strict where the module's top level is not: in a class, or in a function with a
   * "use strict" directive, in sloppy code. The module's evaluator is sloppy there, so its implementation
   * must be made strict again.
   */
  strictInSloppy: boolean;
  /** Names declared in it (parameters, declarations, at any depth) and names it reads. */
  declared: Set<string>;
  referenced: Set<string>;
}

/**
 * A top-level statement; `defines` when it only introduces module-level functions that a later version may add,
 * or (`values`) constants whose values make no object and run no code (`const TAG = '[v2]'`, `const TTL = 60 * 1000`),
 * or CommonJS bindings of a required module (`const _fmt = require("./fmt")`).
 */
export interface TopStatement {
  start: number;
  end: number;
  defines?: string[];
  values?: true;
  /**
   * An import with bindings (`import { wrap } from './fmt'`, or compiled to CommonJS `const _fmt = require("./fmt")`):
   * TypeScript's compilers drop one whose bindings the code no longer reads, so a body that stops calling `wrap`
   * removes it. The running module keeps the binding; nothing else of it runs again.
   */
  imports?: true;
  /**
   * It binds what another module exports: `module`, a CommonJS module object (`const users_1 = require('./users')`),
   * whose properties take the module's new exports when it is evaluated again; `values`, an import or a
   * destructured `require`, which hold what the module exported then.
   */
  bindsImport?: 'module' | 'values';
  /**
   * What each name it binds is of the module it imports (`./fmt#wrap`, `./fmt#default`, `./fmt#*` for the whole
   * module), for an import or a `require`: a save that binds a name to another part (`const Store = require(…)`
   * made `const { Store } = require(…)`) gives it a new value.
   */
  binds?: Record<string, string>;
  /** The module-level names it declares (imports, variables, functions, classes). */
  declares: string[];
  /** The names whose objects it changes, if it is an expression: `router.get(…)`, `config.port = 1` (`mutatedRoots`). */
  mutates: string[];
  /** `exports.name = <function>` (plain CommonJS): the name. A patch adds such a statement by running it (`additions`). */
  exportsFunction?: string;
}

type UnpatchedKind = 'run-once' | 'constructor' | 'enum';

/** Where a change inside a function the plugins leave as they are is, as the reason of a re-evaluation says it. */
const UNPATCHED_PLACES: Record<UnpatchedKind, string> = {
  'run-once': 'in a run-once function (a listen or then callback, an immediately invoked function: not patched in place)',
  // A compiler that lowers class fields moves their first values into it.
  constructor: "in a constructor or a class field's first value (not patched in place)",
  // TypeScript's compilers emit an enum or a namespace as a function called once with its object.
  enum: 'in an enum or a namespace (compiled to a function that runs once: not patched in place)',
};

export interface ModuleVersion {
  moduleId: string;
  text: string;
  sourceType: 'module' | 'script';
  /** The module's cell helper (`_mp_cell`, with digits or a script's hash where that name was taken). */
  cellHelper: string;
  /** Cell variable by registry name, in prologue order. */
  cells: Map<string, string>;
  functions: GuardedFunction[];
  byName: Map<string, GuardedFunction>;
  /**
   * Every guard's test (`_mp_s_x.v` as built, `_mp_s_x.v > K` in a compiled implementation): its cell, its range,
   * and the text of its read of `v`.
   */
  guards: { cell: string; start: number; end: number; read: string; statement: { start: number; end: number } }[];
  /** Every token outside the guarded functions and generated code; equal shapes mean only bodies and parameters differ. */
  shape: string[];
  /** Source offset of each shape token, to say where two shapes first differ. */
  shapeAt: number[];
  statements: TopStatement[];
  /**
   * Functions nested in guarded functions that are not closure sites and may outlive the call that made them
   * (not a callback of synchronous iteration, nor one invoked at once), with their ranges and enclosing function.
   */
  unguarded: { start: number; end: number; enclosing: string }[];
  /**
   * Helpers their function only calls (docs/protocol.md §3.6), by the name they would have as closure sites
   * (`login/greet`): they have no guard, so an activation keeps the copy it made.
   */
  helpers: string[];
  /**
   * Functions outside every guarded function that the plugins leave as they are, where a change inside one is
   * named by its kind: called or handed to a call (they run once, or at once: a `listen` or `then` callback, an
   * iteration callback, an immediately invoked one), and constructors.
   */
  /** `at`: where the statement an enum or a namespace is compiled to starts (its own line in the source). */
  unpatched: { start: number; end: number; kind: UnpatchedKind; at: number }[];
  /**
   * Top-level class declarations by the name they are exported or bound as (`default` for `export default
   * class`), with the ranges of every other top-level statement that uses the class (decorators applied by
   * tsc's `__decorate`, static assignments), apart from statements that only export it, and the names it reads
   * outside its guarded functions' bodies: as it is defined (those statements, static members, `extends`, computed
   * keys) and as each instance is made (field initializers, the constructor).
   */
  classes: Map<string, ClassDeclaration>;
  /**
   * What a CommonJS module exports, by the statements that only say so (exportTable: SWC's table of getters,
   * `exports.count = count`, `module.exports = { count }`): each export's name and the binding it reads. Out of the
   * shape (with SWC's annotation `0 && (module.exports = { … })`): an export added is defined on the running
   * exports object by the patch (exportsToDefine), one dropped stays there.
   */
  exportGetters: Map<string, string>;
}

export interface ClassDeclaration {
  start: number;
  end: number;
  uses: { start: number; end: number }[];
  readsOnce: Set<string>;
  reads: Set<string>;
}

function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
}

/** Whether a directive prologue (a program's or a function body's statements) holds "use strict". */
const declaresStrict = (statements: Node[] | undefined): boolean =>
  !!statements?.some((statement) => statement.directive === 'use strict');

/** Whether code inside `ancestors` (outermost first, the node itself excluded) is strict by a class or a directive. */
const strictByAncestors = (ancestors: Node[]): boolean =>
  ancestors.some((node) => node.type === 'ClassBody' || (isFunction(node) && declaresStrict(node.body.body)));

/** The guard a function starts with (after its directives): its cell, its form, its test and its read of `v`, if any. */
function guardOf(fn: Node): { cell: string; form: GuardForm; forwardsArguments: boolean; statement: Node; test: Node; read: Node } | undefined {
  if (fn.body?.type !== 'BlockStatement') return undefined;
  const first = (fn.body.body as Node[]).find((statement) => statement.directive === undefined);
  if (first?.type !== 'IfStatement' || first.alternate) return undefined;
  const test: Node = first.test;
  // `cell.v` as built; `cell.v > K` compiled at version K, and as older plugins built (`cell?.v > 0` too).
  const compares = test.type === 'BinaryExpression' && test.operator === '>' && test.right.type === 'Literal';
  const read: Node = compares ? test.left : test;
  const member: Node = read.type === 'ChainExpression' ? read.expression : read;
  if (member.type !== 'MemberExpression' || member.object.type !== 'Identifier' || member.property.name !== 'v') return undefined;
  const cell: string = member.object.name;
  if (!GENERATED.test(cell) || first.consequent.type !== 'ReturnStatement') return undefined;
  let forward: Node = first.consequent.argument;
  if (forward?.type === 'YieldExpression' && forward.delegate) forward = forward.argument;
  // `new.target ? Reflect.construct(impl, arguments, new.target) : impl.apply(this, arguments)`
  if (forward?.type === 'ConditionalExpression') forward = forward.alternate;
  if (forward?.type !== 'CallExpression') return undefined;
  const callee: Node = forward.callee;
  const isImpl = (node: Node) =>
    node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === cell && node.property.name === 'impl';
  let form: GuardForm;
  const last = (forward.arguments as Node[]).at(-1);
  let forwardsArguments = false;
  if (callee.type === 'MemberExpression' && isImpl(callee.object)) {
    form = callee.property.name === 'call' ? (fn.type === 'ArrowFunctionExpression' ? 'field' : 'call') : 'apply';
    forwardsArguments = form === 'apply';
  } else if (isImpl(callee)) {
    const first = forward.arguments[0] as Node | undefined;
    // A closure's `impl(evaluator, this, [values] | arguments)` (`this` is `void 0` where a module transform knew it
    // undefined); an arrow forwards values only, the last one spread from its rest parameter.
    const [, self, values] = forward.arguments as Node[];
    const closure =
      forward.arguments.length === 3 &&
      first?.type === 'Identifier' &&
      GENERATED.test(first.name) &&
      (self!.type === 'ThisExpression' || (self!.type === 'UnaryExpression' && self!.operator === 'void')) &&
      (values!.type === 'ArrayExpression' || (values!.type === 'Identifier' && values!.name === 'arguments'));
    form = closure ? 'closure' : 'arrow';
    forwardsArguments = form === 'closure' && last?.type === 'Identifier' && last.name === 'arguments';
  } else {
    return undefined;
  }
  return { cell, form, forwardsArguments, statement: first, test, read };
}

/** Whether `node` reads `new.target` outside the non-arrow functions nested in it. */
function readsNewTarget(node: Node): boolean {
  let found = false;
  walk.recursive(node.body, null, {
    Function(inner: Node, state, visit) {
      if (inner.type === 'ArrowFunctionExpression') visit(inner.body, state);
    },
    MetaProperty(inner: Node) {
      if (inner.meta.name === 'new') found = true;
    },
  });
  return found;
}

/** Whether `node` reads `import.meta` anywhere in it. */
function readsImportMeta(node: Node): boolean {
  let found = false;
  walk.full(node, (inner: Node) => {
    if (inner.type === 'MetaProperty' && inner.meta.name === 'import') found = true;
  });
  return found;
}

const PATTERN = new Set(['ObjectPattern', 'ArrayPattern', 'AssignmentPattern', 'RestElement', 'Property']);

/**
 * The names a function (or other node) declares (its parameters, and every declaration in it) and the names it
 * reads, apart from identifiers for which `skip` is true.
 */
function namesIn(fn: Node, skip?: (identifier: Node) => boolean): { declared: Set<string>; referenced: Set<string> } {
  const declared = new Set<string>();
  const referenced = new Set<string>();
  walk.fullAncestor(fn, (node: Node, _state: unknown, ancestors: Node[]) => {
    if (node.type !== 'Identifier' || skip?.(node)) return;
    const parent = ancestors[ancestors.length - 2];
    if (!parent) {
      referenced.add(node.name);
      return;
    }
    if ((parent.type === 'MemberExpression' && parent.property === node && !parent.computed) || parent.type === 'MetaProperty') return;
    if ((parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && parent.key === node && !parent.computed) return;
    if (['LabeledStatement', 'BreakStatement', 'ContinueStatement'].includes(parent.type)) return;
    if (parent.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand) return;
    if (isFunction(parent) && parent.id === node) {
      declared.add(node.name);
      return;
    }
    if ((parent.type === 'ClassDeclaration' || parent.type === 'ClassExpression') && parent.id === node) {
      declared.add(node.name);
      return;
    }
    // In a binding pattern: a declaration, a parameter or a catch parameter.
    let index = ancestors.length - 1;
    let child: Node = node;
    while (index > 0 && PATTERN.has(ancestors[index - 1]!.type)) {
      const up = ancestors[index - 1]!;
      if (up.type === 'AssignmentPattern' && up.left !== child) break;
      if (up.type === 'Property' && up.value !== child) break;
      child = up;
      index--;
    }
    const holder = ancestors[index - 1];
    if (
      holder &&
      ((holder.type === 'VariableDeclarator' && holder.id === child) ||
        (isFunction(holder) && (holder.params as Node[]).includes(child)) ||
        (holder.type === 'CatchClause' && holder.param === child))
    ) {
      declared.add(node.name);
      return;
    }
    referenced.add(node.name);
  });
  return { declared, referenced };
}

/**
 * Parses `text` (a CommonJS body or an ES module, after the build) and returns its version, or
 * `undefined` if it was not instrumented. Throws VersionSyntaxError if it does not parse.
 */
export function analyse(text: string, sourceType: 'module' | 'script'): ModuleVersion | undefined {
  const tokens: Token[] = [];
  let program: Node;
  try {
    program = acorn.parse(text, {
      ecmaVersion: 'latest',
      sourceType,
      allowReturnOutsideFunction: sourceType === 'script',
      allowHashBang: true,
      onToken: tokens,
    }) as Node;
  } catch (error) {
    throw fromAcornError(error);
  }

  let moduleId: string | undefined;
  let cellHelper = '_mp_cell';
  const cells = new Map<string, string>();
  const nameOfCell = new Map<string, string>();
  /** Ranges left out of the shape, each with what stands for it there. */
  const masks: { start: number; end: number; stand: string }[] = [];
  const statements: TopStatement[] = [];
  const exportGetters = new Map<string, string>();
  /** A top-level module's gate (`var _mp_hotTop = _mp_hotGate(…)`, docs/protocol.md §6): what it wraps is the module's code. */
  const gates = new Set<string>();

  const classes = new Map<string, ClassDeclaration>();
  const classNodes = new Map<string, Node>();
  const addClass = (name: string, node: Node): void => {
    classes.set(name, { start: node.start, end: node.end, uses: [], readsOnce: new Set(), reads: new Set() });
    classNodes.set(name, node);
  };
  for (const statement of program.body as Node[]) {
    const declaration: Node = statement.type.startsWith('Export') && statement.declaration ? statement.declaration : statement;
    if (declaration.type === 'ClassDeclaration' || (declaration.type === 'ClassExpression' && statement.type === 'ExportDefaultDeclaration')) {
      addClass(statement.type === 'ExportDefaultDeclaration' ? 'default' : declaration.id.name, declaration);
    } else if (declaration.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations as Node[]) {
        if (declarator.id.type === 'Identifier' && declarator.init?.type === 'ClassExpression') addClass(declarator.id.name, declarator.init);
      }
    }
    const top: TopStatement = { start: statement.start, end: statement.end, declares: declaredNames(statement), mutates: mutatedRoots(statement) };
    if (statement.type === 'ImportDeclaration') top.bindsImport = 'values';
    else if (statement.type === 'VariableDeclaration' && (statement.declarations as Node[]).some((d) => d.init && requiresModule(d.init))) {
      const objects = sourceType === 'script' && (statement.declarations as Node[]).every((d) => d.id.type === 'Identifier' && d.init && requiresModule(d.init));
      top.bindsImport = objects ? 'module' : 'values';
    }
    if (top.bindsImport) top.binds = importBindings(statement);
    const exported = sourceType === 'script' ? exportedFunction(statement) : undefined;
    if (exported !== undefined) top.exportsFunction = exported;
    statements.push(top);
    const registration = holderRegistration(statement);
    let entries: [string, string][] | undefined;
    if (
      registration ||
      isHolder(statement) ||
      (statement.type === 'VariableDeclaration' && statement.declarations.length > 0 && statement.declarations.every(isCellDeclarator))
    ) {
      // The prologue's cells stand for themselves whatever they list: added closures add cells.
      const declared: [Node, Node][] = registration ? [registration] : statement.type === 'VariableDeclaration' ? statement.declarations.map((d: Node) => [d.id, d.init]) : [];
      for (const [id, call] of declared) {
        const name = stringValue(call.arguments[0])!;
        cells.set(name, id.name);
        nameOfCell.set(id.name, name);
        cellHelper = call.callee.name;
      }
      // One stand for the run of declarations (`const` alternates with holders as the functions listed do: an
      // added hoisted declaration adds one), so that it is the same in every version.
      const previous = masks[masks.length - 1];
      if (previous?.stand === 'cells' && previous.end === statements[statements.length - 2]?.end) previous.end = statement.end;
      else masks.push({ start: statement.start, end: statement.end, stand: 'cells' });
    } else if (statement.type === 'FunctionDeclaration' && statement.id && GENERATED.test(statement.id.name)) {
      masks.push({ start: statement.start, end: statement.end, stand: 'helper' });
    } else if (isGeneratedCall(statement) && !gates.has(statement.expression.callee.name)) {
      // `_mp_scope(...)`, and `_mp_def(f, cell)` / `Object.defineProperty(_mp_default, …)` for hoisted declarations.
      masks.push({ start: statement.start, end: statement.end, stand: 'prologue' });
    } else if (isGlueDeclaration(statement)) {
      // The bundler HMR glue's `var _mp_hotCommit = _mp_hot(…)`: a top-level module's carries hashes of its text.
      masks.push({ start: statement.start, end: statement.end, stand: 'glue' });
      for (const declarator of statement.declarations as Node[]) if (GATE.test(declarator.init.callee.name)) gates.add(declarator.id.name);
    } else if ((entries = exportTable(statement, text))) {
      // Out of the shape (no stand: one added or dropped is no other change); compared by its entries.
      for (const [name, returned] of entries) exportGetters.set(name, returned);
      masks.push({ start: statement.start, end: statement.end, stand: '' });
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'LogicalExpression' && statement.expression.operator === '&&' && statement.expression.left.type === 'Literal' && statement.expression.left.value === 0) {
      // SWC's `0 && (module.exports = { … })`, for Node's cjs-module-lexer: it never runs.
      masks.push({ start: statement.start, end: statement.end, stand: '' });
    } else if (statement.type === 'FunctionDeclaration' && /^_export\d*$/.test(statement.id?.name ?? '') && statement.params.length === 2) {
      // SWC's helper for its table of two exports or more (one export is a `defineProperty` of its own).
      masks.push({ start: statement.start, end: statement.end, stand: '' });
    }
  }

  walk.full(program, (node: Node) => {
    if (node.type !== 'CallExpression') return;
    const callee: Node = node.callee;
    // registry().cell("<module id>", name) in the cell helper, registry.scope("<module id>", ...) in the scope helper
    if (callee.type === 'MemberExpression' && !callee.computed && ['cell', 'scope'].includes(callee.property.name)) {
      moduleId ??= stringValue(node.arguments[0]);
    }
  });
  if (moduleId === undefined || cells.size === 0) return undefined;
  const useStatements = new Map<string, Node[]>();
  for (const [name, range] of classes) {
    const uses: Node[] = [];
    for (const statement of program.body as Node[]) {
      if (statement.start <= range.start && range.end <= statement.end) continue; // the declaration itself
      if (onlyExports(statement, name)) continue;
      if (changesClass(statement, name)) uses.push(statement);
    }
    range.uses = uses.map(({ start, end }) => ({ start, end }));
    useStatements.set(name, uses);
  }

  const functions: GuardedFunction[] = [];
  const guards: ModuleVersion['guards'] = [];
  const sloppy = sourceType === 'script' && !declaresStrict(program.body);
  const unguardedAll: { start: number; end: number; kind?: UnpatchedKind; transient: boolean; at: number; maybeHelper?: Node[] }[] = [];
  const helperRule = helperReader();
  walk.fullAncestor(program, (node: Node, _state: unknown, ancestors: Node[]) => {
    // `_mp_members(home, cell, "key", "part", …)`: its list follows the members, which are in the shape themselves.
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && MEMBERS.test(node.callee.name) && node.arguments.length > 1) {
      masks.push({ start: node.arguments[1].start, end: node.arguments.at(-1).end, stand: 'members' });
    }
    if (!isFunction(node)) return;
    const named = helperRule.see(node, ancestors);
    const guard = guardOf(node);
    if (!guard) {
      // Why the plugins left it as it is: called or handed to a call, it runs at once or once; a constructor.
      const around = ancestors[ancestors.length - 2];
      // A top-level module's gate runs the module's own top-level code in an arrow: that is no function of the program.
      if (around?.type === 'CallExpression' && around.callee.type === 'Identifier' && gates.has(around.callee.name)) return;
      const kind =
        around?.type === 'CallExpression' && enumFunction(node, around, ancestors[ancestors.length - 3])
          ? 'enum'
          : around?.type === 'CallExpression' || around?.type === 'NewExpression'
            ? 'run-once'
            : around?.type === 'MethodDefinition' && around.kind === 'constructor'
              ? 'constructor'
              : undefined;
      const runsAtOnce = transient(node, around);
      // Whether it is a helper is decided after the walk, which names every function that could be one.
      const maybeHelper = !runsAtOnce && named ? ancestors.slice() : undefined;
      unguardedAll.push({ start: node.start, end: node.end, kind, transient: runsAtOnce, at: ancestors[1]?.start ?? node.start, maybeHelper });
      return;
    }
    const name = nameOfCell.get(guard.cell);
    if (name === undefined) return;
    const { statement } = guard;
    guards.push({ cell: guard.cell, start: guard.test.start, end: guard.test.end, read: text.slice(guard.read.start, guard.read.end), statement: { start: statement.start, end: statement.end } });
    const parent = ancestors[ancestors.length - 2];
    let role: Role = 'expression';
    let part: GuardedFunction['part'] = 'value';
    let memberStart: number | undefined;
    const objectMember = parent?.type === 'Property';
    if (node.type === 'FunctionDeclaration') role = 'declaration';
    else if (parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && (parent.method || parent.kind !== 'init'))) {
      role = 'method';
      memberStart = parent.start;
      if (parent.kind === 'get' || parent.kind === 'set') part = parent.kind;
    } else if (parent?.type === 'PropertyDefinition' || guard.form === 'field') {
      // A field's arrow, or one a compiler moved into the constructor (`this.handle = (req, res) => …`, fields
      // lowered for an ES2015-2021 target): its guard passes the instance as `this`.
      role = 'field';
    } else if (parent?.type === 'Property' && parent.value === node && !parent.computed) memberStart = parent.start; // `list: () => …`
    const paramsStart = paramsStartOf(node, tokens);
    functions.push({
      name,
      cell: guard.cell,
      form: guard.form,
      forwardsArguments: guard.forwardsArguments,
      role,
      part,
      async: !!node.async,
      generator: !!node.generator,
      arrow: node.type === 'ArrowFunctionExpression',
      start: node.start,
      end: node.end,
      paramsStart,
      memberStart,
      objectMember,
      bodyStart: node.body.start,
      params: (node.params as Node[]).map((param) => ({
        text: text.slice(param.start, param.end),
        rest: param.type === 'RestElement',
        defaultText: param.type === 'AssignmentPattern' ? text.slice(param.right.start, param.right.end) : undefined,
        simple: param.type === 'Identifier',
        generated: node.type === 'ArrowFunctionExpression' && param.type === 'RestElement' && comparable(text.slice(param.start, param.end)) === '..._mp_r',
      })),
      readsNewTarget: readsNewTarget(node),
      readsImportMeta: readsImportMeta(node),
      strictInSloppy: sloppy && strictByAncestors(ancestors.slice(0, -1)),
      ...namesIn(node),
    });
  });
  functions.sort((a, b) => a.start - b.start);
  guards.sort((a, b) => a.start - b.start);
  const around = (start: number, end: number): GuardedFunction | undefined => {
    let found: GuardedFunction | undefined;
    for (const fn of functions) if (fn.start < start && end <= fn.end && (!found || fn.start > found.start)) found = fn;
    return found;
  };
  for (const fn of functions) {
    fn.enclosing = around(fn.start, fn.end)?.name;
    if (fn.enclosing) continue;
    // Module-level functions' parameters and bodies are outside the shape (nested ones are inside those), and so is
    // the `async` of their heads: a function made async, or back, is compared by `incompatibility`.
    masks.push({ start: fn.paramsStart, end: fn.end, stand: `fn:${fn.generator ? '*' : ''}` });
    if (!fn.async) continue;
    const head = fn.memberStart !== undefined ? Math.min(fn.memberStart, fn.start) : fn.start;
    for (let i = firstTokenFrom(tokens, head); i < tokens.length && tokens[i]!.start < fn.paramsStart; i++) {
      if (tokens[i]!.type === acorn.tokTypes.name && tokens[i]!.value === 'async') masks.push({ start: tokens[i]!.start, end: tokens[i]!.end, stand: '' });
    }
  }
  // What a class takes from the module's scope as it is evaluated: its guarded functions read the newest scope.
  const topFunctions = functions.filter((fn) => !fn.enclosing);
  const inGuarded = (identifier: Node): boolean => topFunctions.some((fn) => fn.start <= identifier.start && identifier.end <= fn.end);
  const readsOf = (nodes: Node[], into: Set<string>, name: string): void => {
    for (const node of nodes) {
      const { declared, referenced } = namesIn(node, inGuarded);
      for (const read of referenced) if (!declared.has(read) && read !== name) into.add(read);
    }
  };
  for (const [name, range] of classes) {
    const node = classNodes.get(name)!;
    const once: Node[] = [...useStatements.get(name)!, ...(node.superClass ? [node.superClass] : [])];
    const perInstance: Node[] = [];
    for (const member of node.body.body as Node[]) {
      if (member.computed) once.push(member.key);
      if (member.type === 'StaticBlock') once.push(member);
      else if (member.value) (member.static ? once : perInstance).push(member.value);
    }
    readsOf(once, range.readsOnce, name);
    readsOf(perInstance, range.reads, name);
  }
  const placed = unguardedAll.map(({ start, end, kind, transient, at, maybeHelper }) => {
    const helper = maybeHelper && helperRule.helper(maybeHelper.at(-1)!, maybeHelper);
    return { start, end, kind, transient: transient || helper !== undefined, helper, at, enclosing: around(start, end)?.name };
  });
  const helpers = placed.flatMap(({ helper, enclosing }) => (helper !== undefined && enclosing !== undefined ? [`${enclosing}/${helper}`] : []));
  const unguarded = placed
    .filter((range): range is typeof range & { enclosing: string } => range.enclosing !== undefined && !range.transient)
    .map(({ start, end, enclosing }) => ({ start, end, enclosing }));
  const unpatched = placed
    .filter((range): range is typeof range & { kind: UnpatchedKind } => range.enclosing === undefined && range.kind !== undefined)
    .map(({ start, end, kind, at }) => ({ start, end, kind, at }));

  let assigned: Set<string> | undefined;
  // A `var` no code assigns again is a constant: classic CommonJS declares its settings so (`var MAX_TITLE = 10`).
  const constant = (statement: Node): boolean =>
    statement.kind === 'const' || (statement.kind === 'var' && declaredNames(statement).every((name) => !(assigned ??= assignedNames(program)).has(name)));
  for (const top of statements) {
    const inside = functions.filter((fn) => !fn.enclosing && fn.start >= top.start && fn.end <= top.end);
    const statement = (program.body as Node[]).find((node) => node.start === top.start)!;
    if (statement.type === 'FunctionDeclaration' && inside.length === 1 && inside[0]!.start === statement.start) top.defines = [inside[0]!.name];
    else if (statement.type === 'VariableDeclaration' && inside.length === statement.declarations.length && inside.length > 0) {
      top.defines = inside.map((fn) => fn.name);
    } else if (isDefStatement(statement)) {
      const cell = statement.expression.arguments[1].name as string;
      const name = nameOfCell.get(cell);
      if (name !== undefined) top.defines = [name];
    } else if (
      statement.type === 'VariableDeclaration' &&
      inside.length === 0 &&
      (statement.declarations as Node[]).every((declarator) => declarator.id.type === 'Identifier' && declarator.init && makesNothing(declarator.init)) &&
      constant(statement)
    ) {
      top.defines = (statement.declarations as Node[]).map((declarator) => declarator.id.name as string);
      top.values = true;
    } else if (statement.type === 'ImportDeclaration' && statement.specifiers.length > 0) {
      top.imports = true;
    } else if (statement.type === 'FunctionDeclaration' && inside.length === 0 && INTEROP.test(statement.id?.name ?? '')) {
      // The helper a compiler emits with the first default or namespace import (and drops with the last).
      top.defines = [statement.id.name as string];
      top.values = true;
      top.imports = true;
    } else if (
      statement.type === 'VariableDeclaration' &&
      statement.kind !== 'let' &&
      (statement.declarations as Node[]).every((declarator) => (declarator.id.type === 'Identifier' || namesOnly(declarator.id)) && declarator.init && requiresModule(declarator.init))
    ) {
      // Declared again in a patch's scope, the same exports: `require` returns the loaded module's.
      top.defines = declaredNames(statement);
      top.values = true;
      top.imports = true;
    }
  }

  masks.sort((a, b) => a.start - b.start || b.end - a.end);
  const shape: string[] = [];
  const shapeAt: number[] = [];
  let mask = 0;
  let maskedUntil = -1;
  for (const token of tokens) {
    while (mask < masks.length && masks[mask]!.start <= token.start) {
      const next = masks[mask++]!;
      if (next.start >= maskedUntil) {
        if (next.stand) {
          shape.push(next.stand);
          shapeAt.push(next.start);
        }
      }
      maskedUntil = Math.max(maskedUntil, next.end);
    }
    if (token.start < maskedUntil) continue;
    shape.push(`${token.type.label}:${token.value ?? ''}`);
    shapeAt.push(token.start);
  }
  const byName = new Map(functions.map((fn) => [fn.name, fn]));
  return { moduleId, text, sourceType, cellHelper, cells, functions, byName, guards, shape, shapeAt, statements, unguarded, helpers, unpatched, classes, exportGetters };
}

/**
 * Whether `fn`, called by `call`, is how TypeScript's compilers emit an enum or a namespace: a function of one
 * parameter called once with the object of that name (SWC's `var Role = function(Role) {…}({})`, tsc's and
 * Babel's `(function (Role) {…})(Role || (Role = {}))`).
 */
function enumFunction(fn: Node, call: Node, holder: Node | undefined): boolean {
  const name: string | undefined = fn.params.length === 1 && fn.params[0].type === 'Identifier' ? fn.params[0].name : undefined;
  if (name === undefined || call.callee !== fn) return false;
  const argument: Node | undefined = call.arguments[0];
  const declared = holder?.type === 'VariableDeclarator' && holder.init === call && holder.id.type === 'Identifier' && holder.id.name === name;
  return declared || (argument?.type === 'LogicalExpression' && argument.left.type === 'Identifier' && argument.left.name === name);
}

/** Methods that call their callback only before they return (docs/protocol.md §3.6): it cannot be held. */
const SYNC_ITERATION = new Set(['map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'sort', 'toSorted', 'from']);

/** Whether a function cannot outlive the call it is made for: invoked at once, a synchronous iteration callback, `new Promise`'s executor. */
function transient(fn: Node, parent: Node | undefined): boolean {
  if (parent?.type !== 'CallExpression' && parent?.type !== 'NewExpression') return false;
  if (parent.callee === fn) return true;
  const callee: Node = parent.callee;
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
  return parent.type === 'NewExpression' ? name === 'Promise' : SYNC_ITERATION.has(name);
}

/** A closure site that was a helper in a version that ran (docs/protocol.md §3.6): the copies its activations made have no guard. */
function helperCopies(name: string, maker: string): string {
  return `${name} was a helper ${maker} only called, with no guard, when earlier calls of ${maker} ran: what those calls made (a closure patched since) calls their copy, which keeps its old code`;
}

/** Whether `text` reads `name` (not as a property: `.name`). */
const readIn = (text: string, name: string): boolean => new RegExp(`(?<![\\w$.])${literally(name)}(?![\\w$])`).test(text);

/** Whether `fn` is known to have run: the start-up recorder noted a call of it. */
const ranSince = (version: ModuleVersion, fn: GuardedFunction): boolean => !neverRan(getSlot(`${version.moduleId}#${fn.name}`));

/** The constants of `names` that `fn`'s own code (`own`: ownText) reads, where it also starts a repeating timer (a setInterval). */
function timerValues(own: string, fn: GuardedFunction, names: Map<string, unknown>): string[] {
  if (!/(?<![\w$])setInterval\s*\(/.test(own)) return [];
  return [...names.keys()].filter((name) => !fn.declared.has(name) && readIn(own, name));
}

/** A destructuring of plain names only (`{ greet, shout: loud }`): what a `require` of named exports binds. */
function namesOnly(pattern: Node): boolean {
  return (
    pattern.type === 'ObjectPattern' &&
    (pattern.properties as Node[]).every((property) => property.type === 'Property' && !property.computed && property.value.type === 'Identifier')
  );
}

/** The names a binding or assignment pattern binds (`{ a, b: [c, ...d] = [] }`: a, c, d), added to `names`. */
function patternNames(pattern: Node | null, names: string[] = []): string[] {
  if (!pattern) return names;
  if (pattern.type === 'Identifier') names.push(pattern.name);
  else if (pattern.type === 'ObjectPattern') for (const property of pattern.properties as Node[]) patternNames(property.type === 'RestElement' ? property.argument : property.value, names);
  else if (pattern.type === 'ArrayPattern') for (const element of pattern.elements as (Node | null)[]) patternNames(element, names);
  else if (pattern.type === 'AssignmentPattern') patternNames(pattern.left, names);
  else if (pattern.type === 'RestElement') patternNames(pattern.argument, names);
  return names;
}

/** The names a top-level statement declares in the module's scope. */
function declaredNames(statement: Node): string[] {
  const names: string[] = [];
  const declaration: Node = statement.type.startsWith('Export') && statement.declaration ? statement.declaration : statement;
  if (declaration.type === 'ImportDeclaration') for (const specifier of declaration.specifiers as Node[]) names.push(specifier.local.name);
  else if (declaration.type === 'VariableDeclaration') for (const declarator of declaration.declarations as Node[]) patternNames(declarator.id, names);
  else if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) names.push(declaration.id.name);
  return names;
}

/**
 * The names whose objects an expression statement changes through a member: the object of a method call
 * (`router.get('/version', …)`, `app.use(…)`, `list.push(x)`, chains included) or of an assignment or update
 * (`config.port = 1`, `delete cache.key`). A function that ran at start-up and returned what it made of such an
 * object (`() => router.routes()`) made it from the object before the statement was added.
 */
function mutatedRoots(statement: Node): string[] {
  if (statement.type !== 'ExpressionStatement') return [];
  const roots = new Set<string>();
  const rootOf = (node: Node): void => {
    let at = node;
    while (at.type === 'MemberExpression' || at.type === 'CallExpression' || at.type === 'ChainExpression') {
      at = at.type === 'MemberExpression' ? at.object : at.type === 'CallExpression' ? at.callee : at.expression;
    }
    if (at.type === 'Identifier') roots.add(at.name);
  };
  const visit = (expression: Node): void => {
    if (expression.type === 'SequenceExpression') (expression.expressions as Node[]).forEach(visit);
    else if (expression.type === 'AwaitExpression' || expression.type === 'ChainExpression') visit(expression.argument ?? expression.expression);
    else if (expression.type === 'CallExpression' && expression.callee.type === 'MemberExpression') rootOf(expression.callee.object);
    else if (expression.type === 'AssignmentExpression' && expression.left.type === 'MemberExpression') rootOf(expression.left.object);
    else if (expression.type === 'UpdateExpression' && expression.argument.type === 'MemberExpression') rootOf(expression.argument.object);
    else if (expression.type === 'UnaryExpression' && expression.operator === 'delete' && expression.argument.type === 'MemberExpression') rootOf(expression.argument.object);
  };
  visit(statement.expression);
  return [...roots];
}

/**
 * Whether a top-level statement changes or decorates the class `name`: assigns it or one of its members
 * (`X = __decorate([...], X)`, `X.prototype.m = …`, `X.cache = …`) or passes it, or a member of it, to a
 * call (`__decorate([...], X.prototype, "m")`, `Reflect.defineMetadata(…, X)`). Making instances does not.
 */
function changesClass(statement: Node, name: string): boolean {
  let found = false;
  const rootIs = (node: Node): boolean =>
    (node.type === 'Identifier' && node.name === name) || (node.type === 'MemberExpression' && rootIs(node.object));
  walk.full(statement, (node: Node) => {
    if (found) return;
    if (node.type === 'AssignmentExpression' && rootIs(node.left)) found = true;
    else if (node.type === 'CallExpression' && (node.arguments as Node[]).some(rootIs)) found = true;
  });
  return found;
}

/** A statement that only exports `name`: `exports.X = X;`, `module.exports = X;`, `export { X };`. */
function onlyExports(statement: Node, name: string): boolean {
  if (statement.type === 'ExportNamedDeclaration' && !statement.declaration) return true;
  if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') return false;
  const { left, right } = statement.expression;
  const target = (node: Node): boolean =>
    (node.type === 'Identifier' && (node.name === 'exports' || node.name === 'module')) || (node.type === 'MemberExpression' && target(node.object));
  return right.type === 'Identifier' && right.name === name && left.type === 'MemberExpression' && target(left);
}

/** A holder cell (docs/protocol.md §3.2): `function _mp_s_x() {}`. */
function isHolder(statement: Node): boolean {
  return (
    statement.type === 'FunctionDeclaration' &&
    GENERATED.test(statement.id.name) &&
    statement.params.length === 0 &&
    statement.body.body.length === 0 &&
    !statement.async &&
    !statement.generator
  );
}

/** A holder's registration, `_mp_cell("x", _mp_s_x);`: its cell variable and the call. */
function holderRegistration(statement: Node): [Node, Node] | undefined {
  if (statement.type !== 'ExpressionStatement') return undefined;
  const call: Node = statement.expression;
  if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier' || !CELL_HELPER.test(call.callee.name)) return undefined;
  const [name, holder] = call.arguments as Node[];
  if (stringValue(name) === undefined || holder?.type !== 'Identifier' || !GENERATED.test(holder.name) || call.arguments.length !== 2) return undefined;
  return [holder, call];
}

/** `_mp_s_x = _mp_cell("x")` */
function isCellDeclarator(declarator: Node): boolean {
  const init: Node | null = declarator.init;
  return (
    declarator.id.type === 'Identifier' &&
    GENERATED.test(declarator.id.name) &&
    init?.type === 'CallExpression' &&
    init.callee.type === 'Identifier' &&
    CELL_HELPER.test(init.callee.name) &&
    stringValue(init.arguments[0]) !== undefined
  );
}

/** `var _mp_hotCommit = _mp_hot(…)`, `var _mp_hotTop = _mp_hotGate(…)`: generated names bound to generated calls. */
function isGlueDeclaration(statement: Node): boolean {
  return (
    statement.type === 'VariableDeclaration' &&
    (statement.declarations as Node[]).every(
      (declarator) =>
        declarator.id.type === 'Identifier' &&
        GENERATED.test(declarator.id.name) &&
        declarator.init?.type === 'CallExpression' &&
        declarator.init.callee.type === 'Identifier' &&
        GENERATED.test(declarator.init.callee.name),
    )
  );
}

/**
 * Whether evaluating `node` makes no object and calls nothing (reads aside): declared again in each patch's scope,
 * a constant with such a value is the same constant. An object literal (`const seen = {}`) would be a new one per
 * patch, each function compiled then holding its own; a call may do anything.
 */
function makesNothing(node: Node): boolean {
  switch (node.type) {
    case 'Literal':
      return node.regex === undefined;
    case 'Identifier':
      return true;
    case 'TemplateLiteral':
      return (node.expressions as Node[]).every(makesNothing);
    case 'UnaryExpression':
      return node.operator !== 'delete' && makesNothing(node.argument);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return makesNothing(node.left) && makesNothing(node.right);
    case 'ConditionalExpression':
      return makesNothing(node.test) && makesNothing(node.consequent) && makesNothing(node.alternate);
    case 'MemberExpression':
      return makesNothing(node.object) && (!node.computed || makesNothing(node.property));
    case 'CallExpression':
      // A conversion of such values (`Number(process.env.BCRYPT_ROUNDS) || 10`, `parseInt(process.env.PORT, 10)`).
      return CONVERSIONS.has(node.callee.type === 'MemberExpression' && !node.callee.computed ? `${node.callee.object.name}.${node.callee.property.name}` : node.callee.name) && (node.arguments as Node[]).every(makesNothing);
    default:
      return false;
  }
}

/** Global functions that make a primitive of primitives and do nothing else. */
const CONVERSIONS = new Set(['Number', 'String', 'Boolean', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat', 'Math.min', 'Math.max', 'Math.round', 'Math.floor', 'Math.ceil', 'Math.abs']);

/** A property's or import specifier's key as written: `{ wrap }`, `{ 'wrap': w }`, `import { 'a-b' as ab }`. */
const keyName = (key: Node): string => (key.type === 'Identifier' ? key.name : String(key.value));

/** What each name an import or `require` statement binds is of its module (TopStatement.binds). */
function importBindings(statement: Node): Record<string, string> {
  const binds: Record<string, string> = {};
  if (statement.type === 'ImportDeclaration') {
    for (const specifier of statement.specifiers as Node[]) {
      const part = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportNamespaceSpecifier' ? '*' : keyName(specifier.imported);
      binds[specifier.local.name] = `${statement.source.value}#${part}`;
    }
    return binds;
  }
  for (const declarator of statement.declarations as Node[]) {
    if (!declarator.init || !requiresModule(declarator.init)) continue;
    // A compiler's interop helper around the `require` (`_interop_require_default(require("./fmt"))`) is part of what
    // it binds; not the digits a compiler may add to its name.
    const call: Node = declarator.init.callee.name === 'require' ? declarator.init : declarator.init.arguments[0];
    const from = `${call.arguments[0].value}#${call === declarator.init ? '' : `${String(declarator.init.callee.name).replace(/\d+$/, '')}:`}`;
    if (declarator.id.type === 'Identifier') binds[declarator.id.name] = `${from}*`;
    else if (namesOnly(declarator.id)) for (const property of declarator.id.properties as Node[]) binds[property.value.name] = `${from}${keyName(property.key)}`;
  }
  return binds;
}

/**
 * `require("./fmt")`, or a compiler's interop helper around it: SWC's `_interop_require_default(require("./fmt"))`,
 * Babel's `_interopRequireWildcard(…)`, tsc's `__importDefault(…)`, esbuild's `__toESM(…)`. Not another call around
 * it, which may do anything (`connect(require('./config'))`), once per patch that declares it again.
 */
function requiresModule(node: Node): boolean {
  const isRequire = (call: Node): boolean =>
    call.type === 'CallExpression' &&
    call.callee.type === 'Identifier' &&
    call.callee.name === 'require' &&
    call.arguments.length === 1 &&
    call.arguments[0].type === 'Literal' &&
    typeof call.arguments[0].value === 'string';
  return (
    isRequire(node) ||
    (node.type === 'CallExpression' && node.callee.type === 'Identifier' && INTEROP.test(node.callee.name) && node.arguments.length >= 1 && isRequire(node.arguments[0]))
  );
}

/**
 * A module's running code, parsed as its format (a CommonJS module's may `return` at its top level); undefined where
 * it does not parse. `heldExports` and `holdsExportNames` take it parsed: one change may ask both of one importer.
 */
export function parseRunning(code: string, sourceType: 'module' | 'script'): RunningProgram {
  try {
    return acorn.parse(code, { ecmaVersion: 'latest', sourceType, allowReturnOutsideFunction: sourceType === 'script', allowHashBang: true }) as Node;
  } catch {
    return undefined;
  }
}

/**
 * The exports of one module that another holds or reads, where that can be told from its code: each `require`
 * or import of it (`resolves` says which specifier may name it) destructures or imports plain names
 * (`const { FRAME_RATE } = require('./constants')`, `import { FRAME_RATE } from './constants.js'`), or binds a
 * module object or namespace read only by plain property (`constants_1.FRAME_RATE`, `constants.FRAME_RATE`).
 * Undefined where it cannot be told: a `require` used another way or of a computed path, a dynamic import, a
 * re-export, an interop helper's object.
 */
export function heldExports(program: RunningProgram, resolves: (specifier: string) => boolean): Set<string> | undefined {
  if (!program) return undefined;
  const held = new Set<string>();
  const objects = new Set<string>();
  const accepted = new Set<Node>();
  for (const statement of program.body as Node[]) {
    if (statement.type === 'ImportDeclaration' && resolves(statement.source.value)) {
      for (const specifier of statement.specifiers as Node[]) {
        if (specifier.type === 'ImportNamespaceSpecifier') objects.add(specifier.local.name);
        else held.add(specifier.type === 'ImportDefaultSpecifier' ? 'default' : keyName(specifier.imported));
      }
    } else if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.source) {
      if (resolves(statement.source.value)) return undefined; // its importers hold what it re-exports
    } else if (statement.type === 'ExportNamedDeclaration' && (statement.specifiers as Node[]).some((specifier) => objects.has(specifier.local.name))) {
      return undefined; // `export { constants }`: a namespace handed on
    } else if (statement.type === 'VariableDeclaration' && statement.kind !== 'let') {
      for (const declarator of statement.declarations as Node[]) {
        const init: Node | null = declarator.init;
        if (!init || !requiresModule(init) || init.callee.name !== 'require' || !resolves(init.arguments[0].value)) continue;
        if (declarator.id.type === 'Identifier') objects.add(declarator.id.name);
        else if (namesOnly(declarator.id)) for (const property of declarator.id.properties as Node[]) held.add(keyName(property.key));
        else continue;
        accepted.add(init);
      }
    }
  }
  let known = true;
  walk.fullAncestor(program, (node: Node, _state: unknown, ancestors: Node[]) => {
    if (!known) return;
    if (node.type === 'ImportExpression') known = false;
    else if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
      const specifier: Node | undefined = node.arguments[0];
      if (!accepted.has(node) && (specifier?.type !== 'Literal' || typeof specifier.value !== 'string' || resolves(specifier.value))) known = false;
    } else if (node.type === 'Identifier' && objects.has(node.name)) {
      const parent = ancestors[ancestors.length - 2];
      if (parent?.type === 'VariableDeclarator' && parent.id === node) return;
      if (parent?.type === 'MemberExpression' && parent.object === node && !parent.computed) held.add(parent.property.name);
      else if (!(parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) && !(parent?.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand)) known = false;
    }
  });
  return known ? held : undefined;
}

/**
 * Whether a module holds the export names of a module that `resolves` names as they were when it loaded, so that
 * an export that module gains is missing from it: an ES namespace or star re-export (`import * as lib`, `export *
 * from`, an `import()` as it loads), whose names are fixed when it links, or a copy of a CommonJS module's
 * exports, spread or handed to a function as the module loads (tsc's `__exportStar(require("./a"), exports)`,
 * Babel's `Object.keys(_a)`, `{ ...require('./a') }`). A compiler's interop helper around a `require` is not such
 * a function. Where the code does not parse: it may.
 */
export function holdsExportNames(program: RunningProgram, resolves: (specifier: string) => boolean): boolean {
  if (!program) return true;
  const requires = (node: Node): boolean =>
    node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1 && node.arguments[0].type === 'Literal' && resolves(node.arguments[0].value);
  // As the module loads: a function's body reads the exports object, or imports, as it is when called.
  const atLoad = (ancestors: Node[]): boolean => !ancestors.some((ancestor) => /Function/.test(ancestor.type));
  const copies = (node: Node, ancestors: Node[]): boolean => {
    const parent = ancestors[ancestors.length - 2];
    const copy =
      parent?.type === 'SpreadElement' ||
      (parent?.type === 'CallExpression' && parent.callee !== node && !(parent.callee.type === 'Identifier' && INTEROP.test(parent.callee.name)) && (parent.arguments as Node[]).includes(node));
    return copy && atLoad(ancestors);
  };
  /** Names bound to such a module's exports object (`var _a = require("./a")`). */
  const bound = new Set<string>();
  walk.fullAncestor(program, (node: Node, _state: unknown, ancestors: Node[]) => {
    const parent = ancestors[ancestors.length - 2];
    if (requires(node) && parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') bound.add(parent.id.name);
  });
  let holds = false;
  walk.fullAncestor(program, (node: Node, _state: unknown, ancestors: Node[]) => {
    if (holds) return;
    if (node.type === 'ImportDeclaration') holds = (node.specifiers as Node[]).some((specifier) => specifier.type === 'ImportNamespaceSpecifier') && resolves(node.source.value);
    else if (node.type === 'ExportAllDeclaration') holds = resolves(node.source.value);
    else if (node.type === 'ImportExpression') holds = node.source.type === 'Literal' && resolves(node.source.value) && atLoad(ancestors);
    else if (requires(node) || (node.type === 'Identifier' && bound.has(node.name))) holds = copies(node, ancestors);
  });
  return holds;
}

/**
 * The names an ES module exports from bindings it assigns after declaring them (`export let count = 0` that a
 * function increments). An importer links the instance it was evaluated with: once the module is evaluated again,
 * its new functions assign the new instance's binding, and an importer of the previous one reads a value that no
 * longer moves. Undefined where the code does not parse as a module.
 */
export function assignedExports(code: string): Set<string> | undefined {
  const program = parseRunning(code, 'module');
  if (!program) return undefined;
  const assignable = new Set<string>();
  const exported = new Map<string, string[]>();
  const exportAs = (local: string, name: string) => exported.set(local, [...(exported.get(local) ?? []), name]);
  for (const statement of program.body as Node[]) {
    const declaration: Node = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
    if (declaration.type === 'VariableDeclaration' && declaration.kind !== 'const') {
      for (const name of declaredNames(declaration)) {
        assignable.add(name);
        if (declaration !== statement) exportAs(name, name);
      }
    }
    if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
      for (const specifier of statement.specifiers as Node[]) exportAs(specifier.local.name, specifier.exported.type === 'Identifier' ? specifier.exported.name : String(specifier.exported.value));
    }
  }
  const assigned = assignedNames(program);
  return new Set([...exported].filter(([local]) => assignable.has(local) && assigned.has(local)).flatMap(([, names]) => names));
}

/**
 * The names the code assigns anywhere (`x = …`, `x++`, `for (x of …)`), or declares with `var` more than once, in
 * whichever scope they are bound: a superset of the module-level bindings that change after their declaration.
 */
function assignedNames(program: Node): Set<string> {
  const assigned = new Set<string>();
  const targets = (pattern: Node | null): void => patternNames(pattern).forEach((name) => assigned.add(name));
  const vars = new Set<string>();
  walk.full(program, (node: Node) => {
    if (node.type === 'AssignmentExpression') targets(node.left);
    else if (node.type === 'UpdateExpression') targets(node.argument);
    else if ((node.type === 'ForInStatement' || node.type === 'ForOfStatement') && node.left.type !== 'VariableDeclaration') targets(node.left);
    else if (node.type === 'VariableDeclaration' && node.kind === 'var') {
      for (const name of declaredNames(node)) (vars.has(name) ? assigned : vars).add(name);
    }
  });
  return assigned;
}

/**
 * The compilers' helpers that wrap a `require` of an import, and the one they call (a trailing digit where a module
 * has two): SWC's, Babel's, tsc's, esbuild's.
 */
const INTEROP = /^(?:_interop_require_(?:default|wildcard)|_interopRequire(?:Default|Wildcard)|_getRequireWildcardCache|_get_require_wildcard_cache|__importDefault|__importStar|__toESM)\d*$/;

/** `_mp_def(x, _mp_s_x);` */
function isDefStatement(statement: Node): boolean {
  const call: Node | undefined = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
  return (
    call?.type === 'CallExpression' &&
    call.callee.type === 'Identifier' &&
    GENERATED.test(call.callee.name) &&
    call.arguments.length === 2 &&
    call.arguments[1].type === 'Identifier' &&
    GENERATED.test(call.arguments[1].name) &&
    call.arguments[0].type === 'Identifier'
  );
}

/** `exports` or `module.exports`. */
const isExportsObject = (node: Node): boolean =>
  (node.type === 'Identifier' && node.name === 'exports') ||
  (node.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier' && node.object.name === 'module' && node.property.name === 'exports');

/**
 * A statement that only says what a CommonJS module exports, and its entries (each name, and the text of the
 * binding it reads): SWC's table `_export(exports, { get name() { return local; }, … })` and its one export's
 * `Object.defineProperty(exports, "name", { enumerable: true, get: … })`; `exports.name = local;`
 * and `module.exports.name = local;`; `module.exports = { name, other: local };`; the empty list tsc and Babel
 * start with, `exports.a = exports.b = void 0;`. Undefined for any other statement.
 */
function exportTable(statement: Node, text: string): [string, string][] | undefined {
  const expression: Node | undefined = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
  if (expression?.type === 'AssignmentExpression' && expression.operator === '=') {
    const { left, right } = expression;
    const isNamedExport = (node: Node): boolean => node.type === 'MemberExpression' && !node.computed && isExportsObject(node.object);
    const named = isNamedExport(left);
    if (named && right.type === 'Identifier') return [[left.property.name, right.name]];
    let value: Node = right;
    while (value.type === 'AssignmentExpression' && value.operator === '=' && isNamedExport(value.left)) value = value.right;
    if (named && value.type === 'UnaryExpression' && value.operator === 'void') return [];
    const properties = isExportsObject(left) && left.type === 'MemberExpression' && right.type === 'ObjectExpression' ? (right.properties as Node[]) : undefined;
    if (properties?.every((property) => property.type === 'Property' && property.kind === 'init' && !property.computed && !property.method && property.value.type === 'Identifier')) {
      return properties.map((property) => [property.key.type === 'Identifier' ? property.key.name : String(property.key.value), property.value.name]);
    }
    return undefined;
  }
  const call = expression;
  // SWC's one export: `Object.defineProperty(exports, "name", { enumerable: true, get: function() { return local; } })`.
  const [exported, key, descriptor] = (call?.type === 'CallExpression' ? call.arguments : []) as Node[];
  if (
    call?.type === 'CallExpression' &&
    call.callee.type === 'MemberExpression' &&
    text.slice(call.callee.start, call.callee.end) === 'Object.defineProperty' &&
    exported && isExportsObject(exported) &&
    key?.type === 'Literal' && typeof key.value === 'string' &&
    descriptor?.type === 'ObjectExpression'
  ) {
    const getter = (descriptor.properties as Node[]).find((property) => property.type === 'Property' && !property.computed && property.key.name === 'get');
    const body: Node[] | undefined = getter?.value.type === 'FunctionExpression' ? getter.value.body.body : undefined;
    if (body?.length !== 1 || body[0]!.type !== 'ReturnStatement' || !body[0]!.argument) return undefined;
    return [[key.value, text.slice(body[0]!.argument.start, body[0]!.argument.end)]];
  }
  if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier' || !/^_export\d*$/.test(call.callee.name)) return undefined;
  const [target, table] = call.arguments as Node[];
  if (call.arguments.length !== 2 || target?.type !== 'Identifier' || target.name !== 'exports' || table?.type !== 'ObjectExpression') return undefined;
  const entries: [string, string][] = [];
  for (const property of table.properties as Node[]) {
    const body: Node[] | undefined = property.type === 'Property' && property.kind === 'get' && !property.computed ? property.value.body.body : undefined;
    if (body?.length !== 1 || body[0]!.type !== 'ReturnStatement' || !body[0]!.argument) return undefined;
    const name = property.key.type === 'Identifier' ? property.key.name : String(property.key.value);
    entries.push([name, text.slice(body[0]!.argument.start, body[0]!.argument.end)]);
  }
  return entries;
}

/** `exports.name = <function>` or `module.exports.name = <function>` (instrumented: `_mp_def(<function>, cell)`): the name. */
function exportedFunction(statement: Node): string | undefined {
  const expression: Node | undefined = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
  if (expression?.type !== 'AssignmentExpression' || expression.operator !== '=') return undefined;
  const { left, right } = expression;
  if (left.type !== 'MemberExpression' || left.computed || !isExportsObject(left.object)) return undefined;
  const value: Node | undefined = right.type === 'CallExpression' && right.callee.type === 'Identifier' && GENERATED.test(right.callee.name) ? right.arguments[0] : right;
  return value && (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression') ? left.property.name : undefined;
}

/** The names a CommonJS version exports by statements a patch can add or drop: its export table's and `exports.name = <function>`. */
function patchableExports(version: ModuleVersion): Set<string> {
  return new Set([...version.exportGetters.keys(), ...version.statements.flatMap((top) => (top.exportsFunction === undefined ? [] : [top.exportsFunction]))]);
}

/** A statement of the prologue other than the cells: `_mp_scope(…)`, a hoisted declaration's `_mp_def`, a name given back. */
function isGeneratedCall(statement: Node): boolean {
  if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'CallExpression') return false;
  const call: Node = statement.expression;
  if (call.callee.type === 'Identifier' && GENERATED.test(call.callee.name)) return true;
  return (
    call.callee.type === 'MemberExpression' &&
    call.callee.object.name === 'Object' &&
    call.callee.property.name === 'defineProperty' &&
    call.arguments[0]?.type === 'Identifier' &&
    GENERATED.test(call.arguments[0].name)
  );
}

/** Where a function's parameter list starts: its `(`, or an arrow's unparenthesized parameter. */
function paramsStartOf(node: Node, tokens: Token[]): number {
  if (node.type === 'ArrowFunctionExpression') {
    // After `async`, if any: the parameters, parenthesized or not.
    if (!node.async) return node.start;
    return tokens[firstTokenFrom(tokens, node.start) + 1]?.start ?? node.start;
  }
  const from = node.id ? node.id.end : node.start;
  for (let i = firstTokenFrom(tokens, from); i < tokens.length && tokens[i]!.start < node.body.start; i++) {
    if (tokens[i]!.type === acorn.tokTypes.parenL) return tokens[i]!.start;
  }
  return node.start;
}

/** The index of the first token at or after `offset` (tokens are in source order): a search, not a scan, for files of thousands of functions. */
function firstTokenFrom(tokens: Token[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (tokens[middle]!.start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The offset in `next` of the first shape token that differs from `previous`, or -1 if the shapes are equal. */
export function shapeDifference(previous: ModuleVersion, next: ModuleVersion): number {
  const first = (one: number[], other: number[]): number => {
    const length = Math.max(one.length, other.length);
    for (let i = 0; i < length; i++) {
      if (previous.shape[one[i]!] !== next.shape[other[i]!]) return other[Math.min(i, other.length - 1)] ?? 0;
    }
    return -1;
  };
  const at = first(programTokens(previous, true), programTokens(next, true));
  if (at === -1) return -1;
  // Named where the program's own code differs: a function declaration's definition, which the plugins hoist to the
  // top of the module, moves when it is made a `const` arrow (line 1 is not what changed).
  const own = first(programTokens(previous, false), programTokens(next, false));
  return next.shapeAt[own === -1 ? at : own] ?? 0;
}

/** The indexes of `version`'s shape, or (`all` false) those of the program's code: not the statements the plugins add (a definition, `_mp_def(tick, …)`, is a `prologue`). */
function programTokens(version: ModuleVersion, all: boolean): number[] {
  return version.shape.flatMap((token, i) => (all || token !== 'prologue' ? [i] : []));
}

/** Whether `fn` is a method of a CommonJS module's exports object (`module.exports = { list() {…} }`): its key is an export. */
export const exportsMember = (fn: GuardedFunction): boolean => homeName(fn) === 'module.exports';

/** A method's home as its registry name says it (`Repo.prototype` of `Repo.prototype.double`), if it has a plain one. */
function homeName(fn: GuardedFunction): string | undefined {
  const member = fn.role === 'method' || (fn.role === 'expression' && fn.memberStart !== undefined);
  if (!member || fn.enclosing !== undefined || fn.form === 'closure') return undefined;
  // A path of names and array indexes (`plugins[0]`, an object in an array: Apollo's `plugins: [{ … }]`); not a
  // call's (`app.use()`), which two objects can share.
  return /^((?:[\w$.]|\[\d+\])+)\.[\w$]+(?::(?:get|set))?$/.exec(fn.name)?.[1];
}

/** The indexes in `version`'s shape of a member's tokens, and in an object literal the comma that separates it. */
function membersTokens(version: ModuleVersion, fn: GuardedFunction): number[] {
  const inside = version.shapeAt.flatMap((at, i) => (at >= fn.memberStart! && at < fn.end ? [i] : []));
  // After it, or before it when it is last.
  const after = inside.at(-1)! + 1;
  const before = inside[0]! - 1;
  if (version.shape[after] === ',:') return [...inside, after];
  return version.shape[before] === ',:' ? [before, ...inside] : inside;
}

/**
 * The names a version's code read as the module loaded: its top level, the functions the plugins left as they are
 * (callbacks, immediately invoked functions), and the guarded functions that ran then (not the closures they made).
 */
function loadReads(version: ModuleVersion): Set<string> {
  const reads = new Set<string>();
  const guarded = new Map(version.functions.map((fn) => [fn.start, fn]));
  const ranThen = (fn: GuardedFunction) => {
    const slot = getSlot(`${version.moduleId}#${fn.name}`);
    return slot !== undefined && ranAsItLoaded(slot);
  };
  const program = parseRunning(version.text, version.sourceType);
  if (!program) return reads;
  walk.fullAncestor(program, (node: Node, _state: unknown, ancestors: Node[]) => {
    if (node.type !== 'Identifier') return;
    const innermost = [...ancestors].reverse().find((ancestor) => isFunction(ancestor) && guarded.has(ancestor.start));
    if (innermost && !ranThen(guarded.get(innermost.start)!)) return;
    const parent = ancestors[ancestors.length - 2];
    const named =
      (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) ||
      (parent?.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand) ||
      (parent?.type === 'VariableDeclarator' && parent.id === node);
    if (!named) reads.add(node.name);
  });
  return reads;
}

/**
 * Whether a key added to or taken from the object literal that `fn` is a member of can be changed on the running
 * object, where code that looks the key up finds it: the module's exports object (what copied it as it loaded runs
 * again: `exportHolders`), or an object literal of the module's own that only its functions read as they are called
 * (a dispatch table: `handlers[type]`). Not an object exported, or read as the module loaded (a GraphQL server made
 * with the resolvers, `Object.entries(routes)`): what copied its keys keeps them; the module is evaluated again.
 */
function keysLive(version: ModuleVersion, fn: GuardedFunction): boolean {
  const home = homeName(fn)!;
  if (home === 'module.exports') return true;
  const root = /^[\w$]+/.exec(home)![0];
  const declaring = version.statements.find((top) => top.declares.includes(root));
  if (!declaring || version.text.startsWith('export', declaring.start)) return false;
  const literal = new RegExp(`^(?:const|let|var)\\s+${literally(root)}\\s*=\\s*(?:_mp_members(?:_\\w+)?\\()?[[{]`);
  return literal.test(version.text.slice(declaring.start, declaring.end)) && !loadReads(version).has(root);
}

/** A method a version adds, with a method beside it and, in an object literal, the keys after it. */
export interface AddedMember {
  fn: GuardedFunction;
  beside: string;
  following: string[] | undefined;
}

/**
 * The keys after `fn`'s in its object literal, in order: a key defined on the running object comes last, and those
 * are moved behind it, so that the object lists its keys as the literal does. Undefined after a computed key or a
 * spread.
 */
function keysAfter(version: ModuleVersion, fn: GuardedFunction): string[] | undefined {
  const program = parseRunning(version.text, version.sourceType);
  let following: string[] | undefined;
  let found = false;
  if (program) {
    walk.full(program, (node: Node) => {
      if (found || node.type !== 'ObjectExpression') return;
      const properties = node.properties as Node[];
      const at = properties.findIndex((property) => property.start === fn.memberStart);
      if (at === -1) return;
      found = true;
      const rest = properties.slice(at + 1);
      if (rest.every((property) => property.type === 'Property' && !property.computed)) {
        following = rest.map((property) => (property.key.type === 'Identifier' ? property.key.name : String(property.key.value)));
      }
    });
  }
  return following;
}

/** What a version adds to an earlier one: module-level functions, and methods of its classes and objects. */
export interface Additions {
  /** The statements that only declare module-level functions: declared in the running scope. */
  statements: TopStatement[];
  /**
   * Methods, each with a method of the same class (or object) that the earlier version has, through which the running
   * one is found, and for an object literal's, the keys that follow it there (`keysAfter`).
   */
  members: AddedMember[];
}

/**
 * What `next` adds to `previous`, if removing it leaves `previous`'s shape: module-level functions, declared in
 * the running scope, and methods of its classes and objects, defined on the running prototype (or class, or
 * object), where instances made before find them; a key of an object literal only where `keysLive` says so. Both
 * at once too: `previous` is the version the module was evaluated with, and each save since may have added either.
 */
export function additions(previous: ModuleVersion, next: ModuleVersion): Additions | undefined {
  const known = new Set([...previous.functions.map((fn) => fn.name), ...moduleLevelNames(previous)]);
  // A function exported as it is made (`exports.list = () => …`) under a new name is added too; one whose name the
  // new version no longer exports is dropped, the running exports object keeping it (as its table's entries).
  const exportedBefore = patchableExports(previous);
  const exportedNow = patchableExports(next);
  const statements = next.statements.filter((s) => (s.exportsFunction !== undefined ? !exportedBefore.has(s.exportsFunction) : s.defines?.every((name) => !known.has(name))));
  // Imports the compiler dropped, their bindings no longer read: the running module keeps them.
  const texts = new Set(next.statements.map((s) => next.text.slice(s.start, s.end)));
  const dropped = previous.statements.filter(
    (s) => (s.imports && !texts.has(previous.text.slice(s.start, s.end))) || (s.exportsFunction !== undefined && !exportedNow.has(s.exportsFunction)),
  );
  // Constants given a new value (`const MAX_USERS = 3` → `4`): declared again in the patch's scope, as added ones are.
  const previousTexts = new Set(previous.statements.map((s) => previous.text.slice(s.start, s.end)));
  // A `require` that binds more names than it did from the same module (`{ greet }` → `{ greet, shout }`): the
  // one it replaces is dropped. Not one of another module: the functions reading its names hold the old values.
  const specifier = (version: ModuleVersion, top: TopStatement) => /\brequire\((['"])(.*?)\1\)/.exec(version.text.slice(top.start, top.end))?.[2];
  for (const s of next.statements) {
    if (!s.values || previousTexts.has(next.text.slice(s.start, s.end))) continue;
    if (s.imports) {
      const replaced = dropped.filter((top) => top.defines?.some((name) => s.defines!.includes(name)));
      const from = specifier(next, s);
      const same = replaced.every((top) => from !== undefined && specifier(previous, top) === from);
      if (replaced.length > 0 && same && s.defines!.every((name) => !known.has(name) || replaced.some((top) => top.defines!.includes(name)))) statements.push(s);
      continue;
    }
    const before = previous.statements.find((top) => top.values && !top.imports && top.defines!.join() === s.defines!.join());
    if (before && !texts.has(previous.text.slice(before.start, before.end))) {
      statements.push(s);
      dropped.push(before);
    }
  }
  // Functions the new version no longer declares nor names (renamed, deleted): the running module keeps them
  // (references taken before run their last implementation), as when it is evaluated again. Not one the new text
  // still names (it would not load: evaluated again, refused), nor an ES module's export (importers link to it).
  const nextNames = new Set([...next.functions.map((fn) => fn.name), ...moduleLevelNames(next)]);
  const named = (name: string) => readIn(next.text, name);
  for (const s of previous.statements) {
    if (!s.defines || s.values || previous.text.startsWith('export', s.start)) continue;
    if (s.defines.every((name) => !nextNames.has(name) && !named(name))) dropped.push(s);
  }
  statements.sort((a, b) => a.start - b.start);
  // Methods the new version no longer has (renamed with their call sites, deleted), of a class or an object it still
  // has (`keysLive`): taken off the running one (evaluate.ts), a reference taken before keeping its implementation,
  // as a fresh start has them not, even where the new text still names the key (`find(id)` renamed, its body's
  // `this.items.find(…)` left; a call left fails as it would there). Not an accessor whose key the new text still
  // names (the other half of a pair).
  const droppedMembers = previous.functions.filter((fn) => {
    const home = homeName(fn);
    const key = /\.([\w$]+)(?::(?:get|set))?$/.exec(fn.name)?.[1];
    if (home === undefined || key === undefined || fn.memberStart === undefined || next.byName.has(fn.name) || (fn.objectMember && !keysLive(previous, fn))) return false;
    return next.functions.some((other) => homeName(other) === home) && (fn.part === 'value' || !new RegExp(`(?<![\\w$])${literally(key)}(?![\\w$])`).test(next.text));
  });
  const removedTokens = new Set<number>();
  for (const fn of droppedMembers) membersTokens(previous, fn).forEach((i) => removedTokens.add(i));
  const previousShape = previous.shape.filter((_, i) => !removedTokens.has(i) && !dropped.some((s) => previous.shapeAt[i]! >= s.start && previous.shapeAt[i]! < s.end));
  const inStatements = (at: number) => statements.some((s) => at >= s.start && at < s.end);
  const members: Additions['members'] = [];
  for (const fn of next.functions) {
    if (fn.enclosing !== undefined || previous.byName.has(fn.name) || inStatements(fn.start)) continue;
    const home = homeName(fn);
    const beside = home === undefined ? undefined : previous.functions.find((other) => homeName(other) === home);
    if (!beside || fn.memberStart === undefined || (fn.objectMember && !keysLive(next, fn))) return undefined;
    members.push({ fn, beside: beside.name, following: fn.objectMember ? keysAfter(next, fn) : undefined });
  }
  if (statements.length === 0 && members.length === 0 && dropped.length === 0 && droppedMembers.length === 0) return undefined;
  const added = new Set<number>();
  next.shapeAt.forEach((at, i) => inStatements(at) && added.add(i));
  for (const { fn } of members) membersTokens(next, fn).forEach((i) => added.add(i));
  const kept = next.shape.filter((_, i) => !added.has(i));
  return kept.length === previousShape.length && kept.every((token, i) => token === previousShape[i]) ? { statements, members } : undefined;
}

/**
 * The module-level names whose binding holds state that an instance of the module makes anew: all but functions
 * (the previous instance's forward to the newest implementations, and a compiler's helpers hold nothing),
 * constants whose values make no object (`values`), imports (the same module's exports, unless it changed too:
 * `importsChanged`), and the plugins' cells and helpers.
 */
export function stateNames(version: ModuleVersion): Set<string> {
  const kept = new Set(
    version.statements.flatMap((top) => (top.defines || top.imports || top.bindsImport || /^(?:async\s+)?function\b/.test(version.text.slice(top.start, top.start + 20)) ? top.declares : [])),
  );
  return new Set([...moduleLevelNames(version)].filter((name) => !kept.has(name) && !GENERATED.test(name)));
}

/**
 * The classes declared the same way in both versions, apart from their methods' bodies and parameters, where
 * what they take from the module's scope as they are evaluated did not change: the statements that decorate or
 * change them are written the same way, and neither they nor the class read a name whose declaration changed (a
 * field initializer or a decorator reading a changed constant made the new class differ from the one the program
 * holds). `importsChanged`: a module it imports changed value, so its import bindings count as changed.
 */
export function sameClasses(previous: ModuleVersion | undefined, next: ModuleVersion | undefined, importsChanged: boolean): Set<string> {
  const same = new Set<string>();
  if (!previous || !next) return same;
  const slice = (version: ModuleVersion, ranges: { start: number; end: number }[]) =>
    version.shape.filter((_, i) => ranges.some((range) => version.shapeAt[i]! >= range.start && version.shapeAt[i]! < range.end));
  const changed = changedNames(previous, next);
  // Evaluated again for a value it imports (a NestJS module's `@Module({ controllers: [NotesController] })`, a
  // controller's parameter types in its decorators' metadata): what it imports is new. A CommonJS module object
  // read as an instance is made (`new users_1.UserRepository()` in a constructor) takes the new exports itself.
  const moduleObjects = new Set<string>();
  if (importsChanged) {
    for (const top of next.statements) for (const name of top.bindsImport ? top.declares : []) (top.bindsImport === 'module' ? moduleObjects : changed).add(name);
  }
  // The module's state: a program holding the previous class keeps its constructor and field initializers, which
  // are not patched and read the previous instance's bindings (a constructor pushing to the module's `users`
  // would push to an array the new methods no longer read).
  const state = stateNames(next);
  for (const [name, range] of next.classes) {
    const before = previous.classes.get(name);
    if (!before) continue;
    if ([...before.reads, ...range.reads, ...before.readsOnce, ...range.readsOnce].some((read) => state.has(read))) continue;
    if ([...before.reads, ...range.reads].some((read) => changed.has(read))) continue;
    if ([...before.readsOnce, ...range.readsOnce].some((read) => changed.has(read) || moduleObjects.has(read))) continue;
    const a = slice(previous, [before, ...before.uses]);
    const b = slice(next, [range, ...range.uses]);
    if (before.uses.length === range.uses.length && a.length === b.length && a.every((token, i) => token === b[i])) same.add(name);
  }
  return same;
}

/**
 * Why the running `before`, whose guard forwards its parameters' values one by one (an arrow, or a sloppy
 * function that does not read `arguments`: docs/protocol.md §3.3), cannot pass a call on to `after`: `after`
 * takes more parameters, or reads `arguments`. Neither a body patch nor evaluating the module again reaches
 * the program's references to the running function with the values it drops: only a restart does.
 */
export function forwardingShortfall(before: GuardedFunction, after: GuardedFunction): string | undefined {
  if (before.forwardsArguments || before.params.some((param) => param.rest)) return undefined;
  const count = `${before.params.length} parameter${before.params.length === 1 ? '' : 's'}`;
  if (after.forwardsArguments && !after.arrow) {
    const what = after.params.every((param) => param.simple) ? 'now reads arguments' : 'now has parameters other than plain names';
    return `${after.name} ${what}, and its running version forwards a call with the values of its ${count} only`;
  }
  if (ownParams(after).length > before.params.length) {
    return `${after.name} now has more parameters, and its running version forwards a call with the values of its ${count} only`;
  }
  return undefined;
}

/** The parameters `fn` was written with: not the rest parameter the plugins give a guarded arrow, which takes what the caller passed beyond them. */
const ownParams = (fn: GuardedFunction): GuardedFunction['params'] => fn.params.filter((param) => !param.generated);

/** A function's `length`: its parameters before the first with a default value, or the rest. */
function lengthOf(fn: GuardedFunction): number {
  const at = fn.params.findIndex((param) => param.rest || param.defaultText !== undefined);
  return at === -1 ? fn.params.length : at;
}

/** The lengths `fn` had in the version the module was evaluated with and in the one that runs (instances of both may exist). */
function earlierLengths(base: ModuleVersion, current: ModuleVersion, fn: GuardedFunction): number[] {
  const lengths = [base, current].flatMap((version) => {
    const earlier = version.byName.get(fn.name);
    return earlier ? [lengthOf(earlier)] : [];
  });
  return [...new Set(lengths)];
}

/** Whether a function gives its callers a value: an arrow's expression body, or a `return` with one in its own code (not its guard's). */
function returnsValue(version: ModuleVersion, fn: GuardedFunction): boolean {
  if (fn.arrow && version.text[fn.bodyStart] !== '{') return true;
  const guard = version.guards.find((candidate) => candidate.cell === fn.cell);
  const own = ownText(version, fn).replace(guard ? comparable(version.text.slice(guard.statement.start, guard.statement.end)) : '', '');
  return /(?<![\w$.])return\s*[^\s;}]/.test(own);
}

/**
 * A closure or a class-field arrow: made anew by each call of what makes it (each instance). The runtime does not
 * know the ones made before, so it cannot give them a new version's `length`, as it gives module-level functions.
 */
const madeByEachCall = (fn: GuardedFunction): boolean => fn.form === 'closure' || fn.form === 'field';

/** The kind of the function a patch defined for `name` (a method it added), which the program holds; not a closure's. */
function heldKind(moduleId: string, name: string): Pick<GuardedFunction, 'async' | 'generator'> | undefined {
  const fn = getSlot(`${moduleId}#${name}`)?.fn;
  if (!fn) return undefined;
  const kind = kindOf(fn);
  return { async: kind === 'async' || kind === 'async generator', generator: kind === 'generator' || kind === 'async generator' };
}

/**
 * Why a newer version of `before` cannot take its place in the running program, or undefined if it can. `held`: the
 * function as the running instance of its module declared it (the one the program holds), if it did.
 */
export function incompatibility(before: GuardedFunction, after: GuardedFunction, held: Pick<GuardedFunction, 'async' | 'generator'> | undefined): string | undefined {
  if (before.generator !== after.generator || before.arrow !== after.arrow) return `${after.name} changed kind`;
  // Made async (a route handler that now awaits), or back: the plain function the program holds returns what the new
  // body returns, a promise from an async one. Not an async one (it would turn a value into a promise), nor where
  // closures made since the last save are async functions (the same).
  if (before.async !== after.async && (!held || held.async || held.generator || (before.async && before.form === 'closure'))) {
    const kind = (fn: GuardedFunction) => `${fn.async ? 'async ' : ''}function`;
    return `${after.name} changed from ${kind(before)} to ${kind(after)}, and the ${held?.async ? 'async ' : ''}function${before.form === 'closure' ? 's' : ''} the program holds would return ${after.async ? "the new body's promise" : 'its value as a promise'}`;
  }
  // `apply` and `call` differ only in what they forward, checked below.
  const called = (fn: GuardedFunction) => fn.form === 'apply' || fn.form === 'call';
  if ((before.form !== after.form && !(called(before) && called(after))) || before.role !== after.role) {
    return `${after.name} changed how it is written`;
  }
  const paramsText = (fn: GuardedFunction) => fn.params.map((param) => param.text).join(',');
  if (before.forwardsArguments) {
    // Its guard forwards `arguments`, after the running version's own parameters were evaluated.
    if (!before.params.every((param) => param.simple) && paramsText(before) !== paramsText(after)) {
      return `the parameters of ${after.name} changed, and the running version's are evaluated before it can forward the call`;
    }
  } else if (!before.arrow) {
    // Its guard forwards the values of its own parameters (a sloppy function that does not read `arguments`).
    const problem = forwardingShortfall(before, after);
    if (problem) return problem;
  } else if (before.params.at(-1)?.rest) {
    // An arrow that ends with a rest parameter (the plugins give every guarded arrow one, docs/protocol.md §3.3)
    // forwards every value the caller passed, so a newer version may take other parameters (`next` added to
    // `(req, res)`); but where the caller passed none, a parameter with a default forwards that default's value.
    const defaultsKept = before.params.every((param, i) => param.defaultText === undefined || (after.params[i]?.rest === false && after.params[i]!.defaultText === param.defaultText));
    if (!defaultsKept) return `the default value of a parameter of ${after.name} changed (its running version forwards the value of the default it had)`;
  } else {
    // An arrow built without a rest parameter forwards its parameters' values, one by one.
    const same =
      before.params.length === after.params.length &&
      before.params.every((param, i) => param.rest === after.params[i]!.rest && param.defaultText === after.params[i]!.defaultText);
    if (!same) return `the parameters of ${after.name} changed (an arrow forwards the values of the parameters it had)`;
  }
  // A patch is compiled by the module's evaluator, a direct `eval`, whose code is a script.
  if (after.readsImportMeta) return `${after.name} reads import.meta, which a patch compiled in the running module's scope cannot`;
  const constructible = !after.arrow && !after.async && !after.generator && after.role !== 'method';
  if (constructible && after.readsNewTarget && !before.readsNewTarget) {
    return `${after.name} now reads new.target, which a call forwarded by its running version cannot pass on`;
  }
  return undefined;
}

/** The functions around `fn` (its makers), innermost first. */
export function makers(version: ModuleVersion, fn: GuardedFunction): GuardedFunction[] {
  const chain: GuardedFunction[] = [];
  for (let name = fn.enclosing; name !== undefined; name = version.byName.get(name)?.enclosing) {
    const maker = version.byName.get(name);
    if (!maker) break;
    chain.push(maker);
  }
  return chain;
}

/**
 * For a closure: a variable its newer body reads that its makers declare now but did not declare in every version
 * that ran (`recordMakers`). Closures made by earlier calls cannot see it: the newer body could not run in their
 * scope.
 */
function missingCaptures(module: LoadedModule, current: ModuleVersion, version: ModuleVersion, fn: GuardedFunction): string | undefined {
  if (fn.enclosing === undefined) return undefined;
  const now = new Set(makers(version, fn).flatMap((maker) => [...maker.declared]));
  const ran = (maker: GuardedFunction) => [...maker.declared].filter((name) => module.makersDeclared?.get(maker.name)?.has(name) ?? true);
  const before = new Set(makers(current, current.byName.get(fn.name)!).flatMap(ran));
  const missing = [...fn.referenced].filter((name) => !fn.declared.has(name) && now.has(name) && !before.has(name));
  if (missing.length === 0) return undefined;
  return `${fn.name} now reads ${missing.join(', ')}, which the calls that made the running closures did not have`;
}

/**
 * Keeps, for each function of `outgoing` (the version that ran until now) that makes closures, the names it declares
 * that every version of it that ran declared: closures made by any of them may still be called (a connection's
 * listener), and see only those. And the helpers it had (`helpersThatRan`).
 */
export function recordMakers(module: LoadedModule, outgoing: ModuleVersion): void {
  for (const helper of outgoing.helpers) (module.helpersThatRan ??= new Set()).add(helper);
  for (const maker of outgoing.functions) {
    if (!outgoing.functions.some((inner) => inner.enclosing === maker.name)) continue;
    const kept = module.makersDeclared?.get(maker.name);
    (module.makersDeclared ??= new Map()).set(maker.name, kept ? new Set([...kept].filter((name) => maker.declared.has(name))) : new Set(maker.declared));
  }
}

/** The names a version declares at module level (imports, variables, functions, classes). */
export function moduleLevelNames(version: ModuleVersion): Set<string> {
  return new Set(version.statements.flatMap((top) => top.declares));
}

/**
 * For a closure site of a module evaluated again since it first loaded: the module-level names its new body reads
 * that an earlier instance did not declare. The closures that instance's functions made (a route handler a
 * plugin registered at start-up) would run the new body in its scope, where the names do not exist: a
 * ReferenceError at their next call, under a report that said "patched".
 */
function missingInEarlierInstances(module: LoadedModule, version: ModuleVersion, fn: GuardedFunction): string | undefined {
  if (fn.enclosing === undefined || module.earlierNames === undefined) return undefined;
  const makersDeclare = new Set(makers(version, fn).flatMap((maker) => [...maker.declared]));
  const declared = moduleLevelNames(version);
  const missing = [...fn.referenced].filter(
    (name) => !fn.declared.has(name) && !makersDeclare.has(name) && declared.has(name) && !module.earlierNames!.has(name),
  );
  if (missing.length === 0) return undefined;
  return `${fn.name} now reads ${missing.join(', ')}, which the module's earlier instance, whose closures run its new code, does not declare (the module was evaluated again since)`;
}

/**
 * Names declared by non-function statements that one version has and the other has not, and the module's own
 * names whose objects such a statement changes (a route added to a router: `router.get(…)`).
 */
function changedNames(running: ModuleVersion, next: ModuleVersion | undefined): Set<string> {
  const text = (version: ModuleVersion, top: TopStatement) => comparable(version.text.slice(top.start, top.end));
  const texts = (version: ModuleVersion | undefined) => new Set((version?.statements ?? []).filter((top) => !top.defines || top.values).map((top) => text(version!, top)));
  const before = texts(running);
  const after = texts(next);
  const changed = new Set<string>();
  for (const [version, other] of [[running, after], [next, before]] as const) {
    const own = version && moduleLevelNames(version);
    for (const top of version?.statements ?? []) {
      if ((top.defines && !top.values) || other.has(text(version!, top))) continue;
      for (const name of top.declares) if (!GENERATED.test(name)) changed.add(name);
      for (const name of top.mutates) if (own!.has(name) && !GENERATED.test(name)) changed.add(name);
    }
  }
  return changed;
}

/**
 * For a module evaluated again: a module-level function that ran only while the program started (a Fastify
 * plugin, a factory whose result the program keeps) and is not called again, and what it made then may
 * hold the old code or the old values: its own code changed (its closures included), it reads a
 * module-level name whose declaration changed, or (`importChanged`) the module was evaluated again because
 * a value it imports changed; or it reads the module's state, which the new instance makes anew, and so does
 * another of its functions (the previous instance's forward to the new one's: a timer's `tick` counting in the
 * new `state` while the route the function registered serves the old one). Says which function and why, or
 * undefined. Call it after the evaluation: a function the new instance called again while loading made its things
 * anew.
 */
export function startupStale(moduleId: string, running: ModuleVersion | undefined, next: ModuleVersion | undefined, importChanged: boolean): string | undefined {
  if (!running) return undefined;
  const changed = changedNames(running, next);
  const state = stateNames(running);
  const readersOf = (name: string, besides: GuardedFunction): string[] =>
    (next?.functions ?? []).filter((fn) => fn.enclosing === undefined && fn.name !== besides.name && fn.referenced.has(name) && !fn.declared.has(name)).map((fn) => fn.name);
  /** The first module state `fn` reads that another function of the new version reads too, with those readers. */
  const stateShared = (fn: GuardedFunction): string | undefined => {
    for (const name of fn.referenced) {
      if (fn.declared.has(name) || !state.has(name)) continue;
      const readers = readersOf(name, fn);
      if (readers.length > 0) return `and what it made reads ${name}, which the new instance makes anew (${listed(readers)} ${readers.length === 1 ? 'reads' : 'read'} the new one)`;
    }
    return undefined;
  };
  for (const fn of running.functions) {
    if (fn.enclosing !== undefined) continue;
    const slot = getSlot(`${moduleId}#${fn.name}`);
    if (!slot || !ranOnlyAtStart(slot)) continue;
    const after = next?.byName.get(fn.name);
    const why = importChanged
      ? 'and a value its module imports changed'
      : !after || fnText(running, fn) !== fnText(next!, after)
        ? 'and its code changed'
        : ([...fn.referenced].filter((name) => !fn.declared.has(name) && changed.has(name)).map((name) => `and it reads ${name}, which changed`)[0] ?? stateShared(fn));
    if (why) return `${fn.name} ran only while the program started, ${why}: what it made then keeps the old code`;
  }
  return undefined;
}

/**
 * Whether code starts a setInterval or setTimeout in a promise's callback (after `.then(`, in the same one of its
 * `statements`), or after an `await`: in a statement after the awaited one (`await connect(); setInterval(…)`, not
 * `await new Promise((r) => setTimeout(r, 9))`, which starts the timer before it waits).
 */
function startsTimerAfterAwait(code: string, statements: readonly string[] = [code]): boolean {
  const timerFrom = (text: string, at: number): boolean => /(?<![\w$.])set(?:Interval|Timeout)\s*\(/.test(text.slice(at));
  // In the statement that gives the promise its callback.
  for (const statement of statements) {
    const then = /\.then\s*\(/.exec(statement);
    if (then && timerFrom(statement, then.index)) return true;
  }
  const awaits = /(?<![\w$.])await(?![\w$])/.exec(code);
  if (!awaits) return false;
  // The end of the awaited statement: a `;` or a line's end outside brackets, or the bracket that closes its block.
  let depth = 0;
  let end = awaits.index;
  for (; end < code.length; end++) {
    const char = code[end]!;
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char) && --depth < 0) break;
    else if (depth === 0 && (char === ';' || char === '\n')) break;
  }
  return timerFrom(code, end);
}

/**
 * Where a version's top level starts a timer in a step the runtime cannot follow (effects.ts follows timers, immediates
 * and ticks, not promises): after an await or in a `then` callback, in its top-level code or in an async function of
 * its own that its top level calls. Evaluated again (or refused after its top level ran), the module cannot stop it.
 */
export function deferredTimer(text: string, version: ModuleVersion | undefined): string | undefined {
  // A module with no function to patch: its text, its callbacks (run once) included.
  if (!version) return startsTimerAfterAwait(text) ? 'its top level starts a timer after an await or in a then callback' : undefined;
  // The top level's own code: its statements without the functions it declares (an immediately invoked one stays).
  const statements = version.statements.map((statement) => {
    let own = '';
    let at = statement.start;
    for (const fn of version.functions) {
      if (fn.enclosing !== undefined || fn.start < at || fn.end > statement.end) continue;
      own += version.text.slice(at, fn.start);
      at = fn.end;
    }
    return `${own}${version.text.slice(at, statement.end)}\n`;
  });
  const code = statements.join('');
  if (startsTimerAfterAwait(code, statements)) return 'its top level starts a timer after an await or in a then callback';
  // (A callback it gives a promise, `connect().then(() => …)`, runs once: it is no function of its own, it is in `code`.)
  const calledIn = (name: string): boolean => new RegExp(`(?<![\\w$.])${literally(name)}\\s*\\(`).test(code);
  const started = version.functions.find((fn) => fn.enclosing === undefined && fn.async && !fn.name.includes('.') && calledIn(fn.name) && startsTimerAfterAwait(ownText(version, fn)));
  return started && `${started.name}, which its top level calls, starts a timer after an await`;
}

/** A new version of a loaded module, read and analysed, or why it cannot be applied. */
export type Prepared =
  | {
      kind: 'body';
      module: LoadedModule;
      version: ModuleVersion;
      text: string;
      running: string;
      added: TopStatement[];
      /** Constants given a new value, declared again in the patch's scope (the functions reading them compiled again). */
      revalued: string[];
      /** Methods added to a running class or object, each with a method of the same home it already has. */
      members: AddedMember[];
      /** Exports the module's CommonJS export table gains (exportTable): each name, and the binding it reads. */
      exportsToDefine: [string, string][];
      /** Exports the added statements assign a function to (`exports.name = <function>`). */
      exportsAssigned: string[];
      /** Module-level functions the new version no longer declares (kept by the running module), and exports the table lost. */
      removed: string[];
      /**
       * Methods it no longer has, of a class or object it still has (renamed with their call sites, deleted): taken off
       * the running one, which the version as written lacks them on; a reference taken before keeps its implementation.
       */
      droppedMembers: GuardedFunction[];
      removedExports: string[];
      changed: GuardedFunction[];
      /** What of the change does not reach code that already exists. */
      warnings: string[];
    }
  | { kind: 're-evaluate'; module: LoadedModule; text: string; running: string; reason: string }
  /** A function that ran only while the program started changed: what it made keeps the old code. */
  | { kind: 'restart'; module: LoadedModule; reason: string }
  | { kind: 'error'; event: ErrorEvent }
  /** The saved text differs, the code that runs does not (a change of types, comments or layout). */
  | { kind: 'unchanged'; module: LoadedModule; text: string }
  | { kind: 'none' };

export interface PrepareOptions {
  /** Paths in messages are relative to it; module ids of files instrumented at load too. */
  cwd: string;
  /** Instrument built files that no plugin has (their running code is the text instrumented at load). */
  instrumentBuilt: boolean;
}

/** The code that runs for a built file's text: the text itself, or the text instrumented at load. */
export function runningCode(module: LoadedModule, text: string, options: PrepareOptions): string {
  return programCode(module.file, text, module.format, options.cwd, options.instrumentBuilt);
}

/**
 * Code as two versions' is compared. A block's closure evaluator (`_mp_e`, `_mp_e2`; its parameter `_mp_c…`) and
 * an arrow's renamed parameter (`_mp_p`, `_mp_p2`) are numbered in the order of the module's blocks and arrows, so
 * one added in one function renames those of the functions below it; each is declared and read inside one
 * function, which runs the same code under either name. (An arrow's rest parameter, `_mp_r`, too, where the
 * program had that name.)
 */
const comparable = (code: string): string => code.replace(/(?<![\w$])_mp_([ecpr])(?:_[a-p]{6})?\d*(?![\w$])/g, (_, base: string) => `_mp_${base === 'c' ? 'e' : base}`);

const fnText = (version: ModuleVersion, fn: GuardedFunction): string => comparable(version.text.slice(fn.start, fn.end));

/** The module-level names, and the export names of those, that the module's functions read (`changedExports`). */
export function readByFunctions(version: ModuleVersion): Set<string> {
  const read = new Set(version.functions.filter((fn) => fn.enclosing === undefined).flatMap((fn) => [...fn.referenced].filter((name) => !fn.declared.has(name))));
  for (const [name, local] of version.exportGetters) if (read.has(local)) read.add(name);
  return read;
}

/** Whether the function `name` is written the same way in both versions. */
export function sameFunction(one: ModuleVersion, other: ModuleVersion, name: string): boolean {
  const a = one.byName.get(name);
  const b = other.byName.get(name);
  return a !== undefined && b !== undefined && fnText(one, a) === fnText(other, b);
}

/** A function's text with the closure sites it makes left out (what runs when it is called itself), to compare. */
function ownText(version: ModuleVersion, fn: GuardedFunction): string {
  let text = '';
  let at = fn.start;
  for (const inner of version.functions) {
    if (inner.enclosing !== fn.name || inner.start < at) continue;
    text += version.text.slice(at, inner.start);
    at = inner.end;
  }
  return comparable(text + version.text.slice(at, fn.end));
}

/**
 * Whether two versions of a module with no function to patch differ only in comments and layout (compiled
 * TypeScript keeps its comments): nothing that runs changed. (With functions, their shapes say it.)
 */
function sameTokens(a: string, b: string, sourceType: 'module' | 'script'): boolean {
  if (withoutSourceMap(a) === withoutSourceMap(b)) return true;
  const tokens = (text: string) => {
    const list: string[] = [];
    for (const token of acorn.tokenizer(text, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script' })) {
      const { value } = token as acorn.Token & { value?: unknown };
      list.push(`${token.type.label}:${value instanceof Object && 'pattern' in value ? `/${String(value.pattern)}/${String((value as { flags?: unknown }).flags)}` : String(value)}`);
    }
    return list;
  };
  try {
    const [before, after] = [tokens(a), tokens(b)];
    return before.length === after.length && before.every((token, i) => token === after[i]);
  } catch {
    return false; // one of them does not parse: not the same
  }
}

/**
 * For a built file no plugin instrumented: the refusal of a version whose source does not parse (tsc writes output
 * for such a source; sometimes exactly the output that runs, `String(id;` as `String(id);`).
 */
export function sourceRefusal(module: LoadedModule, text: string, options: PrepareOptions): Prepared | undefined {
  if (!options.instrumentBuilt || isSource(module.file) || isInstrumented(text)) return undefined;
  const problem = sourceSyntaxError(module.file, text, options.cwd);
  return problem && { kind: 'error', event: { type: 'error', file: module.file, moduleId: module.moduleId, ...problem } };
}

/** Reads the new `text` of a loaded `file` and says how it would be applied; a syntax error is an error event. */
export function prepare(file: string, text: string, options: PrepareOptions): Prepared {
  const module = loadedModule(file);
  if (!module || text === module.text) return { kind: 'none' };
  const sourceType = module.format === 'module' ? 'module' : 'script';
  const refusal = sourceRefusal(module, text, options);
  if (refusal) return refusal;
  let version: ModuleVersion | undefined;
  let running: string;
  try {
    running = runningCode(module, text, options);
    version = analyse(running, sourceType);
  } catch (error) {
    if (!(error instanceof VersionSyntaxError)) throw error;
    const location = describePosition(file, loadSourceMap(file, text), error.line, error.column, options.cwd);
    // Shown where the saved text is what the location names (a source, or JavaScript with no source map); a
    // built file whose source parses has its error in the build output, which a frame of the source would hide.
    const frame = location.startsWith(`${path.relative(options.cwd, file)}:`) ? codeFrame(text, error.line, error.column) : undefined;
    return { kind: 'error', event: { type: 'error', file, moduleId: module.moduleId, location, frame, message: `SyntaxError: ${error.message}` } };
  }
  const where = (at: number) => {
    const { line, column } = positionOf(running, at);
    return describePosition(file, loadSourceMap(file, running), line, column, options.cwd, decoratedAt(running, at));
  };
  const reevaluate = (reason: string): Prepared => ({ kind: 're-evaluate', module, text, running, reason });
  // Parsed once per version that runs, not on every patch.
  const base = module.evaluate ? (module.base ??= analyse(runningCode(module, module.text, options), sourceType)) : undefined;
  if (!version || !base) {
    if (sameTokens(running, runningCode(module, module.text, options), sourceType)) return { kind: 'unchanged', module, text };
    // Found in the saved texts: the instrumented code of the version with functions starts with a prologue the
    // other lacks, so its first difference is where the prologue goes, not where the save changed the module.
    // Past the blank lines an addition starts with: at its first statement.
    let at = 0;
    while (at < text.length && text[at] === module.text[at]) at++;
    while (at < text.length && /\s/.test(text[at]!)) at++;
    const { line, column } = positionOf(text, at);
    const changedAt = describePosition(file, loadSourceMap(file, text), line, column, options.cwd);
    return reevaluate(`changed at ${changedAt} (a module with no function that can be patched in place)`);
  }
  // What runs now: the base, with the functions later patches replaced.
  const current = module.current ?? base;
  if (base.moduleId !== version.moduleId) return reevaluate(`its module id changed from ${base.moduleId} to ${version.moduleId}`);
  // Checked before anything is evaluated again: a re-evaluated module's new functions are reached through
  // the running ones, which forward no more than they did.
  for (const fn of version.functions) {
    const before = fn.enclosing === undefined ? current.byName.get(fn.name) : undefined;
    const shortfall = before && forwardingShortfall(before, fn);
    if (shortfall) return { kind: 'restart', module, reason: `${shortfall} (${where(fn.start)})` };
  }
  let added: TopStatement[] = [];
  let members: AddedMember[] = [];
  const at = shapeDifference(base, version);
  if (at !== -1) {
    const found = additions(base, version);
    if (!found) {
      // Named where this save differs from the last version applied (a function an earlier save added is in
      // that version's text, not in the running module's first one), where there is such a place.
      const since = module.current ? shapeDifference(current, version) : -1;
      const shown = since === -1 ? at : since;
      // Inside a function all the same, which people would not call "outside function bodies".
      // A function made async or a generator (tRPC's `.query(async ({ ctx }) => …)`): said, since it is why.
      const head = version.functions.find((fn) => fn.start <= shown && shown < fn.paramsStart);
      const was = head && current.byName.get(head.name);
      const kind = (fn: GuardedFunction) => `${fn.async ? 'async ' : ''}${fn.generator ? 'generator ' : ''}function`;
      if (head && was && kind(was) !== kind(head)) return reevaluate(`${head.name} changed from ${kind(was)} to ${kind(head)} at ${where(shown)} (a function's kind changes only with its module evaluated again)`);
      // A key of an object literal whose keys may have been copied (`keysLive`): said, since it is why.
      const key = version.functions.find(
        (fn) =>
          fn.objectMember &&
          !current.byName.has(fn.name) &&
          homeName(fn) !== undefined &&
          !keysLive(version, fn) &&
          (fn.memberStart! <= shown ? shown < fn.end : /^[\s,]*$/.test(version.text.slice(shown, fn.memberStart))),
      );
      if (key) return reevaluate(`${key.name} added at ${where(key.memberStart!)} to an object that is exported or was read as the program loaded (code may hold a copy of its keys)`);
      const inside = version.unpatched.find((fn) => fn.start < shown && shown < fn.end);
      // An enum's added member maps to no line of its own: named at the enum.
      return reevaluate(`changed ${inside ? UNPATCHED_PLACES[inside.kind] : 'outside function bodies'} at ${where(inside?.kind === 'enum' ? inside.at : shown)}`);
    }
    added = found.statements;
    // Those an earlier patch added are in the running version: patched as any other method from then on.
    members = found.members.filter(({ fn }) => !current.byName.has(fn.name));
  }
  // Methods an earlier patch took off the running class (`droppedMembers`) that this version has again (a deletion
  // undone): defined again, beside a method the running class has.
  for (const fn of version.functions) {
    const home = homeName(fn);
    if (home === undefined || current.byName.has(fn.name) || !base.byName.has(fn.name) || members.some((member) => member.fn === fn)) continue;
    const beside = current.functions.find((other) => homeName(other) === home);
    if (!beside) return reevaluate(`${fn.name} added back (${where(fn.start)}) to a class with no other method`);
    members.push({ fn, beside: beside.name, following: fn.objectMember ? keysAfter(version, fn) : undefined });
  }
  // Functions the running version has that this one no longer declares (one an earlier patch added may go too).
  const removed = current.functions.filter((fn) => fn.enclosing === undefined && !version.byName.has(fn.name)).map((fn) => fn.name);
  // A name an import or `require` binds to another part of its module (`const Store = require(…)` made
  // `const { Store } = require(…)`): a new value, which the functions compiled before, reading it, do not hold.
  const boundBefore = new Map(current.statements.flatMap((top) => Object.entries(top.binds ?? {})));
  for (const statement of version.statements) {
    const rebound = Object.entries(statement.binds ?? {}).find(([name, part]) => boundBefore.has(name) && boundBefore.get(name) !== part);
    if (rebound) return reevaluate(`changed outside function bodies at ${where(statement.start)} (${rebound[0]} is bound to another part of its module)`);
  }
  // Constants with a new value since the version that runs: the functions compiled before (the module's own, or
  // an earlier patch's) hold the old one, so every function that reads them is compiled again with this patch.
  const revalued = new Map<string, TopStatement>();
  // Given back the value the module was evaluated with (a save undone): no addition, since the module's own
  // binding holds it, but the functions an earlier patch compiled with another value still hold that one.
  const reverted = version.statements.filter((statement) => statement.values && !statement.imports && !added.includes(statement));
  for (const statement of [...added, ...reverted]) {
    if (!statement.values || statement.imports) continue;
    const before = current.statements.find((top) => top.values && top.defines!.some((name) => statement.defines!.includes(name)));
    if (before && current.text.slice(before.start, before.end) !== version.text.slice(statement.start, statement.end)) {
      for (const name of statement.defines!) revalued.set(name, statement);
    }
  }
  const changed: GuardedFunction[] = [];
  for (const fn of version.functions) {
    const before = current.byName.get(fn.name);
    if (!before) continue; // a new closure site, or an added function: declared by the patch
    if (fnText(current, before) === fnText(version, fn) && before.async === fn.async) continue; // a method's `async` is not in its text
    const problem = incompatibility(before, fn, base.byName.get(fn.name) ?? heldKind(version.moduleId, fn.name)) ?? missingCaptures(module, current, version, fn);
    if (problem) return reevaluate(`${problem} (${where(fn.start)})`);
    const unreachable = missingInEarlierInstances(module, version, fn);
    if (unreachable) return { kind: 'restart', module, reason: `${unreachable} (${where(fn.start)})` };
    // Express calls a function that takes 4 parameters as an error handler, and tells it by its `length`.
    const crossed = madeByEachCall(fn) ? earlierLengths(base, current, fn).find((length) => length > 3 !== lengthOf(fn) > 3) : undefined;
    if (crossed !== undefined) {
      const reason = `${fn.name} now takes ${lengthOf(fn)} parameters, not ${crossed} (${where(fn.start)}), and the functions made before keep their length, by which Express tells an error handler (4)`;
      return { kind: 'restart', module, reason };
    }
    changed.push(fn);
  }
  for (const fn of version.functions) {
    const reads = [...fn.referenced].find((name) => revalued.has(name) && !fn.declared.has(name));
    if (!reads || !current.byName.has(fn.name)) continue;
    // What a function that ran only as the program started, or as its module was evaluated, made of the old value
    // is kept by what it made: evaluated again (a restart where that is needed), as before.
    const slot = getSlot(`${version.moduleId}#${fn.name}`);
    if (slot && (ranOnlyAtStart(slot) || ranOnlyInItsModuleEvaluation(slot))) {
      // Read only by its closure sites (a game's `tick` declared in `createServer`, helper-82): they read it as they
      // run, and are compiled again with it; the function made nothing of it.
      const own = ownText(version, fn);
      const readsItself = [...fn.referenced].some((name) => revalued.has(name) && !fn.declared.has(name) && readIn(own, name));
      if (!readsItself) continue;
      return reevaluate(`changed outside function bodies at ${where(revalued.get(reads)!.start)}`);
    }
    if (!changed.includes(fn)) changed.push(fn);
  }
  // A closure too: a plugin a framework registers at start-up (`fastify.register(async (app) => { app.get(…) })`)
  // ran then, once; a route its new body adds would never exist.
  for (const fn of changed) {
    if (ownText(current, current.byName.get(fn.name)!) === ownText(version, fn)) continue;
    const slot = getSlot(`${version.moduleId}#${fn.name}`);
    if (slot && ranOnlyAtStart(slot)) {
      return {
        kind: 'restart',
        module,
        reason: `${fn.name} changed (${where(fn.start)}), and it ran only while the program started: what it made then keeps the old code`,
      };
    }
    if (slot && ranOnlyInItsModuleEvaluation(slot)) {
      return reevaluate(`${fn.name} changed (${where(fn.start)}), and it ran only while this module was evaluated`);
    }
  }
  // Functions and constants an earlier patch added are declared again by each patch (the running scope does not keep
  // them), but are news only if changed.
  const had = new Set(current.statements.flatMap((top) => top.defines ?? []));
  // Exports SWC's CommonJS table gains (an export added or renamed): defined on the running exports object, each
  // reading a module-level binding (one this patch declares, or one the module has).
  const exportsToDefine: [string, string][] = [];
  const bindings = new Set([...moduleLevelNames(current), ...added.flatMap((statement) => statement.defines ?? [])]);
  for (const [name, returned] of version.exportGetters) {
    const before = current.exportGetters.get(name);
    if (before === returned) continue;
    if (before !== undefined) return reevaluate(`its export ${name} now reads ${returned}, not ${before}`);
    if (!bindings.has(returned)) return reevaluate(`its new export ${name} reads ${returned}, which neither the running module nor this patch declares`);
    exportsToDefine.push([name, returned]);
  }
  // Exports lost (renamed, deleted): the running exports object keeps them, said with the patch.
  const exportedNow = patchableExports(version);
  const removedExports = [...patchableExports(current)].filter((name) => !exportedNow.has(name));
  // `exports.name = <function>` statements the patch runs: what they assign is put back if the change is undone.
  const exportsAssigned = added.flatMap((statement) => (statement.exportsFunction === undefined ? [] : [statement.exportsFunction]));
  const news =
    revalued.size > 0 ||
    exportsToDefine.length > 0 ||
    removed.length > 0 ||
    removedExports.length > 0 ||
    exportsAssigned.some((name) => !current.statements.some((top) => top.exportsFunction === name)) ||
    added.some((statement) => statement.defines?.some((name) => !had.has(name)));
  if (changed.length === 0 && !news && members.length === 0) return { kind: 'unchanged', module, text };
  // A new constant reaches only what this patch compiles: a function that did not change, or top-level code (which
  // does not run again), that reads its name (a global until now: `typeof DEBUG`) would not see it.
  const compiled = [...changed, ...members.map(({ fn }) => fn), ...added].sort((a, b) => a.start - b.start);
  let elsewhere = '';
  let from = 0;
  for (const range of compiled) {
    if (range.start < from) continue;
    elsewhere += version.text.slice(from, range.start);
    from = range.end;
  }
  elsewhere += version.text.slice(from);
  for (const statement of added) {
    if (!statement.values) continue;
    const read = statement.defines!.find((name) => (!had.has(name) || revalued.has(name)) && readIn(elsewhere, name));
    if (read) return reevaluate(`changed outside function bodies at ${where(statement.start)} (${read}, read where ${revalued.has(read) ? 'no patch reaches' : 'this save changed nothing'})`);
  }
  // A function declared anew, that functions this patch does not compile call (one deleted by the save that evaluated
  // the module again, now put back): they run that instance's code, where its name is bound to nothing.
  const uncompiledCaller = (name: string) =>
    version.functions.find((fn) => fn.enclosing === undefined && fn.referenced.has(name) && !fn.declared.has(name) && !compiled.some((range) => range.start <= fn.start && fn.end <= range.end));
  for (const statement of added) {
    if (statement.values || statement.imports) continue;
    const name = statement.defines?.find((name) => !had.has(name) && uncompiledCaller(name));
    if (name) return reevaluate(`${name} declared at ${where(statement.start)}, which ${uncompiledCaller(name)!.name} calls and this save did not change`);
  }
  const warnings: string[] = [];
  // A helper of the version running now or of one that ran before it (recordMakers).
  const wasHelper = (name: string) => current.helpers.includes(name) || module.helpersThatRan?.has(name) === true;
  for (const fn of changed) {
    // Ran as the program started, and since: what its first calls returned the program may keep (the JSON schema a
    // route was registered with): reached by a restart only, said, as this patch reaches its calls from now on.
    // Not where only its closures changed: what it made runs their new code.
    const own = ownText(version, fn);
    const ownChanged = ownText(current, current.byName.get(fn.name)!) !== own;
    const slot = !ownChanged ? undefined : getSlot(`${version.moduleId}#${fn.name}`);
    if (slot && ranAsItLoaded(slot) && returnsValue(version, fn)) {
      warnings.push(`${fn.name} also ran as the program started: what it returned then, where the program kept it (a schema, a table built at start-up), keeps the old result until a restart`);
    }
    // A new constant value it reads and gives a timer it starts (helper-89: a game loop's `GAME_TICK_MS`): the
    // timers its earlier calls started keep the period they were given; the report says the value is patched.
    const timed = ranSince(version, fn) ? timerValues(own, fn, revalued) : [];
    if (timed.length > 0) {
      warnings.push(`${fn.name} starts a setInterval and reads ${listed(timed)}: the timers its earlier calls started keep the value they were given (restart to start them again), those it starts from now on get the new one`);
    }
    // A closure site that was a helper in a version that ran: the activations of that version made a copy with no
    // guard, which their closures, patched since through their evaluators, may call (a session's render calling
    // greet): that copy keeps the old code.
    if (ownChanged && wasHelper(fn.name)) warnings.push(helperCopies(fn.name, fn.enclosing!));
    const kept = madeByEachCall(fn) ? earlierLengths(base, current, fn).filter((length) => length !== lengthOf(fn)) : [];
    if (kept.length > 0) {
      warnings.push(`${fn.name} made before this patch keep length ${kept.join(' or ')} (the new version's is ${lengthOf(fn)}): code that reads a function's length sees the old one`);
    }
    const inner = (of: ModuleVersion) =>
      of.unguarded.filter((range) => range.enclosing === fn.name).map((range) => of.text.slice(range.start, range.end));
    // Only a nested function whose text is gone can be held with old code: one the new body adds (a `.map`
    // callback) is made by the new body on its next call.
    const after = inner(version);
    const gone = inner(current).filter((code) => {
      const i = after.indexOf(code);
      if (i !== -1) after.splice(i, 1);
      return i === -1;
    });
    if (gone.length > 0) {
      warnings.push(
        `functions ${fn.name} made before this patch that are not closure sites (a promise reaction or a listener it registered, functions in React components) keep their old code`,
      );
    }
    // Closure sites its new body adds or drops: what its earlier calls made (a connection's listeners) is as they
    // made it. Said unless it never ran.
    const sites = (of: ModuleVersion) => of.functions.filter((inner) => inner.enclosing === fn.name).map((inner) => inner.name);
    const had = sites(current);
    const has = sites(version);
    const dropped = had.filter((name) => !has.includes(name));
    const made = has.filter((name) => !had.includes(name));
    if ((dropped.length > 0 || made.length > 0) && ranSince(version, fn)) {
      const names = (list: string[]) => listed(list.map((name) => name.slice(fn.name.length + 1)));
      if (dropped.length > 0) warnings.push(`${names(dropped)} left ${fn.name}: what its earlier calls made with it (a listener registered) keeps the old code`);
      if (made.length > 0) warnings.push(`${names(made)} new in ${fn.name}: made by its calls from now on, not by its earlier ones (a listener on a connection made before)`);
      // One that was a helper (the same save may make a closure made earlier call it, and change it).
      for (const name of made) if (wasHelper(name)) warnings.push(helperCopies(name, fn.name));
    }
  }
  const droppedMembers = current.functions.filter((fn) => homeName(fn) !== undefined && !version.byName.has(fn.name));
  return { kind: 'body', module, version, text, running, added, members, changed, revalued: [...revalued.keys()], exportsToDefine, exportsAssigned, removed, droppedMembers, removedExports, warnings };
}
