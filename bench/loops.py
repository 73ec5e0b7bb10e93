# Integer arithmetic in nested loops over ranges.
def loops(n):
    total = 0
    for i in range(n):
        for j in range(100):
            total += (i ^ j) & 7
    return total

print(loops(60000))
# board: print(loops(300))
