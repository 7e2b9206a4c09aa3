//! Open file descriptions and the calls on them: open(2) / openat(2) / creat(2) (with
//! `O_CREAT`, `O_EXCL`, `O_TRUNC`, `O_APPEND`, `O_DIRECTORY`, `O_NOFOLLOW`, `O_PATH`,
//! `O_TMPFILE`), read(2) / pread(2), write(2) / pwrite(2), lseek(2) (with `SEEK_DATA` and
//! `SEEK_HOLE`), getdents64(2), ftruncate(2) / truncate(2), fallocate(2).
//!
//! An [`OpenFile`] is Linux's `struct file`: the inode it holds (pinned, so an unlinked file
//! stays readable), the status flags and the offset. Descriptors share one description through
//! an `Rc` after dup(2) and fork(2), so they share the offset and status flags; close-on-exec is
//! per descriptor and lives in the [`FdTable`](super::FdTable). Device nodes, FIFOs and sockets
//! open here like any inode; the server gives them their behaviour (by `rdev`), and `read` /
//! `write` here refuse them with `EINVAL`.
//!
//! Access times follow Linux's default `relatime`: a read updates `atime` only if it is not
//! newer than `mtime` or `ctime`, or is a day old.

use alloc::rc::Rc;
use core::cell::Cell;

use syscall_translation::flags::OpenFlags;
use syscall_translation::types::fs::{write_dirent64, Whence, DT_DIR};
use syscall_translation::types::stat::{S_IFMT, S_IFREG, S_ISGID, S_ISUID};
use syscall_translation::Errno;

use super::data::{FileData, MAX_FILE_SIZE};
use super::dir::FIRST_COOKIE;
use super::perm::{permission, MAY_READ, MAY_WRITE};
use super::{At, Content, Ctx, InodeHandle, InodeId, Last, Vfs};

/// An open file description (Linux's `struct file`).
#[derive(Debug)]
pub struct OpenFile {
    handle: InodeHandle,
    flags: Cell<OpenFlags>,
    offset: Cell<u64>,
}

impl OpenFile {
    /// A description of `handle` with `flags` at offset 0.
    pub fn new(handle: InodeHandle, flags: OpenFlags) -> OpenFile {
        OpenFile { handle, flags: Cell::new(flags), offset: Cell::new(0) }
    }

    /// The inode.
    pub fn inode(&self) -> InodeId {
        self.handle.id()
    }

    /// Access mode and status flags (fcntl(2) `F_GETFL`).
    pub fn flags(&self) -> OpenFlags {
        self.flags.get()
    }

    /// Change the status flags `F_SETFL` may change (`O_APPEND`, `O_NONBLOCK`, `O_ASYNC`,
    /// `O_DIRECT`, `O_NOATIME`); the others are kept.
    pub fn set_status_flags(&self, flags: OpenFlags) {
        let keep = self.flags.get().difference(OpenFlags::SETFL_MASK);
        self.flags.set(keep.union(flags.intersection(OpenFlags::SETFL_MASK)));
    }

    /// The file offset (for a directory, the getdents position).
    pub fn offset(&self) -> u64 {
        self.offset.get()
    }

    /// Set the file offset.
    pub fn set_offset(&self, offset: u64) {
        self.offset.set(offset);
    }

    /// Whether this is an `O_PATH` description (no I/O).
    pub fn is_path(&self) -> bool {
        self.flags.get().contains(OpenFlags::O_PATH)
    }

    fn readable(&self) -> bool {
        !self.is_path() && self.flags.get().readable()
    }

    fn writable(&self) -> bool {
        !self.is_path() && self.flags.get().writable()
    }
}

/// fallocate(2) modes supported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FallocateMode {
    /// Mode 0: allocate and extend.
    Allocate,
    /// `FALLOC_FL_KEEP_SIZE`.
    KeepSize,
    /// `FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE`.
    PunchHole,
}

impl FallocateMode {
    /// The mode of a fallocate(2) `mode` argument, or `EOPNOTSUPP` for any other (including
    /// `FALLOC_FL_PUNCH_HOLE` without `FALLOC_FL_KEEP_SIZE`, as Linux).
    pub fn from_bits(mode: u32) -> Result<FallocateMode, Errno> {
        match mode {
            0 => Ok(FallocateMode::Allocate),
            1 => Ok(FallocateMode::KeepSize),
            3 => Ok(FallocateMode::PunchHole),
            _ => Err(Errno::EOPNOTSUPP),
        }
    }
}

