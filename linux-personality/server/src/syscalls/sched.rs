//! Scheduling and CPU calls of a one-CPU system: sched_setaffinity (and
//! sched_getaffinity in `process.rs`), getcpu, membarrier, and the memory
//! locks mlock, mlock2, munlock, mlockall, munlockall. See
//! sched_setaffinity(2), getcpu(2), membarrier(2), mlock(2).
//!
//! There is one CPU and no swap: affinity masks must contain CPU 0, getcpu
//! says CPU 0 node 0, every membarrier command has nothing to wait for (the
//! private ones still need their registration, as Linux checks), and locked
//! memory is only checked (the range must be mapped), never paged out anyway.

use syscall_translation::flags::misc::{
    MEMBARRIER_CMD_FLAG_CPU, MEMBARRIER_CMD_GET_REGISTRATIONS, MEMBARRIER_CMD_GLOBAL,
    MEMBARRIER_CMD_GLOBAL_EXPEDITED, MEMBARRIER_CMD_PRIVATE_EXPEDITED,
    MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE,
    MEMBARRIER_CMD_QUERY, MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED,
    MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ,
    MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE,
};
use syscall_translation::flags::mmap;
use syscall_translation::Errno;

use super::{Call, Done};
use crate::process::PAGE;

/// sched_setaffinity(pid, len, mask): the mask must name CPU 0 (the others
/// do not exist: EINVAL). A shorter mask reads as zero-extended, a longer one
/// is cut to the CPUs there are.
pub fn sys_sched_setaffinity(c: &mut Call) -> Done {
    let (pid, len, mask) = (c.a[0] as i32, c.a[1], c.a[2]);
    if pid < 0 {
        return Done::Ret(Err(Errno::ESRCH));
    }
    if pid != 0 && pid as u32 != c.p.pid {
        return Done::Ret(Err(Errno::ESRCH));
    }
    if len == 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    match c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, mask, 1) {
        Ok(first) if first[0] & 1 != 0 => Done::Ret(Ok(0)),
        Ok(_) => Done::Ret(Err(Errno::EINVAL)),
        Err(e) => Done::Ret(Err(e)),
    }
}

/// getcpu(cpu, node, cache): CPU 0 of node 0 (each pointer may be NULL).
pub fn sys_getcpu(c: &mut Call) -> Done {
    for address in [c.a[0], c.a[1]] {
        if address != 0 {
            if let Err(e) =
                c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, address, &0u32.to_le_bytes())
            {
                return Done::Ret(Err(e));
            }
        }
    }
    Done::Ret(Ok(0))
}

/// membarrier(cmd, flags, cpu_id), with kernel/sched/membarrier.c's checks.
/// The registrations (the REGISTER_* commands done) are per address space:
/// kept in `Process::membarrier`, copied by fork, cleared by exec.
pub fn sys_membarrier(c: &mut Call) -> Done {
    let flags = c.a[1] as u32;
    // A number past 32 bits is no command (EINVAL, as for an unknown one).
    let Ok(cmd) = u32::try_from(c.a[0]) else { return Done::Ret(Err(Errno::EINVAL)) };
    let flags_ok = if cmd == MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ {
        flags == 0 || flags == MEMBARRIER_CMD_FLAG_CPU
    } else {
        flags == 0
    };
    if !flags_ok {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let registered = c.p.membarrier;
    let needs = |registration: u32| {
        if registered & u64::from(registration) != 0 {
            Ok(0)
        } else {
            Err(Errno::EPERM)
        }
    };
    Done::Ret(match cmd {
        MEMBARRIER_CMD_QUERY => Ok(0x3ff),
        MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED => Ok(0),
        MEMBARRIER_CMD_PRIVATE_EXPEDITED => needs(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED),
        MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE => {
            needs(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE)
        }
        MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ => {
            needs(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ)
        }
        MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED
        | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED
        | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE
        | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ => {
            c.p.membarrier |= u64::from(cmd);
            Ok(0)
        }
        MEMBARRIER_CMD_GET_REGISTRATIONS => Ok(registered),
        _ => Err(Errno::EINVAL),
    })
}

/// The page range of an mlock-family call: (start, end), page-aligned as
/// Linux rounds it (EINVAL if it wraps), ENOMEM if any of it is unmapped.
fn lock_range(c: &Call, address: u64, len: u64) -> Result<(), Errno> {
    let start = address & !(PAGE - 1);
    let end = (address & (PAGE - 1))
        .checked_add(len)
        .and_then(|l| l.checked_add(PAGE - 1))
        .map(|l| l & !(PAGE - 1))
        .and_then(|l| start.checked_add(l))
        .ok_or(Errno::EINVAL)?;
    if start == end {
        return Ok(());
    }
    if end > linux_personality::layout::USER_END || !c.p.vm.is_fully_mapped(start, end) {
        return Err(Errno::ENOMEM);
    }
    Ok(())
}

/// mlock(addr, len): pages are never paged out here; the range must be mapped.
pub fn sys_mlock(c: &mut Call) -> Done {
    Done::Ret(lock_range(c, c.a[0], c.a[1]).map(|()| 0))
}

const MLOCK_ONFAULT: u64 = mmap::MLOCK_ONFAULT as u64;

/// mlock2(addr, len, flags): flags is 0 or MLOCK_ONFAULT.
pub fn sys_mlock2(c: &mut Call) -> Done {
    if c.a[2] & !MLOCK_ONFAULT != 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    Done::Ret(lock_range(c, c.a[0], c.a[1]).map(|()| 0))
}

pub fn sys_munlock(c: &mut Call) -> Done {
    Done::Ret(lock_range(c, c.a[0], c.a[1]).map(|()| 0))
}

const MCL_CURRENT: u64 = mmap::MCL_CURRENT as u64;
const MCL_FUTURE: u64 = mmap::MCL_FUTURE as u64;
const MCL_ONFAULT: u64 = mmap::MCL_ONFAULT as u64;

/// mlockall(flags): MCL_CURRENT and/or MCL_FUTURE, maybe with MCL_ONFAULT.
pub fn sys_mlockall(c: &mut Call) -> Done {
    let flags = c.a[0];
    if flags == 0 || flags & !(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) != 0 || flags == MCL_ONFAULT
    {
        return Done::Ret(Err(Errno::EINVAL));
    }
    Done::Ret(Ok(0))
}

pub fn sys_munlockall(_c: &mut Call) -> Done {
    Done::Ret(Ok(0))
}
