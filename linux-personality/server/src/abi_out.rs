//! Serialising the Linux ABI structs of `syscall-translation` into the bytes a
//! program reads. Field order and sizes follow those structs, whose layouts are
//! tested against the `libc` crate there.

use alloc::vec::Vec;

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

/// What `stat`/`statx` report about a file.
pub struct FileStat {
    pub dev: u64,
    pub ino: u64,
    pub nlink: u64,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub rdev: u64,
    pub size: u64,
    pub mtime: u64,
}

/// `struct stat` (x86-64, 144 bytes).
pub fn stat(s: &FileStat) -> Vec<u8> {
    let mut o = Out::default();
    o.u64(s.dev).u64(s.ino).u64(s.nlink).u32(s.mode).u32(s.uid).u32(s.gid).u32(0).u64(s.rdev);
    o.u64(s.size).u64(4096).u64(s.size.div_ceil(512));
    for _ in 0..3 {
        o.u64(s.mtime).u64(0);
    }
    o.zeros(24);
    debug_assert_eq!(o.0.len(), core::mem::size_of::<syscall_translation::types::stat::Stat>());
    o.0
}

/// `struct statx` (256 bytes).
pub fn statx(s: &FileStat) -> Vec<u8> {
    const STATX_BASIC_STATS: u32 = 0x7ff;
    let mut o = Out::default();
    o.u32(STATX_BASIC_STATS).u32(4096).u64(0).u32(s.nlink as u32).u32(s.uid).u32(s.gid);
    o.u16(s.mode as u16).u16(0).u64(s.ino).u64(s.size).u64(s.size.div_ceil(512)).u64(0);
    // atime, btime, ctime, mtime: statx_timestamp { i64 sec; u32 nsec; i32 pad }
    for _ in 0..4 {
        o.u64(s.mtime).u32(0).u32(0);
    }
    o.u32((s.rdev >> 8) as u32 & 0xfff).u32((s.rdev & 0xff) as u32);
    o.u32((s.dev >> 8) as u32 & 0xfff).u32((s.dev & 0xff) as u32);
    o.pad_to(256);
    debug_assert_eq!(o.0.len(), core::mem::size_of::<syscall_translation::types::stat::Statx>());
    o.0
}

pub fn timespec(seconds: u64, nanoseconds: u64) -> Vec<u8> {
    let mut o = Out::default();
    o.u64(seconds).u64(nanoseconds);
    o.0
}
