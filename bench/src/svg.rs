//! The report as an SVG bar chart (`target/bench/report.svg`): percent of native per test, one
//! horizontal bar each, a dashed reference line at 100%, the geometric mean in the title, and
//! a test not measured in both guests shown as a grey "not measured" label with why. Where
//! the report has a projection to hardware, a thin lighter bar under each measured one shows
//! it, labelled as a projection. Hand-written SVG text: no dependency.

use crate::render::{Report, ReportTest};

const WIDTH: f64 = 900.0;
const LABEL_WIDTH: f64 = 170.0;
const RIGHT_MARGIN: f64 = 150.0;
const ROW_HEIGHT: f64 = 26.0;
const TOP: f64 = 64.0;
const BOTTOM: f64 = 48.0;

/// Escapes text for SVG content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The percent that the axis ends at: 100, or the largest figure rounded up to 50, at most 400
/// (longer bars are cut and say so).
fn axis_end(tests: &[ReportTest]) -> f64 {
    let largest = tests
        .iter()
        .flat_map(|t| [t.percent_of_native, t.projected_percent_of_native])
        .flatten()
        .fold(100.0f64, f64::max);
    ((largest / 50.0).ceil() * 50.0).min(400.0)
}

/// Why a test has no percent, shortly.
fn why_not(test: &ReportTest) -> String {
    let status = if test.linux.is_none() {
        format!("Linux: {}", test.linux_status)
    } else {
        format!("ours: {}", test.ours_status)
    };
    let short: String = status.chars().take(60).collect();
    format!("not measured ({short})")
}

