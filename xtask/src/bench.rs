//! `cargo xtask bench`: benchmarks.
//!
//! `--ipc` boots the release kernel with the benchmark root task and prints its
//! figures (IPC and exception round trips). The percent-of-native suite (issue 8)
//! is not wired yet: without `--ipc` the command says so and fails.

use std::time::Duration;

use crate::build::{self, InitrdSpec, Kernel};
use crate::exit_codes;
use crate::qemu::{self, Boot};
use crate::Options;

pub fn run(options: &Options) -> Result<u8, String> {
    if !options.ipc {
        return Err("the percent-of-native suite runner is not wired yet (issue 8); \
                    `cargo xtask bench --ipc` measures microkernel IPC"
            .into());
    }
    let spec = InitrdSpec {
        root_task: Some(build::user_program("ktest-root", true)?),
        mode: Some("bench-ipc"),
        without_busybox: true,
        ..Default::default()
    };
    let image =
        build::image(&Kernel::bench(), &Options { program: vec![], ..options.clone() }, &spec)?;
    let outcome = qemu::boot(&Boot {
        image: &image,
        stdin: false,
        verbose: options.verbose,
        timeout: Some(Duration::from_secs(600)),
        capture_console: true,
        input: None,
    })?;
    if outcome.device_value() != Some(exit_codes::POWER_OFF) {
        for (_, line) in outcome.log.iter().rev().take(30).rev() {
            eprintln!("  | {line}");
        }
        return Err(format!("the IPC benchmark did not finish (QEMU status {:?})", outcome.status));
    }
    let wanted = ["ipc_roundtrip", "exception_roundtrip", "ipc fast-path", "TSC:"];
    for (_, line) in &outcome.log {
        if wanted.iter().any(|w| line.starts_with(w)) && !line.contains("_ns ") {
            println!("{line}");
        }
    }
    for (_, line) in &outcome.log {
        if line.ends_with(|c: char| c.is_ascii_digit()) && line.contains("_ns ") {
            println!("{line}");
        }
    }
    Ok(0)
}
