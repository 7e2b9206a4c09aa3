//! The user-space side of the microkernel ABI for native tasks (the root task,
//! the personality server, test tasks): every kernel call as a safe function.
//!
//! The `syscall` instruction, the UTCB access and port I/O are the only unsafe
//! code, all in this file's `raw` module.
#![no_std]

use abi::{Call, Counters, Error, ExceptionFrame, MapEntry, Tag, Words};
pub use microkernel_abi as abi;

mod raw {
    /// Registers in and out of a kernel call.
    #[derive(Clone, Copy, Default)]
    pub struct Regs {
        pub rax: u64,
        pub rdi: u64,
        pub rsi: u64,
        pub rdx: u64,
        pub words: [u64; 6],
    }

    #[inline(always)]
    pub fn syscall(mut r: Regs) -> Regs {
        // SAFETY: the kernel call convention (see microkernel_abi): rcx and r11
        // are clobbered, everything else not named is preserved; the kernel only
        // touches memory through explicitly passed, checked pointers.
        unsafe {
            core::arch::asm!(
                "syscall",
                inout("rax") r.rax,
                inout("rdi") r.rdi,
                inout("rsi") r.rsi,
                inout("rdx") r.rdx,
                inout("r8") r.words[0],
                inout("r9") r.words[1],
                inout("r10") r.words[2],
                inout("r12") r.words[3],
                inout("r13") r.words[4],
                inout("r14") r.words[5],
                out("rcx") _,
                out("r11") _,
                options(nostack),
            );
        }
        r
    }

    pub fn outb(port: u16, value: u8) {
        // SAFETY: port I/O has no memory effects; the kernel's I/O bitmap decides
        // whether it is allowed (#GP otherwise).
        unsafe {
            core::arch::asm!("out dx, al", in("dx") port, in("al") value, options(nostack, nomem))
        };
    }

    pub fn outl(port: u16, value: u32) {
        // SAFETY: as for `outb`.
        unsafe {
            core::arch::asm!("out dx, eax", in("dx") port, in("eax") value, options(nostack, nomem))
        };
    }

    pub fn inb(port: u16) -> u8 {
        let value: u8;
        // SAFETY: as for `outb`.
        unsafe {
            core::arch::asm!("in al, dx", in("dx") port, out("al") value, options(nostack, nomem))
        };
        value
    }

    pub fn rdtsc() -> u64 {
        // SAFETY: rdtsc has no side effects.
        unsafe { core::arch::x86_64::_rdtsc() }
    }

    /// # Safety
    /// `address` must be the caller thread's mapped UTCB page.
    pub unsafe fn utcb<'a>(address: u64) -> &'a mut [u8; 4096] {
        // SAFETY: see the function's contract.
        unsafe { &mut *(address as *mut [u8; 4096]) }
    }

    /// # Safety
    /// `address..address+len` must be mapped, readable memory for the lifetime.
    pub unsafe fn slice<'a>(address: u64, len: usize) -> &'a [u8] {
        // SAFETY: see the function's contract.
        unsafe { core::slice::from_raw_parts(address as *const u8, len) }
    }

    /// # Safety
    /// `address..address+len` must be mapped, writable memory used by no one else.
    pub unsafe fn slice_mut<'a>(address: u64, len: usize) -> &'a mut [u8] {
        // SAFETY: see the function's contract.
        unsafe { core::slice::from_raw_parts_mut(address as *mut u8, len) }
    }
}

pub use raw::{inb, outb, outl, rdtsc};

/// A view of memory the kernel guarantees to be mapped (the root task's window,
/// its ramdisk, its UTCBs). Constructing one is the unsafe claim.
pub struct Memory;

impl Memory {
    /// # Safety
    /// The range must be mapped readable memory for as long as the slice lives.
    pub unsafe fn slice<'a>(address: u64, len: usize) -> &'a [u8] {
        // SAFETY: forwarded contract.
        unsafe { raw::slice(address, len) }
    }

    /// # Safety
    /// The range must be mapped writable memory nobody else uses meanwhile.
    pub unsafe fn slice_mut<'a>(address: u64, len: usize) -> &'a mut [u8] {
        // SAFETY: forwarded contract.
        unsafe { raw::slice_mut(address, len) }
    }
}

