//! The compact document: the input text kept, and a preorder tape of
//! 12-byte nodes over it, with keys and strings borrowed from the text
//! (only those holding escapes are unescaped, into one arena).
//!
//! A [`serde_json::Value`] costs several times its text (a 64-byte map entry
//! per member, an allocation per key and string); two of them do not fit a
//! diff of two large snapshots in four times their size. This does, at about
//! twice the text.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::str::FromStr;

use serde_json::{Map, Number, Value};

use super::node::{Kind, Node};
use super::{Build, Located, MAX_VALUES, offset32};
use crate::diagnostic::Overflow;

/// What a [`Raw`] node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Tag {
    /// At `a` of the text, as `False` and `True` (for [`TapeNode::same_flat_object`]).
    Null,
    False,
    True,
    /// `a..a + b` of the text.
    Number,
    /// `a..a + b` of the text.
    String,
    /// `a..a + b` of the arena.
    Unescaped,
    /// `a` nodes in all (itself included), `b` elements.
    Array,
    /// `a` nodes in all (itself included, keys too), `b` members: each a
    /// key node followed by its value's nodes.
    Object,
    /// An object key: `a..a + b` of the text.
    Key,
    /// An object key: `a..a + b` of the arena.
    UnescapedKey,
}

/// One node of the tape.
#[derive(Debug, Clone, Copy)]
struct Raw {
    tag: Tag,
    a: u32,
    b: u32,
}

impl Raw {
    /// How many nodes the value starting here spans.
    fn size(self) -> usize {
        match self.tag {
            Tag::Array | Tag::Object => self.a as usize,
            _ => 1,
        }
    }
}

/// A document read into a tape, over its text `S`: owned (`String`, what
/// the diff keeps) or borrowed (`&str`, for a tape that lives no longer
/// than its input, which then is not copied).
#[derive(Debug, Clone)]
pub(crate) struct Tape<S = String> {
    /// The input, byte order mark included.
    text: S,
    /// Where the JSON text starts in `text` (after a byte order mark).
    skip: usize,
    nodes: Vec<Raw>,
    arena: String,
    /// Where each node starts in the JSON text, when the tape was scanned
    /// for diagnostics that need it (validation); empty for the diff, whose
    /// memory it would add a third to.
    starts: Vec<u32>,
    /// The byte offset (in the JSON text) where the root value starts.
    pub root_start: usize,
}

/// A value in a [`Tape`].
#[derive(Debug)]
pub(crate) struct TapeNode<'t, S = String> {
    tape: &'t Tape<S>,
    index: usize,
}

// Not derived: the derives would ask `S: Copy`, which `String` is not.
impl<S> Clone for TapeNode<'_, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for TapeNode<'_, S> {}

impl<S: AsRef<str>> Tape<S> {
    /// Scans `text` (whose JSON starts at `skip`, already checked as UTF-8 and
    /// against the size limit) into a tape: the scan's diagnostics, and the
    /// tape if the text held a JSON value.
    /// The text is handed back when it held no JSON value. With `starts`,
    /// the tape knows where each of its values starts ([`Places`](super::Places)).
    pub(crate) fn scan(
        text: S,
        skip: usize,
        starts: bool,
    ) -> (Result<Self, S>, Vec<Located>, Overflow) {
        let json = &text.as_ref()[skip..];
        // About one node per 14 bytes in typical bodies: one allocation, not a dozen.
        let nodes = (json.len() / 14).min(2 * MAX_VALUES);
        let scan = super::scan(
            json,
            TapeBuilder {
                nodes: Vec::with_capacity(nodes),
                arena: String::new(),
                // The keys of the objects open at once: an instance's some
                // 80 fields and a few of a nested object's.
                keys: Vec::with_capacity(8 * SCANNED),
                values: 0,
                starts: starts.then(|| Vec::with_capacity(nodes)),
            },
        );
        let root_start = json.len() - json.trim_start_matches([' ', '\t', '\n', '\r']).len();
        let super::Scan {
            value,
            builder,
            diagnostics,
            overflow,
        } = scan;
        let TapeBuilder {
            nodes,
            mut arena,
            starts,
            ..
        } = builder;
        let Some(()) = value else {
            return (Err(text), diagnostics, overflow);
        };
        arena.shrink_to_fit();
        let tape = Tape {
            text,
            skip,
            nodes,
            arena,
            starts: starts.unwrap_or_default(),
            root_start,
        };
        (Ok(tape), diagnostics, overflow)
    }

