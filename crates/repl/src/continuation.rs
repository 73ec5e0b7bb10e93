//! Whether a friendly-REPL input needs another line, and how far the next
//! line is indented.
//!
//! A small scanner of its own, so the REPL needs no compiler: it follows
//! string literals (with escapes and triple quotes), comments and brackets.
//! Input needs more when a triple-quoted string or a bracket is still open,
//! when it ends with a backslash continuation, or when it is a compound
//! statement (it starts with a compound keyword or a decorator, or a line
//! ends with `:`) whose last line is not empty.

/// Keywords that start a compound statement, whose body follows on later
/// lines.
const COMPOUND: &[&[u8]] = &[
    b"if", b"while", b"for", b"try", b"with", b"def", b"class", b"async", b"match",
];

/// What the scanner found at the end of the input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Scan {
    /// Open brackets (`(`, `[`, `{`) not closed yet.
    depth: usize,
    /// Inside a triple-quoted string.
    in_triple: bool,
    /// The last line ends with a backslash outside a comment.
    backslash: bool,
    /// Some line's code (before any comment) ends with `:` at bracket depth 0.
    colon: bool,
}

fn scan(input: &[u8]) -> Scan {
    let mut s = Scan::default();
    let mut i = 0;
    // The last significant byte of the current line outside strings and
    // comments, at bracket depth 0.
    let mut last: Option<u8> = None;
    while i < input.len() {
        let c = input[i];
        match c {
            b'#' => {
                while i < input.len() && input[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                let triple = input.get(i + 1) == Some(&c) && input.get(i + 2) == Some(&c);
                i += if triple { 3 } else { 1 };
                let mut closed = false;
                while i < input.len() {
                    let d = input[i];
                    if d == b'\\' {
                        i += 2;
                        continue;
                    }
                    if d == c {
                        if !triple {
                            i += 1;
                            closed = true;
                            break;
                        }
                        if input.get(i + 1) == Some(&c) && input.get(i + 2) == Some(&c) {
                            i += 3;
                            closed = true;
                            break;
                        }
                    } else if d == b'\n' && !triple {
                        // An unterminated one-line string: the compiler reports it.
                        break;
                    }
                    i += 1;
                }
                if !closed && triple {
                    s.in_triple = true;
                    return s;
                }
                last = Some(b'"');
                continue;
            }
            b'(' | b'[' | b'{' => s.depth += 1,
            b')' | b']' | b'}' => s.depth = s.depth.saturating_sub(1),
            b'\n' => {
                if last == Some(b':') && s.depth == 0 {
                    s.colon = true;
                }
                last = None;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\x0c' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        last = Some(c);
        i += 1;
    }
    if last == Some(b':') && s.depth == 0 {
        s.colon = true;
    }
    s.backslash = last == Some(b'\\');
    s
}

/// Whether `input` starts with a compound-statement keyword or a decorator.
fn starts_compound(input: &[u8]) -> bool {
    let start = input
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t'))
        .unwrap_or(input.len());
    let rest = &input[start..];
    if rest.first() == Some(&b'@') {
        return true;
    }
    let word_len = rest
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
        .unwrap_or(rest.len());
    COMPOUND.contains(&&rest[..word_len])
}

/// Whether the friendly REPL should read another line before running
/// `input` (its lines joined by `\n`, no trailing newline).
pub fn needs_more(input: &[u8]) -> bool {
    if input.iter().all(|c| c.is_ascii_whitespace()) {
        return false;
    }
    let s = scan(input);
    if s.in_triple || s.depth > 0 || s.backslash {
        return true;
    }
    let last_line = input.rsplit(|&c| c == b'\n').next().unwrap_or(b"");
    let last_empty = last_line.iter().all(|c| c.is_ascii_whitespace());
    (starts_compound(input) || s.colon) && !last_empty
}

/// The indentation (in spaces) to pre-fill the line after `line`: its own
/// indentation, plus 4 when it opens a block (its code ends with `:`).
pub fn next_indent(line: &[u8]) -> usize {
    let indent = line.iter().take_while(|&&c| c == b' ').count();
    let s = scan(line);
    if s.colon && !s.in_triple {
        indent + 4
    } else {
        indent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_statements_are_complete() {
        assert!(!needs_more(b"1 + 2"));
        assert!(!needs_more(b"x = 'a:'"));
        assert!(!needs_more(b"print(\"(\")"));
        assert!(!needs_more(b"x = 1  # if y:"));
        assert!(!needs_more(b""));
        assert!(!needs_more(b"   "));
        assert!(!needs_more(b"x = {1: 2}"));
        assert!(!needs_more(b"ifx = 3"));
        assert!(!needs_more(b"'unterminated"));
    }

    #[test]
    fn compound_statements_continue_until_an_empty_line() {
        assert!(needs_more(b"def f():"));
        assert!(needs_more(b"def f():\n    return 1"));
        assert!(!needs_more(b"def f():\n    return 1\n"));
        assert!(!needs_more(b"def f():\n    return 1\n    "));
        assert!(needs_more(b"for i in range(3): print(i)"));
        assert!(needs_more(b"@decorator"));
        assert!(needs_more(b"x = 1; if x:"));
        assert!(needs_more(b"if x:  # comment"));
        assert!(needs_more(b"class A:\n    pass"));
    }

    #[test]
    fn brackets_strings_and_backslashes_continue() {
        assert!(needs_more(b"x = [1,"));
        assert!(needs_more(b"f(a,\n  b"));
        assert!(!needs_more(b"f(a,\n  b)"));
        assert!(needs_more(b"f(\n"));
        assert!(needs_more(b"s = '''abc"));
        assert!(needs_more(b"s = \"\"\"abc\n\ndef"));
        assert!(!needs_more(b"s = '''abc\n'''"));
        assert!(needs_more(b"x = 1 + \\"));
        assert!(!needs_more(b"x = '\\\\'"));
        assert!(!needs_more(b"x = '\\''"));
        assert!(!needs_more(b"x = ')'"));
        assert!(needs_more(b"x = '''it\\'''s"));
        assert!(!needs_more(b"x = ']'  # ["));
    }

    #[test]
    fn indentation_follows_blocks() {
        assert_eq!(next_indent(b"def f():"), 4);
        assert_eq!(next_indent(b"    if x:  # yes"), 8);
        assert_eq!(next_indent(b"    return 1"), 4);
        assert_eq!(next_indent(b"x = {"), 0);
        assert_eq!(next_indent(b"d = {1:"), 0);
    }
}
