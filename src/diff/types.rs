//! The diff's public types: options, changes, findings, the diff and its error.

use std::fmt;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use super::Filter;
use super::Pattern;
use crate::decode::quote;
use crate::diagnostic::{Severity, codes};
use crate::model::FieldClass;
use crate::pointer::Pointer;

/// What [`diff`](crate::diff()) leaves out.
///
/// ```
/// let options = dswcheck::DiffOptions::new()
///     .should_include_volatile(true)
///     .with_ignored("/Datasets/*/Options");
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffOptions {
    include_volatile: bool,
    ignore: Vec<Pattern>,
}

impl DiffOptions {
    /// Options that leave out volatile fields and ignore nothing else.
    #[must_use]
    pub const fn new() -> Self {
        DiffOptions {
            include_volatile: false,
            ignore: Vec::new(),
        }
    }

    /// Whether to compare volatile fields ([`FieldClass::Volatile`]: `RequestId`,
    /// `AccumulatedRunningTimeInMs`, `GmtModifiedTime`, ...), which change on
    /// every request. The default is `false`: they are left out.
    #[must_use]
    pub const fn should_include_volatile(mut self, yes: bool) -> Self {
        self.include_volatile = yes;
        self
    }

    /// Leaves out the values whose JSON Pointer in their own snapshot matches
    /// `pattern`, a JSON Pointer in which a `*` token matches any one token
    /// (`/Datasets/*/Options`, `/EnvironmentVariables/NCCL_DEBUG`). A matched
    /// value is left out with everything it contains. Can be called several
    /// times; a pattern that is not a JSON Pointer ([`Pointer::parse`]: it
    /// does not start with `/`, say) matches nothing, and `""` matches the
    /// whole snapshot. The default is to ignore nothing.
    ///
    /// Array indexes differ between snapshots when elements move, and the
    /// canonical form ([`normalize`](crate::normalize)) moves them too: use `*`
    /// for the elements of identity-keyed arrays. (With an index in a pattern,
    /// normalizing a canonical form again is not guaranteed to change nothing.)
    #[must_use]
    pub fn with_ignored(mut self, pattern: impl AsRef<str>) -> Self {
        self.ignore.push(Pattern::new(pattern.as_ref()));
        self
    }

    pub(crate) fn filter(&self) -> Filter<'_> {
        Filter {
            include_volatile: self.include_volatile,
            ignore: &self.ignore,
        }
    }
}

/// What happened to a value between the old and the new snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only the new snapshot has it.
    Added,
    /// Only the old snapshot has it.
    Removed,
    /// Both have it, with different values.
    Changed,
}

impl ChangeKind {
    /// The lowercase name used in every output format.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change between the snapshots.
///
/// An added or removed array element is one change carrying the whole
/// element. Values are copies with volatile and ignored fields left out and
/// secrets replaced by [`REDACTED`](crate::REDACTED).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// A readable path naming array elements by identity:
    /// `Datasets[DatasetId=d-123].MountAccess`, `Labels[Key=team].Value`,
    /// `UserVpc.ExtendedCIDRs["10.0.0.0/8"]`, `Extra[2]` (by position: the
    /// index in the new snapshot, or in the old one for a removed element).
    /// Keys that are not plain words are quoted: `EnvironmentVariables."a.b"`.
    pub path: String,
    /// Where the value is in the old snapshot; `None` when only the new one has it.
    pub old_pointer: Option<Pointer>,
    /// Where the value is in the new snapshot; `None` when only the old one has it.
    pub new_pointer: Option<Pointer>,
    /// For a change inside a JSON text field (`Options`, `Policy`), which
    /// is compared as the JSON it holds: where in that JSON, as a pointer
    /// into the parsed text (`/fs.oss.endpoint`). `old_pointer` and
    /// `new_pointer` are then the field's own, each present when its
    /// snapshot has the changed member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_pointer: Option<Pointer>,
    /// The old value, when the old snapshot has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The new value, when the new snapshot has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// The class of the changed value.
    pub class: FieldClass,
    /// Whether this adds or removes an array element (rather than a member of an object).
    #[serde(skip)]
    pub(crate) element: bool,
    /// Where an added value goes in the old snapshot (`/-` for array elements).
    #[serde(skip)]
    pub(crate) add_at: Option<Pointer>,
    /// Whether a secret was replaced in `old` or `new`.
    #[serde(skip)]
    pub(crate) redacted: bool,
    /// Whether the field table says the value is JSON text.
    #[serde(skip)]
    pub(crate) json_text: bool,
    /// The section of the change's top-level field, by the field table.
    #[serde(skip)]
    pub(crate) section: Option<crate::model::Section>,
    /// For a change inside JSON text: the field's pointer in the old
    /// snapshot and its whole new value (redacted), which is what a patch
    /// writes, a pointer not reaching into strings.
    #[serde(skip)]
    pub(crate) text_field: Option<(Pointer, Value)>,
}