    /// The JSON text (after a byte order mark).
    pub(crate) fn json(&self) -> &str {
        &self.text.as_ref()[self.skip..]
    }

    /// The root value.
    pub(crate) fn root(&self) -> TapeNode<'_, S> {
        TapeNode {
            tape: self,
            index: 0,
        }
    }

    /// The node at `index`.
    pub(crate) fn node(&self, index: usize) -> TapeNode<'_, S> {
        TapeNode { tape: self, index }
    }

    /// How many nodes the value at node `index` spans; 1 past the end.
    pub(crate) fn size_of(&self, index: usize) -> usize {
        self.nodes.get(index).map_or(1, |raw| raw.size())
    }

    /// Where the value at node `index` starts in the JSON text: known for
    /// every node of a tape scanned with its starts, else for none.
    pub(crate) fn start_of(&self, index: usize) -> Option<usize> {
        self.starts.get(index).map(|&start| start as usize)
    }

    /// Where node `index` starts in the JSON text, if it is there (not
    /// unescaped into the arena, nor an array or object).
    fn offset(&self, index: usize) -> Option<usize> {
        let raw = self.nodes[index];
        match raw.tag {
            Tag::Null | Tag::False | Tag::True | Tag::Number | Tag::String | Tag::Key => {
                Some(raw.a as usize)
            }
            Tag::Unescaped | Tag::UnescapedKey | Tag::Array | Tag::Object => None,
        }
    }

    /// An offset in the JSON text at or after the end of the value that ends
    /// before node `index`: the start of one of the next few nodes, or the
    /// end of the text after the last.
    fn end_before(&self, index: usize) -> Option<usize> {
        // The next few: past a few openings of arrays and objects, or an unescaped string.
        const SEARCHED: usize = 8;
        if index == self.nodes.len() {
            return Some(self.json().len());
        }
        (index..self.nodes.len().min(index + SEARCHED)).find_map(|i| self.offset(i))
    }

    fn slice(&self, raw: Raw) -> &str {
        let (a, b) = (raw.a as usize, raw.b as usize);
        match raw.tag {
            Tag::Unescaped | Tag::UnescapedKey => &self.arena[a..a + b],
            _ => &self.text.as_ref()[self.skip + a..self.skip + a + b],
        }
    }
}

impl<'t, S: AsRef<str>> TapeNode<'t, S> {
    fn raw(self) -> Raw {
        self.tape.nodes[self.index]
    }

    fn at(self, index: usize) -> Self {
        TapeNode {
            tape: self.tape,
            index,
        }
    }
}

impl<'t, S: AsRef<str> + 't> Node<'t> for TapeNode<'t, S> {
    const HASHED: bool = false;

    fn kind(self) -> Kind {
        match self.raw().tag {
            Tag::Null => Kind::Null,
            Tag::False | Tag::True => Kind::Bool,
            Tag::Number => Kind::Number,
            Tag::Array => Kind::Array,
            Tag::Object => Kind::Object,
            Tag::String | Tag::Unescaped | Tag::Key | Tag::UnescapedKey => Kind::String,
        }
    }

    fn as_bool(self) -> Option<bool> {
        match self.raw().tag {
            Tag::False => Some(false),
            Tag::True => Some(true),
            _ => None,
        }
    }

