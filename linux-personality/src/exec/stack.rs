//! The initial process stack: argc, argv, envp, the auxiliary vector and the strings they point at.
//!
//! Owns the byte image that execve(2) leaves below the stack top of a new program, laid out as
//! Linux's `create_elf_tables` (`fs/binfmt_elf.c`) and `do_execveat_common` (`fs/exec.c`) do,
//! from the top down:
//!
//! ```text
//! stack_top   8 zero bytes (Linux starts at vm_end - sizeof(void *))
//!             execfn string (AT_EXECFN)
//!             envp strings, argv strings (argv[0] lowest)
//!             padding to 16 bytes (arch_align_stack, without its random offset)
//!             "x86_64\0" (AT_PLATFORM)
//!             16 random bytes (AT_RANDOM)
//!             padding so that rsp ends 16-byte aligned
//!             auxv pairs, ending with AT_NULL
//!             envp pointers, NULL
//!             argv pointers, NULL
//! rsp ->      argc
//! ```
//!
//! Limits (execve(2), "Limits on size of arguments and environment"): each string, with its NUL,
//! at most `MAX_ARG_STRLEN` (32 pages); all strings plus the argv and envp pointers at most a
//! quarter of the stack rlimit (capped at 6 MiB, at least `ARG_MAX` = 32 pages). Past either
//! limit the build fails with E2BIG, as execve does.
//!
//! Invariants of a built [`InitialStack`]: `rsp` is 16-byte aligned and equals
//! `stack_top - bytes.len()`; every pointer in the image points inside the image.

use alloc::vec::Vec;
use core::fmt;

use super::elf::LoadPlan;
use crate::layout::PAGE_SIZE;
use syscall_translation::auxv::*;
use syscall_translation::Errno;

/// The longest single argument or environment string, NUL included (`MAX_ARG_STRLEN`).
pub const MAX_ARG_STRLEN: u64 = 32 * PAGE_SIZE;

/// The smallest limit on all strings together (`ARG_MAX`).
pub const ARG_MAX: u64 = 32 * PAGE_SIZE;

/// The default stack rlimit (`_STK_LIM`, 8 MiB).
pub const DEFAULT_STACK_RLIMIT: u64 = 8 << 20;

/// The platform string (`ELF_PLATFORM` on x86-64).
pub const PLATFORM: &[u8] = b"x86_64";

/// `AT_CLKTCK`: the unit of times(2) (`USER_HZ`).
pub const CLOCK_TICKS_PER_SECOND: u64 = 100;

/// Default `AT_MINSIGSTKSZ`: `MINSIGSTKSZ` of the x86-64 uapi headers; the server should pass the
/// size of the signal frame it actually builds.
pub const DEFAULT_MIN_SIGNAL_STACK_SIZE: u64 = 2048;

/// Why the initial stack cannot be built.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StackError {
    /// One string is longer than `MAX_ARG_STRLEN`.
    ArgumentTooLong,
    /// The strings and pointers together exceed the limit derived from the stack rlimit.
    ArgumentsTooLarge,
    /// A string contains a NUL byte (a caller bug: strings read from user memory end at NUL).
    InteriorNul,
}

impl StackError {
    /// The errno execve(2) returns.
    pub const fn errno(self) -> Errno {
        match self {
            StackError::ArgumentTooLong | StackError::ArgumentsTooLarge => Errno::E2BIG,
            StackError::InteriorNul => Errno::EINVAL,
        }
    }
}

impl fmt::Display for StackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StackError::ArgumentTooLong => "an argument or environment string is too long",
            StackError::ArgumentsTooLarge => "argument list too long",
            StackError::InteriorNul => "a string contains a NUL byte",
        })
    }
}

/// The ids a new program sees in its auxiliary vector.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Credentials {
    /// `AT_UID`.
    pub uid: u32,
    /// `AT_EUID`.
    pub euid: u32,
    /// `AT_GID`.
    pub gid: u32,
    /// `AT_EGID`.
    pub egid: u32,
    /// `AT_SECURE`: whether the program runs with privileges its invoker lacks.
    pub secure: bool,
}

