// The bundler HMR glue (docs/protocol.md §6). Emitted into every instrumented module: a few calls into
// @mighty-patcher/hmr, the glue's code, which every module imports instead of carrying a copy:
//
//   import { hot as _mp_hot, hotError as _mp_hotError } from "<hmrRuntime>";   // `require`d in the `module.hot` form
//   var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, true, "src/x.ts");
//   if (import.meta.hot) import.meta.hot.accept();                            // only when every export is patchable
//   else if (import.meta.webpackHot) import.meta.webpackHot.accept(_mp_hotError("src/x.ts"));
//   else if (import.meta.turbopackHot) import.meta.turbopackHot.accept(_mp_hotError("src/x.ts"));
//   ...the module...
//   if (_mp_hotCommit) _mp_hotCommit();
//
// `_mp_hot` opens a registry transaction when the module is evaluated again by the bundler's HMR, so the
// new version's `define` calls swap the implementations behind every existing proxy; the last statement
// commits it, and a module that throws before reaching it is rolled back in the next microtask.
import type { NodePath, types as BabelTypes } from '@babel/core';
import { boundNames, isServerAction } from './guard';
import { fnv1a, GENERATED_PREFIX, NAMES } from './names';
import { scan } from './scan';

type T = typeof BabelTypes;

/** `esm`: `import.meta.hot` (Vite), `import.meta.webpackHot` (webpack), `import.meta.turbopackHot` (Turbopack); `commonjs`: `module.hot` (webpack, Rspack, Next). */
export type HmrMode = 'esm' | 'commonjs';

/** Babel plugins that turn ES module syntax into something where `import.meta` is a syntax error. */
const MODULE_TRANSFORMS = /^transform-modules-(commonjs|amd|umd|systemjs)$/;

interface PluginLike {
  key?: string | null;
}

/**
 * Which HMR API the module can reach: `import.meta` only when the output stays an ES module, that is
 * when the source is a module and no module transform of this Babel run compiles it to CommonJS. Not in
 * CommonJS that Babel parses as a module, as it does by default (no ES module syntax, and it reads `exports`,
 * `module` or `require`: ts-loader's output): given an `import`, it would be an ES module to webpack, where
 * `exports` is not defined. (A module without imports or exports that reads none of them, Vite's top-level
 * script, stays an ES module.)
 */
export function hmrMode(program: NodePath<BabelTypes.Program>, plugins: readonly PluginLike[] | undefined, code: string): HmrMode {
  if (program.node.sourceType !== 'module' || isCommonJS(program, code)) return 'commonjs';
  return (plugins ?? []).some((plugin) => typeof plugin?.key === 'string' && MODULE_TRANSFORMS.test(plugin.key))
    ? 'commonjs'
    : 'esm';
}

/**
 * Whether a program is CommonJS: no import, export or `import.meta` (`code`: its text), which make a bundler take it
 * for an ES module, and a read of CommonJS's own bindings.
 */
function isCommonJS(program: NodePath<BabelTypes.Program>, code: string): boolean {
  if (program.node.body.some((statement) => statement.type === 'ImportDeclaration' || statement.type.startsWith('Export')) || /\bimport\s*\.\s*meta\b/.test(code)) return false;
  return ['exports', 'module', 'require'].some((name) => program.scope.hasGlobal(name));
}

function isFunction(node: BabelTypes.Node | null | undefined): boolean {
  return node?.type === 'FunctionExpression' || node?.type === 'ArrowFunctionExpression' || node?.type === 'ClassExpression';
}

/** Whether a function or class expression bound to (or exported as) `name` is a component or a hook. */
function reactValue(name: string, node: BabelTypes.Node): boolean {
  const unwrapped = unwrapType(node);
  if (unwrapped.type === 'ClassExpression') return isComponentClass(unwrapped);
  const own = unwrapped.type === 'FunctionExpression' ? unwrapped.id?.name : undefined;
  return REACT_NAME.test(name) || (own !== undefined && REACT_NAME.test(own));
}

function unwrapType(node: BabelTypes.Node): BabelTypes.Node {
  let current = node;
  while (['ParenthesizedExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TypeCastExpression'].includes(current.type)) {
    current = (current as { expression: BabelTypes.Node }).expression;
  }
  return current;
}

