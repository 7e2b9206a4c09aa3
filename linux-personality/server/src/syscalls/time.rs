//! Clocks and sleeping: clock_gettime, clock_getres, gettimeofday, time,
//! nanosleep, clock_nanosleep. CLOCK_MONOTONIC is the kernel's TSC clock;
//! CLOCK_REALTIME adds the CMOS time at boot. A sleep parks the caller and the
//! server replies at the deadline. See clock_gettime(2), nanosleep(2).

use microkernel_user as mk;
use syscall_translation::types::time::{self, ItimerWhich};
use syscall_translation::Errno;

use super::{Call, Done};
use crate::abi_out;

const CLOCK_REALTIME: u64 = time::CLOCK_REALTIME as u64;
const CLOCK_MONOTONIC: u64 = time::CLOCK_MONOTONIC as u64;
const CLOCK_PROCESS_CPUTIME_ID: u64 = time::CLOCK_PROCESS_CPUTIME_ID as u64;
const CLOCK_THREAD_CPUTIME_ID: u64 = time::CLOCK_THREAD_CPUTIME_ID as u64;
const CLOCK_MONOTONIC_RAW: u64 = time::CLOCK_MONOTONIC_RAW as u64;
const CLOCK_REALTIME_COARSE: u64 = time::CLOCK_REALTIME_COARSE as u64;
const CLOCK_MONOTONIC_COARSE: u64 = time::CLOCK_MONOTONIC_COARSE as u64;
const CLOCK_BOOTTIME: u64 = time::CLOCK_BOOTTIME as u64;
const TIMER_ABSTIME: u64 = time::TIMER_ABSTIME as u64;

fn now(c: &Call, clock: u64) -> Result<u64, Errno> {
    let monotonic = mk::clock_ns();
    match clock {
        CLOCK_REALTIME | CLOCK_REALTIME_COARSE => Ok(c.sys.boot_time * 1_000_000_000 + monotonic),
        CLOCK_MONOTONIC | CLOCK_MONOTONIC_RAW | CLOCK_MONOTONIC_COARSE | CLOCK_BOOTTIME => {
            Ok(monotonic)
        }
        CLOCK_PROCESS_CPUTIME_ID | CLOCK_THREAD_CPUTIME_ID => Ok(monotonic),
        _ => Err(Errno::EINVAL),
    }
}

pub fn sys_clock_gettime(c: &mut Call) -> Done {
    let (clock, address) = (c.a[0], c.a[1]);
    let t = match now(c, clock) {
        Ok(t) => t,
        Err(e) => return Done::Ret(Err(e)),
    };
    let bytes = abi_out::timespec(t / 1_000_000_000, t % 1_000_000_000);
    Done::Ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, address, &bytes).map(|()| 0))
}

pub fn sys_clock_getres(c: &mut Call) -> Done {
    let (clock, address) = (c.a[0], c.a[1]);
    if let Err(e) = now(c, clock) {
        return Done::Ret(Err(e));
    }
    if address == 0 {
        return Done::Ret(Ok(0));
    }
    let bytes = abi_out::timespec(0, 1);
    Done::Ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, address, &bytes).map(|()| 0))
}

pub fn sys_gettimeofday(c: &mut Call) -> Done {
    let (tv, tz) = (c.a[0], c.a[1]);
    let t = c.sys.boot_time * 1_000_000_000 + mk::clock_ns();
    if tv != 0 {
        let bytes = abi_out::timespec(t / 1_000_000_000, (t % 1_000_000_000) / 1000);
        if let Err(e) = c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, tv, &bytes) {
            return Done::Ret(Err(e));
        }
    }
    if tz != 0 {
        if let Err(e) = c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, tz, &[0u8; 8]) {
            return Done::Ret(Err(e));
        }
    }
    Done::Ret(Ok(0))
}

pub fn sys_time(c: &mut Call) -> Done {
    let seconds = c.sys.boot_time + mk::clock_ns() / 1_000_000_000;
    if c.a[0] != 0 {
        if let Err(e) =
            c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, c.a[0], &seconds.to_le_bytes())
        {
            return Done::Ret(Err(e));
        }
    }
    Done::Ret(Ok(seconds))
}

fn read_timespec(c: &mut Call, address: u64) -> Result<u64, Errno> {
    c.p.read_timespec(&mut c.sys.frames, &c.sys.vfs, address)
}

