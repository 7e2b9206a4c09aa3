//! Socket structures and selectors: `struct msghdr` (sendmsg(2)), `struct sockaddr_un`
//! (unix(7)), the address families and socket types (socket(2)).

/// `struct msghdr`. 56 bytes (the C padding is spelled out).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Msghdr {
    /// Optional address.
    pub msg_name: u64,
    /// Size of the address.
    pub msg_namelen: u32,
    /// Implicit C padding, made explicit.
    pub __pad1: u32,
    /// Scatter/gather array.
    pub msg_iov: u64,
    /// Entries in `msg_iov`.
    pub msg_iovlen: u64,
    /// Ancillary data.
    pub msg_control: u64,
    /// Ancillary data length.
    pub msg_controllen: u64,
    /// Flags on the received message.
    pub msg_flags: i32,
    /// Implicit C padding, made explicit.
    pub __pad2: u32,
}

/// Length of `sockaddr_un::sun_path`.
pub const UNIX_PATH_MAX: usize = 108;

/// `struct sockaddr_un`. 110 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SockaddrUn {
    /// `AF_UNIX`.
    pub sun_family: u16,
    /// Path name (or abstract name starting with NUL).
    pub sun_path: [u8; UNIX_PATH_MAX],
}

/// `AF_UNSPEC`.
pub const AF_UNSPEC: i32 = 0;
/// `AF_UNIX` (`AF_LOCAL`).
pub const AF_UNIX: i32 = 1;
/// `AF_INET`.
pub const AF_INET: i32 = 2;
/// `AF_INET6`.
pub const AF_INET6: i32 = 10;
/// `AF_NETLINK`.
pub const AF_NETLINK: i32 = 16;

/// `SOCK_STREAM`.
pub const SOCK_STREAM: i32 = 1;
/// `SOCK_DGRAM`.
pub const SOCK_DGRAM: i32 = 2;
/// `SOCK_RAW`.
pub const SOCK_RAW: i32 = 3;
/// `SOCK_SEQPACKET`.
pub const SOCK_SEQPACKET: i32 = 5;
/// Mask of the type part of socket(2)'s `type` (the rest is `SOCK_NONBLOCK|SOCK_CLOEXEC`).
pub const SOCK_TYPE_MASK: i32 = 0xf;

/// The strace name of an address family.
pub const fn family_name(family: i32) -> Option<&'static str> {
    Some(match family {
        AF_UNSPEC => "AF_UNSPEC",
        AF_UNIX => "AF_UNIX",
        AF_INET => "AF_INET",
        AF_INET6 => "AF_INET6",
        AF_NETLINK => "AF_NETLINK",
        _ => return None,
    })
}

/// The strace name of a socket type.
pub const fn type_name(kind: i32) -> Option<&'static str> {
    Some(match kind {
        SOCK_STREAM => "SOCK_STREAM",
        SOCK_DGRAM => "SOCK_DGRAM",
        SOCK_RAW => "SOCK_RAW",
        SOCK_SEQPACKET => "SOCK_SEQPACKET",
        _ => return None,
    })
}
