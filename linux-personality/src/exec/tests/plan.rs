//! Load plans of hand-made ELF files: the accepted shapes and one test per refusal.

use super::elf_writer::*;
use crate::exec::{ElfKind, ExecError, LoadPlan, Segment, TlsTemplate};
use std::string::ToString;
use syscall_translation::flags::ProtFlags;
use syscall_translation::Errno;

const BASE: u64 = 0x5555_5555_0000;

fn plan(file: &ElfFile) -> Result<LoadPlan, ExecError> {
    LoadPlan::from_elf(&file.write(), BASE)
}

#[test]
fn typical_exec_plan() {
    let p = plan(&ElfFile::typical()).unwrap();
    assert_eq!(p.kind, ElfKind::Executable);
    assert_eq!(p.load_bias, 0);
    assert_eq!(p.entry, 0x400100);
    assert_eq!(
        p.segments,
        [
            Segment {
                start: 0x40_0000,
                end: 0x40_2000,
                file_offset: 0,
                file_len: 0x1234,
                prot: ProtFlags::PROT_READ | ProtFlags::PROT_EXEC
            },
            Segment {
                start: 0x40_2000,
                end: 0x40_5000,
                file_offset: 0x2000,
                file_len: 0x110,
                prot: ProtFlags::PROT_READ | ProtFlags::PROT_WRITE
            },
        ]
    );
    assert_eq!(p.segments[1].zero_fill_len(), 0x3000 - 0x110);
    // No PT_PHDR: the table at file offset 64 is inside the first PT_LOAD.
    assert_eq!(p.phdr_addr, 0x40_0040);
    assert_eq!((p.phent, p.phnum), (56, 4));
    assert_eq!(p.brk, 0x40_5000);
    assert_eq!(
        p.tls,
        Some(TlsTemplate { vaddr: 0x40_2010, file_size: 0x10, mem_size: 0x10, align: 8 })
    );
    assert!(!p.executable_stack);
}

#[test]
fn pt_phdr_wins_over_the_computed_address() {
    let file = ElfFile::typical().with(Ph::other(PT_PHDR, PF_R, 64, 0x40_0040, 5 * 56));
    assert_eq!(plan(&file).unwrap().phdr_addr, 0x40_0040);
    let mut odd = ElfFile::typical().with(Ph::other(PT_PHDR, PF_R, 64, 0x40_0100, 5 * 56));
    odd.phdrs.rotate_right(1);
    assert_eq!(plan(&odd).unwrap().phdr_addr, 0x40_0100);
}

#[test]
fn phdrs_outside_every_segment_give_zero() {
    let file = ElfFile::exec(0x40_1000).with(Ph::load(PF_R | PF_X, 0x1000, 0x40_1000, 0x10, 0x10));
    assert_eq!(plan(&file).unwrap().phdr_addr, 0);
}

#[test]
fn executable_stack_follows_gnu_stack() {
    let mut file = ElfFile::typical();
    file.phdrs[3].flags = PF_R | PF_W | PF_X;
    assert!(plan(&file).unwrap().executable_stack);
    file.phdrs.pop();
    assert!(!plan(&file).unwrap().executable_stack, "no PT_GNU_STACK: not executable on x86-64");
}

#[test]
fn static_pie_is_placed_at_the_base() {
    let mut file = ElfFile::typical();
    file.e_type = 3;
    file.entry = 0x100;
    for ph in &mut file.phdrs {
        if ph.p_type != PT_GNU_STACK {
            ph.vaddr -= 0x40_0000;
        }
    }
    let p = LoadPlan::from_elf(&file.write(), BASE).unwrap();
    assert_eq!(p.kind, ElfKind::StaticPie);
    assert_eq!(p.load_bias, BASE);
    assert_eq!(p.entry, BASE + 0x100);
    assert_eq!(p.segments[0].start, BASE);
    assert_eq!(p.segments[1].start, BASE + 0x2000);
    assert_eq!(p.phdr_addr, BASE + 0x40);
    assert_eq!(p.brk, BASE + 0x5000);
    assert_eq!(p.tls.unwrap().vaddr, BASE + 0x2010);
    assert_eq!(LoadPlan::from_elf(&file.write(), BASE + 8), Err(ExecError::UnalignedBase));
}

