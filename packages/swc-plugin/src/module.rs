//! Instruments one module's top level as docs/protocol.md §3 describes (packages/babel-plugin/src/module.ts):
//! visits the top-level statements and turns each module-level function into a proxy and each class's
//! members into proxies.

use swc_core::common::{util::take::Take, SyntaxContext};
use swc_core::ecma::ast::*;

use crate::ast::*;
use crate::classes::instrument_class;
use crate::instrumenter::Instrumenter;
use crate::names::{self, GeneratedNames};
use crate::transform::TransformReport;

/// Instruments `program` and reports what was emitted (`instrumented: false`: nothing to instrument).
pub fn instrument(program: &mut Program, module_id: &str, unresolved: SyntaxContext, in_scope_patches: bool) -> TransformReport {
    let mut module = Instrumenter::new(module_id, unresolved, in_scope_patches, GeneratedNames::of(program));
    match program {
        Program::Module(m) => {
            collect_top_level_module(&mut module, &m.body);
            for item in m.body.iter_mut() {
                match item {
                    ModuleItem::Stmt(stmt) => statement(&mut module, stmt),
                    ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => declaration(&mut module, &mut export.decl),
                    ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) => match &mut export.decl {
                        DefaultDecl::Fn(f) if f.function.body.is_some() => function_declaration(&mut module, &mut f.ident, &mut f.function),
                        DefaultDecl::Class(c) => {
                            let name = c.ident.as_ref().map(|i| i.sym.to_string()).unwrap_or_else(|| "default".into());
                            instrument_class(&mut module, &mut c.class, &name, c.ident.as_ref());
                        }
                        _ => {}
                    },
                    ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(export)) => bound_expression(&mut module, &mut export.expr, "default"),
                    _ => {}
                }
            }
        }
        Program::Script(s) => {
            for stmt in &s.body {
                collect_stmt(&mut module, stmt);
            }
            for stmt in s.body.iter_mut() {
                statement(&mut module, stmt);
            }
        }
    }
    module.finish(program)
}

// -- module-level bindings ------------------------------------------------

fn collect_top_level_module(module: &mut Instrumenter, items: &[ModuleItem]) {
    for item in items {
        match item {
            ModuleItem::ModuleDecl(ModuleDecl::Import(import)) => {
                for specifier in &import.specifiers {
                    let local = match specifier {
                        ImportSpecifier::Named(s) => &s.local,
                        ImportSpecifier::Default(s) => &s.local,
                        ImportSpecifier::Namespace(s) => &s.local,
                    };
                    module.top_level.insert(local.sym.clone());
                    module.constants.insert((local.sym.clone(), local.ctxt));
                }
            }
            ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(export)) => collect_decl(module, &export.decl),
            ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(export)) => match &export.decl {
                DefaultDecl::Fn(FnExpr { ident: Some(i), .. }) | DefaultDecl::Class(ClassExpr { ident: Some(i), .. }) => {
                    module.top_level.insert(i.sym.clone());
                }
                _ => {}
            },
            ModuleItem::Stmt(stmt) => collect_stmt(module, stmt),
            _ => {}
        }
    }
}

fn collect_stmt(module: &mut Instrumenter, stmt: &Stmt) {
    if let Stmt::Decl(decl) = stmt {
        collect_decl(module, decl);
    }
}

