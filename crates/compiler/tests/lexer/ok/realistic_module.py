"""A module docstring."""

import sys
from collections import namedtuple as nt

CONSTANT = 0x10_00  # a constant


class Point(nt("Point", "x y")):
    """A point."""

    __slots__ = ()

    def __add__(self, other: "Point") -> "Point":
        return Point(self.x + other.x,
                     self.y + other.y)

    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** .5


async def main(argv=None):
    try:
        async with lock:
            await sleep(1e-3)
    except (ValueError, KeyError) as exc:
        raise RuntimeError(f"bad {exc!r}") from exc
    finally:
        pass
    for i, p in enumerate([Point(1, 2), Point(3j, 4.5)]):
        print(f"{i:>3}: {p.norm:.2f}", file=sys.stderr)
    return [x for x in range(10) if x % 2 == 0 and not x in {}]


if __name__ == "__main__":
    main(sys.argv[1:])
