//! cpio "newc" archives: the boot ramdisk format.
//!
//! The boot ramdisk (initrd) is a cpio archive in the "new ASCII" format, the one Linux's
//! initramfs uses (see cpio(5), section "New ASCII Format", and the kernel's
//! `Documentation/driver-api/early-userspace/buffer-format.rst`). This crate owns reading such an
//! archive in the kernel and the server (no_std, no allocation) and, behind the feature `std`,
//! writing one on the host (used by `xtask`).
//!
//! # The format
//!
//! An archive is a sequence of entries, each a 110-byte ASCII header, the path name, then the
//! file data:
//!
//! ```text
//! offset  size  field
//!      0     6  c_magic     "070701" ("070702": same layout, c_check holds a checksum)
//!      6     8  c_ino       every number below is 8 hexadecimal digits, no NUL
//!     14     8  c_mode      file type and permission bits, as st_mode
//!     22     8  c_uid
//!     30     8  c_gid
//!     38     8  c_nlink
//!     46     8  c_mtime     seconds since the epoch
//!     54     8  c_filesize  bytes of data (for a symlink: its target, without NUL)
//!     62     8  c_devmajor
//!     70     8  c_devminor
//!     78     8  c_rdevmajor for device nodes
//!     86     8  c_rdevminor
//!     94     8  c_namesize  bytes of the name including its terminating NUL
//!    102     8  c_check     0 for "070701"; for "070702" the sum of the data bytes, mod 2^32
//!                           (GNU cpio sums regular files only and writes 0 for the rest)
//!    110        the name, NUL-terminated, then NUL padding so that the data starts at a
//!               multiple of 4 from the start of the archive
//!               the data, then NUL padding to a multiple of 4
//! ```
//!
//! The archive ends with an entry named `TRAILER!!!`; writers may pad after it (GNU cpio pads to
//! 512 bytes). Hard links share `c_ino`; the data is carried by one of them (GNU cpio: the last)
//! and the others have size 0. This reader reports entries as they are and does not resolve
//! hard links.
//!
//! # Paths
//!
//! Linux initramfs stores paths without a leading `/` (`bin/busybox`); archives made by
//! `find . | cpio -o -H newc` start them with `./` and contain `.` itself. [`Entry::name`] is
//! the name as stored; [`Entry::path`] and [`Archive::find`] strip leading `/` and `./` and a
//! trailing `/`, so `find("/bin/busybox")`, `find("bin/busybox")` and `find("./bin/busybox")`
//! find the same entry.
//!
//! # Invariants
//!
//! Reading never panics and never slices out of bounds, whatever the bytes: every malformed
//! input (truncated header, bad magic, a non-hexadecimal digit, a name or data running past the
//! end, a name without its NUL, a name that is not UTF-8, a bad checksum, no trailer) is an
//! [`Error`] that says where it was found. Iteration stops after the first error.
#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "std")]
mod builder;
#[cfg(feature = "std")]
pub use builder::Builder;

use core::fmt;

/// Length of a newc header in bytes.
pub const HEADER_LEN: usize = 110;
/// Magic of the newc format without checksum.
pub const MAGIC_NEWC: &[u8; 6] = b"070701";
/// Magic of the newc format with checksum ("crc" format in GNU cpio).
pub const MAGIC_NEWC_CRC: &[u8; 6] = b"070702";
/// Name of the entry that ends an archive.
pub const TRAILER_NAME: &str = "TRAILER!!!";

/// File type mask of a mode (`S_IFMT`).
pub const S_IFMT: u32 = 0o170000;
/// Directory (`S_IFDIR`).
pub const S_IFDIR: u32 = 0o040000;
/// Regular file (`S_IFREG`).
pub const S_IFREG: u32 = 0o100000;
/// Symbolic link (`S_IFLNK`).
pub const S_IFLNK: u32 = 0o120000;
/// Character device (`S_IFCHR`).
pub const S_IFCHR: u32 = 0o020000;
/// Block device (`S_IFBLK`).
pub const S_IFBLK: u32 = 0o060000;
/// Named pipe (`S_IFIFO`).
pub const S_IFIFO: u32 = 0o010000;
/// Socket (`S_IFSOCK`).
pub const S_IFSOCK: u32 = 0o140000;

