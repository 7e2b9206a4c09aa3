//! Starting a program: ELF load plan (`linux_personality::exec`), a new task
//! with one foreign-ABI thread, segments copied into granted frames, the stack
//! image built as Linux builds it; `#!` scripts with one optional argument.
//! Used for the first process and by execve(2).

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use linux_personality::exec::{Credentials, LoadPlan, StackBuilder};
use linux_personality::mm::{AddressSpaceMap, Backing, FileId, Sharing, Vma};
use microkernel_user::abi::{thread_flags, MapEntry};
use microkernel_user::{self as mk, Start};
use syscall_translation::flags::mmap::ProtFlags;
use syscall_translation::Errno;

use crate::files::{Kind, OpenFile, Stream};
use crate::process::{map_prot, FdEntry, Process, PAGE};
use crate::{Server, Sys};

const STACK_TOP_BASE: u64 = 0x7ffd_0000_0000;
const STACK_INITIAL: u64 = 128 * 1024;
const MMAP_BASE: u64 = 0x7f00_0000_0000;
const PIE_BASE: u64 = 0x5555_5555_4000;
const MAX_INTERPRETER_DEPTH: usize = 4;

fn console(stream: Stream, flags: u32) -> FdEntry {
    FdEntry {
        file: Rc::new(RefCell::new(OpenFile::new(Kind::Console(stream), flags))),
        cloexec: false,
    }
}

/// A loaded program image, ready to run in its task.
pub struct Image {
    pub task: u64,
    pub thread: u64,
    pub vm: AddressSpaceMap,
    pub pages: alloc::collections::BTreeMap<u64, u64>,
    pub exe: String,
    pub entry: u64,
    pub rsp: u64,
}

/// Why an exec failed: the errno, and a message for the first program.
pub struct ExecFailure {
    pub errno: Errno,
    pub message: String,
}

fn fail(errno: Errno, message: impl Into<String>) -> ExecFailure {
    ExecFailure { errno, message: message.into() }
}

/// Resolves `path`, follows `#!` lines, and loads the ELF into a new task.
pub fn load(
    sys: &mut Sys,
    cwd: &str,
    path: &[u8],
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
) -> Result<Image, ExecFailure> {
    let mut path = path.to_vec();
    let mut argv = argv.to_vec();
    for _ in 0..MAX_INTERPRETER_DEPTH {
        let resolved =
            sys.vfs.resolve(cwd, &path, true).map_err(|e| fail(e, alloc::format!("{e}")))?;
        let node = sys.vfs.get(&resolved).ok_or_else(|| fail(Errno::ENOENT, "vanished"))?;
        if node.mode & crate::vfs::S_IFMT != crate::vfs::S_IFREG {
            return Err(fail(Errno::EACCES, "Permission denied (not a regular file)"));
        }
        if node.mode & 0o111 == 0 {
            return Err(fail(Errno::EACCES, "Permission denied"));
        }
        let image = node.data;
        if image.starts_with(b"#!") {
            let line_end = image.iter().position(|&b| b == b'\n').unwrap_or(image.len()).min(256);
            let line = core::str::from_utf8(&image[2..line_end])
                .map_err(|_| fail(Errno::ENOEXEC, "bad #! line"))?;
            let line = line.trim();
            let (interpreter, argument) = match line.split_once([' ', '\t']) {
                Some((i, a)) => (i, Some(a.trim())),
                None => (line, None),
            };
            if interpreter.is_empty() {
                return Err(fail(Errno::ENOEXEC, "empty #! line"));
            }
            let mut new_argv = alloc::vec![interpreter.as_bytes().to_vec()];
            if let Some(a) = argument.filter(|a| !a.is_empty()) {
                new_argv.push(a.as_bytes().to_vec());
            }
            new_argv.push(path.clone());
            new_argv.extend(argv.iter().skip(1).cloned());
            argv = new_argv;
            path = interpreter.as_bytes().to_vec();
            continue;
        }
        return load_elf(sys, &resolved, image, &path, &argv, envp);
    }
    Err(fail(Errno::ELOOP, "too many levels of #! interpreters"))
}

