//! The fleet diff's public types: options, the result and its parts, findings, the error.

use std::fmt;
use std::io;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::diagnostic::{Severity, codes};
use crate::diff::{Diff, DiffOptions};

/// What [`diff_fleet`](crate::diff_fleet) compares with, and on how many threads.
///
/// ```
/// use std::num::NonZeroUsize;
///
/// let options = dswcheck::FleetOptions::new()
///     .with_diff_options(dswcheck::DiffOptions::new().with_ignored("/Labels"))
///     .with_threads(NonZeroUsize::new(2).unwrap());
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetOptions {
    pub(super) diff: DiffOptions,
    pub(super) threads: Option<NonZeroUsize>,
}

impl FleetOptions {
    /// Each pair compared with [`DiffOptions::new`], on every core.
    #[must_use]
    pub const fn new() -> Self {
        FleetOptions {
            diff: DiffOptions::new(),
            threads: None,
        }
    }

    /// How each instance on both sides is compared: volatile fields, ignored
    /// pointers, exactly as [`diff`](crate::diff()) does. The default is
    /// [`DiffOptions::new`].
    #[must_use]
    pub fn with_diff_options(mut self, options: DiffOptions) -> Self {
        self.diff = options;
        self
    }

    /// The threads that read and compare (at most
    /// [`MAX_THREADS`](crate::MAX_THREADS)). The default is one per core, as
    /// `dswcheck validate` runs.
    #[must_use]
    pub const fn with_threads(mut self, threads: NonZeroUsize) -> Self {
        self.threads = Some(threads);
        self
    }
}

/// One side of a fleet diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The old dump.
    Old,
    /// The new dump.
    New,
}

impl Side {
    /// `old` or `new`, as every output format writes it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a record was read: a file, the line where the record starts, and
/// for an item of a ListInstances page its index in `Instances`.
///
/// Displayed `FILE:LINE`, with `#/Instances/N` (a JSON Pointer fragment)
/// for a page's item: `pages.ndjson:3#/Instances/2`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[non_exhaustive]
pub struct FleetSource {
    /// The file, as given or as found in a directory given.
    pub file: String,
    /// The 1-based line of the file where the record starts.
    pub line: u64,
    /// For an item of a ListInstances page, its index in `Instances`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
}

impl fmt::Display for FleetSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        match self.item {
            Some(item) => write!(f, "#/Instances/{item}"),
            None => Ok(()),
        }
    }
}

/// An instance only one side has: added (only the new side) or removed
/// (only the old side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FleetInstance {
    /// Its `InstanceId`.
    pub instance_id: String,
    /// Its `InstanceName`, when it has one that is a string.
    pub instance_name: Option<String>,
    /// Its `Status`, when it has one that is a string.
    pub status: Option<String>,
    /// Where it was read (the last occurrence, if it is there more than once).
    pub source: FleetSource,
}

/// An instance on both sides whose diff has changes or findings.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChangedInstance {
    /// Its `InstanceId`.
    pub instance_id: String,
    /// Its `InstanceName` on the new side (else the old), when a string.
    pub instance_name: Option<String>,
    /// Where the old side has it.
    pub old_source: FleetSource,
    /// Where the new side has it.
    pub new_source: FleetSource,
    /// The diff of the two, exactly as [`diff`](crate::diff()) gives it.
    pub diff: Diff,
}

impl Serialize for ChangedInstance {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("instance_id", &self.instance_id)?;
        map.serialize_entry("instance_name", &self.instance_name)?;
        map.serialize_entry("old_source", &self.old_source)?;
        map.serialize_entry("new_source", &self.new_source)?;
        map.serialize_entry("changes", &self.diff.changes)?;
        map.serialize_entry("findings", &self.diff.findings)?;
        map.end()
    }
}

