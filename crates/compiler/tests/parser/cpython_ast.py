#!/usr/bin/env python3
"""Print CPython's syntax tree for each file in Pyrite's parser dump format.

Usage: cpython_ast.py FILE...

For each file prints "=== FILE path" and then the tree in the "compat" form
of Pyrite's parser dump (tests/parser_common/mod.rs): one node per line,
"line:col Kind details" (1-based column in characters), children indented by
two spaces, label lines for blocks and optional parts. Number literals are
printed with their source text; call keywords follow positional arguments;
f-strings print their literal text merged and no positions inside them.
"""

import ast
import sys


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


def escape_bytes(value):
    return "".join("\\x%02x" % b if b >= 0x80 else escape(chr(b)) for b in value)


BINOPS = {
    ast.Add: "Add", ast.Sub: "Sub", ast.Mult: "Mul", ast.MatMult: "MatMul",
    ast.Div: "Div", ast.FloorDiv: "FloorDiv", ast.Mod: "Mod", ast.Pow: "Pow",
    ast.LShift: "LShift", ast.RShift: "RShift", ast.BitOr: "BitOr",
    ast.BitXor: "BitXor", ast.BitAnd: "BitAnd",
}
UNARY = {ast.Not: "Not", ast.USub: "Neg", ast.UAdd: "Pos", ast.Invert: "Invert"}
CMP = {
    ast.Eq: "Eq", ast.NotEq: "NotEq", ast.Lt: "Lt", ast.LtE: "LtE", ast.Gt: "Gt",
    ast.GtE: "GtE", ast.Is: "Is", ast.IsNot: "IsNot", ast.In: "In",
    ast.NotIn: "NotIn",
}
BOOL = {ast.And: "And", ast.Or: "Or"}


