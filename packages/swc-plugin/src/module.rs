//! The module walk (docs/protocol.md §3; packages/babel-plugin/src/module.ts): finds every function the
//! program may hold (created once at module level, a class member, or a closure made by an instrumented
//! function), names it, gives it a guard, and defines it with the registry where it is created. One
//! traversal, in Babel's order (a function before what is inside it), keeping the ancestors Babel's paths
//! would give (ancestors.rs).

use std::collections::HashSet;

use swc_core::common::{util::take::Take, BytePos, Span, Spanned, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::{VisitMut, VisitMutWith};

use crate::ancestors::*;
use crate::ast::*;
use crate::guard::{arrow_arguments, declares_arguments, forwarded_parameters, guard_statement, insert_guard, is_server_action, reads_new_target, Forwarding, GuardForm, GuardSpec};
use crate::instrumenter::{InstrumentReport, ModuleInstrumenter};
use crate::keys::*;
use crate::names::{self, GeneratedNames, Scan};

/// Globals the generated code refers to by name: a module binding that shadows one is renamed.
/// The generated code reaches globals through `globalThis` (`globalThis.Object`): a module binding named
/// `globalThis` is the one renamed (in an ES module; in a script it is the global itself), as the Babel plugin does.
const GLOBALS_USED: &[&str] = &["globalThis"];

/// What the walk knows of each instrumented function, for the closures inside it.
pub struct Instrumented {
    pub name: String,
    /// Whether functions inside it are closure sites (not in React components and hooks: docs/protocol.md §3.6).
    pub closures: bool,
}

/// Which part of a function the walk is in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A method's key or decorators.
    Key,
    Params,
    Body,
}

pub struct FunctionState {
    pub instrumented: Option<Instrumented>,
    /// Its body starts with a "use strict" directive.
    pub use_strict: bool,
    pub part: Part,
    /// Its body's block state.
    pub block: usize,
}

/// A function defined where it is: its cell, and the name a wrapper gives it (`{ name: fn }.name`).
pub type Definition = (Ident, Option<String>);

/// What instrumenting a function gave.
pub struct Outcome {
    pub instrumented: Instrumented,
    /// How many statements its body now starts with that are directives or generated.
    pub generated: usize,
    /// For a function defined where it is (a declaration: in the prologue; an expression: wrapped in `_mp_def`).
    pub define: Option<Definition>,
}

impl Outcome {
    fn split(outcome: Option<Outcome>) -> (Option<Instrumented>, usize, Option<Definition>) {
        match outcome {
            Some(Outcome { instrumented, generated, define }) => (Some(instrumented), generated, define),
            None => (None, 0, None),
        }
    }
}

/// A function expression or arrow, in parentheses or not.
fn function_in(expr: &mut Expr) -> (FunctionKind, FuncMut<'_>) {
    match unparen_mut(expr) {
        Expr::Fn(FnExpr { ident, function }) => (FunctionKind::Expression, FuncMut::Function(function, ident.as_ref())),
        Expr::Arrow(arrow) => (FunctionKind::Arrow, FuncMut::Arrow(arrow)),
        _ => unreachable!("a function expression"),
    }
}

/// A closure evaluator: where it goes in its block, and its names.
pub struct Evaluator {
    pub at: usize,
    pub id: Ident,
    pub code: Ident,
}

/// A statement list that can receive an evaluator (docs/protocol.md §3.6).
pub struct BlockState {
    /// Statements it starts with that are directives or generated (a guard, a destructuring).
    pub generated: usize,
    /// Function declarations right after those (Babel has visited those before the current statement).
    pub leading_declarations: usize,
    /// The index of the statement being visited.
    pub current: usize,
    pub evaluator: Option<Evaluator>,
}

/// A class being instrumented: its name and the `cell, key, part` registrations of its members.
pub struct ClassInfo {
    pub name: String,
    pub prototype: Vec<Expr>,
    pub statics: Vec<Expr>,
}

/// A function node, mutable.
pub enum FuncMut<'a> {
    /// A function declaration, expression, or method: its `Function`, and its own name.
    Function(&'a mut Function, Option<&'a Ident>),
    Arrow(&'a mut ArrowExpr),
}

impl FuncMut<'_> {
    pub fn is_arrow(&self) -> bool {
        matches!(self, FuncMut::Arrow(_))
    }
    pub fn is_generator(&self) -> bool {
        match self {
            FuncMut::Function(f, _) => f.is_generator,
            FuncMut::Arrow(a) => a.is_generator,
        }
    }
    /// See guard::declares_arguments (arrows have no `arguments` of their own).
    pub fn declares_arguments(&self) -> bool {
        match self {
            FuncMut::Function(f, _) => declares_arguments(f),
            FuncMut::Arrow(_) => false,
        }
    }
    /// See guard::is_server_action.
    pub fn is_server_action(&self) -> bool {
        match self {
            FuncMut::Function(f, _) => f.body.as_ref().is_some_and(|body| is_server_action(&body.stmts)),
            FuncMut::Arrow(a) => matches!(&*a.body, ArrowFunctionBody::FunctionBody(body) if is_server_action(&body.stmts)),
        }
    }
    pub fn span(&self) -> Span {
        match self {
            FuncMut::Function(f, _) => f.span,
            FuncMut::Arrow(a) => a.span,
        }
    }
}

