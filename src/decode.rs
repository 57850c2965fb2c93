//! Decoding a JSON value into the typed model, tolerantly.
//!
//! Every decoder says what it did with the value through [`Outcome`]: used it
//! as is, coerced it (a numeric string read as an integer), or rejected it.
//! The object decoders keep the wire value of any field that was not used as
//! is in the object's `verbatim` map, so serialization reproduces the input.

use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic, Overflow};
use crate::json::Span;
use crate::lines::Positions;
use crate::model::{Field, Shape, Verbatim};
use crate::pointer::{Path, Pointer};
use crate::secret;

/// What a decoder made of a value.
pub(crate) enum Outcome<T> {
    /// The typed value serializes back to exactly the input.
    Exact(T),
    /// The input was of another JSON type and was converted.
    Coerced(T),
    /// The input could not be used.
    Rejected,
}

/// Decoding state: where we are and what has been said.
///
/// The path is kept as borrowed steps and turned into a JSON Pointer only
/// when something is reported: most values are decoded without a word.
pub(crate) struct Cx<'a> {
    path: Path<'a>,
    /// Where the values come from, when they come from a parsed document.
    located: Option<Located<'a>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics past [`MAX_DIAGNOSTICS`](crate::MAX_DIAGNOSTICS), counted.
    pub overflow: Overflow,
    /// Whether the value being decoded may hold a credential (a secret
    /// field, or a place that holds some), so that messages never show it.
    pub secret: bool,
    /// Whether the value is (inside) an item of a ListInstances page, which
    /// carries a few fields other than a GetInstance body's.
    pub list_item: bool,
}

/// The spans of the document being decoded and the way to their positions.
///
/// The decoder visits every value of an object or array in document order,
/// so the span of each child is found by arithmetic on the preorder table:
/// positions are known when a diagnostic is made, never looked up by pointer.
struct Located<'a> {
    spans: &'a [Span],
    source: &'a Positions<'a>,
    /// For each value on the path from the root: its span index, and that of
    /// the next child to be entered.
    at: Vec<(usize, usize)>,
}

impl<'a> Cx<'a> {
    /// A context for values that come from no document: diagnostics get no position.
    pub fn new() -> Self {
        Cx {
            path: Path::default(),
            located: None,
            diagnostics: Vec::new(),
            overflow: Overflow::default(),
            secret: false,
            list_item: false,
        }
    }

    /// A context for the root value of a parsed document, whose diagnostics
    /// carry their line and column.
    pub fn located(spans: &'a [Span], source: &'a Positions<'a>) -> Self {
        Cx {
            located: Some(Located {
                spans,
                source,
                at: vec![(0, 1)],
            }),
            ..Cx::new()
        }
    }

    fn enter(&mut self) {
        if let Some(l) = &mut self.located {
            let child = l.at.last().map_or(0, |&(_, next)| next);
            l.at.push((child, child + 1));
        }
    }

    /// Steps into the member `key` of the current object.
    pub fn enter_key(&mut self, key: &'a str) {
        self.path.push_key(key);
        self.enter();
    }

    /// Steps into the element `index` of the current array.
    pub fn enter_index(&mut self, index: usize) {
        self.path.push_index(index);
        self.enter();
    }

    /// Steps back out.
    pub fn leave(&mut self) {
        self.path.pop();
        if let Some(l) = &mut self.located {
            if let Some((child, _)) = l.at.pop() {
                let size = l.spans.get(child).map_or(1, |s| s.size as usize);
                if let Some((_, next)) = l.at.last_mut() {
                    *next = child + size;
                }
            }
        }
    }

    /// The JSON Pointer of the current value.
    pub fn pointer(&self) -> Pointer {
        self.path.pointer()
    }

