//! AF_UNIX sockets (unix(7)): socket, socketpair, bind, listen, accept(4),
//! connect, getsockname, getpeername, the send and receive families
//! (SCM_RIGHTS, SCM_CREDENTIALS), shutdown, getsockopt and setsockopt; and
//! read/write on every `Kind::Special` description. The objects and their
//! readiness are in `special.rs`; queue rules in `linux_personality::ipc`.
//!
//! Filesystem names are socket inodes of the VFS (S_IFSOCK, made by bind like
//! mknod; an existing name is EADDRINUSE; unlink removes it); abstract names
//! live in the registry. A call that must wait (accept, a receive on an empty
//! queue, a send to a full one, connect to a full backlog) parks; O_NONBLOCK
//! or MSG_DONTWAIT make it EAGAIN, and SO_RCVTIMEO / SO_SNDTIMEO bound it
//! (EAGAIN when they pass; read/write/recv*/send*/accept/connect, not
//! readv/writev). Other families are EAFNOSUPPORT.
//!
//! Simplifications, each visible only in timing or capacity: a blocking
//! stream send that finds part of the room it needs returns a short count
//! (as pipe writes here do) instead of waiting to send it all; the stream
//! buffer is the receiver's (212992 bytes), not Linux's per-sender
//! accounting; MSG_WAITALL waits for the whole amount only up to that size.

use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;

use linux_personality::ipc::socket::{Datagram, Ucred, UnixAddress};
use linux_personality::vfs::{At, Ctx};
use syscall_translation::flags::{AtFlags, MsgFlags, OpenFlags, SockFlags};
use syscall_translation::types::socket::{
    AF_UNIX, SCM_CREDENTIALS, SCM_RIGHTS, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, SOL_SOCKET,
    SO_ACCEPTCONN, SO_DOMAIN, SO_ERROR, SO_KEEPALIVE, SO_PASSCRED, SO_PEERCRED, SO_PROTOCOL,
    SO_RCVBUF, SO_RCVTIMEO, SO_REUSEADDR, SO_SNDBUF, SO_SNDTIMEO, SO_TYPE,
};
use syscall_translation::types::stat::{S_IFMT, S_IFSOCK};
use syscall_translation::Errno;

use super::fs::{read_user, write_user};
use super::{Call, Done};
use crate::files::Kind;
use crate::special::{self, Rights, Socket, Special, RCV_SHUTDOWN, SEND_SHUTDOWN};

const O_NONBLOCK: u32 = OpenFlags::O_NONBLOCK.bits();
const SOCK_NONBLOCK: u32 = SockFlags::SOCK_NONBLOCK.bits();
const SOCK_CLOEXEC: u32 = SockFlags::SOCK_CLOEXEC.bits();

const MSG_OOB: u32 = MsgFlags::MSG_OOB.bits();
const MSG_PEEK: u32 = MsgFlags::MSG_PEEK.bits();
const MSG_CTRUNC: u32 = MsgFlags::MSG_CTRUNC.bits();
const MSG_TRUNC: u32 = MsgFlags::MSG_TRUNC.bits();
const MSG_DONTWAIT: u32 = MsgFlags::MSG_DONTWAIT.bits();
const MSG_WAITALL: u32 = MsgFlags::MSG_WAITALL.bits();
const MSG_NOSIGNAL: u32 = MsgFlags::MSG_NOSIGNAL.bits();
const MSG_CMSG_CLOEXEC: u32 = MsgFlags::MSG_CMSG_CLOEXEC.bits();

/// SCM_MAX_FD.
const MAX_RIGHTS: usize = 253;

/// The smallest buffer sizes setsockopt leaves (SOCK_MIN_SNDBUF/RCVBUF).
const MIN_SNDBUF: u32 = 4608;
const MIN_RCVBUF: u32 = 2304;
/// net.core.{w,r}mem_max.
const MAX_BUFFER: u32 = 212_992;

/// The most bytes one send or receive moves (as read and write).
const MAX_IO: u64 = 1 << 24;

fn ret(r: Result<u64, Errno>) -> Done {
    Done::Ret(r)
}

macro_rules! try_done {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Done::Ret(Err(e)),
        }
    };
}

/// The socket behind `fd` (EBADF, ENOTSOCK) and its description's flags.
fn socket_of(c: &Call, fd: u64) -> Result<(Rc<RefCell<Socket>>, u32), Errno> {
    let file = c.p.file(fd as i32)?;
    let f = file.borrow();
    match &f.kind {
        Kind::Special(Special::Socket(s)) => Ok((s.clone(), f.flags)),
        _ => Err(Errno::ENOTSOCK),
    }
}

fn my_ucred(c: &Call) -> Ucred {
    Ucred { pid: c.p.pid, uid: c.p.cred.uid, gid: c.p.cred.gid }
}

/// SO_PEERCRED's credentials: effective ids.
fn my_peercred(c: &Call) -> Ucred {
    Ucred { pid: c.p.pid, uid: c.p.cred.euid, gid: c.p.cred.egid }
}

fn new_socket(c: &mut Call, kind: i32) -> Rc<RefCell<Socket>> {
    let ino = c.sys.ipc.ino();
    Rc::new(RefCell::new(Socket::new(kind, my_peercred(c), ino)))
}

/// The timeout (SO_RCVTIMEO when `receiving`, else SO_SNDTIMEO) of the
/// socket behind `file`; None for other descriptors and sockets without one.
pub fn timeout_of(file: &crate::files::FileRef, receiving: bool) -> Option<u64> {
    match &file.borrow().kind {
        Kind::Special(Special::Socket(s)) => {
            let s = s.borrow();
            if receiving {
                s.rcvtimeo
            } else {
                s.sndtimeo
            }
        }
        _ => None,
    }
}

/// Waits for an event, or at most `timeout` ns (then EAGAIN: see
/// `CallFlags::EAGAIN_ON_TIMEOUT`).
pub fn park(timeout: Option<u64>) -> Done {
    match timeout {
        Some(0) => Done::Ret(Err(Errno::EAGAIN)),
        Some(ns) => Done::Park(Some(microkernel_user::clock_ns().saturating_add(ns))),
        None => Done::Park(None),
    }
}

