//! Linux processes: a microkernel task with one foreign-ABI thread, the VMA map
//! (`linux_personality::mm`), the page map (which granted frame backs which
//! page), descriptors, and credentials. This module is the pager (demand-zero
//! and file-backed pages) and the user-memory accessor: a user buffer is read
//! or written by looking its pages up here and copying through the window,
//! faulting pages in as the program's own access would; anything else is EFAULT.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use linux_personality::mm::{Access, AddressSpaceMap, Backing, FaultKind};
use microkernel_user as mk;
use microkernel_user::abi::{map_flags, MapEntry};
use syscall_translation::flags::mmap::ProtFlags;
use syscall_translation::Errno;

use linux_personality::vfs::{Cred, FdTable, FsContext, InodeHandle, InodeId, Vfs};

use crate::files::FileRef;
use crate::frames::Frames;

pub const PAGE: u64 = 4096;
/// The largest stack RLIMIT_STACK may grow (the mmap area starts 128 MiB below it).
pub const STACK_LIMIT_MAX: u64 = 120 * 1024 * 1024;

/// The most descriptors any process may hold, whatever its RLIMIT_NOFILE.
pub const NOFILE_MAX: u64 = 1 << 20;

pub struct Process {
    pub pid: u32,
    pub ppid: u32,
    pub task: u64,
    /// The thread whose call or fault is being handled (see [`Process::enter`]).
    pub t: Thread,
    /// The process's other threads, by thread id.
    pub threads: BTreeMap<u32, Thread>,
    pub vm: AddressSpaceMap,
    pub pages: BTreeMap<u64, u64>,
    pub fds: FdTable<FileRef>,
    /// Root, working directory and umask.
    pub fs: FsContext,
    pub cred: Cred,
    /// The files mapped into the address space, kept alive (an unlinked file's
    /// pages stay readable through a mapping) by the key the VMAs name them by.
    pub mapped: BTreeMap<u64, InodeHandle>,
    pub exe: String,
    /// argv and envp of the last exec, NUL-terminated strings (/proc/PID/cmdline, environ).
    pub cmdline: Vec<u8>,
    pub environ: Vec<u8>,
    /// Kernel-layout sigaction per signal: handler, flags, restorer, mask.
    pub sigactions: [[u64; 4]; 65],
    /// Signals sent to the whole process (kill, sigqueue, the kernel's
    /// process signals) that every thread blocked, with their siginfo: any
    /// thread that unblocks or waits for one takes it (Linux's
    /// `signal->shared_pending`). Each thread has its own queue beside it
    /// ([`Thread::pending`]).
    pub shared_pending: crate::signals::SigQueue,
    /// CPU time (user, system ns) of the threads that ended (or were replaced
    /// by an exec), and of the children it waited for (getrusage, times).
    pub cpu_before_exec: [u64; 2],
    /// The usage of the reaped children (see rusage.rs).
    pub children: crate::syscalls::rusage::Usage,
    /// Faults served, calls that waited, largest resident set (rusage.rs).
    pub activity: crate::syscalls::rusage::Activity,
    /// membarrier(2) registrations (the REGISTER_* command bits done).
    pub membarrier: u64,
    pub pgid: u32,
    pub sid: u32,
    /// Set in a vfork child until it execs or exits: the waiting parent.
    pub vfork_parent: Option<u32>,
    /// Set in a vfork parent while it waits for that child.
    pub vfork_child: Option<u32>,
    /// The name prctl(PR_SET_NAME) gave (`comm`).
    pub comm: [u8; 16],
    /// ITIMER_REAL: (next expiry in clock ns, interval ns); SIGALRM when it fires.
    pub itimer: Option<(u64, u64)>,
    /// The nice value, -20 (most favoured) to 19; scheduling does not use it yet.
    pub nice: i32,
    /// Resource limits (soft, hard) by resource number.
    pub rlimits: [(u64, u64); crate::syscalls::RLIMITS],
    pub job: crate::signals::JobState,
}

