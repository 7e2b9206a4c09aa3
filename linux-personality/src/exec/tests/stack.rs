//! The initial stack, parsed back as a C runtime's `_start` would read it.

use crate::exec::tests::elf_writer::ElfFile;
use crate::exec::{
    Credentials, InitialStack, LoadPlan, StackBuilder, StackError, MAX_ARG_STRLEN, PLATFORM,
};
use std::vec;
use std::vec::Vec;
use syscall_translation::auxv::*;
use syscall_translation::Errno;

const TOP: u64 = 0x7fff_ffff_f000;
const RANDOM: [u8; 16] = *b"0123456789abcdef";

fn plan() -> LoadPlan {
    LoadPlan::from_elf(&ElfFile::typical().write(), 0).unwrap()
}

/// Reads a built image by absolute address.
struct Reader<'a> {
    stack: &'a InitialStack,
}

impl Reader<'_> {
    fn offset(&self, address: u64) -> usize {
        assert!(address >= self.stack.rsp && address < TOP, "{address:#x} outside the image");
        (address - self.stack.rsp) as usize
    }

    fn u64_at(&self, address: u64) -> u64 {
        let at = self.offset(address);
        u64::from_le_bytes(self.stack.bytes[at..at + 8].try_into().unwrap())
    }

    fn c_string(&self, address: u64) -> &[u8] {
        let at = self.offset(address);
        let len = self.stack.bytes[at..].iter().position(|&b| b == 0).expect("NUL-terminated");
        &self.stack.bytes[at..at + len]
    }

    fn bytes(&self, address: u64, len: usize) -> &[u8] {
        let at = self.offset(address);
        &self.stack.bytes[at..at + len]
    }
}

/// What `_start` sees: argc, argv, envp and auxv.
struct Parsed {
    argv: Vec<Vec<u8>>,
    envp: Vec<Vec<u8>>,
    auxv: Vec<(u64, u64)>,
}

fn parse(stack: &InitialStack) -> Parsed {
    let r = Reader { stack };
    let mut at = stack.rsp;
    let argc = r.u64_at(at);
    at += 8;
    let mut argv = Vec::new();
    for _ in 0..argc {
        argv.push(r.c_string(r.u64_at(at)).to_vec());
        at += 8;
    }
    assert_eq!(r.u64_at(at), 0, "argv is NULL-terminated");
    at += 8;
    let mut envp = Vec::new();
    while r.u64_at(at) != 0 {
        envp.push(r.c_string(r.u64_at(at)).to_vec());
        at += 8;
    }
    at += 8;
    let mut auxv = Vec::new();
    loop {
        let (key, value) = (r.u64_at(at), r.u64_at(at + 8));
        at += 16;
        if key == AT_NULL {
            break;
        }
        auxv.push((key, value));
    }
    Parsed { argv, envp, auxv }
}

fn value(auxv: &[(u64, u64)], key: u64) -> u64 {
    auxv.iter().find(|&&(k, _)| k == key).unwrap_or_else(|| panic!("AT {key} missing")).1
}

