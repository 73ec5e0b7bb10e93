# Input pins read their pull resistor when nothing drives them; an open
# drain pin reads low when it drives, its pull-up when it lets go.
from machine import Pin

q = Pin("P1", Pin.IN, Pin.PULL_UP)
up = q.value()
q.init(pull=Pin.PULL_DOWN)
print(up, q.value())
od = Pin(4, Pin.OPEN_DRAIN, Pin.PULL_UP)
od.off()
driven = od.value()
od.on()
print(driven, od.value())
