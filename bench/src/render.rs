//! Rendering a [`Comparison`]: a text table for people, a JSON report for machines (and an SVG
//! chart of it, [`crate::svg`]).
//!
//! The JSON report is the record kept of a run (STYLE.md 11, "keep the measurement"):
//!
//! ```json
//! {"accel": "tcg", "cpu": "...", "date": "...", "commit": "...",
//!  "tests": [{"name": "null_syscall", "unit": "us", "host": 0.1627, "linux": 1.2, "ours": 3.4,
//!             "percent_of_native": 35.3, "host_status": "ok", "linux_status": "ok",
//!             "ours_status": "ok", "ours_per_op": {"cr3_writes": 2.0, ...},
//!             "projected_ours": 0.95, "projected_percent_of_native": 17.1}],
//!  "geomean_percent": 35.3, "projection": {...}}
//! ```
//!
//! Times are in `unit` (microseconds). A time or percent that was not measured is `null`;
//! `host_status`, `linux_status` and `ours_status` say why (`unsupported ...`, `error ...`,
//! `not run: ...`, `missing`). `ours_per_op` holds the microkernel's events per operation where
//! our system counted them. `projected_*` and `projection` are an estimate for hardware
//! ([`crate::project`]), never a measurement. The report also keeps the QEMU machine settings
//! both guests ran with and how long each run took.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::compare::{geomean, Comparison, Measurement};
use crate::project::{self, HARDWARE_COSTS};

/// The unit of the report's times.
pub const UNIT: &str = "us";

/// One test in the JSON report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportTest {
    pub name: String,
    /// The unit of `host`, `linux`, `ours` and `projected_ours`: always [`UNIT`].
    pub unit: String,
    pub host: Option<f64>,
    pub linux: Option<f64>,
    pub ours: Option<f64>,
    pub percent_of_native: Option<f64>,
    pub host_status: String,
    pub linux_status: String,
    pub ours_status: String,
    /// Microkernel events per operation on our system (empty where not counted).
    #[serde(default)]
    pub ours_per_op: BTreeMap<String, f64>,
    /// Projected time of ours on hardware (an estimate, see [`crate::project`]).
    #[serde(default)]
    pub projected_ours: Option<f64>,
    #[serde(default)]
    pub projected_percent_of_native: Option<f64>,
}

/// Wall-clock seconds of each run (a guest's from QEMU's start to its end, boot included).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Durations {
    pub host_s: Option<f64>,
    pub linux_s: Option<f64>,
    pub ours_s: Option<f64>,
}

/// One priced event of the projection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PricedEvent {
    pub counter: String,
    pub cycles: f64,
    pub source: String,
}

/// How the projection to hardware was made, and its mean.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectionInfo {
    /// Always says that this is an estimate.
    pub note: String,
    /// The clock cycles are priced at.
    pub ghz: f64,
    pub costs: Vec<PricedEvent>,
    /// Geometric mean of `projected_percent_of_native` over the tests that have one.
    pub geomean_percent: Option<f64>,
}

/// The JSON report of one comparison, with what it was measured on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// QEMU's accelerator for both guests: `tcg` or `kvm`.
    pub accel: String,
    /// The host CPU's model name.
    pub cpu: String,
    /// When the measurement was made (RFC 3339).
    pub date: String,
    /// The commit measured.
    pub commit: String,
    /// QEMU's machine options, the same for both guests (`-accel tcg -cpu max ...`).
    #[serde(default)]
    pub machine: String,
    /// Whether the suite ran with `--quick` (fewer iterations).
    #[serde(default)]
    pub quick: bool,
    #[serde(default)]
    pub durations: Durations,
    pub tests: Vec<ReportTest>,
    pub geomean_percent: Option<f64>,
    pub projection: ProjectionInfo,
}

fn micros(ns: Option<f64>) -> Option<f64> {
    ns.map(|ns| ns / 1e3)
}

