//! The functions left uninstrumented with a warning (docs/protocol.md §3.3, §3.4, §3.5), as the Babel
//! plugin warns about them: class and object members whose computed key could have effects if evaluated
//! again or that use `#private` names, methods with decorated parameters, and module-level arrows (or
//! class field arrows) whose parameters cannot be forwarded. The Wasm entry point emits each through SWC's
//! HANDLER as `[mighty-patcher] <id>:<line>: <message>`.
use mighty_patcher_swc_plugin::{transform, Context, Options};
use swc_core::common::{sync::Lrc, FileName, Globals, Mark, SourceMap, SyntaxContext, GLOBALS};
use swc_core::ecma::ast::{EsVersion, Pass, Program};
use swc_core::ecma::parser::{parse_file_as_module, EsSyntax, Syntax, TsSyntax};
use swc_core::ecma::transforms::base::resolver;

/// `(line, message)` of every warning for `source`.
fn warnings(source: &str, typescript: bool) -> Vec<(usize, String)> {
    GLOBALS.set(&Globals::new(), || {
        let cm: Lrc<SourceMap> = Default::default();
        let fm = cm.new_source_file(FileName::Real("src/input.js".into()).into(), source.to_string());
        let syntax = if typescript {
            Syntax::Typescript(TsSyntax { decorators: true, ..Default::default() })
        } else {
            Syntax::Es(EsSyntax { decorators: true, ..Default::default() })
        };
        let module = parse_file_as_module(&fm, syntax, EsVersion::latest(), None, &mut vec![]).expect("parses");
        let mut program = Program::Module(module);
        let unresolved_mark = Mark::new();
        resolver(unresolved_mark, Mark::new(), typescript).process(&mut program);
        let context = Context {
            filename: Some("src/input.js".into()),
            unresolved: SyntaxContext::empty().apply_mark(unresolved_mark),
            ..Default::default()
        };
        let report = transform(&mut program, &Options::default(), &context);
        report.warnings.into_iter().map(|w| (cm.lookup_char_pos(w.span.lo).line, w.message)).collect()
    })
}

#[test]
fn skipped_members_are_named_with_their_line() {
    let found = warnings(
        "let key = 'k';\n\
         export class C {\n\
           #secret = 1;\n\
           reveal() { return this.#secret }\n\
           [key]() {}\n\
           ['lit' + 'eral']() {}\n\
           static has(o) { return #secret in o }\n\
           #hidden() {}\n\
           constructor() {}\n\
           plain() {}\n\
         }\n",
        false,
    );
    assert_eq!(
        found,
        vec![
            (4, "C.prototype.reveal is not hot-patchable: it uses #private names, which cannot cross class versions".to_string()),
            (5, "C.prototype[computed] is not hot-patchable: its computed key could have side effects if evaluated again".to_string()),
            (6, "C.prototype[computed] is not hot-patchable: its computed key could have side effects if evaluated again".to_string()),
            (7, "C.has is not hot-patchable: it uses #private names, which cannot cross class versions".to_string()),
        ]
    );
}

#[test]
fn object_members_with_unsafe_keys_are_named_with_their_line() {
    let found = warnings(
        "let key = 'k';\n\
         export const o = {\n\
           [key]: () => 1,\n\
           __proto__: function () {},\n\
           ['x' + 1]() {},\n\
           m() {},\n\
           1n: () => 2,\n\
         };\n",
        false,
    );
    let computed = "is not hot-patchable: its computed key could have side effects if evaluated again";
    assert_eq!(
        found,
        vec![
            (3, format!("o[…] {computed}")),
            (4, format!("o.__proto__ {computed}")),
            (5, format!("o[…] {computed}")),
            (7, format!("o[…] {computed}")),
        ]
    );
}

#[test]
fn arrows_whose_parameters_cannot_be_forwarded_are_named_with_their_line() {
    let found = warnings(
        "export const f = ({ a }, b = a) => b;\n\
         export const g = ({ a }) => { var a; return a; };\n\
         export const ok = ({ a }, b = 1) => a + b;\n\
         export class C {\n\
           field = ({ a }, b = a) => b;\n\
         }\n\
         // Closures are left alone without a warning.\n\
         export function h() { return ({ a }, b = a) => b; }\n",
        false,
    );
    let message = "is not hot-patchable: its parameters could not be forwarded (a default reads a destructured name, or the body declares one again)";
    assert_eq!(found, vec![(1, format!("f {message}")), (2, format!("g {message}")), (5, format!("C.prototype.field {message}"))]);
}

#[test]
fn decorated_parameters_are_skipped_when_the_plugin_sees_them() {
    // @swc/core compiles TypeScript decorators before Wasm plugins run (unless `runPluginFirst`),
    // so this is what the plugin does when they reach it.
    let found = warnings("export class S {\n  m(@inject x: number) { return x }\n  n(y: number) { return y }\n}\n", true);
    assert_eq!(found, vec![(2, "S.prototype.m is not hot-patchable: its parameters have decorators".to_string())]);
}

#[test]
fn safe_computed_keys_give_no_warning() {
    let found = warnings(
        "import { imported } from 'x';\n\
         const k = 'k';\n\
         export class C { [k]() {} [imported]() {} [Symbol.iterator]() {} ['a b']() {} [`t`]() {} [1]() {} }\n",
        false,
    );
    assert_eq!(found, vec![]);
}
