# The `re` module: matching, searching, groups, spans, sub and split on
# str and bytes (output compared with CPython).
import re


def show(m):
    if m is None:
        print(None)
    else:
        print(m.group(0), m.groups(), m.span())


# Literals, escapes, the dot and anchors
show(re.match("abc", "abcd"))
show(re.match("abc", "xabc"))
show(re.search("abc", "xxabcx"))
show(re.search("a.c", "zabcz"))
show(re.search(r"\.\*\+\?", "x.*+?y"))
show(re.search("\t", "a\tb"))
show(re.search("^b", "ab"))
show(re.search("^a", "ab"))
show(re.search("b$", "ab"))
show(re.search("a$", "ab"))
show(re.search("", "abc"))

# Classes
show(re.search("[a-c]+", "xxbcay"))
show(re.search("[^a-c]+", "abxyzc"))
show(re.search("[abc-]+", "z-a-b"))
show(re.search("[-x]+", "a-x-"))
show(re.search("[]a]+", "b]a]"))
show(re.search(r"[\]\\]+", "a]\\b"))
show(re.search(r"\d+", "abc 123 def"))
show(re.search(r"\D+", "123abc456"))
show(re.search(r"\w+", "  hello_w0rld!"))
show(re.search(r"\W+", "abc, def"))
show(re.search(r"\s+", "a \t\nb"))
show(re.search(r"\S+", "   xyz  "))
show(re.search(r"[\d\s]+", "ab1 2 3cd"))
show(re.search(r"[^\d\s]+", "12 ab3"))
show(re.search(r"[\w.]+@[\w.]+", "mail: me@example.org, you"))

# Repetition, greedy and lazy
show(re.match("a*", "aaab"))
show(re.match("a*", "baaa"))
show(re.match("a+", "aaab"))
show(re.match("a+", "baaa"))
show(re.match("ab?c", "ac"))
show(re.match("ab?c", "abc"))
show(re.match("a.*b", "aXbXbX"))
show(re.match("a.*?b", "aXbXbX"))
show(re.match("a+?", "aaa"))
show(re.match("a??b", "ab"))
show(re.match("x??", "x"))
print(re.match("(a*)*b", "aab").group(0))
show(re.match("(a|b)*c", "ababc"))
show(re.match("(ab)+", "ababa"))

# Alternation and groups
show(re.match("cat|dog", "dog food"))
show(re.search("cat|dog", "hotdog"))
show(re.match("a|", "b"))
show(re.match("(a|ab)(c|bcd)(d*)", "abcd"))
show(re.match("(a)|(b)", "b"))
show(re.match("(?:ab)+(c)", "ababc"))
show(re.match("((a)(b))", "ab"))
show(re.match("()", "x"))

m = re.match(r"(\w+) (\w+)(x)?", "hello world")
print(m.group(), m.group(0), m.group(1), m.group(2), m.group(3))
print(m.group(1, 2, 3))
print(m.groups(), m.groups("-"))
print(m.start(), m.end(), m.start(1), m.end(1), m.start(2), m.end(2))
print(m.start(3), m.end(3), m.span(3), m.span(2))
for bad in (4, -1):
    try:
        m.group(bad)
    except IndexError:
        print("IndexError", bad)
try:
    m.span(9)
except IndexError:
    print("IndexError span")

# Non-ASCII text: positions count characters
m = re.search("(é+)(.)", "abéé€x")
print(m.group(1), m.group(2), m.span(), m.span(1), m.start(2))
print(re.search("[à-ü]+", "xxöäy").group(0))

# bytes
m = re.search(rb"(\d+)-(\d+)", b"tel 123-456.")
print(m.group(0), m.groups(), m.span())
print(re.sub(rb"\s+", b" ", b"a  b\t\nc"))
print(re.split(rb",", b"1,2,,3"))
print(re.match(b".", bytes("é", "utf-8")).group(0))

# compile and the methods of a compiled pattern
r = re.compile(r"(\d+)")
print(r.match("12ab").group(1), r.match("ab12"), r.search("ab12").group(1))
print(re.compile(r, 0) is r)
print(re.compile("a", 0).match("a").group(0))
print(r.sub("<\\1>", "a1b22c333"))
print(r.sub("#", "a1b22c333", 2))
print(r.sub("#", "a1b22c333", count=1))
print(r.split("a1b22c"))
print(r.split("a1b22c333d", 2))
print(r.split("a1b22c", maxsplit=1))

# sub
print(re.sub("a", "b", "banana"))
print(re.sub("a", "b", "banana", 2))
print(re.sub("a", "b", "banana", count=1))
print(re.sub("(a)(n)", r"\2\1", "banana"))
print(re.sub("(a)(n)", r"\g<2>\g<1>|\g<0>", "banana"))
print(re.sub("(a)(x)?", r"[\1\2]", "banana"))
print(re.sub("a", r"\n\t\\", "ab"))
print(re.sub("x*", "-", "abxc"))
print(re.sub("", "-", "abc"))
print(re.sub("q", "-", "abc"))
print(re.sub(r"\d+", lambda m: str(int(m.group(0)) * 2), "a1b22c333"))
print(re.sub("(.)", lambda m: m.group(1).upper(), "abc"))
print(re.sub("é", "e", "été"))
try:
    re.sub("a", lambda m: 5, "abc")
except TypeError:
    print("TypeError repl result")
try:
    re.sub("(a)", r"\2", "a")
except Exception:
    print("bad group reference")

# split
print(re.split(",", "a,b,c"))
print(re.split(",", "a,b,c", 1))
print(re.split(",", "a,b,c", maxsplit=1))
print(re.split(",", ""))
print(re.split(",", ",a,"))
print(re.split(r"\s*;\s*", "a ; b;c  ;d"))
print(re.split("(,)", "a,b"))
print(re.split("(,)|(;)", "a,b;c"))
print(re.split("x*", "axbc"))

# Bad patterns and arguments
print(re.compile(pattern="a+").match("aa").group(0))
print(re.search(string="xab", pattern="a(b)").group(1))
print(re.sub("a", "b", "aaa", flags=0, count=2))
print(re.split(",", "a,b", flags=0))
for call in (lambda: re.match("a"), lambda: re.search("a", "b", foo=1), lambda: re.sub("a", 5, "a")):
    try:
        call()
    except TypeError:
        print("TypeError")


def failing(m):
    raise KeyError(m.group(0))


try:
    re.sub("b", failing, "abc")
except KeyError as e:
    print("KeyError", e)
for pat in ["(", ")", "a)", "(a", "a**", "*a", "+", "?", "a|*", "[", "[a-", "[z-a]", "\\", "a???"]:
    try:
        re.compile(pat)
        print(repr(pat), "compiled")
    except Exception:
        print(repr(pat), "error")
for args in [(1, "a"), ("a", 1), ("a", None)]:
    try:
        re.match(*args)
    except TypeError:
        print("TypeError", args)

# Deep and pathological patterns end (slowly at worst), never crash
print(re.match("(a*)*b", "a" * 14))
print(re.match("(a|aa)*c", "a" * 16))
print(len(re.match("(ab)*", "ab" * 500).group(0)))
print(re.search("x+y", "x" * 1000 + "y").span())
deep = "(" * 20 + "a" + ")" * 20
print(re.match(deep, "a").groups().count("a"))
