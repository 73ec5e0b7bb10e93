//! The host clock behind the `time` module (and `random`'s default seed).

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pyrite_vm::ClockHooks;

/// The moment the ticks count from.
static START: OnceLock<Instant> = OnceLock::new();

fn ticks_us() -> u64 {
    let start = START.get_or_init(Instant::now);
    start.elapsed().as_micros() as u64
}

fn time_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

fn sleep_us(us: u64) {
    std::thread::sleep(Duration::from_micros(us));
}

/// The host's clock: `Instant` for ticks, `SystemTime` for the wall clock,
/// `thread::sleep` for sleeping.
pub const HOOKS: ClockHooks = ClockHooks {
    ticks_us,
    time_ns: Some(time_ns),
    sleep_us,
    ticks_cpu: None,
};
