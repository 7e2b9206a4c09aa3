//! strace-style formatting of a system call and its result (strace(1)'s default output):
//! `openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3`, errors as
//! `= -1 ENOENT (No such file or directory)`, unfinished calls as `= ?`.
//!
//! The crate reads no memory: strings and buffers come from a [`UserMemoryReader`] the caller
//! supplies (the server's checked copy routine, or [`NoMemory`] to print bare addresses). Output
//! goes to any `core::fmt::Write`, without allocation. As in strace, data buffers show at most
//! [`STRING_LIMIT`] bytes followed by `...`; paths are shown whole up to [`PATH_LIMIT`] bytes.
//! Structures behind pointers are shown as addresses (strace would decode them).

use core::fmt::{self, Write};

use bitflags::Flags;

use crate::arch_prctl::{self, ArchPrctl};
use crate::decode::{decode, FcntlCmd, Mode, Syscall, SyscallArgs, WaitTarget};
use crate::errno::SyscallResult;
use crate::flags::fcntl::fcntl_cmd_name;
use crate::flags::futex::{
    futex_command_name, FUTEX_CLOCK_REALTIME, FUTEX_CMD_MASK, FUTEX_PRIVATE_FLAG,
};
use crate::flags::*;
use crate::ioctl::{self, IoctlRequest};
use crate::numbers::Sysno;
use crate::reboot::RebootCmd;
use crate::types::*;
use crate::user::{DirFd, Fd, UserAddr, UserCStr, UserPtr, UserSlice};

/// How many bytes of a data buffer are shown (strace's default `-s 32`).
pub const STRING_LIMIT: usize = 32;
/// How many bytes of a path are shown.
pub const PATH_LIMIT: usize = 1024;
/// How many `argv` entries of execve(2) are shown.
pub const ARGV_LIMIT: usize = 32;

/// Access to the traced program's memory, supplied by the caller.
pub trait UserMemoryReader {
    /// Copy `buf.len()` bytes from `addr`; `false` if any of them is unreadable.
    fn read_bytes(&self, addr: UserAddr, buf: &mut [u8]) -> bool;

    /// Copy a NUL-terminated string from `addr` into `buf`. Returns the length before the NUL,
    /// or `buf.len()` if no NUL came within `buf` (the string is truncated); `None` if the
    /// first byte is unreadable. The default reads byte by byte with `read_bytes`.
    fn read_cstr(&self, addr: UserAddr, buf: &mut [u8]) -> Option<usize> {
        for (index, slot) in buf.iter_mut().enumerate() {
            let at = addr.checked_add(index as u64)?;
            let mut byte = [0];
            if !self.read_bytes(at, &mut byte) {
                return if index == 0 { None } else { Some(index) };
            }
            if byte[0] == 0 {
                return Some(index);
            }
            *slot = byte[0];
        }
        Some(buf.len())
    }
}

/// A reader that can read nothing: every pointer prints as an address.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoMemory;

impl UserMemoryReader for NoMemory {
    fn read_bytes(&self, _addr: UserAddr, _buf: &mut [u8]) -> bool {
        false
    }
}

/// The state of formatting one line: where it goes, how to read memory, and the result (for
/// buffers that are only meaningful after the call).
pub struct Tracer<'a> {
    out: &'a mut dyn Write,
    reader: &'a dyn UserMemoryReader,
    result: Option<SyscallResult>,
}