/// Decodes socket(2)'s type argument: (type, nonblock, cloexec).
fn socket_type(domain: u64, value: u64, protocol: u64) -> Result<(i32, bool, bool), Errno> {
    let value = value as u32;
    if value & !(0xf | SOCK_NONBLOCK | SOCK_CLOEXEC) != 0 {
        return Err(Errno::EINVAL);
    }
    if domain as i32 != AF_UNIX {
        return Err(Errno::EAFNOSUPPORT);
    }
    let kind = (value & 0xf) as i32;
    if !matches!(kind, SOCK_STREAM | SOCK_DGRAM | SOCK_SEQPACKET) {
        return Err(Errno::ESOCKTNOSUPPORT);
    }
    if protocol != 0 && protocol != AF_UNIX as u64 {
        return Err(Errno::EPROTONOSUPPORT);
    }
    Ok((kind, value & SOCK_NONBLOCK != 0, value & SOCK_CLOEXEC != 0))
}

fn install(
    c: &mut Call,
    s: Rc<RefCell<Socket>>,
    nonblock: bool,
    cloexec: bool,
) -> Result<i32, Errno> {
    c.p.install_fd(special::description(Special::Socket(s), nonblock), cloexec)
}

pub fn sys_socket(c: &mut Call) -> Done {
    let (kind, nonblock, cloexec) = try_done!(socket_type(c.a[0], c.a[1], c.a[2]));
    let s = new_socket(c, kind);
    ret(install(c, s, nonblock, cloexec).map(|fd| fd as u64))
}

pub fn sys_socketpair(c: &mut Call) -> Done {
    let (kind, nonblock, cloexec) = try_done!(socket_type(c.a[0], c.a[1], c.a[2]));
    let (a, b) = (new_socket(c, kind), new_socket(c, kind));
    for (one, other) in [(&a, &b), (&b, &a)] {
        let mut s = one.borrow_mut();
        s.peer = Some(Rc::downgrade(other));
        s.connected = true;
        s.peer_cred = Some(my_peercred(c));
    }
    let fa = try_done!(install(c, a, nonblock, cloexec));
    let fb = match install(c, b, nonblock, cloexec) {
        Ok(fd) => fd,
        Err(e) => {
            let _ = c.p.fds.close(fa);
            return ret(Err(e));
        }
    };
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&fa.to_le_bytes());
    bytes[4..].copy_from_slice(&fb.to_le_bytes());
    if let Err(e) = write_user(c, c.a[3], &bytes) {
        let _ = c.p.fds.close(fa);
        let _ = c.p.fds.close(fb);
        return ret(Err(e));
    }
    ret(Ok(0))
}

fn address_arg(c: &mut Call, address: u64, len: u64) -> Result<UnixAddress, Errno> {
    if len as i32 <= 0 || len > 128 {
        return Err(Errno::EINVAL);
    }
    let bytes = read_user(c, address, len)?;
    UnixAddress::parse(&bytes)
}

/// The live socket of type `kind` named `address` (ENOENT for a missing
/// path, ECONNREFUSED where no socket is bound, EPROTOTYPE for a path bound
/// by another type; an abstract name of another type is not found).
fn lookup(c: &mut Call, kind: i32, address: &UnixAddress) -> Result<Rc<RefCell<Socket>>, Errno> {
    match address {
        UnixAddress::Unnamed => Err(Errno::EINVAL),
        UnixAddress::Abstract(name) => {
            c.sys.ipc.abstract_socket(kind, name).ok_or(Errno::ECONNREFUSED)
        }
        UnixAddress::Path(path) => {
            let cx = Ctx::new(&c.p.fs, &c.p.cred);
            let id = c.sys.vfs.lookup(&cx, At::Cwd, path, AtFlags::empty())?;
            if c.sys.vfs.inode(id)?.mode & S_IFMT != S_IFSOCK {
                return Err(Errno::ECONNREFUSED);
            }
            let found = c.sys.ipc.paths.get(&id.to_u64()).and_then(|w| w.upgrade());
            let found = found.ok_or(Errno::ECONNREFUSED)?;
            if found.borrow().kind != kind {
                return Err(Errno::EPROTOTYPE);
            }
            Ok(found)
        }
    }
}

/// Gives `s` the name `address` (bind; autobind for the family alone). A
/// path is made first (EADDRINUSE if it exists), as Linux does, then a
/// socket already bound is EINVAL.
fn bind_to(c: &mut Call, s: &Rc<RefCell<Socket>>, address: UnixAddress) -> Result<(), Errno> {
    let (kind, bound) = {
        let sock = s.borrow();
        (sock.kind, sock.name != UnixAddress::Unnamed)
    };
    if bound && !matches!(address, UnixAddress::Path(_)) {
        return Err(Errno::EINVAL);
    }
    let address = match address {
        UnixAddress::Unnamed => {
            // Linux's autobind: five hex digits in the abstract namespace.
            let mut found = None;
            for _ in 0..=0xfffff {
                c.sys.ipc.autobind = (c.sys.ipc.autobind + 1) & 0xfffff;
                let name = alloc::format!("{:05x}", c.sys.ipc.autobind).into_bytes();
                if c.sys.ipc.abstract_socket(kind, &name).is_none() {
                    found = Some(UnixAddress::Abstract(name));
                    break;
                }
            }
            found.ok_or(Errno::ENOSPC)?
        }
        other => other,
    };
    match &address {
        UnixAddress::Abstract(name) => {
            if c.sys.ipc.abstract_socket(kind, name).is_some() {
                return Err(Errno::EADDRINUSE);
            }
            c.sys.ipc.abstract_names.insert((kind, name.clone()), Rc::downgrade(s));
        }
        UnixAddress::Path(path) => {
            let cx = Ctx::new(&c.p.fs, &c.p.cred);
            let id = c.sys.vfs.mknodat(&cx, At::Cwd, path, S_IFSOCK | 0o777, 0).map_err(|e| {
                if e == Errno::EEXIST {
                    Errno::EADDRINUSE
                } else {
                    e
                }
            })?;
            if bound {
                let _ = c.sys.vfs.unlinkat(&cx, At::Cwd, path, AtFlags::empty());
                return Err(Errno::EINVAL);
            }
            c.sys.ipc.paths.retain(|_, w| w.strong_count() > 0);
            c.sys.ipc.paths.insert(id.to_u64(), Rc::downgrade(s));
        }
        UnixAddress::Unnamed => unreachable!("autobound above"),
    }
    s.borrow_mut().name = address;
    Ok(())
}

