//! rename(2) / renameat(2) / renameat2(2) with `RENAME_NOREPLACE` and `RENAME_EXCHANGE`.
//!
//! The rules, in Linux's order (`do_renameat2`, `vfs_rename`, `shmem_rename2`): `.`, `..` and
//! `/` as either name are `EBUSY` (`EEXIST` for the new name under `RENAME_NOREPLACE`); different
//! file systems are `EXDEV`; a missing source is `ENOENT`; `RENAME_NOREPLACE` with an existing
//! target is `EEXIST`, `RENAME_EXCHANGE` with a missing one `ENOENT`; a trailing slash on a
//! non-directory is `ENOTDIR`; a source that is an ancestor of the new parent is `EINVAL`, a
//! target that is an ancestor of the old parent `ENOTEMPTY`; two names of the same inode make
//! the call a successful no-op; then the removal permissions of both names (`may_delete`), a
//! directory replacing a non-directory `ENOTDIR` and the reverse `EISDIR`, a mount point
//! `EBUSY`, a moved directory needs write permission on itself to rewrite its `..`, and a
//! non-empty directory target is `ENOTEMPTY`. `RENAME_WHITEOUT` (overlayfs only) is `EINVAL`.

use syscall_translation::flags::RenameFlags;
use syscall_translation::Errno;

use super::perm::{permission, MAY_WRITE};
use super::{At, Ctx, InodeId, Last, Vfs};

impl Vfs {
    /// rename(2).
    pub fn rename(&mut self, cx: &Ctx, old: &[u8], new: &[u8]) -> Result<(), Errno> {
        self.renameat2(cx, At::Cwd, old, At::Cwd, new, RenameFlags::empty())
    }

    /// renameat2(2).
    pub fn renameat2(
        &mut self,
        cx: &Ctx,
        old_at: At,
        old: &[u8],
        new_at: At,
        new: &[u8],
        flags: RenameFlags,
    ) -> Result<(), Errno> {
        let exchange = flags.contains(RenameFlags::RENAME_EXCHANGE);
        let noreplace = flags.contains(RenameFlags::RENAME_NOREPLACE);
        if flags.bits() & !(RenameFlags::RENAME_EXCHANGE | RenameFlags::RENAME_NOREPLACE).bits()
            != 0
            || (exchange && noreplace)
        {
            return Err(Errno::EINVAL);
        }
        let from = self.walk_parent(cx, old_at, old)?;
        let to = self.walk_parent(cx, new_at, new)?;
        let Last::Name(old_name) = &from.last else { return Err(Errno::EBUSY) };
        let Last::Name(new_name) = &to.last else {
            return Err(if noreplace { Errno::EEXIST } else { Errno::EBUSY });
        };
        let (old_dir, new_dir) = (from.parent, to.parent);
        if self.inode(old_dir)?.fs != self.inode(new_dir)?.fs {
            return Err(Errno::EXDEV);
        }
        self.check_writable_fs(old_dir)?;
        let source = from.target.ok_or(Errno::ENOENT)?;
        if noreplace && to.target.is_some() {
            return Err(Errno::EEXIST);
        }
        if exchange && to.target.is_none() {
            return Err(Errno::ENOENT);
        }
        let source_is_dir = self.inode(source)?.is_dir();
        if !source_is_dir && (from.trailing_slash || (!exchange && to.trailing_slash)) {
            return Err(Errno::ENOTDIR);
        }
        if let Some(target) = to.target {
            if exchange && !self.inode(target)?.is_dir() && to.trailing_slash {
                return Err(Errno::ENOTDIR);
            }
        }
        if source_is_dir && self.is_ancestor(source, new_dir)? {
            return Err(Errno::EINVAL);
        }
        if let Some(target) = to.target {
            if self.inode(target)?.is_dir() && self.is_ancestor(target, old_dir)? {
                return Err(if exchange { Errno::EINVAL } else { Errno::ENOTEMPTY });
            }
        }
        if to.target == Some(source) {
            return Ok(());
        }
        self.may_delete(cx.cred, old_dir, source)?;
        match to.target {
            None => self.may_create(cx.cred, new_dir)?,
            Some(target) => {
                self.may_delete(cx.cred, new_dir, target)?;
                let target_is_dir = self.inode(target)?.is_dir();
                if !exchange {
                    if source_is_dir && !target_is_dir {
                        return Err(Errno::ENOTDIR);
                    }
                    if !source_is_dir && target_is_dir {
                        return Err(Errno::EISDIR);
                    }
                }
                if self.mounts.contains_key(&target) {
                    return Err(Errno::EBUSY);
                }
            }
        }
        if self.mounts.contains_key(&source) {
            return Err(Errno::EBUSY);
        }
        if old_dir != new_dir {
            if source_is_dir {
                permission(cx.cred, self.inode(source)?, MAY_WRITE)?;
            }
            if let Some(target) = to.target.filter(|_| exchange) {
                if self.inode(target)?.is_dir() {
                    permission(cx.cred, self.inode(target)?, MAY_WRITE)?;
                }
            }
        }
        if let Some(target) = to.target.filter(|_| !exchange) {
            if self.inode(target)?.dir().is_some_and(|d| !d.is_empty()) {
                return Err(Errno::ENOTEMPTY);
            }
        }
        let (old_name, new_name) = (old_name.clone(), new_name.clone());
        if exchange {
            let target = to.target.ok_or(Errno::ENOENT)?;
            self.exchange_entries(old_dir, &old_name, source, new_dir, &new_name, target)?;
            self.touch(target, false, false, true);
        } else {
            if let Some(target) = to.target {
                self.unlink_entry(new_dir, &new_name)?;
                self.touch(target, false, false, true);
            }
            self.move_entry(old_dir, &old_name, new_dir, &new_name, source)?;
        }
        self.touch(source, false, false, true);
        self.touch(old_dir, false, true, true);
        self.touch(new_dir, false, true, true);
        Ok(())
    }

