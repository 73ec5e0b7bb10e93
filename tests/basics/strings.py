s = "hello"
t = s + " world"
print(t, len(t), t[0], t[-1], t[1:4])
print(repr(s), str(12), "a" * 3)
print("x" in t, "z" in t, s == "hello", s < "help")
for ch in "abc":
    print(ch, ord(ch), chr(ord(ch) + 1))
print(t.upper(), t.split(" "), "-".join(["a", "b", "c"]))
print("%d items" % 3, "{} and {}".format(1, 2))
