//! Every constant this crate defines that the `libc` crate also defines, compared: syscall
//! numbers, errno values, flag bits, ioctl numbers, auxv keys, signal numbers and more.
#![cfg(all(target_os = "linux", target_arch = "x86_64", target_env = "gnu"))]

use syscall_translation::flags::*;
use syscall_translation::numbers::Sysno;
use syscall_translation::Errno;

/// Compare the low 32 bits (libc declares many of these as signed `c_int`).
macro_rules! same32 {
    ($ours:expr, $theirs:expr) => {
        assert_eq!(($ours) as u64 as u32, ($theirs) as u64 as u32, "{}", stringify!($theirs))
    };
}

#[test]
fn syscall_numbers() {
    assert_eq!(i64::from(Sysno::read.number()), libc::SYS_read);
    assert_eq!(i64::from(Sysno::write.number()), libc::SYS_write);
    assert_eq!(i64::from(Sysno::open.number()), libc::SYS_open);
    assert_eq!(i64::from(Sysno::close.number()), libc::SYS_close);
    assert_eq!(i64::from(Sysno::stat.number()), libc::SYS_stat);
    assert_eq!(i64::from(Sysno::fstat.number()), libc::SYS_fstat);
    assert_eq!(i64::from(Sysno::lstat.number()), libc::SYS_lstat);
    assert_eq!(i64::from(Sysno::poll.number()), libc::SYS_poll);
    assert_eq!(i64::from(Sysno::lseek.number()), libc::SYS_lseek);
    assert_eq!(i64::from(Sysno::mmap.number()), libc::SYS_mmap);
    assert_eq!(i64::from(Sysno::mprotect.number()), libc::SYS_mprotect);
    assert_eq!(i64::from(Sysno::munmap.number()), libc::SYS_munmap);
    assert_eq!(i64::from(Sysno::brk.number()), libc::SYS_brk);
    assert_eq!(i64::from(Sysno::rt_sigaction.number()), libc::SYS_rt_sigaction);
    assert_eq!(i64::from(Sysno::rt_sigprocmask.number()), libc::SYS_rt_sigprocmask);
    assert_eq!(i64::from(Sysno::rt_sigreturn.number()), libc::SYS_rt_sigreturn);
    assert_eq!(i64::from(Sysno::ioctl.number()), libc::SYS_ioctl);
    assert_eq!(i64::from(Sysno::pread64.number()), libc::SYS_pread64);
    assert_eq!(i64::from(Sysno::pwrite64.number()), libc::SYS_pwrite64);
    assert_eq!(i64::from(Sysno::readv.number()), libc::SYS_readv);
    assert_eq!(i64::from(Sysno::writev.number()), libc::SYS_writev);
    assert_eq!(i64::from(Sysno::access.number()), libc::SYS_access);
    assert_eq!(i64::from(Sysno::pipe.number()), libc::SYS_pipe);
    assert_eq!(i64::from(Sysno::select.number()), libc::SYS_select);
    assert_eq!(i64::from(Sysno::sched_yield.number()), libc::SYS_sched_yield);
    assert_eq!(i64::from(Sysno::mremap.number()), libc::SYS_mremap);
    assert_eq!(i64::from(Sysno::msync.number()), libc::SYS_msync);
    assert_eq!(i64::from(Sysno::mincore.number()), libc::SYS_mincore);
    assert_eq!(i64::from(Sysno::madvise.number()), libc::SYS_madvise);
    assert_eq!(i64::from(Sysno::shmget.number()), libc::SYS_shmget);
    assert_eq!(i64::from(Sysno::shmat.number()), libc::SYS_shmat);
    assert_eq!(i64::from(Sysno::shmctl.number()), libc::SYS_shmctl);
    assert_eq!(i64::from(Sysno::dup.number()), libc::SYS_dup);
    assert_eq!(i64::from(Sysno::dup2.number()), libc::SYS_dup2);
    assert_eq!(i64::from(Sysno::pause.number()), libc::SYS_pause);
    assert_eq!(i64::from(Sysno::nanosleep.number()), libc::SYS_nanosleep);
    assert_eq!(i64::from(Sysno::getitimer.number()), libc::SYS_getitimer);
    assert_eq!(i64::from(Sysno::alarm.number()), libc::SYS_alarm);
    assert_eq!(i64::from(Sysno::setitimer.number()), libc::SYS_setitimer);
    assert_eq!(i64::from(Sysno::getpid.number()), libc::SYS_getpid);
    assert_eq!(i64::from(Sysno::sendfile.number()), libc::SYS_sendfile);
    assert_eq!(i64::from(Sysno::socket.number()), libc::SYS_socket);
    assert_eq!(i64::from(Sysno::connect.number()), libc::SYS_connect);
    assert_eq!(i64::from(Sysno::accept.number()), libc::SYS_accept);
    assert_eq!(i64::from(Sysno::sendto.number()), libc::SYS_sendto);
    assert_eq!(i64::from(Sysno::recvfrom.number()), libc::SYS_recvfrom);
    assert_eq!(i64::from(Sysno::sendmsg.number()), libc::SYS_sendmsg);
    assert_eq!(i64::from(Sysno::recvmsg.number()), libc::SYS_recvmsg);
    assert_eq!(i64::from(Sysno::shutdown.number()), libc::SYS_shutdown);
    assert_eq!(i64::from(Sysno::bind.number()), libc::SYS_bind);
    assert_eq!(i64::from(Sysno::listen.number()), libc::SYS_listen);
    assert_eq!(i64::from(Sysno::getsockname.number()), libc::SYS_getsockname);
    assert_eq!(i64::from(Sysno::getpeername.number()), libc::SYS_getpeername);
    assert_eq!(i64::from(Sysno::socketpair.number()), libc::SYS_socketpair);
    assert_eq!(i64::from(Sysno::setsockopt.number()), libc::SYS_setsockopt);
    assert_eq!(i64::from(Sysno::getsockopt.number()), libc::SYS_getsockopt);
    assert_eq!(i64::from(Sysno::clone.number()), libc::SYS_clone);
    assert_eq!(i64::from(Sysno::fork.number()), libc::SYS_fork);
    assert_eq!(i64::from(Sysno::vfork.number()), libc::SYS_vfork);
    assert_eq!(i64::from(Sysno::execve.number()), libc::SYS_execve);
    assert_eq!(i64::from(Sysno::exit.number()), libc::SYS_exit);
    assert_eq!(i64::from(Sysno::wait4.number()), libc::SYS_wait4);
    assert_eq!(i64::from(Sysno::kill.number()), libc::SYS_kill);
    assert_eq!(i64::from(Sysno::uname.number()), libc::SYS_uname);
    assert_eq!(i64::from(Sysno::semget.number()), libc::SYS_semget);
    assert_eq!(i64::from(Sysno::semop.number()), libc::SYS_semop);
    assert_eq!(i64::from(Sysno::semctl.number()), libc::SYS_semctl);
    assert_eq!(i64::from(Sysno::shmdt.number()), libc::SYS_shmdt);
    assert_eq!(i64::from(Sysno::msgget.number()), libc::SYS_msgget);
    assert_eq!(i64::from(Sysno::msgsnd.number()), libc::SYS_msgsnd);
    assert_eq!(i64::from(Sysno::msgrcv.number()), libc::SYS_msgrcv);
    assert_eq!(i64::from(Sysno::msgctl.number()), libc::SYS_msgctl);
    assert_eq!(i64::from(Sysno::fcntl.number()), libc::SYS_fcntl);
    assert_eq!(i64::from(Sysno::flock.number()), libc::SYS_flock);
    assert_eq!(i64::from(Sysno::fsync.number()), libc::SYS_fsync);
    assert_eq!(i64::from(Sysno::fdatasync.number()), libc::SYS_fdatasync);
    assert_eq!(i64::from(Sysno::truncate.number()), libc::SYS_truncate);
    assert_eq!(i64::from(Sysno::ftruncate.number()), libc::SYS_ftruncate);
    assert_eq!(i64::from(Sysno::getdents.number()), libc::SYS_getdents);
    assert_eq!(i64::from(Sysno::getcwd.number()), libc::SYS_getcwd);
    assert_eq!(i64::from(Sysno::chdir.number()), libc::SYS_chdir);
    assert_eq!(i64::from(Sysno::fchdir.number()), libc::SYS_fchdir);
    assert_eq!(i64::from(Sysno::rename.number()), libc::SYS_rename);
    assert_eq!(i64::from(Sysno::mkdir.number()), libc::SYS_mkdir);
    assert_eq!(i64::from(Sysno::rmdir.number()), libc::SYS_rmdir);
    assert_eq!(i64::from(Sysno::creat.number()), libc::SYS_creat);
    assert_eq!(i64::from(Sysno::link.number()), libc::SYS_link);
    assert_eq!(i64::from(Sysno::unlink.number()), libc::SYS_unlink);
    assert_eq!(i64::from(Sysno::symlink.number()), libc::SYS_symlink);
    assert_eq!(i64::from(Sysno::readlink.number()), libc::SYS_readlink);
    assert_eq!(i64::from(Sysno::chmod.number()), libc::SYS_chmod);
    assert_eq!(i64::from(Sysno::fchmod.number()), libc::SYS_fchmod);
    assert_eq!(i64::from(Sysno::chown.number()), libc::SYS_chown);
    assert_eq!(i64::from(Sysno::fchown.number()), libc::SYS_fchown);
    assert_eq!(i64::from(Sysno::lchown.number()), libc::SYS_lchown);
    assert_eq!(i64::from(Sysno::umask.number()), libc::SYS_umask);
    assert_eq!(i64::from(Sysno::gettimeofday.number()), libc::SYS_gettimeofday);
    assert_eq!(i64::from(Sysno::getrlimit.number()), libc::SYS_getrlimit);
    assert_eq!(i64::from(Sysno::getrusage.number()), libc::SYS_getrusage);
    assert_eq!(i64::from(Sysno::sysinfo.number()), libc::SYS_sysinfo);
}

