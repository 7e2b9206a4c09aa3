//! Open file descriptions (shared by dup'ed descriptors, with their offset and
//! status flags): the console streams, ramdisk files and directories, devices.

use alloc::string::String;
use alloc::vec::Vec;

use crate::vfs::Device;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdin,
    Stdout,
    Stderr,
}

pub enum Kind {
    /// The serial console; all three standard streams are the same terminal.
    Console(Stream),
    /// A regular file or symlink of the tree, by canonical path.
    Node(String),
    /// A directory, with its listing taken at open: (name, inode, d_type).
    Dir {
        path: String,
        entries: Vec<(String, u64, u8)>,
    },
    Device(Device),
}

pub struct OpenFile {
    pub kind: Kind,
    pub offset: u64,
    /// O_ACCMODE and the status flags (O_APPEND, O_NONBLOCK, ...).
    pub flags: u32,
}

impl OpenFile {
    pub fn new(kind: Kind, flags: u32) -> OpenFile {
        OpenFile { kind, offset: 0, flags }
    }
}
