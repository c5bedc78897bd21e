//! The bundler HMR glue (docs/protocol.md §6), the same as packages/babel-plugin/src/hmr.ts:
//!
//! ```js
//! var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot);   // or `module.hot` (CommonJS)
//! if (import.meta.hot) import.meta.hot.accept();                            // only when every export is patchable
//! else if (import.meta.webpackHot) import.meta.webpackHot.accept(_mp_hotError);
//! else if (import.meta.turbopackHot) import.meta.turbopackHot.accept(_mp_hotError);
//! ...the module...
//! if (_mp_hotCommit) _mp_hotCommit();
//! ```
//!
//! `_mp_hot` opens a registry transaction when the bundler evaluates the module again, so the new version's
//! `define` calls make every cell of the previous instance forward to the new functions; the last statement
//! commits it, and a version that throws before reaching it is rolled back in the next microtask.

use std::collections::HashSet;

use serde::Deserialize;
use swc_core::atoms::Atom;
use swc_core::common::{SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::{Visit, VisitMutWith, VisitWith};
use swc_core::quote;

use crate::ast::{insert_top_and_bottom, str_lit, unparen, MarkGlobals};
use crate::instrumenter::script_suffix;
use crate::names::{self, GeneratedNames, REGISTRY_KEY};

/// Which HMR API the module reaches: `import.meta.hot` / `import.meta.webpackHot` / `import.meta.turbopackHot`, or `module.hot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HmrMode {
    Esm,
    Commonjs,
}

/// The `hmr` option: `true` (default: `esm` for a module, `commonjs` for a script), `false`, `"esm"`, `"commonjs"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum HmrOption {
    Enabled(bool),
    Mode(HmrMode),
}

/// Globals the glue refers to: marked unresolved so that hygiene renames a binding shadowing them.
const GLUE_GLOBALS: &[&str] = &["globalThis", "module", "undefined"];


/// What the glue needs to know about the module before the instrumentation rewrites it.
#[derive(Debug, Clone)]
pub struct HmrPlan {
    mode: HmrMode,
    self_accept: bool,
}

impl HmrPlan {
    /// The same glue, without accepting the module's own updates.
    pub fn without_self_accept(self) -> Self {
        HmrPlan { self_accept: false, ..self }
    }
}

/// Whether the top level does anything besides declaring: a call, an assignment, a loop (`button.addEventListener(…)`,
/// `setInterval(…)`, `window.x = …`). Evaluated again by a self-accepted update, it would register a second
/// listener or timer next to the first: worse than the reload the bundler does without the plugin.
pub fn top_level_runs_code(items: &[ModuleItem]) -> bool {
    items.iter().any(|item| match item {
        // A `throw` leaves nothing behind: the version is rolled back.
        ModuleItem::ModuleDecl(_) | ModuleItem::Stmt(Stmt::Decl(_) | Stmt::Empty(_) | Stmt::Throw(_)) => false,
        // A directive ("use client"): Babel keeps it out of the body.
        ModuleItem::Stmt(Stmt::Expr(ExprStmt { expr, .. })) => !matches!(&**expr, Expr::Lit(Lit::Str(_))),
        ModuleItem::Stmt(_) => true,
    })
}

fn is_function(expr: &Expr) -> bool {
    matches!(unparen(expr), Expr::Fn(_) | Expr::Arrow(_) | Expr::Class(_))
}

