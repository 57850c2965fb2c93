//! One view of a parsed JSON value, whatever holds it: a [`serde_json::Value`]
//! (what library callers pass) or a [`TapeNode`](super::TapeNode) (the
//! compact document the diff reads from bytes). The diff is written once,
//! against this trait.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::Value;

/// The JSON type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// A JSON value, borrowed for `'a`.
pub(crate) trait Node<'a>: Copy + 'a {
    /// Whether [`Node::get`] is a hash lookup rather than a scan of the members.
    const HASHED: bool;

    fn kind(self) -> Kind;
    fn as_bool(self) -> Option<bool>;
    fn as_str(self) -> Option<&'a str>;
    /// A number's text, as serde_json writes it (`1e+2` for `1E2`).
    fn number_text(self) -> Option<Cow<'a, str>>;
    /// How many members or elements; 0 for a scalar.
    fn len(self) -> usize;
    /// An object's members in order, the last value of a repeated key in
    /// the first one's place; nothing for other values.
    fn members(self) -> impl Iterator<Item = (&'a str, Self)>;
    /// An array's elements; nothing for other values.
    fn elements(self) -> impl Iterator<Item = Self>;
    /// The member `key` of an object.
    fn get(self, key: &str) -> Option<Self>;
    /// The element `index` of an array.
    fn element(self, index: usize) -> Option<Self> {
        self.elements().nth(index)
    }
    /// The value as a [`Value`].
    fn to_value(self) -> Value;
    /// The value as a [`Value`], borrowed where it is one (for policies,
    /// which are run on one).
    #[cfg(feature = "policy")]
    fn as_value(self) -> Cow<'a, Value>;

    /// Reads the first bytes of the value and of its first member, to bring
    /// them into the cache; the result means nothing.
    fn warm(self) -> usize;

    /// Whether both values are objects holding no array, of the same text:
    /// the same value, whose walk finds nothing if no pointer is ignored.
    /// `false` where that cannot be told cheaply.
    fn same_flat_object(self, _other: Self) -> bool {
        false
    }

    fn is_object(self) -> bool {
        self.kind() == Kind::Object
    }
}

/// An object's members, found by key in time independent of the object's size.
pub(crate) struct Lookup<'a, N> {
    object: N,
    index: Option<HashMap<&'a str, N>>,
}

/// Objects up to this size are scanned rather than indexed.
const SCANNED: usize = 16;

impl<'a, N: Node<'a>> Lookup<'a, N> {
    pub(crate) fn new(object: N) -> Self {
        let index = (!N::HASHED && object.len() > SCANNED).then(|| object.members().collect());
        Lookup { object, index }
    }

    pub(crate) fn get(&self, key: &str) -> Option<N> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.object.get(key),
        }
    }
}

impl<'a> Node<'a> for &'a Value {
    const HASHED: bool = true;

    fn kind(self) -> Kind {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }

    fn as_bool(self) -> Option<bool> {
        self.as_bool()
    }

    fn as_str(self) -> Option<&'a str> {
        self.as_str()
    }

    fn number_text(self) -> Option<Cow<'a, str>> {
        match self {
            Value::Number(n) => Some(Cow::Borrowed(n.as_str())),
            _ => None,
        }
    }

    fn len(self) -> usize {
        match self {
            Value::Array(items) => items.len(),
            Value::Object(map) => map.len(),
            _ => 0,
        }
    }

    fn members(self) -> impl Iterator<Item = (&'a str, Self)> {
        self.as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v))
    }

    fn elements(self) -> impl Iterator<Item = Self> {
        self.as_array().into_iter().flatten()
    }

    fn get(self, key: &str) -> Option<Self> {
        self.as_object()?.get(key)
    }

    fn element(self, index: usize) -> Option<Self> {
        self.as_array()?.get(index)
    }

    fn to_value(self) -> Value {
        self.clone()
    }

    #[cfg(feature = "policy")]
    fn as_value(self) -> Cow<'a, Value> {
        Cow::Borrowed(self)
    }

    fn warm(self) -> usize {
        match self {
            Value::Object(map) => map.iter().next().map_or(0, |(k, _)| k.len()),
            _ => 0,
        }
    }
}
