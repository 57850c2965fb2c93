//! Valid bodies broken or changed on purpose: one corrupted value, or a few
//! mutations that keep the JSON well-formed, and pairs of bodies of one
//! instance built from them.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value as Json, json};

use crate::strategies::{arb_instance, arb_json};

/// How to break one value so that the documented contract says it is an error.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Corruption {
    /// A JSON type the field does not allow and that is not coerced.
    WrongType(u8),
    /// A closed enum's undocumented value (else a wrong type).
    UnknownEnum,
    /// An int32 outside its range, an int64 above `i64::MAX` (else a wrong type).
    OutOfRange(bool),
}

fn arb_corruption() -> BoxedStrategy<Corruption> {
    prop_oneof![
        any::<u8>().prop_map(Corruption::WrongType),
        Just(Corruption::UnknownEnum),
        any::<bool>().prop_map(Corruption::OutOfRange),
    ]
    .boxed()
}

/// A valid body with exactly one value broken, and the pointer of that value.
pub(crate) fn arb_corrupted() -> BoxedStrategy<(Json, String)> {
    (arb_instance(), any::<Index>(), arb_corruption())
        .prop_map(|(mut body, index, corruption)| {
            let places = typed_places(&body);
            let (pointer, node) = places[index.index(places.len())].clone();
            let broken = corrupt(&node, corruption);
            *body.pointer_mut(&pointer).expect("the place exists") = broken;
            (body, pointer)
        })
        .boxed()
}

/// A change to a body that keeps its JSON well-formed.
#[derive(Debug, Clone)]
pub(crate) enum Mutation {
    /// Break one typed value (see [`Corruption`]).
    Corrupt(Index, Corruption),
    /// Set one value to `null`.
    Null(Index),
    /// Remove one field.
    Remove(Index),
    /// Add an undocumented field to one object.
    Unknown(Index, String, Json),
    /// Send a number as a string or the other way round (a coercion).
    Coerce(Index),
    /// Reverse every array.
    ReorderArrays,
}

pub(crate) fn arb_mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        (any::<Index>(), arb_corruption()).prop_map(|(i, c)| Mutation::Corrupt(i, c)),
        any::<Index>().prop_map(Mutation::Null),
        any::<Index>().prop_map(Mutation::Remove),
        (any::<Index>(), "[A-Za-z]{1,12}", arb_json())
            .prop_map(|(i, k, v)| Mutation::Unknown(i, k, v)),
        any::<Index>().prop_map(Mutation::Coerce),
        Just(Mutation::ReorderArrays),
    ]
    .boxed()
}

/// A valid body after up to four mutations.
pub(crate) fn arb_mutated() -> BoxedStrategy<Json> {
    (arb_instance(), prop::collection::vec(arb_mutation(), 0..4))
        .prop_map(|(mut body, mutations)| {
            for m in mutations {
                mutate(&mut body, &m);
            }
            body
        })
        .boxed()
}

/// The schema node of a `$ref` or the node itself.
pub(crate) fn resolve(node: &Json) -> &Json {
    match node.get("$ref").and_then(Json::as_str) {
        Some(r) => &dswcheck::schema()["$defs"][r.trim_start_matches("#/$defs/")],
        None => node,
    }
}