/**
 * A name React Fast Refresh takes for a component or a hook (a capitalized function, `use` and a capital).
 * A module exporting one is left to Fast Refresh and the bundler: it decides whether mounted components
 * re-render, remount or re-run their effects, which a module accepting its own update would prevent.
 */
const REACT_NAME = /^(?:[A-Z]|use[A-Z])/;

/** A class React renders (`extends Component`, `React.PureComponent`): Fast Refresh remounts it. */
function isComponentClass(node: BabelTypes.Node): boolean {
  const parent = (node as { superClass?: BabelTypes.Node | null }).superClass;
  if (!parent) return false;
  const name = parent.type === 'Identifier' ? parent.name : parent.type === 'MemberExpression' && parent.property.type === 'Identifier' ? parent.property.name : '';
  return /Component$/.test(name);
}

/** Names of module-level bindings the instrumentation defines (functions, function-valued bindings, classes), not components or hooks. */
function patchableBindings(body: readonly BabelTypes.Statement[]): Map<string, 'function' | 'class'> {
  const names = new Map<string, 'function' | 'class'>();
  const visit = (node: BabelTypes.Node | null | undefined): void => {
    if (!node) return;
    // Not a server action, which the plugin leaves as it is (guard.ts).
    if (isServerAction(node) || (node.type === 'VariableDeclaration' && node.declarations.some((declarator) => isServerAction(declarator.init)))) return;
    if (node.type === 'FunctionDeclaration' && !node.declare && node.id && !REACT_NAME.test(node.id.name)) {
      names.set(node.id.name, 'function');
    } else if (node.type === 'ClassDeclaration' && !node.declare && node.id && !isComponentClass(node)) {
      names.set(node.id.name, 'class');
    } else if (node.type === 'VariableDeclaration' && !node.declare) {
      for (const declarator of node.declarations) {
        if (declarator.id.type === 'Identifier' && isFunction(declarator.init) && !reactValue(declarator.id.name, declarator.init!)) {
          names.set(declarator.id.name, declarator.init!.type === 'ClassExpression' ? 'class' : 'function');
        }
      }
    }
  };
  for (const statement of body) {
    visit(statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement);
  }
  return names;
}

/** A declaration that only exists for the type checker. */
function typeOnly(node: BabelTypes.Node): boolean {
  return (
    node.type === 'TSTypeAliasDeclaration' ||
    node.type === 'TSInterfaceDeclaration' ||
    node.type === 'TSDeclareFunction' ||
    node.type === 'InterfaceDeclaration' ||
    node.type === 'TypeAlias' ||
    node.type === 'OpaqueType' ||
    ((node.type === 'TSEnumDeclaration' || node.type === 'TSModuleDeclaration' || node.type === 'ClassDeclaration' ||
      node.type === 'VariableDeclaration' || node.type === 'FunctionDeclaration') &&
      Boolean((node as { declare?: boolean }).declare))
  );
}

/**
 * Whether the module can accept its own updates: it has at least one export at run time, and every one
 * is a function or class the plugin instruments (so re-running the module re-defines them in place) and
 * not a component or hook (React Fast Refresh's). Anything else (a value, a re-export, `export *`, an
 * enum, a component) lets the update propagate as without the plugin.
 */
