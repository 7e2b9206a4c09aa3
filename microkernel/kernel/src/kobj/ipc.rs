//! Synchronous IPC and exception IPC.
//!
//! A message is a tag and six words. The sender's message is read from its
//! saved user registers (rsi, r8, r9, r10, r12, r13, r14) and written into the
//! receiver's saved registers, so a transfer touches no user memory. Exception
//! messages also put the faulting thread's whole register frame into the
//! receiver's UTCB.
//!
//! Fast path: a call (or an exception) to a thread already waiting to receive,
//! and a reply-and-wait whose caller is waiting for the reply, switch directly to
//! the partner without touching the ready queues.

use microkernel_abi::{utcb, Error, ExceptionFrame, Tag, Words, TIMEOUT_NEVER};

use super::thread::{sanitize_rflags, PendingException, State};
use super::{sched, Kernel, Next};
use crate::arch::fpu;
use crate::arch::trap::TrapFrame;
use crate::kprintln;

fn words_of(frame: &TrapFrame) -> Words {
    [frame.r8, frame.r9, frame.r10, frame.r12, frame.r13, frame.r14]
}

fn put_message(frame: &mut TrapFrame, sender: u64, tag: u64, words: Words) {
    frame.rax = Error::Ok as u64;
    frame.rdi = sender;
    frame.rsi = tag;
    frame.r8 = words[0];
    frame.r9 = words[1];
    frame.r10 = words[2];
    frame.r12 = words[3];
    frame.r13 = words[4];
    frame.r14 = words[5];
}

pub fn to_exception_frame(t: &super::thread::Thread, e: PendingException) -> ExceptionFrame {
    let f = t.frame();
    ExceptionFrame {
        rax: f.rax,
        rbx: f.rbx,
        rcx: f.rcx,
        rdx: f.rdx,
        rsi: f.rsi,
        rdi: f.rdi,
        rbp: f.rbp,
        rsp: f.rsp,
        r8: f.r8,
        r9: f.r9,
        r10: f.r10,
        r11: f.r11,
        r12: f.r12,
        r13: f.r13,
        r14: f.r14,
        r15: f.r15,
        rip: f.rip,
        rflags: f.rflags,
        fs_base: t.fs_base,
        gs_base: t.gs_base,
        vector: e.vector,
        error_code: e.error_code,
        fault_address: e.fault_address,
    }
}

fn canonical(address: u64) -> bool {
    let top = address >> 47;
    top == 0 || top == 0x1_ffff
}

/// Writes a register frame into a thread, refusing values that would fault in
/// the kernel on the way back to user mode (non-canonical or kernel rip, bad
/// segment bases) and sanitizing rflags.
pub fn apply_exception_frame(
    k: &mut Kernel,
    thread: usize,
    e: &ExceptionFrame,
) -> Result<(), Error> {
    let task = k.thread(thread).task;
    let rip_ok = super::task::user_range_ok(k, task, e.rip, 1);
    if !rip_ok || !canonical(e.fs_base) || !canonical(e.gs_base) {
        return Err(Error::InvalidArgument);
    }
    let t = k.thread_mut(thread);
    let f = t.frame_mut();
    f.rax = e.rax;
    f.rbx = e.rbx;
    f.rcx = e.rcx;
    f.rdx = e.rdx;
    f.rsi = e.rsi;
    f.rdi = e.rdi;
    f.rbp = e.rbp;
    f.rsp = e.rsp;
    f.r8 = e.r8;
    f.r9 = e.r9;
    f.r10 = e.r10;
    f.r11 = e.r11;
    f.r12 = e.r12;
    f.r13 = e.r13;
    f.r14 = e.r14;
    f.r15 = e.r15;
    f.rip = e.rip;
    f.rflags = sanitize_rflags(e.rflags);
    let (cs, ss) = t.selectors();
    let f = t.frame_mut();
    f.cs = cs;
    f.ss = ss;
    t.fs_base = e.fs_base;
    t.gs_base = e.gs_base;
    Ok(())
}

