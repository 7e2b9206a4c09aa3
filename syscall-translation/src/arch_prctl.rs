//! arch_prctl(2) codes for x86-64 (`arch/x86/include/uapi/asm/prctl.h`) and their decoding.
//! Unknown codes are `EINVAL`, as both `do_arch_prctl_64` and `do_arch_prctl_common` answer.

use crate::errno::Errno;
use crate::user::{UserAddr, UserPtr};

/// Set the `gs` base.
pub const ARCH_SET_GS: u32 = 0x1001;
/// Set the `fs` base (the thread pointer).
pub const ARCH_SET_FS: u32 = 0x1002;
/// Read the `fs` base.
pub const ARCH_GET_FS: u32 = 0x1003;
/// Read the `gs` base.
pub const ARCH_GET_GS: u32 = 0x1004;
/// Read whether CPUID faulting is off.
pub const ARCH_GET_CPUID: u32 = 0x1011;
/// Enable or disable CPUID faulting.
pub const ARCH_SET_CPUID: u32 = 0x1012;
/// Supported XSAVE components.
pub const ARCH_GET_XCOMP_SUPP: u32 = 0x1021;
/// Permitted XSAVE components.
pub const ARCH_GET_XCOMP_PERM: u32 = 0x1022;
/// Request an XSAVE component.
pub const ARCH_REQ_XCOMP_PERM: u32 = 0x1023;
/// Permitted guest XSAVE components.
pub const ARCH_GET_XCOMP_GUEST_PERM: u32 = 0x1024;
/// Request a guest XSAVE component.
pub const ARCH_REQ_XCOMP_GUEST_PERM: u32 = 0x1025;
/// Map an x32 vDSO.
pub const ARCH_MAP_VDSO_X32: u32 = 0x2001;
/// Map a 32-bit vDSO.
pub const ARCH_MAP_VDSO_32: u32 = 0x2002;
/// Map a 64-bit vDSO.
pub const ARCH_MAP_VDSO_64: u32 = 0x2003;
/// Read the address untag mask (LAM).
pub const ARCH_GET_UNTAG_MASK: u32 = 0x4001;
/// Enable tagged addresses (LAM).
pub const ARCH_ENABLE_TAGGED_ADDR: u32 = 0x4002;
/// Maximum tag bits (LAM).
pub const ARCH_GET_MAX_TAG_BITS: u32 = 0x4003;
/// Force tagged addresses with SVA.
pub const ARCH_FORCE_TAGGED_SVA: u32 = 0x4004;
/// Enable shadow-stack features.
pub const ARCH_SHSTK_ENABLE: u32 = 0x5001;
/// Disable shadow-stack features.
pub const ARCH_SHSTK_DISABLE: u32 = 0x5002;
/// Lock shadow-stack features.
pub const ARCH_SHSTK_LOCK: u32 = 0x5003;
/// Unlock shadow-stack features.
pub const ARCH_SHSTK_UNLOCK: u32 = 0x5004;
/// Shadow-stack status.
pub const ARCH_SHSTK_STATUS: u32 = 0x5005;

/// The strace name of an arch_prctl code.
pub const fn code_name(code: u32) -> Option<&'static str> {
    Some(match code {
        ARCH_SET_GS => "ARCH_SET_GS",
        ARCH_SET_FS => "ARCH_SET_FS",
        ARCH_GET_FS => "ARCH_GET_FS",
        ARCH_GET_GS => "ARCH_GET_GS",
        ARCH_GET_CPUID => "ARCH_GET_CPUID",
        ARCH_SET_CPUID => "ARCH_SET_CPUID",
        ARCH_GET_XCOMP_SUPP => "ARCH_GET_XCOMP_SUPP",
        ARCH_GET_XCOMP_PERM => "ARCH_GET_XCOMP_PERM",
        ARCH_REQ_XCOMP_PERM => "ARCH_REQ_XCOMP_PERM",
        ARCH_GET_XCOMP_GUEST_PERM => "ARCH_GET_XCOMP_GUEST_PERM",
        ARCH_REQ_XCOMP_GUEST_PERM => "ARCH_REQ_XCOMP_GUEST_PERM",
        ARCH_MAP_VDSO_X32 => "ARCH_MAP_VDSO_X32",
        ARCH_MAP_VDSO_32 => "ARCH_MAP_VDSO_32",
        ARCH_MAP_VDSO_64 => "ARCH_MAP_VDSO_64",
        ARCH_GET_UNTAG_MASK => "ARCH_GET_UNTAG_MASK",
        ARCH_ENABLE_TAGGED_ADDR => "ARCH_ENABLE_TAGGED_ADDR",
        ARCH_GET_MAX_TAG_BITS => "ARCH_GET_MAX_TAG_BITS",
        ARCH_FORCE_TAGGED_SVA => "ARCH_FORCE_TAGGED_SVA",
        ARCH_SHSTK_ENABLE => "ARCH_SHSTK_ENABLE",
        ARCH_SHSTK_DISABLE => "ARCH_SHSTK_DISABLE",
        ARCH_SHSTK_LOCK => "ARCH_SHSTK_LOCK",
        ARCH_SHSTK_UNLOCK => "ARCH_SHSTK_UNLOCK",
        ARCH_SHSTK_STATUS => "ARCH_SHSTK_STATUS",
        _ => return None,
    })
}

/// A decoded arch_prctl(2) request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchPrctl {
    /// Set the `fs` base to this address (`ARCH_SET_FS`).
    SetFs(u64),
    /// Store the `fs` base here (`ARCH_GET_FS`).
    GetFs(UserPtr<u64>),
    /// Set the `gs` base (`ARCH_SET_GS`).
    SetGs(u64),
    /// Store the `gs` base here (`ARCH_GET_GS`).
    GetGs(UserPtr<u64>),
    /// Another known code, with its raw argument.
    Other {
        /// The code.
        code: u32,
        /// The argument register.
        arg: u64,
    },
}

impl ArchPrctl {
    /// Decode `(code, addr)`; an unknown code is `EINVAL`.
    pub fn decode(code: u64, addr: u64) -> Result<ArchPrctl, Errno> {
        let code = code as u32;
        Ok(match code {
            ARCH_SET_FS => ArchPrctl::SetFs(addr),
            ARCH_GET_FS => ArchPrctl::GetFs(UserPtr::new(UserAddr(addr))),
            ARCH_SET_GS => ArchPrctl::SetGs(addr),
            ARCH_GET_GS => ArchPrctl::GetGs(UserPtr::new(UserAddr(addr))),
            _ if code_name(code).is_some() => ArchPrctl::Other { code, arg: addr },
            _ => return Err(Errno::EINVAL),
        })
    }
}
