# A big int where a count, width or length must fit a machine word raises
# OverflowError (not TypeError); a float or a str there is a TypeError.
big = 2**100
cases = [
    "[0] * big",
    "big * [0]",
    "[0] * -big",
    "(1,) * big",
    "'ab' * big",
    "big * 'ab'",
    "b'ab' * big",
    "bytearray(b'ab') * big",
    "bytearray(big)",
    "bytes(big)",
    "'x'.center(big)",
    "'x'.ljust(big)",
    "'x'.rjust(-big)",
    "'x'.zfill(big)",
    "'a b'.split(' ', big)",
    "'a b'.rsplit(None, big)",
    "'\\tx'.expandtabs(big)",
    "chr(big)",
    "chr(-big)",
    "(1).to_bytes(big, 'big')",
    "'%*d' % (big, 1)",
    "'%.*f' % (big, 1.0)",
]
for expr in cases:
    try:
        print(expr, eval(expr))
    except OverflowError:
        print(expr, "OverflowError")

items = [1]
try:
    items *= big
except OverflowError:
    print("list *= big: OverflowError", items)

for expr in ("[0] * 2.0", "'x'.center(1.5)", "chr('a')", "bytearray(1.0)", "'%*d' % ('x', 1)"):
    try:
        print(expr, eval(expr))
    except TypeError:
        print(expr, "TypeError")
# Big ints that fit the operation are fine.
print(len([0] * (big // big)), "x".center(big - big + 3) + "|", chr(big // 2**94))
