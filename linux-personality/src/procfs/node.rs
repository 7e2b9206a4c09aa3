//! The shape of `/proc`: which paths exist, what each one is, and what a directory lists.
//!
//! Owns [`Node`] and the pure path walk over it ([`walk`], [`lookup`]), the directory listings
//! ([`list`], [`fd_entries`]) and each node's `st_mode`, `d_type` and inode number. Modes and
//! listing orders are Linux's (`fs/proc/root.c`, `base.c`, `fd.c`, `proc_sysctl.c`): the root
//! lists its files sorted by name length then bytes (the order of Linux's `proc_dir_entry`
//! rbtree), then `self`, `thread-self` and the process directories; a process directory lists
//! its entries in `tgid_base_stuff` order.
//!
//! Model: every process has exactly one thread, whose id is the process id, so
//! `/proc/PID/task` lists `PID` alone and `thread-self` points at `PID/task/PID`.
//!
//! Invariants: a path names at most one node; `walk` resolves `self`, `thread-self` and `mounts`
//! itself when more components follow (they point inside `/proc`), and stops at the links that
//! point outside it (`exe`, `cwd`, `root`, `fd/N`), handing the rest of the path back.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use syscall_translation::types::fs::{DT_DIR, DT_LNK, DT_REG};
use syscall_translation::types::stat::{S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};
use syscall_translation::Errno;

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
    /// `/proc/thread-self`, pointing at `PID/task/PID` of the caller (the pid carried).
    ThreadSelfLink(u32),
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
    /// `/proc/PID/task/PID`: the process's only thread.
    ThreadDir(u32),
    /// A regular file of a process (also reached through its thread directory).
    ProcessFile(u32, ProcessFile),
    /// `exe`, `cwd` or `root` of a process.
    ProcessLink(u32, ProcessLink),
    /// `/proc/PID/fd`.
    FdDir(u32),
    /// `/proc/PID/fd/N`; whether descriptor N is open is for the caller to check.
    Fd(u32, u32),
}

/// One directory entry, without `.` and `..` (the caller adds those).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DirEntry {
    /// The name.
    pub name: String,
    /// The node it names.
    pub node: Node,
}

impl DirEntry {
    fn new(name: &str, node: Node) -> DirEntry {
        DirEntry { name: name.to_string(), node }
    }
}

/// A walk that stopped: the node reached and the components left to resolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Walked<'p> {
    /// The last node resolved.
    pub node: Node,
    /// Empty when the whole path was resolved; otherwise `node` is a link out of `/proc`
    /// (`exe`, `cwd`, `root`, `fd/N`) and the caller continues with these components from its
    /// target.
    pub rest: &'p [u8],
}

/// The root's files with their nodes, in Linux's listing order (name length, then bytes).
const ROOT_FILES: [(&str, Node); 8] = [
    ("sys", Node::SysDir),
    ("mounts", Node::MountsLink),
    ("uptime", Node::System(SystemFile::Uptime)),
    ("cpuinfo", Node::System(SystemFile::Cpuinfo)),
    ("loadavg", Node::System(SystemFile::Loadavg)),
    ("meminfo", Node::System(SystemFile::Meminfo)),
    ("version", Node::System(SystemFile::Version)),
    ("filesystems", Node::System(SystemFile::Filesystems)),
];

/// `/proc/sys/kernel`, in Linux's (alphabetical) order.
const KERNEL_FILES: [(&str, KernelFile); 3] = [
    ("hostname", KernelFile::Hostname),
    ("osrelease", KernelFile::Osrelease),
    ("ostype", KernelFile::Ostype),
];

/// What a process or thread directory holds, in `tgid_base_stuff` order (`task` first, only
/// in the process directory).
#[derive(Clone, Copy)]
enum Entry {
    Task,
    Fd,
    File(ProcessFile),
    Link(ProcessLink),
}

const PROCESS_ENTRIES: [(&str, Entry); 13] = [
    ("task", Entry::Task),
    ("fd", Entry::Fd),
    ("environ", Entry::File(ProcessFile::Environ)),
    ("status", Entry::File(ProcessFile::Status)),
    ("comm", Entry::File(ProcessFile::Comm)),
    ("cmdline", Entry::File(ProcessFile::Cmdline)),
    ("stat", Entry::File(ProcessFile::Stat)),
    ("statm", Entry::File(ProcessFile::Statm)),
    ("maps", Entry::File(ProcessFile::Maps)),
    ("cwd", Entry::Link(ProcessLink::Cwd)),
    ("root", Entry::Link(ProcessLink::Root)),
    ("exe", Entry::Link(ProcessLink::Exe)),
    ("mounts", Entry::File(ProcessFile::Mounts)),
];

