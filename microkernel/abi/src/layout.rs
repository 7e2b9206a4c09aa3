//! Virtual address-space layout, by top-level page-table slot (512 GiB each).
//!
//! - slots 0..256: user space of Linux programs (0..0x7fff_ffff_ffff);
//! - slot 256: the kernel's map of all physical memory (supervisor only);
//! - slots 257..320: the bootloader's mappings (kernel stack, boot info, ramdisk);
//! - slots 320..384: the root task's private range (code, data, stacks, UTCBs,
//!   ramdisk, and its window onto granted physical memory). Present only in the root
//!   task's own address space (and in tasks created with `SHARE_ROOT_SLOTS`);
//! - slot 511: the kernel image.

pub const USER_END: u64 = 0x0000_8000_0000_0000;
/// Start of the root task's private slots.
pub const ROOT_BASE: u64 = 0xffff_a000_0000_0000;
/// End (exclusive) of the root task's private slots.
pub const ROOT_END: u64 = 0xffff_c000_0000_0000;
/// Where the root task's ELF image is loaded.
pub const ROOT_IMAGE: u64 = ROOT_BASE;
/// Top of the root task's first thread's stack.
pub const ROOT_STACK_TOP: u64 = ROOT_BASE + 0x40_0000_0000;
/// Size of that stack.
pub const ROOT_STACK_SIZE: u64 = 256 * 1024;
/// The root task's first thread's UTCB.
pub const ROOT_UTCB: u64 = ROOT_BASE + 0x41_0000_0000;
/// Addresses the root task may give to further UTCBs of its own threads.
pub const ROOT_UTCB_AREA: u64 = ROOT_BASE + 0x42_0000_0000;
/// Where the boot ramdisk is mapped (read-only).
pub const ROOT_RAMDISK: u64 = ROOT_BASE + 0x80_0000_0000;
/// The window onto granted physical memory: physical address `p` is at `ROOT_PHYS_WINDOW + p`.
pub const ROOT_PHYS_WINDOW: u64 = ROOT_BASE + 0x100_0000_0000;
