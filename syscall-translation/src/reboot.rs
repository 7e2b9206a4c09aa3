//! reboot(2) magic numbers and commands (`include/uapi/linux/reboot.h`). A call whose magic
//! numbers do not match is `EINVAL`; an unknown command is `EINVAL` too.

use crate::errno::Errno;

/// First magic number.
pub const LINUX_REBOOT_MAGIC1: u32 = 0xfee1_dead;
/// Second magic number (Torvalds' birthday).
pub const LINUX_REBOOT_MAGIC2: u32 = 672_274_793;
/// Accepted alternative second magic.
pub const LINUX_REBOOT_MAGIC2A: u32 = 85_072_278;
/// Accepted alternative second magic.
pub const LINUX_REBOOT_MAGIC2B: u32 = 369_367_448;
/// Accepted alternative second magic.
pub const LINUX_REBOOT_MAGIC2C: u32 = 537_993_216;

/// Restart the system.
pub const LINUX_REBOOT_CMD_RESTART: u32 = 0x0123_4567;
/// Halt.
pub const LINUX_REBOOT_CMD_HALT: u32 = 0xCDEF_0123;
/// Ctrl-Alt-Del reboots.
pub const LINUX_REBOOT_CMD_CAD_ON: u32 = 0x89AB_CDEF;
/// Ctrl-Alt-Del sends `SIGINT` to init.
pub const LINUX_REBOOT_CMD_CAD_OFF: u32 = 0x0000_0000;
/// Power off.
pub const LINUX_REBOOT_CMD_POWER_OFF: u32 = 0x4321_FEDC;
/// Restart with a command string.
pub const LINUX_REBOOT_CMD_RESTART2: u32 = 0xA1B2_C3D4;
/// Suspend to disk.
pub const LINUX_REBOOT_CMD_SW_SUSPEND: u32 = 0xD000_FCE2;
/// Boot a loaded kexec kernel.
pub const LINUX_REBOOT_CMD_KEXEC: u32 = 0x4558_4543;

/// A reboot(2) command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RebootCmd {
    /// `LINUX_REBOOT_CMD_RESTART`.
    Restart,
    /// `LINUX_REBOOT_CMD_HALT`.
    Halt,
    /// `LINUX_REBOOT_CMD_CAD_ON`.
    CadOn,
    /// `LINUX_REBOOT_CMD_CAD_OFF`.
    CadOff,
    /// `LINUX_REBOOT_CMD_POWER_OFF`.
    PowerOff,
    /// `LINUX_REBOOT_CMD_RESTART2`.
    Restart2,
    /// `LINUX_REBOOT_CMD_SW_SUSPEND`.
    SwSuspend,
    /// `LINUX_REBOOT_CMD_KEXEC`.
    Kexec,
}

impl RebootCmd {
    /// Check the magic numbers and decode the command.
    pub fn decode(magic1: u64, magic2: u64, cmd: u64) -> Result<RebootCmd, Errno> {
        let (magic1, magic2, cmd) = (magic1 as u32, magic2 as u32, cmd as u32);
        if magic1 != LINUX_REBOOT_MAGIC1
            || !matches!(
                magic2,
                LINUX_REBOOT_MAGIC2
                    | LINUX_REBOOT_MAGIC2A
                    | LINUX_REBOOT_MAGIC2B
                    | LINUX_REBOOT_MAGIC2C
            )
        {
            return Err(Errno::EINVAL);
        }
        Ok(match cmd {
            LINUX_REBOOT_CMD_RESTART => RebootCmd::Restart,
            LINUX_REBOOT_CMD_HALT => RebootCmd::Halt,
            LINUX_REBOOT_CMD_CAD_ON => RebootCmd::CadOn,
            LINUX_REBOOT_CMD_CAD_OFF => RebootCmd::CadOff,
            LINUX_REBOOT_CMD_POWER_OFF => RebootCmd::PowerOff,
            LINUX_REBOOT_CMD_RESTART2 => RebootCmd::Restart2,
            LINUX_REBOOT_CMD_SW_SUSPEND => RebootCmd::SwSuspend,
            LINUX_REBOOT_CMD_KEXEC => RebootCmd::Kexec,
            _ => return Err(Errno::EINVAL),
        })
    }

    /// The strace name.
    pub const fn name(self) -> &'static str {
        match self {
            RebootCmd::Restart => "LINUX_REBOOT_CMD_RESTART",
            RebootCmd::Halt => "LINUX_REBOOT_CMD_HALT",
            RebootCmd::CadOn => "LINUX_REBOOT_CMD_CAD_ON",
            RebootCmd::CadOff => "LINUX_REBOOT_CMD_CAD_OFF",
            RebootCmd::PowerOff => "LINUX_REBOOT_CMD_POWER_OFF",
            RebootCmd::Restart2 => "LINUX_REBOOT_CMD_RESTART2",
            RebootCmd::SwSuspend => "LINUX_REBOOT_CMD_SW_SUSPEND",
            RebootCmd::Kexec => "LINUX_REBOOT_CMD_KEXEC",
        }
    }
}
