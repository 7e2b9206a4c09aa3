//! /proc: the VFS has a proc mount at /proc (an empty directory); a path whose
//! walk enters it comes here with the rest of the path below it
//! (`Vfs::proc_remainder`). `linux_personality::procfs` names the nodes and
//! formats the files; this module supplies the figures (processes, memory,
//! CPU, mounts) and makes the files when they are opened.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use linux_personality::procfs::{self as pf, Node, ProcessFile, ProcessLink, SystemFile};
use linux_personality::vfs::{FsKind, InodeId};
use syscall_translation::flags::MountFlags;
use syscall_translation::types::stat::{makedev, Stat, S_IFDIR};
use syscall_translation::Errno;

use crate::files::{Kind, OpenFile};
use crate::process::Process;
use crate::syscalls::info::{NODENAME, RELEASE, SYSNAME, VERSION};
use crate::syscalls::Call;

/// What a /proc path comes to.
pub enum Resolved {
    /// A node of /proc itself.
    Node(Node),
    /// A path outside /proc (a followed exe or cwd link, and what followed it).
    Outside(Vec<u8>),
    /// A followed /proc/PID/fd/N link: that process's descriptor N.
    Fd(u32, i32),
}

/// The process `pid`: the caller, or one of the others.
fn process<'a>(c: &'a Call, pid: u32) -> Option<&'a Process> {
    if pid == c.p.pid {
        Some(c.p)
    } else {
        c.others.and_then(|o| o.get(&pid))
    }
}

/// The CPU time (user, system ns) of process `pid`, as getrusage reports it.
fn cpu_time(c: &mut Call, pid: u32) -> Result<[u64; 2], Errno> {
    let Call { sys, p: caller, others, .. } = c;
    let p = if pid == caller.pid { Some(&**caller) } else { others.and_then(|o| o.get(&pid)) };
    Ok(crate::syscalls::rusage::cpu_time(sys, p.ok_or(Errno::ENOENT)?))
}

/// The threads other than the leaders, as (tid, pid).
fn threads(c: &Call) -> Vec<(u32, u32)> {
    let of = |p: &crate::process::Process| {
        p.all_threads().filter(|t| t.tid != p.pid).map(|t| (t.tid, p.pid)).collect::<Vec<_>>()
    };
    let mut all = of(c.p);
    for p in c.others.into_iter().flat_map(|o| o.values()) {
        all.extend(of(p));
    }
    all
}

fn pids(c: &Call) -> Vec<u32> {
    let mut pids: Vec<u32> = c.others.map(|o| o.keys().copied().collect()).unwrap_or_default();
    pids.push(c.p.pid);
    pids.sort_unstable();
    pids
}

/// Resolves `rest` (below /proc), following a final link if `follow`.
pub fn resolve(c: &Call, rest: &[u8], follow: bool) -> Result<Resolved, Errno> {
    // A trailing slash follows a final link, as path_resolution(7) has it.
    let follow = follow || rest.ends_with(b"/");
    let mut path = rest.to_vec();
    for _ in 0..8 {
        let (pids, threads) = (pids(c), threads(c));
        let view =
            pf::View { caller_pid: c.p.pid, caller_tid: c.p.t.tid, pids: &pids, threads: &threads };
        let walked = pf::walk_in(&path, &view)?;
        let (node, tail) = (walked.node, walked.rest.to_vec());
        if !tail.is_empty() || (follow && node.is_link()) {
            match node {
                Node::SelfLink(_) | Node::ThreadSelfLink(..) | Node::MountsLink => {
                    let mut next = node.link_target().unwrap_or_default().into_bytes();
                    if !tail.is_empty() {
                        next.push(b'/');
                        next.extend_from_slice(&tail);
                    }
                    path = next;
                    continue;
                }
                Node::Fd(pid, fd) if tail.is_empty() => {
                    let p = process(c, pid).ok_or(Errno::ENOENT)?;
                    p.file(fd as i32).map_err(|_| Errno::ENOENT)?;
                    return Ok(Resolved::Fd(pid, fd as i32));
                }
                _ => {
                    let mut target = link_target(c, &node)?;
                    if !tail.is_empty() {
                        target.push(b'/');
                        target.extend_from_slice(&tail);
                    }
                    return Ok(Resolved::Outside(target));
                }
            }
        }
        if let Node::Fd(pid, fd) = node {
            let p = process(c, pid).ok_or(Errno::ENOENT)?;
            p.file(fd as i32).map_err(|_| Errno::ENOENT)?;
        }
        return Ok(Resolved::Node(node));
    }
    Err(Errno::ELOOP)
}

