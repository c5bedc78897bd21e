//! Mighty Patcher as an SWC Wasm plugin: every function the program may hold keeps its own body behind a
//! one-line guard that forwards to a newer implementation when there is one (docs/protocol.md, protocol 2).
//! The same rewrite as packages/babel-plugin, file for file (same registry names, cells, helpers, guard
//! shapes). Generated identifiers are `_mp_`-prefixed and never collide with a name of the module.
//!
//! The file map is the Babel plugin's (src/index.ts, transform.ts, ... beside wasm.rs, transform.rs, ...).
//! Dependencies run one way: wasm -> transform -> {options, paths, exclude, module, hmr}; module -> {keys,
//! guard, closures, classes, instrumenter}; instrumenter -> {helpers, names}; hmr -> names. ast.rs (small AST
//! builders) and ancestors.rs (the frames that stand for Babel's paths) serve them all; the report types
//! are transform.rs's.

mod ancestors;
mod ast;
mod classes;
mod closures;
mod exclude;
mod guard;
mod helpers;
mod hmr;
mod instrumenter;
mod keys;
mod module;
mod names;
mod options;
mod paths;
mod transform;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use exclude::{is_excluded, DEFAULT_EXCLUDE};
pub use hmr::{HmrMode, HmrOption};
pub use options::Options;
pub use paths::module_id;
pub use transform::{transform, Context, Helpers, Slot, Source, TransformReport, Warning};