#[test]
fn static_pie_with_a_nonzero_first_address_keeps_its_layout() {
    let mut file = ElfFile::typical();
    file.e_type = 3;
    let p = LoadPlan::from_elf(&file.write(), BASE).unwrap();
    assert_eq!(p.segments[0].start, BASE);
    assert_eq!(p.load_bias, BASE - 0x40_0000);
    assert_eq!(p.entry, BASE + 0x100);
}

#[test]
fn exec_type_ignores_the_base() {
    let a = LoadPlan::from_elf(&ElfFile::typical().write(), BASE).unwrap();
    let b = LoadPlan::from_elf(&ElfFile::typical().write(), 0x1234).unwrap();
    assert_eq!(a, b);
}

#[test]
fn segments_sharing_a_page_are_split() {
    let file = ElfFile::exec(0x40_0100)
        .with(Ph::load(PF_R | PF_X, 0, 0x40_0000, 0x1800, 0x1800))
        .with(Ph::load(PF_R | PF_W, 0x1800, 0x40_1800, 0x1000, 0x1000));
    let p = plan(&file).unwrap();
    let rx = ProtFlags::PROT_READ | ProtFlags::PROT_EXEC;
    let rw = ProtFlags::PROT_READ | ProtFlags::PROT_WRITE;
    assert_eq!(
        p.segments,
        [
            Segment {
                start: 0x40_0000,
                end: 0x40_1000,
                file_offset: 0,
                file_len: 0x1000,
                prot: rx
            },
            Segment {
                start: 0x40_1000,
                end: 0x40_2000,
                file_offset: 0x1000,
                file_len: 0x1000,
                prot: rx | rw
            },
            Segment {
                start: 0x40_2000,
                end: 0x40_3000,
                file_offset: 0x2000,
                file_len: 0x800,
                prot: rw
            },
        ]
    );
    assert_eq!(p.brk, 0x40_3000);
}

#[test]
fn shared_page_with_different_file_bytes_is_refused() {
    let file = ElfFile::exec(0x40_0100)
        .with(Ph::load(PF_R | PF_X, 0, 0x40_0000, 0x1800, 0x1800))
        .with(Ph::load(PF_R | PF_W, 0x2800, 0x40_1800, 0x100, 0x100));
    assert_eq!(plan(&file), Err(ExecError::SegmentsOverlap { index: 1 }));
    // The first segment's zero-filled tail would be covered by file bytes.
    let bss = ElfFile::exec(0x40_0100)
        .with(Ph::load(PF_R | PF_W, 0, 0x40_0000, 0x1700, 0x1800))
        .with(Ph::load(PF_R | PF_W, 0x1800, 0x40_1800, 0x100, 0x100));
    assert_eq!(plan(&bss), Err(ExecError::SegmentsOverlap { index: 1 }));
}

#[test]
fn empty_segments_are_skipped() {
    let file = ElfFile::typical().with(Ph::load(PF_R, 0x3000, 0x50_0000, 0, 0));
    let p = plan(&file).unwrap();
    assert_eq!(p.segments.len(), 2);
    assert_eq!(p.brk, 0x40_5000);
}

fn refused(file: &ElfFile, error: ExecError) {
    assert_eq!(plan(file), Err(error));
    assert_eq!(error.errno(), Errno::ENOEXEC);
}

#[test]
fn not_elf() {
    assert_eq!(LoadPlan::from_elf(b"", BASE), Err(ExecError::NotElf));
    assert_eq!(LoadPlan::from_elf(b"#!/bin/sh\n", BASE), Err(ExecError::NotElf));
    assert_eq!(LoadPlan::from_elf(b"\x7fEL", BASE), Err(ExecError::NotElf));
}