/// The header fields after the magic, in their order in the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `c_ino`
    Ino,
    /// `c_mode`
    Mode,
    /// `c_uid`
    Uid,
    /// `c_gid`
    Gid,
    /// `c_nlink`
    Nlink,
    /// `c_mtime`
    Mtime,
    /// `c_filesize`
    FileSize,
    /// `c_devmajor`
    DevMajor,
    /// `c_devminor`
    DevMinor,
    /// `c_rdevmajor`
    RdevMajor,
    /// `c_rdevminor`
    RdevMinor,
    /// `c_namesize`
    NameSize,
    /// `c_check`
    Check,
}

const FIELDS: [Field; 13] = [
    Field::Ino,
    Field::Mode,
    Field::Uid,
    Field::Gid,
    Field::Nlink,
    Field::Mtime,
    Field::FileSize,
    Field::DevMajor,
    Field::DevMinor,
    Field::RdevMajor,
    Field::RdevMinor,
    Field::NameSize,
    Field::Check,
];

/// What is wrong with an archive. Every variant carries `offset`, the byte offset from the start
/// of the archive of the header of the entry in which the problem was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// Fewer than [`HEADER_LEN`] bytes remain where a header should start.
    TruncatedHeader { offset: usize },
    /// The header does not start with "070701" or "070702".
    BadMagic { offset: usize },
    /// A header field holds a character that is not a hexadecimal digit.
    BadHexDigit { offset: usize, field: Field },
    /// `c_namesize` is 0: there is not even room for the NUL.
    EmptyName { offset: usize },
    /// The name (with its NUL) runs past the end of the archive.
    NameOutOfBounds { offset: usize },
    /// The last byte of the name is not NUL, or the name holds a NUL before its end.
    MissingNul { offset: usize },
    /// The name is not UTF-8.
    NameNotUtf8 { offset: usize },
    /// The data runs past the end of the archive.
    DataOutOfBounds { offset: usize },
    /// A "070702" regular file whose data does not sum to its `c_check`.
    Checksum { offset: usize },
    /// The archive ended before the `TRAILER!!!` entry.
    MissingTrailer { offset: usize },
}

impl Error {
    /// The offset of the header of the entry in which the problem was found.
    pub fn offset(&self) -> usize {
        match *self {
            Error::TruncatedHeader { offset }
            | Error::BadMagic { offset }
            | Error::BadHexDigit { offset, .. }
            | Error::EmptyName { offset }
            | Error::NameOutOfBounds { offset }
            | Error::MissingNul { offset }
            | Error::NameNotUtf8 { offset }
            | Error::DataOutOfBounds { offset }
            | Error::Checksum { offset }
            | Error::MissingTrailer { offset } => offset,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self {
            Error::TruncatedHeader { .. } => "truncated header",
            Error::BadMagic { .. } => "bad magic (not a newc cpio archive)",
            Error::BadHexDigit { field, .. } => {
                return write!(f, "cpio: non-hex digit in {:?} at offset {}", field, self.offset())
            }
            Error::EmptyName { .. } => "name size is 0",
            Error::NameOutOfBounds { .. } => "name runs past the end",
            Error::MissingNul { .. } => "name is not NUL-terminated",
            Error::NameNotUtf8 { .. } => "name is not UTF-8",
            Error::DataOutOfBounds { .. } => "data runs past the end",
            Error::Checksum { .. } => "checksum mismatch",
            Error::MissingTrailer { .. } => "archive ends without TRAILER!!!",
        };
        write!(f, "cpio: {} at offset {}", what, self.offset())
    }
}

/// The type of a file, from the `S_IFMT` bits of its mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Regular,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
    /// `S_IFMT` bits that name no type.
    Unknown,
}

impl FileType {
    /// The type named by the `S_IFMT` bits of `mode`.
    pub fn from_mode(mode: u32) -> FileType {
        match mode & S_IFMT {
            S_IFREG => FileType::Regular,
            S_IFDIR => FileType::Directory,
            S_IFLNK => FileType::Symlink,
            S_IFCHR => FileType::CharDevice,
            S_IFBLK => FileType::BlockDevice,
            S_IFIFO => FileType::Fifo,
            S_IFSOCK => FileType::Socket,
            _ => FileType::Unknown,
        }
    }
}