pub fn sys_bind(c: &mut Call) -> Done {
    let (s, _) = try_done!(socket_of(c, c.a[0]));
    let address = try_done!(address_arg(c, c.a[1], c.a[2]));
    ret(bind_to(c, &s, address).map(|()| 0))
}

pub fn sys_listen(c: &mut Call) -> Done {
    let (s, _) = try_done!(socket_of(c, c.a[0]));
    let backlog = (c.a[1] as i32).clamp(0, 4096) as usize;
    let cred = my_peercred(c);
    let mut sock = s.borrow_mut();
    if !sock.oriented() {
        return ret(Err(Errno::EOPNOTSUPP));
    }
    if sock.connected || sock.name == UnixAddress::Unnamed {
        return ret(Err(Errno::EINVAL));
    }
    match &mut sock.listen {
        Some(listen) => listen.backlog = backlog,
        None => {
            sock.listen = Some(special::Listen { backlog, queue: Default::default() });
            sock.cred = cred;
        }
    }
    ret(Ok(0))
}

/// Writes a socket address to a (buffer, length pointer) pair: at most the
/// buffer's length, and the full length to the pointer.
fn put_address(c: &mut Call, buf: u64, len_ptr: u64, address: &UnixAddress) -> Result<(), Errno> {
    if buf == 0 {
        return Ok(());
    }
    let room = read_user(c, len_ptr, 4)?;
    let room = i32::from_le_bytes(room.try_into().unwrap());
    if room < 0 {
        return Err(Errno::EINVAL);
    }
    let bytes = address.to_bytes();
    let n = bytes.len().min(room as usize);
    write_user(c, buf, &bytes[..n])?;
    write_user(c, len_ptr, &(bytes.len() as u32).to_le_bytes())
}

fn accept_common(c: &mut Call, flags: u64) -> Done {
    if flags & !u64::from(SOCK_NONBLOCK | SOCK_CLOEXEC) != 0 {
        return ret(Err(Errno::EINVAL));
    }
    let (s, file_flags) = try_done!(socket_of(c, c.a[0]));
    let conn = {
        let mut sock = s.borrow_mut();
        if !sock.oriented() {
            return ret(Err(Errno::EOPNOTSUPP));
        }
        let Some(listen) = sock.listen.as_mut() else { return ret(Err(Errno::EINVAL)) };
        match listen.queue.pop_front() {
            Some(conn) => {
                sock.gens.1 += 1;
                conn
            }
            None if file_flags & O_NONBLOCK != 0 => return ret(Err(Errno::EAGAIN)),
            None => return park(sock.rcvtimeo),
        }
    };
    let peer_name = conn.borrow().peer_name.clone();
    let nonblock = flags & u64::from(SOCK_NONBLOCK) != 0;
    let fd = try_done!(install(c, conn, nonblock, flags & u64::from(SOCK_CLOEXEC) != 0));
    if let Err(e) = put_address(c, c.a[1], c.a[2], &peer_name) {
        let _ = c.p.fds.close(fd);
        return ret(Err(e));
    }
    ret(Ok(fd as u64))
}

pub fn sys_accept(c: &mut Call) -> Done {
    accept_common(c, 0)
}

pub fn sys_accept4(c: &mut Call) -> Done {
    accept_common(c, c.a[3])
}

pub fn sys_connect(c: &mut Call) -> Done {
    let (s, file_flags) = try_done!(socket_of(c, c.a[0]));
    let raw = try_done!(read_user(c, c.a[1], c.a[2].min(128)));
    if c.a[2] as i32 <= 0 || c.a[2] > 128 {
        return ret(Err(Errno::EINVAL));
    }
    let dgram = !s.borrow().oriented();
    if dgram && raw.len() >= 2 && raw[0] == 0 && raw[1] == 0 {
        // AF_UNSPEC: a datagram socket forgets its peer.
        let mut sock = s.borrow_mut();
        sock.peer = None;
        sock.peer_name = UnixAddress::Unnamed;
        return ret(Ok(0));
    }
    let address = try_done!(UnixAddress::parse(&raw));
    if address == UnixAddress::Unnamed {
        return ret(Err(Errno::EINVAL));
    }
    let kind = s.borrow().kind;
    let target = try_done!(lookup(c, kind, &address));
    let target_name = target.borrow().name.clone();
    if dgram {
        // (The target may be the socket itself.)
        let target_cred = target.borrow().cred;
        let mut sock = s.borrow_mut();
        sock.peer = Some(Rc::downgrade(&target));
        sock.peer_name = target_name;
        sock.peer_cred = Some(target_cred);
        return ret(Ok(0));
    }
    {
        let sock = s.borrow();
        if sock.listen.is_some() {
            return ret(Err(Errno::EINVAL));
        }
        if sock.connected {
            return ret(Err(Errno::EISCONN));
        }
    }
    if Rc::ptr_eq(&s, &target) {
        return ret(Err(Errno::ECONNREFUSED));
    }
    let ino = c.sys.ipc.ino();
    let me = my_peercred(c);
    let mut t = target.borrow_mut();
    let listener_cred = t.cred;
    let passcred = t.passcred;
    let Some(listen) = t.listen.as_mut() else { return ret(Err(Errno::ECONNREFUSED)) };
    if listen.queue.len() > listen.backlog {
        if file_flags & O_NONBLOCK != 0 {
            return ret(Err(Errno::EAGAIN));
        }
        return park(s.borrow().sndtimeo);
    }
    let mut server_end = Socket::new(kind, listener_cred, ino);
    server_end.name = target_name.clone();
    server_end.peer = Some(Rc::downgrade(&s));
    server_end.connected = true;
    server_end.peer_name = s.borrow().name.clone();
    server_end.peer_cred = Some(me);
    server_end.passcred = passcred;
    let server_end = Rc::new(RefCell::new(server_end));
    {
        let mut sock = s.borrow_mut();
        sock.peer = Some(Rc::downgrade(&server_end));
        sock.connected = true;
        sock.peer_name = target_name;
        sock.peer_cred = Some(listener_cred);
        sock.gens.1 += 1;
    }
    listen.queue.push_back(server_end);
    t.gens.0 += 1;
    ret(Ok(0))
}

