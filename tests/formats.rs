//! The formats written once a run is over, as their consumers read them:
//! SARIF against the official schema, JUnit XML through a JUnit parser, and
//! snapshots of the Markdown summary; and GitHub commands on the samples.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dswcheck");

/// The shipped samples of the CLI tests: relative paths, as a user types them.
const CLI_SAMPLES: &[&str] = &[
    "tests/data/cli/valid.json",
    "tests/data/cli/invalid.json",
    "tests/data/cli/truncated.json",
    "tests/data/cli/secrets.json",
    "tests/data/cli/mixed.ndjson",
];

/// Runs `dswcheck validate ARGS` from the crate root and returns (exit code, stdout).
fn validate(args: &[&str]) -> (i32, String) {
    let output = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("validate")
        .args(args)
        .output()
        .expect("dswcheck runs");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "",
        "dswcheck validate {args:?}"
    );
    (
        output.status.code().expect("exited"),
        String::from_utf8(output.stdout).expect("UTF-8 output"),
    )
}

/// Every fixture, relative to the crate root.
fn fixture_paths() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::all_fixtures()
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .expect("under the crate")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// What one run gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `dswcheck ARGS` from the crate root.
fn run(args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("dswcheck runs");
    Run {
        code: output.status.code().expect("exited"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

const VALID: &str = "tests/data/cli/valid.json";
const INVALID: &str = "tests/data/cli/invalid.json";
const MIXED: &str = "tests/data/cli/mixed.ndjson";

/// A scratch file under the target directory, unique to the test.
fn scratch(name: &str, contents: &[u8]) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("formats-{name}"));
    std::fs::write(&path, contents).expect("scratch file written");
    path
}

/// Lines of every kind, many enough for the workers to finish out of order.
fn stream() -> Vec<u8> {
    let mut out = String::new();
    for n in 1..=400u32 {
        match n % 5 {
            0 => out.push('\n'),
            1 => out.push_str(&format!(
                "{{\"InstanceId\": \"dsw-{n}\", \"Status\": \"running\"}}\n"
            )),
            2 => out.push_str("{\"InstanceId\": \n"),
            3 => out.push_str(&format!(
                "{{\"InstanceId\": \"dsw-{n}\", \"Priority\": \"{n}\", \"X{n}\": 1}}\n"
            )),
            _ => out.push_str(&format!("{{\"InstanceId\": \"dsw-{n}\"}}\n")),
        }
    }
    out.into_bytes()
}

/// A retriever that fails every fetch: the schema must compile from this
/// repository alone, whatever features `jsonschema` is built with.
struct Offline;

impl jsonschema::Retrieve for Offline {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("no network in tests: {}", uri.as_str()).into())
    }
}

/// The vendored SARIF 2.1.0 schema (draft 4), formats checked.
fn sarif_validator() -> jsonschema::Validator {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_slice(&common::read(&path)).expect("the schema is JSON");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .with_retriever(Offline)
        .build(&schema)
        .expect("the SARIF schema compiles offline")
}

fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_of_the_samples_is_valid_sarif_2_1_0() {
    let validator = sarif_validator();
    let fixtures = fixture_paths();
    let mut runs: Vec<Vec<&str>> = CLI_SAMPLES.iter().map(|s| vec![*s]).collect();
    runs.push(CLI_SAMPLES.to_vec());
    runs.push(fixtures.iter().map(String::as_str).collect());
    runs.push(vec![
        "--min-severity",
        "error",
        "tests/data/cli/mixed.ndjson",
    ]);
    let mut results = 0;
    for args in &runs {
        let mut with = vec!["--format", "sarif"];
        with.extend(args);
        let (_, stdout) = validate(&with);
        let log: Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
        let errors = schema_errors(&validator, &log);
        assert!(errors.is_empty(), "{args:?}:\n{}", errors.join("\n"));
        let run = &log["runs"][0];
        assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        for result in run["results"].as_array().expect("results") {
            let index = usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex")).unwrap();
            assert_eq!(rules[index]["id"], result["ruleId"]);
            results += 1;
        }
    }
    assert!(results > 40, "{results}");
}

