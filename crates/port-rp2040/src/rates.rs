//! Which bus settings the RP2040's clock dividers can make, so that
//! `machine` refuses a setting (`ValueError`) instead of rp2040-hal 0.11
//! panicking (I2C asserts its divider ranges) or silently clamping
//! (UART), and sets the SPI dividers for the fastest rate not above the
//! one asked for.

/// Whether a UART on a `clock_hz` peripheral clock can run at `baud`: the
/// divider, `8 * clock / baud` in 128ths, must have an integer part from 1
/// to 65534 (the HAL clamps the others to the ends of the range).
pub fn uart_baud_ok(clock_hz: u32, baud: u32) -> bool {
    if baud == 0 {
        return false;
    }
    let int_part = (u64::from(clock_hz) * 8 / u64::from(baud)) >> 7;
    (1..65535).contains(&int_part)
}

/// The fastest I2C clock the HAL accepts.
const I2C_MAX_HZ: u32 = 1_000_000;

/// Whether an I2C controller on a `sys_hz` system clock can run at
/// `freq_hz`: the high and low counts of one SCL period must be 8 to 65535
/// system clocks, and the low count must cover the SDA hold time (300 ns,
/// 120 ns at 1 MHz) plus two clocks.
pub fn i2c_freq_ok(sys_hz: u32, freq_hz: u32) -> bool {
    if freq_hz == 0 || freq_hz > I2C_MAX_HZ {
        return false;
    }
    let (sys, freq) = (u64::from(sys_hz), u64::from(freq_hz));
    let period = (sys + freq / 2) / freq;
    let low = period * 3 / 5;
    let high = period - low;
    let counts_ok = (8..=0xffff).contains(&high) && (8..=0xffff).contains(&low);
    let hold = if freq_hz < I2C_MAX_HZ {
        sys * 3 / 10_000_000 + 1
    } else if sys_hz >= 32_000_000 {
        sys * 3 / 25_000_000 + 1
    } else {
        return false;
    };
    counts_ok && hold + 2 <= low
}

/// The SPI clock dividers for `baud` from a `peri_hz` peripheral clock:
/// `(prescale, postdiv)` making `peri / (prescale * (1 + postdiv))` the
/// fastest rate at or below `baud` (prescale even, 2 to 254; postdiv 0 to
/// 255), and that rate (rounded down); `None` below the slowest (1922.26 Hz
/// at 125 MHz). rp2040-hal's own choice fixes the prescale first and can
/// overshoot (244 kHz for 200 kHz), so the port sets these itself.
pub fn spi_dividers(peri_hz: u32, baud: u32) -> Option<(u8, u8, u32)> {
    if baud == 0 {
        return None;
    }
    let (peri, baud) = (u64::from(peri_hz), u64::from(baud));
    let mut best: Option<(u8, u8, u32)> = None;
    for prescale in (2..=254u64).step_by(2) {
        // The smallest divisor `prescale * (1 + postdiv)` not below
        // `peri / baud`.
        let postdiv = peri.div_ceil(prescale * baud).max(1) - 1;
        if postdiv > 255 {
            continue;
        }
        let rate = peri / (prescale * (1 + postdiv));
        if best.is_none_or(|(_, _, r)| u64::from(r) < rate) {
            // Both fit: checked above, and the rate is at most `peri / 2`.
            best = Some((prescale as u8, postdiv as u8, rate as u32));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Pico's system and peripheral clock.
    const CLOCK: u32 = 125_000_000;

    #[test]
    fn uart_rates() {
        for baud in [300, 9600, 115_200, 921_600, 7_812_500] {
            assert!(uart_baud_ok(CLOCK, baud), "{baud}");
        }
        assert!(!uart_baud_ok(CLOCK, 0));
        // Faster than clock / 16: the integer divider would be 0.
        assert!(!uart_baud_ok(CLOCK, 7_812_501));
        // The divider's integer part tops out near 65535 (about 119 baud).
        assert!(uart_baud_ok(CLOCK, 120));
        assert!(!uart_baud_ok(CLOCK, 119));
    }

    #[test]
    fn i2c_rates() {
        for freq in [10_000, 100_000, 400_000, 1_000_000] {
            assert!(i2c_freq_ok(CLOCK, freq), "{freq}");
        }
        assert!(!i2c_freq_ok(CLOCK, 0));
        assert!(!i2c_freq_ok(CLOCK, 1_000_001));
        // A 1 kHz period is 125000 clocks: its low count overflows 16 bits.
        assert!(!i2c_freq_ok(CLOCK, 1000));
        assert!(!i2c_freq_ok(CLOCK, 1144));
        assert!(i2c_freq_ok(CLOCK, 1145));
        // Fast mode plus needs at least a 32 MHz system clock.
        assert!(!i2c_freq_ok(16_000_000, 1_000_000));
        // At 12 MHz, 500 kHz is 24 clocks (low 14, high 10, hold 4);
        // 900 kHz is 13 (low 7, high 6): too few.
        assert!(i2c_freq_ok(12_000_000, 500_000));
        assert!(!i2c_freq_ok(12_000_000, 900_000));
    }

    #[test]
    fn spi_rates() {
        let rate = |baud| spi_dividers(CLOCK, baud).map(|(_, _, r)| r);
        // MicroPython on the Pico reports 992063 for its 1 MHz default.
        assert_eq!(rate(1_000_000), Some(992_063));
        // 125 MHz / (4 * 157); rp2040-hal's own choice would be 244 kHz.
        assert_eq!(spi_dividers(CLOCK, 200_000), Some((4, 156, 199_044)));
        for baud in [2_000, 10_000, 100_000, 400_000, 8_000_000] {
            let (prescale, postdiv, r) = spi_dividers(CLOCK, baud).unwrap();
            assert!(r <= baud && r * 100 >= baud * 95, "{baud} -> {r}");
            assert_eq!(prescale % 2, 0);
            assert_eq!(r, CLOCK / (u32::from(prescale) * (1 + u32::from(postdiv))));
        }
        // Divisors are even below 256: 125 MHz / 8 is the best for 20 MHz.
        assert_eq!(rate(20_000_000), Some(15_625_000));
        // At most half the clock.
        assert_eq!(spi_dividers(CLOCK, 100_000_000), Some((2, 0, 62_500_000)));
        // The slowest: 125 MHz / (254 * 256), 1922.26 Hz (rates are
        // rounded down).
        assert_eq!(spi_dividers(CLOCK, 1923), Some((254, 255, 1922)));
        assert_eq!(spi_dividers(CLOCK, 1922), None);
        assert_eq!(spi_dividers(CLOCK, 0), None);
    }
}
