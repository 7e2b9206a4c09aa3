//! The per-process files against this test process's own `/proc/self` files: the host's
//! figures are read into a `ProcessInfo`, and the files made from it must be the host's text.

use std::os::unix::ffi::OsStrExt;
use std::string::String;
use std::sync::Arc;
use std::vec;
use std::vec::Vec;

use super::{host, key, keys, text};
use crate::mm::{maps_line, Backing, FileId, Sharing, Vma};
use crate::procfs::*;
use syscall_translation::flags::ProtFlags;

/// `stat` fields (1-based) that Linux prints as 0 for a running task that is not dumping core,
/// or that the server does not account; `ProcessInfo` has no field for them.
const STAT_ZERO_FIELDS: [usize; 9] = [21, 29, 30, 35, 36, 37, 42, 43, 44];

/// The host's `/proc/self/stat` as a `ProcessInfo`, and its 52 fields.
fn host_stat(line: &str) -> (ProcessInfo, Vec<String>) {
    let open = line.find(" (").expect("pid (comm)");
    let close = line.rfind(") ").expect("pid (comm)");
    let mut fields = vec![String::from(&line[..open]), String::from(&line[open + 2..close])];
    fields.extend(line[close + 2..].trim_end().split(' ').map(String::from));
    let f = |n: usize| fields[n - 1].parse::<u64>().unwrap_or(0);
    let i = |n: usize| fields[n - 1].parse::<i64>().unwrap_or(0);
    let mut p = ProcessInfo::new(f(1) as u32, fields[1].as_bytes());
    p.state = match fields[2].as_str() {
        "S" => TaskState::Sleeping,
        "D" => TaskState::DiskSleep,
        _ => TaskState::Running,
    };
    (p.ppid, p.pgrp, p.session, p.tty_nr) = (f(4) as u32, f(5) as u32, f(6) as u32, f(7) as u32);
    (p.tpgid, p.flags) = (i(8) as i32, f(9) as u32);
    (p.min_flt, p.cmin_flt, p.maj_flt, p.cmaj_flt) = (f(10), f(11), f(12), f(13));
    (p.utime, p.stime, p.cutime, p.cstime) = (f(14), f(15), f(16), f(17));
    (p.nice, p.num_threads, p.start_time) = (i(19) as i32, f(20) as u32, f(22));
    (p.vsize, p.rss_pages, p.rss_limit) = (f(23), f(24), f(25));
    (p.start_code, p.end_code, p.start_stack) = (f(26), f(27), f(28));
    p.signals.pending = f(31);
    (p.signals.blocked, p.signals.ignored, p.signals.caught) = (f(32), f(33), f(34));
    (p.exit_signal, p.processor) = (i(38) as i32, f(39) as u32);
    (p.rt_priority, p.policy) = (f(40) as u32, f(41) as u32);
    (p.start_data, p.end_data, p.start_brk) = (f(45), f(46), f(47));
    (p.arg_start, p.arg_end, p.env_start, p.env_end) = (f(48), f(49), f(50), f(51));
    p.exit_code = i(52) as i32;
    (p, fields)
}

#[test]
fn stat_reproduces_the_hosts_52_fields() {
    let Some(host) = host("self/stat") else { return };
    let (info, host_fields) = host_stat(&host);
    assert_eq!(host_fields.len(), 52);
    let ours = text(stat(&info));
    assert!(ours.ends_with('\n'));
    let (_, our_fields) = host_stat(&ours);
    assert_eq!(our_fields.len(), 52);
    for (n, (o, h)) in our_fields.iter().zip(&host_fields).enumerate().map(|(n, x)| (n + 1, x)) {
        if STAT_ZERO_FIELDS.contains(&n) {
            assert_eq!(o, "0", "field {n}");
        } else {
            assert_eq!(o, h, "field {n}");
        }
    }
    if STAT_ZERO_FIELDS.iter().all(|&n| host_fields[n - 1] == "0") {
        assert_eq!(ours, host);
    }
}

#[test]
fn stat_keeps_spaces_and_parentheses_in_the_name() {
    let mut p = ProcessInfo::new(7, b"a (b) c");
    p.state = TaskState::Zombie;
    let out = text(stat(&p));
    assert!(out.starts_with("7 (a (b) c) Z 0 7 7 0 -1 0 "), "{out}");
    let after_name = &out[out.rfind(") ").unwrap_or(0) + 2..];
    assert_eq!(after_name.split(' ').count(), 50);
    p.policy = 1;
    p.rt_priority = 50;
    let fields: Vec<String> = text(stat(&p)).split(' ').map(String::from).collect();
    assert_eq!((fields[19].as_str(), fields[20].as_str()), ("-51", "0"), "priority, nice");
    let long = ProcessInfo::new(1, b"0123456789abcdefghij");
    assert!(text(stat(&long)).starts_with("1 (0123456789abcde) R"));
    assert_eq!(text(comm(&long)), "0123456789abcde\n");
}

