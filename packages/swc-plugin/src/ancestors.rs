//! The ancestors of the node being visited: what a Babel NodePath (`parentPath`, `key`, `listKey`, `scope`)
//! tells the Babel plugin, for a walk that has no parent pointers. The walk (module.rs) pushes one frame
//! for each node it descends through, saying which part of it it is in; parentheses get none (Babel's
//! parser drops them), nor do the statements and declarations that only hold a declaration.
//!
//! A frame may point at a part of its node that the walk is not in (a call's callee while it visits the
//! arguments, a property's key while it visits the value, an assignment's target while it visits the
//! value): that part is neither moved nor changed until the frame is popped, so reading it is reading a
//! sibling of the node being visited, as `&call.callee` beside `&mut call.args` would be.

use swc_core::atoms::Wtf8Atom;
use swc_core::ecma::ast::*;

/// A TypeScript expression that only gives its operand a type (Babel: TSAsExpression, TSSatisfiesExpression,
/// TSNonNullExpression, TSTypeAssertion); `x as const` is an `As` in Babel.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TsWrapper {
    As,
    NonNull,
    Satisfies,
    TypeAssertion,
}

/// Which kind of call a `Call` frame is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    Call,
    OptionalCall,
    New,
}

/// A call's callee, for the call's name (keys.rs `call_text`).
#[derive(Clone, Copy)]
pub enum CalleeRef {
    Expr(*const Expr),
    Super,
    Import,
}

/// A call's first argument, when it is a literal its name keeps (`app.get("/users")`, `setTimeout(1000)`).
#[derive(Clone)]
pub enum FirstArgument {
    None,
    Str(Wtf8Atom),
    Num(f64),
}

pub struct CallFrame {
    pub kind: CallKind,
    /// In the arguments (else in the callee).
    pub arguments: bool,
    pub callee: CalleeRef,
    pub first: FirstArgument,
}

pub enum Frame {
    TsWrapper(TsWrapper),
    /// `await`, `?:`, `&&`/`||`/`??`, a sequence, a spread, `yield`, an optional chain: a function's
    /// context passes through them (keys.ts TRANSPARENT).
    Transparent,
    /// `id = init`; `binding` when the declared name is an identifier; `top` when the declaration is a
    /// statement of the program (or exported).
    Declarator { binding: Option<Ident>, init: bool, top: bool },
    /// `left = right` (any assignment operator).
    Assign { right: bool, left: *const AssignTarget },
    /// A default in a pattern: `left = right`, `{ left = right }`.
    AssignPattern { right: bool, left: Option<Ident> },
    ExportDefault,
    Return,
    /// A function (its state in the walk's `functions`): Babel's `Function` nodes, methods and
    /// constructors included.
    Function(usize),
    /// An object literal's `key: value` (also in an object pattern).
    Property { value: bool, key: *const PropName },
    /// An object literal (its registrations in the walk's `objects`).
    Object(usize),
    /// An array literal's element at this index.
    Array(usize),
    Call(CallFrame),
    /// `object.property`; `call_or_apply` when it is a non-optional `.call` or `.apply`.
    Member { object: bool, call_or_apply: bool },
    /// A computed key or a computed member's property.
    ComputedKey,
    /// A block statement that is a scope of its own (not a function's or a catch clause's body).
    Block(usize),
    /// A catch clause: its body's block state; `param` while in its parameter.
    Catch { block: usize, param: bool },
    /// A loop; `body` while in its body (else its head).
    Loop { block: usize, body: bool },
    /// Another scope, in which no closure gets an evaluator: a `switch`, a TypeScript namespace.
    Scope,
    /// A class (its registrations in the walk's `classes`, when it is instrumented); a scope.
    Class(Option<usize>),
    /// A class field, public or private (Babel: ClassProperty, ClassPrivateProperty), or an accessor.
    ClassField { accessor: bool },
    /// A class static block; a scope.
    StaticBlock,
    /// Any other node: a function's context stops there.
    Other,
}

impl Frame {
    /// Whether a function's name passes through this frame unchanged when it is the function's parent
    /// (module.ts `unwrapped`: parentheses and TypeScript wrappers).
    pub fn is_ts_wrapper(&self) -> bool {
        matches!(self, Frame::TsWrapper(_))
    }
}
