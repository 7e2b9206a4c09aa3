//! The microkernel's user-level test tier: loaded as the root task by the `ktest`
//! kernel, it exercises the kernel interface from user space (IPC, timeouts,
//! deferred reply, mapping between tasks, exception IPC of foreign-ABI threads,
//! preemption, isolation) and ends QEMU with the result. With `boot/mode`
//! containing `bench-ipc` in the ramdisk it runs the IPC benchmark instead.
//!
//! Unsafe code here is limited to reading the start-up block, the memory the
//! kernel grants this task, and statics shared between its threads.
#![no_std]
#![no_main]

mod bench;
mod blobs;
mod tests;

use core::sync::atomic::{AtomicU64, Ordering};
use microkernel_user::abi::{self, layout, RootInfo};
use microkernel_user::{self as mk, println};

/// Start-up facts, copied out of the block the kernel put on our stack.
pub struct Root {
    pub info: RootInfo,
}

static NEXT_FRAME: AtomicU64 = AtomicU64::new(0);
static FRAME_END: AtomicU64 = AtomicU64::new(0);
static NEXT_UTCB: AtomicU64 = AtomicU64::new(layout::ROOT_UTCB_AREA);

/// A frame of granted memory (physical address), zeroed.
pub fn alloc_frame() -> u64 {
    let frame = NEXT_FRAME.fetch_add(4096, Ordering::Relaxed);
    assert!(frame < FRAME_END.load(Ordering::Relaxed), "out of granted memory");
    window(frame).fill(0);
    frame
}

/// The root task's view of a granted frame.
pub fn window(frame: u64) -> &'static mut [u8] {
    // SAFETY: every granted frame is mapped at ROOT_PHYS_WINDOW + phys; frames are
    // handed out once by `alloc_frame`, so each slice has one user.
    unsafe { mk::Memory::slice_mut(layout::ROOT_PHYS_WINDOW + frame, 4096) }
}

/// Contiguous memory (in the window) for a thread stack; returns its top.
pub fn alloc_stack(pages: u64) -> u64 {
    let first = alloc_frame();
    for _ in 1..pages {
        alloc_frame();
    }
    layout::ROOT_PHYS_WINDOW + first + pages * 4096
}

/// A UTCB address for a new thread of the root task.
pub fn next_utcb() -> u64 {
    NEXT_UTCB.fetch_add(4096, Ordering::Relaxed)
}

/// # Safety
/// Called only by the kernel, with a valid RootInfo on our stack (see kobj::root).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start(info: *const RootInfo) -> ! {
    // SAFETY: the function's contract.
    let info = unsafe { info.read() };
    NEXT_FRAME.store(info.granted_start, Ordering::Relaxed);
    FRAME_END.store(info.granted_end, Ordering::Relaxed);
    let root = Root { info };
    // SAFETY: the ramdisk is mapped read-only for its whole length.
    let ramdisk = unsafe { mk::Memory::slice(root.info.ramdisk, root.info.ramdisk_len as usize) };
    let archive = initrd::Archive::new(ramdisk);
    let mode = archive.find("boot/mode").ok().flatten().map(|e| e.data).unwrap_or(b"test");
    if mode.starts_with(b"bench-ipc") {
        bench::run(&root);
    }
    tests::run(&root)
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    println!("root task PANIC: {info}");
    mk::qemu_exit(abi::exit::TEST_FAILED)
}
