//! The fleet diff: dumps under `tests/data/fleet/` in every format, order
//! independence, duplicates, records that cannot be matched, the file
//! layouts, and the `dswcheck diff --fleet` command.

mod common;

// The generator the benchmarks use, for the measurement dump below.
#[path = "../benches/support/fleet.rs"]
#[allow(dead_code)]
mod generated;

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use common::repo::Repo;
use dswcheck::{DiffOptions, FleetDiff, FleetFindingCode, FleetOptions, diff_fleet};
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;

/// `tests/data/fleet/<name>`, relative to the package, so that sources in
/// snapshots do not depend on where the repository is.
fn data(name: &str) -> PathBuf {
    Path::new("tests/data/fleet").join(name)
}

fn compare(old: &Path, new: &Path) -> FleetDiff {
    diff_fleet(&[old], &[new], &FleetOptions::new()).unwrap()
}

/// Every pair of sides the snapshots show.
const CASES: &[(&str, &str, &str)] = &[
    ("ndjson", "old.ndjson", "new.ndjson"),
    ("pages", "old.ndjson", "new-pages"),
    ("problems", "old.ndjson", "problems.ndjson"),
];

#[test]
fn snapshots_of_every_format() {
    common::snapshot_settings().bind(|| {
        for (case, old, new) in CASES {
            let fleet = compare(&data(old), &data(new));
            insta::assert_snapshot!(format!("{case}_text"), fleet.to_text(false));
            insta::assert_snapshot!(format!("{case}_json"), fleet.to_json());
            insta::assert_snapshot!(format!("{case}_markdown"), fleet.to_markdown());
            insta::assert_snapshot!(format!("{case}_github"), fleet.to_github());
            insta::assert_snapshot!(format!("{case}_html"), fleet.to_html());
        }
    });
}

/// The result without its sources (which name lines) as JSON, for
/// comparing dumps that differ in order or layout.
fn without_sources(fleet: &FleetDiff) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for key in ["source", "old_source", "new_source", "sources"] {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(fleet).unwrap();
    strip(&mut value);
    value
}

#[test]
fn pages_and_bodies_compare_alike() {
    // The same instances as GetInstance bodies and as ListInstances items
    // (a pretty-printed page, and NDJSON pages in a directory).
    let bodies = compare(&data("old.ndjson"), &data("new.ndjson"));
    let pages = compare(&data("old.ndjson"), &data("new-pages"));
    assert_eq!(without_sources(&bodies), without_sources(&pages));
    let sources: Vec<String> = pages
        .changed
        .iter()
        .map(|c| c.new_source.to_string())
        .collect();
    assert_eq!(
        sources,
        [
            "tests/data/fleet/new-pages/2-pages.ndjson:2#/Instances/0",
            "tests/data/fleet/new-pages/2-pages.ndjson:1#/Instances/0"
        ]
    );
    assert_eq!(
        pages.added[0].source.to_string(),
        "tests/data/fleet/new-pages/1-page.json:9#/Instances/0"
    );
}

#[test]
fn counts_and_classes() {
    let fleet = compare(&data("old.ndjson"), &data("new.ndjson"));
    let c = fleet.counts;
    assert_eq!(
        (c.old, c.new, c.added, c.removed, c.changed, c.unchanged),
        (5, 5, 1, 1, 2, 2)
    );
    assert_eq!(fleet.added[0].instance_id, "dsw-foxtrot");
    assert_eq!(fleet.removed[0].instance_id, "dsw-charlie");
    let ids: Vec<&str> = fleet
        .changed
        .iter()
        .map(|c| c.instance_id.as_str())
        .collect();
    assert_eq!(ids, ["dsw-alpha", "dsw-delta"]);
    // Volatile fields are quiet unless asked for, as in the snapshot diff.
    let loud = diff_fleet(
        &[data("old.ndjson")],
        &[data("new.ndjson")],
        &FleetOptions::new().with_diff_options(DiffOptions::new().should_include_volatile(true)),
    )
    .unwrap();
    assert_eq!(loud.counts.changed, 4);
    let ignored = diff_fleet(
        &[data("old.ndjson")],
        &[data("new.ndjson")],
        &FleetOptions::new().with_diff_options(
            DiffOptions::new()
                .with_ignored("/Status")
                .with_ignored("/Labels")
                .with_ignored("/Datasets")
                .with_ignored("/ServiceConfig"),
        ),
    )
    .unwrap();
    assert_eq!(ignored.counts.changed, 0);
    assert!(
        !ignored.is_empty(),
        "an instance is still added and removed"
    );
}

