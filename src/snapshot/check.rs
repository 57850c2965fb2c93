//! `snapshot check`'s report: the captures that differ from the store and
//! the snapshots pending review, as text, Markdown or GitHub annotations.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{Name, Store, Verdict, describe};
use crate::render::github::{Data, Property};
use crate::render::markdown::Cell;
use crate::style::{self, Painter};
use crate::text::{escape_controls, plural};

/// One capture that does not match the store.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CheckEntry {
    /// The capture's file, as given.
    pub file: String,
    /// Its line, for a line of an NDJSON file.
    pub line: Option<u64>,
    /// The snapshot's name.
    pub name: Name,
    /// New (no accepted snapshot) or changed; never unchanged.
    pub verdict: Verdict,
}

/// What `dswcheck snapshot check` found: it fails when a capture differs
/// from its accepted snapshot, has none, or any snapshot is pending.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    store: Store,
    captures: u64,
    failures: Vec<CheckEntry>,
    pending: Vec<Name>,
}

impl Check {
    /// An empty report on `store`.
    #[must_use]
    pub fn new(store: Store) -> Check {
        Check {
            store,
            captures: 0,
            failures: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// Adds a capture's verdict; an unchanged one is only counted.
    pub fn add(&mut self, file: &str, line: Option<u64>, name: Name, verdict: Verdict) {
        self.captures += 1;
        if verdict.is_pending() {
            self.failures.push(CheckEntry {
                file: file.to_owned(),
                line,
                name,
                verdict,
            });
        }
    }

    /// Sets the snapshots pending review in the store.
    pub fn set_pending(&mut self, pending: Vec<Name>) {
        self.pending = pending;
    }

    /// The captures that do not match, in input order.
    #[must_use]
    pub fn failures(&self) -> &[CheckEntry] {
        &self.failures
    }

    /// Whether the check fails.
    #[must_use]
    pub fn fails(&self) -> bool {
        !self.failures.is_empty() || !self.pending.is_empty()
    }

    fn location(entry: &CheckEntry) -> String {
        match entry.line {
            Some(line) => format!("{}:{line}", entry.file),
            None => entry.file.clone(),
        }
    }

    fn pending_path(&self, name: &Name) -> PathBuf {
        self.store.pending_path(name)
    }

    fn summary(&self) -> String {
        let new = self
            .failures
            .iter()
            .filter(|e| matches!(e.verdict, Verdict::New))
            .count();
        let changed = self.failures.len() - new;
        let matching = self.captures - self.failures.len() as u64;
        format!(
            "{}: {matching} matching, {changed} changed, {new} new; {} pending review",
            plural(self.captures, "capture"),
            plural(self.pending.len(), "snapshot"),
        )
    }

    /// The report as text: each failing capture with its diff (or, for a
    /// new one, that it has no accepted snapshot), the pending snapshots,
    /// then a summary line.
    #[must_use]
    pub fn to_text(&self, color: bool) -> String {
        let paint = Painter::new(color);
        let mut out = String::new();
        for entry in &self.failures {
            let _ = writeln!(
                out,
                "{}: {}: {}",
                paint.paint(style::LOCATION, escape_controls(&Self::location(entry))),
                paint.paint(style::HEADING, &entry.name),
                describe(&entry.verdict),
            );
            match &entry.verdict {
                Verdict::Changed(diff) => {
                    for line in diff.to_text(color).lines() {
                        let _ = writeln!(out, "    {line}");
                    }
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "    no accepted snapshot {}",
                        self.store.accepted_path(&entry.name).display()
                    );
                }
            }
        }
        for name in &self.pending {
            let _ = writeln!(
                out,
                "{}: pending review (dswcheck review)",
                paint.paint(style::LOCATION, self.pending_path(name).display()),
            );
        }
        let _ = writeln!(out, "{}", self.summary());
        out
    }

    /// The report as Markdown, for `$GITHUB_STEP_SUMMARY` or a pull-request
    /// comment: the summary, each failing capture's diff table, the pending
    /// snapshots.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("## dswcheck snapshot check\n\n");
        let _ = writeln!(out, "{}.", self.summary());
        for entry in &self.failures {
            let _ = write!(
                out,
                "\n{}: {}\n\n",
                Cell(&Self::location(entry)),
                describe(&entry.verdict)
            );
            match &entry.verdict {
                Verdict::Changed(diff) => out.push_str(&diff.to_markdown()),
                _ => {
                    let _ = writeln!(
                        out,
                        "No accepted snapshot {}.",
                        Cell(&self.store.accepted_path(&entry.name).display().to_string())
                    );
                }
            }
        }
        if !self.pending.is_empty() {
            out.push_str("\nPending review:\n\n");
            for name in &self.pending {
                let _ = writeln!(
                    out,
                    "- {}",
                    Cell(&self.pending_path(name).display().to_string())
                );
            }
        }
        out
    }

    /// The report as GitHub Actions workflow commands: an `::error`
    /// annotation on each failing capture (its line, for an NDJSON line)
    /// holding its diff, and one on each pending snapshot, escaped as the
    /// toolkit escapes them so that no text from a capture can end the
    /// command.
    #[must_use]
    pub fn to_github(&self) -> String {
        let mut out = String::new();
        for entry in &self.failures {
            let line = entry.line.map(|l| format!(",line={l}")).unwrap_or_default();
            let (title, message) = match &entry.verdict {
                Verdict::Changed(diff) => ("snapshot changed", diff.to_text(false)),
                _ => (
                    "snapshot new",
                    format!(
                        "{}: no accepted snapshot {}; record it with dswcheck snapshot record",
                        entry.name,
                        self.store.accepted_path(&entry.name).display()
                    ),
                ),
            };
            let _ = writeln!(
                out,
                "::error file={}{line},title={}::{}",
                Property(&entry.file),
                Property(title),
                Data(message.trim_end())
            );
        }
        for name in &self.pending {
            let _ = writeln!(
                out,
                "::error file={},title={}::{}",
                Property(&self.pending_path(name).display().to_string()),
                Property("snapshot pending"),
                Data(&format!("{name}: pending review; run dswcheck review")),
            );
        }
        out
    }
}