export function everyExportPatchable(body: readonly BabelTypes.Statement[], noneIsEnough = false): boolean {
  const patchable = patchableBindings(body);
  let exports = 0;
  for (const statement of body) {
    if (statement.type === 'ExportAllDeclaration' || statement.type === 'TSExportAssignment') {
      if ((statement as { exportKind?: string }).exportKind === 'type') continue;
      return false;
    }
    if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration;
      if (typeOnly(declaration)) continue;
      exports++;
      const ok =
        (!isServerAction(declaration) && declaration.type === 'FunctionDeclaration' && !(declaration.id && REACT_NAME.test(declaration.id.name))) ||
        (declaration.type === 'ClassDeclaration' && !isComponentClass(declaration)) ||
        (isFunction(declaration) && !isServerAction(declaration) && !reactValue('default', declaration)) ||
        (declaration.type === 'Identifier' && patchable.has(declaration.name));
      if (!ok) return false;
      continue;
    }
    if (statement.type !== 'ExportNamedDeclaration' || statement.exportKind === 'type') continue;
    const declaration = statement.declaration;
    if (declaration) {
      if (typeOnly(declaration)) continue;
      if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
        exports++;
        if (!declaration.id || !patchable.has(declaration.id.name)) return false;
        continue;
      }
      if (declaration.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) {
          exports++;
          if (declarator.id.type !== 'Identifier' || !patchable.has(declarator.id.name)) return false;
        }
        continue;
      }
      return false; // an enum, a namespace
    }
    for (const specifier of statement.specifiers) {
      if ((specifier as { exportKind?: string }).exportKind === 'type') continue;
      exports++;
      // A re-export is another module's binding, and `export * as ns` a namespace: not ours to patch.
      if (statement.source || specifier.type !== 'ExportSpecifier' || !patchable.has(specifier.local.name)) return false;
      const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value;
      if (REACT_NAME.test(exported) && patchable.get(specifier.local.name) === 'function') return false;
    }
  }
  return exports > 0 || noneIsEnough;
}

function hasTopLevelAwait(t: T, program: NodePath<BabelTypes.Program>): boolean {
  return scan(t, program.node, (node) => {
    if (t.isFunction(node)) return 'skip';
    return node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await) ? 'stop' : undefined;
  });
}

/** What the glue needs to know about the module before the instrumentation rewrites it. */
export interface HmrPlan {
  mode: HmrMode;
  selfAccept: boolean;
  /** A top-level module (docs/protocol.md §6): under Vite it accepts its own update and keeps the instance that ran. */
  topLevel?: TopLevelPlan;
}

/** A top-level module's hashes and what its glue gates (by start offset, found again after the instrumentation). */
export interface TopLevelPlan {
  shape: string;
  content: string;
  statements: Set<number>;
  /** Each gated declarator's (and `export default` expression's) text reading its bindings, and whether it is exported. */
  declarators: Map<number, KeptBinding>;
  /** An `export default <value>` statement (its start) and the text reading it. */
  defaultExport?: { start: number; text: string };
  /** Functions outside functions: each must get a guard (a slot without `/`), or the module is not a top-level module. */
  functions: number;
  /** FNV-1a of each function outside functions' body text, in source order (the order of their slots). */
  bodies: string[];
}

/** FNV-1a (32 bits) over UTF-16 code units, as 8 hex digits (docs/protocol.md §6). */
const hex = (text: string): string => fnv1a(text).toString(16).padStart(8, '0');

/** What a skipped gate binds (docs/protocol.md §6): the text that reads the bindings in the running instance. */
interface KeptBinding {
  text: string;
  exported: boolean;
}

/**
 * The text that reads a declarator's bindings (`x`, `({ a: a, b: c })`, `[a, , b]`): an identifier or a flat
 * object or array pattern of identifiers. Undefined: anything else (defaults, nesting, computed keys).
 */
function bindingText(id: BabelTypes.Node): string | undefined {
  if (id.type === 'Identifier') return id.name;
  const rest = (element: BabelTypes.Node) =>
    element.type === 'RestElement' && element.argument.type === 'Identifier' ? `...${element.argument.name}` : undefined;
  if (id.type === 'ObjectPattern') {
    const parts = id.properties.map((property) =>
      property.type === 'ObjectProperty' && !property.computed && property.key.type === 'Identifier' && property.value.type === 'Identifier'
        ? `${property.key.name}: ${property.value.name}`
        : rest(property),
    );
    return parts.every((part) => part !== undefined) ? `({ ${parts.join(', ')} })` : undefined;
  }
  if (id.type === 'ArrayPattern') {
    const parts = id.elements.map((element) => (element === null ? '' : element.type === 'Identifier' ? element.name : rest(element)));
    return parts.every((part) => part !== undefined) ? `[${parts.join(', ')}]` : undefined;
  }
  return undefined;
}

