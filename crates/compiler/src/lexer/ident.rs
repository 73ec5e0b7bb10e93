//! Character classification: identifiers, whitespace and UTF-8 decoding.
//!
//! Full Unicode `XID_Start`/`XID_Continue` tables cost around 10 KiB of
//! flash, too much for the smallest boards. Instead, every non-ASCII code
//! point is an identifier character except the blocks that hold only
//! symbols, punctuation, spaces, controls and private-use characters; a few
//! ranges of combining marks and non-ASCII digits may continue but not start
//! an identifier. This accepts every real-world identifier and rejects the
//! usual mistakes (`€`, `→`, `“`, `…`, emoji, no-break space).

/// Decodes one UTF-8 character at the start of `bytes`. Returns the
/// character and its length, or `None` if the bytes are not valid UTF-8.
pub(crate) fn decode_utf8(bytes: &[u8]) -> Option<(char, usize)> {
    let first = *bytes.first()?;
    let len = match first {
        0x00..=0x7F => return Some((first as char, 1)),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let chunk = bytes.get(..len)?;
    let s = core::str::from_utf8(chunk).ok()?;
    s.chars().next().map(|c| (c, len))
}

/// Whether `b` may start an ASCII identifier.
pub(crate) fn is_ascii_id_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

/// Whether `b` may continue an ASCII identifier.
pub(crate) fn is_ascii_id_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether the non-ASCII character `c` is invisible or a control character
/// (reported as "invalid non-printable character").
pub(crate) fn is_non_printable(c: char) -> bool {
    matches!(
        c as u32,
        0x80..=0xA0
            | 0xAD
            | 0x2000..=0x200F
            | 0x2028..=0x202F
            | 0x205F..=0x206F
            | 0x3000
            | 0xFEFF
            | 0xFFF0..=0xFFFB
            | 0xE0000..=0xE007F
    )
}

/// Whether the non-ASCII character `c` may appear in an identifier at all.
fn is_id_char(c: char) -> bool {
    let u = c as u32;
    if is_non_printable(c) {
        return false;
    }
    match u {
        // Latin-1 punctuation and symbols, except ª µ º; × and ÷.
        0xA1..=0xBF => matches!(u, 0xAA | 0xB5 | 0xBA),
        0xD7 | 0xF7 => false,
        // General punctuation, superscripts (but ⁱ ⁿ ₐ-ₜ), currency symbols.
        0x2010..=0x209F => {
            matches!(u, 0x203F | 0x2040 | 0x2054 | 0x2071 | 0x207F)
                || (0x2090..=0x209C).contains(&u)
        }
        0x20A0..=0x20CF => false,
        // Number forms: only the letter-like numerals.
        0x2150..=0x218F => (0x2160..=0x2188).contains(&u),
        // Arrows, mathematical operators, technical symbols, box drawing,
        // shapes, dingbats, braille, more arrows and symbols.
        0x2190..=0x2BFF => false,
        // Supplemental punctuation.
        0x2E00..=0x2E7F => false,
        // CJK symbols and punctuation, except the ideographic letters.
        0x3001..=0x303F => {
            matches!(u, 0x3005..=0x3007 | 0x3021..=0x302F | 0x3031..=0x3035 | 0x3038..=0x303C)
        }
        // Private use.
        0xE000..=0xF8FF => false,
        // Vertical forms, CJK compatibility forms, small forms (but the
        // connector punctuation ︳ ︴ ﹍-﹏).
        0xFE10..=0xFE1F => false,
        0xFE30..=0xFE6F => matches!(u, 0xFE33 | 0xFE34 | 0xFE4D..=0xFE4F),
        // Fullwidth punctuation (but fullwidth digits, letters and ＿).
        0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF3E | 0xFF40 | 0xFF5B..=0xFF65 => false,
        0xFFE0..=0xFFFF => false,
        // Mahjong, domino, playing cards, enclosed alphanumerics, emoji,
        // pictographs, transport, alchemy, geometric shapes extended...
        0x1F000..=0x1FBFF => false,
        // Supplementary private use.
        0xF0000..=0x10FFFF => false,
        _ => true,
    }
}

/// Whether the non-ASCII `c` may continue but not start an identifier
/// (combining marks and decimal digits of other scripts).
fn is_continue_only(c: char) -> bool {
    matches!(
        c as u32,
        0x0300..=0x036F
            | 0x0483..=0x0489
            | 0x0591..=0x05BD
            | 0x0610..=0x061A
            | 0x064B..=0x0669
            | 0x06F0..=0x06F9
            | 0x0966..=0x096F
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x203F..=0x2040
            | 0x2054
            | 0x20D0..=0x20FF
            | 0xFE00..=0xFE0F
            | 0xFE20..=0xFE2F
            | 0xFE33..=0xFE34
            | 0xFE4D..=0xFE4F
            | 0xFF10..=0xFF19
            | 0xFF3F
    )
}

/// Whether the non-ASCII `c` may start an identifier.
pub(crate) fn is_id_start(c: char) -> bool {
    is_id_char(c) && !is_continue_only(c)
}

/// Whether the non-ASCII `c` may continue an identifier.
pub(crate) fn is_id_continue(c: char) -> bool {
    is_id_char(c)
}

/// Whitespace between tokens (not newlines).
pub(crate) fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0C)
}

/// `Py_ISSPACE`: ASCII whitespace including newlines.
#[cfg(feature = "fstrings")]
pub(crate) fn is_py_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}
