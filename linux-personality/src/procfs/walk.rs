//! Walking and listing `/proc`: [`walk`] and [`lookup`] resolve a path below `/proc` to a
//! [`Node`], [`list`] and [`fd_entries`] give a directory's entries.
//!
//! Names: a process directory is its pid in decimal without leading zeros (Linux's
//! `name_to_int`), present only if the pid is live; `fd/N` exists for any number (the caller
//! checks its descriptor table). Orders are Linux's: the root's files by name length then
//! bytes, then `self`, `thread-self` and the pids ascending; a process directory in
//! `tgid_base_stuff` order; `sys/kernel` alphabetically.
//!
//! Invariants: `walk` follows `self`, `thread-self` and `mounts` when more components follow
//! (they point inside `/proc`) and stops at `exe`, `cwd`, `root` and `fd/N` (they point out
//! of it), handing back the rest of the path; every listed name walks to the listed node.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use syscall_translation::Errno;

use super::node::{KernelFile, Node, ProcessFile, ProcessLink, SystemFile};

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

/// The processes and threads `/proc` shows, as seen by the caller.
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    /// The calling process and thread.
    pub caller_pid: u32,
    pub caller_tid: u32,
    /// The live processes.
    pub pids: &'a [u32],
    /// The threads other than the leaders, as (tid, pid) pairs.
    pub threads: &'a [(u32, u32)],
}

impl View<'_> {
    /// The thread ids of process `pid`, ascending (the leader's is `pid`).
    fn threads_of(&self, pid: u32) -> Vec<u32> {
        let mut tids: Vec<u32> =
            self.threads.iter().filter(|&&(_, p)| p == pid).map(|&(t, _)| t).collect();
        tids.push(pid);
        tids.sort_unstable();
        tids.dedup();
        tids
    }
}

/// The root's files with their nodes, in Linux's listing order (name length, then bytes).
const ROOT_FILES: [(&str, Node); 9] = [
    ("sys", Node::SysDir),
    ("stat", Node::System(SystemFile::Stat)),
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

/// The child `name` of `node`, following the links inside `/proc` when `node` is one.
fn child(node: Node, name: &[u8], view: &View) -> Result<Node, Errno> {
    let caller_pid = view.caller_pid;
    let pid_named = |name: &[u8]| parse_number(name).filter(|pid| view.pids.contains(pid));
    let found = match node {
        Node::Root => match name {
            b"self" => Some(Node::SelfLink(caller_pid)),
            b"thread-self" => Some(Node::ThreadSelfLink(caller_pid, view.caller_tid)),
            _ => ROOT_FILES
                .iter()
                .find(|(n, _)| n.as_bytes() == name)
                .map(|&(_, node)| node)
                .or_else(|| pid_named(name).map(Node::ProcessDir))
                // A thread other than a leader is not listed, but found by
                // its tid (Linux's proc_pid_lookup): its group's directory.
                .or_else(|| {
                    let tid = parse_number(name)?;
                    view.threads
                        .iter()
                        .find(|&&(t, _)| t == tid)
                        .map(|&(_, pid)| Node::ProcessDir(pid))
                }),
        },
        Node::SelfLink(pid) => return child(Node::ProcessDir(pid), name, view),
        Node::ThreadSelfLink(pid, tid) => return child(Node::ThreadDir(pid, tid), name, view),
        Node::MountsLink => {
            return child(Node::ProcessFile(caller_pid, ProcessFile::Mounts), name, view)
        }
        Node::SysDir => (name == b"kernel").then_some(Node::SysKernelDir),
        Node::SysKernelDir => {
            KERNEL_FILES.iter().find(|(n, _)| n.as_bytes() == name).map(|&(_, f)| Node::Kernel(f))
        }
        Node::ProcessDir(pid) | Node::ThreadDir(pid, _) => PROCESS_ENTRIES
            .iter()
            .filter(|(_, entry)| {
                matches!(node, Node::ProcessDir(_)) || !matches!(entry, Entry::Task)
            })
            .find(|(n, _)| n.as_bytes() == name)
            .map(|&(_, entry)| process_entry(pid, entry)),
        Node::TaskDir(pid) => parse_number(name)
            .filter(|tid| view.threads_of(pid).contains(tid))
            .map(|tid| Node::ThreadDir(pid, tid)),
        Node::FdDir(pid) => parse_number(name).map(|fd| Node::Fd(pid, fd)),
        Node::System(_) | Node::Kernel(_) | Node::ProcessFile(..) => return Err(Errno::ENOTDIR),
        // Links out of /proc are never asked for a child: `walk` stops at them.
        Node::ProcessLink(..) | Node::Fd(..) => return Err(Errno::ENOTDIR),
    };
    found.ok_or(Errno::ENOENT)
}

/// Resolve `path` (relative to `/proc`, canonical: no `.` or `..`; empty components are
/// skipped) for process `caller_pid`, when the live processes are `pids`. Stops early at a link
/// that leaves `/proc`, returning the components after it.
///
/// Errors: `ENOENT` for a name that does not exist, `ENOTDIR` for a component below a file.
pub fn walk<'p>(path: &'p [u8], caller_pid: u32, pids: &[u32]) -> Result<Walked<'p>, Errno> {
    let view = View { caller_pid, caller_tid: caller_pid, pids, threads: &[] };
    walk_in(path, &view)
}

/// [`walk`] with threads: `view` names the caller's thread and every thread.
pub fn walk_in<'p>(path: &'p [u8], view: &View) -> Result<Walked<'p>, Errno> {
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
        node = child(node, name, view)?;
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
    list_in(dir, &View { caller_pid, caller_tid: caller_pid, pids, threads: &[] })
}

/// [`list`] with threads: `view` names the caller's thread and every thread.
pub fn list_in(dir: Node, view: &View) -> Result<Vec<DirEntry>, Errno> {
    let (caller_pid, pids) = (view.caller_pid, view.pids);
    match dir {
        Node::Root => {
            let mut entries: Vec<DirEntry> =
                ROOT_FILES.iter().map(|&(name, node)| DirEntry::new(name, node)).collect();
            entries.push(DirEntry::new("self", Node::SelfLink(caller_pid)));
            entries.push(DirEntry::new(
                "thread-self",
                Node::ThreadSelfLink(caller_pid, view.caller_tid),
            ));
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
        Node::ProcessDir(pid) | Node::ThreadDir(pid, _) => Ok(PROCESS_ENTRIES
            .iter()
            .filter(|(_, entry)| {
                matches!(dir, Node::ProcessDir(_)) || !matches!(entry, Entry::Task)
            })
            .map(|&(name, entry)| DirEntry::new(name, process_entry(pid, entry)))
            .collect()),
        Node::TaskDir(pid) => Ok(view
            .threads_of(pid)
            .into_iter()
            .map(|tid| DirEntry { name: format!("{tid}"), node: Node::ThreadDir(pid, tid) })
            .collect()),
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
