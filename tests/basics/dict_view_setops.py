# keys() and items() views combine and compare as sets.

stock = {"apple": 3, "pear": 0, "fig": 7}
order = {"fig": 1, "kiwi": 2}

print(sorted(stock.keys() & order.keys()))
print(sorted(stock.keys() | order.keys()))
print(sorted(stock.keys() - order.keys()))
print(sorted(stock.keys() ^ order.keys()))
print(sorted(stock.keys() & ["fig", "plum"]), sorted(stock.keys() | ("plum",)))
print(sorted({"apple", "plum"} - stock.keys()), sorted({"apple", "plum"} & stock.keys()))
print(sorted(stock.items() & {("fig", 7), ("fig", 8)}))
print(sorted(stock.items() - {("pear", 0)}))
print(type(stock.keys() & order.keys()).__name__)

print(stock.keys() == {"apple", "pear", "fig"}, {"fig", "pear", "apple"} == stock.keys())
print(stock.keys() == order.keys(), stock.keys() != {"apple"})
print(stock.keys() == dict.fromkeys(["fig", "apple", "pear"]).keys())
print(stock.items() == {("apple", 3), ("pear", 0), ("fig", 7)})
print(stock.keys() == ["apple", "pear", "fig"])
print(stock.keys() <= {"apple", "pear", "fig", "x"}, stock.keys() < stock.keys(), order.keys() > {"fig"})

s = {"fig"}
s |= order.keys()
print(sorted(s))
