//! Random Python programs for `exec_fuzz.rs`, built from a grammar of
//! snippets that aim at the edges of the built-in types: mixed-type and
//! huge-int arithmetic, methods given odd arguments, extreme slices,
//! special methods that raise or return the wrong type, generators,
//! closures, exceptions, deep recursion, odd format specs and junk parsed
//! as numbers. Every program is valid Python; most statements are wrapped
//! in `try`/`except Exception` so one error does not end the program.
//!
//! A program is a function of a list of choices (`u32`s), so proptest's
//! shrinking of the list shrinks the program: choice 0 is always the
//! simplest option, and a list that runs out reads as zeros.

/// Reads choices in order.
struct Gen<'a> {
    choices: &'a [u32],
    at: usize,
    /// Nesting depth of expressions, bounded so programs stay small.
    depth: u32,
}

impl Gen<'_> {
    /// A choice below `n`.
    fn pick(&mut self, n: usize) -> usize {
        let c = self.choices.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        c as usize % n
    }

    fn one<'s>(&mut self, options: &[&'s str]) -> &'s str {
        options[self.pick(options.len())]
    }
}

/// Values of every built-in type, including their extremes.
const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "7",
    "3.5",
    "'abc'",
    "[1, 2, 3]",
    "(1, 'a')",
    "{1: 2, 'k': [3]}",
    "{1, 2.5, 'x'}",
    "None",
    "True",
    "b'xy\\x00'",
    "bytearray(b'ab')",
    "''",
    "[]",
    "()",
    "{}",
    "set()",
    "frozenset({1})",
    "2**31",
    "2**63",
    "-2**64",
    "10**40",
    "-(10**40) - 1",
    "2**30 - 1",
    "-2**30",
    "1 << 100",
    "-0.0",
    "1e308",
    "5e-324",
    "float('inf')",
    "float('-inf')",
    "float('nan')",
    "complex(0, 1)",
    "complex(1, -2)",
    "'\\u00e9\\u20ac\\U0001f600'",
    "'a' * 40",
    "range(5)",
    "range(-3, 10**20, 7)",
    "range(0)",
    "range(10, -10, -3)",
    "[[1], [2, [3]]]",
    "[3, 1.5, -2, 10**20]",
    "['b', 'a', 'C']",
    "(None, None)",
    "{'a': 1, 'b': 2}.keys()",
    "{'a': 1}.items()",
    "{'a': 1}.values()",
    "iter([1, 2])",
    "(x for x in range(3))",
    "lambda *a, **k: a",
    "print",
    "len",
    "int",
    "str",
    "type",
    "object()",
    "Exception('e')",
    "ValueError",
    "memoryview(b'abcd')",
    "slice(1, None, -1)",
    "...",
    "NotImplemented",
    "C()",
    "D(3)",
    "E()",
    "gen()",
    "cell",
];

/// Integer operands for indexes, counts, widths and bases.
const INTS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "3",
    "-3",
    "36",
    "37",
    "64",
    "100",
    "2**31",
    "-2**31 - 1",
    "2**63 - 1",
    "2**63",
    "-2**63",
    "2**64",
    "10**30",
    "-10**30",
    "True",
    "None",
    "1.0",
    "'3'",
];

const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "==", "!=", "<", "<=", ">",
    ">=", "in", "not in", "is", "and", "or", "@",
];

const UNARY: &[&str] = &[
    "-{}",
    "+{}",
    "~{}",
    "not {}",
    "abs({})",
    "len({})",
    "hash({})",
    "int({})",
    "float({})",
    "complex({})",
    "str({})",
    "repr({})",
    "ascii({})",
    "bool({})",
    "iter({})",
    "next(iter({}))",
    "list({})",
    "tuple({})",
    "set({})",
    "dict({})",
    "sorted({})",
    "reversed({})",
    "min({})",
    "max({})",
    "sum({})",
    "any({})",
    "all({})",
    "bytes({})",
    "bytearray({})",
    "chr({})",
    "ord({})",
    "hex({})",
    "oct({})",
    "bin({})",
    "round({})",
    "enumerate({})",
    "list(zip({0}, {0}))",
    "list(map(str, {}))",
    "list(filter(None, {}))",
    "divmod({0}, {0})",
    "callable({})",
    "id({}) and 1",
    "dir({}) and 1",
    "isinstance({}, int)",
    "issubclass(type({}), object)",
    "getattr({}, 'real')",
    "hasattr({}, '__len__')",
    "{}.__class__",
    "[*{}]",
    "(*{},)",
    "{**{}}",
    "{*{}}",
    "memoryview({})",
    "'%s' % ({},)",
    "'%d' % {}",
    "'%x %r' % ({0}, {0})",
    "format({}, '')",
];

