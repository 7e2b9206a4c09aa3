//! Permissions (single superuser model, sticky `/tmp`), timestamps, utimensat, access,
//! chdir/getcwd, mounts, the descriptor table, and unpacking a cpio.

use super::{check_invariants, World};
use crate::vfs::{At, Ctx, FdTable, TimeSpec};
use std::rc::Rc;
use syscall_translation::flags::{AtFlags, MountFlags, OpenFlags, UmountFlags};
use syscall_translation::types::fs::{R_OK, W_OK, X_OK};
use syscall_translation::types::Timespec;
use syscall_translation::Errno;

#[test]
fn permissions_for_root_and_users() {
    let mut w = World::new();
    w.create("/f", b"x");
    let f = w.lookup("/f").unwrap();
    let cx = cx!(w);
    w.vfs.chmod(&cx, f, 0o600).unwrap();
    assert!(w.open("/f", OpenFlags::O_RDWR, 0).is_ok(), "root ignores permission bits");
    assert_eq!(
        w.vfs.faccessat2(&cx!(w), At::Cwd, b"/f", X_OK, AtFlags::empty()),
        Err(Errno::EACCES)
    );
    w.as_user(1000, 1000);
    assert_eq!(w.open("/f", OpenFlags::empty(), 0).err(), Some(Errno::EACCES));
    assert_eq!(w.vfs.chmod(&cx!(w), f, 0o777), Err(Errno::EPERM));
    assert_eq!(w.vfs.chown(&cx!(w), f, Some(1000), None), Err(Errno::EPERM));
    assert_eq!(w.create_err("/mine"), Some(Errno::EACCES), "/ is 0755 root");
    assert_eq!(
        w.vfs.faccessat2(&cx!(w), At::Cwd, b"/f", R_OK, AtFlags::empty()),
        Err(Errno::EACCES)
    );
    assert_eq!(w.vfs.faccessat2(&cx!(w), At::Cwd, b"/f", 0, AtFlags::empty()), Ok(()));
    assert_eq!(w.vfs.faccessat2(&cx!(w), At::Cwd, b"/f", 8, AtFlags::empty()), Err(Errno::EINVAL));
}

#[test]
fn sticky_tmp() {
    let mut w = World::new();
    let cx = cx!(w);
    let tmp = w.vfs.mkdirat(&cx, At::Cwd, b"/tmp", 0o777).unwrap();
    w.vfs.chmod(&cx!(w), tmp, 0o1777).unwrap();
    w.as_user(1000, 1000);
    w.create("/tmp/a", b"");
    w.as_user(1001, 1001);
    w.create("/tmp/b", b"");
    assert_eq!(w.unlink("/tmp/a"), Err(Errno::EPERM));
    assert_eq!(w.rename("/tmp/b", "/tmp/a"), Err(Errno::EPERM));
    w.unlink("/tmp/b").unwrap();
    w.cred = crate::vfs::Cred::root();
    w.unlink("/tmp/a").unwrap();
}

#[test]
fn timestamps() {
    let mut w = World::new();
    w.mkdir("/d").unwrap();
    let d = w.lookup("/d").unwrap();
    w.advance(10);
    w.create("/d/f", b"abc");
    let f = w.lookup("/d/f").unwrap();
    let t1 = w.vfs.inode(f).unwrap().mtime;
    assert_eq!(w.vfs.inode(d).unwrap().mtime, t1, "creating sets the parent's mtime");
    w.advance(10);
    let cx = cx!(w);
    w.vfs.chmod(&cx, f, 0o600).unwrap();
    let inode = w.vfs.inode(f).unwrap();
    assert!(inode.ctime > inode.mtime, "chmod sets only ctime");
    w.advance(10);
    w.read_all("/d/f").unwrap();
    assert_eq!(w.vfs.inode(f).unwrap().atime, w.vfs.now(), "relatime: atime older than mtime");
    w.advance(10);
    w.read_all("/d/f").unwrap();
    assert_ne!(w.vfs.inode(f).unwrap().atime, w.vfs.now(), "relatime: no second update");
    let set = Timespec { tv_sec: 5, tv_nsec: 6 };
    w.vfs.utimens(&cx!(w), f, Some([TimeSpec::Set(set), TimeSpec::Omit])).unwrap();
    assert_eq!(w.vfs.inode(f).unwrap().atime, set);
    assert_eq!(w.vfs.inode(f).unwrap().mtime, t1);
    assert_eq!(TimeSpec::from_timespec(Timespec { tv_sec: 0, tv_nsec: -5 }), Err(Errno::EINVAL));
    w.as_user(1000, 1000);
    assert_eq!(w.vfs.utimens(&cx!(w), f, Some([TimeSpec::Set(set); 2])), Err(Errno::EPERM));
    assert_eq!(w.vfs.utimens(&cx!(w), f, None), Err(Errno::EACCES));
    let statx = w.vfs.statx(f, syscall_translation::flags::StatxMask::STATX_BASIC_STATS).unwrap();
    assert_eq!(statx.stx_atime.tv_sec, 5);
    assert_eq!(statx.stx_size, 3);
}

