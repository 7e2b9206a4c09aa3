//! The system-wide files against the host's.

use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

use super::{host, key, keys, text};
use crate::procfs::*;

/// meminfo keys that only some kernel configurations print.
const MEMINFO_OPTIONAL: &[&str] = &[
    "HighTotal",
    "HighFree",
    "LowTotal",
    "LowFree",
    "MmapCopy",
    "Zswap",
    "Zswapped",
    "ShadowCallStack",
    "SecPageTables",
    "HardwareCorrupted",
    "CmaTotal",
    "CmaFree",
    "Unaccepted",
    "Balloon",
    "Bounce",
    "GPUActive",
    "GPUReclaim",
    "DirectMap1G",
    // Ours: the microkernel's own memory.
    "KernelHeapTotal",
    "KernelHeapFree",
    "KernelMemFree",
];

const KB: u64 = 1024;

#[test]
fn meminfo_aligns_like_linux() {
    let info = MemInfo {
        total: 16316412 * KB,
        free: 123 * KB,
        kernel_heap_total: 48 << 20,
        kernel_heap_free: 40000 * KB,
        kernel_free: 7 * KB,
        ..MemInfo::default()
    };
    let out = text(meminfo(&info));
    assert!(out.starts_with("MemTotal:       16316412 kB\nMemFree:             123 kB\n"));
    assert!(out.contains("\nVmallocTotal:   34359738367 kB\n"));
    assert!(out.contains("\nHugePages_Total:       0\nHugePages_Free:        0\n"));
    assert!(out.contains("\nHugepagesize:       2048 kB\n"));
    assert!(out.contains("\nCommitLimit:     8158206 kB\n"));
    assert!(out.ends_with(
        "DirectMap1G:           0 kB\nKernelHeapTotal:   49152 kB\nKernelHeapFree:    40000 kB\nKernelMemFree:         7 kB\n"
    ));
}

#[test]
fn meminfo_keys_and_columns_match_the_host() {
    let Some(host) = host("meminfo") else { return };
    let ours = text(meminfo(&MemInfo { total: 1 << 30, ..MemInfo::default() }));
    assert_eq!(keys(&ours, MEMINFO_OPTIONAL), keys(&host, MEMINFO_OPTIONAL));
    for line in ours.lines() {
        let Some(host_line) = host.lines().find(|h| key(h) == key(line)) else { continue };
        let digits = |l: &str| l.bytes().filter(u8::is_ascii_digit).count();
        let value_digits = |l: &str| digits(l) - digits(key(l));
        if value_digits(line) <= 5 && value_digits(host_line) <= 5 {
            // Both values fit the column: the lines have the same length.
            assert_eq!(line.len(), host_line.len(), "{line:?} vs host {host_line:?}");
        }
    }
}

/// The host's first processor block as a `CpuInfo`, and the number of processors.
fn host_cpuinfo(host: &str) -> CpuInfo {
    let block = host.split("\n\n").next().unwrap_or("");
    let value = |k: &str| {
        block
            .lines()
            .find(|l| key(l).trim_end() == k)
            .and_then(|l| l.split_once(": ").map(|(_, v)| v.to_string()))
            .unwrap_or_default()
    };
    let number = |k: &str| value(k).split(' ').next().unwrap_or("").parse::<u32>().unwrap_or(0);
    let (mhz, thousandths) = value("cpu MHz")
        .split_once('.')
        .map_or((0, 0), |(a, b)| (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0)));
    let sizes: Vec<u32> =
        value("address sizes").split(' ').filter_map(|w| w.parse().ok()).collect();
    CpuInfo {
        vendor_id: value("vendor_id"),
        model_name: value("model name"),
        family: number("cpu family"),
        model: number("model"),
        stepping: number("stepping"),
        microcode: u32::from_str_radix(value("microcode").trim_start_matches("0x"), 16).ok(),
        khz: mhz * 1000 + thousandths,
        cache_size_kb: number("cache size"),
        cpuid_level: number("cpuid level"),
        flags: value("flags"),
        bugs: value("bugs"),
        tlb_size: number("TLB size"),
        clflush_size: number("clflush size"),
        cache_alignment: number("cache_alignment"),
        physical_bits: sizes.first().copied().unwrap_or(0),
        virtual_bits: sizes.get(1).copied().unwrap_or(0),
        power_management: block
            .lines()
            .find_map(|l| l.strip_prefix("power management:"))
            .unwrap_or("")
            .to_string(),
        cpus: host.matches("processor\t:").count() as u32,
    }
}

#[test]
fn cpuinfo_reproduces_the_hosts_first_processor() {
    let Some(host) = host("cpuinfo") else { return };
    if !host.starts_with("processor\t: 0\n") {
        return; // Not x86.
    }
    let info = host_cpuinfo(&host);
    let ours = text(cpuinfo(&info));
    let optional = ["vmx flags"];
    assert_eq!(keys(&ours, &optional), keys(&host, &optional), "same keys, same tabs");
    // Topology and bogomips depend on the machine; everything else is the host's own text.
    let machine = ["physical id", "siblings", "core id", "cpu cores", "apicid", "initial apicid"];
    let first = |t: &str| -> Vec<String> {
        t.split("\n\n")
            .next()
            .unwrap_or("")
            .lines()
            .filter(|l| {
                let k = key(l).trim_end();
                !machine.contains(&k) && !optional.contains(&k) && k != "bogomips"
            })
            .map(String::from)
            .collect()
    };
    assert_eq!(first(&ours), first(&host));
    assert!(ours.ends_with("\n\n") && host.ends_with("\n\n"));
    assert_eq!(ours.matches("\n\n").count(), host.matches("\n\n").count(), "one block per CPU");
}

