//! Kernel objects and the microkernel's user-facing interface: tasks (address
//! spaces), threads, the scheduler, synchronous IPC and exception IPC.
//!
//! All state lives in one [`Kernel`] behind one lock. The kernel runs with
//! interrupts disabled on a single CPU, so the lock is never contended; it exists
//! so that every access is visibly scoped. **Invariant:** the lock is never held
//! across [`sched::switch`]; a handler decides under the lock and returns a
//! [`Next`] that says whether to return to the current thread, run another one
//! directly (the IPC fast path), or pick from the ready queues.

pub mod calls;
pub mod ipc;
pub mod root;
pub mod sched;
pub mod task;
pub mod thread;

use alloc::boxed::Box;
use alloc::vec::Vec;
use microkernel_abi::{Counters, Error};
use spin::Mutex;

use crate::arch::trap::TrapFrame;
use crate::kprintln;
use sched::ReadyQueues;
use task::Task;
use thread::{State, Thread};

/// What to do after a kernel entry has been handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Return to the current thread.
    Return,
    /// The current thread cannot go on (blocked, preempted, dead): pick another.
    Schedule,
    /// Switch directly to this thread (it is made current; no queue is touched).
    SwitchTo(usize),
}

pub struct Kernel {
    pub threads: Vec<Option<Box<Thread>>>,
    pub tasks: Vec<Option<Task>>,
    /// Index of the running thread.
    pub current: usize,
    /// Index of the idle thread (runs when nothing else is ready).
    pub idle: usize,
    pub ready: ReadyQueues,
    /// The thread whose FPU state is in the CPU.
    pub fpu_owner: Option<usize>,
    /// The task whose address space is loaded (None: the boot table).
    pub loaded_task: Option<usize>,
    pub counters: Counters,
    /// Threads with a deadline (blocked with a finite timeout).
    pub timed: Vec<usize>,
    /// IRQ routing: the thread that receives IRQ n, and IRQs raised but not yet delivered.
    pub irq_owner: [Option<usize>; 16],
    pub irq_pending: u16,
    /// Dead threads whose kernel stacks are still in use until the next switch.
    pub zombies: Vec<usize>,
    /// Physical memory granted to the root task.
    pub granted: (u64, u64),
    pub root_task: Option<usize>,
    /// Co-located mode: the root task runs in ring 1 with its slots in every
    /// address space (supervisor-only), so reaching it needs no CR3 write.
    pub colocated: bool,
    /// The FS base and user GS base (KERNEL_GS_BASE while in the kernel) in the MSRs.
    pub loaded_fs: u64,
    pub loaded_gs: u64,
    next_generation: u64,
    pub ticks: u64,
    /// Clock time (ns) of the last timer tick: what a tick charges is the
    /// clock time since, so CPU time never runs ahead of the clock.
    pub last_tick_ns: u64,
}

pub static KERNEL: Mutex<Option<Kernel>> = Mutex::new(None);

/// Runs `f` with the kernel state.
pub fn with<R>(f: impl FnOnce(&mut Kernel) -> R) -> R {
    let mut guard = KERNEL.lock();
    f(guard.as_mut().expect("kernel objects not initialised"))
}

impl Kernel {
    pub fn generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    pub fn thread(&self, index: usize) -> &Thread {
        self.threads[index].as_ref().expect("live thread")
    }

    pub fn thread_mut(&mut self, index: usize) -> &mut Thread {
        self.threads[index].as_mut().expect("live thread")
    }

    pub fn cur(&mut self) -> &mut Thread {
        let current = self.current;
        self.thread_mut(current)
    }

    /// The index of the live thread named by `id`.
    pub fn lookup_thread(&self, id: u64) -> Result<usize, Error> {
        let index = (id & 0xffff_ffff) as usize;
        match self.threads.get(index) {
            Some(Some(thread)) if thread.id == id && thread.state != State::Dead => Ok(index),
            _ => Err(Error::InvalidId),
        }
    }

    pub fn lookup_task(&self, id: u64) -> Result<usize, Error> {
        let index = (id & 0xffff_ffff) as usize;
        match self.tasks.get(index) {
            Some(Some(task)) if task.id == id => Ok(index),
            _ => Err(Error::InvalidId),
        }
    }

    pub fn task(&self, index: usize) -> &Task {
        self.tasks[index].as_ref().expect("live task")
    }

    pub fn task_mut(&mut self, index: usize) -> &mut Task {
        self.tasks[index].as_mut().expect("live task")
    }

