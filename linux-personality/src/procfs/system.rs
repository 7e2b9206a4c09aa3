//! The small system-wide files of `/proc` (proc(5)): `uptime` (`fs/proc/uptime.c`), `loadavg`
//! (`fs/proc/loadavg.c`), `version` (`fs/proc/version.c`), `filesystems`
//! (`fs/filesystems.c`), `mounts` (`show_vfsmnt` in `fs/proc_namespace.c`) and
//! `sys/kernel/{hostname,osrelease,ostype}`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Who the kernel says it is: `uname(2)` and the build line of `/proc/version`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct KernelIdentity<'a> {
    /// `ostype`, uname's `sysname`: `Linux`.
    pub ostype: &'a str,
    /// `osrelease`, uname's `release`: `6.18.0`.
    pub release: &'a str,
    /// uname's `version`: `#1 SMP PREEMPT_DYNAMIC ...`.
    pub version: &'a str,
    /// `hostname`, uname's `nodename`.
    pub hostname: &'a str,
    /// Who built the kernel (`LINUX_COMPILE_BY`).
    pub compile_by: &'a str,
    /// Where (`LINUX_COMPILE_HOST`).
    pub compile_host: &'a str,
    /// With what (`LINUX_COMPILER`): `rustc 1.95.0`.
    pub compiler: &'a str,
}

/// The figures of `/proc/stat`: CPU times (ns) summed over the CPUs, as one CPU.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CpuStat {
    pub user_ns: u64,
    pub system_ns: u64,
    pub idle_ns: u64,
    /// Interrupts serviced.
    pub interrupts: u64,
    /// Context switches.
    pub context_switches: u64,
    /// Boot time, seconds since the epoch.
    pub boot_time: u64,
    /// Processes and threads created since boot.
    pub forks: u64,
    /// Running and blocked tasks now.
    pub running: u32,
    pub blocked: u32,
}

/// `/proc/stat` (`fs/proc/stat.c`) for one CPU: times in USER_HZ (100) ticks;
/// nice, iowait, irq, softirq, steal and guest times are 0; `intr` and
/// `softirq` give only their totals' place (per-source counts 0).
pub fn cpu_stat(s: &CpuStat) -> Vec<u8> {
    let ticks = |ns: u64| ns / 10_000_000;
    let times =
        format!("{} 0 {} {} 0 0 0 0 0 0", ticks(s.user_ns), ticks(s.system_ns), ticks(s.idle_ns));
    format!(
        "cpu  {times}\ncpu0 {times}\nintr {}\nctxt {}\nbtime {}\nprocesses {}\n\
         procs_running {}\nprocs_blocked {}\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
        s.interrupts, s.context_switches, s.boot_time, s.forks, s.running, s.blocked
    )
    .into_bytes()
}

/// `/proc/uptime`: seconds since boot and the idle time summed over CPUs, both with two
/// decimals truncated (`%lu.%02lu %lu.%02lu`).
pub fn uptime(uptime_ns: u64, idle_ns: u64) -> Vec<u8> {
    let seconds = |ns: u64| (ns / 1_000_000_000, (ns % 1_000_000_000) / 10_000_000);
    let ((up, up_centi), (idle, idle_centi)) = (seconds(uptime_ns), seconds(idle_ns));
    format!("{up}.{up_centi:02} {idle}.{idle_centi:02}\n").into_bytes()
}

/// The figures of `/proc/loadavg`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LoadAvg {
    /// The 1, 5 and 15 minute load averages, in hundredths.
    pub hundredths: [u64; 3],
    /// Runnable threads.
    pub running: u32,
    /// All threads.
    pub threads: u32,
    /// The most recently allocated pid.
    pub last_pid: u32,
}

/// `/proc/loadavg`: `0.00 0.00 0.00 1/57 1234`.
pub fn loadavg(load: &LoadAvg) -> Vec<u8> {
    let [a, b, c] = load.hundredths.map(|l| format!("{}.{:02}", l / 100, l % 100));
    format!("{a} {b} {c} {}/{} {}\n", load.running, load.threads, load.last_pid).into_bytes()
}

/// `/proc/version`: `Linux version RELEASE (BY@HOST) (COMPILER) VERSION`.
pub fn version(id: &KernelIdentity) -> Vec<u8> {
    format!(
        "{} version {} ({}@{}) ({}) {}\n",
        id.ostype, id.release, id.compile_by, id.compile_host, id.compiler, id.version
    )
    .into_bytes()
}

/// `/proc/sys/kernel/osrelease`.
pub fn osrelease(id: &KernelIdentity) -> Vec<u8> {
    format!("{}\n", id.release).into_bytes()
}

/// `/proc/sys/kernel/hostname`.
pub fn hostname(id: &KernelIdentity) -> Vec<u8> {
    format!("{}\n", id.hostname).into_bytes()
}

/// `/proc/sys/kernel/ostype`.
pub fn ostype(id: &KernelIdentity) -> Vec<u8> {
    format!("{}\n", id.ostype).into_bytes()
}

/// A file system type: its name and whether it needs a block device (`FS_REQUIRES_DEV`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FilesystemType<'a> {
    /// The name given to mount(2).
    pub name: &'a str,
    /// Whether it mounts a block device (else `nodev` is printed).
    pub requires_device: bool,
}

/// The file system types the server can mount, in registration order.
pub const FILESYSTEMS: &[FilesystemType<'static>] = &[
    FilesystemType { name: "tmpfs", requires_device: false },
    FilesystemType { name: "proc", requires_device: false },
    FilesystemType { name: "devtmpfs", requires_device: false },
];

/// `/proc/filesystems`: `nodev\ttmpfs` per type, or `\text4` for one that needs a device.
pub fn filesystems(types: &[FilesystemType]) -> Vec<u8> {
    let mut out = String::new();
    for t in types {
        out.push_str(if t.requires_device { "" } else { "nodev" });
        out.push('\t');
        out.push_str(t.name);
        out.push('\n');
    }
    out.into_bytes()
}

/// One mount as `/proc/mounts` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MountEntry<'a> {
    /// The source: `proc`, `tmpfs`, `/dev/vda`.
    pub device: &'a [u8],
    /// Where it is mounted, as seen from the reader's root.
    pub mount_point: &'a [u8],
    /// The file system type.
    pub fstype: &'a [u8],
    /// The options, comma separated, starting with `rw` or `ro`: `rw,nosuid,relatime`.
    pub options: &'a [u8],
}

/// Linux's `mangle`: space, tab, newline and backslash as a three-digit octal escape.
fn push_mangled(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        if matches!(b, b' ' | b'\t' | b'\n' | b'\\') {
            out.extend_from_slice(format!("\\{b:03o}").as_bytes());
        } else {
            out.push(b);
        }
    }
}

/// `/proc/mounts` (and `/proc/PID/mounts`): `DEVICE MOUNTPOINT TYPE OPTIONS 0 0` per mount,
/// in mount order.
pub fn mounts(entries: &[MountEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in entries {
        push_mangled(&mut out, m.device);
        out.push(b' ');
        push_mangled(&mut out, m.mount_point);
        out.push(b' ');
        push_mangled(&mut out, m.fstype);
        out.push(b' ');
        out.extend_from_slice(m.options);
        out.extend_from_slice(b" 0 0\n");
    }
    out
}
