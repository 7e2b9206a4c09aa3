//! The Linux-as-oracle tier: programs run natively on this Linux host and inside
//! the system; stdout, stderr and exit status must be identical.
//!
//! - `ci/linux-tests/manifest.txt` lists C programs (built three ways: musl
//!   static, glibc static, glibc static-pie), a Rust std program (musl
//!   static-pie) and shell scripts, each with its arguments: `sh:` scripts
//!   run by busybox sh, `shells:` ones by every POSIX shell of [`SHELLS`]
//!   (Debian's static busybox sh, bash, zsh as sh, lksh, mksh with musl,
//!   klibc and dietlibc), `shell=NAME,...:` ones by the shells named (bash, zsh-native,
//!   sash), `exec:` ones run as the program through their `#!` line;
//! - single busybox applets are compared with the host's busybox (the same
//!   Debian binary);
//! - malformed ELF files must be refused with ENOEXEC, a clear message and a
//!   non-zero status, with the system shutting down cleanly (no panic);
//! - a scripted interactive session on the console in terminal mode
//!   (`session.rs`), checked against written-down outputs.
//!
//! Cases run many to a boot: `ci/oracle-batch.c` is the first program and
//! runs them in turn, each as its child with an empty pipe as input, marking
//! the end of each in both output streams. Cases that type into the console
//! run alone, one boot each, as do the cases a failed batch boot did not
//! finish (so a case that brings the system down is named). Two boots run at
//! a time (one per core).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::build::{self, target_dir, workspace_root, Kernel, GUEST_ENV};
use crate::qemu::{self, Boot};
use crate::Options;

const BOOT_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a native run may take.
const NATIVE_TIMEOUT: Duration = Duration::from_secs(120);

/// `--colocated`: run the system with the server co-located (ring 1).
static COLOCATED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: i32,
}

/// Work for one boot.
enum Job {
    Alone(Case),
    Batch(Vec<Case>),
}

/// One comparison: a program (host path) and its arguments.
#[derive(Clone)]
struct Case {
    name: String,
    argv: Vec<String>,
    extra_files: Vec<PathBuf>,
    /// Standard input (natively a pipe; in the system typed into the console,
    /// then ^D, which the terminal turns into end of file).
    input: Vec<u8>,
    /// Runs in the system only and passes on exit status 0: a check of the
    /// system's own figures (free memory) that Linux cannot serve as oracle for.
    inside: bool,
}

fn run_native(argv: &[String], input: &[u8]) -> Result<Run, String> {
    use std::os::unix::process::ExitStatusExt;
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .env_clear()
        .envs(GUEST_ENV.iter().map(|kv| kv.split_once('=').unwrap()))
        .current_dir(workspace_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {} natively: {e}", argv[0]))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(input);
    }
    // A native run that hangs (a deadlock in a test program) is killed after
    // NATIVE_TIMEOUT rather than stalling the tier.
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let pid = child.id().to_string();
    let watchdog = std::thread::spawn(move || {
        let expired = matches!(
            finished.recv_timeout(NATIVE_TIMEOUT),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout)
        );
        if expired {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
        }
        expired
    });
    let out = child.wait_with_output().map_err(|e| format!("waiting for {}: {e}", argv[0]));
    let _ = done.send(());
    if watchdog.join().unwrap_or(false) {
        return Err(format!(
            "the native run of {} did not end within {} s (killed)",
            argv[0],
            NATIVE_TIMEOUT.as_secs()
        ));
    }
    let out = out?;
    let status = match (out.status.code(), out.status.signal()) {
        (Some(code), _) => code,
        (None, Some(signal)) => 128 + signal,
        _ => -1,
    };
    Ok(Run { stdout: out.stdout, stderr: out.stderr, status })
}

/// Runs `argv` inside the system (one boot) and returns what it printed.
pub fn run_in_system(
    argv: &[String],
    extra_files: &[PathBuf],
    input: &[u8],
) -> Result<(Run, qemu::Outcome), String> {
    run_in_system_for(argv, extra_files, input, BOOT_TIMEOUT)
}

