# sys.implementation._mpy says which .mpy files the VM loads, as
# MicroPython encodes it: the version in the low byte, the sub-version in
# bits 8-9, the native architecture (none here) from bit 10.
import sys

mpy = sys.implementation._mpy
print(mpy & 0xFF, (mpy >> 8) & 3, mpy >> 10)
