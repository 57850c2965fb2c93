//! Human-readable renderings of a diff: text for terminals and logs,
//! Markdown for pull-request comments and CI summaries.

use std::fmt::Write;

use anstyle::Style;
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use super::{Change, ChangeKind, Diff, FieldClass};
use crate::model::Section;
use crate::render::markdown::Cell;
use crate::secret::REDACTED;
use crate::style::{self, Painter};
use crate::text::escape_controls;
use crate::text::{plural, truncate};

const OTHER: &str = "Other fields";

/// Writes the "Findings" section of a text rendering, the same for one
/// instance's diff and a fleet's: a heading, then `  severity[code]: message`
/// lines. Messages are shown with their control characters escaped, since
/// they quote what the inputs hold.
pub(crate) fn push_findings<'a>(
    out: &mut String,
    paint: Painter,
    findings: impl IntoIterator<Item = (crate::Severity, &'a str, std::borrow::Cow<'a, str>)>,
) {
    let mut findings = findings.into_iter().peekable();
    if findings.peek().is_none() {
        return;
    }
    let _ = write!(out, "\n{}\n", paint.paint(style::HEADING, "Findings"));
    for (severity, code, message) in findings {
        let _ = writeln!(
            out,
            "  {}: {}",
            paint.paint(
                style::severity(severity),
                format_args!("{severity}[{code}]")
            ),
            escape_controls(&message)
        );
    }
}

/// Values longer than this (as compact JSON) are shown as a block of lines.
const INLINE_WIDTH: usize = 80;

/// Lines of context around each changed run in a line diff.
const CONTEXT: usize = 3;

/// The changes in section order (the field table's section column), each
/// section with its name; fields without one (unknown fields) come last.
fn by_section(changes: &[Change]) -> Vec<(&'static str, Vec<&Change>)> {
    let sections = Section::ALL;
    let mut buckets: Vec<Vec<&Change>> = vec![Vec::new(); sections.len() + 1];
    for change in changes {
        let i = change
            .section
            .and_then(|s| sections.iter().position(|x| *x == s))
            .unwrap_or(sections.len());
        buckets[i].push(change);
    }
    buckets
        .into_iter()
        .enumerate()
        .filter(|(_, b)| !b.is_empty())
        .map(|(i, b)| (sections.get(i).map_or(OTHER, |s| s.title()), b))
        .collect()
}

/// A value on one line, or `None` if it reads better as a block of lines.
fn inline(value: &Value, class: FieldClass, json_text: bool) -> Option<String> {
    if class == FieldClass::Secret {
        return Some(REDACTED.to_owned());
    }
    match value {
        Value::String(s) if s.contains('\n') || (json_text && parse_json_text(s).is_some()) => None,
        Value::Object(_) | Value::Array(_) => {
            let text = value.to_string();
            (text.chars().count() <= INLINE_WIDTH).then_some(text)
        }
        scalar => Some(scalar.to_string()),
    }
}

/// A JSON text string (`Options`, `Policy`) parsed, if it holds an object or array.
fn parse_json_text(s: &str) -> Option<Value> {
    serde_json::from_str::<Value>(s)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
}

