//! Small AST builders and readers (what Babel's `t.*` and `scope` give the Babel plugin). Generated nodes
//! have no span and the empty syntax context, except references to globals (see [MarkGlobals]).

use rustc_hash::FxHashMap;
use swc_core::atoms::Atom;
use swc_core::common::{SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::ecma::transforms::base::rename::rename;
use swc_core::ecma::visit::{VisitMut, VisitMutWith};

use crate::names::GeneratedNames;

pub fn str_lit(value: &str) -> Expr {
    Expr::Lit(Lit::Str(Str { span: DUMMY_SP, value: value.into(), raw: None }))
}

/// Babel's `isValidIdentifier(name, false)`: an IdentifierName (reserved words allowed).
pub fn is_identifier_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if Ident::is_valid_start(c) => chars.all(Ident::is_valid_continue),
        _ => false,
    }
}

/// `object.name`
pub fn member(object: Expr, name: &str) -> Expr {
    Expr::Member(MemberExpr { span: DUMMY_SP, obj: Box::new(object), prop: MemberProp::Ident(IdentName::new(name.into(), DUMMY_SP)) })
}

pub fn call(callee: Expr, args: Vec<Expr>) -> Expr {
    call_spread(callee, args.into_iter().map(|expr| ExprOrSpread { spread: None, expr: Box::new(expr) }).collect())
}

pub fn call_spread(callee: Expr, args: Vec<ExprOrSpread>) -> Expr {
    Expr::Call(CallExpr { span: DUMMY_SP, ctxt: SyntaxContext::empty(), callee: Callee::Expr(Box::new(callee)), args, type_args: None })
}

pub fn expr_stmt(expr: Expr) -> Stmt {
    Stmt::Expr(ExprStmt { span: DUMMY_SP, expr: Box::new(expr) })
}

pub fn return_stmt(expr: Expr) -> Stmt {
    Stmt::Return(ReturnStmt { span: DUMMY_SP, arg: Some(Box::new(expr)) })
}

pub fn this() -> Expr {
    Expr::This(ThisExpr { span: DUMMY_SP })
}

pub fn new_target() -> Expr {
    Expr::MetaProp(MetaPropExpr { span: DUMMY_SP, kind: MetaPropKind::NewTarget })
}

/// `(param) => eval(param)`, a direct eval (`eval` is given the unresolved context).
pub fn evaluator(param: Ident, unresolved: SyntaxContext) -> Expr {
    Expr::Arrow(ArrowExpr {
        span: DUMMY_SP,
        ctxt: SyntaxContext::empty(),
        params: vec![Pat::Ident(BindingIdent { id: param.clone(), type_ann: None })],
        body: Box::new(ArrowFunctionBody::Expr(Box::new(call(
            Expr::Ident(Ident::new("eval".into(), DUMMY_SP, unresolved)),
            vec![Expr::Ident(param)],
        )))),
        is_async: false,
        is_generator: false,
        type_params: None,
        return_type: None,
    })
}

/// `kind id = init, …;`
pub fn var_decl(kind: VarDeclKind, decls: Vec<(Ident, Expr)>) -> Stmt {
    Stmt::Decl(Decl::Var(Box::new(VarDecl {
        span: DUMMY_SP,
        ctxt: SyntaxContext::empty(),
        kind,
        declare: false,
        decls: decls
            .into_iter()
            .map(|(id, init)| VarDeclarator {
                span: DUMMY_SP,
                name: Pat::Ident(BindingIdent { id, type_ann: None }),
                init: Some(Box::new(init)),
                definite: false,
            })
            .collect(),
    })))
}

/// `function id() {}`
pub fn empty_function_decl(id: Ident) -> Stmt {
    Stmt::Decl(Decl::Fn(FnDecl { ident: id, declare: false, function: Box::new(Function { body: Some(FunctionBody::default()), ..Default::default() }) }))
}

/// `{ key: value }`
pub fn object(props: Vec<Prop>) -> Expr {
    Expr::Object(ObjectLit { span: DUMMY_SP, props: props.into_iter().map(|prop| PropOrSpread::Prop(Box::new(prop))).collect() })
}

/// The expression inside any parentheses (Babel's parser drops them; SWC keeps them).
pub fn unparen(mut expr: &Expr) -> &Expr {
    while let Expr::Paren(p) = expr {
        expr = &p.expr;
    }
    expr
}

pub fn unparen_mut(mut expr: &mut Expr) -> &mut Expr {
    while let Expr::Paren(p) = expr {
        expr = &mut p.expr;
    }
    expr
}

