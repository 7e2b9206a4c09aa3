//! The microkernel's user ABI, shared by the kernel, by user-space tasks (through
//! `microkernel-user`) and by the host build tool (which decodes QEMU exit values).
//!
//! # Register convention for native kernel calls
//! A native thread enters the kernel with `syscall`:
//!
//! | register | on entry | on return |
//! | --- | --- | --- |
//! | rax | [`Call`] number | [`Error`] code (0 = success) |
//! | rdi | target (thread / task id) | sender id (receive) or first result |
//! | rsi | message tag ([`Tag`]) | message tag |
//! | rdx | timeout in ns ([`TIMEOUT_NEVER`], 0 = poll) or third argument | second result |
//! | r8, r9, r10, r12, r13, r14 | message words MR0..MR5 | message words MR0..MR5 |
//!
//! rcx and r11 are clobbered (`syscall` / `sysret`); rbx, rbp, r15 and rsp are preserved.
//! Longer data (exception frames, register sets, FPU state, counters) travels in the
//! thread's UTCB, a page the kernel maps into the thread's task ([`utcb`]).
//!
//! A thread marked *foreign ABI* never makes these calls: its `syscall`, page faults
//! and CPU exceptions become exception messages to its handler ([`exception`]).
#![no_std]
#![forbid(unsafe_code)]

pub mod exit;
pub mod layout;
pub mod utcb;

/// Kernel call numbers (rax on `syscall` from a native thread).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Call {
    /// Write the bytes at (rdi = pointer, rsi = length) to the kernel log.
    Log = 0,
    /// Create a task owned by the caller's task. rdi = [`TaskFlags`] bits. Returns rdi = task id.
    TaskCreate = 1,
    /// Destroy a task owned by the caller (its threads are killed). rdi = task.
    TaskDestroy = 2,
    /// Map pages into a task owned by the caller: rdi = task, rsi = pointer to
    /// [`MapEntry`] array in the caller's memory, rdx = count. Returns rdi = pages mapped.
    Map = 3,
    /// Unmap pages: rdi = task, rsi = first address, rdx = page count.
    Unmap = 4,
    /// Change protection: rdi = task, rsi = first address, rdx = page count, r8 = [`MapFlags`].
    Protect = 5,
    /// Create an inactive thread: rdi = task, rsi = UTCB address in that task (0: none,
    /// only for foreign-ABI threads). Returns rdi = thread id.
    ThreadCreate = 6,
    /// Start a thread: rdi = thread, rsi = [`ThreadFlags`], rdx = handler thread (0: none),
    /// r8 = rip, r9 = rsp, r10 = priority (0..=255), r12 = first argument (rdi of the new thread).
    ThreadStart = 7,
    /// Read or write a thread's registers through the caller's UTCB: rdi = thread,
    /// rsi = [`ExregsFlags`]. Read fills `utcb::EXCEPTION_FRAME` (and `utcb::FPU_AREA`).
    Exregs = 8,
    /// Force a thread into its exception path (vector [`exception::INTERRUPT`]) as soon as
    /// it runs or is blocked in a Linux-visible way: rdi = thread.
    ThreadInterrupt = 9,
    /// Suspend (rsi = 1) or resume (rsi = 0) a thread: rdi = thread.
    ThreadSuspend = 10,
    /// Kill a thread: rdi = thread (0 = the caller itself).
    ThreadKill = 11,
    /// Send to rdi and wait for its reply.
    IpcCall = 12,
    /// Reply to rdi (0: no reply) then wait for a message from anyone.
    IpcReplyWait = 13,
    /// Send to rdi (blocking up to the timeout).
    IpcSend = 14,
    /// Receive from rdi (0: anyone).
    IpcReceive = 15,
    /// Reply to rdi without waiting (deferred reply); fails if rdi is not waiting for a
    /// reply from the caller's task.
    IpcReply = 16,
    /// Route IRQ rdi to the caller as messages from [`irq_sender`]`(rdi)`.
    IrqAttach = 17,
    /// Unmask IRQ rdi after handling it.
    IrqAck = 18,
    /// Monotonic clock: returns rdi = nanoseconds since boot, rsi = TSC ticks per µs × 1000.
    Clock = 19,
    /// Wall-clock time at boot from the CMOS RTC: returns rdi = seconds since the epoch.
    BootTime = 20,
    /// Copy event counters of thread rdi (0: global) into the caller's UTCB at
    /// `utcb::COUNTERS` as a [`Counters`].
    Counters = 21,
    /// Give up the processor.
    Yield = 22,
    /// Read the caller's own ids: returns rdi = thread id, rsi = task id.
    Whoami = 23,
}

