//! Leaving QEMU through the isa-debug-exit device (iobase 0xf4, iosize 4): a
//! written value `v` becomes QEMU's exit status `(v << 1) | 1`. The build tool
//! (`xtask`, `ci/qemu.rs`) decodes the same values; keep them in sync through
//! `microkernel_abi::exit`.

use microkernel_abi::exit as codes;
use x86_64::instructions::port::Port;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum ExitCode {
    /// Boot finished and the kernel halted on purpose.
    Halted = codes::HALTED,
    /// All in-kernel tests passed.
    TestsPassed = codes::TESTS_PASSED,
    /// An in-kernel test failed.
    TestFailed = codes::TEST_FAILED,
    /// The kernel panicked.
    Panic = codes::PANIC,
}

pub fn exit(code: ExitCode) -> ! {
    let mut port = Port::<u32>::new(0xf4);
    // SAFETY: writing the isa-debug-exit port ends the virtual machine; nothing
    // after it runs. On a machine without the device the write is ignored.
    unsafe { port.write(code as u32) };
    loop {
        x86_64::instructions::interrupts::disable();
        x86_64::instructions::hlt();
    }
}
