//! Native kernel calls: decode the caller's registers, check authority, perform.
//! See `microkernel_abi` for the register convention of each call.

use microkernel_abi::{
    exregs_flags, task_flags, thread_flags, utcb, Call, Counters, Error, ExceptionFrame, MapEntry,
};

use super::thread::State;
use super::{ipc, sched, task, thread, Kernel, Next};
use crate::arch::{clock, entry, fpu};
use crate::kprintln;
use crate::mm::{frame, heap};

struct Args {
    a0: u64,
    a1: u64,
    a2: u64,
    a3: u64,
    a4: u64,
    a5: u64,
    a6: u64,
}

pub fn dispatch(k: &mut Kernel) -> Next {
    let f = k.cur().frame();
    let number = f.rax;
    let args = Args { a0: f.rdi, a1: f.rsi, a2: f.rdx, a3: f.r8, a4: f.r9, a5: f.r10, a6: f.r12 };
    let Some(call) = Call::from_u64(number) else {
        k.cur().set_error(Error::NoSuchCall);
        return Next::Return;
    };
    match perform(k, call, &args) {
        Ok(next) => next,
        Err(error) => {
            k.cur().set_error(error);
            Next::Return
        }
    }
}

fn ok(k: &mut Kernel) -> Result<Next, Error> {
    k.cur().set_error(Error::Ok);
    Ok(Next::Return)
}

fn ok_with(k: &mut Kernel, rdi: u64, rsi: u64) -> Result<Next, Error> {
    let f = k.cur().frame_mut();
    f.rax = Error::Ok as u64;
    f.rdi = rdi;
    f.rsi = rsi;
    Ok(Next::Return)
}

/// A thread the caller may manage.
fn managed_thread(k: &Kernel, id: u64) -> Result<usize, Error> {
    let t = k.lookup_thread(id)?;
    let my_task = k.thread(k.current).task;
    if k.may_manage(my_task, k.thread(t).task) {
        Ok(t)
    } else {
        Err(Error::Denied)
    }
}

fn managed_task(k: &Kernel, id: u64) -> Result<usize, Error> {
    let t = k.lookup_task(id)?;
    let my_task = k.thread(k.current).task;
    if k.may_manage(my_task, t) {
        Ok(t)
    } else {
        Err(Error::Denied)
    }
}

