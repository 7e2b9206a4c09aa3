//! eventfd and eventfd2 (eventfd(2)); timerfd_create, timerfd_settime and
//! timerfd_gettime (timerfd_create(2)). Reads of a zero counter, or of a timer
//! that has not expired, park (EAGAIN with O_NONBLOCK); the server wakes parked
//! calls at the earliest armed timer (`special::Registry::next_deadline`).
//! Timers run on the monotonic clock; a CLOCK_REALTIME setting is converted
//! at settime (a later change of the wall clock does not move it).

use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;

use linux_personality::ipc::counter::{EventCounter, Timer};
use microkernel_user as mk;
use syscall_translation::flags::{EventfdFlags, OpenFlags, TimerfdSettimeFlags};
use syscall_translation::types::time;
use syscall_translation::Errno;

use super::fs::{read_user, write_user};
use super::{Call, Done};
use crate::files::Kind;
use crate::special::{self, EventFd, SignalFd, Special, TimerFd};

const O_NONBLOCK: u32 = OpenFlags::O_NONBLOCK.bits();
const O_CLOEXEC: u32 = OpenFlags::O_CLOEXEC.bits();
const EFD_SEMAPHORE: u32 = EventfdFlags::EFD_SEMAPHORE.bits();
const TFD_TIMER_ABSTIME: u64 = TimerfdSettimeFlags::TFD_TIMER_ABSTIME.bits() as u64;
const TFD_TIMER_CANCEL_ON_SET: u64 = TimerfdSettimeFlags::TFD_TIMER_CANCEL_ON_SET.bits() as u64;
const CLOCK_REALTIME: u64 = time::CLOCK_REALTIME as u64;
const CLOCK_MONOTONIC: u64 = time::CLOCK_MONOTONIC as u64;
const CLOCK_BOOTTIME: u64 = time::CLOCK_BOOTTIME as u64;
const NS: u64 = 1_000_000_000;

