//! The per-module state of the instrumentation (packages/babel-plugin/src/instrumenter.ts): generated names,
//! registry names, cells, the prologue, warnings; `finish` emits the prologue first in the module and the
//! helpers at its end (docs/protocol.md §3.2), and reports what it generated.

use std::collections::HashMap;

use swc_core::common::{Span, SyntaxContext};
use swc_core::ecma::ast::*;

use crate::ast::*;
use crate::guard::ArrowNames;
use crate::helpers::{helper_statements, CellHelperIds, HelperIds};
use crate::names::{self, GeneratedNames};
use crate::transform::{Helpers, Slot, Warning};

/// What the instrumentation generated in one module.
#[derive(Default)]
pub struct InstrumentReport {
    /// Every instrumented function, in source order: its registry name and its cell variable.
    pub slots: Vec<Slot>,
    /// The generated helpers actually emitted.
    pub helpers: Helpers,
    pub warnings: Vec<Warning>,
}

pub struct ModuleInstrumenter {
    pub module_id: String,
    /// The context of references to globals.
    pub unresolved: SyntaxContext,
    in_scope_patches: bool,
    names: GeneratedNames,
    /// In a script, generated names end with a hash of the module id: top-level names are shared globals there.
    suffix: String,
    used_names: HashMap<String, u32>,
    /// Each cell, its registry name, and whether its function may run before the module's first statement.
    cells: Vec<(Ident, String, bool)>,
    /// How deep the walk is in hoisted declarations of the top level (instrumenter.ts `mayRunEarly`): an
    /// import cycle can call them, and every function inside them, while the other module runs first.
    pub early: usize,
    /// Prologue statements after the cells: `_mp_def(f, cell)` for hoisted declarations, names set back.
    prologue: Vec<Stmt>,
    registry: Option<Ident>,
    cell: Option<Ident>,
    def: Option<Ident>,
    members: Option<Ident>,
    scope: Option<Ident>,
    /// The rest parameter guarded arrows are given (guard.rs `arrow_arguments`).
    rest: Option<Ident>,
    pub warnings: Vec<Warning>,
}

impl ModuleInstrumenter {
    pub fn new(module_id: &str, script: bool, unresolved: SyntaxContext, in_scope_patches: bool, names: GeneratedNames) -> Self {
        ModuleInstrumenter {
            module_id: module_id.to_string(),
            unresolved,
            in_scope_patches,
            names,
            suffix: script_suffix(script, module_id),
            used_names: HashMap::new(),
            cells: vec![],
            early: 0,
            prologue: vec![],
            registry: None,
            cell: None,
            def: None,
            members: None,
            scope: None,
            rest: None,
            warnings: vec![],
        }
    }

    /// A fresh `_mp_<name>` identifier, unique in the module.
    pub fn uid(&mut self, name: &str) -> Ident {
        self.names.fresh(&format!("{name}{}", self.suffix))
    }

    pub fn warn(&mut self, span: Span, message: String) {
        self.warnings.push(Warning { span, message });
    }

    /// A registry name unique within the module (`~2`, `~3` for repeats).
    pub fn claim_name(&mut self, name: &str) -> String {
        let count = self.used_names.entry(name.to_string()).or_insert(0);
        *count += 1;
        if *count == 1 {
            name.to_string()
        } else {
            format!("{name}~{count}")
        }
    }

    /// The cell variable of a new instrumented function with this (claimed) registry name.
    pub fn new_cell(&mut self, name: &str) -> Ident {
        let id = self.uid(&names::cell_base(name));
        self.cells.push((id.clone(), name.to_string(), self.early > 0));
        id
    }

    fn helper(slot: &mut Option<Ident>, names: &mut GeneratedNames, base: &str, suffix: &str) -> Ident {
        slot.get_or_insert_with(|| names.fresh(&format!("{base}{suffix}"))).clone()
    }

    pub fn def_helper(&mut self) -> Ident {
        Self::helper(&mut self.def, &mut self.names, names::DEF, &self.suffix)
    }

    pub fn members_helper(&mut self) -> Ident {
        Self::helper(&mut self.members, &mut self.names, names::MEMBERS, &self.suffix)
    }

    /// `_mp_def(fn, cell)`: the function first, so that React Refresh's transform, run after this one,
    /// still finds a component inside a higher-order component call (`memo(_mp_def(|| …, cell))`): it
    /// follows first arguments only.
    pub fn def_call(&mut self, cell: &Ident, function: Expr) -> Expr {
        let def = self.def_helper();
        call(Expr::Ident(def), vec![function, Expr::Ident(cell.clone())])
    }

    /// A statement for the prologue, after the cells (hoisted declarations are defined there).
    pub fn add_to_prologue(&mut self, statement: Stmt) {
        self.prologue.push(statement);
    }

