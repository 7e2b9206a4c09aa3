//! Starting a program: ELF load plan (`linux_personality::exec`), a new task
//! with one foreign-ABI thread, segments copied into granted frames, the stack
//! image built as Linux builds it; `#!` scripts with one optional argument.
//! Used for the first process and by execve(2).

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use linux_personality::exec::{Credentials, LoadPlan, StackBuilder};
use linux_personality::mm::{AddressSpaceMap, Backing, FileId, Sharing, Vma};
use microkernel_user::abi::{thread_flags, MapEntry};
use microkernel_user::{self as mk, Start};
use syscall_translation::flags::mmap::ProtFlags;
use syscall_translation::Errno;

use linux_personality::vfs::{
    permission, At, Cred, Ctx, FdTable, FsContext, InodeHandle, MAY_EXEC,
};

use crate::files::{Kind, OpenFile, Stream};
use crate::process::{map_prot, Process, PAGE};
use crate::{Server, Sys};

const STACK_TOP_BASE: u64 = 0x7ffd_0000_0000;
const STACK_INITIAL: u64 = 128 * 1024;
const MMAP_BASE: u64 = 0x7f00_0000_0000;
const PIE_BASE: u64 = 0x5555_5555_4000;
const MAX_INTERPRETER_DEPTH: usize = 4;

fn console(stream: Stream) -> OpenFile {
    OpenFile::new(Kind::Console(stream, None), 2)
}

/// A loaded program image, ready to run in its task.
pub struct Image {
    pub task: u64,
    pub thread: u64,
    pub vm: AddressSpaceMap,
    pub pages: alloc::collections::BTreeMap<u64, u64>,
    pub exe: String,
    /// The program file, pinned while mapped, by the key its VMAs name it by.
    pub file: (u64, InodeHandle),
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

/// Resolves `path` (for the caller's `fs` and `cred`), follows `#!` lines,
/// and loads the ELF into a new task.
pub fn load(
    sys: &mut Sys,
    fs: &FsContext,
    cred: &Cred,
    path: &[u8],
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
) -> Result<Image, ExecFailure> {
    let cx = Ctx::new(fs, cred);
    let mut path = path.to_vec();
    let mut argv = argv.to_vec();
    for _ in 0..MAX_INTERPRETER_DEPTH {
        let id = sys
            .vfs
            .walk(&cx, At::Cwd, &path, true)
            .and_then(|r| r.existing())
            .map_err(|e| fail(e, alloc::format!("{e}")))?;
        let inode = sys.vfs.inode(id).map_err(|e| fail(e, "vanished"))?;
        if !inode.is_regular() {
            return Err(fail(Errno::EACCES, "Permission denied (not a regular file)"));
        }
        permission(cred, inode, MAY_EXEC).map_err(|e| fail(e, "Permission denied"))?;
        let data = inode.data().ok_or_else(|| fail(Errno::EACCES, "not a regular file"))?;
        // An unmodified initrd file is read in place; anything else is copied.
        let image: Cow<'static, [u8]> = match data.as_static() {
            Some(bytes) => Cow::Borrowed(bytes),
            None => {
                let mut bytes = alloc::vec![0; data.size() as usize];
                data.read(0, &mut bytes);
                Cow::Owned(bytes)
            }
        };
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
        let handle = sys.vfs.handle(id).map_err(|e| fail(e, "vanished"))?;
        let resolved = sys.vfs.name_of(fs.root(), id).unwrap_or_else(|_| path.clone());
        let resolved = String::from_utf8_lossy(&resolved).into_owned();
        return load_elf(sys, &resolved, handle, &image, &path, &argv, envp);
    }
    Err(fail(Errno::ELOOP, "too many levels of #! interpreters"))
}