/// How a module-level function is defined with the registry where it is created (docs/protocol.md §3.4).
enum Registration {
    /// A hoisted declaration: `_mp_def(f, cell)` in the prologue.
    Declaration,
    /// A member of an object literal: `cell, key, part` in its `_mp_members(…)`.
    Member { object: usize, key: Expr, part: &'static str },
    /// `const f = () => {}`: `_mp_def(f, cell);` after the statement.
    After { binding: Ident },
    /// Anywhere else, where it is: `_mp_def(fn, cell)`, `_mp_def({ name: fn }.name, cell)` where the position
    /// would have named it.
    Wrap { named: Option<String> },
}

/// Where a function is, which decides what it gets (module.ts `visitFunction`).
enum Placement {
    Skip,
    /// A closure site candidate, with the enclosing instrumented function's frame (None: in a block of the
    /// module's top level).
    Closure(Option<usize>),
    ModuleLevel,
}

/// What kind of function a node is, for its name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    Declaration,
    Expression,
    Arrow,
    /// An object literal's method, getter or setter (`part`: "value", "get", "set").
    ObjectMethod(&'static str),
}

pub struct Walk {
    pub module: ModuleInstrumenter,
    pub bindings: Bindings,
    pub frames: Vec<Frame>,
    pub functions: Vec<FunctionState>,
    pub blocks: Vec<BlockState>,
    /// Registrations (`cell, key, part`) of the object literals being visited.
    pub objects: Vec<Vec<Expr>>,
    pub classes: Vec<ClassInfo>,
    /// Whether the module has JSX, or reads `new.target`, anywhere (else no function is searched for them).
    pub jsx: bool,
    /// The functions their activation only calls: no closure sites (closures.rs [crate::closures::Helpers]).
    pub helpers: HashSet<BytePos>,
    new_target: bool,
    /// The program is strict code: an ES module, or a script that starts with "use strict".
    strict_program: bool,
    /// `_mp_def(binding, cell);` for after the current top-level statement, in the order they were made.
    after: Vec<Stmt>,
}

/// Instruments `program` (docs/protocol.md §3) and reports what it generated.
pub fn instrument(
    program: &mut Program,
    module_id: &str,
    unresolved: SyntaxContext,
    in_scope_patches: bool,
    mut names: GeneratedNames,
    scan: Scan,
) -> (InstrumentReport, GeneratedNames) {
    let Scan { mut constants, jsx, new_target, helpers } = scan;
    let script = matches!(program, Program::Script(_));
    if !script {
        for (from, to) in rename_program_bindings(program, GLOBALS_USED, &mut names) {
            if constants.contains(&from) {
                constants.insert((to, from.1));
            }
        }
    }
    let mut walk = Walk {
        module: ModuleInstrumenter::new(module_id, script, unresolved, in_scope_patches, names),
        bindings: Bindings { constants, unresolved },
        jsx,
        helpers,
        new_target,
        strict_program: match &*program {
            Program::Module(_) => true,
            Program::Script(script) => {
                script.body.iter().take_while(|stmt| is_directive(stmt)).any(|stmt| is_use_strict_directive(stmt))
            }
        },
        frames: vec![],
        functions: vec![],
        blocks: vec![],
        objects: vec![],
        classes: vec![],
        after: vec![],
    };
    program.visit_mut_with(&mut walk);
    walk.module.finish(program)
}

impl Walk {
    // -- frames -------------------------------------------------------------------------------------

    fn with_frame(&mut self, frame: Frame, visit: impl FnOnce(&mut Self)) {
        self.frames.push(frame);
        visit(self);
        self.frames.pop();
    }

    fn set_top(&mut self, frame: Frame) {
        *self.frames.last_mut().expect("a frame") = frame;
    }

    /// The nearest function frame: its index in `frames` and its state's.
    pub fn enclosing_function(&self) -> Option<(usize, usize)> {
        self.frames.iter().enumerate().rev().find_map(|(i, frame)| match frame {
            Frame::Function(state) => Some((i, *state)),
            _ => None,
        })
    }

    /// The frame a function's value is in, past TypeScript wrappers (module.ts `unwrapped`): its index.
    pub fn outer_frame(&self) -> Option<usize> {
        self.frames.iter().rposition(|frame| !frame.is_ts_wrapper())
    }

    /// Whether the node being visited is in a scope other than the program's (Babel's `scope.block`).
    pub fn in_nested_scope(&self) -> bool {
        self.frames.iter().any(|frame| match frame {
            // A method's key and decorators are in the scope around the method (Babel's `setScope`).
            Frame::Function(state) => self.functions[*state].part != Part::Key,
            Frame::Block(_) | Frame::Catch { .. } | Frame::Loop { .. } | Frame::Scope | Frame::Class(_) | Frame::StaticBlock => true,
            _ => false,
        })
    }

    pub fn context_path(&self, from: usize, stop: Option<usize>) -> String {
        context_path(&self.frames, from, stop, &self.bindings)
    }

    // -- statement lists --------------------------------------------------------------------------

    /// A block state for a statement list starting with `generated` directives or generated statements.
    pub fn new_block(&mut self, stmts: &[Stmt], generated: usize) -> usize {
        let leading_declarations = stmts
            .iter()
            .skip(generated)
            .take_while(|stmt| matches!(stmt, Stmt::Decl(Decl::Fn(f)) if f.function.body.is_some()))
            .count();
        self.blocks.push(BlockState { generated, leading_declarations, current: 0, evaluator: None });
        self.blocks.len() - 1
    }

    fn statements(&mut self, stmts: &mut [Stmt], block: Option<usize>) {
        for (i, stmt) in stmts.iter_mut().enumerate() {
            if let Some(block) = block {
                self.blocks[block].current = i;
            }
            stmt.visit_mut_with(self);
        }
    }

    /// Pops the block state `block` (the last), and declares its evaluator in `stmts` if a closure needed one.
    fn close_block(&mut self, block: usize, stmts: Option<&mut Vec<Stmt>>) -> Option<Stmt> {
        debug_assert_eq!(block, self.blocks.len() - 1);
        let state = self.blocks.pop().expect("a block state");
        let evaluator = state.evaluator?;
        let declaration = var_decl(VarDeclKind::Const, vec![(evaluator.id, crate::ast::evaluator(evaluator.code, self.module.unresolved))]);
        match stmts {
            Some(stmts) => {
                stmts.insert(evaluator.at, declaration);
                None
            }
            None => Some(declaration),
        }
    }

