//! File attributes: the stat family (stat, lstat, fstat, newfstatat, statx),
//! access/faccessat/faccessat2, readlink(at), chmod/fchmod/fchmodat, the chown
//! family, utimensat/utimes/utime/futimesat, truncate/ftruncate, fallocate,
//! fsync/fdatasync/sync/syncfs, statfs/fstatfs. The rules are
//! `linux_personality::vfs`'s; here are the ABI and the files outside the
//! tree (console, pipes, /proc). See stat(2), statx(2), chmod(2), utimensat(2).

use linux_personality::vfs::{Ctx, FallocateMode, InodeId, TimeSpec};
use syscall_translation::flags::{AtFlags, StatxMask};
use syscall_translation::types::stat::{makedev, Stat, Statfs, Statx, S_IFCHR, S_IFDIR, S_IFIFO};
use syscall_translation::types::Timespec;
use syscall_translation::Errno;

use super::fs::{at, dir_arg, path_arg, read_user, ret, write_user, AT_FDCWD};
use super::{Call, Done};
use crate::abi_out;
use crate::files::Kind;
use crate::procfs::Followed;

const AT_SYMLINK_NOFOLLOW: u64 = AtFlags::AT_SYMLINK_NOFOLLOW.bits() as u64;
const AT_EACCESS: u64 = AtFlags::AT_EACCESS.bits() as u64;
const AT_NO_AUTOMOUNT: u64 = AtFlags::AT_NO_AUTOMOUNT.bits() as u64;
const AT_EMPTY_PATH: u64 = AtFlags::AT_EMPTY_PATH.bits() as u64;
const AT_STATX_SYNC_TYPE: u64 = AtFlags::AT_STATX_SYNC_TYPE.bits() as u64;

/// What a stat call reports: a VFS inode, or a `struct stat` made here.
enum Target {
    Inode(InodeId),
    Made(Stat),
}

/// A `struct stat` for a file outside the tree.
fn made(c: &Call, mode: u32, ino: u64, rdev: u64, size: u64) -> Stat {
    let time = c.sys.boot_time as i64;
    Stat {
        st_dev: makedev(0, if mode & S_IFIFO == S_IFIFO { 12 } else { 5 }),
        st_ino: ino,
        st_nlink: if mode & S_IFDIR != 0 && mode & S_IFCHR == 0 { 2 } else { 1 },
        st_mode: mode,
        st_rdev: rdev,
        st_size: size as i64,
        st_blksize: 4096,
        st_atime: time,
        st_mtime: time,
        st_ctime: time,
        ..Stat::default()
    }
}

fn target_of_fd(c: &mut Call, fd: i32) -> Result<Target, Errno> {
    let file = c.p.file(fd)?;
    let f = file.borrow();
    if let Some(v) = f.vfs_file() {
        return Ok(Target::Inode(v.inode()));
    }
    Ok(Target::Made(match &f.kind {
        // The serial console, ttyS0 (4:64), group tty.
        Kind::Console(..) => Stat { st_gid: 5, ..made(c, S_IFCHR | 0o620, 3, makedev(4, 64), 0) },
        Kind::PipeRead(pipe) | Kind::PipeWrite(pipe) => {
            let ino = alloc::rc::Rc::as_ptr(pipe) as u64 & 0xffff_ffff;
            made(c, S_IFIFO | 0o600, ino, 0, 0)
        }
        Kind::Generated { data, mode, ino } => made(c, *mode, *ino, 0, data.len() as u64),
        Kind::Listing { ino, .. } => made(c, S_IFDIR | 0o555, *ino, 0, 0),
        Kind::Special(special) => made(c, special.mode(), special.ino(), 0, 0),
        Kind::File(_) | Kind::Device(..) => unreachable!("VFS files returned above"),
    }))
}

/// What `(dirfd, path, flags)` names for a stat-like call.
fn target_of_path(c: &mut Call, dirfd: u64, address: u64, flags: u64) -> Result<Target, Errno> {
    let path = path_arg(c, address)?;
    if path.is_empty() {
        if flags & AT_EMPTY_PATH != 0 {
            if dirfd as i32 == AT_FDCWD {
                return Ok(Target::Inode(c.p.fs.cwd()));
            }
            return target_of_fd(c, dirfd as i32);
        }
        return Err(Errno::ENOENT);
    }
    let dir = dir_arg(c, dirfd, &path)?;
    let follow = flags & AT_SYMLINK_NOFOLLOW == 0;
    let cx = Ctx::new(&c.p.fs, &c.p.cred);
    match c.sys.vfs.walk(&cx, at(&dir), &path, follow).and_then(|r| r.existing()) {
        Ok(id) => Ok(Target::Inode(id)),
        Err(Errno::ENOENT) => match c.sys.vfs.proc_remainder(&cx, at(&dir), &path, follow) {
            Some(rest) => match crate::procfs::stat(c, &rest, follow)? {
                Followed::Made(stat) => Ok(Target::Made(stat)),
                Followed::Inode(id) => Ok(Target::Inode(id)),
                Followed::Fd(fd) => target_of_fd(c, fd),
            },
            None => Err(Errno::ENOENT),
        },
        Err(e) => Err(e),
    }
}