impl Change {
    /// Whether a secret was replaced by [`REDACTED`](crate::REDACTED) in the old or new value.
    #[must_use]
    pub fn is_redacted(&self) -> bool {
        self.redacted
    }
}

codes! {
    /// The stable identifier of a kind of [`Finding`].
    ///
    /// The string form ([`FindingCode::as_str`]) is part of the output contract.
    /// Adding a variant is not a breaking change.
    pub enum FindingCode;

    /// `diff.create-time-changed`: `GmtCreateTime` differs; an instance is created only once.
    CreateTimeChanged = "diff.create-time-changed";
    /// `diff.running-time-decreased`: `AccumulatedRunningTimeInMs` went down.
    RunningTimeDecreased = "diff.running-time-decreased";
    /// `diff.snapshots-swapped`: the new snapshot's `GmtModifiedTime` is before the old one's
    /// (both must be RFC 3339 timestamps, as `validate` requires).
    SnapshotsSwapped = "diff.snapshots-swapped";
    /// `diff.key-missing`: elements of an identity-keyed array lack their key.
    KeyMissing = "diff.key-missing";
    /// `diff.key-duplicate`: elements of an identity-keyed array share a key.
    KeyDuplicate = "diff.key-duplicate";
}

/// Something the two snapshots say together that is not a change: a broken
/// invariant (time going backwards) or an identity key that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// What kind of finding it is.
    pub code: FindingCode,
    /// What was found, and for key problems how the elements were matched instead.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)
    }
}

/// The version of the JSON output format ([`Diff`]'s serialization).
pub const DIFF_FORMAT_VERSION: u32 = 1;

/// The differences between two snapshots of one instance.
///
/// # JSON format
///
/// Serializing a `Diff` (as `dswcheck diff --format json` does) gives one object:
///
/// ```json
/// {
///   "format_version": 1,
///   "instance_id": "dsw-123",
///   "changes": [
///     {
///       "kind": "changed",
///       "path": "Datasets[DatasetId=d-123].MountAccess",
///       "old_pointer": "/Datasets/0/MountAccess",
///       "new_pointer": "/Datasets/2/MountAccess",
///       "old": "RW",
///       "new": "RO",
///       "class": "spec"
///     }
///   ],
///   "findings": [
///     {"severity": "warning", "code": "diff.running-time-decreased", "message": "..."}
///   ]
/// }
/// ```
///
/// - `format_version` ([`DIFF_FORMAT_VERSION`]) changes only when a field
///   changes meaning or disappears; fields may be added within a version.
/// - `instance_id`: the instance's `InstanceId`, or `null` when neither snapshot has one.
/// - `changes[]`: see [`Change`]. `kind` is `added`, `removed` or `changed`;
///   `old_pointer` / `new_pointer` are RFC 6901 pointers into each snapshot,
///   `null` on the side that lacks the value; `old` / `new` are absent on that
///   side; `class` is `identity`, `spec`, `status`, `volatile` or `secret`.
///   Secrets show as `"<redacted>"`. A change inside a JSON text field
///   (`Options`, `Policy`, compared as the JSON it holds) also has
///   `text_pointer`, where in that JSON; its pointers are the field's.
/// - `findings[]`: see [`Finding`]; `severity` is `info`, `warning` or `error`,
///   `code` one of [`FindingCode`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Diff {
    /// The `InstanceId` of the snapshots, if they have one.
    pub instance_id: Option<String>,
    /// The changes, grouped by top-level field, in snapshot order.
    pub changes: Vec<Change>,
    /// Invariants broken across the snapshots and identity-key problems.
    pub findings: Vec<Finding>,
}

