//! Physical memory: the frame allocator, the kernel heap, and page tables.
//!
//! Every physical frame is reachable at `PHYSICAL_MEMORY_OFFSET + address`
//! (mapped by the bootloader), so the kernel never maps memory to touch it.

pub mod frame;
pub mod heap;
pub mod paging;

use bootloader_api::info::{MemoryRegionKind, MemoryRegions};

use crate::PHYSICAL_MEMORY_OFFSET;

/// The kernel-virtual address of a physical address.
pub fn phys_to_virt(physical: u64) -> *mut u8 {
    (PHYSICAL_MEMORY_OFFSET + physical) as *mut u8
}

/// Builds the frame allocator from the boot memory map, after carving the
/// kernel heap out of the first usable region large enough to hold it.
pub fn init(regions: &MemoryRegions) {
    paging::init();
    paging::init_pcid();
    let mut heap_start = None;
    for region in regions.iter().filter(|r| r.kind == MemoryRegionKind::Usable) {
        let start = region.start.max(0x1000).next_multiple_of(4096);
        let end = region.end & !0xfff;
        if end <= start {
            continue;
        }
        if heap_start.is_none() && end - start >= heap::HEAP_SIZE as u64 {
            heap_start = Some(start);
            frame::add_region(start + heap::HEAP_SIZE as u64, end);
        } else {
            frame::add_region(start, end);
        }
    }
    let heap_start = heap_start.expect("no usable memory region can hold the kernel heap");
    heap::init(phys_to_virt(heap_start));
}
