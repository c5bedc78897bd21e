//! Per-module instrumentation state (packages/babel-plugin/src/instrumenter.ts): generated names, registry
//! names, slots, the hoisted definitions, warnings; `finish` adds the slot variables, the eager `_mp_init()`
//! and the helpers to the module and reports what it emitted.

use std::collections::{HashMap, HashSet};

use swc_core::atoms::Atom;
use swc_core::common::{Span, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::quote;

use crate::ast::*;
use crate::helpers::{define_helper, mark_globals, method_helper, scope_helper};
use crate::names::{self, GeneratedNames};
use crate::proxy::ProxyBuilder;
use crate::transform::{Helpers, Slot, TransformReport, Warning};

/// Per-module state shared by the function and class instrumentation.
pub struct Instrumenter {
    pub module_id: String,
    pub proxies: ProxyBuilder,
    /// Module-level `const` bindings and imports: computed keys safe to evaluate twice (module.rs collects them).
    pub constants: HashSet<(Atom, SyntaxContext)>,
    /// Names of all module-level bindings (module.rs collects them).
    pub top_level: HashSet<Atom>,
    unresolved: SyntaxContext,
    in_scope_patches: bool,
    names: GeneratedNames,
    used_names: HashMap<String, u32>,
    /// Registry name and slot variable of every slot, in source order.
    slots: Vec<(String, Ident)>,
    /// `_s = _mp_define(...)` for every hoisted function declaration, run by `_mp_init`.
    hoisted: Vec<Stmt>,
    first_hoisted_slot: Option<Ident>,
    define_id: Option<Ident>,
    init_id: Option<Ident>,
    method_id: Option<Ident>,
    tmp_id: Option<Ident>,
    warnings: Vec<Warning>,
}

impl Instrumenter {
    /// `names`: the module's generated names, collected before it is instrumented.
    pub fn new(module_id: &str, unresolved: SyntaxContext, in_scope_patches: bool, mut names: GeneratedNames) -> Self {
        let iterator = names.fresh(names::ITERATOR);
        Instrumenter {
            module_id: module_id.to_string(),
            proxies: ProxyBuilder::new(unresolved, iterator),
            constants: HashSet::new(),
            top_level: HashSet::new(),
            unresolved,
            in_scope_patches,
            names,
            used_names: HashMap::new(),
            slots: vec![],
            hoisted: vec![],
            first_hoisted_slot: None,
            define_id: None,
            init_id: None,
            method_id: None,
            tmp_id: None,
            warnings: vec![],
        }
    }

    /// A fresh `_mp_<base>` identifier.
    pub fn uid(&mut self, base: &str) -> Ident {
        self.names.fresh(base)
    }

    /// A registry name unique within the module (`~2`, `~3` for repeats).
    pub fn claim_name(&mut self, name: &str) -> String {
        let count = self.used_names.entry(name.to_string()).or_insert(0);
        *count += 1;
        if *count == 1 {
            name.to_string()
        } else {
            format!("{name}~{count}")
        }
    }

    /// The slot variable of the registry name `name`, declared by `finish`.
    pub fn new_slot(&mut self, name: &str) -> Ident {
        let sanitized: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '$' { c } else { '_' })
            .collect();
        let id = self.uid(&format!("{}{sanitized}", names::SLOT));
        self.slots.push((name.to_string(), id.clone()));
        id
    }

    /// A slot defined by `_mp_init` (a hoisted function declaration's): the first one tells whether it ran.
    pub fn hoist(&mut self, slot: &Ident, definition: Vec<Stmt>) {
        if self.first_hoisted_slot.is_none() {
            self.first_hoisted_slot = Some(slot.clone());
        }
        self.hoisted.extend(definition);
    }

    pub fn define(&mut self) -> Ident {
        self.define_id.get_or_insert_with(|| self.names.fresh(names::DEFINE)).clone()
    }

    pub fn init(&mut self) -> Ident {
        self.init_id.get_or_insert_with(|| self.names.fresh(names::INIT)).clone()
    }

    pub fn method(&mut self) -> Ident {
        self.method_id.get_or_insert_with(|| self.names.fresh(names::METHOD)).clone()
    }

    pub fn tmp(&mut self) -> Ident {
        self.tmp_id.get_or_insert_with(|| self.names.fresh(names::TMP)).clone()
    }

    /// `_s = _mp_define(name, impl, proxy)`
    pub fn define_call(&mut self, slot: &Ident, name: &str, implementation: Expr, proxy: Expr) -> Expr {
        let define = self.define();
        assign(slot, call(Expr::Ident(define), vec![str_lit(name), implementation, proxy]))
    }

    pub fn warn(&mut self, span: Span, message: String) {
        self.warnings.push(Warning { span, message });
    }

    /// Adds the slot variables and the eager `_mp_init()` after the imports, the helpers at the end, and
    /// reports them. A module without slots is left as it is (`instrumented: false`).
    pub fn finish(mut self, program: &mut Program) -> TransformReport {
        let mut report = TransformReport { module_id: Some(self.module_id.clone()), ..Default::default() };
        if self.slots.is_empty() {
            report.warnings = self.warnings;
            return report;
        }
        let mut top = vec![];
        let mut vars: Vec<Ident> = self.slots.iter().map(|(_, id)| id.clone()).collect();
        vars.extend(self.tmp_id.clone());
        top.push(var_decl(vars));
        let define = self.define();
        let mut bottom = vec![define_helper(define.clone(), &self.module_id, self.unresolved)];
        let mut helpers = Helpers { define: Some(define.sym.to_string()), tmp: self.tmp_id.as_ref().map(|id| id.sym.to_string()), ..Default::default() };
        if self.in_scope_patches {
            // `_mp_scope((_mp_code) => eval(_mp_code))`: a direct eval, so it sees the module's own scope.
            let scope = self.uid(names::SCOPE);
            let code = self.uid(names::CODE);
            let evaluate: Stmt = quote!("$scope(($code) => eval($code));" as Stmt, scope: Ident = scope.clone(), code: Ident = code);
            top.push(mark_globals(evaluate, self.unresolved));
            helpers.scope = Some(scope.sym.to_string());
            bottom.push(scope_helper(scope, &self.module_id, self.unresolved));
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
            helpers.init = Some(init.sym.to_string());
            bottom.push(Stmt::Decl(Decl::Fn(FnDecl {
                ident: init,
                declare: false,
                function: Box::new(Function { params: vec![], body: Some(FunctionBody { span: DUMMY_SP, stmts }), ..Default::default() }),
            })));
        }
        if let Some(method) = self.method_id.clone() {
            helpers.method = Some(method.sym.to_string());
            bottom.push(method_helper(method, define, self.unresolved));
        }
        insert_top_and_bottom(program, top, bottom);
        report.instrumented = true;
        report.slots = self.slots.into_iter().map(|(name, id)| Slot { name, slot: id.sym.to_string() }).collect();
        report.helpers = helpers;
        report.warnings = self.warnings;
        report
    }
}
