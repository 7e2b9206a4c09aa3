//! The kernel's per-CPU block, the `syscall` entry, the common return to user
//! mode, the kernel-stack switch, and fault-tolerant copies from and to user memory.
//!
//! Every entry from user mode (syscall, exception, interrupt) leaves a
//! [`TrapFrame`] at the top of the current thread's kernel stack: that frame *is*
//! the thread's user register state while it is in the kernel or blocked. Return
//! to user mode always goes through [`trap_return`], which pops a frame.

use core::sync::atomic::{AtomicU64, Ordering};

use x86_64::registers::model_specific::{
    Efer, EferFlags, GsBase, KernelGsBase, LStar, Msr, SFMask,
};
use x86_64::registers::rflags::RFlags;
use x86_64::VirtAddr;

use super::trap::TrapFrame;

/// Vector number recorded in the frame of a `syscall` entry.
pub const SYSCALL_VECTOR: u64 = 0x100;

/// Reached through GS while in the kernel.
#[repr(C)]
pub struct PerCpu {
    /// Top of the current thread's kernel stack (loaded on `syscall`).
    pub kernel_rsp: AtomicU64,
    /// Scratch slot for the user rsp during `syscall` entry.
    pub user_rsp: AtomicU64,
    /// The code and stack selectors of the current thread's ring (3, or 1 for
    /// a co-located server), which `syscall` does not save.
    pub user_cs: AtomicU64,
    pub user_ss: AtomicU64,
}

const PERCPU_KERNEL_RSP: usize = 0;
const PERCPU_USER_RSP: usize = 8;
const PERCPU_USER_CS: usize = 16;
const PERCPU_USER_SS: usize = 24;

pub static PERCPU: PerCpu = PerCpu {
    kernel_rsp: AtomicU64::new(0),
    user_rsp: AtomicU64::new(0),
    user_cs: AtomicU64::new(0x23),
    user_ss: AtomicU64::new(0x1b),
};

/// Sets the selectors `syscall` entries of the current thread return with.
pub fn set_user_selectors(cs: u64, ss: u64) {
    PERCPU.user_cs.store(cs, Ordering::Relaxed);
    PERCPU.user_ss.store(ss, Ordering::Relaxed);
}

/// Points GS at the per-CPU block and enables `syscall` with our entry point.
pub fn init() {
    GsBase::write(VirtAddr::from_ptr(&PERCPU));
    KernelGsBase::write(VirtAddr::zero());
    // SAFETY: STAR selects kernel CS 0x08 / SS 0x10 for syscall and user SS
    // 0x18|3 / CS 0x20|3 for sysret, matching the GDT built in `gdt`.
    unsafe {
        Msr::new(0xc000_0081).write((0x10u64 << 48) | (0x08u64 << 32));
        LStar::write(VirtAddr::new(syscall_entry as *const () as u64));
        SFMask::write(
            RFlags::INTERRUPT_FLAG
                | RFlags::TRAP_FLAG
                | RFlags::DIRECTION_FLAG
                | RFlags::ALIGNMENT_CHECK
                | RFlags::NESTED_TASK,
        );
        Efer::update(|flags| {
            flags.insert(EferFlags::SYSTEM_CALL_EXTENSIONS | EferFlags::NO_EXECUTE_ENABLE)
        });
    }
}

/// Sets the kernel stack used by the next entry from user mode.
pub fn set_kernel_stack(top: u64) {
    PERCPU.kernel_rsp.store(top, Ordering::Relaxed);
    super::gdt::set_privilege_stack(top);
}

/// `syscall` from ring 3: build a TrapFrame on the current thread's kernel stack
/// and call the one safe dispatcher.
#[unsafe(naked)]
unsafe extern "C" fn syscall_entry() {
    core::arch::naked_asm!(
        "swapgs",
        "mov gs:[{user_rsp}], rsp",
        "mov rsp, gs:[{kernel_rsp}]",
        "push qword ptr gs:[{user_ss}]",
        "push qword ptr gs:[{user_rsp}]",
        "push r11",
        "push qword ptr gs:[{user_cs}]",
        "push rcx",
        "push 0",
        "push {vector}",
        "push r15",
        "push r14",
        "push r13",
        "push r12",
        "push r11",
        "push r10",
        "push r9",
        "push r8",
        "push rbp",
        "push rdi",
        "push rsi",
        "push rdx",
        "push rcx",
        "push rbx",
        "push rax",
        "mov rdi, rsp",
        "cld",
        "call {dispatch}",
        // Return with sysret when the frame allows it exactly: ring 3, rcx and
        // r11 equal to rip and rflags (as `syscall` left them: a Linux syscall
        // answered with a new rax, or a native call), rip canonical in the
        // lower half (sysret to a non-canonical rip would fault in ring 0).
        // Under TCG sysret is much cheaper than iretq's descriptor checks.
        "mov rax, [rsp + 17*8]",
        "cmp rax, [rsp + 2*8]",
        "jne 9f",
        "shr rax, 47",
        "jnz 9f",
        "mov rax, [rsp + 19*8]",
        "cmp rax, [rsp + 10*8]",
        "jne 9f",
        "cmp qword ptr [rsp + 18*8], 0x23",
        "jne 9f",
        "cmp qword ptr [rsp + 21*8], 0x1b",
        "jne 9f",
        "pop rax",
        "pop rbx",
        "pop rcx",
        "pop rdx",
        "pop rsi",
        "pop rdi",
        "pop rbp",
        "pop r8",
        "pop r9",
        "pop r10",
        "pop r11",
        "pop r12",
        "pop r13",
        "pop r14",
        "pop r15",
        // [rsp]: vector, error code, rip, cs, rflags, rsp, ss.
        "mov rsp, [rsp + 5*8]",
        "swapgs",
        "sysretq",
        "9:",
        "jmp {trap_return}",
        user_rsp = const PERCPU_USER_RSP,
        kernel_rsp = const PERCPU_KERNEL_RSP,
        user_cs = const PERCPU_USER_CS,
        user_ss = const PERCPU_USER_SS,
        vector = const SYSCALL_VECTOR,
        dispatch = sym syscall_dispatch,
        trap_return = sym trap_return,
    );
}

