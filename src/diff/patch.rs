//! The diff as an RFC 6902 JSON Patch.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use super::{Change, ChangeKind, Diff};
use crate::pointer::Pointer;

/// The operation of a [`PatchOp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PatchOpKind {
    /// Adds a member to an object, or appends to an array (path ending in `/-`).
    Add,
    /// Removes a member or an array element.
    Remove,
    /// Replaces a value.
    Replace,
}

/// One RFC 6902 operation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PatchOp<'a> {
    /// The operation.
    pub op: PatchOpKind,
    /// Where it applies, in the document being patched.
    pub path: Cow<'a, Pointer>,
    /// The value to add or replace with; `None` for `remove`.
    pub value: Option<&'a Value>,
    /// Whether `value` holds [`REDACTED`](crate::REDACTED) in place of a secret:
    /// applying this operation writes the marker, not the secret.
    pub redacted: bool,
}

impl Serialize for PatchOp<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("op", &self.op)?;
        map.serialize_entry("path", &self.path)?;
        if let Some(value) = self.value {
            map.serialize_entry("value", value)?;
        }
        // RFC 6902 section 4: members an operation does not define are ignored by appliers.
        if self.redacted {
            map.serialize_entry("redacted", &true)?;
        }
        map.end()
    }
}

/// An RFC 6902 JSON Patch that turns the old snapshot into the new one.
///
/// The operations apply in order to the old snapshot:
///
/// 1. `replace`, and `add` / `remove` of object members, at pointers into the old snapshot;
/// 2. `remove` of array elements, from the last index to the first in each
///    array, so that no removal moves an element a later one points at;
/// 3. `add` of array elements, appended with `/-` (pointers account for the
///    removals before them).
///
/// The result equals the new snapshot except for what the diff does not
/// encode: the order of the elements of identity-keyed arrays (a set-like
/// comparison has no order; added elements come last), the volatile and
/// ignored fields left out of the diff, and secrets, which the patch writes as
/// [`REDACTED`](crate::REDACTED) (such operations have `"redacted": true`).
/// Serializing a `Patch` gives the JSON array of operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Patch<'a> {
    ops: Vec<PatchOp<'a>>,
}

impl<'a> Patch<'a> {
    /// The operations, in the order they apply.
    #[must_use]
    pub fn ops(&self) -> &[PatchOp<'a>] {
        &self.ops
    }

    /// How many operations write [`REDACTED`](crate::REDACTED) in place of a secret.
    #[must_use]
    pub fn redacted_ops(&self) -> usize {
        self.ops.iter().filter(|op| op.redacted).count()
    }

    /// The patch as RFC 6902 JSON text, indented with two spaces, as `dswcheck
    /// diff --format patch` prints it (without the final newline).
    #[must_use]
    pub fn to_json(&self) -> String {
        // Cannot fail: every key is a string and every value JSON data.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Serialize for Patch<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(&self.ops)
    }
}

