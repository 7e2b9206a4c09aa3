//! Typed decoding of a system-call register frame (syscall(2), and each call's man page).
//!
//! [`decode`] turns a [`SyscallArgs`] (`rax` and the six argument registers
//! `rdi, rsi, rdx, r10, r8, r9`) into a [`Syscall`]: one variant per typed call, with
//! [`Fd`], [`DirFd`], user-pointer claims and flag types as fields. Invariants:
//!
//! - **Total.** Every number decodes: numbers Linux does not define become
//!   [`Syscall::Unknown`] (the server answers `ENOSYS`), known numbers without a typed variant
//!   become [`Syscall::Raw`]. Decoding never panics (a property test checks this for arbitrary
//!   registers).
//! - **Linux's truncation.** An argument Linux declares as `int`/`unsigned int` uses only the
//!   low 32 bits of its register (`umode_t` the low 16), exactly as the `SYSCALL_DEFINE`
//!   wrappers cast them.
//! - **Argument errors first.** Checks that need nothing but the registers (unknown flag bits
//!   where Linux rejects them, a bad `sigsetsize`, an invalid signal number, a misaligned
//!   address, a bad enumeration value) fail here with the errno Linux returns, so that the
//!   perform step cannot fail on malformed arguments. Where Linux would report a different
//!   error first (typically `EBADF` for a bad descriptor checked before a flag), this crate
//!   reports the argument error; the few such orderings are noted at the variant.
//! - **Claims only.** No user memory is read: a pointer to a structure stays a `UserPtr<T>`.

use crate::arch_prctl::ArchPrctl;
use crate::errno::Errno;
use crate::flags::clone::CSIGNAL;
use crate::flags::fcntl::*;
use crate::flags::mmap::PAGE_SIZE;
use crate::flags::wait::{P_ALL, P_PGID, P_PID, P_PIDFD};
use crate::flags::*;
use crate::ioctl::IoctlRequest;
use crate::numbers::Sysno;
use crate::reboot::RebootCmd;
use crate::types::fs::{Flock as FlockStruct, UIO_MAXIOV};
use crate::types::poll::EP_MAX_EVENTS;
use crate::types::sched::{CLONE_ARGS_SIZE_VER0, CLONE_ARGS_SIZE_VER2};
use crate::types::signal::SIGSET_SIZE;
use crate::types::time::{
    CLOCK_BOOTTIME, CLOCK_BOOTTIME_ALARM, CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_REALTIME_ALARM,
    TIMER_ABSTIME,
};
use crate::types::*;
use crate::user::{DirFd, Fd, UserAddr, UserCStr, UserPtr, UserSlice};
use bitflags::Flags;

/// A system call as it arrives: the number from `rax` and the six argument registers in ABI
/// order (`rdi, rsi, rdx, r10, r8, r9`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SyscallArgs {
    /// The system-call number.
    pub nr: u64,
    /// The argument registers.
    pub args: [u64; 6],
}

impl SyscallArgs {
    /// A frame for `sysno` with the given arguments (missing ones are zero).
    pub fn new(sysno: Sysno, args: &[u64]) -> SyscallArgs {
        let mut all = [0; 6];
        for (slot, value) in all.iter_mut().zip(args) {
            *slot = *value;
        }
        SyscallArgs { nr: sysno.number() as u64, args: all }
    }
}

/// A file mode or permission argument (`umode_t`: the low 16 bits of the register).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mode(pub u32);

/// Which children wait4(2) waits for, from its `pid` argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WaitTarget {
    /// `-1`: any child.
    Any,
    /// `> 0`: that child.
    Pid(i32),
    /// `0`: any child in the caller's process group.
    OwnGroup,
    /// `< -1`: any child in process group `-pid`.
    Group(i32),
}

/// A decoded fcntl(2) command with its argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FcntlCmd {
    /// `F_DUPFD`: duplicate to the lowest descriptor `>= min`.
    DupFd {
        /// Lowest acceptable descriptor.
        min: Fd,
    },
    /// `F_DUPFD_CLOEXEC`.
    DupFdCloexec {
        /// Lowest acceptable descriptor.
        min: Fd,
    },
    /// `F_GETFD`.
    GetFd,
    /// `F_SETFD`.
    SetFd(FdFlags),
    /// `F_GETFL`.
    GetFl,
    /// `F_SETFL` (only `OpenFlags::SETFL_MASK` bits take effect).
    SetFl(OpenFlags),
    /// `F_GETLK`, `F_SETLK`, `F_SETLKW` and their `F_OFD_*` forms.
    Lock {
        /// The command (`F_GETLK`, ...).
        cmd: u32,
        /// The lock description.
        lock: UserPtr<FlockStruct>,
    },
    /// `F_GETOWN`.
    GetOwn,
    /// `F_SETOWN`.
    SetOwn(i32),
    /// `F_GETPIPE_SZ`.
    GetPipeSize,
    /// `F_SETPIPE_SZ`.
    SetPipeSize(u32),
    /// `F_ADD_SEALS`.
    AddSeals(u32),
    /// `F_GET_SEALS`.
    GetSeals,
    /// Another known command, raw.
    Other {
        /// The command.
        cmd: u32,
        /// The argument register.
        arg: u64,
    },
}

impl FcntlCmd {
    fn decode(cmd: u64, arg: u64) -> Result<FcntlCmd, Errno> {
        let cmd = cmd as u32;
        Ok(match cmd {
            F_DUPFD => FcntlCmd::DupFd { min: Fd::from_register(arg) },
            F_DUPFD_CLOEXEC => FcntlCmd::DupFdCloexec { min: Fd::from_register(arg) },
            F_GETFD => FcntlCmd::GetFd,
            F_SETFD => FcntlCmd::SetFd(FdFlags::from_bits_retain(arg as u32)),
            F_GETFL => FcntlCmd::GetFl,
            F_SETFL => FcntlCmd::SetFl(OpenFlags::from_bits_retain(arg as u32)),
            F_GETLK | F_SETLK | F_SETLKW | F_OFD_GETLK | F_OFD_SETLK | F_OFD_SETLKW => {
                FcntlCmd::Lock { cmd, lock: UserPtr::new(UserAddr(arg)) }
            }
            F_GETOWN => FcntlCmd::GetOwn,
            F_SETOWN => FcntlCmd::SetOwn(arg as u32 as i32),
            F_GETPIPE_SZ => FcntlCmd::GetPipeSize,
            F_SETPIPE_SZ => FcntlCmd::SetPipeSize(arg as u32),
            F_ADD_SEALS => FcntlCmd::AddSeals(arg as u32),
            F_GET_SEALS => FcntlCmd::GetSeals,
            _ if fcntl_cmd_name(cmd).is_some() => FcntlCmd::Other { cmd, arg },
            _ => return Err(Errno::EINVAL),
        })
    }

    /// The raw command number.
    pub fn cmd(&self) -> u32 {
        match *self {
            FcntlCmd::DupFd { .. } => F_DUPFD,
            FcntlCmd::DupFdCloexec { .. } => F_DUPFD_CLOEXEC,
            FcntlCmd::GetFd => F_GETFD,
            FcntlCmd::SetFd(_) => F_SETFD,
            FcntlCmd::GetFl => F_GETFL,
            FcntlCmd::SetFl(_) => F_SETFL,
            FcntlCmd::Lock { cmd, .. } | FcntlCmd::Other { cmd, .. } => cmd,
            FcntlCmd::GetOwn => F_GETOWN,
            FcntlCmd::SetOwn(_) => F_SETOWN,
            FcntlCmd::GetPipeSize => F_GETPIPE_SZ,
            FcntlCmd::SetPipeSize(_) => F_SETPIPE_SZ,
            FcntlCmd::AddSeals(_) => F_ADD_SEALS,
            FcntlCmd::GetSeals => F_GET_SEALS,
        }
    }
}

