//! The Linux system-call table and the exception paths.
//!
//! [`table`] maps each number to its handler `sys_<name>` and the flags that
//! say how the call is treated (quiet, names paths, restartable, ...); the
//! handlers live in one file per family. A number without a handler returns
//! ENOSYS, is counted by name, and is marked under `--strace`. Most handlers
//! receive a [`Call`] (the process, the server state, the six argument
//! registers and the register frame); those that need other processes receive
//! the whole server. Both return a [`Done`].

mod attrs;
mod creds;
mod epoll;
mod eventfd;
mod fs;
pub mod info;
pub mod locks;
mod mm;
mod names;
pub(crate) mod net;
mod poll;
mod pressure;
mod proc_ops;
mod process;
pub mod rusage;
mod sched;
mod signal;
mod sigwait;
mod table;
pub mod threads;
mod time;

use alloc::collections::BTreeMap;
use alloc::string::String;
use core::fmt::Write;

use microkernel_user::abi::{exception, ExceptionFrame};
use microkernel_user::{self as mk, println};
use syscall_translation::strace::{format_syscall, UserMemoryReader};
use syscall_translation::{encode_result, Errno, SyscallArgs, SyscallResult, Sysno, UserAddr};

use crate::process::Process;
use crate::{Parked, Server, Sys};
use table::{CallFlags, Handler};

pub use proc_ops::{orphaned_group, signal_group};
pub use process::{default_limits, RLIMITS, RLIMIT_NOFILE, RLIMIT_NPROC};

pub struct Call<'a> {
    pub sys: &'a mut Sys,
    pub p: &'a mut Process,
    pub a: [u64; 6],
    pub frame: &'a mut ExceptionFrame,
    /// The other processes, for the calls that name paths (/proc shows them);
    /// None for every other call.
    pub others: Option<&'a BTreeMap<u32, Process>>,
}

pub enum Done {
    Ret(SyscallResult),
    /// The handler rewrote the frame (rax included): resume with all of it.
    Frame,
    /// The process ends with this wait status.
    Exit(i32),
    /// Wait for an event (console input) or until the deadline (ns), then retry.
    Park(Option<u64>),
    /// A vfork parent waits for its child (pid) to exec or exit.
    ParkVfork(u32),
    /// FUTEX_WAIT: wait for a FUTEX_WAKE on the futex `key` matching
    /// `bitset`, a signal, or the deadline (ETIMEDOUT).
    ParkFutex {
        key: threads::FutexKey,
        bitset: u32,
        deadline: Option<u64>,
    },
    /// The calling thread no longer exists (exec replaced it, or it was killed).
    Gone,
}

/// What the exception loop sends back.
#[allow(clippy::large_enum_variant)] // one per exception, never stored in bulk
pub enum Reply {
    Rax(u64),
    Frame,
    /// The frame and the FPU image in the UTCB (rt_sigreturn).
    FrameFpu,
    Resume,
    Parked(Parked),
    None,
}

/// Reads the traced program's present pages (no faulting) for strace.
struct Reader<'a> {
    p: &'a Process,
}

impl UserMemoryReader for Reader<'_> {
    fn read_bytes(&self, addr: UserAddr, buf: &mut [u8]) -> bool {
        let mut at = addr.0;
        let mut done = 0;
        while done < buf.len() {
            let va = at & !0xfff;
            let Some(&frame) = self.p.pages.get(&va) else { return false };
            let offset = (at - va) as usize;
            let n = (4096 - offset).min(buf.len() - done);
            buf[done..done + n].copy_from_slice(&crate::sys::frame(frame)[offset..offset + n]);
            done += n;
            at += n as u64;
        }
        true
    }
}

fn strace(sys: &mut Sys, p: &Process, frame: &ExceptionFrame, result: Option<SyscallResult>) {
    let args = SyscallArgs {
        nr: frame.rax,
        args: [frame.rdi, frame.rsi, frame.rdx, frame.r10, frame.r8, frame.r9],
    };
    let mut line = String::new();
    if !table::entry(frame.rax).is_some_and(|e| e.implemented()) {
        line.push_str("[unimplemented] ");
    }
    let _ = write!(line, "[pid {}] ", p.t.tid);
    let _ = format_syscall(&mut line, &args, &Reader { p }, result);
    line.push('\n');
    sys.console.write_stderr(line.as_bytes());
}

