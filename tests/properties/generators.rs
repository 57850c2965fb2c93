//! The generators themselves: the strategies cover every documented field
//! and enum value, leave fields out, corrupt only into errors, and the
//! position oracle agrees with serde_json.

use std::collections::{BTreeSet, HashMap};

use proptest::strategy::{BoxedStrategy, Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{Map, Value as Json};

use crate::mutations::{Corruption, arb_mutated, corrupt, resolve, typed_places};
use crate::oracles::write;
use crate::strategies::{arb_api_error, arb_instance};

/// `samples` values of `strategy` from a fixed seed.
fn samples(strategy: &BoxedStrategy<Json>, samples: usize) -> Vec<Json> {
    let mut runner = TestRunner::deterministic();
    (0..samples)
        .map(|_| strategy.new_tree(&mut runner).expect("a value").current())
        .collect()
}

/// Every schema path (`[]` for array items) and every value it takes.
fn paths(value: &Json, path: &str, out: &mut HashMap<String, BTreeSet<String>>) {
    match value {
        Json::Object(map) => {
            for (k, v) in map {
                paths(v, &format!("{path}/{k}"), out);
            }
        }
        Json::Array(items) => {
            for v in items {
                paths(v, &format!("{path}/[]"), out);
            }
        }
        Json::String(s) => {
            out.entry(path.to_owned()).or_default().insert(s.clone());
        }
        other => {
            out.entry(path.to_owned())
                .or_default()
                .insert(other.to_string());
        }
    }
}

/// Every documented leaf path, with the enum (or known values) of each, from the schema.
fn schema_leaves(node: &Json, path: &str, out: &mut Vec<(String, Vec<String>)>) {
    let node = resolve(node);
    match node.get("type").and_then(Json::as_str) {
        Some("object") => match node.get("properties").and_then(Json::as_object) {
            Some(props) => {
                for (k, child) in props {
                    schema_leaves(child, &format!("{path}/{k}"), out);
                }
            }
            // Free-form objects and string maps: their entries are checked by
            // value, so the object itself stands for them.
            None => out.push((format!("{path}/*"), Vec::new())),
        },
        Some("array") => schema_leaves(&node["items"], &format!("{path}/[]"), out),
        _ => {
            let values = node
                .get("enum")
                .or_else(|| node.get("x-known-values"))
                .and_then(Json::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Json::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            out.push((path.to_owned(), values));
        }
    }
}

#[test]
fn arb_instance_covers_every_field_and_enum_value() {
    let mut seen = HashMap::new();
    for body in samples(&arb_instance(), 300)
        .iter()
        .chain(&samples(&arb_api_error(), 40))
    {
        paths(body, "", &mut seen);
    }
    let mut leaves = Vec::new();
    schema_leaves(dswcheck::schema(), "", &mut leaves);
    assert!(
        leaves.len() > 140,
        "the schema walk found only {} leaves",
        leaves.len()
    );
    let mut missing = Vec::new();
    for (path, values) in leaves {
        if let Some(map) = path.strip_suffix("/*") {
            if !seen.keys().any(|p| p.starts_with(&format!("{map}/"))) {
                missing.push(format!("{path}: never present"));
            }
            continue;
        }
        let Some(taken) = seen.get(&path) else {
            missing.push(format!("{path}: never present"));
            continue;
        };
        for v in values {
            if !taken.contains(&v) {
                missing.push(format!("{path}: never {v:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "arb_instance misses:\n{}",
        missing.join("\n")
    );
}

#[test]
fn arb_instance_leaves_fields_out_too() {
    let bodies = samples(&arb_instance(), 50);
    let sizes: BTreeSet<usize> = bodies
        .iter()
        .map(|b| b.as_object().map_or(0, Map::len))
        .collect();
    assert!(
        sizes.len() > 3,
        "every body has the same number of fields: {sizes:?}"
    );
    let first_value = bodies.first().and_then(|b| b.get("InstanceId")).cloned();
    assert!(
        bodies
            .iter()
            .any(|b| b.get("InstanceId") != first_value.as_ref())
    );
}

#[test]
fn corruptions_are_never_coercible() {
    // Each corruption of each typed place must be an error on its own; the
    // law above relies on it, so check the table once over a full body.
    for body in samples(&arb_instance(), 8) {
        for (pointer, node) in typed_places(&body) {
            for corruption in [
                Corruption::WrongType(0),
                Corruption::WrongType(1),
                Corruption::WrongType(2),
                Corruption::WrongType(3),
                Corruption::WrongType(4),
                Corruption::UnknownEnum,
                Corruption::OutOfRange(true),
                Corruption::OutOfRange(false),
            ] {
                let mut broken = body.clone();
                *broken.pointer_mut(&pointer).unwrap() = corrupt(&node, corruption);
                let report = dswcheck::validate(broken.to_string().as_bytes());
                assert!(
                    report.iter_errors().any(|d| d.pointer == pointer),
                    "{corruption:?} at {pointer} is not an error: {:?}",
                    report.diagnostics()
                );
            }
        }
    }
}

#[test]
fn the_position_oracle_agrees_with_serde_json() {
    for body in samples(&arb_mutated(), 20) {
        for pretty in [false, true] {
            let written = write(&body, pretty);
            let back: Json = serde_json::from_str(&written.text).unwrap();
            assert_eq!(back, body);
            if pretty {
                assert_eq!(written.text, serde_json::to_string_pretty(&body).unwrap());
            }
            for (pointer, &offset) in &written.values {
                let rest: Json = serde_json::Deserializer::from_str(&written.text[offset..])
                    .into_iter::<Json>()
                    .next()
                    .unwrap()
                    .unwrap();
                assert_eq!(Some(&rest), body.pointer(pointer), "{pointer}");
            }
        }
    }
}
