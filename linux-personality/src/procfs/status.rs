//! `/proc/PID/status` (proc(5); `proc_pid_status` in Linux 6.x `fs/proc/array.c`, `task_mem`
//! in `fs/proc/task_mmu.c`).
//!
//! `Key:\tvalue` lines in Linux's order: identity and credentials, memory (values in kB
//! right-aligned in 8 columns), signals (`%016x` masks), capabilities, seccomp, CPU and node
//! masks, context switches. The lines follow a 6.18 x86-64 kernel with `CONFIG_SECCOMP_FILTER`,
//! `CONFIG_ADDRESS_MASKING` and `CONFIG_NODES_SHIFT=10`; the speculation lines say that no
//! mitigation is applied, and transparent huge pages are off.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use super::process::ProcessInfo;

/// `MAX_NUMNODES` with `CONFIG_NODES_SHIFT=10`: the width of `Mems_allowed`.
const MAX_NUMNODES: u32 = 1 << 10;

/// Linux's `%*pb`: the low `bits` bits of a mask with the bits `0 .. set` set, as hex in
/// comma-separated 32-bit groups, the first group only as wide as it needs.
fn bitmap(bits: u32, set: u32) -> String {
    let groups = bits.div_ceil(32).max(1);
    let mut out = String::new();
    for group in (0..groups).rev() {
        let low = group * 32;
        let in_group = set.saturating_sub(low).min(32);
        let word: u32 = if in_group == 32 { u32::MAX } else { (1u32 << in_group) - 1 };
        if group == groups - 1 {
            let width = (bits - low).min(32).div_ceil(4) as usize;
            out.push_str(&format!("{word:0width$x}"));
        } else {
            out.push_str(&format!(",{word:08x}"));
        }
    }
    out
}

/// Linux's `%*pbl` for the bits `0 .. set`: `0`, `0-3`.
fn bitmap_list(set: u32) -> String {
    match set {
        0 => String::new(),
        1 => String::from("0"),
        n => format!("0-{}", n - 1),
    }
}

/// The name as `status` shows it: newline and backslash escaped (`proc_task_name` with
/// `escape`).
fn escaped_name(name: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for &b in name {
        match b {
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\\' => out.extend_from_slice(b"\\\\"),
            _ => out.push(b),
        }
    }
    out
}

/// `/proc/PID/status`.
pub fn status(p: &ProcessInfo) -> Vec<u8> {
    let mut out = b"Name:\t".to_vec();
    out.extend_from_slice(&escaped_name(p.comm()));
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = write_rest(&mut s, p);
    out.extend_from_slice(s.as_bytes());
    out
}

fn write_rest(s: &mut String, p: &ProcessInfo) -> core::fmt::Result {
    let [uid, euid, suid, fsuid] = p.uids;
    let [gid, egid, sgid, fsgid] = p.gids;
    writeln!(s)?;
    writeln!(s, "Umask:\t{:04o}", p.umask)?;
    writeln!(s, "State:\t{}", p.state.name())?;
    writeln!(s, "Tgid:\t{}\nNgid:\t0\nPid:\t{}", p.pid, p.pid)?;
    writeln!(s, "PPid:\t{}\nTracerPid:\t{}", p.ppid, p.tracer_pid)?;
    writeln!(s, "Uid:\t{uid}\t{euid}\t{suid}\t{fsuid}")?;
    writeln!(s, "Gid:\t{gid}\t{egid}\t{sgid}\t{fsgid}")?;
    writeln!(s, "FDSize:\t{}", p.fd_size)?;
    let groups: Vec<String> = p.groups.iter().map(|g| format!("{g}")).collect();
    writeln!(s, "Groups:\t{} ", groups.join(" "))?;
    writeln!(s, "NStgid:\t{}\nNSpid:\t{}", p.pid, p.pid)?;
    writeln!(s, "NSpgid:\t{}\nNSsid:\t{}", p.pgrp, p.session)?;
    writeln!(s, "Kthread:\t0")?;
    let m = &p.memory;
    let memory = [
        ("VmPeak", m.peak),
        ("VmSize", m.size),
        ("VmLck", m.locked),
        ("VmPin", m.pinned),
        ("VmHWM", m.hwm),
        ("VmRSS", m.rss),
        ("RssAnon", m.rss_anon),
        ("RssFile", m.rss_file),
        ("RssShmem", m.rss_shmem),
        ("VmData", m.data),
        ("VmStk", m.stack),
        ("VmExe", m.exe),
        ("VmLib", m.lib),
        ("VmPTE", m.page_tables),
        ("VmSwap", m.swap),
        ("HugetlbPages", 0),
    ];
    for (key, bytes) in memory {
        writeln!(s, "{key}:\t{:>8} kB", bytes >> 10)?;
    }
    writeln!(s, "CoreDumping:\t0\nTHP_enabled:\t0\nuntag_mask:\t{:#x}", u64::MAX)?;
    writeln!(s, "Threads:\t{}", p.num_threads)?;
    writeln!(s, "SigQ:\t{}/{}", p.signal_queue.0, p.signal_queue.1)?;
    let g = &p.signals;
    let sets = [
        ("SigPnd", g.pending),
        ("ShdPnd", g.shared_pending),
        ("SigBlk", g.blocked),
        ("SigIgn", g.ignored),
        ("SigCgt", g.caught),
    ];
    let c = &p.capabilities;
    let caps = [
        ("CapInh", c.inheritable),
        ("CapPrm", c.permitted),
        ("CapEff", c.effective),
        ("CapBnd", c.bounding),
        ("CapAmb", c.ambient),
    ];
    for (key, set) in sets.into_iter().chain(caps) {
        writeln!(s, "{key}:\t{set:016x}")?;
    }
    writeln!(s, "NoNewPrivs:\t{}", u8::from(p.no_new_privs))?;
    writeln!(s, "Seccomp:\t0\nSeccomp_filters:\t0")?;
    writeln!(s, "Speculation_Store_Bypass:\tvulnerable")?;
    writeln!(s, "SpeculationIndirectBranch:\talways enabled")?;
    writeln!(s, "Cpus_allowed:\t{}", bitmap(p.cpus.max(1), p.cpus))?;
    writeln!(s, "Cpus_allowed_list:\t{}", bitmap_list(p.cpus))?;
    writeln!(s, "Mems_allowed:\t{}", bitmap(MAX_NUMNODES, 1))?;
    writeln!(s, "Mems_allowed_list:\t0")?;
    writeln!(s, "voluntary_ctxt_switches:\t{}", p.voluntary_switches)?;
    writeln!(s, "nonvoluntary_ctxt_switches:\t{}", p.involuntary_switches)
}

#[cfg(test)]
mod tests {
    use super::{bitmap, bitmap_list};

    #[test]
    fn bitmaps_print_as_linux_pb() {
        assert_eq!(bitmap(2, 2), "3");
        assert_eq!(bitmap(4, 4), "f");
        assert_eq!(bitmap(8, 3), "07");
        assert_eq!(bitmap(64, 64), "ffffffff,ffffffff");
        assert_eq!(bitmap(40, 33), "01,ffffffff");
        assert_eq!(bitmap(1024, 1).len(), 32 * 9 - 1);
        assert!(bitmap(1024, 1).ends_with(",00000000,00000001"));
        assert_eq!(bitmap_list(1), "0");
        assert_eq!(bitmap_list(4), "0-3");
    }
}
