//! Readiness event bits: `POLL*` (poll(2)) and `EPOLL*` (epoll_ctl(2)), and the flags of
//! epoll_create1(2). Event bits are kept as given (unknown ones are ignored by Linux);
//! epoll_create1 rejects unknown flags with `EINVAL`.

bitflags::bitflags! {
    /// `POLL*` event bits of `struct pollfd`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct PollEvents: u16 {
        /// Data to read.
        const POLLIN = 0x001;
        /// Urgent data to read.
        const POLLPRI = 0x002;
        /// Writing will not block.
        const POLLOUT = 0x004;
        /// Error condition (output only).
        const POLLERR = 0x008;
        /// Hang-up (output only).
        const POLLHUP = 0x010;
        /// Invalid descriptor (output only).
        const POLLNVAL = 0x020;
        /// Normal data to read.
        const POLLRDNORM = 0x040;
        /// Priority band data to read.
        const POLLRDBAND = 0x080;
        /// Normal data may be written.
        const POLLWRNORM = 0x100;
        /// Priority data may be written.
        const POLLWRBAND = 0x200;
        /// Unused.
        const POLLMSG = 0x400;
        /// Unused.
        const POLLREMOVE = 0x1000;
        /// Peer closed its writing half.
        const POLLRDHUP = 0x2000;
    }
}

bitflags::bitflags! {
    /// `EPOLL*` event bits of `struct epoll_event`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct EpollEvents: u32 {
        /// Data to read.
        const EPOLLIN = 0x001;
        /// Urgent data.
        const EPOLLPRI = 0x002;
        /// Writing will not block.
        const EPOLLOUT = 0x004;
        /// Error condition.
        const EPOLLERR = 0x008;
        /// Hang-up.
        const EPOLLHUP = 0x010;
        /// Invalid descriptor.
        const EPOLLNVAL = 0x020;
        /// Normal data to read.
        const EPOLLRDNORM = 0x040;
        /// Priority band data to read.
        const EPOLLRDBAND = 0x080;
        /// Normal data may be written.
        const EPOLLWRNORM = 0x100;
        /// Priority data may be written.
        const EPOLLWRBAND = 0x200;
        /// Unused.
        const EPOLLMSG = 0x400;
        /// Peer closed its writing half.
        const EPOLLRDHUP = 0x2000;
        /// Exclusive wake-up.
        const EPOLLEXCLUSIVE = 1 << 28;
        /// Prevent suspend while events are pending.
        const EPOLLWAKEUP = 1 << 29;
        /// Disable after one event.
        const EPOLLONESHOT = 1 << 30;
        /// Edge-triggered.
        const EPOLLET = 1 << 31;
    }
}

bitflags::bitflags! {
    /// epoll_create1(2) flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct EpollCreateFlags: u32 {
        /// Close on execve(2) (`O_CLOEXEC`).
        const EPOLL_CLOEXEC = 0o2000000;
    }
}
