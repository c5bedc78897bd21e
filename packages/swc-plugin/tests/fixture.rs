//! Output fixtures, one directory per case as in packages/babel-plugin/test/fixtures:
//! tests/fixture/<case>/input.{js,ts}, optional options.json ({ "enabled"?, "sourceType"?, "hmr"?, "exclude"?,
//! "filename"? (the module id, i.e. the file's path relative to root; default the input's file name) }),
//! expected output.js. `UPDATE=1 cargo test` rewrites the outputs.
use std::path::PathBuf;

use mighty_patcher_swc_plugin::{HmrOption, MightyPatcher, Options};
use swc_core::common::{Mark, SyntaxContext};
use swc_core::ecma::ast::Pass;
use swc_core::ecma::parser::{EsSyntax, Syntax, TsSyntax};
use swc_core::ecma::transforms::base::resolver;
use swc_core::ecma::transforms::testing::{test_fixture, FixtureTestConfig};
use swc_core::ecma::visit::visit_mut_pass;

#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct CaseOptions {
    enabled: Option<bool>,
    source_type: Option<String>,
    hmr: Option<HmrOption>,
    exclude: Option<Vec<String>>,
    filename: Option<String>,
}

#[testing::fixture("tests/fixture/**/input.js")]
#[testing::fixture("tests/fixture/**/input.ts")]
fn fixture(input: PathBuf) {
    let dir = input.parent().unwrap().to_path_buf();
    let case: CaseOptions = std::fs::read_to_string(dir.join("options.json"))
        .map(|json| serde_json::from_str(&json).unwrap())
        .unwrap_or_default();
    let typescript = input.extension().is_some_and(|e| e == "ts");
    let syntax = if typescript {
        Syntax::Typescript(TsSyntax::default())
    } else {
        Syntax::Es(EsSyntax::default())
    };
    let file_name = case.filename.unwrap_or_else(|| input.file_name().unwrap().to_string_lossy().into_owned());
    let options = Options { root: None, enabled: case.enabled, in_scope_patches: None, hmr: case.hmr, exclude: case.exclude };
    // As the Wasm entry point: off in production and for excluded files.
    let enabled = options.enabled(None) && !options.excludes(&file_name);
    test_fixture(
        syntax,
        &|_| {
            let unresolved_mark = Mark::new();
            let top_level_mark = Mark::new();
            let instrument: Box<dyn Pass> = if enabled {
                Box::new(visit_mut_pass(MightyPatcher {
                    module_id: file_name.clone(),
                    unresolved: SyntaxContext::empty().apply_mark(unresolved_mark),
                    in_scope_patches: options.in_scope_patches.unwrap_or(true),
                    hmr: options.hmr,
                    warnings: vec![],
                }))
            } else {
                Box::new(swc_core::ecma::ast::noop_pass())
            };
            (resolver(unresolved_mark, top_level_mark, typescript), instrument)
        },
        &input,
        &dir.join("output.js"),
        FixtureTestConfig {
            module: Some(case.source_type.as_deref() != Some("script")),
            ..Default::default()
        },
    );
}
