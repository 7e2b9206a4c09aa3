//! The tests. Each returns `Err(reason)` on failure; the first failure ends the run.

use core::sync::atomic::{AtomicU64, Ordering};
use microkernel_user::abi::{
    exception, exregs_flags, map_flags, task_flags, thread_flags, Error, MapEntry, Tag,
    TIMEOUT_NEVER,
};
use microkernel_user::{self as mk, println, Message, Start, Utcb};

use crate::{alloc_frame, alloc_stack, blobs, next_utcb, window, Root};

type Result = core::result::Result<(), &'static str>;
type TestFn = fn(&Root, &mut Utcb) -> Result;

macro_rules! check {
    ($cond:expr, $why:expr) => {
        if !$cond {
            println!("check failed: {} ({}:{})", stringify!($cond), file!(), line!());
            return Err($why);
        }
    };
}

const PRIORITY: u8 = 100;

pub fn run(root: &Root) -> ! {
    // SAFETY: the kernel mapped our first thread's UTCB there.
    let mut utcb = unsafe { Utcb::new(root.info.utcb) };
    let tests: &[(&str, TestFn)] = &[
        ("whoami_and_clock", whoami_and_clock),
        ("ipc_same_space_round_trip", ipc_same_space),
        ("ipc_cross_space_round_trip", ipc_cross_space),
        ("kernel_memory_returns_after_task_destroy", kernel_memory_returns),
        ("ipc_timeouts", ipc_timeouts),
        ("ipc_deferred_reply", deferred_reply),
        ("map_and_unmap_between_tasks", map_unmap),
        ("protection_fault_becomes_exception_ipc", protection_fault),
        ("foreign_syscall_and_faults_reach_handler", foreign_syscall),
        ("foreign_thread_cannot_use_privileges", foreign_forbidden),
        ("foreign_fpu_state_via_exregs", foreign_fpu),
        ("preemption_of_spinning_thread", preemption),
        ("timer_interrupt_as_ipc", timer_irq),
        ("kernel_rejects_bad_arguments", bad_arguments),
    ];
    let mut passed = 0;
    for (name, test) in tests {
        println!("test user::{name} ...");
        match test(root, &mut utcb) {
            Ok(()) => {
                println!("test user::{name} ... ok");
                passed += 1;
            }
            Err(why) => {
                println!("test user::{name} ... FAILED: {why}");
                println!("user tests: {passed} passed, 1 failed");
                mk::qemu_exit(microkernel_user::abi::exit::TEST_FAILED);
            }
        }
    }
    println!("user tests: {passed} passed, 0 failed");
    mk::qemu_exit(microkernel_user::abi::exit::TESTS_PASSED)
}

/// Starts a native thread of the root task (or of a task sharing its slots).
fn spawn(task: u64, utcb: u64, entry: extern "C" fn(u64) -> !, argument: u64, handler: u64) -> u64 {
    let thread = mk::thread_create(task, utcb).expect("thread_create");
    let stack = alloc_stack(4);
    mk::thread_start(
        thread,
        Start {
            flags: 0,
            handler,
            rip: entry as *const () as u64,
            rsp: stack - 8,
            priority: PRIORITY,
            argument,
        },
    )
    .expect("thread_start");
    thread
}

fn whoami_and_clock(root: &Root, utcb: &mut Utcb) -> Result {
    let (thread, task) = mk::whoami();
    check!(thread == root.info.thread && task == root.info.task, "whoami");
    check!(utcb.own_id() == thread, "UTCB own id");
    let t0 = mk::clock_ns();
    let t1 = mk::clock_ns();
    check!(t1 >= t0 && t0 > 0, "clock not monotonic");
    check!(mk::boot_time() > 1_600_000_000, "RTC boot time implausible");
    Ok(())
}

/// Echo server: replies label+1 and the words reversed; label 0x52454144 ("READ")
/// replies with the u64 at address words[0].
extern "C" fn echo_server(_: u64) -> ! {
    let mut reply_to = 0;
    let mut tag = Tag(0);
    let mut words = [0; 6];
    loop {
        let m = mk::reply_wait(reply_to, tag, words, TIMEOUT_NEVER).expect("echo receive");
        reply_to = m.sender;
        tag = Tag::new(m.tag.label() + 1, 0);
        words = m.words;
        words.reverse();
    }
}

