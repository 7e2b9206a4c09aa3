//! `cargo xtask bench --ipc`: IPC and exception round trips, median of 100000.
//!
//! Prints, as its last lines, `ipc_roundtrip_ns <median>` (native call + reply
//! between two address spaces, fast path), `ipc_roundtrip_slow_ns <median>`
//! (the same exchange through send/receive and the ready queues),
//! `exception_roundtrip_ns <median>` (a foreign thread's `syscall` reflected to
//! its handler and resumed), with cycles and CR3 writes per round trip.

use microkernel_user::abi::{map_flags, task_flags, thread_flags, MapEntry, Tag, TIMEOUT_NEVER};
use microkernel_user::{self as mk, println, Start, Utcb};

use crate::{alloc_frame, alloc_stack, blobs, window, Root};

const ROUNDS: usize = 100_000;

fn median(samples: &mut [u64]) -> u64 {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

extern "C" fn echo(_: u64) -> ! {
    let mut reply_to = 0;
    loop {
        let m = mk::reply_wait(reply_to, Tag(0), [0; 6], TIMEOUT_NEVER).expect("receive");
        reply_to = m.sender;
    }
}

extern "C" fn slow_echo(partner: u64) -> ! {
    loop {
        let m = mk::receive(partner, 0, TIMEOUT_NEVER).expect("receive");
        mk::send(m.sender, Tag(0), [0; 6], TIMEOUT_NEVER).expect("send");
    }
}

fn samples() -> &'static mut [u64] {
    // 100000 u64 = 196 frames of granted memory, contiguous in the window.
    let frames = (ROUNDS * 8).div_ceil(4096) as u64;
    let first = alloc_frame();
    for _ in 1..frames {
        alloc_frame();
    }
    // SAFETY: the frames were just allocated, contiguous, mapped in the window.
    unsafe {
        let bytes = mk::Memory::slice_mut(
            microkernel_user::abi::layout::ROOT_PHYS_WINDOW + first,
            ROUNDS * 8,
        );
        core::slice::from_raw_parts_mut(bytes.as_mut_ptr() as *mut u64, ROUNDS)
    }
}

fn report(name: &str, samples: &mut [u64], root: &Root, cr3: u64) {
    let cycles = median(samples);
    let ns = cycles * 1_000_000 / root.info.tsc_per_us_x1000.max(1);
    println!(
        "{name}: median {cycles} TSC cycles, {:.2} CR3 writes per round trip",
        cr3 as f64 / ROUNDS as f64
    );
    println!("{name}_ns {ns}");
}

pub fn run(root: &Root) -> ! {
    // SAFETY: our first thread's UTCB.
    let mut utcb = unsafe { Utcb::new(root.info.utcb) };
    let me = root.info.thread;

    // Fast path, across address spaces.
    let task = mk::task_create(task_flags::SHARE_ROOT_SLOTS).expect("task");
    let server = mk::thread_create(task, 0).expect("thread");
    mk::thread_start(
        server,
        Start {
            rip: echo as *const () as u64,
            rsp: alloc_stack(4) - 8,
            priority: 100,
            ..Start::default()
        },
    )
    .expect("start");
    let s = samples();
    let c0 = utcb.counters(0).expect("counters");
    for slot in s.iter_mut() {
        let t0 = mk::rdtsc();
        mk::ipc_call(server, Tag(0), [0; 6], TIMEOUT_NEVER).expect("call");
        *slot = mk::rdtsc() - t0;
    }
    let c1 = utcb.counters(0).expect("counters");
    let fast = c1.ipc_fast - c0.ipc_fast;
    report("ipc_roundtrip", s, root, c1.cr3_writes - c0.cr3_writes);
    println!("ipc fast-path messages: {fast} of {}", 2 * ROUNDS);

    // General path: send + receive through the ready queues.
    let slow = mk::thread_create(task, 0).expect("thread");
    mk::thread_start(
        slow,
        Start {
            rip: slow_echo as *const () as u64,
            rsp: alloc_stack(4) - 8,
            priority: 100,
            argument: me,
            ..Start::default()
        },
    )
    .expect("start");
    let c0 = utcb.counters(0).expect("counters");
    for slot in s.iter_mut() {
        let t0 = mk::rdtsc();
        mk::send(slow, Tag(0), [0; 6], TIMEOUT_NEVER).expect("send");
        mk::receive(slow, 0, TIMEOUT_NEVER).expect("receive");
        *slot = mk::rdtsc() - t0;
    }
    let c1 = utcb.counters(0).expect("counters");
    report("ipc_roundtrip_slow", s, root, c1.cr3_writes - c0.cr3_writes);
    mk::task_destroy(task).expect("destroy");

    // Exception IPC: a foreign thread's syscall, reflected and resumed.
    let task = mk::task_create(0).expect("task");
    let code = alloc_frame();
    window(code)[..blobs::SYSCALL_LOOP.len()].copy_from_slice(blobs::SYSCALL_LOOP);
    mk::map(
        task,
        &[MapEntry { virt: 0x40_0000, phys_flags: code | map_flags::READ | map_flags::EXECUTE }],
    )
    .expect("map");
    let foreign = mk::thread_create(task, 0).expect("thread");
    mk::thread_start(
        foreign,
        Start {
            flags: thread_flags::FOREIGN_ABI,
            handler: me,
            rip: 0x40_0000,
            rsp: 0x80_0000,
            priority: 100,
            argument: 0,
        },
    )
    .expect("start");
    let first = mk::receive(foreign, 0, TIMEOUT_NEVER).expect("first syscall");
    let mut reply_to = first.sender;
    let c0 = utcb.counters(0).expect("counters");
    let mut last = mk::rdtsc();
    for slot in s.iter_mut() {
        let m = mk::reply_wait(reply_to, Tag::new(0, Tag::RESUME_RAX), [0; 6], TIMEOUT_NEVER)
            .expect("reply_wait");
        let now = mk::rdtsc();
        *slot = now - last;
        last = now;
        reply_to = m.sender;
    }
    let c1 = utcb.counters(0).expect("counters");
    report("exception_roundtrip", s, root, c1.cr3_writes - c0.cr3_writes);
    println!("bench done");
    mk::qemu_exit(microkernel_user::abi::exit::POWER_OFF)
}
