//! The tolerant parse over every fixture: nothing lost, every position
//! right, no panic on any truncation, and large bodies accepted.

mod common;

use std::time::Instant;

use dswcheck::{Code, Diagnostic};
use serde_json::{Value, json};

/// The fixtures `serde_json` accepts (once a BOM is stripped), with their text and value.
fn json_fixtures() -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for path in common::all_fixtures() {
        let bytes = common::read(&path);
        let text = common::strip_bom(&bytes);
        let (Ok(text), Ok(value)) = (
            std::str::from_utf8(text),
            serde_json::from_slice::<Value>(text),
        ) else {
            continue;
        };
        out.push((common::name(&path).to_owned(), text.to_owned(), value));
    }
    assert!(out.len() >= 10, "only {} JSON fixtures", out.len());
    out
}

#[test]
fn no_data_loss() {
    for (name, text, value) in json_fixtures() {
        let report = dswcheck::parse(text.as_bytes());
        let back = match (report.instance(), report.list()) {
            (Some(instance), _) => serde_json::to_value(instance),
            (None, Some(page)) => serde_json::to_value(page),
            // Only a root that is not an object gives neither.
            (None, None) => {
                assert!(!value.is_object(), "{name}: an object gave no instance");
                continue;
            }
        };
        let back = back.expect("the typed body serializes");
        assert_eq!(
            back, value,
            "{name}: the typed body does not give back the input"
        );
    }
}

/// The byte offset of 1-based `line` and `column` (in Unicode scalar values) in `text`.
fn offset(text: &str, line: u32, column: u32) -> Option<usize> {
    let line_index = (line as usize).checked_sub(1)?;
    let skip = (column as usize).checked_sub(1)?;
    let start: usize = text
        .split_inclusive('\n')
        .take(line_index)
        .map(str::len)
        .sum();
    let line_text = text[start..].split('\n').next()?;
    if skip == line_text.chars().count() {
        return Some(start + line_text.len());
    }
    line_text.char_indices().nth(skip).map(|(i, _)| start + i)
}

/// Whether `d` points at the start of the value its pointer names in `text`.
///
/// `None` when there is nothing to compare: the pointer names no value (a
/// syntax error inside a value that was never built), or the diagnostic is
/// about a duplicate key, which points at the key rather than at a value.
fn points_at_value(text: &str, value: &Value, d: &Diagnostic) -> Option<Result<(), String>> {
    if d.code == Code::JsonDuplicateKey {
        return None;
    }
    let expected = value.pointer(d.pointer.as_str())?;
    let Some(at) = offset(text, d.line, d.column) else {
        return Some(Err(format!("{d}: position outside the text")));
    };
    let rest = &text[at..];
    let found = serde_json::Deserializer::from_str(rest)
        .into_iter::<Value>()
        .next();
    Some(match found {
        Some(Ok(found)) if found == *expected => Ok(()),
        _ => {
            let shown: String = rest.chars().take(40).collect();
            Err(format!(
                "{d}: the text there is {shown:?}, not the value at the pointer"
            ))
        }
    })
}

#[test]
fn positions_point_at_values() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (name, text, value) in json_fixtures() {
        let report = dswcheck::validate(text.as_bytes());
        for d in report.diagnostics() {
            match points_at_value(&text, &value, d) {
                Some(Ok(())) => checked += 1,
                Some(Err(e)) => wrong.push(format!("{name}: {e}")),
                None => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Enough diagnostics to mean something: the parse-policy fixtures alone have over 20.
    assert!(checked >= 20, "only {checked} diagnostics checked");
}

#[test]
fn position_check_catches_a_wrong_position() {
    let text = "{\n  \"Status\": \"running\"\n}";
    let value: Value = serde_json::from_str(text).unwrap();
    let report = dswcheck::parse(text.as_bytes());
    let d = &report.diagnostics()[0];
    assert_eq!(points_at_value(text, &value, d), Some(Ok(())));
    let moved = Diagnostic {
        column: d.column + 1,
        ..d.clone()
    };
    assert!(matches!(
        points_at_value(text, &value, &moved),
        Some(Err(_))
    ));
}

/// Whether `line` and `column` name a place in `text`, or just after its end.
fn in_bounds(text: &str, line: u32, column: u32) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    line >= 1
        && column >= 1
        && (line as usize) <= lines.len()
        && (column as usize) <= lines[line as usize - 1].chars().count() + 1
}

#[test]
fn every_truncation_is_a_positioned_syntax_error() {
    let bytes = common::read(&common::data_dir("valid").join("modern-full.json"));
    let full = std::str::from_utf8(&bytes).unwrap().trim_end();
    for n in 0..bytes.len() {
        let prefix = std::str::from_utf8(&bytes[..n]).expect("the fixture is ASCII");
        let report = dswcheck::parse(prefix.as_bytes());
        if prefix.trim_end() == full {
            // Only trailing whitespace is missing: the document is complete.
            assert!(report.is_valid(), "prefix of {n} bytes");
            continue;
        }
        let expected = if prefix.trim().is_empty() {
            Code::JsonEmpty
        } else {
            Code::JsonSyntax
        };
        let errors: Vec<&Diagnostic> = report.iter_errors().collect();
        assert!(
            matches!(errors[..], [d] if d.code == expected),
            "prefix of {n} bytes: expected one {expected}, got {errors:?}"
        );
        let d = errors[0];
        assert!(
            in_bounds(prefix, d.line, d.column),
            "prefix of {n} bytes: {d} is out of bounds"
        );
        assert!(
            report.instance().is_none(),
            "prefix of {n} bytes gave an instance"
        );
    }
}

/// A body with many datasets and labels, each unique and well-formed.
fn large_body(n: usize) -> Value {
    let datasets: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "DatasetId": format!("d-{i:06}"),
                "MountPath": format!("/mnt/data/{i}"),
                "Uri": format!("oss://bucket.oss-cn-shanghai-internal.aliyuncs.com/datasets/{i}/"),
                "Options": "{\"fs.oss.download.thread.concurrency\":\"10\"}",
                "MountAccess": "RO",
                "DatasetVersion": "v1",
                "Dynamic": false,
            })
        })
        .collect();
    let labels: Vec<Value> = (0..n)
        .map(|i| json!({"Key": format!("label-{i}"), "Value": format!("value-{i}")}))
        .collect();
    json!({
        "InstanceId": "dsw-1a2b3c4d5e6f7g8h",
        "Status": "Running",
        "GmtCreateTime": "2026-02-20T02:15:30Z",
        "GmtModifiedTime": "2026-03-01T08:05:00Z",
        "Datasets": datasets,
        "Labels": labels,
    })
}

#[test]
// The elapsed time is for the report on `--nocapture` runs, not an assertion.
#[allow(clippy::print_stderr)]
fn many_datasets_and_labels_are_valid() {
    const N: usize = 5_000;
    let body = serde_json::to_vec_pretty(&large_body(N)).unwrap();
    let start = Instant::now();
    let report = dswcheck::validate(&body);
    let elapsed = start.elapsed();
    eprintln!(
        "validate: {N} datasets and {N} labels, {} bytes, in {elapsed:?}",
        body.len()
    );
    let errors: Vec<String> = report
        .iter_errors()
        .take(10)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let instance = report.instance().expect("an instance");
    assert_eq!(instance.datasets.as_ref().map(Vec::len), Some(N));
    assert_eq!(instance.labels.as_ref().map(Vec::len), Some(N));
}