fn echo_check(server: u64) -> Result {
    for i in 0..10u64 {
        let m = mk::ipc_call(server, Tag::new(7 + i, 0), [1, 2, 3, 4, 5, i], TIMEOUT_NEVER)
            .map_err(|_| "call failed")?;
        check!(m.sender == server, "reply from the wrong thread");
        check!(m.tag.label() == 8 + i, "wrong reply label");
        check!(m.words == [i, 5, 4, 3, 2, 1], "wrong reply words");
    }
    Ok(())
}

fn ipc_same_space(root: &Root, utcb: &mut Utcb) -> Result {
    let server = spawn(root.info.task, next_utcb(), echo_server, 0, 0);
    let before = utcb.counters(0).map_err(|_| "counters")?;
    echo_check(server)?;
    let after = utcb.counters(0).map_err(|_| "counters")?;
    check!(after.cr3_writes == before.cr3_writes, "a switch within one task wrote CR3");
    println!(
        "  fast {} slow {}",
        after.ipc_fast - before.ipc_fast,
        after.ipc_slow - before.ipc_slow
    );
    check!(after.ipc_fast >= before.ipc_fast + 18, "round trips did not take the fast path");
    mk::thread_kill(server).map_err(|_| "kill")?;
    Ok(())
}

fn ipc_cross_space(_root: &Root, utcb: &mut Utcb) -> Result {
    let task = mk::task_create(task_flags::SHARE_ROOT_SLOTS).map_err(|_| "task_create")?;
    let server = spawn(task, 0x1000_0000, echo_server, 0, 0);
    let before = utcb.counters(0).map_err(|_| "counters")?;
    echo_check(server)?;
    let after = utcb.counters(0).map_err(|_| "counters")?;
    check!(
        after.cr3_writes >= before.cr3_writes + 20,
        "cross-space round trips did not switch CR3"
    );
    check!(after.cr3_writes <= before.cr3_writes + 22, "more than two CR3 writes per round trip");
    mk::task_destroy(task).map_err(|_| "task_destroy")?;
    check!(
        mk::ipc_call(server, Tag(0), [0; 6], 0) == Err(Error::InvalidId),
        "thread survived its task"
    );
    Ok(())
}

/// A task of its own with one started thread (an echo server).
fn task_with_thread() -> core::result::Result<u64, &'static str> {
    let task = mk::task_create(task_flags::SHARE_ROOT_SLOTS).map_err(|_| "task_create")?;
    spawn(task, 0x1000_0000, echo_server, 0, 0);
    Ok(task)
}

/// The kernel's own memory in the global counters (what /proc/meminfo's
/// Kernel* lines show): a task and a thread take kernel heap and frames, and
/// destroying the task gives all of them back.
fn kernel_memory_returns(_root: &Root, utcb: &mut Utcb) -> Result {
    // Warm up: the kernel's tables reach the size one more task and thread need.
    mk::task_destroy(task_with_thread()?).map_err(|_| "task_destroy")?;
    let before = utcb.counters(0).map_err(|_| "counters")?;
    check!(
        before.kernel_heap_size > 0 && before.kernel_heap_free < before.kernel_heap_size,
        "no kernel heap figures"
    );
    check!(before.kernel_free_frames > 0, "no kernel frame figure");
    let task = task_with_thread()?;
    let during = utcb.counters(0).map_err(|_| "counters")?;
    check!(during.kernel_heap_free < before.kernel_heap_free, "a thread took no kernel heap");
    check!(during.kernel_free_frames < before.kernel_free_frames, "a task took no kernel frames");
    mk::task_destroy(task).map_err(|_| "task_destroy")?;
    let after = utcb.counters(0).map_err(|_| "counters")?;
    println!(
        "  kernel heap free {} before, {} with the task, {} after; frames {} {} {}",
        before.kernel_heap_free,
        during.kernel_heap_free,
        after.kernel_heap_free,
        before.kernel_free_frames,
        during.kernel_free_frames,
        after.kernel_free_frames
    );
    check!(after.kernel_heap_free == before.kernel_heap_free, "kernel heap not returned");
    check!(after.kernel_free_frames == before.kernel_free_frames, "kernel frames not returned");
    Ok(())
}