/// The lines a value shows as when it is not inline.
fn block(value: &Value, json_text: bool) -> String {
    match value {
        Value::String(s) => match parse_json_text(s).filter(|_| json_text) {
            Some(parsed) => serde_json::to_string_pretty(&parsed).unwrap_or_else(|_| s.clone()),
            None => s.clone(),
        },
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

fn push_block(out: &mut String, text: &str, paint: Painter, style: Style) {
    for line in text.lines() {
        let _ = writeln!(out, "      {}", paint.paint(style, escape_controls(line)));
    }
}

/// A line diff of two texts, with a few lines of context around each
/// change and `...` where lines are left out.
fn push_line_diff(out: &mut String, old: &str, new: &str, paint: Painter) {
    let diff = TextDiff::from_lines(old, new);
    let groups = diff.grouped_ops(CONTEXT);
    let elided = paint.paint(style::DIM, "...");
    for (i, group) in groups.iter().enumerate() {
        let starts_late = group.first().is_some_and(|op| op.old_range().start > 0);
        if i > 0 || starts_late {
            let _ = writeln!(out, "      {elided}");
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let line = escape_controls(change.value().trim_end_matches(['\n', '\r']));
                let _ = match change.tag() {
                    ChangeTag::Delete => {
                        writeln!(
                            out,
                            "    {}",
                            paint.paint(style::REMOVED, format_args!("- {line}"))
                        )
                    }
                    ChangeTag::Insert => {
                        writeln!(
                            out,
                            "    {}",
                            paint.paint(style::ADDED, format_args!("+ {line}"))
                        )
                    }
                    ChangeTag::Equal => writeln!(out, "      {line}"),
                };
            }
        }
    }
    let ends_early = groups
        .last()
        .and_then(|g| g.last())
        .is_some_and(|op| op.old_range().end < diff.old_len());
    if ends_early {
        let _ = writeln!(out, "      {elided}");
    }
}

fn summary(diff: &Diff) -> String {
    let changes = if diff.changes.is_empty() {
        "no changes".to_owned()
    } else {
        plural(diff.changes.len(), "change").to_string()
    };
    match diff.findings.len() {
        0 => changes,
        n => format!("{changes}, {}", plural(n, "finding")),
    }
}

impl Diff {
    /// The diff as text for a terminal or a log: a summary line, then the
    /// changes grouped by section (`Status`, `Storage`, `Network`, ...) with
    /// readable paths, then the findings. `+` marks an added value, `-` a
    /// removed one and `~` a changed one; multi-line strings and the JSON text
    /// of `Options` and `Policy` show as a line diff. `color` adds ANSI colours.
    ///
    /// # Examples
    ///
    /// ```
    /// let old = dswcheck::parse(br#"{"InstanceId": "dsw-1", "Status": "Running"}"#);
    /// let new = dswcheck::parse(br#"{"InstanceId": "dsw-1", "Status": "Stopped"}"#);
    /// let diff = dswcheck::diff(&old, &new, &Default::default())?;
    /// assert_eq!(diff.to_text(false), "dsw-1: 1 change\n\nStatus\n  ~ Status: \"Running\" -> \"Stopped\"  (status)\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn to_text(&self, color: bool) -> String {
        let paint = Painter::new(color);
        let mut out = String::new();
        let name = self.instance_id.as_deref().unwrap_or("(no InstanceId)");
        let _ = writeln!(
            out,
            "{}: {}",
            paint.paint(style::HEADING, name),
            summary(self)
        );
        for (section, changes) in by_section(&self.changes) {
            let _ = write!(out, "\n{}\n", paint.paint(style::HEADING, section));
            for change in changes {
                push_change(&mut out, change, paint);
            }
        }
        push_findings(
            &mut out,
            paint,
            self.findings
                .iter()
                .map(|f| (f.severity, f.code.as_str(), f.message.as_str().into())),
        );
        out
    }

    /// The diff as Markdown for a pull-request comment or a CI summary: a
    /// heading, a table of changes (in section order) and a table of findings.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let name = self
            .instance_id
            .as_deref()
            .map_or_else(|| "(no InstanceId)".to_owned(), |id| format!("`{id}`"));
        let _ = write!(
            out,
            "### dswcheck diff: {name}\n\n{}\n",
            capitalize(&summary(self))
        );
        if !self.changes.is_empty() {
            out.push_str(
                "\n| Change | Path | Old | New | Class |\n| --- | --- | --- | --- | --- |\n",
            );
            for (_, changes) in by_section(&self.changes) {
                for change in changes {
                    let cell = |v: &Option<Value>| {
                        v.as_ref().map_or_else(String::new, |v| {
                            let text = if change.class == FieldClass::Secret {
                                REDACTED.to_owned()
                            } else {
                                v.to_string()
                            };
                            code(&truncate(&text, 60))
                        })
                    };
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} | {} |",
                        change.kind,
                        code(&change.path),
                        cell(&change.old),
                        cell(&change.new),
                        change.class
                    );
                }
            }
        }
        if !self.findings.is_empty() {
            out.push_str("\n| Severity | Code | Message |\n| --- | --- | --- |\n");
            for f in &self.findings {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    f.severity,
                    code(f.code.as_str()),
                    Cell(&f.message)
                );
            }
        }
        out
    }
}

