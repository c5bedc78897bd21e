//! The names of generated code, named once (the same as packages/babel-plugin/src/names.ts). Every generated
//! identifier is GENERATED_PREFIX followed by one of the bases below, with digits added when the name is
//! taken (Babel's generateUidIdentifier naming): `_mp_define`, `_mp_s_total`, `_mp_hot2`. Only such names
//! can collide with a name of the module, so only they are collected.

use std::collections::HashSet;

use swc_core::atoms::Atom;
use swc_core::common::{SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::{Ident, Program};
use swc_core::ecma::visit::{Visit, VisitWith};

/// The prefix of every generated identifier.
pub const GENERATED_PREFIX: &str = "_mp_";

// Bases of the generated identifiers.
/// The per-module define helper, `_mp_define(name, impl, proxy, home)` (docs/protocol.md §2).
pub const DEFINE: &str = "define";
/// Defines the hoisted function declarations' implementations, `_mp_init()`.
pub const INIT: &str = "init";
/// Defines a class member's implementation, `_mp_method(home, key, part, name, implementations)`.
pub const METHOD: &str = "method";
/// Hands a loaded runtime the module's evaluator, `_mp_scope(evaluate)` (docs/protocol.md §3.5).
pub const SCOPE: &str = "scope";
/// The evaluator's parameter, `(_mp_code) => eval(_mp_code)`.
pub const CODE: &str = "code";
/// The temporary holding a bound function's proxy, `(_mp_tmp = proxy, ..., _mp_tmp)`.
pub const TMP: &str = "tmp";
/// The generator proxies' iterator parameter.
pub const ITERATOR: &str = "it";
/// The binding given to an anonymous `export default function`.
pub const DEFAULT: &str = "default";
/// A slot variable: `_mp_s_` and the registry name with every other character than `[A-Za-z0-9_$]` as `_`.
pub const SLOT: &str = "s_";
// The bundler HMR glue (hmr.rs).
pub const HOT: &str = "hot";
pub const HOT_SNAPSHOT: &str = "hotSnapshot";
pub const HOT_ERROR: &str = "hotError";
pub const HOT_COMMIT: &str = "hotCommit";

/// Key of the generator proxies' rest pattern: never an own or inherited property of an array.
pub const GENERATOR_CALL_KEY: &str = "mighty-patcher";

/// The global symbol the registry lives under (`Symbol.for(REGISTRY_KEY)`).
pub const REGISTRY_KEY: &str = "mighty-patcher.registry";

/// The generated names taken in one module: the `_mp_`-prefixed identifiers it had, and those handed out since.
pub struct GeneratedNames {
    used: HashSet<Atom>,
}

impl GeneratedNames {
    /// Every `_mp_`-prefixed identifier name in `program` (other names cannot collide, so they are not
    /// collected: most modules give an empty set).
    pub fn of(program: &Program) -> Self {
        let mut used = HashSet::new();
        program.visit_with(&mut Collector { names: &mut used });
        GeneratedNames { used }
    }

    /// A fresh `_mp_<base>` identifier: `_mp_x`, else `_mp_x2`, `_mp_x3`, ... (trailing digits of the base
    /// dropped first, as Babel's generateUidIdentifier does).
    pub fn fresh(&mut self, base: &str) -> Ident {
        let stem = format!("{GENERATED_PREFIX}{base}");
        let stem = stem.trim_end_matches(|c: char| c.is_ascii_digit());
        let mut i = 1;
        loop {
            let candidate = if i > 1 { format!("{stem}{i}") } else { stem.to_string() };
            let atom = Atom::from(candidate.as_str());
            if !self.used.contains(&atom) {
                self.used.insert(atom.clone());
                return Ident::new(atom, DUMMY_SP, SyntaxContext::empty());
            }
            i += 1;
        }
    }
}

/// The one visitor that collects them (every Visit/VisitMut implementation instantiates a whole AST
/// traversal: a larger .wasm).
struct Collector<'a> {
    names: &'a mut HashSet<Atom>,
}

impl Visit for Collector<'_> {
    fn visit_ident(&mut self, ident: &Ident) {
        if ident.sym.starts_with(GENERATED_PREFIX) {
            self.names.insert(ident.sym.clone());
        }
    }
}
