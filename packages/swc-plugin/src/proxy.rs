//! Builds proxies and implementations (docs/protocol.md §3), as packages/babel-plugin/src/proxy.ts's
//! ProxyBuilder does. A proxy has the same kind as the original so that every intrinsic property
//! (prototype, constructibility, [[Prototype]], toStringTag) is exact; it only forwards to `slot.impl`.

use swc_core::common::{SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;

use crate::ast::*;
use crate::names::GENERATOR_CALL_KEY;

/// What a proxy must be to stand in for the original.
#[derive(Clone, Copy)]
pub struct Kind {
    pub is_async: bool,
    pub generator: bool,
    pub constructible: bool,
}

impl Kind {
    /// A function declaration's or function expression's: constructible unless async or a generator.
    pub fn of_function(function: &Function) -> Kind {
        Kind {
            is_async: function.is_async,
            generator: function.is_generator,
            constructible: !function.is_async && !function.is_generator,
        }
    }
}

pub fn is_use_strict(body: Option<&FunctionBody>) -> bool {
    body.is_some_and(|body| body.stmts.iter().map_while(directive).any(|d| d == "use strict"))
}

/// The original's `length`: parameters before the first default or rest.
pub fn length_of<'a>(params: impl IntoIterator<Item = &'a Pat>) -> usize {
    params.into_iter().take_while(|p| !matches!(p, Pat::Assign(_) | Pat::Rest(_))).count()
}

pub struct ProxyBuilder {
    /// The context of references to globals (`arguments`, `Reflect`, `Object`).
    unresolved: SyntaxContext,
    /// Name of the generator proxies' iterator parameter.
    iterator: Ident,
}

impl ProxyBuilder {
    pub fn new(unresolved: SyntaxContext, iterator: Ident) -> Self {
        ProxyBuilder { unresolved, iterator }
    }

    /// A reference to a global.
    pub fn global(&self, name: &str) -> Expr {
        Expr::Ident(Ident::new(name.into(), DUMMY_SP, self.unresolved))
    }

    /// `{ name: value }.name`: gives an anonymous function its name without an inner binding.
    pub fn named(&self, name: &str, value: Expr) -> Expr {
        let object = object(vec![Prop::KeyValue(KeyValueProp { key: prop_name(name), value: Box::new(value) })]);
        member(object, name)
    }

    /// `{ name(params) { body } }.name`: a non-constructible function with that name (the proxy of an arrow).
    fn named_method(&self, name: &str, function: Box<Function>) -> Expr {
        let object = object(vec![Prop::Method(MethodProp { key: prop_name(name), function })]);
        member(object, name)
    }

    /// The implementation: the original function (`Expr::Fn` or `Expr::Arrow`) as an expression, keeping its
    /// name (`property_name` for one without its own: a function declaration's is passed as an anonymous
    /// function expression).
    pub fn implementation(&self, original: Expr, property_name: &str) -> Expr {
        match original {
            Expr::Fn(FnExpr { ident: Some(_), .. }) => original,
            original => self.named(property_name, original),
        }
    }

    /// `callee.apply(this, arguments)`
    fn forward(&self, callee: Expr) -> Expr {
        call(member(callee, "apply"), vec![this(), self.global("arguments")])
    }

    fn impl_of(slot: &Ident) -> Expr {
        member(Expr::Ident(slot.clone()), "impl")
    }

    /// Parameters and body of a proxy of the given kind. With `lazy_init` (hoisted proxies, which can run
    /// before the module body has: hoisting, ESM import cycles), the slot may still be undefined: the read is
    /// guarded by try/catch, which costs nothing on the fast path, unlike a test of the slot on every call.
    pub fn proxy_shape(&self, kind: Kind, length: usize, slot: &Ident, lazy_init: Option<&Ident>, strict: bool) -> (Vec<Param>, FunctionBody) {
        let mut params: Vec<Param> = (0..length)
            .map(|i| param(Pat::Ident(BindingIdent { id: ident(&format!("_{i}")), type_ann: None })))
            .collect();
        let mut stmts = vec![];
        if kind.generator {
            // The implementation's iterator is created in a parameter initializer, i.e. at call time,
            // so its parameter errors surface from the call exactly as in the original.
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
            params.push(param(Pat::Rest(RestPat { span: DUMMY_SP, dot3_token: DUMMY_SP, arg: Box::new(pattern), type_ann: None })));
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
            stmts.push(var_decl(vec![local.clone()]));
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
            let construct = call(member(self.global("Reflect"), "construct"), vec![callee.clone(), self.global("arguments"), new_target()]);
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

    /// The proxy of a function declaration (to be declared under the original's binding, hoisted like it,
    /// `lazy_init` given) or of a function expression: a function of the same kind.
    pub fn function_proxy(&self, original: &Function, slot: &Ident, lazy_init: Option<&Ident>) -> Box<Function> {
        let kind = Kind::of_function(original);
        let length = length_of(original.params.iter().map(|p| &p.pat));
        let (params, body) = self.proxy_shape(kind, length, slot, lazy_init, is_use_strict(original.body.as_ref()));
        function(params, body, kind.generator, kind.is_async, original.span)
    }

    /// The proxy of a function expression or arrow bound at module level as `binding_name`, an expression of
    /// the same kind: `{ name(_0) {...} }.name` for an arrow, `function g(_0) {...}` for a named function,
    /// `{ name: function (_0) {...} }.name` for an anonymous one. Any other expression: None.
    pub fn expression_proxy(&self, original: &Expr, slot: &Ident, binding_name: &str) -> Option<Expr> {
        match original {
            Expr::Arrow(arrow) => {
                let kind = Kind { is_async: arrow.is_async, generator: arrow.is_generator, constructible: false };
                let (params, body) = self.proxy_shape(kind, length_of(arrow.params.iter()), slot, None, false);
                Some(self.named_method(binding_name, function(params, body, kind.generator, kind.is_async, arrow.span)))
            }
            Expr::Fn(f) => {
                let proxy = self.function_proxy(&f.function, slot, None);
                Some(match &f.ident {
                    Some(name) => fn_expr(Some(name.clone()), proxy),
                    None => self.named(binding_name, fn_expr(None, proxy)),
                })
            }
            _ => None,
        }
    }

    /// `Object.defineProperty(id, "name", { value: name })`
    pub fn set_name(&self, id: &Ident, name: &str) -> Stmt {
        let descriptor = object(vec![Prop::KeyValue(KeyValueProp { key: prop_name("value"), value: Box::new(str_lit(name)) })]);
        expr_stmt(call(member(self.global("Object"), "defineProperty"), vec![Expr::Ident(id.clone()), str_lit("name"), descriptor]))
    }
}
