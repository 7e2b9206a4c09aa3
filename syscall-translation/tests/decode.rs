//! Decoding tests: every typed call decodes from a representative frame into the expected
//! variant and fields (the last test checks that each entry of `decode::TYPED` was exercised),
//! and the argument errors Linux reports are reported.

use std::cell::RefCell;
use std::collections::BTreeSet;

use syscall_translation::arch_prctl::{ArchPrctl, ARCH_GET_FS, ARCH_SET_FS};
use syscall_translation::decode::{FcntlCmd, Mode, WaitTarget, TYPED};
use syscall_translation::flags::*;
use syscall_translation::ioctl::{IoctlRequest, TermiosWhen, TCGETS, TCSETSW, TIOCGWINSZ};
use syscall_translation::reboot::RebootCmd;
use syscall_translation::types::*;
use syscall_translation::Sysno::{self, *};
use syscall_translation::{
    decode, DirFd, Errno, Fd, Syscall, SyscallArgs, UserAddr, UserCStr, UserPtr, UserSlice,
};

thread_local! {
    static SEEN: RefCell<BTreeSet<Sysno>> = const { RefCell::new(BTreeSet::new()) };
}

fn ok(sysno: Sysno, args: &[u64]) -> Syscall {
    SEEN.with(|seen| seen.borrow_mut().insert(sysno));
    let call = decode(&SyscallArgs::new(sysno, args))
        .unwrap_or_else(|e| panic!("{sysno} {args:x?} failed with {e:?}"));
    assert_eq!(call.sysno(), Some(sysno));
    assert!(!matches!(call, Syscall::Raw { .. }), "{sysno} decoded untyped");
    call
}

fn err(sysno: Sysno, args: &[u64]) -> Errno {
    decode(&SyscallArgs::new(sysno, args)).expect_err("decode should fail")
}

const fn neg(value: i64) -> u64 {
    value as u64
}

fn ptr<T>(addr: u64) -> UserPtr<T> {
    UserPtr::new(UserAddr(addr))
}

const AT_FDCWD: u64 = neg(-100);

#[test]
fn unknown_and_raw() {
    let args = [1, 2, 3, 4, 5, 6];
    assert_eq!(decode(&SyscallArgs { nr: 400, args }), Ok(Syscall::Unknown { nr: 400, args }));
    assert_eq!(decode(&SyscallArgs { nr: 512, args }), Ok(Syscall::Unknown { nr: 512, args }));
    assert_eq!(
        decode(&SyscallArgs { nr: u64::MAX, args }),
        Ok(Syscall::Unknown { nr: u64::MAX, args })
    );
    assert_eq!(
        decode(&SyscallArgs::new(io_uring_setup, &[1, 2])),
        Ok(Syscall::Raw { sysno: io_uring_setup, args: [1, 2, 0, 0, 0, 0] })
    );
}

#[test]
fn files() {
    assert_eq!(
        ok(read, &[3, 0x1000, 832]),
        Syscall::Read { fd: Fd(3), buf: UserSlice::new(0x1000, 832) }
    );
    assert_eq!(
        ok(write, &[0xffff_ffff_0000_0001, 0x2000, 6]),
        Syscall::Write { fd: Fd(1), buf: UserSlice::new(0x2000, 6) }
    );
    assert_eq!(
        ok(open, &[0x10, 0o2000101, (1 << 32) | 0o644]),
        Syscall::Open {
            path: UserCStr::new(0x10),
            flags: OpenFlags::O_WRONLY | OpenFlags::O_CREAT | OpenFlags::O_CLOEXEC,
            mode: Mode(0o644),
        }
    );
    // Unknown open flags are kept.
    let Syscall::Openat { dirfd, flags, .. } = ok(openat, &[AT_FDCWD, 0x10, 0x8000_0000, 0]) else {
        panic!()
    };
    assert_eq!(dirfd, DirFd::Cwd);
    assert_eq!(flags.bits(), 0x8000_0000);
    assert!(matches!(ok(openat2, &[5, 0x10, 0x20, 24]), Syscall::Openat2 { size: 24, .. }));
    assert_eq!(err(openat2, &[5, 0x10, 0x20, 23]), Errno::EINVAL);
    assert_eq!(err(openat2, &[5, 0x10, 0x20, 4097]), Errno::E2BIG);
    assert!(matches!(ok(creat, &[0x10, 0o600]), Syscall::Creat { mode: Mode(0o600), .. }));
    assert_eq!(ok(close, &[neg(-1)]), Syscall::Close { fd: Fd(-1) });
    assert!(matches!(
        ok(close_range, &[3, u32::MAX as u64, 4]),
        Syscall::CloseRange { first: 3, flags: CloseRangeFlags::CLOSE_RANGE_CLOEXEC, .. }
    ));
    assert_eq!(err(close_range, &[5, 3, 0]), Errno::EINVAL);
    assert_eq!(err(close_range, &[0, 3, 1]), Errno::EINVAL);
    assert_eq!(
        ok(lseek, &[3, neg(-5), 2]),
        Syscall::Lseek { fd: Fd(3), offset: -5, whence: Whence::End }
    );
    assert_eq!(err(lseek, &[3, 0, 5]), Errno::EINVAL);
    assert!(matches!(ok(pread64, &[3, 0x10, 8, 100]), Syscall::Pread64 { offset: 100, .. }));
    assert_eq!(err(pread64, &[3, 0x10, 8, neg(-1)]), Errno::EINVAL);
    assert!(matches!(ok(pwrite64, &[3, 0x10, 8, 0]), Syscall::Pwrite64 { offset: 0, .. }));
    assert_eq!(err(pwrite64, &[3, 0x10, 8, neg(-1)]), Errno::EINVAL);
    assert!(matches!(ok(readv, &[3, 0x10, 1024]), Syscall::Readv { iovcnt: 1024, .. }));
    assert_eq!(err(readv, &[3, 0x10, 1025]), Errno::EINVAL);
    assert!(matches!(ok(writev, &[3, 0x10, 2]), Syscall::Writev { iovcnt: 2, .. }));
    assert_eq!(
        ok(sendfile, &[1, 3, 0, 100]),
        Syscall::Sendfile { out_fd: Fd(1), in_fd: Fd(3), offset: None, count: 100 }
    );
    assert!(matches!(
        ok(copy_file_range, &[3, 0x10, 4, 0, 100, 0]),
        Syscall::CopyFileRange { off_in: Some(_), off_out: None, len: 100, .. }
    ));
    assert_eq!(err(copy_file_range, &[3, 0, 4, 0, 100, 1]), Errno::EINVAL);
    assert_eq!(ok(fsync, &[3]), Syscall::Fsync { fd: Fd(3) });
    assert_eq!(ok(fdatasync, &[3]), Syscall::Fdatasync { fd: Fd(3) });
    assert!(matches!(ok(truncate, &[0x10, 5]), Syscall::Truncate { length: 5, .. }));
    assert_eq!(err(truncate, &[0x10, neg(-5)]), Errno::EINVAL);
    assert_eq!(ok(ftruncate, &[3, 0]), Syscall::Ftruncate { fd: Fd(3), length: 0 });
    assert_eq!(err(ftruncate, &[3, neg(-1)]), Errno::EINVAL);
    assert_eq!(ok(dup, &[3]), Syscall::Dup { oldfd: Fd(3) });
    assert_eq!(ok(dup2, &[3, 3]), Syscall::Dup2 { oldfd: Fd(3), newfd: Fd(3) });
    assert_eq!(
        ok(dup3, &[3, 4, 0o2000000]),
        Syscall::Dup3 { oldfd: Fd(3), newfd: Fd(4), flags: OpenFlags::O_CLOEXEC }
    );
    assert_eq!(err(dup3, &[3, 3, 0]), Errno::EINVAL);
    assert_eq!(err(dup3, &[3, 4, 0o4000]), Errno::EINVAL);
    assert_eq!(ok(pipe, &[0x10]), Syscall::Pipe { fds: ptr(0x10) });
    assert!(matches!(ok(pipe2, &[0x10, 0o2004000]), Syscall::Pipe2 { .. }));
    assert_eq!(err(pipe2, &[0x10, 0o1]), Errno::EINVAL);
}

