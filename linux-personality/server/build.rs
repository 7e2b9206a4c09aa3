//! Builds the vDSO (`vdso/vdso.S`) with the host's C compiler driver and GNU
//! ld, the tools Rust itself links host programs with: a position-independent
//! shared object linked at 0, with Linux's soname and symbol version, both
//! hash styles (glibc and musl read DT_HASH or DT_GNU_HASH), no eh_frame.
//! `src/exec.rs` includes the result.

use std::path::PathBuf;
use std::process::Command;

fn run(command: &mut Command) {
    let status = command.status().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(status.success(), "{command:?} failed: {status}");
}

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("vdso");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    for file in ["vdso.S", "vdso.lds", "layout.lds"] {
        println!("cargo:rerun-if-changed=vdso/{file}");
    }
    let object = out.join("vdso.o");
    run(Command::new("cc").arg("-c").arg("-o").arg(&object).arg(dir.join("vdso.S")));
    run(Command::new("ld")
        .args(["-shared", "-o"])
        .arg(out.join("vdso.so"))
        .args(["-soname", "linux-vdso.so.1", "--version-script"])
        .arg(dir.join("vdso.lds"))
        .args(["--hash-style=both", "-z", "max-page-size=4096", "-z", "noexecstack"])
        .args(["--no-eh-frame-hdr", "-z", "norelro", "-T"])
        .arg(dir.join("layout.lds"))
        .arg("-s")
        .arg(&object));
}