/// [`run_in_system`] with a time limit of its own.
pub fn run_in_system_for(
    argv: &[String],
    extra_files: &[PathBuf],
    input: &[u8],
    limit: Duration,
) -> Result<(Run, qemu::Outcome), String> {
    let outcome = boot_system(argv, extra_files, input, limit)?;
    let status = match qemu::finish(&outcome) {
        Ok(code) => code as i32,
        Err(e) => return Err(format!("the system failed: {e}")),
    };
    // Without `boot/tty` the console is a pipe-fed terminal set raw without
    // echo (no ICANON, ECHO or OPOST, see the server's console.rs), so bytes
    // compare directly.
    let run = Run { stdout: outcome.stdout.clone(), stderr: outcome.stderr.clone(), status };
    Ok((run, outcome))
}

/// One boot running `argv` as its first program; what it printed and how it ended.
fn boot_system(
    argv: &[String],
    extra_files: &[PathBuf],
    input: &[u8],
    limit: Duration,
) -> Result<qemu::Outcome, String> {
    let mut spec = build::linux_initrd_for(
        argv,
        build::user_program_path("linux-server", false),
        false,
        false,
    )?;
    if COLOCATED.load(std::sync::atomic::Ordering::Relaxed) {
        spec.files.push(("boot/colocated".into(), b"1".to_vec()));
    }
    for file in extra_files {
        let absolute =
            std::fs::canonicalize(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let inside = absolute.to_string_lossy().trim_start_matches('/').to_string();
        if !spec.host_files.iter().any(|(i, _)| *i == inside) {
            spec.host_files.push((inside, absolute));
        }
    }
    let name = format!("oracle-{}", std::thread::current().name().unwrap_or("main"));
    let kernel = Kernel { release: false, features: vec![], flavour: "kernel" };
    let image = build::image_with_kernel(&build::kernel_path(&kernel), &spec, &name)?;
    qemu::boot(&Boot {
        image: &image,
        stdin: false,
        verbose: false,
        timeout: Some(limit),
        capture_console: true,
        input: Some(input.to_vec()),
        dialogue: &[],
    })
}

/// Separates the cases in the batch runner's argv (`ci/oracle-batch.c`).
const BATCH_NEXT: &str = "--oracle-next--";
/// The runner's end marker: `\x1e<oracle-batch end N status S>\x1e`.
const BATCH_MARK: &[u8] = b"\x1e<oracle-batch end ";
/// Cases per boot: a boot costs several seconds under TCG, most cases less.
const BATCH_SIZE: usize = 16;

/// Builds the batch runner (musl, static).
fn batch_runner(out_dir: &Path) -> Result<PathBuf, String> {
    let source = workspace_root().join("ci/oracle-batch.c");
    let output = out_dir.join("oracle-batch");
    std::fs::create_dir_all(out_dir).map_err(|e| e.to_string())?;
    if up_to_date(&output, &source) {
        return Ok(output);
    }
    let status = Command::new("musl-gcc")
        .args(["-static", "-O2", "-Wall", "-Wextra", "-o"])
        .arg(&output)
        .arg(&source)
        .status()
        .map_err(|e| format!("cannot run musl-gcc: {e}"))?;
    if !status.success() {
        return Err(format!("musl-gcc failed on {}", source.display()));
    }
    Ok(output)
}

/// Cuts one stream of a batch boot at the runner's markers: each finished
/// case's bytes and status, in order.
fn cut_at_markers(mut stream: &[u8]) -> Vec<(Vec<u8>, i32)> {
    let mut parts = Vec::new();
    while let Some(at) = stream.windows(BATCH_MARK.len()).position(|w| w == BATCH_MARK) {
        let rest = &stream[at + BATCH_MARK.len()..];
        let Some(end) = rest.windows(2).position(|w| w == b">\x1e") else { break };
        let fields = String::from_utf8_lossy(&rest[..end]).to_string();
        let mut words = fields.split(' ');
        let (Some(number), Some("status"), Some(status)) =
            (words.next(), words.next(), words.next())
        else {
            break;
        };
        let (Ok(number), Ok(status)) = (number.parse::<usize>(), status.parse::<i32>()) else {
            break;
        };
        if number != parts.len() {
            break;
        }
        parts.push((stream[..at].to_vec(), status));
        stream = &rest[end + 2..];
    }
    parts
}

/// Runs `cases` in one boot through the batch runner. Returns the runs of the
/// cases that finished, in order (all of them unless the system failed or
/// timed out), and what went wrong otherwise.
fn run_batch(runner: &Path, cases: &[Case]) -> (Vec<Run>, Option<String>) {
    let mut argv = vec![runner.to_string_lossy().into_owned()];
    let mut extra: Vec<PathBuf> = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        if i > 0 {
            argv.push(BATCH_NEXT.into());
        }
        argv.extend(case.argv.iter().cloned());
        for file in &case.extra_files {
            if !extra.contains(file) {
                extra.push(file.clone());
            }
        }
    }
    let limit = BOOT_TIMEOUT + Duration::from_secs(30 * cases.len() as u64);
    let outcome = match boot_system(&argv, &extra, &[], limit) {
        Ok(outcome) => outcome,
        Err(e) => return (Vec::new(), Some(e)),
    };
    let out = cut_at_markers(&outcome.stdout);
    let err = cut_at_markers(&outcome.stderr);
    let mut runs = Vec::new();
    for ((stdout, status), (stderr, status_again)) in out.into_iter().zip(err) {
        if status != status_again {
            break;
        }
        runs.push(Run { stdout, stderr, status });
    }
    let problem = match qemu::finish(&outcome) {
        Ok(0) if runs.len() == cases.len() => None,
        Ok(code) => Some(format!("the batch runner ended with status {code}")),
        Err(e) => Some(format!("the system failed: {e}")),
    };
    (runs, problem)
}

