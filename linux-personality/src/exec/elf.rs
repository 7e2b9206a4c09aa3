//! ELF load plans: which pages of an executable go where, decided before anything is mapped.
//!
//! Owns the decision half of execve(2)'s ELF loader (Linux `fs/binfmt_elf.c`, `load_elf_binary`
//! and `load_elf_phdrs`): it reads the ELF header and program headers with `goblin`, checks them,
//! and produces a [`LoadPlan`] that the server's perform step carries out (allocate frames, copy
//! file bytes, map). Nothing here touches memory or the microkernel, so every refusal is tested on
//! the host.
//!
//! Accepted: ELF64, little-endian, `EM_X86_64`, `ET_EXEC` (placed at its link addresses) and
//! static-pie `ET_DYN` (placed so that its lowest segment starts at the caller's page-aligned
//! `random_base`). Refused with an [`ExecError`] (errno ENOEXEC): everything else, including any
//! program with a `PT_INTERP` (dynamically linked programs are not supported).
//!
//! Invariants of a returned plan:
//! - segments are sorted, page-aligned, non-empty and pairwise disjoint, and lie inside
//!   `MMAP_MIN_ADDR .. USER_END`;
//! - each segment's file bytes (`file_offset .. file_offset + file_len`) lie inside the file and
//!   `file_len <= end - start`; the rest of the segment is zero-filled;
//! - `brk` is the page-aligned end of the highest segment.
//!
//! Two `PT_LOAD`s whose byte ranges are disjoint but share a page (old linkers do this) are
//! accepted when the shared page holds the same file bytes for both, as Linux's successive
//! `MAP_FIXED` mappings would give them; the shared page becomes its own segment with the union of
//! both permissions, so neither segment loses access to its bytes. Linux also honours a `p_align`
//! larger than a page when choosing an `ET_DYN` base; here the caller's base is used as given
//! (alignment beyond a page only helps huge pages, which this system does not use).

use alloc::vec::Vec;
use core::fmt;

use goblin::container::{Container, Ctx, Endian};
use goblin::elf::header::{self, Header};
use goblin::elf::program_header::{
    ProgramHeader, PF_R, PF_W, PF_X, PT_GNU_STACK, PT_INTERP, PT_LOAD, PT_PHDR, PT_TLS,
};

use crate::layout::{is_page_aligned, page_down, page_up, MMAP_MIN_ADDR, PAGE_SIZE, USER_END};
use syscall_translation::flags::ProtFlags;
use syscall_translation::Errno;

/// Size of an ELF64 program header (`sizeof(Elf64_Phdr)`), the only `e_phentsize` accepted.
pub const PHDR_SIZE: u16 = 56;

/// Size of an ELF64 file header (`sizeof(Elf64_Ehdr)`).
pub const EHDR_SIZE: usize = 64;

/// The largest program-header table Linux reads (`ELF_MIN_ALIGN` bytes in `load_elf_phdrs`).
pub const MAX_PHDR_TABLE_BYTES: usize = 4096;

