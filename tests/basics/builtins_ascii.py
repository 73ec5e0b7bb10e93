# ascii() is repr() with non-ASCII characters escaped.
for v in ["plain", "café", "€uro", "😀", "tab\there", b"\xe9", ["ü", ("ß",)], {"ключ": 1}, 42, None]:
    print(ascii(v), ascii(v) == repr(v))
print("%a|" % "ñ", "{0!a}|{0!a:>12}|{1!a}".format("é", "ö"))
