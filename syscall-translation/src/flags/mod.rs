//! Flag and command sets of the Linux x86-64 ABI, one file per family, as `bitflags` types
//! named with Linux's own constant names (`OpenFlags::O_CLOEXEC`), so that strace formatting
//! can print `iter_names()` directly.
//!
//! Unknown bits are never silently dropped: each decoder either keeps them
//! (`from_bits_retain`, where Linux ignores unknown bits) or rejects them with `EINVAL` (where
//! Linux does). Each file says which policy its calls follow.

pub mod at;
pub mod clone;
pub mod fcntl;
pub mod futex;
pub mod misc;
pub mod mmap;
pub mod mount;
pub mod open;
pub mod poll;
pub mod signal;
pub mod statx;
pub mod wait;

pub use at::{AtFlags, RenameFlags};
pub use clone::CloneFlags;
pub use fcntl::{FdFlags, FlockOp};
pub use futex::{Futex, FutexOp};
pub use misc::{
    CloseRangeFlags, EventfdFlags, GetrandomFlags, MsgFlags, SockFlags, TimerfdFlags,
    TimerfdSettimeFlags,
};
pub use mmap::{Advice, MapFlags, MapType, MremapFlags, ProtFlags};
pub use mount::{MountFlags, UmountFlags};
pub use open::{AccessMode, OpenFlags, ResolveFlags};
pub use poll::{EpollCreateFlags, EpollEvents, PollEvents};
pub use signal::SigactionFlags;
pub use statx::StatxMask;
pub use wait::{WaitId, WaitOptions};
