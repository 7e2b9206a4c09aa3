//! Process identity and limits: exit, exit_group, get*id, set_tid_address,
//! set_robust_list, arch_prctl, prlimit64, sched_getaffinity, kill of self.
//! fork, exec and wait come with the processes issue.

use syscall_translation::Errno;

use super::{Call, Done};

pub fn sys_exit_group(c: &mut Call) -> Done {
    Done::Exit(((c.a[0] & 0xff) as i32) << 8)
}

pub fn sys_getpid(c: &mut Call) -> Done {
    Done::Ret(Ok(c.p.pid as u64))
}

pub fn sys_getppid(c: &mut Call) -> Done {
    Done::Ret(Ok(c.p.ppid as u64))
}

pub fn sys_gettid(c: &mut Call) -> Done {
    Done::Ret(Ok(c.p.t.tid as u64))
}

pub fn sys_set_tid_address(c: &mut Call) -> Done {
    c.p.t.clear_child_tid = c.a[0];
    Done::Ret(Ok(c.p.t.tid as u64))
}

pub fn sys_set_robust_list(c: &mut Call) -> Done {
    if c.a[1] != 24 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    c.p.t.robust_list = c.a[0];
    Done::Ret(Ok(0))
}

const ARCH_SET_GS: u64 = 0x1001;
const ARCH_SET_FS: u64 = 0x1002;
const ARCH_GET_FS: u64 = 0x1003;
const ARCH_GET_GS: u64 = 0x1004;

/// Linux refuses thread pointers at or above TASK_SIZE_MAX (the last user
/// page is not user space either): EPERM.
fn canonical(address: u64) -> bool {
    address < linux_personality::layout::USER_END
}

pub fn sys_arch_prctl(c: &mut Call) -> Done {
    let (code, address) = (c.a[0], c.a[1]);
    match code {
        ARCH_SET_FS | ARCH_SET_GS => {
            if !canonical(address) {
                return Done::Ret(Err(Errno::EPERM));
            }
            if code == ARCH_SET_FS {
                c.frame.fs_base = address;
                c.p.t.fs_base = address;
            } else {
                c.frame.gs_base = address;
            }
            c.frame.rax = 0;
            Done::Frame
        }
        ARCH_GET_FS | ARCH_GET_GS => {
            let value = if code == ARCH_GET_FS { c.frame.fs_base } else { c.frame.gs_base };
            Done::Ret(
                c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, address, &value.to_le_bytes())
                    .map(|()| 0),
            )
        }
        _ => Done::Ret(Err(Errno::EINVAL)),
    }
}

const RLIM_INFINITY: u64 = u64::MAX;

/// The resource limits a first process starts with (Linux's defaults for a
/// process started by init), by resource number; fork copies them.
pub fn default_limits() -> [(u64, u64); RLIMITS] {
    let mut limits = [(0, 0); RLIMITS];
    for (resource, slot) in limits.iter_mut().enumerate() {
        *slot = limit(resource as u64).unwrap_or((0, 0));
    }
    limits
}

/// Resources 0 (RLIMIT_CPU) to 15 (RLIMIT_RTTIME).
pub const RLIMITS: usize = 16;
pub const RLIMIT_NPROC: usize = 6;
pub const RLIMIT_NOFILE: usize = 7;

fn limit(resource: u64) -> Option<(u64, u64)> {
    Some(match resource {
        0 | 1 | 2 | 4 | 5 | 9 | 10 => (RLIM_INFINITY, RLIM_INFINITY), // cpu fsize data core rss as locks
        3 => (8 * 1024 * 1024, RLIM_INFINITY),                        // stack
        6 => (4096, 4096),                                            // nproc
        7 => (1024, 4096),                                            // nofile
        8 => (8 * 1024 * 1024, 8 * 1024 * 1024),                      // memlock
        11 => (4096, 4096),                                           // sigpending
        12 => (819200, 819200),                                       // msgqueue
        13..=15 => (0, 0),                                            // nice rtprio rttime
        _ => return None,
    })
}

pub fn sys_prlimit64(c: &mut Call) -> Done {
    let (pid, resource, new, old) = (c.a[0] as u32, c.a[1], c.a[2], c.a[3]);
    if pid != 0 && pid != c.p.pid {
        return Done::Ret(Err(Errno::ESRCH));
    }
    if resource as usize >= RLIMITS {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let (soft, hard) = c.p.rlimits[resource as usize];
    if new != 0 {
        // Enforced: RLIMIT_NOFILE (descriptors), RLIMIT_NPROC (fork), RLIMIT_STACK
        // (stack growth); the others are kept and reported.
        let bytes = match c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, new, 16) {
            Ok(b) => b,
            Err(e) => return Done::Ret(Err(e)),
        };
        let new_soft = u64::from_le_bytes(bytes[..8].try_into().unwrap());
        let new_hard = u64::from_le_bytes(bytes[8..].try_into().unwrap());
        if new_soft > new_hard {
            return Done::Ret(Err(Errno::EINVAL));
        }
        // Raising a hard limit takes CAP_SYS_RESOURCE; NOFILE has a ceiling (nr_open).
        if new_hard > hard && c.p.cred.euid != 0 {
            return Done::Ret(Err(Errno::EPERM));
        }
        if resource as usize == RLIMIT_NOFILE && new_hard > NR_OPEN {
            return Done::Ret(Err(Errno::EPERM));
        }
        c.p.rlimits[resource as usize] = (new_soft, new_hard);
    }
    if old != 0 {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&soft.to_le_bytes());
        bytes[8..].copy_from_slice(&hard.to_le_bytes());
        if let Err(e) = c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, old, &bytes) {
            return Done::Ret(Err(e));
        }
    }
    Done::Ret(Ok(0))
}

