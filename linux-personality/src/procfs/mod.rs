//! `/proc` as pure logic: which paths exist and what the files say (proc(5)).
//!
//! Owns the shape of the tree ([`Node`] in `node.rs`; [`walk`], [`lookup`], [`list`] in `walk.rs`) and the
//! text of each file, byte for byte in the format of Linux 6.x: the system files (`meminfo.rs`,
//! `cpuinfo.rs`, `system.rs`) and the per-process ones (`process.rs`, `status.rs`). The server
//! gathers the figures (memory counters, CPUID, the process table, VMAs, mounts) into the plain
//! structs defined here and serves the returned bytes; nothing here knows where they came from.
//! The tests compare each format with the host's own `/proc`.
//!
//! Invariants: every generator is a pure function of its arguments and returns the whole file
//! (the server slices it by read offset); a path names at most one [`Node`]; a node's mode,
//! `d_type` and inode number depend on the node alone.

#![forbid(unsafe_code)]

mod cpuinfo;
mod meminfo;
mod node;
mod process;
mod status;
mod system;
#[cfg(test)]
mod tests;
mod walk;

pub use cpuinfo::{cpuinfo, CpuInfo};
pub use meminfo::{meminfo, MemInfo};
pub use node::{fd_link_mode, KernelFile, Node, ProcessFile, ProcessLink, SystemFile};
pub use process::{
    comm, maps, nul_separated, stat, statm, Capabilities, MemoryUsage, ProcessInfo, SignalSets,
    TaskState, ALL_CAPABILITIES,
};
pub use status::status;
pub use system::{
    cpu_stat, filesystems, hostname, loadavg, mounts, osrelease, ostype, uptime, version, CpuStat,
    FilesystemType, KernelIdentity, LoadAvg, MountEntry, FILESYSTEMS,
};
pub use walk::{fd_entries, list, list_in, lookup, walk, walk_in, DirEntry, View, Walked};