    /// Whether `ancestor` is `id` or one of its ancestors (within one file system).
    fn is_ancestor(&self, ancestor: InodeId, mut id: InodeId) -> Result<bool, Errno> {
        loop {
            if id == ancestor {
                return Ok(true);
            }
            let parent = self.inode(id)?.dir().ok_or(Errno::ENOTDIR)?.parent;
            if parent == id {
                return Ok(false);
            }
            id = parent;
        }
    }

    /// Move the entry `old_name` of `old_dir` (naming `id`) to `new_name` of `new_dir`, which
    /// is free; a directory's `..` link moves with it.
    fn move_entry(
        &mut self,
        old_dir: InodeId,
        old_name: &[u8],
        new_dir: InodeId,
        new_name: &[u8],
        id: InodeId,
    ) -> Result<(), Errno> {
        self.inode_mut(old_dir)?.dir_mut().ok_or(Errno::ENOTDIR)?.remove(old_name);
        self.inode_mut(new_dir)?.dir_mut().ok_or(Errno::ENOTDIR)?.insert(new_name, id);
        self.reparent(id, old_dir, new_dir)
    }

    /// Swap what two entries name (`RENAME_EXCHANGE`).
    fn exchange_entries(
        &mut self,
        old_dir: InodeId,
        old_name: &[u8],
        source: InodeId,
        new_dir: InodeId,
        new_name: &[u8],
        target: InodeId,
    ) -> Result<(), Errno> {
        self.inode_mut(old_dir)?.dir_mut().ok_or(Errno::ENOTDIR)?.replace(old_name, target);
        self.inode_mut(new_dir)?.dir_mut().ok_or(Errno::ENOTDIR)?.replace(new_name, source);
        self.reparent(source, old_dir, new_dir)?;
        self.reparent(target, new_dir, old_dir)
    }

    /// After `id` moved from `from` to `to`: if it is a directory, move its `..` link.
    fn reparent(&mut self, id: InodeId, from: InodeId, to: InodeId) -> Result<(), Errno> {
        if from == to {
            return Ok(());
        }
        let Some(dir) = self.inode_mut(id)?.dir_mut() else { return Ok(()) };
        dir.parent = to;
        self.inode_mut(from)?.nlink -= 1;
        self.inode_mut(to)?.nlink += 1;
        Ok(())
    }
}