impl Call {
    pub const COUNT: u64 = 24;

    pub fn from_u64(value: u64) -> Option<Call> {
        use Call::*;
        const ALL: [Call; Call::COUNT as usize] = [
            Log,
            TaskCreate,
            TaskDestroy,
            Map,
            Unmap,
            Protect,
            ThreadCreate,
            ThreadStart,
            Exregs,
            ThreadInterrupt,
            ThreadSuspend,
            ThreadKill,
            IpcCall,
            IpcReplyWait,
            IpcSend,
            IpcReceive,
            IpcReply,
            IrqAttach,
            IrqAck,
            Clock,
            BootTime,
            Counters,
            Yield,
            Whoami,
        ];
        ALL.get(value as usize).copied()
    }
}

/// Error codes returned in rax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Error {
    Ok = 0,
    /// Unknown call number.
    NoSuchCall = 1,
    /// A thread or task id does not name a live object.
    InvalidId = 2,
    /// The caller may not do this to that object.
    Denied = 3,
    /// An argument is out of range or malformed.
    InvalidArgument = 4,
    /// A user pointer could not be read or written.
    Fault = 5,
    /// The kernel ran out of memory for the request.
    OutOfMemory = 6,
    /// A timeout expired before the IPC could happen.
    Timeout = 7,
    /// The partner of an IPC died or was destroyed.
    PartnerDied = 8,
    /// The address is already mapped.
    AlreadyMapped = 9,
    /// The thread was interrupted out of its wait.
    Interrupted = 10,
}

impl Error {
    pub fn from_u64(value: u64) -> Error {
        use Error::*;
        match value {
            0 => Ok,
            1 => NoSuchCall,
            2 => InvalidId,
            3 => Denied,
            4 => InvalidArgument,
            5 => Fault,
            6 => OutOfMemory,
            7 => Timeout,
            8 => PartnerDied,
            9 => AlreadyMapped,
            10 => Interrupted,
            _ => InvalidArgument,
        }
    }
}

/// Timeout value meaning "wait forever".
pub const TIMEOUT_NEVER: u64 = u64::MAX;

/// A message tag: `label` (what the message means to the receiver) and flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Tag(pub u64);

impl Tag {
    /// The reply to an exception message resumes the thread with the whole register
    /// frame the replier wrote to its UTCB at `utcb::EXCEPTION_FRAME`.
    pub const RESUME_FRAME: u64 = 1 << 0;
    /// The reply sets rax to MR0 and resumes the thread where it is.
    pub const RESUME_RAX: u64 = 1 << 1;
    /// The reply also restores FPU state from the replier's UTCB at `utcb::FPU_AREA`.
    pub const RESUME_FPU: u64 = 1 << 2;
    /// Set by the kernel on exception messages.
    pub const EXCEPTION: u64 = 1 << 3;
    /// Set by the kernel on interrupt messages.
    pub const IRQ: u64 = 1 << 4;

    pub const fn new(label: u64, flags: u64) -> Tag {
        Tag((label << 16) | (flags & 0xffff))
    }
    pub const fn label(self) -> u64 {
        self.0 >> 16
    }
    pub const fn flags(self) -> u64 {
        self.0 & 0xffff
    }
    pub const fn has(self, flag: u64) -> bool {
        self.0 & flag != 0
    }
}

/// The six message words carried in registers.
pub type Words = [u64; 6];

/// The sender id of messages that report IRQ `irq`.
pub const fn irq_sender(irq: u64) -> u64 {
    0xffff_0000 | irq
}

/// Exception messages: tag label = vector; words: MR0 = vector, MR1 = error code,
/// MR2 = fault address (cr2), MR3 = rip, MR4 = rax, MR5 = rsp. The whole frame is in
/// the receiver's UTCB at `utcb::EXCEPTION_FRAME`.
pub mod exception {
    /// Vector used for the `syscall` instruction of a foreign-ABI thread.
    pub const SYSCALL: u64 = 0x100;
    /// Vector used when a thread is forced into its exception path (`ThreadInterrupt`).
    pub const INTERRUPT: u64 = 0x101;
    pub const DIVIDE_ERROR: u64 = 0;
    pub const DEBUG: u64 = 1;
    pub const BREAKPOINT: u64 = 3;
    pub const INVALID_OPCODE: u64 = 6;
    pub const GENERAL_PROTECTION: u64 = 13;
    pub const PAGE_FAULT: u64 = 14;
    pub const X87: u64 = 16;
    pub const ALIGNMENT_CHECK: u64 = 17;
    pub const SIMD: u64 = 19;

