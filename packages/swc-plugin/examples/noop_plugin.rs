//! A Wasm plugin that returns the program unchanged: what SWC's plugin host costs by itself (the AST
//! serialized into the plugin and back, the plugin instantiated, per file), with none of our transform.
//! Built like the plugin: node packages/swc-plugin/build.mjs --example noop_plugin --out bench/noop_swc_plugin.wasm
//! (bench/transform.mjs measures it as "swc + no-op plugin").

#[cfg(target_arch = "wasm32")]
mod plugin {
    use swc_core::ecma::ast::Program;
    use swc_core::plugin::{plugin_transform, proxies::TransformPluginProgramMetadata};

    #[plugin_transform]
    pub fn process_transform(program: Program, _metadata: TransformPluginProgramMetadata) -> Program {
        program
    }
}
