//! Tab completion: finding the dotted name before the cursor, choosing what
//! to insert, and listing several candidates in columns.

use alloc::string::String;
use alloc::vec::Vec;

/// The dotted name that ends a line: `math.s` is the path `["math"]` and the
/// prefix `s`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// The names before the last dot, outermost first.
    pub path: Vec<&'a str>,
    /// The partial name being completed (may be empty after a dot).
    pub prefix: &'a str,
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The dotted name at the end of `text`, or `None` when `text` does not end
/// in one (`x = `, `f(`, `1.5`, `a..b`).
pub fn word_before(text: &[u8]) -> Option<Word<'_>> {
    let start = text
        .iter()
        .rposition(|&c| !(is_ident_byte(c) || c == b'.'))
        .map_or(0, |i| i + 1);
    let word = core::str::from_utf8(&text[start..]).ok()?;
    if word.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = word.split('.').collect();
    let prefix = parts.pop()?;
    for part in &parts {
        // `a..b` and names starting with a digit are not completed; a
        // leading dot would be an attribute of something unnamed (`"x".`).
        if part.is_empty() || part.as_bytes()[0].is_ascii_digit() {
            return None;
        }
    }
    if prefix.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if parts.is_empty() && prefix.is_empty() {
        return None;
    }
    Some(Word {
        path: parts,
        prefix,
    })
}

/// What a Tab press does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    /// Nothing matches.
    None,
    /// Insert these bytes at the cursor (the rest of the only match, or the
    /// common prefix of several).
    Insert(String),
    /// Several matches share nothing more: list them.
    List(Vec<String>),
}

/// Chooses the completion of `prefix` among `candidates` (the names the
/// executor found; those not starting with `prefix` are ignored, and names
/// starting with `_` are hidden unless `prefix` does).
pub fn choose(prefix: &str, mut candidates: Vec<String>) -> Completion {
    candidates
        .retain(|c| c.starts_with(prefix) && (prefix.starts_with('_') || !c.starts_with('_')));
    candidates.sort_unstable();
    candidates.dedup();
    match candidates.len() {
        0 => Completion::None,
        1 => {
            let rest = &candidates[0][prefix.len()..];
            if rest.is_empty() {
                Completion::None
            } else {
                Completion::Insert(String::from(rest))
            }
        }
        _ => {
            let first = candidates[0].as_bytes();
            let mut common = first.len();
            for c in &candidates[1..] {
                common = common.min(
                    first
                        .iter()
                        .zip(c.as_bytes())
                        .take_while(|(a, b)| a == b)
                        .count(),
                );
            }
            if common > prefix.len() {
                Completion::Insert(String::from(&candidates[0][prefix.len()..common]))
            } else {
                Completion::List(candidates)
            }
        }
    }
}

/// Column width of a listed candidate.
const SLOT: usize = 16;
/// Widest line of listed candidates.
const MAX_LINE: usize = 4 * SLOT;

/// Writes `names` on new lines, in columns 16 characters wide (a longer
/// name takes several), at most 64 characters a line, ending with `\r\n`.
pub fn write_columns(names: &[String], out: &mut Vec<u8>) {
    out.extend_from_slice(b"\r\n");
    let mut col = 0;
    for name in names {
        let mut start = if col == 0 { 0 } else { (col / SLOT + 1) * SLOT };
        if col > 0 && start + name.len() > MAX_LINE {
            out.extend_from_slice(b"\r\n");
            col = 0;
            start = 0;
        }
        out.resize(out.len() + (start - col), b' ');
        out.extend_from_slice(name.as_bytes());
        col = start + name.len();
    }
    out.extend_from_slice(b"\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_the_dotted_name() {
        let w = word_before(b"x = math.s").unwrap();
        assert_eq!((w.path, w.prefix), (vec!["math"], "s"));
        let w = word_before(b"ma").unwrap();
        assert_eq!((w.path, w.prefix), (vec![], "ma"));
        let w = word_before(b"print(a.b.").unwrap();
        assert_eq!((w.path, w.prefix), (vec!["a", "b"], ""));
        assert_eq!(word_before(b"x = "), None);
        assert_eq!(word_before(b"f("), None);
        assert_eq!(word_before(b""), None);
        assert_eq!(word_before(b"1.5"), None);
        assert_eq!(word_before(b"x = 1.r"), None);
        assert_eq!(word_before(b"a..b"), None);
        assert_eq!(word_before(b"f().x"), None);
    }

    #[test]
    fn chooses_what_to_insert() {
        assert_eq!(
            choose("ma", names(&["math", "map", "max", "print"])),
            Completion::List(names(&["map", "math", "max"]))
        );
        assert_eq!(
            choose("mat", names(&["math", "map"])),
            Completion::Insert("h".to_string())
        );
        assert_eq!(
            choose("s", names(&["sqrt", "sin", "sinh"])),
            Completion::List(names(&["sin", "sinh", "sqrt"]))
        );
        assert_eq!(
            choose("si", names(&["sqrt", "sin", "sinh"])),
            Completion::Insert("n".to_string())
        );
        assert_eq!(
            choose("sin", names(&["sin", "sinh"])),
            Completion::List(names(&["sin", "sinh"]))
        );
        assert_eq!(
            choose("", names(&["_x", "__class__", "pi"])),
            Completion::Insert("pi".to_string())
        );
        assert_eq!(
            choose("_", names(&["_x", "__class__", "pi"])),
            Completion::List(names(&["__class__", "_x"]))
        );
        assert_eq!(choose("zz", names(&["pi"])), Completion::None);
        assert_eq!(choose("pi", names(&["pi"])), Completion::None);
        assert_eq!(
            choose("ab", names(&["abcd", "abce"])),
            Completion::Insert("c".to_string())
        );
    }

    #[test]
    fn lists_in_columns() {
        let mut out = Vec::new();
        write_columns(
            &names(&["sin", "sinh", "a_rather_long_name", "x", "y", "z"]),
            &mut out,
        );
        assert_eq!(
            core::str::from_utf8(&out).unwrap(),
            "\r\nsin             sinh            a_rather_long_name\r\nx               y               z\r\n"
        );
    }
}
