//! Parsing the suite's output: `bench <name> <ns_per_op> <iterations> <status>` lines.
//!
//! Invariants of a parsed [`BenchLine`]: the name is non-empty and made of ASCII letters,
//! digits, `_`, `-` and `.`; `ns_per_op` is finite and not negative, and positive when the
//! status is [`Status::Ok`]. A guest's console may carry other lines (boot messages) around the
//! suite's: lines before `suite` and after `done` are ignored, and so are lines between them
//! that do not start with `bench`; a malformed `bench` line is an error, never skipped.

use std::fmt;

/// How a test ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Measured.
    Ok,
    /// A needed system call failed with ENOSYS; the reason names it.
    Unsupported(String),
    /// Anything else failed; the reason says what.
    Error(String),
}

/// One `bench` line.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchLine {
    pub name: String,
    /// Median over the batches of nanoseconds per operation (0 unless `status` is `Ok`).
    pub ns_per_op: f64,
    /// Timed operations, all batches together.
    pub iterations: u64,
    pub status: Status,
    /// `key=value` fields after `ok`, such as `MB/s=1015.0`, in order.
    pub extras: Vec<(String, String)>,
    /// Microkernel events per operation (`per_op name=value...` after `ok`, our system only),
    /// in the suite's order: `("cr3_writes", 2.0)`.
    pub per_op: Vec<(String, f64)>,
}

impl BenchLine {
    /// Whether the test was measured.
    pub fn is_ok(&self) -> bool {
        self.status == Status::Ok
    }

    /// The value of an extra field, such as `extra("MB/s")`.
    pub fn extra(&self, key: &str) -> Option<&str> {
        self.extras.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Events per operation of the microkernel counter `name`, if the line has it.
    pub fn per_op(&self, name: &str) -> Option<f64> {
        self.per_op.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
    }
}

/// What is wrong with one `bench` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineError {
    /// The line does not start with the word `bench`.
    NotABenchLine,
    /// Fewer than the five fields `bench name ns iterations status`.
    MissingField(&'static str),
    BadName(String),
    BadTime(String),
    BadIterations(String),
    /// The status is not `ok`, `unsupported` or `error`.
    BadStatus(String),
    /// A field after `ok` is not `key=value`.
    BadExtra(String),
    /// A field after `per_op` is not `name=<finite number, not negative>`.
    BadCounter(String),
    /// `ok` with a time of 0.
    ZeroTimeOk,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::NotABenchLine => write!(f, "not a `bench` line"),
            LineError::MissingField(field) => write!(f, "missing field <{field}>"),
            LineError::BadName(name) => write!(f, "bad test name {name:?}"),
            LineError::BadTime(time) => write!(f, "bad time {time:?}"),
            LineError::BadIterations(count) => write!(f, "bad iteration count {count:?}"),
            LineError::BadStatus(status) => write!(f, "bad status {status:?}"),
            LineError::BadExtra(extra) => write!(f, "bad extra field {extra:?}"),
            LineError::BadCounter(counter) => write!(f, "bad per_op counter {counter:?}"),
            LineError::ZeroTimeOk => write!(f, "status ok with a time of 0"),
        }
    }
}

impl std::error::Error for LineError {}

/// What is wrong with a suite's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// A malformed `bench` line, with its 1-based line number.
    Line { line: usize, error: LineError },
    /// No `suite` line: the suite did not start (or this is not its output).
    MissingHeader,
    /// The `suite` line names another suite or version than `lmbench v1`.
    UnknownSuite(String),
    /// The same test twice.
    Duplicate { line: usize, name: String },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Line { line, error } => write!(f, "line {line}: {error}"),
            ParseError::MissingHeader => write!(f, "no `suite lmbench v1` line"),
            ParseError::UnknownSuite(header) => write!(f, "unknown suite {header:?}"),
            ParseError::Duplicate { line, name } => write!(f, "line {line}: test {name} twice"),
        }
    }
}

impl std::error::Error for ParseError {}