impl Report {
    /// The report of `comparison`, with its projection priced at `ghz`.
    pub fn new(
        comparison: &Comparison,
        accel: &str,
        cpu: &str,
        date: &str,
        commit: &str,
        ghz: f64,
    ) -> Report {
        let tests: Vec<ReportTest> = comparison
            .rows
            .iter()
            .map(|row| {
                let projection = project::project(row.host.ns(), &row.ours_per_op, ghz);
                ReportTest {
                    name: row.name.clone(),
                    unit: UNIT.into(),
                    host: micros(row.host.ns()),
                    linux: micros(row.linux.ns()),
                    ours: micros(row.ours.ns()),
                    percent_of_native: row.percent,
                    host_status: row.host.status(),
                    linux_status: row.linux.status(),
                    ours_status: row.ours.status(),
                    ours_per_op: row.ours_per_op.iter().cloned().collect(),
                    projected_ours: micros(projection.map(|p| p.ours_ns)),
                    projected_percent_of_native: projection.map(|p| p.percent_of_native),
                }
            })
            .collect();
        let projected_mean = geomean(tests.iter().filter_map(|t| t.projected_percent_of_native));
        Report {
            accel: accel.into(),
            cpu: cpu.into(),
            date: date.into(),
            commit: commit.into(),
            machine: String::new(),
            quick: false,
            durations: Durations::default(),
            tests,
            geomean_percent: comparison.geomean_percent,
            projection: ProjectionInfo {
                note: "a projection to hardware, not a measurement: the host's time plus the \
                       microkernel events counted per operation, priced with published \
                       per-event costs"
                    .into(),
                ghz,
                costs: HARDWARE_COSTS
                    .iter()
                    .map(|cost| PricedEvent {
                        counter: cost.counter.into(),
                        cycles: cost.cycles,
                        source: cost.source.into(),
                    })
                    .collect(),
                geomean_percent: projected_mean,
            },
        }
    }

    /// Pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a Report always serialises");
        text.push('\n');
        text
    }

    /// Reads a report written by [`Report::to_json`].
    pub fn from_json(text: &str) -> Result<Report, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Checks what the smoke test of `cargo xtask test` asks of a report, and nothing about
    /// speed: the accelerator, date and commit are stated, every test of `expected` has a row
    /// in the stated unit with a positive Linux time, and every figure present is finite and
    /// positive (a percent only where both guests have a time).
    pub fn check_well_formed(&self, expected: &[&str]) -> Result<(), String> {
        for (field, value) in
            [("accel", &self.accel), ("date", &self.date), ("commit", &self.commit)]
        {
            if value.trim().is_empty() {
                return Err(format!("empty {field}"));
            }
        }
        let positive = |value: Option<f64>| value.is_none_or(|v| v.is_finite() && v > 0.0);
        for name in expected {
            let test = self
                .tests
                .iter()
                .find(|test| test.name == *name)
                .ok_or_else(|| format!("no row for {name}"))?;
            if test.unit != UNIT {
                return Err(format!("{name}: unit {:?}, not {UNIT:?}", test.unit));
            }
            if test.linux.is_none() {
                return Err(format!("{name}: no time on Linux ({})", test.linux_status));
            }
        }
        for test in &self.tests {
            let name = &test.name;
            let figures = [test.host, test.linux, test.ours, test.percent_of_native];
            if !figures.into_iter().all(positive) {
                return Err(format!("{name}: a figure is not finite and positive"));
            }
            if test.percent_of_native.is_some() != (test.linux.is_some() && test.ours.is_some()) {
                return Err(format!("{name}: percent_of_native does not match the times"));
            }
            if test.ours.is_none() && test.ours_status == "ok" {
                return Err(format!("{name}: ours has status ok but no time"));
            }
        }
        if !positive(self.geomean_percent) {
            return Err("geomean_percent is not finite and positive".into());
        }
        Ok(())
    }
}