    fn block(&mut self, block: &mut BlockStmt) {
        let state = self.new_block(&block.stmts, 0);
        self.frames.push(Frame::Block(state));
        self.statements(&mut block.stmts, Some(state));
        self.frames.pop();
        self.close_block(state, Some(&mut block.stmts));
    }

    /// A loop: its head, then its body. A body that is not a block and has a closure gets one, with the
    /// evaluator first.
    fn loop_statement(&mut self, head: impl FnOnce(&mut Self), body: &mut Box<Stmt>) {
        let state = self.new_block(&[], 0);
        self.frames.push(Frame::Loop { block: state, body: false });
        head(self);
        self.set_top(Frame::Loop { block: state, body: true });
        body.visit_mut_with(self);
        self.frames.pop();
        if let Some(declaration) = self.close_block(state, None) {
            let statement = body.take();
            **body = Stmt::Block(BlockStmt { span: DUMMY_SP, ctxt: SyntaxContext::empty(), stmts: vec![declaration, *statement] });
        }
    }

    /// The statements of the program: `_mp_def(f, cell);` statements go right after the declaration of `f`.
    fn top_level<T>(&mut self, items: &mut Vec<T>, wrap: impl Fn(Stmt) -> T)
    where
        T: VisitMutWith<Self>,
    {
        let mut i = 0;
        while i < items.len() {
            items[i].visit_mut_with(self);
            i += 1;
            if !self.after.is_empty() {
                // Babel's `insertAfter` puts each right after the statement: the last made comes first.
                let after: Vec<T> = self.after.drain(..).rev().map(&wrap).collect();
                let count = after.len();
                items.splice(i..i, after);
                i += count;
            }
        }
    }

    // -- functions ----------------------------------------------------------------------------------

    /// module.ts `visitFunction`, for a function that is not a class member.
    fn placement(&self) -> Placement {
        // A function used as a property key is converted to a string, its source text: left as written.
        if self.outer_frame().is_some_and(|i| matches!(self.frames[i], Frame::ComputedKey)) {
            return Placement::Skip;
        }
        if let Some((frame, state)) = self.enclosing_function() {
            return match &self.functions[state].instrumented {
                Some(enclosing) if enclosing.closures => Placement::Closure(Some(frame)),
                _ => Placement::Skip,
            };
        }
        // Inside a class field initializer (not the field's own function), or a class body: not at module level.
        if self.frames.iter().any(|frame| matches!(frame, Frame::ClassField { accessor: false } | Frame::StaticBlock)) {
            return Placement::Skip;
        }
        // In a block of the module's top level (`if`, a loop): made where block-scoped bindings live, like a closure.
        if self.in_nested_scope() {
            return Placement::Closure(None);
        }
        Placement::ModuleLevel
    }

    /// A function expression or arrow; `slot` is the expression that holds it (in parentheses or not).
    fn function_expression(&mut self, slot: &mut Expr) {
        let placement = self.placement();
        let (kind, f) = function_in(slot);
        let outcome = match placement {
            Placement::Skip => None,
            Placement::Closure(enclosing) => self.closure(f, kind, enclosing, None),
            Placement::ModuleLevel => self.module_level(f, kind, None),
        };
        let (instrumented, generated, wrap) = Outcome::split(outcome);
        self.function_children(function_in(slot).1, instrumented, generated, None);
        if let Some((cell, named)) = wrap {
            let function = unparen_mut(slot).take();
            let value = match named {
                Some(name) => {
                    let key = Str { span: DUMMY_SP, value: name.as_str().into(), raw: None };
                    let holder = object(vec![Prop::KeyValue(KeyValueProp { key: PropName::Str(key.clone()), value: Box::new(function) })]);
                    Expr::Member(MemberExpr {
                        span: DUMMY_SP,
                        obj: Box::new(holder),
                        prop: MemberProp::Computed(ComputedPropName { span: DUMMY_SP, expr: Box::new(Expr::Lit(Lit::Str(key))) }),
                    })
                }
                _ => function,
            };
            *slot = self.module.def_call(&cell, value);
        }
    }

    /// A function declaration (`export default function` included). `ident` is None for an anonymous default export.
    fn function_declaration(&mut self, ident: &mut Option<Ident>, function: &mut Function) {
        // `declare function` and overload signatures have no body (Babel: TSDeclareFunction).
        if function.body.is_none() {
            return;
        }
        // A hoisted declaration of the top level: it, and every function inside it, may run before the module's
        // first statement (docs/protocol.md §3.2).
        let early = self.frames.iter().all(|frame| matches!(frame, Frame::ExportDefault));
        self.module.early += usize::from(early);
        let placement = self.placement();
        let f = FuncMut::Function(function, ident.as_ref());
        let outcome = match placement {
            Placement::Skip => None,
            Placement::Closure(enclosing) => self.closure(f, FunctionKind::Declaration, enclosing, None),
            Placement::ModuleLevel => self.module_level(f, FunctionKind::Declaration, None),
        };
        let (instrumented, generated, define) = Outcome::split(outcome);
        if let Some((cell, _)) = define {
            // Registration::Declaration: defined in the prologue.
            let id = match ident {
                Some(id) => id.clone(),
                None => {
                    // An anonymous `export default function` gets a binding, and its name back.
                    let id = self.module.uid(names::DEFAULT);
                    *ident = Some(id.clone());
                    let descriptor = object(vec![Prop::KeyValue(KeyValueProp {
                        key: PropName::Ident(IdentName::new("value".into(), DUMMY_SP)),
                        value: Box::new(str_lit("default")),
                    })]);
                    let object_global = member(Expr::Ident(Ident::new("globalThis".into(), DUMMY_SP, self.module.unresolved)), "Object");
                    self.module.add_to_prologue(expr_stmt(call(
                        member(object_global, "defineProperty"),
                        vec![Expr::Ident(id.clone()), str_lit("name"), descriptor],
                    )));
                    id
                }
            };
            let def = self.module.def_call(&cell, Expr::Ident(id));
            self.module.add_to_prologue(expr_stmt(def));
        }
        self.function_children(FuncMut::Function(function, ident.as_ref()), instrumented, generated, None);
        self.module.early -= usize::from(early);
    }

