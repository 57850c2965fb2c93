//! The law of the lean validation: NDJSON lines, read into a tape rather
//! than a `Value`, get the same report as the document validated whole.

use proptest::prelude::*;
use serde_json::{Value as Json, json};

use crate::config;
use crate::lean_oracle::same_reports;
use crate::mutations::{arb_corrupted, arb_mutated};
use crate::strategies::{arb_api_error, arb_instance, arb_json, arb_json_object};

/// Bodies of every kind: instances (valid, mutated, corrupted), error
/// bodies, pages of them, and any JSON.
fn arb_body() -> BoxedStrategy<Json> {
    let page = (prop::collection::vec(arb_instance(), 0..4), 0_i64..6).prop_map(
        |(items, total)| json!({"RequestId": "r-1", "TotalCount": total, "Instances": items}),
    );
    prop_oneof![
        arb_instance(),
        arb_mutated(),
        arb_corrupted().prop_map(|(body, _)| body),
        arb_api_error(),
        page,
        arb_json_object(),
        arb_json(),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(config(256))]

    /// The same diagnostics (positions, messages, fingerprints, order), the
    /// same typed document, kind and instance id, compact or pretty.
    #[test]
    fn lean_validation_reports_what_full_validation_does(body in arb_body(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_vec_pretty(&body).unwrap()
        } else {
            serde_json::to_vec(&body).unwrap()
        };
        prop_assert!(same_reports(&text).is_ok(), "{}", same_reports(&text).unwrap_err());
    }

    /// Bytes that are barely JSON, or not at all.
    #[test]
    fn lean_validation_agrees_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        prop_assert!(same_reports(&bytes).is_ok(), "{}", same_reports(&bytes).unwrap_err());
    }
}