/// Conversion of one argument register into a typed value, with Linux's truncation and
/// validation.
pub trait FromRegister: Sized {
    /// Convert the register `value`.
    fn from_register(value: u64) -> Result<Self, Errno>;
}

macro_rules! from_register {
    ($($ty:ty => |$v:ident| $body:expr;)*) => {
        $(impl FromRegister for $ty {
            fn from_register($v: u64) -> Result<Self, Errno> {
                Ok($body)
            }
        })*
    };
}

from_register! {
    u64 => |v| v;
    i64 => |v| v as i64;
    u32 => |v| v as u32;
    i32 => |v| v as u32 as i32;
    Fd => |v| Fd::from_register(v);
    DirFd => |v| DirFd::from_register(v);
    UserAddr => |v| UserAddr(v);
    Option<UserAddr> => |v| UserAddr(v).non_null();
    UserCStr => |v| UserCStr::new(v);
    Option<UserCStr> => |v| UserAddr(v).non_null().map(|a| UserCStr { addr: a });
    Mode => |v| Mode(v as u16 as u32);
    ClockId => |v| ClockId(v as u32 as i32);
    Signal => |v| Signal::new((v as u32 as i32) as i64).ok_or(Errno::EINVAL)?;
    Option<Signal> => |v| match v as u32 as i32 {
        0 => None,
        n => Some(Signal::new(n as i64).ok_or(Errno::EINVAL)?),
    };
    Whence => |v| Whence::new(v as u32).ok_or(Errno::EINVAL)?;
    ItimerWhich => |v| ItimerWhich::new(v as u32 as i32).ok_or(Errno::EINVAL)?;
    Resource => |v| Resource::new(v as u32).ok_or(Errno::EINVAL)?;
    RusageWho => |v| RusageWho::new(v as u32 as i32).ok_or(Errno::EINVAL)?;
    EpollCtlOp => |v| EpollCtlOp::new(v as u32 as i32).ok_or(Errno::EINVAL)?;
    Advice => |v| Advice::new(v as u32 as i32).ok_or(Errno::EINVAL)?;
}

impl<T> FromRegister for UserPtr<T> {
    fn from_register(value: u64) -> Result<Self, Errno> {
        Ok(UserPtr::new(UserAddr(value)))
    }
}

impl<T> FromRegister for Option<UserPtr<T>> {
    fn from_register(value: u64) -> Result<Self, Errno> {
        Ok(UserAddr(value).non_null().map(UserPtr::new))
    }
}

/// Flags from the low 32 bits, unknown bits kept.
fn retain32<F: Flags<Bits = u32>>(value: u64) -> F {
    F::from_bits_retain(value as u32)
}

/// Flags from the low 32 bits, unknown bits rejected with `EINVAL`.
fn strict32<F: Flags<Bits = u32>>(value: u64) -> Result<F, Errno> {
    F::from_bits(value as u32).ok_or(Errno::EINVAL)
}

/// Flags from the low 32 bits, any bit outside `allowed` rejected with `EINVAL`.
fn within32<F: Flags<Bits = u32> + Copy>(value: u64, allowed: F) -> Result<F, Errno> {
    let flags = F::from_bits_retain(value as u32);
    if allowed.contains(flags) {
        Ok(flags)
    } else {
        Err(Errno::EINVAL)
    }
}

fn require(condition: bool, errno: Errno) -> Result<(), Errno> {
    if condition {
        Ok(())
    } else {
        Err(errno)
    }
}

fn sigsetsize(value: u64) -> Result<(), Errno> {
    require(value == SIGSET_SIZE as u64, Errno::EINVAL)
}

fn page_aligned(addr: u64) -> Result<UserAddr, Errno> {
    require(addr.is_multiple_of(PAGE_SIZE), Errno::EINVAL)?;
    Ok(UserAddr(addr))
}

/// access(2) modes: only `R_OK|W_OK|X_OK` (`S_IRWXO`).
fn access_mode(value: u64) -> Result<u32, Errno> {
    let mode = value as u32;
    require(mode & !0o7 == 0, Errno::EINVAL)?;
    Ok(mode)
}

/// readlink(2)'s `bufsiz` is an `int` that must be positive.
fn readlink_buffer(addr: u64, size: u64) -> Result<UserSlice, Errno> {
    let size = size as u32 as i32;
    require(size > 0, Errno::EINVAL)?;
    Ok(UserSlice::new(addr, size as u64))
}

/// A non-negative `loff_t`.
fn offset(value: u64) -> Result<i64, Errno> {
    let offset = value as i64;
    require(offset >= 0, Errno::EINVAL)?;
    Ok(offset)
}

/// A sigmask pointer that comes with a size: only checked when the pointer is non-null.
fn optional_sigmask(addr: u64, size: u64) -> Result<Option<UserPtr<SigSet>>, Errno> {
    match UserAddr(addr).non_null() {
        Some(addr) => {
            sigsetsize(size)?;
            Ok(Some(UserPtr::new(addr)))
        }
        None => Ok(None),
    }
}

fn socket_type(value: u64) -> Result<(i32, SockFlags), Errno> {
    let value = value as u32;
    let flags = strict32::<SockFlags>((value & !0xf) as u64)?;
    Ok(((value & 0xf) as i32, flags))
}

fn epoll_maxevents(value: u64) -> Result<i32, Errno> {
    let max = value as u32 as i32;
    require(max > 0 && max <= EP_MAX_EVENTS, Errno::EINVAL)?;
    Ok(max)
}

/// The flag combinations `copy_process()` rejects, shared by clone(2) and clone3(2).
pub fn validate_clone_flags(flags: CloneFlags) -> Result<(), Errno> {
    use CloneFlags as C;
    let bad = |both: CloneFlags| flags.contains(both);
    let rejected = bad(C::CLONE_NEWNS | C::CLONE_FS)
        || bad(C::CLONE_NEWUSER | C::CLONE_FS)
        || (flags.contains(C::CLONE_THREAD) && !flags.contains(C::CLONE_SIGHAND))
        || (flags.contains(C::CLONE_SIGHAND) && !flags.contains(C::CLONE_VM))
        || (flags.contains(C::CLONE_THREAD)
            && flags.intersects(C::CLONE_NEWUSER | C::CLONE_NEWPID))
        || bad(C::CLONE_PIDFD | C::CLONE_DETACHED)
        || bad(C::CLONE_SIGHAND | C::CLONE_CLEAR_SIGHAND);
    require(!rejected, Errno::EINVAL)
}

