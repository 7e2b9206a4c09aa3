//! The Linux x86-64 system-call ABI as a pure, host-tested crate.
//!
//! Every Linux system call enters the personality server as a register frame. This crate turns
//! that frame into a typed request ([`decode()`]), a handler's result back into the
//! value for `rax` ([`errno::encode_result`]), and defines every Linux number, type, flag and
//! error the server needs, once:
//!
//! - [`numbers`]: the x86-64 syscall table (number, name, argument count);
//! - [`errno`]: `Errno` and the negative-return convention;
//! - [`types`]: `#[repr(C)]` ABI structures, layout-tested against the `libc` crate;
//! - [`flags`]: flag sets as `bitflags`, with explicit policies for unknown bits;
//! - [`user`]: `Fd`, `UserAddr`, `UserPtr<T>`, `UserSlice`, `UserCStr` (claims, never
//!   dereferenced here);
//! - [`decode`](mod@decode): `SyscallArgs` to [`decode::Syscall`];
//! - [`strace`]: strace-style lines, reading user memory only through a caller's reader;
//! - [`auxv`], [`elf`], [`ioctl`], [`arch_prctl`], [`prctl`], [`reboot`]: constants and small
//!   decoders for the loader and individual calls.
//!
//! The crate is `no_std`, allocation-free and free of `unsafe`.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod arch_prctl;
pub mod auxv;
pub mod decode;
pub mod elf;
pub mod errno;
pub mod flags;
pub mod ioctl;
pub mod numbers;
pub mod prctl;
pub mod reboot;
pub mod strace;
pub mod types;
pub mod user;

pub use decode::{decode, Syscall, SyscallArgs};
pub use errno::{encode_result, Errno, SyscallResult};
pub use numbers::Sysno;
pub use user::{DirFd, Fd, UserAddr, UserCStr, UserPtr, UserSlice};
