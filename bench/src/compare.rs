//! Comparing runs: percent of native per test, and the geometric mean over the suite.
//!
//! Percent of native is the Linux guest's time divided by ours, times 100 (DESIGN.md, "Percent
//! of native"): 100 is parity, 50 means we take twice as long, 200 half as long. It is defined
//! for a test only when both guests measured it (status `ok`, time above 0); the geometric mean
//! runs over exactly those tests, so that a test we do not support is visible in the table
//! rather than silently dragging or lifting the mean.

use crate::parse::{Status, SuiteOutput};

/// One run's result for one test.
#[derive(Clone, Debug, PartialEq)]
pub enum Measurement {
    /// Median nanoseconds per operation.
    Ns(f64),
    Unsupported(String),
    Error(String),
    /// The runner knows the test did not run, and says why (a hang, a crash, a timeout).
    NotRun(String),
    /// The run printed no line for the test (it stopped early, or it is another version).
    Missing,
}

impl Measurement {
    fn of(output: &SuiteOutput, name: &str) -> Measurement {
        match output.get(name) {
            None => match output.not_run_reason(name) {
                Some(reason) => Measurement::NotRun(reason.to_owned()),
                None => Measurement::Missing,
            },
            Some(line) => match &line.status {
                Status::Ok => Measurement::Ns(line.ns_per_op),
                Status::Unsupported(reason) => Measurement::Unsupported(reason.clone()),
                Status::Error(reason) => Measurement::Error(reason.clone()),
            },
        }
    }

    /// The time, if measured.
    pub fn ns(&self) -> Option<f64> {
        match self {
            Measurement::Ns(ns) => Some(*ns),
            _ => None,
        }
    }

    /// `ok`, `unsupported <reason>`, `error <reason>`, `not run: <reason>` or `missing`, as
    /// in the suite's lines.
    pub fn status(&self) -> String {
        match self {
            Measurement::Ns(_) => "ok".into(),
            Measurement::Unsupported(reason) => format!("unsupported {reason}").trim().into(),
            Measurement::Error(reason) => format!("error {reason}").trim().into(),
            Measurement::NotRun(reason) => format!("not run: {reason}").trim().into(),
            Measurement::Missing => "missing".into(),
        }
    }
}

/// One test across the three runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: String,
    pub host: Measurement,
    pub linux: Measurement,
    pub ours: Measurement,
    /// Linux guest / ours * 100, where both measured the test.
    pub percent: Option<f64>,
    /// Our system's microkernel events per operation (empty where not counted).
    pub ours_per_op: Vec<(String, f64)>,
}

/// All tests across the three runs, and the suite's figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub rows: Vec<Row>,
    /// Geometric mean of `percent` over the rows that have one; `None` if none has.
    pub geomean_percent: Option<f64>,
}

/// `linux_ns / ours_ns * 100`, or `None` unless both are finite and above 0.
pub fn percent_of_native(linux_ns: f64, ours_ns: f64) -> Option<f64> {
    let valid = |ns: f64| ns.is_finite() && ns > 0.0;
    (valid(linux_ns) && valid(ours_ns)).then(|| linux_ns / ours_ns * 100.0)
}

/// Geometric mean; `None` for no values or if any is not finite and above 0.
pub fn geomean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut count = 0usize;
    let mut log_sum = 0.0;
    for value in values {
        if !(value.is_finite() && value > 0.0) {
            return None;
        }
        count += 1;
        log_sum += value.ln();
    }
    (count > 0).then(|| (log_sum / count as f64).exp())
}

