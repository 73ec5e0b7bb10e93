# A name set on the builtins module replaces the built-in of that name
# everywhere (until restored); one deleted from globals finds it again.
import builtins
original_len = len
builtins.len = lambda x: "patched"
def inner():
    return len([1, 2])
print(len("abc"), inner())
builtins.len = original_len
print(len("abc"), inner())
builtins.brand_new = 42
print(brand_new)
abs = lambda x: "global"
print(abs(-1))
del abs
print(abs(-1))
del builtins.brand_new
try:
    brand_new
except NameError:
    print("NameError")
