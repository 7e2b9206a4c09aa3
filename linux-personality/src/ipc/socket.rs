//! AF_UNIX addresses and receive queues (unix(7)).
//!
//! A stream socket's queue is a list of segments, one per send: a read takes
//! bytes across segments but stops after a segment that carried descriptors
//! (SCM_RIGHTS), and before a segment from other credentials when the reader
//! asked for them (SO_PASSCRED), as Linux's unix_stream_read_generic does. A
//! datagram (or seqpacket) queue keeps each message whole.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use syscall_translation::types::socket::{AF_UNIX, UNIX_PATH_MAX};
use syscall_translation::Errno;

/// Credentials a message carries (struct ucred).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ucred {
    pub pid: u32,
    pub uid: u32,
    pub gid: u32,
}

impl Ucred {
    pub fn to_bytes(self) -> [u8; 12] {
        let mut b = [0; 12];
        b[0..4].copy_from_slice(&self.pid.to_le_bytes());
        b[4..8].copy_from_slice(&self.uid.to_le_bytes());
        b[8..12].copy_from_slice(&self.gid.to_le_bytes());
        b
    }

    pub fn from_bytes(b: &[u8]) -> Option<Ucred> {
        let word = |i: usize| Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?));
        Some(Ucred { pid: word(0)?, uid: word(4)?, gid: word(8)? })
    }
}

/// A socket's name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum UnixAddress {
    Unnamed,
    /// A filesystem path (without its NUL).
    Path(Vec<u8>),
    /// An abstract name (the bytes after the leading NUL, NULs included).
    Abstract(Vec<u8>),
}

impl UnixAddress {
    /// Decodes a `struct sockaddr_un` of `bytes.len()` bytes (bind, connect,
    /// sendto). Only the family is Unnamed (autobind for bind).
    pub fn parse(bytes: &[u8]) -> Result<UnixAddress, Errno> {
        if bytes.len() < 2 || bytes.len() > 2 + UNIX_PATH_MAX {
            return Err(Errno::EINVAL);
        }
        if i32::from(u16::from_le_bytes([bytes[0], bytes[1]])) != AF_UNIX {
            return Err(Errno::EINVAL);
        }
        let path = &bytes[2..];
        match path.first() {
            None => Ok(UnixAddress::Unnamed),
            Some(0) => Ok(UnixAddress::Abstract(path[1..].to_vec())),
            Some(_) => {
                let end = path.iter().position(|&b| b == 0).unwrap_or(path.len());
                Ok(UnixAddress::Path(path[..end].to_vec()))
            }
        }
    }

    /// The `struct sockaddr_un` getsockname, getpeername, accept and recvfrom
    /// return: the family alone for an unnamed socket, the path with its NUL,
    /// the abstract name at its length.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::from((AF_UNIX as u16).to_le_bytes());
        match self {
            UnixAddress::Unnamed => {}
            UnixAddress::Path(p) => {
                out.extend_from_slice(p);
                out.push(0);
            }
            UnixAddress::Abstract(name) => {
                out.push(0);
                out.extend_from_slice(name);
            }
        }
        out
    }
}

/// One send's bytes on a stream queue.
struct Segment<T> {
    data: Vec<u8>,
    /// Bytes already read from `data`.
    start: usize,
    /// Descriptors passed with it (taken by the first read that reaches it).
    attachment: Option<T>,
    cred: Ucred,
}

/// A stream socket's receive queue.
pub struct StreamQueue<T> {
    segments: VecDeque<Segment<T>>,
    len: usize,
}

impl<T> Default for StreamQueue<T> {
    fn default() -> Self {
        StreamQueue { segments: VecDeque::new(), len: 0 }
    }
}

/// What one read took.
pub struct Taken<T> {
    pub data: Vec<u8>,
    pub attachment: Option<T>,
    /// The credentials of the first segment read.
    pub cred: Option<Ucred>,
}

