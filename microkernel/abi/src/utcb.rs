//! The user thread control block: one 4 KiB page per native thread, mapped into
//! its task at the address given to `ThreadCreate`. The kernel reaches it through
//! its own mapping of physical memory, so filling it costs no address-space switch.

/// Byte offset of the thread's own id.
pub const OWN_ID: usize = 0;
/// Byte offset of an [`crate::ExceptionFrame`] (exception messages, `Exregs`).
pub const EXCEPTION_FRAME: usize = 64;
/// Byte offset of a [`crate::Counters`] (the `Counters` call).
pub const COUNTERS: usize = 512;
/// Byte offset of the FPU state (XSAVE format, 64-byte aligned).
pub const FPU_AREA: usize = 1024;
/// Largest FPU state the UTCB holds.
pub const FPU_AREA_SIZE: usize = 3072;
pub const SIZE: usize = 4096;

/// Writes little-endian words at byte `offset`.
pub fn put_words(utcb: &mut [u8; SIZE], offset: usize, words: &[u64]) {
    for (i, w) in words.iter().enumerate() {
        let at = offset + i * 8;
        utcb[at..at + 8].copy_from_slice(&w.to_le_bytes());
    }
}

/// Reads `N` little-endian words at byte `offset`.
pub fn get_words<const N: usize>(utcb: &[u8; SIZE], offset: usize) -> [u64; N] {
    core::array::from_fn(|i| {
        let at = offset + i * 8;
        u64::from_le_bytes(utcb[at..at + 8].try_into().expect("8 bytes"))
    })
}