    /// The name of the member being decoded, or `""` at the root or in an array.
    pub fn field_name(&self) -> &'a str {
        self.path.last_key()
    }

    pub fn report(&mut self, code: Code, message: String) {
        if self.diagnostics.len() >= crate::diagnostic::MAX_DIAGNOSTICS {
            // Counted, not made: a pointer and a message cost more than the value.
            self.overflow.note(code.severity());
            return;
        }
        let pointer = self.pointer();
        let mut diagnostic = Diagnostic::new(code, pointer, message);
        if let Some(l) = &self.located {
            let index = l.at.last().map_or(0, |&(node, _)| node);
            if let Some(span) = l.spans.get(index) {
                (diagnostic.line, diagnostic.column) = l.source.position(span.start as usize);
            }
        }
        self.diagnostics.push(diagnostic);
    }

    pub fn mismatch<T>(&mut self, expected: &str, found: &Value) -> Outcome<T> {
        let found = describe(found, self.secret);
        self.report(
            Code::TypeMismatch,
            format!("expected {expected}, found {found}"),
        );
        Outcome::Rejected
    }

    fn coerced<T>(&mut self, expected: &str, found: &Value, value: T) -> Outcome<T> {
        let found = describe(found, self.secret);
        self.report(
            Code::TypeCoerced,
            format!("expected {expected}, found {found}; read as {expected}"),
        );
        Outcome::Coerced(value)
    }
}

/// A short, safe description of a value for messages: never more than 40
/// characters of a string, and no value at all for a secret.
pub(crate) fn describe(value: &Value, secret: bool) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) if !secret => format!("boolean `{b}`"),
        Value::Bool(_) => "a boolean".into(),
        Value::Number(n) if !secret => format!("number `{n}`"),
        Value::Number(_) => "a number".into(),
        Value::String(s) if !secret => format!("string {}", quote(s)),
        Value::String(_) => "a string (value not shown: it may hold a credential)".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// `s` as a quoted, escaped string, cut after 40 characters.
pub(crate) fn quote(s: &str) -> String {
    crate::text::quote_cut(s, 40)
}

/// A value the model can decode.
pub(crate) trait Decode: Sized {
    /// The documented shape, the field table's type column.
    const SHAPE: Shape;
    fn decode<'a>(value: &'a Value, cx: &mut Cx<'a>) -> Outcome<Self>;
}

/// Decodes the field `wire` of an object, keeping its wire value in
/// `verbatim` unless the typed value reproduces it exactly.
pub(crate) fn field<'a, T: Decode>(
    wire: &str,
    value: &'a Value,
    cx: &mut Cx<'a>,
    verbatim: &mut Verbatim,
) -> Option<T> {
    if value.is_null() {
        cx.report(Code::ValueNull, format!("{wire} is null; read as absent"));
        verbatim.insert(wire, Value::Null);
        return None;
    }
    match T::decode(value, cx) {
        Outcome::Exact(t) => Some(t),
        Outcome::Coerced(t) => {
            verbatim.insert(wire, value.clone());
            Some(t)
        }
        Outcome::Rejected => {
            verbatim.insert(wire, value.clone());
            None
        }
    }
}

/// The kept wire value of the field `wire`, if it has one and the typed
/// field still holds what was decoded from it (so an edit is never undone).
pub(crate) fn kept<'v, T: Decode + PartialEq>(
    verbatim: &'v Verbatim,
    wire: &str,
    typed: &Option<T>,
) -> Option<&'v Value> {
    if verbatim.is_empty() {
        return None;
    }
    let raw = verbatim.get(wire)?;
    let decoded = match raw {
        Value::Null => None,
        raw => match T::decode(raw, &mut Cx::new()) {
            Outcome::Exact(t) | Outcome::Coerced(t) => Some(t),
            Outcome::Rejected => None,
        },
    };
    (decoded == *typed).then_some(raw)
}