/// Opens `path` from the working directory (for /proc links).
pub fn open_path(c: &mut Call, path: &[u8], flags: u32) -> Result<crate::files::OpenFile, Errno> {
    fs::open_description(c, fs::AT_FDCWD as u64, path, flags, 0)
}

fn args_of(frame: &ExceptionFrame) -> [u64; 6] {
    [frame.rdi, frame.rsi, frame.rdx, frame.r10, frame.r8, frame.r9]
}

/// Performs the system call in `frame` for process `pid`.
pub fn handle(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Reply {
    let nr = frame.rax;
    let original = *frame;
    if let Some(done) = crate::console::job_control(server, pid, frame) {
        return finish(server, pid, &original, frame, done);
    }
    let entry = table::entry(nr);
    let flags = entry.map_or(CallFlags::empty(), |e| e.flags);
    if let Err(e) = pressure::call_allowed(flags) {
        return finish(server, pid, &original, frame, Done::Ret(Err(e)));
    }
    let done = match entry.map(|e| e.handler) {
        Some(Handler::Server(handler)) => {
            let done = handler(server, pid, frame);
            return finish(server, pid, &original, frame, done);
        }
        Some(Handler::Call(handler)) if flags.contains(CallFlags::NAMES_PATHS) => {
            // The caller is taken out of the table while the others are shown.
            let Some(mut p) = server.procs.remove(&pid) else { return Reply::None };
            let a = args_of(&original);
            let mut call =
                Call { sys: &mut server.sys, p: &mut p, a, frame, others: Some(&server.procs) };
            let done = handler(&mut call);
            server.procs.insert(pid, p);
            done
        }
        Some(Handler::Call(handler)) => {
            let Some(p) = server.procs.get_mut(&pid) else { return Reply::None };
            let a = args_of(&original);
            let mut call = Call { sys: &mut server.sys, p, a, frame, others: None };
            handler(&mut call)
        }
        // The exception loop sends rt_sigreturn to `sigreturn`.
        Some(Handler::Sigreturn) => return sigreturn(server, pid, frame),
        _ if !server.procs.contains_key(&pid) => return Reply::None,
        Some(Handler::Enosys) | None => {
            let name = Sysno::new(nr).map(|s| s.name()).unwrap_or("unknown");
            *server.sys.unimplemented.entry(name).or_insert(0) += 1;
            Done::Ret(Err(Errno::ENOSYS))
        }
    };
    if !flags.contains(CallFlags::QUIET) {
        server.sys.events += 1;
    }
    let reply = finish(server, pid, &original, frame, done);
    collect_shm(server);
    // A signal the call raised against its caller (SIGPIPE with EPIPE): its
    // handler runs before the thread goes on, or its default action ends it.
    // It is sent to the calling thread only (Linux's send_sig).
    if let Some((signal, tid)) =
        server.procs.get_mut(&pid).and_then(|p| p.t.deliver_or_die.take().map(|s| (s, p.t.tid)))
    {
        proc_ops::signal_thread(server, pid, tid, signal, pid);
        if !server.procs.contains_key(&pid) {
            return Reply::None;
        }
    }
    reply
}

/// Turns a handler's result into the reply (and traces it).
fn finish(
    server: &mut Server,
    pid: u32,
    original: &ExceptionFrame,
    frame: &mut ExceptionFrame,
    done: Done,
) -> Reply {
    let traced = server.sys.strace;
    let tid = server.procs.get(&pid).map_or(pid, |p| p.t.tid);
    match done {
        Done::Ret(result) => {
            if traced {
                if let Some(p) = server.procs.get(&pid) {
                    strace(&mut server.sys, p, original, Some(result));
                }
            }
            Reply::Rax(encode_result(result))
        }
        Done::Frame => {
            if traced {
                if let Some(p) = server.procs.get(&pid) {
                    strace(&mut server.sys, p, original, Some(Ok(frame.rax)));
                }
            }
            Reply::Frame
        }
        Done::Park(deadline) => {
            Reply::Parked(Parked { pid, tid, frame: *original, deadline, vfork: None, futex: None })
        }
        Done::ParkFutex { key, bitset, deadline } => Reply::Parked(Parked {
            pid,
            tid,
            frame: *original,
            deadline,
            vfork: None,
            futex: Some((key, bitset)),
        }),
        Done::ParkVfork(child) => Reply::Parked(Parked {
            pid,
            tid,
            frame: *original,
            deadline: None,
            vfork: Some(child),
            futex: None,
        }),
        Done::Gone => Reply::None,
        Done::Exit(status) => {
            if traced {
                if let Some(p) = server.procs.get(&pid) {
                    strace(&mut server.sys, p, original, None);
                }
            }
            exit_process(server, pid, status);
            Reply::None
        }
    }
}

/// Retries parked calls (after console input or a timeout) and answers those
/// that can now complete, with deferred replies.
/// Re-runs the parked calls if something happened since the last time (an
/// event: a call without [`CallFlags::QUIET`]) or a deadline may have passed (`deadlines`).
pub fn retry_parked(server: &mut Server, deadlines: bool) {
    if server.parked.is_empty() || (!deadlines && server.sys.events == server.retried_at) {
        return;
    }
    let before = server.sys.events;
    let waiting = server.parked.len();
    retry_all_parked(server);
    // The pass's own calls count as events only if one of them finished (it
    // may have made room or data for a call looked at before it).
    server.retried_at = if server.parked.len() < waiting { before } else { server.sys.events };
}

fn retry_all_parked(server: &mut Server) {
    let parked = core::mem::take(&mut server.parked);
    for (thread, p) in parked {
        if !server.procs.get_mut(&p.pid).is_some_and(|q| q.enter(p.tid)) {
            continue;
        }
        if server.procs.get(&p.pid).is_some_and(|q| q.job.stopped) {
            // Stopped: the call goes on after SIGCONT.
            server.parked.push((thread, p));
            continue;
        }
        let mut frame = p.frame;
        if let Some(child) = p.vfork {
            // The vfork parent goes on once its child exec'ed or exited.
            let waiting = server.procs.get(&p.pid).is_some_and(|q| q.vfork_child == Some(child));
            if waiting {
                server.parked.push((thread, p));
            } else {
                let original = frame;
                let reply =
                    finish(server, p.pid, &original, &mut frame, Done::Ret(Ok(child as u64)));
                let reply = deliver_signals(server, p.pid, p.tid, reply, &mut frame);
                send_reply(server, thread, reply, &frame);
            }
            continue;
        }
        let now = mk::clock_ns();
        if p.futex.is_some() {
            // Only a wake, a signal or the deadline ends a futex wait.
            if p.deadline.is_some_and(|d| d <= now) {
                let original = frame;
                let reply =
                    finish(server, p.pid, &original, &mut frame, Done::Ret(Err(Errno::ETIMEDOUT)));
                let reply = deliver_signals(server, p.pid, p.tid, reply, &mut frame);
                send_reply(server, thread, reply, &frame);
            } else {
                server.parked.push((thread, p));
            }
            continue;
        }
        let flags = table::flags(frame.rax);
        if p.deadline.is_some_and(|d| d <= now) && flags.contains(CallFlags::SLEEP) {
            // The sleep is over.
            let original = frame;
            let reply = finish(server, p.pid, &original, &mut frame, Done::Ret(Ok(0)));
            let reply = deliver_signals(server, p.pid, p.tid, reply, &mut frame);
            send_reply(server, thread, reply, &frame);
            continue;
        }
        if flags.contains(CallFlags::SLEEP) {
            server.parked.push((thread, p));
            continue;
        }
        if p.deadline.is_some_and(|d| d <= now) {
            // A poll whose timeout passed: one last look, then 0 ready (a
            // socket call whose SO_RCVTIMEO/SO_SNDTIMEO passed: EAGAIN).
            let original = frame;
            let expired = if flags.contains(CallFlags::EAGAIN_ON_TIMEOUT) {
                Err(Errno::EAGAIN)
            } else {
                Ok(0)
            };
            let reply = match handle(server, p.pid, &mut frame) {
                Reply::Parked(_) => {
                    finish(server, p.pid, &original, &mut frame, Done::Ret(expired))
                }
                reply => reply,
            };
            // (A temporary mask of ppoll goes back: `deliver_signals`.)
            let reply = deliver_signals(server, p.pid, p.tid, reply, &mut frame);
            send_reply(server, thread, reply, &frame);
            continue;
        }
        match handle(server, p.pid, &mut frame) {
            Reply::Parked(mut again) => {
                // A timeout runs from the call's start, not from each retry.
                if let Some(first) = p.deadline {
                    again.deadline = Some(again.deadline.map_or(first, |d| d.min(first)));
                }
                server.parked.push((thread, again))
            }
            reply => {
                let reply = deliver_signals(server, p.pid, p.tid, reply, &mut frame);
                send_reply(server, thread, reply, &frame)
            }
        }
    }
}

/// Answers parked call `parked` of `thread` with `done` now (a futex wake),
/// then makes the thread that was current again current.
pub fn complete_parked(server: &mut Server, thread: u64, parked: Parked, done: Done) {
    let Some(current) = server.procs.get(&parked.pid).map(|p| p.t.tid) else { return };
    if !server.procs.get_mut(&parked.pid).is_some_and(|p| p.enter(parked.tid)) {
        return;
    }
    let original = parked.frame;
    let mut frame = parked.frame;
    let reply = finish(server, parked.pid, &original, &mut frame, done);
    let reply = deliver_signals(server, parked.pid, parked.tid, reply, &mut frame);
    send_reply(server, thread, reply, &frame);
    if let Some(p) = server.procs.get_mut(&parked.pid) {
        p.enter(current);
    }
}

/// What a thread does as it returns to user mode (Linux's
/// `exit_to_user_mode`): the pending signals its mask lets through take their
/// action ([`proc_ops::take_unblocked`]); a temporary mask (rt_sigsuspend,
/// ppoll...) that no handler's frame took is restored, and what it lets
/// through is taken too. If the thread has a signal queued for a handler, the
/// reply becomes the handler's entry frame (after applying the reply's result
/// to `frame`).
pub fn deliver_signals(
    server: &mut Server,
    pid: u32,
    tid: u32,
    reply: Reply,
    frame: &mut ExceptionFrame,
) -> Reply {
    if !matches!(reply, Reply::Rax(_) | Reply::Frame | Reply::Resume | Reply::FrameFpu) {
        return reply;
    }
    let Some(p) = server.procs.get_mut(&pid) else { return reply };
    if !p.enter(tid) {
        return reply;
    }
    if p.pending_mask() & !p.t.sigmask != 0 {
        proc_ops::take_unblocked(server, pid);
    }
    let Some(p) = server.procs.get_mut(&pid) else { return Reply::None };
    if p.t.deliver.is_empty() {
        if let Some(mask) = p.t.saved_mask.take() {
            p.t.sigmask = mask;
            if p.pending_mask() & !mask != 0 {
                proc_ops::take_unblocked(server, pid);
            }
        }
    }
    if !server.procs.contains_key(&pid) {
        return Reply::None;
    }
    if !crate::signals::has_work(server, pid) {
        return reply;
    }
    if let Reply::Rax(value) = reply {
        frame.rax = value;
    }
    // After a sigreturn, the interrupted code's FPU image is the UTCB's; the
    // reply still loads it (the handler starts with it, as after the return).
    let fpu_in_utcb = matches!(reply, Reply::FrameFpu);
    // Every signal ready for its handler gets a frame, each on top of the
    // last, as Linux does on a return to user mode: the last one runs first.
    for _ in 0..65 {
        if !crate::signals::has_work(server, pid) {
            break;
        }
        if crate::signals::deliver(server, pid, frame, fpu_in_utcb).is_err() {
            kill_by_signal(server, pid, SIGSEGV, frame);
            return Reply::None;
        }
    }
    if fpu_in_utcb {
        Reply::FrameFpu
    } else {
        Reply::Frame
    }
}

pub fn sigreturn(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Reply {
    let original = *frame;
    match crate::signals::sigreturn(server, pid, frame) {
        Ok(()) => {
            if server.sys.strace {
                if let Some(p) = server.procs.get(&pid) {
                    strace(&mut server.sys, p, &original, Some(Ok(frame.rax)));
                }
            }
            // Signals the restored mask lets through are taken as the thread
            // returns (`deliver_signals`).
            Reply::FrameFpu
        }
        Err(_) => {
            kill_by_signal(server, pid, SIGSEGV, &original);
            Reply::None
        }
    }
}

/// Queues a synchronous fault signal for its handler, or says it must kill.
fn fault_to_handler(server: &mut Server, pid: u32, signal: i32, code: i32, address: u64) -> bool {
    let Some(p) = server.procs.get_mut(&pid) else { return false };
    let handler = p.sigactions[signal as usize][0];
    let blocked = p.t.sigmask & (1 << (signal - 1)) != 0;
    if handler <= 1 || blocked || !p.t.deliver.is_empty() {
        return false;
    }
    p.t.deliver.push(crate::signals::SigInfo {
        signo: signal,
        code,
        addr: address,
        fault: true,
        ..Default::default()
    });
    true
}

fn send_reply(server: &mut Server, thread: u64, reply: Reply, frame: &ExceptionFrame) {
    use microkernel_user::abi::Tag;
    match reply {
        Reply::Rax(v) => {
            let _ = mk::reply(thread, Tag::new(0, Tag::RESUME_RAX), [v, 0, 0, 0, 0, 0]);
        }
        Reply::Frame => {
            server.utcb.set_exception_frame(frame);
            let _ = mk::reply(thread, Tag::new(0, Tag::RESUME_FRAME), [0; 6]);
        }
        Reply::Resume => {
            let _ = mk::reply(thread, Tag(0), [0; 6]);
        }
        Reply::FrameFpu => {
            server.utcb.set_exception_frame(frame);
            let _ = mk::reply(thread, Tag::new(0, Tag::RESUME_FRAME | Tag::RESUME_FPU), [0; 6]);
        }
        Reply::Parked(p) => server.parked.push((thread, p)),
        Reply::None => {}
    }
}

/// Signal numbers of the synchronous faults.
const SIGILL: i32 = 4;
const SIGTRAP: i32 = 5;
const SIGFPE: i32 = 8;
const SIGSEGV: i32 = 11;
const SIGBUS: i32 = 7;
/// Wait-status bit for "core dumped".
const CORE: i32 = 0x80;

pub fn page_fault(server: &mut Server, pid: u32, frame: &ExceptionFrame) -> Reply {
    let Some(p) = server.procs.get_mut(&pid) else { return Reply::None };
    let access = if frame.error_code & exception::PF_INSTRUCTION != 0 {
        linux_personality::mm::Access::Exec
    } else if frame.error_code & exception::PF_WRITE != 0 {
        linux_personality::mm::Access::Write
    } else {
        linux_personality::mm::Access::Read
    };
    match p.fault_in(&mut server.sys.frames, &server.sys.vfs, frame.fault_address, access) {
        Ok(_) => Reply::Resume,
        Err(kind) => {
            const SEGV_MAPERR: i32 = 1;
            const SEGV_ACCERR: i32 = 2;
            let code = match kind {
                linux_personality::mm::FaultKind::Protection => SEGV_ACCERR,
                _ => SEGV_MAPERR,
            };
            if fault_to_handler(server, pid, SIGSEGV, code, frame.fault_address) {
                Reply::Resume
            } else {
                kill_by_signal(server, pid, SIGSEGV, frame);
                Reply::None
            }
        }
    }
}

pub fn cpu_exception(server: &mut Server, pid: u32, vector: u64, frame: &ExceptionFrame) -> Reply {
    /// #SS: a stack access through a non-canonical rsp (Linux: SIGBUS, SI_KERNEL).
    const STACK_SEGMENT: u64 = 12;
    let signal = match vector {
        exception::DIVIDE_ERROR | exception::X87 | exception::SIMD => SIGFPE,
        exception::INVALID_OPCODE => SIGILL,
        exception::BREAKPOINT | exception::DEBUG => SIGTRAP,
        exception::ALIGNMENT_CHECK | STACK_SEGMENT => SIGBUS,
        _ => SIGSEGV,
    };
    // si_code: ILL_ILLOPN, FPE_INTDIV, TRAP_BRKPT, BUS_ADRALN, SI_KERNEL (#GP, #SS).
    let (code, address) = match signal {
        SIGILL => (2, frame.rip),
        SIGFPE => (1, frame.rip),
        SIGTRAP => (1, frame.rip),
        SIGBUS if vector == exception::ALIGNMENT_CHECK => (1, frame.fault_address),
        _ => (0x80, 0),
    };
    if fault_to_handler(server, pid, signal, code, address) {
        return Reply::Resume;
    }
    kill_by_signal(server, pid, signal, frame);
    Reply::None
}

fn kill_by_signal(server: &mut Server, pid: u32, signal: i32, frame: &ExceptionFrame) {
    println!(
        "pid {pid}: signal {signal} at rip {:#x} (vector {}, error {:#x}, address {:#x})",
        frame.rip, frame.vector, frame.error_code, frame.fault_address
    );
    exit_process(server, pid, signal | CORE);
}

/// After a mapping went somewhere (munmap, exec, exit): frees the pages of
/// the shared memory objects no process maps any more (see shm.rs).
pub fn collect_shm(server: &mut Server) {
    if !server.sys.frames.shm.unmapped {
        return;
    }
    let live: alloc::collections::BTreeSet<u64> =
        server.procs.values().flat_map(|p| p.vm.iter().filter_map(crate::shm::object_of)).collect();
    server.sys.frames.shm_collect(&live);
}

/// Ends a process with a wait status: its task and memory go, its descriptors
/// close, it becomes a zombie for its parent (who gets SIGCHLD), its children
/// go to pid 1. The end of pid 1 ends the run.
pub fn exit_process(server: &mut Server, pid: u32, wait_status: i32) {
    let links = proc_ops::group_links(server, pid);
    let Some(mut p) = server.procs.remove(&pid) else { return };
    let own = rusage::own_usage(&mut server.sys, &p);
    let mut usage = own;
    usage.add(&p.children);
    for thread in p.kthreads() {
        server.by_thread.remove(&thread);
    }
    server.tids.retain(|_, owner| *owner != pid);
    server.parked.retain(|(_, parked)| parked.pid != pid);
    // PI locks its threads held in shared memory go to their waiters.
    let tids: alloc::vec::Vec<u32> = p.all_threads().map(|t| t.tid).collect();
    for tid in tids {
        threads::pi_owner_died(server, tid);
    }
    p.destroy(&mut server.sys.frames);
    server.sys.locks.process_exited(pid);
    collect_shm(server);
    server.sys.vfs.reap();
    server.sys.events += 1;
    if let Some(parent) = p.vfork_parent {
        proc_ops::release_vfork_parent(server, parent);
    }
    for child in server.procs.values_mut().filter(|c| c.ppid == pid) {
        child.ppid = 1;
    }
    for zombie in server.zombies.values_mut().filter(|z| z.ppid == pid) {
        zombie.ppid = 1;
    }
    proc_ops::hang_up_orphaned(server, &links);
    if pid == 1 {
        if server.sys.strace && !server.sys.unimplemented.is_empty() {
            let mut text = String::from("unimplemented system calls:\n");
            for (name, count) in &server.sys.unimplemented {
                let _ = writeln!(text, "  {name}: {count}");
            }
            server.sys.console.write_stderr(text.as_bytes());
        }
        if wait_status & 0x7f == 0 {
            println!("exit status {}", (wait_status >> 8) & 0xff);
        } else {
            println!("exit signal {}", wait_status & 0x7f);
        }
        mk::qemu_exit(microkernel_user::abi::exit::POWER_OFF);
    }
    // The parent reaps it (wait4), unless it ignores SIGCHLD (auto-reap).
    let parent = p.ppid;
    let ignores = server
        .procs
        .get(&parent)
        .is_some_and(|q| q.sigactions[17][0] == 1 || q.sigactions[17][1] & 2 != 0);
    if !ignores {
        server
            .zombies
            .insert(pid, crate::Zombie { ppid: parent, pgid: p.pgid, status: wait_status, usage });
    }
    let info = crate::signals::SigInfo::child_exit(pid, p.cred.uid, wait_status);
    let _ = proc_ops::signal_process_info(server, parent, info);
}

/// Sends SIGALRM to every process whose ITIMER_REAL expired, re-arming
/// periodic timers.
pub fn fire_timers(server: &mut Server) {
    let now = mk::clock_ns();
    let due: alloc::vec::Vec<u32> = server
        .procs
        .values()
        .filter(|p| p.itimer.is_some_and(|(deadline, _)| deadline <= now))
        .map(|p| p.pid)
        .collect();
    for pid in due {
        if let Some(p) = server.procs.get_mut(&pid) {
            p.itimer = match p.itimer {
                Some((deadline, interval)) if interval > 0 => {
                    let mut next = deadline.saturating_add(interval);
                    if next <= now {
                        next = now.saturating_add(interval);
                    }
                    Some((next, interval))
                }
                _ => None,
            };
        }
        proc_ops::signal_process(server, pid, 14, 0);
    }
}

/// Sends the signals typed at the console (^C, ^\\, ^Z) to its foreground
/// process group.
pub fn terminal_signals(server: &mut Server) {
    let signals = core::mem::take(&mut server.sys.console.signals);
    let group = server.sys.console.foreground;
    for signal in signals {
        proc_ops::signal_group(server, group, signal, 0);
    }
}
