//! Creating and removing names: mkdir(2) / mkdirat(2), mknod(2) / mknodat(2), symlink(2) /
//! symlinkat(2), link(2) / linkat(2), unlink(2) / unlinkat(2), rmdir(2), readlink(2) /
//! readlinkat(2).
//!
//! Errors follow the man pages and, where they leave the order open, Linux's `fs/namei.c`:
//! an existing name is `EEXIST` before any permission check on the parent; removing checks
//! write and search permission on the parent and the sticky bit (`may_delete`) before the type
//! (`EISDIR`, `ENOTDIR`); a mount point is `EBUSY`.

use alloc::vec::Vec;

use syscall_translation::flags::AtFlags;
use syscall_translation::types::stat::{
    S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK, S_ISVTX,
};
use syscall_translation::Errno;

use super::data::FileData;
use super::dir::Directory;
use super::perm::{permission, MAY_READ, MAY_WRITE};
use super::{At, Content, Ctx, InodeId, Last, Resolved, Vfs, PATH_MAX};

impl Vfs {
    /// The parent and name where a new entry for `path` goes: `EEXIST` if it exists (or is
    /// `.`, `..`, `/`), `ENOENT` for a trailing slash unless `want_dir`, then the permission,
    /// read-only and deleted-parent checks.
    fn prepare_create(
        &self,
        cx: &Ctx,
        at: At,
        path: &[u8],
        want_dir: bool,
    ) -> Result<(InodeId, Vec<u8>), Errno> {
        let resolved = self.walk_parent(cx, at, path)?;
        let Last::Name(name) = resolved.last else { return Err(Errno::EEXIST) };
        if resolved.target.is_some() {
            return Err(Errno::EEXIST);
        }
        if resolved.trailing_slash && !want_dir {
            return Err(Errno::ENOENT);
        }
        self.check_writable_fs(resolved.parent)?;
        self.may_create(cx.cred, resolved.parent)?;
        Ok((resolved.parent, name))
    }

    /// Make a new inode and enter it in `parent` as `name`.
    fn create_entry(
        &mut self,
        cx: &Ctx,
        parent: InodeId,
        name: &[u8],
        mode: u32,
        content: Content,
    ) -> Result<InodeId, Errno> {
        let fs = self.inode(parent)?.fs;
        let id = self.new_inode(fs, mode, content, cx.cred, Some(parent));
        self.link_entry(parent, name, id)?;
        self.touch(parent, false, true, true);
        Ok(id)
    }

    /// mkdirat(2): permission bits `mode & 01777` less the umask.
    pub fn mkdirat(&mut self, cx: &Ctx, at: At, path: &[u8], mode: u32) -> Result<InodeId, Errno> {
        let (parent, name) = self.prepare_create(cx, at, path, true)?;
        let mode = S_IFDIR | (mode & (0o777 | S_ISVTX) & !cx.fs.umask);
        let content = Content::Directory(Directory::new(parent));
        self.create_entry(cx, parent, &name, mode, content)
    }

    /// mknodat(2): a regular file (type 0 or `S_IFREG`), FIFO or socket; a device node only for
    /// the superuser (`EPERM`); a directory is `EPERM`, an unknown type `EINVAL`.
    pub fn mknodat(
        &mut self,
        cx: &Ctx,
        at: At,
        path: &[u8],
        mode: u32,
        rdev: u64,
    ) -> Result<InodeId, Errno> {
        let kind = match mode & S_IFMT {
            0 => S_IFREG,
            kind @ (S_IFREG | S_IFIFO | S_IFSOCK) => kind,
            kind @ (S_IFCHR | S_IFBLK) if cx.cred.is_root() => kind,
            S_IFCHR | S_IFBLK | S_IFDIR => return Err(Errno::EPERM),
            _ => return Err(Errno::EINVAL),
        };
        let (parent, name) = self.prepare_create(cx, at, path, false)?;
        let content =
            if kind == S_IFREG { Content::Regular(FileData::new()) } else { Content::Special };
        let mode = kind | (mode & 0o7777 & !cx.fs.umask);
        let id = self.create_entry(cx, parent, &name, mode, content)?;
        if kind == S_IFCHR || kind == S_IFBLK {
            self.inode_mut(id)?.rdev = rdev;
        }
        Ok(id)
    }

