//! Open file descriptions (shared by dup'ed descriptors, with their offset and
//! status flags): the console streams, ramdisk files and directories, devices.

use alloc::collections::VecDeque;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use crate::vfs::Device;

/// Linux's default pipe capacity, and the size up to which writes are atomic.
pub const PIPE_CAPACITY: usize = 65536;
pub const PIPE_BUF: usize = 4096;

/// A pipe: its buffer and how many open descriptions read and write it.
pub struct Pipe {
    pub buffer: VecDeque<u8>,
    pub readers: u32,
    pub writers: u32,
}

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
    PipeRead(Rc<RefCell<Pipe>>),
    PipeWrite(Rc<RefCell<Pipe>>),
    /// A file whose contents the server made at open (/proc/microkernel/counters).
    Generated(Vec<u8>),
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

impl Drop for OpenFile {
    /// The last descriptor of a pipe end closes it for the other side.
    fn drop(&mut self) {
        match &self.kind {
            Kind::PipeRead(pipe) => pipe.borrow_mut().readers -= 1,
            Kind::PipeWrite(pipe) => pipe.borrow_mut().writers -= 1,
            _ => {}
        }
    }
}

/// A new pipe's two descriptions (read end, write end).
pub fn pipe(flags: u32) -> (OpenFile, OpenFile) {
    let pipe = Rc::new(RefCell::new(Pipe { buffer: VecDeque::new(), readers: 1, writers: 1 }));
    (
        OpenFile::new(Kind::PipeRead(pipe.clone()), flags & !3),
        OpenFile::new(Kind::PipeWrite(pipe), (flags & !3) | 1),
    )
}
