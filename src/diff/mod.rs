//! Semantic diff of two snapshots of one instance.
//!
//! Both snapshots are compared as the JSON data they hold, as parsed
//! (unknown fields included). Objects are
//! compared key by key, identity-keyed arrays element by element after
//! matching the elements by identity ([`identity`]), other arrays by position.
//! Every field has a class ([`FieldClass`]); volatile fields are left out
//! unless asked for, and secrets are compared but never shown.

mod class;
mod filter;
mod identity;
mod patch;
mod render;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::decode::quote;
use crate::diagnostic::{Severity, codes};
use crate::parse::Report;
use crate::pointer;
use crate::time::parse_rfc3339;

pub(crate) use crate::model::ELEMENT;
pub use crate::model::FieldClass;
pub(crate) use class::classify;
pub(crate) use filter::{Copier, Filter, Pattern};
pub use patch::{Patch, PatchOp, PatchOpKind};

use identity::Identity;
pub(crate) use identity::identity as identity_of;

/// What [`diff`] leaves out.
///
/// ```
/// let options = dswcheck::DiffOptions::new()
///     .include_volatile(true)
///     .ignore("/Datasets/*/Options");
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
    pub const fn include_volatile(mut self, yes: bool) -> Self {
        self.include_volatile = yes;
        self
    }

    /// Leaves out the values whose JSON Pointer in their own snapshot matches
    /// `pattern`, a JSON Pointer in which a `*` token matches any one token
    /// (`/Datasets/*/Options`, `/EnvironmentVariables/NCCL_DEBUG`). A matched
    /// value is left out with everything it contains. Can be called several
    /// times; a pattern that does not start with `/` matches nothing, and `""`
    /// matches the whole snapshot. The default is to ignore nothing.
    ///
    /// Array indexes differ between snapshots when elements move, and the
    /// canonical form ([`normalize`](crate::normalize)) moves them too: use `*`
    /// for the elements of identity-keyed arrays. (With an index in a pattern,
    /// normalizing a canonical form again is not guaranteed to change nothing.)
    #[must_use]
    pub fn ignore(mut self, pattern: impl AsRef<str>) -> Self {
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
    /// RFC 6901 pointer into the old snapshot; `None` when only the new one has the value.
    pub old_pointer: Option<String>,
    /// RFC 6901 pointer into the new snapshot; `None` when only the old one has the value.
    pub new_pointer: Option<String>,
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
    pub(crate) add_at: Option<String>,
    /// Whether a secret was replaced in `old` or `new`.
    #[serde(skip)]
    pub(crate) redacted: bool,
    /// Whether the field table says the value is JSON text.
    #[serde(skip)]
    pub(crate) json_text: bool,
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
///   Secrets show as `"<redacted>"`.
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
    inner: Box<DiffErrorKind>,
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

/// Compares two snapshots of the same instance.
///
/// Both snapshots are compared as the JSON data they hold, as parsed
/// ([`Report::value`]): nothing is serialized again.
///
/// Elements of identity-keyed arrays are matched by identity, never by
/// position (`Datasets` by `DatasetId`, `Labels` by `Key`, ...); when a key is
/// missing or repeated the diff says so in [`Diff::findings`] and falls back
/// to the next key (`MountPath` for `Datasets`); when no key identifies every
/// element, equal elements are matched first, then elements that share a key
/// value in order of appearance, and the rest are reported removed and added
/// (their paths then name them by index). Arrays the documentation does not describe are compared by
/// position. Matching is hash-based: the cost is linear in the size of the snapshots.
///
/// # Examples
///
/// ```
/// use dswcheck::{ChangeKind, DiffOptions};
///
/// let old = dswcheck::parse(br#"{"InstanceId": "dsw-1", "Status": "Running", "RequestId": "a",
///     "Labels": [{"Key": "team", "Value": "nlp"}, {"Key": "env", "Value": "dev"}]}"#);
/// let new = dswcheck::parse(br#"{"InstanceId": "dsw-1", "Status": "Stopped", "RequestId": "b",
///     "Labels": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "nlp"}]}"#);
/// let diff = dswcheck::diff(&old, &new, &DiffOptions::new())?;
/// let paths: Vec<&str> = diff.changes.iter().map(|c| c.path.as_str()).collect();
/// assert_eq!(paths, ["Status", "Labels[Key=env].Value"]);
/// assert_eq!(diff.changes[1].kind, ChangeKind::Changed);
/// assert_eq!(diff.changes[1].new_pointer.as_deref(), Some("/Labels/0/Value"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`DiffErrorKind::NotAnObject`] when a side is not a JSON object (not JSON
/// at all, or another JSON type), and [`DiffErrorKind::InstancesDiffer`] when
/// both snapshots have an `InstanceId` and they differ.
pub fn diff(old: &Report, new: &Report, options: &DiffOptions) -> Result<Diff, DiffError> {
    diff_values(
        object(old.value(), "old")?,
        object(new.value(), "new")?,
        options,
    )
}

/// Parses two snapshots and compares them: [`diff`] for callers who need
/// neither the typed model nor the diagnostics.
///
/// # Examples
///
/// ```
/// let diff = dswcheck::diff_slices(
///     br#"{"InstanceId": "dsw-1", "Priority": 3}"#,
///     br#"{"InstanceId": "dsw-1", "Priority": 5}"#,
///     &dswcheck::DiffOptions::new(),
/// )?;
/// assert_eq!(diff.changes[0].path, "Priority");
/// # Ok::<(), dswcheck::DiffError>(())
/// ```
///
/// # Errors
///
/// As [`diff`].
pub fn diff_slices(old: &[u8], new: &[u8], options: &DiffOptions) -> Result<Diff, DiffError> {
    let old = crate::json::read_document(old);
    let new = crate::json::read_document(new);
    diff_values(
        object(old.as_ref().map(|d| &d.value), "old")?,
        object(new.as_ref().map(|d| &d.value), "new")?,
        options,
    )
}

fn object<'v>(value: Option<&'v Value>, side: &'static str) -> Result<&'v Value, DiffError> {
    match value {
        Some(v @ Value::Object(_)) => Ok(v),
        _ => Err(DiffError {
            inner: Box::new(DiffErrorKind::NotAnObject { side }),
        }),
    }
}

fn diff_values(old: &Value, new: &Value, options: &DiffOptions) -> Result<Diff, DiffError> {
    let (old_id, new_id) = (instance_id(old), instance_id(new));
    if let (Some(o), Some(n)) = (&old_id, &new_id) {
        if o != n {
            return Err(DiffError {
                inner: Box::new(DiffErrorKind::InstancesDiffer {
                    old: o.clone(),
                    new: n.clone(),
                }),
            });
        }
    }
    let mut findings = invariants(old, new);
    let mut walk = Walk::new(options.filter());
    if !walk.filter.ignored("") {
        walk.value(old, new, FieldClass::Spec, None);
    }
    findings.append(&mut walk.findings);
    Ok(Diff {
        instance_id: new_id.or(old_id),
        changes: walk.changes,
        findings,
    })
}

/// The `InstanceId` of a snapshot, read as the typed model reads it (a number is its text).
fn instance_id(snapshot: &Value) -> Option<String> {
    match snapshot.get("InstanceId")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A top-level string field.
fn string<'v>(snapshot: &'v Value, field: &str) -> Option<&'v str> {
    snapshot.get(field).and_then(Value::as_str)
}