/// Delivers the message of `sender` (blocked or current) to `receiver`, which is
/// receiving. Updates the sender's state (waiting for the reply, or done) but
/// not the receiver's. Returns false if an exception could not be delivered
/// (the receiver has no UTCB).
fn transfer(k: &mut Kernel, sender: usize, receiver: usize) -> bool {
    let s = k.thread(sender);
    let sender_id = s.id;
    let task_of_receiver = k.thread(receiver).task;
    if let Some(e) = s.exception {
        let frame = to_exception_frame(s, e);
        let tag = Tag::new(e.vector, Tag::EXCEPTION).0;
        let words = [e.vector, e.error_code, e.fault_address, frame.rip, frame.rax, frame.rsp];
        let r = k.thread_mut(receiver);
        let Some(utcb) = r.utcb() else { return false };
        frame.store(utcb);
        put_message(r.frame_mut(), sender_id, tag, words);
        k.thread_mut(sender).state = State::WaitingReply { from_task: task_of_receiver };
    } else {
        let (tag, words, call) = {
            let f = s.frame();
            let call = f.rax == microkernel_abi::Call::IpcCall as u64;
            (f.rsi, words_of(f), call)
        };
        put_message(k.thread_mut(receiver).frame_mut(), sender_id, tag, words);
        let st = k.thread_mut(sender);
        st.frame_mut().rax = Error::Ok as u64;
        if call {
            st.state = State::WaitingReply { from_task: task_of_receiver };
        } else if st.state != State::Running {
            st.state = State::Ready;
            sched::make_ready(k, sender);
        }
    }
    true
}

fn wants(receiver_state: State, sender_id: u64) -> bool {
    matches!(receiver_state, State::Receiving { from } if from == 0 || from == sender_id)
}

fn set_deadline(k: &mut Kernel, thread: usize, timeout_ns: u64) {
    if timeout_ns == TIMEOUT_NEVER {
        k.thread_mut(thread).deadline = None;
        return;
    }
    // In clock nanoseconds, checked at every tick: a wait never ends before
    // its time on the clock user space reads (under an emulator, timer ticks
    // can come in bursts faster than the clock advances), and at most a tick
    // after it.
    let deadline = crate::arch::clock::now_ns().saturating_add(timeout_ns.max(1));
    k.thread_mut(thread).deadline = Some(deadline);
    if !k.timed.contains(&thread) {
        k.timed.push(thread);
    }
}

fn clear_deadline(k: &mut Kernel, thread: usize) {
    if k.thread_mut(thread).deadline.take().is_some() {
        k.timed.retain(|&t| t != thread);
    }
}

/// The current thread sends (`call`: and then waits for the reply) to `to`.
pub fn send(k: &mut Kernel, to: usize, call: bool, timeout: u64) -> Next {
    let current = k.current;
    let sender_id = k.thread(current).id;
    if wants(k.thread(to).state, sender_id) {
        clear_deadline(k, to);
        transfer(k, current, to);
        if call {
            k.counters.ipc_fast += 1;
            k.thread_mut(to).state = State::Running;
            return Next::SwitchTo(to);
        }
        k.counters.ipc_slow += 1;
        k.thread_mut(to).state = State::Ready;
        sched::make_ready(k, to);
        return Next::Return;
    }
    if timeout == 0 {
        k.cur().set_error(Error::Timeout);
        return Next::Return;
    }
    k.cur().state = State::Sending { to, call };
    k.thread_mut(to).senders.push_back(current);
    set_deadline(k, current, timeout);
    Next::Schedule
}

/// The current thread receives from `from` (thread id, 0 = anyone).
pub fn receive(k: &mut Kernel, from: u64, timeout: u64) -> Next {
    let current = k.current;
    // Pending interrupts first.
    if from == 0 || from & 0xffff_0000 == 0xffff_0000 {
        for irq in 0..16u8 {
            let bit = 1u16 << irq;
            if k.irq_pending & bit != 0
                && k.irq_owner[irq as usize] == Some(current)
                && (from == 0 || from == microkernel_abi::irq_sender(irq as u64))
            {
                k.irq_pending &= !bit;
                put_irq(k, irq, current);
                return Next::Return;
            }
        }
    }
    let position = {
        let threads = &k.threads;
        k.thread(current)
            .senders
            .iter()
            .position(|&s| from == 0 || threads[s].as_ref().map(|t| t.id) == Some(from))
    };
    if let Some(position) = position {
        let sender = k.cur().senders.remove(position).unwrap();
        clear_deadline(k, sender);
        k.counters.ipc_slow += 1;
        if !transfer(k, sender, current) {
            kprintln!("exception of thread {sender} undeliverable: handler has no UTCB");
            kill_thread(k, sender);
            return receive(k, from, timeout);
        }
        return Next::Return;
    }
    if timeout == 0 {
        k.cur().set_error(Error::Timeout);
        return Next::Return;
    }
    k.cur().state = State::Receiving { from };
    set_deadline(k, current, timeout);
    Next::Schedule
}