#[test]
fn ioctl_fcntl_flock() {
    assert_eq!(
        ok(ioctl, &[0, TCGETS as u64, 0x10]),
        Syscall::Ioctl { fd: Fd(0), request: IoctlRequest::Tcgets(ptr(0x10)) }
    );
    assert_eq!(
        ok(ioctl, &[0, 0xffff_ffff_0000_0000 | TCSETSW as u64, 0x10]),
        Syscall::Ioctl {
            fd: Fd(0),
            request: IoctlRequest::Tcsets { when: TermiosWhen::Drain, termios: ptr(0x10) }
        }
    );
    assert!(matches!(
        ok(ioctl, &[1, TIOCGWINSZ as u64, 0x10]),
        Syscall::Ioctl { request: IoctlRequest::Tiocgwinsz(_), .. }
    ));
    assert!(matches!(
        ok(ioctl, &[1, 0x1234, 7]),
        Syscall::Ioctl { request: IoctlRequest::Other { request: 0x1234, arg: 7 }, .. }
    ));
    assert_eq!(
        ok(fcntl, &[3, 1030, 10]),
        Syscall::Fcntl { fd: Fd(3), cmd: FcntlCmd::DupFdCloexec { min: Fd(10) } }
    );
    assert!(matches!(
        ok(fcntl, &[3, 4, 0o4000]),
        Syscall::Fcntl { cmd: FcntlCmd::SetFl(f), .. } if f == OpenFlags::O_NONBLOCK
    ));
    assert!(matches!(ok(fcntl, &[3, 2, 1]), Syscall::Fcntl { cmd: FcntlCmd::SetFd(_), .. }));
    assert!(matches!(
        ok(fcntl, &[3, 7, 0x10]),
        Syscall::Fcntl { cmd: FcntlCmd::Lock { cmd: 7, .. }, .. }
    ));
    assert_eq!(err(fcntl, &[3, 999, 0]), Errno::EINVAL);
    assert!(matches!(ok(flock, &[3, 2 | 4]), Syscall::Flock { .. }));
    assert_eq!(err(flock, &[3, 3]), Errno::EINVAL);
    assert_eq!(err(flock, &[3, 0]), Errno::EINVAL);
}

#[test]
fn file_status() {
    assert_eq!(
        ok(stat, &[0x10, 0x20]),
        Syscall::Stat { path: UserCStr::new(0x10), statbuf: ptr(0x20) }
    );
    assert_eq!(ok(fstat, &[3, 0x20]), Syscall::Fstat { fd: Fd(3), statbuf: ptr(0x20) });
    assert!(matches!(ok(lstat, &[0x10, 0x20]), Syscall::Lstat { .. }));
    assert!(matches!(
        ok(newfstatat, &[3, 0x10, 0x20, 0x1100]),
        Syscall::Newfstatat { dirfd: DirFd::Fd(Fd(3)), flags, .. }
            if flags == AtFlags::AT_EMPTY_PATH | AtFlags::AT_SYMLINK_NOFOLLOW
    ));
    assert_eq!(err(newfstatat, &[3, 0x10, 0x20, 0x200]), Errno::EINVAL);
    assert!(matches!(
        ok(statx, &[AT_FDCWD, 0x10, 0x100, 0xfff, 0x20]),
        Syscall::Statx { mask, .. } if mask.contains(StatxMask::STATX_BASIC_STATS)
    ));
    assert_eq!(err(statx, &[AT_FDCWD, 0x10, 0x6000, 0x7ff, 0x20]), Errno::EINVAL);
    assert_eq!(err(statx, &[AT_FDCWD, 0x10, 0, 0x8000_0000, 0x20]), Errno::EINVAL);
    assert!(matches!(ok(statfs, &[0x10, 0x20]), Syscall::Statfs { .. }));
    assert!(matches!(ok(fstatfs, &[3, 0x20]), Syscall::Fstatfs { fd: Fd(3), .. }));
    assert!(matches!(ok(access, &[0x10, 4]), Syscall::Access { mode: 4, .. }));
    assert_eq!(err(access, &[0x10, 8]), Errno::EINVAL);
    assert!(matches!(ok(faccessat, &[AT_FDCWD, 0x10, 7]), Syscall::Faccessat { mode: 7, .. }));
    assert!(matches!(
        ok(faccessat2, &[AT_FDCWD, 0x10, 0, 0x200]),
        Syscall::Faccessat2 { flags, .. } if flags == AtFlags::AT_EACCESS
    ));
    assert_eq!(err(faccessat2, &[AT_FDCWD, 0x10, 0, 0x400]), Errno::EINVAL);
    assert!(matches!(
        ok(utimensat, &[3, 0, 0, 0]),
        Syscall::Utimensat { path: None, times: None, .. }
    ));
    assert_eq!(err(utimensat, &[3, 0, 0, 0x200]), Errno::EINVAL);
}

