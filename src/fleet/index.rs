//! The passes over a side: each line (or document) read for its
//! instances, and on the new side each instance compared at once with the
//! old side's, whose bytes are read back where the old side's pass found
//! them.

use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::path::PathBuf;

use serde_json::Value;

use super::files::{BOM, read_at};
use super::scan::{self, Body, Fields, PageItem};
use super::{FleetFindingCode, Side};
use crate::diff::{Diff, DiffOptions, Snapshot, diff_snapshots};
use crate::lines::LineIndex;
use crate::ndjson::{At, LineWork};

/// Where a record's bytes are, and where it starts for messages.
#[derive(Debug, Clone, Copy)]
pub(super) struct Location {
    /// The index of the file in its side's list.
    pub file: u32,
    pub offset: u64,
    /// At most [`MAX_INPUT_BYTES`](crate::MAX_INPUT_BYTES), as the line or document it is in.
    pub len: u32,
    pub line: u64,
    pub item: Option<u32>,
}

/// What the diff of an instance on the new side with the old side's gave.
#[derive(Debug)]
pub(super) enum Compared {
    /// The old side has no such instance (or this is the old side).
    Unmatched,
    /// No change and no finding.
    Same,
    /// Changes or findings.
    Changed(Diff),
    /// The diff refused the pair: why.
    Refused(String),
    /// The old side's bytes could not be read again.
    Io(io::Error),
}

/// An instance read from a side.
#[derive(Debug)]
pub(super) struct Record {
    pub id: String,
    pub name: Option<String>,
    pub status: Option<String>,
    pub at: Location,
    pub compared: Compared,
}

/// A record that is not an instance that can be matched.
#[derive(Debug, Clone)]
pub(super) struct Problem {
    pub code: FleetFindingCode,
    pub line: u64,
    pub item: Option<u32>,
    pub message: String,
}

/// What a line or a document held.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    pub records: Vec<Record>,
    pub problems: Vec<Problem>,
}

/// A file of the old side, to read records back from.
#[derive(Debug)]
pub(super) enum OldFile {
    /// Kept open.
    Open(File),
    /// Opened for each read.
    Closed(PathBuf),
}

impl OldFile {
    fn read_at(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        match self {
            OldFile::Open(file) => read_at(file, offset, len),
            OldFile::Closed(path) => read_at(&File::open(path)?, offset, len),
        }
    }
}

/// The old side's instances, by `InstanceId`, with the files to read them from.
#[derive(Debug, Default)]
pub(super) struct Index {
    pub files: Vec<OldFile>,
    pub instances: HashMap<String, Entry>,
    /// Every occurrence of the `InstanceId`s given more than once, in order.
    pub duplicates: HashMap<String, Vec<Location>>,
}

/// The last occurrence of an instance on a side.
#[derive(Debug)]
pub(super) struct Entry {
    pub name: Option<String>,
    pub status: Option<String>,
    pub at: Location,
    pub compared: Compared,
}

impl Index {
    /// Adds `record`, the last occurrence of its `InstanceId` so far.
    pub(super) fn add(&mut self, record: Record) {
        let entry = Entry {
            name: record.name,
            status: record.status,
            at: record.at,
            compared: record.compared,
        };
        let at = entry.at;
        if let Some(earlier) = self.instances.insert(record.id.clone(), entry) {
            self.duplicates
                .entry(record.id)
                .or_insert_with(|| vec![earlier.at])
                .push(at);
        }
    }
}

/// How positions are counted in the text being read.
#[derive(Clone, Copy)]
pub(super) enum Place<'t> {
    /// A line of an NDJSON file: every record is on it.
    Line(u64),
    /// A whole file, with its line index.
    Document(&'t LineIndex),
}

/// The work on each line of one file: read it for its instances and, on
/// the new side (`old` given), compare each with the old side's.
pub(super) struct Work<'a> {
    pub file: u32,
    pub old: Option<&'a Index>,
    pub options: &'a DiffOptions,
}

impl LineWork for Work<'_> {
    type Out = Outcome;

    fn line(&self, at: At, text: Result<&[u8], u64>, limit: usize) -> Outcome {
        self.line_outcome(at.number, at.offset, text, limit)
    }
}