    /// Whether the task `actor` may manage task `target` (it owns it or is it).
    pub fn may_manage(&self, actor: usize, target: usize) -> bool {
        actor == target || self.task(target).owner == Some(actor)
    }
}

/// Sets up the kernel objects and the idle thread. The boot context becomes
/// nobody's: the first switch leaves it for good.
pub fn init() {
    let mut kernel = Kernel {
        threads: Vec::new(),
        tasks: Vec::new(),
        current: 0,
        idle: 0,
        ready: ReadyQueues::new(),
        fpu_owner: None,
        loaded_task: None,
        counters: Counters::default(),
        timed: Vec::new(),
        irq_owner: [None; 16],
        irq_pending: 0,
        zombies: Vec::new(),
        granted: (0, 0),
        root_task: None,
        colocated: false,
        loaded_fs: 0,
        loaded_gs: 0,
        next_generation: 0,
        ticks: 0,
        last_tick_ns: 0,
    };
    let idle = thread::create_idle(&mut kernel);
    kernel.idle = idle;
    kernel.current = idle;
    *KERNEL.lock() = Some(kernel);
}

/// Entry from `syscall` (native kernel call, or a foreign thread's Linux syscall).
pub fn syscall(frame: &mut TrapFrame) {
    let next = with(|k| {
        let current = k.current;
        debug_assert!(core::ptr::eq(frame, k.thread(current).frame()));
        if k.thread(current).foreign {
            k.counters.foreign_syscalls += 1;
            k.cur().counters.foreign_syscalls += 1;
            ipc::raise_exception(k, current, microkernel_abi::exception::SYSCALL, 0, 0)
        } else {
            k.counters.kernel_calls += 1;
            k.cur().counters.kernel_calls += 1;
            calls::dispatch(k)
        }
    });
    sched::apply(next);
}

/// Entry from a CPU exception taken in user mode.
pub fn user_exception(vector: u64, error_code: u64, fault_address: u64) {
    let next = with(|k| {
        k.counters.exceptions += 1;
        k.cur().counters.exceptions += 1;
        if vector == 14 {
            k.counters.page_faults += 1;
            k.cur().counters.page_faults += 1;
        }
        let current = k.current;
        ipc::raise_exception(k, current, vector, error_code, fault_address)
    });
    sched::apply(next);
}

/// Entry from the timer interrupt; `from_user` says whether a user thread was interrupted.
pub fn timer_tick(from_user: bool) {
    let next = with(|k| {
        k.counters.interrupts += 1;
        k.ticks += 1;
        // Tick-sampled CPU time of the interrupted thread: the clock time
        // since the last tick, at most two periods. Under TCG QEMU may deliver
        // ticks in a burst after the vCPU was held up; charging a fixed period
        // per tick would then count more CPU time than the clock shows passed.
        let now = crate::arch::clock::now_ns();
        let period = 1_000_000_000 / crate::arch::timer::HZ;
        let tick = now.saturating_sub(k.last_tick_ns).min(2 * period);
        k.last_tick_ns = now;
        if k.current == k.idle {
            k.counters.idle_time_ns += tick;
        } else {
            // The totals count the root task's time (the server that does
            // the programs' system calls) as system time, as Linux counts
            // its own kernel's work.
            let server = Some(k.cur().task) == k.root_task;
            if from_user {
                k.cur().counters.user_time_ns += tick;
            } else {
                k.cur().counters.kernel_time_ns += tick;
            }
            if from_user && !server {
                k.counters.user_time_ns += tick;
            } else {
                k.counters.kernel_time_ns += tick;
            }
        }
        ipc::expire_timeouts(k);
        if let Some(thread) = k.irq_owner[0] {
            ipc::deliver_irq(k, 0, thread);
        }
        sched::tick(k, from_user)
    });
    sched::apply(next);
}

/// Entry from a device interrupt (IRQ 1..15): masked until the owner acknowledges it.
pub fn device_irq(irq: u8) {
    let next = with(|k| {
        k.counters.interrupts += 1;
        crate::arch::timer::mask_irq(irq);
        match k.irq_owner[irq as usize] {
            Some(thread) => ipc::deliver_irq(k, irq, thread),
            None => {
                kprintln!("IRQ {irq} with no owner");
                Next::Return
            }
        }
    });
    // An IRQ in kernel mode (the idle loop) must not switch here: idle picks up
    // the ready thread itself.
    sched::apply(next);
}
