//! Two structured bodies of one instance through diff and normalize: the
//! diff laws (self, reorder, mirror, patch, canonical forms, secrets) as
//! assertions, not only "no panic".

#![no_main]

use dswcheck::arbitrary::Sample;
use libfuzzer_sys::{Corpus, fuzz_target};

fuzz_target!(|pair: (Sample, Sample)| -> Corpus {
    let (old, new) = pair;
    if !old.value().is_object() || !new.value().is_object() {
        return Corpus::Reject;
    }
    dswcheck_fuzz::check_pair(old.value(), new.value());
    Corpus::Keep
});