fn show(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut shown: String = text.chars().take(600).collect();
    if text.chars().count() > 600 {
        shown.push_str("...");
    }
    shown
}

/// Runs `case` alone (one boot) and judges it.
fn compare(case: &Case) -> Result<(), String> {
    let native = if case.inside { None } else { Some(run_native(&case.argv, &case.input)?) };
    let (ours, _) = run_in_system(&case.argv, &case.extra_files, &case.input)?;
    judge(case, native.as_ref(), &ours)
}

/// Whether our run of `case` matches the native one (or, for an inside case,
/// ended with status 0); a report of the differences if not.
fn judge(case: &Case, native: Option<&Run>, ours: &Run) -> Result<(), String> {
    let Some(native) = native.filter(|_| !case.inside) else {
        if ours.status == 0 {
            return Ok(());
        }
        return Err(format!(
            "\n    status {} (0 expected)\n    stdout: {:?}\n    stderr: {:?}",
            ours.status,
            show(&ours.stdout),
            show(&ours.stderr)
        ));
    };
    if native == ours {
        return Ok(());
    }
    let mut report = String::new();
    if native.status != ours.status {
        report.push_str(&format!("\n    status: native {} ours {}", native.status, ours.status));
    }
    if native.stdout != ours.stdout {
        report.push_str(&format!(
            "\n    stdout native: {:?}\n    stdout ours:   {:?}",
            show(&native.stdout),
            show(&ours.stdout)
        ));
    }
    if native.stderr != ours.stderr {
        report.push_str(&format!(
            "\n    stderr native: {:?}\n    stderr ours:   {:?}",
            show(&native.stderr),
            show(&ours.stderr)
        ));
    }
    Err(report)
}

fn compile_c(source: &Path, out_dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let stem = source.file_stem().unwrap().to_string_lossy().to_string();
    let mut built = Vec::new();
    for (variant, compiler, flags) in [
        ("musl-static", "musl-gcc", &["-static"][..]),
        ("glibc-static", "gcc", &["-static"][..]),
        ("glibc-static-pie", "gcc", &["-static-pie", "-fPIE"][..]),
    ] {
        let dir = out_dir.join(variant);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let output = dir.join(&stem);
        if up_to_date(&output, source) {
            built.push((variant.to_string(), output));
            continue;
        }
        let status = Command::new(compiler)
            .args(flags)
            .args(["-O2", "-Wall", "-Wextra", "-o"])
            .arg(&output)
            .arg(source)
            .status()
            .map_err(|e| format!("cannot run {compiler}: {e}"))?;
        if !status.success() {
            return Err(format!("{compiler} failed on {}", source.display()));
        }
        built.push((variant.to_string(), output));
    }
    Ok(built)
}

