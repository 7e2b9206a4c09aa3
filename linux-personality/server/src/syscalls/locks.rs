//! Advisory locks: flock(2) whole-file locks, POSIX record locks (fcntl
//! F_GETLK / F_SETLK / F_SETLKW, owned by the process, released when it
//! closes any descriptor of the file or exits) and open-file-description
//! locks (F_OFD_*, owned by the description, released with its last
//! descriptor). A lock that must wait parks the call until it can be taken.

use alloc::rc::{Rc, Weak};
use alloc::vec::Vec;
use core::cell::RefCell;

use syscall_translation::flags::{fcntl, FlockOp};
use syscall_translation::types::fs;
use syscall_translation::Errno;

use super::fs::{read_user, ret, write_user};
use super::{Call, Done};
use crate::files::{FileRef, Kind, OpenFile};

const F_RDLCK: i16 = fs::F_RDLCK;
const F_WRLCK: i16 = fs::F_WRLCK;
const F_UNLCK: i16 = fs::F_UNLCK;
const F_GETLK: u64 = fcntl::F_GETLK as u64;
const F_SETLKW: u64 = fcntl::F_SETLKW as u64;
const F_OFD_GETLK: u64 = fcntl::F_OFD_GETLK as u64;
const F_OFD_SETLKW: u64 = fcntl::F_OFD_SETLKW as u64;
const LOCK_SH: u64 = FlockOp::LOCK_SH.bits() as u64;
const LOCK_EX: u64 = FlockOp::LOCK_EX.bits() as u64;
const LOCK_NB: u64 = FlockOp::LOCK_NB.bits() as u64;
const LOCK_UN: u64 = FlockOp::LOCK_UN.bits() as u64;

#[derive(Clone)]
enum Owner {
    Process(u32),
    Description(Weak<RefCell<OpenFile>>),
}

impl Owner {
    fn same(&self, other: &Owner) -> bool {
        match (self, other) {
            (Owner::Process(a), Owner::Process(b)) => a == b,
            (Owner::Description(a), Owner::Description(b)) => a.ptr_eq(b),
            _ => false,
        }
    }

    fn alive(&self) -> bool {
        match self {
            Owner::Process(_) => true,
            Owner::Description(d) => d.strong_count() > 0,
        }
    }
}

#[derive(Clone)]
struct Lock {
    file: u64,
    owner: Owner,
    write: bool,
    start: u64,
    /// Exclusive; u64::MAX reaches past any end of file.
    end: u64,
    /// flock(2) locks do not interact with record locks.
    flock: bool,
}

#[derive(Default)]
pub struct Locks {
    held: Vec<Lock>,
}

impl Locks {
    /// The first lock of another owner that conflicts with `want`.
    fn conflict(&mut self, want: &Lock) -> Option<&Lock> {
        self.held.retain(|l| l.owner.alive());
        self.held.iter().find(|l| {
            l.file == want.file
                && l.flock == want.flock
                && !l.owner.same(&want.owner)
                && l.start < want.end
                && want.start < l.end
                && (l.write || want.write)
        })
    }

    /// Removes `owner`'s coverage of `start..end` on `file` (splitting ranges).
    fn release(&mut self, file: u64, owner: &Owner, flock: bool, start: u64, end: u64) {
        let mut kept = Vec::with_capacity(self.held.len());
        for l in self.held.drain(..) {
            let mine = l.file == file && l.flock == flock && l.owner.same(owner);
            if !mine || l.end <= start || end <= l.start {
                kept.push(l);
                continue;
            }
            if l.start < start {
                kept.push(Lock { end: start, ..l.clone() });
            }
            if end < l.end {
                kept.push(Lock { start: end, ..l });
            }
        }
        self.held = kept;
    }

    /// A process ended: its record locks go.
    pub fn process_exited(&mut self, pid: u32) {
        self.held.retain(|l| !matches!(l.owner, Owner::Process(p) if p == pid));
    }
}

/// The key locks of `file` are filed under: its inode, or the description.
fn key_of(file: &FileRef) -> u64 {
    match file.borrow().vfs_file() {
        Some(v) => v.inode().to_u64(),
        None => Rc::as_ptr(file) as u64 | 1 << 63,
    }
}

/// A descriptor of the caller was closed: its record locks on that file go.
pub fn closed(c: &mut Call, file: &FileRef) {
    c.sys.locks.closed_by(c.p.pid, file);
}

impl Locks {
    /// A descriptor of process `pid` was closed (by close, dup2 over it, or
    /// exec's close-on-exec): the process's record locks on that file go.
    pub fn closed_by(&mut self, pid: u32, file: &FileRef) {
        if self.held.is_empty() {
            return;
        }
        self.release(key_of(file), &Owner::Process(pid), false, 0, u64::MAX);
    }
}

