//! What a file-system call needs to know about its caller: credentials (credentials(7)), the
//! per-process root, working directory and umask (`struct fs_struct`; chdir(2), umask(2)), the
//! directory a relative path starts from (openat(2)'s `dirfd`), and the clock.
//!
//! Owns no inode: a [`FsContext`] holds handles, which keep its root and working directory
//! alive after they are removed (as Linux keeps a removed working directory's dentry).

use alloc::vec::Vec;

use syscall_translation::types::Timespec;

use super::file::OpenFile;
use super::inode::InodeHandle;

/// The time source of the file system; the server passes its clock, tests a manual one.
pub trait Clock {
    /// The current wall-clock time (`CLOCK_REALTIME`).
    fn now(&self) -> Timespec;
}

/// A clock that always reads the same time.
#[derive(Clone, Copy, Debug, Default)]
pub struct FixedClock(pub Timespec);

impl Clock for FixedClock {
    fn now(&self) -> Timespec {
        self.0
    }
}

/// The identity a call is checked against. File-system checks use the effective ids (Linux's
/// fsuid follows the euid); access(2) uses the real ids unless `AT_EACCESS`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cred {
    /// Real user id.
    pub uid: u32,
    /// Real group id.
    pub gid: u32,
    /// Effective user id.
    pub euid: u32,
    /// Effective group id.
    pub egid: u32,
    /// Saved set-user-ID.
    pub suid: u32,
    /// Saved set-group-ID.
    pub sgid: u32,
    /// Supplementary groups.
    pub groups: Vec<u32>,
}

impl Cred {
    /// The superuser.
    pub fn root() -> Cred {
        Cred::default()
    }

    /// An ordinary user with real and effective ids `uid`, `gid`.
    pub fn user(uid: u32, gid: u32) -> Cred {
        Cred { uid, gid, euid: uid, egid: gid, suid: uid, sgid: gid, groups: Vec::new() }
    }

    /// Whether the effective user is the superuser (holds every `CAP_*` of the file system).
    pub fn is_root(&self) -> bool {
        self.euid == 0
    }

    /// Whether `gid` is the effective group or a supplementary one.
    pub fn in_group(&self, gid: u32) -> bool {
        self.egid == gid || self.groups.contains(&gid)
    }

    /// These credentials with the real ids made effective (access(2)).
    pub fn as_real(&self) -> Cred {
        Cred { euid: self.uid, egid: self.gid, ..self.clone() }
    }
}

/// A process's file-system context: root, working directory, umask. `Clone` is fork(2)
/// without `CLONE_FS`.
#[derive(Clone, Debug)]
pub struct FsContext {
    pub(super) root: InodeHandle,
    pub(super) cwd: InodeHandle,
    /// The file-mode creation mask (umask(2)), 0o777 bits only.
    pub umask: u32,
}

impl FsContext {
    /// The root directory.
    pub fn root(&self) -> super::InodeId {
        self.root.id()
    }

    /// The working directory.
    pub fn cwd(&self) -> super::InodeId {
        self.cwd.id()
    }
}

/// The caller of one call: its file-system context and credentials.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    /// Root, working directory, umask.
    pub fs: &'a FsContext,
    /// Credentials.
    pub cred: &'a Cred,
}

impl<'a> Ctx<'a> {
    /// A context.
    pub fn new(fs: &'a FsContext, cred: &'a Cred) -> Ctx<'a> {
        Ctx { fs, cred }
    }
}

/// Where a relative path starts: the working directory (`AT_FDCWD`) or an open directory.
#[derive(Clone, Copy, Debug)]
pub enum At<'a> {
    /// The working directory.
    Cwd,
    /// The description behind a `dirfd`.
    File(&'a OpenFile),
}
