//! CPU time: getrusage(2) and times(2), and the CPU-time clocks.
//!
//! The microkernel samples each thread's time at every timer tick (1 ms):
//! user mode, or the kernel on its behalf (`Counters::user_time_ns`,
//! `kernel_time_ns`). A process's time is its thread's, plus that of the
//! threads exec replaced (`Process::cpu_before_exec`); the time the server
//! spends on its calls is not counted (it is the server thread's).
//!
//! Besides CPU time a process counts its [`Activity`]: page faults the server
//! served (`ru_minflt`; none is major, nothing is read from a disk), calls
//! that waited (`ru_nvcsw`, voluntary switches), and its largest resident set
//! (`ru_maxrss`), all kept across exec as Linux keeps them. A child's
//! [`Usage`], with its own waited-for children's, goes to the parent's
//! `children` when wait4/waitid reaps it, as Linux does (largest resident set:
//! the largest child's). Involuntary switches, block I/O and IPC counts are
//! 0.

use syscall_translation::types::RusageWho;
use syscall_translation::Errno;

use super::{Call, Done};
use crate::process::Process;
use crate::Sys;

/// (user, system) ns of one microkernel thread (0 if it cannot be read).
pub fn thread_time(sys: &mut Sys, thread: u64) -> [u64; 2] {
    match sys.kernel_view.counters(thread) {
        Ok(c) => [c.user_time_ns, c.kernel_time_ns],
        Err(_) => [0; 2],
    }
}

/// (user, system) ns of process `p` itself: its threads' and those that ended.
pub fn cpu_time(sys: &mut Sys, p: &Process) -> [u64; 2] {
    let mut total = p.cpu_before_exec;
    for thread in p.kthreads() {
        let t = thread_time(sys, thread);
        total = [total[0] + t[0], total[1] + t[1]];
    }
    total
}

/// What a process did besides using CPU time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// Page faults served (minor: none waits for a disk).
    pub minflt: u64,
    /// Calls that waited (voluntary context switches).
    pub nvcsw: u64,
    /// The largest resident set seen, in pages.
    pub maxrss_pages: u64,
}

/// What getrusage reports of a process, or of its reaped children.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// (user, system) ns.
    pub cpu: [u64; 2],
    pub activity: Activity,
}

impl Usage {
    /// Adds a reaped child's: times and counts add up, the resident set is
    /// the largest one.
    pub fn add(&mut self, other: &Usage) {
        self.cpu = [self.cpu[0] + other.cpu[0], self.cpu[1] + other.cpu[1]];
        let (a, b) = (&mut self.activity, &other.activity);
        a.minflt += b.minflt;
        a.nvcsw += b.nvcsw;
        a.maxrss_pages = a.maxrss_pages.max(b.maxrss_pages);
    }
}

/// Process `p`'s own usage (not its children's).
pub fn own_usage(sys: &mut Sys, p: &Process) -> Usage {
    let mut activity = p.activity;
    activity.maxrss_pages = activity.maxrss_pages.max(p.pages.len() as u64);
    Usage { cpu: cpu_time(sys, p), activity }
}

/// A `struct rusage` (144 bytes): the times, ru_maxrss (kB), ru_minflt and
/// ru_nvcsw; the other fields 0.
pub fn rusage_bytes(usage: &Usage) -> [u8; 144] {
    let mut bytes = [0u8; 144];
    for (i, ns) in usage.cpu.iter().enumerate() {
        let at = i * 16;
        bytes[at..at + 8].copy_from_slice(&(ns / 1_000_000_000).to_le_bytes());
        bytes[at + 8..at + 16].copy_from_slice(&(ns % 1_000_000_000 / 1000).to_le_bytes());
    }
    let a = &usage.activity;
    for (at, value) in [(32, a.maxrss_pages * 4), (64, a.minflt), (128, a.nvcsw)] {
        bytes[at..at + 8].copy_from_slice(&value.to_le_bytes());
    }
    bytes
}

const RUSAGE_CHILDREN: i32 = RusageWho::Children as i32;
const RUSAGE_SELF: i32 = RusageWho::SelfProcess as i32;
const RUSAGE_THREAD: i32 = RusageWho::Thread as i32;

pub fn sys_getrusage(c: &mut Call) -> Done {
    // `who` is an int: RUSAGE_CHILDREN (-1) may arrive zero-extended (klibc).
    let (who, address) = (c.a[0] as i32, c.a[1]);
    let usage = match who {
        RUSAGE_CHILDREN => c.p.children,
        RUSAGE_SELF => own_usage(c.sys, c.p),
        // The calling thread's CPU time; the counts are the process's (they
        // are not kept per thread).
        RUSAGE_THREAD => Usage { cpu: thread_time(c.sys, c.p.t.thread), ..own_usage(c.sys, c.p) },
        _ => return Done::Ret(Err(Errno::EINVAL)),
    };
    let bytes = rusage_bytes(&usage);
    Done::Ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, address, &bytes).map(|()| 0))
}

/// Clock ticks (USER_HZ = 100) of `ns`.
fn clock_ticks(ns: u64) -> u64 {
    ns / 10_000_000
}

/// times(2): the times in clock ticks; the return value is clock ticks since
/// boot, as Linux returns.
pub fn sys_times(c: &mut Call) -> Done {
    let buffer = c.a[0];
    if buffer != 0 {
        let own = cpu_time(c.sys, c.p);
        let children = c.p.children.cpu;
        let mut bytes = [0u8; 32];
        for (i, ns) in [own[0], own[1], children[0], children[1]].into_iter().enumerate() {
            bytes[i * 8..i * 8 + 8].copy_from_slice(&clock_ticks(ns).to_le_bytes());
        }
        if let Err(e) = c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, buffer, &bytes) {
            return Done::Ret(Err(e));
        }
    }
    Done::Ret(Ok(microkernel_user::clock_ns() / 10_000_000))
}
