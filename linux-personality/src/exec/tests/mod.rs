//! Host tests of the ELF load plan and the initial stack.
//!
//! `elf_writer` builds small ELF files in memory for the good and malformed cases; `real` plans
//! the real static programs of this machine (busybox, and programs compiled here with musl-gcc and
//! gcc) and checks them against values read independently with goblin's full parser; `stack`
//! parses a built stack image back.

mod elf_writer;
mod fuzz;
mod plan;
mod real;
mod stack;
