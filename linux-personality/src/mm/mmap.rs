//! mmap(2), munmap(2) and mprotect(2) over the VMA map.
//!
//! Owns the argument rules and errno of the three calls, in the order Linux checks them
//! (`do_mmap` in `mm/mmap.c`, `do_vmi_munmap` in `mm/vma.c`, `do_mprotect_pkey` in
//! `mm/mprotect.c`). Every check happens before the map changes, so a failed call changes nothing.
//! Not modelled here (the caller's business): file permissions (EACCES), `RLIMIT_AS`, locking,
//! and the count of VMAs (`vm.max_map_count`).

use alloc::vec::Vec;
use core::ops::Range;

use super::vma::{Backing, Sharing, Vma};
use super::AddressSpaceMap;
use crate::layout::{is_page_aligned, page_up, MMAP_MIN_ADDR, USER_END};
use syscall_translation::flags::{MapFlags, MapType, ProtFlags};
use syscall_translation::Errno;

/// The protection bits a VMA keeps.
pub(super) const VMA_PROT: ProtFlags =
    ProtFlags::PROT_READ.union(ProtFlags::PROT_WRITE).union(ProtFlags::PROT_EXEC);

/// The result of a successful mmap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapped {
    /// Where the mapping starts.
    pub addr: u64,
    /// Ranges that were mapped before and have been replaced (`MAP_FIXED`): free their frames.
    pub removed: Vec<Range<u64>>,
}

impl AddressSpaceMap {
    /// mmap(2): map `len` bytes with `prot` and `flags`, backed by `backing`, at `hint` (a
    /// requirement with `MAP_FIXED` or `MAP_FIXED_NOREPLACE`, else a preference).
    pub fn mmap(
        &mut self,
        hint: u64,
        len: u64,
        prot: ProtFlags,
        flags: MapFlags,
        backing: Backing,
    ) -> Result<Mapped, Errno> {
        if let Backing::File { offset, .. } = &backing {
            if !is_page_aligned(*offset) {
                return Err(Errno::EINVAL);
            }
        }
        if len == 0 {
            return Err(Errno::EINVAL);
        }
        let len = page_up(len).ok_or(Errno::ENOMEM)?;
        if let Backing::File { offset, .. } = &backing {
            if offset.checked_add(len).is_none() {
                return Err(Errno::EOVERFLOW);
            }
        }
        let sharing = match flags.map_type() {
            Some(MapType::Shared | MapType::SharedValidate) => Sharing::Shared,
            Some(MapType::Private) => Sharing::Private,
            None => return Err(Errno::EINVAL),
        };
        if flags.contains(MapFlags::MAP_HUGETLB) {
            // No huge pages are reserved: what Linux answers without hugetlbfs pages.
            return Err(Errno::ENOMEM);
        }
        let grows_down = flags.contains(MapFlags::MAP_GROWSDOWN);
        if grows_down && (sharing == Sharing::Shared || backing != Backing::Anonymous) {
            return Err(Errno::EINVAL);
        }
        let fixed = flags.intersects(MapFlags::MAP_FIXED | MapFlags::MAP_FIXED_NOREPLACE);
        let addr = if fixed {
            if len > USER_END || hint > USER_END - len {
                return Err(Errno::ENOMEM);
            }
            if !is_page_aligned(hint) {
                return Err(Errno::EINVAL);
            }
            if hint < MMAP_MIN_ADDR {
                return Err(Errno::EPERM);
            }
            if flags.contains(MapFlags::MAP_FIXED_NOREPLACE) && self.intersects(hint, hint + len) {
                return Err(Errno::EEXIST);
            }
            hint
        } else {
            self.unmapped_area(hint, len).ok_or(Errno::ENOMEM)?
        };

        let removed = if fixed { self.remove_range(addr, addr + len) } else { Vec::new() };
        self.insert(Vma {
            start: addr,
            end: addr + len,
            prot: prot & VMA_PROT,
            sharing,
            backing,
            grows_down,
            name: None,
        });
        Ok(Mapped { addr, removed })
    }

    /// munmap(2): unmap `addr .. addr + len` (rounded up to pages); unmapping nothing is not an
    /// error. Returns the ranges that were mapped: free their frames.
    pub fn munmap(&mut self, addr: u64, len: u64) -> Result<Vec<Range<u64>>, Errno> {
        if !is_page_aligned(addr) || addr > USER_END || len > USER_END - addr || len == 0 {
            return Err(Errno::EINVAL);
        }
        let end = page_up(addr + len).ok_or(Errno::EINVAL)?;
        Ok(self.remove_range(addr, end))
    }

    /// mprotect(2): set the protection of `addr .. addr + len`, which must be entirely mapped.
    pub fn mprotect(&mut self, addr: u64, len: u64, prot: ProtFlags) -> Result<(), Errno> {
        if !is_page_aligned(addr) {
            return Err(Errno::EINVAL);
        }
        if len == 0 {
            return Ok(());
        }
        let end = addr.checked_add(len).and_then(page_up).ok_or(Errno::ENOMEM)?;
        let grows = ProtFlags::PROT_GROWSDOWN | ProtFlags::PROT_GROWSUP;
        if !(VMA_PROT | ProtFlags::PROT_SEM | grows).contains(prot)
            || prot.contains(grows)
            || prot.contains(ProtFlags::PROT_GROWSUP)
        {
            return Err(Errno::EINVAL);
        }
        let mut start = addr;
        if prot.contains(ProtFlags::PROT_GROWSDOWN) {
            let vma = self.first_ending_above(addr).ok_or(Errno::ENOMEM)?;
            if vma.start >= end {
                return Err(Errno::ENOMEM);
            }
            if !vma.grows_down {
                return Err(Errno::EINVAL);
            }
            start = vma.start;
        }
        if !self.is_fully_mapped(start, end) {
            return Err(Errno::ENOMEM);
        }
        let prot = prot & VMA_PROT;
        self.modify_range(start, end, |vma| vma.prot = prot);
        Ok(())
    }
}
