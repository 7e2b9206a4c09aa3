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
    /// Operation not permitted.
    pub const EPERM: Errno = Errno(1);
    /// Argument list too long.
    pub const E2BIG: Errno = Errno(7);
    /// Exec format error.
    pub const ENOEXEC: Errno = Errno(8);
    /// Cannot allocate memory.
    pub const ENOMEM: Errno = Errno(12);
    /// Bad address.
    pub const EFAULT: Errno = Errno(14);
    /// File exists.
    pub const EEXIST: Errno = Errno(17);
    /// Invalid argument.
    pub const EINVAL: Errno = Errno(22);
    /// Value too large for defined data type.
    pub const EOVERFLOW: Errno = Errno(75);

    /// The positive error number.
    pub const fn raw(self) -> i32 {
        self.0 as i32
    }
}

bitflags! {
    /// Page protection, `PROT_*` of mmap(2) and mprotect(2).
    // TODO(syscall-translation): move
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct ProtFlags: u32 {
        /// `PROT_READ`: pages may be read.
        const PROT_READ = 0x1;
        /// `PROT_WRITE`: pages may be written.
        const PROT_WRITE = 0x2;
        /// `PROT_EXEC`: pages may be executed.
        const PROT_EXEC = 0x4;
        /// `PROT_SEM`: usable for atomic operations (ignored).
        const PROT_SEM = 0x8;
        /// `PROT_GROWSDOWN`: mprotect(2) extends down to the start of a grows-down mapping.
        const PROT_GROWSDOWN = 0x0100_0000;
        /// `PROT_GROWSUP`: mprotect(2) extends up to the end of a grows-up mapping.
        const PROT_GROWSUP = 0x0200_0000;
    }
}

bitflags! {
    /// Mapping flags, `MAP_*` of mmap(2) (x86-64 values).
    // TODO(syscall-translation): move
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MapFlags: u32 {
        /// `MAP_SHARED`: changes are shared with other mappings of the same object.
        const MAP_SHARED = 0x01;
        /// `MAP_PRIVATE`: copy-on-write mapping.
        const MAP_PRIVATE = 0x02;
        /// `MAP_SHARED_VALIDATE`: `MAP_SHARED` that rejects unknown flags.
        const MAP_SHARED_VALIDATE = 0x03;
        /// `MAP_FIXED`: place the mapping exactly at the hint, replacing what is there.
        const MAP_FIXED = 0x10;
        /// `MAP_ANONYMOUS`: not backed by a file; zero-filled.
        const MAP_ANONYMOUS = 0x20;
        /// `MAP_GROWSDOWN`: a stack that grows down on faults below it.
        const MAP_GROWSDOWN = 0x0100;
        /// `MAP_DENYWRITE`: ignored by Linux.
        const MAP_DENYWRITE = 0x0800;
        /// `MAP_EXECUTABLE`: ignored by Linux.
        const MAP_EXECUTABLE = 0x1000;
        /// `MAP_LOCKED`: lock pages (accepted, treated as a hint here).
        const MAP_LOCKED = 0x2000;
        /// `MAP_NORESERVE`: do not reserve swap.
        const MAP_NORESERVE = 0x4000;
        /// `MAP_POPULATE`: prefault pages.
        const MAP_POPULATE = 0x8000;
        /// `MAP_NONBLOCK`: with `MAP_POPULATE`, do not block.
        const MAP_NONBLOCK = 0x1_0000;
        /// `MAP_STACK`: hint that the mapping is a thread stack.
        const MAP_STACK = 0x2_0000;
        /// `MAP_HUGETLB`: huge pages (refused here).
        const MAP_HUGETLB = 0x4_0000;
        /// `MAP_SYNC`: DAX synchronous faults (refused here).
        const MAP_SYNC = 0x8_0000;
        /// `MAP_FIXED_NOREPLACE`: like `MAP_FIXED` but fail with EEXIST instead of replacing.
        const MAP_FIXED_NOREPLACE = 0x10_0000;
    }
}

bitflags! {
    /// mremap(2) flags.
    // TODO(syscall-translation): move
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MremapFlags: u32 {
        /// `MREMAP_MAYMOVE`: the mapping may move if it cannot grow in place.
        const MREMAP_MAYMOVE = 1;
        /// `MREMAP_FIXED`: move to the given new address (requires `MREMAP_MAYMOVE`).
        const MREMAP_FIXED = 2;
        /// `MREMAP_DONTUNMAP`: leave the old range mapped (refused here).
        const MREMAP_DONTUNMAP = 4;
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
