//! wait4(2) / waitid(2) options and waitid's `idtype`, from `include/uapi/linux/wait.h`.
//! Both calls reject unknown option bits with `EINVAL`, each with its own allowed set.

bitflags::bitflags! {
    /// `W*` options.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct WaitOptions: u32 {
        /// Return at once if no child has changed state.
        const WNOHANG = 0x1;
        /// Report stopped children (`WSTOPPED` for waitid).
        const WUNTRACED = 0x2;
        /// waitid: report exited children.
        const WEXITED = 0x4;
        /// Report continued children.
        const WCONTINUED = 0x8;
        /// waitid: leave the child waitable.
        const WNOWAIT = 0x0100_0000;
        /// Wait only for children of the calling thread.
        const __WNOTHREAD = 0x2000_0000;
        /// Wait for all children, clone or not.
        const __WALL = 0x4000_0000;
        /// Wait only for "clone" children.
        const __WCLONE = 0x8000_0000;
    }
}

impl WaitOptions {
    /// waitid(2)'s name for `WUNTRACED`.
    pub const WSTOPPED: WaitOptions = WaitOptions::WUNTRACED;

    /// The options wait4(2) accepts.
    pub const WAIT4_MASK: WaitOptions = WaitOptions::WNOHANG
        .union(WaitOptions::WUNTRACED)
        .union(WaitOptions::WCONTINUED)
        .union(WaitOptions::__WNOTHREAD)
        .union(WaitOptions::__WCLONE)
        .union(WaitOptions::__WALL);

    /// The options waitid(2) accepts.
    pub const WAITID_MASK: WaitOptions =
        WaitOptions::WAIT4_MASK.union(WaitOptions::WNOWAIT).union(WaitOptions::WEXITED);
}

/// waitid(2)'s `idtype` together with its `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WaitId {
    /// `P_ALL`: any child.
    All,
    /// `P_PID`: the child with this PID.
    Pid(i32),
    /// `P_PGID`: any child in this process group (0: the caller's).
    Pgid(i32),
    /// `P_PIDFD`: the child this pidfd refers to.
    PidFd(i32),
}

/// `P_ALL`.
pub const P_ALL: u32 = 0;
/// `P_PID`.
pub const P_PID: u32 = 1;
/// `P_PGID`.
pub const P_PGID: u32 = 2;
/// `P_PIDFD`.
pub const P_PIDFD: u32 = 3;
