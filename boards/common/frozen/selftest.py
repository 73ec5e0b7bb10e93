# A quick self-check of the interpreter on a board: `import selftest`.
# Prints `selftest: N passed, M failed` (the qemu test looks for it).

passed = 0
failed = 0


def check(name, got, want):
    global passed, failed
    if got == want:
        passed += 1
    else:
        failed += 1
        print("selftest FAIL", name, got, want)


check("int", 6 * 7, 42)
check("bigint", 2 ** 40, 1099511627776)
check("float", 1.5 + 2.25, 3.75)
check("str", "py" + "rite", "pyrite")
check("list", [i * i for i in range(5)], [0, 1, 4, 9, 16])
check("dict", sorted({"b": 2, "a": 1}.items()), [("a", 1), ("b", 2)])

try:
    1 // 0
except ZeroDivisionError:
    check("exception", True, True)


def gen(n):
    for i in range(n):
        yield i


check("generator", sum(gen(10)), 45)


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y


check("class", Point(3, 4).norm2(), 25)
print("selftest:", passed, "passed,", failed, "failed")
