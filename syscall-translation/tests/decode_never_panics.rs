//! Property: decoding is total. For every syscall number in the table, and for numbers past
//! its end and in the gaps, any six 64-bit arguments decode without panicking, and a typed
//! result always reports the number it was decoded from. Formatting the same frame (with a
//! reader that can read nothing, and with one that reads garbage) never panics either.

use proptest::prelude::*;
use syscall_translation::numbers::{Sysno, MAX_SYSNO};
use syscall_translation::strace::{format_syscall, NoMemory, UserMemoryReader};
use syscall_translation::{decode, Errno, Syscall, SyscallArgs, UserAddr};

/// Reads an endless stream of a repeating byte pattern.
struct Garbage(u8);

impl UserMemoryReader for Garbage {
    fn read_bytes(&self, addr: UserAddr, buf: &mut [u8]) -> bool {
        for (index, byte) in buf.iter_mut().enumerate() {
            *byte = self.0.wrapping_add(addr.0 as u8).wrapping_add(index as u8);
        }
        true
    }
}

fn register() -> impl Strategy<Value = u64> {
    prop_oneof![
        any::<u64>(),
        0u64..16,
        Just(u64::MAX),
        Just((-100i64) as u64),
        any::<u32>().prop_map(u64::from),
        any::<i32>().prop_map(|v| v as i64 as u64),
    ]
}

fn number() -> impl Strategy<Value = u64> {
    prop_oneof![
        4 => (0..Sysno::ALL.len()).prop_map(|i| Sysno::ALL[i].number() as u64),
        1 => 0u64..1024,
        1 => any::<u64>(),
    ]
}

fn check(frame: SyscallArgs, reader: &dyn UserMemoryReader) {
    match decode(&frame) {
        Ok(Syscall::Unknown { nr, .. }) => {
            assert_eq!(nr, frame.nr);
            assert!(Sysno::new(nr).is_none());
        }
        Ok(call) => assert_eq!(call.sysno().map(|s| s.number() as u64), Some(frame.nr)),
        Err(errno) => {
            assert!(Sysno::new(frame.nr).is_some());
            assert!(errno.raw() > 0 && errno != Errno::ENOSYS || frame.nr == Sysno::futex as u64);
        }
    }
    let mut line = String::new();
    format_syscall(&mut line, &frame, reader, Some(Ok(frame.args[0]))).unwrap();
    format_syscall(&mut line, &frame, reader, Some(Err(Errno::EINVAL))).unwrap();
    format_syscall(&mut line, &frame, reader, None).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn decode_is_total(nr in number(), args in proptest::array::uniform6(register()), seed: u8) {
        let frame = SyscallArgs { nr, args };
        check(frame, &NoMemory);
        check(frame, &Garbage(seed));
    }
}

/// Every number of the table, plus the gaps and a stretch past the end, with a fixed set of
/// awkward argument patterns: exhaustive over numbers rather than random.
#[test]
fn every_number_with_edge_arguments() {
    let patterns: [[u64; 6]; 5] = [
        [0; 6],
        [u64::MAX; 6],
        [1, 2, 3, 4, 5, 6],
        [(-100i64) as u64, 0x7fff_ffff_f000, 0x1000, 0x22, u64::MAX, 0],
        [0x8000_0000_0000_0000, 0xffff_ffff, 0x1_0000_0000, 0x80, 0x7fff_ffff, 0x8000_0000],
    ];
    for nr in 0..=(MAX_SYSNO as u64 + 600) {
        for args in patterns {
            check(SyscallArgs { nr, args }, &NoMemory);
        }
    }
}
