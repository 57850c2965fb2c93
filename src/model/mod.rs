//! The typed model of a GetInstance response body, and the one table of the
//! API's field facts it is generated from.
//!
//! Every field is optional: the API marks none required. Closed enums have an
//! `Unknown(String)` variant, so an undocumented value never fails a parse.
//! Each object keeps the fields the model does not know in `extra`, and
//! serializing a parsed [`Instance`] gives back the same JSON data as the
//! input, as long as the typed fields are not edited; an edited field is
//! written as edited.
//!
//! Model structs and enums are `#[non_exhaustive]`, so that a field or value
//! the API adds is not a breaking change. To build an instance, start from
//! `Default::default()` and set its fields:
//!
//! ```
//! use dswcheck::model::{Instance, InstanceStatus};
//!
//! let mut instance = Instance::default();
//! instance.instance_id = Some("dsw-123".into());
//! instance.status = Some(InstanceStatus::Running);
//! assert_eq!(
//!     serde_json::to_string(&instance)?,
//!     r#"{"InstanceId":"dsw-123","Status":"Running"}"#
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # The field table
//!
//! The rows in this module's source (`src/model/table.rs`) are the only place
//! a fact about a field is written: wire name, Rust name and type (and so the
//! JSON type, integer width and enum), the date the field first appeared, its
//! description, its class for the diff, the identity key of an array, its
//! value format (times, ports, JSON text, ...), and the section it is shown
//! in. The typed model, the JSON Schema (`schemas/get-instance.schema.json`),
//! the diff's classes and identities, the secret fields, the fuzzing sample
//! and the documentation's lists are all derived from it.

mod docs;
mod enums;
mod facts;
mod macros;
mod table;

use std::fmt;

use serde_json::{Map, Value};

use crate::decode::{Cx, Outcome};
use crate::json::Node;

pub use crate::decode::StringMap;
#[doc(hidden)]
pub use docs::{identity_prose, volatile_list};
pub use enums::*;
pub use facts::FieldClass;
#[doc(hidden)]
pub use facts::{Carried, Facts, Format, Identity, Section};
pub use table::*;

/// The documented shape of a value: what the decoder accepts and the schema describes.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// A JSON string.
    String,
    /// A JSON integer of the given width in bits.
    Integer {
        /// 32 or 64.
        bits: u8,
    },
    /// A JSON boolean.
    Boolean,
    /// A string from a documented list.
    Enum {
        /// The documented values, in documentation order.
        values: &'static [&'static str],
        /// Whether the list is complete (values outside it are errors) or open (warnings).
        closed: bool,
    },
    /// An array of values of one shape.
    Array(&'static Shape),
    /// An object with documented fields.
    Object(&'static Object),
    /// An object whose members are all strings.
    StringMap,
    /// An object whose members the documentation does not describe.
    FreeObject,
}

/// A documented object type: a row group of the field table.
#[doc(hidden)]
#[derive(Debug)]
pub struct Object {
    /// The Rust type name, also the schema's `$defs` name.
    pub name: &'static str,
    /// The type's description.
    pub doc: &'static str,
    /// The documented fields, in documentation order.
    pub fields: &'static [Field],
}

impl Object {
    /// The documented field with this wire name.
    #[must_use]
    pub fn field(&self, wire: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.wire == wire)
    }
}

/// One row of the field table.
#[doc(hidden)]
#[derive(Debug)]
pub struct Field {
    /// The name on the wire.
    pub wire: &'static str,
    /// The Rust field name.
    pub name: &'static str,
    /// The documented shape of the value.
    pub shape: Shape,
    /// The date of the first SDK release that carried the field.
    pub since: &'static str,
    /// The description, from the API documentation (one line per doc line).
    pub doc: &'static str,
    /// Everything else the table says about the field.
    pub facts: Facts,
}

impl Field {
    /// The description as one line, with the since-date, as the schema gives it.
    #[must_use]
    pub fn description(&self) -> String {
        let mut out = String::new();
        for word in self.doc.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out.push_str(" Since ");
        out.push_str(self.since);
        out.push('.');
        out
    }

    /// Whether the field holds a credential.
    #[must_use]
    pub const fn is_secret(&self) -> bool {
        self.facts.is_secret()
    }

