//! Guards (docs/protocol.md §3.3): the one statement each instrumented function starts with. It reads the
//! function's cell and forwards the call to a newer implementation when there is one; otherwise the
//! original body runs. The same shapes as packages/babel-plugin/src/guard.ts.

use std::collections::HashSet;

use swc_core::atoms::Atom;
use swc_core::common::{SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::{Visit, VisitWith};

use crate::ast::*;

/// How a guard forwards (docs/protocol.md §3.3).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GuardForm {
    /// `impl.apply(this, arguments)`: functions and methods that read `arguments` or have other than plain parameters.
    Apply,
    /// `impl.call(this, a, b)`: functions and methods with plain parameters that do not read `arguments`.
    Call,
    /// `impl(a, b)`: an arrow at module level.
    Arrow,
    /// `impl.call(this, a, b)`: an arrow in a class field initializer, `this` being the instance.
    Field,
    /// `impl(evaluator, this, arguments | [a, b])`: a closure, recompiled in the scope that made it.
    Closure,
}

/// What an arrow's guard forwards, and the destructuring of its renamed parameters.
pub struct Forwarding {
    /// None: the guard forwards `arguments`.
    pub forwarded: Option<Vec<ExprOrSpread>>,
    pub destructure: Vec<VarDeclarator>,
}

/// Names bound by a pattern (Babel's `getBindingIdentifiers`).
pub fn bound_names(pat: &Pat, out: &mut Vec<Atom>) {
    match pat {
        Pat::Ident(b) => out.push(b.id.sym.clone()),
        Pat::Array(a) => a.elems.iter().flatten().for_each(|p| bound_names(p, out)),
        Pat::Object(o) => {
            for prop in &o.props {
                match prop {
                    ObjectPatProp::KeyValue(kv) => bound_names(&kv.value, out),
                    ObjectPatProp::Assign(a) => out.push(a.key.id.sym.clone()),
                    ObjectPatProp::Rest(r) => bound_names(&r.arg, out),
                }
            }
        }
        Pat::Assign(a) => bound_names(&a.left, out),
        Pat::Rest(r) => bound_names(&r.arg, out),
        _ => {}
    }
}

/// Every identifier name in a node, as Babel's `traverseFast` meets `Identifier` nodes (bindings,
/// references, property names and keys alike); also whether it contains a function expression or arrow.
#[derive(Default)]
struct Names {
    names: HashSet<Atom>,
    function: bool,
}

impl Visit for Names {
    fn visit_ident(&mut self, ident: &Ident) {
        self.names.insert(ident.sym.clone());
    }
    fn visit_ident_name(&mut self, ident: &IdentName) {
        self.names.insert(ident.sym.clone());
    }
    fn visit_fn_expr(&mut self, f: &FnExpr) {
        self.function = true;
        f.visit_children_with(self);
    }
    fn visit_arrow_expr(&mut self, f: &ArrowExpr) {
        self.function = true;
        f.visit_children_with(self);
    }
}

fn names_in<N: VisitWith<Names>>(node: &N) -> Names {
    let mut names = Names::default();
    node.visit_with(&mut names);
    names
}

/// Every name the arrow's body declares (guard.ts `declaredInBody`: variable, function and class
/// declarations at any depth, a function declaration's parameters included).
#[derive(Default)]
struct Declared {
    names: Vec<Atom>,
}

impl Visit for Declared {
    fn visit_var_decl(&mut self, v: &VarDecl) {
        for declarator in &v.decls {
            bound_names(&declarator.name, &mut self.names);
        }
        v.visit_children_with(self);
    }
    fn visit_fn_decl(&mut self, f: &FnDecl) {
        self.names.push(f.ident.sym.clone());
        for param in &f.function.params {
            bound_names(&param.pat, &mut self.names);
        }
        f.visit_children_with(self);
    }
    fn visit_class_decl(&mut self, c: &ClassDecl) {
        self.names.push(c.ident.sym.clone());
        c.visit_children_with(self);
    }
}

