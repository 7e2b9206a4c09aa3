//! Permission checks (path_resolution(7) "Permission checking", credentials(7),
//! capabilities(7) for `CAP_DAC_OVERRIDE`, `CAP_FOWNER`, `CAP_CHOWN`; inode(7) for the sticky
//! bit; Linux's `generic_permission` and `may_delete`).
//!
//! The model has a single superuser (effective uid 0, holding every capability) and ordinary
//! users. The superuser passes every read, write and search check, and execute on a
//! non-directory when at least one execute bit is set; anyone else gets the owner, group or
//! other bits, whichever class matches first.

use syscall_translation::types::stat::S_ISVTX;
use syscall_translation::Errno;

use super::{Cred, Inode, InodeId, Vfs};

/// Execute or search.
pub const MAY_EXEC: u32 = 1;
/// Write.
pub const MAY_WRITE: u32 = 2;
/// Read.
pub const MAY_READ: u32 = 4;

/// Whether `cred` may access `inode` as `mask` (`MAY_*` bits); `EACCES` if not.
pub fn permission(cred: &Cred, inode: &Inode, mask: u32) -> Result<(), Errno> {
    if cred.is_root() {
        if mask & MAY_EXEC != 0 && !inode.is_dir() && inode.mode & 0o111 == 0 {
            return Err(Errno::EACCES);
        }
        return Ok(());
    }
    let bits = if inode.uid == cred.euid {
        inode.mode >> 6
    } else if cred.in_group(inode.gid) {
        inode.mode >> 3
    } else {
        inode.mode
    } & 7;
    if mask & !bits != 0 {
        return Err(Errno::EACCES);
    }
    Ok(())
}

/// Whether `cred` owns `inode` or may act as its owner (`CAP_FOWNER`): chmod(2), utimensat(2)
/// with explicit times, and the sticky-bit rule.
pub fn is_owner_or_root(cred: &Cred, inode: &Inode) -> bool {
    cred.is_root() || cred.euid == inode.uid
}

impl Vfs {
    /// Whether `cred` may remove or replace the entry for `victim` in `dir` (Linux's
    /// `may_delete`): write and search on the directory, and, in a sticky directory, ownership
    /// of the victim or of the directory (`EPERM` otherwise).
    pub(super) fn may_delete(
        &self,
        cred: &Cred,
        dir: InodeId,
        victim: InodeId,
    ) -> Result<(), Errno> {
        let dir_inode = self.inode(dir)?;
        permission(cred, dir_inode, MAY_WRITE | MAY_EXEC)?;
        let victim_inode = self.inode(victim)?;
        if dir_inode.mode & S_ISVTX != 0
            && !cred.is_root()
            && cred.euid != victim_inode.uid
            && cred.euid != dir_inode.uid
        {
            return Err(Errno::EPERM);
        }
        Ok(())
    }

    /// Whether `cred` may add an entry to `dir` (Linux's `may_create`).
    pub(super) fn may_create(&self, cred: &Cred, dir: InodeId) -> Result<(), Errno> {
        let dir_inode = self.inode(dir)?;
        // A removed directory, and /proc (whose names the server makes), take no new entries.
        if dir_inode.nlink == 0 || self.fs(dir_inode.fs).kind == super::FsKind::Proc {
            return Err(Errno::ENOENT);
        }
        permission(cred, dir_inode, MAY_WRITE | MAY_EXEC)
    }
}