/// Whether a statement is a directive (`"use strict";`, not parenthesized): Babel keeps those apart.
pub fn is_directive(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(ExprStmt { expr, .. }) if matches!(&**expr, Expr::Lit(Lit::Str(_))))
}

/// Whether a statement is the directive "use strict".
pub fn is_use_strict_directive(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(ExprStmt { expr, .. }) if matches!(&**expr, Expr::Lit(Lit::Str(s)) if s.value == *"use strict" && s.raw.as_ref().is_none_or(|raw| raw.len() == 12)))
}

/// Whether a function's body starts with a "use strict" directive.
pub fn has_use_strict(function: &Function) -> bool {
    function.body.as_ref().is_some_and(|body| body.stmts.iter().take_while(|stmt| is_directive(stmt)).any(is_use_strict_directive))
}

/// Puts `top` first in the program (after its directive prologue: "use client" must stay first, and imports
/// are hoisted, so nothing of the module runs before it) and `bottom` at the end. A later call's `top` comes
/// before an earlier one's. `top` holds statements only, unless the program is a module.
pub fn insert_top_and_bottom(program: &mut Program, top: Vec<ModuleItem>, bottom: Vec<Stmt>) {
    match program {
        Program::Module(m) => {
            let at = m.body.iter().take_while(|item| matches!(item, ModuleItem::Stmt(s) if is_directive(s))).count();
            m.body.splice(at..at, top);
            m.body.extend(bottom.into_iter().map(ModuleItem::Stmt));
        }
        Program::Script(s) => {
            let at = s.body.iter().take_while(|stmt| is_directive(stmt)).count();
            s.body.splice(at..at, top.into_iter().map(ModuleItem::expect_stmt));
            s.body.extend(bottom);
        }
    }
}

/// Gives generated references to globals (`names`) the unresolved context, so that SWC's hygiene pass
/// renames a binding that shadows one of them, never our reference (quote! creates every identifier with
/// the empty context).
pub struct MarkGlobals {
    pub unresolved: SyntaxContext,
    pub names: &'static [&'static str],
}

impl VisitMut for MarkGlobals {
    fn visit_mut_ident(&mut self, ident: &mut Ident) {
        if self.names.contains(&&*ident.sym) {
            ident.ctxt = self.unresolved;
        }
    }
}

/// Babel's `program.scope.rename(name)` for each of `names` the program declares at its top level (a module
/// binding that would shadow a global the generated code uses): the binding and its references get the
/// name Babel would generate (`_Object`); exports keep their names (`export { _Object as Object }`).
pub fn rename_program_bindings(program: &mut Program, names: &[&str], generated: &mut GeneratedNames) -> Vec<(Id, Atom)> {
    let mut found: Vec<Ident> = vec![];
    match &*program {
        Program::Module(m) => {
            for item in &m.body {
                match item {
                    ModuleItem::Stmt(stmt) => program_bindings(stmt, names, &mut found),
                    ModuleItem::ModuleDecl(ModuleDecl::Import(import)) => {
                        for specifier in &import.specifiers {
                            let local = match specifier {
                                ImportSpecifier::Named(s) => &s.local,
                                ImportSpecifier::Default(s) => &s.local,
                                ImportSpecifier::Namespace(s) => &s.local,
                            };
                            if names.contains(&&*local.sym) {
                                found.push(local.clone());
                            }
                        }
                    }
                    ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => declaration_bindings(&export.decl, names, &mut found),
                    ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) => match &export.decl {
                        DefaultDecl::Fn(FnExpr { ident: Some(i), .. }) | DefaultDecl::Class(ClassExpr { ident: Some(i), .. })
                            if names.contains(&&*i.sym) =>
                        {
                            found.push(i.clone());
                        }
                        _ => {}
                    },
                    _ => {}
                }
            }
        }
        Program::Script(s) => {
            for stmt in &s.body {
                program_bindings(stmt, names, &mut found);
            }
        }
    }
    if found.is_empty() {
        return vec![];
    }
    // Keeping each binding's syntax context: only its name changes.
    let mut map: FxHashMap<Id, Id> = FxHashMap::default();
    // In the order Babel renames them: by name, in the order of `names`.
    for name in names {
        for binding in found.iter().filter(|binding| &&*binding.sym == name) {
            if let std::collections::hash_map::Entry::Vacant(entry) = map.entry(binding.to_id()) {
                entry.insert((generated.unique(name).sym, binding.ctxt));
            }
        }
    }
    program.visit_mut_with(&mut rename(&map));
    map.into_iter().map(|(from, to)| (from, to.0)).collect()
}

