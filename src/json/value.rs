//! The [`Build`] of a [`serde_json::Value`] and its preorder [`Span`]s.

use std::borrow::Cow;
use std::collections::HashMap;
use std::str::FromStr;

use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use super::{Build, MAX_VALUES, Span, offset32};

/// Builds a [`Value`] and, beside it, the [`Span`] of each of its values.
pub(crate) struct ValueBuilder {
    pub spans: Vec<Span>,
}

/// An object being built: its map, its span, and the member being read.
pub(crate) struct ValueObject {
    map: Map<String, Value>,
    index: usize,
    key: String,
    /// The span index of the value of the member being read.
    value_index: usize,
    /// Set at the first repeated key: where each member's last value starts.
    repeated: Option<Box<Repeated>>,
}

/// What an object with a repeated key needs to put its spans in the map's
/// order once it ends, rather than at each repeat: `Map::insert` keeps a
/// key's first position but its last value, and moving spans at each repeat
/// cost time quadratic in the object's size.
struct Repeated {
    /// Each key's position in the map.
    position: HashMap<String, usize>,
    /// For each position, the span index where its last value starts.
    last: Vec<usize>,
}

impl ValueBuilder {
    pub(crate) fn new(len: usize) -> Self {
        ValueBuilder {
            // About one value per 16 bytes in typical bodies: one allocation, not a dozen.
            spans: Vec::with_capacity((len / 16).min(MAX_VALUES)),
        }
    }

    fn span(&mut self, start: usize) -> usize {
        self.spans.push(Span {
            start: offset32(start),
            size: 1,
        });
        self.spans.len() - 1
    }

    fn close(&mut self, index: usize) {
        self.spans[index].size = offset32(self.spans.len() - index);
    }

    /// The span indexes where the object's members' values start, in map
    /// order: the spans are in input order, each value one subtree.
    fn member_starts(&self, object: &ValueObject) -> Vec<usize> {
        let mut starts = Vec::with_capacity(object.map.len());
        let mut at = object.index + 1;
        while at < self.spans.len() {
            starts.push(at);
            at += self.spans[at].size as usize;
        }
        starts
    }

    /// Puts the spans of an object with repeated keys in the map's order,
    /// each key with its last value's, once the object has ended: one pass
    /// over its spans, however many keys repeat.
    fn reorder_spans(&mut self, object: &ValueObject, repeated: &Repeated) {
        let first = object.index + 1;
        let mut spans = Vec::with_capacity(self.spans.len() - first);
        for &start in &repeated.last {
            let size = self.spans[start].size as usize;
            spans.extend_from_slice(&self.spans[start..start + size]);
        }
        self.spans.truncate(first);
        self.spans.append(&mut spans);
    }
}

impl<'a> Build<'a> for ValueBuilder {
    type Value = Value;
    type Array = (usize, Vec<Value>);
    type Object = ValueObject;

    fn values(&self) -> usize {
        self.spans.len()
    }

    fn null(&mut self, start: usize) -> Value {
        self.span(start);
        Value::Null
    }

    fn bool(&mut self, value: bool, start: usize) -> Value {
        self.span(start);
        Value::Bool(value)
    }

    fn number(&mut self, text: &'a str, start: usize) -> Option<Value> {
        let n = Number::from_str(text).ok()?;
        self.span(start);
        Some(Value::Number(n))
    }

    fn string(&mut self, value: Cow<'a, str>, start: usize) -> Value {
        self.span(start);
        Value::String(value.into_owned())
    }

    fn begin_array(&mut self, start: usize) -> Self::Array {
        (self.span(start), Vec::new())
    }

    fn element(&mut self, array: &mut Self::Array, value: Value) {
        array.1.push(value);
    }

    fn end_array(&mut self, (index, items): Self::Array, _: usize) -> Value {
        self.close(index);
        Value::Array(items)
    }

    fn begin_object(&mut self, start: usize) -> ValueObject {
        ValueObject {
            map: Map::new(),
            index: self.span(start),
            key: String::new(),
            value_index: 0,
            repeated: None,
        }
    }

    fn key(&mut self, object: &mut ValueObject, key: Cow<'a, str>, _: usize) {
        object.key = key.into_owned();
        object.value_index = self.spans.len();
    }

    fn member(&mut self, object: &mut ValueObject, value: Value) -> bool {
        let key = std::mem::take(&mut object.key);
        let value_index = object.value_index;
        if let Some(repeated) = &mut object.repeated {
            let next = repeated.last.len();
            match repeated.position.get(&key) {
                Some(&at) => repeated.last[at] = value_index,
                None => {
                    repeated.position.insert(key.clone(), next);
                    repeated.last.push(value_index);
                }
            }
            // Map::insert keeps a repeated key's first position.
            return object.map.insert(key, value).is_some();
        }
        // One hash per key: the duplicate check is the entry's own answer.
        match object.map.entry(key) {
            Entry::Occupied(mut slot) => {
                slot.insert(value);
                let key = slot.key().clone();
                // The first repeat in this object: from now on, positions
                // are kept, and the spans put in order at the end.
                let mut last = self.member_starts(object);
                // The value just read started last; the member it repeats
                // keeps its position with this value.
                last.pop();
                let position: HashMap<String, usize> = object
                    .map
                    .keys()
                    .enumerate()
                    .map(|(i, k)| (k.clone(), i))
                    .collect();
                last[position[&key]] = value_index;
                object.repeated = Some(Box::new(Repeated { position, last }));
                true
            }
            Entry::Vacant(slot) => {
                slot.insert(value);
                false
            }
        }
    }

    fn end_object(&mut self, mut object: ValueObject, _: usize) -> Value {
        if let Some(repeated) = object.repeated.take() {
            self.reorder_spans(&object, &repeated);
        }
        self.close(object.index);
        Value::Object(object.map)
    }
}