#[test]
fn truncated_header() {
    let bytes = ElfFile::typical().write();
    for len in [4, 16, 63] {
        assert_eq!(LoadPlan::from_elf(&bytes[..len], BASE), Err(ExecError::Truncated));
    }
}

#[test]
fn wrong_ident_machine_type() {
    let mut f = ElfFile::typical();
    f.class = 1;
    refused(&f, ExecError::NotElf64);
    let mut f = ElfFile::typical();
    f.data = 2;
    refused(&f, ExecError::NotLittleEndian);
    let mut f = ElfFile::typical();
    f.version = 0;
    refused(&f, ExecError::BadVersion);
    let mut f = ElfFile::typical();
    f.machine = 183;
    refused(&f, ExecError::WrongMachine(183));
    let mut f = ElfFile::typical();
    f.e_type = 1;
    refused(&f, ExecError::WrongType(1));
    let mut f = ElfFile::typical();
    f.e_type = 4;
    refused(&f, ExecError::WrongType(4));
}

#[test]
fn interpreter_is_refused_with_a_clear_message() {
    let f = ElfFile::typical().with(Ph::other(PT_INTERP, PF_R, 0x300, 0x40_0300, 28));
    refused(&f, ExecError::DynamicallyLinked);
    assert_eq!(
        ExecError::DynamicallyLinked.to_string(),
        "dynamically linked programs are not supported"
    );
}

#[test]
fn bad_program_header_table() {
    let mut f = ElfFile::typical();
    f.phentsize = 32;
    refused(&f, ExecError::BadProgramHeaderSize(32));
    let mut f = ElfFile::typical();
    f.phnum = Some(0);
    refused(&f, ExecError::BadProgramHeaderCount(0));
    let mut f = ElfFile::typical();
    f.phnum = Some(74);
    refused(&f, ExecError::BadProgramHeaderCount(74));
    let mut f = ElfFile::typical();
    f.phnum = Some(0xffff);
    refused(&f, ExecError::BadProgramHeaderCount(0xffff));
    // 73 headers fill exactly one page: accepted as far as the count goes.
    let mut f = ElfFile::typical();
    while f.phdrs.len() < 73 {
        f.phdrs.push(Ph::other(0x6000_0000, 0, 0, 0, 0));
    }
    f.phoff = 0x1000;
    f.file_size = 0x4000;
    f.phdrs[0].filesz = 0x1000;
    f.phdrs[0].memsz = 0x1000;
    assert_eq!(plan(&f).unwrap().phnum, 73);
}

#[test]
fn program_headers_out_of_file_bounds() {
    let f = ElfFile::typical();
    let mut bytes = f.write();
    bytes.truncate(64 + 56 * 3);
    assert_eq!(LoadPlan::from_elf(&bytes, BASE), Err(ExecError::ProgramHeadersOutOfBounds));
    let mut far = ElfFile::typical();
    far.phoff = 1 << 40;
    refused(&far, ExecError::ProgramHeadersOutOfBounds);
    far.phoff = u64::MAX - 8;
    refused(&far, ExecError::ProgramHeadersOutOfBounds);
}

#[test]
fn no_loadable_segment() {
    let f = ElfFile::exec(0x40_0000).with(Ph::other(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0));
    refused(&f, ExecError::NoLoadableSegment);
    let empty = ElfFile::exec(0x40_0000).with(Ph::load(PF_R, 0, 0x40_0000, 0, 0));
    refused(&empty, ExecError::NoLoadableSegment);
}

#[test]
fn file_size_exceeds_memory_size() {
    let mut f = ElfFile::typical();
    f.phdrs[1].memsz = 0x80;
    refused(&f, ExecError::FileSizeExceedsMemorySize { index: 1 });
}

