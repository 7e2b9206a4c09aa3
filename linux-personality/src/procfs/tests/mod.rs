//! Host tests of `/proc`: each format against this host's own `/proc` files (`system`,
//! `process`), and the path walk, listings and modes (`lookup`, whose modes and listing orders
//! are also compared with the host's).
//!
//! Lines that depend on the host kernel's configuration (`Zswap`, `CmaTotal`, `vmx flags`,
//! `x86_Thread_features`, ...) are left out of the key-order comparisons on both sides.

mod fuzz;
mod lookup;
mod process;
mod system;

use std::string::String;
use std::vec::Vec;

/// The host's `/proc/<path>` as text, or `None` when this host has no such file (not Linux).
fn host(path: &str) -> Option<String> {
    let bytes = std::fs::read(std::format!("/proc/{path}")).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The key of a `Key:...` line (text before the first colon).
fn key(line: &str) -> &str {
    line.split(':').next().unwrap_or("")
}

/// The keys of `text`'s lines that are not in `optional`.
fn keys<'t>(text: &'t str, optional: &[&str]) -> Vec<&'t str> {
    text.lines().map(key).filter(|k| !optional.contains(&k.trim_end())).collect()
}

/// Our output as text.
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8 output")
}
