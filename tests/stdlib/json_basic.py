import json

print(json.dumps([1, 2.5, "a\"b\\c\n\x01", None, True, False, {"k": []}, (1,)]))
print(json.dumps({"a": 1, "b": [1, 2]}, separators=(",", ":")))
print(json.dumps({1: 2, None: 3, 2.5: 1, False: 0}))
print(json.dumps(float("inf")), json.dumps(-float("inf")), json.dumps(float("nan")))
print(json.dumps(1e100), json.dumps(-0.0), json.dumps(10 ** 30), json.dumps(""))
print(json.dumps([]), json.dumps({}), json.dumps([[[]]]), json.dumps("\t\r\x08\x0c/"))

print(json.loads(' {"a": [1, 2.5e3, -0, -1.5, true, false, null, "x\\u00e9\\n"]} '))
print(json.loads("123456789012345678901234567890"), json.loads("-98765432109876543210"))
print(json.loads("NaN") != json.loads("NaN"), json.loads("-Infinity"), json.loads("Infinity"))
print(json.loads('"\\ud83d\\ude00"') == "\U0001F600", json.loads('"\\"\\\\\\/"'))
print(json.loads(b"[1, 2]"), json.loads(bytearray(b'{"x": {}}')), json.loads("  0  "))
print(json.loads('{"a": 1, "a": 2}'), json.loads("[1e2, 1E-2, 0.5]"))

doc = {"name": "pyrite", "tags": ["a", "b"], "n": 3, "f": 0.25, "nested": {"ok": True}}
print(json.loads(json.dumps(doc)) == doc)


class W:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)


w = W()
json.dump([1, {"x": None}], w)
print("".join(w.parts))


class R:
    def read(self):
        return '{"from": "stream"}'


print(json.load(R()))

for bad in ("", "[1,", "[1 2]", "{1: 2}", "tru", "01", "1.", "[1]x", '"abc', "{'a': 1}", "-"):
    try:
        json.loads(bad)
        print("no error for", repr(bad))
    except ValueError:
        print("ValueError", repr(bad))

for bad in (lambda: json.dumps(object()), lambda: json.dumps({(1,): 2}), lambda: json.loads(5)):
    try:
        bad()
    except TypeError:
        print("TypeError")

l = []
l.append(l)
try:
    json.dumps(l)
except ValueError as e:
    print("ValueError", e)
