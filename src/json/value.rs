//! The [`Build`] of a [`serde_json::Value`] and its preorder [`Span`]s.

use std::borrow::Cow;
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

    /// Moves the spans of a duplicate key's new value into the place of the old
    /// one, as `Map::insert` keeps the key's first position but the last value.
    fn replace_spans(&mut self, object: &ValueObject) {
        let mut old_index = object.index + 1;
        for existing in object.map.keys() {
            if *existing == object.key {
                break;
            }
            old_index += self.spans[old_index].size as usize;
        }
        let old_size = self.spans[old_index].size as usize;
        let new: Vec<Span> = self.spans.drain(object.value_index..).collect();
        self.spans.splice(old_index..old_index + old_size, new);
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

    fn end_array(&mut self, (index, items): Self::Array) -> Value {
        self.close(index);
        Value::Array(items)
    }

    fn begin_object(&mut self, start: usize) -> ValueObject {
        ValueObject {
            map: Map::new(),
            index: self.span(start),
            key: String::new(),
            value_index: 0,
        }
    }

    fn key(&mut self, object: &mut ValueObject, key: Cow<'a, str>, _: usize) {
        object.key = key.into_owned();
        object.value_index = self.spans.len();
    }

    fn member(&mut self, object: &mut ValueObject, value: Value) -> bool {
        let key = std::mem::take(&mut object.key);
        // One hash per key: the duplicate check is the entry's own answer.
        match object.map.entry(key) {
            Entry::Occupied(mut slot) => {
                slot.insert(value);
                object.key.clone_from(slot.key());
                self.replace_spans(object);
                true
            }
            Entry::Vacant(slot) => {
                slot.insert(value);
                false
            }
        }
    }

    fn end_object(&mut self, object: ValueObject) -> Value {
        self.close(object.index);
        Value::Object(object.map)
    }
}
