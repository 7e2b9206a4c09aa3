//! Threads: clone and clone3 with CLONE_THREAD, the end of one thread (exit,
//! with set_tid_address's futex wake and the robust-futex list), tkill and
//! tgkill, and futex.
//!
//! A Linux thread is a microkernel thread in its process's task; its own state
//! is a [`Thread`] in the [`Process`](crate::process::Process). A futex wait is
//! a parked call carrying its futex's key (`Parked::futex`); it is never
//! re-run: FUTEX_WAKE answers it, or its deadline (ETIMEDOUT), or a signal
//! (EINTR). A futex is keyed as Linux keys it ([`FutexKey`]): by (process,
//! address), or, for a shared (not FUTEX_PRIVATE_FLAG) futex in shared
//! anonymous memory, by its place in the memory object, so that processes
//! sharing it through MAP_SHARED memory wait for and wake one another. Not
//! done: futexes in shared file mappings (writable ones are refused, ENODEV).

use microkernel_user::abi::{exregs_flags, thread_flags, ExceptionFrame};
use microkernel_user::{self as mk, Start};
use syscall_translation::flags::futex::{
    FUTEX_CLOCK_REALTIME, FUTEX_CMD_MASK, FUTEX_CMP_REQUEUE, FUTEX_LOCK_PI, FUTEX_LOCK_PI2,
    FUTEX_OWNER_DIED, FUTEX_PRIVATE_FLAG, FUTEX_REQUEUE, FUTEX_TID_MASK, FUTEX_TRYLOCK_PI,
    FUTEX_UNLOCK_PI, FUTEX_WAIT, FUTEX_WAITERS, FUTEX_WAIT_BITSET, FUTEX_WAKE, FUTEX_WAKE_BITSET,
    FUTEX_WAKE_OP,
};
use syscall_translation::flags::CloneFlags;
use syscall_translation::Errno;

use super::Done;
use crate::process::Thread;
use crate::Server;

pub const CLONE_VM: u64 = CloneFlags::CLONE_VM.bits();
pub const CLONE_FS: u64 = CloneFlags::CLONE_FS.bits();
pub const CLONE_FILES: u64 = CloneFlags::CLONE_FILES.bits();
pub const CLONE_SIGHAND: u64 = CloneFlags::CLONE_SIGHAND.bits();
pub const CLONE_THREAD: u64 = CloneFlags::CLONE_THREAD.bits();
pub const CLONE_SYSVSEM: u64 = CloneFlags::CLONE_SYSVSEM.bits();
pub const CLONE_SETTLS: u64 = CloneFlags::CLONE_SETTLS.bits();
pub const CLONE_PARENT_SETTID: u64 = CloneFlags::CLONE_PARENT_SETTID.bits();
pub const CLONE_CHILD_CLEARTID: u64 = CloneFlags::CLONE_CHILD_CLEARTID.bits();
pub const CLONE_DETACHED: u64 = CloneFlags::CLONE_DETACHED.bits();
pub const CLONE_CHILD_SETTID: u64 = CloneFlags::CLONE_CHILD_SETTID.bits();

/// The arguments clone and clone3 share.
pub struct CloneArgs {
    pub flags: u64,
    pub stack: u64,
    pub parent_tid: u64,
    pub child_tid: u64,
    pub tls: u64,
}

/// Threads (and processes) the server holds at most.
const MAX_THREADS: usize = 8192;