/// A time with a unit that keeps three or four significant digits: `162.7 ns`, `28.23 us`.
pub fn format_ns(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.1} ns")
    } else if ns < 1e6 {
        format!("{:.2} us", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

fn cell(measurement: &Measurement) -> String {
    match measurement {
        Measurement::Ns(ns) => format_ns(*ns),
        Measurement::Unsupported(_) => "unsupported".into(),
        Measurement::Error(_) => "error".into(),
        Measurement::NotRun(_) => "not run".into(),
        Measurement::Missing => "-".into(),
    }
}

/// Lines saying why each unmeasured cell of the guests and the host is empty, one a test:
/// `  fork_exec: ours unsupported ENOSYS execve; host missing`.
pub fn render_notes(comparison: &Comparison) -> String {
    let mut out = String::new();
    for row in &comparison.rows {
        let runs = [("host", &row.host), ("Linux guest", &row.linux), ("ours", &row.ours)];
        let notes: Vec<String> = runs
            .iter()
            .filter(|(_, measurement)| measurement.ns().is_none())
            .map(|(run, measurement)| format!("{run} {}", measurement.status()))
            .collect();
        if !notes.is_empty() {
            out.push_str(&format!("  {}: {}\n", row.name, notes.join("; ")));
        }
    }
    if out.is_empty() {
        out
    } else {
        format!("not measured:\n{out}")
    }
}

fn percent_cell(percent: Option<f64>) -> String {
    percent.map_or_else(|| "-".into(), |p| format!("{p:.1}%"))
}

/// Short labels of the microkernel counters for the table's events column, in its order.
const COUNTER_LABELS: [(&str, &str); 9] = [
    ("foreign_syscalls", "sys"),
    ("exceptions", "exc"),
    ("kernel_calls", "k"),
    ("ipc_fast", "ipc"),
    ("ipc_slow", "ipc_slow"),
    ("thread_switches", "sw"),
    ("cr3_writes", "cr3"),
    ("page_table_updates", "pte"),
    ("page_faults", "pf"),
];

fn count_text(count: f64) -> String {
    if (count - count.round()).abs() < 0.05 || count >= 10.0 {
        format!("{count:.0}")
    } else {
        format!("{count:.1}")
    }
}

/// The events column: `sys=1 k=1 ipc=2 sw=2 cr3=2`, counters under 0.05 left out (interrupts
/// always: they are the timer's), or `-` where none were counted.
pub fn events_cell(per_op: &[(String, f64)]) -> String {
    let cells: Vec<String> = COUNTER_LABELS
        .iter()
        .filter_map(|(counter, label)| {
            let (_, count) = per_op.iter().find(|(name, _)| name == counter)?;
            (*count >= 0.05).then(|| format!("{label}={}", count_text(*count)))
        })
        .collect();
    if cells.is_empty() {
        "-".into()
    } else {
        cells.join(" ")
    }
}

/// Lines of cells as an aligned table: the first column to the left, the others to the right,
/// except a last column `left_last` (text) to the left.
fn aligned<const N: usize>(rows: &[[String; N]], left_last: bool) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (width, text) in widths.iter_mut().zip(row) {
            *width = (*width).max(text.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = format!("{:<width$}", row[0], width = widths[0]);
        for (column, (text, width)) in row.iter().zip(widths).enumerate().skip(1) {
            if left_last && column == N - 1 {
                line.push_str(&format!("  {text:<width$}"));
            } else {
                line.push_str(&format!("  {text:>width$}"));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The comparison as an aligned text table, one row per test and a last row with the
/// geometric mean, then [`render_notes`]; it ends with a newline. The last column holds our
/// system's microkernel events per operation ([`events_cell`]).
pub fn render_table(comparison: &Comparison) -> String {
    let header =
        ["test", "host", "Linux guest", "ours", "percent", "ours: events/op"].map(String::from);
    let mut rows: Vec<[String; 6]> = vec![header];
    for row in &comparison.rows {
        rows.push([
            row.name.clone(),
            cell(&row.host),
            cell(&row.linux),
            cell(&row.ours),
            percent_cell(row.percent),
            events_cell(&row.ours_per_op),
        ]);
    }
    let counted = comparison.rows.iter().filter(|row| row.percent.is_some()).count();
    rows.push([
        format!("geomean ({counted} tests)"),
        String::new(),
        String::new(),
        String::new(),
        percent_cell(comparison.geomean_percent),
        String::new(),
    ]);
    let mut out = aligned(&rows, true);
    out.push_str(&render_notes(comparison));
    out
}

/// The projection to hardware as a table, clearly labelled as an estimate: per test the
/// host's time, our projected time and percent, and the cycles the counted events cost.
pub fn render_projection(report: &Report) -> String {
    let ghz = report.projection.ghz;
    let mut out = format!(
        "projection to hardware (an estimate, not a measurement: host time + counted \
         microkernel events priced in cycles at {ghz:.2} GHz; see the README):\n"
    );
    let header = ["test", "host", "ours projected", "percent", "events cost"].map(String::from);
    let mut rows: Vec<[String; 5]> = vec![header];
    let mut any = false;
    for test in &report.tests {
        let Some(projected) = test.projected_ours else { continue };
        any = true;
        let per_op: Vec<(String, f64)> =
            test.ours_per_op.iter().map(|(k, v)| (k.clone(), *v)).collect();
        rows.push([
            test.name.clone(),
            test.host.map_or_else(|| "-".into(), |us| format_ns(us * 1e3)),
            format_ns(projected * 1e3),
            percent_cell(test.projected_percent_of_native),
            format!("{:.0} cycles", project::event_cycles(&per_op)),
        ]);
    }
    if !any {
        out.push_str("  (no test has both a host time and microkernel counters)\n");
        return out;
    }
    let counted = rows.len() - 1;
    rows.push([
        format!("geomean ({counted} tests)"),
        String::new(),
        String::new(),
        percent_cell(report.projection.geomean_percent),
        String::new(),
    ]);
    out.push_str(&aligned(&rows, false));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare;
    use crate::parse::parse_output;

    fn sample() -> Comparison {
        let host = parse_output("suite lmbench v1\nbench null_syscall 50 1 ok\ndone\n").unwrap();
        let linux = parse_output(
            "suite lmbench v1\nbench null_syscall 1000 1 ok\nbench fork_exec 2500000 1 ok\n\
             bench page_fault 40000 1 ok\ndone\n",
        )
        .unwrap();
        let ours = parse_output(
            "suite lmbench v1\nbench null_syscall 2000 1 ok per_op kernel_calls=1 \
             foreign_syscalls=1 exceptions=0 interrupts=0.02 cr3_writes=2 ipc_fast=2 \
             thread_switches=2\n\
             bench fork_exec 0 0 unsupported ENOSYS execve\nbench page_fault 20000 1 ok\ndone\n",
        )
        .unwrap();
        compare(&host, &linux, &ours)
    }

    #[test]
    fn units() {
        assert_eq!(format_ns(162.74), "162.7 ns");
        assert_eq!(format_ns(28_230.0), "28.23 us");
        assert_eq!(format_ns(2_500_000.0), "2.50 ms");
        assert_eq!(format_ns(3.2e9), "3.20 s");
    }

    #[test]
    fn table() {
        let expected = "\
test                  host  Linux guest         ours  percent  ours: events/op
null_syscall       50.0 ns      1.00 us      2.00 us    50.0%  sys=1 k=1 ipc=2 sw=2 cr3=2
fork_exec                -      2.50 ms  unsupported        -  -
page_fault               -     40.00 us     20.00 us   200.0%  -
geomean (2 tests)                                      100.0%
not measured:
  fork_exec: host missing; ours unsupported ENOSYS execve
  page_fault: host missing
";
        assert_eq!(render_table(&sample()), expected);
    }

    #[test]
    fn events_column() {
        let per_op = |list: &[(&str, f64)]| -> Vec<(String, f64)> {
            list.iter().map(|(k, v)| (k.to_string(), *v)).collect()
        };
        assert_eq!(events_cell(&[]), "-");
        assert_eq!(events_cell(&per_op(&[("interrupts", 3.0), ("ipc_fast", 0.01)])), "-");
        assert_eq!(
            events_cell(&per_op(&[("cr3_writes", 2.26), ("page_faults", 256.4), ("k", 1.0)])),
            "cr3=2.3 pf=256"
        );
    }

    #[test]
    fn json_report() {
        let report =
            Report::new(&sample(), "tcg", "AMD EPYC", "2026-01-01T00:00:00Z", "abc123", 2.0);
        let json = report.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["accel"], "tcg");
        assert_eq!(value["cpu"], "AMD EPYC");
        assert_eq!(value["date"], "2026-01-01T00:00:00Z");
        assert_eq!(value["commit"], "abc123");
        assert!((value["geomean_percent"].as_f64().unwrap() - 100.0).abs() < 1e-9);
        let tests = value["tests"].as_array().unwrap();
        assert_eq!(tests.len(), 3);
        assert_eq!(tests[0]["name"], "null_syscall");
        assert_eq!(tests[0]["unit"], "us");
        assert_eq!(tests[0]["host"], 0.05);
        assert_eq!(tests[0]["linux"], 1.0);
        assert_eq!(tests[0]["ours"], 2.0);
        assert_eq!(tests[0]["percent_of_native"], 50.0);
        assert_eq!(tests[0]["host_status"], "ok");
        assert_eq!(tests[0]["ours_per_op"]["cr3_writes"], 2.0);
        // 50 ns + (160 + 2 * 770 + 2 * 100 + 2 * 100) cycles at 2 GHz = 1100 ns.
        assert!((tests[0]["projected_ours"].as_f64().unwrap() - 1.1).abs() < 1e-9);
        let projected = tests[0]["projected_percent_of_native"].as_f64().unwrap();
        assert!((projected - 50.0 / 1100.0 * 100.0).abs() < 1e-9);
        assert!(tests[1]["ours"].is_null());
        assert!(tests[1]["percent_of_native"].is_null());
        assert!(tests[1]["projected_ours"].is_null());
        assert_eq!(tests[1]["ours_status"], "unsupported ENOSYS execve");
        assert!(tests[2]["host"].is_null());
        assert!(value["projection"]["note"].as_str().unwrap().contains("not a measurement"));
        assert_eq!(value["projection"]["ghz"], 2.0);
        assert_eq!(Report::from_json(&json).unwrap(), report);
        assert_eq!(report.check_well_formed(&["null_syscall", "page_fault", "fork_exec"]), Ok(()));
        let projection = render_projection(&report);
        assert!(projection.starts_with("projection to hardware (an estimate, not a measurement"));
        assert!(
            projection.contains("null_syscall       50.0 ns         1.10 us     4.5%  2100 cycles")
        );
    }

    #[test]
    fn well_formed_reports() {
        let report = Report::new(&sample(), "tcg", "cpu", "2026-01-01T00:00:00Z", "abc", 3.0);
        assert_eq!(report.check_well_formed(&[]), Ok(()));
        assert_eq!(report.check_well_formed(&["stat"]), Err("no row for stat".into()));
        let mut broken = report.clone();
        broken.tests[1].linux = None;
        broken.tests[1].linux_status = "not run: timed out".into();
        assert_eq!(
            broken.check_well_formed(&["fork_exec"]),
            Err("fork_exec: no time on Linux (not run: timed out)".into())
        );
        let mut broken = report.clone();
        broken.tests[0].unit = "ns".into();
        assert!(broken.check_well_formed(&["null_syscall"]).is_err());
        let mut broken = report.clone();
        broken.tests[0].ours = Some(f64::NAN);
        assert!(broken.check_well_formed(&[]).is_err());
        let mut broken = report.clone();
        broken.tests[2].percent_of_native = None;
        assert!(broken.check_well_formed(&[]).is_err());
        let mut broken = report;
        broken.date = String::new();
        assert_eq!(broken.check_well_formed(&[]), Err("empty date".into()));
    }

    #[test]
    fn empty_comparison() {
        let empty = Comparison { rows: Vec::new(), geomean_percent: None };
        let table = render_table(&empty);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("test ") && lines[0].ends_with("ours: events/op"));
        assert!(lines[1].starts_with("geomean (0 tests) ") && lines[1].ends_with(" -"));
        let report = Report::new(&empty, "kvm", "", "", "", 3.0);
        assert!(report.to_json().contains("\"geomean_percent\": null"));
        assert!(render_projection(&report).contains("no test has both"));
    }
}