/** The text of an identifier or a member chain of identifiers (`slice.reducer`): read again in the running instance, it runs nothing of the module's. */
function chainText(node: BabelTypes.Node): string | undefined {
  const unwrapped = unwrapType(node);
  if (unwrapped.type === 'Identifier') return unwrapped.name;
  if (unwrapped.type === 'MemberExpression' && !unwrapped.computed && unwrapped.property.type === 'Identifier') {
    const object = chainText(unwrapped.object);
    return object === undefined ? undefined : `${object}.${unwrapped.property.name}`;
  }
  return undefined;
}

/** Names the module's top level declares (functions, classes, variables), types aside. */
function declaredNames(t: T, body: readonly BabelTypes.Statement[]): string[] {
  const names: string[] = [];
  for (const statement of body) {
    const node = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (!node || typeOnly(node)) continue;
    if ((node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration') && node.id) names.push(node.id.name);
    else if (node.type === 'VariableDeclaration') for (const declarator of node.declarations) names.push(...boundNames(t, declarator.id));
  }
  return names;
}

/**
 * A top-level module's exports (docs/protocol.md §6): each one as a self-accepting module's, or a value, that is a
 * `const` declared in the module whose initialiser is not a function, or `export default` of an identifier or a
 * member chain. Returns the exported values' local names (`default` for the default export); undefined when an
 * export is anything else (a re-export, `export *`, an enum, a `let`, a component or hook), or when a module with
 * values declares anything named like a component or a hook (Fast Refresh's: a module accepting itself would stop
 * it), constants in capitals too (React Refresh's transform takes `const SHAPES = gate(() => …)` for a component).
 */
function topLevelExports(t: T, body: readonly BabelTypes.Statement[]): Set<string> | undefined {
  const patchable = patchableBindings(body);
  const constants = new Set<string>();
  for (const statement of body) {
    const node = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (node?.type !== 'VariableDeclaration' || node.kind !== 'const' || node.declare) continue;
    for (const declarator of node.declarations) {
      if (!isFunction(declarator.init)) for (const name of boundNames(t, declarator.id)) constants.add(name);
    }
  }
  const values = new Set<string>();
  const others: BabelTypes.Statement[] = [];
  for (const statement of body) {
    if (statement.type === 'ExportDefaultDeclaration' && !typeOnly(statement.declaration) && !isFunction(statement.declaration) &&
        statement.declaration.type !== 'FunctionDeclaration' && statement.declaration.type !== 'ClassDeclaration' &&
        !(statement.declaration.type === 'Identifier' && patchable.has(statement.declaration.name))) {
      if (chainText(statement.declaration) === undefined) return undefined;
      values.add('default');
      continue;
    }
    if (statement.type === 'ExportNamedDeclaration' && statement.exportKind !== 'type') {
      const declaration = statement.declaration;
      if (declaration?.type === 'VariableDeclaration' && !declaration.declare) {
        const valued = declaration.declarations.filter((declarator) => !(declarator.id.type === 'Identifier' && patchable.has(declarator.id.name)));
        if (valued.length && declaration.kind !== 'const') return undefined;
        for (const declarator of valued) for (const name of boundNames(t, declarator.id)) values.add(name);
        continue;
      }
      if (!declaration && !statement.source) {
        const rest = statement.specifiers.filter((specifier) => {
          if (specifier.type !== 'ExportSpecifier' || (specifier as { exportKind?: string }).exportKind === 'type' || !constants.has(specifier.local.name)) return true;
          values.add(specifier.local.name);
          values.add(specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value);
          return false;
        });
        if (rest.length) others.push({ ...statement, specifiers: rest });
        continue;
      }
    }
    others.push(statement);
  }
  if (!everyExportPatchable(others, true)) return undefined;
  if (values.size && [...declaredNames(t, body), ...values].some((name) => REACT_NAME.test(name))) return undefined;
  return values;
}

/** Whether a statement that runs code declares a `var` outside functions: in the gate's arrow it would be the arrow's own. */
function declaresVar(statement: NodePath<BabelTypes.Statement>): boolean {
  let found = false;
  statement.traverse({
    Function(path) {
      path.skip();
    },
    VariableDeclaration(path) {
      if (path.node.kind === 'var') {
        found = true;
        path.stop();
      }
    },
  });
  return found;
}

/**
 * A top-level module (docs/protocol.md §6): an ES module whose top level runs code, or that exports values, which
 * the glue can gate statement by statement and declarator by declarator, with no class outside functions.
 * Undefined: it is not one.
 */
function planTopLevel(t: T, program: NodePath<BabelTypes.Program>, code: string | undefined): TopLevelPlan | undefined {
  const values = code === undefined ? undefined : topLevelExports(t, program.node.body);
  if (code === undefined || values === undefined) return undefined;
  const statements = new Set<number>();
  const declarators = new Map<number, KeptBinding>();
  let defaultExport: TopLevelPlan['defaultExport'];
  for (const statement of program.get('body')) {
    const node = statement.node;
    if (node.type === 'ImportDeclaration' || node.type === 'EmptyStatement' || typeOnly(node) || node.type === 'FunctionDeclaration') continue;
    if (node.type === 'ExportDefaultDeclaration') {
      if (values.has('default') && node.start != null) defaultExport = { start: node.start, text: chainText(node.declaration)! };
      continue;
    }
    // Exports: topLevelExports allowed functions, values and specifiers of either.
    if (node.type === 'ExportNamedDeclaration' && node.declaration?.type !== 'VariableDeclaration') continue;
    const declaration = node.type === 'ExportNamedDeclaration' ? node.declaration : node;
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (!declarator.init || (isFunction(declarator.init) && unwrapType(declarator.init).type !== 'ClassExpression')) continue;
        const text = bindingText(declarator.id);
        if (text === undefined || declarator.start == null) return undefined;
        const exported = boundNames(t, declarator.id).some((name) => values.has(name));
        declarators.set(declarator.start, { text, exported });
      }
      continue;
    }
    if (statement.isDeclaration() || node.start == null || declaresVar(statement)) return undefined;
    statements.add(node.start);
  }
  if (statements.size === 0 && values.size === 0) return undefined;
  let functions = 0;
  let classes = false;
  const bodies: [number, number][] = [];
  program.traverse({
    Class(path) {
      classes = true;
      path.stop();
    },
    Function(path) {
      const body = path.node.body;
      if (body.start == null || body.end == null) classes = true;
      else bodies.push([body.start, body.end]);
      functions++;
      path.skip();
    },
  });
  // A module that only declares values and no function has nothing to patch in place: its updates propagate.
  if (classes || (statements.size === 0 && functions === 0)) return undefined;
  let shape = '';
  let at = 0;
  const sorted = bodies.sort((a, b) => a[0] - b[0]);
  for (const [start, end] of sorted) {
    shape += code.slice(at, start) + '{}';
    at = end;
  }
  shape += code.slice(at);
  const hashes = sorted.map(([start, end]) => hex(code.slice(start, end)));
  return { shape: hex(shape), content: hex(code), statements, declarators, defaultExport, functions, bodies: hashes };
}

