//! The JSON Schemas of the GetInstance and ListInstances bodies: generated
//! from the field table, committed as `schemas/get-instance.schema.json` and
//! `schemas/list-instances.schema.json` (a test keeps the files fresh), and
//! embedded at compile time.
//!
//! It is documentation and a test oracle, not a run-time check. The typed
//! decoder reports, at the same JSON Pointer, the values the schema rejects:
//! as an error, or as a warning or info where it tolerates the value (a
//! coerced scalar, a `null`). A second pass over every document with the
//! schema cost about a tenth of validation and, over the fixtures and the
//! fuzz corpus, never found anything more, so the schema now checks the
//! decoder instead, in `tests/schema_oracle.rs` and the `schema_oracle` fuzz
//! target, which also say where the two differ.

use std::sync::LazyLock;

use serde_json::{Map, Value, json};

use crate::model::{self, Field, FieldClass, Format, Identity, Object, Shape};

/// The JSON Schema (draft 2020-12) of a GetInstance response body, as text.
///
/// It documents every field with its type, description and enum, marks open
/// value lists with `x-known-values` and credentials with `x-secret`.
///
/// [`validate`](crate::validate) does not run it: the typed decoder reports
/// everything it would, and the test suite checks that it does.
pub const SCHEMA: &str = include_str!("../schemas/get-instance.schema.json");

/// The `$id` of [`SCHEMA`]: what a policy's `$ref` names it by.
pub const SCHEMA_ID: &str = "https://dswcheck.invalid/schemas/get-instance.schema.json";

/// The JSON Schema (draft 2020-12) of a ListInstances response body, as
/// text: the envelope, and the items with the fields ListInstances items
/// carry (the GetInstance fields less a few, plus `OversoldInfo` and
/// `OversoldType`). Like [`SCHEMA`], documentation, not a run-time check.
pub const LIST_SCHEMA: &str = include_str!("../schemas/list-instances.schema.json");

/// The `$id` of [`LIST_SCHEMA`].
pub const LIST_SCHEMA_ID: &str = "https://dswcheck.invalid/schemas/list-instances.schema.json";

static SCHEMA_VALUE: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(SCHEMA).expect("invalid built-in schema"));

static LIST_SCHEMA_VALUE: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(LIST_SCHEMA).expect("invalid built-in schema"));

/// The GetInstance schema as a JSON value.
#[must_use]
pub fn schema() -> &'static Value {
    &SCHEMA_VALUE
}

/// The ListInstances schema as a JSON value.
#[must_use]
pub fn list_schema() -> &'static Value {
    &LIST_SCHEMA_VALUE
}

/// What the generator needs to know of each body beyond the field table.
struct Body {
    root: &'static Object,
    id: &'static str,
    title: &'static str,
    summary: &'static str,
}

const GET_INSTANCE: Body = Body {
    root: model::Instance::OBJECT,
    id: SCHEMA_ID,
    title: "PAI-DSW GetInstance response (API 2022-01-01)",
    summary: "Response body of GET /api/v2/instances/{InstanceId} (PAI-DSW OpenAPI 2022-01-01)",
};

const LIST_INSTANCES: Body = Body {
    root: model::ListInstances::OBJECT,
    id: LIST_SCHEMA_ID,
    title: "PAI-DSW ListInstances response (API 2022-01-01)",
    summary: "Response body of GET /api/v2/instances (PAI-DSW OpenAPI 2022-01-01)",
};

/// The GetInstance schema generated from the field table, as the committed
/// file holds it (two-space indents, a trailing newline).
#[doc(hidden)]
#[must_use]
pub fn generate() -> String {
    generate_body(&GET_INSTANCE)
}

/// The ListInstances schema generated from the field table, as committed.
#[doc(hidden)]
#[must_use]
pub fn generate_list() -> String {
    generate_body(&LIST_INSTANCES)
}

