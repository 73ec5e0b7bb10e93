# int() and float() of instances whose class defines __int__ / __float__.
class Meters:
    def __init__(self, v):
        self.v = v
    def __int__(self):
        return int(self.v)
    def __float__(self):
        return self.v * 1.0
print(int(Meters(3.7)), float(Meters(2)), float(Meters(0.25)) + 1)
class Bad:
    def __float__(self):
        return "not a float"
try:
    float(Bad())
except TypeError:
    print("TypeError __float__ result")
class Plain:
    pass
for conv in (int, float):
    try:
        conv(Plain())
    except TypeError:
        print("TypeError", conv.__name__)
