//! Memory-mapping flags: `PROT_*`, `MAP_*`, `MREMAP_*`, `MADV_*` (mmap(2), mprotect(2),
//! mremap(2), madvise(2)), with the x86-64 values of `include/uapi/asm-generic/mman*.h`.
//!
//! mmap(2) ignores unknown `MAP_*` bits for `MAP_SHARED`/`MAP_PRIVATE` (kept), but the mapping
//! type must be valid; mprotect(2) rejects unknown `PROT_*` bits with `EINVAL`, as does
//! mremap(2) for unknown `MREMAP_*` bits.

/// The page size on x86-64.
pub const PAGE_SIZE: u64 = 4096;

bitflags::bitflags! {
    /// `PROT_*` protection bits. `PROT_NONE` is the empty set.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct ProtFlags: u32 {
        /// Readable.
        const PROT_READ = 0x1;
        /// Writable.
        const PROT_WRITE = 0x2;
        /// Executable.
        const PROT_EXEC = 0x4;
        /// Usable for atomic operations (ignored).
        const PROT_SEM = 0x8;
        /// mprotect(2): extend down to the start of a grows-down mapping.
        const PROT_GROWSDOWN = 0x0100_0000;
        /// mprotect(2): extend up to the end of a grows-up mapping.
        const PROT_GROWSUP = 0x0200_0000;
    }
}

bitflags::bitflags! {
    /// `MAP_*` flags. The low four bits (`MAP_TYPE`) hold the mapping type.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MapFlags: u32 {
        /// Shared, validating unknown flags (`MAP_SHARED | MAP_PRIVATE`).
        const MAP_SHARED_VALIDATE = 0x03;
        /// Shared mapping.
        const MAP_SHARED = 0x01;
        /// Private copy-on-write mapping.
        const MAP_PRIVATE = 0x02;
        /// Place exactly at the address, replacing existing mappings.
        const MAP_FIXED = 0x10;
        /// Not backed by a file.
        const MAP_ANONYMOUS = 0x20;
        /// Place in the low 2 GiB.
        const MAP_32BIT = 0x40;
        /// Stack-like mapping that grows down.
        const MAP_GROWSDOWN = 0x100;
        /// Ignored.
        const MAP_DENYWRITE = 0x800;
        /// Ignored.
        const MAP_EXECUTABLE = 0x1000;
        /// Lock the pages.
        const MAP_LOCKED = 0x2000;
        /// Do not reserve swap.
        const MAP_NORESERVE = 0x4000;
        /// Prefault the pages.
        const MAP_POPULATE = 0x8000;
        /// With `MAP_POPULATE`: do not block.
        const MAP_NONBLOCK = 0x10000;
        /// A thread stack (hint).
        const MAP_STACK = 0x20000;
        /// Use huge pages.
        const MAP_HUGETLB = 0x40000;
        /// Synchronous page faults for DAX.
        const MAP_SYNC = 0x80000;
        /// Like `MAP_FIXED` but fail with `EEXIST` instead of replacing.
        const MAP_FIXED_NOREPLACE = 0x100000;
        /// Do not clear anonymous pages (only with a special kernel config).
        const MAP_UNINITIALIZED = 0x4000000;
    }
}

/// The mapping-type bits of `MAP_*`.
pub const MAP_TYPE: u32 = 0x0f;

/// The mapping type of an mmap(2) request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MapType {
    /// `MAP_SHARED`.
    Shared,
    /// `MAP_PRIVATE`.
    Private,
    /// `MAP_SHARED_VALIDATE`.
    SharedValidate,
}

impl MapFlags {
    /// The mapping type, or `None` if the type bits are invalid (mmap(2): `EINVAL`).
    pub const fn map_type(self) -> Option<MapType> {
        match self.bits() & MAP_TYPE {
            0x01 => Some(MapType::Shared),
            0x02 => Some(MapType::Private),
            0x03 => Some(MapType::SharedValidate),
            _ => None,
        }
    }
}

bitflags::bitflags! {
    /// mremap(2) flags; unknown bits are `EINVAL`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct MremapFlags: u32 {
        /// The mapping may move.
        const MREMAP_MAYMOVE = 1;
        /// Move to `new_address` (requires `MREMAP_MAYMOVE`).
        const MREMAP_FIXED = 2;
        /// Leave the old mapping in place (requires `MREMAP_MAYMOVE`).
        const MREMAP_DONTUNMAP = 4;
    }
}

/// A madvise(2) advice value known to Linux 6.x.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Advice(pub i32);

impl Advice {
    /// `MADV_DONTNEED`: drop the pages; anonymous memory reads back as zeros.
    pub const DONTNEED: Advice = Advice(4);
    /// `MADV_FREE`: the pages may be freed lazily.
    pub const FREE: Advice = Advice(8);

    /// The advice `value`, or `None` for a value Linux does not know (`EINVAL`).
    pub const fn new(value: i32) -> Option<Advice> {
        if Advice(value).name().is_some() {
            Some(Advice(value))
        } else {
            None
        }
    }

    /// The strace name.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "MADV_NORMAL",
            1 => "MADV_RANDOM",
            2 => "MADV_SEQUENTIAL",
            3 => "MADV_WILLNEED",
            4 => "MADV_DONTNEED",
            8 => "MADV_FREE",
            9 => "MADV_REMOVE",
            10 => "MADV_DONTFORK",
            11 => "MADV_DOFORK",
            12 => "MADV_MERGEABLE",
            13 => "MADV_UNMERGEABLE",
            14 => "MADV_HUGEPAGE",
            15 => "MADV_NOHUGEPAGE",
            16 => "MADV_DONTDUMP",
            17 => "MADV_DODUMP",
            18 => "MADV_WIPEONFORK",
            19 => "MADV_KEEPONFORK",
            20 => "MADV_COLD",
            21 => "MADV_PAGEOUT",
            22 => "MADV_POPULATE_READ",
            23 => "MADV_POPULATE_WRITE",
            24 => "MADV_DONTNEED_LOCKED",
            25 => "MADV_COLLAPSE",
            100 => "MADV_HWPOISON",
            101 => "MADV_SOFT_OFFLINE",
            102 => "MADV_GUARD_INSTALL",
            103 => "MADV_GUARD_REMOVE",
            _ => return None,
        })
    }
}

/// mlock2(2) `flags`: lock the pages as they are faulted in.
pub const MLOCK_ONFAULT: u32 = 1;
/// mlockall(2): lock the pages mapped now.
pub const MCL_CURRENT: u32 = 1;
/// mlockall(2): lock the pages mapped later.
pub const MCL_FUTURE: u32 = 2;
/// mlockall(2): with `MCL_CURRENT`/`MCL_FUTURE`, lock as the pages are faulted in.
pub const MCL_ONFAULT: u32 = 4;
