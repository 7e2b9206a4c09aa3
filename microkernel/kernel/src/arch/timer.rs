//! The periodic timer: the 8254 PIT on IRQ 0 through the remapped 8259 PICs,
//! at [`HZ`] ticks per second. (The local APIC timer and TSC calibration come
//! with the scheduler.)

use core::sync::atomic::{AtomicU64, Ordering};
use x86_64::instructions::port::Port;

use super::trap::TIMER_VECTOR;

pub const HZ: u64 = 1000;
const PIT_FREQUENCY: u64 = 1_193_182;

static TICKS: AtomicU64 = AtomicU64::new(0);

pub fn ticks() -> u64 {
    TICKS.load(Ordering::Relaxed)
}

pub fn init() {
    // SAFETY: the standard 8259 initialisation sequence (ICW1..ICW4) remaps
    // IRQs 0..15 to vectors 32..47; then every line but IRQ 0 is masked. The
    // PIT is programmed for mode 2 (rate generator) on channel 0.
    unsafe {
        let mut master_command = Port::<u8>::new(0x20);
        let mut master_data = Port::<u8>::new(0x21);
        let mut slave_command = Port::<u8>::new(0xa0);
        let mut slave_data = Port::<u8>::new(0xa1);
        master_command.write(0x11);
        slave_command.write(0x11);
        master_data.write(TIMER_VECTOR);
        slave_data.write(TIMER_VECTOR + 8);
        master_data.write(4);
        slave_data.write(2);
        master_data.write(0x01);
        slave_data.write(0x01);
        master_data.write(0xfe);
        slave_data.write(0xff);

        let divisor = (PIT_FREQUENCY / HZ) as u16;
        Port::<u8>::new(0x43).write(0x34);
        let mut channel0 = Port::<u8>::new(0x40);
        channel0.write(divisor as u8);
        channel0.write((divisor >> 8) as u8);
    }
    x86_64::instructions::interrupts::enable();
}

/// Called from the trap dispatcher on every timer interrupt.
pub fn tick() {
    TICKS.fetch_add(1, Ordering::Relaxed);
    // SAFETY: end-of-interrupt to the master PIC for IRQ 0.
    unsafe { Port::<u8>::new(0x20).write(0x20) };
}

/// Masks IRQ `irq` at the PIC (device IRQs stay masked until their owner acknowledges).
pub fn mask_irq(irq: u8) {
    set_mask(irq, true);
}

pub fn unmask_irq(irq: u8) {
    set_mask(irq, false);
}

fn set_mask(irq: u8, masked: bool) {
    let (port, bit) = if irq < 8 { (0x21, irq) } else { (0xa1, irq - 8) };
    // SAFETY: read-modify-write of a PIC mask register this kernel owns.
    unsafe {
        let mut data = Port::<u8>::new(port);
        let value = data.read();
        data.write(if masked { value | (1 << bit) } else { value & !(1 << bit) });
        if irq >= 8 && !masked {
            // The cascade line must be open too.
            let mut master = Port::<u8>::new(0x21);
            let m = master.read();
            master.write(m & !(1 << 2));
        }
    }
}

/// End of interrupt for IRQ `irq` (both PICs for the slave's lines).
pub fn end_of_interrupt(irq: u8) {
    // SAFETY: EOI commands to the PICs.
    unsafe {
        if irq >= 8 {
            Port::<u8>::new(0xa0).write(0x20);
        }
        Port::<u8>::new(0x20).write(0x20);
    }
}
