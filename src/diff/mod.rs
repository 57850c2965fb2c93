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
mod invariants;
mod matching;
mod patch;
mod paths;
pub(crate) mod render;
mod snapshot;
mod types;
mod walk;

use serde_json::Value;

use crate::json::{Lookup, Node};
use crate::parse::Report;

pub(crate) use crate::model::ELEMENT;
pub use crate::model::FieldClass;
pub(crate) use class::classify;
pub(crate) use filter::{Copier, Filter, Pattern};
pub use patch::{Patch, PatchOp, PatchOpKind};
pub use snapshot::Snapshot;
pub use types::{
    Change, ChangeKind, DIFF_FORMAT_VERSION, Diff, DiffError, DiffErrorKind, DiffOptions, Finding,
    FindingCode,
};

use invariants::invariants;
use walk::Walk;

pub(crate) use identity::{identity as identity_of, key_of, set_key};

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
/// assert_eq!(diff.changes[1].new_pointer.as_ref().map(dswcheck::Pointer::as_str), Some("/Labels/0/Value"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`DiffErrorKind::NotAnObject`] when a side is not a JSON object (not JSON
/// at all, or another JSON type), [`DiffErrorKind::ApiError`] when a side is
/// an API error body rather than an instance, and
/// [`DiffErrorKind::InstancesDiffer`] when both snapshots have an
/// `InstanceId` and they differ.
pub fn diff(old: &Report, new: &Report, options: &DiffOptions) -> Result<Diff, DiffError> {
    diff_values(
        object(old.value(), "old")?,
        object(new.value(), "new")?,
        options,
    )
}

