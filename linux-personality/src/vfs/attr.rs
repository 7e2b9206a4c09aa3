//! Inode attributes: stat(2) / fstat(2) / lstat(2) / newfstatat(2), statx(2), chmod(2) /
//! fchmod(2) / fchmodat(2), chown(2) / fchown(2) / lchown(2) / fchownat(2), utimensat(2)
//! (`UTIME_NOW`, `UTIME_OMIT`), access(2) / faccessat(2) / faccessat2(2), statfs(2) /
//! fstatfs(2).
//!
//! The server resolves the path (with [`Vfs::lookup`], which applies `AT_EMPTY_PATH` and
//! `AT_SYMLINK_NOFOLLOW`) or takes the inode of a descriptor, then calls these per-inode
//! operations, so one function serves each family.

use syscall_translation::flags::{AtFlags, MountFlags, StatxMask};
use syscall_translation::types::fs::{R_OK, W_OK, X_OK};
use syscall_translation::types::stat::{major, minor, S_IFMT, S_ISGID, S_ISUID};
use syscall_translation::types::time::{NSEC_PER_SEC, UTIME_NOW, UTIME_OMIT};
use syscall_translation::types::{Stat, Statfs, Statx, StatxTimestamp, Timespec};
use syscall_translation::Errno;

use super::mount::FsKind;
use super::perm::{is_owner_or_root, permission, MAY_EXEC, MAY_READ, MAY_WRITE};
use super::{At, Ctx, InodeId, Vfs, NAME_MAX, PAGE};

/// One timestamp argument of utimensat(2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSpec {
    /// `UTIME_NOW`.
    Now,
    /// `UTIME_OMIT`.
    Omit,
    /// An explicit time.
    Set(Timespec),
}

impl TimeSpec {
    /// Decode a `struct timespec` argument: the two special `tv_nsec` values, or a time whose
    /// nanoseconds are in range (`EINVAL` otherwise).
    pub fn from_timespec(ts: Timespec) -> Result<TimeSpec, Errno> {
        match ts.tv_nsec {
            UTIME_NOW => Ok(TimeSpec::Now),
            UTIME_OMIT => Ok(TimeSpec::Omit),
            nsec if (0..NSEC_PER_SEC).contains(&nsec) => Ok(TimeSpec::Set(ts)),
            _ => Err(Errno::EINVAL),
        }
    }
}

/// `TMPFS_MAGIC`.
pub const TMPFS_MAGIC: i64 = 0x0102_1994;
/// `PROC_SUPER_MAGIC`.
pub const PROC_SUPER_MAGIC: i64 = 0x9fa0;

fn statx_time(ts: Timespec) -> StatxTimestamp {
    StatxTimestamp { tv_sec: ts.tv_sec, tv_nsec: ts.tv_nsec as u32, __reserved: 0 }
}

impl Vfs {
    /// The `struct stat` of `id`.
    pub fn stat(&self, id: InodeId) -> Result<Stat, Errno> {
        let inode = self.inode(id)?;
        Ok(Stat {
            st_dev: self.fs(inode.fs).dev,
            st_ino: inode.ino,
            st_nlink: inode.nlink as u64,
            st_mode: inode.mode,
            st_uid: inode.uid,
            st_gid: inode.gid,
            st_rdev: inode.rdev,
            st_size: inode.size() as i64,
            st_blksize: PAGE as i64,
            st_blocks: (inode.data().map_or(0, |d| d.resident_bytes()) / 512) as i64,
            st_atime: inode.atime.tv_sec,
            st_atime_nsec: inode.atime.tv_nsec,
            st_mtime: inode.mtime.tv_sec,
            st_mtime_nsec: inode.mtime.tv_nsec,
            st_ctime: inode.ctime.tv_sec,
            st_ctime_nsec: inode.ctime.tv_nsec,
            ..Stat::default()
        })
    }

