# List slicing: load, store and delete, contiguous and extended.
data = list(range(10))
print(data[2:5], data[::3], data[::-1], data[-3:], data[7:2])
copy = data[:]
copy[2:4] = ["a", "b", "c"]
print(copy)
copy[::2] = [0] * len(copy[::2])
print(copy)
del copy[1:3]
print(copy)
del copy[::-2]
print(copy)
grid = [[0] * 3 for _ in range(3)]
grid[1][1:] = [5, 6]
print(grid)
try:
    data[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
words = "the quick brown fox jumps".split()
words[1:1] = ["very"]
print(" ".join(words[:4]), len(words))
