//! Decoding a JSON value into the typed model, tolerantly.
//!
//! Every decoder says what it did with the value through [`Outcome`]: used it
//! as is, coerced it (a numeric string read as an integer), or rejected it.
//! The object decoders keep the wire value of any field that was not used as
//! is in the object's `verbatim` map, so serialization reproduces the input.

use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic, Overflow};
use crate::json::{Kind, Node, Places};
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

/// The places of the document being decoded and the way to their positions.
///
/// The decoder visits every value of an object or array in document order,
/// so the place of each child is found by arithmetic on the preorder:
/// positions are known when a diagnostic is made, never looked up by pointer.
struct Located<'a> {
    places: &'a dyn Places,
    source: &'a Positions<'a>,
    /// Each value on the path from the root.
    at: Vec<Step>,
}

/// A value on the decoder's path.
struct Step {
    place: usize,
    /// The place of the next child to be entered; `None` before the first.
    next: Option<usize>,
    /// Whether it was entered as a member (else as an element, or the root).
    member: bool,
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
    pub fn located(places: &'a dyn Places, source: &'a Positions<'a>) -> Self {
        Cx {
            located: Some(Located {
                places,
                source,
                at: vec![Step {
                    place: 0,
                    next: None,
                    member: false,
                }],
            }),
            ..Cx::new()
        }
    }

    fn enter(&mut self, member: bool) {
        if let Some(l) = &mut self.located {
            let child = l.at.last().map_or(0, |step| match step.next {
                Some(next) => next,
                None if member => l.places.first_member(step.place),
                None => l.places.first_element(step.place),
            });
            l.at.push(Step {
                place: child,
                next: None,
                member,
            });
        }
    }

    /// Steps into the member `key` of the current object.
    pub fn enter_key(&mut self, key: &'a str) {
        self.path.push_key(key);
        self.enter(true);
    }

    /// Steps into the element `index` of the current array.
    pub fn enter_index(&mut self, index: usize) {
        self.path.push_index(index);
        self.enter(false);
    }