fn stat_of(c: &Call, target: Target) -> Result<Stat, Errno> {
    match target {
        Target::Inode(id) => c.sys.vfs.stat(id),
        Target::Made(stat) => Ok(stat),
    }
}

fn statx_of(c: &Call, target: Target, mask: StatxMask) -> Result<Statx, Errno> {
    match target {
        Target::Inode(id) => c.sys.vfs.statx(id, mask),
        Target::Made(stat) => Ok(abi_out::statx_of(&stat)),
    }
}

fn put_stat(c: &mut Call, target: Result<Target, Errno>, buf: u64) -> Done {
    let stat = target.and_then(|t| stat_of(c, t));
    ret(stat.and_then(|s| write_user(c, buf, &abi_out::stat(&s))).map(|()| 0))
}

pub fn sys_fstat(c: &mut Call) -> Done {
    let target = target_of_fd(c, c.a[0] as i32);
    put_stat(c, target, c.a[1])
}

pub fn sys_stat(c: &mut Call) -> Done {
    let target = target_of_path(c, AT_FDCWD as u64, c.a[0], 0);
    put_stat(c, target, c.a[1])
}

pub fn sys_lstat(c: &mut Call) -> Done {
    let target = target_of_path(c, AT_FDCWD as u64, c.a[0], AT_SYMLINK_NOFOLLOW);
    put_stat(c, target, c.a[1])
}

pub fn sys_newfstatat(c: &mut Call) -> Done {
    let (dirfd, path, buf, flags) = (c.a[0], c.a[1], c.a[2], c.a[3]);
    if flags & !(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT) != 0 {
        return ret(Err(Errno::EINVAL));
    }
    let target = target_of_path(c, dirfd, path, flags);
    put_stat(c, target, buf)
}

pub fn sys_statx(c: &mut Call) -> Done {
    let (dirfd, path, flags, mask, buf) = (c.a[0], c.a[1], c.a[2], c.a[3], c.a[4]);
    let known = AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE;
    if flags & !known != 0 || flags & AT_STATX_SYNC_TYPE == AT_STATX_SYNC_TYPE {
        return ret(Err(Errno::EINVAL));
    }
    if mask & 0x8000_0000 != 0 {
        // STATX__RESERVED
        return ret(Err(Errno::EINVAL));
    }
    let statx = target_of_path(c, dirfd, path, flags)
        .and_then(|t| statx_of(c, t, StatxMask::from_bits_retain(mask as u32)));
    ret(statx.and_then(|s| write_user(c, buf, &abi_out::statx(&s))).map(|()| 0))
}

fn access_common(c: &mut Call, dirfd: u64, address: u64, mode: u64, flags: u64) -> Done {
    if mode & !7 != 0 || flags & !(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH) != 0 {
        return ret(Err(Errno::EINVAL));
    }
    let path = match path_arg(c, address) {
        Ok(p) => p,
        Err(e) => return ret(Err(e)),
    };
    let dir = match dir_arg(c, dirfd, &path) {
        Ok(d) => d,
        Err(e) => return ret(Err(e)),
    };
    let cx = Ctx::new(&c.p.fs, &c.p.cred);
    let flags = AtFlags::from_bits_retain(flags as u32);
    match c.sys.vfs.faccessat2(&cx, at(&dir), &path, mode as u32, flags) {
        Err(Errno::ENOENT) => {
            let follow = !flags.contains(AtFlags::AT_SYMLINK_NOFOLLOW);
            match c.sys.vfs.proc_remainder(&cx, at(&dir), &path, follow) {
                Some(rest) => ret(crate::procfs::stat(c, &rest, follow).and_then(|s| {
                    let mode_bits = match s {
                        Followed::Made(s) => s.st_mode,
                        Followed::Inode(id) => c.sys.vfs.inode(id)?.mode,
                        Followed::Fd(_) => 0o600,
                    };
                    // Root passes everything but execute of a file with no x bit.
                    let exec_denied = mode & 1 != 0 && mode_bits & 0o111 == 0;
                    if exec_denied || (mode & 2 != 0 && mode_bits & 0o222 == 0) {
                        Err(Errno::EACCES)
                    } else {
                        Ok(0)
                    }
                })),
                None => ret(Err(Errno::ENOENT)),
            }
        }
        r => ret(r.map(|()| 0)),
    }
}