#[test]
fn chdir_getcwd_and_removed_cwd() {
    let mut w = World::new();
    w.mkdir("/a").unwrap();
    w.mkdir("/a/b").unwrap();
    let cred = w.cred.clone();
    w.vfs.chdir(&mut w.fs, &cred, b"/a/b").unwrap();
    assert_eq!(w.vfs.getcwd(&w.fs, 4096), Ok(b"/a/b".to_vec()));
    assert_eq!(w.vfs.getcwd(&w.fs, 4), Err(Errno::ERANGE));
    w.create("rel", b"1");
    assert_eq!(w.read_all("/a/b/rel"), Ok(b"1".to_vec()));
    w.unlink("rel").unwrap();
    w.rmdir("/a/b").unwrap();
    assert_eq!(w.vfs.getcwd(&w.fs, 4096), Err(Errno::ENOENT));
    assert_eq!(w.create_err("x"), Some(Errno::ENOENT), "no creation in a removed directory");
    w.vfs.reap();
    check_invariants(&w.vfs);
    assert_eq!(w.vfs.chdir(&mut w.fs, &cred, b"/nope"), Err(Errno::ENOENT));
    assert_eq!(crate::vfs::Vfs::umask(&mut w.fs, 0o077), 0o022);
}

#[test]
fn tmpfs_mounts() {
    let mut w = World::new();
    let before = w.vfs.usage();
    w.mkdir("/tmp").unwrap();
    w.create("/tmp/under", b"hidden");
    w.vfs.mount(&cx!(w), b"/tmp", b"tmpfs", MountFlags::empty(), b"").unwrap();
    assert_eq!(w.list("/tmp"), std::vec::Vec::<std::string::String>::new());
    w.create("/tmp/over", b"x");
    assert_eq!(w.vfs.stat(w.lookup("/tmp").unwrap()).unwrap().st_mode & 0o7777, 0o1777);
    assert_ne!(
        w.vfs.stat(w.lookup("/tmp/over").unwrap()).unwrap().st_dev,
        w.vfs.stat(w.vfs.root()).unwrap().st_dev
    );
    assert_eq!(w.lookup("/tmp/.."), Ok(w.vfs.root()));
    assert_eq!(w.rmdir("/tmp"), Err(Errno::EBUSY));
    assert_eq!(w.rename("/tmp/over", "/over"), Err(Errno::EXDEV));
    let held = w.open("/tmp/over", OpenFlags::empty(), 0).unwrap();
    assert_eq!(w.vfs.umount2(&cx!(w), b"/tmp", UmountFlags::empty()), Err(Errno::EBUSY));
    drop(held);
    assert_eq!(w.vfs.statfs(w.lookup("/tmp").unwrap()).unwrap().f_type, 0x0102_1994);
    w.vfs.umount2(&cx!(w), b"/tmp", UmountFlags::empty()).unwrap();
    assert_eq!(w.read_all("/tmp/under"), Ok(b"hidden".to_vec()));
    assert_eq!(w.vfs.umount2(&cx!(w), b"/tmp", UmountFlags::empty()), Err(Errno::EINVAL));
    assert_eq!(
        w.vfs.mount(&cx!(w), b"/tmp", b"ext4", MountFlags::empty(), b""),
        Err(Errno::ENODEV)
    );
    w.unlink("/tmp/under").unwrap();
    w.rmdir("/tmp").unwrap();
    w.vfs.reap();
    assert_eq!(w.vfs.usage(), before);
    check_invariants(&w.vfs);
}

