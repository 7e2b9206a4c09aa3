//! Populating the root tmpfs from the boot initrd, as Linux's `init/initramfs.c` unpacks an
//! initramfs into rootfs: directories, regular files (hard links by `(ino, nlink)`, the data
//! arriving with the last name as newc archives carry it), symbolic links and device nodes,
//! with their mode, owner and mtime. Parents missing from the archive are created with mode
//! 0755; an entry for an existing non-directory replaces it; names with `..` are skipped.
//! File contents are not copied: files share the archive's bytes until written.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use syscall_translation::types::stat::{makedev, S_IFBLK, S_IFCHR, S_IFMT, S_IFREG};
use syscall_translation::types::Timespec;
use syscall_translation::Errno;

use super::{At, Cred, Ctx, FsContext, InodeId, Vfs};
use syscall_translation::flags::AtFlags;

impl Vfs {
    /// Unpack the newc archive `bytes` into the root file system; returns the number of
    /// entries created or updated. An archive error stops the unpacking there (what came
    /// before stays).
    pub fn populate_from_cpio(&mut self, bytes: &'static [u8]) -> Result<usize, initrd::Error> {
        let fs = self.new_fs_context();
        let cred = Cred::root();
        let cx = Ctx::new(&fs, &cred);
        let mut hard_links: BTreeMap<u32, InodeId> = BTreeMap::new();
        let mut count = 0;
        for entry in initrd::Archive::new(bytes).entries() {
            let entry = entry?;
            let path = entry.path();
            if path.split('/').any(|c| c == "..") {
                continue;
            }
            let id = if path.is_empty() {
                Some(self.root)
            } else {
                self.unpack_entry(&cx, &fs, &entry, &mut hard_links).ok()
            };
            let Some(id) = id else { continue };
            if let Ok(inode) = self.inode_mut(id) {
                inode.mode = (inode.mode & S_IFMT) | entry.permissions();
                inode.uid = entry.uid;
                inode.gid = entry.gid;
                let mtime = Timespec { tv_sec: entry.mtime as i64, tv_nsec: 0 };
                inode.mtime = mtime;
                inode.atime = mtime;
                inode.ctime = mtime;
            }
            count += 1;
        }
        Ok(count)
    }

    fn unpack_entry(
        &mut self,
        cx: &Ctx,
        fs: &FsContext,
        entry: &initrd::Entry<'static>,
        hard_links: &mut BTreeMap<u32, InodeId>,
    ) -> Result<InodeId, Errno> {
        let path = alloc::format!("/{}", entry.path());
        let path = path.as_bytes();
        self.make_parents(cx, path)?;
        let existing = self.walk_parent(cx, At::Cwd, path)?.target;
        if let Some(existing) = existing {
            if entry.is_dir() && self.inode(existing)?.is_dir() {
                return Ok(existing);
            }
            let flags = if self.inode(existing)?.is_dir() {
                AtFlags::AT_REMOVEDIR
            } else {
                AtFlags::empty()
            };
            self.unlinkat(cx, At::Cwd, path, flags)?;
        }
        let _ = fs;
        let mode = entry.permissions();
        if entry.is_dir() {
            return self.mkdirat(cx, At::Cwd, path, mode);
        }
        if let Some(target) = entry.symlink_target() {
            return self.symlinkat(cx, target.as_bytes(), At::Cwd, path);
        }
        if entry.is_file() {
            if entry.nlink > 1 {
                if let Some(&first) = hard_links.get(&entry.ino) {
                    let resolved = self.walk_parent(cx, At::Cwd, path)?;
                    let name = resolved.name().ok_or(Errno::EEXIST)?.to_vec();
                    self.link_entry(resolved.parent, &name, first)?;
                    if !entry.data.is_empty() {
                        self.set_static_contents(first, entry.data)?;
                    }
                    return Ok(first);
                }
            }
            let id = self.mknodat(cx, At::Cwd, path, S_IFREG | mode, 0)?;
            self.set_static_contents(id, entry.data)?;
            if entry.nlink > 1 {
                hard_links.insert(entry.ino, id);
            }
            return Ok(id);
        }
        let kind = entry.mode & S_IFMT;
        let rdev = if kind == S_IFCHR || kind == S_IFBLK {
            makedev(entry.rdev_major, entry.rdev_minor)
        } else {
            0
        };
        self.mknodat(cx, At::Cwd, path, kind | mode, rdev)
    }

    /// Create the missing ancestors of `path` (mode 0755).
    fn make_parents(&mut self, cx: &Ctx, path: &[u8]) -> Result<(), Errno> {
        let components: Vec<&[u8]> = path.split(|&b| b == b'/').filter(|c| !c.is_empty()).collect();
        let mut prefix = Vec::new();
        for component in components.iter().take(components.len().saturating_sub(1)) {
            prefix.push(b'/');
            prefix.extend_from_slice(component);
            match self.mkdirat(cx, At::Cwd, &prefix, 0o755) {
                Ok(_) | Err(Errno::EEXIST) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }
}
