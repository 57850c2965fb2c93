//! The laws the fuzz targets check, shared by the targets.
//!
//! Each `check_*` function panics with an explanatory message when a law
//! fails, which libFuzzer reports as a crash with the input that broke it.

use dswcheck::arbitrary::{Rendered, Sample};
use dswcheck::model::Instance;
use dswcheck::{Code, DiffOptions, Renderer, Report, Source};
use serde_json::Value;

// Shared with the property tests (tests/properties.rs): the two crates
// cannot depend on each other, so both include the one file.
#[path = "../../tests/shared/diff_oracles.rs"]
mod diff_oracles;

pub use diff_oracles::{apply_patch, reorder_keyed};
use diff_oracles::{diff_outputs, mirrored, only_hidden};

/// What the secret fields of a checked body hold: a string no output has by
/// chance, so any appearance of it in an output is a leak.
pub const CANARY: &str = "Canary5ecret9f3a7c";

/// The canary of the second body of a pair, so a changed secret is a change.
pub const CANARY_NEW: &str = "Canary5ecretNew41d2";

/// What a secret number becomes: a number no output has by chance.
pub const CANARY_NUMBER: u64 = 918_273_645_546_372;

/// `value` with every secret (by [`dswcheck::is_secret_path`]) replaced: strings
/// by `canary`, numbers by [`CANARY_NUMBER`], inside containers too.
///
/// The property tests do not share this: they put one generated secret at
/// one chosen place (their `secret_places`), while here every secret of the
/// fuzzer's body is watched.
#[must_use]
pub fn with_canaries(value: &Value, canary: &str) -> Value {
    fn fill(value: &mut Value, canary: &str) {
        match value {
            Value::String(s) => canary.clone_into(s),
            Value::Number(n) => *n = CANARY_NUMBER.into(),
            Value::Array(items) => items.iter_mut().for_each(|v| fill(v, canary)),
            Value::Object(map) => map.values_mut().for_each(|v| fill(v, canary)),
            Value::Null | Value::Bool(_) => {}
        }
    }
    fn walk(value: &mut Value, path: &mut Vec<String>, canary: &str) {
        if !path.is_empty() && dswcheck::is_secret_path(path) {
            return fill(value, canary);
        }
        match value {
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    path.push(i.to_string());
                    walk(v, path, canary);
                    path.pop();
                }
            }
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    path.push(k.clone());
                    walk(v, path, canary);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = value.clone();
    walk(&mut out, &mut Vec::new(), canary);
    out
}

/// The same sample with its secrets replaced by [`CANARY`], layout and quirks kept.
#[must_use]
pub fn canaried(sample: &Sample) -> Sample {
    let mut out =
        Sample::from_value(with_canaries(sample.value(), CANARY)).with_layout(sample.layout());
    for quirk in sample.quirks() {
        out = out.with_quirk(*quirk);
    }
    out
}

fn canaries() -> [String; 3] {
    [
        CANARY.to_owned(),
        CANARY_NEW.to_owned(),
        CANARY_NUMBER.to_string(),
    ]
}

/// Whether `value` holds a canary outside the secrets: the fuzzer learns the
/// canaries from comparisons and writes them into keys and other fields,
/// where showing them is no leak.
#[must_use]
pub fn mentions_canary(value: &Value) -> bool {
    let text = value.to_string();
    canaries().iter().any(|c| text.contains(c.as_str()))
}

/// Asserts that no canary appears in `output`, naming what leaked where.
pub fn assert_no_canary(output: &str, what: &str) {
    for canary in canaries() {
        assert!(
            !output.contains(&canary),
            "a secret leaked into the {what}:\n{output}"
        );
    }
}

/// Every output format of validate for one body, concatenated.
///
/// Not shared with the property tests' `validate_outputs`, which differs: it
/// takes the bytes, leaves out the coloured text and adds each diagnostic's
/// JSON. Making the two one would change what one of the secret laws checks.
#[must_use]
pub fn validate_outputs(report: &Report) -> String {
    let mut all = Renderer::new().text(Source::Document("body.json"), report);
    all.push_str(
        &Renderer::new()
            .should_color(true)
            .text(Source::Document("body.json"), report),
    );
    all.push_str(&Renderer::new().json(Source::Document("body.json"), report));
    for d in report.diagnostics() {
        all.push_str(&format!("{d}\n{d:?}\n"));
    }
    all
}

