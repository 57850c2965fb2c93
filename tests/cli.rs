//! `dswcheck validate`, run as a user runs it: exit codes, output formats,
//! NDJSON streams, standard input, colour and secrets.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde::Deserialize;

const BIN: &str = env!("CARGO_BIN_EXE_dswcheck");

/// Fixtures of this file, relative to the crate root (the tests' working directory).
const VALID: &str = "tests/data/cli/valid.json";
const INVALID: &str = "tests/data/cli/invalid.json";
const TRUNCATED: &str = "tests/data/cli/truncated.json";
const SECRETS: &str = "tests/data/cli/secrets.json";
const MIXED: &str = "tests/data/cli/mixed.ndjson";

/// What one run gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env_remove("NO_COLOR");
    cmd
}

fn finish(output: Output) -> Run {
    Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

fn run(args: &[&str]) -> Run {
    finish(command(args).output().expect("dswcheck runs"))
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dswcheck runs");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin)
        .expect("stdin written");
    finish(child.wait_with_output().expect("dswcheck finishes"))
}

/// The JSON Lines object of one document: the wire contract, strictly.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    source: String,
    valid: bool,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Diagnostic {
    severity: String,
    code: String,
    pointer: String,
    line: u32,
    column: u32,
    message: String,
}

fn documents(stdout: &str) -> Vec<Document> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// A scratch file under the target directory, unique to the test.
fn scratch(name: &str, contents: &[u8]) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    std::fs::write(&path, contents).expect("scratch file written");
    path
}

#[test]
fn valid_file_exits_0_with_only_the_summary() {
    let r = run(&["validate", VALID]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout, @"1 document: 1 valid, 0 invalid (0 errors, 0 warnings, 0 info)");
    assert_eq!(r.stderr, "");
}

