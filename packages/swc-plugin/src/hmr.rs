//! The bundler HMR glue (docs/protocol.md §6), the same as packages/babel-plugin/src/hmr.ts: a few calls into
//! @mighty-patcher/hmr, the glue's code, which every module imports instead of carrying a copy:
//!
//! ```js
//! import { hot as _mp_hot, hotError as _mp_hotError } from "@mighty-patcher/swc-plugin/hmr";   // `require`d in the `module.hot` form
//! var _mp_hotCommit = _mp_hot(import.meta.hot || import.meta.webpackHot || import.meta.turbopackHot, true, "src/x.ts");
//! if (import.meta.hot) import.meta.hot.accept();                            // only when every export is patchable
//! else if (import.meta.webpackHot) import.meta.webpackHot.accept(_mp_hotError("src/x.ts"));
//! else if (import.meta.turbopackHot) import.meta.turbopackHot.accept(_mp_hotError("src/x.ts"));
//! ...the module...
//! if (_mp_hotCommit) _mp_hotCommit();
//! ```
//!
//! `_mp_hot` opens a registry transaction when the bundler evaluates the module again, so the new version's
//! `define` calls make every cell of the previous instance forward to the new functions; the last statement
//! commits it, and a version that throws before reaching it is rolled back in the next microtask.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use swc_core::atoms::Atom;
use swc_core::common::{BytePos, Spanned, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::{Visit, VisitMutWith, VisitWith};
use swc_core::quote;

use crate::ast::{call, evaluator, expr_stmt, insert_top_and_bottom, str_lit, unparen, MarkGlobals};
use crate::instrumenter::script_suffix;
use crate::guard::{bound_names, is_server_action, is_server_action_expr};
use crate::names::{self, GeneratedNames};
use crate::transform::{Slot, Source};

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
const GLUE_GLOBALS: &[&str] = &["module", "require", "undefined"];


/// What the glue needs to know about the module before the instrumentation rewrites it.
#[derive(Debug, Clone)]
pub struct HmrPlan {
    mode: HmrMode,
    self_accept: bool,
    /// A top-level module (docs/protocol.md §6): under Vite it accepts its own update and keeps the instance that ran.
    top_level: Option<TopLevelPlan>,
}

/// A top-level module's hashes and what its glue gates (by start position, found again after the instrumentation).
#[derive(Debug, Clone)]
pub struct TopLevelPlan {
    shape: String,
    content: String,
    statements: HashSet<BytePos>,
    /// Each gated declarator's text reading its bindings, and whether it is exported.
    declarators: HashMap<BytePos, KeptBinding>,
    /// An `export default <value>` (its start) and the text reading it.
    default_export: Option<(BytePos, String)>,
    /// Functions outside functions: each must get a guard (a slot without `/`), or the module is not a top-level module.
    functions: usize,
    /// FNV-1a of each function outside functions' body text, in source order (the order of their slots).
    bodies: Vec<String>,
}

/// FNV-1a (32 bits) over UTF-16 code units, as 8 hex digits (docs/protocol.md §6; hmr.ts `hex`).
fn hex(text: &str) -> String {
    format!("{:08x}", names::fnv1a(text))
}

/// Whether a statement that runs code declares a `var` outside functions: in the gate's arrow it would be the arrow's own.
struct DeclaresVar {
    found: bool,
}

impl Visit for DeclaresVar {
    fn visit_function(&mut self, _: &Function) {}
    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    fn visit_getter_prop(&mut self, _: &GetterProp) {}
    fn visit_setter_prop(&mut self, _: &SetterProp) {}
    fn visit_class(&mut self, _: &Class) {}
    fn visit_var_decl(&mut self, decl: &VarDecl) {
        if decl.kind == VarDeclKind::Var {
            self.found = true;
        }
        decl.visit_children_with(self);
    }
}

/// The functions outside functions (their bodies' spans), and whether there is a class outside functions.
#[derive(Default)]
struct OutermostFunctions {
    bodies: Vec<(BytePos, BytePos)>,
    count: usize,
    class: bool,
}

impl OutermostFunctions {
    fn body(&mut self, span: swc_core::common::Span) {
        self.count += 1;
        if span.is_dummy() {
            self.class = true; // nothing to mask: not a top-level module
        } else {
            self.bodies.push((span.lo, span.hi));
        }
    }
}

impl Visit for OutermostFunctions {
    fn visit_function(&mut self, function: &Function) {
        if let Some(body) = &function.body {
            self.body(body.span);
        }
    }
    fn visit_arrow_expr(&mut self, arrow: &ArrowExpr) {
        self.body(arrow.body.span());
    }
    fn visit_class(&mut self, _: &Class) {
        self.class = true;
    }
}

fn is_plain_function(expr: &Expr) -> bool {
    matches!(unparen(expr), Expr::Fn(_) | Expr::Arrow(_))
}

/// A declaration that only exists for the type checker.
fn type_only(decl: &Decl) -> bool {
    match decl {
        Decl::TsInterface(_) | Decl::TsTypeAlias(_) => true,
        Decl::Fn(f) => f.declare,
        Decl::Var(v) => v.declare,
        Decl::Class(c) => c.declare,
        Decl::TsEnum(e) => e.declare,
        Decl::TsModule(m) => m.declare,
        _ => false,
    }
}

/// What a skipped gate binds (docs/protocol.md §6): the text that reads the bindings in the running instance.
#[derive(Debug, Clone)]
struct KeptBinding {
    text: String,
    exported: bool,
}

/// The text that reads a declarator's bindings (`x`, `({ a: a, b: c })`, `[a, , b]`): an identifier or a flat
/// object or array pattern of identifiers. `None`: anything else (defaults, nesting, computed keys).
fn binding_text(pat: &Pat) -> Option<String> {
    let rest = |pat: &Pat| match pat {
        Pat::Ident(id) => Some(format!("...{}", id.id.sym)),
        _ => None,
    };
    match pat {
        Pat::Ident(id) => Some(id.id.sym.to_string()),
        Pat::Object(object) => {
            let parts = object
                .props
                .iter()
                .map(|prop| match prop {
                    ObjectPatProp::Assign(AssignPatProp { key, value: None, .. }) => Some(format!("{}: {}", key.sym, key.sym)),
                    ObjectPatProp::KeyValue(KeyValuePatProp { key: PropName::Ident(key), value }) => match &**value {
                        Pat::Ident(id) => Some(format!("{}: {}", key.sym, id.id.sym)),
                        _ => None,
                    },
                    ObjectPatProp::Rest(r) => rest(&r.arg),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?;
            Some(format!("({{ {} }})", parts.join(", ")))
        }
        Pat::Array(array) => {
            let parts = array
                .elems
                .iter()
                .map(|element| match element {
                    None => Some(String::new()),
                    Some(Pat::Ident(id)) => Some(id.id.sym.to_string()),
                    Some(Pat::Rest(r)) => rest(&r.arg),
                    Some(_) => None,
                })
                .collect::<Option<Vec<_>>>()?;
            Some(format!("[{}]", parts.join(", ")))
        }
        _ => None,
    }
}

/// The text of an identifier or a member chain of identifiers (`slice.reducer`): read again in the running
/// instance, it runs nothing of the module's.
fn chain_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Paren(ParenExpr { expr, .. })
        | Expr::TsAs(TsAsExpr { expr, .. })
        | Expr::TsSatisfies(TsSatisfiesExpr { expr, .. })
        | Expr::TsNonNull(TsNonNullExpr { expr, .. })
        | Expr::TsTypeAssertion(TsTypeAssertion { expr, .. })
        | Expr::TsConstAssertion(TsConstAssertion { expr, .. }) => chain_text(expr),
        Expr::Ident(id) => Some(id.sym.to_string()),
        Expr::Member(MemberExpr { obj, prop: MemberProp::Ident(prop), .. }) => Some(format!("{}.{}", chain_text(obj)?, prop.sym)),
        _ => None,
    }
}

/// Names the module's top level declares (functions, classes, variables), types aside.
fn declared_names(items: &[ModuleItem]) -> Vec<Atom> {
    let mut names = vec![];
    for item in items {
        let decl = match item {
            ModuleItem::Stmt(Stmt::Decl(decl)) => decl,
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => &export.decl,
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(ExportDefaultDecl { decl: DefaultDecl::Fn(FnExpr { ident: Some(id), .. }), .. }))
            | ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(ExportDefaultDecl { decl: DefaultDecl::Class(ClassExpr { ident: Some(id), .. }), .. })) => {
                names.push(id.sym.clone());
                continue;
            }
            _ => continue,
        };
        match decl {
            _ if type_only(decl) => {}
            Decl::Fn(f) => names.push(f.ident.sym.clone()),
            Decl::Class(c) => names.push(c.ident.sym.clone()),
            Decl::Var(v) => v.decls.iter().for_each(|declarator| bound_names(&declarator.name, &mut names)),
            _ => {}
        }
    }
    names
}

