//! Terminal structures: the kernel `struct termios` used by `TCGETS`/`TCSETS*` and
//! `struct winsize` (termios(3), ioctl_tty(2), `include/uapi/asm-generic/termbits.h`).
//!
//! The kernel `termios` has 19 control characters and no speed fields (36 bytes); glibc's
//! `struct termios` is larger (32 control characters plus speeds) and glibc converts. The
//! kernel layout equals the leading part of `struct termios2`.

/// Number of control characters in the kernel `termios`.
pub const NCCS: usize = 19;

/// The kernel `struct termios`. 36 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Termios {
    /// Input modes.
    pub c_iflag: u32,
    /// Output modes.
    pub c_oflag: u32,
    /// Control modes.
    pub c_cflag: u32,
    /// Local modes.
    pub c_lflag: u32,
    /// Line discipline.
    pub c_line: u8,
    /// Control characters, indexed by `V*`.
    pub c_cc: [u8; NCCS],
}

impl Termios {
    /// The settings Linux gives a new terminal (`tty_std_termios`): canonical mode with echo,
    /// signals, `ICRNL`, `OPOST|ONLCR`, 38400 baud 8-bit.
    pub const fn standard() -> Termios {
        Termios {
            c_iflag: ICRNL | IXON,
            c_oflag: OPOST | ONLCR,
            c_cflag: B38400 | CS8 | CREAD | HUPCL,
            c_lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
            c_line: 0,
            c_cc: [
                0o003, 0o034, 0o177, 0o025, 0o004, 0, 1, 0, 0o021, 0o023, 0o032, 0, 0o022, 0o017,
                0o027, 0o026, 0, 0, 0,
            ],
        }
    }
}

/// `struct winsize` (`TIOCGWINSZ`). 8 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Winsize {
    /// Rows.
    pub ws_row: u16,
    /// Columns.
    pub ws_col: u16,
    /// Width in pixels (unused).
    pub ws_xpixel: u16,
    /// Height in pixels (unused).
    pub ws_ypixel: u16,
}

/// `c_cc` index: interrupt character (^C).
pub const VINTR: usize = 0;
/// `c_cc` index: quit character (^\).
pub const VQUIT: usize = 1;
/// `c_cc` index: erase character (DEL).
pub const VERASE: usize = 2;
/// `c_cc` index: kill-line character (^U).
pub const VKILL: usize = 3;
/// `c_cc` index: end-of-file character (^D).
pub const VEOF: usize = 4;
/// `c_cc` index: non-canonical read timeout.
pub const VTIME: usize = 5;
/// `c_cc` index: non-canonical read minimum.
pub const VMIN: usize = 6;
/// `c_cc` index: switch character.
pub const VSWTC: usize = 7;
/// `c_cc` index: start character (^Q).
pub const VSTART: usize = 8;
/// `c_cc` index: stop character (^S).
pub const VSTOP: usize = 9;
/// `c_cc` index: suspend character (^Z).
pub const VSUSP: usize = 10;
/// `c_cc` index: additional end-of-line character.
pub const VEOL: usize = 11;
/// `c_cc` index: reprint character (^R).
pub const VREPRINT: usize = 12;
/// `c_cc` index: discard character (^O).
pub const VDISCARD: usize = 13;
/// `c_cc` index: word-erase character (^W).
pub const VWERASE: usize = 14;
/// `c_cc` index: literal-next character (^V).
pub const VLNEXT: usize = 15;
/// `c_cc` index: second end-of-line character.
pub const VEOL2: usize = 16;

/// `c_iflag`: ignore break.
pub const IGNBRK: u32 = 0o000001;
/// `c_iflag`: break sends `SIGINT`.
pub const BRKINT: u32 = 0o000002;
/// `c_iflag`: ignore parity errors.
pub const IGNPAR: u32 = 0o000004;
/// `c_iflag`: mark parity errors.
pub const PARMRK: u32 = 0o000010;
/// `c_iflag`: enable parity check.
pub const INPCK: u32 = 0o000020;
/// `c_iflag`: strip the eighth bit.
pub const ISTRIP: u32 = 0o000040;
/// `c_iflag`: map NL to CR.
pub const INLCR: u32 = 0o000100;
/// `c_iflag`: ignore CR.
pub const IGNCR: u32 = 0o000200;
/// `c_iflag`: map CR to NL.
pub const ICRNL: u32 = 0o000400;
/// `c_iflag`: map upper case to lower case.
pub const IUCLC: u32 = 0o001000;
/// `c_iflag`: XON/XOFF output flow control.
pub const IXON: u32 = 0o002000;
/// `c_iflag`: any character restarts output.
pub const IXANY: u32 = 0o004000;
/// `c_iflag`: XON/XOFF input flow control.
pub const IXOFF: u32 = 0o010000;
/// `c_iflag`: ring the bell when the input queue is full.
pub const IMAXBEL: u32 = 0o020000;
/// `c_iflag`: input is UTF-8.
pub const IUTF8: u32 = 0o040000;

/// `c_oflag`: post-process output.
pub const OPOST: u32 = 0o000001;
/// `c_oflag`: map NL to CR-NL.
pub const ONLCR: u32 = 0o000004;

/// `c_cflag`: 38400 baud.
pub const B38400: u32 = 0o000017;
/// `c_cflag`: character-size mask.
pub const CSIZE: u32 = 0o000060;
/// `c_cflag`: 8-bit characters.
pub const CS8: u32 = 0o000060;
/// `c_cflag`: enable the receiver.
pub const CREAD: u32 = 0o000200;
/// `c_cflag`: hang up on last close.
pub const HUPCL: u32 = 0o002000;
/// `c_cflag`: ignore modem control lines.
pub const CLOCAL: u32 = 0o004000;

/// `c_lflag`: generate signals for INTR, QUIT, SUSP.
pub const ISIG: u32 = 0o000001;
/// `c_lflag`: canonical (line) mode.
pub const ICANON: u32 = 0o000002;
/// `c_lflag`: echo input.
pub const ECHO: u32 = 0o000010;
/// `c_lflag`: ERASE erases the previous character.
pub const ECHOE: u32 = 0o000020;
/// `c_lflag`: KILL erases the line.
pub const ECHOK: u32 = 0o000040;
/// `c_lflag`: echo NL even without `ECHO`.
pub const ECHONL: u32 = 0o000100;
/// `c_lflag`: do not flush on INTR/QUIT/SUSP.
pub const NOFLSH: u32 = 0o000200;
/// `c_lflag`: background writes send `SIGTTOU`.
pub const TOSTOP: u32 = 0o000400;
/// `c_lflag`: echo control characters as `^X`.
pub const ECHOCTL: u32 = 0o001000;
/// `c_lflag`: print erased characters.
pub const ECHOPRT: u32 = 0o002000;
/// `c_lflag`: KILL erases by erasing each character.
pub const ECHOKE: u32 = 0o004000;
/// `c_lflag`: implementation-defined input processing.
pub const IEXTEN: u32 = 0o100000;

/// `TCSETS*` actions for tcsetattr(3)'s `optional_actions` (and `TCFLSH` queues).
pub const TCSANOW: u32 = 0;
/// Apply after output drains.
pub const TCSADRAIN: u32 = 1;
/// Apply after output drains, discarding pending input.
pub const TCSAFLUSH: u32 = 2;