/// status keys that some kernel configurations or versions print and others do not.
const STATUS_OPTIONAL: &[&str] = &[
    "Kthread",
    "HugetlbPages",
    "CoreDumping",
    "THP_enabled",
    "untag_mask",
    "Seccomp_filters",
    "SpeculationIndirectBranch",
    "x86_Thread_features",
    "x86_Thread_features_locked",
    "Mems_allowed",
    "Mems_allowed_list",
];

/// status lines whose values we do not take from the host (namespaces, mitigations, config).
const STATUS_NOT_COMPARED: &[&str] = &[
    "Ngid",
    "NStgid",
    "NSpid",
    "NSpgid",
    "NSsid",
    "CoreDumping",
    "THP_enabled",
    "Seccomp",
    "Seccomp_filters",
    "Speculation_Store_Bypass",
    "SpeculationIndirectBranch",
    "Mems_allowed",
];

/// The host's `/proc/self/status` as a `ProcessInfo`.
fn host_status(host: &str) -> ProcessInfo {
    let value = |k: &str| {
        host.lines().find(|l| key(l) == k).and_then(|l| l.split_once(":\t")).map_or("", |x| x.1)
    };
    let numbers = |k: &str| -> Vec<u64> {
        value(k).split(['\t', ' ', '/', '-']).filter_map(|w| w.parse().ok()).collect()
    };
    let n = |k: &str| numbers(k).first().copied().unwrap_or(0);
    let kb = |k: &str| n(k) << 10;
    let hex = |k: &str| u64::from_str_radix(value(k), 16).unwrap_or(0);
    let ids = |k: &str| -> [u32; 4] {
        let v = numbers(k);
        core::array::from_fn(|i| v.get(i).copied().unwrap_or(0) as u32)
    };
    let mut p = ProcessInfo::new(n("Pid") as u32, value("Name").as_bytes());
    p.umask = u32::from_str_radix(value("Umask"), 8).unwrap_or(0);
    if value("State").starts_with('S') {
        p.state = TaskState::Sleeping;
    }
    (p.ppid, p.tracer_pid) = (n("PPid") as u32, n("TracerPid") as u32);
    (p.pgrp, p.session) = (n("NSpgid") as u32, n("NSsid") as u32);
    (p.uids, p.gids, p.fd_size) = (ids("Uid"), ids("Gid"), n("FDSize") as u32);
    p.groups = numbers("Groups").into_iter().map(|g| g as u32).collect();
    p.memory = MemoryUsage {
        peak: kb("VmPeak"),
        size: kb("VmSize"),
        locked: kb("VmLck"),
        pinned: kb("VmPin"),
        hwm: kb("VmHWM"),
        rss: kb("VmRSS"),
        rss_anon: kb("RssAnon"),
        rss_file: kb("RssFile"),
        rss_shmem: kb("RssShmem"),
        data: kb("VmData"),
        stack: kb("VmStk"),
        exe: kb("VmExe"),
        lib: kb("VmLib"),
        page_tables: kb("VmPTE"),
        swap: kb("VmSwap"),
    };
    p.num_threads = n("Threads") as u32;
    let queue = numbers("SigQ");
    p.signal_queue = (queue[0] as u32, queue[1] as u32);
    p.signals = SignalSets {
        pending: hex("SigPnd"),
        shared_pending: hex("ShdPnd"),
        blocked: hex("SigBlk"),
        ignored: hex("SigIgn"),
        caught: hex("SigCgt"),
    };
    p.capabilities = Capabilities {
        inheritable: hex("CapInh"),
        permitted: hex("CapPrm"),
        effective: hex("CapEff"),
        bounding: hex("CapBnd"),
        ambient: hex("CapAmb"),
    };
    p.no_new_privs = n("NoNewPrivs") == 1;
    p.cpus = numbers("Cpus_allowed_list").last().map_or(1, |last| *last as u32 + 1);
    p.voluntary_switches = n("voluntary_ctxt_switches");
    p.involuntary_switches = n("nonvoluntary_ctxt_switches");
    p
}

#[test]
fn status_reproduces_the_hosts_lines() {
    let Some(host) = host("self/status") else { return };
    let ours = text(status(&host_status(&host)));
    assert_eq!(keys(&ours, STATUS_OPTIONAL), keys(&host, STATUS_OPTIONAL));
    // Only a contiguous CPU list starting at 0 is one we can express.
    let contiguous = host.lines().any(|l| {
        l == "Cpus_allowed_list:\t0" || l.starts_with("Cpus_allowed_list:\t0-") && !l.contains(',')
    });
    let mut compared = 0;
    for line in ours.lines() {
        let k = key(line);
        let cpus = k.starts_with("Cpus_allowed");
        if STATUS_NOT_COMPARED.contains(&k) || (cpus && !contiguous) {
            continue;
        }
        if let Some(host_line) = host.lines().find(|h| key(h) == k) {
            assert_eq!(line, host_line);
            compared += 1;
        }
    }
    assert!(compared >= 40, "{compared} lines compared");
    assert!(ours.contains("\nMems_allowed:\t00000000,") && ours.contains(",00000001\n"));
}

