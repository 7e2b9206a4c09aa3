//! Pack with `Builder`, read back with `Archive`.

use initrd::{Archive, Builder, Entry, HEADER_LEN, S_IFMT, S_IFREG};

fn entries(bytes: &[u8]) -> Vec<Entry<'_>> {
    Archive::new(bytes).entries().map(|entry| entry.expect("valid archive")).collect()
}

#[test]
fn files_dirs_symlinks_empty_and_large() {
    let large: Vec<u8> = (0..3 * 1024 * 1024 + 5).map(|i: u32| (i * 7 + i / 251) as u8).collect();
    let bytes = Builder::new()
        .dir("etc", 0o755)
        .file("etc/hostname", 0o644, b"l4linux\n".to_vec())
        .file("/bin/busybox", 0o755, large.clone())
        .symlink("bin/sh", "busybox")
        .symlink("lib64", "/lib")
        .file("empty", 0o600, Vec::new())
        .dir("tmp", 0o1777)
        .finish();
    let archive = Archive::new(&bytes);
    archive.validate().unwrap();

    let hostname = archive.find("/etc/hostname").unwrap().unwrap();
    assert!(hostname.is_file());
    assert_eq!(hostname.data, b"l4linux\n");
    assert_eq!(hostname.mode, S_IFREG | 0o644);

    let busybox = archive.find("bin/busybox").unwrap().unwrap();
    assert_eq!(busybox.name, "bin/busybox");
    assert_eq!(busybox.permissions(), 0o755);
    assert_eq!(busybox.data, &large[..]);

    let sh = archive.find("bin/sh").unwrap().unwrap();
    assert!(sh.is_symlink());
    assert_eq!(sh.symlink_target(), Some("busybox"));
    assert_eq!(archive.find("lib64").unwrap().unwrap().symlink_target(), Some("/lib"));

    let empty = archive.find("empty").unwrap().unwrap();
    assert!(empty.is_file());
    assert!(empty.data.is_empty());

    let tmp = archive.find("/tmp").unwrap().unwrap();
    assert!(tmp.is_dir());
    assert_eq!(tmp.permissions(), 0o1777);

    // "bin" was created implicitly, once, before its contents.
    let all = entries(&bytes);
    let names: Vec<&str> = all.iter().map(|entry| entry.name).collect();
    assert_eq!(
        names,
        ["etc", "etc/hostname", "bin", "bin/busybox", "bin/sh", "lib64", "empty", "tmp"]
    );
    assert_eq!(all[2].permissions(), 0o755);
    assert!(all[2].is_dir());

    // Unique inode numbers; every header 4-aligned; the output ends 4-aligned.
    let mut inodes: Vec<u32> = all.iter().map(|entry| entry.ino).collect();
    inodes.sort_unstable();
    inodes.dedup();
    assert_eq!(inodes.len(), all.len());
    assert!(all.iter().all(|entry| entry.offset % 4 == 0));
    assert_eq!(bytes.len() % 4, 0);
    assert!(bytes.ends_with(b"TRAILER!!!\0\0\0\0"));
}

#[test]
fn implicit_parents_are_created_once_and_outermost_first() {
    let mut builder = Builder::new();
    builder.file("a/b/c/one", 0o644, b"1".to_vec());
    builder.file("a/b/two", 0o644, b"2".to_vec());
    builder.file("a/b/c/three", 0o644, b"3".to_vec());
    // An explicit dir after an implicit one changes the mode, not the count.
    builder.dir("a/b", 0o700);
    assert_eq!(builder.len(), 6);
    let bytes = builder.finish();
    let names: Vec<String> = entries(&bytes).iter().map(|e| e.name.to_owned()).collect();
    assert_eq!(names, ["a", "a/b", "a/b/c", "a/b/c/one", "a/b/two", "a/b/c/three"]);
    let archive = Archive::new(&bytes);
    assert_eq!(archive.find("a/b").unwrap().unwrap().permissions(), 0o700);
}

#[test]
fn adding_twice_replaces_in_place() {
    let bytes = Builder::new()
        .file("x", 0o644, b"old".to_vec())
        .file("y", 0o644, b"y".to_vec())
        .file("./x", 0o755, b"new".to_vec())
        .finish();
    let all = entries(&bytes);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].name, "x");
    assert_eq!(all[0].data, b"new");
    assert_eq!(all[0].permissions(), 0o755);
}

#[test]
fn type_bits_in_mode_are_ignored() {
    let bytes = Builder::new().file("f", 0o040644, b"".to_vec()).finish();
    let entry = entries(&bytes)[0];
    assert_eq!(entry.mode & S_IFMT, S_IFREG);
}

#[test]
fn paths_are_normalised() {
    let bytes = Builder::new().file("//usr/./lib//x", 0o644, b"x".to_vec()).finish();
    let names: Vec<&str> = entries(&bytes).iter().map(|e| e.name).collect::<Vec<_>>();
    assert_eq!(names, ["usr", "usr/lib", "usr/lib/x"]);
}

#[test]
#[should_panic(expected = "`..`")]
fn dot_dot_is_refused() {
    Builder::new().file("a/../b", 0o644, Vec::new());
}

#[test]
#[should_panic(expected = "not a directory")]
fn file_as_parent_is_refused() {
    Builder::new().file("a", 0o644, Vec::new()).file("a/b", 0o644, Vec::new());
}

#[test]
fn empty_builder_is_a_trailer() {
    let bytes = Builder::new().finish();
    assert_eq!(bytes.len(), (HEADER_LEN + 11).div_ceil(4) * 4);
    assert_eq!(Archive::new(&bytes).entries().count(), 0);
    assert_eq!(Archive::new(&bytes).validate(), Ok(()));
}

#[test]
fn deterministic() {
    let build = || Builder::new().file("bin/a", 0o755, b"a".to_vec()).symlink("b", "a").finish();
    assert_eq!(build(), build());
}

#[test]
fn host_file_keeps_executable_bit() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("initrd-host-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("script");
    let text = dir.join("text");
    std::fs::write(&script, b"#!/bin/sh\n").unwrap();
    std::fs::write(&text, b"hello\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(&text, std::fs::Permissions::from_mode(0o600)).unwrap();

    let mut builder = Builder::new();
    builder.add_host_file("bin/script", &script).unwrap();
    builder.add_host_file("etc/text", &text).unwrap();
    assert!(builder.add_host_file("missing", dir.join("missing")).is_err());
    let bytes = builder.finish();
    std::fs::remove_dir_all(&dir).unwrap();

    let archive = Archive::new(&bytes);
    let script = archive.find("bin/script").unwrap().unwrap();
    assert_eq!(script.permissions(), 0o755);
    assert_eq!(script.data, b"#!/bin/sh\n");
    let text = archive.find("etc/text").unwrap().unwrap();
    assert_eq!(text.permissions(), 0o644);
    assert_eq!(text.data, b"hello\n");
    assert!(archive.find("missing").unwrap().is_none());
}

#[test]
fn char_device_node() {
    let bytes = Builder::new().char_device("/dev/console", 0o600, 5, 1).finish();
    let archive = Archive::new(&bytes);
    let console = archive.find("dev/console").unwrap().unwrap();
    assert_eq!(console.file_type(), initrd::FileType::CharDevice);
    assert_eq!(console.permissions(), 0o600);
    assert_eq!((console.rdev_major, console.rdev_minor), (5, 1));
    assert!(console.data.is_empty());
    assert!(archive.find("dev").unwrap().unwrap().is_dir());
}