/// A top-level integer field, read as the typed model reads it (a numeric string is its number).
fn integer(snapshot: &Value, field: &str) -> Option<i64> {
    match snapshot.get(field)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) if !s.is_empty() => s.trim().parse().ok(),
        _ => None,
    }
}

/// The cross-snapshot invariants on top-level fields.
fn invariants(old: &Value, new: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    if let (Some(o), Some(n)) = (string(old, "GmtCreateTime"), string(new, "GmtCreateTime")) {
        if o != n {
            out.push(Finding {
                severity: Severity::Error,
                code: FindingCode::CreateTimeChanged,
                message: format!(
                    "GmtCreateTime changed from {} to {}: an instance is created only once, so these may be two instances that reused an id",
                    quote(o),
                    quote(n)
                ),
            });
        }
    }
    if let (Some(o), Some(n)) = (
        integer(old, "AccumulatedRunningTimeInMs"),
        integer(new, "AccumulatedRunningTimeInMs"),
    ) {
        if n < o {
            out.push(Finding {
                severity: Severity::Warning,
                code: FindingCode::RunningTimeDecreased,
                message: format!("AccumulatedRunningTimeInMs decreased from {o} to {n}: are the snapshots swapped?"),
            });
        }
    }
    if let (Some(o), Some(n)) = (
        string(old, "GmtModifiedTime"),
        string(new, "GmtModifiedTime"),
    ) {
        // The parser validate uses: a time it rejects as `time.format` orders nothing here.
        if let (Ok(ot), Ok(nt)) = (parse_rfc3339(o), parse_rfc3339(n)) {
            if nt < ot {
                out.push(Finding {
                    severity: Severity::Warning,
                    code: FindingCode::SnapshotsSwapped,
                    message: format!(
                        "the new snapshot was modified at {}, before the old one at {}: are the snapshots swapped?",
                        quote(n),
                        quote(o)
                    ),
                });
            }
        }
    }
    out
}

/// How the findings describe the fallback for arrays no key identifies.
const FALLBACK: &str = "matched by whole value";

/// Which snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

/// How an array element is named in a readable path.
enum Label<'a> {
    Key(&'static str, Cow<'a, str>),
    Value(&'a Value),
    Index(usize),
}

/// One step of an array comparison, by element index in each snapshot.
enum Step<'a> {
    Pair(usize, usize, Label<'a>),
    Removed(usize, Label<'a>),
    Added(usize, Label<'a>),
}

/// Why one identity key candidate could not be used on one side.
struct Trouble {
    side: Side,
    missing: usize,
    /// The first repeated key, how many elements share it, and how many other keys repeat.
    duplicate: Option<(String, usize, usize)>,
}

/// The keys of one side's kept elements under one candidate, or why there are none.
struct Keys<'a> {
    keys: Vec<Cow<'a, str>>,
    index: HashMap<Cow<'a, str>, usize>,
}

/// The classes of the keys of an array's elements, which all share a path.
type ClassMemo<'a> = Vec<(&'a str, FieldClass)>;

/// How many keys a [`ClassMemo`] remembers.
const MEMO_SIZE: usize = 32;

/// The state of a diff walk: where we are in both snapshots, and what was found.
struct Walk<'a, 'o> {
    filter: Filter<'o>,
    /// Object keys and [`ELEMENT`]s from the root.
    schema: Vec<&'a str>,
    old_ptr: String,
    new_ptr: String,
    path: String,
    changes: Vec<Change>,
    findings: Vec<Finding>,
}

impl<'a, 'o> Walk<'a, 'o> {
    fn new(filter: Filter<'o>) -> Self {
        Walk {
            filter,
            schema: Vec::new(),
            old_ptr: String::new(),
            new_ptr: String::new(),
            path: String::new(),
            changes: Vec::new(),
            findings: Vec::new(),
        }
    }

