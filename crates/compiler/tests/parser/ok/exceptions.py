try:
    a()
except:
    b()
try:
    a()
except Exception:
    pass
try:
    a()
except Exception as e:
    raise
except (TypeError, ValueError) as e:
    raise ValueError("bad") from e
except OSError:
    raise RuntimeError() from None
else:
    ok()
finally:
    cleanup()
try:
    try:
        pass
    finally:
        pass
except E:
    pass
raise
raise E
raise E("msg")
raise E from cause
assert x
assert x, "message"
assert isinstance(x, int), f"bad {x!r}"