/// Whether the body declares one of `names` with `var` or a function declaration, outside nested
/// functions (guard.ts `declaresAgain`).
struct DeclaresAgain<'a> {
    names: &'a [Atom],
    found: bool,
}

impl Visit for DeclaresAgain<'_> {
    fn visit_function(&mut self, _: &Function) {}
    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    fn visit_constructor(&mut self, _: &Constructor) {}
    fn visit_fn_decl(&mut self, f: &FnDecl) {
        if self.names.contains(&f.ident.sym) {
            self.found = true;
        }
    }
    fn visit_var_decl(&mut self, v: &VarDecl) {
        if v.kind == VarDeclKind::Var {
            let mut bound = vec![];
            for declarator in &v.decls {
                bound_names(&declarator.name, &mut bound);
            }
            if bound.iter().any(|name| self.names.contains(name)) {
                self.found = true;
            }
        }
        v.visit_children_with(self);
    }
}

fn plain(id: &Ident, spread: bool) -> ExprOrSpread {
    ExprOrSpread { spread: spread.then_some(DUMMY_SP), expr: Box::new(Expr::Ident(id.clone())) }
}

/// Where an arrow's generated parameters get their names: unique in the module (guard.ts `ArrowNames`).
pub trait ArrowNames {
    fn uid(&mut self, name: &str) -> Ident;
    /// The module's one name for the rest parameter every guarded arrow is given (its own scope in each arrow).
    fn rest_parameter(&mut self) -> Ident;
}

/// The values a guard forwards for an arrow: each parameter by name, and every value the caller passed after
/// them, collected by a rest parameter the arrow is given (`(req, res, ..._mp_r)`: it does not count in
/// `length`), so that a newer version with more parameters (`next`) gets them. Not where the arrow has a rest
/// parameter already, nor where its body says "use strict" (a rest parameter would make that an error). A
/// parameter that is a pattern is renamed `_mp_p<i>` and destructured at the top of the body instead, so the
/// value the caller passed can be forwarded. Returns None (the arrow is left alone) where that would change
/// meaning: a default reading a destructured name, the body declaring one again, code in a moved pattern.
pub fn arrow_arguments(arrow: &mut ArrowExpr, names: &mut dyn ArrowNames) -> Option<Forwarding> {
    let mut forwarding = forwarded_arrow_parameters(arrow, names)?;
    let strict = matches!(&*arrow.body, ArrowFunctionBody::FunctionBody(body) if body.stmts.iter().take_while(|stmt| is_directive(stmt)).any(is_use_strict_directive));
    if !arrow.params.iter().any(|param| matches!(param, Pat::Rest(_))) && !strict {
        let rest = names.rest_parameter();
        arrow.params.push(Pat::Rest(RestPat {
            span: DUMMY_SP,
            dot3_token: DUMMY_SP,
            arg: Box::new(Pat::Ident(BindingIdent { id: rest.clone(), type_ann: None })),
            type_ann: None,
        }));
        forwarding.forwarded.as_mut().expect("an arrow's forwarded values").push(plain(&rest, true));
    }
    Some(forwarding)
}

