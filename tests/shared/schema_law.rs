//! The differential law between dswcheck's typed decoder and the embedded
//! JSON Schema, with `jsonschema` as the oracle.
//!
//! `validate` no longer runs the schema over each document: the decoder is
//! trusted to see everything the schema sees. This law is what that trust
//! rests on. It is shared by `tests/schema_oracle.rs` (proptest and the
//! fixtures) and by the `schema_oracle` fuzz target, which includes this file
//! by path, so the two can never check different things. It uses only
//! dswcheck's public API, serde_json and jsonschema.
//!
//! # The correspondence
//!
//! For a JSON text that both dswcheck and serde_json read, let `P_schema` be
//! the JSON Pointers of the values `jsonschema` reports (every error of
//! `iter_errors`), and `P_decoder` the pointers of the diagnostics of
//! [`dswcheck::parse`] that say the value breaks the documented contract:
//!
//! | decoder diagnostic | severity | counts? | why |
//! |---|---|---|---|
//! | `type.mismatch` | error | yes | wrong JSON type, not coercible: the schema's `type` rejects it |
//! | `number.out-of-range` | error | yes | outside int32/int64: the schema's `minimum`/`maximum` reject it, or its `type` does for a numeric string |
//! | `number.out-of-range` of a number within the bounds as an f64 | error | no | dswcheck reads numbers exactly, `jsonschema` as f64: `-9.223372036854776e18` is below i64's minimum, yet rounds to it |
//! | `enum.unknown` | error | yes | outside a closed enum: the schema's `enum` rejects it |
//! | `value.null` | info | yes | tolerated deviation: the decoder reads `null` as absent, no schema `type` allows `null` |
//! | `type.coerced` | warning | yes, except an integral number at an integer | tolerated deviation: `"8"` for an integer, `8` for a string, `"true"` for a boolean, a number in a string map are all rejected by the schema's `type` |
//! | `type.coerced` of a number at an integer | warning | no | `8.0`, `8e0`, `-0.0`: JSON Schema (draft 6 on) counts any number with a zero fractional part as an integer, so the schema accepts it; the decoder warns only because the wire form is not an integer literal |
//! | `value.null-string` at a closed enum | info | yes | the string `"null"` is not in the schema's `enum` |
//! | `value.null-string` at an open list | info | no | open lists (`x-known-values`) accept any string |
//! | `enum.unlisted` | warning | no | open lists accept any string |
//! | `field.unknown` | info | no | the schema allows undocumented properties |
//! | anything else (`json.*`) | | no | not about a value's type |
//!
//! The law: `P_decoder == P_schema`. In particular, both ways round at the
//! level of the document: a body the decoder reads without a type or enum
//! error and without a tolerated deviation satisfies the schema, and a body
//! the schema accepts gets no `type.mismatch`, `number.out-of-range` or
//! `enum.unknown` error (nor a `value.null` or a coercion the schema would
//! refuse).
//!
//! Which schema node a pointer lands on (for the two "except" rows) is found
//! by walking the schema itself: `src/schema.rs`'s unit test holds every
//! node's type and enum to the model's, so the schema says what the decoder
//! expected there.
//!
//! `format: date-time` is an annotation in draft 2020-12, and `jsonschema`
//! treats it as one by default, as the runtime pass did: times are checked by
//! `validate`'s rules (`time.format`), not here.

// Each user compiles this file and uses a different part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use dswcheck::{BodyKind, Code, Diagnostic, Report};
use serde_json::Value;

/// The UTF-8 byte order mark, which dswcheck tolerates and serde_json does not.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the oracle made of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Neither dswcheck nor serde_json reads the text as JSON: the law is about
    /// JSON documents, so there is nothing to compare.
    NotJson,
    /// The law holds; `schema_valid` says whether the schema accepted the body.
    Holds {
        /// Whether `jsonschema` accepted the body.
        schema_valid: bool,
    },
}

