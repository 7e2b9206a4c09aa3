//! epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait and
//! epoll_pwait2 (epoll(7)). An instance's interest list holds (descriptor
//! number, weak reference to the description) items, as Linux keys them by
//! (file, fd): an item goes when its description closes, not when one of its
//! descriptors does. Readiness is `special::mask`, the reporting rule (level,
//! edge, one-shot) `linux_personality::ipc::epoll::Interest`. A wait with
//! nothing to report parks until an event or its timeout. epoll_pwait's signal
//! mask is not applied during the wait (as ppoll here).

use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;

use linux_personality::ipc::epoll::Interest;
use linux_personality::ipc::events::{ERR, EXCLUSIVE, HUP};
use microkernel_user as mk;
use syscall_translation::Errno;

use super::fs::{read_user, write_user};
use super::{Call, Done};
use crate::files::{FileRef, Kind};
use crate::special::{self, Epoll, EpollItem, Special};

const O_CLOEXEC: u64 = 0o2000000;
const EPOLL_CTL_ADD: u64 = 1;
const EPOLL_CTL_DEL: u64 = 2;
const EPOLL_CTL_MOD: u64 = 3;
/// EP_MAX_EVENTS: INT_MAX / sizeof(struct epoll_event).
const MAX_EVENTS: i32 = i32::MAX / 12;

fn create(c: &mut Call, flags: u64) -> Done {
    if flags & !O_CLOEXEC != 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let ino = c.sys.ipc.ino();
    let ep = Special::Epoll(Rc::new(RefCell::new(Epoll { items: Vec::new(), ino })));
    let file = special::description(ep, false);
    Done::Ret(c.p.install_fd(file, flags & O_CLOEXEC != 0).map(|fd| fd as u64))
}

pub fn sys_epoll_create(c: &mut Call) -> Done {
    if c.a[0] as i32 <= 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    create(c, 0)
}

pub fn sys_epoll_create1(c: &mut Call) -> Done {
    create(c, c.a[0])
}

fn epoll_of(file: &FileRef) -> Option<Rc<RefCell<Epoll>>> {
    match &file.borrow().kind {
        Kind::Special(Special::Epoll(ep)) => Some(ep.clone()),
        _ => None,
    }
}

/// Whether `inner`'s interest list reaches `outer` (adding it would loop).
fn reaches(inner: &Rc<RefCell<Epoll>>, outer: &Rc<RefCell<Epoll>>, depth: u32) -> bool {
    if Rc::ptr_eq(inner, outer) || depth > 4 {
        return true;
    }
    let Ok(list) = inner.try_borrow() else { return true };
    list.items.iter().filter_map(|i| i.file.upgrade()).any(|f| match epoll_of(&f) {
        Some(nested) => reaches(&nested, outer, depth + 1),
        None => false,
    })
}

pub fn sys_epoll_ctl(c: &mut Call) -> Done {
    let (epfd, op, fd, event) = (c.a[0] as i32, c.a[1], c.a[2] as i32, c.a[3]);
    let ep_file = match c.p.file(epfd) {
        Ok(f) => f,
        Err(e) => return Done::Ret(Err(e)),
    };
    let target = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return Done::Ret(Err(e)),
    };
    // Files and devices without a poll method.
    if matches!(
        target.borrow().kind,
        Kind::File(_) | Kind::Device(..) | Kind::Generated { .. } | Kind::Listing { .. }
    ) {
        return Done::Ret(Err(Errno::EPERM));
    }
    let Some(ep) = epoll_of(&ep_file) else { return Done::Ret(Err(Errno::EINVAL)) };
    if Rc::ptr_eq(&ep_file, &target) {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let (events, data) = if op == EPOLL_CTL_DEL {
        (0, 0)
    } else {
        match read_user(c, event, 12) {
            Ok(raw) => (
                u32::from_le_bytes(raw[0..4].try_into().unwrap()),
                u64::from_le_bytes(raw[4..12].try_into().unwrap()),
            ),
            Err(e) => return Done::Ret(Err(e)),
        }
    };
    if let Some(nested) = epoll_of(&target) {
        if op == EPOLL_CTL_ADD && reaches(&nested, &ep, 0) {
            return Done::Ret(Err(Errno::ELOOP));
        }
    }
    let mut list = ep.borrow_mut();
    list.items.retain(|i| i.file.strong_count() > 0);
    let found = list
        .items
        .iter()
        .position(|i| i.fd == fd && core::ptr::eq(i.file.as_ptr(), Rc::as_ptr(&target)));
    let events = events | ERR | HUP;
    Done::Ret(match (op, found) {
        (EPOLL_CTL_ADD, Some(_)) => Err(Errno::EEXIST),
        (EPOLL_CTL_ADD, None) => {
            list.items.push(EpollItem {
                fd,
                file: Rc::downgrade(&target),
                interest: Interest::new(events, data),
            });
            Ok(0)
        }
        (EPOLL_CTL_MOD, Some(i)) => {
            if events & EXCLUSIVE != 0 || list.items[i].interest.events & EXCLUSIVE != 0 {
                Err(Errno::EINVAL)
            } else {
                list.items[i].interest.modify(events, data);
                Ok(0)
            }
        }
        (EPOLL_CTL_DEL, Some(i)) => {
            list.items.remove(i);
            Ok(0)
        }
        (EPOLL_CTL_MOD | EPOLL_CTL_DEL, None) => Err(Errno::ENOENT),
        _ => Err(Errno::EINVAL),
    })
}

