//! Path resolution (path_resolution(7); Linux's `link_path_walk` and `walk_component`).
//!
//! A path is resolved one component at a time from the caller's root (absolute path) or from
//! the starting directory (the working directory or a `dirfd`). Each directory passed through
//! needs search permission (`EACCES`); a non-directory in the middle is `ENOTDIR`; a component
//! longer than `NAME_MAX` or a path of `PATH_MAX` bytes or more is `ENAMETOOLONG`; `..` at the
//! caller's root stays there, and at the root of a mounted file system climbs to the directory
//! it covers first; entering a covered directory enters the mounted root instead. Symbolic
//! links in the middle are always followed, the last one only when asked (or when a trailing
//! slash demands a directory); more than `MAX_SYMLINKS` links in one resolution is `ELOOP`, an
//! empty target `ENOENT`.
//!
//! The result names the directory holding the last component and the component itself, so that
//! creating calls (open with `O_CREAT`, mkdir, rename) know where to put a new entry; following
//! a dangling symbolic link at the end yields the target's parent and name, as Linux's
//! `O_CREAT` through a dangling link creates the target.

use alloc::vec::Vec;

use syscall_translation::flags::AtFlags;
use syscall_translation::Errno;

use super::perm::{permission, MAY_EXEC};
use super::{At, Ctx, InodeId, Vfs, MAX_SYMLINKS, NAME_MAX, PATH_MAX};

/// The last component of a resolved path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Last {
    /// A name.
    Name(Vec<u8>),
    /// `.`.
    Dot,
    /// `..`.
    DotDot,
    /// The path was only slashes, or a symbolic link at the end pointed at `/`.
    Root,
}

/// A resolved path: where its last component lives and what it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The directory in which the last component was looked up.
    pub parent: InodeId,
    /// The last component.
    pub last: Last,
    /// What the path names, if it exists (after mount crossing, and after following a trailing
    /// symbolic link when asked to).
    pub target: Option<InodeId>,
    /// The path ended with `/` (or a followed trailing link's target did): the result must be a
    /// directory.
    pub trailing_slash: bool,
}

impl Resolved {
    /// The target, or `ENOENT`.
    pub fn existing(&self) -> Result<InodeId, Errno> {
        self.target.ok_or(Errno::ENOENT)
    }

    /// The last component's name, if it is one.
    pub fn name(&self) -> Option<&[u8]> {
        match &self.last {
            Last::Name(name) => Some(name),
            _ => None,
        }
    }
}

/// The components of `path`, last first, without empty ones.
fn components_reversed(path: &[u8]) -> Vec<Vec<u8>> {
    path.split(|&b| b == b'/').filter(|c| !c.is_empty()).rev().map(<[u8]>::to_vec).collect()
}

impl Vfs {
    /// The directory a relative path starts from.
    pub(super) fn start_dir(&self, cx: &Ctx, at: At) -> Result<InodeId, Errno> {
        match at {
            At::Cwd => Ok(cx.fs.cwd.id()),
            At::File(file) => {
                let id = file.inode();
                if !self.inode(id)?.is_dir() {
                    return Err(Errno::ENOTDIR);
                }
                Ok(id)
            }
        }
    }

    /// The directory `..` of `dir` leads to, for a caller whose root is `root`.
    fn dotdot(&self, root: InodeId, mut dir: InodeId) -> Result<InodeId, Errno> {
        loop {
            if dir == root {
                return Ok(dir);
            }
            match self.mounted_roots.get(&dir) {
                Some(covered) => dir = covered.id(),
                None => break,
            }
        }
        Ok(self.inode(dir)?.dir().ok_or(Errno::ENOTDIR)?.parent)
    }

    /// `id`, or the root of what is mounted on it (repeatedly, for stacked mounts).
    pub(super) fn cross_mounts(&self, mut id: InodeId) -> InodeId {
        while let Some(&fs) = self.mounts.get(&id) {
            id = self.fs(fs).root;
        }
        id
    }

    /// Resolve `path` from `at`, following a trailing symbolic link if `follow` or if the path
    /// ends with a slash; a trailing slash on a non-directory is `ENOTDIR`.
    pub fn walk(&self, cx: &Ctx, at: At, path: &[u8], follow: bool) -> Result<Resolved, Errno> {
        self.walk_inner(cx, at, path, follow, false, None)
    }

    /// Where `path` leaves this file system for a `proc` mount, whose contents the server
    /// makes: the rest of the path below the `proc` root (for example `self/fd/0` for
    /// `/dev/stdin` when `/dev/stdin` links to `/proc/self/fd/0`), after the symbolic links
    /// before it were followed. `None` if the walk never looks a name up in a `proc` root
    /// (the root itself resolves as an ordinary empty directory).
    pub fn proc_remainder(&self, cx: &Ctx, at: At, path: &[u8], follow: bool) -> Option<Vec<u8>> {
        let mut rest = None;
        let _ = self.walk_inner(cx, at, path, follow, false, Some(&mut rest));
        rest
    }

