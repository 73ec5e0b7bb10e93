# A comment
x = [
    1,
    2,  # trailing
]
y = (1 +
     2)
z = 1 + \
    2
if x:

    # comment inside

    a = 1
        # odd comment
    b = 2
def f(
    a,
    b,
):
    pass
call(
    a,
    b=2,
)
s = {
    'a': 1,
    'b': 2,
}
