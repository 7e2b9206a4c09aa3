//! Trap entry: one naked stub per vector pushes the vector (and a zero error
//! code where the CPU pushes none), then the common stub saves every general
//! register into a [`TrapFrame`] and calls the one safe dispatcher,
//! [`trap_dispatch`]. Returning restores the (possibly modified) frame.

use core::sync::atomic::{AtomicU64, Ordering};

use crate::kprintln;

/// The saved state of an interrupted context, laid out as the entry stubs push it.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C)]
pub struct TrapFrame {
    pub rax: u64,
    pub rbx: u64,
    pub rcx: u64,
    pub rdx: u64,
    pub rsi: u64,
    pub rdi: u64,
    pub rbp: u64,
    pub r8: u64,
    pub r9: u64,
    pub r10: u64,
    pub r11: u64,
    pub r12: u64,
    pub r13: u64,
    pub r14: u64,
    pub r15: u64,
    pub vector: u64,
    pub error_code: u64,
    pub rip: u64,
    pub cs: u64,
    pub rflags: u64,
    pub rsp: u64,
    pub ss: u64,
}

pub const EXCEPTION_NAMES: [&str; 32] = [
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor segment overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack-segment fault",
    "#GP general protection",
    "#PF page fault",
    "reserved 15",
    "#MF x87 floating point",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD floating point",
    "#VE virtualization",
    "#CP control protection",
    "reserved 22",
    "reserved 23",
    "reserved 24",
    "reserved 25",
    "reserved 26",
    "reserved 27",
    "#HV hypervisor injection",
    "#VC VMM communication",
    "#SX security",
    "reserved 31",
];

/// Vectors for which the CPU pushes an error code.
const fn has_error_code(vector: usize) -> bool {
    matches!(vector, 8 | 10 | 11 | 12 | 13 | 14 | 17 | 21 | 29 | 30)
}

pub const TIMER_VECTOR: u8 = 32;
pub const SPURIOUS_VECTOR: u8 = 0xff;

/// Expected-fault hook for the in-kernel tests: when `EXPECTED_VECTOR` holds a
/// vector and that exception arrives from ring 0, the handler records it and
/// resumes at `RESUME_RIP` instead of panicking.
pub static EXPECTED_VECTOR: AtomicU64 = AtomicU64::new(u64::MAX);
pub static RESUME_RIP: AtomicU64 = AtomicU64::new(0);
pub static LAST_FAULT: spin::Mutex<Option<(u64, u64, u64)>> = spin::Mutex::new(None);

/// The one safe entry for every trap.
extern "C" fn trap_dispatch(frame: &mut TrapFrame) {
    let vector = frame.vector;
    // Ring 3, or ring 1 (the co-located server): not the kernel.
    let from_user = frame.cs & 3 != 0;
    let running = crate::kobj::sched::RUNNING.load(Ordering::Relaxed);
    match vector {
        0..=31 if from_user => {
            let cr2 = if vector == 14 { x86_64::registers::control::Cr2::read_raw() } else { 0 };
            crate::kobj::user_exception(vector, frame.error_code, cr2);
        }
        0..=31 => exception(frame),
        v if v == TIMER_VECTOR as u64 => {
            super::timer::tick();
            if running {
                crate::kobj::timer_tick(from_user);
            }
        }
        33..=47 => {
            let irq = (vector - 32) as u8;
            super::timer::end_of_interrupt(irq);
            if running {
                crate::kobj::device_irq(irq);
            }
        }
        v if v == SPURIOUS_VECTOR as u64 => {}
        _ => kprintln!("unexpected interrupt vector {vector}"),
    }
}