/// What readlink says for a link node.
fn link_target(c: &Call, node: &Node) -> Result<Vec<u8>, Errno> {
    if let Some(target) = node.link_target() {
        return Ok(target.into_bytes());
    }
    match *node {
        Node::ProcessLink(pid, link) => {
            let p = process(c, pid).ok_or(Errno::ENOENT)?;
            Ok(match link {
                ProcessLink::Exe => p.exe.clone().into_bytes(),
                ProcessLink::Cwd => c.sys.vfs.getcwd(&p.fs, 4096)?,
                ProcessLink::Root => b"/".to_vec(),
            })
        }
        Node::Fd(pid, fd) => {
            let p = process(c, pid).ok_or(Errno::ENOENT)?;
            Ok(fd_target(c, p, fd as i32))
        }
        _ => Err(Errno::EINVAL),
    }
}

/// What readlink(/proc/PID/fd/N) says.
fn fd_target(c: &Call, p: &Process, fd: i32) -> Vec<u8> {
    let Ok(file) = p.file(fd) else { return Vec::new() };
    let f = file.borrow();
    match &f.kind {
        Kind::Console(..) => b"/dev/ttyS0".to_vec(),
        Kind::PipeRead(pipe) | Kind::PipeWrite(pipe) => {
            alloc::format!("pipe:[{}]", alloc::rc::Rc::as_ptr(pipe) as u64 & 0xffff_ffff)
                .into_bytes()
        }
        Kind::Special(special) => special.link(),
        _ => match f.vfs_file() {
            Some(v) => c.sys.vfs.name_of(p.fs.root(), v.inode()).unwrap_or_default(),
            None => b"anon_inode:[proc]".to_vec(),
        },
    }
}

/// The listing of a directory node, `.` and `..` first.
fn listing(c: &Call, node: Node) -> Result<Vec<(Vec<u8>, u64, u8)>, Errno> {
    let mut entries = alloc::vec![(b".".to_vec(), node.ino(), 4), (b"..".to_vec(), 1, 4)];
    let listed = match node {
        Node::FdDir(pid) => {
            let p = process(c, pid).ok_or(Errno::ENOENT)?;
            let fds: Vec<u32> = p.fds.iter().map(|(fd, _)| fd as u32).collect();
            pf::fd_entries(pid, &fds)
        }
        node => {
            let (pids, threads) = (pids(c), threads(c));
            let view = pf::View {
                caller_pid: c.p.pid,
                caller_tid: c.p.t.tid,
                pids: &pids,
                threads: &threads,
            };
            pf::list_in(node, &view)?
        }
    };
    entries.extend(listed.into_iter().map(|e| {
        let (ino, d_type) = (e.node.ino(), e.node.d_type());
        (e.name.into_bytes(), ino, d_type)
    }));
    Ok(entries)
}

/// The listing of /proc itself (opened through the VFS's proc root).
pub fn root_listing(c: &mut Call) -> Result<Kind, Errno> {
    Ok(Kind::Listing { entries: listing(c, Node::Root)?, ino: Node::Root.ino() })
}

pub fn open(c: &mut Call, rest: &[u8], flags: u32, follow: bool) -> Result<OpenFile, Errno> {
    let node = match resolve(c, rest, follow)? {
        Resolved::Outside(path) => return crate::syscalls::open_path(c, &path, flags),
        Resolved::Fd(pid, fd) => return reopen(c, pid, fd, flags),
        Resolved::Node(node) => node,
    };
    const O_DIRECTORY: u32 = 0o200000;
    const O_PATH: u32 = 0o10000000;
    if node.is_link() {
        // O_NOFOLLOW on a link (without O_PATH).
        return Err(if flags & O_PATH != 0 { Errno::EOPNOTSUPP } else { Errno::ELOOP });
    }
    if flags & O_DIRECTORY != 0 && !node.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    if flags & 3 != 0 {
        return Err(if node.is_dir() { Errno::EISDIR } else { Errno::EACCES });
    }
    let kind = if node.is_dir() {
        Kind::Listing { entries: listing(c, node)?, ino: node.ino() }
    } else {
        Kind::Generated { data: contents(c, node)?, mode: node.mode(), ino: node.ino() }
    };
    Ok(OpenFile::new(kind, flags & 0o4000))
}

