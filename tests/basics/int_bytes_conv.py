# int.to_bytes/from_bytes: defaults, keywords, signedness and any iterable of ints.
print((5).to_bytes(), (5).to_bytes(2), int.from_bytes(b"\x01\x02"), (65).to_bytes(1, byteorder="little"), int.from_bytes(b"\x80", byteorder="big", signed=True))
print((-5).to_bytes(2, "little", signed=True), int.from_bytes(bytearray(b"\xff\xff"), "little", signed=True), int.from_bytes([1, 2], "big"))
print((2**64).to_bytes(9, "little"), int.from_bytes(b"\x00" * 20 + b"\x01", "big"))
try: (5).to_bytes(1, "middle")
except ValueError: print("ValueError byteorder")
print(int.from_bytes((x for x in [1, 0]), "little"), int.from_bytes(range(3), "big"), int.from_bytes([], "big"))
for bad in ([256], ["a"], 5, "ab"):
    try: int.from_bytes(bad, "big")
    except (TypeError, ValueError) as e: print(type(e).__name__)