fn perform(k: &mut Kernel, call: Call, a: &Args) -> Result<Next, Error> {
    let current = k.current;
    let my_task = k.thread(current).task;
    match call {
        Call::Log => {
            let len = a.a1.min(1024) as usize;
            if !task::user_range_ok(k, my_task, a.a0, len as u64) {
                return Err(Error::Fault);
            }
            let mut buffer = [0u8; 1024];
            // SAFETY: the range was checked to be caller-nameable user memory.
            if !unsafe { entry::copy_user(buffer.as_mut_ptr(), a.a0 as *const u8, len) } {
                return Err(Error::Fault);
            }
            crate::klog::_print(format_args!(
                "{}",
                core::str::from_utf8(&buffer[..len]).unwrap_or("<invalid UTF-8>")
            ));
            ok(k)
        }
        Call::TaskCreate => {
            let share = a.a0 & task_flags::SHARE_ROOT_SLOTS != 0;
            if share && !k.task(my_task).is_root {
                return Err(Error::Denied);
            }
            let t = task::create(k, Some(my_task), share)?;
            let id = k.task(t).id;
            ok_with(k, id, 0)
        }
        Call::TaskDestroy => {
            let t = managed_task(k, a.a0)?;
            if t == my_task || k.task(t).is_root {
                return Err(Error::Denied);
            }
            task::destroy(k, t);
            ok(k)
        }
        Call::Map => {
            let t = managed_task(k, a.a0)?;
            if !k.task(my_task).is_root {
                return Err(Error::Denied);
            }
            let count = a.a2 as usize;
            let size = core::mem::size_of::<MapEntry>();
            let bytes = (count as u64).checked_mul(size as u64).ok_or(Error::InvalidArgument)?;
            if !task::user_range_ok(k, my_task, a.a1, bytes) {
                return Err(Error::Fault);
            }
            let mut done = 0usize;
            let mut batch = [MapEntry::default(); 64];
            while done < count {
                let n = (count - done).min(batch.len());
                // SAFETY: the whole array was checked to be caller-nameable memory.
                let copied = unsafe {
                    entry::copy_user(
                        batch.as_mut_ptr() as *mut u8,
                        (a.a1 + (done * size) as u64) as *const u8,
                        n * size,
                    )
                };
                if !copied {
                    k.cur().frame_mut().rdi = done as u64;
                    return Err(Error::Fault);
                }
                match task::map(k, t, &batch[..n]) {
                    Ok(mapped) => done += mapped,
                    Err((mapped, error)) => {
                        k.cur().frame_mut().rdi = (done + mapped) as u64;
                        return Err(error);
                    }
                }
            }
            ok_with(k, done as u64, 0)
        }
        Call::Unmap => {
            let t = managed_task(k, a.a0)?;
            task::unmap(k, t, a.a1, a.a2)?;
            ok(k)
        }
        Call::Protect => {
            let t = managed_task(k, a.a0)?;
            task::protect(k, t, a.a1, a.a2, a.a3)?;
            ok(k)
        }
        Call::ThreadCreate => {
            let t = managed_task(k, a.a0)?;
            if a.a1 != 0 && (!a.a1.is_multiple_of(4096) || !task::user_range_ok(k, t, a.a1, 4096)) {
                return Err(Error::InvalidArgument);
            }
            let index = thread::create(k, t, a.a1)?;
            let id = k.thread(index).id;
            ok_with(k, id, 0)
        }
        Call::ThreadStart => {
            let t = managed_thread(k, a.a0)?;
            if k.thread(t).state != State::Inactive {
                return Err(Error::InvalidArgument);
            }
            let handler = if a.a2 == 0 { None } else { Some(k.lookup_thread(a.a2)?) };
            let foreign = a.a1 & thread_flags::FOREIGN_ABI != 0;
            if foreign && handler.is_none() {
                return Err(Error::InvalidArgument);
            }
            let task_of = k.thread(t).task;
            if !task::user_range_ok(k, task_of, a.a3, 1) {
                return Err(Error::InvalidArgument);
            }
            let th = k.thread_mut(t);
            th.foreign = foreign;
            th.uses_fpu = foreign || a.a1 & thread_flags::USES_FPU != 0;
            th.handler = handler;
            th.priority = a.a5.min(255) as u8;
            if a.a1 & thread_flags::FRAME_FROM_UTCB != 0 {
                // Validate the frame before the thread can run.
                let frame = match k.cur().utcb() {
                    Some(utcb) => ExceptionFrame::load(utcb),
                    None => return Err(Error::InvalidArgument),
                };
                thread::start_inactive(k, t);
                ipc::apply_exception_frame(k, t, &frame)?;
                if a.a1 & thread_flags::FPU_FROM_UTCB != 0 {
                    ipc::write_fpu_from_utcb(k, current, t)?;
                }
                k.thread_mut(t).state = super::thread::State::Ready;
                sched::make_ready(k, t);
            } else {
                thread::start(k, t, a.a3, a.a4, a.a6);
            }
            ok(k)
        }
        Call::Exregs => exregs(k, a.a0, a.a1),
        Call::ThreadInterrupt => {
            let t = managed_thread(k, a.a0)?;
            if t == current {
                return Err(Error::InvalidArgument);
            }
            if k.thread(t).handler.is_none() {
                return Err(Error::InvalidArgument);
            }
            let state = k.thread(t).state;
            let mut delivered_now = 0;
            if state == State::Ready && k.thread(t).exception.is_none() {
                let p = k.thread(t).priority;
                k.ready.remove(p, t);
                let next = ipc::raise_exception(k, t, microkernel_abi::exception::INTERRUPT, 0, 0);
                if let Next::SwitchTo(handler) = next {
                    if handler != current {
                        k.thread_mut(handler).state = State::Ready;
                        sched::make_ready(k, handler);
                    }
                }
                delivered_now = 1;
            } else {
                k.thread_mut(t).pending_interrupt = true;
            }
            // A handler interrupting its own thread may have just received the message.
            if k.thread(current).state == State::Running {
                let f = k.cur().frame_mut();
                if f.rax == Call::ThreadInterrupt as u64 {
                    f.rax = Error::Ok as u64;
                    f.rdi = delivered_now;
                }
            }
            Ok(Next::Return)
        }
        Call::ThreadSuspend => {
            let t = managed_thread(k, a.a0)?;
            if t == current {
                return Err(Error::InvalidArgument);
            }
            let suspend = a.a1 != 0;
            let was = k.thread(t).suspended;
            k.thread_mut(t).suspended = suspend;
            if k.thread(t).state == State::Ready {
                if suspend && !was {
                    let p = k.thread(t).priority;
                    k.ready.remove(p, t);
                } else if !suspend && was {
                    sched::make_ready(k, t);
                }
            }
            ok(k)
        }
        Call::ThreadKill => {
            let t = if a.a0 == 0 { current } else { managed_thread(k, a.a0)? };
            ipc::kill_thread(k, t);
            if t == current {
                Ok(Next::Schedule)
            } else {
                ok(k)
            }
        }
        Call::IpcCall | Call::IpcSend => {
            let to = k.lookup_thread(a.a0)?;
            if to == current {
                return Err(Error::InvalidArgument);
            }
            Ok(ipc::send(k, to, call == Call::IpcCall, a.a2))
        }
        Call::IpcReceive => Ok(ipc::receive(k, a.a0, a.a2)),
        Call::IpcReply => {
            let to = k.lookup_thread(a.a0)?;
            Ok(ipc::reply(k, to))
        }
        Call::IpcReplyWait => {
            let to = if a.a0 == 0 { None } else { Some(k.lookup_thread(a.a0)?) };
            Ok(ipc::reply_and_wait(k, to, a.a2))
        }
        Call::IrqAttach => {
            if !k.task(my_task).is_root || a.a0 >= 16 {
                return Err(Error::Denied);
            }
            k.irq_owner[a.a0 as usize] = Some(current);
            if a.a0 != 0 {
                crate::arch::timer::unmask_irq(a.a0 as u8);
            }
            ok(k)
        }
        Call::IrqAck => {
            if a.a0 >= 16 || k.irq_owner[a.a0 as usize] != Some(current) {
                return Err(Error::Denied);
            }
            if a.a0 != 0 {
                crate::arch::timer::unmask_irq(a.a0 as u8);
            }
            ok(k)
        }
        Call::Clock => ok_with(k, clock::now_ns(), clock::tsc_per_us_x1000()),
        Call::BootTime => ok_with(k, clock::boot_time(), 0),
        Call::Counters => {
            let counters = if a.a0 == 0 {
                Counters {
                    kernel_heap_size: heap::HEAP_SIZE as u64,
                    kernel_heap_free: heap::free() as u64,
                    kernel_free_frames: frame::free_frames() as u64,
                    ..k.counters
                }
            } else {
                k.thread(k.lookup_thread(a.a0)?).counters
            };
            write_counters(k, &counters)?;
            ok(k)
        }
        Call::Yield => {
            k.cur().set_error(Error::Ok);
            sched::preempt(k);
            Ok(Next::Schedule)
        }
        Call::Whoami => {
            let (id, task_id) = (k.thread(current).id, k.task(my_task).id);
            ok_with(k, id, task_id)
        }
    }
}

