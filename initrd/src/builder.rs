//! Packing a newc archive on the host (feature `std`), as `xtask` does for the boot ramdisk.
//!
//! Owns: the order and the header fields of what it writes. Invariants of the output:
//! every header starts at a multiple of 4, every directory precedes its contents and appears
//! once (parents are created implicitly, mode 0755, the first time a path under them is added),
//! inode numbers are unique and start at 1, uid, gid and mtime are 0 so that the same input
//! gives the same bytes, and the archive ends with `TRAILER!!!`. Adding a path twice replaces
//! the earlier entry in place (for a directory, only its mode changes).

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::string::String;
use std::vec::Vec;

use crate::{HEADER_LEN, MAGIC_NEWC, S_IFCHR, S_IFDIR, S_IFLNK, S_IFREG, TRAILER_NAME};

#[derive(Clone, Debug)]
struct Node {
    path: String,
    mode: u32,
    data: Vec<u8>,
    /// Device number (major, minor) of a device node; (0, 0) otherwise.
    rdev: (u32, u32),
}

/// Collects files, directories, symbolic links and device nodes, then writes them as one archive.
///
/// ```
/// let bytes = initrd::Builder::new()
///     .file("bin/hello", 0o755, b"#!/bin/sh\necho hi\n".to_vec())
///     .symlink("bin/sh", "busybox")
///     .finish();
/// let archive = initrd::Archive::new(&bytes);
/// assert!(archive.find("/bin").unwrap().unwrap().is_dir());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Builder {
    nodes: Vec<Node>,
    index: BTreeMap<String, usize>,
}

/// Turns a path into archive form: no leading `/` or `./`, no empty or `.` components.
///
/// # Panics
///
/// If the path is empty (or only the root) or has a `..` component.
fn archive_path(path: &str) -> String {
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => panic!("initrd::Builder: `..` in path {path:?}"),
            part => parts.push(part),
        }
    }
    assert!(!parts.is_empty(), "initrd::Builder: empty path {path:?}");
    parts.join("/")
}

impl Builder {
    /// An empty archive.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds a directory with permission bits `mode` (type bits in `mode` are ignored).
    ///
    /// # Panics
    ///
    /// On an empty path, a `..` component, or a parent that was added as a non-directory.
    pub fn dir(&mut self, path: &str, mode: u32) -> &mut Builder {
        self.insert(archive_path(path), S_IFDIR | (mode & 0o7777), Vec::new(), (0, 0))
    }

    /// Adds a regular file with permission bits `mode` (type bits in `mode` are ignored).
    ///
    /// # Panics
    ///
    /// As [`Builder::dir`], and if `data` is 4 GiB or more.
    pub fn file(&mut self, path: &str, mode: u32, data: impl Into<Vec<u8>>) -> &mut Builder {
        self.insert(archive_path(path), S_IFREG | (mode & 0o7777), data.into(), (0, 0))
    }

    /// Adds a symbolic link (mode 0777) pointing to `target`.
    ///
    /// # Panics
    ///
    /// As [`Builder::dir`].
    pub fn symlink(&mut self, path: &str, target: &str) -> &mut Builder {
        self.insert(archive_path(path), S_IFLNK | 0o777, target.as_bytes().to_vec(), (0, 0))
    }

    /// Adds a character device node, such as `/dev/console` (5, 1), which the kernel opens as
    /// init's standard input, output and error.
    ///
    /// # Panics
    ///
    /// As [`Builder::dir`].
    pub fn char_device(&mut self, path: &str, mode: u32, major: u32, minor: u32) -> &mut Builder {
        self.insert(archive_path(path), S_IFCHR | (mode & 0o7777), Vec::new(), (major, minor))
    }

    /// Adds the host file `host_path` (followed if it is a symbolic link) as a regular file at
    /// `archive_path`, mode 0755 if the host file has any execute bit and 0644 otherwise.
    ///
    /// # Panics
    ///
    /// As [`Builder::file`].
    pub fn add_host_file(
        &mut self,
        archive_path: &str,
        host_path: impl AsRef<Path>,
    ) -> io::Result<&mut Builder> {
        let host_path = host_path.as_ref();
        let data = std::fs::read(host_path)?;
        let mode = if is_executable(&std::fs::metadata(host_path)?) { 0o755 } else { 0o644 };
        Ok(self.file(archive_path, mode, data))
    }

    /// Number of entries added so far, implicit directories included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether nothing has been added.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn insert(&mut self, path: String, mode: u32, data: Vec<u8>, rdev: (u32, u32)) -> &mut Builder {
        assert!(u32::try_from(data.len()).is_ok(), "initrd::Builder: {path:?} is 4 GiB or more");
        // Create missing parents, outermost first.
        for (slash, _) in path.match_indices('/') {
            let parent = &path[..slash];
            match self.index.get(parent) {
                Some(&index) => assert!(
                    self.nodes[index].mode & crate::S_IFMT == S_IFDIR,
                    "initrd::Builder: parent {parent:?} of {path:?} is not a directory"
                ),
                None => {
                    self.index.insert(parent.into(), self.nodes.len());
                    self.nodes.push(Node {
                        path: parent.into(),
                        mode: S_IFDIR | 0o755,
                        data: Vec::new(),
                        rdev: (0, 0),
                    });
                }
            }
        }
        match self.index.get(&path) {
            Some(&index) => {
                let was_dir = self.nodes[index].mode & crate::S_IFMT == S_IFDIR;
                assert!(
                    !was_dir || mode & crate::S_IFMT == S_IFDIR,
                    "initrd::Builder: directory {path:?} replaced by a non-directory"
                );
                self.nodes[index] = Node { path, mode, data, rdev };
            }
            None => {
                self.index.insert(path.clone(), self.nodes.len());
                self.nodes.push(Node { path, mode, data, rdev });
            }
        }
        self
    }

    /// Writes the archive: every entry, then the trailer.
    pub fn finish(&self) -> Vec<u8> {
        let size: usize =
            self.nodes.iter().map(|node| HEADER_LEN + node.path.len() + node.data.len() + 8).sum();
        let mut out = Vec::with_capacity(size + HEADER_LEN + 16);
        for (ino, node) in (1u32..).zip(&self.nodes) {
            let nlink = if node.mode & crate::S_IFMT == S_IFDIR { 2 } else { 1 };
            write_entry(&mut out, ino, node, nlink);
        }
        let trailer = Node { path: TRAILER_NAME.into(), mode: 0, data: Vec::new(), rdev: (0, 0) };
        write_entry(&mut out, 0, &trailer, 1);
        out
    }
}

#[cfg(unix)]
fn is_executable(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_metadata: &std::fs::Metadata) -> bool {
    false
}

fn pad4(out: &mut Vec<u8>) {
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

fn write_entry(out: &mut Vec<u8>, ino: u32, node: &Node, nlink: u32) {
    use std::io::Write;
    let (name, data) = (&node.path, &node.data);
    let name_size = name.len() + 1;
    let file_size = data.len();
    let (rdev_major, rdev_minor) = node.rdev;
    out.extend_from_slice(MAGIC_NEWC);
    // ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
    let fields = [
        ino,
        node.mode,
        0,
        0,
        nlink,
        0,
        file_size as u32,
        0,
        0,
        rdev_major,
        rdev_minor,
        name_size as u32,
        0,
    ];
    for field in fields {
        write!(out, "{field:08X}").expect("writing to a Vec cannot fail");
    }
    out.extend_from_slice(name.as_bytes());
    out.push(0);
    pad4(out);
    out.extend_from_slice(data);
    pad4(out);
}
