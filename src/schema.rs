//! The JSON Schema of the GetInstance body, embedded at compile time.
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

use serde_json::Value;

/// The JSON Schema (draft 2020-12) of a GetInstance response body, as text.
///
/// It documents every field with its type, description and enum, marks open
/// value lists with `x-known-values` and credentials with `x-secret`.
///
/// [`validate`](crate::validate) does not run it: the typed decoder reports
/// everything it would, and the test suite checks that it does.
pub const SCHEMA: &str = include_str!("../schemas/get-instance.schema.json");

static SCHEMA_VALUE: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(SCHEMA).expect("invalid built-in schema"));

/// The schema as a JSON value.
#[must_use]
pub fn schema() -> &'static Value {
    &SCHEMA_VALUE
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::*;
    use crate::decode::{Decode, Shape};
    use crate::model::Instance;

    #[test]
    fn schema_compiles() {
        let validator = jsonschema::validator_for(schema()).expect("a valid schema");
        assert!(validator.is_valid(&serde_json::json!({})));
        assert!(!validator.is_valid(&serde_json::json!({"Status": 1})));
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

    /// Walks the model's shape and the schema side by side.
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
            Shape::Object(fields) => {
                let Some(props) = node.get("properties").and_then(Value::as_object) else {
                    return problem(format!("model says object with fields, schema says {node}"));
                };
                let model: BTreeSet<&str> = fields.iter().map(|f| f.wire).collect();
                let schema: BTreeSet<&str> = props.keys().map(String::as_str).collect();
                for missing in schema.difference(&model) {
                    problems.push(format!("{path}.{missing}: in the schema, not in the model"));
                }
                for missing in model.difference(&schema) {
                    problems.push(format!("{path}.{missing}: in the model, not in the schema"));
                }
                for f in *fields {
                    if let Some(prop) = props.get(f.wire) {
                        let secret = prop.get("x-secret") == Some(&Value::Bool(true));
                        if secret != f.secret {
                            problems.push(format!(
                                "{path}.{}: x-secret {secret}, model {}",
                                f.wire, f.secret
                            ));
                        }
                        agree(&format!("{path}.{}", f.wire), &(f.shape)(), prop, problems);
                    }
                }
            }
        }
    }

    #[test]
    fn schema_and_model_agree() {
        let mut problems = Vec::new();
        agree("", &Instance::shape(), schema(), &mut problems);
        assert!(
            problems.is_empty(),
            "schema and model disagree:\n{}",
            problems.join("\n")
        );
    }
}
