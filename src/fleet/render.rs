//! The fleet diff as text, Markdown and GitHub workflow commands; each
//! changed instance's changes as the snapshot diff renders them.

use std::fmt::Write as _;

use super::{ChangedInstance, FleetDiff, FleetInstance};
use crate::diagnostic::Severity;
use crate::diff::render::{capitalize, code};
use crate::render::MARKDOWN_MAX_ROWS;
use crate::render::github::{Data, Property};
use crate::render::markdown::Cell;
use crate::style::{self, Painter};
use crate::text::{escape_controls, plural};

/// The most changed instances the Markdown output shows in full; the rest
/// are counted. Each is a table of its own, and GitHub cuts a step summary
/// at 1 MiB.
const MARKDOWN_MAX_DIFFS: usize = 100;

impl FleetDiff {
    /// The one-line summary every format starts with: `2 added, 1 removed,
    /// 3 changed, 94 unchanged (100 old and 101 new instances), 1 finding`.
    #[must_use]
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut out = format!(
            "{} added, {} removed, {} changed, {} unchanged ({} old and {})",
            c.added,
            c.removed,
            c.changed,
            c.unchanged,
            c.old,
            plural(c.new, "new instance"),
        );
        if c.findings > 0 {
            let _ = write!(out, ", {}", plural(c.findings, "finding"));
        }
        out
    }

    /// The fleet diff as text for a terminal or a log: the summary, the
    /// added and removed instances (`+` and `-`, with name, status and
    /// source), then each changed instance as [`Diff::to_text`](crate::Diff::to_text)
    /// writes it (`~`, with both sources), then the findings. `color` adds ANSI colours.
    #[must_use]
    pub fn to_text(&self, color: bool) -> String {
        let paint = Painter::new(color);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {}",
            paint.paint(style::HEADING, "fleet"),
            self.summary()
        );
        for (title, marker, style, list) in [
            ("Added", "+", style::ADDED, &self.added),
            ("Removed", "-", style::REMOVED, &self.removed),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = write!(
                out,
                "\n{}\n",
                paint.paint(style::HEADING, format_args!("{title} ({})", list.len()))
            );
            for instance in list {
                let _ = writeln!(
                    out,
                    "  {}  {}",
                    paint.paint(style, format_args!("{marker} {}", line_of(instance))),
                    paint.paint(style::DIM, &instance.source)
                );
            }
        }
        if !self.changed.is_empty() {
            let _ = write!(
                out,
                "\n{}\n",
                paint.paint(
                    style::HEADING,
                    format_args!("Changed ({})", self.changed.len())
                )
            );
            for changed in &self.changed {
                push_changed(&mut out, changed, color);
            }
        }
        crate::diff::render::push_findings(
            &mut out,
            paint,
            self.findings
                .iter()
                .map(|f| (f.severity, f.code.as_str(), located(f).into())),
        );
        out
    }

    /// The fleet diff as Markdown for a pull-request comment or a CI summary:
    /// the summary, tables of added and removed instances, each changed
    /// instance as [`Diff::to_markdown`](crate::Diff::to_markdown) writes it,
    /// and a table of findings. Tables stop at [`MARKDOWN_MAX_ROWS`] rows and
    /// the diffs after the first 100; what is left out is counted.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("## dswcheck diff --fleet\n\n");
        let _ = writeln!(out, "{}.", Cell(&capitalize(&self.summary())));
        for (title, list) in [("Added", &self.added), ("Removed", &self.removed)] {
            if list.is_empty() {
                continue;
            }
            let _ = write!(
                out,
                "\n### {title}\n\n| Instance | Name | Status | Source |\n| --- | --- | --- | --- |\n"
            );
            for instance in list.iter().take(MARKDOWN_MAX_ROWS) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    code(&instance.instance_id),
                    Cell(instance.instance_name.as_deref().unwrap_or("")),
                    Cell(instance.status.as_deref().unwrap_or("")),
                    Cell(&instance.source.to_string())
                );
            }
            push_left_out(&mut out, list.len(), MARKDOWN_MAX_ROWS, "instance");
        }
        for changed in self.changed.iter().take(MARKDOWN_MAX_DIFFS) {
            out.push('\n');
            out.push_str(&changed.diff.to_markdown());
            let _ = writeln!(
                out,
                "\nOld: {}, new: {}.",
                Cell(&changed.old_source.to_string()),
                Cell(&changed.new_source.to_string())
            );
        }
        push_left_out(
            &mut out,
            self.changed.len(),
            MARKDOWN_MAX_DIFFS,
            "changed instance",
        );
        if !self.findings.is_empty() {
            out.push_str(
                "\n### Findings\n\n| Severity | Code | Side | Source | Message |\n| --- | --- | --- | --- | --- |\n",
            );
            for f in self.findings.iter().take(MARKDOWN_MAX_ROWS) {
                let sources: Vec<String> = f.sources.iter().map(ToString::to_string).collect();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    f.severity,
                    code(f.code.as_str()),
                    f.side,
                    Cell(&sources.join(", ")),
                    Cell(&f.message)
                );
            }
            push_left_out(&mut out, self.findings.len(), MARKDOWN_MAX_ROWS, "finding");
        }
        out
    }

    /// The fleet diff as GitHub Actions workflow commands, one per instance
    /// added (`::notice`), removed or changed (`::warning`; `::notice` for an
    /// instance with findings but no change) and per finding (by severity),
    /// each on the file and line of its record (the new side's, but for a
    /// removed instance), escaped as
    /// [`Renderer::write_github`](crate::Renderer::write_github) escapes.
    /// A changed instance's message is its diff as text.
    #[must_use]
    pub fn to_github(&self) -> String {
        let mut out = String::new();
        let mut command = |level: &str, source: &super::FleetSource, title: &str, message: &str| {
            let _ = writeln!(
                out,
                "::{level} file={},line={},title={}::{}",
                Property(&source.file),
                source.line,
                Property(title),
                Data(message.trim_end())
            );
        };
        for (list, title, level, dump) in [
            (&self.added, "instance added", "notice", "new"),
            (&self.removed, "instance removed", "warning", "old"),
        ] {
            for instance in list {
                let message = format!("{} is only in the {dump} dump", line_of(instance));
                command(level, &instance.source, title, &message);
            }
        }
        for changed in &self.changed {
            let level = if changed.diff.changes.is_empty() {
                "notice"
            } else {
                "warning"
            };
            let message = format!(
                "{}\nold: {}",
                changed.diff.to_text(false).trim_end(),
                changed.old_source
            );
            command(level, &changed.new_source, "instance changed", &message);
        }
        for finding in &self.findings {
            let level = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            // Every finding has a source: the record, or each occurrence.
            if let Some(source) = finding.sources.first() {
                command(level, source, finding.code.as_str(), &located(finding));
            }
        }
        out
    }
}

