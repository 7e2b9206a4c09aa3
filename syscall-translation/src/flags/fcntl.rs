//! fcntl(2) commands and descriptor flags (`include/uapi/asm-generic/fcntl.h`,
//! `include/uapi/linux/fcntl.h`). Unknown commands are `EINVAL`.

bitflags::bitflags! {
    /// Descriptor flags (`F_GETFD`/`F_SETFD`); only `FD_CLOEXEC` exists, other bits are
    /// ignored by `F_SETFD`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct FdFlags: u32 {
        /// Close on execve(2).
        const FD_CLOEXEC = 1;
    }
}

/// `F_DUPFD`.
pub const F_DUPFD: u32 = 0;
/// `F_GETFD`.
pub const F_GETFD: u32 = 1;
/// `F_SETFD`.
pub const F_SETFD: u32 = 2;
/// `F_GETFL`.
pub const F_GETFL: u32 = 3;
/// `F_SETFL`.
pub const F_SETFL: u32 = 4;
/// `F_GETLK`.
pub const F_GETLK: u32 = 5;
/// `F_SETLK`.
pub const F_SETLK: u32 = 6;
/// `F_SETLKW`.
pub const F_SETLKW: u32 = 7;
/// `F_SETOWN`.
pub const F_SETOWN: u32 = 8;
/// `F_GETOWN`.
pub const F_GETOWN: u32 = 9;
/// `F_SETSIG`.
pub const F_SETSIG: u32 = 10;
/// `F_GETSIG`.
pub const F_GETSIG: u32 = 11;
/// `F_SETOWN_EX`.
pub const F_SETOWN_EX: u32 = 15;
/// `F_GETOWN_EX`.
pub const F_GETOWN_EX: u32 = 16;
/// `F_GETOWNER_UIDS`.
pub const F_GETOWNER_UIDS: u32 = 17;
/// `F_OFD_GETLK`.
pub const F_OFD_GETLK: u32 = 36;
/// `F_OFD_SETLK`.
pub const F_OFD_SETLK: u32 = 37;
/// `F_OFD_SETLKW`.
pub const F_OFD_SETLKW: u32 = 38;
/// `F_SETLEASE`.
pub const F_SETLEASE: u32 = 1024;
/// `F_GETLEASE`.
pub const F_GETLEASE: u32 = 1025;
/// `F_NOTIFY`.
pub const F_NOTIFY: u32 = 1026;
/// `F_DUPFD_QUERY`.
pub const F_DUPFD_QUERY: u32 = 1027;
/// `F_CREATED_QUERY`.
pub const F_CREATED_QUERY: u32 = 1028;
/// `F_CANCELLK`.
pub const F_CANCELLK: u32 = 1029;
/// `F_DUPFD_CLOEXEC`.
pub const F_DUPFD_CLOEXEC: u32 = 1030;
/// `F_SETPIPE_SZ`.
pub const F_SETPIPE_SZ: u32 = 1031;
/// `F_GETPIPE_SZ`.
pub const F_GETPIPE_SZ: u32 = 1032;
/// `F_ADD_SEALS`.
pub const F_ADD_SEALS: u32 = 1033;
/// `F_GET_SEALS`.
pub const F_GET_SEALS: u32 = 1034;
/// `F_GET_RW_HINT`.
pub const F_GET_RW_HINT: u32 = 1035;
/// `F_SET_RW_HINT`.
pub const F_SET_RW_HINT: u32 = 1036;
/// `F_GET_FILE_RW_HINT`.
pub const F_GET_FILE_RW_HINT: u32 = 1037;
/// `F_SET_FILE_RW_HINT`.
pub const F_SET_FILE_RW_HINT: u32 = 1038;

/// The strace name of an fcntl command.
pub const fn fcntl_cmd_name(cmd: u32) -> Option<&'static str> {
    Some(match cmd {
        F_DUPFD => "F_DUPFD",
        F_GETFD => "F_GETFD",
        F_SETFD => "F_SETFD",
        F_GETFL => "F_GETFL",
        F_SETFL => "F_SETFL",
        F_GETLK => "F_GETLK",
        F_SETLK => "F_SETLK",
        F_SETLKW => "F_SETLKW",
        F_SETOWN => "F_SETOWN",
        F_GETOWN => "F_GETOWN",
        F_SETSIG => "F_SETSIG",
        F_GETSIG => "F_GETSIG",
        F_SETOWN_EX => "F_SETOWN_EX",
        F_GETOWN_EX => "F_GETOWN_EX",
        F_GETOWNER_UIDS => "F_GETOWNER_UIDS",
        F_OFD_GETLK => "F_OFD_GETLK",
        F_OFD_SETLK => "F_OFD_SETLK",
        F_OFD_SETLKW => "F_OFD_SETLKW",
        F_SETLEASE => "F_SETLEASE",
        F_GETLEASE => "F_GETLEASE",
        F_NOTIFY => "F_NOTIFY",
        F_DUPFD_QUERY => "F_DUPFD_QUERY",
        F_CREATED_QUERY => "F_CREATED_QUERY",
        F_CANCELLK => "F_CANCELLK",
        F_DUPFD_CLOEXEC => "F_DUPFD_CLOEXEC",
        F_SETPIPE_SZ => "F_SETPIPE_SZ",
        F_GETPIPE_SZ => "F_GETPIPE_SZ",
        F_ADD_SEALS => "F_ADD_SEALS",
        F_GET_SEALS => "F_GET_SEALS",
        F_GET_RW_HINT => "F_GET_RW_HINT",
        F_SET_RW_HINT => "F_SET_RW_HINT",
        F_GET_FILE_RW_HINT => "F_GET_FILE_RW_HINT",
        F_SET_FILE_RW_HINT => "F_SET_FILE_RW_HINT",
        _ => return None,
    })
}

bitflags::bitflags! {
    /// flock(2) operations; `LOCK_SH`, `LOCK_EX` and `LOCK_UN` are exclusive of one another.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct FlockOp: u32 {
        /// Shared lock.
        const LOCK_SH = 1;
        /// Exclusive lock.
        const LOCK_EX = 2;
        /// Do not block.
        const LOCK_NB = 4;
        /// Unlock.
        const LOCK_UN = 8;
    }
}
