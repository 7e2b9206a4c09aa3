//! The Linux personality server's host-testable core.
//!
//! This crate holds the logic of the server that needs no microkernel call: deciding how to load
//! an ELF program and what its first stack holds (`exec`), and the per-process map of virtual
//! memory areas (`mm`). The ring-3 server binary calls into it from its `sys`-backed perform
//! steps. No module here uses `unsafe`.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod exec;
pub mod ipc;
pub mod layout;
pub mod mm;
pub mod procfs;
pub mod vfs;
