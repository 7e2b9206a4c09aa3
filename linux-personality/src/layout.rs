//! The x86-64 Linux user address-space constants shared by `exec` and `mm`.
//!
//! Linux user space on x86-64 with 4-level paging is `0 .. TASK_SIZE_MAX`, where `TASK_SIZE_MAX`
//! is `(1 << 47) - PAGE_SIZE`: the last user page is kept unmapped so that a `syscall` instruction
//! at the very end cannot return to a non-canonical address. `mmap_min_addr` (the default of
//! `vm.mmap_min_addr` on Debian) keeps the first 64 KiB unmappable so that a NULL-pointer access
//! always faults.

/// The page size (`PAGE_SIZE`, `ELF_EXEC_PAGESIZE`), defined once in `syscall-translation`.
pub use syscall_translation::flags::mmap::PAGE_SIZE;

/// The lowest address a mapping may start at (`vm.mmap_min_addr`).
pub const MMAP_MIN_ADDR: u64 = 0x1_0000;

/// The end (exclusive) of user space (`TASK_SIZE_MAX`).
pub const USER_END: u64 = 0x7fff_ffff_f000;

/// Where the canonical lower half ends; no user mapping reaches it.
pub const KERNEL_HALF_START: u64 = 0x8000_0000_0000;

/// Round `value` down to a page boundary.
pub const fn page_down(value: u64) -> u64 {
    value & !(PAGE_SIZE - 1)
}

/// Round `value` up to a page boundary, or `None` on overflow.
pub const fn page_up(value: u64) -> Option<u64> {
    match value.checked_add(PAGE_SIZE - 1) {
        Some(v) => Some(page_down(v)),
        None => None,
    }
}

/// Whether `value` is a multiple of the page size.
pub const fn is_page_aligned(value: u64) -> bool {
    value & (PAGE_SIZE - 1) == 0
}