/// Why an executable cannot be loaded. Every variant maps to ENOEXEC (execve(2): "An executable
/// is not in a recognized format, is for the wrong architecture, or has some other format error
/// that means it cannot be executed").
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ExecError {
    /// Shorter than the ELF header, or the header could not be read.
    Truncated,
    /// No `\x7fELF` magic.
    NotElf,
    /// `EI_CLASS` is not `ELFCLASS64`.
    NotElf64,
    /// `EI_DATA` is not `ELFDATA2LSB`.
    NotLittleEndian,
    /// `EI_VERSION` is not `EV_CURRENT`.
    BadVersion,
    /// `e_machine` is not `EM_X86_64`.
    WrongMachine(u16),
    /// `e_type` is neither `ET_EXEC` nor `ET_DYN`.
    WrongType(u16),
    /// The program names an interpreter (`PT_INTERP`).
    DynamicallyLinked,
    /// `e_phentsize` is not the size of an ELF64 program header.
    BadProgramHeaderSize(u16),
    /// `e_phnum` is zero or the table would exceed [`MAX_PHDR_TABLE_BYTES`].
    BadProgramHeaderCount(u16),
    /// The program-header table does not lie inside the file.
    ProgramHeadersOutOfBounds,
    /// No `PT_LOAD` segment.
    NoLoadableSegment,
    /// A segment's `p_filesz` exceeds its `p_memsz`.
    FileSizeExceedsMemorySize {
        /// Index of the program header.
        index: usize,
    },
    /// A segment's file bytes do not lie inside the file.
    SegmentOutsideFile {
        /// Index of the program header.
        index: usize,
    },
    /// A segment's `p_offset` and `p_vaddr` differ modulo the page size.
    Misaligned {
        /// Index of the program header.
        index: usize,
    },
    /// A segment's address range wraps around the end of the address space.
    SegmentWraps {
        /// Index of the program header.
        index: usize,
    },
    /// A segment reaches past the end of user space (into the kernel half).
    SegmentOutsideUserSpace {
        /// Index of the program header.
        index: usize,
    },
    /// A segment starts below `mmap_min_addr`.
    SegmentBelowMinAddress {
        /// Index of the program header.
        index: usize,
    },
    /// A segment overlaps (or precedes) the previous `PT_LOAD`.
    SegmentsOverlap {
        /// Index of the program header.
        index: usize,
    },
    /// The entry point lies outside user space.
    BadEntry,
    /// The caller's base for a static-pie program is not page aligned.
    UnalignedBase,
}

impl ExecError {
    /// The errno execve(2) returns for this refusal.
    pub const fn errno(self) -> Errno {
        Errno::ENOEXEC
    }
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::Truncated => write!(f, "file too short for an ELF header"),
            ExecError::NotElf => write!(f, "not an ELF file"),
            ExecError::NotElf64 => write!(f, "not a 64-bit ELF file"),
            ExecError::NotLittleEndian => write!(f, "not a little-endian ELF file"),
            ExecError::BadVersion => write!(f, "unknown ELF version"),
            ExecError::WrongMachine(m) => write!(f, "ELF machine {m} is not x86-64"),
            ExecError::WrongType(t) => write!(f, "ELF type {t} is not an executable"),
            ExecError::DynamicallyLinked => {
                write!(f, "dynamically linked programs are not supported")
            }
            ExecError::BadProgramHeaderSize(s) => write!(f, "program header size {s} is not 56"),
            ExecError::BadProgramHeaderCount(n) => write!(f, "bad program header count {n}"),
            ExecError::ProgramHeadersOutOfBounds => {
                write!(f, "program headers lie outside the file")
            }
            ExecError::NoLoadableSegment => write!(f, "no loadable segment"),
            ExecError::FileSizeExceedsMemorySize { index } => {
                write!(f, "segment {index}: file size exceeds memory size")
            }
            ExecError::SegmentOutsideFile { index } => {
                write!(f, "segment {index}: file bytes lie outside the file")
            }
            ExecError::Misaligned { index } => {
                write!(f, "segment {index}: offset and address differ modulo the page size")
            }
            ExecError::SegmentWraps { index } => {
                write!(f, "segment {index}: address range wraps")
            }
            ExecError::SegmentOutsideUserSpace { index } => {
                write!(f, "segment {index}: reaches beyond user space")
            }
            ExecError::SegmentBelowMinAddress { index } => {
                write!(f, "segment {index}: starts below mmap_min_addr")
            }
            ExecError::SegmentsOverlap { index } => {
                write!(f, "segment {index}: overlaps the previous segment")
            }
            ExecError::BadEntry => write!(f, "entry point outside user space"),
            ExecError::UnalignedBase => write!(f, "load base is not page aligned"),
        }
    }
}

/// Which kind of executable was planned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ElfKind {
    /// `ET_EXEC`: loaded at its link addresses.
    Executable,
    /// `ET_DYN` without an interpreter (static-pie): relocated by the load bias.
    StaticPie,
}

