# 200,000 toggles of an LED: `led.on(); led.off()` in a loop, the shape of
# a blink loop on a board. On pyrite (and MicroPython) the LED is the
# simulated board's `machine.Pin('LED_BLUE')`; python3 has no `machine`,
# so a plain class stands in, and the program prints the same either way.
try:
    from machine import Pin

    def make_led():
        return Pin('LED_BLUE', Pin.OUT)

except ImportError:

    class Led:
        def __init__(self):
            self.state = 0

        def on(self):
            self.state = 1

        def off(self):
            self.state = 0

        def value(self):
            return self.state

    def make_led():
        return Led()


def blink(n):
    led = make_led()
    toggles = 0
    for _ in range(n // 2):
        led.on()
        led.off()
        toggles += 2
    return toggles, led.value()


print(blink(200000))
# board: print(blink(2000))