#[test]
fn segment_outside_file() {
    let mut f = ElfFile::typical();
    f.phdrs[1].filesz = 0x2000; // 0x2010 + 0x2000 > 0x4000
    refused(&f, ExecError::SegmentOutsideFile { index: 1 });
    let mut f = ElfFile::typical();
    f.phdrs[1].offset = u64::MAX - 0xfef; // congruent with the address, wraps when added
    f.phdrs[1].vaddr = 0x40_2010;
    refused(&f, ExecError::SegmentOutsideFile { index: 1 });
}

#[test]
fn misaligned_offset_and_address() {
    let mut f = ElfFile::typical();
    f.phdrs[1].offset = 0x2018;
    refused(&f, ExecError::Misaligned { index: 1 });
}

#[test]
fn wrapping_segment() {
    let mut f = ElfFile::typical();
    f.phdrs[1].vaddr = u64::MAX - 0xfef; // page offset 0x010, like the file offset
    refused(&f, ExecError::SegmentWraps { index: 1 });
}

#[test]
fn segment_reaching_the_kernel_half() {
    let mut f = ElfFile::typical();
    f.phdrs[1].vaddr = 0x7fff_ffff_e010;
    refused(&f, ExecError::SegmentOutsideUserSpace { index: 1 });
    f.phdrs[1].vaddr = 0xffff_8000_0000_0010;
    refused(&f, ExecError::SegmentOutsideUserSpace { index: 1 });
    // The last user page is not mappable either (TASK_SIZE_MAX is one page below 1 << 47).
    f.phdrs[1].vaddr = 0x7fff_ffff_c010;
    f.phdrs[1].memsz = 0x2ff1;
    refused(&f, ExecError::SegmentOutsideUserSpace { index: 1 });
    f.phdrs[1].memsz = 0x2ff0;
    assert_eq!(plan(&f).unwrap().brk, 0x7fff_ffff_f000);
}

#[test]
fn static_pie_pushed_past_user_space() {
    let mut f = ElfFile::typical();
    f.e_type = 3;
    f.phdrs[1].vaddr = 0x7fff_0000_0010;
    let bytes = f.write();
    assert_eq!(
        LoadPlan::from_elf(&bytes, BASE),
        Err(ExecError::SegmentOutsideUserSpace { index: 1 })
    );
}

#[test]
fn segment_below_mmap_min_addr() {
    let f = ElfFile::exec(0x1000).with(Ph::load(PF_R | PF_X, 0, 0x1000, 0x100, 0x100));
    refused(&f, ExecError::SegmentBelowMinAddress { index: 0 });
    let mut pie = f.clone();
    pie.e_type = 3;
    assert_eq!(
        LoadPlan::from_elf(&pie.write(), 0),
        Err(ExecError::SegmentBelowMinAddress { index: 0 })
    );
}

#[test]
fn overlapping_and_unsorted_segments() {
    let mut f = ElfFile::typical();
    f.phdrs[1].vaddr = 0x40_1010;
    refused(&f, ExecError::SegmentsOverlap { index: 1 });
    let mut f = ElfFile::typical();
    f.phdrs.swap(0, 1);
    refused(&f, ExecError::SegmentsOverlap { index: 1 });
}

#[test]
fn entry_in_the_kernel_half() {
    let mut f = ElfFile::typical();
    f.entry = 0xffff_ffff_8000_0000;
    refused(&f, ExecError::BadEntry);
}

#[test]
fn every_refusal_has_a_message() {
    let all = [
        ExecError::Truncated,
        ExecError::NotElf,
        ExecError::SegmentsOverlap { index: 3 },
        ExecError::UnalignedBase,
    ];
    for e in all {
        assert!(!e.to_string().is_empty());
    }
    assert_eq!(
        ExecError::SegmentsOverlap { index: 3 }.to_string(),
        "segment 3: overlaps the previous segment"
    );
}
