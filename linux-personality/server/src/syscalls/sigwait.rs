//! Queued signals with their siginfo: rt_sigqueueinfo, rt_tgsigqueueinfo
//! (what sigqueue(3) calls) and rt_sigtimedwait (sigwaitinfo(2),
//! sigtimedwait(2), sigwait(3)). The pending queue itself is
//! `signals::SigQueue`. See rt_sigqueueinfo(2), sigwaitinfo(2).
//!
//! rt_sigtimedwait takes a pending signal of its set at once, from the
//! thread's own queue first, then the process's; otherwise it parks with the
//! set recorded in `Thread::sigwait`, and while it is parked `proc_ops::send`
//! makes the signals of the set pending (as if blocked; on the thread's queue
//! if sent to it, else on the process's) instead of running their action,
//! then the re-run takes them.
//! A signal outside the set with a handler interrupts it (EINTR, never
//! restarted); the timeout ends it with EAGAIN (`CallFlags::EAGAIN_ON_TIMEOUT` in the table).

use microkernel_user::abi::ExceptionFrame;
use syscall_translation::Errno;

use super::{Call, Done};
use crate::signals::{SigInfo, SI_TKILL};
use crate::Server;

const SIGKILL: u64 = 9;
const SIGSTOP: u64 = 19;
const UNBLOCKABLE: u64 = (1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1));

/// rt_sigtimedwait(set, info, timeout, sigsetsize).
pub fn sys_rt_sigtimedwait(c: &mut Call) -> Done {
    let (set, info, timeout, size) = (c.a[0], c.a[1], c.a[2], c.a[3]);
    if size != 8 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let set = match c.p.read_u64(&mut c.sys.frames, &c.sys.vfs, set) {
        Ok(s) => s & !UNBLOCKABLE,
        Err(e) => return Done::Ret(Err(e)),
    };
    let wait_ns = if timeout == 0 {
        None
    } else {
        match c.p.read_timespec(&mut c.sys.frames, &c.sys.vfs, timeout) {
            Ok(ns) => Some(ns),
            Err(e) => return Done::Ret(Err(e)),
        }
    };
    if let Some(taken) = c.p.dequeue_signal(set) {
        if info != 0 {
            let bytes = taken.bytes();
            if let Err(e) = c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, info, &bytes) {
                return Done::Ret(Err(e));
            }
        }
        return Done::Ret(Ok(taken.signo as u64));
    }
    match wait_ns {
        Some(0) => Done::Ret(Err(Errno::EAGAIN)),
        Some(ns) => {
            c.p.t.sigwait = set;
            Done::Park(Some(microkernel_user::clock_ns().saturating_add(ns)))
        }
        None => {
            c.p.t.sigwait = set;
            Done::Park(None)
        }
    }
}

/// Sends a caller-made siginfo to `target` (None: no such process or
/// thread), with the checks of both calls in Linux's order: only to itself may
/// a process claim a kernel or kill(2) origin (EPERM).
fn queue_info(
    server: &mut Server,
    caller: u32,
    named: u32,
    target: Option<(u32, Option<u32>)>,
    signal: u64,
    address: u64,
) -> Done {
    if signal > 64 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let bytes = {
        let Server { sys, procs, .. } = server;
        let Some(p) = procs.get_mut(&caller) else { return Done::Ret(Err(Errno::ESRCH)) };
        match p.read_bytes(&mut sys.frames, &sys.vfs, address, 128) {
            Ok(b) => b,
            Err(e) => return Done::Ret(Err(e)),
        }
    };
    let info = SigInfo::from_user(signal as i32, &bytes);
    if (info.code >= 0 || info.code == SI_TKILL) && named != caller {
        return Done::Ret(Err(Errno::EPERM));
    }
    let Some((target, tid)) = target.filter(|(t, _)| server.procs.contains_key(t)) else {
        return Done::Ret(Err(Errno::ESRCH));
    };
    if signal == 0 {
        return Done::Ret(Ok(0));
    }
    let result = match tid {
        Some(tid) => super::proc_ops::signal_thread_info(server, target, tid, info),
        None => super::proc_ops::signal_process_info(server, target, info),
    };
    if !server.procs.contains_key(&caller) {
        return Done::Gone;
    }
    Done::Ret(result.map(|()| 0))
}

/// rt_sigqueueinfo(tgid, sig, info).
pub fn sys_rt_sigqueueinfo(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (target, signal, info) = (frame.rdi as i32, frame.rsi, frame.rdx);
    let named = target.max(0) as u32;
    queue_info(server, pid, named, (target > 0).then_some((named, None)), signal, info)
}

/// rt_tgsigqueueinfo(tgid, tid, sig, info): to thread `tid` of process `tgid`.
pub fn sys_rt_tgsigqueueinfo(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (tgid, tid, signal, info) = (frame.rdi as i32, frame.rsi as i32, frame.rdx, frame.r10);
    if tgid <= 0 || tid <= 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let target = super::threads::owner(server, tid as u32)
        .filter(|&owner| owner == tgid as u32)
        .map(|owner| (owner, Some(tid as u32)));
    queue_info(server, pid, tgid as u32, target, signal, info)
}
