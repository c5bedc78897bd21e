// The bundler HMR glue (docs/protocol.md §6). Emitted into every instrumented module:
//
//   var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot);   // or `module.hot` (CommonJS)
//   if (import.meta.hot) import.meta.hot.accept();                            // only when every export is patchable
//   else if (import.meta.webpackHot) import.meta.webpackHot.accept(_mp_hotError);
//   else if (import.meta.turbopackHot) import.meta.turbopackHot.accept(_mp_hotError);
//   ...the module...
//   if (_mp_hotCommit) _mp_hotCommit();
//
// `_mp_hot` opens a registry transaction when the module is evaluated again by the bundler's HMR, so the
// new version's `define` calls swap the implementations behind every existing proxy; the last statement
// commits it, and a module that throws before reaching it is rolled back in the next microtask.
import type { NodePath, types as BabelTypes } from '@babel/core';
import { GENERATED_PREFIX, NAMES } from './names';

type T = typeof BabelTypes;
type Template = typeof import('@babel/core').template;

/** `esm`: `import.meta.hot` (Vite), `import.meta.webpackHot` (webpack), `import.meta.turbopackHot` (Turbopack); `commonjs`: `module.hot` (webpack, Rspack, Next). */
export type HmrMode = 'esm' | 'commonjs';

/** Babel plugins that turn ES module syntax into something where `import.meta` is a syntax error. */
const MODULE_TRANSFORMS = /^transform-modules-(commonjs|amd|umd|systemjs)$/;

interface PluginLike {
  key?: string | null;
}

/**
 * Which HMR API the module can reach: `import.meta` only when the output stays an ES module, that is
 * when the source is a module and no module transform of this Babel run compiles it to CommonJS.
 */
export function hmrMode(program: NodePath<BabelTypes.Program>, plugins: readonly PluginLike[] | undefined): HmrMode {
  if (program.node.sourceType !== 'module') return 'commonjs';
  return (plugins ?? []).some((plugin) => typeof plugin?.key === 'string' && MODULE_TRANSFORMS.test(plugin.key))
    ? 'commonjs'
    : 'esm';
}

function isFunction(node: BabelTypes.Node | null | undefined): boolean {
  return node?.type === 'FunctionExpression' || node?.type === 'ArrowFunctionExpression' || node?.type === 'ClassExpression';
}