    /// Page-fault error-code bits.
    pub const PF_PRESENT: u64 = 1;
    pub const PF_WRITE: u64 = 2;
    pub const PF_USER: u64 = 4;
    pub const PF_INSTRUCTION: u64 = 16;
}

/// The full user register state of a thread, as exception messages and `Exregs`
/// transfer it (in the UTCB).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct ExceptionFrame {
    pub rax: u64,
    pub rbx: u64,
    pub rcx: u64,
    pub rdx: u64,
    pub rsi: u64,
    pub rdi: u64,
    pub rbp: u64,
    pub rsp: u64,
    pub r8: u64,
    pub r9: u64,
    pub r10: u64,
    pub r11: u64,
    pub r12: u64,
    pub r13: u64,
    pub r14: u64,
    pub r15: u64,
    pub rip: u64,
    pub rflags: u64,
    pub fs_base: u64,
    pub gs_base: u64,
    pub vector: u64,
    pub error_code: u64,
    pub fault_address: u64,
}

impl ExceptionFrame {
    pub const WORDS: usize = 23;

    /// The frame as the UTCB holds it, in field order.
    pub fn to_words(&self) -> [u64; Self::WORDS] {
        [
            self.rax,
            self.rbx,
            self.rcx,
            self.rdx,
            self.rsi,
            self.rdi,
            self.rbp,
            self.rsp,
            self.r8,
            self.r9,
            self.r10,
            self.r11,
            self.r12,
            self.r13,
            self.r14,
            self.r15,
            self.rip,
            self.rflags,
            self.fs_base,
            self.gs_base,
            self.vector,
            self.error_code,
            self.fault_address,
        ]
    }

    pub fn from_words(w: &[u64; Self::WORDS]) -> ExceptionFrame {
        ExceptionFrame {
            rax: w[0],
            rbx: w[1],
            rcx: w[2],
            rdx: w[3],
            rsi: w[4],
            rdi: w[5],
            rbp: w[6],
            rsp: w[7],
            r8: w[8],
            r9: w[9],
            r10: w[10],
            r11: w[11],
            r12: w[12],
            r13: w[13],
            r14: w[14],
            r15: w[15],
            rip: w[16],
            rflags: w[17],
            fs_base: w[18],
            gs_base: w[19],
            vector: w[20],
            error_code: w[21],
            fault_address: w[22],
        }
    }

    /// Writes the frame into a UTCB at `utcb::EXCEPTION_FRAME`.
    pub fn store(&self, utcb: &mut [u8; utcb::SIZE]) {
        utcb::put_words(utcb, utcb::EXCEPTION_FRAME, &self.to_words());
    }

    /// Reads the frame from a UTCB at `utcb::EXCEPTION_FRAME`.
    pub fn load(utcb: &[u8; utcb::SIZE]) -> ExceptionFrame {
        ExceptionFrame::from_words(&utcb::get_words(utcb, utcb::EXCEPTION_FRAME))
    }
}

/// Flags of `TaskCreate`.
pub mod task_flags {
    /// Share the root task's private top-level slots (its code and data) into the
    /// new task. Test and benchmark tasks use this to run root-task code in another
    /// address space; it is also the hook for the co-located server mode.
    pub const SHARE_ROOT_SLOTS: u64 = 1;
}

/// Flags of `ThreadStart`.
pub mod thread_flags {
    /// The thread speaks a foreign ABI: all its traps go to its handler.
    pub const FOREIGN_ABI: u64 = 1;
    /// The thread uses the FPU/SSE/AVX state (always true for foreign threads).
    pub const USES_FPU: u64 = 2;
    /// Start from the whole register frame in the caller's UTCB
    /// (`utcb::EXCEPTION_FRAME`, FS/GS bases included) instead of rip/rsp/argument;
    /// with `FPU_FROM_UTCB`, also from the FPU image at `utcb::FPU_AREA` (fork).
    pub const FRAME_FROM_UTCB: u64 = 4;
    pub const FPU_FROM_UTCB: u64 = 8;
}

/// Flags of `Exregs`.
pub mod exregs_flags {
    /// Read the registers into the caller's UTCB.
    pub const READ: u64 = 1;
    /// Write the registers from the caller's UTCB.
    pub const WRITE: u64 = 2;
    /// Also transfer the FPU state (`utcb::FPU_AREA`).
    pub const FPU: u64 = 4;
}

/// A page to map: `virt` in the target task, `phys_flags` = physical address of a
/// frame granted to the root task, or'ed with [`MapFlags`] in the low 12 bits and bit 63.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct MapEntry {
    pub virt: u64,
    pub phys_flags: u64,
}