/// The flags kept in a description: open-time-only flags dropped, `O_LARGEFILE` forced on as
/// on every 64-bit Linux.
fn description_flags(flags: OpenFlags) -> OpenFlags {
    let path_kept = OpenFlags::O_PATH | OpenFlags::O_DIRECTORY | OpenFlags::O_NOFOLLOW;
    let flags = if flags.contains(OpenFlags::O_PATH) { flags & path_kept } else { flags };
    let dropped = OpenFlags::O_CREAT
        | OpenFlags::O_EXCL
        | OpenFlags::O_NOCTTY
        | OpenFlags::O_TRUNC
        | OpenFlags::O_CLOEXEC;
    let flags = flags.difference(dropped);
    if flags.contains(OpenFlags::O_PATH) {
        flags
    } else {
        flags | OpenFlags::O_LARGEFILE
    }
}

impl Vfs {
    /// openat(2). `mode` is used when a file is created (after the umask). The caller reads
    /// `O_CLOEXEC` from `flags` for its descriptor.
    pub fn openat(
        &mut self,
        cx: &Ctx,
        at: At,
        path: &[u8],
        flags: OpenFlags,
        mode: u32,
    ) -> Result<Rc<OpenFile>, Errno> {
        let path_only = flags.contains(OpenFlags::O_PATH);
        if flags.contains(OpenFlags::O_TMPFILE) && !path_only {
            return self.open_tmpfile(cx, at, path, flags, mode);
        }
        let creating = flags.contains(OpenFlags::O_CREAT) && !path_only;
        let exclusive = creating && flags.contains(OpenFlags::O_EXCL);
        let nofollow = flags.contains(OpenFlags::O_NOFOLLOW) || exclusive;
        let resolved = self.walk(cx, at, path, !nofollow)?;
        let mut created = false;
        let id = match resolved.target {
            Some(id) => {
                if exclusive {
                    return Err(Errno::EEXIST);
                }
                id
            }
            None if creating => {
                let Last::Name(name) = &resolved.last else { return Err(Errno::EISDIR) };
                if resolved.trailing_slash {
                    return Err(Errno::EISDIR);
                }
                let parent = resolved.parent;
                self.may_create(cx.cred, parent)?;
                self.check_writable_fs(parent)?;
                let file_mode = S_IFREG | (mode & 0o7777 & !cx.fs.umask);
                let fs = self.inode(parent)?.fs;
                let id = self.new_inode(
                    fs,
                    file_mode,
                    Content::Regular(FileData::new()),
                    cx.cred,
                    Some(parent),
                );
                self.link_entry(parent, name, id)?;
                self.touch(parent, false, true, true);
                created = true;
                id
            }
            None => return Err(Errno::ENOENT),
        };
        let inode = self.inode(id)?;
        if creating && inode.is_dir() {
            return Err(Errno::EISDIR);
        }
        if flags.contains(OpenFlags::O_DIRECTORY) && !inode.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        if inode.is_symlink() && !path_only {
            return Err(Errno::ELOOP);
        }
        if !path_only {
            let truncate = flags.contains(OpenFlags::O_TRUNC);
            let mut mask = 0;
            if flags.readable() {
                mask |= MAY_READ;
            }
            if flags.writable() || truncate {
                mask |= MAY_WRITE;
            }
            if inode.is_dir() && mask & MAY_WRITE != 0 {
                return Err(Errno::EISDIR);
            }
            if !created {
                permission(cx.cred, inode, mask)?;
                if mask & MAY_WRITE != 0 {
                    self.check_writable_fs(id)?;
                }
            }
            if flags.contains(OpenFlags::O_NOATIME)
                && !cx.cred.is_root()
                && cx.cred.euid != inode.uid
            {
                return Err(Errno::EPERM);
            }
            if truncate && inode.is_regular() && !created {
                self.set_size(id, 0)?;
            }
        }
        Ok(Rc::new(OpenFile::new(self.handle(id)?, description_flags(flags))))
    }