/// Applies the current thread's reply to `to`, which must be waiting for a reply
/// from the current thread's task. Does not make `to` ready.
fn apply_reply(k: &mut Kernel, to: usize) -> Result<(), Error> {
    let current = k.current;
    let my_task = k.thread(current).task;
    if k.thread(to).state != (State::WaitingReply { from_task: my_task }) {
        return Err(Error::InvalidArgument);
    }
    let (tag, words, my_id) = {
        let f = k.thread(current).frame();
        (Tag(f.rsi), words_of(f), k.thread(current).id)
    };
    if k.thread(to).exception.is_some() {
        if tag.has(Tag::RESUME_FRAME) {
            let frame = match k.cur().utcb() {
                Some(utcb) => ExceptionFrame::load(utcb),
                None => return Err(Error::InvalidArgument),
            };
            apply_exception_frame(k, to, &frame)?;
        }
        if tag.has(Tag::RESUME_RAX) {
            k.thread_mut(to).frame_mut().rax = words[0];
        }
        if tag.has(Tag::RESUME_FPU) {
            write_fpu_from_utcb(k, current, to)?;
        }
        k.thread_mut(to).exception = None;
    } else {
        put_message(k.thread_mut(to).frame_mut(), my_id, tag.0, words);
    }
    Ok(())
}

/// Copies the FPU image in `from`'s UTCB into thread `to`.
pub fn write_fpu_from_utcb(k: &mut Kernel, from: usize, to: usize) -> Result<(), Error> {
    let size = fpu::area_size();
    let mut image = [0u8; utcb::FPU_AREA_SIZE];
    {
        let utcb = k.thread_mut(from).utcb().ok_or(Error::InvalidArgument)?;
        image[..size].copy_from_slice(&utcb[utcb::FPU_AREA..utcb::FPU_AREA + size]);
    }
    let t = k.thread_mut(to);
    let area = t.fpu.as_mut().ok_or(Error::InvalidArgument)?;
    area.0[..size].copy_from_slice(&image[..size]);
    area.sanitize();
    if k.fpu_owner == Some(to) {
        k.fpu_owner = None;
    }
    Ok(())
}

/// Non-blocking reply (deferred reply).
pub fn reply(k: &mut Kernel, to: usize) -> Next {
    match apply_reply(k, to) {
        Ok(()) => {
            k.thread_mut(to).state = State::Ready;
            sched::make_ready(k, to);
            k.cur().set_error(Error::Ok);
        }
        Err(e) => k.cur().set_error(e),
    }
    Next::Return
}

/// Reply to `to` (if any), then wait for a message from anyone.
pub fn reply_and_wait(k: &mut Kernel, to: Option<usize>, timeout: u64) -> Next {
    let mut resumed = None;
    if let Some(to) = to {
        if let Err(e) = apply_reply(k, to) {
            k.cur().set_error(e);
            return Next::Return;
        }
        resumed = Some(to);
    }
    let next = receive(k, 0, timeout);
    match (resumed, next) {
        (Some(to), Next::Schedule)
            if !k.thread(to).suspended && !k.thread(to).pending_interrupt =>
        {
            // Fast path: run the caller we replied to directly.
            k.counters.ipc_fast += 1;
            k.thread_mut(to).state = State::Running;
            Next::SwitchTo(to)
        }
        (Some(to), next) => {
            k.thread_mut(to).state = State::Ready;
            sched::make_ready(k, to);
            next
        }
        (None, next) => next,
    }
}

/// Reports an exception (or a foreign `syscall`) of `thread` to its handler.
/// If `thread` is current, returns how to continue; otherwise the returned
/// `SwitchTo(handler)` only means the handler can run.
pub fn raise_exception(
    k: &mut Kernel,
    thread: usize,
    vector: u64,
    error_code: u64,
    fault_address: u64,
) -> Next {
    let handler = k.thread(thread).handler.filter(|&h| {
        k.threads.get(h).and_then(|t| t.as_ref()).is_some_and(|t| t.state != State::Dead)
    });
    let Some(handler) = handler else {
        let t = k.thread(thread);
        kprintln!(
            "thread {:#x} (task {}) took exception {vector:#x} (error {error_code:#x}, address {fault_address:#x}) at rip {:#x} with no handler: killed",
            t.id,
            t.task,
            t.frame().rip
        );
        let current = k.current;
        kill_thread(k, thread);
        return if thread == current { Next::Schedule } else { Next::Return };
    };
    k.thread_mut(thread).exception = Some(PendingException { vector, error_code, fault_address });
    let id = k.thread(thread).id;
    if wants(k.thread(handler).state, id) {
        clear_deadline(k, handler);
        if !transfer(k, thread, handler) {
            kprintln!("handler of thread {thread} has no UTCB: killed");
            kill_thread(k, thread);
            return Next::Schedule;
        }
        k.counters.ipc_fast += 1;
        if thread == k.current {
            k.thread_mut(handler).state = State::Running;
        }
        return Next::SwitchTo(handler);
    }
    k.thread_mut(thread).state = State::Sending { to: handler, call: true };
    k.thread_mut(handler).senders.push_back(thread);
    Next::Schedule
}

