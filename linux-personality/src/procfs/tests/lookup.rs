//! The path walk, listings, modes and inode numbers; modes and listing orders against the
//! host's `/proc`.

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::string::String;
use std::vec;
use std::vec::Vec;

use crate::procfs::*;
use syscall_translation::types::fs::{DT_DIR, DT_LNK, DT_REG};
use syscall_translation::Errno;

const CALLER: u32 = 42;
const PIDS: &[u32] = &[1, 42, 7];

fn find(path: &str) -> Result<Node, Errno> {
    lookup(path.as_bytes(), CALLER, PIDS)
}

/// Every node kind with a path that names it.
fn every_node() -> Vec<(&'static str, Node)> {
    use Node::*;
    vec![
        ("", Root),
        ("self", SelfLink(CALLER)),
        ("thread-self", ThreadSelfLink(CALLER, CALLER)),
        ("mounts", MountsLink),
        ("meminfo", System(SystemFile::Meminfo)),
        ("cpuinfo", System(SystemFile::Cpuinfo)),
        ("uptime", System(SystemFile::Uptime)),
        ("loadavg", System(SystemFile::Loadavg)),
        ("version", System(SystemFile::Version)),
        ("filesystems", System(SystemFile::Filesystems)),
        ("sys", SysDir),
        ("sys/kernel", SysKernelDir),
        ("sys/kernel/hostname", Kernel(KernelFile::Hostname)),
        ("sys/kernel/osrelease", Kernel(KernelFile::Osrelease)),
        ("sys/kernel/ostype", Kernel(KernelFile::Ostype)),
        ("7", ProcessDir(7)),
        ("7/task", TaskDir(7)),
        ("7/task/7", ThreadDir(7, 7)),
        ("7/stat", ProcessFile(7, self::ProcessFile::Stat)),
        ("7/status", ProcessFile(7, self::ProcessFile::Status)),
        ("7/statm", ProcessFile(7, self::ProcessFile::Statm)),
        ("7/comm", ProcessFile(7, self::ProcessFile::Comm)),
        ("7/cmdline", ProcessFile(7, self::ProcessFile::Cmdline)),
        ("7/maps", ProcessFile(7, self::ProcessFile::Maps)),
        ("7/environ", ProcessFile(7, self::ProcessFile::Environ)),
        ("7/mounts", ProcessFile(7, self::ProcessFile::Mounts)),
        ("7/exe", ProcessLink(7, self::ProcessLink::Exe)),
        ("7/cwd", ProcessLink(7, self::ProcessLink::Cwd)),
        ("7/root", ProcessLink(7, self::ProcessLink::Root)),
        ("7/fd", FdDir(7)),
        ("7/fd/3", Fd(7, 3)),
    ]
}

#[test]
fn every_node_kind_is_found() {
    for (path, node) in every_node() {
        assert_eq!(find(path), Ok(node), "{path:?}");
    }
}

#[test]
fn links_inside_proc_are_followed_when_not_last() {
    use Node::*;
    assert_eq!(find("self/status"), Ok(ProcessFile(CALLER, self::ProcessFile::Status)));
    assert_eq!(find("self/fd/0"), Ok(Fd(CALLER, 0)));
    assert_eq!(find("self/task/42/maps"), Ok(ProcessFile(CALLER, self::ProcessFile::Maps)));
    assert_eq!(find("thread-self"), Ok(ThreadSelfLink(CALLER, CALLER)));
    assert_eq!(find("thread-self/stat"), Ok(ProcessFile(CALLER, self::ProcessFile::Stat)));
    assert_eq!(find("thread-self/task"), Err(Errno::ENOENT), "a thread has no task dir");
    assert_eq!(find("1/task/1/fd/2"), Ok(Fd(1, 2)));
    assert_eq!(find("mounts/x"), Err(Errno::ENOTDIR));
    assert_eq!(find("sys/kernel/"), Ok(SysKernelDir), "empty components are skipped");
}

#[test]
fn link_targets() {
    assert_eq!(find("self").map(|n| n.link_target()), Ok(Some("42".into())));
    assert_eq!(find("thread-self").map(|n| n.link_target()), Ok(Some("42/task/42".into())));
    assert_eq!(find("mounts").map(|n| n.link_target()), Ok(Some("self/mounts".into())));
    assert_eq!(find("7/exe").map(|n| n.link_target()), Ok(None));
    assert_eq!(find("7/fd/0").map(|n| n.link_target()), Ok(None));
    assert_eq!(find("version").map(|n| n.link_target()), Ok(None));
}

