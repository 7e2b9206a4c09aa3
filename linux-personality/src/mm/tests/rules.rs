//! One test per rule of mmap, munmap, mprotect, brk, mremap and the fault checks.

// Lists of removed ranges are compared as lists, even when they hold one range.
#![allow(clippy::single_range_in_vec_init)]

use super::check_invariants;
use crate::layout::{MMAP_MIN_ADDR, PAGE_SIZE, USER_END};
use crate::mm::{
    Access, AddressSpaceMap, Backing, FaultKind, FileId, Mapped, Move, Sharing, Vma,
    DEFAULT_MMAP_BASE, STACK_GUARD_GAP,
};
use alloc::sync::Arc;
use std::vec;
use std::vec::Vec;
use syscall_translation::flags::{MapFlags, MremapFlags, ProtFlags};
use syscall_translation::Errno;

const P: u64 = PAGE_SIZE;
const BASE: u64 = 0x7000_0000_0000;
const R: ProtFlags = ProtFlags::PROT_READ;
const RW: ProtFlags = ProtFlags::PROT_READ.union(ProtFlags::PROT_WRITE);
const RX: ProtFlags = ProtFlags::PROT_READ.union(ProtFlags::PROT_EXEC);

fn anon() -> MapFlags {
    MapFlags::MAP_PRIVATE | MapFlags::MAP_ANONYMOUS
}

fn fixed() -> MapFlags {
    anon() | MapFlags::MAP_FIXED
}

fn map() -> AddressSpaceMap {
    AddressSpaceMap::new(BASE)
}

fn file(offset: u64) -> Backing {
    Backing::File {
        file: FileId { dev_major: 8, dev_minor: 2, inode: 42 },
        offset,
        path: Arc::from("/bin/busybox"),
    }
}

fn ranges(m: &AddressSpaceMap) -> Vec<(u64, u64, ProtFlags)> {
    m.iter().map(|v| (v.start, v.end, v.prot)).collect()
}

fn mmap_at(m: &mut AddressSpaceMap, addr: u64, len: u64, prot: ProtFlags) -> Mapped {
    let mapped = m.mmap(addr, len, prot, fixed(), Backing::Anonymous).unwrap();
    check_invariants(m);
    mapped
}

#[test]
fn mmap_argument_errors() {
    let mut m = map();
    let e = |m: &mut AddressSpaceMap, hint, len, flags, backing| {
        m.mmap(hint, len, RW, flags, backing).unwrap_err()
    };
    assert_eq!(e(&mut m, 0, 0, anon(), Backing::Anonymous), Errno::EINVAL);
    assert_eq!(e(&mut m, 0, u64::MAX, anon(), Backing::Anonymous), Errno::ENOMEM);
    assert_eq!(e(&mut m, 0, USER_END, anon(), Backing::Anonymous), Errno::ENOMEM);
    assert_eq!(e(&mut m, BASE + 8, P, fixed(), Backing::Anonymous), Errno::EINVAL);
    assert_eq!(e(&mut m, 0x1000, P, fixed(), Backing::Anonymous), Errno::EPERM);
    assert_eq!(e(&mut m, USER_END, P, fixed(), Backing::Anonymous), Errno::ENOMEM);
    assert_eq!(e(&mut m, USER_END - P, 2 * P, fixed(), Backing::Anonymous), Errno::ENOMEM);
    assert_eq!(e(&mut m, 0, P, MapFlags::MAP_ANONYMOUS, Backing::Anonymous), Errno::EINVAL);
    assert_eq!(e(&mut m, 0, P, MapFlags::MAP_PRIVATE, file(12)), Errno::EINVAL);
    assert_eq!(
        e(&mut m, 0, 2 * P, MapFlags::MAP_PRIVATE, file(u64::MAX - 0xfff)),
        Errno::EOVERFLOW
    );
    let hugetlb = anon() | MapFlags::MAP_HUGETLB;
    assert_eq!(e(&mut m, 0, P, hugetlb, Backing::Anonymous), Errno::ENOMEM);
    let shared_stack = MapFlags::MAP_SHARED | MapFlags::MAP_ANONYMOUS | MapFlags::MAP_GROWSDOWN;
    assert_eq!(e(&mut m, 0, P, shared_stack, Backing::Anonymous), Errno::EINVAL);
    assert!(m.is_empty(), "failed calls change nothing");
    // The last user page is usable; the length is rounded up to pages.
    let last = mmap_at(&mut m, USER_END - P, 1, R);
    assert_eq!(last.addr, USER_END - P);
    assert_eq!(ranges(&m), [(USER_END - P, USER_END, R)]);
}