impl Tracer<'_> {
    /// Write raw text.
    pub fn text(&mut self, text: &str) -> fmt::Result {
        self.out.write_str(text)
    }

    /// Write formatted text.
    pub fn fmt(&mut self, args: fmt::Arguments<'_>) -> fmt::Result {
        self.out.write_fmt(args)
    }

    /// Write an address in hex, or `NULL`.
    pub fn addr(&mut self, addr: UserAddr) -> fmt::Result {
        if addr.is_null() {
            self.text("NULL")
        } else {
            write!(self.out, "{:#x}", addr.0)
        }
    }

    /// Write a quoted, escaped string read from `addr`, at most `limit` bytes, or its address
    /// if unreadable.
    pub fn cstr(&mut self, addr: UserAddr, limit: usize) -> fmt::Result {
        let mut buf = [0u8; PATH_LIMIT];
        let limit = limit.min(PATH_LIMIT);
        match self.reader.read_cstr(addr, &mut buf[..limit]) {
            Some(len) => {
                self.quoted(&buf[..len])?;
                if len == limit {
                    self.text("...")?;
                }
                Ok(())
            }
            None => self.addr(addr),
        }
    }

    /// Write `len` bytes at `addr` as a quoted, escaped string (at most [`STRING_LIMIT`]), or
    /// the address if unreadable.
    pub fn buffer(&mut self, addr: UserAddr, len: u64) -> fmt::Result {
        let mut buf = [0u8; STRING_LIMIT];
        let shown = (len as usize).min(STRING_LIMIT);
        if len > 0 && !self.reader.read_bytes(addr, &mut buf[..shown]) {
            return self.addr(addr);
        }
        self.quoted(&buf[..shown])?;
        if len as usize > shown {
            self.text("...")?;
        }
        Ok(())
    }

    /// Write bytes as a C string literal, escaped as strace does.
    pub fn quoted(&mut self, bytes: &[u8]) -> fmt::Result {
        self.text("\"")?;
        for (index, &byte) in bytes.iter().enumerate() {
            match byte {
                b'"' => self.text("\\\"")?,
                b'\\' => self.text("\\\\")?,
                b'\n' => self.text("\\n")?,
                b'\t' => self.text("\\t")?,
                b'\r' => self.text("\\r")?,
                0x0b => self.text("\\v")?,
                0x0c => self.text("\\f")?,
                0x20..=0x7e => self.out.write_char(byte as char)?,
                _ => {
                    let next_is_digit =
                        bytes.get(index + 1).is_some_and(|b| (b'0'..=b'7').contains(b));
                    if next_is_digit {
                        write!(self.out, "\\{byte:03o}")?
                    } else {
                        write!(self.out, "\\{byte:o}")?
                    }
                }
            }
        }
        self.text("\"")
    }

    /// Write flag names joined by `|`, unknown bits in hex, or `zero` when empty.
    pub fn flags<F: Flags>(&mut self, flags: F, zero: &str) -> fmt::Result
    where
        F::Bits: fmt::LowerHex,
    {
        let mut first = true;
        for (name, _) in flags.iter_names() {
            if !first {
                self.text("|")?;
            }
            self.text(name)?;
            first = false;
        }
        let unknown =
            F::from_bits_retain(flags.bits()).difference(F::from_bits_truncate(flags.bits()));
        if !unknown.is_empty() {
            if !first {
                self.text("|")?;
            }
            write!(self.out, "{:#x}", unknown.bits())?;
            first = false;
        }
        if first {
            self.text(zero)?;
        }
        Ok(())
    }

    fn name_or_number(&mut self, name: Option<&str>, number: impl fmt::Display) -> fmt::Result {
        match name {
            Some(name) => self.text(name),
            None => write!(self.out, "{number}"),
        }
    }
}

/// How one decoded field prints.
pub trait TraceArg {
    /// Write the field.
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result;
}

macro_rules! trace_display {
    ($($ty:ty),*) => {
        $(impl TraceArg for $ty {
            fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
                t.fmt(format_args!("{}", self))
            }
        })*
    };
}

trace_display!(u64, i64, u32, i32);

impl TraceArg for bool {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.text(if *self { "1" } else { "0" })
    }
}

impl TraceArg for Fd {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.fmt(format_args!("{}", self.0))
    }
}

impl TraceArg for DirFd {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        match self {
            DirFd::Cwd => t.text("AT_FDCWD"),
            DirFd::Fd(fd) => fd.trace(t),
        }
    }
}

impl TraceArg for UserAddr {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.addr(*self)
    }
}

impl TraceArg for Option<UserAddr> {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.addr(self.unwrap_or(UserAddr::NULL))
    }
}

impl<T> TraceArg for UserPtr<T> {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.addr(self.addr())
    }
}

impl<T> TraceArg for Option<UserPtr<T>> {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.addr(self.map_or(UserAddr::NULL, UserPtr::addr))
    }
}

impl TraceArg for UserCStr {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        if self.addr.is_null() {
            return t.text("NULL");
        }
        t.cstr(self.addr, PATH_LIMIT)
    }
}

impl TraceArg for Option<UserCStr> {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        match self {
            Some(path) => path.trace(t),
            None => t.text("NULL"),
        }
    }
}

impl TraceArg for UserSlice {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.addr(self.addr)?;
        t.fmt(format_args!(", {}", self.len))
    }
}

impl TraceArg for Mode {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.fmt(format_args!("0{:02o}", self.0))
    }
}

impl TraceArg for ClockId {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.name_or_number(self.name(), self.0)
    }
}

impl TraceArg for Signal {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.fmt(format_args!("{self}"))
    }
}

