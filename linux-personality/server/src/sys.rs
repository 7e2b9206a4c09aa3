//! The server's only unsafe code: the memory the kernel hands it (the window
//! onto granted frames, the ramdisk, the start-up block, the UTCB) and the heap.
//! Everything else reaches memory through these functions.

use microkernel_user::abi::{layout, RootInfo};
use microkernel_user::{Memory, Utcb};

/// Reads the start-up block.
///
/// # Safety
/// `info` must be the pointer the kernel passed to `_start`.
pub unsafe fn root_info(info: *const RootInfo) -> RootInfo {
    // SAFETY: the function's contract.
    unsafe { info.read() }
}

/// The server's view of granted frame `frame` (physical address).
pub fn frame(frame: u64) -> &'static mut [u8; 4096] {
    debug_assert!(frame.is_multiple_of(4096));
    // SAFETY: every granted frame is mapped at ROOT_PHYS_WINDOW + phys (kobj::root);
    // the frame allocator hands each frame to one owner, and the server is single
    // threaded, so no two live slices alias mutably in practice.
    unsafe {
        &mut *(Memory::slice_mut(layout::ROOT_PHYS_WINDOW + frame, 4096).as_mut_ptr()
            as *mut [u8; 4096])
    }
}

/// The boot ramdisk.
pub fn ramdisk(info: &RootInfo) -> &'static [u8] {
    // SAFETY: the kernel maps the ramdisk read-only for its whole length and never unmaps it.
    unsafe { Memory::slice(info.ramdisk, info.ramdisk_len as usize) }
}

/// The main thread's UTCB.
pub fn utcb(info: &RootInfo) -> Utcb {
    // SAFETY: the kernel mapped our first thread's UTCB at `info.utcb`; only the
    // main thread uses it.
    unsafe { Utcb::new(info.utcb) }
}

#[global_allocator]
static HEAP: linked_list_allocator::LockedHeap = linked_list_allocator::LockedHeap::empty();

/// The heap's size and free bytes (/proc/meminfo).
pub fn heap_stats() -> (usize, usize) {
    let heap = HEAP.lock();
    (heap.size(), heap.free())
}

/// Gives the heap `len` bytes of granted memory starting at physical `start`.
pub fn init_heap(start: u64, len: usize) {
    // SAFETY: the range is granted memory reserved for the heap by the caller
    // (taken out of the frame allocator before it starts), mapped in the window.
    unsafe { HEAP.lock().init((layout::ROOT_PHYS_WINDOW + start) as *mut u8, len) };
}
