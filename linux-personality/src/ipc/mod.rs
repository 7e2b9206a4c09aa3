//! The pure parts of the event and socket descriptors: AF_UNIX addresses and
//! receive queues (`socket`), epoll's reporting rules (`epoll`), and the
//! counters behind eventfd and timerfd (`counter`). The server (`server/src/
//! special.rs`, `server/src/syscalls/{net,epoll,eventfd}.rs`) holds the
//! objects and does the copying to and from user memory; everything that is a
//! decision (what a read returns, when an edge-triggered item is reported,
//! how many times a timer expired) is here and tested on the host.
//!
//! Linux pages followed: unix(7), socket(7), epoll(7), eventfd(2),
//! timerfd_create(2).

pub mod counter;
pub mod epoll;
pub mod socket;

/// Readiness bits shared by poll(2) and epoll(7) (`POLL*` == `EPOLL*`).
pub mod events {
    pub const IN: u32 = 0x001;
    pub const PRI: u32 = 0x002;
    pub const OUT: u32 = 0x004;
    pub const ERR: u32 = 0x008;
    pub const HUP: u32 = 0x010;
    pub const NVAL: u32 = 0x020;
    pub const RDNORM: u32 = 0x040;
    pub const WRNORM: u32 = 0x100;
    pub const WRBAND: u32 = 0x200;
    pub const RDHUP: u32 = 0x2000;
    pub const EXCLUSIVE: u32 = 1 << 28;
    pub const WAKEUP: u32 = 1 << 29;
    pub const ONESHOT: u32 = 1 << 30;
    pub const ET: u32 = 1 << 31;
}
