//! Policies: the shipped examples on their fixtures, the annotations, bad
//! policies as errors with file, line and column, the no-network rule, and
//! `--policy` through the CLI with the gate.

use std::path::{Path, PathBuf};
use std::process::Command;

use dswcheck::{Policy, Severity, Validator};

const SHIPPED: &[(&str, &str, &str)] = &[
    // (policy, code, pointer of the violation in the failing fixture)
    ("owner-label", "policy.owner-label", "/Labels"),
    ("private-access", "policy.private-access", "/Accessibility"),
    (
        "no-public-ssh",
        "policy.no-public-ssh",
        "/UserVpc/ForwardInfos/1",
    ),
    (
        "gpu-idle-culler",
        "policy.gpu-idle-culler",
        "/IdleInstanceCuller/MaxIdleTimeInMinutes",
    ),
    ("image-registry", "policy.image-registry", "/ImageUrl"),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped(name: &str) -> Policy {
    let path = root().join(format!("schemas/policies/{name}.schema.json"));
    Policy::from_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/data/policies").join(name)).unwrap()
}

/// The diagnostics of `body` under `policy` alone: (code, pointer, line, column, severity).
fn violations(policy: Policy, body: &[u8]) -> Vec<(String, String, u32, u32, Severity, String)> {
    Validator::new()
        .with_policy(policy)
        .validate(body)
        .diagnostics()
        .iter()
        .filter(|d| d.code.family() == "policy")
        .map(|d| {
            (
                d.code.to_string(),
                d.pointer.to_string(),
                d.line,
                d.column,
                d.severity,
                d.message.clone(),
            )
        })
        .collect()
}

#[test]
fn each_shipped_policy_passes_and_fails_its_fixtures() {
    for (name, code, pointer) in SHIPPED {
        let pass = violations(shipped(name), &fixture(&format!("{name}.pass.json")));
        assert!(pass.is_empty(), "{name}: {pass:?}");
        let fail = violations(shipped(name), &fixture(&format!("{name}.fail.json")));
        assert_eq!(fail.len(), 1, "{name}: {fail:?}");
        assert_eq!(
            (fail[0].0.as_str(), fail[0].1.as_str()),
            (*code, *pointer),
            "{name}"
        );
        assert_eq!(fail[0].4, Severity::Error, "{name}");
        // Without the policy, each fixture is a valid body: the violation is the policy's alone.
        let plain = dswcheck::validate(&fixture(&format!("{name}.fail.json")));
        assert!(plain.is_valid(), "{name}: {:?}", plain.diagnostics());
    }
}

#[test]
fn violations_deep_in_arrays_have_their_line_and_column() {
    let fail = violations(
        shipped("no-public-ssh"),
        &fixture("no-public-ssh.fail.json"),
    );
    // The second forward, `{"Name": "legacy-ssh", ...}`, opens on line 6, column 7.
    assert_eq!((fail[0].2, fail[0].3), (6, 7), "{fail:?}");
    let fail = violations(
        shipped("gpu-idle-culler"),
        &fixture("gpu-idle-culler.fail.json"),
    );
    assert_eq!((fail[0].2, fail[0].3), (4, 104), "{fail:?}");
    let body = br#"{"Labels": [{"Key": "a"}, {"Key": "b", "Value": [1, 2, {"x": "deep"}]}]}"#;
    let policy = policy(
        r#"{"properties": {"Labels": {"items": {"properties": {"Value": {"items": {"type": "integer"}}}}}}}"#,
        "deep.json",
    );
    let deep = violations(policy, body);
    assert_eq!(deep.len(), 1, "{deep:?}");
    assert_eq!(deep[0].1, "/Labels/1/Value/2");
    assert_eq!((deep[0].2, deep[0].3), (1, 56));
}

fn policy(text: &str, name: &str) -> Policy {
    Policy::from_json(text.as_bytes(), Path::new(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn policy_error(text: &str, name: &str) -> String {
    Policy::from_json(text.as_bytes(), Path::new(name))
        .unwrap_err()
        .to_string()
}

#[test]
fn annotations_name_the_code_severity_and_message() {
    let p = policy(
        r#"{
  "x-dswcheck-severity": "warning",
  "properties": {
    "Priority": {"maximum": 5, "x-dswcheck-code": "low-priority", "x-dswcheck-message": "keep priorities low"},
    "InstanceName": {"pattern": "^team-", "x-dswcheck-severity": "info"},
    "Status": {"const": "Running"}
  }
}"#,
        "team.schema.json",
    );
    let codes: Vec<String> = p.rules().iter().map(|r| r.code.to_string()).collect();
    assert_eq!(codes, ["policy.team", "policy.low-priority"]);
    let v = violations(
        p,
        br#"{"Priority": 9, "InstanceName": "x", "Status": "Stopped"}"#,
    );
    let got: Vec<_> = v
        .iter()
        .map(|v| (v.0.as_str(), v.1.as_str(), v.4, v.5.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "policy.low-priority",
                "/Priority",
                Severity::Warning,
                "keep priorities low"
            ),
            (
                "policy.team",
                "/InstanceName",
                Severity::Info,
                "\"x\" does not match \"^team-\""
            ),
            (
                "policy.team",
                "/Status",
                Severity::Warning,
                "\"Running\" was expected"
            ),
        ]
    );
}

#[test]
fn bad_policies_say_file_line_and_column() {
    for (text, expected) in [
        (
            "{\n  \"type\": \"object\",\n  \"properties\": {,}\n}",
            "p.json:3:18: the policy is not JSON",
        ),
        (
            "{\n  \"type\": \"objekt\"\n}",
            "p.json:2:11: not a valid JSON Schema",
        ),
        (
            "{\"properties\": {\n  \"Status\": {\"x-dswcheck-cod\": \"s\"}}}",
            "p.json:2:32: unknown annotation \"x-dswcheck-cod\"",
        ),
        (
            "{\"x-dswcheck-severity\": \"fatal\"}",
            "p.json:1:25: x-dswcheck-severity \"fatal\" is not error, warning or info",
        ),
        (
            "{\"x-dswcheck-code\": \"Has Spaces\"}",
            "p.json:1:21: x-dswcheck-code \"Has Spaces\" is not a code name",
        ),
        (
            "{\"x-dswcheck-message\": 3}",
            "p.json:1:24: x-dswcheck-message must be a string",
        ),
        (
            "{\n\"properties\": {\"A\": {\"$ref\": \"#/$defs/missing\"}}}",
            "p.json:2:30: cannot compile the policy",
        ),
        (
            "{\"properties\": {\"A\": {\"$ref\": \"missing-file.json\"}}}",
            "p.json:1:31: cannot compile the policy",
        ),
        (
            "{\"pattern\": \"(?=lookahead)\"}",
            "p.json:1:1: cannot compile the policy",
        ),
    ] {
        let error = policy_error(text, "p.json");
        assert!(
            error.starts_with(expected),
            "{text}\n  gave {error}\n  not  {expected}"
        );
    }
    let error = policy_error("{}", "Not A Code.json");
    assert!(
        error.contains("give the root schema an \"x-dswcheck-code\""),
        "{error}"
    );
}

#[test]
fn nothing_is_fetched_over_the_network() {
    for target in [
        "https://json-schema.org/draft/2020-12/schema-that-does-not-exist",
        "http://127.0.0.1:9/schema.json",
        "ftp://example.com/s.json",
    ] {
        let text = format!(r#"{{"properties": {{"A": {{"$ref": "{target}"}}}}}}"#);
        let error = policy_error(&text, "remote.json");
        assert!(
            error.contains("dswcheck never uses the network"),
            "{target}: {error}"
        );
        assert!(error.starts_with("remote.json:1:31:"), "{error}");
    }
}

#[test]
fn local_refs_resolve_beside_the_policy_and_to_the_builtin_schema() {
    let dir = std::env::temp_dir().join(format!("dswcheck-policy-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::write(
        dir.join("shared/team.json"),
        r#"{"$defs": {"team-label": {"contains": {"properties": {"Key": {"const": "team"}}, "required": ["Key"]}}}}"#,
    )
    .unwrap();
    let path = dir.join("labels.schema.json");
    std::fs::write(
        &path,
        r#"{"properties": {"Labels": {"$ref": "shared/team.json#/$defs/team-label"}}}"#,
    )
    .unwrap();
    let p = Policy::from_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        violations(p.clone(), br#"{"Labels": [{"Key": "team"}]}"#),
        []
    );
    assert_eq!(violations(p, br#"{"Labels": [{"Key": "x"}]}"#).len(), 1);
    // The built-in schema by its $id: a policy can require the documented types too.
    let builtin = format!(r#"{{"$ref": "{}"}}"#, dswcheck::SCHEMA_ID);
    let p = policy(&builtin, "documented.json");
    assert_eq!(violations(p.clone(), br#"{"Priority": 3}"#), []);
    let v = violations(p, br#"{"Priority": "x"}"#);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].1, "/Priority");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn messages_never_quote_a_secret() {
    let canary = "hunter2-policy-canary";
    let p = policy(
        r#"{"properties": {
            "EnvironmentVariables": {"additionalProperties": {"maxLength": 3}, "maxProperties": 0},
            "ServiceConfig": {"type": "string"},
            "Labels": {"items": {"properties": {"Value": {"pattern": "^ok$"}}}}
        }}"#,
        "secrets.json",
    );
    let body = format!(
        r#"{{"EnvironmentVariables": {{"DB_PASSWORD": "{canary}"}},
            "ServiceConfig": {{"JupyterServerPassword": "{canary}"}},
            "Labels": [{{"Key": "k", "Value": "https://user:{canary}@example.com/"}}]}}"#
    );
    let v = violations(p, body.as_bytes());
    assert_eq!(v.len(), 4, "{v:?}");
    for violation in &v {
        assert!(!violation.5.contains(canary), "{violation:?}");
    }
}

#[test]
fn policies_run_on_every_ndjson_line_on_every_thread() {
    let validator = Validator::new().with_policy(shipped("private-access"));
    let mut input = String::new();
    for i in 0..200 {
        let access = if i % 7 == 0 { "PUBLIC" } else { "PRIVATE" };
        input.push_str(&format!(
            "{{\"InstanceId\": \"dsw-{i}\", \"Accessibility\": \"{access}\"}}\n"
        ));
    }
    for threads in [1, 4] {
        let mut failing = Vec::new();
        let threads = std::num::NonZeroUsize::new(threads).unwrap();
        validator
            .validate_lines(input.as_bytes(), threads, |line| {
                if !line.report.is_valid() {
                    failing.push(line.number);
                }
                Ok(())
            })
            .unwrap();
        let expected: Vec<u64> = (0..200).filter(|i| i % 7 == 0).map(|i| i + 1).collect();
        assert_eq!(failing, expected);
    }
}

#[test]
fn an_api_error_body_is_not_held_to_policies() {
    let body = br#"{"RequestId": "r", "Code": "InstanceNotFound", "Message": "no such instance", "HttpStatusCode": 404}"#;
    let v = violations(shipped("owner-label"), body);
    assert_eq!(v, []);
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dswcheck"))
        .current_dir(root())
        .args(args)
        .arg("--no-config")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn the_cli_reports_policies_with_the_gate() {
    let policies: Vec<PathBuf> = SHIPPED
        .iter()
        .map(|(name, _, _)| PathBuf::from(format!("schemas/policies/{name}.schema.json")))
        .collect();
    let mut args = vec!["validate", "tests/data/policies/private-access.fail.json"];
    for p in &policies {
        args.extend(["--policy", p.to_str().unwrap()]);
    }
    let (code, stdout, _) = cli(&args);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("private-access.fail.json:1:46: error[policy.private-access] /Accessibility: Accessibility is not PRIVATE"),
        "{stdout}"
    );
    // Owner label and image registry are absent fields: the fixture breaks two more policies.
    assert!(stdout.contains("error[policy.owner-label]"), "{stdout}");
    let mut allowed = args.clone();
    allowed.extend(["--allow", "policy.owner-label,policy.private-access"]);
    let (code, stdout, _) = cli(&allowed);
    assert_eq!(code, 0, "{stdout}");
    let mut warned = args.clone();
    warned.extend(["--warn", "policy"]);
    assert_eq!(cli(&warned).0, 0);
    let mut typo = args.clone();
    typo.extend(["--deny", "policy.privat-access"]);
    let (code, _, stderr) = cli(&typo);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean policy.private-access?"),
        "{stderr}"
    );
    let (code, _, stderr) = cli(&[
        "validate",
        "tests/data/cli/valid.json",
        "--policy",
        "nowhere.json",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("nowhere.json:1:1: cannot read the policy"),
        "{stderr}"
    );
}

#[test]
fn the_readme_shows_the_shipped_policy_as_it_is() {
    let readme = include_str!("../README.md");
    let section = &readme[readme.find("## Policies").unwrap()..];
    let start = section.find("```json\n").unwrap() + "```json\n".len();
    let block = &section[start..][..section[start..].find("```").unwrap()];
    let file =
        std::fs::read_to_string(root().join("schemas/policies/no-public-ssh.schema.json")).unwrap();
    assert_eq!(block, file);
}

#[test]
fn sarif_lists_each_policy_code_as_a_rule() {
    let (code, stdout, _) = cli(&[
        "validate",
        "--format",
        "sarif",
        "tests/data/policies/private-access.fail.json",
        "--policy",
        "schemas/policies/private-access.schema.json",
    ]);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "policy.private-access");
    let rule = &rules[usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap()];
    assert_eq!(rule["id"], "policy.private-access");
    assert!(
        rule["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Accessibility must be PRIVATE"),
        "{rule}"
    );
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
}

#[test]
fn violations_past_the_limit_are_counted_not_kept() {
    let n = dswcheck::MAX_DIAGNOSTICS + 7;
    let labels: Vec<String> = (0..n).map(|i| format!("{{\"Key\": \"k{i}\"}}")).collect();
    let body = format!("{{\"Labels\": [{}]}}", labels.join(","));
    let p = policy(
        r#"{"properties": {"Labels": {"items": {"properties": {"Key": {"const": "owner"}}}}}}"#,
        "every-label.json",
    );
    let report = Validator::new().with_policy(p).validate(body.as_bytes());
    let diagnostics = report.diagnostics();
    assert_eq!(diagnostics.len(), dswcheck::MAX_DIAGNOSTICS + 1);
    let last = diagnostics.last().unwrap();
    assert_eq!(last.code.as_str(), "report.truncated");
    assert!(
        last.message.starts_with("7 more diagnostics not listed"),
        "{}",
        last.message
    );
    assert_eq!(last.severity, Severity::Error);
}