fn name_common(c: &mut Call, peer: bool) -> Done {
    let (s, _) = try_done!(socket_of(c, c.a[0]));
    let address = {
        let sock = s.borrow();
        if peer {
            let connected = if sock.oriented() { sock.connected } else { sock.peer.is_some() };
            if !connected || (sock.oriented() && sock.peer().is_none()) {
                return ret(Err(Errno::ENOTCONN));
            }
            sock.peer_name.clone()
        } else {
            sock.name.clone()
        }
    };
    if c.a[1] == 0 {
        return ret(Err(Errno::EFAULT));
    }
    ret(put_address(c, c.a[1], c.a[2], &address).map(|()| 0))
}

pub fn sys_getsockname(c: &mut Call) -> Done {
    name_common(c, false)
}

pub fn sys_getpeername(c: &mut Call) -> Done {
    name_common(c, true)
}

/// One message to send.
struct Outgoing {
    data: Vec<u8>,
    to: Option<UnixAddress>,
    rights: Option<Rights>,
    cred: Ucred,
}

/// Sends; Ok(None) = must wait. EPIPE raises SIGPIPE unless MSG_NOSIGNAL.
fn send_core(
    c: &mut Call,
    s: &Rc<RefCell<Socket>>,
    file_flags: u32,
    flags: u32,
    message: Outgoing,
) -> Result<Option<u64>, Errno> {
    if flags & MSG_OOB != 0 {
        return Err(Errno::EOPNOTSUPP);
    }
    let nonblock = file_flags & O_NONBLOCK != 0 || flags & MSG_DONTWAIT != 0;
    let result = send_inner(c, s, nonblock, message);
    if result == Err(Errno::EPIPE) && flags & MSG_NOSIGNAL == 0 {
        c.p.t.deliver_or_die = Some(13);
    }
    match result {
        Ok(None) if nonblock => Err(Errno::EAGAIN),
        other => other,
    }
}

fn send_inner(
    c: &mut Call,
    s: &Rc<RefCell<Socket>>,
    nonblock: bool,
    message: Outgoing,
) -> Result<Option<u64>, Errno> {
    let _ = nonblock;
    let (oriented, kind, shutdown, name) = {
        let sock = s.borrow();
        (sock.oriented(), sock.kind, sock.shutdown_bits(), sock.name.clone())
    };
    if oriented {
        let sock = s.borrow();
        if message.to.is_some() && sock.connected {
            return Err(Errno::EISCONN);
        }
        if !sock.connected {
            return Err(if message.to.is_some() { Errno::EOPNOTSUPP } else { Errno::ENOTCONN });
        }
    }
    if shutdown & SEND_SHUTDOWN != 0 {
        return Err(Errno::EPIPE);
    }
    let target = match &message.to {
        Some(address) if !oriented => lookup(c, kind, address)?,
        _ => {
            let sock = s.borrow();
            match sock.peer() {
                Some(peer) => peer,
                None if oriented => return Err(Errno::EPIPE),
                None if sock.peer.is_some() => return Err(Errno::ECONNREFUSED),
                None => return Err(Errno::ENOTCONN),
            }
        }
    };
    if Rc::ptr_eq(&target, s) && oriented {
        return Err(Errno::EPIPE);
    }
    let mut t = if Rc::ptr_eq(&target, s) { None } else { Some(target.borrow_mut()) };
    let mut own;
    let t: &mut Socket = match t.as_mut() {
        Some(t) => t,
        None => {
            own = s.borrow_mut();
            &mut own
        }
    };
    if t.kind != kind {
        return Err(Errno::EPROTOTYPE);
    }
    if t.shutdown_bits() & RCV_SHUTDOWN != 0 {
        return Err(Errno::EPIPE);
    }
    if !oriented {
        // A connected datagram socket takes only its peer's messages.
        if let Some(its_peer) = &t.peer {
            if !core::ptr::eq(its_peer.as_ptr(), Rc::as_ptr(s)) {
                return Err(Errno::EPERM);
            }
        }
    }
    if kind == SOCK_STREAM {
        if message.data.is_empty() {
            return Ok(Some(0));
        }
        let limit = t.rcvbuf.max(special::SOCKET_BUFFER) as usize;
        let room = limit.saturating_sub(t.stream.len());
        if room == 0 {
            return Ok(None);
        }
        let n = room.min(message.data.len());
        t.stream.push(&message.data[..n], message.rights, message.cred);
        t.gens.0 += 1;
        return Ok(Some(n as u64));
    }
    let sndbuf = s.try_borrow().map(|s| s.sndbuf).unwrap_or(special::SOCKET_BUFFER);
    if message.data.len() > sndbuf.saturating_sub(32) as usize {
        return Err(Errno::EMSGSIZE);
    }
    if t.dgrams.len() >= special::MAX_DGRAM_QLEN {
        return Ok(None);
    }
    let n = message.data.len() as u64;
    t.dgrams.push_back(Datagram {
        data: message.data,
        from: name,
        attachment: message.rights,
        cred: message.cred,
    });
    t.gens.0 += 1;
    Ok(Some(n))
}

