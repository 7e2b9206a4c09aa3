//! brk(2): the program break and the `[heap]` VMA.
//!
//! Owns the break (`start_brk`, `brk`) and Linux's rules for moving it (`sys_brk` in
//! `mm/mmap.c`): a request below `start_brk` changes nothing; shrinking is always allowed (while
//! the heap is still mapped) and unmaps the freed pages; growing is refused if the new heap, plus
//! one page, would reach the next mapping (or the guard gap below a stack). Like the system call,
//! `brk` never fails: it returns the new break, or the old one when the request is refused, and
//! the C library compares. `RLIMIT_DATA` is the caller's to check.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::ops::Range;

use super::vma::Vma;
use super::{gap_start, AddressSpaceMap};
use crate::layout::{page_up, MMAP_MIN_ADDR, PAGE_SIZE, USER_END};
use syscall_translation::flags::ProtFlags;

/// The result of brk(2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrkOutcome {
    /// The break after the call (the value brk(2) returns).
    pub brk: u64,
    /// Ranges unmapped by a shrinking break: free their frames.
    pub removed: Vec<Range<u64>>,
}

impl AddressSpaceMap {
    /// Set the initial break (exec: the page-aligned end of the highest segment).
    pub fn set_brk_start(&mut self, start: u64) {
        self.start_brk = start;
        self.brk = start;
    }

    /// The start of the heap (`start_brk`).
    pub fn start_brk(&self) -> u64 {
        self.start_brk
    }

    /// The current break.
    pub fn current_brk(&self) -> u64 {
        self.brk
    }

    /// brk(2): move the break to `requested`, returning the break after the call.
    pub fn brk(&mut self, requested: u64) -> BrkOutcome {
        let unchanged = BrkOutcome { brk: self.brk, removed: Vec::new() };
        if requested < self.start_brk || requested > USER_END {
            return unchanged;
        }
        let (Some(new_end), Some(old_end)) = (page_up(requested), page_up(self.brk)) else {
            return unchanged;
        };
        if new_end == old_end {
            self.brk = requested;
            return BrkOutcome { brk: requested, removed: Vec::new() };
        }
        if requested <= self.brk {
            if !self.intersects(new_end, old_end) {
                return unchanged;
            }
            self.brk = requested;
            let removed = self.remove_range(new_end, old_end);
            return BrkOutcome { brk: requested, removed };
        }
        if old_end < MMAP_MIN_ADDR {
            return unchanged;
        }
        if let Some(next) = self.first_ending_above(old_end) {
            if new_end + PAGE_SIZE > gap_start(next) {
                return unchanged;
            }
        }
        let mut heap =
            Vma::anonymous(old_end, new_end, ProtFlags::PROT_READ | ProtFlags::PROT_WRITE);
        heap.name = Some(Arc::from("[heap]"));
        self.insert(heap);
        self.brk = requested;
        BrkOutcome { brk: requested, removed: Vec::new() }
    }
}
