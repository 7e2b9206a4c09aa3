//! The in-QEMU kernel test tier (`--features ktest`): each test runs after the
//! kernel core is up; a failing assertion panics, which exits QEMU with
//! `TEST_FAILED`. The build tool (`cargo xtask test`) boots this image and reads
//! the exit status.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::sync::atomic::Ordering;
use x86_64::structures::paging::PageTableFlags;

use crate::arch::{timer, trap};
use crate::kprintln;
use crate::mm::{frame, paging::AddressSpace, phys_to_virt};

struct Test {
    name: &'static str,
    run: fn(),
}

const TESTS: &[Test] = &[
    Test { name: "frame_allocator_distinct_and_reused", run: frame_allocator_distinct_and_reused },
    Test { name: "frame_allocator_zeroed", run: frame_allocator_zeroed },
    Test { name: "heap_box_and_vec", run: heap_box_and_vec },
    Test { name: "heap_large_allocation", run: heap_large_allocation },
    Test { name: "paging_map_translate_unmap", run: paging_map_translate_unmap },
    Test { name: "paging_new_space_shares_kernel_half", run: paging_new_space_shares_kernel_half },
    Test { name: "paging_drop_returns_table_frames", run: paging_drop_returns_table_frames },
    Test { name: "timer_ticks", run: timer_ticks },
    Test { name: "exception_breakpoint", run: exception_breakpoint },
    Test { name: "exception_invalid_opcode", run: exception_invalid_opcode },
    Test { name: "exception_divide_error", run: exception_divide_error },
    Test { name: "exception_page_fault_reports_address", run: exception_page_fault },
    Test { name: "exception_general_protection", run: exception_general_protection },
    #[cfg(feature = "ktest-broken")]
    Test { name: "deliberately_broken", run: deliberately_broken },
];

#[cfg(feature = "ktest-broken")]
fn deliberately_broken() {
    assert_eq!(1 + 1, 3, "deliberately broken test (feature ktest-broken)");
}

pub fn run_all() {
    kprintln!("running {} kernel tests", TESTS.len());
    for test in TESTS {
        kprintln!("test {} ...", test.name);
        (test.run)();
        kprintln!("test {} ... ok", test.name);
    }
    kprintln!("kernel tests: {} passed, 0 failed", TESTS.len());
}

fn frame_allocator_distinct_and_reused() {
    let before = frame::free_frames();
    let frames: Vec<u64> = (0..64).map(|_| frame::allocate().expect("out of frames")).collect();
    assert_eq!(frame::free_frames(), before - 64);
    for (i, a) in frames.iter().enumerate() {
        assert_eq!(a % frame::FRAME_SIZE, 0, "frame not aligned");
        assert_ne!(*a, 0, "frame 0 handed out");
        for b in &frames[i + 1..] {
            assert_ne!(a, b, "frame handed out twice");
        }
    }
    let last = *frames.last().unwrap();
    for f in frames.iter().rev() {
        // SAFETY: allocated above, never mapped.
        unsafe { frame::free(*f) };
    }
    assert_eq!(frame::free_frames(), before);
    // The free list is LIFO: the first frame freed last comes back first.
    let again = frame::allocate().unwrap();
    assert_eq!(again, frames[0]);
    assert_ne!(again, last);
    // SAFETY: as above.
    unsafe { frame::free(again) };
}

fn frame_allocator_zeroed() {
    let f = frame::allocate().unwrap();
    // SAFETY: the frame is ours until freed; it is mapped in the physical map.
    unsafe { core::ptr::write_bytes(phys_to_virt(f), 0xa5, 4096) };
    // SAFETY: as above.
    unsafe { frame::free(f) };
    let z = frame::allocate_zeroed().unwrap();
    assert_eq!(z, f, "free list should hand the same frame back");
    // SAFETY: as above.
    let bytes = unsafe { core::slice::from_raw_parts(phys_to_virt(z), 4096) };
    assert!(bytes.iter().all(|&b| b == 0), "allocate_zeroed returned dirty memory");
    // SAFETY: as above.
    unsafe { frame::free(z) };
}

fn heap_box_and_vec() {
    let b = Box::new(41u64);
    assert_eq!(*b + 1, 42);
    let v: Vec<u64> = (0..1000).collect();
    assert_eq!(v.iter().sum::<u64>(), 999 * 1000 / 2);
}

fn heap_large_allocation() {
    let v = alloc::vec![7u8; 4 * 1024 * 1024];
    assert!(v.iter().all(|&b| b == 7));
    drop(v);
    // Freed memory is reusable: the same size allocates again.
    let w = alloc::vec![1u8; 4 * 1024 * 1024];
    assert_eq!(w.len(), 4 * 1024 * 1024);
}

fn paging_map_translate_unmap() {
    let mut space = AddressSpace::new().expect("no frame for a root table");
    let f = frame::allocate_zeroed().unwrap();
    let virt = 0x40_0000u64;
    let flags =
        PageTableFlags::PRESENT | PageTableFlags::WRITABLE | PageTableFlags::USER_ACCESSIBLE;
    space.map(virt, f, flags).unwrap();
    assert_eq!(space.translate(virt + 0x123), Some(f + 0x123));
    assert!(space.map(virt, f, flags).is_err(), "double map must fail");
    assert!(space.map(0xffff_8000_0000_0000, f, flags).is_err(), "kernel half must be refused");
    assert_eq!(space.unmap(virt), Some(f));
    assert_eq!(space.translate(virt), None);
    // SAFETY: unmapped above.
    unsafe { frame::free(f) };
}

