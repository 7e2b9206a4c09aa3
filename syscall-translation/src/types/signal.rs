//! Signals: numbers, default actions, `sigset_t`, the kernel `struct sigaction`, `siginfo_t`,
//! `stack_t`, and the x86-64 signal frame (`struct rt_sigframe` with its `ucontext`,
//! `sigcontext` and FPU state). Follows signal(7), rt_sigaction(2), sigaltstack(2) and
//! `arch/x86/include/uapi/asm/{signal,sigcontext}.h`.
//!
//! The kernel layouts differ from glibc's in two places the server must not confuse: the
//! kernel `sigaction` is `{handler, flags, restorer, mask}` with an 8-byte mask (32 bytes), and
//! the kernel `ucontext` ends with an 8-byte `uc_sigmask` (304 bytes), where glibc's types carry
//! 128-byte masks.

use crate::flags::SigactionFlags;
use crate::user::UserAddr;

/// Hangup.
pub const SIGHUP: u8 = 1;
/// Interrupt from keyboard.
pub const SIGINT: u8 = 2;
/// Quit from keyboard.
pub const SIGQUIT: u8 = 3;
/// Illegal instruction.
pub const SIGILL: u8 = 4;
/// Trace or breakpoint trap.
pub const SIGTRAP: u8 = 5;
/// Abort.
pub const SIGABRT: u8 = 6;
/// Bus error.
pub const SIGBUS: u8 = 7;
/// Floating-point exception.
pub const SIGFPE: u8 = 8;
/// Kill (cannot be caught or blocked).
pub const SIGKILL: u8 = 9;
/// User-defined signal 1.
pub const SIGUSR1: u8 = 10;
/// Invalid memory reference.
pub const SIGSEGV: u8 = 11;
/// User-defined signal 2.
pub const SIGUSR2: u8 = 12;
/// Write to a pipe with no readers.
pub const SIGPIPE: u8 = 13;
/// Timer signal from alarm(2).
pub const SIGALRM: u8 = 14;
/// Termination.
pub const SIGTERM: u8 = 15;
/// Stack fault on coprocessor (unused).
pub const SIGSTKFLT: u8 = 16;
/// Child stopped or terminated.
pub const SIGCHLD: u8 = 17;
/// Continue if stopped.
pub const SIGCONT: u8 = 18;
/// Stop (cannot be caught or blocked).
pub const SIGSTOP: u8 = 19;
/// Stop typed at terminal.
pub const SIGTSTP: u8 = 20;
/// Terminal input for background process.
pub const SIGTTIN: u8 = 21;
/// Terminal output for background process.
pub const SIGTTOU: u8 = 22;
/// Urgent condition on socket.
pub const SIGURG: u8 = 23;
/// CPU time limit exceeded.
pub const SIGXCPU: u8 = 24;
/// File size limit exceeded.
pub const SIGXFSZ: u8 = 25;
/// Virtual alarm clock.
pub const SIGVTALRM: u8 = 26;
/// Profiling timer expired.
pub const SIGPROF: u8 = 27;
/// Window resize.
pub const SIGWINCH: u8 = 28;
/// I/O now possible (`SIGPOLL`).
pub const SIGIO: u8 = 29;
/// Power failure.
pub const SIGPWR: u8 = 30;
/// Bad system call.
pub const SIGSYS: u8 = 31;
/// First real-time signal (the kernel's; glibc reserves 32 and 33 for itself).
pub const SIGRTMIN: u8 = 32;
/// Last real-time signal.
pub const SIGRTMAX: u8 = 64;
/// Number of signals (`_NSIG`); valid signals are `1..=NSIG`.
pub const NSIG: u8 = 64;

const SIGNAL_NAMES: [&str; 31] = [
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGBUS",
    "SIGFPE",
    "SIGKILL",
    "SIGUSR1",
    "SIGSEGV",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGSTKFLT",
    "SIGCHLD",
    "SIGCONT",
    "SIGSTOP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGVTALRM",
    "SIGPROF",
    "SIGWINCH",
    "SIGIO",
    "SIGPWR",
    "SIGSYS",
];