fn process_entry(pid: u32, entry: Entry) -> Node {
    match entry {
        Entry::Task => Node::TaskDir(pid),
        Entry::Fd => Node::FdDir(pid),
        Entry::File(file) => Node::ProcessFile(pid, file),
        Entry::Link(link) => Node::ProcessLink(pid, link),
    }
}

/// A decimal number as `/proc` accepts it: digits only, no leading zero, fits in `u32`
/// (Linux's `name_to_int`).
fn parse_number(name: &[u8]) -> Option<u32> {
    if name.is_empty() || (name.len() > 1 && name[0] == b'0') {
        return None;
    }
    name.iter().try_fold(0u32, |n, &c| {
        if c.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u32::from(c - b'0'))
        } else {
            None
        }
    })
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
            | Node::ThreadDir(_) => S_IFDIR | 0o555,
            Node::FdDir(_) => S_IFDIR | 0o500,
            Node::SelfLink(_)
            | Node::ThreadSelfLink(_)
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
    /// through `PID/` and `PID/task/PID/`. The root is 1 (Linux's `PROC_ROOT_INO`).
    pub fn ino(&self) -> u64 {
        let global = |index: u64| index;
        let process = |pid: u32, kind: u64, low: u32| {
            (u64::from(pid) << 32) | (kind << 24) | u64::from(low & 0xff_ffff)
        };
        match *self {
            Node::Root => global(1),
            Node::SelfLink(_) => global(2),
            Node::ThreadSelfLink(_) => global(3),
            Node::MountsLink => global(4),
            Node::System(file) => global(5 + file as u64),
            Node::SysDir => global(16),
            Node::SysKernelDir => global(17),
            Node::Kernel(file) => global(18 + file as u64),
            Node::ProcessDir(pid) => process(pid, 0, 0),
            Node::TaskDir(pid) => process(pid, 1, 0),
            Node::ThreadDir(pid) => process(pid, 2, 0),
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
            Node::ThreadSelfLink(pid) => Some(format!("{pid}/task/{pid}")),
            Node::MountsLink => Some("self/mounts".to_string()),
            _ => None,
        }
    }

    /// The process a per-process node belongs to.
    pub fn pid(&self) -> Option<u32> {
        match *self {
            Node::ProcessDir(pid)
            | Node::TaskDir(pid)
            | Node::ThreadDir(pid)
            | Node::FdDir(pid)
            | Node::ProcessFile(pid, _)
            | Node::ProcessLink(pid, _)
            | Node::Fd(pid, _) => Some(pid),
            _ => None,
        }
    }

    /// The child `name` of this node, following the links inside `/proc` when this node is one.
    fn child(self, name: &[u8], caller_pid: u32, pids: &[u32]) -> Result<Node, Errno> {
        let pid_named = |name: &[u8]| parse_number(name).filter(|pid| pids.contains(pid));
        let found = match self {
            Node::Root => match name {
                b"self" => Some(Node::SelfLink(caller_pid)),
                b"thread-self" => Some(Node::ThreadSelfLink(caller_pid)),
                _ => ROOT_FILES
                    .iter()
                    .find(|(n, _)| n.as_bytes() == name)
                    .map(|&(_, node)| node)
                    .or_else(|| pid_named(name).map(Node::ProcessDir)),
            },
            Node::SelfLink(pid) => return Node::ProcessDir(pid).child(name, caller_pid, pids),
            Node::ThreadSelfLink(pid) => return Node::ThreadDir(pid).child(name, caller_pid, pids),
            Node::MountsLink => {
                return Node::ProcessFile(caller_pid, ProcessFile::Mounts)
                    .child(name, caller_pid, pids)
            }
            Node::SysDir => (name == b"kernel").then_some(Node::SysKernelDir),
            Node::SysKernelDir => KERNEL_FILES
                .iter()
                .find(|(n, _)| n.as_bytes() == name)
                .map(|&(_, f)| Node::Kernel(f)),
            Node::ProcessDir(pid) | Node::ThreadDir(pid) => PROCESS_ENTRIES
                .iter()
                .filter(|(_, entry)| {
                    matches!(self, Node::ProcessDir(_)) || !matches!(entry, Entry::Task)
                })
                .find(|(n, _)| n.as_bytes() == name)
                .map(|&(_, entry)| process_entry(pid, entry)),
            Node::TaskDir(pid) => (parse_number(name) == Some(pid)).then_some(Node::ThreadDir(pid)),
            Node::FdDir(pid) => parse_number(name).map(|fd| Node::Fd(pid, fd)),
            Node::System(_) | Node::Kernel(_) | Node::ProcessFile(..) => {
                return Err(Errno::ENOTDIR)
            }
            // Links out of /proc are never asked for a child: `walk` stops at them.
            Node::ProcessLink(..) | Node::Fd(..) => return Err(Errno::ENOTDIR),
        };
        found.ok_or(Errno::ENOENT)
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

/// Resolve `path` (relative to `/proc`, canonical: no `.` or `..`; empty components are
/// skipped) for process `caller_pid`, when the live processes are `pids`. Stops early at a link
/// that leaves `/proc`, returning the components after it.
///
/// Errors: `ENOENT` for a name that does not exist, `ENOTDIR` for a component below a file.
pub fn walk<'p>(path: &'p [u8], caller_pid: u32, pids: &[u32]) -> Result<Walked<'p>, Errno> {
    let mut node = Node::Root;
    let mut at = 0;
    while at < path.len() {
        let end = path[at..].iter().position(|&c| c == b'/').map_or(path.len(), |i| at + i);
        let name = &path[at..end];
        at = (end + 1).min(path.len());
        if name.is_empty() {
            continue;
        }
        if matches!(node, Node::ProcessLink(..) | Node::Fd(..)) {
            let rest_start = end - name.len();
            return Ok(Walked { node, rest: &path[rest_start..] });
        }
        node = node.child(name, caller_pid, pids)?;
    }
    Ok(Walked { node, rest: &[] })
}

