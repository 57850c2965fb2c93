//! The index pass's reading of one body: the crate's one JSON grammar
//! (`json::scan`, with its limits) and a builder that keeps almost nothing,
//! only what matching needs: the top-level members that tell the body's
//! kind, each instance's `InstanceId`, `InstanceName` and `Status`, and for a
//! ListInstances page where each item's bytes start and end.

use std::borrow::Cow;
use std::str::FromStr;

use serde_json::{Map, Number, Value};

use crate::BodyKind;
use crate::json::{self, Build};

/// The three members of an instance that the index keeps.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Fields {
    /// `InstanceId` as sent (any JSON type: a non-string is reported).
    pub id: Option<Value>,
    /// `InstanceName`, when it is a string.
    pub name: Option<String>,
    /// `Status`, when it is a string.
    pub status: Option<String>,
}

impl Fields {
    fn set(&mut self, key: &str, value: &Item<'_>) {
        match key {
            "InstanceId" => self.id = Some(value.to_value()),
            "InstanceName" => self.name = value.as_string(),
            "Status" => self.status = value.as_string(),
            _ => {}
        }
    }

    fn from_root(root: &Map<String, Value>) -> Fields {
        let string = |key: &str| root.get(key).and_then(Value::as_str).map(str::to_owned);
        Fields {
            id: root.get("InstanceId").cloned(),
            name: string("InstanceName"),
            status: string("Status"),
        }
    }
}

/// An element of a ListInstances page's `Instances`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum PageItem {
    /// An object, at `start..end` of the scanned text.
    Object {
        start: usize,
        end: usize,
        fields: Fields,
    },
    /// Another JSON value, starting at `start`.
    NotAnObject { start: usize },
}

/// What one body is, as far as matching is concerned.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Body {
    /// Not JSON, or beyond a limit: the reader's message and where it stopped.
    Unreadable { message: String, offset: usize },
    /// JSON, but not an object.
    NotAnObject,
    /// An API error body, with what makes it one.
    ApiError(String),
    /// A GetInstance body: the whole text is the instance.
    Instance(Fields),
    /// A ListInstances page.
    Page(Vec<PageItem>),
}

/// What the builder makes of a value: nothing that costs an allocation
/// unless it is one of the few values kept.
enum Item<'a> {
    Null,
    Bool(bool),
    Number(&'a str),
    String(Cow<'a, str>),
    Array,
    Object(Object),
}

impl Item<'_> {
    fn as_string(&self) -> Option<String> {
        match self {
            Item::String(s) => Some(s.clone().into_owned()),
            _ => None,
        }
    }

    /// The value, with arrays and objects left empty: enough for the kind
    /// of a body, which its top-level scalars and member names tell.
    fn to_value(&self) -> Value {
        match self {
            Item::Null => Value::Null,
            Item::Bool(b) => Value::Bool(*b),
            // The grammar and `Build::number` accepted the text already.
            Item::Number(text) => Number::from_str(text).map_or(Value::Null, Value::Number),
            Item::String(s) => Value::String(s.clone().into_owned()),
            Item::Array => Value::Array(Vec::new()),
            Item::Object(_) => Value::Object(Map::new()),
        }
    }
}

/// An object as built: where it is, and what is kept of it.
struct Object {
    start: usize,
    end: usize,
    role: Role,
}

enum Role {
    /// The root object: its members, arrays and objects left empty.
    Root(Map<String, Value>),
    /// An element of the root's `Instances`.
    PageItem(Fields),
    /// Anything else: nothing kept.
    Other,
}

/// An object being read, and the key of the member being read.
struct Open<'a> {
    object: Object,
    key: Option<Cow<'a, str>>,
}

/// An array being read: whether it is the root's `Instances`.
struct OpenArray {
    instances: bool,
}

#[derive(Default)]
struct IndexBuilder {
    values: usize,
    depth: usize,
    /// The key of the root member being read is `Instances`.
    instances_key: bool,
    /// The root's `Instances` array is open.
    in_instances: bool,
    items: Vec<PageItem>,
    /// Where the last scalar started, for an item that is not an object.
    last_start: usize,
}

impl IndexBuilder {
    fn scalar(&mut self, start: usize) {
        self.values += 1;
        self.last_start = start;
    }
}