#[test]
fn status_formats_defaults_like_linux() {
    let mut p = ProcessInfo::new(42, b"sh");
    p.groups = vec![10, 20];
    p.memory.size = 3060 << 10;
    p.signals.caught = 1 << 16;
    let out = text(status(&p));
    let expected = [
        "Name:\tsh",
        "Umask:\t0022",
        "State:\tR (running)",
        "Tgid:\t42",
        "Ngid:\t0",
        "Pid:\t42",
        "PPid:\t0",
        "TracerPid:\t0",
        "Uid:\t0\t0\t0\t0",
        "Gid:\t0\t0\t0\t0",
        "FDSize:\t64",
        "Groups:\t10 20 ",
    ];
    assert!(out.starts_with(&(expected.join("\n") + "\n")), "{out}");
    assert!(out.contains("\nVmPeak:\t       0 kB\nVmSize:\t    3060 kB\n"));
    assert!(out.contains("\nSigCgt:\t0000000000010000\nCapInh:\t0000000000000000\n"));
    assert!(out.contains("\nCapEff:\t000001ffffffffff\n"));
    assert!(out.contains("\nCpus_allowed:\t1\nCpus_allowed_list:\t0\n"));
    p.groups.clear();
    p.umask = 0;
    p.comm = b"a\nb\\".to_vec();
    let out = text(status(&p));
    assert!(out.starts_with("Name:\ta\\nb\\\\\nUmask:\t0000\n"));
    assert!(out.contains("\nGroups:\t \n"));
}

#[test]
fn statm_has_the_hosts_shape() {
    let mut p = ProcessInfo::new(1, b"x");
    p.memory = MemoryUsage {
        size: 765 * 4096,
        rss: 438 * 4096,
        rss_file: 400 * 4096,
        rss_shmem: 10 * 4096,
        exe: 5 * 4096,
        data: 100 * 4096,
        stack: 23 * 4096,
        ..MemoryUsage::default()
    };
    let ours = text(statm(&p));
    assert_eq!(ours, "765 438 410 5 0 123 0\n");
    let Some(host) = host("self/statm") else { return };
    let fields: Vec<&str> = host.trim_end().split(' ').collect();
    assert_eq!(fields.len(), 7);
    assert_eq!((fields[4], fields[6]), ("0", "0"));
}

#[test]
fn cmdline_and_environ_match_the_hosts() {
    let args: Vec<Vec<u8>> = std::env::args_os().map(|a| a.as_bytes().to_vec()).collect();
    let environment: Vec<Vec<u8>> =
        std::env::vars_os().map(|(k, v)| [k.as_bytes(), b"=", v.as_bytes()].concat()).collect();
    assert_eq!(nul_separated(&[b"ls".as_slice(), b"-l"]), b"ls\0-l\0");
    assert_eq!(nul_separated::<&[u8]>(&[]), b"");
    if let Ok(host) = std::fs::read("/proc/self/cmdline") {
        assert_eq!(nul_separated(&args), host);
    }
    if let Ok(host) = std::fs::read("/proc/self/environ") {
        assert_eq!(nul_separated(&environment), host);
    }
}

#[test]
fn maps_is_one_line_per_vma() {
    let heap = Vma {
        name: Some(Arc::from("[heap]")),
        ..Vma::anonymous(0x60_0000, 0x62_1000, ProtFlags::PROT_READ | ProtFlags::PROT_WRITE)
    };
    let text_vma = Vma {
        backing: Backing::File {
            file: FileId { dev_major: 0, dev_minor: 1, inode: 17 },
            offset: 0,
            path: Arc::from("/bin/sh"),
        },
        sharing: Sharing::Private,
        ..Vma::anonymous(0x40_0000, 0x45_2000, ProtFlags::PROT_READ | ProtFlags::PROT_EXEC)
    };
    let out = text(maps([&text_vma, &heap]));
    assert_eq!(out, maps_line(&text_vma) + "\n" + &maps_line(&heap) + "\n");
    assert!(out.starts_with("00400000-00452000 r-xp 00000000 00:01 17 "));
    assert_eq!(maps(core::iter::empty()), b"");
    let Some(host) = host("self/maps") else { return };
    let fields = |l: &str| l.split_whitespace().count();
    let host_named = host.lines().find(|l| l.ends_with("[heap]") || l.ends_with("[stack]"));
    assert_eq!(host_named.map(fields), Some(6));
    assert!(out.lines().all(|l| fields(l) == 6));
}
