//! The canonical form of a snapshot, for plain-text review (`git diff`, insta snapshots).

use serde_json::{Map, Value};

use crate::diff::{Copier, DiffOptions, FieldClass, Snapshot, classify};
use crate::json::Node;
use crate::parse::Report;
use crate::pointer::Pointer;

/// The canonical form of a snapshot: object keys sorted, identity-keyed
/// arrays sorted by identity (the same keys [`diff`](crate::diff) matches
/// by), string sets sorted, volatile and ignored fields left out as `options`
/// say, and secrets replaced by [`REDACTED`](crate::REDACTED). Arrays the
/// documentation does not describe keep their order.
///
/// Two snapshots that [`diff`](crate::diff) finds equal under the same
/// `options` have the same canonical form, and normalizing a canonical form
/// changes nothing (unless an ignore pattern names an array index).
///
/// # Examples
///
/// ```
/// use dswcheck::DiffOptions;
///
/// let report = dswcheck::parse(br#"{"Status": "Running", "RequestId": "r-1",
///     "Labels": [{"Value": "nlp", "Key": "team"}, {"Key": "env", "Value": "dev"}]}"#);
/// let value = dswcheck::normalize(&report, &DiffOptions::new());
/// assert_eq!(
///     value.to_string(),
///     r#"{"Labels":[{"Key":"env","Value":"dev"},{"Key":"team","Value":"nlp"}],"Status":"Running"}"#
/// );
/// ```
#[must_use]
pub fn normalize(report: &Report, options: &DiffOptions) -> Value {
    canonical_form(report.value(), options)
}

/// [`normalize`] of a [`Snapshot`]: the same canonical form.
///
/// # Examples
///
/// ```
/// let snapshot = dswcheck::Snapshot::read(br#"{"Status": "Running", "RequestId": "r-1"}"#.to_vec());
/// let value = dswcheck::normalize_snapshot(&snapshot, &Default::default());
/// assert_eq!(value.to_string(), r#"{"Status":"Running"}"#);
/// ```
#[must_use]
pub fn normalize_snapshot(snapshot: &Snapshot, options: &DiffOptions) -> Value {
    canonical_form(snapshot.root(), options)
}

fn canonical_form<'a, N: Node<'a>>(document: Option<N>, options: &DiffOptions) -> Value {
    let Some(document) = document.filter(|d| d.is_object()) else {
        return Value::Object(Map::new());
    };
    let filter = options.filter();
    if filter.ignored(&Pointer::root()) {
        return Value::Object(Map::new());
    }
    let mut copier = Copier::new(filter, true);
    let mut fields: Vec<(&str, N)> = document.members().collect();
    fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = Map::new();
    for (key, value) in fields {
        let mut schema = vec![key];
        let mut pointer = Pointer::root().key(key);
        let class = classify(&schema, FieldClass::Spec);
        if filter.keeps(class, &pointer) {
            let copy = copier.copy(value, class, &mut schema, &mut pointer);
            out.insert(key.to_owned(), copy);
        }
    }
    Value::Object(out)
}

/// The canonical form as bytes: [`normalize`] printed as indented JSON (two
/// spaces) with a trailing newline.
///
/// # Examples
///
/// ```
/// let report = dswcheck::parse(br#"{"InstanceName": "a", "InstanceId": "dsw-1"}"#);
/// let bytes = dswcheck::normalize_to_vec(&report, &Default::default());
/// assert_eq!(bytes, b"{\n  \"InstanceId\": \"dsw-1\",\n  \"InstanceName\": \"a\"\n}\n");
/// ```
#[must_use]
pub fn normalize_to_vec(report: &Report, options: &DiffOptions) -> Vec<u8> {
    // Cannot fail: a `Value` always serializes.
    let mut bytes = serde_json::to_vec_pretty(&normalize(report, options)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canonical(value: &Value, options: &DiffOptions) -> Vec<u8> {
        let report = crate::parse(value.to_string().as_bytes());
        normalize_to_vec(&report, options)
    }

    #[test]
    fn sorts_drops_and_redacts() {
        let value = json!({
            "RequestId": "r",
            "Tags": [{"TagKey": "b", "TagValue": "2"}, {"TagKey": "a", "TagValue": "1"}],
            "ServiceConfig": {"JupyterServerPassword": "hunter2", "JupyterServerAuth": "password"},
            "Extra": [2, 1]
        });
        let text = String::from_utf8(canonical(&value, &DiffOptions::new())).unwrap();
        assert_eq!(
            text,
            "{\n  \"Extra\": [\n    2,\n    1\n  ],\n  \"ServiceConfig\": {\n    \"JupyterServerAuth\": \"password\",\n    \"JupyterServerPassword\": \"<redacted>\"\n  },\n  \"Tags\": [\n    {\n      \"TagKey\": \"a\",\n      \"TagValue\": \"1\"\n    },\n    {\n      \"TagKey\": \"b\",\n      \"TagValue\": \"2\"\n    }\n  ]\n}\n"
        );
        let with_volatile = String::from_utf8(canonical(
            &value,
            &DiffOptions::new().should_include_volatile(true),
        ))
        .unwrap();
        assert!(with_volatile.contains("\"RequestId\": \"r\""));
    }

    #[test]
    fn idempotent() {
        let value = json!({"Labels": [{"Key": "b"}, {"Key": "a"}], "EnvironmentVariables": {"X_TOKEN": "t", "A": "1"}});
        let once = canonical(&value, &DiffOptions::new());
        let again: Value = serde_json::from_slice(&once).unwrap();
        assert_eq!(canonical(&again, &DiffOptions::new()), once);
    }
}
