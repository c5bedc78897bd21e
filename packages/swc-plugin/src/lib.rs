//! Mighty Patcher as an SWC Wasm plugin: every module-level function becomes a
//! stable proxy delegating to a swappable implementation in the global registry.
//! The contract is docs/protocol.md; this is the same rewrite as
//! packages/babel-plugin (same registry keys, same helpers, same proxy shapes).
//! Generated identifiers are `_mp_`-prefixed and never collide with a name of the module.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use swc_core::atoms::Atom;
use swc_core::common::{util::take::Take, Span, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::{Visit, VisitMut, VisitMutWith, VisitWith};
use swc_core::quote;

mod exclude;
mod hmr;
mod paths;
pub use exclude::{is_excluded, DEFAULT_EXCLUDE};
pub use hmr::{HmrMode, HmrOption};
pub use paths::module_id;

/// Key of the generator proxies' rest pattern: never a property of an array.
const GENERATOR_CALL_KEY: &str = "mighty-patcher";

/// Globals referenced by generated code: they are marked unresolved so that SWC's
/// hygiene pass renames a module binding that shadows them, never our reference.
const GLOBALS: &[&str] = &["Symbol", "globalThis", "Map", "Object", "Reflect", "arguments", "eval"];

/// The plugin options (`jsc.experimental.plugins: [[wasm, options]]`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Module ids are file paths relative to this directory. Default: SWC's working directory.
    pub root: Option<String>,
    /// Default: on, except when SWC's env (`envName`, else `SWC_ENV`/`NODE_ENV`) is `production`.
    pub enabled: Option<bool>,
    /// Emit the module's evaluator (docs/protocol.md §3.5) for state-keeping body patches. Default: on.
    #[serde(rename = "inScopePatches")]
    pub in_scope_patches: Option<bool>,
    /// Bundler HMR glue (docs/protocol.md §6): `true` (default), `false`, `"esm"` or `"commonjs"`.
    pub hmr: Option<HmrOption>,
    /// Files left uninstrumented: path patterns matched against the module id (src/exclude.rs).
    /// Default: [DEFAULT_EXCLUDE], every file under a `node_modules` directory; `[]` instruments every file.
    pub exclude: Option<Vec<String>>,
}

impl Options {
    pub fn parse(json: Option<&str>) -> Result<Options, String> {
        match json.map(str::trim) {
            None | Some("") | Some("null") => Ok(Options::default()),
            Some(json) => {
                let options: Options = serde_json::from_str(json).map_err(|error| {
                    format!("@mighty-patcher/swc-plugin: invalid options {json}: {error} (known: root: string, enabled: boolean, inScopePatches: boolean, hmr: boolean | \"esm\" | \"commonjs\", exclude: string[])")
                })?;
                for pattern in options.exclude.iter().flatten() {
                    if let Some(problem) = exclude::invalid_pattern(pattern) {
                        return Err(format!("@mighty-patcher/swc-plugin: option \"exclude\": invalid pattern {}: {problem}", serde_json::to_string(pattern).unwrap_or_default()));
                    }
                }
                Ok(options)
            }
        }
    }

    pub fn enabled(&self, env: Option<&str>) -> bool {
        self.enabled.unwrap_or(env != Some("production"))
    }

    /// Whether the `exclude` option leaves the module with this id alone.
    pub fn excludes(&self, module_id: &str) -> bool {
        match &self.exclude {
            Some(patterns) => is_excluded(module_id, patterns),
            None => is_excluded(module_id, DEFAULT_EXCLUDE),
        }
    }
}

/// A construct left uninstrumented, for a build warning naming file:line.
#[derive(Debug, Clone)]
pub struct Warning {
    pub span: Span,
    pub message: String,
}

/// Instruments `program` as docs/protocol.md §3 describes. Returns the warnings.
pub fn instrument(program: &mut Program, module_id: &str, unresolved: SyntaxContext, in_scope_patches: bool) -> Vec<Warning> {
    let mut used = HashSet::new();
    program.visit_with(&mut IdentCollector { names: &mut used });
    let mut module = ModuleInstrumenter::new(module_id, unresolved, used);
    module.in_scope_patches = in_scope_patches;
    match program {
        Program::Module(m) => {
            module.collect_top_level_module(&m.body);
            for item in m.body.iter_mut() {
                match item {
                    ModuleItem::Stmt(stmt) => module.statement(stmt),
                    ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => module.declaration(&mut export.decl),
                    ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) => match &mut export.decl {
                        DefaultDecl::Fn(f) => {
                            if f.function.body.is_some() {
                                module.function_declaration(&mut f.ident, &mut f.function);
                            }
                        }
                        DefaultDecl::Class(c) => {
                            let name = c.ident.as_ref().map(|i| i.sym.to_string()).unwrap_or_else(|| "default".into());
                            module.class(&mut c.class, &name, c.ident.as_ref());
                        }
                        _ => {}
                    },
                    ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(export)) => {
                        module.bound_expression(&mut export.expr, "default");
                    }
                    _ => {}
                }
            }
            if let Some((top, bottom)) = module.finish() {
                let at = m
                    .body
                    .iter()
                    .rposition(|item| matches!(item, ModuleItem::ModuleDecl(ModuleDecl::Import(_))))
                    .map(|i| i + 1)
                    .unwrap_or_else(|| {
                        m.body
                            .iter()
                            .take_while(|item| matches!(item, ModuleItem::Stmt(s) if directive(s).is_some()))
                            .count()
                    });
                m.body.splice(at..at, top.into_iter().map(ModuleItem::Stmt));
                m.body.extend(bottom.into_iter().map(ModuleItem::Stmt));
            }
        }
        Program::Script(s) => {
            module.collect_top_level_stmts(s.body.iter());
            for stmt in s.body.iter_mut() {
                module.statement(stmt);
            }
            if let Some((top, bottom)) = module.finish() {
                let at = s.body.iter().take_while(|stmt| directive(stmt).is_some()).count();
                s.body.splice(at..at, top);
                s.body.extend(bottom);
            }
        }
    }
    module.warnings
}

