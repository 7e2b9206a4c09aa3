//! Inodes and the arena that holds them (inode(7)).
//!
//! Owns every inode of every mounted file system. An [`InodeId`] is a slot index plus the
//! slot's generation, so that an id kept after its inode was freed never reaches the slot's next
//! occupant. An [`InodeHandle`] is an id plus a share of the inode's pin: open file descriptions
//! and working directories hold handles, and an inode whose link count reached zero stays
//! allocated while any handle to it exists (unlink-while-open). Freeing is lazy: inodes that
//! lost their last link while pinned wait in the orphan list, and [`Inodes::reap`] frees those
//! whose pins were all dropped.
//!
//! Invariants: a live slot's inode has `nlink > 0`, or is pinned and listed in `orphans`; a
//! freed slot's generation was bumped, so stale ids fail to resolve.

use alloc::rc::Rc;
use alloc::vec::Vec;

use syscall_translation::types::stat::{S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};
use syscall_translation::types::Timespec;

use super::data::FileData;
use super::dir::Directory;

/// A generation-checked inode reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InodeId {
    slot: u32,
    generation: u32,
}

impl InodeId {
    /// An id that never resolves.
    pub const NONE: InodeId = InodeId { slot: u32::MAX, generation: u32::MAX };

    /// The id as one number (for a mapping's file key), undone by [`InodeId::from_u64`].
    pub fn to_u64(self) -> u64 {
        (u64::from(self.generation) << 32) | u64::from(self.slot)
    }

    /// The id [`InodeId::to_u64`] made.
    pub fn from_u64(value: u64) -> InodeId {
        InodeId { slot: value as u32, generation: (value >> 32) as u32 }
    }
}

/// The id of a mounted file system (its index in the superblock table).
pub type FsId = usize;

/// What an inode holds, by type.
#[derive(Clone, Debug)]
pub enum Content {
    /// A regular file.
    Regular(FileData),
    /// A directory.
    Directory(Directory),
    /// A symbolic link and its target.
    Symlink(Vec<u8>),
    /// A device node, FIFO or socket: the server gives it its behaviour (by `rdev`).
    Special,
}

/// One inode.
#[derive(Clone, Debug)]
pub struct Inode {
    /// The inode number (`st_ino`), unique within its file system.
    pub ino: u64,
    /// The file system holding it.
    pub fs: FsId,
    /// Type and permission bits (`st_mode`).
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Hard links: directory entries naming it, plus for a directory its `.` and each
    /// subdirectory's `..`.
    pub nlink: u32,
    /// Device number of a device node.
    pub rdev: u64,
    /// Last access.
    pub atime: Timespec,
    /// Last modification of the contents.
    pub mtime: Timespec,
    /// Last change of the inode.
    pub ctime: Timespec,
    /// Creation.
    pub btime: Timespec,
    /// An `O_TMPFILE` opened without `O_EXCL`: linkat(2) may give it a name although its link
    /// count is zero.
    pub linkable: bool,
    /// The contents.
    pub content: Content,
    pin: Rc<()>,
}

impl Inode {
    /// A new inode with one share of its pin (the arena's).
    pub fn new(ino: u64, fs: FsId, mode: u32, content: Content, now: Timespec) -> Inode {
        Inode {
            ino,
            fs,
            mode,
            uid: 0,
            gid: 0,
            nlink: 0,
            rdev: 0,
            atime: now,
            mtime: now,
            ctime: now,
            btime: now,
            linkable: false,
            content,
            pin: Rc::new(()),
        }
    }

    /// The `S_IFMT` bits.
    pub fn file_type(&self) -> u32 {
        self.mode & S_IFMT
    }

    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        self.file_type() == S_IFDIR
    }

    /// Whether this is a regular file.
    pub fn is_regular(&self) -> bool {
        self.file_type() == S_IFREG
    }

    /// Whether this is a symbolic link.
    pub fn is_symlink(&self) -> bool {
        self.file_type() == S_IFLNK
    }

    /// The directory contents, if a directory.
    pub fn dir(&self) -> Option<&Directory> {
        match &self.content {
            Content::Directory(dir) => Some(dir),
            _ => None,
        }
    }

    /// The directory contents, mutably.
    pub fn dir_mut(&mut self) -> Option<&mut Directory> {
        match &mut self.content {
            Content::Directory(dir) => Some(dir),
            _ => None,
        }
    }

    /// The file data, if a regular file.
    pub fn data(&self) -> Option<&FileData> {
        match &self.content {
            Content::Regular(data) => Some(data),
            _ => None,
        }
    }

    /// The file data, mutably.
    pub fn data_mut(&mut self) -> Option<&mut FileData> {
        match &mut self.content {
            Content::Regular(data) => Some(data),
            _ => None,
        }
    }

    /// The size reported by stat(2): bytes for a file, target length for a symlink, and for a
    /// directory tmpfs's nominal `BOGO_DIRENT_SIZE` per entry, `.` and `..` included.
    pub fn size(&self) -> u64 {
        match &self.content {
            Content::Regular(data) => data.size(),
            Content::Symlink(target) => target.len() as u64,
            Content::Directory(dir) => (dir.len() as u64 + 2) * BOGO_DIRENT_SIZE,
            Content::Special => 0,
        }
    }

    /// Bytes of memory the contents hold.
    pub fn allocated_bytes(&self) -> u64 {
        match &self.content {
            Content::Regular(data) => data.allocated_bytes(),
            Content::Symlink(target) => target.len() as u64,
            Content::Directory(dir) => dir.name_bytes(),
            Content::Special => 0,
        }
    }

    /// Whether any handle besides the arena's own holds this inode.
    pub fn is_pinned(&self) -> bool {
        Rc::strong_count(&self.pin) > 1
    }
}