/** Names of module-level bindings the instrumentation proxies (functions, function-valued bindings, classes). */
function patchableBindings(body: readonly BabelTypes.Statement[]): Set<string> {
  const names = new Set<string>();
  const visit = (node: BabelTypes.Node | null | undefined): void => {
    if (!node) return;
    if ((node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration') && !node.declare && node.id) {
      names.add(node.id.name);
    } else if (node.type === 'VariableDeclaration' && !node.declare) {
      for (const declarator of node.declarations) {
        if (declarator.id.type === 'Identifier' && isFunction(declarator.init)) names.add(declarator.id.name);
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
 * is a function or class the plugin instruments (so re-running the module re-defines them in place).
 * Anything else (a value, a re-export, `export *`, an enum) lets the update propagate to the importers.
 */
export function everyExportPatchable(body: readonly BabelTypes.Statement[]): boolean {
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
        declaration.type === 'FunctionDeclaration' ||
        declaration.type === 'ClassDeclaration' ||
        isFunction(declaration) ||
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
        continue;
      }
      if (declaration.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) {
          exports++;
          if (declarator.id.type !== 'Identifier' || !isFunction(declarator.init)) return false;
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
    }
  }
  return exports > 0;
}

function hasTopLevelAwait(program: NodePath<BabelTypes.Program>): boolean {
  let found = false;
  program.traverse({
    Function(path) {
      path.skip();
    },
    AwaitExpression(path) {
      found = true;
      path.stop();
    },
    ForOfStatement(path) {
      if (path.node.await) {
        found = true;
        path.stop();
      }
    },
  });
  return found;
}

/** What the glue needs to know about the module before the instrumentation rewrites it. */
export interface HmrPlan {
  mode: HmrMode;
  selfAccept: boolean;
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

/** Looks at the original module (call before instrumenting it). Undefined: no glue for this module. */
export function planHmr(program: NodePath<BabelTypes.Program>, mode: HmrMode): HmrPlan | undefined {
  // The glue relies on the module running synchronously to its last statement.
  if (program.node.sourceType === 'module' && hasTopLevelAwait(program)) return undefined;
  return {
    mode,
    selfAccept: program.node.sourceType === 'module' && everyExportPatchable(program.node.body) && !topLevelRunsCode(program),
  };
}

const HELPERS = `
function %%hot%%(hot) {
  if (!hot || hot["mighty-patcher"]) return;
  var data = hot.data, again = !!(data && data["mighty-patcher"]);
  if (data) data["mighty-patcher"] = true;
  hot.dispose(function (data) {
    data["mighty-patcher"] = true;
  });
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (!again || !registry) return;
  var moduleId = %%moduleId%%, transaction, open = true;
  try {
    transaction = registry.beginPatch ? registry.beginPatch(moduleId) : %%snapshot%%(registry, moduleId + "#");
  } catch (error) {
    return;
  }
  globalThis.Promise.resolve().then(function () {
    if (open) {
      open = false;
      transaction.rollback();
    }
  });
  return function () {
    if (open) {
      open = false;
      transaction.commit();
    }
  };
}
function %%snapshot%%(registry, prefix) {
  var slots = new globalThis.Map(), cells = new globalThis.Map();
  registry.slots.forEach(function (slot, key) {
    if (key.slice(0, prefix.length) !== prefix) return;
    slots.set(slot, { fn: slot.fn, version: slot.version });
    slot.cells.forEach(function (cell) {
      cells.set(cell, { v: cell.v, impl: cell.impl });
    });
  });
  return {
    commit: function () {},
    rollback: function () {
      registry.slots.forEach(function (slot, key) {
        if (key.slice(0, prefix.length) !== prefix) return;
        var before = slots.get(slot);
        if (!before) {
          registry.slots.delete(key);
          return;
        }
        slot.fn = before.fn;
        slot.version = before.version;
        for (var i = slot.cells.length - 1; i >= 0; i--) if (!cells.has(slot.cells[i])) slot.cells.splice(i, 1);
      });
      cells.forEach(function (before, cell) {
        cell.v = before.v;
        cell.impl = before.impl;
      });
    }
  };
}
`;

/**
 * webpack's self-accept error handler: without one, a new version that throws makes webpack reload the page.
 * The failed instance (`context.module`, also what a build error compiles to) accepts its own updates
 * again, so that the fixed version is applied in place too.
 */
const ERROR_HELPER = `
function %%error%%(error, context) {
  globalThis.console.error("[mighty-patcher] the new version of " + %%moduleId%% + " threw; the previous version keeps running", error);
  var hot = context && context.module && context.module.hot;
  if (hot) {
    hot.accept(%%error%%);
    hot.dispose(function (data) {
      data["mighty-patcher"] = true;
    });
  }
}
`;

/** Adds the glue to a module the instrumentation has rewritten (`instrumented`; a module it left alone gets none). */
export function addHmrGlue(
  t: T,
  template: Template,
  program: NodePath<BabelTypes.Program>,
  moduleId: string,
  plan: HmrPlan,
  instrumented: boolean,
  /** The instrumentation's name suffix (a script's: docs/protocol.md §7). */
  suffix: string,
): void {
  if (!instrumented) return;
  const uid = (name: string) => program.scope.generateUidIdentifier(`${GENERATED_PREFIX.slice(1)}${name}${suffix}`);
  const hot = uid(NAMES.hot);
  const snapshot = uid(NAMES.hotSnapshot);
  const error = uid(NAMES.hotError);
  const commit = uid(NAMES.hotCommit);

  const importMeta = (property: string) =>
    t.memberExpression(t.metaProperty(t.identifier('import'), t.identifier('meta')), t.identifier(property));
  const moduleDefined = () =>
    t.binaryExpression('!==', t.unaryExpression('typeof', t.identifier('module')), t.stringLiteral('undefined'));
  const moduleHot = () => t.memberExpression(t.identifier('module'), t.identifier('hot'));
  const acceptCall = (api: BabelTypes.Expression, args: BabelTypes.Expression[]) =>
    t.expressionStatement(t.callExpression(t.memberExpression(api, t.identifier('accept')), args));

  const api =
    plan.mode === 'esm'
      ? t.logicalExpression('||', t.logicalExpression('||', importMeta('hot'), importMeta('webpackHot')), importMeta('turbopackHot'))
      : t.conditionalExpression(moduleDefined(), moduleHot(), t.identifier('undefined'));
  const top: BabelTypes.Statement[] = [
    t.variableDeclaration('var', [t.variableDeclarator(commit, t.callExpression(t.cloneNode(hot), [api]))]),
  ];
  if (plan.selfAccept) {
    // Vite finds a self-accepting module by the literal `import.meta.hot.accept(` in its source.
    top.push(
      plan.mode === 'esm'
        ? t.ifStatement(
            importMeta('hot'),
            acceptCall(importMeta('hot'), []),
            t.ifStatement(
              importMeta('webpackHot'),
              acceptCall(importMeta('webpackHot'), [t.cloneNode(error)]),
              t.ifStatement(importMeta('turbopackHot'), acceptCall(importMeta('turbopackHot'), [t.cloneNode(error)])),
            ),
          )
        : t.ifStatement(t.logicalExpression('&&', moduleDefined(), moduleHot()), acceptCall(moduleHot(), [t.cloneNode(error)])),
    );
  }
  const helpers = template.statements(HELPERS)({
    hot: t.cloneNode(hot),
    snapshot: t.cloneNode(snapshot),
    moduleId: t.stringLiteral(moduleId),
  });
  if (plan.selfAccept) helpers.push(...template.statements(ERROR_HELPER)({ error: t.cloneNode(error), moduleId: t.stringLiteral(moduleId) }));
  const end = t.ifStatement(t.cloneNode(commit), t.expressionStatement(t.callExpression(t.cloneNode(commit), [])));

  // First of all (imports are hoisted): the transaction of a re-evaluation opens before any cell or function is defined.
  program.unshiftContainer('body', top);
  program.pushContainer('body', [...helpers, end]);
}