#[test]
fn walk_stops_at_links_out_of_proc() {
    let walked = walk(b"7/cwd/a/b", CALLER, PIDS);
    assert_eq!(walked, Ok(Walked { node: Node::ProcessLink(7, ProcessLink::Cwd), rest: b"a/b" }));
    let walked = walk(b"self/fd/3//x", CALLER, PIDS);
    assert_eq!(walked, Ok(Walked { node: Node::Fd(CALLER, 3), rest: b"x" }));
    let walked = walk(b"7/exe", CALLER, PIDS);
    assert_eq!(walked, Ok(Walked { node: Node::ProcessLink(7, ProcessLink::Exe), rest: b"" }));
    assert_eq!(find("7/root/etc"), Err(Errno::EXDEV));
}

#[test]
fn missing_names_and_files_used_as_directories() {
    for path in [
        "nonexistent",
        "8",
        "07",
        "0",
        "4294967296",
        "-1",
        "1x",
        "self/nonexistent",
        "7/task/1",
        "7/task/x",
        "7/fd/x",
        "7/fd/03",
        "sys/vm",
        "sys/kernel/pid_max",
        "Self",
    ] {
        assert_eq!(find(path), Err(Errno::ENOENT), "{path:?}");
    }
    for path in [
        "meminfo/x",
        "sys/kernel/ostype/x",
        "7/stat/x",
        "self/environ/",
        "7/cmdline/a/b",
        "7/mounts/x",
    ] {
        // A trailing slash is an empty component, skipped: the caller canonicalises it away.
        let expected = if path.ends_with('/') { Ok(()) } else { Err(Errno::ENOTDIR) };
        assert_eq!(find(path).map(|_| ()), expected, "{path:?}");
    }
}

fn names(entries: &[DirEntry]) -> Vec<&str> {
    entries.iter().map(|e| e.name.as_str()).collect()
}

#[test]
fn listings() {
    let root = list(Node::Root, CALLER, PIDS).expect("root");
    assert_eq!(
        names(&root),
        [
            "sys",
            "stat",
            "mounts",
            "uptime",
            "cpuinfo",
            "loadavg",
            "meminfo",
            "version",
            "filesystems",
            "self",
            "thread-self",
            "1",
            "7",
            "42"
        ]
    );
    for entry in &root {
        let found = find(&entry.name).expect("listed names exist");
        assert_eq!(found, entry.node);
        let expected = if found.is_dir() {
            DT_DIR
        } else if found.is_link() {
            DT_LNK
        } else {
            DT_REG
        };
        assert_eq!(entry.node.d_type(), expected);
    }
    let process = list(Node::ProcessDir(7), CALLER, PIDS).expect("pid dir");
    let expected = [
        "task", "fd", "environ", "status", "comm", "cmdline", "stat", "statm", "maps", "cwd",
        "root", "exe", "mounts",
    ];
    assert_eq!(names(&process), expected);
    for entry in &process {
        assert_eq!(find(&std::format!("7/{}", entry.name)), Ok(entry.node));
    }
    let thread = list(Node::ThreadDir(7, 7), CALLER, PIDS).expect("thread dir");
    assert_eq!(names(&thread), expected[1..]);
    let task = list(Node::TaskDir(7), CALLER, PIDS).expect("task dir");
    assert_eq!(names(&task), ["7"]);
    assert_eq!(task[0].node, Node::ThreadDir(7, 7));
    assert_eq!(names(&list(Node::SysDir, CALLER, PIDS).expect("sys")), ["kernel"]);
    let kernel = list(Node::SysKernelDir, CALLER, PIDS).expect("sys/kernel");
    assert_eq!(names(&kernel), ["hostname", "osrelease", "ostype"]);
    assert_eq!(list(Node::FdDir(7), CALLER, PIDS), Ok(Vec::new()));
    let fds = fd_entries(7, &[10, 0, 2, 1, 2]);
    assert_eq!(names(&fds), ["0", "1", "2", "10"]);
    assert!(fds.iter().all(|e| e.node.d_type() == DT_LNK));
    for (path, node) in every_node() {
        if !node.is_dir() {
            assert_eq!(list(node, CALLER, PIDS), Err(Errno::ENOTDIR), "{path:?}");
        }
    }
}

