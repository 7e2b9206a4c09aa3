//! Credentials: the get/set families of user and group ids (real, effective,
//! saved) and the supplementary groups, with the rules of credentials(7),
//! setuid(2), setreuid(2), setresuid(2) and setgroups(2): only a process whose
//! effective uid is 0 may take ids it does not already hold. The file system
//! checks every call against these (`linux_personality::vfs::Cred`).

use alloc::vec::Vec;

use linux_personality::vfs::Cred;
use syscall_translation::Errno;

use super::{Call, Done};

const NGROUPS_MAX: u64 = 65536;
/// -1 as an id argument: leave it unchanged.
const KEEP: u32 = u32::MAX;

fn ret(r: Result<u64, Errno>) -> Done {
    Done::Ret(r)
}

pub fn sys_getuid(c: &mut Call) -> Done {
    ret(Ok(c.p.cred.uid as u64))
}

pub fn sys_geteuid(c: &mut Call) -> Done {
    ret(Ok(c.p.cred.euid as u64))
}

pub fn sys_getgid(c: &mut Call) -> Done {
    ret(Ok(c.p.cred.gid as u64))
}

pub fn sys_getegid(c: &mut Call) -> Done {
    ret(Ok(c.p.cred.egid as u64))
}

/// The three ids of one kind, user or group, as (real, effective, saved).
#[derive(Clone, Copy)]
enum Ids {
    User,
    Group,
}

fn get(cred: &Cred, ids: Ids) -> [u32; 3] {
    match ids {
        Ids::User => [cred.uid, cred.euid, cred.suid],
        Ids::Group => [cred.gid, cred.egid, cred.sgid],
    }
}

fn put(cred: &mut Cred, ids: Ids, [real, effective, saved]: [u32; 3]) {
    match ids {
        Ids::User => (cred.uid, cred.euid, cred.suid) = (real, effective, saved),
        Ids::Group => (cred.gid, cred.egid, cred.sgid) = (real, effective, saved),
    }
}

/// setresuid/setresgid: each id -1 or, without privilege, one already held.
fn set_res(c: &mut Call, ids: Ids, wanted: [u32; 3]) -> Done {
    let old = get(&c.p.cred, ids);
    let privileged = c.p.cred.euid == 0;
    if !privileged && wanted.iter().any(|&id| id != KEEP && !old.contains(&id)) {
        return ret(Err(Errno::EPERM));
    }
    let mut new = old;
    for (slot, id) in new.iter_mut().zip(wanted) {
        if id != KEEP {
            *slot = id;
        }
    }
    put(&mut c.p.cred, ids, new);
    ret(Ok(0))
}

/// setuid/setgid: with privilege all three ids; without, the effective id to
/// the real or saved one.
fn set_one(c: &mut Call, ids: Ids, id: u32) -> Done {
    if id == KEEP {
        return ret(Err(Errno::EINVAL));
    }
    let [real, _, saved] = get(&c.p.cred, ids);
    if c.p.cred.euid == 0 {
        return set_res(c, ids, [id, id, id]);
    }
    if id != real && id != saved {
        return ret(Err(Errno::EPERM));
    }
    set_res(c, ids, [KEEP, id, KEEP])
}

/// setreuid/setregid: the real id may become the effective one, the effective
/// id the real or saved one; the saved id follows the new effective id when
/// the real id is set or the effective id changes away from the real one.
fn set_re(c: &mut Call, ids: Ids, real: u32, effective: u32) -> Done {
    let old = get(&c.p.cred, ids);
    let privileged = c.p.cred.euid == 0;
    if !privileged {
        let real_ok = real == KEEP || real == old[0] || real == old[1];
        let effective_ok = effective == KEEP || old.contains(&effective);
        if !real_ok || !effective_ok {
            return ret(Err(Errno::EPERM));
        }
    }
    let new_real = if real == KEEP { old[0] } else { real };
    let new_effective = if effective == KEEP { old[1] } else { effective };
    let new_saved = if real != KEEP || (effective != KEEP && effective != old[0]) {
        new_effective
    } else {
        old[2]
    };
    put(&mut c.p.cred, ids, [new_real, new_effective, new_saved]);
    ret(Ok(0))
}

pub fn sys_setuid(c: &mut Call) -> Done {
    set_one(c, Ids::User, c.a[0] as u32)
}

pub fn sys_setgid(c: &mut Call) -> Done {
    set_one(c, Ids::Group, c.a[0] as u32)
}

pub fn sys_setreuid(c: &mut Call) -> Done {
    set_re(c, Ids::User, c.a[0] as u32, c.a[1] as u32)
}

pub fn sys_setregid(c: &mut Call) -> Done {
    set_re(c, Ids::Group, c.a[0] as u32, c.a[1] as u32)
}

pub fn sys_setresuid(c: &mut Call) -> Done {
    set_res(c, Ids::User, [c.a[0] as u32, c.a[1] as u32, c.a[2] as u32])
}

pub fn sys_setresgid(c: &mut Call) -> Done {
    set_res(c, Ids::Group, [c.a[0] as u32, c.a[1] as u32, c.a[2] as u32])
}

fn get_res(c: &mut Call, ids: Ids) -> Done {
    let values = get(&c.p.cred, ids);
    let addresses = [c.a[0], c.a[1], c.a[2]];
    for (address, value) in addresses.into_iter().zip(values) {
        if let Err(e) =
            c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, address, &value.to_le_bytes())
        {
            return ret(Err(e));
        }
    }
    ret(Ok(0))
}

pub fn sys_getresuid(c: &mut Call) -> Done {
    get_res(c, Ids::User)
}

pub fn sys_getresgid(c: &mut Call) -> Done {
    get_res(c, Ids::Group)
}

/// setfsuid/setfsgid: the file-system id follows the effective id here; the
/// call returns it and changes nothing (Linux returns the previous fsuid).
pub fn sys_setfsuid(c: &mut Call) -> Done {
    ret(Ok(c.p.cred.euid as u64))
}

pub fn sys_setfsgid(c: &mut Call) -> Done {
    ret(Ok(c.p.cred.egid as u64))
}

pub fn sys_getgroups(c: &mut Call) -> Done {
    let (size, list) = (c.a[0] as i32, c.a[1]);
    if size < 0 {
        return ret(Err(Errno::EINVAL));
    }
    let groups = c.p.cred.groups.clone();
    if size == 0 {
        return ret(Ok(groups.len() as u64));
    }
    if (size as usize) < groups.len() {
        return ret(Err(Errno::EINVAL));
    }
    let bytes: Vec<u8> = groups.iter().flat_map(|g| g.to_le_bytes()).collect();
    ret(c.p.write_bytes(&mut c.sys.frames, &c.sys.vfs, list, &bytes).map(|()| groups.len() as u64))
}

pub fn sys_setgroups(c: &mut Call) -> Done {
    let (size, list) = (c.a[0], c.a[1]);
    if size > NGROUPS_MAX {
        return ret(Err(Errno::EINVAL));
    }
    if c.p.cred.euid != 0 {
        return ret(Err(Errno::EPERM));
    }
    let bytes = match c.p.read_bytes(&mut c.sys.frames, &c.sys.vfs, list, size as usize * 4) {
        Ok(b) => b,
        Err(e) => return ret(Err(e)),
    };
    c.p.cred.groups = bytes.chunks(4).map(|b| u32::from_le_bytes(b.try_into().unwrap())).collect();
    ret(Ok(0))
}
