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

/// Free heap under which no thread or task is created: what remains keeps the
/// kernel's own allocations (queues, tables) possible, so that a program
/// creating processes without end gets OutOfMemory, never a kernel panic.
pub const OBJECT_RESERVE: usize = 2 * 1024 * 1024;

/// Bytes of heap free.
pub fn free() -> usize {
    HEAP.lock().free()
}

/// OutOfMemory when creating an object of `bytes` would eat into the reserve.
pub fn room_for(bytes: usize) -> Result<(), microkernel_abi::Error> {
    if free() < bytes + OBJECT_RESERVE {
        return Err(microkernel_abi::Error::OutOfMemory);
    }
    Ok(())
}

/// Bytes of heap in use.
#[allow(dead_code)]
pub fn used() -> usize {
    HEAP.lock().used()
}
