# UnboundLocalError, UnicodeDecodeError and UnicodeEncodeError, and their
# places in the hierarchy.

def reads_too_early():
    print(total)
    total = 1


try:
    reads_too_early()
except UnboundLocalError as e:
    print("UnboundLocalError", isinstance(e, NameError))

try:
    reads_too_early()
except NameError as e:
    print("caught as", type(e).__name__)

for data in (b"\xff", b"ok\xc3", b"\xe2\x82"):
    try:
        data.decode()
    except UnicodeDecodeError as e:
        print("UnicodeDecodeError", isinstance(e, UnicodeError), isinstance(e, ValueError))

try:
    "caf\u00e9".encode("ascii")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError", isinstance(e, UnicodeError))

try:
    b"\x80".decode("ascii")
except UnicodeError as e:
    print("as UnicodeError:", type(e).__name__)

print(issubclass(UnboundLocalError, NameError), issubclass(UnicodeDecodeError, UnicodeEncodeError))
print("café".encode("ascii", "ignore"), b"a\xffb".decode("utf-8", "replace"))
