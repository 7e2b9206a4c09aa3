//! Path resolution: `.`, `..`, symbolic links and their limit, ENOTDIR, ENAMETOOLONG, trailing
//! slashes, search permission (path_resolution(7)).

use super::World;
use crate::vfs::Last;
use std::string::String;
use syscall_translation::Errno;

#[test]
fn dot_and_dotdot() {
    let mut w = World::new();
    w.mkdir("/a").unwrap();
    let b = w.mkdir("/a/b").unwrap();
    assert_eq!(w.lookup("/a/b/."), Ok(b));
    assert_eq!(w.lookup("/a/b/../b"), Ok(b));
    assert_eq!(w.lookup("/../../a/./b"), Ok(b));
    assert_eq!(w.lookup("/.."), Ok(w.vfs.root()));
    assert_eq!(w.lookup("//a//b//"), Ok(b));
}

#[test]
fn missing_and_notdir() {
    let mut w = World::new();
    w.create("/f", b"x");
    assert_eq!(w.lookup("/nope"), Err(Errno::ENOENT));
    assert_eq!(w.lookup("/nope/x"), Err(Errno::ENOENT));
    assert_eq!(w.lookup("/f/x"), Err(Errno::ENOTDIR));
    assert_eq!(w.lookup("/f/"), Err(Errno::ENOTDIR));
    assert_eq!(w.lookup("/f/.."), Err(Errno::ENOTDIR));
    assert_eq!(w.lookup(""), Err(Errno::ENOENT));
}

#[test]
fn name_too_long() {
    let w = World::new();
    let long = "x".repeat(256);
    assert_eq!(w.lookup(&std::format!("/{long}")), Err(Errno::ENAMETOOLONG));
    assert_eq!(w.lookup(&std::format!("/{}", "x".repeat(255))), Err(Errno::ENOENT));
    let path: String = "/a".repeat(2048);
    assert_eq!(w.lookup(&path), Err(Errno::ENAMETOOLONG));
}

#[test]
fn symlinks_follow_and_loop() {
    let mut w = World::new();
    let d = w.mkdir("/d").unwrap();
    w.create("/d/f", b"hi");
    w.symlink("d", "/rel").unwrap();
    w.symlink("/d/f", "/abs").unwrap();
    w.symlink("loop2", "/loop1").unwrap();
    w.symlink("loop1", "/loop2").unwrap();
    w.symlink("nowhere", "/dangling").unwrap();
    assert_eq!(w.lookup("/rel"), Ok(d));
    assert_eq!(w.read_all("/rel/f"), Ok(b"hi".to_vec()));
    assert_eq!(w.read_all("/abs"), Ok(b"hi".to_vec()));
    assert_eq!(w.lookup("/loop1"), Err(Errno::ELOOP));
    assert!(w.lstat_id("/loop1").is_ok());
    assert_eq!(w.lookup("/dangling"), Err(Errno::ENOENT));
    assert_eq!(w.lookup("/rel/"), Ok(d));
    // Trailing slash follows even without "follow".
    assert_eq!(w.lstat_id("/rel/"), Ok(d));
}

#[test]
fn symlink_chain_limit_is_40() {
    let mut w = World::new();
    w.create("/target", b"");
    w.symlink("/target", "/l0").unwrap();
    for i in 1..=40 {
        w.symlink(&std::format!("/l{}", i - 1), &std::format!("/l{i}")).unwrap();
    }
    assert!(w.lookup("/l39").is_ok(), "40 links");
    assert_eq!(w.lookup("/l40"), Err(Errno::ELOOP), "41 links");
}

#[test]
fn search_permission() {
    let mut w = World::new();
    w.mkdir("/secret").unwrap();
    w.create("/secret/f", b"x");
    let cx = cx!(w);
    let id = w.lookup("/secret").unwrap();
    w.vfs.chmod(&cx, id, 0o700).unwrap();
    w.as_user(1000, 1000);
    assert_eq!(w.lookup("/secret/f"), Err(Errno::EACCES));
    assert_eq!(w.lookup("/secret"), Ok(id));
}

#[test]
fn walk_parent_reports_last_component() {
    let mut w = World::new();
    w.mkdir("/a").unwrap();
    let r = w.vfs.walk_parent(&w.cx(), crate::vfs::At::Cwd, b"/a/new/").unwrap();
    assert_eq!(r.last, Last::Name(b"new".to_vec()));
    assert!(r.trailing_slash && r.target.is_none());
    let r = w.vfs.walk_parent(&w.cx(), crate::vfs::At::Cwd, b"/a/..").unwrap();
    assert_eq!(r.last, Last::DotDot);
    let r = w.vfs.walk_parent(&w.cx(), crate::vfs::At::Cwd, b"///").unwrap();
    assert_eq!(r.last, Last::Root);
}
