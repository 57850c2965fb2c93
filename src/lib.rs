//! Tolerant parsing, validation and semantic diff of Alibaba Cloud PAI-DSW
//! `GetInstance` responses (`GET /api/v2/instances/{InstanceId}`, API version
//! 2022-01-01) and `ListInstances` pages (`GET /api/v2/instances`).
//!
//! dswcheck reads whatever bytes it is given into a typed [`model::Instance`] without
//! losing anything the API sent, and says precisely what is wrong: each
//! [`Diagnostic`] has a severity, a stable [`Code`], a JSON [`Pointer`], a line and
//! a column. Secrets (credentials, passwords, tokens) never appear in its output.
//!
//! # Quick start
//!
//! ```
//! let body = br#"{"InstanceId": "dsw-123", "Status": "Running", "Priority": "3"}"#;
//! let report = dswcheck::validate(body);
//! assert!(report.is_valid());
//! for d in report.diagnostics() {
//!     println!("{d}"); // 1:56: warning[type.coerced] /Priority: expected an integer ...
//! }
//! assert_eq!(report.instance().unwrap().priority, Some(3));
//! ```
//!
//! # Parsing
//!
//! [`parse`] never fails: it returns what could be recovered and the syntax,
//! type and enum diagnostics. Unknown fields are kept in each object's `extra`,
//! undocumented enum values as `Unknown(String)`, and serializing a
//! [`model::Instance`] with serde gives back the same JSON data as the input.
//! The wire types live in [`model`], generated from one table of the API's
//! field facts; the crate root holds the tool's own types.
//!
//! # Validation
//!
//! [`validate`] adds the semantic rules: timestamps, ports, CIDRs, datasets,
//! duplicate keys, exposed secrets. [`Code`] lists every diagnostic with its
//! severity. [`validate_lines`] validates an NDJSON stream on several
//! threads, in input order, in bounded memory, and [`Renderer`] writes
//! reports as text, JSON Lines, GitHub workflow commands, SARIF, JUnit XML
//! or Markdown.
//!
//! The embedded JSON Schema ([`SCHEMA`], [`schema()`]) documents the body; it is
//! not run over each document. The typed decoder reports, at the same JSON
//! Pointer, the values the schema rejects: as errors, or as warnings and
//! infos where it tolerates them (`"8"` read as 8, `null` read as absent).
//! The test suite and a fuzz target hold the two to that, with `jsonschema`
//! as the oracle. The schema, the model and the diff's tables are all
//! generated from one field table.
//!
//! [`read`] is the level below [`parse`]: the JSON text alone, without the
//! typed model, which is all [`diff`] and [`normalize`] need.
//!
//! # Diffing
//!
//! [`diff`] compares two parsed snapshots of one instance (or [`diff_slices`]
//! two byte strings), from the JSON data as parsed: array elements are
//! matched by identity (`Datasets` by `DatasetId`, `Labels` by `Key`, ...),
//! volatile fields are left out unless [`DiffOptions::should_include_volatile`] asks
//! for them, and secrets are compared but shown as [`REDACTED`]. [`normalize`]
//! gives the canonical form: two snapshots normalize to the same bytes exactly
//! when their diff is empty.
//!
//! ```
//! let old = dswcheck::parse(br#"{"InstanceId": "dsw-1", "Labels": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}"#);
//! let new = dswcheck::parse(br#"{"InstanceId": "dsw-1", "Labels": [{"Key": "b", "Value": "3"}, {"Key": "a", "Value": "1"}]}"#);
//! let diff = dswcheck::diff(&old, &new, &dswcheck::DiffOptions::new())?;
//! assert_eq!(diff.changes.len(), 1);
//! assert_eq!(diff.changes[0].path, "Labels[Key=b].Value");
//! # Ok::<(), dswcheck::DiffError>(())
//! ```
//!
//! [`diff_fleet`] compares two dumps of a fleet (NDJSON of GetInstance
//! bodies or ListInstances pages, or directories of them) instance by
//! instance, matched by `InstanceId` in any order, without holding either
//! dump in memory: a [`FleetDiff`] of the instances added and removed, each
//! changed instance's [`Diff`], and [`FleetFinding`]s.
//!
//! # Gating a build
//!
//! [`Gate`] is what a CI job makes of the diagnostics: severity overrides
//! per code or family ([`Selector`], [`Level`]), ignored pointers, and the
//! severity that fails ([`FailOn`]). A [`Baseline`] suppresses findings
//! already recorded, matched by their [`Fingerprint`], which survives
//! reformatting, reordering and renamed files.
//!
//! ```
//! use dswcheck::{Baseline, Gate, Level, Selector};
//!
//! let body = br#"{"InstanceId": "dsw-1", "Color": "red"}"#;
//! let gate = Gate::new().with_level(Selector::parse("field.unknown")?, Level::Deny);
//! let mut baseline = Baseline::new();
//! baseline.record("dsw-1", &gate.apply(&dswcheck::validate(body)));
//!
//! let mut today = gate.apply(&dswcheck::validate(br#"{"Color":"red","InstanceId":"dsw-1"}"#));
//! assert!(gate.fails(&today));
//! assert_eq!(baseline.suppress("dsw-1", &mut today), 1);
//! assert!(!gate.fails(&today));
//! # Ok::<(), dswcheck::UnknownCode>(())
//! ```
//!
//! # ListInstances pages
//!
//! Each body's [`BodyKind`] is detected (or forced with
//! [`Validator::with_kind`]): a page is read into a
//! [`model::ListInstances`] ([`Report::list`]) and validated item by item,
//! every diagnostic at `/Instances/N/...`. The [`Drift`] report counts, over
//! a fleet's responses, what the documentation does not say: unknown fields,
//! undocumented enum values, fields carried by part of the fleet.
//!
//! # Policies
//!
//! A team's own rules are JSON Schema files ([`Policy`], feature `policy`),
//! run by a [`Validator`] beside the documented contract and reported as
//! `policy.NAME` diagnostics with positions, like any other.
//!
//! # Snapshot review
//!
//! [`snapshot`] keeps a store of accepted snapshots in the canonical form,
//! one file per instance, and compares captures with them: what `dswcheck
//! snapshot record`, `dswcheck review` and `dswcheck snapshot check` do. With
//! the feature `insta`, `assert_response_snapshot!` snapshots a body's
//! canonical form with insta, so that `cargo insta review` shows only
//! semantic changes.
//!
//! # Errors
//!
//! Parsing and validation never fail: problems with a document are
//! [`Diagnostic`]s in its [`Report`]. [`diff`] fails with a [`DiffError`] only
//! when a snapshot is not a JSON object or the two are of different instances,
//! and [`diff_fleet`] with a [`FleetError`] only when a side cannot be read.
//!
//! # Crate features
//!
//! - `cli` (default): the `dswcheck` binary's dependencies (clap, anyhow,
//!   toml, and mimalloc, its allocator); it needs `sarif`, `junit` and `policy`.
//! - `policy` (default, through `cli`): [`Policy`], with `jsonschema`.
//! - `sarif` (default): [`Renderer::write_sarif`], with `serde-sarif`.
//! - `junit` (default): [`Renderer::write_junit`], with `quick-junit`.
//! - `insta`: `assert_response_snapshot!` and `dswcheck::insta`, with the
//!   `insta` crate.
//! - `arbitrary`: [`arbitrary::Sample`](crate::arbitrary), a structured
//!   description of a body that implements `arbitrary::Arbitrary`, for fuzzing.

