// The JavaScript helpers emitted once into every instrumented module (docs/protocol.md §2, §3, §3.5).
// The SWC plugin emits the same text (packages/swc-plugin/src/helpers.rs).
import type { types as BabelTypes } from '@babel/core';

type T = typeof BabelTypes;
type Template = typeof import('@babel/core').template;

/** The per-module `_mpDefine` helper with the bootstrap registry (docs/protocol.md §2). */
export function defineHelper(t: T, template: Template, defineId: BabelTypes.Identifier, moduleId: string): BabelTypes.Statement {
  return template.statement(`
    function %%define%%(name, impl, proxy, home) {
      var key = Symbol.for("mighty-patcher.registry");
      var registry = globalThis[key] || (globalThis[key] = {
        protocol: 1,
        slots: new Map(),
        define: function (moduleId, name, impl, proxy) {
          var key = moduleId + "#" + name, slot = this.slots.get(key);
          if (slot) {
            slot.impl = impl;
            if (slot.proxies.indexOf(proxy) < 0) slot.proxies.push(proxy);
          } else {
            this.slots.set(key, slot = { key: key, impl: impl, proxies: [proxy] });
          }
          return slot;
        }
      });
      return registry.define(%%moduleId%%, name, impl, proxy, home);
    }
  `)({ define: t.cloneNode(defineId), moduleId: t.stringLiteral(moduleId) }) as BabelTypes.Statement;
}

/**
 * The per-module `_mpScope` helper (docs/protocol.md §3.5): hands a loaded runtime the module's evaluator,
 * a direct eval in module scope, so that a body-only patch compiles the new implementations against the
 * module's existing bindings instead of running the module again.
 */
export function scopeHelper(t: T, template: Template, scopeId: BabelTypes.Identifier, moduleId: string): BabelTypes.Statement {
  return template.statement(`
    function %%scope%%(evaluate) {
      var registry = globalThis[Symbol.for("mighty-patcher.registry")];
      if (registry && registry.scope) registry.scope(%%moduleId%%, evaluate);
    }
  `)({ scope: t.cloneNode(scopeId), moduleId: t.stringLiteral(moduleId) }) as BabelTypes.Statement;
}

/** The per-module `_mpMethod` helper: defines a class member's implementation, taken from `implementations`. */
export function methodHelper(t: T, template: Template, methodId: BabelTypes.Identifier, defineId: BabelTypes.Identifier): BabelTypes.Statement {
  return template.statement(`
    function %%method%%(home, key, part, name, implementations) {
      var impl = Object.getOwnPropertyDescriptor(implementations, key)[part];
      return %%define%%(name, impl, Object.getOwnPropertyDescriptor(home, key)[part], home);
    }
  `)({ method: t.cloneNode(methodId), define: t.cloneNode(defineId) }) as BabelTypes.Statement;
}
