# Pins by edge-connector name, chip name and number; the REPL's UART pins
# (P0.24, P0.25) and unknown names are not lent.
import machine
from machine import Pin

print(Pin("BUTTON_A"), Pin("P0.26"), Pin(3))
for bad in ("P0.24", 25, "P21", 32):
    try:
        Pin(bad)
        print("lent", bad)
    except ValueError:
        print("ValueError")
s = machine.Signal(Pin("P2", Pin.OUT), invert=True)
s.on()
print(Pin("P2").value(), s.value())
