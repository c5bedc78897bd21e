//! Names of instrumented functions (docs/protocol.md §3.1): where a function is, as its context path
//! (`app.get("/users/:id")`, `api.create`, `validateRequest/return`). The same rules as
//! packages/babel-plugin/src/keys.ts, read from the walk's ancestor frames instead of Babel's paths.

use std::collections::HashSet;

use swc_core::atoms::Atom;
use swc_core::common::SyntaxContext;
use swc_core::ecma::ast::*;

use crate::ancestors::{CallKind, CalleeRef, FirstArgument, Frame};
use crate::ast::{is_identifier_name, str_lit, unparen};

/// What a key's segment needs to know about the bindings in scope (Babel's `scope.getBinding`).
pub struct Bindings {
    /// `const` bindings (any scope) and imports, by name and syntax context: computed keys that are safe to
    /// evaluate again.
    pub constants: HashSet<(Atom, SyntaxContext)>,
    /// The context of references to globals (no binding).
    pub unresolved: SyntaxContext,
}

/// JavaScript's `String(number)`.
pub fn js_number(value: f64) -> String {
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
pub fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
}

/// `.name`, or `["not an identifier"]`.
pub fn property_segment(name: &str) -> String {
    if is_identifier_name(name) {
        format!(".{name}")
    } else {
        format!("[{}]", json_string(name))
    }
}

fn str_value(s: &Str) -> String {
    s.value.to_string_lossy().into_owned()
}

/// The key of a class or object member as a name segment, or None if evaluating it again could have
/// effects (keys.ts `memberKeySegment`).
pub fn member_key_segment(key: &PropName, bindings: &Bindings) -> Option<String> {
    match key {
        PropName::Ident(i) => Some(format!(".{}", i.sym)),
        PropName::Str(s) => Some(property_segment(&str_value(s))),
        PropName::Num(n) => Some(format!("[{}]", js_number(n.value))),
        PropName::BigInt(_) => None,
        PropName::Computed(computed) => computed_key_segment(unparen(&computed.expr), bindings),
    }
}

fn computed_key_segment(key: &Expr, bindings: &Bindings) -> Option<String> {
    match key {
        Expr::Lit(Lit::Str(s)) => Some(property_segment(&str_value(s))),
        Expr::Lit(Lit::Num(n)) => Some(format!("[{}]", js_number(n.value))),
        Expr::Tpl(t) if t.exprs.is_empty() => {
            let cooked = t.quasis.first().and_then(|q| q.cooked.as_ref()).map(|c| c.to_string_lossy().into_owned()).unwrap_or_default();
            Some(property_segment(&cooked))
        }
        Expr::Member(MemberExpr { obj, prop: MemberProp::Ident(prop), .. }) => match &**obj {
            Expr::Ident(symbol) if &*symbol.sym == "Symbol" && symbol.ctxt == bindings.unresolved => Some(format!("[Symbol.{}]", prop.sym)),
            _ => None,
        },
        Expr::Ident(i) if bindings.constants.contains(&(i.sym.clone(), i.ctxt)) => Some(format!("[{}]", i.sym)),
        _ => None,
    }
}

/// A literal first argument as it appears in a call's name: strings JSON-quoted, numbers as JavaScript
/// prints them.
pub fn first_argument(args: &[ExprOrSpread]) -> FirstArgument {
    match args.first() {
        Some(ExprOrSpread { spread: None, expr }) => match unparen(expr) {
            Expr::Lit(Lit::Str(s)) => FirstArgument::Str(s.value.clone()),
            Expr::Lit(Lit::Num(n)) => FirstArgument::Num(n.value),
            Expr::Tpl(t) if t.exprs.is_empty() => {
                FirstArgument::Str(t.quasis.first().and_then(|q| q.cooked.clone()).unwrap_or_default())
            }
            _ => FirstArgument::None,
        },
        _ => FirstArgument::None,
    }
}

fn literal_text(first: &FirstArgument) -> String {
    match first {
        FirstArgument::None => String::new(),
        FirstArgument::Str(s) => json_string(&s.to_string_lossy()),
        FirstArgument::Num(n) => js_number(*n),
    }
}

