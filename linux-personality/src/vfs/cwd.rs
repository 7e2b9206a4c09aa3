//! The working directory and the umask: chdir(2), fchdir(2), getcwd(3) (the system call
//! returns the path, or `ENOENT` once the directory was removed), umask(2).

use alloc::vec::Vec;

use syscall_translation::Errno;

use super::perm::{permission, MAY_EXEC};
use super::{At, Cred, Ctx, FsContext, InodeId, OpenFile, Vfs, PATH_MAX};

impl Vfs {
    /// chdir(2): the directory must exist (`ENOENT`), be a directory (`ENOTDIR`) and be
    /// searchable (`EACCES`).
    pub fn chdir(&self, fs: &mut FsContext, cred: &Cred, path: &[u8]) -> Result<(), Errno> {
        let id = self.walk(&Ctx::new(fs, cred), At::Cwd, path, true)?.existing()?;
        self.set_cwd(fs, cred, id)
    }

    /// fchdir(2) to an open directory (an `O_PATH` one too, as Linux allows).
    pub fn fchdir(&self, fs: &mut FsContext, cred: &Cred, file: &OpenFile) -> Result<(), Errno> {
        self.set_cwd(fs, cred, file.inode())
    }

    fn set_cwd(&self, fs: &mut FsContext, cred: &Cred, id: InodeId) -> Result<(), Errno> {
        let inode = self.inode(id)?;
        if !inode.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        permission(cred, inode, MAY_EXEC)?;
        fs.cwd = self.handle(id)?;
        Ok(())
    }

    /// getcwd(2): the absolute path of the working directory as seen from the caller's root;
    /// `ENOENT` if it was removed, `ERANGE` if longer than `size` bytes with its NUL.
    pub fn getcwd(&self, fs: &FsContext, size: usize) -> Result<Vec<u8>, Errno> {
        let path = self.path_of(fs.root.id(), fs.cwd.id())?;
        if path.len() + 1 > size.min(PATH_MAX) {
            return Err(Errno::ERANGE);
        }
        Ok(path)
    }

    /// The path from `root` to the directory `id`, climbing `..` links (and out of mounted
    /// roots). `ENOENT` for a removed directory.
    pub fn path_of(&self, root: InodeId, mut id: InodeId) -> Result<Vec<u8>, Errno> {
        let mut names: Vec<Vec<u8>> = Vec::new();
        while id != root {
            let inode = self.inode(id)?;
            if inode.nlink == 0 {
                return Err(Errno::ENOENT);
            }
            if let Some(covered) = self.mounted_roots.get(&id) {
                id = covered.id();
                continue;
            }
            let parent = inode.dir().ok_or(Errno::ENOTDIR)?.parent;
            if parent == id {
                // The root of a detached tree, or a directory outside the caller's root.
                return Err(Errno::ENOENT);
            }
            let dir = self.inode(parent)?.dir().ok_or(Errno::ENOTDIR)?;
            let name = dir.iter().find(|&(_, child)| child == id).ok_or(Errno::ENOENT)?.0;
            names.push(name.to_vec());
            id = parent;
        }
        if names.is_empty() {
            return Ok(b"/".to_vec());
        }
        let mut path = Vec::new();
        for name in names.iter().rev() {
            path.push(b'/');
            path.extend_from_slice(name);
        }
        Ok(path)
    }

    /// A path naming `id` as seen from `root`, for any kind of inode (/proc's fd and exe
    /// links): a directory's own path, else the first entry naming it found in a walk of the
    /// tree (crossing mounts), with ` (deleted)` appended, as Linux's `d_path`, when no entry
    /// names it any more. `ENOENT` if `root` cannot reach it.
    pub fn name_of(&self, root: InodeId, id: InodeId) -> Result<Vec<u8>, Errno> {
        let inode = self.inode(id)?;
        if inode.is_dir() {
            return self.path_of(root, id);
        }
        if inode.nlink == 0 {
            return Ok(b"/ (deleted)".to_vec());
        }
        let mut stack = alloc::vec![(self.cross_mounts(root), Vec::new())];
        while let Some((dir, prefix)) = stack.pop() {
            let Some(entries) = self.inode(dir).ok().and_then(|i| i.dir()) else { continue };
            for (name, child) in entries.iter() {
                let mut path = prefix.clone();
                path.push(b'/');
                path.extend_from_slice(name);
                if child == id {
                    return Ok(path);
                }
                if self.inode(child).is_ok_and(|i| i.is_dir()) {
                    stack.push((self.cross_mounts(child), path));
                }
            }
        }
        Err(Errno::ENOENT)
    }

    /// umask(2): set the mask (0o777 bits), returning the previous one.
    pub fn umask(fs: &mut FsContext, mask: u32) -> u32 {
        core::mem::replace(&mut fs.umask, mask & 0o777)
    }
}
