//! The per-process virtual memory map: Linux's VMA list as pure logic.
//!
//! Owns [`AddressSpaceMap`], the set of [`Vma`]s of one process plus its program break, and the
//! rules of mmap(2), munmap(2), mprotect(2), brk(2) and mremap(2) over it. It never touches page
//! tables or frames: operations return what the caller must do (ranges to free, mappings to
//! move), so every rule is tested on the host. See `README.md` beside this file for the model and
//! its invariants; the operations live in `mmap.rs` (mmap, munmap, mprotect), `brk.rs`,
//! `mremap.rs` and `fault.rs` (the pager's checks and stack growth).
//!
//! Invariants (after every public call): VMAs are non-empty, page aligned, inside
//! `MMAP_MIN_ADDR .. USER_END`, pairwise disjoint, keyed by their start, and no two neighbours
//! are mergeable; a failed call changes nothing.

#![forbid(unsafe_code)]

mod brk;
mod fault;
mod mmap;
mod mremap;
#[cfg(test)]
mod tests;
mod vma;

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::ops::Range;

use crate::layout::{MMAP_MIN_ADDR, PAGE_SIZE, USER_END};

pub use brk::BrkOutcome;
pub use fault::{FaultKind, STACK_GUARD_GAP};
pub use mmap::Mapped;
pub use mremap::{Move, Remapped};
pub use vma::{maps_line, Access, Backing, FileId, Sharing, Vma};

/// The default top of the mmap area: Linux's `mmap_base` is `TASK_SIZE` minus a gap for the stack
/// (the stack rlimit, clamped to at least 128 MiB) and a random offset. This is the value without
/// randomisation for an 8 MiB stack rlimit.
pub const DEFAULT_MMAP_BASE: u64 = USER_END - (128 << 20) - PAGE_SIZE;

/// The virtual memory map of one process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressSpaceMap {
    vmas: BTreeMap<u64, Vma>,
    mmap_base: u64,
    start_brk: u64,
    brk: u64,
}

impl AddressSpaceMap {
    /// An empty map whose top-down mmap search starts below `mmap_base` (page aligned).
    pub fn new(mmap_base: u64) -> AddressSpaceMap {
        debug_assert!(crate::layout::is_page_aligned(mmap_base));
        AddressSpaceMap {
            vmas: BTreeMap::new(),
            mmap_base: mmap_base.clamp(MMAP_MIN_ADDR, USER_END),
            start_brk: 0,
            brk: 0,
        }
    }

    /// Where the top-down mmap search starts.
    pub fn mmap_base(&self) -> u64 {
        self.mmap_base
    }