    /// Steps back out.
    pub fn leave(&mut self) {
        self.path.pop();
        if let Some(l) = &mut self.located {
            if let Some(step) = l.at.pop() {
                let next = if step.member {
                    l.places.next_member(step.place)
                } else {
                    l.places.next_element(step.place)
                };
                if let Some(parent) = l.at.last_mut() {
                    parent.next = Some(next);
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
            let place = l.at.last().map_or(0, |step| step.place);
            if let Some(start) = l.places.start(place) {
                (diagnostic.line, diagnostic.column) = l.source.position(start);
            }
        }
        self.diagnostics.push(diagnostic);
    }

    pub fn mismatch<T, N: Node<'a>>(&mut self, expected: &str, found: N) -> Outcome<T> {
        let found = describe(found, self.secret);
        self.report(
            Code::TypeMismatch,
            format!("expected {expected}, found {found}"),
        );
        Outcome::Rejected
    }

    fn coerced<T, N: Node<'a>>(&mut self, expected: &str, found: N, value: T) -> Outcome<T> {
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
pub(crate) fn describe<'a, N: Node<'a>>(value: N, secret: bool) -> String {
    match value.kind() {
        Kind::Null => "null".into(),
        Kind::Bool if !secret => format!("boolean `{}`", value.as_bool().unwrap_or_default()),
        Kind::Bool => "a boolean".into(),
        Kind::Number if !secret => {
            format!("number `{}`", value.number_text().unwrap_or_default())
        }
        Kind::Number => "a number".into(),
        Kind::String if !secret => format!("string {}", quote(value.as_str().unwrap_or_default())),
        Kind::String => "a string (value not shown: it may hold a credential)".into(),
        Kind::Array => "an array".into(),
        Kind::Object => "an object".into(),
    }
}

/// A scalar's JSON text, as serde_json writes it: what a string field makes
/// of a number or a boolean sent in its place. Empty for other values.
fn scalar_text<'a, N: Node<'a>>(value: N) -> String {
    match value.kind() {
        Kind::Bool => value.as_bool().unwrap_or_default().to_string(),
        _ => value.number_text().unwrap_or_default().into_owned(),
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
    fn decode<'a, N: Node<'a>>(value: N, cx: &mut Cx<'a>) -> Outcome<Self>;
}

/// Decodes the field `wire` of an object, keeping its wire value in
/// `verbatim` unless the typed value reproduces it exactly.
pub(crate) fn field<'a, T: Decode, N: Node<'a>>(
    wire: &str,
    value: N,
    cx: &mut Cx<'a>,
    verbatim: &mut Verbatim,
) -> Option<T> {
    if value.kind() == Kind::Null {
        cx.report(Code::ValueNull, format!("{wire} is null; read as absent"));
        verbatim.insert(wire, Value::Null);
        return None;
    }
    match T::decode(value, cx) {
        Outcome::Exact(t) => Some(t),
        Outcome::Coerced(t) => {
            verbatim.insert(wire, value.to_value());
            Some(t)
        }
        Outcome::Rejected => {
            verbatim.insert(wire, value.to_value());
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

    fn decode<'a, N: Node<'a>>(value: N, cx: &mut Cx<'a>) -> Outcome<Self> {
        match value.kind() {
            Kind::String => Outcome::Exact(value.as_str().unwrap_or_default().to_owned()),
            Kind::Number => cx.coerced("a string", value, scalar_text(value)),
            _ => cx.mismatch("a string", value),
        }
    }
}

impl Decode for bool {
    const SHAPE: Shape = Shape::Boolean;

    fn decode<'a, N: Node<'a>>(value: N, cx: &mut Cx<'a>) -> Outcome<Self> {
        if let Some(b) = value.as_bool() {
            return Outcome::Exact(b);
        }
        match value.as_str() {
            Some("true") => cx.coerced("a boolean", value, true),
            Some("false") => cx.coerced("a boolean", value, false),
            _ => cx.mismatch("a boolean", value),
        }
    }
}

macro_rules! integer {
    ($ty:ty, $bits:literal, $expected:literal) => {
        impl Decode for $ty {
            const SHAPE: Shape = Shape::Integer { bits: $bits };

            fn decode<'a, N: Node<'a>>(value: N, cx: &mut Cx<'a>) -> Outcome<Self> {
                let (wide, exact) = match (value.number_text(), value.as_str()) {
                    (Some(n), _) => match crate::number::integer_text(&n) {
                        crate::number::Integer::Exact(i) => (Some(i), true),
                        // Integral numbers written otherwise (`8.0`) are coercible.
                        crate::number::Integer::Integral(i) => (Some(i), false),
                        crate::number::Integer::OutOfRange => (None, true),
                        crate::number::Integer::Fraction => return cx.mismatch($expected, value),
                    },
                    (None, Some(s)) => match s.trim().parse::<i128>() {
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

    fn decode<'a, N: Node<'a>>(value: N, cx: &mut Cx<'a>) -> Outcome<Self> {
        if value.kind() != Kind::Array {
            return cx.mismatch("an array", value);
        }
        let mut out = Vec::with_capacity(value.len());
        let (mut coerced, mut rejected) = (false, false);
        for (i, item) in value.elements().enumerate() {
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

    fn decode<'a, N: Node<'a>>(value: N, cx: &mut Cx<'a>) -> Outcome<Self> {
        if value.kind() != Kind::Object {
            return cx.mismatch("an object of strings", value);
        }
        let mut out = Vec::with_capacity(value.len());
        let (mut coerced, mut rejected) = (false, false);
        let outer_secret = cx.secret;
        for (key, item) in value.members() {
            cx.enter_key(key);
            // The map may hold credentials; each entry's name says whether this one does.
            cx.secret = secret::looks_secret(key);
            match item.kind() {
                Kind::String => {
                    out.push((key.to_owned(), item.as_str().unwrap_or_default().to_owned()))
                }
                Kind::Number | Kind::Bool => {
                    coerced = true;
                    let found = describe(item, cx.secret);
                    cx.report(
                        Code::TypeCoerced,
                        format!("expected a string, found {found}; read as a string"),
                    );
                    out.push((key.to_owned(), scalar_text(item)));
                }
                // Every entry is still looked at, so each wrong one is reported.
                _ => {
                    rejected |= matches!(cx.mismatch::<(), N>("a string", item), Outcome::Rejected)
                }
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

    fn decode<'a, N: Node<'a>>(value: N, cx: &mut Cx<'a>) -> Outcome<Self> {
        if value.kind() != Kind::Object {
            return cx.mismatch("an object", value);
        }
        match value.to_value() {
            Value::Object(map) => Outcome::Exact(map),
            _ => Outcome::Rejected,
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
pub(crate) fn decode_enum<'a, T, N: Node<'a>>(
    value: N,
    cx: &mut Cx<'a>,
    known: &'static [&'static str],
    closed: bool,
    from_wire: fn(&str) -> T,
) -> Outcome<T> {
    let Some(s) = value.as_str() else {
        return cx.mismatch("a string", value);
    };
    if known.contains(&s) {
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
