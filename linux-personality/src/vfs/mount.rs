//! File systems and the mount table: mount(2) for tmpfs and proc, umount2(2), and the hook by
//! which the server serves `/proc`.
//!
//! Each mounted file system has a [`Superblock`] (kind, root inode, device number, flags). The
//! mount table maps a covered directory's inode to the file system on it; the walk enters the
//! mounted root instead of the covered directory, and `..` from a mounted root climbs to the
//! covered directory first. Mounting on a directory that is already a mounted root stacks the
//! new mount on top, as Linux does. There is one mount namespace and no bind mount, so "a
//! mount" and "a mounted file system" are the same thing here.
//!
//! The `/proc` hook: mounting type `proc` makes an empty file system of kind [`FsKind::Proc`]
//! (`statfs` reports `PROC_SUPER_MAGIC`). The server recognises it with
//! [`Vfs::superblock_of`] and fills it as the superuser with the ordinary calls, replacing a
//! file's bytes before each open with [`Vfs::set_contents`].

use alloc::vec::Vec;

use syscall_translation::flags::{MountFlags, UmountFlags};
use syscall_translation::Errno;

use super::data::FileData;
use super::{At, Content, Ctx, FsId, InodeId, Vfs};

/// The kind of a mounted file system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsKind {
    /// A tmpfs (the root file system is one).
    Tmpfs,
    /// The `/proc` file system, filled by the server.
    Proc,
}

/// A mounted file system.
#[derive(Clone, Debug)]
pub struct Superblock {
    /// What it is.
    pub kind: FsKind,
    /// Its root directory.
    pub root: InodeId,
    /// Its device number (`st_dev`): anonymous, major 0.
    pub dev: u64,
    /// Its mount flags (`MS_RDONLY`, `MS_NOSUID`, ...).
    pub flags: MountFlags,
    pub(super) next_ino: u64,
}

/// The mount flags that describe a mount (rather than request an action).
fn per_mount_flags(flags: MountFlags) -> MountFlags {
    flags
        & (MountFlags::MS_RDONLY
            | MountFlags::MS_NOSUID
            | MountFlags::MS_NODEV
            | MountFlags::MS_NOEXEC
            | MountFlags::MS_SYNCHRONOUS
            | MountFlags::MS_MANDLOCK
            | MountFlags::MS_DIRSYNC
            | MountFlags::MS_NOATIME
            | MountFlags::MS_NODIRATIME
            | MountFlags::MS_RELATIME
            | MountFlags::MS_STRICTATIME
            | MountFlags::MS_LAZYTIME)
}

/// The `mode=` option of tmpfs mount data (octal), if present and valid.
fn mode_option(data: &[u8]) -> Option<u32> {
    data.split(|&b| b == b',').find_map(|option| {
        let value = option.strip_prefix(b"mode=")?;
        let text = core::str::from_utf8(value).ok()?;
        u32::from_str_radix(text, 8).ok().filter(|&mode| mode <= 0o7777)
    })
}

impl Vfs {
    /// mount(2) of a new `tmpfs` or `proc` on the directory `target`, or `MS_REMOUNT` of the
    /// file system mounted there. Only the superuser may mount (`EPERM`); an unknown type is
    /// `ENODEV`; bind and move mounts and propagation changes are `EINVAL` here. `data` is the
    /// option string (`mode=` is honoured for tmpfs).
    pub fn mount(
        &mut self,
        cx: &Ctx,
        target: &[u8],
        fstype: &[u8],
        flags: MountFlags,
        data: &[u8],
    ) -> Result<FsId, Errno> {
        if !cx.cred.is_root() {
            return Err(Errno::EPERM);
        }
        let id = self.walk(cx, At::Cwd, target, true)?.existing()?;
        if flags.contains(MountFlags::MS_REMOUNT) {
            if !self.mounted_roots.contains_key(&id) && id != self.root {
                return Err(Errno::EINVAL);
            }
            let fs = self.inode(id)?.fs;
            self.fs_mut(fs).flags = per_mount_flags(flags);
            return Ok(fs);
        }
        if flags.intersects(
            MountFlags::MS_BIND
                | MountFlags::MS_MOVE
                | MountFlags::MS_SHARED
                | MountFlags::MS_PRIVATE
                | MountFlags::MS_SLAVE
                | MountFlags::MS_UNBINDABLE,
        ) {
            return Err(Errno::EINVAL);
        }
        let (kind, mode) = match fstype {
            b"tmpfs" => (FsKind::Tmpfs, mode_option(data).unwrap_or(0o1777)),
            b"proc" => (FsKind::Proc, 0o555),
            _ => return Err(Errno::ENODEV),
        };
        if !self.inode(id)?.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        let covered = self.handle(id)?;
        let fs = self.new_filesystem(kind, per_mount_flags(flags), mode);
        let root = self.fs(fs).root;
        self.mounts.insert(id, fs);
        self.mounted_roots.insert(root, covered);
        Ok(fs)
    }