/// tmpfs's nominal size of one directory entry (`BOGO_DIRENT_SIZE`).
pub const BOGO_DIRENT_SIZE: u64 = 20;

/// An inode id plus a share of the inode's pin: while it lives, the inode is not freed.
#[derive(Clone, Debug)]
pub struct InodeHandle {
    id: InodeId,
    _pin: Rc<()>,
}

impl InodeHandle {
    /// The inode held.
    pub fn id(&self) -> InodeId {
        self.id
    }
}

#[derive(Clone, Debug)]
struct Slot {
    generation: u32,
    inode: Option<Inode>,
}

/// The arena of inodes.
#[derive(Clone, Debug, Default)]
pub struct Inodes {
    slots: Vec<Slot>,
    free: Vec<u32>,
    orphans: Vec<InodeId>,
}

impl Inodes {
    /// Store `inode`, returning its id.
    pub fn insert(&mut self, inode: Inode) -> InodeId {
        if let Some(slot) = self.free.pop() {
            let entry = &mut self.slots[slot as usize];
            entry.inode = Some(inode);
            return InodeId { slot, generation: entry.generation };
        }
        self.slots.push(Slot { generation: 0, inode: Some(inode) });
        InodeId { slot: self.slots.len() as u32 - 1, generation: 0 }
    }

    /// The inode `id`, if it still exists.
    pub fn get(&self, id: InodeId) -> Option<&Inode> {
        let slot = self.slots.get(id.slot as usize)?;
        if slot.generation != id.generation {
            return None;
        }
        slot.inode.as_ref()
    }

    /// The inode `id`, mutably.
    pub fn get_mut(&mut self, id: InodeId) -> Option<&mut Inode> {
        let slot = self.slots.get_mut(id.slot as usize)?;
        if slot.generation != id.generation {
            return None;
        }
        slot.inode.as_mut()
    }

    /// A handle pinning `id`.
    pub fn handle(&self, id: InodeId) -> Option<InodeHandle> {
        self.get(id).map(|inode| InodeHandle { id, _pin: inode.pin.clone() })
    }

    /// Free `id` now if it has no links and no handles, else, if it has no links, remember it
    /// as an orphan for [`Inodes::reap`].
    pub fn release_if_unused(&mut self, id: InodeId) {
        let Some(inode) = self.get(id) else { return };
        if inode.nlink > 0 {
            return;
        }
        if inode.is_pinned() {
            if !self.orphans.contains(&id) {
                self.orphans.push(id);
            }
        } else {
            self.free_slot(id);
        }
    }

    fn free_slot(&mut self, id: InodeId) {
        let slot = &mut self.slots[id.slot as usize];
        slot.inode = None;
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(id.slot);
    }

    /// Free the orphans that are no longer pinned (or that regained a link, drop them from the
    /// list). Returns how many were freed.
    pub fn reap(&mut self) -> usize {
        let orphans = core::mem::take(&mut self.orphans);
        let mut freed = 0;
        for id in orphans {
            match self.get(id) {
                Some(inode) if inode.nlink > 0 => {}
                Some(inode) if inode.is_pinned() => self.orphans.push(id),
                Some(_) => {
                    self.free_slot(id);
                    freed += 1;
                }
                None => {}
            }
        }
        freed
    }

    /// Every live inode.
    pub fn iter(&self) -> impl Iterator<Item = (InodeId, &Inode)> + '_ {
        self.slots.iter().enumerate().filter_map(|(slot, entry)| {
            let id = InodeId { slot: slot as u32, generation: entry.generation };
            entry.inode.as_ref().map(|inode| (id, inode))
        })
    }
}
