//! System information: uname (a Linux 6.x release), getrandom, sysinfo.
//! See uname(2), getrandom(2), sysinfo(2).

use microkernel_user as mk;
use syscall_translation::flags::GetrandomFlags;
use syscall_translation::Errno;

use super::{Call, Done};
use crate::abi_out::Out;

pub const SYSNAME: &str = "Linux";
pub const NODENAME: &str = "localhost";
pub const RELEASE: &str = "6.1.0-l4linux-rs";
pub const VERSION: &str = "#1 SMP PREEMPT_DYNAMIC microkernel personality";
pub const MACHINE: &str = "x86_64";

fn field(o: &mut Out, text: &str) {
    let start = o.0.len();
    o.bytes(text.as_bytes());
    o.pad_to(start + 65);
}

pub fn sys_uname(c: &mut Call) -> Done {
    let mut o = Out::default();
    for text in [SYSNAME, NODENAME, RELEASE, VERSION, MACHINE, "(none)"] {
        field(&mut o, text);
    }
    Done::Ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, c.a[0], &o.0).map(|()| 0))
}

const GRND_NONBLOCK: u64 = GetrandomFlags::GRND_NONBLOCK.bits() as u64;
const GRND_RANDOM: u64 = GetrandomFlags::GRND_RANDOM.bits() as u64;
const GRND_INSECURE: u64 = GetrandomFlags::GRND_INSECURE.bits() as u64;

pub fn sys_getrandom(c: &mut Call) -> Done {
    let (buf, len, flags) = (c.a[0], c.a[1], c.a[2]);
    if flags & !(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) != 0
        || flags & (GRND_RANDOM | GRND_INSECURE) == (GRND_RANDOM | GRND_INSECURE)
    {
        return Done::Ret(Err(Errno::EINVAL));
    }
    let len = len.min(32 * 1024 * 1024);
    let mut bytes = alloc::vec::Vec::with_capacity(len as usize);
    while (bytes.len() as u64) < len {
        bytes.extend_from_slice(&c.sys.random().to_le_bytes());
    }
    bytes.truncate(len as usize);
    Done::Ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, buf, &bytes).map(|()| len))
}

pub fn sys_sysinfo(c: &mut Call) -> Done {
    let uptime = mk::clock_ns() / 1_000_000_000;
    // The figures /proc/meminfo shows (free(1) reads both).
    let m = crate::procfs::meminfo(c);
    let tasks = c.others.map_or(0, |o| o.len()) + 1;
    let mut o = Out::default();
    o.u64(uptime).u64(0).u64(0).u64(0).u64(m.total).u64(m.free).u64(m.shmem).u64(m.buffers);
    o.u64(0).u64(0);
    o.u16(tasks.min(u16::MAX as usize) as u16).u16(0).u32(0).u64(0).u64(0).u32(1);
    o.pad_to(112);
    Done::Ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, c.a[0], &o.0).map(|()| 0))
}
