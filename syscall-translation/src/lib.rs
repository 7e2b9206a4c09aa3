//! The Linux x86-64 system-call ABI as a pure, host-tested crate.
#![no_std]
#![forbid(unsafe_code)]
