//! The embedded JSON Schema as a differential oracle for the typed decoder.
//!
//! `validate` does not run the schema: it relies on the decoder reporting
//! every value the schema rejects. The law that says exactly what that means
//! is in `shared/schema_law.rs` (shared with the `schema_oracle` fuzz
//! target); this file checks it over bodies generated from the schema's own
//! shape and over every fixture under `tests/data/`.
//!
//! The strategies walk `dswcheck::schema()` (and `dswcheck::list_schema()`
//! for ListInstances pages), not the model, so the generated
//! bodies are what the schema file describes, and closed enums are also
//! given every value the model's enums know: where the file and the model
//! disagree on a value, the decoder and the schema disagree on a body. Every
//! node is usually given a value of its documented type, and sometimes one
//! that breaks it: another JSON type, `null`, a numeric string for an
//! integer, an integer outside int32/int64, an undocumented or miscased value
//! of a closed enum, `"null"`; integral floats (`8.0`) are on the valid side,
//! as JSON Schema counts them as integers. Documented objects also get
//! undocumented fields, some spelled like documented ones in another case.
//! `every_edge_value_at_every_place` adds the exhaustive version: each edge
//! value alone at each place the schema types.
//!
//! `PROPTEST_CASES=5000 cargo test --test schema_oracle` runs more cases;
//! failures are kept in `proptest-regressions/schema_oracle.txt`.

mod common;
#[path = "shared/schema_law.rs"]
mod law;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use dswcheck::__private::Shape;
use dswcheck::Code;
use law::{Oracle, Verdict};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, FileFailurePersistence, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Number, Value};

static ORACLE: LazyLock<Oracle> = LazyLock::new(Oracle::new);

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// How deep undocumented values (values of unknown fields, free-form
/// objects) nest: the schema says nothing about them, so depth adds nothing.
const FREE_DEPTH: u32 = 2;

/// Any JSON value, for places the schema does not describe.
fn free_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6_f64..1e6).prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(FREE_DEPTH, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec(("[A-Za-z]{1,6}", inner), 0..3)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A value of a JSON type not in `not` (`"integer"` and `"number"` count apart).
fn other_type(not: &'static [&'static str]) -> BoxedStrategy<Value> {
    let all: Vec<(&'static str, BoxedStrategy<Value>)> = vec![
        ("null", Just(Value::Null).boxed()),
        ("boolean", any::<bool>().prop_map(Value::Bool).boxed()),
        ("integer", any::<i32>().prop_map(Value::from).boxed()),
        (
            "number",
            prop_oneof![Just(0.5), Just(-1.25), Just(1e300), Just(2.5e-8)]
                .prop_map(Value::from)
                .boxed(),
        ),
        ("string", "[a-z0-9]{0,6}".prop_map(Value::String).boxed()),
        ("array", Just(Value::Array(vec![])).boxed()),
        ("array", Just(serde_json::json!([1, "a"])).boxed()),
        ("object", Just(Value::Object(Map::new())).boxed()),
        ("object", Just(serde_json::json!({"a": 1})).boxed()),
    ];
    let kept: Vec<BoxedStrategy<Value>> = all
        .into_iter()
        .filter(|(ty, _)| !not.contains(ty))
        .map(|(_, s)| s)
        .collect();
    proptest::strategy::Union::new(kept).boxed()
}

/// A key spelled like a documented one but in another case (a typo the
/// decoder suggests a fix for), or a key no schema describes, including the
/// characters that JSON Pointers escape.
fn unknown_key(documented: Vec<String>) -> BoxedStrategy<String> {
    let near = if documented.is_empty() {
        Just("XUndocumented".to_owned()).boxed()
    } else {
        select(documented)
            .prop_map(|k| {
                let mut chars = k.chars();
                let first = chars.next().expect("a non-empty key");
                let flipped = if first.is_ascii_uppercase() {
                    first.to_ascii_lowercase()
                } else {
                    first.to_ascii_uppercase()
                };
                format!("{flipped}{}", chars.as_str())
            })
            .boxed()
    };
    prop_oneof![near, "X[a-z]{1,5}", "[a-z]{0,3}[/~][a-z~/01]{0,3}"].boxed()
}

/// Every value the model's enums know, closed or open. A closed enum node of
/// the schema is also given these: a value the model lists and the schema
/// file does not (or one of another enum) is then a disagreement the oracle
/// sees, where values drawn from the schema alone could never show it.
/// The values come from the field table, so a new enum needs nothing here.
static MODEL_VALUES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut values = BTreeSet::new();
    for (_, field) in dswcheck::__private::fields() {
        let mut shape = &field.shape;
        while let Shape::Array(item) = shape {
            shape = item;
        }
        if let Shape::Enum { values: known, .. } = shape {
            values.extend(known.iter().copied());
        }
    }
    values.into_iter().collect()
});

