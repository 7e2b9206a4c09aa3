//! The QEMU command line, built in one place, and the boot-and-watch loop.
//!
//! Channels: COM1 is the console (the program's stdin/stdout, QEMU's stdio);
//! COM2 carries the program's stderr and the debug console (port 0xe9) carries
//! the kernel and server log. COM2 and the log reach this process through unix
//! sockets, so they never mix with the console: COM2 is copied to our stderr,
//! the log to `target/qemu/kernel.log` (and to stderr with `--verbose`).

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::build::{self, target_dir, Kernel};
use crate::exit_codes;
use crate::Options;

/// How the guest ended.
#[derive(Debug)]
pub struct Outcome {
    /// QEMU's own exit status (None if killed by the timeout).
    pub status: Option<i32>,
    /// Every log line, with the time since QEMU started.
    pub log: Vec<(Duration, String)>,
    pub timed_out: bool,
    /// Console (COM1) and stderr (COM2) output, when captured.
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Outcome {
    pub fn device_value(&self) -> Option<u32> {
        let status = self.status?;
        if status & 1 == 1 {
            Some((status >> 1) as u32)
        } else {
            None
        }
    }

    pub fn panic_lines(&self) -> Vec<&str> {
        let start = self
            .log
            .iter()
            .position(|(_, l)| l.contains("KERNEL PANIC") || l.starts_with("EXCEPTION"));
        match start {
            Some(i) => self.log[i..].iter().map(|(_, l)| l.as_str()).collect(),
            None => vec![],
        }
    }
}

pub struct Boot<'a> {
    pub image: &'a Path,
    /// Give the guest our stdin (interactive runs) or nothing (tests).
    pub stdin: bool,
    pub verbose: bool,
    pub timeout: Option<Duration>,
    /// Where the console (COM1) and stderr (COM2) output go: ours, or captured.
    pub capture_console: bool,
    /// Bytes to type into the console instead of our stdin.
    pub input: Option<Vec<u8>>,
    /// A scripted session typed into the console after `input` (needs
    /// `capture_console`, whose output its `Expect` steps wait for).
    pub dialogue: &'static [Step],
}

