//! Granted physical frames: a bump pointer through the granted range plus a
//! free list. The server owns every frame it maps into a Linux process, so
//! reading or writing process memory is a page-map lookup plus a copy here.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// Invariant: a frame in `shared` has more than one owner (page-map entries of
/// processes after fork); it is mapped read-only everywhere until a write fault
/// copies it (copy-on-write).
pub struct Frames {
    next: u64,
    end: u64,
    free: Vec<u64>,
    pub in_use: usize,
    shared: BTreeMap<u64, u32>,
    /// The pages of shared anonymous memory (see [`crate::shm`]).
    pub shm: crate::shm::Shm,
    /// The page cache of initrd files: the address of a page of ramdisk
    /// bytes -> the frame holding a copy, shared read-only (copy-on-write)
    /// by every process that maps that page of a file still exactly its
    /// initrd bytes (which never change). Processes running one program
    /// thus run the same physical code pages, which QEMU's TCG translates
    /// once, not at every exec. Frames only the cache owns are freed when
    /// memory runs out.
    cache: BTreeMap<u64, u64>,
}

impl Frames {
    pub fn new(start: u64, end: u64) -> Frames {
        Frames {
            next: start,
            end,
            free: Vec::new(),
            in_use: 0,
            shared: BTreeMap::new(),
            shm: Default::default(),
            cache: BTreeMap::new(),
        }
    }

    /// A zeroed frame, or None when memory is exhausted.
    pub fn alloc(&mut self) -> Option<u64> {
        if self.free.is_empty() && self.next >= self.end {
            self.evict_cache();
        }
        let frame = match self.free.pop() {
            Some(f) => f,
            None => {
                if self.next >= self.end {
                    return None;
                }
                let f = self.next;
                self.next += 4096;
                f
            }
        };
        crate::sys::frame(frame).fill(0);
        self.in_use += 1;
        Some(frame)
    }

    /// Drops one owner of `frame`; the last one frees it.
    pub fn free(&mut self, frame: u64) {
        if let Some(count) = self.shared.get_mut(&frame) {
            *count -= 1;
            if *count == 1 {
                self.shared.remove(&frame);
            }
            return;
        }
        self.in_use -= 1;
        self.free.push(frame);
    }

    /// Adds an owner to `frame` (fork).
    pub fn share(&mut self, frame: u64) {
        *self.shared.entry(frame).or_insert(1) += 1;
    }

    /// Whether `frame` is shared copy-on-write (not the page of a shared
    /// memory object, which is shared for writing).
    pub fn is_shared(&self, frame: u64) -> bool {
        self.shared.contains_key(&frame) && !self.shm.frames.contains(&frame)
    }

    /// Frames managed, free or not.
    pub fn total_count(&self) -> usize {
        self.in_use + self.free_count()
    }

    pub fn free_count(&self) -> usize {
        self.free.len() + ((self.end - self.next) / 4096) as usize
    }

    /// The frame of page `offset` of shared memory object `object`, with one
    /// more owner for the caller's page map: the object's existing page, or a
    /// new zeroed one the object keeps (None when memory is exhausted).
    pub fn shm_page(&mut self, object: u64, offset: u64) -> Option<u64> {
        let frame = match self.shm.pages.get(&(object, offset)) {
            Some(&frame) => frame,
            None => {
                let frame = self.alloc()?;
                self.shm.pages.insert((object, offset), frame);
                self.shm.frames.insert(frame);
                frame
            }
        };
        self.share(frame);
        Some(frame)
    }

    /// The page-cache frame holding `page` (4096 bytes of the ramdisk), with
    /// one more owner for the caller's page map, which maps it read-only (it
    /// is shared, so a write copies it); None when memory is exhausted.
    pub fn cached_page(&mut self, page: &'static [u8]) -> Option<u64> {
        let key = page.as_ptr() as u64;
        let frame = match self.cache.get(&key) {
            Some(&frame) => frame,
            None => {
                let frame = self.alloc()?;
                crate::sys::frame(frame).copy_from_slice(page);
                self.cache.insert(key, frame);
                frame
            }
        };
        self.share(frame);
        Some(frame)
    }

    /// Pages held in the page cache (/proc/meminfo counts them as Cached).
    pub fn cached_count(&self) -> usize {
        self.cache.len()
    }

    /// Frees the page-cache frames no process maps (memory ran out).
    fn evict_cache(&mut self) {
        let shared = &self.shared;
        let idle: Vec<u64> =
            self.cache.iter().filter(|(_, f)| !shared.contains_key(f)).map(|(&k, _)| k).collect();
        for key in idle {
            if let Some(frame) = self.cache.remove(&key) {
                self.free(frame);
            }
        }
    }

    /// Frees the pages of the shared memory objects no mapping names any
    /// more; `live` lists the objects still mapped somewhere.
    pub fn shm_collect(&mut self, live: &alloc::collections::BTreeSet<u64>) {
        let dead: Vec<(u64, u64)> =
            self.shm.pages.keys().filter(|(object, _)| !live.contains(object)).copied().collect();
        for key in dead {
            if let Some(frame) = self.shm.pages.remove(&key) {
                self.shm.frames.remove(&frame);
                self.free(frame);
            }
        }
        self.shm.unmapped = false;
    }
}
