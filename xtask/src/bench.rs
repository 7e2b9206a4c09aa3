//! `cargo xtask bench`: benchmarks.
//!
//! Without `--ipc`, the percent-of-native table (DESIGN.md, "Percent of
//! native"; issue 8), in one invocation:
//!
//! 1. builds the suite (`bench/suite/lmbench.c`, `musl-gcc -static -O2`);
//! 2. runs it on the host, pinned to one CPU (`taskset -c 0`);
//! 3. boots Debian's Linux kernel with the suite as the init of its initramfs
//!    ([`crate::linux_guest`]);
//! 4. boots our system (release kernel and server) with the suite as the
//!    first Linux program;
//!
//! both guests on the same machine ([`qemu::machine_args`]). It prints the
//! table of the `bench` crate on stdout (with our system's microkernel events
//! per operation), then the projection to hardware (an estimate: see
//! `bench::project`), and writes `target/bench/report.json` and
//! `target/bench/report.svg` (percent of native per test). Each test line is
//! shown on stderr as it arrives (the Linux guest's live; ours at the end of
//! each boot, with a heartbeat meanwhile, as `qemu::boot` returns the console
//! at the end).
//!
//! A guest that hangs, crashes or times out in a test is booted again with the
//! tests after that one, so one test that cannot run costs one boot, not the
//! rest of the table; the test is reported as "not run: <why>", never dropped.
//! `--quick` passes the suite's `--quick` (far fewer iterations); `--only NAME`
//! or test names after `--` select tests. [`smoke_test`] is the `--quick` run
//! that `cargo xtask test` makes, into `target/bench/smoke/`.
//!
//! `--ipc` boots the release kernel with the benchmark root task and prints
//! its figures (IPC and exception round trips).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bench::{parse_output, Comparison, ParseError, Report, SuiteOutput, TEST_NAMES};

use crate::build::{self, target_dir, InitrdSpec, Kernel};
use crate::exit_codes;
use crate::linux_guest;
use crate::qemu::{self, Boot};
use crate::Options;

pub fn run(options: &Options) -> Result<u8, String> {
    COLOCATED.store(options.colocated, Ordering::Relaxed);
    if !options.ipc {
        eprintln!(
            "xtask: our system runs {}",
            if options.colocated {
                "co-located (server in ring 1, no CR3 write per call)"
            } else {
                "isolated (default)"
            }
        );
    }
    if options.ipc {
        run_ipc(options)
    } else {
        run_suite(options)
    }
}

/// Per-boot limits of a guest: (no console output for, in all).
fn limits(quick: bool) -> (Duration, Duration) {
    if quick {
        (Duration::from_secs(60), Duration::from_secs(300))
    } else {
        (Duration::from_secs(300), Duration::from_secs(3600))
    }
}

/// At most this many boots of one guest; the tests left after are not run.
const MAX_BOOTS: usize = 8;

fn run_suite(options: &Options) -> Result<u8, String> {
    let mut quick = options.quick;
    let mut tests = Vec::new();
    let mut args = options.program.iter();
    while let Some(arg) = args.next() {
        let name = match arg.as_str() {
            "--quick" => {
                quick = true;
                continue;
            }
            "--only" => args.next().ok_or("--only needs a test name")?.as_str(),
            name => name,
        };
        if !TEST_NAMES.contains(&name) {
            return Err(format!("unknown test {name} (tests: {})", TEST_NAMES.join(" ")));
        }
        tests.push(name.to_owned());
    }
    if tests.is_empty() {
        tests = TEST_NAMES.iter().map(|name| name.to_string()).collect();
    }
    measure(quick, &tests, &target_dir().join("bench"))?;
    Ok(0)
}