/// What each thread of a process has of its own (Linux's per-task state
/// inside a thread group): its microkernel thread, signal mask, pending
/// signals, queued handler deliveries, alternate stack, the state of its
/// parked call and the addresses clone and set_tid_address gave it.
///
/// A process keeps the thread whose call it is handling in `Process::t` and
/// the others in `Process::threads`; [`Process::enter`] swaps them, so that the
/// handlers, which were written for one thread, see the caller's state as
/// `p.t` and every process-wide field where it always was.
pub struct Thread {
    pub tid: u32,
    /// The microkernel thread.
    pub thread: u64,
    pub sigmask: u64,
    /// Signals to run a handler for before the thread resumes.
    pub deliver: Vec<crate::signals::SigInfo>,
    pub altstack: [u64; 3],
    pub clear_child_tid: u64,
    pub robust_list: u64,
    pub fs_base: u64,
    /// A signal the last call raised against the caller itself (SIGPIPE).
    pub deliver_or_die: Option<u64>,
    /// The mask to restore after a call that waits with a temporary one
    /// (rt_sigsuspend, ppoll, pselect6, epoll_pwait): a handler's frame takes
    /// it, else it is restored when the thread returns to user mode.
    pub saved_mask: Option<u64>,
    /// Signals sent to this thread only (tkill, tgkill, rt_tgsigqueueinfo, a
    /// signal the kernel raises against it, such as SIGPIPE) while it blocked
    /// them: only this thread takes them (Linux's `task->pending`).
    pub pending: crate::signals::SigQueue,
    /// The set a parked rt_sigtimedwait of this thread waits for (meaningful
    /// only while it is parked).
    pub sigwait: u64,
    /// Bytes a parked blocking pipe write has already moved (it returns the
    /// total when done, or this count if a signal interrupts it).
    pub io_progress: u64,
}

impl Thread {
    pub fn new(tid: u32, thread: u64, sigmask: u64) -> Thread {
        Thread {
            tid,
            thread,
            sigmask,
            deliver: Vec::new(),
            altstack: [0, 2, 0],
            clear_child_tid: 0,
            robust_list: 0,
            fs_base: 0,
            deliver_or_die: None,
            saved_mask: None,
            pending: Default::default(),
            sigwait: 0,
            io_progress: 0,
        }
    }
}

/// The ramdisk bytes of page `va` of `vma` when it maps a whole page of a
/// file that is still exactly its initrd bytes (see `Frames::cached_page`).
fn initrd_page(vfs: &Vfs, vma: &linux_personality::mm::Vma, va: u64) -> Option<&'static [u8]> {
    let Backing::File { file, offset, .. } = &vma.backing else { return None };
    if crate::shm::page_of(vma, va).is_some() {
        return None;
    }
    let bytes = vfs.inode(InodeId::from_u64(file.inode)).ok()?.data()?.as_static()?;
    let at = usize::try_from(offset.checked_add(va - vma.start)?).ok()?;
    bytes.get(at..at.checked_add(PAGE as usize)?)
}

pub fn map_prot(prot: ProtFlags) -> u64 {
    let mut flags = 0;
    if prot.contains(ProtFlags::PROT_READ) {
        flags |= map_flags::READ;
    }
    if prot.contains(ProtFlags::PROT_WRITE) {
        flags |= map_flags::WRITE | map_flags::READ;
    }
    if prot.contains(ProtFlags::PROT_EXEC) {
        flags |= map_flags::EXECUTE | map_flags::READ;
    }
    flags
}

impl Process {
    /// Makes thread `tid` the current one (`self.t`). False if the process has
    /// no such thread.
    pub fn enter(&mut self, tid: u32) -> bool {
        if self.t.tid == tid {
            return true;
        }
        let Some(mut other) = self.threads.remove(&tid) else { return false };
        core::mem::swap(&mut self.t, &mut other);
        self.threads.insert(other.tid, other);
        true
    }

    /// Thread `tid`'s state, wherever it is kept.
    pub fn thread_mut(&mut self, tid: u32) -> Option<&mut Thread> {
        if self.t.tid == tid {
            Some(&mut self.t)
        } else {
            self.threads.get_mut(&tid)
        }
    }

    /// The signals pending for the current thread: its own and the process's
    /// (sigpending, a signalfd's readiness).
    pub fn pending_mask(&self) -> u64 {
        self.t.pending.pending_mask() | self.shared_pending.pending_mask()
    }

    /// Takes a pending signal of `mask` for the current thread, from its own
    /// queue first, then from the process's (Linux's `dequeue_signal`).
    pub fn dequeue_signal(&mut self, mask: u64) -> Option<crate::signals::SigInfo> {
        self.t.pending.dequeue(mask).or_else(|| self.shared_pending.dequeue(mask))
    }

    /// Every thread, the current one first.
    pub fn all_threads(&self) -> impl Iterator<Item = &Thread> {
        core::iter::once(&self.t).chain(self.threads.values())
    }

