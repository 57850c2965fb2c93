//! Helper checks for the laws: JSON text with where each value and key
//! starts, written independently of dswcheck's reader; every output of
//! validate; and where the secrets of a body are. The helpers of the diff
//! laws that the fuzz targets use too are in `tests/shared/diff_oracles.rs`.

use std::collections::HashMap;

use dswcheck::{Renderer, Source};
use serde_json::Value as Json;

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
///
/// Not shared with the fuzz crate's `validate_outputs`, which differs: it
/// takes a report, adds the coloured text and leaves out each diagnostic's
/// JSON. Making the two one would change what one of the secret laws checks.
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
///
/// The fuzz targets fill every secret with a canary instead (their
/// `with_canaries`); these laws put one generated secret, in one of several
/// forms, at one chosen place, so the two do not share this.
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