/**
 * Whether the top level does anything besides declaring: a call, an assignment, a loop (`button.addEventListener(…)`,
 * `setInterval(…)`, `window.x = …`). Evaluated again by a self-accepted update, it would register a second
 * listener or timer next to the first: worse than the reload the bundler does without the plugin.
 */
export function topLevelRunsCode(program: NodePath<BabelTypes.Program>): boolean {
  // A `throw` leaves nothing behind: the version is rolled back.
  return program.get('body').some((statement) => !statement.isDeclaration() && !statement.isEmptyStatement() && !statement.isThrowStatement());
}

/** Looks at the original module (call before instrumenting it; `code` is its source text). Undefined: no glue for this module. */
export function planHmr(t: T, program: NodePath<BabelTypes.Program>, mode: HmrMode, code?: string): HmrPlan | undefined {
  // The glue relies on the module running synchronously to its last statement.
  if (program.node.sourceType === 'module' && hasTopLevelAwait(t, program)) return undefined;
  const module = program.node.sourceType === 'module';
  const runsCode = topLevelRunsCode(program);
  const selfAccept = module && everyExportPatchable(program.node.body) && !runsCode;
  return {
    mode,
    selfAccept,
    topLevel: module && mode === 'esm' && !selfAccept ? planTopLevel(t, program, code) : undefined,
  };
}

/**
 * A top-level module's gates, found again after the instrumentation by their start offsets: returns the
 * function that puts each gated statement in `gate(() => { … })` and each gated initialiser in
 * `gate(() => …)`. Undefined (the module is not a top-level module) when one is missing, or when a function
 * outside functions got no guard.
 */