/// One step of a scripted console session.
pub enum Step {
    /// Wait until the console output after the previous match contains this.
    Expect(&'static str),
    /// Wait this long (a command starting has no output to wait for).
    Pause(Duration),
    /// Type these bytes.
    Type(&'static [u8]),
}

/// How long an `Expect` step waits before the session is abandoned.
const EXPECT_TIMEOUT: Duration = Duration::from_secs(60);

/// Types `dialogue` into `to_guest`, waiting for the expected output in `output`.
fn converse(dialogue: &[Step], to_guest: &mut impl Write, output: &Mutex<Vec<u8>>) {
    let mut seen = 0;
    for step in dialogue {
        match step {
            Step::Expect(text) => {
                let started = Instant::now();
                loop {
                    let found = {
                        let output = output.lock().unwrap();
                        let rest = &output[seen.min(output.len())..];
                        rest.windows(text.len())
                            .position(|w| w == text.as_bytes())
                            .map(|at| seen + at + text.len())
                    };
                    if let Some(end) = found {
                        seen = end;
                        break;
                    }
                    if started.elapsed() > EXPECT_TIMEOUT {
                        return;
                    }
                    thread::sleep(Duration::from_millis(20));
                }
            }
            Step::Pause(time) => thread::sleep(*time),
            Step::Type(bytes) => {
                if to_guest.write_all(bytes).is_err() {
                    return;
                }
            }
        }
    }
}

/// The virtual machine every guest runs on, ours and the Linux guest of
/// `cargo xtask bench` alike, so that their figures compare. `tcg`: the KVM
/// here is a software layer on which real kernels fail (see DESIGN.md); TCG is
/// the accelerator everywhere.
pub const ACCEL: &str = "tcg";
pub const CPU: &str = "max";
pub const MEMORY: &str = "1G";
pub const VCPUS: &str = "1";
pub const MACHINE: &str = "pc";

/// QEMU's options for [`ACCEL`], [`CPU`], [`MEMORY`], [`VCPUS`] and
/// [`MACHINE`]: the one place both guests' machine settings come from.
pub fn machine_args() -> [&'static str; 10] {
    ["-accel", ACCEL, "-cpu", CPU, "-m", MEMORY, "-smp", VCPUS, "-machine", MACHINE]
}

/// The QEMU command line: [`machine_args`], the boot image as a virtio disk,
/// COM1 (console), COM2 (stderr) and the debug console (log) as unix sockets
/// this process listens on.
pub fn command(image: &Path, sockets: &Sockets) -> Command {
    let mut qemu = Command::new("qemu-system-x86_64");
    qemu.args(machine_args())
        .arg("-drive")
        .arg(format!("if=virtio,format=raw,file={}", image.display()))
        .args(["-display", "none", "-monitor", "none", "-no-reboot"])
        .args(["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"])
        .arg("-chardev")
        .arg(format!("socket,id=console,path={}", sockets.console.display()))
        .args(["-serial", "chardev:console"])
        .arg("-chardev")
        .arg(format!("socket,id=stderr,path={}", sockets.stderr.display()))
        .args(["-serial", "chardev:stderr"])
        .arg("-chardev")
        .arg(format!("socket,id=log,path={}", sockets.log.display()))
        .args(["-device", "isa-debugcon,iobase=0xe9,chardev=log"]);
    qemu
}

pub struct Sockets {
    pub console: PathBuf,
    pub stderr: PathBuf,
    pub log: PathBuf,
}

fn qemu_dir() -> PathBuf {
    target_dir().join("qemu")
}

/// Puts the terminal on our stdin into raw mode for an interactive run, and
/// restores it when dropped.
struct RawTerminal(bool);

impl RawTerminal {
    fn enter(wanted: bool) -> RawTerminal {
        let is_tty = wanted
            && Command::new("test")
                .arg("-t")
                .arg("0")
                .stdin(Stdio::inherit())
                .status()
                .is_ok_and(|s| s.success());
        if is_tty {
            let _ = Command::new("stty").args(["raw", "-echo"]).stdin(Stdio::inherit()).status();
        }
        RawTerminal(is_tty)
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        if self.0 {
            let _ = Command::new("stty").arg("sane").stdin(Stdio::inherit()).status();
        }
    }
}

/// Boots an image and waits for QEMU to end.
pub fn boot(config: &Boot) -> Result<Outcome, String> {
    let dir = qemu_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let unique =
        format!("{}-{}", std::process::id(), config.image.file_stem().unwrap().to_string_lossy());
    let sockets = Sockets {
        console: dir.join(format!("console-{unique}.sock")),
        stderr: dir.join(format!("stderr-{unique}.sock")),
        log: dir.join(format!("log-{unique}.sock")),
    };
    for path in [&sockets.console, &sockets.stderr, &sockets.log] {
        let _ = std::fs::remove_file(path);
    }
    let console_listener =
        UnixListener::bind(&sockets.console).map_err(|e| format!("console socket: {e}"))?;
    let log_listener = UnixListener::bind(&sockets.log).map_err(|e| format!("log socket: {e}"))?;
    let stderr_listener =
        UnixListener::bind(&sockets.stderr).map_err(|e| format!("stderr socket: {e}"))?;

    let mut qemu = command(config.image, &sockets);
    qemu.stdin(Stdio::null()).stdout(Stdio::null());
    if config.verbose {
        eprintln!("xtask: {qemu:?}");
    }
    let started = Instant::now();
    let mut child = qemu.spawn().map_err(|e| format!("cannot start qemu-system-x86_64: {e}"))?;
    let _raw = RawTerminal::enter(config.stdin);

    let log = Arc::new(Mutex::new(Vec::new()));
    // Set when the guest's console driver is ready for input (see the server's console.rs).
    let console_ready = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let log_thread = {
        let log = Arc::clone(&log);
        let ready = Arc::clone(&console_ready);
        let verbose = config.verbose;
        let log_file = dir.join("kernel.log");
        thread::spawn(move || {
            let Ok((stream, _)) = log_listener.accept() else { return };
            let mut file = std::fs::File::create(log_file).ok();
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                let at = started.elapsed();
                if verbose {
                    eprint!("[{:>8.3}] {line}\r\n", at.as_secs_f64());
                }
                if let Some(file) = file.as_mut() {
                    let _ = writeln!(file, "[{:>8.3}] {line}", at.as_secs_f64());
                }
                if line == "console ready" {
                    ready.store(true, std::sync::atomic::Ordering::SeqCst);
                }
                log.lock().unwrap().push((at, line));
            }
        })
    };
    let stderr_capture = Arc::new(Mutex::new(Vec::new()));
    let stderr_thread = {
        let capture = config.capture_console.then(|| Arc::clone(&stderr_capture));
        thread::spawn(move || {
            let Ok((mut stream, _)) = stderr_listener.accept() else { return };
            let mut buffer = [0u8; 4096];
            let mut stderr = std::io::stderr();
            while let Ok(n) = stream.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                match &capture {
                    Some(c) => c.lock().unwrap().extend_from_slice(&buffer[..n]),
                    None => {
                        let _ = stderr.write_all(&buffer[..n]);
                    }
                }
            }
        })
    };
    let console_capture = Arc::new(Mutex::new(Vec::new()));
    let console_thread = {
        let capture = config.capture_console.then(|| Arc::clone(&console_capture));
        let output = Arc::clone(&console_capture);
        let feed_stdin = config.stdin;
        let input = config.input.clone();
        let dialogue = config.dialogue;
        let ready = Arc::clone(&console_ready);
        thread::spawn(move || {
            let Ok((stream, _)) = console_listener.accept() else { return };
            // Host stdin (or the given input) to the guest, then ^D: end of file
            // on a terminal.
            if let Ok(mut to_guest) = stream.try_clone() {
                thread::spawn(move || {
                    // Input waits for the guest's console driver (at most 60 s).
                    let waited = Instant::now();
                    while !ready.load(std::sync::atomic::Ordering::SeqCst)
                        && waited.elapsed() < Duration::from_secs(60)
                    {
                        thread::sleep(Duration::from_millis(5));
                    }
                    if let Some(bytes) = input {
                        let _ = to_guest.write_all(&bytes);
                        converse(dialogue, &mut to_guest, &output);
                    } else if feed_stdin {
                        let mut buffer = [0u8; 4096];
                        let mut stdin = std::io::stdin();
                        while let Ok(n) = stdin.read(&mut buffer) {
                            if n == 0 || to_guest.write_all(&buffer[..n]).is_err() {
                                break;
                            }
                        }
                    }
                    let _ = to_guest.write_all(&[4]);
                });
            }
            let mut from_guest = stream;
            let mut buffer = [0u8; 4096];
            let mut stdout = std::io::stdout();
            while let Ok(n) = from_guest.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                match &capture {
                    Some(c) => c.lock().unwrap().extend_from_slice(&buffer[..n]),
                    None => {
                        let _ = stdout.write_all(&buffer[..n]);
                        let _ = stdout.flush();
                    }
                }
            }
        })
    };

    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code(),
            Ok(None) => {}
            Err(e) => return Err(format!("waiting for qemu: {e}")),
        }
        if let Some(limit) = config.timeout {
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                timed_out = true;
                break None;
            }
        }
        thread::sleep(Duration::from_millis(10));
    };
    // If QEMU never connected (it failed to start), unblock the accepts.
    for path in [&sockets.console, &sockets.stderr, &sockets.log] {
        let _ = std::os::unix::net::UnixStream::connect(path);
    }
    let _ = log_thread.join();
    let _ = stderr_thread.join();
    let _ = console_thread.join();
    for path in [&sockets.console, &sockets.stderr, &sockets.log] {
        let _ = std::fs::remove_file(path);
    }
    let log = std::mem::take(&mut *log.lock().unwrap());
    let stdout = std::mem::take(&mut *console_capture.lock().unwrap());
    let stderr = std::mem::take(&mut *stderr_capture.lock().unwrap());
    Ok(Outcome { status, log, timed_out, stdout, stderr })
}

