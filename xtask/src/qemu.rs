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
    /// Where the console (COM1) output goes: inherited stdout, or captured.
    pub capture_console: bool,
}

/// The QEMU command line. `-accel tcg`: the KVM here is a software layer on
/// which real kernels fail (see DESIGN.md); TCG is the accelerator everywhere.
pub fn command(image: &Path, log_socket: &Path, stderr_socket: &Path) -> Command {
    let mut qemu = Command::new("qemu-system-x86_64");
    qemu.args(["-accel", "tcg", "-cpu", "max", "-m", "512M", "-smp", "1"])
        .args(["-machine", "pc"])
        .arg("-drive")
        .arg(format!("if=virtio,format=raw,file={}", image.display()))
        .args(["-display", "none", "-monitor", "none", "-no-reboot"])
        .args(["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"])
        .args(["-serial", "stdio"])
        .arg("-chardev")
        .arg(format!("socket,id=stderr,path={}", stderr_socket.display()))
        .args(["-serial", "chardev:stderr"])
        .arg("-chardev")
        .arg(format!("socket,id=log,path={}", log_socket.display()))
        .args(["-device", "isa-debugcon,iobase=0xe9,chardev=log"]);
    qemu
}

fn qemu_dir() -> PathBuf {
    target_dir().join("qemu")
}

/// Boots an image and waits for QEMU to end.
pub fn boot(config: &Boot) -> Result<Outcome, String> {
    let dir = qemu_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let unique =
        format!("{}-{}", std::process::id(), config.image.file_stem().unwrap().to_string_lossy());
    let log_socket = dir.join(format!("log-{unique}.sock"));
    let stderr_socket = dir.join(format!("stderr-{unique}.sock"));
    let _ = std::fs::remove_file(&log_socket);
    let _ = std::fs::remove_file(&stderr_socket);
    let log_listener = UnixListener::bind(&log_socket).map_err(|e| format!("log socket: {e}"))?;
    let stderr_listener =
        UnixListener::bind(&stderr_socket).map_err(|e| format!("stderr socket: {e}"))?;

    let mut qemu = command(config.image, &log_socket, &stderr_socket);
    qemu.stdin(if config.stdin { Stdio::inherit() } else { Stdio::null() });
    qemu.stdout(if config.capture_console { Stdio::piped() } else { Stdio::inherit() });
    if config.verbose {
        eprintln!("xtask: {qemu:?}");
    }
    let started = Instant::now();
    let mut child = qemu.spawn().map_err(|e| format!("cannot start qemu-system-x86_64: {e}"))?;

    let log = Arc::new(Mutex::new(Vec::new()));
    let log_thread = {
        let log = Arc::clone(&log);
        let verbose = config.verbose;
        let log_file = dir.join("kernel.log");
        thread::spawn(move || {
            let Ok((stream, _)) = log_listener.accept() else { return };
            let mut file = std::fs::File::create(log_file).ok();
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                let at = started.elapsed();
                if verbose {
                    eprintln!("[{:>8.3}] {line}", at.as_secs_f64());
                }
                if let Some(file) = file.as_mut() {
                    let _ = writeln!(file, "[{:>8.3}] {line}", at.as_secs_f64());
                }
                log.lock().unwrap().push((at, line));
            }
        })
    };
    let stderr_thread = thread::spawn(move || {
        let Ok((mut stream, _)) = stderr_listener.accept() else { return };
        let mut buffer = [0u8; 4096];
        let mut stderr = std::io::stderr();
        while let Ok(n) = stream.read(&mut buffer) {
            if n == 0 {
                break;
            }
            let _ = stderr.write_all(&buffer[..n]);
        }
    });
    let console = child.stdout.take().map(|mut out| {
        thread::spawn(move || {
            let mut text = Vec::new();
            let _ = out.read_to_end(&mut text);
            text
        })
    });

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
        thread::sleep(Duration::from_millis(20));
    };
    // QEMU has exited, so both sockets are closed; if it never connected
    // (failed to start), unblock the accepts by connecting ourselves.
    let _ = std::os::unix::net::UnixStream::connect(&log_socket);
    let _ = std::os::unix::net::UnixStream::connect(&stderr_socket);
    let _ = log_thread.join();
    let _ = stderr_thread.join();
    if let Some(console) = console {
        let text = console.join().unwrap_or_default();
        std::io::stdout().write_all(&text).ok();
    }
    let _ = std::fs::remove_file(&log_socket);
    let _ = std::fs::remove_file(&stderr_socket);
    let log = std::mem::take(&mut *log.lock().unwrap());
    Ok(Outcome { status, log, timed_out })
}

/// `cargo xtask run`: boot the system and return the guest's exit status.
pub fn run(options: &Options) -> Result<u8, String> {
    let image = build::image(&Kernel::normal(options.release), options, &Default::default())?;
    let outcome = boot(&Boot {
        image: &image,
        stdin: true,
        verbose: options.verbose,
        timeout: None,
        capture_console: false,
    })?;
    if options.verbose {
        match outcome.log.first() {
            Some((at, _)) => eprintln!(
                "xtask: boot time, QEMU start to the kernel's first line: {:.2} s",
                at.as_secs_f64()
            ),
            None => eprintln!("xtask: the kernel printed nothing"),
        }
    }
    match outcome.device_value() {
        Some(exit_codes::HALTED) => {
            if options.program.is_empty() {
                Ok(0)
            } else {
                eprintln!(
                    "xtask: the kernel booted and halted; running Linux programs ({}) \
                     arrives with the personality server (issue 5)",
                    options.program.join(" ")
                );
                Ok(69)
            }
        }
        Some(exit_codes::PANIC) => {
            for line in outcome.panic_lines() {
                eprintln!("{line}");
            }
            Err("the kernel panicked (full log in target/qemu/kernel.log)".into())
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