fn load_elf(
    sys: &mut Sys,
    resolved: &str,
    file: InodeHandle,
    image: &[u8],
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
        file: (file.id().to_u64(), file),
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
    image: &[u8],
    execfn: &[u8],
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
) -> Result<(), ExecFailure> {
    let task = image_out.task;
    // Segments are demand-paged: whole pages of file bytes become a private
    // file-backed VMA the pager fills on first touch (so an exec copies only
    // what the program uses); the page where the file bytes end is filled now
    // (its tail must read as zeros), the .bss after it is demand-zero.
    let (ino, path) = (image_out.file.0, alloc::sync::Arc::<str>::from(image_out.exe.as_str()));
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
    let vdso = map_vdso(sys, image_out, stack_top + PAGE)?;
    let argv_refs: Vec<&[u8]> = argv.iter().map(|a| a.as_slice()).collect();
    let envp_refs: Vec<&[u8]> = envp.iter().map(|e| e.as_slice()).collect();
    let hwcap = core::arch::x86_64::__cpuid(1).edx as u64;
    let stack = StackBuilder::new(stack_top, execfn, &argv_refs, &envp_refs)
        .random_bytes(random)
        .credentials(Credentials::default())
        .hwcap(hwcap, 0)
        .vdso(vdso)
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

/// The vDSO (see `vdso/vdso.S`): a one-page shared object whose functions
/// make the real system calls. dietlibc calls `__vdso_gettimeofday` through
/// it with no fallback; glibc and musl use it for the clocks.
static VDSO: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/vdso.so"));

/// Maps a private copy of the vDSO, read and execute, at `address` (a page
/// above the stack, as Linux places it); returns its address for
/// AT_SYSINFO_EHDR.
fn map_vdso(sys: &mut Sys, image_out: &mut Image, address: u64) -> Result<u64, ExecFailure> {
    const { assert!(VDSO.len() as u64 <= PAGE) };
    let prot = ProtFlags::PROT_READ | ProtFlags::PROT_EXEC;
    let mut vma = Vma::anonymous(address, address + PAGE, prot);
    vma.name = Some(alloc::sync::Arc::from("[vdso]"));
    image_out.vm.insert(vma);
    let frame = sys.frames.alloc().ok_or_else(|| fail(Errno::ENOMEM, "out of memory"))?;
    image_out.pages.insert(address, frame);
    let page = crate::sys::frame(frame);
    page.fill(0);
    page[..VDSO.len()].copy_from_slice(VDSO);
    mk::map(image_out.task, &[MapEntry { virt: address, phys_flags: frame | map_prot(prot) }])
        .map_err(|_| fail(Errno::ENOMEM, "map failed"))?;
    Ok(address)
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

/// Strings as /proc/PID/cmdline shows them: each followed by a NUL.
pub fn nul_joined(strings: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for s in strings {
        out.extend_from_slice(s);
        out.push(0);
    }
    out
}

/// The task name exec gives: the file name's first 15 bytes (TASK_COMM_LEN).
pub fn comm_of(path: &[u8]) -> [u8; 16] {
    let name = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
    let mut comm = [0; 16];
    let n = name.len().min(15);
    comm[..n].copy_from_slice(&name[..n]);
    comm
}

/// Creates the first process (pid 1) running `path`.
pub fn spawn_init(
    server: &mut Server,
    path: &[u8],
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
    cwd: &str,
) -> Result<(), String> {
    let mut fs = server.sys.vfs.new_fs_context();
    let cred = Cred::root();
    // The working directory the host asked for, if it exists here.
    let _ = server.sys.vfs.chdir(&mut fs, &cred, cwd.as_bytes());
    let image = load(&mut server.sys, &fs, &cred, path, argv, envp).map_err(|e| e.message)?;
    let mut process = Process {
        pid: 1,
        ppid: 0,
        task: image.task,
        t: crate::process::Thread::new(1, image.thread, 0),
        threads: BTreeMap::new(),
        vm: image.vm.clone(),
        pages: image.pages.clone(),
        fds: FdTable::new(),
        fs,
        cred,
        mapped: [(image.file.0, image.file.1.clone())].into_iter().collect(),
        exe: image.exe.clone(),
        cmdline: nul_joined(argv),
        environ: nul_joined(envp),
        sigactions: [[0; 4]; 65],
        shared_pending: Default::default(),
        membarrier: 0,
        cpu_before_exec: [0; 2],
        children: Default::default(),
        activity: Default::default(),
        pgid: 1,
        sid: 1,
        vfork_parent: None,
        vfork_child: None,
        comm: comm_of(path),
        itimer: None,
        rlimits: crate::syscalls::default_limits(),
        nice: 0,
        job: Default::default(),
    };
    for stream in [Stream::Stdin, Stream::Stdout, Stream::Stderr] {
        process.install_fd(console(stream), false).map_err(|e| alloc::format!("{e}"))?;
    }
    start(&image).map_err(|e| alloc::format!("{e}"))?;
    server.by_thread.insert(image.thread, (1, 1));
    server.procs.insert(1, process);
    Ok(())
}