impl<'a> Build<'a> for IndexBuilder {
    type Value = Item<'a>;
    type Array = OpenArray;
    type Object = Open<'a>;

    fn values(&self) -> usize {
        self.values
    }

    fn null(&mut self, start: usize) -> Item<'a> {
        self.scalar(start);
        Item::Null
    }

    fn bool(&mut self, value: bool, start: usize) -> Item<'a> {
        self.scalar(start);
        Item::Bool(value)
    }

    fn number(&mut self, text: &'a str, start: usize) -> Option<Item<'a>> {
        // What the other readers refuse, refused alike.
        Number::from_str(text).ok()?;
        self.scalar(start);
        Some(Item::Number(text))
    }

    fn string(&mut self, value: Cow<'a, str>, start: usize) -> Item<'a> {
        self.scalar(start);
        Item::String(value)
    }

    fn begin_array(&mut self, start: usize) -> OpenArray {
        self.values += 1;
        self.depth += 1;
        self.last_start = start;
        let instances = self.depth == 2 && self.instances_key;
        if instances {
            // A repeated `Instances`: its last value is the page's, as for any key.
            self.items.clear();
            self.in_instances = true;
        }
        OpenArray { instances }
    }

    fn element(&mut self, array: &mut OpenArray, value: Item<'a>) {
        if !array.instances {
            return;
        }
        self.items.push(match value {
            Item::Object(Object {
                start,
                end,
                role: Role::PageItem(fields),
            }) => PageItem::Object { start, end, fields },
            _ => PageItem::NotAnObject {
                start: self.last_start,
            },
        });
    }

    fn end_array(&mut self, array: OpenArray, _: usize) -> Item<'a> {
        self.depth -= 1;
        if array.instances {
            self.in_instances = false;
        }
        Item::Array
    }

    fn begin_object(&mut self, start: usize) -> Open<'a> {
        self.values += 1;
        self.depth += 1;
        self.last_start = start;
        let role = match self.depth {
            1 => Role::Root(Map::new()),
            3 if self.in_instances => Role::PageItem(Fields::default()),
            _ => Role::Other,
        };
        Open {
            object: Object {
                start,
                end: start,
                role,
            },
            key: None,
        }
    }

    fn key(&mut self, object: &mut Open<'a>, key: Cow<'a, str>, _: usize) {
        match object.object.role {
            Role::Root(_) => {
                self.instances_key = key == "Instances";
                object.key = Some(key);
            }
            Role::PageItem(_) => object.key = Some(key),
            Role::Other => {}
        }
    }

    fn member(&mut self, object: &mut Open<'a>, value: Item<'a>) -> bool {
        let Some(key) = object.key.take() else {
            return false;
        };
        match &mut object.object.role {
            Role::Root(map) => {
                self.instances_key = false;
                map.insert(key.into_owned(), value.to_value()).is_some()
            }
            Role::PageItem(fields) => {
                fields.set(&key, &value);
                false
            }
            Role::Other => false,
        }
    }

    fn end_object(&mut self, mut object: Open<'a>, end: usize) -> Item<'a> {
        self.depth -= 1;
        object.object.end = end;
        Item::Object(object.object)
    }
}

