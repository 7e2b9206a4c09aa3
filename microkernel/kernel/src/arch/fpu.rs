//! FPU / SSE / AVX state: enabled with XSAVE, saved per thread.
//!
//! The kernel is built soft-float and never touches these registers, so the state
//! in the CPU belongs to the last user thread that used it (`FpuOwner`) and is
//! only saved and restored when a *different* FPU-using thread runs.

use core::sync::atomic::{AtomicU64, Ordering};

use x86_64::registers::control::{Cr0, Cr0Flags, Cr4, Cr4Flags};
use x86_64::registers::xcontrol::{XCr0, XCr0Flags};

/// Size in bytes of the XSAVE area for the enabled features.
static AREA_SIZE: AtomicU64 = AtomicU64::new(512 + 64);
static XCR0_MASK: AtomicU64 = AtomicU64::new(0);

/// An XSAVE area (64-byte aligned, sized for the largest state we enable).
#[repr(C, align(64))]
pub struct XsaveArea(pub [u8; microkernel_abi::utcb::FPU_AREA_SIZE]);

impl XsaveArea {
    /// The initial state: x87 and SSE in their reset configuration.
    pub fn initial() -> XsaveArea {
        let mut area = XsaveArea([0; microkernel_abi::utcb::FPU_AREA_SIZE]);
        area.0[0..2].copy_from_slice(&0x037fu16.to_le_bytes()); // FCW
        area.0[24..28].copy_from_slice(&0x1f80u32.to_le_bytes()); // MXCSR
        area
    }

    /// Makes an area written by user space safe to XRSTOR: XSTATE_BV within XCR0,
    /// standard format, reserved header bytes zero, MXCSR reserved bits clear.
    pub fn sanitize(&mut self) {
        let xcr0 = XCR0_MASK.load(Ordering::Relaxed);
        let mut bv = u64::from_le_bytes(self.0[512..520].try_into().unwrap());
        bv &= xcr0;
        self.0[512..520].copy_from_slice(&bv.to_le_bytes());
        for byte in &mut self.0[520..576] {
            *byte = 0;
        }
        let mut mxcsr = u32::from_le_bytes(self.0[24..28].try_into().unwrap());
        mxcsr &= 0xffff;
        self.0[24..28].copy_from_slice(&mxcsr.to_le_bytes());
        // MXCSR_MASK is output-only for XSAVE; leave it.
    }
}

pub fn area_size() -> usize {
    AREA_SIZE.load(Ordering::Relaxed) as usize
}

pub fn init() {
    let cpuid = core::arch::x86_64::__cpuid(1);
    assert!(cpuid.ecx & (1 << 26) != 0, "the CPU has no XSAVE");
    // SAFETY: enabling SSE and XSAVE is what the kernel's own code expects not to
    // use; it only changes what user code may execute.
    unsafe {
        Cr0::update(|f| {
            f.remove(Cr0Flags::EMULATE_COPROCESSOR | Cr0Flags::TASK_SWITCHED);
            f.insert(Cr0Flags::MONITOR_COPROCESSOR | Cr0Flags::NUMERIC_ERROR);
        });
        Cr4::update(|f| {
            f.insert(Cr4Flags::OSFXSR | Cr4Flags::OSXMMEXCPT_ENABLE | Cr4Flags::OSXSAVE)
        });
    }
    let supported = core::arch::x86_64::__cpuid_count(0xd, 0);
    let supported = (supported.eax as u64) | ((supported.edx as u64) << 32);
    // x87, SSE and AVX: enough for user programs and small enough for the UTCB.
    let wanted = supported & 0b111;
    let flags = XCr0Flags::from_bits_truncate(wanted);
    // SAFETY: every bit set is supported by the CPU (CPUID.0xD) and x87 is set.
    unsafe { XCr0::write(flags) };
    let size = core::arch::x86_64::__cpuid_count(0xd, 0).ebx as u64;
    assert!(size as usize <= microkernel_abi::utcb::FPU_AREA_SIZE, "XSAVE area too large");
    AREA_SIZE.store(size, Ordering::Relaxed);
    XCR0_MASK.store(wanted, Ordering::Relaxed);
}

/// Saves the CPU's FPU state into `area`.
pub fn save(area: &mut XsaveArea) {
    let mask = XCR0_MASK.load(Ordering::Relaxed);
    // SAFETY: `area` is 64-byte aligned and large enough for the enabled features.
    unsafe {
        core::arch::asm!(
            "xsave64 [{area}]",
            area = in(reg) area.0.as_mut_ptr(),
            in("eax") mask as u32,
            in("edx") (mask >> 32) as u32,
            options(nostack),
        )
    };
}

/// Loads the FPU state from `area` (which must be sanitized if user-written).
pub fn restore(area: &XsaveArea) {
    let mask = XCR0_MASK.load(Ordering::Relaxed);
    // SAFETY: as for `save`; the header was produced by XSAVE or `sanitize`.
    unsafe {
        core::arch::asm!(
            "xrstor64 [{area}]",
            area = in(reg) area.0.as_ptr(),
            in("eax") mask as u32,
            in("edx") (mask >> 32) as u32,
            options(nostack, readonly),
        )
    };
}