#[test]
fn fd_table_rules() {
    let mut t: FdTable<Rc<u32>> = FdTable::new();
    let a = Rc::new(1);
    assert_eq!(t.install(a.clone(), false, 3), Ok(0));
    assert_eq!(t.install(a.clone(), true, 3), Ok(1));
    assert_eq!(t.dup(0, 3), Ok(2));
    assert_eq!(t.dup(0, 3), Err(Errno::EMFILE));
    assert_eq!(t.dup2(0, 5, 3).err(), Some(Errno::EBADF));
    assert_eq!(t.dup3(0, 0, false, 10).err(), Some(Errno::EINVAL));
    assert_eq!(t.dup2(1, 1, 10).map(|(fd, _)| fd), Ok(1));
    assert_eq!(t.dupfd(0, 7, true, 10), Ok(7));
    assert_eq!(t.dupfd(0, 10, true, 10), Err(Errno::EINVAL));
    assert_eq!(t.cloexec(7), Ok(true));
    let child = t.clone_for_fork();
    assert_eq!(Rc::strong_count(&a), 9);
    t.close(0).unwrap();
    assert_eq!(t.close(0), Err(Errno::EBADF));
    assert_eq!(t.install(a.clone(), false, 10), Ok(0), "lowest free");
    assert_eq!(t.close_on_exec().len(), 2);
    assert_eq!(t.get(1), Err(Errno::EBADF));
    assert_eq!(child.len(), 4);
}

#[test]
fn shared_description_offset_and_flags() {
    let mut w = World::new();
    w.create("/f", b"0123456789");
    let f = w.open("/f", OpenFlags::O_RDWR | OpenFlags::O_CLOEXEC, 0).unwrap();
    assert!(!f.flags().contains(OpenFlags::O_CLOEXEC));
    let mut t = FdTable::new();
    let fd = t.install(f, true, 64).unwrap();
    let dup = t.dup(fd, 64).unwrap();
    let mut buf = [0u8; 4];
    w.vfs.read(t.get(fd).unwrap(), &mut buf).unwrap();
    w.vfs.read(t.get(dup).unwrap(), &mut buf).unwrap();
    assert_eq!(&buf, b"4567", "dup shares the offset");
    t.get(dup).unwrap().set_status_flags(OpenFlags::O_APPEND);
    assert!(t.get(fd).unwrap().flags().contains(OpenFlags::O_APPEND | OpenFlags::O_RDWR));
    let _ = W_OK;
}

#[test]
fn populate_from_cpio() {
    let archive = initrd_archive();
    let mut w = World::new();
    let archive: &'static [u8] = alloc::boxed::Box::leak(archive.into_boxed_slice());
    let n = w.vfs.populate_from_cpio(archive).unwrap();
    assert!(n >= 5);
    let hello = w.lookup("/bin/hello").unwrap();
    let shared = w.vfs.inode(hello).unwrap().data().unwrap().as_static().unwrap();
    assert_eq!(shared, b"#!/bin/sh\necho hi\n", "initrd files are read in place");
    assert_eq!(w.read_all("/bin/hello"), Ok(b"#!/bin/sh\necho hi\n".to_vec()));
    assert_eq!(w.read_all("/bin/sh"), Ok(b"#!/bin/sh\necho hi\n".to_vec()));
    let dev = w.lstat_id("/dev/console").unwrap();
    assert_eq!(w.vfs.stat(dev).unwrap().st_rdev, syscall_translation::types::stat::makedev(5, 1));
    assert_eq!(w.vfs.stat(w.lookup("/bin/hello").unwrap()).unwrap().st_mode & 0o777, 0o755);
    w.create("/etc/new", b"writable root");
    check_invariants(&w.vfs);
}

