//! futex(2) operations (`include/uapi/linux/futex.h`), decoded into a typed request.
//!
//! The `op` argument is a command in its low 7 bits plus `FUTEX_PRIVATE_FLAG` and
//! `FUTEX_CLOCK_REALTIME`. Each command reads a different subset of the other five registers,
//! and some reinterpret the `timeout` register as a count; [`FutexOp::decode`] does this once.
//! As in `do_futex()`, an unknown command, or `FUTEX_CLOCK_REALTIME` on a command that does not
//! take an absolute timeout, is `ENOSYS`; a zero bitset is `EINVAL`.

use crate::errno::Errno;
use crate::types::time::Timespec;
use crate::user::{UserAddr, UserPtr};

/// `FUTEX_WAIT`.
pub const FUTEX_WAIT: u32 = 0;
/// `FUTEX_WAKE`.
pub const FUTEX_WAKE: u32 = 1;
/// `FUTEX_FD` (removed in 2.6.26).
pub const FUTEX_FD: u32 = 2;
/// `FUTEX_REQUEUE`.
pub const FUTEX_REQUEUE: u32 = 3;
/// `FUTEX_CMP_REQUEUE`.
pub const FUTEX_CMP_REQUEUE: u32 = 4;
/// `FUTEX_WAKE_OP`.
pub const FUTEX_WAKE_OP: u32 = 5;
/// `FUTEX_LOCK_PI`.
pub const FUTEX_LOCK_PI: u32 = 6;
/// `FUTEX_UNLOCK_PI`.
pub const FUTEX_UNLOCK_PI: u32 = 7;
/// `FUTEX_TRYLOCK_PI`.
pub const FUTEX_TRYLOCK_PI: u32 = 8;
/// `FUTEX_WAIT_BITSET`.
pub const FUTEX_WAIT_BITSET: u32 = 9;
/// `FUTEX_WAKE_BITSET`.
pub const FUTEX_WAKE_BITSET: u32 = 10;
/// `FUTEX_WAIT_REQUEUE_PI`.
pub const FUTEX_WAIT_REQUEUE_PI: u32 = 11;
/// `FUTEX_CMP_REQUEUE_PI`.
pub const FUTEX_CMP_REQUEUE_PI: u32 = 12;
/// `FUTEX_LOCK_PI2`.
pub const FUTEX_LOCK_PI2: u32 = 13;
/// The futex is private to the process (no shared-memory key).
pub const FUTEX_PRIVATE_FLAG: u32 = 128;
/// The timeout is measured against `CLOCK_REALTIME`.
pub const FUTEX_CLOCK_REALTIME: u32 = 256;
/// The command bits of `op`.
pub const FUTEX_CMD_MASK: u32 = !(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
/// The bitset matching every waiter.
pub const FUTEX_BITSET_MATCH_ANY: u32 = 0xffff_ffff;
/// Robust futex word: some thread waits on it.
pub const FUTEX_WAITERS: u32 = 0x8000_0000;
/// Robust futex word: its owner died holding it.
pub const FUTEX_OWNER_DIED: u32 = 0x4000_0000;
/// Robust futex word: the owner's thread id.
pub const FUTEX_TID_MASK: u32 = 0x3fff_ffff;

const COMMAND_NAMES: [&str; 14] = [
    "FUTEX_WAIT",
    "FUTEX_WAKE",
    "FUTEX_FD",
    "FUTEX_REQUEUE",
    "FUTEX_CMP_REQUEUE",
    "FUTEX_WAKE_OP",
    "FUTEX_LOCK_PI",
    "FUTEX_UNLOCK_PI",
    "FUTEX_TRYLOCK_PI",
    "FUTEX_WAIT_BITSET",
    "FUTEX_WAKE_BITSET",
    "FUTEX_WAIT_REQUEUE_PI",
    "FUTEX_CMP_REQUEUE_PI",
    "FUTEX_LOCK_PI2",
];

/// The strace name of a futex command (without flags).
pub const fn futex_command_name(cmd: u32) -> Option<&'static str> {
    if (cmd as usize) < COMMAND_NAMES.len() {
        Some(COMMAND_NAMES[cmd as usize])
    } else {
        None
    }
}

