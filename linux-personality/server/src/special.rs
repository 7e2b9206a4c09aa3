//! The descriptors that are neither files nor pipes: AF_UNIX sockets, eventfd,
//! timerfd and epoll instances (`Kind::Special`), their readiness for poll,
//! select and epoll, and the names sockets are bound to.
//!
//! Invariants:
//! - A socket's `peer` is a weak reference: a socket lives as long as a
//!   description (or a listener's queue, or a message in flight) holds it.
//!   When a connected stream socket dies its peer gets both shutdown bits (and
//!   ECONNRESET if data was left unread), as Linux's unix_release_sock does.
//! - Bound names map to weak references too: a name whose socket died is free
//!   again (abstract names) or refuses connections (paths, until unlinked).
//! - Every object counts arrivals for reading and room made for writing
//!   (`gens`), which is what edge-triggered epoll items watch (see
//!   `linux_personality::ipc::epoll`).
//!
//! The system calls are in `syscalls/{net,epoll,eventfd}.rs`.

use alloc::collections::{BTreeMap, VecDeque};
use alloc::rc::{Rc, Weak};
use alloc::vec::Vec;
use core::cell::RefCell;

use linux_personality::ipc::counter::{EventCounter, Timer};
use linux_personality::ipc::epoll::{Generations, Interest};
use linux_personality::ipc::events::*;
use linux_personality::ipc::socket::{Datagram, StreamQueue, Ucred, UnixAddress};
use syscall_translation::types::socket::SOCK_STREAM;
use syscall_translation::Errno;

use crate::console::Console;
use crate::files::{FileRef, Kind, OpenFile, PIPE_CAPACITY};

/// Bytes a stream socket queues for its reader before writers wait (Linux's
/// default socket buffer, net.core.wmem_default).
pub const SOCKET_BUFFER: u32 = 212_992;
/// Datagrams a socket queues before senders wait (net.unix.max_dgram_qlen).
pub const MAX_DGRAM_QLEN: usize = 10;
/// shutdown bits (sk_shutdown).
pub const RCV_SHUTDOWN: u8 = 1;
pub const SEND_SHUTDOWN: u8 = 2;

#[derive(Clone)]
pub enum Special {
    Socket(Rc<RefCell<Socket>>),
    EventFd(Rc<RefCell<EventFd>>),
    TimerFd(Rc<RefCell<TimerFd>>),
    Epoll(Rc<RefCell<Epoll>>),
    SignalFd(Rc<RefCell<SignalFd>>),
}

/// A signalfd (signalfd(2)): reading takes the reader's pending signals of
/// `mask`; it is readable while one of them is pending.
pub struct SignalFd {
    pub mask: u64,
    pub ino: u64,
}

/// Descriptors passed with a message (SCM_RIGHTS).
pub type Rights = Vec<FileRef>;

pub struct Listen {
    pub backlog: usize,
    /// Connections made and not yet accepted: the server's ends.
    pub queue: VecDeque<Rc<RefCell<Socket>>>,
}

pub struct Socket {
    /// SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET.
    pub kind: i32,
    pub listen: Option<Listen>,
    pub peer: Option<Weak<RefCell<Socket>>>,
    /// A stream or seqpacket socket that was connected (TCP_ESTABLISHED).
    pub connected: bool,
    pub name: UnixAddress,
    pub peer_name: UnixAddress,
    pub stream: StreamQueue<Rights>,
    pub dgrams: VecDeque<Datagram<Rights>>,
    pub shutdown: u8,
    /// A pending error (sk_err), reported once.
    pub error: Option<Errno>,
    /// Who made it (socket, or listen for a listener): the peer's SO_PEERCRED.
    pub cred: Ucred,
    pub peer_cred: Option<Ucred>,
    pub rcvbuf: u32,
    pub sndbuf: u32,
    pub passcred: bool,
    /// SO_REUSEADDR and SO_KEEPALIVE: recorded (getsockopt gives them back);
    /// they change nothing for AF_UNIX, as in Linux.
    pub reuseaddr: bool,
    pub keepalive: bool,
    /// SO_RCVTIMEO and SO_SNDTIMEO (ns; None: wait for ever).
    pub rcvtimeo: Option<u64>,
    pub sndtimeo: Option<u64>,
    pub gens: (u64, u64),
    pub ino: u64,
}

impl Socket {
    pub fn new(kind: i32, cred: Ucred, ino: u64) -> Socket {
        Socket {
            kind,
            listen: None,
            peer: None,
            connected: false,
            name: UnixAddress::Unnamed,
            peer_name: UnixAddress::Unnamed,
            stream: StreamQueue::default(),
            dgrams: VecDeque::new(),
            shutdown: 0,
            error: None,
            cred,
            peer_cred: None,
            rcvbuf: SOCKET_BUFFER,
            sndbuf: SOCKET_BUFFER,
            passcred: false,
            reuseaddr: false,
            keepalive: false,
            rcvtimeo: None,
            sndtimeo: None,
            gens: (0, 0),
            ino,
        }
    }

