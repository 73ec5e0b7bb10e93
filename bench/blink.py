# 200,000 toggles of an LED: `led.on(); led.off()` in a loop, the shape of
# a blink loop on a board. On pyrite (and MicroPython) the LED is the
# board's user LED as `machine.Pin` (`LED_BLUE` on the pyboard and the
# unix port's simulated board, `LED0` on mps2-an386, `LED` on the Pico);
# python3 has no `machine`, so a plain class stands in, and the program
# prints the same either way.
try:
    from machine import Pin

    for led_name in ('LED_BLUE', 'LED0', 'LED'):
        try:
            Pin(led_name, Pin.OUT)
            break
        except ValueError:
            pass

    def make_led():
        return Pin(led_name, Pin.OUT)

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
