//! Interrupt descriptor table: 256 gates, each pointing at a naked entry stub
//! from `trap`. Vector 8 (double fault) runs on its own IST stack.

use core::mem::size_of;
use spin::Once;
use x86_64::instructions::tables::lidt;
use x86_64::structures::DescriptorTablePointer;
use x86_64::VirtAddr;

use super::gdt::DOUBLE_FAULT_IST_INDEX;
use super::trap;

#[derive(Clone, Copy)]
#[repr(C)]
struct Gate {
    offset_low: u16,
    selector: u16,
    ist: u8,
    type_attributes: u8,
    offset_middle: u16,
    offset_high: u32,
    reserved: u32,
}

impl Gate {
    const MISSING: Gate = Gate {
        offset_low: 0,
        selector: 0,
        ist: 0,
        type_attributes: 0,
        offset_middle: 0,
        offset_high: 0,
        reserved: 0,
    };

    /// An interrupt gate (interrupts disabled on entry), present, callable
    /// with `int n` from ring `dpl`.
    fn interrupt(handler: u64, ist: u8, dpl: u8) -> Gate {
        Gate {
            offset_low: handler as u16,
            selector: 0x08,
            ist,
            type_attributes: 0x8e | (dpl << 5),
            offset_middle: (handler >> 16) as u16,
            offset_high: (handler >> 32) as u32,
            reserved: 0,
        }
    }
}

#[repr(C, align(16))]
struct Idt([Gate; 256]);

static IDT: Once<Idt> = Once::new();

pub fn init() {
    let idt = IDT.call_once(|| {
        let mut idt = Idt([Gate::MISSING; 256]);
        for (vector, gate) in idt.0.iter_mut().enumerate() {
            let ist = if vector == 8 { DOUBLE_FAULT_IST_INDEX as u8 + 1 } else { 0 };
            // int3 is allowed from user mode so that a breakpoint reaches its handler
            // as #BP rather than #GP.
            let dpl = if vector == 3 { 3 } else { 0 };
            *gate = Gate::interrupt(trap::ENTRY_STUBS[vector] as *const () as u64, ist, dpl);
        }
        idt
    });
    let pointer = DescriptorTablePointer {
        limit: (size_of::<Idt>() - 1) as u16,
        base: VirtAddr::from_ptr(idt),
    };
    // SAFETY: the IDT is a 'static that is never modified after this point and
    // every present gate points at a valid entry stub.
    unsafe { lidt(&pointer) };
}
