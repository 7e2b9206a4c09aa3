//! CPU-specific code: descriptor tables, trap entry, timer, serial ports, QEMU exit.
//!
//! Together with `mm`, this is where the kernel's `unsafe` lives.

pub mod clock;
pub mod entry;
pub mod fpu;
pub mod gdt;
pub mod idt;
pub mod qemu;
pub mod serial;
pub mod timer;
pub mod trap;

/// Sets up the GDT (with TSS and the double-fault IST stack), the IDT and the
/// serial ports. Interrupts stay disabled until `timer::init`.
pub fn init() {
    gdt::init();
    idt::init();
    serial::init();
    entry::init();
    fpu::init();
}
