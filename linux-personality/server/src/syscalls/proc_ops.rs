//! Process life cycle: fork, vfork and clone (of processes), execve, exit and
//! exit_group, wait4 and waitid, kill of other processes, process groups and
//! sessions, job control (stop and continue). These handlers work on the
//! whole server (several processes).
//! See fork(2), clone(2), execve(2), wait4(2), kill(2), setpgid(2).
//!
//! fork copies the page map and shares every frame read-only (copy-on-write,
//! `Frames::share`); vfork is a fork whose parent waits until the child execs or
//! exits. A zombie keeps only its wait status; children of an exiting process
//! are reparented to pid 1.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use microkernel_user::abi::{exregs_flags, map_flags, thread_flags, ExceptionFrame, MapEntry};
use microkernel_user::{self as mk, Start};
use syscall_translation::{Errno, Sysno};

use super::Done;
use crate::process::Process;
use crate::Server;

const SIGCHLD: u64 = 17;
const CLONE_VM: u64 = 0x100;
const CLONE_VFORK: u64 = 0x4000;
const CLONE_SETTLS: u64 = 0x80000;
const CLONE_PARENT_SETTID: u64 = 0x100000;
const CLONE_CHILD_CLEARTID: u64 = 0x200000;
const CLONE_CHILD_SETTID: u64 = 0x1000000;

/// Processes and zombies the table holds at most (below pid_max, so that
/// `next_pid` always finds a free pid).
const MAX_PROCESSES: usize = 4096;

pub fn next_pid(server: &Server) -> u32 {
    let mut pid = server.last_pid;
    loop {
        pid = if pid >= 32767 { 2 } else { pid + 1 };
        if !server.procs.contains_key(&pid)
            && !server.zombies.contains_key(&pid)
            && !server.tids.contains_key(&pid)
        {
            return pid;
        }
    }
}

/// Creates a child of `pid` that resumes at the parent's frame with rax = 0.
fn fork_process(
    server: &mut Server,
    pid: u32,
    frame: &ExceptionFrame,
    stack: u64,
    tls: Option<u64>,
) -> Result<u32, Errno> {
    let parent = server.procs.get(&pid).ok_or(Errno::ESRCH)?;
    // RLIMIT_NPROC counts the processes of the real user (root is exempt, as
    // with CAP_SYS_RESOURCE); the table itself has a ceiling for everyone.
    let (uid, nproc) = (parent.cred.uid, parent.rlimits[super::RLIMIT_NPROC].0);
    if server.procs.len() + server.zombies.len() >= MAX_PROCESSES {
        return Err(Errno::EAGAIN);
    }
    if parent.cred.euid != 0
        && server.procs.values().filter(|p| p.cred.uid == uid).count() as u64 >= nproc
    {
        return Err(Errno::EAGAIN);
    }
    let child_pid = next_pid(server);
    let parent = server.procs.get(&pid).ok_or(Errno::ESRCH)?;
    let (parent_task, parent_thread) = (parent.task, parent.t.thread);
    let task = mk::task_create(0).map_err(|_| Errno::ENOMEM)?;
    let thread = match mk::thread_create(task, 0) {
        Ok(t) => t,
        Err(_) => {
            let _ = mk::task_destroy(task);
            return Err(Errno::EAGAIN);
        }
    };
    // Share every present page read-only in both.
    let mut parent_entries = Vec::new();
    let mut child_entries = Vec::new();
    let pages: Vec<(u64, u64)> = parent.pages.iter().map(|(&va, &f)| (va, f)).collect();
    for &(va, frame) in &pages {
        server.sys.frames.share(frame);
        let prot = parent
            .vm
            .find(va)
            .map(|v| v.prot)
            .unwrap_or(syscall_translation::flags::mmap::ProtFlags::empty());
        let flags = crate::process::map_prot(prot) & !map_flags::WRITE;
        if flags != 0 {
            parent_entries.push(MapEntry { virt: va, phys_flags: frame | flags });
            child_entries.push(MapEntry { virt: va, phys_flags: frame | flags });
        }
    }
    let mapped =
        mk::map(parent_task, &parent_entries).is_ok() && mk::map(task, &child_entries).is_ok();
    let child = Process {
        pid: child_pid,
        ppid: pid,
        task,
        t: crate::process::Thread {
            altstack: parent.t.altstack,
            fs_base: tls.unwrap_or(frame.fs_base),
            ..crate::process::Thread::new(child_pid, thread, parent.t.sigmask)
        },
        threads: BTreeMap::new(),
        vm: parent.vm.clone(),
        pages: parent.pages.clone(),
        fds: parent.fds.clone_for_fork(),
        fs: parent.fs.clone(),
        cred: parent.cred.clone(),
        mapped: parent.mapped.clone(),
        exe: parent.exe.clone(),
        cmdline: parent.cmdline.clone(),
        environ: parent.environ.clone(),
        sigactions: parent.sigactions,
        shared_pending: Default::default(),
        membarrier: parent.membarrier,
        cpu_before_exec: [0; 2],
        children: Default::default(),
        activity: crate::syscalls::rusage::Activity {
            maxrss_pages: parent.pages.len() as u64,
            ..Default::default()
        },
        pgid: parent.pgid,
        sid: parent.sid,
        vfork_parent: None,
        vfork_child: None,
        comm: [0; 16],
        itimer: None,
        rlimits: parent.rlimits,
        nice: parent.nice,
        job: Default::default(),
    };
    server.procs.insert(child_pid, child);
    server.last_pid = child_pid;
    server.sys.forks += 1;
    if !mapped {
        super::exit_process(server, child_pid, 9);
        return Err(Errno::ENOMEM);
    }
    // The child's registers: the parent's, rax = 0, maybe a new stack and TLS.
    let mut child_frame = *frame;
    child_frame.rax = 0;
    if stack != 0 {
        child_frame.rsp = stack;
    }
    if let Some(tls) = tls {
        child_frame.fs_base = tls;
    }
    // The parent's FPU state goes to the child too.
    server
        .utcb
        .exregs(parent_thread, exregs_flags::READ | exregs_flags::FPU)
        .map_err(|_| Errno::EAGAIN)?;
    server.utcb.set_exception_frame(&child_frame);
    let flags =
        thread_flags::FOREIGN_ABI | thread_flags::FRAME_FROM_UTCB | thread_flags::FPU_FROM_UTCB;
    if mk::thread_start(
        thread,
        Start { flags, handler: mk::whoami().0, priority: 50, ..Start::default() },
    )
    .is_err()
    {
        super::exit_process(server, child_pid, 9);
        return Err(Errno::EAGAIN);
    }
    server.by_thread.insert(thread, (child_pid, child_pid));
    Ok(child_pid)
}