    fn as_str(self) -> Option<&'t str> {
        let raw = self.raw();
        matches!(raw.tag, Tag::String | Tag::Unescaped).then(|| self.tape.slice(raw))
    }

    fn number_text(self) -> Option<Cow<'t, str>> {
        let raw = self.raw();
        if raw.tag != Tag::Number {
            return None;
        }
        let text = self.tape.slice(raw);
        if text.contains(['e', 'E']) {
            // serde_json writes exponents its own way (`1e+2` for `1E2`).
            let n = Number::from_str(text).ok()?;
            Some(Cow::Owned(n.as_str().to_owned()))
        } else {
            Some(Cow::Borrowed(text))
        }
    }

    fn len(self) -> usize {
        let raw = self.raw();
        match raw.tag {
            Tag::Array | Tag::Object => raw.b as usize,
            _ => 0,
        }
    }

    fn members(self) -> impl Iterator<Item = (&'t str, Self)> {
        let raw = self.raw();
        let count = if raw.tag == Tag::Object { raw.b } else { 0 };
        let mut at = self.index + 1;
        (0..count).map(move |_| {
            let key = self.tape.slice(self.tape.nodes[at]);
            let value = self.at(at + 1);
            at += 1 + value.raw().size();
            (key, value)
        })
    }

    fn elements(self) -> impl Iterator<Item = Self> {
        let raw = self.raw();
        let count = if raw.tag == Tag::Array { raw.b } else { 0 };
        let mut at = self.index + 1;
        (0..count).map(move |_| {
            let element = self.at(at);
            at += element.raw().size();
            element
        })
    }

    fn get(self, key: &str) -> Option<Self> {
        self.members().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    fn warm(self) -> usize {
        let raw = self.raw();
        let first = self
            .tape
            .nodes
            .get(self.index + 1)
            .map_or(0, |n| n.a as usize);
        let text = self.tape.text.as_ref().as_bytes();
        let byte = text.get(self.tape.skip + first).copied().unwrap_or(0);
        raw.a as usize + usize::from(byte)
    }

    /// Compares the text of the two objects, from the first key to where the
    /// value after `self` starts: a text the same as far as `self` goes is
    /// the same value, however it continues.
    fn same_flat_object(self, other: Self) -> bool {
        let (raw, other_raw) = (self.raw(), other.raw());
        if raw.tag != Tag::Object || other_raw.tag != Tag::Object {
            return false;
        }
        if raw.a != other_raw.a || raw.b != other_raw.b || raw.b == 0 {
            return false;
        }
        let end = self.index + raw.size();
        if self.tape.nodes[self.index + 1..end]
            .iter()
            .any(|n| n.tag == Tag::Array)
        {
            return false;
        }
        let (Some(start), Some(stop), Some(other_start)) = (
            self.tape.offset(self.index + 1),
            self.tape.end_before(end),
            other.tape.offset(other.index + 1),
        ) else {
            return false;
        };
        // A repeated key's value takes the first one's place: the next node
        // can then come before `self` in the text, never inside it.
        let Some(len) = stop.checked_sub(start).filter(|&len| len > 0) else {
            return false;
        };
        let text = self.tape.json().as_bytes().get(start..stop);
        let other_text = other
            .tape
            .json()
            .as_bytes()
            .get(other_start..other_start + len);
        text.is_some() && text == other_text
    }

    #[cfg(feature = "policy")]
    fn as_value(self) -> Cow<'t, Value> {
        Cow::Owned(self.to_value())
    }

    fn to_value(self) -> Value {
        match self.kind() {
            Kind::Null => Value::Null,
            Kind::Bool => Value::Bool(self.raw().tag == Tag::True),
            Kind::Number => self
                .number_text()
                .and_then(|t| Number::from_str(&t).ok())
                .map_or(Value::Null, Value::Number),
            Kind::String => Value::String(self.as_str().unwrap_or_default().to_owned()),
            Kind::Array => Value::Array(self.elements().map(Node::to_value).collect()),
            Kind::Object => Value::Object(
                self.members()
                    .map(|(k, v)| (k.to_owned(), v.to_value()))
                    .collect::<Map<_, _>>(),
            ),
        }
    }
}