#[test]
fn invalid_file_exits_1_with_one_line_per_diagnostic() {
    let r = run(&["validate", INVALID]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout, @r#"
    tests/data/cli/invalid.json:3:13: error[enum.unknown] /Status: "running" is not one of "Creating", "SaveFailed", "Stopped", "Failed", "ResourceAllocating", "Stopping" or 9 other values; did you mean "Running"?
    tests/data/cli/invalid.json:4:15: warning[type.coerced] /Priority: expected an integer (int64), found string "3"; read as an integer (int64)
    tests/data/cli/invalid.json:5:16: info[field.unknown] /GpuFlavor: unknown field "GpuFlavor": not in the API documentation; kept as is
    1 document: 0 valid, 1 invalid (1 error, 1 warning, 1 info)
    "#);
    assert_eq!(r.stderr, "");
}

#[test]
fn a_body_that_is_not_json_is_invalid_not_a_tool_error() {
    let r = run(&["validate", TRUNCATED]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout, @r"
    tests/data/cli/truncated.json:4:1: error[json.syntax] /Status: unexpected end of input while parsing a JSON value
    1 document: 0 valid, 1 invalid (1 error, 0 warnings, 0 info)
    ");
}

#[test]
fn a_missing_file_is_reported_the_others_validated_and_the_exit_code_is_2() {
    let r = run(&["validate", VALID, "tests/data/cli/missing.json", INVALID]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(r.stderr, @"error: failed to read tests/data/cli/missing.json: No such file or directory (os error 2)");
    assert!(
        r.stdout
            .contains("tests/data/cli/invalid.json:3:13: error[enum.unknown]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .ends_with("2 documents: 1 valid, 1 invalid (1 error, 1 warning, 1 info)\n"),
        "{}",
        r.stdout
    );
    // The same with only valid files around it: the missing file alone makes it 2.
    let r = run(&["validate", "tests/data/cli/missing.ndjson", VALID]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: failed to read tests/data/cli/missing.ndjson: "),
        "{}",
        r.stderr
    );
}

#[test]
fn a_directory_is_a_file_that_cannot_be_read() {
    let r = run(&["validate", "tests/data/cli"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: failed to read tests/data/cli: "),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        &["validate"][..],
        &["validate", "--format", "yaml", VALID],
        &["validate", "--threads", "0", VALID],
        &["validate", "--threads", "many", VALID],
        // Once an abort (20000) and a panic (100000): see MAX_THREADS.
        &["validate", "--threads", "20000", VALID],
        &["validate", "--threads", "100000", VALID],
        &["validate", "--color", "sometimes", VALID],
        &["validate", "--no-such-flag", VALID],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
    }
    let r = run(&["validate", "--threads", "0", VALID]);
    assert!(
        r.stderr
            .contains("expected a number of threads from 1 to 64, found \"0\""),
        "{}",
        r.stderr
    );
    let r = run(&["validate", "--threads", "100000", VALID]);
    assert!(
        r.stderr.contains("at most 64 threads, found 100000"),
        "{}",
        r.stderr
    );
}

#[test]
fn help_documents_ndjson_missing_files_and_exit_codes() {
    let r = run(&["validate", "--help"]);
    assert_eq!(r.code, 0);
    for needle in [
        "--format <FORMAT>",
        "github:",
        "sarif:",
        "junit:",
        "markdown:",
        "--threads <N>",
        "--ndjson",
        "--color <WHEN>",
        "--min-severity <SEVERITY>",
        "A file that cannot be read is reported on stderr and skipped",
        "Exit codes:",
        "2  the tool could not run",
    ] {
        assert!(
            r.stdout.contains(needle),
            "{needle:?} missing from\n{}",
            r.stdout
        );
    }
}

#[test]
fn json_output_is_one_strict_object_per_document_without_summary() {
    let r = run(&["validate", "--format", "json", VALID, INVALID, TRUNCATED]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let docs = documents(&r.stdout);
    assert_eq!(docs.len(), 3, "{}", r.stdout);
    assert_eq!(
        docs[0],
        Document {
            source: VALID.into(),
            valid: true,
            diagnostics: vec![]
        }
    );
    assert_eq!(docs[1].source, INVALID);
    assert!(!docs[1].valid);
    let found: Vec<_> = docs[1]
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.severity.as_str(),
                d.code.as_str(),
                d.pointer.as_str(),
                d.line,
                d.column,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("error", "enum.unknown", "/Status", 3, 13),
            ("warning", "type.coerced", "/Priority", 4, 15),
            ("info", "field.unknown", "/GpuFlavor", 5, 16),
        ]
    );
    assert!(
        docs[1].diagnostics[0]
            .message
            .contains("did you mean \"Running\"?")
    );
    assert_eq!(docs[2].diagnostics[0].code, "json.syntax");
    assert_eq!(docs[2].diagnostics[0].pointer, "/Status");
}

#[test]
fn valid_is_false_only_for_errors() {
    // Warnings and info leave a document valid, and the exit code 0.
    let body = br#"{"InstanceId": "dsw-1", "Priority": "3", "NewField": 1}"#;
    let r = run_with_stdin(&["validate", "--format", "json", "-"], body);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let docs = documents(&r.stdout);
    assert!(docs[0].valid);
    let severities: Vec<_> = docs[0]
        .diagnostics
        .iter()
        .map(|d| d.severity.as_str())
        .collect();
    assert_eq!(severities, ["warning", "info"]);
}

#[test]
fn ndjson_lines_are_documents_named_file_colon_line() {
    let r = run(&["validate", MIXED]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout, @r#"
    tests/data/cli/mixed.ndjson:3:35: error[enum.unknown] /Status: "running" is not one of "Creating", "SaveFailed", "Stopped", "Failed", "ResourceAllocating", "Stopping" or 9 other values; did you mean "Running"?
    tests/data/cli/mixed.ndjson:4:16: error[json.syntax] /InstanceId: unexpected end of input while parsing a JSON value
    tests/data/cli/mixed.ndjson:6:1: error[type.mismatch] (root): expected a GetInstance body (a JSON object), found an array
    tests/data/cli/mixed.ndjson:7:37: info[field.unknown] /NewField: unknown field "NewField": not in the API documentation; kept as is
    5 documents: 2 valid, 3 invalid (3 errors, 0 warnings, 1 info)
    "#);
    let r = run(&["validate", "--format", "json", MIXED]);
    let docs = documents(&r.stdout);
    let sources: Vec<_> = docs.iter().map(|d| d.source.as_str()).collect();
    // Lines 2 and 5 are blank.
    assert_eq!(sources, [1, 3, 4, 6, 7].map(|n| format!("{MIXED}:{n}")),);
    let valid: Vec<_> = docs.iter().map(|d| d.valid).collect();
    assert_eq!(valid, [true, false, false, false, true]);
    // Positions in JSON are within the line.
    assert_eq!(
        (docs[1].diagnostics[0].line, docs[1].diagnostics[0].column),
        (1, 35)
    );
}

#[test]
fn jsonl_files_are_ndjson_too_and_ndjson_forces_it() {
    let lines = b"{\"InstanceId\": \"dsw-1\"}\n{\"InstanceId\": 2}\n";
    let jsonl = scratch("lines.jsonl", lines);
    let jsonl = jsonl.to_str().unwrap();
    let docs = documents(&run(&["validate", "--format", "json", jsonl]).stdout);
    assert_eq!(
        docs.iter().map(|d| d.source.clone()).collect::<Vec<_>>(),
        [format!("{jsonl}:1"), format!("{jsonl}:2")]
    );
    // Without the flag, a .txt file is one document: two objects are a syntax error.
    let txt = scratch("lines.txt", lines);
    let txt = txt.to_str().unwrap();
    let docs = documents(&run(&["validate", "--format", "json", txt]).stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].diagnostics[0].code, "json.syntax");
    let docs = documents(&run(&["validate", "--format", "json", "--ndjson", txt]).stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].source, format!("{txt}:2"));
}

/// A stream of full bodies, invalid ones, broken ones and blank lines, so
/// that the workers finish their batches out of order.
fn mixed_stream() -> (Vec<u8>, Vec<u64>) {
    let full = std::fs::read("tests/data/valid/modern-full.json").expect("fixture");
    let full: serde_json::Value = serde_json::from_slice(&full).expect("JSON fixture");
    let full = serde_json::to_string(&full).expect("serializable");
    let mut out = String::new();
    let mut documents = Vec::new();
    for n in 1..=600u64 {
        match n % 9 {
            0 => {}
            1 | 5 => out.push_str(&full),
            2 => write!(out, r#"{{"InstanceId": "dsw-{n}", "Status": "running"}}"#).unwrap(),
            3 => write!(
                out,
                r#"{{"InstanceId": "dsw-{n}", "Priority": "{n}", "X{n}": 1}}"#
            )
            .unwrap(),
            4 => out.push_str("{\"InstanceId\": "),
            _ => write!(out, r#"{{"InstanceId": "dsw-{n}"}}"#).unwrap(),
        }
        if n % 9 != 0 {
            documents.push(n);
        }
        out.push('\n');
    }
    (out.into_bytes(), documents)
}

#[test]
fn ndjson_output_is_in_input_order_whatever_the_thread_count() {
    let (stream, numbers) = mixed_stream();
    let path = scratch("order.ndjson", &stream);
    let path = path.to_str().unwrap();
    for format in ["json", "text"] {
        let one = run(&["validate", "--format", format, "--threads", "1", path]);
        assert_eq!(one.code, 1, "{}", one.stderr);
        let four = run(&["validate", "--format", format, "--threads", "4", path]);
        assert_eq!(four.code, 1);
        assert!(
            one.stdout == four.stdout,
            "--format {format}: 1 and 4 threads differ"
        );
        if format == "json" {
            let sources: Vec<String> = documents(&one.stdout)
                .into_iter()
                .map(|d| d.source)
                .collect();
            let expected: Vec<String> = numbers.iter().map(|n| format!("{path}:{n}")).collect();
            assert_eq!(sources, expected);
        } else {
            let summary = one.stdout.lines().last().unwrap();
            assert_eq!(
                summary,
                "534 documents: 400 valid, 134 invalid (134 errors, 67 warnings, 67 info)"
            );
        }
    }
}

#[test]
fn standard_input_is_one_document_or_ndjson_with_the_flag() {
    let body = std::fs::read(INVALID).unwrap();
    let r = run_with_stdin(&["validate", "-"], &body);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .starts_with("<stdin>:3:13: error[enum.unknown] /Status: "),
        "{}",
        r.stdout
    );

    let r = run_with_stdin(
        &["validate", "--format", "json", "--ndjson", "-"],
        &std::fs::read(MIXED).unwrap(),
    );
    assert_eq!(r.code, 1);
    let sources: Vec<_> = documents(&r.stdout).into_iter().map(|d| d.source).collect();
    assert_eq!(
        sources,
        [
            "<stdin>:1",
            "<stdin>:3",
            "<stdin>:4",
            "<stdin>:6",
            "<stdin>:7"
        ]
    );

    let r = run_with_stdin(&["validate", "-"], b"{\"InstanceId\": \"dsw-1\"}");
    assert_eq!(r.code, 0);
    let r = run_with_stdin(&["validate", "-"], b"");
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with("<stdin>:1:1: error[json.empty] "),
        "{}",
        r.stdout
    );
}

#[test]
fn unmasked_secrets_never_reach_the_output() {
    let secrets = [
        "dXNlcjpodW50ZXIyLWltYWdlYXV0aA",
        "hunter2",
        "987654321",
        "LTAIhunter2akid",
    ];
    let body = std::fs::read_to_string(SECRETS).unwrap();
    for secret in secrets {
        assert!(body.contains(secret), "the fixture must hold {secret}");
    }
    let line =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&body).unwrap()).unwrap();
    let stream = scratch("secrets.ndjson", format!("{line}\n{line}\n").as_bytes());
    let stream = stream.to_str().unwrap();
    let runs = [
        run(&["validate", SECRETS]),
        run(&["validate", "--format", "json", SECRETS]),
        run(&["validate", "--color", "always", SECRETS]),
        run(&["validate", stream]),
        run(&["validate", "--format", "json", stream]),
        run_with_stdin(&["validate", "-"], body.as_bytes()),
    ];
    for r in &runs {
        // It did find them: otherwise this test would prove nothing.
        assert!(r.stdout.contains("secret.exposed"), "{}", r.stdout);
        for secret in secrets {
            assert!(
                !r.stdout.contains(secret),
                "{secret} in stdout:\n{}",
                r.stdout
            );
            assert!(
                !r.stderr.contains(secret),
                "{secret} in stderr:\n{}",
                r.stderr
            );
        }
    }
}

#[test]
fn colour_only_on_a_terminal_or_when_asked() {
    let plain = run(&["validate", INVALID]);
    assert!(!plain.stdout.contains('\x1b'), "piped output is plain");
    let never = run(&["validate", "--color", "never", INVALID]);
    assert_eq!(never.stdout, plain.stdout);
    let always = run(&["validate", "--color", "always", INVALID]);
    assert!(
        always
            .stdout
            .starts_with("\x1b[1mtests/data/cli/invalid.json:3:13:\x1b[0m \x1b[1;31merror[enum.unknown]\x1b[0m /Status: "),
        "{:?}",
        always.stdout
    );
    assert!(
        always
            .stdout
            .contains("\x1b[1;33mwarning[type.coerced]\x1b[0m")
    );
    assert!(
        always
            .stdout
            .contains("\x1b[1;36minfo[field.unknown]\x1b[0m")
    );
    // The flag outranks NO_COLOR, which only changes what `auto` does.
    let forced = finish(
        command(&["validate", "--color", "always", INVALID])
            .env("NO_COLOR", "1")
            .output()
            .unwrap(),
    );
    assert_eq!(forced.stdout, always.stdout);
    // JSON is never coloured.
    let json = run(&["validate", "--format", "json", "--color", "always", INVALID]);
    assert!(!json.stdout.contains('\x1b'));
}

/// `script` gives the command a terminal, to check what `auto` does there.
fn on_a_terminal(no_color: Option<&str>) -> Option<String> {
    let line = format!("{BIN} validate {INVALID}");
    let mut cmd = Command::new("script");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-qec", &line, "/dev/null"])
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        cmd.env("NO_COLOR", value);
    }
    let output = cmd.stdin(Stdio::null()).output().ok()?;
    output.status.code()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn auto_colours_a_terminal_unless_no_color_is_set() {
    let Some(tty) = on_a_terminal(None) else {
        // Said out loud, so that a skipped check is not taken for a pass.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipped: util-linux `script` is not available");
        }
        return;
    };
    assert!(
        tty.contains("\x1b[1;31merror[enum.unknown]\x1b[0m"),
        "{tty:?}"
    );
    let tty = on_a_terminal(Some("1")).unwrap();
    assert!(
        tty.contains("error[enum.unknown]") && !tty.contains('\x1b'),
        "{tty:?}"
    );
    // An empty NO_COLOR does not count (https://no-color.org).
    let tty = on_a_terminal(Some("")).unwrap();
    assert!(tty.contains('\x1b'), "{tty:?}");
}

