# `re` as MicroPython has it, where CPython differs: the `ure` alias, the
# match repr, `ValueError` for a bad pattern, `{` as an ordinary character,
# an unknown escape as the character itself, `.` matching a newline.
import re
import ure

print(ure is re)
print(re.match("a", "a"))
print(re.match("(a)(b)", "ab"))
print(re.match(b"(a)", b"a"))
print(type(re.compile("a")), type(re.match("a", "a")))
print(re.match("a{2}", "a{2}").group(0))
print(re.match("a{2}", "aa"))
print(re.match(r"\bx", "bx").group(0))
print(re.match(r"\q\{", "q{").group(0))
print(re.match("a.c", "a\nc").group(0) == "a\nc")
print(re.search("b$", "ab\n"))
for pat in ["(", ")", "a**", "[", "(?P<n>a)", "(?=a)", "\\"]:
    try:
        re.compile(pat)
        print(repr(pat), "compiled")
    except ValueError as e:
        print(repr(pat), "ValueError")
