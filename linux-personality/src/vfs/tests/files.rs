//! open(2) flags, read/write with offsets and holes, lseek(2), getdents64(2), truncation and
//! unlink-while-open.

use super::{dirents, World};
use crate::vfs::At;
use syscall_translation::flags::OpenFlags;
use syscall_translation::types::Whence;
use syscall_translation::Errno;

const RW: OpenFlags = OpenFlags::O_RDWR;

#[test]
fn create_write_read() {
    let mut w = World::new();
    w.create("/hello", b"hello world");
    assert_eq!(w.read_all("/hello"), Ok(b"hello world".to_vec()));
    let f = w.open("/hello", RW, 0).unwrap();
    let mut buf = [0u8; 5];
    assert_eq!(w.vfs.pread(&f, &mut buf, 6), Ok(5));
    assert_eq!(&buf, b"world");
    assert_eq!(f.offset(), 0);
    assert_eq!(w.vfs.write(&f, b"HELLO"), Ok(5));
    assert_eq!(w.read_all("/hello"), Ok(b"HELLO world".to_vec()));
}

#[test]
fn open_flags_errors() {
    let mut w = World::new();
    w.create("/f", b"abc");
    w.mkdir("/d").unwrap();
    let creat_excl = OpenFlags::O_CREAT | OpenFlags::O_EXCL | OpenFlags::O_WRONLY;
    assert_eq!(w.open("/f", creat_excl, 0o644).err(), Some(Errno::EEXIST));
    assert_eq!(w.open("/missing", OpenFlags::empty(), 0).err(), Some(Errno::ENOENT));
    assert_eq!(w.open("/f", OpenFlags::O_DIRECTORY, 0).err(), Some(Errno::ENOTDIR));
    assert_eq!(w.open("/d", OpenFlags::O_WRONLY, 0).err(), Some(Errno::EISDIR));
    assert_eq!(w.open("/d", OpenFlags::O_CREAT, 0).err(), Some(Errno::EISDIR));
    assert_eq!(w.open("/new/", OpenFlags::O_CREAT, 0).err(), Some(Errno::EISDIR));
    w.symlink("/f", "/link").unwrap();
    assert_eq!(w.open("/link", OpenFlags::O_NOFOLLOW, 0).err(), Some(Errno::ELOOP));
    let p = w.open("/link", OpenFlags::O_NOFOLLOW | OpenFlags::O_PATH, 0).unwrap();
    assert!(w.vfs.inode(p.inode()).unwrap().is_symlink());
    let mut buf = [0u8; 4];
    assert_eq!(w.vfs.read(&p, &mut buf), Err(Errno::EBADF));
    // O_CREAT|O_EXCL does not follow a dangling link: EEXIST.
    w.symlink("/made", "/dangling").unwrap();
    assert_eq!(w.open("/dangling", creat_excl, 0o600).err(), Some(Errno::EEXIST));
    // Plain O_CREAT through a dangling link creates the target.
    w.open("/dangling", OpenFlags::O_CREAT | OpenFlags::O_WRONLY, 0o600).unwrap();
    assert!(w.lookup("/made").is_ok());
}

#[test]
fn trunc_and_append() {
    let mut w = World::new();
    w.create("/f", b"0123456789");
    let f = w.open("/f", OpenFlags::O_WRONLY | OpenFlags::O_APPEND, 0).unwrap();
    assert_eq!(w.vfs.write(&f, b"ab"), Ok(2));
    assert_eq!(f.offset(), 12);
    assert_eq!(w.vfs.pwrite(&f, b"cd", 0), Ok(2), "pwrite with O_APPEND appends");
    assert_eq!(w.read_all("/f"), Ok(b"0123456789abcd".to_vec()));
    w.open("/f", OpenFlags::O_WRONLY | OpenFlags::O_TRUNC, 0).unwrap();
    assert_eq!(w.read_all("/f"), Ok(b"".to_vec()));
    let r = w.open("/f", OpenFlags::empty(), 0).unwrap();
    assert_eq!(w.vfs.write(&r, b"x"), Err(Errno::EBADF));
}

#[test]
fn holes_read_zero_and_seek_data_hole() {
    let mut w = World::new();
    let f = w.open("/sparse", OpenFlags::O_CREAT | RW, 0o644).unwrap();
    assert_eq!(w.vfs.pwrite(&f, b"end", 3 * 4096 + 10), Ok(3));
    let mut buf = [1u8; 20];
    assert_eq!(w.vfs.pread(&f, &mut buf, 100), Ok(20));
    assert_eq!(buf, [0; 20]);
    assert_eq!(w.vfs.lseek(&f, 0, Whence::Data), Ok(3 * 4096));
    assert_eq!(w.vfs.lseek(&f, 0, Whence::Hole), Ok(0));
    assert_eq!(w.vfs.lseek(&f, 3 * 4096 + 1, Whence::Hole), Ok(3 * 4096 + 13));
    assert_eq!(w.vfs.lseek(&f, 3 * 4096 + 13, Whence::Data), Err(Errno::ENXIO));
    assert_eq!(w.vfs.lseek(&f, -1, Whence::Set), Err(Errno::EINVAL));
    assert_eq!(w.vfs.lseek(&f, -3, Whence::End), Ok(3 * 4096 + 10));
    let stat = w.vfs.stat(f.inode()).unwrap();
    assert_eq!(stat.st_size, 3 * 4096 + 13);
    assert_eq!(stat.st_blocks, 8, "one page allocated");
}