/// Two-operand calls and methods: `{0}` and `{1}` are the operands.
const BINARY_CALLS: &[&str] = &[
    "{0}.index({1})",
    "{0}.count({1})",
    "{0}.split({1})",
    "{0}.rsplit({1}, 1)",
    "{0}.join({1})",
    "{0}.find({1})",
    "{0}.rfind({1}, -100, 100)",
    "{0}.replace({1}, {1}, -1)",
    "{0}.startswith({1})",
    "{0}.endswith(({1},))",
    "{0}.strip({1})",
    "{0}.partition({1})",
    "{0}.center(10, {1})",
    "{0}.ljust({1})",
    "{0}.zfill({1})",
    "{0}.encode({1})",
    "{0}.decode({1})",
    "{0}.format({1})",
    "{0}.append({1})",
    "{0}.extend({1})",
    "{0}.insert({1}, {1})",
    "{0}.remove({1})",
    "{0}.pop({1})",
    "{0}.get({1})",
    "{0}.setdefault({1}, {1})",
    "{0}.update({1})",
    "{0}.add({1})",
    "{0}.discard({1})",
    "{0}.union({1})",
    "{0}.intersection({1})",
    "{0}.difference({1})",
    "{0}.symmetric_difference({1})",
    "{0}.issubset({1})",
    "{0}.fromkeys({1})",
    "{0}.to_bytes({1}, 'big')",
    "{0}.to_bytes(8, {1})",
    "int.from_bytes({0}, {1})",
    "{0}[{1}]",
    "{0}[{1}:]",
    "{0}[:{1}]",
    "{0}[{1}:{1}:{1}]",
    "{0}[::{1}]",
    "isinstance({0}, {1})",
    "issubclass({0}, {1})",
    "getattr({0}, {1})",
    "pow({0}, {1})",
    "pow({0}, {1}, {1})",
    "divmod({0}, {1})",
    "round({0}, {1})",
    "min({0}, {1})",
    "max({0}, {1}, key={1})",
    "sorted({0}, key={1})",
    "sorted({0}, reverse={1})",
    "sum({0}, {1})",
    "int({0}, {1})",
    "str({0}, {1})",
    "bytes({0}, {1})",
    "range({0}, {1})",
    "enumerate({0}, {1})",
    "list(zip({0}, {1}))",
    "list(map({0}, {1}))",
    // Inside `list`: an endless one then ends in `MemoryError`. Under
    // `sum` it would be a native loop no interrupt stops (CPython's does
    // not stop on Ctrl-C either).
    "list(iter({0}, {1}))",
    "format({0}, {1})",
    // `'{:{}}'`, split so that `fill` sees no placeholder.
    "'{:{' '}}'.format({0}, {1})",
    "'%*d' % ({0}, {1})",
    "({0}).__eq__({1})",
    "({0}).__add__({1})",
    "({0}).__getitem__({1})",
    "({0}).__contains__({1})",
    "{0} if {1} else {1}",
    "[{0}] * {1}",
    "({0},) * {1}",
    "{0} * {1}",
    "{{0}: {1}}",
    "{{0}, {1}}",
    "hash(({0}, {1}))",
];

/// Text parsed as numbers.
const JUNK: &[&str] = &[
    "''",
    "' '",
    "'1_000'",
    "'_1'",
    "'1__0'",
    "'0x'",
    "'0x1g'",
    "'  -12  '",
    "'+'",
    "'1e'",
    "'1e400'",
    "'-1e-400'",
    "'inf'",
    "'-nan'",
    "'infinity'",
    "'1.2.3'",
    "'.'",
    "'1' * 500",
    "'9' * 5000",
    "'0b102'",
    "'0o9'",
    "'\\u0663'",
    "'12\\x00'",
    "'1j'",
    "'zz'",
    "b'12'",
    "bytearray(b'7')",
];