#[test]
fn each_changed_instance_is_its_snapshot_diff() {
    let fleet = compare(&data("old.ndjson"), &data("new.ndjson"));
    let line = |file: &str, id: &str| {
        let text = std::fs::read_to_string(data(file)).unwrap();
        text.lines()
            .find(|l| l.contains(&format!("\"InstanceId\": \"{id}\"")))
            .unwrap()
            .to_owned()
    };
    for changed in &fleet.changed {
        let id = &changed.instance_id;
        let expected = dswcheck::diff_slices(
            line("old.ndjson", id).as_bytes(),
            line("new.ndjson", id).as_bytes(),
            &DiffOptions::new(),
        )
        .unwrap();
        assert_eq!(changed.diff, expected, "{id}");
    }
}

/// A scratch directory of the test crate, removed when dropped.
fn scratch(name: &str) -> Repo {
    Repo::new("fleet", name)
}

fn lines_of(name: &str) -> Vec<String> {
    std::fs::read_to_string(data(name))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_last_of_a_duplicate_is_compared() {
    let repo = scratch("duplicates");
    let body = |status: &str| format!(r#"{{"InstanceId": "dsw-x", "Status": "{status}"}}"#);
    let old = repo.write(
        "old.ndjson",
        &format!("{}\n{}\n", body("Running"), body("Stopped")),
    );
    let new = repo.write("new.ndjson", &format!("{}\n", body("Stopped")));
    let fleet = compare(&old, &new);
    assert_eq!(fleet.counts.unchanged, 1, "{}", fleet.to_text(false));
    assert_eq!(fleet.findings.len(), 1);
    let finding = &fleet.findings[0];
    assert_eq!(finding.code, FleetFindingCode::DuplicateId);
    assert_eq!(finding.side, dswcheck::Side::Old);
    let sources: Vec<u64> = finding.sources.iter().map(|s| s.line).collect();
    assert_eq!(sources, [1, 2]);
    // Across files of a directory: in the order of their names.
    repo.write("dir/b.ndjson", &format!("{}\n", body("Running")));
    repo.write("dir/a.ndjson", &format!("{}\n", body("Stopped")));
    let fleet = diff_fleet(&[&new], &[&repo.root.join("dir")], &FleetOptions::new()).unwrap();
    assert_eq!(fleet.counts.changed, 1, "b.ndjson's is the last");
    insta::assert_snapshot!(fleet.findings[0].to_string().replace(&repo.root.display().to_string(), "{DIR}"), @r#"warning[fleet.duplicate-id]: new {DIR}/dir/a.ndjson:1, {DIR}/dir/b.ndjson:1: InstanceId "dsw-x" is on the new side 2 times; the last is compared"#);
}

#[test]
fn unmatched_records_are_findings_and_the_rest_is_compared() {
    let fleet = compare(&data("old.ndjson"), &data("problems.ndjson"));
    let codes: Vec<(&str, u64)> = fleet
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.sources[0].line))
        .collect();
    assert_eq!(
        codes,
        [
            ("fleet.duplicate-id", 1),
            ("fleet.missing-id", 2),
            ("fleet.missing-id", 8),
            ("fleet.unreadable", 3),
            ("fleet.not-an-instance", 8),
            ("fleet.not-an-instance", 5),
            ("fleet.not-an-instance", 4),
        ]
    );
    assert_eq!(fleet.counts.changed, 2);
}

#[test]
fn layouts_of_files() {
    let repo = scratch("layouts");
    let old = repo.write(
        "old.ndjson",
        "{\"InstanceId\": \"dsw-1\", \"Status\": \"Running\"}\n",
    );
    // A pretty-printed GetInstance body, with a byte order mark.
    let pretty = repo.write(
        "pretty.json",
        "\u{feff}{\n  \"InstanceId\": \"dsw-1\",\n  \"Status\": \"Stopped\"\n}\n",
    );
    let fleet = compare(&old, &pretty);
    assert_eq!(fleet.counts.changed, 1, "{}", fleet.to_text(false));
    // One broken pretty-printed document: one finding, not one per line.
    let broken = repo.write(
        "broken.json",
        "{\n  \"InstanceId\": \"dsw-1\",\n  \"Status\": Stopped\n}\n",
    );
    let fleet = compare(&old, &broken);
    let findings: Vec<String> = fleet.findings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(findings.join("\n").replace(&repo.root.display().to_string(), "{DIR}"), @"error[fleet.unreadable]: new {DIR}/broken.json:3: neither NDJSON (no line is a JSON value) nor one JSON document: expected a JSON value, found `S` (at column 13)");
    // A file that is no dump at all: one finding.
    let junk = repo.write("junk.txt", &"not json\n".repeat(250));
    let fleet = compare(&old, &junk);
    assert_eq!(fleet.findings.len(), 1);
    // A dump with many bad lines: the first 100, then a count.
    let bad = repo.write(
        "bad.ndjson",
        &format!(
            "{{\"InstanceId\": \"dsw-1\"}}\n{}",
            "not json\n".repeat(250)
        ),
    );
    let fleet = compare(&old, &bad);
    assert_eq!(fleet.findings.len(), 101);
    let count = fleet
        .findings
        .iter()
        .find(|f| f.message.contains("more unreadable"));
    insta::assert_snapshot!(count.unwrap().to_string().replace(&repo.root.display().to_string(), "{DIR}"), @"error[fleet.unreadable]: new {DIR}/bad.ndjson:102: 150 more unreadable lines, from this one on, not listed (a file lists its first 100)");
    // An empty file is an empty side of instances, not an error.
    let empty = repo.write("empty.ndjson", "");
    assert_eq!(fleet_removed(&old, &empty), ["dsw-1"]);
}

fn fleet_removed(old: &Path, new: &Path) -> Vec<String> {
    compare(old, new)
        .removed
        .into_iter()
        .map(|i| i.instance_id)
        .collect()
}

#[test]
fn sides_that_cannot_be_read_are_errors() {
    let repo = scratch("errors");
    let old = repo.write("old.ndjson", "{\"InstanceId\": \"dsw-1\"}\n");
    let missing = repo.root.join("missing");
    let err = diff_fleet(&[&old], &[&missing], &FleetOptions::new()).unwrap_err();
    assert_eq!(err.kind(), dswcheck::FleetErrorKind::Io);
    assert_eq!(err.path(), missing);
    std::fs::create_dir_all(repo.root.join("empty")).unwrap();
    let err = diff_fleet(&[&old], &[&repo.root.join("empty")], &FleetOptions::new()).unwrap_err();
    assert_eq!(err.kind(), dswcheck::FleetErrorKind::NoFiles);
    insta::assert_snapshot!(err.to_string().replace(&repo.root.display().to_string(), "{DIR}"), @"{DIR}/empty: no files to compare (an empty directory, or only hidden files)");
}

/// `lines` in the order `order` gives (a permutation of their indexes),
/// with a blank line after every third.
fn shuffled(lines: &[String], order: &[usize]) -> String {
    let mut out = String::new();
    for (n, &i) in order.iter().enumerate() {
        out.push_str(&lines[i]);
        out.push('\n');
        if n % 3 == 2 {
            out.push('\n');
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Shuffled sides, split across files or not, on any number of
    /// threads, give the same result but for the sources.
    #[test]
    fn order_does_not_matter(
        old_order in Just((0..5).collect::<Vec<usize>>()).prop_shuffle(),
        new_order in Just((0..7).collect::<Vec<usize>>()).prop_shuffle(),
        split in 0usize..7,
        threads in 1usize..4,
    ) {
        let old_lines = lines_of("old.ndjson");
        // The new side with problems but no duplicate, whose compared occurrence would depend on order.
        let new_lines: Vec<String> = lines_of("problems.ndjson")
            .into_iter()
            .filter(|l| !l.is_empty())
            .take(7)
            .collect();
        let expected = without_sources(&compare(&data("old.ndjson"), &data("new.ndjson")))
            .to_string();
        let baseline = {
            let repo = scratch("order-baseline");
            let new = repo.write("new.ndjson", &new_lines.join("\n"));
            without_sources(&compare(&data("old.ndjson"), &new))
        };
        let repo = scratch(&format!("order-{split}-{threads}"));
        let old = repo.write("old.ndjson", &shuffled(&old_lines, &old_order));
        let (first, second) = new_order.split_at(split);
        repo.write("new/a.ndjson", &shuffled(&new_lines, first));
        repo.write("new/b.ndjson", &shuffled(&new_lines, second));
        let options = FleetOptions::new().with_threads(NonZeroUsize::new(threads).unwrap());
        let fleet = diff_fleet(&[&old], &[&repo.root.join("new")], &options).unwrap();
        prop_assert_eq!(without_sources(&fleet), baseline);
        // And the bodies without problems match the fixture dumps' result.
        let bodies = diff_fleet(
            &[&old],
            &[&data("new.ndjson")],
            &options,
        ).unwrap();
        prop_assert_eq!(without_sources(&bodies).to_string(), expected);
    }
}

/// The JSON output contract, strictly: unknown fields are an error here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFleet {
    format_version: u32,
    counts: JsonCounts,
    added: Vec<JsonInstance>,
    removed: Vec<JsonInstance>,
    changed: Vec<JsonChanged>,
    findings: Vec<JsonFinding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonCounts {
    old: usize,
    new: usize,
    added: usize,
    removed: usize,
    changed: usize,
    unchanged: usize,
    findings: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonSource {
    file: String,
    line: u64,
    #[serde(default)]
    item: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonInstance {
    instance_id: String,
    instance_name: Option<String>,
    status: Option<String>,
    source: JsonSource,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonChanged {
    instance_id: String,
    instance_name: Option<String>,
    old_source: JsonSource,
    new_source: JsonSource,
    changes: Vec<Value>,
    findings: Vec<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonFinding {
    severity: String,
    code: String,
    side: String,
    instance_id: Option<String>,
    sources: Vec<JsonSource>,
    message: String,
}

/// The fixtures copied into a scratch repository (no `dswcheck.toml` above it).
fn fixtures_repo(name: &str) -> Repo {
    let repo = scratch(name);
    for file in ["old.ndjson", "new.ndjson", "problems.ndjson"] {
        repo.write(file, &std::fs::read_to_string(data(file)).unwrap());
    }
    for file in ["1-page.json", "2-pages.ndjson"] {
        let text = std::fs::read_to_string(data("new-pages").join(file)).unwrap();
        repo.write(&format!("new-pages/{file}"), &text);
    }
    repo
}

#[test]
fn cli_formats_and_json_contract() {
    let repo = fixtures_repo("cli-formats");
    let run = repo.run(&[
        "diff",
        "--fleet",
        "--format",
        "json",
        "old.ndjson",
        "problems.ndjson",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let parsed: JsonFleet = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(parsed.format_version, 1);
    assert_eq!(parsed.counts.changed, parsed.changed.len());
    assert_eq!(parsed.findings.len(), 7);
    assert!(parsed.added.is_empty() && parsed.removed.len() == 2);
    // The library's renderings, as the command prints them.
    let fleet = compare(&data("old.ndjson"), &data("new.ndjson"));
    for (format, expected) in [
        ("text", fleet.to_text(false)),
        ("markdown", fleet.to_markdown()),
        ("github", fleet.to_github()),
        ("html", fleet.to_html()),
    ] {
        let run = repo.run(&[
            "diff",
            "--fleet",
            "--format",
            format,
            "old.ndjson",
            "new.ndjson",
        ]);
        assert_eq!(run.code, 1);
        assert_eq!(
            run.stdout,
            expected.replace("tests/data/fleet/", ""),
            "{format}"
        );
    }
}

#[test]
fn cli_exit_codes() {
    let repo = fixtures_repo("cli-exit");
    let code = |args: &[&str]| {
        let mut all = vec!["diff", "--fleet"];
        all.extend_from_slice(args);
        repo.run(&all)
    };
    // 0: nothing --fail-on names; 1: what it names.
    assert_eq!(code(&["old.ndjson", "old.ndjson"]).code, 0);
    assert_eq!(code(&["old.ndjson", "new.ndjson"]).code, 1);
    assert_eq!(
        code(&["--fail-on", "never", "old.ndjson", "new.ndjson"]).code,
        0
    );
    // An added or removed instance is a change of class identity.
    let status_only = repo.write(
        "status.ndjson",
        &std::fs::read_to_string(data("old.ndjson"))
            .unwrap()
            .replacen("\"Status\": \"Running\"", "\"Status\": \"Stopped\"", 1),
    );
    let status_only = status_only.to_str().unwrap();
    assert_eq!(
        code(&["--fail-on", "spec", "old.ndjson", status_only]).code,
        0
    );
    assert_eq!(
        code(&["--fail-on", "status", "old.ndjson", status_only]).code,
        1
    );
    assert_eq!(
        code(&["--fail-on", "status", "old.ndjson", "new-pages"]).code,
        1
    );
    let births = repo.write("births.ndjson", &lines_of("old.ndjson")[..4].join("\n"));
    let births = births.to_str().unwrap();
    assert_eq!(code(&["--fail-on", "spec", "old.ndjson", births]).code, 0);
    assert_eq!(
        code(&["--fail-on", "identity", "old.ndjson", births]).code,
        1
    );
    // Findings count when --fail-on names them.
    let only_problems = repo.write(
        "only-problems.ndjson",
        &format!(
            "{}\nnot json\n",
            std::fs::read_to_string(data("old.ndjson")).unwrap()
        ),
    );
    let only_problems = only_problems.to_str().unwrap();
    assert_eq!(code(&["old.ndjson", only_problems]).code, 0);
    assert_eq!(
        code(&["--fail-on", "findings", "old.ndjson", only_problems]).code,
        1
    );
    // 2: could not run.
    for (args, message) in [
        (
            &["old.ndjson", "missing"][..],
            "error: failed to read missing: ",
        ),
        (
            &["-", "new.ndjson"],
            "error: --fleet reads files or directories",
        ),
        (
            &["--format", "patch", "old.ndjson", "new.ndjson"],
            "error: --format patch",
        ),
    ] {
        let run = code(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.starts_with(message), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    let run = repo.run(&["diff", "--format", "github", "old.ndjson", "old.ndjson"]);
    assert_eq!(run.code, 2);
    let run = repo.run(&["diff", "--threads", "2", "old.ndjson", "old.ndjson"]);
    assert_eq!(run.code, 2, "--threads needs --fleet");
    // The config file's [diff] section applies.
    repo.write("dswcheck.toml", "[diff]\nignore = [\"/Status\", \"/Labels\", \"/Datasets\", \"/ServiceConfig\"]\nfail-on = [\"spec\"]\n");
    assert_eq!(code(&["old.ndjson", status_only]).code, 0);
}

/// Writes two dumps of `DSWCHECK_FLEET_N` (default 100,000) full bodies
/// each for measuring the release binary, 1% of the instances changed,
/// every instance's volatile fields different, the new side shuffled:
/// `DSWCHECK_FLEET_DIR=/tmp/fleet cargo test --release --test fleet -- --ignored write_large_fleet`
/// writes `old.ndjson` and `new.ndjson` there (about 0.9 GB each).
#[test]
#[ignore = "writes files for measurements"]
fn write_large_fleet() {
    use std::io::Write as _;
    let dir = PathBuf::from(std::env::var("DSWCHECK_FLEET_DIR").expect("DSWCHECK_FLEET_DIR"));
    let n: usize = std::env::var("DSWCHECK_FLEET_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, lines) in [
        ("old.ndjson", generated::dump(n, false)),
        ("new.ndjson", generated::dump(n, true)),
    ] {
        let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join(name)).unwrap());
        for line in lines {
            out.write_all(&line).unwrap();
            out.write_all(b"\n").unwrap();
        }
        out.flush().unwrap();
    }
}