/// The built stack image.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct InitialStack {
    /// The bytes that go at `rsp .. stack_top`.
    pub bytes: Vec<u8>,
    /// The initial stack pointer, pointing at argc.
    pub rsp: u64,
    /// The auxiliary vector as written (without `AT_NULL`), for `/proc/PID/auxv`.
    pub auxv: Vec<(u64, u64)>,
}

/// Builds the initial stack of a new program (see the module docs for the layout).
#[derive(Clone, Debug)]
pub struct StackBuilder<'a> {
    stack_top: u64,
    execfn: &'a [u8],
    argv: &'a [&'a [u8]],
    envp: &'a [&'a [u8]],
    random: [u8; 16],
    credentials: Credentials,
    hwcap: u64,
    hwcap2: u64,
    vdso: Option<u64>,
    min_signal_stack_size: u64,
    stack_rlimit: u64,
}

/// Writes into the image by absolute address.
struct Image {
    base: u64,
    bytes: Vec<u8>,
}

impl Image {
    fn put(&mut self, address: u64, data: &[u8]) {
        let at = (address - self.base) as usize;
        self.bytes[at..at + data.len()].copy_from_slice(data);
    }

    fn put_u64(&mut self, address: u64, value: u64) {
        self.put(address, &value.to_le_bytes());
    }
}

