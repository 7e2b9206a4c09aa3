//! Machine code for foreign-ABI test threads, as bytes (the foreign task shares
//! nothing with us, so its code is copied into a page of its own).

/// `mov eax,39; mov edi,1; mov esi,2; syscall; mov rbx,rax; ud2; mov rcx,[0x1000]`
pub const SYSCALL_THEN_FAULTS: &[u8] = &[
    0xb8, 39, 0, 0, 0, // mov eax, 39            (offset 0)
    0xbf, 1, 0, 0, 0, // mov edi, 1             (5)
    0xbe, 2, 0, 0, 0, // mov esi, 2             (10)
    0x0f, 0x05, // syscall               (15)
    0x48, 0x89, 0xc3, // mov rbx, rax          (17)
    0x0f, 0x0b, // ud2                   (20)
    0x48, 0x8b, 0x0c, 0x25, 0x00, 0x10, 0x00, 0x00, // mov rcx, [0x1000] (22)
];
pub const SYSCALL_RETURN_OFFSET: u64 = 17;
pub const UD2_OFFSET: u64 = 20;
pub const LOAD_OFFSET: u64 = 22;

/// Privileged and forbidden instructions, each followed by the next:
/// hlt; cli; out 0xe9, al; mov cr3, rax; movabs rax, [0xffff800000000000];
/// mov rax, [0x500000]; int3; mov eax, 1 (TaskCreate); syscall; jmp $
pub const FORBIDDEN: &[u8] = &[
    0xf4, // hlt                          0
    0xfa, // cli                          1
    0xe6, 0xe9, // out 0xe9, al           2
    0x0f, 0x22, 0xd8, // mov cr3, rax     4
    0x48, 0xa1, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0xff,
    0xff, // movabs rax, [0xffff800000000000]  7
    0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x50, 0x00, // mov rax, [0x500000]   17
    0xcc, // int3                         25
    0xb8, 1, 0, 0, 0, // mov eax, 1       26
    0x0f, 0x05, // syscall                31
    0xeb, 0xfe, // jmp $                  33
];
/// (offset, instruction length, expected vector) of each faulting instruction.
pub const FORBIDDEN_STEPS: &[(u64, u64, u64)] =
    &[(0, 1, 13), (1, 1, 13), (2, 2, 13), (4, 3, 13), (7, 10, 14), (17, 8, 14)];
pub const INT3_OFFSET: u64 = 25;
pub const SPIN_OFFSET: u64 = 33;

/// movabs rax, 0x1122334455667788; movq xmm0, rax; ud2; movq rbx, xmm0; ud2
pub const FPU: &[u8] = &[
    0x48, 0xb8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, // movabs rax, imm  0
    0x66, 0x48, 0x0f, 0x6e, 0xc0, // movq xmm0, rax   10
    0x0f, 0x0b, // ud2                                  15
    0x66, 0x48, 0x0f, 0x7e, 0xc3, // movq rbx, xmm0   17
    0x0f, 0x0b, // ud2                                  22
];
pub const FPU_FIRST_UD2: u64 = 15;
pub const FPU_SECOND_UD2: u64 = 22;

/// `loop: syscall; jmp loop` (the exception round-trip benchmark).
pub const SYSCALL_LOOP: &[u8] = &[0x0f, 0x05, 0xeb, 0xfc];
