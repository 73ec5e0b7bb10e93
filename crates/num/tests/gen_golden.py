#!/usr/bin/env python3
"""Generate tests/data/golden.txt: expected outputs of CPython for pyrite-num.

Run from anywhere with python3 (3.11+: the `z` format option); the output is
committed. Each line is TAB-separated: a section name, then fields. Fields are
escaped: backslash, tab, newline and non-printable characters as \\\\, \\t,
\\n, \\u{HEX}. Floats are given as the hex of their IEEE bits so they are
exact. An expected error is `!ExcName: message`.
"""
import math
import os
import random
import struct
from fractions import Fraction

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "golden.txt")


def esc(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch.isprintable() and ch != "\x00":
            out.append(ch)
        else:
            out.append("\\u{%x}" % ord(ch))
    return "".join(out)


def fbits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def err(e):
    return "!%s: %s" % (type(e).__name__, e)


def attempt(f):
    try:
        return f()
    except (ValueError, OverflowError, ZeroDivisionError, TypeError) as e:
        return err(e)


lines = []


def emit(*fields):
    lines.append("\t".join(esc(str(f)) for f in fields))


rng = random.Random(20240611)

FLOATS = [
    0.0, -0.0, 0.1, 0.2, 0.3, 0.5, 1.0, -1.0, 1.5, 2.5, -2.5, 0.125, 0.375, 2.675, 1.005,
    123456789.0, 1234567.125, 1e16, 1e15, 9999999999999998.0, 1e-5, 1e-4, 0.0001234,
    1.5e-5, float(2**53), 2.0**63, 1e22, 1e23, 5e-324, 1e-310, 2.2250738585072014e-308,
    1.7976931348623157e308, float("inf"), float("-inf"), float("nan"), math.pi, -math.e,
    2 / 3, 1 / 3 * 1e10, 99.995, 0.045, 9.5, 1e100, 1.5e300, 123.456, -0.001, 0.0005,
    999999.5, 9.999999e-5, 12345.6789, -98765.4321, 0.999999, 9.9999995, 1e300 * 10,
]
FLOATS_RANDOM = []
for _ in range(60):
    e = rng.randint(-30, 30)
    FLOATS_RANDOM.append(rng.choice([1, -1]) * rng.random() * 10.0**e)
for _ in range(40):
    FLOATS_RANDOM.append(struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0])

# --- repr -----------------------------------------------------------------
for x in FLOATS + FLOATS_RANDOM + [10.0**k for k in range(-8, 24)] + [1.0 + 2**-52, 0.1 + 0.2]:
    emit("repr", fbits(x), repr(x))


# --- repr at f32 precision -------------------------------------------------
def f32(x):
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return math.inf


def repr32(v):
    if math.isnan(v) or math.isinf(v) or v == 0:
        return repr(v)
    for p in range(1, 10):
        s = "%.*e" % (p - 1, v)
        if f32(float(s)) == v:
            return repr(float(s))
    raise AssertionError(v)


F32S = [0.1, 0.2, 0.3, 1.0, 1.5, 3.14159, 1e10, 1e-10, 16777216.0, 16777217.0, 3.4028234663852886e38,
        1.401298464324817e-45, 1.1754943508222875e-38, 123456.789, 0.0001, 1e16, 1e-5, 2.5, -7.25, -0.0]
for _ in range(60):
    F32S.append(rng.uniform(-1, 1) * 10.0 ** rng.randint(-20, 20))
for x in F32S:
    v = f32(x)
    emit("repr32", "%08x" % struct.unpack("<I", struct.pack("<f", v))[0], repr32(v))

