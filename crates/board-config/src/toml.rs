//! The subset of TOML that `board.toml` files use, parsed without
//! dependencies: tables (`[a.b]`), `key = value` with basic and literal
//! strings, integers (decimal, `0x` hex, `_` separators, a sign), booleans,
//! arrays (over several lines, trailing comma allowed) and inline tables,
//! and `#` comments. Order is kept (pin tables are listed in order).

use std::fmt;

/// A parsed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// An array.
    Array(Vec<Value>),
    /// A table (`[name]` or `{ ... }`).
    Table(Table),
}

/// A table: keys and values in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table(pub Vec<(String, Value)>);

impl Table {
    /// The value under `key` (a dotted path: `"memory.flash"`).
    pub fn get(&self, key: &str) -> Option<&Value> {
        let mut table = self;
        let mut parts = key.split('.').peekable();
        while let Some(part) = parts.next() {
            let value = table.0.iter().find(|(k, _)| k == part).map(|(_, v)| v)?;
            if parts.peek().is_none() {
                return Some(value);
            }
            match value {
                Value::Table(t) => table = t,
                _ => return None,
            }
        }
        None
    }

    /// The string under `key`.
    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The integer under `key`.
    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The boolean under `key`.
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The table under `key`.
    pub fn table(&self, key: &str) -> Option<&Table> {
        match self.get(key)? {
            Value::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The array of strings under `key` (`None` if absent or not all
    /// strings).
    pub fn strings(&self, key: &str) -> Option<Vec<String>> {
        match self.get(key)? {
            Value::Array(items) => items
                .iter()
                .map(|v| match v {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }

    fn table_mut(&mut self, path: &[String], line: usize) -> Result<&mut Table, ParseError> {
        let mut table = self;
        for part in path {
            let index = match table.0.iter().position(|(k, _)| k == part) {
                Some(i) => i,
                None => {
                    table.0.push((part.clone(), Value::Table(Table::default())));
                    table.0.len() - 1
                }
            };
            table = match &mut table.0[index].1 {
                Value::Table(t) => t,
                _ => {
                    return Err(ParseError {
                        line,
                        message: format!("`{part}` is not a table"),
                    });
                }
            };
        }
        Ok(table)
    }
}

/// A syntax error, with its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The line of the error.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses a document.
pub fn parse(text: &str) -> Result<Table, ParseError> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        line: 1,
    };
    let mut root = Table::default();
    let mut current: Vec<String> = Vec::new();
    loop {
        p.skip_blank_lines();
        let Some(c) = p.peek() else { break };
        if c == b'[' {
            p.i += 1;
            let mut path = vec![p.key()?];
            p.skip_ws();
            while p.peek() == Some(b'.') {
                p.i += 1;
                path.push(p.key()?);
                p.skip_ws();
            }
            p.expect(b']')?;
            root.table_mut(&path, p.line)?;
            current = path;
        } else {
            let key = p.key()?;
            p.skip_ws();
            p.expect(b'=')?;
            p.skip_ws();
            let value = p.value()?;
            let line = p.line;
            let table = root.table_mut(&current, line)?;
            if table.0.iter().any(|(k, _)| *k == key) {
                return Err(p.err(format!("duplicate key `{key}`")));
            }
            table.0.push((key, value));
        }
        p.end_of_line()?;
    }
    Ok(root)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    line: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn err(&self, message: String) -> ParseError {
        ParseError {
            line: self.line,
            message,
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some(b'#') {
            while !matches!(self.peek(), None | Some(b'\n')) {
                self.i += 1;
            }
        }
    }

    /// Skips whitespace, comments and newlines.
    fn skip_blank_lines(&mut self) {
        loop {
            self.skip_ws();
            self.skip_comment();
            match self.peek() {
                Some(b'\n') => {
                    self.line += 1;
                    self.i += 1;
                }
                Some(b'\r') => self.i += 1,
                _ => return,
            }
        }
    }

    fn end_of_line(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        self.skip_comment();
        match self.peek() {
            None | Some(b'\n' | b'\r') => Ok(()),
            Some(c) => Err(self.err(format!("unexpected `{}` after a value", c as char))),
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), ParseError> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(format!("expected `{}`", c as char)))
        }
    }

    fn key(&mut self) -> Result<String, ParseError> {
        self.skip_ws();
        match self.peek() {
            Some(b'"') => self.basic_string(),
            Some(b'\'') => self.literal_string(),
            _ => {
                let start = self.i;
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                {
                    self.i += 1;
                }
                if start == self.i {
                    return Err(self.err("expected a key".into()));
                }
                Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
            }
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        match self.peek() {
            Some(b'"') => Ok(Value::Str(self.basic_string()?)),
            Some(b'\'') => Ok(Value::Str(self.literal_string()?)),
            Some(b'[') => self.array(),
            Some(b'{') => self.inline_table(),
            Some(b't') if self.s[self.i..].starts_with(b"true") => {
                self.i += 4;
                Ok(Value::Bool(true))
            }
            Some(b'f') if self.s[self.i..].starts_with(b"false") => {
                self.i += 5;
                Ok(Value::Bool(false))
            }
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b'+' => self.integer(),
            _ => Err(self.err("expected a value".into())),
        }
    }

    fn integer(&mut self) -> Result<Value, ParseError> {
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'+'))
        {
            self.i += 1;
        }
        let text: String = String::from_utf8_lossy(&self.s[start..self.i])
            .chars()
            .filter(|&c| c != '_')
            .collect();
        let (negative, digits) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, &text[..]),
        };
        let parsed = if let Some(hex) = digits.strip_prefix("0x") {
            i64::from_str_radix(hex, 16)
        } else {
            digits.parse::<i64>()
        };
        match parsed {
            Ok(n) => Ok(Value::Int(if negative { -n } else { n })),
            Err(_) => Err(self.err(format!("bad integer `{text}`"))),
        }
    }

