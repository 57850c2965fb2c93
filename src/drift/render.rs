//! The drift report as text, JSON and Markdown.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{DRIFT_FORMAT_VERSION, Drift, Values};
use crate::render::markdown::Cell;
use crate::style::{self, Painter};
use crate::text::{escape_controls, plural};

/// What the outputs call a distribution's instances without the field.
pub(super) const ABSENT: &str = "(absent)";
/// What they call the values past the cap.
pub(super) const OTHER: &str = "(other values)";

/// A share as a percentage, one decimal.
pub(super) fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "-".to_owned(), |s| format!("{:.1}%", s * 100.0))
}

/// A share rounded to four decimals, for JSON (so that snapshots are stable).
fn rounded(share: Option<f64>) -> Value {
    share.map_or(Value::Null, |s| json!((s * 10_000.0).round() / 10_000.0))
}

/// `count` of `total` as a share.
pub(super) fn share(count: u64, total: u64) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    (total > 0).then(|| count as f64 / total as f64)
}

/// The headline figures every format starts with.
pub(super) struct Headline {
    /// Documented fields in some instances but not all.
    pub(super) partial: usize,
    /// In every instance.
    pub(super) everywhere: usize,
    /// In none.
    pub(super) nowhere: usize,
    /// Distinct enum values outside the documentation.
    pub(super) enum_values: usize,
}

impl Drift {
    pub(super) fn headline(&self) -> Headline {
        let (mut partial, mut everywhere, mut nowhere) = (0, 0, 0);
        for (_, n, of) in self.fields() {
            match n {
                0 => nowhere += 1,
                n if n == of => everywhere += 1,
                _ => partial += 1,
            }
        }
        Headline {
            partial,
            everywhere,
            nowhere,
            enum_values: self.values.values().map(|v| v.values.len()).sum(),
        }
    }

    /// The first line of the text and Markdown forms.
    pub(super) fn summary_line(&self) -> String {
        let mut line = format!(
            "{}, {} invalid; {}",
            plural(self.documents, "document"),
            self.invalid,
            plural(self.instances, "instance")
        );
        let mut extra = Vec::new();
        if self.pages > 0 {
            extra.push(format!("from {}", plural(self.pages, "ListInstances page")));
        }
        if self.api_errors > 0 {
            extra.push(plural(self.api_errors, "API error body").to_string());
        }
        if self.unreadable > 0 {
            extra.push(format!("{} not a JSON object", self.unreadable));
        }
        if !extra.is_empty() {
            let _ = write!(line, " ({})", extra.join(", "));
        }
        line
    }

