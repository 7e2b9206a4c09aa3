//! Reader tests on hand-made headers: one per kind of malformed input.

extern crate std;

use std::format;
use std::string::String;
use std::vec::Vec;

use super::*;

/// One newc entry with the given fields; `name_size` and `file_size` default to the real sizes.
struct Raw<'a> {
    magic: &'a str,
    mode: u32,
    name: &'a [u8],
    data: &'a [u8],
    name_size: Option<u32>,
    file_size: Option<u32>,
    check: u32,
}

impl<'a> Raw<'a> {
    fn new(name: &'a [u8], mode: u32, data: &'a [u8]) -> Raw<'a> {
        Raw { magic: "070701", mode, name, data, name_size: None, file_size: None, check: 0 }
    }

    fn write(&self, out: &mut Vec<u8>) {
        let name_size = self.name_size.unwrap_or(self.name.len() as u32 + 1);
        let file_size = self.file_size.unwrap_or(self.data.len() as u32);
        let header = format!(
            "{}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}",
            self.magic,
            7,
            self.mode,
            1000,
            100,
            1,
            1_700_000_000,
            file_size,
            8,
            1,
            0,
            0,
            name_size,
            self.check
        );
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(self.name);
        out.push(0);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
        out.extend_from_slice(self.data);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }
}

fn trailer(out: &mut Vec<u8>) {
    Raw::new(b"TRAILER!!!", 0, b"").write(out);
}

