//! Closures (docs/protocol.md §3.6; packages/babel-plugin/src/closures.ts): which functions inside
//! instrumented functions are closure sites, their names, and the evaluator of the block that makes them,
//! through which a newer version of a closure is compiled with the captured variables of the activation
//! that made it.

use swc_core::ecma::ast::*;
use swc_core::ecma::visit::{Visit, VisitWith};

use crate::ancestors::{CallKind, CalleeRef, Frame, TsWrapper};
use crate::ast::unparen;
use crate::guard::{arrow_arguments, GuardForm};
use crate::module::{Evaluator, FuncMut, FunctionKind, Instrumented, Outcome, Part, Walk};
use crate::names;

/// Methods whose callbacks run at most once, or during the call (array iteration), so that an edit of the
/// callback cannot reach a call that already happened: `listen`'s callback, a timer, a promise reaction.
const RUN_ONCE_METHODS: &[&str] = &[
    "map", "forEach", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "flatMap",
    "sort", "toSorted", "listen", "once", "then", "catch", "finally", "nextTick",
];
const RUN_ONCE_FUNCTIONS: &[&str] = &["setTimeout", "setImmediate", "queueMicrotask"];

/// A call's callee as Babel sees it: without parentheses, an optional chain's member as a member.
fn callee_member(callee: &Expr) -> Option<(&Expr, &MemberProp)> {
    match unparen(callee) {
        Expr::Member(m) => Some((&m.obj, &m.prop)),
        Expr::OptChain(OptChainExpr { base, .. }) => match &**base {
            OptChainBase::Member(m) => Some((&m.obj, &m.prop)),
            OptChainBase::Call(_) => None,
        },
        _ => None,
    }
}

fn is_ident(expr: &Expr, name: &str) -> bool {
    matches!(unparen(expr), Expr::Ident(i) if &*i.sym == name)
}

struct Jsx {
    found: bool,
}

impl Visit for Jsx {
    fn visit_jsx_element(&mut self, _: &JSXElement) {
        self.found = true;
    }
    fn visit_jsx_fragment(&mut self, _: &JSXFragment) {
        self.found = true;
    }
}

impl Walk {
    /// A function that runs where it is made or at most once later (an IIFE, an iteration callback, a timer,
    /// a promise reaction, `listen`'s callback): its edits are not patched in place, they are edits of the
    /// code that made it (at module level, the module's top level; in a function, that function's next calls).
    pub fn runs_once(&self) -> bool {
        // closures.ts `unwrap`: parentheses (no frames), `as`, `!`.
        let mut i = self.frames.len();
        while i > 0 && matches!(self.frames[i - 1], Frame::TsWrapper(TsWrapper::As | TsWrapper::NonNull)) {
            i -= 1;
        }
        if i == 0 {
            return false;
        }
        match &self.frames[i - 1] {
            Frame::Call(call) if !call.arguments => call.kind != CallKind::New,
            Frame::Member { object: true, call_or_apply: true } => {
                i >= 2 && matches!(&self.frames[i - 2], Frame::Call(call) if !call.arguments && call.kind == CallKind::Call)
            }
            Frame::Call(call) => {
                let CalleeRef::Expr(callee) = call.callee else { return false };
                // SAFETY: see ancestors.rs (the walk is in the call's arguments).
                let callee = unsafe { &*callee };
                if call.kind == CallKind::New {
                    return is_ident(callee, "Promise");
                }
                if let Some((object, MemberProp::Ident(method))) = callee_member(callee) {
                    if RUN_ONCE_METHODS.contains(&&*method.sym) || (&*method.sym == "from" && is_ident(object, "Array")) {
                        return true;
                    }
                }
                matches!(unparen(callee), Expr::Ident(i) if RUN_ONCE_FUNCTIONS.contains(&&*i.sym))
            }
            _ => false,
        }
    }

