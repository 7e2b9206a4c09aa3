//! The file tree: the boot ramdisk (cpio) as a read-only root, plus device
//! nodes under /dev. Path walk with `.`, `..` and symlinks (at most 40, ELOOP),
//! ENOTDIR and ENAMETOOLONG as path_resolution(7) describes. The writable root,
//! tmpfs and /proc come with the filesystem issue.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use syscall_translation::Errno;

pub const S_IFMT: u32 = 0o170000;
pub const S_IFDIR: u32 = 0o040000;
pub const S_IFREG: u32 = 0o100000;
pub const S_IFLNK: u32 = 0o120000;
pub const S_IFCHR: u32 = 0o020000;

const PATH_MAX: usize = 4096;
const NAME_MAX: usize = 255;
const MAX_SYMLINKS: u32 = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    Null,
    Zero,
    Random,
    Tty,
}

pub struct Node {
    pub mode: u32,
    pub ino: u64,
    pub data: &'static [u8],
    pub target: Option<String>,
    pub device: Option<Device>,
    pub rdev: u64,
    pub children: Vec<String>,
    pub mtime: u64,
}

pub struct Vfs {
    nodes: BTreeMap<String, Node>,
    /// Inode number -> path, for file-backed pages (the pager's lookup).
    by_ino: BTreeMap<u64, String>,
    next_ino: u64,
}

fn parent_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

fn name_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or("")
}

impl Vfs {
    pub fn from_ramdisk(ramdisk: &'static [u8]) -> Vfs {
        let mut vfs = Vfs { nodes: BTreeMap::new(), by_ino: BTreeMap::new(), next_ino: 1_000_000 };
        vfs.insert_dir("/");
        for entry in initrd::Archive::new(ramdisk).entries() {
            let Ok(entry) = entry else { break };
            let name = entry.name.trim_start_matches("./").trim_start_matches('/');
            if name.is_empty() || name == "." {
                continue;
            }
            let path = alloc::format!("/{name}");
            vfs.ensure_parents(&path);
            let node = Node {
                mode: entry.mode,
                ino: entry.ino as u64,
                data: if entry.is_symlink() { &[] } else { entry.data },
                target: entry.symlink_target().map(|t| t.to_string()),
                device: None,
                rdev: 0,
                children: Vec::new(),
                mtime: entry.mtime as u64,
            };
            vfs.add(&path, node);
        }
        vfs.insert_dir("/dev");
        for (name, device, rdev) in [
            ("null", Device::Null, (1 << 8) | 3),
            ("zero", Device::Zero, (1 << 8) | 5),
            ("random", Device::Random, (1 << 8) | 8),
            ("urandom", Device::Random, (1 << 8) | 9),
            ("tty", Device::Tty, 5 << 8),
            ("console", Device::Tty, (5 << 8) | 1),
        ] {
            let ino = vfs.new_ino();
            let path = alloc::format!("/dev/{name}");
            vfs.add(
                &path,
                Node {
                    mode: S_IFCHR | 0o666,
                    ino,
                    data: &[],
                    target: None,
                    device: Some(device),
                    rdev,
                    children: Vec::new(),
                    mtime: 0,
                },
            );
        }
        for dir in ["/tmp", "/proc", "/etc"] {
            vfs.insert_dir(dir);
        }
        vfs
    }

    fn new_ino(&mut self) -> u64 {
        self.next_ino += 1;
        self.next_ino
    }

    fn add(&mut self, path: &str, node: Node) {
        if path != "/" {
            let parent = parent_of(path).to_string();
            let name = name_of(path).to_string();
            if let Some(p) = self.nodes.get_mut(&parent) {
                if !p.children.contains(&name) {
                    p.children.push(name);
                }
            }
        }
        self.by_ino.insert(node.ino, path.to_string());
        match self.nodes.get_mut(path) {
            // A directory entry after its implicit creation keeps its children.
            Some(existing)
                if existing.mode & S_IFMT == S_IFDIR && node.mode & S_IFMT == S_IFDIR =>
            {
                existing.mode = node.mode;
                existing.ino = node.ino;
            }
            _ => {
                self.nodes.insert(path.to_string(), node);
            }
        }
    }

    fn insert_dir(&mut self, path: &str) {
        if self.nodes.contains_key(path) {
            return;
        }
        self.ensure_parents(path);
        let ino = self.new_ino();
        self.add(
            path,
            Node {
                mode: S_IFDIR | 0o755,
                ino,
                data: &[],
                target: None,
                device: None,
                rdev: 0,
                children: Vec::new(),
                mtime: 0,
            },
        );
    }

    fn ensure_parents(&mut self, path: &str) {
        let parent = parent_of(path);
        if parent != path && !self.nodes.contains_key(parent) {
            let parent = parent.to_string();
            self.insert_dir(&parent);
        }
    }

    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// The node with inode number `ino` (for file-backed mappings).
    pub fn by_ino(&self, ino: u64) -> Option<&Node> {
        self.by_ino.get(&ino).and_then(|path| self.nodes.get(path))
    }

    /// Resolves `path` relative to `cwd` to a canonical absolute path of an
    /// existing node, following symlinks (the last one only if `follow`).
    pub fn resolve(&self, cwd: &str, path: &[u8], follow: bool) -> Result<String, Errno> {
        if path.is_empty() {
            return Err(Errno::ENOENT);
        }
        if path.len() >= PATH_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        let path = core::str::from_utf8(path).map_err(|_| Errno::ENOENT)?;
        let mut links = 0;
        self.walk(if path.starts_with('/') { "/" } else { cwd }, path, follow, &mut links)
    }

    fn walk(
        &self,
        start: &str,
        path: &str,
        follow: bool,
        links: &mut u32,
    ) -> Result<String, Errno> {
        let mut current = String::from(start);
        let components: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
        let trailing_slash = path.ends_with('/');
        for (i, component) in components.iter().enumerate() {
            let last = i + 1 == components.len();
            if component.len() > NAME_MAX {
                return Err(Errno::ENAMETOOLONG);
            }
            match *component {
                "." => continue,
                ".." => {
                    current = parent_of(&current).to_string();
                    continue;
                }
                _ => {}
            }
            let dir = self.nodes.get(&current).ok_or(Errno::ENOENT)?;
            if dir.mode & S_IFMT != S_IFDIR {
                return Err(Errno::ENOTDIR);
            }
            let candidate = if current == "/" {
                alloc::format!("/{component}")
            } else {
                alloc::format!("{current}/{component}")
            };
            let node = self.nodes.get(&candidate).ok_or(Errno::ENOENT)?;
            if node.mode & S_IFMT == S_IFLNK && (!last || follow || trailing_slash) {
                *links += 1;
                if *links > MAX_SYMLINKS {
                    return Err(Errno::ELOOP);
                }
                let target = node.target.as_deref().unwrap_or("");
                let base =
                    if target.starts_with('/') { String::from("/") } else { current.clone() };
                current = self.walk(&base, target, true, links)?;
            } else {
                current = candidate;
            }
        }
        if trailing_slash {
            let node = self.nodes.get(&current).ok_or(Errno::ENOENT)?;
            if node.mode & S_IFMT != S_IFDIR {
                return Err(Errno::ENOTDIR);
            }
        }
        Ok(current)
    }
}