/// Format specs, good and bad.
const SPECS: &[&str] = &[
    "",
    "d",
    "x",
    "X",
    "o",
    "b",
    "c",
    "e",
    "E",
    "f",
    "g",
    "G",
    "%",
    "n",
    "s",
    "r",
    ">10",
    "<5",
    "^7",
    "=+8",
    "*^9",
    "08.3f",
    ",",
    "_",
    ",d",
    "_x",
    ".0",
    ".100",
    ".2s",
    "+#x",
    "#o",
    "-",
    " ",
    "z",
    "10000000000",
    ".99999999999f",
    "=",
    "0=10",
    "{",
    "}",
    "!",
    ":",
    "x<",
    "<<<",
    "99999999999999999999d",
    ".-1f",
    "#",
    "#c",
    "+c",
    ",s",
    "e<",
    ".3%",
];

/// Whole statements aimed at the recursion and size guards of native
/// code: self-referencing containers, deep nesting, parsers fed junk.
const STRESS: &[&str] = &[
    "a = []; a.append(a); b = []; b.append(b); c = a == b",
    "a = []; a.append(a); b = []; b.append(b); c = a < b",
    "a = {}; a[1] = a; b = {}; b[1] = b; c = a == b",
    "a = []; a.append(a); c = repr(a) + str(a)",
    "a = {}; a['k'] = a; c = repr(a)",
    "a = ()\nfor _ in range(3000): a = (a,)\nc = hash(a)",
    "a = []\nfor _ in range(3000): a = [a]\nc = a == a[:]",
    "a = []\nfor _ in range(3000): a = [a]\nc = sorted([a, a])",
    "import json\nc = json.loads('[' * 5000)",
    "import json\nc = json.loads('{\"a\":' * 5000)",
    "import json\nc = json.loads('[1, 2e999, -0, \"\\\\ud800\", 1e-999]')",
    "import json\na = []; a.append(a); c = json.dumps(a)",
    "import re\nc = re.compile('(' * 500)",
    "import re\nc = re.sub('', '-', 'abc' * 100)",
    "import re\nc = re.match('(a|b)*?c', 'ab' * 200)",
    "import re\nc = re.split('x*', 'axbxc', 2**63)",
    "import struct\nc = struct.pack('999999999i')",
    "import struct\nc = struct.unpack('<q', b'')",
    "import struct\nc = struct.calcsize('9999999999999999999q')",
    "import struct\nc = struct.pack('>h', 2**20)",
    "c = list(zip(*[[1]] * 20000))",
    "c = print(*range(20000), sep=None, end='')",
    "c = exec('x=1\\n' * 3000)",
    "c = eval('(' * 300 + ')' * 300)",
    "c = eval('-' * 20000 + '1')",
    "c = eval('[' * 20000)",
    "c = 'a'.center(2**62)",
    "c = 'ab\\t'.expandtabs(2**40)",
    "c = '%*s' % (2**62, 'x')",
    "c = '%.*f' % (2**31, 1.5)",
    "c = len(range(10**30))",
    "c = range(10**30)[10**29]",
    "c = reversed(range(-10**30, 10**30, 3))",
    "c = round(1e308, -400) + round(1.5, 10**20)",
    "c = divmod(-10**40, 7.0) + divmod(1e308, 1e-308)",
    "c = (2**1000) ** 0.5 + (-8) ** (1 / 3)",
    "c = '{0[0]}'.format('') + '{:{}{}}'.format(1, 2, 3)",
    "c = '%(a)s' % 5",
    "c = bytes.fromhex('zz')",
    "c = int.from_bytes(b'\\xff' * 3000, 'big').bit_length()",
    "l = [3, 1, 2]\nc = sorted(l, key=lambda x: l.clear() or x)",
    "l = [3, 1, 2]\nl.sort(key=lambda x: l.append(x) or x)",
    "d = {1: 1}\nfor k in d: d[k + 1] = 1",
    "s = {1}\nfor k in s: s.add(k + 1)",
    "class G:\n    def __getattr__(s, n): return s.n\nc = G().x",
    "class R:\n    def __eq__(s, o): return [s] == [o]\nc = R() == R()",
    "class H:\n    def __hash__(s): return hash(s)\nc = {H()}",
    "class S:\n    def __str__(s): return str(s)\nc = '%s' % S()",
    "class L:\n    def __len__(s): return len(s)\nc = bool(L())",
    "class I:\n    def __iter__(s): return iter(s)\nc = list(I())",
    "class N:\n    def __index__(s): return N()\nc = [1][N()]",
    "def g():\n    yield g_.send(None)\ng_ = g()\nc = next(g_)",
    "def g():\n    try:\n        yield 1\n    finally:\n        yield 2\ng_ = g(); next(g_); g_.close()",
    "def g():\n    raise StopIteration\n    yield\nc = list(g())",
    "c = super(int, 5)",
    "class A:\n    pass\na = A(); a.__class__ = int",
    "c = object.__new__(int)",
    "c = getattr(1, 5)",
    "c = setattr(int, 'x', 1)",
    "c = max([], default=1) + min([[]], key=len)[0:1]",
];

