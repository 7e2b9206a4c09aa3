//! A process's file-descriptor table: dup(2), dup2(2), dup3(2), fcntl(2) `F_DUPFD` /
//! `F_DUPFD_CLOEXEC` / `F_GETFD` / `F_SETFD`, close(2), close_range(2), and what fork(2)
//! and execve(2) do to it.
//!
//! Generic over the description type `T` (the server's enum of files, pipes, sockets and
//! consoles, each an `Rc` so that duplicates share one description). New descriptors take the
//! lowest free number at or above a minimum; the caller's `RLIMIT_NOFILE` soft limit bounds
//! them (`EMFILE`, or `EBADF` / `EINVAL` where the man pages say so). Close-on-exec is a
//! per-descriptor flag.
//!
//! Invariant: no trailing empty slot is kept, so `slots.len()` is one past the highest open
//! descriptor.

use alloc::vec::Vec;

use syscall_translation::Errno;

/// One open descriptor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FdEntry<T> {
    /// The open file description.
    pub file: T,
    /// `FD_CLOEXEC`.
    pub cloexec: bool,
}

/// A descriptor table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FdTable<T> {
    slots: Vec<Option<FdEntry<T>>>,
}

impl<T> Default for FdTable<T> {
    fn default() -> Self {
        FdTable { slots: Vec::new() }
    }
}

impl<T: Clone> FdTable<T> {
    /// An empty table.
    pub fn new() -> FdTable<T> {
        FdTable::default()
    }

    /// The description of `fd`, or `EBADF`.
    pub fn get(&self, fd: i32) -> Result<&T, Errno> {
        self.entry(fd).map(|entry| &entry.file)
    }

    /// The entry of `fd`, or `EBADF`.
    pub fn entry(&self, fd: i32) -> Result<&FdEntry<T>, Errno> {
        usize::try_from(fd)
            .ok()
            .and_then(|fd| self.slots.get(fd))
            .and_then(Option::as_ref)
            .ok_or(Errno::EBADF)
    }

    /// The lowest free descriptor at or above `min`, below `limit`, or `EMFILE`.
    fn lowest_free(&self, min: usize, limit: u64) -> Result<usize, Errno> {
        let fd = (min..self.slots.len())
            .find(|&fd| self.slots[fd].is_none())
            .unwrap_or(self.slots.len().max(min));
        if fd as u64 >= limit {
            return Err(Errno::EMFILE);
        }
        Ok(fd)
    }

    fn put(&mut self, fd: usize, entry: FdEntry<T>) -> Option<FdEntry<T>> {
        if fd >= self.slots.len() {
            self.slots.resize_with(fd + 1, || None);
        }
        self.slots[fd].replace(entry)
    }

    fn trim(&mut self) {
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
    }

    /// Install `file` at the lowest free descriptor (open(2), pipe(2), socket(2)...).
    pub fn install(&mut self, file: T, cloexec: bool, limit: u64) -> Result<i32, Errno> {
        self.install_from(file, cloexec, 0, limit)
    }

    /// Install `file` at the lowest free descriptor at or above `min`.
    pub fn install_from(
        &mut self,
        file: T,
        cloexec: bool,
        min: usize,
        limit: u64,
    ) -> Result<i32, Errno> {
        let fd = self.lowest_free(min, limit)?;
        self.put(fd, FdEntry { file, cloexec });
        Ok(fd as i32)
    }

    /// dup(2): the lowest free descriptor, sharing the description, without close-on-exec.
    pub fn dup(&mut self, fd: i32, limit: u64) -> Result<i32, Errno> {
        let file = self.get(fd)?.clone();
        self.install(file, false, limit)
    }

    /// fcntl(2) `F_DUPFD` / `F_DUPFD_CLOEXEC`: like dup(2), at or above `min`; a `min` at or
    /// above the limit is `EINVAL`.
    pub fn dupfd(&mut self, fd: i32, min: u64, cloexec: bool, limit: u64) -> Result<i32, Errno> {
        let file = self.get(fd)?.clone();
        if min >= limit || min > i32::MAX as u64 {
            return Err(Errno::EINVAL);
        }
        self.install_from(file, cloexec, min as usize, limit)
    }