/// [`walk`] for a path that must stay inside `/proc`: `EXDEV` if it continues past `exe`,
/// `cwd`, `root` or `fd/N` (use `walk` to follow those).
pub fn lookup(path: &[u8], caller_pid: u32, pids: &[u32]) -> Result<Node, Errno> {
    let walked = walk(path, caller_pid, pids)?;
    if walked.rest.is_empty() {
        Ok(walked.node)
    } else {
        Err(Errno::EXDEV)
    }
}

/// The entries of directory `dir` (without `.` and `..`), in Linux's order, for process
/// `caller_pid` when the live processes are `pids`. The root lists `pids` in ascending order; an fd directory lists nothing here: the caller lists its
/// descriptors with [`fd_entries`]. `ENOTDIR` if `dir` is not a directory.
pub fn list(dir: Node, caller_pid: u32, pids: &[u32]) -> Result<Vec<DirEntry>, Errno> {
    match dir {
        Node::Root => {
            let mut entries: Vec<DirEntry> =
                ROOT_FILES.iter().map(|&(name, node)| DirEntry::new(name, node)).collect();
            entries.push(DirEntry::new("self", Node::SelfLink(caller_pid)));
            entries.push(DirEntry::new("thread-self", Node::ThreadSelfLink(caller_pid)));
            let mut sorted = pids.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            entries.extend(
                sorted
                    .into_iter()
                    .map(|pid| DirEntry { name: format!("{pid}"), node: Node::ProcessDir(pid) }),
            );
            Ok(entries)
        }
        Node::SysDir => Ok(alloc::vec![DirEntry::new("kernel", Node::SysKernelDir)]),
        Node::SysKernelDir => {
            Ok(KERNEL_FILES.iter().map(|&(name, f)| DirEntry::new(name, Node::Kernel(f))).collect())
        }
        Node::ProcessDir(pid) | Node::ThreadDir(pid) => Ok(PROCESS_ENTRIES
            .iter()
            .filter(|(_, entry)| {
                matches!(dir, Node::ProcessDir(_)) || !matches!(entry, Entry::Task)
            })
            .map(|&(name, entry)| DirEntry::new(name, process_entry(pid, entry)))
            .collect()),
        Node::TaskDir(pid) => {
            Ok(alloc::vec![DirEntry { name: format!("{pid}"), node: Node::ThreadDir(pid) }])
        }
        Node::FdDir(_) => Ok(Vec::new()),
        _ => Err(Errno::ENOTDIR),
    }
}

/// The entries of `/proc/PID/fd` for the open descriptors `fds`, in ascending order.
pub fn fd_entries(pid: u32, fds: &[u32]) -> Vec<DirEntry> {
    let mut sorted = fds.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
        .into_iter()
        .map(|fd| DirEntry { name: format!("{fd}"), node: Node::Fd(pid, fd) })
        .collect()
}
