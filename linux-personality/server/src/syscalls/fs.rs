//! Descriptors and I/O: open/openat/creat, close/close_range, the read and
//! write families, lseek, getdents64, dup family, fcntl, ioctl on the console,
//! pipe/pipe2, sendfile, copy_file_range. Files of the tree are served by
//! `linux_personality::vfs`, devices by their device number, /proc by
//! `procfs.rs`; see open(2), read(2), write(2), lseek(2), fcntl(2).

use alloc::rc::Rc;
use alloc::vec::Vec;

use linux_personality::vfs::{self, At, Ctx};
use syscall_translation::flags::OpenFlags;
use syscall_translation::flags::{fcntl, open};
use syscall_translation::types::fs::Whence;
use syscall_translation::Errno;
use syscall_translation::{ioctl, user};

use super::{Call, Done};
use crate::abi_out::Out;
use crate::files::{Device, FileRef, Kind, OpenFile, Stream, PIPE_BUF, PIPE_CAPACITY};

pub const AT_FDCWD: i32 = user::AT_FDCWD;
const O_ACCMODE: u32 = open::O_ACCMODE;
const O_NONBLOCK: u32 = OpenFlags::O_NONBLOCK.bits();
const O_CLOEXEC: u32 = OpenFlags::O_CLOEXEC.bits();
const PATH_MAX: usize = user::PATH_MAX;
/// The most bytes one read or write moves (Linux's MAX_RW_COUNT is ~2 GiB;
/// callers loop on short counts).
const MAX_IO: u64 = 1 << 24;

pub(super) fn ret(r: Result<u64, Errno>) -> Done {
    Done::Ret(r)
}

pub(super) fn path_arg(c: &mut Call, address: u64) -> Result<Vec<u8>, Errno> {
    c.p.read_cstr(&mut c.sys.frames, &c.sys.vfs, address, PATH_MAX)
}

pub(super) fn write_user(c: &mut Call, address: u64, bytes: &[u8]) -> Result<(), Errno> {
    c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, address, bytes)
}

pub(super) fn read_user(c: &mut Call, address: u64, len: u64) -> Result<Vec<u8>, Errno> {
    c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, address, len as usize)
}

/// The VFS description a `*at` call's `dirfd` names (None: the working
/// directory, or an absolute path). A descriptor that is not a VFS file is
/// ENOTDIR, as a pipe or the console is not a directory.
pub(super) fn dir_arg(
    c: &Call,
    dirfd: u64,
    path: &[u8],
) -> Result<Option<Rc<vfs::OpenFile>>, Errno> {
    if path.first() == Some(&b'/') || dirfd as i32 == AT_FDCWD {
        return Ok(None);
    }
    let file = c.p.file(dirfd as i32)?;
    let f = file.borrow();
    f.vfs_file().cloned().map(Some).ok_or(Errno::ENOTDIR)
}

/// `At` for a `dir_arg` result.
pub(super) fn at(dir: &Option<Rc<vfs::OpenFile>>) -> At<'_> {
    match dir {
        Some(f) => At::File(f),
        None => At::Cwd,
    }
}

/// The server's description kind for a VFS description just opened: devices
/// get their behaviour by device number, the console is the console, the proc
/// root is listed by procfs.
fn kind_of(c: &mut Call, file: Rc<vfs::OpenFile>) -> Result<Kind, Errno> {
    use syscall_translation::types::stat::{S_IFCHR, S_IFMT};
    let inode = c.sys.vfs.inode(file.inode())?;
    if file.is_path() {
        return Ok(Kind::File(file));
    }
    match inode.mode & S_IFMT {
        S_IFCHR => {
            let rdev = inode.rdev;
            if let Some(device) = Device::by_rdev(rdev) {
                Ok(Kind::Device(device, file))
            } else if Device::is_console(rdev) {
                Ok(Kind::Console(Stream::Stdout, Some(file)))
            } else {
                Err(Errno::ENXIO)
            }
        }
        m if m == syscall_translation::types::stat::S_IFDIR => {
            if c.sys.vfs.superblock_of(file.inode())?.kind == vfs::FsKind::Proc {
                return crate::procfs::root_listing(c);
            }
            Ok(Kind::File(file))
        }
        m if m == syscall_translation::types::stat::S_IFREG => Ok(Kind::File(file)),
        // FIFOs and sockets by name come with their issues.
        _ => Err(Errno::ENXIO),
    }
}