/// Reports an unknown field, suggesting a documented one that differs only in case.
pub(crate) fn unknown_field(key: &str, known: &[Field], cx: &mut Cx<'_>) {
    let list_item = cx.list_item;
    let message = if let Some(f) = known.iter().find(|f| f.wire == key) {
        // Documented, but for the other kind of response.
        let (is, not) = if list_item {
            ("GetInstance bodies", "ListInstances items")
        } else {
            ("ListInstances items", "GetInstance bodies")
        };
        format!(
            "field {} is documented for {is}, not for {not}; kept as is",
            quote(f.wire)
        )
    } else if let Some(f) = known
        .iter()
        .find(|f| f.facts.carried.in_context(list_item) && f.wire.eq_ignore_ascii_case(key))
    {
        format!(
            "unknown field {}: did you mean {:?}? kept as is",
            quote(key),
            f.wire
        )
    } else {
        format!(
            "unknown field {}: not in the API documentation; kept as is",
            quote(key)
        )
    };
    cx.report(Code::FieldUnknown, message);
}

impl Decode for String {
    const SHAPE: Shape = Shape::String;

    fn decode<'a>(value: &'a Value, cx: &mut Cx<'a>) -> Outcome<Self> {
        match value {
            Value::String(s) => Outcome::Exact(s.clone()),
            Value::Number(n) => cx.coerced("a string", value, n.to_string()),
            _ => cx.mismatch("a string", value),
        }
    }
}

impl Decode for bool {
    const SHAPE: Shape = Shape::Boolean;

    fn decode<'a>(value: &'a Value, cx: &mut Cx<'a>) -> Outcome<Self> {
        match value {
            Value::Bool(b) => Outcome::Exact(*b),
            Value::String(s) if s == "true" => cx.coerced("a boolean", value, true),
            Value::String(s) if s == "false" => cx.coerced("a boolean", value, false),
            _ => cx.mismatch("a boolean", value),
        }
    }
}

macro_rules! integer {
    ($ty:ty, $bits:literal, $expected:literal) => {
        impl Decode for $ty {
            const SHAPE: Shape = Shape::Integer { bits: $bits };

            fn decode<'a>(value: &'a Value, cx: &mut Cx<'a>) -> Outcome<Self> {
                let (wide, exact) = match value {
                    Value::Number(n) => match crate::number::integer(n) {
                        crate::number::Integer::Exact(i) => (Some(i), true),
                        // Integral numbers written otherwise (`8.0`) are coercible.
                        crate::number::Integer::Integral(i) => (Some(i), false),
                        crate::number::Integer::OutOfRange => (None, true),
                        crate::number::Integer::Fraction => return cx.mismatch($expected, value),
                    },
                    Value::String(s) => match s.trim().parse::<i128>() {
                        Ok(i) if !s.is_empty() => (Some(i), false),
                        _ => return cx.mismatch($expected, value),
                    },
                    _ => return cx.mismatch($expected, value),
                };
                let Some(n) = wide.and_then(|w| <$ty>::try_from(w).ok()) else {
                    let found = describe(value, cx.secret);
                    cx.report(
                        Code::NumberOutOfRange,
                        format!(
                            "expected {}, found {found}, outside {}..={}",
                            $expected,
                            <$ty>::MIN,
                            <$ty>::MAX
                        ),
                    );
                    return Outcome::Rejected;
                };
                if exact {
                    Outcome::Exact(n)
                } else {
                    cx.coerced($expected, value, n)
                }
            }
        }
    };
}

integer!(i32, 32, "an integer (int32)");
integer!(i64, 64, "an integer (int64)");

impl<T: Decode> Decode for Vec<T> {
    const SHAPE: Shape = Shape::Array(&T::SHAPE);

