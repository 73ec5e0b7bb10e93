# The wall clock and calendar of `time` (MicroPython's 8-tuples; expected
# output in time_calendar.exp).
import time

print(isinstance(time.time_ns(), int))
t = time.time()
print(t > 0, time.time_ns() > 0)
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