// ---------------------------------------------------------------------------
// Small AST builders

fn ident(sym: &str) -> Ident {
    Ident::new(sym.into(), DUMMY_SP, SyntaxContext::empty())
}

fn str_lit(value: &str) -> Expr {
    Expr::Lit(Lit::Str(Str { span: DUMMY_SP, value: value.into(), raw: None }))
}

/// Babel's `isValidIdentifier(name, false)`: an IdentifierName (reserved words allowed).
fn is_identifier_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if Ident::is_valid_start(c) => chars.all(Ident::is_valid_continue),
        _ => false,
    }
}

fn prop_name(name: &str) -> PropName {
    if is_identifier_name(name) {
        PropName::Ident(IdentName::new(name.into(), DUMMY_SP))
    } else {
        PropName::Str(Str { span: DUMMY_SP, value: name.into(), raw: None })
    }
}

/// `object.name` (or `object["name"]` for a name that is not an identifier).
fn member(object: Expr, name: &str) -> Expr {
    let prop = if is_identifier_name(name) {
        MemberProp::Ident(IdentName::new(name.into(), DUMMY_SP))
    } else {
        MemberProp::Computed(ComputedPropName { span: DUMMY_SP, expr: Box::new(str_lit(name)) })
    };
    Expr::Member(MemberExpr { span: DUMMY_SP, obj: Box::new(object), prop })
}

fn call(callee: Expr, args: Vec<Expr>) -> Expr {
    Expr::Call(CallExpr {
        span: DUMMY_SP,
        ctxt: SyntaxContext::empty(),
        callee: Callee::Expr(Box::new(callee)),
        args: args.into_iter().map(|expr| ExprOrSpread { spread: None, expr: Box::new(expr) }).collect(),
        type_args: None,
    })
}

fn assign(target: &Ident, value: Expr) -> Expr {
    Expr::Assign(AssignExpr {
        span: DUMMY_SP,
        op: AssignOp::Assign,
        left: AssignTarget::Simple(SimpleAssignTarget::Ident(BindingIdent { id: target.clone(), type_ann: None })),
        right: Box::new(value),
    })
}

fn expr_stmt(expr: Expr) -> Stmt {
    Stmt::Expr(ExprStmt { span: DUMMY_SP, expr: Box::new(expr) })
}

fn return_stmt(expr: Expr) -> Stmt {
    Stmt::Return(ReturnStmt { span: DUMMY_SP, arg: Some(Box::new(expr)) })
}

fn block(stmts: Vec<Stmt>) -> BlockStmt {
    BlockStmt { span: DUMMY_SP, ctxt: SyntaxContext::empty(), stmts }
}

fn this() -> Expr {
    Expr::This(ThisExpr { span: DUMMY_SP })
}

fn new_target() -> Expr {
    Expr::MetaProp(MetaPropExpr { span: DUMMY_SP, kind: MetaPropKind::NewTarget })
}

fn seq(exprs: Vec<Expr>) -> Expr {
    Expr::Seq(SeqExpr { span: DUMMY_SP, exprs: exprs.into_iter().map(Box::new).collect() })
}

fn param(pat: Pat) -> Param {
    Param { span: DUMMY_SP, decorators: vec![], pat }
}

fn function(params: Vec<Param>, body: FunctionBody, generator: bool, is_async: bool, span: Span) -> Box<Function> {
    Box::new(Function {
        params,
        body: Some(body),
        is_generator: generator,
        is_async,
        span,
        ..Default::default()
    })
}

fn fn_expr(ident: Option<Ident>, function: Box<Function>) -> Expr {
    Expr::Fn(FnExpr { ident, function })
}

/// The value of a directive statement (`"use strict";`), as Babel's DirectiveLiteral: the raw text between the quotes.
fn directive(stmt: &Stmt) -> Option<String> {
    if let Stmt::Expr(ExprStmt { expr, .. }) = stmt {
        if let Expr::Lit(Lit::Str(s)) = &**expr {
            return Some(match &s.raw {
                Some(raw) if raw.len() >= 2 => raw[1..raw.len() - 1].to_string(),
                _ => s.value.to_string_lossy().into_owned(),
            });
        }
    }
    None
}

fn is_use_strict(body: Option<&FunctionBody>) -> bool {
    body.is_some_and(|body| body.stmts.iter().map_while(directive).any(|d| d == "use strict"))
}

/// The original's `length`: parameters before the first default or rest.
fn length_of<'a>(params: impl IntoIterator<Item = &'a Pat>) -> usize {
    params.into_iter().take_while(|p| !matches!(p, Pat::Assign(_) | Pat::Rest(_))).count()
}

/// JavaScript's `String(number)`.
fn js_number(value: f64) -> String {
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if value == 0.0 {
        return "0".into();
    }
    ryu_js::Buffer::new().format(value).to_string()
}

/// `JSON.stringify(string)`.
fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
}

/// Every `_mp_`-prefixed identifier name used anywhere in the module: generated names, all `_mp_`-prefixed,
/// avoid them (other names cannot collide, so they are not collected: most modules give an empty set).
/// Shared with hmr.rs: every Visit/VisitMut implementation instantiates a whole AST traversal (a larger .wasm).
pub(crate) struct IdentCollector<'a> {
    pub(crate) names: &'a mut HashSet<Atom>,
}