/// The documented values of an `enum` or `x-known-values` list.
fn strings(list: &'static Value) -> Vec<&'static str> {
    list.as_array()
        .expect("a list of values")
        .iter()
        .map(|v| v.as_str().expect("string values"))
        .collect()
}

fn integer_bounds(node: &Value) -> (i64, i64) {
    let bound = |key: &str| {
        node.get(key)
            .and_then(Value::as_i64)
            .unwrap_or_else(|| panic!("an integer node without {key}: {node}"))
    };
    (bound("minimum"), bound("maximum"))
}

/// A value of the node's documented type that the node itself accepts; its
/// members and items are broken in `rate` of the cases (never if 0).
fn valid(root: &'static Value, node: &'static Value, rate: f64) -> BoxedStrategy<Value> {
    let node = law::resolve(root, node);
    let ty = node.get("type").and_then(Value::as_str);
    match ty {
        Some("string") => {
            if let Some(list) = node.get("enum") {
                select(strings(list)).prop_map(Value::from).boxed()
            } else if let Some(list) = node.get("x-known-values") {
                // Any string is schema-valid in an open list; the decoder warns.
                prop_oneof![
                    3 => select(strings(list)).prop_map(Value::from),
                    1 => "[A-Za-z0-9-]{0,8}".prop_map(Value::String),
                    1 => Just(Value::from("null")),
                ]
                .boxed()
            } else {
                prop_oneof![
                    4 => "\\PC{0,10}".prop_map(Value::String),
                    1 => "[0-9]{1,6}".prop_map(Value::String),
                    1 => Just(Value::from("null")),
                    1 => Just(Value::from("true")),
                ]
                .boxed()
            }
        }
        Some("integer") => {
            let (min, max) = integer_bounds(node);
            let edges = vec![min, max, 0, -1, 1];
            // Integral floats are integers to JSON Schema. Keep them exact in
            // an f64 and in range: 2^63 - 1024 is the largest f64 below 2^63.
            // `min as f64` is exact for both widths (-2^31, -2^63).
            #[allow(clippy::cast_precision_loss)]
            let fmax = (max as f64).min(9_223_372_036_854_774_784.0);
            prop_oneof![
                4 => (min..=max).prop_map(Value::from),
                2 => select(edges).prop_map(Value::from),
                1 => (-1_000_000_i64..1_000_000)
                    .prop_map(|i| {
                        #[allow(clippy::cast_precision_loss)]
                        let f = i as f64;
                        Value::from(f)
                    }),
                #[allow(clippy::cast_precision_loss)]
                1 => select(vec![min as f64, fmax, -0.0, 1e3]).prop_map(Value::from),
            ]
            .boxed()
        }
        Some("boolean") => any::<bool>().prop_map(Value::Bool).boxed(),
        Some("array") => prop::collection::vec(value(root, &node["items"], rate), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        Some("object") => object(root, node, rate),
        _ => panic!("a schema node of no known type: {node}"),
    }
}

/// The members of an object node: some of its documented properties, maybe
/// undocumented fields, and for a map node, entries of its value schema.
fn object(root: &'static Value, node: &'static Value, rate: f64) -> BoxedStrategy<Value> {
    let documented: Vec<(String, &'static Value)> = node
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().map(|(k, v)| (k.clone(), v)).collect())
        .unwrap_or_default();
    if let Some(entries) = node.get("additionalProperties").filter(|a| a.is_object()) {
        // A string map: every entry is typed.
        return prop::collection::vec(("[A-Za-z_/~]{1,8}", value(root, entries, rate)), 0..4)
            .prop_map(|entries| Value::Object(entries.into_iter().collect()))
            .boxed();
    }
    if documented.is_empty() {
        // A free-form object: the schema says nothing about its members.
        return prop::collection::vec(("[A-Za-z]{1,6}", free_value()), 0..3)
            .prop_map(|entries| Value::Object(entries.into_iter().collect()))
            .boxed();
    }
    let names: Vec<String> = documented.iter().map(|(k, _)| k.clone()).collect();
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = documented
        .into_iter()
        .map(|(name, child)| {
            prop::option::weighted(0.4, value(root, child, rate))
                .prop_map(move |v| v.map(|v| (name.clone(), v)))
                .boxed()
        })
        .collect();
    let unknown = prop::collection::vec((unknown_key(names), free_value()), 0..2);
    (fields, prop::option::weighted(0.3, unknown))
        .prop_map(|(fields, unknown)| {
            let mut map: Map<String, Value> = fields.into_iter().flatten().collect();
            for (key, value) in unknown.into_iter().flatten() {
                // An unknown key that happens to be documented is not unknown.
                map.entry(key).or_insert(value);
            }
            Value::Object(map)
        })
        .boxed()
}

/// A value that breaks the schema node, or is at the edge of what it allows.
fn broken(root: &'static Value, node: &'static Value) -> BoxedStrategy<Value> {
    let node = law::resolve(root, node);
    match node.get("type").and_then(Value::as_str) {
        Some("string") => {
            let wrong = other_type(&["string"]);
            if let Some(list) = node.get("enum") {
                let known = strings(list);
                let cased: Vec<String> = known
                    .iter()
                    .map(|k| {
                        if k.chars().any(|c| c.is_ascii_uppercase()) {
                            k.to_ascii_lowercase()
                        } else {
                            k.to_ascii_uppercase()
                        }
                    })
                    .collect();
                prop_oneof![
                    2 => Just(Value::from("null")),
                    2 => select(cased).prop_map(Value::from),
                    2 => select(MODEL_VALUES.clone()).prop_map(Value::from),
                    1 => Just(Value::from("")),
                    1 => "[A-Z][a-z]{2,8}".prop_map(Value::String),
                    3 => wrong,
                ]
                .boxed()
            } else {
                wrong
            }
        }
        Some("integer") => {
            let (min, max) = integer_bounds(node);
            let mut outside: Vec<Value> = vec![
                Value::from(u64::MAX),
                Value::from(i64::MIN),
                // 2^63 exactly: one past i64::MAX, though `as f64` would round it in.
                Value::from(9_223_372_036_854_775_808.0_f64),
                Value::from(-1e19),
                Value::from(1e38),
                Value::from(1e300),
            ];
            if let Some(above) = max.checked_add(1) {
                outside.push(Value::from(above));
            } else {
                outside.push(Value::Number(Number::from(9_223_372_036_854_775_808_u64)));
            }
            if let Some(below) = min.checked_sub(1) {
                outside.push(Value::from(below));
            }
            prop_oneof![
                3 => select(outside),
                2 => any::<i32>().prop_map(|i| Value::from(i.to_string())),
                1 => select(vec![" 42", "+7", "-0", "1.5", "", "abc", "0x10", "1e3", "99999999999999999999999"])
                    .prop_map(Value::from),
                1 => select(vec![0.5, -2.25, 3.000_001]).prop_map(Value::from),
                2 => other_type(&["integer", "number", "string"]),
            ]
            .boxed()
        }
        Some("boolean") => prop_oneof![
            2 => select(vec!["true", "false", "TRUE", "yes", ""]).prop_map(Value::from),
            1 => select(vec![0, 1]).prop_map(Value::from),
            2 => other_type(&["boolean"]),
        ]
        .boxed(),
        Some("array") => other_type(&["array"]),
        Some("object") => other_type(&["object"]),
        _ => panic!("a schema node of no known type: {node}"),
    }
}

/// A value for the schema node: broken in `rate` of the cases, else valid.
fn value(root: &'static Value, node: &'static Value, rate: f64) -> BoxedStrategy<Value> {
    if rate <= 0.0 {
        return valid(root, node, rate);
    }
    // Weights are integers: break in `rate` of the cases, to a thousandth.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let broken_weight = ((rate * 1000.0).round() as u32).max(1);
    prop_oneof![
        1000 - broken_weight => valid(root, node, rate),
        broken_weight => broken(root, node),
    ]
    .boxed()
}

/// A whole body: all valid, rarely broken, or often broken; now and then not
/// an object at all.
fn arb_body() -> BoxedStrategy<Value> {
    arb_body_of(dswcheck::schema())
}

/// [`arb_body`] for the schema `root`.
fn arb_body_of(root: &'static Value) -> BoxedStrategy<Value> {
    prop_oneof![
        3 => valid(root, root, 0.0),
        4 => valid(root, root, 0.02),
        3 => valid(root, root, 0.15),
        1 => broken(root, root),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

fn config() -> Config {
    Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/schema_oracle.txt",
        ))),
        ..Config::default()
    }
}

