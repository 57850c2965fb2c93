//! The fleet diff as one self-contained HTML page.

use serde_json::Value;

use super::{FleetDiff, FleetInstance};
use crate::diagnostic::Severity;
use crate::html::{Bar, Card, Column, Page, Td, Tone};
use crate::model::FieldClass;
use crate::secret::REDACTED;
use crate::text::{plural, truncate};

/// Changed instances shown with their changes; the rest are counted, as in
/// the Markdown output, so that a fleet-wide change does not make a page
/// too large to open.
const MAX_DIFFS: usize = 500;

/// A value is cut after this many characters (its full text is in the JSON output).
const VALUE_CHARS: usize = 160;

/// Up to this many changed instances, each one's changes are shown open;
/// past it they start closed, so the page reads as a list first.
const OPEN_DIFFS: usize = 10;

fn col(title: &str, numeric: bool) -> Column<'_> {
    Column { title, numeric }
}

/// A changed value as the page shows it: compact JSON, cut, and never a
/// secret (the diff has redacted them already; a secret-class value is
/// shown as redacted whatever it holds).
fn shown(value: Option<&Value>, class: FieldClass) -> String {
    match value {
        None => String::new(),
        Some(_) if class == FieldClass::Secret => REDACTED.to_owned(),
        Some(value) => truncate(&value.to_string(), VALUE_CHARS),
    }
}

fn instance_rows(list: &[FleetInstance]) -> Vec<Vec<Td>> {
    list.iter()
        .map(|i| {
            vec![
                Td::Code(i.instance_id.clone()),
                Td::Text(i.instance_name.clone().unwrap_or_default()),
                Td::Text(i.status.clone().unwrap_or_default()),
                Td::Code(i.source.to_string()),
            ]
        })
        .collect()
}

impl FleetDiff {
    /// The fleet diff as one self-contained HTML page (inline CSS and SVG,
    /// no external resource), for a CI artifact: the counts first, a chart
    /// of the changes by class, then collapsible sections of the added,
    /// removed and changed instances (each with its changes) and the
    /// findings, in tables a filter box searches. Every value is escaped and
    /// goes through the secret policy, as in the other formats.
    #[must_use]
    pub fn to_html(&self) -> String {
        let c = &self.counts;
        let mut page = Page::new("dswcheck fleet diff", &self.summary());
        let errors = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let tone = |bad: bool, tone: Tone| if bad { tone } else { Tone::Good };
        page.cards(&[
            Card {
                label: "Instances",
                value: c.new.to_string(),
                note: format!("{} before", c.old),
                tone: Tone::Neutral,
            },
            Card {
                label: "Added",
                value: c.added.to_string(),
                note: "new InstanceIds".to_owned(),
                tone: tone(c.added > 0, Tone::Warn),
            },
            Card {
                label: "Removed",
                value: c.removed.to_string(),
                note: "gone InstanceIds".to_owned(),
                tone: tone(c.removed > 0, Tone::Warn),
            },
            Card {
                label: "Changed",
                value: c.changed.to_string(),
                note: format!("{} unchanged", c.unchanged),
                tone: tone(c.changed > 0, Tone::Warn),
            },
            Card {
                label: "Findings",
                value: c.findings.to_string(),
                note: plural(errors, "error").to_string(),
                tone: tone(errors > 0, Tone::Bad),
            },
        ]);

        let mut by_class = [0usize; FieldClass::ALL.len()];
        for change in self.iter_changes() {
            if let Some(i) = FieldClass::ALL.iter().position(|k| *k == change.class) {
                by_class[i] += 1;
            }
        }
        let total: usize = by_class.iter().sum();
        if total > 0 {
            let bars: Vec<Bar<'_>> = FieldClass::ALL
                .iter()
                .zip(by_class)
                .map(|(class, n)| Bar {
                    label: class.as_str(),
                    fraction: n as f64 / total as f64,
                    text: plural(n, "change").to_string(),
                })
                .collect();
            page.section("Changes by class", Some(total as u64), true, |page| {
                page.bars("Changes by class", &bars);
            });
        }

        let columns = [
            col("InstanceId", false),
            col("Name", false),
            col("Status", false),
            col("Source", false),
        ];
        for (title, list) in [("Added", &self.added), ("Removed", &self.removed)] {
            if list.is_empty() {
                continue;
            }
            page.section(title, Some(list.len() as u64), true, |page| {
                page.table(&columns, &instance_rows(list));
            });
        }

        if !self.changed.is_empty() {
            let open = self.changed.len() <= OPEN_DIFFS;
            page.section("Changed", Some(self.changed.len() as u64), true, |page| {
                for changed in self.changed.iter().take(MAX_DIFFS) {
                    let name = changed
                        .instance_name
                        .as_deref()
                        .map_or(String::new(), |n| format!(" ({n})"));
                    let title = format!(
                        "{}{name}: {}",
                        changed.instance_id,
                        plural(changed.diff.changes.len(), "change")
                    );
                    page.section(&title, None, open, |page| {
                        page.note(&format!("{} -> {}", changed.old_source, changed.new_source));
                        let rows: Vec<Vec<Td>> = changed
                            .diff
                            .changes
                            .iter()
                            .map(|ch| {
                                vec![
                                    Td::Code(ch.path.clone()),
                                    Td::Text(ch.kind.as_str().to_owned()),
                                    Td::Text(ch.class.as_str().to_owned()),
                                    Td::Code(shown(ch.old.as_ref(), ch.class)),
                                    Td::Code(shown(ch.new.as_ref(), ch.class)),
                                ]
                            })
                            .collect();
                        page.table(
                            &[
                                col("Path", false),
                                col("Change", false),
                                col("Class", false),
                                col("Old", false),
                                col("New", false),
                            ],
                            &rows,
                        );
                        for finding in &changed.diff.findings {
                            page.note(&finding.message);
                        }
                    });
                }
                let rest = self.changed.len().saturating_sub(MAX_DIFFS);
                if rest > 0 {
                    page.note(&format!(
                        "{} more not shown here; the json format lists them all",
                        plural(rest, "changed instance")
                    ));
                }
            });
        }

        if !self.findings.is_empty() {
            let rows: Vec<Vec<Td>> = self
                .findings
                .iter()
                .map(|f| {
                    let sources: Vec<String> = f.sources.iter().map(ToString::to_string).collect();
                    vec![
                        Td::Text(f.severity.as_str().to_owned()),
                        Td::Code(f.code.as_str().to_owned()),
                        Td::Text(f.side.as_str().to_owned()),
                        Td::Code(f.instance_id.clone().unwrap_or_default()),
                        Td::Code(sources.join(", ")),
                        Td::Text(f.message.clone()),
                    ]
                })
                .collect();
            page.section("Findings", Some(self.findings.len() as u64), true, |page| {
                page.table(
                    &[
                        col("Severity", false),
                        col("Code", false),
                        col("Side", false),
                        col("InstanceId", false),
                        col("Source", false),
                        col("Message", false),
                    ],
                    &rows,
                );
            });
        }
        page.finish()
    }
}