#[test]
fn errno_values() {
    assert_eq!(Errno::EPERM.raw(), libc::EPERM);
    assert_eq!(Errno::ENOENT.raw(), libc::ENOENT);
    assert_eq!(Errno::ESRCH.raw(), libc::ESRCH);
    assert_eq!(Errno::EINTR.raw(), libc::EINTR);
    assert_eq!(Errno::EIO.raw(), libc::EIO);
    assert_eq!(Errno::ENXIO.raw(), libc::ENXIO);
    assert_eq!(Errno::E2BIG.raw(), libc::E2BIG);
    assert_eq!(Errno::ENOEXEC.raw(), libc::ENOEXEC);
    assert_eq!(Errno::EBADF.raw(), libc::EBADF);
    assert_eq!(Errno::ECHILD.raw(), libc::ECHILD);
    assert_eq!(Errno::EAGAIN.raw(), libc::EAGAIN);
    assert_eq!(Errno::ENOMEM.raw(), libc::ENOMEM);
    assert_eq!(Errno::EACCES.raw(), libc::EACCES);
    assert_eq!(Errno::EFAULT.raw(), libc::EFAULT);
    assert_eq!(Errno::ENOTBLK.raw(), libc::ENOTBLK);
    assert_eq!(Errno::EBUSY.raw(), libc::EBUSY);
    assert_eq!(Errno::EEXIST.raw(), libc::EEXIST);
    assert_eq!(Errno::EXDEV.raw(), libc::EXDEV);
    assert_eq!(Errno::ENODEV.raw(), libc::ENODEV);
    assert_eq!(Errno::ENOTDIR.raw(), libc::ENOTDIR);
    assert_eq!(Errno::EISDIR.raw(), libc::EISDIR);
    assert_eq!(Errno::EINVAL.raw(), libc::EINVAL);
    assert_eq!(Errno::ENFILE.raw(), libc::ENFILE);
    assert_eq!(Errno::EMFILE.raw(), libc::EMFILE);
    assert_eq!(Errno::ENOTTY.raw(), libc::ENOTTY);
    assert_eq!(Errno::ETXTBSY.raw(), libc::ETXTBSY);
    assert_eq!(Errno::EFBIG.raw(), libc::EFBIG);
    assert_eq!(Errno::ENOSPC.raw(), libc::ENOSPC);
    assert_eq!(Errno::ESPIPE.raw(), libc::ESPIPE);
    assert_eq!(Errno::EROFS.raw(), libc::EROFS);
    assert_eq!(Errno::EMLINK.raw(), libc::EMLINK);
    assert_eq!(Errno::EPIPE.raw(), libc::EPIPE);
    assert_eq!(Errno::EDOM.raw(), libc::EDOM);
    assert_eq!(Errno::ERANGE.raw(), libc::ERANGE);
    assert_eq!(Errno::EDEADLK.raw(), libc::EDEADLK);
    assert_eq!(Errno::ENAMETOOLONG.raw(), libc::ENAMETOOLONG);
    assert_eq!(Errno::ENOLCK.raw(), libc::ENOLCK);
    assert_eq!(Errno::ENOSYS.raw(), libc::ENOSYS);
    assert_eq!(Errno::ENOTEMPTY.raw(), libc::ENOTEMPTY);
    assert_eq!(Errno::ELOOP.raw(), libc::ELOOP);
    assert_eq!(Errno::ENOMSG.raw(), libc::ENOMSG);
    assert_eq!(Errno::EIDRM.raw(), libc::EIDRM);
    assert_eq!(Errno::ECHRNG.raw(), libc::ECHRNG);
    assert_eq!(Errno::EL2NSYNC.raw(), libc::EL2NSYNC);
    assert_eq!(Errno::EL3HLT.raw(), libc::EL3HLT);
    assert_eq!(Errno::EL3RST.raw(), libc::EL3RST);
    assert_eq!(Errno::ELNRNG.raw(), libc::ELNRNG);
    assert_eq!(Errno::EUNATCH.raw(), libc::EUNATCH);
    assert_eq!(Errno::ENOCSI.raw(), libc::ENOCSI);
    assert_eq!(Errno::EL2HLT.raw(), libc::EL2HLT);
    assert_eq!(Errno::EBADE.raw(), libc::EBADE);
    assert_eq!(Errno::EBADR.raw(), libc::EBADR);
    assert_eq!(Errno::EXFULL.raw(), libc::EXFULL);
    assert_eq!(Errno::ENOANO.raw(), libc::ENOANO);
    assert_eq!(Errno::EBADRQC.raw(), libc::EBADRQC);
    assert_eq!(Errno::EBADSLT.raw(), libc::EBADSLT);
    assert_eq!(Errno::EBFONT.raw(), libc::EBFONT);
    assert_eq!(Errno::ENOSTR.raw(), libc::ENOSTR);
    assert_eq!(Errno::ENODATA.raw(), libc::ENODATA);
    assert_eq!(Errno::ETIME.raw(), libc::ETIME);
    assert_eq!(Errno::ENOSR.raw(), libc::ENOSR);
    assert_eq!(Errno::ENONET.raw(), libc::ENONET);
    assert_eq!(Errno::ENOPKG.raw(), libc::ENOPKG);
    assert_eq!(Errno::EREMOTE.raw(), libc::EREMOTE);
    assert_eq!(Errno::ENOLINK.raw(), libc::ENOLINK);
    assert_eq!(Errno::EADV.raw(), libc::EADV);
    assert_eq!(Errno::ESRMNT.raw(), libc::ESRMNT);
    assert_eq!(Errno::ECOMM.raw(), libc::ECOMM);
    assert_eq!(Errno::EPROTO.raw(), libc::EPROTO);
    assert_eq!(Errno::EMULTIHOP.raw(), libc::EMULTIHOP);
    assert_eq!(Errno::EDOTDOT.raw(), libc::EDOTDOT);
    assert_eq!(Errno::EBADMSG.raw(), libc::EBADMSG);
    assert_eq!(Errno::EOVERFLOW.raw(), libc::EOVERFLOW);
    assert_eq!(Errno::ENOTUNIQ.raw(), libc::ENOTUNIQ);
    assert_eq!(Errno::EBADFD.raw(), libc::EBADFD);
    assert_eq!(Errno::EREMCHG.raw(), libc::EREMCHG);
    assert_eq!(Errno::ELIBACC.raw(), libc::ELIBACC);
    assert_eq!(Errno::ELIBBAD.raw(), libc::ELIBBAD);
    assert_eq!(Errno::ELIBSCN.raw(), libc::ELIBSCN);
    assert_eq!(Errno::ELIBMAX.raw(), libc::ELIBMAX);
    assert_eq!(Errno::ELIBEXEC.raw(), libc::ELIBEXEC);
    assert_eq!(Errno::EILSEQ.raw(), libc::EILSEQ);
    assert_eq!(Errno::ERESTART.raw(), libc::ERESTART);
    assert_eq!(Errno::ESTRPIPE.raw(), libc::ESTRPIPE);
    assert_eq!(Errno::EUSERS.raw(), libc::EUSERS);
    assert_eq!(Errno::ENOTSOCK.raw(), libc::ENOTSOCK);
    assert_eq!(Errno::EDESTADDRREQ.raw(), libc::EDESTADDRREQ);
    assert_eq!(Errno::EMSGSIZE.raw(), libc::EMSGSIZE);
    assert_eq!(Errno::EPROTOTYPE.raw(), libc::EPROTOTYPE);
    assert_eq!(Errno::ENOPROTOOPT.raw(), libc::ENOPROTOOPT);
    assert_eq!(Errno::EPROTONOSUPPORT.raw(), libc::EPROTONOSUPPORT);
    assert_eq!(Errno::ESOCKTNOSUPPORT.raw(), libc::ESOCKTNOSUPPORT);
    assert_eq!(Errno::EOPNOTSUPP.raw(), libc::EOPNOTSUPP);
    assert_eq!(Errno::EPFNOSUPPORT.raw(), libc::EPFNOSUPPORT);
    assert_eq!(Errno::EAFNOSUPPORT.raw(), libc::EAFNOSUPPORT);
    assert_eq!(Errno::EADDRINUSE.raw(), libc::EADDRINUSE);
    assert_eq!(Errno::EADDRNOTAVAIL.raw(), libc::EADDRNOTAVAIL);
    assert_eq!(Errno::ENETDOWN.raw(), libc::ENETDOWN);
    assert_eq!(Errno::ENETUNREACH.raw(), libc::ENETUNREACH);
    assert_eq!(Errno::ENETRESET.raw(), libc::ENETRESET);
    assert_eq!(Errno::ECONNABORTED.raw(), libc::ECONNABORTED);
    assert_eq!(Errno::ECONNRESET.raw(), libc::ECONNRESET);
    assert_eq!(Errno::ENOBUFS.raw(), libc::ENOBUFS);
    assert_eq!(Errno::EISCONN.raw(), libc::EISCONN);
    assert_eq!(Errno::ENOTCONN.raw(), libc::ENOTCONN);
    assert_eq!(Errno::ESHUTDOWN.raw(), libc::ESHUTDOWN);
    assert_eq!(Errno::ETOOMANYREFS.raw(), libc::ETOOMANYREFS);
    assert_eq!(Errno::ETIMEDOUT.raw(), libc::ETIMEDOUT);
    assert_eq!(Errno::ECONNREFUSED.raw(), libc::ECONNREFUSED);
    assert_eq!(Errno::EHOSTDOWN.raw(), libc::EHOSTDOWN);
    assert_eq!(Errno::EHOSTUNREACH.raw(), libc::EHOSTUNREACH);
    assert_eq!(Errno::EALREADY.raw(), libc::EALREADY);
    assert_eq!(Errno::EINPROGRESS.raw(), libc::EINPROGRESS);
    assert_eq!(Errno::ESTALE.raw(), libc::ESTALE);
    assert_eq!(Errno::EUCLEAN.raw(), libc::EUCLEAN);
    assert_eq!(Errno::ENOTNAM.raw(), libc::ENOTNAM);
    assert_eq!(Errno::ENAVAIL.raw(), libc::ENAVAIL);
    assert_eq!(Errno::EISNAM.raw(), libc::EISNAM);
    assert_eq!(Errno::EREMOTEIO.raw(), libc::EREMOTEIO);
    assert_eq!(Errno::EDQUOT.raw(), libc::EDQUOT);
    assert_eq!(Errno::ENOMEDIUM.raw(), libc::ENOMEDIUM);
    assert_eq!(Errno::EMEDIUMTYPE.raw(), libc::EMEDIUMTYPE);
    assert_eq!(Errno::ECANCELED.raw(), libc::ECANCELED);
    assert_eq!(Errno::ENOKEY.raw(), libc::ENOKEY);
    assert_eq!(Errno::EKEYEXPIRED.raw(), libc::EKEYEXPIRED);
    assert_eq!(Errno::EKEYREVOKED.raw(), libc::EKEYREVOKED);
    assert_eq!(Errno::EKEYREJECTED.raw(), libc::EKEYREJECTED);
    assert_eq!(Errno::EOWNERDEAD.raw(), libc::EOWNERDEAD);
    assert_eq!(Errno::ENOTRECOVERABLE.raw(), libc::ENOTRECOVERABLE);
    assert_eq!(Errno::ERFKILL.raw(), libc::ERFKILL);
    assert_eq!(Errno::EHWPOISON.raw(), libc::EHWPOISON);
    assert_eq!(Errno::EWOULDBLOCK.raw(), libc::EWOULDBLOCK);
    assert_eq!(Errno::EDEADLOCK.raw(), libc::EDEADLOCK);
    assert_eq!(Errno::ENOTSUP.raw(), libc::ENOTSUP);
}

