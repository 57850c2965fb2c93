//! Validation of every fixture: snapshots of the whole report, and the
//! parse-policy contract (which code, at which pointer, with which message).

mod common;

use std::collections::BTreeSet;

use dswcheck::{Code, Diagnostic, Severity};
use serde::Serialize;
use serde_json::Value;

/// The snapshotted form of a report.
#[derive(Serialize)]
struct Rendered<'a> {
    valid: bool,
    diagnostics: &'a [Diagnostic],
}

/// One snapshot per fixture, so any change in what is reported shows up in review.
#[test]
fn report() {
    insta::with_settings!({snapshot_path => "../snapshots", sort_maps => true}, {
        insta::glob!("data/{valid,invalid}/*.json", |path| {
            let report = dswcheck::validate(&common::read(path));
            let rendered = Rendered { valid: report.is_valid(), diagnostics: report.diagnostics() };
            insta::assert_json_snapshot!(rendered);
        });
    });
}

#[test]
fn valid_fixtures_have_no_errors() {
    for path in common::fixtures("valid") {
        let report = dswcheck::validate(&common::read(&path));
        let errors: Vec<String> = report.iter_errors().map(ToString::to_string).collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            common::name(&path),
            errors.join("\n")
        );
        assert!(
            report.instance().is_some() || report.list().is_some(),
            "{}: no instance or page",
            common::name(&path)
        );
    }
}

/// The unmasked string values at secret paths of `value`, long enough that
/// finding one in a message cannot be a coincidence.
fn secrets(value: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                path.push(key.clone());
                secrets(v, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                secrets(v, path, out);
                path.pop();
            }
        }
        Value::String(s)
            if dswcheck::is_secret_path(path) && s.len() >= 6 && !s.contains("***") =>
        {
            out.push(s.clone());
        }
        _ => {}
    }
}

#[test]
fn no_secret_in_any_message() {
    let mut checked = 0;
    for path in common::all_fixtures() {
        let bytes = common::read(&path);
        let Ok(value) = serde_json::from_slice::<Value>(common::strip_bom(&bytes)) else {
            continue;
        };
        let mut found = Vec::new();
        secrets(&value, &mut Vec::new(), &mut found);
        let report = dswcheck::validate(&bytes);
        for secret in &found {
            checked += 1;
            for d in report.diagnostics() {
                assert!(
                    !d.message.contains(secret.as_str()),
                    "{}: {d} shows a secret",
                    common::name(&path)
                );
            }
        }
    }
    // rule-secret-exposed.json has an unmasked password.
    assert!(checked > 0, "no fixture has an unmasked secret to look for");
}

/// One diagnostic a parse-policy fixture exists to produce.
struct Expected {
    file: String,
    code: Code,
    pointer: String,
    line: u32,
    column: u32,
}

/// The diagnostic `code` at `pointer`, `(line, column)` in `tests/data/invalid/parse-<what>.json`.
fn expect(
    what: &str,
    code: Code,
    pointer: impl Into<String>,
    (line, column): (u32, u32),
) -> Expected {
    let file = format!("parse-{what}.json");
    Expected {
        file,
        code,
        pointer: pointer.into(),
        line,
        column,
    }
}

/// Where `parse-too-deep.json` goes one level too deep: the 127th nested array
/// is at depth 129, as the root and `MigrationOptions` are objects.
fn too_deep_pointer() -> String {
    format!("/MigrationOptions/Plan{}", "/0".repeat(126))
}

