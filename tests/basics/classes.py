class Point:
    count = 0
    def __init__(self, x, y):
        self.x = x
        self.y = y
        Point.count += 1
    def __repr__(self):
        return "Point(%d, %d)" % (self.x, self.y)
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __eq__(self, other):
        return self.x == other.x and self.y == other.y
    def norm2(self):
        return self.x * self.x + self.y * self.y
p = Point(1, 2)
q = Point(3, 4)
print(p + q, (p + q).norm2(), p == Point(1, 2), p != q, Point.count)
print(str(p), repr(q), [p])
class Animal:
    sound = "..."
    def __init__(self, name):
        self.name = name
    def speak(self):
        return self.name + " says " + self.sound
class Dog(Animal):
    sound = "woof"
    def __init__(self, name, tricks):
        super().__init__(name)
        self.tricks = tricks
    def speak(self):
        return super().speak() + "!"
d = Dog("rex", ["sit"])
print(d.speak(), d.tricks, isinstance(d, Animal), issubclass(Dog, Animal), type(d).__name__)
print(hasattr(d, "name"), hasattr(d, "nope"), getattr(d, "nope", 42))
setattr(d, "age", 3)
print(d.age)
class Stack:
    def __init__(self):
        self.items = []
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __iter__(self):
        return iter(self.items)
    def __contains__(self, x):
        return x in self.items
    def push(self, x):
        self.items.append(x)
        return self
s = Stack().push(1).push(2)
print(len(s), s[0], list(s), 2 in s, 5 in s, bool(Stack()))
class Counter:
    def __init__(self, n):
        self.i = 0
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i
print(list(Counter(3)), sum(Counter(4)))
m = d.speak
print(m())