function gates(
  t: T,
  program: NodePath<BabelTypes.Program>,
  plan: TopLevelPlan,
  slots: readonly { name: string }[],
): ((gate: BabelTypes.Identifier) => void) | undefined {
  if (slots.filter((slot) => !slot.name.includes('/')).length !== plan.functions) return undefined;
  const statements: NodePath<BabelTypes.Statement>[] = [];
  const initialisers: [NodePath<BabelTypes.Expression>, KeptBinding][] = [];
  for (const statement of program.get('body')) {
    const start = statement.node.start;
    if (start != null && plan.statements.has(start)) statements.push(statement);
    else if (start != null && start === plan.defaultExport?.start && statement.isExportDefaultDeclaration()) {
      initialisers.push([statement.get('declaration') as NodePath<BabelTypes.Expression>, { text: plan.defaultExport.text, exported: true }]);
    } else {
      const declaration = statement.isExportNamedDeclaration() ? statement.get('declaration') : statement;
      if (!declaration.isVariableDeclaration()) continue;
      for (const declarator of declaration.get('declarations')) {
        const binding = declarator.node.start == null ? undefined : plan.declarators.get(declarator.node.start);
        if (binding && declarator.node.init) initialisers.push([declarator.get('init') as NodePath<BabelTypes.Expression>, binding]);
      }
    }
  }
  if (statements.length !== plan.statements.size || initialisers.length !== plan.declarators.size + (plan.defaultExport === undefined ? 0 : 1)) return undefined;
  return (gate) => {
    for (const statement of statements) {
      statement.replaceWith(t.expressionStatement(t.callExpression(t.cloneNode(gate), [t.arrowFunctionExpression([], t.blockStatement([statement.node]))])));
    }
    for (const [init, { text, exported }] of initialisers) {
      const args: BabelTypes.Expression[] = [t.arrowFunctionExpression([], init.node), t.stringLiteral(text)];
      if (exported) args.push(t.booleanLiteral(true));
      init.replaceWith(t.callExpression(t.cloneNode(gate), args));
    }
  };
}

/**
 * Adds the glue to a module the instrumentation has rewritten (`instrumented`; a module it left alone gets none);
 * returns the statement that ends the module (the update's commit), for the epilogue (transform.ts).
 */
