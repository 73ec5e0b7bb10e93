# Data-structure exercises: stack, queue, graph search, memo.
graph = {'a': ['b', 'c'], 'b': ['d'], 'c': ['d', 'e'], 'd': ['f'], 'e': ['f'], 'f': []}
def bfs(start):
    seen = [start]
    queue = [start]
    while queue:
        n = queue.pop(0)
        for m in graph[n]:
            if m not in seen:
                seen.append(m)
                queue.append(m)
    return seen
def dfs(n, seen=None):
    if seen is None:
        seen = []
    seen.append(n)
    for m in graph[n]:
        if m not in seen:
            dfs(m, seen)
    return seen
print(bfs('a'), dfs('a'))
memo = {}
def fib(n):
    if n < 2:
        return n
    if n not in memo:
        memo[n] = fib(n - 1) + fib(n - 2)
    return memo[n]
print(fib(90))
stack = []
for ch in '(()[]{[]})':
    if ch in '([{':
        stack.append(ch)
    else:
        top = stack.pop()
        assert '([{'.index(top) == ')]}'.index(ch)
print('balanced', not stack)
def perms(l):
    if len(l) <= 1:
        return [l]
    return [[x] + p for i, x in enumerate(l) for p in perms(l[:i] + l[i + 1:])]
print(perms([1, 2, 3]))
matrix = [[i * 3 + j for j in range(3)] for i in range(3)]
print([list(r) for r in zip(*matrix)])