pub fn sys_access(c: &mut Call) -> Done {
    access_common(c, AT_FDCWD as u64, c.a[0], c.a[1], 0)
}

pub fn sys_faccessat(c: &mut Call) -> Done {
    access_common(c, c.a[0], c.a[1], c.a[2], 0)
}

pub fn sys_faccessat2(c: &mut Call) -> Done {
    access_common(c, c.a[0], c.a[1], c.a[2], c.a[3])
}

fn readlink_common(c: &mut Call, dirfd: u64, address: u64, buf: u64, size: u64) -> Done {
    if size as i64 <= 0 {
        return ret(Err(Errno::EINVAL));
    }
    let path = match path_arg(c, address) {
        Ok(p) => p,
        Err(e) => return ret(Err(e)),
    };
    let target = (|| {
        let dir = dir_arg(c, dirfd, &path)?;
        let cx = Ctx::new(&c.p.fs, &c.p.cred);
        match c.sys.vfs.readlinkat(&cx, at(&dir), &path) {
            Err(Errno::ENOENT) => match c.sys.vfs.proc_remainder(&cx, at(&dir), &path, false) {
                Some(rest) => crate::procfs::readlink(c, &rest),
                None => Err(Errno::ENOENT),
            },
            r => r,
        }
    })();
    ret(target.and_then(|target| {
        let n = target.len().min(size as usize);
        write_user(c, buf, &target[..n]).map(|()| n as u64)
    }))
}

pub fn sys_readlink(c: &mut Call) -> Done {
    readlink_common(c, AT_FDCWD as u64, c.a[0], c.a[1], c.a[2])
}

pub fn sys_readlinkat(c: &mut Call) -> Done {
    readlink_common(c, c.a[0], c.a[1], c.a[2], c.a[3])
}

/// The inode `(dirfd, path, flags)` names, for the calls that change attributes.
fn inode_at(c: &mut Call, dirfd: u64, address: u64, flags: u64) -> Result<InodeId, Errno> {
    match target_of_path(c, dirfd, address, flags)? {
        Target::Inode(id) => Ok(id),
        // /proc, pipes, the console: not changeable here.
        Target::Made(_) => Err(Errno::EPERM),
    }
}

fn inode_of_fd(c: &mut Call, fd: i32) -> Result<InodeId, Errno> {
    match target_of_fd(c, fd)? {
        Target::Inode(id) => Ok(id),
        Target::Made(_) => Err(Errno::EPERM),
    }
}

fn chmod_on(c: &mut Call, id: Result<InodeId, Errno>, mode: u64) -> Done {
    let cx = Ctx::new(&c.p.fs, &c.p.cred);
    ret(id.and_then(|id| c.sys.vfs.chmod(&cx, id, mode as u32 & 0o7777)).map(|()| 0))
}

pub fn sys_chmod(c: &mut Call) -> Done {
    let id = inode_at(c, AT_FDCWD as u64, c.a[0], 0);
    chmod_on(c, id, c.a[1])
}

pub fn sys_fchmod(c: &mut Call) -> Done {
    let id = inode_of_fd(c, c.a[0] as i32);
    chmod_on(c, id, c.a[1])
}

pub fn sys_fchmodat(c: &mut Call) -> Done {
    // fchmodat has no flags argument (fchmodat2 does).
    let id = inode_at(c, c.a[0], c.a[1], 0);
    chmod_on(c, id, c.a[2])
}

pub fn sys_fchmodat2(c: &mut Call) -> Done {
    let flags = c.a[3];
    if flags & !(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) != 0 {
        return ret(Err(Errno::EINVAL));
    }
    let id = inode_at(c, c.a[0], c.a[1], flags);
    if flags & AT_SYMLINK_NOFOLLOW != 0 {
        if let Ok(id) = id {
            if c.sys.vfs.inode(id).is_ok_and(|i| i.is_symlink()) {
                return ret(Err(Errno::EOPNOTSUPP));
            }
        }
    }
    chmod_on(c, id, c.a[2])
}