    fn value(
        &mut self,
        old: &'a Value,
        new: &'a Value,
        class: FieldClass,
        memo: Option<&mut ClassMemo<'a>>,
    ) {
        if class != FieldClass::Secret {
            match (old, new) {
                (Value::Object(o), Value::Object(n)) => return self.object(o, n, class, memo),
                (Value::Array(o), Value::Array(n)) => return self.array(o, n, class),
                _ => {}
            }
        }
        if old != new {
            let mut copier = Copier::new(self.filter, false);
            let old_copy = copier.copy(old, class, &mut self.schema, &mut self.old_ptr);
            let new_copy = copier.copy(new, class, &mut self.schema, &mut self.new_ptr);
            self.changes.push(Change {
                kind: ChangeKind::Changed,
                path: self.path.clone(),
                old_pointer: Some(self.old_ptr.clone()),
                new_pointer: Some(self.new_ptr.clone()),
                old: Some(old_copy),
                new: Some(new_copy),
                class,
                element: false,
                add_at: None,
                redacted: copier.redacted,
                json_text: self.json_text(),
            });
        }
    }

    /// Whether the value at the current path is JSON text, by the field table.
    fn json_text(&self) -> bool {
        crate::model::field_at(&self.schema).is_some_and(crate::model::Field::is_json_text)
    }

    fn removed(&mut self, old: &'a Value, class: FieldClass, element: bool) {
        let mut copier = Copier::new(self.filter, false);
        let copy = copier.copy(old, class, &mut self.schema, &mut self.old_ptr);
        self.changes.push(Change {
            kind: ChangeKind::Removed,
            path: self.path.clone(),
            old_pointer: Some(self.old_ptr.clone()),
            new_pointer: None,
            old: Some(copy),
            new: None,
            class,
            element,
            add_at: None,
            redacted: copier.redacted,
            json_text: self.json_text(),
        });
    }

    fn added(&mut self, new: &'a Value, class: FieldClass, add_at: String, element: bool) {
        let mut copier = Copier::new(self.filter, false);
        let copy = copier.copy(new, class, &mut self.schema, &mut self.new_ptr);
        self.changes.push(Change {
            kind: ChangeKind::Added,
            path: self.path.clone(),
            old_pointer: None,
            new_pointer: Some(self.new_ptr.clone()),
            old: None,
            new: Some(copy),
            class,
            element,
            add_at: Some(add_at),
            redacted: copier.redacted,
            json_text: self.json_text(),
        });
    }

    /// Compares two objects key by key. `memo` caches the classes of the keys
    /// of an array's elements, which share a path.
    fn object(
        &mut self,
        old: &'a Map<String, Value>,
        new: &'a Map<String, Value>,
        class: FieldClass,
        mut memo: Option<&mut ClassMemo<'a>>,
    ) {
        let lens = (self.old_ptr.len(), self.new_ptr.len(), self.path.len());
        // Snapshots serialized from the model list their keys in the same
        // order: walking both maps side by side saves a hash lookup per key.
        let mut ahead = new.iter();
        let mut next = ahead.next();
        let mut found = 0;
        for (key, old_child) in old {
            let new_child = match next {
                Some((k, v)) if k == key => {
                    next = ahead.next();
                    Some(v)
                }
                _ => new.get(key),
            };
            found += usize::from(new_child.is_some());
            self.enter_key(key);
            let child_class = self.classify(key, class, memo.as_deref_mut());
            let keep_old = self.filter.keeps(child_class, &self.old_ptr);
            let new_child = new_child.filter(|_| self.filter.keeps(child_class, &self.new_ptr));
            match (keep_old, new_child) {
                (true, Some(new_child)) => self.value(old_child, new_child, child_class, None),
                (true, None) => self.removed(old_child, child_class, false),
                (false, Some(new_child)) => {
                    let at = self.old_ptr.clone();
                    self.added(new_child, child_class, at, false);
                }
                (false, None) => {}
            }
            self.leave(lens);
        }
        if found == new.len() {
            return;
        }
        for (key, new_child) in new {
            if old.contains_key(key) {
                continue;
            }
            self.enter_key(key);
            let child_class = self.classify(key, class, memo.as_deref_mut());
            if self.filter.keeps(child_class, &self.new_ptr) {
                let at = self.old_ptr.clone();
                self.added(new_child, child_class, at, false);
            }
            self.leave(lens);
        }
    }

    /// The class of the key just entered, through the memo when there is one.
    fn classify(
        &self,
        key: &'a str,
        parent: FieldClass,
        memo: Option<&mut ClassMemo<'a>>,
    ) -> FieldClass {
        let Some(memo) = memo else {
            return classify(&self.schema, parent);
        };
        if let Some(&(_, class)) = memo.iter().find(|(k, _)| *k == key) {
            return class;
        }
        let class = classify(&self.schema, parent);
        // Bounded, so that elements with many distinct keys cost no more than without a memo.
        if memo.len() < MEMO_SIZE {
            memo.push((key, class));
        }
        class
    }

    fn enter_key(&mut self, key: &'a str) {
        self.schema.push(key);
        pointer::push(&mut self.old_ptr, key);
        pointer::push(&mut self.new_ptr, key);
        push_path_key(&mut self.path, key);
    }

    fn leave(&mut self, (old, new, path): (usize, usize, usize)) {
        self.schema.pop();
        self.old_ptr.truncate(old);
        self.new_ptr.truncate(new);
        self.path.truncate(path);
    }