    pub fn peer(&self) -> Option<Rc<RefCell<Socket>>> {
        self.peer.as_ref().and_then(Weak::upgrade)
    }

    /// Connection-oriented (stream or seqpacket).
    pub fn oriented(&self) -> bool {
        self.kind != syscall_translation::types::socket::SOCK_DGRAM
    }

    /// The shutdown bits, counting a connected peer that is gone.
    pub fn shutdown_bits(&self) -> u8 {
        if self.oriented() && self.connected && self.peer().is_none() {
            return RCV_SHUTDOWN | SEND_SHUTDOWN;
        }
        self.shutdown
    }

    pub fn queued(&self) -> bool {
        if self.kind == SOCK_STREAM {
            !self.stream.is_empty()
        } else {
            !self.dgrams.is_empty()
        }
    }

    /// Whether a sender may add to this socket's queue now.
    pub fn has_room(&self) -> bool {
        if self.kind == SOCK_STREAM {
            self.stream.len() < self.rcvbuf.max(SOCKET_BUFFER) as usize
        } else {
            self.dgrams.len() < MAX_DGRAM_QLEN
        }
    }

    /// unix_poll / unix_dgram_poll.
    fn mask(&self) -> u32 {
        let mut mask = 0;
        let shutdown = self.shutdown_bits();
        if self.error.is_some() {
            mask |= ERR;
        }
        if shutdown == RCV_SHUTDOWN | SEND_SHUTDOWN {
            mask |= HUP;
        }
        if shutdown & RCV_SHUTDOWN != 0 {
            mask |= RDHUP | IN | RDNORM;
        }
        if self.queued() || self.listen.as_ref().is_some_and(|l| !l.queue.is_empty()) {
            mask |= IN | RDNORM;
        }
        if self.oriented() && !self.connected && self.listen.is_none() {
            mask |= HUP;
        }
        let writable = self.listen.is_none()
            && match self.peer() {
                Some(peer) => peer.try_borrow().map(|p| p.has_room()).unwrap_or(true),
                None => true,
            };
        if writable {
            mask |= OUT | WRNORM | WRBAND;
        }
        mask
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        if !(self.oriented() && self.connected) {
            return;
        }
        if let Some(peer) = self.peer() {
            if let Ok(mut peer) = peer.try_borrow_mut() {
                peer.shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
                if self.queued() {
                    peer.error = Some(Errno::ECONNRESET);
                }
                peer.gens.0 += 1;
                peer.gens.1 += 1;
            }
        }
    }
}

pub struct EventFd {
    pub counter: EventCounter,
    pub gens: (u64, u64),
    pub ino: u64,
}

pub struct TimerFd {
    /// CLOCK_REALTIME (0), CLOCK_MONOTONIC (1) or CLOCK_BOOTTIME (7).
    pub clock: u64,
    /// In nanoseconds of the monotonic clock.
    pub timer: Timer,
    /// Expirations counted so far (the read side's generation).
    pub fired: u64,
    pub ino: u64,
}

impl TimerFd {
    /// Counts expirations up to the monotonic time `now`.
    pub fn update(&mut self, now: u64) {
        let before = self.timer.pending;
        self.timer.update(now);
        self.fired += self.timer.pending - before;
    }
}

pub struct EpollItem {
    pub fd: i32,
    pub file: Weak<RefCell<OpenFile>>,
    pub interest: Interest,
}

pub struct Epoll {
    pub items: Vec<EpollItem>,
    pub ino: u64,
}

/// Server-wide state of these objects: bound names, armed timers.
#[derive(Default)]
pub struct Registry {
    /// Abstract names, per socket type (Linux hashes them by type too).
    pub abstract_names: BTreeMap<(i32, Vec<u8>), Weak<RefCell<Socket>>>,
    /// Socket inodes of the VFS (InodeId::to_u64) and their sockets.
    pub paths: BTreeMap<u64, Weak<RefCell<Socket>>>,
    pub timers: Vec<Weak<RefCell<TimerFd>>>,
    /// Inode numbers of sockets and anonymous inodes.
    pub last_ino: u64,
    /// Autobind names handed out.
    pub autobind: u32,
}

impl Registry {
    pub fn ino(&mut self) -> u64 {
        self.last_ino += 1;
        0x10_0000 + self.last_ino
    }

    /// The earliest armed timerfd expiration (monotonic ns), for the server's
    /// receive timeout; forgets dead timers.
    pub fn next_deadline(&mut self) -> Option<u64> {
        self.timers.retain(|t| t.strong_count() > 0);
        let now = microkernel_user::clock_ns();
        self.timers
            .iter()
            .filter_map(|t| {
                let t = t.upgrade()?;
                let mut t = t.try_borrow_mut().ok()?;
                t.update(now);
                t.timer.next
            })
            .min()
    }

    /// The live socket bound to an abstract name.
    pub fn abstract_socket(&mut self, kind: i32, name: &[u8]) -> Option<Rc<RefCell<Socket>>> {
        let key = (kind, name.to_vec());
        let found = self.abstract_names.get(&key).and_then(Weak::upgrade);
        if found.is_none() {
            self.abstract_names.remove(&key);
        }
        found
    }
}