fn pattern_bindings(pat: &Pat, names: &[&str], found: &mut Vec<Ident>) {
    let mut ids = vec![];
    pat_binding_idents(pat, &mut ids);
    found.extend(ids.into_iter().filter(|id| names.contains(&&*id.sym)));
}

/// The binding identifiers of a pattern.
pub fn pat_binding_idents(pat: &Pat, out: &mut Vec<Ident>) {
    match pat {
        Pat::Ident(b) => out.push(b.id.clone()),
        Pat::Array(a) => a.elems.iter().flatten().for_each(|p| pat_binding_idents(p, out)),
        Pat::Object(o) => {
            for prop in &o.props {
                match prop {
                    ObjectPatProp::KeyValue(kv) => pat_binding_idents(&kv.value, out),
                    ObjectPatProp::Assign(a) => out.push(a.key.id.clone()),
                    ObjectPatProp::Rest(r) => pat_binding_idents(&r.arg, out),
                }
            }
        }
        Pat::Assign(a) => pat_binding_idents(&a.left, out),
        Pat::Rest(r) => pat_binding_idents(&r.arg, out),
        _ => {}
    }
}

fn declaration_bindings(decl: &Decl, names: &[&str], found: &mut Vec<Ident>) {
    match decl {
        Decl::Fn(f) if names.contains(&&*f.ident.sym) => found.push(f.ident.clone()),
        Decl::Class(c) if names.contains(&&*c.ident.sym) => found.push(c.ident.clone()),
        Decl::Var(v) => v.decls.iter().for_each(|d| pattern_bindings(&d.name, names, found)),
        _ => {}
    }
}

/// The bindings a top-level statement gives the program scope: its declarations, and the `var`s anywhere in
/// it outside functions (they are hoisted to the program).
fn program_bindings(stmt: &Stmt, names: &[&str], found: &mut Vec<Ident>) {
    match stmt {
        Stmt::Decl(decl) => declaration_bindings(decl, names, found),
        _ => hoisted_vars(stmt, names, found),
    }
}

fn hoisted_vars(stmt: &Stmt, names: &[&str], found: &mut Vec<Ident>) {
    let var_head = |head: &ForHead, found: &mut Vec<Ident>| {
        if let ForHead::VarDecl(v) = head {
            if v.kind == VarDeclKind::Var {
                v.decls.iter().for_each(|d| pattern_bindings(&d.name, names, found));
            }
        }
    };
    match stmt {
        Stmt::Decl(Decl::Var(v)) if v.kind == VarDeclKind::Var => v.decls.iter().for_each(|d| pattern_bindings(&d.name, names, found)),
        Stmt::Block(b) => b.stmts.iter().for_each(|s| hoisted_vars(s, names, found)),
        Stmt::If(i) => {
            hoisted_vars(&i.cons, names, found);
            if let Some(alt) = &i.alt {
                hoisted_vars(alt, names, found);
            }
        }
        Stmt::Labeled(l) => hoisted_vars(&l.body, names, found),
        Stmt::Try(t) => {
            t.block.stmts.iter().for_each(|s| hoisted_vars(s, names, found));
            if let Some(handler) = &t.handler {
                handler.body.stmts.iter().for_each(|s| hoisted_vars(s, names, found));
            }
            if let Some(finalizer) = &t.finalizer {
                finalizer.stmts.iter().for_each(|s| hoisted_vars(s, names, found));
            }
        }
        Stmt::Switch(s) => s.cases.iter().flat_map(|c| &c.cons).for_each(|s| hoisted_vars(s, names, found)),
        Stmt::While(w) => hoisted_vars(&w.body, names, found),
        Stmt::DoWhile(w) => hoisted_vars(&w.body, names, found),
        Stmt::For(f) => {
            if let Some(VarDeclOrExpr::VarDecl(v)) = &f.init {
                if v.kind == VarDeclKind::Var {
                    v.decls.iter().for_each(|d| pattern_bindings(&d.name, names, found));
                }
            }
            hoisted_vars(&f.body, names, found);
        }
        Stmt::ForIn(f) => {
            var_head(&f.left, found);
            hoisted_vars(&f.body, names, found);
        }
        Stmt::ForOf(f) => {
            var_head(&f.left, found);
            hoisted_vars(&f.body, names, found);
        }
        _ => {}
    }
}