/// Lines up the three runs by test name: the Linux guest's order first, then tests only ours
/// printed, then tests only the host printed, then tests only named as not run. Pass
/// `SuiteOutput::default()` for a run not made.
pub fn compare(host: &SuiteOutput, linux: &SuiteOutput, ours: &SuiteOutput) -> Comparison {
    let mut names: Vec<&str> = Vec::new();
    let printed = linux.lines.iter().chain(&ours.lines).chain(&host.lines);
    let not_run = [linux, ours, host].into_iter().flat_map(|run| &run.not_run);
    for name in printed.map(|line| &line.name).chain(not_run.map(|(name, _)| name)) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    let rows: Vec<Row> = names
        .into_iter()
        .map(|name| {
            let ours_measurement = Measurement::of(ours, name);
            let percent = match (Measurement::of(linux, name).ns(), ours_measurement.ns()) {
                (Some(linux_ns), Some(ours_ns)) => percent_of_native(linux_ns, ours_ns),
                _ => None,
            };
            let ours_per_op = match ours.get(name) {
                Some(line) if line.is_ok() => line.per_op.clone(),
                _ => Vec::new(),
            };
            let (host, linux, ours) =
                (Measurement::of(host, name), Measurement::of(linux, name), ours_measurement);
            Row { name: name.to_owned(), host, linux, ours, percent, ours_per_op }
        })
        .collect();
    let geomean_percent = geomean(rows.iter().filter_map(|row| row.percent));
    Comparison { rows, geomean_percent }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_output;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn percent() {
        assert_eq!(percent_of_native(100.0, 100.0), Some(100.0));
        assert_eq!(percent_of_native(100.0, 200.0), Some(50.0));
        assert_eq!(percent_of_native(300.0, 100.0), Some(300.0));
        assert_eq!(percent_of_native(100.0, 0.0), None);
        assert_eq!(percent_of_native(0.0, 100.0), None);
        assert_eq!(percent_of_native(-1.0, 100.0), None);
        assert_eq!(percent_of_native(f64::NAN, 100.0), None);
        assert_eq!(percent_of_native(100.0, f64::INFINITY), None);
    }

    #[test]
    fn geometric_mean() {
        assert_eq!(geomean([]), None);
        assert!(close(geomean([42.0]).unwrap(), 42.0));
        assert!(close(geomean([50.0, 200.0]).unwrap(), 100.0));
        assert!(close(geomean([1.0, 10.0, 100.0]).unwrap(), 10.0));
        assert_eq!(geomean([1.0, 0.0]), None);
        assert_eq!(geomean([1.0, f64::NAN]), None);
        // Large values do not overflow: the mean is taken on logarithms.
        assert!(close(geomean([1e300, 1e300]).unwrap(), 1e300));
    }

    #[test]
    fn compare_three_runs() {
        let host = parse_output(
            "suite lmbench v1\nbench a 10 1 ok\nbench b 20 1 ok\nbench h 5 1 ok\ndone\n",
        )
        .unwrap();
        let linux = parse_output(
            "suite lmbench v1\nbench a 100 1 ok\nbench b 200 1 ok\nbench c 300 1 ok\n\
             bench d 0 0 error ENOENT /bin/sh\ndone\n",
        )
        .unwrap();
        let ours = parse_output(
            "suite lmbench v1\nbench b 100 1 ok\nbench a 400 1 ok\n\
             bench c 0 0 unsupported ENOSYS execve\nbench e 7 1 ok\n",
        )
        .unwrap();
        let comparison = compare(&host, &linux, &ours);
        let names: Vec<&str> = comparison.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "d", "e", "h"]);
        let row = |name: &str| comparison.rows.iter().find(|r| r.name == name).unwrap();
        assert_eq!(row("a").percent, Some(25.0));
        assert_eq!(row("a").host, Measurement::Ns(10.0));
        assert_eq!(row("b").percent, Some(200.0));
        assert_eq!(row("c").percent, None);
        assert_eq!(row("c").ours, Measurement::Unsupported("ENOSYS execve".into()));
        assert_eq!(row("c").ours.status(), "unsupported ENOSYS execve");
        assert_eq!(row("c").host, Measurement::Missing);
        assert_eq!(row("d").linux.status(), "error ENOENT /bin/sh");
        assert_eq!(row("d").ours.status(), "missing");
        assert_eq!(row("e").percent, None);
        assert_eq!(row("h").linux, Measurement::Missing);
        // Only a and b are in both guests: sqrt(25 * 200).
        assert!(close(comparison.geomean_percent.unwrap(), (25.0f64 * 200.0).sqrt()));
    }

    #[test]
    fn not_run_tests_keep_their_row_and_reason() {
        let linux = parse_output("suite lmbench v1\nbench a 10 1 ok\nbench b 10 1 ok\n").unwrap();
        let mut ours = parse_output("suite lmbench v1\nbench a 20 1 ok\n").unwrap();
        ours.mark_not_run("b", "timed out after 60 s");
        ours.mark_not_run("z", "the system crashed");
        let comparison = compare(&SuiteOutput::default(), &linux, &ours);
        let names: Vec<&str> = comparison.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "z"]);
        assert_eq!(comparison.rows[1].ours, Measurement::NotRun("timed out after 60 s".into()));
        assert_eq!(comparison.rows[1].ours.status(), "not run: timed out after 60 s");
        assert_eq!(comparison.rows[2].linux, Measurement::Missing);
        assert!(close(comparison.geomean_percent.unwrap(), 50.0));
    }

    #[test]
    fn nothing_in_common_has_no_mean() {
        let linux = parse_output("suite lmbench v1\nbench a 1 1 ok\n").unwrap();
        let ours = parse_output("suite lmbench v1\nbench b 1 1 ok\n").unwrap();
        let comparison = compare(&SuiteOutput::default(), &linux, &ours);
        assert_eq!(comparison.rows.len(), 2);
        assert_eq!(comparison.geomean_percent, None);
    }
}