    /// The microkernel threads of every thread.
    pub fn kthreads(&self) -> Vec<u64> {
        self.all_threads().map(|t| t.thread).collect()
    }

    /// Installs `frame` at page `va` with `prot` (unmapped in the task for
    /// PROT_NONE; read-only while the frame is shared, for copy-on-write).
    pub fn install(
        &mut self,
        frames: &Frames,
        va: u64,
        frame: u64,
        prot: ProtFlags,
    ) -> Result<(), Errno> {
        self.pages.insert(va, frame);
        let mut flags = map_prot(prot);
        if frames.is_shared(frame) {
            flags &= !map_flags::WRITE;
        }
        if flags == 0 {
            return Ok(());
        }
        mk::map(self.task, &[MapEntry { virt: va, phys_flags: frame | flags }])
            .map_err(|_| Errno::ENOMEM)?;
        Ok(())
    }

    /// Re-applies the VMA protection to the present pages of `start..end`.
    pub fn reprotect(&mut self, frames: &Frames, start: u64, end: u64) {
        let mut batch = Vec::new();
        let mut none = Vec::new();
        for (&va, &frame) in self.pages.range(start..end) {
            let prot = self.vm.find(va).map(|v| v.prot).unwrap_or(ProtFlags::empty());
            let mut flags = map_prot(prot);
            if frames.is_shared(frame) {
                flags &= !map_flags::WRITE;
            }
            if flags == 0 {
                none.push(va);
            } else {
                batch.push(MapEntry { virt: va, phys_flags: frame | flags });
            }
        }
        if !batch.is_empty() {
            let _ = mk::map(self.task, &batch);
        }
        for va in none {
            let _ = mk::unmap(self.task, va, 1);
        }
    }

    /// Frees the pages of `start..end` (after munmap, or when VMAs were replaced).
    pub fn drop_pages(&mut self, frames: &mut Frames, start: u64, end: u64) {
        if !frames.shm.pages.is_empty() {
            // A shared memory object may have lost its last mapping.
            frames.shm.unmapped = true;
        }
        let victims: Vec<u64> = self.pages.range(start..end).map(|(&va, _)| va).collect();
        if victims.is_empty() {
            return;
        }
        // Only the runs of present pages: the kernel walks what it is asked,
        // page by page, and a munmap of 64 TiB with a few pages present must
        // not keep it busy for hours.
        let mut run_start = victims[0];
        let mut run_pages = 0;
        for &va in &victims {
            if va != run_start + run_pages * PAGE {
                let _ = mk::unmap(self.task, run_start, run_pages);
                run_start = va;
                run_pages = 0;
            }
            run_pages += 1;
        }
        let _ = mk::unmap(self.task, run_start, run_pages);
        for va in victims {
            if let Some(frame) = self.pages.remove(&va) {
                frames.free(frame);
            }
        }
    }

    /// The pager: makes the page at `address` present for `access`.
    pub fn fault_in(
        &mut self,
        frames: &mut Frames,
        vfs: &Vfs,
        address: u64,
        access: Access,
    ) -> Result<u64, FaultKind> {
        let frame = self.serve_fault(frames, vfs, address, access)?;
        // A minor fault, as Linux counts it (also one the server takes on
        // the process's behalf, as copy_to_user's do).
        self.activity.minflt += 1;
        self.activity.maxrss_pages = self.activity.maxrss_pages.max(self.pages.len() as u64);
        Ok(frame)
    }