    /// The closure site's registry name, or None if the function is not a closure site. `enclosing`: the
    /// frame of the instrumented function around it; `key`: an object method's key.
    pub fn closure_site(&self, f: &FuncMut, kind: FunctionKind, enclosing: Option<usize>, key: Option<&PropName>) -> Option<String> {
        if self.runs_once() {
            return None;
        }
        let outer = self.enclosing_function();
        if let Some((_, state)) = outer {
            // In a parameter list: evaluated before the body, where no evaluator exists yet.
            if self.functions[state].part == Part::Params {
                return None;
            }
        }
        let stop = outer.map(|(frame, _)| frame);
        let own = self.function_name(f, kind, key, stop, "(anonymous)");
        Some(match enclosing.and_then(|frame| self.instrumented_at(frame)) {
            Some(enclosing) => format!("{}/{own}", enclosing.name),
            None => own,
        })
    }

    fn instrumented_at(&self, frame: usize) -> Option<&Instrumented> {
        match self.frames[frame] {
            Frame::Function(state) => self.functions[state].instrumented.as_ref(),
            _ => None,
        }
    }

    /// Whether a function's closures are instrumented: not in React components and hooks, made again by every render.
    pub fn creates_closures(&self, f: &FuncMut, name: &str) -> bool {
        let simple = name.rsplit(['.', '/']).next().unwrap_or(name).as_bytes();
        if simple.first().is_some_and(u8::is_ascii_uppercase) || (simple.starts_with(b"use") && simple.get(3).is_some_and(u8::is_ascii_uppercase)) {
            return false;
        }
        if !self.jsx {
            return true;
        }
        let mut jsx = Jsx { found: false };
        match f {
            FuncMut::Function(function, _) => function.visit_children_with(&mut jsx),
            FuncMut::Arrow(arrow) => arrow.visit_children_with(&mut jsx),
        }
        !jsx.found
    }

    /// The evaluator of the block that makes the function being visited, declared as that block's first
    /// statement (after generated ones and the function declarations already visited) when the block is
    /// left, if it has none yet: `const _mp_e = (_mp_c) => eval(_mp_c);`. None where the closure is made
    /// outside a block (a `switch` case, a loop head, a class body, a catch clause's pattern).
    pub fn evaluator_for(&mut self) -> Option<Ident> {
        let block = self.frames.iter().rev().find_map(|frame| match frame {
            // A method's key is in the scope around the method (Babel's `setScope`).
            Frame::Function(state) if self.functions[*state].part == Part::Key => None,
            Frame::Function(state) => Some(Some(self.functions[*state].block)),
            Frame::Block(block) => Some(Some(*block)),
            Frame::Catch { block, param } => Some((!param).then_some(*block)),
            Frame::Loop { block, body } => Some(body.then_some(*block)),
            Frame::Scope | Frame::Class(_) | Frame::StaticBlock => Some(None),
            _ => None,
        })??;
        if let Some(evaluator) = &self.blocks[block].evaluator {
            return Some(evaluator.id.clone());
        }
        let id = self.module.uid(names::EVALUATOR);
        let code = self.module.uid(names::EVALUATOR_CODE);
        let state = &mut self.blocks[block];
        let visited = if state.current >= state.generated { state.leading_declarations.min(state.current - state.generated + 1) } else { 0 };
        state.evaluator = Some(Evaluator { at: state.generated + visited, id: id.clone(), code });
        Some(id)
    }

    /// A function inside an instrumented function (or in a block of the top level): a closure site
    /// (docs/protocol.md §3.6), guarded with the evaluator of the block that makes it.
    pub fn closure(
        &mut self,
        mut f: FuncMut,
        kind: FunctionKind,
        enclosing: Option<usize>,
        key: Option<&PropName>,
    ) -> Option<Outcome> {
        let site = self.closure_site(&f, kind, enclosing, key)?;
        if f.declares_arguments() || f.is_server_action() {
            return None;
        }
        let evaluator = self.evaluator_for()?;
        let forwarding = match &mut f {
            FuncMut::Arrow(arrow) => {
                let module = &mut self.module;
                arrow_arguments(arrow, module)?
            }
            FuncMut::Function(function, _) => self.function_forwarding(function),
        };
        let name = self.module.claim_name(&site);
        let cell = self.module.new_cell(&name);
        let generated = self.guard(&mut f, GuardForm::Closure, false, &cell, forwarding, Some(&evaluator));
        let closures = enclosing.and_then(|frame| self.instrumented_at(frame)).is_none_or(|enclosing| enclosing.closures);
        Some(Outcome { instrumented: Instrumented { name, closures }, generated, define: None })
    }
}
