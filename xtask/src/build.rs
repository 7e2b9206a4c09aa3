//! Building the pieces: the kernel ELF (`cargo build --target
//! x86_64-unknown-none`), the initrd (a cpio archive) and the BIOS boot image
//! (`bootloader` =0.11.15, with the initrd as its ramdisk).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Options;

pub const BARE_METAL_TARGET: &str = "x86_64-unknown-none";

/// Which kernel to build: the normal one, or the in-QEMU test tier with
/// optional extra features.
pub struct Kernel {
    pub release: bool,
    pub features: Vec<&'static str>,
    /// Name of the build flavour, used for the image file name.
    pub flavour: &'static str,
}

impl Kernel {
    pub fn normal(release: bool) -> Kernel {
        Kernel { release, features: vec![], flavour: "kernel" }
    }

    pub fn tests() -> Kernel {
        Kernel { release: false, features: vec!["ktest"], flavour: "ktest" }
    }

    pub fn tests_with_broken_one() -> Kernel {
        Kernel { release: false, features: vec!["ktest", "ktest-broken"], flavour: "ktest-broken" }
    }

    pub fn bench() -> Kernel {
        Kernel { release: true, features: vec![], flavour: "bench" }
    }
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is in the workspace").to_path_buf()
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// Runs cargo with build noise on stderr, never on stdout.
pub fn cargo(args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args(args)
        .current_dir(workspace_root())
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed: {status}", args.join(" ")))
    }
}

/// Builds a kernel ELF. Each flavour has its own target directory so that
/// switching between them does not rebuild everything.
pub fn kernel(kernel: &Kernel) -> Result<PathBuf, String> {
    let dir = target_dir().join(kernel.flavour);
    let dir_str = dir.to_str().ok_or("target directory is not UTF-8")?.to_string();
    let features = kernel.features.join(",");
    let mut args = vec![
        "build",
        "--quiet",
        "--package",
        "microkernel",
        "--target",
        BARE_METAL_TARGET,
        "--target-dir",
        &dir_str,
    ];
    if !features.is_empty() {
        args.extend(["--features", &features]);
    }
    if kernel.release {
        args.push("--release");
    }
    eprintln!(
        "xtask: building {} ({})",
        kernel.flavour,
        if kernel.release { "release" } else { "dev" }
    );
    cargo(&args)?;
    let profile = if kernel.release { "release" } else { "debug" };
    Ok(dir.join(BARE_METAL_TARGET).join(profile).join("microkernel"))
}

/// Builds a native user program (a root task) for the bare-metal target.
/// Where `user_program` puts a package's ELF.
pub fn user_program_path(package: &str, release: bool) -> PathBuf {
    let profile = if release { "release" } else { "debug" };
    target_dir().join("user").join(BARE_METAL_TARGET).join(profile).join(package)
}

pub fn user_program(package: &str, release: bool) -> Result<PathBuf, String> {
    let dir = target_dir().join("user");
    let dir_str = dir.to_str().ok_or("target directory is not UTF-8")?.to_string();
    let mut args = vec![
        "build",
        "--quiet",
        "--package",
        package,
        "--target",
        BARE_METAL_TARGET,
        "--target-dir",
        &dir_str,
    ];
    if release {
        args.push("--release");
    }
    eprintln!("xtask: building {package} ({})", if release { "release" } else { "dev" });
    cargo(&args)?;
    let profile = if release { "release" } else { "debug" };
    Ok(dir.join(BARE_METAL_TARGET).join(profile).join(package))
}

/// What goes into the boot ramdisk besides busybox.
#[derive(Default)]
pub struct InitrdSpec {
    /// The root task's ELF, packed as `boot/root-task`.
    pub root_task: Option<PathBuf>,
    /// Contents of `boot/mode` (read by the test root task).
    pub mode: Option<&'static str>,
    /// Leave busybox out (the kernel test images do not need it).
    pub without_busybox: bool,
    /// Files made here: (archive path, contents).
    pub files: Vec<(String, Vec<u8>)>,
    /// Host files: (archive path, host path).
    pub host_files: Vec<(String, PathBuf)>,
}