#[test]
fn sarif_results_are_the_diagnostics_in_input_order_with_file_lines() {
    let (code, stdout) = validate(&[
        "--format",
        "sarif",
        "tests/data/cli/invalid.json",
        "tests/data/cli/mixed.ndjson",
    ]);
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&stdout).unwrap();
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "dswcheck");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let found: Vec<(String, String, u64, u64, String)> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let location = &r["locations"][0];
            let physical = &location["physicalLocation"];
            (
                physical["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                r["ruleId"].as_str().unwrap().to_owned(),
                physical["region"]["startLine"].as_u64().unwrap(),
                physical["region"]["startColumn"].as_u64().unwrap(),
                location["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    let expected = [
        (
            "tests/data/cli/invalid.json",
            "enum.unknown",
            3,
            13,
            "/Status",
        ),
        (
            "tests/data/cli/invalid.json",
            "type.coerced",
            4,
            15,
            "/Priority",
        ),
        (
            "tests/data/cli/invalid.json",
            "field.unknown",
            5,
            16,
            "/GpuFlavor",
        ),
        (
            "tests/data/cli/mixed.ndjson",
            "enum.unknown",
            3,
            35,
            "/Status",
        ),
        (
            "tests/data/cli/mixed.ndjson",
            "json.syntax",
            4,
            16,
            "/InstanceId",
        ),
        ("tests/data/cli/mixed.ndjson", "type.mismatch", 6, 1, ""),
        (
            "tests/data/cli/mixed.ndjson",
            "field.unknown",
            7,
            37,
            "/NewField",
        ),
    ]
    .map(|(u, c, l, col, p)| (u.to_owned(), c.to_owned(), l, col, p.to_owned()));
    assert_eq!(found, expected);
    let levels: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(
        levels,
        [
            "error", "warning", "note", "error", "error", "error", "note"
        ]
    );
    // Every result has its fingerprint, 16 hex digits.
    for r in run["results"].as_array().unwrap() {
        let fingerprint = r["partialFingerprints"]["dswcheck/v1"].as_str().unwrap();
        assert!(
            fingerprint.len() == 16 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()),
            "{r}"
        );
    }
}

/// A way to break a SARIF log.
type Break = fn(&mut Value);

#[test]
fn a_broken_sarif_log_fails_the_schema() {
    let validator = sarif_validator();
    let (_, stdout) = validate(&["--format", "sarif", "tests/data/cli/invalid.json"]);
    let log: Value = serde_json::from_str(&stdout).unwrap();
    assert!(schema_errors(&validator, &log).is_empty());
    let breakages: [(&str, Break); 4] = [
        ("no version", |log| {
            log.as_object_mut().unwrap().remove("version");
        }),
        ("another version", |log| log["version"] = "2.0.0".into()),
        ("an unknown level", |log| {
            log["runs"][0]["results"][0]["level"] = "fatal".into();
        }),
        ("a line 0", |log| {
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into();
        }),
    ];
    for (what, breaking) in breakages {
        let mut broken = log.clone();
        breaking(&mut broken);
        assert!(
            !schema_errors(&validator, &broken).is_empty(),
            "{what} passed the schema"
        );
    }
}

