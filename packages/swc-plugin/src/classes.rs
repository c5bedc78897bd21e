//! Classes (docs/protocol.md §3.5; packages/babel-plugin/src/classes.ts): the class, its constructor and
//! fields stay the original ones. Each method, accessor and function-valued field gets a guard; a static
//! block first in the class body registers them with the object they live on (the prototype, or the class
//! for static members).

use swc_core::common::{Span, DUMMY_SP};
use swc_core::ecma::ast::*;
use swc_core::ecma::visit::{Visit, VisitMutWith, VisitWith};

use crate::ancestors::Frame;
use crate::ast::*;
use crate::guard::{arrow_arguments, GuardForm};
use crate::keys::{member_key_expression, member_key_segment};
use crate::module::{ClassInfo, FuncMut, FunctionState, Instrumented, Part, Walk};

struct PrivateNames {
    found: bool,
}

impl Visit for PrivateNames {
    fn visit_private_name(&mut self, _: &PrivateName) {
        self.found = true;
    }
}

fn uses_private_name<N: VisitWith<PrivateNames>>(node: &N) -> bool {
    let mut finder = PrivateNames { found: false };
    node.visit_with(&mut finder);
    finder.found
}

/// What `member` needs to know about a class member.
struct Member<'a> {
    key: &'a PropName,
    is_static: bool,
    span: Span,
    /// `value`, `get`, `set` or `field`.
    part: &'static str,
    uses_private_name: bool,
    decorated_parameters: bool,
}

impl Walk {
    /// A class: instrumented when it is made once per evaluation of the module (at the top level, not in a
    /// function or a block; classes.ts `startClass`), named `name` (a declaration's name, the binding or
    /// place that names a class expression, else `default`).
    pub fn class(&mut self, class: &mut Class, name: Option<String>) {
        let info = match name {
            Some(name) if !self.in_nested_scope() => {
                self.classes.push(ClassInfo { name, prototype: vec![], statics: vec![] });
                Some(self.classes.len() - 1)
            }
            _ => None,
        };
        self.frames.push(Frame::Class(info));
        class.decorators.visit_mut_with(self);
        class.super_class.visit_mut_with(self);
        class.body.visit_mut_with(self);
        self.frames.pop();
        if info.is_some() {
            self.finish_class(class);
        }
    }

    /// The static block registering the members (first in the body: no user static code runs before it).
    fn finish_class(&mut self, class: &mut Class) {
        let info = self.classes.pop().expect("the class's registrations");
        if info.prototype.is_empty() && info.statics.is_empty() {
            return;
        }
        let mut statements = vec![];
        for (home, registrations) in [(member(this(), "prototype"), info.prototype), (this(), info.statics)] {
            if registrations.is_empty() {
                continue;
            }
            let members = self.module.members_helper();
            let mut args = vec![home];
            args.extend(registrations);
            statements.push(expr_stmt(call(Expr::Ident(members), args)));
        }
        class.body.insert(
            0,
            ClassMember::StaticBlock(StaticBlock {
                span: DUMMY_SP,
                body: BlockStmt { span: DUMMY_SP, ctxt: Default::default(), stmts: statements },
            }),
        );
    }