#[test]
fn directories_and_names() {
    assert!(matches!(
        ok(getdents64, &[3, 0x10, 0x1_0000_8000]),
        Syscall::Getdents64 { buf: UserSlice { len: 0x8000, .. }, .. }
    ));
    assert!(matches!(ok(getdents, &[3, 0x10, 100]), Syscall::Getdents { .. }));
    assert_eq!(ok(getcwd, &[0x10, 4096]), Syscall::Getcwd { buf: UserSlice::new(0x10, 4096) });
    assert!(matches!(ok(chdir, &[0x10]), Syscall::Chdir { .. }));
    assert_eq!(ok(fchdir, &[3]), Syscall::Fchdir { fd: Fd(3) });
    assert!(matches!(ok(chroot, &[0x10]), Syscall::Chroot { .. }));
    assert!(matches!(ok(rename, &[0x10, 0x20]), Syscall::Rename { .. }));
    assert!(matches!(ok(renameat, &[AT_FDCWD, 0x10, 4, 0x20]), Syscall::Renameat { .. }));
    assert!(matches!(
        ok(renameat2, &[AT_FDCWD, 0x10, AT_FDCWD, 0x20, 1]),
        Syscall::Renameat2 { flags: RenameFlags::RENAME_NOREPLACE, .. }
    ));
    assert_eq!(err(renameat2, &[AT_FDCWD, 0x10, AT_FDCWD, 0x20, 3]), Errno::EINVAL);
    assert_eq!(err(renameat2, &[AT_FDCWD, 0x10, AT_FDCWD, 0x20, 8]), Errno::EINVAL);
    assert!(matches!(ok(mkdir, &[0x10, 0o755]), Syscall::Mkdir { mode: Mode(0o755), .. }));
    assert!(matches!(ok(mkdirat, &[AT_FDCWD, 0x10, 0o700]), Syscall::Mkdirat { .. }));
    assert!(matches!(ok(rmdir, &[0x10]), Syscall::Rmdir { .. }));
    assert!(matches!(ok(link, &[0x10, 0x20]), Syscall::Link { .. }));
    assert!(matches!(ok(linkat, &[AT_FDCWD, 0x10, AT_FDCWD, 0x20, 0x400]), Syscall::Linkat { .. }));
    assert_eq!(err(linkat, &[AT_FDCWD, 0x10, AT_FDCWD, 0x20, 0x100]), Errno::EINVAL);
    assert!(matches!(ok(unlink, &[0x10]), Syscall::Unlink { .. }));
    assert!(matches!(
        ok(unlinkat, &[AT_FDCWD, 0x10, 0x200]),
        Syscall::Unlinkat { flags: AtFlags::AT_REMOVEDIR, .. }
    ));
    assert_eq!(err(unlinkat, &[AT_FDCWD, 0x10, 0x100]), Errno::EINVAL);
    assert!(matches!(ok(symlink, &[0x10, 0x20]), Syscall::Symlink { .. }));
    assert!(matches!(ok(symlinkat, &[0x10, AT_FDCWD, 0x20]), Syscall::Symlinkat { .. }));
    assert!(matches!(
        ok(readlink, &[0x10, 0x20, 100]),
        Syscall::Readlink { buf: UserSlice { len: 100, .. }, .. }
    ));
    assert_eq!(err(readlink, &[0x10, 0x20, 0]), Errno::EINVAL);
    assert_eq!(err(readlink, &[0x10, 0x20, 0x8000_0000]), Errno::EINVAL);
    assert!(matches!(ok(readlinkat, &[AT_FDCWD, 0x10, 0x20, 1]), Syscall::Readlinkat { .. }));
    assert!(matches!(ok(chmod, &[0x10, 0o4755]), Syscall::Chmod { mode: Mode(0o4755), .. }));
    assert!(matches!(ok(fchmod, &[3, 0o644]), Syscall::Fchmod { .. }));
    assert!(matches!(ok(fchmodat, &[AT_FDCWD, 0x10, 0o644]), Syscall::Fchmodat { .. }));
    assert!(matches!(
        ok(chown, &[0x10, 0, neg(-1)]),
        Syscall::Chown { owner: 0, group: u32::MAX, .. }
    ));
    assert!(matches!(ok(fchown, &[3, 1, 1]), Syscall::Fchown { .. }));
    assert!(matches!(ok(lchown, &[0x10, 1, 1]), Syscall::Lchown { .. }));
    assert!(matches!(ok(fchownat, &[AT_FDCWD, 0x10, 1, 1, 0x1000]), Syscall::Fchownat { .. }));
    assert_eq!(err(fchownat, &[AT_FDCWD, 0x10, 1, 1, 0x200]), Errno::EINVAL);
    assert_eq!(ok(umask, &[0o7022]), Syscall::Umask { mask: Mode(0o022) });
    assert!(matches!(
        ok(mount, &[0, 0x10, 0x20, 0xC0ED_0000 | 1, 0]),
        Syscall::Mount { source: None, flags: MountFlags::MS_RDONLY, data: None, .. }
    ));
    assert!(matches!(
        ok(umount2, &[0x10, 2]),
        Syscall::Umount2 { flags: UmountFlags::MNT_DETACH, .. }
    ));
    assert_eq!(err(umount2, &[0x10, 16]), Errno::EINVAL);
    assert_eq!(err(umount2, &[0x10, 5]), Errno::EINVAL);
    assert_eq!(ok(sync, &[]), Syscall::Sync {});
}

