//! Threads: a kernel stack whose top holds the thread's user register frame, an
//! IPC state, and the thread's FS/GS bases and FPU state.
//!
//! Invariants: a thread is in the ready queues iff its state is `Ready` and it is
//! not suspended; `Running` is exactly the current thread; a thread in
//! `Sending { to }` is in `to`'s `senders` queue.

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use core::mem::size_of;
use microkernel_abi::{Counters, Error};

use super::Kernel;
use crate::arch::entry::{prepare_stack, trap_return};
use crate::arch::fpu::XsaveArea;
use crate::arch::trap::TrapFrame;
use crate::mm::frame;

pub const KERNEL_STACK_SIZE: usize = 32 * 1024;

#[repr(C, align(16))]
pub struct KernelStack(pub [u8; KERNEL_STACK_SIZE]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Created, not started.
    Inactive,
    Ready,
    Running,
    /// Blocked sending to thread `to`; `call` waits for a reply afterwards.
    Sending {
        to: usize,
        call: bool,
    },
    /// Blocked receiving from `from` (a thread id, 0 = anyone).
    Receiving {
        from: u64,
    },
    /// Message delivered; waiting for a reply from any thread of task `from_task`.
    WaitingReply {
        from_task: usize,
    },
    Dead,
}

/// A pending exception, reported to the handler when the message is delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PendingException {
    pub vector: u64,
    pub error_code: u64,
    pub fault_address: u64,
}

pub struct Thread {
    pub id: u64,
    pub task: usize,
    pub state: State,
    pub priority: u8,
    /// Remaining timer ticks of the current time slice.
    pub slice: u32,
    pub kernel_stack: Box<KernelStack>,
    /// Saved kernel rsp while switched out.
    pub kernel_rsp: u64,
    pub is_kernel_thread: bool,
    pub foreign: bool,
    pub uses_fpu: bool,
    /// Runs in ring 1 (the co-located server), sharing every address space.
    pub ring1: bool,
    pub suspended: bool,
    pub pending_interrupt: bool,
    /// Handler (thread index) of exceptions and, for foreign threads, syscalls.
    pub handler: Option<usize>,
    /// The exception being reported or awaiting its reply.
    pub exception: Option<PendingException>,
    pub utcb_frame: Option<u64>,
    pub utcb_address: u64,
    pub fs_base: u64,
    pub gs_base: u64,
    pub fpu: Option<Box<XsaveArea>>,
    /// Threads blocked sending to this one, in arrival order.
    pub senders: VecDeque<usize>,
    /// Clock time (ns, `arch::clock::now_ns`) at which the current wait times out.
    pub deadline: Option<u64>,
    pub counters: Counters,
}

pub const DEFAULT_SLICE: u32 = 10;

impl Thread {
    pub fn stack_top(&self) -> u64 {
        self.kernel_stack.0.as_ptr() as u64 + KERNEL_STACK_SIZE as u64
    }

    /// The user register frame at the top of the kernel stack.
    pub fn frame(&self) -> &TrapFrame {
        let address = self.stack_top() - size_of::<TrapFrame>() as u64;
        // SAFETY: the top of every user thread's kernel stack holds its TrapFrame,
        // written by the entry stubs or `start`, and only reached through the
        // thread (single CPU, under the kernel lock).
        unsafe { &*(address as *const TrapFrame) }
    }

    pub fn frame_mut(&mut self) -> &mut TrapFrame {
        let address = self.stack_top() - size_of::<TrapFrame>() as u64;
        // SAFETY: as in `frame`, with exclusive access through `&mut self`.
        unsafe { &mut *(address as *mut TrapFrame) }
    }

    /// The UTCB through the kernel's physical-memory map.
    pub fn utcb(&mut self) -> Option<&mut [u8; 4096]> {
        let frame = self.utcb_frame?;
        // SAFETY: the UTCB frame belongs to this thread until it dies.
        Some(unsafe { &mut *(crate::mm::phys_to_virt(frame) as *mut [u8; 4096]) })
    }

    /// Code and stack selectors of the thread's ring.
    pub fn selectors(&self) -> (u64, u64) {
        use crate::arch::gdt::{RING1_CS, RING1_SS, USER_CS, USER_SS};
        if self.ring1 {
            (RING1_CS, RING1_SS)
        } else {
            (USER_CS, USER_SS)
        }
    }

    pub fn set_error(&mut self, error: Error) {
        self.frame_mut().rax = error as u64;
    }
}

fn new_stack() -> Box<KernelStack> {
    // SAFETY: an all-zero KernelStack is a valid value (a byte array).
    unsafe { Box::<KernelStack>::new_zeroed().assume_init() }
}