/// Builds a tape.
struct TapeBuilder<'a> {
    nodes: Vec<Raw>,
    arena: String,
    /// The keys of the objects being built, innermost last, each with its
    /// key node's index.
    keys: Vec<(Cow<'a, str>, usize)>,
    values: usize,
    /// Where each node starts, beside `nodes`, if asked for.
    starts: Option<Vec<u32>>,
}

/// An object being built.
struct TapeObject<'a> {
    index: usize,
    /// Where its keys start in [`TapeBuilder::keys`].
    first: usize,
    /// Its keys' positions among its members, once it has too many to scan.
    lookup: Option<HashMap<Cow<'a, str>, usize, foldhash::fast::RandomState>>,
    /// Set at the first repeated key: for each member, the node of the key
    /// of its last occurrence. The nodes are put in the members' order once
    /// the object ends, rather than moved at each repeat, which cost time
    /// quadratic in the object's size.
    last: Option<Vec<usize>>,
}

/// Objects up to this many members are searched for a repeated key by scanning.
const SCANNED: usize = 16;

impl TapeBuilder<'_> {
    fn push(&mut self, tag: Tag, a: usize, b: usize, start: usize) -> usize {
        if let Some(starts) = &mut self.starts {
            starts.push(offset32(start));
        }
        self.nodes.push(Raw {
            tag,
            a: offset32(a),
            b: offset32(b),
        });
        self.nodes.len() - 1
    }

    /// Where a string is: in the text at `start` if borrowed from it, else
    /// (unescaped) in the arena, where it is copied.
    fn text_or_arena(&mut self, value: &str, borrowed: bool, start: usize) -> (bool, usize) {
        if borrowed {
            (false, start)
        } else {
            let at = self.arena.len();
            self.arena.push_str(value);
            (true, at)
        }
    }

    /// How many values (key nodes left out) the `len` nodes from `from` hold.
    fn values_in(&self, from: usize, len: usize) -> usize {
        self.nodes[from..from + len]
            .iter()
            .filter(|n| !matches!(n.tag, Tag::Key | Tag::UnescapedKey))
            .count()
    }
}