    /// umount2(2) of the file system whose root `target` names. Only the superuser
    /// (`EPERM`); not a mounted root is `EINVAL`; a file system with open files, working
    /// directories or mounts inside is `EBUSY` unless `MNT_DETACH`, which detaches it now and
    /// frees each inode when its last user lets go.
    pub fn umount2(&mut self, cx: &Ctx, target: &[u8], flags: UmountFlags) -> Result<(), Errno> {
        if !cx.cred.is_root() {
            return Err(Errno::EPERM);
        }
        if flags.bits() & !UmountFlags::all().bits() != 0
            || (flags.contains(UmountFlags::MNT_EXPIRE)
                && flags.intersects(UmountFlags::MNT_FORCE | UmountFlags::MNT_DETACH))
        {
            return Err(Errno::EINVAL);
        }
        let follow = !flags.contains(UmountFlags::UMOUNT_NOFOLLOW);
        let root = self.walk(cx, At::Cwd, target, follow)?.existing()?;
        if !self.mounted_roots.contains_key(&root) {
            return Err(Errno::EINVAL);
        }
        let fs = self.inode(root)?.fs;
        if !flags.contains(UmountFlags::MNT_DETACH) && self.is_busy(fs) {
            return Err(Errno::EBUSY);
        }
        self.detach(fs);
        Ok(())
    }

    /// Whether any inode of `fs` is held open or used as a working directory, or covered by
    /// another mount.
    fn is_busy(&self, fs: FsId) -> bool {
        self.inodes.iter().any(|(id, inode)| {
            inode.fs == fs && (inode.is_pinned() || self.mounts.contains_key(&id))
        })
    }

    /// Detach `fs` (and, first, whatever is mounted inside it) and drop all its links; its
    /// inodes are freed as soon as nothing holds them.
    fn detach(&mut self, fs: FsId) {
        let inner: Vec<FsId> = self
            .mounts
            .iter()
            .filter(|(covered, _)| self.inodes.get(**covered).is_some_and(|i| i.fs == fs))
            .map(|(_, &inner)| inner)
            .collect();
        for inner in inner {
            self.detach(inner);
        }
        let root = self.fs(fs).root;
        if let Some(covered) = self.mounted_roots.remove(&root) {
            self.mounts.remove(&covered.id());
        }
        let ids: Vec<InodeId> =
            self.inodes.iter().filter(|(_, inode)| inode.fs == fs).map(|(id, _)| id).collect();
        for &id in &ids {
            if let Some(inode) = self.inodes.get_mut(id) {
                inode.nlink = 0;
            }
        }
        for id in ids {
            self.inodes.release_if_unused(id);
        }
        // Orphans still held keep their superblock (for stat); it is dropped with the last.
        if !self.inodes.iter().any(|(_, inode)| inode.fs == fs) {
            self.filesystems[fs] = None;
        }
    }

    /// Replace the bytes of the regular file `id` (the `/proc` hook; also useful to the
    /// server for generated files).
    pub fn set_contents(&mut self, id: InodeId, bytes: &[u8]) -> Result<(), Errno> {
        let inode = self.inode_mut(id)?;
        if !inode.is_regular() {
            return Err(Errno::EINVAL);
        }
        inode.content = Content::Regular(FileData::from_bytes(bytes));
        Ok(())
    }

    /// Make the regular file `id` hold `bytes` without copying them (initrd contents).
    pub fn set_static_contents(&mut self, id: InodeId, bytes: &'static [u8]) -> Result<(), Errno> {
        let inode = self.inode_mut(id)?;
        if !inode.is_regular() {
            return Err(Errno::EINVAL);
        }
        inode.content = Content::Regular(FileData::from_static(bytes));
        Ok(())
    }

    /// The superblock of file system `fs`, if mounted.
    pub fn superblock(&self, fs: FsId) -> Option<&Superblock> {
        self.filesystems.get(fs).and_then(Option::as_ref)
    }

    /// The mounted file systems: (covered directory, file system), in no particular order.
    pub fn mounts(&self) -> impl Iterator<Item = (InodeId, FsId)> + '_ {
        self.mounts.iter().map(|(&covered, &fs)| (covered, fs))
    }
}