#[test]
fn memory() {
    assert_eq!(
        ok(mmap, &[0, 8192, 3, 0x22, neg(-1), 0]),
        Syscall::Mmap {
            addr: UserAddr(0),
            len: 8192,
            prot: ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
            flags: MapFlags::MAP_PRIVATE | MapFlags::MAP_ANONYMOUS,
            fd: Fd(-1),
            offset: 0,
        }
    );
    assert_eq!(err(mmap, &[0, 8192, 3, 0x22, 3, 1]), Errno::EINVAL);
    assert_eq!(err(mmap, &[0, 0, 3, 0x22, 3, 0]), Errno::EINVAL);
    assert_eq!(err(mmap, &[0, 4096, 3, 0x20, 3, 0]), Errno::EINVAL);
    assert!(matches!(ok(mprotect, &[0x1000, 4096, 1]), Syscall::Mprotect { .. }));
    assert_eq!(err(mprotect, &[0x1001, 4096, 1]), Errno::EINVAL);
    assert_eq!(err(mprotect, &[0x1000, 4096, 0x10]), Errno::EINVAL);
    assert_eq!(err(mprotect, &[0x1000, 4096, 0x0300_0000]), Errno::EINVAL);
    assert_eq!(ok(munmap, &[0x1000, 1]), Syscall::Munmap { addr: UserAddr(0x1000), len: 1 });
    assert_eq!(err(munmap, &[0x1000, 0]), Errno::EINVAL);
    assert_eq!(err(munmap, &[0x1008, 10]), Errno::EINVAL);
    assert_eq!(ok(brk, &[0]), Syscall::Brk { addr: UserAddr(0) });
    assert!(matches!(ok(mremap, &[0x1000, 4096, 8192, 1, 0]), Syscall::Mremap { .. }));
    assert_eq!(err(mremap, &[0x1000, 4096, 8192, 2, 0x5000]), Errno::EINVAL);
    assert_eq!(err(mremap, &[0x1000, 4096, 8192, 8, 0]), Errno::EINVAL);
    assert!(matches!(
        ok(madvise, &[0x1000, 4096, 4]),
        Syscall::Madvise { advice: Advice::DONTNEED, .. }
    ));
    assert_eq!(err(madvise, &[0x1000, 4096, 5]), Errno::EINVAL);
    assert!(matches!(ok(membarrier, &[0, 0, 0]), Syscall::Membarrier { cmd: 0, .. }));
}

#[test]
fn signals() {
    assert_eq!(
        ok(rt_sigaction, &[2, 0x10, 0, 8]),
        Syscall::RtSigaction {
            signal: Signal::new(2).unwrap(),
            act: Some(ptr(0x10)),
            oldact: None,
        }
    );
    assert_eq!(err(rt_sigaction, &[2, 0x10, 0, 16]), Errno::EINVAL);
    assert_eq!(err(rt_sigaction, &[65, 0x10, 0, 8]), Errno::EINVAL);
    assert_eq!(err(rt_sigaction, &[0, 0, 0x10, 8]), Errno::EINVAL);
    assert_eq!(err(rt_sigaction, &[9, 0x10, 0, 8]), Errno::EINVAL);
    assert!(matches!(ok(rt_sigaction, &[9, 0, 0x10, 8]), Syscall::RtSigaction { .. }));
    assert_eq!(
        ok(rt_sigprocmask, &[2, 0x10, 0x20, 8]),
        Syscall::RtSigprocmask {
            change: Some((SigmaskHow::SetMask, ptr(0x10))),
            oldset: Some(ptr(0x20)),
        }
    );
    // `how` only matters when a set is given.
    assert_eq!(
        ok(rt_sigprocmask, &[77, 0, 0x20, 8]),
        Syscall::RtSigprocmask { change: None, oldset: Some(ptr(0x20)) }
    );
    assert_eq!(err(rt_sigprocmask, &[77, 0x10, 0, 8]), Errno::EINVAL);
    assert_eq!(err(rt_sigprocmask, &[0, 0x10, 0, 4]), Errno::EINVAL);
    assert_eq!(ok(rt_sigreturn, &[]), Syscall::RtSigreturn {});
    assert!(matches!(ok(rt_sigpending, &[0x10, 4]), Syscall::RtSigpending { sigsetsize: 4, .. }));
    assert_eq!(err(rt_sigpending, &[0x10, 9]), Errno::EINVAL);
    assert!(matches!(ok(rt_sigsuspend, &[0x10, 8]), Syscall::RtSigsuspend { .. }));
    assert_eq!(err(rt_sigsuspend, &[0x10, 7]), Errno::EINVAL);
    assert!(matches!(
        ok(rt_sigtimedwait, &[0x10, 0, 0, 8]),
        Syscall::RtSigtimedwait { info: None, .. }
    ));
    assert!(matches!(ok(rt_sigqueueinfo, &[5, 10, 0x10]), Syscall::RtSigqueueinfo { tgid: 5, .. }));
    assert!(matches!(
        ok(sigaltstack, &[0x10, 0]),
        Syscall::Sigaltstack { new: Some(_), old: None }
    ));
    assert_eq!(ok(kill, &[neg(-1), 0]), Syscall::Kill { pid: -1, signal: None });
    assert_eq!(ok(kill, &[5, 15]), Syscall::Kill { pid: 5, signal: Signal::new(15) });
    assert_eq!(err(kill, &[5, 65]), Errno::EINVAL);
    assert_eq!(err(kill, &[5, neg(-1)]), Errno::EINVAL);
    assert!(matches!(ok(tgkill, &[5, 6, 6]), Syscall::Tgkill { tgid: 5, tid: 6, .. }));
    assert_eq!(err(tgkill, &[0, 6, 6]), Errno::EINVAL);
    assert!(matches!(ok(tkill, &[6, 6]), Syscall::Tkill { tid: 6, .. }));
    assert_eq!(err(tkill, &[neg(-6), 6]), Errno::EINVAL);
    assert_eq!(ok(pause, &[]), Syscall::Pause {});
}