    /// An object literal's method, getter or setter (`key` beside `function`).
    fn object_method(&mut self, key: &mut PropName, function: &mut Function, part: &'static str) {
        let placement = self.placement();
        let kind = FunctionKind::ObjectMethod(part);
        let f = FuncMut::Function(function, None);
        let outcome = match placement {
            Placement::Skip => None,
            Placement::Closure(enclosing) => self.closure(f, kind, enclosing, Some(&*key)),
            Placement::ModuleLevel => self.module_level(f, kind, Some(key)),
        };
        let (instrumented, generated, _) = Outcome::split(outcome);
        self.function_children(FuncMut::Function(function, None), instrumented, generated, Some(key));
    }

    /// Visits a function's key (methods), parameters and body with its frame, then declares the evaluator
    /// of its body if a closure needed one.
    pub fn function_children(&mut self, f: FuncMut, instrumented: Option<Instrumented>, generated: usize, key: Option<&mut PropName>) {
        let block = match &f {
            FuncMut::Function(function, _) => self.new_block(function.body.as_ref().map_or(&[][..], |b| &b.stmts), generated),
            FuncMut::Arrow(arrow) => match &*arrow.body {
                ArrowFunctionBody::FunctionBody(body) => self.new_block(&body.stmts, generated),
                ArrowFunctionBody::Expr(_) => self.new_block(&[], 0),
            },
        };
        let state = self.functions.len();
        let use_strict = match &f {
            FuncMut::Function(function, _) => has_use_strict(function),
            FuncMut::Arrow(_) => false,
        };
        self.functions.push(FunctionState { instrumented, use_strict, part: Part::Key, block });
        self.frames.push(Frame::Function(state));
        let mut f = f;
        // A method's decorators and key (Babel: in the scope around the method).
        if let FuncMut::Function(function, _) = &mut f {
            function.decorators.visit_mut_with(self);
        }
        if let Some(key) = key {
            key.visit_mut_with(self);
        }
        self.functions[state].part = Part::Params;
        match f {
            FuncMut::Function(function, _) => {
                function.params.visit_mut_with(self);
                self.functions[state].part = Part::Body;
                if let Some(body) = &mut function.body {
                    self.statements(&mut body.stmts, Some(block));
                }
                self.frames.pop();
                self.close_block(block, function.body.as_mut().map(|b| &mut b.stmts));
            }
            FuncMut::Arrow(arrow) => {
                arrow.params.visit_mut_with(self);
                self.functions[state].part = Part::Body;
                match &mut *arrow.body {
                    ArrowFunctionBody::FunctionBody(body) => {
                        self.statements(&mut body.stmts, Some(block));
                        self.frames.pop();
                        self.close_block(block, Some(&mut body.stmts));
                    }
                    ArrowFunctionBody::Expr(expr) => {
                        expr.visit_mut_with(self);
                        self.frames.pop();
                        self.close_block(block, None);
                    }
                }
            }
        }
        self.functions.pop();
    }

    /// A function that is not instrumented: its children are visited with its frame.
    pub fn plain_function(&mut self, f: FuncMut, key: Option<&mut PropName>) {
        self.function_children(f, None, 0, key);
    }

    /// The registry name of a function at module level (docs/protocol.md §3.1).
    fn module_level_name(&self, f: &FuncMut, kind: FunctionKind, key: Option<&PropName>) -> String {
        self.function_name(f, kind, key, None, "default")
    }

    /// A function's own name (keys.ts `functionName`): a declaration's identifier (`unnamed_declaration` for
    /// `export default function () {}`), an object method's key under its object's context, or the context
    /// path of the place it is written, climbing no higher than the frame `stop`.
    pub fn function_name(&self, f: &FuncMut, kind: FunctionKind, key: Option<&PropName>, stop: Option<usize>, unnamed_declaration: &str) -> String {
        match kind {
            FunctionKind::Declaration => match f {
                FuncMut::Function(_, Some(ident)) => ident.sym.to_string(),
                _ => unnamed_declaration.into(),
            },
            FunctionKind::ObjectMethod(part) => {
                let segment = key.and_then(|key| member_key_segment(key, &self.bindings)).unwrap_or_else(|| "[…]".into());
                let suffix = match part {
                    "get" => ":get",
                    "set" => ":set",
                    _ => "",
                };
                // The object is the top frame: its context starts above it.
                join_name(&self.context_path(self.frames.len() - 1, stop), &format!("{segment}{suffix}"))
            }
            _ => {
                let context = self.context_path(self.frames.len(), stop);
                match context.strip_prefix('.').unwrap_or(&context) {
                    "" => "(anonymous)".into(),
                    name => name.to_string(),
                }
            }
        }
    }

    /// Whether `function` is strict code (Babel's `isInStrictMode`, and its own directive): an ES module, a
    /// script or function with "use strict", a class body.
    pub fn is_strict(&self, function: &Function) -> bool {
        self.strict_program
            || has_use_strict(function)
            || self.functions.iter().any(|state| state.use_strict)
            || self.frames.iter().any(|frame| matches!(frame, Frame::Class(_)))
    }