/// Why a decoder diagnostic has a counterpart in the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counterpart {
    /// An error of the decoder: the value breaks the documented type or enum.
    Rejected,
    /// The decoder reads the value with a warning or an info, the schema refuses it.
    Tolerated,
}

/// The schema compiled once, with `jsonschema`'s defaults (as the runtime
/// pass used it).
pub struct Oracle {
    validator: jsonschema::Validator,
    list_validator: jsonschema::Validator,
}

impl Default for Oracle {
    fn default() -> Self {
        Oracle::new()
    }
}

impl Oracle {
    /// Compiles the embedded schema.
    pub fn new() -> Oracle {
        Oracle {
            validator: jsonschema::validator_for(dswcheck::schema())
                .expect("the embedded schema compiles"),
            list_validator: jsonschema::validator_for(dswcheck::list_schema())
                .expect("the embedded schema compiles"),
        }
    }

    /// Every pointer the GetInstance schema reports, with what it says there.
    pub fn schema_errors(&self, value: &Value) -> BTreeMap<String, Vec<String>> {
        self.errors_in(&self.validator, value)
    }

    fn errors_in(
        &self,
        validator: &jsonschema::Validator,
        value: &Value,
    ) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for error in validator.iter_errors(value) {
            out.entry(error.instance_path().as_str().to_owned())
                .or_default()
                .push(format!("{}: {error}", error.kind().keyword()));
        }
        out
    }

    /// Checks the law on `bytes`: `Ok` with what was found, or `Err` with
    /// both sides' findings where they disagree.
    pub fn check(&self, bytes: &[u8]) -> Result<Verdict, String> {
        let report = dswcheck::parse(bytes);
        let text = bytes.strip_prefix(BOM).unwrap_or(bytes);
        // A duplicate key is an error for dswcheck, but both readers keep the
        // last value, so the data the two sides see is still the same.
        let not_json = report.diagnostics().iter().any(|d| d.code.is_syntax());
        let value = match (serde_json::from_slice::<Value>(text), not_json) {
            (Err(_), true) => return Ok(Verdict::NotJson),
            (Ok(value), false) => value,
            // The `parse_bytes` fuzz target's law; here it means the two
            // sides would not be looking at the same data.
            (Ok(_), true) => {
                return Err(format!(
                    "serde_json reads JSON that dswcheck refuses: {:?}",
                    report.diagnostics()
                ));
            }
            (Err(e), false) => {
                return Err(format!("dswcheck reads text that serde_json refuses ({e})"));
            }
        };
        self.check_value(&report, &value)
    }

    /// The law for a report of the text of `value`, against the schema of
    /// the kind of body the decoder read it as.
    fn check_value(&self, report: &Report, value: &Value) -> Result<Verdict, String> {
        let root = root_of(report);
        let validator = if report.kind() == Some(BodyKind::ListInstances) {
            &self.list_validator
        } else {
            &self.validator
        };
        let schema = self.errors_in(validator, value);
        let mut decoder: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut rejected = false;
        for d in report.diagnostics() {
            if let Some(counterpart) = counterpart(d, value, root) {
                rejected |= counterpart == Counterpart::Rejected;
                decoder
                    .entry(d.pointer.to_string())
                    .or_default()
                    .push(format!("{counterpart:?} {}", d.code));
            }
        }
        let schema_valid = schema.is_empty();
        // The document-level law first, as it is the one `validate` relies on.
        let mut problem = String::new();
        if schema_valid && rejected {
            problem
                .push_str("the schema accepts a body the decoder finds a type or enum error in\n");
        }
        if !schema_valid && decoder.is_empty() {
            problem.push_str(
                "the decoder reads without a type or enum error or a tolerated deviation \
                 a body the schema rejects\n",
            );
        }
        // Then the same at each value.
        for (pointer, says) in &schema {
            if !decoder.contains_key(pointer) {
                let _ = writeln!(problem, "only the schema reports {pointer:?}: {says:?}");
            }
        }
        for (pointer, says) in &decoder {
            if !schema.contains_key(pointer) {
                let _ = writeln!(problem, "only the decoder reports {pointer:?}: {says:?}");
            }
        }
        if problem.is_empty() {
            Ok(Verdict::Holds { schema_valid })
        } else {
            let _ = write!(
                problem,
                "body: {}\ndecoder: {:#?}",
                value,
                report.diagnostics()
            );
            Err(problem)
        }
    }
}

