//! /proc: the server makes its files when they are opened. The VFS has a
//! proc mount at /proc (an empty directory); a path whose walk enters it is
//! handed here with the rest of the path below it (`Vfs::proc_remainder`).

use alloc::vec::Vec;

use syscall_translation::types::stat::{Stat, S_IFDIR, S_IFLNK, S_IFREG};
use syscall_translation::Errno;

use crate::files::{Kind, OpenFile};
use crate::syscalls::Call;

/// A node of /proc, as far as the caller's path named one.
enum Node {
    Dir(Vec<(Vec<u8>, u64, u8)>),
    File(Vec<u8>, u32),
    Link(Vec<u8>),
    /// /proc/PID/fd/N of the caller: the description itself.
    Fd(i32),
}

const DT_DIR: u8 = 4;
const DT_REG: u8 = 8;
const DT_LNK: u8 = 10;

fn components(rest: &[u8]) -> Vec<&[u8]> {
    let mut out: Vec<&[u8]> = Vec::new();
    for c in rest.split(|&b| b == b'/').filter(|c| !c.is_empty() && *c != b".") {
        if c == b".." {
            out.pop();
        } else {
            out.push(c);
        }
    }
    out
}

fn number(bytes: &[u8]) -> Option<u32> {
    core::str::from_utf8(bytes).ok()?.parse().ok()
}

fn ino_of(path: &[u8]) -> u64 {
    // FNV-1a: stable inode numbers for made files.
    path.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
        & 0xffff_ffff
}

/// The node `rest` names for the caller (following a final link if `follow`).
fn lookup(c: &mut Call, rest: &[u8], follow: bool) -> Result<Node, Errno> {
    let parts = components(rest);
    let pid = c.p.pid;
    let mut parts = parts.as_slice();
    let self_text = alloc::format!("{pid}").into_bytes();
    // self → the caller's directory.
    if let Some(first) = parts.first() {
        if *first == b"self" || *first == b"thread-self" {
            if parts.len() == 1 && !follow {
                return Ok(Node::Link(self_text));
            }
        } else if number(first) != Some(pid) {
            return Err(Errno::ENOENT);
        }
        parts = &parts[1..];
    } else {
        return Err(Errno::ENOENT);
    }
    match parts {
        [] => Ok(Node::Dir(
            [&b"fd"[..], b"exe", b"cwd"]
                .iter()
                .map(|n| (n.to_vec(), ino_of(n), if *n == b"fd" { DT_DIR } else { DT_LNK }))
                .collect(),
        )),
        [b"fd"] => Ok(Node::Dir(
            c.p.fds
                .iter()
                .map(|(fd, _)| (alloc::format!("{fd}").into_bytes(), fd as u64 + 1, DT_LNK))
                .collect(),
        )),
        [b"fd", n] => {
            let fd = number(n).ok_or(Errno::ENOENT)? as i32;
            c.p.file(fd).map_err(|_| Errno::ENOENT)?;
            if follow {
                Ok(Node::Fd(fd))
            } else {
                Ok(Node::Link(fd_target(c, fd)))
            }
        }
        [b"exe"] => Ok(Node::Link(c.p.exe.clone().into_bytes())),
        [b"cwd"] => Ok(Node::Link(c.sys.vfs.getcwd(&c.p.fs, 4096).unwrap_or_default())),
        _ => Err(Errno::ENOENT),
    }
}

/// What readlink(/proc/PID/fd/N) says.
fn fd_target(c: &mut Call, fd: i32) -> Vec<u8> {
    let Ok(file) = c.p.file(fd) else { return Vec::new() };
    let f = file.borrow();
    match &f.kind {
        Kind::Console(..) => b"/dev/ttyS0".to_vec(),
        Kind::PipeRead(p) | Kind::PipeWrite(p) => {
            alloc::format!("pipe:[{}]", alloc::rc::Rc::as_ptr(p) as u64 & 0xffff_ffff).into_bytes()
        }
        _ => match f.vfs_file() {
            Some(v) => c.sys.vfs.name_of(c.p.fs.root(), v.inode()).unwrap_or_default(),
            None => b"anon_inode:[proc]".to_vec(),
        },
    }
}

/// The listing of /proc itself.
pub fn root_listing(c: &mut Call) -> Result<Kind, Errno> {
    let pid = alloc::format!("{}", c.p.pid).into_bytes();
    let entries = [(pid, 1, DT_DIR), (b"self".to_vec(), 2, DT_LNK)].into_iter().collect();
    Ok(Kind::Listing { entries, ino: 1 })
}

pub fn open(c: &mut Call, rest: &[u8], flags: u32, follow: bool) -> Result<OpenFile, Errno> {
    let node = lookup(c, rest, follow)?;
    if flags & 3 != 0 && !matches!(node, Node::Fd(_)) {
        return Err(Errno::EACCES);
    }
    let kind = match node {
        Node::Dir(entries) => Kind::Listing { entries, ino: ino_of(rest) },
        Node::File(data, mode) => Kind::Generated { data, mode, ino: ino_of(rest) },
        Node::Link(target) => {
            // A link to a path: open that path.
            return crate::syscalls::open_path(c, &target, flags);
        }
        Node::Fd(fd) => {
            let file = c.p.file(fd)?;
            let f = file.borrow();
            match &f.kind {
                Kind::PipeRead(p) => Kind::PipeRead(p.clone()),
                Kind::PipeWrite(p) => Kind::PipeWrite(p.clone()),
                Kind::Console(s, v) => Kind::Console(*s, v.clone()),
                _ => {
                    let target = fd_target(c, fd);
                    drop(f);
                    return crate::syscalls::open_path(c, &target, flags);
                }
            }
        }
    };
    if let Kind::PipeRead(p) = &kind {
        p.borrow_mut().readers += 1;
    }
    if let Kind::PipeWrite(p) = &kind {
        p.borrow_mut().writers += 1;
    }
    Ok(OpenFile::new(kind, flags & (3 | 0o4000)))
}

pub fn stat(c: &mut Call, rest: &[u8], follow: bool) -> Result<Stat, Errno> {
    let (mode, size) = match lookup(c, rest, follow)? {
        Node::Dir(_) => (S_IFDIR | 0o555, 0),
        Node::File(_, mode) => (mode, 0),
        Node::Link(_) => (S_IFLNK | 0o777, 64),
        Node::Fd(fd) => {
            let _ = fd;
            (S_IFREG | 0o600, 0)
        }
    };
    let time = c.sys.boot_time as i64;
    Ok(Stat {
        st_dev: syscall_translation::types::stat::makedev(0, 22),
        st_ino: ino_of(rest),
        st_nlink: 1,
        st_mode: mode,
        st_size: size,
        st_blksize: 1024,
        st_atime: time,
        st_mtime: time,
        st_ctime: time,
        ..Stat::default()
    })
}

pub fn readlink(c: &mut Call, rest: &[u8]) -> Result<Vec<u8>, Errno> {
    match lookup(c, rest, false)? {
        Node::Link(target) => Ok(target),
        _ => Err(Errno::EINVAL),
    }
}