    /// What a function's guard forwards (guard.ts `forwardedParameters`): in sloppy code, its parameters'
    /// values where it has plain parameters and does not read `arguments`; else `arguments`.
    pub fn function_forwarding(&self, function: &Function) -> Forwarding {
        let forwarded = if self.is_strict(function) { None } else { forwarded_parameters(function) };
        Forwarding { forwarded, destructure: vec![] }
    }

    /// A function created once per evaluation of the module: guard, cell, and `_mp_def` where it is created.
    fn module_level(&mut self, mut f: FuncMut, kind: FunctionKind, key: Option<&mut PropName>) -> Option<Outcome> {
        // Run while the module loads (or once, later): an edit of it is an edit of the top level.
        if self.runs_once() || f.declares_arguments() || f.is_server_action() {
            return None;
        }
        let key = key.map(|key| &*key);
        let registration = self.registration_of(&f, kind, key)?;
        let construct = matches!(kind, FunctionKind::Declaration | FunctionKind::Expression)
            && self.new_target
            && matches!(&f, FuncMut::Function(function, _) if reads_new_target(function));
        let forwarding = match &mut f {
            FuncMut::Arrow(arrow) => {
                let module = &mut self.module;
                match arrow_arguments(arrow, module) {
                    Some(forwarding) => forwarding,
                    None => {
                        let message = format!(
                            "{} is not hot-patchable: its parameters could not be forwarded (a default reads a destructured name, or the body declares one again)",
                            self.module_level_name(&f, kind, key)
                        );
                        self.module.warn(f.span(), message);
                        return None;
                    }
                }
            }
            FuncMut::Function(..) if construct => Forwarding { forwarded: None, destructure: vec![] },
            FuncMut::Function(function, _) => self.function_forwarding(function),
        };
        let form = match (&f, &forwarding.forwarded) {
            (FuncMut::Arrow(_), _) => GuardForm::Arrow,
            (_, Some(_)) => GuardForm::Call,
            (_, None) => GuardForm::Apply,
        };
        let name = self.module_level_name(&f, kind, key);
        let name = self.module.claim_name(&name);
        let cell = self.module.new_cell(&name);
        let generated = self.guard(&mut f, form, construct, &cell, forwarding, None);
        let closures = self.creates_closures(&f, &name);
        let define = match registration {
            Registration::Declaration => Some((cell, None)),
            Registration::Member { object, key, part } => {
                self.objects[object].extend([Expr::Ident(cell), key, str_lit(part)]);
                None
            }
            Registration::After { binding } => {
                let def = self.module.def_call(&cell, Expr::Ident(binding));
                self.after.push(expr_stmt(def));
                None
            }
            Registration::Wrap { named } => Some((cell, named)),
        };
        Some(Outcome { instrumented: Instrumented { name, closures }, generated, define })
    }

    /// Inserts the guard (and the destructuring of renamed parameters); returns how many statements the
    /// body now starts with that are directives or generated.
    pub fn guard(&mut self, f: &mut FuncMut, form: GuardForm, construct: bool, cell: &Ident, forwarding: Forwarding, evaluator: Option<&Ident>) -> usize {
        let spec = GuardSpec {
            form,
            construct,
            cell,
            forwarded: forwarding.forwarded.as_deref(),
            evaluator,
            generator: f.is_generator(),
            unresolved: self.module.unresolved,
        };
        let guard = guard_statement(&spec);
        match f {
            FuncMut::Function(function, _) => insert_guard(function.body.as_mut().expect("a body"), guard, forwarding.destructure),
            FuncMut::Arrow(arrow) => insert_guard(crate::guard::arrow_block(arrow), guard, forwarding.destructure),
        }
    }

    /// module.ts `registrationOf`: how a module-level function is defined where it is created, or None when
    /// it cannot be (a member whose key could have effects if evaluated again).
    fn registration_of(&mut self, f: &FuncMut, kind: FunctionKind, key: Option<&PropName>) -> Option<Registration> {
        if kind == FunctionKind::Declaration {
            return Some(Registration::Declaration);
        }
        // A member of an object literal: a method, or a function that is a property's value.
        let member = match kind {
            FunctionKind::ObjectMethod(part) => match self.frames.last() {
                Some(Frame::Object(object)) => Some((*object, key.expect("a method's key"), part)),
                _ => None,
            },
            _ => match self.frames.as_slice() {
                [.., Frame::Object(object), Frame::Property { value: true, key }] => {
                    // SAFETY: see ancestors.rs (the walk is in the property's value).
                    Some((*object, unsafe { &**key }, "value"))
                }
                _ => None,
            },
        };
        if let Some((object, key, part)) = member {
            let is_proto = match key {
                PropName::Ident(i) => &*i.sym == "__proto__",
                PropName::Str(s) => &*s.value == "__proto__",
                _ => false,
            };
            if is_proto || member_key_segment(key, &self.bindings).is_none() {
                let message = format!(
                    "{} is not hot-patchable: its computed key could have side effects if evaluated again",
                    self.module_level_name(f, kind, Some(key))
                );
                self.module.warn(key_span(key, f.span()), message);
                return None;
            }
            return Some(Registration::Member { object, key: member_key_expression(key), part });
        }
        let outer = self.outer_frame();
        if let Some(Frame::Declarator { binding: Some(binding), init: true, top: true }) = outer.map(|i| &self.frames[i]) {
            // `const f = () => {}`: the statement after the declaration, so the binding keeps naming the function.
            return Some(Registration::After { binding: binding.clone() });
        }
        // Anywhere else the function is an expression: wrapped where it is, `{ name: fn }.name` where the
        // position would have named it.
        Some(Registration::Wrap { named: self.naming_position(f) })
    }