fn push_change(out: &mut String, change: &Change, paint: Painter) {
    let json_text = change.json_text;
    let class = if change.class == FieldClass::Spec {
        String::new()
    } else {
        paint
            .paint(style::DIM, format_args!("  ({})", change.class))
            .to_string()
    };
    let path = &change.path;
    match (change.kind, &change.old, &change.new) {
        (ChangeKind::Changed, Some(old), Some(new)) => {
            let marker = paint.paint(style::CHANGED, "~");
            match (
                inline(old, change.class, json_text),
                inline(new, change.class, json_text),
            ) {
                (Some(o), Some(n)) => {
                    let _ = writeln!(
                        out,
                        "  {marker} {path}: {} -> {}{class}",
                        paint.paint(style::REMOVED, o),
                        paint.paint(style::ADDED, n)
                    );
                }
                _ => {
                    let (o, n) = (block(old, json_text), block(new, json_text));
                    let _ = writeln!(out, "  {marker} {path}:{class}");
                    if o == n {
                        // Only the formatting of the JSON text differs: show the strings themselves.
                        push_line_diff(out, &old.to_string(), &new.to_string(), paint);
                    } else {
                        push_line_diff(out, &o, &n, paint);
                    }
                }
            }
        }
        (kind, old, new) => {
            let (marker, value, style) = match kind {
                ChangeKind::Removed => ("-", old, style::REMOVED),
                _ => ("+", new, style::ADDED),
            };
            let Some(value) = value else { return };
            let marker = paint.paint(style, marker);
            match inline(value, change.class, json_text) {
                Some(v) => {
                    let _ = writeln!(out, "  {marker} {path}: {}{class}", paint.paint(style, v));
                }
                None => {
                    let _ = writeln!(out, "  {marker} {path}:{class}");
                    push_block(out, &block(value, json_text), paint, style);
                }
            }
        }
    }
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Text as code in a Markdown table cell; `<code>` rather than backticks so
/// that backticks and pipes inside cannot break out of it.
pub(crate) fn code(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 13);
    out.push_str("<code>");
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push_str("</code>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_text_cannot_drive_the_terminal() {
        let mut out = String::new();
        let message = "Labels: 2 elements share Key \u{1b}]0;owned\u{7}\r";
        push_findings(
            &mut out,
            Painter::new(false),
            [(crate::Severity::Warning, "key.duplicate", message.into())],
        );
        assert_eq!(
            out,
            "\nFindings\n  warning[key.duplicate]: Labels: 2 elements share Key \\u001b]0;owned\\u0007\\u000d\n"
        );
        let mut none = String::new();
        push_findings(&mut none, Painter::new(false), []);
        assert_eq!(none, "", "no findings, no heading");
    }

    #[test]
    fn every_documented_top_level_field_has_a_section() {
        let envelope = crate::model::ListInstances::OBJECT.fields;
        for field in crate::model::root().fields.iter().chain(envelope) {
            assert!(
                field.facts.section.is_some(),
                "{} has no section",
                field.wire
            );
        }
        for (path, field) in crate::model::fields() {
            assert!(
                path.len() == 1 || field.facts.section.is_none(),
                "{path:?}: only top-level fields have a section"
            );
        }
    }

    #[test]
    fn values_cannot_drive_the_terminal() {
        let old = br#"{"ReasonMessage": "one\ntwo\u001b]0;pwned\u0007\nthree", "X": "a\u001b[2J"}"#;
        let new = br#"{"ReasonMessage": "one\ntwo, changed\r\nthree\u001b[1A", "X": "b\u0007"}"#;
        let diff = crate::diff_slices(old, new, &crate::DiffOptions::new()).unwrap();
        for text in [diff.to_text(false), diff.to_markdown()] {
            let bad: Vec<char> = text
                .chars()
                .filter(|c| c.is_control() && *c != '\n')
                .collect();
            assert!(bad.is_empty(), "{bad:?} in\n{text}");
        }
        assert!(diff.to_text(false).contains("two\\u001b]0;pwned\\u0007"));
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(code("a|b<c>`"), "<code>a&#124;b&lt;c&gt;`</code>");
        // Findings are cells like every other Markdown output's: a key
        // quoted in one cannot mention someone or start emphasis.
        let body =
            br#"{"InstanceId": "dsw-1", "Labels": [{"Key": "@team *y*"}, {"Key": "@team *y*"}]}"#;
        let diff =
            crate::diff_slices(body, body, &crate::DiffOptions::new()).expect("one instance");
        assert!(!diff.findings.is_empty(), "{diff:?}");
        let markdown = diff.to_markdown();
        assert!(markdown.contains("\\@team \\*y\\*"), "{markdown}");
    }
}