#[test]
fn mmap_is_top_down_below_mmap_base_and_merges() {
    let mut m = map();
    let a = m.mmap(0, 3 * P, RW, anon(), Backing::Anonymous).unwrap();
    assert_eq!(a, Mapped { addr: BASE - 3 * P, removed: vec![] });
    let b = m.mmap(0, 100, RW, anon(), Backing::Anonymous).unwrap();
    assert_eq!(b.addr, BASE - 4 * P);
    assert_eq!(ranges(&m), [(BASE - 4 * P, BASE, RW)], "compatible neighbours merge");
    let c = m.mmap(0, P, R, anon(), Backing::Anonymous).unwrap();
    assert_eq!(c.addr, BASE - 5 * P);
    assert_eq!(m.len(), 2, "different protection: no merge");
    check_invariants(&m);
}

#[test]
fn mmap_honours_a_free_hint() {
    let mut m = map();
    assert_eq!(m.mmap(0x1234_5000, P, RW, anon(), Backing::Anonymous).unwrap().addr, 0x1234_5000);
    // Unaligned hints are rounded down; a taken hint falls back to the search.
    assert_eq!(m.mmap(0x2000_0123, P, RW, anon(), Backing::Anonymous).unwrap().addr, 0x2000_0000);
    assert_eq!(m.mmap(0x1234_5000, P, RW, anon(), Backing::Anonymous).unwrap().addr, BASE - P);
    // A hint below mmap_min_addr is raised to it.
    assert_eq!(m.mmap(0x10, P, RW, anon(), Backing::Anonymous).unwrap().addr, MMAP_MIN_ADDR);
    // A hint whose range would pass the end of user space is ignored.
    assert_eq!(
        m.mmap(USER_END - P, 2 * P, R, anon(), Backing::Anonymous).unwrap().addr,
        BASE - 3 * P
    );
    check_invariants(&m);
}

#[test]
fn mmap_fixed_replaces_and_reports_removed_ranges() {
    let mut m = map();
    mmap_at(&mut m, BASE, 4 * P, RW);
    mmap_at(&mut m, BASE + 5 * P, 2 * P, R);
    let mapped = mmap_at(&mut m, BASE + 3 * P, 3 * P, RX);
    assert_eq!(mapped.removed, [BASE + 3 * P..BASE + 4 * P, BASE + 5 * P..BASE + 6 * P]);
    assert_eq!(
        ranges(&m),
        [
            (BASE, BASE + 3 * P, RW),
            (BASE + 3 * P, BASE + 6 * P, RX),
            (BASE + 6 * P, BASE + 7 * P, R)
        ]
    );
    // Replacing with the same attributes merges everything back.
    let mapped = mmap_at(&mut m, BASE + 3 * P, 4 * P, RW);
    assert_eq!(mapped.removed, [BASE + 3 * P..BASE + 7 * P]);
    assert_eq!(ranges(&m), [(BASE, BASE + 7 * P, RW)]);
}

#[test]
fn mmap_fixed_noreplace() {
    let mut m = map();
    mmap_at(&mut m, BASE, 2 * P, RW);
    let noreplace = anon() | MapFlags::MAP_FIXED_NOREPLACE;
    assert_eq!(m.mmap(BASE + P, 2 * P, R, noreplace, Backing::Anonymous), Err(Errno::EEXIST));
    assert_eq!(m.mmap(BASE - P, 2 * P, R, noreplace, Backing::Anonymous), Err(Errno::EEXIST));
    assert_eq!(
        m.mmap(BASE + 2 * P, P, R, noreplace, Backing::Anonymous).unwrap().addr,
        BASE + 2 * P
    );
    assert_eq!(m.mmap(BASE + 5, P, R, noreplace, Backing::Anonymous), Err(Errno::EINVAL));
    check_invariants(&m);
}

#[test]
fn mmap_enomem_when_full_and_bottom_up_fallback() {
    let mut m = AddressSpaceMap::new(0x100_0000);
    mmap_at(&mut m, MMAP_MIN_ADDR, 0x100_0000 - MMAP_MIN_ADDR, R);
    // Nothing below mmap_base: bottom-up above it.
    assert_eq!(m.mmap(0, P, RW, anon(), Backing::Anonymous).unwrap().addr, 0x100_0000);
    mmap_at(&mut m, 0x100_0000, USER_END - 0x100_0000, R);
    assert_eq!(m.mmap(0, P, RW, anon(), Backing::Anonymous), Err(Errno::ENOMEM));
    assert_eq!(m.len(), 1);
}

