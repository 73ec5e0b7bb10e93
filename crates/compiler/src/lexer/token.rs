//! Token types produced by the [`Lexer`](super::Lexer).

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;

/// A half-open byte range `start..end` into the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The bytes of `src` covered by this span.
    ///
    /// Returns an empty slice if the span does not lie within `src`.
    pub fn slice<'a>(&self, src: &'a [u8]) -> &'a [u8] {
        src.get(self.start..self.end).unwrap_or(&[])
    }

    /// Length of the span in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One token: its kind (with any payload), where it is in the source and
/// the line/column where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Token<'src> {
    /// What the token is.
    pub kind: TokenKind<'src>,
    /// The token's source bytes (empty for DEDENT, ENDMARKER and a NEWLINE
    /// synthesised at end of file; the indentation for INDENT).
    pub span: Span,
    /// 1-based line of the token's first byte.
    pub line: u32,
    /// 1-based column of the token's first byte, counted in characters
    /// (code points), a tab counting as one.
    pub col: u32,
}

/// The kind of a [`Token`], with its payload.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind<'src> {
    /// End of a logical line.
    Newline,
    /// The indentation increased by one level.
    Indent,
    /// The indentation decreased by one level.
    Dedent,
    /// End of input; the lexer keeps returning it once reached.
    EndMarker,
    /// An identifier (not a keyword). Soft keywords (`match`, `case`, `_`,
    /// `type`) are names. Not NFKC-normalised.
    Name(&'src str),
    /// A hard keyword.
    Keyword(Keyword),
    /// A numeric literal.
    Number(Number<'src>),
    /// A string or bytes literal (not an f-string).
    String(StringLit<'src>),
    /// An f-string, decomposed into parts.
    #[cfg(feature = "fstrings")]
    FString(FString<'src>),
    /// An operator or delimiter.
    Op(Op),
}

/// A numeric literal: its exact source text and kind. The compiler converts
/// the value (the text may contain `_` separators and a radix prefix).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number<'src> {
    /// What kind of number.
    pub kind: NumberKind,
    /// The literal's source text, e.g. `0x_ff`, `1_000.5e-3`, `2j`.
    pub text: &'src str,
}

/// The kind of a numeric literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    /// An integer; `radix` is 2, 8, 10 or 16 (the text keeps its `0x`/`0o`/`0b`
    /// prefix).
    Int {
        /// 2, 8, 10 or 16.
        radix: u8,
    },
    /// A floating-point literal (has a `.` or an exponent).
    Float,
    /// An imaginary literal (ends in `j` or `J`).
    Imag,
}

/// A string or bytes literal with escapes already processed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringLit<'src> {
    /// `true` for a bytes literal (`b'...'`), `false` for str.
    pub is_bytes: bool,
    /// The value: UTF-8 for str, raw bytes for bytes. Borrowed from the
    /// source when no escape processing or newline translation changed it.
    pub value: Cow<'src, [u8]>,
}

/// An f-string, decomposed into literal text and replacement fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FString<'src> {
    /// The parts in source order. Adjacent literals are not merged across
    /// fields; empty literals are omitted.
    pub parts: Vec<FStringPart<'src>>,
}

/// One part of an f-string or of a replacement field's format spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FStringPart<'src> {
    /// Literal text (UTF-8), with `{{`/`}}` unescaped and escapes processed.
    Literal(Cow<'src, [u8]>),
    /// A replacement field `{expr[=][!conv][:spec]}`.
    Field(FStringField<'src>),
}

/// A replacement field of an f-string.
///
/// The expression is not tokenised here: it is given as a source span that
/// the parser lexes with [`Lexer::for_fstring_field`](super::Lexer::for_fstring_field)
/// (which behaves as if the expression were inside parentheses).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FStringField<'src> {
    /// Byte range of the expression text (between `{` and `=`, `!`, `:` or
    /// `}`), within the whole source.
    pub expr: Span,
    /// 1-based line of the expression's first byte.
    pub line: u32,
    /// 1-based column (in characters) of the expression's first byte.
    pub col: u32,
    /// For a self-documenting field `{expr=}`: the text to print before the
    /// value (the expression, the `=` and any whitespace after it).
    pub debug_text: Option<&'src str>,
    /// The `!r`, `!s` or `!a` conversion.
    pub conversion: Option<Conversion>,
    /// The format spec after `:`, itself made of literal text and nested
    /// fields. `None` when there is no `:`; `Some(empty)` for `{x:}`.
    pub spec: Option<Vec<FStringPart<'src>>>,
}

/// An f-string conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    /// `!s`: `str()`.
    Str,
    /// `!r`: `repr()`.
    Repr,
    /// `!a`: `ascii()`.
    Ascii,
}

impl Conversion {
    /// The conversion letter: `s`, `r` or `a`.
    pub fn letter(self) -> char {
        match self {
            Conversion::Str => 's',
            Conversion::Repr => 'r',
            Conversion::Ascii => 'a',
        }
    }
}

macro_rules! keywords {
    ($($variant:ident $text:literal)*) => {
        /// A hard keyword of Python 3.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Keyword {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )*
        }

        impl Keyword {
            /// Every keyword.
            pub const ALL: &'static [Keyword] = &[$(Keyword::$variant,)*];

            /// The keyword's spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Keyword::$variant => $text,)*
                }
            }

            /// The keyword spelled `text`, if it is one.
            pub fn from_bytes(text: &[u8]) -> Option<Keyword> {
                Keyword::ALL.iter().copied().find(|k| k.as_str().as_bytes() == text)
            }
        }
    };
}

keywords! {
    False "False" None "None" True "True" And "and" As "as" Assert "assert"
    Async "async" Await "await" Break "break" Class "class" Continue "continue"
    Def "def" Del "del" Elif "elif" Else "else" Except "except" Finally "finally"
    For "for" From "from" Global "global" If "if" Import "import" In "in" Is "is"
    Lambda "lambda" Nonlocal "nonlocal" Not "not" Or "or" Pass "pass" Raise "raise"
    Return "return" Try "try" While "while" With "with" Yield "yield"
}

macro_rules! ops {
    ($($variant:ident $text:literal)*) => {
        /// An operator or delimiter.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Op {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )*
        }

        impl Op {
            /// Every operator.
            pub const ALL: &'static [Op] = &[$(Op::$variant,)*];

            /// The operator's spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Op::$variant => $text,)*
                }
            }
        }
    };
}

ops! {
    LPar "(" RPar ")" LSqb "[" RSqb "]" LBrace "{" RBrace "}"
    Comma "," Colon ":" Semi ";" Dot "." Ellipsis "..." At "@" Equal "="
    Arrow "->" ColonEqual ":="
    Plus "+" Minus "-" Star "*" Slash "/" DoubleSlash "//" Percent "%"
    DoubleStar "**" LeftShift "<<" RightShift ">>" Amper "&" VBar "|"
    Circumflex "^" Tilde "~"
    Less "<" Greater ">" LessEqual "<=" GreaterEqual ">=" EqEqual "==" NotEqual "!="
    PlusEqual "+=" MinEqual "-=" StarEqual "*=" SlashEqual "/=" DoubleSlashEqual "//="
    PercentEqual "%=" DoubleStarEqual "**=" AtEqual "@=" LeftShiftEqual "<<="
    RightShiftEqual ">>=" AmperEqual "&=" VBarEqual "|=" CircumflexEqual "^="
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