fn chown_on(c: &mut Call, id: Result<InodeId, Errno>, uid: u64, gid: u64) -> Done {
    let keep = |v: u64| (v as u32 != u32::MAX).then_some(v as u32);
    let cx = Ctx::new(&c.p.fs, &c.p.cred);
    ret(id.and_then(|id| c.sys.vfs.chown(&cx, id, keep(uid), keep(gid))).map(|()| 0))
}

pub fn sys_chown(c: &mut Call) -> Done {
    let id = inode_at(c, AT_FDCWD as u64, c.a[0], 0);
    chown_on(c, id, c.a[1], c.a[2])
}

pub fn sys_lchown(c: &mut Call) -> Done {
    let id = inode_at(c, AT_FDCWD as u64, c.a[0], AT_SYMLINK_NOFOLLOW);
    chown_on(c, id, c.a[1], c.a[2])
}

pub fn sys_fchown(c: &mut Call) -> Done {
    let id = inode_of_fd(c, c.a[0] as i32);
    chown_on(c, id, c.a[1], c.a[2])
}

pub fn sys_fchownat(c: &mut Call) -> Done {
    let flags = c.a[4];
    if flags & !(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) != 0 {
        return ret(Err(Errno::EINVAL));
    }
    let id = inode_at(c, c.a[0], c.a[1], flags);
    chown_on(c, id, c.a[2], c.a[3])
}

fn timespec_at(bytes: &[u8]) -> Timespec {
    let word = |i: usize| i64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().unwrap());
    Timespec { tv_sec: word(0), tv_nsec: word(1) }
}

fn utimens_on(c: &mut Call, id: Result<InodeId, Errno>, times: Option<[TimeSpec; 2]>) -> Done {
    let cx = Ctx::new(&c.p.fs, &c.p.cred);
    ret(id.and_then(|id| c.sys.vfs.utimens(&cx, id, times)).map(|()| 0))
}

pub fn sys_utimensat(c: &mut Call) -> Done {
    let (dirfd, path, times, flags) = (c.a[0], c.a[1], c.a[2], c.a[3]);
    if flags & !(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) != 0 {
        return ret(Err(Errno::EINVAL));
    }
    let times = if times == 0 {
        None
    } else {
        let parsed = read_user(c, times, 32).and_then(|b| {
            Ok([
                TimeSpec::from_timespec(timespec_at(&b[..16]))?,
                TimeSpec::from_timespec(timespec_at(&b[16..]))?,
            ])
        });
        match parsed {
            Ok(t) => Some(t),
            Err(e) => return ret(Err(e)),
        }
    };
    // A NULL path: the descriptor itself (futimens).
    let id = if path == 0 { inode_of_fd(c, dirfd as i32) } else { inode_at(c, dirfd, path, flags) };
    utimens_on(c, id, times)
}

/// utimes/futimesat: `struct timeval[2]` (microseconds), NULL for now.
fn timevals(c: &mut Call, address: u64) -> Result<Option<[TimeSpec; 2]>, Errno> {
    if address == 0 {
        return Ok(None);
    }
    let b = read_user(c, address, 32)?;
    let tv = |i: usize| -> Result<TimeSpec, Errno> {
        let t = timespec_at(&b[i * 16..i * 16 + 16]);
        if !(0..1_000_000).contains(&t.tv_nsec) {
            return Err(Errno::EINVAL);
        }
        Ok(TimeSpec::Set(Timespec { tv_sec: t.tv_sec, tv_nsec: t.tv_nsec * 1000 }))
    };
    Ok(Some([tv(0)?, tv(1)?]))
}

pub fn sys_utimes(c: &mut Call) -> Done {
    let times = match timevals(c, c.a[1]) {
        Ok(t) => t,
        Err(e) => return ret(Err(e)),
    };
    let id = inode_at(c, AT_FDCWD as u64, c.a[0], 0);
    utimens_on(c, id, times)
}

pub fn sys_futimesat(c: &mut Call) -> Done {
    let times = match timevals(c, c.a[2]) {
        Ok(t) => t,
        Err(e) => return ret(Err(e)),
    };
    let id = inode_at(c, c.a[0], c.a[1], 0);
    utimens_on(c, id, times)
}

/// utime(2): `struct utimbuf { time_t actime, modtime; }`, NULL for now.
pub fn sys_utime(c: &mut Call) -> Done {
    let times = if c.a[1] == 0 {
        None
    } else {
        match read_user(c, c.a[1], 16) {
            Ok(b) => {
                let word = |i: usize| i64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().unwrap());
                let at = |s| TimeSpec::Set(Timespec { tv_sec: s, tv_nsec: 0 });
                Some([at(word(0)), at(word(1))])
            }
            Err(e) => return ret(Err(e)),
        }
    };
    let id = inode_at(c, AT_FDCWD as u64, c.a[0], 0);
    utimens_on(c, id, times)
}