    /// symlinkat(2): a link at `path` holding `target` (not resolved; an empty target is
    /// `ENOENT`).
    pub fn symlinkat(
        &mut self,
        cx: &Ctx,
        target: &[u8],
        at: At,
        path: &[u8],
    ) -> Result<InodeId, Errno> {
        if target.is_empty() {
            return Err(Errno::ENOENT);
        }
        if target.len() >= PATH_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        let (parent, name) = self.prepare_create(cx, at, path, false)?;
        let content = Content::Symlink(target.to_vec());
        self.create_entry(cx, parent, &name, S_IFLNK | 0o777, content)
    }

    /// readlinkat(2): the target of the symbolic link `path` (`AT_EMPTY_PATH` semantics for an
    /// empty path, as Linux since 2.6.39), `EINVAL` if it is not a link. The caller truncates
    /// to its buffer.
    pub fn readlinkat(&mut self, cx: &Ctx, at: At, path: &[u8]) -> Result<Vec<u8>, Errno> {
        let id =
            self.lookup(cx, at, path, AtFlags::AT_SYMLINK_NOFOLLOW | AtFlags::AT_EMPTY_PATH)?;
        let target = match &self.inode(id)?.content {
            Content::Symlink(target) => target.clone(),
            _ => return Err(Errno::EINVAL),
        };
        self.touch_atime(id);
        Ok(target)
    }

    /// linkat(2): a new name `new` for the inode `old` names (following a trailing link only
    /// with `AT_SYMLINK_FOLLOW`). Directories are `EPERM`; across file systems `EXDEV`; an
    /// unprivileged caller must own the file or be able to read and write it
    /// (`fs.protected_hardlinks`, on by default), else `EPERM`.
    pub fn linkat(
        &mut self,
        cx: &Ctx,
        old_at: At,
        old: &[u8],
        new_at: At,
        new: &[u8],
        flags: AtFlags,
    ) -> Result<(), Errno> {
        if !AtFlags::LINKAT_MASK.contains(flags) {
            return Err(Errno::EINVAL);
        }
        let follow = if flags.contains(AtFlags::AT_SYMLINK_FOLLOW) {
            AtFlags::empty()
        } else {
            AtFlags::AT_SYMLINK_NOFOLLOW
        };
        let old_id = self.lookup(cx, old_at, old, follow | (flags & AtFlags::AT_EMPTY_PATH))?;
        let (parent, name) = self.prepare_create_for_link(cx, new_at, new)?;
        let inode = self.inode(old_id)?;
        if inode.fs != self.inode(parent)?.fs {
            return Err(Errno::EXDEV);
        }
        if !cx.cred.is_root()
            && cx.cred.euid != inode.uid
            && (!inode.is_regular() || permission(cx.cred, inode, MAY_READ | MAY_WRITE).is_err())
        {
            return Err(Errno::EPERM);
        }
        self.may_create(cx.cred, parent)?;
        if inode.is_dir() {
            return Err(Errno::EPERM);
        }
        if inode.nlink == 0 && !inode.linkable {
            return Err(Errno::ENOENT);
        }
        self.link_entry(parent, &name, old_id)?;
        let inode = self.inode_mut(old_id)?;
        inode.linkable = false;
        self.touch(old_id, false, false, true);
        self.touch(parent, false, true, true);
        Ok(())
    }