/// The laws of validate over one structured sample: the instance gives
/// back the sample's data, every position points at its value (its key for
/// a duplicate key), and no secret reaches any output.
pub fn check_validate(sample: &Sample) {
    let watch = !mentions_canary(sample.value());
    let sample = &if watch {
        canaried(sample)
    } else {
        sample.clone()
    };
    let rendered: Rendered = sample.render();
    let report = dswcheck::validate(rendered.bytes());
    let parsed = dswcheck::parse(rendered.bytes());
    assert_eq!(
        parsed.instance(),
        report.instance(),
        "parse and validate decode differently"
    );
    match report.instance() {
        Some(instance) => assert_eq!(
            &to_value(instance),
            sample.value(),
            "the instance does not give back the input"
        ),
        None => assert!(!sample.value().is_object(), "an object gave no instance"),
    }
    let mut repeats = 0;
    for d in report.diagnostics() {
        let at = (d.line, d.column);
        match d.code {
            Code::JsonBom => assert_eq!(at, (1, 1), "{d} is not at the start"),
            // Each repetition of a key is reported at that repetition.
            Code::JsonDuplicateKey => {
                repeats += 1;
                let all = rendered.key_positions(d.pointer.as_str());
                assert!(
                    all.len() > 1 && all[1..].contains(&at),
                    "{d} is not at a repeated key: {all:?}"
                );
            }
            _ => assert_eq!(
                Some(at),
                rendered.value_position(d.pointer.as_str()),
                "{d} is not at its value"
            ),
        }
    }
    assert_eq!(
        repeats,
        rendered.repeated_keys(),
        "not every repeated key is reported once"
    );
    if watch {
        assert_no_canary(&validate_outputs(&report), "validate output");
    }
}

fn to_value(instance: &Instance) -> Value {
    serde_json::to_value(instance).expect("an instance serializes")
}

/// The parsed snapshot of a JSON value, if it is an object.
///
/// Not the property tests' `instance`: their bodies are always objects, the
/// fuzzer's values are not.
#[must_use]
pub fn instance(value: &Value) -> Option<Report> {
    let bytes = serde_json::to_vec(value).expect("a value serializes");
    let report = dswcheck::parse(&bytes);
    report
        .value()
        .is_some_and(Value::is_object)
        .then_some(report)
}

/// Whether `validate` calls the body an API error response, which the diff refuses.
fn is_api_error(value: &Value) -> bool {
    let bytes = serde_json::to_vec(value).expect("a value serializes");
    dswcheck::validate(&bytes)
        .diagnostics()
        .iter()
        .any(|d| d.code == Code::ResponseApiError)
}

fn instance_id(report: &Report) -> Option<&String> {
    report.instance().and_then(|i| i.instance_id.as_ref())
}

