//! The CI gate, run as a CI job runs it: `--fail-on`, severity overrides,
//! `dswcheck.toml` discovery and errors, baselines, and `diff --fail-on`,
//! each with its exit code.

mod common;

use common::repo::{Repo, Run};

/// A body with a warning (`secret.exposed`), an info (`field.unknown`) and
/// an error (`enum.unknown`), pretty-printed.
const BODY: &str = r#"{
  "InstanceId": "dsw-gate-1",
  "Status": "running",
  "Color": "red",
  "Labels": [
    {"Key": "team", "Value": "nlp", "Shade": 1},
    {"Key": "env", "Value": "dev"}
  ],
  "EnvironmentVariables": {"DB_PASSWORD": "canary-hunter2-gate"}
}
"#;

/// `BODY` minified, with its members and its labels in another order.
const REORDERED: &str = r#"{"EnvironmentVariables":{"DB_PASSWORD":"canary-hunter2-gate"},"Labels":[{"Key":"env","Value":"dev"},{"Shade":1,"Value":"nlp","Key":"team"}],"Color":"red","Status":"running","InstanceId":"dsw-gate-1"}"#;

fn codes(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|l| Some(l.split_once('[')?.1.split_once(']')?.0.to_owned()))
        .collect()
}

fn without_the_error(body: &str) -> String {
    body.replace("\"running\"", "\"Running\"")
}