fn check(body: &Value) -> Result<Verdict, TestCaseError> {
    let bytes = serde_json::to_vec(body).expect("a value serializes");
    ORACLE.check(&bytes).map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(config())]

    /// The law of `shared/schema_law.rs`, both ways round, at every value.
    #[test]
    fn decoder_and_schema_agree(body in arb_body()) {
        let verdict = check(&body)?;
        prop_assert_ne!(verdict, Verdict::NotJson);
    }

    /// The strategies' own check: a body built only from valid values is one
    /// the schema accepts, so "valid" in this file means what the schema means.
    #[test]
    fn valid_bodies_are_valid(body in valid(dswcheck::schema(), dswcheck::schema(), 0.0)) {
        prop_assert_eq!(check(&body)?, Verdict::Holds { schema_valid: true });
    }

    /// The same law for ListInstances pages, generated from their schema:
    /// items are checked against the item fields, not the GetInstance body's.
    #[test]
    fn decoder_and_list_schema_agree(body in arb_body_of(dswcheck::list_schema())) {
        let verdict = check(&body)?;
        prop_assert_ne!(verdict, Verdict::NotJson);
    }
}

/// The generated bodies reach every decoder diagnostic the law classifies,
/// and both verdicts, so the property above is not passing for want of
/// cases. Deterministic: a fixed seed, a fixed number of bodies.
#[test]
fn generated_bodies_cover_the_correspondence() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let strategy = arb_body();
    let mut codes = BTreeSet::new();
    let mut integral_floats = 0;
    let (mut valid, mut invalid) = (0, 0);
    for _ in 0..400 {
        let body = strategy.new_tree(&mut runner).expect("a body").current();
        let bytes = serde_json::to_vec(&body).expect("a value serializes");
        match ORACLE.check(&bytes) {
            Ok(Verdict::Holds { schema_valid: true }) => valid += 1,
            Ok(Verdict::Holds {
                schema_valid: false,
            }) => invalid += 1,
            Ok(Verdict::NotJson) => panic!("a generated body is not JSON"),
            Err(e) => panic!("{e}"),
        }
        for d in dswcheck::parse(&bytes).diagnostics() {
            let tolerated = law::counterpart(d, &body, dswcheck::schema()).is_some();
            if d.code == Code::TypeCoerced && !tolerated {
                integral_floats += 1;
            }
            codes.insert((d.code.as_str(), tolerated));
        }
    }
    for expected in [
        ("type.mismatch", true),
        ("number.out-of-range", true),
        ("enum.unknown", true),
        ("value.null", true),
        ("type.coerced", true),
        ("type.coerced", false),
        ("value.null-string", true),
        ("value.null-string", false),
        ("enum.unlisted", false),
        ("field.unknown", false),
    ] {
        assert!(
            codes.contains(&expected),
            "no generated body gave {expected:?}; seen: {codes:?}"
        );
    }
    assert!(integral_floats > 0);
    assert!(
        valid >= 40 && invalid >= 40,
        "{valid} schema-valid and {invalid} schema-invalid bodies"
    );
}