/// The smoke test of `cargo xtask test`: `cargo xtask bench --quick` (into
/// `target/bench/smoke/`), then the report read back must be well formed, with a
/// Linux time for every test, and the chart must be there. Nothing about speed;
/// a test our system does not run yet is fine.
pub fn smoke_test() -> Result<(), String> {
    let tests: Vec<String> = TEST_NAMES.iter().map(|name| name.to_string()).collect();
    let dir = target_dir().join("bench").join("smoke");
    measure(true, &tests, &dir)?;
    let path = dir.join("report.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let report = Report::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    report.check_well_formed(&TEST_NAMES).map_err(|e| format!("{}: {e}", path.display()))?;
    let svg_path = dir.join("report.svg");
    let svg =
        std::fs::read_to_string(&svg_path).map_err(|e| format!("{}: {e}", svg_path.display()))?;
    if !(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>")) {
        return Err(format!("{} is not an SVG document", svg_path.display()));
    }
    Ok(())
}

/// Builds and runs the suite (`tests`) on the host and in both guests, prints
/// the tables, and writes `report.json` and `report.svg` into `out_dir`.
fn measure(quick: bool, tests: &[String], out_dir: &Path) -> Result<Report, String> {
    let suite = build_suite()?;
    let kernel = linux_guest::kernel()?;
    let initramfs = linux_guest::initramfs(&suite)?;
    build::kernel(&Kernel::bench())?;
    let server = build::user_program("linux-server", true)?;

    eprintln!("xtask: running the suite on the host (taskset -c 0)");
    let started = Instant::now();
    let host = run_host(&suite, quick, tests)?;
    let host_time = started.elapsed();

    eprintln!("xtask: booting Debian's Linux ({})", kernel.display());
    let started = Instant::now();
    let linux = run_resuming("Linux guest", tests, quick, |args| {
        let (idle, total) = limits(quick);
        let mut show = |line: &str| show_progress("Linux guest", line);
        let run = linux_guest::boot(&kernel, &initramfs, args, idle, total, &mut show)?;
        eprintln!("xtask: Linux guest: one boot took {:.1} s", run.elapsed.as_secs_f64());
        let ended = match (&run.killed, run.status) {
            (Some(reason), _) => Some(reason.clone()),
            (None, Some(0)) => None,
            (None, status) => Some(format!("QEMU ended with status {status:?}")),
        };
        Ok(Attempt { console: run.console, ended })
    })?;
    let linux_time = started.elapsed();

    eprintln!("xtask: booting our system");
    let started = Instant::now();
    let ours = run_resuming("ours", tests, quick, |args| run_ours(&suite, &server, args, quick))?;
    let ours_time = started.elapsed();

    let comparison = bench::compare(&host, &linux, &ours);
    let comparison = with_all_tests(comparison, tests);
    let mut report =
        Report::new(&comparison, qemu::ACCEL, &host_cpu(), &date(), &commit(), host_ghz());
    report.machine = qemu::machine_args().join(" ");
    report.quick = quick;
    report.durations = bench::Durations {
        host_s: Some(host_time.as_secs_f64()),
        linux_s: Some(linux_time.as_secs_f64()),
        ours_s: Some(ours_time.as_secs_f64()),
    };
    println!(
        "percent of native, measured ({} accelerator, {}, commit {}):",
        report.accel,
        report.date,
        &report.commit[..report.commit.len().min(12)]
    );
    print!("{}", bench::render_table(&comparison));
    println!(
        "time: host {:.1} s, Linux guest {:.1} s, ours {:.1} s (boots included){}",
        host_time.as_secs_f64(),
        linux_time.as_secs_f64(),
        ours_time.as_secs_f64(),
        if quick { ", --quick" } else { "" }
    );
    println!();
    print!("{}", bench::render_projection(&report));
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let path = out_dir.join("report.json");
    std::fs::write(&path, report.to_json()).map_err(|e| format!("{}: {e}", path.display()))?;
    let svg = out_dir.join("report.svg");
    std::fs::write(&svg, bench::render_svg(&report))
        .map_err(|e| format!("{}: {e}", svg.display()))?;
    eprintln!("xtask: report in {} and {}", path.display(), svg.display());
    Ok(report)
}

/// Progress: a guest's test line as it arrives, on stderr.
fn show_progress(guest: &str, line: &str) {
    let line = line.trim();
    if line.starts_with("bench ") || line.starts_with("suite ") || line == "done" {
        eprintln!("xtask: {guest}: {line}");
    }
}

/// Adds a row for every selected test that no run mentions (so none is
/// dropped), keeping the suite's order.
fn with_all_tests(mut comparison: Comparison, tests: &[String]) -> Comparison {
    for name in tests {
        if !comparison.rows.iter().any(|row| &row.name == name) {
            let missing = bench::Measurement::Missing;
            comparison.rows.push(bench::Row {
                name: name.clone(),
                host: missing.clone(),
                linux: missing.clone(),
                ours: missing,
                percent: None,
                ours_per_op: Vec::new(),
            });
        }
    }
    comparison
}

/// `musl-gcc -static -O2`, into `target/bench/suite/lmbench`.
fn build_suite() -> Result<PathBuf, String> {
    let dir = target_dir().join("bench").join("suite");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let output = dir.join("lmbench");
    eprintln!("xtask: building the suite (musl-gcc -static -O2)");
    let status = Command::new("musl-gcc")
        .args(["-static", "-O2", "-Wall", "-Wextra", "-o"])
        .arg(&output)
        .arg(bench::SUITE_SOURCE)
        .status()
        .map_err(|e| format!("cannot run musl-gcc (Debian package musl-tools): {e}"))?;
    if !status.success() {
        return Err(format!("musl-gcc failed on {}", bench::SUITE_SOURCE));
    }
    Ok(output)
}

/// The suite's arguments for `tests`.
fn suite_args(quick: bool, tests: &[String]) -> Vec<String> {
    let mut args = Vec::new();
    if quick {
        args.push("--quick".to_string());
    }
    args.extend(tests.iter().cloned());
    args
}

fn run_host(suite: &Path, quick: bool, tests: &[String]) -> Result<SuiteOutput, String> {
    let output = Command::new("taskset")
        .args(["-c", "0"])
        .arg(suite)
        .args(suite_args(quick, tests))
        .output()
        .map_err(|e| format!("cannot run taskset (util-linux): {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut host = parse_output(&stdout).map_err(|e| format!("the host run: {e}"))?;
    if !output.status.success() {
        eprintln!("xtask: the host run ended with {}", output.status);
    }
    for name in tests {
        host.mark_not_run(name, &format!("the host run ended with {}", output.status));
    }
    Ok(host)
}

/// One boot of a guest: what its console showed, and why it ended if not by
/// the suite's own end.
struct Attempt {
    console: String,
    ended: Option<String>,
}

/// The console text up to its last complete line: a line cut by a kill is
/// not the suite's.
fn complete_lines(console: &str) -> &str {
    match console.rfind('\n') {
        Some(end) => &console[..=end],
        None => "",
    }
}

/// Runs `tests` in a guest, booting it again after a test it stopped in (the
/// test is then "not run" with the reason) with the tests that follow.
fn run_resuming(
    guest: &str,
    tests: &[String],
    quick: bool,
    mut boot: impl FnMut(&[String]) -> Result<Attempt, String>,
) -> Result<SuiteOutput, String> {
    let mut merged = SuiteOutput::default();
    let mut remaining: Vec<String> = tests.to_vec();
    let mut boots = 0;
    while !remaining.is_empty() {
        if boots == MAX_BOOTS {
            for name in &remaining {
                merged.mark_not_run(name, &format!("gave up after {MAX_BOOTS} boots"));
            }
            break;
        }
        boots += 1;
        let attempt = boot(&suite_args(quick, &remaining))?;
        let ended = attempt.ended.clone();
        let output = match parse_output(complete_lines(&attempt.console)) {
            Ok(output) => output,
            Err(error) => {
                let why = match (&error, &ended) {
                    (ParseError::MissingHeader, Some(reason)) => {
                        format!("the suite did not start ({reason})")
                    }
                    (ParseError::MissingHeader, None) => "the suite did not start".to_string(),
                    _ => format!("unreadable output: {error}"),
                };
                show_tail(guest, &attempt.console);
                for name in &remaining {
                    merged.mark_not_run(name, &why);
                }
                break;
            }
        };
        let complete = output.complete;
        merged.merge(output);
        remaining.retain(|name| merged.get(name).is_none());
        if remaining.is_empty() {
            break;
        }
        if complete {
            for name in &remaining {
                merged.mark_not_run(name, "the suite printed no line for it");
            }
            break;
        }
        let why = ended.unwrap_or_else(|| "the suite stopped".to_string());
        let stopped_in = remaining.remove(0);
        eprintln!("xtask: {guest}: {why} in {stopped_in}; booting again for the rest");
        merged.mark_not_run(&stopped_in, &why);
    }
    Ok(merged)
}

fn show_tail(guest: &str, console: &str) {
    eprintln!("xtask: {guest}: the last console lines:");
    let lines: Vec<&str> = console.lines().collect();
    for line in &lines[lines.len().saturating_sub(15)..] {
        eprintln!("  | {}", line.trim_end());
    }
}

/// One boot of our system with the suite as the first Linux program.
/// Whether our system runs co-located (`--colocated`: the server in ring 1 in
/// every address space) rather than isolated (the default).
static COLOCATED: AtomicBool = AtomicBool::new(false);

fn run_ours(suite: &Path, server: &Path, args: &[String], quick: bool) -> Result<Attempt, String> {
    let mut argv = vec![suite.to_string_lossy().into_owned()];
    argv.extend(args.iter().cloned());
    let mut spec = build::linux_initrd_for(&argv, server.to_path_buf(), false, false)?;
    if COLOCATED.load(Ordering::Relaxed) {
        spec.files.push(("boot/colocated".into(), b"1".to_vec()));
    }
    let image =
        build::image_with_kernel(&build::kernel_path(&Kernel::bench()), &spec, "bench-ours")?;
    let (_, total) = limits(quick);
    let started = Instant::now();
    // qemu::boot hands the console over at the end: until then, a heartbeat.
    let running = AtomicBool::new(true);
    let outcome = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut shown = 0;
            while running.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let seconds = started.elapsed().as_secs();
                if seconds >= shown + 15 {
                    shown = seconds;
                    eprintln!("xtask: ours: running, {seconds} s");
                }
            }
        });
        let outcome = qemu::boot(&Boot {
            image: &image,
            stdin: false,
            verbose: false,
            timeout: Some(total),
            capture_console: true,
            input: Some(vec![]),
            dialogue: &[],
        });
        running.store(false, Ordering::Relaxed);
        outcome
    })?;
    for line in String::from_utf8_lossy(&outcome.stdout).lines() {
        show_progress("ours", line);
    }
    eprintln!("xtask: ours: one boot took {:.1} s", started.elapsed().as_secs_f64());
    let ended = if outcome.timed_out {
        Some(format!("timed out after {} s", total.as_secs()))
    } else {
        match outcome.device_value() {
            Some(exit_codes::POWER_OFF) => match qemu::program_status(&outcome) {
                Some(0) => None,
                Some(status) if status > 128 => {
                    Some(format!("the suite was killed by signal {}", status - 128))
                }
                Some(status) => Some(format!("the suite exited with status {status}")),
                None => Some("the system powered off without an exit status".to_string()),
            },
            Some(exit_codes::PANIC) => {
                let first = outcome.panic_lines().first().map(|l| l.to_string());
                Some(format!("the kernel or server panicked: {}", first.unwrap_or_default()))
            }
            other => Some(format!(
                "QEMU ended with status {:?} (device value {other:?})",
                outcome.status
            )),
        }
    };
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    if !stderr.trim().is_empty() {
        for line in stderr.lines().take(20) {
            eprintln!("  ours stderr | {line}");
        }
    }
    Ok(Attempt { console: String::from_utf8_lossy(&outcome.stdout).into_owned(), ended })
}

