//! Socket structures and selectors: `struct msghdr` (sendmsg(2)), `struct sockaddr_un`
//! (unix(7)), the address families and socket types (socket(2)), the socket-level options
//! (socket(7)) and control-message types (unix(7)).

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

/// `SOL_SOCKET`: the socket-level options of getsockopt(2)/setsockopt(2) and
/// the level of `SCM_*` control messages.
pub const SOL_SOCKET: i32 = 1;
/// `SO_REUSEADDR`.
pub const SO_REUSEADDR: i32 = 2;
/// `SO_TYPE`.
pub const SO_TYPE: i32 = 3;
/// `SO_ERROR`.
pub const SO_ERROR: i32 = 4;
/// `SO_SNDBUF`.
pub const SO_SNDBUF: i32 = 7;
/// `SO_RCVBUF`.
pub const SO_RCVBUF: i32 = 8;
/// `SO_KEEPALIVE`.
pub const SO_KEEPALIVE: i32 = 9;
/// `SO_PASSCRED`.
pub const SO_PASSCRED: i32 = 16;
/// `SO_PEERCRED`.
pub const SO_PEERCRED: i32 = 17;
/// `SO_RCVTIMEO` (`SO_RCVTIMEO_OLD`: a 64-bit `struct timeval`).
pub const SO_RCVTIMEO: i32 = 20;
/// `SO_SNDTIMEO` (`SO_SNDTIMEO_OLD`).
pub const SO_SNDTIMEO: i32 = 21;
/// `SO_ACCEPTCONN`.
pub const SO_ACCEPTCONN: i32 = 30;
/// `SO_PROTOCOL`.
pub const SO_PROTOCOL: i32 = 38;
/// `SO_DOMAIN`.
pub const SO_DOMAIN: i32 = 39;

/// `SCM_RIGHTS`: a control message carrying descriptors (unix(7)).
pub const SCM_RIGHTS: i32 = 1;
/// `SCM_CREDENTIALS`: a control message carrying a `struct ucred`.
pub const SCM_CREDENTIALS: i32 = 2;

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
