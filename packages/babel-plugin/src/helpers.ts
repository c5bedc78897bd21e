// The JavaScript helpers emitted once into every instrumented module (docs/protocol.md §2, §3.2, §3.7).
// They reach every global through `globalThis` (`globalThis.Map`): a module's own binding named `Map` or
// `Object` does not get in the way, and is not renamed.
// The SWC plugin emits the same text (packages/swc-plugin/src/helpers.rs).
import type { types as BabelTypes } from '@babel/core';

type Template = typeof import('@babel/core').template;
type Id = BabelTypes.Identifier;

/** The registry, created with the bootstrap (docs/protocol.md §2) if no instrumented module has run yet. */
const REGISTRY = `
function %%registry%%() {
  var key = globalThis.Symbol.for("mighty-patcher.registry");
  return globalThis[key] || (globalThis[key] = {
    protocol: 2,
    slots: new globalThis.Map(),
    cell: function (moduleId, name, holder) {
      var key = moduleId + "#" + name, slot = this.slots.get(key);
      if (!slot) this.slots.set(key, slot = { key: key, fn: undefined, cells: [], version: 0 });
      var cell = holder || { slot: slot, home: undefined, fn: undefined };
      cell.slot = slot;
      slot.cells.push(cell);
      return cell;
    },
    define: function (cell, fn) {
      var slot = cell.slot;
      cell.fn = fn;
      if (slot.fn !== undefined) {
        slot.version++;
        slot.cells.forEach(function (other) {
          if (other !== cell) {
            other.v = slot.version;
            other.impl = fn;
          }
        });
      }
      slot.fn = fn;
      return fn;
    }
  });
}
`;

const CELL = `
function %%cell%%(name, holder) {
  return %%registry%%().cell(%%moduleId%%, name, holder);
}
`;

const DEF = `
function %%def%%(fn, cell) {
  return %%registry%%().define(cell, fn);
}
`;

/** Registers the methods, accessors and function-valued fields of an object or a class (docs/protocol.md §3.4, §3.5). */
const MEMBERS = `
function %%members%%(home) {
  for (var i = 1; i < arguments.length; i += 3) {
    var cell = arguments[i], part = arguments[i + 2];
    cell.home = home;
    if (part !== "field") %%def%%(globalThis.Object.getOwnPropertyDescriptor(home, arguments[i + 1])[part], cell);
  }
  return home;
}
`;

/** Hands a loaded Node runtime the module's evaluator, a direct eval in module scope (docs/protocol.md §3.7). */
const SCOPE = `
function %%scope%%(evaluate) {
  var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
  if (registry && registry.scope) registry.scope(%%moduleId%%, evaluate);
}
`;

export interface HelperIds {
  registry?: Id;
  cell?: Id;
  def?: Id;
  members?: Id;
  scope?: Id;
}

/**
 * Each helper's template, parsed once per Babel: a builder parses its text on first use and keeps it, so a
 * new builder per module parsed the registry bootstrap again for each one (1.4 ms a module, measured).
 */
const builders = new WeakMap<Template, Map<string, ReturnType<Template['statement']>>>();
function parsed(template: Template, code: string): ReturnType<Template['statement']> {
  let byCode = builders.get(template);
  if (!byCode) builders.set(template, (byCode = new Map()));
  let build = byCode.get(code);
  if (!build) byCode.set(code, (build = template.statement(code)));
  return build;
}

/** The helper declarations a module needs, in the order they are emitted. */
export function helperStatements(t: typeof BabelTypes, template: Template, ids: HelperIds, moduleId: string): BabelTypes.Statement[] {
  const id = t.stringLiteral(moduleId);
  const statements: BabelTypes.Statement[] = [];
  if (ids.registry && ids.cell && ids.def) {
    statements.push(
      parsed(template, REGISTRY)({ registry: t.cloneNode(ids.registry) }),
      parsed(template, CELL)({ cell: t.cloneNode(ids.cell), registry: t.cloneNode(ids.registry), moduleId: t.cloneNode(id) }),
      parsed(template, DEF)({ def: t.cloneNode(ids.def), registry: t.cloneNode(ids.registry) }),
    );
  }
  if (ids.members && ids.def) statements.push(parsed(template, MEMBERS)({ members: t.cloneNode(ids.members), def: t.cloneNode(ids.def) }));
  if (ids.scope) statements.push(parsed(template, SCOPE)({ scope: t.cloneNode(ids.scope), moduleId: t.cloneNode(id) }));
  return statements;
}