/// The one disagreement the oracle found: the decoder stopped at the first
/// entry of a string map it rejected, so a later entry the schema also
/// rejects got no diagnostic (the runtime schema pass used to report it).
#[test]
fn string_map_entries_after_a_rejected_one_are_reported() {
    let body = br#"{"EnvironmentVariables": {"a": [], "b": null}}"#;
    let value: Value = serde_json::from_slice(body).expect("JSON");
    let schema: Vec<String> = ORACLE.schema_errors(&value).into_keys().collect();
    assert_eq!(
        schema,
        ["/EnvironmentVariables/a", "/EnvironmentVariables/b"]
    );
    let report = dswcheck::parse(body);
    let decoder: Vec<&str> = report
        .diagnostics()
        .iter()
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(decoder, schema);
}

/// Every place the schema types (`[]` for an array's item, `*` for an entry
/// of a string map), with its schema node.
fn places(
    root: &'static Value,
    node: &'static Value,
    path: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, &'static Value)>,
) {
    let node = law::resolve(root, node);
    out.push((path.clone(), node));
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (key, child) in props {
            path.push(key.clone());
            places(root, child, path, out);
            path.pop();
        }
    }
    if let Some(items) = node.get("items") {
        path.push("[]".into());
        places(root, items, path, out);
        path.pop();
    }
    if let Some(entries) = node.get("additionalProperties").filter(|a| a.is_object()) {
        path.push("*".into());
        places(root, entries, path, out);
        path.pop();
    }
}

/// The smallest body that holds `leaf` at `path`.
fn body_at(path: &[String], leaf: Value) -> Value {
    path.iter()
        .rev()
        .fold(leaf, |inner, step| match step.as_str() {
            "[]" => Value::Array(vec![inner]),
            "*" => serde_json::json!({ "K/~": inner }),
            key => serde_json::json!({ key: inner }),
        })
}

