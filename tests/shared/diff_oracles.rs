//! The helpers of the diff and normalize laws that the property tests and
//! the fuzz targets share: what a diff shows, how two directions of a diff
//! compare, what redaction may hide, reordering keyed arrays and applying
//! the patch.
//!
//! The two crates cannot depend on each other, so each includes this one
//! file as a module: `tests/properties.rs` and `fuzz/src/lib.rs`, with
//! `#[path]`. It may use only what both have: dswcheck, serde_json and
//! json-patch. Helpers that differ between the two on purpose stay in each
//! crate, with a comment saying why.

use dswcheck::{Change, ChangeKind, Diff, FieldClass};
use serde_json::{Value, json};

/// Every output format of a diff, concatenated: the text with and without
/// colour, Markdown, JSON, the JSON Patch and the `Debug` form.
#[must_use]
pub fn diff_outputs(diff: &Diff) -> String {
    let mut all = diff.to_text(false);
    all.push_str(&diff.to_text(true));
    all.push_str(&diff.to_markdown());
    all.push_str(&serde_json::to_string(diff).expect("a diff serializes"));
    all.push_str(&serde_json::to_string(&diff.patch()).expect("a patch serializes"));
    all.push_str(&format!("{diff:?}"));
    all
}

/// The changes of `forward` and of `backward` (the diff the other way
/// round), each as a sorted list, the backward ones seen from the other
/// side: the two lists are equal exactly when the diffs mirror each other.
#[must_use]
pub fn mirrored(forward: &Diff, backward: &Diff) -> (Vec<String>, Vec<String>) {
    let mut ahead: Vec<String> = forward.changes.iter().map(plain).collect();
    let mut back: Vec<String> = backward.changes.iter().map(flipped).collect();
    ahead.sort();
    back.sort();
    (ahead, back)
}

/// A change seen from the other side: kind, sides and pointers swapped.
///
/// The readable path is left out: an element named by position takes its
/// index from the new snapshot (as documented on `Change::path`), so it names
/// another index from the other side. The pointers locate it exactly.
fn flipped(change: &Change) -> String {
    let kind = match change.kind {
        ChangeKind::Added => ChangeKind::Removed,
        ChangeKind::Removed => ChangeKind::Added,
        ChangeKind::Changed => ChangeKind::Changed,
    };
    json!([
        kind,
        change.new_pointer,
        change.old_pointer,
        change.new,
        change.old,
        change.class
    ])
    .to_string()
}

/// A change as [`flipped`] shows it, without the swap.
fn plain(change: &Change) -> String {
    json!([
        change.kind,
        change.old_pointer,
        change.new_pointer,
        change.old,
        change.new,
        change.class
    ])
    .to_string()
}

/// Whether `changes` are only what redaction hides: secrets that changed,
/// changes whose redacted copies are equal, and removals that additions of
/// equal redacted copies cancel (an element of a set matched by its whole
/// value differs only inside a secret).
#[must_use]
pub fn only_hidden(changes: &[Change]) -> bool {
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    for c in changes {
        match c.kind {
            ChangeKind::Changed if c.class == FieldClass::Secret || c.old == c.new => {}
            ChangeKind::Changed => return false,
            ChangeKind::Removed => removed.push(sorted_text(c.old.as_ref())),
            ChangeKind::Added => added.push(sorted_text(c.new.as_ref())),
        }
    }
    removed.sort();
    added.sort();
    removed == added
}

/// A value as text with object keys sorted, so equal values give equal text.
fn sorted_text(value: Option<&Value>) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    value.map(sorted).unwrap_or_default().to_string()
}

/// `value` with every identity-keyed array reversed.
#[must_use]
pub fn reorder_keyed(value: &Value) -> Value {
    fn walk(value: &mut Value, path: &mut Vec<String>) {
        match value {
            Value::Array(items) => {
                if dswcheck::__private::is_identity_keyed(path) {
                    items.reverse();
                }
                path.push("[]".into());
                items.iter_mut().for_each(|v| walk(v, path));
                path.pop();
            }
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    path.push(k.clone());
                    walk(v, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = value.clone();
    walk(&mut out, &mut Vec::new());
    out
}

/// Applies a serialized RFC 6902 patch with json-patch.
///
/// # Errors
///
/// When the operations are not an RFC 6902 patch, or one does not apply: a
/// missing parent, index or member.
pub fn apply_patch(doc: &mut Value, ops: &[Value]) -> Result<(), String> {
    let patch: json_patch::Patch =
        serde_json::from_value(Value::Array(ops.to_vec())).map_err(|e| e.to_string())?;
    json_patch::patch(doc, &patch).map_err(|e| e.to_string())
}