/// The definitions every program starts with: classes whose special
/// methods misbehave (raise, return the wrong type, recurse), a
/// generator, a closure cell.
const PRELUDE: &str = r#"class C:
    def __eq__(self, o):
        raise ValueError('eq')
    def __hash__(self):
        return 2**70
    def __lt__(self, o):
        return NotImplemented
    def __len__(self):
        return -1
    def __index__(self):
        return 'x'
    def __bool__(self):
        return 2
    def __repr__(self):
        return 5
    def __iter__(self):
        return 7
    def __getitem__(self, i):
        if i > 3:
            raise IndexError(i)
        return i
    def __add__(self, o):
        return self + o
    def __int__(self):
        return 1.5
    def __float__(self):
        return 'f'
    def __contains__(self, o):
        raise KeyError(o)
class D(list):
    def __init__(self, v):
        self.v = v
    def __str__(self):
        raise TypeError('str')
    def __hash__(self):
        return -1
    def __index__(self):
        return 2**100
    def __len__(self):
        return 2**100
    def __format__(self, spec):
        return spec * 3
class E(Exception):
    def __str__(self):
        return self.missing
    def __init__(self, *a):
        pass
def gen():
    x = yield 1
    try:
        yield x
    finally:
        yield 'f'
    return 9
def mk(n):
    def f(x):
        nonlocal n
        n = n + x
        return n
    return f
cell = mk(1)
"#;

fn value(g: &mut Gen<'_>) -> String {
    g.one(VALUES).to_string()
}

fn int(g: &mut Gen<'_>) -> String {
    g.one(INTS).to_string()
}

