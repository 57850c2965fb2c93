//! Baselines: the findings a team has accepted for now, so that a fleet with
//! hundreds of known findings can adopt the gate and fail only on new ones.
//!
//! A baseline file is JSON, sorted, one finding per entry, so that it diffs
//! well in git:
//!
//! ```json
//! {
//!   "version": 1,
//!   "tool": "dswcheck",
//!   "findings": [
//!     {
//!       "document": "dsw-123",
//!       "code": "field.unknown",
//!       "pointer": "/Labels/0/Color",
//!       "fingerprint": "5c1f0e9b2d7a4c33",
//!       "count": 1
//!     }
//!   ]
//! }
//! ```
//!
//! An entry matches by `fingerprint` alone (see [`Fingerprint`]): the
//! document's `InstanceId` (or file name), the code, the place with
//! identity-keyed elements named by their key, and a digest of the value.
//! `document`, `code` and `pointer` (where it was first seen, redacted) are
//! there for the reader. `count` is how many findings share the fingerprint,
//! each suppressing one. Values are never stored, and for secrets not even
//! their digest.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::fingerprint::Fingerprint;
use crate::parse::Report;
use crate::secret::redact;

/// The version of the baseline file format.
pub const BASELINE_FORMAT_VERSION: u32 = 1;

/// Findings recorded once, and how many of each are still to be met.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    entries: BTreeMap<Fingerprint, Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    document: String,
    code: String,
    pointer: String,
    count: u64,
    /// How many of `count` a run has not met yet.
    unmatched: u64,
}

/// A baseline entry no finding matched: fixed since, or gone.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StaleEntry {
    /// The document it names.
    pub document: String,
    /// Its diagnostic code.
    pub code: String,
    /// Where it was first seen.
    pub pointer: String,
    /// How many of its findings were not met.
    pub count: u64,
}

impl fmt::Display for StaleEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} [{}]", self.document, self.pointer, self.code)?;
        if self.count > 1 {
            write!(f, " ({} times)", self.count)?;
        }
        Ok(())
    }
}

/// A baseline file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineError {
    message: String,
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BaselineError {}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    tool: String,
    findings: Vec<FileEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    document: String,
    code: String,
    pointer: String,
    fingerprint: String,
    count: u64,
}

impl Baseline {
    /// An empty baseline, to record findings into.
    #[must_use]
    pub fn new() -> Self {
        Baseline::default()
    }

    /// Reads a baseline file's text.
    ///
    /// # Errors
    ///
    /// When the text is not a baseline of [`BASELINE_FORMAT_VERSION`]: the
    /// message gives the line and column.
    pub fn from_json(text: &str) -> Result<Self, BaselineError> {
        let file: File = serde_json::from_str(text).map_err(|e| BaselineError {
            message: format!("{}:{}: {}", e.line(), e.column(), inner_message(&e)),
        })?;
        if file.version != BASELINE_FORMAT_VERSION {
            return Err(BaselineError {
                message: format!(
                    "baseline format version {}, but this dswcheck reads version {BASELINE_FORMAT_VERSION}: \
                     write it again with --write-baseline",
                    file.version
                ),
            });
        }
        let mut baseline = Baseline::new();
        for (i, entry) in file.findings.into_iter().enumerate() {
            let fingerprint =
                Fingerprint::from_hex(&entry.fingerprint).ok_or_else(|| BaselineError {
                    message: format!(
                        "findings[{i}]: fingerprint {:?} is not 16 hexadecimal digits",
                        entry.fingerprint
                    ),
                })?;
            if entry.count == 0 {
                return Err(BaselineError {
                    message: format!("findings[{i}]: count is 0; remove the entry instead"),
                });
            }
            let slot = baseline.entries.entry(fingerprint).or_insert(Entry {
                document: entry.document,
                code: entry.code,
                pointer: entry.pointer,
                count: 0,
                unmatched: 0,
            });
            slot.count += entry.count;
            slot.unmatched += entry.count;
        }
        Ok(baseline)
    }