    /// Emits the cells, the evaluator, the prologue and the helpers; returns what was generated. A module
    /// without cells is left as the walk left it.
    pub fn finish(mut self, program: &mut Program) -> (InstrumentReport, GeneratedNames) {
        let mut report = InstrumentReport { warnings: std::mem::take(&mut self.warnings), ..Default::default() };
        // A module with no function still hands a runtime its evaluator (docs/protocol.md §3.7): the runtime then
        // knows it was built with the plugin (a config, a schema), and has nothing to instrument at load.
        if self.cells.is_empty() && !self.in_scope_patches {
            return (report, self.names);
        }
        let mut top = vec![];
        let cells = if self.cells.is_empty() {
            None
        } else {
            let cell = Self::helper(&mut self.cell, &mut self.names, names::CELL, &self.suffix);
            let registry = Self::helper(&mut self.registry, &mut self.names, names::REGISTRY, &self.suffix);
            let def = self.def_helper();
            // In the order the cells were made (the order of their slots, which the HMR glue relies on:
            // docs/protocol.md §7): one declaration per run of declared cells, a holder (`cell_kind`) ending a run.
            let (kind, holders) = cell_kind(program);
            let holder = |(_, _, early): &(Ident, String, bool)| holders && *early;
            for group in self.cells.chunk_by(|a, b| !holder(a) && !holder(b)) {
                match group {
                    [only @ (id, name, _)] if holder(only) => {
                        top.push(empty_function_decl(id.clone()));
                        top.push(expr_stmt(call(Expr::Ident(cell.clone()), vec![str_lit(name), Expr::Ident(id.clone())])));
                    }
                    _ => {
                        let declarators = group.iter().map(|(id, name, _)| (id.clone(), call(Expr::Ident(cell.clone()), vec![str_lit(name)])));
                        top.push(var_decl(kind, declarators.collect()));
                    }
                }
            }
            Some(CellHelperIds { registry, cell, def })
        };
        if self.in_scope_patches {
            // `_mp_scope((_mp_code) => eval(_mp_code))`: a direct eval, so it sees the module's own scope.
            let code = self.uid(names::CODE);
            let scope = Self::helper(&mut self.scope, &mut self.names, names::SCOPE, &self.suffix);
            top.push(expr_stmt(call(Expr::Ident(scope), vec![evaluator(code, self.unresolved)])));
        }
        top.append(&mut self.prologue);
        let name = |id: &Ident| Some(id.sym.to_string());
        report.helpers = Helpers {
            registry: cells.as_ref().and_then(|ids| name(&ids.registry)),
            cell: cells.as_ref().and_then(|ids| name(&ids.cell)),
            def: cells.as_ref().and_then(|ids| name(&ids.def)),
            members: self.members.as_ref().and_then(name),
            scope: self.scope.as_ref().and_then(name),
        };
        let ids = HelperIds { cells, members: self.members.clone(), scope: self.scope.clone() };
        let bottom = helper_statements(&ids, &self.module_id, self.unresolved);
        // First: imports are hoisted, so nothing of the module runs before the prologue wherever they are.
        insert_top_and_bottom(program, top.into_iter().map(ModuleItem::Stmt).collect(), bottom);
        report.slots = self.cells.into_iter().map(|(id, name, _)| Slot { name, slot: id.sym.to_string() }).collect();
        (report, self.names)
    }
}

impl ArrowNames for ModuleInstrumenter {
    fn uid(&mut self, name: &str) -> Ident {
        ModuleInstrumenter::uid(self, name)
    }

    fn rest_parameter(&mut self) -> Ident {
        if self.rest.is_none() {
            self.rest = Some(ModuleInstrumenter::uid(self, names::REST));
        }
        self.rest.clone().expect("made above")
    }
}

/// How a module's cells are declared (docs/protocol.md §3.2; instrumenter.ts `cellRule`): the kind of their
/// declarations, and whether early cells are holders instead. `const` where nothing can read a cell before its
/// declaration (V8 then takes it as a constant despite the evaluator's `eval`). A holder where an import cycle can
/// call the function before the module's first statement (`early`): a hoisted function declaration exists before
/// any code of the module runs, so the guard needs no `?.`, which V8 makes 2-2.4x slower on a `var`. `var` for all
/// in a file that may be a classic script (files are parsed as modules by default: without an import or export, a
/// second load of a script would declare its top-level `const` again). Unlike the Babel plugin's `cellsFirst`,
/// nothing here sees the output of SWC's module transform, which runs after plugins.
fn cell_kind(program: &Program) -> (VarDeclKind, bool) {
    let Program::Module(module) = program else { return (VarDeclKind::Var, false) };
    // Its own module syntax (instrumenter.ts `isModuleBySyntax`): an import (type-only ones are erased) or an export.
    let module_syntax = module.body.iter().any(|item| match item {
        ModuleItem::ModuleDecl(ModuleDecl::Import(import)) => !import.type_only,
        ModuleItem::ModuleDecl(
            ModuleDecl::ExportDecl(_)
            | ModuleDecl::ExportNamed(_)
            | ModuleDecl::ExportDefaultDecl(_)
            | ModuleDecl::ExportDefaultExpr(_)
            | ModuleDecl::ExportAll(_)
            | ModuleDecl::TsExportAssignment(_),
        ) => true,
        _ => false,
    });
    // Type-only imports are erased: a module without others cannot be entered before its first statement.
    let imports_nothing = module.body.iter().all(|item| match item {
        ModuleItem::ModuleDecl(ModuleDecl::Import(import)) => import.type_only,
        ModuleItem::ModuleDecl(ModuleDecl::ExportAll(all)) => all.type_only,
        ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(named)) => named.src.is_none() || named.type_only,
        ModuleItem::ModuleDecl(ModuleDecl::TsImportEquals(equals)) => !matches!(equals.module_ref, TsModuleRef::TsExternalModuleRef(_)),
        _ => true,
    });
    if module_syntax {
        (VarDeclKind::Const, !imports_nothing)
    } else {
        (VarDeclKind::Var, false)
    }
}

/// What generated names end with: in a script, where top-level names are shared globals, six letters of a hash of
/// the module id (instrumenter.ts `scriptSuffix`).
pub fn script_suffix(script: bool, module_id: &str) -> String {
    if script {
        format!("_{}", names::letters(names::fnv1a(module_id), 6))
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_is_the_babel_plugins() {
        // transform-fixtures/script-globals: `input.js` gives `_pfdham`.
        assert_eq!(super::script_suffix(true, "input.js"), "_pfdham");
    }
}
