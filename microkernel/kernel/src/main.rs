//! The microkernel: ring 0 on x86-64, booted by `bootloader` 0.11.
//!
//! It owns the CPU state (GDT, TSS, IDT), physical frames, page tables and the
//! timer. Everything Linux-shaped lives in the user-space personality server;
//! see `../shared/DESIGN.md` and the README.
//!
//! Address-space layout of the kernel half (top-level page-table slots 256..512,
//! shared into every address space):
//! - slot 256 (`0xffff_8000_0000_0000`): all physical memory, mapped by the bootloader;
//! - slots 257..: the bootloader's dynamic range (kernel stack, boot info, ramdisk);
//! - slot 511 (`0xffff_ff80_0000_0000`): the kernel image.
//!
//! Slots 0..256 are user space (Linux's 0..0x7fff_ffff_ffff).
#![no_std]
#![no_main]
// Parts of the core API (frames, paging, timer) are used by the test tier and by
// the microkernel interface still to come; only the ktest build uses all of it.
#![allow(dead_code)]

extern crate alloc;

mod arch;
mod klog;
mod kobj;
#[cfg(feature = "ktest")]
mod ktest;
mod mm;

use bootloader_api::config::{BootloaderConfig, Mapping};
use bootloader_api::info::MemoryRegionKind;
use bootloader_api::BootInfo;

/// Where the bootloader maps all of physical memory (top-level slot 256).
pub const PHYSICAL_MEMORY_OFFSET: u64 = 0xffff_8000_0000_0000;

/// The bootloader's configuration: physical memory mapped at a fixed offset and
/// everything else the bootloader places kept in the kernel half.
pub static BOOTLOADER_CONFIG: BootloaderConfig = {
    let mut config = BootloaderConfig::new_default();
    config.mappings.physical_memory = Some(Mapping::FixedAddress(PHYSICAL_MEMORY_OFFSET));
    config.mappings.kernel_base = Mapping::FixedAddress(0xffff_ff80_0000_0000);
    config.mappings.dynamic_range_start = Some(0xffff_8080_0000_0000);
    config.mappings.dynamic_range_end = Some(0xffff_ff00_0000_0000);
    config.kernel_stack_size = 256 * 1024;
    config
};

bootloader_api::entry_point!(kernel_main, config = &BOOTLOADER_CONFIG);

fn kernel_main(boot_info: &'static mut BootInfo) -> ! {
    klog::init();
    kprintln!("microkernel {} booting", env!("CARGO_PKG_VERSION"));
    arch::init();

    let physical_memory_offset = boot_info
        .physical_memory_offset
        .into_option()
        .expect("bootloader mapped no physical memory");
    assert_eq!(physical_memory_offset, PHYSICAL_MEMORY_OFFSET);

    let mut usable_bytes = 0u64;
    let mut regions = 0usize;
    for region in boot_info.memory_regions.iter() {
        if region.kind == MemoryRegionKind::Usable {
            usable_bytes += region.end - region.start;
            regions += 1;
        }
    }
    mm::init(&boot_info.memory_regions);
    arch::timer::init();

    let ramdisk = boot_info.ramdisk_addr.into_option().map(|addr| (addr, boot_info.ramdisk_len));
    let banner = alloc::format!(
        "microkernel {}: {} MiB usable in {} regions, {} frames free, heap {} KiB, ramdisk {}",
        env!("CARGO_PKG_VERSION"),
        usable_bytes >> 20,
        regions,
        mm::frame::free_frames(),
        mm::heap::HEAP_SIZE >> 10,
        match ramdisk {
            Some((addr, len)) => alloc::format!("{len} bytes at {addr:#x}"),
            None => alloc::string::String::from("none"),
        }
    );
    kprintln!("{banner}");

    #[cfg(feature = "ktest")]
    ktest::run_all();

    arch::clock::calibrate(10);
    kprintln!(
        "TSC: {}.{:03} ticks/us; boot time {} s since the epoch",
        arch::clock::tsc_per_us_x1000() / 1000,
        arch::clock::tsc_per_us_x1000() % 1000,
        arch::clock::boot_time()
    );
    kobj::init();
    let loaded = kobj::with(|k| kobj::root::load(k, ramdisk));
    match loaded {
        Ok(()) => kobj::sched::start(),
        Err(kobj::root::LoadError::NotInRamdisk) | Err(kobj::root::LoadError::NoRamdisk) => {
            #[cfg(feature = "ktest")]
            {
                kprintln!("no root task in the ramdisk: kernel tests only");
                arch::qemu::exit(arch::qemu::ExitCode::TestsPassed)
            }
            #[cfg(not(feature = "ktest"))]
            {
                arch::serial::CONSOLE.lock().write_str(&banner);
                arch::serial::CONSOLE.lock().write_str("\n");
                kprintln!("no root task ({}) in the ramdisk: halting", kobj::root::ROOT_TASK_PATH);
                arch::qemu::exit(arch::qemu::ExitCode::Halted)
            }
        }
        Err(error) => panic!("cannot load the root task: {error:?}"),
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    x86_64::instructions::interrupts::disable();
    // SAFETY: we are about to stop the machine; a log lock held by the
    // panicking context must not deadlock the panic message.
    unsafe { klog::force_unlock() };
    match info.location() {
        Some(location) => {
            kprintln!("KERNEL PANIC at {}:{}: {}", location.file(), location.line(), info.message())
        }
        None => kprintln!("KERNEL PANIC: {}", info.message()),
    }
    #[cfg(feature = "ktest")]
    arch::qemu::exit(arch::qemu::ExitCode::TestFailed);
    #[cfg(not(feature = "ktest"))]
    arch::qemu::exit(arch::qemu::ExitCode::Panic)
}