    /// The VMAs in address order.
    pub fn iter(&self) -> impl Iterator<Item = &Vma> + '_ {
        self.vmas.values()
    }

    /// Number of VMAs.
    pub fn len(&self) -> usize {
        self.vmas.len()
    }

    /// Whether nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.vmas.is_empty()
    }

    /// The VMA containing `address`.
    pub fn find(&self, address: u64) -> Option<&Vma> {
        self.vmas.range(..=address).next_back().map(|(_, vma)| vma).filter(|v| v.contains(address))
    }

    /// The first VMA that ends above `address` (Linux's `find_vma`).
    fn first_ending_above(&self, address: u64) -> Option<&Vma> {
        if let Some(vma) = self.find(address) {
            return Some(vma);
        }
        self.vmas.range(address..).next().map(|(_, vma)| vma)
    }

    /// Whether any VMA intersects `start .. end`.
    pub fn intersects(&self, start: u64, end: u64) -> bool {
        self.first_ending_above(start).is_some_and(|vma| vma.start < end)
    }

    /// Whether `start .. end` is entirely covered by VMAs, with no hole.
    pub fn is_fully_mapped(&self, start: u64, end: u64) -> bool {
        let mut at = start;
        while at < end {
            match self.find(at) {
                Some(vma) => at = vma.end,
                None => return false,
            }
        }
        true
    }

    /// Insert a VMA exactly as given (it must not overlap anything), then merge it with
    /// compatible neighbours. This is also how the server builds the initial image from a load
    /// plan and the stack.
    pub fn insert(&mut self, vma: Vma) {
        debug_assert!(!vma.is_empty() && !self.intersects(vma.start, vma.end));
        let (start, end) = (vma.start, vma.end);
        self.vmas.insert(start, vma);
        self.merge_at(end);
        self.merge_at(start);
    }

    /// Merge the VMA ending at `boundary` with the one starting there, if compatible.
    fn merge_at(&mut self, boundary: u64) {
        let Some(next) = self.vmas.get(&boundary) else { return };
        let Some((_, prev)) = self.vmas.range(..boundary).next_back() else { return };
        if prev.can_merge_with(next) {
            let next_end = next.end;
            let prev_start = prev.start;
            self.vmas.remove(&boundary);
            if let Some(prev) = self.vmas.get_mut(&prev_start) {
                prev.end = next_end;
            }
        }
    }

    /// Split the VMA containing `address` so that a VMA boundary falls there.
    fn split_at(&mut self, address: u64) {
        let Some(vma) = self.find(address) else { return };
        if vma.start == address {
            return;
        }
        let (low, high) = (vma.slice(vma.start, address), vma.slice(address, vma.end));
        self.vmas.insert(low.start, low);
        self.vmas.insert(high.start, high);
    }

    /// Remove everything in `start .. end` (page aligned), returning the removed ranges in order,
    /// adjacent ones coalesced.
    fn remove_range(&mut self, start: u64, end: u64) -> Vec<Range<u64>> {
        self.split_at(start);
        self.split_at(end);
        let keys: Vec<u64> = self.vmas.range(start..end).map(|(&k, _)| k).collect();
        let mut removed: Vec<Range<u64>> = Vec::new();
        for key in keys {
            if let Some(vma) = self.vmas.remove(&key) {
                match removed.last_mut() {
                    Some(last) if last.end == vma.start => last.end = vma.end,
                    _ => removed.push(vma.start..vma.end),
                }
            }
        }
        removed
    }

    /// Apply `change` to every VMA within `start .. end` (which must be fully mapped), splitting
    /// at the ends, then merge what became compatible.
    fn modify_range(&mut self, start: u64, end: u64, mut change: impl FnMut(&mut Vma)) {
        self.split_at(start);
        self.split_at(end);
        for (_, vma) in self.vmas.range_mut(start..end) {
            change(vma);
        }
        let keys: Vec<u64> = self.vmas.range(start..=end).map(|(&k, _)| k).collect();
        for key in keys.into_iter().rev() {
            self.merge_at(key);
        }
    }

    /// The highest free gap of `len` bytes inside `low .. high`, top-down, as Linux's
    /// `unmapped_area_topdown` finds it (leaving `STACK_GUARD_GAP` below grows-down VMAs).
    fn find_gap_top_down(&self, len: u64, low: u64, high: u64) -> Option<u64> {
        // A grows-down VMA just above the window keeps its guard gap free too.
        let mut ceiling =
            self.vmas.range(high..).next().map_or(high, |(_, v)| gap_start(v).min(high));
        // Walk the VMAs from the top of the window down; each gap is (previous end, ceiling).
        let mut iter = self.vmas.range(..high).rev().peekable();
        loop {
            let (floor, next_ceiling) = match iter.next() {
                Some((_, vma)) => (vma.end.max(low), Some(gap_start(vma))),
                None => (low, None),
            };
            if ceiling >= floor && ceiling - floor >= len {
                return Some(ceiling - len);
            }
            match next_ceiling {
                Some(c) if c > low => ceiling = ceiling.min(c),
                _ => return None,
            }
        }
    }

    /// The lowest free gap of `len` bytes inside `low .. high`, bottom-up (Linux's fallback when
    /// the top-down search fails).
    fn find_gap_bottom_up(&self, len: u64, low: u64, high: u64) -> Option<u64> {
        let mut floor = low;
        for vma in self.vmas.values() {
            if vma.end <= floor {
                continue;
            }
            let ceiling = gap_start(vma).min(high);
            if ceiling >= floor && ceiling - floor >= len {
                return Some(floor);
            }
            floor = floor.max(vma.end);
            if floor >= high {
                return None;
            }
        }
        (high >= floor && high - floor >= len).then_some(floor)
    }

    /// Where a new mapping of `len` bytes goes when the caller did not fix it: the hint if that
    /// range is free, else top-down below `mmap_base`, else bottom-up above it.
    fn unmapped_area(&self, hint: u64, len: u64) -> Option<u64> {
        if len > USER_END - MMAP_MIN_ADDR {
            return None;
        }
        if hint != 0 {
            let hint = crate::layout::page_down(hint).max(MMAP_MIN_ADDR);
            if hint <= USER_END - len && self.range_is_free_with_guard(hint, hint + len) {
                return Some(hint);
            }
        }
        self.find_gap_top_down(len, MMAP_MIN_ADDR, self.mmap_base)
            .or_else(|| self.find_gap_bottom_up(len, self.mmap_base, USER_END))
    }

    /// Whether `start .. end` is free, keeping the guard gap below grows-down VMAs.
    fn range_is_free_with_guard(&self, start: u64, end: u64) -> bool {
        match self.first_ending_above(start) {
            None => true,
            Some(vma) => vma.start >= end && gap_start(vma) >= end,
        }
    }
}

/// Where the free gap below `vma` ends: its start, minus the guard gap for a grows-down VMA
/// (Linux's `vm_start_gap`).
fn gap_start(vma: &Vma) -> u64 {
    if vma.grows_down {
        vma.start.saturating_sub(STACK_GUARD_GAP)
    } else {
        vma.start
    }
}
