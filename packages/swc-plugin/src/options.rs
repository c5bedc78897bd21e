//! The plugin options (`jsc.experimental.plugins: [[wasm, options]]`): type, parsing and validation,
//! defaults (packages/babel-plugin/src/options.ts).

use serde::Deserialize;

use crate::exclude::{self, is_excluded, DEFAULT_EXCLUDE};
use crate::hmr::HmrOption;

/// The glue's module by default: this package's `hmr` export, which re-exports @mighty-patcher/hmr (a Wasm
/// plugin cannot resolve a path the way the Babel plugin does).
pub const DEFAULT_HMR_RUNTIME: &str = "@mighty-patcher/swc-plugin/hmr";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Module ids are file paths relative to this directory. Default: SWC's working directory.
    pub root: Option<String>,
    /// Default: on, except when SWC's env (`envName`, else `SWC_ENV`/`NODE_ENV`) is `production`.
    pub enabled: Option<bool>,
    /// Emit the module's evaluator (docs/protocol.md §3.5) for state-keeping body patches. Default: on.
    #[serde(rename = "inScopePatches")]
    pub in_scope_patches: Option<bool>,
    /// Bundler HMR glue (docs/protocol.md §6): `true` (default), `false`, `"esm"` or `"commonjs"`.
    pub hmr: Option<HmrOption>,
    /// The module every instrumented module imports the HMR glue from (docs/protocol.md §6). Default:
    /// DEFAULT_HMR_RUNTIME, which an app that configures this plugin can always resolve.
    #[serde(rename = "hmrRuntime")]
    pub hmr_runtime: Option<String>,
    /// Files left uninstrumented: path patterns matched against the module id (src/exclude.rs).
    /// Default: [DEFAULT_EXCLUDE], every file under a `node_modules` directory; `[]` instruments every file.
    pub exclude: Option<Vec<String>>,
}

impl Options {
    pub fn parse(json: Option<&str>) -> Result<Options, String> {
        match json.map(str::trim) {
            None | Some("") | Some("null") => Ok(Options::default()),
            Some(json) => {
                let options: Options = serde_json::from_str(json).map_err(|error| {
                    format!("@mighty-patcher/swc-plugin: invalid options {json}: {error} (known: root: string, enabled: boolean, inScopePatches: boolean, hmr: boolean | \"esm\" | \"commonjs\", hmrRuntime: string, exclude: string[])")
                })?;
                for pattern in options.exclude.iter().flatten() {
                    if let Some(problem) = exclude::invalid_pattern(pattern) {
                        return Err(format!("@mighty-patcher/swc-plugin: option \"exclude\": invalid pattern {}: {problem}", serde_json::to_string(pattern).unwrap_or_default()));
                    }
                }
                Ok(options)
            }
        }
    }

    pub fn enabled(&self, env: Option<&str>) -> bool {
        self.enabled.unwrap_or(env != Some("production"))
    }

    /// Whether the `exclude` option leaves the module with this id alone.
    pub fn excludes(&self, module_id: &str) -> bool {
        match &self.exclude {
            Some(patterns) => is_excluded(module_id, patterns),
            None => is_excluded(module_id, DEFAULT_EXCLUDE),
        }
    }

    /// The module the HMR glue is imported from.
    pub fn hmr_runtime(&self) -> &str {
        self.hmr_runtime.as_deref().unwrap_or(DEFAULT_HMR_RUNTIME)
    }

    /// Whether to emit the module's evaluator. Default: on.
    pub fn in_scope_patches(&self) -> bool {
        self.in_scope_patches.unwrap_or(true)
    }
}
