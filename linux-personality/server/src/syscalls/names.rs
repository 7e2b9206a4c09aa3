//! The name space: mkdir(at), mknod(at), rmdir, unlink(at), rename(at/at2),
//! link(at), symlink(at), the working directory (chdir, fchdir, getcwd),
//! umask, mount and umount2. The rules are `linux_personality::vfs`'s; see
//! mkdir(2), unlink(2), rename(2), link(2), symlink(2), getcwd(3), mount(2).

use linux_personality::vfs::{Ctx, Vfs};
use syscall_translation::flags::{AtFlags, MountFlags, RenameFlags, UmountFlags};
use syscall_translation::Errno;

use super::fs::{at, dir_arg, path_arg, ret, write_user, AT_FDCWD};
use super::{Call, Done};
use crate::files::Kind;

const CWD: u64 = AT_FDCWD as u64;

/// Reads the path at `address` and runs `op` with the caller's context and
/// the directory `dirfd` names.
fn with_path(
    c: &mut Call,
    dirfd: u64,
    address: u64,
    op: impl FnOnce(&mut Vfs, &Ctx, linux_personality::vfs::At, &[u8]) -> Result<(), Errno>,
) -> Done {
    let result = path_arg(c, address).and_then(|path| {
        let dir = dir_arg(c, dirfd, &path)?;
        let cx = Ctx::new(&c.p.fs, &c.p.cred);
        op(&mut c.sys.vfs, &cx, at(&dir), &path)
    });
    c.sys.vfs.reap();
    ret(result.map(|()| 0))
}

pub fn sys_mkdir(c: &mut Call) -> Done {
    let mode = c.a[1] as u32;
    with_path(c, CWD, c.a[0], |vfs, cx, at, path| vfs.mkdirat(cx, at, path, mode).map(|_| ()))
}

pub fn sys_mkdirat(c: &mut Call) -> Done {
    let mode = c.a[2] as u32;
    with_path(c, c.a[0], c.a[1], |vfs, cx, at, path| vfs.mkdirat(cx, at, path, mode).map(|_| ()))
}

pub fn sys_mknod(c: &mut Call) -> Done {
    let (mode, dev) = (c.a[1] as u32, c.a[2]);
    with_path(c, CWD, c.a[0], |vfs, cx, at, path| vfs.mknodat(cx, at, path, mode, dev).map(|_| ()))
}

pub fn sys_mknodat(c: &mut Call) -> Done {
    let (mode, dev) = (c.a[2] as u32, c.a[3]);
    with_path(c, c.a[0], c.a[1], |vfs, cx, at, path| {
        vfs.mknodat(cx, at, path, mode, dev).map(|_| ())
    })
}

pub fn sys_rmdir(c: &mut Call) -> Done {
    with_path(c, CWD, c.a[0], |vfs, cx, at, path| vfs.unlinkat(cx, at, path, AtFlags::AT_REMOVEDIR))
}

pub fn sys_unlink(c: &mut Call) -> Done {
    with_path(c, CWD, c.a[0], |vfs, cx, at, path| vfs.unlinkat(cx, at, path, AtFlags::empty()))
}

pub fn sys_unlinkat(c: &mut Call) -> Done {
    let flags = c.a[2] as u32;
    if flags & !AtFlags::AT_REMOVEDIR.bits() != 0 {
        return ret(Err(Errno::EINVAL));
    }
    let flags = AtFlags::from_bits_retain(flags);
    with_path(c, c.a[0], c.a[1], |vfs, cx, at, path| vfs.unlinkat(cx, at, path, flags))
}

pub fn sys_symlink(c: &mut Call) -> Done {
    symlink_common(c, c.a[0], CWD, c.a[1])
}

pub fn sys_symlinkat(c: &mut Call) -> Done {
    symlink_common(c, c.a[0], c.a[1], c.a[2])
}

fn symlink_common(c: &mut Call, target: u64, dirfd: u64, path: u64) -> Done {
    let target = match path_arg(c, target) {
        Ok(t) => t,
        Err(e) => return ret(Err(e)),
    };
    with_path(c, dirfd, path, |vfs, cx, at, path| vfs.symlinkat(cx, &target, at, path).map(|_| ()))
}

/// Two paths, each with its directory: link and rename.
fn two_paths(
    c: &mut Call,
    (old_dirfd, old): (u64, u64),
    (new_dirfd, new): (u64, u64),
    op: impl FnOnce(
        &mut Vfs,
        &Ctx,
        (linux_personality::vfs::At, &[u8]),
        (linux_personality::vfs::At, &[u8]),
    ) -> Result<(), Errno>,
) -> Done {
    let result = (|| {
        let old = path_arg(c, old)?;
        let new = path_arg(c, new)?;
        let old_dir = dir_arg(c, old_dirfd, &old)?;
        let new_dir = dir_arg(c, new_dirfd, &new)?;
        let cx = Ctx::new(&c.p.fs, &c.p.cred);
        op(&mut c.sys.vfs, &cx, (at(&old_dir), &old), (at(&new_dir), &new))
    })();
    c.sys.vfs.reap();
    ret(result.map(|()| 0))
}

