# The builtins module: its attributes are the built-ins, and a name added
# to it is found like a built-in.
import builtins

print(builtins.__name__, builtins.len is len, builtins.print is print, builtins.ValueError is ValueError)
names = dir(builtins)
print(all(n in names for n in ("abs", "len", "min", "max", "open", "range", "print", "isinstance", "Exception", "KeyError")))
print(builtins.max(1, 5), builtins.min([3, 4]), builtins.sum(builtins.range(4)), getattr(builtins, "abs")(-2))
print(hasattr(builtins, "no_such_builtin"))

builtins.answer = 42


def read_answer():
    return answer


print(read_answer(), answer)
# A global of the same name wins over the added built-in.
answer = 7
print(answer, read_answer())
del answer
print(answer)
del builtins.answer
try:
    read_answer()
except NameError:
    print("NameError after del")
