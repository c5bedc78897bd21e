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

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use swc_core::atoms::Atom;
use swc_core::common::{BytePos, Spanned, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::{Visit, VisitMutWith, VisitWith};
use swc_core::quote;

use crate::ast::{call, evaluator, expr_stmt, insert_top_and_bottom, str_lit, unparen, MarkGlobals};
use crate::instrumenter::script_suffix;
use crate::names::{self, GeneratedNames, REGISTRY_KEY};
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
const GLUE_GLOBALS: &[&str] = &["globalThis", "module", "undefined"];


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
    declarators: HashSet<BytePos>,
    /// Functions outside functions: each must get a guard (a slot without `/`), or the module is not a top-level module.
    functions: usize,
    /// FNV-1a of each function outside functions' body text, in source order (the order of their slots).
    bodies: Vec<String>,
}

/// FNV-1a (32 bits) over UTF-16 code units, as 8 hex digits (docs/protocol.md §6; hmr.ts `fnv1a`).
pub fn fnv1a(text: &str) -> String {
    let mut h: u32 = 0x811c9dc5;
    for unit in text.encode_utf16() {
        h ^= unit as u32;
        h = h.wrapping_mul(0x01000193);
    }
    format!("{h:08x}")
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

/// A top-level module (docs/protocol.md §6): an ES module whose top level runs code, which the glue can gate
/// statement by statement, with no class outside functions. `None`: it is not one.
fn plan_top_level(module: &Module, source: Option<&Source>) -> Option<TopLevelPlan> {
    let source = source?;
    if !exports_patchable(&module.body, true) {
        return None;
    }
    let mut statements = HashSet::new();
    let mut declarators = HashSet::new();
    for item in &module.body {
        let var = match item {
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { decl: Decl::Var(v), .. })) => {
                // Exports: exports_patchable allowed function-valued bindings only.
                if v.decls.iter().any(|d| d.init.as_deref().is_some_and(|init| !is_plain_function(init))) {
                    return None;
                }
                continue;
            }
            ModuleItem::ModuleDecl(
                ModuleDecl::Import(_)
                | ModuleDecl::ExportDecl(_)
                | ModuleDecl::ExportNamed(_)
                | ModuleDecl::ExportDefaultDecl(_)
                | ModuleDecl::ExportDefaultExpr(_),
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
                Some(_) if matches!(declarator.name, Pat::Ident(_)) && !declarator.span.is_dummy() => {
                    declarators.insert(declarator.span.lo);
                }
                Some(_) => return None,
            }
        }
    }
    if statements.is_empty() {
        return None;
    }
    let mut functions = OutermostFunctions::default();
    module.visit_with(&mut functions);
    if functions.class {
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
        bodies.push(fnv1a(text.get(lo..hi)?));
        at = hi;
    }
    shape.push_str(text.get(at..)?);
    Some(TopLevelPlan { shape: fnv1a(&shape), content: fnv1a(text), statements, declarators, functions: functions.count, bodies })
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
                    if f.ident.as_ref().is_some_and(|id| is_react_name(&id.sym)) {
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
                let ok = (is_function(&export.expr) && !is_react_value("default", &export.expr))
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
            let runs_code = top_level_runs_code(&m.body);
            let top_level = if runs_code && mode == HmrMode::Esm { plan_top_level(m, source) } else { None };
            (every_export_patchable(&m.body) && !runs_code, top_level)
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
    let (mut statements, mut declarators) = (0, 0);
    for item in &module.body {
        match item {
            ModuleItem::Stmt(Stmt::Decl(Decl::Var(v))) => {
                declarators += v.decls.iter().filter(|d| d.init.is_some() && plan.declarators.contains(&d.span.lo)).count();
            }
            ModuleItem::Stmt(stmt) if plan.statements.contains(&stmt.span().lo) => statements += 1,
            _ => {}
        }
    }
    if statements != plan.statements.len() || declarators != plan.declarators.len() {
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
    for item in module.body.iter_mut() {
        match item {
            ModuleItem::Stmt(Stmt::Decl(Decl::Var(v))) => {
                for declarator in v.decls.iter_mut().filter(|d| plan.declarators.contains(&d.span.lo)) {
                    if let Some(init) = declarator.init.take() {
                        let init = Expr::Paren(ParenExpr { span: DUMMY_SP, expr: init });
                        declarator.init = Some(Box::new(call(Expr::Ident(gate.clone()), vec![arrow(ArrowFunctionBody::Expr(Box::new(init)))])));
                    }
                }
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
pub fn add_glue(program: &mut Program, plan: HmrPlan, module_id: &str, mut taken: GeneratedNames, unresolved: SyntaxContext, closures: bool, slots: &[Slot]) {
    // Scripts share their top-level names: the glue's names end with the suffix the instrumentation's have.
    let suffix = script_suffix(matches!(program, Program::Script(_)), module_id);
    let mut fresh = |name: &str| taken.fresh(&format!("{name}{suffix}"));
    let hot = fresh(names::HOT);
    let snapshot = fresh(names::HOT_SNAPSHOT);
    let error = fresh(names::HOT_ERROR);
    let commit = fresh(names::HOT_COMMIT);
    let top_gate = plan.top_level.as_ref().map(|_| fresh(names::HOT_TOP));
    let top_level = match (&plan.top_level, &top_gate) {
        (Some(top_level), Some(gate_id)) if gate(program, top_level, slots, gate_id) => Some((top_level, gate_id.clone())),
        _ => None,
    };
    let closure_patcher = (closures || top_level.is_some()).then(|| fresh(names::HOT_CLOSURES));
    let code = top_level.as_ref().map(|_| fresh(names::CODE));
    let load = top_level.as_ref().map(|_| fresh(names::HOT_LOAD));
    let module_id_lit = str_lit(module_id);

    let mut top: Vec<Stmt> = vec![];
    match plan.mode {
        HmrMode::Esm if top_level.is_some() => {
            // Under Vite only (`import.meta.hot`): the module accepts its own update there, and its scope is kept.
            let (top_level, _) = top_level.as_ref().unwrap();
            let scope = Expr::Object(ObjectLit {
                span: DUMMY_SP,
                props: vec![
                    PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp { key: PropName::Ident(IdentName::new("shape".into(), DUMMY_SP)), value: Box::new(str_lit(&top_level.shape)) }))),
                    PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp { key: PropName::Ident(IdentName::new("content".into(), DUMMY_SP)), value: Box::new(str_lit(&top_level.content)) }))),
                    // Each function outside functions' body hash, by registry name: slots without `/` are those functions, in source order.
                    PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
                        key: PropName::Ident(IdentName::new("bodies".into(), DUMMY_SP)),
                        value: Box::new(Expr::Object(ObjectLit {
                            span: DUMMY_SP,
                            props: slots
                                .iter()
                                .filter(|slot| !slot.name.contains('/'))
                                .zip(&top_level.bodies)
                                .map(|(slot, hash)| {
                                    PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
                                        key: PropName::Str(Str { span: DUMMY_SP, value: slot.name.as_str().into(), raw: None }),
                                        value: Box::new(str_lit(hash)),
                                    })))
                                })
                                .collect(),
                        })),
                    }))),
                    PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
                        key: PropName::Ident(IdentName::new("evaluate".into(), DUMMY_SP)),
                        value: Box::new(evaluator(code.clone().unwrap(), unresolved)),
                    }))),
                    PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
                        key: PropName::Ident(IdentName::new("load".into(), DUMMY_SP)),
                        value: Box::new(Expr::Ident(load.clone().unwrap())),
                    }))),
                ],
            });
            top.push(quote!(
                "var $commit = $hot($vite || $webpack || $turbopack, !!$vite_accepts, $closures, $vite_scope && $scope);" as Stmt,
                commit: Ident = commit.clone(),
                hot: Ident = hot.clone(),
                vite: Expr = import_meta("hot"),
                webpack: Expr = import_meta("webpackHot"),
                turbopack: Expr = import_meta("turbopackHot"),
                vite_accepts: Expr = import_meta("hot"),
                closures: Ident = closure_patcher.clone().unwrap(),
                vite_scope: Expr = import_meta("hot"),
                scope: Expr = scope,
            ));
            top.push(quote!("if ($vite) $vite_accept.accept();" as Stmt, vite: Expr = import_meta("hot"), vite_accept: Expr = import_meta("hot")));
        }
        HmrMode::Esm => {
            top.push(quote!(
                "var $commit = $hot($vite || $webpack || $turbopack, $self_accept);" as Stmt,
                self_accept: Expr = Expr::Lit(Lit::Bool(Bool { span: DUMMY_SP, value: plan.self_accept })),
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
                "var $commit = $hot(typeof module !== \"undefined\" ? module.hot : undefined, $self_accept);" as Stmt,
                self_accept: Expr = Expr::Lit(Lit::Bool(Bool { span: DUMMY_SP, value: plan.self_accept })),
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
    // `_mp_hot(api, selfAccepting, _mp_hotClosures)`: the patcher is passed only where it is emitted.
    if let (Some(closures), Some(Stmt::Decl(Decl::Var(var))), None) = (&closure_patcher, top.first_mut(), &top_level) {
        if let Some(Expr::Call(call)) = var.decls[0].init.as_deref_mut() {
            call.args.push(Expr::Ident(closures.clone()).into());
        }
    }

    let mut bottom: Vec<Stmt> = vec![
        quote!(
            r##"
            function $hot(hot, selfAccepting, patchClosures, scope) {
              if (!hot || hot["mighty-patcher"]) return;
              var data = hot.data, again = !!(data && data["mighty-patcher"]), kept = data && data["mighty-patcher:scope"];
              if (data) data["mighty-patcher"] = true;
              hot.dispose(function (data) {
                data["mighty-patcher"] = true;
              });
              var moduleId = $module_id, prefix = moduleId + "#";
              // A top-level module (Vite): the scope of the instance whose top level ran stays in hot.data, with the
              // functions that top level called while it loaded (`load` notes them, and tells whether this instance skips it).
              var load = scope && data && scope.load(scope, again && kept, prefix);
              if (load && !again) {
                data["mighty-patcher:scope"] = scope;
                return load;
              }
              var registry = globalThis[globalThis.Symbol.for($registry_key)];
              if (!again || !registry) return;
              // Its own file changed inside function bodies only, none of them a function that ran while the kept instance
              // loaded: this instance skips its top level (its gate) and the changed functions are compiled in the kept
              // scope at its last statement.
              var skip = !!(load && load.skip), skipped = [];
              var before = $snapshot(registry, prefix), transaction, open = true;
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
                  var reactNamed = !!slot.fn && !/\W/.test(name) && (/^(?:[A-Z]|use[A-Z])/.test(name) || /^(?:[A-Z]|use[A-Z])/.test(slot.fn.name));
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
                // With @mighty-patcher/runtime loaded, cells of later instances are held weakly in `later`.
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
            "# as Stmt,
            snapshot: Ident = snapshot.clone(),
        ),
    ];
    if let Some(closures) = &closure_patcher {
        // The closure patcher (docs/protocol.md §6): only in modules with closure sites.
        bottom.push(quote!(
            r##"
            function $closures(registry, prefix, names, before, topLevel) {
              var source = globalThis.Function.prototype.toString, patched = [], refused = [], byCell = {};
              registry.slots.forEach(function (slot, key) {
                if (key.slice(0, prefix.length) === prefix) byCell["_mp_s_" + key.slice(prefix.length).replace(/\W/g, "_")] = slot;
              });
              function slotOfCell(cell) {
                return byCell[cell] || byCell[cell.replace(/\d+\u0024/, "")];
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
                  while (i < n && text[i] !== "`") {
                    if (text[i] === "\\") i++;
                    else if (text[i] === String.fromCharCode(36) && text[i + 1] === "{") {
                      i += 2;
                      templates.push(open.length);
                      push(start, "`{", false);
                      return;
                    }
                    i++;
                  }
                  i++;
                  push(start, "`", true);
                }
                while (i < n) {
                  var c = text[i], start = i;
                  if (/\s/.test(c)) {
                    i++;
                  } else if (c === "/" && text[i + 1] === "/") {
                    while (i < n && !/[\n\r\u2028\u2029]/.test(text[i])) i++;
                  } else if (c === "/" && text[i + 1] === "*") {
                    i = text.indexOf("*/", i + 2);
                    i = i < 0 ? n : i + 2;
                  } else if (c === "'" || c === '"') {
                    for (i++; i < n && text[i] !== c; i++) if (text[i] === "\\") i++;
                    i++;
                    push(start, c, true);
                  } else if (c === "`") {
                    i++;
                    template(start);
                  } else if (c === "}" && templates.length && templates[templates.length - 1] === open.length) {
                    templates.pop();
                    i++;
                    template(start);
                  } else if (c === "/" && regex) {
                    for (i++; i < n && text[i] !== "/"; i++) {
                      if (text[i] === "\\") i++;
                      else if (text[i] === "[") while (++i < n && text[i] !== "]") if (text[i] === "\\") i++;
                    }
                    for (i++; i < n && /\w/.test(text[i]); i++);
                    push(start, "/", true);
                  } else if (/[\w\u0024\u0080-\uffff]/.test(c)) {
                    while (i < n && /[\w\u0024\u0080-\uffff]/.test(text[i])) i++;
                    var word = text.slice(start, i);
                    push(start, word, !/^(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)(?![\s\S])/.test(word));
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
              // The closure sites of a function's text whose guard reads `cell` (any guarded function with `any`): each one's range, parent and how to compile it.
              function sites(text, any) {
                var scanned = scan(text), tokens = scanned.tokens, match = scanned.match, found = [], m;
                var guard = any ? /if\s*\(\s*(_mp_s_\w+)\s*\?\.\s*v\s*>\s*\d+\s*\)\s*return\b/g : /if\s*\(\s*(_mp_s_\w+)\s*\?\.\s*v\s*>\s*\d+\s*\)\s*return\s+\1\s*\.\s*impl\s*\(\s*_mp_e\w*\s*,/g;
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
                      while (tokens[first - 1] && /^(?:async|get|set|\*)(?![\s\S])/.test(tokens[first - 1].v)) first--;
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
              // The text of `site` (of the whole function: none) with the closures it makes masked: what its activations hold.
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
                return text.replace(/(_mp_s_\w+)(\s*\?\.\s*v\s*>\s*)\d+/g, function (all, cell, middle) {
                  var other = slotOfCell(cell);
                  return other ? cell + middle + other.version : all;
                });
              }
              function compiled(site, evaluate) {
                var code = site.kind === "method" ? "(function () { var o = { " + current(site.text) + " }, d = globalThis.Object.getOwnPropertyDescriptor(o, globalThis.Reflect.ownKeys(o)[0]); return d.value || d.get || d.set; })()" : "(" + current(site.text) + ")";
                return evaluate ? evaluate(code) : runner(code);
              }
              if (topLevel) return update(topLevel);
              // A top-level module's update: in place (`skipped`: this instance skipped its top level), else said and invalidated.
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
            "## as Stmt,
            closures: Ident = closures.clone(),
        ));
    }
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
    if let Some((_, gate_id)) = &top_level {
        // A top-level module's gate (docs/protocol.md §6): runs a statement, noting the calls it makes, unless this instance skips its top level.
        bottom.push(quote!(
            r#"
            function $top(run) {
              return $commit && $commit_tops.top ? $commit_top.top(run) : run();
            }
            "# as Stmt,
            top: Ident = gate_id.clone(),
            commit: Ident = commit.clone(),
            commit_tops: Ident = commit.clone(),
            commit_top: Ident = commit.clone(),
        ));
        bottom.push(quote!(
            r#"
            // A top-level module's instance (its `scope`'s `load`) whose top level runs (docs/protocol.md §6): from its
            // first gate to a task after the page has loaded (see `end`), the first call of each of its
            // functions goes through a recorder that notes the function in `scope.ran` and steps aside (no cost on later
            // calls). Returns the function that ends the load; `skip`: whether this instance skips its top level (`kept`'s
            // code changed inside function bodies only, none of them one that ran while it loaded; `ran`: those that did).
            function $load(scope, kept, prefix) {
              var symbol = globalThis.Symbol.for($registry_key), existing = new globalThis.Set(), open = true, armed = false;
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
            "# as Stmt,
            load: Ident = load.clone().unwrap(),
            registry_key: Expr = str_lit(REGISTRY_KEY),
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