fn generate_body(body: &Body) -> String {
    let mut defs = Map::new();
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        "https://json-schema.org/draft/2020-12/schema".into(),
    );
    schema.insert("$id".into(), body.id.into());
    schema.insert("title".into(), body.title.into());
    schema.insert(
        "description".into(),
        format!(
            "{}, generated from dswcheck's field table. No field is required and unknown fields \
             are allowed; x-known-values lists open value sets, x-secret marks fields the API \
             returns masked, x-class gives a field's class for the semantic diff (identity, \
             status, volatile; unmarked fields inherit their parent's) and x-identity how the \
             elements of an array are matched.",
            body.summary
        )
        .into(),
    );
    schema.insert("type".into(), "object".into());
    let mut cx = Gen {
        defs: &mut defs,
        list_item: false,
    };
    schema.insert("properties".into(), cx.properties(body.root).into());
    schema.insert("$defs".into(), defs.into());
    let mut text = serde_json::to_string_pretty(&Value::Object(schema))
        .unwrap_or_else(|e| unreachable!("a Value always serializes: {e}"));
    text.push('\n');
    text
}

/// The generator's state: the definitions so far, and whether it is inside
/// ListInstances items, which carry other fields than a GetInstance body.
///
/// One schema file is in one context below its envelope, so a definition's
/// name (the Rust type's) stands for one set of properties in each file.
struct Gen<'a> {
    defs: &'a mut Map<String, Value>,
    list_item: bool,
}

impl Gen<'_> {
    fn properties(&mut self, object: &'static Object) -> Map<String, Value> {
        let mut out = Map::new();
        for field in object.fields {
            if !field.facts.carried.in_context(self.list_item) {
                continue;
            }
            let outer = self.list_item;
            self.list_item |= field.facts.list_items;
            let property = self.property(field);
            self.list_item = outer;
            out.insert(field.wire.to_owned(), property);
        }
        out
    }

    /// The schema of one field: its shape, description and facts.
    fn property(&mut self, field: &Field) -> Value {
        let mut node = self.shape_of(&field.shape, field.facts.format);
        let mut out = Map::new();
        // `type` first, then the description, then the rest of the shape.
        if let Some(ty) = node.remove("type") {
            out.insert("type".into(), ty);
        }
        out.insert("description".into(), field.description().into());
        out.append(&mut node);
        match field.facts.class {
            Some(FieldClass::Secret) => {
                out.insert("x-secret".into(), true.into());
            }
            Some(class) => {
                out.insert("x-class".into(), class.as_str().into());
            }
            None => {}
        }
        match field.facts.identity {
            Some(Identity::Keys(keys)) => {
                out.insert("x-identity".into(), json!(keys));
            }
            Some(Identity::Set) => {
                out.insert("x-identity".into(), "set".into());
            }
            None => {}
        }
        if field.facts.deprecated {
            out.insert("deprecated".into(), true.into());
        }
        Value::Object(out)
    }

    fn shape_of(&mut self, shape: &Shape, format: Option<Format>) -> Map<String, Value> {
        let mut out = Map::new();
        match *shape {
            Shape::String => {
                out.insert("type".into(), "string".into());
                match format {
                    Some(Format::Time) => {
                        out.insert("format".into(), "date-time".into());
                    }
                    Some(Format::JsonText) => {
                        out.insert("contentMediaType".into(), "application/json".into());
                    }
                    _ => {}
                }
            }
            Shape::Integer { bits } => {
                let (min, max) = if bits == 32 {
                    (i64::from(i32::MIN), i64::from(i32::MAX))
                } else {
                    (i64::MIN, i64::MAX)
                };
                out.insert("type".into(), "integer".into());
                out.insert("format".into(), format!("int{bits}").into());
                out.insert("minimum".into(), min.into());
                out.insert("maximum".into(), max.into());
            }
            Shape::Boolean => {
                out.insert("type".into(), "boolean".into());
            }
            Shape::Enum { values, closed } => {
                out.insert("type".into(), "string".into());
                let key = if closed { "enum" } else { "x-known-values" };
                out.insert(key.into(), json!(values));
            }
            Shape::Array(item) => {
                out.insert("type".into(), "array".into());
                out.insert("items".into(), self.shape_of(item, format).into());
            }
            Shape::Object(object) => {
                if !self.defs.contains_key(object.name) {
                    // Reserve the name first: the definitions come out in first-use order.
                    self.defs.insert(object.name.into(), Value::Null);
                    let mut def = Map::new();
                    def.insert("type".into(), "object".into());
                    def.insert("description".into(), one_line(object.doc).into());
                    def.insert("properties".into(), self.properties(object).into());
                    self.defs.insert(object.name.into(), def.into());
                }
                out.insert("type".into(), "object".into());
                out.insert("$ref".into(), format!("#/$defs/{}", object.name).into());
            }
            Shape::StringMap => {
                out.insert("type".into(), "object".into());
                out.insert("additionalProperties".into(), json!({"type": "string"}));
            }
            Shape::FreeObject => {
                out.insert("type".into(), "object".into());
            }
        }
        out
    }
}

