//! The contents of a regular tmpfs file: a sparse store of 4 KiB pages.
//!
//! Owns the bytes of one file and its size. A page that was never written, or that a truncation
//! or a hole punch dropped, is absent and reads as zeros, as in tmpfs (read(2), truncate(2),
//! lseek(2) `SEEK_DATA`/`SEEK_HOLE` with page granularity, as tmpfs reports them).
//!
//! A file unpacked from the boot initrd starts out *backed* by the initrd's bytes (`base`, which
//! live as long as the system): reads of a page not yet written come from `base`, and the first
//! write to a page copies it. Booting copies nothing, and exec of an unmodified program reads
//! its image in place ([`FileData::as_static`]).
//!
//! Invariants: no page lies wholly at or beyond `size` (pages past the end are dropped when the
//! file shrinks, and the tail of the last partial page is zeroed), `base` is never longer than
//! `size`, so `allocated_bytes` counts exactly the memory the file holds of its own.

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
    /// Bytes shared with the boot initrd, read where no page of the file's own exists.
    base: &'static [u8],
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

    /// A file whose contents are `bytes`, shared (not copied) until written.
    pub fn from_static(bytes: &'static [u8]) -> FileData {
        FileData { pages: BTreeMap::new(), size: bytes.len() as u64, base: bytes }
    }

    /// The whole contents as one borrowed slice, when the file still is exactly its initrd
    /// bytes (no page written since); exec reads such images in place.
    pub fn as_static(&self) -> Option<&'static [u8]> {
        (self.pages.is_empty() && self.base.len() as u64 == self.size).then_some(self.base)
    }

    /// The page `index` as the file's own, copied from `base` first if it is backed there.
    fn own_page(&mut self, index: u64) -> &mut [u8; PAGE as usize] {
        let base = self.base;
        self.pages.entry(index).or_insert_with(|| {
            let mut page = Box::new([0; PAGE as usize]);
            let start = (index * PAGE) as usize;
            if start < base.len() {
                let end = (start + PAGE as usize).min(base.len());
                page[..end - start].copy_from_slice(&base[start..end]);
            }
            page
        })
    }

    /// Whether page `index` holds data (its own or the initrd's).
    fn has_page(&self, index: u64) -> bool {
        self.pages.contains_key(&index) || index * PAGE < self.base.len() as u64
    }

    /// Copy every page still backed by the initrd, so the file no longer reads `base`.
    fn unshare(&mut self) {
        for index in 0..(self.base.len() as u64).div_ceil(PAGE) {
            self.own_page(index);
        }
        self.base = &[];
    }

    /// The size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Bytes of memory held by pages.
    pub fn allocated_bytes(&self) -> u64 {
        self.pages.len() as u64 * PAGE
    }

    /// Bytes of data pages the file has, its own and the initrd's (`st_blocks`: a file
    /// unpacked from the initrd occupies its pages as on Linux's rootfs).
    pub fn resident_bytes(&self) -> u64 {
        let base_pages = (self.base.len() as u64).div_ceil(PAGE);
        let own_beyond_base = self.pages.range(base_pages..).count() as u64;
        (base_pages + own_beyond_base) * PAGE
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
                None => {
                    let from = (at as usize).min(self.base.len());
                    let to = (at as usize + chunk).min(self.base.len());
                    let n = to - from;
                    buf[done..done + n].copy_from_slice(&self.base[from..to]);
                    buf[done + n..done + chunk].fill(0);
                }
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
            let page = self.own_page(index);
            page[within..within + chunk].copy_from_slice(&bytes[done..done + chunk]);
            done += chunk;
        }
        self.size = self.size.max(offset + bytes.len() as u64);
    }

    /// Set the size: shrinking drops pages past the end and zeroes the tail of the last one;
    /// growing adds a hole.
    pub fn set_size(&mut self, size: u64) {
        if size < self.size {
            if (size as usize) < self.base.len() {
                if !size.is_multiple_of(PAGE) {
                    self.own_page(size / PAGE);
                }
                self.base = &self.base[..size as usize];
            }
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
                self.own_page(index);
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
        self.unshare();
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
        let first = offset / PAGE;
        let index = if self.has_page(first) { first } else { *self.pages.range(first..).next()?.0 };
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
        while self.has_page(index) {
            index += 1;
        }
        Some((index * PAGE).max(offset).min(self.size))
    }

    /// Check the invariants (tests): also that `base` lies within the size.
    #[cfg(test)]
    pub fn check_base(&self) {
        assert!(self.base.len() as u64 <= self.size);
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn contents(data: &FileData) -> alloc::vec::Vec<u8> {
        let mut buf = vec![0xee; data.size() as usize];
        assert_eq!(data.read(0, &mut buf), buf.len());
        buf
    }

    /// A file backed by initrd bytes behaves as one holding a copy of them, under writes,
    /// truncation, growth, hole punching and seeks, and owns only the pages it wrote.
    #[test]
    fn backed_file_matches_a_copy() {
        let bytes: &'static [u8] =
            alloc::boxed::Box::leak((0..3 * PAGE + 100).map(|i| (i % 251) as u8 + 1).collect());
        let mut backed = FileData::from_static(bytes);
        let mut copy = FileData::from_bytes(bytes);
        assert_eq!(backed.allocated_bytes(), 0);
        assert_eq!(backed.as_static(), Some(bytes));
        assert_eq!(contents(&backed), contents(&copy));
        let steps: [&dyn Fn(&mut FileData); 7] = [
            &|d| d.write(PAGE + 10, b"hello"),
            &|d| d.set_size(2 * PAGE + 7),
            &|d| d.set_size(5 * PAGE),
            &|d| d.write(4 * PAGE, b"x"),
            &|d| d.punch_hole(10, PAGE + 20),
            &|d| d.allocate(0, 6 * PAGE, true),
            &|d| d.set_size(PAGE / 2),
        ];
        for (i, step) in steps.iter().enumerate() {
            step(&mut backed);
            step(&mut copy);
            assert_eq!(contents(&backed), contents(&copy), "after step {i}");
            assert_eq!(backed.size(), copy.size());
            for offset in [0, 5, PAGE, 2 * PAGE + 3, 4 * PAGE] {
                assert_eq!(backed.seek_data(offset), copy.seek_data(offset), "step {i} {offset}");
                assert_eq!(backed.seek_hole(offset), copy.seek_hole(offset), "step {i} {offset}");
            }
            backed.check();
            backed.check_base();
        }
        let mut written = FileData::from_static(bytes);
        written.write(0, b"z");
        assert_eq!(written.allocated_bytes(), PAGE, "one page copied on write");
        assert_eq!(written.as_static(), None);
    }
}