impl<'a> StackBuilder<'a> {
    /// A builder for a stack ending at `stack_top`, for a program started as `execfn` (the path
    /// given to execve) with these arguments and environment (strings without their NUL).
    pub fn new(
        stack_top: u64,
        execfn: &'a [u8],
        argv: &'a [&'a [u8]],
        envp: &'a [&'a [u8]],
    ) -> Self {
        StackBuilder {
            stack_top,
            execfn,
            argv,
            envp,
            random: [0; 16],
            credentials: Credentials::default(),
            hwcap: 0,
            hwcap2: 0,
            vdso: None,
            min_signal_stack_size: DEFAULT_MIN_SIGNAL_STACK_SIZE,
            stack_rlimit: DEFAULT_STACK_RLIMIT,
        }
    }

    /// The 16 bytes `AT_RANDOM` points at (libc seeds its stack protector from them).
    pub fn random_bytes(mut self, random: [u8; 16]) -> Self {
        self.random = random;
        self
    }

    /// The ids for `AT_UID`, `AT_EUID`, `AT_GID`, `AT_EGID` and `AT_SECURE`.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// `AT_HWCAP` (CPUID.1:EDX) and `AT_HWCAP2`.
    pub fn hwcap(mut self, hwcap: u64, hwcap2: u64) -> Self {
        self.hwcap = hwcap;
        self.hwcap2 = hwcap2;
        self
    }

    /// `AT_SYSINFO_EHDR`: where the vDSO's ELF header is mapped (first in
    /// the auxiliary vector, as Linux puts it).
    pub fn vdso(mut self, address: u64) -> Self {
        self.vdso = Some(address);
        self
    }

    /// `AT_MINSIGSTKSZ`: the size of the signal frame the server builds.
    pub fn min_signal_stack_size(mut self, size: u64) -> Self {
        self.min_signal_stack_size = size;
        self
    }

    /// The `RLIMIT_STACK` soft limit, from which the argument-size limit is derived.
    pub fn stack_rlimit(mut self, limit: u64) -> Self {
        self.stack_rlimit = limit;
        self
    }

    /// The limit on strings plus pointers (`bprm_stack_limits` in `fs/exec.c`).
    fn argument_limit(&self) -> u64 {
        let six_mib = (8 << 20) / 4 * 3;
        six_mib.min(self.stack_rlimit / 4).max(ARG_MAX)
    }

    fn check_limits(&self) -> Result<(), StackError> {
        let mut strings: u64 = 0;
        for s in core::iter::once(&self.execfn).chain(self.argv).chain(self.envp) {
            if s.contains(&0) {
                return Err(StackError::InteriorNul);
            }
            let len = s.len() as u64 + 1;
            if len > MAX_ARG_STRLEN {
                return Err(StackError::ArgumentTooLong);
            }
            strings += len;
        }
        let pointers = (self.argv.len().max(1) + self.envp.len()) as u64 * 8;
        let limit = self.argument_limit();
        if limit <= pointers || strings > limit - pointers {
            return Err(StackError::ArgumentsTooLarge);
        }
        Ok(())
    }

    /// Build the image for the program described by `plan`.
    pub fn build(&self, plan: &LoadPlan) -> Result<InitialStack, StackError> {
        self.check_limits()?;
        let top = self.stack_top;

        // Strings, from the top down, recording where each lands.
        let mut p = top - 8;
        p -= self.execfn.len() as u64 + 1;
        let execfn_addr = p;
        let mut envp_addrs = Vec::with_capacity(self.envp.len());
        for s in self.envp.iter().rev() {
            p -= s.len() as u64 + 1;
            envp_addrs.push(p);
        }
        envp_addrs.reverse();
        let mut argv_addrs = Vec::with_capacity(self.argv.len());
        for s in self.argv.iter().rev() {
            p -= s.len() as u64 + 1;
            argv_addrs.push(p);
        }
        argv_addrs.reverse();
        p &= !15;
        p -= PLATFORM.len() as u64 + 1;
        let platform_addr = p;
        p -= 16;
        let random_addr = p;

        let c = &self.credentials;
        let vdso = self.vdso.map(|address| (AT_SYSINFO_EHDR, address));
        let auxv: Vec<(u64, u64)> = vdso
            .into_iter()
            .chain([
                (AT_MINSIGSTKSZ, self.min_signal_stack_size),
                (AT_HWCAP, self.hwcap),
                (AT_PAGESZ, PAGE_SIZE),
                (AT_CLKTCK, CLOCK_TICKS_PER_SECOND),
                (AT_PHDR, plan.phdr_addr),
                (AT_PHENT, plan.phent),
                (AT_PHNUM, plan.phnum),
                (AT_BASE, 0),
                (AT_FLAGS, 0),
                (AT_ENTRY, plan.entry),
                (AT_UID, u64::from(c.uid)),
                (AT_EUID, u64::from(c.euid)),
                (AT_GID, u64::from(c.gid)),
                (AT_EGID, u64::from(c.egid)),
                (AT_SECURE, u64::from(c.secure)),
                (AT_RANDOM, random_addr),
                (AT_HWCAP2, self.hwcap2),
                (AT_EXECFN, execfn_addr),
                (AT_PLATFORM, platform_addr),
            ])
            .collect();

        let auxv_words = (auxv.len() as u64 + 1) * 2;
        let items = (self.argv.len() as u64 + 1) + (self.envp.len() as u64 + 1) + 1;
        let rsp = (p - auxv_words * 8 - items * 8) & !15;

        let mut image = Image { base: rsp, bytes: alloc::vec![0; (top - rsp) as usize] };
        image.put(execfn_addr, self.execfn);
        for (s, &addr) in self.envp.iter().zip(&envp_addrs) {
            image.put(addr, s);
        }
        for (s, &addr) in self.argv.iter().zip(&argv_addrs) {
            image.put(addr, s);
        }
        image.put(platform_addr, PLATFORM);
        image.put(random_addr, &self.random);

        let mut at = rsp;
        let mut push = |image: &mut Image, value: u64| {
            image.put_u64(at, value);
            at += 8;
        };
        push(&mut image, self.argv.len() as u64);
        for &addr in &argv_addrs {
            push(&mut image, addr);
        }
        push(&mut image, 0);
        for &addr in &envp_addrs {
            push(&mut image, addr);
        }
        push(&mut image, 0);
        for &(key, value) in &auxv {
            push(&mut image, key);
            push(&mut image, value);
        }
        push(&mut image, AT_NULL);
        push(&mut image, 0);

        Ok(InitialStack { bytes: image.bytes, rsp, auxv })
    }
}