/// What a signal does when its disposition is `SIG_DFL` (signal(7), "Standard signals").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DefaultAction {
    /// Terminate the process.
    Terminate,
    /// Ignore the signal.
    Ignore,
    /// Terminate the process and dump core.
    CoreDump,
    /// Stop the process.
    Stop,
    /// Continue the process if it is stopped.
    Continue,
}

/// A valid signal number, `1..=64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Signal(u8);

impl Signal {
    /// `SIGKILL`.
    pub const KILL: Signal = Signal(SIGKILL);
    /// `SIGSTOP`.
    pub const STOP: Signal = Signal(SIGSTOP);
    /// `SIGCHLD`.
    pub const CHLD: Signal = Signal(SIGCHLD);
    /// `SIGSEGV`.
    pub const SEGV: Signal = Signal(SIGSEGV);

    /// The signal numbered `number`, or `None` outside `1..=64` (Linux: `EINVAL`).
    pub const fn new(number: i64) -> Option<Signal> {
        if number >= 1 && number <= NSIG as i64 {
            Some(Signal(number as u8))
        } else {
            None
        }
    }

    /// The signal number.
    pub const fn number(self) -> u8 {
        self.0
    }

    /// Whether this is a real-time signal (queued, not merged).
    pub const fn is_realtime(self) -> bool {
        self.0 >= SIGRTMIN
    }

    /// Whether the signal can be neither caught, blocked nor ignored.
    pub const fn is_unblockable(self) -> bool {
        self.0 == SIGKILL || self.0 == SIGSTOP
    }

    /// The name of a standard signal (`"SIGINT"`); `None` for real-time signals.
    pub const fn name(self) -> Option<&'static str> {
        if self.0 < SIGRTMIN {
            Some(SIGNAL_NAMES[self.0 as usize - 1])
        } else {
            None
        }
    }

    /// What `SIG_DFL` does for this signal.
    pub const fn default_action(self) -> DefaultAction {
        match self.0 {
            SIGCHLD | SIGURG | SIGWINCH => DefaultAction::Ignore,
            SIGCONT => DefaultAction::Continue,
            SIGSTOP | SIGTSTP | SIGTTIN | SIGTTOU => DefaultAction::Stop,
            SIGQUIT | SIGILL | SIGTRAP | SIGABRT | SIGBUS | SIGFPE | SIGSEGV | SIGXCPU
            | SIGXFSZ | SIGSYS => DefaultAction::CoreDump,
            _ => DefaultAction::Terminate,
        }
    }
}

impl core::fmt::Display for Signal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None if self.0 == SIGRTMIN => f.write_str("SIGRTMIN"),
            None => write!(f, "SIGRT_{}", self.0 - SIGRTMIN),
        }
    }
}

/// The kernel `sigset_t`: one bit per signal, bit `n - 1` for signal `n`. 8 bytes; the
/// `sigsetsize` argument of the `rt_sig*` calls must equal [`SIGSET_SIZE`].
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SigSet(pub u64);

/// The size of the kernel `sigset_t` in bytes.
pub const SIGSET_SIZE: usize = 8;

impl SigSet {
    /// The empty set.
    pub const EMPTY: SigSet = SigSet(0);
    /// The set of every signal.
    pub const FULL: SigSet = SigSet(u64::MAX);

    /// The set holding only `signal`.
    pub const fn of(signal: Signal) -> SigSet {
        SigSet(1 << (signal.0 - 1))
    }

    /// Whether `signal` is in the set.
    pub const fn contains(self, signal: Signal) -> bool {
        self.0 & SigSet::of(signal).0 != 0
    }

    /// The set with `signal` added.
    pub const fn with(self, signal: Signal) -> SigSet {
        SigSet(self.0 | SigSet::of(signal).0)
    }

