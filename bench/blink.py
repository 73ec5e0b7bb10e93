# 200,000 toggles of a simulated LED: a bound-method call and an attribute
# store per iteration, the shape of a blink loop on a board.
class Led:
    def __init__(self):
        self.state = 0
        self.changes = 0

    def toggle(self):
        self.state ^= 1
        self.changes += 1


def blink(n):
    led = Led()
    toggle = led.toggle
    for _ in range(n):
        toggle()
    return led.state, led.changes

print(blink(200000))