#[test]
fn flags_at_flags() {
    same32!(AtFlags::AT_SYMLINK_NOFOLLOW.bits(), libc::AT_SYMLINK_NOFOLLOW);
    same32!(AtFlags::AT_REMOVEDIR.bits(), libc::AT_REMOVEDIR);
    same32!(AtFlags::AT_SYMLINK_FOLLOW.bits(), libc::AT_SYMLINK_FOLLOW);
    same32!(AtFlags::AT_NO_AUTOMOUNT.bits(), libc::AT_NO_AUTOMOUNT);
    same32!(AtFlags::AT_EMPTY_PATH.bits(), libc::AT_EMPTY_PATH);
    same32!(AtFlags::AT_STATX_FORCE_SYNC.bits(), libc::AT_STATX_FORCE_SYNC);
    same32!(AtFlags::AT_STATX_DONT_SYNC.bits(), libc::AT_STATX_DONT_SYNC);
    same32!(AtFlags::AT_RECURSIVE.bits(), libc::AT_RECURSIVE);
}

#[test]
fn flags_rename_flags() {
    same32!(RenameFlags::RENAME_NOREPLACE.bits(), libc::RENAME_NOREPLACE);
    same32!(RenameFlags::RENAME_EXCHANGE.bits(), libc::RENAME_EXCHANGE);
    same32!(RenameFlags::RENAME_WHITEOUT.bits(), libc::RENAME_WHITEOUT);
}

#[test]
fn flags_clone_flags() {
    same32!(CloneFlags::CLONE_NEWTIME.bits(), libc::CLONE_NEWTIME);
    same32!(CloneFlags::CLONE_VM.bits(), libc::CLONE_VM);
    same32!(CloneFlags::CLONE_FS.bits(), libc::CLONE_FS);
    same32!(CloneFlags::CLONE_FILES.bits(), libc::CLONE_FILES);
    same32!(CloneFlags::CLONE_SIGHAND.bits(), libc::CLONE_SIGHAND);
    same32!(CloneFlags::CLONE_PIDFD.bits(), libc::CLONE_PIDFD);
    same32!(CloneFlags::CLONE_PTRACE.bits(), libc::CLONE_PTRACE);
    same32!(CloneFlags::CLONE_VFORK.bits(), libc::CLONE_VFORK);
    same32!(CloneFlags::CLONE_PARENT.bits(), libc::CLONE_PARENT);
    same32!(CloneFlags::CLONE_THREAD.bits(), libc::CLONE_THREAD);
    same32!(CloneFlags::CLONE_NEWNS.bits(), libc::CLONE_NEWNS);
    same32!(CloneFlags::CLONE_SYSVSEM.bits(), libc::CLONE_SYSVSEM);
    same32!(CloneFlags::CLONE_SETTLS.bits(), libc::CLONE_SETTLS);
    same32!(CloneFlags::CLONE_PARENT_SETTID.bits(), libc::CLONE_PARENT_SETTID);
    same32!(CloneFlags::CLONE_CHILD_CLEARTID.bits(), libc::CLONE_CHILD_CLEARTID);
    same32!(CloneFlags::CLONE_DETACHED.bits(), libc::CLONE_DETACHED);
    same32!(CloneFlags::CLONE_UNTRACED.bits(), libc::CLONE_UNTRACED);
    same32!(CloneFlags::CLONE_CHILD_SETTID.bits(), libc::CLONE_CHILD_SETTID);
    same32!(CloneFlags::CLONE_NEWCGROUP.bits(), libc::CLONE_NEWCGROUP);
    same32!(CloneFlags::CLONE_NEWUTS.bits(), libc::CLONE_NEWUTS);
    same32!(CloneFlags::CLONE_NEWIPC.bits(), libc::CLONE_NEWIPC);
    same32!(CloneFlags::CLONE_NEWUSER.bits(), libc::CLONE_NEWUSER);
    same32!(CloneFlags::CLONE_NEWPID.bits(), libc::CLONE_NEWPID);
    same32!(CloneFlags::CLONE_NEWNET.bits(), libc::CLONE_NEWNET);
    same32!(CloneFlags::CLONE_IO.bits(), libc::CLONE_IO);
}

#[test]
fn flags_fd_flags() {
    same32!(FdFlags::FD_CLOEXEC.bits(), libc::FD_CLOEXEC);
}

#[test]
fn flags_flock_op() {
    same32!(FlockOp::LOCK_SH.bits(), libc::LOCK_SH);
    same32!(FlockOp::LOCK_EX.bits(), libc::LOCK_EX);
    same32!(FlockOp::LOCK_NB.bits(), libc::LOCK_NB);
    same32!(FlockOp::LOCK_UN.bits(), libc::LOCK_UN);
}

#[test]
fn flags_eventfd_flags() {
    same32!(EventfdFlags::EFD_SEMAPHORE.bits(), libc::EFD_SEMAPHORE);
    same32!(EventfdFlags::EFD_NONBLOCK.bits(), libc::EFD_NONBLOCK);
    same32!(EventfdFlags::EFD_CLOEXEC.bits(), libc::EFD_CLOEXEC);
}

#[test]
fn flags_timerfd_flags() {
    same32!(TimerfdFlags::TFD_NONBLOCK.bits(), libc::TFD_NONBLOCK);
    same32!(TimerfdFlags::TFD_CLOEXEC.bits(), libc::TFD_CLOEXEC);
}

#[test]
fn flags_timerfd_settime_flags() {
    same32!(TimerfdSettimeFlags::TFD_TIMER_ABSTIME.bits(), libc::TFD_TIMER_ABSTIME);
    same32!(TimerfdSettimeFlags::TFD_TIMER_CANCEL_ON_SET.bits(), libc::TFD_TIMER_CANCEL_ON_SET);
}

#[test]
fn flags_sock_flags() {
    same32!(SockFlags::SOCK_NONBLOCK.bits(), libc::SOCK_NONBLOCK);
    same32!(SockFlags::SOCK_CLOEXEC.bits(), libc::SOCK_CLOEXEC);
}

#[test]
fn flags_getrandom_flags() {
    same32!(GetrandomFlags::GRND_NONBLOCK.bits(), libc::GRND_NONBLOCK);
    same32!(GetrandomFlags::GRND_RANDOM.bits(), libc::GRND_RANDOM);
    same32!(GetrandomFlags::GRND_INSECURE.bits(), libc::GRND_INSECURE);
}