    /// The set with `signal` removed.
    pub const fn without(self, signal: Signal) -> SigSet {
        SigSet(self.0 & !SigSet::of(signal).0)
    }

    /// The union of two sets.
    pub const fn union(self, other: SigSet) -> SigSet {
        SigSet(self.0 | other.0)
    }

    /// The signals in `self` but not in `other`.
    pub const fn difference(self, other: SigSet) -> SigSet {
        SigSet(self.0 & !other.0)
    }

    /// The set with `SIGKILL` and `SIGSTOP` removed, as the kernel does to every mask it
    /// installs.
    pub const fn blockable(self) -> SigSet {
        self.without(Signal::KILL).without(Signal::STOP)
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The lowest-numbered signal in the set (the kernel delivers standard signals in
    /// ascending order).
    pub const fn lowest(self) -> Option<Signal> {
        if self.0 == 0 {
            None
        } else {
            Some(Signal(self.0.trailing_zeros() as u8 + 1))
        }
    }
}

/// `rt_sigprocmask(2)`'s `how`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum SigmaskHow {
    /// `SIG_BLOCK`: add the set to the mask.
    Block = 0,
    /// `SIG_UNBLOCK`: remove the set from the mask.
    Unblock = 1,
    /// `SIG_SETMASK`: replace the mask.
    SetMask = 2,
}

impl SigmaskHow {
    /// The operation numbered `how`, or `None` (Linux: `EINVAL`).
    pub const fn new(how: i32) -> Option<SigmaskHow> {
        match how {
            0 => Some(SigmaskHow::Block),
            1 => Some(SigmaskHow::Unblock),
            2 => Some(SigmaskHow::SetMask),
            _ => None,
        }
    }

    /// The strace name.
    pub const fn name(self) -> &'static str {
        match self {
            SigmaskHow::Block => "SIG_BLOCK",
            SigmaskHow::Unblock => "SIG_UNBLOCK",
            SigmaskHow::SetMask => "SIG_SETMASK",
        }
    }
}

/// `SIG_DFL` handler value.
pub const SIG_DFL: u64 = 0;
/// `SIG_IGN` handler value.
pub const SIG_IGN: u64 = 1;

/// The disposition a `sa_handler` value asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SigHandler {
    /// `SIG_DFL`.
    Default,
    /// `SIG_IGN`.
    Ignore,
    /// A handler function in the program.
    Handler(UserAddr),
}

/// The kernel's `struct sigaction` for x86-64 `rt_sigaction` (`include/linux/signal_types.h`
/// `struct sigaction` with `__ARCH_HAS_SA_RESTORER`): handler, flags, restorer, then an 8-byte
/// mask, 32 bytes in all. This is *not* glibc's `struct sigaction` (handler, 128-byte mask,
/// flags, restorer).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct KernelSigaction {
    /// `SIG_DFL`, `SIG_IGN` or the handler's address.
    pub sa_handler: u64,
    /// `SA_*` flags.
    pub sa_flags: u64,
    /// The return trampoline (`SA_RESTORER`); libc's calls `rt_sigreturn`.
    pub sa_restorer: u64,
    /// Signals blocked while the handler runs.
    pub sa_mask: SigSet,
}

impl KernelSigaction {
    /// The disposition.
    pub const fn handler(&self) -> SigHandler {
        match self.sa_handler {
            SIG_DFL => SigHandler::Default,
            SIG_IGN => SigHandler::Ignore,
            addr => SigHandler::Handler(UserAddr(addr)),
        }
    }

    /// The flags, unknown bits kept.
    pub const fn flags(&self) -> SigactionFlags {
        SigactionFlags::from_bits_retain(self.sa_flags)
    }
}

/// `stack_t` (sigaltstack(2)). 24 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct StackT {
    /// Base of the alternate stack.
    pub ss_sp: u64,
    /// `SS_ONSTACK`, `SS_DISABLE`, `SS_AUTODISARM`.
    pub ss_flags: i32,
    /// Padding.
    pub __pad: i32,
    /// Size of the stack.
    pub ss_size: u64,
}