fn ipc_timeouts(_root: &Root, _utcb: &mut Utcb) -> Result {
    check!(mk::receive(0, 0, 0) == Err(Error::Timeout), "poll receive did not time out");
    let t0 = mk::clock_ns();
    check!(mk::receive(0, 0, 20_000_000) == Err(Error::Timeout), "receive did not time out");
    let waited = mk::clock_ns() - t0;
    check!(waited >= 19_000_000, "receive timeout returned early");
    check!(waited < 2_000_000_000, "receive timeout far too late");
    // A thread that never receives: call with zero and finite timeouts.
    let idle = mk::thread_create(mk::whoami().1, 0).map_err(|_| "thread_create")?;
    mk::thread_start(
        idle,
        Start {
            rip: sleeper as *const () as u64,
            rsp: alloc_stack(2) - 8,
            priority: PRIORITY,
            ..Start::default()
        },
    )
    .map_err(|_| "start")?;
    check!(
        mk::ipc_call(idle, Tag(0), [0; 6], 0) == Err(Error::Timeout),
        "zero-timeout call did not fail"
    );
    let t0 = mk::clock_ns();
    check!(
        mk::send(idle, Tag(0), [0; 6], 5_000_000) == Err(Error::Timeout),
        "send did not time out"
    );
    check!(mk::clock_ns() - t0 >= 4_000_000, "send timeout returned early");
    mk::thread_kill(idle).map_err(|_| "kill")?;
    Ok(())
}

extern "C" fn sleeper(_: u64) -> ! {
    loop {
        // Receives only from a thread that does not exist: never satisfied.
        let _ = mk::receive(0xdead_0000_0001, 0, TIMEOUT_NEVER);
    }
}

static DEFERRED: [AtomicU64; 3] = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];
static SEQUENCE: AtomicU64 = AtomicU64::new(0);
static SERVER: AtomicU64 = AtomicU64::new(0);

extern "C" fn deferring_server(_: u64) -> ! {
    let first = mk::receive(0, 0, TIMEOUT_NEVER).expect("first");
    let second = mk::receive(0, 0, TIMEOUT_NEVER).expect("second");
    // Answer the later caller first, then the earlier one.
    mk::reply(second.sender, Tag::new(second.tag.label() * 10, 0), [0; 6]).expect("reply second");
    mk::reply(first.sender, Tag::new(first.tag.label() * 10, 0), [0; 6]).expect("reply first");
    mk::exit_thread()
}

extern "C" fn deferred_client(which: u64) -> ! {
    let server = SERVER.load(Ordering::SeqCst);
    let m = mk::ipc_call(server, Tag::new(which, 0), [0; 6], TIMEOUT_NEVER).expect("client call");
    let order = SEQUENCE.fetch_add(1, Ordering::SeqCst) + 1;
    DEFERRED[which as usize].store(m.tag.label() * 100 + order, Ordering::SeqCst);
    mk::exit_thread()
}

fn deferred_reply(root: &Root, _utcb: &mut Utcb) -> Result {
    let task = root.info.task;
    let server = spawn(task, 0, deferring_server, 0, 0);
    SERVER.store(server, Ordering::SeqCst);
    spawn(task, 0, deferred_client, 1, 0);
    // Let client 1 reach the server before client 2.
    let _ = mk::receive(0, 0, 5_000_000);
    spawn(task, 0, deferred_client, 2, 0);
    let t0 = mk::clock_ns();
    while DEFERRED[1].load(Ordering::SeqCst) == 0 || DEFERRED[2].load(Ordering::SeqCst) == 0 {
        let _ = mk::receive(0, 0, 2_000_000);
        check!(mk::clock_ns() - t0 < 2_000_000_000, "deferred replies never arrived");
    }
    // Client 2 got label 20 first (order 1); client 1 got label 10 second.
    check!(DEFERRED[2].load(Ordering::SeqCst) == 2001, "second caller's reply wrong or late");
    check!(DEFERRED[1].load(Ordering::SeqCst) == 1002, "first caller's deferred reply wrong");
    Ok(())
}

