//! The Linux personality server: the root task that runs Linux programs.
//!
//! It is the exception handler and pager of every Linux thread. Its loop waits
//! for exception messages: a `syscall` is decoded and performed (one handler
//! file per family under `syscalls/`), a page fault is served by the pager or
//! becomes SIGSEGV, other CPU exceptions become their signals. Replies carry the
//! new rax (or a whole register frame). A call that must wait (a console read,
//! a sleep) is parked and answered later with a deferred reply; the server never
//! blocks on one program.
//!
//! Start-up comes from the ramdisk: `boot/cmdline` (argv, NUL-separated),
//! `boot/env`, `boot/cwd`, `boot/strace` (present: trace every call) and
//! `boot/tty` (present: the host's terminal is on the console). The
//! first program's end is reported on the log as `exit status N` or
//! `exit signal N`, which the host tool turns into its own exit status.
#![no_std]
#![no_main]

extern crate alloc;

mod abi_out;
mod console;
mod exec;
mod files;
mod frames;
mod process;
mod procfs;
mod shm;
mod signals;
mod special;
mod sys;
mod syscalls;
mod vfs;

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use microkernel_user::abi::{exception, exit, RootInfo, Tag, TIMEOUT_NEVER};
use microkernel_user::{self as mk, println, Utcb};

use crate::console::Console;
use crate::frames::Frames;
use crate::process::Process;
use linux_personality::vfs::Vfs;

/// Server-wide state other than the processes.
pub struct Sys {
    pub frames: Frames,
    pub vfs: Vfs,
    pub console: Console,
    pub rng: u64,
    pub boot_time: u64,
    pub strace: bool,
    pub unimplemented: BTreeMap<&'static str, u64>,
    /// Counts what may let a parked call finish (see `syscalls::retry_parked`).
    pub events: u64,
    /// Advisory file locks (flock, fcntl).
    pub locks: syscalls::locks::Locks,
    /// Socket names and armed timerfds (see special.rs).
    pub ipc: special::Registry,
    /// Processes and threads created since boot (/proc/stat `processes`).
    pub forks: u64,
    /// A second handle on the main thread's UTCB, for kernel calls that answer
    /// through it (event counters) from inside a system-call handler.
    pub kernel_view: Utcb,
}

