//! CPU time: getrusage(2) and times(2), and the CPU-time clocks.
//!
//! The microkernel samples each thread's time at every timer tick (1 ms):
//! user mode, or the kernel on its behalf (`Counters::user_time_ns`,
//! `kernel_time_ns`). A process's time is its thread's, plus that of the
//! threads exec replaced (`Process::cpu_before_exec`); the time the server
//! spends on its calls is not counted (it is the server thread's). A child's
//! time, with its own waited-for children's, goes to the parent's
//! `cpu_children` when wait4/waitid reaps it, as Linux does.

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

/// A `struct rusage` (144 bytes) with the CPU times; the other fields 0.
pub fn rusage_bytes(cpu: [u64; 2]) -> [u8; 144] {
    let mut bytes = [0u8; 144];
    for (i, ns) in cpu.iter().enumerate() {
        let at = i * 16;
        bytes[at..at + 8].copy_from_slice(&(ns / 1_000_000_000).to_le_bytes());
        bytes[at + 8..at + 16].copy_from_slice(&(ns % 1_000_000_000 / 1000).to_le_bytes());
    }
    bytes
}

const RUSAGE_CHILDREN: i32 = RusageWho::Children as i32;

pub fn sys_getrusage(c: &mut Call) -> Done {
    // `who` is an int: RUSAGE_CHILDREN (-1) may arrive zero-extended (klibc).
    let (who, usage) = (c.a[0] as i32, c.a[1]);
    if !(-1..=1).contains(&who) {
        return Done::Ret(Err(Errno::EINVAL));
    }
    // RUSAGE_SELF and RUSAGE_THREAD are the same with one thread.
    let cpu = if who == RUSAGE_CHILDREN { c.p.cpu_children } else { cpu_time(c.sys, c.p) };
    let bytes = rusage_bytes(cpu);
    Done::Ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, usage, &bytes).map(|()| 0))
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
        let children = c.p.cpu_children;
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