/// clone with CLONE_THREAD: a new thread in the caller's process, resuming at
/// the caller's frame with rax = 0 on `stack`.
pub fn clone_thread(
    server: &mut Server,
    pid: u32,
    frame: &ExceptionFrame,
    args: &CloneArgs,
) -> Done {
    let flags = args.flags;
    // clone(2): CLONE_THREAD needs CLONE_SIGHAND, which needs CLONE_VM.
    if flags & CLONE_SIGHAND == 0 || flags & CLONE_VM == 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    if flags & (CLONE_FS | CLONE_FILES) != CLONE_FS | CLONE_FILES {
        // A thread with its own descriptor table or working directory: the
        // server keeps those per process.
        return Done::Ret(Err(Errno::ENOSYS));
    }
    let known = 0xff
        | CLONE_VM
        | CLONE_FS
        | CLONE_FILES
        | CLONE_SIGHAND
        | CLONE_THREAD
        | CLONE_SYSVSEM
        | CLONE_SETTLS
        | CLONE_PARENT_SETTID
        | CLONE_CHILD_CLEARTID
        | CLONE_DETACHED
        | CLONE_CHILD_SETTID;
    if flags & !known != 0 {
        return Done::Ret(Err(Errno::ENOSYS));
    }
    if server.procs.len() + server.zombies.len() + server.tids.len() >= MAX_THREADS {
        return Done::Ret(Err(Errno::EAGAIN));
    }
    let Some(p) = server.procs.get(&pid) else { return Done::Ret(Err(Errno::ESRCH)) };
    let (task, parent_thread, sigmask) = (p.task, p.t.thread, p.t.sigmask);
    let tid = super::proc_ops::next_pid(server);
    let Ok(thread) = mk::thread_create(task, 0) else { return Done::Ret(Err(Errno::EAGAIN)) };
    let mut t = Thread::new(tid, thread, sigmask);
    let mut child_frame = *frame;
    child_frame.rax = 0;
    if args.stack != 0 {
        child_frame.rsp = args.stack;
    }
    if flags & CLONE_SETTLS != 0 {
        child_frame.fs_base = args.tls;
    }
    t.fs_base = child_frame.fs_base;
    if flags & CLONE_CHILD_CLEARTID != 0 {
        t.clear_child_tid = args.child_tid;
    }
    let Server { sys, procs, .. } = server;
    let p = procs.get_mut(&pid).unwrap();
    // The ids are in place before either thread runs on.
    for (flag, address) in
        [(CLONE_PARENT_SETTID, args.parent_tid), (CLONE_CHILD_SETTID, args.child_tid)]
    {
        if flags & flag != 0
            && p.write_bytes(&mut sys.frames, &sys.vfs, address, &tid.to_le_bytes()).is_err()
        {
            let _ = mk::thread_kill(thread);
            return Done::Ret(Err(Errno::EFAULT));
        }
    }
    p.threads.insert(tid, t);
    server.tids.insert(tid, pid);
    server.by_thread.insert(thread, (pid, tid));
    server.last_pid = tid;
    server.sys.forks += 1;
    // The caller's FPU state goes to the new thread too.
    let started = server.utcb.exregs(parent_thread, exregs_flags::READ | exregs_flags::FPU).is_ok()
        && {
            server.utcb.set_exception_frame(&child_frame);
            let flags = thread_flags::FOREIGN_ABI
                | thread_flags::FRAME_FROM_UTCB
                | thread_flags::FPU_FROM_UTCB;
            mk::thread_start(
                thread,
                Start { flags, handler: mk::whoami().0, priority: 50, ..Start::default() },
            )
            .is_ok()
        };
    if !started {
        forget_thread(server, pid, tid);
        let _ = mk::thread_kill(thread);
        return Done::Ret(Err(Errno::EAGAIN));
    }
    Done::Ret(Ok(tid as u64))
}

/// Removes thread `tid` (not the current one) from the server's tables.
fn forget_thread(server: &mut Server, pid: u32, tid: u32) {
    if let Some(t) = server.procs.get_mut(&pid).and_then(|p| p.threads.remove(&tid)) {
        server.by_thread.remove(&t.thread);
    }
    server.tids.remove(&tid);
}

