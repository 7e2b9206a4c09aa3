//! What the server knows about one process, and the per-process files other than `status`:
//! `stat` (`do_task_stat` in Linux 6.x `fs/proc/array.c`), `statm` (`proc_pid_statm`), `comm`,
//! `cmdline`, `environ` and `maps` (proc(5)).
//!
//! `stat` has Linux's 52 fields; the ones Linux only fills in for a core-dumping task
//! (`kstkesp`, `kstkeip`) or has retired (`itrealvalue`, `nswap`, `cnswap`), and those the server
//! does not account (`wchan`, block I/O delay, guest time) are 0, as Linux prints them for a
//! running task.

use alloc::format;
use alloc::vec::Vec;
use core::fmt::Write;

use alloc::string::String;

use crate::layout::PAGE_SIZE;
use crate::mm::{maps_line, Vma};

/// The scheduler state of a task, as the `State:` line and the third `stat` field show it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TaskState {
    /// `R (running)`: running or runnable.
    #[default]
    Running,
    /// `S (sleeping)`: interruptible sleep.
    Sleeping,
    /// `D (disk sleep)`: uninterruptible sleep.
    DiskSleep,
    /// `T (stopped)`: stopped by a signal.
    Stopped,
    /// `t (tracing stop)`.
    TracingStop,
    /// `X (dead)`.
    Dead,
    /// `Z (zombie)`: exited, not yet reaped.
    Zombie,
}

impl TaskState {
    /// The letter of `stat` (`R`).
    pub fn letter(self) -> char {
        self.name().as_bytes()[0] as char
    }

    /// The text of `status` (`R (running)`), Linux's `task_state_array`.
    pub fn name(self) -> &'static str {
        match self {
            TaskState::Running => "R (running)",
            TaskState::Sleeping => "S (sleeping)",
            TaskState::DiskSleep => "D (disk sleep)",
            TaskState::Stopped => "T (stopped)",
            TaskState::TracingStop => "t (tracing stop)",
            TaskState::Dead => "X (dead)",
            TaskState::Zombie => "Z (zombie)",
        }
    }
}

/// The signal sets of a process, one bit per signal (bit `n - 1` for signal `n`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SignalSets {
    /// Pending for the thread (`SigPnd`).
    pub pending: u64,
    /// Pending for the process (`ShdPnd`).
    pub shared_pending: u64,
    /// Blocked (`SigBlk`).
    pub blocked: u64,
    /// Ignored (`SigIgn`).
    pub ignored: u64,
    /// Caught by a handler (`SigCgt`).
    pub caught: u64,
}

/// Capability sets (`CapInh` .. `CapAmb`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Capabilities {
    /// Inheritable.
    pub inheritable: u64,
    /// Permitted.
    pub permitted: u64,
    /// Effective.
    pub effective: u64,
    /// Bounding set.
    pub bounding: u64,
    /// Ambient.
    pub ambient: u64,
}

/// Every capability of Linux 6.x (`CAP_LAST_CAP` is 40, `CAP_CHECKPOINT_RESTORE`).
pub const ALL_CAPABILITIES: u64 = (1 << 41) - 1;

impl Capabilities {
    /// What root has after exec: everything permitted and effective.
    pub const ROOT: Capabilities = Capabilities {
        inheritable: 0,
        permitted: ALL_CAPABILITIES,
        effective: ALL_CAPABILITIES,
        bounding: ALL_CAPABILITIES,
        ambient: 0,
    };
}

/// Memory figures of a process, in bytes (the `Vm*` and `Rss*` lines of `status`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MemoryUsage {
    /// `VmPeak`: the largest `size` so far.
    pub peak: u64,
    /// `VmSize`: all mappings.
    pub size: u64,
    /// `VmLck`: locked.
    pub locked: u64,
    /// `VmPin`: pinned.
    pub pinned: u64,
    /// `VmHWM`: the largest `rss` so far.
    pub hwm: u64,
    /// `VmRSS`: resident (`RssAnon + RssFile + RssShmem`).
    pub rss: u64,
    /// `RssAnon`.
    pub rss_anon: u64,
    /// `RssFile`.
    pub rss_file: u64,
    /// `RssShmem`.
    pub rss_shmem: u64,
    /// `VmData`: private writable non-stack mappings.
    pub data: u64,
    /// `VmStk`: the stack.
    pub stack: u64,
    /// `VmExe`: the program's text.
    pub exe: u64,
    /// `VmLib`: other executable mappings.
    pub lib: u64,
    /// `VmPTE`: page tables.
    pub page_tables: u64,
    /// `VmSwap`.
    pub swap: u64,
}

