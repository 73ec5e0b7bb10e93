//! When a `machine.Timer` (one of the RP2040 TIMER's four alarms) fires
//! next. An alarm compares only the low 32 bits of the 64-bit microsecond
//! counter, so a period longer than [`MAX_WAIT_US`] is waited out in
//! several steps; a periodic timer keeps its phase (each due time is the
//! previous one plus the period, not the interrupt's time plus the period)
//! and skips the periods an overlong pause made it miss instead of firing
//! them all at once.

/// The longest wait one alarm is set for: half the 32-bit compare range,
/// so a target is never mistaken for one already passed.
pub const MAX_WAIT_US: u64 = 1 << 31;

/// A running timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    period_us: u64,
    periodic: bool,
    /// When the callback is due next (counter microseconds).
    due_us: u64,
}

/// What to do when the alarm goes off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Hand the callback to the scheduler.
    pub fire: bool,
    /// Set the alarm again for this time; `None`: the timer is done.
    pub alarm_at: Option<u64>,
}

impl Plan {
    /// A timer started at `now_us`; `None` for a zero period (an
    /// interrupt storm rather than a timer).
    pub fn start(now_us: u64, period_us: u64, periodic: bool) -> Option<Plan> {
        (period_us > 0).then(|| Plan {
            period_us,
            periodic,
            due_us: now_us.saturating_add(period_us),
        })
    }

    /// When to set the alarm for, at `now_us`: the due time, or a step of
    /// [`MAX_WAIT_US`] towards it.
    pub fn alarm_at(&self, now_us: u64) -> u64 {
        self.due_us.min(now_us.saturating_add(MAX_WAIT_US))
    }

    /// The alarm went off at `now_us`.
    pub fn on_alarm(&mut self, now_us: u64) -> Step {
        if now_us < self.due_us {
            // An intermediate step of a long period.
            return Step {
                fire: false,
                alarm_at: Some(self.alarm_at(now_us)),
            };
        }
        if !self.periodic {
            return Step {
                fire: true,
                alarm_at: None,
            };
        }
        let missed = (now_us - self.due_us) / self.period_us;
        self.due_us = self
            .due_us
            .saturating_add((missed + 1).saturating_mul(self.period_us));
        Step {
            fire: true,
            alarm_at: Some(self.alarm_at(now_us)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_period_is_refused() {
        assert_eq!(Plan::start(5, 0, true), None);
    }

    #[test]
    fn periodic_keeps_its_phase() {
        let mut plan = Plan::start(1000, 100, true).unwrap();
        assert_eq!(plan.alarm_at(1000), 1100);
        // The interrupt runs a little late; the next target does not drift.
        let step = plan.on_alarm(1103);
        assert_eq!(
            step,
            Step {
                fire: true,
                alarm_at: Some(1200)
            }
        );
        assert_eq!(plan.on_alarm(1200).alarm_at, Some(1300));
    }

    #[test]
    fn periodic_skips_missed_periods() {
        let mut plan = Plan::start(0, 100, true).unwrap();
        // Interrupts were off from 100 to 450: one callback, then back in
        // phase at 500.
        let step = plan.on_alarm(450);
        assert!(step.fire);
        assert_eq!(step.alarm_at, Some(500));
    }

    #[test]
    fn one_shot_fires_once() {
        let mut plan = Plan::start(10, 50, false).unwrap();
        assert_eq!(
            plan.on_alarm(60),
            Step {
                fire: true,
                alarm_at: None
            }
        );
    }

    #[test]
    fn long_periods_are_waited_in_steps() {
        let period = 3 * MAX_WAIT_US + 7;
        let mut plan = Plan::start(0, period, true).unwrap();
        let mut now = 0;
        let mut steps = 0;
        let fired_at = loop {
            let at = plan.alarm_at(now);
            assert!(at > now && at - now <= MAX_WAIT_US);
            now = at;
            steps += 1;
            if plan.on_alarm(now).fire {
                break now;
            }
        };
        assert_eq!(fired_at, period);
        assert_eq!(steps, 4);
        // The next period starts from the due time.
        assert_eq!(plan.alarm_at(fired_at), fired_at + MAX_WAIT_US);
    }

    #[test]
    fn an_early_interrupt_does_not_fire() {
        let mut plan = Plan::start(0, 1000, false).unwrap();
        assert_eq!(
            plan.on_alarm(999),
            Step {
                fire: false,
                alarm_at: Some(1000)
            }
        );
    }

    #[test]
    fn huge_periods_saturate() {
        let mut plan = Plan::start(10, u64::MAX, true).unwrap();
        assert_eq!(plan.alarm_at(10), 10 + MAX_WAIT_US);
        assert!(!plan.on_alarm(10 + MAX_WAIT_US).fire);
    }
}