class Dumper:
    def __init__(self, src):
        self.lines = src.split(b"\n")
        self.out = []
        self.in_fstring = 0

    def pos(self, node):
        line = node.lineno
        text = self.lines[line - 1] if line - 1 < len(self.lines) else b""
        col = len(text[: node.col_offset].decode("utf-8", "replace")) + 1
        return line, col

    def segment(self, node):
        # Source text of a one-line node (number literals).
        line = self.lines[node.lineno - 1]
        return line[node.col_offset : node.end_col_offset].decode()

    def line(self, ind, node, text):
        prefix = "  " * ind
        if node is not None and not self.in_fstring:
            line, col = self.pos(node)
            prefix += "%d:%d " % (line, col)
        self.out.append(prefix + text)

    def label(self, ind, text):
        self.line(ind, None, text)

    def block(self, ind, label, body, loc_node=None):
        if not body:
            return
        self.label(ind, label)
        for s in body:
            self.stmt(ind + 1, s)

    def opt(self, ind, label, e):
        if e is not None:
            self.label(ind, label)
            self.expr(ind + 1, e)

    def stmt_pos(self, s):
        if getattr(s, "decorator_list", None):
            d = s.decorator_list[0]
            # The statement starts at the `@` before the first decorator.
            line = self.lines[d.lineno - 1]
            at = line.rfind(b"@", 0, d.col_offset)
            class P:
                pass
            p = P()
            p.lineno, p.col_offset = d.lineno, at
            return p
        return s

    def stmt(self, ind, s):
        n = self.stmt_pos(s)
        t = type(s)
        if t is ast.Expr:
            self.line(ind, n, "Expr")
            self.expr(ind + 1, s.value)
        elif t is ast.Assign:
            self.line(ind, n, "Assign")
            for target in s.targets:
                self.expr(ind + 1, target)
            self.label(ind + 1, "=")
            self.expr(ind + 2, s.value)
        elif t is ast.AugAssign:
            self.line(ind, n, "AugAssign " + BINOPS[type(s.op)])
            self.expr(ind + 1, s.target)
            self.expr(ind + 1, s.value)
        elif t is ast.AnnAssign:
            self.line(ind, n, "AnnAssign")
            self.expr(ind + 1, s.target)
            self.expr(ind + 1, s.annotation)
            self.opt(ind + 1, "=", s.value)
        elif t in (ast.Pass, ast.Break, ast.Continue):
            self.line(ind, n, t.__name__)
        elif t is ast.Return:
            self.line(ind, n, "Return")
            if s.value is not None:
                self.expr(ind + 1, s.value)
        elif t is ast.Raise:
            self.line(ind, n, "Raise")
            if s.exc is not None:
                self.expr(ind + 1, s.exc)
            self.opt(ind + 1, "from", s.cause)
        elif t in (ast.Global, ast.Nonlocal):
            self.line(ind, n, t.__name__ + " " + " ".join(s.names))
        elif t is ast.Delete:
            self.line(ind, n, "Delete")
            for target in s.targets:
                self.expr(ind + 1, target)
        elif t is ast.Assert:
            self.line(ind, n, "Assert")
            self.expr(ind + 1, s.test)
            self.opt(ind + 1, "msg", s.msg)
        elif t is ast.Import:
            self.line(ind, n, "Import")
            self.aliases(ind + 1, s.names)
        elif t is ast.ImportFrom:
            self.line(ind, n, "ImportFrom " + "." * s.level + (s.module or ""))
            if len(s.names) == 1 and s.names[0].name == "*":
                self.label(ind + 1, "*")
            else:
                self.aliases(ind + 1, s.names)
        elif t in (ast.If, ast.While):
            self.line(ind, n, t.__name__)
            self.expr(ind + 1, s.test)
            self.block(ind + 1, "body:", s.body)
            self.block(ind + 1, "orelse:", s.orelse)
        elif t in (ast.For, ast.AsyncFor):
            self.line(ind, n, t.__name__)
            self.expr(ind + 1, s.target)
            self.expr(ind + 1, s.iter)
            self.block(ind + 1, "body:", s.body)
            self.block(ind + 1, "orelse:", s.orelse)
        elif t is ast.Try:
            self.line(ind, n, "Try")
            self.block(ind + 1, "body:", s.body)
            for h in s.handlers:
                self.line(ind + 1, h, "except as " + h.name if h.name else "except")
                if h.type is not None:
                    self.expr(ind + 2, h.type)
                self.block(ind + 2, "body:", h.body)
            self.block(ind + 1, "orelse:", s.orelse)
            self.block(ind + 1, "finally:", s.finalbody)
        elif t in (ast.With, ast.AsyncWith):
            self.line(ind, n, t.__name__)
            for item in s.items:
                self.label(ind + 1, "item")
                self.expr(ind + 2, item.context_expr)
                self.opt(ind + 2, "as", item.optional_vars)
            self.block(ind + 1, "body:", s.body)
        elif t in (ast.FunctionDef, ast.AsyncFunctionDef):
            self.line(ind, n, t.__name__ + " " + s.name)
            self.decorators(ind + 1, s.decorator_list)
            self.params(ind + 1, s.args)
            self.opt(ind + 1, "returns:", s.returns)
            self.block(ind + 1, "body:", s.body)
        elif t is ast.ClassDef:
            self.line(ind, n, "ClassDef " + s.name)
            self.decorators(ind + 1, s.decorator_list)
            if s.bases or s.keywords:
                self.label(ind + 1, "bases:")
                self.args(ind + 2, s.bases, s.keywords)
            self.block(ind + 1, "body:", s.body)
        else:
            raise ValueError("unsupported statement " + t.__name__)

    def decorators(self, ind, decorators):
        if decorators:
            self.label(ind, "decorators:")
            for d in decorators:
                self.expr(ind + 1, d)

    def aliases(self, ind, names):
        for a in names:
            text = a.name + (" as " + a.asname if a.asname else "")
            self.line(ind, a, text)

    def params(self, ind, a):
        npos = len(a.posonlyargs) + len(a.args)
        defaults = [None] * (npos - len(a.defaults)) + list(a.defaults)
        posonly = list(zip(a.posonlyargs, defaults[: len(a.posonlyargs)]))
        args = list(zip(a.args, defaults[len(a.posonlyargs) :]))
        groups = [
            ("posonly:", posonly),
            ("args:", args),
            ("vararg:", [(a.vararg, None)] if a.vararg else []),
            ("kwonly:", list(zip(a.kwonlyargs, a.kw_defaults))),
            ("kwarg:", [(a.kwarg, None)] if a.kwarg else []),
        ]
        for label, params in groups:
            if not params:
                continue
            self.label(ind, label)
            for p, default in params:
                self.line(ind + 1, p, p.arg)
                self.opt(ind + 2, "annotation:", p.annotation)
                self.opt(ind + 2, "default:", default)

    def args(self, ind, args, keywords):
        for a in args:
            if isinstance(a, ast.Starred):
                self.label(ind, "*")
                self.expr(ind + 1, a.value)
            else:
                self.expr(ind, a)
        for k in keywords:
            self.label(ind, k.arg + "=" if k.arg else "**")
            self.expr(ind + 1, k.value)

    def fstring_parts(self, ind, values):
        for v in values:
            if isinstance(v, ast.Constant):
                self.label(ind, '"%s"' % escape(v.value))
            else:
                text = "Field"
                if v.conversion != -1:
                    text += " !" + chr(v.conversion)
                self.label(ind, text)
                self.expr(ind + 1, v.value)
                if v.format_spec is not None:
                    self.label(ind + 1, "spec:")
                    self.fstring_parts(ind + 2, v.format_spec.values)

    def comprehension(self, ind, generators):
        for g in generators:
            self.label(ind, "async for" if g.is_async else "for")
            self.expr(ind + 1, g.target)
            self.expr(ind + 1, g.iter)
            for cond in g.ifs:
                self.label(ind + 1, "if")
                self.expr(ind + 2, cond)

    def expr(self, ind, e):
        t = type(e)
        if t is ast.Name:
            self.line(ind, e, "Name " + e.id)
        elif t is ast.Constant:
            v = e.value
            if v is None or v is True or v is False:
                text = repr(v)
            elif v is Ellipsis:
                text = "Ellipsis"
            elif isinstance(v, bool):
                text = repr(v)
            elif isinstance(v, int):
                text = "Int " + self.segment(e)
            elif isinstance(v, float):
                text = "Float " + self.segment(e)
            elif isinstance(v, complex):
                text = "Imag " + self.segment(e)
            elif isinstance(v, str):
                text = 'Str "%s"' % escape(v)
            elif isinstance(v, bytes):
                text = 'Bytes "%s"' % escape_bytes(v)
            else:
                raise ValueError("constant " + repr(v))
            self.line(ind, e, text)
        elif t is ast.JoinedStr:
            self.line(ind, e, "FString")
            self.in_fstring += 1
            self.fstring_parts(ind + 1, e.values)
            self.in_fstring -= 1
        elif t in (ast.Tuple, ast.List, ast.Set):
            self.line(ind, e, t.__name__)
            for item in e.elts:
                self.expr(ind + 1, item)
        elif t is ast.Dict:
            self.line(ind, e, "Dict")
            for k, v in zip(e.keys, e.values):
                if k is None:
                    self.label(ind + 1, "**")
                    self.expr(ind + 2, v)
                else:
                    self.label(ind + 1, ":")
                    self.expr(ind + 2, k)
                    self.expr(ind + 2, v)
        elif t is ast.Starred:
            self.line(ind, e, "Starred")
            self.expr(ind + 1, e.value)
        elif t is ast.Attribute:
            self.line(ind, e, "Attribute ." + e.attr)
            self.expr(ind + 1, e.value)
        elif t is ast.Subscript:
            self.line(ind, e, "Subscript")
            self.expr(ind + 1, e.value)
            self.expr(ind + 1, e.slice)
        elif t is ast.Slice:
            self.line(ind, e, "Slice")
            self.opt(ind + 1, "lower:", e.lower)
            self.opt(ind + 1, "upper:", e.upper)
            self.opt(ind + 1, "step:", e.step)
        elif t is ast.Call:
            self.line(ind, e, "Call")
            self.expr(ind + 1, e.func)
            self.args(ind + 1, e.args, e.keywords)
        elif t is ast.UnaryOp:
            self.line(ind, e, "Unary " + UNARY[type(e.op)])
            self.expr(ind + 1, e.operand)
        elif t is ast.BinOp:
            self.line(ind, e, "Binary " + BINOPS[type(e.op)])
            self.expr(ind + 1, e.left)
            self.expr(ind + 1, e.right)
        elif t is ast.BoolOp:
            self.line(ind, e, "BoolOp " + BOOL[type(e.op)])
            for v in e.values:
                self.expr(ind + 1, v)
        elif t is ast.Compare:
            self.line(ind, e, "Compare " + " ".join(CMP[type(op)] for op in e.ops))
            self.expr(ind + 1, e.left)
            for v in e.comparators:
                self.expr(ind + 1, v)
        elif t is ast.IfExp:
            self.line(ind, e, "IfExp")
            self.expr(ind + 1, e.test)
            self.expr(ind + 1, e.body)
            self.expr(ind + 1, e.orelse)
        elif t is ast.Lambda:
            self.line(ind, e, "Lambda")
            self.params(ind + 1, e.args)
            self.expr(ind + 1, e.body)
        elif t in (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp):
            name = {
                ast.ListComp: "ListComp",
                ast.SetComp: "SetComp",
                ast.GeneratorExp: "GeneratorComp",
                ast.DictComp: "DictComp",
            }[t]
            self.line(ind, e, name)
            if t is ast.DictComp:
                self.expr(ind + 1, e.key)
                self.expr(ind + 1, e.value)
            else:
                self.expr(ind + 1, e.elt)
            self.comprehension(ind + 1, e.generators)
        elif t is ast.Yield:
            self.line(ind, e, "Yield")
            if e.value is not None:
                self.expr(ind + 1, e.value)
        elif t is ast.YieldFrom:
            self.line(ind, e, "YieldFrom")
            self.expr(ind + 1, e.value)
        elif t is ast.Await:
            self.line(ind, e, "Await")
            self.expr(ind + 1, e.value)
        elif t is ast.NamedExpr:
            self.line(ind, e, "NamedExpr " + e.target.id)
            self.expr(ind + 1, e.value)
        else:
            raise ValueError("unsupported expression " + t.__name__)


def main():
    for path in sys.argv[1:]:
        print("=== FILE " + path)
        with open(path, "rb") as f:
            src = f.read()
        try:
            tree = ast.parse(src, path)
        except SyntaxError as e:
            print("SKIP CPython cannot parse: %s" % e)
            continue
        d = Dumper(src)
        try:
            for s in tree.body:
                d.stmt(0, s)
        except ValueError as e:
            print("SKIP " + str(e))
            continue
        for line in d.out:
            print(line)


if __name__ == "__main__":
    main()
