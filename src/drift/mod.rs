//! The drift report: what a fleet's responses say about the API beyond its
//! documentation, over many documents (`dswcheck drift`).

mod collect;
mod html;
mod render;

use std::collections::BTreeMap;
use std::io::{self, BufRead};
use std::num::NonZeroUsize;

use crate::diagnostic::Code;
use crate::ndjson::{self, At, LineWork};
use crate::parse::Report;
use crate::render::Source;
use crate::validate::Validator;

use collect::{Contribution, DISTRIBUTED, Kind};

/// The version of the drift report's JSON format ([`Drift::to_json`]).
pub const DRIFT_FORMAT_VERSION: u32 = 1;

/// The most distinct values a report keeps per field, for each enum field
/// and each distribution (100): the rest are counted together as `other`,
/// so that memory stays bounded whatever a fleet sends.
pub const DRIFT_MAX_VALUES: usize = 100;

/// The most distinct unknown field paths a report keeps (1,000): sightings
/// of others are counted together.
pub const DRIFT_MAX_UNKNOWN_FIELDS: usize = 1_000;

/// Where something was first seen: a file (an index into the names) and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Origin {
    file: usize,
    line: u64,
}

/// How often one thing was seen, and where first.
#[derive(Debug, Clone)]
struct Tally {
    count: u64,
    /// In how many instances (unknown fields only).
    instances: u64,
    first: Origin,
}

/// The distinct values of one field, at most [`DRIFT_MAX_VALUES`] of them.
#[derive(Debug, Clone, Default)]
struct Values {
    /// `enum.unknown` or `enum.unlisted`, for enum values outside the documentation.
    code: Option<Code>,
    values: BTreeMap<Box<str>, Tally>,
    /// Occurrences of values past the cap.
    other: u64,
    /// Instances without the field (distributions only).
    absent: u64,
}

impl Values {
    fn add(&mut self, value: &str, count: u64, first: Origin) {
        if let Some(tally) = self.values.get_mut(value) {
            tally.count += count;
        } else if self.values.len() < DRIFT_MAX_VALUES {
            let tally = Tally {
                count,
                instances: 0,
                first,
            };
            self.values.insert(value.into(), tally);
        } else {
            self.other += count;
        }
    }

    /// The values, most frequent first, then in text order.
    fn sorted(&self) -> Vec<(&str, &Tally)> {
        let mut all: Vec<(&str, &Tally)> = self.values.iter().map(|(v, t)| (&**v, t)).collect();
        all.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        all
    }

    fn total(&self) -> u64 {
        self.values.values().map(|t| t.count).sum::<u64>() + self.other
    }
}

/// A drift report: what many GetInstance bodies and ListInstances pages
/// show of the API beyond its documentation.
///
/// It counts the diagnostics per code; each unknown field (by path, array
/// indexes left out: `Datasets[].Foo`) with its count and where it was first
/// seen; each enum value outside the documented list, per field; for every
/// documented field, the share of instances that carry it (how a rollout
/// such as `TenantId` shows); and the values of `Status`,
/// `AcceleratorType` and `PaymentType`. Each item of a ListInstances page
/// is an instance; the page's own diagnostics count too, and its own fields
/// have paths starting with `(page)`.
///
/// Values are shown through the secret policy and cut after 64 characters;
/// the values of unknown fields are never shown, only their names. Memory
/// is bounded: at most [`DRIFT_MAX_VALUES`] values per field and
/// [`DRIFT_MAX_UNKNOWN_FIELDS`] unknown fields are kept, the rest counted.
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
///
/// let fleet = b"{\"InstanceId\": \"dsw-1\", \"TenantId\": \"t\", \"GpuFlavor\": \"x\"}\n\
///               {\"InstanceId\": \"dsw-2\", \"Status\": \"Hibernating\"}\n";
/// let mut drift = dswcheck::Drift::new();
/// drift.add_lines("fleet.ndjson", &fleet[..], NonZeroUsize::MIN)?;
/// assert_eq!(drift.documents(), 2);
/// assert_eq!(drift.share("TenantId"), Some(0.5));
/// assert_eq!(drift.unknown_fields().collect::<Vec<_>>(), [("GpuFlavor", 1)]);
/// assert!(drift.to_text(false).contains("fleet.ndjson:1"));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Drift {
    /// The names of the inputs, for first sources.
    files: Vec<Box<str>>,
    documents: u64,
    invalid: u64,
    instances: u64,
    /// How many of the instances are items of pages.
    items: u64,
    pages: u64,
    api_errors: u64,
    unreadable: u64,
    codes: BTreeMap<Code, u64>,
    unknown: BTreeMap<Box<str>, Tally>,
    /// Sightings of unknown fields past [`DRIFT_MAX_UNKNOWN_FIELDS`].
    unknown_left_out: u64,
    /// Enum values outside the documentation, per field path.
    values: BTreeMap<Box<str>, Values>,
    /// Per documented field (in the field table's order), the instances carrying it.
    present: Vec<u64>,
    distributions: [Values; 3],
}

