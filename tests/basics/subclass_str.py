# Classes may extend str and bytes: values compare, hash and format as the
# base type's, methods return the base type, __init__ sees the arguments,
# instances take attributes.
class Name(str):
    def shout(self):
        return self.upper() + "!"
n = Name("ada")
print(n, repr(n), n == "ada", "ada" == n, n < "b", hash(n) == hash("ada"))
print(n.shout(), len(n), n[1:], "{:>5}|".format(n), "%s|%r" % (n, n), {n: 1}["ada"])
print(type(n).__name__, isinstance(n, str), type(str(n)).__name__)
print(type(n + "").__name__, type(n[:]).__name__, type(n.strip()).__name__)
class Loud(str):
    def __init__(self, text):
        print("init", text)
    def __str__(self):
        return self.upper()
print(Loud("hi"), repr(Loud("yo")), str(Loud("ok")))
class Twice(str):
    def __new__(cls, text):
        self = super().__new__(cls, text * 2)
        self.source = text
        return self
print(Twice("ab"), Twice("ab").source, type(Twice("x")).__name__, Name(), Name(12))
class Raw(bytes):
    pass
r = Raw(b"xy")
r.note = [1]
print(r, r == b"xy", r[0], r + b"z", list(r), type(bytes(r)).__name__, r.note)
