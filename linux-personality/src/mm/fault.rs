//! The pager's questions: is this fault valid, and may the stack grow to cover it?
//!
//! Owns the classification of a user page fault against the VMA map (Linux's
//! `do_user_addr_fault` and `access_error` in `arch/x86/mm/fault.c`) and the downward growth of
//! grows-down stacks (`expand_downwards` in `mm/mmap.c`). A fault on a mapped page with the
//! right permission is the pager's to satisfy (zero page, file page, or copy-on-write); the two
//! failure kinds become SIGSEGV with `SEGV_MAPERR` or `SEGV_ACCERR` (sigaction(2)).

use super::vma::{Access, Vma};
use super::AddressSpaceMap;
use crate::layout::{page_down, MMAP_MIN_ADDR, PAGE_SIZE};

/// The gap Linux keeps free below a grows-down VMA (`stack_guard_gap`, 256 pages).
pub const STACK_GUARD_GAP: u64 = 256 * PAGE_SIZE;

/// Why a fault cannot be satisfied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// No VMA covers the address (`SEGV_MAPERR`).
    Unmapped,
    /// A VMA covers it but forbids the access (`SEGV_ACCERR`).
    Protection,
}

impl AddressSpaceMap {
    /// Check a fault at `address` for `access`: the VMA to satisfy it from, or why not.
    /// On `Unmapped`, the pager should try [`AddressSpaceMap::expand_stack`] and check again.
    pub fn fault_check(&self, address: u64, access: Access) -> Result<&Vma, FaultKind> {
        let vma = self.find(address).ok_or(FaultKind::Unmapped)?;
        if vma.allows(access) {
            Ok(vma)
        } else {
            Err(FaultKind::Protection)
        }
    }

    /// Grow the grows-down VMA just above `address` down to cover it, if the stack would stay
    /// within `stack_limit` bytes (`RLIMIT_STACK`) and keep `STACK_GUARD_GAP` above the mapping
    /// below it. Returns `Unmapped` when it cannot.
    pub fn expand_stack(&mut self, address: u64, stack_limit: u64) -> Result<(), FaultKind> {
        let new_start = page_down(address);
        if new_start < MMAP_MIN_ADDR {
            return Err(FaultKind::Unmapped);
        }
        let vma = match self.vmas.range(address..).next() {
            Some((_, vma)) if vma.grows_down && self.find(address).is_none() => vma,
            _ => return Err(FaultKind::Unmapped),
        };
        if vma.end - new_start > stack_limit {
            return Err(FaultKind::Unmapped);
        }
        // The previous VMA ends at or below `new_start`: `address` is unmapped and VMA ends
        // are page aligned.
        if let Some((_, prev)) = self.vmas.range(..address).next_back() {
            if !prev.grows_down && !prev.prot.is_empty() && new_start - prev.end < STACK_GUARD_GAP {
                return Err(FaultKind::Unmapped);
            }
        }
        let old_start = vma.start;
        if let Some(mut grown) = self.vmas.remove(&old_start) {
            grown.start = new_start;
            self.vmas.insert(new_start, grown);
        }
        Ok(())
    }
}