    fn serve_fault(
        &mut self,
        frames: &mut Frames,
        vfs: &Vfs,
        address: u64,
        access: Access,
    ) -> Result<u64, FaultKind> {
        let va = address & !(PAGE - 1);
        if self.vm.fault_check(address, access).is_err() {
            match self.vm.fault_check(address, access) {
                Err(FaultKind::Unmapped) => {
                    self.vm.expand_stack(address, self.rlimits[3].0.min(STACK_LIMIT_MAX))?;
                    self.vm.fault_check(address, access)?;
                }
                Err(kind) => return Err(kind),
                Ok(_) => {}
            }
        }
        if let Some(&frame) = self.pages.get(&va) {
            let prot = self.vm.find(va).map(|v| v.prot).unwrap_or(ProtFlags::empty());
            if access == Access::Write && frames.is_shared(frame) {
                // Copy-on-write: this process gets its own copy.
                let copy = frames.alloc().ok_or(FaultKind::Unmapped)?;
                let bytes = *crate::sys::frame(frame);
                crate::sys::frame(copy).copy_from_slice(&bytes);
                frames.free(frame);
                let _ = self.install(frames, va, copy, prot);
                return Ok(copy);
            }
            // Present and allowed: the mapping was stale (or the last sharer).
            let _ = self.install(frames, va, frame, prot);
            return Ok(frame);
        }
        let vma = self.vm.find(va).ok_or(FaultKind::Unmapped)?.clone();
        if let Some((object, offset)) = crate::shm::page_of(&vma, va) {
            // Shared anonymous memory: the object's page, the same in every
            // process that maps it.
            let frame = frames.shm_page(object, offset).ok_or(FaultKind::Unmapped)?;
            if self.install(frames, va, frame, vma.prot).is_err() {
                frames.free(frame);
                return Err(FaultKind::Unmapped);
            }
            return Ok(frame);
        }
        let cached = if access == Access::Write { None } else { initrd_page(vfs, &vma, va) };
        let frame = if let Some(page) = cached {
            frames.cached_page(page).ok_or(FaultKind::Unmapped)?
        } else {
            let frame = frames.alloc().ok_or(FaultKind::Unmapped)?;
            if let Backing::File { file, offset, .. } = &vma.backing {
                if let Some(data) =
                    vfs.inode(InodeId::from_u64(file.inode)).ok().and_then(|i| i.data())
                {
                    data.read(offset + (va - vma.start), crate::sys::frame(frame));
                }
            }
            frame
        };
        if self.install(frames, va, frame, vma.prot).is_err() {
            frames.free(frame);
            return Err(FaultKind::Unmapped);
        }
        if access != Access::Write {
            self.fault_around(frames, vfs, &vma, va);
        }
        Ok(frame)
    }

    /// Fault-around (as Linux's `fault_around_bytes`, 64 KiB): a read or
    /// execute fault in a file-backed mapping also fills the absent pages of
    /// the aligned 16-page window around it, with one map call.
    fn fault_around(
        &mut self,
        frames: &mut Frames,
        vfs: &Vfs,
        vma: &linux_personality::mm::Vma,
        va: u64,
    ) {
        const WINDOW: u64 = 16 * PAGE;
        let Backing::File { file, offset, .. } = &vma.backing else { return };
        let Some(data) = vfs.inode(InodeId::from_u64(file.inode)).ok().and_then(|i| i.data())
        else {
            return;
        };
        let flags = map_prot(vma.prot);
        if flags == 0 {
            return;
        }
        let start = (va & !(WINDOW - 1)).max(vma.start);
        let end = ((va & !(WINDOW - 1)) + WINDOW).min(vma.end);
        let mut batch = Vec::new();
        let mut page = start;
        while page < end {
            if page != va && !self.pages.contains_key(&page) {
                let frame = match initrd_page(vfs, vma, page) {
                    Some(bytes) => frames.cached_page(bytes),
                    None => frames.alloc().inspect(|&frame| {
                        data.read(offset + (page - vma.start), crate::sys::frame(frame));
                    }),
                };
                let Some(frame) = frame else { break };
                self.pages.insert(page, frame);
                // A page-cache frame is shared: read-only until a write copies it.
                let flags = if frames.is_shared(frame) { flags & !map_flags::WRITE } else { flags };
                batch.push(MapEntry { virt: page, phys_flags: frame | flags });
            }
            page += PAGE;
        }
        if !batch.is_empty() && mk::map(self.task, &batch).is_err() {
            // Leave them unmapped: a later fault maps each one.
        }
    }

    /// The frame behind user page `va` for a server access, faulting it in.
    fn frame_for(
        &mut self,
        frames: &mut Frames,
        vfs: &Vfs,
        va: u64,
        write: bool,
    ) -> Result<u64, Errno> {
        let access = if write { Access::Write } else { Access::Read };
        if let Some(&frame) = self.pages.get(&va) {
            let vma = self.vm.find(va).ok_or(Errno::EFAULT)?;
            if !vma.allows(access) {
                return Err(Errno::EFAULT);
            }
            if !(write && frames.is_shared(frame)) {
                return Ok(frame);
            }
        }
        self.fault_in(frames, vfs, va, access).map_err(|_| Errno::EFAULT)
    }

