//! Host tests of the VFS: path resolution (`paths`), open and I/O (`files`), names and rename
//! with scenarios also run on this host's own Linux and compared (`names`), permissions, times,
//! mounts, descriptor tables and cpio (`misc`), and random operation sequences checked against
//! the host's Linux and the invariants of `vfs/README.md` (`model`).

/// The caller context of a [`World`], borrowing only its `fs` and `cred` fields.
macro_rules! cx {
    ($w:expr) => {
        crate::vfs::Ctx::new(&$w.fs, &$w.cred)
    };
}

mod files;
mod misc;
mod model;
mod names;
mod paths;

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::Cell;

use syscall_translation::flags::OpenFlags;
use syscall_translation::types::Timespec;
use syscall_translation::Errno;

use super::{At, Clock, Cred, Ctx, FsContext, InodeId, OpenFile, Vfs};

/// A clock the test moves by hand.
#[derive(Clone, Default)]
pub struct ManualClock(pub Rc<Cell<Timespec>>);

impl Clock for ManualClock {
    fn now(&self) -> Timespec {
        self.0.get()
    }
}

/// A file system, one process's context, and the clock.
pub struct World {
    pub vfs: Vfs,
    pub fs: FsContext,
    pub cred: Cred,
    pub clock: ManualClock,
}

impl World {
    pub fn new() -> World {
        let clock = ManualClock::default();
        clock.0.set(Timespec { tv_sec: 1_000_000, tv_nsec: 0 });
        let vfs = Vfs::new(Box::new(clock.clone()));
        let fs = vfs.new_fs_context();
        World { vfs, fs, cred: Cred::root(), clock }
    }

    #[allow(dead_code)]
    pub fn advance(&self, seconds: i64) {
        let now = self.clock.0.get();
        self.clock.0.set(Timespec { tv_sec: now.tv_sec + seconds, tv_nsec: now.tv_nsec });
    }

    pub fn as_user(&mut self, uid: u32, gid: u32) {
        self.cred = Cred::user(uid, gid);
    }

    pub fn cx(&self) -> Ctx<'_> {
        Ctx::new(&self.fs, &self.cred)
    }

    pub fn open(&mut self, path: &str, flags: OpenFlags, mode: u32) -> Result<Rc<OpenFile>, Errno> {
        let cx = Ctx::new(&self.fs, &self.cred);
        self.vfs.openat(&cx, At::Cwd, path.as_bytes(), flags, mode)
    }

    pub fn create(&mut self, path: &str, contents: &[u8]) {
        let file = self
            .open(path, OpenFlags::O_CREAT | OpenFlags::O_WRONLY | OpenFlags::O_TRUNC, 0o644)
            .unwrap();
        assert_eq!(self.vfs.write(&file, contents), Ok(contents.len()));
    }

    pub fn create_err(&mut self, path: &str) -> Option<Errno> {
        self.open(path, OpenFlags::O_CREAT | OpenFlags::O_WRONLY, 0o644).err()
    }

    pub fn read_all(&mut self, path: &str) -> Result<Vec<u8>, Errno> {
        let file = self.open(path, OpenFlags::empty(), 0)?;
        let mut out = Vec::new();
        let mut buf = [0u8; 1000];
        loop {
            let n = self.vfs.read(&file, &mut buf)?;
            if n == 0 {
                return Ok(out);
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    pub fn mkdir(&mut self, path: &str) -> Result<InodeId, Errno> {
        let cx = Ctx::new(&self.fs, &self.cred);
        self.vfs.mkdirat(&cx, At::Cwd, path.as_bytes(), 0o755)
    }

    pub fn lookup(&self, path: &str) -> Result<InodeId, Errno> {
        self.vfs.walk(&self.cx(), At::Cwd, path.as_bytes(), true)?.existing()
    }

    pub fn lstat_id(&self, path: &str) -> Result<InodeId, Errno> {
        self.vfs.walk(&self.cx(), At::Cwd, path.as_bytes(), false)?.existing()
    }

    pub fn unlink(&mut self, path: &str) -> Result<(), Errno> {
        let cx = Ctx::new(&self.fs, &self.cred);
        self.vfs.unlink(&cx, path.as_bytes())
    }

    pub fn rmdir(&mut self, path: &str) -> Result<(), Errno> {
        let cx = Ctx::new(&self.fs, &self.cred);
        self.vfs.rmdir(&cx, path.as_bytes())
    }

    pub fn symlink(&mut self, target: &str, path: &str) -> Result<InodeId, Errno> {
        let cx = Ctx::new(&self.fs, &self.cred);
        self.vfs.symlinkat(&cx, target.as_bytes(), At::Cwd, path.as_bytes())
    }

    pub fn rename(&mut self, old: &str, new: &str) -> Result<(), Errno> {
        let cx = Ctx::new(&self.fs, &self.cred);
        self.vfs.rename(&cx, old.as_bytes(), new.as_bytes())
    }

    /// The names in a directory, by getdents64, `.` and `..` excluded, sorted.
    pub fn list(&mut self, path: &str) -> Vec<std::string::String> {
        let dir = self.open(path, OpenFlags::O_DIRECTORY, 0).unwrap();
        let mut names: Vec<std::string::String> =
            dirents(&mut self.vfs, &dir, 4096).into_iter().map(|(_, _, name)| name).collect();
        names.retain(|n| n != "." && n != "..");
        names.sort();
        names
    }
}

/// All remaining records of a directory description: (d_ino, d_off, name), `bufsize` bytes
/// per getdents64 call.
pub fn dirents(
    vfs: &mut Vfs,
    dir: &OpenFile,
    bufsize: usize,
) -> Vec<(u64, i64, std::string::String)> {
    let mut out = Vec::new();
    let mut buf = std::vec![0u8; bufsize];
    loop {
        let n = vfs.getdents64(dir, &mut buf).unwrap();
        if n == 0 {
            return out;
        }
        out.extend(parse_dirents(&buf[..n]));
    }
}

pub fn parse_dirents(mut buf: &[u8]) -> Vec<(u64, i64, std::string::String)> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let ino = u64::from_le_bytes(buf[0..8].try_into().unwrap());
        let off = i64::from_le_bytes(buf[8..16].try_into().unwrap());
        let reclen = u16::from_le_bytes(buf[16..18].try_into().unwrap()) as usize;
        let name = &buf[19..reclen];
        let end = name.iter().position(|&b| b == 0).unwrap();
        out.push((ino, off, std::string::String::from_utf8(name[..end].to_vec()).unwrap()));
        buf = &buf[reclen..];
    }
    out
}