export function addHmrGlue(
  t: T,
  program: NodePath<BabelTypes.Program>,
  moduleId: string,
  plan: HmrPlan,
  instrumented: boolean,
  /** The instrumentation's name suffix (a script's: docs/protocol.md §7). */
  suffix: string,
  /** The module the glue imports (option `hmrRuntime`). */
  runtime: string,
  /** The instrumentation's slots: a top-level module needs one for each function outside functions. */
  slots: readonly { name: string }[] = [],
): BabelTypes.Statement | undefined {
  if (!instrumented) return undefined;
  const topLevel = plan.topLevel && gates(t, program, plan.topLevel, slots);
  const uid = (name: string) => program.scope.generateUidIdentifier(`${GENERATED_PREFIX.slice(1)}${name}${suffix}`);
  const commit = uid(NAMES.hotCommit);
  const id = () => t.stringLiteral(moduleId);
  const call = (callee: BabelTypes.Expression, args: BabelTypes.Expression[]) => t.callExpression(callee, args);
  const member = (object: BabelTypes.Expression, property: string) => t.memberExpression(object, t.identifier(property));
  const importMeta = (property: string) => member(t.metaProperty(t.identifier('import'), t.identifier('meta')), property);
  const acceptCall = (api: BabelTypes.Expression, args: BabelTypes.Expression[]) => t.expressionStatement(call(member(api, 'accept'), args));
  const declare = (name: BabelTypes.Identifier, init: BabelTypes.Expression) => t.variableDeclaration('var', [t.variableDeclarator(name, init)]);
  const top: BabelTypes.Statement[] = [];

  if (plan.mode === 'commonjs' || program.node.sourceType !== 'module') {
    // `require`d only under a bundler's `module.hot` (not the Node runtime's, which applies changes itself), so a
    // plain Node process never loads the glue.
    const glue = uid(NAMES.hotGlue);
    const moduleHot = () => member(t.identifier('module'), 'hot');
    const bundlerHot = t.logicalExpression(
      '&&',
      t.logicalExpression('&&', t.binaryExpression('!==', t.unaryExpression('typeof', t.identifier('module')), t.stringLiteral('undefined')), moduleHot()),
      t.unaryExpression('!', t.memberExpression(moduleHot(), t.stringLiteral('mighty-patcher'), true)),
    );
    top.push(
      declare(glue, t.conditionalExpression(bundlerHot, call(t.identifier('require'), [t.stringLiteral(runtime)]), t.identifier('undefined'))),
      declare(commit, t.logicalExpression('&&', t.cloneNode(glue), call(member(t.cloneNode(glue), 'hot'), [moduleHot(), t.booleanLiteral(plan.selfAccept), id()]))),
    );
    if (plan.selfAccept) top.push(t.ifStatement(t.cloneNode(glue), acceptCall(moduleHot(), [call(member(t.cloneNode(glue), 'hotError'), [id()])])));
  } else {
    const hot = uid(NAMES.hot);
    const imported: [string, BabelTypes.Identifier][] = [['hot', hot]];
    const api = t.logicalExpression('||', t.logicalExpression('||', importMeta('hot'), importMeta('webpackHot')), importMeta('turbopackHot'));
    if (topLevel) {
      // Under Vite only (`import.meta.hot`): the module accepts its own update there, and its scope is kept.
      const code = uid(NAMES.code);
      const gate = uid(NAMES.hotTop);
      const makeGate = uid(NAMES.hotGate);
      imported.push(['hotGate', makeGate]);
      const scope = t.objectExpression([
        t.objectProperty(t.identifier('shape'), t.stringLiteral(plan.topLevel!.shape)),
        t.objectProperty(t.identifier('content'), t.stringLiteral(plan.topLevel!.content)),
        // Each function outside functions' body hash, by registry name: slots without `/` are those functions, in source order.
        t.objectProperty(
          t.identifier('bodies'),
          t.objectExpression(
            slots.filter((slot) => !slot.name.includes('/')).map((slot, i) => t.objectProperty(t.stringLiteral(slot.name), t.stringLiteral(plan.topLevel!.bodies[i]!))),
          ),
        ),
        t.objectProperty(t.identifier('evaluate'), t.arrowFunctionExpression([code], call(t.identifier('eval'), [t.cloneNode(code)]))),
      ]);
      top.push(
        declare(commit, call(t.cloneNode(hot), [api, t.unaryExpression('!', t.unaryExpression('!', importMeta('hot'))), id(), t.logicalExpression('&&', importMeta('hot'), scope)])),
        t.ifStatement(importMeta('hot'), acceptCall(importMeta('hot'), [])),
        declare(gate, call(t.cloneNode(makeGate), [t.cloneNode(commit)])),
      );
      topLevel(gate);
    } else {
      top.push(declare(commit, call(t.cloneNode(hot), [api, t.booleanLiteral(plan.selfAccept), id()])));
      if (plan.selfAccept) {
        const error = uid(NAMES.hotError);
        imported.push(['hotError', error]);
        // Vite finds a self-accepting module by the literal `import.meta.hot.accept(` in its source.
        top.push(
          t.ifStatement(
            importMeta('hot'),
            acceptCall(importMeta('hot'), []),
            t.ifStatement(
              importMeta('webpackHot'),
              acceptCall(importMeta('webpackHot'), [call(t.cloneNode(error), [id()])]),
              t.ifStatement(importMeta('turbopackHot'), acceptCall(importMeta('turbopackHot'), [call(t.cloneNode(error), [id()])])),
            ),
          ),
        );
      }
    }
    top.unshift(
      t.importDeclaration(
        imported.map(([name, local]) => t.importSpecifier(t.cloneNode(local), t.identifier(name))),
        t.stringLiteral(runtime),
      ),
    );
  }
  // First of all (imports are hoisted): the transaction of a re-evaluation opens before any cell or function is defined.
  program.unshiftContainer('body', top);
  return t.ifStatement(t.cloneNode(commit), t.expressionStatement(call(t.cloneNode(commit), [])));
}