    fn array(&mut self, old: &'a [Value], new: &'a [Value], class: FieldClass) {
        let old_kept = self.filter.kept_elements(old, &mut self.old_ptr);
        let new_kept = self.filter.kept_elements(new, &mut self.new_ptr);
        let steps = match identity::identity(&self.schema) {
            Some(Identity::Keys(candidates)) => {
                self.match_keys(old, new, &old_kept, &new_kept, candidates, class)
            }
            Some(Identity::Set) => match_set(old, new, &old_kept, &new_kept),
            None => match_positions(&old_kept, &new_kept),
        };
        let lens = (self.old_ptr.len(), self.new_ptr.len(), self.path.len());
        let array_ptr = self.old_ptr.clone();
        let mut memo = ClassMemo::new();
        self.schema.push(ELEMENT);
        for step in steps {
            match step {
                Step::Pair(i, j, label) => {
                    pointer::push_index(&mut self.old_ptr, i);
                    pointer::push_index(&mut self.new_ptr, j);
                    push_path_label(&mut self.path, &label);
                    self.value(&old[i], &new[j], class, Some(&mut memo));
                }
                Step::Removed(i, label) => {
                    pointer::push_index(&mut self.old_ptr, i);
                    push_path_label(&mut self.path, &label);
                    self.removed(&old[i], class, true);
                }
                Step::Added(j, label) => {
                    pointer::push_index(&mut self.new_ptr, j);
                    push_path_label(&mut self.path, &label);
                    self.added(&new[j], class, format!("{array_ptr}/-"), true);
                }
            }
            self.old_ptr.truncate(lens.0);
            self.new_ptr.truncate(lens.1);
            self.path.truncate(lens.2);
        }
        self.schema.pop();
    }

    /// Matches by the first key candidate usable in both snapshots, reporting
    /// the candidates that were not; with none usable, falls back to
    /// [`Walk::match_values`].
    fn match_keys(
        &mut self,
        old: &'a [Value],
        new: &'a [Value],
        old_kept: &[usize],
        new_kept: &[usize],
        candidates: &'static [&'static [&'static str]],
        class: FieldClass,
    ) -> Vec<Step<'a>> {
        let mut troubles: Vec<(&'static [&'static str], Trouble)> = Vec::new();
        for alternatives in candidates {
            let old_keys = self.keys(old, old_kept, alternatives, Side::Old);
            let new_keys = self.keys(new, new_kept, alternatives, Side::New);
            match (old_keys, new_keys) {
                (Ok(old_keys), Ok(new_keys)) => {
                    self.report(
                        troubles,
                        &format!("matched by {}", alternatives.join(" or ")),
                    );
                    return keyed_steps(old_kept, new_kept, old_keys, &new_keys, alternatives[0]);
                }
                (old_keys, new_keys) => {
                    troubles.extend(old_keys.err().map(|t| (*alternatives, t)));
                    troubles.extend(new_keys.err().map(|t| (*alternatives, t)));
                }
            }
        }
        let keys: Vec<String> = candidates.iter().map(|a| a.join(" or ")).collect();
        let resolution = format!(
            "{FALLBACK}, then by {} in order of appearance",
            keys.join(", else ")
        );
        self.report(troubles, &resolution);
        self.match_values(old, new, old_kept, new_kept, class, candidates)
    }

    /// The keys of the kept elements of one side, if every one has a key and no two share one.
    fn keys(
        &self,
        items: &'a [Value],
        kept: &[usize],
        alternatives: &[&str],
        side: Side,
    ) -> Result<Keys<'a>, Trouble> {
        let array_ptr = match side {
            Side::Old => &self.old_ptr,
            Side::New => &self.new_ptr,
        };
        let mut keys = Vec::with_capacity(kept.len());
        let mut index: HashMap<Cow<'a, str>, usize> = HashMap::with_capacity(kept.len());
        let mut missing = 0;
        let mut repeated: Vec<usize> = Vec::new();
        for (position, &i) in kept.iter().enumerate() {
            let element_ptr = if self.filter.ignore.is_empty() {
                String::new()
            } else {
                pointer::join_index(array_ptr, i)
            };
            let keep = |field: &str| self.filter.keeps_field(&element_ptr, field);
            match identity::key_of(&items[i], alternatives, keep) {
                None => missing += 1,
                Some(key) => {
                    if let Some(&first) = index.get(&key) {
                        repeated.push(first);
                    } else {
                        index.insert(key.clone(), position);
                    }
                    keys.push(key);
                    continue;
                }
            }
            // Keep positions aligned with `kept`; a missing key makes the candidate unusable anyway.
            keys.push(Cow::Borrowed(""));
        }
        if missing == 0 && repeated.is_empty() {
            return Ok(Keys { keys, index });
        }
        let duplicate = if repeated.is_empty() {
            None
        } else {
            // Count per repeated key, in order of first appearance.
            let mut counts: HashMap<usize, usize> = HashMap::new();
            for first in &repeated {
                *counts.entry(*first).or_insert(1) += 1;
            }
            let first = *repeated.iter().min().unwrap_or(&0);
            let count = counts.get(&first).copied().unwrap_or(2);
            Some((keys[first].to_string(), count, counts.len() - 1))
        };
        Err(Trouble {
            side,
            missing,
            duplicate,
        })
    }

    fn report(&mut self, troubles: Vec<(&'static [&'static str], Trouble)>, resolution: &str) {
        let by_key = !resolution.starts_with(FALLBACK);
        for (alternatives, trouble) in troubles {
            let field = alternatives.join(" or ");
            let side = trouble.side.name();
            if trouble.missing > 0 {
                let n = trouble.missing;
                let (noun, verb) = if n == 1 {
                    ("element", "has")
                } else {
                    ("elements", "have")
                };
                self.findings.push(Finding {
                    severity: if by_key {
                        Severity::Info
                    } else {
                        Severity::Warning
                    },
                    code: FindingCode::KeyMissing,
                    message: format!(
                        "{}: {n} {noun} of the {side} snapshot {verb} no {field}; {resolution}",
                        self.path
                    ),
                });
            }
            if let Some((key, count, others)) = trouble.duplicate {
                let others = match others {
                    0 => String::new(),
                    1 => " (and 1 other repeated value)".to_owned(),
                    n => format!(" (and {n} other repeated values)"),
                };
                self.findings.push(Finding {
                    severity: Severity::Warning,
                    code: FindingCode::KeyDuplicate,
                    message: format!(
                        "{}: {count} elements of the {side} snapshot share {field} {}{others}; {resolution}",
                        self.path,
                        quote(&key)
                    ),
                });
            }
        }
    }

    /// Matches equal elements (volatile and ignored fields left out), then
    /// the others that have the same key (under the first candidate each has)
    /// in order of appearance; the rest are removed and added. For keyed
    /// arrays whose keys cannot identify every element.
    fn match_values(
        &mut self,
        old: &'a [Value],
        new: &'a [Value],
        old_kept: &[usize],
        new_kept: &[usize],
        class: FieldClass,
        candidates: &'static [&'static [&'static str]],
    ) -> Vec<Step<'a>> {
        self.schema.push(ELEMENT);
        let old_texts = canonical_texts(
            self.filter,
            old,
            old_kept,
            class,
            &mut self.schema,
            &mut self.old_ptr,
        );
        let new_texts = canonical_texts(
            self.filter,
            new,
            new_kept,
            class,
            &mut self.schema,
            &mut self.new_ptr,
        );
        self.schema.pop();
        let (mut pairs, mut new_matched) = match_multiset(&old_texts, &new_texts);
        drop((old_texts, new_texts));
        let any_key = |items: &'a [Value], i: usize, array_ptr: &str| {
            let element_ptr = if self.filter.ignore.is_empty() {
                String::new()
            } else {
                pointer::join_index(array_ptr, i)
            };
            candidates.iter().enumerate().find_map(|(c, alternatives)| {
                identity::key_of(&items[i], alternatives, |f| {
                    self.filter.keeps_field(&element_ptr, f)
                })
                .map(|key| (c, key))
            })
        };
        let mut spare: HashMap<(usize, Cow<'a, str>), Vec<usize>> = HashMap::new();
        for (q, &j) in new_kept.iter().enumerate().rev() {
            if !new_matched[q] {
                if let Some(key) = any_key(new, j, &self.new_ptr) {
                    spare.entry(key).or_default().push(q);
                }
            }
        }
        for (p, &i) in old_kept.iter().enumerate() {
            if pairs[p].is_none() {
                // Stacks were filled from the end: `pop` gives the first spare element.
                let q = any_key(old, i, &self.old_ptr).and_then(|key| spare.get_mut(&key)?.pop());
                if let Some(q) = q {
                    new_matched[q] = true;
                    pairs[p] = Some(q);
                }
            }
        }
        let mut steps = Vec::with_capacity(old_kept.len().max(new_kept.len()));
        for (p, m) in pairs.into_iter().enumerate() {
            let i = old_kept[p];
            steps.push(match m {
                Some(q) => Step::Pair(i, new_kept[q], Label::Index(new_kept[q])),
                None => Step::Removed(i, Label::Index(i)),
            });
        }
        for (q, &j) in new_kept.iter().enumerate() {
            if !new_matched[q] {
                steps.push(Step::Added(j, Label::Index(j)));
            }
        }
        steps
    }
}

