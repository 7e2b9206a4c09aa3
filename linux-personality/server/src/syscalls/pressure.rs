//! Heap pressure: the server's heap holds its own tables and every tmpfs page,
//! so a program that fills /tmp or creates objects without end would exhaust
//! it, and an allocation failure in the server is a panic that takes the
//! whole system down. Two guards keep a reserve free instead:
//!
//! - a write into a tmpfs file that would leave less than [`FILE_RESERVE`]
//!   free fails with ENOSPC (as a full tmpfs does on Linux);
//! - while less than [`CALL_RESERVE`] is free, every call but those that give
//!   memory back or end things (close, unlink, munmap, exit, wait, kill, ...)
//!   fails with ENOMEM, so that programs can still clean up and die.
//!
//! The reserve bounds what one call may allocate in passing (a read copies at
//! most 16 MiB at a time).

use syscall_translation::{Errno, Sysno};

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

/// ENOMEM for a call that may allocate while the heap is nearly exhausted.
pub fn call_allowed(nr: u64) -> Result<(), Errno> {
    if heap_free() >= CALL_RESERVE {
        return Ok(());
    }
    use Sysno as S;
    let releasing = Sysno::new(nr).is_some_and(|s| {
        matches!(
            s,
            S::close
                | S::close_range
                | S::munmap
                | S::unlink
                | S::unlinkat
                | S::rmdir
                | S::ftruncate
                | S::truncate
                | S::exit
                | S::exit_group
                | S::wait4
                | S::waitid
                | S::kill
                | S::write
                | S::getpid
                | S::rt_sigprocmask
                | S::rt_sigreturn
                | S::madvise
        )
    });
    if releasing {
        Ok(())
    } else {
        Err(Errno::ENOMEM)
    }
}
