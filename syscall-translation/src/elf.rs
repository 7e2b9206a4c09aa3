//! ELF constants and headers the program loader needs (elf(5), `include/uapi/linux/elf.h`):
//! identification, file types, the x86-64 machine, segment types and flags, and the 64-bit
//! file and program headers, with safe little-endian parsing.

/// `\x7fELF`.
pub const ELFMAG: [u8; 4] = [0x7f, b'E', b'L', b'F'];
/// Size of `e_ident`.
pub const EI_NIDENT: usize = 16;
/// `e_ident` index of the class.
pub const EI_CLASS: usize = 4;
/// `e_ident` index of the data encoding.
pub const EI_DATA: usize = 5;
/// `e_ident` index of the version.
pub const EI_VERSION: usize = 6;
/// `e_ident` index of the OS ABI.
pub const EI_OSABI: usize = 7;
/// 64-bit objects.
pub const ELFCLASS64: u8 = 2;
/// Little-endian.
pub const ELFDATA2LSB: u8 = 1;
/// Current version.
pub const EV_CURRENT: u8 = 1;
/// System V ABI.
pub const ELFOSABI_SYSV: u8 = 0;
/// GNU/Linux ABI.
pub const ELFOSABI_LINUX: u8 = 3;
/// Executable file.
pub const ET_EXEC: u16 = 2;
/// Shared object (position-independent executable).
pub const ET_DYN: u16 = 3;
/// AMD x86-64.
pub const EM_X86_64: u16 = 62;
/// Unused program header.
pub const PT_NULL: u32 = 0;
/// Loadable segment.
pub const PT_LOAD: u32 = 1;
/// Dynamic-linking information.
pub const PT_DYNAMIC: u32 = 2;
/// Interpreter path.
pub const PT_INTERP: u32 = 3;
/// Notes.
pub const PT_NOTE: u32 = 4;
/// Reserved.
pub const PT_SHLIB: u32 = 5;
/// The program-header table itself.
pub const PT_PHDR: u32 = 6;
/// Thread-local storage template.
pub const PT_TLS: u32 = 7;
/// GNU exception-handling frame.
pub const PT_GNU_EH_FRAME: u32 = 0x6474_e550;
/// GNU stack permissions.
pub const PT_GNU_STACK: u32 = 0x6474_e551;
/// GNU read-only-after-relocation range.
pub const PT_GNU_RELRO: u32 = 0x6474_e552;
/// GNU property notes.
pub const PT_GNU_PROPERTY: u32 = 0x6474_e553;
/// Segment is executable.
pub const PF_X: u32 = 1;
/// Segment is writable.
pub const PF_W: u32 = 2;
/// Segment is readable.
pub const PF_R: u32 = 4;

/// `Elf64_Ehdr`. 64 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Elf64Ehdr {
    /// Identification bytes.
    pub e_ident: [u8; EI_NIDENT],
    /// File type.
    pub e_type: u16,
    /// Machine.
    pub e_machine: u16,
    /// Version.
    pub e_version: u32,
    /// Entry point.
    pub e_entry: u64,
    /// Program-header table offset.
    pub e_phoff: u64,
    /// Section-header table offset.
    pub e_shoff: u64,
    /// Processor flags.
    pub e_flags: u32,
    /// Size of this header.
    pub e_ehsize: u16,
    /// Size of one program header.
    pub e_phentsize: u16,
    /// Number of program headers.
    pub e_phnum: u16,
    /// Size of one section header.
    pub e_shentsize: u16,
    /// Number of section headers.
    pub e_shnum: u16,
    /// Section-name string-table index.
    pub e_shstrndx: u16,
}

/// `Elf64_Phdr`. 56 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Elf64Phdr {
    /// Segment type.
    pub p_type: u32,
    /// Segment flags (`PF_*`).
    pub p_flags: u32,
    /// File offset.
    pub p_offset: u64,
    /// Virtual address.
    pub p_vaddr: u64,
    /// Physical address (unused).
    pub p_paddr: u64,
    /// Bytes in the file.
    pub p_filesz: u64,
    /// Bytes in memory.
    pub p_memsz: u64,
    /// Alignment.
    pub p_align: u64,
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    (u32_at(bytes, at) as u64) | ((u32_at(bytes, at + 4) as u64) << 32)
}

impl Elf64Ehdr {
    /// Size in bytes.
    pub const SIZE: usize = 64;

    /// Parse a little-endian header, or `None` if `bytes` is too short.
    pub fn parse(bytes: &[u8]) -> Option<Elf64Ehdr> {
        if bytes.len() < Self::SIZE {
            return None;
        }
        let mut e_ident = [0; EI_NIDENT];
        e_ident.copy_from_slice(&bytes[..EI_NIDENT]);
        Some(Elf64Ehdr {
            e_ident,
            e_type: u16_at(bytes, 16),
            e_machine: u16_at(bytes, 18),
            e_version: u32_at(bytes, 20),
            e_entry: u64_at(bytes, 24),
            e_phoff: u64_at(bytes, 32),
            e_shoff: u64_at(bytes, 40),
            e_flags: u32_at(bytes, 48),
            e_ehsize: u16_at(bytes, 52),
            e_phentsize: u16_at(bytes, 54),
            e_phnum: u16_at(bytes, 56),
            e_shentsize: u16_at(bytes, 58),
            e_shnum: u16_at(bytes, 60),
            e_shstrndx: u16_at(bytes, 62),
        })
    }

    /// Whether this is a little-endian 64-bit x86-64 executable or shared object that
    /// execve(2) would accept (else `ENOEXEC`).
    pub fn is_loadable_x86_64(&self) -> bool {
        self.e_ident[..4] == ELFMAG
            && self.e_ident[EI_CLASS] == ELFCLASS64
            && self.e_ident[EI_DATA] == ELFDATA2LSB
            && (self.e_type == ET_EXEC || self.e_type == ET_DYN)
            && self.e_machine == EM_X86_64
            && self.e_phentsize as usize == Elf64Phdr::SIZE
    }
}

impl Elf64Phdr {
    /// Size in bytes.
    pub const SIZE: usize = 56;

    /// Parse a little-endian program header, or `None` if `bytes` is too short.
    pub fn parse(bytes: &[u8]) -> Option<Elf64Phdr> {
        if bytes.len() < Self::SIZE {
            return None;
        }
        Some(Elf64Phdr {
            p_type: u32_at(bytes, 0),
            p_flags: u32_at(bytes, 4),
            p_offset: u64_at(bytes, 8),
            p_vaddr: u64_at(bytes, 16),
            p_paddr: u64_at(bytes, 24),
            p_filesz: u64_at(bytes, 32),
            p_memsz: u64_at(bytes, 40),
            p_align: u64_at(bytes, 48),
        })
    }
}
