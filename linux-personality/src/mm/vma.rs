//! One virtual memory area: a page-aligned range with uniform protection and backing.
//!
//! Owns the `Vma` value type and the rules that act on one or two VMAs at a time: splitting at a
//! page boundary (the file offset follows), whether two neighbours may merge (Linux's
//! `vma_merge` / `is_mergeable_vma`), how an access is checked against the protection, and the
//! `/proc/PID/maps` line (proc(5), `show_map_vma` in `fs/proc/task_mmu.c`).
//!
//! Invariants: `start < end`, both page aligned; for a file-backed VMA `offset` is page aligned
//! and is the file offset of `start`.

use alloc::format;
use alloc::string::String;
use alloc::sync::Arc;

use syscall_translation::flags::ProtFlags;

/// The file a mapping reads from, as the VFS identifies it (and as `/proc/PID/maps` prints it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileId {
    /// Major device number.
    pub dev_major: u32,
    /// Minor device number.
    pub dev_minor: u32,
    /// Inode number.
    pub inode: u64,
}

/// What a VMA's pages hold before they are written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Backing {
    /// Zero-filled memory (`MAP_ANONYMOUS`, the heap, stacks).
    Anonymous,
    /// Pages of a file.
    File {
        /// Which file.
        file: FileId,
        /// File offset of the VMA's first byte (page aligned).
        offset: u64,
        /// The path shown in `/proc/PID/maps`.
        path: Arc<str>,
    },
}

/// Whether writes are private to the process (copy-on-write) or shared with the object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sharing {
    /// `MAP_PRIVATE`.
    Private,
    /// `MAP_SHARED`.
    Shared,
}

/// The kind of access that faulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// A load.
    Read,
    /// A store.
    Write,
    /// An instruction fetch.
    Exec,
}

/// A virtual memory area.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Vma {
    /// First address (page aligned).
    pub start: u64,
    /// End address, exclusive (page aligned).
    pub end: u64,
    /// `PROT_READ`, `PROT_WRITE`, `PROT_EXEC` (no other bits).
    pub prot: ProtFlags,
    /// Private or shared.
    pub sharing: Sharing,
    /// Anonymous or file-backed.
    pub backing: Backing,
    /// A stack that grows down on faults just below it (`MAP_GROWSDOWN`, the main stack).
    pub grows_down: bool,
    /// The name of an anonymous VMA in `/proc/PID/maps` (`[heap]`, `[stack]`), if any.
    pub name: Option<Arc<str>>,
}

impl Vma {
    /// An anonymous private VMA with no name.
    pub fn anonymous(start: u64, end: u64, prot: ProtFlags) -> Vma {
        Vma {
            start,
            end,
            prot,
            sharing: Sharing::Private,
            backing: Backing::Anonymous,
            grows_down: false,
            name: None,
        }
    }

    /// Length in bytes.
    pub const fn len(&self) -> u64 {
        self.end - self.start
    }

    /// Whether the VMA is empty (never true for a VMA in a map).
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `address` lies inside.
    pub const fn contains(&self, address: u64) -> bool {
        self.start <= address && address < self.end
    }

    /// The file offset of `address`, for a file-backed VMA.
    pub fn file_offset_of(&self, address: u64) -> Option<u64> {
        match &self.backing {
            Backing::Anonymous => None,
            Backing::File { offset, .. } => Some(offset + (address - self.start)),
        }
    }

    /// The same VMA restricted to `start .. end` (which must lie inside it).
    pub(crate) fn slice(&self, start: u64, end: u64) -> Vma {
        debug_assert!(self.start <= start && start < end && end <= self.end);
        let mut part = self.clone();
        part.start = start;
        part.end = end;
        if let Backing::File { offset, .. } = &mut part.backing {
            *offset += start - self.start;
        }
        part
    }

    /// Whether `next`, starting where `self` ends, may be merged into `self`.
    pub(crate) fn can_merge_with(&self, next: &Vma) -> bool {
        if self.end != next.start
            || self.prot != next.prot
            || self.sharing != next.sharing
            || self.grows_down != next.grows_down
            || self.name != next.name
        {
            return false;
        }
        match (&self.backing, &next.backing) {
            (Backing::Anonymous, Backing::Anonymous) => true,
            (
                Backing::File { file: a, offset: a_offset, path: a_path },
                Backing::File { file: b, offset: b_offset, path: b_path },
            ) => a == b && a_path == b_path && a_offset + self.len() == *b_offset,
            _ => false,
        }
    }

    /// Whether the protection allows `access` (x86-64 semantics: any of read, write or execute
    /// permission makes a page readable, because the MMU has no write-only or execute-only pages).
    pub fn allows(&self, access: Access) -> bool {
        match access {
            Access::Read => !self.prot.is_empty(),
            Access::Write => self.prot.contains(ProtFlags::PROT_WRITE),
            Access::Exec => self.prot.contains(ProtFlags::PROT_EXEC),
        }
    }
}

/// The column at which `/proc/PID/maps` starts a VMA's name (`25 + sizeof(void *) * 6 - 1`), after which
/// one more space is written.
const MAPS_NAME_COLUMN: usize = 72;

/// One `/proc/PID/maps` line for `vma`, without its newline, in Linux's exact format:
/// `00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/dbus-daemon`.
pub fn maps_line(vma: &Vma) -> String {
    let flag = |bit: ProtFlags, c: char| if vma.prot.contains(bit) { c } else { '-' };
    let (offset, major, minor, inode, name): (u64, u32, u32, u64, Option<&str>) = match &vma.backing
    {
        Backing::File { file, offset, path } => {
            (*offset, file.dev_major, file.dev_minor, file.inode, Some(path))
        }
        Backing::Anonymous => (0, 0, 0, 0, vma.name.as_deref()),
    };
    let mut line = format!(
        "{:08x}-{:08x} {}{}{}{} {:08x} {:02x}:{:02x} {} ",
        vma.start,
        vma.end,
        flag(ProtFlags::PROT_READ, 'r'),
        flag(ProtFlags::PROT_WRITE, 'w'),
        flag(ProtFlags::PROT_EXEC, 'x'),
        if vma.sharing == Sharing::Shared { 's' } else { 'p' },
        offset,
        major,
        minor,
        inode,
    );
    if let Some(name) = name {
        while line.len() < MAPS_NAME_COLUMN {
            line.push(' ');
        }
        line.push(' ');
        line.push_str(name);
    }
    line
}
