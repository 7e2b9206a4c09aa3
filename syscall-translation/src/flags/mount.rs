//! mount(2) `MS_*` flags and umount2(2) flags (`include/uapi/linux/mount.h`).
//!
//! mount(2) strips the historic magic number `0xC0ED` from the top 16 bits and keeps the rest
//! (unknown bits are ignored); umount2(2) rejects unknown flags with `EINVAL`.

bitflags::bitflags! {
    /// `MS_*` mount flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MountFlags: u64 {
        /// Read-only.
        const MS_RDONLY = 1;
        /// Ignore set-user-ID and set-group-ID bits.
        const MS_NOSUID = 2;
        /// Disallow device files.
        const MS_NODEV = 4;
        /// Disallow execution.
        const MS_NOEXEC = 8;
        /// Synchronous writes.
        const MS_SYNCHRONOUS = 16;
        /// Change an existing mount.
        const MS_REMOUNT = 32;
        /// Allow mandatory locks.
        const MS_MANDLOCK = 64;
        /// Synchronous directory changes.
        const MS_DIRSYNC = 128;
        /// Do not follow symbolic links.
        const MS_NOSYMFOLLOW = 256;
        /// Do not update access times.
        const MS_NOATIME = 1024;
        /// Do not update directory access times.
        const MS_NODIRATIME = 2048;
        /// Bind mount.
        const MS_BIND = 4096;
        /// Move a mount.
        const MS_MOVE = 8192;
        /// Recursive.
        const MS_REC = 16384;
        /// Suppress some messages.
        const MS_SILENT = 32768;
        /// POSIX ACLs.
        const MS_POSIXACL = 1 << 16;
        /// Unbindable mount.
        const MS_UNBINDABLE = 1 << 17;
        /// Private mount.
        const MS_PRIVATE = 1 << 18;
        /// Slave mount.
        const MS_SLAVE = 1 << 19;
        /// Shared mount.
        const MS_SHARED = 1 << 20;
        /// Relative access-time updates.
        const MS_RELATIME = 1 << 21;
        /// Kernel-internal mount.
        const MS_KERNMOUNT = 1 << 22;
        /// Update inode versions.
        const MS_I_VERSION = 1 << 23;
        /// Always update access times.
        const MS_STRICTATIME = 1 << 24;
        /// Lazy time updates.
        const MS_LAZYTIME = 1 << 25;
    }
}

/// The historic magic in the top 16 bits of mount flags.
pub const MS_MGC_VAL: u64 = 0xC0ED_0000;
/// Its mask.
pub const MS_MGC_MSK: u64 = 0xffff_0000;

impl MountFlags {
    /// The flags of a mount(2) `flags` register: the low 32 bits (`unsigned long` but only
    /// 32 bits are defined), with the magic number removed when present.
    pub const fn from_register(value: u64) -> MountFlags {
        let value = if value & MS_MGC_MSK == MS_MGC_VAL { value & !MS_MGC_MSK } else { value };
        MountFlags::from_bits_retain(value)
    }
}

bitflags::bitflags! {
    /// umount2(2) flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct UmountFlags: u32 {
        /// Force unmount.
        const MNT_FORCE = 1;
        /// Lazy unmount.
        const MNT_DETACH = 2;
        /// Mark for expiry.
        const MNT_EXPIRE = 4;
        /// Do not follow a trailing symbolic link.
        const UMOUNT_NOFOLLOW = 8;
    }
}
