//! The JavaScript helpers emitted once into every instrumented module (docs/protocol.md §2, §3.2, §3.7): the
//! same text as packages/babel-plugin/src/helpers.ts.

use swc_core::common::{SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::VisitMutWith;
use swc_core::quote;

use crate::ast::{str_lit, MarkGlobals};
use crate::names::{PROTOCOL, REGISTRY_KEY};

/// Globals referenced by the helpers.
const GLOBALS: &[&str] = &["globalThis", "arguments", "undefined"];

/// quote! creates every identifier with the empty context: give the globals the unresolved one.
fn mark_globals(mut helper: Stmt, unresolved: SyntaxContext) -> Stmt {
    helper.visit_mut_with(&mut MarkGlobals { unresolved, names: GLOBALS });
    helper
}

pub struct HelperIds {
    /// The registry, cell and define helpers: absent in a module with no function (it only registers its evaluator).
    pub cells: Option<CellHelperIds>,
    pub members: Option<Ident>,
    pub scope: Option<Ident>,
}

pub struct CellHelperIds {
    pub registry: Ident,
    pub cell: Ident,
    pub def: Ident,
}

/// The helper declarations a module needs, in the order they are emitted.
pub fn helper_statements(ids: &HelperIds, module_id: &str, unresolved: SyntaxContext) -> Vec<Stmt> {
    let mut statements = match &ids.cells {
        Some(cells) => cell_helpers(cells, ids.members.as_ref(), module_id),
        None => vec![],
    };
    if let Some(scope) = &ids.scope {
        // Hands a loaded Node runtime the module's evaluator, a direct eval in module scope (docs/protocol.md §3.7).
        statements.push(quote!(
            r#"
            function $scope(evaluate) {
              var registry = globalThis[globalThis.Symbol.for($registry_key)];
              if (registry && registry.scope) registry.scope($module_id, evaluate);
            }
            "# as Stmt,
            scope: Ident = scope.clone(),
            registry_key: Expr = str_lit(REGISTRY_KEY),
            module_id: Expr = str_lit(module_id),
        ));
    }
    statements.into_iter().map(|statement| mark_globals(statement, unresolved)).collect()
}

/// The registry (created with the bootstrap, docs/protocol.md §2, if no instrumented module has run yet), the
/// cell and define helpers, and the members helper where the module has object or class members.
fn cell_helpers(ids: &CellHelperIds, members: Option<&Ident>, module_id: &str) -> Vec<Stmt> {
    // The registry, created with the bootstrap (docs/protocol.md §2) if no instrumented module has run yet.
    let registry: Stmt = quote!(
        r##"
        function $registry() {
          var key = globalThis.Symbol.for($registry_key);
          return globalThis[key] || (globalThis[key] = {
            protocol: $protocol,
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
        "## as Stmt,
        registry: Ident = ids.registry.clone(),
        registry_key: Expr = str_lit(REGISTRY_KEY),
        protocol: Expr = Expr::Lit(Lit::Num(Number { span: DUMMY_SP, value: PROTOCOL as f64, raw: None })),
    );
    let cell: Stmt = quote!(
        "function $cell(name, holder) { return $registry().cell($module_id, name, holder); }" as Stmt,
        cell: Ident = ids.cell.clone(),
        registry: Ident = ids.registry.clone(),
        module_id: Expr = str_lit(module_id),
    );
    let def: Stmt = quote!(
        "function $def(fn, cell) { return $registry().define(cell, fn); }" as Stmt,
        def: Ident = ids.def.clone(),
        registry: Ident = ids.registry.clone(),
    );
    let mut statements = vec![registry, cell, def];
    if let Some(members) = members {
        // Registers the methods, accessors and function-valued fields of an object or a class (docs/protocol.md §3.4, §3.5).
        statements.push(quote!(
            r#"
            function $members(home) {
              for (var i = 1; i < arguments.length; i += 3) {
                var cell = arguments[i], part = arguments[i + 2];
                cell.home = home;
                if (part !== "field") $def(globalThis.Object.getOwnPropertyDescriptor(home, arguments[i + 1])[part], cell);
              }
              return home;
            }
            "# as Stmt,
            members: Ident = members.clone(),
            def: Ident = ids.def.clone(),
        ));
    }
    statements
}
