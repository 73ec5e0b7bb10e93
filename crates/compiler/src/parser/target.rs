//! Validation of assignment, `del` and annotation targets.

use super::{PResult, Parser};
use crate::ast::{Expr, ExprKind, Loc};
use crate::error::text;

/// A noun for an expression in error messages (`literal`, `function
/// call`...), as CPython words them.
pub(super) fn describe(e: &Expr<'_>) -> &'static str {
    match &e.kind {
        ExprKind::Name(_) => "name",
        ExprKind::Const(_) => "literal",
        #[cfg(feature = "fstrings")]
        ExprKind::FString(_) => "literal",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Set(_) => "set display",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Starred(_) => "starred",
        ExprKind::Attribute(..) => "attribute",
        ExprKind::Subscript(..) => "subscript",
        ExprKind::Slice(..) => "slice",
        ExprKind::Call(..) => "function call",
        ExprKind::Unary(..) | ExprKind::Binary(..) | ExprKind::BoolOp(..) => "expression",
        ExprKind::Compare(..) => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Lambda(..) => "lambda",
        ExprKind::Comp { .. } => "comprehension",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        #[cfg(feature = "async")]
        ExprKind::Await(_) => "await expression",
        ExprKind::NamedExpr(..) => "named expression",
    }
}

/// The first problem with an assignment target (`for`, `with`,
/// comprehension targets too).
fn assign_target_error(e: &Expr<'_>) -> Option<(Loc, &'static str)> {
    if let ExprKind::Starred(_) = e.kind {
        return Some((
            e.loc,
            text!("starred assignment target must be in a list or tuple"),
        ));
    }
    target_inner_error(e)
}

fn target_inner_error(e: &Expr<'_>) -> Option<(Loc, &'static str)> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => None,
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            let mut starred = false;
            for item in items {
                let inner = match &item.kind {
                    ExprKind::Starred(inner) => {
                        if starred {
                            return Some((
                                item.loc,
                                text!("multiple starred expressions in assignment"),
                            ));
                        }
                        starred = true;
                        if let ExprKind::Starred(_) = inner.kind {
                            return Some((inner.loc, text!("can't assign to expression")));
                        }
                        inner
                    }
                    _ => item,
                };
                if let Some(err) = target_inner_error(inner) {
                    return Some(err);
                }
            }
            None
        }
        ExprKind::Const(_) => Some((e.loc, text!("can't assign to literal"))),
        #[cfg(feature = "fstrings")]
        ExprKind::FString(_) => Some((e.loc, text!("can't assign to literal"))),
        _ => Some((e.loc, text!("can't assign to expression"))),
    }
}

fn del_target_error(e: &Expr<'_>) -> Option<(Loc, &'static str)> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => None,
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().find_map(del_target_error),
        _ => Some((e.loc, text!("can't delete expression"))),
    }
}

fn aug_target_error(e: &Expr<'_>) -> Option<(Loc, &'static str)> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => None,
        _ => Some((e.loc, text!("illegal expression for augmented assignment"))),
    }
}

fn ann_target_error(e: &Expr<'_>) -> Option<(Loc, &'static str)> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute(..) | ExprKind::Subscript(..) => None,
        ExprKind::Tuple(_) => Some((
            e.loc,
            text!("only single target (not tuple) can be annotated"),
        )),
        ExprKind::List(_) => Some((
            e.loc,
            text!("only single target (not list) can be annotated"),
        )),
        _ => Some((e.loc, text!("illegal target for annotation"))),
    }
}

impl Parser<'_> {
    #[inline(never)]
    fn check_top(&mut self, check: fn(&Expr<'_>) -> Option<(Loc, &'static str)>) -> PResult {
        if let Some((loc, msg)) = self.top().and_then(check) {
            return Err(self.error(loc, msg));
        }
        Ok(())
    }

    /// Checks the top expression as an assignment (or `for`, `with`,
    /// comprehension) target.
    pub(super) fn check_assign_target(&mut self) -> PResult {
        self.check_top(assign_target_error)
    }

    /// Checks the top expression as a `del` target.
    pub(super) fn check_del_target(&mut self) -> PResult {
        self.check_top(del_target_error)
    }

    /// Checks the top expression as the target of an augmented assignment.
    pub(super) fn check_aug_target(&mut self) -> PResult {
        self.check_top(aug_target_error)
    }

    /// Checks the top expression as the target of an annotated assignment.
    pub(super) fn check_ann_target(&mut self) -> PResult {
        self.check_top(ann_target_error)
    }
}
