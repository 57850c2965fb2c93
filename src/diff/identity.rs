//! Identity keys: how the elements of each documented array are matched
//! between two snapshots, and sorted in the canonical form.

use std::borrow::Cow;

use std::str::FromStr;

use serde_json::Number;

use crate::json::{Kind, Node};
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
pub(crate) fn key_of<'v, N: Node<'v>>(
    element: N,
    alternatives: &[&str],
    keep: impl Fn(&str) -> bool,
) -> Option<Cow<'v, str>> {
    if !element.is_object() {
        return None;
    }
    // Elements are small objects: comparing keys beats hashing the field name.
    let get = |field: &str| {
        if element.len() <= 16 {
            element.members().find(|(k, _)| *k == field).map(|(_, v)| v)
        } else {
            element.get(field)
        }
    };
    alternatives.iter().find_map(|field| {
        let value = get(field)?;
        match value.kind() {
            Kind::String => value
                .as_str()
                .filter(|s| !s.is_empty() && keep(field))
                .map(Cow::Borrowed),
            // Equal numbers, however written, are one identity.
            Kind::Number if keep(field) => canonical_of(value).map(|n| Cow::Owned(n.to_string())),
            _ => None,
        }
    })
}

/// The canonical form of a number value.
fn canonical_of<'v, N: Node<'v>>(value: N) -> Option<Number> {
    let n = Number::from_str(&value.number_text()?).ok()?;
    Some(crate::number::canonical(&n))
}

/// The identity of a set element: strings stand for themselves, anything else
/// for its JSON text (which no string can collide with, being unquoted).
pub(crate) fn set_key<'v, N: Node<'v>>(element: N) -> Cow<'v, str> {
    match element.kind() {
        Kind::String => Cow::Borrowed(element.as_str().unwrap_or_default()),
        Kind::Number => match canonical_of(element) {
            Some(n) => Cow::Owned(format!("\u{0}{n}")),
            None => Cow::Owned(format!("\u{0}{}", element.to_value())),
        },
        _ => Cow::Owned(format!("\u{0}{}", element.to_value())),
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
