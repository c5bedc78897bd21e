//! Where the SWC route's time goes, natively, over the corpus of bench/transform.mjs:
//!
//!     node bench/transform.mjs --list /tmp/corpus.txt
//!     CARGO_TARGET_DIR=~/.cache/mighty-patcher/swc-host-target cargo run --profile profiling --example profile -- /tmp/corpus.txt
//!
//! For each file: parse and resolve (SWC's own work, not timed), then the steps of a Wasm plugin call that
//! are not the Wasm runtime itself: the host serializes the AST (CBOR), the plugin deserializes it, runs the
//! transform (`transform`, as the Wasm entry point calls it), serializes the result, and the
//! host deserializes it. Native code: inside the Wasm runtime the plugin's share runs slower.
use std::time::{Duration, Instant};

use mighty_patcher_swc_plugin::{transform, Context, Options};
use swc_core::common::plugin::serialized::{PluginSerializedBytes, VersionedSerializable};
use swc_core::common::sync::Lrc;
use swc_core::common::{FileName, Globals, Mark, SourceMap, SyntaxContext, GLOBALS};
use swc_core::ecma::ast::Program;
use swc_core::ecma::parser::{EsSyntax, Parser, StringInput, Syntax};
use swc_core::ecma::transforms::base::resolver;
use swc_core::ecma::visit::VisitMutWith;

fn main() {
    let list = std::env::args().nth(1).expect("usage: profile <file with one path a line>");
    let files: Vec<String> = std::fs::read_to_string(list).unwrap().lines().map(str::to_string).collect();
    let rounds = 3;
    let names = ["serialize (host)", "deserialize (plugin)", "transform (plugin)", "serialize (plugin)", "deserialize (host)"];
    let mut best = [Duration::MAX; 5];
    let mut bytes = 0usize;
    let mut bytes_back = 0usize;
    // As bench/transform.mjs: the corpus is node_modules, which the default `exclude` leaves alone.
    let options = Options { exclude: Some(vec![]), ..Default::default() };
    let cwd = std::env::current_dir().unwrap().to_string_lossy().into_owned();
    GLOBALS.set(&Globals::new(), || {
        let cm: Lrc<SourceMap> = Default::default();
        let mut programs = vec![];
        for file in &files {
            let source = std::fs::read_to_string(file).unwrap();
            let fm = cm.new_source_file(Lrc::new(FileName::Real(file.into())), source);
            let mut parser = Parser::new(Syntax::Es(EsSyntax::default()), StringInput::from(&*fm), None);
            let Ok(mut program) = parser.parse_program() else { continue };
            let unresolved_mark = Mark::new();
            program.visit_mut_with(&mut resolver(unresolved_mark, Mark::new(), false));
            programs.push((file.clone(), program, unresolved_mark));
        }
        for _ in 0..rounds {
            let mut times = [Duration::ZERO; 5];
            bytes = 0;
            bytes_back = 0;
            for (file, program, unresolved_mark) in &programs {
                let mut lap = Instant::now();
                let mut step = |times: &mut [Duration; 5], i: usize| {
                    let now = Instant::now();
                    times[i] += now - lap;
                    lap = now;
                };
                let serialized = PluginSerializedBytes::try_serialize(&VersionedSerializable::new(program.clone())).unwrap();
                step(&mut times, 0);
                bytes += serialized.as_slice().len();
                let mut guest: Program = serialized.deserialize::<Program>().unwrap().into_inner();
                step(&mut times, 1);
                let context = Context {
                    filename: Some(file.clone()),
                    cwd: cwd.clone(),
                    unresolved: SyntaxContext::empty().apply_mark(*unresolved_mark),
                    ..Default::default()
                };
                transform(&mut guest, &options, &context);
                step(&mut times, 2);
                let back = PluginSerializedBytes::try_serialize(&VersionedSerializable::new(guest)).unwrap();
                step(&mut times, 3);
                bytes_back += back.as_slice().len();
                let _: Program = back.deserialize::<Program>().unwrap().into_inner();
                step(&mut times, 4);
            }
            for i in 0..5 {
                best[i] = best[i].min(times[i]);
            }
        }
        println!(
            "{} files, {:.1} MB of serialized AST (CBOR) into the plugin, {:.1} MB back; best of {rounds} rounds:",
            programs.len(),
            bytes as f64 / 1e6,
            bytes_back as f64 / 1e6
        );
        for (name, time) in names.iter().zip(best) {
            println!("  {name:<22} {:>7.3} s", time.as_secs_f64());
        }
    });
}
