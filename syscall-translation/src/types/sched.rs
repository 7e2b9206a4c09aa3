//! Scheduling and thread-creation structures: `struct sched_param` (sched_setparam(2)),
//! `struct clone_args` (clone3(2)), `struct robust_list_head` (set_robust_list(2)), and the
//! `SCHED_*` policies.

/// `struct sched_param`. 4 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SchedParam {
    /// Static priority (0 for `SCHED_OTHER`).
    pub sched_priority: i32,
}

/// `SCHED_OTHER` (`SCHED_NORMAL`).
pub const SCHED_OTHER: i32 = 0;
/// `SCHED_FIFO`.
pub const SCHED_FIFO: i32 = 1;
/// `SCHED_RR`.
pub const SCHED_RR: i32 = 2;
/// `SCHED_BATCH`.
pub const SCHED_BATCH: i32 = 3;
/// `SCHED_IDLE`.
pub const SCHED_IDLE: i32 = 5;
/// `SCHED_DEADLINE`.
pub const SCHED_DEADLINE: i32 = 6;

/// `struct clone_args` (`include/uapi/linux/sched.h`). 88 bytes in its current version; a
/// caller may pass any size from [`CLONE_ARGS_SIZE_VER0`] up, provided bytes past the
/// known size are zero (else `E2BIG`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CloneArgs {
    /// `CLONE_*` flags (64-bit; no exit signal in the low byte).
    pub flags: u64,
    /// Where to store the pidfd (`CLONE_PIDFD`).
    pub pidfd: u64,
    /// Where to store the child's TID in the child (`CLONE_CHILD_SETTID`/`CLEARTID`).
    pub child_tid: u64,
    /// Where to store the child's TID in the parent (`CLONE_PARENT_SETTID`).
    pub parent_tid: u64,
    /// Signal sent to the parent when the child exits.
    pub exit_signal: u64,
    /// Lowest address of the child's stack.
    pub stack: u64,
    /// Size of the child's stack.
    pub stack_size: u64,
    /// Thread-local storage base (`CLONE_SETTLS`).
    pub tls: u64,
    /// Array of TIDs to request (`set_tid`).
    pub set_tid: u64,
    /// Number of entries in `set_tid`.
    pub set_tid_size: u64,
    /// Target cgroup descriptor (`CLONE_INTO_CGROUP`).
    pub cgroup: u64,
}

/// The size of the first `struct clone_args`.
pub const CLONE_ARGS_SIZE_VER0: u64 = 64;
/// The size with `set_tid`/`set_tid_size`.
pub const CLONE_ARGS_SIZE_VER1: u64 = 80;
/// The size with `cgroup`.
pub const CLONE_ARGS_SIZE_VER2: u64 = 88;

/// `struct robust_list`: one link of the robust-futex list.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RobustList {
    /// Next entry (a user pointer; the list is circular through the head).
    pub next: u64,
}

/// `struct robust_list_head` (`include/uapi/linux/futex.h`). 24 bytes; the `len` argument of
/// set_robust_list(2) must equal its size.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RobustListHead {
    /// The list head.
    pub list: RobustList,
    /// Offset from a list entry to its futex word.
    pub futex_offset: i64,
    /// The entry being acquired or released, if any.
    pub list_op_pending: u64,
}