    /// Whether the field is documented as an object, map or array that may
    /// hold credentials (`UserInfo`, `EnvironmentVariables`), so that a
    /// scalar sent in its place (`"AccessKeyId=..."`) is never shown.
    #[must_use]
    pub const fn is_secret_bearing_container(&self) -> bool {
        let mut shape = &self.shape;
        while let Shape::Array(item) = shape {
            shape = item;
        }
        matches!(
            shape,
            Shape::Object(_) | Shape::StringMap | Shape::FreeObject
        ) && bears_secrets(&self.facts, &self.shape)
    }

    /// Whether the field is a string holding JSON text.
    #[must_use]
    pub const fn is_json_text(&self) -> bool {
        matches!(self.facts.format, Some(Format::JsonText))
    }
}

/// Whether a value with these facts and shape may hold a credential, so
/// that a value of the wrong type in its place is never quoted: a secret
/// field, JSON text, a map or free object (whose names decide), or
/// anything containing one (`UserInfo: "AccessKeyId=..."`).
pub(crate) const fn bears_secrets(facts: &Facts, shape: &Shape) -> bool {
    facts.is_secret()
        || matches!(facts.format, Some(Format::JsonText))
        || shape_bears_secrets(shape)
}

const fn shape_bears_secrets(shape: &Shape) -> bool {
    match shape {
        Shape::Array(item) => shape_bears_secrets(item),
        Shape::Object(object) => {
            let mut i = 0;
            while i < object.fields.len() {
                let field = &object.fields[i];
                if bears_secrets(&field.facts, &field.shape) {
                    return true;
                }
                i += 1;
            }
            false
        }
        Shape::StringMap | Shape::FreeObject => true,
        Shape::String | Shape::Integer { .. } | Shape::Boolean | Shape::Enum { .. } => false,
    }
}

/// The path segment that stands for any element of an array.
pub(crate) const ELEMENT: &str = "[]";

/// The root object of a GetInstance body.
#[doc(hidden)]
#[must_use]
pub fn root() -> &'static Object {
    Instance::OBJECT
}

/// The documented field at `path` (object keys, [`ELEMENT`] for array
/// elements), or `None` where the documentation describes nothing.
///
/// The path is from the root of either body: a GetInstance body's fields
/// first, then the ListInstances envelope's (`Instances[].OversoldType`), so
/// that the diff, the canonical form and the secret policy read a page as
/// they read an instance. Inside ListInstances items, the fields the items
/// do not carry are undocumented, as the decoder has them.
pub(crate) fn field_at(path: &[&str]) -> Option<&'static Field> {
    field_in(root(), path, false).or_else(|| field_in(ListInstances::OBJECT, path, false))
}