/// open(/proc/PID/fd/N): a new description of the same file (pipes and the
/// console: the same object; files of the tree: opened again, offset 0).
fn reopen(c: &mut Call, pid: u32, fd: i32, flags: u32) -> Result<OpenFile, Errno> {
    let (kind, target) = {
        let p = process(c, pid).ok_or(Errno::ENOENT)?;
        let file = p.file(fd).map_err(|_| Errno::ENOENT)?;
        let f = file.borrow();
        let kind = match &f.kind {
            Kind::PipeRead(pipe) if flags & 3 == 0 => {
                pipe.borrow_mut().readers += 1;
                Some(Kind::PipeRead(pipe.clone()))
            }
            Kind::PipeWrite(pipe) if flags & 3 == 1 => {
                pipe.borrow_mut().writers += 1;
                Some(Kind::PipeWrite(pipe.clone()))
            }
            Kind::PipeRead(_) | Kind::PipeWrite(_) => return Err(Errno::EACCES),
            Kind::Console(stream, v) => Some(Kind::Console(*stream, v.clone())),
            Kind::Generated { data, mode, ino } => {
                Some(Kind::Generated { data: data.clone(), mode: *mode, ino: *ino })
            }
            _ => None,
        };
        drop(f);
        (kind, fd_target(c, p, fd))
    };
    match kind {
        Some(kind) => Ok(OpenFile::new(kind, flags & (3 | 0o4000 | 0o2000))),
        None => crate::syscalls::open_path(c, &target, flags),
    }
}

/// What a stat of a /proc path reports.
pub enum Followed {
    Made(Stat),
    /// A file of the tree (through an exe, cwd or fd link).
    Inode(InodeId),
    /// A descriptor of the caller (stat of /proc/self/fd/N).
    Fd(i32),
}

pub fn stat(c: &mut Call, rest: &[u8], follow: bool) -> Result<Followed, Errno> {
    let node = match resolve(c, rest, follow)? {
        Resolved::Outside(path) => {
            let cx = linux_personality::vfs::Ctx::new(&c.p.fs, &c.p.cred);
            let at = linux_personality::vfs::At::Cwd;
            return c.sys.vfs.walk(&cx, at, &path, true)?.existing().map(Followed::Inode);
        }
        Resolved::Fd(pid, fd) if pid == c.p.pid => return Ok(Followed::Fd(fd)),
        Resolved::Fd(pid, fd) => {
            let p = process(c, pid).ok_or(Errno::ENOENT)?;
            let file = p.file(fd).map_err(|_| Errno::ENOENT)?;
            if let Some(v) = file.borrow().vfs_file() {
                return Ok(Followed::Inode(v.inode()));
            }
            return Ok(Followed::Made(made_stat(c, 0o100600, 0, pid as u64 * 1000 + fd as u64)));
        }
        Resolved::Node(node) => node,
    };
    let size = if node.is_link() { link_target(c, &node).map(|t| t.len()).unwrap_or(0) } else { 0 };
    let mut stat = made_stat(c, node.mode(), size as u64, node.ino());
    if node.is_dir() {
        stat.st_nlink = 2;
    }
    if let Some(p) = node.pid().and_then(|pid| process(c, pid)) {
        stat.st_uid = p.cred.euid;
        stat.st_gid = p.cred.egid;
    }
    Ok(Followed::Made(stat))
}

fn made_stat(c: &Call, mode: u32, size: u64, ino: u64) -> Stat {
    let time = c.sys.boot_time as i64;
    Stat {
        st_dev: makedev(0, 22),
        st_ino: ino,
        st_nlink: if mode & S_IFDIR != 0 { 2 } else { 1 },
        st_mode: mode,
        st_size: size as i64,
        st_blksize: 1024,
        st_atime: time,
        st_mtime: time,
        st_ctime: time,
        ..Stat::default()
    }
}

