//! Starting a program: ELF load plan (`linux_personality::exec`), a new task
//! with one foreign-ABI thread, segments copied into granted frames, the stack
//! image built as Linux builds it. See execve(2).

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use linux_personality::exec::{Credentials, LoadPlan, StackBuilder};
use linux_personality::mm::{AddressSpaceMap, Backing, Vma};
use microkernel_user::abi::{thread_flags, MapEntry};
use microkernel_user::{self as mk, Start};
use syscall_translation::flags::mmap::ProtFlags;

use crate::files::{Kind, OpenFile, Stream};
use crate::process::{map_prot, FdEntry, Process, PAGE};
use crate::Server;

const STACK_TOP_BASE: u64 = 0x7ffd_0000_0000;
const STACK_INITIAL: u64 = 128 * 1024;
const MMAP_BASE: u64 = 0x7f00_0000_0000;
const PIE_BASE: u64 = 0x5555_5555_4000;

fn console(stream: Stream, flags: u32) -> FdEntry {
    FdEntry {
        file: Rc::new(RefCell::new(OpenFile::new(Kind::Console(stream), flags))),
        cloexec: false,
    }
}

/// Creates process `pid` running `path` and starts it.
#[allow(clippy::too_many_arguments)]
pub fn spawn(
    server: &mut Server,
    pid: u32,
    ppid: u32,
    path: &[u8],
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
    cwd: &str,
) -> Result<(), String> {
    let sys = &mut server.sys;
    let resolved = sys.vfs.resolve(cwd, path, true).map_err(|e| alloc::format!("{}", e))?;
    let node = sys.vfs.get(&resolved).ok_or("vanished")?;
    if node.mode & crate::vfs::S_IFMT != crate::vfs::S_IFREG {
        return Err(String::from("Permission denied (not a regular file)"));
    }
    let image = node.data;
    let random_base = PIE_BASE + (sys.random() % 0x1000) * PAGE;
    let plan = LoadPlan::from_elf(image, random_base)
        .map_err(|e| alloc::format!("cannot execute: {e} (ENOEXEC)"))?;

    let task = mk::task_create(0).map_err(|e| alloc::format!("task_create: {e:?}"))?;
    let thread = mk::thread_create(task, 0).map_err(|e| alloc::format!("thread_create: {e:?}"))?;
    let mmap_base = MMAP_BASE + (sys.random() % 0x10000) * PAGE;
    let mut process = Process {
        pid,
        ppid,
        task,
        thread,
        vm: AddressSpaceMap::new(mmap_base),
        pages: Default::default(),
        fds: Vec::new(),
        cwd: String::from(cwd),
        exe: resolved.clone(),
        umask: 0o022,
        sigactions: [[0; 4]; 65],
        sigmask: 0,
        pending: 0,
        deliver: Vec::new(),
        altstack: [0, 2, 0],
        clear_child_tid: 0,
        robust_list: 0,
        fs_base: 0,
    };
    process.fds.push(Some(console(Stream::Stdin, 2)));
    process.fds.push(Some(console(Stream::Stdout, 2)));
    process.fds.push(Some(console(Stream::Stderr, 2)));

    // Segments: copied now, mapped with their protection.
    for segment in &plan.segments {
        process.vm.insert(Vma::anonymous(segment.start, segment.end, segment.prot));
        let mut batch = Vec::new();
        let mut va = segment.start;
        while va < segment.end {
            let frame = sys.frames.alloc().ok_or("out of memory")?;
            let offset_in_segment = va - segment.start;
            if offset_in_segment < segment.file_len {
                let from = (segment.file_offset + offset_in_segment) as usize;
                let n = (segment.file_len - offset_in_segment).min(PAGE) as usize;
                let bytes = image.get(from..from + n).ok_or("segment outside the file")?;
                crate::sys::frame(frame)[..n].copy_from_slice(bytes);
            }
            process.pages.insert(va, frame);
            let flags = map_prot(segment.prot);
            if flags != 0 {
                batch.push(MapEntry { virt: va, phys_flags: frame | flags });
            }
            va += PAGE;
        }
        mk::map(task, &batch).map_err(|(_, e)| alloc::format!("map: {e:?}"))?;
    }
    process.vm.set_brk_start(plan.brk);

    // The stack.
    let stack_top = STACK_TOP_BASE + (sys.random() % 0x4000) * PAGE;
    let mut random = [0u8; 16];
    random[..8].copy_from_slice(&sys.random().to_le_bytes());
    random[8..].copy_from_slice(&sys.random().to_le_bytes());
    let argv_refs: Vec<&[u8]> = argv.iter().map(|a| a.as_slice()).collect();
    let envp_refs: Vec<&[u8]> = envp.iter().map(|e| e.as_slice()).collect();
    let hwcap = core::arch::x86_64::__cpuid(1).edx as u64;
    let stack = StackBuilder::new(stack_top, path, &argv_refs, &envp_refs)
        .random_bytes(random)
        .credentials(Credentials::default())
        .hwcap(hwcap, 0)
        .build(&plan)
        .map_err(|e| alloc::format!("cannot build the stack: {e:?}"))?;
    let mut stack_vma = Vma::anonymous(
        stack_top - STACK_INITIAL,
        stack_top,
        ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
    );
    stack_vma.grows_down = true;
    stack_vma.name = Some(alloc::sync::Arc::from("[stack]"));
    if plan.executable_stack {
        stack_vma.prot |= ProtFlags::PROT_EXEC;
    }
    debug_assert!(matches!(stack_vma.backing, Backing::Anonymous));
    process.vm.insert(stack_vma);
    process
        .write_bytes(&mut sys.frames, &sys.vfs, stack.rsp, &stack.bytes)
        .map_err(|e| alloc::format!("cannot write the stack: {e}"))?;

    mk::thread_start(
        thread,
        Start {
            flags: thread_flags::FOREIGN_ABI,
            handler: mk::whoami().0,
            rip: plan.entry,
            rsp: stack.rsp,
            priority: 50,
            argument: 0,
        },
    )
    .map_err(|e| alloc::format!("thread_start: {e:?}"))?;
    server.by_thread.insert(thread, pid);
    server.procs.insert(pid, process);
    Ok(())
}