fn initrd_archive() -> std::vec::Vec<u8> {
    // A hand-made newc archive, so that the test needs no `std` feature of `initrd`.
    let mut out = std::vec::Vec::new();
    let mut ino = 1;
    let mut add = |name: &str, mode: u32, data: &[u8], rdev: (u32, u32)| {
        let header = std::format!(
            "070701{ino:08x}{mode:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}",
            0, 0, 1, 0, data.len(), 0, 0, rdev.0, rdev.1, name.len() + 1, 0
        );
        ino += 1;
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        while out.len() % 4 != 0 {
            out.push(0);
        }
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    };
    add(".", 0o040755, b"", (0, 0));
    add("bin", 0o040755, b"", (0, 0));
    add("bin/hello", 0o100755, b"#!/bin/sh\necho hi\n", (0, 0));
    add("bin/sh", 0o120777, b"hello", (0, 0));
    add("dev/console", 0o020600, b"", (5, 1));
    add("etc", 0o040755, b"", (0, 0));
    add("TRAILER!!!", 0, b"", (0, 0));
    out
}

/// A path into a `proc` mount, directly or through symbolic links, reports the rest of the
/// path below the proc root; other paths report nothing.
#[test]
fn proc_remainder() {
    let mut w = World::new();
    let (fs, cred) = (w.fs.clone(), w.cred.clone());
    let cx = Ctx::new(&fs, &cred);
    w.vfs.mkdirat(&cx, At::Cwd, b"/proc", 0o555).unwrap();
    w.vfs.mkdirat(&cx, At::Cwd, b"/dev", 0o755).unwrap();
    let flags = syscall_translation::flags::MountFlags::empty();
    w.vfs.mount(&cx, b"/proc", b"proc", flags, b"").unwrap();
    w.vfs.symlinkat(&cx, b"/proc/self/fd/0", At::Cwd, b"/dev/stdin").unwrap();
    w.vfs.symlinkat(&cx, b"/proc/self/fd", At::Cwd, b"/dev/fd").unwrap();
    let rest =
        |w: &World, path: &[u8], follow| w.vfs.proc_remainder(&w.cx(), At::Cwd, path, follow);
    assert_eq!(rest(&w, b"/proc/self/stat", true), Some(b"self/stat".to_vec()));
    assert_eq!(rest(&w, b"/proc/meminfo/", true), Some(b"meminfo/".to_vec()));
    assert_eq!(rest(&w, b"/dev/stdin", true), Some(b"self/fd/0".to_vec()));
    assert_eq!(rest(&w, b"/dev/stdin", false), None, "not followed: the link itself");
    assert_eq!(rest(&w, b"/dev/fd/3", true), Some(b"self/fd/3".to_vec()));
    assert_eq!(rest(&w, b"/proc", true), None, "the root is an ordinary directory");
    assert_eq!(rest(&w, b"/dev/null", true), None);
}

/// name_of finds files through mounts and marks unlinked ones.
#[test]
fn name_of_files() {
    let mut w = World::new();
    let (fs, cred) = (w.fs.clone(), w.cred.clone());
    let cx = Ctx::new(&fs, &cred);
    w.vfs.mkdirat(&cx, At::Cwd, b"/tmp", 0o777).unwrap();
    w.vfs.mount(&cx, b"/tmp", b"tmpfs", MountFlags::empty(), b"").unwrap();
    w.vfs.mkdirat(&cx, At::Cwd, b"/tmp/d", 0o777).unwrap();
    w.create("/tmp/d/f", b"x");
    let id = w.lookup("/tmp/d/f").unwrap();
    let root = fs.root();
    assert_eq!(w.vfs.name_of(root, id), Ok(b"/tmp/d/f".to_vec()));
    assert_eq!(w.vfs.name_of(root, w.lookup("/tmp/d").unwrap()), Ok(b"/tmp/d".to_vec()));
    let file = w.open("/tmp/d/f", OpenFlags::empty(), 0).unwrap();
    w.vfs.unlinkat(&cx, At::Cwd, b"/tmp/d/f", AtFlags::empty()).unwrap();
    assert_eq!(w.vfs.name_of(root, file.inode()), Ok(b"/ (deleted)".to_vec()));
}