impl<'a> Build<'a> for TapeBuilder<'a> {
    type Value = ();
    type Array = (usize, usize);
    type Object = TapeObject<'a>;

    fn values(&self) -> usize {
        self.values
    }

    fn null(&mut self, start: usize) {
        self.values += 1;
        self.push(Tag::Null, start, 0, start);
    }

    fn bool(&mut self, value: bool, start: usize) {
        self.values += 1;
        self.push(if value { Tag::True } else { Tag::False }, start, 0, start);
    }

    fn number(&mut self, text: &'a str, start: usize) -> Option<()> {
        // What the value reader refuses, refused alike; serde_json reads
        // every integer written plainly, the most of a body's numbers.
        if !crate::number::is_plain_integer(text) {
            Number::from_str(text).ok()?;
        }
        self.values += 1;
        self.push(Tag::Number, start, text.len(), start);
        Some(())
    }

    fn string(&mut self, value: Cow<'a, str>, start: usize) {
        self.values += 1;
        let (unescaped, at) =
            self.text_or_arena(&value, matches!(value, Cow::Borrowed(_)), start + 1);
        let tag = if unescaped {
            Tag::Unescaped
        } else {
            Tag::String
        };
        self.push(tag, at, value.len(), start);
    }

    fn begin_array(&mut self, start: usize) -> (usize, usize) {
        self.values += 1;
        (self.push(Tag::Array, 1, 0, start), 0)
    }

    fn element(&mut self, array: &mut (usize, usize), (): ()) {
        array.1 += 1;
    }

    fn end_array(&mut self, (index, count): (usize, usize), _: usize) {
        let size = self.nodes.len() - index;
        self.nodes[index].a = offset32(size);
        self.nodes[index].b = offset32(count);
    }

    fn begin_object(&mut self, start: usize) -> TapeObject<'a> {
        self.values += 1;
        TapeObject {
            index: self.push(Tag::Object, 1, 0, start),
            first: self.keys.len(),
            lookup: None,
            last: None,
        }
    }

    fn key(&mut self, _: &mut TapeObject<'a>, key: Cow<'a, str>, start: usize) {
        let (unescaped, at) = self.text_or_arena(&key, matches!(key, Cow::Borrowed(_)), start + 1);
        let tag = if unescaped {
            Tag::UnescapedKey
        } else {
            Tag::Key
        };
        let index = self.push(tag, at, key.len(), start);
        self.keys.push((key, index));
    }

    fn member(&mut self, object: &mut TapeObject<'a>, (): ()) -> bool {
        let last = self.keys.len() - 1;
        let members = last - object.first;
        let key = &self.keys[last].0;
        let earlier = match &mut object.lookup {
            Some(lookup) => lookup.get(key).copied(),
            None => self.keys[object.first..last]
                .iter()
                .position(|(k, _)| k == key),
        };
        let Some(m) = earlier else {
            if let Some(keys) = &mut object.last {
                keys.push(self.keys[last].1);
            }
            if let Some(lookup) = &mut object.lookup {
                lookup.insert(key.clone(), members);
            } else if members + 1 > SCANNED {
                // Sized for the objects this large that bodies hold (an
                // instance's some 80 fields), so that it seldom grows.
                let mut lookup = HashMap::with_capacity_and_hasher(
                    8 * SCANNED,
                    foldhash::fast::RandomState::default(),
                );
                lookup.extend(
                    self.keys[object.first..]
                        .iter()
                        .enumerate()
                        .map(|(m, (k, _))| (k.clone(), m)),
                );
                object.lookup = Some(lookup);
            }
            return false;
        };
        // As a map keeps a repeated key's first place but its last value:
        // the member's place now holds the new key and value, whose nodes
        // are put there when the object ends. Until then no node moves, so
        // the keys' node indexes stay true.
        let (_, new_key) = self.keys.pop().expect("the member's key");
        let keys = &self.keys[object.first..];
        let last = object
            .last
            .get_or_insert_with(|| keys.iter().map(|&(_, index)| index).collect());
        let old_value = last[m] + 1;
        let old_size = self.nodes[old_value].size();
        self.values -= self.values_in(old_value, old_size);
        last[m] = new_key;
        true
    }

    fn end_object(&mut self, object: TapeObject<'a>, _: usize) {
        if let Some(last) = &object.last {
            // Each member's last key and value, in the members' order: one
            // pass over the object's nodes, however many keys repeat.
            let ranges: Vec<Range<usize>> = last
                .iter()
                .map(|&key| key..key + 1 + self.nodes[key + 1].size())
                .collect();
            reorder(&mut self.nodes, object.index + 1, &ranges);
            if let Some(starts) = &mut self.starts {
                reorder(starts, object.index + 1, &ranges);
            }
        }
        let size = self.nodes.len() - object.index;
        self.nodes[object.index].a = offset32(size);
        self.nodes[object.index].b = offset32(self.keys.len() - object.first);
        self.keys.truncate(object.first);
    }
}

