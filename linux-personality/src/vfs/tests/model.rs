//! Random sequences of create, mkdir, unlink, rmdir, rename(2) (with and without
//! `RENAME_NOREPLACE` / `RENAME_EXCHANGE`), link, symlink, write and truncate, run on the VFS
//! and, as the model, on a tmpfs directory of this host's own Linux (`/dev/shm` when present).
//! After each step the results (success or errno) and the whole trees (type, link count, size,
//! contents, symlink targets) must agree, and the VFS invariants hold. At the end everything is
//! removed and every held description dropped, and the memory accounting returns to where it
//! started.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::string::{String, ToString};
use std::vec;
use std::vec::Vec;

use proptest::prelude::*;
use syscall_translation::flags::{AtFlags, OpenFlags, RenameFlags};
use syscall_translation::Errno;

use super::{check_invariants, World};
use crate::vfs::{At, OpenFile};

#[derive(Clone, Debug)]
pub enum Op {
    Create(String),
    Mkdir(String),
    Unlink(String),
    Rmdir(String),
    Rename(String, String, u32),
    Link(String, String),
    Symlink(String, String),
    Write(String, u64, u16, u8),
    Truncate(String, u64),
    Hold(String),
    Release(usize),
}

fn path() -> impl Strategy<Value = String> {
    let name = prop_oneof!["a", "b", "c", "l"];
    proptest::collection::vec(name, 1..4).prop_map(|parts| parts.join("/"))
}

fn target() -> impl Strategy<Value = String> {
    prop_oneof![path(), path().prop_map(|p| std::format!("../{p}")), Just(".".to_string())]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => path().prop_map(Op::Create),
        3 => path().prop_map(Op::Mkdir),
        2 => path().prop_map(Op::Unlink),
        2 => path().prop_map(Op::Rmdir),
        4 => (path(), path(), prop_oneof![Just(0u32), Just(1), Just(2)])
            .prop_map(|(a, b, f)| Op::Rename(a, b, f)),
        2 => (path(), path()).prop_map(|(a, b)| Op::Link(a, b)),
        2 => (target(), path()).prop_map(|(t, p)| Op::Symlink(t, p)),
        2 => (path(), 0..10_000u64, 0..5000u16, any::<u8>())
            .prop_map(|(p, o, l, b)| Op::Write(p, o, l, b)),
        1 => (path(), 0..10_000u64).prop_map(|(p, l)| Op::Truncate(p, l)),
        1 => path().prop_map(Op::Hold),
        1 => (0..4usize).prop_map(Op::Release),
    ]
}

/// A scratch directory on the host's tmpfs, removed on drop.
pub struct HostDir(pub PathBuf);