impl Sys {
    /// xorshift64*, seeded from the TSC: for AT_RANDOM, getrandom and ASLR.
    pub fn random(&mut self) -> u64 {
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// A call that waits: its thread gets no reply until the event comes.
pub struct Parked {
    pub pid: u32,
    pub tid: u32,
    pub frame: microkernel_user::abi::ExceptionFrame,
    /// Wake at this clock time (ns) even without an event.
    pub deadline: Option<u64>,
    /// A vfork parent waiting for this child.
    pub vfork: Option<u32>,
    /// futex(FUTEX_WAIT): the futex waited on and the wait's bitset. Such a
    /// call is not re-run: FUTEX_WAKE (or its deadline, or a signal) ends it.
    pub futex: Option<(syscalls::threads::FutexKey, u32)>,
}

/// A process that has ended and not yet been waited for.
pub struct Zombie {
    pub ppid: u32,
    pub pgid: u32,
    pub status: i32,
    /// Its usage and its waited-for children's.
    pub usage: syscalls::rusage::Usage,
}

pub struct Server {
    pub sys: Sys,
    pub procs: BTreeMap<u32, Process>,
    /// Microkernel thread -> (pid, tid).
    pub by_thread: BTreeMap<u64, (u32, u32)>,
    /// The ids of threads other than the leaders (tid -> pid): they are not
    /// free for new processes.
    pub tids: BTreeMap<u32, u32>,
    pub parked: Vec<(u64, Parked)>,
    pub zombies: BTreeMap<u32, Zombie>,
    pub last_pid: u32,
    pub utcb: Utcb,
    /// `sys.events` when the parked calls were last re-run.
    pub retried_at: u64,
    /// The owner (tid) of each PI futex that has waiters (Linux's pi_state):
    /// when it dies, the lock goes to the oldest waiter.
    pub pi_owners: BTreeMap<syscalls::threads::FutexKey, u32>,
}

/// The server's heap, which also holds tmpfs file pages: half of the granted
/// memory, at least 64 MiB; the other half are frames for Linux processes.
fn heap_bytes(info: &RootInfo) -> u64 {
    let granted = info.granted_end - info.granted_start;
    (granted / 2).max(64 << 20) & !0xfff
}

fn file_text(archive: &initrd::Archive<'_>, path: &str) -> Option<Vec<u8>> {
    archive.find(path).ok().flatten().map(|e| e.data.to_vec())
}

fn split_nul(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == 0).filter(|s| !s.is_empty()).map(|s| s.to_vec()).collect()
}

/// # Safety
/// Called only by the kernel, with a valid RootInfo (see `kobj::root`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _start(info: *const RootInfo) -> ! {
    // SAFETY: the function's contract.
    let info = unsafe { sys::root_info(info) };
    let heap = heap_bytes(&info);
    sys::init_heap(info.granted_start, heap as usize);
    let ramdisk = sys::ramdisk(&info);
    let archive = initrd::Archive::new(ramdisk);
    let argv = file_text(&archive, "boot/cmdline").map(|b| split_nul(&b)).unwrap_or_default();
    let argv = if argv.is_empty() { alloc::vec![b"/bin/sh".to_vec()] } else { argv };
    let envp = file_text(&archive, "boot/env").map(|b| split_nul(&b)).unwrap_or_default();
    let cwd = file_text(&archive, "boot/cwd")
        .and_then(|b| String::from_utf8(b).ok())
        .map(|s| String::from(s.trim_end()))
        .filter(|s| s.starts_with('/'))
        .unwrap_or_else(|| String::from("/"));
    let strace = file_text(&archive, "boot/strace").is_some();
    // The host's terminal is on the console's other end (see console.rs).
    let terminal = file_text(&archive, "boot/tty").is_some();

    let mut server = Server {
        sys: Sys {
            frames: Frames::new(info.granted_start + heap, info.granted_end),
            vfs: vfs::build(ramdisk, info.boot_time),
            console: Console::new(terminal),
            rng: mk::rdtsc() | 1,
            boot_time: info.boot_time,
            strace,
            unimplemented: BTreeMap::new(),
            locks: Default::default(),
            ipc: Default::default(),
            events: 0,
            forks: 0,
            kernel_view: sys::utcb(&info),
        },
        procs: BTreeMap::new(),
        by_thread: BTreeMap::new(),
        tids: BTreeMap::new(),
        parked: Vec::new(),
        zombies: BTreeMap::new(),
        last_pid: 1,
        utcb: sys::utcb(&info),
        retried_at: 0,
        pi_owners: BTreeMap::new(),
    };
    let path = argv[0].clone();
    match exec::spawn_init(&mut server, &path, &argv, &envp, &cwd) {
        Ok(()) => {}
        Err(message) => {
            let name = String::from_utf8_lossy(&path);
            let text = alloc::format!("{name}: {message}\n");
            server.sys.console.write_stderr(text.as_bytes());
            println!("exit status 126");
            mk::qemu_exit(exit::POWER_OFF);
        }
    }
    run(&mut server)
}