impl Default for Drift {
    fn default() -> Self {
        Drift::new()
    }
}

/// The per-line work of [`Drift::add_lines`]: validation and the line's
/// contribution on the worker thread, so the parsed tree never leaves it.
struct Work(Validator);

impl LineWork for Work {
    type Out = Contribution;

    fn line(&self, at: At, text: Result<&[u8], u64>, _limit: usize) -> Contribution {
        match text {
            Ok(bytes) => Contribution::of(at.number, &self.0.validate(bytes)),
            Err(_) => Contribution::too_large(at.number),
        }
    }
}

impl Drift {
    /// An empty report.
    #[must_use]
    pub fn new() -> Self {
        Drift {
            files: Vec::new(),
            documents: 0,
            invalid: 0,
            instances: 0,
            items: 0,
            pages: 0,
            api_errors: 0,
            unreadable: 0,
            codes: BTreeMap::new(),
            unknown: BTreeMap::new(),
            unknown_left_out: 0,
            values: BTreeMap::new(),
            present: vec![0; collect::table().paths.len()],
            distributions: Default::default(),
        }
    }

    /// Adds one document's report, which must keep its parsed document (as
    /// [`validate`](crate::validate) and [`Validator::validate_reader`] give
    /// it; a report without one counts as a document with no instance).
    ///
    /// `source` names where it came from, for the first sources the report
    /// shows: `FILE:LINE`, the line of the file.
    pub fn add(&mut self, source: Source<'_>, report: &Report) {
        let number = match source {
            Source::Document(_) => 1,
            Source::Line { line, .. } => line,
        };
        let file = self.file(source.name());
        self.merge(file, &Contribution::of(number, report));
    }

    /// Validates each line of an NDJSON stream named `name` on `threads`
    /// threads, as [`validate_lines`](crate::validate_lines) does, and adds
    /// each line's document. Each line's share of the report is worked out
    /// on the thread that parsed it, and added here in input order, so
    /// that first sources do not depend on the thread count.
    ///
    /// # Errors
    ///
    /// Fails when reading fails, with the lines read before the failure added.
    ///
    /// # Panics
    ///
    /// Only if validation itself panics, which is a bug: the panic is
    /// resumed on the calling thread.
    pub fn add_lines<R: BufRead>(
        &mut self,
        name: &str,
        reader: R,
        threads: NonZeroUsize,
    ) -> io::Result<()> {
        let file = self.file(name);
        ndjson::map_lines(&Work(Validator::new()), reader, threads, |out| {
            for contribution in out {
                self.merge(file, contribution);
            }
            Ok(())
        })
    }

    /// The index of the input `name`, added if it is not the last one.
    fn file(&mut self, name: &str) -> usize {
        if self.files.last().is_none_or(|last| **last != *name) {
            self.files.push(name.into());
        }
        self.files.len() - 1
    }

