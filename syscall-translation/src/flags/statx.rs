//! statx(2) request mask (`STATX_*`, `include/uapi/linux/stat.h`). Unknown bits are kept
//! (the kernel only fills what it knows), except `STATX__RESERVED`, which is `EINVAL`.

bitflags::bitflags! {
    /// `STATX_*` fields requested or returned.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct StatxMask: u32 {
        /// The basic `struct stat` fields.
        const STATX_BASIC_STATS = 0x7ff;
        /// `stx_mode & S_IFMT`.
        const STATX_TYPE = 0x1;
        /// `stx_mode & !S_IFMT`.
        const STATX_MODE = 0x2;
        /// `stx_nlink`.
        const STATX_NLINK = 0x4;
        /// `stx_uid`.
        const STATX_UID = 0x8;
        /// `stx_gid`.
        const STATX_GID = 0x10;
        /// `stx_atime`.
        const STATX_ATIME = 0x20;
        /// `stx_mtime`.
        const STATX_MTIME = 0x40;
        /// `stx_ctime`.
        const STATX_CTIME = 0x80;
        /// `stx_ino`.
        const STATX_INO = 0x100;
        /// `stx_size`.
        const STATX_SIZE = 0x200;
        /// `stx_blocks`.
        const STATX_BLOCKS = 0x400;
        /// `stx_btime`.
        const STATX_BTIME = 0x800;
        /// `stx_mnt_id`.
        const STATX_MNT_ID = 0x1000;
        /// `stx_dio_*_align`.
        const STATX_DIOALIGN = 0x2000;
        /// Unique `stx_mnt_id`.
        const STATX_MNT_ID_UNIQUE = 0x4000;
        /// `stx_subvol`.
        const STATX_SUBVOL = 0x8000;
        /// `stx_atomic_write_*`.
        const STATX_WRITE_ATOMIC = 0x10000;
        /// `stx_dio_read_offset_align`.
        const STATX_DIO_READ_ALIGN = 0x20000;
    }
}

/// Reserved for future `struct statx` expansion; requesting it is `EINVAL`.
pub const STATX__RESERVED: u32 = 0x8000_0000;