fn sleep_until(deadline: u64) -> Done {
    if deadline <= mk::clock_ns() {
        Done::Ret(Ok(0))
    } else {
        Done::Park(Some(deadline))
    }
}

pub fn sys_nanosleep(c: &mut Call) -> Done {
    match read_timespec(c, c.a[0]) {
        Ok(duration) => sleep_until(mk::clock_ns().saturating_add(duration)),
        Err(e) => Done::Ret(Err(e)),
    }
}

pub fn sys_clock_nanosleep(c: &mut Call) -> Done {
    let (clock, flags, request) = (c.a[0], c.a[1], c.a[2]);
    let base = match now(c, clock) {
        Ok(t) => t,
        Err(_) => return Done::Ret(Err(Errno::EINVAL)),
    };
    let duration = match read_timespec(c, request) {
        Ok(d) => d,
        Err(e) => return Done::Ret(Err(e)),
    };
    let monotonic = mk::clock_ns();
    let deadline = if flags & TIMER_ABSTIME != 0 {
        monotonic.saturating_add(duration.saturating_sub(base))
    } else {
        monotonic.saturating_add(duration)
    };
    sleep_until(deadline)
}

/// alarm(2): SIGALRM after `seconds` (0 cancels); returns the seconds that
/// were left of the previous alarm, rounded as Linux rounds them.
pub fn sys_alarm(c: &mut Call) -> Done {
    let seconds = c.a[0] as u32 as u64;
    let now = mk::clock_ns();
    let left = c.p.itimer.map(|(deadline, _)| deadline.saturating_sub(now)).unwrap_or(0);
    let previous = if left == 0 { 0 } else { left.div_ceil(1_000_000_000).max(1) };
    c.p.itimer = (seconds != 0).then(|| (now + seconds * 1_000_000_000, 0));
    Done::Ret(Ok(previous))
}

const ITIMER_REAL: u64 = ItimerWhich::Real as u64;

fn itimerval(value_ns: u64, interval_ns: u64) -> alloc::vec::Vec<u8> {
    let mut out =
        abi_out::timespec(interval_ns / 1_000_000_000, (interval_ns % 1_000_000_000) / 1000);
    out.extend(abi_out::timespec(value_ns / 1_000_000_000, (value_ns % 1_000_000_000) / 1000));
    out
}

fn current_itimer(c: &Call) -> alloc::vec::Vec<u8> {
    let now = mk::clock_ns();
    match c.p.itimer {
        Some((deadline, interval)) => itimerval(deadline.saturating_sub(now).max(1), interval),
        None => itimerval(0, 0),
    }
}

/// setitimer(2): ITIMER_REAL only (ITIMER_VIRTUAL and ITIMER_PROF need CPU-time
/// accounting, which does not exist yet: EINVAL rather than a silent no-op).
pub fn sys_setitimer(c: &mut Call) -> Done {
    let (which, new, old) = (c.a[0], c.a[1], c.a[2]);
    if which != ITIMER_REAL {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let previous = current_itimer(c);
    if new != 0 {
        let b = match c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, new, 32) {
            Ok(b) => b,
            Err(e) => return Done::Ret(Err(e)),
        };
        let field = |i: usize| i64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().unwrap());
        let (interval_s, interval_us, value_s, value_us) = (field(0), field(1), field(2), field(3));
        if [interval_s, value_s].iter().any(|&s| s < 0)
            || [interval_us, value_us].iter().any(|&u| !(0..1_000_000).contains(&u))
        {
            return Done::Ret(Err(Errno::EINVAL));
        }
        // Saturating: huge seconds (the storm's) must not overflow.
        let ns = |s: i64, us: i64| {
            (s as u64).saturating_mul(1_000_000_000).saturating_add(us as u64 * 1000)
        };
        let (interval, value) = (ns(interval_s, interval_us), ns(value_s, value_us));
        c.p.itimer = (value != 0).then(|| (mk::clock_ns().saturating_add(value), interval));
    }
    if old != 0 {
        if let Err(e) = c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, old, &previous) {
            return Done::Ret(Err(e));
        }
    }
    Done::Ret(Ok(0))
}

pub fn sys_getitimer(c: &mut Call) -> Done {
    let (which, address) = (c.a[0], c.a[1]);
    if which != ITIMER_REAL {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let value = current_itimer(c);
    Done::Ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, address, &value).map(|()| 0))
}
