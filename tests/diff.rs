//! The semantic diff: snapshot pairs under `tests/data/diff/`, the JSON
//! Patch, secrets, the canonical form, scale, and the `dswcheck diff` command.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use dswcheck::{Diff, DiffOptions, Report};
use serde::Deserialize;
use serde_json::Value;

/// A fake secret put, unmasked, into the secret fields of `secret-rotated.*.json`.
const SECRET: &str = "hunter2-SECRET";
/// The Base64 prefix of the fixture's `ImageAuth` values (`user:hunter2-SECRET-…`).
const SECRET_BASE64: &str = "dXNlcjpodW50ZXIyLVNFQ1JFVC1";

fn settings() -> insta::Settings {
    common::snapshot_settings()
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/diff")
        .join(name)
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
                    insta::assert_json_snapshot!("json", diff);
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
    assert_eq!(outcome("dataset-access-change"), Ok((3, vec![])));
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
    let diff = compare(&old, &new, &DiffOptions::new().include_volatile(true)).unwrap();
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
    let diff = compare(&old, &new, &DiffOptions::new().ignore("/Labels")).unwrap();
    assert!(
        diff.changes.iter().all(|c| c.path.starts_with("Tags")),
        "{:?}",
        diff.changes
    );
    let diff = compare(
        &old,
        &new,
        &DiffOptions::new().ignore("/Labels/*/Value").ignore("/Tags"),
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
                &DiffOptions::new().include_volatile(true),
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
fn no_secret_value_in_any_format() {
    let (old_path, new_path) = (
        data("secret-rotated.old.json"),
        data("secret-rotated.new.json"),
    );
    let old_text = std::fs::read_to_string(&old_path).unwrap();
    let new_text = std::fs::read_to_string(&new_path).unwrap();
    // The fixtures do hold the secrets, in every kind of secret field.
    for needle in [
        "\"ImageAuth\": \"dXNlcjpodW50ZXIy",
        "hf_hunter2-SECRET",
        "STS.hunter2-SECRET",
        "LTAI5thunter2-SECRET",
        "hunter2-SECRET-jupyter",
        "hunter2-SECRET-unknown",
    ] {
        assert!(
            old_text.contains(needle) || new_text.contains(needle),
            "{needle}"
        );
    }
    let (old, new) = (load(&old_path).unwrap(), load(&new_path).unwrap());
    for options in [
        DiffOptions::new(),
        DiffOptions::new().include_volatile(true),
    ] {
        let diff = dswcheck::diff(&old, &new, &options).unwrap();
        assert!(diff.changes.len() >= 10);
        for output in all_formats(&diff) {
            assert!(
                !output.contains(SECRET) && !output.contains(SECRET_BASE64),
                "secret in {output}"
            );
        }
        for instance in [&old, &new] {
            let canonical =
                String::from_utf8(dswcheck::normalize_to_vec(instance, &options)).unwrap();
            assert!(
                !canonical.contains(SECRET) && !canonical.contains(SECRET_BASE64),
                "secret in {canonical}"
            );
            assert!(canonical.contains("<redacted>"));
        }
        let patch = diff.patch();
        assert!(patch.redacted_ops() >= 8, "{}", patch.redacted_ops());
    }
    // And through the command, stdout and stderr alike.
    for format in ["text", "json", "patch", "markdown"] {
        let output = dswcheck(
            &["diff", "--color", "always", "--format", format],
            &[&old_path, &new_path],
        );
        assert_eq!(output.status.code(), Some(1), "{format}");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            !all.contains(SECRET) && !all.contains(SECRET_BASE64),
            "secret in {format} output: {all}"
        );
        assert!(all.contains("redacted"), "{format}");
    }
    for path in [&old_path, &new_path] {
        let output = dswcheck(&["normalize"], &[path]);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            !all.contains(SECRET) && !all.contains(SECRET_BASE64),
            "secret in normalize output: {all}"
        );
    }
}

