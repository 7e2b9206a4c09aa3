//! The `#[repr(C)]` structures of the Linux x86-64 ABI, one file per family. Each struct has
//! the kernel's layout (which the host-side tests compare with the `libc` crate field by field)
//! and keeps the kernel's field names. Padding the C layout leaves implicit is spelled out as
//! named fields, so that every byte of a struct copied to user space is defined.

pub mod fs;
pub mod poll;
pub mod resource;
pub mod sched;
pub mod signal;
pub mod socket;
pub mod stat;
pub mod term;
pub mod time;

pub use fs::{Flock, Iovec, LinuxDirent64, OpenHow, Utsname, Whence};
pub use poll::{EpollCtlOp, EpollEvent, PollFd};
pub use resource::{Resource, Rlimit, Rusage, RusageWho, Sysinfo};
pub use sched::{CloneArgs, RobustList, RobustListHead, SchedParam};
pub use signal::{
    DefaultAction, FpState, KernelSigaction, RtSigframe, SigHandler, SigSet, Sigcontext, Siginfo,
    SigmaskHow, Signal, StackT, Ucontext,
};
pub use socket::{Msghdr, SockaddrUn};
pub use stat::{Stat, Statfs, Statx, StatxTimestamp};
pub use term::{Termios, Winsize};
pub use time::{ClockId, ItimerWhich, Itimerspec, Itimerval, Timespec, Timeval, Timezone, Tms};
