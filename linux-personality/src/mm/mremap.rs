//! mremap(2): grow, shrink or move a mapping.
//!
//! Owns Linux's rules (`mm/mremap.c`): shrinking unmaps the tail; growing extends in place when
//! the old range ends its VMA and the pages after it are free, else moves the mapping with
//! `MREMAP_MAYMOVE` (to a new top-down area, or to `new_addr` with `MREMAP_FIXED`), else fails
//! with ENOMEM. The old range must lie within one VMA (EFAULT). The caller performs the returned
//! [`Move`] by moving page-table entries; the grown part is faulted in lazily.
//! `MREMAP_DONTUNMAP` and the `old_len == 0` duplication of shared mappings are refused (EINVAL).
//! Unlike Linux, which unmaps the destination of `MREMAP_FIXED` before validating the source,
//! every check happens first, so a failed call changes nothing.

use alloc::vec::Vec;
use core::ops::Range;

use super::vma::Vma;
use super::AddressSpaceMap;
use crate::layout::{is_page_aligned, page_up, MMAP_MIN_ADDR, USER_END};
use syscall_translation::flags::MremapFlags;
use syscall_translation::Errno;

/// Page-table entries the caller must move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    /// Old start.
    pub from: u64,
    /// New start.
    pub to: u64,
    /// Bytes to move.
    pub len: u64,
}

/// The result of a successful mremap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remapped {
    /// Where the mapping now starts (the value mremap(2) returns).
    pub addr: u64,
    /// The move to perform, if the mapping moved.
    pub moved: Option<Move>,
    /// Ranges unmapped (a shrunk tail, or what `MREMAP_FIXED` replaced): free their frames.
    pub removed: Vec<Range<u64>>,
}

impl AddressSpaceMap {
    /// mremap(2) of `old .. old + old_len` to `new_len` bytes (`new_addr` is used only with
    /// `MREMAP_FIXED`).
    pub fn mremap(
        &mut self,
        old: u64,
        old_len: u64,
        new_len: u64,
        flags: MremapFlags,
        new_addr: u64,
    ) -> Result<Remapped, Errno> {
        let may_move = flags.contains(MremapFlags::MREMAP_MAYMOVE);
        let fixed = flags.contains(MremapFlags::MREMAP_FIXED);
        if !(MremapFlags::MREMAP_MAYMOVE | MremapFlags::MREMAP_FIXED).contains(flags)
            || (fixed && !may_move)
            || !is_page_aligned(old)
        {
            return Err(Errno::EINVAL);
        }
        let old_len = page_up(old_len).ok_or(Errno::EINVAL)?;
        let new_len = page_up(new_len).ok_or(Errno::EINVAL)?;
        if new_len == 0 || old_len == 0 {
            return Err(Errno::EINVAL);
        }
        let vma = self.find(old).ok_or(Errno::EFAULT)?;

        if fixed {
            if !is_page_aligned(new_addr) || new_len > USER_END || new_addr > USER_END - new_len {
                return Err(Errno::EINVAL);
            }
            if old.saturating_add(old_len) > new_addr && new_addr + new_len > old {
                return Err(Errno::EINVAL);
            }
            if new_addr < MMAP_MIN_ADDR {
                return Err(Errno::EPERM);
            }
            let moved_len = old_len.min(new_len);
            if moved_len > vma.end - old {
                return Err(Errno::EFAULT);
            }
            let part = vma.slice(old, old + moved_len);
            let mut removed = self.remove_range(new_addr, new_addr + new_len);
            if old_len > new_len {
                removed.extend(self.remove_range(old + new_len, old + old_len));
            }
            self.move_part(part, new_addr, new_len);
            let moved = Move { from: old, to: new_addr, len: moved_len };
            return Ok(Remapped { addr: new_addr, moved: Some(moved), removed });
        }

        if old_len >= new_len {
            let end = old.checked_add(old_len).filter(|&e| e <= USER_END).ok_or(Errno::EINVAL)?;
            let removed = self.remove_range(old + new_len, end);
            return Ok(Remapped { addr: old, moved: None, removed });
        }
        if old_len > vma.end - old {
            return Err(Errno::EFAULT);
        }
        let grown_end = old.checked_add(new_len).filter(|&e| e <= USER_END);
        if old + old_len == vma.end {
            if let Some(end) = grown_end {
                if !self.intersects(vma.end, end) {
                    let start = vma.start;
                    if let Some(v) = self.vmas.get_mut(&start) {
                        v.end = end;
                    }
                    self.merge_at(end);
                    return Ok(Remapped { addr: old, moved: None, removed: Vec::new() });
                }
            }
        }
        if !may_move {
            return Err(Errno::ENOMEM);
        }
        let part = vma.slice(old, old + old_len);
        let to = self.unmapped_area(0, new_len).ok_or(Errno::ENOMEM)?;
        self.move_part(part, to, new_len);
        Ok(Remapped {
            addr: to,
            moved: Some(Move { from: old, to, len: old_len }),
            removed: Vec::new(),
        })
    }

    /// Remove `part` from its old place and map it, `new_len` long, at `to` (which is free).
    fn move_part(&mut self, part: Vma, to: u64, new_len: u64) {
        let _ = self.remove_range(part.start, part.end);
        let mut moved = part;
        moved.start = to;
        moved.end = to + new_len;
        self.insert(moved);
    }
}
