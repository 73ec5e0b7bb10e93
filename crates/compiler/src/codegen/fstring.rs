//! f-strings: compiled as MicroPython does, to a `str.format` call on a
//! template built from the literal text.

use alloc::vec::Vec;

use pyrite_mpy::op;

use super::consts::CVal;
use super::{CgError, Compiler, syntax};
use crate::ast::{Expr, FStringPart, Loc};

impl<'s> Compiler<'_, 's> {
    /// Build the `str.format` template of an f-string, collecting the field
    /// expressions in order.
    fn fstring_template<'a>(
        parts: &'a [FStringPart<'s>],
        out: &mut Vec<u8>,
        fields: &mut Vec<&'a Expr<'s>>,
        in_spec: bool,
        depth: u32,
        loc: Loc,
    ) -> Result<(), CgError> {
        if depth > 4 {
            return Err(syntax(loc, "f-string: expressions nested too deeply"));
        }
        for p in parts {
            match p {
                FStringPart::Literal(t) => {
                    for &b in t.iter() {
                        if !in_spec && (b == b'{' || b == b'}') {
                            out.push(b);
                        }
                        out.push(b);
                    }
                }
                FStringPart::Field(f) => {
                    if let Some(d) = f.debug_text {
                        for b in d.bytes() {
                            if b == b'{' || b == b'}' {
                                out.push(b);
                            }
                            out.push(b);
                        }
                    }
                    out.push(b'{');
                    fields.push(&f.value);
                    if let Some(c) = f.conversion {
                        out.push(b'!');
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    if let Some(spec) = &f.spec {
                        out.push(b':');
                        Self::fstring_template(spec, out, fields, true, depth + 1, loc)?;
                    }
                    out.push(b'}');
                }
            }
        }
        Ok(())
    }

    #[inline(never)]
    pub(super) fn fstring(&mut self, parts: &[FStringPart<'s>], loc: Loc) -> Result<(), CgError> {
        let mut template = Vec::new();
        let mut fields = Vec::new();
        if parts.iter().all(|p| matches!(p, FStringPart::Literal(_))) {
            for p in parts {
                if let FStringPart::Literal(t) = p {
                    template.extend_from_slice(t);
                }
            }
            self.load_cval(&CVal::Str(template));
            return Ok(());
        }
        Self::fstring_template(parts, &mut template, &mut fields, false, 0, loc)?;
        if fields.len() > 255 {
            return Err(syntax(loc, "too many arguments"));
        }
        self.load_cval(&CVal::Str(template));
        self.op_qstr(op::LOAD_METHOD, "format");
        for f in &fields {
            self.expr(f)?;
        }
        self.op_uint(op::CALL_METHOD, fields.len() as u32);
        Ok(())
    }
}