/// The laws of diff and normalize over two bodies: diff refuses bodies of
/// two different instances and API error bodies, and for one instance (the new body is given the
/// old one's `InstanceId`), a body does not differ from itself nor from itself with keyed arrays
/// reordered, the two directions mirror each other, the patch turns the old
/// body into the new one (keyed-array order, volatile fields and secrets
/// aside), the diff is empty exactly when the canonical forms are equal (a
/// changed secret aside: it is a change, and both forms redact it), and no
/// secret reaches any output.
pub fn check_pair(old: &Value, new: &Value) {
    let watch = !mentions_canary(old) && !mentions_canary(new);
    let old = with_canaries(old, CANARY);
    let mut new = with_canaries(new, CANARY_NEW);
    let api_error = is_api_error(&old) || is_api_error(&new);
    if let (Some(a), Some(b)) = (instance(&old), instance(&new)) {
        let differ = matches!((instance_id(&a), instance_id(&b)), (Some(x), Some(y)) if x != y);
        let refused = dswcheck::diff(&a, &b, &DiffOptions::new()).is_err();
        assert_eq!(
            refused,
            differ || api_error,
            "diff refuses exactly two different InstanceIds and API error bodies"
        );
    }
    if api_error {
        return;
    }
    // Snapshots of different instances are refused; the laws are about one instance.
    if let (Some(id), Some(map)) = (old.get("InstanceId"), new.as_object_mut()) {
        map.insert("InstanceId".into(), id.clone());
    } else if let Some(map) = new.as_object_mut() {
        map.shift_remove("InstanceId");
    }
    let (Some(a), Some(b)) = (instance(&old), instance(&new)) else {
        return;
    };
    let options = DiffOptions::new();
    // The compact documents the command reads give the diff the Values give.
    let bytes = |v: &Value| serde_json::to_vec(v).expect("a value serializes");
    assert_eq!(
        dswcheck::diff_slices(&bytes(&old), &bytes(&new), &options),
        dswcheck::diff(&a, &b, &options),
        "diff_slices and diff disagree"
    );
    for (x, value) in [(&a, &old), (&b, &new)] {
        let itself = dswcheck::diff(x, x, &options).expect("a body is its own instance");
        assert!(itself.is_empty(), "a body differs from itself: {itself:#?}");
        let reordered = instance(&reorder_keyed(value)).expect("still an object");
        let moved = dswcheck::diff(x, &reordered, &options).expect("same instance");
        assert!(
            moved.is_empty(),
            "reordering keyed arrays is a change: {moved:#?}"
        );
        assert_eq!(
            dswcheck::normalize(x, &options),
            dswcheck::normalize(&reordered, &options),
            "reordering keyed arrays changes the canonical form"
        );
    }

    let ab = dswcheck::diff(&a, &b, &options).expect("same instance");
    let ba = dswcheck::diff(&b, &a, &options).expect("same instance");
    let (forward, backward) = mirrored(&ab, &ba);
    assert_eq!(
        forward, backward,
        "diff(old, new) and diff(new, old) do not mirror"
    );

    let ops = serde_json::to_value(ab.patch()).expect("a patch serializes");
    let ops = ops.as_array().expect("a patch is an array");
    let mut patched = a.value().cloned().expect("an object");
    if let Err(e) = apply_patch(&mut patched, ops) {
        panic!("the patch does not apply: {e}\npatch: {ops:#?}");
    }
    let patched = instance(&patched).expect("the patch keeps an object");
    let (canonical_a, canonical_b) = (
        dswcheck::normalize(&a, &options),
        dswcheck::normalize(&b, &options),
    );
    assert_eq!(
        dswcheck::normalize(&patched, &options),
        canonical_b,
        "the patch does not turn old into new"
    );

    let same = canonical_a == canonical_b;
    if ab.is_empty() {
        assert!(same, "no changes, yet the canonical forms differ");
    }
    if same {
        assert!(
            only_hidden(&ab.changes),
            "equal canonical forms, yet visible changes: {:#?}",
            ab.changes
        );
    }

    let outputs = diff_outputs(&ab);
    if watch {
        assert_no_canary(&outputs, "diff output");
    }
}

/// The laws of normalize over one body: the canonical form is idempotent,
/// its bytes are that form, it differs from the body only in secrets, and it
/// shows no secret.
pub fn check_normalize(value: &Value) {
    let watch = !mentions_canary(value);
    let value = with_canaries(value, CANARY);
    let Some(a) = instance(&value) else {
        return;
    };
    let options = DiffOptions::new();
    let canonical = dswcheck::normalize(&a, &options);
    let bytes = dswcheck::normalize_to_vec(&a, &options);
    let text = String::from_utf8(bytes).expect("the canonical form is UTF-8");
    assert_eq!(
        serde_json::from_str::<Value>(&text).expect("the canonical form is JSON"),
        canonical,
        "normalize_to_vec is not normalize"
    );
    if watch {
        assert_no_canary(&text, "canonical form");
    }
    let again = instance(&canonical).expect("the canonical form is an object");
    assert_eq!(
        dswcheck::normalize(&again, &options),
        canonical,
        "normalize is not idempotent"
    );
    if is_api_error(&value) {
        // The diff refuses error bodies; the canonical form's laws above still hold.
        return;
    }
    let diff = dswcheck::diff(&a, &again, &options).expect("same instance");
    assert!(
        only_hidden(&diff.changes),
        "the canonical form differs from the body beyond secrets: {:#?}",
        diff.changes
    );
}