    /// Resolve `path` for a call that creates, removes or renames its last component (Linux's
    /// `filename_create` / `do_rmdir` lookups): the last component is looked up in its parent
    /// without following a symbolic link or crossing into a file system mounted on it, and a
    /// trailing slash is left for the caller to judge.
    pub fn walk_parent(&self, cx: &Ctx, at: At, path: &[u8]) -> Result<Resolved, Errno> {
        self.walk_inner(cx, at, path, false, true, None)
    }

    fn walk_inner(
        &self,
        cx: &Ctx,
        at: At,
        path: &[u8],
        follow: bool,
        parent_mode: bool,
        mut escape: Option<&mut Option<Vec<u8>>>,
    ) -> Result<Resolved, Errno> {
        if path.is_empty() {
            return Err(Errno::ENOENT);
        }
        if path.len() >= PATH_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        let root = cx.fs.root.id();
        let mut current = if path[0] == b'/' { root } else { self.start_dir(cx, at)? };
        let mut pending = components_reversed(path);
        let mut trailing_slash = path.ends_with(b"/");
        let mut links = 0;
        if pending.is_empty() {
            return Ok(Resolved {
                parent: current,
                last: Last::Root,
                target: Some(current),
                trailing_slash,
            });
        }
        while let Some(component) = pending.pop() {
            let is_last = pending.is_empty();
            let dir = self.inode(current)?;
            if let Some(escape) = escape.as_deref_mut() {
                if self.fs(dir.fs).kind == super::FsKind::Proc {
                    let mut rest = component.clone();
                    for next in pending.iter().rev() {
                        rest.push(b'/');
                        rest.extend_from_slice(next);
                    }
                    if trailing_slash {
                        rest.push(b'/');
                    }
                    *escape = Some(rest);
                    return Err(Errno::ENOENT);
                }
            }
            let entries = dir.dir().ok_or(Errno::ENOTDIR)?;
            permission(cx.cred, dir, MAY_EXEC)?;
            if component.len() > NAME_MAX {
                return Err(Errno::ENAMETOOLONG);
            }
            let (next, last) = match component.as_slice() {
                b"." => (current, Last::Dot),
                b".." => (self.dotdot(root, current)?, Last::DotDot),
                name => match entries.get(name) {
                    None if is_last => {
                        return Ok(Resolved {
                            parent: current,
                            last: Last::Name(component),
                            target: None,
                            trailing_slash,
                        });
                    }
                    None => return Err(Errno::ENOENT),
                    Some(child) if is_last && parent_mode => (child, Last::Name(component)),
                    Some(child) => (self.cross_mounts(child), Last::Name(component)),
                },
            };
            let inode = self.inode(next).map_err(|_| Errno::ENOENT)?;
            let follow_this = !is_last || (!parent_mode && (follow || trailing_slash));
            if inode.is_symlink() && follow_this {
                links += 1;
                if links > MAX_SYMLINKS {
                    return Err(Errno::ELOOP);
                }
                let target = match &inode.content {
                    super::Content::Symlink(target) => target.clone(),
                    _ => Vec::new(),
                };
                if target.is_empty() {
                    return Err(Errno::ENOENT);
                }
                if target[0] == b'/' {
                    current = root;
                }
                if is_last && target.ends_with(b"/") {
                    trailing_slash = true;
                }
                let expanded = components_reversed(&target);
                if expanded.is_empty() && is_last {
                    return Ok(Resolved {
                        parent: current,
                        last: Last::Root,
                        target: Some(current),
                        trailing_slash,
                    });
                }
                pending.extend(expanded);
                continue;
            }
            if is_last {
                if trailing_slash && !inode.is_dir() && !parent_mode {
                    return Err(Errno::ENOTDIR);
                }
                return Ok(Resolved { parent: current, last, target: Some(next), trailing_slash });
            }
            current = next;
        }
        unreachable!("the loop returns at the last component")
    }

    /// The inode a `*at` call's `(dirfd, path, flags)` names: the `dirfd` itself for an empty
    /// path with `AT_EMPTY_PATH`, else the walk's target, following a trailing link unless
    /// `AT_SYMLINK_NOFOLLOW`.
    pub fn lookup(&self, cx: &Ctx, at: At, path: &[u8], flags: AtFlags) -> Result<InodeId, Errno> {
        if path.is_empty() && flags.contains(AtFlags::AT_EMPTY_PATH) {
            return match at {
                At::Cwd => Ok(cx.fs.cwd.id()),
                At::File(file) => Ok(file.inode()),
            };
        }
        let follow = !flags.contains(AtFlags::AT_SYMLINK_NOFOLLOW);
        self.walk(cx, at, path, follow)?.existing()
    }
}
