//! mkdir, rmdir, unlink, link, symlink, readlink and rename rules, each errno checked; the
//! rename and unlink scenarios are also run on the host's Linux and compared.

use super::model::{errno_of, host_tree, vfs_tree_at, HostDir};
use super::{check_invariants, World};
use crate::vfs::At;
use std::fs;
use syscall_translation::flags::{AtFlags, RenameFlags};
use syscall_translation::Errno;

#[test]
fn mkdir_rmdir_rules() {
    let mut w = World::new();
    w.mkdir("/d").unwrap();
    assert_eq!(w.mkdir("/d"), Err(Errno::EEXIST));
    assert_eq!(w.mkdir("/d/."), Err(Errno::EEXIST));
    assert_eq!(w.mkdir("/"), Err(Errno::EEXIST));
    assert_eq!(w.mkdir("/x/y"), Err(Errno::ENOENT));
    assert!(w.mkdir("/e/").is_ok(), "trailing slash is fine for mkdir");
    w.create("/d/f", b"");
    assert_eq!(w.rmdir("/d"), Err(Errno::ENOTEMPTY));
    assert_eq!(w.rmdir("/d/f"), Err(Errno::ENOTDIR));
    assert_eq!(w.rmdir("/d/."), Err(Errno::EINVAL));
    assert_eq!(w.rmdir("/d/.."), Err(Errno::ENOTEMPTY));
    assert_eq!(w.rmdir("/"), Err(Errno::EBUSY));
    assert_eq!(w.unlink("/d"), Err(Errno::EISDIR));
    assert_eq!(w.unlink("/d/f/"), Err(Errno::ENOTDIR));
    w.unlink("/d/f").unwrap();
    let root = w.vfs.root();
    assert_eq!(w.vfs.inode(root).unwrap().nlink, 4, "/, /d, /e");
    w.rmdir("/d").unwrap();
    assert_eq!(w.vfs.inode(root).unwrap().nlink, 3);
    check_invariants(&w.vfs);
}

#[test]
fn link_and_symlink_rules() {
    let mut w = World::new();
    w.create("/f", b"data");
    w.mkdir("/d").unwrap();
    let link = |w: &mut World, a: &str, b: &str, flags| {
        let cx = cx!(w);
        w.vfs.linkat(&cx, At::Cwd, a.as_bytes(), At::Cwd, b.as_bytes(), flags)
    };
    assert_eq!(link(&mut w, "/d", "/d2", AtFlags::empty()), Err(Errno::EPERM));
    assert_eq!(link(&mut w, "/f", "/d", AtFlags::empty()), Err(Errno::EEXIST));
    assert_eq!(link(&mut w, "/nope", "/g", AtFlags::empty()), Err(Errno::ENOENT));
    link(&mut w, "/f", "/g", AtFlags::empty()).unwrap();
    assert_eq!(w.vfs.stat(w.lookup("/f").unwrap()).unwrap().st_nlink, 2);
    w.symlink("f", "/s").unwrap();
    link(&mut w, "/s", "/s2", AtFlags::empty()).unwrap();
    assert!(w.vfs.inode(w.lstat_id("/s2").unwrap()).unwrap().is_symlink(), "links the link");
    link(&mut w, "/s", "/f3", AtFlags::AT_SYMLINK_FOLLOW).unwrap();
    assert_eq!(w.lookup("/f3"), w.lookup("/f"));
    assert_eq!(link(&mut w, "/f", "/h", AtFlags::AT_REMOVEDIR), Err(Errno::EINVAL));
    let cx = cx!(w);
    assert_eq!(w.vfs.readlinkat(&cx, At::Cwd, b"/s"), Ok(b"f".to_vec()));
    assert_eq!(w.vfs.readlinkat(&cx, At::Cwd, b"/f"), Err(Errno::EINVAL));
    assert_eq!(w.symlink("", "/empty"), Err(Errno::ENOENT));
    assert_eq!(w.symlink("x", "/s"), Err(Errno::EEXIST));
    check_invariants(&w.vfs);
}