    /// The baseline file's text: sorted by document, code and pointer.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut findings: Vec<FileEntry> = self
            .entries
            .iter()
            .map(|(fingerprint, e)| FileEntry {
                document: e.document.clone(),
                code: e.code.clone(),
                pointer: e.pointer.clone(),
                fingerprint: fingerprint.to_string(),
                count: e.count,
            })
            .collect();
        findings.sort_by(|a, b| {
            (&a.document, &a.code, &a.pointer, &a.fingerprint).cmp(&(
                &b.document,
                &b.code,
                &b.pointer,
                &b.fingerprint,
            ))
        });
        let file = File {
            version: BASELINE_FORMAT_VERSION,
            tool: "dswcheck".to_owned(),
            findings,
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Records every diagnostic of `report`, the document named `document`
    /// (see [`document_name`](crate::document_name)).
    pub fn record(&mut self, document: &str, report: &Report) {
        // A document name is output too: through the secret policy.
        let shown = redact::text(document);
        for d in report.diagnostics() {
            let entry = self
                .entries
                .entry(d.fingerprint.in_document(document))
                .or_insert_with(|| Entry {
                    document: shown.to_string(),
                    code: d.code.as_str().to_owned(),
                    pointer: d.pointer.to_string(),
                    count: 0,
                    unmatched: 0,
                });
            entry.count += 1;
            entry.unmatched += 1;
        }
    }

    /// Drops the diagnostics of `report` that the baseline holds, each
    /// entry as many times as its count, and returns how many it dropped.
    pub fn suppress(&mut self, document: &str, report: &mut Report) -> u64 {
        let mut suppressed = 0;
        report.diagnostics_mut().retain(|d| {
            match self.entries.get_mut(&d.fingerprint.in_document(document)) {
                Some(entry) if entry.unmatched > 0 => {
                    entry.unmatched -= 1;
                    suppressed += 1;
                    false
                }
                _ => true,
            }
        });
        suppressed
    }

    /// The entries [`suppress`](Self::suppress) has not met (all of their
    /// count), in file order.
    #[must_use]
    pub fn stale(&self) -> Vec<StaleEntry> {
        let mut stale: Vec<StaleEntry> = self
            .entries
            .values()
            .filter(|e| e.unmatched > 0)
            .map(|e| StaleEntry {
                document: e.document.clone(),
                code: e.code.clone(),
                pointer: e.pointer.clone(),
                count: e.unmatched,
            })
            .collect();
        stale.sort_by(|a, b| {
            (&a.document, &a.code, &a.pointer).cmp(&(&b.document, &b.code, &b.pointer))
        });
        stale
    }

    /// How many findings the baseline holds (counts included).
    #[must_use]
    pub fn len(&self) -> u64 {
        self.entries.values().map(|e| e.count).sum()
    }

    /// Whether it holds no finding.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// serde_json's message without its own " at line L column C".
fn inner_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"InstanceId": "dsw-1", "Color": "red",
        "Labels": [{"Key": "a", "Shade": 1}, {"Key": "b", "Shade": 1}]}"#;
    const REORDERED: &[u8] = br#"{"Labels":[{"Shade":1,"Key":"b"},{"Key":"a","Shade":1}],"Color":"red","InstanceId":"dsw-1"}"#;

    #[test]
    fn round_trips_and_suppresses_reformatted_bodies() {
        let report = crate::validate(BODY);
        assert_eq!(report.diagnostics().len(), 3);
        let mut baseline = Baseline::new();
        baseline.record("dsw-1", &report);
        let text = baseline.to_json();
        assert!(text.contains("\"pointer\": \"/Color\""), "{text}");
        let mut read = Baseline::from_json(&text).unwrap();
        assert_eq!(read.len(), 3);
        let mut again = crate::validate(REORDERED);
        assert_eq!(read.suppress("dsw-1", &mut again), 3);
        assert!(again.diagnostics().is_empty());
        assert_eq!(read.stale(), []);
    }

    #[test]
    fn new_findings_pass_and_fixed_ones_go_stale() {
        let mut baseline = Baseline::new();
        baseline.record("dsw-1", &crate::validate(BODY));
        let mut baseline = Baseline::from_json(&baseline.to_json()).unwrap();
        let mut changed = crate::validate(
            br#"{"InstanceId": "dsw-1", "Color": "blue",
                "Labels": [{"Key": "a", "Shade": 1}, {"Key": "b", "Shade": 1}]}"#,
        );
        assert_eq!(baseline.suppress("dsw-1", &mut changed), 2);
        // The value changed: the finding is new, and the old one stale.
        assert_eq!(changed.diagnostics()[0].pointer, "/Color");
        let stale = baseline.stale();
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].to_string(), "dsw-1 /Color [field.unknown]");
        // Another document's findings are its own.
        let mut other = crate::validate(BODY);
        assert_eq!(baseline.suppress("dsw-2", &mut other), 0);
    }

    #[test]
    fn counts_suppress_as_many_findings_as_they_say() {
        let body = br#"{"Labels": [{"Key": "a"}, {"Key": "a"}, {"Key": "a"}]}"#;
        let report = crate::validate(body);
        let mut baseline = Baseline::new();
        baseline.record("f.json", &report);
        let text = baseline.to_json();
        let two = text.replace("\"count\": 2", "\"count\": 1");
        assert_ne!(text, two, "{text}");
        let mut baseline = Baseline::from_json(&two).unwrap();
        let mut again = crate::validate(body);
        assert_eq!(baseline.suppress("f.json", &mut again), 1);
        assert_eq!(again.diagnostics().len(), 1);
    }

    #[test]
    fn bad_files_say_where() {
        let err =
            Baseline::from_json("{\"version\": 1,\n \"tool\": \"dswcheck\", \"findings\": 3}")
                .unwrap_err();
        assert!(err.to_string().starts_with("2:"), "{err}");
        let err = Baseline::from_json(r#"{"version": 2, "tool": "dswcheck", "findings": []}"#)
            .unwrap_err();
        assert!(err.to_string().contains("version 2"), "{err}");
        let err = Baseline::from_json(
            r#"{"version": 1, "tool": "dswcheck", "findings": [{"document": "d", "code": "c",
               "pointer": "", "fingerprint": "xyz", "count": 1}]}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("findings[0]"), "{err}");
        let err = Baseline::from_json(
            r#"{"version": 1, "tool": "dswcheck", "findings": [], "extra": 1}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
    }
}
