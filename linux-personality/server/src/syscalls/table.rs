//! The system-call table: the one place a Linux system call is added.
//!
//! [`TABLE`] holds one [`Entry`] per x86-64 number: the handler `sys_<name>`
//! (which lives in its family's file) and the [`CallFlags`] that say how the
//! dispatcher, the parked-call loop and signal delivery treat the call. A
//! number without an entry returns ENOSYS, is counted by name, and is marked
//! `[unimplemented]` under `--strace`.
//!
//! To add a call: write `sys_<name>` in its family's file, then add one line
//! below, `name => call(family::sys_name), FLAG, ...;` (`server(...)` for a
//! handler that needs the whole server: other processes or threads).

use bitflags::bitflags;
use microkernel_user::abi::ExceptionFrame;
use syscall_translation::numbers::MAX_SYSNO;
use syscall_translation::Sysno;

use super::{
    attrs, creds, epoll, eventfd, fs, info, locks, mm, names, net, poll, proc_ops, process, rusage,
    sched, signal, sigwait, threads, time, Call, Done,
};
use crate::Server;

bitflags! {
    /// What the dispatcher needs to know about a call besides its handler.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct CallFlags: u8 {
        /// Cannot let a parked call finish (changes no pipe, process, lock or
        /// terminal another call waits on): the server does not re-run the
        /// parked calls after it. Every other process-shaped call counts as
        /// an event (server-shaped handlers raise their own: a signal, an exit).
        const QUIET = 1 << 0;
        /// Takes a path, and so may reach /proc and its view of every process,
        /// or otherwise counts the processes (sysinfo): the handler gets
        /// `Call::others`.
        const NAMES_PATHS = 1 << 1;
        /// SA_RESTART restarts it after a handler (signal(7), "Interruption of
        /// system calls and library functions by signal handlers"); sleeps,
        /// poll, select and sigsuspend always fail with EINTR.
        const RESTARTABLE = 1 << 2;
        /// A parked call whose timeout passed fails with EAGAIN (a socket's
        /// SO_RCVTIMEO/SO_SNDTIMEO, rt_sigtimedwait), where poll, select and
        /// epoll_wait return 0.
        const EAGAIN_ON_TIMEOUT = 1 << 3;
        /// Runs while the heap is below `pressure::CALL_RESERVE`: it gives
        /// memory back or ends things (close, munmap, exit, kill, ...).
        const UNDER_PRESSURE = 1 << 4;
        /// A sleep (nanosleep): parked until its deadline, never re-run.
        const SLEEP = 1 << 5;
    }
}

/// What performs a call: a handler of one of the two shapes, or a marker.
#[derive(Clone, Copy)]
pub enum Handler {
    /// Works on the calling process (most calls).
    Call(fn(&mut Call) -> Done),
    /// Works on the whole server (other processes or threads): fork, wait,
    /// kill, futex, ...
    Server(fn(&mut Server, u32, &mut ExceptionFrame) -> Done),
    /// rt_sigreturn: the exception loop hands it to `syscalls::sigreturn`.
    Sigreturn,
    /// Known and deliberately left out: ENOSYS (counted, marked under
    /// `--strace`) like a number without an entry.
    Enosys,
}

#[derive(Clone, Copy)]
pub struct Entry {
    pub handler: Handler,
    pub flags: CallFlags,
}

impl Entry {
    /// Whether a handler performs the call.
    pub fn implemented(&self) -> bool {
        !matches!(self.handler, Handler::Enosys)
    }
}

/// The entry of number `nr`, if it has one.
#[inline]
pub fn entry(nr: u64) -> Option<&'static Entry> {
    TABLE.get(usize::try_from(nr).ok()?)?.as_ref()
}

/// The flags of number `nr` (none without an entry).
#[inline]
pub fn flags(nr: u64) -> CallFlags {
    entry(nr).map_or(CallFlags::empty(), |e| e.flags)
}

const fn call(handler: fn(&mut Call) -> Done) -> Handler {
    Handler::Call(handler)
}

const fn server(handler: fn(&mut Server, u32, &mut ExceptionFrame) -> Done) -> Handler {
    Handler::Server(handler)
}

const SIGRETURN: Handler = Handler::Sigreturn;
const ENOSYS: Handler = Handler::Enosys;