/// One member of an archive; `name` and `data` borrow from the archive's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The name as stored, without its NUL (`bin/busybox`, or `./bin/busybox`).
    pub name: &'a str,
    /// File type and permission bits, as `st_mode`.
    pub mode: u32,
    /// The file's contents; for a symbolic link, its target.
    pub data: &'a [u8],
    pub ino: u32,
    pub nlink: u32,
    pub uid: u32,
    pub gid: u32,
    /// Seconds since the epoch.
    pub mtime: u32,
    pub dev_major: u32,
    pub dev_minor: u32,
    /// Device number of a character or block device node.
    pub rdev_major: u32,
    pub rdev_minor: u32,
    /// Offset of this entry's header from the start of the archive.
    pub offset: usize,
}

impl<'a> Entry<'a> {
    /// The type of the entry.
    pub fn file_type(&self) -> FileType {
        FileType::from_mode(self.mode)
    }

    /// Whether the entry is a directory.
    pub fn is_dir(&self) -> bool {
        self.file_type() == FileType::Directory
    }

    /// Whether the entry is a regular file.
    pub fn is_file(&self) -> bool {
        self.file_type() == FileType::Regular
    }

    /// Whether the entry is a symbolic link.
    pub fn is_symlink(&self) -> bool {
        self.file_type() == FileType::Symlink
    }

    /// Permission bits (including set-uid, set-gid and sticky), without the type.
    pub fn permissions(&self) -> u32 {
        self.mode & 0o7777
    }

    /// The target of a symbolic link, if this is one and the target is UTF-8.
    pub fn symlink_target(&self) -> Option<&'a str> {
        if self.is_symlink() {
            core::str::from_utf8(self.data).ok()
        } else {
            None
        }
    }

    /// The name without leading `/` or `./` and without a trailing `/`; `""` for the root
    /// (stored as `.` by GNU cpio).
    pub fn path(&self) -> &'a str {
        normalize(self.name)
    }
}

/// Strips leading `/` and `./` and trailing `/`; `.` and `/` become `""`.
fn normalize(mut path: &str) -> &str {
    loop {
        if let Some(rest) = path.strip_prefix('/') {
            path = rest;
        } else if let Some(rest) = path.strip_prefix("./") {
            path = rest;
        } else {
            break;
        }
    }
    let path = path.trim_end_matches('/');
    if path == "." {
        ""
    } else {
        path
    }
}

/// A newc archive in memory. Construction does not look at the bytes; iteration checks them.
#[derive(Clone, Copy, Debug)]
pub struct Archive<'a> {
    bytes: &'a [u8],
}

impl<'a> Archive<'a> {
    /// An archive over `bytes` (a whole archive, starting at a header).
    pub fn new(bytes: &'a [u8]) -> Archive<'a> {
        Archive { bytes }
    }

    /// The archive's bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The entries, in archive order, ending before the trailer. An error is yielded once and
    /// ends the iteration.
    pub fn entries(&self) -> Entries<'a> {
        Entries { bytes: self.bytes, offset: 0, done: false }
    }

    /// Checks the whole archive, up to and including its trailer.
    pub fn validate(&self) -> Result<(), Error> {
        self.entries().try_for_each(|entry| entry.map(|_| ()))
    }

    /// The first entry whose path is `path`, with or without leading `/` or `./`. An error met
    /// before the entry is found is returned; an error after it is not looked for.
    pub fn find(&self, path: &str) -> Result<Option<Entry<'a>>, Error> {
        let wanted = normalize(path);
        for entry in self.entries() {
            let entry = entry?;
            if entry.path() == wanted {
                return Ok(Some(entry));
            }
        }
        Ok(None)
    }
}

impl<'a> IntoIterator for &Archive<'a> {
    type Item = Result<Entry<'a>, Error>;
    type IntoIter = Entries<'a>;

    fn into_iter(self) -> Entries<'a> {
        self.entries()
    }
}

/// Iterator over the entries of an [`Archive`].
#[derive(Clone, Debug)]
pub struct Entries<'a> {
    bytes: &'a [u8],
    offset: usize,
    done: bool,
}

