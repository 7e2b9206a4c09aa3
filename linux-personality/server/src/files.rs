//! Open file descriptions (shared by dup'ed descriptors, with their offset and
//! status flags): the console streams, files of the VFS, devices, pipes, and
//! files the server makes (/proc).

use alloc::collections::VecDeque;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;

use linux_personality::vfs;
use syscall_translation::types::stat::{major, minor};

/// Linux's default pipe capacity, and the size up to which writes are atomic.
pub const PIPE_CAPACITY: usize = 65536;
pub const PIPE_BUF: usize = 4096;

/// A pipe: its buffer and how many open descriptions read and write it.
pub struct Pipe {
    pub buffer: VecDeque<u8>,
    pub readers: u32,
    pub writers: u32,
    /// Bytes ever written and read: the generations edge-triggered epoll
    /// items watch (see `special::generations`).
    pub written: u64,
    pub drained: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdin,
    Stdout,
    Stderr,
}

/// What a character device node does, by its device number (devices(7)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    /// 1:3: reads end of file, writes vanish.
    Null,
    /// 1:5: reads zeros, writes vanish.
    Zero,
    /// 1:7: reads zeros, writes fail with ENOSPC.
    Full,
    /// 1:8, 1:9: random bytes.
    Random,
}

impl Device {
    /// The behaviour of character device `rdev`; `None` for the terminal
    /// devices (the console) and for devices that do not exist (ENXIO).
    pub fn by_rdev(rdev: u64) -> Option<Device> {
        match (major(rdev), minor(rdev)) {
            (1, 3) => Some(Device::Null),
            (1, 5) => Some(Device::Zero),
            (1, 7) => Some(Device::Full),
            (1, 8 | 9) => Some(Device::Random),
            _ => None,
        }
    }

    /// Whether `rdev` is a terminal this system has: /dev/tty (5:0),
    /// /dev/console (5:1) and the serial port ttyS0 (4:64) are all the console.
    pub fn is_console(rdev: u64) -> bool {
        matches!((major(rdev), minor(rdev)), (5, 0 | 1) | (4, 64))
    }
}

pub enum Kind {
    /// The serial console; all three standard streams are the same terminal.
    /// The VFS description is there when it was opened by name (/dev/tty).
    Console(Stream, Option<Rc<vfs::OpenFile>>),
    /// A regular file, directory or (O_PATH) any node of the VFS.
    File(Rc<vfs::OpenFile>),
    Device(Device, Rc<vfs::OpenFile>),
    PipeRead(Rc<RefCell<Pipe>>),
    PipeWrite(Rc<RefCell<Pipe>>),
    /// A file whose contents the server made at open (/proc files): its
    /// bytes, its mode and inode number for fstat.
    Generated {
        data: Vec<u8>,
        mode: u32,
        ino: u64,
    },
    /// A directory the server made at open (/proc directories):
    /// (name, inode number, d_type) and its inode number.
    Listing {
        entries: Vec<(Vec<u8>, u64, u8)>,
        ino: u64,
    },
    /// Sockets, eventfd, timerfd, epoll (see `special.rs`).
    Special(crate::special::Special),
}

pub struct OpenFile {
    pub kind: Kind,
    /// Offset of the files the server holds the offset of (Generated,
    /// Listing); VFS files keep theirs in their own description.
    pub offset: u64,
    /// O_ACCMODE and the status flags (O_APPEND, O_NONBLOCK, ...) of the
    /// kinds other than VFS files.
    pub flags: u32,
}

impl OpenFile {
    pub fn new(kind: Kind, flags: u32) -> OpenFile {
        OpenFile { kind, offset: 0, flags }
    }

    /// The VFS description behind this one, if any.
    pub fn vfs_file(&self) -> Option<&Rc<vfs::OpenFile>> {
        match &self.kind {
            Kind::File(f) | Kind::Device(_, f) | Kind::Console(_, Some(f)) => Some(f),
            _ => None,
        }
    }

    /// Access mode and status flags (F_GETFL).
    pub fn status_flags(&self) -> u32 {
        match &self.kind {
            Kind::File(f) | Kind::Device(_, f) => f.flags().bits(),
            _ => self.flags,
        }
    }

    /// F_SETFL: changes O_APPEND, O_NONBLOCK, O_ASYNC, O_DIRECT, O_NOATIME.
    pub fn set_status_flags(&mut self, flags: u32) {
        use syscall_translation::flags::OpenFlags;
        match &self.kind {
            Kind::File(f) | Kind::Device(_, f) => {
                f.set_status_flags(OpenFlags::from_bits_retain(flags))
            }
            _ => {
                let settable = OpenFlags::SETFL_MASK.bits();
                self.flags = (self.flags & !settable) | (flags & settable);
            }
        }
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

/// A descriptor's description, shared across dup(2) and fork(2).
pub type FileRef = Rc<RefCell<OpenFile>>;

/// A new pipe's two descriptions (read end, write end).
pub fn pipe(flags: u32) -> (OpenFile, OpenFile) {
    let pipe = Rc::new(RefCell::new(Pipe {
        buffer: VecDeque::new(),
        readers: 1,
        writers: 1,
        written: 0,
        drained: 0,
    }));
    (
        OpenFile::new(Kind::PipeRead(pipe.clone()), flags & !3),
        OpenFile::new(Kind::PipeWrite(pipe), (flags & !3) | 1),
    )
}
