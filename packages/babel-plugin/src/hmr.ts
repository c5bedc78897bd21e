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
        (declaration.type === 'FunctionDeclaration' && !(declaration.id && REACT_NAME.test(declaration.id.name))) ||
        (declaration.type === 'ClassDeclaration' && !isComponentClass(declaration)) ||
        (isFunction(declaration) && !reactValue('default', declaration)) ||
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
  /** A top-level module (docs/protocol.md §6): under Vite it accepts its own update and keeps the instance that ran. */
  topLevel?: TopLevelPlan;
}

/** A top-level module's hashes and what its glue gates (by start offset, found again after the instrumentation). */
export interface TopLevelPlan {
  shape: string;
  content: string;
  statements: Set<number>;
  declarators: Set<number>;
  /** Functions outside functions: each must get a guard (a slot without `/`), or the module is not a top-level module. */
  functions: number;
  /** FNV-1a of each function outside functions' body text, in source order (the order of their slots). */
  bodies: string[];
}

/** FNV-1a (32 bits) over UTF-16 code units, as 8 hex digits (docs/protocol.md §6). */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
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
 * A top-level module (docs/protocol.md §6): an ES module whose top level runs code, which the glue can gate
 * statement by statement, with no class outside functions. Undefined: it is not one.
 */
function planTopLevel(program: NodePath<BabelTypes.Program>, code: string | undefined): TopLevelPlan | undefined {
  if (code === undefined || !everyExportPatchable(program.node.body, true)) return undefined;
  const statements = new Set<number>();
  const declarators = new Set<number>();
  for (const statement of program.get('body')) {
    const node = statement.node;
    if (node.type === 'ImportDeclaration' || node.type === 'EmptyStatement' || typeOnly(node) || node.type === 'FunctionDeclaration') continue;
    // Exports: everyExportPatchable allowed functions and specifiers of function bindings only.
    if (node.type === 'ExportDefaultDeclaration' || (node.type === 'ExportNamedDeclaration' && node.declaration?.type !== 'VariableDeclaration')) continue;
    const declaration = node.type === 'ExportNamedDeclaration' ? node.declaration : node;
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (!declarator.init || (isFunction(declarator.init) && unwrapType(declarator.init).type !== 'ClassExpression')) continue;
        if (declarator.id.type !== 'Identifier' || node !== declaration || declarator.start == null) return undefined;
        declarators.add(declarator.start);
      }
      continue;
    }
    if (statement.isDeclaration() || node.start == null || declaresVar(statement)) return undefined;
    statements.add(node.start);
  }
  if (statements.size === 0) return undefined;
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
  if (classes) return undefined;
  let shape = '';
  let at = 0;
  const sorted = bodies.sort((a, b) => a[0] - b[0]);
  for (const [start, end] of sorted) {
    shape += code.slice(at, start) + '{}';
    at = end;
  }
  shape += code.slice(at);
  const hashes = sorted.map(([start, end]) => fnv1a(code.slice(start, end)));
  return { shape: fnv1a(shape), content: fnv1a(code), statements, declarators, functions, bodies: hashes };
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
export function planHmr(program: NodePath<BabelTypes.Program>, mode: HmrMode, code?: string): HmrPlan | undefined {
  // The glue relies on the module running synchronously to its last statement.
  if (program.node.sourceType === 'module' && hasTopLevelAwait(program)) return undefined;
  const module = program.node.sourceType === 'module';
  const runsCode = topLevelRunsCode(program);
  return {
    mode,
    selfAccept: module && everyExportPatchable(program.node.body) && !runsCode,
    topLevel: module && mode === 'esm' && runsCode ? planTopLevel(program, code) : undefined,
  };
}

