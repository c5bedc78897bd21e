//! Closures (docs/protocol.md §3.6; packages/babel-plugin/src/closures.ts): which functions inside
//! instrumented functions are closure sites, their names, and the evaluator of the block that makes them,
//! through which a newer version of a closure is compiled with the captured variables of the activation
//! that made it.

use std::collections::HashSet;

use rustc_hash::FxHashMap;
use swc_core::common::{BytePos, Span};
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
        if self.runs_once() || self.helpers.contains(&f.span().lo) {
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

/// How a function is the one value of a name (closures.ts `valueOf`).
#[derive(Clone, Copy, PartialEq)]
pub enum ValueForm {
    /// `function h() {}`, a statement of a function's body.
    Declaration,
    /// `var h = function () {}`, `const h = () => …`.
    Initialiser,
    /// `h = function () {}`, where `var h;` has no initialiser.
    Assignment,
}

/// What the scan knows of one function, for [Helpers].
struct FunctionSeen {
    lo: BytePos,
    async_or_generator: bool,
    /// A function expression with a name of its own (a second name that can hand it out, `setTimeout(step)` inside
    /// it), or one that reads `arguments.callee` (or has a function inside that does): never a helper.
    excluded: bool,
    /// The nearest function around it (class bodies crossed).
    inside: Option<usize>,
    value: Option<(Id, ValueForm)>,
    /// For [ValueForm::Assignment]: the activation the assignment is made in.
    assigned_in: Option<usize>,
}

/// Every appearance of one name (by binding), for [Helpers].
#[derive(Default)]
struct NameSeen {
    appearances: u32,
    declarations: u32,
    writes: u32,
    /// The activation each call `name(…)` is made in (None: a class body or the top level).
    calls: Vec<Option<usize>>,
    /// The activation of its declaration, and whether that declaration has no initialiser.
    declared_in: Option<usize>,
    without_initialiser: bool,
}

/// Where the scan is: in a function (by index) or in a class body, which ends an activation (closures.ts `activationOf`).
#[derive(Clone, Copy)]
enum ScanFrame {
    Function(usize),
    Class,
}

/// Helpers their activation only calls (docs/protocol.md §3.6; closures.ts `helpersOnlyCalled` is the twin):
/// functions, neither async nor generators, that are the one value of a name (a declaration, a variable's
/// initialiser, or the one assignment of a variable declared without one, made in the same function, whose value
/// nothing else reads) in a function that is neither async nor a generator, where every use of the name is a call
/// made by that function (its owner) or by a helper whose owners lead to it, and every function a helper makes is a
/// helper too. Nothing can hold one after
/// the call that made it ended, so an edit of it is an edit of its owner, which the owner's next call runs; it needs
/// no evaluator, whose direct `eval` costs the function that has it (bench/octane-findings.md §12). Gathered by the
/// scan before the walk (names.rs), by the functions' start positions.
#[derive(Default)]
pub struct Helpers {
    functions: Vec<FunctionSeen>,
    /// Every identifier of the module counts here: a fast hash.
    names: FxHashMap<Id, NameSeen>,
    frames: Vec<ScanFrame>,
    /// The function the next function entered is the value of: its start, the name, how, where it is assigned.
    expected: Option<(BytePos, Id, ValueForm, Option<usize>)>,
    /// Starts of the function declarations that are statements of a function's body.
    body_declarations: HashSet<BytePos>,
    /// Starts of the assignments whose value nothing reads, or that are called at once.
    discarded: HashSet<BytePos>,
}

impl Helpers {
    /// The activation the scan is in.
    pub fn activation(&self) -> Option<usize> {
        match self.frames.last() {
            Some(ScanFrame::Function(index)) => Some(*index),
            _ => None,
        }
    }

    pub fn enter_class(&mut self) {
        self.frames.push(ScanFrame::Class);
    }

    pub fn exit(&mut self) {
        self.frames.pop();
    }

    /// `arguments.callee` is read: no function around can be a helper.
    pub fn reads_callee(&mut self) {
        for frame in &self.frames {
            if let ScanFrame::Function(index) = frame {
                self.functions[*index].excluded = true;
            }
        }
    }

    /// A function (or a constructor) is entered; `body` is its statements; `named`: a function expression's own name.
    pub fn enter_function(&mut self, span: Span, async_or_generator: bool, named: bool, body: Option<&[Stmt]>) {
        let inside = self.frames.iter().rev().find_map(|frame| match frame {
            ScanFrame::Function(index) => Some(*index),
            ScanFrame::Class => None,
        });
        let (value, assigned_in) = match self.expected.take() {
            Some((lo, id, form, assigned_in)) if lo == span.lo => (Some((id, form)), assigned_in),
            _ => (None, None),
        };
        for statement in body.unwrap_or_default() {
            if let Stmt::Decl(Decl::Fn(declaration)) = statement {
                self.body_declarations.insert(declaration.function.span.lo);
            }
        }
        self.functions.push(FunctionSeen { lo: span.lo, async_or_generator, excluded: named, inside, value, assigned_in });
        self.frames.push(ScanFrame::Function(self.functions.len() - 1));
    }

    /// Any identifier.
    pub fn appears(&mut self, ident: &Ident) {
        self.names.entry(ident.to_id()).or_default().appearances += 1;
    }

    /// `function h() {}`: visited before its function is entered.
    pub fn function_declaration(&mut self, declaration: &FnDecl) {
        let id = declaration.ident.to_id();
        let activation = self.activation();
        let name = self.names.entry(id.clone()).or_default();
        name.declarations += 1;
        name.declared_in = activation;
        if self.body_declarations.contains(&declaration.function.span.lo) {
            self.expected = Some((declaration.function.span.lo, id, ValueForm::Declaration, None));
        }
    }

    /// `var h = …` (a plain name): visited before its initialiser.
    pub fn declarator(&mut self, declarator: &VarDeclarator) {
        let Pat::Ident(binding) = &declarator.name else { return };
        let id = binding.id.to_id();
        let activation = self.activation();
        let name = self.names.entry(id.clone()).or_default();
        name.declarations += 1;
        name.declared_in = activation;
        name.without_initialiser = declarator.init.is_none();
        if let Some(lo) = declarator.init.as_deref().and_then(function_start) {
            self.expected = Some((lo, id, ValueForm::Initialiser, None));
        }
    }

    /// An assignment to a plain name: visited before its right side.
    pub fn assignment(&mut self, assignment: &AssignExpr) {
        let AssignTarget::Simple(SimpleAssignTarget::Ident(binding)) = &assignment.left else { return };
        let id = binding.id.to_id();
        self.names.entry(id.clone()).or_default().writes += 1;
        if assignment.op == AssignOp::Assign && self.discarded.contains(&assignment.span.lo) {
            if let Some(lo) = function_start(&assignment.right) {
                self.expected = Some((lo, id, ValueForm::Assignment, self.activation()));
            }
        }
    }

    /// An expression whose value nothing reads (a statement's, one not last in a sequence) or that is called at once:
    /// an assignment there hands its function to nothing else (`x = h = function …` would, to `x`).
    pub fn discarded(&mut self, expr: &Expr) {
        if let Expr::Assign(assignment) = unparen(expr) {
            self.discarded.insert(assignment.span.lo);
        }
    }

    /// `callee(…)` where the callee is a plain name (in parentheses or not).
    pub fn call(&mut self, callee: &Ident) {
        let activation = self.activation();
        self.names.entry(callee.to_id()).or_default().calls.push(activation);
    }

    /// The helpers found, by their functions' start positions.
    pub fn finish(self) -> HashSet<BytePos> {
        let Helpers { functions, names, .. } = self;
        let mut starts: FxHashMap<BytePos, u32> = FxHashMap::default();
        let mut made: Vec<Vec<usize>> = vec![vec![]; functions.len()];
        for (index, function) in functions.iter().enumerate() {
            *starts.entry(function.lo).or_default() += 1;
            if let Some(around) = function.inside {
                made[around].push(index);
            }
        }
        // A function that may be a helper: its owner, and the activations of the calls of its name.
        let candidate = |function: &FunctionSeen| -> Option<(usize, &[Option<usize>])> {
            let (id, form) = function.value.as_ref()?;
            let name = names.get(id)?;
            let owner = name.declared_in?;
            let one_value = name.declarations == 1
                && match form {
                    ValueForm::Declaration | ValueForm::Initialiser => name.writes == 0,
                    ValueForm::Assignment => name.without_initialiser && name.writes == 1 && function.assigned_in == Some(owner),
                };
            let only_called = name.appearances.checked_sub(name.declarations + name.writes) == Some(name.calls.len() as u32);
            let usable = one_value
                && only_called
                && !function.async_or_generator
                && !function.excluded
                && !functions[owner].async_or_generator
                && !function.lo.is_dummy()
                && starts[&function.lo] == 1;
            usable.then_some((owner, name.calls.as_slice()))
        };
        let mut candidates: FxHashMap<usize, (usize, &[Option<usize>])> =
            functions.iter().enumerate().filter_map(|(index, function)| Some((index, candidate(function)?))).collect();
        loop {
            // Runs only while `owner` runs: it is the owner, or a helper whose owners lead to it.
            let within = |caller: &Option<usize>, owner: usize| {
                let mut current = *caller;
                while let Some(index) = current {
                    if index == owner {
                        return true;
                    }
                    current = candidates.get(&index).map(|(owner, _)| *owner);
                }
                false
            };
            let dropped: Vec<usize> = candidates
                .iter()
                .filter(|(index, (owner, calls))| {
                    !calls.iter().all(|caller| within(caller, *owner)) || !made[**index].iter().all(|inner| candidates.contains_key(inner))
                })
                .map(|(index, _)| *index)
                .collect();
            if dropped.is_empty() {
                break;
            }
            for index in dropped {
                candidates.remove(&index);
            }
        }
        candidates.keys().map(|index| functions[*index].lo).collect()
    }
}

/// The start of the function an expression is, through parentheses and type assertions (closures.ts `unwrapped`).
fn function_start(expr: &Expr) -> Option<BytePos> {
    match expr {
        Expr::Paren(inner) => function_start(&inner.expr),
        Expr::TsAs(inner) => function_start(&inner.expr),
        Expr::TsSatisfies(inner) => function_start(&inner.expr),
        Expr::TsNonNull(inner) => function_start(&inner.expr),
        Expr::TsTypeAssertion(inner) => function_start(&inner.expr),
        Expr::TsConstAssertion(inner) => function_start(&inner.expr),
        Expr::Fn(function) => Some(function.function.span.lo),
        Expr::Arrow(arrow) => Some(arrow.span.lo),
        _ => None,
    }
}