/// The host CPU's clock in GHz (/proc/cpuinfo's first `cpu MHz`), for the
/// projection; [`bench::DEFAULT_GHZ`] if unknown.
fn host_ghz() -> f64 {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("cpu MHz"))
                .and_then(|rest| rest.split_once(':'))
                .and_then(|(_, mhz)| mhz.trim().parse::<f64>().ok())
        })
        .filter(|mhz| mhz.is_finite() && *mhz > 100.0)
        .map_or(bench::DEFAULT_GHZ, |mhz| mhz / 1000.0)
}

/// The host CPU's model name, from /proc/cpuinfo.
fn host_cpu() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .and_then(|rest| rest.split_once(':'))
                .map(|(_, name)| name.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).current_dir(build::workspace_root()).output();
    let output = output.ok().filter(|output| output.status.success())?;
    Some(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Now, in RFC 3339 (UTC).
fn date() -> String {
    command_output("date", &["-u", "+%Y-%m-%dT%H:%M:%SZ"]).unwrap_or_default()
}

/// The commit measured, `-dirty` if the work tree has changes.
fn commit() -> String {
    let Some(head) = command_output("git", &["rev-parse", "HEAD"]) else {
        return "unknown".into();
    };
    let dirty = command_output("git", &["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|status| !status.is_empty());
    if dirty {
        format!("{head}-dirty")
    } else {
        head
    }
}

fn run_ipc(options: &Options) -> Result<u8, String> {
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
        dialogue: &[],
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

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(console: &str, ended: Option<&str>) -> Result<Attempt, String> {
        Ok(Attempt { console: console.into(), ended: ended.map(String::from) })
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn a_cut_line_is_dropped() {
        assert_eq!(complete_lines("a\nbench b 7"), "a\n");
        assert_eq!(complete_lines("bench b 7"), "");
        assert_eq!(complete_lines("a\r\ndone\r\n"), "a\r\ndone\r\n");
    }

    #[test]
    fn a_hang_costs_one_test_and_one_boot() {
        let mut calls: Vec<Vec<String>> = Vec::new();
        let output = run_resuming("test", &names(&["a", "b", "c", "d"]), true, |args| {
            calls.push(args.to_vec());
            match calls.len() {
                1 => attempt("boot noise\nsuite lmbench v1\nbench a 5 1 ok\nbench b", Some("hung")),
                _ => attempt(
                    "suite lmbench v1\nbench c 0 0 error EROFS x\nbench d 7 1 ok\ndone\n",
                    None,
                ),
            }
        })
        .unwrap();
        assert_eq!(calls, [names(&["--quick", "a", "b", "c", "d"]), names(&["--quick", "c", "d"])]);
        assert!(output.complete);
        assert_eq!(output.lines.len(), 3);
        assert_eq!(output.not_run_reason("b"), Some("hung"));
    }

    #[test]
    fn a_suite_that_never_starts_marks_every_test() {
        let mut boots = 0;
        let output = run_resuming("test", &names(&["a", "b"]), false, |_| {
            boots += 1;
            attempt("kernel panic\n", Some("QEMU ended with status Some(0)"))
        })
        .unwrap();
        assert_eq!(boots, 1);
        assert!(output.lines.is_empty());
        assert_eq!(
            output.not_run_reason("b"),
            Some("the suite did not start (QEMU ended with status Some(0))")
        );
    }

    #[test]
    fn boots_are_bounded() {
        let tests: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
        let mut boots = 0;
        let output = run_resuming("test", &tests, false, |_| {
            boots += 1;
            attempt("suite lmbench v1\n", Some("crashed"))
        })
        .unwrap();
        assert_eq!(boots, MAX_BOOTS);
        assert_eq!(output.not_run.len(), 20);
        assert_eq!(output.not_run_reason("t19"), Some("gave up after 8 boots"));
    }
}
