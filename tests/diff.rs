//! The semantic diff: snapshot pairs under `tests/data/diff/`, the JSON
//! Patch, secrets, the canonical form, scale, and the `dswcheck diff` command.
//!
//! This file holds the fixture pairs and their snapshots (insta names the
//! snapshots after this file and finds them relative to it, so they stay
//! here) and the helpers the modules share; the modules under `tests/diff/`
//! hold the rest by feature.

mod common;

// The root of this test is a file, so its modules are named by path.
#[path = "diff/cli.rs"]
mod cli;
#[path = "diff/json_text.rs"]
mod json_text;
#[path = "diff/large.rs"]
mod large;
#[path = "diff/numbers.rs"]
mod numbers;
#[path = "diff/patch.rs"]
mod patch;
#[path = "diff/properties.rs"]
mod properties;
#[path = "diff/secrets.rs"]
mod secrets;
#[path = "diff/tape.rs"]
mod tape;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dswcheck::{Diff, DiffOptions, Report};
use serde_json::Value;

fn settings() -> insta::Settings {
    common::snapshot_settings()
}

/// `tests/data/diff/<name>`.
fn data(name: &str) -> PathBuf {
    common::data_dir("diff").join(name)
}

/// Every pair `(NAME, old path, new path)` under `tests/data/diff/`.
fn pairs() -> Vec<(String, PathBuf, PathBuf)> {
    let mut out: Vec<_> = std::fs::read_dir(data(""))
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".old.json")?
                .to_owned();
            let new = data(&format!("{name}.new.json"));
            Some((name, path, new))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 10, "the fixtures are missing");
    out
}

/// The instance in a file, or the message saying why it is not a body.
fn load(path: &Path) -> Result<Report, String> {
    let report = dswcheck::parse(&std::fs::read(path).unwrap());
    let first = report
        .iter_errors()
        .next()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message));
    if report.value().is_some_and(Value::is_object) {
        return Ok(report);
    }
    let name = path.file_name().unwrap().to_string_lossy();
    Err(format!("{name}:{}", first.unwrap_or_default()))
}

fn compare(old: &Path, new: &Path, options: &DiffOptions) -> Result<Diff, String> {
    let (old, new) = (load(old)?, load(new)?);
    dswcheck::diff(&old, &new, options).map_err(|e| e.to_string())
}

fn comparable_pairs() -> Vec<(String, Report, Report)> {
    pairs()
        .into_iter()
        .filter_map(|(name, old, new)| Some((name, load(&old).ok()?, load(&new).ok()?)))
        .filter(|(_, old, new)| {
            old.value().unwrap()["InstanceId"] == new.value().unwrap()["InstanceId"]
        })
        .collect()
}

#[test]
fn snapshot_pairs() {
    settings().bind(|| {
        insta::glob!("data/diff/*.old.json", |old| {
            let new = PathBuf::from(old.to_string_lossy().replace(".old.json", ".new.json"));
            match compare(old, &new, &DiffOptions::new()) {
                Ok(diff) => {
                    insta::assert_snapshot!("text", diff.to_text(false));
                    // Through serde_json: insta's own serializer does not know
                    // serde_json's exact numbers.
                    insta::assert_snapshot!("json", diff.to_json());
                }
                Err(message) => insta::assert_snapshot!("error", message),
            }
        });
    });
}

#[test]
fn expected_outcomes() {
    let outcome = |name: &str| {
        let diff = compare(
            &data(&format!("{name}.old.json")),
            &data(&format!("{name}.new.json")),
            &DiffOptions::new(),
        );
        diff.map(|d| {
            (
                d.changes.len(),
                d.findings
                    .iter()
                    .map(|f| f.code.as_str())
                    .collect::<Vec<_>>(),
            )
        })
    };
    assert_eq!(outcome("reordered-arrays"), Ok((0, vec![])));
    assert_eq!(outcome("volatile-only"), Ok((0, vec![])));
    assert_eq!(
        outcome("snapshots-swapped"),
        Ok((
            0,
            vec!["diff.running-time-decreased", "diff.snapshots-swapped"]
        ))
    );
    // MountAccess, a new dataset, and two members inside the JSON text of
    // one dataset's Options (compared as JSON, each member its own change).
    assert_eq!(outcome("dataset-access-change"), Ok((4, vec![])));
    assert_eq!(
        outcome("keyless-datasets"),
        Ok((3, vec!["diff.key-missing", "diff.key-missing"]))
    );
    assert_eq!(
        outcome("duplicate-label-keys"),
        Ok((1, vec!["diff.key-duplicate", "diff.key-duplicate"]))
    );
    assert!(
        outcome("different-instance")
            .unwrap_err()
            .starts_with("cannot compare snapshots of different instances")
    );
    assert_eq!(
        outcome("malformed-side").unwrap_err(),
        "malformed-side.new.json:6:3: expected `,` or `}` in an object, found `\"`"
    );
}