    fn basic_string(&mut self) -> Result<String, ParseError> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None | Some(b'\n') => return Err(self.err("unterminated string".into())),
                Some(b'"') => {
                    self.i += 1;
                    break;
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.peek().ok_or_else(|| self.err("bad escape".into()))?;
                    self.i += 1;
                    out.push(match c {
                        b'n' => b'\n',
                        b't' => b'\t',
                        b'r' => b'\r',
                        b'"' => b'"',
                        b'\\' => b'\\',
                        _ => return Err(self.err(format!("unknown escape `\\{}`", c as char))),
                    });
                }
                Some(c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
        String::from_utf8(out).map_err(|_| self.err("string is not UTF-8".into()))
    }

    fn literal_string(&mut self) -> Result<String, ParseError> {
        self.expect(b'\'')?;
        let start = self.i;
        while !matches!(self.peek(), None | Some(b'\'' | b'\n')) {
            self.i += 1;
        }
        let text = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        self.expect(b'\'')?;
        Ok(text)
    }

    fn array(&mut self) -> Result<Value, ParseError> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        loop {
            self.skip_blank_lines();
            if self.peek() == Some(b']') {
                self.i += 1;
                return Ok(Value::Array(items));
            }
            items.push(self.value()?);
            self.skip_blank_lines();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {}
                _ => return Err(self.err("expected `,` or `]` in an array".into())),
            }
        }
    }

    fn inline_table(&mut self) -> Result<Value, ParseError> {
        self.expect(b'{')?;
        let mut table = Table::default();
        loop {
            self.skip_ws();
            if self.peek() == Some(b'}') {
                self.i += 1;
                return Ok(Value::Table(table));
            }
            let key = self.key()?;
            self.skip_ws();
            self.expect(b'=')?;
            self.skip_ws();
            let value = self.value()?;
            table.0.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {}
                _ => return Err(self.err("expected `,` or `}` in an inline table".into())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_subset() {
        let doc = parse(
            r#"
# a comment
name = "pyboard" # trailing
n = 0x0800_0000
neg = -12
yes = true
list = [
  "a", # one
  'b',
]
[memory]
flash = { origin = 0x08000000, size = "1M" }
[pins]
X1 = "A0"
"LED RED" = "A13"
"#,
        )
        .unwrap();
        assert_eq!(doc.str("name"), Some("pyboard"));
        assert_eq!(doc.int("n"), Some(0x0800_0000));
        assert_eq!(doc.int("neg"), Some(-12));
        assert_eq!(doc.bool("yes"), Some(true));
        assert_eq!(doc.strings("list"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(doc.int("memory.flash.origin"), Some(0x0800_0000));
        assert_eq!(doc.str("memory.flash.size"), Some("1M"));
        let pins = doc.table("pins").unwrap();
        assert_eq!(pins.0[1].0, "LED RED");
    }

    #[test]
    fn reports_errors_with_lines() {
        let e = parse("a = 1\nb = \n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(parse("a = 1\na = 2").is_err());
        assert!(parse("a = \"open").is_err());
        assert!(parse("a = 1 2").is_err());
    }
}
