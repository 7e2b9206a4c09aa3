//! Plans of real static programs, checked against goblin's full parser.
//!
//! Each test is skipped (with a note on stderr) when its program or compiler is missing, so the
//! suite runs on any host; on the project's machines busybox-static, musl-gcc and gcc exist.

use crate::exec::{ElfKind, ExecError, LoadPlan};
use crate::layout::{page_down, page_up};
use goblin::elf::program_header::{PT_LOAD, PT_TLS};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::vec::Vec;
use std::{eprintln, format, fs};
use syscall_translation::flags::ProtFlags;

const BASE: u64 = 0x5555_5600_0000;

/// Check `plan` against an independent reading of `bytes`: the entry, one segment per non-empty
/// `PT_LOAD` (these programs share no pages), the file ranges, `AT_PHDR` and the break.
fn check_against_goblin(bytes: &[u8], plan: &LoadPlan) {
    let elf = goblin::elf::Elf::parse(bytes).expect("goblin parses the file");
    let bias = if elf.header.e_type == goblin::elf::header::ET_DYN { plan.load_bias } else { 0 };
    assert_eq!(plan.entry, elf.entry + bias);
    let loads: Vec<_> =
        elf.program_headers.iter().filter(|ph| ph.p_type == PT_LOAD && ph.p_memsz > 0).collect();
    assert_eq!(plan.segments.len(), loads.len());
    for (segment, ph) in plan.segments.iter().zip(&loads) {
        let address = ph.p_vaddr + bias;
        assert_eq!(segment.start, page_down(address));
        assert_eq!(segment.end, page_up(address + ph.p_memsz).unwrap());
        assert_eq!(segment.file_offset, page_down(ph.p_offset));
        assert_eq!(segment.file_len, ph.p_offset + ph.p_filesz - page_down(ph.p_offset));
        assert_eq!(segment.prot.contains(ProtFlags::PROT_EXEC), ph.is_executable());
        assert_eq!(segment.prot.contains(ProtFlags::PROT_WRITE), ph.is_write());
        assert_eq!(segment.prot.contains(ProtFlags::PROT_READ), ph.is_read());
    }
    let highest = loads.iter().map(|ph| ph.p_vaddr + ph.p_memsz).max().unwrap();
    assert_eq!(plan.brk, page_up(highest + bias).unwrap());
    assert_eq!(plan.phnum, elf.program_headers.len() as u64);
    // AT_PHDR must point at a copy of the program-header table in the loaded image.
    let table = elf.header.e_phoff;
    let holder = loads
        .iter()
        .find(|ph| ph.p_offset <= table && table < ph.p_offset + ph.p_filesz)
        .expect("the program headers are loaded");
    assert_eq!(plan.phdr_addr, table - holder.p_offset + holder.p_vaddr + bias);
    let tls = elf.program_headers.iter().find(|ph| ph.p_type == PT_TLS);
    assert_eq!(plan.tls.map(|t| t.vaddr), tls.map(|ph| ph.p_vaddr + bias));
    assert_eq!(plan.tls.map(|t| t.mem_size), tls.map(|ph| ph.p_memsz));
}

#[test]
fn busybox_static() {
    let path = Path::new("/bin/busybox");
    let Ok(bytes) = fs::read(path) else {
        eprintln!("skipped: no /bin/busybox");
        return;
    };
    let elf = goblin::elf::Elf::parse(&bytes).unwrap();
    if elf.interpreter.is_some() {
        assert_eq!(LoadPlan::from_elf(&bytes, BASE), Err(ExecError::DynamicallyLinked));
        eprintln!("/bin/busybox is dynamically linked: refused as expected");
        return;
    }
    let plan = LoadPlan::from_elf(&bytes, BASE).unwrap();
    check_against_goblin(&bytes, &plan);
    assert!(!plan.executable_stack);
}

/// A scratch directory for compiled test programs, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("lp-exec-{tag}-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("hello.c"),
            "#include <stdio.h>\n__thread int counter = 3;\n\
             int main(int argc, char **argv) { printf(\"%d %s\\n\", argc + counter, argv[0]); \
             return 0; }\n",
        )
        .unwrap();
        Scratch(dir)
    }

    /// Compile hello.c with `compiler flags`; `None` if the compiler is missing or fails.
    fn compile(&self, compiler: &str, flags: &[&str], out: &str) -> Option<Vec<u8>> {
        let output = self.0.join(out);
        let status = Command::new(compiler)
            .args(flags)
            .arg("-O2")
            .arg("-o")
            .arg(&output)
            .arg(self.0.join("hello.c"))
            .output()
            .ok()?;
        if !status.status.success() {
            eprintln!("skipped: {compiler} {flags:?} failed");
            return None;
        }
        fs::read(output).ok()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn musl_gcc_static() {
    let scratch = Scratch::new("musl");
    let Some(bytes) = scratch.compile("musl-gcc", &["-static"], "hello-musl") else {
        eprintln!("skipped: no musl-gcc");
        return;
    };
    let plan = LoadPlan::from_elf(&bytes, BASE).unwrap();
    assert_eq!(plan.kind, ElfKind::Executable);
    check_against_goblin(&bytes, &plan);
    assert!(plan.tls.is_some());
}

#[test]
fn gcc_static_and_static_pie() {
    let scratch = Scratch::new("gcc");
    if let Some(bytes) = scratch.compile("gcc", &["-static"], "hello-static") {
        let plan = LoadPlan::from_elf(&bytes, BASE).unwrap();
        assert_eq!(plan.kind, ElfKind::Executable);
        check_against_goblin(&bytes, &plan);
    }
    if let Some(bytes) = scratch.compile("gcc", &["-static-pie"], "hello-static-pie") {
        let plan = LoadPlan::from_elf(&bytes, BASE).unwrap();
        assert_eq!(plan.kind, ElfKind::StaticPie);
        assert_eq!(plan.segments[0].start, BASE);
        check_against_goblin(&bytes, &plan);
    }
    if let Some(bytes) = scratch.compile("gcc", &[], "hello-dynamic") {
        assert_eq!(LoadPlan::from_elf(&bytes, BASE), Err(ExecError::DynamicallyLinked));
    }
}
