//! The scheduler: fixed priorities 0..=255 (higher runs first), round robin
//! within a priority on a time slice of `DEFAULT_SLICE` timer ticks, and the idle
//! thread (`hlt`) when nothing is ready.
//!
//! [`switch`] is the only place that changes the running thread: it loads the
//! next thread's address space (only if it differs: no CR3 write between
//! threads of one task or back to the task already loaded), kernel stack, FS/GS
//! bases and, if it uses the FPU and someone else's state is loaded, its FPU state.

use alloc::collections::VecDeque;
use core::sync::atomic::{AtomicBool, Ordering};

use x86_64::registers::model_specific::{FsBase, KernelGsBase};
use x86_64::VirtAddr;

use super::thread::{State, DEFAULT_SLICE};
use super::{with, Kernel, Next};
use crate::arch::{entry, fpu, gdt};

pub struct ReadyQueues {
    queues: [VecDeque<usize>; 256],
    nonempty: [u64; 4],
}

impl ReadyQueues {
    pub fn new() -> ReadyQueues {
        ReadyQueues { queues: core::array::from_fn(|_| VecDeque::new()), nonempty: [0; 4] }
    }

    pub fn push(&mut self, priority: u8, thread: usize) {
        self.queues[priority as usize].push_back(thread);
        self.nonempty[priority as usize / 64] |= 1 << (priority % 64);
    }

    pub fn highest(&self) -> Option<u8> {
        (0..4)
            .rev()
            .find(|&w| self.nonempty[w] != 0)
            .map(|w| (w * 64 + 63 - self.nonempty[w].leading_zeros() as usize) as u8)
    }

    pub fn pop(&mut self) -> Option<usize> {
        let priority = self.highest()?;
        let queue = &mut self.queues[priority as usize];
        let thread = queue.pop_front();
        if queue.is_empty() {
            self.nonempty[priority as usize / 64] &= !(1 << (priority % 64));
        }
        thread
    }

    pub fn remove(&mut self, priority: u8, thread: usize) {
        let queue = &mut self.queues[priority as usize];
        queue.retain(|&t| t != thread);
        if queue.is_empty() {
            self.nonempty[priority as usize / 64] &= !(1 << (priority % 64));
        }
    }
}

/// Set once the first thread has been switched to.
pub static RUNNING: AtomicBool = AtomicBool::new(false);

/// Puts a `Ready` thread into its queue, unless it is suspended, or turns a
/// pending forced interrupt into an exception message.
pub fn make_ready(kernel: &mut Kernel, thread: usize) {
    let t = kernel.thread_mut(thread);
    debug_assert_eq!(t.state, State::Ready);
    if t.pending_interrupt && t.handler.is_some() && t.exception.is_none() {
        t.pending_interrupt = false;
        let next = super::ipc::raise_exception(
            kernel,
            thread,
            microkernel_abi::exception::INTERRUPT,
            0,
            0,
        );
        if let Next::SwitchTo(handler) = next {
            // Not the current thread: the handler just becomes ready.
            kernel.thread_mut(handler).state = State::Ready;
            make_ready(kernel, handler);
        }
        return;
    }
    if t.suspended {
        return;
    }
    let priority = t.priority;
    kernel.ready.push(priority, thread);
}

/// Timer-tick policy: preempt the current thread at the end of its slice, or
/// when a higher-priority thread is ready.
pub fn tick(kernel: &mut Kernel, from_user: bool) -> Next {
    let current = kernel.current;
    if current == kernel.idle {
        return if kernel.ready.highest().is_some() { Next::Schedule } else { Next::Return };
    }
    if !from_user {
        return Next::Return;
    }
    let priority = kernel.thread(current).priority;
    let thread = kernel.cur();
    thread.slice = thread.slice.saturating_sub(1);
    let expired = thread.slice == 0;
    match kernel.ready.highest() {
        Some(p) if p > priority || (expired && p == priority) => {
            preempt(kernel);
            Next::Schedule
        }
        _ => {
            if expired {
                kernel.cur().slice = DEFAULT_SLICE;
            }
            Next::Return
        }
    }
}

/// Moves the current thread to the back of its ready queue.
pub fn preempt(kernel: &mut Kernel) {
    let current = kernel.current;
    if current == kernel.idle {
        return;
    }
    let thread = kernel.cur();
    thread.slice = DEFAULT_SLICE;
    thread.state = State::Ready;
    make_ready(kernel, current);
}

/// Carries out a [`Next`] decided under the lock (which must be released).
pub fn apply(next: Next) {
    match next {
        Next::Return => {}
        Next::Schedule => switch(None),
        Next::SwitchTo(thread) => switch(Some(thread)),
    }
}

