//! A structured body through the decoder and through the embedded JSON
//! Schema (with `jsonschema`): the two report the same values, under the
//! correspondence of `tests/shared/schema_law.rs` (a coerced scalar and a
//! `null` are tolerated deviations, an integral float is an integer to the
//! schema). `validate` no longer runs the schema, so this is what keeps the
//! decoder honest about everything the schema can see.
//!
//! The law is included from the test suite's file rather than copied, so the
//! property tests and this target cannot drift apart. Any body counts, an
//! object or not: the root's type is part of the law.

#![no_main]

use std::sync::LazyLock;

use dswcheck::arbitrary::Sample;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/shared/schema_law.rs"]
mod law;

/// Compiled once per process: compiling the schema costs far more than a run.
static ORACLE: LazyLock<law::Oracle> = LazyLock::new(law::Oracle::new);

fuzz_target!(|sample: Sample| {
    if let Err(disagreement) = ORACLE.check(&sample.to_bytes()) {
        panic!("the decoder and the schema disagree: {disagreement}\n{sample:?}");
    }
});