pub fn readlink(c: &mut Call, rest: &[u8]) -> Result<Vec<u8>, Errno> {
    match resolve(c, rest, false)? {
        Resolved::Node(node) if node.is_link() => link_target(c, &node),
        Resolved::Outside(path) => {
            let cx = linux_personality::vfs::Ctx::new(&c.p.fs, &c.p.cred);
            c.sys.vfs.readlinkat(&cx, linux_personality::vfs::At::Cwd, &path)
        }
        _ => Err(Errno::EINVAL),
    }
}

/// The kernel's identity, as uname(2) gives it.
fn identity() -> pf::KernelIdentity<'static> {
    pf::KernelIdentity {
        ostype: SYSNAME,
        release: RELEASE,
        version: VERSION,
        hostname: NODENAME,
        compile_by: "root",
        compile_host: "microkernel",
        compiler: "rustc",
    }
}

/// The bytes of a /proc file.
fn contents(c: &mut Call, node: Node) -> Result<Vec<u8>, Errno> {
    Ok(match node {
        Node::System(file) => match file {
            SystemFile::Meminfo => pf::meminfo(&meminfo(c)),
            SystemFile::Cpuinfo => pf::cpuinfo(&cpuinfo()),
            SystemFile::Uptime => {
                let idle = c.sys.kernel_view.counters(0).map(|k| k.idle_time_ns).unwrap_or(0);
                pf::uptime(microkernel_user::clock_ns(), idle)
            }
            SystemFile::Stat => {
                let k = c.sys.kernel_view.counters(0).unwrap_or_default();
                pf::cpu_stat(&pf::CpuStat {
                    user_ns: k.user_time_ns,
                    system_ns: k.kernel_time_ns,
                    idle_ns: k.idle_time_ns,
                    interrupts: k.interrupts,
                    context_switches: k.thread_switches,
                    boot_time: c.sys.boot_time,
                    forks: c.sys.forks,
                    // The caller runs; the others wait in a call or are
                    // ready, which /proc cannot tell apart here.
                    running: 1,
                    blocked: 0,
                })
            }
            SystemFile::Loadavg => {
                let pids = pids(c);
                let load = pf::LoadAvg {
                    hundredths: [0; 3],
                    running: 1,
                    threads: (pids.len() + threads(c).len()) as u32,
                    last_pid: pids.last().copied().unwrap_or(1),
                };
                pf::loadavg(&load)
            }
            SystemFile::Version => pf::version(&identity()),
            SystemFile::Filesystems => pf::filesystems(pf::FILESYSTEMS),
        },
        Node::Kernel(file) => match file {
            pf::KernelFile::Hostname => pf::hostname(&identity()),
            pf::KernelFile::Osrelease => pf::osrelease(&identity()),
            pf::KernelFile::Ostype => pf::ostype(&identity()),
        },
        Node::ProcessFile(pid, file) => {
            // stat's CPU times need the kernel (the caller's `sys`), read
            // before the process is borrowed for the rest.
            let cpu = if file == ProcessFile::Stat { Some(cpu_time(c, pid)?) } else { None };
            let p = process(c, pid).ok_or(Errno::ENOENT)?;
            match file {
                ProcessFile::Cmdline => p.cmdline.clone(),
                ProcessFile::Environ => p.environ.clone(),
                ProcessFile::Maps => pf::maps(p.vm.iter()),
                ProcessFile::Mounts => mounts(c),
                ProcessFile::Stat => {
                    // In clock ticks (USER_HZ = 100), its own and its reaped
                    // children's, as getrusage and times report them.
                    let (cpu, ticks) = (cpu.unwrap_or_default(), |ns: u64| ns / 10_000_000);
                    let mut figures = info(c, p);
                    figures.utime = ticks(cpu[0]);
                    figures.stime = ticks(cpu[1]);
                    figures.cutime = ticks(p.children.cpu[0]);
                    figures.cstime = ticks(p.children.cpu[1]);
                    pf::stat(&figures)
                }
                ProcessFile::Status => pf::status(&info(c, p)),
                ProcessFile::Statm => pf::statm(&info(c, p)),
                ProcessFile::Comm => pf::comm(&info(c, p)),
            }
        }
        _ => return Err(Errno::EINVAL),
    })
}