#[test]
fn flags_close_range_flags() {
    same32!(CloseRangeFlags::CLOSE_RANGE_UNSHARE.bits(), libc::CLOSE_RANGE_UNSHARE);
    same32!(CloseRangeFlags::CLOSE_RANGE_CLOEXEC.bits(), libc::CLOSE_RANGE_CLOEXEC);
}

#[test]
fn flags_msg_flags() {
    same32!(MsgFlags::MSG_OOB.bits(), libc::MSG_OOB);
    same32!(MsgFlags::MSG_PEEK.bits(), libc::MSG_PEEK);
    same32!(MsgFlags::MSG_DONTROUTE.bits(), libc::MSG_DONTROUTE);
    same32!(MsgFlags::MSG_CTRUNC.bits(), libc::MSG_CTRUNC);
    same32!(MsgFlags::MSG_TRUNC.bits(), libc::MSG_TRUNC);
    same32!(MsgFlags::MSG_DONTWAIT.bits(), libc::MSG_DONTWAIT);
    same32!(MsgFlags::MSG_EOR.bits(), libc::MSG_EOR);
    same32!(MsgFlags::MSG_WAITALL.bits(), libc::MSG_WAITALL);
    same32!(MsgFlags::MSG_FIN.bits(), libc::MSG_FIN);
    same32!(MsgFlags::MSG_SYN.bits(), libc::MSG_SYN);
    same32!(MsgFlags::MSG_CONFIRM.bits(), libc::MSG_CONFIRM);
    same32!(MsgFlags::MSG_RST.bits(), libc::MSG_RST);
    same32!(MsgFlags::MSG_ERRQUEUE.bits(), libc::MSG_ERRQUEUE);
    same32!(MsgFlags::MSG_NOSIGNAL.bits(), libc::MSG_NOSIGNAL);
    same32!(MsgFlags::MSG_MORE.bits(), libc::MSG_MORE);
    same32!(MsgFlags::MSG_WAITFORONE.bits(), libc::MSG_WAITFORONE);
    same32!(MsgFlags::MSG_ZEROCOPY.bits(), libc::MSG_ZEROCOPY);
    same32!(MsgFlags::MSG_FASTOPEN.bits(), libc::MSG_FASTOPEN);
    same32!(MsgFlags::MSG_CMSG_CLOEXEC.bits(), libc::MSG_CMSG_CLOEXEC);
}

#[test]
fn flags_prot_flags() {
    same32!(ProtFlags::PROT_READ.bits(), libc::PROT_READ);
    same32!(ProtFlags::PROT_WRITE.bits(), libc::PROT_WRITE);
    same32!(ProtFlags::PROT_EXEC.bits(), libc::PROT_EXEC);
    same32!(ProtFlags::PROT_GROWSDOWN.bits(), libc::PROT_GROWSDOWN);
    same32!(ProtFlags::PROT_GROWSUP.bits(), libc::PROT_GROWSUP);
}

#[test]
fn flags_map_flags() {
    same32!(MapFlags::MAP_SHARED_VALIDATE.bits(), libc::MAP_SHARED_VALIDATE);
    same32!(MapFlags::MAP_SHARED.bits(), libc::MAP_SHARED);
    same32!(MapFlags::MAP_PRIVATE.bits(), libc::MAP_PRIVATE);
    same32!(MapFlags::MAP_FIXED.bits(), libc::MAP_FIXED);
    same32!(MapFlags::MAP_ANONYMOUS.bits(), libc::MAP_ANONYMOUS);
    same32!(MapFlags::MAP_32BIT.bits(), libc::MAP_32BIT);
    same32!(MapFlags::MAP_GROWSDOWN.bits(), libc::MAP_GROWSDOWN);
    same32!(MapFlags::MAP_DENYWRITE.bits(), libc::MAP_DENYWRITE);
    same32!(MapFlags::MAP_EXECUTABLE.bits(), libc::MAP_EXECUTABLE);
    same32!(MapFlags::MAP_LOCKED.bits(), libc::MAP_LOCKED);
    same32!(MapFlags::MAP_NORESERVE.bits(), libc::MAP_NORESERVE);
    same32!(MapFlags::MAP_POPULATE.bits(), libc::MAP_POPULATE);
    same32!(MapFlags::MAP_NONBLOCK.bits(), libc::MAP_NONBLOCK);
    same32!(MapFlags::MAP_STACK.bits(), libc::MAP_STACK);
    same32!(MapFlags::MAP_HUGETLB.bits(), libc::MAP_HUGETLB);
    same32!(MapFlags::MAP_SYNC.bits(), libc::MAP_SYNC);
    same32!(MapFlags::MAP_FIXED_NOREPLACE.bits(), libc::MAP_FIXED_NOREPLACE);
}

#[test]
fn flags_mremap_flags() {
    same32!(MremapFlags::MREMAP_MAYMOVE.bits(), libc::MREMAP_MAYMOVE);
    same32!(mmap::MLOCK_ONFAULT, libc::MLOCK_ONFAULT);
    same32!(mmap::MCL_CURRENT, libc::MCL_CURRENT);
    same32!(mmap::MCL_FUTURE, libc::MCL_FUTURE);
    same32!(mmap::MCL_ONFAULT, libc::MCL_ONFAULT);
    same32!(MremapFlags::MREMAP_FIXED.bits(), libc::MREMAP_FIXED);
    same32!(MremapFlags::MREMAP_DONTUNMAP.bits(), libc::MREMAP_DONTUNMAP);
}

#[test]
fn flags_mount_flags() {
    same32!(MountFlags::MS_RDONLY.bits(), libc::MS_RDONLY);
    same32!(MountFlags::MS_NOSUID.bits(), libc::MS_NOSUID);
    same32!(MountFlags::MS_NODEV.bits(), libc::MS_NODEV);
    same32!(MountFlags::MS_NOEXEC.bits(), libc::MS_NOEXEC);
    same32!(MountFlags::MS_SYNCHRONOUS.bits(), libc::MS_SYNCHRONOUS);
    same32!(MountFlags::MS_REMOUNT.bits(), libc::MS_REMOUNT);
    same32!(MountFlags::MS_MANDLOCK.bits(), libc::MS_MANDLOCK);
    same32!(MountFlags::MS_DIRSYNC.bits(), libc::MS_DIRSYNC);
    same32!(MountFlags::MS_NOSYMFOLLOW.bits(), libc::MS_NOSYMFOLLOW);
    same32!(MountFlags::MS_NOATIME.bits(), libc::MS_NOATIME);
    same32!(MountFlags::MS_NODIRATIME.bits(), libc::MS_NODIRATIME);
    same32!(MountFlags::MS_BIND.bits(), libc::MS_BIND);
    same32!(MountFlags::MS_MOVE.bits(), libc::MS_MOVE);
    same32!(MountFlags::MS_REC.bits(), libc::MS_REC);
    same32!(MountFlags::MS_SILENT.bits(), libc::MS_SILENT);
    same32!(MountFlags::MS_POSIXACL.bits(), libc::MS_POSIXACL);
    same32!(MountFlags::MS_UNBINDABLE.bits(), libc::MS_UNBINDABLE);
    same32!(MountFlags::MS_PRIVATE.bits(), libc::MS_PRIVATE);
    same32!(MountFlags::MS_SLAVE.bits(), libc::MS_SLAVE);
    same32!(MountFlags::MS_SHARED.bits(), libc::MS_SHARED);
    same32!(MountFlags::MS_RELATIME.bits(), libc::MS_RELATIME);
    same32!(MountFlags::MS_KERNMOUNT.bits(), libc::MS_KERNMOUNT);
    same32!(MountFlags::MS_I_VERSION.bits(), libc::MS_I_VERSION);
    same32!(MountFlags::MS_STRICTATIME.bits(), libc::MS_STRICTATIME);
    same32!(MountFlags::MS_LAZYTIME.bits(), libc::MS_LAZYTIME);
}

#[test]
fn flags_umount_flags() {
    same32!(UmountFlags::MNT_FORCE.bits(), libc::MNT_FORCE);
    same32!(UmountFlags::MNT_DETACH.bits(), libc::MNT_DETACH);
    same32!(UmountFlags::MNT_EXPIRE.bits(), libc::MNT_EXPIRE);
    same32!(UmountFlags::UMOUNT_NOFOLLOW.bits(), libc::UMOUNT_NOFOLLOW);
}

#[test]
fn flags_open_flags() {
    same32!(OpenFlags::O_WRONLY.bits(), libc::O_WRONLY);
    same32!(OpenFlags::O_RDWR.bits(), libc::O_RDWR);
    same32!(OpenFlags::O_CREAT.bits(), libc::O_CREAT);
    same32!(OpenFlags::O_EXCL.bits(), libc::O_EXCL);
    same32!(OpenFlags::O_NOCTTY.bits(), libc::O_NOCTTY);
    same32!(OpenFlags::O_TRUNC.bits(), libc::O_TRUNC);
    same32!(OpenFlags::O_APPEND.bits(), libc::O_APPEND);
    same32!(OpenFlags::O_NONBLOCK.bits(), libc::O_NONBLOCK);
    same32!(OpenFlags::O_SYNC.bits(), libc::O_SYNC);
    same32!(OpenFlags::O_DSYNC.bits(), libc::O_DSYNC);
    same32!(OpenFlags::O_ASYNC.bits(), libc::O_ASYNC);
    same32!(OpenFlags::O_DIRECT.bits(), libc::O_DIRECT);
    // glibc defines O_LARGEFILE as 0 on x86-64 (large files are the default); the kernel
    // bit is 0o100000, which is what a program may pass and what strace shows.
    assert_eq!(OpenFlags::O_LARGEFILE.bits(), 0o100000);
    same32!(OpenFlags::O_TMPFILE.bits(), libc::O_TMPFILE);
    same32!(OpenFlags::O_DIRECTORY.bits(), libc::O_DIRECTORY);
    same32!(OpenFlags::O_NOFOLLOW.bits(), libc::O_NOFOLLOW);
    same32!(OpenFlags::O_NOATIME.bits(), libc::O_NOATIME);
    same32!(OpenFlags::O_CLOEXEC.bits(), libc::O_CLOEXEC);
    same32!(OpenFlags::O_PATH.bits(), libc::O_PATH);
}

