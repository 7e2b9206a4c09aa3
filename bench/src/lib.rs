//! The percent-of-native bench runner (see issue "bench").
//!
//! The suite (`bench/suite/lmbench.c`, one static program) prints one line per test:
//!
//! ```text
//! suite lmbench v1
//! bench <name> <median_ns_per_op> <iterations> ok [key=value...]
//! bench <name> 0 0 unsupported <reason>
//! bench <name> 0 0 error <reason>
//! done
//! ```
//!
//! The same binary runs on the host, in a Linux guest and in our system, with identical QEMU
//! settings for the two guests. This crate reads those outputs ([`parse`]), compares them per
//! test ([`compare`]: percent of native = Linux guest ns / our ns * 100, so 100 is parity and
//! more is faster than Linux; the geometric mean over the tests that succeeded in both guests),
//! and renders a text table and a JSON report ([`render`]) and an SVG chart ([`svg`]). On our
//! system each test also carries the microkernel's event counters per operation, which
//! [`project`] prices with published per-event costs: a projection to hardware, labelled as such. It runs nothing itself: building
//! the suite and booting the guests is `xtask`'s business.
#![forbid(unsafe_code)]

pub mod compare;
pub mod parse;
pub mod project;
pub mod render;
pub mod svg;

pub use compare::{compare, geomean, percent_of_native, Comparison, Measurement, Row};
pub use parse::{parse_line, parse_output, BenchLine, LineError, ParseError, Status, SuiteOutput};
pub use project::{project, EventCost, Projection, DEFAULT_GHZ, HARDWARE_COSTS};
pub use render::{
    events_cell, format_ns, render_notes, render_projection, render_table, Durations, Report,
    ReportTest,
};
pub use svg::render_svg;

/// The suite's source, for the tool that builds it (`musl-gcc -static -O2`).
pub const SUITE_SOURCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/suite/lmbench.c");

/// The tests of `lmbench v1`, in the order the suite runs them (its `--list`).
pub const TEST_NAMES: [&str; 20] = [
    "null_syscall",
    "read_devzero",
    "write_devnull",
    "stat",
    "fstat",
    "open_close",
    "pipe_latency",
    "pipe_bandwidth",
    "unix_latency",
    "fork_exit",
    "fork_exec",
    "fork_sh",
    "context_switch",
    "mmap_touch_1m",
    "page_fault",
    "mmap_file_read",
    "sigaction",
    "signal_delivery",
    "file_read_bandwidth",
    "cpu_sort",
];