/// Page protection for `Map` and `Protect`.
pub mod map_flags {
    pub const READ: u64 = 1;
    pub const WRITE: u64 = 2;
    pub const EXECUTE: u64 = 4;
    /// Mask of the flag bits in `MapEntry::phys_flags`.
    pub const MASK: u64 = 0xfff;
}

/// Kernel event counters (global or per thread).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct Counters {
    /// Native kernel calls.
    pub kernel_calls: u64,
    /// `syscall` instructions of foreign-ABI threads.
    pub foreign_syscalls: u64,
    /// CPU exceptions (page faults included).
    pub exceptions: u64,
    pub page_faults: u64,
    /// Hardware interrupts.
    pub interrupts: u64,
    /// CR3 writes (address-space switches).
    pub cr3_writes: u64,
    /// Thread switches.
    pub thread_switches: u64,
    /// IPC messages delivered by the fast path (direct switch, no queues).
    pub ipc_fast: u64,
    /// IPC messages delivered by the general path.
    pub ipc_slow: u64,
    /// Page-table entries written.
    pub page_table_updates: u64,
    /// CPU time, sampled at each timer tick (a tick's length goes to the
    /// thread it interrupts): in user mode, and in the kernel on its behalf.
    /// Per thread, and in the global counters the sums over all threads,
    /// with the root task's user time counted as kernel time there (it is
    /// the server doing the system's work).
    pub user_time_ns: u64,
    pub kernel_time_ns: u64,
    /// The kernel's own memory, read when the call is made (global only, 0
    /// per thread): the size and free bytes of the kernel heap (thread and
    /// task objects, kernel stacks, queues and tables), and the physical
    /// frames the kernel keeps for itself (page tables, UTCBs) that are free,
    /// the memory granted to the root task excluded. Leak checks compare them.
    pub kernel_heap_size: u64,
    pub kernel_heap_free: u64,
    pub kernel_free_frames: u64,
    /// Time the processor was idle, sampled as CPU time is (global only).
    pub idle_time_ns: u64,
}

impl Counters {
    pub const WORDS: usize = 16;

    pub fn to_words(&self) -> [u64; Self::WORDS] {
        [
            self.kernel_calls,
            self.foreign_syscalls,
            self.exceptions,
            self.page_faults,
            self.interrupts,
            self.cr3_writes,
            self.thread_switches,
            self.ipc_fast,
            self.ipc_slow,
            self.page_table_updates,
            self.user_time_ns,
            self.kernel_time_ns,
            self.kernel_heap_size,
            self.kernel_heap_free,
            self.kernel_free_frames,
            self.idle_time_ns,
        ]
    }

    pub fn from_words(w: &[u64; Self::WORDS]) -> Counters {
        Counters {
            kernel_calls: w[0],
            foreign_syscalls: w[1],
            exceptions: w[2],
            page_faults: w[3],
            interrupts: w[4],
            cr3_writes: w[5],
            thread_switches: w[6],
            ipc_fast: w[7],
            ipc_slow: w[8],
            page_table_updates: w[9],
            user_time_ns: w[10],
            kernel_time_ns: w[11],
            kernel_heap_size: w[12],
            kernel_heap_free: w[13],
            kernel_free_frames: w[14],
            idle_time_ns: w[15],
        }
    }

    /// Writes the counters into a UTCB at `utcb::COUNTERS`.
    pub fn store(&self, utcb: &mut [u8; utcb::SIZE]) {
        utcb::put_words(utcb, utcb::COUNTERS, &self.to_words());
    }

    pub fn load(utcb: &[u8; utcb::SIZE]) -> Counters {
        Counters::from_words(&utcb::get_words(utcb, utcb::COUNTERS))
    }
}

// The counters end before the FPU area that follows them in the UTCB.
const _: () = assert!(utcb::COUNTERS + Counters::WORDS * 8 <= utcb::FPU_AREA);

/// Handed to the root task in rdi at start: where things are.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C)]
pub struct RootInfo {
    /// The root task's id and its first thread's id.
    pub task: u64,
    pub thread: u64,
    /// Where the root task's first thread's UTCB is mapped.
    pub utcb: u64,
    /// Physical memory granted to the root task: frames `granted_start..granted_end`
    /// (physical), all mapped in the root task at `layout::ROOT_PHYS_WINDOW + phys`.
    pub granted_start: u64,
    pub granted_end: u64,
    /// The boot ramdisk (cpio), mapped read-only at `ramdisk`.
    pub ramdisk: u64,
    pub ramdisk_len: u64,
    /// Kernel's TSC rate, for user-space clocks: ticks per microsecond × 1000.
    pub tsc_per_us_x1000: u64,
    /// Seconds since the epoch at boot (CMOS RTC).
    pub boot_time: u64,
}