impl Diff {
    /// The changes as an RFC 6902 JSON Patch from the old snapshot to the new one.
    ///
    /// # Examples
    ///
    /// ```
    /// let old = dswcheck::parse(br#"{"Labels": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}"#);
    /// let new = dswcheck::parse(br#"{"Labels": [{"Key": "b", "Value": "3"}]}"#);
    /// let diff = dswcheck::diff(&old, &new, &Default::default())?;
    /// assert_eq!(
    ///     serde_json::to_string(&diff.patch())?,
    ///     r#"[{"op":"replace","path":"/Labels/1/Value","value":"3"},{"op":"remove","path":"/Labels/0"}]"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn patch(&self) -> Patch<'_> {
        let mut ops = Vec::with_capacity(self.changes.len());
        let mut removals: Vec<&Pointer> = Vec::new();
        let mut appends: Vec<&Change> = Vec::new();
        let mut last_text: Option<&Pointer> = None;
        for change in &self.changes {
            if let Some((field, whole_new)) = &change.text_field {
                // Changes inside one JSON text field are one replacement of
                // the whole text: a pointer does not reach into a string.
                if last_text != Some(field) {
                    last_text = Some(field);
                    ops.push(PatchOp {
                        op: PatchOpKind::Replace,
                        path: Cow::Borrowed(field),
                        value: Some(whole_new),
                        redacted: change.redacted,
                    });
                }
                continue;
            }
            let old_pointer = change.old_pointer.as_ref().unwrap_or(&ROOT);
            match (change.kind, change.element) {
                (ChangeKind::Changed, _) => ops.push(PatchOp {
                    op: PatchOpKind::Replace,
                    path: Cow::Borrowed(old_pointer),
                    value: change.new.as_ref(),
                    redacted: change.redacted,
                }),
                (ChangeKind::Removed, false) => ops.push(PatchOp {
                    op: PatchOpKind::Remove,
                    path: Cow::Borrowed(old_pointer),
                    value: None,
                    redacted: false,
                }),
                (ChangeKind::Added, false) => ops.push(PatchOp {
                    op: PatchOpKind::Add,
                    path: Cow::Borrowed(change.add_at.as_ref().unwrap_or(&ROOT)),
                    value: change.new.as_ref(),
                    redacted: change.redacted,
                }),
                (ChangeKind::Removed, true) => removals.push(old_pointer),
                (ChangeKind::Added, true) => appends.push(change),
            }
        }
        removals.sort_unstable_by(|a, b| compare_pointers(b, a));
        let mut removed: HashMap<Pointer, Vec<usize>> = HashMap::new();
        for pointer in &removals {
            let index = pointer.last().and_then(|i| i.parse::<usize>().ok());
            if let (Some(array), Some(index)) = (pointer.parent(), index) {
                removed.entry(array).or_default().push(index);
            }
        }
        for indexes in removed.values_mut() {
            indexes.sort_unstable();
        }
        ops.extend(removals.iter().map(|pointer| PatchOp {
            op: PatchOpKind::Remove,
            path: Cow::Borrowed(*pointer),
            value: None,
            redacted: false,
        }));
        for change in appends {
            let at = change.add_at.as_ref().unwrap_or(&ROOT);
            ops.push(PatchOp {
                op: PatchOpKind::Add,
                path: if removed.is_empty() {
                    Cow::Borrowed(at)
                } else {
                    Cow::Owned(shift(at, &removed))
                },
                value: change.new.as_ref(),
                redacted: change.redacted,
            });
        }
        Patch { ops }
    }
}

/// What a change without a pointer on its side (never made) patches: the root.
static ROOT: Pointer = Pointer::root();

/// Orders pointers token by token, array indexes numerically, so that a
/// descending order removes later elements (and their contents) first.
fn compare_pointers(a: &Pointer, b: &Pointer) -> Ordering {
    let numeric = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
    let mut a_tokens = a.tokens();
    let mut b_tokens = b.tokens();
    loop {
        match (a_tokens.next(), b_tokens.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = if numeric(&x) && numeric(&y) {
                    x.len().cmp(&y.len()).then(x.cmp(&y))
                } else {
                    x.cmp(&y)
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// `pointer` (into the old snapshot) rewritten for the document after the
/// removals: each index into an array that lost elements before it moves down.
fn shift(pointer: &Pointer, removed: &HashMap<Pointer, Vec<usize>>) -> Pointer {
    let mut out = Pointer::root();
    let mut prefix = Pointer::root();
    for token in pointer.tokens() {
        match (removed.get(&prefix), token.parse::<usize>()) {
            (Some(indexes), Ok(i)) => out.push_index(i - indexes.partition_point(|&r| r < i)),
            _ => out.push(&token),
        }
        prefix.push(&token);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Pointer {
        Pointer::parse(text).expect("a test's pointer")
    }

    #[test]
    fn pointer_order_puts_later_elements_first() {
        let mut pointers: Vec<Pointer> = ["/a/2", "/a/10", "/a/9/b/0", "/a/9/b/3", "/c", "/a/0"]
            .into_iter()
            .map(at)
            .collect();
        pointers.sort_by(|a, b| compare_pointers(b, a));
        assert_eq!(
            pointers,
            ["/c", "/a/10", "/a/9/b/3", "/a/9/b/0", "/a/2", "/a/0"]
        );
    }

    #[test]
    fn appends_follow_earlier_removals() {
        let mut removed = HashMap::new();
        removed.insert(at("/Configs"), vec![0, 1, 5]);
        let shifted = |p: &str| shift(&at(p), &removed);
        assert_eq!(shifted("/Configs/3/Roles/-"), "/Configs/1/Roles/-");
        assert_eq!(shifted("/Configs/7/Roles/-"), "/Configs/4/Roles/-");
        assert_eq!(shifted("/Other/3/-"), "/Other/3/-");
        assert_eq!(shifted("/Configs/3/a~1b/-"), "/Configs/1/a~1b/-");
    }
}
