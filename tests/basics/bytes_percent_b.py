# bytes %-formatting: %b and %s take any bytes-like object, str does not.
print(b"%b|%5b|%-4b|%.2b" % (b"raw", bytearray(b"ba"), memoryview(b"mv"), b"cut"), b"%s" % b"s", b"%(k)b" % {b"k": b"v"})
for bad in [("%b", "str"), (b"%b", 5), (b"%b", "text")]:
    try:
        print(bad[0] % bad[1])
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