impl Visit for IdentCollector<'_> {
    fn visit_ident(&mut self, ident: &Ident) {
        if ident.sym.starts_with(GENERATED_PREFIX) {
            self.names.insert(ident.sym.clone());
        }
    }
}

/// The prefix of every generated identifier (`uid`, hmr's `fresh`).
pub(crate) const GENERATED_PREFIX: &str = "_mp_";

struct PrivateNameFinder {
    found: bool,
}

impl Visit for PrivateNameFinder {
    fn visit_private_name(&mut self, _: &PrivateName) {
        self.found = true;
    }
}

/// Gives the generated references to globals (`names`) the unresolved context. Shared with hmr.rs.
pub(crate) struct MarkGlobals {
    pub(crate) unresolved: SyntaxContext,
    pub(crate) names: &'static [&'static str],
}

impl VisitMut for MarkGlobals {
    fn visit_mut_ident(&mut self, ident: &mut Ident) {
        if self.names.contains(&&*ident.sym) {
            ident.ctxt = self.unresolved;
        }
    }
}

fn pat_binding_ids(pat: &Pat, out: &mut Vec<Ident>) {
    match pat {
        Pat::Ident(b) => out.push(b.id.clone()),
        Pat::Array(a) => a.elems.iter().flatten().for_each(|p| pat_binding_ids(p, out)),
        Pat::Object(o) => {
            for prop in &o.props {
                match prop {
                    ObjectPatProp::KeyValue(kv) => pat_binding_ids(&kv.value, out),
                    ObjectPatProp::Assign(a) => out.push(a.key.id.clone()),
                    ObjectPatProp::Rest(r) => pat_binding_ids(&r.arg, out),
                }
            }
        }
        Pat::Assign(a) => pat_binding_ids(&a.left, out),
        Pat::Rest(r) => pat_binding_ids(&r.arg, out),
        _ => {}
    }
}

#[derive(Clone, Copy)]
struct Kind {
    is_async: bool,
    generator: bool,
    constructible: bool,
}

/// Per-module state shared by the function and class instrumentation.
struct ModuleInstrumenter {
    module_id: String,
    unresolved: SyntaxContext,
    used: HashSet<Atom>,
    used_names: HashMap<String, u32>,
    slot_ids: Vec<Ident>,
    hoisted: Vec<Stmt>,
    first_hoisted_slot: Option<Ident>,
    define_id: Option<Ident>,
    init_id: Option<Ident>,
    method_id: Option<Ident>,
    tmp_id: Option<Ident>,
    in_scope_patches: bool,
    iterator: Ident,
    /// Module-level `const` bindings and imports: computed keys safe to evaluate twice.
    constants: HashSet<(Atom, SyntaxContext)>,
    /// Names of all module-level bindings.
    top_level: HashSet<Atom>,
    warnings: Vec<Warning>,
}

impl ModuleInstrumenter {
    fn new(module_id: &str, unresolved: SyntaxContext, used: HashSet<Atom>) -> Self {
        let mut module = ModuleInstrumenter {
            module_id: module_id.to_string(),
            unresolved,
            used,
            used_names: HashMap::new(),
            slot_ids: vec![],
            hoisted: vec![],
            first_hoisted_slot: None,
            define_id: None,
            init_id: None,
            method_id: None,
            tmp_id: None,
            in_scope_patches: true,
            iterator: ident("_"),
            constants: HashSet::new(),
            top_level: HashSet::new(),
            warnings: vec![],
        };
        module.iterator = module.uid("it");
        module
    }

    /// A fresh `_mp_<name>` identifier (Babel's generateUidIdentifier naming: `_mp_x`, `_mp_x2`, ...).
    fn uid(&mut self, name: &str) -> Ident {
        let base = format!("mp_{name}");
        let base = base.trim_end_matches(|c: char| c.is_ascii_digit());
        let mut i = 1;
        loop {
            let candidate = if i > 1 { format!("_{base}{i}") } else { format!("_{base}") };
            let atom = Atom::from(candidate.as_str());
            if !self.used.contains(&atom) {
                self.used.insert(atom);
                return ident(&candidate);
            }
            i += 1;
        }
    }

    fn global(&self, name: &str) -> Expr {
        Expr::Ident(Ident::new(name.into(), DUMMY_SP, self.unresolved))
    }

    fn forward(&self, callee: Expr) -> Expr {
        call(member(callee, "apply"), vec![this(), self.global("arguments")])
    }

    fn impl_of(slot: &Ident) -> Expr {
        member(Expr::Ident(slot.clone()), "impl")
    }

    fn define(&mut self) -> Ident {
        if self.define_id.is_none() {
            self.define_id = Some(self.uid("define"));
        }
        self.define_id.clone().unwrap()
    }

    fn init(&mut self) -> Ident {
        if self.init_id.is_none() {
            self.init_id = Some(self.uid("init"));
        }
        self.init_id.clone().unwrap()
    }

    fn method(&mut self) -> Ident {
        if self.method_id.is_none() {
            self.method_id = Some(self.uid("method"));
        }
        self.method_id.clone().unwrap()
    }

    fn tmp(&mut self) -> Ident {
        if self.tmp_id.is_none() {
            self.tmp_id = Some(self.uid("tmp"));
        }
        self.tmp_id.clone().unwrap()
    }

    /// A registry name unique within the module (`~2`, `~3` for repeats).
    fn claim_name(&mut self, name: &str) -> String {
        let count = self.used_names.entry(name.to_string()).or_insert(0);
        *count += 1;
        if *count == 1 {
            name.to_string()
        } else {
            format!("{name}~{count}")
        }
    }