/// The JSON text of each kept element's canonical form.
fn canonical_texts<'a>(
    filter: Filter<'_>,
    items: &'a [Value],
    kept: &[usize],
    class: FieldClass,
    schema: &mut Vec<&'a str>,
    array_ptr: &mut String,
) -> Vec<String> {
    let mut copier = Copier::new(filter, true);
    let len = array_ptr.len();
    kept.iter()
        .map(|&i| {
            pointer::push_index(array_ptr, i);
            let text = copier.copy(&items[i], class, schema, array_ptr).to_string();
            array_ptr.truncate(len);
            text
        })
        .collect()
}

/// Matches equal keys, each new key used once, in order: for each old
/// position, the new position it matches; and which new positions were used.
fn match_multiset<K: std::hash::Hash + Eq>(
    old: &[K],
    new: &[K],
) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut queues: HashMap<&K, (Vec<usize>, usize)> = HashMap::with_capacity(new.len());
    for (q, key) in new.iter().enumerate() {
        queues.entry(key).or_default().0.push(q);
    }
    let mut used = vec![false; new.len()];
    let matches = old
        .iter()
        .map(|key| {
            let (positions, next) = queues.get_mut(key)?;
            let q = *positions.get(*next)?;
            *next += 1;
            used[q] = true;
            Some(q)
        })
        .collect();
    (matches, used)
}

fn keyed_steps<'a>(
    old_kept: &[usize],
    new_kept: &[usize],
    old_keys: Keys<'a>,
    new_keys: &Keys<'a>,
    field: &'static str,
) -> Vec<Step<'a>> {
    let mut new_matched = vec![false; new_kept.len()];
    let mut steps = Vec::with_capacity(old_kept.len().max(new_kept.len()));
    for (p, key) in old_keys.keys.into_iter().enumerate() {
        let i = old_kept[p];
        steps.push(match new_keys.index.get(&key) {
            Some(&q) => {
                new_matched[q] = true;
                Step::Pair(i, new_kept[q], Label::Key(field, key))
            }
            None => Step::Removed(i, Label::Key(field, key)),
        });
    }
    for (q, key) in new_keys.keys.iter().enumerate() {
        if !new_matched[q] {
            steps.push(Step::Added(new_kept[q], Label::Key(field, key.clone())));
        }
    }
    steps
}