codes! {
    /// The stable identifier of a kind of [`FleetFinding`].
    ///
    /// The string form ([`FleetFindingCode::as_str`]) is part of the output
    /// contract. Adding a variant is not a breaking change.
    pub enum FleetFindingCode;

    /// `fleet.duplicate-id`: an `InstanceId` is on one side more than once;
    /// its last occurrence (in the order of the files, then of the lines) is compared.
    DuplicateId = "fleet.duplicate-id", Warning;
    /// `fleet.missing-id`: a record has no `InstanceId` (or one that is not a
    /// non-empty string), so it cannot be matched; it is not compared.
    MissingId = "fleet.missing-id", Error;
    /// `fleet.unreadable`: a line or a file is not JSON, or is over a limit
    /// ([`MAX_INPUT_BYTES`](crate::MAX_INPUT_BYTES) and the others); the
    /// rest of the side is still compared.
    Unreadable = "fleet.unreadable", Error;
    /// `fleet.not-an-instance`: JSON that holds no instance: an API error
    /// body, a value that is not an object, or a pair the diff refused.
    NotAnInstance = "fleet.not-an-instance", Error;
}

/// Something about a side that is not a change: a record that could not be
/// read or matched, or an `InstanceId` given twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FleetFinding {
    /// How serious it is.
    pub severity: Severity,
    /// What kind of finding it is.
    pub code: FleetFindingCode,
    /// The side it is about.
    pub side: Side,
    /// The instance it is about, when it has an `InstanceId`.
    pub instance_id: Option<String>,
    /// Where: every occurrence for a duplicate, else the one record.
    pub sources: Vec<FleetSource>,
    /// What was found.
    pub message: String,
}

impl fmt::Display for FleetFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code, self.side)?;
        for (i, source) in self.sources.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            write!(f, "{source}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// How many of each: the instances per side and what became of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FleetCounts {
    /// Instances (distinct `InstanceId`s) on the old side.
    pub old: usize,
    /// Instances on the new side.
    pub new: usize,
    /// Only on the new side.
    pub added: usize,
    /// Only on the old side.
    pub removed: usize,
    /// On both, with at least one change.
    pub changed: usize,
    /// On both, with no change (some may have findings, and be listed in
    /// [`FleetDiff::changed`] for them).
    pub unchanged: usize,
    /// Findings: the fleet's and those of every listed instance's diff.
    pub findings: usize,
}

/// The version of the JSON output format ([`FleetDiff`]'s serialization).
pub const FLEET_FORMAT_VERSION: u32 = 1;

/// The differences between two dumps of a fleet: the instances added and
/// removed, the diff of each instance on both sides, and findings.
///
/// Every list is sorted by `InstanceId`, so dumps in any order give the
/// same result (but for the sources, which name lines).
///
/// # JSON format
///
/// Serializing a `FleetDiff` (as `dswcheck diff --fleet --format json`
/// does) gives one object:
///
/// ```json
/// {
///   "format_version": 1,
///   "counts": {"old": 3, "new": 3, "added": 1, "removed": 1, "changed": 1,
///              "unchanged": 1, "findings": 0},
///   "added": [{"instance_id": "dsw-c", "instance_name": "nb", "status": "Running",
///              "source": {"file": "new.ndjson", "line": 3}}],
///   "removed": [{"instance_id": "dsw-z", "instance_name": null, "status": "Stopped",
///                "source": {"file": "old/page.json", "line": 12, "item": 1}}],
///   "changed": [{"instance_id": "dsw-a", "instance_name": "nb",
///                "old_source": {"file": "old.ndjson", "line": 1},
///                "new_source": {"file": "new.ndjson", "line": 2},
///                "changes": [{"kind": "changed", "path": "Status", "old_pointer": "/Status",
///                             "new_pointer": "/Status", "old": "Running", "new": "Stopped",
///                             "class": "status"}],
///                "findings": []}],
///   "findings": [{"severity": "warning", "code": "fleet.duplicate-id", "side": "old",
///                 "instance_id": "dsw-b", "sources": [{"file": "old.ndjson", "line": 4},
///                 {"file": "old.ndjson", "line": 9}], "message": "..."}]
/// }
/// ```
///
/// - `format_version` ([`FLEET_FORMAT_VERSION`]) changes only when a field
///   changes meaning or disappears; fields may be added within a version.
/// - `counts`: see [`FleetCounts`].
/// - `added[]`, `removed[]`: see [`FleetInstance`]; `instance_name` and
///   `status` are `null` when the record has none (or not a string).
/// - `changed[]`: see [`ChangedInstance`]; `changes` and `findings` are
///   those of [`Diff`]'s JSON format, unchanged.
/// - a source is `file` and `line` (where the record starts), and `item`
///   for an item of a ListInstances page (its index in `Instances`).
/// - `findings[]`: see [`FleetFinding`]; `code` is one of [`FleetFindingCode`].
///
/// Secrets show as `"<redacted>"`, in the diffs as everywhere.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct FleetDiff {
    /// The counts.
    pub counts: FleetCounts,
    /// Instances only the new side has, by `InstanceId`.
    pub added: Vec<FleetInstance>,
    /// Instances only the old side has, by `InstanceId`.
    pub removed: Vec<FleetInstance>,
    /// Instances on both sides whose diff has changes or findings, by `InstanceId`.
    pub changed: Vec<ChangedInstance>,
    /// Findings about the sides, sorted by code, instance and side.
    pub findings: Vec<FleetFinding>,
}