fn wait_common(c: &mut Call, timeout_ns: Option<u64>) -> Done {
    let (epfd, events, maxevents) = (c.a[0] as i32, c.a[1], c.a[2] as i32);
    if maxevents <= 0 || maxevents > MAX_EVENTS {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let file = match c.p.file(epfd) {
        Ok(f) => f,
        Err(e) => return Done::Ret(Err(e)),
    };
    let Some(ep) = epoll_of(&file) else { return Done::Ret(Err(Errno::EINVAL)) };
    c.sys.console.poll();
    let mut out = Vec::new();
    {
        let mut list = ep.borrow_mut();
        list.items.retain(|i| i.file.strong_count() > 0);
        let mut reported = Vec::new();
        for (index, item) in list.items.iter_mut().enumerate() {
            if out.len() / 12 >= maxevents as usize {
                break;
            }
            let Some(target) = item.file.upgrade() else { continue };
            let Ok(f) = target.try_borrow() else { continue };
            let mask = special::mask(&c.sys.console, c.p.pending_mask(), &f, 1);
            let got = item.interest.check(mask, special::generations(&f));
            if got != 0 {
                out.extend_from_slice(&got.to_le_bytes());
                out.extend_from_slice(&item.interest.data.to_le_bytes());
                reported.push(index);
            }
        }
        // Reported items go to the back, so a small maxevents takes turns.
        for (moved, index) in reported.into_iter().enumerate() {
            let item = list.items.remove(index - moved);
            list.items.push(item);
        }
    }
    if out.is_empty() {
        return match timeout_ns {
            Some(0) => Done::Ret(Ok(0)),
            Some(ns) => Done::Park(Some(mk::clock_ns().saturating_add(ns))),
            None => Done::Park(None),
        };
    }
    let n = out.len() / 12;
    Done::Ret(write_user(c, events, &out).map(|()| n as u64))
}

fn timeout_ms(ms: u64) -> Option<u64> {
    let ms = ms as i32;
    if ms < 0 {
        None
    } else {
        Some(ms as u64 * 1_000_000)
    }
}

pub fn sys_epoll_wait(c: &mut Call) -> Done {
    let timeout = timeout_ms(c.a[3]);
    wait_common(c, timeout)
}

/// epoll_pwait and epoll_pwait2 wait under their signal mask argument
/// (`signal::set_temporary_mask`), installed before anything is checked.
fn wait_with_mask(c: &mut Call, timeout_ns: Option<u64>) -> Done {
    let installed = match super::signal::set_temporary_mask(c, c.a[4], c.a[5]) {
        Ok(installed) => installed,
        Err(e) => return Done::Ret(Err(e)),
    };
    let done = wait_common(c, timeout_ns);
    super::signal::end_temporary_mask(c, installed, false, done)
}

pub fn sys_epoll_pwait(c: &mut Call) -> Done {
    let timeout = timeout_ms(c.a[3]);
    wait_with_mask(c, timeout)
}

pub fn sys_epoll_pwait2(c: &mut Call) -> Done {
    let address = c.a[3];
    let timeout = if address == 0 {
        None
    } else {
        match c.p.read_timespec(&mut c.sys.frames, &c.sys.vfs, address) {
            Ok(ns) => Some(ns),
            Err(e) => return Done::Ret(Err(e)),
        }
    };
    wait_with_mask(c, timeout)
}