/// `ss_flags`: the thread is running on the alternate stack.
pub const SS_ONSTACK: i32 = 1;
/// `ss_flags`: the alternate stack is disabled.
pub const SS_DISABLE: i32 = 2;
/// `ss_flags`: clear the alternate stack on handler entry.
pub const SS_AUTODISARM: i32 = 1 << 31;
/// Smallest alternate stack sigaltstack(2) accepts (`ENOMEM` below it).
pub const MINSIGSTKSZ: u64 = 2048;
/// Suggested alternate stack size.
pub const SIGSTKSZ: u64 = 8192;

/// `si_code`: sent by kill(2).
pub const SI_USER: i32 = 0;
/// `si_code`: sent by the kernel.
pub const SI_KERNEL: i32 = 0x80;
/// `si_code`: sent by sigqueue(3).
pub const SI_QUEUE: i32 = -1;
/// `si_code`: POSIX timer expiry.
pub const SI_TIMER: i32 = -2;
/// `si_code`: sent by tkill(2) / tgkill(2).
pub const SI_TKILL: i32 = -6;
/// `si_code` for `SIGCHLD`: child exited.
pub const CLD_EXITED: i32 = 1;
/// `si_code` for `SIGCHLD`: child killed.
pub const CLD_KILLED: i32 = 2;
/// `si_code` for `SIGCHLD`: child killed and dumped core.
pub const CLD_DUMPED: i32 = 3;
/// `si_code` for `SIGCHLD`: traced child trapped.
pub const CLD_TRAPPED: i32 = 4;
/// `si_code` for `SIGCHLD`: child stopped.
pub const CLD_STOPPED: i32 = 5;
/// `si_code` for `SIGCHLD`: stopped child continued.
pub const CLD_CONTINUED: i32 = 6;
/// `si_code` for `SIGSEGV`: address not mapped.
pub const SEGV_MAPERR: i32 = 1;
/// `si_code` for `SIGSEGV`: permissions do not allow the access.
pub const SEGV_ACCERR: i32 = 2;
/// `si_code` for `SIGBUS`: misaligned address.
pub const BUS_ADRALN: i32 = 1;
/// `si_code` for `SIGBUS`: nonexistent physical address.
pub const BUS_ADRERR: i32 = 2;
/// `si_code` for `SIGILL`: illegal opcode.
pub const ILL_ILLOPC: i32 = 1;
/// `si_code` for `SIGFPE`: integer divide by zero.
pub const FPE_INTDIV: i32 = 1;
/// `si_code` for `SIGTRAP`: breakpoint.
pub const TRAP_BRKPT: i32 = 1;

/// `siginfo_t` as the kernel lays it out for x86-64: three `int`s, padding, and a 112-byte
/// union. 128 bytes. The union is kept as words; the constructors below place each member
/// where `include/uapi/asm-generic/siginfo.h` puts it (all members start at byte 16).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Siginfo {
    /// Signal number.
    pub si_signo: i32,
    /// An errno value (rarely used).
    pub si_errno: i32,
    /// Why the signal was sent (`SI_*`, `CLD_*`, `SEGV_*`, ...).
    pub si_code: i32,
    /// Padding before the 8-byte-aligned union.
    pub __pad0: i32,
    /// The `_sifields` union, as eight-byte words.
    pub sifields: [u64; 14],
}

/// The offset of the `_sifields` union within `siginfo_t`.
pub const SIGINFO_FIELDS_OFFSET: usize = 16;

impl Siginfo {
    fn put_u32(&mut self, union_offset: usize, value: u32) {
        let word = &mut self.sifields[union_offset / 8];
        let shift = (union_offset % 8) * 8;
        *word = (*word & !(0xffff_ffffu64 << shift)) | ((value as u64) << shift);
    }