/// A top-level module's exports (docs/protocol.md §6): each one as a self-accepting module's, or a value, that
/// is a `const` declared in the module whose initialiser is not a function, or `export default` of an identifier
/// or a member chain. Returns the exported values' local names (`default` for the default export); `None` when
/// an export is anything else (a re-export, `export *`, an enum, a `let`, a component or hook), or when a module
/// with values declares anything named like a component or a hook (Fast Refresh's: a module accepting itself
/// would stop it), constants in capitals too (React Refresh's transform takes `const SHAPES = gate(() => …)`
/// for a component).
fn top_level_exports(items: &[ModuleItem]) -> Option<HashSet<Atom>> {
    let patchable = patchable_bindings(items);
    let mut constants = HashSet::new();
    for item in items {
        let (ModuleItem::Stmt(Stmt::Decl(Decl::Var(v))) | ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { decl: Decl::Var(v), .. }))) = item else {
            continue;
        };
        if v.kind == VarDeclKind::Const && !v.declare {
            let mut names = vec![];
            v.decls.iter().filter(|d| !d.init.as_deref().is_some_and(is_function)).for_each(|d| bound_names(&d.name, &mut names));
            constants.extend(names);
        }
    }
    let mut values = HashSet::new();
    let mut others = Vec::with_capacity(items.len());
    for item in items {
        match item {
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(export))
                if !is_function(&export.expr) && !matches!(unparen(&export.expr), Expr::Ident(id) if patchable.contains_key(&id.sym)) =>
            {
                chain_text(&export.expr)?;
                values.insert(Atom::from("default"));
                continue;
            }
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { decl: Decl::Var(v), .. })) if !v.declare => {
                let valued: Vec<_> = v.decls.iter().filter(|d| !matches!(&d.name, Pat::Ident(b) if patchable.contains_key(&b.id.sym))).collect();
                if !valued.is_empty() && v.kind != VarDeclKind::Const {
                    return None;
                }
                let mut names = vec![];
                valued.iter().for_each(|declarator| bound_names(&declarator.name, &mut names));
                values.extend(names);
                continue;
            }
            ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(named)) if named.src.is_none() && !named.type_only => {
                let mut rest = named.clone();
                rest.specifiers.retain(|specifier| {
                    let ExportSpecifier::Named(s) = specifier else { return true };
                    let ModuleExportName::Ident(local) = &s.orig else { return true };
                    if s.is_type_only || !constants.contains(&local.sym) {
                        return true;
                    }
                    values.insert(local.sym.clone());
                    match &s.exported {
                        Some(ModuleExportName::Ident(exported)) => values.insert(exported.sym.clone()),
                        Some(ModuleExportName::Str(exported)) => values.insert(Atom::from(exported.value.to_string_lossy().as_ref())),
                        None => false,
                    };
                    false
                });
                if !rest.specifiers.is_empty() {
                    others.push(ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(rest)));
                }
                continue;
            }
            _ => {}
        }
        others.push(item.clone());
    }
    if !exports_patchable(&others, true) {
        return None;
    }
    if !values.is_empty() && declared_names(items).iter().chain(values.iter()).any(|name| is_react_name(name)) {
        return None;
    }
    Some(values)
}