/// Every value of `body` that the schema types, with its schema node, in document order.
pub(crate) fn typed_places(body: &Json) -> Vec<(String, Json)> {
    fn walk(value: &Json, node: &Json, pointer: &str, out: &mut Vec<(String, Json)>) {
        let node = resolve(node);
        out.push((pointer.to_owned(), node.clone()));
        match value {
            Json::Object(map) => {
                for (key, v) in map {
                    let p = format!("{pointer}/{}", escape(key));
                    if let Some(child) = node.get("properties").and_then(|p| p.get(key)) {
                        walk(v, child, &p, out);
                    } else if let Some(Json::Object(child)) = node.get("additionalProperties") {
                        // String maps coerce scalars, so their values are marked.
                        let mut child = child.clone();
                        child.insert("x-map-value".into(), Json::Bool(true));
                        walk(v, &Json::Object(child), &p, out);
                    }
                }
            }
            Json::Array(items) => {
                if let Some(item) = node.get("items") {
                    for (i, v) in items.iter().enumerate() {
                        walk(v, item, &format!("{pointer}/{i}"), out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(body, dswcheck::schema(), "", &mut out);
    // The root itself cannot be broken into an error at a field.
    out.remove(0);
    out
}

pub(crate) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Every value of `body`, by pointer, in document order (the root excluded).
pub(crate) fn all_places(body: &Json) -> Vec<String> {
    fn walk(value: &Json, pointer: &str, out: &mut Vec<String>) {
        match value {
            Json::Object(map) => {
                for (key, v) in map {
                    let p = format!("{pointer}/{}", escape(key));
                    out.push(p.clone());
                    walk(v, &p, out);
                }
            }
            Json::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let p = format!("{pointer}/{i}");
                    out.push(p.clone());
                    walk(v, &p, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(body, "", &mut out);
    out
}

/// A value that the schema node `node` makes an error, and that the
/// tolerant decoder does not coerce.
pub(crate) fn corrupt(node: &Json, corruption: Corruption) -> Json {
    let ty = node.get("type").and_then(Json::as_str).unwrap_or("");
    let format = node.get("format").and_then(Json::as_str);
    match corruption {
        Corruption::UnknownEnum if node.get("enum").is_some() => json!("Zq0Undocumented"),
        Corruption::OutOfRange(low) if format == Some("int32") => {
            if low {
                json!(-2_147_483_649_i64)
            } else {
                json!(2_147_483_648_i64)
            }
        }
        Corruption::OutOfRange(_) if format == Some("int64") => {
            json!(9_223_372_036_854_775_808_u64)
        }
        other => {
            let n = match other {
                Corruption::WrongType(n) => n,
                _ => 0,
            };
            // Each list holds only values of other types that are never coerced.
            let choices: &[Json] = match ty {
                "string" if node.get("x-map-value").is_some() => &[json!([]), json!({"a": 1})],
                "string" => &[json!(true), json!([]), json!({"a": 1})],
                "integer" => &[
                    json!(false),
                    json!("eight"),
                    json!(1.5),
                    json!([1]),
                    json!({}),
                ],
                "boolean" => &[json!(1), json!("yes"), json!([]), json!({})],
                "array" => &[json!("a"), json!(1), json!({}), json!(true)],
                "object" => &[json!("a"), json!(1), json!([]), json!(false)],
                _ => &[json!(null)],
            };
            choices[usize::from(n) % choices.len()].clone()
        }
    }
}

pub(crate) fn mutate(body: &mut Json, mutation: &Mutation) {
    match mutation {
        Mutation::Corrupt(index, corruption) => {
            let places = typed_places(body);
            if places.is_empty() {
                return;
            }
            let (pointer, node) = &places[index.index(places.len())];
            *body.pointer_mut(pointer).expect("the place exists") = corrupt(node, *corruption);
        }
        Mutation::Null(index) => {
            let places = all_places(body);
            if !places.is_empty() {
                *body
                    .pointer_mut(&places[index.index(places.len())])
                    .expect("exists") = Json::Null;
            }
        }
        Mutation::Remove(index) => {
            let places: Vec<String> = all_places(body)
                .into_iter()
                .filter(|p| {
                    let parent = &p[..p.rfind('/').unwrap_or(0)];
                    body.pointer(parent).is_some_and(Json::is_object)
                })
                .collect();
            if places.is_empty() {
                return;
            }
            let place = &places[index.index(places.len())];
            let (parent, key) = place.rsplit_once('/').expect("a field pointer");
            let key = key.replace("~1", "/").replace("~0", "~");
            if let Some(Json::Object(map)) = body.pointer_mut(parent) {
                map.shift_remove(&key);
            }
        }
        Mutation::Unknown(index, key, value) => {
            let mut objects: Vec<String> = all_places(body)
                .into_iter()
                .filter(|p| body.pointer(p).is_some_and(Json::is_object))
                .collect();
            objects.push(String::new());
            let place = &objects[index.index(objects.len())];
            if let Some(Json::Object(map)) = body.pointer_mut(place) {
                // A prefix no documented field has keeps the key unknown.
                map.insert(format!("Zq{key}"), value.clone());
            }
        }
        Mutation::Coerce(index) => {
            let places = all_places(body);
            if places.is_empty() {
                return;
            }
            let target = body
                .pointer_mut(&places[index.index(places.len())])
                .expect("exists");
            match target {
                Json::Number(n) => *target = Json::String(n.to_string()),
                Json::String(s) if s.parse::<u32>().is_ok() => {
                    *target = json!(s.parse::<u32>().unwrap_or(0))
                }
                _ => {}
            }
        }
        Mutation::ReorderArrays => reorder_arrays(body),
    }
}

/// Reverses every array, at every depth.
fn reorder_arrays(value: &mut Json) {
    match value {
        Json::Array(items) => {
            items.reverse();
            items.iter_mut().for_each(reorder_arrays);
        }
        Json::Object(map) => map.values_mut().for_each(reorder_arrays),
        _ => {}
    }
}

/// Two bodies of one instance: a body and a mutation of it, or two
/// independent bodies given the same `InstanceId`.
pub(crate) fn arb_pair() -> BoxedStrategy<(Json, Json)> {
    prop_oneof![
        (arb_mutated(), prop::collection::vec(arb_mutation(), 1..4)).prop_map(
            |(old, mutations)| {
                let mut new = old.clone();
                for m in &mutations {
                    mutate(&mut new, m);
                }
                (old, new)
            }
        ),
        (arb_instance(), arb_instance()).prop_map(|(old, mut new)| {
            new["InstanceId"] = old["InstanceId"].clone();
            (old, new)
        }),
    ]
    .boxed()
}