/// What the server tells `/proc` about one process. Times are in clock ticks (`USER_HZ`, 100
/// per second); addresses are user virtual addresses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProcessInfo {
    /// Process id (= thread group id = the id of its only thread).
    pub pid: u32,
    /// The command name (`comm`): the last component of the executed file, at most 15 bytes
    /// shown.
    pub comm: Vec<u8>,
    /// Scheduler state.
    pub state: TaskState,
    /// Parent process id.
    pub ppid: u32,
    /// Process group id.
    pub pgrp: u32,
    /// Session id.
    pub session: u32,
    /// Controlling terminal device (`makedev` encoding of `stat`), 0 for none.
    pub tty_nr: u32,
    /// Foreground process group of the controlling terminal, -1 for none.
    pub tpgid: i32,
    /// Kernel flags (`PF_*`).
    pub flags: u32,
    /// Minor faults.
    pub min_flt: u64,
    /// Minor faults of waited-for children.
    pub cmin_flt: u64,
    /// Major faults.
    pub maj_flt: u64,
    /// Major faults of waited-for children.
    pub cmaj_flt: u64,
    /// User time.
    pub utime: u64,
    /// System time.
    pub stime: u64,
    /// User time of waited-for children.
    pub cutime: u64,
    /// System time of waited-for children.
    pub cstime: u64,
    /// Nice value, -20 ..= 19.
    pub nice: i32,
    /// Threads in the process.
    pub num_threads: u32,
    /// Start time after boot.
    pub start_time: u64,
    /// Virtual memory size in bytes.
    pub vsize: u64,
    /// Resident pages.
    pub rss_pages: u64,
    /// `RLIMIT_RSS` soft limit in bytes.
    pub rss_limit: u64,
    /// Start of the program text.
    pub start_code: u64,
    /// End of the program text.
    pub end_code: u64,
    /// Bottom (highest address) of the main stack.
    pub start_stack: u64,
    /// Signal sets.
    pub signals: SignalSets,
    /// Signal sent to the parent on exit (`SIGCHLD`, 17).
    pub exit_signal: i32,
    /// CPU last run on.
    pub processor: u32,
    /// Real-time priority, 1 ..= 99 under `SCHED_FIFO` and `SCHED_RR`, else 0.
    pub rt_priority: u32,
    /// Scheduling policy (`SCHED_OTHER` = 0).
    pub policy: u32,
    /// Start of initialised data.
    pub start_data: u64,
    /// End of initialised data.
    pub end_data: u64,
    /// Start of the heap.
    pub start_brk: u64,
    /// Start of argv on the stack.
    pub arg_start: u64,
    /// End of argv.
    pub arg_end: u64,
    /// Start of the environment on the stack.
    pub env_start: u64,
    /// End of the environment.
    pub env_end: u64,
    /// Exit status in `wait(2)` form (a zombie's), else 0.
    pub exit_code: i32,
    /// File mode creation mask.
    pub umask: u32,
    /// Pid of the tracer, 0 for none.
    pub tracer_pid: u32,
    /// Real, effective, saved and file-system user ids.
    pub uids: [u32; 4],
    /// Real, effective, saved and file-system group ids.
    pub gids: [u32; 4],
    /// Slots in the descriptor table.
    pub fd_size: u32,
    /// Supplementary groups.
    pub groups: Vec<u32>,
    /// Memory figures.
    pub memory: MemoryUsage,
    /// Queued signals and `RLIMIT_SIGPENDING` (`SigQ: 0/63432`).
    pub signal_queue: (u32, u32),
    /// Capability sets.
    pub capabilities: Capabilities,
    /// `PR_SET_NO_NEW_PRIVS`.
    pub no_new_privs: bool,
    /// CPUs the process may run on (all of `0 .. cpus`).
    pub cpus: u32,
    /// Voluntary context switches.
    pub voluntary_switches: u64,
    /// Involuntary context switches.
    pub involuntary_switches: u64,
}

/// `RLIM_INFINITY`.
const RLIM_INFINITY: u64 = u64::MAX;

/// `SIGCHLD`.
const SIGCHLD: i32 = 17;

