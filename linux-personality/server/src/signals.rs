//! Signal delivery and rt_sigreturn, with Linux's x86-64 signal frame.
//!
//! The frame (arch/x86/kernel/signal_64.c): below the interrupted rsp (minus
//! the 128-byte red zone, or at the top of the alternate stack with
//! SA_ONSTACK) go the XSAVE image (64-byte aligned, with the FP_XSTATE magic
//! words), then `struct rt_sigframe { pretcode; ucontext; siginfo }` placed so
//! that the handler starts with rsp ≡ 8 (mod 16). The handler gets rdi = signal,
//! rsi = &siginfo, rdx = &ucontext; returning jumps to `sa_restorer`, which calls
//! rt_sigreturn with rsp pointing at the ucontext.
//!
//! Invariants of the signal state of a process (`Process`) and its threads
//! (`Thread`):
//! - signals that wait, with their siginfo, are in a [`SigQueue`]: a
//!   thread's `pending` for those sent to that thread (tkill, tgkill,
//!   rt_tgsigqueueinfo, SIGPIPE), which only it takes; the process's
//!   `shared_pending` for those sent to the process, which any thread takes.
//!   A signal waits while its thread blocks it (for the process's: while
//!   every thread does) or a parked rt_sigtimedwait of the thread waits for
//!   it (`sigwait`); a standard signal at most once per queue, real-time ones
//!   queued. A thread takes its own first (sigtimedwait, signalfd).
//! - `proc_ops::act` alone decides what a signal that is not blocked does
//!   (discard, stop, handler, end the process), when it is sent or when a
//!   thread takes it from pending.
//! - `deliver` holds signals committed to a thread's handlers; before a
//!   frame is built, those the mask now blocks go back to the thread's
//!   `pending` (`requeue_blocked`). As a thread returns to user mode
//!   (`syscalls::deliver_signals`), the pending signals its mask lets through
//!   are taken (after sigprocmask, sigreturn, or under a temporary mask).
//! - every deliverable signal gets its frame before the thread resumes, each
//!   on top of the last (as Linux's exit-to-user loop), so the last runs first.
//! - `saved_mask` (rt_sigsuspend, ppoll, pselect6, epoll_pwait) is the mask
//!   the first handler frame records; with no handler to run, it is restored
//!   as the thread returns to user mode.

use alloc::vec::Vec;

use microkernel_user::abi::{exregs_flags, ExceptionFrame};
use syscall_translation::Errno;

use crate::abi_out::Out;
use crate::Server;

pub const SA_ONSTACK: u64 = 0x0800_0000;
pub const SA_RESTART: u64 = 0x1000_0000;
pub const SA_NODEFER: u64 = 0x4000_0000;
pub const SA_RESETHAND: u64 = 0x8000_0000;

const UCONTEXT_SIZE: u64 = 304;
const SIGINFO_SIZE: u64 = 128;
const FRAME_SIZE: u64 = 8 + UCONTEXT_SIZE + SIGINFO_SIZE;
const FP_XSTATE_MAGIC1: u32 = 0x4650_5853;
const FP_XSTATE_MAGIC2: u32 = 0x4650_5845;
const UC_FP_XSTATE: u64 = 1;
const UC_SIGCONTEXT_SS: u64 = 2;
const UC_STRICT_RESTORE_SS: u64 = 4;
const USER_CS: u16 = 0x33;
const USER_SS: u16 = 0x2b;

/// Whether a signal's default action dumps core (the wait status gets 0x80). signal(7).
pub fn dumps_core(signal: u64) -> bool {
    matches!(signal, 3 | 4 | 5 | 6 | 7 | 8 | 11 | 24 | 25 | 31)
}

/// Whether a signal is discarded by its disposition `handler` (SIG_IGN = 1, or
/// SIG_DFL = 0 for a signal whose default is to ignore: SIGCHLD, SIGURG,
/// SIGWINCH, and SIGCONT once it has continued the process). SIGKILL never is.
pub fn discarded(signal: u64, handler: u64) -> bool {
    signal != 9 && (handler == 1 || (handler == 0 && matches!(signal, 17 | 18 | 23 | 28)))
}

/// SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU: their default action stops the process.
pub fn is_stop(signal: u64) -> bool {
    matches!(signal, 19..=22)
}

/// The stop signals as a mask (a SIGCONT discards them while pending).
pub const STOP_MASK: u64 = 0xf << 18;
/// SIGCONT as a mask (a stop signal discards it while pending).
pub const CONT_MASK: u64 = 1 << 17;
/// sa_flags: no SIGCHLD when a child stops or continues.
pub const SA_NOCLDSTOP: u64 = 1;

/// Job control state of a process (signal(7): stop and continue).
///
/// A stopped process has its thread suspended (`thread_suspend`): whatever it
/// was doing, running or waiting for a reply, it does not run until SIGCONT;
/// its parked calls are not retried meanwhile (a stopped reader takes no
/// console input). The report is what wait4 with WUNTRACED or WCONTINUED
/// collects: a continue replaces a stop not yet collected.
#[derive(Clone, Copy, Debug, Default)]
pub struct JobState {
    pub stopped: bool,
    /// The wait status of a stop (0x7f | signal << 8) or continue (0xffff)
    /// the parent has not yet collected.
    pub report: Option<i32>,
}

/// What `siginfo_t` says about a signal (sigaction(2), "The siginfo_t argument").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigInfo {
    pub signo: i32,
    pub code: i32,
    /// si_addr for faults.
    pub addr: u64,
    /// si_pid / si_uid of the sender (kill, sigqueue, a child for SIGCHLD).
    pub pid: i32,
    pub uid: u32,
    /// si_value (sigqueue), or si_status (SIGCHLD).
    pub value: u64,
    pub fault: bool,
}

/// si_code values (include/uapi/asm-generic/siginfo.h).
pub const SI_USER: i32 = 0;
pub const SI_KERNEL: i32 = 0x80;
pub const SI_TKILL: i32 = -6;
pub const CLD_EXITED: i32 = 1;
pub const CLD_KILLED: i32 = 2;
pub const CLD_DUMPED: i32 = 3;

/// The first real-time signal number (the kernel's SIGRTMIN; libcs reserve a few).
pub const SIGRTMIN: i32 = 32;

impl SigInfo {
    /// What kill(2) (sender pid, uid), or the kernel (pid 0: SI_KERNEL) sends.
    pub fn user(signo: i32, pid: u32, uid: u32) -> SigInfo {
        let code = if pid == 0 { SI_KERNEL } else { SI_USER };
        SigInfo { signo, code, pid: pid as i32, uid, ..SigInfo::default() }
    }

    /// SIGCHLD for a child's end with wait status `status`.
    pub fn child_exit(pid: u32, uid: u32, status: i32) -> SigInfo {
        let (code, value) = if status & 0x7f == 0 {
            (CLD_EXITED, (status >> 8) & 0xff)
        } else if status & 0x80 != 0 {
            (CLD_DUMPED, status & 0x7f)
        } else {
            (CLD_KILLED, status & 0x7f)
        };
        SigInfo { signo: 17, code, pid: pid as i32, uid, value: value as u64, ..SigInfo::default() }
    }

    /// Decodes a user `siginfo_t` (rt_sigqueueinfo): code, pid, uid, value.
    pub fn from_user(signo: i32, bytes: &[u8]) -> SigInfo {
        let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        SigInfo {
            signo,
            code: word(8) as i32,
            pid: word(16) as i32,
            uid: word(20),
            value: u64::from_le_bytes(bytes[24..32].try_into().unwrap()),
            ..SigInfo::default()
        }
    }

