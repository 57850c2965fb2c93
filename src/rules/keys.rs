//! Key/value lists (`Labels`, `Tags`) whose keys must be unique.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::Findings;
use crate::decode::quote;
use crate::diagnostic::Code;
use crate::model::Instance;
use crate::pointer::pointer;

/// Checks that no two `Labels` share a `Key` and no two `Tags` share a
/// `TagKey`; each duplicate is reported at the later entry.
///
/// Keys compare exactly: the API does not document them as case-insensitive.
pub(crate) fn check(instance: &Instance, out: &mut Findings<'_>) {
    if let Some(labels) = &instance.labels {
        unique(
            out,
            labels.iter().map(|l| l.key.as_deref()),
            Code::LabelDuplicateKey,
            "Labels",
            "Key",
        );
    }
    if let Some(tags) = &instance.tags {
        unique(
            out,
            tags.iter().map(|t| t.tag_key.as_deref()),
            Code::TagDuplicateKey,
            "Tags",
            "TagKey",
        );
    }
}

pub(super) fn unique<'a>(
    out: &mut Findings<'_>,
    keys: impl Iterator<Item = Option<&'a str>>,
    code: Code,
    list: &str,
    field: &str,
) {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(keys.size_hint().0);
    for (i, key) in keys.enumerate() {
        let Some(key) = key else { continue };
        match seen.entry(key) {
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
            Entry::Occupied(first) => out.push(
                code,
                pointer![list, i, field],
                format!(
                    "{field} {} repeats {}",
                    quote(key),
                    pointer![list, *first.get(), field]
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::rules::test_util::{diagnostics_of, instance};

    #[test]
    fn duplicate_label_keys_are_reported_at_the_later_label() {
        let doc = json!({"Labels": [
            {"Key": "team", "Value": "nlp"}, {"Key": "Team", "Value": "cv"}, {"Key": "env"},
            {"Key": "team", "Value": "nlp"}, {"Value": "no key"}, {"Value": "no key"}, {"Key": "env"}, {"Key": "team"},
        ]});
        let found = diagnostics_of(check, &instance(&doc));
        let pointers: Vec<_> = found.iter().map(|d| (d.code, d.pointer.as_str())).collect();
        assert_eq!(
            pointers,
            [
                (Code::LabelDuplicateKey, "/Labels/3/Key"),
                (Code::LabelDuplicateKey, "/Labels/6/Key"),
                (Code::LabelDuplicateKey, "/Labels/7/Key"),
            ]
        );
        assert_eq!(found[2].message, "Key \"team\" repeats /Labels/0/Key");
        assert!(found[0].is_error());
    }

    #[test]
    fn duplicate_tag_keys_are_reported_at_the_later_tag() {
        let doc = json!({
            "Labels": [{"Key": "department"}],
            "Tags": [{"TagKey": "department", "TagValue": "a"}, {"TagKey": ""}, {"TagKey": "department", "TagValue": "b"}, {"TagKey": ""}],
        });
        let found = diagnostics_of(check, &instance(&doc));
        let pointers: Vec<_> = found.iter().map(|d| (d.code, d.pointer.as_str())).collect();
        // An empty key is still a key: two of them are as ambiguous as two "department"s.
        assert_eq!(
            pointers,
            [
                (Code::TagDuplicateKey, "/Tags/2/TagKey"),
                (Code::TagDuplicateKey, "/Tags/3/TagKey")
            ]
        );
        assert_eq!(
            found[0].message,
            "TagKey \"department\" repeats /Tags/0/TagKey"
        );
    }
}