/// What the guest program reported at its end (from the log).
pub fn program_status(outcome: &Outcome) -> Option<u8> {
    for (_, line) in outcome.log.iter().rev() {
        if let Some(n) = line.strip_prefix("exit status ") {
            return n.trim().parse().ok();
        }
        if let Some(n) = line.strip_prefix("exit signal ") {
            return n.trim().parse::<u8>().ok().map(|s| 128 + s);
        }
    }
    None
}

/// `cargo xtask run`: boot the system with the Linux personality server, run
/// PROGRAM (or an interactive shell) and return its exit status.
pub fn run(options: &Options) -> Result<u8, String> {
    let spec = build::linux_initrd(options)?;
    // An image of its own per run, so that runs (and test tiers) can overlap.
    let kernel = Kernel::normal(options.release);
    let kernel_elf = build::kernel(&kernel)?;
    let image =
        build::image_with_kernel(&kernel_elf, &spec, &format!("run-{}", std::process::id()))?;
    let outcome = boot(&Boot {
        image: &image,
        stdin: true,
        verbose: options.verbose,
        timeout: None,
        capture_console: false,
        input: None,
        dialogue: &[],
    })?;
    let _ = std::fs::remove_file(&image);
    let _ = std::fs::remove_file(image.with_file_name(format!("run-{}.cpio", std::process::id())));
    if options.verbose {
        match outcome.log.first() {
            Some((at, _)) => eprintln!(
                "xtask: boot time, QEMU start to the kernel's first line: {:.2} s",
                at.as_secs_f64()
            ),
            None => eprintln!("xtask: the kernel printed nothing"),
        }
    }
    finish(&outcome)
}

/// The exit status of a run: the program's, or an error for a crash of the system.
pub fn finish(outcome: &Outcome) -> Result<u8, String> {
    match outcome.device_value() {
        Some(exit_codes::POWER_OFF) => program_status(outcome)
            .ok_or_else(|| "the system powered off without an exit status".to_string()),
        Some(exit_codes::PANIC) => {
            for line in outcome.panic_lines() {
                eprintln!("{line}");
            }
            Err("the kernel or server panicked (full log in target/qemu/kernel.log)".into())
        }
        Some(exit_codes::HALTED) => {
            eprintln!("xtask: the kernel booted and halted (no root task)");
            Ok(0)
        }
        other => {
            for (_, line) in outcome.log.iter().rev().take(20).rev() {
                eprintln!("{line}");
            }
            Err(format!(
                "QEMU ended unexpectedly: status {:?}, device value {other:?}",
                outcome.status
            ))
        }
    }
}