    /// The 128-byte `siginfo_t`.
    pub fn bytes(&self) -> Vec<u8> {
        let mut o = Out::default();
        o.u32(self.signo as u32).u32(0).u32(self.code as u32).u32(0);
        if self.fault {
            o.u64(self.addr);
        } else {
            o.u32(self.pid as u32).u32(self.uid).u64(self.value);
        }
        o.pad_to(SIGINFO_SIZE as usize);
        o.0
    }
}

/// The bit of `signal` in a signal mask.
pub fn bit(signal: i32) -> u64 {
    1u64 << (signal - 1)
}

/// A process's pending signals (signal(7), "Queueing and delivery semantics
/// for standard signals" and "Real-time signals"): a standard signal is
/// pending at most once (a second one while pending is lost); real-time
/// signals queue, each instance with its own siginfo, in the order sent.
/// Taken lowest-numbered first, as Linux's `next_signal` does (after the
/// synchronous faults, which never wait here).
///
/// Invariant: at most one entry per standard signal; entries of one signal
/// are in the order they were posted.
#[derive(Clone, Debug, Default)]
pub struct SigQueue {
    entries: Vec<SigInfo>,
}

impl SigQueue {
    /// Queued real-time instances at most (RLIMIT_SIGPENDING's default).
    pub const MAX_QUEUED: usize = 4096;

    /// Makes `info` pending. Err(()) if a real-time signal finds the queue full.
    pub fn post(&mut self, info: SigInfo) -> Result<(), ()> {
        if info.signo < SIGRTMIN {
            if !self.contains(info.signo) {
                self.entries.push(info);
            }
            return Ok(());
        }
        if self.entries.len() >= Self::MAX_QUEUED {
            return Err(());
        }
        self.entries.push(info);
        Ok(())
    }

    /// Takes the first instance of the lowest-numbered pending signal of `mask`.
    pub fn dequeue(&mut self, mask: u64) -> Option<SigInfo> {
        let wanted = self.pending_mask() & mask;
        if wanted == 0 {
            return None;
        }
        let signo = wanted.trailing_zeros() as i32 + 1;
        let at = self.entries.iter().position(|i| i.signo == signo)?;
        Some(self.entries.remove(at))
    }

    /// The pending signals as a mask (sigpending).
    pub fn pending_mask(&self) -> u64 {
        self.entries.iter().fold(0, |m, i| m | bit(i.signo))
    }

    pub fn contains(&self, signo: i32) -> bool {
        self.entries.iter().any(|i| i.signo == signo)
    }

    /// Forgets every instance of the signals of `mask` (SIGCONT discards stops).
    pub fn discard(&mut self, mask: u64) {
        self.entries.retain(|i| bit(i.signo) & mask == 0);
    }
}

/// The size of the XSAVE image of the features the kernel enables.
fn xsave_size() -> usize {
    (core::arch::x86_64::__cpuid_count(0xd, 0).ebx as usize)
        .min(microkernel_user::abi::utcb::FPU_AREA_SIZE)
}

/// Whether process `pid` has a signal waiting to be delivered to a handler.
pub fn has_work(server: &Server, pid: u32) -> bool {
    server.procs.get(&pid).is_some_and(|p| !p.t.deliver.is_empty())
}