/// `template` with its placeholders replaced in one pass: `{}` and `{0}`
/// by `a`, `{1}` by `b` (other braces are Python's).
fn fill(template: &str, a: &str, b: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (text, len) = if rest.starts_with("{}") {
            (a, 2)
        } else if rest.starts_with("{0}") {
            (a, 3)
        } else if rest.starts_with("{1}") {
            (b, 3)
        } else {
            ("{", 1)
        };
        out.push_str(text);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// An expression of bounded depth.
fn expr(g: &mut Gen<'_>) -> String {
    if g.depth > 2 {
        return value(g);
    }
    g.depth += 1;
    let e = match g.pick(10) {
        0 => value(g),
        1 => {
            let (a, o, b) = (operand(g), g.one(BINOPS), operand(g));
            format!("({a} {o} {b})")
        }
        2 => {
            let t = g.one(UNARY);
            let a = operand(g);
            fill(t, &a, &a)
        }
        3 | 4 => {
            let t = g.one(BINARY_CALLS);
            let a = operand(g);
            let b = if g.pick(2) == 0 { int(g) } else { operand(g) };
            fill(t, &a, &b)
        }
        5 => {
            let (a, i, j, k) = (operand(g), int(g), int(g), int(g));
            match g.pick(4) {
                0 => format!("{a}[{i}]"),
                1 => format!("{a}[{i}:{j}]"),
                2 => format!("{a}[{i}:{j}:{k}]"),
                _ => format!("{a}[::{k}]"),
            }
        }
        6 => {
            let (f, j) = (g.one(&["int", "float", "complex", "int"]), g.one(JUNK));
            match g.pick(3) {
                0 => format!("{f}({j})"),
                1 if f == "int" => format!("int({j}, {})", int(g)),
                _ => format!("{f}(({j}).strip())"),
            }
        }
        7 => {
            let (a, s) = (operand(g), g.one(SPECS));
            match g.pick(4) {
                0 => format!("format({a}, {s:?})"),
                1 => format!("'{{:{s}}}'.format({a})"),
                // f-string: a plain value (no double quotes, no nested
                // f-string) and a spec without braces; a build without
                // f-strings (no `lang-full`) gets `str.format` instead.
                2 if !cfg!(feature = "fstrings") => format!("'{{:{s}}}'.format({a})"),
                2 => {
                    let v = value(g);
                    let v = if v.contains('\\') { "'s'" } else { &v };
                    let s = if s.contains(['{', '}', '!', ':']) {
                        ""
                    } else {
                        s
                    };
                    format!("f\"{{({v}):{s}}}{{({v})!r:>10}}\"")
                }
                _ => format!("'%{s}' % ({a},)"),
            }
        }
        8 => {
            let (a, o, b) = (operand(g), g.one(BINOPS), operand(g));
            let ok = !matches!(o, "and" | "or" | "is" | "in" | "not in");
            let o = if ok { o } else { "+" };
            match g.pick(5) {
                0 => format!("[x {o} {b} for x in {a}]"),
                1 => format!("{{x: {b} for x in {a}}}"),
                2 => format!("sum(x {o} {b} for x in {a} if x)"),
                3 => format!("(lambda x, y=({b}): x {o} y)({a})"),
                _ => format!("{{x {o} 1 for x in {a}}}"),
            }
        }
        _ => {
            let (a, b) = (operand(g), operand(g));
            match g.pick(4) {
                0 => format!("{a} < {b} < {a}"),
                1 => format!("cell({a})"),
                2 => format!("[{a}, {b}].sort() or 0"),
                _ => format!("({a}, {b}) < ({b}, {a})"),
            }
        }
    };
    g.depth -= 1;
    e
}

/// An expression as an operand (parenthesised).
fn operand(g: &mut Gen<'_>) -> String {
    format!("({})", expr(g))
}

/// A name the statements assign and read.
fn name(g: &mut Gen<'_>) -> &'static str {
    ["a", "b", "c"][g.pick(3)]
}

/// One statement (maybe several lines), indented by `ind`.
fn statement(g: &mut Gen<'_>, ind: &str) -> String {
    match g.pick(19) {
        0..=3 => format!("{} = {}", name(g), expr(g)),
        4 => format!("print({})", expr(g)),
        5 => {
            let (n, i, e) = (name(g), int(g), expr(g));
            match g.pick(5) {
                0 => format!("{n}[{i}] = {e}"),
                1 => format!("{n}[{i}:{}] = {e}", int(g)),
                2 => format!("del {n}[{i}]"),
                3 => format!("del {n}[{i}::{}]", int(g)),
                _ => format!(
                    "{n} {}= {e}",
                    g.one(&["+", "*", "-", "|", "&", "<<", "//", "%"])
                ),
            }
        }
        6 => {
            let (n, it) = (name(g), expr(g));
            format!("for {n} in {it}:\n{ind}    if {n}: break\n{ind}else:\n{ind}    {n} = 0")
        }
        7 => {
            let e = expr(g);
            let exc = g.one(&[
                "E()",
                "E",
                "ValueError",
                "StopIteration(1)",
                "e",
                "None",
                "5",
            ]);
            match g.pick(3) {
                0 => format!("raise {exc}"),
                1 => format!("raise {exc} from {e}"),
                _ => format!("try:\n{ind}    raise {exc}\n{ind}finally:\n{ind}    a = {e}"),
            }
        }
        8 => {
            let depth = g.one(&["100", "2000", "10**6"]);
            match g.pick(4) {
                0 => {
                    format!("def r(n):\n{ind}    return r(n + 1) if n < {depth} else n\n{ind}r(0)")
                }
                1 => format!(
                    "def r(n):\n{ind}    return [r(n + 1)] if n < {depth} else []\n{ind}a = repr(r(0))"
                ),
                2 => "a = []\nfor _ in range(200000):\n    a = [a]\nb = repr(a)"
                    .replace('\n', &format!("\n{ind}")),
                _ => format!(
                    "class R:\n{ind}    def __repr__(self):\n{ind}        return repr(self)\n{ind}repr(R())"
                ),
            }
        }
        9 => {
            let (e, v) = (expr(g), value(g));
            match g.pick(6) {
                0 => format!("g = gen()\n{ind}next(g)\n{ind}g.send({v})\n{ind}g.throw({e})"),
                1 => format!("g = gen()\n{ind}g.send({v})"),
                2 => format!("g = gen()\n{ind}next(g)\n{ind}next(g)\n{ind}g.close()"),
                3 => format!("def y():\n{ind}    yield from {e}\n{ind}a = list(y())"),
                4 => format!("def y():\n{ind}    yield next(g)\n{ind}g = y()\n{ind}next(g)"),
                _ => format!("g = (x * 2 for x in ({e}))\n{ind}a = list(g) + list(g)"),
            }
        }
        10 => {
            let e = expr(g);
            let exit = g.one(&["True", "None", "1 / 0", "self.x", "(yield)"]);
            let exit = if exit == "(yield)" { "0" } else { exit };
            format!(
                "class W:\n{ind}    def __enter__(self):\n{ind}        return {e}\n{ind}    def __exit__(self, *a):\n{ind}        return {exit}\n{ind}with W() as w:\n{ind}    a = w + 1"
            )
        }
        11 => {
            let (a, b) = (expr(g), expr(g));
            format!(
                "def f():\n{ind}    for i in range(3):\n{ind}        try:\n{ind}            return {a}\n{ind}        finally:\n{ind}            if i < 2: continue\n{ind}            b = {b}\n{ind}a = f()"
            )
        }
        12 => {
            let big = g.one(&[
                "[0] * 10**6",
                "'x' * 10**7",
                "bytearray(10**8)",
                "list(range(10**6))",
                "10 ** 10 ** 5",
                "2 ** (2 ** 40)",
                "(1 << 10**6) * (1 << 10**6)",
                "{i: i for i in range(10**5)}",
                "' '.join(['ab'] * 10**5)",
                "b'a' * 2**62",
                "[1] * 2**62",
                "'x' * -2**63",
                "bytes(range(256)) * 10**4",
                "str(10 ** 3000)",
                "int('9' * 20000)",
                "float(10**400)",
                "10**400 / 3",
                "(10**400) // 3.0",
                "divmod(10**50, 0.5)",
                "pow(10**50, -1, 7)",
                "pow(3, 10**20, 10**9 + 7)",
                "1 << 2**40",
                "-1 >> 2**100",
                "(-1) ** (2**70 + 1)",
                "0.5 ** -1075",
                "2.0 ** 2**40",
            ]);
            format!("a = {big}")
        }
        13 => {
            let e = expr(g);
            format!(
                "class K({}):\n{ind}    x = {e}\n{ind}    def __init__(self, *a):\n{ind}        self.y = a\n{ind}a = K({})",
                g.one(&[
                    "",
                    "int",
                    "list",
                    "dict",
                    "str",
                    "Exception",
                    "object, int",
                    "K if 0 else object"
                ]),
                value(g)
            )
        }
        14 => {
            let (n, e) = (name(g), expr(g));
            format!("if {n}:\n{ind}    {n} = {e}\n{ind}elif {e}:\n{ind}    pass")
        }
        15 => {
            let (a, k) = (expr(g), value(g));
            match g.pick(4) {
                0 => format!("a = sorted({a}, key=lambda x: 1 / 0)"),
                1 => format!("a = list({a})\n{ind}a.sort(key={k})"),
                2 => format!("a = [C(), C(), {a}]\n{ind}a.sort()"),
                _ => format!("a = [3, 1, 2]\n{ind}a.sort(key=lambda x: a.append(x))"),
            }
        }
        16 => {
            let (f, e) = (
                g.one(&["exec", "eval", "compile"]),
                g.one(&[
                    "'1 +'",
                    "'a'",
                    "'x = 1'",
                    "'(' * 300",
                    "'[' * 2000",
                    "'1' * 10",
                    "b'\\xff'",
                    "'def f(:'",
                    "'lambda: (yield)'",
                    "'\\x00'",
                ]),
            );
            if f == "compile" {
                format!(
                    "a = compile({e}, 'f', {})",
                    g.one(&["'exec'", "'eval'", "'single'", "'bad'"])
                )
            } else {
                format!("a = {f}({e})")
            }
        }
        17 => g.one(STRESS).replace('\n', &format!("\n{ind}")),
        _ => {
            let (n, e) = (name(g), expr(g));
            format!("{n} = {n}, {e}\n{ind}{n} = {n}[0] if {n} else {n}")
        }
    }
}

/// A program: the prelude, then statements, most of them guarded.
pub fn program(choices: &[u32]) -> String {
    let mut g = Gen {
        choices,
        at: 0,
        depth: 0,
    };
    let mut src = String::from(PRELUDE);
    src.push_str("a = b = c = 0\n");
    let n = 1 + g.pick(12);
    for _ in 0..n {
        if g.pick(12) == 0 {
            // Unguarded: an exception ends the program.
            src.push_str(&statement(&mut g, ""));
            src.push('\n');
        } else {
            src.push_str("try:\n    ");
            src.push_str(&statement(&mut g, "    "));
            src.push_str("\nexcept Exception as e:\n    print('!', type(e).__name__)\n");
        }
    }
    src
}
