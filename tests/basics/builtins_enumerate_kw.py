# enumerate() takes iterable= and start= by keyword; chr() takes a bool;
# int() and float() parse a bytearray as bytes.
print(list(enumerate(iterable="ab")), list(enumerate("ab", start=-1)))
print(list(enumerate(start=5, iterable=[0])))
for call in (lambda: enumerate(), lambda: enumerate([], x=1),
             lambda: enumerate([], 1, 2), lambda: enumerate([], iterable=[])):
    try:
        call()
    except TypeError:
        print("TypeError")
print(repr(chr(True)), repr(chr(False)))
print(int(bytearray(b" 12 ")), int(bytearray(b"ff"), 16), float(bytearray(b"1.5")))