fn load_elf(
    sys: &mut Sys,
    resolved: &str,
    image: &'static [u8],
    execfn: &[u8],
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
) -> Result<Image, ExecFailure> {
    let random_base = PIE_BASE + (sys.random() % 0x1000) * PAGE;
    let plan = LoadPlan::from_elf(image, random_base)
        .map_err(|e| fail(Errno::ENOEXEC, alloc::format!("cannot execute: {e} (ENOEXEC)")))?;
    let task = mk::task_create(0).map_err(|_| fail(Errno::ENOMEM, "no task"))?;
    let mut done = Image {
        task,
        thread: 0,
        vm: AddressSpaceMap::new(MMAP_BASE + (sys.random() % 0x10000) * PAGE),
        pages: Default::default(),
        exe: String::from(resolved),
        entry: plan.entry,
        rsp: 0,
    };
    match fill(sys, &mut done, &plan, image, execfn, argv, envp) {
        Ok(()) => Ok(done),
        Err(e) => {
            let _ = mk::task_destroy(task);
            for (_, frame) in core::mem::take(&mut done.pages) {
                sys.frames.free(frame);
            }
            Err(e)
        }
    }
}

fn fill(
    sys: &mut Sys,
    image_out: &mut Image,
    plan: &LoadPlan,
    image: &'static [u8],
    execfn: &[u8],
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
) -> Result<(), ExecFailure> {
    let task = image_out.task;
    // Segments are demand-paged: whole pages of file bytes become a private
    // file-backed VMA the pager fills on first touch (so an exec copies only
    // what the program uses); the page where the file bytes end is filled now
    // (its tail must read as zeros), the .bss after it is demand-zero.
    let (ino, path) = {
        let node = sys.vfs.get(&image_out.exe).ok_or_else(|| fail(Errno::ENOENT, "vanished"))?;
        (node.ino, alloc::sync::Arc::<str>::from(image_out.exe.as_str()))
    };
    for segment in &plan.segments {
        let file_end = segment.start + segment.file_len;
        let whole_pages_end = file_end & !(PAGE - 1);
        if whole_pages_end > segment.start {
            if image.len() < (segment.file_offset + (whole_pages_end - segment.start)) as usize {
                return Err(fail(Errno::ENOEXEC, "segment outside the file"));
            }
            image_out.vm.insert(Vma {
                start: segment.start,
                end: whole_pages_end,
                prot: segment.prot,
                sharing: Sharing::Private,
                backing: Backing::File {
                    file: FileId { dev_major: 0, dev_minor: 1, inode: ino },
                    offset: segment.file_offset,
                    path: path.clone(),
                },
                grows_down: false,
                name: None,
            });
        }
        if whole_pages_end < segment.end {
            image_out.vm.insert(Vma::anonymous(whole_pages_end, segment.end, segment.prot));
        }
        if file_end > whole_pages_end {
            // The page holding the last file bytes.
            let frame = sys.frames.alloc().ok_or_else(|| fail(Errno::ENOMEM, "out of memory"))?;
            image_out.pages.insert(whole_pages_end, frame);
            let from = (segment.file_offset + (whole_pages_end - segment.start)) as usize;
            let n = (file_end - whole_pages_end) as usize;
            let bytes = image
                .get(from..from + n)
                .ok_or_else(|| fail(Errno::ENOEXEC, "segment outside the file"))?;
            crate::sys::frame(frame)[..n].copy_from_slice(bytes);
            let flags = map_prot(segment.prot);
            if flags != 0 {
                mk::map(task, &[MapEntry { virt: whole_pages_end, phys_flags: frame | flags }])
                    .map_err(|_| fail(Errno::ENOMEM, "map failed"))?;
            }
        }
    }
    image_out.vm.set_brk_start(plan.brk);

    let stack_top = STACK_TOP_BASE + (sys.random() % 0x4000) * PAGE;
    let mut random = [0u8; 16];
    random[..8].copy_from_slice(&sys.random().to_le_bytes());
    random[8..].copy_from_slice(&sys.random().to_le_bytes());
    let argv_refs: Vec<&[u8]> = argv.iter().map(|a| a.as_slice()).collect();
    let envp_refs: Vec<&[u8]> = envp.iter().map(|e| e.as_slice()).collect();
    let hwcap = core::arch::x86_64::__cpuid(1).edx as u64;
    let stack = StackBuilder::new(stack_top, execfn, &argv_refs, &envp_refs)
        .random_bytes(random)
        .credentials(Credentials::default())
        .hwcap(hwcap, 0)
        .build(plan)
        .map_err(|e| fail(Errno::E2BIG, alloc::format!("cannot build the stack: {e:?}")))?;
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
    image_out.vm.insert(stack_vma);
    // Write the stack through a temporary process view of the image.
    let mut bytes_left = &stack.bytes[..];
    let mut at = stack.rsp;
    while !bytes_left.is_empty() {
        let va = at & !(PAGE - 1);
        let frame = match image_out.pages.get(&va) {
            Some(&f) => f,
            None => {
                let f = sys.frames.alloc().ok_or_else(|| fail(Errno::ENOMEM, "out of memory"))?;
                image_out.pages.insert(va, f);
                mk::map(
                    task,
                    &[MapEntry {
                        virt: va,
                        phys_flags: f | map_prot(ProtFlags::PROT_READ | ProtFlags::PROT_WRITE),
                    }],
                )
                .map_err(|_| fail(Errno::ENOMEM, "map failed"))?;
                f
            }
        };
        let offset = (at - va) as usize;
        let n = (PAGE as usize - offset).min(bytes_left.len());
        crate::sys::frame(frame)[offset..offset + n].copy_from_slice(&bytes_left[..n]);
        bytes_left = &bytes_left[n..];
        at += n as u64;
    }
    image_out.rsp = stack.rsp;
    image_out.thread = mk::thread_create(task, 0).map_err(|_| fail(Errno::ENOMEM, "no thread"))?;
    Ok(())
}