/// The parse policy of issue #2, one row per intended diagnostic. A fixture
/// must be valid exactly when none of its rows is an error.
fn parse_policy() -> Vec<Expected> {
    use Code::*;
    vec![
        expect("truncated", JsonSyntax, "/Status", (5, 18)),
        expect("syntax-error", JsonSyntax, "/Datasets/0/MountPath", (7, 20)),
        expect("invalid-utf8", JsonInvalidUtf8, "", (3, 23)),
        expect("empty", JsonEmpty, "", (1, 1)),
        expect("too-deep", JsonTooDeep, too_deep_pointer(), (1, 195)),
        // Kept as written (no number is out of JSON's range now); the typed
        // int64 field cannot hold it.
        expect(
            "number-too-large",
            NumberOutOfRange,
            "/AccumulatedRunningTimeInMs",
            (3, 33),
        ),
        // The second `Status` key, not its value: the key is what is duplicated.
        expect("duplicate-key", JsonDuplicateKey, "/Status", (5, 3)),
        expect("bom", JsonBom, "", (1, 1)),
        expect("root-array", TypeMismatch, "", (1, 1)),
        expect("null-fields", ValueNull, "/Status", (3, 13)),
        expect("null-fields", ValueNull, "/Datasets", (4, 15)),
        expect("null-fields", ValueNull, "/UserVpc/VSwitchId", (7, 18)),
        expect("coercible-scalars", TypeCoerced, "/WorkspaceId", (2, 18)),
        expect("coercible-scalars", TypeCoerced, "/Priority", (4, 15)),
        expect(
            "coercible-scalars",
            TypeCoerced,
            "/Datasets/0/Dynamic",
            (9, 18),
        ),
        expect("wrong-type", TypeMismatch, "/Datasets", (4, 15)),
        expect(
            "int-out-of-range",
            NumberOutOfRange,
            "/HttpStatusCode",
            (4, 21),
        ),
        expect("unknown-fields", FieldUnknown, "/Region", (3, 13)),
        expect("unknown-fields", FieldUnknown, "/instanceName", (4, 19)),
        expect("unknown-fields", FieldUnknown, "/UserVpc/ZoneId", (7, 15)),
        expect(
            "unknown-fields",
            FieldUnknown,
            "/Datasets/0/SizeInBytes",
            (13, 22),
        ),
        expect("status-case", EnumUnknown, "/Status", (3, 13)),
        expect(
            "gpu-type-open",
            EnumUnlisted,
            "/RequestedResource/GPUType",
            (8, 16),
        ),
        expect("api-error", ResponseApiError, "", (1, 1)),
        expect("api-error-envelope", ResponseApiError, "", (1, 1)),
    ]
}

fn validate_fixture(file: &str) -> dswcheck::Report {
    dswcheck::validate(&common::read(&common::data_dir("invalid").join(file)))
}

/// The diagnostic `file` produces with `code` at `pointer`.
fn find(report: &dswcheck::Report, file: &str, code: Code, pointer: &str) -> Diagnostic {
    report
        .diagnostics()
        .iter()
        .find(|d| d.code == code && d.pointer == pointer)
        .cloned()
        .unwrap_or_else(|| {
            let all: Vec<String> = report
                .diagnostics()
                .iter()
                .map(ToString::to_string)
                .collect();
            panic!("{file}: no {code} at {pointer:?}; got:\n{}", all.join("\n"))
        })
}

#[test]
fn parse_policy_codes_pointers_and_positions() {
    let table = parse_policy();
    for e in &table {
        let report = validate_fixture(&e.file);
        let d = find(&report, &e.file, e.code, &e.pointer);
        assert_eq!(
            (d.line, d.column),
            (e.line, e.column),
            "{}: position of {d}",
            e.file
        );
        assert_eq!(d.severity, e.code.severity(), "{}: {d}", e.file);
        let intended_error = table
            .iter()
            .any(|row| row.file == e.file && row.code.severity() == Severity::Error);
        let errors: Vec<String> = report.iter_errors().map(ToString::to_string).collect();
        assert_eq!(
            report.is_valid(),
            !intended_error,
            "{}: errors {errors:#?}",
            e.file
        );
    }
}

/// Every `parse-*.json` fixture is in the policy table, so none is only snapshotted.
#[test]
fn parse_policy_covers_every_parse_fixture() {
    let on_disk: BTreeSet<String> = common::fixtures("invalid")
        .iter()
        .map(|p| common::name(p).to_owned())
        .filter(|name| name.starts_with("parse-"))
        .collect();
    let in_table: BTreeSet<String> = parse_policy().into_iter().map(|e| e.file).collect();
    assert_eq!(on_disk, in_table);
}

/// The message of the diagnostic `file` produces with `code` at `pointer`.
fn message(file: &str, code: Code, pointer: &str) -> String {
    find(&validate_fixture(file), file, code, pointer).message
}