impl TraceArg for Option<Signal> {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        match self {
            Some(signal) => signal.trace(t),
            None => t.text("0"),
        }
    }
}

macro_rules! trace_named {
    ($($ty:ty),*) => {
        $(impl TraceArg for $ty {
            fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
                t.text(self.name())
            }
        })*
    };
}

trace_named!(Whence, ItimerWhich, Resource, RusageWho, EpollCtlOp, RebootCmd);

impl TraceArg for Advice {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.name_or_number(self.name(), self.0)
    }
}

macro_rules! trace_flags {
    ($($ty:ty => $zero:literal),* $(,)?) => {
        $(impl TraceArg for $ty {
            fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
                t.flags(*self, $zero)
            }
        })*
    };
}

trace_flags!(
    AtFlags => "0", RenameFlags => "0", CloneFlags => "0", FdFlags => "0", FlockOp => "0",
    CloseRangeFlags => "0", EventfdFlags => "0", GetrandomFlags => "0", MsgFlags => "0",
    SockFlags => "0", TimerfdFlags => "0", TimerfdSettimeFlags => "0", MapFlags => "0",
    MremapFlags => "0", ProtFlags => "PROT_NONE", MountFlags => "0", UmountFlags => "0",
    EpollCreateFlags => "0", EpollEvents => "0", PollEvents => "0", SigactionFlags => "0",
    StatxMask => "0", WaitOptions => "0", ResolveFlags => "0",
);

impl TraceArg for OpenFlags {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.text(match self.access_mode() {
            AccessMode::ReadOnly => "O_RDONLY",
            AccessMode::WriteOnly => "O_WRONLY",
            AccessMode::ReadWrite => "O_RDWR",
            AccessMode::Invalid => "O_ACCMODE",
        })?;
        let rest = self.difference(OpenFlags::O_WRONLY | OpenFlags::O_RDWR);
        if !rest.is_empty() {
            t.text("|")?;
            t.flags(rest, "0")?;
        }
        Ok(())
    }
}

impl TraceArg for Option<(SigmaskHow, UserPtr<SigSet>)> {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        match self {
            Some((how, set)) => {
                t.text(how.name())?;
                t.text(", ")?;
                set.trace(t)
            }
            None => t.text("SIG_BLOCK, NULL"),
        }
    }
}

impl TraceArg for [u64; 4] {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.fmt(format_args!("{:#x}, {:#x}, {:#x}, {:#x}", self[0], self[1], self[2], self[3]))
    }
}

impl TraceArg for WaitTarget {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        match *self {
            WaitTarget::Any => t.text("-1"),
            WaitTarget::OwnGroup => t.text("0"),
            WaitTarget::Pid(pid) => t.fmt(format_args!("{pid}")),
            WaitTarget::Group(group) => t.fmt(format_args!("-{group}")),
        }
    }
}

impl TraceArg for WaitId {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        match *self {
            WaitId::All => t.text("P_ALL, 0"),
            WaitId::Pid(id) => t.fmt(format_args!("P_PID, {id}")),
            WaitId::Pgid(id) => t.fmt(format_args!("P_PGID, {id}")),
            WaitId::PidFd(id) => t.fmt(format_args!("P_PIDFD, {id}")),
        }
    }
}

impl TraceArg for IoctlRequest {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        let (request, arg) = match *self {
            IoctlRequest::Tcgets(p) => (ioctl::TCGETS, Some(p.addr())),
            IoctlRequest::Tcsets { when, termios } => (
                match when {
                    ioctl::TermiosWhen::Now => ioctl::TCSETS,
                    ioctl::TermiosWhen::Drain => ioctl::TCSETSW,
                    ioctl::TermiosWhen::Flush => ioctl::TCSETSF,
                },
                Some(termios.addr()),
            ),
            IoctlRequest::Tiocgwinsz(p) => (ioctl::TIOCGWINSZ, Some(p.addr())),
            IoctlRequest::Tiocswinsz(p) => (ioctl::TIOCSWINSZ, Some(p.addr())),
            IoctlRequest::Tiocgpgrp(p) => (ioctl::TIOCGPGRP, Some(p.addr())),
            IoctlRequest::Tiocspgrp(p) => (ioctl::TIOCSPGRP, Some(p.addr())),
            IoctlRequest::Tiocsctty { steal } => {
                return t.fmt(format_args!("TIOCSCTTY, {}", steal as u8));
            }
            IoctlRequest::Tiocnotty => (ioctl::TIOCNOTTY, None),
            IoctlRequest::Fionread(p) => (ioctl::FIONREAD, Some(p.addr())),
            IoctlRequest::Fionbio(p) => (ioctl::FIONBIO, Some(p.addr())),
            IoctlRequest::Fioclex => (ioctl::FIOCLEX, None),
            IoctlRequest::Fionclex => (ioctl::FIONCLEX, None),
            IoctlRequest::Other { request, arg } => {
                t.name_or_number(ioctl::request_name(request), format_args!("{request:#x}"))?;
                return t.fmt(format_args!(", {arg:#x}"));
            }
        };
        t.name_or_number(ioctl::request_name(request), request)?;
        match arg {
            Some(addr) => {
                t.text(", ")?;
                t.addr(addr)
            }
            None => Ok(()),
        }
    }
}