#[test]
fn round_trip() {
    let argv: [&[u8]; 3] = [b"/bin/busybox", b"sh", b"-c"];
    let envp: [&[u8]; 2] = [b"HOME=/", b"PATH=/bin:/usr/bin"];
    let creds = Credentials { uid: 1000, euid: 1001, gid: 100, egid: 101, secure: true };
    let plan = plan();
    let stack = StackBuilder::new(TOP, b"/bin/sh", &argv, &envp)
        .random_bytes(RANDOM)
        .credentials(creds)
        .hwcap(0x178b_fbff, 2)
        .min_signal_stack_size(3632)
        .build(&plan)
        .unwrap();
    assert_eq!(stack.rsp % 16, 0);
    assert_eq!(stack.rsp + stack.bytes.len() as u64, TOP);
    assert_eq!(&stack.bytes[stack.bytes.len() - 8..], &[0; 8], "8 zero bytes at the top");

    let parsed = parse(&stack);
    assert_eq!(parsed.argv, argv.iter().map(|s| s.to_vec()).collect::<Vec<_>>());
    assert_eq!(parsed.envp, envp.iter().map(|s| s.to_vec()).collect::<Vec<_>>());
    assert_eq!(parsed.auxv, stack.auxv);

    let keys: Vec<u64> = parsed.auxv.iter().map(|&(k, _)| k).collect();
    assert_eq!(
        keys,
        [
            AT_MINSIGSTKSZ,
            AT_HWCAP,
            AT_PAGESZ,
            AT_CLKTCK,
            AT_PHDR,
            AT_PHENT,
            AT_PHNUM,
            AT_BASE,
            AT_FLAGS,
            AT_ENTRY,
            AT_UID,
            AT_EUID,
            AT_GID,
            AT_EGID,
            AT_SECURE,
            AT_RANDOM,
            AT_HWCAP2,
            AT_EXECFN,
            AT_PLATFORM
        ]
    );
    let a = &parsed.auxv;
    assert_eq!(value(a, AT_PHDR), plan.phdr_addr);
    assert_eq!(value(a, AT_PHENT), 56);
    assert_eq!(value(a, AT_PHNUM), plan.phnum);
    assert_eq!(value(a, AT_PAGESZ), 4096);
    assert_eq!(value(a, AT_BASE), 0);
    assert_eq!(value(a, AT_FLAGS), 0);
    assert_eq!(value(a, AT_ENTRY), plan.entry);
    assert_eq!(value(a, AT_UID), 1000);
    assert_eq!(value(a, AT_EUID), 1001);
    assert_eq!(value(a, AT_GID), 100);
    assert_eq!(value(a, AT_EGID), 101);
    assert_eq!(value(a, AT_SECURE), 1);
    assert_eq!(value(a, AT_HWCAP), 0x178b_fbff);
    assert_eq!(value(a, AT_HWCAP2), 2);
    assert_eq!(value(a, AT_CLKTCK), 100);
    assert_eq!(value(a, AT_MINSIGSTKSZ), 3632);

    let r = Reader { stack: &stack };
    assert_eq!(r.bytes(value(a, AT_RANDOM), 16), RANDOM);
    assert_eq!(r.c_string(value(a, AT_PLATFORM)), PLATFORM);
    assert_eq!(r.c_string(value(a, AT_EXECFN)), b"/bin/sh");
    // Linux's order, top down: execfn, envp strings, argv strings, platform, random.
    let argv0 = r.u64_at(stack.rsp + 8);
    let envp0 = r.u64_at(stack.rsp + 8 * 5);
    assert!(value(a, AT_EXECFN) > envp0 && envp0 > argv0);
    assert!(argv0 > value(a, AT_PLATFORM) && value(a, AT_PLATFORM) > value(a, AT_RANDOM));
}

#[test]
fn rsp_is_aligned_for_every_shape() {
    let plan = plan();
    let words: Vec<Vec<u8>> = (0..9).map(|i| vec![b'a' + i as u8; i * 3 + 1]).collect();
    let refs: Vec<&[u8]> = words.iter().map(|w| w.as_slice()).collect();
    for top in [TOP, TOP - 8, 0x7fff_0000_0000] {
        for argc in 0..5 {
            for envc in 0..4 {
                let stack = StackBuilder::new(top, b"x", &refs[..argc], &refs[5..5 + envc])
                    .build(&plan)
                    .unwrap();
                assert_eq!(stack.rsp % 16, 0, "argc {argc} envc {envc}");
                assert_eq!(stack.rsp + stack.bytes.len() as u64, top);
                let parsed = parse(&stack);
                assert_eq!(parsed.argv.len(), argc);
                assert_eq!(parsed.envp.len(), envc);
            }
        }
    }
}

