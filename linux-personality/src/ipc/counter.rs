//! eventfd's counter (eventfd(2)) and timerfd's expiration arithmetic
//! (timerfd_create(2)).

use syscall_translation::Errno;

/// The largest value an eventfd counter holds.
pub const EVENTFD_MAX: u64 = u64::MAX - 1;

/// An eventfd counter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventCounter {
    pub value: u64,
    /// EFD_SEMAPHORE: a read takes 1, not everything.
    pub semaphore: bool,
}

impl EventCounter {
    /// read(2): `Ok(None)` when the counter is zero (the caller waits or gets EAGAIN).
    pub fn read(&mut self) -> Option<u64> {
        if self.value == 0 {
            return None;
        }
        let taken = if self.semaphore { 1 } else { self.value };
        self.value -= taken;
        Some(taken)
    }

    /// write(2): `u64::MAX` is EINVAL; `Ok(false)` when adding would pass
    /// [`EVENTFD_MAX`] (the caller waits or gets EAGAIN).
    pub fn write(&mut self, add: u64) -> Result<bool, Errno> {
        if add == u64::MAX {
            return Err(Errno::EINVAL);
        }
        if EVENTFD_MAX - self.value < add {
            return Ok(false);
        }
        self.value += add;
        Ok(true)
    }

    pub fn readable(&self) -> bool {
        self.value > 0
    }

    /// Linux reports POLLOUT while at least 1 can be added.
    pub fn writable(&self) -> bool {
        self.value < EVENTFD_MAX
    }
}

/// A timerfd's setting, in nanoseconds of its clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timer {
    /// The next expiration (None: disarmed).
    pub next: Option<u64>,
    /// The period (0: one-shot).
    pub interval: u64,
    /// Expirations counted and not yet read.
    pub pending: u64,
}

impl Timer {
    /// Counts the expirations up to `now` into `pending` and moves `next` on.
    pub fn update(&mut self, now: u64) {
        let Some(next) = self.next else { return };
        if now < next {
            return;
        }
        match (now - next).checked_div(self.interval) {
            None => {
                self.pending = self.pending.saturating_add(1);
                self.next = None;
            }
            Some(whole) => {
                let periods = whole.saturating_add(1);
                self.pending = self.pending.saturating_add(periods);
                self.next = Some(next.saturating_add(periods.saturating_mul(self.interval)));
            }
        }
    }

    /// timerfd_settime: arms at `first` (absolute, None disarms) with `interval`,
    /// dropping the expirations not read. Returns the old (remaining, interval).
    pub fn set(&mut self, now: u64, first: Option<u64>, interval: u64) -> (u64, u64) {
        self.update(now);
        let old = self.remaining(now);
        self.next = first;
        self.interval = if first.is_some() { interval } else { 0 };
        self.pending = 0;
        old
    }

    /// timerfd_gettime: (time to the next expiration, interval); (0, 0) disarmed.
    pub fn remaining(&self, now: u64) -> (u64, u64) {
        match self.next {
            Some(next) => (next.saturating_sub(now).max(1), self.interval),
            None => (0, self.interval),
        }
    }

    /// read(2): the expirations since the last read; None if there were none.
    pub fn take(&mut self, now: u64) -> Option<u64> {
        self.update(now);
        match core::mem::take(&mut self.pending) {
            0 => None,
            n => Some(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eventfd_counts_and_semaphore_takes_one() {
        let mut c = EventCounter { value: 0, semaphore: false };
        assert_eq!(c.read(), None);
        assert_eq!(c.write(3), Ok(true));
        assert_eq!(c.write(4), Ok(true));
        assert_eq!(c.read(), Some(7));
        assert_eq!(c.read(), None);
        let mut s = EventCounter { value: 2, semaphore: true };
        assert_eq!(s.read(), Some(1));
        assert_eq!(s.read(), Some(1));
        assert_eq!(s.read(), None);
    }

    #[test]
    fn eventfd_overflow_waits_and_max_is_invalid() {
        let mut c = EventCounter { value: EVENTFD_MAX - 1, semaphore: false };
        assert_eq!(c.write(1), Ok(true));
        assert!(!c.writable());
        assert_eq!(c.write(1), Ok(false));
        assert_eq!(c.write(u64::MAX), Err(Errno::EINVAL));
        assert_eq!(c.write(0), Ok(true));
    }

    #[test]
    fn timer_counts_periods_missed() {
        let mut t = Timer::default();
        t.set(0, Some(100), 50);
        assert_eq!(t.take(99), None);
        assert_eq!(t.take(100), Some(1));
        assert_eq!(t.remaining(100), (50, 50));
        assert_eq!(t.take(260), Some(3)); // 150, 200, 250
        assert_eq!(t.next, Some(300));
        t.set(260, None, 50);
        assert_eq!(t.remaining(270), (0, 0));
        assert_eq!(t.take(1000), None);
    }

    #[test]
    fn huge_settings_saturate() {
        let mut t = Timer::default();
        t.set(0, Some(u64::MAX - 1), u64::MAX);
        assert_eq!(t.take(u64::MAX), Some(1));
        assert_eq!(t.next, Some(u64::MAX));
        let mut t = Timer::default();
        t.set(0, Some(1), 1);
        assert_eq!(t.take(u64::MAX), Some(u64::MAX));
    }

    #[test]
    fn one_shot_timer_fires_once() {
        let mut t = Timer::default();
        t.set(0, Some(10), 0);
        assert_eq!(t.take(1000), Some(1));
        assert_eq!(t.take(2000), None);
        assert_eq!(t.remaining(2000), (0, 0));
    }
}
