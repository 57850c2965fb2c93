//! Where a policy's `$ref`s may lead: files on this machine and the
//! built-in schema, never the network.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::pointer::Pointer;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The `file:` URI of an absolute path, escaping what a URI cannot hold.
pub(super) fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    let text = path.to_string_lossy();
    if !text.starts_with('/') {
        uri.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// The path a `file:` URI names; `None` for a malformed escape.
fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file://host/path`: only the local host.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let rest = rest.split(['#', '?']).next().unwrap_or(rest);
    let mut bytes = Vec::with_capacity(rest.len());
    let mut it = rest.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex = [it.next()?, it.next()?];
            let hex = std::str::from_utf8(&hex).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
        } else {
            bytes.push(b);
        }
    }
    Some(PathBuf::from(String::from_utf8(bytes).ok()?))
}

/// Refuses, before anything is resolved, every `$ref` that would leave this
/// machine: an absolute URI that is neither `file:`, nor the built-in
/// schema, nor a resource the policy declares itself (`$id`).
pub(super) fn check_refs(schema: &Value) -> Result<(), (Pointer, String)> {
    let mut ids = vec![crate::schema::SCHEMA_ID.to_owned()];
    let mut refs = Vec::new();
    super::walk(
        schema,
        &mut Pointer::root(),
        &mut |pointer, key, value| match (key, value.as_str()) {
            ("$id", Some(id)) => ids.push(without_fragment(id).to_owned()),
            ("$ref" | "$dynamicRef", Some(target)) => {
                refs.push((pointer.clone(), target.to_owned()))
            }
            _ => {}
        },
    );
    for (pointer, target) in refs {
        let Some((scheme, _)) = target.split_once(':') else {
            continue;
        };
        let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        let local = scheme.eq_ignore_ascii_case("file")
            || ids.iter().any(|id| id == without_fragment(&target));
        if is_scheme && !local {
            return Err((pointer, not_fetched(&target)));
        }
    }
    Ok(())
}

fn without_fragment(uri: &str) -> &str {
    uri.split('#').next().unwrap_or(uri)
}

fn not_fetched(uri: &str) -> String {
    format!(
        "$ref {uri:?} is not fetched: dswcheck never uses the network; copy the schema beside \
         the policy and refer to it by a relative path"
    )
}

/// The retriever of every policy.
pub(super) struct Local;

impl jsonschema::Retrieve for Local {
    fn retrieve(&self, uri: &jsonschema::Uri<String>) -> Result<Value, Error> {
        let uri = uri.as_str();
        if uri.trim_end_matches('#') == crate::schema::SCHEMA_ID {
            return Ok(crate::schema::schema().clone());
        }
        if uri.starts_with("file:") {
            let path = uri_path(uri).ok_or_else(|| format!("malformed file URI {uri:?}"))?;
            let text =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            return serde_json::from_slice(&text)
                .map_err(|e| format!("{} is not JSON: {e}", path.display()).into());
        }
        Err(not_fetched(uri).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/my policies/owner#1.json");
        let uri = file_uri(path);
        assert_eq!(uri, "file:///tmp/my%20policies/owner%231.json");
        assert_eq!(uri_path(&uri).as_deref(), Some(path));
        assert_eq!(
            uri_path("file:///a/b.json#/$defs/x").as_deref(),
            Some(Path::new("/a/b.json"))
        );
        assert_eq!(uri_path("file:///a%2"), None);
    }
}
