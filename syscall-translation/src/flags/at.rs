//! `AT_*` flags of the `*at` calls (openat(2) family, `include/uapi/linux/fcntl.h`) and
//! `RENAME_*` flags (rename(2)). Each call accepts its own subset and rejects any other bit
//! with `EINVAL`; the subsets are the `*_MASK` constants below.

bitflags::bitflags! {
    /// `AT_*` flags. `AT_EACCESS` shares its value with `AT_REMOVEDIR` and is an associated
    /// constant instead of a flag, so that formatting stays unambiguous.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct AtFlags: u32 {
        /// Do not follow a trailing symbolic link.
        const AT_SYMLINK_NOFOLLOW = 0x100;
        /// unlinkat(2): remove a directory.
        const AT_REMOVEDIR = 0x200;
        /// linkat(2): follow a trailing symbolic link.
        const AT_SYMLINK_FOLLOW = 0x400;
        /// Do not automount the last component.
        const AT_NO_AUTOMOUNT = 0x800;
        /// An empty path names the directory descriptor itself.
        const AT_EMPTY_PATH = 0x1000;
        /// statx(2): force a sync with the server.
        const AT_STATX_FORCE_SYNC = 0x2000;
        /// statx(2): do not sync.
        const AT_STATX_DONT_SYNC = 0x4000;
        /// Apply to the whole subtree.
        const AT_RECURSIVE = 0x8000;
    }
}

impl AtFlags {
    /// faccessat2(2): check with the effective IDs (same bit as `AT_REMOVEDIR`).
    pub const AT_EACCESS: AtFlags = AtFlags::AT_REMOVEDIR;
    /// statx(2)'s sync-type field.
    pub const AT_STATX_SYNC_TYPE: AtFlags =
        AtFlags::AT_STATX_FORCE_SYNC.union(AtFlags::AT_STATX_DONT_SYNC);

    /// newfstatat(2).
    pub const FSTATAT_MASK: AtFlags =
        AtFlags::AT_SYMLINK_NOFOLLOW.union(AtFlags::AT_NO_AUTOMOUNT).union(AtFlags::AT_EMPTY_PATH);
    /// statx(2).
    pub const STATX_MASK: AtFlags = AtFlags::FSTATAT_MASK.union(AtFlags::AT_STATX_SYNC_TYPE);
    /// unlinkat(2).
    pub const UNLINKAT_MASK: AtFlags = AtFlags::AT_REMOVEDIR;
    /// linkat(2).
    pub const LINKAT_MASK: AtFlags = AtFlags::AT_SYMLINK_FOLLOW.union(AtFlags::AT_EMPTY_PATH);
    /// utimensat(2).
    pub const UTIMENSAT_MASK: AtFlags = AtFlags::AT_SYMLINK_NOFOLLOW.union(AtFlags::AT_EMPTY_PATH);
    /// faccessat2(2).
    pub const FACCESSAT2_MASK: AtFlags =
        AtFlags::AT_EACCESS.union(AtFlags::AT_SYMLINK_NOFOLLOW).union(AtFlags::AT_EMPTY_PATH);
    /// fchownat(2).
    pub const FCHOWNAT_MASK: AtFlags = AtFlags::AT_SYMLINK_NOFOLLOW.union(AtFlags::AT_EMPTY_PATH);
    /// execveat(2).
    pub const EXECVEAT_MASK: AtFlags = AtFlags::AT_SYMLINK_NOFOLLOW.union(AtFlags::AT_EMPTY_PATH);
    /// fchmodat2(2).
    pub const FCHMODAT2_MASK: AtFlags = AtFlags::AT_SYMLINK_NOFOLLOW.union(AtFlags::AT_EMPTY_PATH);
}

bitflags::bitflags! {
    /// renameat2(2) flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct RenameFlags: u32 {
        /// Fail if the target exists.
        const RENAME_NOREPLACE = 1;
        /// Atomically exchange source and target.
        const RENAME_EXCHANGE = 2;
        /// Leave a whiteout at the source.
        const RENAME_WHITEOUT = 4;
    }
}
