//! poll, ppoll, select and pselect6 over every descriptor this server has,
//! with the readiness rules of `special::mask` (the console, pipes, sockets,
//! eventfd, timerfd, epoll; files and devices are always ready). A poll that
//! must wait parks until an event or its timeout. ppoll and pselect6 wait
//! under their signal mask argument (`signal::set_temporary_mask`). See
//! poll(2), select(2).

use microkernel_user as mk;
use syscall_translation::Errno;

use super::{Call, Done};

const POLLIN: u32 = 0x1;
const POLLOUT: u32 = 0x4;
const POLLERR: u32 = 0x8;
const POLLHUP: u32 = 0x10;
const POLLNVAL: u16 = 0x20;

/// The readiness mask of descriptor `fd` (see `special::mask`), or None if it
/// is not open.
fn readiness(c: &mut Call, fd: i32) -> Option<u32> {
    let file = c.p.file(fd).ok()?;
    let f = file.borrow();
    Some(crate::special::mask(&c.sys.console, c.p.pending_mask(), &f, 0))
}

fn poll_common(c: &mut Call, fds: u64, count: u64, timeout_ns: Option<u64>) -> Done {
    if count > 1024 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let mut raw = match c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, fds, (count * 8) as usize) {
        Ok(b) => b,
        Err(e) => return Done::Ret(Err(e)),
    };
    c.sys.console.poll();
    let mut ready = 0;
    for entry in raw.chunks_mut(8) {
        let fd = i32::from_le_bytes(entry[0..4].try_into().unwrap());
        let events = u16::from_le_bytes(entry[4..6].try_into().unwrap());
        let revents = if fd < 0 {
            0
        } else {
            match readiness(c, fd) {
                None => POLLNVAL,
                // POLLHUP and POLLERR are reported whether asked for or not.
                Some(mask) => (mask & (u32::from(events) | POLLERR | POLLHUP)) as u16,
            }
        };
        entry[6..8].copy_from_slice(&revents.to_le_bytes());
        if revents != 0 {
            ready += 1;
        }
    }
    if ready == 0 {
        match timeout_ns {
            Some(0) => {}
            Some(ns) => return Done::Park(Some(mk::clock_ns().saturating_add(ns))),
            None => return Done::Park(None),
        }
    }
    match c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, fds, &raw) {
        Ok(()) => Done::Ret(Ok(ready)),
        Err(e) => Done::Ret(Err(e)),
    }
}

pub fn sys_poll(c: &mut Call) -> Done {
    let (fds, count, timeout) = (c.a[0], c.a[1], c.a[2] as i32);
    let timeout = if timeout < 0 { None } else { Some(timeout as u64 * 1_000_000) };
    poll_common(c, fds, count, timeout)
}

pub fn sys_ppoll(c: &mut Call) -> Done {
    let (fds, count, timeout) = (c.a[0], c.a[1], c.a[2]);
    let timeout = if timeout == 0 {
        None
    } else {
        match c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, timeout, 16) {
            Ok(b) => {
                let s = i64::from_le_bytes(b[0..8].try_into().unwrap());
                let ns = i64::from_le_bytes(b[8..16].try_into().unwrap());
                if s < 0 || !(0..1_000_000_000).contains(&ns) {
                    return Done::Ret(Err(Errno::EINVAL));
                }
                // Saturating: a timeout of i64::MAX seconds must not overflow.
                Some((s as u64).saturating_mul(1_000_000_000).saturating_add(ns as u64))
            }
            Err(e) => return Done::Ret(Err(e)),
        }
    };
    let installed = match super::signal::set_temporary_mask(c, c.a[3], c.a[4]) {
        Ok(installed) => installed,
        Err(e) => return Done::Ret(Err(e)),
    };
    let done = poll_common(c, fds, count, timeout);
    super::signal::end_temporary_mask(c, installed, true, done)
}

fn read_fd_set(
    c: &mut Call,
    address: u64,
    nfds: usize,
) -> Result<Option<alloc::vec::Vec<u8>>, Errno> {
    if address == 0 {
        return Ok(None);
    }
    let bytes = nfds.div_ceil(64).saturating_mul(8);
    c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, address, bytes).map(Some)
}

fn bit(set: &[u8], fd: usize) -> bool {
    set[fd / 8] & (1 << (fd % 8)) != 0
}