    /// open(2) with `O_TMPFILE`: an unnamed regular file in the directory `path`.
    fn open_tmpfile(
        &mut self,
        cx: &Ctx,
        at: At,
        path: &[u8],
        flags: OpenFlags,
        mode: u32,
    ) -> Result<Rc<OpenFile>, Errno> {
        if flags.contains(OpenFlags::O_CREAT) || !flags.writable() {
            return Err(Errno::EINVAL);
        }
        let dir = self.walk(cx, at, path, true)?.existing()?;
        if !self.inode(dir)?.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        self.may_create(cx.cred, dir)?;
        self.check_writable_fs(dir)?;
        let fs = self.inode(dir)?.fs;
        let file_mode = S_IFREG | (mode & 0o7777 & !cx.fs.umask);
        let id =
            self.new_inode(fs, file_mode, Content::Regular(FileData::new()), cx.cred, Some(dir));
        self.inode_mut(id)?.linkable = !flags.contains(OpenFlags::O_EXCL);
        let handle = self.handle(id)?;
        self.inodes.release_if_unused(id);
        let flags = flags.difference(OpenFlags::O_TMPFILE) | OpenFlags::O_LARGEFILE;
        Ok(Rc::new(OpenFile::new(handle, description_flags(flags))))
    }

    /// creat(2).
    pub fn creat(&mut self, cx: &Ctx, path: &[u8], mode: u32) -> Result<Rc<OpenFile>, Errno> {
        let flags = OpenFlags::O_CREAT | OpenFlags::O_WRONLY | OpenFlags::O_TRUNC;
        self.openat(cx, At::Cwd, path, flags, mode)
    }

    /// The regular-file inode of a description opened for `readable`/`writable` I/O.
    fn io_target(&self, file: &OpenFile, write: bool) -> Result<InodeId, Errno> {
        if (write && !file.writable()) || (!write && !file.readable()) {
            return Err(Errno::EBADF);
        }
        let inode = self.inode(file.inode())?;
        if inode.is_dir() {
            return Err(Errno::EISDIR);
        }
        if !inode.is_regular() {
            return Err(Errno::EINVAL);
        }
        Ok(file.inode())
    }

    /// read(2) at the description's offset, advancing it.
    pub fn read(&mut self, file: &OpenFile, buf: &mut [u8]) -> Result<usize, Errno> {
        let done = self.pread_inner(file, buf, file.offset())?;
        file.set_offset(file.offset() + done as u64);
        Ok(done)
    }

    /// pread(2): read at `offset` without moving the description's offset.
    pub fn pread(&mut self, file: &OpenFile, buf: &mut [u8], offset: i64) -> Result<usize, Errno> {
        self.io_target(file, false)?;
        if offset < 0 {
            return Err(Errno::EINVAL);
        }
        self.pread_inner(file, buf, offset as u64)
    }

    fn pread_inner(
        &mut self,
        file: &OpenFile,
        buf: &mut [u8],
        offset: u64,
    ) -> Result<usize, Errno> {
        let id = self.io_target(file, false)?;
        let done = self.inode(id)?.data().map_or(0, |data| data.read(offset, buf));
        if !file.flags().contains(OpenFlags::O_NOATIME) {
            self.touch_atime(id);
        }
        Ok(done)
    }

    /// Update `atime` under `relatime` rules.
    pub(super) fn touch_atime(&mut self, id: InodeId) {
        let now = self.now();
        if let Some(inode) = self.inodes.get_mut(id) {
            const DAY: i64 = 24 * 60 * 60;
            if inode.atime <= inode.mtime
                || inode.atime <= inode.ctime
                || now.tv_sec - inode.atime.tv_sec >= DAY
            {
                inode.atime = now;
            }
        }
    }

    /// write(2) at the description's offset (at the end with `O_APPEND`), advancing it.
    pub fn write(&mut self, file: &OpenFile, buf: &[u8]) -> Result<usize, Errno> {
        let id = self.io_target(file, true)?;
        let offset = if file.flags().contains(OpenFlags::O_APPEND) {
            self.inode(id)?.size()
        } else {
            file.offset()
        };
        let done = self.write_at(id, offset, buf)?;
        file.set_offset(offset + done as u64);
        Ok(done)
    }