fn call(number: Call, rdi: u64, rsi: u64, rdx: u64, words: Words) -> Result<raw::Regs, Error> {
    let out = raw::syscall(raw::Regs { rax: number as u64, rdi, rsi, rdx, words });
    match Error::from_u64(out.rax) {
        Error::Ok => Ok(out),
        error => Err(error),
    }
}

/// A received message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Message {
    pub sender: u64,
    pub tag: Tag,
    pub words: Words,
}

fn message(r: raw::Regs) -> Message {
    Message { sender: r.rdi, tag: Tag(r.rsi), words: r.words }
}

/// Writes to the kernel log.
pub fn log(text: &str) {
    for chunk in text.as_bytes().chunks(1024) {
        let _ = call(Call::Log, chunk.as_ptr() as u64, chunk.len() as u64, 0, [0; 6]);
    }
}

/// Writes straight to QEMU's debug console (root task only: it needs the port).
pub fn debugcon(text: &str) {
    for byte in text.bytes() {
        raw::outb(0xe9, byte);
    }
}

/// Ends the virtual machine through isa-debug-exit (root task only).
pub fn qemu_exit(value: u32) -> ! {
    raw::outl(0xf4, value);
    loop {
        let _ = receive(0, 0, abi::TIMEOUT_NEVER);
    }
}

pub fn task_create(flags: u64) -> Result<u64, Error> {
    call(Call::TaskCreate, flags, 0, 0, [0; 6]).map(|r| r.rdi)
}

pub fn task_destroy(task: u64) -> Result<(), Error> {
    call(Call::TaskDestroy, task, 0, 0, [0; 6]).map(|_| ())
}

/// Maps a batch of pages; on error returns how many were mapped.
pub fn map(task: u64, entries: &[MapEntry]) -> Result<usize, (usize, Error)> {
    let out = raw::syscall(raw::Regs {
        rax: Call::Map as u64,
        rdi: task,
        rsi: entries.as_ptr() as u64,
        rdx: entries.len() as u64,
        words: [0; 6],
    });
    match Error::from_u64(out.rax) {
        Error::Ok => Ok(out.rdi as usize),
        error => Err((out.rdi as usize, error)),
    }
}

pub fn unmap(task: u64, address: u64, pages: u64) -> Result<(), Error> {
    call(Call::Unmap, task, address, pages, [0; 6]).map(|_| ())
}

pub fn protect(task: u64, address: u64, pages: u64, prot: u64) -> Result<(), Error> {
    call(Call::Protect, task, address, pages, [prot, 0, 0, 0, 0, 0]).map(|_| ())
}

pub fn thread_create(task: u64, utcb: u64) -> Result<u64, Error> {
    call(Call::ThreadCreate, task, utcb, 0, [0; 6]).map(|r| r.rdi)
}

/// How to start a thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct Start {
    pub flags: u64,
    pub handler: u64,
    pub rip: u64,
    pub rsp: u64,
    pub priority: u8,
    pub argument: u64,
}

pub fn thread_start(thread: u64, s: Start) -> Result<(), Error> {
    call(
        Call::ThreadStart,
        thread,
        s.flags,
        s.handler,
        [s.rip, s.rsp, s.priority as u64, s.argument, 0, 0],
    )
    .map(|_| ())
}

pub fn thread_interrupt(thread: u64) -> Result<bool, Error> {
    call(Call::ThreadInterrupt, thread, 0, 0, [0; 6]).map(|r| r.rdi != 0)
}

pub fn thread_suspend(thread: u64, suspend: bool) -> Result<(), Error> {
    call(Call::ThreadSuspend, thread, suspend as u64, 0, [0; 6]).map(|_| ())
}

pub fn thread_kill(thread: u64) -> Result<(), Error> {
    call(Call::ThreadKill, thread, 0, 0, [0; 6]).map(|_| ())
}

pub fn exit_thread() -> ! {
    let _ = call(Call::ThreadKill, 0, 0, 0, [0; 6]);
    unreachable!("a killed thread ran on")
}