#[test]
fn inode_numbers_are_unique() {
    let mut seen = HashSet::new();
    let mut nodes: Vec<Node> = every_node().into_iter().map(|(_, n)| n).collect();
    nodes.extend([Node::Fd(7, 0), Node::Fd(1, 3), Node::ProcessDir(1), Node::ProcessDir(42)]);
    for node in nodes {
        assert!(seen.insert(node.ino()), "{node:?}");
    }
    assert_eq!(Node::Root.ino(), 1);
}

#[test]
fn modes_match_the_hosts() {
    if std::fs::symlink_metadata("/proc/self/stat").is_err() {
        return;
    }
    let own = std::process::id();
    for (path, node) in every_node() {
        let (host_path, node) = match node {
            Node::Fd(..) => continue, // Depends on how the host opened the descriptor.
            Node::SelfLink(_) | Node::ThreadSelfLink(..) | Node::MountsLink => {
                (std::format!("/proc/{path}"), node)
            }
            _ => (std::format!("/proc/{}", path.replace('7', &std::format!("{own}"))), node),
        };
        let meta = std::fs::symlink_metadata(&host_path).expect("the host has it");
        assert_eq!(meta.mode(), node.mode(), "{host_path} ({:o})", node.mode());
    }
    assert_eq!(fd_link_mode(true, false), 0o120500);
    assert_eq!(fd_link_mode(false, true), 0o120300);
    assert_eq!(fd_link_mode(true, true), 0o120700);
    assert_eq!(Node::Fd(1, 1).mode(), 0o120700);
}

/// The entries of host directory `path` that are also in `ours`, in the host's order.
fn host_order(path: &str, ours: &[&str]) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(path) else { return Vec::new() };
    dir.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| ours.contains(&n.as_str()))
        .collect()
}

#[test]
fn listing_orders_match_the_hosts() {
    if std::fs::read_dir("/proc/self").is_err() {
        return;
    }
    let own = std::process::id();
    let root_entries = list(Node::Root, own, &[own]).expect("root");
    let root: Vec<&str> = names(&root_entries)
        .into_iter()
        .filter(|n| !n.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(host_order("/proc", &root), root);
    let process_entries = list(Node::ProcessDir(own), own, &[own]).expect("pid dir");
    let process = names(&process_entries);
    assert_eq!(host_order("/proc/self", &process), process);
    let thread_entries = list(Node::ThreadDir(own, own), own, &[own]).expect("thread dir");
    let thread = names(&thread_entries);
    assert_eq!(host_order(&std::format!("/proc/self/task/{own}"), &thread), thread);
    let kernel_entries = list(Node::SysKernelDir, own, &[own]).expect("sys/kernel");
    let kernel = names(&kernel_entries);
    assert_eq!(host_order("/proc/sys/kernel", &kernel), kernel);
}

#[test]
fn threads_appear_under_task_and_thread_self() {
    let threads = [(44, 42), (43, 42), (9, 7)];
    let view = View { caller_pid: 42, caller_tid: 44, pids: PIDS, threads: &threads };
    let task = list_in(Node::TaskDir(42), &view).expect("task dir");
    assert_eq!(names(&task), vec!["42", "43", "44"]);
    assert_eq!(walk_in(b"42/task/43", &view).map(|w| w.node), Ok(Node::ThreadDir(42, 43)));
    assert_eq!(
        walk_in(b"42/task/43/status", &view).map(|w| w.node),
        Ok(Node::ProcessFile(42, ProcessFile::Status))
    );
    // A thread of another process is not in this one's task directory.
    assert_eq!(walk_in(b"42/task/9", &view).map(|w| w.node), Err(Errno::ENOENT));
    assert_eq!(walk_in(b"thread-self", &view).map(|w| w.node), Ok(Node::ThreadSelfLink(42, 44)));
    assert_eq!(Node::ThreadSelfLink(42, 44).link_target().as_deref(), Some("42/task/44"));
    assert_ne!(Node::ThreadDir(42, 43).ino(), Node::ThreadDir(42, 44).ino());
    // A non-leader thread is found at the top by its tid, but not listed there.
    assert_eq!(walk_in(b"43", &view).map(|w| w.node), Ok(Node::ProcessDir(42)));
    assert_eq!(
        walk_in(b"9/status", &view).map(|w| w.node),
        Ok(Node::ProcessFile(7, ProcessFile::Status))
    );
    assert_eq!(walk_in(b"45", &view).map(|w| w.node), Err(Errno::ENOENT));
    let top = list_in(Node::Root, &view).expect("root");
    assert!(!names(&top).contains(&"43"));
}
