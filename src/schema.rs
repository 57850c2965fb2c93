//! The JSON Schema of the GetInstance body: generated from the field table,
//! committed as `schemas/get-instance.schema.json` (a test keeps the file
//! fresh), and embedded at compile time.
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

static SCHEMA_VALUE: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(SCHEMA).expect("invalid built-in schema"));

/// The schema as a JSON value.
#[must_use]
pub fn schema() -> &'static Value {
    &SCHEMA_VALUE
}

/// The schema generated from the field table, as the committed file holds it
/// (two-space indents, a trailing newline).
#[doc(hidden)]
#[must_use]
pub fn generate() -> String {
    let mut defs = Map::new();
    let root = model::root();
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        "https://json-schema.org/draft/2020-12/schema".into(),
    );
    schema.insert("$id".into(), SCHEMA_ID.into());
    schema.insert(
        "title".into(),
        "PAI-DSW GetInstance response (API 2022-01-01)".into(),
    );
    schema.insert(
        "description".into(),
        "Response body of GET /api/v2/instances/{InstanceId} (PAI-DSW OpenAPI 2022-01-01), \
         generated from dswcheck's field table. No field is required and unknown fields are \
         allowed; x-known-values lists open value sets, x-secret marks fields the API returns \
         masked, x-class gives a field's class for the semantic diff (identity, status, \
         volatile; unmarked fields inherit their parent's) and x-identity how the elements of \
         an array are matched."
            .into(),
    );
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), properties(root, &mut defs).into());
    schema.insert("$defs".into(), defs.into());
    let mut text = serde_json::to_string_pretty(&Value::Object(schema))
        .unwrap_or_else(|e| unreachable!("a Value always serializes: {e}"));
    text.push('\n');
    text
}

fn properties(object: &'static Object, defs: &mut Map<String, Value>) -> Map<String, Value> {
    object
        .fields
        .iter()
        .map(|field| (field.wire.to_owned(), property(field, defs)))
        .collect()
}

/// The schema of one field: its shape, description and facts.
fn property(field: &Field, defs: &mut Map<String, Value>) -> Value {
    let mut node = shape_of(&field.shape, field.facts.format, defs);
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

fn shape_of(
    shape: &Shape,
    format: Option<Format>,
    defs: &mut Map<String, Value>,
) -> Map<String, Value> {
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
            out.insert("items".into(), shape_of(item, format, defs).into());
        }
        Shape::Object(object) => {
            if !defs.contains_key(object.name) {
                // Reserve the name first: the definitions come out in first-use order.
                defs.insert(object.name.into(), Value::Null);
                let mut def = Map::new();
                def.insert("type".into(), "object".into());
                def.insert("description".into(), one_line(object.doc).into());
                def.insert("properties".into(), properties(object, defs).into());
                defs.insert(object.name.into(), def.into());
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
    use crate::model::Instance;

    /// Where the generated schema is committed, relative to the crate root.
    const SCHEMA_PATH: &str = "schemas/get-instance.schema.json";

    #[test]
    fn schema_compiles() {
        let validator = jsonschema::validator_for(schema()).expect("a valid schema");
        assert!(validator.is_valid(&serde_json::json!({})));
        assert!(!validator.is_valid(&serde_json::json!({"Status": 1})));
    }

    /// The sourcegen pattern: the committed schema is the generated one. When
    /// they differ the file is rewritten (except under CI, which may write
    /// nothing) and the test fails, so a developer runs `cargo test` again and
    /// commits the new file.
    #[test]
    fn committed_schema_is_generated_from_the_field_table() {
        let generated = generate();
        if generated == SCHEMA {
            return;
        }
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
        if std::env::var_os("CI").is_none() {
            std::fs::write(&path, &generated).expect("the schema file is writable");
            panic!(
                "{SCHEMA_PATH} was stale and has been regenerated from the field table \
                 (src/model/table.rs): run `cargo test` again and commit the file"
            );
        }
        panic!(
            "{SCHEMA_PATH} differs from the schema generated from the field table \
             (src/model/table.rs): run `cargo test` locally and commit the regenerated file"
        );
    }

    fn resolve(node: &Value) -> &Value {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.strip_prefix("#/$defs/").expect("local refs only");
                &schema()["$defs"][name]
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

    /// Walks the model's shape and the embedded schema side by side, so that
    /// the generator itself is checked against the decoder's view.
    fn agree(path: &str, shape: &Shape, node: &Value, problems: &mut Vec<String>) {
        let node = resolve(node);
        let ty = node.get("type").and_then(Value::as_str).unwrap_or("?");
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
                    agree(&format!("{path}[]"), item, &node["items"], problems);
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
                let model: BTreeSet<&str> = object.fields.iter().map(|f| f.wire).collect();
                let schema: BTreeSet<&str> = props.keys().map(String::as_str).collect();
                for missing in schema.difference(&model) {
                    problems.push(format!("{path}.{missing}: in the schema, not in the model"));
                }
                for missing in model.difference(&schema) {
                    problems.push(format!("{path}.{missing}: in the model, not in the schema"));
                }
                for f in object.fields {
                    if let Some(prop) = props.get(f.wire) {
                        let secret = prop.get("x-secret") == Some(&Value::Bool(true));
                        if secret != f.is_secret() {
                            problems.push(format!(
                                "{path}.{}: x-secret {secret}, model {}",
                                f.wire,
                                f.is_secret()
                            ));
                        }
                        agree(&format!("{path}.{}", f.wire), &f.shape, prop, problems);
                    }
                }
            }
        }
    }

    #[test]
    fn schema_and_model_agree() {
        let mut problems = Vec::new();
        agree("", &Instance::SHAPE, schema(), &mut problems);
        assert!(
            problems.is_empty(),
            "schema and model disagree:\n{}",
            problems.join("\n")
        );
    }
}
