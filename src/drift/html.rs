//! The drift report as one self-contained HTML page.

use super::Drift;
use super::render::{distribution_rows, percent, share};
use crate::html::{Bar, Card, Column, Page, Td, Tone};
use crate::text::plural;

/// Charts show at most this many bars; the tables below them list everything.
const MAX_BARS: usize = 30;

/// How many input names the subtitle lists.
const MAX_NAMES: usize = 5;

fn col(title: &str, numeric: bool) -> Column<'_> {
    Column { title, numeric }
}

impl Drift {
    /// The report as one self-contained HTML page (inline CSS and SVG, no
    /// external resource): the headline figures first, then a collapsible
    /// section per kind of finding, with bar charts, and tables that a
    /// filter box searches. Every value is escaped and goes through the
    /// secret policy, as in the other formats.
    #[must_use]
    pub fn to_html(&self) -> String {
        let mut names: Vec<&str> = self.files.iter().map(|n| &**n).take(MAX_NAMES).collect();
        let more = self.files.len().saturating_sub(MAX_NAMES);
        let more_text = format!("{more} more");
        if more > 0 {
            names.push(&more_text);
        }
        let subtitle = format!("{}. Inputs: {}.", self.summary_line(), names.join(", "));
        let mut page = Page::new("dswcheck drift report", &subtitle);
        let headline = self.headline();
        let diagnostics: u64 = self.codes.values().sum();
        let unknown_sightings: u64 =
            self.unknown.values().map(|t| t.count).sum::<u64>() + self.unknown_left_out;
        let tone = |bad: bool, tone: Tone| if bad { tone } else { Tone::Good };
        page.cards(&[
            Card {
                label: "Documents",
                value: self.documents.to_string(),
                note: format!("{} invalid", self.invalid),
                tone: tone(self.invalid > 0, Tone::Bad),
            },
            Card {
                label: "Instances",
                value: self.instances.to_string(),
                note: if self.pages > 0 {
                    format!("from {}", plural(self.pages, "page"))
                } else {
                    "GetInstance bodies".to_owned()
                },
                tone: Tone::Neutral,
            },
            Card {
                label: "Unknown fields",
                value: self.unknown.len().to_string(),
                note: plural(unknown_sightings, "sighting").to_string(),
                tone: tone(unknown_sightings > 0, Tone::Warn),
            },
            Card {
                label: "Unknown values",
                value: headline.enum_values.to_string(),
                note: "enum values outside the docs".to_owned(),
                tone: tone(headline.enum_values > 0, Tone::Warn),
            },
            Card {
                label: "Partial fields",
                value: headline.partial.to_string(),
                note: format!("of {} documented", self.present.len()),
                tone: Tone::Neutral,
            },
            Card {
                label: "Diagnostics",
                value: diagnostics.to_string(),
                note: format!("{} codes", self.codes.len()),
                tone: Tone::Neutral,
            },
        ]);
        self.html_fields(&mut page, headline.partial);
        self.html_unknown(&mut page);
        self.html_enums(&mut page);
        self.html_distributions(&mut page);
        self.html_codes(&mut page, diagnostics);
        page.finish()
    }

    fn html_fields(&self, page: &mut Page, partial: usize) {
        if self.instances == 0 {
            return;
        }
        page.section(
            "Documented fields in part of the fleet",
            Some(partial as u64),
            true,
            |page| {
                page.note(
                    "The share of instances that carry each documented field (not null), \
                     for the fields that some instances carry and others do not: a rollout shows here.",
                );
                let bars: Vec<Bar<'_>> = self
                    .fields()
                    .filter(|(_, n, of)| *n > 0 && n < of)
                    .take(MAX_BARS)
                    .map(|(path, n, of)| Bar {
                        label: path,
                        fraction: share(n, of).unwrap_or(0.0),
                        text: format!("{} ({n} of {of})", percent(share(n, of))),
                    })
                    .collect();
                if bars.is_empty() {
                    page.note("Every documented field is in every instance or in none.");
                } else {
                    page.bars("Share of instances carrying each field", &bars);
                }
            },
        );
        page.section(
            "All documented fields",
            Some(self.present.len() as u64),
            false,
            |page| {
                let rows: Vec<Vec<Td>> = self
                    .fields()
                    .map(|(path, n, of)| {
                        vec![
                            Td::Code(path.to_owned()),
                            Td::Text(n.to_string()),
                            Td::Text(of.to_string()),
                            Td::Text(percent(share(n, of))),
                        ]
                    })
                    .collect();
                let columns = [
                    col("Field", false),
                    col("Instances", true),
                    col("Share", true),
                ];
                page.table(&columns, &rows);
            },
        );
    }