/// What `arrow_arguments` forwards before the rest parameter it adds: the arrow's own parameters, patterns renamed.
fn forwarded_arrow_parameters(arrow: &mut ArrowExpr, names: &mut dyn ArrowNames) -> Option<Forwarding> {
    let mut forwarded = vec![];
    let mut moved: Vec<Atom> = vec![];
    let mut renames: Vec<(usize, Ident)> = vec![];
    for (index, param) in arrow.params.iter().enumerate() {
        let (target, rest) = match param {
            Pat::Assign(a) => (&*a.left, false),
            Pat::Rest(r) => (&*r.arg, true),
            other => (other, false),
        };
        if let Pat::Ident(b) = target {
            forwarded.push(plain(&b.id, rest));
            continue;
        }
        let id = names.uid(&format!("{}{index}", crate::names::PARAM));
        bound_names(target, &mut moved);
        forwarded.push(plain(&id, rest));
        renames.push((index, id));
    }
    if renames.is_empty() {
        return Some(Forwarding { forwarded: Some(forwarded), destructure: vec![] });
    }
    // A default of a parameter that reads a destructured name would now see an outer binding.
    for param in &arrow.params {
        if let Pat::Assign(a) = param {
            if names_in(&*a.right).names.iter().any(|name| moved.contains(name)) {
                return None;
            }
        }
    }
    if let ArrowFunctionBody::FunctionBody(body) = &*arrow.body {
        let mut again = DeclaresAgain { names: &moved, found: false };
        body.visit_with(&mut again);
        if again.found {
            return None;
        }
    }
    // Code in a moved pattern (a default, a function) would see the body's declarations instead of the parameters'.
    let declared = match &*arrow.body {
        ArrowFunctionBody::FunctionBody(body) => {
            let mut declared = Declared::default();
            body.visit_with(&mut declared);
            declared.names
        }
        ArrowFunctionBody::Expr(_) => vec![],
    };
    for (index, _) in &renames {
        let names = names_in(&arrow.params[*index]);
        if names.function || names.names.iter().any(|name| declared.contains(name) && !moved.contains(name)) {
            return None;
        }
    }
    let mut destructure = vec![];
    for (index, id) in renames {
        let param = &mut arrow.params[index];
        let slot = match param {
            Pat::Assign(a) => &mut *a.left,
            Pat::Rest(r) => &mut *r.arg,
            other => other,
        };
        let target = std::mem::replace(slot, Pat::Ident(BindingIdent { id: id.clone(), type_ann: None }));
        destructure.push(VarDeclarator { span: DUMMY_SP, name: target, init: Some(Box::new(Expr::Ident(id))), definite: false });
    }
    Some(Forwarding { forwarded: Some(forwarded), destructure })
}

/// What a guard needs.
pub struct GuardSpec<'a> {
    pub form: GuardForm,
    /// The function reads `new.target`: a forwarded construction passes it on (docs/protocol.md §3.3).
    pub construct: bool,
    pub cell: &'a Ident,
    /// What to forward, one value per parameter (arrows after `arrow_arguments`, `Call` forms, closures that
    /// do not forward `arguments`); None: `arguments`.
    pub forwarded: Option<&'a [ExprOrSpread]>,
    /// Closures: the evaluator of the scope that creates the function.
    pub evaluator: Option<&'a Ident>,
    pub generator: bool,
    /// The context of references to globals (`arguments`, `Reflect`).
    pub unresolved: SyntaxContext,
}

/// `if (cell.v) return <forward>;` (a truth test, not `cell.v > 0`: V8 cannot type `undefined > 0` and treats it
/// as a call, docs/protocol.md §2)
pub fn guard_statement(spec: &GuardSpec) -> Stmt {
    let global = |name: &str| Expr::Ident(Ident::new(name.into(), DUMMY_SP, spec.unresolved));
    let cell = || Expr::Ident(spec.cell.clone());
    let implementation = || member(cell(), "impl");
    let forwarded = || spec.forwarded.expect("the values to forward").to_vec();
    let mut forward = match spec.form {
        GuardForm::Apply => call(member(implementation(), "apply"), vec![this(), global("arguments")]),
        GuardForm::Arrow => call_spread(implementation(), forwarded()),
        GuardForm::Call | GuardForm::Field => {
            let mut args = vec![ExprOrSpread { spread: None, expr: Box::new(this()) }];
            args.extend(forwarded());
            call_spread(member(implementation(), "call"), args)
        }
        GuardForm::Closure => {
            let last = match spec.forwarded {
                Some(values) => Expr::Array(ArrayLit { span: DUMMY_SP, elems: values.iter().cloned().map(Some).collect() }),
                None => global("arguments"),
            };
            call(implementation(), vec![Expr::Ident(spec.evaluator.expect("a closure's evaluator").clone()), this(), last])
        }
    };
    if spec.construct {
        let construct = call(member(member(global("globalThis"), "Reflect"), "construct"), vec![implementation(), global("arguments"), new_target()]);
        forward = Expr::Cond(CondExpr { span: DUMMY_SP, test: Box::new(new_target()), cons: Box::new(construct), alt: Box::new(forward) });
    }
    if spec.generator {
        forward = Expr::Yield(YieldExpr { span: DUMMY_SP, arg: Some(Box::new(forward)), delegate: true });
    }
    Stmt::If(IfStmt { span: DUMMY_SP, test: Box::new(member(cell(), "v")), cons: Box::new(return_stmt(forward)), alt: None })
}

