//! Kernel log: lines written to QEMU's debug console (I/O port 0xe9), which the
//! build tool routes to a log file (and to stderr with `--verbose`), never to the
//! Linux program's stdout or stderr.

use core::fmt::{self, Write};
use spin::Mutex;
use x86_64::instructions::port::Port;

const DEBUGCON_PORT: u16 = 0xe9;

struct DebugCon;

impl Write for DebugCon {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut port = Port::<u8>::new(DEBUGCON_PORT);
        for byte in text.bytes() {
            // SAFETY: port 0xe9 is QEMU's debug console; writing it has no
            // effect other than emitting the byte.
            unsafe { port.write(byte) };
        }
        Ok(())
    }
}

static LOG: Mutex<DebugCon> = Mutex::new(DebugCon);

pub fn init() {}

/// # Safety
/// Only for the panic path, when no other code will run afterwards.
pub unsafe fn force_unlock() {
    // SAFETY: the caller guarantees the holder never resumes.
    unsafe { LOG.force_unlock() };
}

#[doc(hidden)]
pub fn _print(args: fmt::Arguments) {
    x86_64::instructions::interrupts::without_interrupts(|| {
        let _ = LOG.lock().write_fmt(args);
    });
}

#[macro_export]
macro_rules! kprintln {
    () => { $crate::klog::_print(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::klog::_print(format_args!("{}\n", format_args!($($arg)*))) };
}
