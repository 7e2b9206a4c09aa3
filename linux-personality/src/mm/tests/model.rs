//! Random sequences of mmap, munmap, mprotect and brk against a page-granular model.
//!
//! The model is a `BTreeMap<page, (prot, is_heap)>`; each operation is applied to both, and after
//! each step the VMA map must describe exactly the model's pages and satisfy the invariants
//! (sorted, disjoint, aligned, merged). Operations stay in a 64-page window so that they collide
//! often; non-fixed mmaps may land anywhere, and the model checks that the chosen range was free.

use super::check_invariants;
use crate::layout::{page_up, PAGE_SIZE};
use crate::mm::{AddressSpaceMap, Backing};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::vec::Vec;
use syscall_translation::flags::{MapFlags, ProtFlags};
use syscall_translation::Errno;

const P: u64 = PAGE_SIZE;
const WINDOW: u64 = 0x100_0000;
const WINDOW_PAGES: u64 = 64;
const BRK_START: u64 = WINDOW + 8 * P;

#[derive(Clone, Debug)]
enum Op {
    MmapFixed { page: u64, pages: u64, prot: u32, noreplace: bool },
    Mmap { hint_page: Option<u64>, pages: u64, prot: u32 },
    Munmap { page: u64, pages: u64 },
    Mprotect { page: u64, pages: u64, prot: u32 },
    Brk { bytes: u64 },
}

fn op() -> impl Strategy<Value = Op> {
    let page = 0..WINDOW_PAGES;
    let pages = 1..10u64;
    let prot = 0..8u32;
    prop_oneof![
        3 => (page.clone(), pages.clone(), prot.clone(), any::<bool>())
            .prop_map(|(page, pages, prot, noreplace)| Op::MmapFixed { page, pages, prot, noreplace }),
        2 => (proptest::option::of(0..WINDOW_PAGES + 8), pages.clone(), prot.clone())
            .prop_map(|(hint_page, pages, prot)| Op::Mmap { hint_page, pages, prot }),
        2 => (page.clone(), pages.clone()).prop_map(|(page, pages)| Op::Munmap { page, pages }),
        2 => (page, pages, prot).prop_map(|(page, pages, prot)| Op::Mprotect { page, pages, prot }),
        2 => (0..40 * P).prop_map(|bytes| Op::Brk { bytes }),
    ]
}

/// The model: page number to (protection bits, belongs to the heap), plus the break.
struct Model {
    pages: BTreeMap<u64, (u32, bool)>,
    brk: u64,
}

impl Model {
    fn any_mapped(&self, start: u64, end: u64) -> bool {
        self.pages.range(start / P..end / P).next().is_some()
    }

    fn set(&mut self, start: u64, end: u64, value: (u32, bool)) {
        for page in start / P..end / P {
            self.pages.insert(page, value);
        }
    }

    fn clear(&mut self, start: u64, end: u64) {
        for page in start / P..end / P {
            self.pages.remove(&page);
        }
    }

    /// brk(2) on the model, written from the man page and `sys_brk` independently of `brk.rs`.
    fn brk(&mut self, requested: u64) {
        if requested < BRK_START {
            return;
        }
        let (new_end, old_end) = (page_up(requested).unwrap(), page_up(self.brk).unwrap());
        if new_end == old_end {
            self.brk = requested;
        } else if requested < self.brk {
            if self.any_mapped(new_end, old_end) {
                self.clear(new_end, old_end);
                self.brk = requested;
            }
        } else {
            let next = self.pages.range(old_end / P..).next().map(|(&p, _)| p * P);
            if next.is_none_or(|n| new_end + P <= n) {
                self.set(old_end, new_end, (3, true));
                self.brk = requested;
            }
        }
    }
}

fn agree(map: &AddressSpaceMap, model: &Model) {
    check_invariants(map);
    let mut pages = 0;
    for vma in map.iter() {
        let heap = vma.name.as_deref() == Some("[heap]");
        for page in vma.start / P..vma.end / P {
            assert_eq!(model.pages.get(&page), Some(&(vma.prot.bits(), heap)), "page {page:#x}");
            pages += 1;
        }
    }
    assert_eq!(pages, model.pages.len(), "the map has no page the model lacks");
    assert_eq!(map.current_brk(), model.brk);
}

fn run(ops: Vec<Op>) {
    let mut map = AddressSpaceMap::new(WINDOW + WINDOW_PAGES * P);
    map.set_brk_start(BRK_START);
    let mut model = Model { pages: BTreeMap::new(), brk: BRK_START };
    let anon = MapFlags::MAP_PRIVATE | MapFlags::MAP_ANONYMOUS;
    for op in ops {
        match op {
            Op::MmapFixed { page, pages, prot, noreplace } => {
                let (start, len) = (WINDOW + page * P, pages * P);
                let flags = anon
                    | if noreplace { MapFlags::MAP_FIXED_NOREPLACE } else { MapFlags::MAP_FIXED };
                let result = map.mmap(
                    start,
                    len,
                    ProtFlags::from_bits_retain(prot),
                    flags,
                    Backing::Anonymous,
                );
                if noreplace && model.any_mapped(start, start + len) {
                    assert_eq!(result, Err(Errno::EEXIST));
                } else {
                    let mapped = result.unwrap();
                    assert_eq!(mapped.addr, start);
                    let removed: u64 = mapped.removed.iter().map(|r| r.end - r.start).sum();
                    let expected = model.pages.range(start / P..(start + len) / P).count() as u64;
                    assert_eq!(removed, expected * P);
                    model.set(start, start + len, (prot, false));
                }
            }
            Op::Mmap { hint_page, pages, prot } => {
                let hint = hint_page.map_or(0, |p| WINDOW + p * P);
                let len = pages * P;
                let mapped = map
                    .mmap(hint, len, ProtFlags::from_bits_retain(prot), anon, Backing::Anonymous)
                    .unwrap();
                assert!(mapped.removed.is_empty());
                assert!(
                    !model.any_mapped(mapped.addr, mapped.addr + len),
                    "placed on a free range"
                );
                if hint != 0 && !model.any_mapped(hint, hint + len) {
                    assert_eq!(mapped.addr, hint, "a free hint is honoured");
                }
                model.set(mapped.addr, mapped.addr + len, (prot, false));
            }
            Op::Munmap { page, pages } => {
                let (start, len) = (WINDOW + page * P, pages * P);
                let removed = map.munmap(start, len).unwrap();
                let total: u64 = removed.iter().map(|r| r.end - r.start).sum();
                let expected = model.pages.range(start / P..(start + len) / P).count() as u64;
                assert_eq!(total, expected * P);
                model.clear(start, start + len);
            }
            Op::Mprotect { page, pages, prot } => {
                let (start, len) = (WINDOW + page * P, pages * P);
                let result = map.mprotect(start, len, ProtFlags::from_bits_retain(prot));
                let holes = (start / P..(start + len) / P).any(|p| !model.pages.contains_key(&p));
                if holes {
                    assert_eq!(result, Err(Errno::ENOMEM));
                } else {
                    result.unwrap();
                    for page in start / P..(start + len) / P {
                        model.pages.get_mut(&page).unwrap().0 = prot;
                    }
                }
            }
            Op::Brk { bytes } => {
                let requested = BRK_START + bytes - 4 * P;
                model.brk(requested);
                let out = map.brk(requested);
                assert_eq!(out.brk, model.brk);
            }
        }
        agree(&map, &model);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn vma_map_agrees_with_page_model(ops in proptest::collection::vec(op(), 1..40)) {
        run(ops);
    }
}
