//! Lexical errors.

use core::fmt;

/// A lexical error: what went wrong and where.
///
/// `Display` gives the message only (CPython's wording where it has one),
/// because a `SyntaxError` carries the line separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LexError {
    /// 1-based line of the offending text.
    pub line: u32,
    /// 1-based column (in characters) of the offending text.
    pub col: u32,
    /// Byte offset of the offending text in the source.
    pub offset: usize,
    /// What went wrong.
    pub kind: LexErrorKind,
}

/// The kind of numeric literal named in an error message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiteralKind {
    /// `invalid decimal literal`
    Decimal,
    /// `invalid hexadecimal literal`
    Hexadecimal,
    /// `invalid octal literal`
    Octal,
    /// `invalid binary literal`
    Binary,
    /// `invalid imaginary literal`
    Imaginary,
}

impl LiteralKind {
    fn name(self) -> &'static str {
        match self {
            LiteralKind::Decimal => "decimal",
            LiteralKind::Hexadecimal => "hexadecimal",
            LiteralKind::Octal => "octal",
            LiteralKind::Binary => "binary",
            LiteralKind::Imaginary => "imaginary",
        }
    }
}

/// What went wrong. See the `Display` impl for each message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LexErrorKind {
    /// A character that cannot start any token (`$`, `?`, `` ` ``, a lone `!`).
    InvalidSyntax,
    /// The source is not valid UTF-8; the first bad byte.
    InvalidUtf8(u8),
    /// A NUL byte in the source.
    NullByte,
    /// A non-ASCII character that is not allowed outside strings/comments.
    InvalidCharacter(char),
    /// A control or invisible character outside strings/comments.
    NonPrintableCharacter(char),
    /// A backslash not followed by a newline.
    UnexpectedCharAfterContinuation,
    /// End of input right after a line-continuation backslash.
    UnexpectedEof,
    /// A dedent to a column that matches no enclosing indentation level.
    UnindentMismatch,
    /// Indentation that is ambiguous depending on the tab size.
    InconsistentTabs,
    /// More nested indentation levels than the lexer supports.
    TooManyIndentationLevels,
    /// More nested brackets than the lexer supports.
    TooManyNestedParens,
    /// A closing bracket with no open bracket.
    UnmatchedBracket(char),
    /// A closing bracket of the wrong kind. `open_line` is set when the
    /// opening bracket is on a different line.
    MismatchedBracket {
        /// The closing bracket found.
        close: char,
        /// The bracket it should have closed.
        open: char,
        /// The line of `open`, if not the line of `close`.
        open_line: Option<u32>,
    },
    /// End of input with a bracket still open (reported at the bracket).
    UnclosedBracket(char),
    /// A malformed numeric literal.
    InvalidNumber(LiteralKind),
    /// A digit too large for the literal's radix.
    InvalidDigit {
        /// The digit.
        digit: char,
        /// Octal or binary.
        literal: LiteralKind,
    },
    /// `07`.
    LeadingZeros,
    /// A single-quoted string not closed before the end of its line.
    UnterminatedString {
        /// The line where the end of line / input was met.
        detected_at: u32,
    },
    /// A triple-quoted string not closed before the end of input.
    UnterminatedTripleQuotedString {
        /// The line where the end of input was met.
        detected_at: u32,
    },
    /// A non-ASCII character inside a bytes literal.
    NonAsciiBytes,
    /// A name made of string-prefix letters glued to a quote, such as `ur''`.
    InvalidStringPrefix,
    /// A `\x`, `\u` or `\U` escape with too few hex digits.
    TruncatedEscape {
        /// `x`, `u` or `U`.
        escape: char,
        /// Whether the literal is bytes.
        is_bytes: bool,
        /// Byte position of the backslash inside the literal's body.
        start: usize,
        /// Byte position of the last byte of the escape.
        end: usize,
    },
    /// A `\U` escape above U+10FFFF.
    IllegalUnicodeCharacter {
        /// Byte position of the backslash inside the literal's body.
        start: usize,
        /// Byte position of the last byte of the escape.
        end: usize,
    },
    /// A `\u`/`\U` escape naming a surrogate, which UTF-8 cannot hold.
    SurrogateEscape,
    /// `\N{...}` in a str literal.
    UnicodeNameEscape,
    /// f-string: a replacement field not closed by `}`.
    #[cfg(feature = "fstrings")]
    FStringExpectingBrace,
    /// f-string: a lone `}` in literal text.
    #[cfg(feature = "fstrings")]
    FStringSingleBrace,
    /// f-string: `{}` or a field of only whitespace.
    #[cfg(feature = "fstrings")]
    FStringEmptyExpression,
    /// f-string: `!` not followed by `s`, `r` or `a`.
    #[cfg(feature = "fstrings")]
    FStringInvalidConversion,
    /// f-string: backslash inside a replacement field.
    #[cfg(feature = "fstrings")]
    FStringBackslash,
    /// f-string: `#` inside a replacement field.
    #[cfg(feature = "fstrings")]
    FStringHash,
    /// f-string: fields nested more than two deep.
    #[cfg(feature = "fstrings")]
    FStringNestedTooDeeply,
    /// f-string: an unclosed string inside a replacement field.
    #[cfg(feature = "fstrings")]
    FStringUnterminatedString,
    /// f-string: a bracket inside a field that is closed but never opened,
    /// or opened but never closed.
    #[cfg(feature = "fstrings")]
    FStringUnmatched(char),
    /// f-string: a closing bracket of the wrong kind inside a field.
    #[cfg(feature = "fstrings")]
    FStringMismatched {
        /// The closing bracket found.
        close: char,
        /// The bracket it should have closed.
        open: char,
    },
    /// f-string: too many nested brackets inside a field.
    #[cfg(feature = "fstrings")]
    FStringTooManyNestedParens,
    /// The machine stack ran short (the lexer's stack check, see
    /// [`Options::stack_limit`](crate::Options::stack_limit)); a
    /// [`Recursion`](crate::ErrorKind::Recursion) error for the compiler.
    StackExhausted,
}