#[test]
fn search_keeps_the_stack_guard_gap() {
    let mut m = map();
    let stack_flags = anon() | MapFlags::MAP_GROWSDOWN | MapFlags::MAP_FIXED;
    m.mmap(BASE, 8 * P, RW, stack_flags, Backing::Anonymous).unwrap();
    let below = m.mmap(0, P, RW, anon(), Backing::Anonymous).unwrap().addr;
    assert_eq!(below, BASE - STACK_GUARD_GAP - P);
    // A hint inside the guard gap is not honoured.
    let hinted = m.mmap(BASE - 2 * P, P, RW, anon(), Backing::Anonymous).unwrap().addr;
    assert_ne!(hinted, BASE - 2 * P);
    check_invariants(&m);
}

#[test]
fn file_mappings_split_and_merge_by_offset() {
    let mut m = map();
    let flags = MapFlags::MAP_PRIVATE | MapFlags::MAP_FIXED;
    m.mmap(BASE, 2 * P, R, flags, file(0)).unwrap();
    m.mmap(BASE + 2 * P, 2 * P, R, flags, file(2 * P)).unwrap();
    assert_eq!(m.len(), 1, "contiguous offsets of the same file merge");
    m.mmap(BASE + 4 * P, P, R, flags, file(9 * P)).unwrap();
    assert_eq!(m.len(), 2, "a jump in the offset does not");
    m.mprotect(BASE + P, P, RX).unwrap();
    let offsets: Vec<u64> = m.iter().map(|v| v.file_offset_of(v.start).unwrap()).collect();
    assert_eq!(offsets, [0, P, 2 * P, 9 * P]);
    let shared = MapFlags::MAP_SHARED | MapFlags::MAP_FIXED;
    m.mmap(BASE + 5 * P, P, R, shared, file(10 * P)).unwrap();
    assert_eq!(m.find(BASE + 5 * P).unwrap().sharing, Sharing::Shared);
    assert_eq!(m.len(), 5, "private and shared do not merge");
    check_invariants(&m);
}

#[test]
fn munmap_splits_and_reports() {
    let mut m = map();
    mmap_at(&mut m, BASE, 10 * P, RW);
    assert_eq!(m.munmap(BASE + 2 * P, 3 * P).unwrap(), [BASE + 2 * P..BASE + 5 * P]);
    assert_eq!(ranges(&m), [(BASE, BASE + 2 * P, RW), (BASE + 5 * P, BASE + 10 * P, RW)]);
    // Across a hole and two VMAs; the length is rounded up.
    assert_eq!(
        m.munmap(BASE + P, 5 * P + 1).unwrap(),
        [BASE + P..BASE + 2 * P, BASE + 5 * P..BASE + 7 * P]
    );
    assert_eq!(m.munmap(BASE + 20 * P, P).unwrap(), [], "nothing mapped: success");
    assert_eq!(m.munmap(BASE + 1, P), Err(Errno::EINVAL));
    assert_eq!(m.munmap(BASE, 0), Err(Errno::EINVAL));
    assert_eq!(m.munmap(USER_END - P, 2 * P), Err(Errno::EINVAL));
    assert_eq!(m.munmap(!0xfff, P), Err(Errno::EINVAL));
    check_invariants(&m);
}

