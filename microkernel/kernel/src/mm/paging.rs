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
/// The root task's private top-level slots (see `microkernel_abi::layout`).
pub const ROOT_SLOTS: core::ops::Range<usize> = 320..384;

static BOOT_ROOT: spin::Once<PhysFrame> = spin::Once::new();

/// Records the boot page table, whose kernel half every address space shares.
pub fn init() {
    BOOT_ROOT.call_once(|| Cr3::read().0);
}

fn boot_root() -> PhysFrame {
    *BOOT_ROOT.get().expect("paging::init not called")
}

/// Whether the CPU supports process-context identifiers (enabled by `init_pcid`).
static PCID: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

pub fn init_pcid() {
    if core::arch::x86_64::__cpuid(1).ecx & (1 << 17) != 0 {
        // SAFETY: CR3's PCID field is 0 (the boot table), as CR4.PCIDE requires.
        unsafe {
            x86_64::registers::control::Cr4::update(|f| {
                f.insert(x86_64::registers::control::Cr4Flags::PCID)
            })
        };
        PCID.store(true, core::sync::atomic::Ordering::Relaxed);
    }
}

pub fn pcid_enabled() -> bool {
    PCID.load(core::sync::atomic::Ordering::Relaxed)
}

/// Converts ABI protection bits to page-table flags for a user page.
pub fn user_flags(prot: u64) -> PageTableFlags {
    use microkernel_abi::map_flags::{EXECUTE, WRITE};
    let mut flags = PageTableFlags::PRESENT | PageTableFlags::USER_ACCESSIBLE;
    if prot & WRITE != 0 {
        flags |= PageTableFlags::WRITABLE;
    }
    if prot & EXECUTE == 0 {
        flags |= PageTableFlags::NO_EXECUTE;
    }
    flags
}

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
        let kernel = table_at(boot_root());
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

    /// Maps a page anywhere outside the kernel's own slots (used for the root
    /// task's private slots); replaces an existing 4 KiB mapping.
    pub fn map_private(
        &mut self,
        virt: u64,
        phys: u64,
        flags: PageTableFlags,
    ) -> Result<(), MapError> {
        let page = Page::<Size4KiB>::containing_address(VirtAddr::new(virt));
        let frame = PhysFrame::containing_address(PhysAddr::new(phys));
        let parent =
            PageTableFlags::PRESENT | PageTableFlags::WRITABLE | PageTableFlags::USER_ACCESSIBLE;
        let mut mapper = self.mapper();
        if let Ok((_, flush)) = mapper.unmap(page) {
            flush.ignore();
        }
        // SAFETY: the caller chose an address in user space or the root slots.
        match unsafe {
            mapper.map_to_with_table_flags(page, frame, flags, parent, &mut KernelFrames)
        } {
            Ok(flush) => {
                flush.ignore();
                Ok(())
            }
            Err(MapToError::FrameAllocationFailed) => Err(MapError::OutOfFrames),
            Err(_) => Err(MapError::AlreadyMapped),
        }
    }

    /// Maps a 2 MiB page (the root task's physical window).
    pub fn map_huge(
        &mut self,
        virt: u64,
        phys: u64,
        flags: PageTableFlags,
    ) -> Result<(), MapError> {
        use x86_64::structures::paging::Size2MiB;
        let page = Page::<Size2MiB>::containing_address(VirtAddr::new(virt));
        let frame = PhysFrame::<Size2MiB>::containing_address(PhysAddr::new(phys));
        let parent =
            PageTableFlags::PRESENT | PageTableFlags::WRITABLE | PageTableFlags::USER_ACCESSIBLE;
        // SAFETY: used only for the root task's window onto memory granted to it.
        match unsafe {
            self.mapper().map_to_with_table_flags(page, frame, flags, parent, &mut KernelFrames)
        } {
            Ok(flush) => {
                flush.ignore();
                Ok(())
            }
            Err(MapToError::FrameAllocationFailed) => Err(MapError::OutOfFrames),
            Err(_) => Err(MapError::AlreadyMapped),
        }
    }

    /// Changes the flags of the 4 KiB page at `virt`; false if it is not mapped.
    pub fn protect(&mut self, virt: u64, flags: PageTableFlags) -> bool {
        let page = Page::<Size4KiB>::containing_address(VirtAddr::new(virt));
        // SAFETY: only the flags of an existing user mapping change.
        match unsafe { self.mapper().update_flags(page, flags) } {
            Ok(flush) => {
                flush.ignore();
                true
            }
            Err(_) => false,
        }
    }

    /// Clears the user bit of top-level `slots`: ring 3 can reach nothing below
    /// them, rings 0 to 2 still can.
    pub fn make_slots_supervisor(&mut self, slots: core::ops::Range<usize>) {
        let table = table_at(self.root);
        for slot in slots {
            let flags = table[slot].flags();
            if flags.contains(PageTableFlags::PRESENT) {
                let address = table[slot].addr();
                table[slot].set_addr(address, flags - PageTableFlags::USER_ACCESSIBLE);
            }
        }
    }

    /// Copies top-level slots from another space (sharing their lower tables).
    pub fn share_slots(&mut self, from: &AddressSpace, slots: core::ops::Range<usize>) {
        let source = table_at(from.root);
        let table = table_at(self.root);
        for slot in slots {
            table[slot] = source[slot].clone();
        }
    }

    /// Loads this space into CR3 with process-context id `pcid`; `flush` discards
    /// the TLB entries cached under that id.
    ///
    /// # Safety
    /// The space must stay alive while loaded; the kernel half is shared, so the
    /// running kernel code stays mapped.
    pub unsafe fn load(&self, pcid: u16, flush: bool) {
        let mut value = self.root.start_address().as_u64();
        if pcid_enabled() {
            value |= pcid as u64 & 0xfff;
            if !flush {
                value |= 1 << 63;
            }
        }
        // SAFETY: see the function's contract.
        unsafe { core::arch::asm!("mov cr3, {}", in(reg) value, options(nostack)) };
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
        // Tables of the root slots are freed only by the space that built them;
        // a space that shares them (SHARE_ROOT_SLOTS) must not.
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

/// Translates a kernel virtual address through the boot page table.
pub fn translate_kernel(virt: u64) -> Option<u64> {
    // SAFETY: the boot table is mapped through the physical-memory map.
    let mapper = unsafe {
        OffsetPageTable::new(table_at(boot_root()), VirtAddr::new(PHYSICAL_MEMORY_OFFSET))
    };
    match mapper.translate(VirtAddr::new(virt)) {
        TranslateResult::Mapped { frame, offset, .. } => {
            Some(frame.start_address().as_u64() + offset)
        }
        _ => None,
    }
}

/// Loads the boot page table (no user space).
pub fn load_boot() {
    // SAFETY: the boot table maps the kernel and lives forever.
    unsafe { Cr3::write(boot_root(), Cr3Flags::empty()) };
}

/// The physical address of the currently loaded top-level table.
pub fn current_root() -> u64 {
    Cr3::read().0.start_address().as_u64()
}