/// The environment of the first Linux program (also used for native runs that
/// the test tier compares against).
pub const GUEST_ENV: &[&str] = &["PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=linux"];

/// The ramdisk of a Linux run: the server as root task, busybox with its applet
/// links, and the program (a host file is packed at its own absolute path, and
/// the program starts in the host's current directory, so that argv[0],
/// /proc/self/exe and relative paths read as they do natively).
pub fn linux_initrd(options: &Options) -> Result<InitrdSpec, String> {
    let server = user_program("linux-server", options.release)?;
    // The console is the host's terminal when both our stdin and stdout are one.
    let tty = ["0", "1"].iter().all(|fd| {
        std::process::Command::new("test").args(["-t", fd]).status().is_ok_and(|s| s.success())
    });
    let mut spec = linux_initrd_for(&options.program, server, options.strace, tty)?;
    if options.colocated {
        spec.files.push(("boot/colocated".into(), b"1".to_vec()));
    }
    Ok(spec)
}

/// As [`linux_initrd`], with the server already built.
pub fn linux_initrd_for(
    program: &[String],
    server: PathBuf,
    strace: bool,
    tty: bool,
) -> Result<InitrdSpec, String> {
    let mut spec = InitrdSpec { root_task: Some(server), ..Default::default() };
    let argv: Vec<String> =
        if program.is_empty() { vec!["/bin/sh".into()] } else { program.to_vec() };
    let host = Path::new(&argv[0]);
    if host.is_file() {
        let absolute = std::fs::canonicalize(host).map_err(|e| format!("{}: {e}", argv[0]))?;
        let inside = absolute.to_string_lossy().trim_start_matches('/').to_string();
        spec.host_files.push((inside, absolute));
    } else if !argv[0].starts_with('/') {
        return Err(format!(
            "{}: no such host file (paths inside the system must be absolute)",
            argv[0]
        ));
    }
    // Arguments naming host files (a script, an input) are packed too, at their
    // absolute paths, so that `run -- /bin/busybox sh script.sh` sees them.
    for arg in argv.iter().skip(1) {
        let path = Path::new(arg);
        if path.is_file() {
            if let Ok(absolute) = std::fs::canonicalize(path) {
                let inside = absolute.to_string_lossy().trim_start_matches('/').to_string();
                if !spec.host_files.iter().any(|(i, _)| *i == inside) {
                    spec.host_files.push((inside, absolute));
                }
            }
        }
    }
    let mut cmdline = Vec::new();
    for arg in &argv {
        cmdline.extend_from_slice(arg.as_bytes());
        cmdline.push(0);
    }
    spec.files.push(("boot/cmdline".into(), cmdline));
    let mut env = Vec::new();
    for var in GUEST_ENV {
        env.extend_from_slice(var.as_bytes());
        env.push(0);
    }
    spec.files.push(("boot/env".into(), env));
    let cwd = std::env::current_dir().map_err(|e| format!("current directory: {e}"))?;
    spec.files.push(("boot/cwd".into(), cwd.to_string_lossy().into_owned().into_bytes()));
    if strace {
        spec.files.push(("boot/strace".into(), b"1".to_vec()));
    }
    if tty {
        spec.files.push(("boot/tty".into(), b"1".to_vec()));
    }
    Ok(spec)
}

/// Busybox's applet names, from the host's busybox.
fn busybox_applets() -> Vec<String> {
    let out = std::process::Command::new("/bin/busybox").arg("--list").output();
    match out {
        Ok(out) => String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect(),
        Err(_) => vec![],
    }
}

