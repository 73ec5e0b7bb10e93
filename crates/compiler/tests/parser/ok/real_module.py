"""A small driver in the style of MicroPython libraries."""

import time
from machine import Pin, I2C
from micropython import const

_ADDR = const(0x3C)
_CMD = const(0x80)


class Display:
    """An SSD1306-like display."""

    def __init__(self, i2c, width=128, height=64, addr=_ADDR):
        self.i2c = i2c
        self.width = width
        self.height = height
        self.addr = addr
        self.buffer = bytearray(width * height // 8)
        self._init()

    def _init(self):
        for cmd in (0xAE, 0x20, 0x00, 0x40, 0xA1, 0xC8, 0xAF):
            self.write_cmd(cmd)

    def write_cmd(self, cmd):
        self.i2c.writeto(self.addr, bytes([_CMD, cmd]))

    def pixel(self, x, y, color=1):
        if not (0 <= x < self.width and 0 <= y < self.height):
            return
        index = x + (y // 8) * self.width
        if color:
            self.buffer[index] |= 1 << (y & 7)
        else:
            self.buffer[index] &= ~(1 << (y & 7))

    def text(self, s, x=0, y=0):
        for i, ch in enumerate(s):
            self._char(ord(ch), x + i * 8, y)

    def show(self):
        try:
            self.i2c.writeto(self.addr, b'\x40' + self.buffer)
        except OSError as e:
            print("i2c error:", e)
            raise


def main():
    i2c = I2C(0, scl=Pin(5), sda=Pin(4), freq=400_000)
    d = Display(i2c)
    count = 0
    while True:
        d.text(f"count={count:5d}", 0, 0)
        d.show()
        count += 1
        time.sleep_ms(100)
        if count > 1000:
            break


if __name__ == "__main__":
    main()
