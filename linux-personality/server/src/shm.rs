//! Shared anonymous memory: `mmap(MAP_SHARED | MAP_ANONYMOUS)`.
//!
//! Each such mapping creates an object, shown in `/proc/PID/maps` as Linux
//! shows it (`/dev/zero (deleted)`, a shmem inode): its VMA is backed by the
//! object as by a file ([`Backing::File`] with [`DEV_MINOR`]), so splitting,
//! mremap and fork carry the offset into it. The object's pages are frames it
//! owns (`Frames::shm_page`); every process that faults a page in maps that
//! same frame, writable where the mapping is, and never copies it on write.
//! An object lives while some VMA names it: when a mapping goes (munmap,
//! exec, exit) [`Shm::unmapped`] is set and the server frees the pages of
//! objects no process maps any more (`syscalls::collect_shm`).

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::sync::Arc;

use linux_personality::mm::{Backing, FileId, Sharing, Vma};

/// The device minor of shared-memory objects' VMAs (major 0): an anonymous
/// device, apart from the files' (0:1), so object ids never meet inode numbers.
pub const DEV_MINOR: u32 = 4;

#[derive(Default)]
pub struct Shm {
    next: u64,
    /// (object, page offset) -> frame.
    pub pages: BTreeMap<(u64, u64), u64>,
    /// The frames of `pages`.
    pub frames: BTreeSet<u64>,
    /// A VMA of an object was removed somewhere: look for dead objects.
    pub unmapped: bool,
}

impl Shm {
    /// The backing of a new shared anonymous mapping.
    pub fn create(&mut self) -> Backing {
        self.next += 1;
        Backing::File {
            file: FileId { dev_major: 0, dev_minor: DEV_MINOR, inode: self.next },
            offset: 0,
            path: Arc::from("/dev/zero (deleted)"),
        }
    }
}

/// The object and page offset behind `va` if `vma` is shared anonymous memory.
pub fn page_of(vma: &Vma, va: u64) -> Option<(u64, u64)> {
    match &vma.backing {
        Backing::File { file, offset, .. }
            if file.dev_major == 0
                && file.dev_minor == DEV_MINOR
                && vma.sharing == Sharing::Shared =>
        {
            Some((file.inode, offset + (va - vma.start)))
        }
        _ => None,
    }
}

/// The object `vma` maps, if it is shared anonymous memory.
pub fn object_of(vma: &Vma) -> Option<u64> {
    page_of(vma, vma.start).map(|(object, _)| object)
}