/// A rename scenario run both here and on the host; the errno of each step and the final tree
/// must agree.
fn compare_with_host(setup: &[&str], steps: &[(&str, &str)]) {
    let mut w = World::new();
    let host = HostDir::new("rename");
    for item in setup {
        let (vpath, hpath) = (std::format!("/{}", item.trim_end_matches('/')), host.0.join(item));
        if item.ends_with('/') {
            w.mkdir(&vpath).unwrap();
            fs::create_dir(&hpath).unwrap();
        } else if let Some((name, target)) = item.split_once(" -> ") {
            w.symlink(target, &std::format!("/{name}")).unwrap();
            std::os::unix::fs::symlink(target, host.0.join(name)).unwrap();
        } else {
            w.create(&vpath, item.as_bytes());
            fs::write(&hpath, item.as_bytes()).unwrap();
        }
    }
    for (old, new) in steps {
        let ours = w.rename(&std::format!("/{old}"), &std::format!("/{new}"));
        let theirs = errno_of(fs::rename(host.0.join(old), host.0.join(new)));
        assert_eq!(ours, theirs, "rename {old} -> {new}");
        check_invariants(&w.vfs);
    }
    assert_eq!(vfs_tree_at(&mut w, "/"), host_tree(&host.0));
}

#[test]
fn rename_rules_match_linux() {
    compare_with_host(
        &["a/", "a/b/", "a/b/c", "d/", "e/", "e/x", "f", "g", "h -> a"],
        &[
            ("a", "a/b/z"),   // EINVAL: into its own subtree
            ("a/b", "a"),     // ENOTEMPTY: over an ancestor
            ("d", "e"),       // ENOTEMPTY
            ("d", "f"),       // ENOTDIR
            ("f", "d"),       // EISDIR
            ("f", "f"),       // no-op
            ("f", "g"),       // replaces
            ("g", "a/b/c/"),  // ENOTDIR
            ("nope", "x"),    // ENOENT
            ("d", "e/x"),     // ENOTDIR
            ("d/", "d2/"),    // ok: trailing slashes on a directory
            ("h", "h2"),      // renames the link, not its target
            (".", "x"),       // EBUSY
            ("d2", "a/b/c2"), // moves a directory (nlink of both parents)
        ],
    );
}

#[test]
fn rename_flags() {
    let mut w = World::new();
    w.create("/f", b"1");
    w.create("/g", b"2");
    w.mkdir("/d").unwrap();
    let rn = |w: &mut World, a: &str, b: &str, flags: RenameFlags| {
        let cx = cx!(w);
        w.vfs.renameat2(&cx, At::Cwd, a.as_bytes(), At::Cwd, b.as_bytes(), flags)
    };
    let noreplace = RenameFlags::RENAME_NOREPLACE;
    let exchange = RenameFlags::RENAME_EXCHANGE;
    assert_eq!(rn(&mut w, "/f", "/g", noreplace), Err(Errno::EEXIST));
    assert_eq!(rn(&mut w, "/f", "/nope", exchange), Err(Errno::ENOENT));
    assert_eq!(rn(&mut w, "/f", "/g", noreplace | exchange), Err(Errno::EINVAL));
    assert_eq!(rn(&mut w, "/f", "/g", RenameFlags::RENAME_WHITEOUT), Err(Errno::EINVAL));
    rn(&mut w, "/f", "/d", exchange).unwrap();
    assert!(w.vfs.inode(w.lookup("/f").unwrap()).unwrap().is_dir());
    assert_eq!(w.read_all("/d"), Ok(b"1".to_vec()));
    check_invariants(&w.vfs);
    rn(&mut w, "/g", "/h", noreplace).unwrap();
    assert_eq!(w.read_all("/h"), Ok(b"2".to_vec()));
}

#[test]
fn rename_over_open_file_keeps_it_readable() {
    let mut w = World::new();
    let before = w.vfs.usage();
    w.create("/old", b"old");
    w.create("/new", b"new");
    let held = w.open("/old", syscall_translation::flags::OpenFlags::empty(), 0).unwrap();
    w.rename("/new", "/old").unwrap();
    assert_eq!(w.read_all("/old"), Ok(b"new".to_vec()));
    let mut buf = [0u8; 3];
    assert_eq!(w.vfs.read(&held, &mut buf), Ok(3));
    assert_eq!(&buf, b"old");
    w.unlink("/old").unwrap();
    drop(held);
    w.vfs.reap();
    assert_eq!(w.vfs.usage(), before);
}
