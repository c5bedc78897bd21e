//! The TransformReport: what `transform` says it did, and that it decides on/off, excluded and "nothing
//! to instrument" itself (the HMR glue follows the report, not the names in the output).
use mighty_patcher_swc_plugin::{transform, Context, Helpers, Options, Slot, TransformReport};
use swc_core::common::{sync::Lrc, FileName, Globals, Mark, SourceMap, SyntaxContext, GLOBALS};
use swc_core::ecma::ast::{EsVersion, Pass, Program};
use swc_core::ecma::parser::{parse_file_as_module, EsSyntax, Syntax};
use swc_core::ecma::transforms::base::resolver;

/// The report for `source` as `filename`, and how many top-level items the module has afterwards.
fn run(source: &str, filename: Option<&str>, options: &Options, env: Option<&str>) -> (TransformReport, usize) {
    GLOBALS.set(&Globals::new(), || {
        let cm: Lrc<SourceMap> = Default::default();
        let fm = cm.new_source_file(FileName::Anon.into(), source.to_string());
        let module = parse_file_as_module(&fm, Syntax::Es(EsSyntax::default()), EsVersion::latest(), None, &mut vec![]).expect("parses");
        let mut program = Program::Module(module);
        let unresolved_mark = Mark::new();
        resolver(unresolved_mark, Mark::new(), false).process(&mut program);
        let context = Context {
            filename: filename.map(str::to_string),
            cwd: "/work".into(),
            env: env.map(str::to_string),
            unresolved: SyntaxContext::empty().apply_mark(unresolved_mark),
            source: None,
        };
        let report = transform(&mut program, options, &context);
        (report, program.expect_module().body.len())
    })
}

fn slot(name: &str, slot: &str) -> Slot {
    Slot { name: name.into(), slot: slot.into() }
}

#[test]
fn names_the_slots_and_the_helpers_it_emitted() {
    let source = "export function f() {}\nexport const g = () => 1;\nexport class C { m() {} }\nfunction f() {}\n";
    let (report, _) = run(source, Some("/work/src/a.js"), &Options::default(), None);
    assert_eq!(report.module_id.as_deref(), Some("src/a.js"));
    assert!(report.instrumented);
    // A cell variable is `_mp_s_` and the name's FNV-1a hash as eight letters (docs/protocol.md §7), the
    // Babel plugin's names (packages/babel-plugin/test/plugin.test.ts).
    assert_eq!(
        report.slots,
        vec![slot("f", "_mp_s_odamchjj"), slot("g", "_mp_s_ocamcgag"), slot("C.prototype.m", "_mp_s_gknldohd"), slot("f~2", "_mp_s_hgmofnlf")]
    );
    assert_eq!(
        report.helpers,
        Helpers {
            registry: Some("_mp_registry".into()),
            cell: Some("_mp_cell".into()),
            def: Some("_mp_def".into()),
            members: Some("_mp_members".into()),
            scope: Some("_mp_scope".into()),
        }
    );
    assert_eq!(report.warnings, vec![]);
}

#[test]
fn cells_are_named_by_a_hash_of_the_context_path_in_source_order() {
    let source = "app.get('/users/:id', (req, res) => res.end());
                  export const api = { list() { return () => 1; }, create: async (x) => x };
                  export function make(schema) { return (req) => schema.check(req); }
                  exports.handler = () => 1;
";
    let (report, _) = run(source, Some("/work/src/a.js"), &Options::default(), None);
    assert_eq!(
        report.slots,
        vec![
            slot("app.get(\"/users/:id\")", "_mp_s_hlhabapg"),
            slot("api.list", "_mp_s_jmfniejd"),
            slot("api.list/return", "_mp_s_jihckmak"),
            slot("api.create", "_mp_s_hdaggbbl"),
            slot("make", "_mp_s_obimfgkp"),
            slot("make/return", "_mp_s_egceifkg"),
            slot("exports.handler", "_mp_s_pbphblhc"),
        ]
    );
    assert_eq!(report.helpers.members.as_deref(), Some("_mp_members"));
}

