//! Layout of every `#[repr(C)]` ABI structure, compared with the `libc` crate on the host:
//! size, alignment and the offset of each public field. Where the kernel layout differs from
//! glibc's (kernel `sigaction`, `sigset_t`, `termios`, `ucontext`) or libc has no definition
//! (`robust_list_head`), the test says so and compares with the kernel header's values.
#![cfg(all(target_os = "linux", target_arch = "x86_64", target_env = "gnu"))]

use core::mem::{align_of, offset_of, size_of};

use syscall_translation::auxv::AuxEntry;
use syscall_translation::elf::{Elf64Ehdr, Elf64Phdr};
use syscall_translation::types::fs::DIRENT64_NAME_OFFSET;
use syscall_translation::types::signal::SIGINFO_FIELDS_OFFSET;
use syscall_translation::types::*;

/// Compare size, alignment and field offsets. `ours => theirs` renames a field.
macro_rules! same_layout {
    ($ours:ty, $theirs:ty { $($field:ident $(=> $their_field:ident)?),* $(,)? }) => {{
        assert_eq!(size_of::<$ours>(), size_of::<$theirs>(),
            "size of {}", stringify!($ours));
        assert_eq!(align_of::<$ours>(), align_of::<$theirs>(),
            "alignment of {}", stringify!($ours));
        $(assert_eq!(
            offset_of!($ours, $field),
            same_layout!(@offset $theirs, $field $($their_field)?),
            "offset of {}::{}", stringify!($ours), stringify!($field)
        );)*
    }};
    (@offset $theirs:ty, $field:ident) => { offset_of!($theirs, $field) };
    (@offset $theirs:ty, $field:ident $their_field:ident) => { offset_of!($theirs, $their_field) };
}

#[test]
fn stat() {
    same_layout!(
        Stat,
        libc::stat {
            st_dev,
            st_ino,
            st_nlink,
            st_mode,
            st_uid,
            st_gid,
            st_rdev,
            st_size,
            st_blksize,
            st_blocks,
            st_atime,
            st_atime_nsec,
            st_mtime,
            st_mtime_nsec,
            st_ctime,
            st_ctime_nsec,
        }
    );
    assert_eq!(size_of::<Stat>(), 144);
}

#[test]
fn statx() {
    same_layout!(StatxTimestamp, libc::statx_timestamp { tv_sec, tv_nsec });
    same_layout!(
        Statx,
        libc::statx {
            stx_mask,
            stx_blksize,
            stx_attributes,
            stx_nlink,
            stx_uid,
            stx_gid,
            stx_mode,
            stx_ino,
            stx_size,
            stx_blocks,
            stx_attributes_mask,
            stx_atime,
            stx_btime,
            stx_ctime,
            stx_mtime,
            stx_rdev_major,
            stx_rdev_minor,
            stx_dev_major,
            stx_dev_minor,
            stx_mnt_id,
            stx_dio_mem_align,
            stx_dio_offset_align,
            stx_subvol,
            stx_atomic_write_unit_min,
            stx_atomic_write_unit_max,
            stx_atomic_write_segments_max,
            stx_dio_read_offset_align,
            stx_atomic_write_unit_max_opt,
        }
    );
    assert_eq!(size_of::<Statx>(), 256);
}

#[test]
fn statfs() {
    same_layout!(
        Statfs,
        libc::statfs {
            f_type,
            f_bsize,
            f_blocks,
            f_bfree,
            f_bavail,
            f_files,
            f_ffree,
            f_fsid,
            f_namelen,
            f_frsize,
        }
    );
    // libc's `statfs` hides `f_flags`; `statfs64` has the same layout and shows it.
    same_layout!(Statfs, libc::statfs64 { f_flags, f_spare });
}

#[test]
fn time() {
    same_layout!(Timespec, libc::timespec { tv_sec, tv_nsec });
    same_layout!(Timeval, libc::timeval { tv_sec, tv_usec });
    same_layout!(Itimerval, libc::itimerval { it_interval, it_value });
    same_layout!(Itimerspec, libc::itimerspec { it_interval, it_value });
    same_layout!(Tms, libc::tms { tms_utime, tms_stime, tms_cutime, tms_cstime });
    // libc declares `struct timezone` opaque; the kernel's is two ints.
    assert_eq!(size_of::<Timezone>(), 8);
    assert_eq!(offset_of!(Timezone, tz_dsttime), 4);
}

#[test]
fn io() {
    same_layout!(Iovec, libc::iovec { iov_base, iov_len });
    same_layout!(
        Utsname,
        libc::utsname { sysname, nodename, release, version, machine, domainname }
    );
    same_layout!(OpenHow, libc::open_how { flags, mode, resolve });
    same_layout!(Flock, libc::flock { l_type, l_whence, l_start, l_len, l_pid });
    same_layout!(PollFd, libc::pollfd { fd, events, revents });
    same_layout!(EpollEvent, libc::epoll_event { events, data => u64 });
    assert_eq!(size_of::<EpollEvent>(), 12);
}