/// Memory figures: the frames for processes plus the heap (which also holds
/// tmpfs pages, counted as shared memory as Linux counts tmpfs); and the
/// microkernel's own heap and free frames, from its global counters (0 if
/// they cannot be read).
pub fn meminfo(c: &mut Call) -> pf::MemInfo {
    let kernel = c.sys.kernel_view.counters(0).unwrap_or_default();
    let (heap_size, heap_free) = crate::sys::heap_stats();
    let frames_total = c.sys.frames.total_count() as u64 * 4096;
    let frames_free = c.sys.frames.free_count() as u64 * 4096;
    let tmpfs = c.sys.vfs.usage().bytes;
    let free = frames_free + heap_free as u64;
    pf::MemInfo {
        total: frames_total + heap_size as u64,
        free,
        available: free,
        cached: tmpfs + c.sys.frames.cached_count() as u64 * 4096,
        shmem: tmpfs,
        anon_pages: frames_total - frames_free,
        kernel_heap_total: kernel.kernel_heap_size,
        kernel_heap_free: kernel.kernel_heap_free,
        kernel_free: kernel.kernel_free_frames * 4096,
        ..pf::MemInfo::default()
    }
}

/// The processor, from CPUID.
fn cpuinfo() -> pf::CpuInfo {
    use core::arch::x86_64::__cpuid;
    let leaf0 = __cpuid(0);
    let mut vendor = Vec::new();
    for r in [leaf0.ebx, leaf0.edx, leaf0.ecx] {
        vendor.extend_from_slice(&r.to_le_bytes());
    }
    let mut brand = Vec::new();
    if __cpuid(0x8000_0000).eax >= 0x8000_0004 {
        for leaf in 0x8000_0002..=0x8000_0004u32 {
            let r = __cpuid(leaf);
            for v in [r.eax, r.ebx, r.ecx, r.edx] {
                brand.extend_from_slice(&v.to_le_bytes());
            }
        }
    }
    let brand = String::from_utf8_lossy(&brand).trim_matches(char::from(0)).trim().into();
    let leaf1 = __cpuid(1);
    let family = ((leaf1.eax >> 8) & 0xf)
        + if (leaf1.eax >> 8) & 0xf == 0xf { (leaf1.eax >> 20) & 0xff } else { 0 };
    let model = ((leaf1.eax >> 4) & 0xf) | (((leaf1.eax >> 16) & 0xf) << 4);
    const EDX: [&str; 32] = [
        "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", "", "sep", "mtrr",
        "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", "", "dts", "acpi", "mmx", "fxsr",
        "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
    ];
    const ECX: [&str; 32] = [
        "pni",
        "pclmulqdq",
        "dtes64",
        "monitor",
        "ds_cpl",
        "vmx",
        "smx",
        "est",
        "tm2",
        "ssse3",
        "cid",
        "sdbg",
        "fma",
        "cx16",
        "xtpr",
        "pdcm",
        "",
        "pcid",
        "dca",
        "sse4_1",
        "sse4_2",
        "x2apic",
        "movbe",
        "popcnt",
        "tsc_deadline_timer",
        "aes",
        "xsave",
        "",
        "avx",
        "f16c",
        "rdrand",
        "hypervisor",
    ];
    let mut flags = Vec::new();
    for (register, names) in [(leaf1.edx, &EDX), (leaf1.ecx, &ECX)] {
        for (bit, name) in names.iter().enumerate() {
            if register & (1 << bit) != 0 && !name.is_empty() {
                flags.push(*name);
            }
        }
    }
    pf::CpuInfo {
        vendor_id: String::from_utf8_lossy(&vendor).into(),
        model_name: brand,
        family,
        model,
        stepping: leaf1.eax & 0xf,
        cpuid_level: leaf0.eax,
        flags: flags.join(" "),
        clflush_size: ((leaf1.ebx >> 8) & 0xff) * 8,
        cache_alignment: ((leaf1.ebx >> 8) & 0xff) * 8,
        physical_bits: 40,
        virtual_bits: 48,
        cpus: 1,
        ..pf::CpuInfo::default()
    }
}