    /// dup2(2): `new` becomes a copy of `old`, closing what `new` held (returned, for the
    /// caller to release). `old == new` only checks `old`. `new` at or above the limit is
    /// `EBADF`.
    pub fn dup2(&mut self, old: i32, new: i32, limit: u64) -> Result<(i32, Option<T>), Errno> {
        let file = self.get(old)?.clone();
        if new < 0 || new as u64 >= limit {
            return Err(Errno::EBADF);
        }
        if old == new {
            return Ok((new, None));
        }
        let replaced = self.put(new as usize, FdEntry { file, cloexec: false });
        Ok((new, replaced.map(|entry| entry.file)))
    }

    /// dup3(2): as dup2(2) with close-on-exec as asked; `old == new` is `EINVAL`.
    pub fn dup3(
        &mut self,
        old: i32,
        new: i32,
        cloexec: bool,
        limit: u64,
    ) -> Result<(i32, Option<T>), Errno> {
        if old == new {
            return Err(Errno::EINVAL);
        }
        let (fd, replaced) = self.dup2(old, new, limit)?;
        if let Some(Some(entry)) = self.slots.get_mut(fd as usize) {
            entry.cloexec = cloexec;
        }
        Ok((fd, replaced))
    }

    /// close(2): remove `fd`, returning its description.
    pub fn close(&mut self, fd: i32) -> Result<T, Errno> {
        self.entry(fd)?;
        let entry = self.slots[fd as usize].take();
        self.trim();
        entry.map(|entry| entry.file).ok_or(Errno::EBADF)
    }

    /// close_range(2) without flags: close every open descriptor in `first..=last`.
    pub fn close_range(&mut self, first: u32, last: u32) -> Vec<T> {
        let mut closed = Vec::new();
        let end = (last as usize).saturating_add(1).min(self.slots.len());
        for slot in self.slots.iter_mut().take(end).skip(first as usize) {
            if let Some(entry) = slot.take() {
                closed.push(entry.file);
            }
        }
        self.trim();
        closed
    }

    /// close_range(2) with `CLOSE_RANGE_CLOEXEC`.
    pub fn set_cloexec_range(&mut self, first: u32, last: u32) {
        let end = (last as usize).saturating_add(1).min(self.slots.len());
        for entry in self.slots.iter_mut().take(end).skip(first as usize).flatten() {
            entry.cloexec = true;
        }
    }

    /// `F_GETFD`: whether `fd` is close-on-exec.
    pub fn cloexec(&self, fd: i32) -> Result<bool, Errno> {
        self.entry(fd).map(|entry| entry.cloexec)
    }

    /// `F_SETFD`.
    pub fn set_cloexec(&mut self, fd: i32, cloexec: bool) -> Result<(), Errno> {
        self.entry(fd)?;
        if let Some(Some(entry)) = self.slots.get_mut(fd as usize) {
            entry.cloexec = cloexec;
        }
        Ok(())
    }

    /// fork(2): a copy sharing every description (the `Rc`s are cloned).
    pub fn clone_for_fork(&self) -> FdTable<T> {
        self.clone()
    }

    /// execve(2): close the close-on-exec descriptors, returning their descriptions.
    pub fn close_on_exec(&mut self) -> Vec<T> {
        let mut closed = Vec::new();
        for slot in self.slots.iter_mut() {
            if slot.as_ref().is_some_and(|entry| entry.cloexec) {
                if let Some(entry) = slot.take() {
                    closed.push(entry.file);
                }
            }
        }
        self.trim();
        closed
    }

    /// The open descriptors in order.
    pub fn iter(&self) -> impl Iterator<Item = (i32, &FdEntry<T>)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(fd, slot)| slot.as_ref().map(|entry| (fd as i32, entry)))
    }

    /// Number of open descriptors.
    pub fn len(&self) -> usize {
        self.slots.iter().flatten().count()
    }

    /// Whether no descriptor is open.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}
