//! The kernel heap: a fixed region of physical memory (reached through the
//! physical-memory map) managed by `linked_list_allocator`.

use linked_list_allocator::LockedHeap;

pub const HEAP_SIZE: usize = 48 * 1024 * 1024;

#[global_allocator]
static HEAP: LockedHeap = LockedHeap::empty();

pub fn init(start: *mut u8) {
    // SAFETY: `mm::init` reserved HEAP_SIZE bytes at `start` for the heap and
    // gave none of them to the frame allocator; this runs once.
    unsafe { HEAP.lock().init(start, HEAP_SIZE) };
}

/// Bytes of heap in use.
#[allow(dead_code)]
pub fn used() -> usize {
    HEAP.lock().used()
}
