//! Structured bodies through validate: no data lost, every position at its
//! value, a repeated key reported exactly when there is one, and no secret in
//! any output. Bodies whose root is not an object are not interesting here
//! (`parse_bytes` covers them).

#![no_main]

use dswcheck::arbitrary::Sample;
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|sample: Sample| -> Corpus {
    if !sample.value().is_object() {
        return Corpus::Reject;
    }
    dswcheck_fuzz::check_validate(&sample);
    Corpus::Keep
});
