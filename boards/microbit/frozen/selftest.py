# A quick self-check sized for 16 KiB of RAM: `import selftest`.
n = 0
for i in range(10):
    n += i
ok = n == 45 and [x * 2 for x in (1, 2)] == [2, 4] and "a" + "b" == "ab"
print("selftest:", 1 if ok else 0, "passed,", 0 if ok else 1, "failed")
