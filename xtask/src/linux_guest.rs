//! The Linux guest of `cargo xtask bench`: Debian's own kernel, booted in QEMU
//! with the same machine settings as our system ([`qemu::machine_args`]) and
//! an initramfs whose `/init` is the program to measure.
//!
//! The kernel comes from Debian's archive with the ordinary client: `apt-get
//! download linux-image-amd64` (a metapackage), the package it depends on
//! (`linux-image-<version>-amd64`, read from the metapackage's `Depends`), and
//! `dpkg -x`. It is cached under `target/bench/linux/root/boot/` (the rest of
//! the package, its modules, is removed): nothing is fetched when an unpacked
//! `boot/vmlinuz-*` is there. The kernel needs no modules:
//! the 8250 serial console, initramfs unpacking and devtmpfs are built in.
//!
//! The guest's console is its first serial port, read from QEMU's stdout
//! (`-serial stdio`). `-no-reboot` with `panic=-1` makes any end of the guest
//! (power-off by init, a panic, init exiting) end QEMU.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::build::target_dir;
use crate::qemu;

/// Debian's metapackage that depends on the current kernel image package.
const METAPACKAGE: &str = "linux-image-amd64";

/// Where the kernel packages are downloaded and unpacked.
fn cache_dir() -> PathBuf {
    target_dir().join("bench").join("linux")
}

/// The real kernel package named in a `Depends` field such as
/// `linux-image-6.1.0-56-amd64 (= 6.1.192-2)`: the first package whose name
/// starts with `linux-image-` and is not the metapackage itself.
pub fn kernel_package_from_depends(depends: &str) -> Option<String> {
    depends
        .split([',', '|'])
        .filter_map(|alternative| alternative.split_whitespace().next())
        .map(|name| name.split(':').next().unwrap_or(name))
        .find(|name| name.starts_with("linux-image-") && *name != METAPACKAGE)
        .map(str::to_owned)
}

/// The unpacked kernel image under `root`, if there is one (`boot/vmlinuz-*`).
fn find_vmlinuz(root: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root.join("boot"))
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name().is_some_and(|name| name.to_string_lossy().starts_with("vmlinuz-"))
        })
        .collect();
    found.sort();
    found.pop()
}

fn run(command: &mut Command) -> Result<String, String> {
    let output = command.output().map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{command:?} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// `apt-get download PACKAGE` into `dir`; on failure, `apt-get update` once
/// and again. Returns the downloaded `.deb`.
fn apt_download(package: &str, dir: &Path) -> Result<PathBuf, String> {
    let download = || run(Command::new("apt-get").args(["download", package]).current_dir(dir));
    if let Err(first) = download() {
        eprintln!("xtask: apt-get download {package} failed ({first}); running apt-get update");
        run(Command::new("apt-get").args(["update", "-q"]))?;
        download()?;
    }
    let prefix = format!("{package}_");
    std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".deb")
        })
        .ok_or_else(|| format!("apt-get download {package} left no .deb in {}", dir.display()))
}

/// Debian's kernel image, downloaded and unpacked on first use.
pub fn kernel() -> Result<PathBuf, String> {
    let root = cache_dir().join("root");
    if let Some(vmlinuz) = find_vmlinuz(&root) {
        return Ok(vmlinuz);
    }
    let debs = cache_dir().join("debs");
    std::fs::create_dir_all(&debs).map_err(|e| format!("{}: {e}", debs.display()))?;
    eprintln!("xtask: fetching Debian's kernel (apt-get download {METAPACKAGE})");
    let meta = apt_download(METAPACKAGE, &debs)?;
    let depends = run(Command::new("dpkg-deb").arg("-f").arg(&meta).arg("Depends"))?;
    let package = kernel_package_from_depends(&depends)
        .ok_or_else(|| format!("{METAPACKAGE} depends on no kernel image: {depends:?}"))?;
    eprintln!("xtask: fetching {package}");
    let deb = apt_download(&package, &debs)?;
    std::fs::create_dir_all(&root).map_err(|e| format!("{}: {e}", root.display()))?;
    run(Command::new("dpkg").arg("-x").arg(&deb).arg(&root))?;
    let vmlinuz =
        find_vmlinuz(&root).ok_or_else(|| format!("{} holds no boot/vmlinuz-*", deb.display()))?;
    // Only boot/ is used: the modules (hundreds of MB) and the packages go.
    for unused in ["lib", "usr", "etc"] {
        let _ = std::fs::remove_dir_all(root.join(unused));
    }
    let _ = std::fs::remove_dir_all(&debs);
    Ok(vmlinuz)
}