    fn decode<'a>(value: &'a Value, cx: &mut Cx<'a>) -> Outcome<Self> {
        let Value::Array(items) = value else {
            return cx.mismatch("an array", value);
        };
        let mut out = Vec::with_capacity(items.len());
        let (mut coerced, mut rejected) = (false, false);
        for (i, item) in items.iter().enumerate() {
            cx.enter_index(i);
            match T::decode(item, cx) {
                Outcome::Exact(t) => out.push(t),
                Outcome::Coerced(t) => {
                    coerced = true;
                    out.push(t);
                }
                Outcome::Rejected => rejected = true,
            }
            cx.leave();
        }
        // An array with a rejected element keeps its wire form as a whole: a
        // typed vector with holes would shift every later index.
        if rejected {
            Outcome::Rejected
        } else if coerced {
            Outcome::Coerced(out)
        } else {
            Outcome::Exact(out)
        }
    }
}

/// A string-to-string map, in input order (`EnvironmentVariables`, `AccessRestrictionRules`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringMap(pub Vec<(String, String)>);

impl StringMap {
    /// The value of `key`, if present.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The entries, in input order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl serde::Serialize for StringMap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl Decode for StringMap {
    const SHAPE: Shape = Shape::StringMap;

    fn decode<'a>(value: &'a Value, cx: &mut Cx<'a>) -> Outcome<Self> {
        let Value::Object(map) = value else {
            return cx.mismatch("an object of strings", value);
        };
        let mut out = Vec::with_capacity(map.len());
        let (mut coerced, mut rejected) = (false, false);
        let outer_secret = cx.secret;
        for (key, item) in map {
            cx.enter_key(key);
            // The map may hold credentials; each entry's name says whether this one does.
            cx.secret = secret::looks_secret(key);
            match item {
                Value::String(s) => out.push((key.clone(), s.clone())),
                Value::Number(_) | Value::Bool(_) => {
                    coerced = true;
                    let found = describe(item, cx.secret);
                    cx.report(
                        Code::TypeCoerced,
                        format!("expected a string, found {found}; read as a string"),
                    );
                    out.push((key.clone(), item.to_string()));
                }
                // Every entry is still looked at, so each wrong one is reported.
                _ => rejected |= matches!(cx.mismatch::<()>("a string", item), Outcome::Rejected),
            }
            cx.leave();
        }
        cx.secret = outer_secret;
        if rejected {
            Outcome::Rejected
        } else if coerced {
            Outcome::Coerced(StringMap(out))
        } else {
            Outcome::Exact(StringMap(out))
        }
    }
}

impl Decode for Map<String, Value> {
    const SHAPE: Shape = Shape::FreeObject;

    fn decode<'a>(value: &'a Value, cx: &mut Cx<'a>) -> Outcome<Self> {
        match value {
            Value::Object(map) => Outcome::Exact(map.clone()),
            _ => cx.mismatch("an object", value),
        }
    }
}

/// Normalizes for "did you mean": case, spaces, `-` and `_` do not count.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Decodes an enum value, reporting values outside the documented list.
pub(crate) fn decode_enum<T>(
    value: &Value,
    cx: &mut Cx<'_>,
    known: &'static [&'static str],
    closed: bool,
    from_wire: fn(&str) -> T,
) -> Outcome<T> {
    let Value::String(s) = value else {
        return cx.mismatch("a string", value);
    };
    if known.contains(&s.as_str()) {
        return Outcome::Exact(from_wire(s));
    }
    if s == "null" {
        let name = cx.field_name();
        cx.report(
            Code::ValueNullString,
            format!("{name} is the string \"null\", the documentation's placeholder for no value"),
        );
        return Outcome::Exact(from_wire(s));
    }
    let folded = fold(s);
    let suggestion = known.iter().find(|k| fold(k) == folded);
    let mut message = format!("{} is not {}", quote(s), one_of(known));
    if let Some(k) = suggestion {
        message.push_str(&format!("; did you mean {k:?}?"));
    }
    if closed {
        cx.report(Code::EnumUnknown, message);
    } else {
        message.push_str(" (the documentation lists possible values, not all)");
        cx.report(Code::EnumUnlisted, message);
    }
    Outcome::Exact(from_wire(s))
}