/// One line of /proc/mounts.
struct MountRow {
    device: Vec<u8>,
    point: Vec<u8>,
    kind: Vec<u8>,
    options: Vec<u8>,
}

/// /proc/mounts: the root, then every mount in path order.
fn mounts(c: &Call) -> Vec<u8> {
    let vfs = &c.sys.vfs;
    let mut rows = alloc::vec![MountRow {
        device: b"rootfs".to_vec(),
        point: b"/".to_vec(),
        kind: b"rootfs".to_vec(),
        options: b"rw".to_vec(),
    }];
    let mut mounted: BTreeMap<Vec<u8>, MountRow> = BTreeMap::new();
    for (covered, fs) in vfs.mounts() {
        let Some(sb) = vfs.superblock(fs) else { continue };
        let Ok(point) = vfs.path_of(c.p.fs.root(), covered) else { continue };
        let kind = match sb.kind {
            FsKind::Tmpfs => b"tmpfs".to_vec(),
            FsKind::Proc => b"proc".to_vec(),
        };
        let read_only = sb.flags.contains(MountFlags::MS_RDONLY);
        let mut options = String::from(if read_only { "ro" } else { "rw" });
        for (flag, name) in [
            (MountFlags::MS_NOSUID, ",nosuid"),
            (MountFlags::MS_NODEV, ",nodev"),
            (MountFlags::MS_NOEXEC, ",noexec"),
        ] {
            if sb.flags.contains(flag) {
                options.push_str(name);
            }
        }
        options.push_str(",relatime");
        let row = MountRow {
            device: kind.clone(),
            point: point.clone(),
            kind,
            options: options.into_bytes(),
        };
        mounted.insert(point, row);
    }
    rows.extend(mounted.into_values());
    let entries: Vec<pf::MountEntry> = rows
        .iter()
        .map(|r| pf::MountEntry {
            device: &r.device,
            mount_point: &r.point,
            fstype: &r.kind,
            options: &r.options,
        })
        .collect();
    pf::mounts(&entries)
}

/// The figures /proc/PID/stat and status show.
fn info(c: &Call, p: &Process) -> pf::ProcessInfo {
    let comm_len = p.comm.iter().position(|&b| b == 0).unwrap_or(16);
    let mut info = pf::ProcessInfo::new(p.pid, &p.comm[..comm_len]);
    info.state = if p.pid == c.p.pid { pf::TaskState::Running } else { pf::TaskState::Sleeping };
    info.ppid = p.ppid;
    info.pgrp = p.pgid;
    info.session = p.sid;
    info.tty_nr = (4 << 8) | 64;
    info.tpgid = c.sys.console.foreground as i32;
    info.num_threads = 1 + p.threads.len() as u32;
    info.nice = p.nice;
    let vsize: u64 = p.vm.iter().map(|v| v.end - v.start).sum();
    info.vsize = vsize;
    info.rss_pages = p.pages.len() as u64;
    info.umask = p.fs.umask;
    info.uids = [p.cred.uid, p.cred.euid, p.cred.euid, p.cred.euid];
    info.gids = [p.cred.gid, p.cred.egid, p.cred.egid, p.cred.egid];
    // SigPnd is the thread's own (the leader's, as Linux shows /proc/PID), ShdPnd the process's.
    let leader = p.all_threads().find(|t| t.tid == p.pid).unwrap_or(&p.t);
    info.signals.pending = leader.pending.pending_mask();
    info.signals.shared_pending = p.shared_pending.pending_mask();
    info.signals.blocked = p.t.sigmask;
    for (signal, action) in p.sigactions.iter().enumerate().skip(1) {
        match action[0] {
            0 => {}
            1 => info.signals.ignored |= 1 << (signal - 1),
            _ => info.signals.caught |= 1 << (signal - 1),
        }
    }
    info.memory.size = vsize;
    info.memory.peak = vsize;
    info.memory.rss = p.pages.len() as u64 * 4096;
    info.memory.hwm = p.activity.maxrss_pages.max(p.pages.len() as u64) * 4096;
    info.min_flt = p.activity.minflt;
    info.voluntary_switches = p.activity.nvcsw;
    info.cmin_flt = p.children.activity.minflt;
    info.memory.rss_anon = info.memory.rss;
    info
}
