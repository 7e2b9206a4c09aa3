//! Serialising the Linux ABI structs of `syscall-translation` into the bytes a
//! program reads. Field order and sizes follow those structs, whose layouts are
//! tested against the `libc` crate there.

use alloc::vec::Vec;

use syscall_translation::types::stat::{Stat, Statfs, Statx};

/// A little-endian byte writer.
#[derive(Default)]
pub struct Out(pub Vec<u8>);

impl Out {
    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }
    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.extend_from_slice(b);
        self
    }
    pub fn zeros(&mut self, n: usize) -> &mut Self {
        self.0.resize(self.0.len() + n, 0);
        self
    }
    pub fn pad_to(&mut self, len: usize) -> &mut Self {
        self.0.resize(len, 0);
        self
    }
}

/// `struct stat` (x86-64, 144 bytes).
pub fn stat(s: &Stat) -> Vec<u8> {
    let mut o = Out::default();
    o.u64(s.st_dev).u64(s.st_ino).u64(s.st_nlink).u32(s.st_mode).u32(s.st_uid).u32(s.st_gid);
    o.u32(0).u64(s.st_rdev).u64(s.st_size as u64).u64(s.st_blksize as u64);
    o.u64(s.st_blocks as u64);
    for (sec, nsec) in [
        (s.st_atime, s.st_atime_nsec),
        (s.st_mtime, s.st_mtime_nsec),
        (s.st_ctime, s.st_ctime_nsec),
    ] {
        o.u64(sec as u64).u64(nsec as u64);
    }
    o.zeros(24);
    debug_assert_eq!(o.0.len(), core::mem::size_of::<Stat>());
    o.0
}

/// `struct statx` (256 bytes).
pub fn statx(s: &Statx) -> Vec<u8> {
    let mut o = Out::default();
    o.u32(s.stx_mask).u32(s.stx_blksize).u64(s.stx_attributes).u32(s.stx_nlink).u32(s.stx_uid);
    o.u32(s.stx_gid).u16(s.stx_mode).u16(0).u64(s.stx_ino).u64(s.stx_size).u64(s.stx_blocks);
    o.u64(s.stx_attributes_mask);
    for t in [s.stx_atime, s.stx_btime, s.stx_ctime, s.stx_mtime] {
        o.u64(t.tv_sec as u64).u32(t.tv_nsec).u32(0);
    }
    o.u32(s.stx_rdev_major).u32(s.stx_rdev_minor).u32(s.stx_dev_major).u32(s.stx_dev_minor);
    o.u64(s.stx_mnt_id).u32(s.stx_dio_mem_align).u32(s.stx_dio_offset_align);
    o.pad_to(256);
    debug_assert_eq!(o.0.len(), core::mem::size_of::<Statx>());
    o.0
}

/// `struct statx` from a `struct stat` (for files outside the VFS).
pub fn statx_of(s: &Stat) -> Statx {
    use syscall_translation::types::stat::{major, minor, StatxTimestamp};
    let ts =
        |sec: i64, nsec: i64| StatxTimestamp { tv_sec: sec, tv_nsec: nsec as u32, __reserved: 0 };
    Statx {
        stx_mask: 0x7ff,
        stx_blksize: s.st_blksize as u32,
        stx_nlink: s.st_nlink as u32,
        stx_uid: s.st_uid,
        stx_gid: s.st_gid,
        stx_mode: s.st_mode as u16,
        stx_ino: s.st_ino,
        stx_size: s.st_size as u64,
        stx_blocks: s.st_blocks as u64,
        stx_atime: ts(s.st_atime, s.st_atime_nsec),
        stx_btime: ts(s.st_ctime, s.st_ctime_nsec),
        stx_ctime: ts(s.st_ctime, s.st_ctime_nsec),
        stx_mtime: ts(s.st_mtime, s.st_mtime_nsec),
        stx_rdev_major: major(s.st_rdev),
        stx_rdev_minor: minor(s.st_rdev),
        stx_dev_major: major(s.st_dev),
        stx_dev_minor: minor(s.st_dev),
        ..Statx::default()
    }
}

/// `struct statfs` (x86-64, 120 bytes).
pub fn statfs(s: &Statfs) -> Vec<u8> {
    let mut o = Out::default();
    o.u64(s.f_type as u64).u64(s.f_bsize as u64).u64(s.f_blocks).u64(s.f_bfree).u64(s.f_bavail);
    o.u64(s.f_files).u64(s.f_ffree).u32(s.f_fsid[0] as u32).u32(s.f_fsid[1] as u32);
    o.u64(s.f_namelen as u64).u64(s.f_frsize as u64).u64(s.f_flags as u64);
    o.zeros(32);
    debug_assert_eq!(o.0.len(), core::mem::size_of::<Statfs>());
    o.0
}

pub fn timespec(seconds: u64, nanoseconds: u64) -> Vec<u8> {
    let mut o = Out::default();
    o.u64(seconds).u64(nanoseconds);
    o.0
}
