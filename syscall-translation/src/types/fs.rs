//! File-system and I/O structures: `struct iovec` (readv(2)), `struct linux_dirent64`
//! (getdents64(2)), `struct utsname` (uname(2)), `struct open_how` (openat2(2)),
//! `struct flock` (fcntl(2)), and the small enumerations that go with them (`SEEK_*`, `DT_*`,
//! access(2) modes).

/// `struct iovec`: one buffer of a vectored I/O call. 16 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Iovec {
    /// Start of the buffer.
    pub iov_base: u64,
    /// Its length.
    pub iov_len: u64,
}

/// The most iovecs one vectored call accepts (`UIO_MAXIOV`; more is `EINVAL`).
pub const UIO_MAXIOV: u64 = 1024;

/// The fixed header of `struct linux_dirent64`; the NUL-terminated name follows at
/// [`DIRENT64_NAME_OFFSET`] and each record is padded to a multiple of 8 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LinuxDirent64 {
    /// Inode number.
    pub d_ino: u64,
    /// Offset to pass to lseek(2) to continue after this entry.
    pub d_off: i64,
    /// Length of this record, name and padding included.
    pub d_reclen: u16,
    /// File type (`DT_*`).
    pub d_type: u8,
}

/// Where the name starts in a `linux_dirent64` record.
pub const DIRENT64_NAME_OFFSET: usize = 19;

/// The record length of a `linux_dirent64` with a name of `name_len` bytes.
pub const fn dirent64_reclen(name_len: usize) -> usize {
    (DIRENT64_NAME_OFFSET + name_len + 1 + 7) & !7
}

/// Serialise one `linux_dirent64` record into the start of `buf`, returning its length, or
/// `None` if it does not fit (getdents64(2) then stops, or fails with `EINVAL` if nothing fit).
pub fn write_dirent64(
    buf: &mut [u8],
    d_ino: u64,
    d_off: i64,
    d_type: u8,
    name: &[u8],
) -> Option<usize> {
    let reclen = dirent64_reclen(name.len());
    if reclen > buf.len() || reclen > u16::MAX as usize {
        return None;
    }
    let record = &mut buf[..reclen];
    record[0..8].copy_from_slice(&d_ino.to_le_bytes());
    record[8..16].copy_from_slice(&d_off.to_le_bytes());
    record[16..18].copy_from_slice(&(reclen as u16).to_le_bytes());
    record[18] = d_type;
    let name_end = DIRENT64_NAME_OFFSET + name.len();
    record[DIRENT64_NAME_OFFSET..name_end].copy_from_slice(name);
    record[name_end..].fill(0);
    Some(reclen)
}

/// Unknown file type.
pub const DT_UNKNOWN: u8 = 0;
/// FIFO.
pub const DT_FIFO: u8 = 1;
/// Character device.
pub const DT_CHR: u8 = 2;
/// Directory.
pub const DT_DIR: u8 = 4;
/// Block device.
pub const DT_BLK: u8 = 6;
/// Regular file.
pub const DT_REG: u8 = 8;
/// Symbolic link.
pub const DT_LNK: u8 = 10;
/// Socket.
pub const DT_SOCK: u8 = 12;

/// Length of each `utsname` field, NUL included.
pub const UTSNAME_LENGTH: usize = 65;

/// `struct new_utsname` (uname(2)). 390 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Utsname {
    /// Operating system name (`"Linux"`).
    pub sysname: [u8; UTSNAME_LENGTH],
    /// Host name.
    pub nodename: [u8; UTSNAME_LENGTH],
    /// Kernel release.
    pub release: [u8; UTSNAME_LENGTH],
    /// Kernel version.
    pub version: [u8; UTSNAME_LENGTH],
    /// Hardware (`"x86_64"`).
    pub machine: [u8; UTSNAME_LENGTH],
    /// NIS domain name.
    pub domainname: [u8; UTSNAME_LENGTH],
}

impl Default for Utsname {
    fn default() -> Self {
        let empty = [0; UTSNAME_LENGTH];
        Utsname {
            sysname: empty,
            nodename: empty,
            release: empty,
            version: empty,
            machine: empty,
            domainname: empty,
        }
    }
}

impl Utsname {
    /// A NUL-padded field holding `text`, truncated to 64 bytes.
    pub fn field(text: &str) -> [u8; UTSNAME_LENGTH] {
        let mut field = [0; UTSNAME_LENGTH];
        let len = text.len().min(UTSNAME_LENGTH - 1);
        field[..len].copy_from_slice(&text.as_bytes()[..len]);
        field
    }
}

/// `struct open_how` (openat2(2)). 24 bytes; the `size` argument must be at least this
/// (`OPEN_HOW_SIZE_VER0`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct OpenHow {
    /// `O_*` flags; unknown bits are `EINVAL`.
    pub flags: u64,
    /// Creation mode; must be 0 without `O_CREAT`/`O_TMPFILE`.
    pub mode: u64,
    /// `RESOLVE_*` flags.
    pub resolve: u64,
}

/// The first published size of `struct open_how`.
pub const OPEN_HOW_SIZE_VER0: u64 = 24;

/// `struct flock` (fcntl(2) record locks). 32 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flock {
    /// `F_RDLCK`, `F_WRLCK` or `F_UNLCK`.
    pub l_type: i16,
    /// `SEEK_SET`, `SEEK_CUR` or `SEEK_END`.
    pub l_whence: i16,
    /// Implicit C padding, made explicit.
    pub __pad1: u32,
    /// Start of the locked range.
    pub l_start: i64,
    /// Length of the range (0: to end of file).
    pub l_len: i64,
    /// The locking process (`F_GETLK`).
    pub l_pid: i32,
    /// Implicit C padding, made explicit.
    pub __pad2: u32,
}

/// lseek(2) `whence`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Whence {
    /// `SEEK_SET`.
    Set = 0,
    /// `SEEK_CUR`.
    Cur = 1,
    /// `SEEK_END`.
    End = 2,
    /// `SEEK_DATA`.
    Data = 3,
    /// `SEEK_HOLE`.
    Hole = 4,
}

impl Whence {
    /// The whence numbered `whence`, or `None` (Linux: `EINVAL`).
    pub const fn new(whence: u32) -> Option<Whence> {
        match whence {
            0 => Some(Whence::Set),
            1 => Some(Whence::Cur),
            2 => Some(Whence::End),
            3 => Some(Whence::Data),
            4 => Some(Whence::Hole),
            _ => None,
        }
    }

    /// The strace name.
    pub const fn name(self) -> &'static str {
        match self {
            Whence::Set => "SEEK_SET",
            Whence::Cur => "SEEK_CUR",
            Whence::End => "SEEK_END",
            Whence::Data => "SEEK_DATA",
            Whence::Hole => "SEEK_HOLE",
        }
    }
}

/// access(2) mode: existence.
pub const F_OK: u32 = 0;
/// access(2) mode: execute.
pub const X_OK: u32 = 1;
/// access(2) mode: write.
pub const W_OK: u32 = 2;
/// access(2) mode: read.
pub const R_OK: u32 = 4;

/// `F_RDLCK`.
pub const F_RDLCK: i16 = 0;
/// `F_WRLCK`.
pub const F_WRLCK: i16 = 1;
/// `F_UNLCK`.
pub const F_UNLCK: i16 = 2;
