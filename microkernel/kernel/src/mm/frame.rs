//! The physical frame allocator.
//!
//! Usable regions from the boot memory map are handed out by bumping a cursor
//! through each region; freed frames go on an intrusive free list (the link is
//! stored in the free frame itself, reached through the physical-memory map),
//! which is served first. Both operations are O(1) and boot costs nothing per
//! frame.
//!
//! Invariants: a frame is in at most one of {below some region's cursor and
//! allocated, on the free list, above its region's cursor}; frame 0 is never
//! handed out (a null physical address is always a bug).

use core::sync::atomic::{AtomicUsize, Ordering};
use spin::Mutex;

use super::phys_to_virt;

pub const FRAME_SIZE: u64 = 4096;
const MAX_REGIONS: usize = 64;

#[derive(Clone, Copy)]
struct Region {
    next: u64,
    end: u64,
}

struct Allocator {
    regions: [Region; MAX_REGIONS],
    region_count: usize,
    free_list: u64,
}

static ALLOCATOR: Mutex<Allocator> = Mutex::new(Allocator {
    regions: [Region { next: 0, end: 0 }; MAX_REGIONS],
    region_count: 0,
    free_list: 0,
});
static FREE_FRAMES: AtomicUsize = AtomicUsize::new(0);

/// Adds the page-aligned physical range `start..end` to the allocator.
pub fn add_region(start: u64, end: u64) {
    assert!(start.is_multiple_of(FRAME_SIZE) && end.is_multiple_of(FRAME_SIZE) && start != 0);
    let mut allocator = ALLOCATOR.lock();
    let index = allocator.region_count;
    if index == MAX_REGIONS {
        crate::kprintln!("frame allocator: ignoring region {start:#x}..{end:#x}, table full");
        return;
    }
    allocator.regions[index] = Region { next: start, end };
    allocator.region_count += 1;
    FREE_FRAMES.fetch_add(((end - start) / FRAME_SIZE) as usize, Ordering::Relaxed);
}

/// Allocates one 4 KiB frame, returning its physical address. Contents are
/// unspecified; see [`allocate_zeroed`].
pub fn allocate() -> Option<u64> {
    let mut allocator = ALLOCATOR.lock();
    let frame = if allocator.free_list != 0 {
        let frame = allocator.free_list;
        // SAFETY: `frame` is on the free list, so it is owned by the allocator
        // and its first word holds the next link, written by `free`.
        allocator.free_list = unsafe { (phys_to_virt(frame) as *const u64).read() };
        frame
    } else {
        let count = allocator.region_count;
        let region = allocator.regions[..count].iter_mut().find(|r| r.next < r.end)?;
        let frame = region.next;
        region.next += FRAME_SIZE;
        frame
    };
    FREE_FRAMES.fetch_sub(1, Ordering::Relaxed);
    Some(frame)
}

/// Allocates one frame filled with zeros.
pub fn allocate_zeroed() -> Option<u64> {
    let frame = allocate()?;
    // SAFETY: the frame was just allocated, so nothing else refers to it; it is
    // mapped at `phys_to_virt(frame)` for FRAME_SIZE bytes.
    unsafe { core::ptr::write_bytes(phys_to_virt(frame), 0, FRAME_SIZE as usize) };
    Some(frame)
}

/// Returns a frame to the allocator.
///
/// # Safety
/// `frame` must have come from [`allocate`] and must no longer be used or mapped.
pub unsafe fn free(frame: u64) {
    assert!(frame.is_multiple_of(FRAME_SIZE) && frame != 0, "freeing bad frame {frame:#x}");
    let mut allocator = ALLOCATOR.lock();
    // SAFETY: the caller gives the frame back to us; we store the list link in it.
    unsafe { (phys_to_virt(frame) as *mut u64).write(allocator.free_list) };
    allocator.free_list = frame;
    FREE_FRAMES.fetch_add(1, Ordering::Relaxed);
}

/// The number of frames currently free.
pub fn free_frames() -> usize {
    FREE_FRAMES.load(Ordering::Relaxed)
}

/// Takes the top of the largest region out of the allocator, leaving at least
/// `keep` bytes for the kernel, aligned to 2 MiB: the memory granted to the root
/// task. Returns the physical range.
pub fn carve_grant(keep: u64) -> Option<(u64, u64)> {
    const HUGE: u64 = 2 * 1024 * 1024;
    let mut allocator = ALLOCATOR.lock();
    let count = allocator.region_count;
    let region = allocator.regions[..count].iter_mut().max_by_key(|r| r.end - r.next)?;
    let end = region.end & !(HUGE - 1);
    let start = (region.next + keep).next_multiple_of(HUGE);
    if start >= end {
        return None;
    }
    let frames = (region.end - start) / FRAME_SIZE;
    region.end = start;
    FREE_FRAMES.fetch_sub(frames as usize, Ordering::Relaxed);
    Some((start, end))
}