pub fn sys_flock(c: &mut Call) -> Done {
    let (fd, op) = (c.a[0] as i32, c.a[1]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let owner = Owner::Description(Rc::downgrade(&file));
    let key = key_of(&file);
    let write = match op & !LOCK_NB {
        LOCK_SH => false,
        LOCK_EX => true,
        LOCK_UN => {
            c.sys.locks.release(key, &owner, true, 0, u64::MAX);
            return ret(Ok(0));
        }
        _ => return ret(Err(Errno::EINVAL)),
    };
    let want = Lock { file: key, owner, write, start: 0, end: u64::MAX, flock: true };
    if c.sys.locks.conflict(&want).is_some() {
        if op & LOCK_NB != 0 {
            return ret(Err(Errno::EWOULDBLOCK));
        }
        return Done::Park(None);
    }
    c.sys.locks.release(key, &want.owner, true, 0, u64::MAX);
    c.sys.locks.held.push(want);
    ret(Ok(0))
}

/// fcntl's lock commands; `arg` points at a `struct flock`.
pub fn fcntl_lock(c: &mut Call, file: &FileRef, cmd: u64, arg: u64) -> Done {
    let raw = match read_user(c, arg, 32) {
        Ok(b) => b,
        Err(e) => return ret(Err(e)),
    };
    let l_type = i16::from_le_bytes([raw[0], raw[1]]);
    let whence = i16::from_le_bytes([raw[2], raw[3]]);
    let l_start = i64::from_le_bytes(raw[8..16].try_into().unwrap());
    let l_len = i64::from_le_bytes(raw[16..24].try_into().unwrap());
    let l_pid = i32::from_le_bytes(raw[24..28].try_into().unwrap());
    let ofd = cmd >= F_OFD_GETLK;
    if ofd && l_pid != 0 {
        return ret(Err(Errno::EINVAL));
    }
    // The start of the range.
    let base = {
        let f = file.borrow();
        match (whence, &f.kind) {
            (0, _) => 0,
            (1, Kind::File(v)) => v.offset() as i64,
            (2, Kind::File(v)) => c.sys.vfs.inode(v.inode()).map(|i| i.size() as i64).unwrap_or(0),
            (1 | 2, _) => 0,
            _ => return ret(Err(Errno::EINVAL)),
        }
    };
    let Some(start) = base.checked_add(l_start) else { return ret(Err(Errno::EOVERFLOW)) };
    let (start, end) = match l_len {
        0 => (start, i64::MAX),
        n if n > 0 => (start, start.saturating_add(n)),
        n => (start + n, start),
    };
    if start < 0 {
        return ret(Err(Errno::EINVAL));
    }
    let end = if end == i64::MAX { u64::MAX } else { end as u64 };
    let owner = if ofd { Owner::Description(Rc::downgrade(file)) } else { Owner::Process(c.p.pid) };
    let key = key_of(file);
    let write = match l_type {
        F_RDLCK => false,
        F_WRLCK => true,
        F_UNLCK if cmd != F_GETLK && cmd != F_OFD_GETLK => {
            c.sys.locks.release(key, &owner, false, start as u64, end);
            return ret(Ok(0));
        }
        _ => return ret(Err(Errno::EINVAL)),
    };
    let want = Lock { file: key, owner, write, start: start as u64, end, flock: false };
    if cmd == F_GETLK || cmd == F_OFD_GETLK {
        let mut out = raw.clone();
        match c.sys.locks.conflict(&want) {
            None => out[0..2].copy_from_slice(&F_UNLCK.to_le_bytes()),
            Some(l) => {
                let kind = if l.write { F_WRLCK } else { F_RDLCK };
                let len = if l.end == u64::MAX { 0 } else { (l.end - l.start) as i64 };
                let pid = match l.owner {
                    Owner::Process(pid) => pid as i32,
                    Owner::Description(_) => -1,
                };
                out[0..2].copy_from_slice(&kind.to_le_bytes());
                out[2..4].copy_from_slice(&0i16.to_le_bytes());
                out[8..16].copy_from_slice(&(l.start as i64).to_le_bytes());
                out[16..24].copy_from_slice(&len.to_le_bytes());
                out[24..28].copy_from_slice(&pid.to_le_bytes());
            }
        }
        return ret(write_user(c, arg, &out).map(|()| 0));
    }
    {
        let f = file.borrow();
        let flags = f.status_flags();
        let readable = flags & 3 != 1;
        let writable = flags & 3 != 0;
        if (write && !writable) || (!write && !readable) {
            return ret(Err(Errno::EBADF));
        }
    }
    if c.sys.locks.conflict(&want).is_some() {
        if cmd == F_SETLKW || cmd == F_OFD_SETLKW {
            return Done::Park(None);
        }
        return ret(Err(Errno::EAGAIN));
    }
    c.sys.locks.release(key, &want.owner, false, want.start, want.end);
    c.sys.locks.held.push(want);
    ret(Ok(0))
}