impl fmt::Display for LexErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LexErrorKind::*;
        match self {
            InvalidSyntax => f.write_str("invalid syntax"),
            InvalidUtf8(b) => write!(f, "invalid UTF-8 in source (byte 0x{b:02x})"),
            NullByte => f.write_str("source code string cannot contain null bytes"),
            InvalidCharacter(c) => write!(f, "invalid character '{c}' (U+{:04X})", *c as u32),
            NonPrintableCharacter(c) => {
                write!(f, "invalid non-printable character U+{:04X}", *c as u32)
            }
            UnexpectedCharAfterContinuation => {
                f.write_str("unexpected character after line continuation character")
            }
            UnexpectedEof => f.write_str("unexpected EOF while parsing"),
            UnindentMismatch => f.write_str("unindent does not match any outer indentation level"),
            InconsistentTabs => f.write_str("inconsistent use of tabs and spaces in indentation"),
            TooManyIndentationLevels => f.write_str("too many levels of indentation"),
            TooManyNestedParens => f.write_str("too many nested parentheses"),
            UnmatchedBracket(c) => write!(f, "unmatched '{c}'"),
            MismatchedBracket {
                close,
                open,
                open_line: None,
            } => write!(
                f,
                "closing parenthesis '{close}' does not match opening parenthesis '{open}'"
            ),
            MismatchedBracket {
                close,
                open,
                open_line: Some(line),
            } => write!(
                f,
                "closing parenthesis '{close}' does not match opening parenthesis '{open}' \
                 on line {line}"
            ),
            UnclosedBracket(c) => write!(f, "'{c}' was never closed"),
            InvalidNumber(kind) => write!(f, "invalid {} literal", kind.name()),
            InvalidDigit { digit, literal } => {
                write!(f, "invalid digit '{digit}' in {} literal", literal.name())
            }
            LeadingZeros => f.write_str(
                "leading zeros in decimal integer literals are not permitted; \
                 use an 0o prefix for octal integers",
            ),
            UnterminatedString { detected_at } => {
                write!(
                    f,
                    "unterminated string literal (detected at line {detected_at})"
                )
            }
            UnterminatedTripleQuotedString { detected_at } => write!(
                f,
                "unterminated triple-quoted string literal (detected at line {detected_at})"
            ),
            NonAsciiBytes => f.write_str("bytes can only contain ASCII literal characters"),
            InvalidStringPrefix => f.write_str("invalid string prefix"),
            TruncatedEscape {
                escape,
                is_bytes: true,
                start,
                ..
            } => {
                write!(
                    f,
                    "(value error) invalid \\{escape} escape at position {start}"
                )
            }
            TruncatedEscape {
                escape,
                is_bytes: false,
                start,
                end,
            } => {
                let digits = match escape {
                    'x' => "XX",
                    'u' => "XXXX",
                    _ => "XXXXXXXX",
                };
                write!(
                    f,
                    "(unicode error) 'unicodeescape' codec can't decode bytes in position \
                     {start}-{end}: truncated \\{escape}{digits} escape"
                )
            }
            IllegalUnicodeCharacter { start, end } => write!(
                f,
                "(unicode error) 'unicodeescape' codec can't decode bytes in position \
                 {start}-{end}: illegal Unicode character"
            ),
            SurrogateEscape => f.write_str("(unicode error) surrogate escapes are not supported"),
            UnicodeNameEscape => f.write_str("unicode name escapes not supported"),
            #[cfg(feature = "fstrings")]
            FStringExpectingBrace => f.write_str("f-string: expecting '}'"),
            #[cfg(feature = "fstrings")]
            FStringSingleBrace => f.write_str("f-string: single '}' is not allowed"),
            #[cfg(feature = "fstrings")]
            FStringEmptyExpression => f.write_str("f-string: empty expression not allowed"),
            #[cfg(feature = "fstrings")]
            FStringInvalidConversion => {
                f.write_str("f-string: invalid conversion character: expected 's', 'r', or 'a'")
            }
            #[cfg(feature = "fstrings")]
            FStringBackslash => f.write_str("f-string expression part cannot include a backslash"),
            #[cfg(feature = "fstrings")]
            FStringHash => f.write_str("f-string expression part cannot include '#'"),
            #[cfg(feature = "fstrings")]
            FStringNestedTooDeeply => f.write_str("f-string: expressions nested too deeply"),
            #[cfg(feature = "fstrings")]
            FStringUnterminatedString => f.write_str("f-string: unterminated string"),
            #[cfg(feature = "fstrings")]
            FStringUnmatched(c) => write!(f, "f-string: unmatched '{c}'"),
            #[cfg(feature = "fstrings")]
            FStringMismatched { close, open } => write!(
                f,
                "f-string: closing parenthesis '{close}' does not match opening parenthesis \
                 '{open}'"
            ),
            #[cfg(feature = "fstrings")]
            FStringTooManyNestedParens => f.write_str("f-string: too many nested parenthesis"),
            StackExhausted => f.write_str(crate::RECURSION_MESSAGE),
        }
    }
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

impl core::error::Error for LexError {}