/// Whether `output` was built after `source` and the headers beside it
/// changed, and after this xtask (which holds the compiler flags) was.
fn up_to_date(output: &Path, source: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(out) = modified(output) else { return false };
    let tool = std::env::current_exe().ok().and_then(|p| modified(&p));
    let headers = source.parent().and_then(|dir| std::fs::read_dir(dir).ok()).into_iter().flatten();
    let headers = headers
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "h"));
    let inputs: Vec<_> =
        [Some(source.to_path_buf())].into_iter().flatten().chain(headers).collect();
    tool.is_some_and(|t| out > t) && inputs.iter().all(|p| modified(p).is_some_and(|m| out > m))
}

fn compile_rust(package: &Path, out_dir: &Path) -> Result<PathBuf, String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "--quiet",
            "--release",
            "--target",
            "x86_64-unknown-linux-musl",
            "--manifest-path",
        ])
        .arg(package.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(out_dir.join("rust"))
        .env_remove("RUSTC_BOOTSTRAP")
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("building {} failed", package.display()));
    }
    let name = package.file_name().unwrap().to_string_lossy().to_string();
    let toml = std::fs::read_to_string(package.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let bin = toml
        .lines()
        .find_map(|l| l.trim().strip_prefix("name = ").map(|v| v.trim_matches('"').to_string()))
        .unwrap_or(name);
    Ok(out_dir.join("rust/x86_64-unknown-linux-musl/release").join(bin))
}

/// Builds a Go package with Debian's toolchain, statically (no cgo).
fn compile_go(package: &Path, out_dir: &Path) -> Result<PathBuf, String> {
    let name = package.file_name().unwrap().to_string_lossy().to_string();
    let binary = out_dir.join(format!("{name}-go"));
    let status = Command::new("go")
        .args(["build", "-trimpath", "-o"])
        .arg(&binary)
        .arg(".")
        .current_dir(package)
        .env("CGO_ENABLED", "0")
        .env("GOFLAGS", "-mod=mod")
        .env("GOCACHE", out_dir.join("go-cache"))
        .env("GOPATH", out_dir.join("go-path"))
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .map_err(|e| format!("cannot run go: {e}"))?;
    if !status.success() {
        return Err(format!("building {} failed", package.display()));
    }
    Ok(binary)
}

/// A shell from Debian that runs the manifest's scripts, natively and in the
/// system (the same static binary both ways).
pub struct Shell {
    /// Case-name suffix and the name a manifest line selects it by.
    pub name: &'static str,
    /// The command before the script's path: an absolute host path (packed
    /// into the ramdisk at that path) and options.
    pub argv: &'static [&'static str],
    /// Whether it runs `shells:` scripts, the POSIX ones every shell must run.
    pub posix: bool,
}

/// Debian's static shells (`setup::SHELL_PACKAGES` installs them). The mksh
/// package ships four static builds: `lksh` (the legacy POSIX mode, glibc),
/// `mksh` against musl, klibc (`mksh-static` is the klibc one) and dietlibc
/// (which calls gettimeofday only through the vDSO the server maps: it
/// finds `__vdso_gettimeofday` by AT_SYSINFO_EHDR). Its own `/bin/mksh` is
/// dynamic (glibc), so not here.
pub const SHELLS: &[Shell] = &[
    Shell { name: "busybox sh", argv: &["/bin/busybox", "sh"], posix: true },
    Shell { name: "bash", argv: &["/usr/bin/bash-static"], posix: true },
    Shell { name: "zsh", argv: &["/usr/bin/zsh-static", "--emulate", "sh"], posix: true },
    Shell { name: "lksh", argv: &["/usr/bin/lksh"], posix: true },
    Shell { name: "mksh-musl", argv: &["/usr/lib/x86_64-linux-musl/bin/mksh"], posix: true },
    Shell { name: "mksh-klibc", argv: &["/usr/lib/klibc/bin/mksh"], posix: true },
    Shell { name: "mksh-diet", argv: &["/usr/lib/diet/bin/mksh"], posix: true },
    Shell { name: "zsh-native", argv: &["/usr/bin/zsh-static"], posix: false },
    Shell { name: "sash", argv: &["/usr/bin/sash", "-f"], posix: false },
];