/// An instance's ID, name and status on one line, with controls escaped.
fn line_of(instance: &FleetInstance) -> String {
    let mut out = instance.instance_id.clone();
    let details: Vec<&str> = [&instance.instance_name, &instance.status]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .collect();
    if !details.is_empty() {
        let _ = write!(out, " ({})", details.join(", "));
    }
    escape_controls(&out).into_owned()
}

/// A finding's side, sources and message.
fn located(finding: &super::FleetFinding) -> String {
    let sources: Vec<String> = finding.sources.iter().map(ToString::to_string).collect();
    if sources.is_empty() {
        format!("{}: {}", finding.side, finding.message)
    } else {
        format!(
            "{} {}: {}",
            finding.side,
            sources.join(", "),
            finding.message
        )
    }
}

/// A changed instance: the diff's text, its first line marked `~` and followed by the sources.
fn push_changed(out: &mut String, changed: &ChangedInstance, color: bool) {
    let paint = Painter::new(color);
    let text = changed.diff.to_text(color);
    let (head, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let _ = writeln!(
        out,
        "\n{} {head}  {}",
        paint.paint(style::CHANGED, "~"),
        paint.paint(
            style::DIM,
            format_args!("({} -> {})", changed.old_source, changed.new_source)
        )
    );
    out.push_str(rest);
}

fn push_left_out(out: &mut String, len: usize, shown: usize, what: &str) {
    if len > shown {
        let _ = writeln!(out, "\n{} more not shown.", plural(len - shown, what));
    }
}