impl Work<'_> {
    fn line_outcome(
        &self,
        number: u64,
        offset: u64,
        text: Result<&[u8], u64>,
        limit: usize,
    ) -> Outcome {
        match text {
            Ok(bytes) => {
                let skip = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
                let body = scan::scan(&bytes[skip..]);
                self.outcome(body, bytes, skip, offset, Place::Line(number))
            }
            Err(len) => Outcome {
                records: Vec::new(),
                problems: vec![Problem {
                    code: FleetFindingCode::Unreadable,
                    line: number,
                    item: None,
                    message: format!("line is {len} bytes, more than the limit of {limit} bytes"),
                }],
            },
        }
    }

    /// What `body`, read from `bytes[skip..]` at `base` in the file, holds.
    pub(super) fn outcome(
        &self,
        body: Body,
        bytes: &[u8],
        skip: usize,
        base: u64,
        place: Place<'_>,
    ) -> Outcome {
        let text = &bytes[skip..];
        let line_of = |offset: usize| match place {
            Place::Line(number) => number,
            Place::Document(lines) => u64::from(lines.position(text, offset).0),
        };
        let mut out = Outcome::default();
        let mut problem = |code, offset: usize, item: Option<u32>, message: String| {
            out.problems.push(Problem {
                code,
                line: line_of(offset),
                item,
                message,
            });
        };
        match body {
            Body::Unreadable { message, offset } => {
                let (line, column) = match place {
                    Place::Line(number) => (number, LineIndex::new(text).position(text, offset).1),
                    Place::Document(lines) => {
                        let (line, column) = lines.position(text, offset);
                        (u64::from(line), column)
                    }
                };
                out.problems.push(Problem {
                    code: FleetFindingCode::Unreadable,
                    line,
                    item: None,
                    message: format!("not JSON at column {column}: {message}"),
                });
            }
            Body::NotAnObject => problem(
                FleetFindingCode::NotAnInstance,
                0,
                None,
                "not a JSON object, so not an instance".to_owned(),
            ),
            Body::ApiError(message) => problem(
                FleetFindingCode::NotAnInstance,
                0,
                None,
                format!("{message} (response.api-error)"),
            ),
            Body::Instance(fields) => {
                let at = self.location(base, 0, bytes.len(), line_of(0), None);
                match identify(fields) {
                    Ok(named) => out.records.push(self.record(named, at, bytes)),
                    Err(message) => problem(FleetFindingCode::MissingId, 0, None, message),
                }
            }
            Body::Page(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    let index = u32::try_from(i).ok();
                    match item {
                        PageItem::Object { start, end, fields } => match identify(fields) {
                            Ok(named) => {
                                let at = self.location(
                                    base,
                                    skip + start,
                                    end - start,
                                    line_of(start),
                                    index,
                                );
                                out.records.push(self.record(named, at, &text[start..end]));
                            }
                            Err(message) => {
                                problem(FleetFindingCode::MissingId, start, index, message);
                            }
                        },
                        PageItem::NotAnObject { start } => problem(
                            FleetFindingCode::NotAnInstance,
                            start,
                            index,
                            "an element of Instances that is not an object".to_owned(),
                        ),
                    }
                }
            }
        }
        out
    }

    fn location(
        &self,
        base: u64,
        start: usize,
        len: usize,
        line: u64,
        item: Option<u32>,
    ) -> Location {
        Location {
            file: self.file,
            offset: base + start as u64,
            // Lines and documents are at most MAX_INPUT_BYTES.
            len: u32::try_from(len).unwrap_or(u32::MAX),
            line,
            item,
        }
    }

    /// On the new side, the diff of `bytes` with the old side's `id`.
    /// The record of an instance named `(id, name, status)` whose bytes,
    /// `bytes`, are at `at`: compared with the old side's on the new side.
    fn record(
        &self,
        (id, name, status): (String, Option<String>, Option<String>),
        at: Location,
        bytes: &[u8],
    ) -> Record {
        let compared = self.compare(&id, bytes);
        Record {
            id,
            name,
            status,
            at,
            compared,
        }
    }

    fn compare(&self, id: &str, bytes: &[u8]) -> Compared {
        let Some(old) = self.old else {
            return Compared::Unmatched;
        };
        let Some(entry) = old.instances.get(id) else {
            return Compared::Unmatched;
        };
        let at = entry.at;
        let Some(file) = old.files.get(at.file as usize) else {
            return Compared::Refused("the old side's file is gone".to_owned());
        };
        let old_bytes = match file.read_at(at.offset, at.len as usize) {
            Ok(bytes) => bytes,
            Err(e) => return Compared::Io(e),
        };
        // The compact reading of both sides, as `dswcheck diff` reads them.
        let (old, new) = (Snapshot::read(old_bytes), Snapshot::read(bytes.to_vec()));
        match diff_snapshots(&old, &new, self.options) {
            Ok(diff) if diff.changes.is_empty() && diff.findings.is_empty() => Compared::Same,
            Ok(diff) => Compared::Changed(diff),
            Err(e) => Compared::Refused(e.to_string()),
        }
    }
}

