//! Tasks: an address space, its owner, and its process-context id.
//!
//! Only the owner of a task (the task that created it) may change its mappings,
//! create threads in it, or destroy it. Frames mapped into tasks must lie in the
//! memory granted to the root task; the kernel never hands out its own frames
//! through `Map`.

use microkernel_abi::{layout, map_flags, Error, MapEntry};

use super::thread::State;
use super::Kernel;
use crate::mm::paging::{self, AddressSpace};

pub struct Task {
    pub id: u64,
    pub space: AddressSpace,
    pub owner: Option<usize>,
    pub is_root: bool,
    pub shares_root: bool,
    pub pcid: u16,
    /// The TLB may hold stale entries under this task's PCID: flush on next load.
    pub tlb_stale: bool,
    pub threads: usize,
}

pub fn create(kernel: &mut Kernel, owner: Option<usize>, share_root: bool) -> Result<usize, Error> {
    // In co-located mode every task holds the (supervisor-only) root slots.
    let share_root = share_root || (kernel.colocated && owner.is_some());
    crate::mm::heap::room_for(4096)?;
    let mut space = AddressSpace::new().ok_or(Error::OutOfMemory)?;
    if share_root {
        let root = kernel.root_task.ok_or(Error::InvalidArgument)?;
        space.share_slots(&kernel.task(root).space, paging::ROOT_SLOTS);
    }
    let index = match kernel.tasks.iter().position(|t| t.is_none()) {
        Some(index) => index,
        None => {
            kernel.tasks.push(None);
            kernel.tasks.len() - 1
        }
    };
    let id = (kernel.generation() << 32) | index as u64;
    kernel.tasks[index] = Some(Task {
        id,
        space,
        owner,
        is_root: false,
        shares_root: share_root,
        pcid: (index % 4095 + 1) as u16,
        tlb_stale: true,
        threads: 0,
    });
    Ok(index)
}

/// Whether `address..address+len` is memory a thread of `task` may name in a
/// kernel call (its user half, or the root slots for tasks that have them).
pub fn user_range_ok(kernel: &Kernel, task: usize, address: u64, len: u64) -> bool {
    let Some(end) = address.checked_add(len) else { return false };
    if end <= layout::USER_END {
        return true;
    }
    let t = kernel.task(task);
    (t.is_root || t.shares_root) && address >= layout::ROOT_BASE && end <= layout::ROOT_END
}

fn mappable(kernel: &Kernel, task: usize, virt: u64) -> bool {
    virt.is_multiple_of(4096)
        && (virt < layout::USER_END
            || (kernel.task(task).is_root
                && (layout::ROOT_BASE..layout::ROOT_PHYS_WINDOW).contains(&virt)))
}

/// Maps a batch of pages into `task`; returns how many were mapped before an error.
pub fn map(
    kernel: &mut Kernel,
    task: usize,
    entries: &[MapEntry],
) -> Result<usize, (usize, Error)> {
    let (granted_start, granted_end) = kernel.granted;
    for (done, entry) in entries.iter().enumerate() {
        let phys = entry.phys_flags & !map_flags::MASK & !(1 << 63);
        let prot = entry.phys_flags & map_flags::MASK;
        if !mappable(kernel, task, entry.virt) {
            return Err((done, Error::InvalidArgument));
        }
        if phys < granted_start || phys >= granted_end {
            return Err((done, Error::Denied));
        }
        let flags = paging::user_flags(prot);
        let t = kernel.task_mut(task);
        if t.space.map_private(entry.virt, phys, flags).is_err() {
            return Err((done, Error::OutOfMemory));
        }
        kernel.counters.page_table_updates += 1;
    }
    invalidate(kernel, task, entries.iter().map(|e| e.virt));
    Ok(entries.len())
}

pub fn unmap(kernel: &mut Kernel, task: usize, first: u64, pages: u64) -> Result<(), Error> {
    check_range(kernel, task, first, pages)?;
    for page in 0..pages {
        if kernel.task_mut(task).space.unmap(first + page * 4096).is_some() {
            kernel.counters.page_table_updates += 1;
        }
    }
    invalidate(kernel, task, (0..pages).map(|p| first + p * 4096));
    Ok(())
}

pub fn protect(
    kernel: &mut Kernel,
    task: usize,
    first: u64,
    pages: u64,
    prot: u64,
) -> Result<(), Error> {
    check_range(kernel, task, first, pages)?;
    let flags = paging::user_flags(prot);
    for page in 0..pages {
        if kernel.task_mut(task).space.protect(first + page * 4096, flags) {
            kernel.counters.page_table_updates += 1;
        }
    }
    invalidate(kernel, task, (0..pages).map(|p| first + p * 4096));
    Ok(())
}

fn check_range(kernel: &Kernel, task: usize, first: u64, pages: u64) -> Result<(), Error> {
    let len = pages.checked_mul(4096).ok_or(Error::InvalidArgument)?;
    if !mappable(kernel, task, first) || !user_range_ok(kernel, task, first, len) {
        return Err(Error::InvalidArgument);
    }
    Ok(())
}

/// Drops stale translations: `invlpg` when the task is loaded, otherwise a flush
/// of its PCID at its next load.
fn invalidate(kernel: &mut Kernel, task: usize, pages: impl Iterator<Item = u64>) {
    if kernel.loaded_task == Some(task) {
        for page in pages {
            x86_64::instructions::tlb::flush(x86_64::VirtAddr::new(page));
        }
    } else {
        kernel.task_mut(task).tlb_stale = true;
    }
    // Tasks sharing the root slots see root mappings too.
    if kernel.task(task).is_root {
        for t in kernel.tasks.iter_mut().flatten() {
            if t.shares_root {
                t.tlb_stale = true;
            }
        }
    }
}

/// Destroys a task: kills its threads, frees its page tables.
pub fn destroy(kernel: &mut Kernel, task: usize) {
    let victims: alloc::vec::Vec<usize> = kernel
        .threads
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            t.as_ref().filter(|t| t.task == task && t.state != State::Dead).map(|_| i)
        })
        .collect();
    for thread in victims {
        super::ipc::kill_thread(kernel, thread);
    }
    // Threads of other tasks waiting for a reply from this one will never get it.
    for index in 0..kernel.threads.len() {
        if let Some(t) = kernel.threads[index].as_mut() {
            if t.state == (State::WaitingReply { from_task: task }) {
                t.set_error(Error::PartnerDied);
                t.state = State::Ready;
                super::sched::make_ready(kernel, index);
            }
        }
    }
    if kernel.loaded_task == Some(task) {
        // The caller may be a co-located server running on this space: move it
        // to the root task's own space, which maps it too.
        match kernel.root_task.filter(|&r| r != task) {
            Some(root) => {
                let t = kernel.task_mut(root);
                let pcid = t.pcid;
                // SAFETY: the root task lives as long as the system.
                unsafe { t.space.load(pcid, true) };
                kernel.loaded_task = Some(root);
                kernel.counters.cr3_writes += 1;
            }
            None => {
                paging::load_boot();
                kernel.loaded_task = None;
            }
        }
    }
    kernel.tasks[task] = None;
}
