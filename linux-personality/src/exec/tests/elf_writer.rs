//! A tiny ELF64 writer for tests: a header, a program-header table and a file size.

use std::vec::Vec;

pub const PT_LOAD: u32 = 1;
pub const PT_INTERP: u32 = 3;
pub const PT_PHDR: u32 = 6;
pub const PT_TLS: u32 = 7;
pub const PT_GNU_STACK: u32 = 0x6474_e551;
pub const PF_X: u32 = 1;
pub const PF_W: u32 = 2;
pub const PF_R: u32 = 4;

/// One program header.
#[derive(Clone, Copy, Debug)]
pub struct Ph {
    pub p_type: u32,
    pub flags: u32,
    pub offset: u64,
    pub vaddr: u64,
    pub filesz: u64,
    pub memsz: u64,
    pub align: u64,
}

impl Ph {
    pub fn load(flags: u32, offset: u64, vaddr: u64, filesz: u64, memsz: u64) -> Ph {
        Ph { p_type: PT_LOAD, flags, offset, vaddr, filesz, memsz, align: 0x1000 }
    }

    pub fn other(p_type: u32, flags: u32, offset: u64, vaddr: u64, size: u64) -> Ph {
        Ph { p_type, flags, offset, vaddr, filesz: size, memsz: size, align: 8 }
    }
}

/// An ELF file to write; every field can be made wrong on purpose.
#[derive(Clone, Debug)]
pub struct ElfFile {
    pub class: u8,
    pub data: u8,
    pub version: u8,
    pub e_type: u16,
    pub machine: u16,
    pub entry: u64,
    pub phoff: u64,
    pub phentsize: u16,
    /// `None`: the number of `phdrs`.
    pub phnum: Option<u16>,
    pub phdrs: Vec<Ph>,
    /// Total file size (at least the header and table); bytes past them are a pattern.
    pub file_size: usize,
}

impl ElfFile {
    /// A valid x86-64 `ET_EXEC` with program headers at offset 64 and no segments yet.
    pub fn exec(entry: u64) -> ElfFile {
        ElfFile {
            class: 2,
            data: 1,
            version: 1,
            e_type: 2,
            machine: 62,
            entry,
            phoff: 64,
            phentsize: 56,
            phnum: None,
            phdrs: Vec::new(),
            file_size: 0x4000,
        }
    }

    pub fn with(mut self, ph: Ph) -> ElfFile {
        self.phdrs.push(ph);
        self
    }

    /// The usual two-segment program: text RX at 0x400000 (file 0..0x1234), data RW at
    /// 0x402010 (file 0x2010, 0x100 bytes, 0x2000 in memory), a TLS block and a GNU_STACK.
    pub fn typical() -> ElfFile {
        ElfFile::exec(0x400100)
            .with(Ph::load(PF_R | PF_X, 0, 0x40_0000, 0x1234, 0x1234))
            .with(Ph::load(PF_R | PF_W, 0x2010, 0x40_2010, 0x100, 0x2000))
            .with(Ph::other(PT_TLS, PF_R, 0x2010, 0x40_2010, 0x10))
            .with(Ph::other(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0))
    }

    pub fn write(&self) -> Vec<u8> {
        let phnum = self.phnum.unwrap_or(self.phdrs.len() as u16);
        let table_end = (self.phoff as usize).wrapping_add(self.phdrs.len() * 56);
        let size = self.file_size.max(64).max(if self.phoff < 1 << 20 { table_end } else { 64 });
        let mut out: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
        let mut h = Vec::new();
        h.extend_from_slice(b"\x7fELF");
        h.extend_from_slice(&[self.class, self.data, self.version, 0]);
        h.extend_from_slice(&[0; 8]);
        h.extend_from_slice(&self.e_type.to_le_bytes());
        h.extend_from_slice(&self.machine.to_le_bytes());
        h.extend_from_slice(&1u32.to_le_bytes());
        h.extend_from_slice(&self.entry.to_le_bytes());
        h.extend_from_slice(&self.phoff.to_le_bytes());
        h.extend_from_slice(&0u64.to_le_bytes()); // e_shoff
        h.extend_from_slice(&0u32.to_le_bytes()); // e_flags
        h.extend_from_slice(&64u16.to_le_bytes()); // e_ehsize
        h.extend_from_slice(&self.phentsize.to_le_bytes());
        h.extend_from_slice(&phnum.to_le_bytes());
        h.extend_from_slice(&64u16.to_le_bytes()); // e_shentsize
        h.extend_from_slice(&0u16.to_le_bytes()); // e_shnum
        h.extend_from_slice(&0u16.to_le_bytes()); // e_shstrndx
        assert_eq!(h.len(), 64);
        out[..64].copy_from_slice(&h);
        if self.phoff < 1 << 20 {
            for (i, ph) in self.phdrs.iter().enumerate() {
                let mut p = Vec::new();
                p.extend_from_slice(&ph.p_type.to_le_bytes());
                p.extend_from_slice(&ph.flags.to_le_bytes());
                p.extend_from_slice(&ph.offset.to_le_bytes());
                p.extend_from_slice(&ph.vaddr.to_le_bytes());
                p.extend_from_slice(&ph.vaddr.to_le_bytes());
                p.extend_from_slice(&ph.filesz.to_le_bytes());
                p.extend_from_slice(&ph.memsz.to_le_bytes());
                p.extend_from_slice(&ph.align.to_le_bytes());
                let at = self.phoff as usize + i * 56;
                out[at..at + 56].copy_from_slice(&p);
            }
        }
        out
    }
}