/// clone3(2): `struct clone_args` of at least CLONE_ARGS_SIZE_VER0 (64) bytes.
pub(super) fn sys_clone3(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (address, size) = (frame.rdi, frame.rsi);
    const VER0: u64 = 64;
    if !(VER0..=4096).contains(&size) {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let Server { sys, procs, .. } = server;
    let Some(p) = procs.get_mut(&pid) else { return Done::Ret(Err(Errno::ESRCH)) };
    let bytes = match p.read_bytes(&mut sys.frames, &sys.vfs, address, size as usize) {
        Ok(b) => b,
        Err(e) => return Done::Ret(Err(e)),
    };
    let word = |i: usize| u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().unwrap());
    // Fields past the ones known here must be zero (E2BIG otherwise).
    if bytes.len() > 88 && bytes[88..].iter().any(|&b| b != 0) {
        return Done::Ret(Err(Errno::E2BIG));
    }
    let (flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls) =
        (word(0), word(1), word(2), word(3), word(4), word(5), word(6), word(7));
    let set_tid_size = if bytes.len() >= 80 { word(9) } else { 0 };
    if flags & 0xff != 0 || exit_signal > 64 || (stack == 0) != (stack_size == 0) {
        return Done::Ret(Err(Errno::EINVAL));
    }
    if pidfd != 0 || set_tid_size != 0 || flags & CLONE_PIDFD != 0 {
        return Done::Ret(Err(Errno::ENOSYS));
    }
    let args = CloneArgs {
        flags: flags | exit_signal,
        stack: if stack == 0 { 0 } else { stack.wrapping_add(stack_size) },
        parent_tid,
        child_tid,
        tls,
    };
    super::proc_ops::clone_with(server, pid, frame, &args)
}

const CLONE_PIDFD: u64 = CloneFlags::CLONE_PIDFD.bits();

/// exit(2): the calling thread ends; the last one ends the process.
pub(super) fn sys_exit(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let status = ((frame.rdi & 0xff) as i32) << 8;
    let Some(p) = server.procs.get_mut(&pid) else { return Done::Gone };
    if p.threads.is_empty() {
        return Done::Exit(status);
    }
    end_thread(server, pid);
    Done::Gone
}

/// Ends the current thread of `pid`, which has others: its robust futexes are
/// released, its clear_child_tid word zeroed and woken (pthread_join).
fn end_thread(server: &mut Server, pid: u32) {
    release_robust_list(server, pid);
    if let Some(tid) = server.procs.get(&pid).map(|p| p.t.tid) {
        pi_owner_died(server, tid);
    }
    let Server { sys, procs, .. } = server;
    let Some(p) = procs.get_mut(&pid) else { return };
    let clear = p.t.clear_child_tid;
    if clear != 0 && p.write_bytes(&mut sys.frames, &sys.vfs, clear, &0u32.to_le_bytes()).is_ok() {
        let key = futex_key(server, pid, clear, false);
        futex_wake(server, key, 1, u32::MAX);
    }
    let Some(thread) = server.procs.get(&pid).map(|p| p.t.thread) else { return };
    // Its CPU time stays the process's (getrusage, times).
    let used = super::rusage::thread_time(&mut server.sys, thread);
    let Some(p) = server.procs.get_mut(&pid) else { return };
    p.cpu_before_exec[0] += used[0];
    p.cpu_before_exec[1] += used[1];
    let Some(&next) = p.threads.keys().next() else { return };
    let tid = p.t.tid;
    p.enter(next);
    p.threads.remove(&tid);
    server.by_thread.remove(&thread);
    server.tids.remove(&tid);
    server.parked.retain(|(_, parked)| !(parked.pid == pid && parked.tid == tid));
    let _ = mk::thread_kill(thread);
}