/// Reads `text` (a leading BOM already removed) for the index: never more
/// than the limits every reader keeps ([`MAX_INPUT_BYTES`](crate::MAX_INPUT_BYTES),
/// [`MAX_VALUES`](crate::MAX_VALUES), [`MAX_DEPTH`](crate::MAX_DEPTH)).
pub(super) fn scan(text: &[u8]) -> Body {
    let checked = match json::checked(text) {
        Ok(checked) => checked,
        Err(located) => {
            return Body::Unreadable {
                message: located.diagnostic.message,
                offset: located.offset,
            };
        }
    };
    let scan = json::scan(checked, IndexBuilder::default());
    let Some(root) = scan.value else {
        // A fatal error is the last thing the reader says.
        let located = scan.diagnostics.into_iter().last();
        return located.map_or_else(
            || Body::Unreadable {
                message: "not JSON".to_owned(),
                offset: 0,
            },
            |l| Body::Unreadable {
                message: l.diagnostic.message,
                offset: l.offset,
            },
        );
    };
    let Item::Object(Object {
        role: Role::Root(map),
        ..
    }) = root
    else {
        return Body::NotAnObject;
    };
    let skeleton = Value::Object(map);
    match BodyKind::detect(&skeleton) {
        BodyKind::ListInstances => Body::Page(scan.builder.items),
        BodyKind::ApiError => Body::ApiError(
            crate::rules::api_error::describe_value(&skeleton)
                .unwrap_or_else(|| "the body is an API error response".to_owned()),
        ),
        // A GetInstance body, and whatever kind is added later, is matched as one instance.
        _ => match skeleton {
            Value::Object(map) => Body::Instance(Fields::from_root(&map)),
            _ => Body::NotAnObject,
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(id: &str, name: Option<&str>, status: Option<&str>) -> Fields {
        Fields {
            id: Some(json!(id)),
            name: name.map(str::to_owned),
            status: status.map(str::to_owned),
        }
    }

    #[test]
    fn a_get_instance_body_keeps_its_three_fields() {
        let text = br#"{"InstanceId": "dsw-1", "Labels": [{"Key": "InstanceId", "Value": "x"}],
            "InstanceName": "nb", "Status": "Running", "UserVpc": {"InstanceId": "no"}}"#;
        assert_eq!(
            scan(text),
            Body::Instance(fields("dsw-1", Some("nb"), Some("Running")))
        );
        assert_eq!(
            scan(br#"{"InstanceId": 7, "Status": ["Running"]}"#),
            Body::Instance(Fields {
                id: Some(json!(7)),
                ..Fields::default()
            })
        );
    }

    #[test]
    fn page_items_have_their_spans() {
        let text = r#"{"TotalCount": 3, "Instances": [ {"InstanceId": "a", "Extra": {"Status": "no"}},
  {"Status": "Stopped", "InstanceId": "b\u0021"}, 42, []], "Other": [{"InstanceId": "c"}]}"#;
        let Body::Page(items) = scan(text.as_bytes()) else {
            panic!("a page");
        };
        let spans: Vec<&str> = items
            .iter()
            .filter_map(|i| match i {
                PageItem::Object { start, end, .. } => Some(&text[*start..*end]),
                PageItem::NotAnObject { .. } => None,
            })
            .collect();
        assert_eq!(
            spans,
            [
                r#"{"InstanceId": "a", "Extra": {"Status": "no"}}"#,
                r#"{"Status": "Stopped", "InstanceId": "b\u0021"}"#
            ]
        );
        assert!(
            matches!(&items[0], PageItem::Object { fields, .. } if *fields == self::fields("a", None, None))
        );
        assert!(
            matches!(&items[1], PageItem::Object { fields, .. } if *fields == self::fields("b!", None, Some("Stopped")))
        );
        let starts: Vec<&str> = items[2..]
            .iter()
            .map(|i| match i {
                PageItem::NotAnObject { start } => &text[*start..*start + 2],
                PageItem::Object { .. } => "object",
            })
            .collect();
        assert_eq!(starts, ["42", "[]"]);
    }

    #[test]
    fn other_bodies() {
        assert!(matches!(scan(b"[1]"), Body::NotAnObject));
        assert!(matches!(scan(b"\"x\""), Body::NotAnObject));
        assert!(
            matches!(scan(b"{\"a\": tru}"), Body::Unreadable { offset: 6, ref message } if message.contains("literal"))
        );
        assert!(matches!(scan(b""), Body::Unreadable { .. }));
        assert!(matches!(
            scan(b"{\"a\": \"\xff\"}"),
            Body::Unreadable { offset: 7, .. }
        ));
        let error = br#"{"RequestId": "r", "Code": "ValidationError", "Message": "no", "HttpStatusCode": 400, "Success": false}"#;
        assert!(
            matches!(scan(error), Body::ApiError(ref m) if m.contains("ValidationError")),
            "{:?}",
            scan(error)
        );
        let deep = "[".repeat(crate::MAX_DEPTH + 1);
        assert!(matches!(scan(deep.as_bytes()), Body::Unreadable { .. }));
    }

    #[test]
    fn an_empty_page_has_no_items() {
        assert_eq!(
            scan(br#"{"TotalCount": 0, "Instances": []}"#),
            Body::Page(Vec::new())
        );
        assert_eq!(scan(br#"{"TotalCount": 0}"#), Body::Page(Vec::new()));
    }
}