    /// A member of a class (the class's frame on top).
    pub fn class_member(&mut self, member: &mut ClassMember) {
        let class = match self.frames.last() {
            Some(Frame::Class(info)) => *info,
            _ => None,
        };
        match member {
            ClassMember::Constructor(constructor) => {
                // Babel's ClassMethod of kind "constructor": a function, never instrumented.
                let block = self.new_block(constructor.body.as_ref().map_or(&[][..], |b| &b.stmts), 0);
                let state = self.functions.len();
                self.functions.push(FunctionState { instrumented: None, use_strict: false, part: Part::Key, block });
                self.frames.push(Frame::Function(state));
                constructor.key.visit_mut_with(self);
                self.functions[state].part = Part::Params;
                constructor.params.visit_mut_with(self);
                self.functions[state].part = Part::Body;
                if let Some(body) = &mut constructor.body {
                    body.stmts.visit_mut_with(self);
                }
                self.frames.pop();
                self.blocks.pop();
                self.functions.pop();
            }
            ClassMember::Method(method) => {
                // Abstract methods and overload signatures have no body (Babel: TSDeclareMethod).
                if method.function.body.is_none() {
                    method.key.visit_mut_with(self);
                    return;
                }
                let info = Member {
                    key: &method.key,
                    is_static: method.is_static,
                    span: method.span,
                    part: match method.kind {
                        MethodKind::Method => "value",
                        MethodKind::Getter => "get",
                        MethodKind::Setter => "set",
                    },
                    uses_private_name: uses_private_name(&method.key) || uses_private_name(&*method.function),
                    decorated_parameters: method.function.params.iter().any(|param| !param.decorators.is_empty()),
                };
                let mut f = FuncMut::Function(&mut method.function, None);
                let instrumented = class.and_then(|class| self.member(class, &mut f, info));
                let (instrumented, generated) = instrumented.map_or((None, 0), |(i, g)| (Some(i), g));
                self.function_children(f, instrumented, generated, Some(&mut method.key));
            }
            ClassMember::PrivateMethod(method) => {
                // `#private` methods are left alone: nothing outside the class body can reach them.
                self.plain_function(FuncMut::Function(&mut method.function, None), None);
            }
            ClassMember::ClassProp(prop) => {
                self.frames.push(Frame::ClassField { accessor: false });
                prop.decorators.visit_mut_with(self);
                prop.key.visit_mut_with(self);
                if let Some(value) = &mut prop.value {
                    match unparen_mut(value) {
                        Expr::Fn(FnExpr { ident, function }) => {
                            let info = Member {
                                key: &prop.key,
                                is_static: prop.is_static,
                                span: prop.span,
                                part: "field",
                                uses_private_name: uses_private_name(&**function),
                                decorated_parameters: false,
                            };
                            let mut f = FuncMut::Function(function, ident.as_ref());
                            let instrumented = class.and_then(|class| self.member(class, &mut f, info));
                            let (instrumented, generated) = instrumented.map_or((None, 0), |(i, g)| (Some(i), g));
                            self.function_children(f, instrumented, generated, None);
                        }
                        Expr::Arrow(arrow) => {
                            let info = Member {
                                key: &prop.key,
                                is_static: prop.is_static,
                                span: prop.span,
                                part: "field",
                                uses_private_name: uses_private_name(&*arrow),
                                decorated_parameters: false,
                            };
                            let mut f = FuncMut::Arrow(arrow);
                            let instrumented = class.and_then(|class| self.member(class, &mut f, info));
                            let (instrumented, generated) = instrumented.map_or((None, 0), |(i, g)| (Some(i), g));
                            self.function_children(f, instrumented, generated, None);
                        }
                        _ => value.visit_mut_with(self),
                    }
                }
                self.frames.pop();
            }
            ClassMember::PrivateProp(prop) => {
                // A private field's function: left alone.
                self.frames.push(Frame::ClassField { accessor: false });
                prop.decorators.visit_mut_with(self);
                if let Some(value) = &mut prop.value {
                    match unparen_mut(value) {
                        Expr::Fn(FnExpr { ident, function }) => self.plain_function(FuncMut::Function(function, ident.as_ref()), None),
                        Expr::Arrow(arrow) => self.plain_function(FuncMut::Arrow(arrow), None),
                        _ => value.visit_mut_with(self),
                    }
                }
                self.frames.pop();
            }
            ClassMember::StaticBlock(block) => {
                self.frames.push(Frame::StaticBlock);
                block.body.stmts.visit_mut_with(self);
                self.frames.pop();
            }
            ClassMember::AutoAccessor(accessor) => {
                self.frames.push(Frame::ClassField { accessor: true });
                accessor.visit_mut_children_with(self);
                self.frames.pop();
            }
            ClassMember::TsIndexSignature(_) | ClassMember::Empty(_) => {}
        }
    }

    /// A method, accessor or function-valued field of an instrumented class: its guard, and its
    /// registration in the class's static block.
    fn member(&mut self, class: usize, f: &mut FuncMut, member: Member) -> Option<(Instrumented, usize)> {
        let segment = member_key_segment(member.key, &self.bindings);
        let describe = format!(
            "{}{}{}",
            self.classes[class].name,
            if member.is_static { "" } else { ".prototype" },
            segment.as_deref().unwrap_or("[computed]")
        );
        if segment.is_none() {
            self.module.warn(member.span, format!("{describe} is not hot-patchable: its computed key could have side effects if evaluated again"));
            return None;
        }
        if member.uses_private_name {
            self.module.warn(member.span, format!("{describe} is not hot-patchable: it uses #private names, which cannot cross class versions"));
            return None;
        }
        if member.decorated_parameters {
            self.module.warn(member.span, format!("{describe} is not hot-patchable: its parameters have decorators"));
            return None;
        }
        let arrow = f.is_arrow();
        let forwarding = match f {
            FuncMut::Arrow(arrow) => {
                let module = &mut self.module;
                match arrow_arguments(arrow, module) {
                    Some(forwarding) => forwarding,
                    None => {
                        self.module.warn(
                            member.span,
                            format!("{describe} is not hot-patchable: its parameters could not be forwarded (a default reads a destructured name, or the body declares one again)"),
                        );
                        return None;
                    }
                }
            }
            FuncMut::Function(function, _) => self.function_forwarding(function),
        };
        let form = match (arrow, &forwarding.forwarded) {
            (true, _) => GuardForm::Field,
            (false, Some(_)) => GuardForm::Call,
            (false, None) => GuardForm::Apply,
        };
        let suffix = match member.part {
            "get" => ":get",
            "set" => ":set",
            _ => "",
        };
        let name = self.module.claim_name(&format!("{describe}{suffix}"));
        let cell = self.module.new_cell(&name);
        let generated = self.guard(f, form, false, &cell, forwarding, None);
        let closures = self.creates_closures(f, &name);
        let info = &mut self.classes[class];
        let registrations = if member.is_static { &mut info.statics } else { &mut info.prototype };
        registrations.extend([Expr::Ident(cell), member_key_expression(member.key), str_lit(member.part)]);
        Some((Instrumented { name, closures }, generated))
    }
}