#[test]
fn empty_argv_and_envp() {
    let stack = StackBuilder::new(TOP, b"/init", &[], &[]).build(&plan()).unwrap();
    let parsed = parse(&stack);
    assert!(parsed.argv.is_empty() && parsed.envp.is_empty());
    assert_eq!(Reader { stack: &stack }.u64_at(stack.rsp), 0);
}

#[test]
fn one_string_too_long_is_e2big() {
    let long = vec![b'x'; MAX_ARG_STRLEN as usize];
    let ok = vec![b'x'; MAX_ARG_STRLEN as usize - 1];
    let plan = plan();
    let argv: [&[u8]; 1] = [&ok];
    assert!(StackBuilder::new(TOP, b"x", &argv, &[]).build(&plan).is_ok());
    let argv: [&[u8]; 1] = [&long];
    let err = StackBuilder::new(TOP, b"x", &argv, &[]).build(&plan).unwrap_err();
    assert_eq!(err, StackError::ArgumentTooLong);
    assert_eq!(err.errno(), Errno::E2BIG);
    let err = StackBuilder::new(TOP, b"x", &[], &argv).build(&plan).unwrap_err();
    assert_eq!(err, StackError::ArgumentTooLong);
    let err = StackBuilder::new(TOP, &long, &[], &[]).build(&plan).unwrap_err();
    assert_eq!(err, StackError::ArgumentTooLong);
}

#[test]
fn total_size_limit_is_a_quarter_of_the_stack_rlimit() {
    let plan = plan();
    // 16 strings of 128 KiB = 2 MiB of strings: just over 8 MiB / 4 with the pointers.
    let chunk = vec![b'y'; MAX_ARG_STRLEN as usize - 1];
    let many: Vec<&[u8]> = (0..16).map(|_| chunk.as_slice()).collect();
    let err = StackBuilder::new(TOP, b"x", &many, &[]).build(&plan).unwrap_err();
    assert_eq!(err, StackError::ArgumentsTooLarge);
    assert_eq!(err.errno(), Errno::E2BIG);
    // 15 fit.
    assert!(StackBuilder::new(TOP, b"x", &many[..15], &[]).build(&plan).is_ok());
    // A 16 MiB rlimit allows 4 MiB.
    let stack = StackBuilder::new(TOP, b"x", &many, &[]).stack_rlimit(16 << 20).build(&plan);
    assert_eq!(parse(&stack.unwrap()).argv.len(), 16);
    // A tiny rlimit still allows ARG_MAX (32 pages).
    let small: Vec<&[u8]> = (0..100).map(|_| &b"0123456789"[..]).collect();
    assert!(StackBuilder::new(TOP, b"x", &small, &[]).stack_rlimit(4096).build(&plan).is_ok());
    // The pointers count too: many empty strings.
    let empties: Vec<&[u8]> = (0..300_000).map(|_| &b""[..]).collect();
    let err = StackBuilder::new(TOP, b"x", &empties, &[]).build(&plan).unwrap_err();
    assert_eq!(err, StackError::ArgumentsTooLarge);
}

#[test]
fn interior_nul_is_refused() {
    let argv: [&[u8]; 1] = [b"a\0b"];
    let err = StackBuilder::new(TOP, b"x", &argv, &[]).build(&plan()).unwrap_err();
    assert_eq!(err, StackError::InteriorNul);
}

#[test]
fn vdso_address_comes_first() {
    let argv: [&[u8]; 1] = [b"/bin/sh"];
    let plan = plan();
    let stack =
        StackBuilder::new(TOP, b"/bin/sh", &argv, &[]).vdso(0x7ffd_0001_0000).build(&plan).unwrap();
    let parsed = parse(&stack);
    assert_eq!(parsed.auxv[0], (AT_SYSINFO_EHDR, 0x7ffd_0001_0000));
    assert_eq!(parsed.auxv.iter().filter(|&&(k, _)| k == AT_SYSINFO_EHDR).count(), 1);
    assert_eq!(parsed.auxv.len(), 20);
}
