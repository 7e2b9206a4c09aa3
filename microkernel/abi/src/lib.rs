//! The microkernel's user ABI, shared by the kernel, by user-space tasks and by
//! the host build tool (which decodes the QEMU exit values).
#![no_std]
#![forbid(unsafe_code)]

/// Values the kernel writes to QEMU's isa-debug-exit device (iobase 0xf4).
/// QEMU exits with status `(value << 1) | 1`.
pub mod exit {
    /// Boot completed and the kernel halted on purpose.
    pub const HALTED: u32 = 0x10;
    /// Every in-kernel test passed.
    pub const TESTS_PASSED: u32 = 0x11;
    /// An in-kernel test failed.
    pub const TEST_FAILED: u32 = 0x12;
    /// The kernel panicked.
    pub const PANIC: u32 = 0x13;

    /// The host process exit status QEMU reports for a device value.
    pub const fn qemu_status(value: u32) -> i32 {
        ((value << 1) | 1) as i32
    }
}
