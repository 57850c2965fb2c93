//! The diff's JSON Patch: it turns old into new, orders its operations so
//! that they apply in turn, and marks redacted values in a member that
//! appliers ignore.

use dswcheck::DiffOptions;
use serde_json::Value;

use crate::{apply, compare, data, load, pairs};

#[test]
fn json_patch_ignores_the_redacted_member() {
    let (old, new) = (
        data("secret-rotated.old.json"),
        data("secret-rotated.new.json"),
    );
    let diff = compare(&old, &new, &DiffOptions::new()).unwrap();
    let patch = serde_json::to_value(diff.patch()).unwrap();
    let ops = patch.as_array().unwrap();
    let redacted = ops.iter().filter(|op| op["redacted"] == true).count();
    assert!(redacted >= 8, "{redacted} redacted operations");
    // Every operation is read, the marked ones included, and the marker is
    // not taken for part of an operation.
    let parsed: json_patch::Patch = serde_json::from_value(patch.clone()).unwrap();
    assert_eq!(parsed.len(), ops.len());
    for (op, parsed) in ops.iter().zip(parsed.iter()) {
        let mut unmarked = op.clone();
        unmarked.as_object_mut().unwrap().shift_remove("redacted");
        assert_eq!(serde_json::to_value(parsed).unwrap(), unmarked);
    }
    let mut document = serde_json::json!({"ImageAuth": "dXNlcjpwdw=="});
    let marked: json_patch::Patch = serde_json::from_value(serde_json::json!([
        {"op": "replace", "path": "/ImageAuth", "value": "<redacted>", "redacted": true}
    ]))
    .unwrap();
    json_patch::patch(&mut document, &marked).unwrap();
    assert_eq!(document, serde_json::json!({"ImageAuth": "<redacted>"}));
}

#[test]
fn patch_turns_old_into_new() {
    let mut checked = 0;
    for (name, old_path, new_path) in pairs() {
        for options in [
            DiffOptions::new(),
            DiffOptions::new().should_include_volatile(true),
        ] {
            let Ok(diff) = compare(&old_path, &new_path, &options) else {
                continue;
            };
            let patch = serde_json::to_value(diff.patch()).unwrap();
            let mut document: Value =
                serde_json::from_slice(&std::fs::read(&old_path).unwrap()).unwrap();
            apply(&mut document, &patch);
            let patched = dswcheck::parse(document.to_string().as_bytes());
            let new = load(&new_path).unwrap();
            // Equal up to the order of identity-keyed arrays, volatile fields and secrets:
            // exactly what the canonical form leaves out.
            assert_eq!(
                String::from_utf8(dswcheck::normalize_to_vec(&patched, &options)).unwrap(),
                String::from_utf8(dswcheck::normalize_to_vec(&new, &options)).unwrap(),
                "{name}: {patch:#}"
            );
            let again = dswcheck::diff(&patched, &new, &options).unwrap();
            assert!(
                again.changes.iter().all(|c| c.is_redacted()),
                "{name}: {:?}",
                again.changes
            );
            checked += 1;
        }
    }
    assert!(checked >= 20);
}

#[test]
fn patch_orders_removals_before_appends() {
    let diff = compare(
        &data("credential-config-changed.old.json"),
        &data("credential-config-changed.new.json"),
        &DiffOptions::new(),
    )
    .unwrap();
    let ops: Vec<(String, String)> = diff
        .patch()
        .ops()
        .iter()
        .map(|op| (format!("{:?}", op.op), op.path.to_string()))
        .collect();
    assert_eq!(
        ops,
        [
            (
                "Replace".into(),
                "/CredentialConfig/Configs/1/Roles/1/Policy".into()
            ),
            ("Remove".into(), "/CredentialConfig/Configs/0".into()),
            // Configs/1 in the old snapshot is Configs/0 once Configs/0 is removed.
            ("Add".into(), "/CredentialConfig/Configs/0/Roles/-".into()),
        ]
    );
}