#[test]
fn fail_on_sets_the_threshold() {
    let repo = Repo::new("gate", "fail-on");
    repo.write("warn.json", &without_the_error(BODY));
    repo.write("bad.json", BODY);
    assert_eq!(repo.run(&["validate", "warn.json"]).code, 0);
    assert_eq!(
        repo.run(&["validate", "warn.json", "--fail-on", "warning"])
            .code,
        1
    );
    assert_eq!(
        repo.run(&["validate", "warn.json", "--fail-on", "info"])
            .code,
        1
    );
    assert_eq!(repo.run(&["validate", "bad.json"]).code, 1);
    assert_eq!(
        repo.run(&["validate", "bad.json", "--fail-on", "never"])
            .code,
        0
    );
    let wrong = repo.run(&["validate", "bad.json", "--fail-on", "warn"]);
    assert_eq!(wrong.code, 2);
    assert!(
        wrong
            .stderr
            .contains("expected error, warning, info or never"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn overrides_change_severities_per_code_and_family() {
    let repo = Repo::new("gate", "overrides");
    repo.write("warn.json", &without_the_error(BODY));
    let plain = repo.run(&["validate", "warn.json"]);
    assert_eq!(
        codes(&plain),
        ["field.unknown", "field.unknown", "secret.exposed"]
    );
    let denied = repo.run(&["validate", "warn.json", "--deny", "secret.exposed"]);
    assert_eq!(denied.code, 1);
    assert!(
        denied.stdout.contains("error[secret.exposed]"),
        "{}",
        denied.stdout
    );
    let allowed = repo.run(&[
        "validate",
        "warn.json",
        "--allow",
        "field",
        "--warn",
        "secret",
    ]);
    assert_eq!(codes(&allowed), ["secret.exposed"]);
    // A code beats its family, whatever the order of the flags.
    let specific = repo.run(&[
        "validate",
        "warn.json",
        "--allow",
        "field.unknown",
        "--deny",
        "field",
    ]);
    assert_eq!(codes(&specific), ["secret.exposed"]);
    assert_eq!(specific.code, 0);
    let specific = repo.run(&[
        "validate",
        "warn.json",
        "--deny",
        "field.unknown",
        "--allow",
        "field",
    ]);
    assert_eq!(
        codes(&specific),
        ["field.unknown", "field.unknown", "secret.exposed"]
    );
    assert!(
        specific.stdout.contains("error[field.unknown]"),
        "{}",
        specific.stdout
    );
    assert_eq!(specific.code, 1);
    let listed = repo.run(&["validate", "warn.json", "--allow", "field.unknown,secret"]);
    assert!(codes(&listed).is_empty(), "{:?}", codes(&listed));
}

#[test]
fn bad_overrides_are_the_tools_error() {
    let repo = Repo::new("gate", "bad-overrides");
    repo.write("a.json", BODY);
    let typo = repo.run(&["validate", "a.json", "--deny", "secret.exposd"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("did you mean \"secret.exposed\"?"),
        "{}",
        typo.stderr
    );
    let both = repo.run(&["validate", "a.json", "--deny", "field", "--allow", "field"]);
    assert_eq!(both.code, 2);
    assert!(
        both.stderr
            .contains("field is given to both deny and allow"),
        "{}",
        both.stderr
    );
}

#[test]
fn the_config_file_is_found_upward_and_flags_win() {
    let repo = Repo::new("gate", "config");
    repo.write("fleet/dumps/warn.json", &without_the_error(BODY));
    repo.write(
        "dswcheck.toml",
        "[validate]\nfail-on = \"warning\"\nallow = [\"field\"]\n\n[[validate.ignore]]\npointer = \"/Labels\"\n",
    );
    let found = repo.run_in("fleet/dumps", &["validate", "warn.json"]);
    assert_eq!(found.code, 1, "{}{}", found.stdout, found.stderr);
    assert_eq!(codes(&found), ["secret.exposed"]);
    // A flag over the file: the file's fail-on, and its allow, are overridden.
    let flags = repo.run_in(
        "fleet/dumps",
        &[
            "validate",
            "warn.json",
            "--fail-on",
            "error",
            "--warn",
            "field.unknown",
        ],
    );
    assert_eq!(flags.code, 0);
    // `/Labels` is still ignored: the Shade label's field.unknown stays out.
    assert_eq!(codes(&flags), ["field.unknown", "secret.exposed"]);
    let none = repo.run_in("fleet/dumps", &["validate", "warn.json", "--no-config"]);
    assert_eq!(none.code, 0);
    assert_eq!(codes(&none).len(), 3);
    let other = repo.write("other.toml", "[validate]\ndeny = [\"secret\"]\n");
    let explicit = repo.run_in(
        "fleet/dumps",
        &["validate", "warn.json", "--config", other.to_str().unwrap()],
    );
    assert_eq!(explicit.code, 1);
    assert!(
        explicit.stdout.contains("error[secret.exposed]"),
        "{}",
        explicit.stdout
    );
}

#[test]
fn config_errors_say_file_line_and_column() {
    let repo = Repo::new("gate", "config-errors");
    repo.write("a.json", BODY);
    for (text, expected) in [
        (
            "[validate]\nfail_on = \"error\"\n",
            "dswcheck.toml:2:1: unknown field `fail_on`",
        ),
        (
            "[validate]\nfail-on = \"often\"\n",
            "dswcheck.toml:2:11: fail-on: expected",
        ),
        (
            "\n\n[validate]\nallow = [\"feld\"]\n",
            "dswcheck.toml:4:10: unknown diagnostic code or family \"feld\"; did you mean \"field\"?",
        ),
        (
            "[diff]\ninclude-volatile = \"yes\"\n",
            "dswcheck.toml:2:20:",
        ),
        ("[validate\n", "dswcheck.toml:1:"),
    ] {
        repo.write("dswcheck.toml", text);
        let run = repo.run(&["validate", "a.json"]);
        assert_eq!(run.code, 2, "{text}");
        assert!(run.stderr.contains(expected), "{text}: {}", run.stderr);
    }
}

#[test]
fn baselines_suppress_known_findings_across_reformatting() {
    let repo = Repo::new("gate", "baseline");
    repo.write("day1/dsw.json", BODY);
    let written = repo.run(&[
        "validate",
        "day1/dsw.json",
        "--write-baseline",
        "baseline.json",
    ]);
    assert_eq!(written.code, 1);
    let baseline = repo.read("baseline.json");
    assert!(baseline.starts_with("{\n  \"version\": 1,"), "{baseline}");
    // Never a value, not even a secret's digest in a readable form.
    assert!(!baseline.contains("canary-hunter2-gate"), "{baseline}");
    assert!(!baseline.contains("running"), "{baseline}");

    // Reformatted, reordered and renamed: every finding is known.
    repo.write("day2/renamed.json", REORDERED);
    let known = repo.run(&[
        "validate",
        "day2/renamed.json",
        "--baseline",
        "baseline.json",
        "--report-stale",
    ]);
    assert_eq!(known.code, 0, "{}{}", known.stdout, known.stderr);
    assert!(codes(&known).is_empty(), "{:?}", codes(&known));
    assert!(
        known
            .stdout
            .contains("4 findings suppressed by the baseline baseline.json"),
        "{}",
        known.stdout
    );

    // A new finding fails alone; a fixed one is stale.
    let changed = REORDERED.replace("\"Color\":\"red\"", "\"Colour\":\"red\"");
    repo.write("day3/dsw.json", &changed);
    let new = repo.run(&["validate", "day3/dsw.json", "--baseline", "baseline.json"]);
    assert_eq!(codes(&new), ["field.unknown"]);
    assert!(new.stdout.contains("/Colour"), "{}", new.stdout);
    // The enum error is still suppressed, and an info does not fail by default.
    assert_eq!(new.code, 0);
    let args = [
        "validate",
        "day3/dsw.json",
        "--baseline",
        "baseline.json",
        "--fail-on",
        "info",
    ];
    assert_eq!(repo.run(&args).code, 1);
    let stale = repo.run(&[
        "validate",
        "day3/dsw.json",
        "--baseline",
        "baseline.json",
        "--report-stale",
    ]);
    assert_eq!(stale.code, 1);
    assert!(
        stale
            .stdout
            .contains("stale baseline entry in baseline.json: dsw-gate-1 /Color [field.unknown]"),
        "{}",
        stale.stdout
    );
    let summary = "1 finding of the baseline no longer found: write it again with --write-baseline baseline.json";
    assert!(stale.stdout.contains(summary), "{}", stale.stdout);
}

#[test]
fn baselines_follow_ndjson_lines_by_instance_id() {
    let repo = Repo::new("gate", "baseline-ndjson");
    let line =
        |id: &str, status: &str| format!("{{\"InstanceId\":\"{id}\",\"Status\":\"{status}\"}}");
    repo.write(
        "a.ndjson",
        &[
            line("dsw-1", "running"),
            line("dsw-2", "Running"),
            line("dsw-3", "stopped"),
        ]
        .join("\n"),
    );
    assert_eq!(
        repo.run(&["validate", "a.ndjson", "--write-baseline", "b.json"])
            .code,
        1
    );
    // The lines move and a blank line comes in: still the same findings.
    repo.write(
        "a.ndjson",
        &[
            "".to_owned(),
            line("dsw-3", "stopped"),
            line("dsw-1", "running"),
        ]
        .join("\n"),
    );
    let moved = repo.run(&[
        "validate",
        "a.ndjson",
        "--baseline",
        "b.json",
        "--format",
        "json",
    ]);
    assert_eq!(moved.code, 0, "{}{}", moved.stdout, moved.stderr);
    assert!(
        moved.stderr.contains("2 findings suppressed"),
        "{}",
        moved.stderr
    );
    // The same finding in another instance is new.
    repo.write("a.ndjson", &line("dsw-9", "running"));
    assert_eq!(
        repo.run(&["validate", "a.ndjson", "--baseline", "b.json"])
            .code,
        1
    );
}

#[test]
fn a_bad_baseline_is_the_tools_error() {
    let repo = Repo::new("gate", "baseline-bad");
    repo.write("a.json", BODY);
    repo.write("b.json", "{\"version\": 1,\n \"findings\": 3}");
    let run = repo.run(&["validate", "a.json", "--baseline", "b.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("b.json:2:"), "{}", run.stderr);
    let missing = repo.run(&["validate", "a.json", "--baseline", "nowhere.json"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("failed to read the baseline nowhere.json"),
        "{}",
        missing.stderr
    );
}

fn diff_bodies(repo: &Repo) {
    let old = r#"{"InstanceId": "dsw-1", "Status": "Running", "Priority": 1, "RequestId": "a"}"#;
    repo.write("old.json", old);
    repo.write("status.json", &old.replace("Running", "Stopped"));
    repo.write(
        "spec.json",
        &old.replace("\"Priority\": 1", "\"Priority\": 2"),
    );
    repo.write("volatile.json", &old.replace("\"a\"", "\"b\""));
}

#[test]
fn diff_fails_on_the_classes_it_is_told() {
    let repo = Repo::new("gate", "diff-fail-on");
    diff_bodies(&repo);
    let diff = |new: &str, extra: &[&str]| {
        let mut args = vec!["diff", "old.json", new];
        args.extend_from_slice(extra);
        repo.run(&args).code
    };
    assert_eq!(diff("status.json", &[]), 1);
    assert_eq!(diff("status.json", &["--fail-on", "spec"]), 0);
    assert_eq!(diff("spec.json", &["--fail-on", "spec"]), 1);
    assert_eq!(diff("status.json", &["--fail-on", "spec,status"]), 1);
    assert_eq!(diff("status.json", &["--fail-on", "never"]), 0);
    assert_eq!(diff("volatile.json", &[]), 0);
    assert_eq!(
        diff(
            "volatile.json",
            &["--include-volatile", "--fail-on", "volatile"]
        ),
        1
    );
    assert_eq!(diff("status.json", &["--fail-on", "specs"]), 2);
    assert_eq!(diff("status.json", &["--fail-on", "never,spec"]), 2);
}

#[test]
fn diff_reads_its_section_of_the_config() {
    let repo = Repo::new("gate", "diff-config");
    diff_bodies(&repo);
    repo.write(
        "dswcheck.toml",
        "[diff]\nfail-on = [\"spec\"]\ninclude-volatile = true\n",
    );
    assert_eq!(repo.run(&["diff", "old.json", "status.json"]).code, 0);
    assert_eq!(repo.run(&["diff", "old.json", "spec.json"]).code, 1);
    let volatile = repo.run(&["diff", "old.json", "volatile.json", "--fail-on", "any"]);
    assert_eq!(volatile.code, 1, "the file asks for volatile fields");
    assert!(volatile.stdout.contains("RequestId"), "{}", volatile.stdout);
    repo.write("dswcheck.toml", "[diff]\nignore = [\"/Priority\"]\n");
    assert_eq!(repo.run(&["diff", "old.json", "spec.json"]).code, 0);
    assert_eq!(
        repo.run(&["diff", "old.json", "spec.json", "--no-config"])
            .code,
        1
    );
}

#[test]
fn junit_failures_are_the_documents_that_fail_the_gate() {
    let repo = Repo::new("gate", "junit-fail-on");
    repo.write("warn.json", &without_the_error(BODY));
    let junit = |extra: &[&str]| {
        let mut args = vec!["validate", "--format", "junit", "warn.json"];
        args.extend_from_slice(extra);
        let run = repo.run(&args);
        (run.code, run.stdout.matches("<failure").count())
    };
    assert_eq!(junit(&[]), (0, 0));
    assert_eq!(junit(&["--fail-on", "warning"]), (1, 1));
    let run = repo.run(&[
        "validate",
        "--format",
        "junit",
        "warn.json",
        "--fail-on",
        "warning",
    ]);
    assert!(
        run.stdout.contains("type=\"secret.exposed\""),
        "the most severe failing diagnostic names the failure: {}",
        run.stdout
    );
}
