//! Builds the suite with `musl-gcc -static -O2` and runs it natively with `--quick`: every test
//! must print one well-formed line with a positive time and status ok. Skipped, with a message,
//! where musl-gcc is absent (Debian package `musl-tools`).

use std::path::{Path, PathBuf};
use std::process::Command;

use bench::{parse_output, Status, SUITE_SOURCE, TEST_NAMES};

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("bench-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn find_tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

fn compile(compiler: &Path, output: &Path) {
    let result = Command::new(compiler)
        .args(["-static", "-O2", "-Wall", "-Wextra", "-Werror", "-o"])
        .arg(output)
        .arg(SUITE_SOURCE)
        .output()
        .expect("run the C compiler");
    assert!(
        result.status.success(),
        "{} failed:\n{}",
        compiler.display(),
        String::from_utf8_lossy(&result.stderr)
    );
}

fn run(binary: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(binary).args(args).output().expect("run the suite");
    let stdout = String::from_utf8(output.stdout).expect("the suite prints UTF-8");
    (output.status.code().unwrap_or(-1), stdout)
}

fn check_full_run(binary: &Path) {
    let (code, stdout) = run(binary, &["--quick"]);
    assert_eq!(code, 0, "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.first(), Some(&"suite lmbench v1"), "{stdout}");
    assert_eq!(lines.last(), Some(&"done"), "{stdout}");
    assert_eq!(lines.len(), TEST_NAMES.len() + 2, "one line per test:\n{stdout}");
    let output = parse_output(&stdout).unwrap_or_else(|error| panic!("{error}:\n{stdout}"));
    assert!(output.complete);
    let names: Vec<&str> = output.lines.iter().map(|line| line.name.as_str()).collect();
    assert_eq!(names, TEST_NAMES, "{stdout}");
    for line in &output.lines {
        assert_eq!(line.status, Status::Ok, "{}: {stdout}", line.name);
        assert!(line.ns_per_op > 0.0, "{}: {stdout}", line.name);
        assert!(line.iterations > 0, "{}: {stdout}", line.name);
    }
    for bandwidth in ["pipe_bandwidth", "mmap_file_read", "file_read_bandwidth"] {
        let line = output.get(bandwidth).unwrap();
        let mb_per_s: f64 = line.extra("MB/s").unwrap().parse().unwrap();
        assert!(mb_per_s > 0.0, "{stdout}");
    }
}

#[test]
fn suite_runs_natively_with_musl() {
    let Some(musl_gcc) = find_tool("musl-gcc") else {
        println!("skipped: musl-gcc not found (apt-get install musl-tools to run this test)");
        return;
    };
    let dir = TempDir::new("musl");
    let binary = dir.0.join("lmbench");
    compile(&musl_gcc, &binary);
    check_full_run(&binary);

    // --list names the tests in order.
    let (code, listing) = run(&binary, &["--list"]);
    assert_eq!(code, 0);
    assert_eq!(listing.lines().collect::<Vec<_>>(), TEST_NAMES);

    // A selection runs only the named tests, in table order.
    let (code, stdout) = run(&binary, &["--quick", "cpu_sort", "null_syscall"]);
    assert_eq!(code, 0);
    let output = parse_output(&stdout).unwrap();
    let names: Vec<&str> = output.lines.iter().map(|line| line.name.as_str()).collect();
    assert_eq!(names, ["null_syscall", "cpu_sort"]);

    // An unknown test name is refused, not ignored.
    let (code, stdout) = run(&binary, &["--quick", "no_such_test"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());

    // The fork_exec helper argument exits at once, printing nothing.
    assert_eq!(run(&binary, &["--exit-at-once"]), (0, String::new()));
}

#[test]
fn suite_builds_and_runs_with_glibc() {
    let gcc = find_tool("gcc");
    let has_static_libc = Path::new("/usr/lib/x86_64-linux-gnu/libc.a").exists();
    let (Some(gcc), true) = (gcc, has_static_libc) else {
        println!("skipped: gcc or a static glibc (libc6-dev) not found");
        return;
    };
    let dir = TempDir::new("glibc");
    let binary = dir.0.join("lmbench");
    compile(&gcc, &binary);
    check_full_run(&binary);
}