#[test]
fn processes() {
    for (sysno, call) in [
        (getpid, Syscall::Getpid {}),
        (getppid, Syscall::Getppid {}),
        (gettid, Syscall::Gettid {}),
        (fork, Syscall::Fork {}),
        (vfork, Syscall::Vfork {}),
        (sched_yield, Syscall::SchedYield {}),
        (getuid, Syscall::Getuid {}),
        (geteuid, Syscall::Geteuid {}),
        (getgid, Syscall::Getgid {}),
        (getegid, Syscall::Getegid {}),
        (getpgrp, Syscall::Getpgrp {}),
        (setsid, Syscall::Setsid {}),
    ] {
        assert_eq!(ok(sysno, &[7, 7, 7]), call);
    }
    let thread_flags = 0x7d0f00; // glibc pthread_create
    assert_eq!(
        ok(clone, &[thread_flags, 0x7000, 0x10, 0x10, 0x20]),
        Syscall::Clone {
            flags: CloneFlags::from_bits_retain(thread_flags),
            exit_signal: 0,
            stack: UserAddr(0x7000),
            parent_tid: ptr(0x10),
            child_tid: ptr(0x10),
            tls: 0x20,
        }
    );
    assert!(matches!(
        ok(clone, &[0x0120_0011, 0, 0, 0x10, 0]),
        Syscall::Clone { exit_signal: 17, flags, .. }
            if flags == CloneFlags::CLONE_CHILD_SETTID | CloneFlags::CLONE_CHILD_CLEARTID
    ));
    assert_eq!(err(clone, &[0x10000, 0, 0, 0, 0]), Errno::EINVAL); // THREAD without SIGHAND
    assert_eq!(err(clone, &[0x800, 0, 0, 0, 0]), Errno::EINVAL); // SIGHAND without VM
    assert_eq!(err(clone, &[0x20200, 0, 0, 0, 0]), Errno::EINVAL); // NEWNS with FS
    assert_eq!(err(clone, &[0x101000, 0, 0, 0, 0]), Errno::EINVAL); // PIDFD with PARENT_SETTID
    assert!(matches!(ok(clone3, &[0x10, 88]), Syscall::Clone3 { size: 88, .. }));
    assert_eq!(err(clone3, &[0x10, 63]), Errno::EINVAL);
    assert_eq!(err(clone3, &[0x10, 4097]), Errno::E2BIG);
    assert!(matches!(ok(execve, &[0x10, 0x20, 0x30]), Syscall::Execve { .. }));
    assert!(matches!(ok(execveat, &[3, 0x10, 0x20, 0x30, 0x1000]), Syscall::Execveat { .. }));
    assert_eq!(err(execveat, &[3, 0x10, 0x20, 0x30, 0x200]), Errno::EINVAL);
    assert_eq!(ok(exit, &[0x1_0000_0002]), Syscall::Exit { status: 2 });
    assert_eq!(ok(exit_group, &[neg(-1)]), Syscall::ExitGroup { status: -1 });
    assert_eq!(
        ok(wait4, &[neg(-1), 0x10, 1, 0]),
        Syscall::Wait4 {
            target: WaitTarget::Any,
            status: Some(ptr(0x10)),
            options: WaitOptions::WNOHANG,
            rusage: None,
        }
    );
    assert!(matches!(
        ok(wait4, &[0, 0, 0, 0]),
        Syscall::Wait4 { target: WaitTarget::OwnGroup, .. }
    ));
    assert!(matches!(
        ok(wait4, &[neg(-7), 0, 0, 0]),
        Syscall::Wait4 { target: WaitTarget::Group(7), .. }
    ));
    assert!(matches!(
        ok(wait4, &[7, 0, 0x4000_0000, 0]),
        Syscall::Wait4 { target: WaitTarget::Pid(7), .. }
    ));
    assert_eq!(err(wait4, &[i32::MIN as u32 as u64, 0, 0, 0]), Errno::ESRCH);
    assert_eq!(err(wait4, &[neg(-1), 0, 4, 0]), Errno::EINVAL); // WEXITED is waitid-only
    assert!(matches!(
        ok(waitid, &[1, 7, 0x10, 4, 0]),
        Syscall::Waitid { id: WaitId::Pid(7), options: WaitOptions::WEXITED, .. }
    ));
    assert!(matches!(ok(waitid, &[0, 99, 0, 4, 0]), Syscall::Waitid { id: WaitId::All, .. }));
    assert_eq!(err(waitid, &[1, 0, 0, 4, 0]), Errno::EINVAL);
    assert_eq!(err(waitid, &[4, 1, 0, 4, 0]), Errno::EINVAL);
    assert_eq!(err(waitid, &[0, 0, 0, 1, 0]), Errno::EINVAL);
    assert_eq!(ok(set_tid_address, &[0x10]), Syscall::SetTidAddress { tidptr: ptr(0x10) });
    assert!(matches!(ok(set_robust_list, &[0x10, 24]), Syscall::SetRobustList { .. }));
    assert_eq!(err(set_robust_list, &[0x10, 16]), Errno::EINVAL);
    assert_eq!(
        ok(arch_prctl, &[ARCH_SET_FS as u64, 0x7000]),
        Syscall::ArchPrctl { request: ArchPrctl::SetFs(0x7000) }
    );
    assert_eq!(
        ok(arch_prctl, &[ARCH_GET_FS as u64, 0x10]),
        Syscall::ArchPrctl { request: ArchPrctl::GetFs(ptr(0x10)) }
    );
    assert_eq!(err(arch_prctl, &[0x9999, 0]), Errno::EINVAL);
    assert!(matches!(ok(prctl, &[15, 0x10, 0, 0, 0]), Syscall::Prctl { option: 15, .. }));
    assert!(matches!(
        ok(rseq, &[0x10, 32, 0, 0x53053053]),
        Syscall::Rseq { unregister: false, .. }
    ));
    assert!(matches!(ok(rseq, &[0x10, 32, 1, 0x53053053]), Syscall::Rseq { unregister: true, .. }));
    assert_eq!(err(rseq, &[0x10, 32, 2, 0]), Errno::EINVAL);
    assert!(matches!(
        ok(sched_getaffinity, &[0, 128, 0x10]),
        Syscall::SchedGetaffinity { mask: UserSlice { len: 128, .. }, .. }
    ));
    assert_eq!(err(sched_getaffinity, &[0, 12, 0x10]), Errno::EINVAL);
    assert!(matches!(ok(sched_setaffinity, &[0, 8, 0x10]), Syscall::SchedSetaffinity { .. }));
    assert!(matches!(ok(sched_getparam, &[0, 0x10]), Syscall::SchedGetparam { .. }));
    assert_eq!(ok(sched_getscheduler, &[0]), Syscall::SchedGetscheduler { pid: 0 });
    assert!(matches!(ok(getcpu, &[0x10, 0, 0]), Syscall::Getcpu { cpu: Some(_), node: None }));
    assert!(matches!(
        ok(reboot, &[0xfee1_dead, 672_274_793, 0x4321_FEDC, 0]),
        Syscall::Reboot { cmd: RebootCmd::PowerOff, .. }
    ));
    assert_eq!(err(reboot, &[0xfee1_dead, 1, 0x4321_FEDC, 0]), Errno::EINVAL);
    assert_eq!(err(reboot, &[0xfee1_dead, 672_274_793, 5, 0]), Errno::EINVAL);
}

