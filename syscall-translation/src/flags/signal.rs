//! `SA_*` signal-action flags (sigaction(2), `arch/x86/include/uapi/asm/signal.h`). Unknown
//! bits are kept: Linux stores them (and reports `SA_UNSUPPORTED` semantics through them).

bitflags::bitflags! {
    /// `sa_flags` of the kernel `struct sigaction`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct SigactionFlags: u64 {
        /// `SIGCHLD`: no notification when children stop.
        const SA_NOCLDSTOP = 0x0000_0001;
        /// `SIGCHLD`: do not turn children into zombies.
        const SA_NOCLDWAIT = 0x0000_0002;
        /// Three-argument handler with `siginfo_t`.
        const SA_SIGINFO = 0x0000_0004;
        /// Probe bit: never supported, always cleared by the kernel.
        const SA_UNSUPPORTED = 0x0000_0400;
        /// Expose address tag bits in `si_addr`.
        const SA_EXPOSE_TAGBITS = 0x0000_0800;
        /// `sa_restorer` is valid (required on x86-64 to return from a handler).
        const SA_RESTORER = 0x0400_0000;
        /// Run the handler on the alternate stack.
        const SA_ONSTACK = 0x0800_0000;
        /// Restart interruptible calls after the handler.
        const SA_RESTART = 0x1000_0000;
        /// Do not block the signal during its handler.
        const SA_NODEFER = 0x4000_0000;
        /// Reset to `SIG_DFL` on delivery.
        const SA_RESETHAND = 0x8000_0000;
    }
}