/// Arguments of a probe thread: read or write `address`, then report.
#[repr(C)]
struct Probe {
    address: u64,
    write: u64,
    report_to: u64,
}

extern "C" fn probe_entry(argument: u64) -> ! {
    // SAFETY: `argument` points at a Probe in a granted frame written before start.
    let probe = unsafe { (argument as *const Probe).read_volatile() };
    let value = if probe.write != 0 {
        // SAFETY: deliberately touching a possibly unmapped address: a fault is
        // reported to our handler, which is what the test wants.
        unsafe { (probe.address as *mut u64).write_volatile(0x1234) };
        0x1234
    } else {
        // SAFETY: as above.
        unsafe { (probe.address as *const u64).read_volatile() }
    };
    let _ = mk::send(probe.report_to, Tag::new(1, 0), [value, 0, 0, 0, 0, 0], TIMEOUT_NEVER);
    mk::exit_thread()
}

/// Runs a probe thread in `task`; Ok(value read) or Err(exception message).
fn probe(task: u64, address: u64, write: bool) -> core::result::Result<u64, Message> {
    let me = mk::whoami().0;
    let args = alloc_frame();
    let p = Probe { address, write: write as u64, report_to: me };
    let bytes = [p.address.to_le_bytes(), p.write.to_le_bytes(), p.report_to.to_le_bytes()];
    for (i, b) in bytes.iter().enumerate() {
        window(args)[i * 8..i * 8 + 8].copy_from_slice(b);
    }
    let thread =
        spawn(task, 0, probe_entry, microkernel_user::abi::layout::ROOT_PHYS_WINDOW + args, me);
    let m = mk::receive(thread, 0, 2_000_000_000).expect("probe never reported");
    if m.tag.has(Tag::EXCEPTION) {
        mk::thread_kill(thread).expect("kill probe");
        Err(m)
    } else {
        Ok(m.words[0])
    }
}

fn map_unmap(_root: &Root, _utcb: &mut Utcb) -> Result {
    let task = mk::task_create(task_flags::SHARE_ROOT_SLOTS).map_err(|_| "task_create")?;
    let frame = alloc_frame();
    window(frame)[0..8].copy_from_slice(&0xdead_beef_u64.to_le_bytes());
    let rw = map_flags::READ | map_flags::WRITE;
    let mapped = mk::map(task, &[MapEntry { virt: 0x50_0000, phys_flags: frame | rw }])
        .map_err(|_| "map")?;
    check!(mapped == 1, "map count");
    check!(
        probe(task, 0x50_0000, false) == Ok(0xdead_beef),
        "mapped page not readable in the task"
    );
    check!(probe(task, 0x50_0000, true) == Ok(0x1234), "mapped page not writable");
    check!(
        u64::from_le_bytes(window(frame)[0..8].try_into().unwrap()) == 0x1234,
        "write did not reach the frame"
    );
    mk::unmap(task, 0x50_0000, 1).map_err(|_| "unmap")?;
    match probe(task, 0x50_0000, false) {
        Err(m) => {
            check!(m.words[0] == exception::PAGE_FAULT, "not a page fault");
            check!(m.words[2] == 0x50_0000, "wrong fault address");
            check!(m.words[1] & exception::PF_PRESENT == 0, "unmapped page reported present");
        }
        Ok(_) => return Err("unmapped page still readable"),
    }
    // Frames outside the granted memory and kernel addresses are refused.
    check!(
        mk::map(task, &[MapEntry { virt: 0x60_0000, phys_flags: 0x1000 | rw }]).is_err(),
        "kernel frame mapped"
    );
    check!(
        mk::map(task, &[MapEntry { virt: 0xffff_8000_0000_0000, phys_flags: frame | rw }]).is_err(),
        "kernel address mapped"
    );
    // Batched: 64 pages in one call.
    let mut batch = [MapEntry::default(); 64];
    for (i, e) in batch.iter_mut().enumerate() {
        *e = MapEntry { virt: 0x100_0000 + i as u64 * 4096, phys_flags: alloc_frame() | rw };
    }
    check!(mk::map(task, &batch) == Ok(64), "batched map");
    check!(probe(task, 0x100_0000 + 63 * 4096, false) == Ok(0), "last page of the batch");
    mk::task_destroy(task).map_err(|_| "destroy")?;
    Ok(())
}

