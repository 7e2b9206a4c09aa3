//! Loading the root task: the first user program, found in the boot ramdisk at
//! [`ROOT_TASK_PATH`]. It is a static-PIE ELF built for `x86_64-unknown-none`,
//! loaded at `layout::ROOT_IMAGE` in the root task's private slots and relocated
//! (R_X86_64_RELATIVE only). The root task gets: its stack and UTCB, the ramdisk
//! (read-only), a window onto all memory granted to it, I/O ports (see `gdt`),
//! and a [`RootInfo`] in rdi.

use goblin::elf::program_header::{PF_W, PF_X, PT_LOAD};
use goblin::elf::Elf;
use microkernel_abi::{layout, map_flags, RootInfo};
use x86_64::structures::paging::PageTableFlags;

use super::{task, thread, Kernel};
use crate::mm::{frame, paging, phys_to_virt};

pub const ROOT_TASK_PATH: &str = "boot/root-task";
pub const COLOCATED_PATH: &str = "boot/colocated";
/// Memory the kernel keeps for itself (page tables, UTCBs, the root image) out of
/// the largest region; the rest is granted to the root task.
const KERNEL_RESERVE: u64 = 96 * 1024 * 1024;
const R_X86_64_RELATIVE: u32 = 8;

#[derive(Debug)]
pub enum LoadError {
    NoRamdisk,
    NotInRamdisk,
    BadElf(&'static str),
    OutOfMemory,
}

fn map_new_page(
    space: &mut paging::AddressSpace,
    virt: u64,
    flags: PageTableFlags,
) -> Result<u64, LoadError> {
    let frame = frame::allocate_zeroed().ok_or(LoadError::OutOfMemory)?;
    space.map_private(virt, frame, flags).map_err(|_| LoadError::OutOfMemory)?;
    Ok(frame)
}

/// Writes `bytes` at `virt` in `space` (already mapped).
fn poke(space: &paging::AddressSpace, virt: u64, bytes: &[u8]) -> Result<(), LoadError> {
    let mut done = 0;
    while done < bytes.len() {
        let at = virt + done as u64;
        let phys =
            space.translate(at).ok_or(LoadError::BadElf("write outside the loaded image"))?;
        let room = (4096 - (at % 4096)) as usize;
        let n = room.min(bytes.len() - done);
        // SAFETY: `phys` is a frame just mapped into the root task by this loader.
        unsafe { core::ptr::copy_nonoverlapping(bytes[done..].as_ptr(), phys_to_virt(phys), n) };
        done += n;
    }
    Ok(())
}

/// Loads the root task from the ramdisk and makes its first thread ready.
pub fn load(k: &mut Kernel, ramdisk: Option<(u64, u64)>) -> Result<(), LoadError> {
    let (ramdisk_virt, ramdisk_len) = ramdisk.ok_or(LoadError::NoRamdisk)?;
    // SAFETY: the bootloader mapped the ramdisk at this address for this length.
    let bytes =
        unsafe { core::slice::from_raw_parts(ramdisk_virt as *const u8, ramdisk_len as usize) };
    let archive = initrd::Archive::new(bytes);
    let entry = archive
        .find(ROOT_TASK_PATH)
        .map_err(|_| LoadError::BadElf("malformed ramdisk"))?
        .ok_or(LoadError::NotInRamdisk)?;
    let image = entry.data;
    let elf = Elf::parse(image).map_err(|_| LoadError::BadElf("not an ELF file"))?;
    if elf.header.e_machine != goblin::elf::header::EM_X86_64 || !elf.is_64 {
        return Err(LoadError::BadElf("not an x86-64 ELF"));
    }

    // `boot/colocated` in the ramdisk: run the root task in ring 1 with its
    // slots supervisor-only and shared into every task (see `Kernel::colocated`).
    let colocated = matches!(archive.find(COLOCATED_PATH), Ok(Some(_)));
    let t = task::create(k, None, false).map_err(|_| LoadError::OutOfMemory)?;
    k.task_mut(t).is_root = true;
    k.root_task = Some(t);
    let base = layout::ROOT_IMAGE;
    {
        let space = &mut k.task_mut(t).space;
        for ph in elf.program_headers.iter().filter(|p| p.p_type == PT_LOAD) {
            let start = base.checked_add(ph.p_vaddr).ok_or(LoadError::BadElf("segment address"))?;
            let end = start.checked_add(ph.p_memsz).ok_or(LoadError::BadElf("segment size"))?;
            if end > layout::ROOT_STACK_TOP - layout::ROOT_STACK_SIZE || ph.p_filesz > ph.p_memsz {
                return Err(LoadError::BadElf("segment out of range"));
            }
            let mut flags = PageTableFlags::PRESENT | PageTableFlags::USER_ACCESSIBLE;
            if ph.p_flags & PF_W != 0 {
                flags |= PageTableFlags::WRITABLE;
            }
            if ph.p_flags & PF_X == 0 {
                flags |= PageTableFlags::NO_EXECUTE;
            }
            let mut page = start & !0xfff;
            while page < end {
                // Segments may share a page; keep the first frame, widen flags.
                if space.translate(page).is_none() {
                    map_new_page(space, page, flags | PageTableFlags::WRITABLE)?;
                }
                page += 4096;
            }
            let file = image
                .get(ph.p_offset as usize..(ph.p_offset + ph.p_filesz) as usize)
                .ok_or(LoadError::BadElf("segment outside the file"))?;
            poke(space, start, file)?;
        }
        for rela in elf.dynrelas.iter() {
            if rela.r_type != R_X86_64_RELATIVE {
                return Err(LoadError::BadElf("relocation other than R_X86_64_RELATIVE"));
            }
            let value = base.wrapping_add(rela.r_addend.unwrap_or(0) as u64);
            poke(space, base + rela.r_offset, &value.to_le_bytes())?;
        }
        // Stack.
        let rw = paging::user_flags(map_flags::READ | map_flags::WRITE);
        let mut page = layout::ROOT_STACK_TOP - layout::ROOT_STACK_SIZE;
        while page < layout::ROOT_STACK_TOP {
            map_new_page(space, page, rw)?;
            page += 4096;
        }
        // Ramdisk, read-only.
        let ro = paging::user_flags(map_flags::READ);
        let mut offset = 0;
        while offset < ramdisk_len {
            let phys = paging::translate_kernel((ramdisk_virt + offset) & !0xfff)
                .ok_or(LoadError::BadElf("ramdisk not mapped"))?;
            space
                .map_private(layout::ROOT_RAMDISK + offset, phys, ro)
                .map_err(|_| LoadError::OutOfMemory)?;
            offset += 4096;
        }
    }
    // Granted memory, through a window of 2 MiB pages.
    let (granted_start, granted_end) =
        frame::carve_grant(KERNEL_RESERVE).ok_or(LoadError::OutOfMemory)?;
    k.granted = (granted_start, granted_end);
    {
        let space = &mut k.task_mut(t).space;
        let flags = PageTableFlags::PRESENT
            | PageTableFlags::WRITABLE
            | PageTableFlags::USER_ACCESSIBLE
            | PageTableFlags::NO_EXECUTE
            | PageTableFlags::HUGE_PAGE;
        let mut phys = granted_start;
        while phys < granted_end {
            space
                .map_huge(layout::ROOT_PHYS_WINDOW + phys, phys, flags)
                .map_err(|_| LoadError::OutOfMemory)?;
            phys += 2 * 1024 * 1024;
        }
    }

    if colocated {
        k.task_mut(t).space.make_slots_supervisor(paging::ROOT_SLOTS);
        k.colocated = true;
    }
    let th = thread::create(k, t, layout::ROOT_UTCB).map_err(|_| LoadError::OutOfMemory)?;
    k.thread_mut(th).ring1 = colocated;
    let info = RootInfo {
        task: k.task(t).id,
        thread: k.thread(th).id,
        utcb: layout::ROOT_UTCB,
        granted_start,
        granted_end,
        ramdisk: layout::ROOT_RAMDISK + (ramdisk_virt & 0xfff),
        ramdisk_len,
        tsc_per_us_x1000: crate::arch::clock::tsc_per_us_x1000(),
        boot_time: crate::arch::clock::boot_time(),
    };
    let info_address = layout::ROOT_STACK_TOP - 256;
    let info_words: [u64; 9] = [
        info.task,
        info.thread,
        info.utcb,
        info.granted_start,
        info.granted_end,
        info.ramdisk,
        info.ramdisk_len,
        info.tsc_per_us_x1000,
        info.boot_time,
    ];
    let mut info_bytes = [0u8; 72];
    for (i, w) in info_words.iter().enumerate() {
        info_bytes[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
    poke(&k.task(t).space, info_address, &info_bytes)?;
    let entry_point = base + elf.header.e_entry;
    k.thread_mut(th).priority = 100;
    thread::start(k, th, entry_point, info_address - 8, info_address);
    crate::kprintln!(
        "root task loaded: entry {entry_point:#x}, {} MiB granted at {granted_start:#x}{}",
        (granted_end - granted_start) >> 20,
        if colocated { ", co-located (ring 1)" } else { "" }
    );
    Ok(())
}