/// A top-level module (docs/protocol.md §6): an ES module whose top level runs code, or that exports values,
/// which the glue can gate statement by statement and declarator by declarator, with no class outside
/// functions. `None`: it is not one.
fn plan_top_level(module: &Module, source: Option<&Source>) -> Option<TopLevelPlan> {
    let source = source?;
    let values = top_level_exports(&module.body)?;
    let mut statements = HashSet::new();
    let mut declarators = HashMap::new();
    let mut default_export = None;
    for item in &module.body {
        let var = match item {
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { decl: Decl::Var(v), .. })) => v,
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(export)) => {
                if values.contains(&Atom::from("default")) && !export.span.is_dummy() {
                    default_export = Some((export.span.lo, chain_text(&export.expr)?));
                }
                continue;
            }
            // Exports: top_level_exports allowed functions, values and specifiers of either.
            ModuleItem::ModuleDecl(
                ModuleDecl::Import(_)
                | ModuleDecl::ExportDecl(_)
                | ModuleDecl::ExportNamed(_)
                | ModuleDecl::ExportDefaultDecl(_),
            ) => continue,
            ModuleItem::ModuleDecl(_) => return None,
            ModuleItem::Stmt(Stmt::Decl(decl)) if type_only(decl) => continue,
            ModuleItem::Stmt(Stmt::Decl(Decl::Fn(_)) | Stmt::Empty(_)) => continue,
            ModuleItem::Stmt(Stmt::Decl(Decl::Var(v))) => v,
            ModuleItem::Stmt(Stmt::Decl(_)) => return None,
            ModuleItem::Stmt(Stmt::Expr(ExprStmt { expr, .. })) if matches!(&**expr, Expr::Lit(Lit::Str(_))) => continue,
            ModuleItem::Stmt(stmt) => {
                let mut var = DeclaresVar { found: false };
                stmt.visit_with(&mut var);
                if var.found || stmt.span().is_dummy() {
                    return None;
                }
                statements.insert(stmt.span().lo);
                continue;
            }
        };
        for declarator in &var.decls {
            match &declarator.init {
                None => {}
                Some(init) if is_plain_function(init) => {}
                Some(_) if !declarator.span.is_dummy() => {
                    let text = binding_text(&declarator.name)?;
                    let mut names = vec![];
                    bound_names(&declarator.name, &mut names);
                    let exported = names.iter().any(|name| values.contains(name));
                    declarators.insert(declarator.span.lo, KeptBinding { text, exported });
                }
                Some(_) => return None,
            }
        }
    }
    if statements.is_empty() && values.is_empty() {
        return None;
    }
    let mut functions = OutermostFunctions::default();
    module.visit_with(&mut functions);
    // A module that only declares values and no function has nothing to patch in place: its updates propagate.
    if functions.class || (statements.is_empty() && functions.count == 0) {
        return None;
    }
    functions.bodies.sort();
    let text = source.text.as_str();
    let offset = |pos: BytePos| pos.0.checked_sub(source.start.0).map(|at| at as usize);
    let mut shape = String::with_capacity(text.len());
    let mut at = 0;
    let mut bodies = Vec::with_capacity(functions.bodies.len());
    for (lo, hi) in functions.bodies {
        let (lo, hi) = (offset(lo)?, offset(hi)?);
        if lo < at {
            return None;
        }
        shape.push_str(text.get(at..lo)?);
        shape.push_str("{}");
        bodies.push(hex(text.get(lo..hi)?));
        at = hi;
    }
    shape.push_str(text.get(at..)?);
    Some(TopLevelPlan { shape: hex(&shape), content: hex(text), statements, declarators, default_export, functions: functions.count, bodies })
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