/// The chart of `report`, a complete SVG document ending with a newline.
pub fn render_svg(report: &Report) -> String {
    let tests = &report.tests;
    let plot_width = WIDTH - LABEL_WIDTH - RIGHT_MARGIN;
    let end = axis_end(tests);
    let x = |percent: f64| LABEL_WIDTH + plot_width * (percent.min(end) / end);
    let height = TOP + ROW_HEIGHT * tests.len() as f64 + BOTTOM;
    let mut svg = String::new();
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n"
    ));
    svg.push_str(&format!("<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"white\"/>\n"));
    let mean = report.geomean_percent.map_or_else(|| "-".into(), |m| format!("{m:.1}%"));
    svg.push_str(&format!(
        "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Percent of native \
         (Linux guest time / ours), geometric mean {}</text>\n",
        escape(&mean)
    ));
    let projected_mean = report.projection.geomean_percent;
    let projection_note = match projected_mean {
        Some(p) => {
            format!("; light bars: projection to hardware (estimate, not measured), mean {p:.1}%")
        }
        None => String::new(),
    };
    svg.push_str(&format!(
        "<text x=\"10\" y=\"42\" fill=\"#555\">accel {}, {}, commit {}{}</text>\n",
        escape(&report.accel),
        escape(&report.date),
        escape(&report.commit.chars().take(12).collect::<String>()),
        escape(&projection_note)
    ));
    for (index, test) in tests.iter().enumerate() {
        let top = TOP + ROW_HEIGHT * index as f64;
        let middle = top + ROW_HEIGHT / 2.0 + 4.0;
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{middle:.1}\" text-anchor=\"end\">{}</text>\n",
            LABEL_WIDTH - 8.0,
            escape(&test.name)
        ));
        let Some(percent) = test.percent_of_native else {
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{middle:.1}\" fill=\"#888\" font-style=\"italic\">{}</text>\n",
                LABEL_WIDTH + 4.0,
                escape(&why_not(test))
            ));
            continue;
        };
        let colour = if percent >= 100.0 { "#2a7d2e" } else { "#3566a8" };
        let bar_top = top + 4.0;
        let bar_height = if test.projected_percent_of_native.is_some() { 12.0 } else { 18.0 };
        svg.push_str(&format!(
            "<rect x=\"{LABEL_WIDTH}\" y=\"{bar_top:.1}\" width=\"{:.1}\" height=\"{bar_height}\" \
             fill=\"{colour}\"><title>{}: {percent:.1}%</title></rect>\n",
            (x(percent) - LABEL_WIDTH).max(1.0),
            escape(&test.name)
        ));
        let cut = if percent > end { " (cut)" } else { "" };
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{middle:.1}\">{percent:.1}%{cut}</text>\n",
            x(percent) + 4.0
        ));
        if let Some(projected) = test.projected_percent_of_native {
            svg.push_str(&format!(
                "<rect x=\"{LABEL_WIDTH}\" y=\"{:.1}\" width=\"{:.1}\" height=\"5\" \
                 fill=\"#9bb8e0\"><title>{}: projection to hardware {projected:.1}% \
                 (estimate)</title></rect>\n",
                bar_top + bar_height + 1.0,
                (x(projected) - LABEL_WIDTH).max(1.0),
                escape(&test.name)
            ));
        }
    }
    let plot_bottom = TOP + ROW_HEIGHT * tests.len() as f64;
    svg.push_str(&format!(
        "<line x1=\"{LABEL_WIDTH}\" y1=\"{TOP}\" x2=\"{LABEL_WIDTH}\" y2=\"{plot_bottom}\" \
         stroke=\"black\"/>\n"
    ));
    let mut tick = 0.0;
    while tick <= end {
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{tick:.0}%</text>\n",
            x(tick),
            plot_bottom + 16.0
        ));
        tick += if end > 200.0 { 100.0 } else { 50.0 };
    }
    svg.push_str(&format!(
        "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\" stroke=\"#c0392b\" \
         stroke-dasharray=\"4 3\"/>\n",
        x(100.0),
        TOP - 6.0,
        plot_bottom + 4.0
    ));
    svg.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#c0392b\">100% = Linux</text>\n",
        x(100.0),
        plot_bottom + 34.0
    ));
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare;
    use crate::parse::parse_output;

    /// A minimal XML check: tags nest and close, attribute values are quoted, `&` starts a
    /// known entity, no `<` in text. Returns the element names in document order.
    fn check_xml(text: &str) -> Result<Vec<String>, String> {
        let mut stack: Vec<String> = Vec::new();
        let mut elements = Vec::new();
        let mut rest = text;
        let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"];
        let check_text = |chunk: &str| -> Result<(), String> {
            for (at, _) in chunk.match_indices('&') {
                if !entities.iter().any(|e| chunk[at..].starts_with(e)) {
                    return Err(format!("bad entity in {chunk:?}"));
                }
            }
            if chunk.contains('>') {
                return Err(format!("raw > in {chunk:?}"));
            }
            Ok(())
        };
        while let Some(open) = rest.find('<') {
            check_text(&rest[..open])?;
            let close = rest[open..].find('>').ok_or("unclosed tag")? + open;
            let tag = &rest[open + 1..close];
            rest = &rest[close + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                match stack.pop() {
                    Some(open_name) if open_name == name => continue,
                    other => return Err(format!("</{name}> closes {other:?}")),
                }
            }
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name = tag.split_whitespace().next().ok_or("empty tag")?.to_string();
            if !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!("bad element name {name:?}"));
            }
            let mut attributes = tag[name.len()..].trim();
            while !attributes.is_empty() {
                let eq = attributes.find("=\"").ok_or(format!("unquoted in {tag:?}"))?;
                let key = &attributes[..eq];
                if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return Err(format!("bad attribute {key:?}"));
                }
                let value_end = attributes[eq + 2..].find('"').ok_or("unterminated value")?;
                check_text(&attributes[eq + 2..eq + 2 + value_end])?;
                attributes = attributes[eq + 2 + value_end + 1..].trim_start();
            }
            elements.push(name.clone());
            if !self_closing {
                stack.push(name);
            }
        }
        check_text(rest)?;
        if !rest.trim().is_empty() || !stack.is_empty() {
            return Err(format!("unclosed elements {stack:?}"));
        }
        Ok(elements)
    }

    fn report() -> Report {
        let host = parse_output("suite lmbench v1\nbench a 50 1 ok\nbench b 10 1 ok\n").unwrap();
        let linux = parse_output(
            "suite lmbench v1\nbench a 1000 1 ok\nbench b 100 1 ok\nbench c<&> 7 1 ok\n",
        );
        // `c<&>` is not a valid name: build the odd row by hand below instead.
        assert!(linux.is_err());
        let linux = parse_output(
            "suite lmbench v1\nbench a 1000 1 ok\nbench b 100 1 ok\nbench c 7 1 ok\ndone\n",
        )
        .unwrap();
        let ours = parse_output(
            "suite lmbench v1\nbench a 2000 1 ok per_op kernel_calls=1 ipc_fast=2\n\
             bench b 20 1 ok\nbench c 0 0 unsupported ENOSYS \"x\" <y> & z\ndone\n",
        )
        .unwrap();
        let mut mine = ours.clone();
        mine.mark_not_run("d", "timed out <60 s> & more");
        Report::new(&compare(&host, &linux, &mine), "tcg", "cpu", "2026-01-01", "abc", 3.0)
    }

    #[test]
    fn the_chart_is_well_formed() {
        let svg = render_svg(&report());
        let elements = check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        assert_eq!(elements[0], "svg");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>\n"));
        // One row label per test, bars for the two measured ones plus one projection.
        for name in ["a", "b", "c", "d"] {
            assert!(svg.contains(&format!("text-anchor=\"end\">{name}</text>")), "{name}");
        }
        assert_eq!(svg.matches("<title>").count(), 3);
        assert!(svg.contains("projection to hardware"));
        assert!(svg.contains(">50.0%</text>"));
        assert!(svg.contains(">500.0% (cut)</text>") || svg.contains(">400.0% (cut)</text>"));
        assert!(
            svg.contains("not measured (ours: unsupported ENOSYS &quot;x&quot; &lt;y&gt; &amp; z)")
        );
        assert!(svg.contains("not measured (Linux: missing)"));
        assert!(svg.contains("100% = Linux"));
        assert!(svg.contains("stroke-dasharray"));
    }

    #[test]
    fn the_checker_catches_broken_documents() {
        assert!(check_xml("<svg><text>a</text></svg>").is_ok());
        assert!(check_xml("<svg><text>a</svg>").is_err());
        assert!(check_xml("<svg><text>a & b</text></svg>").is_err());
        assert!(check_xml("<svg x=1></svg>").is_err());
        assert!(check_xml("<svg>").is_err());
    }

    #[test]
    fn an_empty_report_still_draws() {
        let empty = crate::compare::Comparison { rows: Vec::new(), geomean_percent: None };
        let svg = render_svg(&Report::new(&empty, "tcg", "", "", "", 3.0));
        check_xml(&svg).unwrap();
        assert!(svg.contains("geometric mean -"));
    }
}
