# MicroPython's tick functions (expected output in time_ticks.exp); the
# calendar is in time_calendar.py.
import time

TICKS_MAX = time.ticks_add(0, -1)
print(TICKS_MAX)
print(time.ticks_add(TICKS_MAX, 1), time.ticks_add(0, -1) == TICKS_MAX)
print(time.ticks_add(100, 50), time.ticks_add(100, -150) == TICKS_MAX - 49)
print(time.ticks_diff(10, 5), time.ticks_diff(5, 10))
print(time.ticks_diff(0, TICKS_MAX), time.ticks_diff(TICKS_MAX, 0))
print(time.ticks_diff(time.ticks_add(123, 456), 123))
half = (TICKS_MAX + 1) // 2
print(time.ticks_diff(half - 1, 0), time.ticks_diff(half, 0))
try:
    time.ticks_add(0, half)
except OverflowError as e:
    print("OverflowError", e)
# -half would make ticks_diff give +half back, so it is out of range too.
print(time.ticks_add(0, 1 - half) == half + 1)
try:
    time.ticks_add(0, -half)
except OverflowError as e:
    print("OverflowError", e)

t0 = time.ticks_ms()
u0 = time.ticks_us()
time.sleep_ms(20)
dt = time.ticks_diff(time.ticks_ms(), t0)
du = time.ticks_diff(time.ticks_us(), u0)
print(dt >= 19, du >= 19000, 0 <= time.ticks_cpu() <= TICKS_MAX)
time.sleep_us(100)
t0 = time.ticks_ms()
time.sleep(0.01)
print(time.ticks_diff(time.ticks_ms(), t0) >= 9)
time.sleep(0)
time.sleep_ms(-1)
print(isinstance(time.ticks_ms(), int))
try:
    time.sleep(-1)
except ValueError as e:
    print("ValueError", e)