fn junit(args: &[&str]) -> junit_parser::TestSuites {
    let mut with = vec!["--format", "junit"];
    with.extend(args);
    let (_, stdout) = validate(&with);
    junit_parser::from_reader(std::io::Cursor::new(stdout.as_bytes()))
        .unwrap_or_else(|e| panic!("{e}:\n{stdout}"))
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_document() {
    let suites = junit(CLI_SAMPLES);
    let counts: Vec<(&str, u64, u64, usize)> = suites
        .suites
        .iter()
        .map(|s| (s.name.as_str(), s.tests, s.failures, s.cases.len()))
        .collect();
    assert_eq!(
        counts,
        [
            ("tests/data/cli/valid.json", 1, 0, 1),
            ("tests/data/cli/invalid.json", 1, 1, 1),
            ("tests/data/cli/truncated.json", 1, 1, 1),
            ("tests/data/cli/secrets.json", 1, 1, 1),
            ("tests/data/cli/mixed.ndjson", 5, 3, 5),
        ]
    );
    assert_eq!((suites.tests, suites.failures, suites.errors), (9, 6, 0));
    let mixed = &suites.suites[4];
    let names: Vec<&str> = mixed
        .cases
        .iter()
        .map(|c| c.original_name.as_str())
        .collect();
    assert_eq!(
        names,
        [1, 3, 4, 6, 7].map(|n| format!("tests/data/cli/mixed.ndjson:{n}"))
    );
    let junit_parser::TestStatus::Failure(failure) = &mixed.cases[1].status else {
        panic!("line 3 is invalid: {:?}", mixed.cases[1].status);
    };
    assert_eq!(failure.failure_type, "enum.unknown");
    // Only up to the first quote: junit-parser 1.6 breaks text at each
    // entity reference (`&quot;`), into lines.
    assert!(
        failure
            .message
            .starts_with("enum.unknown at /Status: \"running\""),
        "{}",
        failure.message
    );
    assert!(
        failure
            .text
            .starts_with("3:35: error[enum.unknown] /Status:"),
        "{}",
        failure.text
    );
    // A valid document with info passes, the info in its output.
    assert!(mixed.cases[4].status.is_success());
    assert!(
        mixed.cases[4]
            .system_out
            .as_deref()
            .unwrap_or_default()
            .starts_with("7:37: info[field.unknown] /NewField: "),
        "{:?}",
        mixed.cases[4].system_out
    );
}

#[test]
fn junit_of_every_fixture_counts_the_invalid_ones_as_failures() {
    let fixtures = fixture_paths();
    let args: Vec<&str> = fixtures.iter().map(String::as_str).collect();
    let suites = junit(&args);
    assert_eq!(suites.suites.len(), fixtures.len());
    let invalid = common::all_fixtures()
        .iter()
        .filter(|p| !dswcheck::validate(&common::read(p)).is_valid())
        .count();
    assert_eq!(suites.failures, invalid as u64);
    assert_eq!(suites.tests, fixtures.len() as u64);
}

#[test]
fn an_empty_stream_is_an_empty_suite() {
    let empty = scratch("empty.ndjson", b"\n\n");
    let suites = junit(&[empty.to_str().unwrap()]);
    assert_eq!(suites.suites.len(), 1);
    assert_eq!(suites.suites[0].tests, 0);
}

#[test]
fn markdown_summary_of_the_samples() {
    let (code, stdout) = validate(&[&["--format", "markdown"][..], CLI_SAMPLES].concat());
    assert_eq!(code, 1);
    common::snapshot_settings().bind(|| insta::assert_snapshot!("markdown_cli_samples", stdout));
}

#[test]
fn markdown_summary_of_every_fixture() {
    let fixtures = fixture_paths();
    let mut args = vec!["--format", "markdown"];
    args.extend(fixtures.iter().map(String::as_str));
    let (_, stdout) = validate(&args);
    common::snapshot_settings().bind(|| insta::assert_snapshot!("markdown_fixtures", stdout));
}

#[test]
fn github_commands_of_the_samples() {
    let (code, stdout) = validate(&[&["--format", "github"][..], CLI_SAMPLES].concat());
    assert_eq!(code, 1);
    common::snapshot_settings().bind(|| insta::assert_snapshot!("github_cli_samples", stdout));
    for line in stdout.lines() {
        assert!(
            line.starts_with("::error file=")
                || line.starts_with("::warning file=")
                || line.starts_with("::notice file="),
            "{line}"
        );
    }
}

const FORMATS: &[&str] = &["text", "json", "github", "sarif", "junit", "markdown"];

#[test]
fn every_format_keeps_the_exit_codes() {
    for format in FORMATS {
        let r = run(&["validate", "--format", format, VALID]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        let r = run(&["validate", "--format", format, VALID, INVALID, MIXED]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{format}");
        // A missing file: reported, the others still written, exit 2.
        let r = run(&[
            "validate",
            "--format",
            format,
            INVALID,
            "tests/data/cli/missing.json",
        ]);
        assert_eq!(r.code, 2, "{format}");
        assert!(
            r.stderr.starts_with("error: failed to read "),
            "{format}: {}",
            r.stderr
        );
        if *format != "json" {
            assert!(r.stdout.contains("enum.unknown"), "{format}: {}", r.stdout);
        }
    }
}

#[test]
fn min_severity_hides_in_every_format() {
    for format in FORMATS {
        let all = run(&["validate", "--format", format, INVALID]);
        let errors = run(&[
            "validate",
            "--format",
            format,
            "--min-severity",
            "error",
            INVALID,
        ]);
        assert_eq!(errors.code, 1, "{format}");
        assert!(
            all.stdout.contains("field.unknown"),
            "{format}: {}",
            all.stdout
        );
        assert!(
            errors.stdout.contains("enum.unknown"),
            "{format}: {}",
            errors.stdout
        );
        if *format == "markdown" {
            // The counts still count it; the table does not list it.
            assert!(
                !errors.stdout.contains("| /GpuFlavor |"),
                "{}",
                errors.stdout
            );
        } else if *format == "sarif" {
            // Its rule is still there; the result is not.
            assert!(
                !errors.stdout.contains("\"ruleId\": \"field.unknown\""),
                "{}",
                errors.stdout
            );
        } else {
            assert!(
                !errors.stdout.contains("field.unknown"),
                "{format}: {}",
                errors.stdout
            );
        }
    }
}

#[test]
fn every_format_is_in_input_order_whatever_the_thread_count() {
    let path = scratch("order-formats.ndjson", &stream());
    let path = path.to_str().unwrap();
    for format in ["github", "sarif", "junit", "markdown"] {
        let one = run(&[
            "validate",
            "--format",
            format,
            "--threads",
            "1",
            path,
            INVALID,
        ]);
        let four = run(&[
            "validate",
            "--format",
            format,
            "--threads",
            "4",
            path,
            INVALID,
        ]);
        assert_eq!(one.code, 1, "{format}: {}", one.stderr);
        assert!(
            one.stdout == four.stdout,
            "--format {format}: 1 and 4 threads differ"
        );
        // The stream's lines, then the file after it.
        let first = one.stdout.find("order-formats.ndjson").unwrap();
        let last = one.stdout.rfind(INVALID).unwrap();
        assert!(first < last, "{format}");
    }
}