    /// The `struct statx` of `id`. All basic fields, the birth time and the mount id are
    /// filled whatever `_mask` asked (statx(2) allows returning more than requested).
    pub fn statx(&self, id: InodeId, _mask: StatxMask) -> Result<Statx, Errno> {
        let stat = self.stat(id)?;
        let inode = self.inode(id)?;
        let dev = self.fs(inode.fs).dev;
        Ok(Statx {
            stx_mask: (StatxMask::STATX_BASIC_STATS
                | StatxMask::STATX_BTIME
                | StatxMask::STATX_MNT_ID)
                .bits(),
            stx_blksize: stat.st_blksize as u32,
            stx_nlink: inode.nlink,
            stx_uid: inode.uid,
            stx_gid: inode.gid,
            stx_mode: inode.mode as u16,
            stx_ino: inode.ino,
            stx_size: stat.st_size as u64,
            stx_blocks: stat.st_blocks as u64,
            stx_atime: statx_time(inode.atime),
            stx_btime: statx_time(inode.btime),
            stx_ctime: statx_time(inode.ctime),
            stx_mtime: statx_time(inode.mtime),
            stx_rdev_major: major(inode.rdev),
            stx_rdev_minor: minor(inode.rdev),
            stx_dev_major: major(dev),
            stx_dev_minor: minor(dev),
            stx_mnt_id: inode.fs as u64 + 1,
            ..Statx::default()
        })
    }

    /// chmod(2) on `id`: owner or superuser only (`EPERM`); an unprivileged owner outside the
    /// file's group loses `S_ISGID`; a symbolic link is `EOPNOTSUPP`.
    pub fn chmod(&mut self, cx: &Ctx, id: InodeId, mode: u32) -> Result<(), Errno> {
        self.check_writable_fs(id)?;
        let inode = self.inode(id)?;
        if inode.is_symlink() {
            return Err(Errno::EOPNOTSUPP);
        }
        if !is_owner_or_root(cx.cred, inode) {
            return Err(Errno::EPERM);
        }
        let mut mode = mode & 0o7777;
        if !cx.cred.is_root() && !cx.cred.in_group(inode.gid) {
            mode &= !S_ISGID;
        }
        let inode = self.inode_mut(id)?;
        inode.mode = (inode.mode & S_IFMT) | mode;
        self.touch(id, false, false, true);
        Ok(())
    }

    /// chown(2) on `id` (`None` is -1, "unchanged"). Only the superuser may change the owner;
    /// the owner may change the group to one of its own groups; else `EPERM`. A change clears
    /// `S_ISUID`, and `S_ISGID` when group-executable, of a non-directory (Linux since 2.2.13,
    /// for the superuser too).
    pub fn chown(
        &mut self,
        cx: &Ctx,
        id: InodeId,
        uid: Option<u32>,
        gid: Option<u32>,
    ) -> Result<(), Errno> {
        self.check_writable_fs(id)?;
        let inode = self.inode(id)?;
        if !cx.cred.is_root() {
            if uid.is_some_and(|uid| uid != inode.uid) {
                return Err(Errno::EPERM);
            }
            if let Some(gid) = gid {
                if cx.cred.euid != inode.uid || (gid != inode.gid && !cx.cred.in_group(gid)) {
                    return Err(Errno::EPERM);
                }
            }
        }
        let inode = self.inode_mut(id)?;
        if let Some(uid) = uid {
            inode.uid = uid;
        }
        if let Some(gid) = gid {
            inode.gid = gid;
        }
        if (uid.is_some() || gid.is_some()) && !inode.is_dir() {
            inode.mode &= !S_ISUID;
            if inode.mode & 0o010 != 0 {
                inode.mode &= !S_ISGID;
            }
        }
        self.touch(id, false, false, true);
        Ok(())
    }

