//! `CLONE_*` flags (clone(2), clone3(2), unshare(2)) from `include/uapi/linux/sched.h`.
//!
//! Legacy clone(2) carries the exit signal in the low byte (`CSIGNAL`) of a 32-bit flags word;
//! clone3(2) has a 64-bit flags word and a separate `exit_signal`. Unknown bits are kept
//! (legacy clone ignores them); clone3's validation rejects them.

bitflags::bitflags! {
    /// `CLONE_*` flags, without the exit-signal byte.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct CloneFlags: u64 {
        /// New time namespace (clone3 and unshare only: in legacy clone this bit is part of
        /// `CSIGNAL`).
        const CLONE_NEWTIME = 0x80;
        /// Share the address space.
        const CLONE_VM = 0x100;
        /// Share root, cwd and umask.
        const CLONE_FS = 0x200;
        /// Share the descriptor table.
        const CLONE_FILES = 0x400;
        /// Share signal handlers.
        const CLONE_SIGHAND = 0x800;
        /// Return a pidfd.
        const CLONE_PIDFD = 0x1000;
        /// Continue tracing the child.
        const CLONE_PTRACE = 0x2000;
        /// Suspend the parent until the child execs or exits.
        const CLONE_VFORK = 0x4000;
        /// The child's parent is the caller's parent.
        const CLONE_PARENT = 0x8000;
        /// Same thread group.
        const CLONE_THREAD = 0x10000;
        /// New mount namespace.
        const CLONE_NEWNS = 0x20000;
        /// Share System V semaphore undo values.
        const CLONE_SYSVSEM = 0x40000;
        /// Set the thread pointer (`fs` base) to `tls`.
        const CLONE_SETTLS = 0x80000;
        /// Store the child's TID at `parent_tid` in the parent.
        const CLONE_PARENT_SETTID = 0x100000;
        /// Clear the TID at `child_tid` and futex-wake it when the child exits.
        const CLONE_CHILD_CLEARTID = 0x200000;
        /// Ignored.
        const CLONE_DETACHED = 0x400000;
        /// A tracer cannot force `CLONE_PTRACE`.
        const CLONE_UNTRACED = 0x800000;
        /// Store the child's TID at `child_tid` in the child.
        const CLONE_CHILD_SETTID = 0x1000000;
        /// New cgroup namespace.
        const CLONE_NEWCGROUP = 0x2000000;
        /// New UTS namespace.
        const CLONE_NEWUTS = 0x4000000;
        /// New IPC namespace.
        const CLONE_NEWIPC = 0x8000000;
        /// New user namespace.
        const CLONE_NEWUSER = 0x10000000;
        /// New PID namespace.
        const CLONE_NEWPID = 0x20000000;
        /// New network namespace.
        const CLONE_NEWNET = 0x40000000;
        /// Share the I/O context.
        const CLONE_IO = 0x80000000;
        /// clone3: reset signal handlers to default in the child.
        const CLONE_CLEAR_SIGHAND = 0x1_0000_0000;
        /// clone3: place the child in the cgroup `cgroup`.
        const CLONE_INTO_CGROUP = 0x2_0000_0000;
    }
}

/// The exit-signal byte of legacy clone(2) flags.
pub const CSIGNAL: u64 = 0xff;

impl CloneFlags {
    /// Flags that create namespaces.
    pub const NAMESPACES: CloneFlags = CloneFlags::CLONE_NEWNS
        .union(CloneFlags::CLONE_NEWCGROUP)
        .union(CloneFlags::CLONE_NEWUTS)
        .union(CloneFlags::CLONE_NEWIPC)
        .union(CloneFlags::CLONE_NEWUSER)
        .union(CloneFlags::CLONE_NEWPID)
        .union(CloneFlags::CLONE_NEWNET)
        .union(CloneFlags::CLONE_NEWTIME);
}