fn field_in(object: &'static Object, path: &[&str], list_item: bool) -> Option<&'static Field> {
    let mut object = object;
    let mut list_item = list_item;
    let mut field: Option<&'static Field> = None;
    let mut rest = path;
    while let Some((key, tail)) = rest.split_first() {
        let f = object
            .field(key)
            .filter(|f| f.facts.carried.in_context(list_item))?;
        list_item |= f.facts.list_items;
        let mut shape = &f.shape;
        let mut tail = tail;
        // Step through array elements to the next object.
        while let (Shape::Array(item), Some((&ELEMENT, after))) = (shape, tail.split_first()) {
            shape = item;
            tail = after;
        }
        field = Some(f);
        rest = tail;
        if rest.is_empty() {
            break;
        }
        match shape {
            Shape::Object(o) => object = o,
            _ => return None,
        }
    }
    field
}

/// Every field of a GetInstance body with its path from the root (keys,
/// [`ELEMENT`] for array elements), depth first in table order.
#[doc(hidden)]
#[must_use]
pub fn fields() -> Vec<(Vec<&'static str>, &'static Field)> {
    walk_fields(false)
}

/// Every field of a ListInstances item with its path from the item, as
/// [`fields`] lists a GetInstance body's.
#[doc(hidden)]
#[must_use]
pub fn item_fields() -> Vec<(Vec<&'static str>, &'static Field)> {
    walk_fields(true)
}

fn walk_fields(list_item: bool) -> Vec<(Vec<&'static str>, &'static Field)> {
    fn walk(
        object: &'static Object,
        list_item: bool,
        path: &mut Vec<&'static str>,
        out: &mut Vec<(Vec<&'static str>, &'static Field)>,
    ) {
        for field in object.fields {
            if !field.facts.carried.in_context(list_item) {
                continue;
            }
            path.push(field.wire);
            out.push((path.clone(), field));
            let mut shape = &field.shape;
            let depth = path.len();
            while let Shape::Array(item) = shape {
                path.push(ELEMENT);
                shape = item;
            }
            if let Shape::Object(o) = shape {
                walk(o, list_item, path, out);
            }
            path.truncate(depth - 1);
        }
    }
    let mut out = Vec::new();
    walk(root(), list_item, &mut Vec::new(), &mut out);
    out
}

/// The top-level fields `wires` of a parsed body, decoded as
/// [`parse`](crate::parse) decodes them (coercions included), and nothing
/// else: for callers that need a few typed fields of a large body.
pub(crate) fn top_level<'a, N: Node<'a>>(body: N, wires: &[&str]) -> Instance {
    if !body.is_object() {
        return Instance::default();
    }
    // One pass over the members: a tape finds a key by scanning them.
    let picked: Map<String, Value> = body
        .members()
        .filter(|(key, _)| wires.contains(key))
        .map(|(key, v)| (key.to_owned(), v.to_value()))
        .collect();
    decode_instance(&Value::Object(picked), &mut Cx::new()).unwrap_or_default()
}

/// Decodes a whole document's root value as a GetInstance body.
pub(crate) fn decode_instance<'a, N: Node<'a>>(value: N, cx: &mut Cx<'a>) -> Option<Instance> {
    decode_root(value, cx)
}

/// Decodes a whole document's root value as a ListInstances body.
pub(crate) fn decode_list<'a, N: Node<'a>>(value: N, cx: &mut Cx<'a>) -> Option<ListInstances> {
    decode_root(value, cx)
}

/// Decodes one item of a ListInstances page on its own, without diagnostics:
/// for the rules, when the page's typed `Instances` were rejected as a whole
/// (an array with an element that is not an object has no typed form).
pub(crate) fn decode_item<'a, N: Node<'a>>(value: N) -> Option<Instance> {
    let mut cx = Cx::new();
    cx.list_item = true;
    decode_root(value, &mut cx)
}

fn decode_root<'a, T: crate::decode::Decode, N: Node<'a>>(value: N, cx: &mut Cx<'a>) -> Option<T> {
    match T::decode(value, cx) {
        Outcome::Exact(i) | Outcome::Coerced(i) => Some(i),
        Outcome::Rejected => None,
    }
}

/// The wire values of documented fields that the typed field does not
/// reproduce (`null`, a coerced scalar, a rejected value), as sent.
///
/// Serialization writes a kept wire value only while the typed field still
/// holds what was decoded from it: an edit wins.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct Verbatim(Map<String, Value>);

impl Verbatim {
    pub(crate) fn insert(&mut self, wire: &str, value: Value) {
        self.0.insert(wire.to_owned(), value);
    }

    pub(crate) fn get(&self, wire: &str) -> Option<&Value> {
        self.0.get(wire)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Verbatim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Wire values may be credentials sent in the wrong type: keep them out of `{:?}`.
        f.debug_set().entries(self.0.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_rows() {
        assert_eq!(field_at(&["Status"]).map(|f| f.name), Some("status"));
        assert_eq!(
            field_at(&["Datasets", ELEMENT, "MountAccess"]).map(|f| f.wire),
            Some("MountAccess")
        );
        assert_eq!(
            field_at(&[
                "CredentialConfig",
                "Configs",
                ELEMENT,
                "Roles",
                ELEMENT,
                "UserInfo"
            ])
            .map(|f| f.wire),
            Some("UserInfo")
        );
        assert!(field_at(&["Datasets", "MountAccess"]).is_none());
        assert!(field_at(&["EnvironmentVariables", "PATH"]).is_none());
        assert!(field_at(&["Nope"]).is_none());
        assert!(field_at(&[]).is_none());
        // Each body's own fields, from its root.
        assert!(field_at(&["OversoldType"]).is_none());
        assert_eq!(
            field_at(&["Instances", ELEMENT, "OversoldType"]).map(|f| f.wire),
            Some("OversoldType")
        );
        assert!(field_at(&["Instances", ELEMENT, "ProxyPath"]).is_none());
        assert!(field_at(&["Instances", ELEMENT, "CloudDisks", ELEMENT, "Status"]).is_none());
        assert!(
            field_at(&[
                "Instances",
                ELEMENT,
                "ServiceConfig",
                "JupyterServerPassword"
            ])
            .is_some_and(Field::is_secret)
        );
        assert_eq!(
            field_at(&["TotalCount"]).map(|f| f.name),
            Some("total_count")
        );
    }

    #[test]
    fn every_field_is_listed_once_with_its_path() {
        let all = fields();
        assert!(all.iter().any(|(p, f)| p
            == &["UserVpc", "ForwardInfos", ELEMENT, "SSHPublicKey"]
            && !f.is_secret()));
        for (path, field) in &all {
            assert!(
                std::ptr::eq(field_at(path).expect("a listed path"), *field),
                "{path:?}"
            );
        }
        let items = item_fields();
        for (path, field) in &items {
            let full: Vec<&str> = ["Instances", ELEMENT]
                .into_iter()
                .chain(path.iter().copied())
                .collect();
            assert!(
                field_at(&full).is_some_and(|f| (f.wire, f.name) == (field.wire, field.name)),
                "{path:?}"
            );
        }
        // The two differ by the fields section 12 of the researched facts names.
        let only = |a: &[(Vec<&str>, &Field)], b: &[(Vec<&str>, &Field)]| {
            a.iter()
                .filter(|(p, _)| !b.iter().any(|(q, _)| p == q))
                .map(|(p, _)| p.join("."))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            only(&all, &items),
            [
                "RequestId",
                "Success",
                "Code",
                "Message",
                "HttpStatusCode",
                "Datasets.[].ActualMountAccess",
                "CloudDisks.[].Status",
                "CloudDisks.[].Status.Available",
                "CloudDisks.[].Status.Capacity",
                "CloudDisks.[].Status.Usage",
                "NodeErrorRecovery",
                "NodeErrorRecovery.hasNodeError",
                "NodeErrorRecovery.enableAutoSwitchOnNodeError",
                "NodeErrorRecovery.autoSwitchCountdownSeconds",
                "ProxyPath",
                "UserCommandId",
                "PodIps",
                "PodIps.[].InterfaceName",
                "PodIps.[].Ip",
                "PodIps.[].Type",
                "MigrationOptions",
                "AccessRestrictionRules",
                "DockerConfig",
                "DockerConfig.ContainersLimit",
                "DockerConfig.Enable",
                "DockerConfig.MountAccessConfigPath",
            ]
        );
        assert_eq!(only(&items, &all), ["OversoldInfo", "OversoldType"]);
    }

    #[test]
    fn kept_wire_values_give_way_to_edits() {
        let report = crate::parse(br#"{"Priority": "3", "Success": null, "HttpStatusCode": "x"}"#);
        let mut instance = report.into_instance().expect("an object");
        assert_eq!(
            serde_json::to_string(&instance).unwrap(),
            r#"{"Success":null,"HttpStatusCode":"x","Priority":"3"}"#
        );
        instance.priority = Some(7);
        instance.success = Some(true);
        instance.http_status_code = Some(404);
        assert_eq!(
            serde_json::to_string(&instance).unwrap(),
            r#"{"Success":true,"HttpStatusCode":404,"Priority":7}"#
        );
        instance.priority = None;
        assert_eq!(
            serde_json::to_string(&instance).unwrap(),
            r#"{"Success":true,"HttpStatusCode":404}"#
        );
    }

    #[test]
    fn instances_deserialize_tolerantly() {
        let value = serde_json::json!({"Status": "Bogus", "Priority": "2", "Extra": [1]});
        let instance: Instance = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(
            instance.status,
            Some(InstanceStatus::Unknown("Bogus".into()))
        );
        assert_eq!(instance.priority, Some(2));
        assert_eq!(serde_json::to_value(&instance).unwrap(), value);
        assert!(serde_json::from_value::<Instance>(serde_json::json!([1])).is_err());
    }

    #[test]
    fn descriptions_are_one_line_with_the_date() {
        let f = field_at(&["RequestId"]).expect("documented");
        assert_eq!(
            f.description(),
            "ID of the request, e.g. `E7D55162-4489-1619-AAF5-3F97D5FCA948`. Since 2022-01-20."
        );
    }
}