#[test]
fn equal_snapshots_normalize_to_the_same_bytes() {
    let mut equal = Vec::new();
    for (name, old, new) in comparable_pairs() {
        for options in [
            DiffOptions::new(),
            DiffOptions::new().include_volatile(true),
            DiffOptions::new().ignore("/Labels/*/Value"),
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

#[test]
fn json_patch_ignores_the_redacted_member() {
    let (old, new) = (
        data("secret-rotated.old.json"),
        data("secret-rotated.new.json"),
    );
    let diff = compare(&old, &new, &DiffOptions::new()).unwrap();
    let patch = serde_json::to_value(diff.patch()).unwrap();
    let ops = patch.as_array().unwrap();
    let redacted = ops.iter().filter(|op| op["redacted"] == true).count();
    assert!(redacted >= 8, "{redacted} redacted operations");
    // Every operation is read, the marked ones included, and the marker is
    // not taken for part of an operation.
    let parsed: json_patch::Patch = serde_json::from_value(patch.clone()).unwrap();
    assert_eq!(parsed.len(), ops.len());
    for (op, parsed) in ops.iter().zip(parsed.iter()) {
        let mut unmarked = op.clone();
        unmarked.as_object_mut().unwrap().shift_remove("redacted");
        assert_eq!(serde_json::to_value(parsed).unwrap(), unmarked);
    }
    let mut document = serde_json::json!({"ImageAuth": "dXNlcjpwdw=="});
    let marked: json_patch::Patch = serde_json::from_value(serde_json::json!([
        {"op": "replace", "path": "/ImageAuth", "value": "<redacted>", "redacted": true}
    ]))
    .unwrap();
    json_patch::patch(&mut document, &marked).unwrap();
    assert_eq!(document, serde_json::json!({"ImageAuth": "<redacted>"}));
}

#[test]
fn patch_turns_old_into_new() {
    let mut checked = 0;
    for (name, old_path, new_path) in pairs() {
        for options in [
            DiffOptions::new(),
            DiffOptions::new().include_volatile(true),
        ] {
            let Ok(diff) = compare(&old_path, &new_path, &options) else {
                continue;
            };
            let patch = serde_json::to_value(diff.patch()).unwrap();
            let mut document: Value =
                serde_json::from_slice(&std::fs::read(&old_path).unwrap()).unwrap();
            apply(&mut document, &patch);
            let patched = dswcheck::parse(document.to_string().as_bytes());
            let new = load(&new_path).unwrap();
            // Equal up to the order of identity-keyed arrays, volatile fields and secrets:
            // exactly what the canonical form leaves out.
            assert_eq!(
                String::from_utf8(dswcheck::normalize_to_vec(&patched, &options)).unwrap(),
                String::from_utf8(dswcheck::normalize_to_vec(&new, &options)).unwrap(),
                "{name}: {patch:#}"
            );
            let again = dswcheck::diff(&patched, &new, &options).unwrap();
            assert!(
                again.changes.iter().all(|c| c.is_redacted()),
                "{name}: {:?}",
                again.changes
            );
            checked += 1;
        }
    }
    assert!(checked >= 20);
}

#[test]
fn patch_orders_removals_before_appends() {
    let diff = compare(
        &data("credential-config-changed.old.json"),
        &data("credential-config-changed.new.json"),
        &DiffOptions::new(),
    )
    .unwrap();
    let ops: Vec<(String, String)> = diff
        .patch()
        .ops()
        .iter()
        .map(|op| (format!("{:?}", op.op), op.path.to_string()))
        .collect();
    assert_eq!(
        ops,
        [
            (
                "Replace".into(),
                "/CredentialConfig/Configs/1/Roles/1/Policy".into()
            ),
            ("Remove".into(), "/CredentialConfig/Configs/0".into()),
            // Configs/1 in the old snapshot is Configs/0 once Configs/0 is removed.
            ("Add".into(), "/CredentialConfig/Configs/0/Roles/-".into()),
        ]
    );
}

/// A deterministic pseudo-random sequence (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = usize::try_from(self.next() % (i as u64 + 1)).unwrap();
            items.swap(i, j);
        }
    }
}