#[test]
fn message_not_json() {
    insta::assert_snapshot!(message("parse-truncated.json", Code::JsonSyntax, "/Status"), @"unexpected end of input in a string");
    insta::assert_snapshot!(message("parse-syntax-error.json", Code::JsonSyntax, "/Datasets/0/MountPath"), @"expected a JSON value, found `'`");
    insta::assert_snapshot!(message("parse-invalid-utf8.json", Code::JsonInvalidUtf8, ""), @"invalid UTF-8: byte 0xff at offset 64 does not start a valid character");
    insta::assert_snapshot!(message("parse-empty.json", Code::JsonEmpty, ""), @"empty input: expected a JSON object");
    insta::assert_snapshot!(message("parse-too-deep.json", Code::JsonTooDeep, &too_deep_pointer()), @"arrays and objects nest deeper than the limit of 128");
    insta::assert_snapshot!(message("parse-number-too-large.json", Code::NumberOutOfRange, "/AccumulatedRunningTimeInMs"), @"expected an integer (int64), found number `1e+400`, outside -9223372036854775808..=9223372036854775807");
}

#[test]
fn message_duplicate_key() {
    insta::assert_snapshot!(message("parse-duplicate-key.json", Code::JsonDuplicateKey, "/Status"), @r#"duplicate key "Status": the last value is used, but the body is ambiguous"#);
}

#[test]
fn message_bom() {
    insta::assert_snapshot!(message("parse-bom.json", Code::JsonBom, ""), @"a UTF-8 byte order mark precedes the JSON text; ignored");
}

#[test]
fn message_root_not_object() {
    insta::assert_snapshot!(message("parse-root-array.json", Code::TypeMismatch, ""), @"expected a GetInstance body (a JSON object), found an array");
}

#[test]
fn message_null_field() {
    insta::assert_snapshot!(message("parse-null-fields.json", Code::ValueNull, "/UserVpc/VSwitchId"), @"VSwitchId is null; read as absent");
}

#[test]
fn message_coerced_scalars() {
    insta::assert_snapshot!(message("parse-coercible-scalars.json", Code::TypeCoerced, "/WorkspaceId"), @"expected a string, found number `40823`; read as a string");
    insta::assert_snapshot!(message("parse-coercible-scalars.json", Code::TypeCoerced, "/Priority"), @r#"expected an integer (int64), found string "3"; read as an integer (int64)"#);
    insta::assert_snapshot!(message("parse-coercible-scalars.json", Code::TypeCoerced, "/Datasets/0/Dynamic"), @r#"expected a boolean, found string "true"; read as a boolean"#);
}

#[test]
fn message_type_mismatch() {
    insta::assert_snapshot!(message("parse-wrong-type.json", Code::TypeMismatch, "/Datasets"), @"expected an array, found an object");
}

#[test]
fn message_integer_width() {
    insta::assert_snapshot!(message("parse-int-out-of-range.json", Code::NumberOutOfRange, "/HttpStatusCode"), @"expected an integer (int32), found number `3000000000`, outside -2147483648..=2147483647");
}

#[test]
fn message_unknown_field() {
    insta::assert_snapshot!(message("parse-unknown-fields.json", Code::FieldUnknown, "/UserVpc/ZoneId"), @r#"unknown field "ZoneId": not in the API documentation; kept as is"#);
    insta::assert_snapshot!(message("parse-unknown-fields.json", Code::FieldUnknown, "/instanceName"), @r#"unknown field "instanceName": did you mean "InstanceName"? kept as is"#);
}

#[test]
fn message_enum() {
    insta::assert_snapshot!(message("parse-status-case.json", Code::EnumUnknown, "/Status"), @r#""running" is not one of "Creating", "SaveFailed", "Stopped", "Failed", "ResourceAllocating", "Stopping" or 9 other values; did you mean "Running"?"#);
    insta::assert_snapshot!(message("parse-gpu-type-open.json", Code::EnumUnlisted, "/RequestedResource/GPUType"), @r#""v100" is not one of "V100", "A100", "T4", "A10" or "P100"; did you mean "V100"? (the documentation lists possible values, not all)"#);
}

#[test]
fn message_api_error() {
    insta::assert_snapshot!(message("parse-api-error.json", Code::ResponseApiError, ""), @r#"the body is an API error response, not an instance: Code "ValidationError", Message "instance dsw-730xxxxxxxxxx does not exist" (HTTP 400)"#);
    insta::assert_snapshot!(message("parse-api-error-envelope.json", Code::ResponseApiError, ""), @r#"the body is an API error response, not an instance: Code "Forbidden.RAM", Message "User not authorized to operate on the specified resource, or this API doesn't support RAM.""#);
}