/// A manifest source naming a script: `sh:SCRIPT` (busybox sh), `shells:SCRIPT`
/// (every POSIX shell), `shell=NAME,NAME:SCRIPT` (those shells) or
/// `exec:SCRIPT` (the script itself is the program: its `#!` line runs).
fn shell_script(source: &str) -> Option<(Vec<&'static Shell>, &str)> {
    const EXEC: &Shell = &Shell { name: "#!", argv: &[], posix: false };
    let (which, script) = source.split_once(':')?;
    let shells: Vec<&Shell> = match which {
        "exec" => vec![EXEC],
        "sh" => SHELLS.iter().filter(|s| s.name == "busybox sh").collect(),
        "shells" => SHELLS.iter().filter(|s| s.posix).collect(),
        _ => {
            let names = which.strip_prefix("shell=")?;
            SHELLS.iter().filter(|s| names.split(',').any(|n| n == s.name)).collect()
        }
    };
    Some((shells, script))
}

/// Every file in `scripts/`: a script may run another by its `#!` line.
fn script_files(tests: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = tests.join("scripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn cases() -> Result<Vec<Case>, String> {
    let root = workspace_root();
    let tests = root.join("ci/linux-tests");
    let out_dir = target_dir().join("oracle");
    let mut cases = Vec::new();
    let manifest = std::fs::read_to_string(tests.join("manifest.txt")).unwrap_or_default();
    let mut built: std::collections::BTreeMap<String, Vec<(String, PathBuf)>> = Default::default();
    for line in manifest.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let mut parts = line.splitn(3, '|');
        let (Some(name), Some(source), arguments) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("bad manifest line: {line}"));
        };
        if let Some((shells, script)) = shell_script(source) {
            for shell in shells {
                let mut argv: Vec<String> = shell.argv.iter().map(|a| a.to_string()).collect();
                argv.push(if shell.argv.is_empty() {
                    // The program itself: a host path, packed at that path.
                    tests.join(script).to_string_lossy().into_owned()
                } else {
                    format!("ci/linux-tests/{script}")
                });
                argv.extend(arguments.unwrap_or("").split_whitespace().map(str::to_string));
                cases.push(Case {
                    name: format!("{name} ({})", shell.name),
                    argv,
                    extra_files: script_files(&tests)?,
                    input: vec![],
                    inside: false,
                });
            }
            continue;
        }
        // `inside:FILE.c`: built with musl, run in the system only (see `Case::inside`).
        let (source, inside) = match source.strip_prefix("inside:") {
            Some(file) => (file, true),
            None => (source, false),
        };
        let binaries = match built.get(source) {
            Some(b) => b.clone(),
            None => {
                let b = if source.ends_with(".c") {
                    compile_c(&tests.join(source), &out_dir)?
                } else if tests.join(source).join("go.mod").exists() {
                    vec![("go".to_string(), compile_go(&tests.join(source), &out_dir)?)]
                } else {
                    vec![("rust-musl".to_string(), compile_rust(&tests.join(source), &out_dir)?)]
                };
                built.insert(source.to_string(), b.clone());
                b
            }
        };
        for (variant, binary) in binaries {
            if inside && variant != "musl-static" {
                continue;
            }
            let mut argv = vec![binary.to_string_lossy().into_owned()];
            argv.extend(arguments.unwrap_or("").split_whitespace().map(str::to_string));
            let name = if inside {
                format!("{name} (in the system only)")
            } else {
                format!("{name} ({variant})")
            };
            cases.push(Case { name, argv, extra_files: vec![], input: vec![], inside });
        }
    }
    let manifest_path = tests.join("manifest.txt");
    let busybox = |args: &[&str]| {
        let mut argv = vec!["/bin/busybox".to_string()];
        argv.extend(args.iter().map(|a| a.to_string()));
        argv
    };
    for (name, args) in [
        ("echo", &["echo", "hello", "world"][..]),
        ("true", &["true"][..]),
        ("false", &["false"][..]),
        ("uname -s", &["uname", "-s"][..]),
        ("printf", &["printf", "%s=%d %x\\n", "answer", "42", "255"][..]),
        ("seq", &["seq", "2", "3", "11"][..]),
        ("expr", &["expr", "6", "*", "7"][..]),
        ("cat missing", &["cat", "/no/such/file"][..]),
    ] {
        cases.push(Case {
            name: format!("busybox {name}"),
            argv: busybox(args),
            extra_files: vec![],
            input: vec![],
            inside: false,
        });
    }
    // Standard input.
    let text = b"pear apple\nfig\nbanana cherry date\n\nzucchini\n".to_vec();
    for (name, args) in [
        ("wc of stdin", &["wc"][..]),
        ("sort of stdin", &["sort"][..]),
        ("sh read from stdin", &["sh", "-c", "read a b; echo \"$b-$a\"; exit 4"][..]),
    ] {
        let input = if name.starts_with("sh") { b"one two\n".to_vec() } else { text.clone() };
        cases.push(Case {
            name: format!("busybox {name}"),
            argv: busybox(args),
            extra_files: vec![],
            input,
            inside: false,
        });
    }
    cases.push(Case {
        name: "busybox cat of a packed file".into(),
        argv: busybox(&["cat", "ci/linux-tests/manifest.txt"]),
        extra_files: vec![manifest_path],
        input: vec![],
        inside: false,
    });
    Ok(cases)
}