fn exception(frame: &mut TrapFrame) {
    let cr2 = x86_64::registers::control::Cr2::read_raw();
    if frame.vector == 14 && super::entry::fixup_user_copy(frame) {
        return;
    }
    if frame.cs & 3 == 0 && EXPECTED_VECTOR.load(Ordering::SeqCst) == frame.vector {
        EXPECTED_VECTOR.store(u64::MAX, Ordering::SeqCst);
        *LAST_FAULT.lock() = Some((frame.vector, frame.error_code, cr2));
        frame.rip = RESUME_RIP.load(Ordering::SeqCst);
        return;
    }
    if frame.vector == 3 && frame.cs & 3 == 0 {
        // int3 in the kernel is a trap: report and resume after the instruction.
        kprintln!("breakpoint at {:#x}", frame.rip);
        *LAST_FAULT.lock() = Some((frame.vector, 0, 0));
        return;
    }
    report(frame, cr2);
    panic!("unhandled {} in ring {}", EXCEPTION_NAMES[frame.vector as usize], frame.cs & 3);
}

fn report(frame: &TrapFrame, cr2: u64) {
    kprintln!(
        "EXCEPTION {} (vector {}) error {:#x} cr2 {:#x}",
        EXCEPTION_NAMES[frame.vector as usize],
        frame.vector,
        frame.error_code,
        cr2
    );
    kprintln!(
        "  rip {:#018x} cs {:#x} rflags {:#x} rsp {:#018x} ss {:#x}",
        frame.rip,
        frame.cs,
        frame.rflags,
        frame.rsp,
        frame.ss
    );
    kprintln!(
        "  rax {:#018x} rbx {:#018x} rcx {:#018x} rdx {:#018x}",
        frame.rax,
        frame.rbx,
        frame.rcx,
        frame.rdx
    );
    kprintln!(
        "  rsi {:#018x} rdi {:#018x} rbp {:#018x} r8  {:#018x}",
        frame.rsi,
        frame.rdi,
        frame.rbp,
        frame.r8
    );
    kprintln!(
        "  r9  {:#018x} r10 {:#018x} r11 {:#018x} r12 {:#018x}",
        frame.r9,
        frame.r10,
        frame.r11,
        frame.r12
    );
    kprintln!("  r13 {:#018x} r14 {:#018x} r15 {:#018x}", frame.r13, frame.r14, frame.r15);
}

/// Saves the general registers below the vector and error code, calls
/// `trap_dispatch` with a pointer to the frame, and leaves through
/// `entry::trap_return`, the one way back.
#[unsafe(naked)]
unsafe extern "C" fn trap_common() {
    core::arch::naked_asm!(
        // Coming from ring 3, switch to the kernel's GS base.
        "test qword ptr [rsp + 24], 3",
        "jz 2f",
        "swapgs",
        "2:",
        "push r15",
        "push r14",
        "push r13",
        "push r12",
        "push r11",
        "push r10",
        "push r9",
        "push r8",
        "push rbp",
        "push rdi",
        "push rsi",
        "push rdx",
        "push rcx",
        "push rbx",
        "push rax",
        "mov rdi, rsp",
        "cld",
        "call {dispatch}",
        "jmp {trap_return}",
        dispatch = sym trap_dispatch,
        trap_return = sym super::entry::trap_return,
    );
}

macro_rules! entry_stubs {
    ($($vector:literal)*) => {
        /// The entry stub of each vector, indexed by vector.
        pub static ENTRY_STUBS: [unsafe extern "C" fn(); 256] = [$({
            #[unsafe(naked)]
            unsafe extern "C" fn stub() {
                core::arch::naked_asm!(
                    ".if {error_code} == 0",
                    "push 0",
                    ".endif",
                    "push {vector}",
                    "jmp {common}",
                    error_code = const has_error_code($vector) as u8,
                    vector = const $vector,
                    common = sym trap_common,
                )
            }
            stub
        },)*];
    };
}

entry_stubs!(
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
    32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63
    64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95
    96 97 98 99 100 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119
    120 121 122 123 124 125 126 127 128 129 130 131 132 133 134 135 136 137 138 139 140 141 142 143
    144 145 146 147 148 149 150 151 152 153 154 155 156 157 158 159 160 161 162 163 164 165 166 167
    168 169 170 171 172 173 174 175 176 177 178 179 180 181 182 183 184 185 186 187 188 189 190 191
    192 193 194 195 196 197 198 199 200 201 202 203 204 205 206 207 208 209 210 211 212 213 214 215
    216 217 218 219 220 221 222 223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239
    240 241 242 243 244 245 246 247 248 249 250 251 252 253 254 255
);