fn protection_fault(_root: &Root, _utcb: &mut Utcb) -> Result {
    let task = mk::task_create(task_flags::SHARE_ROOT_SLOTS).map_err(|_| "task_create")?;
    let frame = alloc_frame();
    mk::map(task, &[MapEntry { virt: 0x50_0000, phys_flags: frame | map_flags::READ }])
        .map_err(|_| "map")?;
    check!(probe(task, 0x50_0000, false) == Ok(0), "read-only page not readable");
    match probe(task, 0x50_0000, true) {
        Err(m) => {
            check!(m.words[0] == exception::PAGE_FAULT, "not a page fault");
            let expect = exception::PF_PRESENT | exception::PF_WRITE | exception::PF_USER;
            check!(m.words[1] & expect == expect, "error code is not present|write|user");
            check!(m.words[2] == 0x50_0000, "wrong fault address");
        }
        Ok(_) => return Err("write to a read-only page succeeded"),
    }
    mk::protect(task, 0x50_0000, 1, map_flags::READ | map_flags::WRITE).map_err(|_| "protect")?;
    check!(probe(task, 0x50_0000, true) == Ok(0x1234), "protect did not make the page writable");
    mk::task_destroy(task).map_err(|_| "destroy")?;
    Ok(())
}

const CODE: u64 = 0x40_0000;
const STACK: u64 = 0x80_0000;

/// A foreign-ABI task running `code`, handled by the calling thread.
fn foreign_task(code: &[u8]) -> (u64, u64) {
    let task = mk::task_create(0).expect("task_create");
    let code_frame = alloc_frame();
    window(code_frame)[..code.len()].copy_from_slice(code);
    let stack_frame = alloc_frame();
    mk::map(
        task,
        &[
            MapEntry { virt: CODE, phys_flags: code_frame | map_flags::READ | map_flags::EXECUTE },
            MapEntry {
                virt: STACK - 4096,
                phys_flags: stack_frame | map_flags::READ | map_flags::WRITE,
            },
        ],
    )
    .expect("map foreign");
    let thread = mk::thread_create(task, 0).expect("thread_create");
    mk::thread_start(
        thread,
        Start {
            flags: thread_flags::FOREIGN_ABI,
            handler: mk::whoami().0,
            rip: CODE,
            rsp: STACK - 64,
            priority: PRIORITY,
            argument: 0,
        },
    )
    .expect("thread_start");
    (task, thread)
}

fn next_exception(thread: u64) -> core::result::Result<Message, &'static str> {
    let m = mk::receive(thread, 0, 2_000_000_000).map_err(|_| "no exception message")?;
    if !m.tag.has(Tag::EXCEPTION) {
        return Err("message is not an exception");
    }
    Ok(m)
}

/// Resumes a thread at `rip + skip` (reply with the whole frame).
fn skip(utcb: &mut Utcb, thread: u64, skip: u64) -> Result {
    let mut frame = utcb.exception_frame();
    frame.rip += skip;
    utcb.set_exception_frame(&frame);
    mk::reply(thread, Tag::new(0, Tag::RESUME_FRAME), [0; 6]).map_err(|_| "reply")
}