/// A decoded futex(2) operation with the arguments it uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FutexOp {
    /// Sleep if `*uaddr == val`; `timeout` is relative.
    Wait {
        /// Expected value.
        val: u32,
        /// Relative timeout, or none.
        timeout: Option<UserPtr<Timespec>>,
    },
    /// Wake up to `count` waiters.
    Wake {
        /// How many.
        count: u32,
    },
    /// Wake `count` waiters, move up to `requeue` others to `uaddr2`.
    Requeue {
        /// How many to wake.
        count: u32,
        /// How many to move (from the `timeout` register).
        requeue: u32,
        /// Target futex.
        uaddr2: UserPtr<u32>,
    },
    /// As `Requeue`, if `*uaddr == expected`.
    CmpRequeue {
        /// How many to wake.
        count: u32,
        /// How many to move.
        requeue: u32,
        /// Target futex.
        uaddr2: UserPtr<u32>,
        /// Expected value of `*uaddr`.
        expected: u32,
    },
    /// Modify `*uaddr2`, wake waiters on both.
    WakeOp {
        /// Waiters to wake on `uaddr`.
        count: u32,
        /// Waiters to wake on `uaddr2` if the comparison holds.
        count2: u32,
        /// Second futex.
        uaddr2: UserPtr<u32>,
        /// Encoded operation and comparison.
        encoded_op: u32,
    },
    /// Sleep if `*uaddr == val` and woken with a matching bit; `timeout` is absolute.
    WaitBitset {
        /// Expected value.
        val: u32,
        /// Absolute timeout, or none.
        timeout: Option<UserPtr<Timespec>>,
        /// Non-zero wake-up mask.
        bitset: u32,
    },
    /// Wake up to `count` waiters whose bitset intersects.
    WakeBitset {
        /// How many.
        count: u32,
        /// Non-zero mask.
        bitset: u32,
    },
    /// Priority-inheritance lock (`FUTEX_LOCK_PI` or, with `clock_realtime` allowed,
    /// `FUTEX_LOCK_PI2`).
    LockPi {
        /// Absolute timeout, or none.
        timeout: Option<UserPtr<Timespec>>,
        /// Whether this is `FUTEX_LOCK_PI2`.
        pi2: bool,
    },
    /// Priority-inheritance unlock.
    UnlockPi,
    /// Priority-inheritance try-lock.
    TrylockPi,
    /// Wait on a non-PI futex, to be requeued to the PI futex `uaddr2`.
    WaitRequeuePi {
        /// Expected value.
        val: u32,
        /// Absolute timeout, or none.
        timeout: Option<UserPtr<Timespec>>,
        /// Target PI futex.
        uaddr2: UserPtr<u32>,
    },
    /// Requeue waiters to a PI futex.
    CmpRequeuePi {
        /// How many to wake (must be 1).
        count: u32,
        /// How many to move.
        requeue: u32,
        /// Target PI futex.
        uaddr2: UserPtr<u32>,
        /// Expected value of `*uaddr`.
        expected: u32,
    },
}

/// A decoded futex(2) call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Futex {
    /// The futex word.
    pub uaddr: UserPtr<u32>,
    /// The operation.
    pub op: FutexOp,
    /// `FUTEX_PRIVATE_FLAG`.
    pub private: bool,
    /// `FUTEX_CLOCK_REALTIME`.
    pub clock_realtime: bool,
    /// The raw `op` register, for tracing.
    pub raw_op: u32,
}

fn timeout(register: u64) -> Option<UserPtr<Timespec>> {
    UserAddr(register).non_null().map(UserPtr::new)
}

impl FutexOp {
    /// Decode the six futex(2) registers.
    pub fn decode(args: &[u64; 6]) -> Result<Futex, Errno> {
        let raw_op = args[1] as u32;
        let cmd = raw_op & FUTEX_CMD_MASK;
        let clock_realtime = raw_op & FUTEX_CLOCK_REALTIME != 0;
        let val = args[2] as u32;
        let uaddr2 = UserPtr::new(UserAddr(args[4]));
        let val3 = args[5] as u32;
        if clock_realtime
            && !matches!(cmd, FUTEX_WAIT_BITSET | FUTEX_WAIT_REQUEUE_PI | FUTEX_LOCK_PI2)
        {
            return Err(Errno::ENOSYS);
        }
        let op = match cmd {
            FUTEX_WAIT => FutexOp::Wait { val, timeout: timeout(args[3]) },
            FUTEX_WAKE => FutexOp::Wake { count: val },
            FUTEX_REQUEUE => FutexOp::Requeue { count: val, requeue: args[3] as u32, uaddr2 },
            FUTEX_CMP_REQUEUE => {
                FutexOp::CmpRequeue { count: val, requeue: args[3] as u32, uaddr2, expected: val3 }
            }
            FUTEX_WAKE_OP => {
                FutexOp::WakeOp { count: val, count2: args[3] as u32, uaddr2, encoded_op: val3 }
            }
            FUTEX_WAIT_BITSET | FUTEX_WAKE_BITSET if val3 == 0 => return Err(Errno::EINVAL),
            FUTEX_WAIT_BITSET => {
                FutexOp::WaitBitset { val, timeout: timeout(args[3]), bitset: val3 }
            }
            FUTEX_WAKE_BITSET => FutexOp::WakeBitset { count: val, bitset: val3 },
            FUTEX_LOCK_PI => FutexOp::LockPi { timeout: timeout(args[3]), pi2: false },
            FUTEX_LOCK_PI2 => FutexOp::LockPi { timeout: timeout(args[3]), pi2: true },
            FUTEX_UNLOCK_PI => FutexOp::UnlockPi,
            FUTEX_TRYLOCK_PI => FutexOp::TrylockPi,
            FUTEX_WAIT_REQUEUE_PI => {
                FutexOp::WaitRequeuePi { val, timeout: timeout(args[3]), uaddr2 }
            }
            FUTEX_CMP_REQUEUE_PI => FutexOp::CmpRequeuePi {
                count: val,
                requeue: args[3] as u32,
                uaddr2,
                expected: val3,
            },
            _ => return Err(Errno::ENOSYS),
        };
        Ok(Futex {
            uaddr: UserPtr::new(UserAddr(args[0])),
            op,
            private: raw_op & FUTEX_PRIVATE_FLAG != 0,
            clock_realtime,
            raw_op,
        })
    }
}