/// Switches to `target`, or to the best ready thread (idle if none).
pub fn switch(target: Option<usize>) {
    let switch = with(|k| {
        let previous = k.current;
        let next = match target {
            Some(t) => t,
            None => k.ready.pop().unwrap_or(k.idle),
        };
        if next == previous {
            k.cur().state = State::Running;
            return None;
        }
        if previous == k.idle {
            k.thread_mut(previous).state = State::Ready;
        } else if k.thread(previous).state == State::Running {
            // Nobody changed its state: it stays runnable.
            k.thread_mut(previous).state = State::Ready;
            make_ready(k, previous);
        }
        k.thread_mut(next).state = State::Running;
        k.current = next;
        k.counters.thread_switches += 1;
        load_context(k, previous, next);
        let save = &mut k.thread_mut(previous).kernel_rsp as *mut u64;
        Some((save, k.thread(next).kernel_rsp))
    });
    if let Some((save, next_rsp)) = switch {
        // `save` points into the previous thread's boxed state, which stays
        // allocated while it is current or a zombie (freed only by `reap`,
        // never for the running thread); `next_rsp` was saved by
        // `context_switch` or prepared by `prepare_stack`.
        // SAFETY: both pointers are valid as above, and the lock is released.
        unsafe { entry::context_switch(save, next_rsp) };
        reap();
    }
}

/// Loads the address space, kernel stack, segment bases and FPU state of `next`.
fn load_context(k: &mut Kernel, previous: usize, next: usize) {
    // FS and GS bases change only through the kernel (FSGSBASE instructions are
    // not enabled), so each thread's saved bases are current: nothing to read
    // back from the MSRs of the previous thread.
    let _ = previous;
    let n = k.thread(next);
    if n.is_kernel_thread {
        return;
    }
    let (task, top, fs, gs, uses_fpu, ring1) =
        (n.task, n.stack_top(), n.fs_base, n.gs_base, n.uses_fpu, n.ring1);
    let (cs, ss) = n.selectors();
    entry::set_kernel_stack(top);
    entry::set_user_selectors(cs, ss);
    // Root-task threads (the server; built for x86_64-unknown-none, which has
    // no thread-local storage) use neither base: leave the program's loaded, so
    // that a Linux syscall costs no MSR write. Otherwise write only changes.
    if !ring1 && !k.task(task).is_root {
        if k.loaded_fs != fs {
            FsBase::write(VirtAddr::new(fs));
            k.loaded_fs = fs;
        }
        if k.loaded_gs != gs {
            KernelGsBase::write(VirtAddr::new(gs));
            k.loaded_gs = gs;
        }
    }
    let is_root = k.task(task).is_root;
    gdt::set_io_allowed(is_root);
    // A co-located server thread runs in whatever address space is loaded, as
    // long as it holds the root slots: no CR3 write on the way to the server.
    let keep_space =
        ring1 && k.loaded_task.is_some_and(|l| k.task(l).shares_root || k.task(l).is_root);
    if k.loaded_task != Some(task) && !keep_space {
        let t = k.task_mut(task);
        let flush = t.tlb_stale;
        t.tlb_stale = false;
        let pcid = t.pcid;
        // SAFETY: the task is alive while it has a running thread.
        unsafe { t.space.load(pcid, flush) };
        k.loaded_task = Some(task);
        k.counters.cr3_writes += 1;
        k.thread_mut(next).counters.cr3_writes += 1;
    }
    if uses_fpu && k.fpu_owner != Some(next) {
        if let Some(owner) = k.fpu_owner {
            if let Some(Some(o)) = k.threads.get_mut(owner) {
                if let Some(area) = o.fpu.as_mut() {
                    fpu::save(area);
                }
            }
        }
        if let Some(area) = k.thread(next).fpu.as_ref() {
            fpu::restore(area);
        }
        k.fpu_owner = Some(next);
    }
}

/// Frees dead threads other than the running one.
fn reap() {
    with(|k| {
        let current = k.current;
        let zombies = core::mem::take(&mut k.zombies);
        for z in zombies {
            if z == current {
                k.zombies.push(z);
            } else {
                k.threads[z] = None;
            }
        }
    });
}

/// The idle thread: halts until an interrupt makes something ready.
pub extern "C" fn idle_loop() -> ! {
    loop {
        let ready = with(|k| k.ready.highest().is_some());
        if ready {
            switch(None);
        } else {
            x86_64::instructions::interrupts::enable_and_hlt();
            x86_64::instructions::interrupts::disable();
        }
    }
}

/// Leaves the boot context for the first ready thread, for good.
pub fn start() -> ! {
    RUNNING.store(true, Ordering::SeqCst);
    x86_64::instructions::interrupts::disable();
    let mut discarded = 0u64;
    let next = with(|k| {
        let next = k.ready.pop().unwrap_or(k.idle);
        k.current = next;
        k.thread_mut(next).state = State::Running;
        let idle = k.idle;
        load_context(k, idle, next);
        k.thread(next).kernel_rsp
    });
    // SAFETY: the boot context is never resumed; its save slot is a local.
    unsafe { entry::context_switch(&mut discarded, next) };
    unreachable!("the boot context was resumed");
}
