//! poll and ppoll over the descriptors this server has: the console (readable
//! when input is buffered or at end of file, always writable), ramdisk files and
//! devices (always ready). A poll that must wait parks until console input or
//! its timeout. See poll(2).

use microkernel_user as mk;
use syscall_translation::Errno;

use super::{Call, Done};
use crate::files::Kind;

const POLLIN: u16 = 0x1;
const POLLOUT: u16 = 0x4;
const POLLNVAL: u16 = 0x20;

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
            match c.p.file(fd) {
                Err(_) => POLLNVAL,
                Ok(file) => {
                    let (readable, writable, hangup) = match &file.borrow().kind {
                        Kind::Console(_) => (c.sys.console.readable(), true, false),
                        Kind::PipeRead(pipe) => {
                            let p = pipe.borrow();
                            (!p.buffer.is_empty() || p.writers == 0, false, p.writers == 0)
                        }
                        Kind::PipeWrite(pipe) => {
                            let p = pipe.borrow();
                            (
                                false,
                                p.buffer.len() < crate::files::PIPE_CAPACITY || p.readers == 0,
                                p.readers == 0,
                            )
                        }
                        _ => (true, true, false),
                    };
                    let mut r = 0;
                    if readable {
                        r |= POLLIN;
                    }
                    if writable {
                        r |= POLLOUT;
                    }
                    // POLLHUP and POLLERR are reported whether asked for or not.
                    let always = if hangup {
                        if writable {
                            0x8
                        } else {
                            0x10
                        }
                    } else {
                        0
                    };
                    (r & events) | always
                }
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
                Some(s as u64 * 1_000_000_000 + ns as u64)
            }
            Err(e) => return Done::Ret(Err(e)),
        }
    };
    poll_common(c, fds, count, timeout)
}