/// The `InstanceId`, name and status of `fields`, or why it cannot be matched.
fn identify(fields: Fields) -> Result<(String, Option<String>, Option<String>), String> {
    match fields.id {
        Some(Value::String(id)) if !id.is_empty() => Ok((id, fields.name, fields.status)),
        Some(Value::String(_)) => Err("InstanceId is empty: not compared".to_owned()),
        Some(Value::Null) | None => Err("no InstanceId: not compared".to_owned()),
        Some(other) => Err(format!(
            "InstanceId is {}, not a string: not compared",
            json_type(&other)
        )),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A side's passes collect into this, in input order.
#[derive(Debug)]
pub(super) struct Collected {
    pub side: Side,
    pub index: Index,
    /// Problems with their file index.
    pub problems: Vec<(u32, Problem)>,
}

impl Collected {
    pub(super) fn new(side: Side) -> Self {
        Collected {
            side,
            index: Index::default(),
            problems: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(options: &DiffOptions) -> Work<'_> {
        Work {
            file: 0,
            old: None,
            options,
        }
    }

    #[test]
    fn a_line_over_the_limit_is_a_finding() {
        let options = DiffOptions::new();
        let at = At {
            number: 7,
            offset: 100,
        };
        let outcome = work(&options).line(at, Err(1 << 30), 1 << 20);
        assert!(outcome.records.is_empty());
        let problem = &outcome.problems[0];
        assert_eq!(
            (problem.code, problem.line, problem.message.as_str()),
            (
                FleetFindingCode::Unreadable,
                7,
                "line is 1073741824 bytes, more than the limit of 1048576 bytes"
            )
        );
    }

    #[test]
    fn records_point_at_their_bytes() {
        let options = DiffOptions::new();
        let line = "\u{feff}{\"TotalCount\": 1, \"Instances\": [{\"InstanceId\": \"a\"}, {\"InstanceId\": \"b\", \"Status\": \"Running\"}]}";
        let at = At {
            number: 3,
            offset: 1000,
        };
        let outcome = work(&options).line(at, Ok(line.as_bytes()), 1 << 20);
        let spans: Vec<(u64, u32, Option<u32>)> = outcome
            .records
            .iter()
            .map(|r| (r.at.offset, r.at.len, r.at.item))
            .collect();
        let at = |s: &str| 1000 + line.find(s).unwrap() as u64;
        assert_eq!(
            spans,
            [
                (at("{\"InstanceId\": \"a\""), 19, Some(0)),
                (at("{\"InstanceId\": \"b\""), 40, Some(1))
            ]
        );
        assert_eq!(outcome.records[1].status.as_deref(), Some("Running"));
        // A GetInstance line is the whole line, its byte order mark included.
        let at = At {
            number: 1,
            offset: 0,
        };
        let outcome = work(&options).line(at, Ok(b"\xEF\xBB\xBF{\"InstanceId\": \"c\"}"), 1 << 20);
        assert_eq!(
            (outcome.records[0].at.offset, outcome.records[0].at.len),
            (0, 22)
        );
    }
}