/// Rewrites `frame` so that the thread enters the handler of its first queued
/// signal. Err(()) if the frame cannot be written (the caller kills with SIGSEGV).
/// `fpu_in_utcb`: the interrupted code's FPU image is the UTCB's (a sigreturn
/// about to restore it), not the thread's registers.
pub fn deliver(
    server: &mut Server,
    pid: u32,
    frame: &mut ExceptionFrame,
    fpu_in_utcb: bool,
) -> Result<(), ()> {
    let Some(p) = server.procs.get_mut(&pid) else { return Err(()) };
    requeue_blocked(p);
    let Some(info) = p.t.deliver.first().copied() else { return Ok(()) };
    p.t.deliver.remove(0);
    let signal = info.signo as usize;
    let [handler, flags, restorer, mask] = p.sigactions[signal];
    let thread = p.t.thread;
    // A handler outside user space would fault at its first instruction (and
    // the kernel refuses such a rip): SIGSEGV, as on Linux.
    if handler >= linux_personality::layout::USER_END {
        return Err(());
    }

    // The FPU state of the interrupted code.
    let size = xsave_size();
    let saved = *frame;
    if !fpu_in_utcb {
        server.utcb.exregs(thread, exregs_flags::READ | exregs_flags::FPU).map_err(|_| ())?;
    }
    let mut fpu: Vec<u8> = server.utcb.fpu_area()[..size].to_vec();
    // Software-reserved bytes of the FXSAVE area announce the XSAVE layout.
    let xfeatures = u64::from_le_bytes(fpu[512..520].try_into().unwrap()) | 3;
    fpu[464..468].copy_from_slice(&FP_XSTATE_MAGIC1.to_le_bytes());
    fpu[468..472].copy_from_slice(&(size as u32 + 4).to_le_bytes());
    fpu[472..480].copy_from_slice(&xfeatures.to_le_bytes());
    fpu[480..484].copy_from_slice(&(size as u32).to_le_bytes());
    fpu.extend_from_slice(&FP_XSTATE_MAGIC2.to_le_bytes());

    let p = server.procs.get_mut(&pid).unwrap();
    let [alt_sp, alt_flags, alt_size] = p.t.altstack;
    let on_alt =
        alt_flags & 2 == 0 && alt_size != 0 && saved.rsp > alt_sp && saved.rsp <= alt_sp + alt_size;
    let mut sp = if flags & SA_ONSTACK != 0 && alt_flags & 2 == 0 && alt_size != 0 && !on_alt {
        alt_sp + alt_size
    } else {
        saved.rsp.wrapping_sub(128)
    };
    sp = sp.wrapping_sub(fpu.len() as u64) & !63;
    let fp_address = sp;
    sp = (sp.wrapping_sub(FRAME_SIZE) & !15).wrapping_sub(8);
    let frame_address = sp;
    let uc_address = frame_address + 8;
    let info_address = uc_address + UCONTEXT_SIZE;

    // After rt_sigsuspend, the frame restores the mask of before the call.
    let old_mask = p.t.saved_mask.take().unwrap_or(p.t.sigmask);
    let mut o = Out::default();
    o.u64(restorer);
    // ucontext
    o.u64(UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS).u64(0);
    let ss_flags = if alt_flags & 2 != 0 || alt_size == 0 {
        2
    } else if on_alt {
        1
    } else {
        0
    };
    o.u64(alt_sp).u32(ss_flags).u32(0).u64(alt_size);
    for v in [
        saved.r8,
        saved.r9,
        saved.r10,
        saved.r11,
        saved.r12,
        saved.r13,
        saved.r14,
        saved.r15,
        saved.rdi,
        saved.rsi,
        saved.rbp,
        saved.rbx,
        saved.rdx,
        saved.rax,
        saved.rcx,
        saved.rsp,
        saved.rip,
        saved.rflags,
    ] {
        o.u64(v);
    }
    o.u16(USER_CS).u16(0).u16(0).u16(USER_SS);
    let (err, trapno, cr2) =
        if info.fault { (saved.error_code, saved.vector, info.addr) } else { (0, 0, 0) };
    o.u64(err).u64(trapno).u64(old_mask).u64(cr2).u64(fp_address).zeros(64);
    o.u64(old_mask);
    debug_assert_eq!(o.0.len() as u64, 8 + UCONTEXT_SIZE);
    o.bytes(&info.bytes());

    let Server { sys, procs, .. } = server;
    let p = procs.get_mut(&pid).unwrap();
    p.write_bytes(&mut sys.frames, &sys.vfs, fp_address, &fpu).map_err(|_| ())?;
    p.write_bytes(&mut sys.frames, &sys.vfs, frame_address, &o.0).map_err(|_| ())?;

    p.t.sigmask |= mask | if flags & SA_NODEFER != 0 { 0 } else { 1 << (signal - 1) };
    p.t.sigmask &= !((1 << 8) | (1 << 18));
    if flags & SA_RESETHAND != 0 {
        p.sigactions[signal] = [0, 0, 0, 0];
    }
    requeue_blocked(p);
    frame.rsp = frame_address;
    frame.rip = handler;
    frame.rdi = signal as u64;
    frame.rsi = info_address;
    frame.rdx = uc_address;
    frame.rax = 0;
    frame.rflags &= !(0x400 | 0x100 | 0x10000);
    Ok(())
}