fn write_counters(k: &mut Kernel, c: &Counters) -> Result<(), Error> {
    c.store(k.cur().utcb().ok_or(Error::InvalidArgument)?);
    Ok(())
}

fn exregs(k: &mut Kernel, id: u64, flags: u64) -> Result<Next, Error> {
    let current = k.current;
    let t = managed_thread(k, id)?;
    if t == current || matches!(k.thread(t).state, State::Dead) {
        return Err(Error::InvalidArgument);
    }
    if k.thread(current).utcb_frame.is_none() {
        return Err(Error::InvalidArgument);
    }
    if flags & exregs_flags::READ != 0 {
        let e = k.thread(t).exception.unwrap_or(super::thread::PendingException {
            vector: 0,
            error_code: 0,
            fault_address: 0,
        });
        let frame = ipc::to_exception_frame(k.thread(t), e);
        let utcb = k.cur().utcb().unwrap();
        frame.store(utcb);
        if flags & exregs_flags::FPU != 0 {
            if k.fpu_owner == Some(t) {
                if let Some(area) = k.thread_mut(t).fpu.as_mut() {
                    fpu::save(area);
                }
            }
            let size = fpu::area_size();
            let mut image = [0u8; utcb::FPU_AREA_SIZE];
            match k.thread(t).fpu.as_ref() {
                Some(area) => image[..size].copy_from_slice(&area.0[..size]),
                None => return Err(Error::InvalidArgument),
            }
            let utcb = k.cur().utcb().unwrap();
            utcb[utcb::FPU_AREA..utcb::FPU_AREA + size].copy_from_slice(&image[..size]);
        }
    }
    if flags & exregs_flags::WRITE != 0 {
        let frame = ExceptionFrame::load(k.cur().utcb().unwrap());
        ipc::apply_exception_frame(k, t, &frame)?;
        if flags & exregs_flags::FPU != 0 {
            ipc::write_fpu_from_utcb(k, current, t)?;
        }
    }
    if flags & !(exregs_flags::READ | exregs_flags::WRITE | exregs_flags::FPU) != 0 {
        kprintln!("exregs: unknown flags {flags:#x} ignored");
    }
    ok(k)
}
