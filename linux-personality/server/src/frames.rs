//! Granted physical frames: a bump pointer through the granted range plus a
//! free list. The server owns every frame it maps into a Linux process, so
//! reading or writing process memory is a page-map lookup plus a copy here.

use alloc::vec::Vec;

pub struct Frames {
    next: u64,
    end: u64,
    free: Vec<u64>,
    pub in_use: usize,
}

impl Frames {
    pub fn new(start: u64, end: u64) -> Frames {
        Frames { next: start, end, free: Vec::new(), in_use: 0 }
    }

    /// A zeroed frame, or None when memory is exhausted.
    pub fn alloc(&mut self) -> Option<u64> {
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

    pub fn free(&mut self, frame: u64) {
        self.in_use -= 1;
        self.free.push(frame);
    }

    pub fn free_count(&self) -> usize {
        self.free.len() + ((self.end - self.next) / 4096) as usize
    }
}