/// A member chain as written (`app.get`, `this.router.use`, `app.route("/a").get()`), `(…)` for anything else.
pub fn chain_text(expr: &Expr) -> String {
    match expr {
        Expr::Ident(i) => i.sym.to_string(),
        Expr::This(_) => "this".into(),
        Expr::Member(m) => member_text(chain_text(&m.obj), &m.prop),
        Expr::SuperProp(s) => super_text(s),
        Expr::Call(c) => call_text(CallKind::Call, &callee_ref(&c.callee), &first_argument(&c.args)),
        Expr::New(n) => call_text(CallKind::New, &CalleeRef::Expr(&*n.callee), &first_argument(n.args.as_deref().unwrap_or_default())),
        Expr::OptChain(o) => match &*o.base {
            OptChainBase::Member(m) => member_text(chain_text(&m.obj), &m.prop),
            OptChainBase::Call(c) => call_text(CallKind::OptionalCall, &CalleeRef::Expr(&*c.callee), &first_argument(&c.args)),
        },
        Expr::Paren(p) => chain_text(&p.expr),
        Expr::TsNonNull(t) => chain_text(&t.expr),
        Expr::TsAs(t) => chain_text(&t.expr),
        Expr::TsConstAssertion(t) => chain_text(&t.expr),
        Expr::TsSatisfies(t) => chain_text(&t.expr),
        Expr::TsTypeAssertion(t) => chain_text(&t.expr),
        _ => "(…)".into(),
    }
}

fn super_text(s: &SuperPropExpr) -> String {
    match &s.prop {
        SuperProp::Ident(i) => format!("super.{}", i.sym),
        SuperProp::Computed(c) => match unparen(&c.expr) {
            Expr::Lit(Lit::Str(s)) => format!("super{}", property_segment(&str_value(s))),
            _ => "super[…]".into(),
        },
    }
}

fn member_text(object: String, prop: &MemberProp) -> String {
    match prop {
        MemberProp::Ident(i) => format!("{object}.{}", i.sym),
        MemberProp::Computed(c) => match unparen(&c.expr) {
            Expr::Lit(Lit::Str(s)) => format!("{object}{}", property_segment(&str_value(s))),
            _ => format!("{object}[…]"),
        },
        MemberProp::PrivateName(_) => format!("{object}[…]"),
    }
}

/// The text of an assignment's target (`exports.handler`, `Foo.prototype.bar`, `x`).
pub fn assign_target_text(target: &AssignTarget) -> String {
    match target {
        AssignTarget::Simple(SimpleAssignTarget::Ident(b)) => b.id.sym.to_string(),
        AssignTarget::Simple(SimpleAssignTarget::Member(m)) => member_text(chain_text(&m.obj), &m.prop),
        AssignTarget::Simple(SimpleAssignTarget::SuperProp(s)) => super_text(s),
        AssignTarget::Simple(SimpleAssignTarget::Paren(p)) => chain_text(&p.expr),
        AssignTarget::Simple(SimpleAssignTarget::OptChain(o)) => match &*o.base {
            OptChainBase::Member(m) => member_text(chain_text(&m.obj), &m.prop),
            OptChainBase::Call(_) => "(…)".into(),
        },
        AssignTarget::Simple(SimpleAssignTarget::TsAs(t)) => chain_text(&t.expr),
        AssignTarget::Simple(SimpleAssignTarget::TsSatisfies(t)) => chain_text(&t.expr),
        AssignTarget::Simple(SimpleAssignTarget::TsNonNull(t)) => chain_text(&t.expr),
        AssignTarget::Simple(SimpleAssignTarget::TsTypeAssertion(t)) => chain_text(&t.expr),
        _ => "(…)".into(),
    }
}

/// The identifier an assignment assigns to, if it is one (`x = …`).
pub fn assign_target_ident(target: &AssignTarget) -> Option<&Ident> {
    match target {
        AssignTarget::Simple(SimpleAssignTarget::Ident(b)) => Some(&b.id),
        _ => None,
    }
}