pub fn ipc_call(to: u64, tag: Tag, words: Words, timeout: u64) -> Result<Message, Error> {
    call(Call::IpcCall, to, tag.0, timeout, words).map(message)
}

pub fn send(to: u64, tag: Tag, words: Words, timeout: u64) -> Result<(), Error> {
    call(Call::IpcSend, to, tag.0, timeout, words).map(|_| ())
}

pub fn receive(from: u64, _reserved: u64, timeout: u64) -> Result<Message, Error> {
    call(Call::IpcReceive, from, 0, timeout, [0; 6]).map(message)
}

pub fn reply(to: u64, tag: Tag, words: Words) -> Result<(), Error> {
    call(Call::IpcReply, to, tag.0, 0, words).map(|_| ())
}

/// Replies to `to` (0: nobody) and waits for the next message.
pub fn reply_wait(to: u64, tag: Tag, words: Words, timeout: u64) -> Result<Message, Error> {
    call(Call::IpcReplyWait, to, tag.0, timeout, words).map(message)
}

pub fn irq_attach(irq: u64) -> Result<(), Error> {
    call(Call::IrqAttach, irq, 0, 0, [0; 6]).map(|_| ())
}

pub fn irq_ack(irq: u64) -> Result<(), Error> {
    call(Call::IrqAck, irq, 0, 0, [0; 6]).map(|_| ())
}

/// Nanoseconds since boot.
pub fn clock_ns() -> u64 {
    call(Call::Clock, 0, 0, 0, [0; 6]).map(|r| r.rdi).unwrap_or(0)
}

pub fn boot_time() -> u64 {
    call(Call::BootTime, 0, 0, 0, [0; 6]).map(|r| r.rdi).unwrap_or(0)
}

pub fn yield_now() {
    let _ = call(Call::Yield, 0, 0, 0, [0; 6]);
}

/// (thread id, task id) of the caller.
pub fn whoami() -> (u64, u64) {
    call(Call::Whoami, 0, 0, 0, [0; 6]).map(|r| (r.rdi, r.rsi)).unwrap_or((0, 0))
}

/// The calling thread's UTCB.
pub struct Utcb {
    address: u64,
}

impl Utcb {
    /// # Safety
    /// `address` must be where the kernel mapped the calling thread's UTCB, and
    /// only this thread may use the returned value.
    pub unsafe fn new(address: u64) -> Utcb {
        Utcb { address }
    }

    fn bytes(&mut self) -> &mut [u8; 4096] {
        // SAFETY: the constructor's contract.
        unsafe { raw::utcb(self.address) }
    }

    pub fn own_id(&mut self) -> u64 {
        u64::from_le_bytes(self.bytes()[0..8].try_into().unwrap())
    }

    pub fn exception_frame(&mut self) -> ExceptionFrame {
        ExceptionFrame::load(self.bytes())
    }

    pub fn set_exception_frame(&mut self, f: &ExceptionFrame) {
        f.store(self.bytes());
    }

    pub fn fpu_area(&mut self) -> &mut [u8] {
        &mut self.bytes()[abi::utcb::FPU_AREA..abi::utcb::FPU_AREA + abi::utcb::FPU_AREA_SIZE]
    }

    /// Reads (and with `write` writes back) a thread's registers through this UTCB.
    pub fn exregs(&mut self, thread: u64, flags: u64) -> Result<(), Error> {
        call(Call::Exregs, thread, flags, 0, [0; 6]).map(|_| ())
    }

    /// Kernel event counters of `thread` (0: global).
    pub fn counters(&mut self, thread: u64) -> Result<Counters, Error> {
        call(Call::Counters, thread, 0, 0, [0; 6])?;
        Ok(Counters::load(self.bytes()))
    }
}

/// A `core::fmt::Write` sink for the kernel log (through the debug console port).
pub struct DebugCon;

impl core::fmt::Write for DebugCon {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        debugcon(s);
        Ok(())
    }
}

#[macro_export]
macro_rules! println {
    ($($arg:tt)*) => {{
        use core::fmt::Write;
        let _ = writeln!($crate::DebugCon, $($arg)*);
    }};
}