fn one_line(doc: &str) -> String {
    doc.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use serde_json::Value;

    use super::*;
    use crate::decode::Decode;
    use crate::model::{Instance, ListInstances};

    #[test]
    fn schema_compiles() {
        for schema in [schema(), list_schema()] {
            let validator = jsonschema::validator_for(schema).expect("a valid schema");
            assert!(validator.is_valid(&serde_json::json!({})));
            assert!(!validator.is_valid(&serde_json::json!({"Success": 1})));
        }
        let list = jsonschema::validator_for(list_schema()).expect("a valid schema");
        assert!(!list.is_valid(&serde_json::json!({"Instances": [{"Status": 1}]})));
        // Items do not carry ProxyPath: there it is an unknown field, like any other.
        assert!(list.is_valid(&serde_json::json!({"Instances": [{"ProxyPath": 1}]})));
        assert!(!list.is_valid(&serde_json::json!({"Instances": [{"OversoldType": 1}]})));
    }

    /// The sourcegen pattern: the committed schemas are the generated ones.
    /// When one differs the file is rewritten (except under CI, which may
    /// write nothing) and the test fails, so a developer runs `cargo test`
    /// again and commits the new file.
    #[test]
    fn committed_schemas_are_generated_from_the_field_table() {
        let mut stale = Vec::new();
        for (path, committed, generated) in [
            ("schemas/get-instance.schema.json", SCHEMA, generate()),
            (
                "schemas/list-instances.schema.json",
                LIST_SCHEMA,
                generate_list(),
            ),
        ] {
            if generated == committed {
                continue;
            }
            if std::env::var_os("CI").is_none() {
                let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
                std::fs::write(&full, &generated).expect("the schema file is writable");
            }
            stale.push(path);
        }
        if stale.is_empty() {
            return;
        }
        if std::env::var_os("CI").is_none() {
            panic!(
                "{stale:?} were stale and have been regenerated from the field table \
                 (src/model/table.rs): run `cargo test` again and commit the files"
            );
        }
        panic!(
            "{stale:?} differ from the schemas generated from the field table \
             (src/model/table.rs): run `cargo test` locally and commit the regenerated files"
        );
    }

    fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.strip_prefix("#/$defs/").expect("local refs only");
                &root["$defs"][name]
            }
            None => node,
        }
    }

    fn strings(v: &Value) -> Vec<&str> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect()
    }

    /// The walk of [`agree`]: the schema's root, where the walk is, and
    /// whether it is inside ListInstances items.
    struct Walk<'a> {
        root: &'a Value,
        problems: Vec<String>,
    }

    /// Walks the model's shape and the embedded schema side by side, so that
    /// the generator itself is checked against the decoder's view: the
    /// decoder reads a field only where the table says it is carried.
    fn agree(w: &mut Walk<'_>, path: &str, shape: &Shape, node: &Value, list_item: bool) {
        let node = resolve(w.root, node);
        let ty = node.get("type").and_then(Value::as_str).unwrap_or("?");
        let problems = &mut w.problems;
        let mut problem = |p: String| problems.push(format!("{path}: {p}"));
        match shape {
            Shape::String => {
                if ty != "string"
                    || node.get("enum").is_some()
                    || node.get("x-known-values").is_some()
                {
                    problem(format!("model says plain string, schema says {node}"));
                }
            }
            Shape::Integer { bits } => {
                let format = node.get("format").and_then(Value::as_str);
                if ty != "integer" || format != Some(&format!("int{bits}")) {
                    problem(format!("model says int{bits}, schema says {ty} {format:?}"));
                }
            }
            Shape::Boolean => {
                if ty != "boolean" {
                    problem(format!("model says boolean, schema says {ty}"));
                }
            }
            Shape::Enum { values, closed } => {
                let key = if *closed { "enum" } else { "x-known-values" };
                match node.get(key) {
                    Some(list) if strings(list) == *values && ty == "string" => {}
                    _ => problem(format!("model says {key} {values:?}, schema says {node}")),
                }
            }
            Shape::Array(item) => {
                if ty == "array" {
                    agree(w, &format!("{path}[]"), item, &node["items"], list_item);
                } else {
                    problem(format!("model says array, schema says {ty}"));
                }
            }
            Shape::StringMap => {
                if ty != "object" || node["additionalProperties"]["type"] != "string" {
                    problem(format!("model says string map, schema says {node}"));
                }
            }
            Shape::FreeObject => {
                if ty != "object" || node.get("properties").is_some() {
                    problem(format!("model says free-form object, schema says {node}"));
                }
            }
            Shape::Object(object) => {
                let Some(props) = node.get("properties").and_then(Value::as_object) else {
                    return problem(format!("model says object with fields, schema says {node}"));
                };
                let carried: Vec<_> = object
                    .fields
                    .iter()
                    .filter(|f| f.facts.carried.in_context(list_item))
                    .collect();
                let model: BTreeSet<&str> = carried.iter().map(|f| f.wire).collect();
                let schema: BTreeSet<&str> = props.keys().map(String::as_str).collect();
                for missing in schema.difference(&model) {
                    problems.push(format!("{path}.{missing}: in the schema, not in the model"));
                }
                for missing in model.difference(&schema) {
                    problems.push(format!("{path}.{missing}: in the model, not in the schema"));
                }
                for f in carried {
                    if let Some(prop) = props.get(f.wire) {
                        let secret = prop.get("x-secret") == Some(&Value::Bool(true));
                        if secret != f.is_secret() {
                            w.problems.push(format!(
                                "{path}.{}: x-secret {secret}, model {}",
                                f.wire,
                                f.is_secret()
                            ));
                        }
                        let inside = list_item || f.facts.list_items;
                        agree(w, &format!("{path}.{}", f.wire), &f.shape, prop, inside);
                    }
                }
            }
        }
    }

    #[test]
    fn schemas_and_model_agree() {
        for (root, shape) in [
            (schema(), Instance::SHAPE),
            (list_schema(), ListInstances::SHAPE),
        ] {
            let mut walk = Walk {
                root,
                problems: Vec::new(),
            };
            agree(&mut walk, "", &shape, root, false);
            assert!(
                walk.problems.is_empty(),
                "{} and the model disagree:\n{}",
                root["$id"],
                walk.problems.join("\n")
            );
        }
    }

    #[test]
    fn list_items_carry_their_own_fields() {
        let item = &list_schema()["$defs"]["Instance"]["properties"];
        assert!(item.get("OversoldType").is_some() && item.get("ProxyPath").is_none());
        assert!(
            list_schema()["$defs"]["CloudDisk"]["properties"]
                .get("Status")
                .is_none()
        );
        let body = &schema()["properties"];
        assert!(body.get("OversoldType").is_none() && body.get("ProxyPath").is_some());
    }
}