pub(super) fn sys_fork(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    Done::Ret(fork_process(server, pid, frame, 0, None).map(|p| p as u64))
}

pub(super) fn sys_vfork(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    match fork_process(server, pid, frame, 0, None) {
        Ok(child) => vfork_wait(server, pid, child),
        Err(e) => Done::Ret(Err(e)),
    }
}

/// The vfork parent waits (parked) until the child execs or exits.
fn vfork_wait(server: &mut Server, pid: u32, child: u32) -> Done {
    if let Some(c) = server.procs.get_mut(&child) {
        c.vfork_parent = Some(pid);
    }
    if let Some(p) = server.procs.get_mut(&pid) {
        p.vfork_child = Some(child);
    }
    Done::ParkVfork(child)
}

pub(super) fn sys_clone(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let args = super::threads::CloneArgs {
        flags: frame.rdi,
        stack: frame.rsi,
        parent_tid: frame.rdx,
        child_tid: frame.r10,
        tls: frame.r8,
    };
    clone_with(server, pid, frame, &args)
}

/// clone and clone3: a thread, or a child process (fork, vfork, posix_spawn).
pub fn clone_with(
    server: &mut Server,
    pid: u32,
    frame: &ExceptionFrame,
    args: &super::threads::CloneArgs,
) -> Done {
    let (flags, stack, parent_tid, child_tid, tls) =
        (args.flags, args.stack, args.parent_tid, args.child_tid, args.tls);
    if flags & super::threads::CLONE_THREAD != 0 {
        return super::threads::clone_thread(server, pid, frame, args);
    }
    if flags & 0xff != SIGCHLD && flags & 0xff != 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    if flags & super::threads::CLONE_SIGHAND != 0 && flags & CLONE_VM == 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    if flags & CLONE_VM != 0 && flags & CLONE_VFORK == 0 {
        // A process sharing its parent's memory (not a thread): not supported.
        return Done::Ret(Err(Errno::ENOSYS));
    }
    let known = 0xff
        | CLONE_VM
        | CLONE_VFORK
        | CLONE_SETTLS
        | CLONE_PARENT_SETTID
        | CLONE_CHILD_CLEARTID
        | CLONE_CHILD_SETTID;
    if flags & !known != 0 {
        return Done::Ret(Err(Errno::ENOSYS));
    }
    let tls = (flags & CLONE_SETTLS != 0).then_some(tls);
    // CLONE_VM | CLONE_VFORK (posix_spawn): the child gets a copy-on-write copy
    // and its own stack pointer; the parent waits as for vfork.
    let child = match fork_process(server, pid, frame, stack, tls) {
        Ok(c) => c,
        Err(e) => return Done::Ret(Err(e)),
    };
    if flags & CLONE_PARENT_SETTID != 0 {
        let Server { sys, procs, .. } = server;
        if let Some(p) = procs.get_mut(&pid) {
            let _ = p.write_bytes(&mut sys.frames, &sys.vfs, parent_tid, &child.to_le_bytes());
        }
    }
    if flags & CLONE_CHILD_SETTID != 0 {
        let Server { sys, procs, .. } = server;
        if let Some(c) = procs.get_mut(&child) {
            let _ = c.write_bytes(&mut sys.frames, &sys.vfs, child_tid, &child.to_le_bytes());
        }
    }
    if flags & CLONE_CHILD_CLEARTID != 0 {
        if let Some(c) = server.procs.get_mut(&child) {
            c.t.clear_child_tid = child_tid;
        }
    }
    if flags & CLONE_VFORK != 0 {
        return vfork_wait(server, pid, child);
    }
    Done::Ret(Ok(child as u64))
}

/// Reads a NULL-terminated array of string pointers (argv, envp).
fn string_array(server: &mut Server, pid: u32, mut address: u64) -> Result<Vec<Vec<u8>>, Errno> {
    let Server { sys, procs, .. } = server;
    let p = procs.get_mut(&pid).ok_or(Errno::ESRCH)?;
    let mut out = Vec::new();
    let mut total = 0usize;
    if address == 0 {
        return Ok(out);
    }
    loop {
        let pointer = p.read_u64(&mut sys.frames, &sys.vfs, address)?;
        if pointer == 0 {
            return Ok(out);
        }
        let s = p.read_cstr(&mut sys.frames, &sys.vfs, pointer, 32 * 4096).map_err(|e| {
            if e == Errno::ENAMETOOLONG {
                Errno::E2BIG
            } else {
                e
            }
        })?;
        total += s.len() + 1 + 8;
        if total > 2 * 1024 * 1024 || out.len() > 0x7fff_ffff {
            return Err(Errno::E2BIG);
        }
        out.push(s);
        address += 8;
    }
}