/// The initrd: Debian's busybox-static as /bin/busybox, the root task, and the
/// program to run.
pub fn initrd(_options: &Options, spec: &InitrdSpec, name: &str) -> Result<PathBuf, String> {
    let mut builder = initrd::Builder::new();
    builder.dir("bin", 0o755).dir("tmp", 0o1777).dir("etc", 0o755).dir("boot", 0o755);
    if !spec.without_busybox {
        builder
            .add_host_file("bin/busybox", Path::new("/bin/busybox"))
            .map_err(|e| format!("cannot add /bin/busybox to the initrd: {e}"))?;
        builder.symlink("bin/sh", "busybox");
        for applet in busybox_applets() {
            if applet != "busybox" && applet != "sh" && !applet.contains('/') {
                builder.symlink(&format!("bin/{applet}"), "busybox");
            }
        }
        // The users and groups every Linux system has, so that ps, ls -l
        // and id name root as on Linux.
        builder.file(
            "etc/passwd",
            0o644,
            b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
                .to_vec(),
        );
        builder.file("etc/group", 0o644, b"root:x:0:\nnogroup:x:65534:\n".to_vec());
    }
    for (inside, host) in &spec.host_files {
        builder
            .add_host_file(inside, host)
            .map_err(|e| format!("cannot add {} to the initrd: {e}", host.display()))?;
    }
    for (inside, bytes) in &spec.files {
        builder.file(inside, 0o644, bytes.clone());
    }
    if let Some(root) = &spec.root_task {
        builder
            .add_host_file("boot/root-task", root)
            .map_err(|e| format!("cannot add {} to the initrd: {e}", root.display()))?;
    }
    if let Some(mode) = spec.mode {
        builder.file("boot/mode", 0o644, mode.as_bytes().to_vec());
    }
    let path = target_dir().join(format!("{name}.cpio"));
    std::fs::write(&path, builder.finish()).map_err(|e| format!("cannot write initrd: {e}"))?;
    Ok(path)
}

/// Where `kernel` puts a flavour's ELF (built or not).
pub fn kernel_path(kernel: &Kernel) -> PathBuf {
    let profile = if kernel.release { "release" } else { "debug" };
    target_dir().join(kernel.flavour).join(BARE_METAL_TARGET).join(profile).join("microkernel")
}

/// Writes a boot image from an already built kernel and a ramdisk spec.
pub fn image_with_kernel(
    kernel_elf: &Path,
    spec: &InitrdSpec,
    name: &str,
) -> Result<PathBuf, String> {
    let ramdisk = initrd(&Options::default(), spec, name)?;
    let image = target_dir().join(format!("{name}-bios.img"));
    let mut boot = bootloader::BiosBoot::new(kernel_elf);
    boot.set_ramdisk(&ramdisk);
    let mut config = bootloader::BootConfig::default();
    config.serial_logging = false;
    config.frame_buffer_logging = false;
    boot.set_boot_config(&config);
    boot.create_disk_image(&image).map_err(|e| format!("cannot create boot image: {e:#}"))?;
    Ok(image)
}

/// Builds the kernel and initrd and writes a BIOS disk image; returns its path.
pub fn image(
    kernel_kind: &Kernel,
    options: &Options,
    spec: &InitrdSpec,
) -> Result<PathBuf, String> {
    let kernel_elf = kernel(kernel_kind)?;
    let ramdisk = initrd(options, spec, kernel_kind.flavour)?;
    let image = target_dir().join(format!("{}-bios.img", kernel_kind.flavour));
    let mut boot = bootloader::BiosBoot::new(&kernel_elf);
    boot.set_ramdisk(&ramdisk);
    // The bootloader must not write to COM1: that is the Linux program's console.
    let mut config = bootloader::BootConfig::default();
    config.serial_logging = false;
    config.frame_buffer_logging = false;
    boot.set_boot_config(&config);
    boot.create_disk_image(&image).map_err(|e| format!("cannot create boot image: {e:#}"))?;
    Ok(image)
}