/// The robust-futex list of the current thread (set_robust_list): each futex
/// it holds gets FUTEX_OWNER_DIED and one waiter is woken, as Linux does when
/// a thread dies.
fn release_robust_list(server: &mut Server, pid: u32) {
    const ROBUST_LIST_LIMIT: usize = 2048;
    let Server { sys, procs, .. } = server;
    let Some(p) = procs.get_mut(&pid) else { return };
    let (head, tid) = (p.t.robust_list, p.t.tid);
    if head == 0 {
        return;
    }
    let mut read = |address: u64| p.read_u64(&mut sys.frames, &sys.vfs, address).ok();
    let (Some(first), Some(offset), Some(pending)) = (read(head), read(head + 8), read(head + 16))
    else {
        return;
    };
    let mut entries = alloc::vec::Vec::new();
    let mut entry = first;
    while entry != head && entry != 0 && entries.len() < ROBUST_LIST_LIMIT {
        entries.push(entry);
        let Some(next) = read(entry) else { break };
        entry = next;
    }
    if pending != 0 && !entries.contains(&pending) {
        entries.push(pending);
    }
    let mut wake = alloc::vec::Vec::new();
    for entry in entries {
        // The bit 0 of an entry marks a PI futex; the word is at entry + offset.
        let word = (entry & !1).wrapping_add(offset);
        let Ok(bytes) = p.read_bytes(&mut sys.frames, &sys.vfs, word, 4) else { continue };
        let value = u32::from_le_bytes(bytes.try_into().unwrap());
        if value & FUTEX_TID_MASK != tid {
            continue;
        }
        let new = (value & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
        if p.write_bytes(&mut sys.frames, &sys.vfs, word, &new.to_le_bytes()).is_ok()
            && value & FUTEX_WAITERS != 0
        {
            wake.push(word);
        }
    }
    for word in wake {
        let key = futex_key(server, pid, word, false);
        // (A PI lock's waiters are handed it by `pi_owner_died`.)
        futex_wake(server, key, 1, u32::MAX);
    }
}

/// get_robust_list(tid, head_ptr, len_ptr): the robust-list head of thread
/// `tid` (0: the caller) and its length, 24.
pub(super) fn sys_get_robust_list(
    server: &mut Server,
    pid: u32,
    frame: &mut ExceptionFrame,
) -> Done {
    let (tid, head_out, len_out) = (frame.rdi as i32, frame.rsi, frame.rdx);
    if tid < 0 {
        return Done::Ret(Err(Errno::ESRCH));
    }
    let head = if tid == 0 {
        server.procs.get(&pid).map(|p| p.t.robust_list)
    } else {
        owner(server, tid as u32).and_then(|owner| {
            let p = server.procs.get_mut(&owner)?;
            p.thread_mut(tid as u32).map(|t| t.robust_list)
        })
    };
    let Some(head) = head else { return Done::Ret(Err(Errno::ESRCH)) };
    let Server { sys, procs, .. } = server;
    let Some(p) = procs.get_mut(&pid) else { return Done::Gone };
    let written = p
        .write_bytes(&mut sys.frames, &sys.vfs, head_out, &head.to_le_bytes())
        .and_then(|()| p.write_bytes(&mut sys.frames, &sys.vfs, len_out, &24u64.to_le_bytes()));
    Done::Ret(written.map(|()| 0))
}

/// The process and thread that thread id `tid` names.
pub fn owner(server: &Server, tid: u32) -> Option<u32> {
    if let Some(&pid) = server.tids.get(&tid) {
        return Some(pid);
    }
    let p = server.procs.get(&tid)?;
    p.all_threads().any(|t| t.tid == tid).then_some(tid)
}

pub(super) fn sys_tkill(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (tid, signal) = (frame.rdi as i32, frame.rsi);
    if tid <= 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    thread_kill(server, pid, None, tid as u32, signal)
}

pub(super) fn sys_tgkill(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (tgid, tid, signal) = (frame.rdi as i32, frame.rsi as i32, frame.rdx);
    if tgid <= 0 || tid <= 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    thread_kill(server, pid, Some(tgid as u32), tid as u32, signal)
}

fn thread_kill(server: &mut Server, pid: u32, tgid: Option<u32>, tid: u32, signal: u64) -> Done {
    if signal > 64 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let Some(target) = owner(server, tid).filter(|&t| tgid.is_none_or(|g| g == t)) else {
        return Done::Ret(Err(Errno::ESRCH));
    };
    if signal == 0 {
        return Done::Ret(Ok(0));
    }
    let uid = server.procs.get(&pid).map_or(0, |p| p.cred.uid);
    let info = crate::signals::SigInfo {
        code: crate::signals::SI_TKILL,
        ..crate::signals::SigInfo::user(signal as i32, pid, uid)
    };
    if let Err(e) = super::proc_ops::signal_thread_info(server, target, tid, info) {
        return Done::Ret(Err(e));
    }
    if !server.procs.contains_key(&pid) {
        return Done::Gone;
    }
    Done::Ret(Ok(0))
}

/// futex(2).
pub(super) fn sys_futex(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (word, op, val, timeout, word2, val3) =
        (frame.rdi, frame.rsi, frame.rdx as u32, frame.r10, frame.r8, frame.r9 as u32);
    // Bits past the 32 of the C int make no known command (ENOSYS below).
    let command = u32::try_from(op).map_or(u32::MAX, |op| op & FUTEX_CMD_MASK);
    let realtime = op & u64::from(FUTEX_CLOCK_REALTIME) != 0;
    if realtime && ![FUTEX_WAIT, FUTEX_WAIT_BITSET, FUTEX_LOCK_PI2].contains(&command) {
        return Done::Ret(Err(Errno::ENOSYS));
    }
    if !word.is_multiple_of(4) {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let private = op & u64::from(FUTEX_PRIVATE_FLAG) != 0;
    let key = futex_key(server, pid, word, private);
    match command {
        FUTEX_WAIT | FUTEX_WAIT_BITSET => {
            let bitset = if command == FUTEX_WAIT { u32::MAX } else { val3 };
            if bitset == 0 {
                return Done::Ret(Err(Errno::EINVAL));
            }
            let absolute = command == FUTEX_WAIT_BITSET;
            futex_wait(server, pid, word, key, val, timeout, absolute, realtime, bitset)
        }
        FUTEX_WAKE | FUTEX_WAKE_BITSET => {
            let bitset = if command == FUTEX_WAKE { u32::MAX } else { val3 };
            if bitset == 0 {
                return Done::Ret(Err(Errno::EINVAL));
            }
            Done::Ret(Ok(futex_wake(server, key, count(val), bitset) as u64))
        }
        FUTEX_REQUEUE | FUTEX_CMP_REQUEUE => {
            if (val as i32) < 0 || (timeout as i32) < 0 {
                return Done::Ret(Err(Errno::EINVAL));
            }
            if command == FUTEX_CMP_REQUEUE {
                match read_word(server, pid, word) {
                    Ok(current) if current != val3 => return Done::Ret(Err(Errno::EAGAIN)),
                    Ok(_) => {}
                    Err(e) => return Done::Ret(Err(e)),
                }
            }
            let woken = futex_wake(server, key, val as usize, u32::MAX);
            let key2 = futex_key(server, pid, word2, private);
            let mut moved = 0;
            for (_, parked) in server.parked.iter_mut() {
                if moved >= timeout as u32 as usize {
                    break;
                }
                // (A PI waiter, bitset 0, is never requeued by these.)
                if let Some((_, bits)) = parked.futex.filter(|&(k, b)| k == key && b != 0) {
                    parked.futex = Some((key2, bits));
                    moved += 1;
                }
            }
            Done::Ret(Ok((woken + moved) as u64))
        }
        FUTEX_WAKE_OP => {
            let key2 = futex_key(server, pid, word2, private);
            futex_wake_op(server, pid, (key, key2), val, timeout as u32, word2, val3)
        }
        FUTEX_LOCK_PI | FUTEX_LOCK_PI2 | FUTEX_TRYLOCK_PI => {
            // LOCK_PI's timeout is on CLOCK_REALTIME, LOCK_PI2's on
            // CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME.
            let realtime = command == FUTEX_LOCK_PI || realtime;
            let timeout = if command == FUTEX_TRYLOCK_PI { None } else { Some(timeout) };
            futex_lock_pi(server, pid, word, key, timeout, realtime)
        }
        FUTEX_UNLOCK_PI => futex_unlock_pi(server, pid, word, key),
        _ => Done::Ret(Err(Errno::ENOSYS)),
    }
}

/// Whether a thread (or process leader) with this id exists.
fn task_exists(server: &Server, tid: u32) -> bool {
    server.procs.contains_key(&tid) || server.tids.contains_key(&tid)
}

fn write_word(server: &mut Server, pid: u32, word: u64, value: u32) -> Result<(), Errno> {
    let Server { sys, procs, .. } = server;
    let p = procs.get_mut(&pid).ok_or(Errno::ESRCH)?;
    p.write_bytes(&mut sys.frames, &sys.vfs, word, &value.to_le_bytes())
}

/// Where in `parked` the oldest thread waiting in FUTEX_LOCK_PI on `key` is
/// (a PI waiter is parked with bitset 0, which no FUTEX_WAKE matches).
fn pi_waiter(server: &Server, key: FutexKey) -> Option<usize> {
    server.parked.iter().position(|(_, p)| p.futex == Some((key, 0)))
}

/// FUTEX_LOCK_PI, LOCK_PI2 and (`timeout` None) TRYLOCK_PI: the word holds
/// the owner's tid. Free (owner 0, FUTEX_OWNER_DIED kept), the caller takes
/// it; held by the caller, EDEADLK; by a thread that does not exist, ESRCH;
/// else TRYLOCK_PI fails with EAGAIN and the others set FUTEX_WAITERS and
/// wait until FUTEX_UNLOCK_PI hands the lock over or the absolute deadline
/// passes (ETIMEDOUT). Priority inheritance itself does nothing here: there
/// are no thread priorities to lend (one scheduling class, one CPU).
fn futex_lock_pi(
    server: &mut Server,
    pid: u32,
    word: u64,
    key: FutexKey,
    timeout: Option<u64>,
    realtime: bool,
) -> Done {
    let Some(tid) = server.procs.get(&pid).map(|p| p.t.tid) else { return Done::Gone };
    let current = match read_word(server, pid, word) {
        Ok(v) => v,
        Err(e) => return Done::Ret(Err(e)),
    };
    let owner = current & FUTEX_TID_MASK;
    if owner == tid {
        return Done::Ret(Err(Errno::EDEADLK));
    }
    if owner == 0 {
        let waiters = if pi_waiter(server, key).is_some() {
            server.pi_owners.insert(key, tid);
            FUTEX_WAITERS
        } else {
            0
        };
        let taken = tid | (current & FUTEX_OWNER_DIED) | waiters;
        return Done::Ret(write_word(server, pid, word, taken).map(|()| 0));
    }
    if !task_exists(server, owner) {
        return Done::Ret(Err(Errno::ESRCH));
    }
    let Some(timeout) = timeout else { return Done::Ret(Err(Errno::EAGAIN)) };
    if current & FUTEX_WAITERS == 0 {
        if let Err(e) = write_word(server, pid, word, current | FUTEX_WAITERS) {
            return Done::Ret(Err(e));
        }
    }
    let deadline = match futex_deadline(server, pid, timeout, true, realtime) {
        Ok(deadline) => deadline,
        Err(done) => return done,
    };
    if deadline.is_some_and(|d| d <= mk::clock_ns()) {
        return Done::Ret(Err(Errno::ETIMEDOUT));
    }
    server.pi_owners.insert(key, owner);
    Done::ParkFutex { key, bitset: 0, deadline }
}

/// FUTEX_UNLOCK_PI: the caller must own the word (EPERM); the lock goes to
/// the oldest waiter (its tid and FUTEX_WAITERS in the word, and its
/// FUTEX_LOCK_PI returns 0), or the word becomes 0.
fn futex_unlock_pi(server: &mut Server, pid: u32, word: u64, key: FutexKey) -> Done {
    let Some(tid) = server.procs.get(&pid).map(|p| p.t.tid) else { return Done::Gone };
    let current = match read_word(server, pid, word) {
        Ok(v) => v,
        Err(e) => return Done::Ret(Err(e)),
    };
    if current & FUTEX_TID_MASK != tid {
        return Done::Ret(Err(Errno::EPERM));
    }
    let Some(at) = pi_waiter(server, key) else {
        return Done::Ret(write_word(server, pid, word, 0).map(|()| 0));
    };
    // Linux sets FUTEX_WAITERS on every hand-over: the new owner's unlock
    // comes here, and finds whether anyone still waits.
    let new_owner = server.parked[at].1.tid | FUTEX_WAITERS;
    if let Err(e) = write_word(server, pid, word, new_owner) {
        return Done::Ret(Err(e));
    }
    hand_over(server, key, at);
    Done::Ret(Ok(0))
}

/// Completes the PI waiter at `at` in `parked` (its FUTEX_LOCK_PI returns 0:
/// the word already names it) and records it as the owner if others wait.
fn hand_over(server: &mut Server, key: FutexKey, at: usize) {
    let (thread, parked) = server.parked.remove(at);
    let new_owner = parked.tid;
    super::complete_parked(server, thread, parked, Done::Ret(Ok(0)));
    if pi_waiter(server, key).is_some() {
        server.pi_owners.insert(key, new_owner);
    } else {
        server.pi_owners.remove(&key);
    }
}

/// Thread `tid` is ending: each PI lock it holds that has waiters goes to
/// the oldest waiter, its word naming it with FUTEX_WAITERS (and
/// FUTEX_OWNER_DIED if the robust list or the libc set it), as Linux's
/// exit_pi_state_list hands the lock on.
pub fn pi_owner_died(server: &mut Server, tid: u32) {
    let held: alloc::vec::Vec<FutexKey> =
        server.pi_owners.iter().filter(|(_, &owner)| owner == tid).map(|(&k, _)| k).collect();
    for key in held {
        server.pi_owners.remove(&key);
        let Some(at) = pi_waiter(server, key) else { continue };
        // The word, in the waiter's own address space.
        let (waiter_pid, waiter_tid, word) = {
            let p = &server.parked[at].1;
            (p.pid, p.tid, p.frame.rdi)
        };
        let old = read_word(server, waiter_pid, word).unwrap_or(0);
        let new = waiter_tid | FUTEX_WAITERS | (old & FUTEX_OWNER_DIED);
        if write_word(server, waiter_pid, word, new).is_ok() {
            hand_over(server, key, at);
        }
    }
}

/// A wake count: INT_MAX and beyond mean all.
fn count(val: u32) -> usize {
    (val as i32).max(0) as usize
}

fn read_word(server: &mut Server, pid: u32, word: u64) -> Result<u32, Errno> {
    let Server { sys, procs, .. } = server;
    let p = procs.get_mut(&pid).ok_or(Errno::ESRCH)?;
    let bytes = p.read_bytes(&mut sys.frames, &sys.vfs, word, 4)?;
    Ok(u32::from_le_bytes(bytes.try_into().unwrap()))
}

/// The clock time (ns) a futex wait with the timespec at `timeout` ends
/// (None: no timeout): relative to now, or `absolute` on CLOCK_MONOTONIC or
/// (`realtime`) CLOCK_REALTIME. Err: the call's answer (EFAULT, EINVAL).
fn futex_deadline(
    server: &mut Server,
    pid: u32,
    timeout: u64,
    absolute: bool,
    realtime: bool,
) -> Result<Option<u64>, Done> {
    if timeout == 0 {
        return Ok(None);
    }
    let Server { sys, procs, .. } = server;
    let p = procs.get_mut(&pid).ok_or(Done::Gone)?;
    let ns = p.read_timespec(&mut sys.frames, &sys.vfs, timeout).map_err(|e| Done::Ret(Err(e)))?;
    Ok(Some(if !absolute {
        mk::clock_ns().saturating_add(ns)
    } else if realtime {
        // Wall-clock time is boot time plus the monotonic clock.
        ns.saturating_sub(sys.boot_time.saturating_mul(1_000_000_000))
    } else {
        ns
    }))
}

#[allow(clippy::too_many_arguments)]
fn futex_wait(
    server: &mut Server,
    pid: u32,
    word: u64,
    key: FutexKey,
    val: u32,
    timeout: u64,
    absolute: bool,
    realtime: bool,
    bitset: u32,
) -> Done {
    let deadline = match futex_deadline(server, pid, timeout, absolute, realtime) {
        Ok(deadline) => deadline,
        Err(done) => return done,
    };
    match read_word(server, pid, word) {
        Ok(current) if current != val => return Done::Ret(Err(Errno::EAGAIN)),
        Ok(_) => {}
        Err(e) => return Done::Ret(Err(e)),
    }
    if deadline.is_some_and(|d| d <= mk::clock_ns()) {
        return Done::Ret(Err(Errno::ETIMEDOUT));
    }
    Done::ParkFutex { key, bitset, deadline }
}

/// A futex's identity: (space, address). A private futex, or a shared one
/// in private memory, is (pid, address), as Linux keys it by (mm, address);
/// one in shared anonymous memory is ([`SHARED_SPACE`] | object, offset in
/// the object), the same in every process that maps it (see shm.rs).
pub type FutexKey = (u64, u64);
const SHARED_SPACE: u64 = 1 << 63;

/// The key of the futex at `word` of process `pid`; `private`: the call had
/// FUTEX_PRIVATE_FLAG (the key is then the process's whatever the memory).
pub fn futex_key(server: &Server, pid: u32, word: u64, private: bool) -> FutexKey {
    if !private {
        let shared = server
            .procs
            .get(&pid)
            .and_then(|p| p.vm.find(word))
            .and_then(|vma| crate::shm::page_of(vma, word));
        if let Some((object, offset)) = shared {
            return (SHARED_SPACE | object, offset);
        }
    }
    (pid as u64, word)
}

/// Wakes up to `count` waiters of the futex `key` whose bitset meets
/// `bitset`, oldest first; returns how many.
pub fn futex_wake(server: &mut Server, key: FutexKey, count: usize, bitset: u32) -> usize {
    let mut woken = 0;
    let mut i = 0;
    while woken < count && i < server.parked.len() {
        let parked = &server.parked[i].1;
        let matches = parked.futex.is_some_and(|(k, bits)| k == key && bits & bitset != 0);
        if !matches {
            i += 1;
            continue;
        }
        let (thread, parked) = server.parked.remove(i);
        super::complete_parked(server, thread, parked, Done::Ret(Ok(0)));
        woken += 1;
    }
    woken
}

/// FUTEX_WAKE_OP: `*word2 = op(*word2, oparg)`, wake `val` waiters of `word`
/// and, if the old value of `*word2` passes the comparison, `val2` of `word2`.
fn futex_wake_op(
    server: &mut Server,
    pid: u32,
    (key, key2): (FutexKey, FutexKey),
    val: u32,
    val2: u32,
    word2: u64,
    encoded: u32,
) -> Done {
    if !word2.is_multiple_of(4) {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let op = (encoded >> 28) & 0x7;
    let shift = (encoded >> 28) & 0x8 != 0;
    let cmp = (encoded >> 24) & 0xf;
    // 12-bit signed fields.
    let mut oparg = ((encoded << 8) as i32 >> 20) as u32;
    let cmparg = ((encoded << 20) as i32 >> 20) as u32;
    if shift {
        if oparg > 31 {
            return Done::Ret(Err(Errno::EINVAL));
        }
        oparg = 1 << oparg;
    }
    let old = match read_word(server, pid, word2) {
        Ok(v) => v,
        Err(e) => return Done::Ret(Err(e)),
    };
    let new = match op {
        0 => oparg,
        1 => old.wrapping_add(oparg),
        2 => old | oparg,
        3 => old & !oparg,
        4 => old ^ oparg,
        _ => return Done::Ret(Err(Errno::ENOSYS)),
    };
    {
        let Server { sys, procs, .. } = server;
        let Some(p) = procs.get_mut(&pid) else { return Done::Gone };
        if let Err(e) = p.write_bytes(&mut sys.frames, &sys.vfs, word2, &new.to_le_bytes()) {
            return Done::Ret(Err(e));
        }
    }
    let pass = match cmp {
        0 => old == cmparg,
        1 => old != cmparg,
        2 => (old as i32) < cmparg as i32,
        3 => (old as i32) <= cmparg as i32,
        4 => (old as i32) > cmparg as i32,
        5 => (old as i32) >= cmparg as i32,
        _ => return Done::Ret(Err(Errno::ENOSYS)),
    };
    let mut woken = futex_wake(server, key, count(val), u32::MAX);
    if pass {
        woken += futex_wake(server, key2, count(val2), u32::MAX);
    }
    Done::Ret(Ok(woken as u64))
}
