//! Files: read/write families, open/close, stat family, access, readlink,
//! getdents64, ioctl on the console, fcntl, dup, cwd. The tree is the read-only
//! ramdisk (writes to it are EROFS); see open(2), read(2), stat(2), getdents64(2).

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use syscall_translation::Errno;

use super::{Call, Done};
use crate::abi_out::{self, FileStat, Out};
use crate::files::{Kind, OpenFile, Stream, PIPE_BUF, PIPE_CAPACITY};
use crate::process::FdEntry;
use crate::vfs::{Device, S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};

const AT_FDCWD: i32 = -100;
const AT_SYMLINK_NOFOLLOW: u64 = 0x100;
const AT_EMPTY_PATH: u64 = 0x1000;
const O_ACCMODE: u32 = 3;
const O_CREAT: u32 = 0o100;
const O_EXCL: u32 = 0o200;
const O_TRUNC: u32 = 0o1000;
const O_NONBLOCK: u32 = 0o4000;
const O_DIRECTORY: u32 = 0o200000;
const O_NOFOLLOW: u32 = 0o400000;
const O_CLOEXEC: u32 = 0o2000000;
const O_PATH: u32 = 0o10000000;
const PATH_MAX: usize = 4096;
/// The console's device number (ttyS0: major 4, minor 64).
const CONSOLE_RDEV: u64 = (4 << 8) | 64;
const MAX_IO: u64 = 1 << 24;

fn ret(r: Result<u64, Errno>) -> Done {
    Done::Ret(r)
}

fn path_arg(c: &mut Call, address: u64) -> Result<Vec<u8>, Errno> {
    c.p.read_cstr(&mut c.sys.frames, &c.sys.vfs, address, PATH_MAX)
}

/// The directory a `*at` call starts from.
fn base_dir(c: &Call, dirfd: u64, path: &[u8]) -> Result<String, Errno> {
    let dirfd = dirfd as i32;
    if path.first() == Some(&b'/') || dirfd == AT_FDCWD {
        return Ok(c.p.cwd.clone());
    }
    let file = c.p.file(dirfd)?;
    let file = file.borrow();
    match &file.kind {
        Kind::Dir { path, .. } => Ok(path.clone()),
        _ => Err(Errno::ENOTDIR),
    }
}

fn write_user(c: &mut Call, address: u64, bytes: &[u8]) -> Result<(), Errno> {
    c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, address, bytes)
}

fn read_user(c: &mut Call, address: u64, len: u64) -> Result<Vec<u8>, Errno> {
    c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, address, len as usize)
}

/// Reads from a file at its offset (or `at`, for pread); None = must wait.
fn read_file(
    c: &mut Call,
    file: &Rc<RefCell<OpenFile>>,
    len: u64,
    at: Option<u64>,
) -> Result<Option<Vec<u8>>, Errno> {
    let len = len.min(MAX_IO);
    let mut f = file.borrow_mut();
    if f.flags & O_ACCMODE == 1 {
        return Err(Errno::EBADF);
    }
    match &f.kind {
        Kind::Console(_) | Kind::Device(Device::Tty) => {
            if at.is_some() {
                return Err(Errno::ESPIPE);
            }
            match c.sys.console.take(len as usize) {
                Some(bytes) => Ok(Some(bytes)),
                None if f.flags & O_NONBLOCK != 0 => Err(Errno::EAGAIN),
                None => Ok(None),
            }
        }
        Kind::Device(Device::Null) => Ok(Some(Vec::new())),
        Kind::Device(Device::Zero) => Ok(Some(alloc::vec![0; len as usize])),
        Kind::Device(Device::Random) => {
            let mut out = Vec::with_capacity(len as usize);
            while (out.len() as u64) < len {
                out.extend_from_slice(&c.sys.random().to_le_bytes());
            }
            out.truncate(len as usize);
            Ok(Some(out))
        }
        Kind::PipeRead(pipe) => {
            if at.is_some() {
                return Err(Errno::ESPIPE);
            }
            let mut pipe = pipe.borrow_mut();
            if !pipe.buffer.is_empty() {
                let n = (len as usize).min(pipe.buffer.len());
                return Ok(Some(pipe.buffer.drain(..n).collect()));
            }
            if pipe.writers == 0 || len == 0 {
                return Ok(Some(Vec::new()));
            }
            if f.flags & O_NONBLOCK != 0 {
                return Err(Errno::EAGAIN);
            }
            Ok(None)
        }
        Kind::PipeWrite(_) => Err(Errno::EBADF),
        Kind::Generated(data) => {
            let offset = at.unwrap_or(f.offset) as usize;
            let start = offset.min(data.len());
            let end = (start + len as usize).min(data.len());
            let bytes = data[start..end].to_vec();
            if at.is_none() {
                f.offset += bytes.len() as u64;
            }
            Ok(Some(bytes))
        }
        Kind::Dir { .. } => Err(Errno::EISDIR),
        Kind::Node(path) => {
            let node = c.sys.vfs.get(path).ok_or(Errno::EIO)?;
            let offset = at.unwrap_or(f.offset) as usize;
            let data = node.data;
            let start = offset.min(data.len());
            let end = (start + len as usize).min(data.len());
            let bytes = data[start..end].to_vec();
            if at.is_none() {
                f.offset += bytes.len() as u64;
            }
            Ok(Some(bytes))
        }
    }
}