#![forbid(unsafe_code)]

mod decode;
mod diagnostic;
mod diff;
mod drift;
mod fingerprint;
mod fleet;
mod gate;
mod html;
mod input;
#[cfg(feature = "insta")]
pub mod insta;
mod json;
mod kind;
mod lines;
pub mod model;
mod ndjson;
mod normalize;
mod number;
mod parse;
mod pointer;
#[cfg(feature = "policy")]
mod policy;
mod render;
mod rules;
#[cfg(feature = "arbitrary")]
mod sample;
mod schema;
mod secret;
pub mod snapshot;
mod style;
mod text;
mod time;
mod validate;

pub use diagnostic::{Code, Diagnostic, MAX_DIAGNOSTICS, PolicyCode, Severity};
pub use diff::{
    Change, ChangeKind, DIFF_FORMAT_VERSION, Diff, DiffError, DiffErrorKind, DiffOptions, Finding,
    FindingCode, Patch, PatchOp, PatchOpKind, Snapshot, diff, diff_slices, diff_snapshots,
};
pub use drift::{DRIFT_FORMAT_VERSION, DRIFT_MAX_UNKNOWN_FIELDS, DRIFT_MAX_VALUES, Drift};
pub use fingerprint::{FINGERPRINT_VERSION, Fingerprint};
pub use fleet::{
    ChangedInstance, FLEET_FORMAT_VERSION, FleetCounts, FleetDiff, FleetError, FleetErrorKind,
    FleetFinding, FleetFindingCode, FleetInstance, FleetOptions, FleetSource, Side, diff_fleet,
};
pub use gate::{
    BASELINE_FORMAT_VERSION, Baseline, BaselineError, FailOn, Gate, Level, Selector, StaleEntry,
    UnknownCode, document_name,
};
pub use input::read_limited;
pub use json::{MAX_DEPTH, MAX_INPUT_BYTES, MAX_VALUES};
pub use kind::{BodyKind, UnknownKind};
pub use model::FieldClass;
pub use ndjson::{Line, MAX_THREADS, validate_lines, validate_reader};
pub use normalize::{normalize, normalize_snapshot, normalize_to_vec};
pub use parse::{Report, parse, read};
pub use pointer::{Pointer, PointerError};
#[cfg(feature = "policy")]
pub use policy::{Policy, PolicyError, PolicyRule};
pub use render::{
    Aggregate, DocumentEntry, Entry, FileEntry, MARKDOWN_MAX_ROWS, Renderer, Source, Summary,
};
#[cfg(feature = "sarif")]
pub use render::{SARIF_FINGERPRINT_KEY, SARIF_SCHEMA};
pub use schema::{LIST_SCHEMA, LIST_SCHEMA_ID, SCHEMA, SCHEMA_ID, list_schema, schema};
pub use secret::{REDACTED, is_secret_path, looks_secret};
pub use validate::{Validator, validate};

