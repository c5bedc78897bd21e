//! Output fixtures shared with the Babel plugin (transform-fixtures/README.md): transform-fixtures/<case>/
//! input.{js,ts} is compiled and compared with output.swc.js (packages/babel-plugin/test/fixtures.test.ts
//! compares output.babel.js). options.json holds the plugin's options (Options: root, enabled, inScopePatches,
//! hmr, exclude) plus `sourceType` ("module", the default, or "script") and `filename` (the file's path relative
//! to the case directory, which is the working directory and default root: its module id; default the input's
//! file name). `UPDATE=1 cargo test` rewrites the outputs. A new case needs a rebuild of this file (the
//! fixture macro lists the cases at compile time): `npm test` touches it before each run; under a plain
//! `cargo test`, `touch tests/fixture.rs` (also after a `cargo test` in another checkout with the same target).
use std::path::PathBuf;

use mighty_patcher_swc_plugin::{transform, Context, Options, Source};
use swc_core::common::{Mark, SourceMapper, Spanned, SyntaxContext};
use swc_core::ecma::ast::fn_pass;
use swc_core::ecma::parser::{EsSyntax, Syntax, TsSyntax};
use swc_core::ecma::transforms::base::resolver;
use swc_core::ecma::transforms::testing::{test_fixture, FixtureTestConfig};

#[testing::fixture("../../transform-fixtures/*/input.js")]
#[testing::fixture("../../transform-fixtures/*/input.ts")]
fn fixture(input: PathBuf) {
    let dir = input.parent().unwrap().to_path_buf();
    let mut case: serde_json::Map<String, serde_json::Value> = std::fs::read_to_string(dir.join("options.json"))
        .map(|json| serde_json::from_str(&json).unwrap())
        .unwrap_or_default();
    let script = match case.remove("sourceType") {
        None => false,
        Some(source_type) => source_type == "script",
    };
    let file_name = match case.remove("filename") {
        Some(serde_json::Value::String(file_name)) => file_name,
        None => input.file_name().unwrap().to_string_lossy().into_owned(),
        Some(other) => panic!("options.json: filename must be a string, not {other}"),
    };
    let options = Options::parse(Some(&serde_json::Value::Object(case).to_string())).unwrap();
    let typescript = input.extension().is_some_and(|e| e == "ts");
    let syntax = if typescript {
        Syntax::Typescript(TsSyntax::default())
    } else {
        Syntax::Es(EsSyntax::default())
    };
    test_fixture(
        syntax,
        &|tester| {
            let unresolved_mark = Mark::new();
            let top_level_mark = Mark::new();
            let mut context = Context {
                filename: Some(dir.join(&file_name).to_string_lossy().into_owned()),
                cwd: dir.to_string_lossy().into_owned(),
                env: None,
                unresolved: SyntaxContext::empty().apply_mark(unresolved_mark),
                source: None,
            };
            let options = &options;
            let cm = tester.cm.clone();
            (
                resolver(unresolved_mark, top_level_mark, typescript),
                fn_pass(move |program| {
                    // The host's source text, as the Wasm entry reads it (wasm.rs).
                    context.source = cm.span_to_snippet(program.span()).ok().map(|text| Source { text, start: program.span().lo });
                    transform(program, options, &context);
                }),
            )
        },
        &input,
        &dir.join("output.swc.js"),
        FixtureTestConfig { module: Some(!script), ..Default::default() },
    );
}