impl Diff {
    /// Whether nothing changed (findings do not count).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The JSON format above, indented with two spaces, as `dswcheck diff
    /// --format json` prints it (without the final newline).
    ///
    /// # Examples
    ///
    /// ```
    /// let diff = dswcheck::diff_slices(br#"{"Priority": 1}"#, br#"{"Priority": 2}"#, &Default::default())?;
    /// assert!(diff.to_json().starts_with("{\n  \"format_version\": 1,"));
    /// # Ok::<(), dswcheck::DiffError>(())
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        // Cannot fail: every key is a string and every value JSON data.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Serialize for Diff {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("format_version", &DIFF_FORMAT_VERSION)?;
        map.serialize_entry("instance_id", &self.instance_id)?;
        map.serialize_entry("changes", &self.changes)?;
        map.serialize_entry("findings", &self.findings)?;
        map.end()
    }
}

/// Why two snapshots could not be compared.
///
/// # Examples
///
/// ```
/// let old = dswcheck::parse(br#"{"InstanceId": "dsw-a"}"#);
/// let new = dswcheck::parse(br#"{"InstanceId": "dsw-b"}"#);
/// let err = dswcheck::diff(&old, &new, &dswcheck::DiffOptions::new()).unwrap_err();
/// assert!(matches!(err.kind(), dswcheck::DiffErrorKind::InstancesDiffer { .. }));
/// assert_eq!(err.to_string(), "cannot compare snapshots of different instances: old is \"dsw-a\", new is \"dsw-b\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffError {
    // Boxed so that `Result<Diff, DiffError>` stays as small as the `Diff`.
    pub(super) inner: Box<DiffErrorKind>,
}

/// What kind of [`DiffError`] happened.
///
/// Adding a variant is not a breaking change.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiffErrorKind {
    /// A snapshot is not a JSON object: not JSON at all, or another JSON type.
    NotAnObject {
        /// `"old"` or `"new"`.
        side: &'static str,
    },
    /// A snapshot is an API error body (`response.api-error`), not an instance.
    ApiError {
        /// `"old"` or `"new"`.
        side: &'static str,
        /// What makes it one, as `validate` says it.
        message: String,
    },
    /// The snapshots have different `InstanceId`s.
    InstancesDiffer {
        /// The old snapshot's `InstanceId`.
        old: String,
        /// The new snapshot's `InstanceId`.
        new: String,
    },
}

impl DiffError {
    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &DiffErrorKind {
        &self.inner
    }
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.inner {
            DiffErrorKind::ApiError { side, message } => write!(
                f,
                "cannot compare: the {side} snapshot is not an instance (response.api-error): {message}"
            ),
            DiffErrorKind::NotAnObject { side } => {
                write!(
                    f,
                    "cannot compare: the {side} snapshot is not a JSON object"
                )
            }
            DiffErrorKind::InstancesDiffer { old, new } => write!(
                f,
                "cannot compare snapshots of different instances: old is {}, new is {}",
                quote(old),
                quote(new)
            ),
        }
    }
}

impl std::error::Error for DiffError {}