/// One page-aligned range to map: file bytes first, zeros after.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Segment {
    /// First address (page aligned).
    pub start: u64,
    /// End address, exclusive (page aligned, greater than `start`).
    pub end: u64,
    /// File offset of the byte that goes at `start` (page aligned).
    pub file_offset: u64,
    /// How many bytes from `file_offset` go at `start`; at most `end - start`.
    pub file_len: u64,
    /// Page protection from the segment's `p_flags`.
    pub prot: ProtFlags,
}

impl Segment {
    /// Length of the mapping in bytes.
    pub const fn len(&self) -> u64 {
        self.end - self.start
    }

    /// Whether the segment is empty (never true in a [`LoadPlan`]).
    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// How many zero bytes follow the file bytes (the `.bss` and page tails).
    pub const fn zero_fill_len(&self) -> u64 {
        self.len() - self.file_len
    }
}

/// The thread-local-storage template (`PT_TLS`), already relocated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TlsTemplate {
    /// Address of the initialised image (`.tdata`).
    pub vaddr: u64,
    /// Size of the initialised image.
    pub file_size: u64,
    /// Size of the whole block (`.tdata` plus `.tbss`).
    pub mem_size: u64,
    /// Required alignment.
    pub align: u64,
}

/// Everything the server needs to build a process image from an ELF file.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LoadPlan {
    /// `ET_EXEC` or static-pie.
    pub kind: ElfKind,
    /// What to map, sorted by address.
    pub segments: Vec<Segment>,
    /// The entry point (`AT_ENTRY`, the initial `rip`), relocated.
    pub entry: u64,
    /// Address of the program headers in the new image (`AT_PHDR`); 0 if they are not loaded.
    pub phdr_addr: u64,
    /// Size of one program header (`AT_PHENT`).
    pub phent: u64,
    /// Number of program headers (`AT_PHNUM`).
    pub phnum: u64,
    /// What was added to every link address (0 for `ET_EXEC`).
    pub load_bias: u64,
    /// The `PT_TLS` template, if any.
    pub tls: Option<TlsTemplate>,
    /// Whether `PT_GNU_STACK` asks for an executable stack. Without one, x86-64 Linux gives a
    /// non-executable stack (`VM_DATA_DEFAULT_FLAGS` has no `VM_EXEC` for 64-bit programs).
    pub executable_stack: bool,
    /// The initial program break: the page-aligned end of the highest segment.
    pub brk: u64,
}

/// A segment under construction, with what the page-sharing rule needs to know.
struct Placed {
    segment: Segment,
    /// `address - file offset`, the same for every byte of the segment.
    file_delta: u64,
    /// Whether the segment has zero-filled bytes that belong to it (`p_memsz > p_filesz`).
    has_bss: bool,
}

fn prot_from_flags(flags: u32) -> ProtFlags {
    let mut prot = ProtFlags::empty();
    if flags & PF_R != 0 {
        prot |= ProtFlags::PROT_READ;
    }
    if flags & PF_W != 0 {
        prot |= ProtFlags::PROT_WRITE;
    }
    if flags & PF_X != 0 {
        prot |= ProtFlags::PROT_EXEC;
    }
    prot
}

fn check_ident(bytes: &[u8]) -> Result<(), ExecError> {
    if bytes.len() < header::SELFMAG || &bytes[..header::SELFMAG] != header::ELFMAG {
        return Err(ExecError::NotElf);
    }
    if bytes.len() < EHDR_SIZE {
        return Err(ExecError::Truncated);
    }
    if bytes[header::EI_CLASS] != header::ELFCLASS64 {
        return Err(ExecError::NotElf64);
    }
    if bytes[header::EI_DATA] != header::ELFDATA2LSB {
        return Err(ExecError::NotLittleEndian);
    }
    if bytes[header::EI_VERSION] != header::EV_CURRENT {
        return Err(ExecError::BadVersion);
    }
    Ok(())
}