#[test]
fn flags_resolve_flags() {
    same32!(ResolveFlags::RESOLVE_NO_XDEV.bits(), libc::RESOLVE_NO_XDEV);
    same32!(ResolveFlags::RESOLVE_NO_MAGICLINKS.bits(), libc::RESOLVE_NO_MAGICLINKS);
    same32!(ResolveFlags::RESOLVE_NO_SYMLINKS.bits(), libc::RESOLVE_NO_SYMLINKS);
    same32!(ResolveFlags::RESOLVE_BENEATH.bits(), libc::RESOLVE_BENEATH);
    same32!(ResolveFlags::RESOLVE_IN_ROOT.bits(), libc::RESOLVE_IN_ROOT);
    same32!(ResolveFlags::RESOLVE_CACHED.bits(), libc::RESOLVE_CACHED);
}

#[test]
fn flags_poll_events() {
    same32!(PollEvents::POLLIN.bits(), libc::POLLIN);
    same32!(PollEvents::POLLPRI.bits(), libc::POLLPRI);
    same32!(PollEvents::POLLOUT.bits(), libc::POLLOUT);
    same32!(PollEvents::POLLERR.bits(), libc::POLLERR);
    same32!(PollEvents::POLLHUP.bits(), libc::POLLHUP);
    same32!(PollEvents::POLLNVAL.bits(), libc::POLLNVAL);
    same32!(PollEvents::POLLRDNORM.bits(), libc::POLLRDNORM);
    same32!(PollEvents::POLLRDBAND.bits(), libc::POLLRDBAND);
    same32!(PollEvents::POLLWRNORM.bits(), libc::POLLWRNORM);
    same32!(PollEvents::POLLWRBAND.bits(), libc::POLLWRBAND);
    same32!(PollEvents::POLLRDHUP.bits(), libc::POLLRDHUP);
}

#[test]
fn flags_epoll_events() {
    same32!(EpollEvents::EPOLLIN.bits(), libc::EPOLLIN);
    same32!(EpollEvents::EPOLLPRI.bits(), libc::EPOLLPRI);
    same32!(EpollEvents::EPOLLOUT.bits(), libc::EPOLLOUT);
    same32!(EpollEvents::EPOLLERR.bits(), libc::EPOLLERR);
    same32!(EpollEvents::EPOLLHUP.bits(), libc::EPOLLHUP);
    same32!(EpollEvents::EPOLLRDNORM.bits(), libc::EPOLLRDNORM);
    same32!(EpollEvents::EPOLLRDBAND.bits(), libc::EPOLLRDBAND);
    same32!(EpollEvents::EPOLLWRNORM.bits(), libc::EPOLLWRNORM);
    same32!(EpollEvents::EPOLLWRBAND.bits(), libc::EPOLLWRBAND);
    same32!(EpollEvents::EPOLLMSG.bits(), libc::EPOLLMSG);
    same32!(EpollEvents::EPOLLRDHUP.bits(), libc::EPOLLRDHUP);
    same32!(EpollEvents::EPOLLEXCLUSIVE.bits(), libc::EPOLLEXCLUSIVE);
    same32!(EpollEvents::EPOLLWAKEUP.bits(), libc::EPOLLWAKEUP);
    same32!(EpollEvents::EPOLLONESHOT.bits(), libc::EPOLLONESHOT);
    same32!(EpollEvents::EPOLLET.bits(), libc::EPOLLET);
}

#[test]
fn flags_epoll_create_flags() {
    same32!(EpollCreateFlags::EPOLL_CLOEXEC.bits(), libc::EPOLL_CLOEXEC);
}

#[test]
fn flags_sigaction_flags() {
    same32!(SigactionFlags::SA_NOCLDSTOP.bits(), libc::SA_NOCLDSTOP);
    same32!(SigactionFlags::SA_NOCLDWAIT.bits(), libc::SA_NOCLDWAIT);
    same32!(SigactionFlags::SA_SIGINFO.bits(), libc::SA_SIGINFO);
    same32!(SigactionFlags::SA_ONSTACK.bits(), libc::SA_ONSTACK);
    same32!(SigactionFlags::SA_RESTART.bits(), libc::SA_RESTART);
    same32!(SigactionFlags::SA_NODEFER.bits(), libc::SA_NODEFER);
    same32!(SigactionFlags::SA_RESETHAND.bits(), libc::SA_RESETHAND);
}

#[test]
fn flags_statx_mask() {
    same32!(StatxMask::STATX_BASIC_STATS.bits(), libc::STATX_BASIC_STATS);
    same32!(StatxMask::STATX_TYPE.bits(), libc::STATX_TYPE);
    same32!(StatxMask::STATX_MODE.bits(), libc::STATX_MODE);
    same32!(StatxMask::STATX_NLINK.bits(), libc::STATX_NLINK);
    same32!(StatxMask::STATX_UID.bits(), libc::STATX_UID);
    same32!(StatxMask::STATX_GID.bits(), libc::STATX_GID);
    same32!(StatxMask::STATX_ATIME.bits(), libc::STATX_ATIME);
    same32!(StatxMask::STATX_MTIME.bits(), libc::STATX_MTIME);
    same32!(StatxMask::STATX_CTIME.bits(), libc::STATX_CTIME);
    same32!(StatxMask::STATX_INO.bits(), libc::STATX_INO);
    same32!(StatxMask::STATX_SIZE.bits(), libc::STATX_SIZE);
    same32!(StatxMask::STATX_BLOCKS.bits(), libc::STATX_BLOCKS);
    same32!(StatxMask::STATX_BTIME.bits(), libc::STATX_BTIME);
    same32!(StatxMask::STATX_MNT_ID.bits(), libc::STATX_MNT_ID);
    same32!(StatxMask::STATX_DIOALIGN.bits(), libc::STATX_DIOALIGN);
    same32!(StatxMask::STATX_MNT_ID_UNIQUE.bits(), libc::STATX_MNT_ID_UNIQUE);
    same32!(StatxMask::STATX_SUBVOL.bits(), libc::STATX_SUBVOL);
    same32!(StatxMask::STATX_WRITE_ATOMIC.bits(), libc::STATX_WRITE_ATOMIC);
    same32!(StatxMask::STATX_DIO_READ_ALIGN.bits(), libc::STATX_DIO_READ_ALIGN);
}

#[test]
fn flags_wait_options() {
    same32!(WaitOptions::WNOHANG.bits(), libc::WNOHANG);
    same32!(WaitOptions::WUNTRACED.bits(), libc::WUNTRACED);
    same32!(WaitOptions::WEXITED.bits(), libc::WEXITED);
    same32!(WaitOptions::WCONTINUED.bits(), libc::WCONTINUED);
    same32!(WaitOptions::WNOWAIT.bits(), libc::WNOWAIT);
    same32!(WaitOptions::__WNOTHREAD.bits(), libc::__WNOTHREAD);
    same32!(WaitOptions::__WALL.bits(), libc::__WALL);
    same32!(WaitOptions::__WCLONE.bits(), libc::__WCLONE);
}