/// The readiness of a description (POLL*/EPOLL* bits, hang-up and error
/// included whether asked for or not). `depth` bounds nested epoll instances.
/// `pending`: the caller's pending signals (a signalfd's readiness).
pub fn mask(console: &Console, pending: u64, file: &OpenFile, depth: u32) -> u32 {
    match &file.kind {
        Kind::Console(..) => {
            let input = if console.readable() { IN | RDNORM } else { 0 };
            input | OUT | WRNORM
        }
        Kind::PipeRead(pipe) => {
            let p = pipe.borrow();
            let mut mask = 0;
            if !p.buffer.is_empty() {
                mask |= IN | RDNORM;
            }
            if p.writers == 0 {
                mask |= HUP;
            }
            mask
        }
        Kind::PipeWrite(pipe) => {
            let p = pipe.borrow();
            let mut mask = 0;
            if p.buffer.len() < PIPE_CAPACITY {
                mask |= OUT | WRNORM;
            }
            if p.readers == 0 {
                mask |= ERR;
            }
            mask
        }
        Kind::Special(special) => special.mask(console, pending, depth),
        _ => IN | RDNORM | OUT | WRNORM,
    }
}

/// The generation counters edge-triggered epoll items watch.
pub fn generations(file: &OpenFile) -> Generations {
    match &file.kind {
        Kind::PipeRead(pipe) | Kind::PipeWrite(pipe) => {
            let p = pipe.borrow();
            Some((p.written + u64::from(p.writers == 0), p.drained + u64::from(p.readers == 0)))
        }
        Kind::Special(Special::Socket(s)) => s.try_borrow().ok().map(|s| s.gens),
        Kind::Special(Special::EventFd(e)) => e.try_borrow().ok().map(|e| e.gens),
        Kind::Special(Special::TimerFd(t)) => t.try_borrow().ok().map(|t| (t.fired, 0)),
        _ => None,
    }
}

impl Special {
    fn mask(&self, console: &Console, pending: u64, depth: u32) -> u32 {
        match self {
            Special::Socket(s) => s.try_borrow().map(|s| s.mask()).unwrap_or(0),
            Special::EventFd(e) => e
                .try_borrow()
                .map(|e| {
                    let input = if e.counter.readable() { IN | RDNORM } else { 0 };
                    input | if e.counter.writable() { OUT | WRNORM } else { 0 }
                })
                .unwrap_or(0),
            Special::TimerFd(t) => match t.try_borrow_mut() {
                Ok(mut t) => {
                    t.update(microkernel_user::clock_ns());
                    if t.timer.pending > 0 {
                        IN | RDNORM
                    } else {
                        0
                    }
                }
                Err(_) => 0,
            },
            Special::Epoll(ep) => {
                if depth > 4 {
                    return 0;
                }
                let Ok(ep) = ep.try_borrow() else { return 0 };
                let ready = ep.items.iter().any(|item| {
                    let Some(file) = item.file.upgrade() else { return false };
                    let Ok(f) = file.try_borrow() else { return false };
                    let mut interest = item.interest;
                    interest.check(mask(console, pending, &f, depth + 1), generations(&f)) != 0
                });
                if ready {
                    IN | RDNORM
                } else {
                    0
                }
            }
            Special::SignalFd(sfd) => {
                let wanted = sfd.try_borrow().map(|s| s.mask).unwrap_or(0);
                if pending & wanted != 0 {
                    IN | RDNORM
                } else {
                    0
                }
            }
        }
    }

    /// The inode number fstat shows.
    pub fn ino(&self) -> u64 {
        match self {
            Special::Socket(s) => s.borrow().ino,
            Special::EventFd(e) => e.borrow().ino,
            Special::TimerFd(t) => t.borrow().ino,
            Special::Epoll(ep) => ep.borrow().ino,
            Special::SignalFd(sfd) => sfd.borrow().ino,
        }
    }

    /// The file mode fstat shows: sockets are S_IFSOCK 0777, the others
    /// anonymous inodes (mode 0600, no type).
    pub fn mode(&self) -> u32 {
        match self {
            Special::Socket(_) => syscall_translation::types::stat::S_IFSOCK | 0o777,
            _ => 0o600,
        }
    }

    /// What readlink(/proc/PID/fd/N) shows.
    pub fn link(&self) -> Vec<u8> {
        match self {
            Special::Socket(s) => alloc::format!("socket:[{}]", s.borrow().ino).into_bytes(),
            Special::EventFd(_) => b"anon_inode:[eventfd]".to_vec(),
            Special::TimerFd(_) => b"anon_inode:[timerfd]".to_vec(),
            Special::Epoll(_) => b"anon_inode:[eventpoll]".to_vec(),
            Special::SignalFd(_) => b"anon_inode:[signalfd]".to_vec(),
        }
    }
}

/// A description for a new object.
pub fn description(special: Special, nonblock: bool) -> OpenFile {
    OpenFile::new(Kind::Special(special), 2 | if nonblock { 0o4000 } else { 0 })
}