/// A name React Fast Refresh takes for a component or a hook (a capitalized function, `use` and a capital).
/// A module exporting one is left to Fast Refresh and the bundler: it decides whether mounted components
/// re-render, remount or re-run their effects, which a module accepting its own update would prevent.
fn is_react_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_uppercase() => true,
        _ => name.starts_with("use") && name[3..].chars().next().is_some_and(|c| c.is_ascii_uppercase()),
    }
}

/// A class React renders (`extends Component`, `React.PureComponent`): Fast Refresh remounts it.
fn is_component_class(class: &Class) -> bool {
    let name = match class.super_class.as_deref().map(unparen) {
        Some(Expr::Ident(id)) => id.sym.as_str(),
        Some(Expr::Member(MemberExpr { prop: MemberProp::Ident(prop), .. })) => prop.sym.as_str(),
        _ => return false,
    };
    name.ends_with("Component")
}

/// Whether a function or class expression bound to (or exported as) `name` is a component or a hook.
fn is_react_value(name: &str, expr: &Expr) -> bool {
    match unparen(expr) {
        Expr::Class(c) => is_component_class(&c.class),
        Expr::Fn(f) => is_react_name(name) || f.ident.as_ref().is_some_and(|id| is_react_name(&id.sym)),
        _ => is_react_name(name),
    }
}