/// The initramfs: `/init` is `program`, with Debian's busybox as `/bin/sh`
/// and `/bin/busybox`, the directories init mounts on and a `/dev/console`.
pub fn initramfs(program: &Path) -> Result<PathBuf, String> {
    let mut builder = initrd::Builder::new();
    builder
        .add_host_file("init", program)
        .map_err(|e| format!("cannot add {} to the initramfs: {e}", program.display()))?;
    builder
        .add_host_file("bin/busybox", Path::new("/bin/busybox"))
        .map_err(|e| format!("cannot add /bin/busybox to the initramfs: {e}"))?;
    builder
        .symlink("bin/sh", "busybox")
        .dir("dev", 0o755)
        .dir("proc", 0o555)
        .dir("tmp", 0o1777)
        .char_device("dev/console", 0o600, 5, 1)
        .char_device("dev/null", 0o666, 1, 3)
        .char_device("dev/zero", 0o666, 1, 5);
    let path = cache_dir().join("initramfs.cpio");
    std::fs::create_dir_all(cache_dir()).map_err(|e| e.to_string())?;
    std::fs::write(&path, builder.finish()).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// How a boot of the Linux guest ended.
pub struct GuestRun {
    /// Everything the guest wrote to its console.
    pub console: String,
    /// QEMU's exit status, or `None` if it was killed.
    pub status: Option<i32>,
    /// Why it was killed: no console output for `idle` or over `total`.
    pub killed: Option<String>,
    pub elapsed: Duration,
}

/// Boots `kernel` with `initramfs`, passing `init_args` to init, and waits for
/// QEMU to end; kills it after `idle` without console output or `total` in
/// all. `on_line` sees each complete console line as it arrives (progress).
pub fn boot(
    kernel: &Path,
    initramfs: &Path,
    init_args: &[String],
    idle: Duration,
    total: Duration,
    on_line: &mut dyn FnMut(&str),
) -> Result<GuestRun, String> {
    let mut append = String::from("console=ttyS0 loglevel=1 panic=-1");
    if !init_args.is_empty() {
        append.push_str(" -- ");
        append.push_str(&init_args.join(" "));
    }
    let mut qemu = Command::new("qemu-system-x86_64");
    qemu.args(qemu::machine_args())
        .arg("-kernel")
        .arg(kernel)
        .arg("-initrd")
        .arg(initramfs)
        .arg("-append")
        .arg(&append)
        .args(["-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = qemu.spawn().map_err(|e| format!("cannot start qemu-system-x86_64: {e}"))?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let (sender, receiver) = mpsc::channel::<Vec<u8>>();
    let reader = thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buffer) {
            if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut console = Vec::new();
    let mut shown = 0; // console bytes up to here were handed to on_line
    let mut last_output = Instant::now();
    let mut killed = None;
    let status = loop {
        while let Ok(bytes) = receiver.try_recv() {
            console.extend_from_slice(&bytes);
            last_output = Instant::now();
        }
        while let Some(end) = console[shown..].iter().position(|&b| b == b'\n') {
            on_line(String::from_utf8_lossy(&console[shown..shown + end]).trim_end());
            shown += end + 1;
        }
        match child.try_wait() {
            Ok(Some(status)) => break status.code(),
            Ok(None) => {}
            Err(e) => return Err(format!("waiting for qemu: {e}")),
        }
        let reason = if started.elapsed() > total {
            Some(format!("timed out after {} s", total.as_secs()))
        } else if last_output.elapsed() > idle {
            Some(format!("no output for {} s", idle.as_secs()))
        } else {
            None
        };
        if reason.is_some() {
            let _ = child.kill();
            let _ = child.wait();
            killed = reason;
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let _ = reader.join();
    while let Ok(bytes) = receiver.try_recv() {
        console.extend_from_slice(&bytes);
    }
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    if status.is_some_and(|code| code != 0) && !stderr.trim().is_empty() {
        return Err(format!("QEMU failed ({status:?}): {}", stderr.trim()));
    }
    Ok(GuestRun {
        console: String::from_utf8_lossy(&console).into_owned(),
        status,
        killed,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depends_names_the_kernel_package() {
        assert_eq!(
            kernel_package_from_depends("linux-image-6.1.0-56-amd64 (= 6.1.192-2)\n").as_deref(),
            Some("linux-image-6.1.0-56-amd64")
        );
        assert_eq!(
            kernel_package_from_depends(
                "initramfs-tools | linux-initramfs-tool, linux-image-6.12.9-amd64:amd64 (>= 6.12)"
            )
            .as_deref(),
            Some("linux-image-6.12.9-amd64")
        );
        assert_eq!(
            kernel_package_from_depends("linux-image-amd64, linux-image-6.1.0-9-amd64-unsigned")
                .as_deref(),
            Some("linux-image-6.1.0-9-amd64-unsigned")
        );
        assert_eq!(kernel_package_from_depends(""), None);
        assert_eq!(kernel_package_from_depends("kmod, linux-base (>= 4.3~)"), None);
    }
}
