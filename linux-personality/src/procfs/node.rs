//! The nodes of `/proc`: what each path is, with its `st_mode`, `d_type`, inode number and,
//! for the links that stay inside `/proc`, its target (proc(5)). Modes are Linux's
//! (`fs/proc/base.c`, `fd.c`, `root.c`, `proc_sysctl.c`): directories `0555` (`fd` `0500`),
//! files `0444` (`environ` `0400`; `comm` and `hostname` `0644`, writable in Linux), links
//! `0777` (`fd/N` by the descriptor's access mode). Walking and listing are in `walk.rs`.
//!
//! Model: every process has exactly one thread, whose id is the process id, so
//! `/proc/PID/task` lists `PID` alone and `thread-self` points at `PID/task/PID`.
//!
//! Invariants: a node's mode, `d_type` and inode number depend on the node alone; inode numbers
//! are unique except that a process's entries are the same nodes through `PID/` and
//! `PID/task/PID/`.

use alloc::format;
use alloc::string::{String, ToString};

use syscall_translation::types::fs::{DT_DIR, DT_LNK, DT_REG};
use syscall_translation::types::stat::{S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};

/// A regular file directly in `/proc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SystemFile {
    /// `/proc/meminfo`.
    Meminfo,
    /// `/proc/cpuinfo`.
    Cpuinfo,
    /// `/proc/uptime`.
    Uptime,
    /// `/proc/loadavg`.
    Loadavg,
    /// `/proc/version`.
    Version,
    /// `/proc/filesystems`.
    Filesystems,
    /// `/proc/stat`.
    Stat,
}

/// A file in `/proc/sys/kernel`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KernelFile {
    /// `hostname` (writable in Linux, mode 0644).
    Hostname,
    /// `osrelease`.
    Osrelease,
    /// `ostype`.
    Ostype,
}

/// A regular file in a process directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProcessFile {
    /// `environ` (mode 0400).
    Environ,
    /// `status`.
    Status,
    /// `comm` (writable in Linux, mode 0644).
    Comm,
    /// `cmdline`.
    Cmdline,
    /// `stat`.
    Stat,
    /// `statm`.
    Statm,
    /// `maps`.
    Maps,
    /// `mounts` (what `/proc/mounts` points at).
    Mounts,
}

/// A symbolic link in a process directory that points outside `/proc`; the server supplies
/// its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProcessLink {
    /// `cwd`: the working directory.
    Cwd,
    /// `root`: the root directory.
    Root,
    /// `exe`: the executable.
    Exe,
}

/// One file, directory or link of `/proc`. Process ids are those given to [`walk`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    /// `/proc` itself.
    Root,
    /// `/proc/self`, pointing at the caller's directory (the pid carried).
    SelfLink(u32),
    /// `/proc/thread-self`, pointing at `PID/task/TID` of the caller (pid and tid carried).
    ThreadSelfLink(u32, u32),
    /// `/proc/mounts`, pointing at `self/mounts`.
    MountsLink,
    /// A regular file in `/proc`.
    System(SystemFile),
    /// `/proc/sys`.
    SysDir,
    /// `/proc/sys/kernel`.
    SysKernelDir,
    /// A file in `/proc/sys/kernel`.
    Kernel(KernelFile),
    /// `/proc/PID`.
    ProcessDir(u32),
    /// `/proc/PID/task`.
    TaskDir(u32),
    /// `/proc/PID/task/TID`: a thread of the process (pid and tid).
    ThreadDir(u32, u32),
    /// A regular file of a process (also reached through its thread directory).
    ProcessFile(u32, ProcessFile),
    /// `exe`, `cwd` or `root` of a process.
    ProcessLink(u32, ProcessLink),
    /// `/proc/PID/fd`.
    FdDir(u32),
    /// `/proc/PID/fd/N`; whether descriptor N is open is for the caller to check.
    Fd(u32, u32),
}