fn put_irq(k: &mut Kernel, irq: u8, thread: usize) {
    let tag = Tag::new(irq as u64, Tag::IRQ).0;
    put_message(
        k.thread_mut(thread).frame_mut(),
        microkernel_abi::irq_sender(irq as u64),
        tag,
        [irq as u64, 0, 0, 0, 0, 0],
    );
}

/// Delivers IRQ `irq` to its owner, or marks it pending.
pub fn deliver_irq(k: &mut Kernel, irq: u8, thread: usize) -> Next {
    if wants(k.thread(thread).state, microkernel_abi::irq_sender(irq as u64)) {
        clear_deadline(k, thread);
        put_irq(k, irq, thread);
        k.thread_mut(thread).state = State::Ready;
        sched::make_ready(k, thread);
        if k.current == k.idle {
            return Next::Schedule;
        }
    } else {
        k.irq_pending |= 1 << irq;
    }
    Next::Return
}

/// Wakes every thread whose wait has timed out, with `Error::Timeout`.
pub fn expire_timeouts(k: &mut Kernel) {
    let now = crate::arch::clock::now_ns();
    let expired: alloc::vec::Vec<usize> = k
        .timed
        .iter()
        .copied()
        .filter(|&t| k.thread(t).deadline.is_some_and(|d| d <= now))
        .collect();
    for t in expired {
        clear_deadline(k, t);
        match k.thread(t).state {
            State::Sending { to, .. } => {
                k.thread_mut(to).senders.retain(|&s| s != t);
            }
            State::Receiving { .. } => {}
            _ => continue,
        }
        let thread = k.thread_mut(t);
        thread.set_error(Error::Timeout);
        thread.state = State::Ready;
        sched::make_ready(k, t);
    }
}

/// Kills a thread: takes it out of every queue, wakes its blocked senders with
/// `PartnerDied`, frees its UTCB. The current thread becomes a zombie until the
/// next switch.
pub fn kill_thread(k: &mut Kernel, thread: usize) {
    let state = k.thread(thread).state;
    match state {
        State::Ready => {
            let p = k.thread(thread).priority;
            k.ready.remove(p, thread);
        }
        State::Sending { to, .. } => {
            if let Some(Some(t)) = k.threads.get_mut(to) {
                t.senders.retain(|&s| s != thread);
            }
        }
        State::Dead => return,
        _ => {}
    }
    clear_deadline(k, thread);
    let senders = core::mem::take(&mut k.thread_mut(thread).senders);
    for s in senders {
        clear_deadline(k, s);
        let st = k.thread_mut(s);
        st.set_error(Error::PartnerDied);
        st.exception = None;
        st.state = State::Ready;
        sched::make_ready(k, s);
    }
    for owner in k.irq_owner.iter_mut() {
        if *owner == Some(thread) {
            *owner = None;
        }
    }
    if k.fpu_owner == Some(thread) {
        k.fpu_owner = None;
    }
    let task = k.thread(thread).task;
    let (utcb_frame, utcb_address) = {
        let t = k.thread_mut(thread);
        t.state = State::Dead;
        (t.utcb_frame.take(), t.utcb_address)
    };
    if let Some(frame) = utcb_frame {
        if let Some(Some(t)) = k.tasks.get_mut(task) {
            t.space.unmap(utcb_address);
            t.tlb_stale = true;
        }
        // SAFETY: just unmapped; only this thread used it.
        unsafe { crate::mm::frame::free(frame) };
    }
    if let Some(Some(t)) = k.tasks.get_mut(task) {
        t.threads -= 1;
    }
    if thread == k.current {
        k.zombies.push(thread);
    } else {
        k.threads[thread] = None;
    }
}
