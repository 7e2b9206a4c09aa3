//! Global descriptor table and task-state segment.
//!
//! Selector order follows what `syscall`/`sysret` need: kernel code 0x08,
//! kernel data 0x10, user data 0x18, user code 0x20, then the TSS. The TSS holds
//! the ring-0 stack for traps from user mode and an IST stack for double faults,
//! so that a kernel stack overflow still reports instead of triple-faulting.
//!
//! The TSS carries an I/O permission bitmap that opens the ports of the devices
//! the root task drives (the UARTs, QEMU's debug console, exit device and fw_cfg);
//! it is switched on only while a thread of the root task runs
//! ([`set_io_allowed`]), so no other task can touch an I/O port.

use core::mem::size_of;
use spin::Once;
use x86_64::instructions::segmentation::{Segment, CS, DS, ES, SS};
use x86_64::instructions::tables::load_tss;
use x86_64::structures::gdt::{Descriptor, GlobalDescriptorTable, SegmentSelector};
use x86_64::structures::tss::TaskStateSegment;
#[allow(unused_imports)]
use x86_64::PrivilegeLevel;
use x86_64::VirtAddr;

/// IST slot (1-based in the IDT entry, 0-based here) used by the double-fault handler.
pub const DOUBLE_FAULT_IST_INDEX: u16 = 0;

const STACK_SIZE: usize = 32 * 1024;

#[repr(align(16))]
struct Stack([u8; STACK_SIZE]);

static mut DOUBLE_FAULT_STACK: Stack = Stack([0; STACK_SIZE]);
static mut PRIVILEGE_STACK: Stack = Stack([0; STACK_SIZE]);

pub struct Selectors {
    pub kernel_code: SegmentSelector,
    pub kernel_data: SegmentSelector,
    pub user_data: SegmentSelector,
    pub user_code: SegmentSelector,
    pub tss: SegmentSelector,
}

/// I/O ports opened to the root task: COM2, COM1, the debug console, the exit
/// device and fw_cfg.
const ROOT_PORTS: &[(u16, u16)] =
    &[(0x2f8, 0x2ff), (0x3f8, 0x3ff), (0xe9, 0xe9), (0xf4, 0xf7), (0x510, 0x51b)];

const IOMAP_BYTES: usize = 8193;

/// 64-bit code and data segments with DPL 1 (the kernel's with the DPL field set to 1).
const RING1_CODE_DESCRIPTOR: u64 = 0x00af_bb00_0000_ffff;
const RING1_DATA_DESCRIPTOR: u64 = 0x00cf_b300_0000_ffff;
/// Selectors (RPL 1) of the ring-1 segments: after null, kernel code and data,
/// user data and code, and the two-slot TSS.
pub const RING1_CS: u64 = 0x38 | 1;
pub const RING1_SS: u64 = 0x40 | 1;
pub const USER_CS: u64 = 0x20 | 3;
pub const USER_SS: u64 = 0x18 | 3;

#[repr(C)]
struct TssWithIomap {
    tss: TaskStateSegment,
    iomap: [u8; IOMAP_BYTES],
}

static mut TSS: TssWithIomap =
    TssWithIomap { tss: TaskStateSegment::new(), iomap: [0xff; IOMAP_BYTES] };
static GDT: Once<(GlobalDescriptorTable<10>, Selectors)> = Once::new();

fn stack_top(stack: *const Stack) -> VirtAddr {
    VirtAddr::from_ptr(stack) + STACK_SIZE as u64
}

pub fn init() {
    // SAFETY: runs once at boot, before the TSS is loaded; nothing else refers to it.
    let (tss, iomap) = unsafe {
        let tss = &raw mut TSS;
        (*tss).tss.interrupt_stack_table[DOUBLE_FAULT_IST_INDEX as usize] =
            stack_top(&raw const DOUBLE_FAULT_STACK);
        (*tss).tss.privilege_stack_table[0] = stack_top(&raw const PRIVILEGE_STACK);
        (*tss).tss.iomap_base = size_of::<TaskStateSegment>() as u16;
        for &(first, last) in ROOT_PORTS {
            for port in first..=last {
                (*tss).iomap[port as usize / 8] &= !(1 << (port % 8));
            }
        }
        (&(*tss).tss, &(&(*tss).iomap)[..])
    };
    let (gdt, selectors) = GDT.call_once(|| {
        let mut gdt = GlobalDescriptorTable::<10>::empty();
        let kernel_code = gdt.append(Descriptor::kernel_code_segment());
        let kernel_data = gdt.append(Descriptor::kernel_data_segment());
        let user_data = gdt.append(Descriptor::user_data_segment());
        let user_code = gdt.append(Descriptor::user_code_segment());
        let tss = gdt
            .append(Descriptor::tss_segment_with_iomap(tss, iomap).expect("iomap follows the TSS"));
        // Ring 1, for the personality server in co-located mode (see kobj::root).
        let ring1_code = gdt.append(Descriptor::UserSegment(RING1_CODE_DESCRIPTOR));
        let ring1_data = gdt.append(Descriptor::UserSegment(RING1_DATA_DESCRIPTOR));
        assert_eq!((ring1_code.0 as u64 | 1, ring1_data.0 as u64 | 1), (RING1_CS, RING1_SS));
        assert_eq!((user_code.0 as u64, user_data.0 as u64), (USER_CS, USER_SS));
        (gdt, Selectors { kernel_code, kernel_data, user_data, user_code, tss })
    });
    // Closed until a root-task thread runs.
    set_io_allowed(false);
    gdt.load();
    // SAFETY: the selectors index descriptors of the GDT just loaded, which
    // lives for the rest of the kernel's life.
    unsafe {
        CS::set_reg(selectors.kernel_code);
        SS::set_reg(selectors.kernel_data);
        DS::set_reg(SegmentSelector(0));
        ES::set_reg(SegmentSelector(0));
        load_tss(selectors.tss);
    }
}

#[allow(dead_code)]
pub fn selectors() -> &'static Selectors {
    &GDT.get().expect("GDT not initialised").1
}

/// Sets the stack the CPU switches to on a trap from user mode.
pub fn set_privilege_stack(top: u64) {
    // SAFETY: single CPU, interrupts disabled in the kernel: nobody else writes
    // the TSS; the CPU reads this field only on the next ring change.
    unsafe { TSS.tss.privilege_stack_table[0] = VirtAddr::new(top) };
}

/// Opens (root task) or closes (every other task) the I/O ports of `ROOT_PORTS`.
pub fn set_io_allowed(allowed: bool) {
    let base = if allowed { size_of::<TaskStateSegment>() as u16 } else { u16::MAX };
    // SAFETY: as in `set_privilege_stack`.
    unsafe { TSS.tss.iomap_base = base };
}