fn collect_decl(module: &mut Instrumenter, decl: &Decl) {
    match decl {
        Decl::Fn(f) => {
            module.top_level.insert(f.ident.sym.clone());
        }
        Decl::Class(c) => {
            module.top_level.insert(c.ident.sym.clone());
        }
        Decl::Var(v) => {
            let mut ids = vec![];
            for declarator in &v.decls {
                pat_binding_ids(&declarator.name, &mut ids);
            }
            for id in ids {
                module.top_level.insert(id.sym.clone());
                if v.kind == VarDeclKind::Const {
                    module.constants.insert((id.sym.clone(), id.ctxt));
                }
            }
        }
        Decl::TsEnum(e) => {
            module.top_level.insert(e.id.sym.clone());
        }
        _ => {}
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

// -- statements ---------------------------------------------------------------

fn statement(module: &mut Instrumenter, stmt: &mut Stmt) {
    if let Stmt::Decl(decl) = stmt {
        declaration(module, decl);
    }
}

fn declaration(module: &mut Instrumenter, decl: &mut Decl) {
    match decl {
        Decl::Fn(f) => {
            // `declare function` and overload signatures have no body: nothing to patch.
            if f.declare || f.function.body.is_none() {
                return;
            }
            let mut id = Some(f.ident.clone());
            function_declaration(module, &mut id, &mut f.function);
        }
        Decl::Class(c) if !c.declare => {
            let name = c.ident.sym.to_string();
            let class_ident = c.ident.clone();
            instrument_class(module, &mut c.class, &name, Some(&class_ident));
        }
        Decl::Var(v) => {
            if v.declare {
                return;
            }
            for declarator in v.decls.iter_mut() {
                let Pat::Ident(binding) = &declarator.name else { continue };
                let name = binding.id.sym.to_string();
                if let Some(init) = declarator.init.as_mut() {
                    bound_expression(module, init, &name);
                }
            }
        }
        _ => {}
    }
}

/// `const f = <function | arrow | class>` and `export default <...>`.
fn bound_expression(module: &mut Instrumenter, expr: &mut Box<Expr>, name: &str) {
    // Babel's parser drops parentheses; SWC keeps them.
    let mut inner: &mut Expr = expr;
    while let Expr::Paren(p) = inner {
        inner = &mut p.expr;
    }
    match inner {
        Expr::Fn(_) | Expr::Arrow(_) => {
            let replacement = function_expression(module, inner.take(), name);
            **expr = replacement;
        }
        Expr::Class(c) => {
            let class_ident = c.ident.clone();
            instrument_class(module, &mut c.class, name, class_ident.as_ref());
        }
        _ => {}
    }
}

/// A function declaration at module level: replaced in place by its proxy, its implementation defined in `_mp_init`.
fn function_declaration(module: &mut Instrumenter, id: &mut Option<Ident>, func: &mut Box<Function>) {
    let binding_name = id.as_ref().map(|i| i.sym.to_string());
    let name = module.claim_name(binding_name.as_deref().unwrap_or("default"));
    let slot = module.new_slot(&name);
    // An anonymous `export default function` has no binding for _mp_init to hand to the registry: give it
    // one, and give the proxy back the name "default" the original had.
    let proxy_id = match id {
        Some(i) => i.clone(),
        None => module.uid(names::DEFAULT),
    };
    let init = module.init();
    let proxy = module.proxies.function_proxy(func, &slot, Some(&init));
    let original = std::mem::replace(func, proxy);
    let implementation = module.proxies.implementation(fn_expr(None, original), binding_name.as_deref().unwrap_or("default"));
    let mut definition = vec![expr_stmt(module.define_call(&slot, &name, implementation, Expr::Ident(proxy_id.clone())))];
    if id.is_none() {
        definition.push(module.proxies.set_name(&proxy_id, "default"));
    }
    module.hoist(&slot, definition);
    *id = Some(proxy_id);
}

/// A function or arrow bound at module level (`const f = () => {}`, `export default () => {}`):
/// replaced by `(_tmp = proxy, _s = _mp_define(name, impl, _tmp), _tmp)`.
fn function_expression(module: &mut Instrumenter, expr: Expr, binding_name: &str) -> Expr {
    let name = module.claim_name(binding_name);
    let slot = module.new_slot(&name);
    let Some(proxy) = module.proxies.expression_proxy(&expr, &slot, binding_name) else { return expr };
    let implementation = module.proxies.implementation(expr, binding_name);
    let tmp = module.tmp();
    let define = module.define_call(&slot, &name, implementation, Expr::Ident(tmp.clone()));
    seq(vec![assign(&tmp, proxy), define, Expr::Ident(tmp)])
}
