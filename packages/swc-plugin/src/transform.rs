//! The one transform entry (packages/babel-plugin/src/transform.ts): decides whether the module is
//! instrumented at all, plans the HMR glue on the original module, instruments it, adds the glue, and
//! reports what it emitted. The Wasm entry point (wasm.rs), the tests and the profiler all call [transform].

use swc_core::common::{BytePos, Span, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::{Expr, ExprStmt, Lit, Program, Stmt};

use crate::ast::is_directive;
use crate::guard::SERVER_ACTION_DIRECTIVE;
use crate::names::GeneratedNames;
use crate::options::Options;
use crate::paths::module_id;
use crate::{hmr, module};

/// What the host tells about the module.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The module's file name (absolute, or relative to `cwd`); None or empty: the host gave none.
    pub filename: Option<String>,
    /// The working directory, which a relative `root` option and file name are resolved against.
    pub cwd: String,
    /// The host's env name (`production` turns the plugin off unless `enabled` says otherwise).
    pub env: Option<String>,
    /// The unresolved mark's syntax context: generated references to globals get it.
    pub unresolved: SyntaxContext,
    /// The module's source text: a top-level module's hashes (docs/protocol.md §6). None: the host gave none.
    pub source: Option<Source>,
}

/// Source text and the position of its first character (the program's span starts there).
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub text: String,
    pub start: BytePos,
}

/// What `transform` did to a module.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransformReport {
    /// The module id (docs/protocol.md §1); None when the host gave no file name.
    pub module_id: Option<String>,
    /// Whether the module was rewritten: false when the plugin is off, the file excluded, or nothing to instrument.
    pub instrumented: bool,
    /// Every cell (one per instrumented function), in source order.
    pub slots: Vec<Slot>,
    /// The generated helper identifiers actually emitted.
    pub helpers: Helpers,
    /// Constructs left uninstrumented, for build warnings.
    pub warnings: Vec<Warning>,
}

/// A registry name (`Cart.prototype.total`, `f~2`) and the variable holding its cell (`_mp_s_odamchjj` for `f`).
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub name: String,
    pub slot: String,
}

/// The generated identifiers of the helpers, when emitted (docs/protocol.md §3.2).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Helpers {
    pub registry: Option<String>,
    pub cell: Option<String>,
    pub def: Option<String>,
    pub members: Option<String>,
    pub scope: Option<String>,
}

/// A construct left uninstrumented, for a build warning naming file:line. `span` is DUMMY_SP for a warning
/// about the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub span: Span,
    pub message: String,
}

/// The directive a module opts out with (docs/protocol.md §3.1): the HMR glue's own module has it.
pub const OPT_OUT_DIRECTIVE: &str = "use no mighty-patcher";

/// Whether the program's directive prologue holds OPT_OUT_DIRECTIVE, or SERVER_ACTION_DIRECTIVE: Next's
/// server-action transform refuses the guard's `this` and `arguments` in an action, and every exported function of
/// such a module is one.
fn opts_out(program: &Program) -> bool {
    let is_opt_out = |stmt: &Stmt| matches!(stmt, Stmt::Expr(ExprStmt { expr, .. }) if matches!(&**expr, Expr::Lit(Lit::Str(s)) if s.value == *OPT_OUT_DIRECTIVE || s.value == *SERVER_ACTION_DIRECTIVE));
    match program {
        Program::Module(m) => m.body.iter().map_while(|item| item.as_stmt().filter(|stmt| is_directive(stmt))).any(is_opt_out),
        Program::Script(s) => s.body.iter().take_while(|stmt| is_directive(stmt)).any(is_opt_out),
    }
}

/// Instruments `program` as docs/protocol.md §3 describes, with the bundler HMR glue of §6.
pub fn transform(program: &mut Program, options: &Options, context: &Context) -> TransformReport {
    let filename = context.filename.as_deref().filter(|filename| !filename.is_empty());
    let id = filename.map(|filename| module_id(&context.cwd, options.root.as_deref(), filename));
    let mut report = TransformReport { module_id: id.clone(), ..Default::default() };
    if !options.enabled(context.env.as_deref()) {
        return report;
    }
    let Some(id) = id else {
        report.warnings.push(Warning {
            span: DUMMY_SP,
            message: "a file without a filename was left uninstrumented: registry keys need a file path".into(),
        });
        return report;
    };
    if options.excludes(&id) || opts_out(program) {
        return report;
    }
    // The names the generated identifiers must avoid, collected once for the instrumentation and the glue.
    let (names, scan) = GeneratedNames::of(program);
    let hmr_plan = hmr::plan(program, options.hmr, context.source.as_ref());
    let (instrumentation, names) = module::instrument(program, &id, context.unresolved, options.in_scope_patches(), names, scan);
    let instrumented = !instrumentation.slots.is_empty();
    if let Some(hmr_plan) = hmr_plan.filter(|_| instrumented) {
        hmr::add_glue(program, hmr_plan, &id, names, context.unresolved, options.hmr_runtime(), &instrumentation.slots);
    }
    report.instrumented = instrumented;
    report.slots = instrumentation.slots;
    report.helpers = instrumentation.helpers;
    report.warnings = instrumentation.warnings;
    report
}
