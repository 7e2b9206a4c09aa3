//! Typed system-call arguments that name things in the calling program: file descriptors and
//! user-space addresses.
//!
//! User pointers are claims, not references. A [`UserAddr`], [`UserPtr`], [`UserSlice`] or
//! [`UserCStr`] records an address the program alleged; this crate never dereferences one. Only
//! the server's checked copy routines turn a claim into bytes, and a failed copy is `EFAULT`.
//! Nothing here checks that an address is canonical or below the user-space limit: that too is
//! the copy routine's job, so that the error surfaces when (and only if) Linux would surface it.

use core::fmt;
use core::marker::PhantomData;

/// The largest path, in bytes including the terminating NUL, that the kernel accepts
/// (`PATH_MAX`, `include/uapi/linux/limits.h`).
pub const PATH_MAX: usize = 4096;

/// `AT_FDCWD`: the "current directory" value of a `dirfd` argument.
pub const AT_FDCWD: i32 = -100;

/// A file-descriptor argument, as the program passed it. Linux reads file descriptors as C
/// `int` / `unsigned int`, so only the low 32 bits of the register count. A negative value is
/// kept (and fails as `EBADF` when looked up), so that strace output shows what was passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fd(pub i32);

impl Fd {
    /// Standard input.
    pub const STDIN: Fd = Fd(0);
    /// Standard output.
    pub const STDOUT: Fd = Fd(1);
    /// Standard error.
    pub const STDERR: Fd = Fd(2);

    /// The file descriptor held in the low 32 bits of a register.
    pub const fn from_register(value: u64) -> Fd {
        Fd(value as u32 as i32)
    }

    /// The descriptor as a table index, or `None` when negative.
    pub const fn index(self) -> Option<usize> {
        if self.0 >= 0 {
            Some(self.0 as usize)
        } else {
            None
        }
    }
}

/// The directory argument of the `*at` calls: a descriptor, or `AT_FDCWD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DirFd {
    /// `AT_FDCWD`: resolve relative to the current working directory.
    Cwd,
    /// Resolve relative to the directory open on this descriptor.
    Fd(Fd),
}

impl DirFd {
    /// The directory descriptor held in the low 32 bits of a register.
    pub const fn from_register(value: u64) -> DirFd {
        let fd = value as u32 as i32;
        if fd == AT_FDCWD {
            DirFd::Cwd
        } else {
            DirFd::Fd(Fd(fd))
        }
    }
}

/// An address in the calling program, untyped. May be null.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UserAddr(pub u64);

impl UserAddr {
    /// The null address.
    pub const NULL: UserAddr = UserAddr(0);

    /// Whether the address is null.
    pub const fn is_null(self) -> bool {
        self.0 == 0
    }

    /// `self + offset`, or `None` if the sum wraps (which Linux reports as `EFAULT`).
    pub const fn checked_add(self, offset: u64) -> Option<UserAddr> {
        match self.0.checked_add(offset) {
            Some(sum) => Some(UserAddr(sum)),
            None => None,
        }
    }

    /// `None` for the null address, the address otherwise.
    pub const fn non_null(self) -> Option<UserAddr> {
        if self.is_null() {
            None
        } else {
            Some(self)
        }
    }
}

impl fmt::Debug for UserAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

/// The claim that a `T` lives at an address in the calling program. May be null; an argument
/// whose null value means "absent" is decoded as `Option<UserPtr<T>>` instead.
pub struct UserPtr<T> {
    addr: UserAddr,
    target: PhantomData<fn() -> T>,
}

impl<T> UserPtr<T> {
    /// The claim that a `T` lives at `addr`.
    pub const fn new(addr: UserAddr) -> Self {
        UserPtr { addr, target: PhantomData }
    }

    /// The alleged address.
    pub const fn addr(self) -> UserAddr {
        self.addr
    }

    /// Whether the pointer is null.
    pub const fn is_null(self) -> bool {
        self.addr.is_null()
    }

    /// How many bytes a checked copy of the target moves.
    pub const fn size(self) -> usize {
        core::mem::size_of::<T>()
    }

    /// The `index`-th element of an array starting here, or `None` on address overflow.
    pub const fn element(self, index: u64) -> Option<UserPtr<T>> {
        match index.checked_mul(core::mem::size_of::<T>() as u64) {
            Some(offset) => match self.addr.checked_add(offset) {
                Some(addr) => Some(UserPtr::new(addr)),
                None => None,
            },
            None => None,
        }
    }
}

impl<T> Clone for UserPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for UserPtr<T> {}
impl<T> PartialEq for UserPtr<T> {
    fn eq(&self, other: &Self) -> bool {
        self.addr == other.addr
    }
}
impl<T> Eq for UserPtr<T> {}
impl<T> fmt::Debug for UserPtr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserPtr<{}>({:#x})", core::any::type_name::<T>(), self.addr.0)
    }
}

/// A claimed buffer: `len` bytes starting at `addr` in the calling program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UserSlice {
    /// Where the buffer starts.
    pub addr: UserAddr,
    /// Its length in bytes, as the program gave it (`size_t`).
    pub len: u64,
}

impl UserSlice {
    /// The buffer of `len` bytes at `addr`.
    pub const fn new(addr: u64, len: u64) -> Self {
        UserSlice { addr: UserAddr(addr), len }
    }

    /// Whether `addr + len` stays inside the 64-bit address space.
    pub const fn fits(self) -> bool {
        self.addr.0.checked_add(self.len).is_some()
    }
}

/// A claimed NUL-terminated string (usually a path) at an address in the calling program.
/// The copy routine reads at most [`UserCStr::max_len`] bytes and reports `ENAMETOOLONG` past it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UserCStr {
    /// Where the string starts.
    pub addr: UserAddr,
}

impl UserCStr {
    /// The string at `addr`.
    pub const fn new(addr: u64) -> Self {
        UserCStr { addr: UserAddr(addr) }
    }

    /// The longest string, NUL included, that the kernel copies for a path (`PATH_MAX`).
    pub const fn max_len(self) -> usize {
        PATH_MAX
    }
}
