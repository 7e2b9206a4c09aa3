//! `O_*` file-creation and status flags (open(2), fcntl(2) `F_GETFL`/`F_SETFL`) and
//! `RESOLVE_*` path-resolution flags (openat2(2)), with the x86-64 (generic) values from
//! `include/uapi/asm-generic/fcntl.h`.
//!
//! open(2) and openat(2) ignore unknown bits, so their decoders keep them
//! (`from_bits_retain`); openat2(2), pipe2(2) and dup3(2) reject them with `EINVAL`.

bitflags::bitflags! {
    /// `O_*` flags. The access mode (`O_RDONLY` = 0, `O_WRONLY`, `O_RDWR`) lives in the low two
    /// bits; read it with [`OpenFlags::access_mode`]. Composite flags (`O_SYNC`, `O_TMPFILE`)
    /// come before their parts so that strace formatting names them whole.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct OpenFlags: u32 {
        /// Write only.
        const O_WRONLY = 0o1;
        /// Read and write.
        const O_RDWR = 0o2;
        /// Create the file if missing.
        const O_CREAT = 0o100;
        /// With `O_CREAT`: fail if the file exists.
        const O_EXCL = 0o200;
        /// Do not make a terminal the controlling terminal.
        const O_NOCTTY = 0o400;
        /// Truncate to length 0.
        const O_TRUNC = 0o1000;
        /// Append on each write.
        const O_APPEND = 0o2000;
        /// Non-blocking I/O (`O_NDELAY`).
        const O_NONBLOCK = 0o4000;
        /// Full file-integrity sync on each write (`__O_SYNC | O_DSYNC`).
        const O_SYNC = 0o4010000;
        /// Data-integrity sync on each write.
        const O_DSYNC = 0o10000;
        /// Signal-driven I/O (`FASYNC`).
        const O_ASYNC = 0o20000;
        /// Bypass the page cache.
        const O_DIRECT = 0o40000;
        /// Allow 64-bit file sizes (always set by the kernel on 64-bit).
        const O_LARGEFILE = 0o100000;
        /// Unnamed temporary file (`__O_TMPFILE | O_DIRECTORY`).
        const O_TMPFILE = 0o20200000;
        /// Fail unless the path is a directory.
        const O_DIRECTORY = 0o200000;
        /// Fail if the last component is a symbolic link.
        const O_NOFOLLOW = 0o400000;
        /// Do not update the access time.
        const O_NOATIME = 0o1000000;
        /// Close on execve(2).
        const O_CLOEXEC = 0o2000000;
        /// A location-only descriptor.
        const O_PATH = 0o10000000;
    }
}

/// The access-mode bits of `O_*` flags.
pub const O_ACCMODE: u32 = 0o3;
/// Read only (access mode 0).
pub const O_RDONLY: u32 = 0;

/// The access mode of an open request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccessMode {
    /// `O_RDONLY`.
    ReadOnly,
    /// `O_WRONLY`.
    WriteOnly,
    /// `O_RDWR`.
    ReadWrite,
    /// The invalid mode 3 (Linux treats it as "ioctl only" for some devices).
    Invalid,
}

impl OpenFlags {
    /// The access mode.
    pub const fn access_mode(self) -> AccessMode {
        match self.bits() & O_ACCMODE {
            0 => AccessMode::ReadOnly,
            1 => AccessMode::WriteOnly,
            2 => AccessMode::ReadWrite,
            _ => AccessMode::Invalid,
        }
    }

    /// Whether a descriptor opened with these flags may be read.
    pub const fn readable(self) -> bool {
        matches!(self.access_mode(), AccessMode::ReadOnly | AccessMode::ReadWrite)
    }

    /// Whether a descriptor opened with these flags may be written.
    pub const fn writable(self) -> bool {
        matches!(self.access_mode(), AccessMode::WriteOnly | AccessMode::ReadWrite)
    }

    /// The flags `F_SETFL` may change (`SETFL_MASK`); others are silently ignored.
    pub const SETFL_MASK: OpenFlags = OpenFlags::O_APPEND
        .union(OpenFlags::O_NONBLOCK)
        .union(OpenFlags::O_ASYNC)
        .union(OpenFlags::O_DIRECT)
        .union(OpenFlags::O_NOATIME);

    /// The flags pipe2(2) accepts (`O_NOTIFICATION_PIPE` is `O_EXCL`).
    pub const PIPE2_MASK: OpenFlags = OpenFlags::O_CLOEXEC
        .union(OpenFlags::O_NONBLOCK)
        .union(OpenFlags::O_DIRECT)
        .union(OpenFlags::O_EXCL);
}

bitflags::bitflags! {
    /// openat2(2) `RESOLVE_*` flags; unknown bits are `EINVAL`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct ResolveFlags: u64 {
        /// Do not cross mount points.
        const RESOLVE_NO_XDEV = 0x01;
        /// Do not follow magic links (`/proc/*/fd/*`).
        const RESOLVE_NO_MAGICLINKS = 0x02;
        /// Do not follow any symbolic link.
        const RESOLVE_NO_SYMLINKS = 0x04;
        /// Stay beneath the directory.
        const RESOLVE_BENEATH = 0x08;
        /// Treat the directory as the root.
        const RESOLVE_IN_ROOT = 0x10;
        /// Only succeed from the lookup cache.
        const RESOLVE_CACHED = 0x20;
    }
}