/// Two snapshots with `n` datasets and `n` labels each: the new one shuffled,
/// with 1 in 1000 datasets changed, 1 in 997 removed, 1 in 500 label values
/// changed, 1 in 800 labels removed and `n / 1000` of each added. Returns the
/// bodies and the number of changes a diff must find.
fn large_snapshots(n: usize) -> (String, String, usize) {
    let dataset = |i: usize, access: &str| {
        serde_json::json!({
            "DatasetId": format!("d-{i:010}"),
            "MountPath": format!("/mnt/data/{i}"),
            "Uri": format!("oss://bucket.oss-cn-shanghai-internal.aliyuncs.com/datasets/{i}/"),
            "Options": "{\"fs.oss.download.thread.concurrency\":\"10\"}",
            "MountAccess": access,
            "DatasetVersion": "v1",
            "Dynamic": false
        })
    };
    let label =
        |i: usize, value: &str| serde_json::json!({"Key": format!("label-{i}"), "Value": value});
    let body = |datasets: Vec<Value>, labels: Vec<Value>, request: &str| {
        serde_json::json!({
            "RequestId": request,
            "InstanceId": "dsw-large",
            "Status": "Running",
            "Datasets": datasets,
            "Labels": labels
        })
        .to_string()
    };
    let old_datasets: Vec<Value> = (0..n).map(|i| dataset(i, "RW")).collect();
    let old_labels: Vec<Value> = (0..n).map(|i| label(i, &format!("value-{i}"))).collect();
    let mut expected = 0;
    let mut new_datasets = Vec::with_capacity(n + n / 1000);
    for i in 0..n {
        if i % 997 == 1 {
            expected += 1;
            continue;
        }
        if i % 1000 == 0 {
            expected += 1;
        }
        new_datasets.push(dataset(i, if i % 1000 == 0 { "RO" } else { "RW" }));
    }
    let mut new_labels = Vec::with_capacity(n + n / 1000);
    for i in 0..n {
        if i % 800 == 3 {
            expected += 1;
            continue;
        }
        let changed = i % 500 == 7;
        expected += usize::from(changed);
        new_labels.push(label(
            i,
            &if changed {
                format!("value-{i}-changed")
            } else {
                format!("value-{i}")
            },
        ));
    }
    for k in 0..n / 1000 {
        new_datasets.push(dataset(n + k, "RW"));
        new_labels.push(label(n + k, "new"));
        expected += 2;
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    rng.shuffle(&mut new_datasets);
    rng.shuffle(&mut new_labels);
    (
        body(old_datasets, old_labels, "r-old"),
        body(new_datasets, new_labels, "r-new"),
        expected,
    )
}

#[test]
fn large_snapshots_match_by_identity() {
    let (old_text, new_text, expected) = large_snapshots(10_000);
    let old = dswcheck::parse(old_text.as_bytes());
    let new = dswcheck::parse(new_text.as_bytes());
    let diff = dswcheck::diff(&old, &new, &DiffOptions::new()).unwrap();
    assert_eq!(diff.changes.len(), expected);
    assert!(diff.findings.is_empty());
    assert!(
        diff.changes
            .iter()
            .any(|c| c.path == "Datasets[DatasetId=d-0000009000].MountAccess")
    );
    assert!(
        diff.changes
            .iter()
            .any(|c| c.path == "Labels[Key=label-9507].Value")
    );
    // The patch removes from the end of each array first, and appends last.
    let mut patched: Value = serde_json::from_str(&old_text).unwrap();
    apply(&mut patched, &serde_json::to_value(diff.patch()).unwrap());
    let patched = dswcheck::parse(patched.to_string().as_bytes());
    assert!(
        dswcheck::normalize_to_vec(&patched, &DiffOptions::new())
            == dswcheck::normalize_to_vec(&new, &DiffOptions::new())
    );
}

/// Writes large snapshot pairs for measuring the release binary:
/// `DSWCHECK_LARGE_DIR=/tmp/large cargo test --release --test diff -- --ignored write_large_snapshots`
/// writes `large-N.old.json` / `large-N.new.json` for N = 20,000 and 200,000.
#[test]
#[ignore = "writes files for measurements"]
fn write_large_snapshots() {
    let dir = PathBuf::from(std::env::var("DSWCHECK_LARGE_DIR").expect("DSWCHECK_LARGE_DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    for n in [20_000, 200_000] {
        let (old, new, expected) = large_snapshots(n);
        std::fs::write(dir.join(format!("large-{n}.old.json")), old).unwrap();
        std::fs::write(dir.join(format!("large-{n}.new.json")), new).unwrap();
        std::fs::write(
            dir.join(format!("large-{n}.expected")),
            expected.to_string(),
        )
        .unwrap();
    }
}

// The command.

fn dswcheck(args: &[&str], files: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dswcheck"))
        .args(args)
        .args(files)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    text.replace(&data("").display().to_string(), "{DIR}/")
}

#[test]
fn cli_exit_codes() {
    let pair = |name: &str| {
        [
            data(&format!("{name}.old.json")),
            data(&format!("{name}.new.json")),
        ]
    };
    let run = |args: &[&str], name: &str| {
        let [old, new] = pair(name);
        dswcheck(args, &[&old, &new])
    };
    // 0: no change; 1: changes; for every format.
    for format in ["text", "json", "patch", "markdown"] {
        assert_eq!(
            run(&["diff", "--format", format], "reordered-arrays")
                .status
                .code(),
            Some(0),
            "{format}"
        );
        assert_eq!(
            run(&["diff", "--format", format], "running-to-stopped")
                .status
                .code(),
            Some(1),
            "{format}"
        );
    }
    assert_eq!(run(&["diff"], "volatile-only").status.code(), Some(0));
    assert_eq!(
        run(&["diff", "--include-volatile"], "volatile-only")
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(
            &["diff", "--ignore", "/Labels", "--ignore", "/Tags"],
            "labels-changed"
        )
        .status
        .code(),
        Some(0)
    );

    // 2: could not compare.
    let output = run(&["diff"], "different-instance");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    insta::assert_snapshot!(stderr(&output), @r#"error: cannot compare snapshots of different instances: old is "dsw-1a2b3c4d5e6f7g8h", new is "dsw-0f9e8d7c6b5a4321""#);
    let output = run(&["diff"], "malformed-side");
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&output), @r#"error: {DIR}/malformed-side.new.json:6:3: expected `,` or `}` in an object, found `"`"#);
    let missing = data("missing.json");
    let output = dswcheck(&["diff"], &[&missing, &pair("labels-changed")[1]]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: failed to read {DIR}/missing.json: "),
        "{}",
        stderr(&output)
    );
    let output = run(&["diff", "--ignore", "Labels"], "labels-changed");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("expected a JSON Pointer starting with `/`, such as /Labels"),
        "{}",
        stderr(&output)
    );
    let not_object =
        std::env::temp_dir().join(format!("dswcheck-diff-array-{}.json", std::process::id()));
    std::fs::write(&not_object, "[1, 2]").unwrap();
    let output = dswcheck(&["diff"], &[&not_object, &pair("labels-changed")[1]]);
    std::fs::remove_file(&not_object).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .ends_with(":1:1: expected a GetInstance body (a JSON object), found an array\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn cli_reads_standard_input_and_colours_on_request() {
    let [old, new] = [
        data("labels-changed.old.json"),
        data("labels-changed.new.json"),
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_dswcheck"))
        .args(["diff", "--color", "never", "-"])
        .arg(&new)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        &std::fs::read(&old).unwrap(),
    )
    .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let expected = compare(&old, &new, &DiffOptions::new())
        .unwrap()
        .to_text(false);
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);

    let coloured = dswcheck(&["diff", "--color", "always"], &[&old, &new]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\x1b[32m+\x1b[0m"));
    // Not a terminal: `auto` does not colour.
    let auto = dswcheck(&["diff"], &[&old, &new]);
    assert!(!String::from_utf8_lossy(&auto.stdout).contains('\x1b'));
}

/// The JSON output contract, strictly: unknown fields are an error here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDiff {
    format_version: u32,
    instance_id: Option<String>,
    changes: Vec<JsonChange>,
    findings: Vec<JsonFinding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonChange {
    kind: String,
    path: String,
    old_pointer: Option<String>,
    new_pointer: Option<String>,
    #[serde(default, deserialize_with = "present")]
    old: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    new: Option<Value>,
    class: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFinding {
    severity: String,
    code: String,
    message: String,
}

/// A present field, `null` included, is `Some`; only an absent one is `None`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

#[test]
fn cli_json_output_contract() {
    for (name, old, new) in pairs() {
        let output = dswcheck(&["diff", "--format", "json"], &[&old, &new]);
        if output.status.code() == Some(2) {
            continue;
        }
        let parsed: JsonDiff =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(parsed.format_version, 1);
        assert_eq!(parsed.instance_id.as_deref(), Some("dsw-1a2b3c4d5e6f7g8h"));
        assert_eq!(
            output.status.code(),
            Some(i32::from(!parsed.changes.is_empty())),
            "{name}"
        );
        for c in &parsed.changes {
            assert!(["added", "removed", "changed"].contains(&c.kind.as_str()));
            assert!(
                ["identity", "spec", "status", "volatile", "secret"].contains(&c.class.as_str())
            );
            assert!(!c.path.is_empty());
            assert_eq!(
                c.old_pointer.is_some(),
                c.kind != "added",
                "{name} {}",
                c.path
            );
            assert_eq!(
                c.new_pointer.is_some(),
                c.kind != "removed",
                "{name} {}",
                c.path
            );
            assert_eq!(
                (c.old.is_some(), c.new.is_some()),
                (c.old_pointer.is_some(), c.new_pointer.is_some())
            );
        }
        for f in &parsed.findings {
            assert!(["info", "warning", "error"].contains(&f.severity.as_str()));
            assert!(f.code.starts_with("diff.") && !f.message.is_empty());
        }
    }
}

#[test]
fn cli_patch_and_markdown() {
    let [old, new] = [
        data("labels-changed.old.json"),
        data("labels-changed.new.json"),
    ];
    let output = dswcheck(&["diff", "--format", "patch"], &[&old, &new]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap(), @r#"
    [
      {
        "op": "replace",
        "path": "/Labels/2/Value",
        "value": "prod"
      },
      {
        "op": "remove",
        "path": "/Tags/1"
      },
      {
        "op": "remove",
        "path": "/Labels/1"
      },
      {
        "op": "add",
        "path": "/Labels/-",
        "value": {
          "Key": "owner",
          "Value": "zhang.wei"
        }
      },
      {
        "op": "add",
        "path": "/Tags/-",
        "value": {
          "TagKey": "cost-center",
          "TagValue": "cc-1024"
        }
      }
    ]
    "#);
    assert!(output.stderr.is_empty());
    let output = dswcheck(&["diff", "--format", "markdown"], &[&old, &new]);
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap(), @r#"
    ### dswcheck diff: `dsw-1a2b3c4d5e6f7g8h`

    5 changes

    | Change | Path | Old | New | Class |
    | --- | --- | --- | --- | --- |
    | removed | <code>Labels[Key=project]</code> | <code>{"Key":"project","Value":"qwen-sft"}</code> |  | spec |
    | changed | <code>Labels[Key=env].Value</code> | <code>"dev"</code> | <code>"prod"</code> | spec |
    | added | <code>Labels[Key=owner]</code> |  | <code>{"Key":"owner","Value":"zhang.wei"}</code> | spec |
    | removed | <code>Tags[TagKey=environment]</code> | <code>{"TagKey":"environment","TagValue":"development"}</code> |  | spec |
    | added | <code>Tags[TagKey=cost-center]</code> |  | <code>{"TagKey":"cost-center","TagValue":"cc-1024"}</code> | spec |
    "#);
}

mod properties {
    //! Random pairs of small snapshots drawn from tiny vocabularies, so that
    //! keys collide, go missing and repeat: the patch must still turn old into
    //! new, equal snapshots must normalize alike, and nothing may panic.

    use proptest::prelude::*;
    use serde_json::{Map, Value, json};

    use super::{DiffOptions, apply};

    fn arb_choice(values: &'static [&'static str]) -> impl Strategy<Value = Value> {
        proptest::sample::select(values).prop_map(|s| json!(s))
    }

    /// An object with each field present or not.
    fn arb_object(
        fields: Vec<(&'static str, BoxedStrategy<Value>)>,
    ) -> impl Strategy<Value = Value> {
        let parts: Vec<_> = fields
            .into_iter()
            .map(|(name, value)| proptest::option::of(value).prop_map(move |v| (name, v)))
            .collect();
        parts.prop_map(|parts| {
            Value::Object(
                parts
                    .into_iter()
                    .filter_map(|(k, v)| Some((k.to_owned(), v?)))
                    .collect::<Map<_, _>>(),
            )
        })
    }

    fn arb_list(item: impl Strategy<Value = Value> + 'static, max: usize) -> BoxedStrategy<Value> {
        proptest::collection::vec(item, 0..max)
            .prop_map(Value::Array)
            .boxed()
    }

    fn arb_instance() -> impl Strategy<Value = Value> {
        let label = arb_object(vec![
            ("Key", arb_choice(&["a", "b", "c"]).boxed()),
            ("Value", arb_choice(&["1", "2"]).boxed()),
        ]);
        let dataset = arb_object(vec![
            ("DatasetId", arb_choice(&["d-1", "d-2", "d-3"]).boxed()),
            ("MountPath", arb_choice(&["/a", "/b", "/c"]).boxed()),
            ("MountAccess", arb_choice(&["RW", "RO"]).boxed()),
        ]);
        let forward = arb_object(vec![
            ("Name", arb_choice(&["ssh", "web"]).boxed()),
            ("ForwardPort", arb_choice(&["22", "80"]).boxed()),
            ("Port", arb_choice(&["22", "8080"]).boxed()),
            (
                "AccessType",
                arb_list(arb_choice(&["intranet", "internet"]), 3),
            ),
        ]);
        let role = arb_object(vec![
            ("RoleArn", arb_choice(&["r1", "r2"]).boxed()),
            (
                "UserInfo",
                arb_object(vec![("SecurityToken", arb_choice(&["s1", "s2"]).boxed())]).boxed(),
            ),
        ]);
        let config = arb_object(vec![
            ("Key", arb_choice(&["0", "1"]).boxed()),
            ("Roles", arb_list(role, 3)),
        ]);
        arb_object(vec![
            ("RequestId", arb_choice(&["r-1", "r-2"]).boxed()),
            ("Status", arb_choice(&["Running", "Stopped"]).boxed()),
            ("Labels", arb_list(label, 5)),
            ("Datasets", arb_list(dataset, 4)),
            (
                "UserVpc",
                arb_object(vec![
                    (
                        "ExtendedCIDRs",
                        arb_list(arb_choice(&["10.0.0.0/8", "172.16.0.0/12"]), 4),
                    ),
                    ("ForwardInfos", arb_list(forward, 3)),
                ])
                .boxed(),
            ),
            (
                "CredentialConfig",
                arb_object(vec![("Configs", arb_list(config, 3))]).boxed(),
            ),
            (
                "EnvironmentVariables",
                arb_object(vec![
                    ("HF_TOKEN", arb_choice(&["x", "y"]).boxed()),
                    ("PATH", arb_choice(&["/bin"]).boxed()),
                ])
                .boxed(),
            ),
            (
                "Extra",
                arb_list(
                    prop_oneof![Just(json!(1)), Just(json!(2)), Just(json!({"k": 1}))],
                    4,
                ),
            ),
        ])
        .prop_map(|mut value| {
            value["InstanceId"] = json!("dsw-prop");
            value
        })
    }

    fn canonical(value: &Value, options: &DiffOptions) -> String {
        let instance = dswcheck::parse(value.to_string().as_bytes());
        String::from_utf8(dswcheck::normalize_to_vec(&instance, options)).unwrap()
    }

    proptest! {
        #[test]
        fn diff_patch_and_canonical_form_agree(old in arb_instance(), new in arb_instance(), volatile in any::<bool>()) {
            let options = DiffOptions::new().include_volatile(volatile);
            let parse = |v: &Value| dswcheck::parse(v.to_string().as_bytes());
            let (old_instance, new_instance) = (parse(&old), parse(&new));
            let diff = dswcheck::diff(&old_instance, &new_instance, &options).unwrap();
            prop_assert!(dswcheck::diff(&old_instance, &old_instance, &options).unwrap().is_empty());

            let mut patched = old.clone();
            apply(&mut patched, &serde_json::to_value(diff.patch()).unwrap());
            prop_assert_eq!(canonical(&patched, &options), canonical(&new, &options));

            let (a, b) = (canonical(&old, &options), canonical(&new, &options));
            if diff.is_empty() {
                prop_assert_eq!(&a, &b);
            }
            let again: Value = serde_json::from_str(&a).unwrap();
            prop_assert_eq!(canonical(&again, &options), a);
            for output in super::all_formats(&diff) {
                prop_assert!(!output.contains("\"s1\"") && !output.contains("\"s2\""), "{}", output);
            }
        }
    }
}
