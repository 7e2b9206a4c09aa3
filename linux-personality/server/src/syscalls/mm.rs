//! Memory: brk, mmap (anonymous and private file mappings, MAP_FIXED,
//! MAP_FIXED_NOREPLACE, PROT_NONE), munmap, mprotect, mremap, madvise. The VMA
//! rules are `linux_personality::mm`'s; this file keeps the page map and the
//! task's mappings in step with them. See mmap(2), brk(2), mremap(2).

use linux_personality::mm::{Backing, FileId};
use syscall_translation::flags::mmap::{Advice, MapFlags, MapType, MremapFlags, ProtFlags};
use syscall_translation::Errno;

use super::{Call, Done};
use crate::files::{Device, Kind};
use crate::process::PAGE;

fn free_ranges(c: &mut Call, ranges: &[core::ops::Range<u64>]) {
    for range in ranges {
        c.p.drop_pages(&mut c.sys.frames, range.start, range.end);
    }
}

pub fn sys_brk(c: &mut Call) -> Done {
    let outcome = c.p.vm.brk(c.a[0]);
    free_ranges(c, &outcome.removed);
    Done::Ret(Ok(outcome.brk))
}

pub fn sys_mmap(c: &mut Call) -> Done {
    let (hint, len, prot, flags, fd, offset) =
        (c.a[0], c.a[1], c.a[2], c.a[3], c.a[4] as i32, c.a[5]);
    let Some(prot) = ProtFlags::from_bits(prot as u32) else {
        return Done::Ret(Err(Errno::EINVAL));
    };
    let flags = MapFlags::from_bits_retain(flags as u32);
    let shared = matches!(flags.map_type(), Some(MapType::Shared | MapType::SharedValidate));
    // /dev/zero maps as anonymous memory (Linux's mmap_zero): a private
    // mapping is zero-filled memory named after it, a shared one an object.
    let mut dev_zero = None;
    if !flags.contains(MapFlags::MAP_ANONYMOUS) {
        if let Ok(file) = c.p.file(fd) {
            if let Kind::Device(Device::Zero, f) = &file.borrow().kind {
                if !f.flags().readable()
                    || (shared && prot.contains(ProtFlags::PROT_WRITE) && !f.flags().writable())
                {
                    return Done::Ret(Err(Errno::EACCES));
                }
                dev_zero = Some(f.inode().to_u64());
            }
        }
    }
    let backing = if flags.contains(MapFlags::MAP_ANONYMOUS) || dev_zero.is_some() {
        match dev_zero {
            // Shared with the children forked from here on (see shm.rs).
            _ if shared => c.sys.frames.shm.create(),
            // A file without data: its pages fault in zeroed.
            Some(inode) => Backing::File {
                file: FileId { dev_major: 0, dev_minor: 1, inode },
                offset,
                path: alloc::sync::Arc::from("/dev/zero"),
            },
            None => Backing::Anonymous,
        }
    } else {
        let file = match c.p.file(fd) {
            Ok(f) => f,
            Err(e) => return Done::Ret(Err(e)),
        };
        let f = file.borrow();
        let Kind::File(v) = &f.kind else { return Done::Ret(Err(Errno::ENODEV)) };
        if v.is_path() || !v.flags().readable() {
            return Done::Ret(Err(Errno::EACCES));
        }
        let Ok(inode) = c.sys.vfs.inode(v.inode()) else { return Done::Ret(Err(Errno::EBADF)) };
        if !inode.is_regular() {
            return Done::Ret(Err(Errno::ENODEV));
        }
        if shared && prot.contains(ProtFlags::PROT_WRITE) {
            // Shared writable file mappings need the file's pages to be the
            // mapping's frames; tmpfs pages live in the server's heap.
            return Done::Ret(Err(Errno::ENODEV));
        }
        let key = v.inode().to_u64();
        if let Ok(handle) = c.sys.vfs.handle(v.inode()) {
            c.p.mapped.insert(key, handle);
        }
        let path = c.sys.vfs.name_of(c.p.fs.root(), v.inode()).unwrap_or_default();
        Backing::File {
            file: FileId { dev_major: 0, dev_minor: 1, inode: key },
            offset,
            path: alloc::sync::Arc::from(alloc::string::String::from_utf8_lossy(&path).as_ref()),
        }
    };
    match c.p.vm.mmap(hint, len, prot, flags, backing) {
        Ok(mapped) => {
            free_ranges(c, &mapped.removed);
            Done::Ret(Ok(mapped.addr))
        }
        Err(e) => Done::Ret(Err(e)),
    }
}

