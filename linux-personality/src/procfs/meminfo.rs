//! `/proc/meminfo` (proc(5); `fs/proc/meminfo.c`, `hugetlb_report_meminfo`,
//! `arch_report_meminfo` of Linux 6.18 on x86-64).
//!
//! The key list is what a 6.18 x86-64 kernel prints with `CONFIG_ZSWAP`,
//! `CONFIG_TRANSPARENT_HUGEPAGE` and `CONFIG_HUGETLB_PAGE`, and without `CONFIG_HIGHMEM`,
//! `CONFIG_MEMORY_FAILURE`, `CONFIG_CMA` and `CONFIG_UNACCEPTED_MEMORY`. Each line is the key and
//! its colon padded to 16 columns, the value right-aligned in 8, then ` kB` (`show_val_kb`);
//! the `HugePages_*` counts have no unit and are `%5lu` after three spaces.
//!
//! After Linux's lines come three of our own, in the same format, for the microkernel's own
//! memory, which Linux's lines do not cover: `KernelHeapTotal` and `KernelHeapFree` (the
//! kernel heap: thread and task objects, kernel stacks, tables) and `KernelMemFree` (the free
//! frames the kernel keeps for page tables and UTCBs). Leak checks compare them before and after.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The figures of `/proc/meminfo`, in bytes. What the server does not track stays zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MemInfo {
    /// `MemTotal`: usable RAM.
    pub total: u64,
    /// `MemFree`.
    pub free: u64,
    /// `MemAvailable`: what could be allocated without swapping.
    pub available: u64,
    /// `Buffers`.
    pub buffers: u64,
    /// `Cached`: the page cache, tmpfs included (excluding `SwapCached`).
    pub cached: u64,
    /// `Active(anon)`.
    pub active_anon: u64,
    /// `Inactive(anon)`.
    pub inactive_anon: u64,
    /// `Active(file)`.
    pub active_file: u64,
    /// `Inactive(file)`.
    pub inactive_file: u64,
    /// `Unevictable`.
    pub unevictable: u64,
    /// `Mlocked`.
    pub mlocked: u64,
    /// `SwapTotal`.
    pub swap_total: u64,
    /// `SwapFree`.
    pub swap_free: u64,
    /// `AnonPages`: anonymous memory mapped into page tables.
    pub anon_pages: u64,
    /// `Mapped`: file pages mapped into page tables.
    pub mapped: u64,
    /// `Shmem`: tmpfs and shared anonymous memory.
    pub shmem: u64,
    /// `SReclaimable`: reclaimable kernel heap.
    pub slab_reclaimable: u64,
    /// `SUnreclaim`: unreclaimable kernel heap.
    pub slab_unreclaimable: u64,
    /// `KernelStack`.
    pub kernel_stack: u64,
    /// `PageTables`.
    pub page_tables: u64,
    /// `Committed_AS`: memory promised to processes.
    pub committed: u64,
    /// `VmallocUsed`.
    pub vmalloc_used: u64,
    /// `KernelHeapTotal` (ours): the microkernel's heap.
    pub kernel_heap_total: u64,
    /// `KernelHeapFree` (ours): the free part of the microkernel's heap.
    pub kernel_heap_free: u64,
    /// `KernelMemFree` (ours): free frames the microkernel keeps for itself.
    pub kernel_free: u64,
}

/// `VmallocTotal` on x86-64 with 4-level paging: `VMALLOC_END - VMALLOC_START` in bytes, one
/// less than 32 TiB because `VMALLOC_END` is the last byte.
const VMALLOC_TOTAL: u64 = (32 << 40) - 1;

/// `Hugepagesize`: 2 MiB on x86-64.
const HUGE_PAGE_SIZE: u64 = 2 << 20;

/// One `show_val_kb` line: `MemTotal:       16316412 kB`.
fn kb_line(out: &mut String, key: &str, bytes: u64) {
    let key = format!("{key}:");
    out.push_str(&format!("{key:<16}{:>8} kB\n", bytes >> 10));
}

/// The contents of `/proc/meminfo`.
pub fn meminfo(info: &MemInfo) -> Vec<u8> {
    let m = info;
    // CommitLimit with overcommit_ratio 50 and no huge pages: half of RAM plus swap.
    let commit_limit = m.total / 2 + m.swap_total;
    let mut out = String::new();
    let lines: &[(&str, u64)] = &[
        ("MemTotal", m.total),
        ("MemFree", m.free),
        ("MemAvailable", m.available),
        ("Buffers", m.buffers),
        ("Cached", m.cached),
        ("SwapCached", 0),
        ("Active", m.active_anon + m.active_file),
        ("Inactive", m.inactive_anon + m.inactive_file),
        ("Active(anon)", m.active_anon),
        ("Inactive(anon)", m.inactive_anon),
        ("Active(file)", m.active_file),
        ("Inactive(file)", m.inactive_file),
        ("Unevictable", m.unevictable),
        ("Mlocked", m.mlocked),
        ("SwapTotal", m.swap_total),
        ("SwapFree", m.swap_free),
        ("Zswap", 0),
        ("Zswapped", 0),
        ("Dirty", 0),
        ("Writeback", 0),
        ("AnonPages", m.anon_pages),
        ("Mapped", m.mapped),
        ("Shmem", m.shmem),
        ("KReclaimable", m.slab_reclaimable),
        ("Slab", m.slab_reclaimable + m.slab_unreclaimable),
        ("SReclaimable", m.slab_reclaimable),
        ("SUnreclaim", m.slab_unreclaimable),
        ("KernelStack", m.kernel_stack),
        ("PageTables", m.page_tables),
        ("SecPageTables", 0),
        ("NFS_Unstable", 0),
        ("Bounce", 0),
        ("WritebackTmp", 0),
        ("CommitLimit", commit_limit),
        ("Committed_AS", m.committed),
        ("VmallocTotal", VMALLOC_TOTAL),
        ("VmallocUsed", m.vmalloc_used),
        ("VmallocChunk", 0),
        ("Percpu", 0),
        ("AnonHugePages", 0),
        ("ShmemHugePages", 0),
        ("ShmemPmdMapped", 0),
        ("FileHugePages", 0),
        ("FilePmdMapped", 0),
        ("Balloon", 0),
    ];
    for &(key, bytes) in lines {
        kb_line(&mut out, key, bytes);
    }
    for key in ["HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp"] {
        let key = format!("{key}:");
        out.push_str(&format!("{key:<16}   {:>5}\n", 0));
    }
    kb_line(&mut out, "Hugepagesize", HUGE_PAGE_SIZE);
    kb_line(&mut out, "Hugetlb", 0);
    for key in ["DirectMap4k", "DirectMap2M", "DirectMap1G"] {
        kb_line(&mut out, key, 0);
    }
    kb_line(&mut out, "KernelHeapTotal", m.kernel_heap_total);
    kb_line(&mut out, "KernelHeapFree", m.kernel_heap_free);
    kb_line(&mut out, "KernelMemFree", m.kernel_free);
    out.into_bytes()
}