/// Module-level bindings the instrumentation defines: functions, function-valued bindings, classes.
fn patchable_bindings(items: &[ModuleItem]) -> HashSet<Atom> {
    let mut names = HashSet::new();
    for item in items {
        let decl = match item {
            ModuleItem::Stmt(Stmt::Decl(decl)) => decl,
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => &export.decl,
            _ => continue,
        };
        match decl {
            Decl::Fn(f) if !f.declare && f.function.body.is_some() => {
                names.insert(f.ident.sym.clone());
            }
            Decl::Class(c) if !c.declare => {
                names.insert(c.ident.sym.clone());
            }
            Decl::Var(v) if !v.declare => {
                for declarator in &v.decls {
                    if let (Pat::Ident(binding), Some(init)) = (&declarator.name, &declarator.init) {
                        if is_function(init) {
                            names.insert(binding.id.sym.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// Whether the module can accept its own updates: at least one export, and every export a function or
/// class the plugin instruments. A value, a re-export, `export *` or an enum lets the update propagate.
pub fn every_export_patchable(items: &[ModuleItem]) -> bool {
    let patchable = patchable_bindings(items);
    let mut exports = 0;
    for item in items {
        let ModuleItem::ModuleDecl(decl) = item else { continue };
        match decl {
            ModuleDecl::ExportDecl(export) => match &export.decl {
                Decl::Fn(f) => {
                    if f.declare || f.function.body.is_none() {
                        continue;
                    }
                    exports += 1;
                }
                Decl::Class(c) => {
                    if c.declare {
                        continue;
                    }
                    exports += 1;
                }
                Decl::Var(v) => {
                    if v.declare {
                        continue;
                    }
                    for declarator in &v.decls {
                        exports += 1;
                        let ok = matches!(declarator.name, Pat::Ident(_)) && declarator.init.as_deref().is_some_and(is_function);
                        if !ok {
                            return false;
                        }
                    }
                }
                Decl::TsInterface(_) | Decl::TsTypeAlias(_) => {}
                Decl::TsEnum(e) if e.declare => {}
                Decl::TsModule(m) if m.declare => {}
                _ => return false,
            },
            ModuleDecl::ExportDefaultDecl(export) => match &export.decl {
                DefaultDecl::Fn(_) | DefaultDecl::Class(_) => exports += 1,
                DefaultDecl::TsInterfaceDecl(_) => {}
            },
            ModuleDecl::ExportDefaultExpr(export) => {
                exports += 1;
                let ok = is_function(&export.expr)
                    || matches!(unparen(&export.expr), Expr::Ident(id) if patchable.contains(&id.sym));
                if !ok {
                    return false;
                }
            }
            ModuleDecl::ExportNamed(named) => {
                if named.type_only {
                    continue;
                }
                for specifier in &named.specifiers {
                    match specifier {
                        ExportSpecifier::Named(s) if s.is_type_only => {}
                        ExportSpecifier::Named(s) if named.src.is_none() => {
                            exports += 1;
                            let ok = matches!(&s.orig, ModuleExportName::Ident(id) if patchable.contains(&id.sym));
                            if !ok {
                                return false;
                            }
                        }
                        _ => return false,
                    }
                }
            }
            ModuleDecl::ExportAll(all) if !all.type_only => return false,
            ModuleDecl::TsExportAssignment(_) => return false,
            _ => {}
        }
    }
    exports > 0
}

/// Finds `await` (or `for await`) outside any function: the module would not run synchronously to its end.
struct TopLevelAwait {
    found: bool,
}

impl Visit for TopLevelAwait {
    fn visit_function(&mut self, _: &Function) {}
    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    fn visit_getter_prop(&mut self, _: &GetterProp) {}
    fn visit_setter_prop(&mut self, _: &SetterProp) {}
    fn visit_await_expr(&mut self, _: &AwaitExpr) {
        self.found = true;
    }
    fn visit_for_of_stmt(&mut self, stmt: &ForOfStmt) {
        if stmt.is_await {
            self.found = true;
        }
        stmt.visit_children_with(self);
    }
}

/// Looks at the original program (call before instrumenting it). `None`: no glue for this module.
pub fn plan(program: &Program, option: Option<HmrOption>) -> Option<HmrPlan> {
    let mode = match option.unwrap_or(HmrOption::Enabled(true)) {
        HmrOption::Enabled(false) => return None,
        // An SWC plugin cannot see the module transform that follows it (@swc/core tells a plugin nothing of
        // `module.type`), and `import.meta` in CommonJS output is a syntax error: by default the glue is the
        // `module.hot` form, valid whatever the output is. Bundlers whose HMR API is on `import.meta` (Vite,
        // Turbopack) ask for `hmr: "esm"`.
        HmrOption::Enabled(true) => HmrMode::Commonjs,
        HmrOption::Mode(mode) => mode,
    };
    // The glue relies on the module running synchronously to its last statement.
    if let Program::Module(m) = program {
        let mut tla = TopLevelAwait { found: false };
        m.visit_with(&mut tla);
        if tla.found {
            return None;
        }
    }
    let self_accept = match program {
        Program::Module(m) => every_export_patchable(&m.body) && !top_level_runs_code(&m.body),
        Program::Script(_) => false,
    };
    Some(HmrPlan { mode, self_accept })
}

fn import_meta(property: &str) -> Expr {
    Expr::Member(MemberExpr {
        span: DUMMY_SP,
        obj: Box::new(Expr::MetaProp(MetaPropExpr { span: DUMMY_SP, kind: MetaPropKind::ImportMeta })),
        prop: MemberProp::Ident(IdentName::new(property.into(), DUMMY_SP)),
    })
}

/// Adds the glue to a module the instrumentation has rewritten (a module it left alone gets none). `taken`:
/// the names the module had and the instrumentation generated.
pub fn add_glue(program: &mut Program, plan: HmrPlan, module_id: &str, mut taken: GeneratedNames, unresolved: SyntaxContext) {
    // Scripts share their top-level names: the glue's names end with the suffix the instrumentation's have.
    let suffix = script_suffix(matches!(program, Program::Script(_)), module_id);
    let mut fresh = |name: &str| taken.fresh(&format!("{name}{suffix}"));
    let hot = fresh(names::HOT);
    let snapshot = fresh(names::HOT_SNAPSHOT);
    let error = fresh(names::HOT_ERROR);
    let commit = fresh(names::HOT_COMMIT);
    let module_id_lit = str_lit(module_id);

    let mut top: Vec<Stmt> = vec![];
    match plan.mode {
        HmrMode::Esm => {
            top.push(quote!(
                "var $commit = $hot($vite || $webpack || $turbopack);" as Stmt,
                commit: Ident = commit.clone(),
                hot: Ident = hot.clone(),
                vite: Expr = import_meta("hot"),
                webpack: Expr = import_meta("webpackHot"),
                turbopack: Expr = import_meta("turbopackHot"),
            ));
            if plan.self_accept {
                // Vite finds a self-accepting module by the literal `import.meta.hot.accept(` in its source.
                top.push(quote!(
                    "if ($vite) $vite_accept.accept(); else if ($webpack) $webpack_accept.accept($error); else if ($turbopack) $turbopack_accept.accept($error_again);" as Stmt,
                    vite: Expr = import_meta("hot"),
                    vite_accept: Expr = import_meta("hot"),
                    webpack: Expr = import_meta("webpackHot"),
                    webpack_accept: Expr = import_meta("webpackHot"),
                    turbopack: Expr = import_meta("turbopackHot"),
                    turbopack_accept: Expr = import_meta("turbopackHot"),
                    error: Ident = error.clone(),
                    error_again: Ident = error.clone(),
                ));
            }
        }
        HmrMode::Commonjs => {
            top.push(quote!(
                "var $commit = $hot(typeof module !== \"undefined\" ? module.hot : undefined);" as Stmt,
                commit: Ident = commit.clone(),
                hot: Ident = hot.clone(),
            ));
            if plan.self_accept {
                top.push(quote!(
                    "if (typeof module !== \"undefined\" && module.hot) module.hot.accept($error);" as Stmt,
                    error: Ident = error.clone(),
                ));
            }
        }
    }

    let mut bottom: Vec<Stmt> = vec![
        quote!(
            r##"
            function $hot(hot) {
              if (!hot || hot["mighty-patcher"]) return;
              var data = hot.data, again = !!(data && data["mighty-patcher"]);
              if (data) data["mighty-patcher"] = true;
              hot.dispose(function (data) {
                data["mighty-patcher"] = true;
              });
              var registry = globalThis[globalThis.Symbol.for($registry_key)];
              if (!again || !registry) return;
              var moduleId = $module_id, transaction, open = true;
              try {
                transaction = registry.beginPatch ? registry.beginPatch(moduleId) : $snapshot(registry, moduleId + "#");
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
            "## as Stmt,
            hot: Ident = hot.clone(),
            snapshot: Ident = snapshot.clone(),
            registry_key: Expr = str_lit(REGISTRY_KEY),
            module_id: Expr = module_id_lit.clone(),
        ),
        quote!(
            r#"
            function $snapshot(registry, prefix) {
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
            "# as Stmt,
            snapshot: Ident = snapshot.clone(),
        ),
    ];
    if plan.self_accept {
        bottom.push(quote!(
            r#"
            function $error(error, context) {
              globalThis.console.error("[mighty-patcher] the new version of " + $module_id + " threw; the previous version keeps running", error);
              var hot = context && context.module && context.module.hot;
              if (hot) {
                hot.accept($error_again);
                hot.dispose(function (data) {
                  data["mighty-patcher"] = true;
                });
              }
            }
            "# as Stmt,
            error: Ident = error.clone(),
            error_again: Ident = error.clone(),
            module_id: Expr = module_id_lit.clone(),
        ));
    }
    bottom.push(quote!("if ($commit) $commit_call();" as Stmt, commit: Ident = commit.clone(), commit_call: Ident = commit));

    let mut marker = MarkGlobals { unresolved, names: GLUE_GLOBALS };
    for stmt in top.iter_mut().chain(bottom.iter_mut()) {
        stmt.visit_mut_with(&mut marker);
    }
    // First of all (imports are hoisted): the transaction of a re-evaluation opens before any cell or
    // function is defined.
    insert_top_and_bottom(program, top, bottom);
}
