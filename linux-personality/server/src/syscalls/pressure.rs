//! Heap pressure: the server's heap holds its own tables and every tmpfs page,
//! so a program that fills /tmp or creates objects without end would exhaust
//! it, and an allocation failure in the server is a panic that takes the
//! whole system down. Two guards keep a reserve free instead:
//!
//! - a write into a tmpfs file that would leave less than [`FILE_RESERVE`]
//!   free fails with ENOSPC (as a full tmpfs does on Linux);
//! - while less than [`CALL_RESERVE`] is free, every call but those that give
//!   memory back or end things (close, unlink, munmap, exit, wait, kill, ...:
//!   `UNDER_PRESSURE` in the table) fails with ENOMEM, so that programs can
//!   still clean up and die.
//!
//! The reserve bounds what one call may allocate in passing (a read copies at
//! most 16 MiB at a time).

use syscall_translation::Errno;

use super::table::CallFlags;

/// Free heap a tmpfs write must leave.
pub const FILE_RESERVE: usize = 48 << 20;
/// Free heap below which only releasing calls run.
pub const CALL_RESERVE: usize = 32 << 20;

pub fn heap_free() -> usize {
    crate::sys::heap_stats().1
}

/// ENOSPC if writing `len` bytes to a tmpfs file would eat into the reserve.
pub fn file_write_allowed(len: usize) -> Result<(), Errno> {
    if heap_free() < len.saturating_add(FILE_RESERVE) {
        return Err(Errno::ENOSPC);
    }
    Ok(())
}

/// ENOMEM for a call that may allocate while the heap is nearly exhausted:
/// one without [`CallFlags::UNDER_PRESSURE`] (the flag test comes first, so
/// the calls that always run never look at the heap).
#[inline]
pub fn call_allowed(flags: CallFlags) -> Result<(), Errno> {
    if flags.contains(CallFlags::UNDER_PRESSURE) || heap_free() >= CALL_RESERVE {
        Ok(())
    } else {
        Err(Errno::ENOMEM)
    }
}
