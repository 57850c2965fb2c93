//! What the scanner hands to whatever builds a document.

use std::borrow::Cow;

/// What the scanner hands over as it reads: one implementation per
/// representation of a document, so that the grammar is written once.
pub(crate) trait Build<'a> {
    /// A value built.
    type Value;
    /// An array being built.
    type Array;
    /// An object being built.
    type Object;
    /// How many values the document holds so far (the last of repeated keys only).
    fn values(&self) -> usize;
    fn null(&mut self, start: usize) -> Self::Value;
    fn bool(&mut self, value: bool, start: usize) -> Self::Value;
    /// `None` if the number (valid by the grammar) cannot be represented.
    fn number(&mut self, text: &'a str, start: usize) -> Option<Self::Value>;
    fn string(&mut self, value: Cow<'a, str>, start: usize) -> Self::Value;
    fn begin_array(&mut self, start: usize) -> Self::Array;
    fn element(&mut self, array: &mut Self::Array, value: Self::Value);
    /// The array is closed; its `]` ends just before `end`.
    fn end_array(&mut self, array: Self::Array, end: usize) -> Self::Value;
    fn begin_object(&mut self, start: usize) -> Self::Object;
    /// A member's key (whose quote is at `start`), before its value is read.
    fn key(&mut self, object: &mut Self::Object, key: Cow<'a, str>, start: usize);
    /// The value of the member whose key came last; `true` if that key was
    /// already in the object, whose value this one then replaces in place.
    fn member(&mut self, object: &mut Self::Object, value: Self::Value) -> bool;
    /// The object is closed; its `}` ends just before `end`.
    fn end_object(&mut self, object: Self::Object, end: usize) -> Self::Value;
}
