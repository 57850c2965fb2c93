//! Fleet diff: two dumps of a fleet (NDJSON of GetInstance bodies or of
//! ListInstances pages, ListInstances bodies, or directories of them)
//! compared instance by instance, matched by `InstanceId` whatever the order.
//!
//! Neither side is held in memory. A pass over the old side records, for
//! each instance, its `InstanceId`, name and status and where its bytes are
//! (file, offset, length); a pass over the new side reads each instance,
//! reads the old side's bytes of the same `InstanceId` back with a
//! positioned read, and diffs the two at once, keeping only diffs with
//! changes or findings. Both passes run on the NDJSON runner's threads, with
//! its bound on the lines in flight. What stays in memory is the index (a
//! hundred bytes or so per instance) and the diffs kept.

mod files;
mod html;
mod index;
mod render;
mod scan;
mod types;

use std::fs::File;
use std::io::{self, BufReader, Seek};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

pub use types::{
    ChangedInstance, FLEET_FORMAT_VERSION, FleetCounts, FleetDiff, FleetError, FleetErrorKind,
    FleetFinding, FleetFindingCode, FleetInstance, FleetOptions, FleetSource, Side,
};

use crate::lines::LineIndex;
use crate::ndjson::{MAX_THREADS, map_lines};
use crate::secret::redact::text_in_place;
use files::{BOM, Layout};
use index::{Collected, Compared, Index, Location, Outcome, Place, Problem, Work};

/// Lines of one file reported as unreadable, one finding each; the rest are
/// counted in one more. A directory can hold a file that is no dump at all
/// (an archive, a log), whose every line would be a finding.
const UNREADABLE_SHOWN: usize = 100;

/// Old files kept open for reading records back; a side of more files
/// opens the others for each read, rather than run out of descriptors.
const OPEN_FILES: usize = 256;

/// Compares two dumps of a fleet, instance by instance.
///
/// Each side is a list of paths: files (NDJSON of GetInstance bodies or of
/// ListInstances pages, or one JSON document: a ListInstances page or a
/// GetInstance body, pretty-printed or not) and directories (every regular
/// file directly in them whose name does not start with `.`, sorted by
/// name; subdirectories are not read). A file whose first non-blank line is
/// a JSON value by itself is NDJSON; otherwise it is one document, if it
/// parses as one within [`MAX_INPUT_BYTES`](crate::MAX_INPUT_BYTES), and
/// NDJSON after all if not.
///
/// Instances are matched by `InstanceId`; each pair is compared as
/// [`diff`](crate::diff()) compares two snapshots, with `options`' diff
/// options. An `InstanceId` given more than once on a side is a
/// [`FleetFindingCode::DuplicateId`] finding, and its last occurrence (in
/// the order of the paths, the files and the lines) is compared. Records
/// that cannot be matched (not JSON, over a limit, no `InstanceId`, an API
/// error body) are findings too, with their file and line; the rest of the
/// side is still compared.
///
/// Memory grows with the number of instances (the index) and with the
/// changes found, not with the size of the dumps.
///
/// # Examples
///
/// ```
/// let dir = std::env::temp_dir().join(format!("dswcheck-doc-fleet-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let (old, new) = (dir.join("old.ndjson"), dir.join("new.ndjson"));
/// std::fs::write(&old, concat!(
///     r#"{"InstanceId": "dsw-1", "Status": "Running"}"#, "\n",
///     r#"{"InstanceId": "dsw-2", "Status": "Running"}"#, "\n",
/// ))?;
/// std::fs::write(&new, concat!(
///     r#"{"InstanceId": "dsw-3", "Status": "Creating"}"#, "\n",
///     r#"{"InstanceId": "dsw-1", "Status": "Stopped"}"#, "\n",
/// ))?;
/// let fleet = dswcheck::diff_fleet(&[old], &[new], &dswcheck::FleetOptions::new())?;
/// assert_eq!(fleet.added[0].instance_id, "dsw-3");
/// assert_eq!(fleet.removed[0].instance_id, "dsw-2");
/// assert_eq!(fleet.changed[0].diff.changes[0].path, "Status");
/// assert_eq!(fleet.changed[0].new_source.to_string(), format!("{}:2", dir.join("new.ndjson").display()));
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`FleetErrorKind::Io`] when a path cannot be read (or is neither a
/// regular file nor a directory), and [`FleetErrorKind::NoFiles`] when a
/// side names no file at all.
///
/// # Panics
///
/// Only if reading or comparing panics, which is a bug: the panic is resumed
/// on the calling thread.
pub fn diff_fleet<P: AsRef<Path>>(
    old: &[P],
    new: &[P],
    options: &FleetOptions,
) -> Result<FleetDiff, FleetError> {
    let threads = options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN));
    let threads = NonZeroUsize::new(threads.get().min(MAX_THREADS)).unwrap_or(NonZeroUsize::MIN);
    let sides = [files::expand(old)?, files::expand(new)?];
    for (side, paths) in sides.iter().enumerate() {
        if paths.is_empty() {
            let name = if side == 0 { "OLD" } else { "NEW" };
            return Err(FleetError::no_files(Path::new(name)));
        }
    }
    let [old_paths, new_paths] = &sides;
    let mut old = Collected::new(Side::Old);
    read_side(old_paths, &mut old, None, options, threads)?;
    let mut new = Collected::new(Side::New);
    read_side(
        new_paths,
        &mut new,
        Some((&old.index, old_paths)),
        options,
        threads,
    )?;
    Ok(assemble([old_paths, new_paths], old, new))
}