#[test]
fn dirent64() {
    // The header only: the name follows at offset 19 (libc's `d_name` field).
    assert_eq!(offset_of!(LinuxDirent64, d_ino), offset_of!(libc::dirent64, d_ino));
    assert_eq!(offset_of!(LinuxDirent64, d_off), offset_of!(libc::dirent64, d_off));
    assert_eq!(offset_of!(LinuxDirent64, d_reclen), offset_of!(libc::dirent64, d_reclen));
    assert_eq!(offset_of!(LinuxDirent64, d_type), offset_of!(libc::dirent64, d_type));
    assert_eq!(DIRENT64_NAME_OFFSET, offset_of!(libc::dirent64, d_name));
}

#[test]
fn terminal() {
    // The kernel `struct termios` is `struct termios2` without the two speed fields.
    same_layout!(Winsize, libc::winsize { ws_row, ws_col, ws_xpixel, ws_ypixel });
    assert_eq!(size_of::<Termios>(), offset_of!(libc::termios2, c_ispeed));
    assert_eq!(size_of::<Termios>(), 36);
    assert_eq!(align_of::<Termios>(), align_of::<libc::termios2>());
    assert_eq!(offset_of!(Termios, c_iflag), offset_of!(libc::termios2, c_iflag));
    assert_eq!(offset_of!(Termios, c_oflag), offset_of!(libc::termios2, c_oflag));
    assert_eq!(offset_of!(Termios, c_cflag), offset_of!(libc::termios2, c_cflag));
    assert_eq!(offset_of!(Termios, c_lflag), offset_of!(libc::termios2, c_lflag));
    assert_eq!(offset_of!(Termios, c_line), offset_of!(libc::termios2, c_line));
    assert_eq!(offset_of!(Termios, c_cc), offset_of!(libc::termios2, c_cc));
}

#[test]
fn resources() {
    same_layout!(Rlimit, libc::rlimit { rlim_cur, rlim_max });
    same_layout!(
        Rusage,
        libc::rusage {
            ru_utime,
            ru_stime,
            ru_maxrss,
            ru_ixrss,
            ru_idrss,
            ru_isrss,
            ru_minflt,
            ru_majflt,
            ru_nswap,
            ru_inblock,
            ru_oublock,
            ru_msgsnd,
            ru_msgrcv,
            ru_nsignals,
            ru_nvcsw,
            ru_nivcsw,
        }
    );
    same_layout!(
        Sysinfo,
        libc::sysinfo {
            uptime,
            loads,
            totalram,
            freeram,
            sharedram,
            bufferram,
            totalswap,
            freeswap,
            procs,
            pad,
            totalhigh,
            freehigh,
            mem_unit,
        }
    );
}

#[test]
fn scheduling() {
    same_layout!(SchedParam, libc::sched_param { sched_priority });
    same_layout!(
        CloneArgs,
        libc::clone_args {
            flags,
            pidfd,
            child_tid,
            parent_tid,
            exit_signal,
            stack,
            stack_size,
            tls,
            set_tid,
            set_tid_size,
            cgroup,
        }
    );
    // libc has no `struct robust_list_head`; the kernel's is three words.
    assert_eq!(size_of::<RobustListHead>(), 24);
    assert_eq!(offset_of!(RobustListHead, list), 0);
    assert_eq!(offset_of!(RobustListHead, futex_offset), 8);
    assert_eq!(offset_of!(RobustListHead, list_op_pending), 16);
}

#[test]
fn sockets() {
    same_layout!(
        Msghdr,
        libc::msghdr {
            msg_name,
            msg_namelen,
            msg_iov,
            msg_iovlen,
            msg_control,
            msg_controllen,
            msg_flags,
        }
    );
    same_layout!(SockaddrUn, libc::sockaddr_un { sun_family, sun_path });
}

#[test]
fn signals() {
    same_layout!(StackT, libc::stack_t { ss_sp, ss_flags, ss_size });
    // siginfo_t: libc exposes only the header fields; the union starts at 16.
    same_layout!(Siginfo, libc::siginfo_t { si_signo, si_errno, si_code });
    assert_eq!(SIGINFO_FIELDS_OFFSET, offset_of!(Siginfo, sifields));
    assert_eq!(size_of::<Siginfo>(), 128);
    // The kernel sigset is 8 bytes; glibc's sigset_t is 128.
    assert_eq!(size_of::<SigSet>(), 8);
    // The kernel sigaction: handler, flags, restorer, 8-byte mask (glibc's differs).
    assert_eq!(size_of::<KernelSigaction>(), 32);
    assert_eq!(offset_of!(KernelSigaction, sa_handler), 0);
    assert_eq!(offset_of!(KernelSigaction, sa_flags), 8);
    assert_eq!(offset_of!(KernelSigaction, sa_restorer), 16);
    assert_eq!(offset_of!(KernelSigaction, sa_mask), 24);
}