impl CloneArgs {
    /// clone3(2)'s checks of a copied-in `struct clone_args` (`clone3_args_valid()` and
    /// `copy_clone_args_from_user()`), then the common flag checks.
    pub fn validate(&self) -> Result<(), Errno> {
        use CloneFlags as C;
        let flags = CloneFlags::from_bits_retain(self.flags);
        let known = 0xffff_ffff | (C::CLONE_CLEAR_SIGHAND | C::CLONE_INTO_CGROUP).bits();
        require(self.flags & !known == 0, Errno::EINVAL)?;
        require(self.flags & (C::CLONE_DETACHED.bits() | (CSIGNAL & !0x80)) == 0, Errno::EINVAL)?;
        require(self.exit_signal & !CSIGNAL == 0 && self.exit_signal <= 64, Errno::EINVAL)?;
        require(
            !(flags.intersects(C::CLONE_THREAD | C::CLONE_PARENT) && self.exit_signal != 0),
            Errno::EINVAL,
        )?;
        require((self.stack == 0) == (self.stack_size == 0), Errno::EINVAL)?;
        require(self.set_tid_size <= 32, Errno::EINVAL)?;
        require(!(self.set_tid == 0 && self.set_tid_size > 0), Errno::EINVAL)?;
        require(!(self.set_tid != 0 && self.set_tid_size == 0), Errno::EINVAL)?;
        validate_clone_flags(flags)
    }
}

impl OpenHow {
    /// openat2(2)'s checks of a copied-in `struct open_how` (`build_open_how()` is not
    /// applied: unknown bits are errors here).
    pub fn validate(&self) -> Result<(OpenFlags, Mode, ResolveFlags), Errno> {
        let valid = OpenFlags::all().bits() as u64;
        require(self.flags & !valid == 0, Errno::EINVAL)?;
        let flags = OpenFlags::from_bits_retain(self.flags as u32);
        let resolve = ResolveFlags::from_bits(self.resolve).ok_or(Errno::EINVAL)?;
        require(
            !resolve.contains(ResolveFlags::RESOLVE_BENEATH | ResolveFlags::RESOLVE_IN_ROOT),
            Errno::EINVAL,
        )?;
        let creates = flags.contains(OpenFlags::O_CREAT) || flags.contains(OpenFlags::O_TMPFILE);
        require(self.mode & !0o7777 == 0, Errno::EINVAL)?;
        require(creates || self.mode == 0, Errno::EINVAL)?;
        Ok((flags, Mode(self.mode as u32), resolve))
    }
}

macro_rules! field_value {
    ($a:ident, [$index:literal]) => {
        FromRegister::from_register($a[$index])?
    };
    ($a:ident, $custom:block) => {
        $custom
    };
}