#[test]
fn unlink_while_open_keeps_data_until_close() {
    let mut w = World::new();
    let before = w.vfs.usage();
    w.create("/f", &[7u8; 10000]);
    let f = w.open("/f", RW, 0).unwrap();
    w.unlink("/f").unwrap();
    assert_eq!(w.lookup("/f"), Err(Errno::ENOENT));
    let mut buf = [0u8; 10];
    assert_eq!(w.vfs.pread(&f, &mut buf, 9990), Ok(10));
    assert_eq!(buf, [7u8; 10]);
    assert_eq!(w.vfs.stat(f.inode()).unwrap().st_nlink, 0);
    w.vfs.reap();
    assert_ne!(w.vfs.usage(), before);
    drop(f);
    w.vfs.reap();
    assert_eq!(w.vfs.usage(), before);
}

#[test]
fn getdents_lists_and_survives_unlink() {
    let mut w = World::new();
    w.mkdir("/d").unwrap();
    for i in 0..50 {
        w.create(&std::format!("/d/file{i:02}"), b"");
    }
    let dir = w.open("/d", OpenFlags::O_DIRECTORY, 0).unwrap();
    // Read a few, then remove entries behind and ahead of the position.
    let mut buf = [0u8; 200];
    let n = w.vfs.getdents64(&dir, &mut buf).unwrap();
    let first = super::parse_dirents(&buf[..n]);
    assert_eq!(first[0].2, ".");
    assert_eq!(first[1].2, "..");
    let seen_first: std::vec::Vec<_> = first.iter().map(|e| e.2.clone()).collect();
    w.unlink("/d/file00").unwrap();
    w.unlink("/d/file49").unwrap();
    let rest = dirents(&mut w.vfs, &dir, 300);
    let mut all: std::vec::Vec<_> =
        seen_first.into_iter().chain(rest.iter().map(|e| e.2.clone())).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 2 + 49, "every surviving entry exactly once: {all:?}");
    // d_off cookies: seeking to any returned d_off resumes right after that entry.
    let again = w.open("/d", OpenFlags::O_DIRECTORY, 0).unwrap();
    let all = dirents(&mut w.vfs, &again, 4096);
    let (_, off, _) = all[10].clone();
    w.vfs.lseek(&again, off, Whence::Set).unwrap();
    let resumed = dirents(&mut w.vfs, &again, 4096);
    assert_eq!(resumed, all[11..].to_vec());
    // A buffer too small for one record is EINVAL.
    w.vfs.lseek(&again, 0, Whence::Set).unwrap();
    assert_eq!(w.vfs.getdents64(&again, &mut [0u8; 10]), Err(Errno::EINVAL));
}

#[test]
fn truncate_and_ftruncate() {
    let mut w = World::new();
    w.create("/f", b"abcdef");
    let cx = cx!(w);
    w.vfs.truncate(&cx, b"/f", 3).unwrap();
    assert_eq!(w.read_all("/f"), Ok(b"abc".to_vec()));
    let f = w.open("/f", RW, 0).unwrap();
    let cx = cx!(w);
    w.vfs.ftruncate(&cx, &f, 5).unwrap();
    assert_eq!(w.read_all("/f"), Ok(b"abc\0\0".to_vec()));
    let r = w.open("/f", OpenFlags::empty(), 0).unwrap();
    let cx = cx!(w);
    assert_eq!(w.vfs.ftruncate(&cx, &r, 1), Err(Errno::EINVAL));
    assert_eq!(w.vfs.truncate(&cx, b"/", 0), Err(Errno::EISDIR));
    assert_eq!(w.vfs.truncate(&cx, b"/f", -1), Err(Errno::EINVAL));
}

#[test]
fn tmpfile_can_be_linked() {
    let mut w = World::new();
    w.mkdir("/tmp").unwrap();
    let f = w.open("/tmp", OpenFlags::O_TMPFILE | RW, 0o600).unwrap();
    assert_eq!(w.vfs.write(&f, b"anon"), Ok(4));
    assert_eq!(w.list("/tmp").len(), 0);
    let cx = cx!(w);
    w.vfs
        .linkat(
            &cx,
            At::File(&f),
            b"",
            At::Cwd,
            b"/tmp/named",
            syscall_translation::flags::AtFlags::AT_EMPTY_PATH,
        )
        .unwrap();
    assert_eq!(w.read_all("/tmp/named"), Ok(b"anon".to_vec()));
    assert_eq!(w.open("/tmp", OpenFlags::O_TMPFILE, 0).err(), Some(Errno::EINVAL));
}
