//! execve(2) for ELF programs: the loading decisions and the initial stack.
//!
//! Owns the pure half of exec: [`LoadPlan::from_elf`] turns an executable's bytes into the list
//! of mappings, the entry point and the values of the auxiliary vector; [`StackBuilder`] turns
//! argv, envp and that plan into the bytes of the new program's stack. The server's perform step
//! (tear down the old address space, map the segments with `mm`, copy the stack, start the thread
//! at `entry` with `rsp`) cannot fail on anything the program supplied: every check happens here
//! first (STYLE.md rule 6). Follows execve(2) and Linux's `fs/binfmt_elf.c`.

#![forbid(unsafe_code)]

mod elf;
mod stack;
#[cfg(test)]
mod tests;

pub use elf::{
    ElfKind, ExecError, LoadPlan, Segment, TlsTemplate, EHDR_SIZE, MAX_PHDR_TABLE_BYTES, PHDR_SIZE,
};
pub use stack::{
    Credentials, InitialStack, StackBuilder, StackError, ARG_MAX, CLOCK_TICKS_PER_SECOND,
    DEFAULT_MIN_SIGNAL_STACK_SIZE, DEFAULT_STACK_RLIMIT, MAX_ARG_STRLEN, PLATFORM,
};
