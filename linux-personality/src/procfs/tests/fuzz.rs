//! /proc path lookup under hostile paths (issue 10): any bytes, and paths built from /proc's
//! own names, never panic; `walk` hands back a rest that is a suffix of the path.

use proptest::prelude::*;

use crate::procfs::{list, lookup, walk};

const NAMES: &[&str] = &[
    "self",
    "thread-self",
    "1",
    "7",
    "fd",
    "0",
    "3",
    "task",
    "exe",
    "cwd",
    "root",
    "stat",
    "status",
    "maps",
    "mounts",
    "sys",
    "kernel",
    "hostname",
    "meminfo",
    "..",
    ".",
    "",
    "x",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_paths_never_panic(path in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = lookup(&path, 7, &[1, 7]);
        if let Ok(walked) = walk(&path, 7, &[1, 7]) {
            prop_assert!(path.ends_with(walked.rest));
            let _ = list(walked.node, 7, &[1, 7]);
        }
    }

    #[test]
    fn paths_of_proc_names_never_panic(parts in proptest::collection::vec(0..NAMES.len(), 0..8)) {
        let path: std::vec::Vec<&str> = parts.iter().map(|&i| NAMES[i]).collect();
        let path = path.join("/");
        if let Ok(walked) = walk(path.as_bytes(), 7, &[1, 7]) {
            prop_assert!(path.as_bytes().ends_with(walked.rest));
            let _ = list(walked.node, 7, &[1, 7]);
            let _ = walked.node.link_target();
        }
    }
}