impl Node {
    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        self.mode() & S_IFMT == S_IFDIR
    }

    /// Whether this is a symbolic link.
    pub fn is_link(&self) -> bool {
        self.mode() & S_IFMT == S_IFLNK
    }

    /// `st_mode`, as Linux gives it. `fd/N` is given as open for reading and writing; use
    /// [`fd_link_mode`] for the descriptor's real access mode.
    pub fn mode(&self) -> u32 {
        match self {
            Node::Root
            | Node::SysDir
            | Node::SysKernelDir
            | Node::ProcessDir(_)
            | Node::TaskDir(_)
            | Node::ThreadDir(..) => S_IFDIR | 0o555,
            Node::FdDir(_) => S_IFDIR | 0o500,
            Node::SelfLink(_)
            | Node::ThreadSelfLink(..)
            | Node::MountsLink
            | Node::ProcessLink(..) => S_IFLNK | 0o777,
            Node::Fd(..) => fd_link_mode(true, true),
            Node::Kernel(KernelFile::Hostname) | Node::ProcessFile(_, ProcessFile::Comm) => {
                S_IFREG | 0o644
            }
            Node::ProcessFile(_, ProcessFile::Environ) => S_IFREG | 0o400,
            Node::System(_) | Node::Kernel(_) | Node::ProcessFile(..) => S_IFREG | 0o444,
        }
    }

    /// The `d_type` of a directory entry naming this node.
    pub fn d_type(&self) -> u8 {
        match self.mode() & S_IFMT {
            S_IFDIR => DT_DIR,
            S_IFLNK => DT_LNK,
            _ => DT_REG,
        }
    }

    /// A stable inode number, unique within `/proc` except that a process's files are the same
    /// through `PID/` and `PID/task/TID/`. The root is 1 (Linux's `PROC_ROOT_INO`).
    pub fn ino(&self) -> u64 {
        let global = |index: u64| index;
        let process = |pid: u32, kind: u64, low: u32| {
            (u64::from(pid) << 32) | (kind << 24) | u64::from(low & 0xff_ffff)
        };
        match *self {
            Node::Root => global(1),
            Node::SelfLink(_) => global(2),
            Node::ThreadSelfLink(..) => global(3),
            Node::MountsLink => global(4),
            Node::System(file) => global(5 + file as u64),
            Node::SysDir => global(16),
            Node::SysKernelDir => global(17),
            Node::Kernel(file) => global(18 + file as u64),
            Node::ProcessDir(pid) => process(pid, 0, 0),
            Node::TaskDir(pid) => process(pid, 1, 0),
            Node::ThreadDir(_, tid) => process(tid, 2, 0),
            Node::FdDir(pid) => process(pid, 3, 0),
            Node::ProcessFile(pid, file) => process(pid, 4, file as u32),
            Node::ProcessLink(pid, link) => process(pid, 5, link as u32),
            Node::Fd(pid, fd) => process(pid, 6, fd),
        }
    }

    /// The target of a link that points inside `/proc`, relative to `/proc`; `None` for the
    /// other links (the server knows their targets) and for non-links.
    pub fn link_target(&self) -> Option<String> {
        match self {
            Node::SelfLink(pid) => Some(format!("{pid}")),
            Node::ThreadSelfLink(pid, tid) => Some(format!("{pid}/task/{tid}")),
            Node::MountsLink => Some("self/mounts".to_string()),
            _ => None,
        }
    }

    /// The process a per-process node belongs to.
    pub fn pid(&self) -> Option<u32> {
        match *self {
            Node::ProcessDir(pid)
            | Node::TaskDir(pid)
            | Node::ThreadDir(pid, _)
            | Node::FdDir(pid)
            | Node::ProcessFile(pid, _)
            | Node::ProcessLink(pid, _)
            | Node::Fd(pid, _) => Some(pid),
            _ => None,
        }
    }
}

/// `st_mode` of `/proc/PID/fd/N` for a descriptor open with the given access (Linux's
/// `tid_fd_update_inode`: read gives `r-x`, write gives `-wx`, for the owner only).
pub fn fd_link_mode(readable: bool, writable: bool) -> u32 {
    let mut mode = S_IFLNK;
    if readable {
        mode |= 0o500;
    }
    if writable {
        mode |= 0o300;
    }
    mode
}