macro_rules! syscalls {
    (
        args = $a:ident;
        $(
            $(#[doc = $doc:literal])*
            $variant:ident = $sysno:ident {
                $($(#[doc = $fdoc:literal])* $field:ident : $ty:ty = $dec:tt),* $(,)?
            } $(check $check:block)?;
        )*
    ) => {
        /// A decoded system call. Typed variants are named after the Linux call; see the
        /// module documentation for the decoding rules.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Syscall {
            $(
                $(#[doc = $doc])*
                $variant { $($(#[doc = $fdoc])* #[doc = concat!("The `", stringify!($field), "` argument.")] $field: $ty),* },
            )*
            /// A known call without a typed variant.
            Raw {
                /// Which call.
                sysno: Sysno,
                /// The raw argument registers.
                args: [u64; 6],
            },
            /// A number Linux does not define on x86-64 (answer: `ENOSYS`).
            Unknown {
                /// The number from `rax`.
                nr: u64,
                /// The raw argument registers.
                args: [u64; 6],
            },
        }

        /// Every call that decodes to a typed variant (the rest decode to `Syscall::Raw`).
        pub const TYPED: &[Sysno] = &[$(Sysno::$sysno,)*];

        fn decode_known(sysno: Sysno, $a: &[u64; 6]) -> Result<Syscall, Errno> {
            match sysno {
                $(
                    Sysno::$sysno => {
                        $($check)?
                        Ok(Syscall::$variant { $($field: field_value!($a, $dec)),* })
                    }
                )*
                _ => Ok(Syscall::Raw { sysno, args: *$a }),
            }
        }

        impl Syscall {
            /// The call's number, or `None` for [`Syscall::Unknown`].
            pub fn sysno(&self) -> Option<Sysno> {
                match self {
                    $(Syscall::$variant { .. } => Some(Sysno::$sysno),)*
                    Syscall::Raw { sysno, .. } => Some(*sysno),
                    Syscall::Unknown { .. } => None,
                }
            }

            /// Present each typed field, in declaration order, to `visit`.
            pub fn visit_fields(
                &self,
                visit: &mut dyn FnMut(&str, &dyn crate::strace::TraceArg) -> core::fmt::Result,
            ) -> core::fmt::Result {
                match self {
                    $(
                        #[allow(unused_variables)]
                        Syscall::$variant { $($field),* } => {
                            $(visit(stringify!($field), $field)?;)*
                            Ok(())
                        }
                    )*
                    Syscall::Raw { .. } | Syscall::Unknown { .. } => Ok(()),
                }
            }
        }
    };
}

/// Decode a register frame. Unknown numbers give `Ok(Syscall::Unknown { .. })`; malformed
/// arguments give the errno Linux returns for them.
pub fn decode(frame: &SyscallArgs) -> Result<Syscall, Errno> {
    match Sysno::new(frame.nr) {
        Some(sysno) => decode_known(sysno, &frame.args),
        None => Ok(Syscall::Unknown { nr: frame.nr, args: frame.args }),
    }
}

syscalls! {
    args = a;

    // ---- files: open, close, read, write ----
    /// read(2).
    Read = read { fd: Fd = [0], buf: UserSlice = { UserSlice::new(a[1], a[2]) } };
    /// write(2).
    Write = write { fd: Fd = [0], buf: UserSlice = { UserSlice::new(a[1], a[2]) } };
    /// open(2); unknown flags are kept (Linux ignores them).
    Open = open { path: UserCStr = [0], flags: OpenFlags = { retain32(a[1]) }, mode: Mode = [2] };
    /// openat(2).
    Openat = openat {
        dirfd: DirFd = [0], path: UserCStr = [1], flags: OpenFlags = { retain32(a[2]) },
        mode: Mode = [3],
    };
    /// openat2(2): `size` is checked here; validate the copied `OpenHow` with
    /// [`OpenHow::validate`].
    Openat2 = openat2 { dirfd: DirFd = [0], path: UserCStr = [1], how: UserPtr<OpenHow> = [2],
        size: u64 = [3] }
    check {
        require(a[3] >= crate::types::fs::OPEN_HOW_SIZE_VER0, Errno::EINVAL)?;
        require(a[3] <= PAGE_SIZE, Errno::E2BIG)?;
    };
    /// creat(2).
    Creat = creat { path: UserCStr = [0], mode: Mode = [1] };
    /// close(2).
    Close = close { fd: Fd = [0] };
    /// close_range(2).
    CloseRange = close_range {
        first: u32 = [0], last: u32 = [1], flags: CloseRangeFlags = { strict32(a[2])? },
    } check { require(a[0] as u32 <= a[1] as u32, Errno::EINVAL)?; };
    /// lseek(2). An invalid `whence` is `EINVAL` here even when the descriptor is bad.
    Lseek = lseek { fd: Fd = [0], offset: i64 = [1], whence: Whence = [2] };
    /// pread64(2).
    Pread64 = pread64 {
        fd: Fd = [0], buf: UserSlice = { UserSlice::new(a[1], a[2]) }, offset: i64 = { offset(a[3])? },
    };
    /// pwrite64(2).
    Pwrite64 = pwrite64 {
        fd: Fd = [0], buf: UserSlice = { UserSlice::new(a[1], a[2]) }, offset: i64 = { offset(a[3])? },
    };
    /// readv(2).
    Readv = readv { fd: Fd = [0], iov: UserPtr<Iovec> = [1], iovcnt: u64 = [2] }
    check { require(a[2] <= UIO_MAXIOV, Errno::EINVAL)?; };
    /// writev(2).
    Writev = writev { fd: Fd = [0], iov: UserPtr<Iovec> = [1], iovcnt: u64 = [2] }
    check { require(a[2] <= UIO_MAXIOV, Errno::EINVAL)?; };
    /// sendfile(2).
    Sendfile = sendfile {
        out_fd: Fd = [0], in_fd: Fd = [1], offset: Option<UserPtr<i64>> = [2], count: u64 = [3],
    };
    /// copy_file_range(2); non-zero `flags` is `EINVAL`.
    CopyFileRange = copy_file_range {
        fd_in: Fd = [0], off_in: Option<UserPtr<i64>> = [1], fd_out: Fd = [2],
        off_out: Option<UserPtr<i64>> = [3], len: u64 = [4],
    } check { require(a[5] as u32 == 0, Errno::EINVAL)?; };
    /// ioctl(2); terminal requests are typed.
    Ioctl = ioctl { fd: Fd = [0], request: IoctlRequest = { IoctlRequest::decode(a[1], a[2]) } };
    /// fcntl(2); unknown commands are `EINVAL`.
    Fcntl = fcntl { fd: Fd = [0], cmd: FcntlCmd = { FcntlCmd::decode(a[1], a[2])? } };
    /// flock(2); the operation must be one of `LOCK_SH`, `LOCK_EX`, `LOCK_UN` (plus `LOCK_NB`).
    Flock = flock { fd: Fd = [0], operation: FlockOp = { retain32(a[1]) } }
    check { require(matches!(a[1] as u32 & !4, 1 | 2 | 8), Errno::EINVAL)?; };
    /// fsync(2).
    Fsync = fsync { fd: Fd = [0] };
    /// fdatasync(2).
    Fdatasync = fdatasync { fd: Fd = [0] };
    /// truncate(2); a negative length is `EINVAL`.
    Truncate = truncate { path: UserCStr = [0], length: i64 = { offset(a[1])? } };
    /// ftruncate(2); a negative length is `EINVAL`.
    Ftruncate = ftruncate { fd: Fd = [0], length: i64 = { offset(a[1])? } };
    /// dup(2).
    Dup = dup { oldfd: Fd = [0] };
    /// dup2(2).
    Dup2 = dup2 { oldfd: Fd = [0], newfd: Fd = [1] };
    /// dup3(2): only `O_CLOEXEC` is accepted, and `oldfd == newfd` is `EINVAL`.
    Dup3 = dup3 { oldfd: Fd = [0], newfd: Fd = [1], flags: OpenFlags = {
        within32(a[2], OpenFlags::O_CLOEXEC)?
    } } check { require(a[0] as u32 != a[1] as u32, Errno::EINVAL)?; };
    /// pipe(2).
    Pipe = pipe { fds: UserPtr<[i32; 2]> = [0] };
    /// pipe2(2): flags outside `O_CLOEXEC|O_NONBLOCK|O_DIRECT|O_NOTIFICATION_PIPE` are
    /// `EINVAL`.
    Pipe2 = pipe2 { fds: UserPtr<[i32; 2]> = [0], flags: OpenFlags = {
        within32(a[1], OpenFlags::PIPE2_MASK)?
    } };

    // ---- file status ----
    /// stat(2).
    Stat = stat { path: UserCStr = [0], statbuf: UserPtr<Stat> = [1] };
    /// fstat(2).
    Fstat = fstat { fd: Fd = [0], statbuf: UserPtr<Stat> = [1] };
    /// lstat(2).
    Lstat = lstat { path: UserCStr = [0], statbuf: UserPtr<Stat> = [1] };
    /// newfstatat(2) (`fstatat`).
    Newfstatat = newfstatat {
        dirfd: DirFd = [0], path: UserCStr = [1], statbuf: UserPtr<Stat> = [2],
        flags: AtFlags = { within32(a[3], AtFlags::FSTATAT_MASK)? },
    };
    /// statx(2): both sync types at once, or `STATX__RESERVED` in the mask, is `EINVAL`.
    Statx = statx {
        dirfd: DirFd = [0], path: UserCStr = [1],
        flags: AtFlags = { within32(a[2], AtFlags::STATX_MASK)? },
        mask: StatxMask = { retain32(a[3]) }, statxbuf: UserPtr<Statx> = [4],
    } check {
        require(!AtFlags::from_bits_retain(a[2] as u32).contains(AtFlags::AT_STATX_SYNC_TYPE),
            Errno::EINVAL)?;
        require(a[3] as u32 & crate::flags::statx::STATX__RESERVED == 0, Errno::EINVAL)?;
    };
    /// statfs(2).
    Statfs = statfs { path: UserCStr = [0], buf: UserPtr<Statfs> = [1] };
    /// fstatfs(2).
    Fstatfs = fstatfs { fd: Fd = [0], buf: UserPtr<Statfs> = [1] };
    /// access(2): mode bits beyond `R_OK|W_OK|X_OK` are `EINVAL`.
    Access = access { path: UserCStr = [0], mode: u32 = { access_mode(a[1])? } };
    /// faccessat(2).
    Faccessat = faccessat { dirfd: DirFd = [0], path: UserCStr = [1], mode: u32 = {
        access_mode(a[2])?
    } };
    /// faccessat2(2).
    Faccessat2 = faccessat2 {
        dirfd: DirFd = [0], path: UserCStr = [1], mode: u32 = { access_mode(a[2])? },
        flags: AtFlags = { within32(a[3], AtFlags::FACCESSAT2_MASK)? },
    };
    /// utimensat(2); a null path operates on `dirfd` itself.
    Utimensat = utimensat {
        dirfd: DirFd = [0], path: Option<UserCStr> = [1],
        times: Option<UserPtr<[Timespec; 2]>> = [2],
        flags: AtFlags = { within32(a[3], AtFlags::UTIMENSAT_MASK)? },
    };

    // ---- directories and names ----
    /// getdents64(2); `count` is an `unsigned int`.
    Getdents64 = getdents64 { fd: Fd = [0], buf: UserSlice = {
        UserSlice::new(a[1], a[2] as u32 as u64)
    } };
    /// getdents(2) (the old `linux_dirent` format).
    Getdents = getdents { fd: Fd = [0], buf: UserSlice = {
        UserSlice::new(a[1], a[2] as u32 as u64)
    } };
    /// getcwd(2).
    Getcwd = getcwd { buf: UserSlice = { UserSlice::new(a[0], a[1]) } };
    /// chdir(2).
    Chdir = chdir { path: UserCStr = [0] };
    /// fchdir(2).
    Fchdir = fchdir { fd: Fd = [0] };
    /// chroot(2).
    Chroot = chroot { path: UserCStr = [0] };
    /// rename(2).
    Rename = rename { oldpath: UserCStr = [0], newpath: UserCStr = [1] };
    /// renameat(2).
    Renameat = renameat {
        olddirfd: DirFd = [0], oldpath: UserCStr = [1], newdirfd: DirFd = [2],
        newpath: UserCStr = [3],
    };
    /// renameat2(2): `RENAME_EXCHANGE` with `RENAME_NOREPLACE` or `RENAME_WHITEOUT` is
    /// `EINVAL`.
    Renameat2 = renameat2 {
        olddirfd: DirFd = [0], oldpath: UserCStr = [1], newdirfd: DirFd = [2],
        newpath: UserCStr = [3], flags: RenameFlags = { strict32(a[4])? },
    } check {
        let flags = RenameFlags::from_bits_retain(a[4] as u32);
        require(!(flags.contains(RenameFlags::RENAME_EXCHANGE)
            && flags.intersects(RenameFlags::RENAME_NOREPLACE | RenameFlags::RENAME_WHITEOUT)),
            Errno::EINVAL)?;
    };
    /// mkdir(2).
    Mkdir = mkdir { path: UserCStr = [0], mode: Mode = [1] };
    /// mkdirat(2).
    Mkdirat = mkdirat { dirfd: DirFd = [0], path: UserCStr = [1], mode: Mode = [2] };
    /// rmdir(2).
    Rmdir = rmdir { path: UserCStr = [0] };
    /// link(2).
    Link = link { oldpath: UserCStr = [0], newpath: UserCStr = [1] };
    /// linkat(2).
    Linkat = linkat {
        olddirfd: DirFd = [0], oldpath: UserCStr = [1], newdirfd: DirFd = [2],
        newpath: UserCStr = [3], flags: AtFlags = { within32(a[4], AtFlags::LINKAT_MASK)? },
    };
    /// unlink(2).
    Unlink = unlink { path: UserCStr = [0] };
    /// unlinkat(2): only `AT_REMOVEDIR` is accepted.
    Unlinkat = unlinkat { dirfd: DirFd = [0], path: UserCStr = [1], flags: AtFlags = {
        within32(a[2], AtFlags::UNLINKAT_MASK)?
    } };
    /// symlink(2).
    Symlink = symlink { target: UserCStr = [0], linkpath: UserCStr = [1] };
    /// symlinkat(2).
    Symlinkat = symlinkat { target: UserCStr = [0], newdirfd: DirFd = [1], linkpath: UserCStr = [2] };
    /// readlink(2): a non-positive `bufsiz` is `EINVAL`.
    Readlink = readlink { path: UserCStr = [0], buf: UserSlice = { readlink_buffer(a[1], a[2])? } };
    /// readlinkat(2).
    Readlinkat = readlinkat { dirfd: DirFd = [0], path: UserCStr = [1], buf: UserSlice = {
        readlink_buffer(a[2], a[3])?
    } };
    /// chmod(2).
    Chmod = chmod { path: UserCStr = [0], mode: Mode = [1] };
    /// fchmod(2).
    Fchmod = fchmod { fd: Fd = [0], mode: Mode = [1] };
    /// fchmodat(2).
    Fchmodat = fchmodat { dirfd: DirFd = [0], path: UserCStr = [1], mode: Mode = [2] };
    /// chown(2); `u32::MAX` leaves an ID unchanged.
    Chown = chown { path: UserCStr = [0], owner: u32 = [1], group: u32 = [2] };
    /// fchown(2).
    Fchown = fchown { fd: Fd = [0], owner: u32 = [1], group: u32 = [2] };
    /// lchown(2).
    Lchown = lchown { path: UserCStr = [0], owner: u32 = [1], group: u32 = [2] };
    /// fchownat(2).
    Fchownat = fchownat {
        dirfd: DirFd = [0], path: UserCStr = [1], owner: u32 = [2], group: u32 = [3],
        flags: AtFlags = { within32(a[4], AtFlags::FCHOWNAT_MASK)? },
    };
    /// umask(2); only the permission bits count.
    Umask = umask { mask: Mode = { Mode(a[0] as u32 & 0o777) } };
    /// mount(2); the historic magic in the flags is removed.
    Mount = mount {
        source: Option<UserCStr> = [0], target: UserCStr = [1], fstype: Option<UserCStr> = [2],
        flags: MountFlags = { MountFlags::from_register(a[3]) }, data: Option<UserAddr> = [4],
    };
    /// umount2(2): unknown flags, or `MNT_EXPIRE` with `MNT_FORCE`/`MNT_DETACH`, are `EINVAL`.
    Umount2 = umount2 { target: UserCStr = [0], flags: UmountFlags = { strict32(a[1])? } }
    check {
        let flags = UmountFlags::from_bits_retain(a[1] as u32);
        require(!(flags.contains(UmountFlags::MNT_EXPIRE)
            && flags.intersects(UmountFlags::MNT_FORCE | UmountFlags::MNT_DETACH)), Errno::EINVAL)?;
    };
    /// sync(2).
    Sync = sync {};

    // ---- memory ----
    /// mmap(2): a misaligned offset, zero length or invalid mapping type is `EINVAL` (Linux
    /// checks the descriptor before the latter two).
    Mmap = mmap {
        addr: UserAddr = [0], len: u64 = [1], prot: ProtFlags = { retain32(a[2]) },
        flags: MapFlags = { retain32(a[3]) }, fd: Fd = [4], offset: u64 = [5],
    } check {
        require(a[5].is_multiple_of(PAGE_SIZE), Errno::EINVAL)?;
        require(a[1] != 0, Errno::EINVAL)?;
        require(MapFlags::from_bits_retain(a[3] as u32).map_type().is_some(), Errno::EINVAL)?;
    };
    /// mprotect(2): a misaligned start or unknown protection bits are `EINVAL`.
    Mprotect = mprotect {
        addr: UserAddr = { page_aligned(a[0])? }, len: u64 = [1],
        prot: ProtFlags = { strict32(a[2])? },
    } check {
        require(!ProtFlags::from_bits_retain(a[2] as u32)
            .contains(ProtFlags::PROT_GROWSDOWN | ProtFlags::PROT_GROWSUP), Errno::EINVAL)?;
    };
    /// munmap(2): a misaligned start or zero length is `EINVAL`.
    Munmap = munmap { addr: UserAddr = { page_aligned(a[0])? }, len: u64 = [1] }
    check { require(a[1] != 0, Errno::EINVAL)?; };
    /// brk(2).
    Brk = brk { addr: UserAddr = [0] };
    /// mremap(2).
    Mremap = mremap {
        old_addr: UserAddr = { page_aligned(a[0])? }, old_len: u64 = [1], new_len: u64 = [2],
        flags: MremapFlags = { strict32(a[3])? }, new_addr: UserAddr = [4],
    } check {
        let flags = MremapFlags::from_bits_retain(a[3] as u32);
        require(flags.contains(MremapFlags::MREMAP_MAYMOVE)
            || !flags.intersects(MremapFlags::MREMAP_FIXED | MremapFlags::MREMAP_DONTUNMAP),
            Errno::EINVAL)?;
    };
    /// madvise(2): a misaligned start or unknown advice is `EINVAL`.
    Madvise = madvise { addr: UserAddr = { page_aligned(a[0])? }, len: u64 = [1], advice: Advice = [2] };
    /// membarrier(2).
    Membarrier = membarrier { cmd: i32 = [0], flags: u32 = [1], cpu_id: i32 = [2] };

    // ---- signals ----
    /// rt_sigaction(2): a bad `sigsetsize`, an invalid signal, or a new action for `SIGKILL`
    /// or `SIGSTOP` is `EINVAL`.
    RtSigaction = rt_sigaction {
        signal: Signal = [0], act: Option<UserPtr<KernelSigaction>> = [1],
        oldact: Option<UserPtr<KernelSigaction>> = [2],
    } check {
        sigsetsize(a[3])?;
        let signal = Signal::new(a[0] as u32 as i32 as i64).ok_or(Errno::EINVAL)?;
        require(a[1] == 0 || !signal.is_unblockable(), Errno::EINVAL)?;
    };
    /// rt_sigprocmask(2): `how` is only checked when a new set is given, as in Linux.
    RtSigprocmask = rt_sigprocmask {
        change: Option<(SigmaskHow, UserPtr<SigSet>)> = {
            match UserAddr(a[1]).non_null() {
                Some(set) => Some((
                    SigmaskHow::new(a[0] as u32 as i32).ok_or(Errno::EINVAL)?,
                    UserPtr::new(set),
                )),
                None => None,
            }
        },
        oldset: Option<UserPtr<SigSet>> = [2],
    } check { sigsetsize(a[3])?; };
    /// rt_sigreturn(2).
    RtSigreturn = rt_sigreturn {};
    /// rt_sigpending(2): `sigsetsize` may be smaller than 8 but not larger.
    RtSigpending = rt_sigpending { set: UserPtr<SigSet> = [0], sigsetsize: u64 = [1] }
    check { require(a[1] <= SIGSET_SIZE as u64, Errno::EINVAL)?; };
    /// rt_sigsuspend(2).
    RtSigsuspend = rt_sigsuspend { mask: UserPtr<SigSet> = [0] } check { sigsetsize(a[1])?; };
    /// rt_sigtimedwait(2).
    RtSigtimedwait = rt_sigtimedwait {
        set: UserPtr<SigSet> = [0], info: Option<UserPtr<Siginfo>> = [1],
        timeout: Option<UserPtr<Timespec>> = [2],
    } check { sigsetsize(a[3])?; };
    /// rt_sigqueueinfo(2).
    RtSigqueueinfo = rt_sigqueueinfo {
        tgid: i32 = [0], signal: Option<Signal> = [1], info: UserPtr<Siginfo> = [2],
    };
    /// sigaltstack(2).
    Sigaltstack = sigaltstack { new: Option<UserPtr<StackT>> = [0], old: Option<UserPtr<StackT>> = [1] };
    /// kill(2); signal 0 probes.
    Kill = kill { pid: i32 = [0], signal: Option<Signal> = [1] };
    /// tgkill(2): non-positive IDs are `EINVAL`.
    Tgkill = tgkill { tgid: i32 = [0], tid: i32 = [1], signal: Option<Signal> = [2] }
    check { require(a[0] as u32 as i32 > 0 && a[1] as u32 as i32 > 0, Errno::EINVAL)?; };
    /// tkill(2): a non-positive ID is `EINVAL`.
    Tkill = tkill { tid: i32 = [0], signal: Option<Signal> = [1] }
    check { require(a[0] as u32 as i32 > 0, Errno::EINVAL)?; };
    /// pause(2).
    Pause = pause {};

    // ---- processes and threads ----
    /// getpid(2).
    Getpid = getpid {};
    /// getppid(2).
    Getppid = getppid {};
    /// gettid(2).
    Gettid = gettid {};
    /// clone(2) (x86-64 argument order: flags, stack, parent_tid, child_tid, tls). The exit
    /// signal is the low byte of the flags; invalid flag combinations are `EINVAL`.
    Clone = clone {
        flags: CloneFlags = { CloneFlags::from_bits_retain(a[0] & 0xffff_ffff & !CSIGNAL) },
        exit_signal: u32 = { (a[0] & CSIGNAL) as u32 },
        stack: UserAddr = [1], parent_tid: UserPtr<i32> = [2], child_tid: UserPtr<i32> = [3],
        tls: u64 = [4],
    } check {
        let flags = CloneFlags::from_bits_retain(a[0] & 0xffff_ffff & !CSIGNAL);
        validate_clone_flags(flags)?;
        require(!flags.contains(CloneFlags::CLONE_PIDFD | CloneFlags::CLONE_PARENT_SETTID),
            Errno::EINVAL)?;
    };
    /// clone3(2): `size` is checked here; validate the copied `CloneArgs` with
    /// [`CloneArgs::validate`].
    Clone3 = clone3 { args: UserPtr<CloneArgs> = [0], size: u64 = [1] }
    check {
        require(a[1] >= CLONE_ARGS_SIZE_VER0, Errno::EINVAL)?;
        require(a[1] <= PAGE_SIZE, Errno::E2BIG)?;
        let _ = CLONE_ARGS_SIZE_VER2;
    };
    /// fork(2).
    Fork = fork {};
    /// vfork(2).
    Vfork = vfork {};
    /// execve(2).
    Execve = execve { path: UserCStr = [0], argv: UserPtr<u64> = [1], envp: UserPtr<u64> = [2] };
    /// execveat(2).
    Execveat = execveat {
        dirfd: DirFd = [0], path: UserCStr = [1], argv: UserPtr<u64> = [2],
        envp: UserPtr<u64> = [3], flags: AtFlags = { within32(a[4], AtFlags::EXECVEAT_MASK)? },
    };
    /// exit(2).
    Exit = exit { status: i32 = [0] };
    /// exit_group(2).
    ExitGroup = exit_group { status: i32 = [0] };
    /// wait4(2): `pid == INT_MIN` is `ESRCH`; unknown options are `EINVAL`.
    Wait4 = wait4 {
        target: WaitTarget = {
            match a[0] as u32 as i32 {
                i32::MIN => return Err(Errno::ESRCH),
                -1 => WaitTarget::Any,
                0 => WaitTarget::OwnGroup,
                pid if pid > 0 => WaitTarget::Pid(pid),
                pid => WaitTarget::Group(-pid),
            }
        },
        status: Option<UserPtr<i32>> = [1],
        options: WaitOptions = { within32(a[2], WaitOptions::WAIT4_MASK)? },
        rusage: Option<UserPtr<Rusage>> = [3],
    };
    /// waitid(2): an invalid `idtype` or ID, unknown options, or none of
    /// `WEXITED|WSTOPPED|WCONTINUED`, is `EINVAL`.
    Waitid = waitid {
        id: WaitId = {
            let id = a[1] as u32 as i32;
            match a[0] as u32 {
                P_ALL => WaitId::All,
                P_PID if id > 0 => WaitId::Pid(id),
                P_PGID if id >= 0 => WaitId::Pgid(id),
                P_PIDFD => WaitId::PidFd(id),
                _ => return Err(Errno::EINVAL),
            }
        },
        info: Option<UserPtr<Siginfo>> = [2],
        options: WaitOptions = { within32(a[3], WaitOptions::WAITID_MASK)? },
        rusage: Option<UserPtr<Rusage>> = [4],
    } check {
        require(WaitOptions::from_bits_retain(a[3] as u32).intersects(
            WaitOptions::WEXITED | WaitOptions::WSTOPPED | WaitOptions::WCONTINUED),
            Errno::EINVAL)?;
    };
    /// set_tid_address(2).
    SetTidAddress = set_tid_address { tidptr: UserPtr<i32> = [0] };
    /// set_robust_list(2): `len` must be the size of `struct robust_list_head`.
    SetRobustList = set_robust_list { head: UserPtr<RobustListHead> = [0] }
    check { require(a[1] == core::mem::size_of::<RobustListHead>() as u64, Errno::EINVAL)?; };
    /// futex(2).
    Futex = futex { futex: Futex = { FutexOp::decode(a)? } };
    /// arch_prctl(2).
    ArchPrctl = arch_prctl { request: ArchPrctl = { ArchPrctl::decode(a[0], a[1])? } };
    /// prctl(2).
    Prctl = prctl { option: i32 = [0], args: [u64; 4] = { [a[1], a[2], a[3], a[4]] } };
    /// rseq(2): flags other than `RSEQ_FLAG_UNREGISTER` are `EINVAL`.
    Rseq = rseq { rseq: UserAddr = [0], len: u32 = [1], unregister: bool = {
        match a[2] as u32 { 0 => false, 1 => true, _ => return Err(Errno::EINVAL) }
    }, signature: u32 = [3] };
    /// sched_yield(2).
    SchedYield = sched_yield {};
    /// sched_getaffinity(2): a length that is not a multiple of 8 is `EINVAL`.
    SchedGetaffinity = sched_getaffinity { pid: i32 = [0], mask: UserSlice = {
        UserSlice::new(a[2], a[1] as u32 as u64)
    } } check { require((a[1] as u32).is_multiple_of(8), Errno::EINVAL)?; };
    /// sched_setaffinity(2).
    SchedSetaffinity = sched_setaffinity { pid: i32 = [0], mask: UserSlice = {
        UserSlice::new(a[2], a[1] as u32 as u64)
    } };
    /// sched_getparam(2).
    SchedGetparam = sched_getparam { pid: i32 = [0], param: UserPtr<SchedParam> = [1] };
    /// sched_getscheduler(2).
    SchedGetscheduler = sched_getscheduler { pid: i32 = [0] };
    /// getcpu(2).
    Getcpu = getcpu { cpu: Option<UserPtr<u32>> = [0], node: Option<UserPtr<u32>> = [1] };
    /// reboot(2): wrong magic numbers or an unknown command are `EINVAL`.
    Reboot = reboot { cmd: RebootCmd = { RebootCmd::decode(a[0], a[1], a[2])? }, arg: UserAddr = [3] };

    // ---- identity, sessions, process groups ----
    /// getuid(2).
    Getuid = getuid {};
    /// geteuid(2).
    Geteuid = geteuid {};
    /// getgid(2).
    Getgid = getgid {};
    /// getegid(2).
    Getegid = getegid {};
    /// setuid(2).
    Setuid = setuid { uid: u32 = [0] };
    /// setgid(2).
    Setgid = setgid { gid: u32 = [0] };
    /// setreuid(2).
    Setreuid = setreuid { ruid: u32 = [0], euid: u32 = [1] };
    /// setregid(2).
    Setregid = setregid { rgid: u32 = [0], egid: u32 = [1] };
    /// setresuid(2).
    Setresuid = setresuid { ruid: u32 = [0], euid: u32 = [1], suid: u32 = [2] };
    /// setresgid(2).
    Setresgid = setresgid { rgid: u32 = [0], egid: u32 = [1], sgid: u32 = [2] };
    /// getresuid(2).
    Getresuid = getresuid { ruid: UserPtr<u32> = [0], euid: UserPtr<u32> = [1], suid: UserPtr<u32> = [2] };
    /// getresgid(2).
    Getresgid = getresgid { rgid: UserPtr<u32> = [0], egid: UserPtr<u32> = [1], sgid: UserPtr<u32> = [2] };
    /// setfsuid(2).
    Setfsuid = setfsuid { fsuid: u32 = [0] };
    /// setfsgid(2).
    Setfsgid = setfsgid { fsgid: u32 = [0] };
    /// getgroups(2): a negative size is `EINVAL`.
    Getgroups = getgroups { size: i32 = [0], list: UserPtr<u32> = [1] }
    check { require(a[0] as u32 as i32 >= 0, Errno::EINVAL)?; };
    /// setgroups(2): a size outside `0..=NGROUPS_MAX` is `EINVAL`.
    Setgroups = setgroups { size: i32 = [0], list: UserPtr<u32> = [1] }
    check { require((0..=65536).contains(&(a[0] as u32 as i32)), Errno::EINVAL)?; };
    /// setpgid(2): a negative `pgid` is `EINVAL`.
    Setpgid = setpgid { pid: i32 = [0], pgid: i32 = [1] }
    check { require(a[1] as u32 as i32 >= 0, Errno::EINVAL)?; };
    /// getpgid(2).
    Getpgid = getpgid { pid: i32 = [0] };
    /// getpgrp(2).
    Getpgrp = getpgrp {};
    /// setsid(2).
    Setsid = setsid {};
    /// getsid(2).
    Getsid = getsid { pid: i32 = [0] };
    /// uname(2).
    Uname = uname { buf: UserPtr<Utsname> = [0] };

    // ---- time ----
    /// nanosleep(2).
    Nanosleep = nanosleep { req: UserPtr<Timespec> = [0], rem: Option<UserPtr<Timespec>> = [1] };
    /// clock_nanosleep(2); flag bits other than `TIMER_ABSTIME` are ignored.
    ClockNanosleep = clock_nanosleep {
        clock: ClockId = [0], absolute: bool = { a[1] as u32 & TIMER_ABSTIME != 0 },
        req: UserPtr<Timespec> = [2], rem: Option<UserPtr<Timespec>> = [3],
    };
    /// clock_gettime(2).
    ClockGettime = clock_gettime { clock: ClockId = [0], tp: UserPtr<Timespec> = [1] };
    /// clock_getres(2).
    ClockGetres = clock_getres { clock: ClockId = [0], res: Option<UserPtr<Timespec>> = [1] };
    /// gettimeofday(2).
    Gettimeofday = gettimeofday { tv: Option<UserPtr<Timeval>> = [0], tz: Option<UserPtr<Timezone>> = [1] };
    /// time(2).
    Time = time { tloc: Option<UserPtr<i64>> = [0] };
    /// times(2).
    Times = times { buf: Option<UserPtr<Tms>> = [0] };
    /// alarm(2).
    Alarm = alarm { seconds: u32 = [0] };
    /// getitimer(2).
    Getitimer = getitimer { which: ItimerWhich = [0], value: UserPtr<Itimerval> = [1] };
    /// setitimer(2).
    Setitimer = setitimer {
        which: ItimerWhich = [0], new: Option<UserPtr<Itimerval>> = [1],
        old: Option<UserPtr<Itimerval>> = [2],
    };
    /// timerfd_create(2): clocks other than realtime, monotonic, boottime and their alarm
    /// forms, and unknown flags, are `EINVAL`.
    TimerfdCreate = timerfd_create { clock: ClockId = [0], flags: TimerfdFlags = { strict32(a[1])? } }
    check {
        require(matches!(a[0] as u32 as i32, CLOCK_REALTIME | CLOCK_MONOTONIC | CLOCK_BOOTTIME
            | CLOCK_REALTIME_ALARM | CLOCK_BOOTTIME_ALARM), Errno::EINVAL)?;
    };
    /// timerfd_settime(2).
    TimerfdSettime = timerfd_settime {
        fd: Fd = [0], flags: TimerfdSettimeFlags = { strict32(a[1])? },
        new: UserPtr<Itimerspec> = [2], old: Option<UserPtr<Itimerspec>> = [3],
    };
    /// timerfd_gettime(2).
    TimerfdGettime = timerfd_gettime { fd: Fd = [0], curr: UserPtr<Itimerspec> = [1] };

    // ---- resources ----
    /// getrlimit(2).
    Getrlimit = getrlimit { resource: Resource = [0], rlim: UserPtr<Rlimit> = [1] };
    /// setrlimit(2).
    Setrlimit = setrlimit { resource: Resource = [0], rlim: UserPtr<Rlimit> = [1] };
    /// prlimit64(2).
    Prlimit64 = prlimit64 {
        pid: i32 = [0], resource: Resource = [1], new: Option<UserPtr<Rlimit>> = [2],
        old: Option<UserPtr<Rlimit>> = [3],
    };
    /// getrusage(2).
    Getrusage = getrusage { who: RusageWho = [0], usage: UserPtr<Rusage> = [1] };
    /// sysinfo(2).
    Sysinfo = sysinfo { info: UserPtr<Sysinfo> = [0] };
    /// getrandom(2): unknown flags, or `GRND_RANDOM|GRND_INSECURE`, are `EINVAL`.
    Getrandom = getrandom {
        buf: UserSlice = { UserSlice::new(a[0], a[1]) },
        flags: GetrandomFlags = { strict32(a[2])? },
    } check {
        require(!GetrandomFlags::from_bits_retain(a[2] as u32)
            .contains(GetrandomFlags::GRND_RANDOM | GetrandomFlags::GRND_INSECURE), Errno::EINVAL)?;
    };

    // ---- readiness and event descriptors ----
    /// poll(2).
    Poll = poll { fds: UserPtr<PollFd> = [0], nfds: u32 = [1], timeout_ms: i32 = [2] };
    /// ppoll(2).
    Ppoll = ppoll {
        fds: UserPtr<PollFd> = [0], nfds: u32 = [1], timeout: Option<UserPtr<Timespec>> = [2],
        sigmask: Option<UserPtr<SigSet>> = { optional_sigmask(a[3], a[4])? },
    };
    /// select(2): a negative `nfds` is `EINVAL`.
    Select = select {
        nfds: i32 = [0], readfds: Option<UserAddr> = [1], writefds: Option<UserAddr> = [2],
        exceptfds: Option<UserAddr> = [3], timeout: Option<UserPtr<Timeval>> = [4],
    } check { require(a[0] as u32 as i32 >= 0, Errno::EINVAL)?; };
    /// pselect6(2); `sigmask` points to a `{ const sigset_t *, size_t }` pair.
    Pselect6 = pselect6 {
        nfds: i32 = [0], readfds: Option<UserAddr> = [1], writefds: Option<UserAddr> = [2],
        exceptfds: Option<UserAddr> = [3], timeout: Option<UserPtr<Timespec>> = [4],
        sigmask: Option<UserAddr> = [5],
    } check { require(a[0] as u32 as i32 >= 0, Errno::EINVAL)?; };
    /// epoll_create(2): a non-positive size is `EINVAL`.
    EpollCreate = epoll_create { size: i32 = [0] } check { require(a[0] as u32 as i32 > 0, Errno::EINVAL)?; };
    /// epoll_create1(2).
    EpollCreate1 = epoll_create1 { flags: EpollCreateFlags = { strict32(a[0])? } };
    /// epoll_ctl(2).
    EpollCtl = epoll_ctl {
        epfd: Fd = [0], op: EpollCtlOp = [1], fd: Fd = [2], event: Option<UserPtr<EpollEvent>> = [3],
    };
    /// epoll_wait(2): `maxevents` outside `1..=EP_MAX_EVENTS` is `EINVAL`.
    EpollWait = epoll_wait {
        epfd: Fd = [0], events: UserPtr<EpollEvent> = [1],
        maxevents: i32 = { epoll_maxevents(a[2])? }, timeout_ms: i32 = [3],
    };
    /// epoll_pwait(2).
    EpollPwait = epoll_pwait {
        epfd: Fd = [0], events: UserPtr<EpollEvent> = [1],
        maxevents: i32 = { epoll_maxevents(a[2])? }, timeout_ms: i32 = [3],
        sigmask: Option<UserPtr<SigSet>> = { optional_sigmask(a[4], a[5])? },
    };
    /// epoll_pwait2(2).
    EpollPwait2 = epoll_pwait2 {
        epfd: Fd = [0], events: UserPtr<EpollEvent> = [1],
        maxevents: i32 = { epoll_maxevents(a[2])? }, timeout: Option<UserPtr<Timespec>> = [3],
        sigmask: Option<UserPtr<SigSet>> = { optional_sigmask(a[4], a[5])? },
    };
    /// eventfd(2).
    Eventfd = eventfd { initval: u32 = [0] };
    /// eventfd2(2).
    Eventfd2 = eventfd2 { initval: u32 = [0], flags: EventfdFlags = { strict32(a[1])? } };

    // ---- sockets ----
    /// socket(2): flag bits in `type` other than `SOCK_NONBLOCK|SOCK_CLOEXEC` are `EINVAL`.
    Socket = socket {
        domain: i32 = [0], kind: i32 = { socket_type(a[1])?.0 },
        flags: SockFlags = { socket_type(a[1])?.1 }, protocol: i32 = [2],
    };
    /// socketpair(2).
    Socketpair = socketpair {
        domain: i32 = [0], kind: i32 = { socket_type(a[1])?.0 },
        flags: SockFlags = { socket_type(a[1])?.1 }, protocol: i32 = [2],
        fds: UserPtr<[i32; 2]> = [3],
    };
    /// bind(2).
    Bind = bind { fd: Fd = [0], addr: UserAddr = [1], addrlen: i32 = [2] };
    /// connect(2).
    Connect = connect { fd: Fd = [0], addr: UserAddr = [1], addrlen: i32 = [2] };
    /// listen(2).
    Listen = listen { fd: Fd = [0], backlog: i32 = [1] };
    /// accept(2).
    Accept = accept { fd: Fd = [0], addr: Option<UserAddr> = [1], addrlen: Option<UserPtr<u32>> = [2] };
    /// accept4(2).
    Accept4 = accept4 {
        fd: Fd = [0], addr: Option<UserAddr> = [1], addrlen: Option<UserPtr<u32>> = [2],
        flags: SockFlags = { strict32(a[3])? },
    };
    /// shutdown(2).
    Shutdown = shutdown { fd: Fd = [0], how: i32 = [1] };
    /// sendto(2).
    Sendto = sendto {
        fd: Fd = [0], buf: UserSlice = { UserSlice::new(a[1], a[2]) },
        flags: MsgFlags = { retain32(a[3]) }, dest: Option<UserAddr> = [4], addrlen: i32 = [5],
    };
    /// recvfrom(2).
    Recvfrom = recvfrom {
        fd: Fd = [0], buf: UserSlice = { UserSlice::new(a[1], a[2]) },
        flags: MsgFlags = { retain32(a[3]) }, src: Option<UserAddr> = [4],
        addrlen: Option<UserPtr<u32>> = [5],
    };
    /// sendmsg(2).
    Sendmsg = sendmsg { fd: Fd = [0], msg: UserPtr<Msghdr> = [1], flags: MsgFlags = { retain32(a[2]) } };
    /// recvmsg(2).
    Recvmsg = recvmsg { fd: Fd = [0], msg: UserPtr<Msghdr> = [1], flags: MsgFlags = { retain32(a[2]) } };
    /// getsockname(2).
    Getsockname = getsockname { fd: Fd = [0], addr: UserAddr = [1], addrlen: UserPtr<u32> = [2] };
    /// getpeername(2).
    Getpeername = getpeername { fd: Fd = [0], addr: UserAddr = [1], addrlen: UserPtr<u32> = [2] };
    /// setsockopt(2).
    Setsockopt = setsockopt {
        fd: Fd = [0], level: i32 = [1], optname: i32 = [2], optval: UserAddr = [3], optlen: i32 = [4],
    };
    /// getsockopt(2).
    Getsockopt = getsockopt {
        fd: Fd = [0], level: i32 = [1], optname: i32 = [2], optval: UserAddr = [3],
        optlen: UserPtr<u32> = [4],
    };
}
