//! Compatibility with GNU cpio: it lists and extracts what we pack, and we read what it packs.
//! Skipped, with a message, where `/usr/bin/cpio` is not installed (Debian package `cpio`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use initrd::{Archive, Builder};

const CPIO: &str = "/usr/bin/cpio";

fn have_cpio() -> bool {
    if Path::new(CPIO).exists() {
        true
    } else {
        println!("skipped: {CPIO} not found (apt-get install cpio to run this test)");
        false
    }
}

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("initrd-{tag}-{}", std::process::id()));
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

fn run_with_stdin(command: &mut Command, stdin: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn cpio");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || pipe.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn gnu_cpio_lists_and_extracts_our_archive() {
    if !have_cpio() {
        return;
    }
    let big: Vec<u8> = (0..200_001u32).map(|i| (i % 253) as u8).collect();
    let bytes = Builder::new()
        .file("bin/tool", 0o755, big.clone())
        .symlink("bin/sh", "tool")
        .file("etc/hostname", 0o644, b"l4linux\n".to_vec())
        .file("etc/empty", 0o600, Vec::new())
        .dir("var/tmp", 0o1777)
        .finish();

    let listing = run_with_stdin(Command::new(CPIO).args(["-t", "--quiet"]), &bytes);
    let listing = String::from_utf8(listing).unwrap();
    let names: Vec<&str> = listing.lines().collect();
    assert_eq!(
        names,
        ["bin", "bin/tool", "bin/sh", "etc", "etc/hostname", "etc/empty", "var", "var/tmp"]
    );

    let dir = TempDir::new("extract");
    run_with_stdin(
        Command::new(CPIO).args(["-idm", "--quiet", "--no-absolute-filenames"]).current_dir(&dir.0),
        &bytes,
    );
    let root = &dir.0;
    assert_eq!(std::fs::read(root.join("bin/tool")).unwrap(), big);
    assert_eq!(std::fs::read(root.join("etc/hostname")).unwrap(), b"l4linux\n");
    assert_eq!(std::fs::read(root.join("etc/empty")).unwrap(), b"");
    assert_eq!(std::fs::read_link(root.join("bin/sh")).unwrap(), Path::new("tool"));
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &str| std::fs::metadata(root.join(path)).unwrap().permissions().mode();
    assert_eq!(mode("bin/tool") & 0o777, 0o755);
    assert_eq!(mode("etc/empty") & 0o777, 0o600);
    assert!(std::fs::metadata(root.join("var/tmp")).unwrap().is_dir());
}

#[test]
fn we_read_gnu_cpio_archive() {
    if !have_cpio() {
        return;
    }
    let dir = TempDir::new("source");
    let root = &dir.0;
    std::fs::create_dir_all(root.join("bin")).unwrap();
    std::fs::create_dir_all(root.join("etc")).unwrap();
    let big: Vec<u8> = (0..70_003u32).map(|i| (i * 13) as u8).collect();
    std::fs::write(root.join("bin/tool"), &big).unwrap();
    std::fs::write(root.join("etc/odd-name.txt"), b"x").unwrap();
    std::fs::write(root.join("etc/empty"), b"").unwrap();
    std::os::unix::fs::symlink("tool", root.join("bin/sh")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(root.join("bin/tool"), std::fs::Permissions::from_mode(0o755))
        .unwrap();

    let list = "bin\nbin/tool\nbin/sh\netc\netc/odd-name.txt\netc/empty\n";
    let bytes = run_with_stdin(
        Command::new(CPIO).args(["-o", "-H", "newc", "--quiet"]).current_dir(root),
        list.as_bytes(),
    );
    assert_eq!(bytes.len() % 512, 0, "GNU cpio pads to 512 bytes");

    let archive = Archive::new(&bytes);
    archive.validate().unwrap();
    let names: Vec<&str> = archive.entries().map(|entry| entry.unwrap().name).collect();
    assert_eq!(names, ["bin", "bin/tool", "bin/sh", "etc", "etc/odd-name.txt", "etc/empty"]);
    let tool = archive.find("/bin/tool").unwrap().unwrap();
    assert!(tool.is_file());
    assert_eq!(tool.permissions(), 0o755);
    assert_eq!(tool.data, &big[..]);
    assert_eq!(archive.find("bin/sh").unwrap().unwrap().symlink_target(), Some("tool"));
    assert!(archive.find("etc").unwrap().unwrap().is_dir());
    assert_eq!(archive.find("etc/empty").unwrap().unwrap().data, b"");
    assert_eq!(archive.find("etc/odd-name.txt").unwrap().unwrap().data, b"x");

    // The checksummed variant ("crc", magic 070702) reads the same.
    let crc = run_with_stdin(
        Command::new(CPIO).args(["-o", "-H", "crc", "--quiet"]).current_dir(root),
        list.as_bytes(),
    );
    assert_eq!(&crc[..6], b"070702");
    let archive = Archive::new(&crc);
    archive.validate().unwrap();
    assert_eq!(archive.find("bin/tool").unwrap().unwrap().data, &big[..]);
}