fn paging_new_space_shares_kernel_half() {
    let mut space = AddressSpace::new().unwrap();
    let f = frame::allocate_zeroed().unwrap();
    let virt = 0x7000_0000u64;
    space.map(virt, f, PageTableFlags::PRESENT | PageTableFlags::WRITABLE).unwrap();
    let boot_root = crate::mm::paging::current_root();
    let marker = 0x5eed_cafe_f00d_u64;
    // SAFETY: the frame is ours; write through the physical map.
    unsafe { (phys_to_virt(f) as *mut u64).write_volatile(marker) };
    // SAFETY: only kernel-half code and data are touched while `space` is
    // loaded, plus the page mapped above; the boot table is restored at once.
    let seen = unsafe {
        space.activate();
        let seen = (virt as *const u64).read_volatile();
        (virt as *mut u64).write_volatile(marker + 1);
        x86_64::registers::control::Cr3::write(
            x86_64::structures::paging::PhysFrame::containing_address(x86_64::PhysAddr::new(
                boot_root,
            )),
            x86_64::registers::control::Cr3Flags::empty(),
        );
        seen
    };
    assert_eq!(seen, marker);
    // SAFETY: as above.
    assert_eq!(unsafe { (phys_to_virt(f) as *const u64).read_volatile() }, marker + 1);
    space.unmap(virt);
    // SAFETY: unmapped above.
    unsafe { frame::free(f) };
}

fn paging_drop_returns_table_frames() {
    let before = frame::free_frames();
    {
        let mut space = AddressSpace::new().unwrap();
        let f = frame::allocate().unwrap();
        // Spread mappings over several tables at every level.
        for virt in [0x1000u64, 0x20_0000, 0x4000_0000, 0x7f00_0000_0000] {
            space.map(virt, f, PageTableFlags::PRESENT).unwrap();
        }
        assert!(frame::free_frames() < before - 4);
        for virt in [0x1000u64, 0x20_0000, 0x4000_0000, 0x7f00_0000_0000] {
            space.unmap(virt);
        }
        // SAFETY: unmapped everywhere above.
        unsafe { frame::free(f) };
    }
    assert_eq!(frame::free_frames(), before, "address space leaked frames");
}

fn timer_ticks() {
    let start = timer::ticks();
    let mut spins = 0u64;
    while timer::ticks() < start + 20 {
        x86_64::instructions::hlt();
        spins += 1;
        assert!(spins < 10_000_000, "timer does not tick");
    }
    assert!(timer::ticks() >= start + 20);
}

/// Arms the expected-fault hook for `vector`; the asm that follows must store
/// its resume label into `trap::RESUME_RIP` before faulting.
fn expect(vector: u64) {
    *trap::LAST_FAULT.lock() = None;
    trap::EXPECTED_VECTOR.store(vector, Ordering::SeqCst);
}

fn last_fault() -> (u64, u64, u64) {
    trap::LAST_FAULT.lock().take().expect("the exception was not delivered")
}

fn exception_breakpoint() {
    *trap::LAST_FAULT.lock() = None;
    x86_64::instructions::interrupts::int3();
    assert_eq!(last_fault().0, 3);
}

fn exception_invalid_opcode() {
    expect(6);
    // SAFETY: ud2 raises #UD; the armed hook resumes at label 2.
    unsafe {
        core::arch::asm!(
            "lea {tmp}, [rip + 2f]",
            "mov [{resume}], {tmp}",
            "ud2",
            "2:",
            tmp = out(reg) _,
            resume = in(reg) trap::RESUME_RIP.as_ptr(),
        );
    }
    assert_eq!(last_fault().0, 6);
}

fn exception_divide_error() {
    expect(0);
    // SAFETY: dividing by zero raises #DE; the hook resumes at label 2.
    unsafe {
        core::arch::asm!(
            "lea {tmp}, [rip + 2f]",
            "mov [{resume}], {tmp}",
            "xor edx, edx",
            "mov eax, 1",
            "xor ecx, ecx",
            "div ecx",
            "2:",
            tmp = out(reg) _,
            resume = in(reg) trap::RESUME_RIP.as_ptr(),
            out("eax") _, out("edx") _, out("ecx") _,
        );
    }
    assert_eq!(last_fault().0, 0);
}

fn exception_page_fault() {
    expect(14);
    let address = 0x0000_1234_5678_9000u64; // unmapped in the boot tables
                                            // SAFETY: reading an unmapped address raises #PF; the hook resumes at label 2.
    unsafe {
        core::arch::asm!(
            "lea {tmp}, [rip + 2f]",
            "mov [{resume}], {tmp}",
            "mov {tmp}, [{address}]",
            "2:",
            tmp = out(reg) _,
            resume = in(reg) trap::RESUME_RIP.as_ptr(),
            address = in(reg) address,
        );
    }
    let (vector, error, cr2) = last_fault();
    assert_eq!(vector, 14);
    assert_eq!(cr2, address, "page fault reported the wrong address");
    assert_eq!(error & 1, 0, "not-present fault expected");
    assert_eq!(error & 2, 0, "read fault expected");
}

fn exception_general_protection() {
    expect(13);
    // SAFETY: a non-canonical address raises #GP; the hook resumes at label 2.
    unsafe {
        core::arch::asm!(
            "lea {tmp}, [rip + 2f]",
            "mov [{resume}], {tmp}",
            "mov {tmp}, [{address}]",
            "2:",
            tmp = out(reg) _,
            resume = in(reg) trap::RESUME_RIP.as_ptr(),
            address = in(reg) 0x8000_0000_0000_0000u64,
        );
    }
    assert_eq!(last_fault().0, 13);
}