/// Reads from a file at its offset (or `at`, for pread); None = must wait.
fn read_file(
    c: &mut Call,
    file: &FileRef,
    len: u64,
    at: Option<u64>,
) -> Result<Option<Vec<u8>>, Errno> {
    let len = len.min(MAX_IO);
    let mut f = file.borrow_mut();
    match &f.kind {
        Kind::File(v) => {
            let inode = c.sys.vfs.inode(v.inode())?;
            let offset = at.unwrap_or(v.offset());
            // Only what the file holds is allocated, not what was asked.
            let len = if inode.is_regular() {
                len.min(inode.size().saturating_sub(offset))
            } else {
                len.min(4096)
            };
            let mut buf = alloc::vec![0; len as usize];
            let n = match at {
                None => c.sys.vfs.read(v, &mut buf)?,
                Some(offset) => c.sys.vfs.pread(v, &mut buf, offset as i64)?,
            };
            buf.truncate(n);
            Ok(Some(buf))
        }
        Kind::Device(device, v) => {
            if v.is_path() || !v.flags().readable() {
                return Err(Errno::EBADF);
            }
            Ok(Some(match device {
                Device::Null => Vec::new(),
                Device::Zero | Device::Full => alloc::vec![0; len as usize],
                Device::Random => {
                    let mut out = Vec::with_capacity(len as usize + 8);
                    while (out.len() as u64) < len {
                        out.extend_from_slice(&c.sys.random().to_le_bytes());
                    }
                    out.truncate(len as usize);
                    out
                }
            }))
        }
        Kind::Console(..) => {
            if f.flags & O_ACCMODE == 1 {
                return Err(Errno::EBADF);
            }
            if at.is_some() {
                return Err(Errno::ESPIPE);
            }
            match c.sys.console.take(len as usize) {
                Some(bytes) => Ok(Some(bytes)),
                None if f.flags & O_NONBLOCK != 0 => Err(Errno::EAGAIN),
                None => Ok(None),
            }
        }
        Kind::PipeRead(pipe) => {
            if at.is_some() {
                return Err(Errno::ESPIPE);
            }
            let mut pipe = pipe.borrow_mut();
            if !pipe.buffer.is_empty() {
                let n = (len as usize).min(pipe.buffer.len());
                pipe.drained += n as u64;
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
        Kind::Special(special) => {
            if at.is_some() {
                return Err(Errno::ESPIPE);
            }
            let (special, flags) = (special.clone(), f.flags);
            drop(f);
            super::net::read_special(c, &special, flags, len)
        }
        Kind::Generated { data, .. } => {
            let offset = at.unwrap_or(f.offset) as usize;
            let start = offset.min(data.len());
            let end = (start + len as usize).min(data.len());
            let bytes = data[start..end].to_vec();
            if at.is_none() {
                f.offset += bytes.len() as u64;
            }
            Ok(Some(bytes))
        }
        Kind::Listing { .. } => Err(Errno::EISDIR),
    }
}

/// Ok(None): the write must wait for room in a pipe.
fn write_file(
    c: &mut Call,
    file: &FileRef,
    bytes: &[u8],
    at: Option<u64>,
) -> Result<Option<u64>, Errno> {
    let f = file.borrow();
    match &f.kind {
        Kind::File(v) => {
            super::pressure::file_write_allowed(bytes.len())?;
            let cx = Ctx::new(&c.p.fs, &c.p.cred);
            let n = match at {
                None => c.sys.vfs.write_as(&cx, v, bytes)?,
                Some(offset) => c.sys.vfs.pwrite(v, bytes, offset as i64)?,
            };
            Ok(Some(n as u64))
        }
        Kind::Device(device, v) => {
            if v.is_path() || !v.flags().writable() {
                return Err(Errno::EBADF);
            }
            match device {
                Device::Full => Err(Errno::ENOSPC),
                _ => Ok(Some(bytes.len() as u64)),
            }
        }
        Kind::Console(stream, _) => {
            if f.flags & O_ACCMODE == 0 {
                return Err(Errno::EBADF);
            }
            if at.is_some() {
                return Err(Errno::ESPIPE);
            }
            match stream {
                Stream::Stderr => c.sys.console.write_stderr(bytes),
                _ => c.sys.console.write_stdout(bytes),
            }
            Ok(Some(bytes.len() as u64))
        }
        Kind::PipeWrite(pipe) => {
            if at.is_some() {
                return Err(Errno::ESPIPE);
            }
            let mut pipe = pipe.borrow_mut();
            if pipe.readers == 0 {
                // EPIPE, and SIGPIPE to the writer.
                c.p.t.deliver_or_die = Some(13);
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
            // A larger write takes what fits: a non-blocking one returns the
            // short count, a blocking one goes on (`write_progress`).
            let n = room.min(bytes.len());
            pipe.buffer.extend(&bytes[..n]);
            pipe.written += n as u64;
            Ok(Some(n as u64))
        }
        Kind::PipeRead(_) | Kind::Generated { .. } => Err(Errno::EBADF),
        Kind::Listing { .. } => Err(Errno::EISDIR),
        Kind::Special(special) => {
            if at.is_some() {
                return Err(Errno::ESPIPE);
            }
            let (special, flags) = (special.clone(), f.flags);
            drop(f);
            super::net::write_special(c, &special, flags, bytes)
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

/// Whether `file` is the write end of a pipe in blocking mode.
fn blocking_pipe(file: &FileRef) -> bool {
    let f = file.borrow();
    matches!(f.kind, Kind::PipeWrite(_)) && f.flags & O_NONBLOCK == 0
}

/// A blocking write to a pipe returns once all its `total` bytes are in
/// (pipe(7)): it takes what fits, parks until a reader makes room, and goes
/// on from `Thread::io_progress` (the bytes already in) when re-run. A
/// signal ends it early with that count (`proc_ops::signal_process_info`),
/// as does the last reader's close (with SIGPIPE). `bytes` are the ones
/// after the first `done`; the caller read at most a pipe's worth.
fn write_progress(c: &mut Call, file: &FileRef, bytes: &[u8], done: u64, total: u64) -> Done {
    c.p.t.io_progress = 0;
    match write_file(c, file, bytes, None) {
        Ok(Some(n)) if done + n < total => {
            c.p.t.io_progress = done + n;
            Done::Park(None)
        }
        Ok(Some(n)) => ret(Ok(done + n)),
        Ok(None) => {
            c.p.t.io_progress = done;
            Done::Park(None)
        }
        Err(_) if done > 0 => ret(Ok(done)),
        Err(e) => ret(Err(e)),
    }
}

fn read_into(c: &mut Call, fd: i32, buf: u64, len: u64, at: Option<u64>) -> Done {
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    if !user_range(buf, len) {
        return ret(Err(Errno::EFAULT));
    }
    let offset_before = file_offset(&file, at);
    match read_file(c, &file, len, at) {
        Ok(Some(bytes)) => {
            let copied = write_user(c, buf, &bytes);
            if copied.is_err() {
                set_file_offset(&file, offset_before);
            }
            ret(copied.map(|()| bytes.len() as u64))
        }
        // A socket's SO_RCVTIMEO bounds the wait.
        Ok(None) => super::net::park(super::net::timeout_of(&file, true)),
        Err(e) => ret(Err(e)),
    }
}

/// Linux's access_ok: a buffer must end inside user space, whatever the
/// call would copy (a count past it is EFAULT, not a short transfer).
fn user_range(buf: u64, len: u64) -> bool {
    buf.checked_add(len).is_some_and(|end| end <= linux_personality::layout::USER_END)
}

/// The offset of a file read at its own offset (None for pread and for
/// descriptors without one).
fn file_offset(file: &FileRef, at: Option<u64>) -> Option<u64> {
    match &file.borrow().kind {
        Kind::File(v) if at.is_none() => Some(v.offset()),
        _ => None,
    }
}

/// A read whose copy-out failed gives back what was not delivered, as on
/// Linux: the offset moves only past the bytes that reached the program.
fn set_file_offset(file: &FileRef, offset: Option<u64>) {
    if let (Some(offset), Kind::File(v)) = (offset, &file.borrow().kind) {
        v.set_offset(offset);
    }
}

fn write_from(c: &mut Call, fd: i32, buf: u64, len: u64, at: Option<u64>) -> Done {
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    if !user_range(buf, len) {
        return ret(Err(Errno::EFAULT));
    }
    if blocking_pipe(&file) && at.is_none() {
        let total = len.min(MAX_IO);
        let done = c.p.t.io_progress.min(total);
        let part = (total - done).min(PIPE_CAPACITY as u64);
        return match read_user(c, buf + done, part) {
            Ok(bytes) => write_progress(c, &file, &bytes, done, total),
            Err(e) => ret(Err(e)),
        };
    }
    let bytes = match read_user(c, buf, len.min(MAX_IO)) {
        Ok(b) => b,
        Err(e) => return ret(Err(e)),
    };
    match write_file(c, &file, &bytes, at) {
        // A socket's SO_SNDTIMEO bounds the wait.
        Ok(None) => super::net::park(super::net::timeout_of(&file, false)),
        other => write_result(other),
    }
}

/// A pread/pwrite offset: negative is EINVAL.
fn offset_arg(offset: u64) -> Result<Option<u64>, Errno> {
    if (offset as i64) < 0 {
        return Err(Errno::EINVAL);
    }
    Ok(Some(offset))
}

pub fn sys_read(c: &mut Call) -> Done {
    read_into(c, c.a[0] as i32, c.a[1], c.a[2], None)
}

pub fn sys_pread64(c: &mut Call) -> Done {
    match offset_arg(c.a[3]) {
        Ok(at) => read_into(c, c.a[0] as i32, c.a[1], c.a[2], at),
        Err(e) => ret(Err(e)),
    }
}

pub fn sys_write(c: &mut Call) -> Done {
    write_from(c, c.a[0] as i32, c.a[1], c.a[2], None)
}

pub fn sys_pwrite64(c: &mut Call) -> Done {
    match offset_arg(c.a[3]) {
        Ok(at) => write_from(c, c.a[0] as i32, c.a[1], c.a[2], at),
        Err(e) => ret(Err(e)),
    }
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

fn writev_common(c: &mut Call, at: Option<u64>) -> Done {
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
    if blocking_pipe(&file) && at.is_none() {
        let total = bytes.len() as u64;
        let done = c.p.t.io_progress.min(total);
        let end = (total).min(done + PIPE_CAPACITY as u64);
        let part = bytes[done as usize..end as usize].to_vec();
        return write_progress(c, &file, &part, done, total);
    }
    write_result(write_file(c, &file, &bytes, at))
}

fn readv_common(c: &mut Call, at: Option<u64>) -> Done {
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
    let offset_before = file_offset(&file, at);
    let bytes = match read_file(c, &file, total, at) {
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
            // What reached earlier buffers counts; the offset stops there.
            set_file_offset(&file, offset_before.map(|o| o + done as u64));
            return ret(if done > 0 { Ok(done as u64) } else { Err(e) });
        }
        done += n;
    }
    ret(Ok(bytes.len() as u64))
}

pub fn sys_writev(c: &mut Call) -> Done {
    writev_common(c, None)
}

pub fn sys_readv(c: &mut Call) -> Done {
    readv_common(c, None)
}

pub fn sys_pwritev(c: &mut Call) -> Done {
    match offset_arg(c.a[3]) {
        Ok(at) => writev_common(c, at),
        Err(e) => ret(Err(e)),
    }
}

pub fn sys_preadv(c: &mut Call) -> Done {
    match offset_arg(c.a[3]) {
        Ok(at) => readv_common(c, at),
        Err(e) => ret(Err(e)),
    }
}

pub fn sys_lseek(c: &mut Call) -> Done {
    let (fd, offset, whence) = (c.a[0] as i32, c.a[1] as i64, c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let Some(whence) = Whence::new(whence as u32).filter(|_| whence <= u32::MAX as u64) else {
        return ret(Err(Errno::EINVAL));
    };
    let mut f = file.borrow_mut();
    let size = match &f.kind {
        Kind::File(v) => return ret(c.sys.vfs.lseek(v, offset, whence)),
        Kind::Device(..) => return ret(Ok(0)),
        Kind::Generated { data, .. } => data.len() as i64,
        Kind::Listing { entries, .. } => entries.len() as i64,
        Kind::Console(..) | Kind::PipeRead(_) | Kind::PipeWrite(_) | Kind::Special(_) => {
            return ret(Err(Errno::ESPIPE))
        }
    };
    let base = match whence {
        Whence::Set => 0,
        Whence::Cur => f.offset as i64,
        Whence::End => size,
        Whence::Data | Whence::Hole => {
            if offset < 0 || offset >= size {
                return ret(Err(Errno::ENXIO));
            }
            let result = if whence == Whence::Data { offset } else { size };
            f.offset = result as u64;
            return ret(Ok(result as u64));
        }
    };
    let Some(new) = base.checked_add(offset).filter(|&n| n >= 0) else {
        return ret(Err(Errno::EINVAL));
    };
    f.offset = new as u64;
    ret(Ok(new as u64))
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

/// Opens `path` (from `dirfd`) as a new description, not yet installed.
pub(super) fn open_description(
    c: &mut Call,
    dirfd: u64,
    path: &[u8],
    flags: u32,
    mode: u32,
) -> Result<OpenFile, Errno> {
    if path == COUNTERS_PATH {
        if flags & O_ACCMODE != 0 {
            return Err(Errno::EACCES);
        }
        let data = counters_text(c)?;
        return Ok(OpenFile::new(Kind::Generated { data, mode: 0o100444, ino: 0xc0c0 }, 0));
    }
    let dir = dir_arg(c, dirfd, path)?;
    let oflags = OpenFlags::from_bits_retain(flags);
    let cx = Ctx::new(&c.p.fs, &c.p.cred);
    let file = match c.sys.vfs.openat(&cx, at(&dir), path, oflags, mode) {
        Ok(file) => file,
        Err(Errno::ENOENT) => {
            let follow = !oflags.contains(OpenFlags::O_NOFOLLOW);
            match c.sys.vfs.proc_remainder(&cx, at(&dir), path, follow) {
                Some(rest) => return crate::procfs::open(c, &rest, flags, follow),
                None => return Err(Errno::ENOENT),
            }
        }
        Err(e) => return Err(e),
    };
    let kind = kind_of(c, file)?;
    Ok(OpenFile::new(kind, flags & (O_ACCMODE | O_NONBLOCK | 0o2000)))
}

fn open_common(
    c: &mut Call,
    dirfd: u64,
    path_address: u64,
    flags: u32,
    mode: u32,
) -> Result<u64, Errno> {
    let path = path_arg(c, path_address)?;
    let file = open_description(c, dirfd, &path, flags, mode)?;
    c.p.install_fd(file, flags & O_CLOEXEC != 0).map(|fd| fd as u64)
}

pub fn sys_open(c: &mut Call) -> Done {
    ret(open_common(c, AT_FDCWD as u64, c.a[0], c.a[1] as u32, c.a[2] as u32))
}

pub fn sys_openat(c: &mut Call) -> Done {
    ret(open_common(c, c.a[0], c.a[1], c.a[2] as u32, c.a[3] as u32))
}

pub fn sys_creat(c: &mut Call) -> Done {
    // O_CREAT | O_WRONLY | O_TRUNC
    ret(open_common(c, AT_FDCWD as u64, c.a[0], 0o1101, c.a[1] as u32))
}

/// openat2(2): `struct open_how { u64 flags, mode, resolve }`. RESOLVE_*
/// restrictions other than none are refused (EINVAL is what Linux gives for
/// unknown bits; these are known but not done here, so E2BIG is wrong and
/// EINVAL is honest).
pub fn sys_openat2(c: &mut Call) -> Done {
    let (dirfd, path, how, size) = (c.a[0], c.a[1], c.a[2], c.a[3]);
    if size < 24 {
        return ret(Err(Errno::EINVAL));
    }
    let how = match read_user(c, how, 24) {
        Ok(h) => h,
        Err(e) => return ret(Err(e)),
    };
    let word = |i: usize| u64::from_le_bytes(how[i * 8..i * 8 + 8].try_into().unwrap());
    let (flags, mode, resolve) = (word(0), word(1), word(2));
    if flags > u32::MAX as u64 || mode & !0o7777 != 0 || resolve != 0 {
        return ret(Err(Errno::EINVAL));
    }
    ret(open_common(c, dirfd, path, flags as u32, mode as u32))
}

/// After a description may have been dropped: free unlinked inodes nothing holds.
fn reap(c: &mut Call) {
    c.sys.vfs.reap();
}

pub fn sys_close(c: &mut Call) -> Done {
    let fd = c.a[0] as i32;
    match c.p.fds.close(fd) {
        Ok(file) => {
            crate::syscalls::locks::closed(c, &file);
            drop(file);
            reap(c);
            ret(Ok(0))
        }
        Err(e) => ret(Err(e)),
    }
}

/// close_range(2): CLOSE_RANGE_CLOEXEC (4) marks instead of closing;
/// CLOSE_RANGE_UNSHARE (2) is a no-op (tables are never shared here).
pub fn sys_close_range(c: &mut Call) -> Done {
    let (first, last, flags) = (c.a[0] as u32, c.a[1] as u32, c.a[2]);
    if flags & !6 != 0 || first > last {
        return ret(Err(Errno::EINVAL));
    }
    if flags & 4 != 0 {
        c.p.fds.set_cloexec_range(first, last);
    } else {
        for file in c.p.fds.close_range(first, last) {
            crate::syscalls::locks::closed(c, &file);
        }
        reap(c);
    }
    ret(Ok(0))
}

pub fn sys_getdents64(c: &mut Call) -> Done {
    let (fd, buf, size) = (c.a[0] as i32, c.a[1], c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    let mut f = file.borrow_mut();
    let out = match &f.kind {
        Kind::File(v) => {
            let mut bytes = alloc::vec![0; (size as usize).min(1 << 16)];
            match c.sys.vfs.getdents64(v, &mut bytes) {
                Ok(n) => {
                    bytes.truncate(n);
                    bytes
                }
                Err(e) => return ret(Err(e)),
            }
        }
        Kind::Listing { entries, .. } => {
            let mut out = Out::default();
            let start = f.offset as usize;
            let mut index = start;
            while index < entries.len() {
                let (name, ino, d_type) = &entries[index];
                let reclen = (19 + name.len() + 1).next_multiple_of(8);
                if out.0.len() + reclen > size as usize {
                    break;
                }
                let at = out.0.len();
                out.u64(*ino).u64(index as u64 + 1).u16(reclen as u16).u8(*d_type).bytes(name);
                out.u8(0);
                out.pad_to(at + reclen);
                index += 1;
            }
            if index == start && start < entries.len() {
                return ret(Err(Errno::EINVAL));
            }
            f.offset = index as u64;
            out.0
        }
        _ => return ret(Err(Errno::ENOTDIR)),
    };
    drop(f);
    ret(write_user(c, buf, &out).map(|()| out.len() as u64))
}

pub fn sys_ioctl(c: &mut Call) -> Done {
    let (fd, request, arg) = (c.a[0] as i32, c.a[1] & 0xffff_ffff, c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    // The requests every file takes (do_vfs_ioctl).
    const FIOCLEX: u64 = ioctl::FIOCLEX as u64;
    const FIONCLEX: u64 = ioctl::FIONCLEX as u64;
    const FIONBIO: u64 = ioctl::FIONBIO as u64;
    const FIONREAD: u64 = ioctl::FIONREAD as u64;
    match request {
        FIOCLEX | FIONCLEX => return ret(c.p.fds.set_cloexec(fd, request == FIOCLEX).map(|()| 0)),
        FIONBIO => {
            let on = match read_user(c, arg, 4) {
                Ok(b) => b != [0; 4],
                Err(e) => return ret(Err(e)),
            };
            let mut f = file.borrow_mut();
            let flags = f.status_flags();
            f.set_status_flags(if on { flags | O_NONBLOCK } else { flags & !O_NONBLOCK });
            return ret(Ok(0));
        }
        FIONREAD if !matches!(file.borrow().kind, Kind::Console(..)) => {
            let queued = match &file.borrow().kind {
                Kind::PipeRead(pipe) => pipe.borrow().buffer.len() as u32,
                Kind::Special(special) => match super::net::queued_bytes(special) {
                    Some(n) => n,
                    None => return ret(Err(Errno::ENOTTY)),
                },
                _ => return ret(Err(Errno::ENOTTY)),
            };
            return ret(write_user(c, arg, &queued.to_le_bytes()).map(|()| 0));
        }
        _ => {}
    }
    let is_tty = matches!(file.borrow().kind, Kind::Console(..));
    if !is_tty {
        return ret(Err(Errno::ENOTTY));
    }
    ret(crate::console::ioctl(c, request, arg))
}

const F_DUPFD: u64 = fcntl::F_DUPFD as u64;
const F_GETFD: u64 = fcntl::F_GETFD as u64;
const F_SETFD: u64 = fcntl::F_SETFD as u64;
const F_GETFL: u64 = fcntl::F_GETFL as u64;
const F_SETFL: u64 = fcntl::F_SETFL as u64;
const F_GETLK: u64 = fcntl::F_GETLK as u64;
const F_SETLK: u64 = fcntl::F_SETLK as u64;
const F_SETLKW: u64 = fcntl::F_SETLKW as u64;
const F_OFD_GETLK: u64 = fcntl::F_OFD_GETLK as u64;
const F_OFD_SETLK: u64 = fcntl::F_OFD_SETLK as u64;
const F_OFD_SETLKW: u64 = fcntl::F_OFD_SETLKW as u64;
const F_DUPFD_CLOEXEC: u64 = fcntl::F_DUPFD_CLOEXEC as u64;
const F_GETPIPE_SZ: u64 = fcntl::F_GETPIPE_SZ as u64;

pub fn sys_fcntl(c: &mut Call) -> Done {
    let (fd, cmd, arg) = (c.a[0] as i32, c.a[1], c.a[2]);
    let file = match c.p.file(fd) {
        Ok(f) => f,
        Err(e) => return ret(Err(e)),
    };
    match cmd {
        F_GETLK | F_SETLK | F_SETLKW | F_OFD_GETLK | F_OFD_SETLK | F_OFD_SETLKW => {
            return super::locks::fcntl_lock(c, &file, cmd, arg);
        }
        _ => {}
    }
    ret(match cmd {
        F_DUPFD | F_DUPFD_CLOEXEC => {
            c.p.fds.dupfd(fd, arg, cmd == F_DUPFD_CLOEXEC, c.p.nofile()).map(|fd| fd as u64)
        }
        F_GETFD => c.p.fds.cloexec(fd).map(u64::from),
        F_SETFD => c.p.fds.set_cloexec(fd, arg & 1 != 0).map(|()| 0),
        F_GETFL => Ok(file.borrow().status_flags() as u64 | 0o100000),
        F_SETFL => {
            file.borrow_mut().set_status_flags(arg as u32);
            Ok(0)
        }
        F_GETPIPE_SZ => match file.borrow().kind {
            Kind::PipeRead(_) | Kind::PipeWrite(_) => Ok(PIPE_CAPACITY as u64),
            _ => Err(Errno::EBADF),
        },
        _ => Err(Errno::EINVAL),
    })
}

pub fn sys_dup(c: &mut Call) -> Done {
    ret(c.p.fds.dup(c.a[0] as i32, c.p.nofile()).map(|fd| fd as u64))
}

/// After dup2/dup3 replaced a descriptor: the old description's locks and inode.
fn replaced(c: &mut Call, old: Option<FileRef>) {
    if let Some(file) = old {
        super::locks::closed(c, &file);
        drop(file);
        reap(c);
    }
}

pub fn sys_dup2(c: &mut Call) -> Done {
    match c.p.fds.dup2(c.a[0] as i32, c.a[1] as i32, c.p.nofile()) {
        Ok((fd, old)) => {
            replaced(c, old);
            ret(Ok(fd as u64))
        }
        Err(e) => ret(Err(e)),
    }
}

pub fn sys_dup3(c: &mut Call) -> Done {
    let flags = c.a[2] as u32;
    if flags & !O_CLOEXEC != 0 {
        return ret(Err(Errno::EINVAL));
    }
    match c.p.fds.dup3(c.a[0] as i32, c.a[1] as i32, flags & O_CLOEXEC != 0, c.p.nofile()) {
        Ok((fd, old)) => {
            replaced(c, old);
            ret(Ok(fd as u64))
        }
        Err(e) => ret(Err(e)),
    }
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
    let r = match c.p.install_fd(read_end, cloexec) {
        Ok(fd) => fd,
        Err(e) => return ret(Err(e)),
    };
    let w = match c.p.install_fd(write_end, cloexec) {
        Ok(fd) => fd,
        Err(e) => {
            let _ = c.p.fds.close(r);
            return ret(Err(e));
        }
    };
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&r.to_le_bytes());
    bytes[4..].copy_from_slice(&w.to_le_bytes());
    if let Err(e) = write_user(c, fds, &bytes) {
        let _ = c.p.fds.close(r);
        let _ = c.p.fds.close(w);
        return ret(Err(e));
    }
    ret(Ok(0))
}

/// Moves up to `count` bytes from `input` (at `*offset_address` if given,
/// which is then advanced) to `output`: the common part of sendfile(2) and
/// copy_file_range(2). Ok(None): must wait (a pipe end).
fn splice_bytes(
    c: &mut Call,
    input: &FileRef,
    in_offset: u64,
    output: &FileRef,
    out_offset: u64,
    count: u64,
) -> Result<Option<u64>, Errno> {
    let read_at = |c: &mut Call| -> Result<Option<u64>, Errno> {
        if in_offset == 0 {
            return Ok(None);
        }
        let b = read_user(c, in_offset, 8)?;
        let at = i64::from_le_bytes(b.try_into().unwrap());
        if at < 0 {
            return Err(Errno::EINVAL);
        }
        Ok(Some(at as u64))
    };
    let at = read_at(c)?;
    let out_at = if out_offset == 0 {
        None
    } else {
        let b = read_user(c, out_offset, 8)?;
        let at = i64::from_le_bytes(b.try_into().unwrap());
        if at < 0 {
            return Err(Errno::EINVAL);
        }
        Some(at as u64)
    };
    let Some(bytes) = read_file(c, input, count.min(MAX_IO), at)? else { return Ok(None) };
    if bytes.is_empty() {
        return Ok(Some(0));
    }
    // What was read but not written goes back to the input (a full pipe takes
    // part or none of it; the call then returns the part or waits).
    let give_back = |unwritten: u64| {
        if at.is_none() && unwritten > 0 {
            if let Kind::File(v) = &input.borrow().kind {
                v.set_offset(v.offset() - unwritten);
            }
        }
    };
    let written = match write_file(c, output, &bytes, out_at) {
        Ok(Some(n)) => n,
        Ok(None) => {
            give_back(bytes.len() as u64);
            return Ok(None);
        }
        Err(e) => {
            give_back(bytes.len() as u64);
            return Err(e);
        }
    };
    give_back(bytes.len() as u64 - written);
    if let Some(at) = at {
        write_user(c, in_offset, &(at + written).to_le_bytes())?;
    }
    if let Some(at) = out_at {
        write_user(c, out_offset, &(at + written).to_le_bytes())?;
    }
    Ok(Some(written))
}

pub fn sys_sendfile(c: &mut Call) -> Done {
    let (out_fd, in_fd, offset, count) = (c.a[0] as i32, c.a[1] as i32, c.a[2], c.a[3]);
    let (output, input) = match (c.p.file(out_fd), c.p.file(in_fd)) {
        (Ok(o), Ok(i)) => (o, i),
        (Err(e), _) | (_, Err(e)) => return ret(Err(e)),
    };
    if !matches!(input.borrow().kind, Kind::File(_) | Kind::Device(..) | Kind::Generated { .. }) {
        return ret(Err(Errno::EINVAL));
    }
    write_result(splice_bytes(c, &input, offset, &output, 0, count))
}

pub fn sys_copy_file_range(c: &mut Call) -> Done {
    let (in_fd, in_off, out_fd, out_off, count, flags) =
        (c.a[0] as i32, c.a[1], c.a[2] as i32, c.a[3], c.a[4], c.a[5]);
    if flags != 0 {
        return ret(Err(Errno::EINVAL));
    }
    let (input, output) = match (c.p.file(in_fd), c.p.file(out_fd)) {
        (Ok(i), Ok(o)) => (i, o),
        (Err(e), _) | (_, Err(e)) => return ret(Err(e)),
    };
    let (i, o) = match (&input.borrow().kind, &output.borrow().kind) {
        (Kind::File(i), Kind::File(o)) => (i.clone(), o.clone()),
        _ => return ret(Err(Errno::EINVAL)),
    };
    // Linux's checks, in its order: readable input, writable output without
    // O_APPEND (EBADF), regular files, no overlap within one file (EINVAL).
    if !i.flags().readable() || i.is_path() || !o.flags().writable() || o.is_path() {
        return ret(Err(Errno::EBADF));
    }
    if o.flags().contains(OpenFlags::O_APPEND) {
        return ret(Err(Errno::EBADF));
    }
    let regular = |v: &Rc<vfs::OpenFile>| c.sys.vfs.inode(v.inode()).is_ok_and(|n| n.is_regular());
    if !regular(&i) || !regular(&o) {
        return ret(Err(if c.sys.vfs.inode(i.inode()).is_ok_and(|n| n.is_dir()) {
            Errno::EISDIR
        } else {
            Errno::EINVAL
        }));
    }
    if i.inode() == o.inode() {
        let position = |c: &mut Call, address: u64, v: &Rc<vfs::OpenFile>| -> Result<u64, Errno> {
            if address == 0 {
                return Ok(v.offset());
            }
            let b = read_user(c, address, 8)?;
            Ok(u64::from_le_bytes(b.try_into().unwrap()))
        };
        let (from, to) = match (position(c, in_off, &i), position(c, out_off, &o)) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(e), _) | (_, Err(e)) => return ret(Err(e)),
        };
        if from < to.saturating_add(count) && to < from.saturating_add(count) {
            return ret(Err(Errno::EINVAL));
        }
    }
    write_result(splice_bytes(c, &input, in_off, &output, out_off, count))
}