impl<T: Clone> StreamQueue<T> {
    /// Bytes queued.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push(&mut self, data: &[u8], attachment: Option<T>, cred: Ucred) {
        if data.is_empty() && attachment.is_none() {
            return;
        }
        self.len += data.len();
        self.segments.push_back(Segment { data: data.to_vec(), start: 0, attachment, cred });
    }

    /// Takes (or with `peek` copies) up to `max` bytes. With `split_creds`
    /// the read stops before a segment whose credentials differ from the first's.
    pub fn take(&mut self, max: usize, peek: bool, split_creds: bool) -> Taken<T> {
        let mut taken = Taken { data: Vec::new(), attachment: None, cred: None };
        let mut index = 0;
        while taken.data.len() < max && index < self.segments.len() {
            let segment = &mut self.segments[index];
            match taken.cred {
                Some(first) if split_creds && first != segment.cred => break,
                None => taken.cred = Some(segment.cred),
                _ => {}
            }
            let n = (max - taken.data.len()).min(segment.data.len() - segment.start);
            taken.data.extend_from_slice(&segment.data[segment.start..segment.start + n]);
            let carried = if peek { segment.attachment.clone() } else { segment.attachment.take() };
            if peek {
                index += 1;
            } else {
                segment.start += n;
                self.len -= n;
                if segment.start == segment.data.len() {
                    self.segments.pop_front();
                }
            }
            if carried.is_some() {
                taken.attachment = carried;
                break;
            }
        }
        taken
    }

    /// Everything queued is dropped (shutdown of a closed socket).
    pub fn clear(&mut self) {
        self.segments.clear();
        self.len = 0;
    }
}

/// One datagram (or seqpacket record).
pub struct Datagram<T> {
    pub data: Vec<u8>,
    pub from: UnixAddress,
    pub attachment: Option<T>,
    pub cred: Ucred,
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    const ME: Ucred = Ucred { pid: 1, uid: 0, gid: 0 };
    const OTHER: Ucred = Ucred { pid: 2, uid: 0, gid: 0 };

    #[test]
    fn addresses_round_trip() {
        let mut raw = vec![1, 0];
        raw.extend_from_slice(b"/tmp/s\0junk");
        assert_eq!(UnixAddress::parse(&raw), Ok(UnixAddress::Path(b"/tmp/s".to_vec())));
        assert_eq!(UnixAddress::Path(b"/tmp/s".to_vec()).to_bytes(), b"\x01\x00/tmp/s\0");
        let abs = UnixAddress::parse(b"\x01\x00\0ab\0c").unwrap();
        assert_eq!(abs, UnixAddress::Abstract(b"ab\0c".to_vec()));
        assert_eq!(abs.to_bytes(), b"\x01\x00\0ab\0c");
        assert_eq!(UnixAddress::parse(b"\x01\x00"), Ok(UnixAddress::Unnamed));
        assert_eq!(UnixAddress::parse(b"\x02\x00/x"), Err(Errno::EINVAL));
        assert_eq!(UnixAddress::parse(b"\x01"), Err(Errno::EINVAL));
        assert_eq!(UnixAddress::parse(&[1u8; 111]), Err(Errno::EINVAL));
    }

    #[test]
    fn stream_reads_cross_segments_and_peek_keeps() {
        let mut q: StreamQueue<u32> = StreamQueue::default();
        q.push(b"hello ", None, ME);
        q.push(b"world", None, ME);
        assert_eq!(q.take(8, true, false).data, b"hello wo");
        assert_eq!(q.len(), 11);
        assert_eq!(q.take(8, false, false).data, b"hello wo");
        assert_eq!(q.take(8, false, false).data, b"rld");
        assert!(q.is_empty());
    }

    #[test]
    fn stream_read_stops_after_descriptors() {
        let mut q: StreamQueue<u32> = StreamQueue::default();
        q.push(b"ab", None, ME);
        q.push(b"cd", Some(7), ME);
        q.push(b"ef", None, ME);
        let t = q.take(10, false, false);
        assert_eq!((t.data.as_slice(), t.attachment), (&b"abcd"[..], Some(7)));
        let t = q.take(10, false, false);
        assert_eq!((t.data.as_slice(), t.attachment), (&b"ef"[..], None));
    }

    #[test]
    fn stream_read_splits_on_credentials_when_asked() {
        let mut q: StreamQueue<u32> = StreamQueue::default();
        q.push(b"ab", None, ME);
        q.push(b"cd", None, OTHER);
        assert_eq!(q.take(10, true, false).data, b"abcd");
        let t = q.take(10, false, true);
        assert_eq!((t.data.as_slice(), t.cred), (&b"ab"[..], Some(ME)));
        assert_eq!(q.take(10, false, true).cred, Some(OTHER));
    }
}
