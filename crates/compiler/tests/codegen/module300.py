# A 300-line module: the peak-memory test compiles it (tests/codegen_memory.rs).
from micropython import const

_WIDTH = const(16)
HEIGHT = const(8)
_SCALE = const(_WIDTH * HEIGHT)


class Grid:
    """A small grid of cells."""

    def __init__(self, w=_WIDTH, h=HEIGHT):
        self.w = w
        self.h = h
        self.cells = [0] * (w * h)

    def get(self, x, y):
        if 0 <= x < self.w and 0 <= y < self.h:
            return self.cells[y * self.w + x]
        return -1

    def set(self, x, y, v):
        if 0 <= x < self.w and 0 <= y < self.h:
            self.cells[y * self.w + x] = v

    def neighbours(self, x, y):
        total = 0
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                if dx or dy:
                    v = self.get(x + dx, y + dy)
                    if v > 0:
                        total += v
        return total

    def step(self):
        new = [0] * len(self.cells)
        for y in range(self.h):
            for x in range(self.w):
                n = self.neighbours(x, y)
                alive = self.get(x, y) > 0
                if alive and n in (2, 3):
                    new[y * self.w + x] = 1
                elif not alive and n == 3:
                    new[y * self.w + x] = 1
        self.cells = new

    def count(self):
        return sum(1 for c in self.cells if c)

    def __repr__(self):
        rows = []
        for y in range(self.h):
            rows.append("".join("#" if self.get(x, y) else "." for x in range(self.w)))
        return "\n".join(rows)


def helper_0(data, factor=1, *extra, key=None, **opts):
    """Helper number 0."""
    out = []
    acc = 0
    for idx, item in enumerate(data):
        try:
            value = item * factor + idx
        except TypeError as e:
            value = len(str(item))
        if key is not None:
            value = key(value)
        acc += value
        if acc > 100:
            acc %= 7
        out.append(value)
    for e in extra:
        out.append(e)
    summary = {"sum": acc, "n": len(out), "first": out[0] if out else None}
    return out, summary


def helper_1(data, factor=2, *extra, key=None, **opts):
    """Helper number 1."""
    out = []
    acc = 0
    for idx, item in enumerate(data):
        try:
            value = item * factor + idx
        except TypeError as e:
            value = len(str(item))
        if key is not None:
            value = key(value)
        acc += value
        if acc > 110:
            acc %= 8
        out.append(value)
    for e in extra:
        out.append(e)
    summary = {"sum": acc, "n": len(out), "first": out[0] if out else None}
    return out, summary


def helper_2(data, factor=3, *extra, key=None, **opts):
    """Helper number 2."""
    out = []
    acc = 0
    for idx, item in enumerate(data):
        try:
            value = item * factor + idx
        except TypeError as e:
            value = len(str(item))
        if key is not None:
            value = key(value)
        acc += value
        if acc > 120:
            acc %= 9
        out.append(value)
    for e in extra:
        out.append(e)
    summary = {"sum": acc, "n": len(out), "first": out[0] if out else None}
    return out, summary


def helper_3(data, factor=4, *extra, key=None, **opts):
    """Helper number 3."""
    out = []
    acc = 0
    for idx, item in enumerate(data):
        try:
            value = item * factor + idx
        except TypeError as e:
            value = len(str(item))
        if key is not None:
            value = key(value)
        acc += value
        if acc > 130:
            acc %= 10
        out.append(value)
    for e in extra:
        out.append(e)
    summary = {"sum": acc, "n": len(out), "first": out[0] if out else None}
    return out, summary


def helper_4(data, factor=5, *extra, key=None, **opts):
    """Helper number 4."""
    out = []
    acc = 0
    for idx, item in enumerate(data):
        try:
            value = item * factor + idx
        except TypeError as e:
            value = len(str(item))
        if key is not None:
            value = key(value)
        acc += value
        if acc > 140:
            acc %= 11
        out.append(value)
    for e in extra:
        out.append(e)
    summary = {"sum": acc, "n": len(out), "first": out[0] if out else None}
    return out, summary


def helper_5(data, factor=6, *extra, key=None, **opts):
    """Helper number 5."""
    out = []
    acc = 0
    for idx, item in enumerate(data):
        try:
            value = item * factor + idx
        except TypeError as e:
            value = len(str(item))
        if key is not None:
            value = key(value)
        acc += value
        if acc > 150:
            acc %= 12
        out.append(value)
    for e in extra:
        out.append(e)
    summary = {"sum": acc, "n": len(out), "first": out[0] if out else None}
    return out, summary


def helper_6(data, factor=7, *extra, key=None, **opts):
    """Helper number 6."""
    out = []
    acc = 0
    for idx, item in enumerate(data):
        try:
            value = item * factor + idx
        except TypeError as e:
            value = len(str(item))
        if key is not None:
            value = key(value)
        acc += value
        if acc > 160:
            acc %= 13
        out.append(value)
    for e in extra:
        out.append(e)
    summary = {"sum": acc, "n": len(out), "first": out[0] if out else None}
    return out, summary


def helper_7(data, factor=8, *extra, key=None, **opts):
    """Helper number 7."""
    out = []
    acc = 0
    for idx, item in enumerate(data):
        try:
            value = item * factor + idx
        except TypeError as e:
            value = len(str(item))
        if key is not None:
            value = key(value)
        acc += value
        if acc > 170:
            acc %= 14
        out.append(value)
    for e in extra:
        out.append(e)
    summary = {"sum": acc, "n": len(out), "first": out[0] if out else None}
    return out, summary


def helper_8(data, factor=9, *extra, key=None, **opts):
    """Helper number 8."""
    out = []
    acc = 0
    for idx, item in enumerate(data):
        try:
            value = item * factor + idx
        except TypeError as e:
            value = len(str(item))
        if key is not None:
            value = key(value)
        acc += value
        if acc > 180:
            acc %= 15
        out.append(value)
    for e in extra:
        out.append(e)
    summary = {"sum": acc, "n": len(out), "first": out[0] if out else None}
    return out, summary


def helper_9(data, factor=10, *extra, key=None, **opts):
    """Helper number 9."""
    out = []
    acc = 0
    for idx, item in enumerate(data):
        try:
            value = item * factor + idx
        except TypeError as e:
            value = len(str(item))
        if key is not None:
            value = key(value)
        acc += value
        if acc > 190:
            acc %= 16
        out.append(value)
    for e in extra:
        out.append(e)
    summary = {"sum": acc, "n": len(out), "first": out[0] if out else None}
    return out, summary


def run():
    g = Grid()
    for x, y in ((1, 0), (2, 1), (0, 2), (1, 2), (2, 2)):
        g.set(x, y, 1)
    for _ in range(4):
        g.step()
    print(g.count(), _SCALE)
    data = list(range(12))
    results = [helper_0(data), helper_1(data, 2), helper_2(data, key=abs)]
    results.append(helper_3(data, 3, "x", "y"))
    results.append(helper_4(["a", "bb", 3]))
    results.append(helper_5(data[:3], key=lambda v: v * v))
    results.append(helper_6(data[::2]))
    results.append(helper_7(data[1::3], 0))
    results.append(helper_8([]))
    results.append(helper_9(data, factor=-1))
    for out, summary in results:
        print(len(out), summary["sum"], summary["n"], summary["first"])



def describe(value):
    """Name a value's kind."""
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "str"
    return "other"


run()
print("done")
print(describe(1), describe("s"), describe(None))