impl<'a> Iterator for Entries<'a> {
    type Item = Result<Entry<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match parse_entry(self.bytes, self.offset) {
            Ok(Some((entry, next))) => {
                self.offset = next;
                Some(Ok(entry))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(error) => {
                self.done = true;
                Some(Err(error))
            }
        }
    }
}

impl core::iter::FusedIterator for Entries<'_> {}

/// Rounds `value` up to a multiple of 4, or `None` on overflow.
fn align4(value: usize) -> Option<usize> {
    value.checked_add(3).map(|v| v & !3)
}

fn parse_hex(digits: &[u8]) -> Option<u32> {
    let mut value: u32 = 0;
    for &digit in digits {
        let nibble = (digit as char).to_digit(16)?;
        value = (value << 4) | nibble;
    }
    Some(value)
}

/// Parses the entry whose header starts at `offset`: the entry and the offset of the next
/// header, or `None` at the trailer.
fn parse_entry(bytes: &[u8], offset: usize) -> Result<Option<(Entry<'_>, usize)>, Error> {
    let rest = bytes.get(offset..).unwrap_or(&[]);
    if rest.is_empty() {
        return Err(Error::MissingTrailer { offset });
    }
    let header = rest.get(..HEADER_LEN).ok_or(Error::TruncatedHeader { offset })?;
    let magic = &header[..6];
    let with_checksum = if magic == MAGIC_NEWC {
        false
    } else if magic == MAGIC_NEWC_CRC {
        true
    } else {
        return Err(Error::BadMagic { offset });
    };
    let mut values = [0u32; 13];
    for (index, (value, field)) in values.iter_mut().zip(FIELDS).enumerate() {
        let start = 6 + 8 * index;
        *value =
            parse_hex(&header[start..start + 8]).ok_or(Error::BadHexDigit { offset, field })?;
    }
    let [ino, mode, uid, gid, nlink, mtime, file_size, dev_major, dev_minor, rdev_major, rdev_minor, name_size, check] =
        values;

    let name_size = name_size as usize;
    if name_size == 0 {
        return Err(Error::EmptyName { offset });
    }
    let name_bytes = rest
        .get(HEADER_LEN..HEADER_LEN.saturating_add(name_size))
        .ok_or(Error::NameOutOfBounds { offset })?;
    let (nul, name_bytes) = name_bytes.split_last().ok_or(Error::EmptyName { offset })?;
    if *nul != 0 || name_bytes.contains(&0) {
        return Err(Error::MissingNul { offset });
    }
    let name = core::str::from_utf8(name_bytes).map_err(|_| Error::NameNotUtf8 { offset })?;

    // Offsets from here on are absolute; alignment is relative to the start of the archive.
    let name_end = offset.saturating_add(HEADER_LEN).saturating_add(name_size);
    let file_size = file_size as usize;
    let (data, data_end) = if file_size == 0 {
        (&[][..], name_end)
    } else {
        let data_start = align4(name_end).ok_or(Error::DataOutOfBounds { offset })?;
        let data_end =
            data_start.checked_add(file_size).ok_or(Error::DataOutOfBounds { offset })?;
        let data = bytes.get(data_start..data_end).ok_or(Error::DataOutOfBounds { offset })?;
        (data, data_end)
    };
    // GNU cpio checksums regular files only and writes 0 for the rest.
    if with_checksum && mode & S_IFMT == S_IFREG {
        let sum = data.iter().fold(0u32, |sum, &byte| sum.wrapping_add(u32::from(byte)));
        if sum != check {
            return Err(Error::Checksum { offset });
        }
    }
    if name == TRAILER_NAME {
        return Ok(None);
    }
    // Padding after the last entry may be cut short; the next call then reports the missing
    // trailer.
    let next = align4(data_end).unwrap_or(usize::MAX).min(bytes.len());
    let entry = Entry {
        name,
        mode,
        data,
        ino,
        nlink,
        uid,
        gid,
        mtime,
        dev_major,
        dev_minor,
        rdev_major,
        rdev_minor,
        offset,
    };
    Ok(Some((entry, next)))
}

#[cfg(test)]
mod tests;