fn read_program_headers(bytes: &[u8], hdr: &Header) -> Result<Vec<ProgramHeader>, ExecError> {
    if hdr.e_phentsize != PHDR_SIZE {
        return Err(ExecError::BadProgramHeaderSize(hdr.e_phentsize));
    }
    let table_bytes = usize::from(hdr.e_phnum) * usize::from(PHDR_SIZE);
    if table_bytes == 0 || table_bytes > MAX_PHDR_TABLE_BYTES {
        return Err(ExecError::BadProgramHeaderCount(hdr.e_phnum));
    }
    let start = usize::try_from(hdr.e_phoff).map_err(|_| ExecError::ProgramHeadersOutOfBounds)?;
    match start.checked_add(table_bytes) {
        Some(end) if end <= bytes.len() => {}
        _ => return Err(ExecError::ProgramHeadersOutOfBounds),
    }
    let ctx = Ctx::new(Container::Big, Endian::Little);
    ProgramHeader::parse(bytes, start, usize::from(hdr.e_phnum), ctx)
        .map_err(|_| ExecError::ProgramHeadersOutOfBounds)
}

/// Append `placed` to `out`, splitting off a page it shares with the previous segment.
fn push_segment(out: &mut Vec<Placed>, mut placed: Placed, index: usize) -> Result<(), ExecError> {
    if let Some(prev) = out.last_mut() {
        if placed.segment.start < prev.segment.end {
            // Byte ranges are disjoint and sorted, so only the boundary page can be shared.
            let shared = placed.segment.start;
            if prev.segment.end != shared + PAGE_SIZE
                || prev.has_bss
                || prev.file_delta != placed.file_delta
            {
                return Err(ExecError::SegmentsOverlap { index });
            }
            let prot = prev.segment.prot | placed.segment.prot;
            prev.segment.end = shared;
            prev.segment.file_len = prev.segment.file_len.min(shared - prev.segment.start);
            if prev.segment.is_empty() {
                out.pop();
            }
            let page = Segment {
                start: shared,
                end: shared + PAGE_SIZE,
                file_offset: placed.segment.file_offset,
                file_len: placed.segment.file_len.min(PAGE_SIZE),
                prot,
            };
            out.push(Placed { segment: page, file_delta: placed.file_delta, has_bss: false });
            placed.segment.start += PAGE_SIZE;
            placed.segment.file_offset += PAGE_SIZE;
            placed.segment.file_len = placed.segment.file_len.saturating_sub(PAGE_SIZE);
            if placed.segment.is_empty() {
                if placed.has_bss {
                    // The zero-filled tail would live in the shared, file-backed page.
                    return Err(ExecError::SegmentsOverlap { index });
                }
                return Ok(());
            }
        }
    }
    out.push(placed);
    Ok(())
}

