//! The file tree at boot, as Linux's early userspace finds it: the root is a
//! tmpfs unpacked from the boot initrd (writable; files share the initrd's
//! bytes until written), `/dev` holds the device nodes and the `fd`, `stdin`,
//! `stdout`, `stderr` links into `/proc/self/fd`, `/tmp` is its own tmpfs
//! (mode 1777), and `/proc` is a proc mount whose contents the server makes
//! (`procfs.rs`). The rules of the file system calls live in
//! `linux_personality::vfs`; this file only builds the tree.

use alloc::boxed::Box;

use linux_personality::vfs::{At, Clock, Cred, Ctx, Vfs};
use microkernel_user as mk;
use syscall_translation::flags::MountFlags;
use syscall_translation::types::stat::{makedev, S_IFCHR};
use syscall_translation::types::Timespec;

/// Wall-clock time: the CMOS time at boot plus the TSC clock since.
pub struct SystemClock {
    pub boot_time: u64,
}

impl Clock for SystemClock {
    fn now(&self) -> Timespec {
        let ns = mk::clock_ns();
        Timespec {
            tv_sec: (self.boot_time + ns / 1_000_000_000) as i64,
            tv_nsec: (ns % 1_000_000_000) as i64,
        }
    }
}

/// Character devices of /dev: name, mode, major, minor (devices(7)).
const DEVICES: [(&str, u32, u32, u32); 8] = [
    ("null", 0o666, 1, 3),
    ("zero", 0o666, 1, 5),
    ("full", 0o666, 1, 7),
    ("random", 0o666, 1, 8),
    ("urandom", 0o666, 1, 9),
    ("tty", 0o666, 5, 0),
    ("console", 0o600, 5, 1),
    ("ttyS0", 0o660, 4, 64),
];

const LINKS: [(&str, &str); 4] = [
    ("fd", "/proc/self/fd"),
    ("stdin", "/proc/self/fd/0"),
    ("stdout", "/proc/self/fd/1"),
    ("stderr", "/proc/self/fd/2"),
];

/// The boot tree: the initrd unpacked into the root tmpfs, then /dev, /tmp
/// and /proc. What the initrd already has is kept (a node it brings is not
/// replaced).
pub fn build(ramdisk: &'static [u8], boot_time: u64) -> Vfs {
    let mut vfs = Vfs::new(Box::new(SystemClock { boot_time }));
    if let Err(e) = vfs.populate_from_cpio(ramdisk) {
        mk::println!("linux-server: initrd unpacked up to an error: {e:?}");
    }
    let mut fs = vfs.new_fs_context();
    fs.umask = 0;
    let cred = Cred::root();
    let cx = Ctx::new(&fs, &cred);
    for (dir, mode) in [("/dev", 0o755), ("/tmp", 0o1777), ("/proc", 0o555)] {
        let _ = vfs.mkdirat(&cx, At::Cwd, dir.as_bytes(), mode);
    }
    for (name, mode, major, minor) in DEVICES {
        let path = alloc::format!("/dev/{name}");
        let _ = vfs.mknodat(&cx, At::Cwd, path.as_bytes(), S_IFCHR | mode, makedev(major, minor));
    }
    for (name, target) in LINKS {
        let path = alloc::format!("/dev/{name}");
        let _ = vfs.symlinkat(&cx, target.as_bytes(), At::Cwd, path.as_bytes());
    }
    let nosuid = MountFlags::MS_NOSUID | MountFlags::MS_NODEV;
    // Programs the host packed under /tmp (`cargo xtask run -- /tmp/prog`)
    // would vanish under a fresh tmpfs: then /tmp stays the root's directory.
    let tmp = vfs.walk(&cx, At::Cwd, b"/tmp", true).ok().and_then(|r| r.target);
    let packed =
        tmp.and_then(|id| vfs.inode(id).ok()).and_then(|i| i.dir()).is_some_and(|d| !d.is_empty());
    if packed {
        if let Some(id) = tmp {
            let _ = vfs.chmod(&cx, id, 0o1777);
        }
        mk::println!("linux-server: /tmp holds packed files: not mounting a tmpfs over it");
    } else if let Err(e) = vfs.mount(&cx, b"/tmp", b"tmpfs", nosuid, b"mode=1777") {
        mk::println!("linux-server: mounting /tmp: {e}");
    }
    if let Err(e) = vfs.mount(&cx, b"/proc", b"proc", nosuid | MountFlags::MS_NOEXEC, b"") {
        mk::println!("linux-server: mounting /proc: {e}");
    }
    vfs
}
