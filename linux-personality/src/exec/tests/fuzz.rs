//! The ELF loader's decisions under hostile input (issue 10): random bytes and random
//! mutations of a valid executable never make `LoadPlan::from_elf` panic, and a plan it
//! accepts only names bytes inside the file and addresses inside the user half.

use proptest::prelude::*;

use super::elf_writer::ElfFile;
use crate::exec::LoadPlan;
use crate::layout::USER_END;

/// What every accepted plan must satisfy, whatever the input.
fn check(image: &[u8], plan: &LoadPlan) {
    for segment in &plan.segments {
        assert!(segment.start <= segment.end, "segment runs backwards");
        assert!(segment.end <= USER_END, "segment beyond the user half");
        assert!(segment.file_len <= segment.end - segment.start, "file bytes beyond memsz");
        let file_end = segment.file_offset.checked_add(segment.file_len);
        assert!(file_end.is_some_and(|e| e <= image.len() as u64), "segment outside the file");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(plan) = LoadPlan::from_elf(&bytes, 0x5555_5555_4000) {
            check(&bytes, &plan);
        }
    }

    #[test]
    fn mutated_executables_never_panic(
        edits in proptest::collection::vec((0usize..512, any::<u8>()), 1..16),
        truncate in proptest::option::of(0usize..4096),
    ) {
        let mut image = ElfFile::typical().write();
        for (at, byte) in edits {
            if at < image.len() {
                image[at] = byte;
            }
        }
        if let Some(len) = truncate {
            image.truncate(len);
        }
        if let Ok(plan) = LoadPlan::from_elf(&image, 0x5555_5555_4000) {
            check(&image, &plan);
        }
    }
}