pub fn sys_truncate(c: &mut Call) -> Done {
    let path = match path_arg(c, c.a[0]) {
        Ok(p) => p,
        Err(e) => return ret(Err(e)),
    };
    let cx = Ctx::new(&c.p.fs, &c.p.cred);
    ret(c.sys.vfs.truncate(&cx, &path, c.a[1] as i64).map(|()| 0))
}

/// The VFS description behind `fd` (EINVAL for pipes and the console, as
/// ftruncate and fallocate give; EBADF if not open).
fn vfs_file(
    c: &mut Call,
    fd: i32,
) -> Result<alloc::rc::Rc<linux_personality::vfs::OpenFile>, Errno> {
    let file = c.p.file(fd)?;
    let f = file.borrow();
    match &f.kind {
        Kind::File(v) => Ok(v.clone()),
        Kind::PipeRead(_) | Kind::PipeWrite(_) => Err(Errno::ESPIPE),
        _ => Err(Errno::EINVAL),
    }
}

pub fn sys_ftruncate(c: &mut Call) -> Done {
    let file = match vfs_file(c, c.a[0] as i32) {
        Ok(f) => f,
        Err(Errno::ESPIPE) => return ret(Err(Errno::EINVAL)),
        Err(e) => return ret(Err(e)),
    };
    let cx = Ctx::new(&c.p.fs, &c.p.cred);
    ret(c.sys.vfs.ftruncate(&cx, &file, c.a[1] as i64).map(|()| 0))
}

pub fn sys_fallocate(c: &mut Call) -> Done {
    let (fd, mode, offset, len) = (c.a[0] as i32, c.a[1] as u32, c.a[2] as i64, c.a[3] as i64);
    let file = match vfs_file(c, fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let mode = match FallocateMode::from_bits(mode) {
        Ok(m) => m,
        Err(e) => return ret(Err(e)),
    };
    ret(c.sys.vfs.fallocate(&file, mode, offset, len).map(|()| 0))
}

/// fsync, fdatasync, syncfs: everything is in memory, so nothing to flush;
/// the descriptor must be open (EBADF), and EINVAL for what cannot sync.
pub fn sys_fsync(c: &mut Call) -> Done {
    let file = match c.p.file(c.a[0] as i32) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let syncable = !matches!(file.borrow().kind, Kind::PipeRead(_) | Kind::PipeWrite(_));
    ret(if syncable { Ok(0) } else { Err(Errno::EINVAL) })
}

pub fn sys_sync(_c: &mut Call) -> Done {
    ret(Ok(0))
}

fn statfs_of(c: &mut Call, id: Result<InodeId, Errno>, buf: u64) -> Done {
    let statfs = id.and_then(|id| c.sys.vfs.statfs(id)).map(|mut s: Statfs| {
        // Free space is what the frame pool and the heap have.
        let free = c.sys.frames.free_count() as u64;
        s.f_bfree = free;
        s.f_bavail = free;
        s.f_blocks = s.f_blocks.max(free);
        s
    });
    ret(statfs.and_then(|s| write_user(c, buf, &abi_out::statfs(&s))).map(|()| 0))
}

pub fn sys_statfs(c: &mut Call) -> Done {
    let id = match target_of_path(c, AT_FDCWD as u64, c.a[0], 0) {
        Ok(Target::Inode(id)) => Ok(id),
        Ok(Target::Made(_)) => Ok(proc_root(c)),
        Err(e) => Err(e),
    };
    statfs_of(c, id, c.a[1])
}

pub fn sys_fstatfs(c: &mut Call) -> Done {
    let id = match target_of_fd(c, c.a[0] as i32) {
        Ok(Target::Inode(id)) => Ok(id),
        Ok(Target::Made(_)) => Ok(proc_root(c)),
        Err(e) => Err(e),
    };
    statfs_of(c, id, c.a[1])
}

/// Files made here report the file system of /proc (pipes and the console
/// too: a simplification, their own pseudo file systems do not exist here).
fn proc_root(c: &mut Call) -> InodeId {
    let cx = Ctx::new(&c.p.fs, &c.p.cred);
    c.sys
        .vfs
        .walk(&cx, linux_personality::vfs::At::Cwd, b"/proc", true)
        .ok()
        .and_then(|r| r.target)
        .unwrap_or(c.sys.vfs.root())
}