/// Malformed executables: refused with ENOEXEC and status 126, no panic.
fn malformed_cases() -> Result<Vec<(String, PathBuf)>, String> {
    let dir = target_dir().join("oracle/malformed");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let good = std::fs::read("/bin/busybox").map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    let mut write = |name: &str, bytes: Vec<u8>| -> Result<(), String> {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| e.to_string())?;
        files.push((name.to_string(), path));
        Ok(())
    };
    write("truncated", good[..100].to_vec())?;
    let mut arm = good.clone();
    arm[18] = 0x28; // e_machine = EM_ARM
    write("wrong-machine", arm)?;
    let mut absurd = good.clone();
    absurd[56] = 0xff; // e_phnum = 0xffff
    absurd[57] = 0xff;
    write("absurd-phnum", absurd)?;
    write("not-elf", b"\x7fNOT an ELF file, just bytes\n".to_vec())?;
    Ok(files)
}

pub fn run_tier(options: &Options) -> Result<(), String> {
    COLOCATED.store(options.colocated, std::sync::atomic::Ordering::Relaxed);
    // Build the kernel and server once; each case only packs its ramdisk.
    build::kernel(&Kernel { release: false, features: vec![], flavour: "kernel" })?;
    build::user_program("linux-server", false)?;
    let mut cases = cases()?;
    let mut malformed = malformed_cases()?;
    // `cargo xtask oracle -- PATTERN` runs the cases whose name contains PATTERN.
    if let Some(pattern) = options.program.first() {
        cases.retain(|c| c.name.contains(pattern.as_str()));
        malformed.retain(|(name, _)| name.contains(pattern.as_str()));
    }
    // Cases without input run many to a boot (`ci/oracle-batch.c`); those
    // typing into the console run alone, as does every case of a batch whose
    // boot failed before the case finished.
    let runner = batch_runner(&target_dir().join("oracle"))?;
    let (mut batched, alone): (Vec<Case>, Vec<Case>) =
        cases.into_iter().partition(|c| c.input.is_empty());
    // Cases of one program together: fewer binaries packed per boot.
    batched.sort_by(|a, b| a.argv[0].cmp(&b.argv[0]));
    let mut jobs: Vec<Job> = alone.into_iter().map(Job::Alone).collect();
    jobs.extend(batched.chunks(BATCH_SIZE).map(|c| Job::Batch(c.to_vec())));
    jobs.reverse();
    let failures = Arc::new(Mutex::new(Vec::new()));
    let passed = Arc::new(Mutex::new(0usize));
    let queue = Arc::new(Mutex::new(jobs));
    let record = {
        let failures = Arc::clone(&failures);
        let passed = Arc::clone(&passed);
        move |case: &Case, verdict: Result<(), String>| match verdict {
            Ok(()) => {
                eprintln!("  oracle {} ... ok", case.name);
                *passed.lock().unwrap() += 1;
            }
            Err(report) => {
                eprintln!("  oracle {} ... FAILED{report}", case.name);
                failures.lock().unwrap().push(case.name.clone());
            }
        }
    };
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let queue = Arc::clone(&queue);
            let record = record.clone();
            let runner = runner.clone();
            let failures = Arc::clone(&failures);
            std::thread::Builder::new()
                .name(format!("w{w}"))
                .spawn(move || loop {
                    let Some(job) = queue.lock().unwrap().pop() else { break };
                    let cases = match job {
                        Job::Alone(case) => {
                            record(&case, compare(&case));
                            continue;
                        }
                        Job::Batch(cases) => cases,
                    };
                    let (runs, problem) = run_batch(&runner, &cases);
                    for (case, ours) in cases.iter().zip(&runs) {
                        let verdict = if case.inside {
                            judge(case, None, ours)
                        } else {
                            run_native(&case.argv, &case.input)
                                .and_then(|native| judge(case, Some(&native), ours))
                        };
                        record(case, verdict);
                    }
                    if let Some(problem) = problem {
                        let rest = &cases[runs.len()..];
                        if rest.is_empty() {
                            // Every case finished, then the system failed.
                            let name =
                                format!("batch boot ending with {}", cases[cases.len() - 1].name);
                            eprintln!("  oracle {name} ... FAILED: {problem}");
                            failures.lock().unwrap().push(name);
                            continue;
                        }
                        eprintln!(
                            "  oracle: a batch boot ended early ({problem}); {} case(s) run alone",
                            rest.len()
                        );
                        queue.lock().unwrap().extend(rest.iter().cloned().map(Job::Alone));
                    }
                })
                .unwrap()
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    for (name, path) in malformed {
        let argv = vec![path.to_string_lossy().into_owned()];
        match run_in_system(&argv, &[], &[]) {
            Ok((run, _))
                if run.status == 126
                    && String::from_utf8_lossy(&run.stderr).contains("ENOEXEC") =>
            {
                eprintln!(
                    "  malformed ELF {name} ... ok ({})",
                    String::from_utf8_lossy(&run.stderr).trim()
                );
                *passed.lock().unwrap() += 1;
            }
            Ok((run, _)) => {
                eprintln!(
                    "  malformed ELF {name} ... FAILED: status {} stderr {:?}",
                    run.status,
                    show(&run.stderr)
                );
                failures.lock().unwrap().push(name);
            }
            Err(e) => {
                eprintln!("  malformed ELF {name} ... FAILED: {e}");
                failures.lock().unwrap().push(name);
            }
        }
    }
    // The scripted interactive session (`cargo xtask oracle -- session`).
    if options.program.first().is_none_or(|p| "interactive session".contains(p.as_str())) {
        match crate::session::run() {
            Ok(()) => {
                eprintln!("  interactive session ... ok");
                *passed.lock().unwrap() += 1;
            }
            Err(e) => {
                eprintln!("  interactive session ... FAILED: {e}");
                failures.lock().unwrap().push("interactive session".into());
            }
        }
    }
    let failures = failures.lock().unwrap();
    eprintln!("  oracle: {} passed, {} failed", passed.lock().unwrap(), failures.len());
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} differ from Linux: {}", failures.len(), failures.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::cut_at_markers;

    #[test]
    fn streams_cut_at_the_runner_markers() {
        let stream = b"one\n\x1e<oracle-batch end 0 status 0>\x1eno newline\x1e<oracle-batch end 1 status 139>\x1e\x1e<oracle-batch end 2 status 3>\x1e";
        let parts = cut_at_markers(stream);
        assert_eq!(
            parts,
            vec![(b"one\n".to_vec(), 0), (b"no newline".to_vec(), 139), (Vec::new(), 3)]
        );
    }

    #[test]
    fn an_unfinished_case_is_not_cut() {
        // The system failed during case 1: its output has no marker.
        let stream =
            b"a\x1e<oracle-batch end 0 status 0>\x1epartial output\x1e<oracle-batch end 1 sta";
        assert_eq!(cut_at_markers(stream), vec![(b"a".to_vec(), 0)]);
        // Markers out of order end the cutting.
        let stream = b"\x1e<oracle-batch end 1 status 0>\x1e";
        assert!(cut_at_markers(stream).is_empty());
    }
}
