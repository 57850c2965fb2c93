//! The oracle for the compact documents: whatever the bytes, a diff,
//! diagnostics and canonical form read through a [`Snapshot`] are those read
//! through a `Value` ([`dswcheck::read`]), which the rest of the suite tests.

use dswcheck::{DiffOptions, Snapshot};
use proptest::prelude::*;

/// Keys the diff treats specially, and keys written with escapes.
const KEYS: &[&str] = &[
    r#""Datasets""#,
    r#""Labels""#,
    r#""Key""#,
    r#""Value""#,
    r#""DatasetId""#,
    r#""MountPath""#,
    r#""Options""#,
    r#""InstanceId""#,
    r#""RequestId""#,
    r#""GmtCreateTime""#,
    r#""EnvironmentVariables""#,
    r#""HF_TOKEN""#,
    r#""UserVpc""#,
    r#""ExtendedCIDRs""#,
    r#""ForwardInfos""#,
    r#""ForwardPort""#,
    r#""Port""#,
    r#""Code""#,
    r#""Success""#,
    r#""a""#,
    r#""\u0061""#,
    r#""a/b~c""#,
    r#""\"q\"""#,
];

/// Scalars: numbers written several ways, strings with escapes, JSON text, secrets.
const SCALARS: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1",
    "1.0",
    "1E2",
    "1e+2",
    "100",
    "1.5e-3",
    "123456789012345678901234567890",
    r#""""#,
    r#""x""#,
    r#""d-1""#,
    r#""d-2""#,
    r#""\u00e9\ud83d\ude00""#,
    r#""a\nb""#,
    r#""{\"a\":1}""#,
    r#""{\"a\": 1.0, \"b\": [2]}""#,
    r#""dXNlcjpodW50ZXIy""#,
    r#""10.0.0.0/8""#,
    r#""dsw-1""#,
];

fn json() -> impl Strategy<Value = String> {
    let leaf = proptest::sample::select(SCALARS).prop_map(str::to_owned);
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6)
                .prop_map(|items| format!("[{}]", items.join(","))),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..6).prop_map(
                |members| {
                    let members: Vec<String> =
                        members.iter().map(|(k, v)| format!("{k} : {v}")).collect();
                    format!("{{ {} }}", members.join(", "))
                }
            ),
        ]
    })
}

/// A body: mostly an object, sometimes with a byte order mark, sometimes cut short or damaged.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let root = prop_oneof![
        8 => proptest::collection::vec((proptest::sample::select(KEYS), json()), 0..8).prop_map(
            |members| {
                let members: Vec<String> =
                    members.iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("{{{}}}", members.join(",\n"))
            }
        ),
        1 => json(),
    ];
    (
        root,
        any::<bool>(),
        proptest::option::weighted(0.1, any::<prop::sample::Index>()),
        proptest::option::weighted(0.05, any::<(prop::sample::Index, u8)>()),
    )
        .prop_map(|(text, bom, cut, damage)| {
            let mut bytes = Vec::new();
            if bom {
                bytes.extend_from_slice(b"\xEF\xBB\xBF");
            }
            bytes.extend_from_slice(text.as_bytes());
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            if let Some((at, byte)) = damage {
                if !bytes.is_empty() {
                    let at = at.index(bytes.len());
                    bytes[at] = byte;
                }
            }
            bytes
        })
}

fn options() -> impl Strategy<Value = DiffOptions> {
    let patterns = proptest::sample::select(
        &["/Datasets/*/Options", "/Labels/0", "/a", "/InstanceId", ""][..],
    );
    (any::<bool>(), proptest::collection::vec(patterns, 0..2)).prop_map(|(volatile, ignore)| {
        ignore.into_iter().fold(
            DiffOptions::new().should_include_volatile(volatile),
            DiffOptions::with_ignored,
        )
    })
}

/// A diagnostic's severity, code, pointer, position and message.
fn said(
    diagnostics: &[dswcheck::Diagnostic],
) -> Vec<(dswcheck::Severity, dswcheck::Code, &str, u32, u32, &str)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d.severity,
                d.code,
                d.pointer.as_str(),
                d.line,
                d.column,
                d.message.as_str(),
            )
        })
        .collect()
}

fn agree(old: &[u8], new: &[u8], options: &DiffOptions) -> Result<(), TestCaseError> {
    let (old_report, new_report) = (dswcheck::read(old), dswcheck::read(new));
    let (old_snapshot, new_snapshot) = (Snapshot::read(old.to_vec()), Snapshot::read(new.to_vec()));
    // Everything the readers say; a Snapshot has no fingerprints (only
    // validate's reports feed baselines and SARIF), so those are left out.
    prop_assert_eq!(
        said(old_snapshot.diagnostics()),
        said(old_report.diagnostics())
    );
    prop_assert_eq!(
        old_snapshot.is_object(),
        old_report.value().is_some_and(serde_json::Value::is_object)
    );
    prop_assert_eq!(
        dswcheck::normalize_snapshot(&old_snapshot, options),
        dswcheck::normalize(&old_report, options)
    );
    let by_value = dswcheck::diff(&old_report, &new_report, options);
    prop_assert_eq!(
        &dswcheck::diff_snapshots(&old_snapshot, &new_snapshot, options),
        &by_value
    );
    prop_assert_eq!(&dswcheck::diff_slices(old, new, options), &by_value);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn snapshots_and_values_agree(old in body(), new in body(), options in options()) {
        agree(&old, &new, &options)?;
        agree(&old, &old, &options)?;
    }
}

#[test]
fn fixture_pairs_agree() {
    for (name, old, new) in super::pairs() {
        let (old, new) = (std::fs::read(old).unwrap(), std::fs::read(new).unwrap());
        for options in [
            DiffOptions::new(),
            DiffOptions::new().should_include_volatile(true),
        ] {
            if let Err(e) = agree(&old, &new, &options) {
                panic!("{name}: {e}");
            }
        }
    }
}

#[test]
fn repeated_keys_keep_the_last_value_in_the_first_place() {
    let old = br#"{"InstanceId": "dsw-1", "Labels": [{"Key": "a", "Value": "1", "Key": "b"}],
        "Datasets": {"x": [1, 2, {"y": 3}]}, "Status": "Running", "Datasets": [{"DatasetId": "d-1"}]}"#;
    let new = br#"{"InstanceId": "dsw-1", "Labels": [{"Key": "b", "Value": "2"}],
        "Datasets": [{"DatasetId": "d-1", "Uri": "u"}]}"#;
    agree(old, new, &DiffOptions::new()).unwrap();
    // Past the scanned size, repeated keys are found by hash.
    let many: Vec<String> = (0..40).map(|i| format!("\"k{}\": {i}", i % 25)).collect();
    let body = format!("{{{}}}", many.join(","));
    agree(body.as_bytes(), br#"{"k3": 28}"#, &DiffOptions::new()).unwrap();
}
