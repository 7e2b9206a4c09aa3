//! Host tests of the VMA map: one test per rule (`rules`), `/proc/PID/maps` lines checked against
//! this host's own (`maps`), and random operation sequences against a page-granular model
//! (`model`).

mod maps;
mod model;
mod rules;

use super::{AddressSpaceMap, Vma};
use crate::layout::{is_page_aligned, MMAP_MIN_ADDR, USER_END};
use std::vec::Vec;

/// Assert the invariants of `mm/README.md`.
pub fn check_invariants(map: &AddressSpaceMap) {
    let vmas: Vec<&Vma> = map.iter().collect();
    for (key, vma) in map.vmas.iter() {
        assert_eq!(*key, vma.start, "keyed by start");
    }
    for vma in &vmas {
        assert!(vma.start < vma.end, "non-empty: {vma:?}");
        assert!(is_page_aligned(vma.start) && is_page_aligned(vma.end), "aligned: {vma:?}");
        assert!(vma.start >= MMAP_MIN_ADDR && vma.end <= USER_END, "in user space: {vma:?}");
        if let Some(offset) = vma.file_offset_of(vma.start) {
            assert!(is_page_aligned(offset));
        }
    }
    for pair in vmas.windows(2) {
        assert!(pair[0].end <= pair[1].start, "sorted, disjoint: {pair:?}");
        assert!(!pair[0].can_merge_with(pair[1]), "merged: {pair:?}");
    }
    assert!(map.start_brk() <= map.current_brk());
}
