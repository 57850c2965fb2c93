//! A structured body through normalize and back: the canonical form is
//! idempotent, its bytes are that form, it differs from the body only in
//! redacted secrets, and it shows no secret.

#![no_main]

use dswcheck::arbitrary::Sample;
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|sample: Sample| -> Corpus {
    if !sample.value().is_object() {
        return Corpus::Reject;
    }
    dswcheck_fuzz::check_normalize(sample.value());
    Corpus::Keep
});