impl HostDir {
    pub fn new(tag: &str) -> HostDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(std::format!("vfs-{tag}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir(&dir).unwrap();
        HostDir(dir)
    }

    /// The directory both trees live in, one level down so that a `..` symbolic link that
    /// climbs out of it finds nothing on either side.
    pub fn tree(&self) -> PathBuf {
        self.0.join("r")
    }
}

impl Drop for HostDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

pub fn errno_of<T>(result: std::io::Result<T>) -> Result<(), Errno> {
    result.map(|_| ()).map_err(|e| Errno::new(e.raw_os_error().unwrap_or(0) as i64).unwrap())
}

/// renameat2(2) on the host, without `unsafe` (the crate forbids it): flags 0 is rename(2);
/// `RENAME_NOREPLACE` and `RENAME_EXCHANGE` are emulated from their man-page definitions with
/// lstat(2), realpath(3) and plain renames.
pub fn host_renameat2(old: &Path, new: &Path, flags: u32) -> Result<(), Errno> {
    let plain = || errno_of(fs::rename(old, new));
    if flags != 0 {
        // Both parents are resolved first (ENOENT, ENOTDIR, ELOOP from the walk).
        for path in [old, new] {
            let parent = fs::metadata(path.parent().unwrap());
            if !errno_of(parent).map(|_| fs::metadata(path.parent().unwrap()).unwrap())?.is_dir() {
                return Err(Errno::ENOTDIR);
            }
        }
    }
    match flags {
        0 => plain(),
        1 => {
            errno_of(fs::symlink_metadata(old))?;
            match fs::symlink_metadata(new) {
                Ok(_) => Err(Errno::EEXIST),
                Err(_) => plain(),
            }
        }
        2 => {
            let a =
                errno_of(fs::symlink_metadata(old)).map(|_| fs::symlink_metadata(old).unwrap())?;
            let b =
                errno_of(fs::symlink_metadata(new)).map(|_| fs::symlink_metadata(new).unwrap())?;
            let real = |p: &Path| {
                fs::canonicalize(p.parent().unwrap()).unwrap().join(p.file_name().unwrap())
            };
            let (ra, rb) = (real(old), real(new));
            if ra == rb {
                return Ok(());
            }
            if (a.is_dir() && rb.starts_with(&ra)) || (b.is_dir() && ra.starts_with(&rb)) {
                return Err(Errno::EINVAL);
            }
            if (a.dev(), a.ino()) == (b.dev(), b.ino()) {
                return Ok(());
            }
            let tmp = ra.parent().unwrap().join(".exchange-tmp");
            fs::rename(&ra, &tmp).unwrap();
            fs::rename(&rb, &ra).unwrap();
            fs::rename(&tmp, &rb).unwrap();
            Ok(())
        }
        _ => Err(Errno::EINVAL),
    }
}

/// One node of a tree listing: type, link count, size and contents or link target.
pub type Listing = BTreeMap<String, String>;

pub fn host_tree(root: &Path) -> Listing {
    fn walk(dir: &Path, prefix: &str, out: &mut Listing) {
        let mut names: Vec<_> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        for name in names {
            let name = name.to_string_lossy().into_owned();
            let rel =
                if prefix.is_empty() { name.clone() } else { std::format!("{prefix}/{name}") };
            let full = dir.join(&name);
            let meta = fs::symlink_metadata(&full).unwrap();
            let desc = if meta.is_dir() {
                walk(&full, &rel, out);
                std::format!("dir nlink={}", meta.nlink())
            } else if meta.file_type().is_symlink() {
                std::format!("link -> {}", fs::read_link(&full).unwrap().display())
            } else {
                let data = fs::read(&full).unwrap();
                std::format!(
                    "file nlink={} size={} sum={}",
                    meta.nlink(),
                    data.len(),
                    checksum(&data)
                )
            };
            out.insert(rel, desc);
        }
    }
    let mut out = Listing::new();
    walk(root, "", &mut out);
    out
}

fn checksum(data: &[u8]) -> u64 {
    data.iter().fold(0u64, |h, &b| h.wrapping_mul(31).wrapping_add(b as u64))
}

pub fn vfs_tree(w: &mut World) -> Listing {
    vfs_tree_at(w, "/r")
}

/// The listing of the VFS tree under `top`.
pub fn vfs_tree_at(w: &mut World, top: &str) -> Listing {
    fn walk(w: &mut World, dir: &str, prefix: &str, out: &mut Listing) {
        for name in w.list(dir) {
            let rel =
                if prefix.is_empty() { name.clone() } else { std::format!("{prefix}/{name}") };
            let full = std::format!("{}/{name}", dir.trim_end_matches('/'));
            let id = w.lstat_id(&full).unwrap();
            let inode = w.vfs.inode(id).unwrap().clone();
            let desc = if inode.is_dir() {
                walk(w, &full, &rel, out);
                std::format!("dir nlink={}", inode.nlink)
            } else if inode.is_symlink() {
                let cx = cx!(w);
                let target = w.vfs.readlinkat(&cx, At::Cwd, full.as_bytes()).unwrap();
                std::format!("link -> {}", String::from_utf8(target).unwrap())
            } else {
                let data = w.read_all(&full).unwrap();
                std::format!(
                    "file nlink={} size={} sum={}",
                    inode.nlink,
                    data.len(),
                    checksum(&data)
                )
            };
            out.insert(rel, desc);
        }
    }
    let mut out = Listing::new();
    walk(w, top, "", &mut out);
    out
}

/// Apply `op` to both; return both results.
fn apply(
    w: &mut World,
    host: &Path,
    held: &mut Vec<(Rc<OpenFile>, fs::File)>,
    op: &Op,
) -> (Result<(), Errno>, Result<(), Errno>) {
    let v = |p: &str| std::format!("/r/{p}");
    match op {
        Op::Create(p) => {
            let flags = OpenFlags::O_CREAT | OpenFlags::O_WRONLY;
            let ours = w.open(&v(p), flags, 0o666).map(|_| ());
            let theirs = errno_of(
                fs::OpenOptions::new().write(true).create(true).truncate(false).open(host.join(p)),
            );
            (ours, theirs)
        }
        Op::Mkdir(p) => (w.mkdir(&v(p)).map(|_| ()), errno_of(fs::create_dir(host.join(p)))),
        Op::Unlink(p) => (w.unlink(&v(p)), errno_of(fs::remove_file(host.join(p)))),
        Op::Rmdir(p) => (w.rmdir(&v(p)), errno_of(fs::remove_dir(host.join(p)))),
        Op::Rename(a, b, flags) => {
            let cx = cx!(w);
            let ours = w.vfs.renameat2(
                &cx,
                At::Cwd,
                v(a).as_bytes(),
                At::Cwd,
                v(b).as_bytes(),
                RenameFlags::from_bits_retain(*flags),
            );
            (ours, host_renameat2(&host.join(a), &host.join(b), *flags))
        }
        Op::Link(a, b) => {
            let cx = cx!(w);
            let ours = w.vfs.linkat(
                &cx,
                At::Cwd,
                v(a).as_bytes(),
                At::Cwd,
                v(b).as_bytes(),
                AtFlags::empty(),
            );
            (ours, errno_of(fs::hard_link(host.join(a), host.join(b))))
        }
        Op::Symlink(t, p) => {
            (w.symlink(t, &v(p)).map(|_| ()), errno_of(std::os::unix::fs::symlink(t, host.join(p))))
        }
        Op::Write(p, offset, len, byte) => {
            let data = std::vec![*byte; *len as usize];
            let ours = w
                .open(&v(p), OpenFlags::O_WRONLY, 0)
                .and_then(|f| w.vfs.pwrite(&f, &data, *offset as i64).map(|_| ()));
            let theirs = errno_of(
                fs::OpenOptions::new()
                    .write(true)
                    .open(host.join(p))
                    .and_then(|f| f.write_at(&data, *offset)),
            );
            (ours, theirs)
        }
        Op::Truncate(p, len) => {
            let cx = cx!(w);
            let ours = w.vfs.truncate(&cx, v(p).as_bytes(), *len as i64);
            let theirs = errno_of(
                fs::OpenOptions::new().write(true).open(host.join(p)).and_then(|f| f.set_len(*len)),
            );
            // truncate(2) on a directory is EISDIR; opening one for writing is EISDIR too.
            (ours, theirs)
        }
        Op::Hold(p) => {
            let ours = w.open(&v(p), OpenFlags::empty(), 0);
            let theirs = fs::File::open(host.join(p));
            let results = (
                ours.as_ref().map(|_| ()).map_err(|e| *e),
                errno_of(
                    theirs
                        .as_ref()
                        .map(|_| ())
                        .map_err(|e| std::io::Error::from_raw_os_error(e.raw_os_error().unwrap())),
                ),
            );
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                held.push((ours, theirs));
            }
            results
        }
        Op::Release(i) => {
            if *i < held.len() {
                held.remove(*i);
            }
            (Ok(()), Ok(()))
        }
    }
}

