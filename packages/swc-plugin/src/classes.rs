//! Patches a class's methods and accessors in place (docs/protocol.md §3.3), as
//! packages/babel-plugin/src/classes.ts does: the class, its constructor and fields stay the original
//! ones; each member becomes a proxy. Its implementation is an object-literal method created in a static
//! block (so it sees the class scope) whose object inherits from the member's home's prototype, so `super`
//! resolves as before.

use swc_core::common::DUMMY_SP;
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::{Visit, VisitWith};

use crate::ast::*;
use crate::instrumenter::Instrumenter;
use crate::proxy::{length_of, Kind};

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

/// The key as it appears in a registry name (`.total`, `["a b"]`, `[Symbol.iterator]`), or None if
/// it cannot be named safely (a computed key is evaluated again by the static block).
fn key_text(module: &Instrumenter, key: &PropName, class_ident: Option<&Ident>) -> Option<String> {
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
        PropName::Computed(computed) => match unparen(&computed.expr) {
            Expr::Lit(Lit::Str(s)) => Some(literal(&s.value.to_string_lossy())),
            Expr::Lit(Lit::Num(n)) => Some(format!("[{}]", js_number(n.value))),
            Expr::Tpl(t) if t.exprs.is_empty() && t.quasis.len() == 1 => {
                let cooked = t.quasis[0].cooked.as_ref().map(|c| c.to_string_lossy().into_owned()).unwrap_or_default();
                Some(literal(&cooked))
            }
            Expr::Member(MemberExpr { obj, prop: MemberProp::Ident(prop), .. }) => match &**obj {
                Expr::Ident(symbol)
                    if &*symbol.sym == "Symbol"
                        && !module.top_level.contains(&symbol.sym)
                        && class_ident.is_none_or(|c| &*c.sym != "Symbol") =>
                {
                    Some(format!("[Symbol.{}]", prop.sym))
                }
                _ => None,
            },
            Expr::Ident(i) if module.constants.contains(&(i.sym.clone(), i.ctxt)) => Some(format!("[{}]", i.sym)),
            _ => None,
        },
    }
}

struct PrivateNameFinder {
    found: bool,
}

impl Visit for PrivateNameFinder {
    fn visit_private_name(&mut self, _: &PrivateName) {
        self.found = true;
    }
}

/// Patches the methods and accessors of `class` (bound as `class_name`) in place.
pub fn instrument_class(module: &mut Instrumenter, class: &mut Class, class_name: &str, class_ident: Option<&Ident>) {
    let mut wiring: Vec<Stmt> = vec![];
    for member_index in 0..class.body.len() {
        let ClassMember::Method(method) = &class.body[member_index] else { continue };
        // Abstract methods and overload signatures have no body (Babel: TSDeclareMethod).
        if method.function.body.is_none() {
            continue;
        }
        let span = method.span;
        let text = key_text(module, &method.key, class_ident);
        let describe = format!(
            "{class_name}{}{}",
            if method.is_static { "" } else { ".prototype" },
            text.as_deref().unwrap_or("[computed]")
        );
        let Some(_) = text else {
            module.warn(span, format!("{describe} is not hot-patchable: its computed key could have side effects if evaluated again"));
            continue;
        };
        let mut finder = PrivateNameFinder { found: false };
        method.visit_with(&mut finder);
        if finder.found {
            module.warn(span, format!("{describe} is not hot-patchable: it uses #private names, which cannot cross class versions"));
            continue;
        }
        if method.function.params.iter().any(|p| !p.decorators.is_empty()) {
            module.warn(span, format!("{describe} is not hot-patchable: its parameters have decorators"));
            continue;
        }

        let suffix = match method.kind {
            MethodKind::Getter => ":get",
            MethodKind::Setter => ":set",
            MethodKind::Method => "",
        };
        let name = module.claim_name(&format!("{describe}{suffix}"));
        let slot = module.new_slot(&name);
        let method_helper = module.method();

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
        let implementations = object(vec![
            Prop::KeyValue(KeyValueProp {
                key: PropName::Ident(IdentName::new("__proto__".into(), DUMMY_SP)),
                value: Box::new(call(member(module.proxies.global("Object"), "getPrototypeOf"), vec![home()])),
            }),
            implementation,
        ]);

        // Accessors forward like methods (`apply(this, arguments)` is the form V8 inlines best).
        let (mut params, body) = module.proxies.proxy_shape(kind, length, &slot, None, false);
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
            call(Expr::Ident(method_helper), vec![home_expr, key_expr, str_lit(part), str_lit(&name), implementations]),
        )));
    }
    // First in the body: static blocks and static fields run in order, so no user static code runs before the wiring.
    if !wiring.is_empty() {
        class.body.insert(0, ClassMember::StaticBlock(StaticBlock { span: DUMMY_SP, body: block(wiring) }));
    }
}