#[test]
fn mprotect_splits_merges_and_checks_holes() {
    let mut m = map();
    mmap_at(&mut m, BASE, 6 * P, RW);
    m.mprotect(BASE + 2 * P, 2 * P, R).unwrap();
    assert_eq!(
        ranges(&m),
        [
            (BASE, BASE + 2 * P, RW),
            (BASE + 2 * P, BASE + 4 * P, R),
            (BASE + 4 * P, BASE + 6 * P, RW)
        ]
    );
    m.mprotect(BASE + 2 * P, 2 * P, RW).unwrap();
    assert_eq!(ranges(&m), [(BASE, BASE + 6 * P, RW)], "merged back");
    m.munmap(BASE + 3 * P, P).unwrap();
    let before = m.clone();
    assert_eq!(m.mprotect(BASE, 6 * P, R), Err(Errno::ENOMEM), "hole");
    assert_eq!(m.mprotect(BASE + 8 * P, P, R), Err(Errno::ENOMEM), "unmapped");
    assert_eq!(m, before, "failed mprotect changes nothing");
    assert_eq!(m.mprotect(BASE + 1, P, R), Err(Errno::EINVAL));
    assert_eq!(m.mprotect(BASE, P, ProtFlags::from_bits_retain(0x10)), Err(Errno::EINVAL));
    assert_eq!(m.mprotect(BASE, u64::MAX, R), Err(Errno::ENOMEM));
    assert_eq!(m.mprotect(BASE + 3 * P, 0, R), Ok(()), "length 0 succeeds");
    // PROT_SEM is accepted and ignored; PROT_NONE is a protection like any other.
    m.mprotect(BASE, P, R | ProtFlags::PROT_SEM).unwrap();
    assert_eq!(m.find(BASE).unwrap().prot, R);
    m.mprotect(BASE, P, ProtFlags::empty()).unwrap();
    assert_eq!(m.find(BASE).unwrap().prot, ProtFlags::empty());
    check_invariants(&m);
}

#[test]
fn mprotect_growsdown() {
    let mut m = map();
    let stack_flags = anon() | MapFlags::MAP_GROWSDOWN | MapFlags::MAP_FIXED;
    m.mmap(BASE, 8 * P, RW, stack_flags, Backing::Anonymous).unwrap();
    m.mprotect(BASE + 6 * P, P, RW | ProtFlags::PROT_EXEC | ProtFlags::PROT_GROWSDOWN).unwrap();
    assert_eq!(
        ranges(&m),
        [(BASE, BASE + 7 * P, RW | ProtFlags::PROT_EXEC), (BASE + 7 * P, BASE + 8 * P, RW)]
    );
    mmap_at(&mut m, BASE - 0x10_0000, P, RW);
    assert_eq!(m.mprotect(BASE - 0x10_0000, P, R | ProtFlags::PROT_GROWSDOWN), Err(Errno::EINVAL));
    let both = ProtFlags::PROT_GROWSDOWN | ProtFlags::PROT_GROWSUP;
    assert_eq!(m.mprotect(BASE, P, R | both), Err(Errno::EINVAL));
    assert_eq!(m.mprotect(BASE, P, R | ProtFlags::PROT_GROWSUP), Err(Errno::EINVAL));
}

#[test]
fn brk_rules() {
    let mut m = AddressSpaceMap::new(DEFAULT_MMAP_BASE);
    let start = 0x60_0000;
    m.set_brk_start(start);
    assert_eq!(m.brk(0).brk, start, "brk(0) queries");
    assert_eq!(m.brk(start - P).brk, start, "below the start: unchanged");
    assert!(m.is_empty());
    // Growth within the same page maps nothing new... the first byte maps the first page.
    assert_eq!(m.brk(start + 10).brk, start + 10);
    assert_eq!(ranges(&m), [(start, start + P, RW)]);
    assert_eq!(m.find(start).unwrap().name.as_deref(), Some("[heap]"));
    assert_eq!(m.brk(start + 3 * P + 5).brk, start + 3 * P + 5);
    assert_eq!(ranges(&m), [(start, start + 4 * P, RW)]);
    // Shrink: pages past the new break are freed.
    let out = m.brk(start + P);
    assert_eq!(out.brk, start + P);
    assert_eq!(out.removed, [start + P..start + 4 * P]);
    assert_eq!(m.current_brk(), start + P);
    // Growth that would come within a page of another mapping is refused.
    mmap_at(&mut m, start + 4 * P, P, R);
    assert_eq!(m.brk(start + 3 * P + 1).brk, start + P);
    assert_eq!(m.brk(start + 3 * P).brk, start + 3 * P);
    assert_eq!(m.brk(start + 4 * P).brk, start + 3 * P);
    // Back to the start: the heap VMA disappears.
    let out = m.brk(start);
    assert_eq!((out.brk, out.removed), (start, vec![start..start + 3 * P]));
    assert_eq!(m.len(), 1);
    // Shrinking an unmapped heap is refused (Linux finds no brk VMA).
    m.brk(start + 2 * P);
    m.munmap(start, 2 * P).unwrap();
    assert_eq!(m.brk(start + P).brk, start + 2 * P);
    assert_eq!(m.brk(USER_END + P).brk, start + 2 * P, "beyond user space");
    check_invariants(&m);
}