/// The schema of the kind of body `report` was read as: a ListInstances
/// page's, or the GetInstance body's (which an error body is checked against).
pub fn root_of(report: &Report) -> &'static Value {
    if report.kind() == Some(BodyKind::ListInstances) {
        dswcheck::list_schema()
    } else {
        dswcheck::schema()
    }
}

/// Whether, and why, the decoder diagnostic `d` about `value` has a
/// counterpart in the schema `root` (see the table in the module docs).
pub fn counterpart(d: &Diagnostic, value: &Value, root: &'static Value) -> Option<Counterpart> {
    match d.code {
        Code::NumberOutOfRange if within_bounds_as_f64(d, value, root) => None,
        Code::TypeMismatch | Code::NumberOutOfRange | Code::EnumUnknown => {
            Some(Counterpart::Rejected)
        }
        Code::ValueNull => Some(Counterpart::Tolerated),
        Code::TypeCoerced => {
            let integer = schema_node(root, d.pointer.as_str()).and_then(|n| n.get("type"))
                == Some(&Value::from("integer"));
            let number = value
                .pointer(d.pointer.as_str())
                .is_some_and(Value::is_number);
            // An integral number at an integer is an integer to JSON Schema.
            (!(integer && number)).then_some(Counterpart::Tolerated)
        }
        Code::ValueNullString => schema_node(root, d.pointer.as_str())
            .is_some_and(|n| n.get("enum").is_some())
            .then_some(Counterpart::Tolerated),
        _ => None,
    }
}

/// Whether the number `d` is about, written as a float, lies within its
/// schema node's bounds once rounded to an f64: dswcheck reads numbers
/// exactly, and `-9.223372036854776e18` is below i64's minimum, but
/// `jsonschema` reads a float as an f64, which is exactly that minimum (and
/// compares it with the integer bounds exactly). Its `arbitrary-precision`
/// feature would read it exactly, but needs `jsonschema-macros` 0.61, which
/// this machine's crates.io mirror does not carry.
fn within_bounds_as_f64(d: &Diagnostic, value: &Value, root: &'static Value) -> bool {
    let Some(Value::Number(n)) = value.pointer(d.pointer.as_str()) else {
        return false;
    };
    if !n.to_string().contains(['.', 'e', 'E']) {
        return false;
    }
    let (Some(node), Some(x)) = (schema_node(root, d.pointer.as_str()), n.as_f64()) else {
        return false;
    };
    if x.fract() != 0.0 || x.abs() >= 1e38 {
        return false;
    }
    // Exact: an integral f64 below 2^127 in magnitude is an i128.
    #[allow(clippy::cast_possible_truncation)]
    let x = x as i128;
    let bound = |key: &str| node.get(key).and_then(Value::as_i64).map(i128::from);
    bound("minimum").is_none_or(|min| x >= min) && bound("maximum").is_none_or(|max| x <= max)
}

/// The schema node of a `$ref` in the schema `root`, or the node itself.
pub fn resolve(root: &'static Value, node: &'static Value) -> &'static Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/").expect("local refs only");
            &root["$defs"][name]
        }
        None => node,
    }
}

/// The schema node that describes the value at `pointer`, if the schema
/// describes it (not inside an undocumented field or a free-form object).
pub fn schema_node(root: &'static Value, pointer: &str) -> Option<&'static Value> {
    let mut node = resolve(root, root);
    if pointer.is_empty() {
        return Some(node);
    }
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = match node.get("properties").and_then(|p| p.get(&token)) {
            Some(child) => child,
            None => node
                .get("items")
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))?,
        };
        node = resolve(root, next);
    }
    Some(node)
}