#[test]
fn futex_ops() {
    let Syscall::Futex { futex: call } = ok(futex, &[0x10, 128, 5, 0, 0, 0]) else { panic!() };
    assert!(call.private);
    assert_eq!(call.uaddr, ptr(0x10));
    assert_eq!(call.op, FutexOp::Wait { val: 5, timeout: None });
    let Syscall::Futex { futex: call } = ok(futex, &[0x10, 1, i32::MAX as u64, 0, 0, 0]) else {
        panic!()
    };
    assert_eq!(call.op, FutexOp::Wake { count: i32::MAX as u32 });
    let Syscall::Futex { futex: call } = ok(futex, &[0x10, 9 | 256, 1, 0x20, 0, u32::MAX as u64])
    else {
        panic!()
    };
    assert!(call.clock_realtime);
    assert_eq!(call.op, FutexOp::WaitBitset { val: 1, timeout: Some(ptr(0x20)), bitset: u32::MAX });
    let Syscall::Futex { futex: call } = ok(futex, &[0x10, 4, 1, 7, 0x30, 9]) else { panic!() };
    assert_eq!(
        call.op,
        FutexOp::CmpRequeue { count: 1, requeue: 7, uaddr2: ptr(0x30), expected: 9 }
    );
    assert_eq!(err(futex, &[0x10, 9, 1, 0, 0, 0]), Errno::EINVAL); // zero bitset
    assert_eq!(err(futex, &[0x10, 256, 1, 0, 0, 0]), Errno::ENOSYS); // CLOCK_REALTIME on WAIT
    assert_eq!(err(futex, &[0x10, 2, 0, 0, 0, 0]), Errno::ENOSYS); // FUTEX_FD is gone
    assert_eq!(err(futex, &[0x10, 14, 0, 0, 0, 0]), Errno::ENOSYS);
}

#[test]
fn identity() {
    assert_eq!(ok(setuid, &[1000]), Syscall::Setuid { uid: 1000 });
    assert_eq!(ok(setgid, &[1000]), Syscall::Setgid { gid: 1000 });
    assert_eq!(ok(setreuid, &[1, neg(-1)]), Syscall::Setreuid { ruid: 1, euid: u32::MAX });
    assert_eq!(ok(setregid, &[1, 2]), Syscall::Setregid { rgid: 1, egid: 2 });
    assert_eq!(ok(setresuid, &[1, 2, 3]), Syscall::Setresuid { ruid: 1, euid: 2, suid: 3 });
    assert_eq!(ok(setresgid, &[1, 2, 3]), Syscall::Setresgid { rgid: 1, egid: 2, sgid: 3 });
    assert!(matches!(ok(getresuid, &[0x10, 0x14, 0x18]), Syscall::Getresuid { .. }));
    assert!(matches!(ok(getresgid, &[0x10, 0x14, 0x18]), Syscall::Getresgid { .. }));
    assert_eq!(ok(setfsuid, &[5]), Syscall::Setfsuid { fsuid: 5 });
    assert_eq!(ok(setfsgid, &[5]), Syscall::Setfsgid { fsgid: 5 });
    assert!(matches!(ok(getgroups, &[0, 0]), Syscall::Getgroups { size: 0, .. }));
    assert_eq!(err(getgroups, &[neg(-1), 0]), Errno::EINVAL);
    assert!(matches!(ok(setgroups, &[1, 0x10]), Syscall::Setgroups { size: 1, .. }));
    assert_eq!(err(setgroups, &[65537, 0x10]), Errno::EINVAL);
    assert_eq!(ok(setpgid, &[0, 0]), Syscall::Setpgid { pid: 0, pgid: 0 });
    assert_eq!(err(setpgid, &[0, neg(-1)]), Errno::EINVAL);
    assert_eq!(ok(getpgid, &[5]), Syscall::Getpgid { pid: 5 });
    assert_eq!(ok(getsid, &[0]), Syscall::Getsid { pid: 0 });
    assert_eq!(ok(uname, &[0x10]), Syscall::Uname { buf: ptr(0x10) });
}

#[test]
fn clocks() {
    assert_eq!(ok(nanosleep, &[0x10, 0]), Syscall::Nanosleep { req: ptr(0x10), rem: None });
    assert!(matches!(
        ok(clock_nanosleep, &[1, 1, 0x10, 0]),
        Syscall::ClockNanosleep { clock: ClockId(1), absolute: true, .. }
    ));
    assert_eq!(
        ok(clock_gettime, &[1, 0x10]),
        Syscall::ClockGettime { clock: ClockId(1), tp: ptr(0x10) }
    );
    assert!(matches!(ok(clock_getres, &[0, 0]), Syscall::ClockGetres { res: None, .. }));
    assert!(matches!(
        ok(gettimeofday, &[0x10, 0]),
        Syscall::Gettimeofday { tv: Some(_), tz: None }
    ));
    assert_eq!(ok(time, &[0]), Syscall::Time { tloc: None });
    assert!(matches!(ok(times, &[0x10]), Syscall::Times { buf: Some(_) }));
    assert_eq!(ok(alarm, &[5]), Syscall::Alarm { seconds: 5 });
    assert!(matches!(
        ok(getitimer, &[0, 0x10]),
        Syscall::Getitimer { which: ItimerWhich::Real, .. }
    ));
    assert_eq!(err(getitimer, &[3, 0x10]), Errno::EINVAL);
    assert!(matches!(
        ok(setitimer, &[2, 0x10, 0]),
        Syscall::Setitimer { which: ItimerWhich::Prof, .. }
    ));
    assert!(matches!(
        ok(timerfd_create, &[1, 0o2000000]),
        Syscall::TimerfdCreate { flags: TimerfdFlags::TFD_CLOEXEC, .. }
    ));
    assert_eq!(err(timerfd_create, &[2, 0]), Errno::EINVAL);
    assert_eq!(err(timerfd_create, &[1, 1]), Errno::EINVAL);
    assert!(matches!(ok(timerfd_settime, &[3, 1, 0x10, 0]), Syscall::TimerfdSettime { .. }));
    assert_eq!(err(timerfd_settime, &[3, 4, 0x10, 0]), Errno::EINVAL);
    assert!(matches!(ok(timerfd_gettime, &[3, 0x10]), Syscall::TimerfdGettime { .. }));
}

