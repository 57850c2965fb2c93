//! The laws of diff and normalize.

use dswcheck::{DiffErrorKind, DiffOptions};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value as Json;

use crate::config;
use crate::diff_oracles::{apply_patch, diff_outputs, mirrored, only_hidden, reorder_keyed};
use crate::mutations::{arb_mutated, arb_pair};
use crate::oracles::secret_places;
use crate::strategies::{arb_instance, arb_secret};

/// The parsed body. Every generated body is an object, so unlike the fuzz
/// crate's `instance` (whose values may be anything) this needs no `Option`.
fn instance(value: &Json) -> dswcheck::Report {
    dswcheck::parse(value.to_string().as_bytes())
}

fn diff(old: &Json, new: &Json) -> dswcheck::Diff {
    dswcheck::diff(&instance(old), &instance(new), &DiffOptions::new()).expect("one instance")
}

fn normalize(value: &Json) -> Json {
    dswcheck::normalize(&instance(value), &DiffOptions::new())
}

proptest! {
    #![proptest_config(config(64))]

    /// A body does not differ from itself, nor from itself with its
    /// identity-keyed arrays reordered, and both have one canonical form.
    #[test]
    fn diff_with_itself_and_reordered_is_empty(body in arb_mutated()) {
        let itself = diff(&body, &body);
        prop_assert!(itself.is_empty(), "{:#?}", itself.changes);
        let reordered = reorder_keyed(&body);
        let moved = diff(&body, &reordered);
        prop_assert!(moved.is_empty(), "{:#?}", moved.changes);
        prop_assert_eq!(normalize(&body), normalize(&reordered));
    }

    /// diff refuses snapshots of two different instances.
    #[test]
    fn diff_refuses_two_instances((old, new) in (arb_instance(), arb_instance())) {
        prop_assume!(old["InstanceId"] != new["InstanceId"]);
        let refused = dswcheck::diff(&instance(&old), &instance(&new), &DiffOptions::new());
        let kind = refused.map_err(|e| e.kind().clone());
        prop_assert!(matches!(kind, Err(DiffErrorKind::InstancesDiffer { .. })), "{kind:?}");
    }

    /// diff(old, new) and diff(new, old) mirror each other: added and removed
    /// swap, and so do the old and new pointers and values.
    #[test]
    fn diff_mirrors((old, new) in arb_pair()) {
        let (forward, backward) = mirrored(&diff(&old, &new), &diff(&new, &old));
        prop_assert_eq!(forward, backward);
    }

    /// The diff's JSON Patch turns the old body into the new one, up to what
    /// the diff leaves out: keyed-array order, volatile fields and secrets.
    #[test]
    fn patch_turns_old_into_new((old, new) in arb_pair()) {
        let d = diff(&old, &new);
        let ops = serde_json::to_value(d.patch()).unwrap();
        let mut patched = instance(&old).value().cloned().unwrap();
        let applied = apply_patch(&mut patched, ops.as_array().unwrap());
        prop_assert!(applied.is_ok(), "{applied:?}\n{ops:#}");
        prop_assert_eq!(normalize(&patched), normalize(&new));
    }

    /// Normalizing is idempotent, and a body's canonical form differs from
    /// it only in what redaction hides.
    #[test]
    fn normalize_is_idempotent(body in arb_mutated()) {
        let once = normalize(&body);
        prop_assert_eq!(normalize(&once), once.clone());
        let d = diff(&body, &once);
        prop_assert!(only_hidden(&d.changes), "{:#?}", d.changes);
    }

    /// The diff is empty exactly when the canonical forms are equal, a
    /// changed secret aside (a change that both canonical forms redact).
    #[test]
    fn diff_is_empty_iff_canonical_forms_are_equal((old, new) in arb_pair()) {
        let d = diff(&old, &new);
        let same = normalize(&old) == normalize(&new);
        if d.is_empty() {
            prop_assert!(same);
        }
        if same {
            prop_assert!(only_hidden(&d.changes), "{:#?}", d.changes);
        }
    }

    /// Secrets placed in secret fields of either body appear in no output
    /// format of diff, nor in the canonical form.
    #[test]
    fn secrets_never_reach_diff_output(
        (old, new) in arb_pair(),
        secrets in (arb_secret(), arb_secret()),
        indexes in (any::<Index>(), any::<Index>()),
    ) {
        let (mut old, mut new) = (old, new);
        for (body, secret, index) in [(&mut old, &secrets.0, indexes.0), (&mut new, &secrets.1, indexes.1)] {
            let places = secret_places(body);
            if !places.is_empty() {
                *body.pointer_mut(&places[index.index(places.len())]).unwrap() = Json::String(secret.clone());
            }
        }
        let mut outputs = diff_outputs(&diff(&old, &new));
        outputs.push_str(&serde_json::to_string(&normalize(&old)).unwrap());
        outputs.push_str(&serde_json::to_string(&normalize(&new)).unwrap());
        prop_assert!(!outputs.contains(&secrets.0), "{}", outputs);
        prop_assert!(!outputs.contains(&secrets.1), "{}", outputs);
    }
}
