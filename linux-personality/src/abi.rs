//! Linux ABI items this crate needs before `syscall-translation` provides them.
//!
//! Owns nothing for long: every item here is a stand-in for the single source of truth in
//! `syscall-translation` (STYLE.md rule 10). Each one is marked `TODO(syscall-translation): move`
//! and is replaced by a re-export once that crate exports it, so that callers of this crate never
//! see two `Errno` types. Values are those of the Linux x86-64 uapi headers (`asm-generic/errno*.h`,
//! `asm-generic/mman-common.h`, `linux/mman.h`, `uapi/linux/auxvec.h`, `asm/auxvec.h`).

use bitflags::bitflags;

/// A Linux error number (errno(3)).
// TODO(syscall-translation): move (replace with a re-export of `syscall_translation`'s `Errno`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Errno(u16);

impl Errno {
    /// Argument list too long.
    pub const E2BIG: Errno = Errno(7);
    /// Exec format error.
    pub const ENOEXEC: Errno = Errno(8);
    /// Cannot allocate memory.
    pub const ENOMEM: Errno = Errno(12);
    /// File exists.
    pub const EEXIST: Errno = Errno(17);
    /// Invalid argument.
    pub const EINVAL: Errno = Errno(22);

    /// The positive error number.
    pub const fn raw(self) -> i32 {
        self.0 as i32
    }
}

bitflags! {
    /// Page protection, `PROT_*` of mmap(2) and mprotect(2).
    // TODO(syscall-translation): move
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Default)]
    pub struct Prot: u32 {
        /// `PROT_READ`: pages may be read.
        const READ = 0x1;
        /// `PROT_WRITE`: pages may be written.
        const WRITE = 0x2;
        /// `PROT_EXEC`: pages may be executed.
        const EXEC = 0x4;
    }
}

bitflags! {
    /// Mapping flags, `MAP_*` of mmap(2) (x86-64 values).
    // TODO(syscall-translation): move
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Default)]
    pub struct MapFlags: u32 {
        /// `MAP_SHARED`: changes are shared with other mappings of the same object.
        const SHARED = 0x01;
        /// `MAP_PRIVATE`: copy-on-write mapping.
        const PRIVATE = 0x02;
        /// `MAP_SHARED_VALIDATE`: `MAP_SHARED` that rejects unknown flags.
        const SHARED_VALIDATE = 0x03;
        /// `MAP_FIXED`: place the mapping exactly at the hint, replacing what is there.
        const FIXED = 0x10;
        /// `MAP_ANONYMOUS`: not backed by a file; zero-filled.
        const ANONYMOUS = 0x20;
        /// `MAP_GROWSDOWN`: a stack that grows down on faults below it.
        const GROWSDOWN = 0x0100;
        /// `MAP_DENYWRITE`: ignored by Linux.
        const DENYWRITE = 0x0800;
        /// `MAP_EXECUTABLE`: ignored by Linux.
        const EXECUTABLE = 0x1000;
        /// `MAP_LOCKED`: lock pages (accepted, treated as a hint here).
        const LOCKED = 0x2000;
        /// `MAP_NORESERVE`: do not reserve swap.
        const NORESERVE = 0x4000;
        /// `MAP_POPULATE`: prefault pages.
        const POPULATE = 0x8000;
        /// `MAP_NONBLOCK`: with `MAP_POPULATE`, do not block.
        const NONBLOCK = 0x1_0000;
        /// `MAP_STACK`: hint that the mapping is a thread stack.
        const STACK = 0x2_0000;
        /// `MAP_HUGETLB`: huge pages (refused here).
        const HUGETLB = 0x4_0000;
        /// `MAP_SYNC`: DAX synchronous faults (refused here).
        const SYNC = 0x8_0000;
        /// `MAP_FIXED_NOREPLACE`: like `MAP_FIXED` but fail with EEXIST instead of replacing.
        const FIXED_NOREPLACE = 0x10_0000;
    }
}

bitflags! {
    /// mremap(2) flags.
    // TODO(syscall-translation): move
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Default)]
    pub struct MremapFlags: u32 {
        /// `MREMAP_MAYMOVE`: the mapping may move if it cannot grow in place.
        const MAYMOVE = 1;
        /// `MREMAP_FIXED`: move to the given new address (requires `MREMAP_MAYMOVE`).
        const FIXED = 2;
        /// `MREMAP_DONTUNMAP`: leave the old range mapped (refused here).
        const DONTUNMAP = 4;
    }
}

/// Auxiliary-vector keys (`AT_*`, getauxval(3)).
// TODO(syscall-translation): move
pub mod auxv {
    /// End of the vector.
    pub const AT_NULL: u64 = 0;
    /// Address of the program headers.
    pub const AT_PHDR: u64 = 3;
    /// Size of one program header.
    pub const AT_PHENT: u64 = 4;
    /// Number of program headers.
    pub const AT_PHNUM: u64 = 5;
    /// System page size.
    pub const AT_PAGESZ: u64 = 6;
    /// Interpreter base address (0 without an interpreter).
    pub const AT_BASE: u64 = 7;
    /// Flags (0).
    pub const AT_FLAGS: u64 = 8;
    /// Program entry point.
    pub const AT_ENTRY: u64 = 9;
    /// Real user id.
    pub const AT_UID: u64 = 11;
    /// Effective user id.
    pub const AT_EUID: u64 = 12;
    /// Real group id.
    pub const AT_GID: u64 = 13;
    /// Effective group id.
    pub const AT_EGID: u64 = 14;
    /// Address of the platform string.
    pub const AT_PLATFORM: u64 = 15;
    /// CPU capability bits (CPUID.1:EDX on x86).
    pub const AT_HWCAP: u64 = 16;
    /// Frequency of times(2) (`CLOCKS_PER_SEC` in the kernel's sense: USER_HZ).
    pub const AT_CLKTCK: u64 = 17;
    /// Secure mode (setuid) boolean.
    pub const AT_SECURE: u64 = 23;
    /// Address of 16 random bytes.
    pub const AT_RANDOM: u64 = 25;
    /// Extended capability bits.
    pub const AT_HWCAP2: u64 = 26;
    /// Address of the file name given to execve.
    pub const AT_EXECFN: u64 = 31;
    /// Minimal signal stack size needed for the signal frame.
    pub const AT_MINSIGSTKSZ: u64 = 51;
}