#[derive(PartialEq, Eq)]
enum Binding {
    Function,
    Class,
}

/// Module-level bindings the instrumentation defines (functions, function-valued bindings, classes), not
/// components or hooks.
fn patchable_bindings(items: &[ModuleItem]) -> HashMap<Atom, Binding> {
    let mut names = HashMap::new();
    for item in items {
        let decl = match item {
            ModuleItem::Stmt(Stmt::Decl(decl)) => decl,
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => &export.decl,
            _ => continue,
        };
        match decl {
            // Not a server action, which the plugin leaves as it is (guard.rs).
            Decl::Fn(f) if f.function.body.as_ref().is_some_and(|body| is_server_action(&body.stmts)) => {}
            Decl::Var(v) if v.decls.iter().any(|d| d.init.as_deref().is_some_and(is_server_action_expr)) => {}
            Decl::Fn(f) if !f.declare && f.function.body.is_some() && !is_react_name(&f.ident.sym) => {
                names.insert(f.ident.sym.clone(), Binding::Function);
            }
            Decl::Class(c) if !c.declare && !is_component_class(&c.class) => {
                names.insert(c.ident.sym.clone(), Binding::Class);
            }
            Decl::Var(v) if !v.declare => {
                for declarator in &v.decls {
                    if let (Pat::Ident(binding), Some(init)) = (&declarator.name, &declarator.init) {
                        if is_function(init) && !is_react_value(&binding.id.sym, init) {
                            let kind = if matches!(unparen(init), Expr::Class(_)) { Binding::Class } else { Binding::Function };
                            names.insert(binding.id.sym.clone(), kind);
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
/// class the plugin instruments and not a component or hook (React Fast Refresh's). A value, a re-export,
/// `export *`, an enum or a component lets the update propagate as without the plugin.
pub fn every_export_patchable(items: &[ModuleItem]) -> bool {
    exports_patchable(items, false)
}

/// [every_export_patchable], or (`none_is_enough`) no export at all.
fn exports_patchable(items: &[ModuleItem], none_is_enough: bool) -> bool {
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
                    if !patchable.contains_key(&f.ident.sym) {
                        return false;
                    }
                }
                Decl::Class(c) => {
                    if c.declare {
                        continue;
                    }
                    exports += 1;
                    if !patchable.contains_key(&c.ident.sym) {
                        return false;
                    }
                }
                Decl::Var(v) => {
                    if v.declare {
                        continue;
                    }
                    for declarator in &v.decls {
                        exports += 1;
                        let ok = matches!(&declarator.name, Pat::Ident(binding) if patchable.contains_key(&binding.id.sym));
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
                DefaultDecl::Fn(f) => {
                    exports += 1;
                    if f.ident.as_ref().is_some_and(|id| is_react_name(&id.sym)) || f.function.body.as_ref().is_some_and(|body| is_server_action(&body.stmts)) {
                        return false;
                    }
                }
                DefaultDecl::Class(c) => {
                    exports += 1;
                    if is_component_class(&c.class) {
                        return false;
                    }
                }
                DefaultDecl::TsInterfaceDecl(_) => {}
            },
            ModuleDecl::ExportDefaultExpr(export) => {
                exports += 1;
                let ok = (is_function(&export.expr) && !is_server_action_expr(&export.expr) && !is_react_value("default", &export.expr))
                    || matches!(unparen(&export.expr), Expr::Ident(id) if patchable.contains_key(&id.sym));
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
                            let ModuleExportName::Ident(local) = &s.orig else { return false };
                            let Some(kind) = patchable.get(&local.sym) else { return false };
                            let exported = match &s.exported {
                                Some(ModuleExportName::Ident(id)) => id.sym.as_str().to_string(),
                                Some(ModuleExportName::Str(name)) => name.value.to_string_lossy().into_owned(),
                                None => local.sym.as_str().to_string(),
                            };
                            if *kind == Binding::Function && is_react_name(&exported) {
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
    exports > 0 || none_is_enough
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

/// Looks at the original program (call before instrumenting it; `source`: its text). `None`: no glue for this module.
pub fn plan(program: &Program, option: Option<HmrOption>, source: Option<&Source>) -> Option<HmrPlan> {
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
    let (self_accept, top_level) = match program {
        Program::Module(m) => {
            let self_accept = every_export_patchable(&m.body) && !top_level_runs_code(&m.body);
            let top_level = if !self_accept && mode == HmrMode::Esm { plan_top_level(m, source) } else { None };
            (self_accept, top_level)
        }
        Program::Script(_) => (false, None),
    };
    Some(HmrPlan { mode, self_accept, top_level })
}

/// A top-level module's gates, found again after the instrumentation by their start positions: each gated
/// statement goes in `gate(() => { … })`, each gated initialiser in `gate(() => …)`. False (nothing changed;
/// the module is not a top-level module) when one is missing, or when a function outside functions got no guard.
fn gate(program: &mut Program, plan: &TopLevelPlan, slots: &[Slot], gate: &Ident) -> bool {
    let Program::Module(module) = program else { return false };
    if slots.iter().filter(|slot| !slot.name.contains('/')).count() != plan.functions {
        return false;
    }
    let default_at = plan.default_export.as_ref().map(|(at, _)| *at);
    let (mut statements, mut declarators, mut defaults) = (0, 0, 0);
    for item in &module.body {
        match item {
            ModuleItem::Stmt(Stmt::Decl(Decl::Var(v))) | ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { decl: Decl::Var(v), .. })) => {
                declarators += v.decls.iter().filter(|d| d.init.is_some() && plan.declarators.contains_key(&d.span.lo)).count();
            }
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(export)) if Some(export.span.lo) == default_at => defaults += 1,
            ModuleItem::Stmt(stmt) if plan.statements.contains(&stmt.span().lo) => statements += 1,
            _ => {}
        }
    }
    if statements != plan.statements.len() || declarators != plan.declarators.len() || defaults != usize::from(default_at.is_some()) {
        return false;
    }
    let arrow = |body: ArrowFunctionBody| {
        Expr::Arrow(ArrowExpr {
            span: DUMMY_SP,
            ctxt: SyntaxContext::empty(),
            params: vec![],
            body: Box::new(body),
            is_async: false,
            is_generator: false,
            type_params: None,
            return_type: None,
        })
    };
    let gated = |init: Box<Expr>, binding: &KeptBinding| {
        let init = Expr::Paren(ParenExpr { span: DUMMY_SP, expr: init });
        let mut args = vec![arrow(ArrowFunctionBody::Expr(Box::new(init))), str_lit(&binding.text)];
        if binding.exported {
            args.push(Expr::Lit(Lit::Bool(Bool { span: DUMMY_SP, value: true })));
        }
        Box::new(call(Expr::Ident(gate.clone()), args))
    };
    for item in module.body.iter_mut() {
        match item {
            ModuleItem::Stmt(Stmt::Decl(Decl::Var(v))) | ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { decl: Decl::Var(v), .. })) => {
                for declarator in v.decls.iter_mut() {
                    let Some(binding) = plan.declarators.get(&declarator.span.lo) else { continue };
                    if let Some(init) = declarator.init.take() {
                        declarator.init = Some(gated(init, binding));
                    }
                }
            }
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(export)) if Some(export.span.lo) == default_at => {
                let (_, text) = plan.default_export.as_ref().expect("default_at is its start");
                let init = std::mem::replace(&mut export.expr, Box::new(Expr::Invalid(Invalid { span: DUMMY_SP })));
                export.expr = gated(init, &KeptBinding { text: text.clone(), exported: true });
            }
            ModuleItem::Stmt(stmt) if plan.statements.contains(&stmt.span().lo) => {
                let inner = std::mem::replace(stmt, Stmt::Empty(EmptyStmt { span: DUMMY_SP }));
                let block = FunctionBody { span: DUMMY_SP, stmts: vec![inner] };
                *stmt = expr_stmt(call(Expr::Ident(gate.clone()), vec![arrow(ArrowFunctionBody::FunctionBody(block))]));
            }
            _ => {}
        }
    }
    true
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
/// `closures`: whether the module has closure sites (the glue then carries the closure patcher).
/// `slots`: the instrumentation's, of which a top-level module needs one for each function outside functions.
pub fn add_glue(program: &mut Program, plan: HmrPlan, module_id: &str, mut taken: GeneratedNames, unresolved: SyntaxContext, runtime: &str, slots: &[Slot]) {
    // Scripts share their top-level names: the glue's names end with the suffix the instrumentation's have.
    let script = matches!(program, Program::Script(_));
    let suffix = script_suffix(script, module_id);
    let mut fresh = |name: &str| taken.fresh(&format!("{name}{suffix}"));
    let commit = fresh(names::HOT_COMMIT);
    let id = || str_lit(module_id);
    let mut top: Vec<Stmt> = vec![];
    let mut imports: Vec<(&str, Ident)> = vec![];

    if plan.mode == HmrMode::Commonjs || script {
        // `require`d only under a bundler's `module.hot` (not the Node runtime's, which applies changes itself), so a
        // plain Node process never loads the glue.
        let glue = fresh(names::HOT_GLUE);
        top.push(quote!(
            "var $glue = typeof module !== \"undefined\" && module.hot && !module.hot[\"mighty-patcher\"] ? require($runtime) : undefined;" as Stmt,
            glue: Ident = glue.clone(),
            runtime: Expr = str_lit(runtime),
        ));
        top.push(quote!(
            "var $commit = $glue && $glue_hot.hot(module.hot, $self_accept, $id);" as Stmt,
            commit: Ident = commit.clone(),
            glue: Ident = glue.clone(),
            glue_hot: Ident = glue.clone(),
            self_accept: Expr = Expr::Lit(Lit::Bool(Bool { span: DUMMY_SP, value: plan.self_accept })),
            id: Expr = id(),
        ));
        if plan.self_accept {
            top.push(quote!(
                "if ($glue) module.hot.accept($glue_error.hotError($id));" as Stmt,
                glue: Ident = glue.clone(),
                glue_error: Ident = glue,
                id: Expr = id(),
            ));
        }
    } else {
        let hot = fresh(names::HOT);
        imports.push(("hot", hot.clone()));
        let top_gate = plan.top_level.as_ref().map(|_| fresh(names::HOT_TOP));
        let top_level = match (&plan.top_level, &top_gate) {
            (Some(top_level), Some(gate_id)) if gate(program, top_level, slots, gate_id) => Some((top_level, gate_id.clone())),
            _ => None,
        };
        if let Some((top_level, gate_id)) = top_level {
            // Under Vite only (`import.meta.hot`): the module accepts its own update there, and its scope is kept.
            let code = fresh(names::CODE);
            let make_gate = fresh(names::HOT_GATE);
            imports.push(("hotGate", make_gate.clone()));
            let prop = |key: PropName, value: Expr| PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp { key, value: Box::new(value) })));
            let named = |name: &str| PropName::Ident(IdentName::new(name.into(), DUMMY_SP));
            let scope = Expr::Object(ObjectLit {
                span: DUMMY_SP,
                props: vec![
                    prop(named("shape"), str_lit(&top_level.shape)),
                    prop(named("content"), str_lit(&top_level.content)),
                    // Each function outside functions' body hash, by registry name: slots without `/` are those functions, in source order.
                    prop(
                        named("bodies"),
                        Expr::Object(ObjectLit {
                            span: DUMMY_SP,
                            props: slots
                                .iter()
                                .filter(|slot| !slot.name.contains('/'))
                                .zip(&top_level.bodies)
                                .map(|(slot, hash)| prop(PropName::Str(Str { span: DUMMY_SP, value: slot.name.as_str().into(), raw: None }), str_lit(hash)))
                                .collect(),
                        }),
                    ),
                    prop(named("evaluate"), evaluator(code, unresolved)),
                ],
            });
            top.push(quote!(
                "var $commit = $hot($vite || $webpack || $turbopack, !!$vite_accepts, $id, $vite_scope && $scope);" as Stmt,
                commit: Ident = commit.clone(),
                hot: Ident = hot,
                vite: Expr = import_meta("hot"),
                webpack: Expr = import_meta("webpackHot"),
                turbopack: Expr = import_meta("turbopackHot"),
                vite_accepts: Expr = import_meta("hot"),
                id: Expr = id(),
                vite_scope: Expr = import_meta("hot"),
                scope: Expr = scope,
            ));
            top.push(quote!("if ($vite) $vite_accept.accept();" as Stmt, vite: Expr = import_meta("hot"), vite_accept: Expr = import_meta("hot")));
            top.push(quote!("var $gate = $make_gate($commit);" as Stmt, gate: Ident = gate_id, make_gate: Ident = make_gate, commit: Ident = commit.clone()));
        } else {
            top.push(quote!(
                "var $commit = $hot($vite || $webpack || $turbopack, $self_accept, $id);" as Stmt,
                self_accept: Expr = Expr::Lit(Lit::Bool(Bool { span: DUMMY_SP, value: plan.self_accept })),
                commit: Ident = commit.clone(),
                hot: Ident = hot,
                vite: Expr = import_meta("hot"),
                webpack: Expr = import_meta("webpackHot"),
                turbopack: Expr = import_meta("turbopackHot"),
                id: Expr = id(),
            ));
            if plan.self_accept {
                let error = fresh(names::HOT_ERROR);
                imports.push(("hotError", error.clone()));
                // Vite finds a self-accepting module by the literal `import.meta.hot.accept(` in its source.
                top.push(quote!(
                    "if ($vite) $vite_accept.accept(); else if ($webpack) $webpack_accept.accept($error($id)); else if ($turbopack) $turbopack_accept.accept($error_again($id_again));" as Stmt,
                    vite: Expr = import_meta("hot"),
                    vite_accept: Expr = import_meta("hot"),
                    webpack: Expr = import_meta("webpackHot"),
                    webpack_accept: Expr = import_meta("webpackHot"),
                    turbopack: Expr = import_meta("turbopackHot"),
                    turbopack_accept: Expr = import_meta("turbopackHot"),
                    error: Ident = error.clone(),
                    error_again: Ident = error,
                    id: Expr = id(),
                    id_again: Expr = id(),
                ));
            }
        }
    }
    let mut bottom: Vec<Stmt> = vec![];
    bottom.push(quote!("if ($commit) $commit_call();" as Stmt, commit: Ident = commit.clone(), commit_call: Ident = commit));

    let mut marker = MarkGlobals { unresolved, names: GLUE_GLOBALS };
    for stmt in top.iter_mut().chain(bottom.iter_mut()) {
        stmt.visit_mut_with(&mut marker);
    }
    // First of all (imports are hoisted): the transaction of a re-evaluation opens before any cell or
    // function is defined. `imports` is empty in a script.
    let import = (!imports.is_empty()).then(|| import_named(&imports, runtime));
    insert_top_and_bottom(program, import.into_iter().chain(top.into_iter().map(ModuleItem::Stmt)).collect(), bottom);
}

/// `import { hot as _mp_hot, … } from "<runtime>";`
fn import_named(names: &[(&str, Ident)], runtime: &str) -> ModuleItem {
    ModuleItem::ModuleDecl(ModuleDecl::Import(ImportDecl {
        span: DUMMY_SP,
        specifiers: names
            .iter()
            .map(|(name, local)| {
                ImportSpecifier::Named(ImportNamedSpecifier {
                    span: DUMMY_SP,
                    local: local.clone(),
                    imported: Some(ModuleExportName::Ident(Ident::new((*name).into(), DUMMY_SP, SyntaxContext::empty()))),
                    is_type_only: false,
                })
            })
            .collect(),
        src: Box::new(Str { span: DUMMY_SP, value: runtime.into(), raw: None }),
        type_only: false,
        with: None,
        phase: Default::default(),
    }))
}