/// fs.nr_open: the most descriptors RLIMIT_NOFILE may allow.
const NR_OPEN: u64 = 1 << 20;

/// Unlike prlimit64, setrlimit and getrlimit have no "no pointer": NULL is EFAULT.
pub fn sys_setrlimit(c: &mut Call) -> Done {
    let (resource, new) = (c.a[0], c.a[1]);
    if new == 0 && (resource as usize) < RLIMITS {
        return Done::Ret(Err(Errno::EFAULT));
    }
    c.a = [0, resource, new, 0, 0, 0];
    sys_prlimit64(c)
}

pub fn sys_getrlimit(c: &mut Call) -> Done {
    let (resource, old) = (c.a[0], c.a[1]);
    if old == 0 && (resource as usize) < RLIMITS {
        return Done::Ret(Err(Errno::EFAULT));
    }
    c.a = [0, resource, 0, old, 0, 0];
    sys_prlimit64(c)
}

pub fn sys_sched_getaffinity(c: &mut Call) -> Done {
    let (pid, size, mask) = (c.a[0] as u32, c.a[1], c.a[2]);
    if pid != 0 && pid != c.p.pid {
        return Done::Ret(Err(Errno::ESRCH));
    }
    if size < 8 || size % 8 != 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    // One CPU; the kernel writes a whole unsigned long.
    Done::Ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, mask, &1u64.to_le_bytes()).map(|()| 8))
}

pub fn sys_sched_yield(_c: &mut Call) -> Done {
    Done::Ret(Ok(0))
}

const PR_SET_PDEATHSIG: u64 = 1;
const PR_GET_PDEATHSIG: u64 = 2;
const PR_SET_NAME: u64 = 15;
const PR_GET_NAME: u64 = 16;

/// prctl(2): the thread name and the accepted no-ops.
pub fn sys_prctl(c: &mut Call) -> Done {
    let (option, arg) = (c.a[0], c.a[1]);
    match option {
        PR_SET_NAME => match c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, arg, 16) {
            Ok(b) => {
                let n = b.iter().position(|&x| x == 0).unwrap_or(15).min(15);
                c.p.comm = [0; 16];
                c.p.comm[..n].copy_from_slice(&b[..n]);
                Done::Ret(Ok(0))
            }
            Err(e) => Done::Ret(Err(e)),
        },
        PR_GET_NAME => {
            let comm = c.p.comm;
            Done::Ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, arg, &comm).map(|()| 0))
        }
        PR_SET_PDEATHSIG => Done::Ret(if arg <= 64 { Ok(0) } else { Err(Errno::EINVAL) }),
        PR_GET_PDEATHSIG => Done::Ret(
            c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, arg, &0u32.to_le_bytes()).map(|()| 0),
        ),
        _ => Done::Ret(Err(Errno::EINVAL)),
    }
}

const PRIO_PROCESS: u64 = 0;
const PRIO_USER: u64 = 2;

/// Whether getpriority/setpriority's (which, who) names the caller: its own
/// process, group or user (other processes are not reachable from here: ESRCH).
fn names_caller(c: &Call, which: u64, who: u32) -> Result<(), Errno> {
    if which > PRIO_USER {
        return Err(Errno::EINVAL);
    }
    let mine = match which {
        PRIO_PROCESS => c.p.pid,
        PRIO_USER => c.p.cred.uid,
        _ => c.p.pgid,
    };
    if who == 0 || who == mine {
        Ok(())
    } else {
        Err(Errno::ESRCH)
    }
}

/// getpriority(2): the kernel returns 20 - nice (1..40), libc turns it back.
pub fn sys_getpriority(c: &mut Call) -> Done {
    let (which, who) = (c.a[0], c.a[1] as u32);
    Done::Ret(names_caller(c, which, who).map(|()| (20 - c.p.nice) as u64))
}

/// setpriority(2): nice is clamped to -20..19; lowering it needs root (EACCES).
pub fn sys_setpriority(c: &mut Call) -> Done {
    let (which, who, value) = (c.a[0], c.a[1] as u32, c.a[2] as i32);
    if let Err(e) = names_caller(c, which, who) {
        return Done::Ret(Err(e));
    }
    let nice = value.clamp(-20, 19);
    if nice < c.p.nice && c.p.cred.euid != 0 {
        return Done::Ret(Err(Errno::EACCES));
    }
    c.p.nice = nice;
    Done::Ret(Ok(0))
}