impl FleetDiff {
    /// Whether nothing changed: no instance added or removed, none with a
    /// change (findings do not count).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.counts.changed == 0
    }

    /// Every change of every listed instance, for callers that gate on classes.
    pub fn iter_changes(&self) -> impl Iterator<Item = &crate::Change> {
        self.changed.iter().flat_map(|c| &c.diff.changes)
    }

    /// The JSON format above, indented with two spaces, as `dswcheck diff
    /// --fleet --format json` prints it (without the final newline).
    #[must_use]
    pub fn to_json(&self) -> String {
        // Cannot fail: every key is a string and every value JSON data.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Serialize for FleetDiff {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("format_version", &FLEET_FORMAT_VERSION)?;
        map.serialize_entry("counts", &self.counts)?;
        map.serialize_entry("added", &self.added)?;
        map.serialize_entry("removed", &self.removed)?;
        map.serialize_entry("changed", &self.changed)?;
        map.serialize_entry("findings", &self.findings)?;
        map.end()
    }
}

/// Why a fleet diff could not run: a side could not be read.
///
/// Problems inside a dump (a line that is not JSON, a record without an
/// `InstanceId`) are [`FleetFinding`]s, not errors.
#[derive(Debug)]
pub struct FleetError {
    // Boxed so that `Result<FleetDiff, FleetError>` stays small.
    inner: Box<ErrorInner>,
}

#[derive(Debug)]
struct ErrorInner {
    kind: FleetErrorKind,
    path: PathBuf,
    source: Option<io::Error>,
}

/// What kind of [`FleetError`] happened.
///
/// Adding a variant is not a breaking change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FleetErrorKind {
    /// A file or directory could not be read, or is neither.
    Io,
    /// A side names no file: only empty directories, or hidden files.
    NoFiles,
}

impl FleetError {
    pub(super) fn io(path: &Path, source: io::Error) -> FleetError {
        FleetError {
            inner: Box::new(ErrorInner {
                kind: FleetErrorKind::Io,
                path: path.to_owned(),
                source: Some(source),
            }),
        }
    }

    pub(super) fn no_files(path: &Path) -> FleetError {
        FleetError {
            inner: Box::new(ErrorInner {
                kind: FleetErrorKind::NoFiles,
                path: path.to_owned(),
                source: None,
            }),
        }
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> FleetErrorKind {
        self.inner.kind
    }

    /// The file or directory it is about.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.inner.path
    }
}

impl fmt::Display for FleetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.inner.path.display();
        match (&self.inner.kind, &self.inner.source) {
            (FleetErrorKind::NoFiles, _) => write!(
                f,
                "{path}: no files to compare (an empty directory, or only hidden files)"
            ),
            (_, Some(source)) => write!(f, "failed to read {path}: {source}"),
            (_, None) => write!(f, "failed to read {path}"),
        }
    }
}

impl std::error::Error for FleetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
