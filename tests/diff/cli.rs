//! The `dswcheck diff` command: exit codes, standard input, colour, and the
//! JSON, patch and Markdown formats.

use std::ffi::OsStr;
use std::process::Output;

use dswcheck::DiffOptions;
use serde::Deserialize;
use serde_json::Value;

use crate::{common, compare, data, dswcheck, pairs};

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
    let output = common::output_with_stdin(
        env!("CARGO_BIN_EXE_dswcheck"),
        [
            OsStr::new("diff"),
            "--color".as_ref(),
            "never".as_ref(),
            "-".as_ref(),
            new.as_os_str(),
        ],
        &std::fs::read(&old).unwrap(),
    );
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
    /// Only for changes inside JSON text.
    #[serde(default)]
    text_pointer: Option<String>,
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
            if let Some(inner) = &c.text_pointer {
                assert!(inner.is_empty() || inner.starts_with('/'), "{name} {inner}");
                let field = c.old_pointer.as_ref().or(c.new_pointer.as_ref());
                assert!(
                    field.is_some_and(|p| p.ends_with("/Options") || p.ends_with("/Policy")),
                    "{name} {field:?}"
                );
            }
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