    /// pwrite(2): write at `offset` without moving the description's offset; with `O_APPEND`
    /// Linux appends anyway (a bug the man page documents), and so does this.
    pub fn pwrite(&mut self, file: &OpenFile, buf: &[u8], offset: i64) -> Result<usize, Errno> {
        let id = self.io_target(file, true)?;
        if offset < 0 {
            return Err(Errno::EINVAL);
        }
        let offset = if file.flags().contains(OpenFlags::O_APPEND) {
            self.inode(id)?.size()
        } else {
            offset as u64
        };
        self.write_at(id, offset, buf)
    }

    fn write_at(&mut self, id: InodeId, offset: u64, buf: &[u8]) -> Result<usize, Errno> {
        if buf.is_empty() {
            return Ok(0);
        }
        if offset >= MAX_FILE_SIZE {
            return Err(Errno::EFBIG);
        }
        let len = (buf.len() as u64).min(MAX_FILE_SIZE - offset) as usize;
        let now = self.now();
        let inode = self.inode_mut(id)?;
        inode.data_mut().ok_or(Errno::EINVAL)?.write(offset, &buf[..len]);
        inode.mtime = now;
        inode.ctime = now;
        Ok(len)
    }

    /// Drop set-user-ID (and group-executable set-group-ID) bits after a write or truncation by
    /// an unprivileged writer (Linux's `file_remove_privs`).
    fn remove_privileges(&mut self, cx: &Ctx, id: InodeId) {
        if cx.cred.is_root() {
            return;
        }
        if let Some(inode) = self.inodes.get_mut(id) {
            inode.mode &= !S_ISUID;
            if inode.mode & 0o010 != 0 {
                inode.mode &= !S_ISGID;
            }
        }
    }

    /// write(2) by the caller `cx`, which also clears set-ID bits as Linux does for writers
    /// without `CAP_FSETID`.
    pub fn write_as(&mut self, cx: &Ctx, file: &OpenFile, buf: &[u8]) -> Result<usize, Errno> {
        let done = self.write(file, buf)?;
        if done > 0 {
            self.remove_privileges(cx, file.inode());
        }
        Ok(done)
    }

    /// lseek(2). On a directory the offset is a getdents position; `SEEK_END`, `SEEK_DATA` and
    /// `SEEK_HOLE` there are `EINVAL`.
    pub fn lseek(&mut self, file: &OpenFile, offset: i64, whence: Whence) -> Result<u64, Errno> {
        if file.is_path() {
            return Err(Errno::EBADF);
        }
        let inode = self.inode(file.inode())?;
        let current = file.offset() as i64;
        let base = match whence {
            Whence::Set => 0,
            Whence::Cur => current,
            Whence::End if !inode.is_dir() => inode.size() as i64,
            Whence::Data | Whence::Hole if inode.is_regular() => {
                let data = inode.data().ok_or(Errno::EINVAL)?;
                if offset < 0 {
                    return Err(Errno::ENXIO);
                }
                let found = if whence == Whence::Data {
                    data.seek_data(offset as u64)
                } else {
                    data.seek_hole(offset as u64)
                };
                let found = found.ok_or(Errno::ENXIO)?;
                file.set_offset(found);
                return Ok(found);
            }
            _ => return Err(Errno::EINVAL),
        };
        let new = base.checked_add(offset).ok_or(Errno::EOVERFLOW)?;
        if new < 0 {
            return Err(Errno::EINVAL);
        }
        file.set_offset(new as u64);
        Ok(new as u64)
    }