/// How many statements a body starts with that are directives (`"use strict";`).
pub fn directives(stmts: &[Stmt]) -> usize {
    stmts.iter().take_while(|stmt| is_directive(stmt)).count()
}

/// Puts the guard first in a function body (after its directives), and the destructuring of renamed
/// parameters after it. Returns how many statements the body now starts with that are directives or
/// generated.
pub fn insert_guard(body: &mut FunctionBody, guard: Stmt, destructure: Vec<VarDeclarator>) -> usize {
    let at = directives(&body.stmts);
    let mut statements = vec![guard];
    if !destructure.is_empty() {
        statements.push(Stmt::Decl(Decl::Var(Box::new(VarDecl {
            span: DUMMY_SP,
            ctxt: SyntaxContext::empty(),
            kind: VarDeclKind::Let,
            declare: false,
            decls: destructure,
        }))));
    }
    let count = statements.len();
    body.stmts.splice(at..at, statements);
    at + count
}

/// An arrow's body as a block: a concise body `expr` becomes `{ return expr; }` (without its parentheses).
pub fn arrow_block(arrow: &mut ArrowExpr) -> &mut FunctionBody {
    if let ArrowFunctionBody::Expr(expr) = &mut *arrow.body {
        let mut value = std::mem::replace(expr, Box::new(Expr::Invalid(Invalid { span: DUMMY_SP })));
        while let Expr::Paren(p) = *value {
            value = p.expr;
        }
        *arrow.body = ArrowFunctionBody::FunctionBody(FunctionBody { span: DUMMY_SP, stmts: vec![return_stmt(*value)] });
    }
    match &mut *arrow.body {
        ArrowFunctionBody::FunctionBody(body) => body,
        ArrowFunctionBody::Expr(_) => unreachable!(),
    }
}

/// Whether a function that can be called with `new` reads `new.target` (outside functions nested in it
/// that have their own). `function` only: not arrows, methods, async functions or generators.
pub fn reads_new_target(function: &Function) -> bool {
    if function.is_async || function.is_generator {
        return false;
    }
    let mut finder = NewTarget { found: false };
    if let Some(body) = &function.body {
        body.visit_with(&mut finder);
    }
    finder.found
}

struct NewTarget {
    found: bool,
}

impl Visit for NewTarget {
    fn visit_function(&mut self, _: &Function) {}
    fn visit_constructor(&mut self, _: &Constructor) {}
    fn visit_meta_prop_expr(&mut self, meta: &MetaPropExpr) {
        if meta.kind == MetaPropKind::NewTarget {
            self.found = true;
        }
    }
}


/// A sloppy function's parameters, when its guard can forward their values instead of `arguments`: every parameter
/// a plain identifier (no two alike), and nothing in the function reads its `arguments` (no direct `eval`
/// either). Forwarding `arguments` in sloppy code makes `arguments` mapped, and V8 then keeps every
/// parameter in a heap context (strict code keeps `arguments`: its own is unmapped).
/// A newer version that needs more (more parameters, or `arguments`) is not applied in place (docs/protocol.md
/// §3.3). As guard.ts `forwardedParameters`.
pub fn forwarded_parameters(function: &Function) -> Option<Vec<ExprOrSpread>> {
    let mut forwarded: Vec<ExprOrSpread> = vec![];
    let mut names: Vec<Atom> = vec![];
    for param in &function.params {
        let Pat::Ident(binding) = &param.pat else { return None };
        if names.contains(&binding.id.sym) {
            return None;
        }
        names.push(binding.id.sym.clone());
        let mut id = binding.id.clone();
        id.span = DUMMY_SP;
        forwarded.push(plain(&id, false));
    }
    let mut reads = ReadsArguments { found: false };
    if let Some(body) = &function.body {
        body.visit_with(&mut reads);
    }
    (!reads.found).then_some(forwarded)
}


