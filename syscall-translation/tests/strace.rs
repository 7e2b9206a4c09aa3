//! strace formatting: lines for common calls with a fake memory, errors, unfinished calls,
//! unknown and undecodable calls.

use std::collections::BTreeMap;

use syscall_translation::strace::{format_syscall, NoMemory, UserMemoryReader};
use syscall_translation::{Errno, SyscallArgs, SyscallResult, Sysno, UserAddr};

/// A sparse fake address space.
#[derive(Default)]
struct Memory(BTreeMap<u64, u8>);

impl Memory {
    fn put(mut self, addr: u64, bytes: &[u8]) -> Self {
        for (index, byte) in bytes.iter().enumerate() {
            self.0.insert(addr + index as u64, *byte);
        }
        self
    }
}

impl UserMemoryReader for Memory {
    fn read_bytes(&self, addr: UserAddr, buf: &mut [u8]) -> bool {
        for (index, byte) in buf.iter_mut().enumerate() {
            match self.0.get(&(addr.0 + index as u64)) {
                Some(value) => *byte = *value,
                None => return false,
            }
        }
        true
    }
}

fn line(
    memory: &dyn UserMemoryReader,
    sysno: Sysno,
    args: &[u64],
    result: Option<SyscallResult>,
) -> String {
    let mut out = String::new();
    format_syscall(&mut out, &SyscallArgs::new(sysno, args), memory, result).unwrap();
    out
}

const AT_FDCWD: u64 = -100i64 as u64;

#[test]
fn openat_and_errors() {
    let memory = Memory::default().put(0x1000, b"/etc/passwd\0").put(0x2000, b"/nope\0");
    assert_eq!(
        line(&memory, Sysno::openat, &[AT_FDCWD, 0x1000, 0o2000000, 0], Some(Ok(3))),
        r#"openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3"#
    );
    assert_eq!(
        line(&memory, Sysno::openat, &[AT_FDCWD, 0x2000, 0, 0], Some(Err(Errno::ENOENT))),
        r#"openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory)"#
    );
    assert_eq!(
        line(&memory, Sysno::openat, &[3, 0x2000, 0o1101, 0o644], Some(Ok(4))),
        r#"openat(3, "/nope", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4"#
    );
    assert_eq!(
        line(&NoMemory, Sysno::open, &[0x1000, 2, 0], Some(Err(Errno::EFAULT))),
        "open(0x1000, O_RDWR) = -1 EFAULT (Bad address)"
    );
}