/// Reads every file of a side into `collected`; on the new side, `old` is
/// the old side's index and files, and each instance is compared as it is read.
fn read_side(
    paths: &[PathBuf],
    collected: &mut Collected,
    old: Option<(&Index, &[PathBuf])>,
    options: &FleetOptions,
    threads: NonZeroUsize,
) -> Result<(), FleetError> {
    for (i, path) in paths.iter().enumerate() {
        let io_error = |e| FleetError::io(path, e);
        let file = File::open(path).map_err(io_error)?;
        let work = Work {
            file: u32::try_from(i).unwrap_or(u32::MAX),
            old: old.map(|(index, _)| index),
            options: &options.diff,
        };
        let mut state = FileState::new(collected.problems.len());
        // The error of reading an old record back, which stops the run.
        let mut failed: Option<FleetError> = None;
        match files::layout(&file).map_err(io_error)? {
            Layout::Document { bytes, body } => {
                let skip = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
                let lines = LineIndex::new(&bytes[skip..]);
                let outcome = work.outcome(body, &bytes, skip, 0, Place::Document(&lines));
                if let Err(e) = absorb(collected, &mut state, work.file, outcome, old) {
                    failed = Some(e);
                }
            }
            Layout::Lines { not_a_document } => {
                let mut reader = &file;
                reader.rewind().map_err(io_error)?;
                let reader = BufReader::with_capacity(1 << 18, reader);
                let run = map_lines(&work, reader, threads, |outcomes| {
                    for outcome in outcomes {
                        if let Err(e) = absorb(
                            collected,
                            &mut state,
                            work.file,
                            std::mem::take(outcome),
                            old,
                        ) {
                            failed = Some(e);
                            return Err(io::Error::other("stopped"));
                        }
                    }
                    Ok(())
                });
                if let Some(e) = failed.take() {
                    return Err(e);
                }
                run.map_err(io_error)?;
                state.finish(collected, work.file, not_a_document);
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
        if collected.side == Side::Old {
            collected.index.files.push(if i < OPEN_FILES {
                index::OldFile::Open(file)
            } else {
                index::OldFile::Closed(path.clone())
            });
        }
    }
    Ok(())
}

/// What is counted about the file being read.
struct FileState {
    /// Where the file's problems start in the side's list.
    first_problem: usize,
    /// Whether a line held JSON: an instance, or another JSON value.
    readable: bool,
    /// The non-blank lines read.
    lines: usize,
    /// Unreadable lines past [`UNREADABLE_SHOWN`], counted: the first of them and how many.
    hidden: Option<(u64, usize)>,
    shown: usize,
}

impl FileState {
    fn new(first_problem: usize) -> Self {
        FileState {
            first_problem,
            readable: false,
            lines: 0,
            hidden: None,
            shown: 0,
        }
    }

    /// The file is read: the lines counted become one finding, and a file
    /// of several lines none of which is JSON, which is not one document
    /// either, is one finding saying so (a file of one line is one line).
    fn finish(self, collected: &mut Collected, file: u32, not_a_document: Option<files::Problem>) {
        if let (false, 2.., Some(problem)) = (self.readable, self.lines, not_a_document) {
            collected.problems.truncate(self.first_problem);
            collected.problems.push((
                file,
                Problem {
                    code: FleetFindingCode::Unreadable,
                    line: problem.line,
                    item: None,
                    message: format!("{} (at column {})", problem.message, problem.column),
                },
            ));
            return;
        }
        if let Some((line, count)) = self.hidden {
            collected.problems.push((
                file,
                Problem {
                    code: FleetFindingCode::Unreadable,
                    line,
                    item: None,
                    message: format!(
                        "{}, from this one on, not listed (a file lists its first {UNREADABLE_SHOWN})",
                        crate::text::plural(count, "more unreadable line")
                    ),
                },
            ));
        }
    }
}

/// Adds what a line or document held to its side, in input order.
fn absorb(
    collected: &mut Collected,
    state: &mut FileState,
    file: u32,
    outcome: Outcome,
    old: Option<(&Index, &[PathBuf])>,
) -> Result<(), FleetError> {
    let unreadable = outcome
        .problems
        .iter()
        .all(|p| p.code == FleetFindingCode::Unreadable);
    state.readable |= !outcome.records.is_empty() || !unreadable;
    state.lines += 1;
    for problem in outcome.problems {
        if problem.code == FleetFindingCode::Unreadable {
            if state.shown == UNREADABLE_SHOWN {
                let hidden = state.hidden.get_or_insert((problem.line, 0));
                hidden.1 += 1;
                continue;
            }
            state.shown += 1;
        }
        collected.problems.push((file, problem));
    }
    for mut record in outcome.records {
        record.compared = match std::mem::replace(&mut record.compared, Compared::Unmatched) {
            Compared::Io(e) => {
                // Reading the old side again failed: the file changed or went away.
                let path = old
                    .and_then(|(index, paths)| {
                        let at = index.instances.get(&record.id)?.at;
                        paths.get(at.file as usize)
                    })
                    .map_or_else(|| Path::new("OLD"), PathBuf::as_path);
                return Err(FleetError::io(path, e));
            }
            compared => compared,
        };
        collected.index.add(record);
    }
    Ok(())
}

/// The source of a record at `at`, among `paths`.
fn source(paths: &[PathBuf], at: Location) -> FleetSource {
    FleetSource {
        file: paths
            .get(at.file as usize)
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        line: at.line,
        item: at.item.map(|i| i as usize),
    }
}

/// The result, from both sides as read: sorted by `InstanceId`, counted and redacted.
fn assemble(paths: [&[PathBuf]; 2], old: Collected, new: Collected) -> FleetDiff {
    let [old_paths, new_paths] = paths;
    let mut fleet = FleetDiff::default();
    fleet.counts.old = old.index.instances.len();
    fleet.counts.new = new.index.instances.len();
    let mut findings = Vec::new();
    let Collected {
        index:
            Index {
                instances: new_instances,
                duplicates: new_duplicates,
                ..
            },
        problems: new_problems,
        ..
    } = new;
    for (id, entry) in &old.index.instances {
        if !new_instances.contains_key(id) {
            fleet.removed.push(FleetInstance {
                instance_id: id.clone(),
                instance_name: entry.name.clone(),
                status: entry.status.clone(),
                source: source(old_paths, entry.at),
            });
        }
    }
    for (id, entry) in new_instances {
        let old_entry = old.index.instances.get(&id);
        let old_source = old_entry.map(|e| source(old_paths, e.at));
        let new_source = source(new_paths, entry.at);
        match (entry.compared, old_source) {
            (Compared::Same, _) => fleet.counts.unchanged += 1,
            (Compared::Changed(diff), Some(old_source)) => {
                if diff.changes.is_empty() {
                    fleet.counts.unchanged += 1;
                } else {
                    fleet.counts.changed += 1;
                }
                fleet.changed.push(ChangedInstance {
                    instance_name: entry
                        .name
                        .or_else(|| old_entry.and_then(|e| e.name.clone())),
                    instance_id: id,
                    old_source,
                    new_source,
                    diff,
                });
            }
            (Compared::Refused(message), Some(old_source)) => findings.push(FleetFinding {
                severity: FleetFindingCode::NotAnInstance.severity(),
                code: FleetFindingCode::NotAnInstance,
                side: Side::New,
                instance_id: Some(id),
                sources: vec![old_source, new_source],
                message,
            }),
            _ => fleet.added.push(FleetInstance {
                instance_id: id,
                instance_name: entry.name,
                status: entry.status,
                source: new_source,
            }),
        }
    }
    let sides = [
        (Side::Old, &old.index.duplicates, &old.problems, old_paths),
        (Side::New, &new_duplicates, &new_problems, new_paths),
    ];
    for (side, duplicates, problems, paths) in sides {
        for (id, at) in duplicates {
            findings.push(FleetFinding {
                severity: FleetFindingCode::DuplicateId.severity(),
                code: FleetFindingCode::DuplicateId,
                side,
                instance_id: Some(id.clone()),
                sources: at.iter().map(|at| source(paths, *at)).collect(),
                message: format!(
                    "InstanceId {} is on the {side} side {} times; the last is compared",
                    crate::decode::quote(id),
                    at.len()
                ),
            });
        }
        for (file, problem) in problems {
            let at = Location {
                file: *file,
                offset: 0,
                len: 0,
                line: problem.line,
                item: problem.item,
            };
            findings.push(FleetFinding {
                severity: problem.code.severity(),
                code: problem.code,
                side,
                instance_id: None,
                sources: vec![source(paths, at)],
                message: problem.message.clone(),
            });
        }
    }
    fleet
        .added
        .sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
    fleet
        .removed
        .sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
    fleet
        .changed
        .sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
    findings.sort_by(|a, b| {
        (a.code, &a.instance_id, a.side, &a.message, &a.sources).cmp(&(
            b.code,
            &b.instance_id,
            b.side,
            &b.message,
            &b.sources,
        ))
    });
    fleet.findings = findings;
    fleet.counts.added = fleet.added.len();
    fleet.counts.removed = fleet.removed.len();
    fleet.counts.findings = fleet.findings.len()
        + fleet
            .changed
            .iter()
            .map(|c| c.diff.findings.len())
            .sum::<usize>();
    redacted(fleet)
}

/// The names, statuses and messages through the secret policy, as the
/// diffs already are: any of them can hold a credential's shape.
fn redacted(mut fleet: FleetDiff) -> FleetDiff {
    let text = |s: &mut String| {
        text_in_place(s);
    };
    for instance in fleet.added.iter_mut().chain(&mut fleet.removed) {
        text(&mut instance.instance_id);
        instance.instance_name.as_mut().map(text);
        instance.status.as_mut().map(text);
    }
    for changed in &mut fleet.changed {
        text(&mut changed.instance_id);
        changed.instance_name.as_mut().map(text);
    }
    for finding in &mut fleet.findings {
        finding.instance_id.as_mut().map(text);
        text(&mut finding.message);
    }
    fleet
}
