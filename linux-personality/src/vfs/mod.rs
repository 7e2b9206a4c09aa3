//! The virtual file system: inodes, directories, path walk, mounts, open file descriptions and
//! descriptor tables, as pure logic.
//!
//! Owns every file-system object the Linux personality serves: the root tmpfs (populated from
//! the boot initrd at start, as Linux unpacks an initramfs into rootfs), further tmpfs mounts
//! (`/tmp`), and the hook for `/proc`. The server decodes a call, turns its `dirfd` into an
//! [`At`] and its user buffers into slices, calls the method named after the system call, and
//! copies the result out. Nothing here touches the microkernel or user memory.
//!
//! Linux references: path_resolution(7), inode(7), credentials(7), open(2), read(2), write(2),
//! lseek(2), getdents64(2), stat(2), statx(2), mkdir(2), rmdir(2), unlink(2), rename(2),
//! link(2), symlink(2), readlink(2), chmod(2), chown(2), utimensat(2), truncate(2),
//! fallocate(2), access(2), chdir(2), getcwd(3), umask(2), mount(2), umount(2), statfs(2),
//! dup(2), fcntl(2), and the tmpfs code in `mm/shmem.c` where the pages leave a choice.
//!
//! Files: `inode.rs` (arena, generation-checked ids, pins), `data.rs` (sparse file pages),
//! `dir.rs` (entries with stable getdents cookies), `context.rs` (caller identity, cwd, umask,
//! clock), `perm.rs` (permission rules), `walk.rs` (path resolution), `file.rs` (open and I/O),
//! `namei.rs` (create and remove names), `rename.rs`, `attr.rs` (stat, chmod, chown, times,
//! access, statfs), `cwd.rs`, `mount.rs`, `fdtable.rs`, `cpio.rs`. `README.md` beside this
//! file states the model and its invariants; `tests/` checks them, including against the host's
//! own Linux.

#![forbid(unsafe_code)]

mod attr;
mod context;
mod cpio;
mod cwd;
mod data;
mod dir;
mod fdtable;
mod file;
mod inode;
mod mount;
mod namei;
mod perm;
mod rename;
#[cfg(test)]
mod tests;
mod walk;

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use syscall_translation::flags::MountFlags;
use syscall_translation::types::stat::{makedev, S_IFDIR};
use syscall_translation::types::Timespec;
use syscall_translation::Errno;

pub use attr::TimeSpec;
pub use context::{At, Clock, Cred, Ctx, FixedClock, FsContext};
pub use data::{MAX_FILE_SIZE, PAGE};
pub use dir::FIRST_COOKIE;
pub use fdtable::{FdEntry, FdTable};
pub use file::{FallocateMode, OpenFile};
pub use inode::{Content, FsId, Inode, InodeHandle, InodeId};
pub use mount::{FsKind, Superblock};
pub use perm::{permission, MAY_EXEC, MAY_READ, MAY_WRITE};
pub use walk::{Last, Resolved};

/// The longest path accepted, NUL included (`PATH_MAX`).
pub const PATH_MAX: usize = 4096;
/// The longest file name (`NAME_MAX`).
pub const NAME_MAX: usize = 255;
/// The most symbolic links one resolution follows (`MAXSYMLINKS`).
pub const MAX_SYMLINKS: u32 = 40;
/// The most hard links a tmpfs inode may have before link(2) fails with `EMLINK`.
pub const LINK_MAX: u32 = u32::MAX - 1;

/// Memory held by the file system, for leak tests and `statfs`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Live inodes (directories, files, links, special files; orphans included).
    pub inodes: usize,
    /// Bytes of file pages, symlink targets and directory entry names.
    pub bytes: u64,
}

/// The file-system state shared by every process.
pub struct Vfs {
    inodes: inode::Inodes,
    filesystems: Vec<Option<Superblock>>,
    /// Mounted file systems by the inode they cover.
    mounts: BTreeMap<InodeId, FsId>,
    /// The covered inode of each mounted root (pinned while mounted).
    mounted_roots: BTreeMap<InodeId, InodeHandle>,
    root: InodeId,
    clock: Box<dyn Clock>,
}

impl core::fmt::Debug for Vfs {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Vfs").field("root", &self.root).field("usage", &self.usage()).finish()
    }
}

impl Vfs {
    /// A file system whose root is an empty tmpfs directory (mode 0755, owned by root).
    pub fn new(clock: Box<dyn Clock>) -> Vfs {
        let mut vfs = Vfs {
            inodes: inode::Inodes::default(),
            filesystems: Vec::new(),
            mounts: BTreeMap::new(),
            mounted_roots: BTreeMap::new(),
            root: InodeId::NONE,
            clock,
        };
        let fs = vfs.new_filesystem(FsKind::Tmpfs, MountFlags::empty(), 0o755);
        vfs.root = vfs.fs(fs).root;
        vfs
    }

    /// The current time.
    pub fn now(&self) -> Timespec {
        self.clock.now()
    }

    /// The root directory.
    pub fn root(&self) -> InodeId {
        self.root
    }

    /// A context for a first process: root and working directory `/`, umask 022.
    pub fn new_fs_context(&self) -> FsContext {
        let root = self.handle(self.root).expect("the root inode lives while mounted");
        FsContext { root: root.clone(), cwd: root, umask: 0o022 }
    }

    /// The inode `id`.
    pub fn inode(&self, id: InodeId) -> Result<&Inode, Errno> {
        self.inodes.get(id).ok_or(Errno::ESTALE)
    }

    fn inode_mut(&mut self, id: InodeId) -> Result<&mut Inode, Errno> {
        self.inodes.get_mut(id).ok_or(Errno::ESTALE)
    }

