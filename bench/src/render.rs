//! Rendering a [`Comparison`]: a text table for people, a JSON report for machines.
//!
//! The JSON report is the record kept of a run (STYLE.md 11, "keep the measurement"):
//!
//! ```json
//! {"accel": "tcg", "cpu": "...", "date": "...", "commit": "...",
//!  "tests": [{"name": "null_syscall", "host_ns": 162.7, "linux_ns": 1200.0, "ours_ns": 3400.0,
//!             "percent_of_native": 35.3, "linux_status": "ok", "ours_status": "ok"}],
//!  "geomean_percent": 35.3}
//! ```
//!
//! A time or percent that was not measured is `null`; `host_status`, `linux_status` and
//! `ours_status` say why (`unsupported ...`, `error ...`, `not run: ...`, `missing`). The report
//! also keeps the QEMU machine settings both guests ran with and how long each run took.

use serde::{Deserialize, Serialize};

use crate::compare::{Comparison, Measurement};

/// One test in the JSON report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportTest {
    pub name: String,
    pub host_ns: Option<f64>,
    pub linux_ns: Option<f64>,
    pub ours_ns: Option<f64>,
    pub percent_of_native: Option<f64>,
    #[serde(default)]
    pub host_status: String,
    pub linux_status: String,
    pub ours_status: String,
}

/// Wall-clock seconds of each run (a guest's from QEMU's start to its end, boot included).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Durations {
    pub host_s: Option<f64>,
    pub linux_s: Option<f64>,
    pub ours_s: Option<f64>,
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
    #[serde(default)]
    pub durations: Durations,
    pub tests: Vec<ReportTest>,
    pub geomean_percent: Option<f64>,
}

impl Report {
    /// The report of `comparison`.
    pub fn new(
        comparison: &Comparison,
        accel: &str,
        cpu: &str,
        date: &str,
        commit: &str,
    ) -> Report {
        let tests = comparison
            .rows
            .iter()
            .map(|row| ReportTest {
                name: row.name.clone(),
                host_ns: row.host.ns(),
                linux_ns: row.linux.ns(),
                ours_ns: row.ours.ns(),
                percent_of_native: row.percent,
                host_status: row.host.status(),
                linux_status: row.linux.status(),
                ours_status: row.ours.status(),
            })
            .collect();
        Report {
            accel: accel.into(),
            cpu: cpu.into(),
            date: date.into(),
            commit: commit.into(),
            machine: String::new(),
            durations: Durations::default(),
            tests,
            geomean_percent: comparison.geomean_percent,
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

/// The comparison as an aligned text table, one row per test and a last row with the
/// geometric mean, then [`render_notes`]; it ends with a newline.
pub fn render_table(comparison: &Comparison) -> String {
    let header = ["test", "host", "Linux guest", "ours", "percent"].map(String::from);
    let mut rows: Vec<[String; 5]> = vec![header];
    for row in &comparison.rows {
        rows.push([
            row.name.clone(),
            cell(&row.host),
            cell(&row.linux),
            cell(&row.ours),
            percent_cell(row.percent),
        ]);
    }
    let counted = comparison.rows.iter().filter(|row| row.percent.is_some()).count();
    rows.push([
        format!("geomean ({counted} tests)"),
        String::new(),
        String::new(),
        String::new(),
        percent_cell(comparison.geomean_percent),
    ]);
    let mut widths = [0usize; 5];
    for row in &rows {
        for (width, text) in widths.iter_mut().zip(row) {
            *width = (*width).max(text.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = format!("{:<width$}", row[0], width = widths[0]);
        for (text, width) in row.iter().zip(widths).skip(1) {
            line.push_str(&format!("  {text:>width$}"));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&render_notes(comparison));
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
            "suite lmbench v1\nbench null_syscall 2000 1 ok\n\
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
test                  host  Linux guest         ours  percent
null_syscall       50.0 ns      1.00 us      2.00 us    50.0%
fork_exec                -      2.50 ms  unsupported        -
page_fault               -     40.00 us     20.00 us   200.0%
geomean (2 tests)                                      100.0%
not measured:
  fork_exec: host missing; ours unsupported ENOSYS execve
  page_fault: host missing
";
        assert_eq!(render_table(&sample()), expected);
    }

    #[test]
    fn json_report() {
        let report = Report::new(&sample(), "tcg", "AMD EPYC", "2026-01-01T00:00:00Z", "abc123");
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
        assert_eq!(tests[0]["host_ns"], 50.0);
        assert_eq!(tests[0]["linux_ns"], 1000.0);
        assert_eq!(tests[0]["ours_ns"], 2000.0);
        assert_eq!(tests[0]["percent_of_native"], 50.0);
        assert_eq!(tests[0]["host_status"], "ok");
        assert!(tests[1]["ours_ns"].is_null());
        assert!(tests[1]["percent_of_native"].is_null());
        assert_eq!(tests[1]["ours_status"], "unsupported ENOSYS execve");
        assert!(tests[2]["host_ns"].is_null());
        assert_eq!(Report::from_json(&json).unwrap(), report);
    }

    #[test]
    fn empty_comparison() {
        let empty = Comparison { rows: Vec::new(), geomean_percent: None };
        let table = render_table(&empty);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("test ") && lines[0].ends_with("percent"));
        assert!(lines[1].starts_with("geomean (0 tests) ") && lines[1].ends_with(" -"));
        assert_eq!(lines[0].len(), lines[1].len());
        let report = Report::new(&empty, "kvm", "", "", "");
        assert!(report.to_json().contains("\"geomean_percent\": null"));
    }
}
