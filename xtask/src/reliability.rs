//! `cargo xtask reliability`: hostile programs that cannot be compared with
//! Linux, run only inside the system (issue 10). The hostile cases that Linux
//! defines (privileged instructions, wild pointers, huge counts, ...) are
//! oracle cases (`ci/linux-tests/hostile.c`); these are the rest:
//!
//! - `ci/reliability/hostile_system.c`: memory exhaustion (frames, brk,
//!   tmpfs, processes), int 0x80 and instructions whose result differs under
//!   QEMU's TCG, then the leak check (MemFree, KernelHeapFree and KernelMemFree
//!   of /proc/meminfo, the server's and the microkernel's memory, before and
//!   after 1000 fork+exec+exit, pipe and file cycles) and a health check (fork+exec
//!   of busybox echo, its output compared). It must end with `health: ok` and
//!   status 0, and the system must not panic;
//! - `ci/reliability/storm.c`: random system calls with random and boundary
//!   arguments from a seed, in worker processes (`--storm-calls N`, default
//!   200000, about two minutes under TCG; `--storm-calls 1000000` or more for
//!   a longer run; `--seed S` to replay). It must end with `storm: done`, then the health
//!   check (busybox echo in the same boot) must pass.
//!
//! Neither program is ever run natively: they exhaust memory or call random
//! system calls. Each run is one boot; a panic of the server or the kernel
//! fails the run (the seed is printed to reproduce a storm).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::build::{self, target_dir, workspace_root, Kernel};

/// One boot's limit (the default runs take well under a minute each).
const LIMIT: Duration = Duration::from_secs(600);

pub struct Settings {
    pub storm_calls: u64,
    pub seed: Option<u64>,
    pub only: Option<String>,
}

pub fn parse(program: &[String]) -> Result<Settings, String> {
    let mut settings = Settings { storm_calls: 200_000, seed: None, only: None };
    let mut iter = program.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| -> Result<u64, String> {
            iter.next().and_then(|v| v.parse().ok()).ok_or_else(|| format!("{name} needs a number"))
        };
        match arg.as_str() {
            "--storm-calls" => settings.storm_calls = value("--storm-calls")?,
            "--seed" => settings.seed = Some(value("--seed")?),
            other => settings.only = Some(other.to_string()),
        }
    }
    Ok(settings)
}

fn compile(source: &Path) -> Result<PathBuf, String> {
    let dir = target_dir().join("reliability");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let output = dir.join(source.file_stem().unwrap());
    let status = Command::new("musl-gcc")
        .args(["-static", "-O2", "-Wall", "-Wextra", "-o"])
        .arg(&output)
        .arg(source)
        .status()
        .map_err(|e| format!("cannot run musl-gcc: {e}"))?;
    if !status.success() {
        return Err(format!("musl-gcc failed on {}", source.display()));
    }
    Ok(output)
}

/// Runs `argv` in the system (one boot); the run must not end in a panic,
/// its stdout must contain every line of `expect`, and its status must be 0.
fn run_checked(name: &str, argv: &[String], expect: &[&str]) -> Result<String, String> {
    let started = Instant::now();
    let (run, _) = crate::oracle::run_in_system_for(argv, &[], &[], LIMIT)?;
    let stdout = String::from_utf8_lossy(&run.stdout).to_string();
    for line in stdout.lines() {
        eprintln!("    | {line}");
    }
    let missing: Vec<&&str> =
        expect.iter().filter(|e| !stdout.lines().any(|l| l.starts_with(**e))).collect();
    if run.status != 0 || !missing.is_empty() {
        return Err(format!("{name}: status {}, missing lines {missing:?}", run.status));
    }
    eprintln!("  {name} ... ok ({:.0} s)", started.elapsed().as_secs_f64());
    Ok(stdout)
}

pub fn run_tier(settings: &Settings) -> Result<(), String> {
    build::kernel(&Kernel { release: false, features: vec![], flavour: "kernel" })?;
    build::user_program("linux-server", false)?;
    let dir = workspace_root().join("ci/reliability");
    let mut failures = Vec::new();
    let wanted = |name: &str| settings.only.as_deref().is_none_or(|o| name.contains(o));
    if wanted("hostile-system") {
        let program = compile(&dir.join("hostile_system.c"))?;
        let argv = vec![program.to_string_lossy().into_owned(), "1000".into()];
        let expect = ["leak fork+exec+exit", "leak pipe", "leak file", "health: ok"];
        if let Err(e) = run_checked("hostile-system", &argv, &expect) {
            eprintln!("  FAILED {e}");
            failures.push("hostile-system");
        }
    }
    if wanted("storm") {
        let storm = compile(&dir.join("storm.c"))?;
        let seed = settings.seed.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(1)
        });
        eprintln!("  storm: seed {seed}, {} calls", settings.storm_calls);
        // The storm, then the health check in the same boot.
        let script = format!(
            "{} {seed} {} 4; status=$?; /bin/busybox echo healthy; exit $status",
            storm.display(),
            settings.storm_calls
        );
        let argv = vec!["/bin/busybox".into(), "sh".into(), "-c".into(), script];
        let expect = ["storm: done", "healthy"];
        match run_storm(&argv, &storm, &expect) {
            Ok(()) => {}
            Err(e) => {
                eprintln!("  FAILED storm (seed {seed}): {e}");
                failures.push("storm");
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("reliability: failed: {}", failures.join(", ")))
    }
}

fn run_storm(argv: &[String], storm: &Path, expect: &[&str]) -> Result<(), String> {
    let started = Instant::now();
    let (run, _) = crate::oracle::run_in_system_for(argv, &[storm.to_path_buf()], &[], LIMIT)?;
    let stdout = String::from_utf8_lossy(&run.stdout).to_string();
    for line in stdout.lines().filter(|l| l.starts_with("storm") || l.starts_with("healthy")) {
        eprintln!("    | {line}");
    }
    let missing: Vec<&&str> =
        expect.iter().filter(|e| !stdout.lines().any(|l| l.starts_with(**e))).collect();
    if run.status != 0 || !missing.is_empty() {
        return Err(format!("status {}, missing lines {missing:?}", run.status));
    }
    eprintln!("  storm ... ok ({:.0} s)", started.elapsed().as_secs_f64());
    Ok(())
}
