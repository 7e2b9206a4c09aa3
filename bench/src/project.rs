//! A projection to hardware: what our figures might be outside QEMU's TCG, estimated by pricing
//! the microkernel events each operation counted with published per-event costs. It is an
//! estimate, not a measurement, and is labelled so wherever it is shown.
//!
//! Model: on hardware, our time for an operation = the host's time for it (the work Linux does
//! for the same operation, measured natively, taken as the work our server does) + the events
//! the microkernel adds, each priced in cycles ([`HARDWARE_COSTS`]) at the host's clock. The
//! events Linux pays too (the program's own syscall entry, its page-fault exceptions, timer
//! interrupts) are priced at 0, since the host's time already holds them. Projected percent of
//! native = host time / projected time * 100, so it is at most 100: it says what the
//! microkernel's added events cost, not whether the server's own code is faster or slower than
//! Linux's. Events that Linux has as well (the thread switches and address-space switches of
//! a two-process pipe test) are charged again, which makes the projection pessimistic there.

use serde::{Deserialize, Serialize};

/// The price of one microkernel event on hardware.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EventCost {
    /// The counter's name in `/proc/microkernel/counters`.
    pub counter: &'static str,
    /// Cycles per event.
    pub cycles: f64,
    /// Where the figure comes from.
    pub source: &'static str,
}

/// Per-event costs on hardware, with their sources (also in the README).
pub const HARDWARE_COSTS: [EventCost; 10] = [
    EventCost {
        counter: "kernel_calls",
        cycles: 160.0,
        source: "L4Re's published null syscall, 160 cycles on a Xeon Platinum 8352S \
                 (l4re.org/perf): a syscall/sysret round trip into a microkernel",
    },
    EventCost {
        counter: "foreign_syscalls",
        cycles: 0.0,
        source: "0: the program's own syscall entry, which Linux pays as well (in the host time)",
    },
    EventCost {
        counter: "exceptions",
        cycles: 0.0,
        source: "0: the program's own faults, which Linux takes as well (in the host time)",
    },
    EventCost { counter: "page_faults", cycles: 0.0, source: "0: counted in exceptions" },
    EventCost {
        counter: "interrupts",
        cycles: 0.0,
        source: "0: timer interrupts, which Linux takes as well",
    },
    EventCost {
        counter: "cr3_writes",
        cycles: 100.0,
        source: "a CR3 write with PCID, no TLB flush: on the order of a hundred cycles \
                 (DESIGN.md, facts about this machine kind)",
    },
    EventCost {
        counter: "thread_switches",
        cycles: 100.0,
        source: "estimate: kernel stack, TSS rsp0 and FS/GS base writes",
    },
    EventCost {
        counter: "ipc_fast",
        cycles: 770.0,
        source: "L4Re's published one-way IPC between address spaces, 1128 cycles on a Xeon \
                 Platinum 8352S (l4re.org/perf), less the kernel call, thread switch and CR3 \
                 write counted apart (160 + 100 + 100)",
    },
    EventCost {
        counter: "ipc_slow",
        cycles: 1540.0,
        source: "estimate: twice the fast path (queues, capability look-ups)",
    },
    EventCost {
        counter: "page_table_updates",
        cycles: 100.0,
        source: "estimate: a page-table entry write with its INVLPG",
    },
];

/// The clock the projection prices cycles at when the host's is unknown.
pub const DEFAULT_GHZ: f64 = 3.0;

/// Cycles per operation that the counted events cost on hardware; counters without a price
/// cost nothing.
pub fn event_cycles(per_op: &[(String, f64)]) -> f64 {
    per_op
        .iter()
        .filter_map(|(name, count)| {
            HARDWARE_COSTS.iter().find(|cost| cost.counter == name).map(|cost| count * cost.cycles)
        })
        .sum()
}

/// One test's projection.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// Projected nanoseconds per operation of our system on hardware.
    pub ours_ns: f64,
    /// Host time / projected time * 100.
    pub percent_of_native: f64,
}

/// The projection of one operation: `None` without a host time or without counters.
pub fn project(host_ns: Option<f64>, per_op: &[(String, f64)], ghz: f64) -> Option<Projection> {
    let host_ns = host_ns.filter(|ns| ns.is_finite() && *ns > 0.0)?;
    if per_op.is_empty() || !(ghz.is_finite() && ghz > 0.0) {
        return None;
    }
    let ours_ns = host_ns + event_cycles(per_op) / ghz;
    Some(Projection { ours_ns, percent_of_native: host_ns / ours_ns * 100.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counters(list: &[(&str, f64)]) -> Vec<(String, f64)> {
        list.iter().map(|(name, value)| (name.to_string(), *value)).collect()
    }

    #[test]
    fn every_counter_of_the_server_has_a_price_and_a_source() {
        let names = [
            "kernel_calls",
            "foreign_syscalls",
            "exceptions",
            "page_faults",
            "interrupts",
            "cr3_writes",
            "thread_switches",
            "ipc_fast",
            "ipc_slow",
            "page_table_updates",
        ];
        for name in names {
            let cost = HARDWARE_COSTS.iter().find(|cost| cost.counter == name).unwrap();
            assert!(cost.cycles >= 0.0 && !cost.source.is_empty(), "{name}");
        }
        assert_eq!(HARDWARE_COSTS.len(), names.len());
    }

    #[test]
    fn a_forwarded_syscall() {
        // One syscall forwarded to the server and answered: two IPCs, two switches each way.
        let per_op = counters(&[
            ("foreign_syscalls", 1.0),
            ("kernel_calls", 1.0),
            ("ipc_fast", 2.0),
            ("thread_switches", 2.0),
            ("cr3_writes", 2.0),
            ("interrupts", 0.01),
            ("unknown_counter", 5.0),
        ]);
        let cycles = 160.0 + 2.0 * 770.0 + 2.0 * 100.0 + 2.0 * 100.0;
        assert_eq!(event_cycles(&per_op), cycles);
        let projection = project(Some(100.0), &per_op, 3.0).unwrap();
        assert!((projection.ours_ns - (100.0 + cycles / 3.0)).abs() < 1e-9);
        assert!((projection.percent_of_native - 100.0 * 100.0 / projection.ours_ns).abs() < 1e-9);
    }

    #[test]
    fn nothing_to_project() {
        let per_op = counters(&[("kernel_calls", 1.0)]);
        assert_eq!(project(None, &per_op, 3.0), None);
        assert_eq!(project(Some(0.0), &per_op, 3.0), None);
        assert_eq!(project(Some(10.0), &[], 3.0), None);
        assert_eq!(project(Some(10.0), &per_op, 0.0), None);
        // No added events: parity.
        let free = counters(&[("foreign_syscalls", 1.0)]);
        assert_eq!(project(Some(10.0), &free, 3.0).unwrap().percent_of_native, 100.0);
    }
}
