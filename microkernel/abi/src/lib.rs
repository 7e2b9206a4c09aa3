//! The microkernel's user ABI, shared by the kernel and by user-space tasks.
#![no_std]
#![forbid(unsafe_code)]
