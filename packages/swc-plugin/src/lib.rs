//! Mighty Patcher as an SWC Wasm plugin: every module-level function becomes a stable proxy delegating to
//! a swappable implementation in the global registry. The contract is docs/protocol.md; this is the same
//! rewrite as packages/babel-plugin, file for file (same registry keys, helpers, proxy shapes). Generated
//! identifiers are `_mp_`-prefixed and never collide with a name of the module.
//!
//! The file map is the Babel plugin's (src/index.ts, transform.ts, ... beside wasm.rs, transform.rs, ...).
//! Dependencies run one way: wasm -> transform -> {options, paths, exclude, module, hmr}; module ->
//! {instrumenter, proxy, classes}; classes -> {instrumenter, proxy}; instrumenter -> {proxy, helpers, names};
//! hmr -> names. ast.rs (small AST builders) serves them all; the report types are transform.rs's, filled in
//! by the instrumenter and read by hmr.rs.

mod ast;
mod classes;
mod exclude;
mod helpers;
mod hmr;
mod instrumenter;
mod module;
mod names;
mod options;
mod paths;
mod proxy;
mod transform;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use exclude::{is_excluded, DEFAULT_EXCLUDE};
pub use hmr::{HmrMode, HmrOption};
pub use options::Options;
pub use paths::module_id;
pub use transform::{transform, Context, Helpers, Slot, TransformReport, Warning};