#[test]
fn resources() {
    assert_eq!(
        ok(getrlimit, &[7, 0x10]),
        Syscall::Getrlimit { resource: Resource::Nofile, rlim: ptr(0x10) }
    );
    assert_eq!(err(getrlimit, &[16, 0x10]), Errno::EINVAL);
    assert!(matches!(
        ok(setrlimit, &[3, 0x10]),
        Syscall::Setrlimit { resource: Resource::Stack, .. }
    ));
    assert!(matches!(
        ok(prlimit64, &[0, 3, 0, 0x10]),
        Syscall::Prlimit64 { new: None, old: Some(_), .. }
    ));
    assert!(matches!(
        ok(getrusage, &[neg(-1), 0x10]),
        Syscall::Getrusage { who: RusageWho::Children, .. }
    ));
    assert_eq!(err(getrusage, &[2, 0x10]), Errno::EINVAL);
    assert_eq!(ok(sysinfo, &[0x10]), Syscall::Sysinfo { info: ptr(0x10) });
    assert!(matches!(ok(getrandom, &[0x10, 16, 1]), Syscall::Getrandom { .. }));
    assert_eq!(err(getrandom, &[0x10, 16, 6]), Errno::EINVAL);
    assert_eq!(err(getrandom, &[0x10, 16, 8]), Errno::EINVAL);
}

#[test]
fn readiness() {
    assert_eq!(
        ok(poll, &[0x10, 2, neg(-1)]),
        Syscall::Poll { fds: ptr(0x10), nfds: 2, timeout_ms: -1 }
    );
    assert!(matches!(ok(ppoll, &[0x10, 2, 0, 0x20, 8]), Syscall::Ppoll { sigmask: Some(_), .. }));
    assert!(matches!(ok(ppoll, &[0x10, 2, 0, 0, 99]), Syscall::Ppoll { sigmask: None, .. }));
    assert_eq!(err(ppoll, &[0x10, 2, 0, 0x20, 99]), Errno::EINVAL);
    assert!(matches!(ok(select, &[4, 0x10, 0, 0, 0]), Syscall::Select { nfds: 4, .. }));
    assert_eq!(err(select, &[neg(-1), 0, 0, 0, 0]), Errno::EINVAL);
    assert!(matches!(ok(pselect6, &[4, 0x10, 0, 0, 0, 0]), Syscall::Pselect6 { .. }));
    assert_eq!(ok(epoll_create, &[1]), Syscall::EpollCreate { size: 1 });
    assert_eq!(err(epoll_create, &[0]), Errno::EINVAL);
    assert!(matches!(ok(epoll_create1, &[0o2000000]), Syscall::EpollCreate1 { .. }));
    assert_eq!(err(epoll_create1, &[1]), Errno::EINVAL);
    assert!(matches!(
        ok(epoll_ctl, &[3, 1, 4, 0x10]),
        Syscall::EpollCtl { op: EpollCtlOp::Add, event: Some(_), .. }
    ));
    assert_eq!(err(epoll_ctl, &[3, 4, 4, 0x10]), Errno::EINVAL);
    assert!(matches!(ok(epoll_wait, &[3, 0x10, 8, 0]), Syscall::EpollWait { maxevents: 8, .. }));
    assert_eq!(err(epoll_wait, &[3, 0x10, 0, 0]), Errno::EINVAL);
    assert!(matches!(ok(epoll_pwait, &[3, 0x10, 8, 0, 0, 0]), Syscall::EpollPwait { .. }));
    assert!(matches!(ok(epoll_pwait2, &[3, 0x10, 8, 0x20, 0x30, 8]), Syscall::EpollPwait2 { .. }));
    assert_eq!(ok(eventfd, &[3]), Syscall::Eventfd { initval: 3 });
    assert!(matches!(
        ok(eventfd2, &[0, 1]),
        Syscall::Eventfd2 { flags: EventfdFlags::EFD_SEMAPHORE, .. }
    ));
    assert_eq!(err(eventfd2, &[0, 2]), Errno::EINVAL);
}

#[test]
fn sockets() {
    assert_eq!(
        ok(socket, &[1, 1 | 0o2000000, 0]),
        Syscall::Socket { domain: 1, kind: 1, flags: SockFlags::SOCK_CLOEXEC, protocol: 0 }
    );
    assert_eq!(err(socket, &[1, 1 | 0x100, 0]), Errno::EINVAL);
    assert!(matches!(ok(socketpair, &[1, 1, 0, 0x10]), Syscall::Socketpair { .. }));
    assert!(matches!(ok(bind, &[3, 0x10, 110]), Syscall::Bind { addrlen: 110, .. }));
    assert!(matches!(ok(connect, &[3, 0x10, 110]), Syscall::Connect { .. }));
    assert_eq!(ok(listen, &[3, 128]), Syscall::Listen { fd: Fd(3), backlog: 128 });
    assert!(matches!(ok(accept, &[3, 0, 0]), Syscall::Accept { addr: None, addrlen: None, .. }));
    assert!(matches!(ok(accept4, &[3, 0, 0, 0o4000]), Syscall::Accept4 { .. }));
    assert_eq!(err(accept4, &[3, 0, 0, 1]), Errno::EINVAL);
    assert!(matches!(ok(shutdown, &[3, 1]), Syscall::Shutdown { how: 1, .. }));
    assert!(matches!(ok(sendto, &[3, 0x10, 5, 0x4000, 0, 0]), Syscall::Sendto { dest: None, .. }));
    assert!(matches!(ok(recvfrom, &[3, 0x10, 5, 0, 0, 0]), Syscall::Recvfrom { .. }));
    assert!(matches!(ok(sendmsg, &[3, 0x10, 0]), Syscall::Sendmsg { .. }));
    assert!(matches!(ok(recvmsg, &[3, 0x10, 0x4000_0000]), Syscall::Recvmsg { .. }));
    assert!(matches!(ok(getsockname, &[3, 0x10, 0x20]), Syscall::Getsockname { .. }));
    assert!(matches!(ok(getpeername, &[3, 0x10, 0x20]), Syscall::Getpeername { .. }));
    assert!(matches!(ok(setsockopt, &[3, 1, 2, 0x10, 4]), Syscall::Setsockopt { .. }));
    assert!(matches!(ok(getsockopt, &[3, 1, 2, 0x10, 0x20]), Syscall::Getsockopt { .. }));
}