#[test]
fn brk_next_to_a_stack_keeps_the_guard_gap() {
    let mut m = map();
    m.set_brk_start(BASE);
    let stack_flags = anon() | MapFlags::MAP_GROWSDOWN | MapFlags::MAP_FIXED;
    m.mmap(BASE + STACK_GUARD_GAP + 2 * P, P, RW, stack_flags, Backing::Anonymous).unwrap();
    assert_eq!(m.brk(BASE + P).brk, BASE + P);
    assert_eq!(m.brk(BASE + 2 * P).brk, BASE + P);
}

#[test]
fn unset_brk_maps_nothing_below_mmap_min_addr() {
    let mut m = map();
    assert_eq!(m.brk(0x5000).brk, 0);
    assert!(m.is_empty());
}

#[test]
fn mremap_shrink_and_grow_in_place() {
    let mut m = map();
    mmap_at(&mut m, BASE, 4 * P, RW);
    let r = m.mremap(BASE, 4 * P, 2 * P, MremapFlags::empty(), 0).unwrap();
    assert_eq!((r.addr, r.moved, r.removed), (BASE, None, vec![BASE + 2 * P..BASE + 4 * P]));
    let r = m.mremap(BASE, 2 * P, 5 * P, MremapFlags::empty(), 0).unwrap();
    assert_eq!((r.addr, r.moved), (BASE, None));
    assert_eq!(ranges(&m), [(BASE, BASE + 5 * P, RW)]);
    // In place only when the old range ends its VMA.
    mmap_at(&mut m, BASE + 6 * P, P, R);
    assert_eq!(m.mremap(BASE, 5 * P, 7 * P, MremapFlags::empty(), 0), Err(Errno::ENOMEM));
    assert_eq!(m.mremap(BASE, 2 * P, 3 * P, MremapFlags::empty(), 0), Err(Errno::ENOMEM));
    assert_eq!(m.mremap(BASE, 5 * P, 6 * P, MremapFlags::empty(), 0).unwrap().addr, BASE);
    check_invariants(&m);
}

#[test]
fn mremap_maymove_moves() {
    let mut m = map();
    let flags = MapFlags::MAP_PRIVATE | MapFlags::MAP_FIXED;
    m.mmap(BASE, 2 * P, R, flags, file(4 * P)).unwrap();
    mmap_at(&mut m, BASE + 2 * P, P, RW);
    let r = m.mremap(BASE, 2 * P, 4 * P, MremapFlags::MREMAP_MAYMOVE, 0).unwrap();
    let to = r.addr;
    assert_ne!(to, BASE);
    assert_eq!(r.moved, Some(Move { from: BASE, to, len: 2 * P }));
    assert!(m.find(BASE).is_none());
    let moved = m.find(to).unwrap();
    assert_eq!((moved.start, moved.end, moved.file_offset_of(to)), (to, to + 4 * P, Some(4 * P)));
    check_invariants(&m);
}

#[test]
fn mremap_fixed() {
    let mut m = map();
    mmap_at(&mut m, BASE, 4 * P, RW);
    mmap_at(&mut m, BASE + 10 * P, 4 * P, R);
    let flags = MremapFlags::MREMAP_MAYMOVE | MremapFlags::MREMAP_FIXED;
    let r = m.mremap(BASE + P, 2 * P, P, flags, BASE + 11 * P).unwrap();
    assert_eq!(r.addr, BASE + 11 * P);
    assert_eq!(r.moved, Some(Move { from: BASE + P, to: BASE + 11 * P, len: P }));
    assert_eq!(r.removed, [BASE + 11 * P..BASE + 12 * P, BASE + 2 * P..BASE + 3 * P]);
    assert_eq!(
        ranges(&m),
        [
            (BASE, BASE + P, RW),
            (BASE + 3 * P, BASE + 4 * P, RW),
            (BASE + 10 * P, BASE + 11 * P, R),
            (BASE + 11 * P, BASE + 12 * P, RW),
            (BASE + 12 * P, BASE + 14 * P, R)
        ]
    );
    assert_eq!(m.mremap(BASE, P, P, MremapFlags::MREMAP_FIXED, BASE + 20 * P), Err(Errno::EINVAL));
    assert_eq!(m.mremap(BASE, P, 2 * P, flags, BASE - P), Err(Errno::EINVAL), "overlap");
    assert_eq!(m.mremap(BASE, P, P, flags, BASE + 20 * P + 1), Err(Errno::EINVAL));
    assert_eq!(m.mremap(BASE, P, P, flags, 0x1000), Err(Errno::EPERM));
    check_invariants(&m);
}