impl LoadPlan {
    /// Decide how to load the ELF executable `bytes`.
    ///
    /// `random_base` is where a static-pie program's lowest segment goes (page aligned; the
    /// caller picks it, for example `0x5555_5000_0000` plus a random number of pages); it is
    /// ignored for `ET_EXEC`.
    pub fn from_elf(bytes: &[u8], random_base: u64) -> Result<LoadPlan, ExecError> {
        check_ident(bytes)?;
        let hdr = goblin::elf::Elf::parse_header(bytes).map_err(|_| ExecError::Truncated)?;
        if hdr.e_machine != header::EM_X86_64 {
            return Err(ExecError::WrongMachine(hdr.e_machine));
        }
        let kind = match hdr.e_type {
            header::ET_EXEC => ElfKind::Executable,
            header::ET_DYN => ElfKind::StaticPie,
            other => return Err(ExecError::WrongType(other)),
        };
        let phdrs = read_program_headers(bytes, &hdr)?;
        if phdrs.iter().any(|ph| ph.p_type == PT_INTERP) {
            return Err(ExecError::DynamicallyLinked);
        }

        let loads: Vec<(usize, &ProgramHeader)> =
            phdrs.iter().enumerate().filter(|(_, ph)| ph.p_type == PT_LOAD).collect();
        let Some(&(_, first)) = loads.first() else {
            return Err(ExecError::NoLoadableSegment);
        };
        let load_bias = match kind {
            ElfKind::Executable => 0,
            ElfKind::StaticPie => {
                if !is_page_aligned(random_base) {
                    return Err(ExecError::UnalignedBase);
                }
                random_base.wrapping_sub(page_down(first.p_vaddr))
            }
        };

        let file_len = bytes.len() as u64;
        let mut placed: Vec<Placed> = Vec::with_capacity(loads.len());
        let mut previous_end: Option<u64> = None;
        for &(index, ph) in &loads {
            if ph.p_filesz > ph.p_memsz {
                return Err(ExecError::FileSizeExceedsMemorySize { index });
            }
            if ph.p_offset % PAGE_SIZE != ph.p_vaddr % PAGE_SIZE {
                return Err(ExecError::Misaligned { index });
            }
            match ph.p_offset.checked_add(ph.p_filesz) {
                Some(end) if end <= file_len => {}
                _ => return Err(ExecError::SegmentOutsideFile { index }),
            }
            let link_end =
                ph.p_vaddr.checked_add(ph.p_memsz).ok_or(ExecError::SegmentWraps { index })?;
            if previous_end.is_some_and(|end| ph.p_vaddr < end) {
                return Err(ExecError::SegmentsOverlap { index });
            }
            previous_end = Some(link_end);
            if ph.p_memsz == 0 {
                continue;
            }
            // Relocate: for static-pie, every segment lies above the first one's page.
            let address = match kind {
                ElfKind::Executable => ph.p_vaddr,
                ElfKind::StaticPie => (ph.p_vaddr - page_down(first.p_vaddr))
                    .checked_add(random_base)
                    .ok_or(ExecError::SegmentOutsideUserSpace { index })?,
            };
            let end = address
                .checked_add(ph.p_memsz)
                .and_then(page_up)
                .ok_or(ExecError::SegmentOutsideUserSpace { index })?;
            if end > USER_END {
                return Err(ExecError::SegmentOutsideUserSpace { index });
            }
            let start = page_down(address);
            if start < MMAP_MIN_ADDR {
                return Err(ExecError::SegmentBelowMinAddress { index });
            }
            let segment = Segment {
                start,
                end,
                file_offset: page_down(ph.p_offset),
                file_len: (address - start) + ph.p_filesz,
                prot: prot_from_flags(ph.p_flags),
            };
            let candidate = Placed {
                segment,
                file_delta: address.wrapping_sub(ph.p_offset),
                has_bss: ph.p_memsz > ph.p_filesz,
            };
            push_segment(&mut placed, candidate, index)?;
        }
        let segments: Vec<Segment> = placed.into_iter().map(|p| p.segment).collect();
        let Some(brk) = segments.last().map(|s| s.end) else {
            return Err(ExecError::NoLoadableSegment);
        };

        let entry = hdr.e_entry.wrapping_add(load_bias);
        if entry >= USER_END {
            return Err(ExecError::BadEntry);
        }

        let phdr_table = hdr.e_phoff..hdr.e_phoff + u64::from(hdr.e_phnum) * u64::from(PHDR_SIZE);
        let phdr_addr = match phdrs.iter().find(|ph| ph.p_type == PT_PHDR) {
            Some(ph) => ph.p_vaddr.wrapping_add(load_bias),
            None => loads
                .iter()
                .find(|(_, ph)| {
                    ph.p_offset <= phdr_table.start
                        && phdr_table.end <= ph.p_offset.saturating_add(ph.p_filesz)
                })
                .map_or(0, |(_, ph)| {
                    (phdr_table.start - ph.p_offset + ph.p_vaddr).wrapping_add(load_bias)
                }),
        };

        let tls = phdrs.iter().find(|ph| ph.p_type == PT_TLS).map(|ph| TlsTemplate {
            vaddr: ph.p_vaddr.wrapping_add(load_bias),
            file_size: ph.p_filesz,
            mem_size: ph.p_memsz,
            align: ph.p_align,
        });
        let executable_stack = phdrs
            .iter()
            .find(|ph| ph.p_type == PT_GNU_STACK)
            .is_some_and(|ph| ph.p_flags & PF_X != 0);

        Ok(LoadPlan {
            kind,
            segments,
            entry,
            phdr_addr,
            phent: u64::from(PHDR_SIZE),
            phnum: u64::from(hdr.e_phnum),
            load_bias,
            tls,
            executable_stack,
            brk,
        })
    }
}
