//! What a diff and the canonical form leave out (volatile and ignored
//! fields) and hide (secrets), shared so that both always agree.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::class::classify_field;
use super::identity::{self, Identity};
use crate::json::{Kind, Node};
use crate::model::{self, ELEMENT, Field, FieldClass};
use crate::pointer::Pointer;
use crate::secret::{REDACTED, redact};

/// An `--ignore` pattern: a JSON Pointer whose `*` tokens match any one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    /// `None` for a pattern that is not a JSON Pointer, which matches nothing.
    pointer: Option<Pointer>,
}

impl Pattern {
    pub(crate) fn new(pattern: &str) -> Self {
        Pattern {
            pointer: Pointer::parse(pattern).ok(),
        }
    }

    /// Whether `pointer` is matched.
    pub(crate) fn matches(&self, pointer: &Pointer) -> bool {
        self.compare(pointer, false)
    }

    /// Whether `pointer` is matched or lies below a match: what ignoring a
    /// subtree means for a diagnostic's pointer.
    pub(crate) fn covers(&self, pointer: &Pointer) -> bool {
        self.compare(pointer, true)
    }

    fn compare(&self, pointer: &Pointer, below: bool) -> bool {
        let Some(pattern) = &self.pointer else {
            return false;
        };
        let mut tokens = pointer.tokens();
        for wanted in pattern.tokens() {
            match tokens.next() {
                Some(token) if wanted == "*" || wanted == token => {}
                _ => return false,
            }
        }
        below || tokens.next().is_none()
    }
}

/// What stays in a diff or a canonical form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Filter<'o> {
    pub include_volatile: bool,
    pub ignore: &'o [Pattern],
}

impl Filter<'_> {
    /// Whether a value of `class` at `pointer` is kept.
    pub(crate) fn keeps(&self, class: FieldClass, pointer: &Pointer) -> bool {
        (self.include_volatile || class != FieldClass::Volatile) && !self.ignored(pointer)
    }

    /// Whether an `--ignore` pattern drops `pointer`.
    pub(crate) fn ignored(&self, pointer: &Pointer) -> bool {
        self.ignore.iter().any(|p| p.matches(pointer))
    }

    /// The positions of the `count` array elements kept, `pointer` being the array's.
    pub(crate) fn kept_elements(&self, count: usize, pointer: &mut Pointer) -> Vec<usize> {
        if self.ignore.is_empty() {
            return (0..count).collect();
        }
        let len = pointer.len();
        (0..count)
            .filter(|&i| {
                pointer.push_index(i);
                let ignored = self.ignored(pointer);
                pointer.truncate(len);
                !ignored
            })
            .collect()
    }

    /// Whether the field `field` of the element at `element` (a pointer) is kept
    /// (identity key fields are never volatile, so only patterns matter).
    pub(crate) fn keeps_field(&self, element: &Pointer, field: &str) -> bool {
        self.ignore.is_empty() || !self.ignored(&element.clone().key(field))
    }
}

/// Copies values through a [`Filter`], redacting secrets and, for the
/// canonical form, sorting object keys and identity-keyed arrays.
pub(crate) struct Copier<'f> {
    pub filter: Filter<'f>,
    /// Whether to produce the canonical form (sorted keys and identity-keyed arrays).
    pub sort: bool,
    /// Set once a secret has been replaced by [`REDACTED`].
    pub redacted: bool,
}

impl<'f> Copier<'f> {
    pub(crate) fn new(filter: Filter<'f>, sort: bool) -> Self {
        Copier {
            filter,
            sort,
            redacted: false,
        }
    }

    /// A copy of `value`, a value of `class` at `schema` (keys and [`ELEMENT`]s)
    /// and at `pointer` in its document. The value itself is kept; what it
    /// contains goes through the filter, and all of it through the secret policy.
    pub(crate) fn copy<'a, N: Node<'a>>(
        &mut self,
        value: N,
        class: FieldClass,
        schema: &mut Vec<&'a str>,
        pointer: &mut Pointer,
    ) -> Value {
        let field = match value.kind() {
            // An object's members look up their own fields.
            Kind::Object | Kind::Null => None,
            // A scalar's copy depends on its field, and so do an array's elements.
            _ => model::field_at(schema),
        };
        self.copy_at(value, class, field, schema, pointer)
    }