/// Signals queued for their handlers that the mask now blocks (another
/// instance's handler is running, or its sa_mask) go back to pending, the
/// thread's own (whether they were sent to it or to the process, this thread
/// took them); they are taken when a sigreturn or sigprocmask unblocks them.
fn requeue_blocked(p: &mut crate::process::Process) {
    let mask = p.t.sigmask;
    if p.t.deliver.iter().all(|i| i.fault || bit(i.signo) & mask == 0) {
        return;
    }
    let (blocked, ready): (Vec<SigInfo>, Vec<SigInfo>) =
        p.t.deliver.iter().partition(|i| !i.fault && bit(i.signo) & mask != 0);
    p.t.deliver = ready;
    for info in blocked {
        let _ = p.t.pending.post(info);
    }
}

/// rt_sigreturn: restores the registers, mask and FPU image saved by `deliver`.
/// On success `frame` holds the restored registers and the UTCB's FPU area the
/// FPU image; the caller replies with RESUME_FRAME | RESUME_FPU.
pub fn sigreturn(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Result<(), Errno> {
    let Server { sys, procs, utcb, .. } = server;
    let p = procs.get_mut(&pid).ok_or(Errno::ESRCH)?;
    let uc = frame.rsp;
    let bytes = p.read_bytes(&mut sys.frames, &sys.vfs, uc, UCONTEXT_SIZE as usize)?;
    let word = |offset: usize| u64::from_le_bytes(bytes[offset..offset + 8].try_into().unwrap());
    let m = 40; // uc_mcontext
    let registers: Vec<u64> = (0..18).map(|i| word(m + i * 8)).collect();
    let fp_address = word(m + 184); // uc_mcontext.fpregs, after gregs[23]
    let mask = word(296);
    let restored = ExceptionFrame {
        r8: registers[0],
        r9: registers[1],
        r10: registers[2],
        r11: registers[3],
        r12: registers[4],
        r13: registers[5],
        r14: registers[6],
        r15: registers[7],
        rdi: registers[8],
        rsi: registers[9],
        rbp: registers[10],
        rbx: registers[11],
        rdx: registers[12],
        rax: registers[13],
        rcx: registers[14],
        rsp: registers[15],
        rip: registers[16],
        rflags: registers[17],
        fs_base: frame.fs_base,
        gs_base: frame.gs_base,
        vector: 0,
        error_code: 0,
        fault_address: 0,
    };
    if restored.rip >= linux_personality::layout::USER_END {
        return Err(Errno::EFAULT);
    }
    let size = xsave_size();
    let fpu = if fp_address != 0 {
        let fpu = p.read_bytes(&mut sys.frames, &sys.vfs, fp_address, size)?;
        // MXCSR's reserved bits would fault the restoring instruction: Linux
        // refuses such a frame (SIGSEGV).
        let mxcsr = u32::from_le_bytes(fpu[24..28].try_into().unwrap());
        if mxcsr & 0xffff_0000 != 0 {
            return Err(Errno::EINVAL);
        }
        Some(fpu)
    } else {
        None
    };
    p.t.sigmask = mask & !((1 << 8) | (1 << 18));
    *frame = restored;
    if let Some(fpu) = fpu {
        utcb.fpu_area()[..size].copy_from_slice(&fpu);
    } else {
        // No saved state: the handler's state stays.
        utcb.exregs(p.t.thread, exregs_flags::READ | exregs_flags::FPU)
            .map_err(|_| Errno::EFAULT)?;
    }
    Ok(())
}
