//! Resource limits and usage: `struct rlimit` (getrlimit(2), prlimit(2)), `struct rusage`
//! (getrusage(2), wait4(2)), `struct sysinfo` (sysinfo(2)), and the `RLIMIT_*` / `RUSAGE_*`
//! selectors.

use super::time::Timeval;

/// `struct rlimit` (as `struct rlimit64`, which is identical on x86-64).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rlimit {
    /// Soft limit.
    pub rlim_cur: u64,
    /// Hard limit.
    pub rlim_max: u64,
}

/// "No limit".
pub const RLIM_INFINITY: u64 = u64::MAX;

/// A resource-limit selector (`RLIMIT_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u32)]
pub enum Resource {
    /// `RLIMIT_CPU`: CPU time in seconds.
    Cpu = 0,
    /// `RLIMIT_FSIZE`: largest file.
    Fsize = 1,
    /// `RLIMIT_DATA`: data segment size.
    Data = 2,
    /// `RLIMIT_STACK`: stack size.
    Stack = 3,
    /// `RLIMIT_CORE`: core file size.
    Core = 4,
    /// `RLIMIT_RSS`: resident set size.
    Rss = 5,
    /// `RLIMIT_NPROC`: number of processes.
    Nproc = 6,
    /// `RLIMIT_NOFILE`: number of open files.
    Nofile = 7,
    /// `RLIMIT_MEMLOCK`: locked memory.
    Memlock = 8,
    /// `RLIMIT_AS`: address space size.
    As = 9,
    /// `RLIMIT_LOCKS`: file locks.
    Locks = 10,
    /// `RLIMIT_SIGPENDING`: pending signals.
    Sigpending = 11,
    /// `RLIMIT_MSGQUEUE`: bytes in POSIX message queues.
    Msgqueue = 12,
    /// `RLIMIT_NICE`: nice ceiling.
    Nice = 13,
    /// `RLIMIT_RTPRIO`: real-time priority ceiling.
    Rtprio = 14,
    /// `RLIMIT_RTTIME`: real-time CPU time in microseconds.
    Rttime = 15,
}

/// Number of resource limits (`RLIM_NLIMITS`).
pub const RLIM_NLIMITS: usize = 16;

impl Resource {
    /// Every resource, in number order.
    pub const ALL: [Resource; RLIM_NLIMITS] = [
        Resource::Cpu,
        Resource::Fsize,
        Resource::Data,
        Resource::Stack,
        Resource::Core,
        Resource::Rss,
        Resource::Nproc,
        Resource::Nofile,
        Resource::Memlock,
        Resource::As,
        Resource::Locks,
        Resource::Sigpending,
        Resource::Msgqueue,
        Resource::Nice,
        Resource::Rtprio,
        Resource::Rttime,
    ];

    /// The resource numbered `resource`, or `None` (Linux: `EINVAL`).
    pub const fn new(resource: u32) -> Option<Resource> {
        if (resource as usize) < RLIM_NLIMITS {
            Some(Resource::ALL[resource as usize])
        } else {
            None
        }
    }

    /// The strace name.
    pub const fn name(self) -> &'static str {
        [
            "RLIMIT_CPU",
            "RLIMIT_FSIZE",
            "RLIMIT_DATA",
            "RLIMIT_STACK",
            "RLIMIT_CORE",
            "RLIMIT_RSS",
            "RLIMIT_NPROC",
            "RLIMIT_NOFILE",
            "RLIMIT_MEMLOCK",
            "RLIMIT_AS",
            "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING",
            "RLIMIT_MSGQUEUE",
            "RLIMIT_NICE",
            "RLIMIT_RTPRIO",
            "RLIMIT_RTTIME",
        ][self as usize]
    }
}

/// getrusage(2)'s `who`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum RusageWho {
    /// `RUSAGE_SELF`: the whole process.
    SelfProcess = 0,
    /// `RUSAGE_CHILDREN`: waited-for children.
    Children = -1,
    /// `RUSAGE_THREAD`: the calling thread.
    Thread = 1,
}

impl RusageWho {
    /// The selector `who`, or `None` (Linux: `EINVAL`).
    pub const fn new(who: i32) -> Option<RusageWho> {
        match who {
            0 => Some(RusageWho::SelfProcess),
            -1 => Some(RusageWho::Children),
            1 => Some(RusageWho::Thread),
            _ => None,
        }
    }

    /// The strace name.
    pub const fn name(self) -> &'static str {
        match self {
            RusageWho::SelfProcess => "RUSAGE_SELF",
            RusageWho::Children => "RUSAGE_CHILDREN",
            RusageWho::Thread => "RUSAGE_THREAD",
        }
    }
}

/// `struct rusage`. 144 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rusage {
    /// User CPU time.
    pub ru_utime: Timeval,
    /// System CPU time.
    pub ru_stime: Timeval,
    /// Maximum resident set size, KiB.
    pub ru_maxrss: i64,
    /// Unused.
    pub ru_ixrss: i64,
    /// Unused.
    pub ru_idrss: i64,
    /// Unused.
    pub ru_isrss: i64,
    /// Minor page faults.
    pub ru_minflt: i64,
    /// Major page faults.
    pub ru_majflt: i64,
    /// Unused.
    pub ru_nswap: i64,
    /// Block input operations.
    pub ru_inblock: i64,
    /// Block output operations.
    pub ru_oublock: i64,
    /// Unused.
    pub ru_msgsnd: i64,
    /// Unused.
    pub ru_msgrcv: i64,
    /// Unused.
    pub ru_nsignals: i64,
    /// Voluntary context switches.
    pub ru_nvcsw: i64,
    /// Involuntary context switches.
    pub ru_nivcsw: i64,
}

/// `struct sysinfo`. 112 bytes (the padding the C layout implies is spelled out).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sysinfo {
    /// Seconds since boot.
    pub uptime: i64,
    /// 1, 5 and 15 minute load averages, scaled by `1 << SI_LOAD_SHIFT`.
    pub loads: [u64; 3],
    /// Total usable memory, in `mem_unit`s.
    pub totalram: u64,
    /// Free memory.
    pub freeram: u64,
    /// Shared memory.
    pub sharedram: u64,
    /// Buffer memory.
    pub bufferram: u64,
    /// Total swap.
    pub totalswap: u64,
    /// Free swap.
    pub freeswap: u64,
    /// Number of processes.
    pub procs: u16,
    /// Padding.
    pub pad: u16,
    /// Implicit C padding, made explicit.
    pub __pad1: u32,
    /// Total high memory.
    pub totalhigh: u64,
    /// Free high memory.
    pub freehigh: u64,
    /// Size of the memory unit in bytes.
    pub mem_unit: u32,
    /// Implicit C padding, made explicit.
    pub __pad2: u32,
}

/// The fixed-point shift of `Sysinfo::loads`.
pub const SI_LOAD_SHIFT: u32 = 16;