/// [`diff`] of two [`Snapshot`]s, which hold the same JSON data in a
/// fraction of the memory: the same diff.
///
/// # Examples
///
/// ```
/// use dswcheck::{DiffOptions, Snapshot};
///
/// let old = Snapshot::read(br#"{"InstanceId": "dsw-1", "Priority": 3}"#.to_vec());
/// let new = Snapshot::read(br#"{"InstanceId": "dsw-1", "Priority": 5}"#.to_vec());
/// let diff = dswcheck::diff_snapshots(&old, &new, &DiffOptions::new())?;
/// assert_eq!(diff.changes[0].path, "Priority");
/// # Ok::<(), dswcheck::DiffError>(())
/// ```
///
/// # Errors
///
/// As [`diff`].
pub fn diff_snapshots(
    old: &Snapshot,
    new: &Snapshot,
    options: &DiffOptions,
) -> Result<Diff, DiffError> {
    diff_values(
        object(old.root(), "old")?,
        object(new.root(), "new")?,
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
    // Read into tapes, at about twice the bytes rather than several times.
    let old = Snapshot::read(old.to_vec());
    let new = Snapshot::read(new.to_vec());
    diff_snapshots(&old, &new, options)
}

fn object<'v, N: Node<'v>>(value: Option<N>, side: &'static str) -> Result<N, DiffError> {
    match value {
        Some(v) if v.is_object() => Ok(v),
        _ => Err(DiffError {
            inner: Box::new(DiffErrorKind::NotAnObject { side }),
        }),
    }
}

/// The top-level members of `root` that the diff decodes (the error
/// envelope's and the invariants'), as a small object of their own.
fn top_fields<'a, N: Node<'a>>(root: N) -> Value {
    let root = Lookup::new(root);
    let wires = crate::rules::api_error::ENVELOPE
        .iter()
        .chain(invariants::FIELDS);
    Value::Object(
        wires
            .filter_map(|k| Some(((*k).to_owned(), root.get(k)?.to_value())))
            .collect(),
    )
}

fn diff_values<'a, N: Node<'a>>(old: N, new: N, options: &DiffOptions) -> Result<Diff, DiffError> {
    let (old_fields, new_fields) = (top_fields(old), top_fields(new));
    for (side, value) in [("old", &old_fields), ("new", &new_fields)] {
        if let Some(message) = crate::rules::api_error::describe_value(value) {
            return Err(DiffError {
                inner: Box::new(DiffErrorKind::ApiError { side, message }),
            });
        }
    }
    // The few typed fields the diff itself reads, decoded as parse decodes them.
    let (old_top, new_top) = (
        crate::model::top_level(&old_fields, invariants::FIELDS),
        crate::model::top_level(&new_fields, invariants::FIELDS),
    );
    let (old_id, new_id) = (old_top.instance_id.clone(), new_top.instance_id.clone());
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
    let mut findings = invariants(&old_top, &new_top);
    let mut walk = Walk::<N>::new(options.filter());
    if !walk.filter.ignored(&crate::Pointer::root()) {
        walk.value(old, new, FieldClass::Spec, None);
    }
    findings.append(&mut walk.findings);
    Ok(redacted(Diff {
        instance_id: new_id.or(old_id),
        changes: walk.changes,
        findings,
    }))
}

/// The diff with its names and messages through the secret policy, as its
/// values already are (the walk copies them through a `Copier`): a key or
/// an identity can be a credential too, and every format prints them.
fn redacted(mut diff: Diff) -> Diff {
    use crate::secret::redact::text_in_place;
    if let Some(id) = &mut diff.instance_id {
        text_in_place(id);
    }
    for change in &mut diff.changes {
        let mut hid = text_in_place(&mut change.path);
        for pointer in [
            &mut change.old_pointer,
            &mut change.new_pointer,
            &mut change.text_pointer,
            &mut change.add_at,
        ]
        .into_iter()
        .flatten()
        {
            hid |= pointer.redact();
        }
        if let Some((field, _)) = &mut change.text_field {
            hid |= field.redact();
        }
        change.redacted |= hid;
    }
    for finding in &mut diff.findings {
        text_in_place(&mut finding.message);
    }
    diff
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diagnostic::Severity;

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

    /// A hash collision between two different keys never makes them one
    /// element: with every key hashed by its length, `a` (old) and `x`
    /// (new) are a lone pair of equal hashes that the walk must tell apart,
    /// and `bb` against `cc` too, by text, here with a changed value as well.
    #[test]
    fn colliding_hashes_of_different_keys_are_not_a_match() {
        let old = json!({"Labels": [
            {"Key": "a", "Value": "1"}, {"Key": "bb", "Value": "2"}, {"Key": "same", "Value": "4"}]});
        let new = json!({"Labels": [
            {"Key": "same", "Value": "4"}, {"Key": "cc", "Value": "2"}, {"Key": "x", "Value": "1"}]});
        let options = DiffOptions::new();
        let honest = run(old.clone(), new.clone(), &options);
        let colliding = matching::test_hashes::by_length(|| run(old, new, &options));
        assert_eq!(
            summary(&honest),
            [
                "removed Labels[Key=a] (spec)",
                "removed Labels[Key=bb] (spec)",
                "added Labels[Key=cc] (spec)",
                "added Labels[Key=x] (spec)",
            ]
        );
        assert_eq!(colliding.to_json(), honest.to_json());
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
            d.changes[0]
                .old_pointer
                .as_ref()
                .map(crate::Pointer::as_str),
            Some("/Datasets/0/MountAccess")
        );
        assert_eq!(
            d.changes[0]
                .new_pointer
                .as_ref()
                .map(crate::Pointer::as_str),
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
        assert_eq!(
            d.changes[0]
                .old_pointer
                .as_ref()
                .map(crate::Pointer::as_str),
            Some("/Labels/0/Value")
        );
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
            d.changes[0]
                .old_pointer
                .as_ref()
                .map(crate::Pointer::as_str),
            Some("/UserVpc/ExtendedCIDRs/2")
        );
    }

    #[test]
    fn volatile_fields_are_left_out_unless_included() {
        let old = json!({"RequestId": "a", "AccumulatedRunningTimeInMs": 5, "InstanceShutdownTimer": {"GmtModifiedTime": "x"}});
        let new = json!({"RequestId": "b", "AccumulatedRunningTimeInMs": 9, "InstanceShutdownTimer": {"GmtModifiedTime": "y"}});
        assert!(run(old.clone(), new.clone(), &DiffOptions::new()).is_empty());
        let d = run(old, new, &DiffOptions::new().should_include_volatile(true));
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
            .with_ignored("/Datasets/*/Options")
            .with_ignored("/InstanceName");
        assert!(run(old.clone(), new.clone(), &options).is_empty());
        assert!(run(old, new, &DiffOptions::new().with_ignored("")).is_empty());
    }

    #[test]
    fn ignored_key_fields_do_not_identify() {
        let old = json!({"Datasets": [{"DatasetId": "d-1", "MountPath": "/a"}, {"DatasetId": "d-2", "MountPath": "/b"}]});
        let new = json!({"Datasets": [{"DatasetId": "d-9", "MountPath": "/b"}, {"DatasetId": "d-8", "MountPath": "/a"}]});
        let d = run(
            old,
            new,
            &DiffOptions::new().with_ignored("/Datasets/*/DatasetId"),
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
    fn api_error_bodies_are_refused_on_either_side() {
        let error = br#"{"RequestId": "r", "Code": "ValidationError", "Message": "instance dsw-1 does not exist", "HttpStatusCode": 400, "Success": false}"#;
        let body = br#"{"InstanceId": "dsw-1", "Status": "Running"}"#;
        for (old, new, side) in [
            (&error[..], &body[..], "old"),
            (&body[..], &error[..], "new"),
        ] {
            let err = diff_slices(old, new, &DiffOptions::new()).unwrap_err();
            assert!(
                matches!(err.kind(), DiffErrorKind::ApiError { side: s, .. } if *s == side),
                "{err:?}"
            );
            assert_eq!(
                err.to_string(),
                format!(
                    "cannot compare: the {side} snapshot is not an instance (response.api-error): \
                     the body is an API error response, not an instance: Code \"ValidationError\", \
                     Message \"instance dsw-1 does not exist\" (HTTP 400)"
                )
            );
        }
    }

    #[test]
    fn sides_that_are_not_objects_are_refused() {
        let object = br#"{"InstanceId": "a"}"#;
        for (old, new, side) in [
            (&b"[1]"[..], &object[..], "old"),
            (&object[..], &b"not json"[..], "new"),
            (&b"\"a\""[..], &b"{"[..], "old"),
        ] {
            let err = diff_slices(old, new, &DiffOptions::new()).unwrap_err();
            assert_eq!(err.kind(), &DiffErrorKind::NotAnObject { side });
            let err = diff(&crate::read(old), &crate::read(new), &DiffOptions::new()).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("cannot compare: the {side} snapshot is not a JSON object")
            );
        }
        // The typed model plays no part: read, parse and raw bytes agree.
        let (a, b) = (br#"{"Priority": "3"}"#, br#"{"Priority": 3}"#);
        let from_bytes = diff_slices(a, b, &DiffOptions::new()).unwrap();
        let from_reads = diff(&crate::read(a), &crate::read(b), &DiffOptions::new()).unwrap();
        let from_parses = diff(&crate::parse(a), &crate::parse(b), &DiffOptions::new()).unwrap();
        assert_eq!(from_bytes, from_reads);
        assert_eq!(from_reads, from_parses);
        assert_eq!(
            from_bytes.changes.len(),
            1,
            "\"3\" and 3 are different JSON data"
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
}