pub fn sys_munmap(c: &mut Call) -> Done {
    match c.p.vm.munmap(c.a[0], c.a[1]) {
        Ok(removed) => {
            free_ranges(c, &removed);
            Done::Ret(Ok(0))
        }
        Err(e) => Done::Ret(Err(e)),
    }
}

pub fn sys_mprotect(c: &mut Call) -> Done {
    let (address, len, prot) = (c.a[0], c.a[1], c.a[2]);
    let Some(prot) = ProtFlags::from_bits(prot as u32) else {
        return Done::Ret(Err(Errno::EINVAL));
    };
    match c.p.vm.mprotect(address, len, prot) {
        Ok(()) => {
            let end =
                address.saturating_add(len.checked_next_multiple_of(PAGE).unwrap_or(u64::MAX));
            c.p.reprotect(&c.sys.frames, address, end);
            Done::Ret(Ok(0))
        }
        Err(e) => Done::Ret(Err(e)),
    }
}

pub fn sys_mremap(c: &mut Call) -> Done {
    let (old, old_len, new_len, flags, new_address) = (c.a[0], c.a[1], c.a[2], c.a[3], c.a[4]);
    let flags = MremapFlags::from_bits_retain(flags as u32);
    match c.p.vm.mremap(old, old_len, new_len, flags, new_address) {
        Ok(remapped) => {
            free_ranges(c, &remapped.removed);
            if let Some(m) = remapped.moved {
                // Move the present pages to their new addresses.
                let moved: alloc::vec::Vec<(u64, u64)> =
                    c.p.pages.range(m.from..m.from + m.len).map(|(&va, &f)| (va, f)).collect();
                let _ = microkernel_user::unmap(c.p.task, m.from, m.len / PAGE);
                for (va, frame) in moved {
                    c.p.pages.remove(&va);
                    let new_va = va - m.from + m.to;
                    let prot = c.p.vm.find(new_va).map(|v| v.prot).unwrap_or(ProtFlags::empty());
                    let _ = c.p.install(&c.sys.frames, new_va, frame, prot);
                }
            }
            Done::Ret(Ok(remapped.addr))
        }
        Err(e) => Done::Ret(Err(e)),
    }
}

const MADV_DONTNEED: u64 = Advice::DONTNEED.0 as u64;
const MADV_FREE: u64 = Advice::FREE.0 as u64;

pub fn sys_madvise(c: &mut Call) -> Done {
    let (address, len, advice) = (c.a[0], c.a[1], c.a[2]);
    if address % PAGE != 0 {
        return Done::Ret(Err(Errno::EINVAL));
    }
    // A length that cannot be rounded up to a page is EINVAL (the storm's,
    // seed 2: it overflowed and panicked the server).
    let Some(len) = len.checked_next_multiple_of(PAGE) else {
        return Done::Ret(Err(Errno::EINVAL));
    };
    let end = address.saturating_add(len);
    match advice {
        MADV_DONTNEED | MADV_FREE => {
            if !c.p.vm.is_fully_mapped(address, end) {
                return Done::Ret(Err(Errno::ENOMEM));
            }
            // Private pages read back as zero (or the file) after this.
            c.p.drop_pages(&mut c.sys.frames, address, end);
            Done::Ret(Ok(0))
        }
        // Hints: accepted for a mapped range, ENOMEM over a hole (as Linux's
        // madvise_walk_vmas, after advising the mapped parts).
        0..=3 | 9..=25 | 100..=101 => {
            if end > address && !c.p.vm.is_fully_mapped(address, end) {
                return Done::Ret(Err(Errno::ENOMEM));
            }
            Done::Ret(Ok(0))
        }
        _ => Done::Ret(Err(Errno::EINVAL)),
    }
}