    /// The report as text for a terminal or a log, coloured when `color`:
    /// a summary, then one section per kind of finding, each an aligned table.
    ///
    /// Documented fields are listed only when part of the fleet carries them;
    /// the JSON form lists all of them.
    #[must_use]
    pub fn to_text(&self, color: bool) -> String {
        let paint = Painter::new(color);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} {}",
            paint.paint(style::HEADING, "dswcheck drift:"),
            self.summary_line()
        );
        let heading = |out: &mut String, title: String| {
            let _ = writeln!(out, "\n{}", paint.paint(style::HEADING, title));
        };
        let codes = self.sorted_codes();
        if !codes.is_empty() {
            heading(&mut out, format!("Diagnostics by code ({})", codes.len()));
            let rows = codes
                .iter()
                .map(|(code, n)| {
                    vec![
                        n.to_string(),
                        code.severity().to_string(),
                        code.as_str().to_owned(),
                    ]
                })
                .collect();
            columns(&mut out, paint, &["count", "severity", "code"], rows, 1);
        }
        let unknown = self.sorted_unknown();
        if !unknown.is_empty() {
            heading(&mut out, format!("Unknown fields ({})", unknown.len()));
            let rows = unknown
                .iter()
                .map(|(path, t)| {
                    vec![
                        t.count.to_string(),
                        t.instances.to_string(),
                        escape_controls(path).into_owned(),
                        escape_controls(&self.source(t.first)).into_owned(),
                    ]
                })
                .collect();
            let header = ["count", "instances", "field", "first seen"];
            columns(&mut out, paint, &header, rows, 2);
        }
        if self.unknown_left_out > 0 {
            let _ = writeln!(
                out,
                "  and {} of other fields (at most {} fields are kept)",
                plural(self.unknown_left_out, "sighting"),
                super::DRIFT_MAX_UNKNOWN_FIELDS
            );
        }
        let enums = self.enum_rows();
        if !enums.is_empty() {
            heading(
                &mut out,
                format!("Enum values outside the documentation ({})", enums.len()),
            );
            let rows = enums
                .iter()
                .map(|(path, code, value, t)| {
                    vec![
                        t.count.to_string(),
                        escape_controls(path).into_owned(),
                        format!("{value:?}"),
                        code.as_str().to_owned(),
                        escape_controls(&self.source(t.first)).into_owned(),
                    ]
                })
                .collect();
            let header = ["count", "field", "value", "code", "first seen"];
            columns(&mut out, paint, &header, rows, 1);
        }
        let left_out = self.enum_left_out();
        if left_out > 0 {
            let _ = writeln!(
                out,
                "  and {} of other values (at most {} per field are kept)",
                plural(left_out, "occurrence"),
                super::DRIFT_MAX_VALUES
            );
        }
        let headline = self.headline();
        if self.instances > 0 {
            heading(
                &mut out,
                format!(
                    "Documented fields in part of the fleet ({} of {}; {} in every instance, {} in none)",
                    headline.partial,
                    self.present.len(),
                    headline.everywhere,
                    headline.nowhere
                ),
            );
            let rows: Vec<Vec<String>> = self
                .fields()
                .filter(|(_, n, of)| *n > 0 && n < of)
                .map(|(path, n, of)| {
                    vec![
                        percent(share(n, of)),
                        format!("{n} of {of}"),
                        path.to_owned(),
                    ]
                })
                .collect();
            if !rows.is_empty() {
                columns(&mut out, paint, &["share", "instances", "field"], rows, 2);
            }
            for (field, values) in self.distributions() {
                heading(&mut out, field.to_owned());
                let rows = distribution_rows(values, self.instances)
                    .into_iter()
                    .map(|(value, n, share)| vec![n.to_string(), percent(share), value])
                    .collect();
                columns(&mut out, paint, &["count", "share", "value"], rows, 2);
            }
        }
        out
    }

    /// The report as Markdown, for `$GITHUB_STEP_SUMMARY` or a pull-request
    /// comment: the summary, then a table per section. Every cell is
    /// escaped as `validate --format markdown` escapes its cells.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "## dswcheck drift\n\n{}.", self.summary_line());
        let codes = self.sorted_codes();
        if !codes.is_empty() {
            let _ = writeln!(out, "\n### Diagnostics by code\n");
            let _ = writeln!(out, "| Code | Severity | Count |\n|---|---|---:|");
            for (code, n) in codes {
                let _ = writeln!(out, "| `{code}` | {} | {n} |", code.severity());
            }
        }
        let unknown = self.sorted_unknown();
        if !unknown.is_empty() {
            let _ = writeln!(out, "\n### Unknown fields\n");
            let _ = writeln!(
                out,
                "| Field | Count | Instances | First seen |\n|---|---:|---:|---|"
            );
            for (path, t) in unknown {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    Cell(path),
                    t.count,
                    t.instances,
                    Cell(&self.source(t.first))
                );
            }
            if self.unknown_left_out > 0 {
                let _ = writeln!(
                    out,
                    "\nAnd {} of other fields.",
                    plural(self.unknown_left_out, "sighting")
                );
            }
        }
        let enums = self.enum_rows();
        if !enums.is_empty() {
            let _ = writeln!(out, "\n### Enum values outside the documentation\n");
            let _ = writeln!(
                out,
                "| Field | Value | Code | Count | First seen |\n|---|---|---|---:|---|"
            );
            for (path, code, value, t) in enums {
                let _ = writeln!(
                    out,
                    "| {} | {} | `{code}` | {} | {} |",
                    Cell(path),
                    Cell(&format!("{value:?}")),
                    t.count,
                    Cell(&self.source(t.first))
                );
            }
        }
        if self.instances > 0 {
            let headline = self.headline();
            let _ = writeln!(
                out,
                "\n### Documented fields in part of the fleet\n\n{} of {} documented fields; {} in every instance, {} in none.",
                headline.partial,
                self.present.len(),
                headline.everywhere,
                headline.nowhere
            );
            if headline.partial > 0 {
                let _ = writeln!(out, "\n| Field | Share | Instances |\n|---|---:|---:|");
                for (path, n, of) in self.fields() {
                    if n > 0 && n < of {
                        let _ = writeln!(
                            out,
                            "| {} | {} | {n} of {of} |",
                            Cell(path),
                            percent(share(n, of))
                        );
                    }
                }
            }
            for (field, values) in self.distributions() {
                let _ = writeln!(
                    out,
                    "\n### {field}\n\n| Value | Count | Share |\n|---|---:|---:|"
                );
                for (value, n, share) in distribution_rows(values, self.instances) {
                    let _ = writeln!(out, "| {} | {n} | {} |", Cell(&value), percent(share));
                }
            }
        }
        out
    }

    /// The report as JSON, indented with two spaces (format version
    /// [`DRIFT_FORMAT_VERSION`]):
    ///
    /// ```json
    /// {
    ///   "format_version": 1,
    ///   "documents": {"total": 3, "invalid": 1, "instances": 4, "pages": 1, "api_errors": 0, "unreadable": 0},
    ///   "codes": [{"code": "field.unknown", "severity": "info", "count": 2}],
    ///   "unknown_fields": [{"path": "Datasets[].Foo", "count": 2, "instances": 1, "first_source": "fleet.ndjson:2"}],
    ///   "unknown_fields_left_out": 0,
    ///   "enum_values": [{"path": "Status", "code": "enum.unknown", "value": "Hibernating", "count": 1, "first_source": "fleet.ndjson:3"}],
    ///   "enum_values_left_out": 0,
    ///   "fields": [{"path": "TenantId", "instances": 2, "out_of": 4, "share": 0.5}],
    ///   "distributions": [{"field": "Status", "values": [{"value": "Running", "count": 3}], "other": 0, "absent": 1}]
    /// }
    /// ```
    ///
    /// - `documents`: `total` bodies and NDJSON lines read, `invalid` those
    ///   with an error; `instances` GetInstance bodies plus the items of
    ///   the `pages` (ListInstances); `api_errors` error bodies and
    ///   `unreadable` documents that are not JSON objects, neither of which
    ///   has an instance.
    /// - `codes[]`: each diagnostic code seen, with its default `severity`
    ///   and the `count` of diagnostics; most frequent first.
    /// - `unknown_fields[]`: each field the documentation does not describe,
    ///   by `path` (object keys joined by `.`, `[]` for any array element;
    ///   a page's own fields start with `(page)`); `count` sightings, in
    ///   `instances` instances, `first_source` the `FILE:LINE` of the first.
    ///   Most frequent first. At most [`DRIFT_MAX_UNKNOWN_FIELDS`](crate::DRIFT_MAX_UNKNOWN_FIELDS) are
    ///   listed; `unknown_fields_left_out` counts the sightings of the rest.
    ///   Their values are never shown.
    /// - `enum_values[]`: each value outside a documented enum, by field
    ///   `path`; `code` is `enum.unknown` (a closed list) or `enum.unlisted`
    ///   (an open list of examples); `value` through the secret policy, cut
    ///   after 64 characters. By path, then most frequent first; at most
    ///   [`DRIFT_MAX_VALUES`](crate::DRIFT_MAX_VALUES) per field, `enum_values_left_out` counting the
    ///   occurrences of the rest.
    /// - `fields[]`: every documented field, in the documentation's order,
    ///   with the `instances` that carry it with a value other than `null`
    ///   (a field in array elements: in at least one), `out_of` the
    ///   instances whose kind documents it (all of them, but for the few
    ///   fields only GetInstance bodies or only ListInstances items have),
    ///   and the `share`, rounded to four decimals (`null` when `out_of` is 0).
    /// - `distributions[]`: the values of `Status`, `AcceleratorType` and
    ///   `PaymentType` over the instances, most frequent first (at most
    ///   [`DRIFT_MAX_VALUES`](crate::DRIFT_MAX_VALUES); `other` counts the rest), and `absent` the
    ///   instances without the field. A value that is not a string shows
    ///   as `(not a string)`.
    ///
    /// Version 1 may gain keys; keys are never renamed, removed or given
    /// another meaning within it.
    #[must_use]
    pub fn to_json(&self) -> String {
        let codes: Vec<Value> = self
            .sorted_codes()
            .into_iter()
            .map(
                |(code, n)| json!({"code": code.as_str(), "severity": code.severity(), "count": n}),
            )
            .collect();
        let unknown: Vec<Value> = self
            .sorted_unknown()
            .into_iter()
            .map(|(path, t)| {
                json!({"path": path, "count": t.count, "instances": t.instances, "first_source": self.source(t.first)})
            })
            .collect();
        let enums: Vec<Value> = self
            .enum_rows()
            .into_iter()
            .map(|(path, code, value, t)| {
                json!({"path": path, "code": code.as_str(), "value": value, "count": t.count, "first_source": self.source(t.first)})
            })
            .collect();
        let fields: Vec<Value> = self
            .fields()
            .map(|(path, n, of)| {
                json!({"path": path, "instances": n, "out_of": of, "share": rounded(share(n, of))})
            })
            .collect();
        let distributions: Vec<Value> = self
            .distributions()
            .map(|(field, values)| {
                let list: Vec<Value> = values
                    .sorted()
                    .into_iter()
                    .map(|(value, t)| json!({"value": value, "count": t.count}))
                    .collect();
                json!({"field": field, "values": list, "other": values.other, "absent": values.absent})
            })
            .collect();
        let report = json!({
            "format_version": DRIFT_FORMAT_VERSION,
            "documents": {
                "total": self.documents,
                "invalid": self.invalid,
                "instances": self.instances,
                "pages": self.pages,
                "api_errors": self.api_errors,
                "unreadable": self.unreadable,
            },
            "codes": codes,
            "unknown_fields": unknown,
            "unknown_fields_left_out": self.unknown_left_out,
            "enum_values": enums,
            "enum_values_left_out": self.enum_left_out(),
            "fields": fields,
            "distributions": distributions,
        });
        // Cannot fail: every key is a string and every value JSON data.
        serde_json::to_string_pretty(&report).unwrap_or_default()
    }
}

