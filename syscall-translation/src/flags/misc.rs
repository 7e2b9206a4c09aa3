//! Small flag sets of single calls: eventfd2(2), timerfd_create(2) / timerfd_settime(2),
//! socket(2) type flags, getrandom(2), close_range(2), send/recv `MSG_*` flags, and
//! membarrier(2) commands. All but `MSG_*` (kept) reject unknown bits with `EINVAL`.

bitflags::bitflags! {
    /// eventfd2(2) flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct EventfdFlags: u32 {
        /// Semaphore-like reads.
        const EFD_SEMAPHORE = 1;
        /// Non-blocking (`O_NONBLOCK`).
        const EFD_NONBLOCK = 0o4000;
        /// Close on execve(2) (`O_CLOEXEC`).
        const EFD_CLOEXEC = 0o2000000;
    }
}

bitflags::bitflags! {
    /// timerfd_create(2) flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct TimerfdFlags: u32 {
        /// Non-blocking (`O_NONBLOCK`).
        const TFD_NONBLOCK = 0o4000;
        /// Close on execve(2) (`O_CLOEXEC`).
        const TFD_CLOEXEC = 0o2000000;
    }
}

bitflags::bitflags! {
    /// timerfd_settime(2) flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct TimerfdSettimeFlags: u32 {
        /// The expiry is absolute.
        const TFD_TIMER_ABSTIME = 1;
        /// Cancel on a discontinuous realtime-clock change.
        const TFD_TIMER_CANCEL_ON_SET = 2;
    }
}

bitflags::bitflags! {
    /// The flag part of socket(2)'s `type` and accept4(2)'s / socketpair(2)'s flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct SockFlags: u32 {
        /// Non-blocking (`O_NONBLOCK`).
        const SOCK_NONBLOCK = 0o4000;
        /// Close on execve(2) (`O_CLOEXEC`).
        const SOCK_CLOEXEC = 0o2000000;
    }
}

bitflags::bitflags! {
    /// getrandom(2) flags; `GRND_RANDOM | GRND_INSECURE` together is `EINVAL`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct GetrandomFlags: u32 {
        /// Do not block.
        const GRND_NONBLOCK = 1;
        /// Draw from the (historic) blocking pool.
        const GRND_RANDOM = 2;
        /// Return possibly non-cryptographic bytes instead of blocking.
        const GRND_INSECURE = 4;
    }
}

bitflags::bitflags! {
    /// close_range(2) flags.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct CloseRangeFlags: u32 {
        /// Unshare the descriptor table first.
        const CLOSE_RANGE_UNSHARE = 2;
        /// Set close-on-exec instead of closing.
        const CLOSE_RANGE_CLOEXEC = 4;
    }
}

bitflags::bitflags! {
    /// `MSG_*` flags of send/recv calls. Unknown bits are kept.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MsgFlags: u32 {
        /// Out-of-band data.
        const MSG_OOB = 0x1;
        /// Peek without removing.
        const MSG_PEEK = 0x2;
        /// Do not route.
        const MSG_DONTROUTE = 0x4;
        /// Control data truncated.
        const MSG_CTRUNC = 0x8;
        /// Supply or ask for a proxy address.
        const MSG_PROXY = 0x10;
        /// Data truncated.
        const MSG_TRUNC = 0x20;
        /// Non-blocking.
        const MSG_DONTWAIT = 0x40;
        /// End of record.
        const MSG_EOR = 0x80;
        /// Wait for the full request.
        const MSG_WAITALL = 0x100;
        /// FIN.
        const MSG_FIN = 0x200;
        /// SYN.
        const MSG_SYN = 0x400;
        /// Confirm path validity.
        const MSG_CONFIRM = 0x800;
        /// RST.
        const MSG_RST = 0x1000;
        /// Fetch from the error queue.
        const MSG_ERRQUEUE = 0x2000;
        /// Do not raise `SIGPIPE`.
        const MSG_NOSIGNAL = 0x4000;
        /// More data follows.
        const MSG_MORE = 0x8000;
        /// recvmmsg: block only for the first message.
        const MSG_WAITFORONE = 0x10000;
        /// sendmmsg: more messages follow.
        const MSG_BATCH = 0x40000;
        /// Zero-copy send.
        const MSG_ZEROCOPY = 0x400_0000;
        /// TCP fast open.
        const MSG_FASTOPEN = 0x2000_0000;
        /// Received descriptors are close-on-exec.
        const MSG_CMSG_CLOEXEC = 0x4000_0000;
    }
}

/// `MEMBARRIER_CMD_QUERY`.
pub const MEMBARRIER_CMD_QUERY: u32 = 0;
/// `MEMBARRIER_CMD_GLOBAL`.
pub const MEMBARRIER_CMD_GLOBAL: u32 = 1;
/// `MEMBARRIER_CMD_GLOBAL_EXPEDITED`.
pub const MEMBARRIER_CMD_GLOBAL_EXPEDITED: u32 = 2;
/// `MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED`.
pub const MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED: u32 = 4;
/// `MEMBARRIER_CMD_PRIVATE_EXPEDITED`.
pub const MEMBARRIER_CMD_PRIVATE_EXPEDITED: u32 = 8;
/// `MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED`.
pub const MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED: u32 = 16;
/// `MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE`.
pub const MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE: u32 = 32;
/// `MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE`.
pub const MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE: u32 = 64;
/// `MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ`.
pub const MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ: u32 = 128;
/// `MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ`.
pub const MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ: u32 = 256;
/// `MEMBARRIER_CMD_GET_REGISTRATIONS`.
pub const MEMBARRIER_CMD_GET_REGISTRATIONS: u32 = 512;
/// membarrier(2) `flags`: `cpu_id` names the CPU (with `MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ`).
pub const MEMBARRIER_CMD_FLAG_CPU: u32 = 1;

/// membarrier(2) `MEMBARRIER_CMD_*`.
pub const fn membarrier_cmd_name(cmd: i32) -> Option<&'static str> {
    Some(match cmd as u32 {
        MEMBARRIER_CMD_QUERY => "MEMBARRIER_CMD_QUERY",
        MEMBARRIER_CMD_GLOBAL => "MEMBARRIER_CMD_GLOBAL",
        MEMBARRIER_CMD_GLOBAL_EXPEDITED => "MEMBARRIER_CMD_GLOBAL_EXPEDITED",
        MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED => "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED",
        MEMBARRIER_CMD_PRIVATE_EXPEDITED => "MEMBARRIER_CMD_PRIVATE_EXPEDITED",
        MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED => "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED",
        MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE => "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE",
        MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE => {
            "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE"
        }
        MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ => "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ",
        MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ => {
            "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ"
        }
        MEMBARRIER_CMD_GET_REGISTRATIONS => "MEMBARRIER_CMD_GET_REGISTRATIONS",
        _ => return None,
    })
}