#[test]
fn validate_copied_structures() {
    let mut args = CloneArgs { flags: 0x100, exit_signal: 17, ..CloneArgs::default() };
    assert_eq!(args.validate(), Ok(()));
    args.exit_signal = 65;
    assert_eq!(args.validate(), Err(Errno::EINVAL));
    args.exit_signal = 0;
    args.flags = 0x4_0000_0000;
    assert_eq!(args.validate(), Err(Errno::EINVAL));
    args.flags = 0x11; // CSIGNAL bits are not flags in clone3
    assert_eq!(args.validate(), Err(Errno::EINVAL));
    args.flags = 0x80; // CLONE_NEWTIME is
    assert_eq!(args.validate(), Ok(()));
    args = CloneArgs { stack: 0x1000, ..CloneArgs::default() };
    assert_eq!(args.validate(), Err(Errno::EINVAL));
    args.stack_size = 0x1000;
    assert_eq!(args.validate(), Ok(()));
    args.flags = CloneFlags::CLONE_THREAD.bits();
    assert_eq!(args.validate(), Err(Errno::EINVAL));

    let how = OpenHow { flags: 0o100 | 2, mode: 0o644, resolve: 0 };
    assert_eq!(
        how.validate(),
        Ok((OpenFlags::O_CREAT | OpenFlags::O_RDWR, Mode(0o644), ResolveFlags::empty()))
    );
    assert_eq!(OpenHow { flags: 0, mode: 0o644, resolve: 0 }.validate(), Err(Errno::EINVAL));
    assert_eq!(OpenHow { flags: 1 << 40, mode: 0, resolve: 0 }.validate(), Err(Errno::EINVAL));
    assert_eq!(OpenHow { flags: 0, mode: 0, resolve: 0x40 }.validate(), Err(Errno::EINVAL));
    assert_eq!(OpenHow { flags: 0, mode: 0, resolve: 0x18 }.validate(), Err(Errno::EINVAL));
}

/// Runs last by name order within this binary is not guaranteed, so it decodes everything
/// itself: each typed number must decode to a typed variant from all-zero-but-valid frames,
/// and the per-family tests above must have covered each of them.
#[test]
fn zz_every_typed_call_is_covered() {
    files();
    ioctl_fcntl_flock();
    file_status();
    directories_and_names();
    memory();
    signals();
    processes();
    futex_ops();
    identity();
    clocks();
    resources();
    readiness();
    sockets();
    let seen = SEEN.with(|seen| seen.borrow().clone());
    let missing: Vec<_> = TYPED.iter().filter(|s| !seen.contains(s)).collect();
    assert!(missing.is_empty(), "typed calls without a decoding test: {missing:?}");
    // And the required list of the issue is typed.
    for name in [
        "read",
        "write",
        "open",
        "openat",
        "close",
        "stat",
        "fstat",
        "lstat",
        "newfstatat",
        "statx",
        "lseek",
        "mmap",
        "mprotect",
        "munmap",
        "brk",
        "rt_sigaction",
        "rt_sigprocmask",
        "rt_sigreturn",
        "ioctl",
        "pread64",
        "pwrite64",
        "readv",
        "writev",
        "access",
        "pipe",
        "pipe2",
        "select",
        "sched_yield",
        "mremap",
        "madvise",
        "dup",
        "dup2",
        "dup3",
        "nanosleep",
        "getpid",
        "getppid",
        "gettid",
        "clone",
        "clone3",
        "fork",
        "vfork",
        "execve",
        "execveat",
        "exit",
        "exit_group",
        "wait4",
        "waitid",
        "kill",
        "tgkill",
        "tkill",
        "uname",
        "fcntl",
        "flock",
        "fsync",
        "truncate",
        "ftruncate",
        "getdents64",
        "getcwd",
        "chdir",
        "fchdir",
        "rename",
        "renameat2",
        "mkdir",
        "mkdirat",
        "rmdir",
        "link",
        "linkat",
        "unlink",
        "unlinkat",
        "symlink",
        "symlinkat",
        "readlink",
        "readlinkat",
        "chmod",
        "fchmod",
        "fchmodat",
        "chown",
        "fchown",
        "lchown",
        "fchownat",
        "umask",
        "gettimeofday",
        "getrlimit",
        "prlimit64",
        "getrusage",
        "sysinfo",
        "times",
        "getuid",
        "geteuid",
        "getgid",
        "getegid",
        "setuid",
        "setgid",
        "setreuid",
        "setregid",
        "setresuid",
        "setresgid",
        "getresuid",
        "getresgid",
        "setpgid",
        "getpgid",
        "getpgrp",
        "setsid",
        "getsid",
        "sigaltstack",
        "arch_prctl",
        "set_tid_address",
        "set_robust_list",
        "futex",
        "clock_gettime",
        "clock_getres",
        "clock_nanosleep",
        "getrandom",
        "poll",
        "ppoll",
        "pselect6",
        "epoll_create",
        "epoll_create1",
        "epoll_ctl",
        "epoll_wait",
        "epoll_pwait",
        "eventfd2",
        "timerfd_create",
        "timerfd_settime",
        "timerfd_gettime",
        "socketpair",
        "socket",
        "bind",
        "listen",
        "accept4",
        "connect",
        "sendmsg",
        "recvmsg",
        "sched_getaffinity",
        "prctl",
        "rseq",
        "faccessat2",
        "utimensat",
        "close_range",
        "openat2",
        "copy_file_range",
        "sendfile",
        "mount",
        "umount2",
        "statfs",
        "fstatfs",
        "alarm",
        "setitimer",
        "getitimer",
        "rt_sigpending",
        "rt_sigsuspend",
        "rt_sigtimedwait",
        "rt_sigqueueinfo",
        "membarrier",
        "getcpu",
    ] {
        let sysno = Sysno::from_name(name).unwrap_or_else(|| panic!("{name} not in the table"));
        assert!(TYPED.contains(&sysno), "{name} is not typed");
    }
}
