#!/usr/bin/env python3
"""Print CPython's token stream for each file in Pyrite's snapshot format.

Usage: cpython_tokens.py FILE...

For each file prints "=== FILE path" and then one line per token,
"line:col KIND text" (1-based column in characters), the same head that
Pyrite's lexer snapshots start with. COMMENT, NL and ENCODING tokens are
dropped; NEWLINE/INDENT/DEDENT/ENDMARKER have no text. STRING and BYTES tokens
are followed by ' => "value"' (their value per ast.literal_eval), FSTRING
tokens by ' => shape ...' (see fstring_shape). Kinds are refined
like Pyrite's: NAME/KEYWORD, INT/FLOAT/IMAG, STRING/BYTES/FSTRING, OP.
A file CPython's tokenize cannot read the same way (lone CR line endings)
prints "SKIP reason" instead.
"""

import ast
import io
import keyword
import re
import sys
import tokenize
import warnings

KINDS = {
    tokenize.NEWLINE: "NEWLINE",
    tokenize.INDENT: "INDENT",
    tokenize.DEDENT: "DEDENT",
    tokenize.ENDMARKER: "ENDMARKER",
    tokenize.OP: "OP",
}
NO_TEXT = {"NEWLINE", "INDENT", "DEDENT", "ENDMARKER"}
STRING_PREFIX = re.compile(r"^([A-Za-z]*)")


def escape(text):
    out = []
    for c in text:
        if c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif c == '"':
            out.append('\\"')
        elif ord(c) < 0x20 or c == "\x7f":
            out.append("\\x%02x" % ord(c))
        else:
            out.append(c)
    return "".join(out)


def escape_value(value):
    if isinstance(value, bytes):
        return "".join(
            "\\x%02x" % b if b >= 0x80 else escape(chr(b)) for b in value
        )
    return escape(value)


def fstring_shape(node):
    """Canonical shape of an f-string's JoinedStr: literal text (braces
    doubled) and "{conversion:spec}" per field, conversion "-" if none."""
    out = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            out.append(escape(value.value.replace("{", "{{").replace("}", "}}")))
        else:
            conv = chr(value.conversion) if value.conversion != -1 else "-"
            spec = fstring_shape(value.format_spec) if value.format_spec else ""
            out.append("{" + conv + (":" + spec if spec else "") + "}")
    return "".join(out)


def number_kind(text):
    low = text.lower()
    if low.endswith("j"):
        return "IMAG"
    if low.startswith(("0x", "0o", "0b")):
        return "INT"
    if "." in low or "e" in low:
        return "FLOAT"
    return "INT"


def kind_of(tok):
    if tok.type == tokenize.NAME:
        return "KEYWORD" if keyword.iskeyword(tok.string) else "NAME"
    if tok.type == tokenize.NUMBER:
        return number_kind(tok.string)
    if tok.type == tokenize.STRING:
        prefix = STRING_PREFIX.match(tok.string).group(1).lower()
        if "f" in prefix:
            return "FSTRING"
        if "b" in prefix:
            return "BYTES"
        return "STRING"
    return KINDS.get(tok.type)


def dump(path):
    print("=== FILE " + path)
    with open(path, "rb") as f:
        data = f.read()
    if re.search(rb"\r(?!\n)", data):
        print("SKIP lone CR line endings")
        return
    for tok in tokenize.tokenize(io.BytesIO(data).readline):
        if tok.type == tokenize.ERRORTOKEN:
            raise SystemExit("%s: CPython ERRORTOKEN %r at %s" % (path, tok.string, tok.start))
        kind = kind_of(tok)
        if kind is None:
            continue  # ENCODING, COMMENT, NL
        line, col = tok.start
        if kind == "INDENT":
            col = 0
        text = "" if kind in NO_TEXT else escape(tok.string)
        head = ("%d:%d %s %s" % (line, col + 1, kind, text)).rstrip()
        if kind in ("STRING", "BYTES"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = ast.literal_eval(tok.string)
            head += ' => "%s"' % escape_value(value)
        elif kind == "FSTRING":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                node = ast.parse(tok.string, mode="eval").body
            head += " => shape %s" % fstring_shape(node)
        print(head)


def main():
    for path in sys.argv[1:]:
        dump(path)


if __name__ == "__main__":
    main()
