//! Small AST builders and readers (what Babel's `t.*` gives the Babel plugin). Generated nodes have no
//! span and the empty syntax context, except references to globals (see [MarkGlobals]).

use swc_core::common::{Span, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::VisitMut;

pub fn ident(sym: &str) -> Ident {
    Ident::new(sym.into(), DUMMY_SP, SyntaxContext::empty())
}

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

/// `name` as a property key: an identifier, or a string for a name that is not one.
pub fn prop_name(name: &str) -> PropName {
    if is_identifier_name(name) {
        PropName::Ident(IdentName::new(name.into(), DUMMY_SP))
    } else {
        PropName::Str(Str { span: DUMMY_SP, value: name.into(), raw: None })
    }
}

/// `object.name` (or `object["name"]` for a name that is not an identifier).
pub fn member(object: Expr, name: &str) -> Expr {
    let prop = if is_identifier_name(name) {
        MemberProp::Ident(IdentName::new(name.into(), DUMMY_SP))
    } else {
        MemberProp::Computed(ComputedPropName { span: DUMMY_SP, expr: Box::new(str_lit(name)) })
    };
    Expr::Member(MemberExpr { span: DUMMY_SP, obj: Box::new(object), prop })
}

pub fn call(callee: Expr, args: Vec<Expr>) -> Expr {
    Expr::Call(CallExpr {
        span: DUMMY_SP,
        ctxt: SyntaxContext::empty(),
        callee: Callee::Expr(Box::new(callee)),
        args: args.into_iter().map(|expr| ExprOrSpread { spread: None, expr: Box::new(expr) }).collect(),
        type_args: None,
    })
}

pub fn assign(target: &Ident, value: Expr) -> Expr {
    Expr::Assign(AssignExpr {
        span: DUMMY_SP,
        op: AssignOp::Assign,
        left: AssignTarget::Simple(SimpleAssignTarget::Ident(BindingIdent { id: target.clone(), type_ann: None })),
        right: Box::new(value),
    })
}

pub fn expr_stmt(expr: Expr) -> Stmt {
    Stmt::Expr(ExprStmt { span: DUMMY_SP, expr: Box::new(expr) })
}

pub fn return_stmt(expr: Expr) -> Stmt {
    Stmt::Return(ReturnStmt { span: DUMMY_SP, arg: Some(Box::new(expr)) })
}

pub fn block(stmts: Vec<Stmt>) -> BlockStmt {
    BlockStmt { span: DUMMY_SP, ctxt: SyntaxContext::empty(), stmts }
}

/// `var a, b, c;` (no initializers).
pub fn var_decl(ids: Vec<Ident>) -> Stmt {
    Stmt::Decl(Decl::Var(Box::new(VarDecl {
        span: DUMMY_SP,
        ctxt: SyntaxContext::empty(),
        kind: VarDeclKind::Var,
        declare: false,
        decls: ids
            .into_iter()
            .map(|id| VarDeclarator { span: DUMMY_SP, name: Pat::Ident(BindingIdent { id, type_ann: None }), init: None, definite: false })
            .collect(),
    })))
}

pub fn this() -> Expr {
    Expr::This(ThisExpr { span: DUMMY_SP })
}

pub fn new_target() -> Expr {
    Expr::MetaProp(MetaPropExpr { span: DUMMY_SP, kind: MetaPropKind::NewTarget })
}

pub fn seq(exprs: Vec<Expr>) -> Expr {
    Expr::Seq(SeqExpr { span: DUMMY_SP, exprs: exprs.into_iter().map(Box::new).collect() })
}

pub fn param(pat: Pat) -> Param {
    Param { span: DUMMY_SP, decorators: vec![], pat }
}

pub fn function(params: Vec<Param>, body: FunctionBody, generator: bool, is_async: bool, span: Span) -> Box<Function> {
    Box::new(Function {
        params,
        body: Some(body),
        is_generator: generator,
        is_async,
        span,
        ..Default::default()
    })
}

pub fn fn_expr(ident: Option<Ident>, function: Box<Function>) -> Expr {
    Expr::Fn(FnExpr { ident, function })
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

/// The value of a directive statement (`"use strict";`), as Babel's DirectiveLiteral: the raw text between the quotes.
pub fn directive(stmt: &Stmt) -> Option<String> {
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

fn is_directive(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(ExprStmt { expr, .. }) if matches!(&**expr, Expr::Lit(Lit::Str(_))))
}

/// Puts `top` after the module's imports (a script's, or a module without imports: after the directive
/// prologue) and `bottom` at the end. A later call's `top` comes before an earlier one's.
pub fn insert_top_and_bottom(program: &mut Program, top: Vec<Stmt>, bottom: Vec<Stmt>) {
    match program {
        Program::Module(m) => {
            let at = m
                .body
                .iter()
                .rposition(|item| matches!(item, ModuleItem::ModuleDecl(ModuleDecl::Import(_))))
                .map(|i| i + 1)
                .unwrap_or_else(|| m.body.iter().take_while(|item| matches!(item, ModuleItem::Stmt(s) if is_directive(s))).count());
            m.body.splice(at..at, top.into_iter().map(ModuleItem::Stmt));
            m.body.extend(bottom.into_iter().map(ModuleItem::Stmt));
        }
        Program::Script(s) => {
            let at = s.body.iter().take_while(|stmt| is_directive(stmt)).count();
            s.body.splice(at..at, top);
            s.body.extend(bottom);
        }
    }
}

/// Gives generated references to globals (`names`) the unresolved context, so that SWC's hygiene pass
/// renames a module binding that shadows one of them, never our reference (quote! creates every
/// identifier with the empty context).
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