/// Ok(None): the write must wait for room in a pipe.
fn write_file(
    c: &mut Call,
    file: &Rc<RefCell<OpenFile>>,
    bytes: &[u8],
    at: Option<u64>,
) -> Result<Option<u64>, Errno> {
    let f = file.borrow();
    if f.flags & O_ACCMODE == 0 {
        return Err(Errno::EBADF);
    }
    if let Kind::PipeWrite(pipe) = &f.kind {
        if at.is_some() {
            return Err(Errno::ESPIPE);
        }
        let mut pipe = pipe.borrow_mut();
        if pipe.readers == 0 {
            // EPIPE, and SIGPIPE to the writer.
            c.p.deliver_or_die = Some(13);
            return Err(Errno::EPIPE);
        }
        let room = PIPE_CAPACITY - pipe.buffer.len();
        let atomic = bytes.len() <= PIPE_BUF;
        if room == 0 || (atomic && room < bytes.len()) {
            if f.flags & O_NONBLOCK != 0 {
                return Err(Errno::EAGAIN);
            }
            return Ok(None);
        }
        // Writes larger than the pipe go in pieces: what fits now is returned
        // as a short count (callers loop), a simplification of Linux's
        // blocking until all is written.
        let n = room.min(bytes.len());
        pipe.buffer.extend(&bytes[..n]);
        return Ok(Some(n as u64));
    }
    write_plain(c, &f, bytes, at).map(Some)
}

fn write_plain(c: &mut Call, f: &OpenFile, bytes: &[u8], at: Option<u64>) -> Result<u64, Errno> {
    match &f.kind {
        Kind::Console(stream) => {
            if at.is_some() {
                return Err(Errno::ESPIPE);
            }
            match stream {
                Stream::Stderr => c.sys.console.write_stderr(bytes),
                _ => c.sys.console.write_stdout(bytes),
            }
            Ok(bytes.len() as u64)
        }
        Kind::Device(Device::Tty) => {
            c.sys.console.write_stdout(bytes);
            Ok(bytes.len() as u64)
        }
        Kind::Device(_) => Ok(bytes.len() as u64),
        Kind::Dir { .. } => Err(Errno::EISDIR),
        Kind::Node(_) | Kind::PipeRead(_) | Kind::PipeWrite(_) | Kind::Generated(_) => {
            Err(Errno::EBADF)
        }
    }
}

fn write_result(r: Result<Option<u64>, Errno>) -> Done {
    match r {
        Ok(Some(n)) => ret(Ok(n)),
        Ok(None) => Done::Park(None),
        Err(e) => ret(Err(e)),
    }
}