impl TraceArg for FcntlCmd {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        let cmd = self.cmd();
        t.name_or_number(fcntl_cmd_name(cmd), cmd)?;
        match *self {
            FcntlCmd::DupFd { min } | FcntlCmd::DupFdCloexec { min } => {
                t.text(", ")?;
                min.trace(t)
            }
            FcntlCmd::SetFd(flags) => {
                t.text(", ")?;
                flags.trace(t)
            }
            FcntlCmd::SetFl(flags) => {
                t.text(", ")?;
                flags.trace(t)
            }
            FcntlCmd::Lock { lock, .. } => {
                t.text(", ")?;
                lock.trace(t)
            }
            FcntlCmd::SetOwn(value) => t.fmt(format_args!(", {value}")),
            FcntlCmd::SetPipeSize(value) | FcntlCmd::AddSeals(value) => {
                t.fmt(format_args!(", {value}"))
            }
            FcntlCmd::Other { arg, .. } => t.fmt(format_args!(", {arg:#x}")),
            FcntlCmd::GetFd
            | FcntlCmd::GetFl
            | FcntlCmd::GetOwn
            | FcntlCmd::GetPipeSize
            | FcntlCmd::GetSeals => Ok(()),
        }
    }
}

impl TraceArg for Futex {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        t.addr(self.uaddr.addr())?;
        t.text(", ")?;
        let cmd = self.raw_op & FUTEX_CMD_MASK;
        t.name_or_number(futex_command_name(cmd), cmd)?;
        if self.raw_op & FUTEX_PRIVATE_FLAG != 0 {
            t.text("_PRIVATE")?;
        }
        if self.raw_op & FUTEX_CLOCK_REALTIME != 0 {
            t.text("|FUTEX_CLOCK_REALTIME")?;
        }
        let timeout = |t: &mut Tracer<'_>, p: Option<UserPtr<Timespec>>| {
            t.addr(p.map_or(UserAddr::NULL, UserPtr::addr))
        };
        match self.op {
            FutexOp::Wait { val, timeout: p } => {
                t.fmt(format_args!(", {val}, "))?;
                timeout(t, p)
            }
            FutexOp::Wake { count } => t.fmt(format_args!(", {count}")),
            FutexOp::Requeue { count, requeue, uaddr2 } => {
                t.fmt(format_args!(", {count}, {requeue}, {:#x}", uaddr2.addr().0))
            }
            FutexOp::CmpRequeue { count, requeue, uaddr2, expected }
            | FutexOp::CmpRequeuePi { count, requeue, uaddr2, expected } => {
                t.fmt(format_args!(", {count}, {requeue}, {:#x}, {expected}", uaddr2.addr().0))
            }
            FutexOp::WakeOp { count, count2, uaddr2, encoded_op } => {
                t.fmt(format_args!(", {count}, {count2}, {:#x}, {encoded_op:#x}", uaddr2.addr().0))
            }
            FutexOp::WaitBitset { val, timeout: p, bitset } => {
                t.fmt(format_args!(", {val}, "))?;
                timeout(t, p)?;
                t.fmt(format_args!(", NULL, {bitset:#x}"))
            }
            FutexOp::WakeBitset { count, bitset } => {
                t.fmt(format_args!(", {count}, NULL, NULL, {bitset:#x}"))
            }
            FutexOp::LockPi { timeout: p, .. } => {
                t.text(", 0, ")?;
                timeout(t, p)
            }
            FutexOp::UnlockPi | FutexOp::TrylockPi => Ok(()),
            FutexOp::WaitRequeuePi { val, timeout: p, uaddr2 } => {
                t.fmt(format_args!(", {val}, "))?;
                timeout(t, p)?;
                t.fmt(format_args!(", {:#x}", uaddr2.addr().0))
            }
        }
    }
}