pub(super) fn sys_execve(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (path, argv, envp) = (frame.rdi, frame.rsi, frame.rdx);
    let path = {
        let Server { sys, procs, .. } = server;
        let Some(p) = procs.get_mut(&pid) else { return Done::Ret(Err(Errno::ESRCH)) };
        match p.read_cstr(&mut sys.frames, &sys.vfs, path, 4096) {
            Ok(s) => s,
            Err(e) => return Done::Ret(Err(e)),
        }
    };
    execve_path(server, pid, path, argv, envp)
}

const AT_FDCWD: i32 = -100;
const AT_SYMLINK_NOFOLLOW: u64 = 0x100;
const AT_EMPTY_PATH: u64 = 0x1000;

/// execveat(2): the path from `dirfd`, or with AT_EMPTY_PATH the open file
/// itself (fexecve); AT_SYMLINK_NOFOLLOW refuses a final link (ELOOP).
pub(super) fn sys_execveat(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (dirfd, path, argv, envp, flags) =
        (frame.rdi as i32, frame.rsi, frame.rdx, frame.r10, frame.r8);
    if flags & !(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let resolved = (|| {
        let Server { sys, procs, .. } = server;
        let p = procs.get_mut(&pid).ok_or(Errno::ESRCH)?;
        let path = p.read_cstr(&mut sys.frames, &sys.vfs, path, 4096)?;
        if path.first() == Some(&b'/') || (dirfd == AT_FDCWD && !path.is_empty()) {
            return check_nofollow(sys, p, path, flags);
        }
        let file = p.file(dirfd)?;
        let inode = file.borrow().vfs_file().map(|v| v.inode()).ok_or(Errno::EACCES)?;
        let mut name = sys.vfs.name_of(p.fs.root(), inode)?;
        if path.is_empty() {
            if flags & AT_EMPTY_PATH == 0 {
                return Err(Errno::ENOENT);
            }
            return Ok(name);
        }
        if !sys.vfs.inode(inode)?.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        name.push(b'/');
        name.extend_from_slice(&path);
        check_nofollow(sys, p, name, flags)
    })();
    match resolved {
        Ok(path) => execve_path(server, pid, path, argv, envp),
        Err(e) => Done::Ret(Err(e)),
    }
}

fn check_nofollow(
    sys: &crate::Sys,
    p: &crate::process::Process,
    path: Vec<u8>,
    flags: u64,
) -> Result<Vec<u8>, Errno> {
    if flags & AT_SYMLINK_NOFOLLOW != 0 {
        let cx = linux_personality::vfs::Ctx::new(&p.fs, &p.cred);
        let at = linux_personality::vfs::At::Cwd;
        let target = sys.vfs.walk(&cx, at, &path, false)?.existing()?;
        if sys.vfs.inode(target)?.is_symlink() {
            return Err(Errno::ELOOP);
        }
    }
    Ok(path)
}

fn execve_path(server: &mut Server, pid: u32, path: Vec<u8>, argv: u64, envp: u64) -> Done {
    let argv = match string_array(server, pid, argv) {
        Ok(a) => a,
        Err(e) => return Done::Ret(Err(e)),
    };
    let envp = match string_array(server, pid, envp) {
        Ok(e) => e,
        Err(e) => return Done::Ret(Err(e)),
    };
    let Some(p) = server.procs.get(&pid) else { return Done::Ret(Err(Errno::ESRCH)) };
    let (fs, cred) = (p.fs.clone(), p.cred.clone());
    // /proc/self/exe (busybox re-executes itself through it).
    let path = if path == b"/proc/self/exe" { p.exe.clone().into_bytes() } else { path };
    let image = match crate::exec::load(&mut server.sys, &fs, &cred, &path, &argv, &envp) {
        Ok(image) => image,
        Err(failure) => return Done::Ret(Err(failure.errno)),
    };
    // Point of no return: replace the image.
    let Some(p) = server.procs.get_mut(&pid) else { return Done::Ret(Err(Errno::ESRCH)) };
    let old_task = p.task;
    // Every other thread ends; the caller goes on as the leader (tid = pid).
    let old_threads = p.kthreads();
    let mut before = [0; 2];
    for &thread in &old_threads {
        let t = super::rusage::thread_time(&mut server.sys, thread);
        before = [before[0] + t[0], before[1] + t[1]];
    }
    let Some(p) = server.procs.get_mut(&pid) else { return Done::Ret(Err(Errno::ESRCH)) };
    p.cpu_before_exec[0] += before[0];
    p.cpu_before_exec[1] += before[1];
    p.threads.clear();
    let old_pages = core::mem::take(&mut p.pages);
    p.task = image.task;
    p.t.thread = image.thread;
    p.t.tid = pid;
    p.vm = image.vm.clone();
    p.pages = image.pages.clone();
    p.exe = image.exe.clone();
    p.cmdline = crate::exec::nul_joined(&argv);
    p.environ = crate::exec::nul_joined(&envp);
    p.comm = crate::exec::comm_of(&path);
    p.mapped = [(image.file.0, image.file.1.clone())].into_iter().collect();
    p.t.fs_base = 0;
    p.t.clear_child_tid = 0;
    p.t.robust_list = 0;
    p.t.altstack = [0, 2, 0];
    p.t.deliver.clear();
    p.membarrier = 0;
    for action in p.sigactions.iter_mut() {
        if action[0] > 1 {
            *action = [0, 0, 0, 0];
        }
    }
    // Closing a descriptor at exec releases the record locks on its file, as
    // any close does.
    for file in p.fds.close_on_exec() {
        server.sys.locks.closed_by(pid, &file);
    }
    let vfork_parent = p.vfork_parent.take();
    let _ = mk::task_destroy(old_task);
    for (_, frame) in old_pages {
        server.sys.frames.free(frame);
    }
    if !server.sys.frames.shm.pages.is_empty() {
        server.sys.frames.shm.unmapped = true;
    }
    for thread in old_threads {
        server.by_thread.remove(&thread);
    }
    server.tids.retain(|_, owner| *owner != pid);
    server.parked.retain(|(_, parked)| parked.pid != pid);
    server.by_thread.insert(image.thread, (pid, pid));
    if let Some(parent) = vfork_parent {
        release_vfork_parent(server, parent);
    }
    if crate::exec::start(&image).is_err() {
        super::exit_process(server, pid, 9);
    }
    if server.sys.strace {
        let line =
            alloc::format!("[pid {pid}] execve(\"{}\", ...) = 0\n", String::from_utf8_lossy(&path));
        server.sys.console.write_stderr(line.as_bytes());
    }
    Done::Gone
}

/// A vfork parent may go on: its child exec'ed or exited.
pub fn release_vfork_parent(server: &mut Server, parent: u32) {
    if let Some(p) = server.procs.get_mut(&parent) {
        p.vfork_child = None;
    }
}

/// What wait4/waitid collect (wait(2)).
#[derive(Clone, Copy)]
struct WaitFor {
    /// WEXITED (always for wait4).
    exited: bool,
    /// WUNTRACED / WSTOPPED.
    stopped: bool,
    /// WCONTINUED.
    continued: bool,
    /// WNOWAIT: leave the child waitable.
    keep: bool,
    /// WNOHANG.
    nohang: bool,
}

const WNOHANG: u64 = 1;
const WUNTRACED: u64 = 2;
const WEXITED: u64 = 4;
const WCONTINUED: u64 = 8;
const WNOWAIT: u64 = 0x0100_0000;

/// wait4/waitid's search: Ok(Some((pid, status, usage))) collected (pid
/// 0 with WNOHANG: none yet; the usage of a reaped child, else 0), Ok(None)
/// must wait.
fn reap(
    server: &mut Server,
    pid: u32,
    which: i64,
    want: WaitFor,
) -> Result<Option<(u32, i32, super::rusage::Usage)>, Errno> {
    let my_pgid = server.procs.get(&pid).map(|p| p.pgid).unwrap_or(0);
    let matches = |child: u32, pgid: u32| match which {
        -1 => true,
        0 => pgid == my_pgid,
        w if w > 0 => child == w as u32,
        w => pgid == w.wrapping_neg() as u32,
    };
    if want.exited {
        let zombie = server
            .zombies
            .iter()
            .find(|(&child, z)| z.ppid == pid && matches(child, z.pgid))
            .map(|(&c, z)| (c, z.status));
        if let Some((child, status)) = zombie {
            if !want.keep {
                // A waited-for child's usage counts as the parent's children's.
                if let Some(z) = server.zombies.remove(&child) {
                    if let Some(p) = server.procs.get_mut(&pid) {
                        p.children.add(&z.usage);
                    }
                    return Ok(Some((child, status, z.usage)));
                }
            }
            return Ok(Some((child, status, Default::default())));
        }
    }
    let event = server.procs.values_mut().find_map(|c| {
        let status = c.job.report?;
        let wanted = if status == CONTINUED { want.continued } else { want.stopped };
        if c.ppid != pid || !matches(c.pid, c.pgid) || !wanted {
            return None;
        }
        if !want.keep {
            c.job.report = None;
        }
        Some((c.pid, status, Default::default()))
    });
    if let Some(event) = event {
        return Ok(Some(event));
    }
    let has_children = server.procs.values().any(|p| p.ppid == pid && matches(p.pid, p.pgid));
    if !has_children {
        return Err(Errno::ECHILD);
    }
    if want.nohang {
        return Ok(Some((0, 0, Default::default())));
    }
    Ok(None)
}

pub(super) fn sys_wait4(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (which, status_address, options, rusage) =
        (frame.rdi as i32 as i64, frame.rsi, frame.rdx, frame.r10);
    if options & !(WNOHANG | WUNTRACED | WCONTINUED | 0x4000_0000 | 0x8000_0000 | 0x2000_0000) != 0
    {
        return Done::Ret(Err(Errno::EINVAL));
    }
    // -INT_MIN is no process group (Linux: ESRCH).
    if which == i64::from(i32::MIN) {
        return Done::Ret(Err(Errno::ESRCH));
    }
    let want = WaitFor {
        exited: true,
        stopped: options & WUNTRACED != 0,
        continued: options & WCONTINUED != 0,
        keep: false,
        nohang: options & WNOHANG != 0,
    };
    match reap(server, pid, which, want) {
        Err(e) => Done::Ret(Err(e)),
        Ok(None) => Done::Park(None),
        Ok(Some((child, status, usage))) => {
            let Server { sys, procs, .. } = server;
            let Some(p) = procs.get_mut(&pid) else { return Done::Ret(Err(Errno::ESRCH)) };
            if child != 0 && status_address != 0 {
                if let Err(e) =
                    p.write_bytes(&mut sys.frames, &sys.vfs, status_address, &status.to_le_bytes())
                {
                    return Done::Ret(Err(e));
                }
            }
            if child != 0 && rusage != 0 {
                // The reaped child's (and its children's) usage.
                let bytes = super::rusage::rusage_bytes(&usage);
                if let Err(e) = p.write_bytes(&mut sys.frames, &sys.vfs, rusage, &bytes) {
                    return Done::Ret(Err(e));
                }
            }
            Done::Ret(Ok(child as u64))
        }
    }
}

pub(super) fn sys_waitid(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (idtype, id, infop, options) = (frame.rdi, frame.rsi as u32, frame.rdx, frame.r10);
    let known = WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT | 0xe000_0000;
    if options & (WEXITED | WUNTRACED | WCONTINUED) == 0 || options & !known != 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let which = match idtype {
        0 => -1,
        1 => id as i64,
        2 => -(id as i64),
        _ => return Done::Ret(Err(Errno::EINVAL)),
    };
    let want = WaitFor {
        exited: options & WEXITED != 0,
        stopped: options & WUNTRACED != 0,
        continued: options & WCONTINUED != 0,
        keep: options & WNOWAIT != 0,
        nohang: options & WNOHANG != 0,
    };
    match reap(server, pid, which, want) {
        Err(e) => Done::Ret(Err(e)),
        Ok(None) => Done::Park(None),
        Ok(Some((child, status, _))) => {
            if infop != 0 {
                let mut info = [0u8; 128];
                if child != 0 {
                    let (code, value): (i32, i32) = if status == CONTINUED {
                        (CLD_CONTINUED, SIGCONT as i32)
                    } else if status & 0xff == 0x7f {
                        (CLD_STOPPED, (status >> 8) & 0xff)
                    } else if status & 0x7f == 0 {
                        (1, (status >> 8) & 0xff)
                    } else if status & 0x80 != 0 {
                        (3, status & 0x7f)
                    } else {
                        (2, status & 0x7f)
                    };
                    info[0..4].copy_from_slice(&(SIGCHLD as i32).to_le_bytes());
                    info[8..12].copy_from_slice(&code.to_le_bytes());
                    info[16..20].copy_from_slice(&child.to_le_bytes());
                    info[24..28].copy_from_slice(&value.to_le_bytes());
                }
                let Server { sys, procs, .. } = server;
                if let Some(p) = procs.get_mut(&pid) {
                    if let Err(e) = p.write_bytes(&mut sys.frames, &sys.vfs, infop, &info) {
                        return Done::Ret(Err(e));
                    }
                }
            }
            Done::Ret(Ok(0))
        }
    }
}

/// Sends `signal` to process `target` from process `sender` (0: the kernel),
/// with kill(2)'s siginfo (SI_USER, or SI_KERNEL from the kernel).
pub fn signal_process(server: &mut Server, target: u32, signal: u64, sender: u32) {
    let uid = server.procs.get(&sender).map_or(0, |p| p.cred.uid);
    let info = crate::signals::SigInfo::user(signal as i32, sender, uid);
    let _ = signal_process_info(server, target, info);
}

/// Sends `signal` to thread `tid` of process `target` only, from process
/// `sender` (the kernel's signals against one thread, such as SIGPIPE).
pub fn signal_thread(server: &mut Server, target: u32, tid: u32, signal: u64, sender: u32) {
    let uid = server.procs.get(&sender).map_or(0, |p| p.cred.uid);
    let info = crate::signals::SigInfo::user(signal as i32, sender, uid);
    let _ = signal_thread_info(server, target, tid, info);
}

/// The set thread `tid` of `pid` waits for in a parked rt_sigtimedwait (0: none).
fn sigwait_set(server: &Server, pid: u32, tid: u32) -> u64 {
    let nr = Sysno::rt_sigtimedwait as u64;
    if server.parked.iter().any(|(_, q)| q.pid == pid && q.tid == tid && q.frame.rax == nr) {
        server
            .procs
            .get(&pid)
            .and_then(|p| p.all_threads().find(|t| t.tid == tid))
            .map_or(0, |t| t.sigwait)
    } else {
        0
    }
}

/// Sends a signal with its siginfo to process `target` as a whole (kill,
/// sigqueue, SIGCHLD, the terminal's signals): see [`send`].
pub fn signal_process_info(
    server: &mut Server,
    target: u32,
    info: crate::signals::SigInfo,
) -> Result<(), Errno> {
    send(server, target, None, info)
}

/// Sends a signal with its siginfo to thread `tid` of process `target` only
/// (tkill, tgkill, rt_tgsigqueueinfo): see [`send`].
pub fn signal_thread_info(
    server: &mut Server,
    target: u32,
    tid: u32,
    info: crate::signals::SigInfo,
) -> Result<(), Errno> {
    send(server, target, Some(tid), info)
}

/// Linux's `send_signal` and `complete_signal`: a SIGCONT continues the
/// process whatever its disposition, and discards the pending stop signals
/// (a stop signal discards a pending SIGCONT), in every queue. Then the
/// signal goes to a thread: `to`, or for a process-directed signal (`to` is
/// None) the first thread, the current one first, that does not block it or
/// waits for it in rt_sigtimedwait (Linux's `wants_signal`; else the current).
/// If that thread blocks it or waits for it, it becomes pending: on the
/// thread's own queue if it was sent to the thread, else on the process's,
/// which every thread reads (EAGAIN: the real-time queue is full). Otherwise
/// [`act`] decides what it does.
fn send(
    server: &mut Server,
    target: u32,
    to: Option<u32>,
    info: crate::signals::SigInfo,
) -> Result<(), Errno> {
    let signal = info.signo as u64;
    if signal == 0 || signal > 64 || !server.procs.contains_key(&target) {
        return Ok(());
    }
    if signal == SIGCONT {
        continue_process(server, target);
    }
    let waits: Vec<(u32, u64)> = match server.procs.get(&target) {
        Some(p) => p.all_threads().map(|t| (t.tid, sigwait_set(server, target, t.tid))).collect(),
        None => return Ok(()),
    };
    let waited = |tid: u32| waits.iter().find(|w| w.0 == tid).map_or(0, |w| w.1);
    let Some(p) = server.procs.get_mut(&target) else { return Ok(()) };
    let discard = if signal == SIGCONT {
        crate::signals::STOP_MASK
    } else if crate::signals::is_stop(signal) {
        crate::signals::CONT_MASK
    } else {
        0
    };
    if discard != 0 {
        p.shared_pending.discard(discard);
        p.t.pending.discard(discard);
        for t in p.threads.values_mut() {
            t.pending.discard(discard);
        }
    }
    let bit = 1u64 << (signal - 1);
    let action = p.sigactions[signal as usize][0];
    let tid = match to {
        Some(tid) => tid,
        None => p
            .all_threads()
            .find(|t| t.sigmask & !waited(t.tid) & bit == 0)
            .map_or(p.t.tid, |t| t.tid),
    };
    let Some(t) = p.thread_mut(tid) else { return Ok(()) };
    let mask = t.sigmask;
    if signal != SIGKILL && signal != SIGSTOP && (mask | waited(tid)) & bit != 0 {
        // Waited for but not blocked, an ignored signal is still discarded.
        if mask & bit == 0 && crate::signals::discarded(signal, action) {
            return Ok(());
        }
        let queue = if to.is_some() { &mut t.pending } else { &mut p.shared_pending };
        queue.post(info).map_err(|()| Errno::EAGAIN)?;
        server.sys.events += 1;
        return Ok(());
    }
    let sender = info.pid as u32;
    act(server, target, tid, info, target == sender);
    Ok(())
}

/// What a signal that thread `tid` does not block does, the one place that
/// decides it (for a signal just sent, or one taken from pending): it is
/// discarded if ignored; a stop signal whose action is the default stops the
/// process (see [`stop_process`]); one with a handler is queued for it
/// ([`direct_to_thread`]; `from_itself` as there); any other default action
/// ends the whole process (with a core dump flag for those that dump).
fn act(
    server: &mut Server,
    target: u32,
    tid: u32,
    info: crate::signals::SigInfo,
    from_itself: bool,
) {
    let signal = info.signo as u64;
    let Some(p) = server.procs.get(&target) else { return };
    let action = p.sigactions[signal as usize][0];
    if crate::signals::discarded(signal, action) {
        return;
    }
    if crate::signals::is_stop(signal) && action == 0 {
        stop_process(server, target, signal);
        return;
    }
    if action > 1 && signal != SIGKILL {
        direct_to_thread(server, target, tid, info, from_itself);
        return;
    }
    let core = if crate::signals::dumps_core(signal) { 0x80 } else { 0 };
    super::exit_process(server, target, signal as i32 | core);
}

/// Pending signals the current thread's mask no longer blocks take their
/// action, its own first, then the process's (as the thread returns to user
/// mode: after a sigprocmask, a sigreturn, or under a call's temporary mask).
pub fn take_unblocked(server: &mut Server, pid: u32) {
    while let Some((tid, info)) = server.procs.get_mut(&pid).and_then(|p| {
        let unblocked = !p.t.sigmask;
        p.dequeue_signal(unblocked).map(|info| (p.t.tid, info))
    }) {
        act(server, pid, tid, info, true);
    }
}

/// Queues `info` for thread `tid`'s handler and makes the thread take it: a
/// parked call of it ends (EINTR, or restarts with SA_RESTART), a running
/// thread is interrupted. `from_itself`: the process signalled itself, and if
/// `tid` is the caller being served it takes the signal when its call returns.
pub fn direct_to_thread(
    server: &mut Server,
    target: u32,
    tid: u32,
    info: crate::signals::SigInfo,
    from_itself: bool,
) {
    let signal = info.signo as usize;
    let Some(p) = server.procs.get_mut(&target) else { return };
    let current = p.t.tid;
    let Some(t) = p.thread_mut(tid) else { return };
    t.deliver.push(info);
    let thread = t.thread;
    // Interrupt a parked call (EINTR) or the running thread.
    if let Some(i) = server
        .parked
        .iter()
        .position(|(_, parked)| parked.pid == target && parked.tid == tid && parked.vfork.is_none())
    {
        let (thread, parked) = server.parked.remove(i);
        let Some(p) = server.procs.get_mut(&target) else { return };
        p.enter(tid);
        // (rt_sigsuspend's mask of before, `saved_mask`, goes into the
        // handler's frame: `signals::deliver`.)
        let written = core::mem::take(&mut p.t.io_progress);
        let mut frame = parked.frame;
        let restart = p.sigactions[signal][1] & crate::signals::SA_RESTART != 0
            && super::table::flags(frame.rax).contains(super::table::CallFlags::RESTARTABLE);
        if is_wait(frame.rax) {
            // A wait the same event lets finish (the child whose exit sent
            // this SIGCHLD) returns its child, then the handler runs.
            if let reply @ (super::Reply::Rax(_) | super::Reply::Frame) =
                super::handle(server, target, &mut frame)
            {
                let reply = super::deliver_signals(server, target, tid, reply, &mut frame);
                super::send_reply(server, thread, reply, &frame);
                if let Some(p) = server.procs.get_mut(&target) {
                    p.enter(current);
                }
                return;
            }
            frame = parked.frame;
        }
        let reply = if written > 0 {
            // A write that moved some bytes returns their count.
            frame.rax = written;
            super::deliver_signals(server, target, tid, super::Reply::Rax(frame.rax), &mut frame)
        } else if restart {
            // SA_RESTART: the handler returns to the `syscall` instruction
            // with the call number in rax, so the call runs again.
            frame.rip -= 2;
            super::deliver_signals(server, target, tid, super::Reply::Frame, &mut frame)
        } else {
            frame.rax = Errno::EINTR.to_return();
            super::deliver_signals(server, target, tid, super::Reply::Rax(frame.rax), &mut frame)
        };
        super::send_reply(server, thread, reply, &frame);
        // The thread that was being served stays the current one.
        if let Some(p) = server.procs.get_mut(&target) {
            p.enter(current);
        }
    } else if !(from_itself && tid == current) {
        let _ = mk::thread_interrupt(thread);
    }
}

const SIGHUP: u64 = 1;
const SIGKILL: u64 = 9;
const SIGSTOP: u64 = 19;
const SIGCONT: u64 = 18;
/// waitid's si_code for a child that stopped or continued.
const CLD_STOPPED: i32 = 5;
const CLD_CONTINUED: i32 = 6;
/// The wait status of a continued child (WIFCONTINUED).
const CONTINUED: i32 = 0xffff;

/// A stop signal's default action: the process stops (its thread is suspended)
/// and its parent hears of it (SIGCHLD unless SA_NOCLDSTOP, and wait4 with
/// WUNTRACED). SIGTSTP, SIGTTIN and SIGTTOU do not stop a process of an
/// orphaned group, which no shell could continue (signal(7)).
pub fn stop_process(server: &mut Server, pid: u32, signal: u64) {
    let Some(p) = server.procs.get(&pid) else { return };
    if p.job.stopped || (signal != SIGSTOP && orphaned_group(server, p.pgid)) {
        return;
    }
    let p = server.procs.get_mut(&pid).unwrap();
    p.job.stopped = true;
    p.job.report = Some(0x7f | (signal as i32) << 8);
    for thread in p.kthreads() {
        let _ = mk::thread_suspend(thread, true);
    }
    notify_parent(server, pid);
}

/// SIGCONT: a stopped process runs again, and its parent hears of it.
pub fn continue_process(server: &mut Server, pid: u32) {
    let Some(p) = server.procs.get_mut(&pid) else { return };
    if !p.job.stopped {
        return;
    }
    p.job.stopped = false;
    p.job.report = Some(CONTINUED);
    for thread in p.kthreads() {
        let _ = mk::thread_suspend(thread, false);
    }
    notify_parent(server, pid);
}

/// SIGCHLD for a child's stop or continue, unless the parent set SA_NOCLDSTOP.
fn notify_parent(server: &mut Server, child: u32) {
    let Some(parent) = server.procs.get(&child).map(|p| p.ppid) else { return };
    let quiet = server
        .procs
        .get(&parent)
        .is_some_and(|q| q.sigactions[SIGCHLD as usize][1] & crate::signals::SA_NOCLDSTOP != 0);
    if !quiet {
        let Some(c) = server.procs.get(&child) else { return };
        let (code, value) = match c.job.report {
            Some(CONTINUED) => (CLD_CONTINUED, SIGCONT),
            Some(status) => (CLD_STOPPED, (status as u64 >> 8) & 0xff),
            None => return,
        };
        let info = crate::signals::SigInfo {
            code,
            value,
            ..crate::signals::SigInfo::user(SIGCHLD as i32, child, c.cred.uid)
        };
        let _ = signal_process_info(server, parent, info);
    }
}

/// Sends `signal` to every process of group `pgid`.
pub fn signal_group(server: &mut Server, pgid: u32, signal: u64, sender: u32) {
    let members: Vec<u32> =
        server.procs.values().filter(|p| p.pgid == pgid).map(|p| p.pid).collect();
    for pid in members {
        signal_process(server, pid, signal, sender);
    }
}

/// Whether a process group is orphaned: no member has a parent in another
/// group of the same session (credentials(7)). Unlike Linux, a parent that is
/// pid 1 counts: here pid 1 is often the interactive shell itself.
pub fn orphaned_group(server: &Server, pgid: u32) -> bool {
    !server.procs.values().filter(|p| p.pgid == pgid).any(|p| {
        server.procs.get(&p.ppid).is_some_and(|parent| parent.pgid != pgid && parent.sid == p.sid)
    })
}

/// The process groups that `pid` keeps from being orphaned: its own, if its
/// parent is in another group of the session, and its children's groups
/// other than its own in the session.
pub fn group_links(server: &Server, pid: u32) -> Vec<u32> {
    let Some(p) = server.procs.get(&pid) else { return Vec::new() };
    let mut groups = Vec::new();
    if server.procs.get(&p.ppid).is_some_and(|q| q.pgid != p.pgid && q.sid == p.sid) {
        groups.push(p.pgid);
    }
    for child in server.procs.values().filter(|c| c.ppid == pid) {
        if child.pgid != p.pgid && child.sid == p.sid && !groups.contains(&child.pgid) {
            groups.push(child.pgid);
        }
    }
    groups
}

/// After an exit: each of `groups` that is now orphaned and has a stopped
/// member gets SIGHUP, then SIGCONT (POSIX _exit(2)), since no shell is left
/// to continue it.
pub fn hang_up_orphaned(server: &mut Server, groups: &[u32]) {
    for &group in groups {
        let stopped = server.procs.values().any(|p| p.pgid == group && p.job.stopped);
        if stopped && orphaned_group(server, group) {
            signal_group(server, group, SIGHUP, 0);
            signal_group(server, group, SIGCONT, 0);
        }
    }
}

pub(super) fn sys_kill(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (target, signal) = (frame.rdi as i32, frame.rsi);
    if signal > 64 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let my_pgid = server.procs.get(&pid).map(|p| p.pgid).unwrap_or(0);
    let targets: Vec<u32> = match target {
        t if t > 0 => server.procs.keys().copied().filter(|&p| p == t as u32).collect(),
        0 => server.procs.values().filter(|p| p.pgid == my_pgid).map(|p| p.pid).collect(),
        // Every process but init and the caller (Linux's kill_something_info).
        -1 => server.procs.keys().copied().filter(|&p| p != 1 && p != pid).collect(),
        // kill(INT_MIN, ...) names no group (ESRCH), and must not overflow.
        t => server
            .procs
            .values()
            .filter(|p| p.pgid == t.wrapping_neg() as u32)
            .map(|p| p.pid)
            .collect(),
    };
    if targets.is_empty() {
        return Done::Ret(Err(Errno::ESRCH));
    }
    let mut self_signalled = false;
    for t in targets {
        if t == pid {
            self_signalled = true;
        } else {
            signal_process(server, t, signal, pid);
        }
    }
    if self_signalled {
        signal_process(server, pid, signal, pid);
        if !server.procs.contains_key(&pid) {
            return Done::Gone;
        }
    }
    Done::Ret(Ok(0))
}

pub(super) fn sys_setpgid(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (target, pgid) = (frame.rdi as i32, frame.rsi as i32);
    if pgid < 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let target = if target == 0 { pid } else { target as u32 };
    let my_sid = server.procs.get(&pid).map(|p| p.sid).unwrap_or(0);
    let Some(t) = server.procs.get_mut(&target) else { return Done::Ret(Err(Errno::ESRCH)) };
    if target != pid && t.ppid != pid {
        return Done::Ret(Err(Errno::ESRCH));
    }
    if t.sid != my_sid {
        return Done::Ret(Err(Errno::EPERM));
    }
    if t.pid == t.sid {
        return Done::Ret(Err(Errno::EPERM));
    }
    t.pgid = if pgid == 0 { target } else { pgid as u32 };
    Done::Ret(Ok(0))
}

pub(super) fn sys_getpgid(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let target = if frame.rdi as i32 == 0 { pid } else { frame.rdi as u32 };
    Done::Ret(server.procs.get(&target).map(|p| p.pgid as u64).ok_or(Errno::ESRCH))
}

pub(super) fn sys_getpgrp(server: &mut Server, pid: u32, _frame: &mut ExceptionFrame) -> Done {
    Done::Ret(server.procs.get(&pid).map(|p| p.pgid as u64).ok_or(Errno::ESRCH))
}

pub(super) fn sys_setsid(server: &mut Server, pid: u32, _frame: &mut ExceptionFrame) -> Done {
    if server.procs.values().any(|p| p.pgid == pid && p.pid != pid)
        || server.procs.get(&pid).is_some_and(|p| p.pgid == pid)
    {
        return Done::Ret(Err(Errno::EPERM));
    }
    let Some(p) = server.procs.get_mut(&pid) else { return Done::Ret(Err(Errno::ESRCH)) };
    p.sid = pid;
    p.pgid = pid;
    Done::Ret(Ok(pid as u64))
}

pub(super) fn sys_getsid(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let target = if frame.rdi as i32 == 0 { pid } else { frame.rdi as u32 };
    Done::Ret(server.procs.get(&target).map(|p| p.sid as u64).ok_or(Errno::ESRCH))
}

/// rt_sigsuspend: wait with a temporary mask until a handled signal arrives
/// (then EINTR, with the handler run and the old mask restored by sigreturn).
pub(super) fn sys_rt_sigsuspend(server: &mut Server, pid: u32, frame: &mut ExceptionFrame) -> Done {
    let (set, size) = (frame.rdi, frame.rsi);
    if size != 8 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let Server { sys, procs, .. } = server;
    let Some(p) = procs.get_mut(&pid) else { return Done::Ret(Err(Errno::ESRCH)) };
    let mask = match p.read_u64(&mut sys.frames, &sys.vfs, set) {
        Ok(m) => m & !((1 << 8) | (1 << 18)),
        Err(e) => return Done::Ret(Err(e)),
    };
    if p.t.saved_mask.is_none() {
        p.t.saved_mask = Some(p.t.sigmask);
    }
    p.t.sigmask = mask;
    // Signals pending and now unblocked are taken at once: queued for their
    // handlers under the temporary mask (under the old one they would only
    // be pending again), then the old mask is back for the handler's frame.
    if p.pending_mask() & !mask != 0 {
        take_unblocked(server, pid);
        let Some(p) = server.procs.get_mut(&pid) else { return Done::Gone };
        if !p.t.deliver.is_empty() {
            // The first handler's frame takes the mask of before (`saved_mask`).
            return Done::Ret(Err(Errno::EINTR));
        }
    }
    Done::Park(None)
}

/// pause: wait until a signal runs a handler (EINTR) or ends the process.
pub(super) fn sys_pause(_server: &mut Server, _pid: u32, _frame: &mut ExceptionFrame) -> Done {
    Done::Park(None)
}

fn is_wait(nr: u64) -> bool {
    nr == Sysno::wait4 as u64 || nr == Sysno::waitid as u64
}
