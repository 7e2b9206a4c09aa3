//! Time structures and clock identifiers: `timespec`, `timeval`, `timezone`, `itimerval`,
//! `itimerspec`, `tms` (clock_gettime(2), gettimeofday(2), getitimer(2), timerfd_create(2),
//! times(2), utimensat(2)).

/// `struct timespec` (`__kernel_timespec` on x86-64): seconds and nanoseconds.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timespec {
    /// Seconds.
    pub tv_sec: i64,
    /// Nanoseconds, `0..1_000_000_000` when valid.
    pub tv_nsec: i64,
}

impl Timespec {
    /// Whether the nanosecond field is in range (a bad one is `EINVAL` in nanosleep(2) and
    /// friends).
    pub const fn is_valid(&self) -> bool {
        self.tv_nsec >= 0 && self.tv_nsec < NSEC_PER_SEC
    }

    /// The time in nanoseconds, or `None` if invalid, negative or overflowing.
    pub const fn as_nanos(&self) -> Option<u64> {
        if !self.is_valid() || self.tv_sec < 0 {
            return None;
        }
        match (self.tv_sec as u64).checked_mul(NSEC_PER_SEC as u64) {
            Some(ns) => ns.checked_add(self.tv_nsec as u64),
            None => None,
        }
    }

    /// The timespec holding `nanos` nanoseconds.
    pub const fn from_nanos(nanos: u64) -> Timespec {
        Timespec {
            tv_sec: (nanos / NSEC_PER_SEC as u64) as i64,
            tv_nsec: (nanos % NSEC_PER_SEC as u64) as i64,
        }
    }
}

/// Nanoseconds in a second.
pub const NSEC_PER_SEC: i64 = 1_000_000_000;

/// utimensat(2): set the timestamp to the current time.
pub const UTIME_NOW: i64 = (1 << 30) - 1;
/// utimensat(2): leave the timestamp unchanged.
pub const UTIME_OMIT: i64 = (1 << 30) - 2;

/// `struct timeval`: seconds and microseconds.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timeval {
    /// Seconds.
    pub tv_sec: i64,
    /// Microseconds, `0..1_000_000` when valid.
    pub tv_usec: i64,
}

impl Timeval {
    /// Whether the microsecond field is in range.
    pub const fn is_valid(&self) -> bool {
        self.tv_usec >= 0 && self.tv_usec < 1_000_000
    }

    /// The timeval holding `nanos` nanoseconds, truncated to microseconds.
    pub const fn from_nanos(nanos: u64) -> Timeval {
        Timeval {
            tv_sec: (nanos / NSEC_PER_SEC as u64) as i64,
            tv_usec: ((nanos % NSEC_PER_SEC as u64) / 1000) as i64,
        }
    }
}

/// `struct timezone` (gettimeofday(2)); obsolete, Linux reports zeros unless set.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Timezone {
    /// Minutes west of Greenwich.
    pub tz_minuteswest: i32,
    /// Type of DST correction.
    pub tz_dsttime: i32,
}

/// `struct itimerval` (getitimer(2), setitimer(2)).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Itimerval {
    /// Reload value.
    pub it_interval: Timeval,
    /// Time to the next expiry.
    pub it_value: Timeval,
}

/// `struct itimerspec` (timerfd_settime(2), timer_settime(2)).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Itimerspec {
    /// Reload value.
    pub it_interval: Timespec,
    /// Time to the next expiry.
    pub it_value: Timespec,
}

/// `struct tms` (times(2)), in clock ticks (`USER_HZ`, 100 on x86-64).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tms {
    /// User time of the process.
    pub tms_utime: i64,
    /// System time of the process.
    pub tms_stime: i64,
    /// User time of waited-for children.
    pub tms_cutime: i64,
    /// System time of waited-for children.
    pub tms_cstime: i64,
}

/// Clock ticks per second as user space sees them (`USER_HZ`, the `AT_CLKTCK` auxv value).
pub const USER_HZ: u64 = 100;

/// `CLOCK_REALTIME`.
pub const CLOCK_REALTIME: i32 = 0;
/// `CLOCK_MONOTONIC`.
pub const CLOCK_MONOTONIC: i32 = 1;
/// `CLOCK_PROCESS_CPUTIME_ID`.
pub const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
/// `CLOCK_THREAD_CPUTIME_ID`.
pub const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
/// `CLOCK_MONOTONIC_RAW`.
pub const CLOCK_MONOTONIC_RAW: i32 = 4;
/// `CLOCK_REALTIME_COARSE`.
pub const CLOCK_REALTIME_COARSE: i32 = 5;
/// `CLOCK_MONOTONIC_COARSE`.
pub const CLOCK_MONOTONIC_COARSE: i32 = 6;
/// `CLOCK_BOOTTIME`.
pub const CLOCK_BOOTTIME: i32 = 7;
/// `CLOCK_REALTIME_ALARM`.
pub const CLOCK_REALTIME_ALARM: i32 = 8;
/// `CLOCK_BOOTTIME_ALARM`.
pub const CLOCK_BOOTTIME_ALARM: i32 = 9;
/// `CLOCK_TAI`.
pub const CLOCK_TAI: i32 = 11;

/// A `clockid_t` argument. Static clocks are `0..=11`; negative values name per-process or
/// per-thread CPU clocks (`MAKE_PROCESS_CPUCLOCK`) and are kept as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClockId(pub i32);

impl ClockId {
    /// The strace name of a static clock.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            CLOCK_REALTIME => "CLOCK_REALTIME",
            CLOCK_MONOTONIC => "CLOCK_MONOTONIC",
            CLOCK_PROCESS_CPUTIME_ID => "CLOCK_PROCESS_CPUTIME_ID",
            CLOCK_THREAD_CPUTIME_ID => "CLOCK_THREAD_CPUTIME_ID",
            CLOCK_MONOTONIC_RAW => "CLOCK_MONOTONIC_RAW",
            CLOCK_REALTIME_COARSE => "CLOCK_REALTIME_COARSE",
            CLOCK_MONOTONIC_COARSE => "CLOCK_MONOTONIC_COARSE",
            CLOCK_BOOTTIME => "CLOCK_BOOTTIME",
            CLOCK_REALTIME_ALARM => "CLOCK_REALTIME_ALARM",
            CLOCK_BOOTTIME_ALARM => "CLOCK_BOOTTIME_ALARM",
            CLOCK_TAI => "CLOCK_TAI",
            _ => return None,
        })
    }
}

/// clock_nanosleep(2) / timerfd_settime(2): the time is absolute.
pub const TIMER_ABSTIME: u32 = 1;

/// getitimer(2) timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum ItimerWhich {
    /// `ITIMER_REAL`: wall-clock, delivers `SIGALRM`.
    Real = 0,
    /// `ITIMER_VIRTUAL`: user CPU time, delivers `SIGVTALRM`.
    Virtual = 1,
    /// `ITIMER_PROF`: user and system CPU time, delivers `SIGPROF`.
    Prof = 2,
}

impl ItimerWhich {
    /// The timer numbered `which`, or `None` (Linux: `EINVAL`).
    pub const fn new(which: i32) -> Option<ItimerWhich> {
        match which {
            0 => Some(ItimerWhich::Real),
            1 => Some(ItimerWhich::Virtual),
            2 => Some(ItimerWhich::Prof),
            _ => None,
        }
    }

    /// The strace name.
    pub const fn name(self) -> &'static str {
        match self {
            ItimerWhich::Real => "ITIMER_REAL",
            ItimerWhich::Virtual => "ITIMER_VIRTUAL",
            ItimerWhich::Prof => "ITIMER_PROF",
        }
    }
}
