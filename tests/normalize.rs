//! The canonical form: snapshots of normalized bodies, idempotence, and the
//! `dswcheck normalize` command.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dswcheck::{DiffOptions, Report};

fn settings() -> insta::Settings {
    common::snapshot_settings()
}

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn load(path: &Path) -> Option<Report> {
    let report = dswcheck::parse(&std::fs::read(path).unwrap());
    report
        .value()
        .is_some_and(serde_json::Value::is_object)
        .then_some(report)
}

/// Every JSON object body under `tests/data/diff` and `tests/data/valid`.
fn bodies() -> Vec<(PathBuf, Report)> {
    let mut out = Vec::new();
    for dir in ["diff", "valid"] {
        for entry in std::fs::read_dir(data(dir)).unwrap() {
            let path = entry.unwrap().path();
            if let Some(instance) = load(&path) {
                out.push((path, instance));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 20);
    out
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

#[test]
fn snapshots_of_canonical_forms() {
    settings().bind(|| {
        let full = load(&data("valid/modern-full.json")).unwrap();
        insta::assert_snapshot!(
            "modern_full",
            text(dswcheck::normalize_to_vec(&full, &DiffOptions::new()))
        );
        let secrets = load(&data("diff/secret-rotated.new.json")).unwrap();
        insta::assert_snapshot!(
            "secret_rotated",
            text(dswcheck::normalize_to_vec(&secrets, &DiffOptions::new()))
        );
    });
}

#[test]
fn canonical_form_is_idempotent() {
    let options = [
        DiffOptions::new(),
        DiffOptions::new().should_include_volatile(true),
        // Not array positions: the canonical form moves elements, so a pattern naming
        // an index would leave out another element the second time.
        DiffOptions::new()
            .with_ignored("/Datasets/*/Options")
            .with_ignored("/Labels/*/Value"),
    ];
    for (path, instance) in bodies() {
        for options in &options {
            let once = dswcheck::normalize_to_vec(&instance, options);
            let reparsed = dswcheck::parse(&once);
            let twice = dswcheck::normalize_to_vec(&reparsed, options);
            assert_eq!(text(once), text(twice), "{}", path.display());
        }
    }
}

#[test]
fn canonical_form_sorts_and_leaves_out() {
    let instance = load(&data("valid/modern-full.json")).unwrap();
    let value = dswcheck::normalize(&instance, &DiffOptions::new());
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "keys are not sorted");
    for volatile in ["RequestId", "AccumulatedRunningTimeInMs", "GmtModifiedTime"] {
        assert!(value.get(volatile).is_none(), "{volatile}");
    }
    assert!(
        value["InstanceShutdownTimer"]
            .get("RemainingTimeInMs")
            .is_none()
    );
    assert!(value["CloudDisks"][0]["Status"].get("Usage").is_none());
    assert_eq!(
        value["CloudDisks"][0]["Status"]["Capacity"],
        53_687_091_200_i64
    );
    let labels: Vec<&str> = value["Labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["Key"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["env", "project", "team"]);
    let cidrs = &value["UserVpc"]["ExtendedCIDRs"];
    assert_eq!(cidrs, &serde_json::json!(["10.10.0.0/16", "172.16.0.0/16"]));
    assert_eq!(value["ImageAuth"], "<redacted>");
    assert_eq!(
        value["CredentialConfig"]["Configs"][0]["Roles"][0]["UserInfo"]["SecurityToken"],
        "<redacted>"
    );
    // Unknown arrays keep their order.
    let kept = dswcheck::parse(br#"{"Quotas": [3, 1, 2]}"#);
    assert_eq!(
        dswcheck::normalize(&kept, &DiffOptions::new())["Quotas"],
        serde_json::json!([3, 1, 2])
    );

    let with_volatile =
        dswcheck::normalize(&instance, &DiffOptions::new().should_include_volatile(true));
    assert_eq!(
        with_volatile["RequestId"],
        "3C1F7A2B-9D4E-4F60-8A1B-5E2D7C9F0B13"
    );
}

fn dswcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dswcheck"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_prints_the_canonical_bytes() {
    let path = data("diff/running-to-stopped.old.json");
    let instance = load(&path).unwrap();
    let output = dswcheck(&["normalize", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(output.stdout),
        text(dswcheck::normalize_to_vec(&instance, &DiffOptions::new()))
    );
    assert!(output.stderr.is_empty());

    let options = DiffOptions::new()
        .should_include_volatile(true)
        .with_ignored("/Datasets");
    let output = dswcheck(&[
        "normalize",
        "--include-volatile",
        "--ignore",
        "/Datasets",
        path.to_str().unwrap(),
    ]);
    assert_eq!(
        text(output.stdout),
        text(dswcheck::normalize_to_vec(&instance, &options))
    );

    let output = common::output_with_stdin(
        env!("CARGO_BIN_EXE_dswcheck"),
        ["normalize", "-"],
        &std::fs::read(&path).unwrap(),
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(output.stdout),
        text(dswcheck::normalize_to_vec(&instance, &DiffOptions::new()))
    );
}

#[test]
fn cli_refuses_what_is_not_a_body() {
    let output = dswcheck(&[
        "normalize",
        data("diff/malformed-side.new.json").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = text(output.stderr).replace(&data("").display().to_string(), "{DATA}/");
    insta::assert_snapshot!(stderr, @r#"error: {DATA}/diff/malformed-side.new.json:6:3: expected `,` or `}` in an object, found `"`"#);

    let output = dswcheck(&["normalize", data("missing.json").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let output = dswcheck(&[
        "normalize",
        "--ignore",
        "RequestId",
        data("valid/modern-full.json").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
}
