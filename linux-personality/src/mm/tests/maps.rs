//! `/proc/PID/maps` lines: fixed examples, and every line of this host's own maps rebuilt.

use crate::mm::{maps_line, Backing, FileId, Sharing, Vma};
use alloc::sync::Arc;
use std::string::String;
use std::vec::Vec;
use syscall_translation::flags::ProtFlags;

#[test]
fn format_examples() {
    let mut heap = Vma::anonymous(
        0x558a_0418_3000,
        0x558a_041a_4000,
        ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
    );
    heap.name = Some(Arc::from("[heap]"));
    assert_eq!(
        maps_line(&heap),
        "558a04183000-558a041a4000 rw-p 00000000 00:00 0                          [heap]"
    );
    let anon = Vma::anonymous(0x1_0000, 0x2_0000, ProtFlags::empty());
    assert_eq!(maps_line(&anon), "00010000-00020000 ---p 00000000 00:00 0 ");
    let text = Vma {
        start: 0x40_0000,
        end: 0x45_2000,
        prot: ProtFlags::PROT_READ | ProtFlags::PROT_EXEC,
        sharing: Sharing::Shared,
        backing: Backing::File {
            file: FileId { dev_major: 8, dev_minor: 2, inode: 173_521 },
            offset: 0x1000,
            path: Arc::from("/usr/bin/dbus-daemon"),
        },
        grows_down: false,
        name: None,
    };
    assert_eq!(
        maps_line(&text),
        "00400000-00452000 r-xs 00001000 08:02 173521                             /usr/bin/dbus-daemon"
    );
}

/// Parse one line of Linux's maps into a `Vma`.
fn parse(line: &str) -> Option<Vma> {
    let mut fields = line.splitn(6, ' ');
    let range = fields.next()?;
    let perms = fields.next()?.as_bytes();
    let offset = u64::from_str_radix(fields.next()?, 16).ok()?;
    let dev = fields.next()?;
    let inode: u64 = fields.next()?.parse().ok()?;
    let name = fields.next().map(str::trim_start).filter(|n| !n.is_empty());
    let (start, end) = range.split_once('-')?;
    let (major, minor) = dev.split_once(':')?;
    let mut prot = ProtFlags::empty();
    for (i, bit) in
        [ProtFlags::PROT_READ, ProtFlags::PROT_WRITE, ProtFlags::PROT_EXEC].into_iter().enumerate()
    {
        if perms[i] != b'-' {
            prot |= bit;
        }
    }
    let backing = if inode != 0 || offset != 0 || dev != "00:00" {
        Backing::File {
            file: FileId {
                dev_major: u32::from_str_radix(major, 16).ok()?,
                dev_minor: u32::from_str_radix(minor, 16).ok()?,
                inode,
            },
            offset,
            path: Arc::from(name.unwrap_or("")),
        }
    } else {
        Backing::Anonymous
    };
    Some(Vma {
        start: u64::from_str_radix(start, 16).ok()?,
        end: u64::from_str_radix(end, 16).ok()?,
        prot,
        sharing: if perms[3] == b's' { Sharing::Shared } else { Sharing::Private },
        name: match backing {
            Backing::Anonymous => name.map(Arc::from),
            Backing::File { .. } => None,
        },
        backing,
        grows_down: false,
    })
}

#[test]
fn host_maps_are_reproduced_exactly() {
    let Ok(text) = std::fs::read_to_string("/proc/self/maps") else {
        std::eprintln!("skipped: no /proc/self/maps");
        return;
    };
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for line in lines {
        // Linux prints a file-backed VMA's name even when it has no inode (e.g. shared anonymous
        // memory as "/dev/zero (deleted)"); those rebuild the same way.
        let vma = parse(line).unwrap_or_else(|| panic!("unparsable line {line:?}"));
        let rebuilt: String = maps_line(&vma);
        assert_eq!(rebuilt, line);
    }
}