    fn get_u32(&self, union_offset: usize) -> u32 {
        (self.sifields[union_offset / 8] >> ((union_offset % 8) * 8)) as u32
    }

    fn header(signal: Signal, code: i32) -> Siginfo {
        Siginfo { si_signo: signal.number() as i32, si_code: code, ..Siginfo::default() }
    }

    /// A signal sent by a process (kill(2), tgkill(2), `SI_USER`/`SI_TKILL`): `_kill` member.
    pub fn from_process(signal: Signal, code: i32, pid: i32, uid: u32) -> Siginfo {
        let mut info = Siginfo::header(signal, code);
        info.put_u32(0, pid as u32);
        info.put_u32(4, uid);
        info
    }

    /// A queued signal carrying a value (rt_sigqueueinfo(2), `_rt` member).
    pub fn queued(signal: Signal, code: i32, pid: i32, uid: u32, value: u64) -> Siginfo {
        let mut info = Siginfo::from_process(signal, code, pid, uid);
        info.sifields[1] = value;
        info
    }

    /// A `SIGCHLD` report (`_sigchld` member): pid, uid, status, user and system time in
    /// clock ticks.
    pub fn child(code: i32, pid: i32, uid: u32, status: i32, utime: i64, stime: i64) -> Siginfo {
        let mut info = Siginfo::from_process(Signal::CHLD, code, pid, uid);
        info.put_u32(8, status as u32);
        info.sifields[2] = utime as u64;
        info.sifields[3] = stime as u64;
        info
    }

    /// A fault (`_sigfault` member): the faulting address.
    pub fn fault(signal: Signal, code: i32, addr: UserAddr) -> Siginfo {
        let mut info = Siginfo::header(signal, code);
        info.sifields[0] = addr.0;
        info
    }

    /// The sending process for `_kill`, `_rt` and `_sigchld` members.
    pub fn pid(&self) -> i32 {
        self.get_u32(0) as i32
    }

    /// The sending user for `_kill`, `_rt` and `_sigchld` members.
    pub fn uid(&self) -> u32 {
        self.get_u32(4)
    }

    /// The exit status or signal of a `_sigchld` member.
    pub fn status(&self) -> i32 {
        self.get_u32(8) as i32
    }

    /// The faulting address of a `_sigfault` member.
    pub fn addr(&self) -> UserAddr {
        UserAddr(self.sifields[0])
    }
}

/// `struct _fpstate_64`: the legacy FXSAVE area, 512 bytes, that the signal frame's `fpstate`
/// points to (followed by the XSAVE extension when `UC_FP_XSTATE` is set).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FpState {
    /// x87 control word.
    pub cwd: u16,
    /// x87 status word.
    pub swd: u16,
    /// x87 tag word (abridged).
    pub twd: u16,
    /// Last x87 opcode.
    pub fop: u16,
    /// Last x87 instruction pointer.
    pub rip: u64,
    /// Last x87 data pointer.
    pub rdp: u64,
    /// SSE control and status.
    pub mxcsr: u32,
    /// Valid `mxcsr` bits.
    pub mxcsr_mask: u32,
    /// x87 registers, 16 bytes each.
    pub st_space: [u32; 32],
    /// XMM registers, 16 bytes each.
    pub xmm_space: [u32; 64],
    /// Reserved.
    pub reserved2: [u32; 12],
    /// Software-reserved bytes (`struct _fpx_sw_bytes` when XSAVE state follows).
    pub sw_reserved: [u32; 12],
}

impl Default for FpState {
    /// The state after `FNINIT` plus the default `MXCSR`: what a new thread starts with.
    fn default() -> Self {
        FpState {
            cwd: 0x037f,
            swd: 0,
            twd: 0,
            fop: 0,
            rip: 0,
            rdp: 0,
            mxcsr: 0x1f80,
            mxcsr_mask: 0,
            st_space: [0; 32],
            xmm_space: [0; 64],
            reserved2: [0; 12],
            sw_reserved: [0; 12],
        }
    }
}