#[test]
fn names_only_the_helpers_it_emitted_and_avoids_taken_names() {
    let options = Options { in_scope_patches: Some(false), ..Default::default() };
    let (report, _) = run("const _mp_def = 1, _mp_s_ocamcgag = 2;\nexport const g = function () {};\n", Some("/work/b.js"), &options, None);
    assert_eq!(report.slots, vec![slot("g", "_mp_s_ocamcgag2")]);
    assert_eq!(
        report.helpers,
        Helpers {
            registry: Some("_mp_registry".into()),
            cell: Some("_mp_cell".into()),
            def: Some("_mp_def2".into()),
            ..Default::default()
        }
    );
}

#[test]
fn off_excluded_or_nothing_to_instrument_leaves_the_module_alone() {
    let source = "export function f() {}\n";
    let unchanged = |report: &TransformReport, items: usize| {
        assert!(!report.instrumented);
        assert_eq!(report.slots, vec![]);
        assert_eq!(report.helpers, Helpers::default());
        assert_eq!(items, 1, "no glue, no helpers");
    };
    let (report, items) = run(source, Some("/work/src/a.js"), &Options { enabled: Some(false), ..Default::default() }, None);
    unchanged(&report, items);
    assert_eq!(report.module_id.as_deref(), Some("src/a.js"));
    let (report, items) = run(source, Some("/work/src/a.js"), &Options::default(), Some("production"));
    unchanged(&report, items);
    let (report, items) = run(source, Some("/work/node_modules/x/index.js"), &Options::default(), None);
    unchanged(&report, items);
    assert_eq!(report.module_id.as_deref(), Some("node_modules/x/index.js"));
    // A module's own `_mp_cell` function is no sign that it was instrumented.
    let (report, items) = run("export function _mp_cell() {}\n", Some("/work/src/a.js"), &Options::default(), None);
    assert!(report.instrumented);
    assert_eq!(report.helpers.cell.as_deref(), Some("_mp_cell2"));
    assert!(items > 1);
    // A module with no function registers only its evaluator (protocol.md §3.7): no glue, no cells.
    let (report, items) = run("export const value = 1;\nlet _mp_cell = 2;\n", Some("/work/src/a.js"), &Options::default(), None);
    assert!(!report.instrumented);
    assert_eq!(report.helpers, Helpers { scope: Some("_mp_scope".into()), ..Default::default() });
    assert_eq!(items, 4, "the two statements, the evaluator's registration and its helper");
}

#[test]
fn a_file_without_a_name_is_left_alone_with_a_warning() {
    for filename in [None, Some("")] {
        let (report, items) = run("export function f() {}\n", filename, &Options::default(), None);
        assert_eq!(report.module_id, None);
        assert!(!report.instrumented);
        assert_eq!(items, 1);
        assert_eq!(report.warnings.len(), 1);
        assert!(report.warnings[0].span.is_dummy());
        assert_eq!(report.warnings[0].message, "a file without a filename was left uninstrumented: registry keys need a file path");
    }
    let (report, _) = run("export function f() {}\n", None, &Options { enabled: Some(false), ..Default::default() }, None);
    assert_eq!(report.warnings, vec![], "off: no warning");
}

#[test]
fn two_names_with_one_hash_get_distinct_cells_in_declaration_order() {
    // `route93vu` and `routegtea` have one FNV-1a hash; so have their closures' names (docs/protocol.md §7).
    let source = "export function route93vu() { return () => 1; }\nexport function routegtea() { return () => 2; }\n";
    let (report, _) = run(source, Some("/work/src/a.js"), &Options::default(), None);
    assert_eq!(
        report.slots,
        vec![
            slot("route93vu", "_mp_s_dmdomicl"),
            slot("route93vu/return", "_mp_s_ecdbklfc"),
            slot("routegtea", "_mp_s_dmdomicl2"),
            slot("routegtea/return", "_mp_s_ecdbklfc2"),
        ]
    );
}
