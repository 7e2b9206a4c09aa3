//! File status: `struct stat` (the x86-64 kernel layout, stat(2)), `struct statx` (statx(2)),
//! `struct statfs` (statfs(2)), and the file-type and permission bits of `st_mode` (inode(7)).

/// `struct stat` as the x86-64 kernel writes it for `stat`, `fstat`, `lstat` and `newfstatat`
/// (`arch/x86/include/uapi/asm/stat.h`). 144 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Stat {
    /// Device holding the file.
    pub st_dev: u64,
    /// Inode number.
    pub st_ino: u64,
    /// Hard-link count (note: before `st_mode` on x86-64).
    pub st_nlink: u64,
    /// File type and permissions.
    pub st_mode: u32,
    /// Owner.
    pub st_uid: u32,
    /// Group.
    pub st_gid: u32,
    /// Padding (`__pad0`).
    pub __pad0: u32,
    /// Device number, for device files.
    pub st_rdev: u64,
    /// Size in bytes.
    pub st_size: i64,
    /// Preferred I/O block size.
    pub st_blksize: i64,
    /// Number of 512-byte blocks allocated.
    pub st_blocks: i64,
    /// Last access, seconds.
    pub st_atime: i64,
    /// Last access, nanoseconds.
    pub st_atime_nsec: i64,
    /// Last modification, seconds.
    pub st_mtime: i64,
    /// Last modification, nanoseconds.
    pub st_mtime_nsec: i64,
    /// Last status change, seconds.
    pub st_ctime: i64,
    /// Last status change, nanoseconds.
    pub st_ctime_nsec: i64,
    /// Reserved (`__unused`).
    pub __unused: [i64; 3],
}

/// `struct statx_timestamp`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct StatxTimestamp {
    /// Seconds since the epoch.
    pub tv_sec: i64,
    /// Nanoseconds.
    pub tv_nsec: u32,
    /// Reserved.
    pub __reserved: i32,
}

/// `struct statx` (`include/uapi/linux/stat.h`, Linux 6.16 layout). 256 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Statx {
    /// Which fields are filled in (`STATX_*`).
    pub stx_mask: u32,
    /// Preferred I/O block size.
    pub stx_blksize: u32,
    /// File attributes (`STATX_ATTR_*`).
    pub stx_attributes: u64,
    /// Hard-link count.
    pub stx_nlink: u32,
    /// Owner.
    pub stx_uid: u32,
    /// Group.
    pub stx_gid: u32,
    /// File type and permissions.
    pub stx_mode: u16,
    /// Padding.
    pub __spare0: [u16; 1],
    /// Inode number.
    pub stx_ino: u64,
    /// Size in bytes.
    pub stx_size: u64,
    /// Number of 512-byte blocks allocated.
    pub stx_blocks: u64,
    /// Which attribute bits are supported.
    pub stx_attributes_mask: u64,
    /// Last access.
    pub stx_atime: StatxTimestamp,
    /// Creation.
    pub stx_btime: StatxTimestamp,
    /// Last status change.
    pub stx_ctime: StatxTimestamp,
    /// Last modification.
    pub stx_mtime: StatxTimestamp,
    /// Device number (major), for device files.
    pub stx_rdev_major: u32,
    /// Device number (minor), for device files.
    pub stx_rdev_minor: u32,
    /// Containing device (major).
    pub stx_dev_major: u32,
    /// Containing device (minor).
    pub stx_dev_minor: u32,
    /// Mount identifier.
    pub stx_mnt_id: u64,
    /// Memory alignment for direct I/O.
    pub stx_dio_mem_align: u32,
    /// File-offset alignment for direct I/O.
    pub stx_dio_offset_align: u32,
    /// Subvolume identifier.
    pub stx_subvol: u64,
    /// Minimum size of an atomic write.
    pub stx_atomic_write_unit_min: u32,
    /// Maximum size of an atomic write.
    pub stx_atomic_write_unit_max: u32,
    /// Maximum iovec count of an atomic write.
    pub stx_atomic_write_segments_max: u32,
    /// File-offset alignment for direct-I/O reads.
    pub stx_dio_read_offset_align: u32,
    /// Optimised maximum size of an atomic write.
    pub stx_atomic_write_unit_max_opt: u32,
    /// Reserved.
    pub __spare2: [u32; 1],
    /// Reserved.
    pub __spare3: [u64; 8],
}

/// `struct statfs` as the x86-64 kernel writes it (`include/uapi/asm-generic/statfs.h` with
/// 64-bit words). 120 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Statfs {
    /// File-system magic number.
    pub f_type: i64,
    /// Optimal transfer block size.
    pub f_bsize: i64,
    /// Total data blocks.
    pub f_blocks: u64,
    /// Free blocks.
    pub f_bfree: u64,
    /// Free blocks for unprivileged users.
    pub f_bavail: u64,
    /// Total inodes.
    pub f_files: u64,
    /// Free inodes.
    pub f_ffree: u64,
    /// File-system identifier.
    pub f_fsid: [i32; 2],
    /// Maximum file-name length.
    pub f_namelen: i64,
    /// Fragment size.
    pub f_frsize: i64,
    /// Mount flags (`ST_*`).
    pub f_flags: i64,
    /// Reserved.
    pub f_spare: [i64; 4],
}

/// Mask of the file-type bits of a mode.
pub const S_IFMT: u32 = 0o170000;
/// Socket.
pub const S_IFSOCK: u32 = 0o140000;
/// Symbolic link.
pub const S_IFLNK: u32 = 0o120000;
/// Regular file.
pub const S_IFREG: u32 = 0o100000;
/// Block device.
pub const S_IFBLK: u32 = 0o060000;
/// Directory.
pub const S_IFDIR: u32 = 0o040000;
/// Character device.
pub const S_IFCHR: u32 = 0o020000;
/// FIFO.
pub const S_IFIFO: u32 = 0o010000;
/// Set-user-ID bit.
pub const S_ISUID: u32 = 0o4000;
/// Set-group-ID bit.
pub const S_ISGID: u32 = 0o2000;
/// Sticky bit.
pub const S_ISVTX: u32 = 0o1000;
/// The permission bits a mode argument may carry (`S_IALLUGO`).
pub const S_IALLUGO: u32 = 0o7777;

/// The strace name of a file-type value (`S_IFREG`), given a whole mode.
pub const fn file_type_name(mode: u32) -> Option<&'static str> {
    Some(match mode & S_IFMT {
        S_IFSOCK => "S_IFSOCK",
        S_IFLNK => "S_IFLNK",
        S_IFREG => "S_IFREG",
        S_IFBLK => "S_IFBLK",
        S_IFDIR => "S_IFDIR",
        S_IFCHR => "S_IFCHR",
        S_IFIFO => "S_IFIFO",
        _ => return None,
    })
}

/// Build a device number from its major and minor parts, as glibc's `makedev` does.
pub const fn makedev(major: u32, minor: u32) -> u64 {
    let (major, minor) = (major as u64, minor as u64);
    ((major & 0xffff_f000) << 32)
        | ((major & 0x0000_0fff) << 8)
        | ((minor & 0xffff_ff00) << 12)
        | (minor & 0x0000_00ff)
}

/// The major part of a device number.
pub const fn major(dev: u64) -> u32 {
    (((dev >> 32) & 0xffff_f000) | ((dev >> 8) & 0x0000_0fff)) as u32
}

/// The minor part of a device number.
pub const fn minor(dev: u64) -> u32 {
    (((dev >> 12) & 0xffff_ff00) | (dev & 0x0000_00ff)) as u32
}