fn foreign_syscall(_root: &Root, utcb: &mut Utcb) -> Result {
    let (task, thread) = foreign_task(blobs::SYSCALL_THEN_FAULTS);
    let m = next_exception(thread)?;
    check!(m.words[0] == exception::SYSCALL, "first exception is not the syscall");
    let f = utcb.exception_frame();
    check!(f.rax == 39 && f.rdi == 1 && f.rsi == 2, "syscall registers not reflected");
    check!(
        f.rip == CODE + blobs::SYSCALL_RETURN_OFFSET,
        "syscall rip is not after the instruction"
    );
    // exregs sees the same registers while the thread waits for us.
    utcb.set_exception_frame(&Default::default());
    utcb.exregs(thread, exregs_flags::READ).map_err(|_| "exregs")?;
    check!(utcb.exception_frame().rax == 39, "exregs read");
    mk::reply(thread, Tag::new(0, Tag::RESUME_RAX), [1234, 0, 0, 0, 0, 0]).map_err(|_| "reply")?;
    let m = next_exception(thread)?;
    check!(m.words[0] == exception::INVALID_OPCODE, "ud2 did not raise #UD");
    let mut f = utcb.exception_frame();
    check!(f.rbx == 1234, "syscall result not delivered in rax");
    check!(f.rip == CODE + blobs::UD2_OFFSET, "#UD rip");
    f.rip += 2;
    f.r15 = 77;
    utcb.set_exception_frame(&f);
    mk::reply(thread, Tag::new(0, Tag::RESUME_FRAME), [0; 6]).map_err(|_| "reply")?;
    let m = next_exception(thread)?;
    check!(m.words[0] == exception::PAGE_FAULT && m.words[2] == 0x1000, "#PF at 0x1000 expected");
    check!(m.words[1] == exception::PF_USER, "error code of a user read of an unmapped page");
    let f = utcb.exception_frame();
    check!(f.r15 == 77, "RESUME_FRAME registers were not applied");
    check!(f.rip == CODE + blobs::LOAD_OFFSET, "#PF rip");
    // A frame with a kernel rip is refused.
    let mut bad = f;
    bad.rip = 0xffff_ffff_8000_0000;
    utcb.set_exception_frame(&bad);
    check!(
        mk::reply(thread, Tag::new(0, Tag::RESUME_FRAME), [0; 6]) == Err(Error::InvalidArgument),
        "kernel rip accepted"
    );
    mk::task_destroy(task).map_err(|_| "destroy")?;
    Ok(())
}

fn foreign_forbidden(root: &Root, utcb: &mut Utcb) -> Result {
    let (task, thread) = foreign_task(blobs::FORBIDDEN);
    for &(offset, length, vector) in blobs::FORBIDDEN_STEPS {
        let m = next_exception(thread)?;
        if m.words[0] != vector || utcb.exception_frame().rip != CODE + offset {
            println!(
                "  at offset {offset}: vector {} rip {:#x}",
                m.words[0],
                utcb.exception_frame().rip
            );
            return Err("privileged or foreign access not trapped as expected");
        }
        if vector == 14 {
            check!(m.words[1] & exception::PF_USER != 0, "fault not from user mode");
        }
        skip(utcb, thread, length)?;
    }
    let m = next_exception(thread)?;
    check!(m.words[0] == exception::BREAKPOINT, "int3 not reported as #BP");
    check!(utcb.exception_frame().rip == CODE + blobs::INT3_OFFSET + 1, "#BP rip is after int3");
    mk::reply(thread, Tag(0), [0; 6]).map_err(|_| "reply")?;
    let tasks_before = mk::task_create(0).map_err(|_| "task_create")?;
    let m = next_exception(thread)?;
    check!(m.words[0] == exception::SYSCALL, "kernel call of a foreign thread not reflected");
    check!(utcb.exception_frame().rax == 1, "foreign syscall number");
    let tasks_after = mk::task_create(0).map_err(|_| "task_create")?;
    check!(
        (tasks_after & 0xffff_ffff) == (tasks_before & 0xffff_ffff) + 1,
        "the foreign thread created a task"
    );
    mk::task_destroy(tasks_before).map_err(|_| "destroy")?;
    mk::task_destroy(tasks_after).map_err(|_| "destroy")?;
    // Now it spins in `jmp $`; force it into its exception path.
    mk::reply(thread, Tag::new(0, Tag::RESUME_RAX), [0; 6]).map_err(|_| "reply")?;
    let _ = mk::receive(0xdead_0000_0001, 0, 3_000_000);
    mk::thread_interrupt(thread).map_err(|_| "interrupt")?;
    let m = next_exception(thread)?;
    check!(m.words[0] == exception::INTERRUPT, "forced exception vector");
    check!(utcb.exception_frame().rip == CODE + blobs::SPIN_OFFSET, "interrupted rip");
    let _ = root;
    mk::task_destroy(task).map_err(|_| "destroy")?;
    Ok(())
}