fn archive_of(raws: &[Raw<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    for raw in raws {
        raw.write(&mut out);
    }
    trailer(&mut out);
    out
}

fn first_error(bytes: &[u8]) -> Error {
    Archive::new(bytes).validate().expect_err("archive should be rejected")
}

#[test]
fn reads_fields_and_helpers() {
    let bytes = archive_of(&[
        Raw::new(b"bin", S_IFDIR | 0o755, b""),
        Raw::new(b"bin/hello", S_IFREG | 0o4755, b"hello"),
        Raw::new(b"bin/sh", S_IFLNK | 0o777, b"hello"),
    ]);
    let archive = Archive::new(&bytes);
    let entries: Vec<Entry<'_>> = archive.entries().map(Result::unwrap).collect();
    assert_eq!(entries.len(), 3);
    let hello = entries[1];
    assert_eq!(hello.name, "bin/hello");
    assert_eq!(hello.data, b"hello");
    assert_eq!(hello.ino, 7);
    assert_eq!((hello.uid, hello.gid, hello.nlink), (1000, 100, 1));
    assert_eq!(hello.mtime, 1_700_000_000);
    assert_eq!((hello.dev_major, hello.dev_minor), (8, 1));
    assert_eq!(hello.permissions(), 0o4755);
    assert!(hello.is_file() && !hello.is_dir() && !hello.is_symlink());
    assert!(entries[0].is_dir());
    assert!(entries[2].is_symlink());
    assert_eq!(entries[2].symlink_target(), Some("hello"));
    assert_eq!(hello.symlink_target(), None);
    assert_eq!(entries[1].offset % 4, 0);
}

#[test]
fn find_accepts_leading_slash_and_dot() {
    let bytes = archive_of(&[
        Raw::new(b".", S_IFDIR | 0o755, b""),
        Raw::new(b"./etc", S_IFDIR | 0o755, b""),
        Raw::new(b"./etc/passwd", S_IFREG | 0o644, b"root:x:0:0::/:/bin/sh\n"),
    ]);
    let archive = Archive::new(&bytes);
    for path in ["etc/passwd", "/etc/passwd", "./etc/passwd", "//etc/passwd"] {
        let entry = archive.find(path).unwrap().unwrap();
        assert_eq!(entry.name, "./etc/passwd");
        assert_eq!(entry.path(), "etc/passwd");
    }
    assert_eq!(archive.find("/etc/").unwrap().unwrap().name, "./etc");
    assert_eq!(archive.find("/").unwrap().unwrap().name, ".");
    assert_eq!(archive.find("etc/shadow").unwrap(), None);
    assert_eq!(archive.find("etc/pass").unwrap(), None);
}

#[test]
fn stops_at_trailer() {
    let mut bytes = archive_of(&[Raw::new(b"a", S_IFREG | 0o644, b"1")]);
    // Anything after the trailer, even garbage, is not read.
    bytes.extend_from_slice(b"garbage after the trailer");
    let archive = Archive::new(&bytes);
    assert_eq!(archive.entries().count(), 1);
    assert_eq!(archive.validate(), Ok(()));
    assert_eq!(archive.find("zzz"), Ok(None));
}

#[test]
fn empty_archive_is_just_a_trailer() {
    let bytes = archive_of(&[]);
    assert_eq!(Archive::new(&bytes).entries().count(), 0);
    assert_eq!(Archive::new(&bytes).validate(), Ok(()));
}

#[test]
fn trailer_padding_may_be_cut_short() {
    let mut bytes = archive_of(&[]);
    bytes.truncate(HEADER_LEN + TRAILER_NAME.len() + 1);
    assert_eq!(Archive::new(&bytes).validate(), Ok(()));
}

#[test]
fn empty_input_misses_trailer() {
    assert_eq!(first_error(b""), Error::MissingTrailer { offset: 0 });
}

#[test]
fn no_trailer() {
    let mut bytes = Vec::new();
    Raw::new(b"a", S_IFREG | 0o644, b"12345").write(&mut bytes);
    let end = bytes.len();
    assert_eq!(first_error(&bytes), Error::MissingTrailer { offset: end });
    // The error ends the iteration.
    let mut entries = Archive::new(&bytes).entries();
    assert!(entries.next().unwrap().is_ok());
    assert!(entries.next().unwrap().is_err());
    assert!(entries.next().is_none());
    assert!(entries.next().is_none());
}

#[test]
fn truncated_header() {
    let bytes = archive_of(&[]);
    for len in 1..HEADER_LEN {
        assert_eq!(first_error(&bytes[..len]), Error::TruncatedHeader { offset: 0 });
    }
}

#[test]
fn bad_magic() {
    let mut bytes = archive_of(&[]);
    bytes[5] = b'7'; // "070707" is the old binary-header-free "odc" format
    assert_eq!(first_error(&bytes), Error::BadMagic { offset: 0 });
}

#[test]
fn bad_hex_digit_names_the_field() {
    let bytes = archive_of(&[Raw::new(b"a", S_IFREG, b"x")]);
    for (index, field) in FIELDS.iter().enumerate() {
        for bad in [b'g', b' ', b'-', 0xff] {
            let mut broken = bytes.clone();
            broken[6 + 8 * index + 3] = bad;
            assert_eq!(first_error(&broken), Error::BadHexDigit { offset: 0, field: *field });
        }
    }
    // Upper and lower case digits are both accepted.
    let mut upper = bytes.clone();
    upper[6..14].copy_from_slice(b"0000000A");
    assert_eq!(Archive::new(&upper).entries().next().unwrap().unwrap().ino, 10);
}

#[test]
fn empty_name() {
    let mut raw = Raw::new(b"", S_IFREG, b"");
    raw.name_size = Some(0);
    assert_eq!(first_error(&archive_of(&[raw])), Error::EmptyName { offset: 0 });
}

#[test]
fn name_past_end() {
    let mut raw = Raw::new(b"name", S_IFREG, b"");
    raw.name_size = Some(0xffff_ffff);
    assert_eq!(first_error(&archive_of(&[raw])), Error::NameOutOfBounds { offset: 0 });
    let bytes = archive_of(&[Raw::new(b"name", S_IFREG, b"")]);
    assert_eq!(first_error(&bytes[..HEADER_LEN + 3]), Error::NameOutOfBounds { offset: 0 });
}

#[test]
fn missing_nul() {
    // The name size is one short: its last byte is 'e', not NUL.
    let mut raw = Raw::new(b"name", S_IFREG, b"");
    raw.name_size = Some(4);
    assert_eq!(first_error(&archive_of(&[raw])), Error::MissingNul { offset: 0 });
    // A NUL inside the name.
    let raw = Raw::new(b"na\0me", S_IFREG, b"");
    assert_eq!(first_error(&archive_of(&[raw])), Error::MissingNul { offset: 0 });
}

#[test]
fn name_not_utf8() {
    let raw = Raw::new(b"\xff\xfe", S_IFREG, b"");
    assert_eq!(first_error(&archive_of(&[raw])), Error::NameNotUtf8 { offset: 0 });
}

#[test]
fn data_past_end() {
    let mut raw = Raw::new(b"a", S_IFREG, b"abc");
    raw.file_size = Some(0xffff_ffff);
    assert_eq!(first_error(&archive_of(&[raw])), Error::DataOutOfBounds { offset: 0 });
    let bytes = archive_of(&[Raw::new(b"a", S_IFREG, b"abcdefgh")]);
    assert_eq!(first_error(&bytes[..HEADER_LEN + 6]), Error::DataOutOfBounds { offset: 0 });
}

#[test]
fn second_entry_error_has_its_offset() {
    let mut bytes = Vec::new();
    Raw::new(b"a", S_IFREG, b"abc").write(&mut bytes);
    let second = bytes.len();
    let mut raw = Raw::new(b"b", S_IFREG, b"");
    raw.magic = "123456";
    raw.write(&mut bytes);
    trailer(&mut bytes);
    let archive = Archive::new(&bytes);
    assert_eq!(archive.validate(), Err(Error::BadMagic { offset: second }));
    // find reports the error only if it has to read past it.
    assert_eq!(archive.find("a").unwrap().unwrap().data, b"abc");
    assert_eq!(archive.find("c"), Err(Error::BadMagic { offset: second }));
}

#[test]
fn checksum_format() {
    let mut good = Raw::new(b"a", S_IFREG, b"\x01\x02\xff");
    good.magic = "070702";
    good.check = 0x102;
    assert_eq!(Archive::new(&archive_of(&[good])).validate(), Ok(()));
    let mut bad = Raw::new(b"a", S_IFREG, b"\x01\x02\xff");
    bad.magic = "070702";
    bad.check = 0x103;
    assert_eq!(first_error(&archive_of(&[bad])), Error::Checksum { offset: 0 });
}

#[test]
fn errors_display_offset() {
    let text: String = format!("{}", Error::DataOutOfBounds { offset: 124 });
    assert_eq!(text, "cpio: data runs past the end at offset 124");
    let text: String = format!("{}", Error::BadHexDigit { offset: 0, field: Field::Mode });
    assert!(text.contains("Mode"), "{text}");
}

#[test]
fn file_types() {
    assert_eq!(FileType::from_mode(S_IFCHR | 0o600), FileType::CharDevice);
    assert_eq!(FileType::from_mode(S_IFBLK), FileType::BlockDevice);
    assert_eq!(FileType::from_mode(S_IFIFO), FileType::Fifo);
    assert_eq!(FileType::from_mode(S_IFSOCK), FileType::Socket);
    assert_eq!(FileType::from_mode(0o644), FileType::Unknown);
}