    /// [`Copier::copy`] of a value whose documented field (for an array
    /// element, the array's) is `field`.
    fn copy_at<'a, N: Node<'a>>(
        &mut self,
        value: N,
        class: FieldClass,
        field: Option<&'static Field>,
        schema: &mut Vec<&'a str>,
        pointer: &mut Pointer,
    ) -> Value {
        let kind = value.kind();
        let hidden = class == FieldClass::Secret
            || (!matches!(kind, Kind::Null | Kind::Object | Kind::Array)
                && field.is_some_and(Field::is_secret_bearing_container));
        if hidden {
            self.redacted = true;
            return Value::String(REDACTED.to_owned());
        }
        match kind {
            Kind::Object => {
                let mut entries: Vec<(&'a str, N)> = value.members().collect();
                if self.sort {
                    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
                }
                let mut out = Map::with_capacity(entries.len());
                let len = pointer.len();
                for (key, child) in entries {
                    schema.push(key);
                    pointer.push(key);
                    let (child_class, child_field) = classify_field(schema, class);
                    if self.filter.keeps(child_class, pointer) {
                        let copied = self.copy_at(child, child_class, child_field, schema, pointer);
                        let mut key = key.to_owned();
                        self.redacted |= redact::text_in_place(&mut key);
                        out.insert(key, copied);
                    }
                    pointer.truncate(len);
                    schema.pop();
                }
                Value::Object(out)
            }
            Kind::Array => {
                let identity = if self.sort {
                    identity::identity(schema)
                } else {
                    None
                };
                let len = pointer.len();
                schema.push(ELEMENT);
                let mut out = Vec::with_capacity(value.len());
                for (i, item) in value.elements().enumerate() {
                    pointer.push_index(i);
                    // As `Filter::kept_elements` keeps them.
                    if self.filter.ignore.is_empty() || !self.filter.ignored(pointer) {
                        out.push(self.copy_at(item, class, field, schema, pointer));
                    }
                    pointer.truncate(len);
                }
                schema.pop();
                if let Some(identity) = identity {
                    sort_elements(&mut out, identity);
                }
                Value::Array(out)
            }
            Kind::String => {
                let s = value.as_str().unwrap_or_default();
                if field.is_some_and(Field::is_json_text) {
                    if let Some(text) = self.json_text(s, class, schema, pointer) {
                        return Value::String(text);
                    }
                }
                let shown = redact::text(s);
                self.redacted |= matches!(shown, Cow::Owned(_));
                Value::String(shown.into_owned())
            }
            // The canonical form writes equal numbers alike.
            Kind::Number if self.sort => match value.to_value() {
                Value::Number(n) => Value::Number(crate::number::canonical(&n)),
                other => other,
            },
            _ => value.to_value(),
        }
    }
}

impl Copier<'_> {
    /// The copy of a JSON text string (`Options`) as the JSON it holds,
    /// copied like any value (its members named like secrets redacted, its
    /// keys sorted for the canonical form) and written back compactly, so
    /// that equal JSON gives equal text; `None` if it does not parse.
    fn json_text(
        &mut self,
        text: &str,
        class: FieldClass,
        schema: &[&str],
        pointer: &Pointer,
    ) -> Option<String> {
        let parsed = serde_json::from_str::<Value>(text).ok()?;
        self.parsed_json_text(&parsed, class, schema, pointer)
    }

    /// [`Copier::json_text`] of a text already parsed into `parsed`.
    pub(crate) fn parsed_json_text(
        &mut self,
        parsed: &Value,
        class: FieldClass,
        schema: &[&str],
        pointer: &Pointer,
    ) -> Option<String> {
        // The parsed text lives shorter than the snapshot: its own path, from the field's.
        let mut schema: Vec<&str> = schema.to_vec();
        let mut pointer = pointer.clone();
        let copy = self.copy_at(parsed, class, None, &mut schema, &mut pointer);
        // Cannot fail: a `Value` always serializes.
        serde_json::to_string(&copy).ok()
    }
}

