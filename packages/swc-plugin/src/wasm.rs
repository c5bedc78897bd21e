//! The Wasm entry point (`#[plugin_transform]`, built for wasm32 only): reads the host's context (file
//! name, working directory, env, unresolved mark), calls [crate::transform], emits its warnings.

use swc_core::common::errors::HANDLER;
use swc_core::common::plugin::metadata::TransformPluginMetadataContextKind;
use swc_core::common::{SourceMapper, Spanned, SyntaxContext};
use swc_core::ecma::ast::Program;
use swc_core::plugin::{plugin_transform, proxies::TransformPluginProgramMetadata};

use crate::{transform, Context, Options, Source};

#[plugin_transform]
pub fn process_transform(mut program: Program, metadata: TransformPluginProgramMetadata) -> Program {
    let options = match Options::parse(metadata.get_transform_plugin_config().as_deref()) {
        Ok(options) => options,
        Err(message) => panic!("{message}"),
    };
    let context = Context {
        filename: metadata.get_context(&TransformPluginMetadataContextKind::Filename),
        cwd: metadata.get_context(&TransformPluginMetadataContextKind::Cwd).unwrap_or_default(),
        env: metadata.get_context(&TransformPluginMetadataContextKind::Env),
        unresolved: SyntaxContext::empty().apply_mark(metadata.unresolved_mark),
        // A top-level module's hashes (docs/protocol.md §6) are of its source text.
        source: metadata.source_map.span_to_snippet(program.span()).ok().map(|text| Source { text, start: program.span().lo }),
    };
    let report = transform(&mut program, &options, &context);
    for warning in &report.warnings {
        match &report.module_id {
            Some(id) if !warning.span.is_dummy() => {
                let line = metadata.source_map.lookup_char_pos(warning.span.lo).line;
                let message = format!("[mighty-patcher] {id}:{line}: {}", warning.message);
                HANDLER.with(|handler| handler.struct_span_warn(warning.span, &message).emit());
            }
            _ => {
                let message = format!("[mighty-patcher] {}", warning.message);
                HANDLER.with(|handler| handler.struct_warn(&message).emit());
            }
        }
    }
    program
}