pub fn callee_ref(callee: &Callee) -> CalleeRef {
    match callee {
        Callee::Expr(e) => CalleeRef::Expr(&**e),
        Callee::Super(_) => CalleeRef::Super,
        Callee::Import(_) => CalleeRef::Import,
    }
}

/// `callee(first literal argument)`, `new X()`.
pub fn call_text(kind: CallKind, callee: &CalleeRef, first: &FirstArgument) -> String {
    let callee = match callee {
        // SAFETY: see ancestors.rs; callers pass a callee they hold or one a frame holds.
        CalleeRef::Expr(e) => chain_text(unsafe { &**e }),
        CalleeRef::Super => "super".into(),
        CalleeRef::Import => "(…)".into(),
    };
    format!("{}{callee}({})", if kind == CallKind::New { "new " } else { "" }, literal_text(first))
}

/// The context path of a node whose ancestors are `frames[..from]` (docs/protocol.md §3.1): what names the
/// place it is in, climbing until a binding, an assignment, a property, a call, `export default` or
/// `return` names it, or the frame `stop` (the enclosing function) is reached. Empty when nothing names it.
pub fn context_path(frames: &[Frame], from: usize, stop: Option<usize>, bindings: &Bindings) -> String {
    let floor = stop.map_or(0, |stop| stop + 1);
    let mut suffix = String::new();
    let mut i = from;
    while i > floor {
        i -= 1;
        match &frames[i] {
            Frame::TsWrapper(_) | Frame::Transparent => continue,
            Frame::Declarator { binding, init, .. } => {
                return match (init, binding) {
                    (true, Some(binding)) => format!("{}{suffix}", binding.sym),
                    _ => suffix,
                };
            }
            Frame::Assign { right, left } => {
                if !*right {
                    return suffix;
                }
                // SAFETY: see ancestors.rs (the walk is in the assignment's value).
                let left = unsafe { &**left };
                return format!("{}{suffix}", assign_target_text(left));
            }
            Frame::AssignPattern { right, left } => {
                return match (right, left) {
                    (true, Some(left)) => format!("{}{suffix}", left.sym),
                    _ => suffix,
                };
            }
            Frame::ExportDefault => return format!("default{suffix}"),
            Frame::Return => return format!("return{suffix}"),
            Frame::Property { value, key } => {
                if !*value {
                    return suffix;
                }
                // SAFETY: see ancestors.rs (the walk is in the property's value).
                let key = unsafe { &**key };
                suffix = member_key_segment(key, bindings).unwrap_or_else(|| "[…]".into()) + &suffix;
            }
            Frame::Object(_) => continue,
            Frame::Array(index) => suffix = format!("[{index}]{suffix}"),
            Frame::Call(call) => {
                if !call.arguments {
                    return suffix;
                }
                // A wrapper under a named context is transparent (`const getUser = asyncHandler(fn)` names fn `getUser`).
                let above = context_path(frames, i, stop, bindings);
                let name = if above.is_empty() { call_text(call.kind, &call.callee, &call.first) } else { above };
                return name + &suffix;
            }
            _ => return suffix,
        }
    }
    suffix
}

/// `api.create` from a context `api` and a segment `.create`; a leading dot is dropped when the context is empty.
pub fn join_name(context: &str, segment: &str) -> String {
    if !context.is_empty() {
        return format!("{context}{segment}");
    }
    segment.strip_prefix('.').unwrap_or(segment).to_string()
}

/// The key of a member as an expression that reads it again (`"name"`, `Symbol.iterator`, `1`).
pub fn member_key_expression(key: &PropName) -> Expr {
    match key {
        PropName::Ident(i) => str_lit(&i.sym),
        PropName::Str(s) => Expr::Lit(Lit::Str(s.clone())),
        PropName::Num(n) => Expr::Lit(Lit::Num(n.clone())),
        PropName::BigInt(b) => Expr::Lit(Lit::BigInt(b.clone())),
        PropName::Computed(c) => unparen(&c.expr).clone(),
    }
}

