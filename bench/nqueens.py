# Backtracking search with lists and recursion.
def solve(n):
    count = 0
    cols = [False] * n
    diag1 = [False] * (2 * n)
    diag2 = [False] * (2 * n)

    def place(row):
        nonlocal count
        if row == n:
            count += 1
            return
        for c in range(n):
            if not cols[c] and not diag1[row + c] and not diag2[row - c + n]:
                cols[c] = diag1[row + c] = diag2[row - c + n] = True
                place(row + 1)
                cols[c] = diag1[row + c] = diag2[row - c + n] = False

    place(0)
    return count

print(solve(10))
# board: print(solve(6))