#[test]
fn buffers() {
    let memory = Memory::default()
        .put(0x3000, b"hello\n")
        .put(0x4000, b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0 the rest of it...");
    assert_eq!(
        line(&memory, Sysno::write, &[1, 0x3000, 6], Some(Ok(6))),
        r#"write(1, "hello\n", 6) = 6"#
    );
    assert_eq!(
        line(&memory, Sysno::read, &[3, 0x4000, 832], Some(Ok(40))),
        r#"read(3, "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0 the res"..., 832) = 40"#
    );
    assert_eq!(
        line(&memory, Sysno::read, &[0, 0x4000, 10], Some(Err(Errno::EAGAIN))),
        "read(0, 0x4000, 10) = -1 EAGAIN (Resource temporarily unavailable)"
    );
    assert_eq!(line(&memory, Sysno::read, &[0, 0x4000, 10], None), "read(0, 0x4000, 10) = ?");
}

#[test]
fn execve_and_exit() {
    let mut argv = Vec::new();
    for ptr in [0x5100u64, 0x5200, 0] {
        argv.extend_from_slice(&ptr.to_le_bytes());
    }
    let memory = Memory::default()
        .put(0x5000, b"/bin/ls\0")
        .put(0x5100, b"ls\0")
        .put(0x5200, b"-l\0")
        .put(0x6000, &argv);
    assert_eq!(
        line(&memory, Sysno::execve, &[0x5000, 0x6000, 0x7000], Some(Ok(0))),
        r#"execve("/bin/ls", ["ls", "-l"], 0x7000) = 0"#
    );
    assert_eq!(line(&NoMemory, Sysno::exit_group, &[0], None), "exit_group(0) = ?");
}

#[test]
fn flags_and_enums() {
    assert_eq!(
        line(
            &NoMemory,
            Sysno::mmap,
            &[0, 8192, 3, 0x22, -1i64 as u64, 0],
            Some(Ok(0x7f00_0000_0000))
        ),
        "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000"
    );
    assert_eq!(
        line(&NoMemory, Sysno::mprotect, &[0x1000, 4096, 0], Some(Ok(0))),
        "mprotect(0x1000, 4096, PROT_NONE) = 0"
    );
    assert_eq!(line(&NoMemory, Sysno::brk, &[0], Some(Ok(0x55_0000))), "brk(NULL) = 0x550000");
    assert_eq!(
        line(&NoMemory, Sysno::rt_sigprocmask, &[2, 0x10, 0, 8], Some(Ok(0))),
        "rt_sigprocmask(SIG_SETMASK, 0x10, NULL, 8) = 0"
    );
    assert_eq!(
        line(&NoMemory, Sysno::rt_sigaction, &[2, 0x10, 0x20, 8], Some(Ok(0))),
        "rt_sigaction(SIGINT, 0x10, 0x20, 8) = 0"
    );
    assert_eq!(line(&NoMemory, Sysno::kill, &[5, 15], Some(Ok(0))), "kill(5, SIGTERM) = 0");
    assert_eq!(line(&NoMemory, Sysno::kill, &[5, 40], Some(Ok(0))), "kill(5, SIGRT_8) = 0");
    assert_eq!(
        line(&NoMemory, Sysno::clone, &[0x0120_0011, 0, 0, 0x10, 0], Some(Ok(42))),
        "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, \
         parent_tid=NULL, child_tid=0x10, tls=0x0) = 42"
    );
    assert_eq!(
        line(&NoMemory, Sysno::fcntl, &[3, 1030, 10], Some(Ok(10))),
        "fcntl(3, F_DUPFD_CLOEXEC, 10) = 10"
    );
    assert_eq!(
        line(&NoMemory, Sysno::ioctl, &[1, 0x5413, 0x10], Some(Err(Errno::ENOTTY))),
        "ioctl(1, TIOCGWINSZ, 0x10) = -1 ENOTTY (Inappropriate ioctl for device)"
    );
    assert_eq!(
        line(&NoMemory, Sysno::futex, &[0x10, 0x81, 1, 0, 0, 0], Some(Ok(0))),
        "futex(0x10, FUTEX_WAKE_PRIVATE, 1) = 0"
    );
    assert_eq!(
        line(&NoMemory, Sysno::arch_prctl, &[0x1002, 0x7000], Some(Ok(0))),
        "arch_prctl(ARCH_SET_FS, 0x7000) = 0"
    );
    assert_eq!(
        line(&NoMemory, Sysno::wait4, &[-1i64 as u64, 0x10, 1, 0], Some(Ok(0))),
        "wait4(-1, 0x10, WNOHANG, NULL) = 0"
    );
    assert_eq!(
        line(&NoMemory, Sysno::lseek, &[3, 0, 2], Some(Ok(100))),
        "lseek(3, 0, SEEK_END) = 100"
    );
    assert_eq!(
        line(&NoMemory, Sysno::unlinkat, &[AT_FDCWD, 0, 0x200], Some(Ok(0))),
        "unlinkat(AT_FDCWD, NULL, AT_REMOVEDIR) = 0"
    );
    assert_eq!(
        line(&NoMemory, Sysno::openat, &[AT_FDCWD, 0, 0x8000_0000, 0], Some(Ok(3))),
        "openat(AT_FDCWD, NULL, O_RDONLY|0x80000000) = 3"
    );
    assert_eq!(line(&NoMemory, Sysno::getpid, &[], Some(Ok(1))), "getpid() = 1");
}

#[test]
fn unknown_raw_and_undecodable() {
    let mut out = String::new();
    format_syscall(
        &mut out,
        &SyscallArgs { nr: 500, args: [1, 2, 3, 4, 5, 6] },
        &NoMemory,
        Some(Err(Errno::ENOSYS)),
    )
    .unwrap();
    assert_eq!(
        out,
        "syscall_0x1f4(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)"
    );
    assert_eq!(
        line(&NoMemory, Sysno::io_uring_setup, &[8, 0x10], Some(Err(Errno::ENOSYS))),
        "io_uring_setup(0x8, 0x10) = -1 ENOSYS (Function not implemented)"
    );
    // dup3 with equal descriptors does not decode; the raw registers are shown.
    assert_eq!(
        line(&NoMemory, Sysno::dup3, &[3, 3, 0], Some(Err(Errno::EINVAL))),
        "dup3(0x3, 0x3, 0x0) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        line(&NoMemory, Sysno::pause, &[], Some(Err(Errno::ERESTARTNOHAND))),
        "pause() = ? ERESTARTNOHAND (To be restarted if no handler)"
    );
}
