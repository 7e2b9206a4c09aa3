//! Page tables: address spaces that share the kernel half.
//!
//! An [`AddressSpace`] owns a top-level table whose slots 256..512 are copied
//! from the kernel's boot table (so every space sees the kernel, the physical
//! memory map and the kernel stacks at the same addresses) and whose slots
//! 0..256 belong to user space. Mapping goes through the `x86_64` crate's
//! `OffsetPageTable`, with intermediate tables taken from the frame allocator.

use x86_64::registers::control::{Cr3, Cr3Flags};
use x86_64::structures::paging::mapper::{MapToError, TranslateResult, UnmapError};
use x86_64::structures::paging::{
    FrameAllocator, Mapper, OffsetPageTable, Page, PageTable, PageTableFlags, PhysFrame, Size4KiB,
    Translate,
};
use x86_64::{PhysAddr, VirtAddr};

use super::{frame, phys_to_virt};
use crate::PHYSICAL_MEMORY_OFFSET;

/// First top-level slot of the kernel half.
pub const KERNEL_HALF_FIRST_SLOT: usize = 256;

struct KernelFrames;

// SAFETY: `frame::allocate_zeroed` hands out each frame once, zeroed, until freed.
unsafe impl FrameAllocator<Size4KiB> for KernelFrames {
    fn allocate_frame(&mut self) -> Option<PhysFrame<Size4KiB>> {
        frame::allocate_zeroed().map(|addr| PhysFrame::containing_address(PhysAddr::new(addr)))
    }
}

#[derive(Debug)]
pub enum MapError {
    OutOfFrames,
    AlreadyMapped,
    NotUserAddress,
}

pub struct AddressSpace {
    root: PhysFrame,
}

fn table_at(frame: PhysFrame) -> &'static mut PageTable {
    // SAFETY: page-table frames are only reached through their owning
    // AddressSpace (or the boot table), and the physical-memory map covers them.
    unsafe { &mut *(phys_to_virt(frame.start_address().as_u64()) as *mut PageTable) }
}

impl AddressSpace {
    /// A new address space with an empty user half and the kernel half shared.
    pub fn new() -> Option<AddressSpace> {
        let root = PhysFrame::containing_address(PhysAddr::new(frame::allocate_zeroed()?));
        let (current, _) = Cr3::read();
        let kernel = table_at(current);
        let table = table_at(root);
        for slot in KERNEL_HALF_FIRST_SLOT..512 {
            table[slot] = kernel[slot].clone();
        }
        Some(AddressSpace { root })
    }

    fn mapper(&self) -> OffsetPageTable<'static> {
        // SAFETY: the whole of physical memory is mapped at PHYSICAL_MEMORY_OFFSET.
        unsafe { OffsetPageTable::new(table_at(self.root), VirtAddr::new(PHYSICAL_MEMORY_OFFSET)) }
    }

    /// Maps the 4 KiB page at user address `virt` to the frame at `phys`.
    pub fn map(&mut self, virt: u64, phys: u64, flags: PageTableFlags) -> Result<(), MapError> {
        if virt >= 0x0000_8000_0000_0000 {
            return Err(MapError::NotUserAddress);
        }
        let page = Page::<Size4KiB>::containing_address(VirtAddr::new(virt));
        let frame = PhysFrame::containing_address(PhysAddr::new(phys));
        let parent = PageTableFlags::PRESENT
            | PageTableFlags::WRITABLE
            | (flags & PageTableFlags::USER_ACCESSIBLE);
        // SAFETY: the page is in the user half of an address space that is not
        // the kernel's; mapping it cannot alias kernel memory.
        match unsafe {
            self.mapper().map_to_with_table_flags(page, frame, flags, parent, &mut KernelFrames)
        } {
            Ok(flush) => {
                flush.flush();
                Ok(())
            }
            Err(MapToError::FrameAllocationFailed) => Err(MapError::OutOfFrames),
            Err(_) => Err(MapError::AlreadyMapped),
        }
    }

    /// Unmaps the page at `virt`, returning the frame it mapped.
    pub fn unmap(&mut self, virt: u64) -> Option<u64> {
        let page = Page::<Size4KiB>::containing_address(VirtAddr::new(virt));
        match self.mapper().unmap(page) {
            Ok((frame, flush)) => {
                flush.flush();
                Some(frame.start_address().as_u64())
            }
            Err(UnmapError::PageNotMapped) | Err(_) => None,
        }
    }

    /// The physical address `virt` maps to, if any.
    pub fn translate(&self, virt: u64) -> Option<u64> {
        match self.mapper().translate(VirtAddr::new(virt)) {
            TranslateResult::Mapped { frame, offset, .. } => {
                Some(frame.start_address().as_u64() + offset)
            }
            _ => None,
        }
    }

    /// Loads this address space into CR3.
    ///
    /// # Safety
    /// The caller must switch back (or keep running only kernel-half code and
    /// data) and must not drop the space while it is loaded.
    pub unsafe fn activate(&self) {
        // SAFETY: the kernel half is shared, so the running code stays mapped.
        unsafe { Cr3::write(self.root, Cr3Flags::empty()) };
    }

    /// The root table's physical address.
    pub fn root(&self) -> u64 {
        self.root.start_address().as_u64()
    }
}

impl Drop for AddressSpace {
    /// Frees the page-table frames of the user half (not the mapped frames,
    /// which belong to whoever mapped them) and the root.
    fn drop(&mut self) {
        fn free_level(table: PhysFrame, level: u8) {
            let entries = table_at(table);
            for entry in entries.iter_mut() {
                if !entry.flags().contains(PageTableFlags::PRESENT)
                    || entry.flags().contains(PageTableFlags::HUGE_PAGE)
                {
                    continue;
                }
                let next = PhysFrame::containing_address(entry.addr());
                if level > 2 {
                    free_level(next, level - 1);
                }
                // SAFETY: the table frame is owned by this address space only.
                unsafe { frame::free(next.start_address().as_u64()) };
            }
        }
        let root = table_at(self.root);
        for slot in 0..KERNEL_HALF_FIRST_SLOT {
            if root[slot].flags().contains(PageTableFlags::PRESENT) {
                let next = PhysFrame::containing_address(root[slot].addr());
                free_level(next, 3);
                // SAFETY: as above.
                unsafe { frame::free(next.start_address().as_u64()) };
            }
        }
        // SAFETY: the root is owned by this space and is not loaded (see `activate`).
        unsafe { frame::free(self.root.start_address().as_u64()) };
    }
}

/// The physical address of the currently loaded top-level table.
pub fn current_root() -> u64 {
    Cr3::read().0.start_address().as_u64()
}