/// The exception loop.
fn run(server: &mut Server) -> ! {
    let mut reply_to = 0;
    let mut tag = Tag(0);
    let mut words = [0u64; 6];
    loop {
        let timeout = next_timeout(server);
        let message = mk::reply_wait(reply_to, tag, words, timeout);
        reply_to = 0;
        let message = match message {
            Ok(m) => m,
            Err(_) => {
                // Timeout (a sleeper's or a timer's deadline) or a failed reply.
                syscalls::fire_timers(server);
                syscalls::retry_parked(server, true);
                continue;
            }
        };
        if message.tag.has(Tag::IRQ) {
            server.sys.console.poll();
            let _ = mk::irq_ack(message.words[0]);
            syscalls::terminal_signals(server);
            server.sys.events += 1;
            syscalls::retry_parked(server, false);
            continue;
        }
        if !message.tag.has(Tag::EXCEPTION) {
            continue;
        }
        let Some(&(pid, tid)) = server.by_thread.get(&message.sender) else {
            println!("exception from unknown thread {:#x}", message.sender);
            continue;
        };
        if !server.procs.get_mut(&pid).is_some_and(|p| p.enter(tid)) {
            println!("exception from a thread {tid} that pid {pid} does not have");
            continue;
        }
        let mut frame = server.utcb.exception_frame();
        let reply = match frame.vector {
            exception::SYSCALL if frame.rax == syscall_translation::Sysno::rt_sigreturn as u64 => {
                syscalls::sigreturn(server, pid, &mut frame)
            }
            exception::SYSCALL => syscalls::handle(server, pid, &mut frame),
            exception::PAGE_FAULT => syscalls::page_fault(server, pid, &frame),
            exception::INTERRUPT => syscalls::Reply::Resume,
            vector => syscalls::cpu_exception(server, pid, vector, &frame),
        };
        // Timers are checked after every message too: a busy program never lets
        // the receive time out.
        if server.procs.values().any(|p| p.itimer.is_some()) {
            syscalls::fire_timers(server);
        }
        // A signal queued for a handler runs before the thread goes on.
        let reply = syscalls::deliver_signals(server, pid, tid, reply, &mut frame);
        match reply {
            syscalls::Reply::FrameFpu => {
                server.utcb.set_exception_frame(&frame);
                reply_to = message.sender;
                tag = Tag::new(0, Tag::RESUME_FRAME | Tag::RESUME_FPU);
                words = [0; 6];
            }
            syscalls::Reply::Rax(value) => {
                reply_to = message.sender;
                tag = Tag::new(0, Tag::RESUME_RAX);
                words = [value, 0, 0, 0, 0, 0];
            }
            syscalls::Reply::Frame => {
                server.utcb.set_exception_frame(&frame);
                reply_to = message.sender;
                tag = Tag::new(0, Tag::RESUME_FRAME);
                words = [0; 6];
            }
            syscalls::Reply::Resume => {
                reply_to = message.sender;
                tag = Tag(0);
                words = [0; 6];
            }
            syscalls::Reply::Parked(parked) => {
                // A call that waits: a voluntary switch (ru_nvcsw).
                if let Some(p) = server.procs.get_mut(&pid) {
                    p.activity.nvcsw += 1;
                }
                server.parked.push((message.sender, parked));
            }
            syscalls::Reply::None => {}
        }
        // Whatever just happened may let a parked call finish (a child exited,
        // a pipe got data or room). The current caller's reply goes first.
        if !server.parked.is_empty() {
            if reply_to != 0 {
                send_now(server, reply_to, tag, words);
                reply_to = 0;
            }
            syscalls::retry_parked(server, false);
        }
    }
}

fn send_now(_server: &mut Server, to: u64, tag: Tag, words: [u64; 6]) {
    let _ = mk::reply(to, tag, words);
}

fn next_timeout(server: &mut Server) -> u64 {
    // A timerfd's expiration matters to parked calls only (poll, epoll_wait,
    // read on it).
    let parked_any = !server.parked.is_empty();
    let timerfds = if parked_any { server.sys.ipc.next_deadline() } else { None };
    // A stopped process's calls wait for SIGCONT, not for their deadlines.
    let parked = server
        .parked
        .iter()
        .filter(|(_, p)| !server.procs.get(&p.pid).is_some_and(|q| q.job.stopped))
        .filter_map(|(_, p)| p.deadline);
    let timers = server.procs.values().filter_map(|p| p.itimer.map(|(deadline, _)| deadline));
    let console = server.sys.console.deadline();
    let Some(deadline) = parked.chain(timers).chain(console).chain(timerfds).min() else {
        return TIMEOUT_NEVER;
    };
    let now = mk::clock_ns();
    deadline.saturating_sub(now).max(1)
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    println!("linux-server PANIC: {info}");
    mk::qemu_exit(exit::PANIC)
}
