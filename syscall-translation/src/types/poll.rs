//! Readiness structures: `struct pollfd` (poll(2)), `struct epoll_event` (epoll_ctl(2)), and
//! `fd_set` sizing for select(2).

use crate::flags::{EpollEvents, PollEvents};

/// `struct pollfd`. 8 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PollFd {
    /// The descriptor (negative: ignored).
    pub fd: i32,
    /// Requested events.
    pub events: i16,
    /// Returned events.
    pub revents: i16,
}

impl PollFd {
    /// The requested events, unknown bits kept.
    pub const fn events(&self) -> PollEvents {
        PollEvents::from_bits_retain(self.events as u16)
    }
}

/// `struct epoll_event`. Packed on x86-64 (`EPOLL_PACKED`): 12 bytes, alignment 1.
#[repr(C, packed)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct EpollEvent {
    /// `EPOLL*` event bits.
    pub events: u32,
    /// The caller's cookie.
    pub data: u64,
}

impl EpollEvent {
    /// The event bits, unknown bits kept.
    pub const fn events(&self) -> EpollEvents {
        EpollEvents::from_bits_retain(self.events)
    }
}

/// epoll_ctl(2) `op`: add a descriptor.
pub const EPOLL_CTL_ADD: i32 = 1;
/// epoll_ctl(2) `op`: remove a descriptor.
pub const EPOLL_CTL_DEL: i32 = 2;
/// epoll_ctl(2) `op`: change a descriptor's events.
pub const EPOLL_CTL_MOD: i32 = 3;

/// epoll_ctl(2)'s operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum EpollCtlOp {
    /// `EPOLL_CTL_ADD`.
    Add = 1,
    /// `EPOLL_CTL_DEL`.
    Del = 2,
    /// `EPOLL_CTL_MOD`.
    Mod = 3,
}

impl EpollCtlOp {
    /// The operation numbered `op`, or `None` (Linux: `EINVAL`).
    pub const fn new(op: i32) -> Option<EpollCtlOp> {
        match op {
            EPOLL_CTL_ADD => Some(EpollCtlOp::Add),
            EPOLL_CTL_DEL => Some(EpollCtlOp::Del),
            EPOLL_CTL_MOD => Some(EpollCtlOp::Mod),
            _ => None,
        }
    }

    /// The strace name.
    pub const fn name(self) -> &'static str {
        match self {
            EpollCtlOp::Add => "EPOLL_CTL_ADD",
            EpollCtlOp::Del => "EPOLL_CTL_DEL",
            EpollCtlOp::Mod => "EPOLL_CTL_MOD",
        }
    }
}

/// The most events one `epoll_wait` returns (`EP_MAX_EVENTS`; `maxevents` above it is
/// `EINVAL`).
pub const EP_MAX_EVENTS: i32 = (i32::MAX as usize / core::mem::size_of::<EpollEvent>()) as i32;

/// Descriptors in one `fd_set` (`FD_SETSIZE`); glibc's `fd_set` is 128 bytes.
pub const FD_SETSIZE: usize = 1024;
