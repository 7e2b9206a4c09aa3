//! ioctl(2) request numbers for terminals and generic descriptors (ioctl_tty(2),
//! `include/uapi/asm-generic/ioctls.h`), the `_IOC` encoding, and the decoding of the terminal
//! requests into typed arguments. Requests this crate does not type decode to
//! [`IoctlRequest::Other`]; whether they are `ENOTTY` is the driver's decision.

use crate::types::term::{Termios, Winsize};
use crate::user::{UserAddr, UserPtr};

/// Get the terminal attributes (`struct termios`).
pub const TCGETS: u32 = 0x5401;
/// Set the terminal attributes now.
pub const TCSETS: u32 = 0x5402;
/// Set after output drains.
pub const TCSETSW: u32 = 0x5403;
/// Set after output drains, flushing input.
pub const TCSETSF: u32 = 0x5404;
/// Send a break / drain (`tcdrain`).
pub const TCSBRK: u32 = 0x5409;
/// Flow control.
pub const TCXONC: u32 = 0x540A;
/// Flush queues.
pub const TCFLSH: u32 = 0x540B;
/// Make this terminal the controlling terminal.
pub const TIOCSCTTY: u32 = 0x540E;
/// Get the foreground process group.
pub const TIOCGPGRP: u32 = 0x540F;
/// Set the foreground process group.
pub const TIOCSPGRP: u32 = 0x5410;
/// Bytes in the output queue.
pub const TIOCOUTQ: u32 = 0x5411;
/// Insert a byte into the input queue.
pub const TIOCSTI: u32 = 0x5412;
/// Get the window size.
pub const TIOCGWINSZ: u32 = 0x5413;
/// Set the window size.
pub const TIOCSWINSZ: u32 = 0x5414;
/// Bytes available to read (`TIOCINQ`).
pub const FIONREAD: u32 = 0x541B;
/// Give up the controlling terminal.
pub const TIOCNOTTY: u32 = 0x5422;
/// Set non-blocking mode from an `int`.
pub const FIONBIO: u32 = 0x5421;
/// Set the line discipline.
pub const TIOCSETD: u32 = 0x5423;
/// Get the line discipline.
pub const TIOCGETD: u32 = 0x5424;
/// Get the session ID of the terminal.
pub const TIOCGSID: u32 = 0x5429;
/// Get the pty number (`_IOR('T', 0x30, unsigned int)`).
pub const TIOCGPTN: u32 = 0x8004_5430;
/// Lock or unlock the pty (`_IOW('T', 0x31, int)`).
pub const TIOCSPTLCK: u32 = 0x4004_5431;
/// Open the peer of a pty master.
pub const TIOCGPTPEER: u32 = 0x5441;
/// Clear close-on-exec.
pub const FIONCLEX: u32 = 0x5450;
/// Set close-on-exec.
pub const FIOCLEX: u32 = 0x5451;
/// Set or clear `O_ASYNC` from an `int`.
pub const FIOASYNC: u32 = 0x5452;

/// `_IOC` direction: none.
pub const IOC_NONE: u32 = 0;
/// `_IOC` direction: user writes, kernel reads.
pub const IOC_WRITE: u32 = 1;
/// `_IOC` direction: kernel writes, user reads.
pub const IOC_READ: u32 = 2;

/// `_IOC(dir, type, nr, size)`.
pub const fn ioc(dir: u32, kind: u8, nr: u8, size: u32) -> u32 {
    (dir << 30) | ((size & 0x3fff) << 16) | ((kind as u32) << 8) | nr as u32
}