impl TraceArg for ArchPrctl {
    fn trace(&self, t: &mut Tracer<'_>) -> fmt::Result {
        match *self {
            ArchPrctl::SetFs(value) => t.fmt(format_args!("ARCH_SET_FS, {value:#x}")),
            ArchPrctl::SetGs(value) => t.fmt(format_args!("ARCH_SET_GS, {value:#x}")),
            ArchPrctl::GetFs(p) => t.fmt(format_args!("ARCH_GET_FS, {:#x}", p.addr().0)),
            ArchPrctl::GetGs(p) => t.fmt(format_args!("ARCH_GET_GS, {:#x}", p.addr().0)),
            ArchPrctl::Other { code, arg } => {
                t.name_or_number(arch_prctl::code_name(code), format_args!("{code:#x}"))?;
                t.fmt(format_args!(", {arg:#x}"))
            }
        }
    }
}

/// Calls whose successful result strace prints in hex (addresses).
fn returns_address(sysno: Option<Sysno>) -> bool {
    matches!(sysno, Some(Sysno::mmap | Sysno::brk | Sysno::mremap | Sysno::shmat))
}

/// Write ` = <result>` as strace does: `?` for a call that did not return, errors as
/// `-1 ENAME (description)`, addresses in hex.
pub fn format_result(
    out: &mut dyn Write,
    sysno: Option<Sysno>,
    result: Option<SyscallResult>,
) -> fmt::Result {
    match result {
        None => out.write_str(" = ?"),
        Some(Ok(value)) if returns_address(sysno) => write!(out, " = {value:#x}"),
        Some(Ok(value)) => write!(out, " = {}", value as i64),
        Some(Err(errno)) if errno.is_restart() => write!(out, " = ? {errno}"),
        Some(Err(errno)) => match (errno.name(), errno.description()) {
            (Some(name), Some(text)) => write!(out, " = -1 {name} ({text})"),
            _ => write!(out, " = -1 errno {}", errno.raw()),
        },
    }
}

/// Write the strace line (without newline) of a call: `name(args) = result`. The frame is
/// decoded here; a frame that fails to decode prints its raw arguments in hex.
pub fn format_syscall(
    out: &mut dyn Write,
    frame: &SyscallArgs,
    reader: &dyn UserMemoryReader,
    result: Option<SyscallResult>,
) -> fmt::Result {
    let sysno = Sysno::new(frame.nr);
    let mut t = Tracer { out, reader, result };
    match decode(frame) {
        Ok(Syscall::Unknown { nr, args }) => {
            t.fmt(format_args!("syscall_{nr:#x}("))?;
            raw_args(&mut t, &args, 6)?;
        }
        Ok(Syscall::Raw { sysno, args }) => {
            t.fmt(format_args!("{sysno}("))?;
            raw_args(&mut t, &args, sysno.arg_count())?;
        }
        Ok(call) => {
            t.fmt(format_args!("{}(", sysno.map_or("?", Sysno::name)))?;
            typed_args(&mut t, &call, frame)?;
        }
        Err(_) => {
            let sysno = sysno.expect("only known numbers fail to decode");
            t.fmt(format_args!("{sysno}("))?;
            raw_args(&mut t, &frame.args, sysno.arg_count())?;
        }
    }
    t.text(")")?;
    format_result(t.out, sysno, result)
}

fn raw_args(t: &mut Tracer<'_>, args: &[u64; 6], count: usize) -> fmt::Result {
    for (index, arg) in args.iter().take(count).enumerate() {
        if index > 0 {
            t.text(", ")?;
        }
        t.fmt(format_args!("{arg:#x}"))?;
    }
    Ok(())
}

/// A buffer the kernel fills: shown with the returned length after a successful call.
fn out_buffer(t: &mut Tracer<'_>, buf: UserSlice) -> fmt::Result {
    match t.result {
        Some(Ok(count)) => t.buffer(buf.addr, count.min(buf.len))?,
        _ => t.addr(buf.addr)?,
    }
    t.fmt(format_args!(", {}", buf.len))
}

/// A buffer the program supplies: shown with its length.
fn in_buffer(t: &mut Tracer<'_>, buf: UserSlice) -> fmt::Result {
    t.buffer(buf.addr, buf.len)?;
    t.fmt(format_args!(", {}", buf.len))
}