/// Sorts canonical (already copied) elements by identity: by the first key
/// candidate that every element has and no two share, else by their JSON text.
fn sort_elements(items: &mut [Value], identity: Identity) {
    if let Identity::Keys(candidates) = identity {
        for alternatives in candidates {
            let keys: Option<Vec<Cow<'_, str>>> = items
                .iter()
                .map(|item| identity::key_of(item, alternatives, |_| true))
                .collect();
            let Some(keys) = keys else { continue };
            let mut order: Vec<(Cow<'_, str>, usize)> = keys.into_iter().zip(0..).collect();
            order.sort_unstable();
            if order.windows(2).any(|w| w[0].0 == w[1].0) {
                continue;
            }
            let order: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
            permute(items, &order);
            return;
        }
    }
    // Sets, and keyed arrays whose keys are missing or repeated: the JSON
    // text of a canonical element is canonical, so this order is too.
    items.sort_by_cached_key(|item| match item {
        Value::String(s) => (false, s.clone()),
        other => (true, other.to_string()),
    });
}

/// Reorders `items` so that position `k` holds the old `items[order[k]]`.
fn permute(items: &mut [Value], order: &[usize]) {
    let mut taken: Vec<Value> = items.iter_mut().map(std::mem::take).collect();
    for (slot, &from) in items.iter_mut().zip(order) {
        *slot = std::mem::take(&mut taken[from]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patterns() {
        let at = |text: &str| Pointer::parse(text).expect("a test's pointer");
        let p = Pattern::new("/Datasets/*/Options");
        assert!(p.matches(&at("/Datasets/0/Options")));
        assert!(p.matches(&at("/Datasets/17/Options")));
        assert!(!p.matches(&at("/Datasets/0")));
        assert!(!p.matches(&at("/Datasets/0/Options/x")));
        assert!(p.covers(&at("/Datasets/0/Options/x")));
        assert!(!p.matches(&at("/Labels/0/Options")));
        assert!(Pattern::new("/a~1b").matches(&at("/a~1b")));
        assert!(!Pattern::new("/a~1b").matches(&at("/a/b")));
        assert!(Pattern::new("").matches(&at("")));
        assert!(!Pattern::new("").matches(&at("/a")));
        assert!(!Pattern::new("Datasets").matches(&at("/Datasets")));
        assert!(!Pattern::new("/a~2").matches(&at("/a~02")));
        assert!(!Pattern::new("/x").matches(&at("")));
    }

    #[test]
    fn canonical_copy_sorts_filters_and_redacts() {
        let value = json!({
            "RequestId": "r",
            "Labels": [{"Value": "2", "Key": "b"}, {"Key": "a", "Value": "1"}],
            "UserVpc": {"ExtendedCIDRs": ["10.0.0.0/8", "1.0.0.0/8"]},
            "ImageAuth": "dXNlcjpodW50ZXIy",
            "Datasets": [{"MountPath": "/b"}, {"MountPath": "/a"}],
            "Extra": [3, 1]
        });
        let patterns = [Pattern::new("/Extra/0")];
        let filter = Filter {
            include_volatile: false,
            ignore: &patterns,
        };
        let mut copier = Copier::new(filter, true);
        let out = copier.copy(
            &value,
            FieldClass::Spec,
            &mut Vec::new(),
            &mut Pointer::root(),
        );
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            r#"{"Datasets":[{"MountPath":"/a"},{"MountPath":"/b"}],"Extra":[1],"ImageAuth":"<redacted>","Labels":[{"Key":"a","Value":"1"},{"Key":"b","Value":"2"}],"UserVpc":{"ExtendedCIDRs":["1.0.0.0/8","10.0.0.0/8"]}}"#
        );
        assert!(copier.redacted);
    }

    #[test]
    fn repeated_keys_sort_by_content() {
        let mut items = vec![
            json!({"Key": "a", "Value": "2"}),
            json!({"Key": "a", "Value": "1"}),
        ];
        sort_elements(&mut items, Identity::Keys(&[&["Key"]]));
        assert_eq!(
            items,
            [
                json!({"Key": "a", "Value": "1"}),
                json!({"Key": "a", "Value": "2"})
            ]
        );
    }
}