    fn merge(&mut self, file: usize, c: &Contribution) {
        let at = |line: u32| Origin {
            file,
            line: c.number.saturating_add(u64::from(line).saturating_sub(1)),
        };
        self.documents += 1;
        self.invalid += u64::from(!c.valid);
        match c.kind {
            Kind::Instance => {}
            Kind::Page => self.pages += 1,
            Kind::ApiError => self.api_errors += 1,
            Kind::Unreadable => self.unreadable += 1,
        }
        for &(code, n) in &c.codes {
            *self.codes.entry(code).or_default() += u64::from(n);
        }
        for seen in &c.unknown {
            if let Some(tally) = self.unknown.get_mut(&seen.path) {
                tally.count += u64::from(seen.count);
                tally.instances += u64::from(seen.instances);
            } else if self.unknown.len() < DRIFT_MAX_UNKNOWN_FIELDS {
                let tally = Tally {
                    count: u64::from(seen.count),
                    instances: u64::from(seen.instances),
                    first: at(seen.line),
                };
                self.unknown.insert(seen.path.clone(), tally);
            } else {
                self.unknown_left_out += u64::from(seen.count);
            }
        }
        for seen in &c.values {
            let values = match self.values.get_mut(&seen.path) {
                Some(values) => values,
                None => self.values.entry(seen.path.clone()).or_default(),
            };
            values.code.get_or_insert(seen.code);
            values.add(&seen.value, u64::from(seen.count), at(seen.line));
        }
        self.instances += c.instances.len() as u64;
        if c.kind == Kind::Page {
            self.items += c.instances.len() as u64;
        }
        for facts in &c.instances {
            for (w, &word) in facts.present.iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    let bit = bits.trailing_zeros() as usize;
                    self.present[w * 64 + bit] += 1;
                    bits &= bits - 1;
                }
            }
            for (values, value) in self.distributions.iter_mut().zip(&facts.values) {
                match value {
                    Some(value) => values.add(value, 1, at(1)),
                    None => values.absent += 1,
                }
            }
        }
    }

    /// Documents added: bodies and NDJSON lines, whatever they hold.
    #[must_use]
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Instances seen: a GetInstance body is one, a ListInstances page one
    /// per item; error bodies and documents that are not JSON objects are none.
    #[must_use]
    pub fn instances(&self) -> u64 {
        self.instances
    }

    /// How many diagnostics of `code` the documents had.
    #[must_use]
    pub fn code_count(&self, code: Code) -> u64 {
        self.codes.get(&code).copied().unwrap_or(0)
    }

    /// The unknown fields kept, with how many times each occurs, most frequent first.
    pub fn unknown_fields(&self) -> impl Iterator<Item = (&str, u64)> {
        self.sorted_unknown()
            .into_iter()
            .map(|(path, tally)| (path, tally.count))
    }

    /// The share of instances that carry the documented field at `path`
    /// (`TenantId`, `Datasets[].Uri`: in at least one element), with a
    /// value other than `null`, among the instances whose kind documents it
    /// (a few fields are documented only in GetInstance bodies, or only in
    /// ListInstances items); `None` if no field has that path or no such
    /// instance was seen.
    #[must_use]
    pub fn share(&self, path: &str) -> Option<f64> {
        let i = collect::table().paths.iter().position(|p| p == path)?;
        render::share(self.present[i], self.documented_in(i))
    }

    /// The instances whose kind documents field `i`.
    fn documented_in(&self, i: usize) -> u64 {
        let [get, item] = collect::table().carried[i];
        let bodies = self.instances - self.items;
        u64::from(get) * bodies + u64::from(item) * self.items
    }

    fn sorted_unknown(&self) -> Vec<(&str, &Tally)> {
        let mut all: Vec<(&str, &Tally)> = self.unknown.iter().map(|(p, t)| (&**p, t)).collect();
        all.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        all
    }

    /// `FILE:LINE` of an origin.
    fn source(&self, origin: Origin) -> String {
        let name = self.files.get(origin.file).map_or("", |n| &**n);
        format!("{name}:{}", origin.line)
    }

    /// The codes, most frequent first, then in code order.
    fn sorted_codes(&self) -> Vec<(Code, u64)> {
        let mut all: Vec<(Code, u64)> = self.codes.iter().map(|(c, n)| (*c, *n)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
        all
    }

    /// Every enum value outside the documentation: field path, code, value, tally.
    fn enum_rows(&self) -> Vec<(&str, Code, &str, &Tally)> {
        let mut rows = Vec::new();
        for (path, values) in &self.values {
            let code = values.code.unwrap_or(Code::EnumUnknown);
            for (value, tally) in values.sorted() {
                rows.push((&**path, code, value, tally));
            }
        }
        rows
    }

    /// Enum values past the cap, over every field.
    fn enum_left_out(&self) -> u64 {
        self.values.values().map(|v| v.other).sum()
    }

    /// Each documented field: its path, the instances carrying it, the
    /// instances whose kind documents it.
    fn fields(&self) -> impl Iterator<Item = (&'static str, u64, u64)> + '_ {
        collect::table()
            .paths
            .iter()
            .enumerate()
            .map(|(i, path)| (path.as_str(), self.present[i], self.documented_in(i)))
    }

    /// The distributions, with the name of their field.
    fn distributions(&self) -> impl Iterator<Item = (&'static str, &Values)> {
        DISTRIBUTED.into_iter().zip(&self.distributions)
    }
}

#[cfg(test)]
mod tests;