const HELPERS = `
function %%hot%%(hot, selfAccepting, patchClosures, scope) {
  if (!hot || hot["mighty-patcher"]) return;
  var data = hot.data, again = !!(data && data["mighty-patcher"]), kept = data && data["mighty-patcher:scope"];
  if (data) data["mighty-patcher"] = true;
  hot.dispose(function (data) {
    data["mighty-patcher"] = true;
  });
  var moduleId = %%moduleId%%, prefix = moduleId + "#";
  // A top-level module (Vite): the scope of the instance whose top level ran stays in hot.data, with the
  // functions that top level called while it loaded (\`load\` notes them, and tells whether this instance skips it).
  var load = scope && data && scope.load(scope, again && kept, prefix);
  if (load && !again) {
    data["mighty-patcher:scope"] = scope;
    return load;
  }
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (!again || !registry) return;
  // Its own file changed inside function bodies only, none of them a function that ran while the kept instance
  // loaded: this instance skips its top level (its gate) and the changed functions are compiled in the kept
  // scope at its last statement.
  var skip = !!(load && load.skip), skipped = [];
  var before = %%snapshot%%(registry, prefix), transaction, open = true;
  try {
    transaction = registry.beginPatch && !skip ? registry.beginPatch(moduleId) : before;
  } catch (error) {
    return;
  }
  globalThis.Promise.resolve().then(function () {
    if (open) {
      open = false;
      transaction.rollback();
    }
  });
  var commit = function () {
    if (!open) return;
    open = false;
    var console = globalThis.console;
    if (skip) return patchClosures(registry, prefix, [], before, { skipped: skipped, kept: kept, scope: scope, hot: hot, moduleId: moduleId });
    var source = globalThis.Function.prototype.toString, patched = [], react = [], closures = [], reactModule = false;
    registry.slots.forEach(function (slot, key) {
      var was = before.slots.get(slot), name = key.slice(prefix.length);
      // Fast Refresh's naming by the binding or the function's own name (Refresh names memo(_c = () => ...) _c)
      var reactNamed = !!slot.fn && !/\\W/.test(name) && (/^(?:[A-Z]|use[A-Z])/.test(name) || /^(?:[A-Z]|use[A-Z])/.test(slot.fn.name));
      if (key.slice(0, prefix.length) === prefix && reactNamed) reactModule = true;
      if (key.slice(0, prefix.length) !== prefix || !was || !was.fn || !slot.fn || source.call(was.fn) === source.call(slot.fn)) return;
      if (reactNamed) {
        // A component or hook: React Fast Refresh decides whether mounted components re-render or remount;
        // the previous instance's function must not start running code whose hooks differ.
        react.push(name);
        before.cells.forEach(function (old, cell) {
          if (cell.slot === slot) {
            cell.v = old.v;
            cell.impl = old.impl;
          }
        });
        return;
      }
      patched.push(name);
      registry.slots.forEach(function (inner, innerKey) {
        if (innerKey.slice(0, key.length + 1) === key + "/" && closures.indexOf(name) < 0) closures.push(name);
      });
    });
    var refused = closures;
    if (closures.length && patchClosures) {
      try {
        var result = patchClosures(registry, prefix, closures, before);
        patched = patched.concat(result.patched);
        refused = result.refused;
      } catch (error) {
        refused = closures;
      }
    }
    transaction.commit();
    // A top-level module whose top level ran again is not patched: it invalidates itself below.
    if (patched.length && !scope) console.info("[mighty-patcher] patched " + moduleId + ": " + patched.join(", ") + " (" + patched.length + (patched.length === 1 ? " function)" : " functions)"));
    if (react.length) console.info("[mighty-patcher] " + moduleId + ": " + react.join(", ") + " left to React Fast Refresh (components and hooks)");
    if (scope) {
      // A top-level module whose top level ran again: Vite goes on as without the plugin (a reload).
      load();
      data["mighty-patcher:scope"] = scope;
      patchClosures(registry, prefix, [], before, { kept: kept, scope: scope, hot: hot, moduleId: moduleId, ran: load.ran });
    } else if (refused.length) {
      var message = "[mighty-patcher] " + moduleId + ": functions that " + refused.join(", ") + " made before this edit (store actions, handlers) keep their old code: it changed outside them";
      if (selfAccepting && typeof hot.invalidate === "function") {
        console.warn(message + "; the update goes on to the modules importing it, as without the plugin");
        hot.invalidate(message);
      } else {
        console.warn(message);
      }
    }
    // Not by an update of its own (it does not accept one): Vite evaluated it again for an importer, or it was
    // passed on. Its module-level values are new; whatever holds the previous ones (a store) keeps them.
    if (!selfAccepting && !reactModule) console.warn("[mighty-patcher] " + moduleId + " was evaluated again: its module-level values (a store, a cache) are new ones; code holding the previous ones keeps them");
  };
  // A top-level module's gate: this instance skips its top level, or runs it noting what it calls.
  if (load) {
    commit.top = skip ? function (run) {
      skipped.push(globalThis.Function.prototype.toString.call(run));
    } : load.top;
  }
  return commit;
}
function %%snapshot%%(registry, prefix) {
  var slots = new globalThis.Map(), cells = new globalThis.Map();
  registry.slots.forEach(function (slot, key) {
    if (key.slice(0, prefix.length) !== prefix) return;
    slots.set(slot, { fn: slot.fn, version: slot.version });
    // With @mighty-patcher/runtime loaded, cells of later instances are held weakly in \`later\`.
    slot.cells.concat(slot.later ? slot.later.map(function (ref) { return ref.deref(); }) : []).forEach(function (cell) {
      if (cell) cells.set(cell, { v: cell.v, impl: cell.impl });
    });
  });
  return {
    slots: slots,
    cells: cells,
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
 * Emitted into modules with closure sites (docs/protocol.md §3.6, §6): after an update, finds each closure
 * in the new source text of the function that makes it (by its guard) and gives the closures that older
 * activations made a runner compiling the new text in their own scope, through their block's evaluator.
 * Refuses (the glue then passes the update on) when the function changed outside its closures.
 */
const CLOSURES = `
function %%closures%%(registry, prefix, names, before, topLevel) {
  var source = globalThis.Function.prototype.toString, patched = [], refused = [], byCell = {};
  registry.slots.forEach(function (slot, key) {
    if (key.slice(0, prefix.length) === prefix) byCell["_mp_s_" + key.slice(prefix.length).replace(/\\W/g, "_")] = slot;
  });
  function slotOfCell(cell) {
    return byCell[cell] || byCell[cell.replace(/\\d+\\u0024/, "")];
  }
  // A tokenizer of the function's own source text (strings, templates, comments, regular expressions):
  // each bracket's match, so that a closure's parameters and body are found around its guard.
  function scan(text) {
    var tokens = [], open = [], match = {}, templates = [], i = 0, n = text.length, regex = true;
    function push(start, value, expression) {
      tokens.push({ s: start, e: i, v: value });
      regex = !expression;
    }
    function template(start) {
      while (i < n && text[i] !== "\`") {
        if (text[i] === "\\\\") i++;
        else if (text[i] === String.fromCharCode(36) && text[i + 1] === "{") {
          i += 2;
          templates.push(open.length);
          push(start, "\`{", false);
          return;
        }
        i++;
      }
      i++;
      push(start, "\`", true);
    }
    while (i < n) {
      var c = text[i], start = i;
      if (/\\s/.test(c)) {
        i++;
      } else if (c === "/" && text[i + 1] === "/") {
        while (i < n && !/[\\n\\r\\u2028\\u2029]/.test(text[i])) i++;
      } else if (c === "/" && text[i + 1] === "*") {
        i = text.indexOf("*/", i + 2);
        i = i < 0 ? n : i + 2;
      } else if (c === "'" || c === '"') {
        for (i++; i < n && text[i] !== c; i++) if (text[i] === "\\\\") i++;
        i++;
        push(start, c, true);
      } else if (c === "\`") {
        i++;
        template(start);
      } else if (c === "}" && templates.length && templates[templates.length - 1] === open.length) {
        templates.pop();
        i++;
        template(start);
      } else if (c === "/" && regex) {
        for (i++; i < n && text[i] !== "/"; i++) {
          if (text[i] === "\\\\") i++;
          else if (text[i] === "[") while (++i < n && text[i] !== "]") if (text[i] === "\\\\") i++;
        }
        for (i++; i < n && /\\w/.test(text[i]); i++);
        push(start, "/", true);
      } else if (/[\\w\\u0024\\u0080-\\uffff]/.test(c)) {
        while (i < n && /[\\w\\u0024\\u0080-\\uffff]/.test(text[i])) i++;
        var word = text.slice(start, i);
        push(start, word, !/^(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)(?![\\s\\S])/.test(word));
      } else if (c === "=" && text[i + 1] === ">") {
        i += 2;
        push(start, "=>", false);
      } else {
        i++;
        if (c === "(" || c === "[" || c === "{") open.push(tokens.length);
        else if ((c === ")" || c === "]" || c === "}") && open.length) {
          var at = open.pop();
          match[at] = tokens.length;
          match[tokens.length] = at;
        }
        push(start, c, c === ")" || c === "]" || c === "}");
      }
    }
    return { tokens: tokens, match: match };
  }
  // The closure sites of a function's text whose guard reads \`cell\` (any guarded function with \`any\`): each one's range, parent and how to compile it.
  function sites(text, any) {
    var scanned = scan(text), tokens = scanned.tokens, match = scanned.match, found = [], m;
    var guard = any ? /if\\s*\\(\\s*(_mp_s_\\w+)\\s*\\?\\.\\s*v\\s*>\\s*\\d+\\s*\\)\\s*return\\b/g : /if\\s*\\(\\s*(_mp_s_\\w+)\\s*\\?\\.\\s*v\\s*>\\s*\\d+\\s*\\)\\s*return\\s+\\1\\s*\\.\\s*impl\\s*\\(\\s*_mp_e\\w*\\s*,/g;
    var index = {};
    tokens.forEach(function (token, k) {
      index[token.s] = k;
    });
    while ((m = guard.exec(text))) {
      var k = index[m.index], body = k - 1;
      if (k === undefined || !tokens[body] || tokens[body].v !== "{" || match[body] === undefined) return undefined;
      var p = body - 1, first, kind = "function";
      if (tokens[p] && tokens[p].v === "=>") {
        first = tokens[p - 1].v === ")" ? match[p - 1] : p - 1;
      } else if (tokens[p] && tokens[p].v === ")") {
        first = match[p] - 1;
        if (tokens[first].v === "function") {
          // an anonymous function expression
        } else if (tokens[first - 1] && (tokens[first - 1].v === "function" || (tokens[first - 1].v === "*" && tokens[first - 2] && tokens[first - 2].v === "function"))) {
          first -= tokens[first - 1].v === "*" ? 2 : 1;
        } else {
          kind = "method";
          if (tokens[first].v === "]") first = match[first];
          while (tokens[first - 1] && /^(?:async|get|set|\\*)(?![\\s\\S])/.test(tokens[first - 1].v)) first--;
        }
      } else {
        return undefined;
      }
      if (first === undefined || first < 0) return undefined;
      if (kind !== "method" && tokens[first - 1] && tokens[first - 1].v === "async") first--;
      found.push({ cell: m[1], start: tokens[first].s, end: tokens[match[body]].e, kind: kind });
    }
    // Each site's parent: the innermost other site around it (none: the function itself).
    found.forEach(function (site) {
      found.forEach(function (other) {
        if (other !== site && other.start <= site.start && site.end <= other.end && (!site.parent || site.parent.start < other.start)) site.parent = other;
      });
    });
    return found;
  }
  // The text of \`site\` (of the whole function: none) with the closures it makes masked: what its activations hold.
  function own(text, list, site) {
    var out = "", at = site ? site.start : 0;
    list.forEach(function (other) {
      if (other.parent === site) {
        out += text.slice(at, other.start) + "_mp_closure";
        at = other.end;
      }
    });
    return out + text.slice(at, site ? site.end : text.length);
  }
  function runner(code) {
    var compiled = new globalThis.WeakMap();
    return function (evaluate, self, args) {
      var fn = compiled.get(evaluate);
      if (!fn) compiled.set(evaluate, (fn = evaluate(code)));
      return fn.apply(self, args);
    };
  }
  // Versions rewritten: a compiled text's guards (its own, its closures') run its body, not a forward.
  function current(text) {
    return text.replace(/(_mp_s_\\w+)(\\s*\\?\\.\\s*v\\s*>\\s*)\\d+/g, function (all, cell, middle) {
      var other = slotOfCell(cell);
      return other ? cell + middle + other.version : all;
    });
  }
  function compiled(site, evaluate) {
    var code = site.kind === "method" ? "(function () { var o = { " + current(site.text) + " }, d = globalThis.Object.getOwnPropertyDescriptor(o, globalThis.Reflect.ownKeys(o)[0]); return d.value || d.get || d.set; })()" : "(" + current(site.text) + ")";
    return evaluate ? evaluate(code) : runner(code);
  }
  if (topLevel) return update(topLevel);
  // A top-level module's update: in place (\`skipped\`: this instance skipped its top level), else said and invalidated.
  function update(options) {
    var console = globalThis.console, hot = options.hot, result, message;
    if (!options.skipped) {
      message = options.ran && options.ran.length
        ? options.ran.join(", ") + " ran while the module loaded (what " + (options.ran.length === 1 ? "it" : "they") + " made keeps the old code), so its top level ran again"
        : (options.kept && options.kept.content === options.scope.content ? "a module it imports changed" : "it changed outside function bodies") + " and its top level runs code (listeners, timers), which ran again";
    } else {
      try {
        result = inPlace(options.skipped, options.kept);
      } catch (error) {
        result = { patched: [], refused: ["its new functions could not be compiled in the running instance (" + error + ")"] };
      }
      if (!result.refused.length) {
        options.kept.content = options.scope.content;
        options.kept.bodies = options.scope.bodies;
        if (result.patched.length) console.info("[mighty-patcher] patched " + options.moduleId + ": " + result.patched.join(", ") + " (" + result.patched.length + (result.patched.length === 1 ? " function)" : " functions)"));
        return;
      }
      message = result.refused.join("; ") + "; the previous code keeps running";
    }
    message = "[mighty-patcher] " + options.moduleId + ": " + message;
    console.warn(message + "; the update goes on to the modules importing it, as without the plugin");
    if (typeof hot.invalidate === "function") hot.invalidate(message);
  }
  // A top-level module's instance that skipped its top level (docs/protocol.md §6): every function of the
  // module as this version has it (its own functions, and those found in the skipped top-level code), each
  // changed one compiled in the kept scope; the live instance's functions run the rest.
  function inPlace(skipped, kept) {
    var texts = {}, refused = [], changed = [], keys = [], applied = kept.texts || (kept.texts = {});
    function collect(text) {
      var list = sites(text, true);
      if (!list) refused.push("a function's guard was not found");
      (list || []).forEach(function (site) {
        var slot = slotOfCell(site.cell);
        if (slot) texts[slot.key] = { text: text.slice(site.start, site.end), kind: site.kind };
      });
    }
    registry.slots.forEach(function (slot, key) {
      if (key.slice(0, prefix.length) !== prefix) return;
      slot.cells.forEach(function (cell) {
        if (!before.cells.has(cell) && cell.fn) collect(source.call(cell.fn));
      });
    });
    skipped.forEach(collect);
    registry.slots.forEach(function (slot, key) {
      var name = key.slice(prefix.length), was = before.slots.get(slot);
      if (key.slice(0, prefix.length) !== prefix || name.indexOf("/") >= 0) return;
      if (!was || !was.fn) return refused.push(name + " is new");
      keys.push(slot);
      var old = applied[key], now = texts[key];
      if (!old) {
        var mine = sites(source.call(was.fn), true);
        if (mine && mine[0]) old = { text: source.call(was.fn).slice(mine[0].start, mine[0].end), kind: mine[0].kind };
      }
      if (!old || !now) return refused.push(name + " was not found");
      if (old.text === now.text) return;
      var inner = false;
      registry.slots.forEach(function (other, otherKey) {
        if (otherKey.slice(0, key.length + 1) === key + "/") inner = true;
      });
      if (inner) return refused.push(name + " makes closures (not patched in a module whose top level runs code)");
      changed.push({ slot: slot, name: name, site: now });
    });
    // The live instance runs every function (its cells as before; this instance's cells forward to it).
    keys.forEach(function (slot) {
      var was = before.slots.get(slot);
      slot.fn = was.fn;
      slot.cells.forEach(function (cell) {
        if (before.cells.has(cell)) return;
        cell.v = slot.version + 1;
        cell.impl = was.fn;
      });
    });
    before.cells.forEach(function (old, cell) {
      if (keys.indexOf(cell.slot) >= 0) {
        cell.v = old.v;
        cell.impl = old.impl;
      }
    });
    if (refused.length) return { patched: [], refused: refused };
    changed.forEach(function (change) {
      change.slot.version++;
    });
    var impls = changed.map(function (change) {
      return compiled(change.site, kept.evaluate);
    });
    changed.forEach(function (change, i) {
      var slot = change.slot;
      before.cells.forEach(function (old, cell) {
        if (cell.slot === slot) {
          cell.v = slot.version;
          cell.impl = impls[i];
        }
      });
      slot.cells.forEach(function (cell) {
        cell.v = slot.version;
        cell.impl = impls[i];
      });
      applied[slot.key] = change.site;
    });
    return { patched: changed.map(function (change) { return change.name; }), refused: [] };
  }
  names.forEach(function (name) {
    var slot = registry.slots.get(prefix + name), was = before.slots.get(slot), now = source.call(slot.fn), then = source.call(was.fn);
    var after = sites(now), earlier = sites(then);
    if (!after || !earlier || own(now, after) !== own(then, earlier)) {
      refused.push(name);
      return;
    }
    function earlierOf(site) {
      return site && earlier.filter(function (other) {
        return other.cell === site.cell;
      })[0];
    }
    // A changed closure's earlier instances run its new text when the activations that made them hold the same
    // variables: its parent (the function, or a closure: curried middleware) changed only inside its closures.
    var changed = after.filter(function (site) {
      var old = earlierOf(site);
      if (!old || then.slice(old.start, old.end) === now.slice(site.start, site.end) || !slotOfCell(site.cell)) return false;
      var parent = site.parent, parentBefore = earlierOf(parent);
      if (parent && (parentBefore !== old.parent || own(now, after, parent) !== own(then, earlier, parentBefore))) {
        var maker = slotOfCell(parent.cell) ? slotOfCell(parent.cell).key.slice(prefix.length) : name;
        if (refused.indexOf(maker) < 0) refused.push(maker);
        return false;
      }
      return true;
    });
    changed.forEach(function (site) {
      slotOfCell(site.cell).version++;
    });
    changed.forEach(function (site) {
      var closure = slotOfCell(site.cell), impl = compiled({ text: now.slice(site.start, site.end), kind: site.kind });
      before.cells.forEach(function (old, cell) {
        if (cell.slot === closure) {
          cell.v = closure.version;
          cell.impl = impl;
        }
      });
      patched.push(closure.key.slice(prefix.length));
    });
  });
  return { patched: patched, refused: refused };
}
`;

/** A top-level module's gate (docs/protocol.md §6): runs a statement, noting the calls it makes, unless this instance skips its top level. */
const TOP = `
function %%top%%(run) {
  return %%commit%% && %%commit%%.top ? %%commit%%.top(run) : run();
}
// A top-level module's instance (its \`scope\`'s \`load\`) whose top level runs (docs/protocol.md §6): from its
// first gate to a task after the page has loaded (see \`end\`), the first call of each of its
// functions goes through a recorder that notes the function in \`scope.ran\` and steps aside (no cost on later
// calls). Returns the function that ends the load; \`skip\`: whether this instance skips its top level (\`kept\`'s
// code changed inside function bodies only, none of them one that ran while it loaded; \`ran\`: those that did).
function %%load%%(scope, kept, prefix) {
  var symbol = globalThis.Symbol.for("mighty-patcher.registry"), existing = new globalThis.Set(), open = true, armed = false;
  function each(visit) {
    var registry = globalThis[symbol];
    if (registry) registry.slots.forEach(function (slot, key) {
      if (key.slice(0, prefix.length) !== prefix) return;
      slot.cells.concat(slot.later ? slot.later.map(function (ref) { return ref.deref(); }) : []).forEach(function (cell) {
        if (cell) visit(cell, key.slice(prefix.length));
      });
    });
  }
  // Earlier instances' cells: this instance's prologue makes the others.
  each(function (cell) {
    existing.add(cell);
  });
  // The load ends a task after the page's load event (after this top level, once the page has loaded), so
  // one-shot callbacks of the page's start (DOMContentLoaded, load, setTimeout(init)) count as the load too.
  var ending = false;
  var close = function () {
    open = false;
  };
  var end = function () {
    if (ending) return;
    ending = true;
    var page = globalThis.document;
    if (page && page.readyState !== "complete") globalThis.addEventListener("load", function () { globalThis.setTimeout(close, 0); });
    else globalThis.setTimeout(close, 0);
  };
  var body = !!(kept && kept.shape === scope.shape && kept.content !== scope.content && kept.bodies);
  end.ran = body ? (kept.ran || []).filter(function (name) { return kept.bodies[name] !== scope.bodies[name]; }) : [];
  end.skip = body && !end.ran.length;
  scope.ran = [];
  end.top = function (run) {
    if (!armed) {
      armed = true;
      each(function (cell, name) {
        if (existing.has(cell) || cell.v !== 0 || name.indexOf("/") >= 0) return;
        cell.v = 1;
        cell.impl = function recorder() {
          if (cell.impl === recorder) {
            cell.v = 0;
            cell.impl = undefined;
          }
          if (open && scope.ran.indexOf(name) < 0) scope.ran.push(name);
          return new.target ? globalThis.Reflect.construct(cell.fn, arguments, new.target) : cell.fn.apply(this, arguments);
        };
      });
    }
    return run();
  };
  globalThis.Promise.resolve().then(end);
  return end;
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

/**
 * The glue's templates, each parsed once per Babel: parsing them again for every module took about 40 ms a
 * module (a cold first load of examples/react-game, Babel recipe, took 2.8 times plain Vite's).
 */
const builders = new WeakMap<Template, Map<string, ReturnType<Template['statements']>>>();
function parsed(template: Template, code: string): ReturnType<Template['statements']> {
  let byCode = builders.get(template);
  if (!byCode) builders.set(template, (byCode = new Map()));
  let build = byCode.get(code);
  if (!build) byCode.set(code, (build = template.statements(code)));
  return build;
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
  const initialisers: NodePath<BabelTypes.Expression>[] = [];
  for (const statement of program.get('body')) {
    const start = statement.node.start;
    if (start != null && plan.statements.has(start)) statements.push(statement);
    else if (statement.isVariableDeclaration()) {
      for (const declarator of statement.get('declarations')) {
        const at = declarator.node.start;
        if (at != null && plan.declarators.has(at) && declarator.node.init) initialisers.push(declarator.get('init') as NodePath<BabelTypes.Expression>);
      }
    }
  }
  if (statements.length !== plan.statements.size || initialisers.length !== plan.declarators.size) return undefined;
  return (gate) => {
    for (const statement of statements) {
      statement.replaceWith(t.expressionStatement(t.callExpression(t.cloneNode(gate), [t.arrowFunctionExpression([], t.blockStatement([statement.node]))])));
    }
    for (const init of initialisers) {
      init.replaceWith(t.callExpression(t.cloneNode(gate), [t.arrowFunctionExpression([], init.node)]));
    }
  };
}

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
  /** Whether the module has closure sites: the glue then carries the closure patcher. */
  closures: boolean,
  /** The instrumentation's slots: a top-level module needs one for each function outside functions. */
  slots: readonly { name: string }[] = [],
): void {
  if (!instrumented) return;
  const topLevel = plan.topLevel && gates(t, program, plan.topLevel, slots);
  const uid = (name: string) => program.scope.generateUidIdentifier(`${GENERATED_PREFIX.slice(1)}${name}${suffix}`);
  const hot = uid(NAMES.hot);
  const snapshot = uid(NAMES.hotSnapshot);
  const error = uid(NAMES.hotError);
  const commit = uid(NAMES.hotCommit);
  const closurePatcher = closures || topLevel ? uid(NAMES.hotClosures) : undefined;

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
  const hotArguments: BabelTypes.Expression[] = [api, t.booleanLiteral(plan.selfAccept), ...(closurePatcher ? [t.cloneNode(closurePatcher)] : [])];
  const load = topLevel ? uid(NAMES.hotLoad) : undefined;
  if (topLevel) {
    // Under Vite only (`import.meta.hot`): the module accepts its own update there, and its scope is kept.
    const code = uid(NAMES.code);
    hotArguments[1] = t.unaryExpression('!', t.unaryExpression('!', importMeta('hot')));
    hotArguments.push(
      t.logicalExpression(
        '&&',
        importMeta('hot'),
        t.objectExpression([
          t.objectProperty(t.identifier('shape'), t.stringLiteral(plan.topLevel!.shape)),
          t.objectProperty(t.identifier('content'), t.stringLiteral(plan.topLevel!.content)),
          // Each function outside functions' body hash, by registry name: slots without `/` are those functions, in source order.
          t.objectProperty(
            t.identifier('bodies'),
            t.objectExpression(
              slots.filter((slot) => !slot.name.includes('/')).map((slot, i) => t.objectProperty(t.stringLiteral(slot.name), t.stringLiteral(plan.topLevel!.bodies[i]!))),
            ),
          ),
          t.objectProperty(t.identifier('evaluate'), t.arrowFunctionExpression([code], t.callExpression(t.identifier('eval'), [t.cloneNode(code)]))),
          t.objectProperty(t.identifier('load'), t.cloneNode(load!)),
        ]),
      ),
    );
  }
  const top: BabelTypes.Statement[] = [
    t.variableDeclaration('var', [t.variableDeclarator(commit, t.callExpression(t.cloneNode(hot), hotArguments))]),
  ];
  if (topLevel) {
    top.push(t.ifStatement(importMeta('hot'), acceptCall(importMeta('hot'), [])));
  } else if (plan.selfAccept) {
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
  const helpers = parsed(template, HELPERS)({
    hot: t.cloneNode(hot),
    snapshot: t.cloneNode(snapshot),
    moduleId: t.stringLiteral(moduleId),
  });
  if (closurePatcher) helpers.push(...parsed(template, CLOSURES)({ closures: t.cloneNode(closurePatcher) }));
  if (topLevel) {
    const gate = uid(NAMES.hotTop);
    helpers.push(...parsed(template, TOP)({ top: t.cloneNode(gate), commit: t.cloneNode(commit), load: t.cloneNode(load!) }));
    topLevel(gate);
  }
  if (plan.selfAccept) helpers.push(...parsed(template, ERROR_HELPER)({ error: t.cloneNode(error), moduleId: t.stringLiteral(moduleId) }));
  const end = t.ifStatement(t.cloneNode(commit), t.expressionStatement(t.callExpression(t.cloneNode(commit), [])));

  // First of all (imports are hoisted): the transaction of a re-evaluation opens before any cell or function is defined.
  program.unshiftContainer('body', top);
  program.pushContainer('body', [...helpers, end]);
}
