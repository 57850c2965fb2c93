//! Helper checks for the laws: JSON text with where each value and key
//! starts, written independently of dswcheck's reader; every output of
//! validate and of diff; where the secrets of a body are; and how two diffs,
//! or a body and its canonical form, compare.

use std::collections::HashMap;

use dswcheck::{Change, ChangeKind, FieldClass, Renderer, Source};
use serde_json::{Value as Json, json};

use crate::mutations::{all_places, escape};

/// JSON text in one of two layouts, with the byte offset of every value and
/// key (by the pointer of the value), written independently of dswcheck's reader.
pub(crate) struct Written {
    pub(crate) text: String,
    pub(crate) values: HashMap<String, usize>,
    pub(crate) keys: HashMap<String, usize>,
}

pub(crate) fn write(value: &Json, pretty: bool) -> Written {
    fn go(w: &mut Written, value: &Json, pointer: &str, depth: usize, pretty: bool) {
        w.values.insert(pointer.to_owned(), w.text.len());
        let newline = |w: &mut Written, depth: usize| {
            if pretty {
                w.text.push('\n');
                w.text.push_str(&"  ".repeat(depth));
            }
        };
        match value {
            Json::Array(items) if !items.is_empty() => {
                w.text.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        w.text.push(',');
                    }
                    newline(w, depth + 1);
                    go(w, item, &format!("{pointer}/{i}"), depth + 1, pretty);
                }
                newline(w, depth);
                w.text.push(']');
            }
            Json::Object(map) if !map.is_empty() => {
                w.text.push('{');
                for (i, (key, item)) in map.iter().enumerate() {
                    if i > 0 {
                        w.text.push(',');
                    }
                    newline(w, depth + 1);
                    let p = format!("{pointer}/{}", escape(key));
                    w.keys.insert(p.clone(), w.text.len());
                    w.text
                        .push_str(&serde_json::to_string(key).expect("a key serializes"));
                    w.text.push_str(if pretty { ": " } else { ":" });
                    go(w, item, &p, depth + 1, pretty);
                }
                newline(w, depth);
                w.text.push('}');
            }
            other => w
                .text
                .push_str(&serde_json::to_string(other).expect("a value serializes")),
        }
    }
    let mut w = Written {
        text: String::new(),
        values: HashMap::new(),
        keys: HashMap::new(),
    };
    go(&mut w, value, "", 0, pretty);
    w
}

/// The 1-based line and column (in Unicode scalar values) of a byte offset.
pub(crate) fn position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[start..].chars().count() + 1;
    (u32::try_from(line).unwrap(), u32::try_from(column).unwrap())
}

/// Every output format of validate for `bytes`, concatenated.
pub(crate) fn validate_outputs(bytes: &[u8]) -> String {
    let report = dswcheck::validate(bytes);
    let mut all = Renderer::new().text(Source::Document("body.json"), &report);
    all.push_str(&Renderer::new().json(Source::Document("body.json"), &report));
    for d in report.diagnostics() {
        all.push_str(&d.to_string());
        all.push_str(&serde_json::to_string(d).expect("a diagnostic serializes"));
        all.push_str(&format!("{d:?}"));
    }
    all
}

/// The pointers of the secret values of `body`: the documented credential
/// fields and secret-looking names in string maps.
pub(crate) fn secret_places(body: &Json) -> Vec<String> {
    all_places(body)
        .into_iter()
        .filter(|p| {
            let segments: Vec<String> = p[1..]
                .split('/')
                .map(|s| s.replace("~1", "/").replace("~0", "~"))
                .collect();
            dswcheck::is_secret_path(&segments) && body.pointer(p).is_some_and(Json::is_string)
        })
        .collect()
}

/// A change as seen from the other snapshot: kind, pointers and values swapped.
/// The readable path is left out: an element named by position takes its
/// index from the new snapshot (see `Change::path`); the pointers are exact.
pub(crate) fn flipped(c: &Change) -> String {
    let kind = match c.kind {
        ChangeKind::Added => ChangeKind::Removed,
        ChangeKind::Removed => ChangeKind::Added,
        ChangeKind::Changed => ChangeKind::Changed,
    };
    json!([kind, c.new_pointer, c.old_pointer, c.new, c.old, c.class]).to_string()
}

pub(crate) fn plain(c: &Change) -> String {
    json!([c.kind, c.old_pointer, c.new_pointer, c.old, c.new, c.class]).to_string()
}

/// A value as text with object keys sorted.
fn sorted_text(value: Option<&Json>) -> String {
    fn sorted(value: &Json) -> Json {
        match value {
            Json::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Json::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            Json::Array(items) => Json::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    value.map(sorted).unwrap_or_default().to_string()
}

/// Whether the changes are only what redaction hides: changed secrets, and
/// changes whose redacted copies are equal.
pub(crate) fn only_hidden(changes: &[Change]) -> bool {
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

/// Applies a serialized RFC 6902 patch with json-patch.
pub(crate) fn apply_patch(doc: &mut Json, ops: &[Json]) -> Result<(), String> {
    let patch: json_patch::Patch =
        serde_json::from_value(Json::Array(ops.to_vec())).map_err(|e| e.to_string())?;
    json_patch::patch(doc, &patch).map_err(|e| e.to_string())
}

/// Every output format of a diff, concatenated.
pub(crate) fn diff_outputs(d: &dswcheck::Diff) -> String {
    let mut all = d.to_text(false);
    all.push_str(&d.to_text(true));
    all.push_str(&d.to_markdown());
    all.push_str(&serde_json::to_string(d).expect("a diff serializes"));
    all.push_str(&serde_json::to_string(&d.patch()).expect("a patch serializes"));
    all.push_str(&format!("{d:?}"));
    all
}

/// `value` with every identity-keyed array reversed.
pub(crate) fn reorder_keyed(value: &Json) -> Json {
    fn walk(value: &mut Json, path: &mut Vec<String>) {
        match value {
            Json::Array(items) => {
                if dswcheck::__private::is_identity_keyed(path) {
                    items.reverse();
                }
                path.push("[]".into());
                items.iter_mut().for_each(|v| walk(v, path));
                path.pop();
            }
            Json::Object(map) => {
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
