//! NDJSON lines are validated through a tape, without a `serde_json::Value`:
//! every fixture (the official examples among them, in `tests/data/valid`)
//! and snapshot input gives the same report that way as through the
//! `Value`, whole and line by line.

mod common;
#[path = "shared/lean_oracle.rs"]
mod lean_oracle;

use std::fs;
use std::path::Path;

fn check_file(path: &Path) {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut inputs = vec![&bytes[..]];
    // NDJSON streams, line by line, as `validate_lines` reads them.
    if bytes.contains(&b'\n') {
        inputs.extend(bytes.split(|&b| b == b'\n'));
    }
    for input in inputs {
        if let Err(e) = lean_oracle::same_reports(input) {
            panic!("{}: {e}", path.display());
        }
    }
}

#[test]
fn fixtures_and_snapshots_give_the_same_reports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = common::files_under(&common::data_dir(""));
    assert!(data.len() > 90, "only {} fixtures", data.len());
    // The snapshots hold inputs too (and are, as a whole, no JSON at all).
    let snapshots = common::files_under(&root.join("snapshots"));
    assert!(!snapshots.is_empty());
    for path in data.iter().chain(&snapshots) {
        check_file(path);
    }
}

#[test]
fn edge_cases_give_the_same_reports() {
    let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
    let too_deep = "[".repeat(129);
    let many_keys: String = format!(
        "{{{}}}",
        (0..40)
            .map(|i| format!("\"k{}\": {i}", i % 25))
            .collect::<Vec<_>>()
            .join(",")
    );
    for text in [
        "",
        " ",
        "\u{feff}{}",
        "null",
        "[1, 2]",
        "\"dsw\"",
        "{\"InstanceId\": \"dsw-1\", \"InstanceId\": 5}",
        "{\"Labels\": [{\"Key\": \"a\"}, {\"Key\": \"a\"}], \"Labels\": [{\"Key\": \"b\", \"X\": 1}]}",
        "{\"Instances\": [{\"InstanceId\": \"dsw-1\"}, 3, {\"InstanceId\": \"dsw-1\", \"Priority\": \"x\"}], \"TotalCount\": 1}",
        "{\"Instances\": {}, \"TotalCount\": \"2\"}",
        "{\"Success\": false, \"Code\": \"Bad\", \"Code\": \"Worse\", \"HttpStatusCode\": 404}",
        "{\"EnvironmentVariables\": {\"DB_PASSWORD\": 5, \"\\u0041PI_KEY\": \"x\"}, \"Priority\": 1E2}",
        "{\"Datasets\": [{\"Options\": \"{\\\"fs.oss.accessKeySecret\\\": \\\"hunter2\\\"}\"}]}",
        "{\"ImageAuth\": \"dXNlcjpodW50ZXIy\", \"Accessibility\": \"public\", \"x\\ty\": [1.0, -0, 1e400]}",
        &deep,
        &too_deep,
        &many_keys,
    ] {
        if let Err(e) = lean_oracle::same_reports(text.as_bytes()) {
            panic!("{e}");
        }
    }
}
