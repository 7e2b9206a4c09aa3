//! The auxiliary vector (getauxval(3), `include/uapi/linux/auxvec.h` and
//! `arch/x86/include/uapi/asm/auxvec.h`): the `AT_*` keys the ELF loader places after the
//! environment on a new program's stack, as `(key, value)` pairs ending with `AT_NULL`.

/// One auxiliary-vector entry (`Elf64_auxv_t`). 16 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AuxEntry {
    /// `AT_*` key.
    pub key: u64,
    /// Value.
    pub value: u64,
}

macro_rules! auxv_keys {
    ($($value:literal $name:ident $doc:literal;)*) => {
        $(
            #[doc = $doc]
            pub const $name: u64 = $value;
        )*

        /// The name of an `AT_*` key.
        pub const fn key_name(key: u64) -> Option<&'static str> {
            match key {
                $($value => Some(stringify!($name)),)*
                _ => None,
            }
        }
    };
}

auxv_keys! {
    0 AT_NULL "End of the vector.";
    1 AT_IGNORE "Entry to ignore.";
    2 AT_EXECFD "Descriptor of the program file.";
    3 AT_PHDR "Address of the program headers.";
    4 AT_PHENT "Size of one program header.";
    5 AT_PHNUM "Number of program headers.";
    6 AT_PAGESZ "Page size.";
    7 AT_BASE "Base address of the interpreter.";
    8 AT_FLAGS "Flags (unused, 0).";
    9 AT_ENTRY "Entry point of the program.";
    10 AT_NOTELF "The program is not ELF.";
    11 AT_UID "Real user ID.";
    12 AT_EUID "Effective user ID.";
    13 AT_GID "Real group ID.";
    14 AT_EGID "Effective group ID.";
    15 AT_PLATFORM "Address of the platform string (`\"x86_64\"`).";
    16 AT_HWCAP "CPU capabilities (CPUID leaf 1 `edx` on x86).";
    17 AT_CLKTCK "Clock ticks per second (`USER_HZ`).";
    23 AT_SECURE "Secure mode (set-user-ID and the like).";
    24 AT_BASE_PLATFORM "Address of the base platform string.";
    25 AT_RANDOM "Address of 16 random bytes.";
    26 AT_HWCAP2 "More CPU capabilities.";
    27 AT_RSEQ_FEATURE_SIZE "rseq feature size.";
    28 AT_RSEQ_ALIGN "rseq allocation alignment.";
    29 AT_HWCAP3 "More CPU capabilities.";
    30 AT_HWCAP4 "More CPU capabilities.";
    31 AT_EXECFN "Address of the file name passed to execve.";
    32 AT_SYSINFO "Address of the vsyscall entry (i386 only).";
    33 AT_SYSINFO_EHDR "Address of the vDSO ELF header.";
    51 AT_MINSIGSTKSZ "Minimal signal stack size.";
}

/// Number of random bytes `AT_RANDOM` points to.
pub const AT_RANDOM_BYTES: usize = 16;