/// select(2) and pselect6(2) over the same readiness as poll.
fn select_common(c: &mut Call, nfds: u64, sets: [u64; 3], timeout_ns: Option<u64>) -> Done {
    if nfds > 1024 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let nfds = nfds as usize;
    let mut inputs = [None, None, None];
    for (i, &address) in sets.iter().enumerate() {
        match read_fd_set(c, address, nfds) {
            Ok(set) => inputs[i] = set,
            Err(e) => return Done::Ret(Err(e)),
        }
    }
    c.sys.console.poll();
    let mut outputs: [Option<alloc::vec::Vec<u8>>; 3] =
        core::array::from_fn(|i| inputs[i].as_ref().map(|s| alloc::vec![0u8; s.len()]));
    let mut ready = 0;
    for fd in 0..nfds {
        let wanted = [0, 1, 2].map(|i| inputs[i].as_ref().is_some_and(|s| bit(s, fd)));
        if !wanted.iter().any(|&w| w) {
            continue;
        }
        let Some(mask) = readiness(c, fd as i32) else {
            return Done::Ret(Err(Errno::EBADF));
        };
        // Linux's POLLIN_SET, POLLOUT_SET and POLLEX_SET.
        let got = [
            mask & (POLLIN | POLLHUP | POLLERR) != 0,
            mask & (POLLOUT | POLLERR) != 0,
            mask & 2 != 0,
        ];
        for i in 0..3 {
            if wanted[i] && got[i] {
                if let Some(out) = outputs[i].as_mut() {
                    out[fd / 8] |= 1 << (fd % 8);
                }
                ready += 1;
            }
        }
    }
    if ready == 0 {
        match timeout_ns {
            Some(0) => {}
            Some(ns) => return Done::Park(Some(mk::clock_ns().saturating_add(ns))),
            None => return Done::Park(None),
        }
    }
    for (i, &address) in sets.iter().enumerate() {
        if let Some(out) = &outputs[i] {
            if let Err(e) = c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, address, out) {
                return Done::Ret(Err(e));
            }
        }
    }
    Done::Ret(Ok(ready))
}

fn read_time(c: &mut Call, address: u64, nanoseconds: bool) -> Result<Option<u64>, Errno> {
    if address == 0 {
        return Ok(None);
    }
    let b = c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, address, 16)?;
    let s = i64::from_le_bytes(b[0..8].try_into().unwrap());
    let sub = i64::from_le_bytes(b[8..16].try_into().unwrap());
    let limit = if nanoseconds { 1_000_000_000 } else { 1_000_000 };
    if s < 0 || !(0..limit).contains(&sub) {
        return Err(Errno::EINVAL);
    }
    let sub_ns = if nanoseconds { sub as u64 } else { sub as u64 * 1000 };
    Ok(Some((s as u64).saturating_mul(1_000_000_000).saturating_add(sub_ns)))
}

pub fn sys_select(c: &mut Call) -> Done {
    let (nfds, sets, timeout) = (c.a[0], [c.a[1], c.a[2], c.a[3]], c.a[4]);
    match read_time(c, timeout, false) {
        Ok(t) => select_common(c, nfds, sets, t),
        Err(e) => Done::Ret(Err(e)),
    }
}

/// pselect6's sixth argument: the address of `{ const sigset_t *ss; size_t
/// ss_len; }` (0: none), read after the timeout as Linux does.
pub fn sys_pselect6(c: &mut Call) -> Done {
    let (nfds, sets, timeout, sigmask) = (c.a[0], [c.a[1], c.a[2], c.a[3]], c.a[4], c.a[5]);
    let timeout = match read_time(c, timeout, true) {
        Ok(t) => t,
        Err(e) => return Done::Ret(Err(e)),
    };
    let (mask, size) = if sigmask == 0 {
        (0, 0)
    } else {
        match c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, sigmask, 16) {
            Ok(b) => (
                u64::from_le_bytes(b[0..8].try_into().unwrap()),
                u64::from_le_bytes(b[8..16].try_into().unwrap()),
            ),
            Err(e) => return Done::Ret(Err(e)),
        }
    };
    let installed = match super::signal::set_temporary_mask(c, mask, size) {
        Ok(installed) => installed,
        Err(e) => return Done::Ret(Err(e)),
    };
    let done = select_common(c, nfds, sets, timeout);
    super::signal::end_temporary_mask(c, installed, true, done)
}