#[test]
fn other_flag_constants() {
    use syscall_translation::flags::{clone, fcntl, futex, mmap, mount, open, statx, wait};
    same32!(open::O_ACCMODE, libc::O_ACCMODE);
    same32!(open::O_RDONLY, libc::O_RDONLY);
    same32!(mmap::PAGE_SIZE, 4096);
    same32!(clone::CSIGNAL, libc::CSIGNAL);
    // libc's 64-bit clone3 flags overflow its `c_int` (libc issue #3584); sched.h values:
    assert_eq!(CloneFlags::CLONE_CLEAR_SIGHAND.bits(), 0x1_0000_0000);
    assert_eq!(CloneFlags::CLONE_INTO_CGROUP.bits(), 0x2_0000_0000);
    same32!(AtFlags::AT_EACCESS.bits(), libc::AT_EACCESS);
    same32!(WaitOptions::WSTOPPED.bits(), libc::WSTOPPED);
    same32!(wait::P_ALL, libc::P_ALL);
    same32!(wait::P_PID, libc::P_PID);
    same32!(wait::P_PGID, libc::P_PGID);
    same32!(wait::P_PIDFD, libc::P_PIDFD);
    same32!(mount::MS_MGC_VAL, libc::MS_MGC_VAL);
    same32!(mount::MS_MGC_MSK, libc::MS_MGC_MSK);
    same32!(statx::STATX__RESERVED, libc::STATX__RESERVED);
    for (ours, theirs) in [
        (fcntl::F_DUPFD, libc::F_DUPFD),
        (fcntl::F_GETFD, libc::F_GETFD),
        (fcntl::F_SETFD, libc::F_SETFD),
        (fcntl::F_GETFL, libc::F_GETFL),
        (fcntl::F_SETFL, libc::F_SETFL),
        (fcntl::F_GETLK, libc::F_GETLK),
        (fcntl::F_SETLK, libc::F_SETLK),
        (fcntl::F_SETLKW, libc::F_SETLKW),
        (fcntl::F_SETOWN, libc::F_SETOWN),
        (fcntl::F_GETOWN, libc::F_GETOWN),
        (fcntl::F_OFD_GETLK, libc::F_OFD_GETLK),
        (fcntl::F_OFD_SETLK, libc::F_OFD_SETLK),
        (fcntl::F_OFD_SETLKW, libc::F_OFD_SETLKW),
        (fcntl::F_SETLEASE, libc::F_SETLEASE),
        (fcntl::F_GETLEASE, libc::F_GETLEASE),
        (fcntl::F_NOTIFY, libc::F_NOTIFY),
        (fcntl::F_CANCELLK, libc::F_CANCELLK),
        (fcntl::F_DUPFD_CLOEXEC, libc::F_DUPFD_CLOEXEC),
        (fcntl::F_SETPIPE_SZ, libc::F_SETPIPE_SZ),
        (fcntl::F_GETPIPE_SZ, libc::F_GETPIPE_SZ),
        (fcntl::F_ADD_SEALS, libc::F_ADD_SEALS),
        (fcntl::F_GET_SEALS, libc::F_GET_SEALS),
    ] {
        same32!(ours, theirs);
    }
    for (ours, theirs) in [
        (futex::FUTEX_WAIT, libc::FUTEX_WAIT),
        (futex::FUTEX_WAKE, libc::FUTEX_WAKE),
        (futex::FUTEX_FD, libc::FUTEX_FD),
        (futex::FUTEX_REQUEUE, libc::FUTEX_REQUEUE),
        (futex::FUTEX_CMP_REQUEUE, libc::FUTEX_CMP_REQUEUE),
        (futex::FUTEX_WAKE_OP, libc::FUTEX_WAKE_OP),
        (futex::FUTEX_LOCK_PI, libc::FUTEX_LOCK_PI),
        (futex::FUTEX_UNLOCK_PI, libc::FUTEX_UNLOCK_PI),
        (futex::FUTEX_TRYLOCK_PI, libc::FUTEX_TRYLOCK_PI),
        (futex::FUTEX_WAIT_BITSET, libc::FUTEX_WAIT_BITSET),
        (futex::FUTEX_WAKE_BITSET, libc::FUTEX_WAKE_BITSET),
        (futex::FUTEX_WAIT_REQUEUE_PI, libc::FUTEX_WAIT_REQUEUE_PI),
        (futex::FUTEX_CMP_REQUEUE_PI, libc::FUTEX_CMP_REQUEUE_PI),
        (futex::FUTEX_LOCK_PI2, libc::FUTEX_LOCK_PI2),
        (futex::FUTEX_PRIVATE_FLAG, libc::FUTEX_PRIVATE_FLAG),
        (futex::FUTEX_CLOCK_REALTIME, libc::FUTEX_CLOCK_REALTIME),
    ] {
        same32!(ours, theirs);
    }
    // libc's FUTEX_CMD_MASK also masks bits of a proposed robust-unlock extension that no
    // Linux 6.x release has; the mask of include/uapi/linux/futex.h is:
    assert_eq!(futex::FUTEX_CMD_MASK, !(128 | 256));
    for (value, theirs) in [
        (0, libc::MADV_NORMAL),
        (1, libc::MADV_RANDOM),
        (2, libc::MADV_SEQUENTIAL),
        (3, libc::MADV_WILLNEED),
        (4, libc::MADV_DONTNEED),
        (8, libc::MADV_FREE),
        (9, libc::MADV_REMOVE),
        (10, libc::MADV_DONTFORK),
        (11, libc::MADV_DOFORK),
        (12, libc::MADV_MERGEABLE),
        (13, libc::MADV_UNMERGEABLE),
        (14, libc::MADV_HUGEPAGE),
        (15, libc::MADV_NOHUGEPAGE),
        (16, libc::MADV_DONTDUMP),
        (17, libc::MADV_DODUMP),
        (18, libc::MADV_WIPEONFORK),
        (19, libc::MADV_KEEPONFORK),
        (20, libc::MADV_COLD),
        (21, libc::MADV_PAGEOUT),
        (22, libc::MADV_POPULATE_READ),
        (23, libc::MADV_POPULATE_WRITE),
        (100, libc::MADV_HWPOISON),
        (101, libc::MADV_SOFT_OFFLINE),
    ] {
        assert_eq!(value, theirs);
        assert!(Advice::new(value).is_some(), "{value}");
    }
}

#[test]
fn signal_constants() {
    use syscall_translation::types::signal::*;
    for (ours, theirs) in [
        (SIGHUP, libc::SIGHUP),
        (SIGINT, libc::SIGINT),
        (SIGQUIT, libc::SIGQUIT),
        (SIGILL, libc::SIGILL),
        (SIGTRAP, libc::SIGTRAP),
        (SIGABRT, libc::SIGABRT),
        (SIGBUS, libc::SIGBUS),
        (SIGFPE, libc::SIGFPE),
        (SIGKILL, libc::SIGKILL),
        (SIGUSR1, libc::SIGUSR1),
        (SIGSEGV, libc::SIGSEGV),
        (SIGUSR2, libc::SIGUSR2),
        (SIGPIPE, libc::SIGPIPE),
        (SIGALRM, libc::SIGALRM),
        (SIGTERM, libc::SIGTERM),
        (SIGSTKFLT, libc::SIGSTKFLT),
        (SIGCHLD, libc::SIGCHLD),
        (SIGCONT, libc::SIGCONT),
        (SIGSTOP, libc::SIGSTOP),
        (SIGTSTP, libc::SIGTSTP),
        (SIGTTIN, libc::SIGTTIN),
        (SIGTTOU, libc::SIGTTOU),
        (SIGURG, libc::SIGURG),
        (SIGXCPU, libc::SIGXCPU),
        (SIGXFSZ, libc::SIGXFSZ),
        (SIGVTALRM, libc::SIGVTALRM),
        (SIGPROF, libc::SIGPROF),
        (SIGWINCH, libc::SIGWINCH),
        (SIGIO, libc::SIGIO),
        (SIGPWR, libc::SIGPWR),
        (SIGSYS, libc::SIGSYS),
    ] {
        assert_eq!(ours as i32, theirs);
    }
    same32!(SIG_DFL, libc::SIG_DFL);
    same32!(SIG_IGN, libc::SIG_IGN);
    same32!(SigmaskHow::Block as i32, libc::SIG_BLOCK);
    same32!(SigmaskHow::Unblock as i32, libc::SIG_UNBLOCK);
    same32!(SigmaskHow::SetMask as i32, libc::SIG_SETMASK);
    same32!(SS_ONSTACK, libc::SS_ONSTACK);
    same32!(SS_DISABLE, libc::SS_DISABLE);
    same32!(MINSIGSTKSZ, libc::MINSIGSTKSZ);
    same32!(SIGSTKSZ, libc::SIGSTKSZ);
    same32!(SI_USER, libc::SI_USER);
    same32!(SI_KERNEL, libc::SI_KERNEL);
    same32!(SI_QUEUE, libc::SI_QUEUE);
    same32!(SI_TIMER, libc::SI_TIMER);
    same32!(SI_TKILL, libc::SI_TKILL);
    same32!(CLD_EXITED, libc::CLD_EXITED);
    same32!(CLD_KILLED, libc::CLD_KILLED);
    same32!(CLD_DUMPED, libc::CLD_DUMPED);
    same32!(CLD_TRAPPED, libc::CLD_TRAPPED);
    same32!(CLD_STOPPED, libc::CLD_STOPPED);
    same32!(CLD_CONTINUED, libc::CLD_CONTINUED);
    same32!(BUS_ADRALN, libc::BUS_ADRALN);
    same32!(BUS_ADRERR, libc::BUS_ADRERR);
    same32!(TRAP_BRKPT, libc::TRAP_BRKPT);
    // glibc's SIGRTMIN() is 34 (it reserves two); the kernel's is 32.
    assert_eq!(SIGRTMAX as i32, libc::SIGRTMAX());
    assert_eq!(NSIG as usize, 64);
}