/// Remove everything under `/` in the VFS (depth first, by the VFS's own calls).
fn remove_all(w: &mut World, dir: &str) {
    for name in w.list(dir) {
        let full = std::format!("{}/{name}", dir.trim_end_matches('/'));
        let id = w.lstat_id(&full).unwrap();
        if w.vfs.inode(id).unwrap().is_dir() {
            remove_all(w, &full);
            w.rmdir(&full).unwrap();
        } else {
            w.unlink(&full).unwrap();
        }
    }
}

fn run(ops: &[Op]) {
    let mut w = World::new();
    let baseline = w.vfs.usage();
    let host = HostDir::new("model");
    fs::create_dir(host.tree()).unwrap();
    w.mkdir("/r").unwrap();
    let mut held = Vec::new();
    for (step, op) in ops.iter().enumerate() {
        let (ours, theirs) = apply(&mut w, &host.tree(), &mut held, op);
        assert_eq!(ours, theirs, "step {step}: {op:?}");
        w.vfs.reap();
        check_invariants(&w.vfs);
        assert_eq!(vfs_tree(&mut w), host_tree(&host.tree()), "step {step}: {op:?}");
    }
    // "/" rather than "/r": a `..` link may have created a name beside `/r`.
    remove_all(&mut w, "/");
    held.clear();
    w.vfs.reap();
    check_invariants(&w.vfs);
    assert_eq!(w.vfs.usage(), baseline, "everything freed");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn random_sequences_match_linux(ops in proptest::collection::vec(op(), 1..40)) {
        run(&ops);
    }
}
