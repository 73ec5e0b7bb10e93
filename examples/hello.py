# A first Pyrite program: compile with mpy-cross, run with pyrite.
def greet(name, punctuation="!"):
    return "Hello, " + name + punctuation

for who in ["Pyrite", "pyboard", "micro:bit"]:
    print(greet(who))

squares = {n: n * n for n in range(6)}
print(squares)
print(sum(squares.values()), max(squares, key=squares.get))
