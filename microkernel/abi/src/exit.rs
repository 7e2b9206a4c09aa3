//! Values written to QEMU's isa-debug-exit device (iobase 0xf4, 4 bytes wide).
//! QEMU exits with status `(value << 1) | 1`.

/// Boot completed and the kernel halted on purpose.
pub const HALTED: u32 = 0x10;
/// Every in-kernel test passed.
pub const TESTS_PASSED: u32 = 0x11;
/// An in-kernel test failed.
pub const TEST_FAILED: u32 = 0x12;
/// The kernel panicked.
pub const PANIC: u32 = 0x13;
/// The root task asked to power off; the log says why (for the Linux system, the
/// line `exit status N` carries the program's status, which QEMU's 8-bit exit
/// status cannot).
pub const POWER_OFF: u32 = 0x14;

/// The host process exit status QEMU reports for a device value.
pub const fn qemu_status(value: u32) -> i32 {
    ((value << 1) | 1) as i32
}