pub fn sys_read(c: &mut Call) -> Done {
    let (fd, buf, len) = (c.a[0] as i32, c.a[1], c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    match read_file(c, &file, len, None) {
        Ok(Some(bytes)) => ret(write_user(c, buf, &bytes).map(|()| bytes.len() as u64)),
        Ok(None) => Done::Park(None),
        Err(e) => ret(Err(e)),
    }
}

pub fn sys_pread64(c: &mut Call) -> Done {
    let (fd, buf, len, offset) = (c.a[0] as i32, c.a[1], c.a[2], c.a[3] as i64);
    if offset < 0 {
        return ret(Err(Errno::EINVAL));
    }
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    match read_file(c, &file, len, Some(offset as u64)) {
        Ok(Some(bytes)) => ret(write_user(c, buf, &bytes).map(|()| bytes.len() as u64)),
        Ok(None) => Done::Park(None),
        Err(e) => ret(Err(e)),
    }
}

pub fn sys_write(c: &mut Call) -> Done {
    let (fd, buf, len) = (c.a[0] as i32, c.a[1], c.a[2].min(MAX_IO));
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let bytes = match read_user(c, buf, len) {
        Ok(b) => b,
        Err(e) => return ret(Err(e)),
    };
    write_result(write_file(c, &file, &bytes, None))
}

pub fn sys_pwrite64(c: &mut Call) -> Done {
    let (fd, buf, len, offset) = (c.a[0] as i32, c.a[1], c.a[2].min(MAX_IO), c.a[3] as i64);
    if offset < 0 {
        return ret(Err(Errno::EINVAL));
    }
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let bytes = match read_user(c, buf, len) {
        Ok(b) => b,
        Err(e) => return ret(Err(e)),
    };
    write_result(write_file(c, &file, &bytes, Some(offset as u64)))
}

fn iovecs(c: &mut Call, address: u64, count: u64) -> Result<Vec<(u64, u64)>, Errno> {
    if count > 1024 {
        return Err(Errno::EINVAL);
    }
    let raw = read_user(c, address, count * 16)?;
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for chunk in raw.chunks(16) {
        let base = u64::from_le_bytes(chunk[0..8].try_into().unwrap());
        let len = u64::from_le_bytes(chunk[8..16].try_into().unwrap());
        total = total.checked_add(len).filter(|&t| t <= i64::MAX as u64).ok_or(Errno::EINVAL)?;
        out.push((base, len));
    }
    Ok(out)
}

pub fn sys_writev(c: &mut Call) -> Done {
    let (fd, iov, count) = (c.a[0] as i32, c.a[1], c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let vecs = match iovecs(c, iov, count) {
        Ok(v) => v,
        Err(e) => return ret(Err(e)),
    };
    let mut bytes = Vec::new();
    for (base, len) in vecs {
        match read_user(c, base, len.min(MAX_IO)) {
            Ok(b) => bytes.extend_from_slice(&b),
            Err(e) => return ret(Err(e)),
        }
    }
    write_result(write_file(c, &file, &bytes, None))
}

pub fn sys_readv(c: &mut Call) -> Done {
    let (fd, iov, count) = (c.a[0] as i32, c.a[1], c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let vecs = match iovecs(c, iov, count) {
        Ok(v) => v,
        Err(e) => return ret(Err(e)),
    };
    let total: u64 = vecs.iter().map(|v| v.1).sum();
    let bytes = match read_file(c, &file, total, None) {
        Ok(Some(b)) => b,
        Ok(None) => return Done::Park(None),
        Err(e) => return ret(Err(e)),
    };
    let mut done = 0usize;
    for (base, len) in vecs {
        if done >= bytes.len() {
            break;
        }
        let n = (len as usize).min(bytes.len() - done);
        if let Err(e) = write_user(c, base, &bytes[done..done + n]) {
            return ret(Err(e));
        }
        done += n;
    }
    ret(Ok(bytes.len() as u64))
}

pub fn sys_lseek(c: &mut Call) -> Done {
    let (fd, offset, whence) = (c.a[0] as i32, c.a[1] as i64, c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let mut f = file.borrow_mut();
    let size = match &f.kind {
        Kind::PipeRead(_) | Kind::PipeWrite(_) => return ret(Err(Errno::ESPIPE)),
        Kind::Generated(data) => data.len() as i64,
        Kind::Node(path) => c.sys.vfs.get(path).map(|n| n.data.len() as i64).unwrap_or(0),
        Kind::Dir { entries, .. } => entries.len() as i64,
        Kind::Device(Device::Null | Device::Zero | Device::Random) => 0,
        _ => return ret(Err(Errno::ESPIPE)),
    };
    let base = match whence {
        0 => 0,
        1 => f.offset as i64,
        2 => size,
        3 | 4 => {
            // SEEK_DATA / SEEK_HOLE: no holes.
            if offset < 0 || offset >= size {
                return ret(Err(Errno::ENXIO));
            }
            let result = if whence == 3 { offset } else { size };
            f.offset = result as u64;
            return ret(Ok(result as u64));
        }
        _ => return ret(Err(Errno::EINVAL)),
    };
    let Some(new) = base.checked_add(offset).filter(|&n| n >= 0) else {
        return ret(Err(Errno::EINVAL));
    };
    f.offset = new as u64;
    ret(Ok(new as u64))
}

fn dir_listing(c: &Call, path: &str) -> Vec<(String, u64, u8)> {
    let vfs = &c.sys.vfs;
    let node = vfs.get(path);
    let mut entries = Vec::new();
    let ino = node.map(|n| n.ino).unwrap_or(1);
    entries.push((String::from("."), ino, 4));
    let parent = match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    };
    entries.push((String::from(".."), vfs.get(parent).map(|n| n.ino).unwrap_or(1), 4));
    if let Some(node) = node {
        for name in &node.children {
            let child = if path == "/" {
                alloc::format!("/{name}")
            } else {
                alloc::format!("{path}/{name}")
            };
            if let Some(n) = vfs.get(&child) {
                let d_type = match n.mode & S_IFMT {
                    S_IFDIR => 4,
                    S_IFREG => 8,
                    S_IFLNK => 10,
                    S_IFCHR => 2,
                    _ => 0,
                };
                entries.push((name.clone(), n.ino, d_type));
            }
        }
    }
    entries
}

/// The microkernel's global event counters as text, one `name value` per line:
/// what `cargo xtask bench` reads around each test to report events per operation.
pub const COUNTERS_PATH: &[u8] = b"/proc/microkernel/counters";

fn counters_text(c: &mut Call) -> Result<Vec<u8>, Errno> {
    let k = c.sys.kernel_view.counters(0).map_err(|_| Errno::EIO)?;
    let text = alloc::format!(
        "kernel_calls {}\nforeign_syscalls {}\nexceptions {}\npage_faults {}\ninterrupts {}\ncr3_writes {}\nthread_switches {}\nipc_fast {}\nipc_slow {}\npage_table_updates {}\n",
        k.kernel_calls,
        k.foreign_syscalls,
        k.exceptions,
        k.page_faults,
        k.interrupts,
        k.cr3_writes,
        k.thread_switches,
        k.ipc_fast,
        k.ipc_slow,
        k.page_table_updates
    );
    Ok(text.into_bytes())
}

fn open_common(c: &mut Call, dirfd: u64, path_address: u64, flags: u32) -> Result<u64, Errno> {
    let path = path_arg(c, path_address)?;
    if path == COUNTERS_PATH {
        if flags & O_ACCMODE != 0 {
            return Err(Errno::EACCES);
        }
        let entry = FdEntry {
            file: Rc::new(RefCell::new(OpenFile::new(Kind::Generated(counters_text(c)?), 0))),
            cloexec: flags & O_CLOEXEC != 0,
        };
        return c.p.alloc_fd(0, entry).map(|fd| fd as u64);
    }
    let base = base_dir(c, dirfd, &path)?;
    let follow = flags & O_NOFOLLOW == 0;
    let resolved = match c.sys.vfs.resolve(&base, &path, follow) {
        Ok(p) => p,
        Err(Errno::ENOENT) if flags & O_CREAT != 0 => return Err(Errno::EROFS),
        Err(e) => return Err(e),
    };
    if flags & O_CREAT != 0 && flags & O_EXCL != 0 {
        return Err(Errno::EEXIST);
    }
    let node = c.sys.vfs.get(&resolved).ok_or(Errno::ENOENT)?;
    let kind_bits = node.mode & S_IFMT;
    if kind_bits == S_IFLNK && flags & O_PATH == 0 {
        return Err(Errno::ELOOP);
    }
    if flags & O_DIRECTORY != 0 && kind_bits != S_IFDIR {
        return Err(Errno::ENOTDIR);
    }
    let writing = flags & O_ACCMODE != 0 || flags & O_TRUNC != 0;
    let kind = match kind_bits {
        S_IFDIR => {
            if writing {
                return Err(Errno::EISDIR);
            }
            Kind::Dir { entries: dir_listing(c, &resolved), path: resolved }
        }
        S_IFCHR => match node.device {
            Some(Device::Tty) => Kind::Console(Stream::Stdout),
            Some(device) => Kind::Device(device),
            None => return Err(Errno::ENXIO),
        },
        _ => {
            if writing && flags & O_PATH == 0 {
                return Err(Errno::EROFS);
            }
            Kind::Node(resolved)
        }
    };
    let entry = FdEntry {
        file: Rc::new(RefCell::new(OpenFile::new(
            kind,
            flags & !(O_CLOEXEC | O_CREAT | O_EXCL | O_TRUNC),
        ))),
        cloexec: flags & O_CLOEXEC != 0,
    };
    c.p.alloc_fd(0, entry).map(|fd| fd as u64)
}

pub fn sys_open(c: &mut Call) -> Done {
    ret(open_common(c, AT_FDCWD as u64, c.a[0], c.a[1] as u32))
}

pub fn sys_openat(c: &mut Call) -> Done {
    ret(open_common(c, c.a[0], c.a[1], c.a[2] as u32))
}

pub fn sys_close(c: &mut Call) -> Done {
    let fd = c.a[0] as i32;
    if fd < 0 || fd as usize >= c.p.fds.len() || c.p.fds[fd as usize].is_none() {
        return ret(Err(Errno::EBADF));
    }
    c.p.fds[fd as usize] = None;
    ret(Ok(0))
}

fn stat_of_path(
    c: &mut Call,
    dirfd: u64,
    path_address: u64,
    flags: u64,
) -> Result<FileStat, Errno> {
    let path = path_arg(c, path_address)?;
    if path.is_empty() {
        if flags & AT_EMPTY_PATH != 0 {
            return stat_of_fd(c, dirfd as i32);
        }
        return Err(Errno::ENOENT);
    }
    let base = base_dir(c, dirfd, &path)?;
    let resolved = c.sys.vfs.resolve(&base, &path, flags & AT_SYMLINK_NOFOLLOW == 0)?;
    node_stat(c, &resolved)
}

fn node_stat(c: &Call, path: &str) -> Result<FileStat, Errno> {
    let node = c.sys.vfs.get(path).ok_or(Errno::ENOENT)?;
    let size = match node.mode & S_IFMT {
        S_IFLNK => node.target.as_ref().map(|t| t.len() as u64).unwrap_or(0),
        S_IFDIR => 4096,
        _ => node.data.len() as u64,
    };
    Ok(FileStat {
        dev: if node.device.is_some() { 5 } else { 1 },
        ino: node.ino,
        nlink: if node.mode & S_IFMT == S_IFDIR { 2 } else { 1 },
        mode: node.mode,
        uid: 0,
        gid: 0,
        rdev: node.rdev,
        size,
        mtime: node.mtime,
    })
}

fn stat_of_fd(c: &mut Call, fd: i32) -> Result<FileStat, Errno> {
    let file = c.p.file(fd)?;
    let f = file.borrow();
    match &f.kind {
        Kind::Console(_) => Ok(FileStat {
            dev: 5,
            ino: 3,
            nlink: 1,
            mode: S_IFCHR | 0o620,
            uid: 0,
            gid: 5,
            rdev: CONSOLE_RDEV,
            size: 0,
            mtime: c.sys.boot_time,
        }),
        Kind::Node(path) | Kind::Dir { path, .. } => node_stat(c, path),
        Kind::Generated(data) => Ok(FileStat {
            dev: 3,
            ino: 0xc0c0,
            nlink: 1,
            mode: S_IFREG | 0o444,
            uid: 0,
            gid: 0,
            rdev: 0,
            size: data.len() as u64,
            mtime: c.sys.boot_time,
        }),
        Kind::PipeRead(pipe) | Kind::PipeWrite(pipe) => Ok(FileStat {
            dev: 12,
            ino: Rc::as_ptr(pipe) as u64 & 0xffff_ffff,
            nlink: 1,
            mode: 0o010000 | 0o600,
            uid: 0,
            gid: 0,
            rdev: 0,
            size: 0,
            mtime: c.sys.boot_time,
        }),
        Kind::Device(device) => {
            let name = match device {
                Device::Null => "/dev/null",
                Device::Zero => "/dev/zero",
                Device::Random => "/dev/urandom",
                Device::Tty => "/dev/tty",
            };
            node_stat(c, name)
        }
    }
}

pub fn sys_fstat(c: &mut Call) -> Done {
    let (fd, buf) = (c.a[0] as i32, c.a[1]);
    ret(stat_of_fd(c, fd).and_then(|s| write_user(c, buf, &abi_out::stat(&s))).map(|()| 0))
}

pub fn sys_stat(c: &mut Call) -> Done {
    let (path, buf) = (c.a[0], c.a[1]);
    ret(stat_of_path(c, AT_FDCWD as u64, path, 0)
        .and_then(|s| write_user(c, buf, &abi_out::stat(&s)))
        .map(|()| 0))
}

pub fn sys_lstat(c: &mut Call) -> Done {
    let (path, buf) = (c.a[0], c.a[1]);
    ret(stat_of_path(c, AT_FDCWD as u64, path, AT_SYMLINK_NOFOLLOW)
        .and_then(|s| write_user(c, buf, &abi_out::stat(&s)))
        .map(|()| 0))
}

pub fn sys_newfstatat(c: &mut Call) -> Done {
    let (dirfd, path, buf, flags) = (c.a[0], c.a[1], c.a[2], c.a[3]);
    if flags & !(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800) != 0 {
        return ret(Err(Errno::EINVAL));
    }
    ret(stat_of_path(c, dirfd, path, flags)
        .and_then(|s| write_user(c, buf, &abi_out::stat(&s)))
        .map(|()| 0))
}

pub fn sys_statx(c: &mut Call) -> Done {
    let (dirfd, path, flags, buf) = (c.a[0], c.a[1], c.a[2], c.a[4]);
    ret(stat_of_path(c, dirfd, path, flags)
        .and_then(|s| write_user(c, buf, &abi_out::statx(&s)))
        .map(|()| 0))
}

fn access_common(
    c: &mut Call,
    dirfd: u64,
    path_address: u64,
    mode: u64,
    flags: u64,
) -> Result<u64, Errno> {
    if mode & !7 != 0 {
        return Err(Errno::EINVAL);
    }
    let s = stat_of_path(c, dirfd, path_address, flags)?;
    if mode & 2 != 0 && s.mode & S_IFMT == S_IFREG {
        return Err(Errno::EROFS);
    }
    if mode & 1 != 0 && s.mode & S_IFMT != S_IFDIR && s.mode & 0o111 == 0 {
        return Err(Errno::EACCES);
    }
    Ok(0)
}

pub fn sys_access(c: &mut Call) -> Done {
    ret(access_common(c, AT_FDCWD as u64, c.a[0], c.a[1], 0))
}

pub fn sys_faccessat(c: &mut Call) -> Done {
    ret(access_common(c, c.a[0], c.a[1], c.a[2], 0))
}

pub fn sys_faccessat2(c: &mut Call) -> Done {
    ret(access_common(c, c.a[0], c.a[1], c.a[2], c.a[3] & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
}

fn readlink_common(
    c: &mut Call,
    dirfd: u64,
    path_address: u64,
    buf: u64,
    size: u64,
) -> Result<u64, Errno> {
    if size as i64 <= 0 {
        return Err(Errno::EINVAL);
    }
    let path = path_arg(c, path_address)?;
    let target = if path == b"/proc/self/exe" {
        c.p.exe.clone()
    } else {
        let base = base_dir(c, dirfd, &path)?;
        let resolved = c.sys.vfs.resolve(&base, &path, false)?;
        let node = c.sys.vfs.get(&resolved).ok_or(Errno::ENOENT)?;
        node.target.clone().ok_or(Errno::EINVAL)?
    };
    let n = (target.len() as u64).min(size);
    write_user(c, buf, &target.as_bytes()[..n as usize])?;
    Ok(n)
}

pub fn sys_readlink(c: &mut Call) -> Done {
    ret(readlink_common(c, AT_FDCWD as u64, c.a[0], c.a[1], c.a[2]))
}

pub fn sys_readlinkat(c: &mut Call) -> Done {
    ret(readlink_common(c, c.a[0], c.a[1], c.a[2], c.a[3]))
}

pub fn sys_getdents64(c: &mut Call) -> Done {
    let (fd, buf, size) = (c.a[0] as i32, c.a[1], c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let mut out = Out::default();
    let mut f = file.borrow_mut();
    let start = f.offset as usize;
    let Kind::Dir { entries, .. } = &f.kind else { return ret(Err(Errno::ENOTDIR)) };
    let mut index = start;
    while index < entries.len() {
        let (name, ino, d_type) = &entries[index];
        let reclen = (19 + name.len() + 1).next_multiple_of(8);
        if out.0.len() + reclen > size as usize {
            break;
        }
        let at = out.0.len();
        out.u64(*ino)
            .u64(index as u64 + 1)
            .u16(reclen as u16)
            .u8(*d_type)
            .bytes(name.as_bytes())
            .u8(0);
        out.pad_to(at + reclen);
        index += 1;
    }
    if index == start && start < entries.len() {
        return ret(Err(Errno::EINVAL));
    }
    f.offset = index as u64;
    drop(f);
    ret(write_user(c, buf, &out.0).map(|()| out.0.len() as u64))
}

pub fn sys_ioctl(c: &mut Call) -> Done {
    let (fd, request, arg) = (c.a[0] as i32, c.a[1] & 0xffff_ffff, c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let is_tty = matches!(file.borrow().kind, Kind::Console(_) | Kind::Device(Device::Tty));
    if !is_tty {
        return ret(Err(Errno::ENOTTY));
    }
    ret(crate::console::ioctl(c, request, arg))
}

const F_DUPFD: u64 = 0;
const F_GETFD: u64 = 1;
const F_SETFD: u64 = 2;
const F_GETFL: u64 = 3;
const F_SETFL: u64 = 4;
const F_DUPFD_CLOEXEC: u64 = 1030;

pub fn sys_fcntl(c: &mut Call) -> Done {
    let (fd, cmd, arg) = (c.a[0] as i32, c.a[1], c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    ret(match cmd {
        F_DUPFD | F_DUPFD_CLOEXEC => {
            let entry = FdEntry { file, cloexec: cmd == F_DUPFD_CLOEXEC };
            c.p.alloc_fd(arg as usize, entry).map(|fd| fd as u64)
        }
        F_GETFD => Ok(c.p.fds[fd as usize].as_ref().map(|e| e.cloexec as u64).unwrap_or(0)),
        F_SETFD => {
            if let Some(e) = c.p.fds[fd as usize].as_mut() {
                e.cloexec = arg & 1 != 0;
            }
            Ok(0)
        }
        F_GETFL => Ok(file.borrow().flags as u64 | 0o100000),
        F_SETFL => {
            let mut f = file.borrow_mut();
            let settable = 0o2000 | O_NONBLOCK | 0o40000 | 0o1000000;
            f.flags = (f.flags & !settable) | (arg as u32 & settable);
            Ok(0)
        }
        _ => Err(Errno::EINVAL),
    })
}

pub fn sys_dup(c: &mut Call) -> Done {
    let fd = c.a[0] as i32;
    ret(c
        .p
        .file(fd)
        .and_then(|file| c.p.alloc_fd(0, FdEntry { file, cloexec: false }))
        .map(|n| n as u64))
}

fn dup_to(c: &mut Call, old: i32, new: i32, cloexec: bool) -> Result<u64, Errno> {
    let file = c.p.file(old)?;
    if !(0..1024).contains(&new) {
        return Err(Errno::EBADF);
    }
    let new = new as usize;
    if new >= c.p.fds.len() {
        c.p.fds.resize_with(new + 1, || None);
    }
    c.p.fds[new] = Some(FdEntry { file, cloexec });
    Ok(new as u64)
}

pub fn sys_dup2(c: &mut Call) -> Done {
    let (old, new) = (c.a[0] as i32, c.a[1] as i32);
    if old == new {
        return ret(c.p.file(old).map(|_| new as u64));
    }
    ret(dup_to(c, old, new, false))
}

pub fn sys_dup3(c: &mut Call) -> Done {
    let (old, new, flags) = (c.a[0] as i32, c.a[1] as i32, c.a[2] as u32);
    if old == new || flags & !O_CLOEXEC != 0 {
        return ret(Err(Errno::EINVAL));
    }
    ret(dup_to(c, old, new, flags & O_CLOEXEC != 0))
}

pub fn sys_getcwd(c: &mut Call) -> Done {
    let (buf, size) = (c.a[0], c.a[1]);
    let mut bytes = c.p.cwd.clone().into_bytes();
    bytes.push(0);
    if (size as usize) < bytes.len() {
        return ret(Err(Errno::ERANGE));
    }
    ret(write_user(c, buf, &bytes).map(|()| bytes.len() as u64))
}

pub fn sys_chdir(c: &mut Call) -> Done {
    let path = match path_arg(c, c.a[0]) {
        Ok(p) => p,
        Err(e) => return ret(Err(e)),
    };
    let cwd = c.p.cwd.clone();
    let resolved = match c.sys.vfs.resolve(&cwd, &path, true) {
        Ok(r) => r,
        Err(e) => return ret(Err(e)),
    };
    match c.sys.vfs.get(&resolved) {
        Some(n) if n.mode & S_IFMT == S_IFDIR => {
            c.p.cwd = resolved;
            ret(Ok(0))
        }
        _ => ret(Err(Errno::ENOTDIR)),
    }
}

pub fn sys_umask(c: &mut Call) -> Done {
    let old = c.p.umask;
    c.p.umask = c.a[0] as u32 & 0o777;
    ret(Ok(old as u64))
}

pub fn sys_pipe(c: &mut Call) -> Done {
    c.a[1] = 0;
    sys_pipe2(c)
}

pub fn sys_pipe2(c: &mut Call) -> Done {
    let (fds, flags) = (c.a[0], c.a[1] as u32);
    if flags & !(O_CLOEXEC | O_NONBLOCK | 0o40000) != 0 {
        return ret(Err(Errno::EINVAL));
    }
    let (read_end, write_end) = crate::files::pipe(flags & O_NONBLOCK);
    let cloexec = flags & O_CLOEXEC != 0;
    let r = match c.p.alloc_fd(0, FdEntry { file: Rc::new(RefCell::new(read_end)), cloexec }) {
        Ok(fd) => fd,
        Err(e) => return ret(Err(e)),
    };
    let w = match c.p.alloc_fd(0, FdEntry { file: Rc::new(RefCell::new(write_end)), cloexec }) {
        Ok(fd) => fd,
        Err(e) => {
            c.p.fds[r] = None;
            return ret(Err(e));
        }
    };
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&(r as i32).to_le_bytes());
    bytes[4..].copy_from_slice(&(w as i32).to_le_bytes());
    if let Err(e) = write_user(c, fds, &bytes) {
        c.p.fds[r] = None;
        c.p.fds[w] = None;
        return ret(Err(e));
    }
    ret(Ok(0))
}
