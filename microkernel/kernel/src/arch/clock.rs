//! Time: the TSC as the monotonic clock (calibrated against the PIT tick at
//! boot) and the CMOS real-time clock for the wall-clock time at boot.

use core::sync::atomic::{AtomicU64, Ordering};
use x86_64::instructions::port::Port;

static TSC_AT_BOOT: AtomicU64 = AtomicU64::new(0);
/// TSC ticks per microsecond, times 1000.
static TSC_PER_US_X1000: AtomicU64 = AtomicU64::new(1_000_000);
static BOOT_TIME: AtomicU64 = AtomicU64::new(0);

pub fn rdtsc() -> u64 {
    // SAFETY: rdtsc has no side effects.
    unsafe { core::arch::x86_64::_rdtsc() }
}

/// Calibrates the TSC over `ticks` timer ticks; interrupts must be on.
pub fn calibrate(ticks: u64) {
    let start_tick = super::timer::ticks();
    while super::timer::ticks() == start_tick {
        x86_64::instructions::hlt();
    }
    let t0 = rdtsc();
    let from = super::timer::ticks();
    while super::timer::ticks() < from + ticks {
        x86_64::instructions::hlt();
    }
    let t1 = rdtsc();
    let microseconds = ticks * 1_000_000 / super::timer::HZ;
    TSC_PER_US_X1000.store(((t1 - t0) * 1000 / microseconds).max(1), Ordering::Relaxed);
    TSC_AT_BOOT.store(t0, Ordering::Relaxed);
    BOOT_TIME.store(read_rtc(), Ordering::Relaxed);
}

pub fn tsc_per_us_x1000() -> u64 {
    TSC_PER_US_X1000.load(Ordering::Relaxed)
}

/// Nanoseconds since calibration.
pub fn now_ns() -> u64 {
    let delta = rdtsc().wrapping_sub(TSC_AT_BOOT.load(Ordering::Relaxed)) as u128;
    (delta * 1_000_000 / tsc_per_us_x1000() as u128) as u64
}

pub fn boot_time() -> u64 {
    BOOT_TIME.load(Ordering::Relaxed)
}

fn cmos(register: u8) -> u8 {
    // SAFETY: reading a CMOS register through the index/data ports; NMI stays enabled.
    unsafe {
        Port::<u8>::new(0x70).write(register);
        Port::<u8>::new(0x71).read()
    }
}

/// Seconds since the epoch from the CMOS RTC.
fn read_rtc() -> u64 {
    while cmos(0x0a) & 0x80 != 0 {
        core::hint::spin_loop();
    }
    let status_b = cmos(0x0b);
    let bcd = status_b & 0x04 == 0;
    let decode = |v: u8| if bcd { (v & 0x0f) + (v >> 4) * 10 } else { v } as u64;
    let second = decode(cmos(0x00));
    let minute = decode(cmos(0x02));
    let hour_raw = cmos(0x04);
    let mut hour = decode(hour_raw & 0x7f);
    if status_b & 0x02 == 0 && hour_raw & 0x80 != 0 {
        hour = (hour % 12) + 12;
    }
    let day = decode(cmos(0x07));
    let month = decode(cmos(0x08));
    let year = 2000 + decode(cmos(0x09));
    days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
}

/// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year } as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146097 + doe - 719468) as u64
}
