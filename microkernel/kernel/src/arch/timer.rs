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