/// "one of "a", "b" or "c"", cut after six values.
fn one_of(known: &[&str]) -> String {
    const SHOWN: usize = 6;
    let quoted: Vec<String> = known.iter().take(SHOWN).map(|k| format!("{k:?}")).collect();
    match known.len() {
        0 => "documented".into(),
        1 => format!("the documented value {}", quoted[0]),
        n if n <= SHOWN => format!("one of {} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        n => format!("one of {} or {} other values", quoted.join(", "), n - SHOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run<T: Decode>(value: Value) -> (Option<T>, bool, Vec<(Code, String)>) {
        let mut cx = Cx::new();
        let (t, exact) = match T::decode(&value, &mut cx) {
            Outcome::Exact(t) => (Some(t), true),
            Outcome::Coerced(t) => (Some(t), false),
            Outcome::Rejected => (None, false),
        };
        (
            t,
            exact,
            cx.diagnostics
                .into_iter()
                .map(|d| (d.code, d.message))
                .collect(),
        )
    }

    #[test]
    fn integers_check_width_and_coerce() {
        assert_eq!(run::<i32>(json!(7)).0, Some(7));
        let (v, exact, d) = run::<i32>(json!("8"));
        assert_eq!((v, exact), (Some(8), false));
        assert_eq!(
            d,
            [(
                Code::TypeCoerced,
                "expected an integer (int32), found string \"8\"; read as an integer (int32)"
                    .into()
            )]
        );
        let (v, _, d) = run::<i32>(json!(2_147_483_648_i64));
        assert_eq!(v, None);
        assert_eq!(d[0].0, Code::NumberOutOfRange);
        assert_eq!(run::<i64>(json!(2_147_483_648_i64)).0, Some(2_147_483_648));
        assert_eq!(run::<i64>(json!(u64::MAX)).2[0].0, Code::NumberOutOfRange);
        assert_eq!(run::<i64>(json!(3.0)).0, Some(3));
        assert_eq!(run::<i64>(json!(3.5)).2[0].0, Code::TypeMismatch);
        assert_eq!(run::<i64>(json!("")).2[0].0, Code::TypeMismatch);
        assert_eq!(run::<i64>(json!([])).2[0].0, Code::TypeMismatch);
    }

    #[test]
    fn strings_and_booleans_coerce_scalars_only() {
        assert_eq!(run::<String>(json!(40823)).0.as_deref(), Some("40823"));
        assert_eq!(run::<String>(json!({})).2[0].0, Code::TypeMismatch);
        assert_eq!(run::<bool>(json!("true")).0, Some(true));
        assert_eq!(run::<bool>(json!(1)).2[0].0, Code::TypeMismatch);
    }

    #[test]
    fn secrets_are_described_without_their_value() {
        let mut cx = Cx::new();
        cx.secret = true;
        let value = json!(12345);
        let _ = String::decode(&value, &mut cx);
        assert!(
            !cx.diagnostics[0].message.contains("12345"),
            "{}",
            cx.diagnostics[0].message
        );
    }

    #[test]
    fn string_maps_hide_secret_looking_values() {
        let (_, _, d) = run::<StringMap>(json!({"DB_PASSWORD": 98765, "PORT": 8080}));
        assert_eq!(d.len(), 2);
        assert!(!d[0].1.contains("98765"));
        assert!(d[1].1.contains("8080"));
    }

    #[test]
    fn enum_list_is_cut() {
        assert_eq!(one_of(&["a"]), "the documented value \"a\"");
        assert_eq!(one_of(&["a", "b", "c"]), "one of \"a\", \"b\" or \"c\"");
        assert_eq!(
            one_of(&["a", "b", "c", "d", "e", "f", "g", "h"]),
            "one of \"a\", \"b\", \"c\", \"d\", \"e\", \"f\" or 2 other values"
        );
        assert_eq!(quote(&"x".repeat(50)), format!("{:?}…", "x".repeat(40)));
    }
}