fn match_set<'a>(
    old: &'a [Value],
    new: &'a [Value],
    old_kept: &[usize],
    new_kept: &[usize],
) -> Vec<Step<'a>> {
    let old_keys: Vec<Cow<'_, str>> = old_kept
        .iter()
        .map(|&i| identity::set_key(&old[i]))
        .collect();
    let new_keys: Vec<Cow<'_, str>> = new_kept
        .iter()
        .map(|&j| identity::set_key(&new[j]))
        .collect();
    let (old_match, new_matched) = match_multiset(&old_keys, &new_keys);
    let mut steps = Vec::with_capacity(old_kept.len().max(new_kept.len()));
    for (p, m) in old_match.into_iter().enumerate() {
        let i = old_kept[p];
        steps.push(match m {
            Some(q) => Step::Pair(i, new_kept[q], Label::Value(&old[i])),
            None => Step::Removed(i, Label::Value(&old[i])),
        });
    }
    for (q, &j) in new_kept.iter().enumerate() {
        if !new_matched[q] {
            steps.push(Step::Added(j, Label::Value(&new[j])));
        }
    }
    steps
}

fn match_positions<'a>(old_kept: &[usize], new_kept: &[usize]) -> Vec<Step<'a>> {
    let mut steps = Vec::with_capacity(old_kept.len().max(new_kept.len()));
    for (p, &i) in old_kept.iter().enumerate() {
        steps.push(match new_kept.get(p) {
            Some(&j) => Step::Pair(i, j, Label::Index(j)),
            None => Step::Removed(i, Label::Index(i)),
        });
    }
    for &j in new_kept.iter().skip(old_kept.len()) {
        steps.push(Step::Added(j, Label::Index(j)));
    }
    steps
}

/// Whether `s` can appear unquoted in a readable path.
fn is_plain(s: &str, extra: fn(char) -> bool) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || extra(c))
}

fn push_path_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    if is_plain(key, |_| false) {
        path.push_str(key);
    } else {
        path.push_str(&Value::String(key.to_owned()).to_string());
    }
}

