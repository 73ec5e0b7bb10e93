# MicroPython's tick functions (expected output in time_ticks.exp).
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

t0 = time.ticks_ms()
u0 = time.ticks_us()
time.sleep_ms(20)
dt = time.ticks_diff(time.ticks_ms(), t0)
du = time.ticks_diff(time.ticks_us(), u0)
print(dt >= 19, du >= 19000, 0 <= time.ticks_cpu() <= TICKS_MAX)
time.sleep_us(100)
time.sleep(0.01)
time.sleep(0)
time.sleep_ms(-1)
print(isinstance(time.ticks_ms(), int), isinstance(time.time_ns(), int))
t = time.time()
print(t > 0, time.time_ns() > 0)
try:
    time.sleep(-1)
except ValueError as e:
    print("ValueError", e)

print(time.gmtime(0))
print(time.gmtime(951782400))
print(time.gmtime(1700000000))
print(time.localtime(-1))
print(time.mktime((2000, 2, 29, 0, 0, 0, 0, 0)))
print(time.mktime((1970, 1, 1, 0, 0, 0, 0, 0, 0)))
print(time.mktime(time.gmtime(1234567890)))
print(time.mktime((2020, 13, 1, 0, 0, 0, 0, 0)) == time.mktime((2021, 1, 1, 0, 0, 0, 0, 0)))
print(len(time.localtime()), time.localtime()[0] >= 1970)
print(time.mktime((2**35, 1, 1, 0, 0, 0, 0, 0)) > 0)
