//! A tmpfs directory: its entries by name, each with a stable position cookie.
//!
//! getdents64(2) and lseek(2) on a directory use a position ("`d_off`") that must survive
//! concurrent changes: POSIX readdir(3) says an entry removed or added during a scan may or may
//! not be returned, but every other entry is returned exactly once. Here each entry gets a
//! cookie from a per-directory counter when it is linked in; the cookie never changes and is
//! never reused, so a scan that resumes at position `p` returns exactly the entries whose cookie
//! is at least `p`. Positions 0 and 1 are `.` and `..`; entry cookies start at
//! [`FIRST_COOKIE`].
//!
//! Invariants: `by_name` and `by_cookie` describe the same set of entries; every cookie is below
//! `next_cookie`.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use super::inode::InodeId;

/// The position of the first real entry (after `.` at 0 and `..` at 1).
pub const FIRST_COOKIE: u64 = 2;

/// One directory's entries.
#[derive(Clone, Debug)]
pub struct Directory {
    by_name: BTreeMap<Vec<u8>, (u64, InodeId)>,
    by_cookie: BTreeMap<u64, Vec<u8>>,
    next_cookie: u64,
    /// The directory holding this one (itself for a file-system root).
    pub parent: InodeId,
}

impl Directory {
    /// An empty directory whose `..` is `parent`.
    pub fn new(parent: InodeId) -> Directory {
        Directory {
            by_name: BTreeMap::new(),
            by_cookie: BTreeMap::new(),
            next_cookie: FIRST_COOKIE,
            parent,
        }
    }

    /// The inode named `name`.
    pub fn get(&self, name: &[u8]) -> Option<InodeId> {
        self.by_name.get(name).map(|&(_, id)| id)
    }

    /// Whether the directory has no entries (besides `.` and `..`).
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Number of entries (besides `.` and `..`).
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Link `name` to `id`; the name must not exist.
    pub fn insert(&mut self, name: &[u8], id: InodeId) {
        let cookie = self.next_cookie;
        self.next_cookie += 1;
        let previous = self.by_name.insert(name.to_vec(), (cookie, id));
        debug_assert!(previous.is_none());
        self.by_cookie.insert(cookie, name.to_vec());
    }

    /// Point the existing entry `name` at `id`, keeping its position (rename over a target).
    pub fn replace(&mut self, name: &[u8], id: InodeId) {
        if let Some(entry) = self.by_name.get_mut(name) {
            entry.1 = id;
        }
    }

    /// Remove `name`, returning what it named.
    pub fn remove(&mut self, name: &[u8]) -> Option<InodeId> {
        let (cookie, id) = self.by_name.remove(name)?;
        self.by_cookie.remove(&cookie);
        Some(id)
    }

    /// The entries at or after position `from`, in position order: (cookie, name, inode).
    pub fn entries_from(&self, from: u64) -> impl Iterator<Item = (u64, &[u8], InodeId)> + '_ {
        self.by_cookie.range(from.max(FIRST_COOKIE)..).map(move |(&cookie, name)| {
            let id = self.by_name.get(name.as_slice()).map(|&(_, id)| id);
            (cookie, name.as_slice(), id.unwrap_or(InodeId::NONE))
        })
    }

    /// The entries by name.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], InodeId)> + '_ {
        self.by_name.iter().map(|(name, &(_, id))| (name.as_slice(), id))
    }

    /// Bytes held by entry names (for memory accounting).
    pub fn name_bytes(&self) -> u64 {
        self.by_name.keys().map(|name| name.len() as u64).sum()
    }

    /// Check the invariants (tests).
    #[cfg(test)]
    pub fn check(&self) {
        assert_eq!(self.by_name.len(), self.by_cookie.len());
        for (name, &(cookie, _)) in &self.by_name {
            assert_eq!(self.by_cookie.get(&cookie), Some(name));
            assert!(cookie < self.next_cookie);
        }
    }
}