# --- float() parsing --------------------------------------------------------
PARSE = [
    "0", "1", "-1", "+1.5", "  3.25  ", "\t-0.0\n", ".5", "5.", "-.5e3", "1e5", "1E5", "1e+5", "1e-5",
    "1_000.000_1", "1_0e1_0", "1__0", "_1", "1_", "1._5", "1.5_", "1e_5", "1e5_", "0x10", "inf", "-inf",
    "+Infinity", "iNfInItY", "nan", "-NaN", "infinit", "nana", "", " ", ".", "e5", "1e", "1e+", "--1",
    "+-1", "1.2.3", "1 2", "0.1", "0.30000000000000004", "2.2250738585072011e-308",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e400", "-1e400",
    "1e-400", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999999999999999999999999999999999999999",
    "0." + "0" * 400 + "1e400", "1" + "_0" * 500, "0.000_000_000_000_000_000_000_000_1",
    "9007199254740993", "9007199254740993.000000000000000000000000000000000000000001",
    "9_007_199_254_740_993.000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_1",
    "1.00000000000000011102230246251565404236316680908203125",
    "1.00000000000000011102230246251565404236316680908203124",
    "1.000_000_000_000_000_111_022_302_462_515_654_042_363_166_809_082_031_25",
    "1.000_000_000_000_000_111_022_302_462_515_654_042_363_166_809_082_031_250_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_001",
    "\u00a012\u2003", "1\x00", "0e0", "00000.00000e-00000", "1e" + "9" * 30, "1e-" + "9" * 30,
]
for s in PARSE:
    try:
        v = float(s)
        emit("parse", s, "nan" if math.isnan(v) else fbits(v))
    except ValueError:
        emit("parse", s, "!ValueError")

# float literals as the compiler sees them
for s in ["1.5", ".5", "5.", "1e3", "1_0.0_1", "1e-3", "0.0", "00.5", "1_", "inf", "-1", " 1", "1e", "1.e5"]:
    try:
        v = eval(s) if all(c in "0123456789._eE+-" for c in s) and not s.startswith(("-", "+")) else None
        if v is None:
            raise SyntaxError
        emit("literal", s, fbits(float(v)))
    except SyntaxError:
        emit("literal", s, "!SyntaxError")

# --- format() --------------------------------------------------------------
FLOAT_SPECS = [
    "", "e", "E", "f", "F", "g", "G", "n", "%", ".0", ".1", ".2", ".3", ".10", ".17", ".0e", ".2e",
    ".10e", ".0f", ".2f", ".10f", ".30f", ".0g", ".1g", ".2g", ".3g", ".10g", ".17g", ".20g", "#",
    "#.0", "#.3", "#e", "#.0e", "#f", "#.0f", "#g", "#.0g", "#.3g", "+", " ", "-", "+.2f", " .3e",
    "10", "<10", "^12", ">12", "=12", "010", "012,.2f", ",", "_", ",.2f", "_.3f", ",g", ",e", "z",
    "z.1f", "z.2e", "z.3g", "+z.0f", "*^15.3f", "0<12", "0=+12.3e", "#x>12.1%", ".3%", ".0%", ",.2%",
    "20.10g", "08.3g", "015,.1f", "d", "x", "c", "s", ",n", "_n", ",_", "__", ".", "1.2.3",
    "\u00e9^10.2f", "#.0%", "+015_.2f", "015", "=+015.3",
]
for x in FLOATS + FLOATS_RANDOM[:15]:
    for spec in FLOAT_SPECS:
        emit("fmt_float", fbits(x), spec, attempt(lambda: format(x, spec)))

INTS = [
    0, 1, -1, 5, 7, -7, 42, 97, 255, -255, 1234, -1234, 65536, 123456789, -987654321, 2**31,
    2**32 - 1, 2**53 + 1, 2**63 - 1, -2**63, 2**64, 10**20, -10**25, 2**100, 3**80, -(7**90),
    0x10FFFF, 0x110000, 10**400,
]
INT_SPECS = [
    "", "d", "b", "o", "x", "X", "n", "c", "#b", "#o", "#x", "#X", "+d", " d", "-d", ",", "_", ",d",
    "_b", "_x", "#_x", "10", "<10", "^10", ">10", "=10", "010", "+010", "#010x", "012,", "08,", "09,",
    "0=10,", "x<10,", "*^+#20_X", "#012_b", "e", ".2e", "f", ".3f", "g", "%", ".1%", ",.2f", "z",
    ".2", "+c", "#c", ",c", ",x", "_n", "s", "5c", "020_o", "0>10", ",_", "__", ",,", "-^30,", "zd",
    "=^9", "^=9", "0c", "\u00e9>8", "+#o", " #X", "40_b", "z.2f", ".3",
]
for x in INTS:
    for spec in INT_SPECS:
        if spec.endswith("c") and 0xD800 <= x <= 0xDFFF:
            continue
        emit("fmt_int", x, spec, attempt(lambda: format(x, spec)))

