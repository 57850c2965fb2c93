//! Identity keys: how the elements of each documented array are matched
//! between two snapshots, and sorted in the canonical form.

use std::borrow::Cow;

use serde_json::Value;

use crate::model::{self, ELEMENT};

pub(crate) use crate::model::Identity;

/// The identity of the array at `path` (object keys, [`ELEMENT`] for array
/// elements), from the field table; `None` for arrays compared by position
/// (those the documentation does not describe).
pub(crate) fn identity(path: &[&str]) -> Option<Identity> {
    if path.last() == Some(&ELEMENT) {
        return None;
    }
    model::field_at(path).and_then(|f| f.facts.identity)
}

/// The key of one element under one candidate: the first alternative field
/// present with a non-empty string or a number. `keep` says whether a field of
/// the element counts (ignored fields do not).
pub(crate) fn key_of<'v>(
    element: &'v Value,
    alternatives: &[&str],
    keep: impl Fn(&str) -> bool,
) -> Option<Cow<'v, str>> {
    let Value::Object(map) = element else {
        return None;
    };
    // Elements are small objects: comparing keys beats hashing the field name.
    let get = |field: &str| {
        if map.len() <= 16 {
            map.iter().find(|(k, _)| *k == field).map(|(_, v)| v)
        } else {
            map.get(field)
        }
    };
    alternatives.iter().find_map(|field| match get(field) {
        Some(Value::String(s)) if !s.is_empty() && keep(field) => Some(Cow::Borrowed(s.as_str())),
        // Equal numbers, however written, are one identity.
        Some(Value::Number(n)) if keep(field) => {
            Some(Cow::Owned(crate::number::canonical(n).to_string()))
        }
        _ => None,
    })
}

/// The identity of a set element: strings stand for themselves, anything else
/// for its JSON text (which no string can collide with, being unquoted).
pub(crate) fn set_key(element: &Value) -> Cow<'_, str> {
    match element {
        Value::String(s) => Cow::Borrowed(s),
        Value::Number(n) => Cow::Owned(format!("\u{0}{}", crate::number::canonical(n))),
        other => Cow::Owned(format!("\u{0}{other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Identity::{Keys, Set};
    use serde_json::json;

    #[test]
    fn lookup() {
        assert_eq!(identity(&["Labels"]), Some(Keys(&[&["Key"]])));
        assert_eq!(
            identity(&["CredentialConfig", "Configs", ELEMENT, "Roles"]),
            Some(Keys(&[&["RoleArn"]]))
        );
        assert_eq!(identity(&["UserVpc", "ExtendedCIDRs"]), Some(Set));
        assert_eq!(identity(&["MigrationOptions", "Steps"]), None);
    }

    #[test]
    fn keys_take_the_first_present_alternative() {
        let alternatives = &["ForwardPort", "Port"];
        assert_eq!(
            key_of(&json!({"Port": "22"}), alternatives, |_| true).as_deref(),
            Some("22")
        );
        assert_eq!(
            key_of(
                &json!({"ForwardPort": 22, "Port": "8"}),
                alternatives,
                |_| true
            )
            .as_deref(),
            Some("22")
        );
        assert_eq!(
            key_of(&json!({"ForwardPort": ""}), alternatives, |_| true),
            None
        );
        assert_eq!(
            key_of(&json!({"ForwardPort": "22"}), alternatives, |f| f
                != "ForwardPort"),
            None
        );
        assert_eq!(key_of(&json!("22"), alternatives, |_| true), None);
        assert_ne!(set_key(&json!(1)), set_key(&json!("1")));
    }
}