    /// utimensat(2) on `id`: `None` sets both times to now. Explicit times need ownership or
    /// the superuser (`EPERM`); "now" needs ownership or write permission (`EACCES`). Both
    /// `UTIME_OMIT` changes nothing. `ctime` becomes now.
    pub fn utimens(
        &mut self,
        cx: &Ctx,
        id: InodeId,
        times: Option<[TimeSpec; 2]>,
    ) -> Result<(), Errno> {
        let [atime, mtime] = times.unwrap_or([TimeSpec::Now, TimeSpec::Now]);
        if atime == TimeSpec::Omit && mtime == TimeSpec::Omit {
            return Ok(());
        }
        self.check_writable_fs(id)?;
        let inode = self.inode(id)?;
        let explicit = matches!(atime, TimeSpec::Set(_) | TimeSpec::Omit)
            && matches!(mtime, TimeSpec::Set(_) | TimeSpec::Omit);
        if !is_owner_or_root(cx.cred, inode) {
            if explicit {
                return Err(Errno::EPERM);
            }
            permission(cx.cred, inode, MAY_WRITE)?;
        }
        let now = self.now();
        let inode = self.inode_mut(id)?;
        let pick = |spec: TimeSpec, old: Timespec| match spec {
            TimeSpec::Now => now,
            TimeSpec::Omit => old,
            TimeSpec::Set(ts) => ts,
        };
        inode.atime = pick(atime, inode.atime);
        inode.mtime = pick(mtime, inode.mtime);
        inode.ctime = now;
        Ok(())
    }

    /// faccessat2(2): check `mode` (`F_OK` or `R_OK | W_OK | X_OK`) with the real ids, or the
    /// effective ones with `AT_EACCESS`. `W_OK` on a read-only mount is `EROFS`.
    pub fn faccessat2(
        &self,
        cx: &Ctx,
        at: At,
        path: &[u8],
        mode: u32,
        flags: AtFlags,
    ) -> Result<(), Errno> {
        if mode & !(R_OK | W_OK | X_OK) != 0 || !AtFlags::FACCESSAT2_MASK.contains(flags) {
            return Err(Errno::EINVAL);
        }
        let cred =
            if flags.contains(AtFlags::AT_EACCESS) { cx.cred.clone() } else { cx.cred.as_real() };
        let real = Ctx { fs: cx.fs, cred: &cred };
        let id = self.lookup(&real, at, path, flags - AtFlags::AT_EACCESS)?;
        let mut mask = 0;
        if mode & R_OK != 0 {
            mask |= MAY_READ;
        }
        if mode & W_OK != 0 {
            mask |= MAY_WRITE;
        }
        if mode & X_OK != 0 {
            mask |= MAY_EXEC;
        }
        permission(&cred, self.inode(id)?, mask)?;
        if mask & MAY_WRITE != 0 {
            self.check_writable_fs(id)?;
        }
        Ok(())
    }

    /// The `struct statfs` of the file system holding `id`. A tmpfs here has no size limit, so
    /// block and inode totals are 0 as for Linux's `size=0` tmpfs.
    pub fn statfs(&self, id: InodeId) -> Result<Statfs, Errno> {
        let superblock = self.superblock_of(id)?;
        let flags = superblock.flags;
        let mut st_flags = 0x20; // ST_VALID
        for (ms, st) in [
            (MountFlags::MS_RDONLY, 1),
            (MountFlags::MS_NOSUID, 2),
            (MountFlags::MS_NODEV, 4),
            (MountFlags::MS_NOEXEC, 8),
            (MountFlags::MS_SYNCHRONOUS, 16),
            (MountFlags::MS_MANDLOCK, 64),
            (MountFlags::MS_NOATIME, 1024),
            (MountFlags::MS_NODIRATIME, 2048),
            (MountFlags::MS_RELATIME, 4096),
        ] {
            if flags.contains(ms) {
                st_flags |= st;
            }
        }
        Ok(Statfs {
            f_type: match superblock.kind {
                FsKind::Tmpfs => TMPFS_MAGIC,
                FsKind::Proc => PROC_SUPER_MAGIC,
            },
            f_bsize: PAGE as i64,
            f_fsid: [minor(superblock.dev) as i32, major(superblock.dev) as i32],
            f_namelen: NAME_MAX as i64,
            f_frsize: PAGE as i64,
            f_flags: st_flags,
            ..Statfs::default()
        })
    }
}