#[test]
fn terminal_and_ioctl_constants() {
    use syscall_translation::ioctl::*;
    use syscall_translation::types::term::*;
    for (ours, theirs) in [
        (TCGETS, libc::TCGETS),
        (TCSETS, libc::TCSETS),
        (TCSETSW, libc::TCSETSW),
        (TCSETSF, libc::TCSETSF),
        (TCSBRK, libc::TCSBRK),
        (TCXONC, libc::TCXONC),
        (TCFLSH, libc::TCFLSH),
        (TIOCSCTTY, libc::TIOCSCTTY),
        (TIOCGPGRP, libc::TIOCGPGRP),
        (TIOCSPGRP, libc::TIOCSPGRP),
        (TIOCOUTQ, libc::TIOCOUTQ),
        (TIOCSTI, libc::TIOCSTI),
        (TIOCGWINSZ, libc::TIOCGWINSZ),
        (TIOCSWINSZ, libc::TIOCSWINSZ),
        (FIONREAD, libc::FIONREAD),
        (TIOCNOTTY, libc::TIOCNOTTY),
        (FIONBIO, libc::FIONBIO),
        (TIOCSETD, libc::TIOCSETD),
        (TIOCGETD, libc::TIOCGETD),
        (TIOCGSID, libc::TIOCGSID),
        (TIOCGPTN, libc::TIOCGPTN),
        (TIOCSPTLCK, libc::TIOCSPTLCK),
        (TIOCGPTPEER, libc::TIOCGPTPEER),
        (FIONCLEX, libc::FIONCLEX),
        (FIOCLEX, libc::FIOCLEX),
        (FIOASYNC, libc::FIOASYNC),
    ] {
        same32!(ours, theirs);
    }
    assert_eq!(ioc(IOC_READ, b'T', 0x30, 4), TIOCGPTN);
    assert_eq!(ioc(IOC_WRITE, b'T', 0x31, 4), TIOCSPTLCK);
    for (ours, theirs) in [
        (VINTR, libc::VINTR),
        (VQUIT, libc::VQUIT),
        (VERASE, libc::VERASE),
        (VKILL, libc::VKILL),
        (VEOF, libc::VEOF),
        (VTIME, libc::VTIME),
        (VMIN, libc::VMIN),
        (VSWTC, libc::VSWTC),
        (VSTART, libc::VSTART),
        (VSTOP, libc::VSTOP),
        (VSUSP, libc::VSUSP),
        (VEOL, libc::VEOL),
        (VREPRINT, libc::VREPRINT),
        (VDISCARD, libc::VDISCARD),
        (VWERASE, libc::VWERASE),
        (VLNEXT, libc::VLNEXT),
        (VEOL2, libc::VEOL2),
    ] {
        assert_eq!(ours, theirs);
    }
    for (ours, theirs) in [
        (IGNBRK, libc::IGNBRK),
        (BRKINT, libc::BRKINT),
        (IGNPAR, libc::IGNPAR),
        (PARMRK, libc::PARMRK),
        (INPCK, libc::INPCK),
        (ISTRIP, libc::ISTRIP),
        (INLCR, libc::INLCR),
        (IGNCR, libc::IGNCR),
        (ICRNL, libc::ICRNL),
        (IUCLC, libc::IUCLC),
        (IXON, libc::IXON),
        (IXANY, libc::IXANY),
        (IXOFF, libc::IXOFF),
        (IMAXBEL, libc::IMAXBEL),
        (IUTF8, libc::IUTF8),
        (OPOST, libc::OPOST),
        (ONLCR, libc::ONLCR),
        (B38400, libc::B38400),
        (CSIZE, libc::CSIZE),
        (CS8, libc::CS8),
        (CREAD, libc::CREAD),
        (HUPCL, libc::HUPCL),
        (CLOCAL, libc::CLOCAL),
        (ISIG, libc::ISIG),
        (ICANON, libc::ICANON),
        (ECHO, libc::ECHO),
        (ECHOE, libc::ECHOE),
        (ECHOK, libc::ECHOK),
        (ECHONL, libc::ECHONL),
        (NOFLSH, libc::NOFLSH),
        (TOSTOP, libc::TOSTOP),
        (ECHOCTL, libc::ECHOCTL),
        (ECHOPRT, libc::ECHOPRT),
        (ECHOKE, libc::ECHOKE),
        (IEXTEN, libc::IEXTEN),
        (TCSANOW, libc::TCSANOW as u32),
        (TCSADRAIN, libc::TCSADRAIN as u32),
        (TCSAFLUSH, libc::TCSAFLUSH as u32),
    ] {
        same32!(ours, theirs);
    }
}

#[test]
fn auxv_elf_and_misc_constants() {
    use syscall_translation::{auxv::*, elf::*, reboot::*};
    for (ours, theirs) in [
        (AT_NULL, libc::AT_NULL),
        (AT_IGNORE, libc::AT_IGNORE),
        (AT_EXECFD, libc::AT_EXECFD),
        (AT_PHDR, libc::AT_PHDR),
        (AT_PHENT, libc::AT_PHENT),
        (AT_PHNUM, libc::AT_PHNUM),
        (AT_PAGESZ, libc::AT_PAGESZ),
        (AT_BASE, libc::AT_BASE),
        (AT_FLAGS, libc::AT_FLAGS),
        (AT_ENTRY, libc::AT_ENTRY),
        (AT_NOTELF, libc::AT_NOTELF),
        (AT_UID, libc::AT_UID),
        (AT_EUID, libc::AT_EUID),
        (AT_GID, libc::AT_GID),
        (AT_EGID, libc::AT_EGID),
        (AT_PLATFORM, libc::AT_PLATFORM),
        (AT_HWCAP, libc::AT_HWCAP),
        (AT_CLKTCK, libc::AT_CLKTCK),
        (AT_SECURE, libc::AT_SECURE),
        (AT_BASE_PLATFORM, libc::AT_BASE_PLATFORM),
        (AT_RANDOM, libc::AT_RANDOM),
        (AT_HWCAP2, libc::AT_HWCAP2),
        (AT_EXECFN, libc::AT_EXECFN),
        (AT_SYSINFO_EHDR, libc::AT_SYSINFO_EHDR),
        (AT_MINSIGSTKSZ, libc::AT_MINSIGSTKSZ),
    ] {
        assert_eq!(ours, theirs);
        assert!(key_name(ours).is_some());
    }
    same32!(EM_X86_64, libc::EM_X86_64);
    same32!(ET_EXEC, libc::ET_EXEC);
    same32!(ET_DYN, libc::ET_DYN);
    same32!(ELFCLASS64, libc::ELFCLASS64);
    same32!(ELFDATA2LSB, libc::ELFDATA2LSB);
    same32!(EV_CURRENT, libc::EV_CURRENT);
    same32!(ELFOSABI_LINUX, libc::ELFOSABI_LINUX);
    same32!(EI_CLASS, libc::EI_CLASS);
    same32!(EI_DATA, libc::EI_DATA);
    same32!(EI_NIDENT, libc::EI_NIDENT);
    for (ours, theirs) in [
        (PT_NULL, libc::PT_NULL),
        (PT_LOAD, libc::PT_LOAD),
        (PT_DYNAMIC, libc::PT_DYNAMIC),
        (PT_INTERP, libc::PT_INTERP),
        (PT_NOTE, libc::PT_NOTE),
        (PT_SHLIB, libc::PT_SHLIB),
        (PT_PHDR, libc::PT_PHDR),
        (PT_TLS, libc::PT_TLS),
        (PT_GNU_EH_FRAME, libc::PT_GNU_EH_FRAME),
        (PT_GNU_STACK, libc::PT_GNU_STACK),
        (PT_GNU_RELRO, libc::PT_GNU_RELRO),
        (PF_X, libc::PF_X),
        (PF_W, libc::PF_W),
        (PF_R, libc::PF_R),
    ] {
        same32!(ours, theirs);
    }
    for (ours, theirs) in [
        (LINUX_REBOOT_MAGIC1, libc::LINUX_REBOOT_MAGIC1),
        (LINUX_REBOOT_MAGIC2, libc::LINUX_REBOOT_MAGIC2),
        (LINUX_REBOOT_MAGIC2A, libc::LINUX_REBOOT_MAGIC2A),
        (LINUX_REBOOT_MAGIC2B, libc::LINUX_REBOOT_MAGIC2B),
        (LINUX_REBOOT_MAGIC2C, libc::LINUX_REBOOT_MAGIC2C),
        (LINUX_REBOOT_CMD_RESTART, libc::LINUX_REBOOT_CMD_RESTART),
        (LINUX_REBOOT_CMD_HALT, libc::LINUX_REBOOT_CMD_HALT),
        (LINUX_REBOOT_CMD_CAD_ON, libc::LINUX_REBOOT_CMD_CAD_ON),
        (LINUX_REBOOT_CMD_CAD_OFF, libc::LINUX_REBOOT_CMD_CAD_OFF),
        (LINUX_REBOOT_CMD_POWER_OFF, libc::LINUX_REBOOT_CMD_POWER_OFF),
        (LINUX_REBOOT_CMD_RESTART2, libc::LINUX_REBOOT_CMD_RESTART2),
        (LINUX_REBOOT_CMD_SW_SUSPEND, libc::LINUX_REBOOT_CMD_SW_SUSPEND),
        (LINUX_REBOOT_CMD_KEXEC, libc::LINUX_REBOOT_CMD_KEXEC),
    ] {
        same32!(ours, theirs);
    }
}