/// Whether code reads its function's `arguments` (or calls `eval`, which could), outside nested functions.
struct ReadsArguments {
    found: bool,
}

impl Visit for ReadsArguments {
    fn visit_function(&mut self, _: &Function) {}
    fn visit_constructor(&mut self, _: &Constructor) {}
    fn visit_getter_prop(&mut self, _: &GetterProp) {}
    fn visit_setter_prop(&mut self, _: &SetterProp) {}
    fn visit_ident(&mut self, ident: &Ident) {
        if &*ident.sym == "arguments" || &*ident.sym == "eval" {
            self.found = true;
        }
    }
}

/// The directive of a server action (a function's, or a whole module's: docs/protocol.md §3.1).
pub const SERVER_ACTION_DIRECTIVE: &str = "use server";

/// Whether a body's directive prologue holds SERVER_ACTION_DIRECTIVE: a server action, which Next's transform
/// refuses `this` and `arguments` in, so it is left alone. As guard.ts `isServerAction`.
pub fn is_server_action(stmts: &[Stmt]) -> bool {
    stmts.iter().take_while(|stmt| is_directive(stmt)).any(|stmt| matches!(stmt, Stmt::Expr(ExprStmt { expr, .. }) if matches!(&**expr, Expr::Lit(Lit::Str(s)) if s.value == *SERVER_ACTION_DIRECTIVE)))
}

/// Whether an expression is a function or arrow that is a server action ([is_server_action]).
pub fn is_server_action_expr(expr: &Expr) -> bool {
    match unparen(expr) {
        Expr::Fn(f) => f.function.body.as_ref().is_some_and(|body| is_server_action(&body.stmts)),
        Expr::Arrow(a) => matches!(&*a.body, ArrowFunctionBody::FunctionBody(body) if is_server_action(&body.stmts)),
        _ => false,
    }
}

/// Whether a function has a binding of its own named `arguments` (a parameter, a `var` anywhere in it, or a
/// declaration at the top of its body; sloppy code only): its guard could not forward the call's arguments, so
/// it is left alone. As Babel's `scope.hasOwnBinding("arguments")` in guard.ts.
pub fn declares_arguments(function: &Function) -> bool {
    let mut names = vec![];
    for param in &function.params {
        bound_names(&param.pat, &mut names);
    }
    if let Some(body) = &function.body {
        for stmt in &body.stmts {
            match stmt {
                Stmt::Decl(Decl::Fn(f)) => names.push(f.ident.sym.clone()),
                Stmt::Decl(Decl::Class(c)) => names.push(c.ident.sym.clone()),
                Stmt::Decl(Decl::Var(v)) => v.decls.iter().for_each(|d| bound_names(&d.name, &mut names)),
                _ => {}
            }
        }
        let mut vars = VarNames { names: &mut names };
        body.visit_with(&mut vars);
    }
    names.iter().any(|name| name == "arguments")
}

/// The names `var` declarations bind in a function body, outside the functions nested in it.
struct VarNames<'a> {
    names: &'a mut Vec<Atom>,
}

impl Visit for VarNames<'_> {
    fn visit_function(&mut self, _: &Function) {}
    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    fn visit_class(&mut self, _: &Class) {}
    fn visit_var_decl(&mut self, decl: &VarDecl) {
        if decl.kind == VarDeclKind::Var {
            decl.decls.iter().for_each(|d| bound_names(&d.name, self.names));
        }
        decl.visit_children_with(self);
    }
}
