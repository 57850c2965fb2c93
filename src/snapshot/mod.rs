//! Snapshot review: a store of accepted snapshots in the canonical form,
//! pending ones beside them, and the comparison of a capture with its
//! accepted snapshot.
//!
//! A capture (a `GetInstance` body as fetched) is compared with the accepted
//! snapshot of its instance semantically, as [`diff`](crate::diff) compares
//! two snapshots, after both are in the canonical form
//! ([`normalize_to_vec`](crate::normalize_to_vec)): equal, it is
//! [`Verdict::Unchanged`]; otherwise the canonical form is what would be
//! written as pending, to be accepted or rejected in review.
//!
//! The store never holds a credential: the canonical form writes
//! [`REDACTED`](crate::REDACTED) for every secret, so a secret that only
//! changed its value (a rotated password) is not a change here. Comparing two
//! captures with `dswcheck diff` shows it.
//!
//! ```
//! use dswcheck::snapshot::{Name, Store, Verdict, compare};
//! use dswcheck::DiffOptions;
//!
//! let dir = std::env::temp_dir().join(format!("dswcheck-doc-{}", std::process::id()));
//! let store = Store::new(&dir);
//! let capture = dswcheck::read(br#"{"InstanceId": "dsw-1", "Status": "Running"}"#);
//! let name = Name::new("dsw-1")?;
//! let first = compare(&store, name.clone(), &capture, &DiffOptions::new())?;
//! assert!(matches!(first.verdict, Verdict::New));
//! store.record(&first)?;
//! store.accept(&name)?;
//! let again = compare(&store, name, &capture, &DiffOptions::new())?;
//! assert!(matches!(again.verdict, Verdict::Unchanged));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check;
mod name;
mod review;
mod store;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diff::{Diff, DiffError, DiffOptions, FieldClass};
use crate::parse::Report;

pub use check::{Check, CheckEntry};
pub use name::{MAX_NAME_BYTES, Name, NameError, glob_matches};
pub use review::Review;
pub use store::{ACCEPTED_SUFFIX, PENDING_SUFFIX, Store};

/// How a capture compares with its accepted snapshot.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Verdict {
    /// Equal: no change (volatile and ignored fields left out).
    Unchanged,
    /// There is no accepted snapshot of this name.
    New,
    /// The changes from the accepted snapshot to the capture.
    Changed(Diff),
}

impl Verdict {
    /// Whether the capture differs from the store: new or changed.
    #[must_use]
    pub fn is_pending(&self) -> bool {
        !matches!(self, Verdict::Unchanged)
    }

    /// In words: `unchanged`, `new`, or `changed: 3 changes (2 spec, 1 status)`.
    #[must_use]
    pub fn describe(&self) -> String {
        describe(self)
    }
}

/// A capture compared with the store.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Comparison {
    /// The snapshot's name.
    pub name: Name,
    /// How it compares.
    pub verdict: Verdict,
    /// The capture's canonical form: what is written as pending.
    pub canonical: Vec<u8>,
}

/// Compares `capture` with the accepted snapshot `name` in `store`, under
/// `options` (its volatile and ignored fields are left out of the canonical
/// form as well as of the comparison).
///
/// # Errors
///
/// When the capture is not a JSON object or is an API error body, when the
/// accepted snapshot cannot be read or is not a JSON object, and when the two
/// cannot be compared (different `InstanceId`s).
pub fn compare(
    store: &Store,
    name: Name,
    capture: &Report,
    options: &DiffOptions,
) -> Result<Comparison, Error> {
    check_capture(capture)?;
    let canonical = crate::normalize_to_vec(capture, options);
    let Some(accepted) = store.read_accepted(&name)? else {
        return Ok(Comparison {
            name,
            verdict: Verdict::New,
            canonical,
        });
    };
    let path = store.accepted_path(&name);
    let accepted = read_object(&path, &accepted)?;
    let diff = crate::diff(&accepted, &crate::read(&canonical), options)
        .map_err(|source| Error::Diff { path, source })?;
    let verdict = if diff.is_empty() {
        Verdict::Unchanged
    } else {
        Verdict::Changed(diff)
    };
    Ok(Comparison {
        name,
        verdict,
        canonical,
    })
}