fn push_path_label(path: &mut String, label: &Label<'_>) {
    use std::fmt::Write;
    match label {
        Label::Key(field, key) => {
            // Identity values are ids, paths and names: quoted only when they could be misread.
            let plain = is_plain(key, |c| {
                !c.is_control() && !matches!(c, '[' | ']' | '"' | '=' | ' ')
            });
            if plain {
                let _ = write!(path, "[{field}={key}]");
            } else {
                let _ = write!(path, "[{field}={}]", Value::String(key.to_string()));
            }
        }
        Label::Value(value) => {
            let _ = write!(path, "[{value}]");
        }
        Label::Index(i) => {
            let _ = write!(path, "[{i}]");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn instance(value: Value) -> Report {
        crate::parse(value.to_string().as_bytes())
    }

    fn run(old: Value, new: Value, options: &DiffOptions) -> Diff {
        diff(&instance(old), &instance(new), options).unwrap()
    }

    fn summary(d: &Diff) -> Vec<String> {
        d.changes
            .iter()
            .map(|c| format!("{} {} ({})", c.kind, c.path, c.class))
            .collect()
    }

    #[test]
    fn keyed_arrays_match_by_identity() {
        let old = json!({"Datasets": [
            {"DatasetId": "d-1", "MountPath": "/a", "MountAccess": "RW"},
            {"DatasetId": "d-2", "MountPath": "/b"},
            {"DatasetId": "d-3", "MountPath": "/c"}]});
        let new = json!({"Datasets": [
            {"DatasetId": "d-3", "MountPath": "/c"},
            {"DatasetId": "d-1", "MountPath": "/a", "MountAccess": "RO"},
            {"DatasetId": "d-4", "MountPath": "/d"}]});
        let d = run(old, new, &DiffOptions::new());
        assert_eq!(
            summary(&d),
            [
                "changed Datasets[DatasetId=d-1].MountAccess (spec)",
                "removed Datasets[DatasetId=d-2] (spec)",
                "added Datasets[DatasetId=d-4] (spec)"
            ]
        );
        assert_eq!(
            d.changes[0].old_pointer.as_deref(),
            Some("/Datasets/0/MountAccess")
        );
        assert_eq!(
            d.changes[0].new_pointer.as_deref(),
            Some("/Datasets/1/MountAccess")
        );
        assert_eq!(d.changes[1].new_pointer, None);
        assert_eq!(
            d.changes[2].new,
            Some(json!({"DatasetId": "d-4", "MountPath": "/d"}))
        );
        assert!(d.findings.is_empty());
    }

    #[test]
    fn missing_keys_fall_back_to_the_next_candidate() {
        let old = json!({"Datasets": [{"MountPath": "/a", "Uri": "oss://x/"}, {"MountPath": "/b", "Uri": "oss://y/"}]});
        let new = json!({"Datasets": [{"MountPath": "/b", "Uri": "oss://y/"}, {"MountPath": "/a", "Uri": "oss://z/"}]});
        let d = run(old, new, &DiffOptions::new());
        assert_eq!(summary(&d), ["changed Datasets[MountPath=/a].Uri (spec)"]);
        let findings: Vec<String> = d.findings.iter().map(ToString::to_string).collect();
        assert_eq!(
            findings,
            [
                "info[diff.key-missing]: Datasets: 2 elements of the old snapshot have no DatasetId; matched by MountPath",
                "info[diff.key-missing]: Datasets: 2 elements of the new snapshot have no DatasetId; matched by MountPath"
            ]
        );
    }

    #[test]
    fn duplicate_keys_fall_back_to_values_then_keys_in_order() {
        let old = json!({"Labels": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}, {"Key": "b", "Value": "3"}]});
        let new = json!({"Labels": [{"Key": "b", "Value": "3"}, {"Key": "a", "Value": "2"}, {"Key": "a", "Value": "9"}]});
        let d = run(old, new, &DiffOptions::new());
        assert_eq!(summary(&d), ["changed Labels[2].Value (spec)"]);
        assert_eq!(d.changes[0].old_pointer.as_deref(), Some("/Labels/0/Value"));
        let findings: Vec<String> = d.findings.iter().map(ToString::to_string).collect();
        assert_eq!(
            findings,
            [
                "warning[diff.key-duplicate]: Labels: 2 elements of the old snapshot share Key \"a\"; matched by whole value, then by Key in order of appearance",
                "warning[diff.key-duplicate]: Labels: 2 elements of the new snapshot share Key \"a\"; matched by whole value, then by Key in order of appearance"
            ]
        );
    }

    #[test]
    fn unidentified_elements_are_not_paired_across_keys() {
        let old = json!({"Labels": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}, {"Value": "x"}]});
        let new = json!({"Labels": [{"Value": "y"}, {"Key": "c", "Value": "9"}, {"Key": "a", "Value": "2"}]});
        let d = run(old, new, &DiffOptions::new());
        assert_eq!(
            summary(&d),
            [
                "removed Labels[0] (spec)",
                "removed Labels[2] (spec)",
                "added Labels[0] (spec)",
                "added Labels[1] (spec)"
            ]
        );
        let codes: Vec<&str> = d.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            codes,
            ["diff.key-missing", "diff.key-duplicate", "diff.key-missing"]
        );
        assert!(d.findings.iter().all(|f| f.severity == Severity::Warning));
    }

    #[test]
    fn forward_infos_accept_the_old_port_key() {
        let old = json!({"UserVpc": {"ForwardInfos": [{"Port": "22", "Enable": true}, {"Port": "8888", "Enable": true}]}});
        let new = json!({"UserVpc": {"ForwardInfos": [{"ForwardPort": "8888", "Enable": false}, {"Port": "22", "Enable": true}]}});
        let d = run(old, new, &DiffOptions::new());
        // In the old snapshot's own key order (`Port` before `Enable`), then what only the new has.
        assert_eq!(
            summary(&d),
            [
                "removed UserVpc.ForwardInfos[ForwardPort=8888].Port (spec)",
                "changed UserVpc.ForwardInfos[ForwardPort=8888].Enable (spec)",
                "added UserVpc.ForwardInfos[ForwardPort=8888].ForwardPort (spec)"
            ]
        );
        assert_eq!(d.findings.len(), 2, "{:?}", d.findings);
    }

    #[test]
    fn sets_and_unknown_arrays() {
        let old = json!({"UserVpc": {"ExtendedCIDRs": ["a", "b", "b"]}, "Extra": [1, 2, 3]});
        let new = json!({"UserVpc": {"ExtendedCIDRs": ["b", "c", "a"]}, "Extra": [1, 3]});
        let d = run(old, new, &DiffOptions::new());
        assert_eq!(
            summary(&d),
            [
                "removed UserVpc.ExtendedCIDRs[\"b\"] (spec)",
                "added UserVpc.ExtendedCIDRs[\"c\"] (spec)",
                "changed Extra[1] (spec)",
                "removed Extra[2] (spec)"
            ]
        );
        assert_eq!(
            d.changes[0].old_pointer.as_deref(),
            Some("/UserVpc/ExtendedCIDRs/2")
        );
    }

    #[test]
    fn volatile_fields_are_left_out_unless_included() {
        let old = json!({"RequestId": "a", "AccumulatedRunningTimeInMs": 5, "InstanceShutdownTimer": {"GmtModifiedTime": "x"}});
        let new = json!({"RequestId": "b", "AccumulatedRunningTimeInMs": 9, "InstanceShutdownTimer": {"GmtModifiedTime": "y"}});
        assert!(run(old.clone(), new.clone(), &DiffOptions::new()).is_empty());
        let d = run(old, new, &DiffOptions::new().include_volatile(true));
        assert_eq!(
            summary(&d),
            [
                "changed RequestId (volatile)",
                "changed AccumulatedRunningTimeInMs (volatile)",
                "changed InstanceShutdownTimer.GmtModifiedTime (volatile)"
            ]
        );
    }

    #[test]
    fn ignore_patterns_drop_values_on_each_side() {
        let old = json!({"Datasets": [{"DatasetId": "d-1", "Options": "a"}], "InstanceName": "x"});
        let new = json!({"Datasets": [{"DatasetId": "d-1", "Options": "b"}], "InstanceName": "y"});
        let options = DiffOptions::new()
            .ignore("/Datasets/*/Options")
            .ignore("/InstanceName");
        assert!(run(old.clone(), new.clone(), &options).is_empty());
        assert!(run(old, new, &DiffOptions::new().ignore("")).is_empty());
    }

    #[test]
    fn ignored_key_fields_do_not_identify() {
        let old = json!({"Datasets": [{"DatasetId": "d-1", "MountPath": "/a"}, {"DatasetId": "d-2", "MountPath": "/b"}]});
        let new = json!({"Datasets": [{"DatasetId": "d-9", "MountPath": "/b"}, {"DatasetId": "d-8", "MountPath": "/a"}]});
        let d = run(
            old,
            new,
            &DiffOptions::new().ignore("/Datasets/*/DatasetId"),
        );
        assert!(d.is_empty(), "{:?}", summary(&d));
        assert!(d.findings.iter().all(|f| f.code == FindingCode::KeyMissing));
    }

    #[test]
    fn secrets_are_redacted_everywhere() {
        let old = json!({"ImageAuth": "dXNlcjpodW50ZXIy", "EnvironmentVariables": {"HF_TOKEN": "hf_old"},
            "CredentialConfig": {"Configs": [{"Key": "0", "Roles": []}]}});
        let new = json!({"ImageAuth": "dXNlcjpodW50ZXIz", "EnvironmentVariables": {"HF_TOKEN": "hf_new", "PATH": "/bin"},
            "CredentialConfig": {"Configs": [{"Key": "0", "Roles": [{"RoleArn": "r", "UserInfo": {"SecurityToken": "tok"}}]}]}});
        let d = run(old, new, &DiffOptions::new());
        assert_eq!(
            summary(&d),
            [
                "changed ImageAuth (secret)",
                "changed EnvironmentVariables.HF_TOKEN (secret)",
                "added EnvironmentVariables.PATH (spec)",
                "added CredentialConfig.Configs[Key=0].Roles[RoleArn=r] (spec)"
            ]
        );
        let text = serde_json::to_string(&d).unwrap();
        for secret in [
            "dXNlcjpodW50ZXIy",
            "dXNlcjpodW50ZXIz",
            "hf_old",
            "hf_new",
            "tok\"",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(
            d.changes[0].is_redacted() && d.changes[3].is_redacted() && !d.changes[2].is_redacted()
        );
        assert_eq!(
            d.changes[3].new,
            Some(json!({"RoleArn": "r", "UserInfo": {"SecurityToken": "<redacted>"}}))
        );
    }

    #[test]
    fn invariants_are_findings() {
        let old = json!({"GmtCreateTime": "2026-01-01T00:00:00Z", "GmtModifiedTime": "2026-03-01T10:00:00+08:00",
            "AccumulatedRunningTimeInMs": 10});
        let new = json!({"GmtCreateTime": "2026-01-02T00:00:00Z", "GmtModifiedTime": "2026-03-01T01:59:59Z",
            "AccumulatedRunningTimeInMs": 9});
        let d = run(old, new, &DiffOptions::new());
        let codes: Vec<&str> = d.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "diff.create-time-changed",
                "diff.running-time-decreased",
                "diff.snapshots-swapped"
            ]
        );
        assert_eq!(summary(&d), ["changed GmtCreateTime (spec)"]);
    }

    #[test]
    fn finding_codes_have_their_stable_strings() {
        let forms: Vec<String> = FindingCode::ALL
            .iter()
            .map(|c| format!("{c} {} {}", c.as_str(), serde_json::to_string(c).unwrap()))
            .collect();
        assert_eq!(
            forms,
            [
                "diff.create-time-changed diff.create-time-changed \"diff.create-time-changed\"",
                "diff.running-time-decreased diff.running-time-decreased \"diff.running-time-decreased\"",
                "diff.snapshots-swapped diff.snapshots-swapped \"diff.snapshots-swapped\"",
                "diff.key-missing diff.key-missing \"diff.key-missing\"",
                "diff.key-duplicate diff.key-duplicate \"diff.key-duplicate\"",
            ]
        );
    }

    #[test]
    fn different_instances_are_refused() {
        let err = diff(
            &instance(json!({"InstanceId": "a"})),
            &instance(json!({"InstanceId": "b"})),
            &DiffOptions::new(),
        )
        .unwrap_err();
        assert_eq!(
            err.kind(),
            &DiffErrorKind::InstancesDiffer {
                old: "a".into(),
                new: "b".into()
            }
        );
    }

    #[test]
    fn swapped_snapshots_need_times_that_validate_accepts() {
        let swapped = |old: &str, new: &str| {
            let d = run(
                json!({"GmtModifiedTime": old}),
                json!({"GmtModifiedTime": new}),
                &DiffOptions::new(),
            );
            d.findings
                .iter()
                .any(|f| f.code == FindingCode::SnapshotsSwapped)
        };
        assert!(swapped("2026-03-01T10:00:00Z", "2026-03-01T09:59:59Z"));
        assert!(swapped(
            "2021-01-12T22:36:01.5+08:00",
            "2021-01-12T14:36:01.4Z"
        ));
        // Each of these is before the other side if read leniently (a space
        // for `T`, February 30 as March 2), but is not an RFC 3339 time.
        for (old, new) in [
            ("2026-03-01 10:00:00Z", "2026-03-01T09:59:59Z"),
            ("2026-03-01T10:00:00Z", "2026-03-01 09:59:59Z"),
            ("2026-02-30T00:00:00Z", "2026-03-01T00:00:00Z"),
            ("2026-03-03T00:00:00Z", "2026-02-30T00:00:00Z"),
            ("2026-03-01T10:00:00Z", "2026-03-01T09:59:59"),
        ] {
            assert!(!swapped(old, new), "{old} -> {new}");
        }
    }

    #[test]
    fn readable_paths_quote_when_needed() {
        let mut p = String::new();
        push_path_key(&mut p, "EnvironmentVariables");
        push_path_key(&mut p, "a.b");
        assert_eq!(p, "EnvironmentVariables.\"a.b\"");
        let mut p = String::from("Datasets");
        push_path_label(&mut p, &Label::Key("MountPath", Cow::Borrowed("/mnt/data")));
        push_path_label(&mut p, &Label::Key("Key", Cow::Borrowed("a]b")));
        push_path_label(&mut p, &Label::Key("Key", Cow::Borrowed("")));
        assert_eq!(p, "Datasets[MountPath=/mnt/data][Key=\"a]b\"][Key=\"\"]");
    }
}