    /// The name a position gives an anonymous function (`x = …`, `export default …`), or None (module.ts
    /// `namingPosition`, given the function past its TypeScript wrappers).
    fn naming_position(&self, f: &FuncMut) -> Option<String> {
        let outer = self.outer_frame()?;
        let wrapped = outer + 1 < self.frames.len();
        if !wrapped && matches!(f, FuncMut::Function(_, Some(_))) {
            return None;
        }
        match &self.frames[outer] {
            Frame::Assign { right: true, left } => {
                // SAFETY: see ancestors.rs (the walk is in the assignment's value).
                assign_target_ident(unsafe { &**left }).map(|ident| ident.sym.to_string())
            }
            Frame::AssignPattern { right: true, left: Some(left) } => Some(left.sym.to_string()),
            Frame::Declarator { binding: Some(binding), init: true, .. } => Some(binding.sym.to_string()),
            Frame::ExportDefault => Some("default".into()),
            _ => None,
        }
    }

    // -- calls, members, objects ------------------------------------------------------------------

    fn call(&mut self, kind: CallKind, callee: &mut Callee, args: &mut [ExprOrSpread]) {
        self.frames.push(Frame::Call(CallFrame { kind, arguments: false, callee: CalleeRef::Import, first: FirstArgument::None }));
        callee.visit_mut_with(self);
        self.set_top(Frame::Call(CallFrame { kind, arguments: true, callee: callee_ref(callee), first: first_argument(args) }));
        self.arguments(args);
        self.frames.pop();
    }

    fn call_expr(&mut self, kind: CallKind, callee: &mut Box<Expr>, args: &mut [ExprOrSpread]) {
        self.frames.push(Frame::Call(CallFrame { kind, arguments: false, callee: CalleeRef::Import, first: FirstArgument::None }));
        callee.visit_mut_with(self);
        self.set_top(Frame::Call(CallFrame { kind, arguments: true, callee: CalleeRef::Expr(&**callee), first: first_argument(args) }));
        self.arguments(args);
        self.frames.pop();
    }

    fn arguments(&mut self, args: &mut [ExprOrSpread]) {
        for arg in args {
            if arg.spread.is_some() {
                self.with_frame(Frame::Transparent, |walk| arg.expr.visit_mut_with(walk));
            } else {
                arg.expr.visit_mut_with(self);
            }
        }
    }

    fn member_expr(&mut self, member: &mut MemberExpr, optional: bool) {
        let call_or_apply = !optional && matches!(&member.prop, MemberProp::Ident(p) if &*p.sym == "call" || &*p.sym == "apply");
        self.frames.push(Frame::Member { object: true, call_or_apply });
        member.obj.visit_mut_with(self);
        if let MemberProp::Computed(computed) = &mut member.prop {
            self.set_top(Frame::Member { object: false, call_or_apply: false });
            self.with_frame(Frame::ComputedKey, |walk| computed.expr.visit_mut_with(walk));
        }
        self.frames.pop();
    }

    /// An object literal: its members that are module-level functions are registered by wrapping it,
    /// `_mp_members({ … }, cell, key, part, …)`.
    fn object_literal(&mut self, expr: &mut Expr) {
        let Expr::Object(literal) = expr else { unreachable!() };
        let object = self.objects.len();
        self.objects.push(vec![]);
        self.frames.push(Frame::Object(object));
        for prop in &mut literal.props {
            match prop {
                PropOrSpread::Spread(spread) => self.with_frame(Frame::Transparent, |walk| spread.expr.visit_mut_with(walk)),
                PropOrSpread::Prop(prop) => match &mut **prop {
                    Prop::KeyValue(kv) => {
                        self.frames.push(Frame::Property { value: false, key: std::ptr::null() });
                        kv.key.visit_mut_with(self);
                        self.set_top(Frame::Property { value: true, key: &kv.key });
                        kv.value.visit_mut_with(self);
                        self.frames.pop();
                    }
                    Prop::Method(m) => self.object_method(&mut m.key, &mut m.function, "value"),
                    Prop::Getter(g) => self.object_method(&mut g.key, &mut g.function, "get"),
                    Prop::Setter(s) => self.object_method(&mut s.key, &mut s.function, "set"),
                    Prop::Assign(a) => {
                        let left = Some(a.key.clone());
                        self.with_frame(Frame::AssignPattern { right: true, left }, |walk| a.value.visit_mut_with(walk));
                    }
                    Prop::Shorthand(_) => {}
                },
            }
        }
        self.frames.pop();
        let registrations = self.objects.pop().expect("an object's registrations");
        if !registrations.is_empty() {
            let members = self.module.members_helper();
            let mut args = vec![expr.take()];
            args.extend(registrations);
            *expr = call(Expr::Ident(members), args);
        }
    }
}

/// A key's span, or `fallback` for a key that has none.
fn key_span(key: &PropName, fallback: Span) -> Span {
    let span = key.span();
    if span.is_dummy() {
        fallback
    } else {
        span
    }
}

impl VisitMut for Walk {
    fn visit_mut_module(&mut self, module: &mut Module) {
        self.top_level(&mut module.body, ModuleItem::Stmt);
    }

    fn visit_mut_script(&mut self, script: &mut Script) {
        self.top_level(&mut script.body, |stmt| stmt);
    }