fn insert(kernel: &mut Kernel, mut thread: Thread) -> usize {
    let index = match kernel.threads.iter().position(|t| t.is_none()) {
        Some(index) => index,
        None => {
            kernel.threads.push(None);
            kernel.threads.len() - 1
        }
    };
    thread.id = (kernel.generation() << 32) | index as u64;
    kernel.threads[index] = Some(Box::new(thread));
    index
}

fn blank(task: usize) -> Thread {
    Thread {
        id: 0,
        task,
        state: State::Inactive,
        priority: 0,
        slice: DEFAULT_SLICE,
        kernel_stack: new_stack(),
        kernel_rsp: 0,
        is_kernel_thread: false,
        foreign: false,
        uses_fpu: false,
        ring1: false,
        suspended: false,
        pending_interrupt: false,
        handler: None,
        exception: None,
        utcb_frame: None,
        utcb_address: 0,
        fs_base: 0,
        gs_base: 0,
        fpu: None,
        senders: VecDeque::new(),
        deadline: None,
        counters: Counters::default(),
    }
}

pub fn create_idle(kernel: &mut Kernel) -> usize {
    let mut thread = blank(usize::MAX);
    thread.is_kernel_thread = true;
    thread.state = State::Running;
    let top = thread.stack_top();
    // SAFETY: the stack is new and owned by this thread.
    thread.kernel_rsp =
        unsafe { prepare_stack(top, 0, super::sched::idle_loop as *const () as u64) };
    insert(kernel, thread)
}

/// Creates an inactive thread in `task`, with a UTCB mapped at `utcb_address`
/// (0: none).
pub fn create(kernel: &mut Kernel, task: usize, utcb_address: u64) -> Result<usize, Error> {
    crate::mm::heap::room_for(KERNEL_STACK_SIZE + core::mem::size_of::<Thread>() + 8192)?;
    let mut thread = blank(task);
    thread.ring1 = kernel.colocated && kernel.task(task).is_root;
    if utcb_address != 0 {
        let utcb = frame::allocate_zeroed().ok_or(Error::OutOfMemory)?;
        let flags = crate::mm::paging::user_flags(
            microkernel_abi::map_flags::READ | microkernel_abi::map_flags::WRITE,
        );
        let space = &mut kernel.task_mut(task).space;
        if space.map_private(utcb_address, utcb, flags).is_err() {
            // SAFETY: never mapped.
            unsafe { frame::free(utcb) };
            return Err(Error::OutOfMemory);
        }
        kernel.counters.page_table_updates += 1;
        thread.utcb_frame = Some(utcb);
        thread.utcb_address = utcb_address;
    }
    kernel.task_mut(task).threads += 1;
    let index = insert(kernel, thread);
    let id = kernel.thread(index).id;
    if let Some(utcb) = kernel.thread_mut(index).utcb() {
        utcb[0..8].copy_from_slice(&id.to_le_bytes());
    }
    Ok(index)
}

/// User rflags: IF set, IOPL 0, only the arithmetic, trap, direction, alignment
/// and ID flags under the thread's control.
pub fn sanitize_rflags(rflags: u64) -> u64 {
    (rflags & 0x24_0dd5) | 0x202
}

/// Gives a thread its first user frame and makes it ready.
pub fn start(kernel: &mut Kernel, index: usize, rip: u64, rsp: u64, argument: u64) {
    start_inactive(kernel, index);
    let thread = kernel.thread_mut(index);
    let frame = thread.frame_mut();
    frame.rip = rip;
    frame.rsp = rsp;
    frame.rdi = argument;
    thread.state = State::Ready;
    super::sched::make_ready(kernel, index);
}

/// Prepares a thread's stack and FPU state to run, leaving it out of the
/// ready queues (the caller fills in the frame, then makes it ready).
pub fn start_inactive(kernel: &mut Kernel, index: usize) {
    let thread = kernel.thread_mut(index);
    let top = thread.stack_top();
    let (cs, ss) = thread.selectors();
    *thread.frame_mut() = TrapFrame { cs, ss, rflags: 0x202, ..TrapFrame::default() };
    // SAFETY: the stack is owned by this thread and not in use (it never ran or
    // is being restarted from Inactive).
    thread.kernel_rsp = unsafe {
        prepare_stack(top, size_of::<TrapFrame>() as u64, trap_return as *const () as u64)
    };
    if thread.uses_fpu && thread.fpu.is_none() {
        // SAFETY: zeroed bytes are a valid XsaveArea; `initial` fields set below.
        let mut area = unsafe { Box::<XsaveArea>::new_zeroed().assume_init() };
        *area = XsaveArea::initial();
        thread.fpu = Some(area);
    }
}