    fn html_unknown(&self, page: &mut Page) {
        let unknown = self.sorted_unknown();
        page.section("Unknown fields", Some(unknown.len() as u64), true, |page| {
            if unknown.is_empty() {
                page.note("No field outside the documentation.");
                return;
            }
            page.note("Fields the documentation does not describe; their values are never shown.");
            let bars: Vec<Bar<'_>> = unknown
                .iter()
                .take(MAX_BARS)
                .map(|(path, t)| Bar {
                    label: path,
                    fraction: share(t.instances, self.instances).unwrap_or(0.0),
                    text: format!("{} in {}", t.count, plural(t.instances, "instance")),
                })
                .collect();
            page.bars("Instances carrying each unknown field", &bars);
            let rows: Vec<Vec<Td>> = unknown
                .iter()
                .map(|(path, t)| {
                    vec![
                        Td::Code((*path).to_owned()),
                        Td::Text(t.count.to_string()),
                        Td::Text(t.instances.to_string()),
                        Td::Text(self.source(t.first)),
                    ]
                })
                .collect();
            let columns = [
                col("Field", false),
                col("Count", true),
                col("Instances", true),
                col("First seen", false),
            ];
            page.table(&columns, &rows);
            if self.unknown_left_out > 0 {
                page.note(&format!(
                    "And {} of other fields (at most {} fields are kept).",
                    plural(self.unknown_left_out, "sighting"),
                    super::DRIFT_MAX_UNKNOWN_FIELDS
                ));
            }
        });
    }

    fn html_enums(&self, page: &mut Page) {
        let enums = self.enum_rows();
        page.section(
            "Enum values outside the documentation",
            Some(enums.len() as u64),
            true,
            |page| {
                if enums.is_empty() {
                    page.note("Every enum value is documented.");
                    return;
                }
                let rows: Vec<Vec<Td>> = enums
                    .iter()
                    .map(|(path, code, value, t)| {
                        vec![
                            Td::Code((*path).to_owned()),
                            Td::Code(format!("{value:?}")),
                            Td::Code(code.as_str().to_owned()),
                            Td::Text(t.count.to_string()),
                            Td::Text(self.source(t.first)),
                        ]
                    })
                    .collect();
                let columns = [
                    col("Field", false),
                    col("Value", false),
                    col("Code", false),
                    col("Count", true),
                    col("First seen", false),
                ];
                page.table(&columns, &rows);
                let left_out = self.enum_left_out();
                if left_out > 0 {
                    page.note(&format!(
                        "And {} of other values (at most {} per field are kept).",
                        plural(left_out, "occurrence"),
                        super::DRIFT_MAX_VALUES
                    ));
                }
            },
        );
    }

    fn html_distributions(&self, page: &mut Page) {
        if self.instances == 0 {
            return;
        }
        page.section("Status, accelerator and payment", None, true, |page| {
            for (field, values) in self.distributions() {
                page.heading(field);
                let rows = distribution_rows(values, self.instances);
                let bars: Vec<Bar<'_>> = rows
                    .iter()
                    .take(MAX_BARS)
                    .map(|(value, n, share)| Bar {
                        label: value,
                        fraction: share.unwrap_or(0.0),
                        text: format!("{n} ({})", percent(*share)),
                    })
                    .collect();
                page.bars(&format!("Values of {field}"), &bars);
            }
        });
    }

    fn html_codes(&self, page: &mut Page, total: u64) {
        let codes = self.sorted_codes();
        page.section(
            "Diagnostics by code",
            Some(codes.len() as u64),
            true,
            |page| {
                if codes.is_empty() {
                    page.note("No diagnostics.");
                    return;
                }
                let max = codes.first().map_or(1, |(_, n)| *n).max(1);
                let labels: Vec<String> = codes
                    .iter()
                    .map(|(code, _)| format!("{code} ({})", code.severity()))
                    .collect();
                let bars: Vec<Bar<'_>> = codes
                    .iter()
                    .zip(&labels)
                    .take(MAX_BARS)
                    .map(|((_, n), label)| Bar {
                        label,
                        fraction: share(*n, max).unwrap_or(0.0),
                        text: format!("{n} ({})", percent(share(*n, total))),
                    })
                    .collect();
                page.bars("Diagnostics per code", &bars);
            },
        );
    }
}