/// What a receive took.
struct Incoming {
    data: Vec<u8>,
    /// The datagram's full length (MSG_TRUNC).
    full: usize,
    from: UnixAddress,
    rights: Option<Rights>,
    cred: Option<Ucred>,
}

/// Receives up to `max` bytes; Ok(None) = must wait.
fn recv_core(
    s: &Rc<RefCell<Socket>>,
    file_flags: u32,
    flags: u32,
    max: usize,
) -> Result<Option<Incoming>, Errno> {
    if flags & MSG_OOB != 0 {
        return Err(Errno::EOPNOTSUPP);
    }
    let nonblock = file_flags & O_NONBLOCK != 0 || flags & MSG_DONTWAIT != 0;
    let peek = flags & MSG_PEEK != 0;
    let mut sock = s.borrow_mut();
    if sock.oriented() && (!sock.connected || sock.listen.is_some()) {
        return Err(Errno::EINVAL);
    }
    let eof = sock.shutdown_bits() & RCV_SHUTDOWN != 0;
    if !sock.queued() {
        if let Some(e) = sock.error.take() {
            return Err(e);
        }
        if eof && sock.oriented() {
            return Ok(Some(Incoming {
                data: Vec::new(),
                full: 0,
                from: UnixAddress::Unnamed,
                rights: None,
                cred: None,
            }));
        }
        return if nonblock { Err(Errno::EAGAIN) } else { Ok(None) };
    }
    if sock.kind == SOCK_STREAM {
        let limit = sock.rcvbuf.max(special::SOCKET_BUFFER) as usize;
        if flags & MSG_WAITALL != 0
            && !nonblock
            && !peek
            && !eof
            && sock.stream.len() < max.min(limit)
        {
            return Ok(None);
        }
        let passcred = sock.passcred;
        let taken = sock.stream.take(max, peek, passcred);
        let peer_name = sock.peer_name.clone();
        if !peek {
            if let Some(peer) = sock.peer() {
                if let Ok(mut peer) = peer.try_borrow_mut() {
                    peer.gens.1 += 1;
                }
            }
        }
        let full = taken.data.len();
        return Ok(Some(Incoming {
            data: taken.data,
            full,
            from: peer_name,
            rights: taken.attachment,
            cred: taken.cred,
        }));
    }
    let message = if peek {
        let d = sock.dgrams.front().expect("queued");
        Datagram {
            data: d.data.clone(),
            from: d.from.clone(),
            attachment: d.attachment.clone(),
            cred: d.cred,
        }
    } else {
        sock.gens.1 += 1;
        sock.dgrams.pop_front().expect("queued")
    };
    let full = message.data.len();
    let mut data = message.data;
    data.truncate(max);
    Ok(Some(Incoming {
        data,
        full,
        from: message.from,
        rights: message.attachment,
        cred: Some(message.cred),
    }))
}

pub fn sys_sendto(c: &mut Call) -> Done {
    let (fd, buf, len, flags, addr, addrlen) = (c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.a[5]);
    let (s, file_flags) = try_done!(socket_of(c, fd));
    let data = try_done!(read_user(c, buf, len.min(MAX_IO)));
    let to = if addr != 0 { Some(try_done!(address_arg(c, addr, addrlen))) } else { None };
    let message = Outgoing { data, to, rights: None, cred: my_ucred(c) };
    match send_core(c, &s, file_flags, flags as u32, message) {
        Ok(Some(n)) => ret(Ok(n)),
        Ok(None) => park(s.borrow().sndtimeo),
        Err(e) => ret(Err(e)),
    }
}

pub fn sys_recvfrom(c: &mut Call) -> Done {
    let (fd, buf, len, flags, addr, addrlen) = (c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.a[5]);
    let (s, file_flags) = try_done!(socket_of(c, fd));
    let got = match recv_core(&s, file_flags, flags as u32, len.min(MAX_IO) as usize) {
        Ok(Some(got)) => got,
        Ok(None) => return park(s.borrow().rcvtimeo),
        Err(e) => return ret(Err(e)),
    };
    try_done!(write_user(c, buf, &got.data));
    if addr != 0 {
        let from = if s.borrow().kind == SOCK_STREAM { UnixAddress::Unnamed } else { got.from };
        if from == UnixAddress::Unnamed {
            try_done!(write_user(c, addrlen, &0u32.to_le_bytes()));
        } else {
            try_done!(put_address(c, addr, addrlen, &from));
        }
    }
    let n = if flags as u32 & MSG_TRUNC != 0 { got.full } else { got.data.len() };
    ret(Ok(n as u64))
}

/// The (base, length) pairs of a msghdr's iovec array.
fn iovecs(c: &mut Call, address: u64, count: u64) -> Result<Vec<(u64, u64)>, Errno> {
    if count > 1024 {
        return Err(Errno::EMSGSIZE);
    }
    let raw = read_user(c, address, count * 16)?;
    Ok(raw
        .chunks(16)
        .map(|v| {
            (
                u64::from_le_bytes(v[0..8].try_into().unwrap()),
                u64::from_le_bytes(v[8..16].try_into().unwrap()),
            )
        })
        .collect())
}

struct Msghdr {
    name: u64,
    namelen: u32,
    iov: Vec<(u64, u64)>,
    control: u64,
    controllen: u64,
}

fn msghdr(c: &mut Call, address: u64) -> Result<Msghdr, Errno> {
    let raw = read_user(c, address, 56)?;
    let word = |i: usize| u64::from_le_bytes(raw[i..i + 8].try_into().unwrap());
    let iov = iovecs(c, word(16), word(24))?;
    Ok(Msghdr {
        name: word(0),
        namelen: u32::from_le_bytes(raw[8..12].try_into().unwrap()),
        iov,
        control: word(32),
        controllen: word(40),
    })
}