#[test]
fn volatile_changes_show_when_included() {
    let (old, new) = (
        data("volatile-only.old.json"),
        data("volatile-only.new.json"),
    );
    let diff = compare(
        &old,
        &new,
        &DiffOptions::new().should_include_volatile(true),
    )
    .unwrap();
    let paths: Vec<&str> = diff.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "RequestId",
            "AccumulatedRunningTimeInMs",
            "GmtModifiedTime",
            "InstanceShutdownTimer.GmtModifiedTime",
            "InstanceShutdownTimer.RemainingTimeInMs",
            "IdleInstanceCuller.IdleTimeInMinutes",
            "CloudDisks[MountPath=/mnt/workspace].Status.Available",
            "CloudDisks[MountPath=/mnt/workspace].Status.Usage",
            "CloudDisks[MountPath=/mnt/scratch].Status.Available",
            "CloudDisks[MountPath=/mnt/scratch].Status.Usage",
        ]
    );
    assert!(
        diff.changes
            .iter()
            .all(|c| c.class == dswcheck::FieldClass::Volatile)
    );
}

#[test]
fn ignore_patterns() {
    let (old, new) = (
        data("labels-changed.old.json"),
        data("labels-changed.new.json"),
    );
    let diff = compare(&old, &new, &DiffOptions::new().with_ignored("/Labels")).unwrap();
    assert!(
        diff.changes.iter().all(|c| c.path.starts_with("Tags")),
        "{:?}",
        diff.changes
    );
    let diff = compare(
        &old,
        &new,
        &DiffOptions::new()
            .with_ignored("/Labels/*/Value")
            .with_ignored("/Tags"),
    )
    .unwrap();
    let paths: Vec<&str> = diff.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["Labels[Key=project]", "Labels[Key=owner]"]);
    assert_eq!(
        diff.changes[1].new,
        Some(serde_json::json!({"Key": "owner"}))
    );
}

#[test]
fn identical_snapshots_have_no_changes() {
    for (name, old, new) in comparable_pairs() {
        for instance in [&old, &new] {
            let diff = dswcheck::diff(
                instance,
                instance,
                &DiffOptions::new().should_include_volatile(true),
            )
            .unwrap();
            assert!(
                diff.is_empty()
                    && diff
                        .findings
                        .iter()
                        .all(|f| f.code.as_str().starts_with("diff.key-")),
                "{name}"
            );
        }
    }
}

/// Everything every output shows of a diff.
fn all_formats(diff: &Diff) -> Vec<String> {
    vec![
        diff.to_text(false),
        diff.to_text(true),
        serde_json::to_string(diff).unwrap(),
        serde_json::to_string(&diff.patch()).unwrap(),
        diff.to_markdown(),
        format!("{diff:?}"),
    ]
}

#[test]
fn equal_snapshots_normalize_to_the_same_bytes() {
    let mut equal = Vec::new();
    for (name, old, new) in comparable_pairs() {
        for options in [
            DiffOptions::new(),
            DiffOptions::new().should_include_volatile(true),
            DiffOptions::new().with_ignored("/Labels/*/Value"),
        ] {
            let diff = dswcheck::diff(&old, &new, &options).unwrap();
            let (a, b) = (
                dswcheck::normalize_to_vec(&old, &options),
                dswcheck::normalize_to_vec(&new, &options),
            );
            if diff.is_empty() {
                assert_eq!(
                    String::from_utf8(a).unwrap(),
                    String::from_utf8(b).unwrap(),
                    "{name}"
                );
                equal.push(name.clone());
            } else if diff.changes.iter().any(|c| !c.is_redacted()) {
                // Changes that are not only secrets show in the canonical form too.
                assert_ne!(a, b, "{name}");
            }
        }
    }
    for name in ["reordered-arrays", "volatile-only", "snapshots-swapped"] {
        assert!(equal.iter().any(|n| n == name), "{name} should diff equal");
    }
}

/// Applies a serialized RFC 6902 patch with json-patch, failing on any op that does not apply.
fn apply(document: &mut Value, patch: &Value) {
    let ops: json_patch::Patch = serde_json::from_value(patch.clone()).expect("an RFC 6902 patch");
    if let Err(e) = json_patch::patch(document, &ops) {
        panic!("the patch does not apply: {e}");
    }
}

/// Runs the command with `args` on `files`, without `NO_COLOR` in its environment.
fn dswcheck(args: &[&str], files: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dswcheck"))
        .args(args)
        .args(files)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}