#[test]
fn min_severity_hides_lines_not_findings() {
    let r = run(&["validate", "--min-severity", "warning", INVALID]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("info["), "{}", r.stdout);
    assert!(r.stdout.contains("warning[type.coerced]"));
    assert!(
        r.stdout
            .ends_with("1 document: 0 valid, 1 invalid (1 error, 1 warning, 1 info)\n")
    );
    let r = run(&[
        "validate",
        "--min-severity",
        "error",
        "--format",
        "json",
        INVALID,
    ]);
    let docs = documents(&r.stdout);
    assert_eq!(docs[0].diagnostics.len(), 1);
    assert_eq!(docs[0].diagnostics[0].severity, "error");
}

/// Runs `args` and hangs up after the first bytes of output, as `| head -1` does.
fn run_closed_early(args: &[&str]) -> Run {
    let mut child = command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    finish(child.wait_with_output().unwrap())
}

/// A closed stdout is no error (nothing on stderr), but it never turns
/// findings into success: the stream's second document is invalid.
#[test]
fn a_closed_stdout_is_not_an_error_nor_a_success() {
    let (stream, _) = mixed_stream();
    let path = scratch("pipe.ndjson", &stream.repeat(20));
    let r = run_closed_early(&["validate", "--threads", "2", path.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    // Only valid documents seen, and the rest unread: success, as before.
    let valid = "{\"InstanceId\": \"dsw-1\", \"X\": 1}\n".repeat(50_000);
    let path = scratch("pipe-valid.ndjson", valid.as_bytes());
    let r = run_closed_early(&["validate", "--threads", "1", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
}

/// The same for `diff`: changes found stay exit 1 when the reader hangs up.
#[test]
fn a_closed_stdout_keeps_the_diff_verdict() {
    let labels = |value: &str| {
        let items: Vec<String> = (0..5_000)
            .map(|i| format!(r#"{{"Key": "k{i}", "Value": "{value}"}}"#))
            .collect();
        format!(
            r#"{{"InstanceId": "dsw-1", "Labels": [{}]}}"#,
            items.join(",")
        )
    };
    let old = scratch("pipe-old.json", labels("a").as_bytes());
    let new = scratch("pipe-new.json", labels("b").as_bytes());
    let r = run_closed_early(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
}

/// An API error body is not a snapshot of an instance: diff refuses it (exit 2).
#[test]
fn diff_refuses_an_api_error_body() {
    for error in [
        "tests/data/invalid/parse-api-error.json",
        "tests/data/invalid/parse-api-error-envelope.json",
    ] {
        let r = run(&["diff", error, VALID]);
        assert_eq!(r.code, 2, "{error}: {}", r.stderr);
        assert!(
            r.stderr.starts_with(
                "error: cannot compare: the old snapshot is not an instance (response.api-error): \
                 the body is an API error response"
            ),
            "{error}: {}",
            r.stderr
        );
        assert_eq!(r.stdout, "");
        let r = run(&["diff", VALID, error]);
        assert_eq!(r.code, 2, "{error}: {}", r.stderr);
        assert!(
            r.stderr.contains("the new snapshot is not an instance"),
            "{}",
            r.stderr
        );
    }
}

/// Every input path stops reading at the limit: an endless input ends there.
#[cfg(target_os = "linux")]
#[test]
fn endless_inputs_stop_at_the_limit() {
    let r = run(&["validate", "/dev/zero"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("error[json.too-large] (root): input is more than the limit of 67108864 bytes; not read further"),
        "{}",
        r.stdout
    );
    for args in [
        &["diff", "/dev/zero", VALID][..],
        &["diff", VALID, "/dev/zero"],
        &["normalize", "/dev/zero"],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            "error: failed to read /dev/zero: more than the limit of 67108864 bytes; not read further\n",
            "{args:?}"
        );
    }
}

/// The README's console examples that run on files shipped in the repo are
/// what the command prints: each line shown (other than `...`) is a line of
/// the output, in order.
#[test]
fn the_readme_examples_are_what_the_command_prints() {
    let readme = include_str!("../README.md");
    let mut checked = 0;
    for block in readme.split("```console\n").skip(1) {
        let block = block.split("```").next().unwrap_or_default();
        let mut lines = block.lines();
        let Some(command_line) = lines.next().and_then(|l| l.strip_prefix("$ dswcheck ")) else {
            continue;
        };
        let args: Vec<&str> = command_line.split_whitespace().collect();
        // Only examples on the repository's own files can be run here.
        if !args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .skip(1)
            .all(|a| Path::new(env!("CARGO_MANIFEST_DIR")).join(a).exists())
        {
            continue;
        }
        let run = run(&args);
        let output: Vec<&str> = run.stdout.lines().collect();
        let mut at = 0;
        for shown in lines.filter(|l| *l != "...") {
            match output[at..]
                .iter()
                .position(|l| l.trim_end() == shown.trim_end())
            {
                Some(i) => at += i + 1,
                None => panic!(
                    "README: `dswcheck {command_line}` does not print, in this order:\n{shown}\n\nit prints:\n{}",
                    run.stdout
                ),
            }
        }
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} README examples ran");
}
