//! Signal dispositions and masks: rt_sigaction, rt_sigprocmask, sigaltstack,
//! rt_sigpending, recorded with Linux's rules (SIGKILL and SIGSTOP cannot be
//! caught, blocked or ignored), and the temporary mask of the calls that wait
//! with one (ppoll, pselect6, epoll_pwait, epoll_pwait2). Sending and
//! delivery are `proc_ops::send` and `deliver_signals`. See sigaction(2).

use syscall_translation::Errno;

use super::{Call, Done};

const SIGKILL: u64 = 9;
const SIGSTOP: u64 = 19;
const UNBLOCKABLE: u64 = (1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1));

pub fn sys_rt_sigaction(c: &mut Call) -> Done {
    let (signal, act, old, size) = (c.a[0], c.a[1], c.a[2], c.a[3]);
    if size != 8 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    if signal == 0 || signal > 64 || (act != 0 && (signal == SIGKILL || signal == SIGSTOP)) {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let previous = c.p.sigactions[signal as usize];
    if act != 0 {
        let bytes = match c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, act, 32) {
            Ok(b) => b,
            Err(e) => return Done::Ret(Err(e)),
        };
        let word = |i: usize| u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().unwrap());
        c.p.sigactions[signal as usize] = [word(0), word(1), word(2), word(3) & !UNBLOCKABLE];
    }
    if old != 0 {
        let mut bytes = [0u8; 32];
        for (i, w) in previous.iter().enumerate() {
            bytes[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
        }
        if let Err(e) = c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, old, &bytes) {
            return Done::Ret(Err(e));
        }
    }
    Done::Ret(Ok(0))
}

pub fn sys_rt_sigprocmask(c: &mut Call) -> Done {
    let (how, set, old, size) = (c.a[0], c.a[1], c.a[2], c.a[3]);
    if size != 8 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let previous = c.p.t.sigmask;
    if set != 0 {
        let new = match c.p.read_u64(&mut c.sys.frames, &c.sys.vfs, set) {
            Ok(v) => v,
            Err(e) => return Done::Ret(Err(e)),
        };
        c.p.t.sigmask = match how {
            0 => previous | new,
            1 => previous & !new,
            2 => new,
            _ => return Done::Ret(Err(Errno::EINVAL)),
        } & !UNBLOCKABLE;
    }
    if old != 0 {
        if let Err(e) = c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, old, &previous.to_le_bytes())
        {
            return Done::Ret(Err(e));
        }
    }
    // Pending signals now unblocked take their action as the thread returns
    // to user mode (`deliver_signals`).
    Done::Ret(Ok(0))
}

const SS_ONSTACK: u64 = 1;
const SS_DISABLE: u64 = 2;
const MINSIGSTKSZ: u64 = 2048;

pub fn sys_sigaltstack(c: &mut Call) -> Done {
    let (new, old) = (c.a[0], c.a[1]);
    let previous = c.p.t.altstack;
    if new != 0 {
        let bytes = match c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, new, 24) {
            Ok(b) => b,
            Err(e) => return Done::Ret(Err(e)),
        };
        let sp = u64::from_le_bytes(bytes[0..8].try_into().unwrap());
        let flags = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as u64;
        let size = u64::from_le_bytes(bytes[16..24].try_into().unwrap());
        if flags & !(SS_DISABLE | (1 << 31)) != 0 {
            return Done::Ret(Err(Errno::EINVAL));
        }
        if flags & SS_DISABLE != 0 {
            c.p.t.altstack = [0, SS_DISABLE, 0];
        } else {
            if size < MINSIGSTKSZ {
                return Done::Ret(Err(Errno::ENOMEM));
            }
            c.p.t.altstack = [sp, 0, size];
        }
    }
    if old != 0 {
        let mut bytes = [0u8; 24];
        bytes[0..8].copy_from_slice(&previous[0].to_le_bytes());
        bytes[8..12].copy_from_slice(&(previous[1] as u32 & !(SS_ONSTACK as u32)).to_le_bytes());
        bytes[16..24].copy_from_slice(&previous[2].to_le_bytes());
        if let Err(e) = c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, old, &bytes) {
            return Done::Ret(Err(e));
        }
    }
    Done::Ret(Ok(0))
}

pub fn sys_rt_sigpending(c: &mut Call) -> Done {
    let (set, size) = (c.a[0], c.a[1]);
    if size != 8 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let pending = c.p.pending_mask() & c.p.t.sigmask;
    Done::Ret(
        c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, set, &pending.to_le_bytes()).map(|()| 0),
    )
}

/// Installs the temporary signal mask a waiting call was given at `address`
/// (Linux's `set_user_sigmask`): the thread's mask until the call ends, the
/// mask of before kept in `saved_mask` (a re-run of a parked call keeps the
/// first one). Ok(false) if there is none (`address` 0); EINVAL if `size` is
/// not a sigset's, EFAULT if unreadable.
pub fn set_temporary_mask(c: &mut Call, address: u64, size: u64) -> Result<bool, Errno> {
    if address == 0 {
        return Ok(false);
    }
    if size != 8 {
        return Err(Errno::EINVAL);
    }
    let mask = c.p.read_u64(&mut c.sys.frames, &c.sys.vfs, address)?;
    if c.p.t.saved_mask.is_none() {
        c.p.t.saved_mask = Some(c.p.t.sigmask);
    }
    c.p.t.sigmask = mask & !UNBLOCKABLE;
    Ok(true)
}

/// Ends a call that waits under a temporary mask (`installed`). With nothing
/// ready (a park, or `Ok(0)` when `zero_is_none`: poll and select, which
/// check signals before their timeout, unlike epoll), a pending signal the
/// temporary mask lets through interrupts it (EINTR): its handler's frame
/// takes the mask of before, restored by sigreturn. Any other result
/// restores the mask at once (Linux's `restore_saved_sigmask_unless`), so a
/// signal only the temporary mask let through stays pending. A park keeps it.
pub fn end_temporary_mask(c: &mut Call, installed: bool, zero_is_none: bool, done: Done) -> Done {
    if !installed {
        return done;
    }
    let nothing = match done {
        Done::Park(_) => true,
        Done::Ret(Ok(0)) => zero_is_none,
        _ => false,
    };
    if nothing && c.p.pending_mask() & !c.p.t.sigmask != 0 {
        return Done::Ret(Err(Errno::EINTR));
    }
    if !matches!(done, Done::Park(_)) {
        if let Some(mask) = c.p.t.saved_mask.take() {
            c.p.t.sigmask = mask;
        }
    }
    done
}