    pub fn read_bytes(
        &mut self,
        frames: &mut Frames,
        vfs: &Vfs,
        address: u64,
        len: usize,
    ) -> Result<Vec<u8>, Errno> {
        let end = address.checked_add(len as u64).ok_or(Errno::EFAULT)?;
        if end > linux_personality::layout::USER_END {
            return Err(Errno::EFAULT);
        }
        let mut out = Vec::with_capacity(len);
        let mut at = address;
        while at < end {
            let va = at & !(PAGE - 1);
            let frame = self.frame_for(frames, vfs, va, false)?;
            let offset = (at - va) as usize;
            let n = ((PAGE - (at - va)) as usize).min((end - at) as usize);
            out.extend_from_slice(&crate::sys::frame(frame)[offset..offset + n]);
            at += n as u64;
        }
        Ok(out)
    }

    pub fn write_bytes(
        &mut self,
        frames: &mut Frames,
        vfs: &Vfs,
        address: u64,
        bytes: &[u8],
    ) -> Result<(), Errno> {
        let end = address.checked_add(bytes.len() as u64).ok_or(Errno::EFAULT)?;
        if end > linux_personality::layout::USER_END {
            return Err(Errno::EFAULT);
        }
        let mut at = address;
        let mut done = 0;
        while at < end {
            let va = at & !(PAGE - 1);
            let frame = self.frame_for(frames, vfs, va, true)?;
            let offset = (at - va) as usize;
            let n = ((PAGE - (at - va)) as usize).min((end - at) as usize);
            crate::sys::frame(frame)[offset..offset + n].copy_from_slice(&bytes[done..done + n]);
            at += n as u64;
            done += n;
        }
        Ok(())
    }

    /// Reads a NUL-terminated string of at most `max` bytes (ENAMETOOLONG past it).
    pub fn read_cstr(
        &mut self,
        frames: &mut Frames,
        vfs: &Vfs,
        address: u64,
        max: usize,
    ) -> Result<Vec<u8>, Errno> {
        let mut out = Vec::new();
        let mut at = address;
        loop {
            if at >= linux_personality::layout::USER_END {
                return Err(Errno::EFAULT);
            }
            let va = at & !(PAGE - 1);
            let frame = self.frame_for(frames, vfs, va, false)?;
            let page = crate::sys::frame(frame);
            for &b in &page[(at - va) as usize..] {
                if b == 0 {
                    return Ok(out);
                }
                out.push(b);
                if out.len() >= max {
                    return Err(Errno::ENAMETOOLONG);
                }
            }
            at = va + PAGE;
        }
    }

    /// A `struct timespec` as nanoseconds (EINVAL if negative or tv_nsec is
    /// out of range, EFAULT if unreadable).
    pub fn read_timespec(
        &mut self,
        frames: &mut Frames,
        vfs: &Vfs,
        address: u64,
    ) -> Result<u64, Errno> {
        let b = self.read_bytes(frames, vfs, address, 16)?;
        let seconds = i64::from_le_bytes(b[0..8].try_into().unwrap());
        let nanoseconds = i64::from_le_bytes(b[8..16].try_into().unwrap());
        if seconds < 0 || !(0..1_000_000_000).contains(&nanoseconds) {
            return Err(Errno::EINVAL);
        }
        Ok((seconds as u64).saturating_mul(1_000_000_000).saturating_add(nanoseconds as u64))
    }

    pub fn read_u64(&mut self, frames: &mut Frames, vfs: &Vfs, address: u64) -> Result<u64, Errno> {
        let b = self.read_bytes(frames, vfs, address, 8)?;
        Ok(u64::from_le_bytes(b.try_into().unwrap()))
    }

    /// RLIMIT_NOFILE's soft limit: descriptors are below it.
    pub fn nofile(&self) -> u64 {
        self.rlimits[crate::syscalls::RLIMIT_NOFILE].0.min(NOFILE_MAX)
    }

    /// The description behind descriptor `fd` (EBADF).
    pub fn file(&self, fd: i32) -> Result<FileRef, Errno> {
        self.fds.get(fd).cloned()
    }

    /// Installs `file` at the lowest free descriptor (EMFILE).
    pub fn install_fd(
        &mut self,
        file: crate::files::OpenFile,
        cloexec: bool,
    ) -> Result<i32, Errno> {
        let limit = self.nofile();
        self.fds.install(alloc::rc::Rc::new(core::cell::RefCell::new(file)), cloexec, limit)
    }

    /// Frees every page and destroys the task.
    pub fn destroy(&mut self, frames: &mut Frames) {
        let _ = mk::task_destroy(self.task);
        for (_, frame) in core::mem::take(&mut self.pages) {
            frames.free(frame);
        }
        if !frames.shm.pages.is_empty() {
            frames.shm.unmapped = true;
        }
        self.fds = FdTable::new();
        self.mapped.clear();
    }
}