pub fn sys_link(c: &mut Call) -> Done {
    two_paths(c, (CWD, c.a[0]), (CWD, c.a[1]), |vfs, cx, (oa, o), (na, n)| {
        vfs.linkat(cx, oa, o, na, n, AtFlags::empty())
    })
}

pub fn sys_linkat(c: &mut Call) -> Done {
    let flags = c.a[4] as u32;
    if flags & !(AtFlags::AT_SYMLINK_FOLLOW | AtFlags::AT_EMPTY_PATH).bits() != 0 {
        return ret(Err(Errno::EINVAL));
    }
    let flags = AtFlags::from_bits_retain(flags);
    two_paths(c, (c.a[0], c.a[1]), (c.a[2], c.a[3]), |vfs, cx, (oa, o), (na, n)| {
        vfs.linkat(cx, oa, o, na, n, flags)
    })
}

fn rename_common(c: &mut Call, old: (u64, u64), new: (u64, u64), flags: u32) -> Done {
    let Some(flags) = RenameFlags::from_bits(flags) else { return ret(Err(Errno::EINVAL)) };
    two_paths(c, old, new, |vfs, cx, (oa, o), (na, n)| vfs.renameat2(cx, oa, o, na, n, flags))
}

pub fn sys_rename(c: &mut Call) -> Done {
    rename_common(c, (CWD, c.a[0]), (CWD, c.a[1]), 0)
}

pub fn sys_renameat(c: &mut Call) -> Done {
    rename_common(c, (c.a[0], c.a[1]), (c.a[2], c.a[3]), 0)
}

pub fn sys_renameat2(c: &mut Call) -> Done {
    rename_common(c, (c.a[0], c.a[1]), (c.a[2], c.a[3]), c.a[4] as u32)
}

pub fn sys_getcwd(c: &mut Call) -> Done {
    let (buf, size) = (c.a[0], c.a[1]);
    let path = match c.sys.vfs.getcwd(&c.p.fs, size as usize) {
        Ok(p) => p,
        Err(e) => return ret(Err(e)),
    };
    let mut bytes = path;
    bytes.push(0);
    ret(write_user(c, buf, &bytes).map(|()| bytes.len() as u64))
}

pub fn sys_chdir(c: &mut Call) -> Done {
    let path = match path_arg(c, c.a[0]) {
        Ok(p) => p,
        Err(e) => return ret(Err(e)),
    };
    let result = c.sys.vfs.chdir(&mut c.p.fs, &c.p.cred, &path);
    c.sys.vfs.reap();
    ret(result.map(|()| 0))
}

pub fn sys_fchdir(c: &mut Call) -> Done {
    let file = match c.p.file(c.a[0] as i32) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let f = file.borrow();
    let result = match &f.kind {
        Kind::File(v) => c.sys.vfs.fchdir(&mut c.p.fs, &c.p.cred, v),
        _ => Err(Errno::ENOTDIR),
    };
    drop(f);
    c.sys.vfs.reap();
    ret(result.map(|()| 0))
}

pub fn sys_umask(c: &mut Call) -> Done {
    ret(Ok(Vfs::umask(&mut c.p.fs, c.a[0] as u32) as u64))
}

pub fn sys_mount(c: &mut Call) -> Done {
    let (target, fstype, flags, data) = (c.a[1], c.a[2], c.a[3], c.a[4]);
    let result = (|| {
        let target = path_arg(c, target)?;
        let fstype = if fstype == 0 { alloc::vec::Vec::new() } else { path_arg(c, fstype)? };
        let data = if data == 0 { alloc::vec::Vec::new() } else { path_arg(c, data)? };
        let flags = MountFlags::from_bits_retain(flags);
        let cx = Ctx::new(&c.p.fs, &c.p.cred);
        c.sys.vfs.mount(&cx, &target, &fstype, flags, &data).map(|_| 0)
    })();
    ret(result)
}

pub fn sys_umount2(c: &mut Call) -> Done {
    let flags = c.a[1] as u32;
    let Some(flags) = UmountFlags::from_bits(flags) else { return ret(Err(Errno::EINVAL)) };
    let result = path_arg(c, c.a[0]).and_then(|target| {
        let cx = Ctx::new(&c.p.fs, &c.p.cred);
        c.sys.vfs.umount2(&cx, &target, flags)
    });
    c.sys.vfs.reap();
    ret(result.map(|()| 0))
}