/// Structured descriptions of response bodies for fuzzing (feature `arbitrary`).
///
/// [`Sample`](arbitrary::Sample) implements `arbitrary::Arbitrary` by walking
/// the field table, so a fuzzer's bytes become bodies that exercise every
/// documented field, and [`Rendered`](arbitrary::Rendered) keeps where each
/// value was written.
#[cfg(feature = "arbitrary")]
pub mod arbitrary {
    pub use crate::sample::{Layout, Quirk, Rendered, Sample};
}

/// The field table, for the project's own tests and fuzz targets; not a
/// stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::model::item_fields;
    pub use crate::model::{
        Facts, Field, Format, Identity, Object, Section, Shape, fields, identity_prose, root,
        volatile_list,
    };
    pub use crate::schema::generate as generate_schema;
    pub use crate::schema::generate_list as generate_list_schema;
    /// `1 finding`, `2 findings`: the one plural of every output, the binary's too.
    pub use crate::text::plural;

    /// [`Validator::validate`](crate::Validator::validate) the way NDJSON
    /// lines get it: the document read into a tape rather than a
    /// `serde_json::Value`, and not kept. For the tests that hold both
    /// ways to the same report.
    #[must_use]
    pub fn validate_lean(validator: &crate::Validator, bytes: &[u8]) -> crate::Report {
        validator.validate_lean(bytes)
    }

    /// Whether the array at `path` (object keys, `[]` for array elements) has
    /// elements matched by identity, whose order means nothing to a diff.
    #[must_use]
    pub fn is_identity_keyed<S: AsRef<str>>(path: &[S]) -> bool {
        let path: Vec<&str> = path.iter().map(AsRef::as_ref).collect();
        crate::diff::identity_of(&path).is_some()
    }
}