/// `FP_XSTATE_MAGIC1`: in `sw_reserved` when extended state follows the FXSAVE area.
pub const FP_XSTATE_MAGIC1: u32 = 0x4650_5853;
/// `FP_XSTATE_MAGIC2`: after the extended state.
pub const FP_XSTATE_MAGIC2: u32 = 0x4650_5845;

/// `struct sigcontext` for x86-64: the saved general registers. 256 bytes; matches glibc's
/// `mcontext_t` (`gregs[23]`, `fpregs`, 8 reserved words).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sigcontext {
    /// `r8`.
    pub r8: u64,
    /// `r9`.
    pub r9: u64,
    /// `r10`.
    pub r10: u64,
    /// `r11`.
    pub r11: u64,
    /// `r12`.
    pub r12: u64,
    /// `r13`.
    pub r13: u64,
    /// `r14`.
    pub r14: u64,
    /// `r15`.
    pub r15: u64,
    /// `rdi`.
    pub rdi: u64,
    /// `rsi`.
    pub rsi: u64,
    /// `rbp`.
    pub rbp: u64,
    /// `rbx`.
    pub rbx: u64,
    /// `rdx`.
    pub rdx: u64,
    /// `rax`.
    pub rax: u64,
    /// `rcx`.
    pub rcx: u64,
    /// `rsp`.
    pub rsp: u64,
    /// `rip`.
    pub rip: u64,
    /// `rflags`.
    pub eflags: u64,
    /// Code segment.
    pub cs: u16,
    /// `gs` selector.
    pub gs: u16,
    /// `fs` selector.
    pub fs: u16,
    /// Stack segment (when `UC_SIGCONTEXT_SS`).
    pub ss: u16,
    /// Page-fault error code.
    pub err: u64,
    /// Trap number.
    pub trapno: u64,
    /// The old signal mask (legacy).
    pub oldmask: u64,
    /// Faulting address.
    pub cr2: u64,
    /// Address of the [`FpState`], or 0 when the thread had not used the FPU.
    pub fpstate: u64,
    /// Reserved.
    pub reserved1: [u64; 8],
}

/// `uc_flags`: extended XSAVE state follows the FXSAVE area.
pub const UC_FP_XSTATE: u64 = 0x1;
/// `uc_flags`: `sigcontext.ss` is valid.
pub const UC_SIGCONTEXT_SS: u64 = 0x2;
/// `uc_flags`: restore `ss` on `rt_sigreturn`.
pub const UC_STRICT_RESTORE_SS: u64 = 0x4;

/// The kernel `struct ucontext` (`arch/x86/include/uapi/asm/ucontext.h` via
/// `asm-generic/ucontext.h`). 304 bytes: glibc's `ucontext_t` shares the first 304 bytes except
/// that its mask is 128 bytes long.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ucontext {
    /// `UC_*` flags.
    pub uc_flags: u64,
    /// Linked context (unused by the kernel).
    pub uc_link: u64,
    /// The alternate-stack settings at delivery.
    pub uc_stack: StackT,
    /// The saved registers.
    pub uc_mcontext: Sigcontext,
    /// The signal mask to restore on `rt_sigreturn`.
    pub uc_sigmask: SigSet,
}

/// `struct rt_sigframe` (`arch/x86/include/asm/sigframe.h`): what the kernel pushes on the
/// user stack to run a handler. `pretcode` is the return address (the `sa_restorer`), so when
/// the handler starts `rsp` points at it and `(rsp + 8)` is 16-byte aligned. The FPU state
/// follows the frame, 64-byte aligned.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RtSigframe {
    /// Return address of the handler: `sa_restorer`.
    pub pretcode: u64,
    /// The interrupted context; `rt_sigreturn` restores it.
    pub uc: Ucontext,
    /// The signal information passed as the handler's second argument.
    pub info: Siginfo,
}