#[test]
fn file_and_resource_constants() {
    use syscall_translation::prctl::*;
    use syscall_translation::types::{
        fs::*, poll::*, resource::*, sched::*, socket::*, stat::*, time::*,
    };
    for (ours, theirs) in [
        (S_IFMT, libc::S_IFMT),
        (S_IFSOCK, libc::S_IFSOCK),
        (S_IFLNK, libc::S_IFLNK),
        (S_IFREG, libc::S_IFREG),
        (S_IFBLK, libc::S_IFBLK),
        (S_IFDIR, libc::S_IFDIR),
        (S_IFCHR, libc::S_IFCHR),
        (S_IFIFO, libc::S_IFIFO),
        (S_ISUID, libc::S_ISUID),
        (S_ISGID, libc::S_ISGID),
        (S_ISVTX, libc::S_ISVTX),
    ] {
        assert_eq!(ours, theirs);
    }
    for dev in [0u64, 0x0801, 0x1234_5678_9abc_def0] {
        let (ma, mi) = (major(dev), minor(dev));
        assert_eq!(ma, libc::major(dev));
        assert_eq!(mi, libc::minor(dev));
        assert_eq!(makedev(ma, mi), libc::makedev(ma, mi));
    }
    same32!(Whence::Set as u32, libc::SEEK_SET);
    same32!(Whence::Cur as u32, libc::SEEK_CUR);
    same32!(Whence::End as u32, libc::SEEK_END);
    same32!(Whence::Data as u32, libc::SEEK_DATA);
    same32!(Whence::Hole as u32, libc::SEEK_HOLE);
    for (ours, theirs) in [
        (DT_UNKNOWN, libc::DT_UNKNOWN),
        (DT_FIFO, libc::DT_FIFO),
        (DT_CHR, libc::DT_CHR),
        (DT_DIR, libc::DT_DIR),
        (DT_BLK, libc::DT_BLK),
        (DT_REG, libc::DT_REG),
        (DT_LNK, libc::DT_LNK),
        (DT_SOCK, libc::DT_SOCK),
    ] {
        assert_eq!(ours, theirs);
    }
    same32!(F_OK, libc::F_OK);
    same32!(R_OK, libc::R_OK);
    same32!(W_OK, libc::W_OK);
    same32!(X_OK, libc::X_OK);
    same32!(F_RDLCK, libc::F_RDLCK);
    same32!(F_WRLCK, libc::F_WRLCK);
    same32!(F_UNLCK, libc::F_UNLCK);
    same32!(UIO_MAXIOV, libc::UIO_MAXIOV);
    for resource in Resource::ALL {
        let theirs = match resource {
            Resource::Cpu => libc::RLIMIT_CPU,
            Resource::Fsize => libc::RLIMIT_FSIZE,
            Resource::Data => libc::RLIMIT_DATA,
            Resource::Stack => libc::RLIMIT_STACK,
            Resource::Core => libc::RLIMIT_CORE,
            Resource::Rss => libc::RLIMIT_RSS,
            Resource::Nproc => libc::RLIMIT_NPROC,
            Resource::Nofile => libc::RLIMIT_NOFILE,
            Resource::Memlock => libc::RLIMIT_MEMLOCK,
            Resource::As => libc::RLIMIT_AS,
            Resource::Locks => libc::RLIMIT_LOCKS,
            Resource::Sigpending => libc::RLIMIT_SIGPENDING,
            Resource::Msgqueue => libc::RLIMIT_MSGQUEUE,
            Resource::Nice => libc::RLIMIT_NICE,
            Resource::Rtprio => libc::RLIMIT_RTPRIO,
            Resource::Rttime => libc::RLIMIT_RTTIME,
        };
        assert_eq!(resource as u32, theirs);
    }
    assert_eq!(RLIM_INFINITY, libc::RLIM_INFINITY);
    assert_eq!(RusageWho::SelfProcess as i32, libc::RUSAGE_SELF);
    assert_eq!(RusageWho::Children as i32, libc::RUSAGE_CHILDREN);
    assert_eq!(RusageWho::Thread as i32, libc::RUSAGE_THREAD);
    for (ours, theirs) in [
        (CLOCK_REALTIME, libc::CLOCK_REALTIME),
        (CLOCK_MONOTONIC, libc::CLOCK_MONOTONIC),
        (CLOCK_PROCESS_CPUTIME_ID, libc::CLOCK_PROCESS_CPUTIME_ID),
        (CLOCK_THREAD_CPUTIME_ID, libc::CLOCK_THREAD_CPUTIME_ID),
        (CLOCK_MONOTONIC_RAW, libc::CLOCK_MONOTONIC_RAW),
        (CLOCK_REALTIME_COARSE, libc::CLOCK_REALTIME_COARSE),
        (CLOCK_MONOTONIC_COARSE, libc::CLOCK_MONOTONIC_COARSE),
        (CLOCK_BOOTTIME, libc::CLOCK_BOOTTIME),
        (CLOCK_REALTIME_ALARM, libc::CLOCK_REALTIME_ALARM),
        (CLOCK_BOOTTIME_ALARM, libc::CLOCK_BOOTTIME_ALARM),
        (CLOCK_TAI, libc::CLOCK_TAI),
    ] {
        assert_eq!(ours, theirs);
    }
    same32!(TIMER_ABSTIME, libc::TIMER_ABSTIME);
    same32!(UTIME_NOW, libc::UTIME_NOW);
    same32!(UTIME_OMIT, libc::UTIME_OMIT);
    same32!(ItimerWhich::Real as i32, libc::ITIMER_REAL);
    same32!(ItimerWhich::Virtual as i32, libc::ITIMER_VIRTUAL);
    same32!(ItimerWhich::Prof as i32, libc::ITIMER_PROF);
    same32!(EPOLL_CTL_ADD, libc::EPOLL_CTL_ADD);
    same32!(EPOLL_CTL_DEL, libc::EPOLL_CTL_DEL);
    same32!(EPOLL_CTL_MOD, libc::EPOLL_CTL_MOD);
    same32!(FD_SETSIZE, libc::FD_SETSIZE);
    same32!(SCHED_OTHER, libc::SCHED_OTHER);
    same32!(SCHED_FIFO, libc::SCHED_FIFO);
    same32!(SCHED_RR, libc::SCHED_RR);
    same32!(SCHED_BATCH, libc::SCHED_BATCH);
    same32!(SCHED_IDLE, libc::SCHED_IDLE);
    same32!(CLONE_ARGS_SIZE_VER2, core::mem::size_of::<libc::clone_args>());
    for (ours, theirs) in [
        (AF_UNSPEC, libc::AF_UNSPEC),
        (AF_UNIX, libc::AF_UNIX),
        (AF_INET, libc::AF_INET),
        (AF_INET6, libc::AF_INET6),
        (AF_NETLINK, libc::AF_NETLINK),
        (SOCK_STREAM, libc::SOCK_STREAM),
        (SOCK_DGRAM, libc::SOCK_DGRAM),
        (SOCK_RAW, libc::SOCK_RAW),
        (SOCK_SEQPACKET, libc::SOCK_SEQPACKET),
        (SOL_SOCKET, libc::SOL_SOCKET),
        (SO_REUSEADDR, libc::SO_REUSEADDR),
        (SO_TYPE, libc::SO_TYPE),
        (SO_ERROR, libc::SO_ERROR),
        (SO_SNDBUF, libc::SO_SNDBUF),
        (SO_RCVBUF, libc::SO_RCVBUF),
        (SO_KEEPALIVE, libc::SO_KEEPALIVE),
        (SO_PASSCRED, libc::SO_PASSCRED),
        (SO_PEERCRED, libc::SO_PEERCRED),
        (SO_RCVTIMEO, libc::SO_RCVTIMEO),
        (SO_SNDTIMEO, libc::SO_SNDTIMEO),
        (SO_ACCEPTCONN, libc::SO_ACCEPTCONN),
        (SO_PROTOCOL, libc::SO_PROTOCOL),
        (SO_DOMAIN, libc::SO_DOMAIN),
        (SCM_RIGHTS, libc::SCM_RIGHTS),
        (SCM_CREDENTIALS, libc::SCM_CREDENTIALS),
    ] {
        assert_eq!(ours, theirs);
    }
    for (ours, theirs) in [
        (PR_SET_PDEATHSIG, libc::PR_SET_PDEATHSIG),
        (PR_GET_PDEATHSIG, libc::PR_GET_PDEATHSIG),
        (PR_GET_DUMPABLE, libc::PR_GET_DUMPABLE),
        (PR_SET_DUMPABLE, libc::PR_SET_DUMPABLE),
        (PR_SET_NAME, libc::PR_SET_NAME),
        (PR_GET_NAME, libc::PR_GET_NAME),
        (PR_GET_SECCOMP, libc::PR_GET_SECCOMP),
        (PR_SET_SECCOMP, libc::PR_SET_SECCOMP),
        (PR_SET_MM, libc::PR_SET_MM),
        (PR_SET_CHILD_SUBREAPER, libc::PR_SET_CHILD_SUBREAPER),
        (PR_GET_CHILD_SUBREAPER, libc::PR_GET_CHILD_SUBREAPER),
        (PR_SET_NO_NEW_PRIVS, libc::PR_SET_NO_NEW_PRIVS),
        (PR_GET_NO_NEW_PRIVS, libc::PR_GET_NO_NEW_PRIVS),
        (PR_GET_TID_ADDRESS, libc::PR_GET_TID_ADDRESS),
        (PR_SET_THP_DISABLE, libc::PR_SET_THP_DISABLE),
        (PR_GET_THP_DISABLE, libc::PR_GET_THP_DISABLE),
        (PR_CAP_AMBIENT, libc::PR_CAP_AMBIENT),
        (PR_SET_PTRACER, libc::PR_SET_PTRACER),
        (PR_SET_VMA, libc::PR_SET_VMA),
    ] {
        assert_eq!(ours, theirs);
        assert!(option_name(ours).is_some());
    }
    same32!(TASK_COMM_LEN, 16);
}