    /// The new name's parent for linkat(2): as for any creation, checked for existence first.
    fn prepare_create_for_link(
        &self,
        cx: &Ctx,
        at: At,
        path: &[u8],
    ) -> Result<(InodeId, Vec<u8>), Errno> {
        let resolved = self.walk_parent(cx, at, path)?;
        let Last::Name(name) = resolved.last else { return Err(Errno::EEXIST) };
        if resolved.target.is_some() {
            return Err(Errno::EEXIST);
        }
        if resolved.trailing_slash {
            return Err(Errno::ENOENT);
        }
        self.check_writable_fs(resolved.parent)?;
        Ok((resolved.parent, name))
    }

    /// unlinkat(2): unlink(2), or rmdir(2) with `AT_REMOVEDIR`; other flags are `EINVAL`.
    pub fn unlinkat(&mut self, cx: &Ctx, at: At, path: &[u8], flags: AtFlags) -> Result<(), Errno> {
        if !AtFlags::UNLINKAT_MASK.contains(flags) {
            return Err(Errno::EINVAL);
        }
        if flags.contains(AtFlags::AT_REMOVEDIR) {
            self.rmdir_at(cx, at, path)
        } else {
            self.unlink_at(cx, at, path)
        }
    }

    /// unlink(2).
    pub fn unlink(&mut self, cx: &Ctx, path: &[u8]) -> Result<(), Errno> {
        self.unlink_at(cx, At::Cwd, path)
    }

    /// rmdir(2).
    pub fn rmdir(&mut self, cx: &Ctx, path: &[u8]) -> Result<(), Errno> {
        self.rmdir_at(cx, At::Cwd, path)
    }

    fn unlink_at(&mut self, cx: &Ctx, at: At, path: &[u8]) -> Result<(), Errno> {
        let resolved = self.walk_parent(cx, at, path)?;
        let (parent, name, victim) = removal_target(&resolved, Errno::EISDIR)?;
        if resolved.trailing_slash {
            return Err(if self.inode(victim)?.is_dir() { Errno::EISDIR } else { Errno::ENOTDIR });
        }
        self.check_writable_fs(parent)?;
        self.may_delete(cx.cred, parent, victim)?;
        if self.inode(victim)?.is_dir() {
            return Err(Errno::EISDIR);
        }
        if self.mounts.contains_key(&victim) {
            return Err(Errno::EBUSY);
        }
        self.unlink_entry(parent, name)?;
        self.touch(victim, false, false, true);
        self.touch(parent, false, true, true);
        Ok(())
    }

    fn rmdir_at(&mut self, cx: &Ctx, at: At, path: &[u8]) -> Result<(), Errno> {
        let resolved = self.walk_parent(cx, at, path)?;
        match resolved.last {
            Last::Dot => return Err(Errno::EINVAL),
            Last::DotDot => return Err(Errno::ENOTEMPTY),
            Last::Root => return Err(Errno::EBUSY),
            Last::Name(_) => {}
        }
        let (parent, name, victim) = removal_target(&resolved, Errno::EBUSY)?;
        self.check_writable_fs(parent)?;
        self.may_delete(cx.cred, parent, victim)?;
        let inode = self.inode(victim)?;
        let dir = inode.dir().ok_or(Errno::ENOTDIR)?;
        if self.mounts.contains_key(&victim) || victim == cx.fs.root.id() {
            return Err(Errno::EBUSY);
        }
        if !dir.is_empty() {
            return Err(Errno::ENOTEMPTY);
        }
        self.unlink_entry(parent, name)?;
        self.touch(parent, false, true, true);
        Ok(())
    }
}

/// The parent, name and existing victim of a removal, or `not_a_name` for `.`, `..`, `/` and
/// `ENOENT` for a missing name.
fn removal_target(
    resolved: &Resolved,
    not_a_name: Errno,
) -> Result<(InodeId, &[u8], InodeId), Errno> {
    let Last::Name(name) = &resolved.last else { return Err(not_a_name) };
    let victim = resolved.target.ok_or(Errno::ENOENT)?;
    Ok((resolved.parent, name, victim))
}