STRS = ["", "a", "abc", "hello world", "\u00fcn\u00efc\u00f6d\u00e9", "\u65e5\u672c\u8a9e"]
STR_SPECS = [
    "", "s", "10", "<10", ">10", "^10", "^11", "x^9", "*>7", ".2", "10.3", ".0", "05", "0<5", "+", "#",
    "=5", "z", ",", "d", ",d", "_s", "x", ".100", "\u00e9^9", "=s", "+s", "z#", "0", "0>6", "<<<",
]
for s in STRS:
    for spec in STR_SPECS:
        emit("fmt_str", s, spec, attempt(lambda: format(s, spec)))

# --- % formatting ------------------------------------------------------------
INT_PCT = ["%d", "%i", "%u", "%x", "%X", "%o", "%#x", "%#X", "%#o", "%5d", "%-5d", "%05d", "%+d", "% d",
           "%+05d", "%.3d", "%5.3d", "%-5.3d", "%05.3d", "%#.3x", "%#08x", "%-#8o", "% 5d", "%+.0d",
           "%.0d", "%-+08d", "%ld", "%#5X"]
for x in INTS:
    for f in INT_PCT:
        emit("pct_int", x, f, attempt(lambda: f % x))
FLOAT_PCT = ["%e", "%E", "%f", "%F", "%g", "%G", "%.2e", "%.0e", "%#.0e", "%.3f", "%.0f", "%#.0f",
             "%10.3f", "%-10.3f", "%010.3f", "%+.2f", "% .2f", "%.3g", "%#g", "%#.3g", "%.0g", "%.10g",
             "%.20f", "%015.4e", "%-+12.3g", "%010f", "%-010.2e"]
for x in FLOATS:
    for f in FLOAT_PCT:
        emit("pct_float", fbits(x), f, attempt(lambda: f % x))
for s in STRS:
    for f in ["%s", "%5s", "%-5s", "%.2s", "%5.1s", "%-8.3s", "%05s", "%r", "%10r", "%c", "%3c"]:
        if "c" in f and len(s) != 1:
            continue
        arg = repr(s) if "r" in f else s
        emit("pct_str", s, f, f % (s,), arg)
for x in [65, 97, 0x263A, 0x10FFFF, 0x110000, -1]:
    for f in ["%c", "%5c", "%-5c"]:
        emit("pct_char", x, f, attempt(lambda: f % x))

# --- round(x, n) -------------------------------------------------------------
for x in FLOATS + FLOATS_RANDOM[:40] + [0.5, 1.5, 2.5, -0.5, 0.25, 0.35, 1.45, 5e-5, 15.0, 25.0, 35.0, 50.0, 150.0, 250.0]:
    for n in [-310, -309, -308, -300, -20, -5, -2, -1, 0, 1, 2, 3, 5, 10, 15, 17, 20, 100, 300, 323, 324]:
        r = attempt(lambda: round(x, n))
        emit("round", fbits(x), n, r if isinstance(r, str) else ("nan" if math.isnan(r) else fbits(r)))
    r = attempt(lambda: round(x))
    emit("round0", fbits(x), r)

# --- float divmod -------------------------------------------------------------
DM = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 7.5, -7.5, 0.1, 3.0, 1e300, -1e-300, float("inf"), float("-inf"), float("nan"), 5e-324, 1e16]
for x in DM:
    for y in DM:
        def dm():
            q, r = divmod(x, y)
            return "%s %s" % ("nan" if math.isnan(q) else fbits(q), "nan" if math.isnan(r) else fbits(r))
        emit("divmod", fbits(x), fbits(y), attempt(dm))