fn eventfd_common(c: &mut Call, initval: u64, flags: u64) -> Done {
    let flags = flags as u32;
    if flags & !(EFD_SEMAPHORE | O_NONBLOCK | O_CLOEXEC) != 0 || c.a[1] > u64::from(u32::MAX) {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let counter =
        EventCounter { value: initval & 0xffff_ffff, semaphore: flags & EFD_SEMAPHORE != 0 };
    let ino = c.sys.ipc.ino();
    let object = Special::EventFd(Rc::new(RefCell::new(EventFd { counter, gens: (0, 0), ino })));
    let file = special::description(object, flags & O_NONBLOCK != 0);
    Done::Ret(c.p.install_fd(file, flags & O_CLOEXEC != 0).map(|fd| fd as u64))
}

pub fn sys_eventfd(c: &mut Call) -> Done {
    c.a[1] = 0;
    eventfd_common(c, c.a[0], 0)
}

pub fn sys_eventfd2(c: &mut Call) -> Done {
    eventfd_common(c, c.a[0], c.a[1])
}

/// read(2) of an eventfd or timerfd: the 8-byte counter.
pub fn read_counter(
    c: &mut Call,
    special: &Special,
    flags: u32,
    len: u64,
) -> Result<Option<Vec<u8>>, Errno> {
    let _ = c;
    if len < 8 {
        return Err(Errno::EINVAL);
    }
    let value = match special {
        Special::EventFd(e) => {
            let mut e = e.borrow_mut();
            let value = e.counter.read();
            if value.is_some() {
                e.gens.1 += 1;
            }
            value
        }
        Special::TimerFd(t) => t.borrow_mut().timer.take(mk::clock_ns()),
        _ => return Err(Errno::EINVAL),
    };
    match value {
        Some(v) => Ok(Some(v.to_le_bytes().to_vec())),
        None if flags & O_NONBLOCK != 0 => Err(Errno::EAGAIN),
        None => Ok(None),
    }
}

/// write(2) of an eventfd: adds the 8-byte value.
pub fn write_counter(
    c: &mut Call,
    special: &Special,
    flags: u32,
    bytes: &[u8],
) -> Result<Option<u64>, Errno> {
    let _ = c;
    let Special::EventFd(e) = special else { return Err(Errno::EINVAL) };
    if bytes.len() < 8 {
        return Err(Errno::EINVAL);
    }
    let add = u64::from_le_bytes(bytes[..8].try_into().unwrap());
    let mut e = e.borrow_mut();
    if e.counter.write(add)? {
        e.gens.0 += 1;
        Ok(Some(8))
    } else if flags & O_NONBLOCK != 0 {
        Err(Errno::EAGAIN)
    } else {
        Ok(None)
    }
}

pub fn sys_timerfd_create(c: &mut Call) -> Done {
    let (clock, flags) = (c.a[0], c.a[1]);
    if !matches!(clock, CLOCK_REALTIME | CLOCK_MONOTONIC | CLOCK_BOOTTIME) {
        return Done::Ret(Err(Errno::EINVAL));
    }
    if flags & !u64::from(O_NONBLOCK | O_CLOEXEC) != 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let ino = c.sys.ipc.ino();
    let timer = Rc::new(RefCell::new(TimerFd { clock, timer: Timer::default(), fired: 0, ino }));
    c.sys.ipc.timers.push(Rc::downgrade(&timer));
    let file = special::description(Special::TimerFd(timer), flags & u64::from(O_NONBLOCK) != 0);
    Done::Ret(c.p.install_fd(file, flags & u64::from(O_CLOEXEC) != 0).map(|fd| fd as u64))
}

fn timer_of(c: &Call, fd: u64) -> Result<Rc<RefCell<TimerFd>>, Errno> {
    let file = c.p.file(fd as i32)?;
    let f = file.borrow();
    match &f.kind {
        Kind::Special(Special::TimerFd(t)) => Ok(t.clone()),
        _ => Err(Errno::EINVAL),
    }
}

fn timespec(raw: &[u8]) -> Result<u64, Errno> {
    let s = i64::from_le_bytes(raw[0..8].try_into().unwrap());
    let ns = i64::from_le_bytes(raw[8..16].try_into().unwrap());
    if s < 0 || !(0..NS as i64).contains(&ns) {
        return Err(Errno::EINVAL);
    }
    Ok((s as u64).saturating_mul(NS).saturating_add(ns as u64))
}

fn itimerspec(remaining: u64, interval: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[0..8].copy_from_slice(&(interval / NS).to_le_bytes());
    out[8..16].copy_from_slice(&(interval % NS).to_le_bytes());
    out[16..24].copy_from_slice(&(remaining / NS).to_le_bytes());
    out[24..32].copy_from_slice(&(remaining % NS).to_le_bytes());
    out
}

pub fn sys_timerfd_settime(c: &mut Call) -> Done {
    let (fd, flags, new, old) = (c.a[0], c.a[1], c.a[2], c.a[3]);
    let timer = match timer_of(c, fd) {
        Ok(t) => t,
        Err(e) => return Done::Ret(Err(e)),
    };
    if flags & !(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET) != 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let raw = match read_user(c, new, 32) {
        Ok(r) => r,
        Err(e) => return Done::Ret(Err(e)),
    };
    let (interval, value) = match (timespec(&raw[0..16]), timespec(&raw[16..32])) {
        (Ok(i), Ok(v)) => (i, v),
        _ => return Done::Ret(Err(Errno::EINVAL)),
    };
    let now = mk::clock_ns();
    let first = if value == 0 {
        None
    } else if flags & TFD_TIMER_ABSTIME != 0 {
        // Absolute times are on the timer's clock; realtime is boot time + monotonic.
        let offset = if timer.borrow().clock == CLOCK_REALTIME { c.sys.boot_time * NS } else { 0 };
        Some(value.saturating_sub(offset))
    } else {
        Some(now.saturating_add(value))
    };
    let (remaining, old_interval) = {
        let mut t = timer.borrow_mut();
        t.update(now);
        t.timer.set(now, first, interval)
    };
    if old != 0 {
        if let Err(e) = write_user(c, old, &itimerspec(remaining, old_interval)) {
            return Done::Ret(Err(e));
        }
    }
    Done::Ret(Ok(0))
}

pub fn sys_timerfd_gettime(c: &mut Call) -> Done {
    let (fd, address) = (c.a[0], c.a[1]);
    let timer = match timer_of(c, fd) {
        Ok(t) => t,
        Err(e) => return Done::Ret(Err(e)),
    };
    let now = mk::clock_ns();
    let (remaining, interval) = {
        let mut t = timer.borrow_mut();
        t.update(now);
        t.timer.remaining(now)
    };
    Done::Ret(write_user(c, address, &itimerspec(remaining, interval)).map(|()| 0))
}

/// signalfd4(fd, mask, sizemask, flags); fd -1 makes a new one, a signalfd
/// descriptor gets the new mask. SIGKILL and SIGSTOP are never taken.
pub fn sys_signalfd4(c: &mut Call) -> Done {
    let (fd, mask_at, size, flags) = (c.a[0] as i32, c.a[1], c.a[2], c.a[3] as u32);
    if size != 8 || flags & !(O_NONBLOCK | O_CLOEXEC) != 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let mask = match read_user(c, mask_at, 8) {
        Ok(b) => u64::from_le_bytes(b.try_into().unwrap()) & !((1 << 8) | (1 << 18)),
        Err(e) => return Done::Ret(Err(e)),
    };
    if fd != -1 {
        let file = match c.p.file(fd) {
            Ok(f) => f,
            Err(e) => return Done::Ret(Err(e)),
        };
        let f = file.borrow();
        return match &f.kind {
            Kind::Special(Special::SignalFd(sfd)) => {
                sfd.borrow_mut().mask = mask;
                Done::Ret(Ok(fd as u64))
            }
            _ => Done::Ret(Err(Errno::EINVAL)),
        };
    }
    let ino = c.sys.ipc.ino();
    let object = Special::SignalFd(Rc::new(RefCell::new(SignalFd { mask, ino })));
    let file = special::description(object, flags & O_NONBLOCK != 0);
    Done::Ret(c.p.install_fd(file, flags & O_CLOEXEC != 0).map(|fd| fd as u64))
}

pub fn sys_signalfd(c: &mut Call) -> Done {
    c.a[3] = 0;
    sys_signalfd4(c)
}

/// read(2) of a signalfd: one `struct signalfd_siginfo` (128 bytes) per
/// pending signal of `mask` taken, as many as fit.
pub fn read_signalfd(
    c: &mut Call,
    mask: u64,
    flags: u32,
    len: u64,
) -> Result<Option<Vec<u8>>, Errno> {
    const SIZE: u64 = 128;
    if len < SIZE {
        return Err(Errno::EINVAL);
    }
    let mut out = Vec::new();
    while (out.len() as u64) + SIZE <= len {
        let Some(info) = c.p.dequeue_signal(mask) else { break };
        let mut one = [0u8; SIZE as usize];
        let mut put = |at: usize, bytes: &[u8]| one[at..at + bytes.len()].copy_from_slice(bytes);
        put(0, &(info.signo as u32).to_le_bytes());
        put(8, &info.code.to_le_bytes());
        put(12, &(info.pid as u32).to_le_bytes());
        put(16, &info.uid.to_le_bytes());
        if info.signo == 17 {
            put(40, &(info.value as u32).to_le_bytes()); // ssi_status
        } else {
            put(44, &(info.value as u32).to_le_bytes()); // ssi_int
            put(48, &info.value.to_le_bytes()); // ssi_ptr
        }
        if info.fault {
            put(72, &info.addr.to_le_bytes()); // ssi_addr
        }
        out.extend_from_slice(&one);
    }
    if !out.is_empty() {
        return Ok(Some(out));
    }
    if flags & O_NONBLOCK != 0 {
        return Err(Errno::EAGAIN);
    }
    Ok(None)
}