/// Whether `capture` can be a snapshot: what [`diff`](crate::diff) refuses
/// (a body that is not a JSON object, an API error body), refused before
/// there is an accepted snapshot to compare with.
///
/// # Errors
///
/// [`Error::Capture`], saying why.
pub fn check_capture(capture: &Report) -> Result<(), Error> {
    let Some(value @ Value::Object(_)) = capture.value() else {
        return Err(Error::Capture {
            reason: "not a GetInstance body (a JSON object)".to_owned(),
        });
    };
    match crate::rules::api_error::describe_value(value) {
        Some(message) => Err(Error::Capture {
            reason: format!("not an instance (response.api-error): {message}"),
        }),
        None => Ok(()),
    }
}

impl Store {
    /// Records a comparison: a new or changed capture is written as
    /// pending; an unchanged one removes a pending snapshot left from
    /// before, which it makes stale. Returns whether a snapshot is pending.
    ///
    /// # Errors
    ///
    /// When the store cannot be written.
    pub fn record(&self, comparison: &Comparison) -> Result<bool, Error> {
        if comparison.verdict.is_pending() {
            self.write_pending(&comparison.name, &comparison.canonical)?;
            Ok(true)
        } else {
            self.remove_pending(&comparison.name)?;
            Ok(false)
        }
    }
}

/// The JSON text at `path` (a file of the store), which must be an object.
fn read_object(path: &Path, bytes: &[u8]) -> Result<Report, Error> {
    let report = crate::read(bytes);
    if matches!(report.value(), Some(Value::Object(_))) {
        return Ok(report);
    }
    let reason = report.iter_errors().next().map_or_else(
        || "not a JSON object".to_owned(),
        |d| format!("{}:{}: {}", d.line, d.column, d.message),
    );
    Err(Error::Store {
        path: path.to_owned(),
        reason,
    })
}

/// The number of changes of each class, in the order of the classes, and
/// only the classes with changes.
#[must_use]
pub fn class_counts(diff: &Diff) -> Vec<(FieldClass, usize)> {
    FieldClass::ALL
        .into_iter()
        .map(|class| {
            let n = diff.changes.iter().filter(|c| c.class == class).count();
            (class, n)
        })
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// `new`, or `changed: 2 spec, 1 status`.
pub(crate) fn describe(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Unchanged => "unchanged".to_owned(),
        Verdict::New => "new".to_owned(),
        Verdict::Changed(diff) => {
            let counts: Vec<String> = class_counts(diff)
                .iter()
                .map(|(class, n)| format!("{n} {class}"))
                .collect();
            if counts.is_empty() {
                "changed: no change under these options".to_owned()
            } else {
                format!(
                    "changed: {} ({})",
                    crate::text::plural(diff.changes.len(), "change"),
                    counts.join(", ")
                )
            }
        }
    }
}

/// Why a snapshot could not be recorded, checked or reviewed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A file of the store could not be read or written.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What failed.
        source: io::Error,
    },
    /// A file of the store is not a snapshot: not a JSON object.
    Store {
        /// The file.
        path: PathBuf,
        /// Where and why.
        reason: String,
    },
    /// The capture is not a JSON object, or is an API error body.
    Capture {
        /// Why.
        reason: String,
    },
    /// The accepted snapshot and the capture cannot be compared.
    Diff {
        /// The accepted snapshot.
        path: PathBuf,
        /// Why.
        source: DiffError,
    },
    /// A name is not a valid snapshot name.
    Name(NameError),
}

impl Error {
    fn io(path: &Path, source: io::Error) -> Error {
        Error::Io {
            path: path.to_owned(),
            source,
        }
    }
}

impl From<NameError> for Error {
    fn from(e: NameError) -> Error {
        Error::Name(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Store { path, reason } => {
                write!(f, "{}: not a snapshot: {reason}", path.display())
            }
            Error::Capture { reason } => f.write_str(reason),
            Error::Diff { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Name(e) => e.fmt(f),
        }
    }
}

// No `source`: the message already says it, and `{:#}` would say it twice.
impl std::error::Error for Error {}
