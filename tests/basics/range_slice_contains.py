# A slice of a range keeps the slice's adjusted bounds (as CPython prints
# them); `in`, index() and count() compare as == does.
r = range(10)
print(r[::-3], r[-100:100:7], r[5:1:-2], r[8:-12:-3], r[3:3], r[::2])
print(range(0, 30, 3)[::-3], range(10, 0, -1)[-100:100:7], range(-5, 7, 4)[::7])
print(1.0 in r, 1.5 in r, True in r, False in range(1, 3), "a" in r)
print(r.index(4.0), r.count(9.0), range(0, 10, 2).index(True - 1))
print(float("nan") in r, 1e300 in r, -0.0 in r)
class Four:
    def __eq__(self, other):
        return other == 4
print(Four() in r, r.index(Four()), r.count(Four()), Four() in range(3))
try:
    r.index(2.5)
except ValueError:
    print("ValueError")