extern "C" fn syscall_dispatch(frame: &mut TrapFrame) {
    crate::kobj::syscall(frame);
}

/// Pops the TrapFrame at rsp and returns to where it says (user or kernel mode).
#[unsafe(naked)]
pub unsafe extern "C" fn trap_return() {
    core::arch::naked_asm!(
        "pop rax",
        "pop rbx",
        "pop rcx",
        "pop rdx",
        "pop rsi",
        "pop rdi",
        "pop rbp",
        "pop r8",
        "pop r9",
        "pop r10",
        "pop r11",
        "pop r12",
        "pop r13",
        "pop r14",
        "pop r15",
        "test qword ptr [rsp + 24], 3",
        "jz 2f",
        "swapgs",
        "2:",
        "add rsp, 16",
        "iretq",
    );
}

/// Saves the callee-saved registers and rsp of the running kernel context into
/// `*save`, then resumes the context whose rsp is `next`.
///
/// # Safety
/// `next` must be an rsp saved by this function, or a stack prepared by
/// [`prepare_stack`]; `save` must stay valid until the context is resumed.
#[unsafe(naked)]
pub unsafe extern "C" fn context_switch(save: *mut u64, next: u64) {
    core::arch::naked_asm!(
        "push rbx",
        "push rbp",
        "push r12",
        "push r13",
        "push r14",
        "push r15",
        "mov [rdi], rsp",
        "mov rsp, rsi",
        "pop r15",
        "pop r14",
        "pop r13",
        "pop r12",
        "pop rbp",
        "pop rbx",
        "ret",
    );
}

/// Prepares a fresh kernel stack whose first `context_switch` "returns" into
/// `entry` with rsp at `stack_top - frame_bytes` (where a TrapFrame is placed for
/// user threads). Returns the rsp to give to `context_switch`.
///
/// # Safety
/// `stack_top` must be the 16-byte aligned top of a kernel stack owned by the
/// caller with room for the frame and 7 words.
pub unsafe fn prepare_stack(stack_top: u64, frame_bytes: u64, entry: u64) -> u64 {
    let base = stack_top - frame_bytes;
    let words = base - 7 * 8;
    let slots = words as *mut u64;
    // SAFETY: the caller owns the stack; the 7 words below the frame are ours.
    unsafe {
        for i in 0..6 {
            slots.add(i).write(0);
        }
        slots.add(6).write(entry);
    }
    words
}

core::arch::global_asm!(
    ".global user_copy_instruction",
    ".global user_copy_fixup",
    ".global user_copy",
    "user_copy:",
    "mov rcx, rdx",
    "user_copy_instruction:",
    "rep movsb",
    "xor eax, eax",
    "ret",
    "user_copy_fixup:",
    "mov eax, 1",
    "ret",
);

unsafe extern "C" {
    fn user_copy(dst: *mut u8, src: *const u8, len: usize) -> u64;
    static user_copy_instruction: u8;
    static user_copy_fixup: u8;
}

/// If a kernel-mode page fault hit the user-copy instruction, redirect it to the
/// copy's failure exit and return true.
pub fn fixup_user_copy(frame: &mut TrapFrame) -> bool {
    let instruction = &raw const user_copy_instruction as u64;
    if frame.rip == instruction {
        frame.rip = &raw const user_copy_fixup as u64;
        true
    } else {
        false
    }
}

/// Copies `len` bytes between kernel memory and the current address space's user
/// memory. The caller has checked that the user range lies in memory the calling
/// task may name; an unmapped page makes this return false instead of faulting.
///
/// # Safety
/// The kernel-side range must be valid for the access.
pub unsafe fn copy_user(dst: *mut u8, src: *const u8, len: usize) -> bool {
    // SAFETY: page faults inside `user_copy` are redirected by `fixup_user_copy`.
    unsafe { user_copy(dst, src, len) == 0 }
}