#[test]
fn cpuinfo_derives_bogomips_and_leaves_out_unknown_lines() {
    let info = CpuInfo { khz: 2_596_128, cpus: 1, flags: "fpu  vme".into(), ..CpuInfo::default() };
    let out = text(cpuinfo(&info));
    assert!(out.contains("\nvendor_id\t: unknown\n"));
    assert!(out.contains("\ncpu MHz\t\t: 2596.128\n"));
    assert!(out.contains("\nbogomips\t: 5192.25\n"));
    assert!(out.contains("\nflags\t\t: fpu vme\nbugs\t\t:\n"));
    assert!(out.ends_with("\npower management:\n\n"));
    assert!(!out.contains("microcode") && !out.contains("cache size") && !out.contains("TLB"));
}

/// `text` with each run of digits replaced by `9`.
fn shape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if !(c.is_ascii_digit() && out.ends_with('9')) {
            out.push(if c.is_ascii_digit() { '9' } else { c });
        }
    }
    out
}

#[test]
fn uptime_and_loadavg_have_the_hosts_shape() {
    assert_eq!(text(uptime(1_234_567_890_123, 5_999_999_999)), "1234.56 5.99\n");
    assert_eq!(text(uptime(0, 10_000_000)), "0.00 0.01\n");
    let load = LoadAvg { hundredths: [5, 123, 0], running: 1, threads: 57, last_pid: 1234 };
    assert_eq!(text(loadavg(&load)), "0.05 1.23 0.00 1/57 1234\n");
    if let (Some(host_uptime), Some(host_load)) = (host("uptime"), host("loadavg")) {
        assert_eq!(shape(&text(uptime(1, 2))), shape(&host_uptime));
        assert_eq!(shape(&text(loadavg(&load))), shape(&host_load));
    }
}

const IDENTITY: KernelIdentity = KernelIdentity {
    ostype: "Linux",
    release: "6.18.0-l4",
    version: "#1 SMP PREEMPT_DYNAMIC",
    hostname: "box",
    compile_by: "builder",
    compile_host: "host",
    compiler: "rustc 1.95.0",
};

#[test]
fn version_and_sys_kernel_files() {
    assert_eq!(
        text(version(&IDENTITY)),
        "Linux version 6.18.0-l4 (builder@host) (rustc 1.95.0) #1 SMP PREEMPT_DYNAMIC\n"
    );
    assert_eq!(text(osrelease(&IDENTITY)), "6.18.0-l4\n");
    assert_eq!(text(hostname(&IDENTITY)), "box\n");
    assert_eq!(text(ostype(&IDENTITY)), "Linux\n");
    if let (Some(host_version), Some(host_ostype)) = (host("version"), host("sys/kernel/ostype")) {
        assert!(host_version.starts_with("Linux version ") && host_version.ends_with('\n'));
        assert_eq!(host_version.lines().count(), 1);
        assert_eq!(text(ostype(&IDENTITY)), host_ostype);
        let release = host("sys/kernel/osrelease").unwrap_or_default();
        assert!(host_version.starts_with(&format!("Linux version {} (", release.trim_end())));
    }
}

#[test]
fn filesystems_mark_nodev_like_the_host() {
    let ours = text(filesystems(FILESYSTEMS));
    assert_eq!(ours, "nodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n");
    let disk = [FilesystemType { name: "ext4", requires_device: true }];
    assert_eq!(text(filesystems(&disk)), "\text4\n");
    let Some(host) = host("filesystems") else { return };
    for line in ours.lines().chain(["\text4"]) {
        let name = line.split('\t').nth(1).unwrap_or("");
        if let Some(host_line) = host.lines().find(|l| l.split('\t').nth(1) == Some(name)) {
            assert_eq!(line, host_line);
        }
    }
}

#[test]
fn mounts_escape_and_have_the_hosts_shape() {
    let entries = [
        MountEntry {
            device: b"proc",
            mount_point: b"/proc",
            fstype: b"proc",
            options: b"rw,nosuid,nodev,noexec,relatime",
        },
        MountEntry {
            device: b"none",
            mount_point: b"/mnt/a b\\c",
            fstype: b"tmpfs",
            options: b"ro",
        },
    ];
    let ours = text(mounts(&entries));
    assert_eq!(
        ours,
        "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\nnone /mnt/a\\040b\\134c tmpfs ro 0 0\n"
    );
    let Some(host) = host("mounts") else { return };
    let proc_line = host.lines().find(|l| l.starts_with("proc /proc proc ")).unwrap_or("");
    let fields = |l: &str| l.split(' ').count();
    assert_eq!(fields(ours.lines().next().unwrap_or("")), fields(proc_line));
    assert!(proc_line.ends_with(" 0 0"));
    assert!(host.lines().all(|l| fields(l) == 6), "every host line has 6 fields");
    assert_eq!(vec![6, 6], ours.lines().map(fields).collect::<Vec<_>>());
}