    fn visit_mut_module_decl(&mut self, decl: &mut ModuleDecl) {
        match decl {
            ModuleDecl::ExportDecl(export) => export.decl.visit_mut_with(self),
            ModuleDecl::ExportDefaultDecl(export) => {
                self.frames.push(Frame::ExportDefault);
                match &mut export.decl {
                    DefaultDecl::Fn(f) => self.function_declaration(&mut f.ident, &mut f.function),
                    DefaultDecl::Class(c) => {
                        let name = c.ident.as_ref().map_or_else(|| "default".to_string(), |i| i.sym.to_string());
                        self.class(&mut c.class, Some(name));
                    }
                    DefaultDecl::TsInterfaceDecl(_) => {}
                }
                self.frames.pop();
            }
            ModuleDecl::ExportDefaultExpr(export) => self.with_frame(Frame::ExportDefault, |walk| export.expr.visit_mut_with(walk)),
            ModuleDecl::TsExportAssignment(export) => self.with_frame(Frame::Other, |walk| export.expr.visit_mut_with(walk)),
            _ => {}
        }
    }

    fn visit_mut_decl(&mut self, decl: &mut Decl) {
        match decl {
            Decl::Fn(f) => {
                if f.declare {
                    return;
                }
                let mut ident = Some(f.ident.clone());
                self.function_declaration(&mut ident, &mut f.function);
            }
            Decl::Class(c) => {
                if c.declare {
                    return;
                }
                let name = c.ident.sym.to_string();
                self.class(&mut c.class, Some(name));
            }
            Decl::Var(v) => v.visit_mut_with(self),
            Decl::Using(u) => {
                let top = self.frames.is_empty();
                for declarator in &mut u.decls {
                    self.declarator(declarator, top);
                }
            }
            Decl::TsModule(m) => self.with_frame(Frame::Scope, |walk| m.body.visit_mut_with(walk)),
            Decl::TsEnum(e) => self.with_frame(Frame::Other, |walk| e.visit_mut_children_with(walk)),
            Decl::TsInterface(_) | Decl::TsTypeAlias(_) => {}
        }
    }

    fn visit_mut_var_decl(&mut self, v: &mut VarDecl) {
        if v.declare {
            return;
        }
        // A statement of the program (or exported): no frame above it.
        let top = self.frames.is_empty();
        for declarator in &mut v.decls {
            self.declarator(declarator, top);
        }
    }

    fn visit_mut_stmt(&mut self, stmt: &mut Stmt) {
        match stmt {
            Stmt::Decl(decl) => decl.visit_mut_with(self),
            Stmt::Return(r) => self.with_frame(Frame::Return, |walk| r.arg.visit_mut_with(walk)),
            Stmt::Block(b) => self.block(b),
            Stmt::For(f) => {
                let (init, test, update) = (&mut f.init, &mut f.test, &mut f.update);
                self.loop_statement(
                    |walk| {
                        init.visit_mut_with(walk);
                        test.visit_mut_with(walk);
                        update.visit_mut_with(walk);
                    },
                    &mut f.body,
                );
            }
            Stmt::ForIn(f) => {
                let (left, right) = (&mut f.left, &mut f.right);
                self.loop_statement(
                    |walk| {
                        left.visit_mut_with(walk);
                        right.visit_mut_with(walk);
                    },
                    &mut f.body,
                );
            }
            Stmt::ForOf(f) => {
                let (left, right) = (&mut f.left, &mut f.right);
                self.loop_statement(
                    |walk| {
                        left.visit_mut_with(walk);
                        right.visit_mut_with(walk);
                    },
                    &mut f.body,
                );
            }
            Stmt::While(w) => {
                let test = &mut w.test;
                self.loop_statement(|walk| test.visit_mut_with(walk), &mut w.body);
            }
            Stmt::DoWhile(d) => {
                // Babel visits the body first; the test is in the loop's scope too.
                let state = self.new_block(&[], 0);
                self.frames.push(Frame::Loop { block: state, body: true });
                d.body.visit_mut_with(self);
                self.set_top(Frame::Loop { block: state, body: false });
                d.test.visit_mut_with(self);
                self.frames.pop();
                if let Some(declaration) = self.close_block(state, None) {
                    let statement = d.body.take();
                    *d.body = Stmt::Block(BlockStmt { span: DUMMY_SP, ctxt: SyntaxContext::empty(), stmts: vec![declaration, *statement] });
                }
            }
            Stmt::Switch(s) => {
                // The discriminant is in the scope around the switch (Babel's `setScope`), its cases in the switch's.
                self.with_frame(Frame::Other, |walk| s.discriminant.visit_mut_with(walk));
                self.with_frame(Frame::Scope, |walk| s.cases.visit_mut_with(walk));
            }
            Stmt::Empty(_) | Stmt::Debugger(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            _ => self.with_frame(Frame::Other, |walk| stmt.visit_mut_children_with(walk)),
        }
    }

    fn visit_mut_block_stmt(&mut self, block: &mut BlockStmt) {
        self.block(block);
    }

    fn visit_mut_catch_clause(&mut self, clause: &mut CatchClause) {
        let state = self.new_block(&clause.body.stmts, 0);
        self.frames.push(Frame::Catch { block: state, param: true });
        clause.param.visit_mut_with(self);
        self.set_top(Frame::Catch { block: state, param: false });
        self.statements(&mut clause.body.stmts, Some(state));
        self.frames.pop();
        self.close_block(state, Some(&mut clause.body.stmts));
    }

    fn visit_mut_expr(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Paren(_) => {
                if matches!(unparen(expr), Expr::Fn(_) | Expr::Arrow(_)) {
                    self.function_expression(expr);
                } else if let Expr::Paren(p) = expr {
                    // Babel's parser drops parentheses: no frame.
                    p.expr.visit_mut_with(self);
                }
            }
            Expr::Fn(_) | Expr::Arrow(_) => self.function_expression(expr),
            Expr::Object(_) => self.object_literal(expr),
            Expr::Array(array) => {
                for (index, element) in array.elems.iter_mut().enumerate() {
                    let Some(element) = element else { continue };
                    self.frames.push(Frame::Array(index));
                    if element.spread.is_some() {
                        self.with_frame(Frame::Transparent, |walk| element.expr.visit_mut_with(walk));
                    } else {
                        element.expr.visit_mut_with(self);
                    }
                    self.frames.pop();
                }
            }
            Expr::Call(c) => self.call(CallKind::Call, &mut c.callee, &mut c.args),
            Expr::New(n) => {
                let args = n.args.as_deref_mut().unwrap_or_default();
                self.call_expr(CallKind::New, &mut n.callee, args);
            }
            Expr::OptChain(chain) => {
                self.frames.push(Frame::Transparent);
                match &mut *chain.base {
                    OptChainBase::Member(m) => self.member_expr(m, true),
                    OptChainBase::Call(c) => self.call_expr(CallKind::OptionalCall, &mut c.callee, &mut c.args),
                }
                self.frames.pop();
            }
            Expr::Member(m) => self.member_expr(m, false),
            Expr::SuperProp(s) => {
                if let SuperProp::Computed(computed) = &mut s.prop {
                    self.with_frame(Frame::ComputedKey, |walk| computed.expr.visit_mut_with(walk));
                }
            }
            Expr::Assign(a) => {
                self.frames.push(Frame::Assign { right: false, left: std::ptr::null() });
                a.left.visit_mut_with(self);
                self.set_top(Frame::Assign { right: true, left: &a.left });
                a.right.visit_mut_with(self);
                self.frames.pop();
            }
            Expr::Seq(_) | Expr::Cond(_) | Expr::Await(_) | Expr::Yield(_) => {
                self.with_frame(Frame::Transparent, |walk| expr.visit_mut_children_with(walk));
            }
            Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalAnd | BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) => {
                self.with_frame(Frame::Transparent, |walk| expr.visit_mut_children_with(walk));
            }
            Expr::TsAs(t) => self.with_frame(Frame::TsWrapper(TsWrapper::As), |walk| t.expr.visit_mut_with(walk)),
            Expr::TsConstAssertion(t) => self.with_frame(Frame::TsWrapper(TsWrapper::As), |walk| t.expr.visit_mut_with(walk)),
            Expr::TsNonNull(t) => self.with_frame(Frame::TsWrapper(TsWrapper::NonNull), |walk| t.expr.visit_mut_with(walk)),
            Expr::TsSatisfies(t) => self.with_frame(Frame::TsWrapper(TsWrapper::Satisfies), |walk| t.expr.visit_mut_with(walk)),
            Expr::TsTypeAssertion(t) => self.with_frame(Frame::TsWrapper(TsWrapper::TypeAssertion), |walk| t.expr.visit_mut_with(walk)),
            Expr::Class(c) => {
                let context = self.context_path(self.frames.len(), None);
                let context = context.strip_prefix('.').unwrap_or(&context).to_string();
                let name = if !context.is_empty() {
                    context
                } else {
                    c.ident.as_ref().map_or_else(|| "default".to_string(), |i| i.sym.to_string())
                };
                self.class(&mut c.class, Some(name));
            }
            Expr::Ident(_) | Expr::Lit(_) | Expr::This(_) | Expr::MetaProp(_) | Expr::PrivateName(_) | Expr::Invalid(_) => {}
            _ => self.with_frame(Frame::Other, |walk| expr.visit_mut_children_with(walk)),
        }
    }

