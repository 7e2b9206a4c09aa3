//! `cargo xtask`: the one tool that builds, runs, tests and benchmarks the system.
//!
//! - `cargo xtask build [--release]`: kernel ELF, initrd, BIOS boot image.
//! - `cargo xtask run [--verbose] [--release] [-- PROGRAM ARGS...]`: boots the
//!   system in QEMU (TCG) and exits with the guest's status.
//! - `cargo xtask test`: every test tier (host tests, fmt, clippy, in-QEMU
//!   kernel tests, and the Linux-as-oracle tier as it comes).
//! - `cargo xtask bench`: the percent-of-native table.
//!
//! Each command first installs what it lacks (`setup`), saying what it does.

mod bench;
mod build;
mod linux_guest;
mod oracle;
mod qemu;
mod reliability;
mod session;
mod setup;
mod test;

use std::process::ExitCode;

pub use microkernel_abi::exit as exit_codes;

const USAGE: &str = "usage: cargo xtask <command>
  build [--release]                         build kernel, initrd and boot image
  run [--verbose] [--release] [--strace] [--colocated] [-- PROGRAM [ARGS...]]
                                            boot the system in QEMU
  test                                      run every test tier
  ktest                                     run only the in-QEMU kernel tests
  reliability [-- [NAME] [--storm-calls N] [--seed S]]
                                            hostile programs, leak check and
                                            random-syscall storm in the system
  bench [--quick] [--ipc] [--only TEST] [-- TEST...]
                                            print the percent-of-native table
                                            (--ipc: microkernel IPC round trips)";

#[derive(Default, Clone)]
pub struct Options {
    pub release: bool,
    pub verbose: bool,
    pub ipc: bool,
    pub quick: bool,
    pub colocated: bool,
    pub strace: bool,
    pub program: Vec<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--release" => options.release = true,
            "--verbose" | "-v" => options.verbose = true,
            "--ipc" => options.ipc = true,
            "--quick" => options.quick = true,
            "--colocated" => options.colocated = true,
            "--strace" => options.strace = true,
            // bench: one test, handed on with the test names.
            "--only" => {
                options.program.extend([arg.clone()].into_iter().chain(iter.next().cloned()))
            }
            "--" => {
                options.program = iter.by_ref().cloned().collect();
            }
            other if !other.starts_with('-') => {
                options.program.push(other.to_string());
                options.program.extend(iter.by_ref().cloned());
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let options = match parse(&args[1..]) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("xtask: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match command.as_str() {
        "build" => setup::ensure_for_build()
            .and_then(|()| {
                build::image(&build::Kernel::normal(options.release), &options, &Default::default())
            })
            .map(|image| {
                eprintln!("xtask: boot image at {}", image.display());
                0
            }),
        "run" => setup::ensure_for_run().and_then(|()| qemu::run(&options)),
        "test" => setup::ensure_for_test().and_then(|()| test::run_all(&options)),
        "ktest" => setup::ensure_for_run().and_then(|()| test::kernel_tier_only(&options)),
        "oracle" => setup::ensure_for_test().and_then(|()| oracle::run_tier(&options).map(|()| 0)),
        "bench" => setup::ensure_for_run().and_then(|()| bench::run(&options)),
        "reliability" => setup::ensure_for_test()
            .and_then(|()| reliability::parse(&options.program))
            .and_then(|settings| reliability::run_tier(&settings).map(|()| 0)),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(0)
        }
        other => Err(format!("unknown command {other}\n{USAGE}")),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