/// Parses sendmsg's control messages: descriptors and credentials.
fn control_in(c: &mut Call, h: &Msghdr) -> Result<(Option<Rights>, Option<Ucred>), Errno> {
    if h.controllen == 0 {
        return Ok((None, None));
    }
    if h.controllen > 1 << 16 {
        return Err(Errno::ENOBUFS);
    }
    let raw = read_user(c, h.control, h.controllen)?;
    let (mut rights, mut cred): (Option<Rights>, Option<Ucred>) = (None, None);
    let mut at = 0usize;
    while at + 16 <= raw.len() {
        let len = u64::from_le_bytes(raw[at..at + 8].try_into().unwrap()) as usize;
        let level = i32::from_le_bytes(raw[at + 8..at + 12].try_into().unwrap());
        let kind = i32::from_le_bytes(raw[at + 12..at + 16].try_into().unwrap());
        if len < 16 || at + len > raw.len() {
            return Err(Errno::EINVAL);
        }
        let data = &raw[at + 16..at + len];
        if level != SOL_SOCKET {
            return Err(Errno::EINVAL);
        }
        match kind {
            SCM_RIGHTS => {
                let list = rights.get_or_insert_with(Vec::new);
                for fd in data.chunks_exact(4) {
                    let fd = i32::from_le_bytes(fd.try_into().unwrap());
                    list.push(c.p.file(fd)?);
                }
                if list.len() > MAX_RIGHTS {
                    return Err(Errno::EINVAL);
                }
            }
            SCM_CREDENTIALS => {
                let given =
                    Ucred::from_bytes(data).filter(|_| data.len() == 12).ok_or(Errno::EINVAL)?;
                let me = my_ucred(c);
                let root = c.p.cred.euid == 0;
                let ids_ok = root
                    || ([c.p.cred.uid, c.p.cred.euid, c.p.cred.suid].contains(&given.uid)
                        && [c.p.cred.gid, c.p.cred.egid, c.p.cred.sgid].contains(&given.gid));
                if !(ids_ok && (root || given.pid == me.pid)) {
                    return Err(Errno::EPERM);
                }
                cred = Some(given);
            }
            _ => return Err(Errno::EINVAL),
        }
        at += (len + 7) & !7;
    }
    Ok((rights, cred))
}

pub fn sys_sendmsg(c: &mut Call) -> Done {
    let (fd, address, flags) = (c.a[0], c.a[1], c.a[2] as u32);
    let (s, file_flags) = try_done!(socket_of(c, fd));
    let h = try_done!(msghdr(c, address));
    let to = if h.name != 0 && h.namelen != 0 {
        Some(try_done!(address_arg(c, h.name, u64::from(h.namelen))))
    } else {
        None
    };
    // At most MAX_IO bytes in all (callers loop on short counts).
    let mut data = Vec::new();
    for &(base, len) in &h.iov {
        let room = (MAX_IO - data.len() as u64).min(len);
        if room == 0 {
            break;
        }
        data.extend_from_slice(&try_done!(read_user(c, base, room)));
    }
    let (rights, cred) = try_done!(control_in(c, &h));
    let message = Outgoing { data, to, rights, cred: cred.unwrap_or_else(|| my_ucred(c)) };
    match send_core(c, &s, file_flags, flags, message) {
        Ok(Some(n)) => ret(Ok(n)),
        Ok(None) => park(s.borrow().sndtimeo),
        Err(e) => ret(Err(e)),
    }
}

