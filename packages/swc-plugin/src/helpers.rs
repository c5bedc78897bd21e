//! The JavaScript helpers emitted into each instrumented module (docs/protocol.md §2, §3.3, §3.5), the
//! same as packages/babel-plugin/src/helpers.ts: `_mp_define` with the bootstrap registry, `_mp_scope`,
//! `_mp_method`.

use swc_core::common::SyntaxContext;
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::VisitMutWith;
use swc_core::quote;

use crate::ast::{str_lit, MarkGlobals};
use crate::names::REGISTRY_KEY;

/// Globals referenced by the helpers and the module's evaluator.
const GLOBALS: &[&str] = &["Symbol", "globalThis", "Map", "Object", "Reflect", "arguments", "eval"];

/// quote! creates every identifier with the empty context: give the globals the unresolved one.
pub fn mark_globals(mut helper: Stmt, unresolved: SyntaxContext) -> Stmt {
    helper.visit_mut_with(&mut MarkGlobals { unresolved, names: GLOBALS });
    helper
}

/// The per-module `_mp_define` helper with the bootstrap registry (docs/protocol.md §2).
pub fn define_helper(define: Ident, module_id: &str, unresolved: SyntaxContext) -> Stmt {
    let helper: Stmt = quote!(
        r##"
        function $define(name, impl, proxy, home) {
          var key = Symbol.for($registry_key);
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
          return registry.define($module_id, name, impl, proxy, home);
        }
        "## as Stmt,
        define: Ident = define,
        registry_key: Expr = str_lit(REGISTRY_KEY),
        module_id: Expr = str_lit(module_id),
    );
    mark_globals(helper, unresolved)
}

/// The per-module `_mp_scope` helper (docs/protocol.md §3.5): hands a loaded runtime the module's
/// evaluator, a direct eval in module scope, so a body-only patch compiles the new implementations
/// against the module's existing bindings instead of running the module again.
pub fn scope_helper(scope: Ident, module_id: &str, unresolved: SyntaxContext) -> Stmt {
    let helper: Stmt = quote!(
        r#"
        function $scope(evaluate) {
          var registry = globalThis[Symbol.for($registry_key)];
          if (registry && registry.scope) registry.scope($module_id, evaluate);
        }
        "# as Stmt,
        scope: Ident = scope,
        registry_key: Expr = str_lit(REGISTRY_KEY),
        module_id: Expr = str_lit(module_id),
    );
    mark_globals(helper, unresolved)
}

/// The per-module `_mp_method` helper: defines a class member's implementation, taken from `implementations`.
pub fn method_helper(method: Ident, define: Ident, unresolved: SyntaxContext) -> Stmt {
    let helper: Stmt = quote!(
        r#"
        function $method(home, key, part, name, implementations) {
          var impl = Object.getOwnPropertyDescriptor(implementations, key)[part];
          return $define(name, impl, Object.getOwnPropertyDescriptor(home, key)[part], home);
        }
        "# as Stmt,
        method: Ident = method,
        define: Ident = define,
    );
    mark_globals(helper, unresolved)
}
