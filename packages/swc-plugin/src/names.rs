//! The names of generated code, named once (packages/babel-plugin/src/names.ts; docs/protocol.md §7). Every
//! generated identifier is GENERATED_PREFIX followed by one of the bases below, made unique the way Babel's
//! `scope.generateUidIdentifier` does: `_mp_cell`, else `_mp_cell2` … `_mp_cell9`, `_mp_cell0`, `_mp_cell1`,
//! `_mp_cell10`, … (trailing digits of the base dropped first; a cell's base ends in a letter, [cell_base]).

use std::collections::HashSet;

use swc_core::atoms::Atom;
use swc_core::common::{BytePos, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::{
    ArrowExpr, ArrowFunctionBody, AssignExpr, CallExpr, Callee, Class, Constructor, Expr, ExprStmt, FnDecl, FnExpr, Function, Ident, ImportSpecifier, JSXElement,
    JSXFragment, MemberExpr, MemberProp, MetaPropExpr, MetaPropKind, Program, SeqExpr, VarDecl, VarDeclKind, VarDeclarator,
};
use swc_core::ecma::visit::{Visit, VisitWith};

use crate::ast::{pat_binding_idents, unparen};
use crate::closures::Helpers;

/// The prefix of every generated identifier.
pub const GENERATED_PREFIX: &str = "_mp_";

// Bases of the generated identifiers (names.ts NAMES).
/// `_mp_registry()`: the registry, made with the bootstrap if absent (docs/protocol.md §2).
pub const REGISTRY: &str = "registry";
/// `_mp_cell(name)`: a cell of this module instance.
pub const CELL: &str = "cell";
/// `_mp_def(fn, cell)`: the instance's own function for a cell's key.
pub const DEF: &str = "def";
/// `_mp_members(home, cell, key, part, …)`: registers the members of an object or a class.
pub const MEMBERS: &str = "members";
/// `_mp_scope(evaluate)`: hands a loaded runtime the module's evaluator (docs/protocol.md §3.7).
pub const SCOPE: &str = "scope";
/// The module evaluator's parameter, `(_mp_code) => eval(_mp_code)`.
pub const CODE: &str = "code";
/// A block's closure evaluator, `const _mp_e = (_mp_c) => eval(_mp_c)` (docs/protocol.md §3.6).
pub const EVALUATOR: &str = "e";
pub const EVALUATOR_CODE: &str = "c";
/// An arrow parameter renamed so that its value can be forwarded (`p0`, `p1`: digits dropped, `_mp_p`, `_mp_p2`).
pub const PARAM: &str = "p";
/// The rest parameter a guarded arrow is given, one name for the module (guard.rs `arrow_arguments`).
pub const REST: &str = "r";
/// The binding given to an anonymous `export default function`.
pub const DEFAULT: &str = "default";
/// A cell variable: `_mp_s_` and the registry name's hash as eight letters ([cell_base]).
pub const SLOT: &str = "s_";
// The bundler HMR glue (hmr.rs).
pub const HOT: &str = "hot";
pub const HOT_ERROR: &str = "hotError";
pub const HOT_COMMIT: &str = "hotCommit";
pub const HOT_GLUE: &str = "hotGlue";
pub const HOT_GATE: &str = "hotGate";
pub const HOT_TOP: &str = "hotTop";

/// FNV-1a (32 bits, offset basis 0x811c9dc5, prime 0x01000193) over UTF-16 code units (docs/protocol.md §6,
/// §7; names.ts `fnv1a`).
pub fn fnv1a(text: &str) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for unit in text.encode_utf16() {
        h ^= unit as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}

/// The top `count` nibbles of a hash as letters `a`-`p`, the highest first: no digit, so that a unique name
/// never takes a trailing digit of it for a counter (names.ts `letters`).
pub fn letters(hash: u32, count: u32) -> String {
    (0..count).map(|i| (b'a' + ((hash >> (28 - 4 * i)) & 15) as u8) as char).collect()
}

/// A cell variable's base: `s_` and the registry name's whole hash as eight letters (docs/protocol.md §7).
pub fn cell_base(name: &str) -> String {
    format!("{SLOT}{}", letters(fnv1a(name), 8))
}

/// The global symbol the registry lives under (`Symbol.for(REGISTRY_KEY)`).
pub const REGISTRY_KEY: &str = "mighty-patcher.registry";

/// The protocol generated code speaks (docs/protocol.md §5).
pub const PROTOCOL: u32 = 2;

/// The names taken in one module: the identifiers starting with `_` it had (generated names start with `_`,
/// and so do the names Babel gives renamed bindings, `_Object`), and those handed out since.
pub struct GeneratedNames {
    used: HashSet<Atom>,
}

impl GeneratedNames {
    /// Every identifier name in `program` that starts with `_` (others cannot collide with a generated
    /// name, so they are not collected: most modules give a small set).
    /// Also returns what else the walk needs to know about the whole module ([Scan]): one traversal for all.
    pub fn of(program: &Program) -> (Self, Scan) {
        let mut collector = Collector { names: HashSet::new(), scan: Scan::default(), helpers: Helpers::default(), named_expression: None };
        program.visit_with(&mut collector);
        let Collector { names, mut scan, helpers, .. } = collector;
        scan.helpers = helpers.finish();
        (GeneratedNames { used: names }, scan)
    }

    /// A fresh `_mp_<base>` identifier.
    pub fn fresh(&mut self, base: &str) -> Ident {
        self.unique(&format!("{}{base}", &GENERATED_PREFIX[1..]))
    }

    /// Babel's `generateUid(name)` for a name made of `[A-Za-z0-9_$]`: leading underscores and trailing
    /// digits dropped, `_` put back, then the first of `_name`, `_name2`, …, `_name9`, `_name0`, `_name1`,
    /// `_name10`, … that is not taken.
    pub fn unique(&mut self, name: &str) -> Ident {
        let stem = name.trim_start_matches('_').trim_end_matches(|c: char| c.is_ascii_digit());
        let mut i = 0u32;
        loop {
            let candidate = match i {
                0 => format!("_{stem}"),
                1..=8 => format!("_{stem}{}", i + 1),
                9 | 10 => format!("_{stem}{}", i - 9),
                _ => format!("_{stem}{}", i - 1),
            };
            let atom = Atom::from(candidate.as_str());
            if !self.used.contains(&atom) {
                self.used.insert(atom.clone());
                return Ident::new(atom, DUMMY_SP, SyntaxContext::empty());
            }
            i += 1;
        }
    }
}

/// What the scan before the walk finds besides the names.
#[derive(Default)]
pub struct Scan {
    /// The `const` bindings (any scope) and imports, by name and syntax context: a computed key that reads
    /// one is safe to evaluate again (keys.rs).
    pub constants: HashSet<(Atom, SyntaxContext)>,
    /// Whether the module has JSX anywhere: if not, no function needs to be searched for it (closures.rs).
    pub jsx: bool,
    /// Whether the module reads `new.target` anywhere: if not, no function needs to be searched for it.
    pub new_target: bool,
    /// The functions their activation only calls, by start position: no closure sites (closures.rs [Helpers]).
    pub helpers: HashSet<BytePos>,
}

/// The one visitor that collects them (every Visit/VisitMut implementation instantiates a whole AST
/// traversal: a larger .wasm).
struct Collector {
    names: HashSet<Atom>,
    scan: Scan,
    helpers: Helpers,
    /// The start of the function expression being entered when it has a name of its own.
    named_expression: Option<BytePos>,
}

impl Visit for Collector {
    fn visit_ident(&mut self, ident: &Ident) {
        if ident.sym.starts_with('_') {
            self.names.insert(ident.sym.clone());
        }
        self.helpers.appears(ident);
    }

    fn visit_function(&mut self, function: &Function) {
        let body = function.body.as_ref().map(|body| body.stmts.as_slice());
        let named = self.named_expression.take() == Some(function.span.lo);
        self.helpers.enter_function(function.span, function.is_async || function.is_generator, named, body);
        function.visit_children_with(self);
        self.helpers.exit();
    }

    fn visit_fn_expr(&mut self, expr: &FnExpr) {
        if expr.ident.is_some() {
            self.named_expression = Some(expr.function.span.lo);
        }
        expr.visit_children_with(self);
    }

    fn visit_member_expr(&mut self, member: &MemberExpr) {
        if matches!(&*member.obj, Expr::Ident(object) if &*object.sym == "arguments") && matches!(&member.prop, MemberProp::Ident(property) if &*property.sym == "callee") {
            self.helpers.reads_callee();
        }
        member.visit_children_with(self);
    }

    fn visit_arrow_expr(&mut self, arrow: &ArrowExpr) {
        let body = match &*arrow.body {
            ArrowFunctionBody::FunctionBody(body) => Some(body.stmts.as_slice()),
            ArrowFunctionBody::Expr(_) => None,
        };
        self.helpers.enter_function(arrow.span, arrow.is_async || arrow.is_generator, false, body);
        arrow.visit_children_with(self);
        self.helpers.exit();
    }

    fn visit_constructor(&mut self, constructor: &Constructor) {
        self.helpers.enter_function(constructor.span, false, false, constructor.body.as_ref().map(|body| body.stmts.as_slice()));
        constructor.visit_children_with(self);
        self.helpers.exit();
    }

    fn visit_class(&mut self, class: &Class) {
        self.helpers.enter_class();
        class.visit_children_with(self);
        self.helpers.exit();
    }

    fn visit_fn_decl(&mut self, declaration: &FnDecl) {
        self.helpers.function_declaration(declaration);
        declaration.visit_children_with(self);
    }

    fn visit_var_declarator(&mut self, declarator: &VarDeclarator) {
        self.helpers.declarator(declarator);
        declarator.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, assignment: &AssignExpr) {
        self.helpers.assignment(assignment);
        assignment.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, call: &CallExpr) {
        if let Callee::Expr(callee) = &call.callee {
            if let Expr::Ident(name) = unparen(callee) {
                self.helpers.call(name);
            }
            self.helpers.discarded(callee);
        }
        call.visit_children_with(self);
    }

    fn visit_expr_stmt(&mut self, statement: &ExprStmt) {
        self.helpers.discarded(&statement.expr);
        statement.visit_children_with(self);
    }

    fn visit_seq_expr(&mut self, sequence: &SeqExpr) {
        for expr in sequence.exprs.iter().rev().skip(1) {
            self.helpers.discarded(expr);
        }
        sequence.visit_children_with(self);
    }

    fn visit_var_decl(&mut self, declaration: &VarDecl) {
        if declaration.kind == VarDeclKind::Const {
            let mut ids = vec![];
            for declarator in &declaration.decls {
                pat_binding_idents(&declarator.name, &mut ids);
            }
            self.scan.constants.extend(ids.into_iter().map(|id| (id.sym, id.ctxt)));
        }
        declaration.visit_children_with(self);
    }

    fn visit_import_specifier(&mut self, specifier: &ImportSpecifier) {
        let local = match specifier {
            ImportSpecifier::Named(s) => &s.local,
            ImportSpecifier::Default(s) => &s.local,
            ImportSpecifier::Namespace(s) => &s.local,
        };
        self.scan.constants.insert((local.sym.clone(), local.ctxt));
        specifier.visit_children_with(self);
    }

    fn visit_jsx_element(&mut self, element: &JSXElement) {
        self.scan.jsx = true;
        element.visit_children_with(self);
    }

    fn visit_jsx_fragment(&mut self, fragment: &JSXFragment) {
        self.scan.jsx = true;
        fragment.visit_children_with(self);
    }

    fn visit_meta_prop_expr(&mut self, meta: &MetaPropExpr) {
        if meta.kind == MetaPropKind::NewTarget {
            self.scan.new_target = true;
        }
    }
}