#[test]
fn signal_frame() {
    // FPU state: the 512-byte FXSAVE image.
    same_layout!(FpState, libc::_libc_fpstate {
        cwd, swd, twd => ftw, fop, rip, rdp, mxcsr, mxcsr_mask => mxcr_mask,
        st_space => _st, xmm_space => _xmm,
    });
    // sigcontext = glibc mcontext_t: gregs[23] in REG_* order, then the fpstate pointer.
    assert_eq!(size_of::<Sigcontext>(), size_of::<libc::mcontext_t>());
    let reg = |index: libc::c_int| index as usize * 8;
    assert_eq!(offset_of!(Sigcontext, r8), reg(libc::REG_R8));
    assert_eq!(offset_of!(Sigcontext, r15), reg(libc::REG_R15));
    assert_eq!(offset_of!(Sigcontext, rdi), reg(libc::REG_RDI));
    assert_eq!(offset_of!(Sigcontext, rsi), reg(libc::REG_RSI));
    assert_eq!(offset_of!(Sigcontext, rbp), reg(libc::REG_RBP));
    assert_eq!(offset_of!(Sigcontext, rbx), reg(libc::REG_RBX));
    assert_eq!(offset_of!(Sigcontext, rdx), reg(libc::REG_RDX));
    assert_eq!(offset_of!(Sigcontext, rax), reg(libc::REG_RAX));
    assert_eq!(offset_of!(Sigcontext, rcx), reg(libc::REG_RCX));
    assert_eq!(offset_of!(Sigcontext, rsp), reg(libc::REG_RSP));
    assert_eq!(offset_of!(Sigcontext, rip), reg(libc::REG_RIP));
    assert_eq!(offset_of!(Sigcontext, eflags), reg(libc::REG_EFL));
    assert_eq!(offset_of!(Sigcontext, cs), reg(libc::REG_CSGSFS));
    assert_eq!(offset_of!(Sigcontext, err), reg(libc::REG_ERR));
    assert_eq!(offset_of!(Sigcontext, trapno), reg(libc::REG_TRAPNO));
    assert_eq!(offset_of!(Sigcontext, oldmask), reg(libc::REG_OLDMASK));
    assert_eq!(offset_of!(Sigcontext, cr2), reg(libc::REG_CR2));
    assert_eq!(offset_of!(Sigcontext, fpstate), offset_of!(libc::mcontext_t, fpregs));
    // ucontext: the kernel's ends after an 8-byte mask at glibc's `uc_sigmask` offset.
    assert_eq!(offset_of!(Ucontext, uc_flags), offset_of!(libc::ucontext_t, uc_flags));
    assert_eq!(offset_of!(Ucontext, uc_link), offset_of!(libc::ucontext_t, uc_link));
    assert_eq!(offset_of!(Ucontext, uc_stack), offset_of!(libc::ucontext_t, uc_stack));
    assert_eq!(offset_of!(Ucontext, uc_mcontext), offset_of!(libc::ucontext_t, uc_mcontext));
    assert_eq!(offset_of!(Ucontext, uc_sigmask), offset_of!(libc::ucontext_t, uc_sigmask));
    assert_eq!(size_of::<Ucontext>(), offset_of!(libc::ucontext_t, uc_sigmask) + 8);
    assert_eq!(size_of::<Ucontext>(), 304);
    // rt_sigframe: return address, ucontext, siginfo.
    assert_eq!(offset_of!(RtSigframe, uc), 8);
    assert_eq!(offset_of!(RtSigframe, info), 8 + 304);
    assert_eq!(size_of::<RtSigframe>(), 440);
}

#[test]
fn elf_and_auxv() {
    same_layout!(
        Elf64Ehdr,
        libc::Elf64_Ehdr {
            e_ident,
            e_type,
            e_machine,
            e_version,
            e_entry,
            e_phoff,
            e_shoff,
            e_flags,
            e_ehsize,
            e_phentsize,
            e_phnum,
            e_shentsize,
            e_shnum,
            e_shstrndx,
        }
    );
    same_layout!(
        Elf64Phdr,
        libc::Elf64_Phdr {
            p_type,
            p_flags,
            p_offset,
            p_vaddr,
            p_paddr,
            p_filesz,
            p_memsz,
            p_align,
        }
    );
    assert_eq!(size_of::<Elf64Ehdr>(), Elf64Ehdr::SIZE);
    assert_eq!(size_of::<Elf64Phdr>(), Elf64Phdr::SIZE);
    assert_eq!(size_of::<AuxEntry>(), 16);
}