    /// getdents64(2): fill `buf` with `linux_dirent64` records from the description's position,
    /// returning the bytes used (0 at the end). `.` and `..` come first (positions 0 and 1);
    /// each record's `d_off` is the position after it, stable while entries come and go.
    pub fn getdents64(&mut self, file: &OpenFile, buf: &mut [u8]) -> Result<usize, Errno> {
        if file.is_path() {
            return Err(Errno::EBADF);
        }
        let id = file.inode();
        let inode = self.inode(id)?;
        let dir = inode.dir().ok_or(Errno::ENOTDIR)?;
        if inode.nlink == 0 {
            return Err(Errno::ENOENT);
        }
        let start = file.offset();
        // The records from `start`, lazily: (inode number, type, name, position after it).
        let parent_ino = self.inodes.get(dir.parent).map_or(inode.ino, |p| p.ino);
        let dots =
            [(inode.ino, DT_DIR, &b"."[..], 1), (parent_ino, DT_DIR, &b".."[..], FIRST_COOKIE)];
        let records = dots.into_iter().skip(start.min(FIRST_COOKIE) as usize).chain(
            dir.entries_from(start).filter_map(|(cookie, name, child)| {
                let child = self.inodes.get(child)?;
                Some((child.ino, d_type(child.mode), name, cookie + 1))
            }),
        );
        let (mut used, mut position, mut overflow) = (0, start, false);
        for (ino, kind, name, next) in records {
            match write_dirent64(&mut buf[used..], ino, next as i64, kind, name) {
                Some(len) => {
                    used += len;
                    position = next;
                }
                None => {
                    overflow = true;
                    break;
                }
            }
        }
        if used == 0 && overflow {
            return Err(Errno::EINVAL);
        }
        file.set_offset(position);
        self.touch_atime(id);
        Ok(used)
    }

    /// Set the size of a regular file, updating `mtime` and `ctime`.
    fn set_size(&mut self, id: InodeId, size: u64) -> Result<(), Errno> {
        if size > MAX_FILE_SIZE {
            return Err(Errno::EFBIG);
        }
        let now = self.now();
        let inode = self.inode_mut(id)?;
        inode.data_mut().ok_or(Errno::EINVAL)?.set_size(size);
        inode.mtime = now;
        inode.ctime = now;
        Ok(())
    }

    /// ftruncate(2).
    pub fn ftruncate(&mut self, cx: &Ctx, file: &OpenFile, length: i64) -> Result<(), Errno> {
        if length < 0 {
            return Err(Errno::EINVAL);
        }
        if file.is_path() {
            return Err(Errno::EBADF);
        }
        let inode = self.inode(file.inode())?;
        if !inode.is_regular() || !file.writable() {
            return Err(Errno::EINVAL);
        }
        self.set_size(file.inode(), length as u64)?;
        self.remove_privileges(cx, file.inode());
        Ok(())
    }

    /// truncate(2).
    pub fn truncate(&mut self, cx: &Ctx, path: &[u8], length: i64) -> Result<(), Errno> {
        if length < 0 {
            return Err(Errno::EINVAL);
        }
        let id = self.walk(cx, At::Cwd, path, true)?.existing()?;
        let inode = self.inode(id)?;
        if inode.is_dir() {
            return Err(Errno::EISDIR);
        }
        if !inode.is_regular() {
            return Err(Errno::EINVAL);
        }
        permission(cx.cred, inode, MAY_WRITE)?;
        self.check_writable_fs(id)?;
        self.set_size(id, length as u64)?;
        self.remove_privileges(cx, id);
        Ok(())
    }

    /// fallocate(2) on a regular file opened for writing.
    pub fn fallocate(
        &mut self,
        file: &OpenFile,
        mode: FallocateMode,
        offset: i64,
        len: i64,
    ) -> Result<(), Errno> {
        if offset < 0 || len <= 0 {
            return Err(Errno::EINVAL);
        }
        if !file.writable() {
            return Err(Errno::EBADF);
        }
        let inode = self.inode(file.inode())?;
        if inode.is_dir() {
            return Err(Errno::EISDIR);
        }
        if !inode.is_regular() {
            return Err(Errno::ENODEV);
        }
        let end = (offset as u64).checked_add(len as u64).ok_or(Errno::EFBIG)?;
        if end > MAX_FILE_SIZE {
            return Err(Errno::EFBIG);
        }
        let now = self.now();
        let inode = self.inode_mut(file.inode())?;
        let data = inode.data_mut().ok_or(Errno::ENODEV)?;
        match mode {
            FallocateMode::Allocate => data.allocate(offset as u64, len as u64, false),
            FallocateMode::KeepSize => data.allocate(offset as u64, len as u64, true),
            FallocateMode::PunchHole => {
                data.punch_hole(offset as u64, len as u64);
                inode.mtime = now;
            }
        }
        inode.ctime = now;
        Ok(())
    }
}

/// The `DT_*` type of a mode.
pub fn d_type(mode: u32) -> u8 {
    ((mode & S_IFMT) >> 12) as u8
}