fn foreign_fpu(_root: &Root, utcb: &mut Utcb) -> Result {
    let (task, thread) = foreign_task(blobs::FPU);
    let m = next_exception(thread)?;
    check!(m.words[0] == exception::INVALID_OPCODE, "first ud2");
    check!(utcb.exception_frame().rip == CODE + blobs::FPU_FIRST_UD2, "first ud2 rip");
    utcb.exregs(thread, exregs_flags::READ | exregs_flags::FPU).map_err(|_| "exregs fpu")?;
    // XMM0 is at byte 160 of the XSAVE legacy area.
    let xmm0 = u64::from_le_bytes(utcb.fpu_area()[160..168].try_into().unwrap());
    check!(xmm0 == 0x1122_3344_5566_7788, "xmm0 not saved per thread");
    utcb.fpu_area()[160..168].copy_from_slice(&0x0bad_cafe_u64.to_le_bytes());
    utcb.exregs(thread, exregs_flags::WRITE | exregs_flags::FPU).map_err(|_| "exregs write fpu")?;
    skip(utcb, thread, 2)?;
    let m = next_exception(thread)?;
    check!(m.words[0] == exception::INVALID_OPCODE, "second ud2");
    check!(utcb.exception_frame().rip == CODE + blobs::FPU_SECOND_UD2, "second ud2 rip");
    check!(utcb.exception_frame().rbx == 0x0bad_cafe, "written xmm0 not loaded");
    mk::task_destroy(task).map_err(|_| "destroy")?;
    Ok(())
}

static SPIN_COUNTER: AtomicU64 = AtomicU64::new(0);

extern "C" fn spinner(_: u64) -> ! {
    loop {
        SPIN_COUNTER.fetch_add(1, Ordering::Relaxed);
    }
}

fn preemption(root: &Root, _utcb: &mut Utcb) -> Result {
    let spinner = spawn(root.info.task, 0, spinner, 0, 0);
    // We spin too, without any kernel call: only preemption lets either progress.
    let start = mk::rdtsc();
    let limit = start + 5_000 * root.info.tsc_per_us_x1000; // about 5 s
    while SPIN_COUNTER.load(Ordering::Relaxed) < 1000 {
        core::hint::spin_loop();
        check!(mk::rdtsc() < limit, "the spinning thread never ran");
    }
    let seen = SPIN_COUNTER.load(Ordering::Relaxed);
    // And we got the processor back from it.
    mk::thread_kill(spinner).map_err(|_| "kill")?;
    check!(seen >= 1000, "counter");
    Ok(())
}

static TICK_SEEN: AtomicU64 = AtomicU64::new(0);

extern "C" fn tick_listener(_: u64) -> ! {
    mk::irq_attach(0).expect("irq_attach");
    let m = mk::receive(microkernel_user::abi::irq_sender(0), 0, 1_000_000_000);
    if let Ok(m) = m {
        if m.tag.has(Tag::IRQ) && m.words[0] == 0 {
            TICK_SEEN.store(1, Ordering::SeqCst);
        }
    }
    mk::exit_thread()
}

fn timer_irq(root: &Root, _utcb: &mut Utcb) -> Result {
    spawn(root.info.task, 0, tick_listener, 0, 0);
    let t0 = mk::clock_ns();
    while TICK_SEEN.load(Ordering::SeqCst) == 0 {
        let _ = mk::receive(0xdead_0000_0001, 0, 2_000_000);
        check!(mk::clock_ns() - t0 < 1_500_000_000, "no timer message");
    }
    Ok(())
}

fn bad_arguments(_root: &Root, _utcb: &mut Utcb) -> Result {
    // A kernel pointer as a log buffer, an unknown call, bogus ids.
    let out = mk::map(mk::whoami().1, &[]);
    check!(out == Ok(0), "empty map batch");
    check!(mk::thread_kill(0x7777_0000_0003) == Err(Error::InvalidId), "bogus thread id");
    check!(mk::task_destroy(0x7777_0000_0003) == Err(Error::InvalidId), "bogus task id");
    check!(
        mk::ipc_call(0x7777_0000_0003, Tag(0), [0; 6], 0) == Err(Error::InvalidId),
        "call to nobody"
    );
    check!(
        mk::unmap(mk::whoami().1, 0xffff_8000_0000_0000, 1) == Err(Error::InvalidArgument),
        "unmap kernel"
    );
    check!(mk::irq_attach(99) == Err(Error::Denied), "irq 99");
    Ok(())
}