    fn visit_mut_member_expr(&mut self, member: &mut MemberExpr) {
        self.member_expr(member, false);
    }

    fn visit_mut_prop_name(&mut self, key: &mut PropName) {
        if let PropName::Computed(computed) = key {
            self.with_frame(Frame::ComputedKey, |walk| computed.expr.visit_mut_with(walk));
        }
    }

    fn visit_mut_pat(&mut self, pat: &mut Pat) {
        match pat {
            Pat::Assign(a) => {
                let left = match &*a.left {
                    Pat::Ident(b) => Some(b.id.clone()),
                    _ => None,
                };
                self.frames.push(Frame::AssignPattern { right: false, left: left.clone() });
                a.left.visit_mut_with(self);
                self.set_top(Frame::AssignPattern { right: true, left });
                a.right.visit_mut_with(self);
                self.frames.pop();
            }
            Pat::Expr(e) => e.visit_mut_with(self),
            _ => pat.visit_mut_children_with(self),
        }
    }

    fn visit_mut_object_pat_prop(&mut self, prop: &mut ObjectPatProp) {
        match prop {
            ObjectPatProp::KeyValue(kv) => {
                self.frames.push(Frame::Property { value: false, key: std::ptr::null() });
                kv.key.visit_mut_with(self);
                self.set_top(Frame::Property { value: true, key: &kv.key });
                kv.value.visit_mut_with(self);
                self.frames.pop();
            }
            ObjectPatProp::Assign(a) => {
                let left = Some(a.key.id.clone());
                self.with_frame(Frame::AssignPattern { right: true, left }, |walk| a.value.visit_mut_with(walk));
            }
            ObjectPatProp::Rest(r) => r.visit_mut_with(self),
        }
    }

    fn visit_mut_class_member(&mut self, member: &mut ClassMember) {
        self.class_member(member);
    }
}

impl Walk {
    fn declarator(&mut self, declarator: &mut VarDeclarator, top: bool) {
        let binding = match &declarator.name {
            Pat::Ident(b) => Some(b.id.clone()),
            _ => None,
        };
        self.frames.push(Frame::Declarator { binding: binding.clone(), init: false, top });
        declarator.name.visit_mut_with(self);
        self.set_top(Frame::Declarator { binding, init: true, top });
        declarator.init.visit_mut_with(self);
        self.frames.pop();
    }
}