    /// A handle pinning `id`.
    pub fn handle(&self, id: InodeId) -> Result<InodeHandle, Errno> {
        self.inodes.handle(id).ok_or(Errno::ESTALE)
    }

    fn fs(&self, fs: FsId) -> &Superblock {
        self.filesystems[fs].as_ref().expect("inodes only name mounted file systems")
    }

    fn fs_mut(&mut self, fs: FsId) -> &mut Superblock {
        self.filesystems[fs].as_mut().expect("inodes only name mounted file systems")
    }

    /// The superblock of the file system holding `id`.
    pub fn superblock_of(&self, id: InodeId) -> Result<&Superblock, Errno> {
        Ok(self.fs(self.inode(id)?.fs))
    }

    /// A new inode of `fs` owned by `cred` (group from a set-group-ID parent, as Linux's
    /// `inode_init_owner`), with no links yet.
    fn new_inode(
        &mut self,
        fs: FsId,
        mode: u32,
        content: Content,
        cred: &Cred,
        parent: Option<InodeId>,
    ) -> InodeId {
        let now = self.now();
        let superblock = self.fs_mut(fs);
        superblock.next_ino += 1;
        let ino = superblock.next_ino;
        let mut inode = Inode::new(ino, fs, mode, content, now);
        inode.uid = cred.euid;
        inode.gid = cred.egid;
        if let Some(parent) = parent.and_then(|p| self.inodes.get(p)) {
            if parent.mode & syscall_translation::types::stat::S_ISGID != 0 {
                inode.gid = parent.gid;
                if inode.is_dir() {
                    inode.mode |= syscall_translation::types::stat::S_ISGID;
                }
            }
        }
        self.inodes.insert(inode)
    }

    /// A new file system with an empty root directory (its own parent, two links).
    fn new_filesystem(&mut self, kind: FsKind, flags: MountFlags, mode: u32) -> FsId {
        let fs = self.filesystems.iter().position(Option::is_none).unwrap_or_else(|| {
            self.filesystems.push(None);
            self.filesystems.len() - 1
        });
        self.filesystems[fs] = Some(Superblock {
            kind,
            root: InodeId::NONE,
            dev: makedev(0, 16 + fs as u32),
            flags,
            next_ino: 0,
        });
        let root = self.new_inode(
            fs,
            S_IFDIR | mode,
            Content::Directory(dir::Directory::new(InodeId::NONE)),
            &Cred::root(),
            None,
        );
        let inode = self.inodes.get_mut(root).expect("just inserted");
        inode.nlink = 2;
        if let Some(dir) = inode.dir_mut() {
            dir.parent = root;
        }
        self.fs_mut(fs).root = root;
        fs
    }

    /// Enter `child` as `name` in directory `dir`, counting the link (and, for a directory,
    /// its `.` and the parent's new `..` link).
    fn link_entry(&mut self, dir: InodeId, name: &[u8], child: InodeId) -> Result<(), Errno> {
        let child_inode = self.inode_mut(child)?;
        let is_dir = child_inode.is_dir();
        child_inode.nlink += if is_dir { 2 } else { 1 };
        if let Some(child_dir) = child_inode.dir_mut() {
            child_dir.parent = dir;
        }
        let parent = self.inode_mut(dir)?;
        if is_dir {
            parent.nlink += 1;
        }
        parent.dir_mut().ok_or(Errno::ENOTDIR)?.insert(name, child);
        Ok(())
    }

    /// Remove the entry `name` from `dir`, dropping the links it held; the inode is freed if
    /// nothing else holds it.
    fn unlink_entry(&mut self, dir: InodeId, name: &[u8]) -> Result<InodeId, Errno> {
        let parent = self.inode_mut(dir)?;
        let child = parent.dir_mut().ok_or(Errno::ENOTDIR)?.remove(name).ok_or(Errno::ENOENT)?;
        let child_is_dir = self.inodes.get(child).is_some_and(Inode::is_dir);
        if child_is_dir {
            self.inode_mut(dir)?.nlink -= 1;
        }
        if let Some(inode) = self.inodes.get_mut(child) {
            inode.nlink = if child_is_dir { 0 } else { inode.nlink.saturating_sub(1) };
        }
        self.inodes.release_if_unused(child);
        Ok(child)
    }

    /// Free the unlinked inodes that no description or working directory holds any more.
    /// Called by every operation that could drop the last handle, and by [`Vfs::usage`].
    pub fn reap(&mut self) -> usize {
        self.inodes.reap()
    }

    /// Memory held: live inodes and content bytes (call [`Vfs::reap`] first to count only what
    /// is still reachable or open).
    pub fn usage(&self) -> Usage {
        let mut usage = Usage::default();
        for (_, inode) in self.inodes.iter() {
            usage.inodes += 1;
            usage.bytes += inode.allocated_bytes();
        }
        usage
    }

    /// Every live inode (tests and `/proc`).
    pub fn inodes(&self) -> impl Iterator<Item = (InodeId, &Inode)> + '_ {
        self.inodes.iter()
    }

    /// Set `atime`, `mtime` and `ctime` flags of `id` to now.
    fn touch(&mut self, id: InodeId, atime: bool, mtime: bool, ctime: bool) {
        let now = self.now();
        if let Some(inode) = self.inodes.get_mut(id) {
            if atime {
                inode.atime = now;
            }
            if mtime {
                inode.mtime = now;
            }
            if ctime {
                inode.ctime = now;
            }
        }
    }

    /// Fail with `EROFS` if `id` lies on a read-only mount.
    fn check_writable_fs(&self, id: InodeId) -> Result<(), Errno> {
        if self.superblock_of(id)?.flags.contains(MountFlags::MS_RDONLY) {
            return Err(Errno::EROFS);
        }
        Ok(())
    }
}
