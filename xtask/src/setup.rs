//! Installs what the commands need on a fresh Debian machine, saying what it
//! does: Debian packages through apt-get (as root; otherwise it prints the exact
//! command), rustup components and targets named in `rust-toolchain.toml`.

use std::path::Path;
use std::process::Command;

const COMPONENTS: &[&str] = &["rust-src", "llvm-tools", "rustfmt", "clippy"];
const TARGETS: &[&str] = &["x86_64-unknown-none", "x86_64-unknown-linux-musl"];

pub fn ensure_for_build() -> Result<(), String> {
    ensure_rust()?;
    ensure_packages(&[("/bin/busybox", "busybox-static")])
}

pub fn ensure_for_run() -> Result<(), String> {
    ensure_for_build()?;
    ensure_packages(&[("/usr/bin/qemu-system-x86_64", "qemu-system-x86")])
}

pub fn ensure_for_test() -> Result<(), String> {
    ensure_for_run()?;
    ensure_packages(&[
        ("/usr/bin/musl-gcc", "musl-tools"),
        ("/usr/bin/cpio", "cpio"),
        ("/usr/bin/go", "golang-go"),
    ])?;
    ensure_packages(SHELL_PACKAGES)
}

/// The static shells that run the oracle's scripts (`oracle::SHELLS`).
pub const SHELL_PACKAGES: &[(&str, &str)] = &[
    ("/usr/bin/bash-static", "bash-static"),
    ("/usr/bin/zsh-static", "zsh-static"),
    ("/usr/bin/sash", "sash"),
    ("/usr/lib/x86_64-linux-musl/bin/mksh", "mksh"),
];

fn output(program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed: {status}", args.join(" ")))
    }
}

fn ensure_rust() -> Result<(), String> {
    let installed = output("rustup", &["component", "list", "--installed"])?;
    for component in COMPONENTS {
        if !installed.lines().any(|line| line.starts_with(component)) {
            eprintln!("xtask: installing rustup component {component}");
            run("rustup", &["component", "add", component])?;
        }
    }
    let targets = output("rustup", &["target", "list", "--installed"])?;
    for target in TARGETS {
        if !targets.lines().any(|line| line.trim() == *target) {
            eprintln!("xtask: installing rustup target {target}");
            run("rustup", &["target", "add", target])?;
        }
    }
    Ok(())
}

/// `wanted` pairs a file that proves the package is there with the package.
pub fn ensure_packages(wanted: &[(&str, &str)]) -> Result<(), String> {
    let missing: Vec<&str> =
        wanted.iter().filter(|(file, _)| !Path::new(file).exists()).map(|(_, p)| *p).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = output("id", &["-u"]).map(|uid| uid.trim() == "0").unwrap_or(false);
    let install = format!("apt-get install -y --no-install-recommends {}", missing.join(" "));
    if !is_root {
        return Err(format!("missing Debian packages; run: sudo apt-get update && sudo {install}"));
    }
    eprintln!("xtask: installing Debian packages: {}", missing.join(" "));
    run("apt-get", &["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(missing.iter());
    let status = Command::new("apt-get")
        .args(&args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .map_err(|e| format!("cannot run apt-get: {e}"))?;
    if !status.success() {
        return Err(format!("`{install}` failed: {status}"));
    }
    Ok(())
}