# --- hashes --------------------------------------------------------------------
def hash_bits(fr, bits):
    p = (1 << bits) - 1
    n, d = fr.numerator, fr.denominator
    h = abs(n) % p * pow(d, -1, p) % p
    if n < 0:
        h = -h
    return -2 if h == -1 else h


for x in FLOATS + FLOATS_RANDOM:
    if math.isnan(x):
        continue
    if math.isinf(x):
        emit("hash_float", fbits(x), hash(x), 314159 if x > 0 else -314159)
        continue
    emit("hash_float", fbits(x), hash(x), hash_bits(Fraction(x), 31))
for x in INTS + [-2, 2**61 - 1, 2**61, -(2**61), 2**31 - 1, 2**31, -(2**31) - 1, 2**200 + 12345]:
    emit("hash_int", x, hash(x), hash_bits(Fraction(x), 31))

# --- int(s, base) ------------------------------------------------------------------
INT_STRS = ["0", "00", "010", "0_0", "1_000", "1__0", "_1", "1_", " 12 ", "\t-12\n", "+0x1f", "0x_1f",
            "0X1F", "0o17", "0b101", "0b", "0x", "12a", "z", "Z", "-", "", " ", "0b1_0", "0_b1",
            "99999999999999999999999999999", "-0", "1e5", "0x1g", "+-1", "  +7_7  ", "0o8", "0b2",
            "\x1c5\x1f", "0x", "0_x1", "00x1", "0b_", "0x__1", "-0b11", "ZZZZZZZZZZZZZZZZZZZZZZZZ", "0o_7",
            "7" * 60, "\u00a0-9\u3000", "1 1", "0000000000000000000000000000000000000001"]
for s in INT_STRS:
    for base in [0, 2, 8, 10, 16, 36, 7, 1, 37]:
        emit("int_parse", s, base, attempt(lambda: int(s, base)))


def to_base(n, b):
    digs = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    neg = n < 0
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, b)
        out.append(digs[r])
    return ("-" if neg else "") + "".join(reversed(out))


for x in INTS + [rng.getrandbits(rng.randint(1, 3000)) * rng.choice([1, -1]) for _ in range(30)]:
    for b in [2, 3, 7, 8, 10, 12, 16, 36]:
        emit("int_str", x, b, to_base(x, b))

# int true division and int -> float
PAIRS = [(1, 3), (2**100, 3), (10**400, 10**399), (10**400, 1), (1, 10**400), (-7, 2), (7, -2), (0, -5),
         (2**1024, 1), (2**1024 - 2**970, 1), (2**1024 - 2**970 - 1, 1), (2**53 + 1, 1), (2**54 + 3, 2),
         (3**700, 2**1000), (1, 2**1074), (1, 2**1075), (3, 2**1076), (1, 2**1076), (12345678901234567890123, 10**30),
         (-(2**2000 + 1), 2**1990), (10**308 * 17, 10), (5, 0)]
for _ in range(40):
    a = rng.getrandbits(rng.randint(1, 1200)) * rng.choice([1, -1])
    b = rng.getrandbits(rng.randint(1, 1200)) or 1
    PAIRS.append((a, b))
for a, b in PAIRS:
    r = attempt(lambda: a / b)
    emit("truediv", a, b, r if isinstance(r, str) else fbits(r))
for a, _ in PAIRS:
    r = attempt(lambda: float(a))
    emit("to_float", a, r if isinstance(r, str) else fbits(r))

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8") as fh:
    fh.write("# Generated by tests/gen_golden.py with Python %s. Do not edit.\n" % ".".join(map(str, __import__("sys").version_info[:3])))
    fh.write("\n".join(lines) + "\n")
print("wrote %d cases to %s" % (len(lines), OUT))