fn string_array(t: &mut Tracer<'_>, array: UserAddr) -> fmt::Result {
    if array.is_null() {
        return t.text("NULL");
    }
    let mut word = [0u8; 8];
    if !t.reader.read_bytes(array, &mut word) {
        return t.addr(array);
    }
    t.text("[")?;
    for index in 0..=ARGV_LIMIT {
        let mut word = [0u8; 8];
        let Some(slot) = array.checked_add(index as u64 * 8) else { break };
        if !t.reader.read_bytes(slot, &mut word) {
            break;
        }
        let string = u64::from_le_bytes(word);
        if string == 0 {
            break;
        }
        if index > 0 {
            t.text(", ")?;
        }
        if index == ARGV_LIMIT {
            t.text("...")?;
            break;
        }
        t.cstr(UserAddr(string), STRING_LIMIT)?;
    }
    t.text("]")
}

fn typed_args(t: &mut Tracer<'_>, call: &Syscall, frame: &SyscallArgs) -> fmt::Result {
    match *call {
        Syscall::Read { fd, buf } | Syscall::Getdents64 { fd, buf } => {
            fd.trace(t)?;
            t.text(", ")?;
            if matches!(call, Syscall::Read { .. }) {
                out_buffer(t, buf)
            } else {
                buf.trace(t)
            }
        }
        Syscall::Pread64 { fd, buf, offset } => {
            fd.trace(t)?;
            t.text(", ")?;
            out_buffer(t, buf)?;
            t.fmt(format_args!(", {offset}"))
        }
        Syscall::Write { fd, buf } => {
            fd.trace(t)?;
            t.text(", ")?;
            in_buffer(t, buf)
        }
        Syscall::Pwrite64 { fd, buf, offset } => {
            fd.trace(t)?;
            t.text(", ")?;
            in_buffer(t, buf)?;
            t.fmt(format_args!(", {offset}"))
        }
        Syscall::Open { path, flags, mode } => {
            path.trace(t)?;
            t.text(", ")?;
            open_flags_and_mode(t, flags, mode)
        }
        Syscall::Openat { dirfd, path, flags, mode } => {
            dirfd.trace(t)?;
            t.text(", ")?;
            path.trace(t)?;
            t.text(", ")?;
            open_flags_and_mode(t, flags, mode)
        }
        Syscall::Execve { path, argv, envp } => {
            path.trace(t)?;
            t.text(", ")?;
            string_array(t, argv.addr())?;
            t.text(", ")?;
            envp.trace(t)
        }
        Syscall::RtSigaction { signal, act, oldact } => {
            signal.trace(t)?;
            t.text(", ")?;
            act.trace(t)?;
            t.text(", ")?;
            oldact.trace(t)?;
            t.text(", 8")
        }
        Syscall::RtSigprocmask { change, oldset } => {
            match change {
                Some(_) => change.trace(t)?,
                None => {
                    let how = SigmaskHow::new(frame.args[0] as u32 as i32);
                    t.name_or_number(how.map(SigmaskHow::name), frame.args[0] as u32 as i32)?;
                    t.text(", NULL")?;
                }
            }
            t.text(", ")?;
            oldset.trace(t)?;
            t.text(", 8")
        }
        Syscall::Clone { flags, exit_signal, stack, parent_tid, child_tid, tls } => {
            t.text("child_stack=")?;
            t.addr(stack)?;
            t.text(", flags=")?;
            let signal = Signal::new(exit_signal as i64);
            if !flags.is_empty() {
                t.flags(flags, "0")?;
                if exit_signal != 0 {
                    t.text("|")?;
                }
            }
            match signal {
                Some(signal) => signal.trace(t)?,
                None if flags.is_empty() || exit_signal != 0 => {
                    t.fmt(format_args!("{exit_signal}"))?
                }
                None => {}
            }
            t.text(", parent_tid=")?;
            parent_tid.trace(t)?;
            t.text(", child_tid=")?;
            child_tid.trace(t)?;
            t.fmt(format_args!(", tls={tls:#x}"))
        }
        _ => {
            let mut first = true;
            call.visit_fields(&mut |_, field| {
                if !first {
                    t.text(", ")?;
                }
                first = false;
                field.trace(t)
            })
        }
    }
}

fn open_flags_and_mode(t: &mut Tracer<'_>, flags: OpenFlags, mode: Mode) -> fmt::Result {
    flags.trace(t)?;
    if flags.contains(OpenFlags::O_CREAT) || flags.contains(OpenFlags::O_TMPFILE) {
        t.text(", ")?;
        mode.trace(t)?;
    }
    Ok(())
}
