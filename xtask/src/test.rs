//! `cargo xtask test`: every test tier, in order of cost.
//!
//! 1. formatting and lints (`cargo fmt --check`, `cargo clippy -D warnings` on
//!    the host crates and on the kernel for its bare-metal target);
//! 2. host tests (`cargo test` of the host workspace);
//! 3. in-QEMU kernel tests: the `ktest` kernel boots and reports through the
//!    isa-debug-exit device; a kernel with a deliberately failing test must be
//!    reported as failing (the tier can fail);
//! 4. Linux programs compared with Linux itself (`oracle`): C programs built
//!    three ways and a Rust std program, busybox applets, malformed ELF files.
//!
//! The last line is `xtask test: N passed, M failed`.

use std::time::{Duration, Instant};

use crate::build::{self, cargo, Kernel, BARE_METAL_TARGET};
use crate::exit_codes;
use crate::qemu::{self, Boot};
use crate::Options;

struct Tally {
    passed: usize,
    failed: Vec<String>,
}

impl Tally {
    fn step(&mut self, name: &str, result: Result<(), String>) {
        match result {
            Ok(()) => {
                eprintln!("xtask test: {name} ... ok");
                self.passed += 1;
            }
            Err(message) => {
                eprintln!("xtask test: {name} ... FAILED: {message}");
                self.failed.push(name.to_string());
            }
        }
    }
}

const KERNEL_TEST_TIMEOUT: Duration = Duration::from_secs(120);

pub fn run_all(options: &Options) -> Result<u8, String> {
    let started = Instant::now();
    let mut tally = Tally { passed: 0, failed: vec![] };
    tally.step("fmt", cargo(&["fmt", "--all", "--", "--check"]));
    tally.step(
        "clippy (host crates)",
        cargo(&["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"]),
    );
    tally.step(
        "clippy (bare-metal crates)",
        cargo(&[
            "clippy",
            "--quiet",
            "--target",
            BARE_METAL_TARGET,
            "--package",
            "microkernel",
            "--package",
            "microkernel-user",
            "--package",
            "ktest-root",
            "--package",
            "linux-personality",
            "--package",
            "linux-server",
            "--target-dir",
            &build::target_dir().join("clippy-bare").to_string_lossy(),
            "--",
            "-D",
            "warnings",
        ]),
    );
    tally.step("host tests", cargo(&["test", "--quiet"]));
    tally.step("kernel tests in QEMU", kernel_tests(options));
    tally.step("a failing kernel test fails the tier", broken_kernel_test_is_caught(options));
    tally.step("Linux programs compared with Linux", crate::oracle::run_tier(options));
    tally.step(
        "hostile programs, leak check and syscall storm in the system",
        crate::reliability::parse(&[]).and_then(|s| crate::reliability::run_tier(&s)),
    );
    tally.step("bench --quick smoke test (report well formed)", crate::bench::smoke_test());

    eprintln!("xtask test: took {:.0} s", started.elapsed().as_secs_f64());
    println!("summary: {} passed, {} failed", tally.passed, tally.failed.len());
    if tally.failed.is_empty() {
        Ok(0)
    } else {
        eprintln!("xtask test: failed: {}", tally.failed.join(", "));
        Ok(1)
    }
}

/// `cargo xtask ktest`: the in-QEMU kernel tier alone, for quick iteration.
pub fn kernel_tier_only(options: &Options) -> Result<u8, String> {
    let mut tally = Tally { passed: 0, failed: vec![] };
    tally.step("kernel tests in QEMU", kernel_tests(options));
    println!("xtask ktest: {} passed, {} failed", tally.passed, tally.failed.len());
    Ok(if tally.failed.is_empty() { 0 } else { 1 })
}

fn boot_tests(kernel: &Kernel, options: &Options) -> Result<qemu::Outcome, String> {
    let spec = build::InitrdSpec {
        root_task: Some(build::user_program("ktest-root", false)?),
        mode: Some("test"),
        without_busybox: true,
        ..Default::default()
    };
    let image = build::image(kernel, &Options { program: vec![], ..options.clone() }, &spec)?;
    qemu::boot(&Boot {
        image: &image,
        stdin: false,
        verbose: options.verbose,
        timeout: Some(KERNEL_TEST_TIMEOUT),
        capture_console: true,
        input: None,
        dialogue: &[],
    })
}

fn kernel_tests(options: &Options) -> Result<(), String> {
    let outcome = boot_tests(&Kernel::tests(), options)?;
    for (_, line) in &outcome.log {
        if line.starts_with("test ") && line.ends_with("ok")
            || line.starts_with("kernel tests:")
            || line.starts_with("user tests:")
        {
            eprintln!("  {line}");
        }
    }
    match outcome.device_value() {
        Some(exit_codes::TESTS_PASSED) => Ok(()),
        _ => {
            for (_, line) in outcome.log.iter().rev().take(30).rev() {
                eprintln!("  | {line}");
            }
            Err(format!(
                "kernel tests did not pass (QEMU status {:?}{})",
                outcome.status,
                if outcome.timed_out { ", timed out" } else { "" }
            ))
        }
    }
}

fn broken_kernel_test_is_caught(options: &Options) -> Result<(), String> {
    let outcome = boot_tests(&Kernel::tests_with_broken_one(), options)?;
    let reported = outcome.log.iter().any(|(_, l)| l.contains("deliberately broken"));
    match outcome.device_value() {
        Some(exit_codes::TEST_FAILED) if reported => Ok(()),
        other => Err(format!(
            "a kernel with a failing test ended with device value {other:?} \
             (failure message seen: {reported})"
        )),
    }
}