/// Edge values: every JSON type, the bounds of both integer widths and one
/// past them, integral and non-integral floats, numeric and boolean
/// strings, `"null"`, and every value of every model enum.
fn edge_values() -> Vec<Value> {
    let mut values: Vec<Value> = vec![
        Value::Null,
        Value::Bool(true),
        Value::Bool(false),
        Value::from(0),
        Value::from(-0.0),
        Value::from(1.0),
        Value::from(1.5),
        Value::from(1e3),
        Value::from(i64::from(i32::MAX)),
        Value::from(i64::from(i32::MAX) + 1),
        Value::from(i64::from(i32::MIN)),
        Value::from(i64::from(i32::MIN) - 1),
        Value::from(2_147_483_647.0),
        Value::from(2_147_483_648.0),
        Value::from(i64::MAX),
        Value::from(9_223_372_036_854_775_808_u64),
        Value::from(i64::MIN),
        Value::from(u64::MAX),
        Value::from(9_223_372_036_854_774_784.0),
        Value::from(9_223_372_036_854_775_808.0),
        Value::from(-9_223_372_036_854_775_808.0),
        Value::from(-1e19),
        Value::from(1e38),
        Value::from(1e300),
        Value::from(""),
        Value::from("null"),
        Value::from("true"),
        Value::from("false"),
        Value::from("8"),
        Value::from(" 8 "),
        Value::from("+8"),
        Value::from("-0"),
        Value::from("1e3"),
        Value::from("8.0"),
        Value::from("2147483648"),
        Value::from("99999999999999999999"),
        Value::from("x"),
        Value::Array(vec![]),
        serde_json::json!(["a"]),
        Value::Object(Map::new()),
        serde_json::json!({"a": "b"}),
    ];
    values.extend(MODEL_VALUES.iter().map(|v| Value::from(*v)));
    values.extend(
        MODEL_VALUES
            .iter()
            .map(|v| Value::from(v.to_ascii_lowercase())),
    );
    values
}

/// Every edge value at every place the schema types, one at a time:
/// exhaustive where the generated bodies are random, so a value the model's
/// enum lists and the schema file does not (or a bound that is off by one)
/// cannot hide for want of a lucky draw.
#[test]
fn every_edge_value_at_every_place() {
    let mut all = Vec::new();
    places(
        dswcheck::schema(),
        dswcheck::schema(),
        &mut Vec::new(),
        &mut all,
    );
    assert!(all.len() > 150, "only {} places in the schema", all.len());
    // And inside a page: each place of an item, and of the envelope.
    let list = dswcheck::list_schema();
    let before = all.len();
    places(list, list, &mut Vec::new(), &mut all);
    assert!(
        all.len() - before > 150,
        "only {} places in the list schema",
        all.len() - before
    );
    let edges = edge_values();
    let mut failures = Vec::new();
    let mut invalid = 0;
    for (path, _) in &all {
        for leaf in &edges {
            let body = body_at(path, leaf.clone());
            let bytes = serde_json::to_vec(&body).expect("a value serializes");
            match ORACLE.check(&bytes) {
                Ok(Verdict::Holds { schema_valid }) => invalid += usize::from(!schema_valid),
                Ok(Verdict::NotJson) => failures.push(format!("not JSON: {body}")),
                Err(e) => failures.push(e),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements; the first:\n{}",
        failures.len(),
        failures[..failures.len().min(3)].join("\n\n")
    );
    assert!(invalid > all.len() * edges.len() / 2);
}

/// Every JSON fixture, and every line of every NDJSON fixture: the law holds,
/// or the text is not JSON for either reader.
#[test]
fn fixtures_obey_the_law() {
    let mut checked = 0;
    let mut not_json = Vec::new();
    let files = common::files_under(&common::data_dir(""));
    let mut failures = Vec::new();
    for path in &files {
        let bytes = common::read(path);
        let documents: Vec<&[u8]> = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => vec![&bytes],
            Some("ndjson") => bytes
                .split(|&b| b == b'\n')
                .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
                .collect(),
            _ => continue,
        };
        for (i, document) in documents.iter().enumerate() {
            let name = format!("{}#{}", path.display(), i + 1);
            match ORACLE.check(document) {
                Ok(Verdict::Holds { .. }) => checked += 1,
                Ok(Verdict::NotJson) => not_json.push(name),
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // A moved directory must not turn this into a no-op.
    assert!(
        checked >= 60,
        "only {checked} fixtures were JSON: {files:?}"
    );
    assert!(
        not_json.len() < checked,
        "{} of the fixtures are not JSON: {not_json:?}",
        not_json.len()
    );
}