impl ProcessInfo {
    /// A running single-threaded root process with Linux's defaults for everything else:
    /// nice 0, `SIGCHLD` as exit signal, umask 022, no terminal, unlimited `RLIMIT_RSS`, root's
    /// capabilities, one CPU, session and group of its own.
    pub fn new(pid: u32, comm: &[u8]) -> ProcessInfo {
        ProcessInfo {
            pid,
            comm: comm.to_vec(),
            pgrp: pid,
            session: pid,
            tpgid: -1,
            num_threads: 1,
            rss_limit: RLIM_INFINITY,
            exit_signal: SIGCHLD,
            umask: 0o022,
            fd_size: 64,
            capabilities: Capabilities::ROOT,
            cpus: 1,
            ..ProcessInfo::default()
        }
    }

    /// `stat`'s priority field (Linux's `task_prio`): `-1 - rt_priority` under the real-time
    /// policies `SCHED_FIFO` (1) and `SCHED_RR` (2), else `20 + nice`.
    pub fn priority(&self) -> i64 {
        match self.policy {
            1 | 2 => -1 - i64::from(self.rt_priority),
            _ => 20 + i64::from(self.nice),
        }
    }

    /// The name as Linux keeps it: at most `TASK_COMM_LEN - 1` = 15 bytes.
    pub fn comm(&self) -> &[u8] {
        &self.comm[..self.comm.len().min(15)]
    }
}

/// `/proc/PID/stat`: one line of 52 space-separated fields, the name in parentheses.
pub fn stat(p: &ProcessInfo) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(format!("{} (", p.pid).as_bytes());
    out.extend_from_slice(p.comm());
    out.extend_from_slice(b") ");
    let mut rest = String::new();
    let sig = |set: u64| set & 0x7fff_ffff;
    // Writing to a String cannot fail.
    let _ = writeln!(
        rest,
        "{} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} {} 0 {} {} {} {} {} {} {} 0 0 {} {} {} {} \
         0 0 0 {} {} {} {} 0 0 0 {} {} {} {} {} {} {} {}",
        p.state.letter(),
        p.ppid,
        p.pgrp,
        p.session,
        p.tty_nr,
        p.tpgid,
        p.flags,
        p.min_flt,
        p.cmin_flt,
        p.maj_flt,
        p.cmaj_flt,
        p.utime,
        p.stime,
        p.cutime,
        p.cstime,
        p.priority(),
        p.nice,
        p.num_threads,
        p.start_time,
        p.vsize,
        p.rss_pages,
        p.rss_limit,
        p.start_code,
        p.end_code,
        p.start_stack,
        sig(p.signals.pending),
        sig(p.signals.blocked),
        sig(p.signals.ignored),
        sig(p.signals.caught),
        p.exit_signal,
        p.processor,
        p.rt_priority,
        p.policy,
        p.start_data,
        p.end_data,
        p.start_brk,
        p.arg_start,
        p.arg_end,
        p.env_start,
        p.env_end,
        p.exit_code,
    );
    out.extend_from_slice(rest.as_bytes());
    out
}

/// `/proc/PID/statm`: `size resident shared text lib data dt` in pages (`lib` and `dt` are
/// always 0 since Linux 2.6).
pub fn statm(p: &ProcessInfo) -> Vec<u8> {
    let m = &p.memory;
    let pages = |bytes: u64| bytes / PAGE_SIZE;
    format!(
        "{} {} {} {} 0 {} 0\n",
        pages(m.size),
        pages(m.rss),
        pages(m.rss_file + m.rss_shmem),
        pages(m.exe),
        pages(m.data + m.stack)
    )
    .into_bytes()
}

/// `/proc/PID/comm`: the name and a newline.
pub fn comm(p: &ProcessInfo) -> Vec<u8> {
    let mut out = p.comm().to_vec();
    out.push(b'\n');
    out
}

/// `/proc/PID/cmdline` or `/proc/PID/environ` built from the strings: each followed by a NUL.
/// (A server that reads `arg_start .. arg_end` from the process's memory has these bytes
/// already.)
pub fn nul_separated<S: AsRef<[u8]>>(strings: &[S]) -> Vec<u8> {
    let mut out = Vec::new();
    for s in strings {
        out.extend_from_slice(s.as_ref());
        out.push(0);
    }
    out
}

/// `/proc/PID/maps`: one line per VMA, in address order.
pub fn maps<'a>(vmas: impl IntoIterator<Item = &'a Vma>) -> Vec<u8> {
    let mut out = Vec::new();
    for vma in vmas {
        out.extend_from_slice(maps_line(vma).as_bytes());
        out.push(b'\n');
    }
    out
}
