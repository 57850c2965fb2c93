//! JSON text fields (`Datasets[].Options`, `Policy`) are compared as the
//! JSON they hold: key order and whitespace do not count, and a change
//! shows at the member that changed, in every format.

use dswcheck::{ChangeKind, DiffOptions};
use serde_json::{Value, json};

/// A body with one dataset whose `Options` is `options`.
fn body(options: &str) -> dswcheck::Report {
    let value = json!({
        "InstanceId": "dsw-1",
        "Datasets": [{"DatasetId": "d-1", "MountPath": "/mnt/data/", "Options": options}],
    });
    dswcheck::read(value.to_string().as_bytes())
}

#[test]
fn reordered_or_reformatted_json_text_is_no_change() {
    let old = body(
        r#"{"fs.oss.download.thread.concurrency":"10","fs.oss.upload.thread.concurrency":"10"}"#,
    );
    let new = body(
        "{\n  \"fs.oss.upload.thread.concurrency\": \"10\",\n  \"fs.oss.download.thread.concurrency\": \"10\"\n}",
    );
    let diff = dswcheck::diff(&old, &new, &DiffOptions::new()).unwrap();
    assert!(diff.is_empty(), "{:#?}", diff.changes);
    // And the canonical forms agree, so "no diff" and "same bytes" stay one thing.
    assert_eq!(
        dswcheck::normalize_to_vec(&old, &DiffOptions::new()),
        dswcheck::normalize_to_vec(&new, &DiffOptions::new())
    );
}

#[test]
fn a_changed_member_is_reported_at_the_member_in_every_format() {
    let old = body(
        r#"{"fs.oss.endpoint":"oss-cn-hangzhou-internal.aliyuncs.com","fs.oss.download.thread.concurrency":"10"}"#,
    );
    let new = body(
        r#"{"fs.oss.download.thread.concurrency":"16","fs.oss.endpoint":"oss-cn-hangzhou-internal.aliyuncs.com"}"#,
    );
    let diff = dswcheck::diff(&old, &new, &DiffOptions::new()).unwrap();
    assert_eq!(diff.changes.len(), 1, "{:#?}", diff.changes);
    let change = &diff.changes[0];
    assert_eq!(change.kind, ChangeKind::Changed);
    assert_eq!(
        change.path,
        r#"Datasets[DatasetId=d-1].Options."fs.oss.download.thread.concurrency""#
    );
    assert_eq!(
        change.old_pointer.as_ref().map(dswcheck::Pointer::as_str),
        Some("/Datasets/0/Options")
    );
    assert_eq!(
        change.text_pointer.as_ref().map(dswcheck::Pointer::as_str),
        Some("/fs.oss.download.thread.concurrency")
    );
    assert_eq!(
        (change.old.clone(), change.new.clone()),
        (Some(json!("10")), Some(json!("16")))
    );

    let text = diff.to_text(false);
    assert!(
        text.contains(r#"Options."fs.oss.download.thread.concurrency": "10" -> "16""#),
        "{text}"
    );
    let markdown = diff.to_markdown();
    assert!(
        markdown.contains(r#"<code>"10"</code> | <code>"16"</code>"#),
        "{markdown}"
    );
    let json: Value = serde_json::from_str(&diff.to_json()).unwrap();
    assert_eq!(
        json["changes"][0]["text_pointer"],
        "/fs.oss.download.thread.concurrency"
    );

    // The patch cannot point into a string: it replaces the whole text once.
    let patch: Value = serde_json::from_str(&diff.patch().to_json()).unwrap();
    let ops = patch.as_array().unwrap();
    assert_eq!(ops.len(), 1, "{patch:#}");
    assert_eq!(ops[0]["op"], "replace");
    assert_eq!(ops[0]["path"], "/Datasets/0/Options");
    let written: Value = serde_json::from_str(ops[0]["value"].as_str().unwrap()).unwrap();
    assert_eq!(
        written,
        json!({"fs.oss.download.thread.concurrency": "16", "fs.oss.endpoint": "oss-cn-hangzhou-internal.aliyuncs.com"})
    );
}

#[test]
fn several_members_are_one_patch_operation() {
    let old = body(r#"{"a":"1","b":"2"}"#);
    let new = body(r#"{"a":"3","c":"4"}"#);
    let diff = dswcheck::diff(&old, &new, &DiffOptions::new()).unwrap();
    let kinds: Vec<_> = diff
        .changes
        .iter()
        .map(|c| (c.kind, c.text_pointer.as_ref().map(ToString::to_string)))
        .collect();
    assert_eq!(
        kinds,
        [
            (ChangeKind::Changed, Some("/a".to_owned())),
            (ChangeKind::Removed, Some("/b".to_owned())),
            (ChangeKind::Added, Some("/c".to_owned())),
        ]
    );
    // Each side's pointer is there only when that side has the member.
    assert_eq!(diff.changes[1].new_pointer, None);
    assert_eq!(diff.changes[2].old_pointer, None);
    let mut patched = old.value().cloned().unwrap();
    let ops: Vec<json_patch::PatchOperation> =
        serde_json::from_str(&diff.patch().to_json()).unwrap();
    assert_eq!(ops.len(), 1);
    json_patch::patch(&mut patched, &ops).unwrap();
    let options = patched["Datasets"][0]["Options"].as_str().unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(options).unwrap(),
        json!({"a": "3", "c": "4"})
    );
}

#[test]
fn text_that_is_not_json_is_compared_as_text() {
    let diff = dswcheck::diff(&body("not json"), &body("{\"a\":1}"), &DiffOptions::new()).unwrap();
    assert_eq!(diff.changes.len(), 1);
    assert_eq!(diff.changes[0].text_pointer, None);
    assert_eq!(diff.changes[0].path, "Datasets[DatasetId=d-1].Options");
}