    fn new_slot(&mut self, name: &str) -> Ident {
        let sanitized: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '$' { c } else { '_' })
            .collect();
        let id = self.uid(&format!("s_{sanitized}"));
        self.slot_ids.push(id.clone());
        id
    }

    /// `_s = _mpDefine(name, impl, proxy)`
    fn define_call(&mut self, slot: &Ident, name: &str, implementation: Expr, proxy: Expr) -> Expr {
        let define = self.define();
        assign(slot, call(Expr::Ident(define), vec![str_lit(name), implementation, proxy]))
    }

    fn warn(&mut self, span: Span, message: String) {
        self.warnings.push(Warning { span, message });
    }

    // -- module-level bindings ------------------------------------------------

    fn collect_top_level_module(&mut self, items: &[ModuleItem]) {
        for item in items {
            match item {
                ModuleItem::ModuleDecl(ModuleDecl::Import(import)) => {
                    for specifier in &import.specifiers {
                        let local = match specifier {
                            ImportSpecifier::Named(s) => &s.local,
                            ImportSpecifier::Default(s) => &s.local,
                            ImportSpecifier::Namespace(s) => &s.local,
                        };
                        self.top_level.insert(local.sym.clone());
                        self.constants.insert((local.sym.clone(), local.ctxt));
                    }
                }
                ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => self.collect_decl(&export.decl),
                ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) => match &export.decl {
                    DefaultDecl::Fn(FnExpr { ident: Some(i), .. }) | DefaultDecl::Class(ClassExpr { ident: Some(i), .. }) => {
                        self.top_level.insert(i.sym.clone());
                    }
                    _ => {}
                },
                ModuleItem::Stmt(stmt) => self.collect_stmt(stmt),
                _ => {}
            }
        }
    }

    fn collect_top_level_stmts<'a>(&mut self, stmts: impl Iterator<Item = &'a Stmt>) {
        for stmt in stmts {
            self.collect_stmt(stmt);
        }
    }

    fn collect_stmt(&mut self, stmt: &Stmt) {
        if let Stmt::Decl(decl) = stmt {
            self.collect_decl(decl);
        }
    }

    fn collect_decl(&mut self, decl: &Decl) {
        match decl {
            Decl::Fn(f) => {
                self.top_level.insert(f.ident.sym.clone());
            }
            Decl::Class(c) => {
                self.top_level.insert(c.ident.sym.clone());
            }
            Decl::Var(v) => {
                let mut ids = vec![];
                for declarator in &v.decls {
                    pat_binding_ids(&declarator.name, &mut ids);
                }
                for id in ids {
                    self.top_level.insert(id.sym.clone());
                    if v.kind == VarDeclKind::Const {
                        self.constants.insert((id.sym.clone(), id.ctxt));
                    }
                }
            }
            Decl::TsEnum(e) => {
                self.top_level.insert(e.id.sym.clone());
            }
            _ => {}
        }
    }

    // -- statements ---------------------------------------------------------------

    fn statement(&mut self, stmt: &mut Stmt) {
        if let Stmt::Decl(decl) = stmt {
            self.declaration(decl);
        }
    }

    fn declaration(&mut self, decl: &mut Decl) {
        match decl {
            Decl::Fn(f) => {
                // `declare function` and overload signatures have no body: nothing to patch.
                if f.declare || f.function.body.is_none() {
                    return;
                }
                let mut id = Some(f.ident.clone());
                self.function_declaration(&mut id, &mut f.function);
            }
            Decl::Class(c) => {
                if !c.declare {
                    let name = c.ident.sym.to_string();
                    let class_ident = c.ident.clone();
                    self.class(&mut c.class, &name, Some(&class_ident));
                }
            }
            Decl::Var(v) => {
                if v.declare {
                    return;
                }
                for declarator in v.decls.iter_mut() {
                    let Pat::Ident(binding) = &declarator.name else { continue };
                    let name = binding.id.sym.to_string();
                    if let Some(init) = declarator.init.as_mut() {
                        self.bound_expression(init, &name);
                    }
                }
            }
            _ => {}
        }
    }

    /// `const f = <function | arrow | class>` and `export default <...>`.
    fn bound_expression(&mut self, expr: &mut Box<Expr>, name: &str) {
        // Babel's parser drops parentheses; SWC keeps them.
        let mut inner: &mut Expr = expr;
        while let Expr::Paren(p) = inner {
            inner = &mut p.expr;
        }
        match inner {
            Expr::Fn(_) | Expr::Arrow(_) => {
                let replacement = self.function_expression(inner.take(), name);
                **expr = replacement;
            }
            Expr::Class(c) => {
                let class_ident = c.ident.clone();
                self.class(&mut c.class, name, class_ident.as_ref());
            }
            _ => {}
        }
    }

    /// A function declaration: replaced in place by its proxy, its implementation defined in `_mp_init`.
    fn function_declaration(&mut self, id: &mut Option<Ident>, func: &mut Box<Function>) {
        let binding_name = id.as_ref().map(|i| i.sym.to_string());
        let name = self.claim_name(binding_name.as_deref().unwrap_or("default"));
        let slot = self.new_slot(&name);
        if self.first_hoisted_slot.is_none() {
            self.first_hoisted_slot = Some(slot.clone());
        }
        // An anonymous `export default function` has no binding for _mp_init to hand to the
        // registry: give it one, and give the proxy back the name "default" the original had.
        let anonymous = id.is_none();
        let proxy_id = match id {
            Some(i) => i.clone(),
            None => self.uid("default"),
        };
        let kind = Kind {
            is_async: func.is_async,
            generator: func.is_generator,
            constructible: !func.is_async && !func.is_generator,
        };
        let length = length_of(func.params.iter().map(|p| &p.pat));
        let strict = is_use_strict(func.body.as_ref());
        let span = func.span;
        let original = std::mem::take(&mut **func);
        let property = binding_name.clone().unwrap_or_else(|| "default".into());
        let implementation = self.named(&property, fn_expr(None, Box::new(original)));
        let define = self.define_call(&slot, &name, implementation, Expr::Ident(proxy_id.clone()));
        self.hoisted.push(expr_stmt(define));
        if anonymous {
            self.hoisted.push(self.set_name(&proxy_id, "default"));
        }
        let init = self.init();
        let (params, body) = self.proxy_shape(kind, length, &slot, Some(&init), strict);
        *func = function(params, body, kind.generator, kind.is_async, span);
        *id = Some(proxy_id);
    }

    /// A function or arrow bound at module level: `(_tmp = proxy, _s = _mpDefine(name, impl, _tmp), _tmp)`.
    fn function_expression(&mut self, expr: Expr, binding_name: &str) -> Expr {
        let name = self.claim_name(binding_name);
        let slot = self.new_slot(&name);
        let (implementation, proxy) = match expr {
            Expr::Arrow(arrow) => {
                let kind = Kind { is_async: arrow.is_async, generator: arrow.is_generator, constructible: false };
                let length = length_of(arrow.params.iter());
                let span = arrow.span;
                let implementation = self.named(binding_name, Expr::Arrow(arrow));
                let (params, body) = self.proxy_shape(kind, length, &slot, None, false);
                let method = Prop::Method(MethodProp {
                    key: prop_name(binding_name),
                    function: function(params, body, kind.generator, kind.is_async, span),
                });
                let object = Expr::Object(ObjectLit { span: DUMMY_SP, props: vec![PropOrSpread::Prop(Box::new(method))] });
                (implementation, member(object, binding_name))
            }
            Expr::Fn(f) => {
                let kind = Kind {
                    is_async: f.function.is_async,
                    generator: f.function.is_generator,
                    constructible: !f.function.is_async && !f.function.is_generator,
                };
                let length = length_of(f.function.params.iter().map(|p| &p.pat));
                let strict = is_use_strict(f.function.body.as_ref());
                let span = f.function.span;
                let (params, body) = self.proxy_shape(kind, length, &slot, None, strict);
                let proxy_fn = function(params, body, kind.generator, kind.is_async, span);
                match f.ident.clone() {
                    Some(fn_ident) => (Expr::Fn(f), fn_expr(Some(fn_ident), proxy_fn)),
                    None => {
                        let implementation = self.named(binding_name, Expr::Fn(f));
                        (implementation, self.named(binding_name, fn_expr(None, proxy_fn)))
                    }
                }
            }
            other => return other,
        };
        let tmp = self.tmp();
        let define = self.define_call(&slot, &name, implementation, Expr::Ident(tmp.clone()));
        seq(vec![assign(&tmp, proxy), define, Expr::Ident(tmp)])
    }

    /// `{ name: value }.name`: gives an anonymous function its name without an inner binding.
    fn named(&self, name: &str, value: Expr) -> Expr {
        let prop = Prop::KeyValue(KeyValueProp { key: prop_name(name), value: Box::new(value) });
        let object = Expr::Object(ObjectLit { span: DUMMY_SP, props: vec![PropOrSpread::Prop(Box::new(prop))] });
        member(object, name)
    }

    /// `Object.defineProperty(id, "name", { value: name })`
    fn set_name(&self, id: &Ident, name: &str) -> Stmt {
        let descriptor = Expr::Object(ObjectLit {
            span: DUMMY_SP,
            props: vec![PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
                key: prop_name("value"),
                value: Box::new(str_lit(name)),
            })))],
        });
        expr_stmt(call(
            member(self.global("Object"), "defineProperty"),
            vec![Expr::Ident(id.clone()), str_lit("name"), descriptor],
        ))
    }

    /// Parameters and body of a proxy of the given kind. With `lazy_init` (hoisted proxies, which
    /// can run before the module body has), the slot read is guarded by try/catch.
    fn proxy_shape(
        &self,
        kind: Kind,
        length: usize,
        slot: &Ident,
        lazy_init: Option<&Ident>,
        strict: bool,
    ) -> (Vec<Param>, FunctionBody) {
        let mut params: Vec<Param> = (0..length)
            .map(|i| param(Pat::Ident(BindingIdent { id: ident(&format!("_{i}")), type_ann: None })))
            .collect();
        let mut stmts = vec![];
        if kind.generator {
            // The implementation's iterator is created in a parameter initializer, i.e. at call time.
            let forwarded = self.forward(Self::impl_of(slot));
            let guarded = match lazy_init {
                Some(init) => seq(vec![
                    Expr::Bin(BinExpr {
                        span: DUMMY_SP,
                        op: BinaryOp::LogicalOr,
                        left: Box::new(Expr::Ident(slot.clone())),
                        right: Box::new(call(Expr::Ident(init.clone()), vec![])),
                    }),
                    forwarded,
                ]),
                None => forwarded,
            };
            let pattern = Pat::Object(ObjectPat {
                span: DUMMY_SP,
                props: vec![ObjectPatProp::KeyValue(KeyValuePatProp {
                    key: PropName::Str(Str { span: DUMMY_SP, value: GENERATOR_CALL_KEY.into(), raw: None }),
                    value: Box::new(Pat::Assign(AssignPat {
                        span: DUMMY_SP,
                        left: Box::new(Pat::Ident(BindingIdent { id: self.iterator.clone(), type_ann: None })),
                        right: Box::new(guarded),
                    })),
                })],
                optional: false,
                type_ann: None,
            });
            params.push(param(Pat::Rest(RestPat {
                span: DUMMY_SP,
                dot3_token: DUMMY_SP,
                arg: Box::new(pattern),
                type_ann: None,
            })));
            stmts.push(return_stmt(Expr::Yield(YieldExpr {
                span: DUMMY_SP,
                arg: Some(Box::new(Expr::Ident(self.iterator.clone()))),
                delegate: true,
            })));
            // A directive is not allowed with a non-simple parameter list (docs/limitations.md).
            return (params, FunctionBody { span: DUMMY_SP, stmts });
        }
        if strict {
            stmts.push(Stmt::Expr(ExprStmt {
                span: DUMMY_SP,
                expr: Box::new(Expr::Lit(Lit::Str(Str {
                    span: DUMMY_SP,
                    value: "use strict".into(),
                    raw: Some("\"use strict\"".into()),
                }))),
            }));
        }
        let mut callee = Self::impl_of(slot);
        if let Some(init) = lazy_init {
            let local = ident("impl");
            let read = || expr_stmt(assign(&local, Self::impl_of(slot)));
            stmts.push(Stmt::Decl(Decl::Var(Box::new(VarDecl {
                span: DUMMY_SP,
                ctxt: SyntaxContext::empty(),
                kind: VarDeclKind::Var,
                declare: false,
                decls: vec![VarDeclarator {
                    span: DUMMY_SP,
                    name: Pat::Ident(BindingIdent { id: local.clone(), type_ann: None }),
                    init: None,
                    definite: false,
                }],
            }))));
            stmts.push(Stmt::Try(Box::new(TryStmt {
                span: DUMMY_SP,
                block: block(vec![read()]),
                handler: Some(CatchClause {
                    span: DUMMY_SP,
                    param: None,
                    body: block(vec![expr_stmt(call(Expr::Ident(init.clone()), vec![])), read()]),
                }),
                finalizer: None,
            })));
            callee = Expr::Ident(local);
        }
        if kind.is_async {
            stmts.push(return_stmt(Expr::Await(AwaitExpr { span: DUMMY_SP, arg: Box::new(self.forward(callee)) })));
        } else if kind.constructible {
            let construct = call(
                member(self.global("Reflect"), "construct"),
                vec![callee.clone(), self.global("arguments"), new_target()],
            );
            stmts.push(return_stmt(Expr::Cond(CondExpr {
                span: DUMMY_SP,
                test: Box::new(new_target()),
                cons: Box::new(construct),
                alt: Box::new(self.forward(callee)),
            })));
        } else {
            stmts.push(return_stmt(self.forward(callee)));
        }
        (params, FunctionBody { span: DUMMY_SP, stmts })
    }

    // -- classes ----------------------------------------------------------------

    /// The key as it appears in a registry name (`.total`, `["a b"]`, `[Symbol.iterator]`), or None if
    /// it cannot be named safely (a computed key is evaluated again by the static block).
    fn key_text(&self, key: &PropName, class_ident: Option<&Ident>) -> Option<String> {
        let literal = |value: &str| {
            if is_identifier_name(value) {
                format!(".{value}")
            } else {
                format!("[{}]", json_string(value))
            }
        };
        match key {
            PropName::Ident(i) => Some(format!(".{}", i.sym)),
            PropName::Str(s) => Some(literal(&s.value.to_string_lossy())),
            PropName::Num(n) => Some(format!("[{}]", js_number(n.value))),
            PropName::BigInt(_) => None,
            PropName::Computed(computed) => {
                let mut expr: &Expr = &computed.expr;
                while let Expr::Paren(p) = expr {
                    expr = &p.expr;
                }
                match expr {
                    Expr::Lit(Lit::Str(s)) => Some(literal(&s.value.to_string_lossy())),
                    Expr::Lit(Lit::Num(n)) => Some(format!("[{}]", js_number(n.value))),
                    Expr::Tpl(t) if t.exprs.is_empty() && t.quasis.len() == 1 => {
                        let cooked = t.quasis[0].cooked.as_ref().map(|c| c.to_string_lossy().into_owned()).unwrap_or_default();
                        Some(literal(&cooked))
                    }
                    Expr::Member(MemberExpr { obj, prop: MemberProp::Ident(prop), .. }) => match &**obj {
                        Expr::Ident(symbol)
                            if &*symbol.sym == "Symbol"
                                && !self.top_level.contains(&symbol.sym)
                                && class_ident.is_none_or(|c| &*c.sym != "Symbol") =>
                        {
                            Some(format!("[Symbol.{}]", prop.sym))
                        }
                        _ => None,
                    },
                    Expr::Ident(i) if self.constants.contains(&(i.sym.clone(), i.ctxt)) => Some(format!("[{}]", i.sym)),
                    _ => None,
                }
            }
        }
    }

    /// Patches a class's methods and accessors in place (docs/protocol.md §3.3).
    fn class(&mut self, class: &mut Class, class_name: &str, class_ident: Option<&Ident>) {
        let mut wiring: Vec<Stmt> = vec![];
        for member_index in 0..class.body.len() {
            let ClassMember::Method(method) = &class.body[member_index] else { continue };
            // Abstract methods and overload signatures have no body (Babel: TSDeclareMethod).
            if method.function.body.is_none() {
                continue;
            }
            let span = method.span;
            let text = self.key_text(&method.key, class_ident);
            let describe = format!(
                "{class_name}{}{}",
                if method.is_static { "" } else { ".prototype" },
                text.as_deref().unwrap_or("[computed]")
            );
            let Some(_) = text else {
                self.warn(span, format!("{describe} is not hot-patchable: its computed key could have side effects if evaluated again"));
                continue;
            };
            let mut finder = PrivateNameFinder { found: false };
            method.visit_with(&mut finder);
            if finder.found {
                self.warn(span, format!("{describe} is not hot-patchable: it uses #private names, which cannot cross class versions"));
                continue;
            }
            if method.function.params.iter().any(|p| !p.decorators.is_empty()) {
                self.warn(span, format!("{describe} is not hot-patchable: its parameters have decorators"));
                continue;
            }

            let suffix = match method.kind {
                MethodKind::Getter => ":get",
                MethodKind::Setter => ":set",
                MethodKind::Method => "",
            };
            let name = self.claim_name(&format!("{describe}{suffix}"));
            let slot = self.new_slot(&name);
            let method_helper = self.method();

            let ClassMember::Method(method) = &mut class.body[member_index] else { unreachable!() };
            let home_static = method.is_static;
            let home = || if home_static { this() } else { member(this(), "prototype") };
            let home_expr = home();
            let key_expr = match &method.key {
                PropName::Computed(c) => (*c.expr).clone(),
                PropName::Ident(i) => str_lit(&i.sym),
                PropName::Str(s) => Expr::Lit(Lit::Str(s.clone())),
                PropName::Num(n) => Expr::Lit(Lit::Num(n.clone())),
                PropName::BigInt(b) => Expr::Lit(Lit::BigInt(b.clone())),
            };
            let kind = Kind { is_async: method.function.is_async, generator: method.function.is_generator, constructible: false };
            let length = length_of(method.function.params.iter().map(|p| &p.pat));
            let fn_span = method.function.span;
            let decorators = std::mem::take(&mut method.function.decorators);
            let original = std::mem::take(&mut method.function);
            let key = method.key.clone();
            let implementation = match method.kind {
                MethodKind::Method => Prop::Method(MethodProp { key, function: original }),
                MethodKind::Getter => Prop::Getter(GetterProp { span: DUMMY_SP, key, function: original }),
                MethodKind::Setter => Prop::Setter(SetterProp { span: DUMMY_SP, key, function: original }),
            };
            let part = match method.kind {
                MethodKind::Method => "value",
                MethodKind::Getter => "get",
                MethodKind::Setter => "set",
            };
            // `{ __proto__: Object.getPrototypeOf(home), m() {} }`: `super` in m() looks up from the same object as before.
            let proto_home = home();
            let implementations = Expr::Object(ObjectLit {
                span: DUMMY_SP,
                props: vec![
                    PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
                        key: PropName::Ident(IdentName::new("__proto__".into(), DUMMY_SP)),
                        value: Box::new(call(member(self.global("Object"), "getPrototypeOf"), vec![proto_home])),
                    }))),
                    PropOrSpread::Prop(Box::new(implementation)),
                ],
            });

            // Accessors forward like methods.
            let (mut params, body) = self.proxy_shape(kind, length, &slot, None, false);
            // A setter has exactly one parameter; `set x(v = 1)` has length 0, kept with a default.
            if method.kind == MethodKind::Setter && length == 0 {
                params = vec![param(Pat::Assign(AssignPat {
                    span: DUMMY_SP,
                    left: Box::new(Pat::Ident(BindingIdent { id: ident("_0"), type_ann: None })),
                    right: Box::new(Expr::Unary(UnaryExpr {
                        span: DUMMY_SP,
                        op: UnaryOp::Void,
                        arg: Box::new(Expr::Lit(Lit::Num(Number { span: DUMMY_SP, value: 0.0, raw: None }))),
                    })),
                }))];
            }
            let mut proxy = function(params, body, kind.generator, kind.is_async, fn_span);
            proxy.decorators = decorators;
            method.function = proxy;

            wiring.push(expr_stmt(assign(
                &slot,
                call(
                    Expr::Ident(method_helper),
                    vec![home_expr, key_expr, str_lit(part), str_lit(&name), implementations],
                ),
            )));
        }
        // First in the body: static blocks and static fields run in order, so no user static code runs before the wiring.
        if !wiring.is_empty() {
            class.body.insert(0, ClassMember::StaticBlock(StaticBlock { span: DUMMY_SP, body: block(wiring) }));
        }
    }

    // -- helpers and placement ----------------------------------------------------

    /// The per-module `_mp_define` helper with the bootstrap registry (docs/protocol.md §2).
    fn define_helper(&self, define: Ident) -> Stmt {
        let module_id = str_lit(&self.module_id);
        let helper: Stmt = quote!(
            r##"
            function $define(name, impl, proxy, home) {
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
              return registry.define($module_id, name, impl, proxy, home);
            }
            "## as Stmt,
            define: Ident = define,
            module_id: Expr = module_id,
        );
        self.mark_globals(helper)
    }

    /// quote! creates every identifier with the empty context: give the globals the unresolved one.
    fn mark_globals(&self, mut helper: Stmt) -> Stmt {
        helper.visit_mut_with(&mut MarkGlobals { unresolved: self.unresolved, names: GLOBALS });
        helper
    }

    /// The per-module `_mp_scope` helper (docs/protocol.md §3.5): hands a loaded runtime the module's
    /// evaluator, a direct eval in module scope, so a body-only patch compiles the new implementations
    /// against the module's existing bindings instead of running the module again.
    fn scope_helper(&self, scope: Ident) -> Stmt {
        let helper: Stmt = quote!(
            r#"
            function $scope(evaluate) {
              var registry = globalThis[Symbol.for("mighty-patcher.registry")];
              if (registry && registry.scope) registry.scope($module_id, evaluate);
            }
            "# as Stmt,
            scope: Ident = scope,
            module_id: Expr = str_lit(&self.module_id),
        );
        self.mark_globals(helper)
    }

    /// The per-module `_mp_method` helper: defines a class member's implementation, taken from `implementations`.
    fn method_helper(&self, method: Ident, define: Ident) -> Stmt {
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
        self.mark_globals(helper)
    }

    /// The statements for the top (slot variables, eager `_mp_init()`) and the bottom (helpers).
    fn finish(&mut self) -> Option<(Vec<Stmt>, Vec<Stmt>)> {
        if self.slot_ids.is_empty() {
            return None;
        }
        let mut top = vec![];
        let mut vars = self.slot_ids.clone();
        if let Some(tmp) = &self.tmp_id {
            vars.push(tmp.clone());
        }
        top.push(Stmt::Decl(Decl::Var(Box::new(VarDecl {
            span: DUMMY_SP,
            ctxt: SyntaxContext::empty(),
            kind: VarDeclKind::Var,
            declare: false,
            decls: vars
                .into_iter()
                .map(|id| VarDeclarator {
                    span: DUMMY_SP,
                    name: Pat::Ident(BindingIdent { id, type_ann: None }),
                    init: None,
                    definite: false,
                })
                .collect(),
        }))));
        let define = self.define();
        let mut bottom = vec![self.define_helper(define.clone())];
        if self.in_scope_patches {
            // `_mp_scope((_mp_code) => eval(_mp_code))`: a direct eval, so it sees the module's own scope.
            let scope = self.uid("scope");
            let code = self.uid("code");
            let evaluate: Stmt = quote!("$scope(($code) => eval($code));" as Stmt, scope: Ident = scope.clone(), code: Ident = code);
            top.push(self.mark_globals(evaluate));
            bottom.push(self.scope_helper(scope));
        }
        if let (Some(init), Some(first)) = (self.init_id.clone(), self.first_hoisted_slot.clone()) {
            top.push(expr_stmt(call(Expr::Ident(init.clone()), vec![])));
            let mut stmts = vec![Stmt::If(IfStmt {
                span: DUMMY_SP,
                test: Box::new(Expr::Ident(first)),
                cons: Box::new(Stmt::Return(ReturnStmt { span: DUMMY_SP, arg: None })),
                alt: None,
            })];
            stmts.append(&mut self.hoisted);
            bottom.push(Stmt::Decl(Decl::Fn(FnDecl {
                ident: init,
                declare: false,
                function: Box::new(Function {
                    params: vec![],
                    body: Some(FunctionBody { span: DUMMY_SP, stmts }),
                    ..Default::default()
                }),
            })));
        }
        if let Some(method) = self.method_id.clone() {
            bottom.push(self.method_helper(method, define));
        }
        Some((top, bottom))
    }
}

