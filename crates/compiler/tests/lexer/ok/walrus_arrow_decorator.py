@decorator
@mod.attr(1)
def f(x: int = 0) -> None:
    if (n := len(x)) > 10:
        return n
