//! The laws of parse and validate.

use dswcheck::{Code, Severity};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value as Json, json};

use crate::config;
use crate::mutations::{arb_corrupted, arb_mutated, arb_mutation, mutate};
use crate::oracles::{position, secret_places, validate_outputs, write};
use crate::strategies::{arb_api_error, arb_instance, arb_json, arb_json_object, arb_secret};

proptest! {
    #![proptest_config(config(256))]

    /// Parse and validate never panic, whatever the bytes, and every
    /// position they give lies inside the text.
    #[test]
    fn parse_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let report = dswcheck::validate(&bytes);
        prop_assert!(!report.diagnostics().is_empty() || report.instance().is_some());
        let _ = dswcheck::parse(&bytes);
    }

    /// Any JSON value goes through: an object gives an instance, anything
    /// else a type mismatch at the root.
    #[test]
    fn parse_never_panics_on_json(value in arb_json()) {
        let text = serde_json::to_vec(&value).unwrap();
        let report = dswcheck::validate(&text);
        if value.is_object() {
            prop_assert!(report.instance().is_some());
        } else {
            prop_assert!(report.instance().is_none());
            prop_assert!(report.iter_errors().any(|d| d.code == Code::TypeMismatch && d.pointer.is_root()));
        }
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// Truncating, flipping or inserting bytes in a valid body never makes
    /// parse or validate panic, and their positions stay inside the text.
    #[test]
    fn parse_never_panics_on_mangled_bodies(
        body in arb_instance(),
        edits in prop::collection::vec((any::<Index>(), any::<u8>(), 0_u8..3), 1..4),
        pretty in any::<bool>(),
    ) {
        let mut bytes = write(&body, pretty).text.into_bytes();
        for (index, byte, how) in edits {
            let at = index.index(bytes.len() + 1);
            match how {
                0 => bytes.truncate(at),
                1 if at < bytes.len() => bytes[at] = byte,
                _ => bytes.insert(at, byte),
            }
        }
        let report = dswcheck::validate(&bytes);
        let lines = bytes.split(|&b| b == b'\n').count();
        for d in report.diagnostics() {
            prop_assert!(d.line >= 1 && d.column >= 1, "{d}");
            prop_assert!(d.line as usize <= lines, "{d} is past the last line {lines}");
        }
        let _ = dswcheck::parse(&bytes);
    }

    /// No data loss: for any JSON object, serializing the parsed instance
    /// gives back the same JSON value, unknown fields included.
    #[test]
    fn no_data_loss(value in prop_oneof![arb_json_object(), arb_mutated()], pretty in any::<bool>()) {
        let text = write(&value, pretty).text;
        let report = dswcheck::parse(text.as_bytes());
        let instance = report.instance().expect("an object gives an instance");
        prop_assert_eq!(serde_json::to_value(instance).unwrap(), value);
    }

    /// Generated valid bodies validate with no error and no warning.
    #[test]
    fn valid_instances_validate_cleanly(body in arb_instance(), pretty in any::<bool>()) {
        let text = write(&body, pretty).text;
        let report = dswcheck::validate(text.as_bytes());
        let loud: Vec<String> = report
            .diagnostics()
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .map(ToString::to_string)
            .collect();
        prop_assert!(loud.is_empty(), "{}\n{}", loud.join("\n"), text);
    }

    /// An API error body is reported as one, at the root.
    #[test]
    fn api_errors_are_reported(body in arb_api_error()) {
        let report = dswcheck::validate(body.to_string().as_bytes());
        prop_assert!(report.iter_errors().any(|d| d.code == Code::ResponseApiError && d.pointer.is_root()));
    }

    /// One corrupted field (a wrong type, an undocumented closed-enum value,
    /// an out-of-range integer) gives an error at exactly that field's
    /// pointer, and nowhere else.
    #[test]
    fn one_corrupted_field_is_one_error_there((body, pointer) in arb_corrupted()) {
        let report = dswcheck::validate(body.to_string().as_bytes());
        let errors: Vec<String> = report.iter_errors().map(|d| format!("{} {d}", d.pointer)).collect();
        prop_assert!(report.iter_errors().any(|d| d.pointer == pointer), "no error at {pointer}: {errors:?}");
        prop_assert!(report.iter_errors().all(|d| d.pointer == pointer), "errors elsewhere than {pointer}: {errors:?}");
    }

    /// Every diagnostic's line and column point at the first character of its
    /// value (of its key, for a duplicate key), in compact and pretty text.
    #[test]
    fn positions_point_at_values(body in arb_mutated(), pretty in any::<bool>()) {
        let written = write(&body, pretty);
        let report = dswcheck::validate(written.text.as_bytes());
        for d in report.diagnostics() {
            let offset = written.values.get(d.pointer.as_str());
            prop_assert!(offset.is_some(), "{d}: no value at the pointer");
            let want = position(&written.text, *offset.unwrap());
            prop_assert_eq!((d.line, d.column), want, "{}", d);
        }
    }

    /// A repeated key is an error at the later key, and the later value is the one kept.
    #[test]
    fn duplicate_keys_are_reported_at_the_later_key(body in arb_instance(), index in any::<Index>(), pretty in any::<bool>()) {
        let written = write(&body, pretty);
        let keys: Vec<&String> = written.keys.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort_by_key(|p| written.keys[*p]);
        let pointer = sorted[index.index(sorted.len())].clone();
        let at = written.keys[&pointer];
        let key_text = serde_json::to_string(&pointer[pointer.rfind('/').unwrap() + 1..].replace("~1", "/").replace("~0", "~")).unwrap();
        let mut text = written.text.clone();
        // The earlier occurrence holds null; the value that follows is kept.
        text.insert_str(at, &format!("{key_text}:null,"));
        let report = dswcheck::validate(text.as_bytes());
        let dup: Vec<_> = report.diagnostics().iter().filter(|d| d.code == Code::JsonDuplicateKey).collect();
        prop_assert_eq!(dup.len(), 1);
        prop_assert_eq!(&dup[0].pointer, &pointer);
        let later = at + key_text.len() + ":null,".len();
        prop_assert_eq!((dup[0].line, dup[0].column), position(&text, later));
        let instance = report.instance().expect("still an object");
        prop_assert_eq!(serde_json::to_value(instance).unwrap(), body);
    }

    /// A secret placed in a secret field never appears in any output format
    /// of validate, whether the field holds it as a string or inside the
    /// wrong type.
    #[test]
    fn secrets_never_reach_validate_output(
        body in arb_instance(),
        secret in arb_secret(),
        index in any::<Index>(),
        how in 0_u8..4,
        mutations in prop::collection::vec(arb_mutation(), 0..3),
    ) {
        let mut body = body;
        for m in &mutations {
            mutate(&mut body, m);
        }
        let places = secret_places(&body);
        prop_assume!(!places.is_empty());
        let place = &places[index.index(places.len())];
        *body.pointer_mut(place).unwrap() = match how {
            0 => Json::String(secret.clone()),
            1 => json!([secret]),
            2 => json!({"v": secret}),
            _ => Json::String(format!("{secret} and more text after it to pass forty characters")),
        };
        let outputs = validate_outputs(body.to_string().as_bytes());
        prop_assert!(!outputs.contains(&secret), "{place} leaked:\n{outputs}");
    }
}