/// Starts the thread of a loaded image.
pub fn start(image: &Image) -> Result<(), Errno> {
    mk::thread_start(
        image.thread,
        Start {
            flags: thread_flags::FOREIGN_ABI,
            handler: mk::whoami().0,
            rip: image.entry,
            rsp: image.rsp,
            priority: 50,
            argument: 0,
        },
    )
    .map_err(|_| Errno::ENOMEM)
}

/// Creates the first process (pid 1) running `path`.
pub fn spawn_init(
    server: &mut Server,
    path: &[u8],
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
    cwd: &str,
) -> Result<(), String> {
    let image = load(&mut server.sys, cwd, path, argv, envp).map_err(|e| e.message)?;
    let mut process = Process {
        pid: 1,
        ppid: 0,
        task: image.task,
        thread: image.thread,
        vm: image.vm.clone(),
        pages: image.pages.clone(),
        fds: Vec::new(),
        cwd: String::from(cwd),
        exe: image.exe.clone(),
        umask: 0o022,
        sigactions: [[0; 4]; 65],
        sigmask: 0,
        pending: 0,
        deliver: Vec::new(),
        altstack: [0, 2, 0],
        clear_child_tid: 0,
        robust_list: 0,
        fs_base: 0,
        pgid: 1,
        sid: 1,
        vfork_parent: None,
        vfork_child: None,
        deliver_or_die: None,
        saved_mask: None,
        comm: [0; 16],
        itimer: None,
        job: Default::default(),
    };
    process.fds.push(Some(console(Stream::Stdin, 2)));
    process.fds.push(Some(console(Stream::Stdout, 2)));
    process.fds.push(Some(console(Stream::Stderr, 2)));
    start(&image).map_err(|e| alloc::format!("{e}"))?;
    server.by_thread.insert(image.thread, 1);
    server.procs.insert(1, process);
    Ok(())
}
