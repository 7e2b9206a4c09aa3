//! Property: reading never panics, whatever the bytes, and reports errors at header offsets.

use initrd::{Archive, Builder};
use proptest::prelude::*;

/// Walks the whole archive and every entry's fields, as a caller would.
fn read_all(bytes: &[u8]) {
    let archive = Archive::new(bytes);
    let mut last_offset = None;
    for entry in archive.entries() {
        match entry {
            Ok(entry) => {
                assert!(entry.offset < bytes.len());
                assert!(last_offset.is_none_or(|last| entry.offset > last));
                last_offset = Some(entry.offset);
                let _ = (entry.path(), entry.symlink_target(), entry.file_type());
                assert!(entry.data.len() <= bytes.len());
            }
            Err(error) => assert!(error.offset() <= bytes.len()),
        }
    }
    let _ = archive.find("bin/busybox");
    let _ = archive.validate();
}

fn sample_archive() -> Vec<u8> {
    Builder::new()
        .file("bin/busybox", 0o755, b"\x7fELF....".to_vec())
        .symlink("bin/sh", "busybox")
        .file("etc/motd", 0o644, b"hello\n".to_vec())
        .file("empty", 0o644, Vec::new())
        .finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        read_all(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_magic(tail in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut bytes = b"070701".to_vec();
        bytes.extend(tail);
        read_all(&bytes);
    }

    #[test]
    fn mutated_archive(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = sample_archive();
        for (index, value) in edits {
            let at = index.index(bytes.len());
            bytes[at] = value;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        read_all(&bytes);
    }

    #[test]
    fn mutated_header_digits(
        edits in proptest::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                prop::sample::select(b"0123456789abcdefFf".to_vec()),
            ),
            1..6,
        ),
    ) {
        // Replacing hex digits with hex digits keeps headers parseable, so the sizes (not the
        // digits) are what goes wrong.
        let mut bytes = sample_archive();
        let headers: Vec<usize> = Archive::new(&bytes)
            .entries()
            .map(|entry| entry.unwrap().offset)
            .chain([bytes.len() - 124])
            .collect();
        for (header, index, value) in edits {
            let at = headers[header.index(headers.len())] + 6 + index.index(104);
            bytes[at] = value;
        }
        read_all(&bytes);
    }
}