/// Assert the invariants of `vfs/README.md` (call after `reap`).
pub fn check_invariants(vfs: &Vfs) {
    use std::collections::{BTreeMap, BTreeSet};
    let live: BTreeMap<InodeId, &crate::vfs::Inode> = vfs.inodes().collect();
    let mut named: BTreeMap<InodeId, u32> = BTreeMap::new();
    let mut subdirs: BTreeMap<InodeId, u32> = BTreeMap::new();
    let roots: BTreeSet<InodeId> = vfs
        .filesystems
        .iter()
        .flatten()
        .map(|sb| sb.root)
        .filter(|r| live.contains_key(r))
        .collect();
    for (&id, inode) in &live {
        if let Some(dir) = inode.dir() {
            dir.check();
            for (name, child) in dir.iter() {
                let child_inode = live.get(&child).unwrap_or_else(|| panic!("{name:?} dangles"));
                assert_eq!(child_inode.fs, inode.fs, "entries stay in their file system");
                *named.entry(child).or_default() += 1;
                if child_inode.is_dir() {
                    assert_eq!(child_inode.dir().unwrap().parent, id, "parent of {name:?}");
                    *subdirs.entry(id).or_default() += 1;
                }
            }
        }
        if let Some(data) = inode.data() {
            data.check();
        }
    }
    for (&id, inode) in &live {
        let entries = named.get(&id).copied().unwrap_or(0);
        if inode.is_dir() {
            if inode.nlink == 0 {
                assert_eq!(entries, 0);
                assert!(inode.is_pinned(), "a removed directory lives only while held");
                continue;
            }
            let own = if roots.contains(&id) { 0 } else { 1 };
            assert_eq!(entries, own, "a directory has one name");
            assert_eq!(inode.nlink, 2 + subdirs.get(&id).copied().unwrap_or(0), "dir nlink");
        } else {
            assert_eq!(inode.nlink, entries, "nlink counts entries");
            if entries == 0 {
                assert!(inode.is_pinned(), "an unlinked inode lives only while held");
            }
        }
    }
    // Every linked inode is reachable from its root; parent chains end at a root.
    let mut reached: BTreeSet<InodeId> = BTreeSet::new();
    let mut queue: Vec<InodeId> = roots.iter().copied().collect();
    while let Some(id) = queue.pop() {
        if reached.insert(id) {
            if let Some(dir) = live[&id].dir() {
                queue.extend(dir.iter().map(|(_, child)| child));
            }
        }
    }
    for (&id, inode) in &live {
        assert!(reached.contains(&id) || inode.nlink == 0, "unreachable linked inode");
    }
}