/// Puts the `ranges` of `items` (all from `from` on) in their order at `from`.
fn reorder<T: Copy>(items: &mut Vec<T>, from: usize, ranges: &[Range<usize>]) {
    let mut moved = Vec::with_capacity(items.len() - from);
    for range in ranges {
        moved.extend_from_slice(&items[range.clone()]);
    }
    items.truncate(from);
    items.append(&mut moved);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    fn tape(text: &str) -> (Result<Tape, String>, Vec<Located>) {
        let (tape, located, _) = Tape::scan(text.to_owned(), 0, false);
        (tape, located)
    }

    #[test]
    fn holds_what_the_value_reader_reads() {
        for text in [
            r#"{"a": [1, {"b": 2}], "c": "x"}"#,
            r#"{"a": [1, 2], "b": 3, "a": {"x": 4}, "c": {"d": 1, "d": [5]}}"#,
            r#"{"s": "\u00e9\"", "\u0074": true, "n": null, "e": {}, "l": [], "x": 1E2}"#,
            r#"[{"a": 1, "b": 2, "a": 3, "b": 4, "a": 5}, -0.5e-3]"#,
            " \n \"just a string\" ",
        ] {
            let (tape, located) = tape(text);
            let read = super::super::read(text.as_bytes());
            assert_eq!(
                tape.unwrap().root().to_value(),
                read.document.unwrap().value,
                "{text}"
            );
            let said = |located: &[Located]| -> Vec<(Code, String, usize)> {
                located
                    .iter()
                    .map(|l| {
                        (
                            l.diagnostic.code,
                            l.diagnostic.pointer.to_string(),
                            l.offset,
                        )
                    })
                    .collect()
            };
            assert_eq!(said(&located), said(&read.diagnostics), "{text}");
        }
    }

    #[test]
    fn node_sizes_stay_consistent_after_a_repeated_key() {
        let (tape, _) = tape(r#"{"a": [1, [2, 3]], "b": {"c": 1}, "a": 0, "d": [4]}"#);
        let tape = tape.unwrap();
        // Root, then a key and its value per member: a (now 0), b {c: 1}, d [4].
        assert_eq!(tape.nodes.len(), 1 + 2 + 4 + 3);
        assert_eq!(tape.nodes[0].a as usize, tape.nodes.len());
        let members: Vec<(&str, Value)> = tape
            .root()
            .members()
            .map(|(k, v)| (k, v.to_value()))
            .collect();
        assert_eq!(
            members,
            [
                ("a", 0.into()),
                ("b", serde_json::json!({"c": 1})),
                ("d", serde_json::json!([4]))
            ]
        );
    }

    #[test]
    fn flat_objects_of_the_same_text_are_the_same() {
        let (old, _) = tape(
            r#"[{"a": 1, "b": {"c": null}}, {"a": 1, "b": {}}, {"a": [1]}, {"\u0061": 1}, {}]"#,
        );
        let (new, _) = tape(
            r#"[{"a": 1, "b": {}}, {"a": [1]}, {"a": 1, "b": {"c": null}}, {"\u0061": 1}, {}, {"a": 1, "b": []}]"#,
        );
        let (old, new) = (old.unwrap(), new.unwrap());
        let old: Vec<TapeNode<'_>> = old.root().elements().collect();
        let new: Vec<TapeNode<'_>> = new.root().elements().collect();
        // The same text, at another place, with other text after it.
        assert!(old[0].same_flat_object(new[2]));
        assert!(old[1].same_flat_object(new[0]));
        // The text after the last member counts: `{}` is no node's start.
        assert!(!old[1].same_flat_object(new[5]));
        assert!(!old[0].same_flat_object(new[0]));
        // The value of a repeated key moves before the text after it.
        let (moved, _) = tape(r#"{"o": null, "d": null, "o": [{"d": null}]}"#);
        let moved = moved.unwrap();
        let element = moved.root().get("o").unwrap().elements().next().unwrap();
        assert!(!element.same_flat_object(element));
        // Arrays, unescaped keys and empty objects: not told cheaply.
        assert!(!old[2].same_flat_object(new[1]));
        assert!(!old[3].same_flat_object(new[3]));
        assert!(!old[4].same_flat_object(new[4]));
    }

    #[test]
    fn documents_hold_at_most_max_values() {
        // The root array and its elements.
        let body = |elements: usize| format!("[{}]", vec!["0"; elements].join(","));
        let (ok, located) = tape(&body(MAX_VALUES - 1));
        assert!(ok.is_ok() && located.is_empty());
        let (err, located) = tape(&body(MAX_VALUES));
        assert!(err.is_err());
        assert_eq!(located[0].diagnostic.code, Code::JsonTooLarge);
        // Values a repeated key replaced do not count.
        let replaced = format!(
            "{{\"a\": {}, \"a\": 0, \"b\": {}}}",
            body(10),
            body(MAX_VALUES - 5)
        );
        assert!(tape(&replaced).0.is_ok());
    }
}