/// Builds recvmsg's control messages in `room` bytes: credentials, then
/// descriptors (installed now); what does not fit sets MSG_CTRUNC.
fn control_out(
    c: &mut Call,
    room: usize,
    cred: Option<Ucred>,
    rights: Option<Rights>,
    cloexec: bool,
) -> (Vec<u8>, u32) {
    let mut out = Vec::new();
    let mut flags = 0;
    let header = |out: &mut Vec<u8>, len: usize, kind: i32| {
        out.extend_from_slice(&(len as u64).to_le_bytes());
        out.extend_from_slice(&SOL_SOCKET.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
    };
    if let Some(cred) = cred {
        if room >= out.len() + 28 {
            header(&mut out, 28, SCM_CREDENTIALS);
            out.extend_from_slice(&cred.to_bytes());
            out.resize(out.len().div_ceil(8) * 8, 0);
        } else {
            flags |= MSG_CTRUNC;
        }
    }
    if let Some(rights) = rights {
        let fit = room.saturating_sub(out.len() + 16) / 4;
        let n = fit.min(rights.len());
        if n < rights.len() {
            flags |= MSG_CTRUNC;
        }
        if n > 0 {
            let mut fds = Vec::new();
            for file in rights.into_iter().take(n) {
                let limit = c.p.nofile();
                match c.p.fds.install(file, cloexec, limit) {
                    Ok(fd) => fds.push(fd),
                    Err(_) => {
                        flags |= MSG_CTRUNC;
                        break;
                    }
                }
            }
            if !fds.is_empty() {
                header(&mut out, 16 + 4 * fds.len(), SCM_RIGHTS);
                for fd in fds {
                    out.extend_from_slice(&fd.to_le_bytes());
                }
                if out.len() % 8 != 0 && room >= out.len().div_ceil(8) * 8 {
                    out.resize(out.len().div_ceil(8) * 8, 0);
                }
            }
        }
    }
    (out, flags)
}

pub fn sys_recvmsg(c: &mut Call) -> Done {
    let (fd, address, flags) = (c.a[0], c.a[1], c.a[2] as u32);
    let (s, file_flags) = try_done!(socket_of(c, fd));
    let h = try_done!(msghdr(c, address));
    let total = h.iov.iter().fold(0u64, |sum, v| sum.saturating_add(v.1));
    let got = match recv_core(&s, file_flags, flags, total.min(MAX_IO) as usize) {
        Ok(Some(got)) => got,
        Ok(None) => return park(s.borrow().rcvtimeo),
        Err(e) => return ret(Err(e)),
    };
    let mut done = 0usize;
    for &(base, len) in &h.iov {
        if done >= got.data.len() {
            break;
        }
        let n = (len as usize).min(got.data.len() - done);
        try_done!(write_user(c, base, &got.data[done..done + n]));
        done += n;
    }
    let (stream, passcred) = {
        let sock = s.borrow();
        (sock.kind == SOCK_STREAM, sock.passcred)
    };
    let mut msg_flags = 0;
    if got.full > got.data.len() {
        msg_flags |= MSG_TRUNC;
    }
    // The sender's name.
    let mut namelen = 0u32;
    if h.name != 0 && !stream && got.from != UnixAddress::Unnamed {
        let bytes = got.from.to_bytes();
        let n = bytes.len().min(h.namelen as usize);
        try_done!(write_user(c, h.name, &bytes[..n]));
        namelen = bytes.len() as u32;
    }
    let cred = if passcred { got.cred } else { None };
    let (control, ctrunc) =
        control_out(c, h.controllen as usize, cred, got.rights, flags & MSG_CMSG_CLOEXEC != 0);
    msg_flags |= ctrunc;
    if !control.is_empty() {
        try_done!(write_user(c, h.control, &control));
    }
    try_done!(write_user(c, address + 8, &namelen.to_le_bytes()));
    try_done!(write_user(c, address + 40, &(control.len() as u64).to_le_bytes()));
    try_done!(write_user(c, address + 48, &msg_flags.to_le_bytes()));
    let n = if flags & MSG_TRUNC != 0 { got.full } else { got.data.len() };
    ret(Ok(n as u64))
}

pub fn sys_shutdown(c: &mut Call) -> Done {
    let (s, _) = try_done!(socket_of(c, c.a[0]));
    let bits = match c.a[1] {
        0 => RCV_SHUTDOWN,
        1 => SEND_SHUTDOWN,
        2 => RCV_SHUTDOWN | SEND_SHUTDOWN,
        _ => return ret(Err(Errno::EINVAL)),
    };
    let mut sock = s.borrow_mut();
    if sock.oriented() && !sock.connected {
        return ret(Err(Errno::ENOTCONN));
    }
    sock.shutdown |= bits;
    sock.gens.0 += 1;
    sock.gens.1 += 1;
    if sock.oriented() {
        if let Some(peer) = sock.peer() {
            let mut peer = peer.borrow_mut();
            // The peer's opposite direction.
            let mirrored = ((bits & RCV_SHUTDOWN) << 1) | ((bits & SEND_SHUTDOWN) >> 1);
            peer.shutdown |= mirrored;
            peer.gens.0 += 1;
            peer.gens.1 += 1;
        }
    }
    ret(Ok(0))
}

fn int_option(c: &mut Call, optval: u64, optlen: u64) -> Result<i32, Errno> {
    if (optlen as i32) < 4 {
        return Err(Errno::EINVAL);
    }
    let raw = read_user(c, optval, 4)?;
    Ok(i32::from_le_bytes(raw.try_into().unwrap()))
}

pub fn sys_setsockopt(c: &mut Call) -> Done {
    // level and optname are C ints: Linux reads the low 32 bits.
    let (fd, level, name, optval, optlen) = (c.a[0], c.a[1] as i32, c.a[2] as i32, c.a[3], c.a[4]);
    let (s, _) = try_done!(socket_of(c, fd));
    if level != SOL_SOCKET {
        return ret(Err(Errno::ENOPROTOOPT));
    }
    if name == SO_RCVTIMEO || name == SO_SNDTIMEO {
        // struct timeval; {0, 0} waits for ever.
        if (optlen as i32) < 16 {
            return ret(Err(Errno::EINVAL));
        }
        let raw = try_done!(read_user(c, optval, 16));
        let sec = i64::from_le_bytes(raw[0..8].try_into().unwrap());
        let usec = i64::from_le_bytes(raw[8..16].try_into().unwrap());
        if !(0..1_000_000).contains(&usec) {
            return ret(Err(Errno::EDOM));
        }
        let ns =
            (sec.max(0) as u64).saturating_mul(1_000_000_000).saturating_add(usec as u64 * 1000);
        let timeout = if sec == 0 && usec == 0 { None } else { Some(ns.max(u64::from(sec >= 0))) };
        let mut sock = s.borrow_mut();
        if name == SO_RCVTIMEO {
            sock.rcvtimeo = timeout;
        } else {
            sock.sndtimeo = timeout;
        }
        return ret(Ok(0));
    }
    let value = try_done!(int_option(c, optval, optlen));
    let mut sock = s.borrow_mut();
    match name {
        // Linux doubles the size asked for (the rest is its bookkeeping).
        SO_SNDBUF => {
            sock.sndbuf = (value.max(0) as u32).min(MAX_BUFFER).saturating_mul(2).max(MIN_SNDBUF)
        }
        SO_RCVBUF => {
            sock.rcvbuf = (value.max(0) as u32).min(MAX_BUFFER).saturating_mul(2).max(MIN_RCVBUF)
        }
        SO_PASSCRED => sock.passcred = value != 0,
        SO_REUSEADDR => sock.reuseaddr = value != 0,
        SO_KEEPALIVE => sock.keepalive = value != 0,
        _ => return ret(Err(Errno::ENOPROTOOPT)),
    }
    ret(Ok(0))
}

pub fn sys_getsockopt(c: &mut Call) -> Done {
    // level and optname are C ints: Linux reads the low 32 bits.
    let (fd, level, name, optval, optlen) = (c.a[0], c.a[1] as i32, c.a[2] as i32, c.a[3], c.a[4]);
    let (s, _) = try_done!(socket_of(c, fd));
    if level != SOL_SOCKET {
        return ret(Err(Errno::ENOPROTOOPT));
    }
    let room = try_done!(read_user(c, optlen, 4));
    let room = i32::from_le_bytes(room.try_into().unwrap());
    if room < 0 {
        return ret(Err(Errno::EINVAL));
    }
    let bytes: Vec<u8> = {
        let mut sock = s.borrow_mut();
        let int = |v: u32| v.to_le_bytes().to_vec();
        match name {
            SO_TYPE => int(sock.kind as u32),
            SO_ERROR => int(sock.error.take().map(|e| e.raw() as u32).unwrap_or(0)),
            SO_SNDBUF => int(sock.sndbuf),
            SO_RCVBUF => int(sock.rcvbuf),
            SO_PASSCRED => int(u32::from(sock.passcred)),
            SO_REUSEADDR => int(u32::from(sock.reuseaddr)),
            SO_KEEPALIVE => int(u32::from(sock.keepalive)),
            SO_RCVTIMEO | SO_SNDTIMEO => {
                let ns = if name == SO_RCVTIMEO { sock.rcvtimeo } else { sock.sndtimeo };
                let ns = ns.unwrap_or(0);
                let mut tv = (ns / 1_000_000_000).to_le_bytes().to_vec();
                tv.extend_from_slice(&((ns % 1_000_000_000) / 1000).to_le_bytes());
                tv
            }
            SO_ACCEPTCONN => int(u32::from(sock.listen.is_some())),
            SO_PROTOCOL => int(0),
            SO_DOMAIN => int(AF_UNIX as u32),
            SO_PEERCRED => sock
                .peer_cred
                .unwrap_or(Ucred { pid: 0, uid: u32::MAX, gid: u32::MAX })
                .to_bytes()
                .to_vec(),
            _ => return ret(Err(Errno::ENOPROTOOPT)),
        }
    };
    let n = bytes.len().min(room as usize);
    try_done!(write_user(c, optval, &bytes[..n]));
    ret(write_user(c, optlen, &(n as u32).to_le_bytes()).map(|()| 0))
}

/// read(2) on a special description.
pub fn read_special(
    c: &mut Call,
    special: &Special,
    flags: u32,
    len: u64,
) -> Result<Option<Vec<u8>>, Errno> {
    match special {
        Special::Socket(s) => {
            Ok(recv_core(s, flags, 0, len.min(MAX_IO) as usize)?.map(|got| got.data))
        }
        Special::EventFd(_) | Special::TimerFd(_) => {
            super::eventfd::read_counter(c, special, flags, len)
        }
        Special::Epoll(_) => Err(Errno::EINVAL),
        Special::SignalFd(sfd) => {
            let mask = sfd.borrow().mask;
            super::eventfd::read_signalfd(c, mask, flags, len)
        }
    }
}

/// write(2) on a special description.
pub fn write_special(
    c: &mut Call,
    special: &Special,
    flags: u32,
    bytes: &[u8],
) -> Result<Option<u64>, Errno> {
    match special {
        Special::Socket(s) => {
            let message =
                Outgoing { data: bytes.to_vec(), to: None, rights: None, cred: my_ucred(c) };
            send_core(c, s, flags, 0, message)
        }
        Special::EventFd(_) => super::eventfd::write_counter(c, special, flags, bytes),
        Special::TimerFd(_) | Special::Epoll(_) | Special::SignalFd(_) => Err(Errno::EINVAL),
    }
}

/// FIONREAD (SIOCINQ) on a socket: the bytes queued on a stream, the size
/// of the next message otherwise; None for the other special descriptors.
pub fn queued_bytes(special: &Special) -> Option<u32> {
    let Special::Socket(s) = special else { return None };
    let sock = s.borrow();
    let n = if sock.kind == SOCK_STREAM {
        sock.stream.len()
    } else {
        sock.dgrams.front().map_or(0, |d| d.data.len())
    };
    Some(n as u32)
}

/// Bytes of a `struct mmsghdr`: a msghdr, then `msg_len` (and padding).
const MMSGHDR: u64 = 64;
const MMSGHDR_LEN_AT: u64 = 56;
/// The most messages one call handles (Linux's UIO_MAXIOV).
const MMSG_MAX: u64 = 1024;

/// sendmmsg(2): sendmsg for each message of the vector in turn, its byte
/// count stored in its `msg_len`; the number sent is returned. An error
/// (or a full socket) after the first message ends the call with the count
/// so far, as Linux reports it. The first message may wait; later ones do
/// not (Linux would wait for room for each on a blocking socket).
pub fn sys_sendmmsg(c: &mut Call) -> Done {
    each_message(c, false)
}

/// recvmmsg(2): recvmsg for each message of the vector in turn. The first
/// may wait (or time out as recvmsg does); once one has arrived, the call
/// takes those already queued and returns, as with MSG_WAITFORONE (Linux,
/// on a blocking socket without it, waits until all `vlen` have come or
/// its `timeout` checked after each message has passed). A bad `timeout`
/// pointer is EFAULT.
pub fn sys_recvmmsg(c: &mut Call) -> Done {
    let timeout = c.a[4];
    if timeout != 0 {
        try_done!(c.p.read_timespec(&mut c.sys.frames, &c.sys.vfs, timeout));
    }
    each_message(c, true)
}

fn each_message(c: &mut Call, receive: bool) -> Done {
    let (vector, flags) = (c.a[1], c.a[3] as u32);
    let vlen = u64::from(c.a[2] as u32).min(MMSG_MAX);
    let mut count = 0;
    while count < vlen {
        let Some(header) = count.checked_mul(MMSGHDR).and_then(|at| vector.checked_add(at)) else {
            break;
        };
        let flags = if count > 0 { flags | MSG_DONTWAIT } else { flags };
        c.a[1] = header;
        c.a[2] = u64::from(flags);
        let done = if receive { sys_recvmsg(c) } else { sys_sendmsg(c) };
        match done {
            Done::Ret(Ok(n)) => {
                if let Err(e) = write_user(c, header + MMSGHDR_LEN_AT, &(n as u32).to_le_bytes()) {
                    return if count == 0 { ret(Err(e)) } else { ret(Ok(count)) };
                }
                count += 1;
            }
            // The first message's error or wait is the call's.
            other if count == 0 => return other,
            _ => break,
        }
    }
    ret(Ok(count))
}