/// The strace name of a request number.
pub const fn request_name(request: u32) -> Option<&'static str> {
    Some(match request {
        TCGETS => "TCGETS",
        TCSETS => "TCSETS",
        TCSETSW => "TCSETSW",
        TCSETSF => "TCSETSF",
        TCSBRK => "TCSBRK",
        TCXONC => "TCXONC",
        TCFLSH => "TCFLSH",
        TIOCSCTTY => "TIOCSCTTY",
        TIOCGPGRP => "TIOCGPGRP",
        TIOCSPGRP => "TIOCSPGRP",
        TIOCOUTQ => "TIOCOUTQ",
        TIOCSTI => "TIOCSTI",
        TIOCGWINSZ => "TIOCGWINSZ",
        TIOCSWINSZ => "TIOCSWINSZ",
        FIONREAD => "FIONREAD",
        TIOCNOTTY => "TIOCNOTTY",
        FIONBIO => "FIONBIO",
        TIOCSETD => "TIOCSETD",
        TIOCGETD => "TIOCGETD",
        TIOCGSID => "TIOCGSID",
        TIOCGPTN => "TIOCGPTN",
        TIOCSPTLCK => "TIOCSPTLCK",
        TIOCGPTPEER => "TIOCGPTPEER",
        FIONCLEX => "FIONCLEX",
        FIOCLEX => "FIOCLEX",
        FIOASYNC => "FIOASYNC",
        _ => return None,
    })
}

/// When a `TCSETS*` request takes effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TermiosWhen {
    /// `TCSETS`: now.
    Now,
    /// `TCSETSW`: after output drains.
    Drain,
    /// `TCSETSF`: after output drains, discarding input.
    Flush,
}

/// A decoded ioctl request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoctlRequest {
    /// `TCGETS`: store the attributes here.
    Tcgets(UserPtr<Termios>),
    /// `TCSETS*`: read the attributes from here.
    Tcsets {
        /// When.
        when: TermiosWhen,
        /// The new attributes.
        termios: UserPtr<Termios>,
    },
    /// `TIOCGWINSZ`: store the window size here.
    Tiocgwinsz(UserPtr<Winsize>),
    /// `TIOCSWINSZ`: read the window size from here.
    Tiocswinsz(UserPtr<Winsize>),
    /// `TIOCGPGRP`: store the foreground process group here.
    Tiocgpgrp(UserPtr<i32>),
    /// `TIOCSPGRP`: read the new foreground process group from here.
    Tiocspgrp(UserPtr<i32>),
    /// `TIOCSCTTY`: acquire as controlling terminal; `steal` if non-zero and privileged.
    Tiocsctty {
        /// Take it from another session.
        steal: bool,
    },
    /// `TIOCNOTTY`.
    Tiocnotty,
    /// `FIONREAD`: store the readable byte count here.
    Fionread(UserPtr<i32>),
    /// `FIONBIO`: read the non-blocking flag from here.
    Fionbio(UserPtr<i32>),
    /// `FIOCLEX`.
    Fioclex,
    /// `FIONCLEX`.
    Fionclex,
    /// Any other request, raw.
    Other {
        /// The request number (`unsigned int`).
        request: u32,
        /// The argument register.
        arg: u64,
    },
}

impl IoctlRequest {
    /// Decode the `request` and `arg` registers.
    pub fn decode(request: u64, arg: u64) -> IoctlRequest {
        let request = request as u32;
        let ptr = UserAddr(arg);
        match request {
            TCGETS => IoctlRequest::Tcgets(UserPtr::new(ptr)),
            TCSETS => IoctlRequest::Tcsets { when: TermiosWhen::Now, termios: UserPtr::new(ptr) },
            TCSETSW => {
                IoctlRequest::Tcsets { when: TermiosWhen::Drain, termios: UserPtr::new(ptr) }
            }
            TCSETSF => {
                IoctlRequest::Tcsets { when: TermiosWhen::Flush, termios: UserPtr::new(ptr) }
            }
            TIOCGWINSZ => IoctlRequest::Tiocgwinsz(UserPtr::new(ptr)),
            TIOCSWINSZ => IoctlRequest::Tiocswinsz(UserPtr::new(ptr)),
            TIOCGPGRP => IoctlRequest::Tiocgpgrp(UserPtr::new(ptr)),
            TIOCSPGRP => IoctlRequest::Tiocspgrp(UserPtr::new(ptr)),
            TIOCSCTTY => IoctlRequest::Tiocsctty { steal: arg as u32 as i32 != 0 },
            TIOCNOTTY => IoctlRequest::Tiocnotty,
            FIONREAD => IoctlRequest::Fionread(UserPtr::new(ptr)),
            FIONBIO => IoctlRequest::Fionbio(UserPtr::new(ptr)),
            FIOCLEX => IoctlRequest::Fioclex,
            FIONCLEX => IoctlRequest::Fionclex,
            _ => IoctlRequest::Other { request, arg },
        }
    }
}