#[cfg(target_arch = "wasm32")]
mod plugin {
    use swc_core::common::errors::HANDLER;
    use swc_core::common::plugin::metadata::TransformPluginMetadataContextKind;
    use swc_core::common::{SourceMapper, SyntaxContext};
    use swc_core::ecma::ast::Program;
    use swc_core::plugin::{plugin_transform, proxies::TransformPluginProgramMetadata};

    use super::{instrument, module_id, Options};

    #[plugin_transform]
    pub fn process_transform(mut program: Program, metadata: TransformPluginProgramMetadata) -> Program {
        let options = match Options::parse(metadata.get_transform_plugin_config().as_deref()) {
            Ok(options) => options,
            Err(message) => panic!("{message}"),
        };
        let env = metadata.get_context(&TransformPluginMetadataContextKind::Env);
        if !options.enabled(env.as_deref()) {
            return program;
        }
        let filename = metadata.get_context(&TransformPluginMetadataContextKind::Filename);
        let Some(filename) = filename.filter(|f| !f.is_empty()) else {
            HANDLER.with(|handler| {
                handler
                    .struct_warn("[mighty-patcher] a file without a filename was left uninstrumented: registry keys need a file path")
                    .emit()
            });
            return program;
        };
        let cwd = metadata.get_context(&TransformPluginMetadataContextKind::Cwd).unwrap_or_default();
        let id = module_id(&cwd, options.root.as_deref(), &filename);
        if options.excludes(&id) {
            return program;
        }
        let unresolved = SyntaxContext::empty().apply_mark(metadata.unresolved_mark);
        let hmr_plan = super::hmr::plan(&program, options.hmr);
        let warnings = instrument(&mut program, &id, unresolved, options.in_scope_patches.unwrap_or(true));
        if let Some(hmr_plan) = hmr_plan {
            super::hmr::add_glue(&mut program, &id, unresolved, hmr_plan);
        }
        for warning in warnings {
            let line = metadata.source_map.lookup_char_pos(warning.span.lo).line;
            let message = format!("[mighty-patcher] {id}:{line}: {}", warning.message);
            HANDLER.with(|handler| handler.struct_span_warn(warning.span, &message).emit());
        }
        program
    }
}

/// The transform as a visitor (used by the Rust tests; the Wasm entry point calls [instrument]).
pub struct MightyPatcher {
    pub module_id: String,
    pub unresolved: SyntaxContext,
    pub in_scope_patches: bool,
    /// The `hmr` option (`None`: the default, on).
    pub hmr: Option<HmrOption>,
    pub warnings: Vec<Warning>,
}

impl VisitMut for MightyPatcher {
    fn visit_mut_program(&mut self, program: &mut Program) {
        let hmr_plan = hmr::plan(program, self.hmr);
        self.warnings = instrument(program, &self.module_id, self.unresolved, self.in_scope_patches);
        if let Some(hmr_plan) = hmr_plan {
            hmr::add_glue(program, &self.module_id, self.unresolved, hmr_plan);
        }
    }
}