#[test]
fn mremap_errors() {
    let mut m = map();
    mmap_at(&mut m, BASE, 2 * P, RW);
    let before = m.clone();
    let none = MremapFlags::empty();
    let maymove = MremapFlags::MREMAP_MAYMOVE;
    assert_eq!(m.mremap(BASE + 1, P, P, none, 0), Err(Errno::EINVAL));
    assert_eq!(m.mremap(BASE, P, 0, none, 0), Err(Errno::EINVAL));
    assert_eq!(m.mremap(BASE, 0, P, maymove, 0), Err(Errno::EINVAL));
    assert_eq!(
        m.mremap(BASE, P, P, MremapFlags::MREMAP_DONTUNMAP | maymove, 0),
        Err(Errno::EINVAL)
    );
    assert_eq!(m.mremap(BASE + 8 * P, P, 2 * P, maymove, 0), Err(Errno::EFAULT));
    assert_eq!(m.mremap(BASE, 3 * P, 4 * P, maymove, 0), Err(Errno::EFAULT), "past the VMA");
    assert_eq!(m, before);
}

#[test]
fn fault_checks() {
    let mut m = map();
    mmap_at(&mut m, BASE, P, ProtFlags::empty());
    mmap_at(&mut m, BASE + P, P, R);
    mmap_at(&mut m, BASE + 2 * P, P, RW);
    mmap_at(&mut m, BASE + 3 * P, P, RX);
    mmap_at(&mut m, BASE + 4 * P, P, ProtFlags::PROT_WRITE);
    use Access::*;
    let check = |addr: u64, access| m.fault_check(addr, access).map(|v| v.start);
    assert_eq!(check(BASE - 1, Read), Err(FaultKind::Unmapped));
    assert_eq!(check(BASE + 5 * P, Read), Err(FaultKind::Unmapped));
    assert_eq!(check(BASE + 10, Read), Err(FaultKind::Protection));
    assert_eq!(check(BASE + P, Read), Ok(BASE + P));
    assert_eq!(check(BASE + P, Write), Err(FaultKind::Protection));
    assert_eq!(check(BASE + P, Exec), Err(FaultKind::Protection));
    assert_eq!(check(BASE + 2 * P + 4095, Write), Ok(BASE + 2 * P));
    assert_eq!(check(BASE + 2 * P, Exec), Err(FaultKind::Protection));
    assert_eq!(check(BASE + 3 * P, Exec), Ok(BASE + 3 * P));
    assert_eq!(check(BASE + 4 * P, Read), Ok(BASE + 4 * P), "x86: writable implies readable");
    assert_eq!(m.find(BASE + 3 * P + 7).map(|v| v.prot), Some(RX));
    assert_eq!(m.find(BASE + 6 * P), None);
}

#[test]
fn stack_expansion() {
    let mut m = map();
    let top = BASE + 0x100_0000;
    let mut stack = Vma::anonymous(top - 4 * P, top, RW);
    stack.grows_down = true;
    stack.name = Some(Arc::from("[stack]"));
    m.insert(stack);
    assert_eq!(m.fault_check(top - 5 * P, Access::Write).unwrap_err(), FaultKind::Unmapped);
    m.expand_stack(top - 5 * P - 8, 8 << 20).unwrap();
    assert_eq!(m.fault_check(top - 6 * P, Access::Write).unwrap().start, top - 6 * P);
    assert_eq!(m.len(), 1);
    // Beyond the stack limit.
    assert_eq!(m.expand_stack(top - (8 << 20) - 1, 8 << 20), Err(FaultKind::Unmapped));
    // Keeping the guard gap above the mapping below.
    mmap_at(&mut m, top - 11 * P - STACK_GUARD_GAP, P, RW);
    assert_eq!(m.expand_stack(top - 10 * P - 1, 8 << 20), Err(FaultKind::Unmapped));
    m.expand_stack(top - 10 * P, 8 << 20).unwrap();
    assert_eq!(m.find(top - 10 * P).unwrap().end, top);
    // Not below a VMA that does not grow down, nor inside a mapped VMA.
    assert_eq!(m.expand_stack(BASE - P, 8 << 20), Err(FaultKind::Unmapped));
    assert_eq!(m.expand_stack(top - P, 8 << 20), Err(FaultKind::Unmapped));
    check_invariants(&m);
}