/// A distribution's rows: each value quoted (the markers unquoted), its
/// count and share of `instances`; the values past the cap, then the
/// instances without the field.
pub(super) fn distribution_rows(
    values: &Values,
    instances: u64,
) -> Vec<(String, u64, Option<f64>)> {
    let mut rows: Vec<(String, u64, Option<f64>)> = values
        .sorted()
        .into_iter()
        .map(|(value, t)| (format!("{value:?}"), t.count, share(t.count, instances)))
        .collect();
    if values.other > 0 {
        rows.push((
            OTHER.to_owned(),
            values.other,
            share(values.other, instances),
        ));
    }
    if values.absent > 0 {
        rows.push((
            ABSENT.to_owned(),
            values.absent,
            share(values.absent, instances),
        ));
    }
    debug_assert_eq!(values.total() + values.absent, instances);
    rows
}

/// Writes `rows` under `header` as aligned columns, indented by two spaces;
/// the first `numeric` columns are aligned right.
fn columns(
    out: &mut String,
    paint: Painter,
    header: &[&str],
    rows: Vec<Vec<String>>,
    numeric: usize,
) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            text.push_str("  ");
            if i < numeric {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
        }
        text
    };
    let head = line(header.iter().map(|h| (*h).to_owned()).collect());
    let _ = writeln!(out, "{}", paint.paint(style::DIM, head));
    for row in rows {
        let _ = writeln!(out, "{}", line(row));
    }
}
