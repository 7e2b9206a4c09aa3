//! The contents of a regular tmpfs file: a sparse store of 4 KiB pages.
//!
//! Owns the bytes of one file and its size. A page that was never written, or that a truncation
//! or a hole punch dropped, is absent and reads as zeros, as in tmpfs (read(2), truncate(2),
//! lseek(2) `SEEK_DATA`/`SEEK_HOLE` with page granularity, as tmpfs reports them).
//!
//! Invariants: no page lies wholly at or beyond `size` (pages past the end are dropped when the
//! file shrinks, and the tail of the last partial page is zeroed), so `allocated_bytes` counts
//! exactly the memory the file holds.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;

/// Size of one page of file data.
pub const PAGE: u64 = 4096;

/// The largest file size accepted (`MAX_LFS_FILESIZE` on 64-bit: `i64::MAX`); larger is `EFBIG`.
pub const MAX_FILE_SIZE: u64 = i64::MAX as u64;

/// A sparse file: page index to page, plus the size in bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileData {
    pages: BTreeMap<u64, Box<[u8; PAGE as usize]>>,
    size: u64,
}

impl FileData {
    /// An empty file.
    pub fn new() -> FileData {
        FileData::default()
    }

    /// A file holding `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> FileData {
        let mut data = FileData::new();
        data.write(0, bytes);
        data
    }

    /// The size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Bytes of memory held by pages.
    pub fn allocated_bytes(&self) -> u64 {
        self.pages.len() as u64 * PAGE
    }

    /// Copy bytes from `offset` into `buf`, up to the end of the file; holes read as zeros.
    /// Returns the number of bytes copied.
    pub fn read(&self, offset: u64, buf: &mut [u8]) -> usize {
        if offset >= self.size {
            return 0;
        }
        let len = (buf.len() as u64).min(self.size - offset) as usize;
        let mut done = 0;
        while done < len {
            let at = offset + done as u64;
            let (index, within) = (at / PAGE, (at % PAGE) as usize);
            let chunk = (PAGE as usize - within).min(len - done);
            match self.pages.get(&index) {
                Some(page) => {
                    buf[done..done + chunk].copy_from_slice(&page[within..within + chunk])
                }
                None => buf[done..done + chunk].fill(0),
            }
            done += chunk;
        }
        len
    }

    /// Write `bytes` at `offset`, growing the file if needed. The caller checked that
    /// `offset + bytes.len()` does not exceed [`MAX_FILE_SIZE`].
    pub fn write(&mut self, offset: u64, bytes: &[u8]) {
        let mut done = 0;
        while done < bytes.len() {
            let at = offset + done as u64;
            let (index, within) = (at / PAGE, (at % PAGE) as usize);
            let chunk = (PAGE as usize - within).min(bytes.len() - done);
            let page = self.pages.entry(index).or_insert_with(|| Box::new([0; PAGE as usize]));
            page[within..within + chunk].copy_from_slice(&bytes[done..done + chunk]);
            done += chunk;
        }
        self.size = self.size.max(offset + bytes.len() as u64);
    }

    /// Set the size: shrinking drops pages past the end and zeroes the tail of the last one;
    /// growing adds a hole.
    pub fn set_size(&mut self, size: u64) {
        if size < self.size {
            let first_dropped = size.div_ceil(PAGE);
            let _ = self.pages.split_off(&first_dropped);
            if !size.is_multiple_of(PAGE) {
                if let Some(page) = self.pages.get_mut(&(size / PAGE)) {
                    page[(size % PAGE) as usize..].fill(0);
                }
            }
        }
        self.size = size;
    }

    /// Allocate zeroed pages over `offset .. offset + len` (fallocate(2) mode 0), growing the
    /// size unless `keep_size`.
    pub fn allocate(&mut self, offset: u64, len: u64, keep_size: bool) {
        let end = offset + len;
        let limit = if keep_size { self.size.min(end) } else { end };
        if offset < limit {
            for index in offset / PAGE..limit.div_ceil(PAGE) {
                self.pages.entry(index).or_insert_with(|| Box::new([0; PAGE as usize]));
            }
        }
        if !keep_size {
            self.size = self.size.max(end);
        }
    }

    /// Zero `offset .. offset + len` inside the file, dropping whole pages (fallocate(2)
    /// `FALLOC_FL_PUNCH_HOLE`); the size does not change.
    pub fn punch_hole(&mut self, offset: u64, len: u64) {
        let end = (offset + len).min(self.size);
        if offset >= end {
            return;
        }
        let (first_whole, last_whole) = (offset.div_ceil(PAGE), end / PAGE);
        let mut index = offset / PAGE;
        while index * PAGE < end {
            if index >= first_whole && index < last_whole {
                self.pages.remove(&index);
            } else if let Some(page) = self.pages.get_mut(&index) {
                let from = offset.max(index * PAGE) - index * PAGE;
                let to = end.min((index + 1) * PAGE) - index * PAGE;
                page[from as usize..to as usize].fill(0);
            }
            index += 1;
        }
    }

    /// The first data offset at or after `offset` (lseek(2) `SEEK_DATA`), or `None` (ENXIO).
    pub fn seek_data(&self, offset: u64) -> Option<u64> {
        if offset >= self.size {
            return None;
        }
        let (index, _) = self.pages.range(offset / PAGE..).next()?;
        let at = (index * PAGE).max(offset);
        (at < self.size).then_some(at)
    }

    /// The first hole offset at or after `offset` (lseek(2) `SEEK_HOLE`; the end of the file
    /// counts as a hole), or `None` (ENXIO) when `offset` is at or past the end.
    pub fn seek_hole(&self, offset: u64) -> Option<u64> {
        if offset >= self.size {
            return None;
        }
        let mut index = offset / PAGE;
        while self.pages.contains_key(&index) {
            index += 1;
        }
        Some((index * PAGE).max(offset).min(self.size))
    }

    /// Check the invariants (tests): no page wholly past the end, zeros after the end.
    #[cfg(test)]
    pub fn check(&self) {
        for (&index, page) in &self.pages {
            assert!(index * PAGE < self.size, "page {index} beyond size {}", self.size);
            if (index + 1) * PAGE > self.size {
                assert!(page[(self.size - index * PAGE) as usize..].iter().all(|&b| b == 0));
            }
        }
    }
}