/// The results of one run of the suite.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SuiteOutput {
    pub lines: Vec<BenchLine>,
    /// Whether the `done` line was seen: false means the run stopped early (a crash, a timeout)
    /// and `lines` holds the tests that finished before.
    pub complete: bool,
    /// Tests the runner knows did not run, with why (the guest hung in it, crashed, timed
    /// out): filled by the runner, never by [`parse_output`]. A test has a line or a not-run
    /// entry, never both.
    pub not_run: Vec<(String, String)>,
}

impl SuiteOutput {
    /// The line of the test `name`.
    pub fn get(&self, name: &str) -> Option<&BenchLine> {
        self.lines.iter().find(|line| line.name == name)
    }

    /// Why the test `name` did not run, if the runner said.
    pub fn not_run_reason(&self, name: &str) -> Option<&str> {
        self.not_run.iter().find(|(n, _)| n == name).map(|(_, reason)| reason.as_str())
    }

    /// Records that the test `name` did not run, unless it has a line or a reason already.
    pub fn mark_not_run(&mut self, name: &str, reason: &str) {
        if self.get(name).is_none() && self.not_run_reason(name).is_none() {
            self.not_run.push((name.to_owned(), reason.to_owned()));
        }
    }

    /// Adds the lines of `other` (a later run of the tests this one lacks) that this one does
    /// not have yet; `complete` becomes `other`'s.
    pub fn merge(&mut self, other: SuiteOutput) {
        for line in other.lines {
            if self.get(&line.name).is_none() {
                self.not_run.retain(|(name, _)| *name != line.name);
                self.lines.push(line);
            }
        }
        for (name, reason) in other.not_run {
            self.mark_not_run(&name, &reason);
        }
        self.complete = other.complete;
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// Parses one `bench` line (surrounding white space, a `\r` from a serial console included,
/// is ignored).
pub fn parse_line(line: &str) -> Result<BenchLine, LineError> {
    let mut words = line.split_whitespace();
    if words.next() != Some("bench") {
        return Err(LineError::NotABenchLine);
    }
    let name = words.next().ok_or(LineError::MissingField("name"))?;
    let time = words.next().ok_or(LineError::MissingField("median_ns_per_op"))?;
    let count = words.next().ok_or(LineError::MissingField("iterations"))?;
    let status = words.next().ok_or(LineError::MissingField("status"))?;
    if !valid_name(name) {
        return Err(LineError::BadName(name.into()));
    }
    let ns_per_op: f64 = time.parse().map_err(|_| LineError::BadTime(time.into()))?;
    if !ns_per_op.is_finite() || ns_per_op < 0.0 {
        return Err(LineError::BadTime(time.into()));
    }
    let iterations: u64 = count.parse().map_err(|_| LineError::BadIterations(count.into()))?;
    let rest: Vec<&str> = words.collect();
    let mut extras = Vec::new();
    let mut per_op = Vec::new();
    let status = match status {
        "ok" => {
            if ns_per_op == 0.0 {
                return Err(LineError::ZeroTimeOk);
            }
            let mut counters = false;
            for word in rest {
                if word == "per_op" && !counters {
                    counters = true;
                    continue;
                }
                if counters {
                    let value = word
                        .split_once('=')
                        .filter(|(key, _)| valid_name(key))
                        .and_then(|(key, value)| Some((key, value.parse::<f64>().ok()?)))
                        .filter(|(_, value)| value.is_finite() && *value >= 0.0);
                    match value {
                        Some((key, value)) => per_op.push((key.to_owned(), value)),
                        None => return Err(LineError::BadCounter(word.into())),
                    }
                    continue;
                }
                match word.split_once('=') {
                    Some((key, value)) if !key.is_empty() => {
                        extras.push((key.to_owned(), value.to_owned()))
                    }
                    _ => return Err(LineError::BadExtra(word.into())),
                }
            }
            Status::Ok
        }
        "unsupported" => Status::Unsupported(rest.join(" ")),
        "error" => Status::Error(rest.join(" ")),
        other => return Err(LineError::BadStatus(other.into())),
    };
    Ok(BenchLine { name: name.to_owned(), ns_per_op, iterations, status, extras, per_op })
}

/// Parses a whole run's output; see the module docs for what is skipped.
pub fn parse_output(text: &str) -> Result<SuiteOutput, ParseError> {
    let mut output = SuiteOutput::default();
    let mut started = false;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let number = index + 1;
        if !started {
            if let Some(header) = line.strip_prefix("suite ") {
                if header.split_whitespace().collect::<Vec<_>>() != ["lmbench", "v1"] {
                    return Err(ParseError::UnknownSuite(header.into()));
                }
                started = true;
            }
            continue;
        }
        if line == "done" {
            output.complete = true;
            break;
        }
        if line.split_whitespace().next() != Some("bench") {
            continue;
        }
        let parsed = parse_line(line).map_err(|error| ParseError::Line { line: number, error })?;
        if output.get(&parsed.name).is_some() {
            return Err(ParseError::Duplicate { line: number, name: parsed.name });
        }
        output.lines.push(parsed);
    }
    if !started {
        return Err(ParseError::MissingHeader);
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_line() {
        let line = parse_line("bench null_syscall 162.7 10000 ok").unwrap();
        assert_eq!(line.name, "null_syscall");
        assert_eq!(line.ns_per_op, 162.7);
        assert_eq!(line.iterations, 10000);
        assert_eq!(line.status, Status::Ok);
        assert!(line.is_ok());
        assert!(line.extras.is_empty());
    }

    #[test]
    fn ok_line_with_extras_and_carriage_return() {
        let line = parse_line("  bench pipe_bandwidth 64569.7 100 ok MB/s=1015.0 x=\r").unwrap();
        assert_eq!(line.extra("MB/s"), Some("1015.0"));
        assert_eq!(line.extra("x"), Some(""));
        assert_eq!(line.extra("y"), None);
    }

    #[test]
    fn per_op_counters() {
        let line = parse_line(
            "bench null_syscall 16095.8 10000 ok per_op kernel_calls=3 cr3_writes=2.0 ipc_fast=1.5e0",
        )
        .unwrap();
        assert!(line.extras.is_empty());
        assert_eq!(line.per_op("kernel_calls"), Some(3.0));
        assert_eq!(line.per_op("cr3_writes"), Some(2.0));
        assert_eq!(line.per_op("ipc_fast"), Some(1.5));
        assert_eq!(line.per_op("exceptions"), None);
        let line = parse_line("bench p 10 1 ok MB/s=9.5 per_op ipc_slow=0").unwrap();
        assert_eq!(line.extra("MB/s"), Some("9.5"));
        assert_eq!(line.per_op, [("ipc_slow".to_string(), 0.0)]);
        for bad in ["x", "a=-1", "a=nan", "=1", "a=", "per_op"] {
            assert_eq!(
                parse_line(&format!("bench a 1 1 ok per_op {bad}")),
                Err(LineError::BadCounter(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn unsupported_and_error_keep_their_reason() {
        let line = parse_line("bench fork_exec 0 0 unsupported ENOSYS execve").unwrap();
        assert_eq!(line.status, Status::Unsupported("ENOSYS execve".into()));
        assert!(!line.is_ok());
        let line = parse_line("bench fork_sh 0 0 error ENOENT /bin/sh").unwrap();
        assert_eq!(line.status, Status::Error("ENOENT /bin/sh".into()));
        let line = parse_line("bench stat 0 0 unsupported").unwrap();
        assert_eq!(line.status, Status::Unsupported(String::new()));
    }

    #[test]
    fn integer_and_exponent_times_parse() {
        assert_eq!(parse_line("bench a 12 1 ok").unwrap().ns_per_op, 12.0);
        assert_eq!(parse_line("bench a 1.5e3 1 ok").unwrap().ns_per_op, 1500.0);
    }

    #[test]
    fn malformed_lines() {
        let cases: &[(&str, LineError)] = &[
            ("", LineError::NotABenchLine),
            ("benchmark a 1 1 ok", LineError::NotABenchLine),
            ("bench", LineError::MissingField("name")),
            ("bench a", LineError::MissingField("median_ns_per_op")),
            ("bench a 1", LineError::MissingField("iterations")),
            ("bench a 1 1", LineError::MissingField("status")),
            ("bench a/b 1 1 ok", LineError::BadName("a/b".into())),
            ("bench a fast 1 ok", LineError::BadTime("fast".into())),
            ("bench a -1 1 ok", LineError::BadTime("-1".into())),
            ("bench a NaN 1 ok", LineError::BadTime("NaN".into())),
            ("bench a inf 1 ok", LineError::BadTime("inf".into())),
            ("bench a 1 -3 ok", LineError::BadIterations("-3".into())),
            ("bench a 1 1.5 ok", LineError::BadIterations("1.5".into())),
            ("bench a 1 1 fine", LineError::BadStatus("fine".into())),
            ("bench a 1 1 OK", LineError::BadStatus("OK".into())),
            ("bench a 1 1 ok MB/s", LineError::BadExtra("MB/s".into())),
            ("bench a 1 1 ok =3", LineError::BadExtra("=3".into())),
            ("bench a 0 5 ok", LineError::ZeroTimeOk),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_line(text).as_ref(), Err(expected), "{text:?}");
        }
    }

    const RUN: &str = "\
[    0.123] Linux version 6.1 (boot noise)
suite lmbench v1
bench null_syscall 162.7 10000 ok
some stray console line
bench fork_exec 0 0 unsupported ENOSYS execve
done
bench ignored_after_done 1 1 ok
";

    #[test]
    fn whole_output() {
        let output = parse_output(RUN).unwrap();
        assert!(output.complete);
        let names: Vec<&str> = output.lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["null_syscall", "fork_exec"]);
        assert_eq!(output.get("null_syscall").unwrap().ns_per_op, 162.7);
        assert!(output.get("ignored_after_done").is_none());
    }

    #[test]
    fn incomplete_output_keeps_what_finished() {
        let output = parse_output("suite lmbench v1\nbench a 5 1 ok\nbench b 7").unwrap_err();
        assert_eq!(
            output,
            ParseError::Line { line: 3, error: LineError::MissingField("iterations") }
        );
        let output = parse_output("suite lmbench v1\r\nbench a 5 1 ok\r\n").unwrap();
        assert!(!output.complete);
        assert_eq!(output.lines.len(), 1);
    }

    #[test]
    fn not_run_and_merge() {
        let mut first = parse_output("suite lmbench v1\nbench a 5 1 ok\n").unwrap();
        first.mark_not_run("a", "ignored: a has a line");
        first.mark_not_run("b", "timed out");
        first.mark_not_run("b", "second reason ignored");
        assert_eq!(first.not_run_reason("a"), None);
        assert_eq!(first.not_run_reason("b"), Some("timed out"));
        let second = parse_output("suite lmbench v1\nbench a 9 1 ok\nbench c 6 1 ok\ndone\n");
        first.merge(second.unwrap());
        assert!(first.complete);
        let names: Vec<&str> = first.lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(first.get("a").unwrap().ns_per_op, 5.0);
        assert_eq!(first.not_run, [("b".to_string(), "timed out".to_string())]);
    }

    #[test]
    fn output_errors() {
        assert_eq!(parse_output("bench a 1 1 ok\ndone\n"), Err(ParseError::MissingHeader));
        assert_eq!(parse_output(""), Err(ParseError::MissingHeader));
        assert_eq!(
            parse_output("suite lmbench v2\n"),
            Err(ParseError::UnknownSuite("lmbench v2".into()))
        );
        assert_eq!(
            parse_output("suite lmbench v1\nbench a 1 1 ok\nbench a 2 1 ok\ndone\n"),
            Err(ParseError::Duplicate { line: 3, name: "a".into() })
        );
        let error = parse_output("suite lmbench v1\nbench a x 1 ok\n").unwrap_err();
        assert_eq!(error.to_string(), "line 2: bad time \"x\"");
    }
}
