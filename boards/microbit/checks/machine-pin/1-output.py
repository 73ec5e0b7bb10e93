# Output pins: qemu's nRF51 GPIO reads a driven pin back at its level.
from machine import Pin

p = Pin("P0", Pin.OUT)
p.on()
high = p.value()
p.off()
low = p.value()
p.toggle()
print(high, low, p.value())
p.value(0)
print(p.value(), p)