/// Builds [`TABLE`] from `name => handler, FLAG, ...;` lines; a number listed
/// twice fails the build.
macro_rules! table {
    ($($name:ident => $handler:expr $(, $flag:ident)*;)*) => {
        /// Linux x86-64 number -> entry.
        static TABLE: [Option<Entry>; MAX_SYSNO as usize + 1] = {
            let mut table: [Option<Entry>; MAX_SYSNO as usize + 1] = [None; MAX_SYSNO as usize + 1];
            $(
                assert!(
                    table[Sysno::$name as usize].is_none(),
                    concat!("two table entries for ", stringify!($name))
                );
                table[Sysno::$name as usize] = Some(Entry {
                    handler: $handler,
                    flags: CallFlags::from_bits_retain(0 $(| CallFlags::$flag.bits())*),
                });
            )*
            table
        };
    };
}

table! {
    // Files: read, write, open, close, descriptors (fs.rs, locks.rs).
    read => call(fs::sys_read), RESTARTABLE, EAGAIN_ON_TIMEOUT;
    write => call(fs::sys_write), RESTARTABLE, EAGAIN_ON_TIMEOUT, UNDER_PRESSURE;
    readv => call(fs::sys_readv), RESTARTABLE;
    writev => call(fs::sys_writev), RESTARTABLE;
    pread64 => call(fs::sys_pread64), RESTARTABLE;
    pwrite64 => call(fs::sys_pwrite64), RESTARTABLE;
    preadv => call(fs::sys_preadv);
    pwritev => call(fs::sys_pwritev);
    lseek => call(fs::sys_lseek), QUIET;
    open => call(fs::sys_open), QUIET, NAMES_PATHS, RESTARTABLE;
    openat => call(fs::sys_openat), QUIET, NAMES_PATHS, RESTARTABLE;
    openat2 => call(fs::sys_openat2), NAMES_PATHS;
    creat => call(fs::sys_creat), NAMES_PATHS;
    close => call(fs::sys_close), UNDER_PRESSURE;
    close_range => call(fs::sys_close_range), UNDER_PRESSURE;
    getdents64 => call(fs::sys_getdents64), QUIET;
    ioctl => call(fs::sys_ioctl);
    fcntl => call(fs::sys_fcntl), QUIET;
    flock => call(locks::sys_flock);
    dup => call(fs::sys_dup), QUIET;
    dup2 => call(fs::sys_dup2), QUIET;
    dup3 => call(fs::sys_dup3), QUIET;
    sendfile => call(fs::sys_sendfile);
    copy_file_range => call(fs::sys_copy_file_range);
    pipe => call(fs::sys_pipe);
    pipe2 => call(fs::sys_pipe2);

    // File attributes (attrs.rs).
    stat => call(attrs::sys_stat), QUIET, NAMES_PATHS;
    lstat => call(attrs::sys_lstat), QUIET, NAMES_PATHS;
    fstat => call(attrs::sys_fstat), QUIET;
    newfstatat => call(attrs::sys_newfstatat), QUIET, NAMES_PATHS;
    statx => call(attrs::sys_statx), QUIET, NAMES_PATHS;
    access => call(attrs::sys_access), QUIET, NAMES_PATHS;
    faccessat => call(attrs::sys_faccessat), QUIET, NAMES_PATHS;
    faccessat2 => call(attrs::sys_faccessat2), QUIET, NAMES_PATHS;
    readlink => call(attrs::sys_readlink), QUIET, NAMES_PATHS;
    readlinkat => call(attrs::sys_readlinkat), QUIET, NAMES_PATHS;
    chmod => call(attrs::sys_chmod);
    fchmod => call(attrs::sys_fchmod);
    fchmodat => call(attrs::sys_fchmodat);
    fchmodat2 => call(attrs::sys_fchmodat2);
    chown => call(attrs::sys_chown);
    lchown => call(attrs::sys_lchown);
    fchown => call(attrs::sys_fchown);
    fchownat => call(attrs::sys_fchownat);
    utimensat => call(attrs::sys_utimensat);
    utimes => call(attrs::sys_utimes);
    futimesat => call(attrs::sys_futimesat);
    utime => call(attrs::sys_utime);
    truncate => call(attrs::sys_truncate), UNDER_PRESSURE;
    ftruncate => call(attrs::sys_ftruncate), UNDER_PRESSURE;
    fallocate => call(attrs::sys_fallocate);
    fsync => call(attrs::sys_fsync);
    fdatasync => call(attrs::sys_fsync);
    syncfs => call(attrs::sys_fsync);
    sync => call(attrs::sys_sync);
    statfs => call(attrs::sys_statfs), NAMES_PATHS;
    fstatfs => call(attrs::sys_fstatfs);

    // Names in the tree, working directory, mounts (names.rs).
    mkdir => call(names::sys_mkdir);
    mkdirat => call(names::sys_mkdirat);
    mknod => call(names::sys_mknod);
    mknodat => call(names::sys_mknodat);
    rmdir => call(names::sys_rmdir), UNDER_PRESSURE;
    unlink => call(names::sys_unlink), UNDER_PRESSURE;
    unlinkat => call(names::sys_unlinkat), UNDER_PRESSURE;
    symlink => call(names::sys_symlink);
    symlinkat => call(names::sys_symlinkat);
    link => call(names::sys_link);
    linkat => call(names::sys_linkat);
    rename => call(names::sys_rename);
    renameat => call(names::sys_renameat);
    renameat2 => call(names::sys_renameat2);
    getcwd => call(names::sys_getcwd), QUIET;
    chdir => call(names::sys_chdir), QUIET;
    fchdir => call(names::sys_fchdir);
    umask => call(names::sys_umask), QUIET;
    mount => call(names::sys_mount);
    umount2 => call(names::sys_umount2);

    // Memory (mm.rs, sched.rs).
    brk => call(mm::sys_brk), QUIET;
    mmap => call(mm::sys_mmap), QUIET;
    munmap => call(mm::sys_munmap), QUIET, UNDER_PRESSURE;
    mprotect => call(mm::sys_mprotect), QUIET;
    mremap => call(mm::sys_mremap), QUIET;
    madvise => call(mm::sys_madvise), QUIET, UNDER_PRESSURE;
    mlock => call(sched::sys_mlock);
    mlock2 => call(sched::sys_mlock2);
    munlock => call(sched::sys_munlock);
    mlockall => call(sched::sys_mlockall);
    munlockall => call(sched::sys_munlockall);
    membarrier => call(sched::sys_membarrier);

    // Process life cycle, groups and sessions (proc_ops.rs, process.rs).
    fork => server(proc_ops::sys_fork);
    vfork => server(proc_ops::sys_vfork);
    clone => server(proc_ops::sys_clone);
    execve => server(proc_ops::sys_execve);
    execveat => server(proc_ops::sys_execveat);
    exit_group => call(process::sys_exit_group), UNDER_PRESSURE;
    wait4 => server(proc_ops::sys_wait4), RESTARTABLE, UNDER_PRESSURE;
    waitid => server(proc_ops::sys_waitid), RESTARTABLE, UNDER_PRESSURE;
    kill => server(proc_ops::sys_kill), UNDER_PRESSURE;
    setpgid => server(proc_ops::sys_setpgid);
    getpgid => server(proc_ops::sys_getpgid), QUIET;
    getpgrp => server(proc_ops::sys_getpgrp), QUIET;
    setsid => server(proc_ops::sys_setsid);
    getsid => server(proc_ops::sys_getsid), QUIET;
    getpid => call(process::sys_getpid), QUIET, UNDER_PRESSURE;
    getppid => call(process::sys_getppid), QUIET;
    gettid => call(process::sys_gettid), QUIET;
    set_tid_address => call(process::sys_set_tid_address), QUIET;
    set_robust_list => call(process::sys_set_robust_list), QUIET;
    arch_prctl => call(process::sys_arch_prctl), QUIET;
    prctl => call(process::sys_prctl);
    prlimit64 => call(process::sys_prlimit64), QUIET;
    getrlimit => call(process::sys_getrlimit), QUIET;
    setrlimit => call(process::sys_setrlimit);
    getpriority => call(process::sys_getpriority);
    setpriority => call(process::sys_setpriority);
    rseq => ENOSYS, QUIET;

    // Threads and futexes (threads.rs).
    clone3 => server(threads::sys_clone3);
    exit => server(threads::sys_exit), UNDER_PRESSURE;
    futex => server(threads::sys_futex);
    tkill => server(threads::sys_tkill);
    tgkill => server(threads::sys_tgkill);
    get_robust_list => server(threads::sys_get_robust_list);

    // Scheduling (process.rs, sched.rs).
    sched_getaffinity => call(process::sys_sched_getaffinity);
    sched_setaffinity => call(sched::sys_sched_setaffinity);
    sched_yield => call(process::sys_sched_yield);
    getcpu => call(sched::sys_getcpu);

    // Credentials (creds.rs).
    getuid => call(creds::sys_getuid), QUIET;
    geteuid => call(creds::sys_geteuid), QUIET;
    getgid => call(creds::sys_getgid), QUIET;
    getegid => call(creds::sys_getegid), QUIET;
    setuid => call(creds::sys_setuid);
    setgid => call(creds::sys_setgid);
    setreuid => call(creds::sys_setreuid);
    setregid => call(creds::sys_setregid);
    setresuid => call(creds::sys_setresuid);
    setresgid => call(creds::sys_setresgid);
    getresuid => call(creds::sys_getresuid);
    getresgid => call(creds::sys_getresgid);
    setfsuid => call(creds::sys_setfsuid);
    setfsgid => call(creds::sys_setfsgid);
    getgroups => call(creds::sys_getgroups);
    setgroups => call(creds::sys_setgroups);

    // Signals (signal.rs, sigwait.rs, proc_ops.rs).
    rt_sigaction => call(signal::sys_rt_sigaction), QUIET;
    rt_sigprocmask => call(signal::sys_rt_sigprocmask), UNDER_PRESSURE;
    rt_sigpending => call(signal::sys_rt_sigpending);
    sigaltstack => call(signal::sys_sigaltstack), QUIET;
    rt_sigreturn => SIGRETURN, UNDER_PRESSURE;
    rt_sigsuspend => server(proc_ops::sys_rt_sigsuspend);
    pause => server(proc_ops::sys_pause);
    rt_sigtimedwait => call(sigwait::sys_rt_sigtimedwait), EAGAIN_ON_TIMEOUT;
    rt_sigqueueinfo => server(sigwait::sys_rt_sigqueueinfo);
    rt_tgsigqueueinfo => server(sigwait::sys_rt_tgsigqueueinfo);

    // Time and timers (time.rs).
    clock_gettime => call(time::sys_clock_gettime), QUIET;
    clock_getres => call(time::sys_clock_getres), QUIET;
    gettimeofday => call(time::sys_gettimeofday), QUIET;
    time => call(time::sys_time), QUIET;
    nanosleep => call(time::sys_nanosleep), SLEEP;
    clock_nanosleep => call(time::sys_clock_nanosleep), SLEEP;
    alarm => call(time::sys_alarm);
    setitimer => call(time::sys_setitimer);
    getitimer => call(time::sys_getitimer);

    // Waiting for descriptors (poll.rs, epoll.rs).
    poll => call(poll::sys_poll);
    ppoll => call(poll::sys_ppoll);
    select => call(poll::sys_select);
    pselect6 => call(poll::sys_pselect6);
    epoll_create => call(epoll::sys_epoll_create);
    epoll_create1 => call(epoll::sys_epoll_create1);
    epoll_ctl => call(epoll::sys_epoll_ctl);
    epoll_wait => call(epoll::sys_epoll_wait);
    epoll_pwait => call(epoll::sys_epoll_pwait);
    epoll_pwait2 => call(epoll::sys_epoll_pwait2);

    // Event, signal and timer descriptors (eventfd.rs).
    eventfd => call(eventfd::sys_eventfd);
    eventfd2 => call(eventfd::sys_eventfd2);
    signalfd => call(eventfd::sys_signalfd);
    signalfd4 => call(eventfd::sys_signalfd4);
    timerfd_create => call(eventfd::sys_timerfd_create);
    timerfd_settime => call(eventfd::sys_timerfd_settime);
    timerfd_gettime => call(eventfd::sys_timerfd_gettime);

    // Sockets (net.rs).
    socket => call(net::sys_socket);
    socketpair => call(net::sys_socketpair);
    bind => call(net::sys_bind);
    listen => call(net::sys_listen);
    accept => call(net::sys_accept), RESTARTABLE, EAGAIN_ON_TIMEOUT;
    accept4 => call(net::sys_accept4), RESTARTABLE, EAGAIN_ON_TIMEOUT;
    connect => call(net::sys_connect), RESTARTABLE, EAGAIN_ON_TIMEOUT;
    getsockname => call(net::sys_getsockname);
    getpeername => call(net::sys_getpeername);
    sendto => call(net::sys_sendto), RESTARTABLE, EAGAIN_ON_TIMEOUT;
    recvfrom => call(net::sys_recvfrom), RESTARTABLE, EAGAIN_ON_TIMEOUT;
    sendmsg => call(net::sys_sendmsg), RESTARTABLE, EAGAIN_ON_TIMEOUT;
    recvmsg => call(net::sys_recvmsg), RESTARTABLE, EAGAIN_ON_TIMEOUT;
    sendmmsg => call(net::sys_sendmmsg), RESTARTABLE, EAGAIN_ON_TIMEOUT;
    recvmmsg => call(net::sys_recvmmsg), RESTARTABLE, EAGAIN_ON_TIMEOUT;
    shutdown => call(net::sys_shutdown);
    setsockopt => call(net::sys_setsockopt);
    getsockopt => call(net::sys_getsockopt);

    // System information and resource use (info.rs, rusage.rs).
    uname => call(info::sys_uname), QUIET;
    getrandom => call(info::sys_getrandom), QUIET;
    sysinfo => call(info::sys_sysinfo), QUIET, NAMES_PATHS;
    getrusage => call(rusage::sys_getrusage), QUIET;
    times => call(rusage::sys_times), QUIET;
}
